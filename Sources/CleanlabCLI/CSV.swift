// Reading labels and pred_probs from CSV files.
//
// Format: comma-separated, one example per line (LF or CRLF), blank lines ignored, fields may be
// double-quoted ("" is a quote inside). The first line is a header when any of its cells is not a
// number (so a header is optional). pred_probs: every column is a class (K = number of
// columns), every line must have K cells. labels: the only column, or the column chosen with
// --label-column (a header name or a 0-based index), or a column named label/labels/given_label.
// Labels must be integers ("3" or "3.0"). Values are read as float64.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CleanlabCore

final class CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    /// NUL-terminated copy of one cell for strtod.
    private let scratch = UnsafeMutablePointer<CChar>.allocate(capacity: 128)
    var pos = 0
    var line = 0              // 1-based number of the line last returned
    var fields: [Range<Int>] = []
    var quoted: [Bool] = []

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) { self.bytes = bytes; self.path = path }
    deinit { scratch.deallocate() }

    /// Splits the next non-blank line into `fields`; false at the end of the file.
    func nextLine() throws(DataError) -> Bool {
        let n = bytes.count
        while pos < n {
            line += 1
            fields.removeAll(keepingCapacity: true)
            quoted.removeAll(keepingCapacity: true)
            var start = pos
            var inQuotes = false
            var wasQuoted = false
            var blank = true
            var i = pos
            while true {
                if i >= n || (!inQuotes && (bytes[i] == 10 || bytes[i] == 44)) {
                    var end = i
                    if i >= n || bytes[i] == 10 { if end > start && bytes[end - 1] == 13 { end -= 1 } }
                    fields.append(start..<end)
                    quoted.append(wasQuoted)
                    wasQuoted = false
                    if i >= n || bytes[i] == 10 { pos = i + 1; break }
                    blank = false   // a line of separators is a line of empty cells
                    start = i + 1
                    i += 1
                    continue
                }
                let c = bytes[i]
                if c == 34 {
                    if inQuotes && i + 1 < n && bytes[i + 1] == 34 { i += 2; continue }
                    inQuotes.toggle()
                    wasQuoted = true
                }
                if c != 32 && c != 9 && c != 13 { blank = false }
                i += 1
            }
            if inQuotes { throw DataError("\(path): line \(line): unterminated quoted field") }
            if blank { continue }
            return true
        }
        return false
    }

    /// The text of field `j` (quotes removed, surrounding spaces trimmed).
    func text(_ j: Int) -> String {
        var r = fields[j]
        while r.lowerBound < r.upperBound && (bytes[r.lowerBound] == 32 || bytes[r.lowerBound] == 9) { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound && (bytes[r.upperBound - 1] == 32 || bytes[r.upperBound - 1] == 9) { r = r.lowerBound..<(r.upperBound - 1) }
        var s = String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
        if quoted[j], s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 {
            s = String(s.dropFirst().dropLast())
            var out = ""
            var prevQuote = false
            for ch in s {
                if ch == "\"" && prevQuote { prevQuote = false; continue }
                prevQuote = ch == "\""
                out.append(ch)
            }
            s = out
        }
        return s
    }

    /// Field `j` as a number, or nil when it is not one. Accepts what C's strtod accepts
    /// (including "nan" and "inf", which the library then rejects with their position).
    func number(_ j: Int) -> Double? {
        var r = fields[j]
        if quoted[j] { return parseNumber(text(j)) }
        while r.lowerBound < r.upperBound && (bytes[r.lowerBound] == 32 || bytes[r.lowerBound] == 9) { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound && (bytes[r.upperBound - 1] == 32 || bytes[r.upperBound - 1] == 9) { r = r.lowerBound..<(r.upperBound - 1) }
        let len = r.count
        if len == 0 || len > 120 { return nil }
        for t in 0..<len { scratch[t] = CChar(bitPattern: bytes[r.lowerBound + t]) }
        scratch[len] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(scratch, &end)
        guard let e = end, e - scratch == len else { return nil }
        return v
    }

    func parseNumber(_ s: String) -> Double? {
        let t = s.utf8
        if t.isEmpty || t.count > 120 { return nil }
        return s.withCString { p -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(p, &end)
            guard let e = end, UnsafePointer(e) - p == t.count else { return nil }
            return v
        }
    }

    /// Whether every field of the current line is a number.
    func allNumeric() -> Bool {
        for j in 0..<fields.count where number(j) == nil { return false }
        return true
    }
}

enum CSV {
    /// Whether a file is probably CSV rather than .npy (by content, not by name).
    static func looksLikeCSV(_ file: MappedFile) -> Bool { !NpyHeader.isNpy(file) }

    static func loadProbs(_ file: MappedFile, progress: Progress) throws(DataError) -> (LoadedProbs, InputOrigin.CSVLayout) {
        let s = CSVScanner(bytes: file.bytes, path: file.path)
        let path = file.path
        var values = [Double]()
        var k = -1
        var firstLine = 0
        var rows = 0
        var firstDataLine = 0
        var lines = [Int]()
        var contiguous = true
        while try s.nextLine() {
            if k < 0 {
                k = s.fields.count
                firstLine = s.line
                if !s.allNumeric() {   // header
                    continue
                }
            }
            if s.fields.count != k {
                throw DataError("\(path): line \(s.line) has \(s.fields.count) cells, but line \(firstLine) has \(k): every line of pred_probs must have one cell per class")
            }
            if firstDataLine == 0 { firstDataLine = s.line }
            if contiguous && s.line != firstDataLine + rows { contiguous = false }
            lines.append(s.line)
            for j in 0..<k {
                guard let v = s.number(j) else {
                    throw DataError("\(path): line \(s.line), column \(j + 1): '\(s.text(j))' is not a number")
                }
                values.append(v)
            }
            rows += 1
            if rows & 0xFFFF == 0 { progress.update(Double(s.pos) / Double(Swift.max(file.size, 1))) }
        }
        if k < 0 || rows == 0 {
            throw DataError("\(path): no data: pred_probs needs at least one line of numbers")
        }
        let layout = InputOrigin.CSVLayout(firstDataLine: firstDataLine, lineOfRow: contiguous ? nil : lines)
        return (LoadedProbs.owned(values, rows: rows, columns: k), layout)
    }

    /// `classNames`: when given, a label cell may also be a class name (mapped to its index).
    static func loadLabels(_ file: MappedFile, column: String?, classNames: [String]? = nil,
                           progress: Progress) throws -> (LoadedLabels, InputOrigin.CSVLayout) {
        let s = CSVScanner(bytes: file.bytes, path: file.path)
        let path = file.path
        var index = [String: Int]()
        for (i, name) in (classNames ?? []).enumerated() where index[name] == nil { index[name] = i }
        var out = [Int64]()
        var col = -1
        var width = -1
        var firstDataLine = 0
        var lines = [Int]()
        var contiguous = true
        while try s.nextLine() {
            if width < 0 {
                width = s.fields.count
                var header = !s.allNumeric()
                // a first line whose label cell is a class name is data, unless the labels
                // column is chosen by a header name
                if header && !index.isEmpty && (column.map { Int($0) != nil } ?? (width == 1)) {
                    let c = column.flatMap { Int($0) } ?? 0
                    if c >= 0 && c < width && index[s.text(c)] != nil {
                        var others = true
                        for j in 0..<width where j != c && s.number(j) == nil { others = false }
                        if others { header = false }
                    }
                }
                let names = header ? (0..<width).map { s.text($0) } : []
                col = try chooseColumn(column, names: names, width: width, path: path)
                if header { continue }
            }
            if s.fields.count != width {
                throw DataError("\(path): line \(s.line) has \(s.fields.count) cells, but the first line has \(width)")
            }
            if firstDataLine == 0 { firstDataLine = s.line }
            if contiguous && s.line != firstDataLine + out.count { contiguous = false }
            lines.append(s.line)
            guard let v = s.number(col) else {
                if let c = index[s.text(col)] {
                    out.append(Int64(c))
                    continue
                }
                let what = index.isEmpty ? "is not a number (labels must be integer class indices, or class names with --class-names)"
                                         : "is neither a number nor one of the --class-names"
                throw DataError("\(path): line \(s.line), column \(col + 1): '\(s.text(col))' \(what)")
            }
            guard v.isFinite, v == v.rounded(.towardZero), abs(v) < 9.0e18 else {
                throw DataError("\(path): line \(s.line), column \(col + 1): '\(s.text(col))' is not an integer class index")
            }
            out.append(Int64(v))
            if out.count & 0xFFFF == 0 { progress.update(Double(s.pos) / Double(Swift.max(file.size, 1))) }
        }
        if width < 0 {
            throw DataError("\(path): no data: the labels file is empty")
        }
        var layout = InputOrigin.CSVLayout(firstDataLine: firstDataLine == 0 ? 1 : firstDataLine, lineOfRow: contiguous ? nil : lines)
        layout.column = col
        return (LoadedLabels.owned(out, dtypeName: "int64 (CSV)"), layout)
    }

    static func chooseColumn(_ spec: String?, names: [String], width: Int, path: String) throws(UsageError) -> Int {
        if let spec {
            if let i = Int(spec) {
                guard i >= 0 && i < width else {
                    throw UsageError("--label-column \(spec): \(path) has \(width) column(s) (0-based indices 0...\(width - 1))")
                }
                return i
            }
            if let i = names.firstIndex(of: spec) { return i }
            throw UsageError("--label-column \(spec): \(path) has no column named '\(spec)'" + (names.isEmpty ? " (it has no header line)" : " (columns: \(names.joined(separator: ", ")))"))
        }
        if width == 1 { return 0 }
        for name in ["label", "labels", "given_label", "y"] {
            if let i = names.firstIndex(of: name) { return i }
        }
        throw UsageError("\(path) has \(width) columns: choose the labels column with --label-column NAME|INDEX")
    }
}
