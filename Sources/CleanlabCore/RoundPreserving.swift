// Allocation-light round_preserving_sum / round_preserving_row_totals (performance round 3).
//
// Same arithmetic as the straightforward version (numpy's pairwise sums, half-to-even rounding,
// the same loop), but the ±1 fixes pick the `changes` first entries of the documented order
// by a partial selection instead of a full sort, and every row reuses one set of buffers.
// The order is a strict total order (residual, then position), so the selected set, and the
// result, are identical to a full stable sort's prefix.

/// Scratch buffers reused across the rows of one `roundPreservingRowTotals` call: one allocation
/// holding the rounded values, the residuals and the fix order of up to `capacity` entries (a
/// small call rounds two 10 x 10 matrices; three growing arrays per matrix cost ~0.2 us).
@usableFromInline
struct RoundPreservingScratch: ~Copyable {
    private var block: UnsafeMutablePointer<Double>? = nil
    private var capacity = 0

    @usableFromInline
    init() {}

    /// The three buffers of `capacity` entries each (after `reserve`).
    var ints: UnsafeMutablePointer<Double> { block! }
    var residual: UnsafeMutablePointer<Double> { block! + capacity }
    var order: UnsafeMutablePointer<Int> {
        UnsafeMutableRawPointer(block! + 2 * capacity).assumingMemoryBound(to: Int.self)
    }

    /// Room for `n` entries in each buffer.
    mutating func reserve(_ n: Int) {
        if n <= capacity { return }
        block?.deallocate()
        let b = UnsafeMutablePointer<Double>.allocate(capacity: 3 * n)
        UnsafeMutableRawPointer(b + 2 * n).bindMemory(to: Int.self, capacity: n)
        block = b
        capacity = n
    }

    deinit { block?.deallocate() }
}

/// `x.rounded(.toNearestOrEven)` without a call to `rint` (x86-64's baseline has no rounding
/// instruction): below 2^52 in magnitude, adding and subtracting 2^52 rounds to an integer in
/// the default rounding mode (to nearest, ties to even), exactly; larger magnitudes, infinities
/// and NaN are returned as they are; the sign is kept (so -0.3 gives -0.0, as `rint`).
@inline(__always)
func roundedHalfEven(_ x: Double) -> Double {
    let a = x.magnitude
    let r = a < 0x1p52 ? (a + 0x1p52) - 0x1p52 : a
    return a < 0x1p52 ? Double(signOf: x, magnitudeOf: r) : x
}

/// `true` if position `a` comes before position `b` in the order of the ±1 fixes: when adding,
/// larger residual first, equal residuals the later position first; when subtracting, smaller
/// residual first, equal residuals the earlier position first.
@inline(__always)
private func fixBefore(_ ra: Double, _ a: Int, _ rb: Double, _ b: Int, up: Bool) -> Bool {
    up ? (ra > rb || (ra == rb && a > b)) : (ra < rb || (ra == rb && a < b))
}

/// Rounds `count` values at `src` preserving their sum (cleanlab's `round_preserving_sum`) and
/// writes the int64 results to `dst`.
@usableFromInline
func roundPreservingSum(_ src: UnsafePointer<Double>, count n: Int, into dst: UnsafeMutablePointer<Int64>,
                        scratch s: inout RoundPreservingScratch) throws(CleanlabError) {
    if n == 0 { return }
    s.reserve(n)
    let ints = s.ints, res = s.residual, order = s.order
    do {
        for i in 0..<n { ints[i] = roundedHalfEven(src[i]) }
        let origSum = pairwiseSum(src, count: n, as: Double.self).rounded(.toNearestOrEven)
        var intSum = pairwiseSum(UnsafePointer(ints), count: n, as: Double.self).rounded(.toNearestOrEven)
        var rounds = 0
        while true {
            let gap = abs(intSum - origSum)
            if !(gap > 1e-6) { break }
            if gap.isInfinite {
                throw CleanlabError(.numeric, "round_preserving_sum: an infinite count cannot be rounded (cleanlab raises OverflowError here)")
            }
            rounds += 1
            if rounds > 64 + n {
                throw CleanlabError(.numeric, "round_preserving_sum did not converge (counts too large to round exactly)")
            }
            let diff = (origSum - intSum).rounded(.toNearestOrEven)
            let up = !(diff < 0)
            let increment: Double = up ? 1 : -1
            let changes = Swift.min(Int(abs(diff)), n)
            if changes >= n {
                for i in 0..<n { ints[i] += increment }
            } else if changes > 0 {
                for i in 0..<n { res[i] = src[i] - ints[i] }
                if changes <= 32 {
                    // Keep the `changes` first positions of the order in a small sorted list.
                    var listed = 0
                    for i in 0..<n {
                        let r = res[i]
                        if listed == changes {
                            let last = order[changes - 1]
                            if !fixBefore(r, i, res[last], last, up: up) { continue }
                            listed -= 1
                        }
                        var pos = listed
                        while pos > 0 {
                            let p = order[pos - 1]
                            if fixBefore(r, i, res[p], p, up: up) { order[pos] = p; pos -= 1 } else { break }
                        }
                        order[pos] = i
                        listed += 1
                    }
                } else {
                    // Only the set of the first `changes` matters: a quickselect (the order
                    // is strict, so the set is the sorted prefix; a full sort of 1000
                    // positions per row made the calibration of a 1000 x 1000 joint ~10 ms)
                    for i in 0..<n { order[i] = i }
                    let o = order
                    @inline(__always) func swapAt(_ a: Int, _ b: Int) { let t = o[a]; o[a] = o[b]; o[b] = t }
                    let target = changes &- 1
                    var lo = 0, hi = n &- 1
                    while lo < hi {
                        let mid = (lo &+ hi) >> 1
                        swapAt(mid, hi)
                        let pv = o[hi], rp = res[pv]
                        var store = lo
                        for i in lo..<hi where fixBefore(res[o[i]], o[i], rp, pv, up: up) {
                            swapAt(i, store)
                            store &+= 1
                        }
                        swapAt(store, hi)
                        if store == target { break }
                        if store > target { hi = store &- 1 } else { lo = store &+ 1 }
                    }
                }
                for j in 0..<changes { ints[order[j]] += increment }
            }
            intSum = pairwiseSum(UnsafePointer(ints), count: n, as: Double.self).rounded(.toNearestOrEven)
        }
        for i in 0..<n { dst[i] = numpyInt64(ints[i]) }
    }
}

/// `round_preserving_row_totals` of a row-major `rows × cols` matrix: rows split into contiguous
/// parts on up to `threads` threads (rows are independent), one set of buffers per part. On
/// failure the error of the first failing row is thrown.
@usableFromInline
func roundPreservingRowTotalsFast(_ matrix: [Double], rows: Int, cols: Int, threads: Int = 1) throws(CleanlabError) -> [Int64] {
    let parts = workerCount(requested: threads, work: rows &* cols &* 16)
    if parts <= 1 {
        // (one thread: no per-part error slots)
        var scratch = RoundPreservingScratch()
        scratch.reserve(cols)
        var out = [Int64](repeating: 0, count: rows * cols)
        try matrix.withUnsafeBufferPointer { (mb: UnsafeBufferPointer<Double>) throws(CleanlabError) in
            try out.withUnsafeMutableBufferPointer { (ob: inout UnsafeMutableBufferPointer<Int64>) throws(CleanlabError) in
                guard let mp = mb.baseAddress, let op = ob.baseAddress else { return }
                for r in 0..<rows { try roundPreservingSum(mp + r * cols, count: cols, into: op + r * cols, scratch: &scratch) }
            }
        }
        return out
    }
    let failures = SharedBuffer<CleanlabError?>(repeating: nil, count: parts)
    // Every entry is written below (rows * cols values, row by row); Int64 is trivial, so a
    // row left unwritten after an error is never read (the error is thrown instead).
    let out = [Int64](unsafeUninitializedCapacity: rows * cols) { ob, initialized in
        initialized = rows * cols
        matrix.withUnsafeBufferPointer { mb in
            guard let mp = mb.baseAddress, let op = ob.baseAddress else { return }
            let m = UncheckedSendable(mp), o = UncheckedSendable(op)
            forEachPart(parts) { p in
                var scratch = RoundPreservingScratch()
                do throws(CleanlabError) {
                    for r in partRange(p, of: parts, count: rows) {
                        try roundPreservingSum(m.value + r * cols, count: cols, into: o.value + r * cols, scratch: &scratch)
                    }
                } catch {
                    failures.pointer[p] = error
                }
            }
        }
    }
    for p in 0..<parts { if let failure = failures.pointer[p] { throw failure } }
    return out
}
