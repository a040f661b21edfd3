/*
 * test_multilabel.c — C tests of the cl_ml_* functions (multi-label, one-vs-rest) of
 * include/cleanlab.h, on a hand-derived example and every documented error status.
 * Prints "N passed, M failed"; exits non-zero on failure.
 *
 * The example (4 examples, 2 classes), labels [[0], [0,1], [], [1]]:
 *   p = [.9 .2 | .8 .7 | .95 .3 | .2 .9]
 * Class 0: binary labels [1 1 0 0], binary pred_probs [1-p0, p0]; thresholds
 *   t0 = mean(.05, .8) = .425, t1 = mean(.9, .8) = .85. Example 2 ([.05 .95], label 0) is
 *   confidently class 1: off the diagonal; example 3 is on it (class 0), example 0 on it
 *   (class 1), example 1 ([.2 .8]) is confident in neither. Raw cj = [[1 1] [0 1]].
 *   prune_by_noise_rate prunes 1 example of given class 0 toward class 1: example 2.
 * Class 1: binary labels [0 1 0 1]; t0 = mean(.8, .7) = .75, t1 = mean(.7, .9) = .8; nobody is
 *   confidently off the diagonal: no issue.
 * So every filter flags example 2 only.
 */
#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const double P[8] = {.9, .2, .8, .7, .95, .3, .2, .9};
static const int64_t OFF[5] = {0, 1, 3, 3, 4};
static const int64_t CLS[4] = {0, 0, 1, 1};

static void test_counts(void) {
    cl_pred_probs pp = {P, 4, 2, 0, CL_DTYPE_FLOAT64};
    cl_multilabels ml = {OFF, CLS, 4};
    double t[4];
    EXPECT(cl_ml_get_confident_thresholds(&pp, &ml, t), CL_OK);
    CHECK(close_to(t[0], ((1 - .95) + (1 - .2)) / 2) && close_to(t[1], (.9 + .8) / 2), "class 0 thresholds %g %g", t[0], t[1]);
    CHECK(close_to(t[2], ((1 - .2) + (1 - .3)) / 2) && close_to(t[3], (.7 + .9) / 2), "class 1 thresholds");
    int64_t cj[8];
    uint8_t masks[8];
    EXPECT(cl_ml_compute_confident_joint(&pp, &ml, NULL, 0, 0, cj, masks), CL_OK);
    CHECK(cj[0] == 1 && cj[1] == 1 && cj[2] == 0 && cj[3] == 1, "class 0 raw joint %lld %lld %lld %lld",
          (long long)cj[0], (long long)cj[1], (long long)cj[2], (long long)cj[3]);
    CHECK(masks[0] == 0 && masks[1] == 0 && masks[2] == 1 && masks[3] == 0, "class 0 off-diagonal: example 2");
    CHECK(masks[4] + masks[5] + masks[6] + masks[7] == 0, "class 1: none off the diagonal");
    EXPECT(cl_ml_compute_confident_joint(&pp, &ml, NULL, 0, 1, cj, NULL), CL_OK);
    CHECK(cj[0] + cj[1] == 2 && cj[2] + cj[3] == 2, "calibrated rows sum to the label counts");
    const double thr[2] = {0.5, 0.5};
    EXPECT(cl_ml_compute_confident_joint(&pp, &ml, thr, CL_DTYPE_FLOAT64, 0, cj, NULL), CL_OK);
    /* t = .5 everywhere: class 0 rows -> true 0,0,1,0 for given 1,1,0,0: cj = [[1 1] [0 2]] */
    CHECK(cj[0] == 1 && cj[1] == 1 && cj[2] == 0 && cj[3] == 2, "user thresholds");
    const double raw[8] = {1, 1, 0, 1, 1, 0, 0, 1};
    int64_t cal[8];
    EXPECT(cl_ml_calibrate_confident_joint(raw, 2, &ml, cal), CL_OK);
    CHECK(cal[0] == 1 && cal[1] == 1 && cal[2] == 0 && cal[3] == 2, "calibrate class 0");
    double joint[8];
    EXPECT(cl_ml_estimate_joint(&pp, &ml, NULL, joint), CL_OK);
    CHECK(close_to(joint[0] + joint[1] + joint[2] + joint[3], 1) && close_to(joint[4] + joint[5] + joint[6] + joint[7], 1),
          "each class's joint sums to 1");
    int64_t count = -1;
    EXPECT(cl_ml_num_label_issues(&pp, &ml, &count), CL_OK);
    CHECK(count == 1, "num_label_issues = %lld", (long long)count);
}

static void test_filter_and_scores(void) {
    cl_pred_probs pp = {P, 4, 2, 0, CL_DTYPE_FLOAT64};
    cl_multilabels ml = {OFF, CLS, 4};
    cl_options o;
    uint8_t mask[4];
    int64_t ranked[4], num = -1;
    for (int32_t f = CL_FILTER_PRUNE_BY_NOISE_RATE; f <= CL_FILTER_LOW_SELF_CONFIDENCE; f++) {
        if (f == CL_FILTER_PREDICTED_NEQ_GIVEN) continue; /* argmax flags more (example 1 in class 0) */
        cl_options_init(&o);
        o.filter_by = f;
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, ranked, 4, &num), CL_OK);
        CHECK(num == 1 && mask[2] == 1 && mask[0] + mask[1] + mask[3] == 0 && ranked[0] == 2, "filter %d", f);
    }
    EXPECT(cl_ml_find_label_issues(&pp, &ml, NULL, mask, NULL, 0, &num), CL_OK);
    CHECK(num == 1 && mask[2] == 1, "default options");
    uint8_t masks[8];
    int64_t rk[8], counts[2];
    cl_options_init(&o);
    o.return_indices_ranked_by = CL_RANK_NORMALIZED_MARGIN;
    EXPECT(cl_ml_find_label_issues_per_class(&pp, &ml, &o, masks, rk, counts), CL_OK);
    CHECK(counts[0] == 1 && counts[1] == 0 && masks[2] == 1 && rk[0] == 2, "per class");
    /* self-confidence of each binary problem: class 0 -> .9 .8 .05 .8 (1 - p where the label
     * lacks the class); class 1 -> .8 .7 .7 .9 */
    double s[8];
    EXPECT(cl_ml_get_label_quality_scores_per_class(&pp, &ml, CL_RANK_SELF_CONFIDENCE, 0, s), CL_OK);
    CHECK(s[0] == .9 && s[2] == .8 && s[4] == 1 - .95 && s[6] == .8 && s[1] == 1 - .2 && s[7] == .9, "per-class scores");
    double agg[4];
    EXPECT(cl_ml_get_label_quality_scores(&pp, &ml, CL_RANK_SELF_CONFIDENCE, 0, CL_ML_EXPONENTIAL_MOVING_AVERAGE, 0.8, agg), CL_OK);
    /* example 2: sorted descending [.7, .05]: .8 * .05 + .2 * .7 */
    CHECK(close_to(agg[2], 0.8 * (1 - .95) + 0.2 * (1 - .3)), "EMA score %.17g", agg[2]);
    const double sm[4] = {0.2, 0.9, 0.5, 0.5};
    double out[2];
    EXPECT(cl_ml_aggregate(sm, 2, 2, CL_ML_EXPONENTIAL_MOVING_AVERAGE, 0.8, out), CL_OK);
    CHECK(close_to(out[0], 0.8 * 0.2 + 0.2 * 0.9) && out[1] == 0.5, "aggregate EMA");
    EXPECT(cl_ml_aggregate(sm, 2, 2, CL_ML_EXPONENTIAL_MOVING_AVERAGE, NAN, out), CL_OK); /* alpha = 2/3 */
    CHECK(close_to(out[0], (2.0 / 3) * 0.2 + (1 - 2.0 / 3) * 0.9), "aggregate EMA default alpha");
    EXPECT(cl_ml_aggregate(sm, 2, 2, CL_ML_SOFTMIN, 0.1, out), CL_OK);
    double e0 = exp((0.8 - 0.8) / 0.1), e1 = exp((0.1 - 0.8) / 0.1);
    CHECK(close_to(out[0], 0.2 * e0 / (e0 + e1) + 0.9 * e1 / (e0 + e1)) && close_to(out[1], 0.5), "aggregate softmin");
}

static void test_errors(void) {
    cl_pred_probs pp = {P, 4, 2, 0, CL_DTYPE_FLOAT64};
    cl_multilabels ml = {OFF, CLS, 4};
    double t[4];
    uint8_t mask[4];
    int64_t num;
    EXPECT(cl_ml_get_confident_thresholds(&pp, NULL, t), CL_E_NULL_POINTER);
    EXPECT(cl_ml_get_confident_thresholds(NULL, &ml, t), CL_E_NULL_POINTER);
    EXPECT(cl_ml_get_confident_thresholds(&pp, &ml, NULL), CL_E_NULL_POINTER);
    cl_multilabels short_ml = {OFF, CLS, 3};
    EXPECT(cl_ml_get_confident_thresholds(&pp, &short_ml, t), CL_E_SHAPE);
    const int64_t bad_off[5] = {0, 2, 1, 3, 4};
    cl_multilabels dec = {bad_off, CLS, 4};
    EXPECT(cl_ml_get_confident_thresholds(&pp, &dec, t), CL_E_SHAPE);
    const int64_t far_off[5] = {0, 1, 9, 3, 4};
    cl_multilabels far = {far_off, CLS, 4};
    EXPECT(cl_ml_get_confident_thresholds(&pp, &far, t), CL_E_SHAPE);
    const int64_t big_cls[4] = {0, 0, 2, 1};
    cl_multilabels big = {OFF, big_cls, 4};
    EXPECT(cl_ml_find_label_issues(&pp, &big, NULL, mask, NULL, 0, &num), CL_E_LABEL_RANGE);
    const int64_t neg_cls[4] = {0, -1, 1, 1};
    cl_multilabels neg = {OFF, neg_cls, 4};
    EXPECT(cl_ml_num_label_issues(&pp, &neg, &num), CL_E_LABEL_RANGE);
    cl_multilabels nul = {OFF, NULL, 4};
    EXPECT(cl_ml_num_label_issues(&pp, &nul, &num), CL_E_NULL_POINTER);
    cl_multilabels nuloff = {NULL, CLS, 4};
    EXPECT(cl_ml_num_label_issues(&pp, &nuloff, &num), CL_E_NULL_POINTER);
    cl_multilabels negn = {OFF, CLS, -1};
    EXPECT(cl_ml_num_label_issues(&pp, &negn, &num), CL_E_SHAPE);
    const double bad_p[8] = {.9, .2, .8, 1.7, .95, .3, .2, .9};
    cl_pred_probs bp = {bad_p, 4, 2, 0, CL_DTYPE_FLOAT64};
    EXPECT(cl_ml_find_label_issues(&bp, &ml, NULL, mask, NULL, 0, &num), CL_E_PROB_RANGE);
    /* a class in every example: its binary problem has one class, as cleanlab rejects it */
    const int64_t all_off[5] = {0, 1, 2, 3, 4};
    const int64_t all_cls[4] = {1, 1, 1, 1};
    cl_multilabels all = {all_off, all_cls, 4};
    EXPECT(cl_ml_find_label_issues(&pp, &all, NULL, mask, NULL, 0, &num), CL_E_TOO_FEW_CLASSES);
    cl_options o;
    cl_options_init(&o);
    o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, NULL, 0, &num), CL_E_NULL_POINTER);
    int64_t rk[4];
    EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, rk, 0, &num), CL_E_BUFFER_TOO_SMALL);
    o.filter_by = 42;
    EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, rk, 4, &num), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    o.filter_by = CL_FILTER_CONFIDENT_LEARNING;
    const int64_t nrpc[2] = {1, 1};
    o.num_to_remove_per_class = nrpc;
    o.num_to_remove_per_class_len = 2;
    EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, rk, 4, &num), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    const double nan_cj[8] = {1, NAN, 0, 1, 1, 0, 0, 1};
    o.confident_joint = nan_cj;
    EXPECT(cl_ml_find_label_issues(&pp, &ml, &o, mask, rk, 4, &num), CL_E_NOT_FINITE);
    double s[8];
    EXPECT(cl_ml_get_label_quality_scores_per_class(&pp, &ml, 0, 0, s), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_ml_get_label_quality_scores_per_class(&pp, &ml, 3, 1, s), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_ml_get_label_quality_scores(&pp, &ml, 1, 0, 7, 0.8, s), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_ml_get_label_quality_scores(&pp, &ml, 1, 0, 1, 1.5, s), CL_E_INVALID_ARGUMENT);
    const double sm[4] = {0.2, 0.9, 0.5, INFINITY};
    double out[2];
    EXPECT(cl_ml_aggregate(sm, 2, 2, 1, 0.8, out), CL_E_NOT_FINITE);
    EXPECT(cl_ml_aggregate(sm, 2, 0, 1, 0.8, out), CL_E_SHAPE);
    EXPECT(cl_ml_aggregate(NULL, 2, 2, 1, 0.8, out), CL_E_NULL_POINTER);
    EXPECT(cl_ml_aggregate(sm, 1, 2, 2, NAN, out), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_ml_calibrate_confident_joint(NULL, 2, &ml, (int64_t *)s), CL_E_NULL_POINTER);
    const double cj1[8] = {1, 1, 0, 1, 1, 0, 0, 1};
    int64_t cal[8];
    EXPECT(cl_ml_calibrate_confident_joint(cj1, 0, &ml, cal), CL_E_SHAPE);
    EXPECT(cl_ml_calibrate_confident_joint(cj1, 1, &ml, cal), CL_E_LABEL_RANGE);
    cl_multilabels empty = {OFF, CLS, 0};
    EXPECT(cl_ml_calibrate_confident_joint(cj1, 2, &empty, cal), CL_E_SHAPE);
}

int main(void) {
    test_counts();
    test_filter_and_scores();
    test_errors();
    return test_report();
}
