// cleanlab 2.9.0's `dataset` module (single-label): per-class label quality, overlapping classes,
// the overall label health score and the health summary that combines them.
//
// The tables are K × K algebra on the joint p(given, true); numpy's order of operations decides
// the last bit of each value, so the sums below follow it: a reduction along the matrix's
// contiguous axis is numpy's pairwise sum, one across it adds rows (or columns) in order.

/// One row of `dataset.rank_classes_by_label_quality`.
public struct ClassLabelQuality: Sendable, Equatable {
    /// `Class Index`.
    public var classIndex: Int
    /// `Label Issues`: `round((p(given=k) - p(given=k, true=k)) * num_examples)`.
    public var labelIssues: Int64
    /// `Inverse Label Issues`: `round((p(true=k) - p(given=k, true=k)) * num_examples)`.
    public var inverseLabelIssues: Int64
    /// `Label Noise`: `p(true != k | given = k)`.
    public var labelNoise: Double
    /// `Inverse Label Noise`: `p(given != k | true = k)`.
    public var inverseLabelNoise: Double
    /// `Label Quality Score`: `1 - labelNoise`.
    public var labelQualityScore: Double
}

/// One row of `dataset.find_overlapping_classes`.
public struct OverlappingClassPair: Sendable, Equatable {
    /// `Class Index A`.
    public var classA: Int
    /// `Class Index B`.
    public var classB: Int
    /// `Num Overlapping Examples`: `round(jointProbability * num_examples)`.
    public var numOverlappingExamples: Int64
    /// `Joint Probability`: `J[a, b]` (asymmetric) or `J[a, b] + J[b, a]` (symmetric, a < b).
    public var jointProbability: Double
}

/// The result of `dataset.health_summary`: every table of cleanlab's dict plus the counts its
/// printed text uses.
public struct HealthSummary: Sendable {
    /// `overall_label_health_score`.
    public var overallLabelHealthScore: Double
    /// The number of label issues behind the score (the printed "(n of the N)").
    public var numLabelIssues: Int64
    /// The number of examples (N).
    public var numExamples: Int
    /// The number of classes (K).
    public var numClasses: Int
    /// `joint`: K × K, row-major, row = given label.
    public var joint: [Double]
    /// `classes_by_label_quality`, in cleanlab's row order (ascending quality).
    public var classesByLabelQuality: [ClassLabelQuality]
    /// `overlapping_classes`, in cleanlab's row order (descending joint probability).
    public var overlappingClasses: [OverlappingClassPair]
}

extension Cleanlab {
    /// numpy's `(x).round().astype(int)` (half to even; NaN/inf/out of range give Int64.min on
    /// x86-64), rejected here instead of returned.
    static func roundedCount(_ x: Double, _ what: String) throws(CleanlabError) -> Int64 {
        let r = x.rounded(.toNearestOrEven)
        guard r.isFinite, r >= -9223372036854775808.0, r < 9223372036854775808.0 else {
            throw CleanlabError(.numeric, "\(what) = \(x) cannot be rounded to an integer count")
        }
        return Int64(r)
    }

    static func checkJoint(_ joint: [Double], k: Int, numExamples: Double) throws(CleanlabError) {
        try checkMatrix(joint, k: k, name: "joint")
        if !numExamples.isFinite {
            throw CleanlabError(.notFinite, "num_examples = \(numExamples) is not finite")
        }
    }

    /// Row sums (`axis=1`) and column sums (`axis=0`) of a K × K matrix as numpy computes them
    /// for an array in the given memory order.
    static func numpyAxisSums(_ m: [Double], k: Int, columnMajor: Bool) -> (rows: [Double], columns: [Double]) {
        // along the contiguous axis: pairwise; across it: in order
        var contiguous = [Double](repeating: 0, count: k)
        var across = [Double](repeating: 0, count: k)
        m.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            for a in 0..<k {
                // the a-th line along the contiguous axis: row a (C order) or column a (F order)
                contiguous[a] = columnMajor ? pairwiseSum(base + a, count: k, stride: k, as: Double.self)
                                            : pairwiseSum(base + a * k, count: k, as: Double.self)
            }
            for a in 0..<k {
                var s = columnMajor ? base[a * k] : base[a]
                for line in 1..<k { s += columnMajor ? base[a * k + line] : base[line * k + a] }
                across[a] = s
            }
        }
        return columnMajor ? (across, contiguous) : (contiguous, across)
    }

    /// `dataset.rank_classes_by_label_quality(joint=..., num_examples=...)`: one row per class,
    /// sorted by ascending `Label Quality Score` (ties: lower class index first).
    /// - Parameters:
    ///   - joint: K × K row-major `p(given, true)`.
    ///   - columnMajor: whether the caller's numpy array was Fortran-ordered (numpy's summation
    ///     order follows memory order).
    public static func rankClassesByLabelQuality(joint: [Double], k: Int, numExamples: Double,
                                                 columnMajor: Bool = false) throws(CleanlabError) -> [ClassLabelQuality] {
        try checkJoint(joint, k: k, numExamples: numExamples)
        let (rowSums, colSums) = numpyAxisSums(joint, k: k, columnMajor: columnMajor)
        var rows = [ClassLabelQuality]()
        rows.reserveCapacity(k)
        for c in 0..<k {
            let d = joint[c * k + c]
            let given = rowSums[c] - d
            let truth = colSums[c] - d
            let noise = given / Swift.max(rowSums[c], 1e-6)
            let inverse = truth / Swift.max(colSums[c], 1e-6)
            rows.append(ClassLabelQuality(
                classIndex: c,
                labelIssues: try roundedCount(given * numExamples, "Label Issues of class \(c)"),
                inverseLabelIssues: try roundedCount(truth * numExamples, "Inverse Label Issues of class \(c)"),
                labelNoise: noise, inverseLabelNoise: inverse, labelQualityScore: 1 - noise))
        }
        // a stable sort (pandas' sort_values with ties in their original order)
        return stableSorted(rows) { $0.labelQualityScore < $1.labelQualityScore }
    }

    /// `dataset.find_overlapping_classes(joint=..., num_examples=..., asymmetric=...)`: pairs of
    /// classes sorted by descending `Joint Probability` (ties: the earlier pair in row-major order
    /// first). Symmetric: K(K-1)/2 pairs a < b with `J[a,b] + J[b,a]`; asymmetric: K(K-1)
    /// ordered pairs a != b with `J[a,b]`.
    public static func findOverlappingClasses(joint: [Double], k: Int, numExamples: Double, asymmetric: Bool = false,
                                              columnMajor: Bool = false) throws(CleanlabError) -> [OverlappingClassPair] {
        _ = columnMajor  // element-wise only: the memory order does not change any value
        try checkJoint(joint, k: k, numExamples: numExamples)
        var pairs = [OverlappingClassPair]()
        pairs.reserveCapacity(asymmetric ? k * (k - 1) : k * (k - 1) / 2)
        for a in 0..<k {
            for b in 0..<k where asymmetric ? a != b : a < b {
                let v = asymmetric ? joint[a * k + b] : joint[a * k + b] + joint[b * k + a]
                pairs.append(OverlappingClassPair(
                    classA: a, classB: b,
                    numOverlappingExamples: try roundedCount(v * numExamples, "Num Overlapping Examples of classes \(a), \(b)"),
                    jointProbability: v))
            }
        }
        return stableSorted(pairs) { $0.jointProbability > $1.jointProbability }
    }

    /// `dataset.overall_label_health_score` from a joint (cleanlab's path when labels or
    /// pred_probs are missing): `trace(joint)`, with `round(num_examples * (1 - trace))` issues.
    public static func overallLabelHealthScore(joint: [Double], k: Int, numExamples: Double,
                                               columnMajor: Bool = false) throws(CleanlabError) -> (score: Double, numIssues: Int64) {
        _ = columnMajor  // the diagonal is summed the same way in either order
        try checkJoint(joint, k: k, numExamples: numExamples)
        let trace = joint.withUnsafeBufferPointer { pairwiseSum($0.baseAddress!, count: k, stride: k + 1, as: Double.self) }
        return (trace, try roundedCount(numExamples * (1 - trace), "the number of label issues"))
    }

    /// `dataset.overall_label_health_score(labels, pred_probs, num_examples=...)`:
    /// `1 - num_label_issues(labels, pred_probs) / num_examples` (num_examples defaults to N).
    public static func overallLabelHealthScore(_ p: PredProbs, labels: LabelView, numExamples: Double? = nil,
                                               threads: Int = 0) throws(CleanlabError) -> (score: Double, numIssues: Int64) {
        let issues = try numLabelIssues(p, labels: labels, threads: threads)
        let n = numExamples ?? Double(labels.count)
        return (1 - Double(issues) / n, Int64(issues))
    }

    /// `dataset.health_summary(labels, pred_probs, asymmetric=...)`: the joint, both tables and
    /// the overall score, computed as cleanlab does (one estimate_joint; the score from
    /// num_label_issues).
    public static func healthSummary(_ p: PredProbs, labels: LabelView, asymmetric: Bool = false,
                                     threads: Int = 0) throws(CleanlabError) -> HealthSummary {
        try checkShape(p, labels)
        let k = p.columns
        let joint = try estimateJoint(p, labels: labels, confidentJoint: nil, k: k, threads: threads)
        let n = Double(labels.count)
        let classes = try rankClassesByLabelQuality(joint: joint, k: k, numExamples: n)
        let pairs = try findOverlappingClasses(joint: joint, k: k, numExamples: n, asymmetric: asymmetric)
        let (score, issues) = try overallLabelHealthScore(p, labels: labels, threads: threads)
        return HealthSummary(overallLabelHealthScore: score, numLabelIssues: issues, numExamples: labels.count,
                             numClasses: k, joint: joint, classesByLabelQuality: classes, overlappingClasses: pairs)
    }

    /// A stable sort (equal elements keep their order).
    static func stableSorted<E>(_ items: [E], by less: (E, E) -> Bool) -> [E] {
        let order = (0..<items.count).sorted { a, b in
            if less(items[a], items[b]) { return true }
            if less(items[b], items[a]) { return false }
            return a < b
        }
        return order.map { items[$0] }
    }
}
