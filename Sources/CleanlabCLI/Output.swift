// Buffered output to stdout or a file, and the text formats (table, CSV, JSON).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

final class OutputSink {
    private let fd: Int32
    private let name: String
    private let owned: Bool
    private var buffer: [UInt8] = []

    /// stdout, or the file `path` (created or truncated).
    init(path: String?) throws(DataError) {
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd < 0 { throw DataError("\(path): cannot write: \(errnoString())") }
            self.fd = fd
            name = path
            owned = true
        } else {
            fd = 1
            name = "stdout"
            owned = false
        }
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ s: String) throws(DataError) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func line(_ s: String) throws(DataError) { try write(s + "\n") }

    func flush() throws(DataError) {
        var off = 0
        while off < buffer.count {
            let r = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + off, $0.count - off) }
            if r < 0 {
                if errno == EINTR { continue }
                throw DataError("\(name): cannot write: \(errnoString())")
            }
            off += r
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws(DataError) {
        try flush()
        if owned && Glibc.close(fd) != 0 { throw DataError("\(name): cannot write: \(errnoString())") }
    }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

/// A CSV cell (quoted when needed).
func csvCell(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.first == " " || s.last == " " {
        var q = "\""
        for ch in s { q += ch == "\"" ? "\"\"" : String(ch) }
        return q + "\""
    }
    return s
}

/// A float for CSV/JSON: the shortest text that reads back as the same double.
func exactNumber(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
    return "\(v)"
}

func padLeft(_ s: String, _ width: Int) -> String {
    let c = s.count
    return c >= width ? s : String(repeating: " ", count: width - c) + s
}

func padRight(_ s: String, _ width: Int) -> String {
    let c = s.count
    return c >= width ? s : s + String(repeating: " ", count: width - c)
}

/// Renders a table with right-aligned columns (left-aligned where `leftAligned`).
func renderTable(_ header: [String], _ rows: [[String]], leftAligned: Set<Int> = []) -> [String] {
    var widths = header.map { $0.count }
    for r in rows { for (j, c) in r.enumerated() where j < widths.count { widths[j] = Swift.max(widths[j], c.count) } }
    func render(_ cells: [String]) -> String {
        var parts = [String]()
        for (j, c) in cells.enumerated() {
            parts.append(leftAligned.contains(j) ? padRight(c, widths[j]) : padLeft(c, widths[j]))
        }
        var s = parts.joined(separator: "  ")
        while s.last == " " { s.removeLast() }
        return s
    }
    return [render(header)] + rows.map(render)
}

/// k x k row-major matrices side by side, rows = given label, columns = true label (at most 12
/// classes; a larger K gives a one-line note instead).
func matrixLines(_ ms: [[Double]], k: Int, decimals: Int, indent: String = "  ") -> [String] {
    if k > 12 { return [indent + "(K = \(k): matrices larger than 12 x 12 are not printed)"] }
    var cells = [[String]](repeating: [], count: k)
    for (mi, m) in ms.enumerated() {
        for i in 0..<k {
            if mi > 0 { cells[i].append("|") }
            for j in 0..<k { cells[i].append(fixed(m[i * k + j], decimals)) }
        }
    }
    var header = [String]()
    for mi in 0..<ms.count {
        if mi > 0 { header.append("|") }
        for j in 0..<k { header.append("t=\(j)") }
    }
    return renderTable(["given"] + header, (0..<k).map { ["\($0)"] + cells[$0] }).map { indent + $0 }
}
