// roundToHalf (Dataset.swift), the rounding of the float16 pruning pass: against the
// standard library's Float -> Float16 conversion, and as binary16 subtraction of two halves.
import Testing
@testable import CleanlabCore

@Suite struct PerfHalfRoundingTests {
    @Test func roundToHalfEqualsConversion() {
        var patterns: [UInt32] = []
        // a sparse sweep of every exponent, plus dense windows around binary16's rounding
        // boundaries: the subnormal/normal edge (2^-14), the largest finite (65504) and overflow
        var b: UInt32 = 0
        while b <= 0x7F80_0000 { patterns.append(b); b &+= 4093 }
        for centre: UInt32 in [0x3880_0000, 0x477F_E000, 0x477F_F000, 0x3380_0000, 0x3F80_0000] {
            for d in 0..<4096 as Range<UInt32> { patterns.append(centre &- 2048 &+ d) }
        }
        var mismatches = 0
        for p in patterns {
            for sign: UInt32 in [0, 0x8000_0000] {
                let x = Float(bitPattern: p | sign)
                if roundToHalf(x).bitPattern != Float(Float16(x)).bitPattern { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func roundedFloatDifferenceIsHalfSubtraction() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt16 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt16(truncatingIfNeeded: state >> 20) & 0xBFFF   // finite, |x| < 2
        }
        var mismatches = 0
        for _ in 0..<200_000 {
            let a = next(), c = next()
            let got = roundToHalf(halfToFloat(a) - halfToFloat(c))
            let want = Float(Float16(bitPattern: a) - Float16(bitPattern: c))
            if got.bitPattern != want.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
