// Latent estimation and latent algebra: cleanlab 2.9.0's `count.estimate_latent`,
// `count._converge_estimates`, `count.estimate_py_and_noise_matrices_from_probabilities`,
// `internal.latent_algebra.*` and the numeric helpers of `internal.util` (clip_noise_rates,
// clip_values, remove_noise_from_class, round_preserving_*).
//
// Every K × K matrix is a row-major `[Double]` (element (i, j) at i * k + j). Arithmetic follows
// numpy's order of operations where it is cheap to do so: row sums are numpy's pairwise sums of a
// contiguous row, column sums of a C-ordered matrix add the rows in order (numpy's axis-0
// reduction). Products with a matrix (np.dot, np.linalg.inv) are computed with a plain
// left-to-right dot product and an LU decomposition with partial pivoting; they agree with
// numpy's BLAS/LAPACK to rounding (~1e-15 relative), not bit for bit.

/// cleanlab's `py_method` option.
public enum PyMethod: Int32, Sendable, CaseIterable {
    case cnt = 1
    case eqn = 2
    case marginal = 3
    case marginalPs = 4

    public var name: String {
        switch self {
        case .cnt: return "cnt"
        case .eqn: return "eqn"
        case .marginal: return "marginal"
        case .marginalPs: return "marginal_ps"
        }
    }
}

/// Constants of the latent algebra. cleanlab 2.9.0's values are the defaults; the 1.x API used
/// other clipping bounds and no division guard (see `LatentConstants.v1`).
public struct LatentConstants: Sendable {
    /// Lower bound of `py` in `compute_py` / `compute_py_inv_noise_matrix` (2.x: 1e-6).
    public var pyLowerBound: Double
    /// Lower bound of `py` after `_converge_estimates` in `estimate_latent` (1e-5 in both).
    public var convergedPyLowerBound: Double
    /// Divisors are clipped below at this value (2.x: TINY_VALUE = 1e-100; 1.x: none, i.e. 0,
    /// which lets a zero divisor give inf/NaN as numpy does).
    public var tiny: Double

    public init(pyLowerBound: Double = 1e-6, convergedPyLowerBound: Double = 1e-5, tiny: Double = 1e-100) {
        self.pyLowerBound = pyLowerBound
        self.convergedPyLowerBound = convergedPyLowerBound
        self.tiny = tiny
    }

    public static let v2 = LatentConstants()
}

public enum Latent {
    // MARK: helpers

    @inline(__always)
    static func clipLow(_ v: Double, _ tiny: Double) -> Double {
        // np.clip(v, a_min=tiny, a_max=None); NaN stays NaN
        v.isNaN ? v : (v < tiny ? tiny : v)
    }

    /// numpy's `np.clip(x, low, high)`: min(max(x, low), high), NaN propagates.
    @inline(__always)
    static func clip(_ v: Double, _ low: Double, _ high: Double) -> Double {
        if v.isNaN { return v }
        let a = v < low ? low : v
        return a > high ? high : a
    }

    /// Column sums of a row-major matrix as numpy's axis-0 reduction of a C-ordered array
    /// (rows added in order).
    static func columnSums(_ m: [Double], rows: Int, cols: Int) -> [Double] {
        var s = [Double](repeating: 0, count: cols)
        if rows == 0 { return s }
        for j in 0..<cols { s[j] = m[j] }
        for i in 1..<rows { for j in 0..<cols { s[j] += m[i * cols + j] } }
        return s
    }

    /// Row sums as numpy's axis-1 reduction of a C-ordered array (pairwise sum of each row).
    static func rowSums(_ m: [Double], rows: Int, cols: Int) -> [Double] {
        m.withUnsafeBufferPointer { b in
            (0..<rows).map { i in cols == 0 ? 0 : pairwiseSum(b.baseAddress! + i * cols, count: cols, as: Double.self) }
        }
    }

    /// Row sums of a Fortran-ordered array (numpy adds the columns in order).
    static func rowSumsColumnMajor(_ m: [Double], rows: Int, cols: Int) -> [Double] {
        var s = [Double](repeating: 0, count: rows)
        if cols == 0 { return s }
        for i in 0..<rows { s[i] = m[i * cols] }
        for j in 1..<cols { for i in 0..<rows { s[i] += m[i * cols + j] } }
        return s
    }

    /// Column sums of a Fortran-ordered array (each column is contiguous: pairwise sums).
    static func columnSumsColumnMajor(_ m: [Double], rows: Int, cols: Int) -> [Double] {
        var t = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { t[j * rows + i] = m[i * cols + j] } }
        return rowSums(t, rows: cols, cols: rows)
    }

    static func transpose(_ m: [Double], k: Int) -> [Double] {
        var t = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { t[j * k + i] = m[i * k + j] } }
        return t
    }

    /// `m · v` for a k × k row-major m.
    static func matVec(_ m: [Double], _ v: [Double], k: Int) -> [Double] {
        (0..<k).map { i in
            var s = 0.0
            for j in 0..<k { s += m[i * k + j] * v[j] }
            return s
        }
    }

    /// `np.linalg.inv(m)` by LU decomposition with partial pivoting (LAPACK's getrf/getri
    /// pivoting rule: the first entry of largest magnitude). An exactly zero pivot is numpy's
    /// `LinAlgError("Singular matrix")`.
    public static func inverse(_ m: [Double], k: Int) throws(CleanlabError) -> [Double] {
        var a = m
        var perm = Array(0..<k)
        for c in 0..<k {
            var p = c
            var best = abs(a[c * k + c])
            for r in (c + 1)..<Swift.max(c + 1, k) where abs(a[r * k + c]) > best {
                best = abs(a[r * k + c]); p = r
            }
            if best == 0 || best.isNaN {
                throw CleanlabError(.numeric, "Singular matrix: the noise matrix cannot be inverted (numpy raises LinAlgError)")
            }
            if p != c {
                for j in 0..<k { a.swapAt(c * k + j, p * k + j) }
                perm.swapAt(c, p)
            }
            let piv = a[c * k + c]
            for r in (c + 1)..<Swift.max(c + 1, k) {
                let f = a[r * k + c] / piv
                a[r * k + c] = f
                if f != 0 { for j in (c + 1)..<k { a[r * k + j] -= f * a[c * k + j] } }
            }
        }
        // Solve LU x = P e_col for each column of the identity.
        var inv = [Double](repeating: 0, count: k * k)
        var x = [Double](repeating: 0, count: k)
        for col in 0..<k {
            for i in 0..<k { x[i] = perm[i] == col ? 1 : 0 }
            for i in 0..<k {
                var s = x[i]
                for j in 0..<i { s -= a[i * k + j] * x[j] }
                x[i] = s
            }
            for i in stride(from: k - 1, through: 0, by: -1) {
                var s = x[i]
                for j in (i + 1)..<Swift.max(i + 1, k) { s -= a[i * k + j] * x[j] }
                x[i] = s / a[i * k + i]
            }
            for i in 0..<k { inv[i * k + col] = x[i] }
        }
        for v in inv where !v.isFinite {
            throw CleanlabError(.numeric, "Singular matrix: the noise matrix cannot be inverted (numpy raises LinAlgError)")
        }
        return inv
    }

    static func checkVector(_ v: [Double], _ k: Int, _ name: String) throws(CleanlabError) {
        if v.count != k { throw CleanlabError(.shape, "\(name) must have \(k) entries, got \(v.count)") }
        for (i, x) in v.enumerated() where !x.isFinite {
            throw CleanlabError(.notFinite, "\(name)[\(i)] = \(x) is not finite")
        }
    }

    static func checkSquare(_ m: [Double], _ k: Int, _ name: String) throws(CleanlabError) {
        if k < 1 { throw CleanlabError(.shape, "\(name) must be at least 1 x 1, got \(k) x \(k)") }
        if m.count != k * k { throw CleanlabError(.shape, "\(name) must have \(k) x \(k) = \(k * k) entries, got \(m.count)") }
        for (e, v) in m.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "\(name)[\(e / k), \(e % k)] = \(v) is not finite")
        }
    }

    // MARK: internal.util

    /// `internal.util.clip_noise_rates`: off-diagonal entries clipped to [0, 0.9999], the
    /// diagonal kept, then each column divided by max(column sum, tiny).
    public static func clipNoiseRates(_ m: [Double], k: Int, tiny: Double = 1e-100) -> [Double] {
        var c = m.map { clip($0, 0, 0.9999) }
        for i in 0..<k { c[i * k + i] = m[i * k + i] }
        let s = columnSums(c, rows: k, cols: k).map { clipLow($0, tiny) }
        for i in 0..<k { for j in 0..<k { c[i * k + j] /= s[j] } }
        return c
    }

    /// `internal.util.clip_values(x, low, high, new_sum)`: clip into [low, high], then rescale so
    /// the values sum to `newSum` (the sum before clipping when nil).
    public static func clipValues(_ x: [Double], low: Double, high: Double, newSum: Double?, tiny: Double = 1e-100) -> [Double] {
        let prev = newSum ?? pairwiseSum(x)
        let c = x.map { clip($0, low, high) }
        let d = clipLow(pairwiseSum(c), tiny)
        return c.map { $0 * prev / d }
    }

    /// `internal.util.remove_noise_from_class`: zero the off-diagonal entries of row `cls` and
    /// set each diagonal entry to 1 − (its column's off-diagonal sum).
    public static func removeNoiseFromClass(_ m: [Double], k: Int, classWithoutNoise cls: Int) throws(CleanlabError) -> [Double] {
        try checkSquare(m, k, "noise_matrix")
        if cls < 0 || cls >= k {
            throw CleanlabError(.invalidArgument, "class_without_noise = \(cls) is not a class index in [0, \(k - 1)]")
        }
        var x = m
        for j in 0..<k where j != cls { x[cls * k + j] = 0 }
        let s = columnSums(x, rows: k, cols: k)
        for j in 0..<k { x[j * k + j] = 1 - (s[j] - x[j * k + j]) }
        return x
    }

    /// `internal.util.round_preserving_row_totals` for a `rows × cols` row-major matrix.
    public static func roundPreservingRowTotals(_ m: [Double], rows: Int, cols: Int) throws(CleanlabError) -> [Int64] {
        var out = [Int64]()
        out.reserveCapacity(m.count)
        for r in 0..<rows {
            out.append(contentsOf: try roundPreservingSum(Array(m[r * cols ..< (r + 1) * cols])))
        }
        return out
    }

    // MARK: internal.latent_algebra

    /// `compute_inv_noise_matrix(py, noise_matrix, ps=ps)`:
    /// joint = nm * py (column j scaled by py[j]); ps defaults to the joint's row sums;
    /// inv[j][i] = joint[i][j] / max(ps[i], tiny); then clip_noise_rates.
    public static func computeInvNoiseMatrix(py: [Double], noiseMatrix nm: [Double], ps: [Double]?, k: Int,
                                             constants c: LatentConstants = .v2) -> [Double] {
        var joint = nm
        for i in 0..<k { for j in 0..<k { joint[i * k + j] = nm[i * k + j] * py[j] } }
        let p = ps ?? rowSums(joint, rows: k, cols: k)
        let d = p.map { clipLow($0, c.tiny) }
        var inv = [Double](repeating: 0, count: k * k)
        for a in 0..<k { for b in 0..<k { inv[a * k + b] = joint[b * k + a] / d[b] } }
        return clipNoiseRates(inv, k: k, tiny: c.tiny)
    }

    /// `compute_noise_matrix_from_inverse(ps, inverse_noise_matrix, py=py)`:
    /// joint = (inv * ps).T; py defaults to the joint's column sums;
    /// nm[a][b] = joint[a][b] / max(py[b], tiny); then clip_noise_rates.
    public static func computeNoiseMatrixFromInverse(ps: [Double], inverseNoiseMatrix inv: [Double], py: [Double]?, k: Int,
                                                     constants c: LatentConstants = .v2) -> [Double] {
        var joint = [Double](repeating: 0, count: k * k)
        for a in 0..<k { for b in 0..<k { joint[a * k + b] = inv[b * k + a] * ps[a] } }
        // (inv * ps).T is a transposed view of a C-ordered array: its axis-0 sums are contiguous
        // (pairwise) reductions over the rows of inv * ps.
        let y = py ?? rowSums(transpose(joint, k: k), rows: k, cols: k)
        let d = y.map { clipLow($0, c.tiny) }
        var nm = joint
        for a in 0..<k { for b in 0..<k { nm[a * k + b] = joint[a * k + b] / d[b] } }
        return clipNoiseRates(nm, k: k, tiny: c.tiny)
    }

    /// `compute_py(ps, noise_matrix, inverse_noise_matrix, py_method=..., true_labels_class_counts=...)`,
    /// clipped to [pyLowerBound, 1] and renormalised to sum 1.
    public static func computePy(ps: [Double], noiseMatrix nm: [Double], inverseNoiseMatrix inv: [Double], k: Int,
                                 method: PyMethod = .cnt, trueLabelsClassCounts: [Double]? = nil,
                                 constants c: LatentConstants = .v2) throws(CleanlabError) -> [Double] {
        var py: [Double]
        switch method {
        case .cnt:
            py = (0..<k).map { i in inv[i * k + i] / clipLow(nm[i * k + i], c.tiny) * ps[i] }
        case .eqn:
            py = matVec(try inverse(nm, k: k), ps, k: k)
        case .marginal:
            guard let t = trueLabelsClassCounts else {
                throw CleanlabError(.invalidArgument, "py_method == \"marginal\" requires true_labels_class_counts, but true_labels_class_counts is None.  Provide parameter true_labels_class_counts.")
            }
            var s = 0.0  // Python's built-in sum: left to right
            for v in t { s += v }
            let d = clipLow(s, c.tiny)
            py = t.map { $0 / d }
        case .marginalPs:
            py = matVec(inv, ps, k: k)
        }
        return clipValues(py, low: c.pyLowerBound, high: 1.0, newSum: 1.0, tiny: c.tiny)
    }

    /// `compute_py_inv_noise_matrix(ps, noise_matrix)` -> (py, inv).
    public static func computePyInvNoiseMatrix(ps: [Double], noiseMatrix nm: [Double], k: Int,
                                               constants c: LatentConstants = .v2) throws(CleanlabError) -> (py: [Double], inv: [Double]) {
        var py = matVec(try inverse(nm, k: k), ps, k: k)
        py = clipValues(py, low: c.pyLowerBound, high: 1.0, newSum: 1.0, tiny: c.tiny)
        return (py, computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: ps, k: k, constants: c))
    }

    /// `compute_pyx(pred_probs, noise_matrix, inverse_noise_matrix)` for an n × k row-major
    /// float64 matrix: pyx = pred_probs * diag(inv) / max(diag(nm), tiny), each row clipped to
    /// [0, 1] and renormalised to sum 1.
    public static func computePyx(_ p: UnsafeBufferPointer<Double>, rows n: Int, k: Int, noiseMatrix nm: [Double],
                                  inverseNoiseMatrix inv: [Double], into out: UnsafeMutableBufferPointer<Double>,
                                  constants c: LatentConstants = .v2) {
        let invDiag = (0..<k).map { inv[$0 * k + $0] }
        let nmDiag = (0..<k).map { clipLow(nm[$0 * k + $0], c.tiny) }
        var row = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for j in 0..<k { row[j] = clip(p[i * k + j] * invDiag[j] / nmDiag[j], 0, 1) }
            let d = clipLow(pairwiseSum(row), c.tiny)
            for j in 0..<k { out[i * k + j] = row[j] * 1.0 / d }
        }
    }

    /// `count._converge_estimates(ps, py, noise_matrix, inverse_noise_matrix, ...)`.
    public static func convergeEstimates(ps: [Double], py: [Double], noiseMatrix: [Double], inverseNoiseMatrix: [Double], k: Int,
                                         invNoiseMatrixIterations: Int = 5, noiseMatrixIterations: Int = 3,
                                         constants c: LatentConstants = .v2) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double]) {
        var py = py, nm = noiseMatrix, inv = inverseNoiseMatrix
        for _ in 0..<Swift.max(0, noiseMatrixIterations) {
            for _ in 0..<Swift.max(0, invNoiseMatrixIterations) {
                inv = computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: ps, k: k, constants: c)
                py = try computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, method: .cnt, constants: c)
            }
            nm = computeNoiseMatrixFromInverse(ps: ps, inverseNoiseMatrix: inv, py: py, k: k, constants: c)
        }
        return (py, nm, inv)
    }

    // MARK: count

    /// `count.estimate_latent(confident_joint, labels, py_method=..., converge_latent_estimates=...)`
    /// -> (py, noise_matrix, inverse_noise_matrix).
    ///
    /// `labelCounts`: the number of examples per given label (length k, at least one example in
    /// total). `columnMajor`: the numpy memory order of the caller's confident joint, which
    /// decides how numpy adds its rows and columns (it matters only for non-integer counts).
    public static func estimateLatent(confidentJoint cj: [Double], k: Int, labelCounts: [Int], method: PyMethod = .cnt,
                                      converge: Bool = false, columnMajor: Bool = false,
                                      constants c: LatentConstants = .v2) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double]) {
        try checkSquare(cj, k, "confident_joint")
        if labelCounts.count != k { throw CleanlabError(.shape, "label counts must have \(k) entries, got \(labelCounts.count)") }
        let n = labelCounts.reduce(0, +)
        if n <= 0 { throw CleanlabError(.shape, "labels are empty: estimating the latent prior needs at least one label") }
        let ps = labelCounts.map { Double($0) / Double(n) }
        let given = columnMajor ? rowSumsColumnMajor(cj, rows: k, cols: k) : rowSums(cj, rows: k, cols: k)
        let truth = columnMajor ? columnSumsColumnMajor(cj, rows: k, cols: k) : columnSums(cj, rows: k, cols: k)
        let gd = given.map { clipLow($0, c.tiny) }, td = truth.map { clipLow($0, c.tiny) }
        var nm = [Double](repeating: 0, count: k * k), inv = nm
        for i in 0..<k { for j in 0..<k { nm[i * k + j] = cj[i * k + j] / td[j] } }
        for a in 0..<k { for b in 0..<k { inv[a * k + b] = cj[b * k + a] / gd[b] } }
        var py = try computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, method: method,
                               trueLabelsClassCounts: truth, constants: c)
        nm = clipNoiseRates(nm, k: k, tiny: c.tiny)
        inv = clipNoiseRates(inv, k: k, tiny: c.tiny)
        if converge {
            (py, nm, inv) = try convergeEstimates(ps: ps, py: py, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, constants: c)
            py = clipValues(py, low: c.convergedPyLowerBound, high: 1.0, newSum: 1.0, tiny: c.tiny)
            nm = clipNoiseRates(nm, k: k, tiny: c.tiny)
            inv = clipNoiseRates(inv, k: k, tiny: c.tiny)
        }
        return (py, nm, inv)
    }

    /// `estimateLatent` with the label counts taken from `labels` (each in [0, k)).
    public static func estimateLatent(confidentJoint cj: [Double], k: Int, labels: LabelView, method: PyMethod = .cnt,
                                      converge: Bool = false, columnMajor: Bool = false,
                                      constants c: LatentConstants = .v2) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double]) {
        try checkSquare(cj, k, "confident_joint")
        if labels.count == 0 { throw CleanlabError(.shape, "labels are empty: estimating the latent prior needs at least one label") }
        let counts = try Cleanlab.labelCounts(labels, k: k)
        return try estimateLatent(confidentJoint: cj, k: k, labelCounts: counts, method: method, converge: converge,
                                  columnMajor: columnMajor, constants: c)
    }

    /// `count.estimate_py_and_noise_matrices_from_probabilities(labels, pred_probs, thresholds=...,
    /// converge_latent_estimates=..., py_method=..., calibrate=...)` -> (py, nm, inv, cj).
    public static func estimatePyAndNoiseMatricesFromProbabilities(
        _ p: PredProbs, labels: LabelView, thresholds: [Double]? = nil, thresholdsPrecision: Precision = .float64,
        converge: Bool = true, method: PyMethod = .cnt, calibrate: Bool = true, threads: Int = 0
    ) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double], confidentJoint: [Int64]) {
        let (cj, _) = try Cleanlab.computeConfidentJoint(p, labels: labels, thresholds: thresholds,
                                                         thresholdsPrecision: thresholdsPrecision, calibrate: calibrate,
                                                         threads: threads)
        let k = p.columns
        // cleanlab's uncalibrated joint is Fortran-ordered (confusion_matrix(...).T).
        let r = try estimateLatent(confidentJoint: cj.map { Double($0) }, k: k, labels: labels, method: method,
                                   converge: converge, columnMajor: !calibrate)
        return (r.py, r.noiseMatrix, r.inv, cj)
    }
}
