// Learning with noisy labels in the core (CleanlabCore/Learning.swift, LogisticRegression.swift):
// stratified folds, cross-validated pred_probs with cleanlab's missing-class handling, the
// CleanLearning loop and the built-in logistic regression.
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import CleanlabCore

/// Deterministic data: `k` Gaussian-like blobs in 2-D (centres 6 apart), `y_true = i % k`;
/// every `flipEvery`-th example (offset 3) gets the next class as its given label.
private struct Blobs {
    var x: [Double] = []
    var truth: [Int] = []
    var labels: [Int] = []
    var flipped: [Bool] = []

    init(n: Int, k: Int, seed: UInt64, flipEvery: Int = 0) {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { Double(rng.next() >> 11) / 9007199254740992.0 }
        func gauss() -> Double { (uniform() + uniform() + uniform() + uniform() - 2) * 1.7320508 }
        for i in 0..<n {
            let c = i % k
            x.append(6.0 * Double(c % 2) + gauss())
            x.append(6.0 * Double(c / 2) + gauss())
            truth.append(c)
            let flip = flipEvery > 0 && i % flipEvery == 3
            labels.append(flip ? (c + 1) % k : c)
            flipped.append(flip)
        }
    }

    func withView<R>(_ body: (FeatureView) throws -> R) rethrows -> R {
        try x.withUnsafeBufferPointer { try body(FeatureView(base: $0.baseAddress!, rows: truth.count, columns: 2)) }
    }
}

/// A Swift classifier that records its calls: nearest centroid with a softmax, or scripted failures.
private final class RecordingClassifier: Classifier {
    var trainSizes: [Int] = []
    var trainLabelSets: [Set<Int>] = []
    var lastWeights: [Double]?
    var centroids: [[Double]] = []
    var failFitOnCall = 0
    var output: ((Int, Int) -> [Double])? = nil

    func fit(_ x: FeatureView, labels: [Int], weights: [Double]?, classes k: Int) throws(CleanlabError) {
        trainSizes.append(x.rows)
        trainLabelSets.append(Set(labels))
        if failFitOnCall == trainSizes.count { throw CleanlabError(.numeric, "scripted failure") }
        lastWeights = weights
        var sum = [[Double]](repeating: [Double](repeating: 0, count: x.columns), count: k)
        var count = [Double](repeating: 0, count: k)
        for i in 0..<x.rows {
            count[labels[i]] += 1
            for t in 0..<x.columns { sum[labels[i]][t] += x.row(i)[t] }
        }
        centroids = (0..<k).map { c in sum[c].map { count[c] > 0 ? $0 / count[c] : 1e9 } }
    }

    func predictProba(_ x: FeatureView, classes k: Int) throws(CleanlabError) -> [Double] {
        if let output { return output(x.rows, k) }
        var out: [Double] = []
        for i in 0..<x.rows {
            let z = centroids.map { c in -(0..<x.columns).reduce(0.0) { $0 + (x.row(i)[$1] - c[$1]) * (x.row(i)[$1] - c[$1]) } }
            let m = z.max()!
            let e = z.map { exp($0 - m) }
            let s = e.reduce(0, +)
            out += e.map { $0 / s }
        }
        return out
    }
}

private func accuracy(_ clf: Classifier, _ b: Blobs, k: Int) throws -> Double {
    let p = try b.withView { try clf.predictProba($0, classes: k) }
    return CleanLearning.accuracy(predProbs: p, labels: b.truth, classes: k)
}

@Suite struct StratifiedKFoldTests {
    @Test func foldSizesAreSklearnsAllocation() throws {
        // 7 examples of class 0 and 5 of class 1, interleaved; 3 folds. Class-sorted positions
        // 0...6 (class 0) and 7...11 (class 1) dealt round robin: class 0 -> folds 0,1,2,0,1,2,0
        // = [3, 2, 2]; class 1 -> positions 7..11 = folds 1,2,0,1,2 = [1, 2, 2].
        let labels = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0]
        for seed: UInt64 in [0, 1, 99] {
            let fold = try StratifiedKFold.assign(labels: labels, classes: 2, folds: 3, seed: seed)
            var counts = [[Int]](repeating: [0, 0, 0], count: 2)
            for (i, f) in fold.enumerated() { counts[labels[i]][f] += 1 }
            #expect(counts[0] == [3, 2, 2])
            #expect(counts[1] == [1, 2, 2])
        }
    }

    @Test func seededAndDeterministic() throws {
        let labels = (0..<500).map { $0 % 4 }
        let a = try StratifiedKFold.assign(labels: labels, classes: 4, folds: 5, seed: 3)
        let b = try StratifiedKFold.assign(labels: labels, classes: 4, folds: 5, seed: 3)
        let c = try StratifiedKFold.assign(labels: labels, classes: 4, folds: 5, seed: 4)
        #expect(a == b)
        #expect(a != c)
        // shuffled: not the trivial assignment in index order
        #expect(a != labels.indices.map { ($0 / 4) % 5 })
        // each fold holds 25 of each class
        for f in 0..<5 { for c in 0..<4 { #expect(labels.indices.filter { a[$0] == f && labels[$0] == c }.count == 25) } }
    }

    @Test func errors() {
        #expect(throws: CleanlabError.self) { try StratifiedKFold.assign(labels: [0, 1, 0, 1], classes: 2, folds: 1, seed: 0) }
        #expect(throws: CleanlabError.self) { try StratifiedKFold.assign(labels: [0, 1, 0, 1], classes: 2, folds: 5, seed: 0) }
        // every class smaller than the number of folds (sklearn's ValueError)
        #expect(throws: CleanlabError.self) { try StratifiedKFold.assign(labels: [0, 1, 0, 1, 0, 1], classes: 2, folds: 4, seed: 0) }
        #expect(throws: CleanlabError.self) { try StratifiedKFold.assign(labels: [0, 2, 0, 1], classes: 2, folds: 2, seed: 0) }
        // one class large enough is fine (the small one is handled by duplication in CV)
        #expect((try? StratifiedKFold.assign(labels: [0, 0, 0, 0, 1], classes: 2, folds: 4, seed: 0)) != nil)
    }
}

@Suite struct CrossValidationTests {
    @Test func outOfFoldProbabilities() throws {
        let b = Blobs(n: 300, k: 3, seed: 1)
        let clf = RecordingClassifier()
        let p = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: b.labels, classes: 3, classifier: clf, folds: 5, seed: 9) }
        #expect(clf.trainSizes == [240, 240, 240, 240, 240])
        #expect(CleanLearning.accuracy(predProbs: p, labels: b.truth, classes: 3) > 0.97)
        let again = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: b.labels, classes: 3, classifier: clf, folds: 5, seed: 9) }
        #expect(p == again)
    }

    @Test func missingClassIsDuplicatedAndPredictedOneHot() throws {
        var b = Blobs(n: 100, k: 2, seed: 2)
        b.labels[10] = 2  // a lone example of class 2
        let clf = RecordingClassifier()
        let p = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: b.labels, classes: 3, classifier: clf, folds: 5, seed: 0) }
        #expect(clf.trainSizes.reduce(0, +) == 4 * 100 + 1)
        #expect(clf.trainLabelSets.allSatisfy { $0 == [0, 1, 2] })
        #expect(Array(p[30..<33]) == [0, 0, 1])
    }

    @Test func classifierFailures() throws {
        let b = Blobs(n: 60, k: 2, seed: 3)
        let failing = RecordingClassifier()
        failing.failFitOnCall = 2
        do {
            _ = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: b.labels, classes: 2, classifier: failing, folds: 3) }
            Issue.record("no error")
        } catch let e as CleanlabError {
            #expect(e.code == .numeric && e.message == "scripted failure")  // the classifier's own error, unchanged
        }
        #expect(failing.trainSizes.count == 2)
        for bad in [{ (n: Int, k: Int) in [Double](repeating: 0.5, count: n * k - 1) },
                    { (n: Int, k: Int) in [Double](repeating: .nan, count: n * k) },
                    { (n: Int, k: Int) in [Double](repeating: 1.01, count: n * k) }] {
            let clf = RecordingClassifier()
            clf.output = bad
            do {
                _ = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: b.labels, classes: 2, classifier: clf, folds: 3) }
                Issue.record("no error")
            } catch let e as CleanlabError {
                #expect(e.code == .callback)
            }
        }
    }

    @Test func inputErrors() throws {
        let b = Blobs(n: 30, k: 3, seed: 4)
        let clf = RecordingClassifier()
        func code(_ labels: [Int], k: Int, folds: Int = 3) -> CleanlabError.Code? {
            do {
                _ = try b.withView { try CleanLearning.crossValidatedPredProbs($0, labels: labels, classes: k, classifier: clf, folds: folds) }
                return nil
            } catch let e as CleanlabError { return e.code } catch { return .internal }
        }
        #expect(code(b.labels, k: 4) == .shape)              // class 3 has no example
        #expect(code(Array(b.labels.dropLast()), k: 3) == .shape)
        #expect(code(b.labels.map { $0 == 1 ? 5 : $0 }, k: 3) == .labelRange)
        #expect(code(b.labels, k: 3, folds: 1) == .invalidArgument)
        #expect(code(b.labels, k: 3, folds: 31) == .shape)
        #expect(clf.trainSizes.isEmpty)
        // CleanLearning: n / k < folds
        #expect(throws: CleanlabError.self) {
            try b.withView { _ = try CleanLearning.fit($0, labels: b.labels, classes: 3, classifier: clf, options: { var o = CleanLearningOptions(); o.folds = 11; return o }()) }
        }
    }
}

@Suite struct CleanLearningTests {
    @Test func findsFlippedLabelsAndRefitsWithWeights() throws {
        let b = Blobs(n: 400, k: 4, seed: 5, flipEvery: 10)  // 40 flipped labels
        let clf = RecordingClassifier()
        var o = CleanLearningOptions()
        o.seed = 1
        let r = try b.withView { try CleanLearning.fit($0, labels: b.labels, classes: 4, classifier: clf, options: o) }
        let hits = zip(r.labelIssues, b.flipped).filter { $0 && $1 }.count
        #expect(hits >= 36 && r.numLabelIssues <= hits + 6)
        #expect(r.numLabelIssues == r.labelIssues.filter { $0 }.count)
        #expect(r.confidentJoint.reduce(0, +) == 400)
        #expect(clf.trainSizes.count == 6 && clf.trainSizes.last == 400 - r.numLabelIssues)
        // weights 1 / max(nm[k][k], 1e-3) by given label
        let weights = try #require(clf.lastWeights)
        let kept = (0..<400).filter { !r.labelIssues[$0] }
        for (w, i) in zip(weights, kept) { #expect(w == 1 / Swift.max(r.noiseMatrix[b.labels[i] * 5], 1e-3)) }
        #expect(try accuracy(clf, Blobs(n: 200, k: 4, seed: 6), k: 4) > 0.97)
        // given pred_probs: the same issues without cross-validation
        let clf2 = RecordingClassifier()
        let r2 = try b.withView { try CleanLearning.fit($0, labels: b.labels, classes: 4, classifier: clf2, predProbs: r.predProbs, options: o) }
        #expect(r2.labelIssues == r.labelIssues && clf2.trainSizes.count == 1)
        // sample weights off
        o.sampleWeights = false
        _ = try b.withView { try CleanLearning.fit($0, labels: b.labels, classes: 4, classifier: clf2, predProbs: r.predProbs, options: o) }
        #expect(clf2.lastWeights == nil)
    }

    @Test func endToEndWithTheBuiltInClassifier() throws {
        let train = Blobs(n: 400, k: 3, seed: 7, flipEvery: 8), test = Blobs(n: 300, k: 3, seed: 8)
        let report = try CleanLearning.learn(features: train.x, columns: 2, labels: train.labels,
                                             testFeatures: test.x, testLabels: test.truth)
        #expect(report.classes == 3 && report.examples == 400 && report.features == 2)
        let hits = zip(report.result.labelIssues, train.flipped).filter { $0 && $1 }.count
        #expect(hits >= 45 && report.result.numLabelIssues <= hits + 6)  // 50 flipped
        #expect((report.testAccuracyClean ?? 0) > 0.97)
        #expect((report.testAccuracyNoisy ?? 0) > 0.9)
        #expect(report.summary.contains("label_issues: \(report.result.numLabelIssues)"))
        #expect(report.summary.contains("test_accuracy_with_cleaning: 0.9") || report.summary.contains("test_accuracy_with_cleaning: 1.0000"))
        #expect(throws: CleanlabError.self) { try CleanLearning.learn(features: [1, 2, 3], columns: 2, labels: [0, 1]) }
        #expect(throws: CleanlabError.self) { try CleanLearning.learn(features: train.x, columns: 2, labels: train.labels, testFeatures: test.x, testLabels: nil) }
        #expect(throws: CleanlabError.self) { try CleanLearning.learn(features: train.x, columns: 2, labels: train.labels, testFeatures: test.x, testLabels: test.truth.map { $0 + 1 }) }
    }

    @Test func formatting() {
        #expect(formatFraction(0.98765) == "0.9877")
        #expect(formatFraction(1) == "1.0000")
        #expect(formatFraction(0.05) == "0.0500")
    }
}

@Suite struct LogisticRegressionTests {
    @Test func separableDataIsLearned() throws {
        let train = Blobs(n: 600, k: 4, seed: 10), test = Blobs(n: 400, k: 4, seed: 11)
        let clf = try LogisticRegression()
        try train.withView { try clf.fit($0, labels: train.truth, weights: nil, classes: 4) }
        #expect(try accuracy(clf, train, k: 4) > 0.98)
        #expect(try accuracy(clf, test, k: 4) > 0.98)
        let p = try test.withView { try clf.predictProba($0, classes: 4) }
        for i in 0..<400 { #expect(abs(p[4 * i..<4 * i + 4].reduce(0, +) - 1) < 1e-12) }
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let b = Blobs(n: 50, k: 3, seed: 12)
        let weights = (0..<50).map { 0.5 + Double($0 % 3) }
        let obj = Objective(xs: b.x, rows: 50, columns: 2, classes: 3, labels: b.labels, weights: weights,
                            totalWeight: weights.reduce(0, +), c: 0.7, threads: 1)
        let w: [Double] = [0.3, -0.2, 0.1, -0.4, 0.5, 0.2, 0.05, 0.15, -0.3]
        let (_, g) = obj.evaluate(w)
        for e in 0..<w.count {
            var a = w, b2 = w
            a[e] += 1e-6; b2[e] -= 1e-6
            let numeric = (obj.evaluate(a).0 - obj.evaluate(b2).0) / 2e-6
            #expect(abs(numeric - g[e]) < 1e-6)
        }
    }

    @Test func integerWeightsEqualDuplicatedRows() throws {
        let b = Blobs(n: 60, k: 2, seed: 13)
        var o = LogisticRegressionOptions()
        o.standardize = false
        o.maxIterations = 500
        o.tolerance = 1e-10
        let weighted = try LogisticRegression(options: o), duplicated = try LogisticRegression(options: o)
        var w = [Double](repeating: 1, count: 60)
        w[5] = 3; w[17] = 2
        try b.withView { try weighted.fit($0, labels: b.labels, weights: w, classes: 2) }
        var x = b.x, y = b.labels
        for _ in 0..<2 { x += b.x[10..<12]; y.append(b.labels[5]) }
        x += b.x[34..<36]; y.append(b.labels[17])
        try x.withUnsafeBufferPointer { try duplicated.fit(FeatureView(base: $0.baseAddress!, rows: 63, columns: 2), labels: y, weights: nil, classes: 2) }
        for (a, c) in zip(weighted.coefficients, duplicated.coefficients) { #expect(abs(a - c) < 1e-6) }
    }

    @Test(arguments: [2, 3, 4])
    func identicalForEveryThreadCount(threads: Int) throws {
        let b = Blobs(n: 20000, k: 3, seed: 14, flipEvery: 5)
        var o = LogisticRegressionOptions()
        o.maxIterations = 25
        o.threads = 1
        let one = try LogisticRegression(options: o)
        o.threads = threads
        let many = try LogisticRegression(options: o)
        try b.withView { try one.fit($0, labels: b.labels, weights: nil, classes: 3) }
        try b.withView { try many.fit($0, labels: b.labels, weights: nil, classes: 3) }
        #expect(one.coefficients == many.coefficients)
        #expect(one.iterations == many.iterations)
        let p1 = try b.withView { try one.predictProba($0, classes: 3) }
        let p2 = try b.withView { try many.predictProba($0, classes: 3) }
        #expect(p1 == p2)
    }

    @Test func badInput() throws {
        var o = LogisticRegressionOptions()
        o.c = -1
        #expect(throws: CleanlabError.self) { try LogisticRegression(options: o) }
        let clf = try LogisticRegression()
        let b = Blobs(n: 20, k: 2, seed: 15)
        #expect(throws: CleanlabError.self) { try b.withView { _ = try clf.predictProba($0, classes: 2) } }  // not fitted
        #expect(throws: CleanlabError.self) { try b.withView { try clf.fit($0, labels: b.labels, weights: [Double](repeating: -1, count: 20), classes: 2) } }
        #expect(throws: CleanlabError.self) { try b.withView { try clf.fit($0, labels: b.labels, weights: nil, classes: 1) } }
        try b.withView { try clf.fit($0, labels: b.labels, weights: nil, classes: 2) }
        #expect(throws: CleanlabError.self) { try b.withView { _ = try clf.predictProba($0, classes: 3) } }
    }
}
