// Ensemble scores and the argmax-confusion filter: hand-derived weights and consistency with
// the single-model functions they combine.
import Testing
@testable import CleanlabCore

@Suite struct EnsembleTests {
    @Test func accuracyWeightsAndSchemes() throws {
        // labels [0 1 0 1]; m0 accuracy 3/4, m1 accuracy 2/4 (argmax ties go to class 0)
        let m0: [Double] = [0.9, 0.1, 0.2, 0.8, 0.4, 0.6, 0.3, 0.7]
        let m1: [Double] = [0.6, 0.4, 0.5, 0.5, 0.7, 0.3, 0.9, 0.1]
        let y = OwnedLabels([0, 1, 0, 1])
        try m0.withUnsafeBufferPointer { a in
            try m1.withUnsafeBufferPointer { b in
                let ps: [PredProbs] = [.float64(ProbabilityMatrix(base: a.baseAddress!, rows: 4, columns: 2, rowStride: 2)),
                                       .float64(ProbabilityMatrix(base: b.baseAddress!, rows: 4, columns: 2, rowStride: 2))]
                let acc = try Cleanlab.labelQualityEnsembleScores(ps, labels: y.int64, weighting: .accuracy)
                #expect(acc.accuracies == [0.75, 0.5])
                #expect(acc.weights == [0.75 / 1.25, 0.5 / 1.25])
                #expect(abs(acc.scores[0] - 0.78) < 1e-15 && abs(acc.scores[3] - 0.46) < 1e-15)
                let uni = try Cleanlab.labelQualityEnsembleScores(ps, labels: y.int64, weighting: .uniform)
                #expect(uni.scores == [(0.9 + 0.6) / 2, (0.8 + 0.5) / 2, (0.4 + 0.7) / 2, (0.7 + 0.1) / 2])
                #expect(uni.precision == .float64)
                let custom = try Cleanlab.labelQualityEnsembleScores(ps, labels: y.int64, weighting: .custom([1, 0]))
                #expect(custom.scores == [0.9, 0.8, 0.4, 0.7])
                let ll = try Cleanlab.labelQualityEnsembleScores(ps, labels: y.int64, weighting: .logLossSearch([0.5, 2]))
                #expect(ll.chosenTemperature != nil && ll.weights![0] > ll.weights![1])
                #expect(thrown { () throws(CleanlabError) in
                    _ = try Cleanlab.labelQualityEnsembleScores([], labels: y.int64)
                }?.code == .invalidArgument)
                #expect(thrown { () throws(CleanlabError) in
                    _ = try Cleanlab.labelQualityEnsembleScores(ps, labels: y.int64, weighting: .custom([1]))
                }?.code == .shape)
            }
        }
    }

    @Test(arguments: [(3, UInt64(5)), (8, UInt64(6))])
    func argmaxFilterIsFindLabelIssuesWithConfusion(k: Int, seed: UInt64) throws {
        let (m, y) = makeProblem(n: 600, k: k, seed: seed, flip: 0.3)
        let p = m.predProbs
        let cm = try Cleanlab.argmaxConfusionMatrix(p, labels: y.int64)
        #expect(cm.reduce(0, +) == 600)
        for f in FilterBy.allCases {
            var mask = [UInt8](repeating: 0, count: 600)
            let count = try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                try Cleanlab.findLabelIssuesUsingArgmaxConfusionMatrix(p, labels: y.int64, calibrate: false, filterBy: f, mask: b)
            }
            var o = FilterOptions()
            o.filterBy = f
            o.confidentJoint = cm.map { Double($0) }
            o.confidentJointColumnMajor = true
            let direct = try Cleanlab.findLabelIssues(p, labels: y.int64, options: o)
            #expect(direct.mask == mask.map { $0 != 0 })
            #expect(count == mask.reduce(0) { $0 + Int($1) })
        }
    }
}
