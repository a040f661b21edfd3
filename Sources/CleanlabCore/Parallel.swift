import Dispatch

/// How many worker threads a pass over `work` elements should use: at most `requested`, and
/// no more than one per 2^16 elements (smaller inputs are not worth a thread). Results never
/// depend on this number: partial states are merged exactly (integer counts, bounded
/// selections under a total order) and floating-point sums follow a fixed order.
@inlinable
func workerCount(requested: Int, work: Int) -> Int {
    let byWork = Swift.max(1, work >> 16)
    return Swift.max(1, Swift.min(requested, byWork, 256))
}

/// The `part`-th of `parts` contiguous ranges splitting `0..<n`.
@inlinable
func partRange(_ part: Int, of parts: Int, count n: Int) -> Range<Int> {
    let lo = n / parts * part + Swift.min(part, n % parts)
    let hi = lo + n / parts + (part < n % parts ? 1 : 0)
    return lo..<hi
}

/// Runs `body(part)` for each `part` in `0..<parts`, on up to `parts` threads.
@inlinable
func forEachPart(_ parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: parts) { box.value($0) }
    }
}

/// Wraps a value (a closure over raw buffers) that is safe to share because every worker writes
/// a disjoint part of it.
@usableFromInline
struct UncheckedSendable<V>: @unchecked Sendable {
    @usableFromInline let value: V
    @usableFromInline init(_ value: V) { self.value = value }
}

/// A per-part scratch array of plain values, shared by workers that write disjoint slices.
@usableFromInline
final class SharedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int
    @usableFromInline let initialized: Int
    @usableFromInline init(repeating value: Element, count: Int) {
        self.count = count
        initialized = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }
    /// Uninitialized storage for a trivial `Element` (no zero-filling pass): every element must
    /// be written before it is read.
    @usableFromInline init(uninitializedCount count: Int) {
        self.count = count
        initialized = 0
        pointer = .allocate(capacity: Swift.max(count, 1))
    }
    deinit {
        pointer.deinitialize(count: initialized)
        pointer.deallocate()
    }
}
