// Golden fixtures: cleanlab 2.9.0's answers (scripts/gen_fixtures.py) against CleanlabCore.
//
// Masks, ranked indices and integer matrices must be identical; thresholds and
// self_confidence / normalized_margin scores bit-exact; other floats within 1e-12 relative.
// A case where cleanlab raises expects a CleanlabError with the matching code. A case whose
// result a tie decides (tie_dependent) is compared with the documented tie rule's answer
// (`rule`, or cleanlab's when the rule agrees).
import Foundation
import Testing
@testable import CleanlabCore

/// A computed output value.
enum Output {
    case ints([Int])
    case doubles([Double])
}

/// How a layout variant feeds the inputs: labels dtype, row stride padding, thread count.
struct Layout: CustomStringConvertible, Sendable {
    var int32Labels: Bool
    var padding: Int
    var threads: Int
    var description: String { "labels \(int32Labels ? "int32" : "int64"), row stride K+\(padding), threads \(threads)" }
}

let layouts = [
    Layout(int32Labels: false, padding: 0, threads: 0),
    Layout(int32Labels: true, padding: 3, threads: 3),
]

func rankBy(_ s: String) throws -> RankBy {
    switch s {
    case "self_confidence": return .selfConfidence
    case "normalized_margin": return .normalizedMargin
    case "confidence_weighted_entropy": return .confidenceWeightedEntropy
    default: throw FixtureError.malformed("rank method \(s)")
    }
}

func filterBy(_ s: String) throws -> FilterBy {
    switch s {
    case "prune_by_noise_rate": return .pruneByNoiseRate
    case "prune_by_class": return .pruneByClass
    case "both": return .both
    case "confident_learning": return .confidentLearning
    case "predicted_neq_given": return .predictedNeqGiven
    case "low_normalized_margin": return .lowNormalizedMargin
    case "low_self_confidence": return .lowSelfConfidence
    default: throw FixtureError.malformed("filter_by \(s)")
    }
}

func estimationMethod(_ s: String) throws -> EstimationMethod {
    switch s {
    case "off_diagonal": return .offDiagonal
    case "off_diagonal_calibrated": return .offDiagonalCalibrated
    case "off_diagonal_custom": return .offDiagonalCustom
    default: throw FixtureError.malformed("estimation method \(s)")
    }
}

func errorCode(_ name: String) throws -> CleanlabError.Code {
    let all: [CleanlabError.Code] = [.nullPointer, .invalidArgument, .shape, .dtype, .labelRange, .notFinite,
                                     .probabilityRange, .tooFewClasses, .bufferTooSmall, .numeric, .noMemory, .internal]
    guard let c = all.first(where: { "\($0)" == name }) else { throw FixtureError.malformed("error code \(name)") }
    return c
}

/// Why a case could not be run (a fixture problem, not a library result).
struct CaseSetupError: Error { let message: String }

/// Runs one fixture case. Fixture-format problems throw `CaseSetupError`; library errors are
/// returned as `.failure`.
func run(_ c: [String: Any], _ fx: Fixture, _ p: PredProbs, _ labels: LabelView, threads: Int) throws -> Result<[String: Output], CleanlabError> {
    guard let fn = c["fn"] as? String, let args = c["args"] as? [String: Any] else {
        throw CaseSetupError(message: "case without fn/args")
    }
    let k = fx.k
    // the numpy memory order of a supplied matrix (numpy sums it in that order)
    let columnMajor = (args["column_major"] as? Bool) ?? false
    func matrixArg(_ key: String) throws -> [Double]? {
        guard let name = args[key] as? String else { return nil }
        return try fx.matrix(named: name)
    }
    let body: () throws(CleanlabError) -> [String: Output]
    switch fn {
    case "count.get_confident_thresholds":
        body = { () throws(CleanlabError) in
            ["thresholds": .doubles(try Cleanlab.confidentThresholds(p, labels: labels, threads: threads))]
        }
    case "count.compute_confident_joint":
        let calibrate = (args["calibrate"] as? Bool) ?? true
        body = { () throws(CleanlabError) in
            var mask = [UInt8](repeating: 7, count: fx.n)
            let r = try mask.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                try Cleanlab.computeConfidentJoint(p, labels: labels, calibrate: calibrate, offDiagonalMask: b, threads: threads)
            }
            let idx = mask.indices.filter { mask[$0] != 0 }
            var out: [String: Output] = ["confident_joint": .ints(r.counts.map { Int($0) }), "off_diagonal_indices": .ints(idx)]
            if r.numOffDiagonal != idx.count || mask.contains(where: { $0 > 1 }) {
                out["mask_consistency"] = .ints([r.numOffDiagonal, idx.count])
            }
            return out
        }
    case "count.calibrate_confident_joint":
        guard let cj = try matrixArg("confident_joint") else { throw CaseSetupError(message: "calibrate without matrix") }
        body = { () throws(CleanlabError) in
            ["confident_joint": .ints(try Cleanlab.calibrateConfidentJoint(cj, k: k, labels: labels, columnMajor: columnMajor).map { Int($0) })]
        }
    case "count.estimate_joint":
        let cj = try matrixArg("confident_joint")
        let withLabels = (args["labels"] as? Bool) ?? true
        body = { () throws(CleanlabError) in
            ["joint": .doubles(try Cleanlab.estimateJoint(withLabels ? p : nil, labels: withLabels ? labels : nil,
                                                          confidentJoint: cj, columnMajor: columnMajor, k: k, threads: threads))]
        }
    case "count.num_label_issues":
        let method = try estimationMethod(args["method"] as? String ?? "off_diagonal")
        let cj = try matrixArg("confident_joint")
        body = { () throws(CleanlabError) in
            ["count": .ints([try Cleanlab.numLabelIssues(p, labels: labels, method: method, confidentJoint: cj, columnMajor: columnMajor, threads: threads)])]
        }
    case "filter.find_label_issues":
        var o = FilterOptions()
        o.filterBy = try filterBy(args["filter_by"] as? String ?? "prune_by_noise_rate")
        o.fracNoise = (args["frac_noise"] as? Double) ?? 1
        o.minExamplesPerClass = jsonInt(args["min_examples_per_class"]) ?? 1
        if let r = args["num_to_remove_per_class"], !(r is JSONNull) { o.numToRemovePerClass = try jsonInts(r) }
        o.confidentJoint = try matrixArg("confident_joint")
        if let r = args["return_indices_ranked_by"] as? String { o.rankBy = try rankBy(r) }
        o.rankAdjustPredProbs = (args["adjust_pred_probs"] as? Bool) ?? false
        let options = o
        body = { () throws(CleanlabError) in
            let r = try Cleanlab.findLabelIssues(p, labels: labels, options: options, threads: threads)
            let maskIdx = r.mask.indices.filter { r.mask[$0] }
            if options.rankBy != nil {
                var out: [String: Output] = ["ranked": .ints(r.rankedIndices ?? [-1])]
                if Set(r.rankedIndices ?? []) != Set(maskIdx) || (r.rankedIndices ?? []).count != maskIdx.count {
                    out["mask_consistency"] = .ints(maskIdx)
                }
                return out
            }
            return ["mask": .ints(r.mask.map { $0 ? 1 : 0 })]
        }
    case "rank.get_label_quality_scores":
        let method = try rankBy(args["method"] as? String ?? "self_confidence")
        let adjust = (args["adjust_pred_probs"] as? Bool) ?? false
        body = { () throws(CleanlabError) in
            ["scores": .doubles(try Cleanlab.labelQualityScores(p, labels: labels, method: method, adjustPredProbs: adjust, threads: threads))]
        }
    case "rank.get_self_confidence_for_each_label", "rank.get_normalized_margin_for_each_label",
         "rank.get_confidence_weighted_entropy_for_each_label":
        let method: RankBy = fn.contains("self_confidence") ? .selfConfidence
            : (fn.contains("normalized_margin") ? .normalizedMargin : .confidenceWeightedEntropy)
        body = { () throws(CleanlabError) in
            var out = [Double](repeating: -42, count: fx.n)
            try out.withUnsafeMutableBufferPointer { b throws(CleanlabError) in
                try Cleanlab.labelQualityScores(p, labels: labels, method: method, into: b, requireNonEmpty: false, threads: threads)
            }
            return ["scores": .doubles(out)]
        }
    case "rank.order_label_issues":
        guard let name = args["mask"] as? String else { throw CaseSetupError(message: "order without mask") }
        let mask = try fx.mask(named: name)
        let method = try rankBy(args["rank_by"] as? String ?? "self_confidence")
        let adjust = (args["adjust_pred_probs"] as? Bool) ?? false
        body = { () throws(CleanlabError) in
            let r = try mask.withUnsafeBufferPointer { b throws(CleanlabError) in
                try Cleanlab.orderLabelIssues(p, labels: labels, mask: b, rankBy: method, adjustPredProbs: adjust, threads: threads)
            }
            return ["ranked": .ints(r)]
        }
    case "rank.find_top_issues":
        guard let name = args["scores"] as? String else { throw CaseSetupError(message: "top without scores") }
        let scores = try fx.scores(named: name)
        let top = jsonInt(args["top"])
        body = { () throws(CleanlabError) in
            ["indices": .ints(scores.withUnsafeBufferPointer { Cleanlab.findTopIssues($0, top: top) })]
        }
    default:
        throw CaseSetupError(message: "unknown fn \(fn)")
    }
    do {
        return .success(try body())
    } catch {
        return .failure(error)
    }
}

/// The float tolerance of an output: 0 (bit-exact) for thresholds and self_confidence /
/// normalized_margin scores, 1e-12 relative otherwise.
func tolerance(key: String, fn: String, args: [String: Any]) -> Double {
    if key == "thresholds" { return 0 }
    if key == "scores" {
        if fn.contains("self_confidence") || fn.contains("normalized_margin") { return 0 }
        if let m = args["method"] as? String, m != "confidence_weighted_entropy" { return 0 }
    }
    return 1e-12
}

/// Checks one fixture under one layout; returns the failure descriptions.
func checkFixture(_ fx: Fixture, layout: Layout) throws -> [String] {
    let matrix = OwnedMatrix(dtype: fx.dtype, n: fx.n, k: fx.k, values: fx.values, stride: fx.k + layout.padding)
    let labels = OwnedLabels(fx.labels)
    let p = matrix.predProbs
    let lv = layout.int32Labels ? labels.int32 : labels.int64
    var failures = [String]()
    for c in fx.cases {
        let id = c["id"] as? String ?? "?"
        let fn = c["fn"] as? String ?? "?"
        let args = c["args"] as? [String: Any] ?? [:]
        let where_ = "\(fx.name) [\(layout)] \(id)"
        let result: Result<[String: Output], CleanlabError>
        do {
            result = try run(c, fx, p, lv, threads: layout.threads)
        } catch let e as CaseSetupError {
            failures.append("\(where_): fixture problem: \(e.message)")
            continue
        }
        if let err = c["error"] as? [String: Any] {
            let code = try errorCode(err["code"] as? String ?? "")
            let cleanlabSays = "\(err["type"] ?? "?"): \(err["message"] ?? "?")"
            switch result {
            case .success:
                failures.append("\(where_): cleanlab raises \(cleanlabSays) (expected CleanlabError .\(code)), CleanlabCore returned a result")
            case .failure(let e) where e.code != code:
                failures.append("\(where_): cleanlab raises \(cleanlabSays) (expected .\(code)), CleanlabCore threw .\(e.code): \(e.message)")
            case .failure:
                break
            }
            continue
        }
        let tieDependent = (c["tie_dependent"] as? Bool) ?? false
        guard let expected = (tieDependent ? (c["rule"] ?? c["expected"]) : c["expected"]) as? [String: Any] else {
            failures.append("\(where_): fixture problem: no expected output")
            continue
        }
        let against = tieDependent ? "tie rule" : "cleanlab"
        switch result {
        case .failure(let e):
            failures.append("\(where_): CleanlabCore threw .\(e.code) (\(e.message)), \(against) returns a result")
        case .success(let out):
            if let mc = out["mask_consistency"] {
                failures.append("\(where_): the mask/count/ranked outputs are inconsistent: \(mc)")
            }
            for (key, value) in expected {
                guard let actual = out[key] else {
                    failures.append("\(where_): no output \(key)")
                    continue
                }
                let d: String
                switch actual {
                case .ints(let a):
                    if key == "count" {
                        let e = jsonInt(value) ?? Int.min
                        d = a == [e] ? "" : "expected \(e) got \(a[0])"
                    } else {
                        d = diffInts(try jsonInts(value), a)
                    }
                case .doubles(let a):
                    d = diffDoubles(try jsonDoubles(value), a, relTol: tolerance(key: key, fn: fn, args: args))
                }
                if !d.isEmpty { failures.append("\(where_): \(key) vs \(against): \(d)") }
            }
        }
    }
    return failures
}

@Suite("Golden fixtures (cleanlab 2.9.0)")
struct GoldenFixtureTests {
    @Test("the fixtures are present")
    func fixturesPresent() {
        let names = goldenFixtureNames()
        #expect(names.count >= 20, "found \(names.count) fixtures in \(fixturesDirectory.path); run scripts/gen_fixtures.py")
        let docs = names.compactMap { try? Fixture(name: $0) }
        #expect(docs.contains { $0.ties }, "no tie-heavy fixture")
        #expect(docs.contains { $0.n == 0 } && docs.contains { $0.n == 1 } && docs.contains { $0.k == 2 } && docs.contains { $0.k >= 200 })
        for dt in OwnedMatrix.DType.allCases { #expect(docs.contains { $0.dtype == dt }, "no \(dt) fixture") }
    }

    @Test("fixture matches cleanlab", arguments: goldenFixtureNames())
    func fixture(_ name: String) throws {
        let fx = try Fixture(name: name)
        // exact parsing of pred_probs (the generator's checksum of the raw values)
        let m = OwnedMatrix(dtype: fx.dtype, n: fx.n, k: fx.k, values: fx.values)
        #expect(m.fnv1a64() == fx.checksum, "\(name): pred_probs did not parse exactly")
        for layout in layouts {
            let failures = try checkFixture(fx, layout: layout)
            for f in failures { Issue.record(Comment(rawValue: f)) }
        }
    }
}
