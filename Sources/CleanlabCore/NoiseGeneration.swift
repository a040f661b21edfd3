// cleanlab 2.9.0's `benchmarking.noise_generation`: noise matrices, noisy labels, random
// probabilities and ball distributions, plus a synthetic-dataset generator (our extension).
//
// Randomness comes from `NoiseRNG` (xoshiro256**, seeded with SplitMix64), not from numpy's
// MT19937: the random outputs have cleanlab's distributions and documented properties, and are
// reproducible for a given seed in every layer (Swift, C, Python), but they are not numpy's
// streams. The deterministic parts (noise_matrix_is_valid, the flip counts of
// generate_noisy_labels, every validation) follow cleanlab exactly.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - PRNG

/// The documented PRNG of libcleanlab: xoshiro256** (Blackman & Vigna, 2018) whose 256-bit
/// state is filled by four outputs of SplitMix64 started at `seed`.
///
/// - `next()`: the next 64-bit output.
/// - `uniform()`: `(next() >> 11) * 2^-53`, in [0, 1).
/// - `below(n)`: an unbiased integer in [0, n) (Lemire's multiply-and-reject).
/// - `exponential()`: `-log1p(-uniform())`, a standard exponential.
/// - `normal()`: Box–Muller, `sqrt(-2 log(1 - u1)) * cos(2π u2)` (one draw per call).
public struct NoiseRNG: Sendable {
    var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(&x); s1 = splitmix(&x); s2 = splitmix(&x); s3 = splitmix(&x)
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = NoiseRNG.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = NoiseRNG.rotl(s3, 45)
        return result
    }

    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    public mutating func exponential() -> Double { -log1p(-uniform()) }

    public mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log1p(-u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

// MARK: - Options and results

/// The options of `generate_noise_matrix_from_trace` with cleanlab's defaults.
public struct NoiseMatrixOptions: Sendable {
    public var maxTraceProb = 1.0
    public var minTraceProb = 1e-5
    public var maxNoiseRate = 1 - 1e-5
    public var minNoiseRate = 0.0
    public var validNoiseMatrix = true
    public var py: [Double]? = nil
    public var fracZeroNoiseRates = 0.0
    public var maxIter = 10000
    public init() {}
}

/// A synthetic classification dataset with known label errors (`makeSyntheticDataset`).
public struct SyntheticDataset: Sendable {
    /// n true labels in [0, K).
    public var trueLabels: [Int64]
    /// n noisy (given) labels: `generateNoisyLabels(trueLabels, noiseMatrix)`.
    public var noisyLabels: [Int64]
    /// n × K row-major predicted probabilities of an imperfect classifier (rows sum to 1).
    public var predProbs: [Double]
    /// The K × K noise matrix P(label = row | true label = column), row-major.
    public var noiseMatrix: [Double]
    /// The K class priors P(true label = k) the noise matrix was generated for.
    public var py: [Double]
}

// MARK: - noise_generation

public enum NoiseGeneration {
    /// cleanlab's FLOATING_POINT_COMPARISON.
    static let eps = 1e-6
    /// Every fix-up loop of generate_n_rand_probabilities_that_sum_to_m stops after this many
    /// rounds (cleanlab's loops are unbounded); reaching it is an error, never an endless loop.
    public static let maxFixupRounds = 1_000_000

    static func fmt(_ x: Double) -> String { "\(x)" }

    // MARK: noise_matrix_is_valid

    /// `np.dot(matrix, x)` for a C-contiguous float64 K × K matrix, in the order of OpenBLAS's
    /// x86-64 dgemv_t kernel (numpy's BLAS): the first K - K % 4 terms of each row (in blocks of
    /// 2048) are reduced by the 4-row kernel (4 FMA lanes, lane l taking the terms j ≡ l mod 4,
    /// combined as (l0 + l2) + (l1 + l3)), the 2-row kernel (2 lanes, no FMA) or the 1-row kernel
    /// (2 × 2 lanes, no FMA), depending on the row's position; the last K % 4 terms are added by
    /// the scalar tail with FMA contraction. This reproduces numpy's `np.dot` bit for bit, which
    /// decides borderline `noise_matrix_is_valid` answers.
    static func blasMatVec(_ a: [Double], _ x: [Double], k: Int) -> [Double] {
        var y = [Double](repeating: 0, count: k)
        let m3 = k & 3
        let mMain = k - m3
        let n4 = (k / 4) * 4, n2 = k & 3
        var start = 0
        while start < mMain {
            let nb = Swift.min(2048, mMain - start)
            for r in 0..<k {
                let row = r * k + start
                var t: Double
                if r < n4 {
                    var l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0
                    var i = 0
                    while i < nb {
                        l0 = l0.addingProduct(a[row + i], x[start + i])
                        l1 = l1.addingProduct(a[row + i + 1], x[start + i + 1])
                        l2 = l2.addingProduct(a[row + i + 2], x[start + i + 2])
                        l3 = l3.addingProduct(a[row + i + 3], x[start + i + 3])
                        i += 4
                    }
                    t = (l0 + l2) + (l1 + l3)
                } else if (n2 & 2) != 0 && r < n4 + 2 {
                    var l0 = 0.0, l1 = 0.0
                    var i = 0
                    while i < nb {
                        l0 += a[row + i] * x[start + i]
                        l1 += a[row + i + 1] * x[start + i + 1]
                        i += 2
                    }
                    t = l0 + l1
                } else {
                    var p0 = 0.0, p1 = 0.0, q0 = 0.0, q1 = 0.0
                    var i = 0
                    while i < nb {
                        p0 += a[row + i] * x[start + i]
                        p1 += a[row + i + 1] * x[start + i + 1]
                        q0 += a[row + i + 2] * x[start + i + 2]
                        q1 += a[row + i + 3] * x[start + i + 3]
                        i += 4
                    }
                    t = (p0 + q0) + (p1 + q1)
                }
                y[r] = y[r] + t
            }
            start += nb
        }
        if m3 != 0 {
            let j = mMain
            for r in 0..<k {
                let row = r * k + j
                switch m3 {
                case 1:
                    y[r] = y[r].addingProduct(a[row], x[j])
                case 2:
                    y[r] = y[r] + (a[row + 1] * x[j + 1]).addingProduct(a[row], x[j])
                default:
                    let s = (a[row + 1] * x[j + 1]).addingProduct(a[row], x[j])
                    y[r] = y[r] + s.addingProduct(a[row + 2], x[j + 2])
                }
            }
        }
        return y
    }

    /// `noise_matrix_is_valid(noise_matrix, py)`: the joint `noise_matrix * py` sums to 1
    /// (within 1e-6, numpy's pairwise sum in row-major order) and `ps[i] * py[i] < joint[i][i]`
    /// for every class, with `ps = np.dot(noise_matrix, py)` computed as numpy does.
    /// NaN or infinite entries give false, as in cleanlab.
    /// - Parameter noiseMatrix: K × K, row-major (a C-contiguous array).
    public static func noiseMatrixIsValid(_ noiseMatrix: [Double], py: [Double]) throws(CleanlabError) -> Bool {
        let k = py.count
        if k < 1 { throw CleanlabError(.shape, "py must have at least one entry") }
        if noiseMatrix.count != k * k {
            throw CleanlabError(.shape, "noise_matrix must be \(k) x \(k) (py has \(k) entries), got \(noiseMatrix.count) elements")
        }
        var joint = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { joint[i * k + j] = noiseMatrix[i * k + j] * py[j] } }
        let total = pairwiseSum(joint)
        if !(abs(total - 1.0) < eps) { return false }
        let ps = blasMatVec(noiseMatrix, py, k: k)
        for i in 0..<k where !(ps[i] * py[i] < joint[i * k + i]) { return false }
        return true
    }

    // MARK: generate_noisy_labels

    /// cleanlab's flip counts: `count_joint[j][k] = int(noise_matrix[j][k] * py[k] * n)` with
    /// `py[k] = count_k / n`, diagonal zeroed. Row-major K × K. Requires validated inputs.
    public static func flipCounts(classCounts: [Int], n: Int, noiseMatrix: [Double]) -> [Int64] {
        let k = classCounts.count
        var c = [Int64](repeating: 0, count: k * k)
        let dn = Double(n)
        for col in 0..<k {
            let p = Double(classCounts[col]) / dn
            for row in 0..<k where row != col {
                let v = (noiseMatrix[row * k + col] * p * dn).rounded(.towardZero)
                c[row * k + col] = Int64(v)
            }
        }
        return c
    }

    /// `generate_noisy_labels(true_labels, noise_matrix)`: for every true class k, flips exactly
    /// `count_joint[j][k]` examples of class k (chosen uniformly without replacement) to each
    /// j != k, or none of them when their total is larger than the class (as cleanlab).
    /// - Throws: `.labelRange` for a label outside [0, K); `.shape` for an empty input, a
    ///   non-square matrix, or labels that miss some class but contain more than one (numpy's
    ///   broadcasting error in cleanlab); `.notFinite` / `.probabilityRange` for matrix entries
    ///   that are NaN, infinite or outside [0, 1].
    public static func generateNoisyLabels(_ labels: LabelView, k: Int, noiseMatrix: [Double],
                                           rng: inout NoiseRNG) throws(CleanlabError) -> [Int64] {
        let n = labels.count
        try checkNoiseMatrix(noiseMatrix, k: k)
        if n == 0 { throw CleanlabError(.shape, "true_labels is empty") }
        var counts = [Int](repeating: 0, count: k)
        var out = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let l = labels[i]
            if l < 0 || l >= k {
                throw CleanlabError(.labelRange, "true_labels[\(i)] = \(l) is outside [0, \(k)) (noise_matrix is \(k) x \(k))")
            }
            counts[l] += 1
            out[i] = Int64(l)
        }
        let present = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        if present > 1 && present < k {
            throw CleanlabError(.shape, "true_labels contain \(present) of the \(k) classes of noise_matrix: every class must be present (cleanlab: operands could not be broadcast together)")
        }
        let c = flipCounts(classCounts: counts, n: n, noiseMatrix: noiseMatrix)
        // indices of each class, in index order
        var members = [[Int]](repeating: [], count: k)
        for i in 0..<n { members[Int(out[i])].append(i) }
        for col in 0..<k {
            var total: Int64 = 0
            for row in 0..<k { total += c[row * k + col] }
            let size = members[col].count
            if size == 0 || total == 0 || Int64(size) < total { continue }
            // a uniform random sample of `total` members (partial Fisher-Yates), assigned the
            // new labels in ascending order of target class
            var idx = members[col]
            let t = Int(total)
            for i in 0..<t {
                let j = i + rng.below(size - i)
                idx.swapAt(i, j)
            }
            var pos = 0
            for row in 0..<k where row != col {
                for _ in 0..<Int(c[row * k + col]) { out[idx[pos]] = Int64(row); pos += 1 }
            }
        }
        return out
    }

    /// Convenience overload on a Swift array of labels.
    public static func generateNoisyLabels(_ labels: [Int64], k: Int, noiseMatrix: [Double], seed: UInt64) throws(CleanlabError) -> [Int64] {
        var rng = NoiseRNG(seed: seed)
        return try labels.withUnsafeBufferPointer { (b) throws(CleanlabError) -> [Int64] in
            let view = LabelView(int64: b.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: b.count)
            return try generateNoisyLabels(view, k: k, noiseMatrix: noiseMatrix, rng: &rng)
        }
    }

    static func checkNoiseMatrix(_ m: [Double], k: Int) throws(CleanlabError) {
        if k < 2 { throw CleanlabError(.shape, "noise_matrix must be K x K with K >= 2, got K = \(k)") }
        if m.count != k * k { throw CleanlabError(.shape, "noise_matrix must have \(k * k) entries, got \(m.count)") }
        for (i, v) in m.enumerated() {
            if !v.isFinite { throw CleanlabError(.notFinite, "noise_matrix[\(i / k)][\(i % k)] is \(v)") }
            if v < 0 || v > 1 {
                throw CleanlabError(.probabilityRange, "noise_matrix[\(i / k)][\(i % k)] = \(v) is not a probability in [0, 1]")
            }
        }
    }

    // MARK: generate_n_rand_probabilities_that_sum_to_m

    /// `generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob=, min_prob=)`: a Dirichlet(1,…,1)
    /// sample times m (normalised exponentials, summed in order), then cleanlab's fix-up rounds
    /// that move the largest/smallest entries inside [min_prob, max_prob] (±1e-6) keeping the sum.
    /// - Throws: `.invalidArgument` with cleanlab's two ValueErrors (max_prob < m/n, min_prob >
    ///   m/n, both with cleanlab's 1e-6 tolerance), `.shape` for n < 0, `.notFinite` for a NaN or
    ///   infinite argument, `.numeric` if the fix-ups do not converge within `maxFixupRounds`.
    public static func randomProbabilities(n: Int, m: Double, maxProb: Double = 1.0, minProb: Double = 0.0,
                                           rng: inout NoiseRNG) throws(CleanlabError) -> [Double] {
        if n < 0 { throw CleanlabError(.shape, "n must be >= 0, got \(n)") }
        if n == 0 { return [] }
        if !m.isFinite || !maxProb.isFinite || !minProb.isFinite {
            throw CleanlabError(.notFinite, "m, max_prob and min_prob must be finite (m = \(fmt(m)), max_prob = \(fmt(maxProb)), min_prob = \(fmt(minProb)))")
        }
        let dn = Double(n)
        if maxProb + eps < m / dn {
            throw CleanlabError(.invalidArgument, "max_prob must be greater or equal to m / n, but max_prob = \(fmt(maxProb)), m = \(fmt(m)), n = \(n), m / n = \(fmt(m / dn))")
        }
        if minProb > (m + eps) / dn {
            throw CleanlabError(.invalidArgument, "min_prob must be less or equal to m / n, but max_prob = \(fmt(maxProb)), m = \(fmt(m)), n = \(n), m / n = \(fmt(m / dn))")
        }
        var r = [Double](repeating: 0, count: n)
        var total = 0.0
        for i in 0..<n { r[i] = rng.exponential(); total += r[i] }
        for i in 0..<n { r[i] = r[i] / total * m }

        func argmin(_ a: [Double]) -> Int { var b = 0; for i in 1..<a.count where a[i] < a[b] { b = i }; return b }
        func argmax(_ a: [Double]) -> Int { var b = 0; for i in 1..<a.count where a[i] > a[b] { b = i }; return b }

        var rounds = 0
        var minV = r[argmin(r)], maxV = r[argmax(r)]
        while maxV > maxProb + eps {
            rounds += 1
            if rounds > maxFixupRounds { throw nonConvergence(n: n, m: m, maxProb: maxProb, minProb: minProb) }
            let newMin = minV + (maxV - maxProb)
            let adjustment = (maxProb - newMin) * rng.uniform()
            r[argmin(r)] = newMin + adjustment
            r[argmax(r)] = maxProb - adjustment
            minV = r[argmin(r)]; maxV = r[argmax(r)]
        }
        minV = r[argmin(r)]
        while minV < minProb - eps {
            rounds += 1
            if rounds > maxFixupRounds { throw nonConvergence(n: n, m: m, maxProb: maxProb, minProb: minProb) }
            minV = r[argmin(r)]; maxV = r[argmax(r)]
            let newMax = maxV - (minProb - minV)
            let adjustment = (newMax - minProb) * rng.uniform()
            r[argmax(r)] = newMax - adjustment
            r[argmin(r)] = minProb + adjustment
            minV = r[argmin(r)]
        }
        return r
    }

    static func nonConvergence(n: Int, m: Double, maxProb: Double, minProb: Double) -> CleanlabError {
        CleanlabError(.numeric, "could not bring \(n) probabilities summing to \(fmt(m)) inside [min_prob = \(fmt(minProb)), max_prob = \(fmt(maxProb))] within \(maxFixupRounds) rounds")
    }

    // MARK: randomly_distribute_N_balls_into_K_bins

    /// `randomly_distribute_N_balls_into_K_bins(N, K, max_balls_per_bin=, min_balls_per_bin=)`:
    /// K bin counts summing to N (or to max_balls_per_bin * K when N does not fit), from rounded
    /// random probabilities within the bounds, adjusted by ±1 at the extreme bins (first largest
    /// / first smallest) until the total is right.
    /// - Throws: `.shape` for N < 0 or K < 0, and for K == 0 with N > 0 (cleanlab:
    ///   ZeroDivisionError); `.invalidArgument` for negative bounds, for max_balls_per_bin == 0
    ///   with N > 0 (cleanlab: ZeroDivisionError), and cleanlab's ValueErrors of the underlying
    ///   probabilities (min_balls_per_bin too large for max_balls_per_bin).
    public static func distributeBalls(n nBalls: Int, k: Int, maxBallsPerBin: Int? = nil, minBallsPerBin: Int? = nil,
                                       rng: inout NoiseRNG) throws(CleanlabError) -> [Int64] {
        if nBalls < 0 { throw CleanlabError(.shape, "N (the number of balls) must be >= 0, got \(nBalls)") }
        if k < 0 { throw CleanlabError(.shape, "K (the number of bins) must be >= 0, got \(k)") }
        if let v = maxBallsPerBin, v < 0 { throw CleanlabError(.invalidArgument, "max_balls_per_bin must be >= 0 or None, got \(v)") }
        if let v = minBallsPerBin, v < 0 { throw CleanlabError(.invalidArgument, "min_balls_per_bin must be >= 0 or None, got \(v)") }
        if nBalls == 0 { return [Int64](repeating: 0, count: k) }
        if k == 0 { throw CleanlabError(.shape, "cannot distribute \(nBalls) balls into K = 0 bins") }
        var n = nBalls
        let maxB = maxBallsPerBin.map { Swift.min($0, n) } ?? n
        let minB = minBallsPerBin.map { Swift.min(Double($0), Double(n) / Double(k)) } ?? 0
        if Double(n) / Double(k) > Double(maxB) { n = maxB * k }
        if n == 0 {
            throw CleanlabError(.invalidArgument, "max_balls_per_bin = 0 leaves no room for \(nBalls) balls (cleanlab: division by zero)")
        }
        let dn = Double(n)
        let p = try randomProbabilities(n: k, m: 1, maxProb: Double(maxB) / dn, minProb: minB / dn, rng: &rng)
        var arr = p.map { ($0 * dn).rounded(.toNearestOrEven) }
        func sum() -> Double { arr.reduce(0, +) }
        func argmin() -> Int { var b = 0; for i in 1..<arr.count where arr[i] < arr[b] { b = i }; return b }
        func argmax() -> Int { var b = 0; for i in 1..<arr.count where arr[i] > arr[b] { b = i }; return b }
        while sum() != dn {
            while sum() > dn { arr[argmax()] -= 1 }
            while sum() < dn { arr[argmin()] += 1 }
        }
        return arr.map { Int64($0) }
    }

    // MARK: generate_noise_matrix_from_trace

    /// `generate_noise_matrix_from_trace(K, trace, ...)`: a K × K column-stochastic noise matrix
    /// (row-major, P(label = row | true = column)) whose diagonal sums to `trace`, or nil when
    /// no valid matrix was found within `maxIter` tries (or `maxIter < 1`), as cleanlab 2.x.
    /// K == 2 follows cleanlab's special case (no validity check, py unused).
    /// - Throws: cleanlab's ValueErrors (`.invalidArgument`: trace <= 1 or py missing with
    ///   valid_noise_matrix; `.shape`: K < 2), then libcleanlab's own checks: trace outside
    ///   [0, K], bounds outside [0, 1] or min > max, frac_zero_noise_rates outside [0, 1], py of
    ///   the wrong length or not finite; and the errors of the random probabilities (impossible
    ///   trace or noise-rate bounds).
    public static func generateNoiseMatrixFromTrace(k: Int, trace: Double, options o: NoiseMatrixOptions = NoiseMatrixOptions(),
                                                    seed: UInt64) throws(CleanlabError) -> [Double]? {
        try generateNoiseMatrixFromTraceKeepingLast(k: k, trace: trace, options: o, seed: seed).valid
    }

    /// `generateNoiseMatrixFromTrace`, also returning the last matrix tried (cleanlab 1.x returns
    /// it when no valid matrix was found within `maxIter` tries; nil when `maxIter < 1`).
    public static func generateNoiseMatrixFromTraceKeepingLast(k: Int, trace: Double, options o: NoiseMatrixOptions = NoiseMatrixOptions(),
                                                               seed: UInt64) throws(CleanlabError) -> (valid: [Double]?, last: [Double]?) {
        if o.validNoiseMatrix && trace <= 1 {
            throw CleanlabError(.invalidArgument, "trace = \(fmt(trace)). trace > 1 is necessary for a valid noise matrix to be returned (valid_noise_matrix == True)")
        }
        if o.validNoiseMatrix && o.py == nil && k > 2 {
            throw CleanlabError(.invalidArgument, "py must be provided (not None) if the input parameter valid_noise_matrix == True")
        }
        if k <= 1 { throw CleanlabError(.shape, "K must be >= 2, but K = \(k).") }
        if !trace.isFinite || trace < 0 || trace > Double(k) {
            throw CleanlabError(.invalidArgument, "trace = \(fmt(trace)) must lie in [0, K] = [0, \(k)]")
        }
        func checkBounds(_ lo: Double, _ hi: Double, _ loName: String, _ hiName: String) throws(CleanlabError) {
            if !(lo >= 0 && lo <= 1) || !(hi >= 0 && hi <= 1) {
                throw CleanlabError(.invalidArgument, "\(loName) = \(fmt(lo)) and \(hiName) = \(fmt(hi)) must lie in [0, 1]")
            }
            if lo > hi { throw CleanlabError(.invalidArgument, "\(loName) = \(fmt(lo)) is larger than \(hiName) = \(fmt(hi))") }
        }
        try checkBounds(o.minTraceProb, o.maxTraceProb, "min_trace_prob", "max_trace_prob")
        try checkBounds(o.minNoiseRate, o.maxNoiseRate, "min_noise_rate", "max_noise_rate")
        if !(o.fracZeroNoiseRates >= 0 && o.fracZeroNoiseRates <= 1) {
            throw CleanlabError(.invalidArgument, "frac_zero_noise_rates = \(fmt(o.fracZeroNoiseRates)) must lie in [0, 1]")
        }
        if let py = o.py {
            if py.count != k { throw CleanlabError(.shape, "py must have K = \(k) entries, got \(py.count)") }
            for (i, v) in py.enumerated() where !v.isFinite { throw CleanlabError(.notFinite, "py[\(i)] is \(v)") }
        }
        if k == 2 && o.fracZeroNoiseRates >= 0.5 && trace < 1 {
            throw CleanlabError(.invalidArgument, "trace = \(fmt(trace)): a 2 x 2 noise matrix with a zero noise rate (frac_zero_noise_rates >= 0.5) needs 1 <= trace <= 2")
        }
        if o.maxIter < 1 { return (nil, nil) }
        var rng = NoiseRNG(seed: seed)

        if k == 2 {
            if o.fracZeroNoiseRates >= 0.5 {
                let a = [1.0, 1 - (trace - 1.0), 0.0, trace - 1.0]
                // np.rot90(a, k=2): both axes reversed
                let m = rng.uniform() > 0.5 ? a : [a[3], a[2], a[1], a[0]]
                return (m, m)
            }
            let d = try randomProbabilities(n: 2, m: trace, rng: &rng)
            let m = [d[0], 1 - d[1], 1 - d[0], d[1]]
            return (m, m)
        }

        var last: [Double]? = nil
        for _ in 0..<o.maxIter {
            var nm = [Double](repeating: 0, count: k * k)
            let diag = try randomProbabilities(n: k, m: trace, maxProb: o.maxTraceProb, minProb: o.minTraceProb, rng: &rng)
            for i in 0..<k { nm[i * k + i] = diag[i] }
            let noisyColumns = (0..<k).filter { diag[$0] != 1 }
            let numColWithNoise = noisyColumns.count
            var numZero = Int((Double(k * (k - 1)) * o.fracZeroNoiseRates).rounded(.towardZero))
            numZero -= (k - numColWithNoise) * (k - 1)
            numZero = Swift.max(numZero, 0)
            let zerosPerCol = try distributeBalls(n: numZero, k: numColWithNoise, maxBallsPerBin: k - 2, minBallsPerBin: 0, rng: &rng)
            var others = [Int](repeating: 0, count: k - 1)
            for (c, col) in noisyColumns.enumerated() {
                let numNoise = k - 1 - Int(zerosPerCol[c])
                let rates = try randomProbabilities(n: numNoise, m: 1 - diag[col], maxProb: o.maxNoiseRate,
                                                    minProb: o.minNoiseRate, rng: &rng)
                // a uniform random choice of numNoise distinct rows other than col
                var w = 0
                for row in 0..<k where row != col { others[w] = row; w += 1 }
                for i in 0..<numNoise {
                    let j = i + rng.below(k - 1 - i)
                    others.swapAt(i, j)
                }
                for i in 0..<numNoise { nm[others[i] * k + col] = rates[numNoise - 1 - i] }
            }
            if !o.validNoiseMatrix { return (nm, nm) }
            if try noiseMatrixIsValid(nm, py: o.py!) { return (nm, nm) }
            last = nm
        }
        return (nil, last)
    }

    // MARK: synthetic dataset (libcleanlab extension)

    /// A synthetic K-class dataset with known label errors, for demos and benchmarks:
    /// 1. class priors `py = 0.5/K + 0.5 * Dirichlet(1, …, 1)`;
    /// 2. a valid noise matrix `generateNoiseMatrixFromTrace(K, trace, py: py,
    ///    frac_zero_noise_rates:)` (seeded from the stream);
    /// 3. true labels with `floor(py_k * n)` examples per class (at least one each, the rest
    ///    to the classes with the largest remainders), shuffled;
    /// 4. noisy labels `generateNoisyLabels(trueLabels, noiseMatrix)`;
    /// 5. pred_probs of an imperfect classifier: softmax of logits `0.9 * N(0, 1)` per class,
    ///    plus `0.75 + 2.0 U + 0.5 log K` on the true class and `1.0 U` on the noisy label when it
    ///    differs (a model that partly memorised the noise).
    /// - Throws: `.shape` for K < 2 or n < K; `.invalidArgument` for trace outside (1, K] or
    ///   frac_zero_noise_rates outside [0, 1]; `.numeric` if no valid noise matrix is found.
    public static func makeSyntheticDataset(n: Int, k: Int, trace: Double, fracZeroNoiseRates: Double = 0,
                                            seed: UInt64) throws(CleanlabError) -> SyntheticDataset {
        if k < 2 { throw CleanlabError(.shape, "K must be >= 2, got \(k)") }
        if n < k { throw CleanlabError(.shape, "n (\(n)) must be >= K (\(k)) so that every class has an example") }
        if !(trace > 1 && trace <= Double(k)) {
            throw CleanlabError(.invalidArgument, "trace = \(fmt(trace)) must lie in (1, K] = (1, \(k)] for a valid noise matrix")
        }
        if !(fracZeroNoiseRates >= 0 && fracZeroNoiseRates <= 1) {
            throw CleanlabError(.invalidArgument, "frac_zero_noise_rates = \(fmt(fracZeroNoiseRates)) must lie in [0, 1]")
        }
        let (kk, o1) = n.multipliedReportingOverflow(by: k)
        if o1 || kk > Int.max / 16 { throw CleanlabError(.shape, "n x K (\(n) x \(k)) is too large") }
        var rng = NoiseRNG(seed: seed)
        let d = try randomProbabilities(n: k, m: 1, rng: &rng)
        let py = d.map { 0.5 / Double(k) + 0.5 * $0 }
        var opts = NoiseMatrixOptions()
        opts.py = py
        opts.fracZeroNoiseRates = fracZeroNoiseRates
        guard let nm = try generateNoiseMatrixFromTrace(k: k, trace: trace, options: opts, seed: rng.next()) else {
            throw CleanlabError(.numeric, "no valid noise matrix with trace \(fmt(trace)) was found within \(opts.maxIter) tries")
        }
        // class sizes
        var counts = py.map { Swift.max(1, Int(($0 * Double(n)).rounded(.down))) }
        var total = counts.reduce(0, +)
        let order = (0..<k).sorted { a, b in
            let ra = py[a] * Double(n) - Double(counts[a]), rb = py[b] * Double(n) - Double(counts[b])
            return ra != rb ? ra > rb : a < b
        }
        var p = 0
        while total < n { counts[order[p % k]] += 1; total += 1; p += 1 }
        while total > n {
            var b = 0
            for i in 1..<k where counts[i] > counts[b] { b = i }
            counts[b] -= 1; total -= 1
        }
        var trueLabels = [Int64]()
        trueLabels.reserveCapacity(n)
        for c in 0..<k { trueLabels.append(contentsOf: repeatElement(Int64(c), count: counts[c])) }
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) { trueLabels.swapAt(i, rng.below(i + 1)) }
        }
        let noisy = try trueLabels.withUnsafeBufferPointer { (b) throws(CleanlabError) -> [Int64] in
            try generateNoisyLabels(LabelView(int64: b.baseAddress!, count: n), k: k, noiseMatrix: nm, rng: &rng)
        }
        var probs = [Double](repeating: 0, count: n * k)
        let logK = log(Double(k))
        var z = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for j in 0..<k { z[j] = 0.9 * rng.normal() }
            let y = Int(trueLabels[i]), s = Int(noisy[i])
            z[y] += 0.75 + 2.0 * rng.uniform() + 0.5 * logK
            if s != y { z[s] += 1.0 * rng.uniform() }
            var mx = z[0]
            for j in 1..<k where z[j] > mx { mx = z[j] }
            var sum = 0.0
            for j in 0..<k { z[j] = exp(z[j] - mx); sum += z[j] }
            for j in 0..<k { probs[i * k + j] = z[j] / sum }
        }
        return SyntheticDataset(trueLabels: trueLabels, noisyLabels: noisy, predProbs: probs, noiseMatrix: nm, py: py)
    }
}
