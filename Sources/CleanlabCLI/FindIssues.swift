// `cleanlab find-issues`: cleanlab.filter.find_label_issues on .npy/.csv files, ranked by label
// quality, printed as a table, CSV or JSON.
import ArgumentParser
import CleanlabCore
import CleanlabDispatch

enum FilterByArg: String, CaseIterable, ExpressibleByArgument {
    case prune_by_noise_rate, prune_by_class, both, confident_learning, predicted_neq_given,
         low_normalized_margin, low_self_confidence

    var core: FilterBy {
        switch self {
        case .prune_by_noise_rate: return .pruneByNoiseRate
        case .prune_by_class: return .pruneByClass
        case .both: return .both
        case .confident_learning: return .confidentLearning
        case .predicted_neq_given: return .predictedNeqGiven
        case .low_normalized_margin: return .lowNormalizedMargin
        case .low_self_confidence: return .lowSelfConfidence
        }
    }
}

enum RankByArg: String, CaseIterable, ExpressibleByArgument {
    case self_confidence, normalized_margin, confidence_weighted_entropy

    var core: RankBy {
        switch self {
        case .self_confidence: return .selfConfidence
        case .normalized_margin: return .normalizedMargin
        case .confidence_weighted_entropy: return .confidenceWeightedEntropy
        }
    }
}

enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json
}

/// Labels, pred_probs and where they came from.
struct Inputs {
    var labels: LoadedLabels
    var probs: LoadedProbs
    var origin: InputOrigin

    static func load(labels labelsPath: String, predProbs probsPath: String, labelColumn: String?,
                     classNames: [String]? = nil, progress: Progress) throws -> Inputs {
        var origin = InputOrigin(labelsFile: labelsPath, probsFile: probsPath)
        progress.stage("reading \(labelsPath)")
        let lf = try MappedFile(path: labelsPath)
        let labels: LoadedLabels
        if isNpy(lf) {
            if labelColumn != nil { throw UsageError("--label-column applies to CSV files; \(labelsPath) is a .npy file") }
            labels = try Npy.loadLabels(lf)
        } else {
            let (l, layout) = try CSV.loadLabels(lf, column: labelColumn, classNames: classNames, progress: progress)
            labels = l
            origin.labelsCSV = layout
        }
        progress.stage("reading \(probsPath)")
        let pf = try MappedFile(path: probsPath)
        let probs: LoadedProbs
        if isNpy(pf) {
            probs = try Npy.loadProbs(pf)
        } else {
            let (p, layout) = try CSV.loadProbs(pf, progress: progress)
            probs = p
            origin.probsCSV = layout
        }
        return Inputs(labels: labels, probs: probs, origin: origin)
    }

    /// .npy by content; a file named *.npy must be one.
    static func isNpy(_ f: MappedFile) -> Bool {
        NpyHeader.isNpy(f) || f.path.lowercased().hasSuffix(".npy")
    }
}

/// One class name per line (blank trailing lines ignored); `k`: the number of classes, if known.
func readClassNames(_ path: String, k: Int?) throws(DataError) -> [String] {
    let f = try MappedFile(path: path)
    let text = String(decoding: f.bytes, as: UTF8.self)
    var names = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        var s = String(line)
        if s.hasSuffix("\r") { s.removeLast() }
        return s
    }
    while let last = names.last, last.isEmpty { names.removeLast() }
    if let k, names.count != k {
        throw DataError("\(path): has \(names.count) class names (one per line), but pred_probs has \(k) columns (classes)")
    }
    return names
}

/// `argmax(p[row])`, the first maximum as numpy's argmax.
func argmaxRow(_ p: PredProbs, _ row: Int) -> Int {
    func am<T: ProbabilityScalar>(_ m: ProbabilityMatrix<T>) -> Int {
        let r = m.row(row)
        var best = 0
        for j in 1..<m.columns where r[j] > r[best] { best = j }
        return best
    }
    switch p {
    case .float16(let m): return am(m)
    case .float32(let m): return am(m)
    case .float64(let m): return am(m)
    }
}

struct FindIssues: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find-issues",
        abstract: "Find label issues (cleanlab.filter.find_label_issues) and rank them by label quality.",
        discussion: """
        Reads labels and pred_probs from .npy files (memory-mapped: probabilities float16/32/64 of \
        shape (n, K); labels any integer dtype or bool, shape (n,)) or CSV files (header optional; \
        pred_probs: one column per class; labels: one column, or --label-column). Prints the \
        flagged examples, worst label quality first: index, given label, suggested label \
        (argmax of pred_probs) and label quality score, then a summary line.

        Exit codes: 0 success, 1 data error (bad or missing file, invalid values), 2 usage error.
        """)

    @Option(help: ArgumentHelp("Given labels: .npy (integer/bool, shape (n,)) or .csv.", valueName: "file"))
    var labels: String

    @Option(name: .customLong("pred-probs"), help: ArgumentHelp("Predicted probabilities: .npy (float, shape (n, K)) or .csv (K columns).", valueName: "file"))
    var predProbs: String

    @Option(name: .customLong("label-column"), help: ArgumentHelp("Column of the labels in a CSV labels file (header name or 0-based index).", valueName: "name|index"))
    var labelColumn: String?

    @Option(name: .customLong("filter-by"), help: "cleanlab's filter_by.")
    var filterBy: FilterByArg = .prune_by_noise_rate

    @Option(name: .customLong("rank-by"), help: "Label quality score that ranks and is printed (return_indices_ranked_by).")
    var rankBy: RankByArg = .self_confidence

    @Flag(name: .customLong("adjust-pred-probs"), help: "rank_by_kwargs={'adjust_pred_probs': True}: subtract the per-class thresholds before scoring.")
    var adjustPredProbs = false

    @Option(name: .customLong("frac-noise"), help: "cleanlab's frac_noise, in (0, 1] (prune_by_noise_rate, prune_by_class, both).")
    var fracNoise: Double = 1.0

    @Option(name: .customLong("num-to-remove-per-class"), help: ArgumentHelp("cleanlab's num_to_remove_per_class: one count for every class, or K comma-separated counts.", valueName: "n[,n...]"))
    var numToRemovePerClass: String?

    @Option(name: .customLong("min-examples-per-class"), help: "cleanlab's min_examples_per_class.")
    var minExamplesPerClass: Int = 1

    @Option(help: "Worker threads (0 = every core). Results do not depend on it.")
    var threads: Int = 0

    @Option(name: .customLong("class-names"), help: ArgumentHelp("A text file with one class name per line (K lines): printed instead of class indices; a CSV labels file may then also give labels by name.", valueName: "file"))
    var classNames: String?

    @Option(help: "Print only the N worst issues (the summary still counts all).")
    var top: Int?

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the issues to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line on stderr.")
    var noProgress = false

    func validate() throws {
        if !(fracNoise > 0 && fracNoise <= 1) { throw ValidationError("--frac-noise must be in (0, 1], got \(fracNoise)") }
        if minExamplesPerClass < 0 { throw ValidationError("--min-examples-per-class must be >= 0, got \(minExamplesPerClass)") }
        if threads < 0 || threads > 4096 { throw ValidationError("--threads must be between 0 (every core) and 4096, got \(threads)") }
        if let t = top, t < 0 { throw ValidationError("--top must be >= 0, got \(t)") }
        if adjustPredProbs && rankBy == .confidence_weighted_entropy {
            throw ValidationError("--adjust-pred-probs is not supported with --rank-by confidence_weighted_entropy (as in cleanlab)")
        }
        if let s = numToRemovePerClass {
            _ = try parseCounts(s)
            switch filterBy {
            case .prune_by_noise_rate, .prune_by_class, .both: break
            default:
                throw ValidationError("--num-to-remove-per-class works only with --filter-by prune_by_noise_rate, prune_by_class or both (as in cleanlab)")
            }
        }
    }

    func parseCounts(_ s: String) throws -> [Int] {
        var out = [Int]()
        for part in s.split(separator: ",", omittingEmptySubsequences: false) {
            let t = part.trimmingSpaces()
            guard let v = Int(t), v >= 0 else {
                throw ValidationError("--num-to-remove-per-class: '\(t)' is not a non-negative integer (give one count, or K comma-separated counts)")
            }
            out.append(v)
        }
        return out
    }

    func run() throws {
        let t0 = now()
        let progress = Progress(enabled: !noProgress)
        defer { progress.finish() }
        let givenNames = try classNames.map { path throws(DataError) in try readClassNames(path, k: nil) }
        let inputs = try Inputs.load(labels: labels, predProbs: predProbs, labelColumn: labelColumn,
                                     classNames: givenNames, progress: progress)
        let p = inputs.probs.probs
        let n = p.rows, k = p.columns
        let names = try classNames.map { path throws(DataError) in try readClassNames(path, k: k) }

        var options = FilterOptions()
        options.filterBy = filterBy.core
        options.rankBy = rankBy.core
        options.rankAdjustPredProbs = adjustPredProbs
        options.fracNoise = fracNoise
        options.minExamplesPerClass = minExamplesPerClass
        if let s = numToRemovePerClass {
            let counts = try parseCounts(s)
            if counts.count == 1 {
                options.numToRemovePerClass = [Int](repeating: counts[0], count: k)
            } else if counts.count == k {
                options.numToRemovePerClass = counts
            } else {
                throw UsageError("--num-to-remove-per-class has \(counts.count) counts, but pred_probs has \(k) classes (give one count, or \(k))")
            }
        }

        let tRead = now()
        let labelView = inputs.labels.view
        var mask = [UInt8](repeating: 0, count: Swift.max(n, 0))
        var scores = [Double](repeating: 0, count: Swift.max(n, 0))
        let ranked: [Int]
        let numIssues: Int
        do {
            let r = try progress.during("finding label issues (n=\(n), K=\(k))") {
                try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                    try Engine.findLabelIssues(p, labels: labelView, options: options, mask: b, threads: threads)
                }
            }
            numIssues = r.count
            ranked = r.ranked ?? []
            try progress.during("scoring") {
                try scores.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                    try Engine.labelQualityScores(p, labels: labelView, method: rankBy.core, adjustPredProbs: adjustPredProbs,
                                                  into: b, requireNonEmpty: true, threads: threads)
                }
            }
        } catch let error as CleanlabError {
            throw inputs.origin.translate(error)
        }
        let tFind = now()
        progress.finish()

        let shown = top.map { Swift.min($0, ranked.count) } ?? ranked.count
        let sink = try OutputSink(path: output)
        func name(_ c: Int) -> String { names.map { $0[c] } ?? String(c) }
        let summary = "summary: n=\(n) K=\(k) issues=\(numIssues) shown=\(shown) filter_by=\(filterBy.rawValue) rank_by=\(rankBy.rawValue)"
            + " pred_probs=\(inputs.probs.dtypeName) time=\(formatSeconds(tFind - t0)) (read \(formatSeconds(tRead - t0)), find \(formatSeconds(tFind - tRead)))"

        switch format {
        case .table:
            var rows = [[String]]()
            rows.reserveCapacity(shown)
            for r in 0..<shown {
                let i = ranked[r]
                rows.append([String(r + 1), String(i), name(labelView[i]), name(argmaxRow(p, i)), significant(scores[i])])
            }
            let header = ["rank", "index", "given_label", "suggested_label", "label_quality"]
            for line in renderTable(header, rows, leftAligned: names == nil ? [] : [2, 3]) { try sink.line(line) }
            try sink.line(summary)
        case .csv:
            var header = "rank,index,given_label,suggested_label,label_quality"
            if names != nil { header += ",given_name,suggested_name" }
            try sink.line(header)
            for r in 0..<shown {
                let i = ranked[r]
                let g = labelView[i], s = argmaxRow(p, i)
                var line = "\(r + 1),\(i),\(g),\(s),\(exactNumber(scores[i]))"
                if let names { line += "," + csvCell(names[g]) + "," + csvCell(names[s]) }
                try sink.line(line)
            }
        case .json:
            try sink.write("{\"n\": \(n), \"k\": \(k), \"num_issues\": \(numIssues), \"filter_by\": \"\(filterBy.rawValue)\", \"rank_by\": \"\(rankBy.rawValue)\", ")
            try sink.write("\"pred_probs_dtype\": \"\(inputs.probs.dtypeName)\", \"seconds\": {\"read\": \(exactNumber(tRead - t0)), \"find\": \(exactNumber(tFind - tRead))}, ")
            if let names { try sink.write("\"class_names\": [" + names.map(jsonString).joined(separator: ", ") + "], ") }
            try sink.write("\"issues\": [")
            for r in 0..<shown {
                let i = ranked[r]
                let g = labelView[i], s = argmaxRow(p, i)
                var obj = "{\"rank\": \(r + 1), \"index\": \(i), \"given_label\": \(g), \"suggested_label\": \(s), \"label_quality\": \(exactNumber(scores[i]))"
                if let names { obj += ", \"given_name\": \(jsonString(names[g])), \"suggested_name\": \(jsonString(names[s]))" }
                try sink.write((r == 0 ? "\n  " : ",\n  ") + obj + "}")
            }
            try sink.line(shown == 0 ? "]}" : "\n]}")
        }
        try sink.close()
        // the summary: the table's last line; for csv/json on stderr (stdout carries the data);
        // with --output, on stdout
        if output != nil {
            print(summary)
        } else if format != .table {
            fputsStderr(summary)
        }
        withExtendedLifetime(inputs) {}
    }
}

func fputsStderr(_ s: String) {
    writeStderr(s + "\n")
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
