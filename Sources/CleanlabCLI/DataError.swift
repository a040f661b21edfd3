// Errors of the command-line tool and their exit codes.
//
//   0  success
//   1  data error: a file is missing, unreadable, truncated, of an unsupported format, or its
//      values are invalid (NaN, out of range, wrong shape, non-numeric CSV cell, ...)
//   2  usage error: unknown option, bad option value, options that contradict each other
//
// Every message names the file and, where one value is at fault, its row and column.
import CleanlabCore

/// A problem with an input file or its contents: exit code 1.
struct DataError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// A problem with the options that only shows once the data is known (e.g. a per-class list
/// whose length differs from the number of classes): exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Where the rows and columns of the core's `labels[i]` / `pred_probs[i, j]` came from, so an
/// error of the core can name the file, the row and the column.
struct InputOrigin {
    var labelsFile: String
    var labelsCSV: CSVLayout?
    var probsFile: String
    var probsCSV: CSVLayout?

    /// Where a CSV file's data starts, to turn an example index into a line number.
    struct CSVLayout {
        var firstDataLine: Int      // 1-based line number of example 0
        var lineOfRow: [Int]?       // exact line numbers when blank lines were skipped
        var column: Int? = nil      // 0-based column of the labels in a labels CSV

        func line(_ row: Int) -> Int {
            if let l = lineOfRow, row >= 0, row < l.count { return l[row] }
            return firstDataLine + row
        }
    }

    func describeLabel(row: Int) -> String {
        if let c = labelsCSV { return "\(labelsFile): line \(c.line(row)), column \((c.column ?? 0) + 1) (example \(row))" }
        return "\(labelsFile): row \(row)"
    }

    func describeProb(row: Int, column: Int) -> String {
        if let c = probsCSV { return "\(probsFile): line \(c.line(row)), column \(column + 1) (example \(row), class \(column))" }
        return "\(probsFile): row \(row), column \(column)"
    }

    /// Turns an error of the core into the error the user sees.
    func translate(_ e: CleanlabError) -> Error {
        let m = e.message
        switch e.code {
        case .invalidArgument:
            return UsageError(m)
        case .labelRange:
            if let idx = Self.indices(in: m, after: "labels["), let i = idx.first {
                return DataError("\(describeLabel(row: i)): \(m)")
            }
            return DataError("\(labelsFile): \(m)")
        case .notFinite, .probabilityRange:
            if let idx = Self.indices(in: m, after: "pred_probs["), idx.count == 2 {
                return DataError("\(describeProb(row: idx[0], column: idx[1])): \(m)")
            }
            return DataError("\(probsFile): \(m)")
        case .tooFewClasses:
            return DataError("\(labelsFile): \(m)")
        case .shape:
            return DataError("\(labelsFile), \(probsFile): \(m)")
        default:
            return DataError(m)
        }
    }

    /// The comma-separated integers after `prefix` up to the next `]` ("labels[12]" -> [12]).
    static func indices(in message: String, after prefix: String) -> [Int]? {
        let chars = Array(message.utf8)
        let p = Array(prefix.utf8)
        guard chars.count > p.count else { return nil }
        for start in 0...(chars.count - p.count) where Array(chars[start..<start + p.count]) == p {
            var j = start + p.count
            var out = [Int]()
            var cur: Int? = nil
            while j < chars.count {
                let c = chars[j]
                if c >= 48 && c <= 57 {
                    let d = Int(c - 48)
                    let (m1, o1) = (cur ?? 0).multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(d)
                    if o1 || o2 { return nil }
                    cur = m2
                } else if c == 44 || c == 93 {   // ',' or ']'
                    guard let v = cur else { return nil }
                    out.append(v)
                    cur = nil
                    if c == 93 { return out }
                } else if c != 32 {
                    return nil
                }
                j += 1
            }
            return nil
        }
        return nil
    }
}
