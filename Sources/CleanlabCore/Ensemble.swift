#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// cleanlab 2.9.0's `rank.get_label_quality_ensemble_scores`: one label-quality score per example
// from several models' pred_probs, as a weighted average of each member's scores.

/// How `labelQualityEnsembleScores` weighs the members (`weight_ensemble_members_by`).
public enum EnsembleWeighting: Sendable, Equatable {
    /// `'uniform'`: the plain mean of the members' scores (in the scores' dtype, as numpy).
    case uniform
    /// `'accuracy'`: weights proportional to each member's accuracy `mean(argmax(p) == labels)`.
    case accuracy
    /// `'log_loss_search'`: for each temperature t (in order), weights `exp(-t * logloss_m)`
    /// normalised; the t whose weighted average of the members' pred_probs has the lowest log
    /// loss (first one on equality) is kept.
    case logLossSearch([Double])
    /// `'custom'`: the given weights, one per member, used as they are.
    case custom([Double])
}

/// The result of `labelQualityEnsembleScores`.
public struct EnsembleScores: Sendable {
    /// One score per example (exact copies of values in `precision`).
    public var scores: [Double]
    /// The dtype of cleanlab's result (numpy's promotion of the members' score dtypes for
    /// `'uniform'`; float64 for the weighted schemes).
    public var precision: Precision
    /// The weight of each member (nil for `'uniform'`).
    public var weights: [Double]?
    /// Each member's accuracy (`'accuracy'` only).
    public var accuracies: [Double]?
    /// The index of the chosen temperature (`'log_loss_search'` only).
    public var chosenTemperature: Int?
}

extension Precision {
    var rank: Int {
        switch self {
        case .float16: return 0
        case .float32: return 1
        case .float64: return 2
        }
    }
}

extension PredProbs {
    var precision: Precision {
        switch self {
        case .float16: return .float16
        case .float32: return .float32
        case .float64: return .float64
        }
    }
}

extension Cleanlab {
    /// `rank.get_label_quality_ensemble_scores(labels, pred_probs_list, method=...,
    /// adjust_pred_probs=..., weight_ensemble_members_by=..., custom_weights=...,
    /// log_loss_search_T_values=...)`.
    ///
    /// Every member must have one row per label; labels need at least 2 classes (cleanlab's
    /// `assert_valid_inputs` on each member). Log-loss search needs every class in labels and
    /// members of equal shape (sklearn's `log_loss` and the weighted average require it).
    /// - Note: for float32/float16 members, the log losses use correctly rounded logarithms;
    ///   numpy's float32 `log` is not always correctly rounded, so log-loss-search weights can
    ///   differ from cleanlab's in the 7th significant digit (float64 members: ~1e-15).
    public static func labelQualityEnsembleScores(
        _ members: [PredProbs], labels: LabelView, method: RankBy = .selfConfidence, adjustPredProbs: Bool = false,
        weighting: EnsembleWeighting = .accuracy, threads: Int = 0
    ) throws(CleanlabError) -> EnsembleScores {
        let m = members.count
        if m == 0 { throw CleanlabError(.invalidArgument, "pred_probs_list is empty.") }
        let n = labels.count
        for (i, p) in members.enumerated() {
            do throws(CleanlabError) {
                try checkShape(p, labels)
            } catch {
                throw CleanlabError(error.code, "pred_probs_list[\(i)]: \(error.message)")
            }
        }
        // labels: range against the narrowest member, and at least 2 classes
        var present = Set<Int>()
        let kMin = members.map(\.columns).min()!
        let kMax = members.map(\.columns).max()!
        for i in 0..<n {
            let y = labels[i]
            if y < 0 { throw CleanlabError(.labelRange, "labels[\(i)] = \(y): labels must be non-negative integers (class indices)") }
            if y >= kMin {
                throw CleanlabError(.labelRange, "labels[\(i)] = \(y) is not a class index: a member of pred_probs_list has \(kMin) columns")
            }
            if present.count < 2 { present.insert(y) }
        }
        if present.count < 2 { throw CleanlabError(.tooFewClasses, "Labels must contain at least 2 classes.") }
        if case .custom(let w) = weighting {
            if w.count != m {
                throw CleanlabError(.shape, "Length of custom_weights array must match the number of models: len(pred_probs_list) = \(m), got \(w.count)")
            }
            for (i, v) in w.enumerated() where !v.isFinite {
                throw CleanlabError(.notFinite, "custom_weights[\(i)] = \(v) is not finite")
            }
        }

        // the log-loss search runs before the scores (cleanlab's order: its errors come first)
        var weights: [Double]? = nil
        var chosen: Int? = nil
        if case .logLossSearch(let temps) = weighting {
            if kMin != kMax {
                throw CleanlabError(.shape, "log_loss_search needs members with the same number of columns, got \(kMin) and \(kMax)")
            }
            let k = kMin
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n { counts[labels[i]] += 1 }
            if let missing = counts.firstIndex(of: 0) {
                let found = counts.enumerated().filter { $0.element > 0 }.count
                throw CleanlabError(.invalidArgument, "log_loss_search: y_true and y_prob contain different number of classes: \(found) vs \(k) (class \(missing) is absent from labels; sklearn's log_loss raises here)")
            }
            for (i, t) in temps.enumerated() where !t.isFinite {
                throw CleanlabError(.notFinite, "log_loss_search_T_values[\(i)] = \(t) is not finite")
            }
            let losses = try members.map { (p: PredProbs) throws(CleanlabError) -> Double in
                try probabilityCheck(p, labels)
                return memberLogLoss(p, labels)
            }
            var best = Double.infinity
            for (ti, t) in temps.enumerated() {
                let e = losses.map { exp(-t * $0) }
                var total = 0.0
                for v in e { total += v }
                let w = e.map { $0 / total }
                let eval = try weightedAverageLogLoss(members, labels, w)
                if best > eval {
                    best = eval
                    weights = w
                    chosen = ti
                }
            }
            if weights == nil {
                throw CleanlabError(.numeric, "log_loss_search found no temperature with a finite log loss (cleanlab fails with an AssertionError here)")
            }
        }

        // each member's scores, and the dtype numpy stacks them in
        var scores = [[Double]]()
        var stackPrecision = Precision.float16
        for p in members {
            scores.append(try labelQualityScores(p, labels: labels, method: method, adjustPredProbs: adjustPredProbs, threads: threads))
            let prec: Precision
            if method == .confidenceWeightedEntropy || p.precision == .float64 {
                prec = .float64
            } else if adjustPredProbs && anyClassMissing(labels, k: p.columns) {
                prec = .float64
            } else {
                prec = p.precision
            }
            if prec.rank > stackPrecision.rank { stackPrecision = prec }
        }

        var accuracies: [Double]? = nil
        switch weighting {
        case .uniform:
            var out = [Double](repeating: 0, count: n)
            switch stackPrecision {
            case .float64:
                for i in 0..<n {
                    var s = scores[0][i]
                    for j in 1..<m { s += scores[j][i] }
                    out[i] = s / Double(m)
                }
            case .float32, .float16:
                // float16 is accumulated in float32 and rounded back, as np.mean does
                for i in 0..<n {
                    var s = Float(scores[0][i])
                    for j in 1..<m { s += Float(scores[j][i]) }
                    let v = s / Float(m)
                    out[i] = stackPrecision == .float16 ? Double(Float16(v)) : Double(v)
                }
            }
            return EnsembleScores(scores: out, precision: stackPrecision, weights: nil, accuracies: nil, chosenTemperature: nil)
        case .accuracy:
            var acc = [Double]()
            var mask = [UInt8](repeating: 0, count: Swift.max(n, 1))
            for p in members {
                let wrong = try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                    try findPredictedNeqGiven(p, labels: labels, mask: b, threads: threads)
                }
                acc.append(Double(n - wrong) / Double(n))
            }
            var total = 0.0
            for a in acc { total += a }
            weights = acc.map { $0 / total }
            accuracies = acc
        case .custom(let w):
            weights = w
        case .logLossSearch:
            break
        }
        let w = weights!
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = scores[0][i] * w[0]
            for j in 1..<m { s += scores[j][i] * w[j] }
            out[i] = s
        }
        return EnsembleScores(scores: out, precision: .float64, weights: w, accuracies: accuracies, chosenTemperature: chosen)
    }

    static func anyClassMissing(_ labels: LabelView, k: Int) -> Bool {
        var seen = [Bool](repeating: false, count: k)
        var count = 0
        for i in 0..<labels.count where !seen[labels[i]] {
            seen[labels[i]] = true
            count += 1
        }
        return count < k
    }

    /// cleanlab's input check of a member (probabilities within [-1e-6, 1 + 1e-6], finite).
    static func probabilityCheck(_ p: PredProbs, _ labels: LabelView) throws(CleanlabError) {
        switch p {
        case .float16(let m): try Dataset(m: m, labels: labels, threads: 1).probabilityPass()
        case .float32(let m): try Dataset(m: m, labels: labels, threads: 1).probabilityPass()
        case .float64(let m): try Dataset(m: m, labels: labels, threads: 1).probabilityPass()
        }
    }

    /// sklearn's `log_loss(labels, p')` of `p' = clip(p, 1e-6) / rowsum` in the member's dtype.
    static func memberLogLoss(_ p: PredProbs, _ labels: LabelView) -> Double {
        switch p {
        case .float16(let m): return Double(typedMemberLogLoss(m, labels))
        case .float32(let m): return Double(typedMemberLogLoss(m, labels))
        case .float64(let m): return typedMemberLogLoss(m, labels)
        }
    }

    /// log in T (correctly rounded for float32/float16; glibc's log for float64).
    @inline(__always)
    static func logT<T: ProbabilityScalar>(_ x: T) -> T {
        if T.self == Double.self { return T(log(Double(x))) }
        if T.self == Float16.self { return T(Float(log(Double(x)))) }
        return T(log(Double(x)))
    }

    static func typedMemberLogLoss<T: ProbabilityScalar>(_ m: ProbabilityMatrix<T>, _ labels: LabelView) -> T {
        let n = m.rows, k = m.columns
        let floor = T(1e-6)
        let eps = T.ulpOfOne
        let hi = 1 - eps
        var row = [T](repeating: 0, count: k)
        var terms = [T](repeating: 0, count: n)
        row.withUnsafeMutableBufferPointer { r in
            for i in 0..<n {
                let src = m.row(i)
                for j in 0..<k { r[j] = Swift.max(src[j], floor) }
                let s = T.numpyRowSum(UnsafePointer(r.baseAddress!), count: k)
                let q = r[labels[i]] / s
                let c = Swift.min(Swift.max(q, eps), hi)
                terms[i] = -logT(c)
            }
        }
        return terms.withUnsafeBufferPointer { T.numpyMean($0) }
    }

    /// sklearn's `log_loss(labels, sum_m w_m * p_m)` in float64 (the weights are float64).
    static func weightedAverageLogLoss(_ members: [PredProbs], _ labels: LabelView, _ w: [Double]) throws(CleanlabError) -> Double {
        let n = labels.count, k = members[0].columns
        var terms = [Double](repeating: 0, count: n)
        var avg = [Double](repeating: 0, count: k)
        var lo = Double.infinity, hi = -Double.infinity
        let eps = Double.ulpOfOne
        for i in 0..<n {
            for (j, p) in members.enumerated() {
                for c in 0..<k {
                    let v = w[j] * value(p, i, c)
                    avg[c] = j == 0 ? v : avg[c] + v
                }
            }
            for c in 0..<k {
                lo = Swift.min(lo, avg[c])
                hi = Swift.max(hi, avg[c])
            }
            let q = Swift.min(Swift.max(avg[labels[i]], eps), 1 - eps)
            terms[i] = -log(q)
        }
        if hi > 1 { throw CleanlabError(.probabilityRange, "log_loss_search: the weighted average of pred_probs contains values greater than 1: \(hi) (sklearn's log_loss raises here)") }
        if lo < 0 { throw CleanlabError(.probabilityRange, "log_loss_search: the weighted average of pred_probs contains values lower than 0: \(lo) (sklearn's log_loss raises here)") }
        return pairwiseSum(terms) / Double(n)
    }

    @inline(__always)
    static func value(_ p: PredProbs, _ i: Int, _ c: Int) -> Double {
        switch p {
        case .float16(let m): return Double(m.row(i)[c])
        case .float32(let m): return Double(m.row(i)[c])
        case .float64(let m): return m.row(i)[c]
        }
    }
}
