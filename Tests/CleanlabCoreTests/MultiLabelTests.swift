// The one-vs-rest multi-label API (MultiLabel.swift): each class's binary problem equals the
// single-label functions run on an explicitly built [1 - p, p] matrix, and the aggregations.
import Testing
@testable import CleanlabCore

/// CSR labels owned by the test.
final class OwnedMultiLabels: @unchecked Sendable {
    let offsets: [Int64]
    let classes: [Int64]
    init(_ rows: [[Int]]) {
        var o: [Int64] = [0]
        var c: [Int64] = []
        for r in rows { c += r.map { Int64($0) }; o.append(Int64(c.count)) }
        offsets = o
        classes = c.isEmpty ? [0] : c
    }
    func with<R>(_ body: (MultiLabelView) throws -> R) rethrows -> R {
        try offsets.withUnsafeBufferPointer { o in
            try classes.withUnsafeBufferPointer { c in
                try body(MultiLabelView(offsets: o.baseAddress!, classes: c.baseAddress!, count: o.count - 1))
            }
        }
    }
}

@Suite struct MultiLabelTests {
    static func problem(n: Int, k: Int, seed: UInt64) -> (OwnedMatrix, [[Int]]) {
        var rng = SplitMix64(seed: seed)
        var rows = [[Int]]()
        let m = OwnedMatrix(float32: n, k: k) { p in
            for i in 0..<n {
                var r = [Int]()
                for j in 0..<k {
                    let truth = rng.uniform() < 0.35
                    let given = rng.uniform() < 0.1 ? !truth : truth
                    if given { r.append(j) }
                    p[i * k + j] = Float(Swift.min(1.0, (truth ? 0.6 : 0.0) + 0.4 * rng.uniform()))
                }
                rows.append(r)
            }
        }
        return (m, rows)
    }

    @Test(arguments: [(3, UInt64(1)), (7, UInt64(2))])
    func perClassEqualsSingleLabelOnBinary(k: Int, seed: UInt64) throws {
        let n = 400
        let (m, rows) = Self.problem(n: n, k: k, seed: seed)
        let p = m.predProbs
        try OwnedMultiLabels(rows).with { ml in
            var masks = [UInt8](repeating: 0, count: n * k)
            var o = MultiLabelFilterOptions()
            o.rankBy = .normalizedMargin
            let ranked = try masks.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                try MultiLabel.findLabelIssuesPerClass(p, labels: ml, options: o, masks: b)
            }!
            let thresholds = try MultiLabel.confidentThresholds(p, labels: ml)
            for c in 0..<k {
                // the binary problem, built by hand
                var bin = [Float](repeating: 0, count: 2 * n)
                var y = [Int32](repeating: 0, count: n)
                for i in 0..<n {
                    let v = Float(m[i, c])
                    bin[2 * i] = 1 - v
                    bin[2 * i + 1] = v
                    y[i] = rows[i].contains(c) ? 1 : 0
                }
                try bin.withUnsafeBufferPointer { bb in
                    try y.withUnsafeBufferPointer { yb in
                        let bp = PredProbs.float32(ProbabilityMatrix(base: bb.baseAddress!, rows: n, columns: 2, rowStride: 2))
                        let lv = LabelView(int32: yb.baseAddress!, count: n)
                        var f = FilterOptions()
                        f.rankBy = .normalizedMargin
                        let single = try Cleanlab.findLabelIssues(bp, labels: lv, options: f)
                        #expect(single.mask == (0..<n).map { masks[c * n + $0] != 0 })
                        #expect(single.rankedIndices == ranked[c])
                        #expect(try Cleanlab.confidentThresholds(bp, labels: lv) == Array(thresholds[2 * c ..< 2 * c + 2]))
                    }
                }
            }
            // the aggregate mask is the union of the classes' masks
            var mask = [UInt8](repeating: 0, count: n)
            let (count, _) = try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                try MultiLabel.findLabelIssues(p, labels: ml, mask: b)
            }
            for i in 0..<n { #expect((mask[i] != 0) == (0..<k).contains { masks[$0 * n + i] != 0 }) }
            #expect(count == mask.reduce(0) { $0 + Int($1) })
            #expect(try MultiLabel.numLabelIssues(p, labels: ml) <= n)
        }
    }

    @Test func aggregators() throws {
        let s: [Double] = [0.2, 0.9, 0.5, 0.5, 1.0, 0.0]
        let ema = try MultiLabel.aggregate(s, n: 3, k: 2, aggregator: .exponentialMovingAverage(alpha: 0.8))
        #expect(ema == [0.8 * 0.2 + (1 - 0.8) * 0.9, 0.8 * 0.5 + (1 - 0.8) * 0.5, 0.8 * 0.0 + (1 - 0.8) * 1.0])
        let sm = try MultiLabel.aggregate(s, n: 3, k: 2, aggregator: .softmin(temperature: 0.1))
        #expect(abs(sm[1] - 0.5) < 1e-15 && sm[0] < 0.25)
        #expect(thrown { () throws(CleanlabError) in
            _ = try MultiLabel.aggregate(s, n: 3, k: 2, aggregator: .exponentialMovingAverage(alpha: 2))
        }?.code == .invalidArgument)
        #expect(thrown { () throws(CleanlabError) in
            _ = try MultiLabel.aggregate(s, n: 2, k: 2, aggregator: .softmin(temperature: 1))
        }?.code == .shape)
    }

    @Test func badLabels() throws {
        let (m, _) = Self.problem(n: 4, k: 3, seed: 3)
        try OwnedMultiLabels([[0], [5], [], [1]]).with { ml in
            #expect(thrown { () throws(CleanlabError) in _ = try MultiLabel.confidentThresholds(m.predProbs, labels: ml) }?.code == .labelRange)
        }
        try OwnedMultiLabels([[0], [1], []]).with { ml in
            #expect(thrown { () throws(CleanlabError) in _ = try MultiLabel.numLabelIssues(m.predProbs, labels: ml) }?.code == .shape)
        }
    }
}
