#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The algorithms of cleanlab 2.9.0's `count`, `filter` and `rank` modules on borrowed memory.
///
/// Every function validates its inputs first (shapes, label range, finite probabilities within
/// [-1e-6, 1 + 1e-6]) and throws `CleanlabError` instead of trapping. `threads == 0` uses every
/// online core; results are bit-identical for any thread count.
public enum Cleanlab {
    /// The number of online processors: the thread count used when `threads == 0`.
    public static var onlineProcessors: Int {
        Swift.max(1, Swift.min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1024))
    }

    static func resolve(_ threads: Int) -> Int {
        threads > 0 ? threads : onlineProcessors
    }

    static func checkShape(_ p: PredProbs, _ labels: LabelView) throws(CleanlabError) {
        let (rows, cols, stride): (Int, Int, Int)
        switch p {
        case .float16(let m): (rows, cols, stride) = (m.rows, m.columns, m.rowStride)
        case .float32(let m): (rows, cols, stride) = (m.rows, m.columns, m.rowStride)
        case .float64(let m): (rows, cols, stride) = (m.rows, m.columns, m.rowStride)
        }
        if rows < 0 { throw CleanlabError(.shape, "pred_probs has a negative number of rows (\(rows))") }
        if cols < 2 { throw CleanlabError(.shape, "pred_probs must have at least 2 columns (classes), got \(cols)") }
        if stride < cols { throw CleanlabError(.shape, "pred_probs row stride (\(stride) elements) is smaller than its number of columns (\(cols))") }
        if labels.count != rows {
            throw CleanlabError(.shape, "pred_probs and labels must have same length: pred_probs has \(rows) rows, labels has \(labels.count) entries")
        }
    }

    // MARK: count

    /// `count.get_confident_thresholds(labels, pred_probs)`. Values are exact copies of the
    /// thresholds cleanlab computes in the input's dtype (float64 when a class is missing).
    public static func confidentThresholds(_ p: PredProbs, labels: LabelView, threads: Int = 0) throws(CleanlabError) -> [Double] {
        try checkShape(p, labels)
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiThresholds()
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiThresholds()
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiThresholds()
        }
    }

    /// `count.compute_confident_joint(labels, pred_probs, thresholds=..., calibrate=...,
    /// return_indices_of_off_diagonals=True)`. `counts` is row-major, row = given label.
    /// `offDiagonalMask` (n bytes) receives 1 for cleanlab's off-diagonal indices.
    public static func computeConfidentJoint(
        _ p: PredProbs, labels: LabelView, thresholds: [Double]? = nil,
        thresholdsPrecision: Precision = .float64, calibrate: Bool = true,
        offDiagonalMask: UnsafeMutableBufferPointer<UInt8>? = nil, threads: Int = 0
    ) throws(CleanlabError) -> (counts: [Int64], numOffDiagonal: Int) {
        try checkShape(p, labels)
        if let t = thresholds {
            if t.count != p.columns {
                throw CleanlabError(.shape, "thresholds has \(t.count) entries but pred_probs has \(p.columns) columns")
            }
            for (c, v) in t.enumerated() where !v.isFinite {
                throw CleanlabError(.notFinite, "thresholds[\(c)] = \(v) is not finite")
            }
        }
        if let mask = offDiagonalMask, mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the off-diagonal mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        let t = thresholds.map { Thresholds(values: $0, precision: thresholdsPrecision) }
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        }
    }

    /// Label counts per class after checking the labels' range.
    static func labelCounts(_ labels: LabelView, k: Int) throws(CleanlabError) -> [Int] {
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<labels.count {
            let y = labels[i]
            if y < 0 || y >= k {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index: the confident joint is \(k) x \(k), so labels must lie in [0, \(k - 1)]")
            }
            counts[y] += 1
        }
        return counts
    }

    static func checkMatrix(_ cj: [Double], k: Int, name: String = "confident_joint") throws(CleanlabError) {
        if k < 2 { throw CleanlabError(.shape, "\(name) must be at least 2 x 2, got \(k) x \(k)") }
        if cj.count != k * k { throw CleanlabError(.shape, "\(name) must have \(k) x \(k) = \(k * k) entries, got \(cj.count)") }
        for (e, v) in cj.enumerated() where !v.isFinite {
            throw CleanlabError(.notFinite, "\(name)[\(e / k), \(e % k)] = \(v) is not finite")
        }
    }

    /// `count.calibrate_confident_joint(confident_joint, labels)`. `columnMajor`: the numpy
    /// memory order of the caller's matrix (`cj` itself is always row-major), which decides
    /// numpy's summation order.
    public static func calibrateConfidentJoint(_ cj: [Double], k: Int, labels: LabelView, columnMajor: Bool = false) throws(CleanlabError) -> [Int64] {
        try checkMatrix(cj, k: k)
        if labels.count == 0 {
            throw CleanlabError(.shape, "labels are empty: calibrating a confident joint needs at least one label")
        }
        let counts = try labelCounts(labels, k: k)
        return try CountMatrices.calibrate(cj, k: k, labelCounts: counts, columnMajor: columnMajor)
    }

    /// `count.estimate_joint(labels, pred_probs, confident_joint=...)`.
    public static func estimateJoint(_ p: PredProbs?, labels: LabelView?, confidentJoint: [Double]?, columnMajor: Bool = false,
                                     k: Int, threads: Int = 0) throws(CleanlabError) -> [Double] {
        if let cj = confidentJoint {
            try checkMatrix(cj, k: k)
            if let labels {
                return CountMatrices.normalize(try calibrateConfidentJoint(cj, k: k, labels: labels, columnMajor: columnMajor))
            }
            // cleanlab: cj / clip(float(np.sum(cj)), 1e-100), numpy summing in memory order
            var ordered = cj
            if columnMajor { for i in 0..<k { for j in 0..<k { ordered[j * k + i] = cj[i * k + j] } } }
            let total = Swift.max(pairwiseSum(ordered), 1e-100)
            return cj.map { $0 / total }
        }
        guard let p, let labels else {
            throw CleanlabError(.nullPointer, "estimate_joint needs labels and pred_probs when no confident_joint is given")
        }
        if p.columns != k {
            throw CleanlabError(.shape, "n_classes (\(k)) differs from the number of columns of pred_probs (\(p.columns))")
        }
        let (cal, _) = try computeConfidentJoint(p, labels: labels, calibrate: true, threads: threads)
        return CountMatrices.normalize(cal)
    }

    /// `count.num_label_issues(labels, pred_probs, confident_joint=..., estimation_method=...)`.
    public static func numLabelIssues(_ p: PredProbs, labels: LabelView, method: EstimationMethod = .offDiagonal,
                                      confidentJoint: [Double]? = nil, columnMajor: Bool = false,
                                      threads: Int = 0) throws(CleanlabError) -> Int {
        try checkShape(p, labels)
        if method == .offDiagonalCustom {
            guard let cj = confidentJoint else {
                throw CleanlabError(.invalidArgument, "estimation_method 'off_diagonal_custom' needs a pre-calculated confident_joint")
            }
            try checkMatrix(cj, k: p.columns)
        }
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiNumLabelIssues(method, confidentJoint, columnMajor)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiNumLabelIssues(method, confidentJoint, columnMajor)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiNumLabelIssues(method, confidentJoint, columnMajor)
        }
    }

    // MARK: filter

    /// Option checks, made after the inputs are validated (cleanlab validates inputs first).
    static func checkOptions(_ o: FilterOptions, k: Int) throws(CleanlabError) {
        if o.rankAdjustPredProbs && o.rankBy == .confidenceWeightedEntropy {
            throw CleanlabError(.invalidArgument, "adjust_pred_probs is not currently supported for confidence_weighted_entropy.")
        }
        if !(o.fracNoise > 0 && o.fracNoise <= 1) {
            throw CleanlabError(.invalidArgument, "frac_noise must be in (0, 1], got \(o.fracNoise)")
        }
        if let r = o.numToRemovePerClass {
            switch o.filterBy {
            case .confidentLearning, .predictedNeqGiven, .lowNormalizedMargin, .lowSelfConfidence:
                throw CleanlabError(.invalidArgument, "filter_by 'confident_learning', 'predicted_neq_given', 'low_normalized_margin' or 'low_self_confidence' is not supported (yet) when setting 'num_to_remove_per_class'")
            default: break
            }
            if r.count != k {
                throw CleanlabError(.shape, "num_to_remove_per_class must have one entry per class (\(k)), got \(r.count)")
            }
            for (c, v) in r.enumerated() where v < 0 {
                throw CleanlabError(.invalidArgument, "num_to_remove_per_class[\(c)] = \(v) is negative")
            }
        }
        if let cj = o.confidentJoint { try checkMatrix(cj, k: k) }
    }

    /// `filter.find_label_issues(labels, pred_probs, ...)`: fills `mask` (n bytes, 0/1) and
    /// returns the number of issues. When `options.rankBy` is set, also returns the issue
    /// indices ranked by ascending label quality (ties: lower index first).
    @discardableResult
    public static func findLabelIssues(_ p: PredProbs, labels: LabelView, options: FilterOptions = .init(),
                                       mask: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0) throws(CleanlabError) -> (count: Int, ranked: [Int]?) {
        try checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiFindLabelIssues(options, mask: mask.baseAddress!)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiFindLabelIssues(options, mask: mask.baseAddress!)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiFindLabelIssues(options, mask: mask.baseAddress!)
        }
    }

    /// Convenience form of `findLabelIssues` that allocates the mask.
    public static func findLabelIssues(_ p: PredProbs, labels: LabelView, options: FilterOptions = .init(),
                                       threads: Int = 0) throws(CleanlabError) -> (mask: [Bool], rankedIndices: [Int]?) {
        var bytes = [UInt8](repeating: 0, count: Swift.max(p.rows, 0))
        let r = try bytes.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
            try findLabelIssues(p, labels: labels, options: options, mask: b, threads: threads)
        }
        return (bytes.map { $0 != 0 }, r.ranked)
    }

    /// `filter.find_predicted_neq_given(labels, pred_probs)`: `argmax(p[i]) != labels[i]`.
    @discardableResult
    public static func findPredictedNeqGiven(_ p: PredProbs, labels: LabelView, mask: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0) throws(CleanlabError) -> Int {
        try checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiPredictedNeqGiven(mask.baseAddress!)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiPredictedNeqGiven(mask.baseAddress!)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiPredictedNeqGiven(mask.baseAddress!)
        }
    }

    // MARK: rank

    /// `rank.get_label_quality_scores(labels, pred_probs, method=..., adjust_pred_probs=...)`
    /// into `out` (n doubles). `requireValidLabels` applies cleanlab's `assert_valid_inputs`
    /// (non-empty input); the `get_*_for_each_label` functions skip it, as cleanlab does.
    public static func labelQualityScores(_ p: PredProbs, labels: LabelView, method: RankBy = .selfConfidence,
                                          adjustPredProbs: Bool = false, into out: UnsafeMutableBufferPointer<Double>,
                                          requireNonEmpty: Bool = true, threads: Int = 0) throws(CleanlabError) {
        try checkShape(p, labels)
        if out.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the score buffer has room for \(out.count) examples, \(p.rows) needed")
        }
        if requireNonEmpty && p.rows == 0 {
            throw CleanlabError(.shape, "labels and pred_probs are empty: at least one example is needed")
        }
        switch p {
        case .float16(let m): try Dataset(m: m, labels: labels, threads: resolve(threads)).apiScores(method, adjustPredProbs, out.baseAddress!)
        case .float32(let m): try Dataset(m: m, labels: labels, threads: resolve(threads)).apiScores(method, adjustPredProbs, out.baseAddress!)
        case .float64(let m): try Dataset(m: m, labels: labels, threads: resolve(threads)).apiScores(method, adjustPredProbs, out.baseAddress!)
        }
    }

    /// Convenience form of `labelQualityScores` that allocates the result.
    public static func labelQualityScores(_ p: PredProbs, labels: LabelView, method: RankBy = .selfConfidence,
                                          adjustPredProbs: Bool = false, threads: Int = 0) throws(CleanlabError) -> [Double] {
        var out = [Double](repeating: 0, count: Swift.max(p.rows, 0))
        try out.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
            try labelQualityScores(p, labels: labels, method: method, adjustPredProbs: adjustPredProbs, into: b, threads: threads)
        }
        return out
    }

    /// `rank.order_label_issues(label_issues_mask, labels, pred_probs, rank_by=..., rank_by_kwargs=...)`.
    public static func orderLabelIssues(_ p: PredProbs, labels: LabelView, mask: UnsafeBufferPointer<UInt8>,
                                        rankBy: RankBy = .selfConfidence, adjustPredProbs: Bool = false,
                                        threads: Int = 0) throws(CleanlabError) -> [Int] {
        try checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.shape, "label_issues_mask has \(mask.count) entries, pred_probs has \(p.rows) rows")
        }
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiOrder(mask.baseAddress!, rankBy, adjustPredProbs)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiOrder(mask.baseAddress!, rankBy, adjustPredProbs)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: resolve(threads)).apiOrder(mask.baseAddress!, rankBy, adjustPredProbs)
        }
    }

    /// `rank.find_top_issues(quality_scores, top=...)`: indices of the `top` lowest scores,
    /// lowest first (ties: lower index first; NaN last). nil = all.
    public static func findTopIssues(_ scores: UnsafeBufferPointer<Double>, top: Int?) -> [Int] {
        let sel = lowestScores(scores, top: top)
        var r = sel.selection?.sortedIndices(0) ?? []
        if r.count < sel.count { r.append(contentsOf: sel.nans.prefix(sel.count - r.count)) }
        return r
    }

    /// The `top` lowest scores (ties: lower index first; NaN after every number, lower index
    /// first), unordered: a selection plus the NaN indices needed to reach `top`.
    static func lowestScores(_ scores: UnsafeBufferPointer<Double>, top: Int?)
        -> (selection: WideSelection?, nans: [Int], count: Int)
    {
        let n = scores.count
        let t = Swift.min(Swift.max(top ?? n, 0), n)
        if t == 0 { return (nil, [], 0) }
        let sel = WideSelection(capacities: [t], largestFirst: false)
        var nanIdx = [Int]()
        for i in 0..<n {
            let v = scores[i]
            if v.isNaN { if nanIdx.count < t { nanIdx.append(i) } } else { sel.offer(0, key: v, index: i) }
        }
        sel.finish()
        return (sel, nanIdx, t)
    }
}

// MARK: - The typed implementations

extension Dataset {
    func checkClasses(_ stats: LabelStats, allowAllZero: Bool) throws(CleanlabError) {
        if n == 0 {
            throw CleanlabError(.shape, "labels and pred_probs are empty: at least one example is needed")
        }
        if stats.distinct < 2 {
            if allowAllZero && stats.counts[0] == n { return }
            throw CleanlabError(.tooFewClasses, "Labels must contain at least 2 classes.")
        }
    }

    func apiThresholds() throws(CleanlabError) -> [Double] {
        let stats = try labelPass()
        return try thresholds(stats, validate: true).values
    }

    /// The raw confident joint with the diagonal clipped to ≥ 1, as `[Int64]`.
    static func clippedJoint(_ raw: [Int], k: Int) -> [Int64] {
        var cj = raw.map { Int64($0) }
        for c in 0..<k where cj[c * k + c] < 1 { cj[c * k + c] = 1 }
        return cj
    }

    func apiConfidentJoint(_ userThresholds: Thresholds?, calibrate: Bool,
                           mask: UnsafeMutableBufferPointer<UInt8>?) throws(CleanlabError) -> ([Int64], Int) {
        if n == 0 && calibrate {
            // cleanlab's calibration fails on empty labels (max of an empty array)
            throw CleanlabError(.shape, "labels and pred_probs are empty: calibrating the confident joint needs at least one example")
        }
        let stats = try labelPass()
        // the joint pass validates pred_probs unless the thresholds' gather did
        let t: Thresholds, validateInJoint: Bool
        if let userThresholds {
            (t, validateInJoint) = (userThresholds, true)
        } else {
            (t, validateInJoint) = try thresholdsForJoint(stats)
        }
        let flags = mask?.baseAddress ?? UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1))
        defer { if mask == nil { flags.deallocate() } }
        let raw = try jointPass(cutoffs: cutoffs(t), flags: flags, validate: validateInJoint)
        let off = Dataset.keepFlag(RowFlag.offDiagonal, in: flags, count: n)
        var cj = Dataset.clippedJoint(raw, k: k)
        if calibrate {
            cj = try CountMatrices.calibrate(cj.map { Double($0) }, k: k, labelCounts: stats.counts, columnMajor: true, threads: threads)
        }
        return (cj, off)
    }

    func apiNumLabelIssues(_ method: EstimationMethod, _ userJoint: [Double]?, _ userColumnMajor: Bool) throws(CleanlabError) -> Int {
        let stats = try labelPass()
        try checkClasses(stats, allowAllZero: false)
        switch method {
        case .offDiagonal:
            let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1))
            defer { flags.deallocate() }
            let (t, validateInJoint) = try thresholdsForJoint(stats)
            _ = try jointPass(cutoffs: cutoffs(t), flags: flags, validate: validateInJoint)
            var count = 0
            for i in 0..<n where flags[i] & (RowFlag.offDiagonal | RowFlag.givenIsArgmax) == RowFlag.offDiagonal { count += 1 }
            return count
        case .offDiagonalCalibrated, .offDiagonalCustom:
            let cj: [Double]
            var columnMajor = false
            if method == .offDiagonalCustom {
                // cleanlab computes (and so validates) pred_probs' thresholds before using the joint
                _ = try thresholds(stats, validate: true)
                cj = userJoint!
                columnMajor = userColumnMajor
            } else {
                // compute_confident_joint(calibrate=True) calibrates its own (column-major) joint
                // and returns a row-major one, which estimate_joint calibrates again.
                let flags = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1))
                defer { flags.deallocate() }
                let (t, validateInJoint) = try thresholdsForJoint(stats)
                let raw = try jointPass(cutoffs: cutoffs(t), flags: flags, validate: validateInJoint)
                cj = try CountMatrices.calibrate(Dataset.clippedJoint(raw, k: k).map { Double($0) }, k: k, labelCounts: stats.counts, columnMajor: true, threads: threads).map { Double($0) }
            }
            let joint = CountMatrices.normalize(try CountMatrices.calibrate(cj, k: k, labelCounts: stats.counts, columnMajor: columnMajor, threads: threads))
            let frac = CountMatrices.offDiagonalMass(joint, k: k)
            let v = (frac * Double(n)).rounded(.toNearestOrEven)
            guard v.isFinite && abs(v) < 9e18 else {
                throw CleanlabError(.numeric, "the estimated number of label issues is not finite")
            }
            return Int(v)
        }
    }

    func apiPredictedNeqGiven(_ mask: UnsafeMutablePointer<UInt8>) throws(CleanlabError) -> Int {
        let stats = try labelPass()
        try checkClasses(stats, allowAllZero: false)
        _ = try jointPass(cutoffs: [T](repeating: T.infinity, count: k), flags: mask, validate: true)
        return Dataset.keepFlag(RowFlag.predictedNeqGiven, in: mask, count: n)
    }

    /// Replaces each of `flags[0..<count]` by 1 where it has `bit` (one `RowFlag`) set, else 0,
    /// and returns how many are 1. Eight flags a word: the byte loop did not vectorise (~0.5 ms
    /// of 1e6 x 10 compute_confident_joint, on one thread).
    static func keepFlag(_ bit: UInt8, in flags: UnsafeMutablePointer<UInt8>, count n: Int) -> Int {
        precondition(bit.nonzeroBitCount == 1, "keepFlag takes one flag bit")
        let shift = UInt64(bit.trailingZeroBitCount)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let bytes = UnsafeMutableRawPointer(flags)
        var kept = 0
        let words = n / 8
        for w in 0..<words {
            let o = (bytes.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self) >> shift) & ones
            kept &+= o.nonzeroBitCount
            bytes.storeBytes(of: o, toByteOffset: w &* 8, as: UInt64.self)
        }
        for i in (words &* 8)..<n {
            let o = (flags[i] >> UInt8(shift)) & 1
            kept &+= Int(o)
            flags[i] = o
        }
        return kept
    }

    func apiScores(_ method: RankBy, _ adjust: Bool, _ out: UnsafeMutablePointer<Double>) throws(CleanlabError) {
        let stats = try labelPass()
        if !adjust && (method == .selfConfidence || method == .normalizedMargin) {
            // one read: each block validated, then scored while in cache (the scores of a
            // failing call are left partly written, as the API allows)
            return try validatedScores(method: method, out: out)
        }
        try probabilityPass()
        try Dataset.checkScoring(method, adjust)
        if method == .confidenceWeightedEntropy { try probabilityPass(unitInterval: true) }
        scores(method: method, adjust: adjust ? thresholds(stats) : nil, out: out)
    }

    /// Ranks the flagged rows (`mask[i] != 0`) by ascending score.
    ///
    /// Only the flagged rows are scored (each score depends on its own row alone), into a
    /// buffer of their count; the stable sort keeps ascending row order among equal scores.
    ///
    /// `known` holds every row's score of this method already (the low_* filters'): it is read
    /// instead of scoring again.
    /// (`releaseKnown`, if given, is called once the flagged rows' scores are copied out of
    /// `known`, before the sort allocates: a caller freeing `known` there keeps n doubles out of
    /// the peak.)
    func rank(_ mask: UnsafePointer<UInt8>, _ method: RankBy, _ adjust: Thresholds?, known: UnsafePointer<Double>? = nil,
              releaseKnown: (() -> Void)? = nil) -> [Int] {
        // counted, then compacted without a data-dependent branch ((v + 255) >> 8 is 1 for a
        // nonzero byte v; `!= 0 ? 1 : 0` compiled to a branch, mispredicted on random masks)
        @inline(__always) func flagged(_ i: Int) -> Int { Int(truncatingIfNeeded: (UInt(mask[i]) &+ 255) >> 8) }
        var m = 0
        for i in 0..<n { m &+= flagged(i) }
        if m == 0 { return [] }
        let ids = [Int](unsafeUninitializedCapacity: m + 1) { b, count in
            var e = 0
            for i in 0..<n {
                b[e] = i   // overwritten by the next row unless this one is flagged
                e &+= flagged(i)
            }
            count = m
        }
        let buf = UnsafeMutablePointer<Double>.allocate(capacity: m)
        defer { buf.deallocate() }
        if let known {
            for e in 0..<m { buf[e] = known[ids[e]] }
            releaseKnown?()
        } else {
            ids.withUnsafeBufferPointer { scores(method: method, adjust: adjust, out: buf, rows: $0.baseAddress!, rowCount: m) }
        }
        return argsortAscending(UnsafeBufferPointer(start: buf, count: m), ids, compactKeys: true)
    }

    static func checkScoring(_ method: RankBy, _ adjust: Bool) throws(CleanlabError) {
        if adjust && method == .confidenceWeightedEntropy {
            throw CleanlabError(.invalidArgument, "adjust_pred_probs is not currently supported for confidence_weighted_entropy.")
        }
    }

    func apiOrder(_ mask: UnsafePointer<UInt8>, _ method: RankBy, _ adjust: Bool) throws(CleanlabError) -> [Int] {
        let stats = try labelPass()
        try checkClasses(stats, allowAllZero: true)
        try probabilityPass()
        try Dataset.checkScoring(method, adjust)
        if method == .confidenceWeightedEntropy { try probabilityPass(unitInterval: true) }
        return rank(mask, method, adjust ? thresholds(stats) : nil)
    }

    func apiFindLabelIssues(_ o: FilterOptions, mask: UnsafeMutablePointer<UInt8>) throws(CleanlabError) -> (count: Int, ranked: [Int]?) {
        let stats = try labelPass()
        // cleanlab accepts all-zero labels in find_label_issues itself, but the helpers that
        // predicted_neq_given and the low_* filters call (find_predicted_neq_given,
        // num_label_issues) reject a single class.
        let oneClassCallee = [.predictedNeqGiven, .lowNormalizedMargin, .lowSelfConfidence].contains(o.filterBy)
        try checkClasses(stats, allowAllZero: !oneClassCallee)
        // pred_probs is validated by the gather or by the joint pass, which throws before its
        // outputs are used
        // prune_by_class and both keep the thresholds' gather of p[i, y_i] as their keys, and
        // prune_by_noise_rate from 32 classes until its pruning pass has drawn starting cutoffs
        // from it (selfBoundCutoffs); the other filters free the gather at once
        let pruning = [.pruneByNoiseRate, .both].contains(o.filterBy) && k >= 32
        let selfBounds = pruning && T.self != Float16.self
        let keepGather = o.filterBy == .pruneByClass || o.filterBy == .both || selfBounds
        // predicted_neq_given's flags (the first argmax, cleanlab's 1e-6 test) do not depend on
        // the thresholds: its joint pass validates every row and counts nothing (cutoffs of
        // +infinity), and the thresholds are computed only for a ranking by adjusted pred_probs
        // (1e6 x 100 float32: one read of pred_probs instead of the gather and the joint pass)
        let needsThresholds = o.filterBy != .predictedNeqGiven
        let t: Thresholds?, validateInJoint: Bool
        var classKeys: (gathered: SharedBuffer<T>, stats: LabelStats)? = nil
        if keepGather {
            let r = try gatheredThresholdsForJoint(stats)
            (t, validateInJoint, classKeys) = (r.thresholds, r.validateInJoint, (r.gathered, stats))
        } else if needsThresholds {
            (t, validateInJoint) = try thresholdsForJoint(stats)
        } else {
            (t, validateInJoint) = (nil, true)
        }
        let flags = mask
        // The pruning filters' per-row data from the joint pass (`pruning`: K >= 32) pays for
        // its extra work only on wide rows (measured: 1e6 x 100 float32 prune_by_noise_rate
        // 460 -> 350 ms with the row bound; at K = 10 it was a loss). float32 / float64 up to
        // 256 classes: the pruning pass's hints (PruneHints); else the row bound
        let hinted = pruning && T.self != Float16.self && PruneHints<T>.supports(k: k)
        let hints: PruneHints<T>? = hinted ? PruneHints(n: n, k: k) : nil
        let maxOther: UnsafeMutablePointer<T>? = pruning && !hinted ? .allocate(capacity: Swift.max(n, 1)) : nil
        // (freed as soon as the pruning pass is done, before any ranking allocates)
        var pruningScratch = true
        func freePruningScratch() {
            if pruningScratch { hints?.deallocate(); maxOther?.deallocate(); pruningScratch = false }
        }
        defer { freePruningScratch() }
        // the low_* filters' scores, written by the joint pass where it can (no second read)
        let lowMethod: RankBy? = o.filterBy == .lowSelfConfidence ? .selfConfidence
            : o.filterBy == .lowNormalizedMargin ? .normalizedMargin : nil
        let scoreBuf: UnsafeMutablePointer<Double>? = lowMethod != nil ? .allocate(capacity: Swift.max(n, 1)) : nil
        // (freed by a ranking as soon as it has copied the scores it needs: 1e6 x 100 float64
        // low_self_confidence ranked, 2 threads, peak 24.9 -> 18.3 B/ex)
        var scoresHeld = scoreBuf != nil
        func freeScores() {
            if scoresHeld { scoreBuf?.deallocate(); scoresHeld = false }
        }
        defer { freeScores() }
        let scoresInJoint = lowMethod.map { jointPassScores($0) } ?? false
        let raw = try jointPass(cutoffs: t.map { cutoffs($0) } ?? [T](repeating: .infinity, count: k), flags: flags, maxOther: maxOther,
                                scores: scoresInJoint ? (scoreBuf!, lowMethod!) : nil, hints: hints, validate: validateInJoint)
        try Cleanlab.checkOptions(o, k: k)
        let keepBit = RowFlag.givenIsArgmax
        let selectedBit: UInt8 = 8
        let selectedBit2: UInt8 = 16
        // a row is an issue when its flags hold every bit of `need` and no bit of `keep`: one
        // pass over the flags at the end, whatever the filter
        var need = selectedBit
        var keep = keepBit

        switch o.filterBy {
        case .confidentLearning:
            need = RowFlag.offDiagonal
        case .predictedNeqGiven:
            need = RowFlag.predictedNeqGiven
        case .lowSelfConfidence, .lowNormalizedMargin:
            var numErrors = 0
            for i in 0..<n where flags[i] & (RowFlag.offDiagonal | keepBit) == RowFlag.offDiagonal { numErrors += 1 }
            let buf = scoreBuf!
            if !scoresInJoint { scores(method: lowMethod!, adjust: nil, out: buf) }
            // find_top_issues' set; the order does not matter for the mask
            // the radix select costs two or more passes with a 2^16-entry histogram: worth it for
            // many rows
            let marked = n < 1 << 16 ? markLowestFloatKeys(buf, count: n, top: numErrors, { flags[$0] |= selectedBit })
                : markLowestScores(buf, count: n, top: numErrors, { flags[$0] |= selectedBit })
            if !marked {
                let low = Cleanlab.lowestScores(UnsafeBufferPointer(start: buf, count: n), top: numErrors)
                low.selection?.markIndices(flags, selectedBit)
            }
            // cleanlab does not apply _reduce_issues to the low_* filters
            keep = 0
        case .pruneByNoiseRate, .pruneByClass, .both:
            let cj: [Double]
            if let user = o.confidentJoint {
                cj = user
            } else {
                cj = try CountMatrices.calibrate(Dataset.clippedJoint(raw, k: k).map { Double($0) }, k: k, labelCounts: stats.counts, columnMajor: true, threads: threads).map { Double($0) }
            }
            let pcmD = transposed(cj, k: k)
            let columnsContiguous = !(o.confidentJoint != nil && o.confidentJointColumnMajor)
            var pcm = try CountMatrices.keepAtLeastNPerClass(pcmD, k: k, n: o.minExamplesPerClass, fracNoise: o.fracNoise,
                                                             columnsContiguous: columnsContiguous, threads: threads)
            if let r = o.numToRemovePerClass {
                pcm = try CountMatrices.applyNumToRemove(pcm, k: k, numToRemove: r, labelCounts: stats.counts)
            }
            let eligible = stats.counts.map { $0 > o.minExamplesPerClass && $0 > 1 }
            let byNoise = o.filterBy != .pruneByClass
            let byClass = o.filterBy != .pruneByNoiseRate
            if byNoise && byClass && hints == nil && maxOther == nil && (classKeys == nil || n < 1 << 16) {
                // 'both' in one pass (one read of the labels for both selections; K < 32, where
                // there are no hints and no row bound). From 65,536 rows prune_by_class's
                // selections come from the gather instead (markClassSelections, after the
                // noise-rate pass): 1e6 x 10 float32 20.8 -> 19.3 ms; at 1000 x 10 the one pass
                // is ~1 us faster
                let sel = prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: true,
                                    classKeys: classKeys, rowFlags: UnsafePointer(flags))
                classKeys = nil
                sel.noiseRate?.markIndices(flags, selectedBit)
                sel.byClass?.markIndices(flags, selectedBit2)
            } else {
                // with the hints or the row bound (K >= 32), 'both' runs its two selections one
                // after the other, each freed before the next is built, the hints freed in
                // between (1e6 x 100 float32: peak 32.5 -> 27.1 B/ex; at K = 10 the second
                // pass cost 10 %). prune_by_class's selections come first where the gather
                // gives them (markClassSelections): the gather is then freed by the pruning
                // pass before it builds its selections, instead of living through it (1e6 x 100
                // 'both', 2 threads: peak 26.2 -> 22.2 B/ex float32, 39.9 -> 31.7 float64)
                var classMarked = false
                let classCaps = byClass ? Dataset.classCapacities(pcm: pcm, counts: stats.counts, eligible: eligible) : []
                if byNoise && byClass, let ck = classKeys,
                   markClassSelections(caps: classCaps, gathered: ck.gathered.pointer, stats: ck.stats, flags: flags, bit: selectedBit2) {
                    classMarked = true
                }
                if byNoise {
                    // (the gather lent to the pruning pass, which frees it when it holds the last
                    // reference: prune_by_noise_rate)
                    let selfValues = selfBounds ? classKeys.map { SelfValues(values: $0.gathered, counts: stats.counts) } : nil
                    if !byClass || classMarked { classKeys = nil }
                    do {
                        let sel = prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: true, byClass: false,
                                            maxOther: maxOther.map { UnsafePointer($0) }, hints: hints,
                                            rowFlags: UnsafePointer(flags), selfValues: selfValues)
                        sel.noiseRate?.markIndices(flags, selectedBit)
                    }
                    freePruningScratch()
                }
                if byClass && !classMarked {
                    // from the gather where it can (see markClassSelections), else by a pass
                    if let ck = classKeys,
                       markClassSelections(caps: classCaps, gathered: ck.gathered.pointer, stats: ck.stats, flags: flags, bit: selectedBit2) {
                        classKeys = nil
                    } else {
                        let sel = prunePass(pcm: pcm, counts: stats.counts, eligible: eligible, byNoiseRate: false, byClass: true,
                                            classKeys: classKeys, rowFlags: UnsafePointer(flags))
                        classKeys = nil
                        sel.byClass?.markIndices(flags, selectedBit2)
                    }
                }
            }
            if o.filterBy == .both {
                need = selectedBit | selectedBit2
            } else if o.filterBy == .pruneByClass {
                need = selectedBit2
            }
        }
        var count = 0
        for i in 0..<n {
            let f = flags[i]
            // (1 when no bit of need is missing and no bit of keep is set: by arithmetic, as
            // the `? 1 : 0` form compiled to branches)
            let miss = Int(((f & need) ^ need) | (f & keep))
            let issue = UInt8(truncatingIfNeeded: ((miss &- 1) >> 8) & 1)
            flags[i] = issue
            count &+= Int(issue)
        }
        var ranked: [Int]? = nil
        if let method = o.rankBy {
            if method == .confidenceWeightedEntropy { try probabilityPass(unitInterval: true) }
            // the low_* filters' scores serve a ranking by the same unadjusted method
            let known = method == lowMethod && !o.rankAdjustPredProbs ? scoreBuf.map { UnsafePointer($0) } : nil
            var adjust: Thresholds? = nil
            if o.rankAdjustPredProbs { adjust = if let t { t } else { try thresholds(stats, validate: false) } }
            if known == nil { freeScores() }
            ranked = rank(UnsafePointer(flags), method, adjust, known: known, releaseKnown: freeScores)
        }
        return (count, ranked)
    }
}
