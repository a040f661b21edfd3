/// Vector kernels of the confident-joint pass for rows of 32 or more float32 / float64 values
/// (shorter rows keep the scalar scan of `Dataset.jointPass`, which was as fast at K = 16 and 24;
/// the vector scan was ~1.2x faster at K = 40 and ~1.9x at K = 100, one thread).
///
/// One read of a row gives everything the pass needs except, for a few rows, an index
/// (`MarginScan` skips the count and never reads `cut`: the normalized margin; `CheckedJointScan`
/// also validates the values):
/// - `nConf`: how many `p[j] >= cutoff[j]`, and `confident`, the last such j;
/// - `other = max_{j != y} p[j]`, from which the first argmax, cleanlab's
///   `argmax(p + 1e-6 * onehot(y)) == y` test and the margins follow without index tracking
///   (where p[y] or p[y] + 1e-6 equals `other`, whether an equal value comes before y decides:
///   a second look, see `Dataset.jointPass`).
///
/// The row is read as 8-lane vectors; y's lane and the lanes the last (overlapping, if k is not
/// a multiple of 8) vector repeats are masked by lane index. Loads stay inside the row. The
/// maxima are selections (`v > acc ? v : acc`), so they return values of the row; with NaN in
/// the row the results are meaningless but the scan is safe, and `checkValues` reports such
/// rows (`valid`).
///
/// Swift's SIMD operators are fast only on concrete types (the generic ones are element loops
/// even when specialised), hence one copy per element type.
@usableFromInline struct RowScan<T> {
    @usableFromInline var nConf: Int
    /// `max_{j != y} p[j]`.
    @usableFromInline var other: T
    /// With `countConfident`: the largest j with `p[j] >= cutoff[j]` (the only one where
    /// `nConf == 1`), -1 where there is none.
    @usableFromInline var confident: Int
    /// With `checkValues`: whether every value is finite and within `[-1e-6, 1.000001]` (the
    /// check of `Dataset.probabilityPass`); true otherwise.
    @usableFromInline var valid: Bool = true
}

/// What a row scan computes, as types so that each use gets its own specialised loop (runtime
/// flags were tested on every vector and cost registers).
@usableFromInline protocol RowScanMode {
    /// Count `p[j] >= cut[j]` (`nConf`); without it `cut` is never read.
    static var countConfident: Bool { get }
    /// Validate the values (`valid`).
    static var checkValues: Bool { get }
}

/// The confident-joint pass on validated input.
@usableFromInline enum JointScan: RowScanMode {
    @inlinable static var countConfident: Bool { true }
    @inlinable static var checkValues: Bool { false }
}

/// The confident-joint pass validating its input.
@usableFromInline enum CheckedJointScan: RowScanMode {
    @inlinable static var countConfident: Bool { true }
    @inlinable static var checkValues: Bool { true }
}

/// The maxima only (the normalized margin).
@usableFromInline enum MarginScan: RowScanMode {
    @inlinable static var countConfident: Bool { false }
    @inlinable static var checkValues: Bool { false }
}

/// Rows at least this long use the vector kernels.
@usableFromInline let rowScanMinColumns = 32

@inline(__always)
func horizontalMax(_ v: SIMD8<Float>) -> Float {
    let lo = v.lowHalf, hi = v.highHalf
    let a = lo.replacing(with: hi, where: hi .> lo)
    let b = SIMD4(a[2], a[3], a[0], a[1])
    let c = a.replacing(with: b, where: b .> a)
    return c[1] > c[0] ? c[1] : c[0]
}

@inline(__always)
func horizontalMax(_ v: SIMD8<Double>) -> Double {
    let lo = v.lowHalf, hi = v.highHalf
    let a = lo.replacing(with: hi, where: hi .> lo)
    let b = SIMD4(a[2], a[3], a[0], a[1])
    let c = a.replacing(with: b, where: b .> a)
    return c[1] > c[0] ? c[1] : c[0]
}

// (SIMD's own `min()` and `sum()` are generic element loops, as slow as the operators would be)
@inline(__always)
func horizontalMin(_ v: SIMD8<Float>) -> Float {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .< a.lowHalf)
    return b[1] < b[0] ? b[1] : b[0]
}

@inline(__always)
func horizontalMin(_ v: SIMD8<Double>) -> Double {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .< a.lowHalf)
    return b[1] < b[0] ? b[1] : b[0]
}

@inline(__always)
func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let a = v.lowHalf + v.highHalf
    let b = a.lowHalf + a.highHalf
    return b[0] + b[1]
}

@inline(__always)
func horizontalSum(_ v: SIMD8<Double>) -> Double {
    let a = v.lowHalf + v.highHalf
    let b = a.lowHalf + a.highHalf
    return b[0] + b[1]
}

/// Whether any lane of an accumulated mask is set (`any` of a mask kept in a variable compiled to
/// a call of the generic `SIMD.min()`).
@inline(__always)
func anyLane(_ m: SIMDMask<SIMD8<Int32>>) -> Bool {
    let v = unsafeBitCast(m, to: SIMD8<Int32>.self)
    let a = v.lowHalf | v.highHalf
    let b = a.lowHalf | a.highHalf
    return (b[0] | b[1]) != 0
}

@inline(__always)
func anyLane(_ m: SIMDMask<SIMD8<Int64>>) -> Bool {
    let v = unsafeBitCast(m, to: SIMD8<Int64>.self)
    let a = v.lowHalf | v.highHalf
    let b = a.lowHalf | a.highHalf
    return (b[0] | b[1]) != 0
}

/// The row scan of float32 `row[0..<k]` (k >= 8) with per-class `cut`off and given label `y`.
///
/// Every row of a given k runs the same loop (whole vectors two at a time, in two accumulators so
/// that a vector does not wait for the previous one's selection, then the last 8 values with the
/// lanes already seen masked out): y only masks its own lane, so no branch depends on the row.
/// (The loops before and after y's vector that this replaced ended at a different vector in
/// every row.) The value check is a mask of the values not at or above -1e-6 (NaN included)
/// and the row's maximum.
@inline(__always)
func rowScan<Mode: RowScanMode>(_ row: UnsafePointer<Float>, _ cut: UnsafePointer<Float>, _ k: Int, _ y: Int,
                                 _ mode: Mode.Type) -> RowScan<Float> {
    let countConfident = Mode.countConfident, checkValues = Mode.checkValues
    typealias V = SIMD8<Float>
    typealias M = SIMD8<Int32>
    let ninf = V(repeating: -.infinity)
    // each lane's largest value other than p[y], in two accumulators (even and odd vectors)
    var acc0 = ninf, acc1 = ninf
    // (checkValues) the lanes that saw a value below -1e-6 or NaN
    var bad = SIMDMask<M>(repeating: false)
    let low = V(repeating: -1e-6)
    var cnt = M(repeating: 0)
    // (countConfident) each lane's last confident index
    var confAt = M(repeating: -1)
    let one = M(repeating: 1), zero = M(repeating: 0)
    let yy = M(repeating: Int32(truncatingIfNeeded: y))
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let r = UnsafeRawPointer(row), c = UnsafeRawPointer(cut)
    // the values at `at..<at + 8` (lane indices `idx`) whose lanes are in `keep`, into `acc`
    @inline(__always) func take(_ at: Int, _ idx: M, _ keep: SIMDMask<M>?, _ acc: inout V) {
        let v = r.loadUnaligned(fromByteOffset: at &* 4, as: V.self)
        if checkValues { bad .|= .!(v .>= low) }
        var use = idx .!= yy
        if let keep { use .&= keep }
        if countConfident {
            let t = c.loadUnaligned(fromByteOffset: at &* 4, as: V.self)
            let conf = keep.map { (v .>= t) .& $0 } ?? (v .>= t)
            cnt &+= zero.replacing(with: one, where: conf)
            confAt = confAt.replacing(with: idx, where: conf)
        }
        let w = ninf.replacing(with: v, where: use)
        acc = acc.replacing(with: w, where: w .> acc)
    }
    let eight = M(repeating: 8), sixteen = M(repeating: 16)
    var idx = iota
    var j = 0
    while j &+ 16 <= k {
        take(j, idx, nil, &acc0)
        take(j &+ 8, idx &+ eight, nil, &acc1)
        idx &+= sixteen
        j &+= 16
    }
    if j &+ 8 <= k {
        take(j, idx, nil, &acc0)
        j &+= 8
    }
    if j < k {
        // the last 8 values, moved back inside the row; the lanes before j were seen above
        let s = k &- 8
        let ix = iota &+ M(repeating: Int32(truncatingIfNeeded: s))
        take(s, ix, ix .>= M(repeating: Int32(truncatingIfNeeded: j)), &acc1)
    }
    let acc = acc0.replacing(with: acc1, where: acc1 .> acc0)
    let other = horizontalMax(acc)
    var valid = true
    if checkValues {
        let top = Swift.max(other, row[y])
        valid = !anyLane(bad) && top <= 1.000001
    }
    return RowScan(nConf: Int(cnt.wrappedSum()), other: other, confident: countConfident ? Int(horizontalMax(confAt)) : -1,
                   valid: valid)
}

/// The row scan of float64 `row[0..<k]` (k >= 8); see the float32 version.
@inline(__always)
func rowScan<Mode: RowScanMode>(_ row: UnsafePointer<Double>, _ cut: UnsafePointer<Double>, _ k: Int, _ y: Int,
                                 _ mode: Mode.Type) -> RowScan<Double> {
    let countConfident = Mode.countConfident, checkValues = Mode.checkValues
    typealias V = SIMD8<Double>
    typealias M = SIMD8<Int64>
    let ninf = V(repeating: -.infinity)
    // each lane's largest value other than p[y], in two accumulators (even and odd vectors)
    var acc0 = ninf, acc1 = ninf
    // (checkValues) the lanes that saw a value below -1e-6 or NaN
    var bad = SIMDMask<M>(repeating: false)
    let low = V(repeating: -1e-6)
    var cnt = M(repeating: 0)
    // (countConfident) each lane's last confident index
    var confAt = M(repeating: -1)
    let one = M(repeating: 1), zero = M(repeating: 0)
    let yy = M(repeating: Int64(y))
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let r = UnsafeRawPointer(row), c = UnsafeRawPointer(cut)
    // the values at `at..<at + 8` (lane indices `idx`) whose lanes are in `keep`, into `acc`
    @inline(__always) func take(_ at: Int, _ idx: M, _ keep: SIMDMask<M>?, _ acc: inout V) {
        let v = r.loadUnaligned(fromByteOffset: at &* 8, as: V.self)
        if checkValues { bad .|= .!(v .>= low) }
        var use = idx .!= yy
        if let keep { use .&= keep }
        if countConfident {
            let t = c.loadUnaligned(fromByteOffset: at &* 8, as: V.self)
            let conf = keep.map { (v .>= t) .& $0 } ?? (v .>= t)
            cnt &+= zero.replacing(with: one, where: conf)
            confAt = confAt.replacing(with: idx, where: conf)
        }
        let w = ninf.replacing(with: v, where: use)
        acc = acc.replacing(with: w, where: w .> acc)
    }
    let eight = M(repeating: 8), sixteen = M(repeating: 16)
    var idx = iota
    var j = 0
    while j &+ 16 <= k {
        take(j, idx, nil, &acc0)
        take(j &+ 8, idx &+ eight, nil, &acc0)   // (one accumulator: 16 registers hold only eight 8-lane float64 vectors)
        idx &+= sixteen
        j &+= 16
    }
    if j &+ 8 <= k {
        take(j, idx, nil, &acc0)
        j &+= 8
    }
    if j < k {
        // the last 8 values, moved back inside the row; the lanes before j were seen above
        let s = k &- 8
        let ix = iota &+ M(repeating: Int64(s))
        take(s, ix, ix .>= M(repeating: Int64(j)), &acc1)
    }
    let acc = acc0.replacing(with: acc1, where: acc1 .> acc0)
    let other = horizontalMax(acc)
    var valid = true
    if checkValues {
        let top = Swift.max(other, row[y])
        valid = !anyLane(bad) && top <= 1.000001
    }
    return RowScan(nConf: Int(cnt.wrappedSum()), other: other, confident: countConfident ? Int(horizontalMax(confAt)) : -1,
                   valid: valid)
}

/// `rowScan` for a float32 or float64 `T` (callers check `T` first; specialisation removes the
/// dispatch).
@inline(__always)
func rowScan<T: ProbabilityScalar, Mode: RowScanMode>(_ row: UnsafePointer<T>, _ cut: UnsafePointer<T>, _ k: Int, _ y: Int,
                                                      _ mode: Mode.Type) -> RowScan<T> {
    if T.self == Float.self {
        let s = rowScan(UnsafeRawPointer(row).assumingMemoryBound(to: Float.self),
                        UnsafeRawPointer(cut).assumingMemoryBound(to: Float.self), k, y,
                        mode)
        return RowScan(nConf: s.nConf, other: unsafeBitCast(s.other, to: T.self), confident: s.confident,
                       valid: s.valid)
    }
    let s = rowScan(UnsafeRawPointer(row).assumingMemoryBound(to: Double.self),
                    UnsafeRawPointer(cut).assumingMemoryBound(to: Double.self), k, y,
                    mode)
    return RowScan(nConf: s.nConf, other: unsafeBitCast(s.other, to: T.self), confident: s.confident,
                   valid: s.valid)
}

/// 1 for true, 0 for false, without a branch (`b ? 1 : 0` can compile to one).
@inline(__always)
func bit(_ b: Bool) -> Int { Int(unsafeBitCast(b, to: UInt8.self)) }

/// The first index in `lo..<hi` whose value equals `value` (which must occur there).
@inline(__always)
func firstIndex<T: ProbabilityScalar>(of value: T, in row: UnsafePointer<T>, _ lo: Int, _ hi: Int) -> Int {
    var j = lo
    while j < hi && !(row[j] == value) { j &+= 1 }
    return j
}

/// Bit j set for each `j < 8 + tail` with `row[j] - py >= cut[j]`, from the vectors at 0 and
/// at `tail` (1 ... 7; the lanes the second repeats are dropped). Lane bits by a mask of powers
/// of two and an OR reduction (Swift's SIMD has no movemask). (`a || b` of two `any(...)` vector
/// tests, and `any` of their ORed masks, compiled to a call of the generic `SIMD.min()` per
/// row: 10.7 % of a 1e6 x 10 prune_by_noise_rate call.)
@inline(__always)
func marginBits<T: ProbabilityScalar>(_ row: UnsafePointer<T>, _ cut: UnsafePointer<T>, _ py: T, tail: Int) -> UInt32 {
    marginBits8(row, cut, py) | (marginBits8(row + tail, cut + tail, py) >> UInt32(truncatingIfNeeded: 8 &- tail)) << 8
}

/// Bit l set for each `l < 8` with `row[l] - py >= cut[l]` (`marginBits` of one vector; the
/// pruning pass's vector screen: the differences are rounded as the scalar margins are).
@inline(__always)
func marginBits8<T: ProbabilityScalar>(_ row: UnsafePointer<T>, _ cut: UnsafePointer<T>, _ py: T) -> UInt32 {
    let r = UnsafeRawPointer(row), c = UnsafeRawPointer(cut)
    if T.self == Float.self {
        let v = r.loadUnaligned(as: SIMD8<Float>.self), t = c.loadUnaligned(as: SIMD8<Float>.self)
        let p = SIMD8<Float>(repeating: unsafeBitCast(py, to: Float.self))
        return laneOr(unsafeBitCast((v - p) .>= t, to: SIMD8<Int32>.self) & SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128))
    }
    let v = r.loadUnaligned(as: SIMD8<Double>.self), t = c.loadUnaligned(as: SIMD8<Double>.self)
    let p = SIMD8<Double>(repeating: unsafeBitCast(py, to: Double.self))
    return UInt32(truncatingIfNeeded: laneOr(unsafeBitCast((v - p) .>= t, to: SIMD8<Int64>.self) & SIMD8<Int64>(1, 2, 4, 8, 16, 32, 64, 128)))
}

/// The OR of the lanes.
@inline(__always)
func laneOr(_ v: SIMD8<Int32>) -> UInt32 {
    let a = v.lowHalf | v.highHalf
    let b = a.lowHalf | a.highHalf
    return UInt32(bitPattern: b[0] | b[1])
}

@inline(__always)
func laneOr(_ v: SIMD8<Int64>) -> UInt64 {
    let a = v.lowHalf | v.highHalf
    let b = a.lowHalf | a.highHalf
    return UInt64(bitPattern: b[0] | b[1])
}


/// The largest of the lanes.
@inline(__always)
func horizontalMax(_ v: SIMD8<Int32>) -> Int32 {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .> a.lowHalf)
    return b[1] > b[0] ? b[1] : b[0]
}

@inline(__always)
func horizontalMax(_ v: SIMD8<Int64>) -> Int64 {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .> a.lowHalf)
    return b[1] > b[0] ? b[1] : b[0]
}

/// The smallest of the lanes.
@inline(__always)
func horizontalMin(_ v: SIMD8<Int32>) -> Int32 {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .< a.lowHalf)
    return b[1] < b[0] ? b[1] : b[0]
}

@inline(__always)
func horizontalMin(_ v: SIMD8<Int64>) -> Int64 {
    let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
    let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .< a.lowHalf)
    return b[1] < b[0] ? b[1] : b[0]
}

/// The pruning hints of a located row of float32 values (k >= 8), given `a = max_{j != y}
/// row[j]`: j1, the first j != y with `row[j] == a`; b, the second largest of the values other
/// than y's, with multiplicity; j2, the first j != y, j1 with `row[j] == b` (k where there is
/// none). One pass over the row (in cache: the joint pass has just scanned it) without branches
/// on the values: each lane counts the values equal to a and keeps the last index of one, and
/// keeps its largest value below a with that value's first index; the overlapping last vector
/// masks the lanes already seen. Where a occurs twice (a tie), b = a and the indices are
/// searched. For validated rows (no NaN).
@inline(__always)
func hintLook(_ row: UnsafePointer<Float>, _ k: Int, _ y: Int, _ a: Float) -> (j1: Int, j2: Int, b: Float) {
    typealias V = SIMD8<Float>
    typealias M = SIMD8<Int32>
    let r = UnsafeRawPointer(row)
    let va = V(repeating: a), ninf = V(repeating: -.infinity)
    let none = M(repeating: Int32(truncatingIfNeeded: k))
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let yy = M(repeating: Int32(truncatingIfNeeded: y))
    var ia = M(repeating: -1), na = M(repeating: 0)
    // each lane's largest value below a and its first index, in two accumulators (even and odd
    // vectors: the compare-and-select on them is the loop's critical path)
    var mb0 = ninf, mb1 = ninf, ib0 = none, ib1 = none
    @inline(__always) func take(_ s: Int, _ idx: M, _ keep: SIMDMask<M>?, _ mb: inout V, _ ib: inout M) {
        let v = r.loadUnaligned(fromByteOffset: s &* 4, as: V.self)
        // (.!= compiled to an element loop)
        var other = (idx .< yy) .| (idx .> yy)
        if let keep { other .&= keep }
        let w = ninf.replacing(with: v, where: other)
        // (no value other than y's exceeds a: >= is ==, -0.0 included)
        let isA = w .>= va
        ia = ia.replacing(with: idx, where: isA)
        na &-= unsafeBitCast(isA, to: M.self)   // (a true lane is -1)
        let below = w.replacing(with: ninf, where: isA)
        let up = below .> mb
        ib = ib.replacing(with: idx, where: up)
        mb = mb.replacing(with: below, where: up)
    }
    let eight = M(repeating: 8), sixteen = M(repeating: 16)
    var idx = iota
    var j = 0
    while j &+ 16 <= k {
        take(j, idx, nil, &mb0, &ib0)
        take(j &+ 8, idx &+ eight, nil, &mb1, &ib1)
        idx &+= sixteen
        j &+= 16
    }
    if j &+ 8 <= k {
        take(j, idx, nil, &mb0, &ib0)
        j &+= 8
    }
    if j < k {
        let s = k &- 8
        let ix = iota &+ M(repeating: Int32(truncatingIfNeeded: s))
        take(s, ix, ix .>= M(repeating: Int32(truncatingIfNeeded: j)), &mb1, &ib1)
    }
    // (a tie of the two largest, or no a at all: searched)
    if na.wrappedSum() != 1 { return tiedHintIndices(row, k, y, a) }
    // per lane, the larger of the two, the lower index where they are equal
    let one = mb1 .> mb0, eq = (mb1 .>= mb0) .& (mb1 .<= mb0)   // (.== compiled to an element loop)
    let mb = mb0.replacing(with: mb1, where: one)
    var ib = ib0.replacing(with: ib1, where: one)
    ib = ib.replacing(with: ib1, where: eq .& (ib1 .< ib0))
    let b = horizontalMax(mb)
    return (Int(horizontalMax(ia)), Int(horizontalMin(none.replacing(with: ib, where: mb .>= V(repeating: b)))), b)
}

/// `hintLook` for float64 rows.
@inline(__always)
func hintLook(_ row: UnsafePointer<Double>, _ k: Int, _ y: Int, _ a: Double) -> (j1: Int, j2: Int, b: Double) {
    typealias V = SIMD8<Double>
    typealias M = SIMD8<Int64>
    let r = UnsafeRawPointer(row)
    let va = V(repeating: a), ninf = V(repeating: -.infinity)
    let none = M(repeating: Int64(k))
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let yy = M(repeating: Int64(y))
    var ia = M(repeating: -1), na = M(repeating: 0)
    // each lane's largest value below a and its first index, in two accumulators (even and odd
    // vectors: the compare-and-select on them is the loop's critical path)
    var mb0 = ninf, mb1 = ninf, ib0 = none, ib1 = none
    @inline(__always) func take(_ s: Int, _ idx: M, _ keep: SIMDMask<M>?, _ mb: inout V, _ ib: inout M) {
        let v = r.loadUnaligned(fromByteOffset: s &* 8, as: V.self)
        // (.!= compiled to an element loop)
        var other = (idx .< yy) .| (idx .> yy)
        if let keep { other .&= keep }
        let w = ninf.replacing(with: v, where: other)
        // (no value other than y's exceeds a: >= is ==, -0.0 included)
        let isA = w .>= va
        ia = ia.replacing(with: idx, where: isA)
        na &-= unsafeBitCast(isA, to: M.self)   // (a true lane is -1)
        let below = w.replacing(with: ninf, where: isA)
        let up = below .> mb
        ib = ib.replacing(with: idx, where: up)
        mb = mb.replacing(with: below, where: up)
    }
    let eight = M(repeating: 8), sixteen = M(repeating: 16)
    var idx = iota
    var j = 0
    while j &+ 16 <= k {
        take(j, idx, nil, &mb0, &ib0)
        take(j &+ 8, idx &+ eight, nil, &mb1, &ib1)
        idx &+= sixteen
        j &+= 16
    }
    if j &+ 8 <= k {
        take(j, idx, nil, &mb0, &ib0)
        j &+= 8
    }
    if j < k {
        let s = k &- 8
        let ix = iota &+ M(repeating: Int64(s))
        take(s, ix, ix .>= M(repeating: Int64(j)), &mb1, &ib1)
    }
    // (a tie of the two largest, or no a at all: searched)
    if na.wrappedSum() != 1 { return tiedHintIndices(row, k, y, a) }
    // per lane, the larger of the two, the lower index where they are equal
    let one = mb1 .> mb0, eq = (mb1 .>= mb0) .& (mb1 .<= mb0)   // (.== compiled to an element loop)
    let mb = mb0.replacing(with: mb1, where: one)
    var ib = ib0.replacing(with: ib1, where: one)
    ib = ib.replacing(with: ib1, where: eq .& (ib1 .< ib0))
    let b = horizontalMax(mb)
    return (Int(horizontalMax(ia)), Int(horizontalMin(none.replacing(with: ib, where: mb .>= V(repeating: b)))), b)
}

/// `hintLook` where a occurs twice or more among the values other than y's (or not at all):
/// j1 and j2 are its first two indices other than y (k where there is none), and b = a.
@inline(never)
func tiedHintIndices<T: ProbabilityScalar>(_ row: UnsafePointer<T>, _ k: Int, _ y: Int, _ a: T) -> (j1: Int, j2: Int, b: T) {
    var j1 = firstIndex(of: a, in: row, 0, k)
    if j1 == y { j1 = firstIndex(of: a, in: row, y &+ 1, k) }
    var j2 = j1 < k ? firstIndex(of: a, in: row, j1 &+ 1, k) : k
    if j2 == y { j2 = firstIndex(of: a, in: row, y &+ 1, k) }
    return (j1, j2, a)
}

/// `hintLook` for a float32 or float64 `T`.
@inline(__always)
func hintLook<T: ProbabilityScalar>(_ row: UnsafePointer<T>, _ k: Int, _ y: Int, _ a: T) -> (j1: Int, j2: Int, b: T) {
    if T.self == Float.self {
        let h = hintLook(UnsafeRawPointer(row).assumingMemoryBound(to: Float.self), k, y, unsafeBitCast(a, to: Float.self))
        return (h.j1, h.j2, unsafeBitCast(h.b, to: T.self))
    }
    let h = hintLook(UnsafeRawPointer(row).assumingMemoryBound(to: Double.self), k, y, unsafeBitCast(a, to: Double.self))
    return (h.j1, h.j2, unsafeBitCast(h.b, to: T.self))
}

/// `max_{j != y} row[j]` of a float row of 8 <= k < 32 values: 8-lane vectors (the last
/// one moved back inside the row; the maximum does not mind lanes seen twice) with y's value
/// pushed below the others, then one horizontal maximum. No serial chain over j, so rows
/// overlap. For values in [-1e-6, 1.000001] (validated rows; others give a meaningless result).
@inline(__always)
func maxOtherShort(_ row: UnsafePointer<Float>, _ k: Int, _ y: Int) -> Float {
    typealias V = SIMD8<Float>
    typealias M = SIMD8<Int32>
    let ninf = V(repeating: -.infinity)
    let r = UnsafeRawPointer(row)
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let yy = M(repeating: Int32(truncatingIfNeeded: y))
    let zero = V(repeating: 0), four = V(repeating: 4)
    var acc = ninf
    var j = 0
    while true {
        let s = j &+ 8 <= k ? j : k &- 8
        let v = r.loadUnaligned(fromByteOffset: s &* 4, as: V.self)
        let idx = iota &+ M(repeating: Int32(truncatingIfNeeded: s))
        // y's value lowered by 4 (below every valid value) instead of a masked select
        let w = v - zero.replacing(with: four, where: idx .== yy)
        acc = acc.replacing(with: w, where: w .> acc)
        j = s &+ 8
        if j >= k { break }
    }
    return horizontalMax(acc)
}

/// `max_{j != y} row[j]` of a double row of 8 <= k < 32 values: 8-lane vectors (the last
/// one moved back inside the row; the maximum does not mind lanes seen twice) with y's value
/// pushed below the others, then one horizontal maximum. No serial chain over j, so rows
/// overlap. For values in [-1e-6, 1.000001] (validated rows; others give a meaningless result).
@inline(__always)
func maxOtherShort(_ row: UnsafePointer<Double>, _ k: Int, _ y: Int) -> Double {
    typealias V = SIMD8<Double>
    typealias M = SIMD8<Int64>
    let ninf = V(repeating: -.infinity)
    let r = UnsafeRawPointer(row)
    let iota = M(0, 1, 2, 3, 4, 5, 6, 7)
    let yy = M(repeating: Int64(truncatingIfNeeded: y))
    let zero = V(repeating: 0), four = V(repeating: 4)
    var acc = ninf
    var j = 0
    while true {
        let s = j &+ 8 <= k ? j : k &- 8
        let v = r.loadUnaligned(fromByteOffset: s &* 8, as: V.self)
        let idx = iota &+ M(repeating: Int64(truncatingIfNeeded: s))
        // y's value lowered by 4 (below every valid value) instead of a masked select
        let w = v - zero.replacing(with: four, where: idx .== yy)
        acc = acc.replacing(with: w, where: w .> acc)
        j = s &+ 8
        if j >= k { break }
    }
    return horizontalMax(acc)
}

/// `maxOtherShort` for a float32 or float64 `T`.
@inline(__always)
func maxOtherShort<T: ProbabilityScalar>(_ row: UnsafePointer<T>, _ k: Int, _ y: Int) -> T {
    if T.self == Float.self {
        return unsafeBitCast(maxOtherShort(UnsafeRawPointer(row).assumingMemoryBound(to: Float.self), k, y), to: T.self)
    }
    return unsafeBitCast(maxOtherShort(UnsafeRawPointer(row).assumingMemoryBound(to: Double.self), k, y), to: T.self)
}

/// Column `j` of the eight float32 rows starting at `rows`, `stride` elements apart: one row
/// per lane, from eight loads.
@inline(__always)
func column8(_ rows: UnsafePointer<Float>, _ stride: Int, _ j: Int) -> SIMD8<Float> {
    let s = stride
    return SIMD8(rows[j], rows[s &+ j], rows[2 &* s &+ j], rows[3 &* s &+ j],
                 rows[4 &* s &+ j], rows[5 &* s &+ j], rows[6 &* s &+ j], rows[7 &* s &+ j])
}

/// Rows of fewer than 32 float32 values eight at a time, one row per lane (`rows` the first
/// row, `stride` the row stride in elements, `y` the rows' labels), with the per-row
/// bookkeeping of `Dataset.jointPass`'s scalar narrow scan and its rules: per row the count of
/// `p[j] >= cut[j]` and the last such j, the first argmax (strict `>` keeps the first maximum),
/// then whether the row is counted (some class confident), its confident-joint column `guess`
/// and its `RowFlag`s (`p[y] + eps` is compared with the maximum by `<=` when the argmax comes
/// after y, by `<` when before). Column j of the eight rows is assembled from eight loads;
/// every lane does the same selections, with no serial chain across rows. `py` (p[y] of each
/// row) is picked by a blend in the column loop: built from eight scalar loads and handed over
/// through memory it cost a failed store-to-load forward per eight rows (half of the
/// bookkeeping's time in perf, 1e6 x 10).
///
/// `valid` is false when some value of the eight rows is NaN or outside [`lo`, `hi`]
/// (`!(v >= lo)` per value, NaN included, and the rows' maxima against `hi`): the joint pass
/// validates `pred_probs` here, two vector operations per column, instead of in a block check
/// before the scan or in the thresholds' gather.
///
/// With `Other.wanted`, also `other` = max_{j != y} p[j] per row (two more vector operations
/// per column; -infinity otherwise), for the normalized-margin scores (also of
/// `Dataset.validatedScores`, with cutoffs of +infinity: a scan without the joint's
/// bookkeeping measured the same at 1e6 x 10, 4 % faster in cache).
@inline(__always)
func narrowJoint8<Other: NarrowOther>(_ rows: UnsafePointer<Float>, _ stride: Int, _ k: Int, _ cut: UnsafePointer<Float>,
                                      y: SIMD8<Int32>, eps: Float, lo: Float, hi: Float, _ other: Other.Type)
    -> (counted: SIMD8<Int32>, guess: SIMD8<Int32>, flags: SIMD8<Int32>, py: SIMD8<Float>, other: SIMD8<Float>, valid: Bool)
{
    typealias V = SIMD8<Float>
    typealias M = SIMD8<Int32>
    @inline(__always) func column(_ j: Int) -> V { column8(rows, stride, j) }
    let one = M(repeating: 1), zero = M(repeating: 0)
    var cnt = zero, last = zero, am = zero
    var vm = column(0)
    var py = V(repeating: 0)
    var bad = SIMDMask<M>(repeating: false)
    let low = V(repeating: lo), minusInf = V(repeating: -.infinity)
    var maxOther = minusInf
    for j in 0..<k {
        let v = column(j)
        bad .|= .!(v .>= low)
        let c = v .>= V(repeating: cut[j])
        let jv = M(repeating: Int32(truncatingIfNeeded: j))
        cnt &+= zero.replacing(with: one, where: c)
        last = last.replacing(with: jv, where: c)
        let g = v .> vm
        vm = vm.replacing(with: v, where: g)
        am = am.replacing(with: jv, where: g)
        let isY = y .== jv
        py = py.replacing(with: v, where: isY)
        if Other.wanted {
            let o = v.replacing(with: minusInf, where: isY)
            maxOther = maxOther.replacing(with: o, where: o .> maxOther)
        }
    }
    let counted = zero.replacing(with: one, where: cnt .> zero)
    let guess = last.replacing(with: am, where: cnt .> one)
    // (`.!=` as a difference: nonzero lanes)
    let off = counted & zero.replacing(with: one, where: (guess &- y) .!= zero)
    let neq = zero.replacing(with: one, where: (am &- y) .!= zero)
    let adj = py + V(repeating: eps)
    let before = am .< y
    let beats = (before .& (vm .< adj)) .| (.!before .& (vm .<= adj))
    let given = (neq ^ one) | zero.replacing(with: one, where: beats)
    let flags = off &* Int32(RowFlag.offDiagonal) | neq &* Int32(RowFlag.predictedNeqGiven)
        | given &* Int32(RowFlag.givenIsArgmax)
    bad .|= vm .> V(repeating: hi)
    return (counted, guess, flags, py, maxOther, !anyLane(bad))
}

/// Whether `narrowJoint8` also finds max_{j != y} p[j] (a type, so each use is compiled
/// without the other's work).
protocol NarrowOther { static var wanted: Bool { get } }
enum NarrowWithOther: NarrowOther { static var wanted: Bool { true } }
enum NarrowWithoutOther: NarrowOther { static var wanted: Bool { false } }

/// Column j of four float64 rows (`rows` the first, `stride` the row stride in elements).
@inline(__always)
func column4(_ rows: UnsafePointer<Double>, _ stride: Int, _ j: Int) -> SIMD4<Double> {
    let s = stride
    return SIMD4(rows[j], rows[s &+ j], rows[2 &* s &+ j], rows[3 &* s &+ j])
}

/// `narrowJoint8` for float64 rows of fewer than 32 values, four at a time (one row per lane of
/// a 256-bit vector; eight would need twice the registers): the same selections and rules. A
/// copy rather than a generic kernel, as `rowScan` (Swift's SIMD operators are fast only on
/// concrete vector types). Before it, float64 rows went through the scalar two-rows-at-a-time
/// scan: at 1e6 x 10 (two threads, C time_call) predicted_neq_given 7.0 -> 3.7 ms and
/// compute_confident_joint 11.7 -> 7.5 ms (the gather no longer validates either).
@inline(__always)
func narrowJoint4<Other: NarrowOther>(_ rows: UnsafePointer<Double>, _ stride: Int, _ k: Int, _ cut: UnsafePointer<Double>,
                                      y: SIMD4<Int64>, eps: Double, lo: Double, hi: Double, _ other: Other.Type)
    -> (counted: SIMD4<Int64>, guess: SIMD4<Int64>, flags: SIMD4<Int64>, py: SIMD4<Double>, other: SIMD4<Double>, valid: Bool)
{
    typealias V = SIMD4<Double>
    typealias M = SIMD4<Int64>
    @inline(__always) func column(_ j: Int) -> V { column4(rows, stride, j) }
    let one = M(repeating: 1), zero = M(repeating: 0)
    var cnt = zero, last = zero, am = zero
    var vm = column(0)
    var py = V(repeating: 0)
    var bad = SIMDMask<M>(repeating: false)
    let low = V(repeating: lo), minusInf = V(repeating: -.infinity)
    var maxOther = minusInf
    for j in 0..<k {
        let v = column(j)
        bad .|= .!(v .>= low)
        let c = v .>= V(repeating: cut[j])
        let jv = M(repeating: Int64(j))
        cnt &+= zero.replacing(with: one, where: c)
        last = last.replacing(with: jv, where: c)
        let g = v .> vm
        vm = vm.replacing(with: v, where: g)
        am = am.replacing(with: jv, where: g)
        let isY = y .== jv
        py = py.replacing(with: v, where: isY)
        if Other.wanted {
            let o = v.replacing(with: minusInf, where: isY)
            maxOther = maxOther.replacing(with: o, where: o .> maxOther)
        }
    }
    let counted = zero.replacing(with: one, where: cnt .> zero)
    let guess = last.replacing(with: am, where: cnt .> one)
    let off = counted & zero.replacing(with: one, where: (guess &- y) .!= zero)
    let neq = zero.replacing(with: one, where: (am &- y) .!= zero)
    let adj = py + V(repeating: eps)
    let before = am .< y
    let beats = (before .& (vm .< adj)) .| (.!before .& (vm .<= adj))
    let given = (neq ^ one) | zero.replacing(with: one, where: beats)
    let flags = off &* Int64(RowFlag.offDiagonal) | neq &* Int64(RowFlag.predictedNeqGiven)
        | given &* Int64(RowFlag.givenIsArgmax)
    bad .|= vm .> V(repeating: hi)
    return (counted, guess, flags, py, maxOther, !(bad[0] || bad[1] || bad[2] || bad[3]))
}
