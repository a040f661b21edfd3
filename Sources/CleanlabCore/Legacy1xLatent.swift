// cleanlab 1.x (v1.0.1) latent estimation and latent algebra: `latent_estimation.estimate_latent`,
// `converge_estimates` and `latent_algebra.*`, on top of the 2.x core (`Latent`) with 1.x's
// constants (cleanlab-api.md §1.2, §1.3):
//
// - `compute_py` clips py to [1e-5, 1] (2.x: 1e-6); `compute_py_inv_noise_matrix` clips it to
//   [0.001, 1]; the py of the converged estimates is clipped to [1e-5, 1] as in 2.x;
// - no division guard (2.x clips divisors at 1e-100): numpy's IEEE division, so a zero divisor
//   gives inf/NaN. An inf that 1.x clips back into range (py = inv[k][k] / 0 * ps -> 1) gives
//   1.x's finite answer; a result that is still NaN or infinite is 1.x's silent garbage, which
//   libcleanlab reports as a `.numeric` error instead;
// - every class 0..<K must occur in the labels (1.x's `value_counts(s)` misaligns or fails
//   otherwise).
//
// Floating-point results agree with 1.x to rounding (~1e-15 relative): 1.x sums with Python's
// built-in `sum` (left to right) where the 2.x core uses numpy's pairwise sums, which differ in
// the last bit only for K >= 8.

extension LatentConstants {
    /// cleanlab 1.x: `compute_py` clips py to [1e-5, 1]; divisions are unguarded (a `tiny` of
    /// -infinity leaves every divisor as it is).
    public static let v1 = LatentConstants(pyLowerBound: 1e-5, convergedPyLowerBound: 1e-5, tiny: -Double.infinity)
    /// cleanlab 1.x `compute_py_inv_noise_matrix`: py clipped to [0.001, 1].
    public static let v1PyInvNoiseMatrix = LatentConstants(pyLowerBound: 0.001, convergedPyLowerBound: 1e-5, tiny: -Double.infinity)
}

public enum Latent1x {
    /// Throws `.numeric` when a result is NaN or infinite (1.x returns it silently).
    static func checkResult(_ v: [Double], _ name: String, _ cause: String) throws(CleanlabError) {
        if let i = v.firstIndex(where: { !$0.isFinite }) {
            throw CleanlabError(.numeric, "\(name) has a non-finite entry (index \(i): \(v[i])): \(cause). cleanlab 1.x divides without a guard and returns NaN/inf here; libcleanlab raises instead")
        }
    }

    static func checkInputs(k: Int, vectors: [([Double], String)], matrices: [([Double], String)]) throws(CleanlabError) {
        if k < 1 { throw CleanlabError(.shape, "n_classes must be >= 1, got \(k)") }
        for (v, name) in vectors { try Latent.checkVector(v, k, name) }
        for (m, name) in matrices { try Latent.checkSquare(m, k, name) }
    }

    /// `latent_estimation.estimate_latent(confident_joint, s, py_method, converge_latent_estimates)`
    /// -> (py, noise_matrix, inverse_noise_matrix), with 1.x's bounds.
    public static func estimateLatent(confidentJoint cj: [Double], k: Int, labels: LabelView, method: PyMethod = .cnt,
                                      converge: Bool = false, columnMajor: Bool = false) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double]) {
        try Latent.checkSquare(cj, k, "confident_joint")
        if labels.count == 0 { throw CleanlabError(.shape, "s is empty: estimating the latent prior needs at least one label") }
        let counts = try Cleanlab.labelCounts(labels, k: k)
        try Legacy1x.checkAllClassesPresent(counts, "estimate_latent")
        let r = try Latent.estimateLatent(confidentJoint: cj, k: k, labelCounts: counts, method: method, converge: converge,
                                          columnMajor: columnMajor, constants: .v1)
        let cause = "a row or column of confident_joint sums to 0, or a diagonal entry is 0"
        try checkResult(r.py, "py", cause)
        try checkResult(r.noiseMatrix, "noise_matrix", cause)
        try checkResult(r.inv, "inverse_noise_matrix", cause)
        return r
    }

    /// `latent_estimation.converge_estimates(ps, py, noise_matrix, inverse_noise_matrix, ...)`.
    public static func convergeEstimates(ps: [Double], py: [Double], noiseMatrix: [Double], inverseNoiseMatrix: [Double], k: Int,
                                         invNoiseMatrixIterations: Int = 5, noiseMatrixIterations: Int = 3) throws(CleanlabError) -> (py: [Double], noiseMatrix: [Double], inv: [Double]) {
        try checkInputs(k: k, vectors: [(ps, "ps"), (py, "py")],
                        matrices: [(noiseMatrix, "noise_matrix"), (inverseNoiseMatrix, "inverse_noise_matrix")])
        if invNoiseMatrixIterations < 0 || noiseMatrixIterations < 0 {
            throw CleanlabError(.invalidArgument, "iteration counts must be >= 0, got inv_noise_matrix_iterations = \(invNoiseMatrixIterations), noise_matrix_iterations = \(noiseMatrixIterations)")
        }
        let r = try Latent.convergeEstimates(ps: ps, py: py, noiseMatrix: noiseMatrix, inverseNoiseMatrix: inverseNoiseMatrix, k: k,
                                             invNoiseMatrixIterations: invNoiseMatrixIterations,
                                             noiseMatrixIterations: noiseMatrixIterations, constants: .v1)
        let cause = "an entry of ps or py, or a column sum or diagonal entry of a matrix, is 0"
        try checkResult(r.py, "py", cause)
        try checkResult(r.noiseMatrix, "noise_matrix", cause)
        try checkResult(r.inv, "inverse_noise_matrix", cause)
        return r
    }

    /// `latent_algebra.compute_py(ps, noise_matrix, inverse_noise_matrix, py_method, y_count)`:
    /// py clipped to [1e-5, 1] and renormalised.
    public static func computePy(ps: [Double], noiseMatrix nm: [Double], inverseNoiseMatrix inv: [Double], k: Int,
                                 method: PyMethod = .cnt, yCount: [Double]? = nil) throws(CleanlabError) -> [Double] {
        try checkInputs(k: k, vectors: [(ps, "ps")], matrices: [(nm, "noise_matrix"), (inv, "inverse_noise_matrix")])
        if method == .marginal {
            guard let y = yCount else {
                throw CleanlabError(.invalidArgument, "py_method == \"marginal\" requires y_count, but y_count is None. Provide parameter y_count.")
            }
            try Latent.checkVector(y, k, "y_count")
            var s = 0.0
            for v in y { s += v }
            if s == 0 { throw CleanlabError(.numeric, "y_count sums to 0 (cleanlab 1.x raises ZeroDivisionError)") }
        }
        let py = try Latent.computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: inv, k: k, method: method,
                                      trueLabelsClassCounts: yCount, constants: .v1)
        try checkResult(py, "py", "a diagonal entry of noise_matrix is 0 where inverse_noise_matrix's is 0 too, or the clipped py sums to 0")
        return py
    }

    /// `latent_algebra.compute_py_inv_noise_matrix(ps, noise_matrix)` -> (py, inv): py =
    /// inv(noise_matrix) · ps clipped to [0.001, 1] and renormalised.
    public static func computePyInvNoiseMatrix(ps: [Double], noiseMatrix nm: [Double], k: Int) throws(CleanlabError) -> (py: [Double], inv: [Double]) {
        try checkInputs(k: k, vectors: [(ps, "ps")], matrices: [(nm, "noise_matrix")])
        let r = try Latent.computePyInvNoiseMatrix(ps: ps, noiseMatrix: nm, k: k, constants: .v1PyInvNoiseMatrix)
        try checkResult(r.py, "py", "the clipped py sums to 0")
        try checkResult(r.inv, "inverse_noise_matrix", "an entry of ps is 0, or a column of the result sums to 0")
        return r
    }

    /// `latent_algebra.compute_inv_noise_matrix(py, noise_matrix, ps=None)`.
    public static func computeInvNoiseMatrix(py: [Double], noiseMatrix nm: [Double], ps: [Double]?, k: Int) throws(CleanlabError) -> [Double] {
        try checkInputs(k: k, vectors: [(py, "py")] + (ps.map { [($0, "ps")] } ?? []), matrices: [(nm, "noise_matrix")])
        let r = Latent.computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: ps, k: k, constants: .v1)
        try checkResult(r, "inverse_noise_matrix", "an entry of ps (or a row sum of noise_matrix * py) is 0, or a column of the result sums to 0")
        return r
    }

    /// `latent_algebra.compute_noise_matrix_from_inverse(ps, inverse_noise_matrix, py=None)`.
    public static func computeNoiseMatrixFromInverse(ps: [Double], inverseNoiseMatrix inv: [Double], py: [Double]?, k: Int) throws(CleanlabError) -> [Double] {
        try checkInputs(k: k, vectors: [(ps, "ps")] + (py.map { [($0, "py")] } ?? []), matrices: [(inv, "inverse_noise_matrix")])
        let r = Latent.computeNoiseMatrixFromInverse(ps: ps, inverseNoiseMatrix: inv, py: py, k: k, constants: .v1)
        try checkResult(r, "noise_matrix", "an entry of py (or a column sum of (inverse_noise_matrix * ps).T) is 0, or a column of the result sums to 0")
        return r
    }

    /// `latent_algebra.compute_pyx(psx, noise_matrix, inverse_noise_matrix)`: psx *
    /// diag(inv) / diag(nm), each row clipped to [0, 1] and renormalised to sum 1.
    public static func computePyx(_ p: UnsafeBufferPointer<Double>, rows n: Int, k: Int, noiseMatrix nm: [Double],
                                  inverseNoiseMatrix inv: [Double], into out: UnsafeMutableBufferPointer<Double>) throws(CleanlabError) {
        try checkInputs(k: k, vectors: [], matrices: [(nm, "noise_matrix"), (inv, "inverse_noise_matrix")])
        for (e, v) in p.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "psx[\(e / k), \(e % k)] = \(v) is not finite")
        }
        Latent.computePyx(p, rows: n, k: k, noiseMatrix: nm, inverseNoiseMatrix: inv, into: out, constants: .v1)
        for (e, v) in out.enumerated() where !v.isFinite {
            throw CleanlabError(.numeric, "pyx[\(e / k), \(e % k)] is \(v): a diagonal entry of noise_matrix is 0, or row \(e / k) of psx * diag(inverse_noise_matrix) / diag(noise_matrix) clips to all zeros. cleanlab 1.x returns NaN/inf here; libcleanlab raises instead")
        }
    }
}
