// The cl_* functions of include/cleanlab.h. `@c @implementation` makes the compiler check each
// signature against the header. Each thunk validates, calls one CleanlabCore function (the hot
// ones through `Engine`, which picks the AVX2 copy of the core when the CPU has it), and maps
// errors to cl_status; see the header for the contract of each function.
import CCleanlab
import CCleanlabSupport
import CleanlabCore
import CleanlabDispatch

// MARK: Versions and statuses

@c @implementation
public func cl_version_number() -> UInt32 { ABIConstants.versionNumber }

@c @implementation
public func cl_version_string() -> UnsafePointer<CChar>! { staticString("0.3.0") }

@c @implementation
public func cl_abi_version() -> UInt32 { ABIConstants.abiVersion }

@inline(__always)
func staticString(_ s: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}

@c @implementation
public func cl_status_string(_ s: cl_status) -> UnsafePointer<CChar>! {
    switch s {
    case CL_OK: return staticString("CL_OK")
    case CL_E_NULL_POINTER: return staticString("CL_E_NULL_POINTER")
    case CL_E_INVALID_ARGUMENT: return staticString("CL_E_INVALID_ARGUMENT")
    case CL_E_SHAPE: return staticString("CL_E_SHAPE")
    case CL_E_DTYPE: return staticString("CL_E_DTYPE")
    case CL_E_LABEL_RANGE: return staticString("CL_E_LABEL_RANGE")
    case CL_E_NOT_FINITE: return staticString("CL_E_NOT_FINITE")
    case CL_E_PROB_RANGE: return staticString("CL_E_PROB_RANGE")
    case CL_E_TOO_FEW_CLASSES: return staticString("CL_E_TOO_FEW_CLASSES")
    case CL_E_BUFFER_TOO_SMALL: return staticString("CL_E_BUFFER_TOO_SMALL")
    case CL_E_NUMERIC: return staticString("CL_E_NUMERIC")
    case CL_E_NO_MEMORY: return staticString("CL_E_NO_MEMORY")
    case CL_E_CALLBACK: return staticString("CL_E_CALLBACK")
    case CL_E_INTERNAL: return staticString("CL_E_INTERNAL")
    default: return staticString("CL_E_UNKNOWN")
    }
}

// MARK: Options

func defaultOptions() -> cl_options {
    cl_options(
        struct_size: UInt32(MemoryLayout<cl_options>.size),
        filter_by: Int32(CL_FILTER_PRUNE_BY_NOISE_RATE.rawValue),
        return_indices_ranked_by: Int32(CL_RANK_NONE.rawValue),
        rank_adjust_pred_probs: 0,
        frac_noise: 1.0,
        min_examples_per_class: 1,
        num_to_remove_per_class: nil,
        num_to_remove_per_class_len: 0,
        confident_joint: nil,
        n_threads: 0,
        confident_joint_order: 0)
}

@c @implementation
public func cl_options_init(_ options: UnsafeMutablePointer<cl_options>?) -> cl_status {
    guarded("cl_options_init") { () throws(CleanlabError) in
        let o = try require(options, "options")
        o.pointee = defaultOptions()
    }
}

/// Reads the fields of a caller's cl_options that lie within its struct_size.
func readOptions(_ p: UnsafePointer<cl_options>?, k: Int) throws(CleanlabError) -> (FilterOptions, Int32) {
    // Every field of ABI 1 lies within optionsSizeV1.
    let c = try versionedOptions(p, defaults: defaultOptions(), structSize: \.struct_size,
                                 minimumSize: ABIConstants.optionsSizeV1, typeName: "cl_options")
    var o = FilterOptions()
    guard let f = FilterBy(rawValue: c.filter_by) else {
        throw CleanlabError(.invalidArgument, "options.filter_by = \(c.filter_by) is not a cl_filter_by (1..7)")
    }
    o.filterBy = f
    o.rankBy = try rankBy(c.return_indices_ranked_by, allowNone: true)
    o.rankAdjustPredProbs = c.rank_adjust_pred_probs != 0
    o.fracNoise = c.frac_noise
    o.minExamplesPerClass = Int(c.min_examples_per_class)
    if let r = c.num_to_remove_per_class {
        let len = Int(c.num_to_remove_per_class_len)
        if len != k {
            throw CleanlabError(.shape, "options.num_to_remove_per_class_len is \(len) but there are \(k) classes")
        }
        o.numToRemovePerClass = UnsafeBufferPointer(start: r, count: len).map { Int($0) }
    }
    if let cj = c.confident_joint { o.confidentJoint = try squareMatrix(cj, k: k, "options.confident_joint") }
    o.confidentJointColumnMajor = try matrixOrder(c.confident_joint_order)
    if c.n_threads < 0 { throw CleanlabError(.invalidArgument, "options.n_threads must be >= 0, got \(c.n_threads)") }
    return (o, c.n_threads)
}

// MARK: count

@c @implementation
public func cl_get_confident_thresholds(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                        _ out_thresholds: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_get_confident_thresholds") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let out = try require(out_thresholds, "out_thresholds")
        let t = try Engine.confidentThresholds(p, labels: l, threads: threadCount())
        out.update(from: t, count: t.count)
    }
}

@c @implementation
public func cl_compute_confident_joint(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                       _ thresholds: UnsafePointer<Double>?, _ thresholds_dtype: Int32, _ calibrate: Int32,
                                       _ out_confident_joint: UnsafeMutablePointer<Int64>?, _ out_off_diagonal_mask: UnsafeMutablePointer<UInt8>?,
                                       _ out_num_off_diagonal: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_compute_confident_joint") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let out = try require(out_confident_joint, "out_confident_joint")
        let t = thresholds.map { Array(UnsafeBufferPointer(start: $0, count: p.columns)) }
        let prec = t == nil ? Precision.float64 : try precision(thresholds_dtype)
        let mask = out_off_diagonal_mask.map { UnsafeMutableBufferPointer(start: $0, count: p.rows) }
        let (cj, off) = try Engine.computeConfidentJoint(p, labels: l, thresholds: t, thresholdsPrecision: prec,
                                                           calibrate: calibrate != 0, offDiagonalMask: mask, threads: threadCount())
        out.update(from: cj, count: cj.count)
        out_num_off_diagonal?.pointee = Int64(off)
    }
}

@c @implementation
public func cl_calibrate_confident_joint(_ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64,
                                         _ confident_joint_order: Int32,
                                         _ labels: UnsafePointer<cl_labels>?, _ out_calibrated: UnsafeMutablePointer<Int64>?) -> cl_status {
    calibrateConfidentJointBody("cl_calibrate_confident_joint", confident_joint, n_classes, confident_joint_order, labels,
                                out_calibrated) { (cj, k, l, columnMajor) throws(CleanlabError) in
        try Cleanlab.calibrateConfidentJoint(cj, k: k, labels: l, columnMajor: columnMajor)
    }
}

@c @implementation
public func cl_estimate_joint(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                              _ confident_joint: UnsafePointer<Double>?, _ confident_joint_order: Int32,
                              _ n_classes: Int64, _ out_joint: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_estimate_joint") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let out = try require(out_joint, "out_joint")
        let r: [Double]
        if confident_joint != nil {
            let cj = try squareMatrix(confident_joint, k: k, "confident_joint")
            let l = labels == nil ? nil : try labelView(labels)
            r = try Cleanlab.estimateJoint(nil, labels: l, confidentJoint: cj, columnMajor: try matrixOrder(confident_joint_order), k: k)
        } else {
            let p = try predProbs(pred_probs), l = try labelView(labels)
            r = try Engine.estimateJoint(p, labels: l, k: k, threads: threadCount())
        }
        out.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_num_label_issues(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                _ estimation_method: Int32, _ confident_joint: UnsafePointer<Double>?,
                                _ confident_joint_order: Int32, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_num_label_issues") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let out = try require(out_count, "out_count")
        let (method, cj, columnMajor) = try numLabelIssuesArguments(estimation_method, confident_joint,
                                                                    confident_joint_order, k: p.columns)
        out.pointee = Int64(try Engine.numLabelIssues(p, labels: l, method: method, confidentJoint: cj, columnMajor: columnMajor,
                                                        threads: threadCount()))
    }
}

// MARK: filter

@c @implementation
public func cl_find_label_issues(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                 _ options: UnsafePointer<cl_options>?, _ out_mask: UnsafeMutablePointer<UInt8>?,
                                 _ out_ranked_indices: UnsafeMutablePointer<Int64>?, _ ranked_capacity: Int64,
                                 _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_label_issues") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let mask = try require(out_mask, "out_mask")
        let count = try require(out_num_issues, "out_num_issues")
        let (o, threads) = try readOptions(options, k: p.columns)
        try checkRankedOutput(wanted: o.rankBy != nil, out_ranked_indices, capacity: ranked_capacity)
        let r = try Engine.findLabelIssues(p, labels: l, options: o, mask: UnsafeMutableBufferPointer(start: mask, count: p.rows),
                                             threads: threadCount(threads))
        count.pointee = Int64(r.count)
        try writeRankedIndices(r.ranked, out_ranked_indices, capacity: ranked_capacity)
    }
}

@c @implementation
public func cl_find_predicted_neq_given(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                        _ out_mask: UnsafeMutablePointer<UInt8>?, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_predicted_neq_given") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let mask = try require(out_mask, "out_mask")
        let c = try Engine.findPredictedNeqGiven(p, labels: l, mask: UnsafeMutableBufferPointer(start: mask, count: p.rows), threads: threadCount())
        out_count?.pointee = Int64(c)
    }
}

// MARK: rank

func scoresThunk(_ name: StaticString, _ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                 method: Int32, adjust: Int32, requireNonEmpty: Bool, _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded(name) { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let out = try require(out_scores, "out_scores")
        let m = try rankBy(method, allowNone: false)!
        try Engine.labelQualityScores(p, labels: l, method: m, adjustPredProbs: adjust != 0,
                                        into: UnsafeMutableBufferPointer(start: out, count: p.rows),
                                        requireNonEmpty: requireNonEmpty, threads: threadCount())
    }
}

@c @implementation
public func cl_get_label_quality_scores(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                        _ method: Int32, _ adjust_pred_probs: Int32, _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    scoresThunk("cl_get_label_quality_scores", pred_probs, labels, method: method, adjust: adjust_pred_probs, requireNonEmpty: true, out_scores)
}

@c @implementation
public func cl_get_self_confidence_for_each_label(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                                  _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    scoresThunk("cl_get_self_confidence_for_each_label", pred_probs, labels, method: 1, adjust: 0, requireNonEmpty: false, out_scores)
}

@c @implementation
public func cl_get_normalized_margin_for_each_label(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                                    _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    scoresThunk("cl_get_normalized_margin_for_each_label", pred_probs, labels, method: 2, adjust: 0, requireNonEmpty: false, out_scores)
}

@c @implementation
public func cl_get_confidence_weighted_entropy_for_each_label(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                                              _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    scoresThunk("cl_get_confidence_weighted_entropy_for_each_label", pred_probs, labels, method: 3, adjust: 0, requireNonEmpty: false, out_scores)
}

@c @implementation
public func cl_order_label_issues(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                  _ label_issues_mask: UnsafePointer<UInt8>?, _ rank_by: Int32, _ adjust_pred_probs: Int32,
                                  _ out_indices: UnsafeMutablePointer<Int64>?, _ capacity: Int64,
                                  _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_order_label_issues") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let mask = try require(label_issues_mask, "label_issues_mask")
        let count = try require(out_count, "out_count")
        let out = try require(out_indices, "out_indices")
        let m = try rankBy(rank_by, allowNone: false)!
        if capacity < 0 { throw CleanlabError(.invalidArgument, "capacity must be >= 0") }
        let r = try Engine.orderLabelIssues(p, labels: l, mask: UnsafeBufferPointer(start: mask, count: p.rows),
                                              rankBy: m, adjustPredProbs: adjust_pred_probs != 0, threads: threadCount())
        count.pointee = Int64(r.count)
        if r.count > Int(capacity) {
            throw CleanlabError(.bufferTooSmall, "out_indices has room for \(capacity) indices, \(r.count) needed")
        }
        for (e, v) in r.enumerated() { out[e] = Int64(v) }
    }
}

@c @implementation
public func cl_find_top_issues(_ quality_scores: UnsafePointer<Double>?, _ n: Int64, _ top: Int64,
                               _ out_indices: UnsafeMutablePointer<Int64>?, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_top_issues") { () throws(CleanlabError) in
        if n < 0 { throw CleanlabError(.shape, "n must be >= 0, got \(n)") }
        try checkExtent(Int(n), elementSize: 8, "quality_scores")
        let scores: UnsafeBufferPointer<Double>
        if n == 0 {
            scores = UnsafeBufferPointer(start: emptyDoubles, count: 0)
        } else {
            scores = UnsafeBufferPointer(start: try require(quality_scores, "quality_scores"), count: Int(n))
        }
        let wanted = top < 0 ? Int(n) : Int(Swift.min(top, n))
        let out = wanted > 0 ? try require(out_indices, "out_indices") : out_indices
        let r = Cleanlab.findTopIssues(scores, top: top < 0 ? nil : Int(top))
        if let out { for (e, v) in r.enumerated() { out[e] = Int64(v) } }
        out_count?.pointee = Int64(r.count)
    }
}
