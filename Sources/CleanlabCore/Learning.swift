// Learning with noisy labels: stratified K-fold splits, cross-validated predicted probabilities
// and cleanlab's CleanLearning loop, driven by any `Classifier`.
//
// Semantics follow cleanlab 2.9.0 (`count.estimate_cv_predicted_probabilities`,
// `classification.CleanLearning.fit`), with one documented deviation: the fold assignment is
// libcleanlab's own seeded shuffle (below), not numpy's RandomState, so folds (and therefore the
// cross-validated probabilities) are not bit-identical to sklearn's StratifiedKFold.

/// A borrowed row-major `rows × columns` matrix of features (float64), valid for the duration
/// of the call it is passed to.
public struct FeatureView: @unchecked Sendable {
    public let base: UnsafePointer<Double>
    public let rows: Int
    public let columns: Int

    public init(base: UnsafePointer<Double>, rows: Int, columns: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
    }

    @inlinable @inline(__always)
    public func row(_ i: Int) -> UnsafePointer<Double> { base + i &* columns }
}

/// A classifier that learns from features and integer labels, as a scikit-learn estimator with
/// `fit(X, y, sample_weight=...)` and `predict_proba(X)`.
///
/// `fit` must train from scratch, discarding any previous fit (the cross-validation refits the
/// same object once per fold, as if it were `sklearn.base.clone`d). Labels lie in
/// `0..<classes`; a class may be absent from a training set (after label issues are removed).
/// `predictProba` returns `x.rows × classes` probabilities, row-major.
public protocol Classifier: AnyObject {
    func fit(_ x: FeatureView, labels: [Int], weights: [Double]?, classes: Int) throws(CleanlabError)
    func predictProba(_ x: FeatureView, classes: Int) throws(CleanlabError) -> [Double]
}

/// Options of the CleanLearning loop, with cleanlab 2.9.0's `CleanLearning` defaults.
public struct CleanLearningOptions: Sendable {
    /// `cv_n_folds` (>= 2).
    public var folds: Int = 5
    /// The seed of the fold shuffle (see `StratifiedKFold`).
    public var seed: UInt64 = 0
    /// Options of `filter.find_label_issues`; CleanLearning's default min_examples_per_class is 10.
    public var filter: FilterOptions = {
        var f = FilterOptions()
        f.minExamplesPerClass = 10
        return f
    }()
    /// `converge_latent_estimates` (CleanLearning's default False).
    public var convergeLatentEstimates: Bool = false
    /// Refit with class weights 1 / max(noise_matrix[k][k], 1e-3), as CleanLearning does for a
    /// classifier whose fit accepts sample_weight.
    public var sampleWeights: Bool = true
    /// Worker threads for the label-issue search (0 = all online cores).
    public var threads: Int = 0

    public init() {}
}

/// What `CleanLearning.fit` found. The classifier is left fitted on the clean data.
public struct CleanLearningResult: Sendable {
    /// Cross-validated predicted probabilities, `n × k` row-major.
    public var predProbs: [Double]
    /// The calibrated confident joint `cj[given][true]`, `k × k` row-major.
    public var confidentJoint: [Int64]
    public var py: [Double]
    /// P(given | true), `k × k` row-major.
    public var noiseMatrix: [Double]
    /// P(true | given), `k × k` row-major.
    public var inverseNoiseMatrix: [Double]
    /// One flag per example: true = label issue (removed before the final fit).
    public var labelIssues: [Bool]
    public var numLabelIssues: Int
    /// The weight of each class in the final fit (all 1 when sample weights are off).
    public var classWeights: [Double]
}

// MARK: - Stratified K-fold

/// Stratified K-fold assignment: every example gets a holdout fold in `0..<folds`.
///
/// Algorithm (deterministic for a given seed, labels and fold count):
/// 1. As sklearn's `StratifiedKFold`, the examples sorted by class are dealt to the folds round
///    robin (position p of the class-sorted order goes to fold p mod folds), which fixes how many
///    examples of each class every fold holds: fold sizes differ by at most one and each class
///    is spread as evenly as possible.
/// 2. For each class in ascending order, the multiset of its fold numbers is shuffled with a
///    Fisher–Yates shuffle driven by SplitMix64 seeded with `seed` (one stream for all classes;
///    bounded draws by rejection, so there is no modulo bias), and assigned to the class's
///    examples in index order.
/// The fold sizes are sklearn's; the shuffle is not numpy's (no bit parity with sklearn).
public enum StratifiedKFold {
    /// - Throws: `.invalidArgument` if `folds < 2`; `.shape` if `folds > n` or every class has
    ///   fewer than `folds` examples (sklearn's ValueErrors); `.labelRange` for labels outside
    ///   `0..<classes`.
    public static func assign(labels: [Int], classes k: Int, folds: Int, seed: UInt64) throws(CleanlabError) -> [Int] {
        let n = labels.count
        if folds < 2 {
            throw CleanlabError(.invalidArgument, "cv_n_folds must be at least 2, got \(folds)")
        }
        if folds > n {
            throw CleanlabError(.shape, "cannot have cv_n_folds = \(folds) greater than the number of examples (\(n))")
        }
        var counts = [Int](repeating: 0, count: k)
        for (i, y) in labels.enumerated() {
            if y < 0 || y >= k {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index in [0, \(k - 1)]")
            }
            counts[y] += 1
        }
        if counts.allSatisfy({ $0 < folds }) {
            throw CleanlabError(.shape, "cv_n_folds = \(folds) cannot be greater than the number of examples in each class (largest class: \(counts.max() ?? 0))")
        }
        // members of each class, in index order
        var members = [[Int]](repeating: [], count: k)
        for c in 0..<k { members[c].reserveCapacity(counts[c]) }
        for (i, y) in labels.enumerated() { members[y].append(i) }

        var rng = SplitMix64(seed: seed)
        var fold = [Int](repeating: 0, count: n)
        var start = 0
        for c in 0..<k {
            let end = start + counts[c]
            var assignment: [Int] = []
            assignment.reserveCapacity(counts[c])
            for f in 0..<folds {
                let m = countCongruent(below: end, residue: f, modulus: folds) - countCongruent(below: start, residue: f, modulus: folds)
                for _ in 0..<m { assignment.append(f) }
            }
            var i = assignment.count - 1
            while i > 0 {
                let j = rng.next(below: UInt64(i + 1))
                assignment.swapAt(i, Int(j))
                i -= 1
            }
            for (slot, example) in members[c].enumerated() { fold[example] = assignment[slot] }
            start = end
        }
        return fold
    }

    /// The number of integers p in [0, x) with p ≡ r (mod m).
    static func countCongruent(below x: Int, residue r: Int, modulus m: Int) -> Int {
        x > r ? (x - r + m - 1) / m : 0
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, well-mixed 64-bit generator.
public struct SplitMix64: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform integer in [0, bound), bound >= 1 (rejection sampling, no modulo bias).
    public mutating func next(below bound: UInt64) -> UInt64 {
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let v = next()
            if v < limit { return v % bound }
        }
    }
}

// MARK: - Cross-validation and CleanLearning

public enum CleanLearning {
    /// Checks features and labels; returns the label counts.
    static func checkInputs(_ x: FeatureView, labels: [Int], classes k: Int) throws(CleanlabError) -> [Int] {
        if k < 2 { throw CleanlabError(.shape, "n_classes must be at least 2, got \(k)") }
        if x.rows != labels.count {
            throw CleanlabError(.shape, "X and labels must have the same length: X has \(x.rows) rows, labels has \(labels.count) entries")
        }
        if x.columns < 1 { throw CleanlabError(.shape, "X must have at least one feature column, got \(x.columns)") }
        var counts = [Int](repeating: 0, count: k)
        for (i, y) in labels.enumerated() {
            if y < 0 || y >= k {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index in [0, \(k - 1)]")
            }
            counts[y] += 1
        }
        for c in 0..<k where counts[c] == 0 {
            throw CleanlabError(.shape, "class \(c) has no examples: cross-validation needs every class 0..\(k - 1) in labels (cleanlab: \"All classes must be present in the dataset\")")
        }
        return counts
    }

    /// Copies the rows `indices` of `x` (plus `extra` rows) into a new row-major array.
    static func gather(_ x: FeatureView, _ indices: [Int]) -> [Double] {
        let d = x.columns
        var out = [Double](repeating: 0, count: indices.count * d)
        out.withUnsafeMutableBufferPointer { o in
            for (r, i) in indices.enumerated() {
                (o.baseAddress! + r * d).update(from: x.row(i), count: d)
            }
        }
        return out
    }

    /// Calls `predictProba` and checks its output: the right size, finite values in
    /// [-1e-6, 1 + 1e-6] (the classifier's fault otherwise: `.callback`).
    static func predict(_ clf: Classifier, _ x: FeatureView, classes k: Int, context: String) throws(CleanlabError) -> [Double] {
        let p = try clf.predictProba(x, classes: k)
        if p.count != x.rows * k {
            throw CleanlabError(.callback, "predict_proba (\(context)) returned \(p.count) values, \(x.rows) x \(k) = \(x.rows * k) expected")
        }
        for (e, v) in p.enumerated() where !(v >= -1e-6 && v <= 1 + 1e-6) {
            throw CleanlabError(.callback, "predict_proba (\(context)) returned pred_probs[\(e / k), \(e % k)] = \(v), which is not a probability in [0, 1]")
        }
        return p
    }

    /// `count.estimate_cv_predicted_probabilities(X, labels, clf, cv_n_folds=folds, seed=seed)`:
    /// out-of-fold predicted probabilities (`n × k`, row-major) from `folds` fits of `clf`.
    ///
    /// Missing-class handling as cleanlab: when a fold's training split lacks a class, the
    /// first holdout example of that class is duplicated into the training split (classes in
    /// ascending order), and that example's holdout prediction is replaced by a one-hot vector
    /// on its given label.
    /// - Throws: input errors (`.shape`, `.labelRange`, `.invalidArgument`), the classifier's
    ///   own errors unchanged, `.callback` for malformed predictions.
    public static func crossValidatedPredProbs(_ x: FeatureView, labels: [Int], classes k: Int, classifier clf: Classifier,
                                               folds: Int = 5, seed: UInt64 = 0) throws(CleanlabError) -> [Double] {
        _ = try checkInputs(x, labels: labels, classes: k)
        let fold = try StratifiedKFold.assign(labels: labels, classes: k, folds: folds, seed: seed)
        let n = labels.count, d = x.columns
        var out = [Double](repeating: 0, count: n * k)
        for f in 0..<folds {
            var train: [Int] = [], holdout: [Int] = []
            for i in 0..<n { if fold[i] == f { holdout.append(i) } else { train.append(i) } }
            var present = [Bool](repeating: false, count: k)
            for i in train { present[labels[i]] = true }
            var duplicated: [(position: Int, label: Int)] = []   // position within holdout
            var trainRows = train
            for c in 0..<k where !present[c] {
                // every class has an example, so a class missing from training is in the holdout
                guard let pos = holdout.firstIndex(where: { labels[$0] == c }) else {
                    throw CleanlabError(.internal, "class \(c) is in neither the training split nor the holdout of fold \(f)")
                }
                trainRows.append(holdout[pos])
                duplicated.append((pos, c))
            }
            let xTrain = gather(x, trainRows), yTrain = trainRows.map { labels[$0] }
            try xTrain.withUnsafeBufferPointer { b throws(CleanlabError) in
                try clf.fit(FeatureView(base: b.baseAddress ?? emptyFeature, rows: trainRows.count, columns: d),
                            labels: yTrain, weights: nil, classes: k)
            }
            let xHold = gather(x, holdout)
            var p = try xHold.withUnsafeBufferPointer { b throws(CleanlabError) in
                try predict(clf, FeatureView(base: b.baseAddress ?? emptyFeature, rows: holdout.count, columns: d),
                            classes: k, context: "fold \(f + 1) of \(folds)")
            }
            for (pos, c) in duplicated {
                for j in 0..<k { p[pos * k + j] = j == c ? 1 : 0 }
            }
            for (r, i) in holdout.enumerated() {
                for j in 0..<k { out[i * k + j] = p[r * k + j] }
            }
        }
        return out
    }

    /// cleanlab's `CleanLearning(clf, seed, cv_n_folds).fit(X, labels)` on a classifier:
    /// 1. cross-validated pred_probs (`crossValidatedPredProbs`), after CleanLearning's check
    ///    `n / k >= folds` ("Need more data from each class for cross-validation");
    /// 2. the calibrated confident joint and `estimate_latent(cj, labels)` (py_method 'cnt');
    /// 3. `filter.find_label_issues(labels, pred_probs, confident_joint=cj, ...)` with
    ///    `options.filter` (CleanLearning's min_examples_per_class = 10);
    /// 4. `clf` refit on the examples not flagged, with sample weights
    ///    1 / max(noise_matrix[k][k], 1e-3) by given label when `options.sampleWeights`.
    public static func fit(_ x: FeatureView, labels: [Int], classes k: Int, classifier clf: Classifier,
                           options: CleanLearningOptions = .init()) throws(CleanlabError) -> CleanLearningResult {
        _ = try checkInputs(x, labels: labels, classes: k)
        let n = labels.count
        if options.folds >= 2 && Double(n) / Double(k) < Double(options.folds) {
            throw CleanlabError(.shape, "Need more data from each class for cross-validation: \(n) examples / \(k) classes < cv_n_folds = \(options.folds). Try decreasing cv_n_folds (eg. to 2 or 3)")
        }
        let probs = try crossValidatedPredProbs(x, labels: labels, classes: k, classifier: clf, folds: options.folds, seed: options.seed)
        return try fit(x, labels: labels, classes: k, classifier: clf, predProbs: probs, options: options)
    }

    /// Steps 2-4 of `fit` with given out-of-sample `predProbs` (`n × k`, row-major), as
    /// `CleanLearning.fit(X, labels, pred_probs=...)`.
    public static func fit(_ x: FeatureView, labels: [Int], classes k: Int, classifier clf: Classifier,
                           predProbs probs: [Double], options: CleanLearningOptions = .init()) throws(CleanlabError) -> CleanLearningResult {
        _ = try checkInputs(x, labels: labels, classes: k)
        let n = labels.count, d = x.columns
        if probs.count != n * k {
            throw CleanlabError(.shape, "pred_probs must have \(n) x \(k) = \(n * k) entries, got \(probs.count)")
        }
        let labels64 = labels.map { Int64($0) }
        var result: CleanLearningResult? = nil
        try probs.withUnsafeBufferPointer { pb throws(CleanlabError) in
            try labels64.withUnsafeBufferPointer { lb throws(CleanlabError) in
                let p = PredProbs.float64(ProbabilityMatrix(base: pb.baseAddress ?? emptyFeature, rows: n, columns: k, rowStride: k))
                let lv = LabelView(int64: lb.baseAddress ?? emptyLabel, count: n)
                let (cj, _) = try Cleanlab.computeConfidentJoint(p, labels: lv, calibrate: true, threads: options.threads)
                let cjd = cj.map { Double($0) }
                let latent = try Latent.estimateLatent(confidentJoint: cjd, k: k, labels: lv, method: .cnt,
                                                       converge: options.convergeLatentEstimates)
                var filter = options.filter
                if filter.confidentJoint == nil && filter.filterBy != .confidentLearning {
                    filter.confidentJoint = cjd
                    filter.confidentJointColumnMajor = false
                }
                let (mask, _) = try Cleanlab.findLabelIssues(p, labels: lv, options: filter, threads: options.threads)
                result = CleanLearningResult(predProbs: probs, confidentJoint: cj, py: latent.py,
                                             noiseMatrix: latent.noiseMatrix, inverseNoiseMatrix: latent.inv,
                                             labelIssues: mask, numLabelIssues: mask.reduce(0) { $0 + ($1 ? 1 : 0) },
                                             classWeights: [Double](repeating: 1, count: k))
            }
        }
        guard var r = result else { throw CleanlabError(.internal, "CleanLearning produced no result") }
        if options.sampleWeights {
            r.classWeights = (0..<k).map { 1.0 / Swift.max(r.noiseMatrix[$0 * k + $0], 1e-3) }
        }
        let keep = (0..<n).filter { !r.labelIssues[$0] }
        let xClean = gather(x, keep), yClean = keep.map { labels[$0] }
        let weights: [Double]? = options.sampleWeights ? yClean.map { r.classWeights[$0] } : nil
        try xClean.withUnsafeBufferPointer { b throws(CleanlabError) in
            try clf.fit(FeatureView(base: b.baseAddress ?? emptyFeature, rows: keep.count, columns: d),
                        labels: yClean, weights: weights, classes: k)
        }
        return r
    }

    /// The fraction of rows whose first maximal probability is at `labels[i]`.
    public static func accuracy(predProbs p: [Double], labels: [Int], classes k: Int) -> Double {
        if labels.isEmpty { return 0 }
        var correct = 0
        for (i, y) in labels.enumerated() {
            var best = 0
            for j in 1..<k where p[i * k + j] > p[i * k + best] { best = j }
            if best == y { correct += 1 }
        }
        return Double(correct) / Double(labels.count)
    }
}

nonisolated(unsafe) let emptyFeature: UnsafePointer<Double> = {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

nonisolated(unsafe) let emptyLabel: UnsafePointer<Int64> = {
    let p = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    p.initialize(to: 0)
    return UnsafePointer(p)
}()

// MARK: - End to end (the `cleanlab learn` command)

/// The numbers `cleanlab learn` prints.
public struct LearnReport: Sendable {
    public var examples: Int
    public var features: Int
    public var classes: Int
    public var folds: Int
    public var result: CleanLearningResult
    /// Test accuracy of the classifier trained on every (noisy) training label; nil without a
    /// test set.
    public var testAccuracyNoisy: Double?
    /// Test accuracy after CleanLearning (trained on the examples not flagged); nil without a
    /// test set.
    public var testAccuracyClean: Double?
    /// L-BFGS iterations of the final fit.
    public var iterations: Int

    /// A human-readable report, one `key: value` per line.
    public var summary: String {
        var lines = [
            "examples: \(examples)", "features: \(features)", "classes: \(classes)", "cv_n_folds: \(folds)",
            "label_issues: \(result.numLabelIssues)",
        ]
        if let a = testAccuracyNoisy { lines.append("test_accuracy_without_cleaning: \(formatFraction(a))") }
        if let a = testAccuracyClean { lines.append("test_accuracy_with_cleaning: \(formatFraction(a))") }
        return lines.joined(separator: "\n")
    }
}

/// `x` with 4 decimals, without Foundation.
func formatFraction(_ x: Double) -> String {
    let scaled = Int((x * 10000).rounded())
    let whole = scaled / 10000, frac = scaled % 10000
    let f = String(frac)
    return "\(whole)." + String(repeating: "0", count: 4 - f.count) + f
}

extension CleanLearning {
    /// The `cleanlab learn` pipeline with the built-in classifier: CleanLearning on the training
    /// set (features row-major `labels.count × columns`; classes = max label + 1, each present),
    /// then, when a test set is given, the test accuracy of the cleaned model and of the same
    /// classifier trained on all noisy labels. `predProbs` (`n × k` row-major, out-of-sample):
    /// skip the cross-validation and use them, as `CleanLearning.fit(X, labels, pred_probs=...)`.
    public static func learn(features x: [Double], columns d: Int, labels: [Int],
                             testFeatures: [Double]? = nil, testLabels: [Int]? = nil,
                             predProbs: [Double]? = nil,
                             options: CleanLearningOptions = .init(),
                             classifierOptions: LogisticRegressionOptions = .init()) throws(CleanlabError) -> LearnReport {
        let n = labels.count
        if d < 1 { throw CleanlabError(.shape, "features must have at least one column, got \(d)") }
        if x.count != n * d {
            throw CleanlabError(.shape, "features must have \(n) rows (one per label) x \(d) columns = \(n * d) values, got \(x.count)")
        }
        if n == 0 { throw CleanlabError(.shape, "no training examples") }
        for (e, v) in x.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "features[\(e / d), \(e % d)] = \(v) is not finite")
        }
        let k = Swift.max(2, (labels.max() ?? 0) + 1)
        if (testFeatures == nil) != (testLabels == nil) {
            throw CleanlabError(.invalidArgument, "give both test features and test labels, or neither")
        }
        if let tx = testFeatures, let ty = testLabels {
            if tx.count != ty.count * d {
                throw CleanlabError(.shape, "test features must have \(ty.count) rows x \(d) columns = \(ty.count * d) values, got \(tx.count)")
            }
            for (e, v) in tx.enumerated() where !v.isFinite {
                throw CleanlabError(.notFinite, "test features[\(e / d), \(e % d)] = \(v) is not finite")
            }
            for (i, y) in ty.enumerated() where y < 0 || y >= k {
                throw CleanlabError(.labelRange, "test labels[\(i)] = \(y) is not a class of the training labels [0, \(k - 1)]")
            }
        }
        let clf = try LogisticRegression(options: classifierOptions)
        var report: LearnReport? = nil
        try x.withUnsafeBufferPointer { xb throws(CleanlabError) in
            let view = FeatureView(base: xb.baseAddress ?? emptyFeature, rows: n, columns: d)
            let r: CleanLearningResult
            if let probs = predProbs {
                if probs.count != n * k {
                    throw CleanlabError(.shape, "pred_probs must have \(n) rows x \(k) columns (classes) = \(n * k) values, got \(probs.count)")
                }
                for (e, v) in probs.enumerated() where !(v >= -1e-6 && v <= 1 + 1e-6) {
                    throw CleanlabError(v.isFinite ? .probabilityRange : .notFinite, "pred_probs[\(e / k), \(e % k)] = \(v) is not a probability in [0, 1]")
                }
                r = try fit(view, labels: labels, classes: k, classifier: clf, predProbs: probs, options: options)
            } else {
                r = try fit(view, labels: labels, classes: k, classifier: clf, options: options)
            }
            var rep = LearnReport(examples: n, features: d, classes: k, folds: options.folds, result: r,
                                  testAccuracyNoisy: nil, testAccuracyClean: nil, iterations: clf.iterations)
            if let tx = testFeatures, let ty = testLabels {
                try tx.withUnsafeBufferPointer { tb throws(CleanlabError) in
                    let test = FeatureView(base: tb.baseAddress ?? emptyFeature, rows: ty.count, columns: d)
                    rep.testAccuracyClean = accuracy(predProbs: try clf.predictProba(test, classes: k), labels: ty, classes: k)
                    let plain = try LogisticRegression(options: classifierOptions)
                    try plain.fit(view, labels: labels, weights: nil, classes: k)
                    rep.testAccuracyNoisy = accuracy(predProbs: try plain.predictProba(test, classes: k), labels: ty, classes: k)
                }
            }
            report = rep
        }
        guard let rep = report else { throw CleanlabError(.internal, "learn produced no report") }
        return rep
    }
}
