// Small K × K matrix algebra of cleanlab's count module, in float64 with numpy's operation order.

enum CountMatrices {
    /// `count.calibrate_confident_joint`: rescale each row to its label count, the total to
    /// `sum(labelCounts)`, and round preserving row totals.
    ///
    /// `columnMajor`: numpy sums the rescaled matrix in the memory order of the input array,
    /// which is column-major for the joint cleanlab computes itself (`confusion_matrix(...).T`)
    /// and for a Fortran-ordered user array; row-major otherwise.
    static func calibrate(_ cj: [Double], k: Int, labelCounts: [Int], columnMajor: Bool, threads: Int = 1) throws(CleanlabError) -> [Int64] {
        let total = labelCounts.reduce(0, +)
        let kk = k * k
        var c = [Double](unsafeUninitializedCapacity: kk) { cb, initialized in
            cj.withUnsafeBufferPointer { b in
                guard let src = b.baseAddress, let dst = cb.baseAddress else { return }
                for i in 0..<k {
                    let row = src + i * k, out = dst + i * k
                    let rowSum = pairwiseSum(row, count: k, as: Double.self)
                    let clipped = Swift.max(rowSum, 1e-100)
                    let count = Double(labelCounts[i])
                    for j in 0..<k { (out + j).initialize(to: row[j] / clipped * count) }
                }
            }
            initialized = kk
        }
        let sum: Double
        if columnMajor {
            // numpy's pairwise sum of the column-major sequence, from a transpose
            sum = pairwiseSum(transposed(c, k: k))
        } else {
            sum = pairwiseSum(c)
        }
        let denom = Swift.max(sum, 1e-100)
        let n = Double(total)
        c.withUnsafeMutableBufferPointer { cb in
            for e in 0..<cb.count { cb[e] = cb[e] / denom * n }
        }
        return try roundPreservingRowTotals(c, k: k, threads: threads)
    }

    /// `estimate_joint`'s normalisation: `cj / max(float(sum(cj)), 1e-100)`.
    static func normalize(_ cj: [Int64]) -> [Double] {
        var s: Int64 = 0
        for v in cj { s &+= v }
        let d = Swift.max(Double(s), 1e-100)
        return cj.map { Double($0) / d }
    }

    /// `1 - trace(joint)` with numpy's pairwise sum over the diagonal.
    static func offDiagonalMass(_ joint: [Double], k: Int) -> Double {
        let trace = joint.withUnsafeBufferPointer { b in
            pairwiseSum(b.baseAddress!, count: k, stride: k + 1, as: Double.self)
        }
        return 1.0 - trace
    }

    /// cleanlab's `filter._keep_at_least_n_per_class(prune_count_matrix, n, frac_noise=...)`
    /// followed by its integer rounding. `pcm` is row-major, row = true label, column = given.
    ///
    /// `columnsContiguous`: whether numpy holds `pcm` with contiguous columns. cleanlab passes
    /// `confident_joint.T`, so that is the case for a C-ordered confident joint (its own, or a
    /// C-ordered user array); numpy then adds each column pairwise in `_reduce_prune_counts`,
    /// and sequentially for a Fortran-ordered confident joint.
    static func keepAtLeastNPerClass(_ pcm: [Double], k: Int, n: Int, fracNoise: Double,
                                     columnsContiguous: Bool = true, threads: Int = 1) throws(CleanlabError) -> [Int64] {
        let nD = Double(n)
        // (one scratch block of 3K: each column's non-zeros, its new diagonal and the
        // amount taken from its other entries; five K-arrays cost ~0.15 us of a small call)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(3 * k, 1))
        defer { scratch.deallocate() }
        let nnzCol = scratch, newDiag = scratch + k, take = scratch + 2 * k
        nnzCol.initialize(repeating: 0, count: k)
        // non-zeros per column, counted row by row (cache-friendly at large K)
        for i in 0..<k { for j in 0..<k where pcm[i * k + j] != 0 { nnzCol[j] += 1 } }
        for j in 0..<k {
            let d = pcm[j * k + j]
            newDiag[j] = Swift.max(d, nD)
            // (each column's subtrahend once: a division per element cost ~3 ms at K = 1000)
            take[j] = (newDiag[j] - d) / Swift.max(nnzCol[j] - 1.0, 1.0)
        }
        var mat = [Double](unsafeUninitializedCapacity: k * k) { mb, initialized in
            for i in 0..<k {
                for j in 0..<k {
                    let v = pcm[i * k + j] - take[j]
                    mb[i * k + j] = v < 0 ? 0 : v
                }
            }
            for j in 0..<k { mb[j * k + j] = newDiag[j] }
            initialized = k * k
        }
        if fracNoise == 1 && mat.allSatisfy({ $0.isFinite }) {
            // _reduce_prune_counts with frac_noise = 1 removes x - x * 1 = +0.0 everywhere, so
            // each column's sum of removed counts is +0.0 (in either summation order)
            for j in 0..<k { mat[j * k + j] = mat[j * k + j] + 0.0 }
            for e in 0..<(k * k) { mat[e] = Double(numpyInt64(mat[e])) }
            return try roundPreservingRowTotals(mat, k: k, threads: threads)
        }
        // _reduce_prune_counts
        var reduced = mat.map { $0 * fracNoise }
        for j in 0..<k { reduced[j * k + j] = mat[j * k + j] }
        var removed = [Double](repeating: 0, count: k * k)
        for e in 0..<(k * k) { removed[e] = mat[e] - reduced[e] }
        removed.withUnsafeBufferPointer { b in
            for j in 0..<k {
                let colSum: Double
                if columnsContiguous {
                    colSum = pairwiseSum(b.baseAddress! + j, count: k, stride: k, as: Double.self)
                } else {
                    var s: Double = -0.0
                    for i in 0..<k { s += b[i * k + j] }
                    colSum = s
                }
                reduced[j * k + j] = mat[j * k + j] + colSum
            }
        }
        // .astype(int), then round_preserving_row_totals of the integer matrix
        let truncated = reduced.map { Double(numpyInt64($0)) }
        return try roundPreservingRowTotals(truncated, k: k, threads: threads)
    }

    /// cleanlab's adjustment of the prune count matrix to `num_to_remove_per_class`.
    static func applyNumToRemove(_ pcm: [Int64], k: Int, numToRemove: [Int], labelCounts: [Int]) throws(CleanlabError) -> [Int64] {
        var rowSum = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var s: Int64 = 0
            for i in 0..<k { s &+= pcm[j * k + i] }
            rowSum[j] = Double(s)
        }
        // psy = pcm / rowsum (broadcast over columns: column j divided by rowsum[j])
        var psy = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { psy[i * k + j] = Double(pcm[i * k + j]) / rowSum[j] } }
        var tmp = [Double](repeating: 0, count: k * k)
        psy.withUnsafeBufferPointer { b in
            for i in 0..<k {
                let noise = pairwiseSum(b.baseAddress! + i * k, count: k, as: Double.self) - psy[i * k + i]
                let r = Double(numToRemove[i])
                for j in 0..<k { tmp[i * k + j] = psy[i * k + j] * r / noise }
                // A class without estimated noise divides by zero: NaN/inf entries, which the
                // rounding turns into Int64.min ("do not prune"), exactly as cleanlab ends up.
                tmp[i * k + i] = Double(labelCounts[i] - numToRemove[i])
            }
        }
        return try roundPreservingRowTotals(tmp, k: k)
    }
}

/// The transpose of a row-major k x k matrix, copied in 32 x 32 blocks (cache-friendly at large
/// K).
func transposed(_ a: [Double], k: Int) -> [Double] {
    let kk = k * k
    return [Double](unsafeUninitializedCapacity: kk) { tb, initialized in
        a.withUnsafeBufferPointer { ab in
            guard let src = ab.baseAddress, let dst = tb.baseAddress else { return }
            let blk = 32
            var ib = 0
            while ib < k {
                let ie = Swift.min(ib + blk, k)
                var jb = 0
                while jb < k {
                    let je = Swift.min(jb + blk, k)
                    for i in ib..<ie { for j in jb..<je { (dst + j * k + i).initialize(to: src[i * k + j]) } }
                    jb = je
                }
                ib = ie
            }
        }
        initialized = kk
    }
}
