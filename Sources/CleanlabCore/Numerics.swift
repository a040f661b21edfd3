// numpy-compatible arithmetic: pairwise summation and round-preserving rounding.

/// numpy's pairwise summation (`pairwise_sum` in numpy's loops) of `count` elements spaced
/// `stride` apart, accumulated in `A`.
///
/// Fewer than 8 elements are added in order; up to 128 use 8 interleaved partial sums combined
/// as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) and then the tail in order; larger inputs split at
/// half the count rounded down to a multiple of 8. This is bit-identical to `np.sum` / `np.add.reduce`
/// of a 1-D view (and to one row of an axis-1 reduction).
@inlinable
public func pairwiseSum<T: BinaryFloatingPoint, A: BinaryFloatingPoint>(
    _ p: UnsafePointer<T>, count n: Int, stride: Int = 1, as: A.Type
) -> A {
    if n < 8 {
        var res: A = -0.0
        var i = 0
        while i < n { res += A(p[i &* stride]); i &+= 1 }
        return res
    } else if n <= 128 {
        var r0 = A(p[0]), r1 = A(p[stride]), r2 = A(p[2 &* stride]), r3 = A(p[3 &* stride])
        var r4 = A(p[4 &* stride]), r5 = A(p[5 &* stride]), r6 = A(p[6 &* stride]), r7 = A(p[7 &* stride])
        let end = n - n % 8
        var i = 8
        while i < end {
            let q = p + i &* stride
            r0 += A(q[0]); r1 += A(q[stride]); r2 += A(q[2 &* stride]); r3 += A(q[3 &* stride])
            r4 += A(q[4 &* stride]); r5 += A(q[5 &* stride]); r6 += A(q[6 &* stride]); r7 += A(q[7 &* stride])
            i &+= 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += A(p[i &* stride]); i &+= 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSum(p, count: n2, stride: stride, as: A.self)
            + pairwiseSum(p + n2 &* stride, count: n - n2, stride: stride, as: A.self)
    }
}

/// `pairwiseSum(_:count:stride:as: Float.self)` of float16 values given as bit patterns, with
/// the same order of operations; each value is widened exactly by bit operations
/// (`halfToFloat`) instead of a conversion routine call (x86-64's baseline has no
/// half-precision instructions).
@usableFromInline
func pairwiseSumHalf(_ p: UnsafePointer<UInt16>, count n: Int) -> Float {
    if n < 8 {
        var res: Float = -0.0
        var i = 0
        while i < n { res += halfToFloat(p[i]); i &+= 1 }
        return res
    } else if n <= 128 {
        var r0 = halfToFloat(p[0]), r1 = halfToFloat(p[1]), r2 = halfToFloat(p[2]), r3 = halfToFloat(p[3])
        var r4 = halfToFloat(p[4]), r5 = halfToFloat(p[5]), r6 = halfToFloat(p[6]), r7 = halfToFloat(p[7])
        let end = n - n % 8
        var i = 8
        while i < end {
            let q = p + i
            r0 += halfToFloat(q[0]); r1 += halfToFloat(q[1]); r2 += halfToFloat(q[2]); r3 += halfToFloat(q[3])
            r4 += halfToFloat(q[4]); r5 += halfToFloat(q[5]); r6 += halfToFloat(q[6]); r7 += halfToFloat(q[7])
            i &+= 8
        }
        var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n { res += halfToFloat(p[i]); i &+= 1 }
        return res
    } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return pairwiseSumHalf(p, count: n2) + pairwiseSumHalf(p + n2, count: n - n2)
    }
}

/// Pairwise sum of a Swift array (float64), as `np.sum` of a 1-D float64 array.
@inlinable
public func pairwiseSum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { b in
        b.isEmpty ? 0 : pairwiseSum(b.baseAddress!, count: b.count, as: Double.self)
    }
}

/// cleanlab's `internal.util.round_preserving_sum`: rounds half to even, then moves the rounded
/// values by ±1 until their total equals the rounded total of the inputs. The entries moved are
/// those with the largest residual (value − rounded) when adding and the smallest when
/// subtracting. numpy's `argsort` is unstable; libcleanlab resolves equal residuals as a stable
/// argsort would in cleanlab's expression `argsort(residuals)[::-increment]`: when adding, the
/// later position first; when subtracting, the earlier position first.
///
/// Non-finite values are kept as numpy keeps them: the loop stops when the totals are NaN, and
/// the final `astype(int)` turns NaN and ±inf into `Int64.min` (x86-64's conversion result),
/// which every caller treats as "nothing to prune".
/// - Throws: `.numeric` where cleanlab raises (an infinite total: OverflowError).
public func roundPreservingSum(_ floats: [Double]) throws(CleanlabError) -> [Int64] {
    var out = [Int64](repeating: 0, count: floats.count)
    var scratch = RoundPreservingScratch()
    try floats.withUnsafeBufferPointer { (fb: UnsafeBufferPointer<Double>) throws(CleanlabError) in
        try out.withUnsafeMutableBufferPointer { (ob: inout UnsafeMutableBufferPointer<Int64>) throws(CleanlabError) in
            guard let f = fb.baseAddress, let o = ob.baseAddress else { return }
            try roundPreservingSum(f, count: fb.count, into: o, scratch: &scratch)
        }
    }
    return out
}

/// numpy's float64 → int64 `astype` on x86-64: truncation, with NaN, ±inf and out-of-range
/// values giving `Int64.min`.
@inlinable
public func numpyInt64(_ v: Double) -> Int64 {
    guard v.isFinite, v >= -9223372036854775808.0, v < 9223372036854775808.0 else { return Int64.min }
    return Int64(v.rounded(.towardZero))
}

/// cleanlab's `internal.util.round_preserving_row_totals`: `roundPreservingSum` applied to each
/// row of a row-major `k × k` matrix.
public func roundPreservingRowTotals(_ matrix: [Double], k: Int, threads: Int = 1) throws(CleanlabError) -> [Int64] {
    try roundPreservingRowTotalsFast(matrix, rows: k, cols: k, threads: threads)
}
