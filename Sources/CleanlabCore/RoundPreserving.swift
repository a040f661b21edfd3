// Allocation-light round_preserving_sum / round_preserving_row_totals (performance round 3).
//
// Same arithmetic as the straightforward version (numpy's pairwise sums, half-to-even rounding,
// the same loop), but the ±1 fixes pick the `changes` first entries of the documented order
// by a partial selection instead of a full sort, and every row reuses one set of buffers.
// The order is a strict total order (residual, then position), so the selected set, and the
// result, are identical to a full stable sort's prefix.

/// Scratch buffers reused across the rows of one `roundPreservingRowTotals` call.
@usableFromInline
struct RoundPreservingScratch {
    var ints: [Double] = []
    var residual: [Double] = []
    var order: [Int] = []
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
    // Move the buffers out of the scratch for the call (no copy) and back at the end.
    var intsBuf = s.ints, residual = s.residual, order = s.order
    s = RoundPreservingScratch()
    defer { s.ints = intsBuf; s.residual = residual; s.order = order }
    if intsBuf.count < n {
        intsBuf = [Double](repeating: 0, count: n)
        residual = [Double](repeating: 0, count: n)
    }
    try intsBuf.withUnsafeMutableBufferPointer { (ib: inout UnsafeMutableBufferPointer<Double>) throws(CleanlabError) in
        let ints = ib.baseAddress!
        for i in 0..<n { ints[i] = src[i].rounded(.toNearestOrEven) }
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
                residual.withUnsafeMutableBufferPointer { rb in
                    let res = rb.baseAddress!
                    for i in 0..<n { res[i] = src[i] - ints[i] }
                    if changes <= 32 {
                        // Keep the `changes` first positions of the order in a small sorted list.
                        order.removeAll(keepingCapacity: true)
                        for i in 0..<n {
                            let r = res[i]
                            if order.count == changes {
                                let last = order[changes - 1]
                                if !fixBefore(r, i, res[last], last, up: up) { continue }
                                order.removeLast()
                            }
                            var pos = order.count
                            while pos > 0 {
                                let p = order[pos - 1]
                                if fixBefore(r, i, res[p], p, up: up) { pos -= 1 } else { break }
                            }
                            order.insert(i, at: pos)
                        }
                    } else {
                        order.removeAll(keepingCapacity: true)
                        order.append(contentsOf: 0..<n)
                        order.sort { fixBefore(res[$0], $0, res[$1], $1, up: up) }
                    }
                    for j in 0..<changes { ints[order[j]] += increment }
                }
            }
            intSum = pairwiseSum(UnsafePointer(ints), count: n, as: Double.self).rounded(.toNearestOrEven)
        }
        for i in 0..<n { dst[i] = numpyInt64(ints[i]) }
    }
}

/// `round_preserving_row_totals` of a row-major `rows × cols` matrix with one set of buffers.
@usableFromInline
func roundPreservingRowTotalsFast(_ matrix: [Double], rows: Int, cols: Int) throws(CleanlabError) -> [Int64] {
    var scratch = RoundPreservingScratch()
    var failure: CleanlabError? = nil
    // Every entry is written below (rows * cols values, row by row); Int64 is trivial, so a
    // row left unwritten after an error is never read (the error is thrown instead).
    let out = [Int64](unsafeUninitializedCapacity: rows * cols) { ob, initialized in
        initialized = rows * cols
        matrix.withUnsafeBufferPointer { mb in
            guard let m = mb.baseAddress, let o = ob.baseAddress else { return }
            do throws(CleanlabError) {
                for r in 0..<rows {
                    try roundPreservingSum(m + r * cols, count: cols, into: o + r * cols, scratch: &scratch)
                }
            } catch {
                failure = error
                for e in 0..<(rows * cols) { o[e] = 0 }
            }
        }
    }
    if let failure { throw failure }
    return out
}
