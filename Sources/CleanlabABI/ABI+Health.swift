// The cl_* functions of the "dataset health" section of include/cleanlab.h (cleanlab's
// `dataset` module). Each thunk validates its pointers and sizes, calls one CleanlabCore
// function and maps errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

@c @implementation
public func cl_rank_classes_by_label_quality(_ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                             _ num_examples: Double,
                                             _ out_class_index: UnsafeMutablePointer<Int64>?,
                                             _ out_label_issues: UnsafeMutablePointer<Int64>?,
                                             _ out_inverse_label_issues: UnsafeMutablePointer<Int64>?,
                                             _ out_label_noise: UnsafeMutablePointer<Double>?,
                                             _ out_inverse_label_noise: UnsafeMutablePointer<Double>?,
                                             _ out_label_quality_score: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_rank_classes_by_label_quality") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let j = try squareMatrix(joint, k: k, "joint")
        let columnMajor = try matrixOrder(joint_order)
        let ci = try require(out_class_index, "out_class_index")
        let li = try require(out_label_issues, "out_label_issues")
        let ili = try require(out_inverse_label_issues, "out_inverse_label_issues")
        let ln = try require(out_label_noise, "out_label_noise")
        let iln = try require(out_inverse_label_noise, "out_inverse_label_noise")
        let q = try require(out_label_quality_score, "out_label_quality_score")
        let rows = try Cleanlab.rankClassesByLabelQuality(joint: j, k: k, numExamples: num_examples, columnMajor: columnMajor)
        for (r, row) in rows.enumerated() {
            ci[r] = Int64(row.classIndex)
            li[r] = row.labelIssues
            ili[r] = row.inverseLabelIssues
            ln[r] = row.labelNoise
            iln[r] = row.inverseLabelNoise
            q[r] = row.labelQualityScore
        }
    }
}

@c @implementation
public func cl_find_overlapping_classes(_ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                        _ num_examples: Double, _ asymmetric: Int32,
                                        _ out_class_a: UnsafeMutablePointer<Int64>?,
                                        _ out_class_b: UnsafeMutablePointer<Int64>?,
                                        _ out_num_overlapping: UnsafeMutablePointer<Int64>?,
                                        _ out_joint_probability: UnsafeMutablePointer<Double>?,
                                        _ capacity: Int64, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_overlapping_classes") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let j = try squareMatrix(joint, k: k, "joint")
        let columnMajor = try matrixOrder(joint_order)
        let count = try require(out_count, "out_count")
        let needed = asymmetric != 0 ? k * (k - 1) : k * (k - 1) / 2
        if capacity < Int64(needed) {
            count.pointee = Int64(needed)
            throw CleanlabError(.bufferTooSmall, "capacity is \(capacity) but \(needed) class pairs are returned for \(k) classes")
        }
        let a = try require(out_class_a, "out_class_a")
        let b = try require(out_class_b, "out_class_b")
        let no = try require(out_num_overlapping, "out_num_overlapping")
        let jp = try require(out_joint_probability, "out_joint_probability")
        let pairs = try Cleanlab.findOverlappingClasses(joint: j, k: k, numExamples: num_examples,
                                                        asymmetric: asymmetric != 0, columnMajor: columnMajor)
        for (r, p) in pairs.enumerated() {
            a[r] = Int64(p.classA)
            b[r] = Int64(p.classB)
            no[r] = p.numOverlappingExamples
            jp[r] = p.jointProbability
        }
        count.pointee = Int64(pairs.count)
    }
}

@c @implementation
public func cl_overall_label_health_score(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                          _ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                          _ num_examples: Double, _ out_score: UnsafeMutablePointer<Double>?,
                                          _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_overall_label_health_score") { () throws(CleanlabError) in
        let score = try require(out_score, "out_score")
        let r: (score: Double, numIssues: Int64)
        if pred_probs != nil && labels != nil {
            let p = try predProbs(pred_probs), l = try labelView(labels)
            if num_examples.isNaN == false && num_examples < 0 {
                throw CleanlabError(.invalidArgument, "num_examples must be >= 0 (or NaN for the number of labels), got \(num_examples)")
            }
            if num_examples.isInfinite { throw CleanlabError(.notFinite, "num_examples is infinite") }
            r = try Cleanlab.overallLabelHealthScore(p, labels: l, numExamples: num_examples.isNaN ? nil : num_examples,
                                                     threads: threadCount())
        } else {
            if joint == nil {
                throw CleanlabError(.nullPointer, "joint is NULL: give either pred_probs and labels, or a joint")
            }
            let k = Int(n_classes)
            let j = try squareMatrix(joint, k: k, "joint")
            let columnMajor = try matrixOrder(joint_order)
            r = try Cleanlab.overallLabelHealthScore(joint: j, k: k, numExamples: num_examples, columnMajor: columnMajor)
        }
        score.pointee = r.score
        out_num_issues?.pointee = r.numIssues
    }
}

// MARK: ensemble scores

@c @implementation
public func cl_get_label_quality_ensemble_scores(_ members: UnsafePointer<cl_pred_probs>?, _ n_members: Int64,
                                                 _ labels: UnsafePointer<cl_labels>?, _ method: Int32,
                                                 _ adjust_pred_probs: Int32, _ weighting: Int32,
                                                 _ custom_weights: UnsafePointer<Double>?,
                                                 _ t_values: UnsafePointer<Double>?, _ n_t_values: Int64,
                                                 _ out_scores: UnsafeMutablePointer<Double>?,
                                                 _ out_weights: UnsafeMutablePointer<Double>?,
                                                 _ out_accuracies: UnsafeMutablePointer<Double>?,
                                                 _ out_score_dtype: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_get_label_quality_ensemble_scores") { () throws(CleanlabError) in
        let base = try require(members, "members")
        if n_members < 1 { throw CleanlabError(.invalidArgument, "n_members must be >= 1 (pred_probs_list is empty.), got \(n_members)") }
        try checkExtent(Int(n_members), elementSize: MemoryLayout<cl_pred_probs>.stride, "members")
        var list = [PredProbs]()
        for i in 0..<Int(n_members) {
            do throws(CleanlabError) {
                list.append(try predProbs(base + i))
            } catch {
                throw CleanlabError(error.code, "members[\(i)]: \(error.message)")
            }
        }
        let l = try labelView(labels)
        let out = try require(out_scores, "out_scores")
        let r = try rankBy(method, allowNone: false)!
        let w: EnsembleWeighting
        switch weighting {
        case Int32(CL_ENSEMBLE_UNIFORM.rawValue): w = .uniform
        case Int32(CL_ENSEMBLE_ACCURACY.rawValue): w = .accuracy
        case Int32(CL_ENSEMBLE_LOG_LOSS_SEARCH.rawValue):
            let t = try require(t_values, "t_values")
            if n_t_values < 1 { throw CleanlabError(.invalidArgument, "n_t_values must be >= 1, got \(n_t_values)") }
            try checkExtent(Int(n_t_values), elementSize: 8, "t_values")
            w = .logLossSearch(Array(UnsafeBufferPointer(start: t, count: Int(n_t_values))))
        case Int32(CL_ENSEMBLE_CUSTOM.rawValue):
            let c = try require(custom_weights, "custom_weights")
            w = .custom(Array(UnsafeBufferPointer(start: c, count: Int(n_members))))
        default:
            throw CleanlabError(.invalidArgument, "weighting \(weighting) is not a cl_ensemble_weighting (1 = uniform, 2 = accuracy, 3 = log_loss_search, 4 = custom)")
        }
        if adjust_pred_probs != 0 && r == .confidenceWeightedEntropy {
            throw CleanlabError(.invalidArgument, "adjust_pred_probs is not currently supported for confidence_weighted_entropy.")
        }
        let res = try Cleanlab.labelQualityEnsembleScores(list, labels: l, method: r, adjustPredProbs: adjust_pred_probs != 0,
                                                          weighting: w, threads: threadCount())
        out.update(from: res.scores, count: res.scores.count)
        if let ws = res.weights, let ow = out_weights { ow.update(from: ws, count: ws.count) }
        if let acc = res.accuracies, let oa = out_accuracies { oa.update(from: acc, count: acc.count) }
        if let od = out_score_dtype {
            switch res.precision {
            case .float16: od.pointee = Int32(CL_DTYPE_FLOAT16.rawValue)
            case .float32: od.pointee = Int32(CL_DTYPE_FLOAT32.rawValue)
            case .float64: od.pointee = Int32(CL_DTYPE_FLOAT64.rawValue)
            }
        }
    }
}

// MARK: argmax-confusion filter

@c @implementation
public func cl_find_label_issues_using_argmax_confusion_matrix(_ pred_probs: UnsafePointer<cl_pred_probs>?,
                                                               _ labels: UnsafePointer<cl_labels>?,
                                                               _ calibrate: Int32, _ filter_by: Int32,
                                                               _ out_mask: UnsafeMutablePointer<UInt8>?,
                                                               _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_label_issues_using_argmax_confusion_matrix") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let mask = try require(out_mask, "out_mask")
        guard let f = FilterBy(rawValue: filter_by) else {
            throw CleanlabError(.invalidArgument, "filter_by = \(filter_by) is not a cl_filter_by (1..7)")
        }
        let count = try Cleanlab.findLabelIssuesUsingArgmaxConfusionMatrix(
            p, labels: l, calibrate: calibrate != 0, filterBy: f,
            mask: UnsafeMutableBufferPointer(start: mask, count: p.rows), threads: threadCount())
        out_num_issues?.pointee = Int64(count)
    }
}
