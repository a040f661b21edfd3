// The cl_* functions of the "dataset health" section of include/cleanlab.h (cleanlab's
// `dataset` module). Each thunk validates its pointers and sizes, calls one CleanlabCore
// function and maps errors to cl_status.
import CCleanlab
import CCleanlabSupport
import CleanlabCore

@c @implementation
public func cl_rank_classes_by_label_quality(_ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                             _ num_examples: Double,
                                             _ out_class_index: UnsafeMutablePointer<Int64>?,
                                             _ out_label_issues: UnsafeMutablePointer<Int64>?,
                                             _ out_inverse_label_issues: UnsafeMutablePointer<Int64>?,
                                             _ out_label_noise: UnsafeMutablePointer<Double>?,
                                             _ out_inverse_label_noise: UnsafeMutablePointer<Double>?,
                                             _ out_label_quality_score: UnsafeMutablePointer<Double>?) -> cl_status {
    guarded("cl_rank_classes_by_label_quality") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let j = try squareMatrix(joint, k: k, "joint")
        let columnMajor = try matrixOrder(joint_order)
        let ci = try require(out_class_index, "out_class_index")
        let li = try require(out_label_issues, "out_label_issues")
        let ili = try require(out_inverse_label_issues, "out_inverse_label_issues")
        let ln = try require(out_label_noise, "out_label_noise")
        let iln = try require(out_inverse_label_noise, "out_inverse_label_noise")
        let q = try require(out_label_quality_score, "out_label_quality_score")
        let rows = try Cleanlab.rankClassesByLabelQuality(joint: j, k: k, numExamples: num_examples, columnMajor: columnMajor)
        for (r, row) in rows.enumerated() {
            ci[r] = Int64(row.classIndex)
            li[r] = row.labelIssues
            ili[r] = row.inverseLabelIssues
            ln[r] = row.labelNoise
            iln[r] = row.inverseLabelNoise
            q[r] = row.labelQualityScore
        }
    }
}

@c @implementation
public func cl_find_overlapping_classes(_ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                        _ num_examples: Double, _ asymmetric: Int32,
                                        _ out_class_a: UnsafeMutablePointer<Int64>?,
                                        _ out_class_b: UnsafeMutablePointer<Int64>?,
                                        _ out_num_overlapping: UnsafeMutablePointer<Int64>?,
                                        _ out_joint_probability: UnsafeMutablePointer<Double>?,
                                        _ capacity: Int64, _ out_count: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_find_overlapping_classes") { () throws(CleanlabError) in
        let k = Int(n_classes)
        let j = try squareMatrix(joint, k: k, "joint")
        let columnMajor = try matrixOrder(joint_order)
        let count = try require(out_count, "out_count")
        let needed = asymmetric != 0 ? k * (k - 1) : k * (k - 1) / 2
        if capacity < Int64(needed) {
            count.pointee = Int64(needed)
            throw CleanlabError(.bufferTooSmall, "capacity is \(capacity) but \(needed) class pairs are returned for \(k) classes")
        }
        let a = try require(out_class_a, "out_class_a")
        let b = try require(out_class_b, "out_class_b")
        let no = try require(out_num_overlapping, "out_num_overlapping")
        let jp = try require(out_joint_probability, "out_joint_probability")
        let pairs = try Cleanlab.findOverlappingClasses(joint: j, k: k, numExamples: num_examples,
                                                        asymmetric: asymmetric != 0, columnMajor: columnMajor)
        for (r, p) in pairs.enumerated() {
            a[r] = Int64(p.classA)
            b[r] = Int64(p.classB)
            no[r] = p.numOverlappingExamples
            jp[r] = p.jointProbability
        }
        count.pointee = Int64(pairs.count)
    }
}

@c @implementation
public func cl_overall_label_health_score(_ pred_probs: UnsafePointer<cl_pred_probs>?, _ labels: UnsafePointer<cl_labels>?,
                                          _ joint: UnsafePointer<Double>?, _ n_classes: Int64, _ joint_order: Int32,
                                          _ num_examples: Double, _ out_score: UnsafeMutablePointer<Double>?,
                                          _ out_num_issues: UnsafeMutablePointer<Int64>?) -> cl_status {
    guarded("cl_overall_label_health_score") { () throws(CleanlabError) in
        let score = try require(out_score, "out_score")
        let r: (score: Double, numIssues: Int64)
        if pred_probs != nil && labels != nil {
            let p = try predProbs(pred_probs), l = try labelView(labels)
            if num_examples.isNaN == false && num_examples < 0 {
                throw CleanlabError(.invalidArgument, "num_examples must be >= 0 (or NaN for the number of labels), got \(num_examples)")
            }
            if num_examples.isInfinite { throw CleanlabError(.notFinite, "num_examples is infinite") }
            r = try Cleanlab.overallLabelHealthScore(p, labels: l, numExamples: num_examples.isNaN ? nil : num_examples,
                                                     threads: threadCount())
        } else {
            if joint == nil {
                throw CleanlabError(.nullPointer, "joint is NULL: give either pred_probs and labels, or a joint")
            }
            let k = Int(n_classes)
            let j = try squareMatrix(joint, k: k, "joint")
            let columnMajor = try matrixOrder(joint_order)
            r = try Cleanlab.overallLabelHealthScore(joint: j, k: k, numExamples: num_examples, columnMajor: columnMajor)
        }
        score.pointee = r.score
        out_num_issues?.pointee = r.numIssues
    }
}
