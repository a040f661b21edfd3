// The cl_ml_* functions of the "multilabel" part of the health section of include/cleanlab.h
// (cleanlab's one-vs-rest multi-label classification). Each thunk validates its pointers and
// sizes, calls one CleanlabCore `MultiLabel` function and maps errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

/// A view over a cl_multilabels descriptor (pointer and size checks; the rest in the core).
func multiLabelView(_ desc: UnsafePointer<cl_multilabels>?) throws(CleanlabError) -> MultiLabelView {
    let d = try require(desc, "labels").pointee
    let n = Int(d.n_examples)
    if n < 0 { throw CleanlabError(.shape, "labels.n_examples must be >= 0, got \(n)") }
    try checkExtent(n + 1, elementSize: 8, "labels.offsets")
    let offsets = try require(d.offsets, "labels.offsets")
    let nnz = offsets[n]
    if nnz < 0 { throw CleanlabError(.shape, "labels.offsets[n] must be >= 0, got \(nnz)") }
    try checkExtent(Int(nnz), elementSize: 8, "labels.classes")
    let classes: UnsafePointer<Int64>
    if nnz == 0 {
        classes = d.classes ?? emptyLabels
    } else {
        classes = try require(d.classes, "labels.classes")
    }
    // every offset must lie within [0, nnz] before the core reads classes through it
    for i in 0...n where offsets[i] < 0 || offsets[i] > nnz {
        throw CleanlabError(.shape, "labels.offsets[\(i)] = \(offsets[i]) is outside [0, offsets[n] = \(nnz)]")
    }
    return MultiLabelView(offsets: offsets, classes: classes, count: n)
}

func readMultiLabelOptions(_ p: UnsafePointer<cl_options>?, k: Int) throws(CleanlabError) -> (MultiLabelFilterOptions, Int32) {
    var joint: UnsafePointer<Double>? = nil
    let (f, threads): (FilterOptions, Int32)
    if let p {
        var copy = p.pointee
        joint = copy.confident_joint
        copy.confident_joint = nil
        (f, threads) = try withUnsafePointer(to: &copy) { (q) throws(CleanlabError) in try readOptions(q, k: k) }
    } else {
        (f, threads) = try readOptions(nil, k: k)
    }
    var o = MultiLabelFilterOptions()
    o.filterBy = f.filterBy
    o.rankBy = f.rankBy
    o.rankAdjustPredProbs = f.rankAdjustPredProbs
    o.fracNoise = f.fracNoise
    o.minExamplesPerClass = f.minExamplesPerClass
    o.numToRemovePerClass = f.numToRemovePerClass
    if let joint {
        try checkExtent(4 * k, elementSize: 8, "options.confident_joint")
        o.confidentJoint = Array(UnsafeBufferPointer(start: joint, count: 4 * k))
    }
    return (o, threads)
}

@c @implementation
public func cl_ml_get_confident_thresholds(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                           _ out_thresholds: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_ml_get_confident_thresholds") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_thresholds, "out_thresholds")
        let t = try MultiLabel.confidentThresholds(p, labels: l, threads: threadCount())
        out.update(from: t, count: t.count)
    }
}

@c @implementation
public func cl_ml_compute_confident_joint(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                          _ thresholds: UnsafePointer<Double>?, _ thresholds_dtype: Int32, _ calibrate: Int32,
                                          _ out_confident_joint: UnsafeMutablePointer<Int64>?,
                                          _ out_off_diagonal_masks: UnsafeMutablePointer<UInt8>?) -> cl_status {
    guarded("cl_ml_compute_confident_joint") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_confident_joint, "out_confident_joint")
        let t = thresholds.map { Array(UnsafeBufferPointer(start: $0, count: 2)) }
        let prec = t == nil ? Precision.float64 : try precision(thresholds_dtype)
        let (cj, off) = try MultiLabel.computeConfidentJoint(p, labels: l, thresholds: t, thresholdsPrecision: prec,
                                                             calibrate: calibrate != 0, threads: threadCount())
        out.update(from: cj, count: cj.count)
        if let masks = out_off_diagonal_masks {
            let n = p.rows
            masks.update(repeating: 0, count: n * p.columns)
            for (c, idx) in off.enumerated() { for i in idx { masks[c * n + i] = 1 } }
        }
    }
}

@c @implementation
public func cl_ml_calibrate_confident_joint(_ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64,
                                            _ labels: UnsafePointer<cl_multilabels>?,
                                            _ out_calibrated: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_ml_calibrate_confident_joint") { () throws(CleanlabError) in
        let cjp = try require(confident_joint, "confident_joint")
        let k = Int(n_classes)
        if k < 1 { throw CleanlabError(.shape, "n_classes must be >= 1, got \(k)") }
        try checkExtent(4 * k, elementSize: 8, "confident_joint")
        let l = try multiLabelView(labels)
        let out = try require(out_calibrated, "out_calibrated")
        let r = try MultiLabel.calibrateConfidentJoint(Array(UnsafeBufferPointer(start: cjp, count: 4 * k)), k: k, labels: l)
        out.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_ml_estimate_joint(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                 _ confident_joint: UnsafePointer<Double>?, _ out_joint: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_ml_estimate_joint") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_joint, "out_joint")
        let cj = confident_joint.map { Array(UnsafeBufferPointer(start: $0, count: 4 * p.columns)) }
        let r = try MultiLabel.estimateJoint(p, labels: l, confidentJoint: cj, threads: threadCount())
        out.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_ml_num_label_issues(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                   _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_ml_num_label_issues") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_count, "out_count")
        out.pointee = Int64(try MultiLabel.numLabelIssues(p, labels: l, threads: threadCount()))
    }
}

@c @implementation
public func cl_ml_find_label_issues(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                    _ options: UnsafePointer<cl_options>?, _ out_mask: UnsafeMutablePointer<UInt8>?,
                                    _ out_ranked_indices: UnsafeMutablePointer<Int64>?, _ ranked_capacity: Int64,
                                    _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_ml_find_label_issues") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let (o, threads) = try readMultiLabelOptions(options, k: p.columns)
        let mask = try require(out_mask, "out_mask")
        let num = try require(out_num_issues, "out_num_issues")
        if o.rankBy != nil { _ = try require(out_ranked_indices, "out_ranked_indices") }
        let (count, ranked) = try MultiLabel.findLabelIssues(p, labels: l, options: o,
                                                             mask: UnsafeMutableBufferPointer(start: mask, count: p.rows),
                                                             threads: threadCount(threads))
        num.pointee = Int64(count)
        if let ranked, let out = out_ranked_indices {
            if ranked_capacity < Int64(ranked.count) {
                throw CleanlabError(.bufferTooSmall, "ranked_capacity is \(ranked_capacity) but \(ranked.count) issues were found")
            }
            for (j, i) in ranked.enumerated() { out[j] = Int64(i) }
        }
    }
}

@c @implementation
public func cl_ml_find_label_issues_per_class(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                              _ options: UnsafePointer<cl_options>?, _ out_masks: UnsafeMutablePointer<UInt8>?,
                                              _ out_ranked: UnsafeMutablePointer<Int64>?,
                                              _ out_counts: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_ml_find_label_issues_per_class") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let (o, threads) = try readMultiLabelOptions(options, k: p.columns)
        let masks = try require(out_masks, "out_masks")
        let n = p.rows, k = p.columns
        try checkExtent(n * k, elementSize: 8, "out_masks")
        if o.rankBy != nil { _ = try require(out_ranked, "out_ranked") }
        let ranked = try MultiLabel.findLabelIssuesPerClass(p, labels: l, options: o,
                                                            masks: UnsafeMutableBufferPointer(start: masks, count: n * k),
                                                            threads: threadCount(threads))
        if let counts = out_counts {
            for c in 0..<k {
                var s: Int64 = 0
                for i in 0..<n where masks[c * n + i] != 0 { s += 1 }
                counts[c] = s
            }
        }
        if let ranked, let out = out_ranked {
            for (c, r) in ranked.enumerated() { for (j, i) in r.enumerated() { out[c * n + j] = Int64(i) } }
        }
    }
}

@c @implementation
public func cl_ml_get_label_quality_scores_per_class(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                                     _ method: Int32, _ adjust_pred_probs: Int32,
                                                     _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_ml_get_label_quality_scores_per_class") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_scores, "out_scores")
        let r = try rankBy(method, allowNone: false)!
        let s = try MultiLabel.labelQualityScoresPerClass(p, labels: l, method: r, adjustPredProbs: adjust_pred_probs != 0,
                                                          threads: threadCount())
        out.update(from: s, count: s.count)
    }
}

func aggregator(_ code: Int32, _ param: Double) throws(CleanlabError) -> MultiLabelAggregator {
    switch code {
    case Int32(CL_ML_EXPONENTIAL_MOVING_AVERAGE.rawValue): return .exponentialMovingAverage(alpha: param.isNaN ? nil : param)
    case Int32(CL_ML_SOFTMIN.rawValue): return .softmin(temperature: param)
    default: throw CleanlabError(.invalidArgument, "aggregator \(code) is not a cl_ml_aggregator (1 = exponential_moving_average, 2 = softmin)")
    }
}

@c @implementation
public func cl_ml_get_label_quality_scores(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_multilabels>?,
                                           _ method: Int32, _ adjust_pred_probs: Int32, _ aggregator_code: Int32, _ param: Double,
                                           _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_ml_get_label_quality_scores") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try multiLabelView(labels)
        let out = try require(out_scores, "out_scores")
        let r = try rankBy(method, allowNone: false)!
        let a = try aggregator(aggregator_code, param)
        let s = try MultiLabel.labelQualityScores(p, labels: l, method: r, adjustPredProbs: adjust_pred_probs != 0,
                                                  aggregator: a, threads: threadCount())
        out.update(from: s, count: s.count)
    }
}

@c @implementation
public func cl_ml_aggregate(_ scores: UnsafePointer<Double>?, _ n: Int64, _ k: Int64, _ aggregator_code: Int32, _ param: Double,
                            _ out: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_ml_aggregate") { () throws(CleanlabError) in
        let s = try require(scores, "scores")
        if n < 0 || k < 1 { throw CleanlabError(.shape, "scores must be n x k with n >= 0 and k >= 1, got \(n) x \(k)") }
        let (nk, o) = Int(n).multipliedReportingOverflow(by: Int(k))
        if o { throw CleanlabError(.shape, "n x k overflows") }
        try checkExtent(nk, elementSize: 8, "scores")
        let dst = try require(out, "out")
        let values = Array(UnsafeBufferPointer(start: s, count: nk))
        for (e, v) in values.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "scores[\(e / Int(k)), \(e % Int(k))] = \(v) is not finite")
        }
        let r = try MultiLabel.aggregate(values, n: Int(n), k: Int(k), aggregator: try aggregator(aggregator_code, param))
        dst.update(from: r, count: r.count)
    }
}
