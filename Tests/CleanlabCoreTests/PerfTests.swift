import Testing
@testable import CleanlabCore

/// The fast paths of the performance work against the straightforward paths they replace.
@Suite("Fast paths equal the reference paths")
struct PerfTests {
    /// A small deterministic generator (xorshift64*).
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27
            return s &* 2685821657736338717
        }
        mutating func unit() -> Double { Double(next() >> 11) / 9007199254740992.0 }
    }

    /// n random rows of K probabilities: a class y per row (the given label is another random
    /// class one time in `relabel`, 0: never), `boost` added to p[y] before normalising, p[y+1]
    /// set equal to p[y] one time in `tieEvery` (0: never), every value rounded to a multiple of
    /// 1/q when q > 0 (ties).
    static func randomRows<T: ProbabilityScalar>(n: Int, k: Int, seed: UInt64, q: Int, relabel: Int = 0, tieEvery: Int = 0,
                                                 boost: (inout Rng) -> Double) -> (probs: [T], labels: [Int64]) {
        var rng = Rng(s: seed)
        var probs = [T](repeating: 0, count: n * k)
        var labels = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let y = Int(rng.next() % UInt64(k))
            labels[i] = Int64(relabel > 0 && rng.next() % UInt64(relabel) == 0 ? rng.next() % UInt64(k) : UInt64(y))
            var row = (0..<k).map { _ in rng.unit() }
            row[y] += boost(&rng)
            if tieEvery > 0 && rng.next() % UInt64(tieEvery) == 0 { row[(y + 1) % k] = row[y] }
            let s = row.reduce(0, +)
            for j in 0..<k {
                var v = row[j] / s
                if q > 0 { v = (v * Double(q)).rounded() / Double(q) }
                probs[i * k + j] = T(v)
            }
        }
        return (probs, labels)
    }

    @Test("halfToFloat equals Float(Float16) for all 65,536 bit patterns")
    func halfToFloatExhaustive() {
        var mismatches = 0
        for h in 0...0xFFFF {
            let fast = halfToFloat(UInt16(h))
            let reference = Float(Float16(bitPattern: UInt16(h)))
            if !(fast.bitPattern == reference.bitPattern || (fast.isNaN && reference.isNaN)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("pairwiseSumHalf equals the generic pairwise sum in Float", arguments: [1, 7, 8, 9, 127, 128, 129, 300, 1000, 8192])
    func pairwiseHalf(count: Int) {
        var rng = Rng(s: 0x9E3779B97F4A7C15 &+ UInt64(count))
        var values = (0..<count).map { _ in Float16(rng.unit() * (rng.next() % 4 == 0 ? 1e-5 : 1)) }
        if count > 3 { values[1] = -0.0; values[2] = Float16(bitPattern: 0x0001) }   // -0, smallest subnormal
        values.withUnsafeBufferPointer { b in
            let reference = pairwiseSum(b.baseAddress!, count: count, as: Float.self)
            let fast = pairwiseSumHalf(UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: UInt16.self), count: count)
            #expect(fast.bitPattern == reference.bitPattern)
        }
    }

    /// float16 takes `jointPassHalf`, whose loop with `maxOther` is a separate one from the loop
    /// without. Both must give the same joint and flags, on tie-heavy rows too (values quantised
    /// to multiples of 1/q).
    @Test("float16 joint pass: the loops with and without maxOther agree", arguments: [(2, 0), (10, 0), (10, 8), (37, 0), (40, 5)])
    func jointHalf(k: Int, q: Int) {
        let n = 3000
        let (probs, labels): ([Float16], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 1000 + q + 1), q: q) { 2 * $0.unit() }
        probs.withUnsafeBufferPointer { pb in
            labels.withUnsafeBufferPointer { lb in
                let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                for threads in [1, 2] {
                    let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                    let stats = try! ds.labelPass()
                    let cut = ds.cutoffs(ds.thresholds(stats))
                    var flagsFast = [UInt8](repeating: 0, count: n)
                    var flagsRef = [UInt8](repeating: 0, count: n)
                    var other = [Float16](repeating: 0, count: n)
                    let fast = flagsFast.withUnsafeMutableBufferPointer { try! ds.jointPass(cutoffs: cut, flags: $0.baseAddress!) }
                    let ref = flagsRef.withUnsafeMutableBufferPointer { f in
                        other.withUnsafeMutableBufferPointer { try! ds.jointPass(cutoffs: cut, flags: f.baseAddress!, maxOther: $0.baseAddress!) }
                    }
                    #expect(fast == ref)
                    #expect(flagsFast == flagsRef)
                    #expect(fast.reduce(0, +) > 0)
                }
            }
        }
    }

    /// argsortAscending sorts up to 2048 keys by comparison (of integer words when every key is
    /// a float32 value, else of pairs) and more by radix (32-bit images when every key is a
    /// float32 value, else 64-bit); each must equal a stable sort by (key, index) with
    /// -0.0 == +0.0 and NaN last, with keys indexed by id or compact.
    @Test("argsortAscending equals a stable reference sort",
          arguments: [(5, false), (2048, false), (2049, false), (5000, false), (5, true), (300, true), (2048, true),
                      (2049, true), (5000, true), (70000, true)])
    func argsortMatchesReference(m: Int, floatKeys: Bool) {
        var rng = Rng(s: UInt64(m))
        let n = m + m / 3
        var keys = (0..<n).map { _ in (rng.unit() * 20).rounded() / 20 - 0.5 }   // many ties
        if floatKeys {
            // float32 values (scores of float32 input), some negative, one digit varying only
            keys = keys.enumerated().map { i, v in Double(Float(i % 3 == 0 ? v : v * rng.unit())) }
        }
        for i in Swift.stride(from: 0, to: n, by: 17) { keys[i] = -0.0 }
        for i in Swift.stride(from: 5, to: n, by: 23) { keys[i] = .nan }
        var ids = (0..<n).filter { _ in rng.next() % 4 != 0 }
        ids = Array(ids.prefix(m))
        let got = keys.withUnsafeBufferPointer { argsortAscending($0, ids) }
        let compact = ids.map { keys[$0] }
        #expect(compact.withUnsafeBufferPointer { argsortAscending($0, ids, compactKeys: true) } == got)
        let expected = ids.sorted { a, b in
            let ka = keys[a], kb = keys[b]
            if ka.isNaN != kb.isNaN { return kb.isNaN }   // numbers before NaN
            if ka.isNaN { return a < b }
            return ka < kb || (ka == kb && a < b)
        }
        #expect(got == expected)
    }

    /// The joint pass of float32/float64 rows of K >= 32 takes the vector row scan (RowScan.swift);
    /// it must give cleanlab's definitions, computed here element by element: the first argmax,
    /// the count of confident classes (`p >= cutoff`), `argmax(p + 1e-6 onehot(y)) == y` and
    /// the margin bound `max_{j != y} p[j] - p[y]`, on tie-heavy rows too (values quantised to
    /// multiples of 1/q).
    /// Rows of K < 32 take the scalar scans (two rows per trip; with `maxOther`, one row).
    @Test("vector row scan: the joint pass equals an element-by-element reference",
          arguments: [(3, 0), (10, 0), (16, 4), (31, 8), (32, 0), (33, 0), (40, 16), (100, 0), (100, 64), (257, 0), (1000, 400)])
    func rowScanJoint(k: Int, q: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 601   // odd: the two-rows-per-trip scan ends with a single row
            let (generated, labels): ([T], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 7919 + q + 3), q: q,
                                                                            relabel: 5) { Double(k) * $0.unit() / 4 }
            // exact ties of another class with p[y] and with p[y] + 1e-6 (cleanlab's
            // given-is-argmax test), before y in some rows and after it in others
            var probs = generated
            for i in Swift.stride(from: 0, to: n, by: 3) {
                let y = Int(labels[i]), j = (y + 1 + i * 7) % k
                if j != y { probs[i * k + j] = i % 2 == 0 ? probs[i * k + y] : probs[i * k + y] + T(1e-6) }
            }
            probs.withUnsafeBufferPointer { pb in
                labels.withUnsafeBufferPointer { lb in
                    let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                    for threads in [1, 2] {
                        let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                        let stats = try! ds.labelPass()
                        let cut = ds.cutoffs(ds.thresholds(stats))
                        var flags = [UInt8](repeating: 0, count: n)
                        var other = [T](repeating: 0, count: n)
                        let joint = flags.withUnsafeMutableBufferPointer { f in
                            other.withUnsafeMutableBufferPointer { try! ds.jointPass(cutoffs: cut, flags: f.baseAddress!, maxOther: $0.baseAddress!) }
                        }
                        var refJoint = [Int](repeating: 0, count: k * k)
                        var refOther = [T](repeating: 0, count: n)   // max_{j != y} p[j]
                        var mismatches = 0
                        for i in 0..<n {
                            let row = Array(probs[(i * k)..<(i * k + k)])
                            let y = Int(labels[i])
                            var amax = 0
                            for j in 1..<k where row[j] > row[amax] { amax = j }
                            let conf = (0..<k).filter { row[$0] >= cut[$0] }
                            var f: UInt8 = 0
                            if !conf.isEmpty {
                                let guess = conf.count > 1 ? amax : conf[0]
                                refJoint[y * k + guess] += 1
                                if guess != y { f |= RowFlag.offDiagonal }
                            }
                            if amax != y { f |= RowFlag.predictedNeqGiven }
                            var adjusted = row
                            adjusted[y] = row[y] + T(1e-6)
                            var amaxAdj = 0
                            for j in 1..<k where adjusted[j] > adjusted[amaxAdj] { amaxAdj = j }
                            if amaxAdj == y { f |= RowFlag.givenIsArgmax }
                            var mo = -T.infinity
                            for j in 0..<k where j != y && row[j] > mo { mo = row[j] }
                            refOther[i] = mo
                            // (maxOther holds the margin bound)
                            if f != flags[i] || mo - row[y] != other[i] { mismatches += 1 }
                        }
                        #expect(mismatches == 0)
                        #expect(joint == refJoint)
                        // validating inside the scan and writing the low_* filters' scores
                        // changes nothing else; the scores are `scores`' own
                        for method in [RankBy.selfConfidence, .normalizedMargin] where ds.jointPassScores(method) {
                            var flags2 = [UInt8](repeating: 0, count: n)
                            var fused = [Double](repeating: -1, count: n)
                            var plain = [Double](repeating: -2, count: n)
                            let joint2 = flags2.withUnsafeMutableBufferPointer { f in
                                fused.withUnsafeMutableBufferPointer {
                                    try! ds.jointPass(cutoffs: cut, flags: f.baseAddress!, scores: ($0.baseAddress!, method), validate: true)
                                }
                            }
                            plain.withUnsafeMutableBufferPointer { ds.scores(method: method, adjust: nil, out: $0.baseAddress!) }
                            #expect(joint2 == refJoint)
                            #expect(flags2 == flags)
                            #expect(fused == plain)
                            var refScores = [Double](repeating: 0, count: n)
                            for i in 0..<n {
                                let y = Int(labels[i])
                                let py = probs[i * k + y]
                                refScores[i] = method == .selfConfidence ? Double(py) : Double((py - refOther[i] + 1) / 2)
                            }
                            #expect(fused == refScores)
                        }
                    }
                }
            }
        }
        run(Float.self)
        run(Double.self)
    }

    /// `jointPass(validate: true)` checks wide rows inside the vector row scan (a running minimum
    /// and sum, the maxima it keeps anyway) and narrow ones block by block. It must reject exactly
    /// what `probabilityPass()` rejects, with the same error for the same first invalid row,
    /// wherever the value sits in the row (first vector, y's vector, the overlapping tail), and
    /// accept the edge values of the tolerance.
    @Test("jointPass(validate:) rejects exactly what probabilityPass rejects", arguments: [10, 32, 33, 100, 1000])
    func jointPassValidation(k: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 300
            var rng = Rng(s: UInt64(k) &* 31 &+ 5)
            var base = [T](repeating: 0, count: n * k)
            var labels = [Int64](repeating: 0, count: n)
            for i in 0..<n {
                labels[i] = Int64(i < k ? i % k : Int(rng.next() % UInt64(k)))
                var row = (0..<k).map { _ in rng.unit() }
                row[Int(labels[i])] += Double(k) / 3
                let s = row.reduce(0, +)
                for j in 0..<k { base[i * k + j] = T(row[j] / s) }
            }
            let bad: [T] = [.nan, .infinity, -.infinity, T(-0.01), T(1.01), T(-1e-6).nextDown, T(1.000001).nextUp]
            let edge: [T] = [T(-1e-6), T(1.000001), T(-0.0), 0, 1]
            var rejected = 0, accepted = 0
            for trial in 0..<40 {
                var probs = base
                let r = Int(rng.next() % UInt64(n))
                let y = Int(labels[r])
                let spots = [0, 7, 8, y, Swift.max(y - 1, 0), Swift.min(y + 1, k - 1), k - 1, Swift.max(k - 8, 0), Int(rng.next() % UInt64(k))]
                let j = spots[trial % spots.count]
                let isBad = trial % 3 != 2
                probs[r * k + j] = isBad ? bad[trial % bad.count] : edge[trial % edge.count]
                // a second invalid value in a later row: the first one must be reported
                if isBad && r + 7 < n { probs[(r + 7) * k] = .nan }
                probs.withUnsafeBufferPointer { pb in
                    labels.withUnsafeBufferPointer { lb in
                        let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                        for threads in [1, 2] {
                            let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                            let stats = try! ds.labelPass()
                            let cut = ds.cutoffs(ds.thresholds(stats))
                            var flags = [UInt8](repeating: 0, count: n)
                            var expected: CleanlabError? = nil
                            do throws(CleanlabError) { try ds.probabilityPass() } catch { expected = error }
                            do throws(CleanlabError) {
                                _ = try flags.withUnsafeMutableBufferPointer { f throws(CleanlabError) in
                                    try ds.jointPass(cutoffs: cut, flags: f.baseAddress!, validate: true)
                                }
                                #expect(expected == nil, "k \(k) row \(r) column \(j): \(expected?.message ?? "")")
                                accepted += 1
                            } catch {
                                #expect(error.code == expected?.code)
                                #expect(error.message == expected?.message)
                                #expect(error.message.contains("pred_probs[\(r), \(j)]"))
                                rejected += 1
                            }
                        }
                    }
                }
            }
            #expect(rejected > 0 && accepted > 0)
        }
        run(Float.self)
        run(Double.self)
    }

    /// The float32 `allWithin` (vector minimum, maximum and sum) against an element-by-element
    /// check: one value at a time set to NaN, an infinity, just outside or exactly at the bounds,
    /// at every position of counts that are and are not multiples of 8.
    @Test("allWithin (float32) equals an element-by-element check", arguments: [1, 7, 8, 9, 16, 37, 100])
    func allWithinFloat(count: Int) {
        let lo = Float(-1e-6), hi = Float(1.000001)
        let specials: [Float] = [.nan, .infinity, -.infinity, lo.nextDown, hi.nextUp, lo, hi, -0.0, 0, 1, 2, -1]
        var rng = Rng(s: UInt64(count) &+ 99)
        var values = (0..<count).map { _ in Float(rng.unit()) }
        var mismatches = 0, rejected = 0
        for at in 0..<count {
            for v in specials {
                let old = values[at]
                values[at] = v
                let expected = values.allSatisfy { $0 >= lo && $0 <= hi }
                let got = values.withUnsafeBufferPointer { allWithin($0.baseAddress!, count: count, lo: lo, hi: hi) }
                if got != expected { mismatches += 1 }
                if !got { rejected += 1 }
                values[at] = old
            }
        }
        #expect(mismatches == 0)
        #expect(rejected > 0)
    }

    /// `validatedScores` (one read validating and scoring) against the plain scores: each row's
    /// self-confidence and normalized margin in T, for every kernel (K < 8, the short-row vector
    /// maximum for 8 <= K < 32, the row scan from 32), tie-heavy rows and values at the edges of
    /// the valid range; and the error of an invalid value equals `probabilityPass()`'s.
    @Test("validatedScores equals the plain scores and rejects what probabilityPass rejects",
          arguments: [(2, 0), (7, 4), (8, 0), (9, 2), (10, 0), (10, 8), (16, 0), (31, 3), (32, 0), (100, 0)])
    func validatedScores(k: Int, q: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 1001
            var (probs, labels): ([T], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 31337 + q + 7), q: q,
                                                                        relabel: 4) { Double(k) * $0.unit() / 3 }
            // values at the edges of the valid range
            for i in Swift.stride(from: 5, to: n, by: 97) { probs[i * k + (i / 7) % k] = T(-1e-6) }
            for i in Swift.stride(from: 3, to: n, by: 89) { probs[i * k + (i / 5) % k] = T(1.000001) }
            for method in [RankBy.selfConfidence, .normalizedMargin] {
                var expected = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    let y = Int(labels[i])
                    let py = probs[i * k + y]
                    var other = -T.infinity
                    for j in 0..<k where j != y && probs[i * k + j] > other { other = probs[i * k + j] }
                    let v: T = method == .selfConfidence ? py : (py - other + 1) / 2
                    expected[i] = Double(v)
                }
                for corrupt in [false, true] {
                    var input = probs
                    if corrupt { input[(n / 2) * k + k - 1] = .nan; input[(n - 3) * k] = T(1.5) }
                    input.withUnsafeBufferPointer { pb in
                        labels.withUnsafeBufferPointer { lb in
                            let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                            for threads in [1, 2] {
                                let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                                var plain: CleanlabError? = nil
                                do throws(CleanlabError) { try ds.probabilityPass() } catch { plain = error }
                                var out = [Double](repeating: -7, count: n)
                                do throws(CleanlabError) {
                                    try out.withUnsafeMutableBufferPointer { o throws(CleanlabError) in
                                        try ds.validatedScores(method: method, out: o.baseAddress!)
                                    }
                                    #expect(plain == nil)
                                    #expect(out.indices.allSatisfy { out[$0].bitPattern == expected[$0].bitPattern })
                                } catch {
                                    #expect(corrupt)
                                    #expect(error.code == plain?.code && error.message == plain?.message)
                                }
                            }
                        }
                    }
                }
            }
        }
        run(Float.self)
        run(Double.self)
        run(Float16.self)
    }

    /// `rankedSmallest` (the hinted cutoffs' selection, on complemented 16-bit keys) against a
    /// sort, with its counts below and equal, on keys with many ties,
    /// few distinct values, all equal, sorted and reversed runs, every rank.
    @Test("rankedSmallest equals the rank-th of a sort", arguments: [1, 2, 3, 7, 64, 87, 300, 1000])
    func rankedSmallestMatchesSort(count: Int) {
        var rng = Rng(s: UInt64(count) &* 977 &+ 1)
        for shape in 0..<5 {
            var keys: [UInt16] = (0..<count).map { _ in
                switch shape {
                case 0: return UInt16(truncatingIfNeeded: rng.next())
                case 1: return UInt16(rng.next() % 5) &* 4099
                case 2: return 40000
                default: return UInt16(truncatingIfNeeded: rng.next() % 9000)
                }
            }
            if shape == 3 { keys.sort() }
            if shape == 4 { keys.sort(by: >) }
            let sorted = keys.sorted(by: >)
            var wrong = 0
            for rank in 1...count {
                var a = keys
                var scratch = [UInt16](repeating: 0, count: count)
                // (the largest as the smallest of the complements, as the hinted cutoffs take it)
                for e in a.indices { a[e] = ~a[e] }
                let got = a.withUnsafeMutableBufferPointer { ab in
                    scratch.withUnsafeMutableBufferPointer { rankedSmallest(ab.baseAddress!, count: count, rank: rank, scratch: $0.baseAddress!) }
                }
                let below = sorted.filter { $0 > sorted[rank - 1] }.count, equal = sorted.filter { $0 == sorted[rank - 1] }.count
                if ~got.value != sorted[rank - 1] || got.below != below || got.equal != equal { wrong += 1 }
            }
            #expect(wrong == 0)
        }
    }

    /// prune_by_class's selections marked from the thresholds' gather (`markClassSelections`)
    /// against the bounded selections of `prunePass`, on rows of few distinct values (ties at
    /// the cutoffs, taken in part), with classes selected whole, in part and not at all.
    @Test("markClassSelections equals prunePass's prune_by_class selections", arguments: [(3, 4), (10, 8), (40, 0), (100, 16)])
    func markClassSelectionsMatch(k: Int, q: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 4001
            let (probs, labels): ([T], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 7 + q), q: q,
                                                                        relabel: 3) { Double(k) * $0.unit() / 3 }
            probs.withUnsafeBufferPointer { pb in
                labels.withUnsafeBufferPointer { lb in
                    let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                    for threads in [1, 2] {
                        let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                        let stats = try! ds.labelPass()
                        var rng = Rng(s: UInt64(k + threads))
                        // pcm[c][c] = m_c - cap: caps of 0, all, and in between
                        var pcm = [Int64](repeating: 0, count: k * k)
                        for c in 0..<k {
                            let m_c = Int64(stats.counts[c])
                            pcm[c * k + c] = c % 5 == 0 ? m_c : c % 5 == 1 ? 0 : m_c - Int64(rng.next() % UInt64(Swift.max(m_c, 1)))
                        }
                        let eligible = stats.counts.map { $0 > 1 }
                        let gathered = try! ds.gatheredThresholds(stats, validate: false).gathered
                        var flags = [UInt8](repeating: 0, count: n)
                        let done = flags.withUnsafeMutableBufferPointer {
                            ds.markClassSelections(caps: Dataset<T>.classCapacities(pcm: pcm, counts: stats.counts, eligible: eligible),
                                                   gathered: gathered.pointer, stats: stats, flags: $0.baseAddress!, bit: 16)
                        }
                        #expect(done)
                        let sel = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: false, byClass: true,
                                               sampleStride: 0)
                        var expected: [Int] = []
                        sel.byClass?.forEachIndex { expected.append($0) }
                        let marked = (0..<n).filter { flags[$0] == 16 }
                        #expect(marked == expected.sorted())
                        #expect(!marked.isEmpty && marked.count < n)
                    }
                }
            }
        }
        run(Float.self)
        run(Double.self)
    }

    /// The row-bound pruning pass (K > 256) starting from the cutoffs of `selfBoundCutoffs`
    /// (from p[i, y_i]) against the plain pass, slot by slot without the fallback, and the
    /// bounds against the final cutoffs; rows of few distinct values and values at -1e-6 (the
    /// validation's tolerance, which the bound's 2e-6 covers).
    @Test("selfBoundCutoffs: certain bounds; the row-bound pass from them equals the plain one", arguments: [(257, 0), (300, 8), (600, 0)])
    func selfBoundCutoffsMatch(k: Int, q: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 6000
            var (probs, labels): ([T], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 31 + q), q: q,
                                                                        relabel: 3, tieEvery: 6) { Double(k) * $0.unit() / 3 }
            for i in Swift.stride(from: 0, to: n, by: 7) { probs[i * k + (i % k)] = T(-1e-6) }
            probs.withUnsafeBufferPointer { pb in
                labels.withUnsafeBufferPointer { lb in
                    let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                    for threads in [1, 2] {
                        let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                        let stats = try! ds.labelPass()
                        let cut = ds.cutoffs(ds.thresholds(stats))
                        var flags = [UInt8](repeating: 0, count: n)
                        var mo = [T](repeating: 0, count: n)
                        let joint = flags.withUnsafeMutableBufferPointer { f in
                            mo.withUnsafeMutableBufferPointer { try! ds.jointPass(cutoffs: cut, flags: f.baseAddress!, maxOther: $0.baseAddress!) }
                        }
                        var pcm = [Int64](repeating: 0, count: k * k)
                        for g in 0..<k { for t in 0..<k { pcm[t * k + g] = Int64(joint[g * k + t]) } }
                        let eligible = stats.counts.map { $0 > 1 }
                        let gathered = try! ds.gatheredThresholds(stats, validate: false).gathered
                        mo.withUnsafeBufferPointer { mob in
                            let smallest = ds.classSmallest(values: gathered.pointer, counts: stats.counts,
                                                            top: stats.counts.map { Swift.min($0, 1024) }, parts: threads)
                            let bounded = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: false,
                                                       maxOther: mob.baseAddress!, hints: nil,
                                                       selfValues: SelfValues(values: gathered, counts: stats.counts),
                                                       sampleStride: 0, entry: WideEntry.self, redo: false).noiseRate!
                            let plain = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: false,
                                                     maxOther: nil, hints: nil, sampleStride: 0, entry: WideEntry.self).noiseRate!
                            #expect(bounded.slotCount == plain.slotCount && plain.slotCount > 0)
                            #expect((0..<plain.slotCount).allSatisfy { bounded.sortedIndices($0) == plain.sortedIndices($0) })
                            // the bounds themselves, below every final cutoff, and useful
                            var slotStart = [Int](repeating: 0, count: k + 1)
                            var caps: [Int] = []
                            for c in 0..<k {
                                var here = 0
                                for j in 0..<k where j != c && eligible[c] && pcm[j * k + c] > 0 {
                                    caps.append(Int(Swift.min(pcm[j * k + c], Int64(stats.counts[c]))))
                                    here += 1
                                }
                                slotStart[c + 1] = slotStart[c] + here
                            }
                            let bounds = Dataset<T>.selfBoundCutoffs(slotStart: slotStart, caps: caps, smallest: smallest)
                            #expect(bounds.count == plain.slotCount)
                            #expect((0..<bounds.count).allSatisfy { s in plain.worstKeptKey(s).map { bounds[s] <= $0 } ?? true })
                            #expect(bounds.allSatisfy { $0 > -Double.infinity })
                        }
                    }
                }
            }
        }
        run(Float.self)
        run(Double.self)
    }

    /// The pruning hints written by the joint pass (wide float32 / float64 rows) against a plain
    /// computation: the largest margin, the indices of the largest two other values and the
    /// bounds of the second; and prune_by_noise_rate / both with the hints against the pass
    /// without them, on random rows and rows of few distinct values (ties between the two
    /// largest, y among them), with the overlapping last vector (k not a multiple of 8).
    @Test("PruneHints: the joint pass's hints are right and the hinted pruning pass equals the plain one",
          arguments: [(32, 0), (33, 4), (40, 0), (100, 0), (100, 8), (150, 16), (256, 0)])
    func pruneHints(k: Int, q: Int) {
        func run<T: ProbabilityScalar>(_: T.Type) {
            let n = 3001
            let (probs, labels): ([T], [Int64]) = PerfTests.randomRows(n: n, k: k, seed: UInt64(k * 104729 + q + 11), q: q,
                                                                        relabel: 4, tieEvery: 8) { Double(k) * $0.unit() / 3 }
            probs.withUnsafeBufferPointer { pb in
                labels.withUnsafeBufferPointer { lb in
                    let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                    for threads in [1, 2] {
                        let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                        let stats = try! ds.labelPass()
                        let cut = ds.cutoffs(ds.thresholds(stats))
                        let hints = PruneHints<T>(n: n, k: k)
                        defer { hints.deallocate() }
                        var flags = [UInt8](repeating: 0, count: n)
                        let joint = flags.withUnsafeMutableBufferPointer { try! ds.jointPass(cutoffs: cut, flags: $0.baseAddress!, hints: hints, validate: true) }
                        var wrong = 0, located = 0
                        for i in 0..<n {
                            let y = Int(labels[i])
                            let row = Array(probs[(i * k)..<(i * k + k)])
                            let others = (0..<k).filter { $0 != y }.map { row[$0] }.sorted(by: >)
                            let a = others[0], b = others[1]
                            let m1: T = a - row[y]
                            // (float32: the margin; float64: rounded down to float32)
                            if T.self == Float.self {
                                if Double(hints.margin1[i]) != Double(m1) { wrong += 1 }
                            } else {
                                let lo = hints.margin1Lower(i), hi = hints.margin1Upper(i)
                                if !(lo <= Double(m1) && Double(m1) < hi) { wrong += 1 }
                            }
                            let pair = hints.pair(i)
                            if (pair == hints.unknown) != (m1 < PruneHints<T>.locateFrom) { wrong += 1 }
                            if pair != hints.unknown {
                                located += 1
                                let j1 = hints.first(pair), j2 = hints.second(pair)
                                if j1 == y || j2 == y || j1 == j2 || row[j1] != a || row[j2] != b { wrong += 1 }
                                let m2: T = b - row[y]
                                if !(PruneHints<T>.lowerValue(hints.bound2[i]) <= Double(m2)
                                     && PruneHints<T>.upperValue(hints.bound2[i]) >= Double(m2)) { wrong += 1 }
                            }
                        }
                        #expect(wrong == 0)
                        #expect(located > 0 && located < n)
                        // prune counts from the raw joint: pcm[true * k + given] = cj[given][true]
                        var pcm = [Int64](repeating: 0, count: k * k)
                        for g in 0..<k { for t in 0..<k { pcm[t * k + g] = Int64(joint[g * k + t]) } }
                        let eligible = stats.counts.map { $0 > 1 }
                        for byClass in [false, true] {
                            let hinted = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true,
                                                      byClass: byClass, hints: hints)
                            let plain = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true,
                                                     byClass: byClass, sampleStride: 0)
                            func members(_ s: (any IndexSelection)?) -> [Int] {
                                var out: [Int] = []
                                s?.forEachIndex { out.append($0) }
                                return out.sorted()
                            }
                            #expect(!members(plain.noiseRate).isEmpty)
                            #expect(members(hinted.noiseRate) == members(plain.noiseRate))
                            #expect(members(hinted.byClass) == members(plain.byClass))
                            let gathered = try! ds.gatheredThresholds(stats, validate: false).gathered
                            let keyed = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true,
                                                     byClass: byClass, hints: hints, classKeys: (gathered, stats))
                            #expect(members(keyed.byClass) == members(plain.byClass))
                            #expect(members(keyed.noiseRate) == members(plain.noiseRate))
                            // slot by slot
                            let h2 = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: byClass,
                                                  maxOther: nil, hints: hints, sampleStride: 0, entry: WideEntry.self,
                                                  redo: false).noiseRate!   // (no silent fallback)
                            let p2 = ds.prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: byClass,
                                                  maxOther: nil, hints: nil, sampleStride: 0, entry: WideEntry.self).noiseRate!
                            #expect(h2.slotCount == p2.slotCount)
                            #expect((0..<h2.slotCount).allSatisfy { h2.sortedIndices($0) == p2.sortedIndices($0) })
                            // with the bounds from p[i, y_i] for the slots the hints leave open
                            // (large selections of classes rarely among a row's largest two)
                            var pcm3 = pcm
                            for c in 0..<k { pcm3[((c + 5) % k) * k + c] = Int64(stats.counts[c] / 3) }
                            let h3 = ds.prunePass(pcm: pcm3, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: byClass,
                                                  maxOther: nil, hints: hints,
                                                  selfValues: SelfValues(values: gathered, counts: stats.counts),
                                                  sampleStride: 0, entry: WideEntry.self, redo: false).noiseRate!
                            let p3 = ds.prunePass(pcm: pcm3, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: byClass,
                                                  maxOther: nil, hints: nil, sampleStride: 0, entry: WideEntry.self).noiseRate!
                            #expect(h3.slotCount == p3.slotCount)
                            #expect((0..<h3.slotCount).allSatisfy { h3.sortedIndices($0) == p3.sortedIndices($0) })
                        }
                    }
                }
            }
        }
        run(Float.self)
        run(Double.self)
    }

    /// prune_by_noise_rate's (and prune_by_class's) selections with provisional cutoffs from a
    /// sample of every 16th row (large selections) must equal the plain selections and a sort, also when the sample is
    /// unrepresentative (every one of a slot's best margins on a sampled row: the cutoff comes
    /// out too high, and the pass must notice and redo the work without it).
    @Test("prunePass: sampled provisional cutoffs equal plain selections (and fall back)", arguments: [false, true])
    func sampledPruneCutoffs(adversarial: Bool) {
        let n = 16 * 400, k = 3
        var rng = Rng(s: adversarial ? 77 : 78)
        var probs = [Float](repeating: 0, count: n * k)
        var labels = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            labels[i] = i % 10 == 3 ? 1 : i % 10 == 7 ? 2 : 0
            var row = (0..<k).map { _ in rng.unit() }
            row[Int(labels[i])] += 1
            if adversarial && labels[i] == 0 && i % 16 == 0 && i < 16 * 150 { row[1] += 3 }
            let s = row.reduce(0, +)
            for j in 0..<k { probs[i * k + j] = Float(row[j] / s) }
        }
        // pcm[true * k + given]: class 0 loses 100 rows toward class 1 and 80 toward class 2
        var pcm = [Int64](repeating: 0, count: k * k)
        pcm[1 * k + 0] = 100; pcm[2 * k + 0] = 80; pcm[0 * k + 1] = 70; pcm[2 * k + 1] = 66
        var counts = [Int](repeating: 0, count: k)
        for y in labels { counts[Int(y)] += 1 }
        // prune_by_class keeps counts[c] - pcm[c][c] rows of class c: 300, 100 and 64
        pcm[0] = Int64(counts[0] - 300); pcm[4] = Int64(counts[1] - 100); pcm[8] = Int64(counts[2] - 64)
        probs.withUnsafeBufferPointer { pb in
            labels.withUnsafeBufferPointer { lb in
                let m = ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k)
                // both entry kinds: float32 keys go packed in `prunePass`, float64 ones wide
                func check<E: SelectionEntry>(_ entry: E.Type, threads: Int) {
                    let ds = Dataset(m: m, labels: LabelView(int64: lb.baseAddress!, count: n), threads: threads)
                    let eligible = [Bool](repeating: true, count: k)
                    let both = ds.prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: true,
                                            byClass: true, maxOther: nil, hints: nil, sampleStride: 16, entry: entry)
                    let sampled = both.noiseRate!
                    let classOnly = ds.prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: false,
                                                 byClass: true, maxOther: nil, hints: nil, sampleStride: 16, entry: entry)
                    // the keys from the thresholds' gather (sequential) instead of pred_probs
                    let stats = try! ds.labelPass()
                    let gathered = try! ds.gatheredThresholds(stats, validate: false).gathered
                    let fromGather = ds.prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: true,
                                                  byClass: true, maxOther: nil, hints: nil, classKeys: (gathered, stats),
                                                  sampleStride: 16, entry: entry, redo: false)
                    let plain = ds.prunePass(pcm: pcm, counts: counts, eligible: eligible, byNoiseRate: true,
                                             byClass: false, maxOther: nil, hints: nil, sampleStride: 0, entry: entry).noiseRate!
                    for (c, cap) in [300, 100, 64].enumerated() {
                        let p = { (i: Int) -> Float in probs[i * k + c] }
                        let members = (0..<n).filter { Int(labels[$0]) == c }
                        let expected = Array(members.sorted { p($0) < p($1) || (p($0) == p($1) && $0 < $1) }.prefix(cap))
                        #expect(both.byClass!.sortedIndices(c) == expected)
                        #expect(classOnly.byClass!.sortedIndices(c) == expected)
                        #expect(fromGather.byClass!.sortedIndices(c) == expected)
                    }
                    var slot = 0
                    for given in 0..<k {
                        for t in 0..<k where t != given && pcm[t * k + given] > 0 {
                            let rows = (0..<n).filter { Int(labels[$0]) == given }
                            let margin = { (i: Int) -> Float in probs[i * k + t] - probs[i * k + given] }
                            let expected = Array(rows.sorted { margin($0) > margin($1) || (margin($0) == margin($1) && $0 < $1) }
                                .prefix(Int(pcm[t * k + given])))
                            #expect(sampled.sortedIndices(slot) == expected)
                            #expect(plain.sortedIndices(slot) == expected)
                            slot += 1
                        }
                    }
                    #expect(slot == 4)
                }
                for threads in [1, 2] {
                    check(WideEntry.self, threads: threads)
                    check(PackedEntry.self, threads: threads)
                }
            }
        }
    }

    /// The radix select of the low_* filters must mark the same set as the bounded selection
    /// (the `top` lowest, ties by lower index), with -0.0 == +0.0, negative keys and many ties.
    /// Keys spread over many magnitudes (`spread`) keep the bucket of the wanted key small, so
    /// the select gathers that bucket's keys; 50 distinct values make it scan every key.
    @Test("markLowestScores equals lowestScores", arguments: [1, 2, 100, 5000, 40000], [false, true])
    func radixLowest(n: Int, spread: Bool) {
        var rng = Rng(s: UInt64(n) &* 31 &+ 7)
        var keys = (0..<n).map { _ -> Double in
            if spread {
                let v = rng.unit() * Double(sign: .plus, exponent: -Int(rng.next() % 40), significand: 1)
                return rng.next() % 4 == 0 ? -v : v
            }
            return (rng.unit() * 50).rounded() / 50 - 0.25
        }
        for i in Swift.stride(from: 0, to: n, by: 13) { keys[i] = -0.0 }
        for i in Swift.stride(from: 6, to: n, by: 11) { keys[i] = 0.0 }
        for i in Swift.stride(from: 3, to: n, by: 29) { keys[i] = rng.unit() * 1e-300 }
        for top in Set([0, 1, n / 3, n / 2, n - 1, n]) {
            var marked = [Int]()
            let ok = keys.withUnsafeBufferPointer { markLowestScores($0.baseAddress!, count: n, top: top) { marked.append($0) } }
            #expect(ok)
            var expected = [Int]()
            keys.withUnsafeBufferPointer { b in Cleanlab.lowestScores(b, top: top).selection?.forEachIndex { expected.append($0) } }
            #expect(marked.sorted() == expected.sorted())
            #expect(marked.count == top)
        }
        // the quickselect of float32-valued keys: the same sets
        let floatKeys = keys.map { Double(Float($0)) }
        for top in Set([0, 1, 2, n / 3, n / 2, n - 1, n]) {
            var marked = [Int]()
            let ok = floatKeys.withUnsafeBufferPointer { markLowestFloatKeys($0.baseAddress!, count: n, top: top) { marked.append($0) } }
            #expect(ok)
            var expected = [Int]()
            floatKeys.withUnsafeBufferPointer { b in Cleanlab.lowestScores(b, top: top).selection?.forEachIndex { expected.append($0) } }
            #expect(marked.sorted() == expected.sorted())
        }
        if n > 2 {
            #expect(!keys.withUnsafeBufferPointer { markLowestFloatKeys($0.baseAddress!, count: n, top: 1) { _ in } } || keys == floatKeys)
        }
        keys[n / 2] = .nan
        let withNaN = keys.withUnsafeBufferPointer { markLowestScores($0.baseAddress!, count: n, top: 1) { _ in } }
        #expect(!withNaN)
        #expect(!keys.withUnsafeBufferPointer { markLowestFloatKeys($0.baseAddress!, count: n, top: 1) { _ in } })
    }

    /// roundedHalfEven must equal rounded(.toNearestOrEven) everywhere: halves, near 2^52,
    /// negative values, zeros of both signs, infinities and NaN.
    @Test("roundedHalfEven equals rounded(.toNearestOrEven)")
    func roundHalfEven() {
        var rng = Rng(s: 12345)
        var values: [Double] = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, -0.3, 0.0, -0.0,
                                0x1p52 - 0.5, 0x1p52 + 1, -(0x1p52 - 0.5), 0x1p53, 1e300, -1e300,
                                .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
        for _ in 0..<20000 {
            let scale = [1.0, 10, 1000, 1e6, 1e15, 0x1p52][Int(rng.next() % 6)]
            let v = (rng.unit() - 0.5) * 2 * scale
            values.append(v); values.append((v * 2).rounded() / 2)
        }
        var mismatches = 0
        for v in values where roundedHalfEven(v).bitPattern != v.rounded(.toNearestOrEven).bitPattern { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(roundedHalfEven(.nan).isNaN)
    }
}
