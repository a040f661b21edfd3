// cleanlab 1.x semantics (Legacy1x): hand-derived answers on small inputs where 1.x and 2.x
// differ (the derivations are in tests/c/test_v1.c), the selection helper against sorting, and
// thread-count independence of get_noise_indices on a large input.
import Testing
@testable import CleanlabCore

@Suite("cleanlab 1.x semantics")
struct V1Tests {
    /// Dataset A of tests/c/test_v1.c.
    static func datasetA(_ dtype: OwnedMatrix.DType = .float64) -> (OwnedMatrix, OwnedLabels) {
        var v = [Double]()
        for _ in 0..<4 { v += [0.9, 0.1] }
        v += [0.3, 0.7, 0.25, 0.75, 0.3, 0.7]
        for _ in 0..<5 { v += [0.2, 0.8] }
        v += [0.6, 0.4, 0.6, 0.4]
        return (OwnedMatrix(dtype: dtype, n: 14, k: 2, values: v), OwnedLabels([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]))
    }

    static func flagged(_ mask: [Bool]) -> [Int] { mask.indices.filter { mask[$0] } }

    @Test("prune rules: ties at the noise-rate cut all flagged, strict < by class",
          arguments: [OwnedMatrix.DType.float64, .float32])
    func pruneRules(dtype: OwnedMatrix.DType) throws {
        let (m, l) = Self.datasetA(dtype)
        var o = NoiseIndicesOptions1x()
        var r = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o)
        #expect(Self.flagged(r.mask) == [4, 5, 6])
        o.pruneMethod = .pruneByClass
        r = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o)
        #expect(Self.flagged(r.mask) == [5])
        o.pruneMethod = .both
        o.sortedIndexMethod = .normalizedMargin
        r = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o)
        #expect(r.sorted == [5])
        o.pruneMethod = .pruneByNoiseRate
        o.sortedIndexMethod = .probGivenLabel
        r = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o)
        #expect(r.sorted == [5, 4, 6])
    }

    @Test("confident joint: 1.x keeps a zero diagonal; calibration; floor in num_label_errors")
    func confidentJoint() throws {
        let c = OwnedMatrix(dtype: .float64, n: 6, k: 2, values: [0.55, 0.45, 0.55, 0.45, 0.55, 0.45, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4])
        let lc = OwnedLabels([0, 0, 0, 1, 1, 1])
        let raw = try Legacy1x.computeConfidentJoint(c.predProbs, labels: lc.int64, calibrate: false)
        #expect(raw.counts == [3, 0, 3, 0])
        #expect(raw.numOffDiagonal == 3)
        let (a, la) = Self.datasetA()
        #expect(try Legacy1x.computeConfidentJoint(a.predProbs, labels: la.int64).counts == [4, 3, 0, 7])
        let labels15 = OwnedLabels([Int](repeating: 0, count: 15))
        #expect(try Legacy1x.numLabelErrors(nil, labels: labels15.int64, confidentJoint: [7, 1, 2, 5], k: 2) == 2)
        #expect(try Legacy1x.keepAtLeastNPerClass([4, 0, 3, 7], k: 2, n: 5) == [5, 0, 2, 7])
        #expect(try Legacy1x.reducePruneCounts([5, 0, 2, 7], k: 2, fracNoise: 0.5) == [6, 0, 1, 7])
    }

    @Test("missing class, bad options: clear errors")
    func errors() throws {
        let (a, _) = Self.datasetA()
        let oneClass = OwnedLabels([Int](repeating: 1, count: 14))
        #expect(throws: CleanlabError.self) { try Legacy1x.getNoiseIndices(a.predProbs, labels: oneClass.int64) }
        do {
            _ = try Legacy1x.getNoiseIndices(a.predProbs, labels: oneClass.int64)
        } catch {
            #expect(error.code == .labelRange)
            #expect(error.message.contains("class 0 does not occur"))
        }
        var o = NoiseIndicesOptions1x()
        o.fracNoise = 0
        let (_, la) = Self.datasetA()
        #expect(throws: CleanlabError.self) { try Legacy1x.getNoiseIndices(a.predProbs, labels: la.int64, options: o) }
    }

    @Test("selectKth equals sorting, with many ties")
    func selectKth() {
        var rng = SplitMix64(seed: 3)
        for trial in 0..<200 {
            let n = 1 + trial % 37
            let values = (0..<n).map { _ in Double(rng.next() % UInt64(1 + trial % 5)) }
            let sorted = values.sorted()
            for kth in 0..<n {
                var copy = values
                let v = copy.withUnsafeMutableBufferPointer { CleanlabCore.selectKth($0.baseAddress!, count: n, kth: kth) }
                #expect(v == sorted[kth])
            }
        }
    }

    @Test("results do not depend on the thread count")
    func threadIndependence() throws {
        let (m, l) = makeProblem(n: 60_000, k: 12, seed: 17, quantum: 0.01)
        for method in PruneMethod1x.allCases {
            var o = NoiseIndicesOptions1x()
            o.pruneMethod = method
            o.sortedIndexMethod = .normalizedMargin
            let one = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o, threads: 1)
            let four = try Legacy1x.getNoiseIndices(m.predProbs, labels: l.int64, options: o, threads: 4)
            #expect(one.mask == four.mask)
            #expect(one.sorted == four.sorted)
            #expect(!(one.sorted ?? []).isEmpty)
        }
    }
}
