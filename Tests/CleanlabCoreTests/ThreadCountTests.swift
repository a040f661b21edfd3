// Large inputs give bit-identical results for every thread count.
import Foundation
import Testing
@testable import CleanlabCore

/// Every result of the core on one input, for one thread count.
struct AllResults: Equatable {
    var thresholds: [UInt64] = []
    var joints: [[Int64]] = []
    var offDiagonal: [[UInt8]] = []
    var numIssues: [Int] = []
    var scores: [[UInt64]] = []
    var masks: [[Bool]] = []
    var ranked: [[Int]] = []
    var ordered: [[Int]] = []

    /// The names of the fields that differ from `other`.
    func differences(from other: AllResults) -> [String] {
        var d = [String]()
        if thresholds != other.thresholds { d.append("thresholds") }
        for (i, (a, b)) in zip(joints, other.joints).enumerated() where a != b { d.append("confident joint #\(i)") }
        for (i, (a, b)) in zip(offDiagonal, other.offDiagonal).enumerated() where a != b { d.append("off-diagonal mask #\(i)") }
        for (i, (a, b)) in zip(numIssues, other.numIssues).enumerated() where a != b { d.append("num_label_issues #\(i): \(a) vs \(b)") }
        for (i, (a, b)) in zip(scores, other.scores).enumerated() where a != b { d.append("scores #\(i)") }
        for (i, (a, b)) in zip(masks, other.masks).enumerated() where a != b {
            d.append("find_label_issues mask #\(i) (\(zip(a, b).filter { $0 != $1 }.count) rows differ)")
        }
        for (i, (a, b)) in zip(ranked, other.ranked).enumerated() where a != b { d.append("ranked indices #\(i)") }
        for (i, (a, b)) in zip(ordered, other.ordered).enumerated() where a != b { d.append("order_label_issues #\(i)") }
        if joints.count != other.joints.count || masks.count != other.masks.count || ranked.count != other.ranked.count {
            d.append("result counts")
        }
        return d
    }
}

/// Runs every function (each filter_by, with a ranking; scores; counts) with `threads`.
func allResults(_ m: OwnedMatrix, _ l: OwnedLabels, threads: Int) throws -> AllResults {
    let p = m.predProbs, y = l.int64, k = m.k
    var r = AllResults()
    r.thresholds = try Cleanlab.confidentThresholds(p, labels: y, threads: threads).map { $0.bitPattern }
    for calibrate in [false, true] {
        var mask = [UInt8](repeating: 0, count: m.n)
        let cj = try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
            try Cleanlab.computeConfidentJoint(p, labels: y, calibrate: calibrate, offDiagonalMask: b, threads: threads)
        }
        r.joints.append(cj.counts)
        r.offDiagonal.append(mask)
    }
    let custom = r.joints[0].map { Double($0) }
    for method in EstimationMethod.allCases {
        r.numIssues.append(try Cleanlab.numLabelIssues(p, labels: y, method: method,
                                                       confidentJoint: method == .offDiagonalCustom ? custom : nil, threads: threads))
    }
    for method in RankBy.allCases {
        for adjust in method == .confidenceWeightedEntropy ? [false] : [false, true] {
            r.scores.append(try Cleanlab.labelQualityScores(p, labels: y, method: method, adjustPredProbs: adjust, threads: threads).map { $0.bitPattern })
        }
    }
    var variants = [FilterOptions]()
    for (i, f) in FilterBy.allCases.enumerated() {
        var o = FilterOptions()
        o.filterBy = f
        o.rankBy = RankBy.allCases[i % 3]
        variants.append(o)
    }
    var o = FilterOptions()
    o.fracNoise = 0.5
    o.rankBy = .normalizedMargin
    o.rankAdjustPredProbs = true
    variants.append(o)
    o = FilterOptions()
    o.filterBy = .both
    o.minExamplesPerClass = 5
    o.numToRemovePerClass = (0..<k).map { $0 % 3 }
    variants.append(o)
    o = FilterOptions()
    o.filterBy = .pruneByClass
    o.confidentJoint = custom
    variants.append(o)
    for o in variants {
        do {
            let res = try Cleanlab.findLabelIssues(p, labels: y, options: o, threads: threads)
            r.masks.append(res.mask)
            r.ranked.append(res.rankedIndices ?? [])
        } catch {
            // an error (e.g. a numeric one) must not depend on the thread count either
            r.masks.append([])
            r.ranked.append([-Int(error.code.rawValue)])
        }
    }
    // order_label_issues of a large arbitrary mask (many equal scores among them)
    let mask = (0..<m.n).map { UInt8($0 % 3 == 0 ? 1 : 0) }
    for method in RankBy.allCases {
        r.ordered.append(try mask.withUnsafeBufferPointer { b throws(CleanlabError) in
            try Cleanlab.orderLabelIssues(p, labels: y, mask: b, rankBy: method, threads: threads)
        })
    }
    return r
}

@Suite("Thread-count independence")
struct ThreadCountTests {
    static let threadCounts = [2, 3, 7]

    func check(_ m: OwnedMatrix, _ l: OwnedLabels, name: String) throws {
        let base = try allResults(m, l, threads: 1)
        #expect(base.masks.contains { $0.contains(true) }, "\(name): no label issues found at all")
        for t in Self.threadCounts {
            let other = try allResults(m, l, threads: t)
            let d = base.differences(from: other)
            #expect(d.isEmpty, "\(name): threads \(t) differ from threads 1 in: \(d)")
        }
    }

    @Test("300 000 x 10 float32: identical results with 1, 2, 3 and 7 threads")
    func tall() throws {
        let (m, l) = makeProblem(n: 300_000, k: 10, seed: 1, flip: 0.1, signal: 4)
        try check(m, l, name: "300000x10")
    }

    @Test("12 000 x 300 float32 with missing classes and quantised (tie-heavy) probabilities: identical results with 1, 2, 3 and 7 threads")
    func wide() throws {
        let (m, l) = makeProblem(n: 12_000, k: 300, seed: 2, signal: 5, missing: [7, 150, 299], quantum: 1.0 / 256)
        try check(m, l, name: "12000x300")
    }
}
