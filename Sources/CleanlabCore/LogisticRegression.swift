// The built-in classifier: L2-regularised multinomial logistic regression, fitted with L-BFGS.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Options of `LogisticRegression`. The defaults mirror scikit-learn's
/// `LogisticRegression(C=1.0, max_iter=100)` (lbfgs, multinomial), on standardised features.
public struct LogisticRegressionOptions: Sendable, Equatable {
    /// Inverse regularisation strength, as sklearn's `C` (> 0).
    public var c: Double = 1.0
    /// The iteration budget of L-BFGS (>= 1).
    public var maxIterations: Int = 100
    /// Stop when every component of the gradient of the (weight-normalised) objective is at most
    /// this in absolute value (>= 0).
    public var tolerance: Double = 1e-6
    /// Standardise each feature to zero mean and unit variance (computed on the training rows)
    /// before fitting; constant features are only centred.
    public var standardize: Bool = true
    /// Worker threads (0 = all online cores). Results are bit-identical for every value.
    public var threads: Int = 0

    public init() {}

    func validate() throws(CleanlabError) {
        if !(c > 0) || !c.isFinite { throw CleanlabError(.invalidArgument, "C must be a finite number > 0, got \(c)") }
        if maxIterations < 1 { throw CleanlabError(.invalidArgument, "max_iter must be >= 1, got \(maxIterations)") }
        if !(tolerance >= 0) || !tolerance.isFinite { throw CleanlabError(.invalidArgument, "tol must be a finite number >= 0, got \(tolerance)") }
        if threads < 0 { throw CleanlabError(.invalidArgument, "n_threads must be >= 0, got \(threads)") }
    }
}

/// Multinomial logistic regression with an L2 penalty on the coefficients (not the
/// intercepts). It minimises, as scikit-learn's lbfgs solver does up to a constant factor,
///
///     (1 / Σw) · [ Σ_i w_i · (logsumexp(z_i) − z_i[y_i]) + ‖W‖² / (2C) ],   z_i = W x̃_i + b
///
/// where x̃ are the standardised features, with L-BFGS (10 correction pairs, backtracking
/// Armijo line search) from W = 0, b = 0, for at most `maxIterations` iterations.
///
/// Determinism: the objective and gradient are sums over fixed blocks of rows (the block size
/// depends only on the number of rows); each block is summed in row order by one thread and the
/// block partials are added in block order. The fitted model is therefore bit-identical for any
/// thread count.
public final class LogisticRegression: Classifier, @unchecked Sendable {
    public let options: LogisticRegressionOptions
    /// `classes × (features + 1)` row-major: the coefficients of class j on the standardised
    /// features, then its intercept. Empty before the first fit.
    public private(set) var coefficients: [Double] = []
    public private(set) var featureMeans: [Double] = []
    public private(set) var featureScales: [Double] = []
    public private(set) var classes = 0
    public private(set) var features = 0
    /// L-BFGS iterations used by the last fit.
    public private(set) var iterations = 0

    public init(options: LogisticRegressionOptions = .init()) throws(CleanlabError) {
        try options.validate()
        self.options = options
    }

    public var isFitted: Bool { !coefficients.isEmpty }

    // MARK: Classifier

    public func fit(_ x: FeatureView, labels: [Int], weights: [Double]?, classes k: Int) throws(CleanlabError) {
        let n = x.rows, d = x.columns
        if k < 2 { throw CleanlabError(.shape, "logistic regression needs at least 2 classes, got \(k)") }
        if d < 1 { throw CleanlabError(.shape, "X must have at least one feature column, got \(d)") }
        if n < 1 { throw CleanlabError(.shape, "cannot fit logistic regression on 0 examples") }
        if labels.count != n { throw CleanlabError(.shape, "X has \(n) rows but labels has \(labels.count) entries") }
        for (i, y) in labels.enumerated() where y < 0 || y >= k {
            throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index in [0, \(k - 1)]")
        }
        var totalWeight = Double(n)
        if let w = weights {
            if w.count != n { throw CleanlabError(.shape, "sample_weight has \(w.count) entries, \(n) expected") }
            totalWeight = 0
            for (i, v) in w.enumerated() {
                if !(v >= 0) || !v.isFinite { throw CleanlabError(.invalidArgument, "sample_weight[\(i)] = \(v) must be finite and >= 0") }
                totalWeight += v
            }
            if !(totalWeight > 0) { throw CleanlabError(.invalidArgument, "sample weights sum to 0") }
        }
        for i in 0..<n {
            let r = x.row(i)
            for t in 0..<d where !r[t].isFinite {
                throw CleanlabError(.notFinite, "X[\(i), \(t)] = \(r[t]) is not finite")
            }
        }
        // standardisation
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        if options.standardize {
            for i in 0..<n { let r = x.row(i); for t in 0..<d { mean[t] += r[t] } }
            for t in 0..<d { mean[t] /= Double(n) }
            var variance = [Double](repeating: 0, count: d)
            for i in 0..<n { let r = x.row(i); for t in 0..<d { let e = r[t] - mean[t]; variance[t] += e * e } }
            for t in 0..<d {
                let s = (variance[t] / Double(n)).squareRoot()
                scale[t] = s > 0 && s.isFinite ? s : 1
            }
        }
        var xs = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            let r = x.row(i)
            for t in 0..<d { xs[i * d + t] = (r[t] - mean[t]) / scale[t] }
        }
        let problem = Objective(xs: xs, rows: n, columns: d, classes: k, labels: labels, weights: weights,
                                totalWeight: totalWeight, c: options.c, threads: Cleanlab.resolve(options.threads))
        let (w, iters) = lbfgs(start: [Double](repeating: 0, count: k * (d + 1)), maxIterations: options.maxIterations,
                               tolerance: options.tolerance) { problem.evaluate($0) }
        coefficients = w
        featureMeans = mean
        featureScales = scale
        classes = k
        features = d
        iterations = iters
    }

    public func predictProba(_ x: FeatureView, classes k: Int) throws(CleanlabError) -> [Double] {
        if !isFitted { throw CleanlabError(.invalidArgument, "this LogisticRegression is not fitted yet: call fit first") }
        if k != classes { throw CleanlabError(.shape, "the model was fitted with \(classes) classes, \(k) requested") }
        if x.columns != features { throw CleanlabError(.shape, "X has \(x.columns) feature columns, the model was fitted with \(features)") }
        let n = x.rows, d = features
        var out = [Double](repeating: 0, count: n * k)
        let coef = coefficients, mean = featureMeans, scale = featureScales
        let parts = Swift.max(1, Swift.min(Cleanlab.resolve(options.threads), (n * d * k) >> 15, n))
        out.withUnsafeMutableBufferPointer { ob in
            let o = UncheckedSendable(ob.baseAddress!)
            forEachPart(parts) { part in
                var z = [Double](repeating: 0, count: k), xs = [Double](repeating: 0, count: d)
                for i in partRange(part, of: parts, count: n) {
                    let r = x.row(i)
                    for t in 0..<d { xs[t] = (r[t] - mean[t]) / scale[t] }
                    LogisticRegression.scores(coef, xs, 0, d: d, k: k, into: &z)
                    var m = z[0]
                    for j in 1..<k where z[j] > m { m = z[j] }
                    var s = 0.0
                    for j in 0..<k { z[j] = exp(z[j] - m); s += z[j] }
                    for j in 0..<k { o.value[i * k + j] = z[j] / s }
                }
            }
        }
        return out
    }

    /// z[j] = coef[j, :d] · x[offset..<offset+d] + coef[j, d].
    @inline(__always)
    static func scores(_ coef: [Double], _ x: [Double], _ offset: Int, d: Int, k: Int, into z: inout [Double]) {
        for j in 0..<k {
            let base = j * (d + 1)
            var acc = coef[base + d]
            for t in 0..<d { acc += coef[base + t] * x[offset + t] }
            z[j] = acc
        }
    }
}

/// The weight-normalised penalised negative log-likelihood and its gradient.
struct Objective: @unchecked Sendable {
    let xs: [Double]
    let rows: Int, columns: Int, classes: Int
    let labels: [Int]
    let weights: [Double]?
    let totalWeight: Double
    let c: Double
    let threads: Int

    /// Rows per block: at least 256, at most 4096 blocks, and at most 2^25 doubles (256 MiB) of
    /// block partials. Depends only on the problem's shape, never on the thread count.
    var blockRows: Int {
        let slot = classes * (columns + 1) + 1
        let maxBlocks = Swift.max(1, Swift.min(4096, (1 << 25) / slot))
        return Swift.max(256, (rows + maxBlocks - 1) / maxBlocks)
    }

    func evaluate(_ w: [Double]) -> (Double, [Double]) {
        let d = columns, k = classes, p = k * (d + 1)
        let bs = blockRows
        let blocks = (rows + bs - 1) / bs
        let slot = p + 1
        let partial = SharedBuffer<Double>(repeating: 0, count: blocks * slot)
        let parts = Swift.max(1, Swift.min(threads, blocks, (rows * d * k) >> 15))
        forEachPart(parts) { part in
            var z = [Double](repeating: 0, count: k)
            for b in partRange(part, of: parts, count: blocks) {
                let acc = partial.pointer + b * slot
                var loss = 0.0
                for i in (b * bs)..<Swift.min(rows, (b + 1) * bs) {
                    let off = i * d
                    LogisticRegression.scores(w, xs, off, d: d, k: k, into: &z)
                    var m = z[0]
                    for j in 1..<k where z[j] > m { m = z[j] }
                    let y = labels[i]
                    let zy = z[y] - m
                    var s = 0.0
                    for j in 0..<k { z[j] = exp(z[j] - m); s += z[j] }
                    let wi = weights?[i] ?? 1.0
                    // logsumexp(z) - z_y = log(s) - (z_y - m)
                    loss += wi * (log(s) - zy)
                    for j in 0..<k {
                        let r = wi * (z[j] / s - (j == y ? 1 : 0))
                        if r == 0 { continue }
                        let g = acc + 1 + j * (d + 1)
                        for t in 0..<d { g[t] += r * xs[off + t] }
                        g[d] += r
                    }
                }
                acc[0] = loss
            }
        }
        var loss = 0.0
        var grad = [Double](repeating: 0, count: p)
        for b in 0..<blocks {
            let acc = partial.pointer + b * slot
            loss += acc[0]
            for e in 0..<p { grad[e] += acc[1 + e] }
        }
        var penalty = 0.0
        let inv = 1 / totalWeight
        for j in 0..<k {
            for t in 0..<d {
                let e = j * (d + 1) + t
                penalty += w[e] * w[e]
                grad[e] = grad[e] * inv + w[e] / c * inv
            }
            grad[j * (d + 1) + d] *= inv
        }
        return ((loss + penalty / (2 * c)) * inv, grad)
    }
}

/// Limited-memory BFGS with 10 correction pairs and a backtracking Armijo line search, from
/// `start`, for at most `maxIterations` iterations. Returns the minimiser and the iterations used.
func lbfgs(start: [Double], maxIterations: Int, tolerance: Double, history m: Int = 10,
           _ f: ([Double]) -> (Double, [Double])) -> ([Double], Int) {
    @inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }
    var x = start
    var (fx, g) = f(x)
    var ss: [[Double]] = [], ys: [[Double]] = [], rhos: [Double] = []
    var iteration = 0
    while iteration < maxIterations {
        var gmax = 0.0
        for v in g { gmax = Swift.max(gmax, abs(v)) }
        if gmax <= tolerance || !fx.isFinite { break }
        // two-loop recursion: direction = -H g
        var q = g
        var alphas = [Double](repeating: 0, count: ss.count)
        for h in stride(from: ss.count - 1, through: 0, by: -1) {
            alphas[h] = rhos[h] * dot(ss[h], q)
            for i in 0..<q.count { q[i] -= alphas[h] * ys[h][i] }
        }
        if let sl = ss.last, let yl = ys.last {
            let gamma = dot(sl, yl) / dot(yl, yl)
            for i in 0..<q.count { q[i] *= gamma }
        }
        for h in 0..<ss.count {
            let beta = rhos[h] * dot(ys[h], q)
            for i in 0..<q.count { q[i] += ss[h][i] * (alphas[h] - beta) }
        }
        var direction = q.map { -$0 }
        var slope = dot(g, direction)
        if !(slope < 0) {
            // not a descent direction: restart from steepest descent
            ss.removeAll(); ys.removeAll(); rhos.removeAll()
            direction = g.map { -$0 }
            slope = dot(g, direction)
        }
        var step = ss.isEmpty ? Swift.min(1.0, 1.0 / dot(g, g).squareRoot()) : 1.0
        var accepted = false
        var xn = x, fn = fx, gn = g
        for _ in 0..<40 {
            for i in 0..<x.count { xn[i] = x[i] + step * direction[i] }
            (fn, gn) = f(xn)
            if fn.isFinite && fn <= fx + 1e-4 * step * slope { accepted = true; break }
            step *= 0.5
        }
        iteration += 1
        if !accepted { break }
        var s = xn, y = gn
        for i in 0..<x.count { s[i] -= x[i]; y[i] -= g[i] }
        let sy = dot(s, y)
        if sy > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() && sy > 0 {
            if ss.count == m { ss.removeFirst(); ys.removeFirst(); rhos.removeFirst() }
            ss.append(s); ys.append(y); rhos.append(1 / sy)
        }
        let decrease = fx - fn
        x = xn; fx = fn; g = gn
        if decrease <= 1e-15 * Swift.max(abs(fx), 1) { break }
    }
    return (x, iteration)
}
