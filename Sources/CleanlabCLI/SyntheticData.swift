// ============================================================================================
// PLACEHOLDER — TO BE REPLACED BY THE LIBRARY'S ROUTINES.
//
// The demo's seeded data generator. CleanlabCore is getting its own `generateNoiseMatrixFromTrace`
// and `makeSyntheticDataset` (cleanlab.benchmarking.noise_generation); once they land, replace
// the body of `SyntheticDataset.make` with calls to them and delete the rest of this file. Only
// `SyntheticDataset` (its fields and `make`) is used by the rest of the CLI (Demo.swift).
// ============================================================================================

/// A dataset with known label errors.
struct SyntheticDataset {
    var n: Int
    var k: Int
    /// `P(true = j)`.
    var prior: [Double]
    /// `noiseMatrix[i * k + j] = P(given = i | true = j)` (columns sum to 1), cleanlab's layout.
    var noiseMatrix: [Double]
    var trueLabels: [Int64]
    var noisyLabels: [Int64]
    /// Row-major `n × k` predicted probabilities (rows sum to 1).
    var predProbs: [Double]

    /// `n` examples of `k` classes; `noise` is the expected fraction of flipped labels
    /// (the noise matrix has trace `k * (1 - noise)`).
    static func make(n: Int, k: Int, noise: Double, seed: UInt64) -> SyntheticDataset {
        var rng = SplitMix64(seed: seed)
        // class prior: mildly imbalanced
        var prior = (0..<k).map { _ in 0.5 + rng.uniform() }
        let ps = prior.reduce(0, +)
        prior = prior.map { $0 / ps }

        let nm = noiseMatrixFromTrace(k: k, trace: Double(k) * (1 - noise), rng: &rng)

        var trueLabels = [Int64](repeating: 0, count: n)
        var noisy = [Int64](repeating: 0, count: n)
        var probs = [Double](repeating: 0, count: n * k)
        var logits = [Double](repeating: 0, count: k)
        let columns = (0..<k).map { t in (0..<k).map { g in nm[g * k + t] } }
        for i in 0..<n {
            let t = sample(prior, rng: &rng)
            trueLabels[i] = Int64(t)
            noisy[i] = Int64(sample(columns[t], rng: &rng))
            // a model that mostly knows the true class, with per-example difficulty
            let margin = 1.5 + 3.0 * rng.uniform()
            var mx = -Double.infinity
            for c in 0..<k {
                logits[c] = rng.normal() + (c == t ? margin : 0)
                mx = Swift.max(mx, logits[c])
            }
            var sum = 0.0
            for c in 0..<k { logits[c] = exp(logits[c] - mx); sum += logits[c] }
            for c in 0..<k { probs[i * k + c] = logits[c] / sum }
        }
        return SyntheticDataset(n: n, k: k, prior: prior, noiseMatrix: nm, trueLabels: trueLabels,
                                noisyLabels: noisy, predProbs: probs)
    }

    /// A column-stochastic `k × k` matrix with the given trace: the diagonal varies by up to
    /// ±0.1 around `trace / k`, each column's off-diagonal mass is spread at random.
    static func noiseMatrixFromTrace(k: Int, trace: Double, rng: inout SplitMix64) -> [Double] {
        let mean = trace / Double(k)
        var diag = [Double](repeating: mean, count: k)
        let lo = Swift.max(0.0, mean - 0.1), hi = Swift.min(1.0, mean + 0.1)
        for _ in 0..<(3 * k) {
            let a = Int(rng.next() % UInt64(k)), b = Int(rng.next() % UInt64(k))
            if a == b { continue }
            let room = Swift.min(hi - diag[a], diag[b] - lo)
            if room <= 0 { continue }
            let d = room * rng.uniform()
            diag[a] += d
            diag[b] -= d
        }
        var m = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            m[j * k + j] = diag[j]
            var w = (0..<k).map { $0 == j ? 0.0 : 0.2 + rng.uniform() }
            let s = w.reduce(0, +)
            for i in 0..<k where i != j {
                w[i] /= s
                m[i * k + j] = (1 - diag[j]) * w[i]
            }
        }
        return m
    }

    static func sample(_ weights: [Double], rng: inout SplitMix64) -> Int {
        let total = weights.reduce(0, +)
        var u = rng.uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.count - 1
    }
}

/// A small seeded generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = Swift.max(uniform(), 0x1p-60)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
