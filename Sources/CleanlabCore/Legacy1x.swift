// cleanlab 1.x (v1.0.1) semantics: `pruning.get_noise_indices` and the confident-joint functions
// of `latent_estimation`, where they differ from 2.x (see cleanlab-api.md §1.1, §1.2, §1.10):
//
// - thresholds are the plain per-class means (no 2e-6 floor) and the diagonal of the confident
//   joint is not raised to 1;
// - K comes from the labels: every class 0..<K must occur (1.x fails or misaligns its counts
//   otherwise, libcleanlab throws a clear error);
// - MIN_NUM_PER_CLASS = 5: classes with <= 5 examples are never pruned and the prune counts keep
//   at least 5 examples per class;
// - prune_by_noise_rate flags every example whose margin is >= the n-th largest margin (ties at
//   the cut all included); prune_by_class flags the examples whose probability is strictly below
//   the value at sorted position `count - pcm[k][k]` (ties at the cut all excluded);
// - the final filter un-flags examples whose argmax (first maximum) equals the given label;
// - `num_label_errors` floors.
//
// Where 1.x equals 2.x bit for bit (calibration, keep_at_least_n_per_class, the adjustment to
// num_to_remove_per_class, the fused confident-joint pass) the existing core is reused.

/// cleanlab 1.x `prune_method`.
public enum PruneMethod1x: Int32, Sendable, CaseIterable {
    case pruneByNoiseRate = 1
    case pruneByClass = 2
    case both = 3
}

/// cleanlab 1.x `sorted_index_method` (any other non-None string behaves as normalized_margin).
public enum SortedIndexMethod1x: Int32, Sendable, CaseIterable {
    case probGivenLabel = 1
    case normalizedMargin = 2
}

/// Options of `Legacy1x.getNoiseIndices`, with cleanlab 1.x's defaults.
public struct NoiseIndicesOptions1x: Sendable {
    public var pruneMethod: PruneMethod1x = .pruneByNoiseRate
    /// nil returns a mask only.
    public var sortedIndexMethod: SortedIndexMethod1x? = nil
    public var fracNoise: Double = 1.0
    public var numToRemovePerClass: [Int]? = nil
    /// A `K × K` row-major confident joint `cj[given][true]`, used as is, or nil.
    public var confidentJoint: [Double]? = nil
    public var confidentJointColumnMajor: Bool = false
    /// cleanlab 1.x with `n_jobs > 1` copies psx into a float32 shared array before pruning: the
    /// margins and per-class probabilities of the pruning step are then float32.
    public var pruneInFloat32: Bool = false

    public init() {}
}

public enum Legacy1x {
    /// `pruning.MIN_NUM_PER_CLASS`.
    public static let minNumPerClass = 5

    static func checkAllClassesPresent(_ counts: [Int], _ what: String) throws(CleanlabError) {
        if let c = counts.firstIndex(of: 0) {
            let present = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            throw CleanlabError(.labelRange, "\(what): class \(c) does not occur in the labels (\(present) of \(counts.count) classes occur). cleanlab 1.x takes the number of classes from the labels and fails (or misaligns its per-class counts) when a class is missing; every class 0..\(counts.count - 1) must have at least one example")
        }
    }

    /// `latent_estimation.compute_confident_joint(s, psx, K=k, thresholds=..., calibrate=...,
    /// return_indices_of_off_diagonals=True)`. `k` nil = from the labels. Row = given label.
    public static func computeConfidentJoint(
        _ p: PredProbs, labels: LabelView, k: Int? = nil, thresholds: [Double]? = nil,
        thresholdsPrecision: Precision = .float64, calibrate: Bool = true,
        offDiagonalMask: UnsafeMutableBufferPointer<UInt8>? = nil, threads: Int = 0
    ) throws(CleanlabError) -> (counts: [Int64], numOffDiagonal: Int) {
        try Cleanlab.checkShape(p, labels)
        if thresholds == nil, let k, k != p.columns {
            throw CleanlabError(.shape, "K = \(k) differs from the number of columns of psx (\(p.columns)); cleanlab 1.x fails on such input")
        }
        if let t = thresholds {
            if t.count != p.columns {
                throw CleanlabError(.shape, "thresholds has \(t.count) entries but psx has \(p.columns) columns")
            }
            for (c, v) in t.enumerated() where !v.isFinite {
                throw CleanlabError(.notFinite, "thresholds[\(c)] = \(v) is not finite")
            }
        }
        if let mask = offDiagonalMask, mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the off-diagonal mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        let t = thresholds.map { Thresholds(values: $0, precision: thresholdsPrecision) }
        let th = Cleanlab.resolve(threads)
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: th).v1ConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: th).v1ConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: th).v1ConfidentJoint(t, calibrate: calibrate, mask: offDiagonalMask)
        }
    }

    /// `latent_estimation.calibrate_confident_joint(confident_joint, s)`.
    public static func calibrateConfidentJoint(_ cj: [Double], k: Int, labels: LabelView, columnMajor: Bool = false) throws(CleanlabError) -> [Int64] {
        try Cleanlab.checkMatrix(cj, k: k)
        if labels.count == 0 {
            throw CleanlabError(.shape, "s is empty: calibrating a confident joint needs at least one label")
        }
        let counts = try Cleanlab.labelCounts(labels, k: k)
        try checkAllClassesPresent(counts, "calibrate_confident_joint")
        try checkRowSums(cj, k: k)
        return try CountMatrices.calibrate(cj, k: k, labelCounts: counts, columnMajor: columnMajor)
    }

    static func checkRowSums(_ cj: [Double], k: Int) throws(CleanlabError) {
        for r in 0..<k {
            var s = 0.0
            for c in 0..<k { s += cj[r * k + c] }
            if s == 0 {
                throw CleanlabError(.numeric, "row \(r) of the confident joint sums to 0: cleanlab 1.x divides by it (no guard) and returns garbage counts")
            }
        }
    }

    /// `latent_estimation.estimate_joint(s, psx=..., confident_joint=...)`.
    public static func estimateJoint(_ p: PredProbs?, labels: LabelView, confidentJoint: [Double]?, columnMajor: Bool = false,
                                     k: Int, threads: Int = 0) throws(CleanlabError) -> [Double] {
        if let cj = confidentJoint {
            return CountMatrices.normalize(try calibrateConfidentJoint(cj, k: k, labels: labels, columnMajor: columnMajor))
        }
        guard let p else {
            throw CleanlabError(.nullPointer, "estimate_joint needs psx when no confident_joint is given")
        }
        if p.columns != k {
            throw CleanlabError(.shape, "n_classes (\(k)) differs from the number of columns of psx (\(p.columns))")
        }
        let (cal, _) = try computeConfidentJoint(p, labels: labels, calibrate: true, threads: threads)
        return CountMatrices.normalize(cal)
    }

    /// `latent_estimation.num_label_errors(labels, psx, confident_joint=...)`:
    /// `int((1 - trace(cj / sum(cj))) * N)`, truncated (2.x rounds).
    public static func numLabelErrors(_ p: PredProbs?, labels: LabelView, confidentJoint: [Double]?, columnMajor: Bool = false,
                                      k: Int, threads: Int = 0) throws(CleanlabError) -> Int {
        let joint: [Double]
        if let cj = confidentJoint {
            try Cleanlab.checkMatrix(cj, k: k)
            var ordered = cj
            if columnMajor { for i in 0..<k { for j in 0..<k { ordered[j * k + i] = cj[i * k + j] } } }
            let total = pairwiseSum(ordered)
            if total == 0 || !total.isFinite {
                throw CleanlabError(.numeric, "the confident joint sums to \(total): the fraction of label errors is undefined")
            }
            joint = cj.map { $0 / total }
        } else {
            guard let p else {
                throw CleanlabError(.nullPointer, "num_label_errors needs psx when no confident_joint is given")
            }
            let (cal, _) = try computeConfidentJoint(p, labels: labels, calibrate: true, threads: threads)
            joint = CountMatrices.normalize(cal)
        }
        let frac = CountMatrices.offDiagonalMass(joint, k: k)
        let v = frac * Double(labels.count)
        guard v.isFinite && abs(v) < 9e18 else {
            throw CleanlabError(.numeric, "the estimated number of label errors is not finite")
        }
        return Int(v.rounded(.towardZero))
    }

    /// `pruning.keep_at_least_n_per_class(prune_count_matrix, n, frac_noise)`. `pcm` row-major;
    /// `columnMajor`: the caller's numpy memory order (decides numpy's column sums).
    public static func keepAtLeastNPerClass(_ pcm: [Double], k: Int, n: Int, fracNoise: Double = 1.0,
                                            columnMajor: Bool = false) throws(CleanlabError) -> [Int64] {
        try Cleanlab.checkMatrix(pcm, k: k, name: "prune_count_matrix")
        try checkFracNoise(fracNoise)
        return try CountMatrices.keepAtLeastNPerClass(pcm, k: k, n: n, fracNoise: fracNoise, columnsContiguous: columnMajor)
    }

    /// `pruning.reduce_prune_counts(prune_count_matrix, frac_noise)`: off-diagonals times
    /// frac_noise, the removed mass added to each column's diagonal, truncated to integers.
    public static func reducePruneCounts(_ pcm: [Double], k: Int, fracNoise: Double = 1.0,
                                         columnMajor: Bool = false) throws(CleanlabError) -> [Int64] {
        try Cleanlab.checkMatrix(pcm, k: k, name: "prune_count_matrix")
        try checkFracNoise(fracNoise)
        var reduced = pcm.map { $0 * fracNoise }
        for j in 0..<k { reduced[j * k + j] = pcm[j * k + j] }
        var removed = [Double](repeating: 0, count: k * k)
        for e in 0..<(k * k) { removed[e] = pcm[e] - reduced[e] }
        removed.withUnsafeBufferPointer { b in
            for j in 0..<k {
                let colSum: Double
                if columnMajor {
                    colSum = pairwiseSum(b.baseAddress! + j, count: k, stride: k, as: Double.self)
                } else {
                    var s: Double = -0.0
                    for i in 0..<k { s += b[i * k + j] }
                    colSum = s
                }
                reduced[j * k + j] = pcm[j * k + j] + colSum
            }
        }
        return reduced.map { numpyInt64($0) }
    }

    static func checkFracNoise(_ f: Double) throws(CleanlabError) {
        if !(f > 0 && f <= 1) {
            throw CleanlabError(.invalidArgument, "frac_noise must be in (0, 1], got \(f)")
        }
    }

    /// `pruning.order_label_errors(label_errors_bool, psx, labels, sorted_index_method)`: the
    /// flagged indices by ascending `psx[i][labels[i]]` (prob_given_label) or
    /// `psx[i][labels[i]] - max(psx[i])` (normalized_margin); ties: lower index first.
    public static func orderLabelErrors(_ p: PredProbs, labels: LabelView, mask: UnsafeBufferPointer<UInt8>,
                                        method: SortedIndexMethod1x, threads: Int = 0) throws(CleanlabError) -> [Int] {
        try Cleanlab.checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.shape, "label_errors_bool has \(mask.count) entries, psx has \(p.rows) rows")
        }
        let th = Cleanlab.resolve(threads)
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: th).v1Order(mask.baseAddress!, method)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: th).v1Order(mask.baseAddress!, method)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: th).v1Order(mask.baseAddress!, method)
        }
    }

    /// `pruning.get_noise_indices(s, psx, ...)` with `n_jobs`' precision (see options): fills
    /// `mask` (n bytes) and returns the number of label errors, plus the sorted indices when
    /// `options.sortedIndexMethod` is set.
    @discardableResult
    public static func getNoiseIndices(_ p: PredProbs, labels: LabelView, options: NoiseIndicesOptions1x = .init(),
                                       mask: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0) throws(CleanlabError) -> (count: Int, sorted: [Int]?) {
        try Cleanlab.checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        let k = p.columns
        try checkFracNoise(options.fracNoise)
        if let r = options.numToRemovePerClass {
            if r.count != k {
                throw CleanlabError(.shape, "num_to_remove_per_class must have one entry per class (\(k)), got \(r.count)")
            }
            for (c, v) in r.enumerated() where v < 0 {
                throw CleanlabError(.invalidArgument, "num_to_remove_per_class[\(c)] = \(v) is negative")
            }
        }
        if let cj = options.confidentJoint { try Cleanlab.checkMatrix(cj, k: k) }
        let th = Cleanlab.resolve(threads)
        switch p {
        case .float16(let m): return try Dataset(m: m, labels: labels, threads: th).v1NoiseIndices(options, mask.baseAddress!)
        case .float32(let m): return try Dataset(m: m, labels: labels, threads: th).v1NoiseIndices(options, mask.baseAddress!)
        case .float64(let m): return try Dataset(m: m, labels: labels, threads: th).v1NoiseIndices(options, mask.baseAddress!)
        }
    }

    /// Convenience form of `getNoiseIndices` that allocates the mask.
    public static func getNoiseIndices(_ p: PredProbs, labels: LabelView, options: NoiseIndicesOptions1x = .init(),
                                       threads: Int = 0) throws(CleanlabError) -> (mask: [Bool], sorted: [Int]?) {
        var bytes = [UInt8](repeating: 0, count: Swift.max(p.rows, 0))
        let r = try bytes.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
            try getNoiseIndices(p, labels: labels, options: options, mask: b, threads: threads)
        }
        return (bytes.map { $0 != 0 }, r.sorted)
    }
}

/// The value at position `kth` of the ascending order of `a[0..<count]` (numpy's
/// `np.partition(a, kth)[kth]`). Reorders `a`.
func selectKth(_ a: UnsafeMutablePointer<Double>, count: Int, kth: Int) -> Double {
    var lo = 0, hi = count - 1
    while hi > lo {
        let mid = lo + (hi - lo) / 2
        // median of three, moved to `hi`
        if a[mid] < a[lo] { let t = a[mid]; a[mid] = a[lo]; a[lo] = t }
        if a[hi] < a[lo] { let t = a[hi]; a[hi] = a[lo]; a[lo] = t }
        if a[mid] < a[hi] { let t = a[mid]; a[mid] = a[hi]; a[hi] = t }
        let pivot = a[hi]
        // three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
        var lt = lo, i = lo, gt = hi
        while i <= gt {
            if a[i] < pivot {
                let t = a[i]; a[i] = a[lt]; a[lt] = t
                lt += 1; i += 1
            } else if a[i] > pivot {
                let t = a[i]; a[i] = a[gt]; a[gt] = t
                gt -= 1
            } else {
                i += 1
            }
        }
        if kth < lt { hi = lt - 1 } else if kth > gt { lo = gt + 1 } else { return pivot }
    }
    return a[kth]
}

extension Dataset {
    /// The per-class means of `p[i, k]` over `labels == k` in T with numpy's summation, without
    /// the 2e-6 floor of 2.x (every class is present).
    func v1Thresholds(_ stats: LabelStats) -> Thresholds {
        let k = self.k, n = self.n
        var start = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { start[c + 1] = start[c] + stats.counts[c] }
        var cursor = start
        let gathered = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(n, 1))
        defer { gathered.deallocate() }
        for i in 0..<n {
            let y = labels[i]
            gathered[cursor[y]] = m.row(i)[y]
            cursor[y] += 1
        }
        var values = [Double](repeating: 0, count: k)
        for c in 0..<k {
            values[c] = Double(T.numpyMean(UnsafeBufferPointer(start: gathered + start[c], count: stats.counts[c])))
        }
        return Thresholds(values: values, precision: Dataset.precision)
    }

    /// The raw 1.x confident joint (row = given) and the row flags.
    func v1RawJoint(_ userThresholds: Thresholds?, stats: LabelStats, flags: UnsafeMutablePointer<UInt8>) throws(CleanlabError) -> [Int64] {
        try probabilityPass()
        let t: Thresholds
        if let userThresholds {
            t = userThresholds
        } else {
            try Legacy1x.checkAllClassesPresent(stats.counts, "compute_confident_joint")
            t = v1Thresholds(stats)
        }
        let raw = try jointPass(cutoffs: cutoffs(t), flags: flags)
        // sklearn's confusion_matrix only has rows/columns for the classes that occur among the
        // confident examples; 1.x then returns a smaller, misaligned matrix (or fails).
        for c in 0..<k {
            var any = false
            for j in 0..<k where raw[c * k + j] != 0 || raw[j * k + c] != 0 { any = true; break }
            if !any {
                throw CleanlabError(.numeric, "class \(c) has no confidently counted example (as given or as true label): cleanlab 1.x's confusion matrix would drop it and misalign the confident joint")
            }
        }
        return raw.map { Int64($0) }
    }

    func v1ConfidentJoint(_ userThresholds: Thresholds?, calibrate: Bool,
                          mask: UnsafeMutableBufferPointer<UInt8>?) throws(CleanlabError) -> ([Int64], Int) {
        if n == 0 {
            throw CleanlabError(.shape, "s and psx are empty: the confident joint needs at least one example")
        }
        let stats = try labelPass()
        let flags = mask?.baseAddress ?? UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1))
        defer { if mask == nil { flags.deallocate() } }
        var cj = try v1RawJoint(userThresholds, stats: stats, flags: flags)
        var off = 0
        for i in 0..<n {
            let o: UInt8 = flags[i] & RowFlag.offDiagonal
            off += Int(o)
            flags[i] = o
        }
        if calibrate {
            try Legacy1x.checkAllClassesPresent(stats.counts, "calibrate_confident_joint")
            let d = cj.map { Double($0) }
            try Legacy1x.checkRowSums(d, k: k)
            cj = try CountMatrices.calibrate(d, k: k, labelCounts: stats.counts, columnMajor: true)
        }
        return (cj, off)
    }

    func v1Order(_ mask: UnsafePointer<UInt8>, _ method: SortedIndexMethod1x) throws(CleanlabError) -> [Int] {
        _ = try labelPass()
        try probabilityPass()
        return v1Rank(mask, method)
    }

    func v1Rank(_ mask: UnsafePointer<UInt8>, _ method: SortedIndexMethod1x) -> [Int] {
        let buf = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        defer { buf.deallocate() }
        var ids = [Int]()
        for i in 0..<n where mask[i] != 0 {
            ids.append(i)
            let row = m.row(i)
            let y = labels[i]
            if method == .probGivenLabel {
                buf[i] = Double(row[y])
            } else {
                var mx = row[0]
                for j in 1..<k where row[j] > mx { mx = row[j] }
                let margin: T = row[y] - mx
                buf[i] = Double(margin)
            }
        }
        return argsortAscending(UnsafeBufferPointer(start: buf, count: n), ids)
    }

    func v1NoiseIndices(_ o: NoiseIndicesOptions1x, _ mask: UnsafeMutablePointer<UInt8>) throws(CleanlabError) -> (count: Int, sorted: [Int]?) {
        if n == 0 {
            throw CleanlabError(.shape, "s and psx are empty: at least one example is needed")
        }
        let stats = try labelPass()
        try Legacy1x.checkAllClassesPresent(stats.counts, "get_noise_indices")
        let flags = mask
        let cj: [Double]
        if let user = o.confidentJoint {
            try probabilityPass()
            // only the argmax flags are needed
            _ = try jointPass(cutoffs: [T](repeating: T.infinity, count: k), flags: flags)
            cj = user
        } else {
            let raw = try v1RawJoint(nil, stats: stats, flags: flags)
            let d = raw.map { Double($0) }
            try Legacy1x.checkRowSums(d, k: k)
            cj = try CountMatrices.calibrate(d, k: k, labelCounts: stats.counts, columnMajor: true).map { Double($0) }
        }
        var pcmD = [Double](repeating: 0, count: k * k)
        for i in 0..<k { for j in 0..<k { pcmD[j * k + i] = cj[i * k + j] } }
        // cj.T has contiguous columns when cj is C-ordered (1.x's own joint is)
        let columnsContiguous = !(o.confidentJoint != nil && o.confidentJointColumnMajor)
        var pcm = try CountMatrices.keepAtLeastNPerClass(pcmD, k: k, n: Legacy1x.minNumPerClass, fracNoise: o.fracNoise,
                                                         columnsContiguous: columnsContiguous)
        if let r = o.numToRemovePerClass {
            pcm = try CountMatrices.applyNumToRemove(pcm, k: k, numToRemove: r, labelCounts: stats.counts)
        }
        let selected: UInt8 = 8, selectedByClass: UInt8 = 16
        if o.pruneInFloat32 && T.self != Float.self {
            try v1Prune(pcm: pcm, counts: stats.counts, method: o.pruneMethod, flags: flags, bits: (selected, selectedByClass), as: Float.self)
        } else {
            try v1Prune(pcm: pcm, counts: stats.counts, method: o.pruneMethod, flags: flags, bits: (selected, selectedByClass), as: T.self)
        }
        var count = 0
        for i in 0..<n {
            let f = flags[i]
            let chosen: Bool
            switch o.pruneMethod {
            case .pruneByNoiseRate: chosen = f & selected != 0
            case .pruneByClass: chosen = f & selectedByClass != 0
            case .both: chosen = f & selected != 0 && f & selectedByClass != 0
            }
            let issue: UInt8 = chosen && f & RowFlag.predictedNeqGiven != 0 ? 1 : 0
            flags[i] = issue
            count += Int(issue)
        }
        var sorted: [Int]? = nil
        if let method = o.sortedIndexMethod { sorted = v1Rank(UnsafePointer(flags), method) }
        return (count, sorted)
    }

    /// 1.x's `_prune_by_count` / `_prune_by_class` for every class, with values converted to U
    /// (T itself, or Float for 1.x's float32 shared array). Sets `bits.0` (noise rate) and
    /// `bits.1` (by class) in `flags`. Classes are processed in parallel; each writes only the
    /// flags of its own rows, so the result does not depend on the thread count.
    func v1Prune<U: BinaryFloatingPoint>(pcm: [Int64], counts: [Int], method: PruneMethod1x,
                                         flags: UnsafeMutablePointer<UInt8>, bits: (UInt8, UInt8), as: U.Type) throws(CleanlabError) {
        let k = self.k, n = self.n, m = self.m, labels = self.labels
        // rows grouped by class, ascending
        var start = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { start[c + 1] = start[c] + counts[c] }
        var cursor = start
        var rows = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let y = labels[i]
            rows[cursor[y]] = i
            cursor[y] += 1
        }
        let byNoise = method != .pruneByClass
        let byClass = method != .pruneByNoiseRate
        // 1.x raises (np.partition: kth out of bounds) when a prune count exceeds the class size
        for c in 0..<k where counts[c] > Legacy1x.minNumPerClass {
            if byNoise {
                for j in 0..<k where j != c && pcm[j * k + c] > Int64(counts[c]) {
                    throw CleanlabError(.numeric, "the prune count matrix asks to prune \(pcm[j * k + c]) examples of class \(c) (true class \(j)) but the class has \(counts[c]): cleanlab 1.x fails here (kth out of bounds)")
                }
            }
            if byClass {
                let e = Int64(counts[c]) &- pcm[c * k + c]
                if e >= Int64(counts[c]) || e < -Int64(counts[c]) {
                    throw CleanlabError(.numeric, "prune_by_class: class \(c) has \(counts[c]) examples but \(e) would be pruned (prune count matrix diagonal \(pcm[c * k + c])): cleanlab 1.x fails here (kth out of bounds)")
                }
            }
        }
        let parts = workerCount(requested: threads, work: n &* k)
        let flagsOut = UncheckedSendable(flags)
        start.withUnsafeBufferPointer { sb in
        rows.withUnsafeBufferPointer { rb in
        pcm.withUnsafeBufferPointer { pb in
            let sp = UncheckedSendable(sb.baseAddress!), rp = UncheckedSendable(rb.baseAddress!), pp = UncheckedSendable(pb.baseAddress!)
            forEachPart(parts) { part in
                let start = sp.value, rows = rp.value, pcm = pp.value, flags = flagsOut.value
                var scratch = [Double](repeating: 0, count: 0)
                var keys = [Double](repeating: 0, count: 0)
                for c in partRange(part, of: parts, count: k) {
                    let cnt = start[c + 1] - start[c]
                    if cnt <= Legacy1x.minNumPerClass { continue }
                    let classRows = rows + start[c]
                    if scratch.count < cnt { scratch = [Double](repeating: 0, count: cnt); keys = scratch }
                    scratch.withUnsafeMutableBufferPointer { sc in
                    keys.withUnsafeMutableBufferPointer { ky in
                        let s = sc.baseAddress!, key = ky.baseAddress!
                        if byNoise {
                            for j in 0..<k where j != c && pcm[j * k + c] > 0 {
                                let num = Int(pcm[j * k + c])
                                for r in 0..<cnt {
                                    let row = m.row(classRows[r])
                                    let margin: U = U(row[j]) - U(row[c])
                                    key[r] = Double(margin)
                                    s[r] = -key[r]
                                }
                                // cut = the num-th largest margin
                                let cut = -selectKth(s, count: cnt, kth: num - 1)
                                for r in 0..<cnt where key[r] >= cut { flags[classRows[r]] |= bits.0 }
                            }
                        }
                        if byClass {
                            var e = cnt - Int(pcm[c * k + c])
                            if e < 0 { e += cnt }   // numpy's negative kth / index
                            for r in 0..<cnt {
                                key[r] = Double(U(m.row(classRows[r])[c]))
                                s[r] = key[r]
                            }
                            let rank = selectKth(s, count: cnt, kth: e)
                            for r in 0..<cnt where key[r] < rank { flags[classRows[r]] |= bits.1 }
                        }
                    }}
                }
            }
        }}}
    }
}
