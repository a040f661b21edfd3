// `cleanlab learn`: learning with noisy labels (cleanlab's CleanLearning) with the built-in
// multinomial logistic regression, on CSV (or .npy) features and labels, without Python.
import ArgumentParser
import CleanlabCore

struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Learn with noisy labels (cleanlab's CleanLearning) using the built-in logistic regression.",
        discussion: """
        Cross-validates the built-in classifier (L2-regularised multinomial logistic regression on \
        standardised features) to get out-of-sample pred_probs, finds the label issues as \
        CleanLearning does (confident joint, estimate_latent, find_label_issues with \
        min_examples_per_class=10), and refits on the remaining examples with sample weights \
        1/noise_matrix[k][k]. With a test set, prints the test accuracy without cleaning (the same \
        classifier fitted on every noisy label) and with cleaning.

        Features: CSV (one row per example, one numeric column per feature; header optional) or \
        .npy (float, shape (n, d)). Labels: as for find-issues (integer class indices 0..K-1; every \
        class must occur). The folds are libcleanlab's seeded stratified split (sklearn's fold \
        sizes, not numpy's shuffle).

        Exit codes: 0 success, 1 data error (bad or missing file, invalid values), 2 usage error.
        """)

    @Option(help: ArgumentHelp("Training features: .csv (d numeric columns) or .npy (float, shape (n, d)).", valueName: "file"))
    var features: String

    @Option(help: ArgumentHelp("Given (noisy) training labels: .npy or .csv.", valueName: "file"))
    var labels: String

    @Option(name: .customLong("label-column"), help: ArgumentHelp("Column of the labels in CSV labels files (header name or 0-based index).", valueName: "name|index"))
    var labelColumn: String?

    @Option(name: .customLong("test-features"), help: ArgumentHelp("Test features (same columns as --features).", valueName: "file"))
    var testFeatures: String?

    @Option(name: .customLong("test-labels"), help: ArgumentHelp("Test labels (true labels, to measure accuracy).", valueName: "file"))
    var testLabels: String?

    @Option(name: .customLong("pred-probs"), help: ArgumentHelp("Out-of-sample pred_probs of the training examples (.npy or .csv, K columns): skip the cross-validation, as CleanLearning.fit(X, labels, pred_probs=...).", valueName: "file"))
    var predProbs: String?

    @Option(name: .customLong("issues-out"), help: ArgumentHelp("Write the indices of the label issues (one per line, header 'index') to this file.", valueName: "file"))
    var issuesOut: String?

    @Option(help: "Cross-validation folds (cleanlab's cv_n_folds).")
    var folds: Int = 5

    @Option(help: "Seed of the stratified fold split.")
    var seed: UInt64 = 0

    @Option(name: .customLong("min-examples-per-class"), help: "find_label_issues' min_examples_per_class (CleanLearning's default: 10).")
    var minExamplesPerClass: Int = 10

    @Option(name: .customLong("C"), help: "Inverse L2 regularisation strength of the logistic regression (sklearn's C).")
    var c: Double = 1.0

    @Option(name: .customLong("max-iter"), help: "L-BFGS iterations per fit.")
    var maxIter: Int = 100

    @Flag(name: .customLong("no-sample-weights"), help: "Refit on the clean data without the 1/noise_matrix[k][k] class weights.")
    var noSampleWeights = false

    @Option(help: "Worker threads (0 = every core). Results do not depend on it.")
    var threads: Int = 0

    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line on stderr.")
    var noProgress = false

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be >= 2, got \(folds)") }
        if minExamplesPerClass < 0 { throw ValidationError("--min-examples-per-class must be >= 0, got \(minExamplesPerClass)") }
        if !(c > 0) || !c.isFinite { throw ValidationError("--C must be a finite number > 0, got \(c)") }
        if maxIter < 1 { throw ValidationError("--max-iter must be >= 1, got \(maxIter)") }
        if threads < 0 || threads > 4096 { throw ValidationError("--threads must be between 0 (every core) and 4096, got \(threads)") }
        if (testFeatures == nil) != (testLabels == nil) {
            throw ValidationError("give --test-features and --test-labels together")
        }
    }

    /// pred_probs from .npy or CSV as float64, row-major; returns (values, rows, columns).
    static func loadProbs(_ path: String) throws -> ([Double], Int, Int) {
        let f = try MappedFile(path: path)
        let m = Inputs.isNpy(f) ? try Npy.loadProbs(f) : try CSV.loadProbs(f, progress: Progress(enabled: false)).0
        return (toDoubles(m), m.rows, m.columns)
    }

    static func toDoubles(_ m: LoadedProbs) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(m.rows * m.columns)
        func copy<T: ProbabilityScalar>(_ p: ProbabilityMatrix<T>) {
            for i in 0..<p.rows { let r = p.row(i); for j in 0..<p.columns { out.append(Double(r[j])) } }
        }
        switch m.probs {
        case .float16(let p): copy(p)
        case .float32(let p): copy(p)
        case .float64(let p): copy(p)
        }
        withExtendedLifetime(m) {}
        return out
    }

    /// A numeric matrix from CSV (header optional) or .npy; returns (row-major values, rows, columns).
    static func loadMatrix(_ path: String) throws -> ([Double], Int, Int) {
        let f = try MappedFile(path: path)
        if Inputs.isNpy(f) {
            let m = try Npy.loadProbs(f)
            for (e, v) in toDoubles(m).enumerated() where !v.isFinite {
                throw DataError("\(path): element [\(e / m.columns), \(e % m.columns)] = \(v) is not a finite number")
            }
            return (toDoubles(m), m.rows, m.columns)
        }
        let s = CSVScanner(bytes: f.bytes, path: path)
        var values = [Double]()
        var d = -1, firstLine = 0, rows = 0
        while try s.nextLine() {
            if d < 0 {
                d = s.fields.count
                firstLine = s.line
                if !s.allNumeric() { continue }   // header
            }
            if s.fields.count != d {
                throw DataError("\(path): line \(s.line) has \(s.fields.count) cells, but line \(firstLine) has \(d): every line must have one cell per feature")
            }
            for j in 0..<d {
                guard let v = s.number(j) else {
                    throw DataError("\(path): line \(s.line), column \(j + 1): '\(s.text(j))' is not a number")
                }
                guard v.isFinite else {
                    throw DataError("\(path): line \(s.line), column \(j + 1): '\(s.text(j))' is not a finite number")
                }
                values.append(v)
            }
            rows += 1
        }
        withExtendedLifetime(f) {}
        if d < 0 || rows == 0 { throw DataError("\(path): no data: the features file needs at least one line of numbers") }
        return (values, rows, d)
    }

    static func loadLabels(_ path: String, column: String?) throws -> [Int] {
        let f = try MappedFile(path: path)
        let loaded: LoadedLabels
        if Inputs.isNpy(f) {
            if column != nil { throw UsageError("--label-column applies to CSV files; \(path) is a .npy file") }
            loaded = try Npy.loadLabels(f)
        } else {
            loaded = try CSV.loadLabels(f, column: column, progress: Progress(enabled: false)).0
        }
        let v = loaded.view
        var out = [Int](repeating: 0, count: v.count)
        for i in 0..<v.count {
            let y = v[i]
            if y < 0 { throw DataError("\(path): label \(y) of example \(i) is negative: labels must be class indices 0..K-1") }
            out[i] = y
        }
        withExtendedLifetime(loaded) {}
        return out
    }

    func run() throws {
        let t0 = now()
        let progress = Progress(enabled: !noProgress)
        defer { progress.finish() }
        progress.stage("reading \(features)")
        let (x, n, d) = try Learn.loadMatrix(features)
        progress.stage("reading \(labels)")
        let y = try Learn.loadLabels(labels, column: labelColumn)
        if y.count != n {
            throw DataError("\(labels) has \(y.count) labels, but \(features) has \(n) rows: give one label per example")
        }
        var tx: [Double]? = nil, ty: [Int]? = nil
        if let tf = testFeatures, let tl = testLabels {
            progress.stage("reading \(tf)")
            let (m, rows, cols) = try Learn.loadMatrix(tf)
            if cols != d { throw DataError("\(tf) has \(cols) feature columns, but \(features) has \(d)") }
            progress.stage("reading \(tl)")
            let l = try Learn.loadLabels(tl, column: labelColumn)
            if l.count != rows { throw DataError("\(tl) has \(l.count) labels, but \(tf) has \(rows) rows") }
            tx = m
            ty = l
        }
        var probs: [Double]? = nil
        if let pp = predProbs {
            progress.stage("reading \(pp)")
            let (p, rows, cols) = try Learn.loadProbs(pp)
            let k = Swift.max(2, (y.max() ?? 0) + 1)
            if rows != n { throw DataError("\(pp) has \(rows) rows, but \(features) has \(n): give one row of pred_probs per example") }
            if cols != k { throw DataError("\(pp) has \(cols) columns, but the labels have \(k) classes (0..\(k - 1))") }
            probs = p
        }
        var options = CleanLearningOptions()
        options.folds = folds
        options.seed = seed
        options.filter.minExamplesPerClass = minExamplesPerClass
        options.sampleWeights = !noSampleWeights
        options.threads = threads
        var clf = LogisticRegressionOptions()
        clf.c = c
        clf.maxIterations = maxIter
        clf.threads = threads
        let tRead = now()
        let report = try progress.during("learning (n=\(n), d=\(d), \(folds) folds)") { () throws(CleanlabError) in
            try CleanLearning.learn(features: x, columns: d, labels: y, testFeatures: tx, testLabels: ty,
                                    predProbs: probs, options: options, classifierOptions: clf)
        }
        let tLearn = now()
        progress.finish()
        if let path = issuesOut {
            let sink = try OutputSink(path: path)
            try sink.line("index")
            for (i, flagged) in report.result.labelIssues.enumerated() where flagged { try sink.line(String(i)) }
            try sink.close()
        }
        print(report.summary)
        print("summary: n=\(n) d=\(d) K=\(report.classes) folds=\(probs == nil ? String(folds) : "none (pred_probs given)") seed=\(seed) issues=\(report.result.numLabelIssues)"
              + " time=\(formatSeconds(tLearn - t0)) (read \(formatSeconds(tRead - t0)), learn \(formatSeconds(tLearn - tRead)))")
    }
}
