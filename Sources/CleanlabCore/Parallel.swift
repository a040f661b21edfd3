#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Whether `forEachPart` may run part 0 on the caller's thread; the library clears it in a
/// process forked after it was loaded (`Engine.noteFork`), where the caller's thread must not
/// run alongside the workers.
///
/// The Swift runtime's locks (`swift_once`: lazy runtime state, generic metadata) are futex
/// locks that store the owner's thread id, which each thread caches; the thread that called
/// fork() keeps its parent's id in the child. When that thread took such a lock and a worker
/// waited on it, the kernel refused both the wait and the release, and both threads spun in
/// `futex_lock_pi` forever (~3 children in 100 hung on their first calls, 2e5 x 100). Threads
/// created in the child cache their own ids; with the caller only waiting in
/// `pthread_join` during a region, no lock it takes is ever contended.
nonisolated(unsafe) public var partZeroOnCaller = true

/// Runs `body(part)` for each `part` in `0..<parts`, on up to `parts` threads: parts 1... on
/// threads of their own (POSIX threads, joined before returning), part 0 on the caller's
/// (on a thread of its own too where `partZeroOnCaller` is false).
///
/// (Not `DispatchQueue.concurrentPerform`: its pool outlives the calls, into forked children.
/// A thread per part and region costs ~20-50 us, against regions of milliseconds: inputs below
/// 2^16 elements per part run on the caller's thread alone, see `workerCount`.)
func forEachPart(_ parts: Int, _ body: (Int) -> Void) {
    if parts <= 1 {
        body(0)
        return
    }
    let first = partZeroOnCaller ? 1 : 0
    withoutActuallyEscaping(body) { escapable in
        var threads = [pthread_t?](repeating: nil, count: parts)
        for p in first..<parts {
            let job = Unmanaged.passRetained(PartJob(escapable, p))
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { context in
                let job = Unmanaged<PartJob>.fromOpaque(context!).takeRetainedValue()
                job.body(job.part)
                return nil
            }, job.toOpaque()) == 0
            if started {
                threads[p] = thread
            } else {
                // (no thread to be had: the part runs on the caller's thread once every worker
                // has been joined, so that even then it never runs alongside them in a forked
                // child)
                job.release()
            }
        }
        if first == 1 { escapable(0) }
        for p in first..<parts { if let thread = threads[p] { pthread_join(thread, nil) } }
        for p in first..<parts where threads[p] == nil { escapable(p) }
    }
}

/// One part of a `forEachPart` region, handed to its thread.
final class PartJob {
    let body: (Int) -> Void
    let part: Int
    init(_ body: @escaping (Int) -> Void, _ part: Int) {
        self.body = body
        self.part = part
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
