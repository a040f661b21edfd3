#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-row flags produced by the fused confident-joint pass.
@usableFromInline enum RowFlag {
    /// Counted off the diagonal of the confident joint (cleanlab's off-diagonal indices).
    @usableFromInline static let offDiagonal: UInt8 = 1
    /// The given label is the argmax once 1e-6 is added to it (cleanlab's `_reduce_issues`):
    /// such a row is never reported as an issue.
    @usableFromInline static let givenIsArgmax: UInt8 = 2
    /// `argmax(pred_probs[i]) != labels[i]` (first maximum wins).
    @usableFromInline static let predictedNeqGiven: UInt8 = 4
}

/// Whether every value of `p[0..<count]` lies in [lo, hi] (NaN fails). Branch-free, so the
/// compiler vectorises it.
@inlinable
func allWithin<T: ProbabilityScalar>(_ p: UnsafePointer<T>, count: Int, lo: T, hi: T) -> Bool {
    if T.self == Float16.self {
        // compared as exact Float values (see `halfToFloat`): no conversion routine calls
        let h = UnsafeRawPointer(p).assumingMemoryBound(to: UInt16.self)
        let l = Float(lo), u = Float(hi)
        var bad: UInt8 = 0
        var i = 0
        while i < count {
            let v = halfToFloat(h[i])
            bad |= (v >= l) && (v <= u) ? 0 : 1
            i &+= 1
        }
        return bad == 0
    }
    if T.self == Float.self {
        return allWithin(UnsafeRawPointer(p).assumingMemoryBound(to: Float.self), count: count,
                         lo: unsafeBitCast(lo, to: Float.self), hi: unsafeBitCast(hi, to: Float.self))
    }
    var bad: UInt8 = 0
    var i = 0
    while i < count {
        let v = p[i]
        bad |= (v >= lo) && (v <= hi) ? 0 : 1
        i &+= 1
    }
    return bad == 0
}

/// `allWithin` for float32: 8-lane vectors keeping a running minimum and maximum (NaN and
/// infinities make a sum non-finite), about one instruction per value where the byte-mask loop
/// the compiler made of the generic version took two.
@usableFromInline @inline(__always)
func allWithin(_ p: UnsafePointer<Float>, count: Int, lo: Float, hi: Float) -> Bool {
    typealias V = SIMD8<Float>
    let r = UnsafeRawPointer(p)
    var vmin = V(repeating: .infinity), vmax = V(repeating: -.infinity), vsum = V(repeating: 0)
    // two sets of accumulators over 16 values a step: one set alone waited on the latency of its
    // own min / max / add chains (~1 us of a 1000 x 10 call, in cache)
    var wmin = vmin, wmax = vmax, wsum = vsum
    var i = 0
    while i &+ 16 <= count {
        let v = r.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
        let w = r.loadUnaligned(fromByteOffset: (i &+ 8) &* 4, as: V.self)
        vmin = vmin.replacing(with: v, where: v .< vmin)
        vmax = vmax.replacing(with: v, where: v .> vmax)
        vsum += v
        wmin = wmin.replacing(with: w, where: w .< wmin)
        wmax = wmax.replacing(with: w, where: w .> wmax)
        wsum += w
        i &+= 16
    }
    vmin = vmin.replacing(with: wmin, where: wmin .< vmin)
    vmax = vmax.replacing(with: wmax, where: wmax .> vmax)
    vsum += wsum
    while i &+ 8 <= count {
        let v = r.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
        vmin = vmin.replacing(with: v, where: v .< vmin)
        vmax = vmax.replacing(with: v, where: v .> vmax)
        vsum += v
        i &+= 8
    }
    var bad: UInt8 = 0
    while i < count {
        let v = p[i]
        bad |= (v >= lo) && (v <= hi) ? 0 : 1
        i &+= 1
    }
    if count >= 8 {
        bad |= horizontalMin(vmin) >= lo && horizontalMax(vmax) <= hi && horizontalSum(vsum).isFinite ? 0 : 1
    }
    return bad == 0
}

/// The exact Float value of the IEEE binary16 number with bit pattern `h`, by bit operations
/// (no conversion routine call): the magnitude bits shifted into a Float's exponent and
/// fraction fields and scaled by 2^112 (exact, subnormals included); infinities and NaNs
/// (exponent field 31) keep an all-ones exponent.
@usableFromInline @inline(__always)
func halfToFloat(_ h: UInt16) -> Float {
    let t = UInt32(h & 0x7FFF) << 13
    let scaled = Float(bitPattern: t) * 0x1p112
    let magnitude = t >= 0x0F80_0000 ? Float(bitPattern: t | 0x7F80_0000) : scaled
    return Float(bitPattern: magnitude.bitPattern | (UInt32(h & 0x8000) << 16))
}

/// `Float(Float16(x))` by bit operations (no conversion routine call): `x` rounded to the
/// nearest binary16 value, ties to even, overflowing to infinity; `x` must not be NaN.
/// Magnitudes below 2^-14 (binary16's subnormal range) are rounded to a multiple of 2^-24 by
/// adding and subtracting 0.5 (whose Float ulp is 2^-24); larger ones drop 13 fraction bits
/// with round-to-nearest-even on the bit pattern (a carry moves into the exponent as it should).
/// With `x = Float(a) - Float(b)` for binary16 `a`, `b`, the result is binary16's `a - b`:
/// Float has 24 >= 2 * 11 + 2 significand bits, so the double rounding is innocuous.
@usableFromInline @inline(__always)
func roundToHalf(_ x: Float) -> Float {
    let bits = x.bitPattern
    let sign = bits & 0x8000_0000
    let mag = bits & 0x7FFF_FFFF
    let tiny = (Float(bitPattern: mag) + 0.5) - 0.5
    var r = (mag &+ 0x0FFF &+ ((mag >> 13) & 1)) & 0xFFFF_E000
    r = r >= 0x4780_0000 ? 0x7F80_0000 : r
    r = mag < 0x3880_0000 ? tiny.bitPattern : r
    return Float(bitPattern: r | sign)
}

/// Where the parts of a joint pass count their (given, guess) pairs: one K x K matrix per part,
/// or, when those would take more memory than 4 bytes per row (large K, few rows: 16 MB of
/// zero-filled, freshly faulted memory per call at K = 1000 with two parts), one Int32 guess per
/// row (-1: the row is not counted), counted in row order after the pass.
struct JointCounts {
    let k: Int, n: Int, parts: Int
    let matrices: SharedBuffer<Int>
    let guesses: SharedBuffer<Int32>?

    /// Copies of each part's matrix (`copies`): rows counted into different copies do not
    /// wait on each other's increments of the same cell (the eight-row narrow scan).
    let copies: Int

    init(n: Int, k: Int, parts: Int, copies: Int = 1) {
        self.n = n; self.k = k; self.parts = parts
        let perRow = parts &* copies &* k &* k &* 8 > n &* 4
        self.copies = perRow ? 1 : copies
        matrices = SharedBuffer<Int>(repeating: 0, count: perRow ? 1 : parts * self.copies * k * k)
        guesses = perRow ? SharedBuffer<Int32>(uninitializedCount: Swift.max(n, 1)) : nil
    }

    /// Part p's matrix, copy c (a dummy when counting per row).
    func matrix(_ p: Int, copy c: Int = 0) -> UnsafeMutablePointer<Int> {
        guesses == nil ? matrices.pointer + (p * copies + Swift.min(c, copies - 1)) * k * k : matrices.pointer
    }

    /// The joint: the parts' matrices added, or the guesses counted.
    func total(_ labels: LabelView) -> [Int] {
        var joint = [Int](repeating: 0, count: k * k)
        joint.withUnsafeMutableBufferPointer { jb in
            let j = jb.baseAddress!
            if let g = guesses?.pointer {
                for i in 0..<n where g[i] >= 0 { j[labels[i] &* k &+ Int(g[i])] &+= 1 }
            } else {
                for p in 0..<(parts * copies) {
                    let m = matrices.pointer + p * k * k
                    for e in 0..<(k * k) { j[e] &+= m[e] }
                }
            }
        }
        return joint
    }
}

/// The class statistics a labels pass produces: per-class counts overall and per worker part.
struct LabelStats {
    let counts: [Int]
    let partCounts: [Int]   // parts × K
    let parts: Int
    /// Where each class starts when rows are grouped by class in row order (K + 1 entries).
    let classStart: [Int]
    /// Where each part's rows of each class start in that grouping (parts × K): the cursors of a
    /// pass that writes or reads the grouping part by part (`Dataset.gatheredThresholds`).
    let partCursors: [Int]
    // (both computed once here: as computed properties they cost two array allocations per
    // use, ~8 of a small call)
    init(counts: [Int], partCounts: [Int], parts: Int) {
        self.counts = counts
        self.partCounts = partCounts
        self.parts = parts
        let k = counts.count
        let start = LabelStats.runStarts(counts)
        classStart = start
        var cursors = [Int](repeating: 0, count: parts * k)
        for c in 0..<k {
            var pos = start[c]
            for p in 0..<parts {
                cursors[p * k + c] = pos
                pos += partCounts[p * k + c]
            }
        }
        partCursors = cursors
    }
    /// The starts of consecutive runs of `counts[c]` elements (a prefix sum, `counts.count + 1`
    /// entries).
    static func runStarts(_ counts: [Int]) -> [Int] {
        var start = [Int](repeating: 0, count: counts.count + 1)
        for c in counts.indices { start[c + 1] = start[c] + counts[c] }
        return start
    }
    var distinct: Int { counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } }
    var anyMissing: Bool { counts.contains(0) }
}

/// Confident thresholds and the precision cleanlab computes them in.
struct Thresholds {
    var values: [Double]
    /// The dtype of cleanlab's threshold array: the input's, or float64 with a missing class.
    var precision: Precision
}

/// The algorithms on one typed input. Every pass reads rows in order, splits them into
/// contiguous parts (one per worker), and merges the parts' partial states exactly.
struct Dataset<T: ProbabilityScalar> {
    let m: ProbabilityMatrix<T>
    let labels: LabelView
    let threads: Int

    var n: Int { m.rows }
    var k: Int { m.columns }
    var parts: Int { workerCount(requested: threads, work: n &* Swift.max(k, 1)) }

    static var precision: Precision {
        if T.self == Float16.self { return .float16 }
        if T.self == Float.self { return .float32 }
        return .float64
    }

    // MARK: Validation passes

    /// Checks every label is in [0, K) and counts the classes (overall and per part).
    func labelPass() throws(CleanlabError) -> LabelStats {
        let parts = self.parts
        let k = self.k, n = self.n
        let partCounts = SharedBuffer<Int>(repeating: 0, count: parts * k)
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        let labels = self.labels
        forEachPart(parts) { p in
            let counts = partCounts.pointer + p * k
            let rows = partRange(p, of: parts, count: n)
            // four histograms, one per row modulo 4: consecutive labels are often equal, and
            // each increment of one cell waited for the previous one (this pass fell from ~12 %
            // to ~4 % of compute_confident_joint at 1e6 x 10). One loop per label width (no
            // per-row width test); one unsigned compare checks 0 <= y < k, four rows per (never
            // taken) branch.
            let copies = UnsafeMutablePointer<Int>.allocate(capacity: 4 &* k)
            copies.initialize(repeating: 0, count: 4 &* k)
            defer {
                for c in 0..<k { counts[c] = copies[c] &+ copies[k &+ c] &+ copies[2 &* k &+ c] &+ copies[3 &* k &+ c] }
                copies.deallocate()
            }
            let c0 = copies, c1 = copies + k, c2 = copies + 2 &* k, c3 = copies + 3 &* k
            let uk = UInt(k)
            @inline(__always) func count<L: FixedWidthInteger>(_ lp: UnsafePointer<L>) {
                var i = rows.lowerBound
                while i &+ 4 <= rows.upperBound {
                    let y0 = Int(truncatingIfNeeded: lp[i]), y1 = Int(truncatingIfNeeded: lp[i &+ 1])
                    let y2 = Int(truncatingIfNeeded: lp[i &+ 2]), y3 = Int(truncatingIfNeeded: lp[i &+ 3])
                    if (UInt(bitPattern: y0) >= uk) || (UInt(bitPattern: y1) >= uk)
                        || (UInt(bitPattern: y2) >= uk) || (UInt(bitPattern: y3) >= uk) { break }
                    c0[y0] &+= 1; c1[y1] &+= 1; c2[y2] &+= 1; c3[y3] &+= 1
                    i &+= 4
                }
                while i < rows.upperBound {
                    let y = Int(truncatingIfNeeded: lp[i])
                    if UInt(bitPattern: y) >= uk { firstBad.pointer[p] = i; return }
                    c0[y] &+= 1
                    i &+= 1
                }
            }
            if labels.is64 {
                count(labels.raw.assumingMemoryBound(to: Int64.self))
            } else {
                count(labels.raw.assumingMemoryBound(to: Int32.self))
            }
        }
        for p in 0..<parts where firstBad.pointer[p] != Int.max {
            let i = firstBad.pointer[p]
            let y = labels[i]
            if y < 0 {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y): labels must be non-negative integers (class indices)")
            }
            throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index: pred_probs has \(k) columns, so labels must lie in [0, \(k - 1)]")
        }
        var counts = [Int](repeating: 0, count: k)
        var pc = [Int](repeating: 0, count: parts * k)
        for p in 0..<parts {
            for c in 0..<k {
                counts[c] += partCounts.pointer[p * k + c]
                pc[p * k + c] = partCounts.pointer[p * k + c]
            }
        }
        return LabelStats(counts: counts, partCounts: pc, parts: parts)
    }

    /// Checks every probability is finite and within [lo, hi] (rounded to T).
    /// `unitInterval` uses cleanlab's strict [0, 1] of `get_normalized_entropy`, otherwise
    /// `assert_valid_inputs`' [-1e-6, 1 + 1e-6].
    func probabilityPass(unitInterval: Bool = false) throws(CleanlabError) {
        let parts = self.parts, n = self.n
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        forEachPart(parts) { p in
            if let bad = scanValidBlocks(partRange(p, of: parts, count: n), unitInterval: unitInterval, { _ in }) {
                firstBad.pointer[p] = bad
            }
        }
        try throwFirstInvalid(firstBad, parts: parts, unitInterval: unitInterval)
    }

    /// Validates `rows` block by block (in row order) and calls `body` with each valid block, so
    /// a pass can use rows while they are in cache. Returns the first invalid row, if any (the
    /// blocks after it are not visited).
    @inline(__always)
    func scanValidBlocks(_ rows: Range<Int>, unitInterval: Bool, _ body: (Range<Int>) -> Void) -> Int? {
        let lo: T = unitInterval ? 0 : T(-1e-6)
        let hi: T = unitInterval ? 1 : T(1.000001)
        let k = self.k, m = self.m
        let block = Swift.max(1, 4096 / k)
        var i = rows.lowerBound
        while i < rows.upperBound {
            let e = Swift.min(i + block, rows.upperBound)
            // contiguous rows form one flat range; a failing block is rescanned row by row
            let blockOK = m.rowStride == k
                ? allWithin(m.row(i), count: (e - i) * k, lo: lo, hi: hi)
                : (i..<e).allSatisfy { allWithin(m.row($0), count: k, lo: lo, hi: hi) }
            if !blockOK {
                for r in i..<e where !allWithin(m.row(r), count: k, lo: lo, hi: hi) {
                    if r > i { body(i..<r) }
                    return r
                }
            }
            body(i..<e)
            i = e
        }
        return nil
    }

    /// `body(rows)`, or with `validate` `scanValidBlocks(rows, unitInterval: false, body)`
    /// recording part `part`'s first invalid row in `firstBad` (for `throwFirstInvalid`).
    @inline(__always)
    func scanRows(_ rows: Range<Int>, validate: Bool, part: Int, firstBad: SharedBuffer<Int>, _ body: (Range<Int>) -> Void) {
        if !validate { return body(rows) }
        if let bad = scanValidBlocks(rows, unitInterval: false, body) { firstBad.pointer[part] = bad }
    }

    /// Throws the error describing the first invalid row recorded by the parts, if any.
    func throwFirstInvalid(_ firstBad: SharedBuffer<Int>, parts: Int, unitInterval: Bool) throws(CleanlabError) {
        let lo: T = unitInterval ? 0 : T(-1e-6)
        let hi: T = unitInterval ? 1 : T(1.000001)
        for p in 0..<parts where firstBad.pointer[p] != Int.max {
            let i = firstBad.pointer[p]
            let row = m.row(i)
            for j in 0..<k {
                let v = row[j]
                if v.isNaN {
                    throw CleanlabError(.notFinite, "pred_probs[\(i), \(j)] is NaN: predicted probabilities must be finite")
                }
                if v.isInfinite {
                    throw CleanlabError(.notFinite, "pred_probs[\(i), \(j)] is \(v > 0 ? "inf" : "-inf"): predicted probabilities must be finite")
                }
                if !(v >= lo && v <= hi) {
                    if unitInterval {
                        throw CleanlabError(.probabilityRange, "pred_probs[\(i), \(j)] = \(Double(v)): all probabilities are required to be in the interval [0, 1] for confidence_weighted_entropy")
                    }
                    throw CleanlabError(.probabilityRange, "pred_probs[\(i), \(j)] = \(Double(v)): values in pred_probs must be between 0 and 1 (tolerance 1e-6)")
                }
            }
        }
    }

    // MARK: Thresholds

    /// `count.get_confident_thresholds`: per-class means of `p[i, y_i]` over rows with `y_i == k`
    /// in numpy's summation order, 2 for missing classes, clipped below at 2e-6.
    ///
    /// The values `p[i, y_i]` are gathered by class (rows in order) into a buffer of n elements,
    /// each part writing its own slice, so every class mean sees exactly numpy's sequence.
    ///
    /// Without validation the gather is safe on any values (invalid ones give meaningless
    /// thresholds): callers either validated `pred_probs` already or validate it in the pass
    /// that uses the thresholds (`jointPass(validate: true)`), before any output is used.
    func thresholds(_ stats: LabelStats) -> Thresholds {
        try! thresholds(stats, validate: false)
    }

    /// `thresholds(_:)` fused with the probability validation of `probabilityPass()`: one read.
    func thresholds(_ stats: LabelStats, validate: Bool) throws(CleanlabError) -> Thresholds {
        try gatheredThresholds(stats, validate: validate).thresholds
    }

    /// `thresholds(_:validate:)` that also returns the gather: every row's `p[i, y_i]`, grouped
    /// by class in row order (class c from `sum(counts[..<c])`), the keys of prune_by_class.
    func gatheredThresholds(_ stats: LabelStats, validate: Bool) throws(CleanlabError)
        -> (thresholds: Thresholds, gathered: SharedBuffer<T>)
    {
        let k = self.k, n = self.n, parts = stats.parts, m = self.m, labels = self.labels
        let classStart = stats.classStart
        let cursors = SharedBuffer<Int>(repeating: 0, count: parts * k)
        cursors.pointer.update(from: stats.partCursors, count: parts * k)
        // every element is written by the gather before the means read it (on an invalid row
        // the pass throws instead), so the buffer needs no zero-filling pass
        let gathered = SharedBuffer<T>(uninitializedCount: n)
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        forEachPart(parts) { p in
            let cur = cursors.pointer + p * k
            let out = gathered.pointer
            let gather = { (rows: Range<Int>) in
                for i in rows {
                    let y = labels[i]
                    out[cur[y]] = m.row(i)[y]
                    cur[y] += 1
                }
            }
            scanRows(partRange(p, of: parts, count: n), validate: validate, part: p, firstBad: firstBad, gather)
        }
        if validate { try throwFirstInvalid(firstBad, parts: parts, unitInterval: false) }
        let missing = stats.anyMissing
        var values = [Double](repeating: 2, count: k)
        for c in 0..<k where stats.counts[c] > 0 {
            let mean = T.numpyMean(UnsafeBufferPointer(start: gathered.pointer + classStart[c], count: stats.counts[c]))
            // np.clip(..., a_min=2e-6): in T when every class is present, else in float64.
            values[c] = missing ? Swift.max(Double(mean), 2e-6) : Double(Swift.max(mean, T(2e-6)))
        }
        return (Thresholds(values: values, precision: missing ? .float64 : Dataset.precision), gathered)
    }

    /// Whether `jointPass` can write the scores of `method` (see its `scores`).
    func jointPassScores(_ method: RankBy) -> Bool {
        T.self != Float16.self && (method == .selfConfidence || method == .normalizedMargin)
    }

    /// The thresholds for a following `jointPass`, and whether that pass must validate
    /// `pred_probs` (`jointPass(validate:)`). float32 / float64 rows are validated inside the
    /// joint pass's scan at no extra read (wide rows: the vector row scan; narrow rows: eight
    /// float32 or four float64 rows at a time, `narrowJoint8` / `narrowJoint4`), so the gather
    /// only reads `p[i, y_i]`; float16 is validated by the gather, which then reads every row
    /// anyway (measured 1e6 x 100 float32 compute_confident_joint 37.7 -> 27.0 ms without the
    /// check in the gather; a separate block check in the joint pass gave back all of it).
    func thresholdsForJoint(_ stats: LabelStats) throws(CleanlabError) -> (thresholds: Thresholds, validateInJoint: Bool) {
        let (t, _, validateInJoint) = try gatheredThresholdsForJoint(stats)
        return (t, validateInJoint)
    }

    /// `thresholdsForJoint` that also returns the gather (`gatheredThresholds`).
    func gatheredThresholdsForJoint(_ stats: LabelStats) throws(CleanlabError)
        -> (thresholds: Thresholds, gathered: SharedBuffer<T>, validateInJoint: Bool)
    {
        let inJoint = T.self != Float16.self
        let (t, g) = try gatheredThresholds(stats, validate: !inJoint)
        return (t, g, inJoint)
    }

    /// The per-class cutoffs of `pred_probs >= thresholds - 1e-6`, evaluated in the thresholds'
    /// precision and expressed as the smallest T with the same outcome.
    func cutoffs(_ t: Thresholds) -> [T] {
        t.values.map { value -> T in
            let c: Double
            switch t.precision {
            case .float64: c = value - 1e-6
            case .float32: c = Double(Float(value) - Float(1e-6))
            case .float16: c = Double(Float16(value) - Float16(1e-6))
            }
            if c.isNaN { return T.infinity }
            var r = T(c)
            if Double(r) < c { r = r.nextUp }
            return r
        }
    }

    // MARK: The fused confident-joint pass

    /// One read of `pred_probs`: the raw confident joint (before the diagonal clip) and per-row
    /// flags (`RowFlag`). Rows confident in no class are not counted.
    /// With `maxOther`, also writes each row's margin bound `max_{j != y_i} p[i, j] - p[i, y_i]`,
    /// subtracted in T (n values; every margin `p[i, j] - p[i, y_i]` in T is at most it, the
    /// rounding being monotonic), which lets the pruning pass skip rows whose every margin is
    /// below the selections' cutoffs without reading them. (float16 goes to `jointPassHalf`,
    /// whose `maxOther` holds the maximum itself.)
    ///
    /// With `validate`, the pass also does `probabilityPass()`'s check, block by block just
    /// before the block's rows are used (so they are read from cache), and throws its error;
    /// a caller that computed the thresholds from unvalidated values relies on this.
    ///
    /// With `scores`, also writes each row's label quality score (as `scores(method:)` computes
    /// it) to `scores.out`: `.selfConfidence` or `.normalizedMargin`, for float32 / float64 rows
    /// (`jointPassScores(_:)` says which).
    func jointPass(cutoffs: [T], flags: UnsafeMutablePointer<UInt8>, maxOther: UnsafeMutablePointer<T>? = nil,
                   scores: (out: UnsafeMutablePointer<Double>, method: RankBy)? = nil,
                   hints: PruneHints<T>? = nil,
                   validate: Bool = false) throws(CleanlabError) -> [Int] {
        precondition(scores == nil || jointPassScores(scores!.method), "jointPass cannot write these scores")
        precondition(hints == nil || (T.self != Float16.self && k >= rowScanMinColumns && PruneHints<T>.supports(k: k)),
                     "jointPass writes prune hints only for wide float32 / float64 rows")
        if T.self == Float16.self {
            return try jointPassHalf(cutoffs: cutoffs.map { Float($0) }, flags: flags,
                                     maxOther: maxOther.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt16.self) },
                                     validate: validate)
        }
        let k = self.k, n = self.n, parts = self.parts, m = self.m, labels = self.labels
        let narrowAcross = (T.self == Float.self || T.self == Double.self) && k < rowScanMinColumns && maxOther == nil
        let counts = JointCounts(n: n, k: k, parts: parts, copies: narrowAcross ? 4 : 1)
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        let eps = T(1e-6)
        // `scanValidBlocks`' bounds, for the narrow float32 scan's own check
        let lo = Float(-1e-6), hi = Float(1.000001)
        // (the same bounds in T: float64 rows are checked against float64's -1e-6 and 1.000001)
        let loT = T(-1e-6), hiT = T(1.000001)
        let maxOtherOut = UncheckedSendable(maxOther)
        let scoresOut = UncheckedSendable(scores?.out)
        let hintsOut = UncheckedSendable(hints)
        let marginScores = scores?.method == .normalizedMargin
        cutoffs.withUnsafeBufferPointer { cutBuf in
            let cut = UncheckedSendable(cutBuf.baseAddress!)
            let flagsOut = UncheckedSendable(flags)
            forEachPart(parts) { p in
                let cj = counts.matrix(p)
                let perRow = counts.guesses?.pointer
                let cutoff = cut.value
                // row i's low_* score (if wanted) from p[y] and max_{j != y} p[j], with `scores`'
                // arithmetic, in T
                @inline(__always) func writeScore(_ i: Int, _ py: T, _ other: T) {
                    guard let so = scoresOut.value else { return }
                    let v: T = marginScores ? (py - other + 1) / 2 : py
                    so[i] = Double(v)
                }
                // float32 / float64 rows of 32 or more: the vector row scan (RowScan.swift);
                // the first argmax is found by a second look only where it is needed. With
                // `checkValues` the scan also validates each row (two more vector operations per
                // 8 values, no extra read) and stops at the first invalid one, which it returns.
                @inline(__always) func scanWide<Mode: RowScanMode>(_ rows: Range<Int>, _ mode: Mode.Type) -> Int? {
                    let mo = maxOtherOut.value
                    for i in rows {
                        let row = m.row(i)
                        let y = labels[i]
                        let s = rowScan(row, cutoff, k, y, mode)
                        if Mode.checkValues && !s.valid { return i }
                        let py = row[y]
                        let o = s.other
                        let adj = py + eps
                        // y is the first argmax iff p[y] beats every earlier value and ties
                        // every later one at most: where p[y] (or p[y] + 1e-6, for the given-is-
                        // argmax test) equals the largest other value, it matters whether an
                        // equal value comes before y (a second look, for exact ties only)
                        var otherFirst = 0
                        if py == o || adj == o { otherFirst = firstIndex(of: o, in: row, 0, y) < y ? 1 : 0 }
                        // Without branches on the row's case (as in `finish` below): which case a
                        // row falls in is random (27 % have no confident class at 1e6 x 100)
                        let yIsArgmax = bit(py > o) | (bit(py == o) & (otherFirst ^ 1))
                        let given = bit(adj > o) | (bit(adj == o) & (otherFirst ^ 1))
                        let counted = bit(s.nConf > 0)
                        // the only confident class, or (several: rare) the first maximum, which
                        // is not y where y is not the argmax (o is the maximum and comes first)
                        var guess = Swift.max(s.confident, 0)
                        if s.nConf > 1 { guess = yIsArgmax != 0 ? y : firstIndex(of: o, in: row, 0, k) }
                        if let perRow {
                            perRow[i] = counted != 0 ? Int32(truncatingIfNeeded: guess) : -1
                        } else {
                            cj[y &* k &+ guess] &+= counted
                        }
                        let off = counted & bit(guess != y)
                        let f = UInt8(truncatingIfNeeded: off &* Int(RowFlag.offDiagonal) | (yIsArgmax ^ 1) &* Int(RowFlag.predictedNeqGiven)
                            | given &* Int(RowFlag.givenIsArgmax))
                        if let mo { mo[i] = o - py }
                        writeScore(i, py, o)
                        if let h = hintsOut.value {
                            let a = o
                            let m1: T = a - py
                            h.setMargin1(i, m1)
                            var pair = h.unknown
                            var m2 = m1
                            if m1 >= PruneHints<T>.locateFrom {
                                // j1, j2 and the second largest other value b by a second look
                                // at the row (in cache). (b came from the scan before, which
                                // then tracked each lane's second maximum in one accumulator
                                // for every row: 1e6 x 100 float32 prune_by_noise_rate, 1
                                // thread 90.4 -> 84.4 ms, 2 threads ~48.6 -> ~45 ms.)
                                let (j1, j2, b) = hintLook(row, k, y, a)
                                m2 = b - py
                                if j1 < k && j2 < k { pair = h.encode(j1, j2) }
                            }
                            // (unused where the pair is unknown: such rows are read if not
                            // skipped; m1 bounds m2 there)
                            h.bound2[i] = PruneHints<T>.upperImage(m2)
                            h.setPair(i, pair)
                        }
                        flagsOut.value[i] = f
                    }
                    return nil
                }
                // the per-row bookkeeping of the narrow scans
                // (`other` is max_{j != y} p[j] when the normalized-margin scores are wanted)
                @inline(__always) func finish(_ i: Int, _ row: UnsafePointer<T>, _ y: Int, _ nc: Int, _ lc: Int, _ amax: Int, _ vmax: T,
                                              _ other: T = 0, into target: UnsafeMutablePointer<Int>? = nil) {
                    let cj = target ?? cj
                    // Without data-dependent branches (selects and bit arithmetic): which
                    // case a row falls in is random, and a mispredicted branch per row cost
                    // more than the scan of a 10-class row.
                    let counted = nc > 0 ? 1 : 0
                    let guess = nc > 1 ? amax : lc   // lc is 0 when nothing is confident
                    if let perRow {
                        perRow[i] = counted != 0 ? Int32(truncatingIfNeeded: guess) : -1
                    } else {
                        cj[y &* k &+ guess] &+= counted
                    }
                    let off = counted & (guess != y ? 1 : 0)
                    let neq = amax != y ? 1 : 0
                    // argmax(p + 1e-6 * onehot(y)) == y, first maximum winning
                    let py = row[y]
                    let adj = py + eps
                    let beats = (amax < y ? vmax < adj : vmax <= adj) ? 1 : 0
                    let given = (neq ^ 1) | beats
                    let f = off &* Int(RowFlag.offDiagonal) | neq &* Int(RowFlag.predictedNeqGiven)
                        | given &* Int(RowFlag.givenIsArgmax)
                    writeScore(i, py, other)
                    flagsOut.value[i] = UInt8(truncatingIfNeeded: f)
                }
                // one row of K < 32, with max_{j != y} p[j] written to `mo` if given
                @inline(__always) func scanOne(_ i: Int, _ mo: UnsafeMutablePointer<T>?, wantOther: Bool) {
                    let row = m.row(i)
                    let y = labels[i]
                    var nConf = 0, lastConf = 0, am = 0
                    var vm = row[0]
                    var other = -T.infinity
                    for j in 0..<k {
                        let v = row[j]
                        let c = v >= cutoff[j]
                        nConf &+= c ? 1 : 0
                        lastConf = c ? j : lastConf
                        let g = v > vm
                        vm = g ? v : vm
                        am = g ? j : am
                        if wantOther {
                            let o = j == y ? -T.infinity : v
                            other = o > other ? o : other
                        }
                    }
                    mo?[i] = other - row[y]
                    finish(i, row, y, nConf, lastConf, am, vm, other)
                }
                // With `check` (float32 rows eight at a time, `narrowAcross`), the scan validates
                // each row as it goes and returns the first invalid one (the rows after it are
                // not used); the other narrow scans are validated by `scanRows`' block check.
                func scanNarrow(_ rows: Range<Int>, check: Bool = false) -> Int? {
                    if marginScores && !narrowAcross {
                        // the normalized-margin scores need max_{j != y} p[j]: one row at a time
                        // (float64; float32 rows take the blocks of eight below, which find it)
                        for i in rows { scanOne(i, maxOtherOut.value, wantOther: true) }
                        return nil
                    }
                    guard let mo = maxOtherOut.value else {
                        // rows of K < 32 (longer ones take the vector scan above), two at a time:
                        // each row's compare-and-select chain (first maximum, strict `>`) is
                        // serial, and two independent ones overlap. (Two interleaved chains
                        // within one row, even and odd j, measured 1.4x slower at K = 10.)
                        var i = rows.lowerBound
                        if T.self == Float.self && narrowAcross {
                            // float32: eight rows at a time, one row per lane (narrowJoint8)
                            let fb = UnsafeRawPointer(m.base).assumingMemoryBound(to: Float.self)
                            let fc = UnsafeRawPointer(cutoff).assumingMemoryBound(to: Float.self)
                            // four copies of the counts: consecutive rows usually add to the
                            // same cell (the diagonal), and each increment waited for the last
                            let copy0 = counts.matrix(p, copy: 0), copyStride = counts.copies > 1 ? k &* k : 0
                            let stride = m.rowStride
                            // the blocks of eight rows, with max_{j != y} p[j] where the
                            // normalized-margin scores are wanted; the first invalid row if any
                            func blocks<Other: NarrowOther>(_ want: Other.Type) -> Int? {
                                while i &+ 8 <= rows.upperBound {
                                    let at = fb + i &* stride
                                    let y = labels.lanes8(i)
                                    let f = narrowJoint8(at, stride, k, fc, y: y, eps: Float(eps), lo: lo, hi: hi, want)
                                    if check && !f.valid {
                                        for r in i..<(i &+ 8) where !allWithin(m.row(r), count: k, lo: loT, hi: hiT) { return r }
                                    }
                                    let cell = y &* Int32(truncatingIfNeeded: k) &+ f.guess
                                    if let perRow {
                                        for r in 0..<8 { perRow[i &+ r] = f.counted[r] != 0 ? f.guess[r] : -1 }
                                    } else {
                                        for r in 0..<8 { copy0[(r & 3) &* copyStride &+ Int(cell[r])] &+= Int(f.counted[r]) }
                                    }
                                    if let so = scoresOut.value {
                                        // (`writeScore`'s arithmetic, in float32)
                                        let v = Other.wanted ? (f.py - f.other + 1) / 2 : f.py
                                        for r in 0..<8 { so[i &+ r] = Double(v[r]) }
                                    }
                                    let out = flagsOut.value + i
                                    for r in 0..<8 { out[r] = UInt8(truncatingIfNeeded: f.flags[r]) }
                                    i &+= 8
                                }
                                return nil
                            }
                            let bad = marginScores ? blocks(NarrowWithOther.self) : blocks(NarrowWithoutOther.self)
                            if let bad { return bad }
                        } else if T.self == Double.self && narrowAcross {
                            // float64: four rows at a time (narrowJoint4), as the float32 blocks
                            // (a copy: one generic bookkeeping helper for both measured 2-3 %
                            // slower on float32 calls in cache, 1000 x 10 'both' and 1e4 x 10 cj)
                            let db = UnsafeRawPointer(m.base).assumingMemoryBound(to: Double.self)
                            let dc = UnsafeRawPointer(cutoff).assumingMemoryBound(to: Double.self)
                            let copy0 = counts.matrix(p, copy: 0), copyStride = counts.copies > 1 ? k &* k : 0
                            let stride = m.rowStride
                            func blocks<Other: NarrowOther>(_ want: Other.Type) -> Int? {
                                while i &+ 4 <= rows.upperBound {
                                    let at = db + i &* stride
                                    let y = labels.lanes4(i)
                                    let f = narrowJoint4(at, stride, k, dc, y: y, eps: Double(eps), lo: Double(loT), hi: Double(hiT), want)
                                    if check && !f.valid {
                                        for r in i..<(i &+ 4) where !allWithin(m.row(r), count: k, lo: loT, hi: hiT) { return r }
                                    }
                                    let cell = y &* Int64(k) &+ f.guess
                                    if let perRow {
                                        for r in 0..<4 { perRow[i &+ r] = f.counted[r] != 0 ? Int32(truncatingIfNeeded: f.guess[r]) : -1 }
                                    } else {
                                        for r in 0..<4 { copy0[r &* copyStride &+ Int(cell[r])] &+= Int(f.counted[r]) }
                                    }
                                    if let so = scoresOut.value {
                                        // (`writeScore`'s arithmetic)
                                        let v = Other.wanted ? (f.py - f.other + 1) / 2 : f.py
                                        for r in 0..<4 { so[i &+ r] = v[r] }
                                    }
                                    let out = flagsOut.value + i
                                    for r in 0..<4 { out[r] = UInt8(truncatingIfNeeded: f.flags[r]) }
                                    i &+= 4
                                }
                                return nil
                            }
                            let bad = marginScores ? blocks(NarrowWithOther.self) : blocks(NarrowWithoutOther.self)
                            if let bad { return bad }
                        }
                        if marginScores {
                            // (the rows after the last block, with max_{j != y} p[j])
                            while i < rows.upperBound {
                                if check && !allWithin(m.row(i), count: k, lo: loT, hi: hiT) { return i }
                                scanOne(i, nil, wantOther: true)
                                i &+= 1
                            }
                            return nil
                        }
                        while i &+ 2 <= rows.upperBound {
                            let r0 = m.row(i), r1 = m.row(i &+ 1)
                            if check {
                                if !allWithin(r0, count: k, lo: loT, hi: hiT) { return i }
                                if !allWithin(r1, count: k, lo: loT, hi: hiT) { return i &+ 1 }
                            }
                            var n0 = 0, l0 = 0, a0 = 0, x0 = r0[0]
                            var n1 = 0, l1 = 0, a1 = 0, x1 = r1[0]
                            for j in 0..<k {
                                let c = cutoff[j]
                                let v0 = r0[j], v1 = r1[j]
                                let c0 = v0 >= c, c1 = v1 >= c
                                n0 &+= c0 ? 1 : 0; l0 = c0 ? j : l0
                                n1 &+= c1 ? 1 : 0; l1 = c1 ? j : l1
                                let g0 = v0 > x0, g1 = v1 > x1
                                x0 = g0 ? v0 : x0; a0 = g0 ? j : a0
                                x1 = g1 ? v1 : x1; a1 = g1 ? j : a1
                            }
                            finish(i, r0, labels[i], n0, l0, a0, x0)
                            finish(i &+ 1, r1, labels[i &+ 1], n1, l1, a1, x1)
                            i &+= 2
                        }
                        if i < rows.upperBound {
                            if check && !allWithin(m.row(i), count: k, lo: loT, hi: hiT) { return i }
                            scanOne(i, nil, wantOther: false)
                        }
                        return nil
                    }
                    // With `maxOther` (not used for rows this short: the pruning pass asks for it
                    // from K = 32, where the row bound pays for itself): one row at a time.
                    for i in rows { scanOne(i, mo, wantOther: true) }
                    return nil
                }
                let range = partRange(p, of: parts, count: n)
                if k >= rowScanMinColumns {
                    if validate {
                        if let bad = scanWide(range, CheckedJointScan.self) { firstBad.pointer[p] = bad }
                    } else {
                        _ = scanWide(range, JointScan.self)
                    }
                } else if narrowAcross {
                    if let bad = scanNarrow(range, check: validate) { firstBad.pointer[p] = bad }
                } else {
                    // a separate check of each block just before its rows are used (a cache hit)
                    scanRows(range, validate: validate, part: p, firstBad: firstBad) { _ = scanNarrow($0) }
                }
            }
        }
        // before the counts are read: an invalid part left its per-row guesses unwritten
        if validate { try throwFirstInvalid(firstBad, parts: parts, unitInterval: false) }
        return counts.total(labels)
    }

    /// `jointPass` for float16 input. x86-64's baseline has no half-precision
    /// instructions, so every Float16 comparison would call a conversion routine; here each
    /// value is widened exactly to Float with bit operations (`halfToFloat`) and compared
    /// there, which orders exactly as Float16 does. `p[y] + 1e-6` is rounded to Float16 as
    /// the half-precision addition would be (one rounding of the exact Float sum).
    /// With `maxOther` (bit patterns of n Float16 values), also writes each row's
    /// `max_{j != y_i} p[i, j]` (the first such maximum's bits).
    func jointPassHalf(cutoffs: [Float], flags: UnsafeMutablePointer<UInt8>, maxOther: UnsafeMutablePointer<UInt16>? = nil,
                       validate: Bool = false) throws(CleanlabError) -> [Int] {
        let k = self.k, n = self.n, parts = self.parts, labels = self.labels
        let base = UnsafeRawPointer(m.base).assumingMemoryBound(to: UInt16.self)
        let stride = m.rowStride
        let counts = JointCounts(n: n, k: k, parts: parts)
        let eps = Float(Float16(1e-6))
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        cutoffs.withUnsafeBufferPointer { cutBuf in
            let cut = UncheckedSendable(cutBuf.baseAddress!)
            let flagsOut = UncheckedSendable(flags)
            let rowsBase = UncheckedSendable(base)
            let maxOtherOut = UncheckedSendable(maxOther)
            forEachPart(parts) { p in
                let cj = counts.matrix(p)
                let perRow = counts.guesses?.pointer
                let cutoff = cut.value
                func scanHalfRows(_ rows: Range<Int>) {
                    for i in rows {
                        let row = rowsBase.value + i &* stride
                        let y = labels[i]
                        var nConf = 0, lastConf = 0, amax = 0
                        var vmax = halfToFloat(row[0])
                        if let mo = maxOtherOut.value {
                            var omax = -Float.infinity
                            var obits: UInt16 = 0xFC00   // -infinity
                            for j in 0..<k {
                                let h = row[j]
                                let v = halfToFloat(h)
                                let c = v >= cutoff[j]
                                nConf &+= c ? 1 : 0
                                lastConf = c ? j : lastConf
                                let g = v > vmax
                                vmax = g ? v : vmax
                                amax = g ? j : amax
                                let o = v > omax && j != y
                                omax = o ? v : omax
                                obits = o ? h : obits
                            }
                            mo[i] = obits
                        } else {
                            for j in 0..<k {
                                let v = halfToFloat(row[j])
                                let c = v >= cutoff[j]
                                nConf &+= c ? 1 : 0
                                lastConf = c ? j : lastConf
                                let g = v > vmax
                                vmax = g ? v : vmax
                                amax = g ? j : amax
                            }
                        }
                        var f: UInt8 = 0
                        if nConf > 0 {
                            let guess = nConf > 1 ? amax : lastConf
                            if let perRow { perRow[i] = Int32(truncatingIfNeeded: guess) } else { cj[y &* k &+ guess] &+= 1 }
                            if guess != y { f |= RowFlag.offDiagonal }
                        } else if let perRow {
                            perRow[i] = -1
                        }
                        if amax != y { f |= RowFlag.predictedNeqGiven }
                        if amax == y {
                            f |= RowFlag.givenIsArgmax
                        } else {
                            let adj = roundToHalf(halfToFloat(row[y]) + eps)
                            if amax < y ? vmax < adj : vmax <= adj { f |= RowFlag.givenIsArgmax }
                        }
                        flagsOut.value[i] = f
                    }
                }
                scanRows(partRange(p, of: parts, count: n), validate: validate, part: p, firstBad: firstBad, scanHalfRows)
            }
        }
        if validate { try throwFirstInvalid(firstBad, parts: parts, unitInterval: false) }
        return counts.total(labels)
    }

    // MARK: Scores

    /// `rank.get_label_quality_scores` for every row, written to `out` (n doubles); or, with
    /// `rows`, for the rows `rows[0..<rowCount]` only, written to `out[0..<rowCount]`.
    func scores(method: RankBy, adjust: Thresholds?, out: UnsafeMutablePointer<Double>,
                rows: UnsafePointer<Int>? = nil, rowCount: Int = 0) {
        if let t = adjust {
            if t.precision == .float64 {
                adjustedScores(method: method, thresholds: t.values, as: Double.self, out: out, rows: rows, rowCount: rowCount)
            } else {
                adjustedScores(method: method, thresholds: t.values, as: T.self, out: out, rows: rows, rowCount: rowCount)
            }
            return
        }
        let k = self.k, m = self.m, labels = self.labels
        let n = rows == nil ? self.n : rowCount
        let parts = workerCount(requested: threads, work: n &* Swift.max(k, 1))
        let rowsS = UncheckedSendable(rows)
        let outS = UncheckedSendable(out)
        switch method {
        case .selfConfidence:
            forEachPart(parts) { p in
                if let r = rowsS.value {
                    for e in partRange(p, of: parts, count: n) { let i = r[e]; outS.value[e] = Double(m.row(i)[labels[i]]) }
                } else {
                    for i in partRange(p, of: parts, count: n) { outS.value[i] = Double(m.row(i)[labels[i]]) }
                }
            }
        case .normalizedMargin:
            forEachPart(parts) { p in
                for e in partRange(p, of: parts, count: n) {
                    let i = rowsS.value?[e] ?? e
                    let row = m.row(i)
                    let y = labels[i]
                    var other = -T.infinity
                    if k >= rowScanMinColumns && T.self != Float16.self {
                        // the vector row scan's largest value other than p[y]
                        let scan = rowScan(row, row, k, y, MarginScan.self)
                        other = scan.other
                    } else if k >= 8 && T.self != Float16.self {
                        other = maxOtherShort(row, k, y)
                    } else {
                        for j in 0..<k where j != y && row[j] > other { other = row[j] }
                    }
                    let s: T = (row[y] - other + 1) / 2
                    outS.value[e] = Double(s)
                }
            }
        case .confidenceWeightedEntropy:
            let logK = log(Double(k))
            // scipy's xlogy: float32 input is computed in float32 (x * logf(x)); float16 input
            // is promoted to float64; the row is then summed pairwise in that precision.
            let isFloat = T.self == Float.self
            forEachPart(parts) { p in
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: k)
                let scratchF = UnsafeMutablePointer<Float>.allocate(capacity: k)
                defer { scratch.deallocate(); scratchF.deallocate() }
                for e in partRange(p, of: parts, count: n) {
                    let i = rowsS.value?[e] ?? e
                    let row = m.row(i)
                    let entropySum: Double
                    if isFloat {
                        for j in 0..<k {
                            let x = Float(row[j])
                            scratchF[j] = x == 0 ? 0 : x * logf(x)
                        }
                        entropySum = Double(pairwiseSum(scratchF, count: k, as: Float.self))
                    } else {
                        for j in 0..<k {
                            let x = Double(row[j])
                            scratch[j] = x == 0 ? 0 : x * log(x)
                        }
                        entropySum = pairwiseSum(scratch, count: k, as: Double.self)
                    }
                    let entropy = -entropySum / logK
                    let sc = Swift.max(row[labels[i]], T(1e-6))
                    let q = entropy / Double(sc)
                    let clipped = Swift.max(q, 1e-6)
                    outS.value[e] = log(q + 1) / clipped
                }
            }
        }
    }

    /// `probabilityPass()` and `scores(method:adjust: nil, out:)` (self-confidence or normalized
    /// margin) in one read: each block of rows is validated, then scored while in cache.
    /// Throws `probabilityPass()`'s error.
    func validatedScores(method: RankBy, out: UnsafeMutablePointer<Double>) throws(CleanlabError) {
        precondition(method == .selfConfidence || method == .normalizedMargin)
        let k = self.k, n = self.n, m = self.m, labels = self.labels, parts = self.parts
        let firstBad = SharedBuffer<Int>(repeating: Int.max, count: parts)
        let outS = UncheckedSendable(out)
        let margin = method == .normalizedMargin
        forEachPart(parts) { p in
            let o = outS.value
            var range = partRange(p, of: parts, count: n)
            if margin && T.self == Float.self && k < rowScanMinColumns {
                // float32 rows under 32 classes: eight rows at a time, validated in the scan
                // (narrowJoint8, whose counts are not used: +infinity cutoffs); the last rows
                // below. Per row, a scan with a horizontal maximum at its end ran serially
                // (1e6 x 10: ~25 cycles a row)
                let fb = UnsafeRawPointer(m.base).assumingMemoryBound(to: Float.self)
                let stride = m.rowStride
                let lo = Float(-1e-6), hi = Float(1.000001)
                var i = range.lowerBound
                let noCut = [Float](repeating: .infinity, count: k)
                noCut.withUnsafeBufferPointer { nc in
                    while i &+ 8 <= range.upperBound {
                        let y = labels.lanes8(i)
                        let r = narrowJoint8(fb + i &* stride, stride, k, nc.baseAddress!, y: y, eps: 0, lo: lo, hi: hi, NarrowWithOther.self)
                        // (an invalid row among the eight: they go to the checked scan below, which
                        // finds it)
                        if !r.valid { break }
                        let sc = (r.py - r.other + 1) / 2
                        let out = UnsafeMutableRawPointer(o + i)
                        out.storeBytes(of: SIMD4<Double>(sc.lowHalf), as: SIMD4<Double>.self)
                        out.storeBytes(of: SIMD4<Double>(sc.highHalf), toByteOffset: 32, as: SIMD4<Double>.self)
                        i &+= 8
                    }
                }
                range = i..<range.upperBound
            } else if margin && T.self == Double.self && k < rowScanMinColumns {
                // float64: four rows at a time (narrowJoint4), as above (1e6 x 10, two threads:
                // 5.5 -> 3.6 ms)
                let db = UnsafeRawPointer(m.base).assumingMemoryBound(to: Double.self)
                let stride = m.rowStride
                var i = range.lowerBound
                let noCut = [Double](repeating: .infinity, count: k)
                noCut.withUnsafeBufferPointer { nc in
                    while i &+ 4 <= range.upperBound {
                        let y = labels.lanes4(i)
                        let r = narrowJoint4(db + i &* stride, stride, k, nc.baseAddress!, y: y, eps: 0, lo: -1e-6, hi: 1.000001,
                                             NarrowWithOther.self)
                        if !r.valid { break }
                        UnsafeMutableRawPointer(o + i).storeBytes(of: (r.py - r.other + 1) / 2, as: SIMD4<Double>.self)
                        i &+= 4
                    }
                }
                range = i..<range.upperBound
            }
            scanRows(range, validate: true, part: p, firstBad: firstBad) { rows in
                if !margin {
                    for i in rows { o[i] = Double(m.row(i)[labels[i]]) }
                } else if k >= rowScanMinColumns && T.self != Float16.self {
                    for i in rows {
                        let row = m.row(i)
                        let y = labels[i]
                        let scan = rowScan(row, row, k, y, MarginScan.self)
                        let other = scan.other
                        let s: T = (row[y] - other + 1) / 2
                        o[i] = Double(s)
                    }
                } else if k >= 8 && T.self == Float.self {
                    for i in rows {
                        let row = UnsafeRawPointer(m.row(i)).assumingMemoryBound(to: Float.self)
                        let y = labels[i]
                        let s: Float = (row[y] - maxOtherShort(row, k, y) + 1) / 2
                        o[i] = Double(s)
                    }
                } else if k >= 8 && T.self == Double.self {
                    for i in rows {
                        let row = UnsafeRawPointer(m.row(i)).assumingMemoryBound(to: Double.self)
                        let y = labels[i]
                        o[i] = (row[y] - maxOtherShort(row, k, y) + 1) / 2
                    }
                } else {
                    // short rows: two at a time, without branches (each row's max chain is
                    // serial; two overlap)
                    var i = rows.lowerBound
                    while i &+ 2 <= rows.upperBound {
                        let r0 = m.row(i), r1 = m.row(i &+ 1)
                        let y0 = labels[i], y1 = labels[i &+ 1]
                        var a0 = -T.infinity, a1 = -T.infinity
                        for j in 0..<k {
                            let v0 = j == y0 ? -T.infinity : r0[j]
                            let v1 = j == y1 ? -T.infinity : r1[j]
                            a0 = v0 > a0 ? v0 : a0
                            a1 = v1 > a1 ? v1 : a1
                        }
                        let s0: T = (r0[y0] - a0 + 1) / 2
                        let s1: T = (r1[y1] - a1 + 1) / 2
                        o[i] = Double(s0)
                        o[i &+ 1] = Double(s1)
                        i &+= 2
                    }
                    if i < rows.upperBound {
                        let r0 = m.row(i), y0 = labels[i]
                        var a0 = -T.infinity
                        for j in 0..<k where j != y0 { a0 = r0[j] > a0 ? r0[j] : a0 }
                        let s0: T = (r0[y0] - a0 + 1) / 2
                        o[i] = Double(s0)
                    }
                }
            }
        }
        try throwFirstInvalid(firstBad, parts: parts, unitInterval: false)
    }

    /// Scores on `_subtract_confident_thresholds(pred_probs)`, computed in U (the thresholds'
    /// dtype): p - t, plus max(t), divided by the row sum.
    func adjustedScores<U: ProbabilityScalar>(method: RankBy, thresholds: [Double], as: U.Type,
                                              out: UnsafeMutablePointer<Double>,
                                              rows: UnsafePointer<Int>? = nil, rowCount: Int = 0) {
        let k = self.k, m = self.m, labels = self.labels
        let n = rows == nil ? self.n : rowCount
        let parts = workerCount(requested: threads, work: n &* Swift.max(k, 1))
        let rowsS = UncheckedSendable(rows)
        let t = thresholds.map { U($0) }
        var tmax = t[0]
        for v in t where v > tmax { tmax = v }
        let tm = tmax
        let outS = UncheckedSendable(out)
        t.withUnsafeBufferPointer { tb in
            let tp = UncheckedSendable(tb.baseAddress!)
            forEachPart(parts) { p in
                let adj = UnsafeMutablePointer<U>.allocate(capacity: k)
                defer { adj.deallocate() }
                for e in partRange(p, of: parts, count: n) {
                    let i = rowsS.value?[e] ?? e
                    let row = m.row(i)
                    for j in 0..<k {
                        let d: U = U(row[j]) - tp.value[j]
                        adj[j] = d + tm
                    }
                    let s = U.numpyRowSum(adj, count: k)
                    for j in 0..<k { adj[j] = adj[j] / s }
                    let y = labels[i]
                    if method == .selfConfidence {
                        outS.value[e] = Double(adj[y])
                    } else {
                        var other = -U.infinity
                        for j in 0..<k where j != y && adj[j] > other { other = adj[j] }
                        let v: U = (adj[y] - other + 1) / 2
                        outS.value[e] = Double(v)
                    }
                }
            }
        }
    }

    // MARK: Pruning

    /// `prune_by_noise_rate` / `prune_by_class` selections in one read of `pred_probs`.
    ///
    /// `pcm` is cleanlab's prune count matrix (row = true label j, column = given label k);
    /// `eligible[k]` says whether class k is pruned at all. prune_by_noise_rate keeps, for each
    /// (k, j) with `pcm[j][k] > 0`, the `pcm[j][k]` rows of class k with the largest margin
    /// `p[j] - p[k]` (computed in T); prune_by_class keeps the `m_k - pcm[k][k]` rows of class k
    /// with the smallest `p[k]`. Each part fills its own bounded selections; they are merged.
    ///
    /// `maxOther` (from `jointPass`) bounds every margin of a row: float32/float64 hold the bound
    /// `maxOther - p[y]` itself (`p[j] - p[y]` is at most it, rounding being monotone), float16
    /// the maximum; a row whose bound is below the smallest cutoff of its class's selections
    /// cannot enter any of them and is skipped (float32/float64: without reading it).
    ///
    /// Provisional cutoffs (`sampleStride` > 0, float32/float64, selections of 64 or more on
    /// average): an online top-c selection lets in about c·(1 + ln(m/c)) of m offers in random
    /// order, each costing a share of a quickselect. So first every
    /// `sampleStride`-th row is offered to small selections of capacity r (`sampledCutoffs`);
    /// the worst kept margin of a full one is a provisional cutoff of the slot (about
    /// r·stride of its margins lie above it, and fewer than c only with probability < 1e-7).
    /// The main pass then admits only margins at or above it and also screens rows with it
    /// (through `maxOther`). A slot that does not fill up this way may have lost entries, so then
    /// the whole pass is redone without provisional cutoffs: the result is exact either way.
    ///
    /// The selections hold `PackedEntry` (8 bytes) when the keys are float32 values (float32 and
    /// float16 input) and n < 2^32, else `WideEntry` (16 bytes).
    func prunePass(pcm: [Int64], counts: [Int], eligible: [Bool], byNoiseRate: Bool, byClass: Bool,
                   maxOther: UnsafePointer<T>? = nil, hints: PruneHints<T>? = nil,
                   classKeys: (gathered: SharedBuffer<T>, stats: LabelStats)? = nil,
                   rowFlags: UnsafePointer<UInt8>? = nil, selfValues: SelfValues<T>? = nil, sampleStride: Int = 16)
        -> (noiseRate: (any IndexSelection)?, byClass: (any IndexSelection)?)
    {
        if T.self != Double.self && n <= Int(UInt32.max) {
            return prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: byNoiseRate, byClass: byClass,
                             maxOther: maxOther, hints: hints, classKeys: classKeys, rowFlags: rowFlags,
                             selfValues: selfValues, sampleStride: sampleStride, entry: PackedEntry.self)
        }
        return prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: byNoiseRate, byClass: byClass,
                         maxOther: maxOther, hints: hints, classKeys: classKeys, rowFlags: rowFlags,
                         selfValues: selfValues, sampleStride: sampleStride, entry: WideEntry.self)
    }

    /// `prunePass` with selections of `Entry`.
    func prunePass<Entry: SelectionEntry>(pcm: [Int64], counts: [Int], eligible: [Bool], byNoiseRate: Bool, byClass: Bool,
                                          maxOther: UnsafePointer<T>?, hints: PruneHints<T>?,
                                          classKeys: (gathered: SharedBuffer<T>, stats: LabelStats)? = nil,
                                          rowFlags: UnsafePointer<UInt8>? = nil, selfValues: SelfValues<T>? = nil,
                                          sampleStride: Int, entry: Entry.Type, redo: Bool = true)
        -> (noiseRate: BoundedSelection<Entry>?, byClass: BoundedSelection<Entry>?)
    {
        let maxOtherIn = UncheckedSendable(maxOther)
        let hintsIn = UncheckedSendable(T.self == Float16.self ? nil : hints)
        let k = self.k, n = self.n, m = self.m, labels = self.labels
        // the slots of class c (given label) are its true classes j with pcm[j][c] > 0, in
        // ascending j; built in two row-major passes over pcm (cache-friendly at large K)
        var slotStart = [Int](repeating: 0, count: k + 1)
        var perClass = [Int](repeating: 0, count: k)
        if byNoiseRate {
            for j in 0..<k { for c in 0..<k where c != j && eligible[c] && pcm[j * k + c] > 0 { perClass[c] += 1 } }
        }
        for c in 0..<k { slotStart[c + 1] = slotStart[c] + perClass[c] }
        var slotTrue = [Int](repeating: 0, count: slotStart[k])
        var noiseCaps = [Int](repeating: 0, count: slotStart[k])
        if byNoiseRate {
            var fill = Array(slotStart[0..<k])
            for j in 0..<k {
                for c in 0..<k where c != j && eligible[c] && pcm[j * k + c] > 0 {
                    slotTrue[fill[c]] = j
                    noiseCaps[fill[c]] = Int(Swift.min(pcm[j * k + c], Int64(counts[c])))
                    fill[c] += 1
                }
            }
        }
        let classCaps = byClass ? Dataset.classCapacities(pcm: pcm, counts: counts, eligible: eligible) : [Int](repeating: 0, count: k)
        // (stable copies for SlotLookup)
        // (only the hinted pass has a lookup: one allocation for both, not made otherwise)
        let slotCopies = byNoiseRate && hints != nil && T.self != Float16.self
            ? UnsafeMutablePointer<Int>.allocate(capacity: k + 1 + slotTrue.count) : nil
        defer { slotCopies?.deallocate() }
        if let c = slotCopies {
            c.initialize(from: slotStart, count: k + 1)
            (c + k + 1).initialize(from: slotTrue, count: slotTrue.count)
        }
        let work = (slotTrue.count + (byClass ? k : 0)) > 0 ? n &* Swift.max(k, 1) : 0
        let parts = workerCount(requested: threads, work: work)
        var preset: [Double]? = nil
        // sampling pays off when the selections are large (measured: 1e6 x 10 float32 with
        // selections of ~2000, 1.5x faster; 1e6 x 100 and 2e5 x 1000 with selections of tens:
        // no gain, the sampling pass costs more than it saves), and not with the hints, whose
        // cutoffs and two sweeps do better without it (1e6 x 50 float32 prune_by_noise_rate, 2
        // threads, selections of ~100: 51-64 -> 36-48 ms; 1e6 x 32: 0.87x; the sampling pass
        // offered every margin of one row in 16 and its selections took a quarter of the call)
        let meanCap = noiseCaps.isEmpty ? 0 : noiseCaps.reduce(0, +) / noiseCaps.count
        if byNoiseRate && sampleStride > 0 && T.self != Float16.self && meanCap >= 64 && hints == nil {
            preset = sampledCutoffs(slotStart: slotStart, slotTrue: slotTrue, caps: noiseCaps,
                                    stride: sampleStride, parts: parts, entry: entry)
        }
        // the argmax rows last (see the pass below) where the selections are small: with large
        // ones (1e5 x 10 and up) the cutoffs the other rows earn leave most classes' argmax rows
        // to read anyway, in a second sweep (1e6 x 10 prune_by_noise_rate 17 -> 25 ms; 1e4 x 10
        // 420 -> 178 us), and the sampled cutoffs serve better
        // (only the plain pass: the hinted and row-bound passes must not get its preset cutoff)
        let indicesFit32 = n <= Int(UInt32.max)
        let flagsIn = UncheckedSendable(indicesFit32 && meanCap < 64 && hints == nil && maxOther == nil ? rowFlags : nil)
        // (the same for prune_by_class's selections, in the gather's order)
        let classFlagsIn = UncheckedSendable(indicesFit32 && byClass && classCaps.reduce(0, +) < 64 * k ? rowFlags : nil)
        let lookup = UncheckedSendable(slotCopies.map { SlotLookup(k: k, slotStart: $0, slotTrue: $0 + k + 1) })
        defer { lookup.value?.deallocate() }
        if byNoiseRate, let hints, let slots = lookup.value, !noiseCaps.isEmpty {
            // certain lower bounds of the final cutoffs (PruneHints)
            let known = hintedCutoffs(slots: slots, caps: noiseCaps, hints: hints, parts: parts)
            preset = preset.map { p in p.indices.map { Swift.max(p[$0], known[$0]) } } ?? known
        }
        if byNoiseRate && T.self != Float16.self && (maxOther != nil || hints != nil),
           let sv = selfValues, let values = sv.values, !noiseCaps.isEmpty {
            // (the row-bound and hinted passes) certain lower bounds from p[i, y_i], for the
            // classes with a slot still without a cutoff (with the hints, 11 of 100 classes at
            // 1e6 x 100: the selection over a class's values costs ~50 us)
            var top = [Int](repeating: 0, count: k)
            for c in 0..<k {
                for s in slotStart[c]..<slotStart[c + 1] where (preset?[s] ?? -Double.infinity) == -Double.infinity {
                    top[c] = Swift.max(top[c], noiseCaps[s])
                }
            }
            let smallest = classSmallest(values: values.pointer, counts: sv.counts, top: top, parts: parts)
            let known = Dataset.selfBoundCutoffs(slotStart: slotStart, caps: noiseCaps, smallest: smallest)
            preset = preset.map { p in p.indices.map { Swift.max(p[$0], known[$0]) } } ?? known
        }
        // (the gather is freed here, before the selections are built, unless the caller holds
        // it for prune_by_class)
        selfValues?.values = nil
        // the same for prune_by_class (smallest p[y] of each class), when its selections are large
        var classPreset: [Double]? = nil
        let classCapsTotal = classCaps.reduce(0, +)
        // prune_by_class's keys from the thresholds' gather (sequential, no read of pred_probs)
        // when it was split into the same parts, with each part's cursor per class
        let gatheredKeys: (values: SharedBuffer<T>, cursors: [Int], classStart: [Int])? = classKeys.flatMap { ck in
            guard byClass && ck.stats.parts == parts && ck.stats.counts == counts else { return nil }
            return (ck.gathered, ck.stats.partCursors, ck.stats.classStart)
        }
        if byClass && sampleStride > 0 && T.self != Float16.self && classCapsTotal >= 64 * k {
            if let g = gatheredKeys {
                classPreset = sampledGatheredClassCutoffs(caps: classCaps, values: g.values.pointer, classStart: g.classStart,
                                                          stride: sampleStride, entry: entry)
            } else {
                classPreset = sampledClassCutoffs(caps: classCaps, stride: sampleStride, parts: parts, entry: entry)
            }
        }
        let results = SharedBuffer<(BoundedSelection<Entry>?, BoundedSelection<Entry>?)>(repeating: (nil, nil), count: parts)
        // (the touch loads' sums, kept so the loads are not removed)
        let touched = UncheckedSendable(hints != nil || maxOther != nil ? UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(parts, 1)) : nil)
        defer { touched.value?.deallocate() }
        let nc = noiseCaps, cc = classCaps
        // (the hinted pass) which part offers the rows of each class (`classOwners`), or nil:
        // each part then takes its own rows
        let owners = UncheckedSendable(byNoiseRate && !byClass && hints != nil && lookup.value != nil
            ? Dataset.classOwners(counts: counts, parts: parts) : nil)
        defer { owners.value?.deallocate() }
        slotStart.withUnsafeBufferPointer { ssb in
        slotTrue.withUnsafeBufferPointer { stb in
        classCaps.withUnsafeBufferPointer { ccb in
            let ss = UncheckedSendable(ssb.baseAddress!), st = UncheckedSendable(stb.baseAddress)
            let ccp = UncheckedSendable(ccb.baseAddress!)
            // (made on the calling thread: the entries of a part's selection are allocated in
            // the calling thread's malloc arena, not in the worker's, where glibc keeps them
            // after they are freed, so that the allocations after the pass (a ranking) reuse
            // them. 1e6 x 10 float64 prune_by_noise_rate ranked, 2 threads: peak 28.4 -> 22.4 B/ex)
            // With `owners`, each part's noise selection gives a capacity only to the slots of
            // its own classes, and all share one buffer of entries (joined without copies by
            // `mergeDisjoint`): one buffer instead of one per part (1e6 x 100 prune_by_noise_rate,
            // 2 threads: peak 22.3 -> 19.9 B/ex float32, 31.8 -> 27.9 float64)
            var host: BoundedSelection<Entry>? = nil
            let made = UncheckedSendable((0..<parts).map { p -> (BoundedSelection<Entry>?, BoundedSelection<Entry>?) in
                var noise: BoundedSelection<Entry>? = nil
                if byNoiseRate, let own = owners.value {
                    var caps = nc
                    for c in 0..<k where own[c] != p { for s in ssb[c]..<ssb[c + 1] { caps[s] = 0 } }
                    noise = BoundedSelection<Entry>(capacities: caps, largestFirst: true, layout: nc, sharing: host)
                    if host == nil { host = noise }
                } else if byNoiseRate {
                    noise = BoundedSelection<Entry>(capacities: nc, largestFirst: true)
                }
                return (noise, byClass ? BoundedSelection<Entry>(capacities: cc, largestFirst: false) : nil)
            })
            forEachPart(parts) { p in
                let (noise, cls) = made.value[p]
                if let cls, let classPreset { cls.presetCutoffs(classPreset) }
                withExtendedLifetime((noise, cls)) {
                    let rows = partRange(p, of: parts, count: n)
                    // (small selections) the part's rows whose given label is not the argmax,
                    // listed without a branch per row (a `where` filter mispredicted on ~30 % of
                    // rows: ~1.4 us of a 1000-row call), as 32-bit indices; beyond 65,536 rows
                    // counted first (~1.2 bytes per row where ~30 % are listed)
                    var others = UnsafeMutableBufferPointer<UInt32>(start: nil, count: 0)
                    if let flags = flagsIn.value ?? classFlagsIn.value {
                        // (the flag bit by a shift: `flags[i] & bit == 0 ? 1 : 0` compiled to a
                        // branch, mispredicted on ~30 % of rows: ~0.6 us of a 1000 x 10 'both')
                        let argmaxShift = UInt8(RowFlag.givenIsArgmax.trailingZeroBitCount)
                        var count = rows.count
                        if count > 1 << 16 {
                            count = 0
                            for i in rows { count &+= Int((~flags[i] >> argmaxShift) & 1) }
                        }
                        let list = UnsafeMutablePointer<UInt32>.allocate(capacity: count &+ 1)
                        var listed = 0
                        for i in rows {
                            list[listed] = UInt32(truncatingIfNeeded: i)
                            listed &+= Int((~flags[i] >> argmaxShift) & 1)
                        }
                        others = UnsafeMutableBufferPointer(start: list, count: listed)
                    }
                    defer { others.baseAddress?.deallocate() }
                    if let noise, let nCur = Optional(noise.cursor) {
                        let slotStart = ss.value, slotTrue = st.value!
                        // the slots of class c are slotStart[c] ..< slotStart[c + 1]
                        noise.setGroups(Array(UnsafeBufferPointer(start: slotStart, count: k + 1)))
                        if let preset { noise.presetCutoffs(preset) }
                        // (the ordered pass below: its first sweep takes the keys of at least
                        // `argmaxMarginBound` only)
                        if flagsIn.value != nil && T.self != Float16.self {
                            noise.presetCutoffs([Double](repeating: Dataset.argmaxMarginBound, count: noise.slotCount))
                        }
                        let classMin = noise.groupMin!
                        let mo = maxOtherIn.value
                        if T.self == Float16.self {
                            // float16: margins computed as Float from exactly widened values and
                            // rounded to binary16 by bit operations (`roundToHalf`), the value
                            // binary16 subtraction gives, without conversion routine calls
                            let hb = UnsafeRawPointer(m.base).assumingMemoryBound(to: UInt16.self)
                            let hmo = mo.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt16.self) }
                            let stride = m.rowStride
                            for i in rows {
                                let y = labels[i]
                                let row = hb + i &* stride
                                let py = halfToFloat(row[y])
                                var s = slotStart[y]
                                let e = slotStart[y + 1]
                                if s == e { continue }
                                if let hmo {
                                    let bound = roundToHalf(halfToFloat(hmo[i]) - py)
                                    if Double(bound) < classMin[y] { continue }
                                }
                                while s < e {
                                    let key = Double(roundToHalf(halfToFloat(row[slotTrue[s]]) - py))
                                    if !nCur.rejects(s, key: key) { nCur.offer(s, key: key, index: i) }
                                    s &+= 1
                                }
                            }
                        } else {
                            // float32 / float64
                            // (up to 256 classes: 1e6 x 200 float32 prune_by_noise_rate, 2 threads,
                            // 83 -> 76 ms with the table; it costs K^2 x T's size bytes per thread,
                            // plus K^2 x 4 for the slot map where the hinted pass's `SlotLookup`
                            // does not lend its own)
                            let useTable = k >= 8 && k <= 256
                            // a K x K table of the slots' cutoffs in T (+infinity where (y, j) has
                            // no slot), kept in sync by the selection: 8 margins are screened at
                            // a time and only passing lanes are offered (about 2 % of margins at
                            // 1e6 x 100; the slot loop below pays ~11 instructions for each)
                            let tableCount = useTable ? k * k : 1
                            // the slot of each (y, j) with one: the hinted pass's lookup table
                            // (the same map, K <= 256), else this part's own
                            let lent = useTable ? lookup.value?.table : nil
                            let ownSlots = lent == nil ? UnsafeMutablePointer<Int32>.allocate(capacity: tableCount) : nil
                            let slotAt = UnsafePointer(lent ?? ownSlots!)
                            let position = UnsafeMutablePointer<Int>.allocate(capacity: noise.slotCount + 1)
                            let table = UnsafeMutablePointer<T>.allocate(capacity: tableCount)
                            defer { ownSlots?.deallocate(); position.deallocate(); table.deallocate() }
                            if useTable {
                                table.initialize(repeating: T.infinity, count: k * k)
                                for c in 0..<k {
                                    for s in slotStart[c]..<slotStart[c + 1] {
                                        let at = c * k + slotTrue[s]
                                        position[s] = at
                                        ownSlots?[at] = Int32(truncatingIfNeeded: s)
                                        table[at] = T(noise.cutoffs[s])
                                    }
                                }
                                noise.mirrorPosition = position
                                if T.self == Float.self {
                                    noise.mirrorFloat = UnsafeMutableRawPointer(table).assumingMemoryBound(to: Float.self)
                                } else {
                                    noise.mirrorDouble = UnsafeMutableRawPointer(table).assumingMemoryBound(to: Double.self)
                                }
                            }
                            defer { noise.mirrorPosition = nil; noise.mirrorFloat = nil; noise.mirrorDouble = nil }
                            let k8 = k & ~7
                            // every margin of row i against its slot's cutoff
                            // (`skip`: a column not to offer, -1 for none)
                            @inline(__always) func scanRow(_ i: Int, _ y: Int, skip: Int = -1) {
                                let row = m.row(i)
                                let py = row[y]
                                if useTable {
                                    let cut = table + y &* k
                                    var j = 0
                                    while j < k {
                                        let e = j < k8 ? j &+ 8 : k
                                        if e == j &+ 8 {
                                            // (a whole vector: its passing columns by their lane
                                            // bits, ascending; `offer` drops a key that an earlier
                                            // offer moved below its slot's threshold, as the
                                            // per-column test would)
                                            var bits = marginBits8(row + j, cut + j, py)
                                            let s = skip &- j
                                            if s >= 0 && s < 8 { bits &= ~(UInt32(1) << UInt32(truncatingIfNeeded: s)) }
                                            while bits != 0 {
                                                let jj = j &+ bits.trailingZeroBitCount
                                                bits &= bits &- 1
                                                let margin: T = row[jj] - py
                                                nCur.offer(Int(slotAt[y &* k &+ jj]), key: Double(margin), index: i)
                                            }
                                            j = e
                                            continue
                                        }
                                        while j < e {
                                            let margin: T = row[j] - py
                                            if margin >= cut[j] && j != skip { nCur.offer(Int(slotAt[y &* k &+ j]), key: Double(margin), index: i) }
                                            j &+= 1
                                        }
                                    }
                                } else if skip < 0 {
                                    offerMargins(nCur, row, py, i, slotStart[y] ..< slotStart[y + 1], slotTrue)
                                } else {
                                    // (the slots before and after skip's, if it has one)
                                    let s1 = slotOf(skip, slotTrue, slotStart[y], slotStart[y + 1])
                                    let cut = s1 < 0 ? slotStart[y + 1] : s1
                                    offerMargins(nCur, row, py, i, slotStart[y] ..< cut, slotTrue)
                                    offerMargins(nCur, row, py, i, (s1 < 0 ? cut : cut &+ 1) ..< slotStart[y + 1], slotTrue)
                                }
                            }
                            if let h = hintsIn.value {
                                // Rows below every cutoff of their class are not read; rows whose
                                // margins other than j1's are below them are not read either.
                                // The rows to read are listed in batches and each batch's cache
                                // lines are first touched by a branch-free loop, so their misses
                                // overlap (read one by one behind the screen's unpredictable
                                // branches, each row cost a full memory latency).
                                //
                                // Two sweeps. The first reads the rows whose margins other than
                                // j1's may reach `PruneHints.deferBelow`, and defers the rows
                                // whose other margins are all below it (their j1 offered from the
                                // hints); the second, after `tighten()` has given every filled
                                // slot its cutoff, reads the deferred rows that can still enter
                                // a selection, j1 excluded. The cutoffs the first sweep earns
                                // leave most deferred rows unread. With `owners`, each part
                                // offers the rows of its own classes, so that a slot sees all of
                                // its rows in one selection and its cutoff can rise (split by
                                // rows, each part's slot held about half of its final entries
                                // and rarely filled). Measured at 1e6 x 100 float32, 2 threads:
                                // 224.6k rows read in one sweep, 136.9k in two (~184k with the
                                // parts split by rows; 221.5k with every row deferred);
                                // prune_by_noise_rate 55.9 -> 50.3 ms.
                                let unknown = h.unknown
                                let slots = lookup.value!
                                let batch = 32
                                let chunk = 1 << 16
                                let lineStride = 64 / MemoryLayout<T>.stride
                                let deferBelow = PruneHints<T>.deferBelow
                                let own = owners.value
                                let scanned = own == nil ? rows : 0..<n
                                // per class: the lowest margin1 of a row worth a look (+infinity:
                                // a class of another part, or without slots), refreshed per chunk
                                let need = UnsafeMutablePointer<Double>.allocate(capacity: k)
                                // (rows as 32-bit offsets: in the chunk for `cand`, in their chunk for
                                // `deferred`, whose chunks end at `deferredEnds`)
                                let cand = UnsafeMutablePointer<UInt32>.allocate(capacity: Swift.min(chunk, scanned.count) &+ 1)
                                let list = UnsafeMutablePointer<Int>.allocate(capacity: batch)
                                defer { need.deallocate(); cand.deallocate(); list.deallocate() }
                                var deferred: [UInt32] = []
                                var deferredEnds: [Int] = []
                                var sink: UInt64 = 0
                                // reads the listed rows (touched first), all columns but `skip`'s
                                // (the hints' j1 of each row where `skipFirst`)
                                @inline(__always) func readListed(_ listed: Int, skipFirst: Bool) {
                                    for t in 0..<listed {
                                        let raw = UnsafeRawPointer(m.row(list[t]))
                                        var o = 0
                                        while o < k {
                                            sink &+= UInt64(raw.load(fromByteOffset: o &* MemoryLayout<T>.stride, as: UInt32.self))
                                            o &+= lineStride
                                        }
                                        sink &+= UInt64(raw.load(fromByteOffset: (k &- 1) &* MemoryLayout<T>.stride, as: UInt32.self))
                                    }
                                    for t in 0..<listed {
                                        let i = list[t]
                                        scanRow(i, labels[i], skip: skipFirst ? h.first(h.pair(i)) : -1)
                                    }
                                }
                                // (float64) rows whose (y, j1) offer needs its exact key
                                let exact = UnsafeMutablePointer<Int>.allocate(capacity: batch)
                                defer { exact.deallocate() }
                                var exactCount = 0
                                // offers the listed rows' (y, j1) margins, read from the rows
                                // (the two values' lines touched first, so the misses overlap)
                                func offerExact() {
                                    for t in 0..<exactCount {
                                        let i = exact[t]
                                        let raw = UnsafeRawPointer(m.row(i))
                                        sink &+= UInt64(raw.load(fromByteOffset: labels[i] &* MemoryLayout<T>.stride, as: UInt32.self))
                                        sink &+= UInt64(raw.load(fromByteOffset: h.first(h.pair(i)) &* MemoryLayout<T>.stride, as: UInt32.self))
                                    }
                                    for t in 0..<exactCount {
                                        let i = exact[t]
                                        let y = labels[i], j1 = h.first(h.pair(i))
                                        let row = m.row(i)
                                        let margin: T = row[j1] - row[y]
                                        let key = Double(margin)
                                        let s = slots.slot(y, j1)
                                        if !nCur.rejects(s, key: key) { nCur.offer(s, key: key, index: i) }
                                    }
                                    exactCount = 0
                                }
                                @inline(__always) func candidates<L: FixedWidthInteger>(_ lp: UnsafePointer<L>, _ range: Range<Int>) -> Int {
                                    // (branch-free: which rows pass is random)
                                    var count = 0
                                    for i in range {
                                        cand[count] = UInt32(truncatingIfNeeded: i &- range.lowerBound)
                                        count &+= bit(h.margin1Upper(i) >= need[Int(truncatingIfNeeded: lp[i])])
                                    }
                                    return count
                                }
                                var start = scanned.lowerBound
                                while start < scanned.upperBound {
                                    let end = Swift.min(start &+ chunk, scanned.upperBound)
                                    for c in 0..<k {
                                        let mine = own.map { $0[c] == p } ?? true
                                        need[c] = mine && slotStart[c] != slotStart[c &+ 1] ? classMin[c] : .infinity
                                    }
                                    let count = labels.is64 ? candidates(labels.raw.assumingMemoryBound(to: Int64.self), start..<end)
                                        : candidates(labels.raw.assumingMemoryBound(to: Int32.self), start..<end)
                                    var c = 0
                                    while c < count {
                                        var listed = 0
                                        while c < count && listed < batch {
                                            let i = start &+ Int(cand[c])
                                            c &+= 1
                                            let y = labels[i]
                                            let lowest = classMin[y]
                                            let m1 = h.margin1Upper(i)
                                            if m1 < lowest { continue }
                                            let pair = h.pair(i)
                                            let b2 = PruneHints<T>.upperValue(h.bound2[i])
                                            if pair != unknown && b2 < deferBelow {
                                                let s = slots.slot(y, h.first(pair))
                                                if s >= 0 && !nCur.rejects(s, key: m1) {
                                                    if PruneHints<T>.exactMargin1 {
                                                        nCur.offer(s, key: m1, index: i)
                                                    } else {
                                                        // (float64: the bound lets the row in; its
                                                        // key is read, in batches as below)
                                                        exact[exactCount] = i
                                                        exactCount &+= 1
                                                        if exactCount == batch { offerExact() }
                                                    }
                                                }
                                                if b2 >= lowest { deferred.append(UInt32(truncatingIfNeeded: i &- start)) }
                                            } else {
                                                list[listed] = i
                                                listed &+= 1
                                            }
                                        }
                                        readListed(listed, skipFirst: false)
                                    }
                                    offerExact()
                                    deferredEnds.append(deferred.count)
                                    start = end
                                }
                                noise.tighten()
                                var d = 0, q = 0
                                while d < deferred.count {
                                    var listed = 0
                                    while d < deferred.count && listed < batch {
                                        while d >= deferredEnds[q] { q &+= 1 }
                                        let i = scanned.lowerBound &+ q &* chunk &+ Int(deferred[d])
                                        d &+= 1
                                        list[listed] = i
                                        listed &+= bit(PruneHints<T>.upperValue(h.bound2[i]) >= classMin[labels[i]])
                                    }
                                    readListed(listed, skipFirst: true)
                                }
                                touched.value![p] = sink
                            } else if let mo {
                                // (rows of more than 256 classes, with their margin bound) The
                                // rows whose bound reaches their class's lowest cutoff are listed
                                // in batches; the cache lines of each listed row's slot columns
                                // (about ten scattered lines of a 4 KB row at K = 1000) are
                                // touched first by a branch-free loop, so their misses overlap.
                                let batch = 32
                                let list = UnsafeMutablePointer<Int>.allocate(capacity: batch)
                                defer { list.deallocate() }
                                let cut = nCur.cutoffs
                                var sink: UInt64 = 0
                                var i = rows.lowerBound
                                while i < rows.upperBound {
                                    var listed = 0
                                    while i < rows.upperBound && listed < batch {
                                        let y = labels[i]
                                        list[listed] = i
                                        listed &+= Double(mo[i]) >= classMin[y] && slotStart[y] != slotStart[y &+ 1] ? 1 : 0
                                        i &+= 1
                                    }
                                    // (only the columns of the slots whose cutoff the bound
                                    // reaches: y's own line stands in for the others)
                                    for t in 0..<listed {
                                        let r = list[t], y = labels[r]
                                        let raw = UnsafeRawPointer(m.row(r))
                                        let bound = Double(mo[r])
                                        sink &+= UInt64(raw.load(fromByteOffset: y &* MemoryLayout<T>.stride, as: UInt32.self))
                                        for s in slotStart[y]..<slotStart[y &+ 1] {
                                            let col = bound >= cut[s] ? slotTrue[s] : y
                                            sink &+= UInt64(raw.load(fromByteOffset: col &* MemoryLayout<T>.stride, as: UInt32.self))
                                        }
                                    }
                                    for t in 0..<listed {
                                        let r = list[t], y = labels[r]
                                        let row = m.row(r)
                                        let py = row[y]
                                        let bound = Double(mo[r])
                                        for s in slotStart[y]..<slotStart[y &+ 1] where bound >= cut[s] {
                                            let margin: T = row[slotTrue[s]] - py
                                            let key = Double(margin)
                                            if !nCur.rejects(s, key: key) { nCur.offer(s, key: key, index: r) }
                                        }
                                    }
                                }
                                touched.value![p] = sink
                            } else if flagsIn.value != nil {
                                // Two sweeps over disjoint key ranges (the selected set does not
                                // depend on the order of the offers). Rows whose given label is
                                // the argmax within cleanlab's 1e-6 (`givenIsArgmax`) have every
                                // margin below `bound`. The first sweep reads only the other
                                // rows, and takes only their keys of at least `bound` (a preset
                                // cutoff): on noisy data these fill the selections, so few keys
                                // below their final cutoffs are ever taken in. The second sweep
                                // offers the keys below `bound`, of the classes with a slot that
                                // the first left unfilled (often none: then no argmax row is
                                // read at all).
                                let bound = Dataset.argmaxMarginBound
                                for o in others {
                                    let i = Int(o)
                                    let y = labels[i]
                                    if slotStart[y] == slotStart[y + 1] { continue }
                                    scanRow(i, y)
                                }
                                // full slots keep their worst key (>= bound) as cutoff; the
                                // others take every key of the second sweep
                                noise.tighten()
                                noise.reopenUnfilled()
                                let second = (0..<k).contains { slotStart[$0] != slotStart[$0 + 1] && classMin[$0] < bound }
                                for i in second ? rows : rows.upperBound..<rows.upperBound {
                                    let y = labels[i]
                                    if slotStart[y] == slotStart[y + 1] || classMin[y] >= bound { continue }
                                    let row = m.row(i)
                                    offerMargins(nCur, row, row[y], i, slotStart[y] ..< slotStart[y + 1], slotTrue, below: bound)
                                }
                            } else if (T.self == Float.self || T.self == Double.self) && useTable && k > 8 && k < 16 {
                                // (rows of 9 to 15 classes: the row screened by two overlapping
                                // vectors in this loop, instead of a call of `scanRow` per row that
                                // ends in a scalar loop over the last values; the same offers in
                                // the same order, since cutoffs only rise. 1e6 x 10
                                // prune_by_noise_rate, 2 threads: float32 17.8 -> 14.2 ms, float64
                                // 28.1 -> ~24 ms, with the lane bits below)
                                let tail = k &- 8
                                for i in rows {
                                    let y = labels[i]
                                    if slotStart[y] == slotStart[y + 1] { continue }
                                    let row = m.row(i)
                                    let py = row[y]
                                    let cut = table + y &* k
                                    var bits = marginBits(row, cut, py, tail: tail)
                                    // (the passing columns in ascending order, as the scalar loop
                                    // offered them; `offer` itself drops a key that an earlier
                                    // offer of the row moved below its slot's threshold)
                                    while bits != 0 {
                                        let j = bits.trailingZeroBitCount
                                        bits &= bits &- 1
                                        let margin: T = row[j] - py
                                        nCur.offer(Int(slotAt[y &* k &+ j]), key: Double(margin), index: i)
                                    }
                                }
                            } else {
                                for i in rows {
                                    let y = labels[i]
                                    if slotStart[y] == slotStart[y + 1] { continue }
                                    scanRow(i, y)
                                }
                            }
                        }
                    }
                    if let cCur = cls?.cursor, T.self == Float16.self {
                        let caps = ccp.value
                        let hb = UnsafeRawPointer(m.base).assumingMemoryBound(to: UInt16.self)
                        let stride = m.rowStride
                        for i in rows {
                            let y = labels[i]
                            if caps[y] > 0 { cCur.offerUnlessRejected(y, key: Double(halfToFloat(hb[i &* stride &+ y])), index: i) }
                        }
                    } else if let cCur = cls?.cursor, let flags = classFlagsIn.value, let cls {
                        // Small selections: the rows whose given label is not the argmax first
                        // (their p[y] are mostly the smallest), then the argmax rows against the
                        // cutoffs these earned, most rejected by one predictable branch. The keys
                        // are read in place (in cache at these sizes): through the gather's
                        // per-class cursors, each row waited for the previous row's cursor store
                        // (~2 us of a 1000 x 10 'both' call)
                        let caps = ccp.value
                        let argmaxBit = RowFlag.givenIsArgmax
                        for o in others {
                            let i = Int(o)
                            let y = labels[i]
                            if caps[y] > 0 { cCur.offerUnlessRejected(y, key: Double(m.row(i)[y]), index: i) }
                        }
                        cls.tighten()
                        let cut = cls.cutoffs
                        for i in rows {
                            let y = labels[i]
                            let key = Double(m.row(i)[y])
                            let take = (flags[i] & argmaxBit != 0 ? 1 : 0) & (key <= cut[y] ? 1 : 0)
                            if take != 0 && caps[y] > 0 { cCur.offer(y, key: key, index: i) }
                        }
                    } else if let cCur = cls?.cursor, let g = gatheredKeys {
                        // the keys in the gather: row i of class y is at its class's cursor
                        let caps = ccp.value
                        let values = g.values.pointer
                        var cur = Array(g.cursors[(p * k)..<(p * k + k)])
                        cur.withUnsafeMutableBufferPointer { cb in
                            let c = cb.baseAddress!
                            for i in rows {
                                let y = labels[i]
                                let at = c[y]
                                c[y] = at &+ 1
                                if caps[y] > 0 { cCur.offerUnlessRejected(y, key: Double(values[at]), index: i) }
                            }
                        }
                    } else if let cCur = cls?.cursor {
                        let caps = ccp.value
                        for i in rows {
                            let y = labels[i]
                            if caps[y] > 0 { cCur.offerUnlessRejected(y, key: Double(m.row(i)[y]), index: i) }
                        }
                    }
                }
                results.pointer[p] = (noise, cls)
            }
        }}}
        let (noise, cls) = results.pointer[0]
        for p in 1..<Swift.max(parts, 1) {
            if let other = results.pointer[p].0 {
                if owners.value != nil { noise!.mergeDisjoint(other) } else { noise!.merge(other) }
            }
            if let other = results.pointer[p].1 { cls!.merge(other) }
        }
        // a slot that did not fill up under its provisional cutoff may have lost entries
        noise?.finish()
        cls?.finish()
        let noiseTooHigh = preset.map { p in p.indices.contains { p[$0] > -Double.infinity && !noise!.isFull($0) } } ?? false
        let classTooHigh = classPreset.map { p in p.indices.contains { p[$0] < Double.infinity && !cls!.isFull($0) } } ?? false
        if (noiseTooHigh || classTooHigh) && redo {
            // a sampled cutoff was too high: redo without them (exact). (The hints' cutoffs are
            // certain, so they never cause this; the redo drops them anyway, so that it ends.)
            return prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: byNoiseRate,
                             byClass: byClass, maxOther: maxOther, hints: nil, classKeys: classKeys, rowFlags: rowFlags,
                             sampleStride: 0, entry: Entry.self)
        }
        return (noise, cls)
    }

    /// The part that offers each class's rows in the hinted pruning pass (`prunePass`), or nil
    /// where `parts` < 2 or the classes cannot be shared fairly: the classes by decreasing
    /// count (then index), each to the part with the fewest rows so far (the first of equals).
    /// nil when a part would get more than 5/4 of an even share (one dominant class): the
    /// parts then take their own rows. Also nil beyond 4 parts: every part reads all rows'
    /// hints and labels (~12 bytes a row), so that traffic grows with the parts (measured
    /// with 2 only: ~0.8 ms a part at 1e6 rows).
    static func classOwners(counts: [Int], parts: Int) -> UnsafeMutablePointer<Int>? {
        let k = counts.count
        if parts < 2 || parts > 4 || k < parts { return nil }
        let order = (0..<k).sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var load = [Int](repeating: 0, count: parts)
        let owner = UnsafeMutablePointer<Int>.allocate(capacity: k)
        for c in order {
            var best = 0
            for q in 1..<parts where load[q] < load[best] { best = q }
            owner[c] = best
            load[best] &+= counts[c]
        }
        let total = load.reduce(0, +)
        if load.max()! &* 4 &* parts > total &* 5 {
            owner.deallocate()
            return nil
        }
        return owner
    }

    /// prune_by_class's selection sizes: `m_c - pcm[c][c]` rows of each eligible class c
    /// (all of them where that overflows or exceeds `m_c`; none where it is below 1).
    static func classCapacities(pcm: [Int64], counts: [Int], eligible: [Bool]) -> [Int] {
        let k = counts.count
        var caps = [Int](repeating: 0, count: k)
        for c in 0..<k where eligible[c] {
            let (num, overflow) = Int64(counts[c]).subtractingReportingOverflow(pcm[c * k + c])
            if overflow || num >= Int64(counts[c]) { caps[c] = counts[c] } else if num >= 1 { caps[c] = Int(num) }
        }
        return caps
    }

    /// prune_by_class's selections (class c's `caps[c]` rows of smallest `p[c]`, equal values
    /// by lower row first) from the thresholds' gather (`gatheredThresholds`), marked into
    /// `flags` with `bit`; false (nothing done) for float16 or where a class is too large for
    /// the scratch (see below), which the bounded selections serve.
    ///
    /// The gather holds each class's values contiguous and in row order. So a class's cutoff is
    /// a selection over a copy of its run (`rankedSmallest`, with the counts below and equal to
    /// it), and one pass over the rows marks the chosen ones: from K = 32 each run's choice is
    /// written as a byte per element (equal values taken in run order, which is row order) and
    /// read through the class's cursor as the gather wrote it; under 32 classes the pass reads
    /// p[i, y_i] from the row and marks the values at or below the cutoff, and where only some
    /// of the values equal to a cutoff are taken, it marks those below it and a sequential pass
    /// the first equal ones. (The bounded selections took every row as an offer: ~12 ns per row at
    /// 1e6 x 100, one thread.)
    func markClassSelections(caps: [Int], gathered: UnsafePointer<T>, stats: LabelStats,
                             flags: UnsafeMutablePointer<UInt8>, bit: UInt8) -> Bool {
        if T.self == Float16.self { return false }
        let k = self.k, n = self.n, labels = self.labels
        var largest = 0
        for c in 0..<k where caps[c] > 0 && caps[c] < stats.counts[c] { largest = Swift.max(largest, stats.counts[c]) }
        // the selections' scratch (two copies of the largest class per thread) within ~8 bytes
        // per example (was: n / 8 rows; 1e6 x 10's largest class holds a fifth of the rows, and
        // the bounded selections' pass it took was slower: prune_by_class 9.9 -> 7.4 ms with
        // this path and the narrow marks below)
        let scratchParts = Swift.min(parts, k)
        if largest > Swift.max(n &* 8 / (2 &* MemoryLayout<T>.stride &* scratchParts), 1 << 16) { return false }
        let gParts = stats.parts
        let narrow = k < rowScanMinColumns
        let m = self.m
        if !narrow {
            // Wide rows: each class's choice is written per element of its run (`chosen`, a byte
            // per example, in the gather's order) while the run is in cache, equal values taken
            // in row order, then one pass over the rows marks them, each class's bytes read
            // through the part's cursor. (The marks read the gather itself through the cursors:
            // ~100 read streams at K = 100, a cache miss every 16 rows that the prefetchers did
            // not see coming; the bytes are four times denser and just written. prune_by_class
            // at 1e6 x 100 float32, 2 threads: the marks 1.5-1.9 -> ~0.5 ms.)
            let chosen = UncheckedSendable(UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1)))
            defer { chosen.value.deallocate() }
            var ranks = [Int](repeating: 0, count: k)
            for c in 0..<k where stats.counts[c] > 0 {
                let run = chosen.value + stats.classStart[c]
                if caps[c] >= stats.counts[c] {
                    run.update(repeating: 1, count: stats.counts[c])
                } else if caps[c] > 0 {
                    ranks[c] = caps[c]
                } else {
                    run.update(repeating: 0, count: stats.counts[c])
                }
            }
            let classStart = stats.classStart
            classRankedSmallest(values: gathered, counts: stats.counts, rank: ranks, parts: parts) { c, run, r in
                let out = chosen.value + classStart[c]
                let size = stats.counts[c], v = r.value
                let need = caps[c] &- r.below
                if need == r.equal {
                    for e in 0..<size { out[e] = unsafeBitCast(run[e] <= v, to: UInt8.self) }
                } else {
                    // the first `need` of the values equal to the cutoff (row order)
                    var left = need
                    for e in 0..<size {
                        let x = run[e]
                        // (`bit` is the flag here: the lane tests by unsafeBitCast)
                        let equal = unsafeBitCast(x == v, to: UInt8.self) & unsafeBitCast(left > 0, to: UInt8.self)
                        left &-= Int(equal)
                        out[e] = unsafeBitCast(x < v, to: UInt8.self) | equal
                    }
                }
            }
            let cursors = SharedBuffer<Int>(repeating: 0, count: gParts * k)
            cursors.pointer.update(from: stats.partCursors, count: gParts * k)
            forEachPart(gParts) { p in
                let cur = cursors.pointer + p &* k
                let marks = chosen.value
                for i in partRange(p, of: gParts, count: n) {
                    let y = labels[i]
                    let e = cur[y]
                    cur[y] = e &+ 1
                    flags[i] |= marks[e] &* bit
                }
            }
            return true
        }
        // Narrow rows: per class, mark values <= markAt (-infinity: none; +infinity: all); where
        // the values equal to the cutoff are taken only in part, markAt is below it and `tie`
        // holds it
        let markAt = SharedBuffer<T>(repeating: -T.infinity, count: k)
        let tie = SharedBuffer<T>(repeating: 0, count: k)
        let tiesTaken = SharedBuffer<Int>(repeating: 0, count: k)   // > 0: the first these of the ties
        var ranks = [Int](repeating: 0, count: k)
        for c in 0..<k where caps[c] > 0 && stats.counts[c] > 0 {
            if caps[c] >= stats.counts[c] { markAt.pointer[c] = T.infinity } else { ranks[c] = caps[c] }
        }
        classRankedSmallest(values: gathered, counts: stats.counts, rank: ranks, parts: parts) { c, _, r in
            let need = caps[c] &- r.below
            if need == r.equal {
                markAt.pointer[c] = r.value
            } else {
                markAt.pointer[c] = r.value.nextDown
                tie.pointer[c] = r.value
                tiesTaken.pointer[c] = need
            }
        }
        // the marks, reading p[i, y_i] from the rows (two cache lines at most under 32 classes):
        // the gather's per-class cursors cost ~7 ns a row at 1e6 x 10 (a chain of loads and
        // stores), a read of the rows runs at memory speed
        forEachPart(gParts) { p in
            let at = markAt.pointer
            // v <= at as the sign bit of at - v (exact: +0 where equal; -infinity and
            // +infinity cutoffs give -infinity and +infinity): the comparison compiled to a
            // branch, mispredicted on the marked rows
            for i in partRange(p, of: gParts, count: n) {
                let y = labels[i]
                let d = at[y] - m.row(i)[y]
                let below: UInt8 = T.self == Float.self
                    ? UInt8(truncatingIfNeeded: unsafeBitCast(d, to: UInt32.self) >> 31)
                    : UInt8(truncatingIfNeeded: unsafeBitCast(d, to: UInt64.self) >> 63)
                flags[i] |= (below ^ 1) &* bit
            }
        }
        if (0..<k).contains(where: { tiesTaken.pointer[$0] > 0 }) {
            var cur = Array(stats.classStart[0..<k])
            let left = tiesTaken.pointer
            for i in 0..<n {
                let y = labels[i]
                let e = cur[y]
                cur[y] = e &+ 1
                if left[y] > 0 && gathered[e] == tie.pointer[y] {
                    flags[i] |= bit
                    left[y] &-= 1
                }
            }
        }
        return true
    }

    /// A value above every margin `p[j] - p[y]` (computed in T) of a row flagged
    /// `RowFlag.givenIsArgmax`: there `p[j] <= p[y] + 1e-6` (the sum rounded in T), so the
    /// margin is at most 1e-6 plus half an ulp of a value below 1 (float32: < 1.04e-6).
    /// 2^-19 ~ 1.9e-6, exact in float32 and float64, so a screen in T and a test in Double
    /// draw the same line.
    static var argmaxMarginBound: Double { 0x1p-19 }

    /// Offers row i's margins `row[slotTrue[s]] - py` (in T) to the slots `slots` of its class,
    /// each unless the slot's cutoff rejects it (and, with `below`, only margins under it).
    @inline(__always)
    func offerMargins<Entry: SelectionEntry>(_ cur: BoundedSelection<Entry>.Cursor, _ row: UnsafePointer<T>, _ py: T, _ i: Int,
                                             _ slots: Range<Int>, _ slotTrue: UnsafePointer<Int>, below: Double? = nil) {
        var s = slots.lowerBound
        while s < slots.upperBound {
            let margin: T = row[slotTrue[s]] - py
            let key = Double(margin)
            if (below.map { key < $0 } ?? true) && !cur.rejects(s, key: key) { cur.offer(s, key: key, index: i) }
            s &+= 1
        }
    }

    /// The sample selections' capacities r = mu + t for selections of c (mu = c / stride): the
    /// sample holds r of a slot's c best keys (so its cutoff would be too tight) with
    /// probability below 1e-7 (Bernstein's inequality: exp(-t^2 / (2 (mu + t / 3))), with
    /// ln(1e7) ~ 16.1).
    static func sampleCapacities(_ caps: [Int], stride: Int) -> [Int] {
        caps.map { c -> Int in
            if c == 0 { return 0 }
            let mu = Double(c) / Double(stride)
            let t = (10.75 + (115.6 + 128.9 * mu).squareRoot()) / 2
            return Int((mu + t).rounded(.up))
        }
    }

    /// The merged sample selection of `sampledCutoffs` / `sampledClassCutoffs`: every
    /// `stride`-th row `i` (in parts) offered by `offerRow(cursor, i)` to selections of the
    /// sample capacities of `caps`.
    func sampleSelection<Entry: SelectionEntry>(caps: [Int], largestFirst: Bool, stride: Int, parts: Int, entry: Entry.Type,
                                                _ offerRow: (BoundedSelection<Entry>.Cursor, Int) -> Void) -> BoundedSelection<Entry> {
        let n = self.n, k = self.k, m = self.m
        let sampleCaps = Dataset.sampleCapacities(caps, stride: stride)
        let results = SharedBuffer<BoundedSelection<Entry>?>(repeating: nil, count: parts)
        let touchedSink = SharedBuffer<UInt32>(repeating: 0, count: parts)   // (keeps the touch loads)
        forEachPart(parts) { p in
            let sel = BoundedSelection<Entry>(capacities: sampleCaps, largestFirst: largestFirst)
            let cur = sel.cursor
            let rows = partRange(p, of: parts, count: n)
            var i = (rows.lowerBound + stride - 1) / stride * stride
            // batches of 32 sampled rows, each batch's rows first touched by a branch-free loop
            // so that their cache misses overlap (behind the offers' branches they came one at a
            // time: 73 % of this pass was waiting on the sampled rows at 1e6 x 10)
            var sink: UInt32 = 0
            let last = (k &- 1) &* MemoryLayout<T>.stride
            withExtendedLifetime(sel) {
                while i < rows.upperBound {
                    var t = i
                    var touched = 0
                    while t < rows.upperBound && touched < 32 {
                        let raw = UnsafeRawPointer(m.row(t))
                        sink &+= UInt32(raw.load(as: UInt16.self)) &+ UInt32(raw.load(fromByteOffset: last, as: UInt16.self))
                        t &+= stride
                        touched &+= 1
                    }
                    while i < t {
                        offerRow(cur, i)
                        i &+= stride
                    }
                }
            }
            touchedSink.pointer[p] = sink
            results.pointer[p] = sel
        }
        let sel = results.pointer[0]!
        for p in 1..<Swift.max(parts, 1) { sel.merge(results.pointer[p]!) }
        sel.finish()
        return sel
    }

    /// The provisional cutoffs of `prunePass` (float32 / float64): every `stride`-th row's margins
    /// offered to selections of capacity r (`sampleCapacities`); -infinity for a slot whose
    /// selection does not fill up.
    func sampledCutoffs<Entry: SelectionEntry>(slotStart: [Int], slotTrue: [Int], caps: [Int], stride: Int, parts: Int,
                                               entry: Entry.Type) -> [Double] {
        let m = self.m, labels = self.labels
        let sel = slotStart.withUnsafeBufferPointer { ssb in
            slotTrue.withUnsafeBufferPointer { stb in
                let slotStart = ssb.baseAddress!, slotTrue = stb.baseAddress!
                return sampleSelection(caps: caps, largestFirst: true, stride: stride, parts: parts, entry: entry) { cur, i in
                    let y = labels[i]
                    let row = m.row(i)
                    offerMargins(cur, row, row[y], i, slotStart[y] ..< slotStart[y + 1], slotTrue)
                }
            }
        }
        return (0..<caps.count).map { sel.worstKeptKey($0) ?? -Double.infinity }
    }

    /// Certain lower bounds of the pruning selections' final cutoffs from `hints`: each located
    /// row's known margin (`margin1`, rounded down to a 16-bit order image) goes to the bucket
    /// of its (y, j1) slot, its margin lower bound (`bound2`'s image below) to that of (y, j2);
    /// a slot's cutoff is the `caps[s]`-th largest key of its bucket (keys of distinct rows,
    /// each at most the row's margin against the slot's class, so at most the slot's final
    /// cutoff), or -infinity for a bucket with fewer keys.
    ///
    /// Two passes over the hints (count, then place) and a selection per bucket. (It replaced
    /// offers of the same keys, exact, to bounded selections, most of them accepted: at
    /// 1e6 x 100 float32, 2 threads, 11 -> 4.4 ms; the 16-bit keys give slightly lower cutoffs.)
    func hintedCutoffs(slots: SlotLookup, caps: [Int], hints: PruneHints<T>, parts: Int) -> [Double] {
        let n = self.n, k = self.k, labels = self.labels, slotCount = caps.count
        let unknown = hints.unknown
        let table = slots.table!   // (hints are kept for k <= 256, which has the table)
        // The located rows of `rows` (pair known), listed in chunks without a branch per row
        // (located or not is random), then each listed row's two slots, or the spare slot
        // `slotCount` (rarely: a pair without a slot) that collects the rest.
        @inline(__always) func forEachLocated(_ rows: Range<Int>, _ list: UnsafeMutablePointer<UInt32>,
                                              _ body: (Int, Int, Int) -> Void) {
            var start = rows.lowerBound
            while start < rows.upperBound {
                let end = Swift.min(start &+ 1024, rows.upperBound)
                var listed = 0
                // (x | -x) >> 31 is 1 for x != 0: a comparison here compiled to a branch
                if hints.widePairs {
                    let pairs = hints.pairs.assumingMemoryBound(to: UInt32.self)
                    for i in start..<end {
                        list[listed] = UInt32(truncatingIfNeeded: i &- start)
                        let x = pairs[i] ^ unknown
                        listed &+= Int((x | (0 &- x)) >> 31)
                    }
                } else {
                    let pairs = hints.pairs.assumingMemoryBound(to: UInt16.self)
                    for i in start..<end {
                        list[listed] = UInt32(truncatingIfNeeded: i &- start)
                        let x = UInt32(pairs[i]) ^ unknown
                        listed &+= Int((x | (0 &- x)) >> 31)
                    }
                }
                for t in 0..<listed {
                    let i = start &+ Int(list[t])
                    let pair = hints.pair(i)
                    let y = labels[i]
                    let s1 = Int(table[y &* k &+ hints.first(pair)]), s2 = Int(table[y &* k &+ hints.second(pair)])
                    body(i, s1 < 0 ? slotCount : s1, s2 < 0 ? slotCount : s2)
                }
                start = end
            }
        }
        // per part, per slot (and the spare): the count, then the write position
        let stride = slotCount &+ 1
        let at = SharedBuffer<Int>(repeating: 0, count: parts &* stride)
        forEachPart(parts) { p in
            let c = at.pointer + p &* stride
            let list = UnsafeMutablePointer<UInt32>.allocate(capacity: 1024)
            defer { list.deallocate() }
            forEachLocated(partRange(p, of: parts, count: n), list) { _, s1, s2 in
                c[s1] &+= 1
                c[s2] &+= 1
            }
        }
        // buckets in slot order, each split by part; the spare slot writes to one cell past
        // them, without advancing
        var bucketStart = [Int](repeating: 0, count: slotCount + 1)
        var total = 0, largest = 0
        for s in 0..<slotCount {
            bucketStart[s] = total
            for p in 0..<parts {
                let c = at.pointer[p &* stride &+ s]
                at.pointer[p &* stride &+ s] = total
                total &+= c
            }
            largest = Swift.max(largest, total &- bucketStart[s])
        }
        bucketStart[slotCount] = total
        for p in 0..<parts { at.pointer[p &* stride &+ slotCount] = total }
        let keys = UncheckedSendable(UnsafeMutablePointer<UInt16>.allocate(capacity: total &+ 1))
        defer { keys.value.deallocate() }
        forEachPart(parts) { p in
            let w = at.pointer + p &* stride
            let out = keys.value
            let list = UnsafeMutablePointer<UInt32>.allocate(capacity: 1024)
            defer { list.deallocate() }
            forEachLocated(partRange(p, of: parts, count: n), list) { i, s1, s2 in
                // (bound2 = 0: the key 0 decodes to -infinity)
                let b2 = hints.bound2[i]
                // (complemented: the selection below takes the smallest)
                out[w[s1]] = ~PruneHints<T>.lowerImage(float: hints.margin1[i])
                w[s1] &+= s1 != slotCount ? 1 : 0
                out[w[s2]] = ~(b2 &- (b2 != 0 ? 1 : 0))
                w[s2] &+= s2 != slotCount ? 1 : 0
            }
        }
        let cut = SharedBuffer<Double>(repeating: -Double.infinity, count: Swift.max(slotCount, 1))
        bucketStart.withUnsafeBufferPointer { bsb in
            let bs = UncheckedSendable(bsb.baseAddress!)
            forEachPart(parts) { p in
                let scratch = UnsafeMutablePointer<UInt16>.allocate(capacity: Swift.max(largest, 1))
                defer { scratch.deallocate() }
                for s in partRange(p, of: parts, count: slotCount) {
                    let lo = bs.value[s], size = bs.value[s &+ 1] &- lo, c = caps[s]
                    if c == 0 || size < c { continue }
                    let top = ~rankedSmallest(keys.value + lo, count: size, rank: c, scratch: scratch).value
                    cut.pointer[s] = PruneHints<T>.value(ofImage: UInt32(top) << 16)
                }
            }
        }
        return Array(UnsafeBufferPointer(start: cut.pointer, count: slotCount))
    }

    /// Each class's `top[c]` smallest p[i, y_i], ascending, from the thresholds' gather (`values`:
    /// grouped by class in row order, `counts` per class; validated values). For
    /// `selfBoundCutoffs`.
    func classSmallest(values: UnsafePointer<T>, counts: [Int], top: [Int], parts: Int) -> [[T]] {
        let k = counts.count
        let out = SharedBuffer<[T]>(repeating: [], count: k)
        let ranks = (0..<k).map { Swift.min(top[$0], counts[$0]) }
        classRankedSmallest(values: values, counts: counts, rank: ranks, parts: parts) { c, run, r in
            var smallest = [T]()
            smallest.reserveCapacity(ranks[c])
            for e in 0..<counts[c] where run[e] <= r.value { smallest.append(run[e]) }
            smallest.sort()
            out.pointer[c] = Array(smallest.prefix(ranks[c]))
        }
        return Array(UnsafeBufferPointer(start: out.pointer, count: k))
    }

    /// For each class c with `rank[c] >= 1` (at most its count): the `rank[c]`-th smallest of
    /// its run in the thresholds' gather (`values`, grouped by class in row order, `counts` per
    /// class) with how many values are below and equal to it (`rankedSmallest` over a copy),
    /// passed with the run to `body` (called from up to `parts` threads, once per class).
    func classRankedSmallest(values: UnsafePointer<T>, counts: [Int], rank: [Int], parts: Int,
                             _ body: (Int, UnsafePointer<T>, (value: T, below: Int, equal: Int)) -> Void) {
        let k = counts.count
        let classStart = LabelStats.runStarts(counts)
        var largest = 0
        for c in 0..<k where rank[c] > 0 { largest = Swift.max(largest, counts[c]) }
        if largest == 0 { return }
        let classParts = Swift.min(parts, Swift.max(k, 1))
        // each part takes a run of classes holding about an equal share of the values to select
        // from (split by class count, the largest classes' part did most of the work: 1e6 x 10,
        // Zipf-like class sizes, ~65 % of the values on one thread)
        var work = 0
        for c in 0..<k where rank[c] > 0 { work &+= counts[c] }
        var firstClass = [Int](repeating: k, count: classParts + 1)
        firstClass[0] = 0
        var seen = 0, part = 1
        for c in 0..<k where rank[c] > 0 {
            while part < classParts && seen &* classParts >= part &* work { firstClass[part] = c; part &+= 1 }
            seen &+= counts[c]
        }
        let partClasses = firstClass
        classStart.withUnsafeBufferPointer { csb in
            let cs = UncheckedSendable(csb.baseAddress!)
            forEachPart(classParts) { p in
                let scratch = UnsafeMutablePointer<T>.allocate(capacity: 2 &* largest)
                defer { scratch.deallocate() }
                for c in partClasses[p]..<partClasses[p &+ 1] where rank[c] > 0 {
                    let size = counts[c]
                    let run = values + cs.value[c]
                    scratch.update(from: run, count: size)
                    body(c, run, rankedSmallest(scratch, count: size, rank: rank[c], scratch: scratch + size))
                }
            }
        }
    }

    /// Certain lower bounds of the pruning selections' cutoffs from p[i, y_i]: every margin
    /// `p[j] - p[y]` is at least `-p[y] - 2e-6` (p[j] >= -1e-6, the difference rounded in T), so
    /// a slot of capacity c of class y has a cutoff of at least -(the c-th smallest p[y] of the
    /// class) - 2e-6 (`smallest`: `classSmallest`; -infinity where it holds fewer than c).
    ///
    /// Measured: the row-bound pass (K > 256) started at -infinity and, with a few entries per
    /// slot and ~40 slots per class, the lowest cutoff of a class stayed low: ~96 % of the rows
    /// were read at 1.28M x 1000 (pruning pass 338 -> 161 ms with these bounds). With the hints
    /// (K <= 256) 11 of the 8767 slots at 1e6 x 100 had no hinted cutoff, which left their
    /// classes' rows to read: the pass started with 29.5 % of the rows to read, 18.4 % with
    /// these bounds.
    static func selfBoundCutoffs(slotStart starts: [Int], caps: [Int], smallest: [[T]]) -> [Double] {
        var cut = [Double](repeating: -Double.infinity, count: caps.count)
        for c in 0..<smallest.count where starts[c] < starts[c + 1] {
            let values = smallest[c]
            for s in starts[c]..<starts[c + 1] where caps[s] > 0 && caps[s] <= values.count {
                cut[s] = -Double(values[caps[s] &- 1]) - 2e-6
            }
        }
        return cut
    }

    /// `sampledClassCutoffs` from the thresholds' gather: every `stride`-th key of each class's
    /// contiguous run (the position in the run stands in for the row index: only the cutoff is
    /// used, and `prunePass` checks the selections fill up under it).
    func sampledGatheredClassCutoffs<Entry: SelectionEntry>(caps: [Int], values: UnsafePointer<T>, classStart: [Int],
                                                            stride: Int, entry: Entry.Type) -> [Double] {
        let k = self.k
        let sel = BoundedSelection<Entry>(capacities: Dataset.sampleCapacities(caps, stride: stride), largestFirst: false)
        let cur = sel.cursor
        withExtendedLifetime(sel) {
            for c in 0..<k where caps[c] > 0 {
                var e = classStart[c]
                while e < classStart[c + 1] {
                    cur.offerUnlessRejected(c, key: Double(values[e]), index: e)
                    e &+= stride
                }
            }
        }
        sel.finish()
        return (0..<caps.count).map { caps[$0] == 0 ? Double.infinity : sel.worstKeptKey($0) ?? Double.infinity }
    }

    /// `sampledCutoffs` for the prune_by_class selections (the `caps[c]` smallest `p[y]` of class
    /// c): +infinity for a class whose sample selection does not fill up.
    func sampledClassCutoffs<Entry: SelectionEntry>(caps: [Int], stride: Int, parts: Int, entry: Entry.Type) -> [Double] {
        let m = self.m, labels = self.labels
        let sel = sampleSelection(caps: caps, largestFirst: false, stride: stride, parts: parts, entry: entry) { cur, i in
            let y = labels[i]
            let key = Double(m.row(i)[y])
            if !cur.rejects(y, key: key) { cur.offer(y, key: key, index: i) }
        }
        return (0..<caps.count).map { caps[$0] == 0 ? Double.infinity : sel.worstKeptKey($0) ?? Double.infinity }
    }
}
