import Testing
@testable import CleanlabCore

/// The partial-selection round_preserving_sum / row totals against the full-sort version they
/// replace (kept here verbatim as the reference), on random and tie-heavy rows, K = 1...1000.
@Suite("round_preserving_* fast path equals the full-sort path")
struct PerfRoundPreservingTests {
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 {
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27
            return s &* 2685821657736338717
        }
        mutating func unit() -> Double { Double(next() >> 11) / 9007199254740992.0 }
    }

    /// The previous implementation (full stable-order sort of all positions per round).
    static func reference(_ floats: [Double]) throws -> [Int64] {
        var ints = floats.map { $0.rounded(.toNearestOrEven) }
        let origSum = pairwiseSum(floats).rounded(.toNearestOrEven)
        var intSum = pairwiseSum(ints).rounded(.toNearestOrEven)
        var rounds = 0
        while true {
            let gap = abs(intSum - origSum)
            if !(gap > 1e-6) { break }
            if gap.isInfinite { throw CleanlabError(.numeric, "inf") }
            rounds += 1
            if rounds > 64 + floats.count { throw CleanlabError(.numeric, "no convergence") }
            let diff = (origSum - intSum).rounded(.toNearestOrEven)
            let increment: Double = diff < 0 ? -1 : 1
            let changes = Swift.min(Int(abs(diff)), floats.count)
            let residual = (0..<floats.count).map { floats[$0] - ints[$0] }
            var order = Array(0..<floats.count)
            if increment > 0 {
                order.sort { residual[$0] > residual[$1] || (residual[$0] == residual[$1] && $0 > $1) }
            } else {
                order.sort { residual[$0] < residual[$1] || (residual[$0] == residual[$1] && $0 < $1) }
            }
            for i in order.prefix(changes) { ints[i] += increment }
            intSum = pairwiseSum(ints).rounded(.toNearestOrEven)
        }
        return ints.map { numpyInt64($0) }
    }

    static func row(_ rng: inout Rng, k: Int, kind: Int) -> [Double] {
        let ties: [Double] = [0.5, 1.5, 2.5, 0.25, 0.75, 3.5, 0, 1]
        return (0..<k).map { _ -> Double in
            switch kind {
            case 0: return rng.unit() * 50
            case 1: return ties[Int(rng.next() % UInt64(ties.count))]
            case 2: return 0.5                      // k/2 increments, all tied
            case 3: return 1.5                      // decrements, all tied
            case 4: return Double(Int(rng.next() % 4)) + 0.5   // mixed halves
            default: return (rng.unit() - 0.3) * 1e6
            }
        }
    }

    @Test("roundPreservingSum and roundPreservingRowTotals equal the full-sort reference")
    func fastEqualsReference() throws {
        var rng = Rng(s: 0x9E3779B97F4A7C15)
        var checked = 0
        for k in [1, 2, 3, 5, 8, 31, 33, 64, 65, 100, 257, 1000] {
            for kind in 0..<6 {
                let rows = k >= 257 ? 3 : 6
                var matrix = [Double]()
                var expected = [Int64]()
                for _ in 0..<rows {
                    let r = Self.row(&rng, k: k, kind: kind)
                    let ref = try Self.reference(r)
                    #expect(try roundPreservingSum(r) == ref, "k=\(k) kind=\(kind)")
                    matrix += r; expected += ref
                    checked += 1
                }
                // Square: the row-totals entry point on k x k blocks of the same rows.
                #expect(try roundPreservingRowTotalsFast(matrix, rows: rows, cols: k) == expected)
            }
        }
        // Square matrices through the public k x k entry point.
        for k in [2, 10, 40, 200] {
            for kind in 0..<6 {
                var m = [Double](), expected = [Int64]()
                for _ in 0..<k { let r = Self.row(&rng, k: k, kind: kind); m += r; expected += try Self.reference(r) }
                #expect(try roundPreservingRowTotals(m, k: k) == expected)
            }
        }
        #expect(checked > 300)
        #expect(try roundPreservingSum([]) == [])
        #expect(try roundPreservingSum([Double.infinity, 0.4]) == Self.reference([Double.infinity, 0.4]))
        #expect(try roundPreservingSum([Double.nan, 1.4]) == [Int64.min, 1])
    }
}
