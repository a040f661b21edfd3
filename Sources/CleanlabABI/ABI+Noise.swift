// The cl_* functions of the `noise` area (include/cleanlab.h, "noise generation"):
// cleanlab 2.9.0's benchmarking.noise_generation and the synthetic-dataset generator.
// Each thunk validates its pointers and sizes, calls CleanlabCore.NoiseGeneration and maps
// errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

/// The size of the first cl_noise_matrix_options (ABI 1); smaller structs are rejected.
let noiseOptionsSizeV1: UInt32 = 64

/// Checks K and returns K*K, after overflow and address-space checks.
func squareCount(_ k: Int, _ name: String, minimum: Int = 2) throws(CleanlabError) -> Int {
    if k < minimum { throw CleanlabError(.shape, "\(name) must be >= \(minimum), got \(k)") }
    let (kk, o) = k.multipliedReportingOverflow(by: k)
    if o { throw CleanlabError(.shape, "\(name) (\(k)) is too large") }
    try checkExtent(kk, elementSize: 8, "a \(k) x \(k) matrix")
    return kk
}

@c @implementation
public func cl_noise_matrix_is_valid(_ noise_matrix: UnsafePointer<Double>?, _ py: UnsafePointer<Double>?,
                                     _ n_classes: Int64, _ out_is_valid: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_noise_matrix_is_valid") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let kk = try squareCount(k, "n_classes", minimum: 1)
        let m = try require(noise_matrix, "noise_matrix"), p = try require(py, "py")
        let out = try require(out_is_valid, "out_is_valid")
        let valid = try NoiseGeneration.noiseMatrixIsValid(Array(UnsafeBufferPointer(start: m, count: kk)),
                                                           py: Array(UnsafeBufferPointer(start: p, count: k)))
        out.pointee = valid ? 1 : 0
    }
}

@c @implementation
public func cl_generate_noisy_labels(_ true_labels: UnsafePointer<cl_labels>?, _ n_classes: Int64,
                                     _ noise_matrix: UnsafePointer<Double>?, _ seed: UInt64,
                                     _ out_labels: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_generate_noisy_labels") { () throws(CleanlabError) in
        let l = try labelView(true_labels)
        let k = Int(n_classes)
        let m = try squareMatrix(noise_matrix, k: k, "noise_matrix")
        let out = try require(out_labels, "out_labels")
        var rng = NoiseRNG(seed: seed)
        let r = try NoiseGeneration.generateNoisyLabels(l, k: k, noiseMatrix: m, rng: &rng)
        out.update(from: r, count: r.count)
    }
}

func defaultNoiseOptions() -> cl_noise_matrix_options {
    cl_noise_matrix_options(
        struct_size: UInt32(MemoryLayout<cl_noise_matrix_options>.size),
        valid_noise_matrix: 1,
        max_trace_prob: 1.0,
        min_trace_prob: 1e-5,
        max_noise_rate: 1 - 1e-5,
        min_noise_rate: 0.0,
        frac_zero_noise_rates: 0.0,
        py: nil,
        max_iter: 10000)
}

@c @implementation
public func cl_noise_matrix_options_init(_ options: UnsafeMutablePointer<cl_noise_matrix_options>?) -> cl_status {
    guarded("cl_noise_matrix_options_init") { () throws(CleanlabError) in
        let o = try require(options, "options")
        o.pointee = defaultNoiseOptions()
    }
}

@c @implementation
public func cl_generate_noise_matrix_from_trace(_ n_classes: Int64, _ trace: Double,
                                                _ options: UnsafePointer<cl_noise_matrix_options>?, _ seed: UInt64,
                                                _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                                _ out_found: UnsafeMutablePointer<Int32>?) -> cl_status {
    guarded("cl_generate_noise_matrix_from_trace") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let c = try versionedOptions(options, defaults: defaultNoiseOptions(), structSize: \.struct_size,
                                     minimumSize: noiseOptionsSizeV1, typeName: "cl_noise_matrix_options")
        let out = try require(out_noise_matrix, "out_noise_matrix")
        let found = try require(out_found, "out_found")
        let o = try coreNoiseMatrixOptions(c, k: k)
        found.pointee = 0
        if let m = try NoiseGeneration.generateNoiseMatrixFromTrace(k: k, trace: trace, options: o, seed: seed) {
            out.update(from: m, count: m.count)
            found.pointee = 1
        }
    }
}

@c @implementation
public func cl_generate_n_rand_probabilities_that_sum_to_m(_ n: Int64, _ m: Double, _ max_prob: Double, _ min_prob: Double,
                                                           _ seed: UInt64, _ out: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_generate_n_rand_probabilities_that_sum_to_m") { () throws(CleanlabError) in
        let count = Int(n)
        if count < 0 { throw CleanlabError(.shape, "n must be >= 0, got \(count)") }
        try checkExtent(count, elementSize: 8, "out")
        if count == 0 { return }
        let o = try require(out, "out")
        var rng = NoiseRNG(seed: seed)
        let r = try NoiseGeneration.randomProbabilities(n: count, m: m, maxProb: max_prob, minProb: min_prob, rng: &rng)
        o.update(from: r, count: r.count)
    }
}

@c @implementation
public func cl_randomly_distribute_n_balls_into_k_bins(_ n_balls: Int64, _ n_bins: Int64, _ max_balls_per_bin: Int64,
                                                       _ min_balls_per_bin: Int64, _ seed: UInt64,
                                                       _ out: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_randomly_distribute_n_balls_into_k_bins") { () throws(CleanlabError) in
        let k = Int(n_bins)
        if k < 0 { throw CleanlabError(.shape, "K (n_bins) must be >= 0, got \(k)") }
        try checkExtent(k, elementSize: 8, "out")
        let o: UnsafeMutablePointer<Int64>? = k == 0 ? out : try require(out, "out")
        var rng = NoiseRNG(seed: seed)
        let r = try NoiseGeneration.distributeBalls(
            n: Int(n_balls), k: k,
            maxBallsPerBin: max_balls_per_bin < 0 ? nil : Int(max_balls_per_bin),
            minBallsPerBin: min_balls_per_bin < 0 ? nil : Int(min_balls_per_bin), rng: &rng)
        if let o, !r.isEmpty { o.update(from: r, count: r.count) }
    }
}

@c @implementation
public func cl_generate_synthetic_dataset(_ n_examples: Int64, _ n_classes: Int64, _ trace: Double,
                                          _ frac_zero_noise_rates: Double, _ seed: UInt64, _ pred_probs_dtype: Int32,
                                          _ out_true_labels: UnsafeMutablePointer<Int64>?,
                                          _ out_noisy_labels: UnsafeMutablePointer<Int64>?,
                                          _ out_pred_probs: UnsafeMutableRawPointer?,
                                          _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                          _ out_py: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_generate_synthetic_dataset") { () throws(CleanlabError) in
        let n = Int(n_examples), k = Int(n_classes)
        _ = try squareCount(k, "n_classes")
        if n < 0 { throw CleanlabError(.shape, "n_examples must be >= 0, got \(n)") }
        let (nk, o) = n.multipliedReportingOverflow(by: k)
        if o { throw CleanlabError(.shape, "n_examples x n_classes overflows") }
        try checkExtent(nk, elementSize: 8, "out_pred_probs")
        let isFloat32: Bool
        switch pred_probs_dtype {
        case Int32(CL_DTYPE_FLOAT32.rawValue): isFloat32 = true
        case Int32(CL_DTYPE_FLOAT64.rawValue): isFloat32 = false
        default: throw CleanlabError(.dtype, "pred_probs_dtype \(pred_probs_dtype) must be CL_DTYPE_FLOAT32 (2) or CL_DTYPE_FLOAT64 (3)")
        }
        let t = try require(out_true_labels, "out_true_labels")
        let s = try require(out_noisy_labels, "out_noisy_labels")
        let p = try require(out_pred_probs, "out_pred_probs")
        let d = try NoiseGeneration.makeSyntheticDataset(n: n, k: k, trace: trace, fracZeroNoiseRates: frac_zero_noise_rates, seed: seed)
        t.update(from: d.trueLabels, count: n)
        s.update(from: d.noisyLabels, count: n)
        if isFloat32 {
            let f = p.assumingMemoryBound(to: Float.self)
            for i in 0..<nk { f[i] = Float(d.predProbs[i]) }
        } else {
            p.assumingMemoryBound(to: Double.self).update(from: d.predProbs, count: nk)
        }
        out_noise_matrix?.update(from: d.noiseMatrix, count: k * k)
        out_py?.update(from: d.py, count: k)
    }
}
