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

    /// float16 without `maxOther` takes `jointPassHalf`; with it, the generic scan. Both must give
    /// the same joint and flags, on tie-heavy rows too (values quantised to multiples of 1/q).
    @Test("float16 joint pass: the half path equals the generic path", arguments: [(2, 0), (10, 0), (10, 8), (37, 0), (40, 5)])
    func jointHalf(k: Int, q: Int) {
        let n = 3000
        var rng = Rng(s: UInt64(k * 1000 + q + 1))
        var probs = [Float16](repeating: 0, count: n * k)
        var labels = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let y = Int(rng.next() % UInt64(k))
            labels[i] = Int64(y)
            var row = (0..<k).map { _ in rng.unit() }
            row[y] += 2 * rng.unit()
            let s = row.reduce(0, +)
            for j in 0..<k {
                var v = row[j] / s
                if q > 0 { v = (v * Double(q)).rounded() / Double(q) }
                probs[i * k + j] = Float16(v)
            }
        }
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
                    let fast = flagsFast.withUnsafeMutableBufferPointer { ds.jointPass(cutoffs: cut, flags: $0.baseAddress!) }
                    let ref = flagsRef.withUnsafeMutableBufferPointer { f in
                        other.withUnsafeMutableBufferPointer { ds.jointPass(cutoffs: cut, flags: f.baseAddress!, maxOther: $0.baseAddress!) }
                    }
                    #expect(fast == ref)
                    #expect(flagsFast == flagsRef)
                    #expect(fast.reduce(0, +) > 0)
                }
            }
        }
    }

    /// argsortAscending sorts up to 2048 keys by comparison and more by radix; both must equal a
    /// stable sort by (key, index) with -0.0 == +0.0 and NaN last.
    @Test("argsortAscending equals a stable reference sort", arguments: [5, 2048, 2049, 5000])
    func argsortMatchesReference(m: Int) {
        var rng = Rng(s: UInt64(m))
        let n = m + m / 3
        var keys = (0..<n).map { _ in (rng.unit() * 20).rounded() / 20 - 0.5 }   // many ties
        for i in Swift.stride(from: 0, to: n, by: 17) { keys[i] = -0.0 }
        for i in Swift.stride(from: 5, to: n, by: 23) { keys[i] = .nan }
        var ids = (0..<n).filter { _ in rng.next() % 4 != 0 }
        ids = Array(ids.prefix(m))
        let got = keys.withUnsafeBufferPointer { argsortAscending($0, ids) }
        let expected = ids.sorted { a, b in
            let ka = keys[a], kb = keys[b]
            if ka.isNaN != kb.isNaN { return kb.isNaN }   // numbers before NaN
            if ka.isNaN { return a < b }
            return ka < kb || (ka == kb && a < b)
        }
        #expect(got == expected)
    }
}
