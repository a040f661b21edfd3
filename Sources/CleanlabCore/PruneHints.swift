/// Per-row hints for `Dataset.prunePass` (prune_by_noise_rate and both), written by the
/// confident-joint pass on wide float32 / float64 rows (K >= 32), so that the pruning pass
/// reads only the rows that can enter a selection, and starts with cutoffs close to the final
/// ones.
///
/// For row i with given label y, let `a = max_{j != y} p[j]` and `b` the second largest of the
/// others (with multiplicity). The hints are:
/// - `margin1[i]`: the row's largest margin `a - p[y]` (computed in T) as a float32, exact for
///   float32 input, rounded down for float64 (so 4 bytes a row either way). For float32 it is
///   exactly the key the row has in the selection of (y, j1) for any j1 with `p[j1] = a`; for
///   float64 that key is read from the row (`row[j1] - row[y]`) when the bound lets the row in.
///   `margin1Upper` bounds every margin of the row from above, `margin1Lower` from below;
/// - `pairs[i]`: j1 (the first index other than y holding `a`) and j2 (the first index other
///   than y and j1 holding `b`), packed; `unknown` when the row's largest margin is below
///   `locateFrom` (b and the indices come from a second look at the row, `hintLook`, which
///   is skipped where it rarely pays);
/// - `bound2[i]`: for a located row, a 16-bit image of `b - p[y]` rounded up (`upperImage`),
///   which bounds every margin except j1's; it also gives a lower bound of the margin of j2
///   (`lowerValue`). (Unused for other rows, which hold the image of `margin1`.)
///
/// Uses (see `prunePass`): (1) the c-th largest of the slot's known margins and margin lower
/// bounds over distinct rows is a certain lower bound of the slot's c-th largest margin, so
/// it is a safe starting cutoff; measured on the 1e6 x 100 bench input, these cutoffs let in
/// 430k offers in all where the selections keep 258k (cutoffs from j1 alone: 2M). (2) a row
/// whose `margin1` is below every cutoff of its class is skipped unread; one whose `bound2` is
/// below them all can only enter (y, j1), with key `margin1`, also unread.
struct PruneHints<T: ProbabilityScalar> {
    /// (float64: a float32 lower bound. With an 8-byte exact margin, float64 prune_by_noise_rate
    /// and both at 1e6 x 100 (2 threads) peaked at 26.1 B/ex, over the 24 B/ex budget; now
    /// 22.1. Time within noise: the rows offered to (y, j1) read two values each.)
    let margin1: UnsafeMutablePointer<Float>
    let bound2: UnsafeMutablePointer<UInt16>
    /// j1 | j2 << 8 as UInt16 (k <= 255) or j1 | j2 << 16 as UInt32 (k <= 65535).
    let pairs: UnsafeMutableRawPointer
    let widePairs: Bool

    /// The largest margin from which j1 and j2 are located. On the 1e6 x 100 bench input: from
    /// -0.5 the hints give 99.9 % of the slots a cutoff and the pruning pass reads 25 % of the
    /// rows; from 0, 60 % (one slot without a cutoff leaves its whole class unscreened).
    /// prune_by_noise_rate, 2 threads: 95 ms from -0.5, 91 ms from -0.25, 102 ms from 0 (a
    /// one-sweep pass, session 9). Since the pass runs in two sweeps (`deferBelow`), whose
    /// second sees the cutoffs the first earned, the second look at each located row (~6 ms of
    /// the joint pass from -0.25) pays less: from 0, 51.4 -> 49.4 ms (C time_call, 8
    /// alternating rounds; 1 thread 0.96x, float64 0.95x).
    static var locateFrom: T { T(0) }

    /// The pruning pass defers a row whose margins other than j1's are all below this (known
    /// from `bound2`) to its second sweep, when the cutoffs are higher (`Dataset.prunePass`).
    /// Measured on the 1e6 x 100 bench input (rows read by the pass, 2 threads): 224.6k in one
    /// sweep; deferring below 0.02: 143.8k, 0.05: 131.5k, 0.1: 159k, 0.2: 205k (a prototype of
    /// the pass; the pass as built reads 136.9k at 0.05).
    static var deferBelow: Double { 0.05 }

    /// Hints are kept for `k` classes (the pruning pass uses `maxOther` otherwise). Measured at
    /// 2e5 x 1000 float32: the second look at every located row of 1000 values cost more than
    /// the pruning pass saved (prune_by_noise_rate 100 -> 115 ms), so wide rows keep the row
    /// bound.
    static func supports(k: Int) -> Bool { k <= 256 }

    init(n: Int, k: Int) {
        let m = Swift.max(n, 1)
        margin1 = .allocate(capacity: m)
        bound2 = .allocate(capacity: m)
        widePairs = k > 255
        pairs = .allocate(byteCount: m * (widePairs ? 4 : 2), alignment: 4)
    }

    func deallocate() {
        margin1.deallocate()
        bound2.deallocate()
        pairs.deallocate()
    }

    /// Whether `margin1` holds the exact margin (float32), which a row's (y, j1) offer can then
    /// take without reading the row.
    @inline(__always) static var exactMargin1: Bool { T.self == Float.self }

    /// Stores row i's largest margin `m1` (exactly for float32, rounded down for float64).
    @inline(__always) func setMargin1(_ i: Int, _ m1: T) {
        var f = Float(m1)
        if T.self == Double.self && Double(f) > Double(m1) { f = f.nextDown }
        margin1[i] = f
    }

    /// A value <= row i's largest margin (the margin itself for float32).
    @inline(__always) func margin1Lower(_ i: Int) -> Double { Double(margin1[i]) }

    /// A value >= row i's largest margin (the margin itself for float32).
    @inline(__always) func margin1Upper(_ i: Int) -> Double {
        PruneHints.exactMargin1 ? Double(margin1[i]) : Double(margin1[i].nextUp)
    }

    @inline(__always) var unknown: UInt32 { widePairs ? UInt32.max : UInt32(UInt16.max) }

    @inline(__always) func setPair(_ i: Int, _ v: UInt32) {
        if widePairs {
            pairs.assumingMemoryBound(to: UInt32.self)[i] = v
        } else {
            pairs.assumingMemoryBound(to: UInt16.self)[i] = UInt16(truncatingIfNeeded: v)
        }
    }

    @inline(__always) func pair(_ i: Int) -> UInt32 {
        widePairs ? pairs.assumingMemoryBound(to: UInt32.self)[i] : UInt32(pairs.assumingMemoryBound(to: UInt16.self)[i])
    }

    @inline(__always) func encode(_ j1: Int, _ j2: Int) -> UInt32 {
        widePairs ? UInt32(truncatingIfNeeded: j1) | UInt32(truncatingIfNeeded: j2) << 16
            : UInt32(truncatingIfNeeded: j1) | UInt32(truncatingIfNeeded: j2) << 8
    }

    @inline(__always) func first(_ pair: UInt32) -> Int { Int(widePairs ? pair & 0xFFFF : pair & 0xFF) }
    @inline(__always) func second(_ pair: UInt32) -> Int { Int(widePairs ? pair >> 16 : pair >> 8) }

    /// The top 16 bits of `x`'s order-preserving float32 image, rounded up: `upperValue` of it
    /// is >= x. (float64 values are first rounded up to float32.)
    @inline(__always) static func upperImage(_ x: T) -> UInt16 {
        var f = Float(x)
        if T.self == Double.self && Double(f) < Double(x) { f = f.nextUp }
        let up = (UInt64(orderImage32(f)) &+ 0xFFFF) >> 16
        return up > 0xFFFF ? 0xFFFF : UInt16(truncatingIfNeeded: up)
    }

    @inline(__always) static func value(ofImage u: UInt32) -> Double {
        // (images of NaN decode to the infinity on their side)
        if u < 0x0080_0000 { return -Double.infinity }
        if u > 0xFF80_0000 { return Double.infinity }
        return Double(floatOfOrderImage32(u))
    }

    /// The top 16 bits of float32 `f`'s order-preserving image, rounded down: `value(ofImage:)`
    /// of it shifted back is <= f. (`margin1` is already a float32 lower bound for float64.)
    @inline(__always) static func lowerImage(float f: Float) -> UInt16 {
        UInt16(truncatingIfNeeded: orderImage32(f) >> 16)
    }

    /// A value >= the one `upperImage` was taken of.
    @inline(__always) static func upperValue(_ h: UInt16) -> Double { value(ofImage: UInt32(h) << 16) }

    /// A value <= the one `upperImage` was taken of (the image below; -infinity for the lowest).
    @inline(__always) static func lowerValue(_ h: UInt16) -> Double {
        h == 0 ? -Double.infinity : value(ofImage: UInt32(h &- 1) << 16)
    }
}

/// The slot of true class `j` among the slots `start ..< end` of a class (`slotTrue`
/// ascending), or -1.
@inline(__always)
func slotOf(_ j: Int, _ slotTrue: UnsafePointer<Int>, _ start: Int, _ end: Int) -> Int {
    var lo = start, hi = end
    while lo < hi {
        let mid = (lo &+ hi) >> 1
        if slotTrue[mid] < j { lo = mid &+ 1 } else { hi = mid }
    }
    return lo < end && slotTrue[lo] == j ? lo : -1
}

/// The slot of (given class y, true class j) of the pruning selections: a K x K table of Int32
/// for K <= 256 (at most 256 KB), else a binary search among the class's slots (a 4 MB table at
/// K = 1000 cost more in first touches of fresh memory, ~9 ms on these machines, than it saved).
struct SlotLookup: @unchecked Sendable {
    let k: Int
    let table: UnsafeMutablePointer<Int32>?
    let slotStart: UnsafePointer<Int>
    let slotTrue: UnsafePointer<Int>

    /// `slotStart` / `slotTrue` as in `Dataset.prunePass`; they must outlive the lookup.
    init(k: Int, slotStart: UnsafePointer<Int>, slotTrue: UnsafePointer<Int>) {
        self.k = k
        self.slotStart = slotStart
        self.slotTrue = slotTrue
        if k <= 256 {
            let t = UnsafeMutablePointer<Int32>.allocate(capacity: k * k)
            t.initialize(repeating: -1, count: k * k)
            for y in 0..<k {
                for s in slotStart[y]..<slotStart[y + 1] { t[y * k + slotTrue[s]] = Int32(truncatingIfNeeded: s) }
            }
            table = t
        } else {
            table = nil
        }
    }

    func deallocate() { table?.deallocate() }

    /// The slot of (y, j), or -1.
    @inline(__always) func slot(_ y: Int, _ j: Int) -> Int {
        if let table { return Int(table[y &* k &+ j]) }
        return slotOf(j, slotTrue, slotStart[y], slotStart[y &+ 1])
    }
}

/// The thresholds' gather of p[i, y_i] (grouped by class in row order, `counts` per class) lent
/// to `Dataset.prunePass` for its `selfBoundCutoffs`; the pass drops `values` once used, which
/// frees the buffer before the selections are built if the box held the last reference.
final class SelfValues<T: ProbabilityScalar> {
    var values: SharedBuffer<T>?
    let counts: [Int]
    init(values: SharedBuffer<T>, counts: [Int]) {
        self.values = values
        self.counts = counts
    }
}
