// Reading numpy `.npy` files (format versions 1.0, 2.0 and 3.0) by memory-mapping them: the data
// is never read into memory as a whole, so a file larger than RAM works (the kernel pages it in
// as the library reads it).
//
// Supported: little-endian (or byte-order-free) float16/32/64 probabilities of shape (n, K) and
// integer or bool labels of shape (n,) or (n, 1), in C order; Fortran-ordered probabilities are
// transposed into a row-major copy (that copy needs n*K*itemsize bytes of memory). Rejected with a
// message: big-endian data, structured/object/complex/string dtypes, wrong dimensions, a data
// section shorter than the header says (truncated file), a damaged header.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CleanlabCore

/// A read-only memory mapping of a whole file, unmapped when released.
final class MappedFile {
    let path: String
    let base: UnsafeRawPointer
    let size: Int
    private let mapped: Bool

    init(path: String) throws(DataError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw DataError("\(path): cannot open: \(errnoString())") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw DataError("\(path): cannot stat: \(errnoString())") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DataError("\(path): is a directory, not a file") }
        let size = Int(st.st_size)
        self.size = size
        if size == 0 {
            // nothing to map; a dummy pointer that is never dereferenced (size is 0)
            base = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16))
            mapped = false
            return
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        if p == MAP_FAILED || p == nil { throw DataError("\(path): cannot memory-map: \(errnoString())") }
        base = UnsafeRawPointer(p!)
        mapped = true
    }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), size) } else { UnsafeMutableRawPointer(mutating: base).deallocate() }
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size) }
}

func errnoString() -> String {
    guard let s = strerror(errno) else { return "error \(errno)" }
    return String(cString: s)
}

/// An owned, aligned heap buffer (for converted or transposed data).
final class OwnedBuffer {
    let raw: UnsafeMutableRawPointer
    init(byteCount: Int) { raw = .allocate(byteCount: Swift.max(byteCount, 16), alignment: 64) }
    deinit { raw.deallocate() }
}

/// The parsed header of a `.npy` file.
struct NpyHeader {
    enum Kind: Equatable { case float, signed, unsigned, bool }
    var kind: Kind
    var itemSize: Int
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    var dataOffset: Int

    var dtypeName: String {
        switch kind {
        case .float: return "float\(itemSize * 8)"
        case .signed: return "int\(itemSize * 8)"
        case .unsigned: return "uint\(itemSize * 8)"
        case .bool: return "bool"
        }
    }
    var shapeText: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map { String($0) }.joined(separator: ", ") + ")"
    }

    static func isNpy(_ file: MappedFile) -> Bool {
        let b = file.bytes
        return b.count >= 6 && b[0] == 0x93 && Array(b[1..<6]) == Array("NUMPY".utf8)
    }

    /// Parses and validates the header; `what` ("labels" / "pred_probs") is used in messages.
    static func parse(_ file: MappedFile) throws(DataError) -> NpyHeader {
        let b = file.bytes
        let path = file.path
        guard isNpy(file) else { throw DataError("\(path): not a .npy file (the magic string \\x93NUMPY is missing)") }
        guard b.count >= 10 else { throw DataError("\(path): truncated .npy file: the header is incomplete (\(b.count) bytes)") }
        let major = Int(b[6])
        let headerLen: Int, start: Int
        switch major {
        case 1:
            headerLen = Int(b[8]) | Int(b[9]) << 8
            start = 10
        case 2, 3:
            guard b.count >= 12 else { throw DataError("\(path): truncated .npy file: the header is incomplete (\(b.count) bytes)") }
            headerLen = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
            start = 12
        default:
            throw DataError("\(path): unsupported .npy format version \(major).\(b[7]) (versions 1.0, 2.0 and 3.0 are supported)")
        }
        guard start + headerLen <= b.count else {
            throw DataError("\(path): truncated .npy file: the header says it is \(headerLen) bytes long, but the file has only \(b.count - start) bytes after the magic string")
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<start + headerLen]), as: UTF8.self)
        var parser = DictParser(text: Array(text.utf8), path: path)
        let dict = try parser.parse()

        guard case .string(let descr)? = dict["descr"] else {
            if case .other? = dict["descr"] {
                throw DataError("\(path): structured dtypes (records) are not supported: save a plain numeric array")
            }
            throw DataError("\(path): damaged .npy header: no 'descr' string")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else { throw DataError("\(path): damaged .npy header: no 'fortran_order' flag") }
        guard case .tuple(let shape)? = dict["shape"] else { throw DataError("\(path): damaged .npy header: no 'shape' tuple") }

        let d = Array(descr.utf8)
        guard d.count >= 3 else { throw DataError("\(path): unsupported dtype '\(descr)'") }
        let order = d[0]
        let kindChar = d[1]
        guard let size = Int(String(decoding: d[2...], as: UTF8.self)) else { throw DataError("\(path): unsupported dtype '\(descr)'") }
        if order == UInt8(ascii: ">") && size > 1 {
            throw DataError("\(path): big-endian data (dtype '\(descr)') is not supported: convert it with arr.astype(arr.dtype.newbyteorder('<'))")
        }
        guard [UInt8(ascii: "<"), UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: ">")].contains(order) else {
            throw DataError("\(path): unsupported dtype '\(descr)'")
        }
        let kind: Kind
        switch (kindChar, size) {
        case (UInt8(ascii: "f"), 2), (UInt8(ascii: "f"), 4), (UInt8(ascii: "f"), 8): kind = .float
        case (UInt8(ascii: "i"), 1), (UInt8(ascii: "i"), 2), (UInt8(ascii: "i"), 4), (UInt8(ascii: "i"), 8): kind = .signed
        case (UInt8(ascii: "u"), 1), (UInt8(ascii: "u"), 2), (UInt8(ascii: "u"), 4), (UInt8(ascii: "u"), 8): kind = .unsigned
        case (UInt8(ascii: "b"), 1): kind = .bool
        default:
            throw DataError("\(path): unsupported dtype '\(descr)': probabilities must be float16, float32 or float64, labels an integer or bool dtype")
        }
        let offset = start + headerLen
        var count = 1
        for s in shape {
            let (m, o) = count.multipliedReportingOverflow(by: s)
            if o { throw DataError("\(path): the shape \(shape) is too large") }
            count = m
        }
        let (nbytes, o) = count.multipliedReportingOverflow(by: size)
        if o { throw DataError("\(path): the shape \(shape) is too large") }
        let h = NpyHeader(kind: kind, itemSize: size, descr: descr, fortranOrder: fortran, shape: shape, dataOffset: offset)
        if b.count - offset < nbytes {
            throw DataError("\(path): truncated .npy file: shape \(h.shapeText) of \(h.dtypeName) needs \(nbytes) bytes of data, but only \(b.count - offset) bytes follow the header")
        }
        return h
    }
}

/// A tiny parser of the Python dict literal in a `.npy` header:
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }`.
struct DictParser {
    enum Value { case string(String), bool(Bool), tuple([Int]), other }
    let text: [UInt8]
    let path: String
    var i = 0

    init(text: [UInt8], path: String) { self.text = text; self.path = path }

    func fail(_ why: String) -> DataError { DataError("\(path): damaged .npy header: \(why)") }

    mutating func skipSpace() {
        while i < text.count && (text[i] == 32 || text[i] == 10 || text[i] == 9 || text[i] == 13) { i += 1 }
    }

    mutating func expect(_ c: Character) throws(DataError) {
        skipSpace()
        guard i < text.count, text[i] == c.asciiValue! else { throw fail("expected '\(c)' at offset \(i)") }
        i += 1
    }

    mutating func string() throws(DataError) -> String {
        skipSpace()
        guard i < text.count, text[i] == 39 || text[i] == 34 else { throw fail("expected a string at offset \(i)") }
        let q = text[i]
        i += 1
        let s = i
        while i < text.count && text[i] != q { i += 1 }
        guard i < text.count else { throw fail("unterminated string") }
        let r = String(decoding: text[s..<i], as: UTF8.self)
        i += 1
        return r
    }

    mutating func value() throws(DataError) -> Value {
        skipSpace()
        guard i < text.count else { throw fail("unexpected end") }
        let c = text[i]
        if c == 39 || c == 34 { return .string(try string()) }
        if c == UInt8(ascii: "(") {
            i += 1
            var out = [Int]()
            while true {
                skipSpace()
                guard i < text.count else { throw fail("unterminated tuple") }
                if text[i] == UInt8(ascii: ")") { i += 1; return .tuple(out) }
                var v = 0
                var digits = 0
                while i < text.count, text[i] >= 48, text[i] <= 57 {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(Int(text[i] - 48))
                    if o1 || o2 { throw fail("a dimension is too large") }
                    v = a
                    digits += 1
                    i += 1
                }
                if text[i...].starts(with: Array("L".utf8)) { i += 1 }  // Python 2 longs
                guard digits > 0 else { throw fail("expected a dimension at offset \(i)") }
                out.append(v)
                skipSpace()
                guard i < text.count else { throw fail("unterminated tuple") }
                if text[i] == UInt8(ascii: ",") { i += 1 }
            }
        }
        if text[i...].starts(with: Array("True".utf8)) { i += 4; return .bool(true) }
        if text[i...].starts(with: Array("False".utf8)) { i += 5; return .bool(false) }
        // anything else (a list for structured dtypes, ...): skip to the matching close bracket
        var depth = 0
        while i < text.count {
            let ch = text[i]
            if ch == UInt8(ascii: "[") || ch == UInt8(ascii: "(") || ch == UInt8(ascii: "{") { depth += 1 }
            if ch == UInt8(ascii: "]") || ch == UInt8(ascii: ")") || ch == UInt8(ascii: "}") {
                if depth == 0 { break }
                depth -= 1
            }
            if ch == UInt8(ascii: ",") && depth == 0 { break }
            i += 1
        }
        return .other
    }

    mutating func parse() throws(DataError) -> [String: Value] {
        try expect("{")
        var out = [String: Value]()
        while true {
            skipSpace()
            guard i < text.count else { throw fail("unterminated dictionary") }
            if text[i] == UInt8(ascii: "}") { i += 1; return out }
            let key = try string()
            try expect(":")
            out[key] = try value()
            skipSpace()
            guard i < text.count else { throw fail("unterminated dictionary") }
            if text[i] == UInt8(ascii: ",") { i += 1 }
        }
    }
}

// MARK: - Loading labels and pred_probs

/// Labels ready for the core: borrowed from the mapping when the file holds int32/int64 in
/// native order and aligned, otherwise converted to int64.
struct LoadedLabels {
    var count: Int
    var keepAlive: AnyObject
    var pointer: UnsafeRawPointer
    var is64: Bool
    var dtypeName: String

    var view: LabelView {
        is64 ? LabelView(int64: pointer.assumingMemoryBound(to: Int64.self), count: count)
             : LabelView(int32: pointer.assumingMemoryBound(to: Int32.self), count: count)
    }

    /// Labels held in an owned int64 array.
    static func owned(_ values: [Int64], dtypeName: String) -> LoadedLabels {
        let buf = OwnedBuffer(byteCount: values.count * 8)
        let p = buf.raw.bindMemory(to: Int64.self, capacity: Swift.max(values.count, 1))
        for (i, v) in values.enumerated() { p[i] = v }
        return LoadedLabels(count: values.count, keepAlive: buf, pointer: UnsafeRawPointer(buf.raw), is64: true, dtypeName: dtypeName)
    }
}

/// pred_probs ready for the core.
struct LoadedProbs {
    var probs: PredProbs
    var keepAlive: AnyObject
    var dtypeName: String
    var rows: Int { probs.rows }
    var columns: Int { probs.columns }

    /// Probabilities held in an owned float64 buffer (row-major).
    static func owned(_ values: [Double], rows: Int, columns: Int) -> LoadedProbs {
        let buf = OwnedBuffer(byteCount: values.count * 8)
        let p = buf.raw.bindMemory(to: Double.self, capacity: Swift.max(values.count, 1))
        for (i, v) in values.enumerated() { p[i] = v }
        let m = ProbabilityMatrix<Double>(base: UnsafePointer(p), rows: rows, columns: columns, rowStride: columns)
        return LoadedProbs(probs: .float64(m), keepAlive: buf, dtypeName: "float64")
    }
}

enum Npy {
    static func loadLabels(_ file: MappedFile) throws(DataError) -> LoadedLabels {
        let h = try NpyHeader.parse(file)
        let path = file.path
        let n: Int
        switch h.shape.count {
        case 1: n = h.shape[0]
        case 2 where h.shape[1] == 1: n = h.shape[0]
        default:
            throw DataError("\(path): labels must be a 1-D array of n class indices (or n x 1), got shape \(h.shapeText)")
        }
        if h.kind == .float {
            throw DataError("\(path): labels must be integers (class indices), but the file holds \(h.dtypeName): save them with labels.astype(np.int64)")
        }
        let data = file.base + h.dataOffset
        // borrow int32/int64 data in place when it is aligned
        if h.kind == .signed && (h.itemSize == 8 || h.itemSize == 4) && Int(bitPattern: data) % h.itemSize == 0 {
            return LoadedLabels(count: n, keepAlive: file, pointer: data, is64: h.itemSize == 8, dtypeName: h.dtypeName)
        }
        var out = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let at = i * h.itemSize
            switch (h.kind, h.itemSize) {
            case (.bool, _): out[i] = data.load(fromByteOffset: at, as: UInt8.self) != 0 ? 1 : 0
            case (.signed, 1): out[i] = Int64(data.load(fromByteOffset: at, as: Int8.self))
            case (.signed, 2): out[i] = Int64(data.loadUnaligned(fromByteOffset: at, as: Int16.self))
            case (.signed, 4): out[i] = Int64(data.loadUnaligned(fromByteOffset: at, as: Int32.self))
            case (.signed, _): out[i] = data.loadUnaligned(fromByteOffset: at, as: Int64.self)
            case (.unsigned, 1): out[i] = Int64(data.load(fromByteOffset: at, as: UInt8.self))
            case (.unsigned, 2): out[i] = Int64(data.loadUnaligned(fromByteOffset: at, as: UInt16.self))
            case (.unsigned, 4): out[i] = Int64(data.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            default:
                let v = data.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                guard v <= UInt64(Int64.max) else {
                    throw DataError("\(path): row \(i): label \(v) is not a class index (too large)")
                }
                out[i] = Int64(v)
            }
        }
        return LoadedLabels.owned(out, dtypeName: h.dtypeName)
    }

    static func loadProbs(_ file: MappedFile) throws(DataError) -> LoadedProbs {
        let h = try NpyHeader.parse(file)
        let path = file.path
        guard h.shape.count == 2 else {
            throw DataError("\(path): pred_probs must be a 2-D array of shape (n, K) (examples x classes), got shape \(h.shapeText)")
        }
        guard h.kind == .float else {
            throw DataError("\(path): pred_probs must be float16, float32 or float64, but the file holds \(h.dtypeName)")
        }
        let n = h.shape[0], k = h.shape[1]
        let data = file.base + h.dataOffset
        let aligned = Int(bitPattern: data) % h.itemSize == 0
        if !h.fortranOrder || n <= 1 || k <= 1 {
            if aligned {
                return wrap(data, itemSize: h.itemSize, n: n, k: k, keepAlive: file)
            }
            let buf = OwnedBuffer(byteCount: n * k * h.itemSize)
            buf.raw.copyMemory(from: data, byteCount: n * k * h.itemSize)
            return wrap(UnsafeRawPointer(buf.raw), itemSize: h.itemSize, n: n, k: k, keepAlive: buf)
        }
        // Fortran order: column j is contiguous; transpose into a row-major copy, in tiles
        let size = h.itemSize
        let buf = OwnedBuffer(byteCount: n * k * size)
        let dst = buf.raw
        let tile = 64
        var r0 = 0
        while r0 < n {
            let r1 = Swift.min(r0 + tile, n)
            for j in 0..<k {
                let col = data + j * n * size
                for r in r0..<r1 {
                    (dst + (r * k + j) * size).copyMemory(from: col + r * size, byteCount: size)
                }
            }
            r0 = r1
        }
        return wrap(UnsafeRawPointer(dst), itemSize: size, n: n, k: k, keepAlive: buf)
    }

    static func wrap(_ p: UnsafeRawPointer, itemSize: Int, n: Int, k: Int, keepAlive: AnyObject) -> LoadedProbs {
        switch itemSize {
        case 2:
            let m = ProbabilityMatrix<Float16>(base: p.assumingMemoryBound(to: Float16.self), rows: n, columns: k, rowStride: k)
            return LoadedProbs(probs: .float16(m), keepAlive: keepAlive, dtypeName: "float16")
        case 4:
            let m = ProbabilityMatrix<Float>(base: p.assumingMemoryBound(to: Float.self), rows: n, columns: k, rowStride: k)
            return LoadedProbs(probs: .float32(m), keepAlive: keepAlive, dtypeName: "float32")
        default:
            let m = ProbabilityMatrix<Double>(base: p.assumingMemoryBound(to: Double.self), rows: n, columns: k, rowStride: k)
            return LoadedProbs(probs: .float64(m), keepAlive: keepAlive, dtypeName: "float64")
        }
    }
}
