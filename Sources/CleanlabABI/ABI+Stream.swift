// The cl_stream_* functions of include/cleanlab.h (area: stream). A cl_stream * is an
// Unmanaged, retained CleanlabCore.LabelIssueStream; cl_stream_destroy releases it.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

func streamOptions(_ n_classes: Int64, _ options: UnsafePointer<cl_options>?, _ quality_method: Int32,
                   _ quality_adjust_pred_probs: Int32) throws(CleanlabError) -> (Int, StreamOptions) {
    if n_classes < 2 { throw CleanlabError(.shape, "n_classes must be >= 2, got \(n_classes)") }
    if n_classes > Int64(Int32.max) { throw CleanlabError(.shape, "n_classes (\(n_classes)) is too large") }
    let k = Int(n_classes)
    var o = StreamOptions()
    let (f, threads) = try readOptions(options, k: k)
    o.filter = f
    o.threads = threadCount(threads)
    o.qualityMethod = try rankBy(quality_method, allowNone: true)
    o.qualityAdjustPredProbs = quality_adjust_pred_probs != 0
    return (k, o)
}

@inline(__always)
func streamObject(_ h: OpaquePointer?) throws(CleanlabError) -> LabelIssueStream {
    guard let h else { throw CleanlabError(.nullPointer, "stream is NULL") }
    return Unmanaged<LabelIssueStream>.fromOpaque(UnsafeRawPointer(h)).takeUnretainedValue()
}

@c @implementation
public func cl_stream_create(_ labels: UnsafePointer<cl_labels>?, _ n_classes: Int64, _ options: UnsafePointer<cl_options>?,
                             _ quality_method: Int32, _ quality_adjust_pred_probs: Int32,
                             _ out_stream: UnsafeMutablePointer<OpaquePointer?>?) -> cl_status {
    guarded("cl_stream_create") { () throws(CleanlabError) in
        let out = try require(out_stream, "out_stream")
        out.pointee = nil
        let l = try labelView(labels)
        let (k, o) = try streamOptions(n_classes, options, quality_method, quality_adjust_pred_probs)
        let s = try LabelIssueStream(labels: l, classes: k, options: o)
        out.pointee = OpaquePointer(Unmanaged.passRetained(s).toOpaque())
    }
}

@c @implementation
public func cl_stream_create_without_labels(_ n_classes: Int64, _ options: UnsafePointer<cl_options>?,
                                            _ quality_method: Int32, _ quality_adjust_pred_probs: Int32,
                                            _ out_stream: UnsafeMutablePointer<OpaquePointer?>?) -> cl_status {
    guarded("cl_stream_create_without_labels") { () throws(CleanlabError) in
        let out = try require(out_stream, "out_stream")
        out.pointee = nil
        let (k, o) = try streamOptions(n_classes, options, quality_method, quality_adjust_pred_probs)
        let s = try LabelIssueStream(classes: k, options: o)
        out.pointee = OpaquePointer(Unmanaged.passRetained(s).toOpaque())
    }
}

@c @implementation
public func cl_stream_destroy(_ stream: OpaquePointer?) {
    guard let stream else { return }
    Unmanaged<LabelIssueStream>.fromOpaque(UnsafeRawPointer(stream)).release()
}

@c @implementation
public func cl_stream_pass_count(_ stream: OpaquePointer?, _ out_passes: UnsafeMutablePointer<Int32>?,
                                 _ out_done: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_stream_pass_count") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_passes, "out_passes")
        out.pointee = Int32(s.passCount)
        out_done?.pointee = Int32(s.passesDone)
    }
}

@c @implementation
public func cl_stream_begin_pass(_ stream: OpaquePointer?, _ out_pass_needed: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_stream_begin_pass") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_pass_needed, "out_pass_needed")
        out.pointee = try s.beginPass() ? 1 : 0
    }
}

@c @implementation
public func cl_stream_feed(_ stream: OpaquePointer?, _ block: UnsafePointer<cl_pred_probs>?, _ first_row: Int64) -> cl_status {
    guarded("cl_stream_feed") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let p = try predProbs(block)
        if first_row < 0 { throw CleanlabError(.shape, "first_row must be >= 0, got \(first_row)") }
        try s.feed(p, firstRow: Int(first_row))
    }
}

@c @implementation
public func cl_stream_feed_with_labels(_ stream: OpaquePointer?, _ block: UnsafePointer<cl_pred_probs>?,
                                       _ labels: UnsafePointer<cl_labels>?, _ first_row: Int64) -> cl_status {
    guarded("cl_stream_feed_with_labels") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let p = try predProbs(block)
        let l = try labelView(labels)
        if first_row < 0 { throw CleanlabError(.shape, "first_row must be >= 0, got \(first_row)") }
        try s.feed(p, labels: l, firstRow: Int(first_row))
    }
}

@c @implementation
public func cl_stream_end_pass(_ stream: OpaquePointer?) -> cl_status {
    guarded("cl_stream_end_pass") { () throws(CleanlabError) in
        try streamObject(stream).endPass()
    }
}

@c @implementation
public func cl_stream_result(_ stream: OpaquePointer?, _ out_mask: UnsafeMutablePointer<UInt8>?,
                             _ out_ranked_indices: UnsafeMutablePointer<Int64>?, _ ranked_capacity: Int64,
                             _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_stream_result") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let mask = try require(out_mask, "out_mask")
        let count = try require(out_num_issues, "out_num_issues")
        try checkRankedOutput(wanted: s.options.filter.rankBy != nil, out_ranked_indices, capacity: ranked_capacity)
        let r = try s.result(mask: UnsafeMutableBufferPointer(start: mask, count: s.n))
        count.pointee = Int64(r.count)
        try writeRankedIndices(r.ranked, out_ranked_indices, capacity: ranked_capacity)
    }
}

@c @implementation
public func cl_stream_quality_scores(_ stream: OpaquePointer?, _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_stream_quality_scores") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_scores, "out_scores")
        try s.qualityScores(into: UnsafeMutableBufferPointer(start: out, count: s.n))
    }
}

@c @implementation
public func cl_stream_quality_scores_range(_ stream: OpaquePointer?, _ first_row: Int64, _ n_rows: Int64,
                                           _ out_scores: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_stream_quality_scores_range") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_scores, "out_scores")
        if first_row < 0 || n_rows < 0 || first_row > Int64(Int.max) - n_rows {
            throw CleanlabError(.shape, "rows \(first_row) + \(n_rows): first_row and n_rows must be >= 0")
        }
        let lo = Int(first_row)
        try s.qualityScores(range: lo..<(lo + Int(n_rows)), into: UnsafeMutableBufferPointer(start: out, count: Int(n_rows)))
    }
}

@c @implementation
public func cl_stream_num_label_issues(_ stream: OpaquePointer?, _ estimation_method: Int32, _ confident_joint: UnsafePointer<Double>?,
                                       _ confident_joint_order: Int32, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_stream_num_label_issues") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_count, "out_count")
        let (method, cj, columnMajor) = try numLabelIssuesArguments(estimation_method, confident_joint,
                                                                    confident_joint_order, k: s.k)
        out.pointee = Int64(try s.numLabelIssues(method: method, confidentJoint: cj, columnMajor: columnMajor))
    }
}

@c @implementation
public func cl_stream_confident_thresholds(_ stream: OpaquePointer?, _ out_thresholds: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_stream_confident_thresholds") { () throws(CleanlabError) in
        let s = try streamObject(stream)
        let out = try require(out_thresholds, "out_thresholds")
        let t = try s.confidentThresholds()
        out.update(from: t, count: t.count)
    }
}
