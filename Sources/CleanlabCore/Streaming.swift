// Exact streaming: `filter.find_label_issues` (every filter_by), `rank.get_label_quality_scores`
// and `count.num_label_issues` over pred_probs fed in row blocks, in a few sequential passes.
//
// The labels are given up front (n integers), or arrive with the blocks of pass 1 (then n is the
// number of rows pass 1 receives). pred_probs is never held: each pass reads the rows
// in order, in blocks of any size, and keeps only per-example scalars (the given label's
// probability, one byte of flags, and the score arrays that are asked for) plus K × K counts.
//
//   pass 1  validation; p[i, y_i] of every row. At its end: the confident thresholds, computed
//           from the stored p[i, y_i] gathered by class in row order — exactly numpy's pairwise
//           mean, wherever the block boundaries fell.
//   pass 2  the confident joint and per-row flags (the in-memory fused pass, on each block),
//           scores (adjusted ones need the thresholds). At its end: the prune count matrix.
//   pass 3  prune_by_noise_rate / prune_by_class / both only: bounded top-c selections under a
//           total order (key, then lower index), which do not depend on how rows are split.
//
// Every block is processed by the same code as the in-memory functions, so the answers are
// bit-identical to `Cleanlab.findLabelIssues` for every block size and thread count.

/// What a stream computes besides `find_label_issues(options.filter)`.
public struct StreamOptions: Sendable {
    /// The options of `filter.find_label_issues`.
    public var filter: FilterOptions = .init()
    /// `rank.get_label_quality_scores(method=...)` scores to keep, or nil for none.
    public var qualityMethod: RankBy? = nil
    /// `get_label_quality_scores(adjust_pred_probs=True)`.
    public var qualityAdjustPredProbs: Bool = false
    /// Worker threads per block (0 = every online core). Results never depend on it.
    public var threads: Int = 0
    public init() {}
}

/// An exact, multi-pass, block-wise `find_label_issues`.
///
/// Protocol (one thread at a time per stream):
/// ```
/// let s = try LabelIssueStream(labels: l, classes: K, options: o)
/// while try s.beginPass() {
///     for block in blocks { try s.feed(block, firstRow: start) }   // rows in order, no gaps
///     try s.endPass()
/// }
/// let (mask, count, ranked) = try s.result()
/// ```
/// Protocol mistakes (a block out of order, overlapping or past the end, a wrong number of
/// columns, a dtype differing from the first block, a pass ended early, a call in the wrong
/// state) throw and leave the stream as it was. Data errors (NaN, probabilities out of range,
/// rows differing between passes) and numeric failures throw and make the stream unusable:
/// every later call rethrows that error.
public final class LabelIssueStream {
    /// The number of examples (known at creation, or at the end of pass 1 when the labels are
    /// streamed with the blocks).
    public private(set) var n: Int
    public let k: Int
    /// Whether the labels arrive with the blocks of pass 1 (`init(classes:options:)`).
    public let labelsStreamed: Bool
    var labels: UnsafeMutablePointer<Int64>
    var labelCapacity: Int
    var counts: [Int]
    var distinct: Int
    public let options: StreamOptions
    let threads: Int
    /// The number of passes over pred_probs: 3 for the prune_by_* filters, else 2.
    public let passCount: Int
    /// The passes completed so far.
    public private(set) var passesDone = 0
    /// Whether a pass is in progress (between `beginPass` and `endPass`).
    public private(set) var inPass = false
    /// The next row a block must start at during a pass.
    public private(set) var nextRow = 0
    var failure: CleanlabError? = nil
    var backend: StreamBackend? = nil
    var dtype: Precision? = nil

    /// Validates the labels (range, at least one example, classes as `find_label_issues`
    /// requires) and the options, and copies the labels.
    public convenience init(labels: LabelView, classes k: Int, options: StreamOptions = .init()) throws(CleanlabError) {
        try self.init(labels: Optional(labels), classes: k, options: options)
    }

    /// A stream whose labels arrive with the blocks of pass 1 (`feed(_:labels:firstRow:)`); n is
    /// the number of rows pass 1 receives. The label checks of `init(labels:...)` happen as the
    /// labels arrive (range) and at the end of pass 1 (n > 0, classes).
    public convenience init(classes k: Int, options: StreamOptions = .init()) throws(CleanlabError) {
        try self.init(labels: nil, classes: k, options: options)
    }

    static func checkLabel(_ y: Int, at i: Int, k: Int) throws(CleanlabError) {
        if y < 0 {
            throw CleanlabError(.labelRange, "labels[\(i)] = \(y): labels must be non-negative integers (class indices)")
        }
        if y >= k {
            throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index: there are \(k) classes, so labels must lie in [0, \(k - 1)]")
        }
    }

    /// find_label_issues' checks of the whole label set.
    static func checkClasses(counts: [Int], n: Int, filterBy: FilterBy) throws(CleanlabError) {
        if n == 0 { throw CleanlabError(.shape, "labels are empty: at least one example is needed") }
        let distinct = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        // as apiFindLabelIssues: the filters that call num_label_issues / find_predicted_neq_given
        // reject a single class; the others accept all-zero labels.
        let oneClassCallee = [.predictedNeqGiven, .lowNormalizedMargin, .lowSelfConfidence].contains(filterBy)
        if distinct < 2 && !(!oneClassCallee && counts[0] == n) {
            throw CleanlabError(.tooFewClasses, "Labels must contain at least 2 classes.")
        }
    }

    init(labels: LabelView?, classes k: Int, options: StreamOptions) throws(CleanlabError) {
        if k < 2 { throw CleanlabError(.shape, "n_classes must be >= 2, got \(k)") }
        let n = labels?.count ?? 0
        var counts = [Int](repeating: 0, count: k)
        if let labels {
            for i in 0..<n {
                let y = labels[i]
                try LabelIssueStream.checkLabel(y, at: i, k: k)
                counts[y] += 1
            }
            try LabelIssueStream.checkClasses(counts: counts, n: n, filterBy: options.filter.filterBy)
        }
        let distinct = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let o = options.filter
        try Cleanlab.checkOptions(o, k: k)
        if let q = options.qualityMethod { try Dataset<Double>.checkScoring(q, options.qualityAdjustPredProbs) }
        if options.threads < 0 { throw CleanlabError(.invalidArgument, "threads must be >= 0, got \(options.threads)") }
        self.n = n
        self.k = k
        self.labelsStreamed = labels == nil
        self.counts = counts
        self.distinct = distinct
        self.options = options
        self.threads = Cleanlab.resolve(options.threads)
        self.passCount = [.pruneByNoiseRate, .pruneByClass, .both].contains(o.filterBy) ? 3 : 2
        labelCapacity = Swift.max(n, 1)
        let copy = UnsafeMutablePointer<Int64>.allocate(capacity: labelCapacity)
        if let labels { for i in 0..<n { copy[i] = Int64(labels[i]) } }
        self.labels = copy
    }

    /// Room for `count` labels (streamed labels grow the buffer).
    func reserveLabels(_ count: Int) {
        if count <= labelCapacity { return }
        let cap = Swift.max(count, labelCapacity * 2)
        let p = UnsafeMutablePointer<Int64>.allocate(capacity: cap)
        p.update(from: labels, count: nextRow)
        labels.deallocate()
        labels = p
        labelCapacity = cap
    }

    deinit { labels.deallocate() }

    /// Whether every pass is done (results are available).
    public var isComplete: Bool { failure == nil && passesDone == passCount }

    func checkUsable() throws(CleanlabError) {
        if let f = failure {
            throw CleanlabError(f.code, "the stream failed earlier and cannot continue: \(f.message)")
        }
    }

    /// Starts the next pass. Returns false (and starts nothing) when every pass is done.
    public func beginPass() throws(CleanlabError) -> Bool {
        try checkUsable()
        if inPass {
            throw CleanlabError(.invalidArgument, "pass \(passesDone + 1) is in progress: end it before beginning another")
        }
        if passesDone == passCount { return false }
        inPass = true
        nextRow = 0
        return true
    }

    /// Feeds rows `firstRow ..< firstRow + block.rows` of pred_probs to the current pass, with
    /// their labels: required in pass 1 of a stream created without labels; otherwise optional
    /// and checked against the labels the stream has.
    public func feed(_ block: PredProbs, labels blockLabels: LabelView? = nil, firstRow: Int) throws(CleanlabError) {
        try checkUsable()
        if !inPass {
            throw CleanlabError(.invalidArgument, passesDone == passCount
                ? "every pass is done: no more blocks are needed"
                : "no pass is in progress: begin a pass before feeding blocks")
        }
        let rows = block.rows, cols = block.columns
        if rows < 0 { throw CleanlabError(.shape, "the block has a negative number of rows (\(rows))") }
        if cols != k {
            throw CleanlabError(.shape, "the block has \(cols) columns but the stream has \(k) classes")
        }
        let stride: Int
        let prec: Precision
        switch block {
        case .float16(let m): stride = m.rowStride; prec = .float16
        case .float32(let m): stride = m.rowStride; prec = .float32
        case .float64(let m): stride = m.rowStride; prec = .float64
        }
        if stride < cols {
            throw CleanlabError(.shape, "the block's row stride (\(stride) elements) is smaller than its number of columns (\(cols))")
        }
        if firstRow != nextRow {
            let what = firstRow < nextRow ? "overlaps rows already fed" : "leaves a gap"
            throw CleanlabError(.shape, "the block starts at row \(firstRow) but the next row of pass \(passesDone + 1) is \(nextRow): it \(what) (feed blocks in row order, each starting where the previous one ended)")
        }
        let appending = labelsStreamed && passesDone == 0
        if !appending && rows > n - firstRow {
            throw CleanlabError(.shape, "the block's rows \(firstRow)..<\(firstRow + rows) run past the end of the data (\(n) rows)")
        }
        if appending && blockLabels == nil {
            throw CleanlabError(.nullPointer, "the stream was created without labels: pass 1 needs the labels of every block")
        }
        if let bl = blockLabels {
            if bl.count != rows {
                throw CleanlabError(.shape, "the block has \(rows) rows but \(bl.count) labels")
            }
            for r in 0..<rows {
                let y = bl[r]
                if appending {
                    try LabelIssueStream.checkLabel(y, at: firstRow + r, k: k)
                } else if Int64(y) != labels[firstRow + r] {
                    throw CleanlabError(.invalidArgument, "labels[\(firstRow + r)] = \(y) differs from the label the stream has (\(labels[firstRow + r])): every pass must feed the same labels")
                }
            }
        }
        if let d = dtype, d != prec {
            throw CleanlabError(.dtype, "the block's dtype (\(name(prec))) differs from the first block's (\(name(d))): every block must have the same dtype")
        }
        if backend == nil {
            dtype = prec
            switch block {
            case .float16: backend = TypedStream<Float16>(self)
            case .float32: backend = TypedStream<Float>(self)
            case .float64: backend = TypedStream<Double>(self)
            }
        }
        if rows == 0 { return }
        if appending {
            let bl = blockLabels!
            reserveLabels(firstRow + rows)
            for r in 0..<rows {
                let y = bl[r]
                labels[firstRow + r] = Int64(y)
                counts[y] += 1
            }
        }
        do {
            try backend!.feed(block, first: firstRow, pass: passesDone)
        } catch {
            failure = error
            throw error
        }
        nextRow = firstRow + rows
    }

    func name(_ p: Precision) -> String {
        switch p {
        case .float16: return "float16"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// Ends the current pass: every row must have been fed.
    public func endPass() throws(CleanlabError) {
        try checkUsable()
        if !inPass { throw CleanlabError(.invalidArgument, "no pass is in progress: nothing to end") }
        if labelsStreamed && passesDone == 0 {
            do {
                try LabelIssueStream.checkClasses(counts: counts, n: nextRow, filterBy: options.filter.filterBy)
            } catch {
                failure = error
                throw error
            }
            n = nextRow
            distinct = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        }
        if nextRow != n {
            throw CleanlabError(.shape, "pass \(passesDone + 1) received rows 0..<\(nextRow) of \(n): feed the missing rows before ending the pass")
        }
        do {
            try backend!.endPass(passesDone)
        } catch {
            failure = error
            throw error
        }
        inPass = false
        passesDone += 1
    }

    func checkComplete(_ what: String) throws(CleanlabError) -> StreamBackend {
        try checkUsable()
        if passesDone < passCount || backend == nil {
            throw CleanlabError(.invalidArgument, "\(what) is available after all \(passCount) passes; \(passesDone) done")
        }
        return backend!
    }

    /// find_label_issues' result: writes the mask (n bytes, 0/1) and returns the number of
    /// issues and, when `options.filter.rankBy` is set, the ranked issue indices.
    @discardableResult
    public func result(mask: UnsafeMutableBufferPointer<UInt8>) throws(CleanlabError) -> (count: Int, ranked: [Int]?) {
        let b = try checkComplete("the result")
        if mask.count < n {
            throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(n) needed")
        }
        let r = b.result()
        mask.baseAddress!.update(from: r.mask, count: n)
        return (r.count, r.ranked)
    }

    /// Convenience form of `result(mask:)`.
    public func result() throws(CleanlabError) -> (mask: [Bool], count: Int, ranked: [Int]?) {
        let b = try checkComplete("the result")
        let r = b.result()
        return ((0..<n).map { r.mask[$0] != 0 }, r.count, r.ranked)
    }

    /// `get_label_quality_scores(method=options.qualityMethod, adjust_pred_probs=...)`.
    public func qualityScores(into out: UnsafeMutableBufferPointer<Double>) throws(CleanlabError) {
        let b = try checkComplete("the quality scores")
        guard let q = options.qualityMethod else {
            throw CleanlabError(.invalidArgument, "the stream was created without a quality score method")
        }
        if out.count < n {
            throw CleanlabError(.bufferTooSmall, "the score buffer has room for \(out.count) examples, \(n) needed")
        }
        out.baseAddress!.update(from: b.scores(q, options.qualityAdjustPredProbs)!, count: n)
    }

    /// The quality scores of rows `range`, available for rows already fed in pass 2 (and for
    /// every row once pass 2 is done).
    public func qualityScores(range: Range<Int>, into out: UnsafeMutableBufferPointer<Double>) throws(CleanlabError) {
        try checkUsable()
        guard let q = options.qualityMethod else {
            throw CleanlabError(.invalidArgument, "the stream was created without a quality score method")
        }
        let available = passesDone >= 2 ? n : (passesDone == 1 && inPass ? nextRow : 0)
        if range.lowerBound < 0 || range.upperBound > available {
            throw CleanlabError(.invalidArgument, "quality scores of rows \(range.lowerBound)..<\(range.upperBound) are not available: rows 0..<\(available) have been scored (scores are computed in pass 2)")
        }
        if out.count < range.count {
            throw CleanlabError(.bufferTooSmall, "the score buffer has room for \(out.count) examples, \(range.count) needed")
        }
        if range.isEmpty { return }
        out.baseAddress!.update(from: backend!.scores(q, options.qualityAdjustPredProbs)! + range.lowerBound, count: range.count)
    }

    public func qualityScores() throws(CleanlabError) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        try out.withUnsafeMutableBufferPointer { b throws(CleanlabError) in try qualityScores(into: b) }
        return out
    }

    /// `count.num_label_issues(labels, pred_probs, estimation_method=..., confident_joint=...)`.
    public func numLabelIssues(method: EstimationMethod = .offDiagonal, confidentJoint: [Double]? = nil,
                               columnMajor: Bool = false) throws(CleanlabError) -> Int {
        let b = try checkComplete("num_label_issues")
        if distinct < 2 { throw CleanlabError(.tooFewClasses, "Labels must contain at least 2 classes.") }
        if method == .offDiagonalCustom {
            guard let cj = confidentJoint else {
                throw CleanlabError(.invalidArgument, "estimation_method 'off_diagonal_custom' needs a pre-calculated confident_joint")
            }
            try Cleanlab.checkMatrix(cj, k: k)
        }
        return try b.numLabelIssues(method, confidentJoint, columnMajor)
    }

    /// `count.get_confident_thresholds` (available after pass 1).
    public func confidentThresholds() throws(CleanlabError) -> [Double] {
        try checkUsable()
        guard passesDone >= 1, let t = backend?.thresholdValues else {
            throw CleanlabError(.invalidArgument, "the confident thresholds are available after pass 1")
        }
        return t
    }
}

/// The dtype-specific part of a stream.
protocol StreamBackend: AnyObject {
    func feed(_ block: PredProbs, first: Int, pass: Int) throws(CleanlabError)
    func endPass(_ pass: Int) throws(CleanlabError)
    func result() -> (mask: UnsafePointer<UInt8>, count: Int, ranked: [Int]?)
    func scores(_ method: RankBy, _ adjust: Bool) -> UnsafePointer<Double>?
    func numLabelIssues(_ method: EstimationMethod, _ cj: [Double]?, _ columnMajor: Bool) throws(CleanlabError) -> Int
    var thresholdValues: [Double]? { get }
}

final class TypedStream<T: ProbabilityScalar>: StreamBackend {
    let k: Int, threads: Int
    unowned let owner: LabelIssueStream
    var n: Int { owner.n }
    var labels: UnsafePointer<Int64> { UnsafePointer(owner.labels) }
    var counts: [Int] { owner.counts }
    let o: FilterOptions
    let needsUnitInterval: Bool
    /// p[i, y_i] of every row, from pass 1.
    var selfConf: UnsafeMutablePointer<T>
    var selfConfCapacity: Int
    /// RowFlag bits from pass 2; the issue mask after the last pass (allocated after pass 1).
    var flags: UnsafeMutablePointer<UInt8>
    var raw: [Int]
    var thresholds: Thresholds? = nil
    var cut: [T] = []
    var unitViolation: CleanlabError? = nil
    /// The score arrays pass 2 fills, one per (method, adjust).
    var scoreKeys: [(RankBy, Bool)] = []
    var scoreBufs: [UnsafeMutablePointer<Double>] = []
    var offDiagonalIssues = 0
    // pass 3
    var slotStart: [Int] = []
    var slotTrue: [Int] = []
    var classCaps: [Int] = []
    var noiseSel: WideSelection? = nil
    var classSel: WideSelection? = nil
    // result
    var count = 0
    var ranked: [Int]? = nil

    init(_ s: LabelIssueStream) {
        owner = s
        k = s.k; threads = s.threads
        o = s.options.filter
        needsUnitInterval = o.rankBy == .confidenceWeightedEntropy || s.options.qualityMethod == .confidenceWeightedEntropy
        selfConfCapacity = Swift.max(s.n, 1)
        selfConf = .allocate(capacity: selfConfCapacity)
        flags = .allocate(capacity: 1)
        raw = [Int](repeating: 0, count: k * k)
        if o.filterBy == .lowSelfConfidence { scoreKeys.append((.selfConfidence, false)) }
        if o.filterBy == .lowNormalizedMargin, !scoreKeys.contains(where: { $0 == (.normalizedMargin, false) }) { scoreKeys.append((.normalizedMargin, false)) }
        if let r = o.rankBy, !scoreKeys.contains(where: { $0 == (r, o.rankAdjustPredProbs) }) { scoreKeys.append((r, o.rankAdjustPredProbs)) }
        if let q = s.options.qualityMethod, !scoreKeys.contains(where: { $0 == (q, s.options.qualityAdjustPredProbs) }) {
            scoreKeys.append((q, s.options.qualityAdjustPredProbs))
        }
    }

    /// Room for p[i, y_i] of `count` rows (streamed labels: n grows during pass 1).
    func reserveSelfConf(_ count: Int, used: Int) {
        if count <= selfConfCapacity { return }
        let cap = Swift.max(count, selfConfCapacity * 2)
        let p = UnsafeMutablePointer<T>.allocate(capacity: cap)
        p.update(from: selfConf, count: used)
        selfConf.deallocate()
        selfConf = p
        selfConfCapacity = cap
    }

    /// The per-row arrays of passes 2 and 3, once n is known.
    func allocateRowState() {
        flags.deallocate()
        flags = .allocate(capacity: Swift.max(n, 1))
        flags.initialize(repeating: 0, count: Swift.max(n, 1))
        for _ in scoreKeys {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
            b.initialize(repeating: 0, count: Swift.max(n, 1))
            scoreBufs.append(b)
        }
    }

    deinit {
        selfConf.deallocate()
        flags.deallocate()
        for b in scoreBufs { b.deallocate() }
    }

    var thresholdValues: [Double]? { thresholds?.values }

    func scores(_ method: RankBy, _ adjust: Bool) -> UnsafePointer<Double>? {
        for (e, key) in scoreKeys.enumerated() where key.0 == method && key.1 == adjust { return UnsafePointer(scoreBufs[e]) }
        return nil
    }

    func matrix(_ block: PredProbs) -> ProbabilityMatrix<T> {
        switch block {
        case .float16(let m): return m as! ProbabilityMatrix<T>
        case .float32(let m): return m as! ProbabilityMatrix<T>
        case .float64(let m): return m as! ProbabilityMatrix<T>
        }
    }

    func dataset(_ m: ProbabilityMatrix<T>, _ first: Int) -> Dataset<T> {
        Dataset(m: m, labels: LabelView(int64: labels + first, count: m.rows), threads: threads)
    }

    /// The first value of the block outside [lo, hi] (or not finite), in row order.
    func firstInvalid(_ m: ProbabilityMatrix<T>, lo: T, hi: T) -> (row: Int, col: Int, value: T)? {
        if m.rowStride == k && allWithin(m.base, count: m.rows * k, lo: lo, hi: hi) { return nil }
        for r in 0..<m.rows where !allWithin(m.row(r), count: k, lo: lo, hi: hi) {
            let row = m.row(r)
            for j in 0..<k where !(row[j] >= lo && row[j] <= hi) { return (r, j, row[j]) }
        }
        return nil
    }

    /// assert_valid_inputs' checks on a block (global row numbers in messages), and in passes
    /// after the first, that the block carries the same p[i, y_i] as in pass 1.
    func validate(_ m: ProbabilityMatrix<T>, first: Int, pass: Int) throws(CleanlabError) {
        if let (r, j, v) = firstInvalid(m, lo: T(-1e-6), hi: T(1.000001)) {
            let i = first + r
            if v.isNaN { throw CleanlabError(.notFinite, "pred_probs[\(i), \(j)] is NaN: predicted probabilities must be finite") }
            if v.isInfinite {
                throw CleanlabError(.notFinite, "pred_probs[\(i), \(j)] is \(v > 0 ? "inf" : "-inf"): predicted probabilities must be finite")
            }
            throw CleanlabError(.probabilityRange, "pred_probs[\(i), \(j)] = \(Double(v)): values in pred_probs must be between 0 and 1 (tolerance 1e-6)")
        }
        if pass == 0 {
            reserveSelfConf(first + m.rows, used: first)
            for r in 0..<m.rows { selfConf[first + r] = m.row(r)[Int(labels[first + r])] }
            if needsUnitInterval && unitViolation == nil, let (r, j, v) = firstInvalid(m, lo: 0, hi: 1) {
                // reported at the end of pass 1, after any range error of a later row (the
                // in-memory functions check the range of every row first)
                unitViolation = CleanlabError(.probabilityRange, "pred_probs[\(first + r), \(j)] = \(Double(v)): all probabilities are required to be in the interval [0, 1] for confidence_weighted_entropy")
            }
        } else {
            for r in 0..<m.rows {
                let y = Int(labels[first + r])
                if m.row(r)[y] != selfConf[first + r] {
                    throw CleanlabError(.invalidArgument, "pred_probs[\(first + r), \(y)] = \(Double(m.row(r)[y])) differs from the value fed in pass 1 (\(Double(selfConf[first + r]))): every pass must feed the same pred_probs")
                }
            }
        }
    }

    func feed(_ block: PredProbs, first: Int, pass: Int) throws(CleanlabError) {
        let m = matrix(block)
        try validate(m, first: first, pass: pass)
        let ds = dataset(m, first)
        switch pass {
        case 0:
            break
        case 1:
            let part = try ds.jointPass(cutoffs: cut, flags: flags + first)
            for e in 0..<(k * k) { raw[e] += part[e] }
            for (e, key) in scoreKeys.enumerated() {
                ds.scores(method: key.0, adjust: key.1 ? thresholds! : nil, out: scoreBufs[e] + first)
            }
        default:
            offerPrune(m, first: first)
        }
    }

    /// The prune selections of `Dataset.prunePass`, offered one block at a time.
    func offerPrune(_ m: ProbabilityMatrix<T>, first: Int) {
        if let noise = noiseSel {
            let cur = noise.cursor
            withExtendedLifetime(noise) {
                for r in 0..<m.rows {
                    let i = first + r
                    let y = Int(labels[i])
                    var s = slotStart[y]
                    let e = slotStart[y + 1]
                    if s == e { continue }
                    let row = m.row(r)
                    let py = row[y]
                    while s < e {
                        let margin: T = row[slotTrue[s]] - py
                        let key = Double(margin)
                        if !cur.rejects(s, key: key) { cur.offer(s, key: key, index: i) }
                        s &+= 1
                    }
                }
            }
        }
        if let cls = classSel {
            let cur = cls.cursor
            withExtendedLifetime(cls) {
                for r in 0..<m.rows {
                    let i = first + r
                    let y = Int(labels[i])
                    if classCaps[y] > 0 {
                        let key = Double(m.row(r)[y])
                        if !cur.rejects(y, key: key) { cur.offer(y, key: key, index: i) }
                    }
                }
            }
        }
    }

    func endPass(_ pass: Int) throws(CleanlabError) {
        switch pass {
        case 0:
            if let u = unitViolation { throw u }
            allocateRowState()
            computeThresholds()
        case 1:
            var off = 0
            for i in 0..<n where flags[i] & (RowFlag.offDiagonal | RowFlag.givenIsArgmax) == RowFlag.offDiagonal { off += 1 }
            offDiagonalIssues = off
            if [.pruneByNoiseRate, .pruneByClass, .both].contains(o.filterBy) {
                try preparePrune()
            } else {
                finish()
            }
        default:
            finish()
        }
    }

    /// `get_confident_thresholds` from the stored p[i, y_i], gathered by class in row order.
    func computeThresholds() {
        var start = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { start[c + 1] = start[c] + counts[c] }
        var cursor = Array(start.prefix(k))
        let gathered = UnsafeMutablePointer<T>.allocate(capacity: n)
        defer { gathered.deallocate() }
        for i in 0..<n {
            let y = Int(labels[i])
            gathered[cursor[y]] = selfConf[i]
            cursor[y] += 1
        }
        let missing = counts.contains(0)
        var values = [Double](repeating: 2, count: k)
        for c in 0..<k where counts[c] > 0 {
            let mean = T.numpyMean(UnsafeBufferPointer(start: gathered + start[c], count: counts[c]))
            values[c] = missing ? Swift.max(Double(mean), 2e-6) : Double(Swift.max(mean, T(2e-6)))
        }
        let t = Thresholds(values: values, precision: missing ? .float64 : Dataset<T>.precision)
        thresholds = t
        let empty = ProbabilityMatrix<T>(base: UnsafePointer(selfConf), rows: 0, columns: k, rowStride: k)
        cut = dataset(empty, 0).cutoffs(t)
    }

    /// The prune count matrix and the selections of pass 3, as `apiFindLabelIssues` builds them.
    func preparePrune() throws(CleanlabError) {
        let cj: [Double]
        if let user = o.confidentJoint {
            cj = user
        } else {
            cj = try CountMatrices.calibrate(Dataset<T>.clippedJoint(raw, k: k).map { Double($0) }, k: k,
                                             labelCounts: counts, columnMajor: true).map { Double($0) }
        }
        var pcmD = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { pcmD[j * k + i] = cj[i * k + j] } }
        let columnsContiguous = !(o.confidentJoint != nil && o.confidentJointColumnMajor)
        var pcm = try CountMatrices.keepAtLeastNPerClass(pcmD, k: k, n: o.minExamplesPerClass, fracNoise: o.fracNoise,
                                                         columnsContiguous: columnsContiguous)
        if let r = o.numToRemovePerClass {
            pcm = try CountMatrices.applyNumToRemove(pcm, k: k, numToRemove: r, labelCounts: counts)
        }
        let eligible = counts.map { $0 > o.minExamplesPerClass && $0 > 1 }
        let byNoise = o.filterBy != .pruneByClass
        let byClass = o.filterBy != .pruneByNoiseRate
        slotStart = [Int](repeating: 0, count: k + 1)
        var noiseCaps = [Int]()
        for c in 0..<k {
            if byNoise && eligible[c] {
                for j in 0..<k where j != c && pcm[j * k + c] > 0 {
                    slotTrue.append(j)
                    noiseCaps.append(Int(Swift.min(pcm[j * k + c], Int64(counts[c]))))
                }
            }
            slotStart[c + 1] = slotTrue.count
        }
        classCaps = [Int](repeating: 0, count: k)
        if byClass {
            for c in 0..<k where eligible[c] {
                let (num, overflow) = Int64(counts[c]).subtractingReportingOverflow(pcm[c * k + c])
                if overflow || num >= Int64(counts[c]) { classCaps[c] = counts[c] } else if num >= 1 { classCaps[c] = Int(num) }
            }
        }
        noiseSel = byNoise ? WideSelection(capacities: noiseCaps, largestFirst: true) : nil
        classSel = byClass ? WideSelection(capacities: classCaps, largestFirst: false) : nil
    }

    /// The tail of `apiFindLabelIssues`: selections to the mask, then the ranking.
    func finish() {
        let keepBit = RowFlag.givenIsArgmax
        let selectedBit: UInt8 = 8
        let selectedBit2: UInt8 = 16
        switch o.filterBy {
        case .confidentLearning:
            for i in 0..<n where flags[i] & RowFlag.offDiagonal != 0 { flags[i] |= selectedBit }
        case .predictedNeqGiven:
            for i in 0..<n where flags[i] & RowFlag.predictedNeqGiven != 0 { flags[i] |= selectedBit }
        case .lowSelfConfidence, .lowNormalizedMargin:
            let buf = scores(o.filterBy == .lowSelfConfidence ? .selfConfidence : .normalizedMargin, false)!
            let low = Cleanlab.lowestScores(UnsafeBufferPointer(start: buf, count: n), top: offDiagonalIssues)
            low.selection?.markIndices(flags, selectedBit)
            for i in 0..<n { flags[i] &= ~keepBit }
        case .pruneByNoiseRate, .pruneByClass, .both:
            noiseSel?.markIndices(flags, selectedBit)
            classSel?.markIndices(flags, selectedBit2)
            if o.filterBy == .both {
                for i in 0..<n { if flags[i] & selectedBit2 == 0 { flags[i] &= ~selectedBit } }
            } else if o.filterBy == .pruneByClass {
                for i in 0..<n where flags[i] & selectedBit2 != 0 { flags[i] |= selectedBit }
            }
            noiseSel = nil
            classSel = nil
        }
        var c = 0
        for i in 0..<n {
            let f = flags[i]
            let issue: UInt8 = (f & selectedBit != 0 && f & keepBit == 0) ? 1 : 0
            flags[i] = issue
            c += Int(issue)
        }
        count = c
        if let method = o.rankBy {
            var ids = [Int]()
            ids.reserveCapacity(c)
            for i in 0..<n where flags[i] != 0 { ids.append(i) }
            ranked = argsortAscending(UnsafeBufferPointer(start: scores(method, o.rankAdjustPredProbs)!, count: n), ids)
        }
    }

    func result() -> (mask: UnsafePointer<UInt8>, count: Int, ranked: [Int]?) {
        (UnsafePointer(flags), count, ranked)
    }

    func numLabelIssues(_ method: EstimationMethod, _ userJoint: [Double]?, _ userColumnMajor: Bool) throws(CleanlabError) -> Int {
        if method == .offDiagonal { return offDiagonalIssues }
        let cj: [Double]
        var columnMajor = false
        if method == .offDiagonalCustom {
            cj = userJoint!
            columnMajor = userColumnMajor
        } else {
            cj = try CountMatrices.calibrate(Dataset<T>.clippedJoint(raw, k: k).map { Double($0) }, k: k,
                                             labelCounts: counts, columnMajor: true).map { Double($0) }
        }
        let joint = CountMatrices.normalize(try CountMatrices.calibrate(cj, k: k, labelCounts: counts, columnMajor: columnMajor))
        let frac = CountMatrices.offDiagonalMass(joint, k: k)
        let v = (frac * Double(n)).rounded(.toNearestOrEven)
        guard v.isFinite && abs(v) < 9e18 else {
            throw CleanlabError(.numeric, "the estimated number of label issues is not finite")
        }
        return Int(v)
    }
}
