// The dataset-health API (Health.swift): hand-derived tables on a small joint, the tie rule,
// rounding, and the health summary's consistency with the count functions it combines.
import Testing
@testable import CleanlabCore

/// given x true; row sums 0.40 0.30 0.30, column sums 0.40 0.27 0.33, trace 0.78.
private let joint: [Double] = [0.30, 0.05, 0.05, 0.10, 0.20, 0.00, 0.00, 0.02, 0.28]

@Suite struct HealthTests {
    @Test func classesByLabelQuality() throws {
        let rows = try Cleanlab.rankClassesByLabelQuality(joint: joint, k: 3, numExamples: 100)
        #expect(rows.map(\.classIndex) == [1, 0, 2])
        #expect(rows.map(\.labelIssues) == [10, 10, 2])
        #expect(rows.map(\.inverseLabelIssues) == [7, 10, 5])
        #expect(abs(rows[1].labelNoise - 0.25) < 1e-15)
        #expect(rows.allSatisfy { $0.labelQualityScore == 1 - $0.labelNoise })
        // all scores equal: class order is kept
        let tied = try Cleanlab.rankClassesByLabelQuality(joint: [0.5, 0, 0, 0.5], k: 2, numExamples: 10)
        #expect(tied.map(\.classIndex) == [0, 1])
        // half to even
        let half = try Cleanlab.rankClassesByLabelQuality(joint: [0, 0.25, 0.75, 0], k: 2, numExamples: 10)
        #expect(half.map(\.labelIssues) == [2, 8])
    }

    @Test func overlappingClasses() throws {
        let sym = try Cleanlab.findOverlappingClasses(joint: joint, k: 3, numExamples: 100)
        #expect(sym.map { [$0.classA, $0.classB] } == [[0, 1], [0, 2], [1, 2]])
        #expect(sym.map(\.numOverlappingExamples) == [15, 5, 2])
        let asym = try Cleanlab.findOverlappingClasses(joint: joint, k: 3, numExamples: 100, asymmetric: true)
        #expect(asym.map { [$0.classA, $0.classB] } == [[1, 0], [0, 1], [0, 2], [2, 1], [1, 2], [2, 0]])
        #expect(asym.map(\.numOverlappingExamples) == [10, 5, 5, 2, 0, 0])
    }

    @Test func overallScoreFromJoint() throws {
        let (score, issues) = try Cleanlab.overallLabelHealthScore(joint: joint, k: 3, numExamples: 100)
        #expect(abs(score - 0.78) < 1e-15)
        #expect(issues == 22)
    }

    @Test func errors() {
        #expect(thrown { () throws(CleanlabError) in _ = try Cleanlab.rankClassesByLabelQuality(joint: [1], k: 1, numExamples: 1) }?.code == .shape)
        #expect(thrown { () throws(CleanlabError) in _ = try Cleanlab.rankClassesByLabelQuality(joint: joint, k: 2, numExamples: 1) }?.code == .shape)
        #expect(thrown { () throws(CleanlabError) in _ = try Cleanlab.findOverlappingClasses(joint: [0.5, .nan, 0, 0.5], k: 2, numExamples: 1) }?.code == .notFinite)
        #expect(thrown { () throws(CleanlabError) in _ = try Cleanlab.findOverlappingClasses(joint: joint, k: 3, numExamples: .infinity) }?.code == .notFinite)
        #expect(thrown { () throws(CleanlabError) in _ = try Cleanlab.overallLabelHealthScore(joint: joint, k: 3, numExamples: 1e300) }?.code == .numeric)
    }

    @Test(arguments: [(2, UInt64(1)), (5, UInt64(2)), (12, UInt64(3))])
    func summaryMatchesItsParts(k: Int, seed: UInt64) throws {
        let (m, y) = makeProblem(n: 900, k: k, seed: seed, flip: 0.25)
        let p = m.predProbs
        let s = try Cleanlab.healthSummary(p, labels: y.int64, asymmetric: false)
        let j = try Cleanlab.estimateJoint(p, labels: y.int64, confidentJoint: nil, k: k)
        #expect(s.joint == j)
        #expect(s.numExamples == 900 && s.numClasses == k)
        let issues = try Cleanlab.numLabelIssues(p, labels: y.int64)
        #expect(s.numLabelIssues == Int64(issues))
        #expect(s.overallLabelHealthScore == 1 - Double(issues) / 900)
        #expect(s.classesByLabelQuality == (try Cleanlab.rankClassesByLabelQuality(joint: j, k: k, numExamples: 900)))
        #expect(s.overlappingClasses.count == k * (k - 1) / 2)
        // sorted, every class once, label issues sum to the off-diagonal mass (up to rounding)
        let q = s.classesByLabelQuality.map(\.labelQualityScore)
        #expect(zip(q, q.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(s.classesByLabelQuality.map(\.classIndex)) == Set(0..<k))
        let jp = s.overlappingClasses.map(\.jointProbability)
        #expect(zip(jp, jp.dropFirst()).allSatisfy { $0 >= $1 })
    }
}
