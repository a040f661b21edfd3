// `cleanlab demo`: a generated dataset with known label errors, the issues found in it, their
// precision and recall, and the estimated vs true noise statistics.
import ArgumentParser
import CleanlabCore
import CleanlabDispatch

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a dataset with known label errors, find them, and score the result.",
        discussion: """
        Draws a valid noise matrix P(given | true) with trace K * (1 - noise) \
        (generate_noise_matrix_from_trace), true labels from a random class prior, noisy labels \
        through the noise matrix (generate_noisy_labels), and predicted probabilities of an \
        imperfect classifier (make_synthetic_dataset). Then runs find_label_issues and prints \
        precision and recall against the known errors, and the estimated vs true noise matrix \
        and joint distribution of (given, true) labels.
        """)

    @Option(help: "Number of examples.")
    var n: Int = 10_000

    @Option(help: "Number of classes K.")
    var classes: Int = 5

    @Option(help: "Expected fraction of wrong labels, in [0, 1 - 1/K): the noise matrix has trace K * (1 - noise).")
    var noise: Double = 0.2

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(name: .customLong("filter-by"), help: "cleanlab's filter_by.")
    var filterBy: FilterByArg = .prune_by_noise_rate

    @Option(help: "Worker threads (0 = every core).")
    var threads: Int = 0

    @Option(help: "Show the N worst issues.")
    var top: Int = 10

    func validate() throws {
        if n < 1 || n > 100_000_000 { throw ValidationError("--n must be between 1 and 100000000, got \(n)") }
        if classes < 2 || classes > 10_000 { throw ValidationError("--classes must be between 2 and 10000, got \(classes)") }
        if n.multipliedReportingOverflow(by: classes).partialValue > 200_000_000 || n.multipliedReportingOverflow(by: classes).overflow {
            throw ValidationError("--n times --classes must be at most 200000000 (the demo keeps pred_probs in memory as float64)")
        }
        if !(noise >= 0 && Double(classes) * (1 - noise) > 1) {
            throw ValidationError("--noise must be in [0, 1 - 1/K) = [0, \(1 - 1 / Double(classes))) so that the noise matrix "
                                  + "has trace K * (1 - noise) > 1, got \(noise)")
        }
        if n < classes { throw ValidationError("--n must be at least --classes (\(classes)) so that every class has an example, got \(n)") }
        if threads < 0 || threads > 4096 { throw ValidationError("--threads must be between 0 (every core) and 4096, got \(threads)") }
        if top < 0 { throw ValidationError("--top must be >= 0, got \(top)") }
    }

    func run() throws {
        let progress = Progress(enabled: true)
        defer { progress.finish() }
        let k = classes
        let t0 = now()
        // cleanlab.benchmarking.noise_generation: noise matrix from a trace, noisy labels, and the
        // predicted probabilities of an imperfect classifier (NoiseGeneration.makeSyntheticDataset).
        let data: SyntheticDataset
        do {
            data = try progress.during("generating \(n) examples") { () throws(CleanlabError) -> SyntheticDataset in
                try NoiseGeneration.makeSyntheticDataset(n: n, k: k, trace: Double(k) * (1 - noise), seed: seed)
            }
        } catch {
            throw DataError("could not generate the dataset: \(error.message)")
        }
        let tGen = now()
        let errors = (0..<n).map { data.noisyLabels[$0] != data.trueLabels[$0] }
        let numErrors = errors.reduce(0) { $0 + ($1 ? 1 : 0) }

        var options = FilterOptions()
        options.filterBy = filterBy.core
        options.rankBy = .selfConfidence

        let result: Report
        do {
            result = try progress.during("finding label issues") { () throws(CleanlabError) -> Report in try data.predProbs.withUnsafeBufferPointer { pb throws(CleanlabError) -> Report in
                try data.noisyLabels.withUnsafeBufferPointer { lb throws(CleanlabError) -> Report in
                    let p = PredProbs.float64(ProbabilityMatrix(base: pb.baseAddress!, rows: n, columns: k, rowStride: k))
                    let labels = LabelView(int64: lb.baseAddress!, count: n)
                    let t1 = now()
                    let found = try Engine.findLabelIssues(p, labels: labels, options: options, threads: threads)
                    let t2 = now()
                    let scores = try Engine.labelQualityScores(p, labels: labels, method: .selfConfidence, threads: threads)
                    let estimatedJoint = try Engine.estimateJoint(p, labels: labels, k: k, threads: threads)
                    let cj = try Engine.computeConfidentJoint(p, labels: labels, thresholds: nil, thresholdsPrecision: .float64, calibrate: false,
                                                           offDiagonalMask: nil, threads: threads).counts
                    let numEstimated = try Engine.numLabelIssues(p, labels: labels, method: .offDiagonal, confidentJoint: nil, columnMajor: false,
                                                                threads: threads)
                    let latent = try Latent.estimatePyAndNoiseMatricesFromProbabilities(p, labels: labels, threads: threads)
                    let suggested = (found.rankedIndices ?? []).prefix(top).map { argmaxRow(p, $0) }
                    return Report(mask: found.mask, ranked: found.rankedIndices ?? [], scores: scores, suggested: suggested,
                                  estimatedJoint: estimatedJoint, confidentJoint: cj.map { Double($0) },
                                  noiseMatrix: latent.noiseMatrix, numEstimated: numEstimated, seconds: t2 - t1)
                }
            } }
        } catch {
            throw DataError("the generated dataset was rejected: \(error.message)")
        }
        progress.finish()

        // the true joint of (given, true) in this sample and the true counts
        var trueCounts = [Double](repeating: 0, count: k * k)
        for i in 0..<n { trueCounts[Int(data.noisyLabels[i]) * k + Int(data.trueLabels[i])] += 1 }
        let trueJoint = trueCounts.map { $0 / Double(n) }

        var tp = 0
        for i in 0..<n where result.mask[i] && errors[i] { tp += 1 }
        let flagged = result.ranked.count
        let precision = flagged > 0 ? Double(tp) / Double(flagged) : 1
        let recall = numErrors > 0 ? Double(tp) / Double(numErrors) : 1
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0

        print("cleanlab demo: n=\(n) K=\(k) noise=\(noise) (noise matrix trace \(fixed(Double(k) * (1 - noise), 3))) seed=\(seed)")
        print("generated in \(formatSeconds(tGen - t0)); true label errors: \(numErrors) (\(fixed(100 * Double(numErrors) / Double(n), 2))%)")
        print("")
        print("find_label_issues(filter_by=\(filterBy.rawValue)): \(flagged) issues in \(formatSeconds(result.seconds))"
              + " (\(Engine.kernels) kernels); num_label_issues estimate: \(result.numEstimated)")
        print("  correctly flagged: \(tp)   precision: \(fixed(precision, 4))   recall: \(fixed(recall, 4))   F1: \(fixed(f1, 4))")

        if top > 0 && flagged > 0 {
            print("")
            print("worst \(Swift.min(top, flagged)) issues (lowest self-confidence first):")
            var rows = [[String]]()
            for (r, i) in result.ranked.prefix(top).enumerated() {
                rows.append([String(r + 1), String(i), String(data.noisyLabels[i]), String(result.suggested[r]),
                             String(data.trueLabels[i]), significant(result.scores[i]), errors[i] ? "yes" : "no"])
            }
            for line in renderTable(["rank", "index", "given", "suggested", "true", "label_quality", "real error"], rows) {
                print("  " + line)
            }
        }

        // Matrices, estimated vs true.
        let comparisons: [(title: String, estimated: [Double], truth: [Double], decimals: Int)] = [
            ("noise matrix P(given | true): estimated (count.estimate_py_and_noise_matrices_from_probabilities) | true",
             result.noiseMatrix, data.noiseMatrix, 4),
            ("joint P(given, true): estimated (count.estimate_joint) | true (this sample)", result.estimatedJoint, trueJoint, 4),
            ("counts (given, true): confident joint (count.compute_confident_joint, uncalibrated) | true (this sample)",
             result.confidentJoint, trueCounts, 0),
        ]
        print("")
        print("matrices: rows = given label, columns = true label")
        for c in comparisons {
            print("")
            print(c.title + ":")
            for line in matrixLines([c.estimated, c.truth], k: k, decimals: c.decimals) { print(line) }
            var maxDiff = 0.0
            for e in 0..<(k * k) { maxDiff = Swift.max(maxDiff, abs(c.estimated[e] - c.truth[e])) }
            print("  largest absolute difference: \(fixed(maxDiff, c.decimals == 0 ? 0 : 4))")
        }
    }

    struct Report {
        var mask: [Bool]
        var ranked: [Int]
        var scores: [Double]
        var suggested: [Int]
        var estimatedJoint: [Double]
        var confidentJoint: [Double]
        var noiseMatrix: [Double]
        var numEstimated: Int
        var seconds: Double
    }
}
