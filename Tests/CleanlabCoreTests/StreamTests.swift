// Exact streaming: LabelIssueStream fed in blocks of every size gives bit-identical answers to
// the in-memory functions (find_label_issues for every filter_by, quality scores, num_label_issues,
// thresholds), for every dtype and thread count; protocol mistakes give errors, never traps.
import Foundation
import Testing
@testable import CleanlabCore

/// Rows `r` of a matrix, as a block.
func slice(_ p: PredProbs, _ r: Range<Int>) -> PredProbs {
    switch p {
    case .float16(let m): return .float16(ProbabilityMatrix(base: m.row(r.lowerBound), rows: r.count, columns: m.columns, rowStride: m.rowStride))
    case .float32(let m): return .float32(ProbabilityMatrix(base: m.row(r.lowerBound), rows: r.count, columns: m.columns, rowStride: m.rowStride))
    case .float64(let m): return .float64(ProbabilityMatrix(base: m.row(r.lowerBound), rows: r.count, columns: m.columns, rowStride: m.rowStride))
    }
}

struct StreamAnswer: Equatable {
    var mask: [Bool] = []
    var ranked: [Int]? = nil
    var scores: [UInt64] = []
    var numIssues: [Int] = []
    var thresholds: [UInt64] = []
    var error: Int32? = nil
}

/// Runs a stream over `m` in blocks of `block` rows (the last one shorter). `streamLabels`:
/// create the stream without labels and feed them with the blocks (in every pass).
func streamAnswer(_ m: OwnedMatrix, _ y: LabelView, _ o: StreamOptions, block: Int, streamLabels: Bool = false) -> StreamAnswer {
    var a = StreamAnswer()
    do {
        let s = streamLabels ? try LabelIssueStream(classes: m.k, options: o) : try LabelIssueStream(labels: y, classes: m.k, options: o)
        let p = m.predProbs
        var passes = 0
        while try s.beginPass() {
            passes += 1
            var start = 0
            while start < m.n {
                let end = Swift.min(start + block, m.n)
                let labels = LabelView(int64: y64(y) + start, count: end - start)
                try s.feed(slice(p, start..<end), labels: streamLabels ? labels : nil, firstRow: start)
                if streamLabels && s.passesDone == 1 {
                    // pass 2: the scores of the rows fed so far are available
                    if o.qualityMethod != nil {
                        var part = [Double](repeating: 0, count: end)
                        try part.withUnsafeMutableBufferPointer { b in try s.qualityScores(range: 0..<end, into: b) }
                    }
                }
                start = end
            }
            try s.endPass()
        }
        #expect(passes == s.passCount)
        let r = try s.result()
        a.mask = r.mask
        a.ranked = r.ranked
        #expect(r.count == r.mask.filter { $0 }.count)
        if o.qualityMethod != nil { a.scores = try s.qualityScores().map { $0.bitPattern } }
        a.thresholds = try s.confidentThresholds().map { $0.bitPattern }
        for method in EstimationMethod.allCases {
            do {
                a.numIssues.append(try s.numLabelIssues(method: method, confidentJoint: method == .offDiagonalCustom ? customJoint(m.k) : nil))
            } catch { a.numIssues.append(-Int(error.code.rawValue)) }
        }
    } catch {
        a.error = (error as? CleanlabError)?.code.rawValue ?? -1
    }
    return a
}

/// The int64 storage of a label view made by OwnedLabels.int64.
func y64(_ y: LabelView) -> UnsafePointer<Int64> {
    y.raw.assumingMemoryBound(to: Int64.self)
}

func customJoint(_ k: Int) -> [Double] {
    (0..<(k * k)).map { e in e / k == e % k ? 50 : Double((e * 7) % 5) }
}

/// The same answers from the in-memory functions.
func memoryAnswer(_ m: OwnedMatrix, _ y: LabelView, _ o: StreamOptions) -> StreamAnswer {
    var a = StreamAnswer()
    let p = m.predProbs
    do {
        let r = try Cleanlab.findLabelIssues(p, labels: y, options: o.filter, threads: o.threads)
        a.mask = r.mask
        a.ranked = r.rankedIndices
        if let q = o.qualityMethod {
            a.scores = try Cleanlab.labelQualityScores(p, labels: y, method: q, adjustPredProbs: o.qualityAdjustPredProbs, threads: o.threads).map { $0.bitPattern }
        }
        a.thresholds = try Cleanlab.confidentThresholds(p, labels: y).map { $0.bitPattern }
        for method in EstimationMethod.allCases {
            do {
                a.numIssues.append(try Cleanlab.numLabelIssues(p, labels: y, method: method, confidentJoint: method == .offDiagonalCustom ? customJoint(m.k) : nil))
            } catch { a.numIssues.append(-Int(error.code.rawValue)) }
        }
    } catch {
        a.error = error.code.rawValue
    }
    return a
}

/// Filter variants covering every filter_by, ranking, adjust, frac_noise, num_to_remove_per_class,
/// min_examples_per_class and a user confident joint.
func streamVariants(k: Int) -> [StreamOptions] {
    var out = [StreamOptions]()
    for (i, f) in FilterBy.allCases.enumerated() {
        var o = StreamOptions()
        o.filter.filterBy = f
        o.filter.rankBy = RankBy.allCases[i % 3]
        o.qualityMethod = RankBy.allCases[(i + 1) % 3]
        out.append(o)
    }
    var o = StreamOptions()
    o.filter.fracNoise = 0.5
    o.filter.rankBy = .normalizedMargin
    o.filter.rankAdjustPredProbs = true
    o.qualityMethod = .selfConfidence
    o.qualityAdjustPredProbs = true
    out.append(o)
    o = StreamOptions()
    o.filter.filterBy = .both
    o.filter.minExamplesPerClass = 5
    o.filter.numToRemovePerClass = (0..<k).map { $0 % 3 }
    out.append(o)
    o = StreamOptions()
    o.filter.filterBy = .pruneByClass
    o.filter.confidentJoint = customJoint(k)
    o.filter.rankBy = .selfConfidence
    out.append(o)
    o = StreamOptions()
    o.filter.filterBy = .lowSelfConfidence
    o.filter.rankBy = .selfConfidence
    o.qualityMethod = .normalizedMargin
    o.qualityAdjustPredProbs = true
    out.append(o)
    return out
}

func convert(_ m: OwnedMatrix, to dtype: OwnedMatrix.DType, stride: Int? = nil) -> OwnedMatrix {
    var v = [Double](repeating: 0, count: m.n * m.k)
    for i in 0..<m.n { for j in 0..<m.k { v[i * m.k + j] = m[i, j] } }
    return OwnedMatrix(dtype: dtype, n: m.n, k: m.k, values: v, stride: stride)
}

@Suite("Exact streaming")
struct StreamTests {
    func compare(_ m: OwnedMatrix, _ l: OwnedLabels, blocks: [Int], threads: [Int], name: String) {
        for var o in streamVariants(k: m.k) {
            for t in threads {
                o.threads = t
                let want = memoryAnswer(m, l.int64, o)
                #expect(want.error == nil, "\(name): in-memory run failed")
                for b in blocks {
                    let got = streamAnswer(m, b % 2 == 0 ? l.int64 : l.int32, o, block: b)
                    let same = got == want
                    if b == 1 { continue }
                    let streamed = streamAnswer(m, l.int64, o, block: b, streamLabels: true)
                    let same2 = streamed == want
                    #expect(same2, "\(name): labels streamed with the blocks, filter \(o.filter.filterBy), block \(b), threads \(t)")
                    #expect(same, "\(name): filter \(o.filter.filterBy), rank \(String(describing: o.filter.rankBy)), block \(b), threads \(t): streaming differs from in-memory")
                }
            }
        }
    }

    @Test("every filter_by x dtype x block size (1, 7, 1000, n) x threads (1, 3) x labels given / streamed equals in-memory")
    func smallAllDtypes() {
        let (m32, l) = makeProblem(n: 450, k: 5, seed: 11, flip: 0.2, signal: 2.5)
        for dtype in OwnedMatrix.DType.allCases {
            let m = convert(m32, to: dtype, stride: dtype == .float64 ? 7 : nil)
            compare(m, l, blocks: [1, 7, 1000, m.n], threads: [1, 3], name: "450x5 \(dtype)")
        }
    }

    @Test("missing classes and tie-heavy quantised probabilities, K = 2 and K = 40")
    func edgeShapes() {
        let (a, la) = makeProblem(n: 900, k: 40, seed: 12, flip: 0.3, signal: 3, missing: [3, 39], quantum: 1.0 / 64)
        compare(a, la, blocks: [13, 900], threads: [1, 2], name: "900x40 missing+ties")
        let (b, lb) = makeProblem(n: 500, k: 2, seed: 13, flip: 0.25, signal: 1.5, quantum: 1.0 / 32)
        compare(convert(b, to: .float16), lb, blocks: [1, 64, 500], threads: [1], name: "500x2 float16 ties")
    }

    @Test("larger input: 60 000 x 10 float32 (pairwise sums over > 128 elements per class), blocks 997 / 4096 / n, threads 1 / 2")
    func larger() {
        let (m, l) = makeProblem(n: 60_000, k: 10, seed: 14, flip: 0.15, signal: 3)
        var variants = streamVariants(k: 10)
        variants = [variants[0], variants[3], variants[6], variants[7]]
        for var o in variants {
            for t in [1, 2] {
                o.threads = t
                let want = memoryAnswer(m, l.int64, o)
                for b in [997, 4096, m.n] {
                    let got = streamAnswer(m, l.int64, o, block: b)
                    let same = got == want
                    #expect(same, "filter \(o.filter.filterBy) block \(b) threads \(t)")
                }
            }
        }
    }

    @Test("errors: labels, options, protocol misuse (recoverable) and bad data (fatal)")
    func errors() throws {
        let (m, l) = makeProblem(n: 100, k: 4, seed: 15)
        let p = m.predProbs
        func code(_ body: () throws -> Void) -> CleanlabError.Code? {
            do { try body(); return nil } catch { return (error as? CleanlabError)?.code ?? .internal }
        }
        // creation
        #expect(code { _ = try LabelIssueStream(labels: l.int64, classes: 1) } == .shape)
        #expect(code { _ = try LabelIssueStream(labels: l.int64(count: 0), classes: 4) } == .shape)
        let bad = OwnedLabels([0, 1, 5])
        #expect(code { _ = try LabelIssueStream(labels: bad.int64, classes: 4) } == .labelRange)
        let neg = OwnedLabels([0, -1, 1])
        #expect(code { _ = try LabelIssueStream(labels: neg.int64, classes: 4) } == .labelRange)
        let ones = OwnedLabels([1, 1, 1])
        var o = StreamOptions()
        #expect(code { _ = try LabelIssueStream(labels: ones.int64, classes: 4, options: o) } == .tooFewClasses)
        let zeros = OwnedLabels([0, 0, 0])
        #expect(code { _ = try LabelIssueStream(labels: zeros.int64, classes: 4, options: o) } == nil)
        o.filter.filterBy = .lowSelfConfidence
        #expect(code { _ = try LabelIssueStream(labels: zeros.int64, classes: 4, options: o) } == .tooFewClasses)
        o.filter.numToRemovePerClass = [1, 1, 1, 1]
        #expect(code { _ = try LabelIssueStream(labels: l.int64, classes: 4, options: o) } == .invalidArgument)
        o = StreamOptions()
        o.qualityMethod = .confidenceWeightedEntropy
        o.qualityAdjustPredProbs = true
        #expect(code { _ = try LabelIssueStream(labels: l.int64, classes: 4, options: o) } == .invalidArgument)
        o = StreamOptions()
        o.filter.fracNoise = 0
        #expect(code { _ = try LabelIssueStream(labels: l.int64, classes: 4, options: o) } == .invalidArgument)

        // protocol misuse leaves the stream usable
        let s = try LabelIssueStream(labels: l.int64, classes: 4)
        #expect(s.passCount == 3)
        #expect(code { try s.feed(slice(p, 0..<10), firstRow: 0) } == .invalidArgument)   // no pass
        #expect(code { try s.endPass() } == .invalidArgument)
        #expect(code { _ = try s.result() } == .invalidArgument)
        #expect(code { _ = try s.confidentThresholds() } == .invalidArgument)
        #expect(try s.beginPass())
        #expect(code { _ = try s.beginPass() } == .invalidArgument)   // already in a pass
        #expect(code { try s.feed(slice(p, 10..<20), firstRow: 10) } == .shape)   // gap
        try s.feed(slice(p, 0..<10), firstRow: 0)
        #expect(code { try s.feed(slice(p, 5..<20), firstRow: 5) } == .shape)   // overlap
        #expect(code { try s.feed(slice(p, 10..<110 - 10), firstRow: 95) } == .shape)   // past the end / gap
        #expect(code { try s.endPass() } == .shape)   // missing rows
        let narrow = convert(m, to: .float32)
        let wrongK = OwnedMatrix(dtype: .float32, n: 10, k: 3, values: [Double](repeating: 0.3, count: 30))
        #expect(code { try s.feed(wrongK.predProbs, firstRow: 10) } == .shape)
        let f64 = convert(m, to: .float64)
        #expect(code { try s.feed(slice(f64.predProbs, 10..<20), firstRow: 10) } == .dtype)
        try s.feed(slice(narrow.predProbs, 10..<100), firstRow: 10)
        try s.endPass()
        #expect(try s.confidentThresholds() == (try Cleanlab.confidentThresholds(p, labels: l.int64)))
        #expect(code { _ = try s.qualityScores() } == .invalidArgument)
        while try s.beginPass() { try s.feed(p, firstRow: 0); try s.endPass() }
        #expect(try s.beginPass() == false)
        #expect(code { try s.feed(p, firstRow: 0) } == .invalidArgument)
        #expect(try s.result().mask == (try Cleanlab.findLabelIssues(p, labels: l.int64)).mask)
        var small = [UInt8](repeating: 0, count: 10)
        #expect(code { try small.withUnsafeMutableBufferPointer { b in _ = try s.result(mask: b) } } == .bufferTooSmall)
        #expect(code { _ = try s.numLabelIssues(method: .offDiagonalCustom) } == .invalidArgument)

        // bad data is fatal
        for (value, expected) in [(Double.nan, CleanlabError.Code.notFinite), (Double.infinity, .notFinite), (1.5, .probabilityRange), (-0.1, .probabilityRange)] {
            let d = convert(m, to: .float64)
            d.set(57, 2, value)
            let t = try LabelIssueStream(labels: l.int64, classes: 4)
            _ = try t.beginPass()
            try t.feed(slice(d.predProbs, 0..<50), firstRow: 0)
            var err: CleanlabError? = nil
            do { try t.feed(slice(d.predProbs, 50..<100), firstRow: 50) } catch { err = error }
            #expect(err?.code == expected)
            #expect(err?.message.contains("pred_probs[57, 2]") == true, "\(String(describing: err))")
            #expect(code { try t.endPass() } == expected)   // the stream stays failed
            #expect(code { _ = try t.result() } == expected)
        }
        // streamed labels: required in pass 1, range-checked, counted at the end of pass 1, and
        // checked against the stored ones later
        let z = try LabelIssueStream(classes: 4)
        _ = try z.beginPass()
        #expect(code { try z.feed(slice(p, 0..<10), firstRow: 0) } == .nullPointer)
        #expect(code { try z.feed(slice(p, 0..<3), labels: bad.int64, firstRow: 0) } == .labelRange)
        #expect(code { try z.feed(slice(p, 0..<2), labels: bad.int64, firstRow: 0) } == .shape)
        try z.feed(slice(p, 0..<100), labels: l.int64, firstRow: 0)
        try z.endPass()
        #expect(z.n == 100)
        _ = try z.beginPass()
        let shifted = OwnedLabels((0..<100).map { (l[$0] + 1) % 4 })
        #expect(code { try z.feed(p, labels: shifted.int64, firstRow: 0) } == .invalidArgument)
        var part = [Double](repeating: 0, count: 10)
        #expect(code { try part.withUnsafeMutableBufferPointer { b in try z.qualityScores(range: 0..<10, into: b) } } == .invalidArgument)
        let one = try LabelIssueStream(classes: 4)
        _ = try one.beginPass()
        try one.feed(slice(p, 0..<3), labels: ones.int64, firstRow: 0)
        #expect(code { try one.endPass() } == .tooFewClasses)
        let none = try LabelIssueStream(classes: 4)
        _ = try none.beginPass()
        #expect(code { try none.endPass() } == .shape)
        o = StreamOptions()
        o.qualityMethod = .selfConfidence
        let q = try LabelIssueStream(labels: l.int64, classes: 4, options: o)
        _ = try q.beginPass(); try q.feed(p, firstRow: 0); try q.endPass()
        _ = try q.beginPass(); try q.feed(slice(p, 0..<10), firstRow: 0)
        #expect(code { try part.withUnsafeMutableBufferPointer { b in try q.qualityScores(range: 5..<15, into: b) } } == .invalidArgument)
        try part.withUnsafeMutableBufferPointer { b in try q.qualityScores(range: 0..<10, into: b) }
        #expect(part == (0..<10).map { m[$0, l[$0]] })

        // a different block in a later pass
        let t = try LabelIssueStream(labels: l.int64, classes: 4)
        _ = try t.beginPass(); try t.feed(p, firstRow: 0); try t.endPass()
        _ = try t.beginPass()
        let other = convert(m, to: .float32)
        other.set(3, l[3], m[3, l[3]] / 2)
        #expect(code { try t.feed(other.predProbs, firstRow: 0) } == .invalidArgument)
        // confidence_weighted_entropy's strict [0, 1]: reported at the end of pass 1, after range errors
        let u = convert(m, to: .float64)
        u.set(5, 0, -1e-7)
        o = StreamOptions()
        o.filter.rankBy = .confidenceWeightedEntropy
        let w = try LabelIssueStream(labels: l.int64, classes: 4, options: o)
        _ = try w.beginPass(); try w.feed(u.predProbs, firstRow: 0)
        #expect(code { try w.endPass() } == .probabilityRange)
        #expect(memoryAnswer(u, l.int64, o).error == CleanlabError.Code.probabilityRange.rawValue)
    }
}
