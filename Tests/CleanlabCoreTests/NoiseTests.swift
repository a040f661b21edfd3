// NoiseGeneration (cleanlab's benchmarking.noise_generation): the documented properties over
// many seeds and K = 2...50, every error, and reproducibility. Parity with cleanlab (the
// deterministic noise_matrix_is_valid and the flip counts) is tested against cleanlab itself in
// bindings/python/tests/test_noise_parity.py.
import Testing
@testable import CleanlabCore

private func column(_ m: [Double], _ k: Int, _ c: Int) -> [Double] { (0..<k).map { m[$0 * k + c] } }

/// The code of the CleanlabError `body` throws, nil if it succeeds.
private func code(_ body: () throws -> Void) -> CleanlabError.Code? {
    do { try body(); return nil } catch let e as CleanlabError { return e.code } catch { return .internal }
}

private func priors(_ k: Int, seed: UInt64) -> [Double] {
    var rng = NoiseRNG(seed: seed)
    let raw = (0..<k).map { _ in 0.2 + rng.uniform() }
    let s = raw.reduce(0, +)
    return raw.map { $0 / s }
}

@Suite("noise generation")
struct NoiseTests {
    @Test("xoshiro256** / SplitMix64 stream: deterministic, seed-dependent, uniform in [0, 1)")
    func prng() {
        var a = NoiseRNG(seed: 42), b = NoiseRNG(seed: 42), c = NoiseRNG(seed: 43)
        let xa = (0..<100).map { _ in a.next() }, xb = (0..<100).map { _ in b.next() }
        let xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var r = NoiseRNG(seed: 7)
        var sum = 0.0
        for _ in 0..<20000 {
            let u = r.uniform()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        #expect(abs(sum / 20000 - 0.5) < 0.01)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[r.below(7)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
    }

    @Test("generate_noise_matrix_from_trace: valid, exact trace, stochastic columns, bounds, zeros",
          arguments: Array(2...50))
    func fromTrace(k: Int) throws {
        for rep in 0..<3 {
            let seed = UInt64(k * 100 + rep)
            var o = NoiseMatrixOptions()
            o.py = priors(k, seed: seed)
            o.fracZeroNoiseRates = [0.0, 0.25, 0.7][rep]
            if rep == 1 && k > 2 { o.maxNoiseRate = 0.95; o.minTraceProb = 0.01 }
            var rng = NoiseRNG(seed: seed)
            let trace = 1 + Double(k - 1) * (0.2 + 0.7 * rng.uniform())
            let nm = try #require(try NoiseGeneration.generateNoiseMatrixFromTrace(k: k, trace: trace, options: o, seed: seed))
            #expect(nm.count == k * k)
            let diag = (0..<k).map { nm[$0 * k + $0] }
            #expect(abs(diag.reduce(0, +) - trace) < 1e-9)
            for c in 0..<k { #expect(abs(column(nm, k, c).reduce(0, +) - 1) < 1e-9) }
            if k > 2 {
                #expect(try NoiseGeneration.noiseMatrixIsValid(nm, py: o.py!))
                #expect(diag.allSatisfy { $0 >= o.minTraceProb - 1e-6 && $0 <= o.maxTraceProb + 1e-6 })
                var zeros = 0
                for i in 0..<k { for j in 0..<k where i != j {
                    let v = nm[i * k + j]
                    if v == 0 { zeros += 1 } else { #expect(v >= o.minNoiseRate - 1e-6 && v <= o.maxNoiseRate + 1e-6) }
                } }
                #expect(zeros >= min(Int(Double(k * (k - 1)) * o.fracZeroNoiseRates), k * (k - 2)))
            }
            let again = try NoiseGeneration.generateNoiseMatrixFromTrace(k: k, trace: trace, options: o, seed: seed)
            #expect(again == nm)
        }
    }

    @Test("generate_noise_matrix_from_trace: cleanlab's errors, libcleanlab's checks, None")
    func fromTraceErrors() throws {
        var o = NoiseMatrixOptions()
        #expect(throws: CleanlabError.self) { try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 1.0, options: o, seed: 0) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 2.0, options: o, seed: 0) }
        o.validNoiseMatrix = false
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 1, trace: 0.5, options: o, seed: 0) } == .shape)
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 3.5, options: o, seed: 0) } == .invalidArgument)
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: .nan, options: o, seed: 0) } == .invalidArgument)
        var bad = o
        bad.minNoiseRate = 0.6; bad.maxNoiseRate = 0.5
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 2, options: bad, seed: 0) } == .invalidArgument)
        bad = o; bad.fracZeroNoiseRates = -0.1
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 2, options: bad, seed: 0) } == .invalidArgument)
        bad = o; bad.maxTraceProb = 0.5
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 4, trace: 3, options: bad, seed: 0) } == .invalidArgument)
        bad = o; bad.py = [0.5, 0.5]
        #expect(code { _ = try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 2, options: bad, seed: 0) } == .shape)
        bad = o; bad.maxIter = 0
        #expect(try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 2, options: bad, seed: 0) == nil)
        var never = NoiseMatrixOptions()
        never.py = [1, 0, 0]
        never.maxIter = 20
        #expect(try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 1.5, options: never, seed: 0) == nil)
    }

    @Test("noise_matrix_is_valid: cleanlab's conditions")
    func isValid() throws {
        #expect(try NoiseGeneration.noiseMatrixIsValid([1, 0, 0, 1], py: [0.3, 0.7]))
        #expect(try !NoiseGeneration.noiseMatrixIsValid([0.5, 0.5, 0.5, 0.5], py: [0.5, 0.5]))  // an exact tie: 0.25 < 0.25 is false
        #expect(try !NoiseGeneration.noiseMatrixIsValid([0.2, 0.9, 0.8, 0.1], py: [0.5, 0.5]))
        #expect(try !NoiseGeneration.noiseMatrixIsValid([1, 0, 0, 1], py: [0.5, 0.6]))  // total 1.1
        #expect(try !NoiseGeneration.noiseMatrixIsValid([1, 0, 0, .nan], py: [0.5, 0.5]))
        #expect(throws: CleanlabError.self) { try NoiseGeneration.noiseMatrixIsValid([1, 0, 0], py: [0.5, 0.5]) }
    }

    @Test("generate_noisy_labels: exact flip counts, classes too small are skipped, errors")
    func noisyLabels() throws {
        for k in [2, 3, 7, 20] {
            let n = 40 * k + 13
            var rng = NoiseRNG(seed: UInt64(k))
            let labels = (0..<n).map { Int64($0 < k ? $0 : rng.below(k)) }
            var o = NoiseMatrixOptions()
            o.validNoiseMatrix = false
            let nm = try #require(try NoiseGeneration.generateNoiseMatrixFromTrace(k: k, trace: 0.7 * Double(k), options: o, seed: 3))
            let noisy = try NoiseGeneration.generateNoisyLabels(labels, k: k, noiseMatrix: nm, seed: 9)
            var counts = [Int](repeating: 0, count: k)
            for l in labels { counts[Int(l)] += 1 }
            var conf = [Int](repeating: 0, count: k * k)
            for i in 0..<n { conf[Int(noisy[i]) * k + Int(labels[i])] += 1 }
            for t in 0..<k {
                var expected = [Int](repeating: 0, count: k)
                var total = 0
                for g in 0..<k where g != t {
                    // cleanlab: int(noise_matrix * py * n), py = count / n
                    expected[g] = Int(nm[g * k + t] * (Double(counts[t]) / Double(n)) * Double(n))
                    total += expected[g]
                }
                if total > counts[t] { expected = [Int](repeating: 0, count: k) }
                for g in 0..<k where g != t { #expect(conf[g * k + t] == expected[g]) }
            }
            #expect(try NoiseGeneration.generateNoisyLabels(labels, k: k, noiseMatrix: nm, seed: 9) == noisy)
        }
        let nm3 = [0.7, 0.4, 0.1, 0.2, 0.5, 0.1, 0.1, 0.1, 0.8]
        #expect(code { _ = try NoiseGeneration.generateNoisyLabels([0, 1, 0, 1], k: 3, noiseMatrix: nm3, seed: 0) } == .shape)
        #expect(code { _ = try NoiseGeneration.generateNoisyLabels([0, 1, 3], k: 3, noiseMatrix: nm3, seed: 0) } == .labelRange)
        #expect(code { _ = try NoiseGeneration.generateNoisyLabels([], k: 3, noiseMatrix: nm3, seed: 0) } == .shape)
        var bad = nm3; bad[1] = .infinity
        #expect(code { _ = try NoiseGeneration.generateNoisyLabels([0, 1, 2], k: 3, noiseMatrix: bad, seed: 0) } == .notFinite)
        bad[1] = 1.5
        #expect(code { _ = try NoiseGeneration.generateNoisyLabels([0, 1, 2], k: 3, noiseMatrix: bad, seed: 0) } == .probabilityRange)
        // a single present class is allowed (cleanlab broadcasts py = [1.0])
        #expect(try NoiseGeneration.generateNoisyLabels([Int64](repeating: 2, count: 20), k: 3, noiseMatrix: nm3, seed: 0).count == 20)
    }

    @Test("generate_n_rand_probabilities_that_sum_to_m and randomly_distribute_N_balls_into_K_bins")
    func probabilitiesAndBalls() throws {
        var rng = NoiseRNG(seed: 5)
        for _ in 0..<300 {
            let n = 1 + rng.below(50)
            let m = rng.uniform() * Double(n)
            let lo = m / Double(n) * rng.uniform()
            let hi = max(m / Double(n), min(1.0, m / Double(n) + rng.uniform()))
            let p = try NoiseGeneration.randomProbabilities(n: n, m: m, maxProb: hi, minProb: lo, rng: &rng)
            #expect(abs(p.reduce(0, +) - m) <= 1e-9 * max(1, m))
            #expect(p.allSatisfy { $0 <= hi + 1e-6 && $0 >= lo - 1e-6 })
        }
        #expect(try NoiseGeneration.randomProbabilities(n: 0, m: 1, rng: &rng).isEmpty)
        #expect(throws: CleanlabError.self) { try NoiseGeneration.randomProbabilities(n: 2, m: 1, maxProb: 0.1, rng: &rng) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.randomProbabilities(n: 4, m: 1, minProb: 0.5, rng: &rng) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.randomProbabilities(n: 4, m: .nan, rng: &rng) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.randomProbabilities(n: -1, m: 1, rng: &rng) }
        for _ in 0..<300 {
            let k = 1 + rng.below(30), n = rng.below(3000)
            let mx: Int? = rng.uniform() < 0.3 ? nil : 1 + rng.below(n / k + 5)
            let b = try NoiseGeneration.distributeBalls(n: n, k: k, maxBallsPerBin: mx, rng: &rng)
            let total = mx.map { Double(n) / Double(k) > Double($0) ? $0 * k : n } ?? n
            #expect(b.count == k && Int(b.reduce(0, +)) == total)
            if let mx { #expect(b.allSatisfy { $0 <= mx && $0 >= 0 }) }
        }
        #expect(try NoiseGeneration.distributeBalls(n: 0, k: 3, rng: &rng) == [0, 0, 0])
        #expect(throws: CleanlabError.self) { try NoiseGeneration.distributeBalls(n: 5, k: 0, rng: &rng) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.distributeBalls(n: 5, k: 2, maxBallsPerBin: 0, rng: &rng) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.distributeBalls(n: 10, k: 3, maxBallsPerBin: 2, minBallsPerBin: 5, rng: &rng) }
    }

    @Test("makeSyntheticDataset: shapes, valid noise, flips, an informative classifier")
    func synthetic() throws {
        let d = try NoiseGeneration.makeSyntheticDataset(n: 2000, k: 4, trace: 3.0, seed: 11)
        #expect(d.trueLabels.count == 2000 && d.noisyLabels.count == 2000 && d.predProbs.count == 8000)
        #expect(Set(d.trueLabels) == [0, 1, 2, 3])
        #expect(try NoiseGeneration.noiseMatrixIsValid(d.noiseMatrix, py: d.py))
        var correct = 0
        for i in 0..<2000 {
            let row = Array(d.predProbs[(i * 4)..<(i * 4 + 4)])
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
            if row.firstIndex(of: row.max()!)! == Int(d.trueLabels[i]) { correct += 1 }
        }
        #expect(correct > 1200 && correct < 1990)
        let again = try NoiseGeneration.makeSyntheticDataset(n: 2000, k: 4, trace: 3.0, seed: 11)
        #expect(again.predProbs == d.predProbs && again.noisyLabels == d.noisyLabels)
        #expect(throws: CleanlabError.self) { try NoiseGeneration.makeSyntheticDataset(n: 3, k: 4, trace: 3, seed: 0) }
        #expect(throws: CleanlabError.self) { try NoiseGeneration.makeSyntheticDataset(n: 30, k: 4, trace: 1, seed: 0) }
    }
}
