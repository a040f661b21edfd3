// The cl_* functions of the "learn" area of include/cleanlab.h: a classifier given as C
// callbacks (cl_classifier), the built-in logistic regression, cross-validated pred_probs and
// the CleanLearning loop. Every argument is checked here; callback failures become CL_E_CALLBACK.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

enum LearnABI {
    /// sizeof(cl_learn_options) and sizeof(cl_logreg_options) of the first published versions.
    static let learnOptionsSizeV1: UInt32 = 56
    static let logregOptionsSizeV1: UInt32 = 40
}

/// A `Classifier` whose fit and predict_proba are a caller's C callbacks.
final class CallbackClassifier: Classifier {
    let c: cl_classifier
    let fitFn: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<Double>?, Int64, Int64, UnsafePointer<Int64>?,
                               UnsafePointer<Double>?, Int64) -> Int32
    let predictFn: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<Double>?, Int64, Int64, Int64,
                                   UnsafeMutablePointer<Double>?) -> Int32

    init(_ p: UnsafePointer<cl_classifier>?) throws(CleanlabError) {
        c = try require(p, "classifier").pointee
        fitFn = try require(c.fit, "classifier->fit")
        guard let predict = c.predict_proba else {
            throw CleanlabError(.nullPointer, "classifier->predict_proba is NULL: a classifier without predict_proba cannot give the out-of-sample probabilities that CleanLearning needs")
        }
        predictFn = predict
    }

    /// The message a failed callback left through a libcleanlab call of its own, if any.
    static func callbackDetail() -> String {
        let m = String(cString: cl_last_error_message())
        return m.isEmpty ? "" : " (its last libcleanlab error: \(m))"
    }

    func fit(_ x: FeatureView, labels: [Int], weights: [Double]?, classes: Int) throws(CleanlabError) {
        let l = labels.map { Int64($0) }
        clsupport_clear_error()
        let rc: Int32 = l.withUnsafeBufferPointer { lb in
            if let weights {
                return weights.withUnsafeBufferPointer { wb in
                    fitFn(c.user_data, x.base, Int64(x.rows), Int64(x.columns), lb.baseAddress, wb.baseAddress, Int64(classes))
                }
            }
            return fitFn(c.user_data, x.base, Int64(x.rows), Int64(x.columns), lb.baseAddress, nil, Int64(classes))
        }
        if rc != 0 {
            throw CleanlabError(.callback, "the classifier's fit callback returned \(rc) (on \(x.rows) examples)\(CallbackClassifier.callbackDetail())")
        }
    }

    func predictProba(_ x: FeatureView, classes: Int) throws(CleanlabError) -> [Double] {
        var out = [Double](repeating: 0, count: x.rows * classes)
        clsupport_clear_error()
        let rc: Int32 = out.withUnsafeMutableBufferPointer { ob in
            predictFn(c.user_data, x.base, Int64(x.rows), Int64(x.columns), Int64(classes), ob.baseAddress)
        }
        if rc != 0 {
            throw CleanlabError(.callback, "the classifier's predict_proba callback returned \(rc) (on \(x.rows) examples)\(CallbackClassifier.callbackDetail())")
        }
        return out
    }
}

/// Checks X (n x d finite doubles), labels and n_classes; returns the borrowed view and labels.
func learnInputs(_ X: UnsafePointer<Double>?, _ n_examples: Int64, _ n_features: Int64, _ labels: UnsafePointer<cl_labels>?,
                 _ n_classes: Int64) throws(CleanlabError) -> (FeatureView, [Int], Int) {
    if n_examples < 0 { throw CleanlabError(.shape, "n_examples must be >= 0, got \(n_examples)") }
    if n_features < 1 { throw CleanlabError(.shape, "n_features must be >= 1, got \(n_features)") }
    let n = Int(n_examples), d = Int(n_features)
    let (nd, o) = n.multipliedReportingOverflow(by: d)
    if o { throw CleanlabError(.shape, "X is too large: \(n) x \(d) elements overflow") }
    try checkExtent(nd, elementSize: 8, "X")
    let base: UnsafePointer<Double>
    if let X { base = X } else if n == 0 { base = emptyDoubles } else { throw CleanlabError(.nullPointer, "X is NULL") }
    for e in 0..<nd where !base[e].isFinite {
        throw CleanlabError(.notFinite, "X[\(e / d), \(e % d)] = \(base[e]) is not finite")
    }
    let l = try labelView(labels)
    if l.count != n {
        throw CleanlabError(.shape, "X and labels must have the same length: X has \(n) rows, labels has \(l.count) entries")
    }
    if n_classes < 2 { throw CleanlabError(.shape, "n_classes must be >= 2, got \(n_classes)") }
    if n_classes > n_examples {
        throw CleanlabError(.shape, "n_classes (\(n_classes)) exceeds n_examples (\(n_examples)): every class needs at least one example")
    }
    let k = Int(n_classes)
    let (nk, o2) = n.multipliedReportingOverflow(by: k)
    if o2 { throw CleanlabError(.shape, "pred_probs is too large: \(n) x \(k) elements overflow") }
    try checkExtent(nk, elementSize: 8, "pred_probs")
    var ys = [Int](repeating: 0, count: n)
    for i in 0..<n { ys[i] = l[i] }
    return (FeatureView(base: base, rows: n, columns: d), ys, k)
}

// MARK: Built-in logistic regression

func defaultLogregOptions() -> cl_logreg_options {
    cl_logreg_options(struct_size: UInt32(MemoryLayout<cl_logreg_options>.size), C: 1.0, max_iter: 100,
                      standardize: 1, tol: 1e-6, n_threads: 0)
}

@c @implementation
public func cl_logreg_options_init(_ options: UnsafeMutablePointer<cl_logreg_options>?) -> cl_status {
    guarded("cl_logreg_options_init") { () throws(CleanlabError) in
        try require(options, "options").pointee = defaultLogregOptions()
    }
}

/// The state behind a built-in classifier's user_data.
final class BuiltinLogreg {
    let options: cl_logreg_options
    var model: LogisticRegression?
    init(_ o: cl_logreg_options) { options = o }

    func coreOptions() throws(CleanlabError) -> LogisticRegressionOptions {
        var o = LogisticRegressionOptions()
        o.c = options.C
        o.maxIterations = Int(options.max_iter)
        o.tolerance = options.tol
        o.standardize = options.standardize != 0
        if options.n_threads < 0 { throw CleanlabError(.invalidArgument, "n_threads must be >= 0, got \(options.n_threads)") }
        o.threads = threadCount(options.n_threads)
        return o
    }
}

@inline(__always)
func statusCode(_ s: cl_status) -> Int32 { Int32(truncatingIfNeeded: s.rawValue) }

func builtinFit(_ user: UnsafeMutableRawPointer?, _ X: UnsafePointer<Double>?, _ n: Int64, _ d: Int64,
                _ labels: UnsafePointer<Int64>?, _ weights: UnsafePointer<Double>?, _ k: Int64) -> Int32 {
    statusCode(guarded("cl_builtin_logistic_regression fit") { () throws(CleanlabError) in
        let box = Unmanaged<BuiltinLogreg>.fromOpaque(try require(user, "user_data")).takeUnretainedValue()
        if n < 1 { throw CleanlabError(.shape, "cannot fit on \(n) examples") }
        if d < 1 { throw CleanlabError(.shape, "n_features must be >= 1, got \(d)") }
        if k < 2 || k > Int64(Int32.max) { throw CleanlabError(.shape, "n_classes must be in [2, 2^31), got \(k)") }
        let (nd, o) = Int(n).multipliedReportingOverflow(by: Int(d))
        if o { throw CleanlabError(.shape, "X is too large") }
        try checkExtent(nd, elementSize: 8, "X")
        let x = try require(X, "X"), l = try require(labels, "labels")
        let ys = (0..<Int(n)).map { Int(l[$0]) }
        let w = weights.map { Array(UnsafeBufferPointer(start: $0, count: Int(n))) }
        let model = try LogisticRegression(options: try box.coreOptions())
        try model.fit(FeatureView(base: x, rows: Int(n), columns: Int(d)), labels: ys, weights: w, classes: Int(k))
        box.model = model
    })
}

func builtinPredict(_ user: UnsafeMutableRawPointer?, _ X: UnsafePointer<Double>?, _ n: Int64, _ d: Int64, _ k: Int64,
                    _ out: UnsafeMutablePointer<Double>?) -> Int32 {
    statusCode(guarded("cl_builtin_logistic_regression predict_proba") { () throws(CleanlabError) in
        let box = Unmanaged<BuiltinLogreg>.fromOpaque(try require(user, "user_data")).takeUnretainedValue()
        guard let model = box.model else {
            throw CleanlabError(.invalidArgument, "the classifier is not fitted yet: call fit first")
        }
        if n < 0 { throw CleanlabError(.shape, "n_examples must be >= 0, got \(n)") }
        if d != Int64(model.features) { throw CleanlabError(.shape, "X has \(d) feature columns, the model was fitted with \(model.features)") }
        if k != Int64(model.classes) { throw CleanlabError(.shape, "the model was fitted with \(model.classes) classes, \(k) requested") }
        let o = try require(out, "out_pred_probs")
        if n == 0 { return }
        let x = try require(X, "X")
        let p = try model.predictProba(FeatureView(base: x, rows: Int(n), columns: Int(d)), classes: Int(k))
        o.update(from: p, count: p.count)
    })
}

func builtinDestroy(_ user: UnsafeMutableRawPointer?) {
    guard let user else { return }
    Unmanaged<BuiltinLogreg>.fromOpaque(user).release()
}

@c @implementation
public func cl_builtin_logistic_regression(_ options: UnsafePointer<cl_logreg_options>?,
                                           _ out_classifier: UnsafeMutablePointer<cl_classifier>?) -> cl_status {
    guarded("cl_builtin_logistic_regression") { () throws(CleanlabError) in
        let o = try versionedOptions(options, defaults: defaultLogregOptions(), structSize: \.struct_size,
                                     minimumSize: LearnABI.logregOptionsSizeV1, typeName: "cl_logreg_options")
        let out = try require(out_classifier, "out_classifier")
        let box = BuiltinLogreg(o)
        _ = try LogisticRegression(options: try box.coreOptions())   // validates the options
        out.pointee = cl_classifier(user_data: Unmanaged.passRetained(box).toOpaque(),
                                    fit: { builtinFit($0, $1, $2, $3, $4, $5, $6) },
                                    predict_proba: { builtinPredict($0, $1, $2, $3, $4, $5) },
                                    destroy: { builtinDestroy($0) })
    }
}

@c @implementation
public func cl_classifier_destroy(_ classifier: UnsafeMutablePointer<cl_classifier>?) {
    guard let classifier else { return }
    if let destroy = classifier.pointee.destroy { destroy(classifier.pointee.user_data) }
    classifier.pointee = cl_classifier(user_data: nil, fit: nil, predict_proba: nil, destroy: nil)
}

// MARK: Cross-validation and CleanLearning

@c @implementation
public func cl_estimate_cv_predicted_probabilities(_ classifier: UnsafePointer<cl_classifier>?, _ X: UnsafePointer<Double>?,
                                                   _ n_examples: Int64, _ n_features: Int64, _ labels: UnsafePointer<cl_labels>?,
                                                   _ n_classes: Int64, _ cv_n_folds: Int64, _ seed: UInt64,
                                                   _ out_pred_probs: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_estimate_cv_predicted_probabilities") { () throws(CleanlabError) in
        let clf = try CallbackClassifier(classifier)
        let (x, ys, k) = try learnInputs(X, n_examples, n_features, labels, n_classes)
        let out = try require(out_pred_probs, "out_pred_probs")
        if cv_n_folds < 2 || cv_n_folds > Int64(Int32.max) {
            throw CleanlabError(.invalidArgument, "cv_n_folds must be in [2, 2^31), got \(cv_n_folds)")
        }
        let p = try CleanLearning.crossValidatedPredProbs(x, labels: ys, classes: k, classifier: clf,
                                                          folds: Int(cv_n_folds), seed: seed)
        out.update(from: p, count: p.count)
    }
}

func defaultLearnOptions() -> cl_learn_options {
    cl_learn_options(struct_size: UInt32(MemoryLayout<cl_learn_options>.size), use_sample_weights: 1, cv_n_folds: 5,
                     seed: 0, min_examples_per_class: 10, filter_by: Int32(CL_FILTER_PRUNE_BY_NOISE_RATE.rawValue),
                     converge_latent_estimates: 0, frac_noise: 1.0, n_threads: 0)
}

@c @implementation
public func cl_learn_options_init(_ options: UnsafeMutablePointer<cl_learn_options>?) -> cl_status {
    guarded("cl_learn_options_init") { () throws(CleanlabError) in
        try require(options, "options").pointee = defaultLearnOptions()
    }
}

func readLearnOptions(_ p: UnsafePointer<cl_learn_options>?) throws(CleanlabError) -> CleanLearningOptions {
    let c = try versionedOptions(p, defaults: defaultLearnOptions(), structSize: \.struct_size,
                                 minimumSize: LearnABI.learnOptionsSizeV1, typeName: "cl_learn_options")
    var o = CleanLearningOptions()
    if c.cv_n_folds < 2 || c.cv_n_folds > Int64(Int32.max) {
        throw CleanlabError(.invalidArgument, "options.cv_n_folds must be in [2, 2^31), got \(c.cv_n_folds)")
    }
    o.folds = Int(c.cv_n_folds)
    o.seed = c.seed
    guard let f = FilterBy(rawValue: c.filter_by) else {
        throw CleanlabError(.invalidArgument, "options.filter_by = \(c.filter_by) is not a cl_filter_by (1..7)")
    }
    o.filter.filterBy = f
    o.filter.minExamplesPerClass = Int(c.min_examples_per_class)
    o.filter.fracNoise = c.frac_noise
    o.convergeLatentEstimates = c.converge_latent_estimates != 0
    o.sampleWeights = c.use_sample_weights != 0
    if c.n_threads < 0 { throw CleanlabError(.invalidArgument, "options.n_threads must be >= 0, got \(c.n_threads)") }
    o.threads = threadCount(c.n_threads)
    return o
}

@c @implementation
public func cl_clean_learning_fit(_ classifier: UnsafePointer<cl_classifier>?, _ X: UnsafePointer<Double>?,
                                  _ n_examples: Int64, _ n_features: Int64, _ labels: UnsafePointer<cl_labels>?,
                                  _ n_classes: Int64, _ options: UnsafePointer<cl_learn_options>?,
                                  _ out_label_issues_mask: UnsafeMutablePointer<UInt8>?, _ out_num_issues: UnsafeMutablePointer<Int64>?,
                                  _ out_pred_probs: UnsafeMutablePointer<Double>?, _ out_noise_matrix: UnsafeMutablePointer<Double>?,
                                  _ out_inverse_noise_matrix: UnsafeMutablePointer<Double>?,
                                  _ out_confident_joint: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_clean_learning_fit") { () throws(CleanlabError) in
        let clf = try CallbackClassifier(classifier)
        let (x, ys, k) = try learnInputs(X, n_examples, n_features, labels, n_classes)
        let o = try readLearnOptions(options)
        let mask = try require(out_label_issues_mask, "out_label_issues_mask")
        let r = try CleanLearning.fit(x, labels: ys, classes: k, classifier: clf, options: o)
        for i in 0..<r.labelIssues.count { mask[i] = r.labelIssues[i] ? 1 : 0 }
        out_num_issues?.pointee = Int64(r.numLabelIssues)
        out_pred_probs?.update(from: r.predProbs, count: r.predProbs.count)
        out_noise_matrix?.update(from: r.noiseMatrix, count: r.noiseMatrix.count)
        out_inverse_noise_matrix?.update(from: r.inverseNoiseMatrix, count: r.inverseNoiseMatrix.count)
        out_confident_joint?.update(from: r.confidentJoint, count: r.confidentJoint.count)
    }
}
