#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// cleanlab 2.9.0's multi-label classification (`multilabel_classification.{filter,rank}` and
// `count.*(multi_label=True)`): a one-vs-rest reduction. Class c becomes the binary problem
// (labels y_c = "c is among example i's labels", pred_probs [1 - p[:, c], p[:, c]]) and the
// single-label algorithms run on it unchanged.
//
// pred_probs is never copied: the binary problem of class c is written into one reusable n × 2
// scratch buffer in the input's dtype (`1 - p` rounded in that dtype, as numpy computes it), and
// its labels into one reusable n-entry buffer. Memory: O(n + nnz), not O(n·K).

/// Multi-label labels in CSR form: example i has the classes `classes[offsets[i] ..< offsets[i+1]]`
/// (any order; duplicates count once; an empty list is allowed).
public struct MultiLabelView: @unchecked Sendable {
    public let offsets: UnsafePointer<Int64>
    public let classes: UnsafePointer<Int64>
    public let count: Int

    public init(offsets: UnsafePointer<Int64>, classes: UnsafePointer<Int64>, count: Int) {
        self.offsets = offsets
        self.classes = classes
        self.count = count
    }
}

/// How `MultiLabel.labelQualityScores` aggregates the per-class scores of an example.
public enum MultiLabelAggregator: Sendable, Equatable {
    /// `exponential_moving_average(alpha=)`: nil means `2 / (K + 1)`.
    case exponentialMovingAverage(alpha: Double?)
    /// `softmin(temperature=)`.
    case softmin(temperature: Double)
}

/// Options of `MultiLabel.findLabelIssues` (the parameters of
/// `multilabel_classification.filter.find_label_issues`).
public struct MultiLabelFilterOptions: Sendable {
    public var filterBy: FilterBy = .pruneByNoiseRate
    public var rankBy: RankBy? = nil
    public var rankAdjustPredProbs: Bool = false
    public var fracNoise: Double = 1.0
    public var minExamplesPerClass: Int = 1
    /// One count per class (class c removes `[n_c, 0]` in its binary problem), or nil.
    public var numToRemovePerClass: [Int]? = nil
    /// K × 2 × 2 (row-major), per-class binary confident joints used as is, or nil.
    public var confidentJoint: [Double]? = nil
    public init() {}
}

/// The one-vs-rest reduction of a validated multi-label dataset.
struct OneVsRest {
    let p: PredProbs
    let n: Int
    let k: Int
    /// For each class, the examples that have it (ascending, distinct): CSC of the labels.
    let members: [[Int]]
    let threads: Int

    init(_ p: PredProbs, _ labels: MultiLabelView, threads: Int) throws(CleanlabError) {
        let n = p.rows, k = p.columns
        if labels.count != n {
            throw CleanlabError(.shape, "pred_probs and labels must have same length: pred_probs has \(n) rows, labels has \(labels.count) entries")
        }
        if n > 0 && labels.offsets[0] != 0 {
            throw CleanlabError(.shape, "labels.offsets[0] must be 0, got \(labels.offsets[0])")
        }
        var members = [[Int]](repeating: [], count: k)
        for i in 0..<n {
            let a = Int(labels.offsets[i]), b = Int(labels.offsets[i + 1])
            if b < a { throw CleanlabError(.shape, "labels.offsets must be non-decreasing: offsets[\(i + 1)] = \(b) < offsets[\(i)] = \(a)") }
            for e in a..<b {
                let c = labels.classes[e]
                if c < 0 || c >= Int64(k) {
                    throw CleanlabError(.labelRange, "labels[\(i)] contains class \(c): pred_probs has \(k) columns, so classes must lie in [0, \(k - 1)]")
                }
                let ci = Int(c)
                if members[ci].last != i { members[ci].append(i) }
            }
        }
        self.p = p
        self.n = n
        self.k = k
        self.members = members
        self.threads = threads
    }

    /// Calls `body` with the binary problem of class c (rows restricted to `rows` if given).
    func withBinary<R>(_ c: Int, rows: [Int]? = nil, _ body: (PredProbs, LabelView) throws(CleanlabError) -> R) throws(CleanlabError) -> R {
        let m = rows?.count ?? n
        var y = [Int32](repeating: 0, count: Swift.max(m, 1))
        if let rows {
            var j = 0
            for (r, i) in rows.enumerated() {
                while j < members[c].count && members[c][j] < i { j += 1 }
                if j < members[c].count && members[c][j] == i { y[r] = 1 }
            }
        } else {
            for i in members[c] { y[i] = 1 }
        }
        return try y.withUnsafeBufferPointer { yb throws(CleanlabError) -> R in
            let labels = LabelView(int32: yb.baseAddress!, count: m)
            switch p {
            case .float16(let mat): return try OneVsRest.binary(mat, c, rows, m) { (b: ProbabilityMatrix<Float16>) throws(CleanlabError) in try body(.float16(b), labels) }
            case .float32(let mat): return try OneVsRest.binary(mat, c, rows, m) { (b: ProbabilityMatrix<Float>) throws(CleanlabError) in try body(.float32(b), labels) }
            case .float64(let mat): return try OneVsRest.binary(mat, c, rows, m) { (b: ProbabilityMatrix<Double>) throws(CleanlabError) in try body(.float64(b), labels) }
            }
        }
    }

    static func binary<T: ProbabilityScalar, R>(_ mat: ProbabilityMatrix<T>, _ c: Int, _ rows: [Int]?, _ m: Int,
                                                _ body: (ProbabilityMatrix<T>) throws(CleanlabError) -> R) throws(CleanlabError) -> R {
        var scratch = [T](repeating: 0, count: Swift.max(2 * m, 2))
        for r in 0..<m {
            let i = rows?[r] ?? r
            let v = mat.row(i)[c]
            scratch[2 * r] = 1 - v  // numpy's `1 - p` in the input's dtype
            scratch[2 * r + 1] = v
        }
        return try scratch.withUnsafeBufferPointer { s throws(CleanlabError) -> R in
            try body(ProbabilityMatrix(base: s.baseAddress!, rows: m, columns: 2, rowStride: 2))
        }
    }
}

/// cleanlab 2.9.0's multi-label functions on borrowed memory (see the file comment).
public enum MultiLabel {
    /// `count.get_confident_thresholds(labels, pred_probs, multi_label=True)`: K × 2 row-major.
    public static func confidentThresholds(_ p: PredProbs, labels: MultiLabelView, threads: Int = 0) throws(CleanlabError) -> [Double] {
        let o = try OneVsRest(p, labels, threads: threads)
        var out = [Double]()
        for c in 0..<o.k {
            out += try o.withBinary(c) { (b, y) throws(CleanlabError) in try Cleanlab.confidentThresholds(b, labels: y, threads: threads) }
        }
        return out
    }

    /// `count.compute_confident_joint(labels, pred_probs, multi_label=True, thresholds=...,
    /// calibrate=..., return_indices_of_off_diagonals=True)`: K × 2 × 2 counts and, per class,
    /// the indices of the off-diagonal examples. `thresholds` (2 values) is passed to every
    /// binary problem, as cleanlab does.
    public static func computeConfidentJoint(_ p: PredProbs, labels: MultiLabelView, thresholds: [Double]? = nil,
                                             thresholdsPrecision: Precision = .float64, calibrate: Bool = true,
                                             threads: Int = 0) throws(CleanlabError) -> (counts: [Int64], offDiagonal: [[Int]]) {
        let o = try OneVsRest(p, labels, threads: threads)
        var counts = [Int64]()
        var off = [[Int]]()
        for c in 0..<o.k {
            let (cj, idx) = try o.withBinary(c) { (b, y) throws(CleanlabError) -> ([Int64], [Int]) in
                var mask = [UInt8](repeating: 0, count: Swift.max(o.n, 1))
                let cj = try mask.withUnsafeMutableBufferPointer { mb throws(CleanlabError) in
                    try Cleanlab.computeConfidentJoint(b, labels: y, thresholds: thresholds, thresholdsPrecision: thresholdsPrecision,
                                                       calibrate: calibrate, offDiagonalMask: mb, threads: threads).counts
                }
                return (cj, (0..<o.n).filter { mask[$0] != 0 })
            }
            counts += cj
            off.append(idx)
        }
        return (counts, off)
    }

    /// Binary labels of every class, for the matrix functions that take no pred_probs.
    static func binaryLabels(_ labels: MultiLabelView, k: Int, _ body: (Int, LabelView) throws(CleanlabError) -> Void) throws(CleanlabError) {
        let n = labels.count
        var members = [[Int]](repeating: [], count: k)
        for i in 0..<n {
            let a = Int(labels.offsets[i]), b = Int(labels.offsets[i + 1])
            if b < a { throw CleanlabError(.shape, "labels.offsets must be non-decreasing at \(i)") }
            for e in a..<b {
                let c = labels.classes[e]
                if c < 0 || c >= Int64(k) {
                    throw CleanlabError(.labelRange, "labels[\(i)] contains class \(c): the confident joint has \(k) classes, so classes must lie in [0, \(k - 1)]")
                }
                if members[Int(c)].last != i { members[Int(c)].append(i) }
            }
        }
        var y = [Int32](repeating: 0, count: Swift.max(n, 1))
        for c in 0..<k {
            for i in 0..<n { y[i] = 0 }
            for i in members[c] { y[i] = 1 }
            try y.withUnsafeBufferPointer { yb throws(CleanlabError) in try body(c, LabelView(int32: yb.baseAddress!, count: n)) }
        }
    }

    static func checkJoints(_ cj: [Double], k: Int) throws(CleanlabError) {
        if cj.count != 4 * k { throw CleanlabError(.shape, "confident_joint should be of shape (num_classes, 2, 2): expected \(4 * k) entries, got \(cj.count)") }
        for (e, v) in cj.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "confident_joint[\(e / 4), \(e % 4 / 2), \(e % 2)] = \(v) is not finite")
        }
    }

    /// `count.calibrate_confident_joint(confident_joint, labels, multi_label=True)`.
    public static func calibrateConfidentJoint(_ cj: [Double], k: Int, labels: MultiLabelView) throws(CleanlabError) -> [Int64] {
        try checkJoints(cj, k: k)
        if labels.count == 0 { throw CleanlabError(.shape, "labels are empty: calibrating a confident joint needs at least one label") }
        var out = [Int64]()
        try binaryLabels(labels, k: k) { (c, y) throws(CleanlabError) in
            out += try Cleanlab.calibrateConfidentJoint(Array(cj[4 * c ..< 4 * c + 4]), k: 2, labels: y)
        }
        return out
    }

    /// `count.estimate_joint(labels, pred_probs, confident_joint=..., multi_label=True)`: K × 2 × 2.
    public static func estimateJoint(_ p: PredProbs, labels: MultiLabelView, confidentJoint: [Double]? = nil,
                                     threads: Int = 0) throws(CleanlabError) -> [Double] {
        let o = try OneVsRest(p, labels, threads: threads)
        if let cj = confidentJoint { try checkJoints(cj, k: o.k) }
        var out = [Double]()
        for c in 0..<o.k {
            out += try o.withBinary(c) { (b, y) throws(CleanlabError) -> [Double] in
                // cleanlab computes the calibrated joint of every class, then estimate_joint
                // recalibrates it with the class's labels
                let cjc: [Double]
                if let cj = confidentJoint {
                    cjc = Array(cj[4 * c ..< 4 * c + 4])
                } else {
                    cjc = try Cleanlab.computeConfidentJoint(b, labels: y, calibrate: true, threads: threads).counts.map { Double($0) }
                }
                return try Cleanlab.estimateJoint(b, labels: y, confidentJoint: cjc, k: 2, threads: threads)
            }
        }
        return out
    }

    /// `multilabel_classification.filter.find_multilabel_issues_per_class(...)`: fills `masks`
    /// (K × n, class-major: masks[c * n + i]) and, when `options.rankBy` is set, returns each
    /// class's issue indices ranked by its binary label quality.
    @discardableResult
    public static func findLabelIssuesPerClass(_ p: PredProbs, labels: MultiLabelView, options: MultiLabelFilterOptions = .init(),
                                               masks: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0) throws(CleanlabError) -> [[Int]]? {
        let o = try OneVsRest(p, labels, threads: threads)
        return try perClass(o, options, masks: masks)
    }

    static func checkOptions(_ options: MultiLabelFilterOptions, k: Int) throws(CleanlabError) {
        if let cj = options.confidentJoint { try checkJoints(cj, k: k) }
        if let r = options.numToRemovePerClass, r.count != k {
            throw CleanlabError(.shape, "num_to_remove_per_class must have one entry per class (\(k)), got \(r.count)")
        }
    }

    static func perClass(_ o: OneVsRest, _ options: MultiLabelFilterOptions, masks: UnsafeMutableBufferPointer<UInt8>) throws(CleanlabError) -> [[Int]]? {
        let n = o.n, k = o.k
        if masks.count < n * k {
            throw CleanlabError(.bufferTooSmall, "the per-class masks have room for \(masks.count) entries, \(n * k) needed")
        }
        try checkOptions(options, k: k)
        var ranked: [[Int]]? = options.rankBy == nil ? nil : []
        for c in 0..<k {
            var f = FilterOptions()
            f.filterBy = options.filterBy
            f.rankBy = options.rankBy
            f.rankAdjustPredProbs = options.rankAdjustPredProbs
            f.fracNoise = options.fracNoise
            f.minExamplesPerClass = options.minExamplesPerClass
            if let r = options.numToRemovePerClass { f.numToRemovePerClass = [r[c], 0] }
            if let cj = options.confidentJoint { f.confidentJoint = Array(cj[4 * c ..< 4 * c + 4]) }
            let r = try o.withBinary(c) { (b, y) throws(CleanlabError) -> [Int]? in
                do throws(CleanlabError) {
                    return try Cleanlab.findLabelIssues(b, labels: y, options: f,
                                                        mask: UnsafeMutableBufferPointer(rebasing: masks[c * n ..< (c + 1) * n]),
                                                        threads: o.threads).ranked
                } catch {
                    throw CleanlabError(error.code, "class \(c): \(error.message)")
                }
            }
            if let r { ranked?.append(r) }
        }
        return ranked
    }

    /// `multilabel_classification.filter.find_label_issues(...)` (low_memory=False): fills `mask`
    /// (n bytes) and returns the number of issues and, when `options.rankBy` is set, the issue
    /// indices ranked as cleanlab ranks them (ties: lower index first).
    @discardableResult
    public static func findLabelIssues(_ p: PredProbs, labels: MultiLabelView, options: MultiLabelFilterOptions = .init(),
                                       mask: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0) throws(CleanlabError) -> (count: Int, ranked: [Int]?) {
        let o = try OneVsRest(p, labels, threads: threads)
        let n = o.n, k = o.k
        if mask.count < n { throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(n) needed") }
        if options.rankAdjustPredProbs && options.rankBy == .confidenceWeightedEntropy {
            throw CleanlabError(.invalidArgument, "adjust_pred_probs is not currently supported for ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY.")
        }
        if options.filterBy == .lowSelfConfidence || options.filterBy == .lowNormalizedMargin {
            // n = the confident_learning count; flag the n lowest default multi-label scores
            // cleanlab counts with find_label_issues(labels, pred_probs, confident_joint=...,
            // filter_by='confident_learning'): every other option at its default
            var cl = MultiLabelFilterOptions()
            cl.filterBy = .confidentLearning
            cl.confidentJoint = options.confidentJoint
            var masks = [UInt8](repeating: 0, count: Swift.max(n * k, 1))
            _ = try masks.withUnsafeMutableBufferPointer { mb throws(CleanlabError) in try perClass(o, cl, masks: mb) }
            var numErrors = 0
            for i in 0..<n where (0..<k).contains(where: { masks[$0 * n + i] != 0 }) { numErrors += 1 }
            let scores = try aggregate(try classScores(o, method: .selfConfidence, adjust: false, rows: nil), n: n, k: k,
                                       aggregator: .exponentialMovingAverage(alpha: 0.8))
            let selected = argsortStable(scores, Array(0..<n)).prefix(numErrors)
            for i in 0..<n { mask[i] = 0 }
            for i in selected { mask[i] = 1 }
            guard let rankBy = options.rankBy else { return (numErrors, nil) }
            let rows = (0..<n).filter { mask[$0] != 0 }
            let sub = try aggregate(try classScores(o, method: rankBy, adjust: options.rankAdjustPredProbs, rows: rows),
                                    n: rows.count, k: k, aggregator: .exponentialMovingAverage(alpha: 0.8))
            // cleanlab indexes the score-ordered selection with an argsort of the index-ordered
            // subset's scores; reproduced as is
            let perm = argsortStable(sub, Array(0..<rows.count))
            let sel = Array(selected)
            return (numErrors, perm.map { sel[$0] })
        }
        var masks = [UInt8](repeating: 0, count: Swift.max(n * k, 1))
        let ranked = try masks.withUnsafeMutableBufferPointer { mb throws(CleanlabError) in try perClass(o, options, masks: mb) }
        var count = 0
        for i in 0..<n {
            var any: UInt8 = 0
            for c in 0..<k where masks[c * n + i] != 0 { any = 1; break }
            mask[i] = any
            count += Int(any)
        }
        guard let rankBy = options.rankBy, ranked != nil else { return (count, nil) }
        let ids = (0..<n).filter { mask[$0] != 0 }
        let scores = try aggregate(try classScores(o, method: rankBy, adjust: options.rankAdjustPredProbs, rows: nil), n: n, k: k,
                                   aggregator: .exponentialMovingAverage(alpha: 0.8))
        return (count, argsortStable(scores, ids))
    }

    /// `ids` sorted by ascending `scores[id]` (ties: lower id first; NaN last).
    static func argsortStable(_ scores: [Double], _ ids: [Int]) -> [Int] {
        ids.sorted { a, b in
            let x = scores[a], y = scores[b]
            if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN && y.isNaN && a < b) }
            return x < y || (x == y && a < b)
        }
    }

    /// The per-class binary scores as a row-major n × K float64 matrix (rows: a subset, in order).
    static func classScores(_ o: OneVsRest, method: RankBy, adjust: Bool, rows: [Int]?) throws(CleanlabError) -> [Double] {
        let m = rows?.count ?? o.n, k = o.k
        if adjust && method == .confidenceWeightedEntropy {
            throw CleanlabError(.invalidArgument, "adjust_pred_probs is not currently supported for ClassLabelScorer.CONFIDENCE_WEIGHTED_ENTROPY.")
        }
        var out = [Double](repeating: 0, count: m * k)
        for c in 0..<k {
            let s = try o.withBinary(c, rows: rows) { (b, y) throws(CleanlabError) -> [Double] in
                var r = [Double](repeating: 0, count: m)
                try r.withUnsafeMutableBufferPointer { rb throws(CleanlabError) in
                    try Cleanlab.labelQualityScores(b, labels: y, method: method, adjustPredProbs: adjust, into: rb, threads: o.threads)
                }
                return r
            }
            for i in 0..<m { out[i * k + c] = s[i] }
        }
        return out
    }

    /// `multilabel_classification.rank.get_label_quality_scores_per_class(...)`: n × K row-major.
    public static func labelQualityScoresPerClass(_ p: PredProbs, labels: MultiLabelView, method: RankBy = .selfConfidence,
                                                  adjustPredProbs: Bool = false, threads: Int = 0) throws(CleanlabError) -> [Double] {
        let o = try OneVsRest(p, labels, threads: threads)
        return try classScores(o, method: method, adjust: adjustPredProbs, rows: nil)
    }

    /// `multilabel_classification.rank.get_label_quality_scores(...)`: the per-class scores
    /// aggregated per example.
    public static func labelQualityScores(_ p: PredProbs, labels: MultiLabelView, method: RankBy = .selfConfidence,
                                          adjustPredProbs: Bool = false,
                                          aggregator: MultiLabelAggregator = .exponentialMovingAverage(alpha: 0.8),
                                          threads: Int = 0) throws(CleanlabError) -> [Double] {
        let o = try OneVsRest(p, labels, threads: threads)
        return try aggregate(try classScores(o, method: method, adjust: adjustPredProbs, rows: nil), n: o.n, k: o.k, aggregator: aggregator)
    }

    /// `internal.multilabel_scorer.exponential_moving_average` / `softmin` over the rows of a
    /// row-major n × K float64 score matrix.
    public static func aggregate(_ scores: [Double], n: Int, k: Int, aggregator: MultiLabelAggregator) throws(CleanlabError) -> [Double] {
        if k < 1 || scores.count != n * k { throw CleanlabError(.shape, "scores must be \(n) x \(k) (\(n * k) entries), got \(scores.count)") }
        var out = [Double](repeating: 0, count: n)
        switch aggregator {
        case .exponentialMovingAverage(let a):
            let alpha = a ?? 2 / Double(k + 1)
            if !(alpha >= 0 && alpha <= 1) { throw CleanlabError(.invalidArgument, "alpha must be in the interval [0, 1], got \(alpha)") }
            let beta = 1 - alpha
            var row = [Double](repeating: 0, count: k)
            for i in 0..<n {
                for j in 0..<k { row[j] = scores[i * k + j] }
                // np.sort then fliplr: descending, NaN first (np.sort puts NaN last)
                row.sort { x, y in (x.isNaN && !y.isNaN) || (!x.isNaN && !y.isNaN && x > y) }
                var ema = row[0]
                for j in 1..<k { ema = alpha * row[j] + beta * ema }
                out[i] = ema
            }
        case .softmin(let t):
            if t.isNaN { throw CleanlabError(.invalidArgument, "temperature is NaN") }
            let tt = Swift.max(t, 1e-6)  // cleanlab's softmax divides by max(temperature, EPSILON)
            var x = [Double](repeating: 0, count: k)
            for i in 0..<n {
                var mx = -Double.infinity
                for j in 0..<k {
                    x[j] = (1 - scores[i * k + j]) / tt
                    mx = Swift.max(mx, x[j])
                }
                for j in 0..<k { x[j] = exp(x[j] - mx) }
                let total = x.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, count: k, as: Double.self) }
                var s = 0.0
                for j in 0..<k { s += scores[i * k + j] * (x[j] / total) }
                out[i] = s
            }
        }
        return out
    }

    /// `count.num_label_issues(labels, pred_probs, multi_label=True)`: the number of examples
    /// flagged by `find_label_issues(filter_by='confident_learning')`.
    public static func numLabelIssues(_ p: PredProbs, labels: MultiLabelView, threads: Int = 0) throws(CleanlabError) -> Int {
        var o = MultiLabelFilterOptions()
        o.filterBy = .confidentLearning
        var mask = [UInt8](repeating: 0, count: Swift.max(p.rows, 1))
        return try mask.withUnsafeMutableBufferPointer { mb throws(CleanlabError) in
            try findLabelIssues(p, labels: labels, options: o, mask: mb, threads: threads).count
        }
    }
}
