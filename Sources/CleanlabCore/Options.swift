/// cleanlab's `filter_by` values (`filter.find_label_issues`).
public enum FilterBy: Int32, Sendable, CaseIterable {
    case pruneByNoiseRate = 1
    case pruneByClass = 2
    case both = 3
    case confidentLearning = 4
    case predictedNeqGiven = 5
    case lowNormalizedMargin = 6
    case lowSelfConfidence = 7
}

/// cleanlab's label-quality scoring methods (`rank.get_label_quality_scores(method=...)`).
public enum RankBy: Int32, Sendable, CaseIterable {
    case selfConfidence = 1
    case normalizedMargin = 2
    case confidenceWeightedEntropy = 3
}

/// cleanlab's `count.num_label_issues(estimation_method=...)`.
public enum EstimationMethod: Int32, Sendable, CaseIterable {
    case offDiagonal = 1
    case offDiagonalCalibrated = 2
    case offDiagonalCustom = 3
}

/// The precision (numpy dtype) in which a value was computed.
public enum Precision: Sendable {
    case float16, float32, float64
}

/// Options of `Cleanlab.findLabelIssues`, with cleanlab 2.9.0's defaults.
public struct FilterOptions: Sendable {
    public var filterBy: FilterBy = .pruneByNoiseRate
    /// `return_indices_ranked_by`; nil returns a mask only.
    public var rankBy: RankBy? = nil
    /// `rank_by_kwargs={"adjust_pred_probs": True}`.
    public var rankAdjustPredProbs: Bool = false
    public var fracNoise: Double = 1.0
    public var minExamplesPerClass: Int = 1
    /// One count per class, or nil.
    public var numToRemovePerClass: [Int]? = nil
    /// A `K × K` row-major confident joint `cj[given][true]`, used as is, or nil.
    public var confidentJoint: [Double]? = nil
    /// Whether the caller's confident joint was a Fortran-ordered numpy array (numpy's
    /// summation order in cleanlab's prune-count algebra depends on it).
    public var confidentJointColumnMajor: Bool = false

    public init() {}
}
