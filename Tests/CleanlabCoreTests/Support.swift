// Test support: owned input buffers, fixture loading (JSON written by scripts/gen_fixtures.py),
// comparisons with readable failure messages, and a seeded generator for large inputs.
import Foundation
import Testing
@testable import CleanlabCore

// MARK: - Owned inputs

/// pred_probs owned by the test: `n × k` values of `dtype` with a row stride (elements).
final class OwnedMatrix: @unchecked Sendable {
    enum DType: String, CaseIterable, Sendable { case float16, float32, float64 }

    let dtype: DType
    let n: Int
    let k: Int
    let stride: Int
    private let raw: UnsafeMutableRawPointer

    /// `values` are row-major `n × k` and exactly representable in `dtype`. Padding elements
    /// (stride > k) are filled with NaN, which the library must never read.
    init(dtype: DType, n: Int, k: Int, values: [Double], stride: Int? = nil) {
        precondition(values.count == n * k)
        self.dtype = dtype
        self.n = n
        self.k = k
        self.stride = stride ?? k
        let count = Swift.max(1, n * self.stride)
        switch dtype {
        case .float16:
            let p = UnsafeMutablePointer<Float16>.allocate(capacity: count)
            p.initialize(repeating: .nan, count: count)
            for i in 0..<n { for j in 0..<k { p[i * self.stride + j] = Float16(values[i * k + j]) } }
            raw = UnsafeMutableRawPointer(p)
        case .float32:
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            p.initialize(repeating: .nan, count: count)
            for i in 0..<n { for j in 0..<k { p[i * self.stride + j] = Float(values[i * k + j]) } }
            raw = UnsafeMutableRawPointer(p)
        case .float64:
            let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
            p.initialize(repeating: .nan, count: count)
            for i in 0..<n { for j in 0..<k { p[i * self.stride + j] = values[i * k + j] } }
            raw = UnsafeMutableRawPointer(p)
        }
    }

    /// Float32 values produced directly (large generated inputs).
    init(float32 n: Int, k: Int, fill: (UnsafeMutablePointer<Float>) -> Void) {
        dtype = .float32
        self.n = n
        self.k = k
        stride = k
        let p = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, n * k))
        p.initialize(repeating: 0, count: Swift.max(1, n * k))
        fill(p)
        raw = UnsafeMutableRawPointer(p)
    }

    deinit { raw.deallocate() }

    var predProbs: PredProbs {
        switch dtype {
        case .float16:
            return .float16(ProbabilityMatrix(base: UnsafePointer(raw.assumingMemoryBound(to: Float16.self)), rows: n, columns: k, rowStride: stride))
        case .float32:
            return .float32(ProbabilityMatrix(base: UnsafePointer(raw.assumingMemoryBound(to: Float.self)), rows: n, columns: k, rowStride: stride))
        case .float64:
            return .float64(ProbabilityMatrix(base: UnsafePointer(raw.assumingMemoryBound(to: Double.self)), rows: n, columns: k, rowStride: stride))
        }
    }

    /// Element (i, j) as a Double.
    subscript(i: Int, j: Int) -> Double {
        switch dtype {
        case .float16: return Double(raw.assumingMemoryBound(to: Float16.self)[i * stride + j])
        case .float32: return Double(raw.assumingMemoryBound(to: Float.self)[i * stride + j])
        case .float64: return raw.assumingMemoryBound(to: Double.self)[i * stride + j]
        }
    }

    /// Sets element (i, j) (rounded to the dtype).
    func set(_ i: Int, _ j: Int, _ v: Double) {
        switch dtype {
        case .float16: raw.assumingMemoryBound(to: Float16.self)[i * stride + j] = Float16(v)
        case .float32: raw.assumingMemoryBound(to: Float.self)[i * stride + j] = Float(v)
        case .float64: raw.assumingMemoryBound(to: Double.self)[i * stride + j] = v
        }
    }

    /// FNV-1a 64 of the row-major little-endian bytes (as the generator computes it).
    func fnv1a64() -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func eat(_ bytes: UInt64, _ count: Int) {
            for b in 0..<count {
                h = (h ^ ((bytes >> (8 * UInt64(b))) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        for i in 0..<n {
            for j in 0..<k {
                switch dtype {
                case .float16: eat(UInt64(raw.assumingMemoryBound(to: Float16.self)[i * stride + j].bitPattern), 2)
                case .float32: eat(UInt64(raw.assumingMemoryBound(to: Float.self)[i * stride + j].bitPattern), 4)
                case .float64: eat(raw.assumingMemoryBound(to: Double.self)[i * stride + j].bitPattern, 8)
                }
            }
        }
        return h
    }
}

/// Labels owned by the test, readable as int64 and int32 views.
final class OwnedLabels: @unchecked Sendable {
    let count: Int
    private let p64: UnsafeMutablePointer<Int64>
    private let p32: UnsafeMutablePointer<Int32>

    init(_ values: [Int]) {
        count = values.count
        // 8 spare zero entries, so that a view claiming a few more labels (shape tests) stays
        // inside the allocation
        p64 = .allocate(capacity: values.count + 8)
        p32 = .allocate(capacity: values.count + 8)
        p64.initialize(repeating: 0, count: values.count + 8)
        p32.initialize(repeating: 0, count: values.count + 8)
        for (i, v) in values.enumerated() {
            p64[i] = Int64(v)
            p32[i] = Int32(truncatingIfNeeded: v)
        }
    }

    deinit {
        p64.deallocate()
        p32.deallocate()
    }

    var int64: LabelView { LabelView(int64: p64, count: count) }
    var int32: LabelView { LabelView(int32: p32, count: count) }
    /// A view with a different length than the data (shape-mismatch tests).
    func int64(count c: Int) -> LabelView { LabelView(int64: p64, count: c) }
    subscript(i: Int) -> Int { Int(p64[i]) }
}

// MARK: - JSON

enum FixtureError: Error, CustomStringConvertible {
    case malformed(String)
    var description: String {
        switch self { case .malformed(let s): return "malformed fixture: \(s)" }
    }
}

/// A number list: a JSON array of numbers (or "nan"/"inf"/"-inf" strings), or the sparse form
/// {"size", "index", "value"}.
func jsonDoubles(_ any: Any?) throws -> [Double] {
    if let dict = any as? [String: Any] {
        guard let size = jsonInt(dict["size"]),
              let index = dict["index"] as? [Any], let value = dict["value"] as? [Any], index.count == value.count
        else { throw FixtureError.malformed("sparse list \(dict.keys)") }
        var out = [Double](repeating: 0, count: size)
        for (i, v) in zip(index, value) {
            guard let i = jsonInt(i) else { throw FixtureError.malformed("sparse index") }
            out[i] = try jsonDouble(v)
        }
        return out
    }
    guard let array = any as? [Any] else { throw FixtureError.malformed("expected a number list, got \(String(describing: any))") }
    return try array.map(jsonDouble)
}

func jsonDouble(_ any: Any) throws -> Double {
    if let s = any as? String {
        switch s {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: throw FixtureError.malformed("number string \(s)")
        }
    }
    guard let d = any as? Double else { throw FixtureError.malformed("number \(any)") }
    return d
}

func jsonInts(_ any: Any?) throws -> [Int] {
    try jsonDoubles(any).map { d in
        guard let i = Int(exactly: d) else { throw FixtureError.malformed("integer \(d)") }
        return i
    }
}

func base64Values(_ string: String, dtype: OwnedMatrix.DType, count: Int) throws -> [Double] {
    guard let data = Data(base64Encoded: string) else { throw FixtureError.malformed("base64") }
    let width = dtype == .float16 ? 2 : (dtype == .float32 ? 4 : 8)
    guard data.count == count * width else { throw FixtureError.malformed("base64 length \(data.count) for \(count) values") }
    return data.withUnsafeBytes { buf -> [Double] in
        (0..<count).map { i in
            switch dtype {
            case .float16: return Double(Float16(bitPattern: UInt16(littleEndian: buf.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
            case .float32: return Double(Float(bitPattern: UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
            case .float64: return Double(bitPattern: UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))
            }
        }
    }
}

let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The golden fixture names (files Fixtures/*.json), sorted.
func goldenFixtureNames() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
}

func loadJSON(_ url: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: url)
    guard let doc = try ExactJSON.parse(data) as? [String: Any] else {
        throw FixtureError.malformed("\(url.lastPathComponent) is not a JSON object")
    }
    return doc
}

/// One golden fixture: inputs and cases.
struct Fixture {
    let name: String
    let dtype: OwnedMatrix.DType
    let n: Int
    let k: Int
    let ties: Bool
    let labels: [Int]
    let values: [Double]
    let checksum: UInt64
    let inputs: [String: Any]
    let cases: [[String: Any]]

    init(name: String) throws {
        let doc = try loadJSON(fixturesDirectory.appendingPathComponent("\(name).json"))
        self.name = name
        guard let dt = (doc["dtype"] as? String).flatMap(OwnedMatrix.DType.init(rawValue:)),
              let n = jsonInt(doc["n"]), let k = jsonInt(doc["K"]),
              let sum = (doc["pred_probs_fnv1a64"] as? String).flatMap({ UInt64($0, radix: 16) }),
              let cases = doc["cases"] as? [[String: Any]]
        else { throw FixtureError.malformed("\(name): header") }
        dtype = dt
        self.n = n
        self.k = k
        ties = (doc["ties"] as? Bool) ?? false
        labels = try jsonInts(doc["labels"])
        if let b64 = doc["pred_probs_base64"] as? String {
            values = try base64Values(b64, dtype: dt, count: n * k)
        } else {
            values = try jsonDoubles(doc["pred_probs"])
        }
        checksum = sum
        inputs = (doc["inputs"] as? [String: Any]) ?? [:]
        self.cases = cases
        guard labels.count == n, values.count == n * k else { throw FixtureError.malformed("\(name): sizes") }
    }

    func matrix(named name: String) throws -> [Double] {
        guard let m = (inputs["matrices"] as? [String: Any])?[name] else { throw FixtureError.malformed("matrix \(name)") }
        return try jsonDoubles(m)
    }

    func mask(named name: String) throws -> [UInt8] {
        guard let m = (inputs["masks"] as? [String: Any])?[name] else { throw FixtureError.malformed("mask \(name)") }
        return try jsonInts(m).map { UInt8($0) }
    }

    func scores(named name: String) throws -> [Double] {
        guard let s = (inputs["scores"] as? [String: Any])?[name] else { throw FixtureError.malformed("scores \(name)") }
        return try jsonDoubles(s)
    }
}

// MARK: - Comparisons

/// Describes the first differences between two integer lists ("" if equal).
func diffInts(_ expected: [Int], _ actual: [Int]) -> String {
    if expected == actual { return "" }
    var s = "expected \(expected.count) values, got \(actual.count)"
    let ndiff = zip(expected, actual).filter { $0 != $1 }.count
    if ndiff > 0 { s += "; \(ndiff) positions differ" }
    var shown = 0
    for i in 0..<Swift.min(expected.count, actual.count) where expected[i] != actual[i] {
        s += "; [\(i)] expected \(expected[i]) got \(actual[i])"
        shown += 1
        if shown == 5 { break }
    }
    if expected.count != actual.count || shown == 0 {
        let e = Set(expected), a = Set(actual)
        s += "; missing \(Array(e.subtracting(a)).sorted().prefix(10)), extra \(Array(a.subtracting(e)).sorted().prefix(10))"
    }
    return s
}

/// Describes the first differences between two float lists ("" if every pair is within the
/// relative tolerance; tolerance 0 demands identical bits, NaN == NaN).
func diffDoubles(_ expected: [Double], _ actual: [Double], relTol: Double) -> String {
    if expected.count != actual.count { return "expected \(expected.count) values, got \(actual.count)" }
    var bad = [(Int, Double, Double)]()
    var worst = 0.0
    for i in 0..<expected.count {
        let e = expected[i], a = actual[i]
        let ok: Bool
        if relTol == 0 {
            ok = e.bitPattern == a.bitPattern || (e.isNaN && a.isNaN)
        } else if e.isNaN || a.isNaN {
            ok = e.isNaN && a.isNaN
        } else {
            let d = abs(e - a)
            ok = d <= relTol * Swift.max(abs(e), abs(a))
            if !ok { worst = Swift.max(worst, d / Swift.max(abs(e), abs(a))) }
        }
        if !ok { bad.append((i, e, a)) }
    }
    if bad.isEmpty { return "" }
    var s = "\(bad.count) of \(expected.count) values differ" + (relTol == 0 ? " (bit-exact required)" : " (worst relative error \(worst))")
    for (i, e, a) in bad.prefix(5) { s += "; [\(i)] expected \(e) got \(a)" }
    return s
}

// MARK: - Seeded generator

/// SplitMix64: a small deterministic generator for test inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func normal() -> Double {
        let u1 = Swift.max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A large classification problem: softmax of noisy logits around a true class, float32,
/// with `flip` of the given labels replaced by a random class. `missing` classes never appear as
/// labels. Probabilities are rounded to multiples of `quantum` when given (many ties).
func makeProblem(n: Int, k: Int, seed: UInt64, flip: Double = 0.2, signal: Double = 2.5,
                 missing: Set<Int> = [], quantum: Float? = nil) -> (OwnedMatrix, OwnedLabels) {
    var rng = SplitMix64(seed: seed)
    var labels = [Int](repeating: 0, count: n)
    let present = (0..<k).filter { !missing.contains($0) }
    var logits = [Double](repeating: 0, count: k)
    let m = OwnedMatrix(float32: n, k: k) { p in
        for i in 0..<n {
            let truth = Int(rng.next() % UInt64(k))
            var mx = -Double.infinity
            for j in 0..<k {
                logits[j] = 1.5 * rng.normal() + (j == truth ? signal : 0)
                mx = Swift.max(mx, logits[j])
            }
            var total = 0.0
            for j in 0..<k { logits[j] = exp(logits[j] - mx); total += logits[j] }
            for j in 0..<k {
                var v = Float(logits[j] / total)
                if let q = quantum { v = (v / q).rounded() * q }
                p[i * k + j] = Swift.min(v, 1)
            }
            var y = rng.uniform() < flip ? Int(rng.next() % UInt64(k)) : truth
            if missing.contains(y) { y = present[Int(rng.next() % UInt64(present.count))] }
            labels[i] = y
        }
    }
    return (m, OwnedLabels(labels))
}

// MARK: - A small exact JSON reader

/// JSON null.
struct JSONNull {}

/// A minimal JSON parser whose numbers are Swift `Double`s parsed with the standard library's
/// correctly rounded `Double(String)` (Foundation's JSONSerialization on Linux is not exact for
/// every float64 literal). Objects become `[String: Any]`, arrays `[Any]`, numbers `Double`,
/// strings `String`, booleans `Bool`, null `JSONNull`.
struct ExactJSON {
    private let bytes: [UInt8]
    private var i = 0

    static func parse(_ data: Data) throws -> Any {
        var p = ExactJSON(bytes: [UInt8](data))
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw FixtureError.malformed("trailing JSON at byte \(p.i)") }
        return v
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for b in literal.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw FixtureError.malformed("JSON literal at byte \(i)") }
            i += 1
        }
    }

    private mutating func value() throws -> Any {
        skipSpace()
        guard i < bytes.count else { throw FixtureError.malformed("JSON ends early") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var obj = [String: Any]()
            skipSpace()
            if bytes[i] == UInt8(ascii: "}") { i += 1; return obj }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(":")
                obj[key] = try value()
                skipSpace()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect("}")
                return obj
            }
        case UInt8(ascii: "["):
            i += 1
            var arr = [Any]()
            skipSpace()
            if bytes[i] == UInt8(ascii: "]") { i += 1; return arr }
            while true {
                arr.append(try value())
                skipSpace()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect("]")
                return arr
            }
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "t"):
            try expect("true"); return true
        case UInt8(ascii: "f"):
            try expect("false"); return false
        case UInt8(ascii: "n"):
            try expect("null"); return JSONNull()
        default:
            let start = i
            while i < bytes.count, let c = Optional(bytes[i]),
                  (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let d = Double(text) else { throw FixtureError.malformed("JSON number \(text)") }
            return d
        }
    }

    private mutating func string() throws -> String {
        try expect("\"")
        var out = [UInt8]()
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 1
                let c = bytes[i]
                switch c {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    let hex = String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self)
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw FixtureError.malformed("JSON escape \(hex)")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += 4
                default: out.append(c)
                }
                i += 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        try expect("\"")
        return String(decoding: out, as: UTF8.self)
    }
}

/// An integer from a parsed JSON number.
func jsonInt(_ any: Any?) -> Int? {
    guard let d = any as? Double else { return nil }
    return Int(exactly: d)
}
