/*
 * test_health.c — C tests of the "dataset health" section of include/cleanlab.h
 * (cl_rank_classes_by_label_quality, cl_find_overlapping_classes, cl_overall_label_health_score).
 *
 * Expected answers are derived by hand from cleanlab 2.9.0's formulas (cleanlab-api.md §2.4) on a
 * small joint whose values are given in the comments; error paths cover every status the
 * functions document. The last line printed is "N passed, M failed"; the exit status is non-zero
 * on any failure.
 */
#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* given x true:
 *   [0.30 0.05 0.05]   row sums 0.40 0.30 0.30, column sums 0.40 0.27 0.33, trace 0.78
 *   [0.10 0.20 0.00]
 *   [0.00 0.02 0.28]                                                                         */
static const double J[9] = {0.30, 0.05, 0.05, 0.10, 0.20, 0.00, 0.00, 0.02, 0.28};

static void test_rank_classes(void) {
    int64_t ci[3], li[3], ili[3];
    double ln[3], iln[3], q[3];
    EXPECT(cl_rank_classes_by_label_quality(J, 3, CL_ORDER_ROW_MAJOR, 100.0, ci, li, ili, ln, iln, q),
           CL_OK);
    /* quality: class 0 0.75, class 1 1-0.1/0.3 = 0.667, class 2 1-0.02/0.3 = 0.933 */
    CHECK(ci[0] == 1 && ci[1] == 0 && ci[2] == 2, "order %lld %lld %lld", (long long)ci[0],
          (long long)ci[1], (long long)ci[2]);
    CHECK(li[0] == 10 && li[1] == 10 && li[2] == 2, "label issues");
    CHECK(ili[0] == 7 && ili[1] == 10 && ili[2] == 5, "inverse label issues %lld %lld %lld",
          (long long)ili[0], (long long)ili[1], (long long)ili[2]);
    CHECK(close_to(ln[0], (0.30 - 0.20) / 0.30) && close_to(ln[1], 0.25) &&
              close_to(ln[2], 0.02 / 0.30),
          "label noise");
    CHECK(close_to(iln[0], 0.07 / 0.27) && close_to(iln[1], 0.25) && close_to(iln[2], 0.05 / 0.33),
          "inverse label noise");
    for (int r = 0; r < 3; r++) CHECK(q[r] == 1 - ln[r], "quality = 1 - noise (row %d)", r);

    /* ties: every class has quality 1 -> class order */
    const double eye[9] = {1.0 / 3, 0, 0, 0, 1.0 / 3, 0, 0, 0, 1.0 / 3};
    EXPECT(cl_rank_classes_by_label_quality(eye, 3, CL_ORDER_ROW_MAJOR, 30.0, ci, li, ili, ln, iln, q),
           CL_OK);
    CHECK(ci[0] == 0 && ci[1] == 1 && ci[2] == 2 && li[0] == 0 && q[2] == 1.0, "ties keep class order");

    /* column-major order gives the same values on this (exactly summed) matrix */
    EXPECT(cl_rank_classes_by_label_quality(J, 3, CL_ORDER_COLUMN_MAJOR, 100.0, ci, li, ili, ln, iln, q),
           CL_OK);
    CHECK(ci[0] == 1 && li[2] == 2, "column-major");

    /* half to even: 0.25 * 10 = 2.5 -> 2, 0.75 * 10 = 7.5 -> 8 */
    const double h[4] = {0.0, 0.25, 0.75, 0.0};
    EXPECT(cl_rank_classes_by_label_quality(h, 2, CL_ORDER_ROW_MAJOR, 10.0, ci, li, ili, ln, iln, q),
           CL_OK);
    CHECK(ci[0] == 0 && li[0] == 2 && li[1] == 8 && ili[0] == 8 && ili[1] == 2, "half to even");

    /* errors */
    EXPECT(cl_rank_classes_by_label_quality(NULL, 3, 0, 100.0, ci, li, ili, ln, iln, q), CL_E_NULL_POINTER);
    EXPECT(cl_rank_classes_by_label_quality(J, 3, 0, 100.0, NULL, li, ili, ln, iln, q), CL_E_NULL_POINTER);
    EXPECT(cl_rank_classes_by_label_quality(J, 3, 0, 100.0, ci, li, ili, ln, iln, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_rank_classes_by_label_quality(J, 1, 0, 100.0, ci, li, ili, ln, iln, q), CL_E_SHAPE);
    EXPECT(cl_rank_classes_by_label_quality(J, -3, 0, 100.0, ci, li, ili, ln, iln, q), CL_E_SHAPE);
    EXPECT(cl_rank_classes_by_label_quality(J, INT64_MAX, 0, 100.0, ci, li, ili, ln, iln, q), CL_E_SHAPE);
    EXPECT(cl_rank_classes_by_label_quality(J, 3, 7, 100.0, ci, li, ili, ln, iln, q), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_rank_classes_by_label_quality(J, 3, 0, NAN, ci, li, ili, ln, iln, q), CL_E_NOT_FINITE);
    EXPECT(cl_rank_classes_by_label_quality(J, 3, 0, 1e300, ci, li, ili, ln, iln, q), CL_E_NUMERIC);
    double bad[9];
    memcpy(bad, J, sizeof bad);
    bad[4] = INFINITY;
    EXPECT(cl_rank_classes_by_label_quality(bad, 3, 0, 100.0, ci, li, ili, ln, iln, q), CL_E_NOT_FINITE);
}

static void test_overlapping(void) {
    int64_t a[6], b[6], no[6], count = -1;
    double jp[6];
    /* symmetric: (0,1) 0.15, (0,2) 0.05, (1,2) 0.02 */
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 0, a, b, no, jp, 6, &count), CL_OK);
    CHECK(count == 3, "symmetric count %lld", (long long)count);
    CHECK(a[0] == 0 && b[0] == 1 && a[1] == 0 && b[1] == 2 && a[2] == 1 && b[2] == 2, "symmetric order");
    CHECK(no[0] == 15 && no[1] == 5 && no[2] == 2, "symmetric counts");
    CHECK(jp[0] == 0.05 + 0.10 && jp[1] == 0.05 && jp[2] == 0.02, "symmetric probabilities");
    /* asymmetric: (1,0) .10, then the ties (0,1) .05 and (0,2) .05 in pair order, (2,1) .02,
     * then the zeros (1,2) and (2,0) in pair order */
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 1, a, b, no, jp, 6, &count), CL_OK);
    CHECK(count == 6, "asymmetric count");
    const int64_t ea[6] = {1, 0, 0, 2, 1, 2}, eb[6] = {0, 1, 2, 1, 2, 0}, en[6] = {10, 5, 5, 2, 0, 0};
    for (int r = 0; r < 6; r++)
        CHECK(a[r] == ea[r] && b[r] == eb[r] && no[r] == en[r] && jp[r] == J[ea[r] * 3 + eb[r]],
              "asymmetric row %d: (%lld, %lld) %lld", r, (long long)a[r], (long long)b[r], (long long)no[r]);
    /* capacity */
    count = -1;
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 1, a, b, no, jp, 5, &count), CL_E_BUFFER_TOO_SMALL);
    CHECK(count == 6, "needed capacity reported: %lld", (long long)count);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 0, a, b, no, jp, 3, &count), CL_OK);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 0, a, b, no, jp, 2, &count), CL_E_BUFFER_TOO_SMALL);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 0, a, b, no, jp, 6, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 100.0, 0, NULL, b, no, jp, 6, &count), CL_E_NULL_POINTER);
    EXPECT(cl_find_overlapping_classes(NULL, 3, 0, 100.0, 0, a, b, no, jp, 6, &count), CL_E_NULL_POINTER);
    EXPECT(cl_find_overlapping_classes(J, 1, 0, 100.0, 0, a, b, no, jp, 6, &count), CL_E_SHAPE);
    EXPECT(cl_find_overlapping_classes(J, 3, -1, 100.0, 0, a, b, no, jp, 6, &count), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, INFINITY, 0, a, b, no, jp, 6, &count), CL_E_NOT_FINITE);
    EXPECT(cl_find_overlapping_classes(J, 3, 0, 1e300, 0, a, b, no, jp, 6, &count), CL_E_NUMERIC);
}

static void test_overall(void) {
    double score = -1;
    int64_t issues = -1;
    /* joint path: trace 0.78, round(100 * 0.22) = 22 */
    EXPECT(cl_overall_label_health_score(NULL, NULL, J, 3, 0, 100.0, &score, &issues), CL_OK);
    CHECK(close_to(score, 0.78) && issues == 22, "trace path: %.17g %lld", score, (long long)issues);
    EXPECT(cl_overall_label_health_score(NULL, NULL, J, 3, 0, 100.0, &score, NULL), CL_OK);

    /* labels + pred_probs path: 6 examples, 2 classes; example 5 (label 0, p = [0.1, 0.9]) and
     * example 2 (label 1, p = [0.8, 0.2]) are confidently off the diagonal and not their argmax.
     * thresholds: t0 = mean(.9, .8, .1) = .6, t1 = mean(.2, .9, .7) = .6. */
    const double p[12] = {0.9, 0.1, 0.8, 0.2, 0.8, 0.2, 0.1, 0.9, 0.3, 0.7, 0.1, 0.9};
    const int64_t y[6] = {0, 0, 1, 1, 1, 0};
    cl_pred_probs pp = {p, 6, 2, 0, CL_DTYPE_FLOAT64};
    cl_labels lab = {y, 6, CL_LABEL_INT64};
    int64_t n_issues = -1;
    EXPECT(cl_num_label_issues(&pp, &lab, CL_ESTIMATE_OFF_DIAGONAL, NULL, 0, &n_issues), CL_OK);
    CHECK(n_issues == 2, "num_label_issues = %lld", (long long)n_issues);
    EXPECT(cl_overall_label_health_score(&pp, &lab, NULL, 0, 0, NAN, &score, &issues), CL_OK);
    CHECK(score == 1.0 - 2.0 / 6.0 && issues == 2, "labels path: %.17g", score);
    EXPECT(cl_overall_label_health_score(&pp, &lab, J, 3, 0, 8.0, &score, &issues), CL_OK);
    CHECK(score == 1.0 - 2.0 / 8.0, "labels path with num_examples (joint ignored)");

    /* errors */
    EXPECT(cl_overall_label_health_score(&pp, &lab, NULL, 0, 0, NAN, NULL, &issues), CL_E_NULL_POINTER);
    EXPECT(cl_overall_label_health_score(NULL, NULL, NULL, 3, 0, 100.0, &score, &issues), CL_E_NULL_POINTER);
    EXPECT(cl_overall_label_health_score(&pp, NULL, NULL, 3, 0, 100.0, &score, &issues), CL_E_NULL_POINTER);
    EXPECT(cl_overall_label_health_score(NULL, NULL, J, 3, 0, NAN, &score, &issues), CL_E_NOT_FINITE);
    EXPECT(cl_overall_label_health_score(NULL, NULL, J, 3, 0, 1e300, &score, &issues), CL_E_NUMERIC);
    EXPECT(cl_overall_label_health_score(NULL, NULL, J, 3, 2, 100.0, &score, &issues), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_overall_label_health_score(&pp, &lab, NULL, 0, 0, -1.0, &score, &issues), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_overall_label_health_score(&pp, &lab, NULL, 0, 0, INFINITY, &score, &issues), CL_E_NOT_FINITE);
    const int64_t one_class[6] = {0, 0, 0, 0, 0, 0};
    cl_labels lab1 = {one_class, 6, CL_LABEL_INT64};
    EXPECT(cl_overall_label_health_score(&pp, &lab1, NULL, 0, 0, NAN, &score, &issues), CL_E_TOO_FEW_CLASSES);
    const int64_t y_bad[6] = {0, 0, 1, 1, 2, 0};
    cl_labels lab2 = {y_bad, 6, CL_LABEL_INT64};
    EXPECT(cl_overall_label_health_score(&pp, &lab2, NULL, 0, 0, NAN, &score, &issues), CL_E_LABEL_RANGE);
    cl_labels lab3 = {y, 5, CL_LABEL_INT64};
    EXPECT(cl_overall_label_health_score(&pp, &lab3, NULL, 0, 0, NAN, &score, &issues), CL_E_SHAPE);
}

/* Two members, 4 examples, 2 classes, labels [0 1 0 1]. Self-confidence scores:
 *   m0 = [.9 .1 | .2 .8 | .4 .6 | .3 .7]  -> .9 .8 .4 .7, argmax 0 1 1 1 -> accuracy 3/4
 *   m1 = [.6 .4 | .5 .5 | .7 .3 | .9 .1]  -> .6 .5 .7 .1, argmax 0 0 0 0 -> accuracy 2/4
 * accuracy weights .75/1.25 = .6 and .4 -> .78 .68 .52 .46 */
static void test_ensemble(void) {
    const double m0[8] = {.9, .1, .2, .8, .4, .6, .3, .7};
    const double m1[8] = {.6, .4, .5, .5, .7, .3, .9, .1};
    const int64_t y[4] = {0, 1, 0, 1};
    cl_pred_probs ms[2] = {{m0, 4, 2, 0, CL_DTYPE_FLOAT64}, {m1, 4, 2, 0, CL_DTYPE_FLOAT64}};
    cl_labels lab = {y, 4, CL_LABEL_INT64};
    double s[4], w[2] = {-1, -1}, acc[2] = {-1, -1};
    int32_t dt = 0;
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, CL_RANK_SELF_CONFIDENCE, 0, CL_ENSEMBLE_ACCURACY,
                                                NULL, NULL, 0, s, w, acc, &dt), CL_OK);
    CHECK(acc[0] == 0.75 && acc[1] == 0.5 && close_to(w[0], 0.6) && close_to(w[1], 0.4), "accuracy weights");
    CHECK(close_to(s[0], .78) && close_to(s[1], .68) && close_to(s[2], .52) && close_to(s[3], .46),
          "accuracy scores %g %g %g %g", s[0], s[1], s[2], s[3]);
    CHECK(dt == CL_DTYPE_FLOAT64, "weighted scores are float64");
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, CL_RANK_SELF_CONFIDENCE, 0, CL_ENSEMBLE_UNIFORM,
                                                NULL, NULL, 0, s, NULL, NULL, NULL), CL_OK);
    CHECK(s[0] == (0.9 + 0.6) / 2 && s[3] == (0.7 + 0.1) / 2, "uniform");
    const double cw[2] = {1, 3};
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, CL_RANK_SELF_CONFIDENCE, 0, CL_ENSEMBLE_CUSTOM,
                                                cw, NULL, 0, s, w, NULL, NULL), CL_OK);
    CHECK(close_to(s[0], 2.7) && close_to(s[2], 2.5) && w[1] == 3, "custom");
    const double t[3] = {0.1, 1.0, 10.0};
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, CL_RANK_SELF_CONFIDENCE, 0, CL_ENSEMBLE_LOG_LOSS_SEARCH,
                                                NULL, t, 3, s, w, NULL, NULL), CL_OK);
    /* m0 fits better (log loss 0.40 vs 0.96): it gets more weight; the weights sum to 1 */
    CHECK(w[0] > w[1] && close_to(w[0] + w[1], 1.0), "log-loss weights %g %g", w[0], w[1]);
    CHECK(close_to(s[0], 0.9 * w[0] + 0.6 * w[1]), "log-loss scores");
    /* float32 members: uniform keeps float32 */
    const float f0[8] = {.9f, .1f, .2f, .8f, .4f, .6f, .3f, .7f};
    cl_pred_probs fm[2] = {{f0, 4, 2, 0, CL_DTYPE_FLOAT32}, {f0, 4, 2, 0, CL_DTYPE_FLOAT32}};
    EXPECT(cl_get_label_quality_ensemble_scores(fm, 2, &lab, CL_RANK_SELF_CONFIDENCE, 0, CL_ENSEMBLE_UNIFORM,
                                                NULL, NULL, 0, s, NULL, NULL, &dt), CL_OK);
    CHECK(dt == CL_DTYPE_FLOAT32 && s[0] == (double)0.9f, "float32 uniform");

    /* errors */
    EXPECT(cl_get_label_quality_ensemble_scores(NULL, 2, &lab, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 0, &lab, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, NULL, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 1, 0, 2, NULL, NULL, 0, NULL, NULL, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 0, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 3, 1, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 1, 0, 9, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 1, 0, 4, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 1, 0, 3, NULL, t, 0, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab, 1, 0, 3, NULL, NULL, 3, s, NULL, NULL, NULL), CL_E_NULL_POINTER);
    const int64_t y1[4] = {1, 1, 1, 1};
    cl_labels lab1 = {y1, 4, CL_LABEL_INT64};
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab1, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_TOO_FEW_CLASSES);
    cl_labels lab3 = {y, 3, CL_LABEL_INT64};
    EXPECT(cl_get_label_quality_ensemble_scores(ms, 2, &lab3, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_SHAPE);
    const double bad[8] = {.9, .1, .2, .8, .4, .6, .3, 1.7};
    cl_pred_probs mb[2] = {{m0, 4, 2, 0, CL_DTYPE_FLOAT64}, {bad, 4, 2, 0, CL_DTYPE_FLOAT64}};
    EXPECT(cl_get_label_quality_ensemble_scores(mb, 2, &lab, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_PROB_RANGE);
    mb[1].dtype = 77;
    EXPECT(cl_get_label_quality_ensemble_scores(mb, 2, &lab, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_E_DTYPE);
    /* a class absent from labels: log_loss_search fails as sklearn does */
    const double k3[12] = {.8, .1, .1, .1, .8, .1, .7, .2, .1, .2, .7, .1};
    cl_pred_probs m3[1] = {{k3, 4, 3, 0, CL_DTYPE_FLOAT64}};
    EXPECT(cl_get_label_quality_ensemble_scores(m3, 1, &lab, 1, 0, 3, NULL, t, 3, s, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_get_label_quality_ensemble_scores(m3, 1, &lab, 1, 0, 2, NULL, NULL, 0, s, NULL, NULL, NULL), CL_OK);
}

/* labels [0 0 1 1 1 0], argmax [0 0 0 1 1 1]: C[given][argmax] = [[2 1] [1 2]] (rows already
 * sum to the label counts, so calibration keeps it). prune_by_noise_rate flags, in class 0, the
 * row with the largest p1 - p0 (row 5) and, in class 1, the largest p0 - p1 (row 2). */
static void test_argmax_confusion(void) {
    const double p[12] = {0.9, 0.1, 0.8, 0.2, 0.8, 0.2, 0.1, 0.9, 0.3, 0.7, 0.1, 0.9};
    const int64_t y[6] = {0, 0, 1, 1, 1, 0};
    cl_pred_probs pp = {p, 6, 2, 0, CL_DTYPE_FLOAT64};
    cl_labels lab = {y, 6, CL_LABEL_INT64};
    uint8_t mask[6];
    int64_t count = -1;
    for (int cal = 0; cal < 2; cal++) {
        EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab, cal, CL_FILTER_PRUNE_BY_NOISE_RATE, mask, &count), CL_OK);
        CHECK(count == 2 && mask[2] == 1 && mask[5] == 1 && mask[0] + mask[1] + mask[3] + mask[4] == 0,
              "prune_by_noise_rate (calibrate=%d)", cal);
    }
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab, 1, CL_FILTER_PREDICTED_NEQ_GIVEN, mask, NULL), CL_OK);
    CHECK(mask[2] == 1 && mask[5] == 1 && mask[0] == 0, "predicted_neq_given");
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab, 1, 0, mask, &count), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab, 1, 1, NULL, &count), CL_E_NULL_POINTER);
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(NULL, &lab, 1, 1, mask, &count), CL_E_NULL_POINTER);
    const int64_t y1[6] = {0, 0, 0, 0, 0, 0};
    cl_labels lab1 = {y1, 6, CL_LABEL_INT64};
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab1, 1, 1, mask, &count), CL_E_TOO_FEW_CLASSES);
    /* class 2 neither given nor predicted */
    const double p3[18] = {0.9, 0.1, 0, 0.8, 0.2, 0, 0.8, 0.2, 0, 0.1, 0.9, 0, 0.3, 0.7, 0, 0.1, 0.9, 0};
    cl_pred_probs pp3 = {p3, 6, 3, 0, CL_DTYPE_FLOAT64};
    EXPECT(cl_find_label_issues_using_argmax_confusion_matrix(&pp3, &lab, 1, 1, mask, &count), CL_E_INVALID_ARGUMENT);
}

int main(void) {
    test_rank_classes();
    test_overlapping();
    test_overall();
    test_ensemble();
    test_argmax_confusion();
    return test_report();
}
