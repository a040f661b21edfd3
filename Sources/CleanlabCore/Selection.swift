/// Bounded selections: for each slot, the `capacity` best (key, index) pairs under a strict total
/// order — larger (or smaller) key first, and among equal keys the lower index first.
///
/// This is the mergeable partial state behind cleanlab's `argsort(...)[:c]` selections: each
/// worker offers the rows of its chunk; merging two states keeps the best of their union. Since
/// the order is total (indices are unique), the result does not depend on how rows were split.
struct BoundedSelection {
    let largestFirst: Bool
    let offsets: [Int]      // slot s occupies offsets[s] ..< offsets[s] + capacity[s]
    let capacities: [Int]
    var sizes: [Int]
    var keys: [Double]
    var indices: [Int]

    init(capacities: [Int], largestFirst: Bool) {
        self.largestFirst = largestFirst
        self.capacities = capacities
        var offs = [Int]()
        offs.reserveCapacity(capacities.count)
        var total = 0
        for c in capacities { offs.append(total); total += c }
        offsets = offs
        sizes = [Int](repeating: 0, count: capacities.count)
        keys = [Double](repeating: 0, count: total)
        indices = [Int](repeating: 0, count: total)
    }

    /// Whether (k1, i1) comes before (k2, i2).
    @inline(__always)
    func better(_ k1: Double, _ i1: Int, _ k2: Double, _ i2: Int) -> Bool {
        if k1 == k2 { return i1 < i2 }
        return largestFirst ? k1 > k2 : k1 < k2
    }

    /// Offers (key, index) to `slot`. The heap of each slot keeps its worst element at the root.
    @inline(__always)
    mutating func offer(_ slot: Int, key: Double, index: Int) {
        let cap = capacities[slot]
        if cap == 0 { return }
        let base = offsets[slot]
        let size = sizes[slot]
        if size < cap {
            // sift up: a parent must be worse than (or equal to) its children
            var pos = size
            while pos > 0 {
                let parent = (pos - 1) >> 1
                let pk = keys[base + parent], pi = indices[base + parent]
                if better(pk, pi, key, index) {
                    keys[base + pos] = pk; indices[base + pos] = pi
                    pos = parent
                } else { break }
            }
            keys[base + pos] = key; indices[base + pos] = index
            sizes[slot] = size + 1
        } else {
            // replace the root (the worst kept) if the new element is better
            guard better(key, index, keys[base], indices[base]) else { return }
            var pos = 0
            while true {
                let l = 2 * pos + 1
                if l >= size { break }
                var w = l
                let r = l + 1
                if r < size && better(keys[base + l], indices[base + l], keys[base + r], indices[base + r]) { w = r }
                // w is the worse child; move it up if it is worse than the new element
                if better(key, index, keys[base + w], indices[base + w]) {
                    keys[base + pos] = keys[base + w]; indices[base + pos] = indices[base + w]
                    pos = w
                } else { break }
            }
            keys[base + pos] = key; indices[base + pos] = index
        }
    }

    /// Adds every element kept by `other` (same slots and order).
    mutating func merge(_ other: BoundedSelection) {
        for s in 0..<capacities.count {
            let base = other.offsets[s]
            for e in 0..<other.sizes[s] {
                offer(s, key: other.keys[base + e], index: other.indices[base + e])
            }
        }
    }

    /// Calls `body(index)` for every kept element of every slot.
    func forEachIndex(_ body: (Int) -> Void) {
        for s in 0..<capacities.count {
            let base = offsets[s]
            for e in 0..<sizes[s] { body(indices[base + e]) }
        }
    }

    /// The kept indices of `slot`, best first.
    func sortedIndices(_ slot: Int) -> [Int] {
        let base = offsets[slot]
        var pairs = (0..<sizes[slot]).map { (keys[base + $0], indices[base + $0]) }
        pairs.sort { better($0.0, $0.1, $1.0, $1.1) }
        return pairs.map { $0.1 }
    }
}

/// Indices sorted by ascending key, ties by ascending index, NaN last (numpy's order for
/// `np.argsort`, with a deterministic tie rule).
func argsortAscending(_ keys: UnsafeBufferPointer<Double>, _ ids: [Int]) -> [Int] {
    var order = ids
    order.sort { a, b in
        let ka = keys[a], kb = keys[b]
        if ka.isNaN || kb.isNaN {
            if ka.isNaN && kb.isNaN { return a < b }
            return kb.isNaN
        }
        if ka == kb { return a < b }
        return ka < kb
    }
    return order
}
