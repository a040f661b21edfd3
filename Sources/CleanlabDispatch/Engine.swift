// Runtime CPU dispatch of the hot entry points, shared by the ABI layer (libcleanlab.so) and the
// command-line tool. On x86-64 the package compiles the core twice:
// CleanlabCore for the x86-64 baseline (SSE2) and CleanlabCoreV3, the same sources (a symlinked
// directory) compiled for Haswell (x86-64-v3: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE). `Engine`
// has the signatures of the `Cleanlab` functions that read pred_probs, and runs the
// AVX2 copy when clsupport_use_avx2() says the CPU has every feature it was compiled for (and
// CLEANLAB_CPU is not "baseline"); everything else, and every other entry point, runs the
// baseline. Both copies give bit-identical results: Swift never contracts a * b + c into an FMA,
// and the kernels fix their own order of operations (the C suite compares output digests of
// both on every dtype).
import CCleanlab
import CCleanlabSupport
import CleanlabCore
#if canImport(CleanlabCoreV3)
import CleanlabCoreV3

typealias V3 = CleanlabCoreV3.Cleanlab
#endif

public enum Engine {
    /// In a process forked after the library was loaded, every part of a parallel region runs
    /// on a thread of its own (see `partZeroOnCaller` in the core). Called by the ABI layer at
    /// the start of each call that may use threads.
    @inline(__always)
    public static func noteFork() {
        guard clsupport_forked() != 0 else { return }
        CleanlabCore.partZeroOnCaller = false
        #if canImport(CleanlabCoreV3)
        CleanlabCoreV3.partZeroOnCaller = false
        #endif
    }

    #if canImport(CleanlabCoreV3)
    @inline(__always) static var avx2: Bool { clsupport_use_avx2() != 0 }

    /// Runs `body` on the AVX2 copy, mapping its error type back to the baseline's.
    @inline(__always)
    static func v3<R>(_ body: () throws(CleanlabCoreV3.CleanlabError) -> R) throws(CleanlabCore.CleanlabError) -> R {
        do {
            return try body()
        } catch {
            throw CleanlabCore.CleanlabError(CleanlabCore.CleanlabError.Code(rawValue: error.code.rawValue) ?? .internal, error.message)
        }
    }

    static func convert(_ p: CleanlabCore.PredProbs) -> CleanlabCoreV3.PredProbs {
        switch p {
        case .float16(let m): return .float16(.init(base: m.base, rows: m.rows, columns: m.columns, rowStride: m.rowStride))
        case .float32(let m): return .float32(.init(base: m.base, rows: m.rows, columns: m.columns, rowStride: m.rowStride))
        case .float64(let m): return .float64(.init(base: m.base, rows: m.rows, columns: m.columns, rowStride: m.rowStride))
        }
    }

    static func convert(_ l: CleanlabCore.LabelView) -> CleanlabCoreV3.LabelView {
        let (base, is64) = l.storage
        return is64 ? .init(int64: base.assumingMemoryBound(to: Int64.self), count: l.count)
                    : .init(int32: base.assumingMemoryBound(to: Int32.self), count: l.count)
    }

    static func convert(_ m: CleanlabCore.RankBy) -> CleanlabCoreV3.RankBy { .init(rawValue: m.rawValue)! }

    static func convert(_ o: CleanlabCore.FilterOptions) -> CleanlabCoreV3.FilterOptions {
        var r = CleanlabCoreV3.FilterOptions()
        r.filterBy = .init(rawValue: o.filterBy.rawValue)!
        r.rankBy = o.rankBy.map(convert)
        r.rankAdjustPredProbs = o.rankAdjustPredProbs
        r.fracNoise = o.fracNoise
        r.minExamplesPerClass = o.minExamplesPerClass
        r.numToRemovePerClass = o.numToRemovePerClass
        r.confidentJoint = o.confidentJoint
        r.confidentJointColumnMajor = o.confidentJointColumnMajor
        return r
    }

    static func convert(_ p: CleanlabCore.Precision) -> CleanlabCoreV3.Precision {
        switch p {
        case .float16: return .float16
        case .float32: return .float32
        case .float64: return .float64
        }
    }
    #else
    @inline(__always) static var avx2: Bool { false }
    #endif

    public static func confidentThresholds(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, threads: Int) throws(CleanlabCore.CleanlabError) -> [Double] {
        #if canImport(CleanlabCoreV3)
        if avx2 { return try v3 { () throws(CleanlabCoreV3.CleanlabError) in try V3.confidentThresholds(convert(p), labels: convert(labels), threads: threads) } }
        #endif
        return try CleanlabCore.Cleanlab.confidentThresholds(p, labels: labels, threads: threads)
    }

    public static func computeConfidentJoint(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, thresholds: [Double]?, thresholdsPrecision: CleanlabCore.Precision,
                                      calibrate: Bool, offDiagonalMask: UnsafeMutableBufferPointer<UInt8>?,
                                      threads: Int) throws(CleanlabCore.CleanlabError) -> (counts: [Int64], numOffDiagonal: Int) {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.computeConfidentJoint(convert(p), labels: convert(labels), thresholds: thresholds,
                                             thresholdsPrecision: convert(thresholdsPrecision), calibrate: calibrate,
                                             offDiagonalMask: offDiagonalMask, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.computeConfidentJoint(p, labels: labels, thresholds: thresholds, thresholdsPrecision: thresholdsPrecision,
                                                  calibrate: calibrate, offDiagonalMask: offDiagonalMask, threads: threads)
    }

    /// `estimateJoint` from pred_probs (the form that reads them).
    public static func estimateJoint(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, k: Int, threads: Int) throws(CleanlabCore.CleanlabError) -> [Double] {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.estimateJoint(convert(p), labels: convert(labels), confidentJoint: nil, k: k, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.estimateJoint(p, labels: labels, confidentJoint: nil, k: k, threads: threads)
    }

    public static func numLabelIssues(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, method: CleanlabCore.EstimationMethod, confidentJoint: [Double]?,
                               columnMajor: Bool, threads: Int) throws(CleanlabCore.CleanlabError) -> Int {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.numLabelIssues(convert(p), labels: convert(labels), method: .init(rawValue: method.rawValue)!,
                                      confidentJoint: confidentJoint, columnMajor: columnMajor, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.numLabelIssues(p, labels: labels, method: method, confidentJoint: confidentJoint,
                                           columnMajor: columnMajor, threads: threads)
    }

    public static func findLabelIssues(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, options: CleanlabCore.FilterOptions,
                                mask: UnsafeMutableBufferPointer<UInt8>, threads: Int) throws(CleanlabCore.CleanlabError) -> (count: Int, ranked: [Int]?) {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.findLabelIssues(convert(p), labels: convert(labels), options: convert(options), mask: mask, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.findLabelIssues(p, labels: labels, options: options, mask: mask, threads: threads)
    }

    public static func findPredictedNeqGiven(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, mask: UnsafeMutableBufferPointer<UInt8>,
                                      threads: Int) throws(CleanlabCore.CleanlabError) -> Int {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.findPredictedNeqGiven(convert(p), labels: convert(labels), mask: mask, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.findPredictedNeqGiven(p, labels: labels, mask: mask, threads: threads)
    }

    public static func labelQualityScores(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, method: CleanlabCore.RankBy, adjustPredProbs: Bool,
                                   into out: UnsafeMutableBufferPointer<Double>, requireNonEmpty: Bool,
                                   threads: Int) throws(CleanlabCore.CleanlabError) {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.labelQualityScores(convert(p), labels: convert(labels), method: convert(method), adjustPredProbs: adjustPredProbs,
                                          into: out, requireNonEmpty: requireNonEmpty, threads: threads)
            }
        }
        #endif
        try CleanlabCore.Cleanlab.labelQualityScores(p, labels: labels, method: method, adjustPredProbs: adjustPredProbs,
                                        into: out, requireNonEmpty: requireNonEmpty, threads: threads)
    }

    public static func orderLabelIssues(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, mask: UnsafeBufferPointer<UInt8>, rankBy: CleanlabCore.RankBy,
                                 adjustPredProbs: Bool, threads: Int) throws(CleanlabCore.CleanlabError) -> [Int] {
        #if canImport(CleanlabCoreV3)
        if avx2 {
            return try v3 { () throws(CleanlabCoreV3.CleanlabError) in
                try V3.orderLabelIssues(convert(p), labels: convert(labels), mask: mask, rankBy: convert(rankBy),
                                        adjustPredProbs: adjustPredProbs, threads: threads)
            }
        }
        #endif
        return try CleanlabCore.Cleanlab.orderLabelIssues(p, labels: labels, mask: mask, rankBy: rankBy, adjustPredProbs: adjustPredProbs,
                                             threads: threads)
    }

    /// Convenience form of `findLabelIssues` that allocates the mask (as `Cleanlab`'s).
    public static func findLabelIssues(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, options: CleanlabCore.FilterOptions,
                                       threads: Int) throws(CleanlabCore.CleanlabError) -> (mask: [Bool], rankedIndices: [Int]?) {
        var bytes = [UInt8](repeating: 0, count: Swift.max(p.rows, 0))
        let r = try bytes.withUnsafeMutableBufferPointer { b throws(CleanlabCore.CleanlabError) in
            try findLabelIssues(p, labels: labels, options: options, mask: b, threads: threads)
        }
        return (bytes.map { $0 != 0 }, r.ranked)
    }

    /// Convenience form of `labelQualityScores` that allocates the result.
    public static func labelQualityScores(_ p: CleanlabCore.PredProbs, labels: CleanlabCore.LabelView, method: CleanlabCore.RankBy,
                                          threads: Int) throws(CleanlabCore.CleanlabError) -> [Double] {
        var out = [Double](repeating: 0, count: Swift.max(p.rows, 0))
        try out.withUnsafeMutableBufferPointer { b throws(CleanlabCore.CleanlabError) in
            try labelQualityScores(p, labels: labels, method: method, adjustPredProbs: false, into: b, requireNonEmpty: true,
                                   threads: threads)
        }
        return out
    }

    /// Which copy runs the functions above: `cl_cpu_kernels()`'s "x86-64-v3" or "baseline".
    public static var kernels: String { String(cString: cl_cpu_kernels()) }
}
