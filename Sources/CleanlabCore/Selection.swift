/// Bounded selections: for each slot, the `capacity` best (key, index) pairs under a strict total
/// order — larger (or smaller) key first, and among equal keys the lower index first.
///
/// This is the mergeable partial state behind cleanlab's `argsort(...)[:c]` selections: each
/// worker offers the rows of its chunk; merging two states keeps the best of their union. Since
/// the order is total (indices are unique), the result does not depend on how rows were split.
///
/// Each slot keeps a buffer of up to twice its capacity. When the buffer fills, a quickselect
/// keeps the best `capacity` entries and remembers the worst of them as a threshold: later
/// offers that are not better are rejected with one comparison. Smallest-first selections store
/// negated keys, so every comparison is "larger key, then lower index".
///
/// Entries are `WideEntry` (a Double key and an Int index, 16 bytes) or, for keys that are
/// float32 values (float32 and float16 input) and indices below 2^32, `PackedEntry` (8 bytes:
/// half the memory and one integer comparison per order test; measured at 1e6 x 100 float32
/// prune_by_noise_rate: see `Dataset.prunePass`).
///
/// (Measured and dropped, session 3: keeping small slots as binary heaps or sorted arrays, so
/// that the threshold is exact after every accepted offer. Fewer offers get in, but each costs
/// cache misses in a random slot's entries, where appending to a buffer costs one; at 1e6 x 100
/// float32 `find_label_issues` took ~10 % longer, elsewhere no gain.)
final class BoundedSelection<Entry: SelectionEntry> {

    let negate: Bool
    let slotCount: Int
    let offsets: UnsafeMutablePointer<Int>     // buffer start of slot s
    let capacities: UnsafeMutablePointer<Int>  // entries to keep
    let limits: UnsafeMutablePointer<Int>      // buffer size (2 × capacity, at least 8)
    let counts: UnsafeMutablePointer<Int>      // entries in the buffer
    let thresholds: UnsafeMutablePointer<Entry>  // worst kept entry after a compaction
    let hasThreshold: UnsafeMutablePointer<Bool>
    /// The threshold's key in the caller's orientation (±infinity before the first compaction):
    /// a key strictly on the wrong side of it is rejected with one comparison.
    let cutoffs: UnsafeMutablePointer<Double>
    let entries: UnsafeMutablePointer<Entry>
    /// The one allocation behind the pointers above.
    private let block: UnsafeMutableRawPointer
    /// Optional groups of consecutive slots (`groupStart[g] ..< groupStart[g + 1]`) with the
    /// smallest cutoff of each group kept up to date (largest-first selections only): a key
    /// below it is rejected by every slot of the group.
    var groupOfSlot: UnsafeMutablePointer<Int>? = nil
    var groupStart: [Int] = []
    var groupMin: UnsafeMutablePointer<Double>? = nil
    /// Raises of a group's lowest cutoff since its minimum was last recomputed: the minimum is
    /// recomputed every (group size / 8 + 1) of them, so frequent raises cost O(1) amortised
    /// (measured: recomputing on every raise made 1e6 x 100 find_label_issues ~10 % slower). A
    /// stale minimum is lower than the true one, which only screens less.
    var groupStale: UnsafeMutablePointer<Int>? = nil
    /// Optional mirror of the cutoffs (largest-first selections): `setThreshold` also writes each
    /// new cutoff to `mirrorFloat` or `mirrorDouble` at `mirrorPosition[slot]` (exactly: cutoffs
    /// are keys, i.e. values of the caller's element type, or infinities), so a vector scan can
    /// screen offers in the element type (`Dataset.prunePass`).
    var mirrorFloat: UnsafeMutablePointer<Float>? = nil
    var mirrorDouble: UnsafeMutablePointer<Double>? = nil
    var mirrorPosition: UnsafeMutablePointer<Int>? = nil

    /// Sets a provisional cutoff of each slot (largest-first selections, before the first offer):
    /// keys below `cut[s]` are rejected, but unlike a threshold it does not come from kept
    /// entries, so the selection is exact only if the slot still fills up (`isFull`); the caller
    /// checks and falls back otherwise. Refreshes the group minima.
    func presetCutoffs(_ cut: [Double]) {
        for slot in 0..<slotCount { cutoffs[slot] = cut[slot] }
        recomputeGroupMins()
    }

    /// `recomputeGroupMin` of every group (if there are groups).
    func recomputeGroupMins() {
        if groupMin != nil { for g in 0..<(groupStart.count - 1) { recomputeGroupMin(g) } }
    }

    /// Sets `groupMin[g]` to the smallest cutoff of group g's slots.
    func recomputeGroupMin(_ g: Int) {
        var lowest = Double.infinity
        for t in groupStart[g]..<groupStart[g + 1] { lowest = Swift.min(lowest, cutoffs[t]) }
        groupMin![g] = lowest
    }

    /// Whether `slot` holds its full capacity (after `finish()`).
    func isFull(_ slot: Int) -> Bool { counts[slot] >= capacities[slot] }

    /// The worst kept key of `slot` in the caller's orientation, if the slot is full (after
    /// `finish()`), else nil.
    func worstKeptKey(_ slot: Int) -> Double? {
        let c = counts[slot]
        if c == 0 || c < capacities[slot] { return nil }
        let worst = worstEntry(slot)
        return negate ? -worst.key : worst.key
    }

    /// The worst of the `counts[slot]` (at least one) entries in `slot`'s buffer.
    @inline(__always)
    func worstEntry(_ slot: Int) -> Entry {
        let base = entries + offsets[slot]
        var worst = base[0]
        for i in 1..<counts[slot] where Entry.better(worst, base[i]) { worst = base[i] }
        return worst
    }

    /// Declares the slot groups; call before the first offer.
    func setGroups(_ starts: [Int]) {
        let groups = starts.count - 1
        groupStart = starts
        // (one allocation: the slots' groups, then each group's minimum and staleness)
        let g = Swift.max(groups, 1)
        let of = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(slotCount, 1) + 2 * g)
        for g in 0..<groups { for s in starts[g]..<starts[g + 1] { of[s] = g } }
        groupOfSlot = of
        let mins = UnsafeMutableRawPointer(of + Swift.max(slotCount, 1)).bindMemory(to: Double.self, capacity: g)
        mins.initialize(repeating: -Double.infinity, count: g)
        groupMin = mins
        let stale = of + Swift.max(slotCount, 1) + g
        stale.initialize(repeating: 0, count: g)
        groupStale = stale
    }

    /// The selection whose entries this one shares (`init(capacities:largestFirst:layout:sharing:)`).
    private let host: BoundedSelection?

    /// With `layout` (default `caps`), the slots' buffers are placed as for capacities `layout`,
    /// and with `sharing`, in that selection's entries (made with the same layout): selections
    /// whose slots with a capacity are disjoint then share one buffer of entries, and
    /// `mergeDisjoint` joins them without copying an entry.
    init(capacities caps: [Int], largestFirst: Bool, layout: [Int]? = nil, sharing: BoundedSelection? = nil) {
        negate = !largestFirst
        slotCount = caps.count
        host = sharing
        let layout = layout ?? caps
        precondition(layout.count == caps.count && (sharing == nil || sharing!.slotCount == caps.count))
        let m = Swift.max(caps.count, 1)
        var t = 0
        for c in layout { t += BoundedSelection.bufferSize(c) }
        let entryCount = t
        if sharing != nil { t = 0 }
        // one block for the per-slot arrays and the entries (a small call builds two selections,
        // whose sixteen separate allocations cost ~0.45 us of a 1000-row 'both'); every part
        // starts on a 16-byte boundary, Bool last
        @inline(__always) func rounded(_ bytes: Int) -> Int { (bytes + 15) & ~15 }
        let intBytes = rounded(m * MemoryLayout<Int>.stride)
        let entryBytes = rounded(m * MemoryLayout<Entry>.stride)
        let doubleBytes = rounded(m * MemoryLayout<Double>.stride)
        let storedBytes = rounded(Swift.max(t, 1) * MemoryLayout<Entry>.stride)
        let total = 4 * intBytes + entryBytes + doubleBytes + storedBytes + m
        let raw = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        block = raw
        var at = 0
        @inline(__always) func carve<U>(_ type: U.Type, _ bytes: Int) -> UnsafeMutablePointer<U> {
            let p = (raw + at).bindMemory(to: U.self, capacity: bytes / MemoryLayout<U>.stride)
            at += bytes
            return p
        }
        offsets = carve(Int.self, intBytes)
        capacities = carve(Int.self, intBytes)
        limits = carve(Int.self, intBytes)
        counts = carve(Int.self, intBytes)
        thresholds = carve(Entry.self, entryBytes)
        cutoffs = carve(Double.self, doubleBytes)
        let carved = carve(Entry.self, storedBytes)
        entries = sharing?.entries ?? carved
        hasThreshold = carve(Bool.self, m)
        cutoffs.initialize(repeating: largestFirst ? -Double.infinity : Double.infinity, count: m)
        t = 0
        for (s, c) in caps.enumerated() {
            offsets[s] = t
            capacities[s] = c
            let lim = BoundedSelection.bufferSize(c)
            precondition(lim <= BoundedSelection.bufferSize(layout[s]), "a slot's buffer exceeds its layout")
            limits[s] = lim
            counts[s] = 0
            hasThreshold[s] = false
            thresholds[s] = Entry(key: 0, index: 0)
            t += BoundedSelection.bufferSize(layout[s])
        }
        precondition(t == entryCount)
    }

    /// The buffer of a slot of capacity `c`: twice the capacity, at least 8 (the first compaction
    /// sets the cutoff; 16 before cost ~1 us per small prune_by_noise_rate call of n = 1000,
    /// K = 10 in offers let in below it).
    static func bufferSize(_ c: Int) -> Int { c == 0 ? 0 : Swift.max(2 * c, 8) }

    /// Takes over the slots to which `other` gives a capacity, this selection giving them none,
    /// both sharing one buffer of entries (`init(capacities:largestFirst:layout:sharing:)`): the
    /// union of two selections over disjoint slots, without copying entries.
    func mergeDisjoint(_ other: BoundedSelection) {
        precondition(other.entries == entries && other.slotCount == slotCount, "mergeDisjoint needs shared entries")
        for s in 0..<slotCount where other.capacities[s] > 0 {
            precondition(capacities[s] == 0 && offsets[s] == other.offsets[s], "mergeDisjoint needs disjoint slots")
            capacities[s] = other.capacities[s]
            limits[s] = other.limits[s]
            counts[s] = other.counts[s]
            thresholds[s] = other.thresholds[s]
            hasThreshold[s] = other.hasThreshold[s]
            cutoffs[s] = other.cutoffs[s]
        }
        recomputeGroupMins()
    }

    deinit {
        block.deallocate()
        groupOfSlot?.deallocate()
    }

    /// Offers (key, index) to `slot`.
    @inline(__always)
    func offer(_ slot: Int, key: Double, index: Int) { cursor.offer(slot, key: key, index: index) }

    /// A reference-free view of the storage, for hot loops (no reference counting per call).
    var cursor: Cursor {
        Cursor(owner: Unmanaged.passUnretained(self), negate: negate, offsets: offsets, limits: limits,
               counts: counts, thresholds: thresholds, hasThreshold: hasThreshold, cutoffs: cutoffs,
               entries: entries)
    }

    struct Cursor {
        let owner: Unmanaged<BoundedSelection>
        let negate: Bool
        let offsets: UnsafeMutablePointer<Int>
        let limits: UnsafeMutablePointer<Int>
        let counts: UnsafeMutablePointer<Int>
        let thresholds: UnsafeMutablePointer<Entry>
        let hasThreshold: UnsafeMutablePointer<Bool>
        let cutoffs: UnsafeMutablePointer<Double>
        let entries: UnsafeMutablePointer<Entry>

        /// Whether `key` is strictly worse than the slot's threshold (then `offer` would drop it).
        @inline(__always)
        func rejects(_ slot: Int, key: Double) -> Bool {
            negate ? key > cutoffs[slot] : key < cutoffs[slot]
        }

        /// `if !rejects(slot, key:) { offer(slot, key:, index:) }` without branches on the key
        /// (for streams where a good share of keys passes, so that the branch would mispredict):
        /// the entry is written after the slot's kept ones every time and counted only if it
        /// passes. The slot must have a nonzero capacity.
        @inline(__always)
        func offerUnlessRejected(_ slot: Int, key: Double, index: Int) {
            let e = Entry(key: negate ? -key : key, index: index)
            let cut = cutoffs[slot]
            let inside = (negate ? key <= cut : key >= cut) ? 1 : 0
            let beats = hasThreshold[slot] ? Entry.betterBit(e, thresholds[slot]) : 1
            let c = counts[slot]
            entries[offsets[slot] + c] = e
            let c1 = c &+ (inside & beats)
            counts[slot] = c1
            if c1 == limits[slot] { owner._withUnsafeGuaranteedRef { $0.compact(slot) } }
        }

        @inline(__always)
        func offer(_ slot: Int, key: Double, index: Int) {
            let e = Entry(key: negate ? -key : key, index: index)
            if hasThreshold[slot] && !Entry.better(e, thresholds[slot]) { return }
            let c = counts[slot]
            let lim = limits[slot]
            if lim == 0 { return }
            entries[offsets[slot] + c] = e
            counts[slot] = c + 1
            if c + 1 == lim { owner._withUnsafeGuaranteedRef { $0.compact(slot) } }
        }
    }

    /// Keeps the best `capacity` entries of `slot` and records the worst of them.
    func compact(_ slot: Int) {
        let cap = capacities[slot]
        let c = counts[slot]
        guard c > cap, cap > 0 else { return }
        let base = entries + offsets[slot]
        BoundedSelection.select(base, count: c, k: cap)
        counts[slot] = cap
        setThreshold(slot, worstEntry(slot))
    }

    /// Records `worst` as the threshold of `slot` (and its key as the slot's cutoff).
    @inline(__always)
    func setThreshold(_ slot: Int, _ worst: Entry) {
        thresholds[slot] = worst
        hasThreshold[slot] = true
        let old = cutoffs[slot]
        cutoffs[slot] = negate ? -worst.key : worst.key
        if let at = mirrorPosition {
            if let f = mirrorFloat { f[at[slot]] = Float(cutoffs[slot]) }
            if let d = mirrorDouble { d[at[slot]] = cutoffs[slot] }
        }
        // the group's minimum moves only when its lowest slot rises
        if let of = groupOfSlot, let mins = groupMin, let stale = groupStale, !negate, old <= mins[of[slot]] {
            let g = of[slot]
            stale[g] &+= 1
            if stale[g] > (groupStart[g + 1] - groupStart[g]) / 8 {
                stale[g] = 0
                recomputeGroupMin(g)
            }
        }
    }

    /// Quickselect: moves the `k` best entries of `a[0..<count]` to the front (in any order).
    ///
    /// The partition of ranges of 128 entries or more is branch-free (Lomuto with an
    /// unconditional swap and a conditional advance): the comparisons against the pivot are
    /// data-dependent and would mispredict. Shorter ranges use the two-sided (Hoare) partition.
    /// Any correct selection gives the same set, since the order is total.
    static func select(_ a: UnsafeMutablePointer<Entry>, count: Int, k: Int) {
        if count <= 8 {
            // a few entries (the small selections of a call on 1000 rows): move the worst
            // `count - k` to the back, or the best `k` to the front, one linear scan each
            // (at most 16 comparisons; n = 1000, K = 10 'both' ~0.5 us faster)
            if count - k <= k {
                var end = count
                while end > k {
                    var w = 0
                    for i in 1..<end where Entry.better(a[w], a[i]) { w = i }
                    swap(a, w, end - 1)
                    end -= 1
                }
            } else {
                for t in 0..<k {
                    var b = t
                    for i in (t + 1)..<count where Entry.better(a[i], a[b]) { b = i }
                    swap(a, t, b)
                }
            }
            return
        }
        var lo = 0, hi = count - 1
        let target = k - 1   // position of the k-th best
        while hi > lo {
            // median of three as pivot, moved to `hi`
            let mid = lo + (hi - lo) / 2
            if Entry.better(a[mid], a[lo]) { swap(a, mid, lo) }
            if Entry.better(a[hi], a[lo]) { swap(a, hi, lo) }
            if Entry.better(a[hi], a[mid]) { swap(a, hi, mid) }
            if hi - lo < 128 {
                // short ranges: the branchy two-sided partition moves fewer entries, and its
                // mispredictions cost less than the branch-free one's extra moves here
                let pivot = a[mid]
                var i = lo, j = hi
                while i <= j {
                    while Entry.better(a[i], pivot) { i += 1 }
                    while Entry.better(pivot, a[j]) { j -= 1 }
                    if i <= j { swap(a, i, j); i += 1; j -= 1 }
                }
                if target <= j { hi = j } else if target >= i { lo = i } else { return }
                continue
            }
            swap(a, mid, hi)
            let pivot = a[hi]
            let store = partitionAroundLast(a, lo, hi) { Entry.betterBit($0, pivot) }
            if target == store { return }
            if target < store { hi = store - 1 } else { lo = store + 1 }
        }
    }

    @inline(__always)
    static func swap(_ a: UnsafeMutablePointer<Entry>, _ i: Int, _ j: Int) {
        let t = a[i]; a[i] = a[j]; a[j] = t
    }

    /// Gives every slot the tightest cutoff its entries allow so far: a slot over its capacity
    /// is compacted, a slot holding exactly its capacity takes its worst entry as threshold;
    /// then the group minima are recomputed (exact, not stale). For a pause between two runs of
    /// offers, so that the second meets the cutoffs the first earned.
    func tighten() {
        for s in 0..<slotCount {
            let cap = capacities[s], c = counts[s]
            if cap == 0 || c < cap { continue }
            if c > cap { compact(s) } else { setThreshold(s, worstEntry(s)) }
        }
        recomputeGroupMins()
        if let stale = groupStale { stale.update(repeating: 0, count: Swift.max(groupStart.count - 1, 1)) }
    }

    /// Drops the provisional cutoff of every slot below its capacity (largest-first
    /// selections; such a slot has no threshold): it takes every key again. Refreshes the
    /// mirror and the group minima.
    func reopenUnfilled() {
        for s in 0..<slotCount where capacities[s] > 0 && counts[s] < capacities[s] {
            cutoffs[s] = -Double.infinity
            if let at = mirrorPosition {
                if let f = mirrorFloat { f[at[s]] = -Float.infinity }
                if let d = mirrorDouble { d[at[s]] = -Double.infinity }
            }
        }
        recomputeGroupMins()
    }

    /// Reduces every slot to its final selection.
    func finish() {
        for s in 0..<slotCount { compact(s) }
    }

    /// Adds every element kept by `other` (same slots and order).
    func merge(_ other: BoundedSelection) {
        other.finish()
        for s in 0..<slotCount {
            let base = other.entries + other.offsets[s]
            for e in 0..<other.counts[s] {
                let entry = base[e]
                offer(s, key: negate ? -entry.key : entry.key, index: entry.index)
            }
        }
    }

    /// Calls `body(index)` for every selected element of every slot.
    func forEachIndex(_ body: (Int) -> Void) {
        finish()
        for s in 0..<slotCount {
            let base = entries + offsets[s]
            for e in 0..<counts[s] { body(base[e].index) }
        }
    }

    /// `forEachIndex { flags[$0] |= bit }` without a closure call per index. Called through
    /// the `IndexSelection` existential, which arrives in unspecialised code (every entry access
    /// a witness call: with `forEachIndex`, ~5 % of a 'both' call at 1e6 x 10); the work
    /// continues in the concrete class's specialised code.
    func markIndices(_ flags: UnsafeMutablePointer<UInt8>, _ bit: UInt8) {
        if let s = self as? BoundedSelection<PackedEntry> {
            s.markIndicesTyped(flags, bit)
        } else if let s = self as? BoundedSelection<WideEntry> {
            s.markIndicesTyped(flags, bit)
        } else {
            markIndicesTyped(flags, bit)
        }
    }

    func markIndicesTyped(_ flags: UnsafeMutablePointer<UInt8>, _ bit: UInt8) {
        finish()
        for s in 0..<slotCount {
            let base = entries + offsets[s]
            for e in 0..<counts[s] { flags[base[e].index] |= bit }
        }
    }

    /// The selected indices of `slot`, best first.
    func sortedIndices(_ slot: Int) -> [Int] {
        finish()
        let base = entries + offsets[slot]
        var list = Array(UnsafeBufferPointer(start: base, count: counts[slot]))
        list.sort { Entry.better($0, $1) }
        return list.map { $0.index }
    }
}

/// Partitions `a[lo...hi]` around the pivot at `a[hi]` without branches on the data (Lomuto, an
/// unconditional swap and a conditional advance): the elements with `first(x) == 1` end up
/// before the pivot, the others after it. Returns the pivot's final position.
@inline(__always)
func partitionAroundLast<E>(_ a: UnsafeMutablePointer<E>, _ lo: Int, _ hi: Int, _ first: (E) -> Int) -> Int {
    // invariant: a[lo..<store] go first, a[store..<i] do not
    var store = lo, i = lo
    while i < hi {
        let x = a[i]
        a[i] = a[store]
        a[store] = x
        store &+= first(x)
        i &+= 1
    }
    let t = a[store]; a[store] = a[hi]; a[hi] = t
    return store
}

/// Indices sorted by ascending key, ties by ascending index, NaN last (numpy's order for
/// `np.argsort`, with a deterministic tie rule). `ids` must be ascending. The key of `ids[e]`
/// is `keys[ids[e]]`, or `keys[e]` with `compactKeys`.
///
/// An LSD radix sort on order-preserving 64-bit images of the keys (16-bit digits, skipping
/// digits on which every key agrees): it is stable, so equal keys keep the ascending order of
/// `ids`, which is the tie rule.
func argsortAscending(_ keys: UnsafeBufferPointer<Double>, _ ids: [Int], compactKeys: Bool = false) -> [Int] {
    let m = ids.count
    if m < 2 { return ids }
    @inline(__always) func key(_ e: Int) -> Double { compactKeys ? keys[e] : keys[ids[e]] }
    if m <= 2048 {
        // Few keys: the radix sort's 4 × 65,537 counters would cost more than sorting. Sorting
        // (image, index) pairs under that total order gives exactly the stable radix order.
        if ids[m - 1] < 1 << 32, let sorted = sortedFloatKeys(keys, ids, compactKeys: compactKeys) { return sorted }
        var pairs = [(UInt64, Int)](unsafeUninitializedCapacity: m) { b, count in
            for e in 0..<m { b.initializeElement(at: e, to: (orderImage(key(e)), ids[e])) }
            count = m
        }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        return pairs.map { $0.1 }
    }
    if ids[m - 1] < 1 << 32, let sorted = argsortFloatKeys(keys, ids, compactKeys: compactKeys) { return sorted }
    var bits = [UInt64](repeating: 0, count: m)
    var order = ids
    for e in 0..<m { bits[e] = orderImage(key(e)) }
    var bits2 = [UInt64](repeating: 0, count: m)
    var order2 = [Int](repeating: 0, count: m)
    var counts = [Int](repeating: 0, count: 65537)
    for shift in stride(from: 0, to: 64, by: 16) {
        for c in 0..<counts.count { counts[c] = 0 }
        for e in 0..<m { counts[Int((bits[e] >> UInt64(shift)) & 0xFFFF) + 1] += 1 }
        if counts.contains(m) { continue }   // every key has this digit
        for c in 1..<counts.count { counts[c] += counts[c - 1] }
        for e in 0..<m {
            let d = Int((bits[e] >> UInt64(shift)) & 0xFFFF)
            let pos = counts[d]
            counts[d] = pos + 1
            bits2[pos] = bits[e]
            order2[pos] = order[e]
        }
        swap(&bits, &bits2)
        swap(&order, &order2)
    }
    return order
}

/// Writes each key's word (32-bit order-preserving image << 32 | index; NaN last) to `out`;
/// false if some key is not a float32 value (then `out` is not usable).
func floatKeyWords(_ keys: UnsafeBufferPointer<Double>, _ ids: [Int], compactKeys: Bool,
                   into out: UnsafeMutablePointer<UInt64>) -> Bool {
    var exact = true
    ids.withUnsafeBufferPointer { idb in
        for e in 0..<idb.count {
            let v = compactKeys ? keys[e] : keys[idb[e]]
            let f = Float(v)
            exact = exact && (Double(f) == v || v.isNaN)
            let image: UInt32 = f.isNaN ? UInt32.max : orderImage32(f)   // NaN last
            out[e] = UInt64(image) << 32 | UInt64(truncatingIfNeeded: idb[e])
        }
    }
    return exact
}

/// `argsortAscending` of few keys when every key is a float32 value and the indices are below
/// 2^32, else nil: the `floatKeyWords` sorted as integers (the order of `argsortFloatKeys`),
/// in place of pairs under a comparison closure.
func sortedFloatKeys(_ keys: UnsafeBufferPointer<Double>, _ ids: [Int], compactKeys: Bool) -> [Int]? {
    let m = ids.count
    var exact = true
    var words = [UInt64](unsafeUninitializedCapacity: m) { w, count in
        exact = floatKeyWords(keys, ids, compactKeys: compactKeys, into: w.baseAddress!)
        count = m
    }
    if !exact { return nil }
    words.withUnsafeMutableBufferPointer { sortDistinctWords($0.baseAddress!, $0.count) }
    return words.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
}

/// Sorts `a[0..<count]` ascending: a quicksort (median of three; insertion sort below 16
/// entries) for the few hundred words of a small call's ranking, where the standard library's
/// merge sort took ~1.7 us for 180 words. The words are distinct, so any sort gives the same
/// order; past a depth of 2 log2(count) a range goes to the standard sort (no quadratic case).
func sortDistinctWords(_ a: UnsafeMutablePointer<UInt64>, _ count: Int) {
    if count < 2 { return }
    // (recursion on the smaller side, a loop on the larger: no stack array to allocate)
    sortDistinctWords(a, 0, count - 1, depth: 0, limit: 2 * (Int.bitWidth - count.leadingZeroBitCount))
}

/// `sortDistinctWords` of `a[lo...hi]`.
private func sortDistinctWords(_ a: UnsafeMutablePointer<UInt64>, _ lo: Int, _ hi: Int, depth: Int, limit: Int) {
    @inline(__always) func swapAt(_ i: Int, _ j: Int) { let t = a[i]; a[i] = a[j]; a[j] = t }
    var lo = lo, hi = hi, depth = depth
    while true {
        if hi - lo < 16 {
            if hi > lo {
                for i in (lo + 1)...hi {
                    let x = a[i]
                    var j = i - 1
                    while j >= lo && a[j] > x { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = x
                }
            }
            return
        }
        if depth > limit {
            var rest = UnsafeMutableBufferPointer(start: a + lo, count: hi - lo + 1)
            rest.sort()
            return
        }
        let mid = lo + (hi - lo) / 2
        if a[mid] < a[lo] { swapAt(mid, lo) }
        if a[hi] < a[lo] { swapAt(hi, lo) }
        if a[hi] < a[mid] { swapAt(hi, mid) }
        // branch-free (Lomuto) partition around the median, moved to `hi`: the comparisons are
        // data-dependent, and the two-sided partition's branches mispredicted on about half of
        // them (~0.5 us of a 1000-row call's ranking)
        swapAt(mid, hi)
        let pivot = a[hi]
        let store = partitionAroundLast(a, lo, hi) { $0 < pivot ? 1 : 0 }
        let j = store - 1, i = store + 1
        depth += 1
        if j - lo < hi - i {
            sortDistinctWords(a, lo, j, depth: depth, limit: limit)
            lo = i
        } else {
            sortDistinctWords(a, i, hi, depth: depth, limit: limit)
            hi = j
        }
    }
}

/// `argsortAscending` when every key is a float32 value (scores of float32 and float16 input)
/// and the indices are below 2^32, else nil: each key's order-preserving 32-bit image above its
/// index in one UInt64, sorted by an LSD radix sort on the image's two 16-bit digits (a digit
/// shared by every key is skipped). Half the passes and half the bytes moved of the 64-bit
/// sort, and the indices come out directly; stable, so equal keys keep ascending index.
func argsortFloatKeys(_ keys: UnsafeBufferPointer<Double>, _ ids: [Int], compactKeys: Bool) -> [Int]? {
    let m = ids.count
    let a = UnsafeMutablePointer<UInt64>.allocate(capacity: m)
    defer { a.deallocate() }
    if !floatKeyWords(keys, ids, compactKeys: compactKeys, into: a) { return nil }
    let b = UnsafeMutablePointer<UInt64>.allocate(capacity: m)
    defer { b.deallocate() }
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: 65537)
    defer { counts.deallocate() }
    var src = a, dst = b
    for shift: UInt64 in [32, 48] {
        counts.initialize(repeating: 0, count: 65537)
        for e in 0..<m { counts[Int((src[e] >> shift) & 0xFFFF) &+ 1] &+= 1 }
        var constant = false
        for c in 1...65536 where counts[c] == m { constant = true; break }
        if constant { continue }
        for c in 1...65536 { counts[c] &+= counts[c &- 1] }
        for e in 0..<m {
            let x = src[e]
            let d = Int((x >> shift) & 0xFFFF)
            dst[counts[d]] = x
            counts[d] &+= 1
        }
        swap(&src, &dst)
    }
    let s = src
    return [Int](unsafeUninitializedCapacity: m) { out, count in
        for e in 0..<m { out[e] = Int(truncatingIfNeeded: s[e] & 0xFFFF_FFFF) }
        count = m
    }
}

/// The order-preserving 32-bit image of a float32 value: ascending values give ascending
/// images, -0.0 maps with +0.0 (a NaN lands beyond the infinity of its sign).
@inline(__always)
func orderImage32(_ f: Float) -> UInt32 {
    let b = (f + 0).bitPattern   // + 0 turns -0.0 into +0.0
    return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
}

/// The float32 value whose `orderImage32` is `u`.
@inline(__always)
func floatOfOrderImage32(_ u: UInt32) -> Float {
    Float(bitPattern: u & 0x8000_0000 != 0 ? u & 0x7FFF_FFFF : ~u)
}

/// An order-preserving 64-bit image of a key: ascending keys give ascending images, -0.0 maps
/// with +0.0, and NaN after everything.
@inline(__always)
func orderImage(_ v: Double) -> UInt64 {
    if v.isNaN { return UInt64.max }
    let b = (v == 0 ? 0.0 : v).bitPattern   // -0.0 sorts with +0.0
    return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
}

/// `markLowestScores` for a few keys (n < 2^32) that are all float32 values (the scores of
/// float32 and float16 input): each key's order-preserving 32-bit image above its index in one
/// UInt64, and a quickselect puts the `top` smallest first (expected ~3n comparisons; the
/// bounded selection's repeated compactions cost 2-3x more at n = 1000). Returns false (and
/// marks nothing) if a key is NaN or not a float32 value.
func markLowestFloatKeys(_ scores: UnsafePointer<Double>, count n: Int, top: Int, _ mark: (Int) -> Void) -> Bool {
    let t = Swift.min(Swift.max(top, 0), n)
    if n >= 1 << 32 { return false }
    let a = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(n, 1))
    defer { a.deallocate() }
    var exact = true
    for i in 0..<n {
        let v = scores[i]
        let f = Float(v)
        exact = exact && Double(f) == v   // false for NaN
        a[i] = UInt64(orderImage32(f)) << 32 | UInt64(truncatingIfNeeded: i)
    }
    if !exact { return false }
    if t == 0 { return true }
    if t < n {
        // quickselect: a[0..<t] the t smallest (keys are distinct: the index is in them)
        var lo = 0, hi = n - 1
        let want = t - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            // median of three as the pivot
            var x = a[lo], y = a[mid], z = a[hi]
            if x > y { swap(&x, &y) }
            if y > z { swap(&y, &z) }
            if x > y { swap(&x, &y) }
            let pivot = y
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    let tmp = a[i]; a[i] = a[j]; a[j] = tmp
                    i += 1; j -= 1
                }
            }
            if want <= j { hi = j } else if want >= i { lo = i } else { break }
        }
    }
    for e in 0..<t { mark(Int(truncatingIfNeeded: a[e] & 0xFFFF_FFFF)) }
    return true
}

/// Calls `mark(i)` for the `top` lowest of `scores[0..<n]` (ties: lower index first), each once
/// (not in index order), with little extra memory beyond a 2^16-entry histogram; the same set
/// as `Cleanlab.lowestScores`. Returns false (and marks nothing) if a score is NaN.
///
/// A radix select on the scores' order-preserving 64-bit images (-0.0 taken as +0.0), 16 bits
/// at a time from the top, until the `top`-th smallest image is known exactly. The first pass
/// histograms the top 16 bits of every key (NaN images fill bucket 0xFFFF, which no number
/// reaches). When the bucket holding the `top`-th key is small (at most n / 16 keys), a second
/// pass marks every key of a lower bucket and gathers that bucket's keys, and the remaining
/// digits are found among those alone (measured 1e6 rows: 4 full passes -> 2); otherwise every
/// digit takes a pass over all keys. A last pass marks the keys below the `top`-th and, in
/// index order, as many equal to it as are still needed.
func markLowestScores(_ scores: UnsafePointer<Double>, count n: Int, top: Int, _ mark: (Int) -> Void) -> Bool {
    let t = Swift.min(Swift.max(top, 0), n)
    if t == 0 { return true }
    let hist = UnsafeMutablePointer<Int>.allocate(capacity: 1 << 16)
    defer { hist.deallocate() }
    hist.initialize(repeating: 0, count: 1 << 16)
    for i in 0..<n { hist[Int(truncatingIfNeeded: orderImage(scores[i]) >> 48)] &+= 1 }
    if hist[0xFFFF] > 0 { return false }
    if t == n { for i in 0..<n { mark(i) }; return true }
    var remaining = t           // rank of the wanted key among the keys sharing the prefix
    var digit = 0
    while remaining > hist[digit] { remaining -= hist[digit]; digit += 1 }
    var prefix = UInt64(digit) << 48
    /// The digits below the top 16 bits of the wanted key, from `count` keys `key(e)`.
    func refine(_ count: Int, _ key: (Int) -> UInt64) {
        var shift = 32
        while true {
            hist.update(repeating: 0, count: 1 << 16)
            let high = ~UInt64(0) << UInt64(shift + 16)
            for e in 0..<count {
                let k = key(e)
                if k & high == prefix { hist[Int(truncatingIfNeeded: (k >> UInt64(shift)) & 0xFFFF)] &+= 1 }
            }
            var d = 0
            while remaining > hist[d] { remaining -= hist[d]; d += 1 }
            prefix |= UInt64(d) << UInt64(shift)
            if shift == 0 { break }
            shift -= 16
        }
    }
    let bucket = hist[digit]
    if bucket <= n / 16 {
        let top16 = UInt64(digit)
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(bucket, 1))
        let rows = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(bucket, 1))
        defer { keys.deallocate(); rows.deallocate() }
        var c = 0
        for i in 0..<n {
            let key = orderImage(scores[i])
            let high = key >> 48
            if high < top16 {
                mark(i)
            } else if high == top16 {
                keys[c] = key; rows[c] = i; c &+= 1
            }
        }
        refine(c) { keys[$0] }
        // prefix is the t-th smallest image; `remaining` keys equal to it are needed
        for e in 0..<c {
            let key = keys[e]
            if key < prefix { mark(rows[e]) } else if key == prefix && remaining > 0 { remaining -= 1; mark(rows[e]) }
        }
        return true
    }
    refine(n) { orderImage(scores[$0]) }
    for i in 0..<n {
        let key = orderImage(scores[i])
        if key < prefix { mark(i) } else if key == prefix && remaining > 0 { remaining -= 1; mark(i) }
    }
    return true
}

/// An entry of a `BoundedSelection`: a key and a row index under the total order "larger key
/// first, then lower index" (-0.0 and +0.0 are equal keys).
protocol SelectionEntry {
    init(key: Double, index: Int)
    var key: Double { get }
    var index: Int { get }
    /// Whether a comes before b.
    static func better(_ a: Self, _ b: Self) -> Bool
    /// `better(a, b)` as 1 or 0, computed without branches (the partition's data-dependent test).
    static func betterBit(_ a: Self, _ b: Self) -> Int
}

/// Any Double key, any index: 16 bytes.
struct WideEntry: SelectionEntry {
    var key: Double
    var index: Int
    @inline(__always) init(key: Double, index: Int) { self.key = key; self.index = index }
    @inline(__always) static func better(_ a: WideEntry, _ b: WideEntry) -> Bool {
        a.key > b.key || (a.key == b.key && a.index < b.index)
    }
    @inline(__always) static func betterBit(_ a: WideEntry, _ b: WideEntry) -> Int {
        let gt: Int = a.key > b.key ? 1 : 0
        let eq: Int = a.key == b.key ? 1 : 0
        let lt: Int = a.index < b.index ? 1 : 0
        return gt | (eq & lt)
    }
}

/// A key that is a float32 value (not NaN) and an index below 2^32, packed in 8 bytes so that
/// the order is one unsigned comparison: the key's order-preserving 32-bit image (-0.0 taken as
/// +0.0) above the complement of the index. `key` gives back the value (+0.0 for -0.0).
struct PackedEntry: SelectionEntry {
    var bits: UInt64
    @inline(__always) init(key: Double, index: Int) {
        bits = UInt64(orderImage32(Float(key))) << 32 | UInt64(UInt32.max - UInt32(truncatingIfNeeded: index))
    }
    @inline(__always) var key: Double {
        Double(floatOfOrderImage32(UInt32(truncatingIfNeeded: bits >> 32)))
    }
    @inline(__always) var index: Int { Int(UInt32.max - UInt32(truncatingIfNeeded: bits)) }
    @inline(__always) static func better(_ a: PackedEntry, _ b: PackedEntry) -> Bool { a.bits > b.bits }
    @inline(__always) static func betterBit(_ a: PackedEntry, _ b: PackedEntry) -> Int { a.bits > b.bits ? 1 : 0 }
}

/// The selections of Double keys (any input).
typealias WideSelection = BoundedSelection<WideEntry>

/// What a finished selection is used for by the filters: its indices.
protocol IndexSelection: AnyObject {
    /// Calls `body(index)` for every selected element of every slot.
    func forEachIndex(_ body: (Int) -> Void)
    /// Sets `bit` in `flags[index]` for every selected element of every slot.
    func markIndices(_ flags: UnsafeMutablePointer<UInt8>, _ bit: UInt8)
}

extension BoundedSelection: IndexSelection {}

/// The `rank`-th smallest (1-based) of `a[0..<count]` (no NaN), with how many values are below
/// it and how many equal it (-0.0 equals 0.0); overwrites `a` and `scratch` (of `count`
/// elements). A quickselect partitioning out of place without branches on the values (they are
/// data-dependent): each value is written both after the values below the pivot and before
/// those above it, and one of the two positions advances; values equal to the pivot (keys of
/// few distinct values have many) are only counted. (An in-place branch-free partition waited
/// on its own stores: ~5 cycles per key.)
@inline(__always)
func rankedSmallest<V: Comparable>(_ a: UnsafeMutablePointer<V>, count: Int, rank: Int, scratch: UnsafeMutablePointer<V>)
    -> (value: V, below: Int, equal: Int)
{
    var src = a, dst = scratch, inA = true   // (src lies in a, dst is the other buffer)
    var n = count, target = rank &- 1, skipped = 0
    while n > 1 {
        let x = src[0], y = src[n >> 1], z = src[n &- 1]
        let pivot = Swift.max(Swift.min(x, y), Swift.min(Swift.max(x, y), z))   // the median
        var less = 0, more = 0
        for i in 0..<n {
            let v = src[i]
            dst[less] = v
            dst[n &- 1 &- more] = v
            // (Bool's byte: comparisons feeding `? 1 : 0` compiled to branches for UInt16)
            less &+= Int(unsafeBitCast(v < pivot, to: UInt8.self))
            more &+= Int(unsafeBitCast(v > pivot, to: UInt8.self))
        }
        if target < less {
            src = dst
            n = less
        } else if target >= n &- more {
            // (everything left behind is below the value sought, equal ones included)
            skipped &+= n &- more
            target &-= n &- more
            src = dst + (n &- more)
            n = more
        } else {
            return (pivot, skipped &+ less, n &- less &- more)
        }
        inA.toggle()
        dst = inA ? scratch : a
    }
    // (every value equal to the one sought is still in the range)
    return (src[0], skipped, 1)
}
