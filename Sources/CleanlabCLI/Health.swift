// `cleanlab health`: the dataset health summary of cleanlab.dataset.health_summary (overall label
// health score, classes by label quality, overlapping class pairs) plus the estimated noise matrix
// and latent prior (count.estimate_py_and_noise_matrices_from_probabilities), from .npy/.csv files.
import ArgumentParser
import CleanlabCore

struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Dataset health summary (cleanlab.dataset.health_summary), noise matrix and latent prior.",
        discussion: """
        Reads labels and pred_probs as `find-issues` does (.npy memory-mapped, or CSV). Prints the \
        overall label health score, every class with its label issues, inverse label issues, \
        label noise, inverse label noise and label quality score (worst first), the most \
        overlapping class pairs (joint probability, number of overlapping examples), and the \
        estimated noise matrix P(given | true) and latent prior p(true) with cleanlab's defaults \
        (calibrated confident joint, py_method 'cnt', converged latent estimates). The numbers are \
        cleanlab 2.9.0's.

        Exit codes: 0 success, 1 data error (bad or missing file, invalid values), 2 usage error.
        """)

    @Option(help: ArgumentHelp("Given labels: .npy (integer/bool, shape (n,)) or .csv.", valueName: "file"))
    var labels: String

    @Option(name: .customLong("pred-probs"), help: ArgumentHelp("Predicted probabilities: .npy (float, shape (n, K)) or .csv (K columns).", valueName: "file"))
    var predProbs: String

    @Option(name: .customLong("label-column"), help: ArgumentHelp("Column of the labels in a CSV labels file (header name or 0-based index).", valueName: "name|index"))
    var labelColumn: String?

    @Option(name: .customLong("class-names"), help: ArgumentHelp("A text file with one class name per line (K lines).", valueName: "file"))
    var classNames: String?

    @Flag(help: "find_overlapping_classes(asymmetric=True): keep (a, b) and (b, a) apart.")
    var asymmetric = false

    @Option(help: "Print only the N most overlapping class pairs (default: 10 in a table, all in JSON).")
    var top: Int?

    @Option(help: "Worker threads (0 = every core). Results do not depend on it.")
    var threads: Int = 0

    @Option(help: "Output format (table or json).")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line on stderr.")
    var noProgress = false

    func validate() throws {
        if threads < 0 || threads > 4096 { throw ValidationError("--threads must be between 0 (every core) and 4096, got \(threads)") }
        if let t = top, t < 0 { throw ValidationError("--top must be >= 0, got \(t)") }
        if format == .csv { throw ValidationError("--format csv is not available for `health` (use table or json)") }
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
        let labelView = inputs.labels.view

        let summary: HealthSummary
        let latent: Latent.Estimates
        do {
            progress.stage("computing the health summary (n=\(n), K=\(k))")
            summary = try Cleanlab.healthSummary(p, labels: labelView, asymmetric: asymmetric, threads: threads)
            let l = try Latent.estimatePyAndNoiseMatricesFromProbabilities(p, labels: labelView, threads: threads)
            latent = Latent.Estimates(py: l.py, noiseMatrix: l.noiseMatrix, inv: l.inv)
        } catch {
            throw inputs.origin.translate(error)
        }
        let seconds = now() - t0
        progress.finish()

        func name(_ c: Int) -> String { names.map { $0[c] } ?? String(c) }
        let pairs = summary.overlappingClasses.prefix(top ?? (format == .table ? 10 : Int.max))
        let sink = try OutputSink(path: output)
        switch format {
        case .table, .csv:
            try writeTable(summary, latent: latent, pairs: Array(pairs), name: name, named: names != nil, seconds: seconds, to: sink)
        case .json:
            try writeJSON(summary, latent: latent, pairs: Array(pairs), names: names, seconds: seconds, to: sink)
        }
        try sink.close()
        withExtendedLifetime(inputs) {}
    }

    private func writeTable(_ s: HealthSummary, latent: Latent.Estimates,
                            pairs: [OverlappingClassPair], name: (Int) -> String, named: Bool, seconds: Double,
                            to sink: OutputSink) throws(DataError) {
        let n = s.numExamples, k = s.numClasses
        let pct = 100 * Double(s.numLabelIssues) / Double(Swift.max(n, 1))
        try sink.line("cleanlab health: \(n) examples, \(k) classes")
        try sink.line("overall label health score: \(fixed(s.overallLabelHealthScore, 4))"
                      + " (about \(fixed(pct, 1))% of the labels, \(s.numLabelIssues) of \(n), have potential issues)")
        try sink.line("")
        try sink.line("classes by label quality (worst first):")
        var rows = [[String]]()
        for c in s.classesByLabelQuality {
            var row = [String(c.classIndex)]
            if named { row.append(name(c.classIndex)) }
            row += [String(c.labelIssues), String(c.inverseLabelIssues), fixed(c.labelNoise, 4),
                    fixed(c.inverseLabelNoise, 4), fixed(c.labelQualityScore, 4)]
            rows.append(row)
        }
        var header = ["class"]
        if named { header.append("name") }
        header += ["label_issues", "inverse_label_issues", "label_noise", "inverse_label_noise", "label_quality"]
        for line in renderTable(header, rows, leftAligned: named ? [1] : []) { try sink.line("  " + line) }

        try sink.line("")
        try sink.line("most overlapping class pairs (\(pairs.count) of \(s.overlappingClasses.count)):")
        rows = pairs.map { q in
            var row = [String(q.classA), String(q.classB)]
            if named { row += [name(q.classA), name(q.classB)] }
            return row + [String(q.numOverlappingExamples), fixed(q.jointProbability, 6)]
        }
        header = ["class_a", "class_b"]
        if named { header += ["name_a", "name_b"] }
        header += ["num_overlapping_examples", "joint_probability"]
        for line in renderTable(header, rows, leftAligned: named ? [2, 3] : []) { try sink.line("  " + line) }

        try sink.line("")
        try sink.line("estimated noise matrix P(given | true) (rows: given label, columns: true label):")
        for line in matrixLines([latent.noiseMatrix], k: k, decimals: 4) { try sink.line(line) }
        try sink.line("")
        try sink.line("estimated latent prior p(true label):")
        rows = (0..<k).map { c in named ? [String(c), name(c), fixed(latent.py[c], 4)] : [String(c), fixed(latent.py[c], 4)] }
        for line in renderTable(named ? ["class", "name", "p(true)"] : ["class", "p(true)"], rows, leftAligned: named ? [1] : []) {
            try sink.line("  " + line)
        }
        try sink.line("summary: n=\(n) K=\(k) label_health_score=\(fixed(s.overallLabelHealthScore, 6))"
                      + " label_issues=\(s.numLabelIssues) time=\(formatSeconds(seconds))")
    }

    private func writeJSON(_ s: HealthSummary, latent: Latent.Estimates,
                           pairs: [OverlappingClassPair], names: [String]?, seconds: Double,
                           to sink: OutputSink) throws(DataError) {
        func list(_ v: [Double]) -> String { "[" + v.map(exactNumber).joined(separator: ", ") + "]" }
        let k = s.numClasses
        func matrix(_ m: [Double]) -> String {
            "[" + (0..<k).map { i in list(Array(m[(i * k)..<((i + 1) * k)])) }.joined(separator: ", ") + "]"
        }
        try sink.write("{\"n\": \(s.numExamples), \"k\": \(k), ")
        try sink.write("\"overall_label_health_score\": \(exactNumber(s.overallLabelHealthScore)), ")
        try sink.write("\"num_label_issues\": \(s.numLabelIssues), \"seconds\": \(exactNumber(seconds)), ")
        if let names { try sink.write("\"class_names\": [" + names.map(jsonString).joined(separator: ", ") + "], ") }
        try sink.write("\"joint\": \(matrix(s.joint)),\n")
        try sink.write("\"classes_by_label_quality\": [")
        for (r, c) in s.classesByLabelQuality.enumerated() {
            try sink.write((r == 0 ? "\n  " : ",\n  ")
                + "{\"class_index\": \(c.classIndex), \"label_issues\": \(c.labelIssues), "
                + "\"inverse_label_issues\": \(c.inverseLabelIssues), \"label_noise\": \(exactNumber(c.labelNoise)), "
                + "\"inverse_label_noise\": \(exactNumber(c.inverseLabelNoise)), "
                + "\"label_quality_score\": \(exactNumber(c.labelQualityScore))}")
        }
        try sink.write("],\n\"overlapping_classes\": [")
        for (r, q) in pairs.enumerated() {
            try sink.write((r == 0 ? "\n  " : ",\n  ")
                + "{\"class_a\": \(q.classA), \"class_b\": \(q.classB), "
                + "\"num_overlapping_examples\": \(q.numOverlappingExamples), "
                + "\"joint_probability\": \(exactNumber(q.jointProbability))}")
        }
        try sink.write("],\n\"noise_matrix\": \(matrix(latent.noiseMatrix)),\n")
        try sink.write("\"inverse_noise_matrix\": \(matrix(latent.inv)),\n")
        try sink.line("\"py\": \(list(latent.py))}")
    }
}

extension Latent {
    /// The latent estimates the `health` report prints.
    struct Estimates {
        var py: [Double]
        var noiseMatrix: [Double]
        var inv: [Double]
    }
}
