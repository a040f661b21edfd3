// numpy-compatible arithmetic and the selection primitives.
import Foundation
import Testing
@testable import CleanlabCore

/// numpy's pairwise summation written out plainly (numpy/_core/src/umath/loops_utils.h.src,
/// `pairwise_sum`): below 8 elements a running sum from -0.0; up to 128 eight accumulators
/// combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the tail; above, split at half rounded
/// down to a multiple of 8.
func referencePairwiseSum<A: BinaryFloatingPoint>(_ a: ArraySlice<A>) -> A {
    let n = a.count
    let s = a.startIndex
    if n < 8 {
        var res: A = -0.0
        for v in a { res += v }
        return res
    }
    if n <= 128 {
        var r = Array(a[s..<(s + 8)])
        var i = 8
        while i < n - n % 8 {
            for j in 0..<8 { r[j] += a[s + i + j] }
            i += 8
        }
        var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n { res += a[s + i]; i += 1 }
        return res
    }
    var n2 = n / 2
    n2 -= n2 % 8
    return referencePairwiseSum(a[s..<(s + n2)]) + referencePairwiseSum(a[(s + n2)...])
}

/// Reads `values_base64` of a numerics record as doubles of its dtype.
func numericsValues(_ rec: [String: Any]) throws -> (OwnedMatrix.DType, [Double]) {
    guard let dt = (rec["dtype"] as? String).flatMap(OwnedMatrix.DType.init(rawValue:)),
          let b64 = rec["values_base64"] as? String else { throw FixtureError.malformed("numerics record") }
    let count = jsonInt(rec["n"]) ?? ((jsonInt(rec["rows"]) ?? 0) * (jsonInt(rec["k"]) ?? 0))
    return (dt, try base64Values(b64, dtype: dt, count: count))
}

func loadNumerics() throws -> [String: Any] {
    try loadJSON(fixturesDirectory.appendingPathComponent("numerics/numpy_reference.json"))
}

@Suite("numpy-compatible numerics")
struct NumericsTests {
    @Test("pairwiseSum equals a plain reimplementation of numpy's rule (random arrays, strides)")
    func pairwiseSumMatchesReference() {
        var rng = SplitMix64(seed: 11)
        let lengths = Array(0...140) + [255, 256, 257, 263, 500, 1000, 1023, 1024, 1025, 4097, 10_001]
        for n in lengths {
            for stride in [1, 3] {
                var data = [Double](repeating: .nan, count: n * stride)
                var plain = [Double]()
                for i in 0..<n {
                    let v = (rng.uniform() - 0.3) * [1e-8, 1.0, 1e8][Int(rng.next() % 3)]
                    data[i * stride] = v
                    plain.append(v)
                }
                let d: Double = data.withUnsafeBufferPointer { b in
                    n == 0 ? -0.0 : pairwiseSum(b.baseAddress!, count: n, stride: stride, as: Double.self)
                }
                let ref = referencePairwiseSum(plain[...])
                #expect(d.bitPattern == ref.bitPattern, "float64 n=\(n) stride=\(stride): \(d) vs \(ref)")
                // float32 data accumulated in float32
                let fdata = data.map { Float($0) }
                let fplain = plain.map { Float($0) }
                let f: Float = fdata.withUnsafeBufferPointer { b in
                    n == 0 ? -0.0 : pairwiseSum(b.baseAddress!, count: n, stride: stride, as: Float.self)
                }
                let fref = referencePairwiseSum(fplain[...])
                #expect(f.bitPattern == fref.bitPattern, "float32 n=\(n) stride=\(stride): \(f) vs \(fref)")
            }
        }
        #expect(pairwiseSum([1.0, 2.0, 3.0]) == 6.0)
    }

    @Test("pairwiseSum, numpyMean and numpyRowSum equal numpy's own results bit for bit")
    func numpyReference() throws {
        let doc = try loadNumerics()
        for key in ["pairwise_sum", "mean", "row_sum"] {
            #expect(((doc[key] as? [[String: Any]]) ?? []).count >= 20, "numerics fixture: no \(key) records")
        }
        for rec in doc["pairwise_sum"] as? [[String: Any]] ?? [] {
            let (dt, v) = try numericsValues(rec)
            let expected = try jsonDouble(rec["sum"] as Any)
            let got: Double
            switch dt {
            case .float64: got = v.isEmpty ? 0 : v.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, count: v.count, as: Double.self) }
            case .float32:
                let f = v.map { Float($0) }
                got = f.isEmpty ? 0 : Double(f.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, count: f.count, as: Float.self) })
            case .float16: continue
            }
            #expect(got.bitPattern == expected.bitPattern || (got == 0 && expected == 0), "np.sum \(dt) n=\(v.count): numpy \(expected), got \(got)")
        }
        for rec in doc["mean"] as? [[String: Any]] ?? [] {
            let (dt, v) = try numericsValues(rec)
            let expected = try jsonDouble(rec["mean"] as Any)
            let got: Double
            switch dt {
            case .float64: got = v.withUnsafeBufferPointer { Double.numpyMean($0) }
            case .float32: got = Double(v.map { Float($0) }.withUnsafeBufferPointer { Float.numpyMean($0) })
            case .float16: got = Double(v.map { Float16($0) }.withUnsafeBufferPointer { Float16.numpyMean($0) })
            }
            #expect(got.bitPattern == expected.bitPattern, "np.mean \(dt) n=\(v.count): numpy \(expected), got \(got)")
        }
        for rec in doc["row_sum"] as? [[String: Any]] ?? [] {
            let (dt, v) = try numericsValues(rec)
            let rows = jsonInt(rec["rows"]) ?? 0, k = jsonInt(rec["k"]) ?? 0
            let expected = try jsonDoubles(rec["sums"])
            for r in 0..<rows {
                let row = Array(v[(r * k)..<((r + 1) * k)])
                let got: Double
                switch dt {
                case .float64: got = row.withUnsafeBufferPointer { Double.numpyRowSum($0.baseAddress!, count: k) }
                case .float32: got = Double(row.map { Float($0) }.withUnsafeBufferPointer { Float.numpyRowSum($0.baseAddress!, count: k) })
                case .float16: got = Double(row.map { Float16($0) }.withUnsafeBufferPointer { Float16.numpyRowSum($0.baseAddress!, count: k) })
                }
                #expect(got.bitPattern == expected[r].bitPattern, "row sum \(dt) k=\(k) row \(r): numpy \(expected[r]), got \(got)")
            }
        }
    }

    @Test("roundPreservingSum equals cleanlab's round_preserving_sum on tie-free inputs")
    func roundPreservingSumMatchesCleanlab() throws {
        let doc = try loadNumerics()
        let recs = doc["round_preserving_sum"] as? [[String: Any]] ?? []
        #expect(recs.count >= 50)
        for rec in recs {
            let values = try jsonDoubles(rec["values"])
            let expected = try jsonInts(rec["rounded"])
            let got = try roundPreservingSum(values).map { Int($0) }
            #expect(got == expected, "round_preserving_sum(\(values)): cleanlab \(expected), got \(got)")
        }
    }

    @Test("roundPreservingSum: half to even, totals preserved, documented tie rule, non-finite input")
    func roundPreservingSumProperties() throws {
        // half to even, no adjustment needed (total 2.5 rounds to 2 = 0 + 2 + 2 + 0 - 2)
        #expect(try roundPreservingSum([0.5, 1.5, 2.5, -0.5, -1.5]) == [0, 2, 2, 0, -2])
        #expect(try roundPreservingSum([2.5, 3.5]) == [2, 4])
        #expect(try roundPreservingSum([]) == [])
        // rounding up, equal residuals: the later position first (stable argsort(res)[::-1])
        #expect(try roundPreservingSum([0.5, 0.5, 0.5, 0.5]) == [0, 0, 1, 1])
        // rounding down, equal residuals: the earlier position first
        #expect(try roundPreservingSum([1.5, 1.5, 1.5]) == [1, 1, 2])
        // the largest residual goes up first
        #expect(try roundPreservingSum([0.4, 0.45, 0.15]) == [0, 1, 0])
        // totals are preserved and every entry stays within 1.5 of its value
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let k = 1 + Int(rng.next() % 40)
            let scale = [1.0, 10.0, 1000.0][Int(rng.next() % 3)]
            var v = (0..<k).map { _ in rng.uniform() * scale }
            if rng.next() % 3 == 0 { v = v.map { ($0 * 2).rounded() / 2 } }  // exact halves
            let r = try roundPreservingSum(v)
            let total = r.reduce(0, +)
            #expect(Double(total) == pairwiseSum(v).rounded(.toNearestOrEven), "total of \(v)")
            for (x, y) in zip(v, r) { #expect(abs(Double(y) - x) <= 1.5, "\(y) vs \(x)") }
        }
        // a matrix: roundPreservingRowTotals rounds each row (row 2: equal residuals, rounding
        // up, the later position first)
        let m = try roundPreservingRowTotals([0.5, 0.5, 1.5, 1.5, 0.25, 0.25, 0.25, 0.25, 3], k: 3)
        #expect(m == [0, 0, 2, 2, 0, 0, 0, 1, 3])
        // NaN is kept as numpy keeps it: the loop stops, astype(int) gives Int64.min (x86-64)
        #expect(try roundPreservingSum([.nan, 1]) == [Int64.min, 1])
    }

    @Test("BoundedSelection keeps the same elements as a full sort, in any split and merge order")
    func boundedSelectionMatchesFullSort() {
        boundedSelectionMatchesFullSort(WideEntry.self)
        // float32 keys packed with their index in 8 bytes
        boundedSelectionMatchesFullSort(PackedEntry.self)
    }

    func boundedSelectionMatchesFullSort<E: SelectionEntry>(_: E.Type) {
        typealias BoundedSelection = CleanlabCore.BoundedSelection<E>
        var rng = SplitMix64(seed: 7)
        for trial in 0..<300 {
            let n = Int(rng.next() % 400)
            let distinct = 1 + Int(rng.next() % 20)   // few distinct keys: many ties
            // -0.0 and +0.0 are the same key
            let keys = (0..<n).map { i -> Double in
                let v = Double(Int(rng.next() % UInt64(distinct))) * 0.25 - 1
                return v == 0 && i % 2 == 1 ? -0.0 : v
            }
            let slots = 1 + Int(rng.next() % 3)
            let caps = (0..<slots).map { _ in Int(rng.next() % UInt64(n + 3)) }
            for largest in [false, true] {
                // slot s is offered the rows with i % slots == s
                let whole = BoundedSelection(capacities: caps, largestFirst: largest)
                for i in 0..<n { whole.offer(i % slots, key: keys[i], index: i) }
                // the same in three parts, merged in reverse order
                let cuts = [0, n / 3, 2 * n / 3, n]
                let parts = (0..<3).map { p -> BoundedSelection in
                    let sel = BoundedSelection(capacities: caps, largestFirst: largest)
                    for i in cuts[p]..<cuts[p + 1] { sel.offer(i % slots, key: keys[i], index: i) }
                    return sel
                }
                parts[2].merge(parts[1])
                parts[2].merge(parts[0])
                // the slots owned by three selections sharing one buffer (slot s by s % 3),
                // each offered all rows of its slots, joined by mergeDisjoint
                let owned = (0..<3).map { o in caps.indices.map { $0 % 3 == o ? caps[$0] : 0 } }
                var shared: [BoundedSelection] = []
                for o in 0..<3 {
                    let sel = BoundedSelection(capacities: owned[o], largestFirst: largest, layout: caps, sharing: shared.first)
                    for i in 0..<n where (i % slots) % 3 == o { sel.offer(i % slots, key: keys[i], index: i) }
                    shared.append(sel)
                }
                shared[0].mergeDisjoint(shared[2])
                shared[0].mergeDisjoint(shared[1])
                for s in 0..<slots {
                    #expect(shared[0].isFull(s) == (caps[s] <= (0..<n).filter { $0 % slots == s }.count))
                    let members = (0..<n).filter { $0 % slots == s }
                    let sorted = members.sorted { a, b in
                        keys[a] == keys[b] ? a < b : (largest ? keys[a] > keys[b] : keys[a] < keys[b])
                    }
                    let expected = Array(sorted.prefix(caps[s]))
                    #expect(whole.sortedIndices(s) == expected, "trial \(trial) slot \(s) largest \(largest)")
                    #expect(parts[2].sortedIndices(s) == expected, "trial \(trial) slot \(s) largest \(largest) (merged)")
                    #expect(shared[0].sortedIndices(s) == expected, "trial \(trial) slot \(s) largest \(largest) (disjoint)")
                }
            }
        }
    }

    @Test("PackedEntry: key and index round-trip; its order is larger key, then lower index")
    func packedEntryOrder() {
        var rng = SplitMix64(seed: 11)
        let special: [Float] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, .infinity, -.infinity, 1e-6, -1e-6]
        let indices = [0, 1, 2, 1 << 31, Int(UInt32.max) - 1, Int(UInt32.max)]
        var values = special
        for _ in 0..<2000 { values.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())).isNaN ? 0.5 : Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
        values = values.filter { !$0.isNaN }
        var pairs = [(Double, Int)]()
        for (e, v) in values.enumerated() { pairs.append((Double(v), indices[e % indices.count])) }
        for (key, index) in pairs {
            let p = PackedEntry(key: key, index: index)
            #expect(p.index == index)
            #expect(p.key == key)   // -0.0 comes back as +0.0, which compares equal
        }
        for _ in 0..<20000 {
            let a = pairs[Int(rng.next() % UInt64(pairs.count))], b = pairs[Int(rng.next() % UInt64(pairs.count))]
            let wide = WideEntry.better(WideEntry(key: a.0, index: a.1), WideEntry(key: b.0, index: b.1))
            let packed = PackedEntry.better(PackedEntry(key: a.0, index: a.1), PackedEntry(key: b.0, index: b.1))
            #expect(wide == packed, "\(a) vs \(b)")
            #expect(PackedEntry.betterBit(PackedEntry(key: a.0, index: a.1), PackedEntry(key: b.0, index: b.1)) == (packed ? 1 : 0))
        }
    }

    @Test("findTopIssues: ascending, ties by lower index, NaN last, any top")
    func findTopIssuesWithNaN() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<300 {
            let n = Int(rng.next() % 300)
            var scores = (0..<n).map { _ in Double(Int(rng.next() % 12)) / 8 }
            for i in 0..<n where rng.next() % 7 == 0 { scores[i] = .nan }
            let nonNaN = (0..<n).filter { !scores[$0].isNaN }.sorted { scores[$0] == scores[$1] ? $0 < $1 : scores[$0] < scores[$1] }
            let full = nonNaN + (0..<n).filter { scores[$0].isNaN }
            for top in [nil, 0, 1, 5, n / 8 - 1, n / 8, n / 2, n, n + 4] as [Int?] {
                let got = scores.withUnsafeBufferPointer { Cleanlab.findTopIssues($0, top: top) }
                let t = Swift.min(Swift.max(top ?? n, 0), n)
                #expect(got == Array(full.prefix(t)), "n=\(n) top=\(String(describing: top))")
            }
        }
        let s: [Double] = [0.5, .nan, 0.1, 0.5, .nan, 0.1]
        #expect(s.withUnsafeBufferPointer { Cleanlab.findTopIssues($0, top: nil) } == [2, 5, 0, 3, 1, 4])
        #expect(s.withUnsafeBufferPointer { Cleanlab.findTopIssues($0, top: 3) } == [2, 5, 0])
        let empty: [Double] = []
        #expect(empty.withUnsafeBufferPointer { Cleanlab.findTopIssues($0, top: 10) } == [])
    }
}
