// cleanlab 2.9.0's `filter.find_label_issues_using_argmax_confusion_matrix`: the baseline that
// replaces the confident joint by the confusion matrix of (given label, argmax prediction).

extension Cleanlab {
    /// The confusion matrix `cm[given][argmax]` (row-major, K × K) of cleanlab's
    /// `sklearn.metrics.confusion_matrix(np.argmax(pred_probs, axis=1), labels).T`
    /// (argmax: the first maximum). cleanlab's matrix only has the classes that occur in labels or
    /// as an argmax, and fails later when that is not all K; so this throws for such a class.
    public static func argmaxConfusionMatrix(_ p: PredProbs, labels: LabelView, threads: Int = 0) throws(CleanlabError) -> [Int64] {
        // validates labels (range, >= 2 classes) and probabilities as cleanlab's assert_valid_inputs
        var scratch = [UInt8](repeating: 0, count: Swift.max(p.rows, 1))
        _ = try scratch.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
            try findPredictedNeqGiven(p, labels: labels, mask: b, threads: threads)
        }
        let k = p.columns
        var cm = [Int64](repeating: 0, count: k * k)
        switch p {
        case .float16(let m): accumulateArgmaxConfusion(m, labels, &cm)
        case .float32(let m): accumulateArgmaxConfusion(m, labels, &cm)
        case .float64(let m): accumulateArgmaxConfusion(m, labels, &cm)
        }
        for c in 0..<k {
            var seen = false
            for j in 0..<k where cm[c * k + j] != 0 || cm[j * k + c] != 0 { seen = true; break }
            if !seen {
                throw CleanlabError(.invalidArgument, "class \(c) occurs neither in labels nor as the argmax of any row of pred_probs: the argmax confusion matrix would not be \(k) x \(k) (cleanlab fails with an IndexError here)")
            }
        }
        return cm
    }

    static func accumulateArgmaxConfusion<T: ProbabilityScalar>(_ m: ProbabilityMatrix<T>, _ labels: LabelView, _ cm: inout [Int64]) {
        let k = m.columns
        for i in 0..<m.rows {
            let row = m.row(i)
            var best = 0
            var bv = row[0]
            for j in 1..<k where row[j] > bv { bv = row[j]; best = j }
            cm[labels[i] * k + best] += 1
        }
    }

    /// `filter.find_label_issues_using_argmax_confusion_matrix(labels, pred_probs, calibrate=...,
    /// filter_by=...)`: `find_label_issues(labels, pred_probs, confident_joint=C, filter_by=...)`
    /// with C the argmax confusion matrix, calibrated (`calibrate_confident_joint`) when
    /// `calibrate`. Fills `mask` and returns the number of issues.
    @discardableResult
    public static func findLabelIssuesUsingArgmaxConfusionMatrix(
        _ p: PredProbs, labels: LabelView, calibrate: Bool = true, filterBy: FilterBy = .pruneByNoiseRate,
        mask: UnsafeMutableBufferPointer<UInt8>, threads: Int = 0
    ) throws(CleanlabError) -> Int {
        try checkShape(p, labels)
        if mask.count < p.rows {
            throw CleanlabError(.bufferTooSmall, "the mask has room for \(mask.count) examples, \(p.rows) needed")
        }
        let k = p.columns
        let cm = try argmaxConfusionMatrix(p, labels: labels, threads: threads)
        var o = FilterOptions()
        o.filterBy = filterBy
        if calibrate {
            // the transposed sklearn matrix is Fortran-ordered: numpy sums it column by column
            o.confidentJoint = try calibrateConfidentJoint(cm.map { Double($0) }, k: k, labels: labels, columnMajor: true).map { Double($0) }
            o.confidentJointColumnMajor = false
        } else {
            o.confidentJoint = cm.map { Double($0) }
            o.confidentJointColumnMajor = true
        }
        return try findLabelIssues(p, labels: labels, options: o, mask: mask, threads: threads).count
    }
}
