// The cl_v1_* functions of include/cleanlab.h (section "cleanlab 1.x semantics"): cleanlab
// 1.0.1's get_noise_indices and confident-joint functions. Each thunk validates, calls one
// CleanlabCore `Legacy1x` function and maps errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

/// The size of the first published cl_v1_options; smaller structs are rejected.
let v1OptionsSizeV1: UInt32 = 56

func defaultV1Options() -> cl_v1_options {
    cl_v1_options(
        struct_size: UInt32(MemoryLayout<cl_v1_options>.size),
        prune_method: Int32(CL_V1_PRUNE_BY_NOISE_RATE.rawValue),
        sorted_index_method: Int32(CL_V1_SORT_NONE.rawValue),
        prune_in_float32: 0,
        frac_noise: 1.0,
        num_to_remove_per_class: nil,
        num_to_remove_per_class_len: 0,
        confident_joint: nil,
        confident_joint_order: 0,
        n_threads: 0)
}

@c @implementation
public func cl_v1_options_init(_ options: UnsafeMutablePointer<cl_v1_options>?) -> cl_status {
    guarded("cl_v1_options_init") { () throws(CleanlabError) in
        let o = try require(options, "options")
        o.pointee = defaultV1Options()
    }
}

func sortedIndexMethod(_ v: Int32, allowNone: Bool) throws(CleanlabError) -> SortedIndexMethod1x? {
    if v == 0 && allowNone { return nil }
    guard let m = SortedIndexMethod1x(rawValue: v) else {
        throw CleanlabError(.invalidArgument, "\(v) is not a valid sorted_index_method: choose prob_given_label (1) or normalized_margin (2)\(allowNone ? " or none (0)" : "")")
    }
    return m
}

func readV1Options(_ p: UnsafePointer<cl_v1_options>?, k: Int) throws(CleanlabError) -> (NoiseIndicesOptions1x, Int32) {
    var c = defaultV1Options()
    if let p {
        let size = p.pointee.struct_size
        if size < v1OptionsSizeV1 {
            throw CleanlabError(.invalidArgument, "options.struct_size is \(size): initialise cl_v1_options with cl_v1_options_init()")
        }
        c = p.pointee
    }
    var o = NoiseIndicesOptions1x()
    guard let pm = PruneMethod1x(rawValue: c.prune_method) else {
        throw CleanlabError(.invalidArgument, "options.prune_method = \(c.prune_method) is not a cl_v1_prune_method: choose prune_by_noise_rate (1), prune_by_class (2) or both (3)")
    }
    o.pruneMethod = pm
    o.sortedIndexMethod = try sortedIndexMethod(c.sorted_index_method, allowNone: true)
    o.pruneInFloat32 = c.prune_in_float32 != 0
    o.fracNoise = c.frac_noise
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

@c @implementation
public func cl_v1_get_noise_indices(_ psx: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                    _ options: UnsafePointer<cl_v1_options>?, _ out_mask: UnsafeMutablePointer<UInt8>?,
                                    _ out_sorted_indices: UnsafeMutablePointer<Int64>?, _ capacity: Int64,
                                    _ out_num_errors: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_get_noise_indices") { () throws(CleanlabError) in
        let p = try predProbs(psx), l = try labelView(labels)
        let mask = try require(out_mask, "out_mask")
        let count = try require(out_num_errors, "out_num_errors")
        let (o, threads) = try readV1Options(options, k: p.columns)
        if o.sortedIndexMethod != nil && out_sorted_indices == nil {
            throw CleanlabError(.nullPointer, "out_sorted_indices is NULL but options.sorted_index_method asks for sorted indices")
        }
        if o.sortedIndexMethod != nil && capacity < 0 { throw CleanlabError(.invalidArgument, "capacity must be >= 0") }
        let r = try Legacy1x.getNoiseIndices(p, labels: l, options: o, mask: UnsafeMutableBufferPointer(start: mask, count: p.rows),
                                             threads: threadCount(threads))
        count.pointee = Int64(r.count)
        if let sorted = r.sorted, let out = out_sorted_indices {
            if sorted.count > Int(capacity) {
                throw CleanlabError(.bufferTooSmall, "out_sorted_indices has room for \(capacity) indices, \(sorted.count) needed (the mask and count are filled)")
            }
            for (e, v) in sorted.enumerated() { out[e] = Int64(v) }
        }
    }
}

@c @implementation
public func cl_v1_compute_confident_joint(_ psx: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                          _ n_classes: Int64, _ thresholds: UnsafePointer<Double>?, _ thresholds_dtype: Int32,
                                          _ calibrate: Int32, _ out_confident_joint: UnsafeMutablePointer<Int64>?,
                                          _ out_off_diagonal_mask: UnsafeMutablePointer<UInt8>?,
                                          _ out_num_off_diagonal: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_compute_confident_joint") { () throws(CleanlabError) in
        let p = try predProbs(psx), l = try labelView(labels)
        let out = try require(out_confident_joint, "out_confident_joint")
        if n_classes < 0 { throw CleanlabError(.shape, "n_classes must be 0 (from the labels) or >= 2, got \(n_classes)") }
        let t = thresholds.map { Array(UnsafeBufferPointer(start: $0, count: p.columns)) }
        let prec = t == nil ? Precision.float64 : try precision(thresholds_dtype)
        let mask = out_off_diagonal_mask.map { UnsafeMutableBufferPointer(start: $0, count: p.rows) }
        let (cj, off) = try Legacy1x.computeConfidentJoint(p, labels: l, k: n_classes == 0 ? nil : Int(n_classes), thresholds: t,
                                                           thresholdsPrecision: prec, calibrate: calibrate != 0,
                                                           offDiagonalMask: mask, threads: threadCount())
        out.update(from: cj, count: cj.count)
        out_num_off_diagonal?.pointee = Int64(off)
    }
}

@c @implementation
public func cl_v1_calibrate_confident_joint(_ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64,
                                            _ confident_joint_order: Int32, _ labels: UnsafePointer<cl_labels>?,
                                            _ out_calibrated: UnsafeMutablePointer<Int64>?) -> cl_status {
    calibrateConfidentJointBody("cl_v1_calibrate_confident_joint", confident_joint, n_classes, confident_joint_order, labels,
                                out_calibrated) { (cj, k, l, columnMajor) throws(CleanlabError) in
        try Legacy1x.calibrateConfidentJoint(cj, k: k, labels: l, columnMajor: columnMajor)
    }
}

@c @implementation
public func cl_v1_estimate_joint(_ psx: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                 _ confident_joint: UnsafePointer<Double>?, _ confident_joint_order: Int32,
                                 _ n_classes: Int64, _ out_joint: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_v1_estimate_joint") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let out = try require(out_joint, "out_joint")
        let l = try labelView(labels)
        let r: [Double]
        if confident_joint != nil {
            let cj = try squareMatrix(confident_joint, k: k, "confident_joint")
            r = try Legacy1x.estimateJoint(nil, labels: l, confidentJoint: cj, columnMajor: try matrixOrder(confident_joint_order), k: k)
        } else {
            let p = try predProbs(psx)
            r = try Legacy1x.estimateJoint(p, labels: l, confidentJoint: nil, k: k, threads: threadCount())
        }
        out.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_v1_num_label_errors(_ psx: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                   _ confident_joint: UnsafePointer<Double>?, _ confident_joint_order: Int32,
                                   _ n_classes: Int64, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_num_label_errors") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let out = try require(out_count, "out_count")
        let l = try labelView(labels)
        let r: Int
        if confident_joint != nil {
            let cj = try squareMatrix(confident_joint, k: k, "confident_joint")
            r = try Legacy1x.numLabelErrors(nil, labels: l, confidentJoint: cj, columnMajor: try matrixOrder(confident_joint_order), k: k)
        } else {
            let p = try predProbs(psx)
            if p.columns != k {
                throw CleanlabError(.shape, "n_classes (\(k)) differs from the number of columns of psx (\(p.columns))")
            }
            r = try Legacy1x.numLabelErrors(p, labels: l, confidentJoint: nil, k: k, threads: threadCount())
        }
        out.pointee = Int64(r)
    }
}

@c @implementation
public func cl_v1_keep_at_least_n_per_class(_ prune_count_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                            _ order: Int32, _ n: Int64, _ frac_noise: Double,
                                            _ out: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_keep_at_least_n_per_class") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let pcm = try squareMatrix(prune_count_matrix, k: k, "prune_count_matrix")
        let columnMajor = try matrixOrder(order)
        let o = try require(out, "out")
        if n < -(1 << 52) || n > (1 << 52) { throw CleanlabError(.invalidArgument, "n = \(n) is out of range") }
        let r = try Legacy1x.keepAtLeastNPerClass(pcm, k: k, n: Int(n), fracNoise: frac_noise, columnMajor: columnMajor)
        o.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_v1_reduce_prune_counts(_ prune_count_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                      _ order: Int32, _ frac_noise: Double, _ out: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_reduce_prune_counts") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let pcm = try squareMatrix(prune_count_matrix, k: k, "prune_count_matrix")
        let columnMajor = try matrixOrder(order)
        let o = try require(out, "out")
        let r = try Legacy1x.reducePruneCounts(pcm, k: k, fracNoise: frac_noise, columnMajor: columnMajor)
        o.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_v1_order_label_errors(_ psx: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                     _ label_errors_mask: UnsafePointer<UInt8>?, _ method: Int32,
                                     _ out_indices: UnsafeMutablePointer<Int64>?, _ capacity: Int64,
                                     _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_v1_order_label_errors") { () throws(CleanlabError) in
        let p = try predProbs(psx), l = try labelView(labels)
        let mask = try require(label_errors_mask, "label_errors_mask")
        let count = try require(out_count, "out_count")
        let out = try require(out_indices, "out_indices")
        let m = try sortedIndexMethod(method, allowNone: false)!
        if capacity < 0 { throw CleanlabError(.invalidArgument, "capacity must be >= 0") }
        let r = try Legacy1x.orderLabelErrors(p, labels: l, mask: UnsafeBufferPointer(start: mask, count: p.rows),
                                              method: m, threads: threadCount())
        count.pointee = Int64(r.count)
        if r.count > Int(capacity) {
            throw CleanlabError(.bufferTooSmall, "out_indices has room for \(capacity) indices, \(r.count) needed")
        }
        for (e, v) in r.enumerated() { out[e] = Int64(v) }
    }
}

// MARK: latent estimation and latent algebra (cleanlab 1.x bounds, Latent1x)

@c @implementation
public func cl_v1_estimate_latent(_ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64, _ confident_joint_order: Int32,
                                  _ labels: UnsafePointer<cl_labels>?, _ py_method: Int32, _ converge_latent_estimates: Int32,
                                  _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                  _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    estimateLatentBody("cl_v1_estimate_latent", confident_joint, n_classes, confident_joint_order, labels, py_method,
                       converge_latent_estimates, out_py, out_noise_matrix, out_inverse_noise_matrix) {
        (cj, k, l, method, converge, columnMajor) throws(CleanlabError) in
        try Latent1x.estimateLatent(confidentJoint: cj, k: k, labels: l, method: method, converge: converge,
                                    columnMajor: columnMajor)
    }
}

@c @implementation
public func cl_v1_converge_estimates(_ ps: UnsafePointer<Double>?, _ py: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?,
                                     _ inverse_noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                     _ inv_noise_matrix_iterations: Int64, _ noise_matrix_iterations: Int64,
                                     _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                     _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    convergeEstimatesBody("cl_v1_converge_estimates", ps, py, noise_matrix, inverse_noise_matrix, n_classes,
                          inv_noise_matrix_iterations, noise_matrix_iterations, out_py, out_noise_matrix,
                          out_inverse_noise_matrix, maxIterations: Int64(Int32.max)) {
        (ps, py, nm, inv, k, invIterations, nmIterations) throws(CleanlabError) in
        try Latent1x.convergeEstimates(ps: ps, py: py, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k,
                                       invNoiseMatrixIterations: invIterations, noiseMatrixIterations: nmIterations)
    }
}

@c @implementation
public func cl_v1_compute_py(_ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                             _ n_classes: Int64, _ py_method: Int32, _ y_count: UnsafePointer<Double>?,
                             _ out_py: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyBody("cl_v1_compute_py", ps, noise_matrix, inverse_noise_matrix, n_classes, py_method, y_count,
                  countsName: "y_count", out_py) {
        (ps, nm, inv, k, method, counts) throws(CleanlabError) in
        try Latent1x.computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, method: method, yCount: counts)
    }
}

@c @implementation
public func cl_v1_compute_py_inv_noise_matrix(_ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                              _ out_py: UnsafeMutablePointer<Double>?,
                                              _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyInvNoiseMatrixBody("cl_v1_compute_py_inv_noise_matrix", ps, noise_matrix, n_classes, out_py,
                                out_inverse_noise_matrix) {
        (ps, nm, k) throws(CleanlabError) in
        try Latent1x.computePyInvNoiseMatrix(ps: ps, noiseMatrix: nm, k: k)
    }
}

@c @implementation
public func cl_v1_compute_inv_noise_matrix(_ py: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                           _ ps: UnsafePointer<Double>?, _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    vectorMatrixBody("cl_v1_compute_inv_noise_matrix", py, "py", noise_matrix, "noise_matrix", n_classes, ps, "ps",
                     out_inverse_noise_matrix, "out_inverse_noise_matrix") {
        (py, nm, ps, k) throws(CleanlabError) in
        try Latent1x.computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: ps, k: k)
    }
}

@c @implementation
public func cl_v1_compute_noise_matrix_from_inverse(_ ps: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                                                    _ n_classes: Int64, _ py: UnsafePointer<Double>?,
                                                    _ out_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    vectorMatrixBody("cl_v1_compute_noise_matrix_from_inverse", ps, "ps", inverse_noise_matrix, "inverse_noise_matrix",
                     n_classes, py, "py", out_noise_matrix, "out_noise_matrix") {
        (ps, inv, py, k) throws(CleanlabError) in
        try Latent1x.computeNoiseMatrixFromInverse(ps: ps, inverseNoiseMatrix: inv, py: py, k: k)
    }
}

@c @implementation
public func cl_v1_compute_pyx(_ psx: UnsafePointer<Double>?, _ n_examples: Int64, _ n_classes: Int64,
                              _ noise_matrix: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                              _ out_pyx: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyxBody("cl_v1_compute_pyx", psx, probsName: "psx", n_examples, n_classes, noise_matrix,
                   inverse_noise_matrix, out_pyx, checkFinite: false) {
        (p, n, k, nm, inv, out) throws(CleanlabError) in
        try Latent1x.computePyx(p, rows: n, k: k, noiseMatrix: nm, inverseNoiseMatrix: inv, into: out)
    }
}

// MARK: noise generation (cleanlab 1.x return convention)

@c @implementation
public func cl_v1_generate_noise_matrix_from_trace(_ n_classes: Int64, _ trace: Double,
                                                   _ options: UnsafePointer<cl_noise_matrix_options>?, _ seed: UInt64,
                                                   _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                                   _ out_found: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_v1_generate_noise_matrix_from_trace") { () throws(CleanlabError) in
        let k = Int(n_classes)
        var c = defaultNoiseOptions()
        if let options {
            let size = options.pointee.struct_size
            if size < noiseOptionsSizeV1 {
                throw CleanlabError(.invalidArgument, "options.struct_size is \(size): initialise cl_noise_matrix_options with cl_noise_matrix_options_init()")
            }
            c = options.pointee
        }
        let out = try require(out_noise_matrix, "out_noise_matrix")
        let found = try require(out_found, "out_found")
        let o = try coreNoiseMatrixOptions(c, k: k)
        found.pointee = 0
        let r = try NoiseGeneration.generateNoiseMatrixFromTraceKeepingLast(k: k, trace: trace, options: o, seed: seed)
        if let m = r.valid ?? r.last { out.update(from: m, count: m.count) }
        found.pointee = r.valid != nil ? 1 : (r.last != nil ? 2 : 0)
    }
}
