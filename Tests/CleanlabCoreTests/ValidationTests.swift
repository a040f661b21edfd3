// Bad inputs throw a CleanlabError with the right code and a message naming the problem; they
// never trap.
import Foundation
import Testing
@testable import CleanlabCore

/// Runs `body`; returns the CleanlabError it threw, or nil.
func thrown(_ body: () throws(CleanlabError) -> Void) -> CleanlabError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// A small valid problem (n = 40, K = 4) in `dtype`.
func smallProblem(_ dtype: OwnedMatrix.DType = .float32, n: Int = 40, k: Int = 4) -> (values: [Double], labels: [Int]) {
    var rng = SplitMix64(seed: 3)
    var values = [Double]()
    var labels = [Int]()
    for i in 0..<n {
        var row = (0..<k).map { _ in rng.uniform() + 0.05 }
        row[i % k] += 2
        let s = row.reduce(0, +)
        values += row.map { v -> Double in
            switch dtype {
            case .float16: return Double(Float16(v / s))
            case .float32: return Double(Float(v / s))
            case .float64: return v / s
            }
        }
        labels.append(rng.uniform() < 0.2 ? (i + 1) % k : i % k)
    }
    return (values, labels)
}

/// Every entry point that reads pred_probs and labels, named.
func entryPoints(_ p: PredProbs, _ y: LabelView, n: Int, k: Int) -> [(String, () throws(CleanlabError) -> Void)] {
    [
        ("confidentThresholds", { () throws(CleanlabError) in _ = try Cleanlab.confidentThresholds(p, labels: y) }),
        ("computeConfidentJoint", { () throws(CleanlabError) in _ = try Cleanlab.computeConfidentJoint(p, labels: y) }),
        ("computeConfidentJoint(calibrate: false)", { () throws(CleanlabError) in _ = try Cleanlab.computeConfidentJoint(p, labels: y, calibrate: false) }),
        ("estimateJoint", { () throws(CleanlabError) in _ = try Cleanlab.estimateJoint(p, labels: y, confidentJoint: nil, k: k) }),
        ("numLabelIssues", { () throws(CleanlabError) in _ = try Cleanlab.numLabelIssues(p, labels: y) }),
        ("numLabelIssues(calibrated)", { () throws(CleanlabError) in _ = try Cleanlab.numLabelIssues(p, labels: y, method: .offDiagonalCalibrated) }),
        ("findLabelIssues", { () throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(p, labels: y) }),
        ("findLabelIssues(low_self_confidence, ranked)", { () throws(CleanlabError) in
            var o = FilterOptions()
            o.filterBy = .lowSelfConfidence
            o.rankBy = .normalizedMargin
            _ = try Cleanlab.findLabelIssues(p, labels: y, options: o)
        }),
        ("findPredictedNeqGiven", { () throws(CleanlabError) in
            var mask = [UInt8](repeating: 0, count: Swift.max(n, 0))
            try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in _ = try Cleanlab.findPredictedNeqGiven(p, labels: y, mask: b) }
        }),
        ("labelQualityScores(self_confidence)", { () throws(CleanlabError) in _ = try Cleanlab.labelQualityScores(p, labels: y) }),
        ("labelQualityScores(normalized_margin, adjust)", { () throws(CleanlabError) in
            _ = try Cleanlab.labelQualityScores(p, labels: y, method: .normalizedMargin, adjustPredProbs: true)
        }),
        ("labelQualityScores(confidence_weighted_entropy)", { () throws(CleanlabError) in
            _ = try Cleanlab.labelQualityScores(p, labels: y, method: .confidenceWeightedEntropy)
        }),
        ("orderLabelIssues", { () throws(CleanlabError) in
            let mask = [UInt8](repeating: 1, count: Swift.max(n, 0))
            _ = try mask.withUnsafeBufferPointer { b throws(CleanlabError) in try Cleanlab.orderLabelIssues(p, labels: y, mask: b) }
        }),
    ]
}

@Suite("Bad inputs throw, never trap")
struct ValidationTests {
    @Test("a valid input passes every entry point", arguments: OwnedMatrix.DType.allCases)
    func validInput(_ dtype: OwnedMatrix.DType) {
        let (v, y) = smallProblem(dtype)
        let m = OwnedMatrix(dtype: dtype, n: 40, k: 4, values: v)
        let l = OwnedLabels(y)
        for (name, call) in entryPoints(m.predProbs, l.int64, n: 40, k: 4) {
            let e = thrown(call)
            #expect(e == nil, "\(name) on a valid \(dtype) input threw \(String(describing: e))")
        }
    }

    @Test("labels out of range: .labelRange, naming the label", arguments: [-1, 4, 1000, Int(Int32.max)])
    func labelOutOfRange(_ bad: Int) {
        let (v, y) = smallProblem()
        var labels = y
        labels[17] = bad
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let l = OwnedLabels(labels)
        for view in [l.int64, l.int32] {
            for (name, call) in entryPoints(m.predProbs, view, n: 40, k: 4) {
                let e = thrown(call)
                #expect(e?.code == .labelRange, "\(name), label \(bad): \(String(describing: e))")
                #expect(e?.message.contains("17") ?? false, "\(name): the message should name the example: \(e?.message ?? "")")
            }
        }
        let cj = [Double](repeating: 1, count: 16)
        let e = thrown { () throws(CleanlabError) in _ = try Cleanlab.calibrateConfidentJoint(cj, k: 4, labels: l.int64) }
        #expect(e?.code == .labelRange, "calibrateConfidentJoint: \(String(describing: e))")
        let e2 = thrown { () throws(CleanlabError) in _ = try Cleanlab.estimateJoint(nil, labels: l.int64, confidentJoint: cj, k: 4) }
        #expect(e2?.code == .labelRange, "estimateJoint(confidentJoint:): \(String(describing: e2))")
    }

    @Test("NaN and infinities in pred_probs: .notFinite, naming the entry")
    func notFinite() {
        for dtype in OwnedMatrix.DType.allCases {
            for bad in [Double.nan, .infinity, -.infinity] {
                let (v, y) = smallProblem(dtype)
                let m = OwnedMatrix(dtype: dtype, n: 40, k: 4, values: v)
                m.set(23, 2, bad)
                let l = OwnedLabels(y)
                for (name, call) in entryPoints(m.predProbs, l.int64, n: 40, k: 4) {
                    let e = thrown(call)
                    #expect(e?.code == .notFinite, "\(name), \(dtype) \(bad): \(String(describing: e))")
                    #expect(e?.message.contains("23") ?? false, "\(name): the message should name the row: \(e?.message ?? "")")
                }
            }
        }
    }

    @Test("probabilities outside [-1e-6, 1 + 1e-6]: .probabilityRange; inside the tolerance accepted")
    func probabilityRange() {
        for dtype in OwnedMatrix.DType.allCases {
            let tooBig = dtype == .float16 ? 1.002 : 1.00001
            let tooSmall = dtype == .float16 ? -0.001 : -0.00001
            for bad in [tooBig, tooSmall, 2.0, -1.0] {
                let (v, y) = smallProblem(dtype)
                let m = OwnedMatrix(dtype: dtype, n: 40, k: 4, values: v)
                m.set(5, 1, bad)
                let l = OwnedLabels(y)
                for (name, call) in entryPoints(m.predProbs, l.int64, n: 40, k: 4) {
                    let e = thrown(call)
                    #expect(e?.code == .probabilityRange, "\(name), \(dtype) value \(bad): \(String(describing: e))")
                }
            }
        }
        // within cleanlab's tolerance (float64): accepted, except by confidence_weighted_entropy,
        // which requires [0, 1] strictly (cleanlab's get_normalized_entropy)
        for slightly in [1 + 5e-7, -5e-7] {
            let (v, y) = smallProblem(.float64)
            let m = OwnedMatrix(dtype: .float64, n: 40, k: 4, values: v)
            m.set(5, 1, slightly)
            let l = OwnedLabels(y)
            for (name, call) in entryPoints(m.predProbs, l.int64, n: 40, k: 4) {
                let e = thrown(call)
                if name.contains("confidence_weighted_entropy") {
                    #expect(e?.code == .probabilityRange, "\(name), value \(slightly): \(String(describing: e))")
                } else {
                    #expect(e == nil, "\(name), value \(slightly) (within tolerance): \(String(describing: e))")
                }
            }
        }
    }

    @Test("shape errors: labels length, K < 2, row stride < K, negative n: .shape")
    func shapes() {
        let (v, y) = smallProblem()
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let l = OwnedLabels(y)
        for count in [39, 41, 0] {
            for (name, call) in entryPoints(m.predProbs, l.int64(count: count), n: 40, k: 4) {
                let e = thrown(call)
                #expect(e?.code == .shape, "\(name), \(count) labels for 40 rows: \(String(describing: e))")
            }
        }
        let base = UnsafeMutablePointer<Float>.allocate(capacity: 200)
        base.initialize(repeating: 0.25, count: 200)
        defer { base.deallocate() }
        let views: [(String, PredProbs)] = [
            ("K = 1", .float32(ProbabilityMatrix(base: base, rows: 40, columns: 1, rowStride: 1))),
            ("K = 0", .float32(ProbabilityMatrix(base: base, rows: 40, columns: 0, rowStride: 0))),
            ("row stride 3 < K = 4", .float32(ProbabilityMatrix(base: base, rows: 40, columns: 4, rowStride: 3))),
            ("n = -1", .float32(ProbabilityMatrix(base: base, rows: -1, columns: 4, rowStride: 4))),
        ]
        for (what, p) in views {
            for (name, call) in entryPoints(p, l.int64, n: 40, k: 4) {
                let e = thrown(call)
                #expect(e?.code == .shape, "\(name), \(what): \(String(describing: e))")
            }
        }
    }

    @Test("frac_noise outside (0, 1]: .invalidArgument", arguments: [0.0, 1.5, -0.1, Double.nan, Double.infinity])
    func fracNoise(_ f: Double) {
        let (v, y) = smallProblem()
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let l = OwnedLabels(y)
        for filter in FilterBy.allCases {
            var o = FilterOptions()
            o.filterBy = filter
            o.fracNoise = f
            let e = thrown { () throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(m.predProbs, labels: l.int64, options: o) }
            #expect(e?.code == .invalidArgument, "\(filter), frac_noise \(f): \(String(describing: e))")
            #expect(e?.message.contains("frac_noise") ?? false)
        }
    }

    @Test("num_to_remove_per_class of the wrong length or negative; other bad options")
    func badOptions() {
        let (v, y) = smallProblem()
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let l = OwnedLabels(y)
        func run(_ o: FilterOptions) -> CleanlabError? {
            thrown { () throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(m.predProbs, labels: l.int64, options: o) }
        }
        for filter in [FilterBy.pruneByNoiseRate, .pruneByClass, .both] {
            for r in [[1, 1, 1], [1, 1, 1, 1, 1], []] {
                var o = FilterOptions()
                o.filterBy = filter
                o.numToRemovePerClass = r
                let e = run(o)
                #expect(e != nil && [.shape, .invalidArgument].contains(e!.code), "\(filter), num_to_remove_per_class \(r): \(String(describing: e))")
                #expect(e?.message.contains("num_to_remove_per_class") ?? false)
            }
            var o = FilterOptions()
            o.filterBy = filter
            o.numToRemovePerClass = [1, -1, 1, 1]
            #expect(run(o)?.code == .invalidArgument, "\(filter): negative num_to_remove_per_class")
            // a supplied confident joint of the wrong size or with NaN
            o = FilterOptions()
            o.filterBy = filter
            o.confidentJoint = [Double](repeating: 1, count: 9)
            #expect(run(o)?.code == .shape, "\(filter): 3x3 confident joint for K = 4")
            o.confidentJoint = [Double](repeating: 1, count: 16)
            o.confidentJoint![5] = .nan
            #expect(run(o)?.code == .notFinite, "\(filter): NaN in the confident joint")
        }
        // num_to_remove_per_class with a filter that does not support it (cleanlab: ValueError)
        for filter in [FilterBy.confidentLearning, .predictedNeqGiven, .lowNormalizedMargin, .lowSelfConfidence] {
            var o = FilterOptions()
            o.filterBy = filter
            o.numToRemovePerClass = [1, 1, 1, 1]
            #expect(run(o)?.code == .invalidArgument, "\(filter) with num_to_remove_per_class")
        }
        // adjust_pred_probs with confidence_weighted_entropy (cleanlab: ValueError)
        var o = FilterOptions()
        o.rankBy = .confidenceWeightedEntropy
        o.rankAdjustPredProbs = true
        #expect(run(o)?.code == .invalidArgument, "ranking by confidence_weighted_entropy with adjust_pred_probs")
        let e = thrown { () throws(CleanlabError) in
            _ = try Cleanlab.labelQualityScores(m.predProbs, labels: l.int64, method: .confidenceWeightedEntropy, adjustPredProbs: true)
        }
        #expect(e?.code == .invalidArgument)
        // off_diagonal_custom without a confident joint; estimate_joint without inputs
        let e2 = thrown { () throws(CleanlabError) in _ = try Cleanlab.numLabelIssues(m.predProbs, labels: l.int64, method: .offDiagonalCustom) }
        #expect(e2?.code == .invalidArgument)
        let e3 = thrown { () throws(CleanlabError) in _ = try Cleanlab.estimateJoint(nil, labels: nil, confidentJoint: nil, k: 4) }
        #expect(e3 != nil)
        // calibrate / estimate_joint with a confident joint of the wrong size
        let e4 = thrown { () throws(CleanlabError) in _ = try Cleanlab.calibrateConfidentJoint([1, 2, 3], k: 4, labels: l.int64) }
        #expect(e4?.code == .shape)
        let e5 = thrown { () throws(CleanlabError) in _ = try Cleanlab.estimateJoint(nil, labels: nil, confidentJoint: [1, .infinity, 3, 4], k: 2) }
        #expect(e5?.code == .notFinite)
    }

    @Test("output buffers that are too small: .bufferTooSmall")
    func smallBuffers() {
        let (v, y) = smallProblem()
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let l = OwnedLabels(y)
        var mask = [UInt8](repeating: 0, count: 39)
        var scores = [Double](repeating: 0, count: 39)
        let e1 = thrown { () throws(CleanlabError) in
            try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(m.predProbs, labels: l.int64, mask: b) }
        }
        #expect(e1?.code == .bufferTooSmall)
        let e2 = thrown { () throws(CleanlabError) in
            try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in _ = try Cleanlab.computeConfidentJoint(m.predProbs, labels: l.int64, offDiagonalMask: b) }
        }
        #expect(e2?.code == .bufferTooSmall)
        let e3 = thrown { () throws(CleanlabError) in
            try scores.withUnsafeMutableBufferPointer { b throws(CleanlabError) in try Cleanlab.labelQualityScores(m.predProbs, labels: l.int64, into: b) }
        }
        #expect(e3?.code == .bufferTooSmall)
        let e4 = thrown { () throws(CleanlabError) in
            try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in _ = try Cleanlab.findPredictedNeqGiven(m.predProbs, labels: l.int64, mask: b) }
        }
        #expect(e4?.code == .bufferTooSmall)
    }

    /// The scans that validate as they go (the narrow float32 scan eight rows at a time, the
    /// wide row scan, the normalized-margin scores) must report the first invalid row of the
    /// whole input, wherever it lies: inside an eight-row block, in the rows after the last
    /// block, at a part boundary, with a second invalid row after it.
    @Test("the first invalid row is named wherever it lies, for every thread count",
          arguments: [(10, OwnedMatrix.DType.float32), (10, .float64), (3, .float32), (40, .float32), (40, .float64)])
    func firstInvalidRow(_ k: Int, _ dtype: OwnedMatrix.DType) {
        // enough rows for three parts (Parallel.workerCount: 2^16 values each)
        let n = k >= 10 ? 20011 : 70001
        let filters = FilterBy.allCases
        let positions: [(Int, Int?)] = [(0, 1), (5, n / 2), (n / 3 - 1, n / 3), (n / 2, n - 1), (2 * n / 3 + 3, nil),
                                        (n - 7, n - 3), (n - 2, n - 1), (n - 1, nil)]
        for (first, second) in positions {
            for bad in [Double.nan, 1.5, -0.25] {
                let (v, y) = smallProblem(dtype, n: n, k: k)
                let m = OwnedMatrix(dtype: dtype, n: n, k: k, values: v)
                m.set(first, (first * 7) % k, bad)
                if let second { m.set(second, 0, .nan) }
                let l = OwnedLabels(y)
                let want = "pred_probs[\(first), "
                for threads in [1, 2, 3] {
                    var calls: [(String, () throws(CleanlabError) -> Void)] = [
                        ("computeConfidentJoint", { () throws(CleanlabError) in _ = try Cleanlab.computeConfidentJoint(m.predProbs, labels: l.int64, threads: threads) }),
                        ("numLabelIssues", { () throws(CleanlabError) in _ = try Cleanlab.numLabelIssues(m.predProbs, labels: l.int64, threads: threads) }),
                        ("labelQualityScores(normalized_margin)", { () throws(CleanlabError) in
                            _ = try Cleanlab.labelQualityScores(m.predProbs, labels: l.int64, method: .normalizedMargin, threads: threads)
                        }),
                    ]
                    for f in filters {
                        calls.append(("findLabelIssues(\(f))", { () throws(CleanlabError) in
                            var o = FilterOptions()
                            o.filterBy = f
                            _ = try Cleanlab.findLabelIssues(m.predProbs, labels: l.int64, options: o, threads: threads)
                        }))
                    }
                    for (name, call) in calls {
                        let e = thrown(call)
                        #expect(e?.message.contains(want) ?? false,
                                "\(name), K = \(k) \(dtype), \(threads) threads, bad value \(bad) at row \(first): \(e?.message ?? "no error")")
                    }
                }
            }
        }
    }

    @Test("fewer than two classes, empty input: cleanlab's errors")
    func classesAndEmpty() {
        let (v, _) = smallProblem()
        let m = OwnedMatrix(dtype: .float32, n: 40, k: 4, values: v)
        let ones = OwnedLabels([Int](repeating: 1, count: 40))
        let e = thrown { () throws(CleanlabError) in _ = try Cleanlab.numLabelIssues(m.predProbs, labels: ones.int64) }
        #expect(e?.code == .tooFewClasses)
        let e2 = thrown { () throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(m.predProbs, labels: ones.int64) }
        #expect(e2?.code == .tooFewClasses)
        let empty = OwnedMatrix(dtype: .float32, n: 0, k: 4, values: [])
        let none = OwnedLabels([])
        let e3 = thrown { () throws(CleanlabError) in _ = try Cleanlab.findLabelIssues(empty.predProbs, labels: none.int64) }
        #expect(e3?.code == .shape)
        let e4 = thrown { () throws(CleanlabError) in _ = try Cleanlab.labelQualityScores(empty.predProbs, labels: none.int64) }
        #expect(e4?.code == .shape)
    }
}
