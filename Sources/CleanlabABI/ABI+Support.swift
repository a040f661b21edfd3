// Boundary helpers: status mapping, thread-local messages, and views over C descriptors.
// Nothing here traps on bad input: every pointer, size and code is checked before use.
import CCleanlab
import CCleanlabSupport
import CleanlabCore
import CleanlabDispatch

/// Values of include/cleanlab.h: the version macros are imported from the header itself (one
/// source of truth); the tests compare the rest.
enum ABIConstants {
    static let versionNumber = UInt32(CL_VERSION_MAJOR * 10000 + CL_VERSION_MINOR * 100 + CL_VERSION_PATCH)
    static let abiVersion = UInt32(CL_ABI_VERSION)
    /// The size of the first published cl_options (ABI 1); smaller structs are rejected.
    static let optionsSizeV1: UInt32 = 64
}

@inline(__always)
func status(_ code: CleanlabError.Code) -> cl_status {
    cl_status(rawValue: numericCast(code.rawValue))
}

func fail(_ error: CleanlabError, in function: StaticString) -> cl_status {
    let text = "\(function): \(error.message)"
    text.withCString { clsupport_set_error($0) }
    return status(error.code)
}

/// Runs `body`, returning CL_OK (and clearing the message) or the error's status and message.
@inline(__always)
func guarded(_ function: StaticString, _ body: () throws(CleanlabError) -> Void) -> cl_status {
    do {
        try body()
        clsupport_clear_error()
        return CL_OK
    } catch {
        return fail(error, in: function)
    }
}

func threadCount(_ requested: Int32 = 0) -> Int {
    // (every call that may use threads asks for its count here, before any region)
    Engine.noteFork()
    return requested > 0 ? Int(requested) : Int(cl_get_num_threads())
}

func require<T>(_ p: T?, _ name: String) throws(CleanlabError) -> T {
    guard let p else { throw CleanlabError(.nullPointer, "\(name) is NULL") }
    return p
}

/// Checks that `count` elements of `size` bytes are addressable (no overflow).
func checkExtent(_ count: Int, elementSize: Int, _ name: String) throws(CleanlabError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
    if overflow || bytes > Int.max / 2 {
        throw CleanlabError(.shape, "\(name) is too large: \(count) elements overflow the address space")
    }
}

/// A typed view over a cl_pred_probs descriptor, after every check.
func predProbs(_ desc: UnsafePointer<cl_pred_probs>?) throws(CleanlabError) -> PredProbs {
    let d = try require(desc, "pred_probs").pointee
    let n = Int(d.n_examples), k = Int(d.n_classes)
    if n < 0 { throw CleanlabError(.shape, "pred_probs.n_examples must be >= 0, got \(n)") }
    if k < 2 { throw CleanlabError(.shape, "pred_probs.n_classes must be >= 2, got \(k)") }
    let stride = d.row_stride == 0 ? k : Int(d.row_stride)
    if stride < k {
        throw CleanlabError(.shape, "pred_probs.row_stride (\(stride)) must be 0 or >= n_classes (\(k))")
    }
    if n > 0 {
        let (span, o1) = (n - 1).multipliedReportingOverflow(by: stride)
        let (total, o2) = span.addingReportingOverflow(k)
        if o1 || o2 { throw CleanlabError(.shape, "pred_probs is too large: \(n) x \(stride) elements overflow") }
        try checkExtent(total, elementSize: 8, "pred_probs")
    }
    guard let raw = d.data else {
        if n == 0 {
            // an empty matrix needs no memory; point at a dummy element
            return .float64(ProbabilityMatrix(base: emptyDoubles, rows: 0, columns: k, rowStride: stride))
        }
        throw CleanlabError(.nullPointer, "pred_probs.data is NULL")
    }
    switch d.dtype {
    case Int32(CL_DTYPE_FLOAT16.rawValue):
        return .float16(ProbabilityMatrix(base: raw.assumingMemoryBound(to: Float16.self), rows: n, columns: k, rowStride: stride))
    case Int32(CL_DTYPE_FLOAT32.rawValue):
        return .float32(ProbabilityMatrix(base: raw.assumingMemoryBound(to: Float.self), rows: n, columns: k, rowStride: stride))
    case Int32(CL_DTYPE_FLOAT64.rawValue):
        return .float64(ProbabilityMatrix(base: raw.assumingMemoryBound(to: Double.self), rows: n, columns: k, rowStride: stride))
    default:
        throw CleanlabError(.dtype, "pred_probs.dtype \(d.dtype) is not a cl_dtype (1 = float16, 2 = float32, 3 = float64)")
    }
}

nonisolated(unsafe) let emptyDoubles: UnsafePointer<Double> = {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

nonisolated(unsafe) let emptyLabels: UnsafePointer<Int64> = {
    let p = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

/// A view over a cl_labels descriptor, after every check but the range (done by the core).
func labelView(_ desc: UnsafePointer<cl_labels>?) throws(CleanlabError) -> LabelView {
    let d = try require(desc, "labels").pointee
    let n = Int(d.n_examples)
    if n < 0 { throw CleanlabError(.shape, "labels.n_examples must be >= 0, got \(n)") }
    try checkExtent(n, elementSize: 8, "labels")
    guard let raw = d.data else {
        if n == 0 { return LabelView(int64: emptyLabels, count: 0) }
        throw CleanlabError(.nullPointer, "labels.data is NULL")
    }
    switch d.dtype {
    case Int32(CL_LABEL_INT32.rawValue): return LabelView(int32: raw.assumingMemoryBound(to: Int32.self), count: n)
    case Int32(CL_LABEL_INT64.rawValue): return LabelView(int64: raw.assumingMemoryBound(to: Int64.self), count: n)
    default:
        throw CleanlabError(.dtype, "labels.dtype \(d.dtype) is not a cl_label_dtype (1 = int32, 2 = int64)")
    }
}

/// Reads a K × K double matrix after checking its pointer and size.
func squareMatrix(_ p: UnsafePointer<Double>?, k: Int, _ name: String) throws(CleanlabError) -> [Double] {
    let base = try require(p, name)
    if k < 2 { throw CleanlabError(.shape, "n_classes must be >= 2, got \(k)") }
    let (kk, o) = k.multipliedReportingOverflow(by: k)
    if o { throw CleanlabError(.shape, "n_classes (\(k)) is too large") }
    try checkExtent(kk, elementSize: 8, name)
    return Array(UnsafeBufferPointer(start: base, count: kk))
}

func rankBy(_ v: Int32, allowNone: Bool) throws(CleanlabError) -> RankBy? {
    if v == 0 && allowNone { return nil }
    guard let r = RankBy(rawValue: v) else {
        throw CleanlabError(.invalidArgument, "\(v) is not a valid scoring method for rank_by: choose self_confidence (1), normalized_margin (2) or confidence_weighted_entropy (3)\(allowNone ? " or none (0)" : "")")
    }
    return r
}

func precision(_ v: Int32) throws(CleanlabError) -> Precision {
    switch v {
    case Int32(CL_DTYPE_FLOAT16.rawValue): return .float16
    case Int32(CL_DTYPE_FLOAT32.rawValue): return .float32
    case Int32(CL_DTYPE_FLOAT64.rawValue): return .float64
    default: throw CleanlabError(.dtype, "thresholds_dtype \(v) is not a cl_dtype (1 = float16, 2 = float32, 3 = float64)")
    }
}

func matrixOrder(_ v: Int32) throws(CleanlabError) -> Bool {
    switch v {
    case Int32(CL_ORDER_ROW_MAJOR.rawValue): return false
    case Int32(CL_ORDER_COLUMN_MAJOR.rawValue): return true
    default: throw CleanlabError(.invalidArgument, "confident_joint_order \(v) is not a cl_matrix_order (0 = row-major, 1 = column-major)")
    }
}

// MARK: Arguments shared by several areas

/// A caller's versioned options struct, or `defaults` when `p` is NULL. A `struct_size` below
/// `minimumSize` (the first published layout) means the struct was not initialised with
/// `<typeName>_init()`: CL_E_INVALID_ARGUMENT. Fields of later ABIs would be read only when
/// struct_size covers them.
func versionedOptions<T>(_ p: UnsafePointer<T>?, defaults: T, structSize: KeyPath<T, UInt32>, minimumSize: UInt32,
                         typeName: String) throws(CleanlabError) -> T {
    guard let p else { return defaults }
    let size = p.pointee[keyPath: structSize]
    if size < minimumSize {
        throw CleanlabError(.invalidArgument, "options.struct_size is \(size): initialise \(typeName) with \(typeName)_init()")
    }
    return p.pointee
}

/// The arguments of num_label_issues (cl_num_label_issues, cl_stream_num_label_issues): the
/// estimation method and, for off_diagonal_custom only, the caller's K × K confident joint and
/// whether it is column-major.
func numLabelIssuesArguments(_ estimation_method: Int32, _ confident_joint: UnsafePointer<Double>?,
                             _ confident_joint_order: Int32, k: Int) throws(CleanlabError)
    -> (method: EstimationMethod, confidentJoint: [Double]?, columnMajor: Bool) {
    guard let method = EstimationMethod(rawValue: estimation_method) else {
        throw CleanlabError(.invalidArgument, "\(estimation_method) is not a valid estimation method: choose off_diagonal (1), off_diagonal_calibrated (2) or off_diagonal_custom (3)")
    }
    var cj: [Double]? = nil
    var columnMajor = false
    if method == .offDiagonalCustom {
        columnMajor = try matrixOrder(confident_joint_order)
        guard confident_joint != nil else {
            throw CleanlabError(.nullPointer, "estimation_method 'off_diagonal_custom' needs a pre-calculated confident_joint (it is NULL)")
        }
        cj = try squareMatrix(confident_joint, k: k, "confident_joint")
    }
    return (method, cj, columnMajor)
}

/// find_label_issues' ranked output (cl_find_label_issues, cl_stream_result): when ranked indices
/// are asked for, out_ranked_indices must not be NULL and ranked_capacity must be >= 0.
func checkRankedOutput(wanted: Bool, _ out_ranked_indices: UnsafeMutablePointer<Int64>?,
                       capacity ranked_capacity: Int64) throws(CleanlabError) {
    if wanted && out_ranked_indices == nil {
        throw CleanlabError(.nullPointer, "out_ranked_indices is NULL but options.return_indices_ranked_by asks for ranked indices")
    }
    if wanted && ranked_capacity < 0 { throw CleanlabError(.invalidArgument, "ranked_capacity must be >= 0") }
}

/// Copies the ranked indices (if any) to out_ranked_indices (if given), after the mask and count
/// were filled: CL_E_BUFFER_TOO_SMALL when they do not fit in ranked_capacity.
func writeRankedIndices(_ ranked: [Int]?, _ out_ranked_indices: UnsafeMutablePointer<Int64>?,
                        capacity ranked_capacity: Int64) throws(CleanlabError) {
    if let ranked, let out = out_ranked_indices {
        if ranked.count > Int(ranked_capacity) {
            throw CleanlabError(.bufferTooSmall, "out_ranked_indices has room for \(ranked_capacity) indices, \(ranked.count) needed (the mask and count are filled)")
        }
        for (e, v) in ranked.enumerated() { out[e] = Int64(v) }
    }
}

// MARK: latent thunk bodies shared by the 2.x (cl_*) and 1.x (cl_v1_*) functions
//
// The 2.x and 1.x functions of the latent area take the same arguments and validate them the
// same way; only the CleanlabCore function (Latent with the 2.x constants, Latent1x with 1.x's)
// and a few argument names differ. Each body validates, calls `compute` and writes the outputs.

/// (py, noise_matrix, inverse_noise_matrix), as the core's latent estimators return them.
typealias LatentEstimates = (py: [Double], noiseMatrix: [Double], inv: [Double])

func estimateLatentBody(
    _ function: StaticString, _ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64, _ confident_joint_order: Int32,
    _ labels: UnsafePointer<cl_labels>?, _ py_method: Int32, _ converge_latent_estimates: Int32,
    _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
    _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?,
    _ compute: (_ cj: [Double], _ k: Int, _ labels: LabelView, _ method: PyMethod, _ converge: Bool,
                _ columnMajor: Bool) throws(CleanlabError) -> LatentEstimates
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let cj = try finiteSquare(confident_joint, k: k, "confident_joint")
        let columnMajor = try matrixOrder(confident_joint_order)
        let l = try labelView(labels)
        let method = try pyMethod(py_method)
        let opy = try require(out_py, "out_py")
        let onm = try require(out_noise_matrix, "out_noise_matrix")
        let oinv = try require(out_inverse_noise_matrix, "out_inverse_noise_matrix")
        let r = try compute(cj, k, l, method, converge_latent_estimates != 0, columnMajor)
        write(r.py, to: opy); write(r.noiseMatrix, to: onm); write(r.inv, to: oinv)
    }
}

/// `maxIterations`: nil, iteration counts must be >= 0 (2.x); else they must lie in
/// [0, maxIterations] (1.x: 2^31 - 1).
func convergeEstimatesBody(
    _ function: StaticString, _ ps: UnsafePointer<Double>?, _ py: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?,
    _ inverse_noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
    _ inv_noise_matrix_iterations: Int64, _ noise_matrix_iterations: Int64,
    _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
    _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?, maxIterations: Int64?,
    _ compute: (_ ps: [Double], _ py: [Double], _ nm: [Double], _ inv: [Double], _ k: Int, _ invIterations: Int,
                _ nmIterations: Int) throws(CleanlabError) -> LatentEstimates
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let vps = try finiteVector(ps, n: k, "ps"), vpy = try finiteVector(py, n: k, "py")
        let nm = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        let inv = try finiteSquare(inverse_noise_matrix, k: k, "inverse_noise_matrix")
        let negative = inv_noise_matrix_iterations < 0 || noise_matrix_iterations < 0
        let counts = "inv_noise_matrix_iterations = \(inv_noise_matrix_iterations), noise_matrix_iterations = \(noise_matrix_iterations)"
        if let limit = maxIterations {
            if negative || inv_noise_matrix_iterations > limit || noise_matrix_iterations > limit {
                throw CleanlabError(.invalidArgument, "iteration counts must lie in [0, 2^31 - 1], got \(counts)")
            }
        } else if negative {
            throw CleanlabError(.invalidArgument, "iteration counts must be >= 0, got \(counts)")
        }
        let opy = try require(out_py, "out_py")
        let onm = try require(out_noise_matrix, "out_noise_matrix")
        let oinv = try require(out_inverse_noise_matrix, "out_inverse_noise_matrix")
        let r = try compute(vps, vpy, nm, inv, k, Int(inv_noise_matrix_iterations), Int(noise_matrix_iterations))
        write(r.py, to: opy); write(r.noiseMatrix, to: onm); write(r.inv, to: oinv)
    }
}

/// `countsName`: the name of the class-count vector (2.x true_labels_class_counts, 1.x y_count),
/// required for py_method == marginal and ignored otherwise.
func computePyBody(
    _ function: StaticString, _ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?,
    _ inverse_noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64, _ py_method: Int32,
    _ class_counts: UnsafePointer<Double>?, countsName: String, _ out_py: UnsafeMutablePointer<Double>?,
    _ compute: (_ ps: [Double], _ nm: [Double], _ inv: [Double], _ k: Int, _ method: PyMethod,
                _ counts: [Double]?) throws(CleanlabError) -> [Double]
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let vps = try finiteVector(ps, n: k, "ps")
        let nm = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        let inv = try finiteSquare(inverse_noise_matrix, k: k, "inverse_noise_matrix")
        let method = try pyMethod(py_method)
        var counts: [Double]? = nil
        if method == .marginal {
            guard class_counts != nil else {
                throw CleanlabError(.invalidArgument, "py_method == \"marginal\" requires \(countsName), but \(countsName) is NULL")
            }
            counts = try finiteVector(class_counts, n: k, countsName)
        }
        let o = try require(out_py, "out_py")
        write(try compute(vps, nm, inv, k, method, counts), to: o)
    }
}

/// (vector, K x K matrix, optional vector) -> K x K matrix: compute_inv_noise_matrix (py,
/// noise_matrix, ps) and compute_noise_matrix_from_inverse (ps, inverse_noise_matrix, py).
func vectorMatrixBody(
    _ function: StaticString, _ vector: UnsafePointer<Double>?, _ vectorName: String, _ matrix: UnsafePointer<Double>?,
    _ matrixName: String, _ n_classes: Int64, _ optional: UnsafePointer<Double>?, _ optionalName: String,
    _ out: UnsafeMutablePointer<Double>?, _ outName: String,
    _ compute: (_ vector: [Double], _ matrix: [Double], _ optional: [Double]?, _ k: Int) throws(CleanlabError) -> [Double]
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let v = try finiteVector(vector, n: k, vectorName)
        let m = try finiteSquare(matrix, k: k, matrixName)
        let opt = optional == nil ? nil : try finiteVector(optional, n: k, optionalName)
        let o = try require(out, outName)
        write(try compute(v, m, opt, k), to: o)
    }
}

func computePyInvNoiseMatrixBody(
    _ function: StaticString, _ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
    _ out_py: UnsafeMutablePointer<Double>?, _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?,
    _ compute: (_ ps: [Double], _ nm: [Double], _ k: Int) throws(CleanlabError) -> (py: [Double], inv: [Double])
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let vps = try finiteVector(ps, n: k, "ps")
        let nm = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        let opy = try require(out_py, "out_py")
        let oinv = try require(out_inverse_noise_matrix, "out_inverse_noise_matrix")
        let r = try compute(vps, nm, k)
        write(r.py, to: opy); write(r.inv, to: oinv)
    }
}

/// `probsName`: pred_probs (2.x) or psx (1.x). `checkFinite`: reject non-finite probabilities
/// here (2.x; Latent1x.computePyx checks them itself).
func computePyxBody(
    _ function: StaticString, _ probs: UnsafePointer<Double>?, probsName: String, _ n_examples: Int64, _ n_classes: Int64,
    _ noise_matrix: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
    _ out_pyx: UnsafeMutablePointer<Double>?, checkFinite: Bool,
    _ compute: (_ probs: UnsafeBufferPointer<Double>, _ n: Int, _ k: Int, _ nm: [Double], _ inv: [Double],
                _ out: UnsafeMutableBufferPointer<Double>) throws(CleanlabError) -> Void
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        if n_examples < 0 { throw CleanlabError(.shape, "n_examples must be >= 0, got \(n_examples)") }
        let n = Int(n_examples)
        let (total, o) = n.multipliedReportingOverflow(by: k)
        if o { throw CleanlabError(.shape, "\(probsName) is too large: \(n) x \(k) elements overflow") }
        try checkExtent(total, elementSize: 8, probsName)
        let nm = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        let inv = try finiteSquare(inverse_noise_matrix, k: k, "inverse_noise_matrix")
        if total == 0 { return }
        let p = UnsafeBufferPointer(start: try require(probs, probsName), count: total)
        let out = try require(out_pyx, "out_pyx")
        if checkFinite {
            for (e, v) in p.enumerated() where !v.isFinite {
                throw CleanlabError(.notFinite, "\(probsName)[\(e / k), \(e % k)] = \(v) is not finite")
            }
        }
        try compute(p, n, k, nm, inv, UnsafeMutableBufferPointer(start: out, count: total))
    }
}

/// The core's options for generate_noise_matrix_from_trace (2.x and 1.x) from the C struct;
/// checks the K x K extent and reads `py` when K >= 2 (K < 2 is reported by the core, after
/// cleanlab's earlier checks).
func coreNoiseMatrixOptions(_ c: cl_noise_matrix_options, k: Int) throws(CleanlabError) -> NoiseMatrixOptions {
    var o = NoiseMatrixOptions()
    o.validNoiseMatrix = c.valid_noise_matrix != 0
    o.maxTraceProb = c.max_trace_prob
    o.minTraceProb = c.min_trace_prob
    o.maxNoiseRate = c.max_noise_rate
    o.minNoiseRate = c.min_noise_rate
    o.fracZeroNoiseRates = c.frac_zero_noise_rates
    o.maxIter = c.max_iter > Int64(Int.max) ? Int.max : Int(c.max_iter)
    if k >= 2 {
        _ = try squareCount(k, "n_classes")
        if let py = c.py { o.py = Array(UnsafeBufferPointer(start: py, count: k)) }
    }
    return o
}

// MARK: confident-joint thunk body shared by cl_calibrate_confident_joint and its 1.x twin

func calibrateConfidentJointBody(
    _ function: StaticString, _ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64, _ confident_joint_order: Int32,
    _ labels: UnsafePointer<cl_labels>?, _ out_calibrated: UnsafeMutablePointer<Int64>?,
    _ calibrate: (_ cj: [Double], _ k: Int, _ labels: LabelView, _ columnMajor: Bool) throws(CleanlabError) -> [Int64]
) -> cl_status {
    guarded(function) { () throws(CleanlabError) in
        let k = Int(n_classes)
        let cj = try squareMatrix(confident_joint, k: k, "confident_joint")
        let columnMajor = try matrixOrder(confident_joint_order)
        let l = try labelView(labels)
        let out = try require(out_calibrated, "out_calibrated")
        let r = try calibrate(cj, k, l, columnMajor)
        out.update(from: r, count: r.count)
    }
}
