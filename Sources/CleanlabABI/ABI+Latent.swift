// The cl_* functions of the "latent" area of include/cleanlab.h: latent estimation, latent
// algebra and the numeric helpers of cleanlab's internal.util. Each thunk validates its
// arguments, calls one CleanlabCore function and maps errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

/// n_classes for the latent algebra: K >= 1 (cleanlab's algebra works for one class too).
func latentK(_ n_classes: Int64) throws(CleanlabError) -> Int {
    if n_classes < 1 { throw CleanlabError(.shape, "n_classes must be >= 1, got \(n_classes)") }
    let k = Int(n_classes)
    let (kk, o) = k.multipliedReportingOverflow(by: k)
    if o { throw CleanlabError(.shape, "n_classes (\(k)) is too large") }
    try checkExtent(kk, elementSize: 8, "a \(k) x \(k) matrix")
    return k
}

/// A finite K × K double matrix.
func finiteSquare(_ p: UnsafePointer<Double>?, k: Int, _ name: String) throws(CleanlabError) -> [Double] {
    let base = try require(p, name)
    let m = Array(UnsafeBufferPointer(start: base, count: k * k))
    for (e, v) in m.enumerated() where !v.isFinite {
        throw CleanlabError(.notFinite, "\(name)[\(e / k), \(e % k)] = \(v) is not finite")
    }
    return m
}

/// A finite vector of `n` doubles (n >= 0; the pointer may be NULL when n == 0).
func finiteVector(_ p: UnsafePointer<Double>?, n: Int, _ name: String) throws(CleanlabError) -> [Double] {
    if n == 0 { return [] }
    let base = try require(p, name)
    let v = Array(UnsafeBufferPointer(start: base, count: n))
    for (i, x) in v.enumerated() where !x.isFinite {
        throw CleanlabError(.notFinite, "\(name)[\(i)] = \(x) is not finite")
    }
    return v
}

func pyMethod(_ v: Int32) throws(CleanlabError) -> PyMethod {
    guard let m = PyMethod(rawValue: v) else {
        throw CleanlabError(.invalidArgument, "py_method \(v) should be in [cnt (1), eqn (2), marginal (3), marginal_ps (4)]")
    }
    return m
}

/// Values whose rounding cannot be an int64 (numpy's astype(int) would give garbage).
func checkRoundable(_ v: [Double], _ name: String) throws(CleanlabError) {
    for (i, x) in v.enumerated() where abs(x) >= 9223372036854774784.0 {
        throw CleanlabError(.numeric, "\(name)[\(i)] = \(x) is too large to round to an int64")
    }
}

@inline(__always)
func write(_ values: [Double], to p: UnsafeMutablePointer<Double>) {
    p.update(from: values, count: values.count)
}

// MARK: count

@c @implementation
public func cl_estimate_latent(_ confident_joint: UnsafePointer<Double>?, _ n_classes: Int64, _ confident_joint_order: Int32,
                               _ labels: UnsafePointer<cl_labels>?, _ py_method: Int32, _ converge_latent_estimates: Int32,
                               _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                               _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    estimateLatentBody("cl_estimate_latent", confident_joint, n_classes, confident_joint_order, labels, py_method,
                       converge_latent_estimates, out_py, out_noise_matrix, out_inverse_noise_matrix) {
        (cj, k, l, method, converge, columnMajor) throws(CleanlabError) in
        try Latent.estimateLatent(confidentJoint: cj, k: k, labels: l, method: method, converge: converge,
                                  columnMajor: columnMajor)
    }
}

@c @implementation
public func cl_estimate_py_and_noise_matrices_from_probabilities(
    _ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?, _ thresholds: UnsafePointer<Double>?,
    _ thresholds_dtype: Int32, _ converge_latent_estimates: Int32, _ py_method: Int32, _ calibrate: Int32,
    _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
    _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?, _ out_confident_joint: UnsafeMutablePointer<Int64>?
) -> cl_status {
    guarded("cl_estimate_py_and_noise_matrices_from_probabilities") { () throws(CleanlabError) in
        let p = try predProbs(pred_probs), l = try labelView(labels)
        let method = try pyMethod(py_method)
        let opy = try require(out_py, "out_py")
        let onm = try require(out_noise_matrix, "out_noise_matrix")
        let oinv = try require(out_inverse_noise_matrix, "out_inverse_noise_matrix")
        let ocj = try require(out_confident_joint, "out_confident_joint")
        let t = thresholds.map { Array(UnsafeBufferPointer(start: $0, count: p.columns)) }
        let prec = t == nil ? Precision.float64 : try precision(thresholds_dtype)
        let r = try Latent.estimatePyAndNoiseMatricesFromProbabilities(
            p, labels: l, thresholds: t, thresholdsPrecision: prec, converge: converge_latent_estimates != 0,
            method: method, calibrate: calibrate != 0, threads: threadCount())
        write(r.py, to: opy); write(r.noiseMatrix, to: onm); write(r.inv, to: oinv)
        ocj.update(from: r.confidentJoint, count: r.confidentJoint.count)
    }
}

@c @implementation
public func cl_converge_estimates(_ ps: UnsafePointer<Double>?, _ py: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?,
                                  _ inverse_noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                  _ inv_noise_matrix_iterations: Int64, _ noise_matrix_iterations: Int64,
                                  _ out_py: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                  _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    convergeEstimatesBody("cl_converge_estimates", ps, py, noise_matrix, inverse_noise_matrix, n_classes,
                          inv_noise_matrix_iterations, noise_matrix_iterations, out_py, out_noise_matrix,
                          out_inverse_noise_matrix, maxIterations: nil) {
        (ps, py, nm, inv, k, invIterations, nmIterations) throws(CleanlabError) in
        try Latent.convergeEstimates(ps: ps, py: py, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k,
                                     invNoiseMatrixIterations: invIterations, noiseMatrixIterations: nmIterations)
    }
}

// MARK: internal.latent_algebra

@c @implementation
public func cl_compute_py(_ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                          _ n_classes: Int64, _ py_method: Int32, _ true_labels_class_counts: UnsafePointer<Double>?,
                          _ out_py: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyBody("cl_compute_py", ps, noise_matrix, inverse_noise_matrix, n_classes, py_method, true_labels_class_counts,
                  countsName: "true_labels_class_counts", out_py) {
        (ps, nm, inv, k, method, counts) throws(CleanlabError) in
        try Latent.computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, method: method, trueLabelsClassCounts: counts)
    }
}

@c @implementation
public func cl_compute_inv_noise_matrix(_ py: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                        _ ps: UnsafePointer<Double>?, _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    vectorMatrixBody("cl_compute_inv_noise_matrix", py, "py", noise_matrix, "noise_matrix", n_classes, ps, "ps",
                     out_inverse_noise_matrix, "out_inverse_noise_matrix") {
        (py, nm, ps, k) throws(CleanlabError) in
        Latent.computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: ps, k: k)
    }
}

@c @implementation
public func cl_compute_noise_matrix_from_inverse(_ ps: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                                                 _ n_classes: Int64, _ py: UnsafePointer<Double>?,
                                                 _ out_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    vectorMatrixBody("cl_compute_noise_matrix_from_inverse", ps, "ps", inverse_noise_matrix, "inverse_noise_matrix",
                     n_classes, py, "py", out_noise_matrix, "out_noise_matrix") {
        (ps, inv, py, k) throws(CleanlabError) in
        Latent.computeNoiseMatrixFromInverse(ps: ps, inverseNoiseMatrix: inv, py: py, k: k)
    }
}

@c @implementation
public func cl_compute_py_inv_noise_matrix(_ ps: UnsafePointer<Double>?, _ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64,
                                           _ out_py: UnsafeMutablePointer<Double>?,
                                           _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyInvNoiseMatrixBody("cl_compute_py_inv_noise_matrix", ps, noise_matrix, n_classes, out_py,
                                out_inverse_noise_matrix) {
        (ps, nm, k) throws(CleanlabError) in
        try Latent.computePyInvNoiseMatrix(ps: ps, noiseMatrix: nm, k: k)
    }
}

@c @implementation
public func cl_compute_ps_py_inv_noise_matrix(_ labels: UnsafePointer<cl_labels>?, _ noise_matrix: UnsafePointer<Double>?,
                                              _ n_classes: Int64, _ out_ps: UnsafeMutablePointer<Double>?,
                                              _ out_py: UnsafeMutablePointer<Double>?,
                                              _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_compute_ps_py_inv_noise_matrix") { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let l = try labelView(labels)
        let nm = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        let ops = try require(out_ps, "out_ps")
        let opy = try require(out_py, "out_py")
        let oinv = try require(out_inverse_noise_matrix, "out_inverse_noise_matrix")
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<l.count {
            let y = l[i]
            if y < 0 || y >= k {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index in [0, \(k - 1)]")
            }
            counts[y] += 1
        }
        if let missing = counts.firstIndex(of: 0) {
            throw CleanlabError(.shape, "class \(missing) does not occur in labels: cleanlab's ps would have fewer than \(k) entries (shapes not aligned)")
        }
        let ps = counts.map { Double($0) / Double(l.count) }
        let r = try Latent.computePyInvNoiseMatrix(ps: ps, noiseMatrix: nm, k: k)
        write(ps, to: ops); write(r.py, to: opy); write(r.inv, to: oinv)
    }
}

@c @implementation
public func cl_compute_pyx(_ pred_probs: UnsafePointer<Double>?, _ n_examples: Int64, _ n_classes: Int64,
                           _ noise_matrix: UnsafePointer<Double>?, _ inverse_noise_matrix: UnsafePointer<Double>?,
                           _ out_pyx: UnsafeMutablePointer<Double>?) -> cl_status {
    computePyxBody("cl_compute_pyx", pred_probs, probsName: "pred_probs", n_examples, n_classes, noise_matrix,
                   inverse_noise_matrix, out_pyx, checkFinite: true) {
        (p, n, k, nm, inv, out) throws(CleanlabError) in
        Latent.computePyx(p, rows: n, k: k, noiseMatrix: nm, inverseNoiseMatrix: inv, into: out)
    }
}

// MARK: internal.util

@c @implementation
public func cl_clip_noise_rates(_ matrix: UnsafePointer<Double>?, _ n_classes: Int64, _ out_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_clip_noise_rates") { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let m = try finiteSquare(matrix, k: k, "matrix")
        let o = try require(out_matrix, "out_matrix")
        write(Latent.clipNoiseRates(m, k: k), to: o)
    }
}

@c @implementation
public func cl_clip_values(_ x: UnsafePointer<Double>?, _ n: Int64, _ low: Double, _ high: Double, _ has_new_sum: Int32,
                           _ new_sum: Double, _ out: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_clip_values") { () throws(CleanlabError) in
        if n < 0 { throw CleanlabError(.shape, "n must be >= 0, got \(n)") }
        try checkExtent(Int(n), elementSize: 8, "x")
        let v = try finiteVector(x, n: Int(n), "x")
        if !low.isFinite || !high.isFinite { throw CleanlabError(.notFinite, "low (\(low)) and high (\(high)) must be finite") }
        if has_new_sum != 0 && !new_sum.isFinite { throw CleanlabError(.notFinite, "new_sum = \(new_sum) is not finite") }
        if n == 0 { return }
        let o = try require(out, "out")
        write(Latent.clipValues(v, low: low, high: high, newSum: has_new_sum != 0 ? new_sum : nil), to: o)
    }
}

@c @implementation
public func cl_remove_noise_from_class(_ noise_matrix: UnsafePointer<Double>?, _ n_classes: Int64, _ class_without_noise: Int64,
                                       _ out_matrix: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_remove_noise_from_class") { () throws(CleanlabError) in
        let k = try latentK(n_classes)
        let m = try finiteSquare(noise_matrix, k: k, "noise_matrix")
        if class_without_noise < 0 || class_without_noise >= n_classes {
            throw CleanlabError(.invalidArgument, "class_without_noise = \(class_without_noise) is not a class index in [0, \(k - 1)]")
        }
        let o = try require(out_matrix, "out_matrix")
        write(try Latent.removeNoiseFromClass(m, k: k, classWithoutNoise: Int(class_without_noise)), to: o)
    }
}

@c @implementation
public func cl_round_preserving_sum(_ values: UnsafePointer<Double>?, _ n: Int64, _ out: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_round_preserving_sum") { () throws(CleanlabError) in
        if n < 0 { throw CleanlabError(.shape, "n must be >= 0, got \(n)") }
        try checkExtent(Int(n), elementSize: 8, "values")
        let v = try finiteVector(values, n: Int(n), "values")
        try checkRoundable(v, "values")
        if n == 0 { return }
        let o = try require(out, "out")
        let r = try roundPreservingSum(v)
        o.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_round_preserving_row_totals(_ matrix: UnsafePointer<Double>?, _ n_rows: Int64, _ n_cols: Int64,
                                           _ out: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_round_preserving_row_totals") { () throws(CleanlabError) in
        if n_rows < 0 || n_cols < 0 { throw CleanlabError(.shape, "n_rows and n_cols must be >= 0, got \(n_rows) x \(n_cols)") }
        let (total, o) = Int(n_rows).multipliedReportingOverflow(by: Int(n_cols))
        if o { throw CleanlabError(.shape, "matrix is too large: \(n_rows) x \(n_cols) elements overflow") }
        try checkExtent(total, elementSize: 8, "matrix")
        let m = try finiteVector(matrix, n: total, "matrix")
        try checkRoundable(m, "matrix")
        if total == 0 { return }
        let out = try require(out, "out")
        let r = try Latent.roundPreservingRowTotals(m, rows: Int(n_rows), cols: Int(n_cols))
        out.update(from: r, count: r.count)
    }
}
