/*
 * test_v1.c — C tests of the "cleanlab 1.x semantics" section of include/cleanlab.h (cl_v1_*).
 *
 * Small datasets whose answers follow by hand from cleanlab 1.0.1's rules (cleanlab-api.md §1.1,
 * §1.2, §1.10; the derivations are in the comments), chosen so that 1.x and 2.x differ:
 * ties at the prune_by_noise_rate cut all flagged, the strict '<' of prune_by_class,
 * MIN_NUM_PER_CLASS = 5, no diagonal clip in the confident joint, flooring in num_label_errors,
 * argmax ties to the lowest class; plus every error status. The last line printed is
 * "N passed, M failed"; the exit status is non-zero on any failure.
 */
#include "cleanlab.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

/* ---------------------------------------------------------------------------------------------
 * Dataset A (K = 2, n = 14), rows (p0, p1):
 *   s = 0: rows 0-3 (0.9, 0.1); row 4 (0.3, 0.7); row 5 (0.25, 0.75); row 6 (0.3, 0.7)
 *   s = 1: rows 7-11 (0.2, 0.8); rows 12-13 (0.6, 0.4)
 * t0 = (3.6 + 0.85) / 7 = 0.6357, t1 = 4.8 / 7 = 0.6857.
 * Confident: rows 0-3 -> 0; rows 4-6 -> 1 (p1 >= t1); rows 7-11 -> 1; rows 12-13 none.
 * Raw joint [given][true] = [[4, 3], [0, 5]]; calibrated: row 1 scaled to 7 -> [[4, 3], [0, 7]].
 * Prune counts: keep_at_least_n_per_class(cj.T = [[4, 0], [3, 7]], 5): column 0's diagonal
 * 4 -> 5 taken from its one non-zero off-diagonal: [[5, 0], [2, 7]].
 * prune_by_noise_rate, class 0, true 1, n = 2: margins p1 - p0 of rows 4, 5, 6 are 0.4, 0.5, 0.4;
 *   the 2nd largest is 0.4 and every margin >= 0.4 is flagged: rows 4, 5, 6 (3 > n: the 1.x tie
 *   rule; 2.x flags 2).
 * prune_by_class, class 0: 7 - 5 = 2 errors; p0 sorted: 0.25, 0.3, 0.3, ... -> value 0.3 at
 *   position 2; strictly below: row 5 only. Class 1: 0 errors -> none.
 * both: {5}. None of rows 4-6 has argmax 0, so the final filter keeps them.
 * Sorted (either method): keys row 4 = row 6 > row 5 -> [5, 4, 6] (ties: lower index first).
 * ------------------------------------------------------------------------------------------- */
static const double A[14][2] = {{0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.9, 0.1}, {0.3, 0.7},
                                {0.25, 0.75}, {0.3, 0.7}, {0.2, 0.8}, {0.2, 0.8}, {0.2, 0.8},
                                {0.2, 0.8}, {0.2, 0.8}, {0.6, 0.4}, {0.6, 0.4}};
static const int64_t A_s[14] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};

static cl_pred_probs pp_of(const void *data, int64_t n, int64_t k, int32_t dtype) {
    cl_pred_probs p;
    p.data = data;
    p.n_examples = n;
    p.n_classes = k;
    p.row_stride = 0;
    p.dtype = dtype;
    return p;
}

static cl_labels labels_of(const int64_t *s, int64_t n) {
    cl_labels l;
    l.data = s;
    l.n_examples = n;
    l.dtype = CL_LABEL_INT64;
    return l;
}

static int mask_is(const uint8_t *mask, int n, const int *rows, int nrows) {
    int want[64] = {0};
    for (int i = 0; i < nrows; i++) want[rows[i]] = 1;
    for (int i = 0; i < n; i++)
        if ((mask[i] != 0) != want[i]) return 0;
    return 1;
}

static void test_options(void) {
    section("cl_v1_options_init");
    cl_v1_options o;
    memset(&o, 0xAB, sizeof o);
    EXPECT(cl_v1_options_init(&o), CL_OK);
    CHECK(o.struct_size == sizeof(cl_v1_options), "struct_size %u", (unsigned)o.struct_size);
    CHECK(o.prune_method == CL_V1_PRUNE_BY_NOISE_RATE && o.sorted_index_method == CL_V1_SORT_NONE &&
              o.prune_in_float32 == 0 && o.frac_noise == 1.0 && o.num_to_remove_per_class == NULL &&
              o.confident_joint == NULL && o.n_threads == 0,
          "defaults");
    EXPECT(cl_v1_options_init(NULL), CL_E_NULL_POINTER);
}

static void test_get_noise_indices(void) {
    section("cl_v1_get_noise_indices: 1.x tie rules on dataset A");
    cl_pred_probs p = pp_of(A, 14, 2, CL_DTYPE_FLOAT64);
    cl_labels l = labels_of(A_s, 14);
    uint8_t mask[14];
    int64_t num = -1, sorted[14];
    cl_v1_options o;
    cl_v1_options_init(&o);

    EXPECT(cl_v1_get_noise_indices(&p, &l, NULL, mask, NULL, 0, &num), CL_OK);
    static const int noise_rows[] = {4, 5, 6};
    CHECK(num == 3 && mask_is(mask, 14, noise_rows, 3), "prune_by_noise_rate: ties at the cut all flagged (num %lld)", (long long)num);

    o.prune_method = CL_V1_PRUNE_BY_CLASS;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_OK);
    static const int class_rows[] = {5};
    CHECK(num == 1 && mask_is(mask, 14, class_rows, 1), "prune_by_class: strict < (num %lld)", (long long)num);

    o.prune_method = CL_V1_PRUNE_BOTH;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_OK);
    CHECK(num == 1 && mask_is(mask, 14, class_rows, 1), "both");

    o.prune_method = CL_V1_PRUNE_BY_NOISE_RATE;
    for (int method = CL_V1_SORT_PROB_GIVEN_LABEL; method <= CL_V1_SORT_NORMALIZED_MARGIN; method++) {
        o.sorted_index_method = method;
        EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, sorted, 14, &num), CL_OK);
        static const int64_t want[3] = {5, 4, 6};
        CHECK(num == 3 && same_i64(sorted, want, 3), "sorted method %d: [%lld %lld %lld]", method,
              (long long)sorted[0], (long long)sorted[1], (long long)sorted[2]);
        EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, sorted, 2, &num), CL_E_BUFFER_TOO_SMALL);
        CHECK(num == 3 && mask_is(mask, 14, noise_rows, 3), "mask and count filled on BUFFER_TOO_SMALL");
        EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 14, &num), CL_E_NULL_POINTER);
    }
    o.sorted_index_method = CL_V1_SORT_NONE;

    /* float32 pruning (1.x with n_jobs > 1) gives the same answer here */
    o.prune_in_float32 = 1;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_OK);
    CHECK(num == 3 && mask_is(mask, 14, noise_rows, 3), "prune_in_float32");
    o.prune_in_float32 = 0;

    /* a given confident joint is used as is: [[7, 0], [0, 7]] has no noise -> nothing pruned */
    double cj_clean[4] = {7, 0, 0, 7};
    o.confident_joint = cj_clean;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_OK);
    CHECK(num == 0, "no noise in the given confident joint -> 0 errors (got %lld)", (long long)num);
    o.confident_joint = NULL;

    /* float32 and int32 inputs: same answer */
    float A32[14][2];
    int32_t s32[14];
    for (int i = 0; i < 14; i++) {
        A32[i][0] = (float)A[i][0];
        A32[i][1] = (float)A[i][1];
        s32[i] = (int32_t)A_s[i];
    }
    cl_pred_probs p32 = pp_of(A32, 14, 2, CL_DTYPE_FLOAT32);
    cl_labels l32;
    l32.data = s32;
    l32.n_examples = 14;
    l32.dtype = CL_LABEL_INT32;
    EXPECT(cl_v1_get_noise_indices(&p32, &l32, NULL, mask, NULL, 0, &num), CL_OK);
    CHECK(num == 3 && mask_is(mask, 14, noise_rows, 3), "float32/int32");
}

/* ---------------------------------------------------------------------------------------------
 * MIN_NUM_PER_CLASS and argmax ties. Dataset B (K = 2, n = 11): class 0 has 5 examples, every one
 * confidently of class 1; class 1 has 6 clean examples. Class 0 has <= 5 examples: never pruned.
 * ------------------------------------------------------------------------------------------- */
static void test_min_num_per_class(void) {
    section("cl_v1_get_noise_indices: MIN_NUM_PER_CLASS");
    double B[11][2];
    int64_t s[11];
    for (int i = 0; i < 11; i++) {
        B[i][0] = i < 5 ? 0.1 : 0.2;
        B[i][1] = i < 5 ? 0.9 : 0.8;
        s[i] = i < 5 ? 0 : 1;
    }
    cl_pred_probs p = pp_of(B, 11, 2, CL_DTYPE_FLOAT64);
    cl_labels l = labels_of(s, 11);
    uint8_t mask[11];
    int64_t num = -1;
    cl_v1_options o;
    cl_v1_options_init(&o);
    for (int m = CL_V1_PRUNE_BY_NOISE_RATE; m <= CL_V1_PRUNE_BOTH; m++) {
        o.prune_method = m;
        EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_OK);
        CHECK(num == 0, "method %d: a class of 5 is never pruned (got %lld)", m, (long long)num);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Dataset C (K = 2, n = 6): s = 0 rows (0.55, 0.45) x3, s = 1 rows (0.6, 0.4) x3.
 * t0 = 0.55, t1 = 0.4: every row is confident in both classes -> argmax 0.
 * Raw joint = [[3, 0], [3, 0]]: 1.x keeps the zero diagonal (2.x raises it to 1).
 * ------------------------------------------------------------------------------------------- */
static void test_confident_joint(void) {
    section("cl_v1_compute_confident_joint");
    double C[6][2] = {{0.55, 0.45}, {0.55, 0.45}, {0.55, 0.45}, {0.6, 0.4}, {0.6, 0.4}, {0.6, 0.4}};
    int64_t s[6] = {0, 0, 0, 1, 1, 1};
    cl_pred_probs p = pp_of(C, 6, 2, CL_DTYPE_FLOAT64);
    cl_labels l = labels_of(s, 6);
    int64_t cj[4], num_off = -1;
    uint8_t off[6];
    EXPECT(cl_v1_compute_confident_joint(&p, &l, 0, NULL, CL_DTYPE_FLOAT64, 0, cj, off, &num_off), CL_OK);
    static const int64_t raw[4] = {3, 0, 3, 0};
    CHECK(same_i64(cj, raw, 4), "no diagonal clip: [%lld %lld %lld %lld]", (long long)cj[0],
          (long long)cj[1], (long long)cj[2], (long long)cj[3]);
    CHECK(num_off == 3 && off[3] && off[4] && off[5] && !off[0], "off-diagonal rows 3-5");
    int64_t cj2[4];
    EXPECT(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 0, cj2, NULL, NULL), CL_OK);
    CHECK(cj2[3] == 1, "2.x clips the diagonal (control)");

    section("cl_v1_compute_confident_joint on dataset A");
    cl_pred_probs pa = pp_of(A, 14, 2, CL_DTYPE_FLOAT64);
    cl_labels la = labels_of(A_s, 14);
    static const int64_t a_raw[4] = {4, 3, 0, 5}, a_cal[4] = {4, 3, 0, 7};
    EXPECT(cl_v1_compute_confident_joint(&pa, &la, 0, NULL, CL_DTYPE_FLOAT64, 0, cj, NULL, NULL), CL_OK);
    CHECK(same_i64(cj, a_raw, 4), "raw joint of A");
    EXPECT(cl_v1_compute_confident_joint(&pa, &la, 2, NULL, CL_DTYPE_FLOAT64, 1, cj, NULL, NULL), CL_OK);
    CHECK(same_i64(cj, a_cal, 4), "calibrated joint of A (K = 2 given)");
    double raw_d[4] = {4, 3, 0, 5};
    EXPECT(cl_v1_calibrate_confident_joint(raw_d, 2, CL_ORDER_ROW_MAJOR, &la, cj), CL_OK);
    CHECK(same_i64(cj, a_cal, 4), "cl_v1_calibrate_confident_joint");
    double joint[4];
    EXPECT(cl_v1_estimate_joint(&pa, &la, NULL, 0, 2, joint), CL_OK);
    CHECK(joint[0] == 4.0 / 14 && joint[1] == 3.0 / 14 && joint[2] == 0 && joint[3] == 7.0 / 14, "estimate_joint");
    EXPECT(cl_v1_estimate_joint(NULL, &la, raw_d, 0, 2, joint), CL_OK);
    CHECK(joint[3] == 0.5, "estimate_joint from a confident joint");

    /* user thresholds: t = (0.5, 0.5) -> rows 0-3 -> 0, rows 4-6 -> 1, 7-11 -> 1, 12-13 -> 0 */
    double t[2] = {0.5, 0.5};
    static const int64_t t_raw[4] = {4, 3, 2, 5};
    EXPECT(cl_v1_compute_confident_joint(&pa, &la, 0, t, CL_DTYPE_FLOAT64, 0, cj, NULL, NULL), CL_OK);
    CHECK(same_i64(cj, t_raw, 4), "thresholds given");
}

static void test_num_label_errors(void) {
    section("cl_v1_num_label_errors: floor");
    /* 1 - trace([[7, 1], [2, 5]] / 15) = 3/15, times 15 = 2.999999999999999 in float64:
     * 1.x truncates to 2 (2.x rounds to 3). */
    double cj[4] = {7, 1, 2, 5};
    int64_t s[15] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    cl_labels l = labels_of(s, 15);
    int64_t count = -1;
    EXPECT(cl_v1_num_label_errors(NULL, &l, cj, CL_ORDER_ROW_MAJOR, 2, &count), CL_OK);
    CHECK(count == 2, "floor: got %lld", (long long)count);
    cl_pred_probs pa = pp_of(A, 14, 2, CL_DTYPE_FLOAT64);
    cl_labels la = labels_of(A_s, 14);
    EXPECT(cl_v1_num_label_errors(&pa, &la, NULL, 0, 2, &count), CL_OK);
    CHECK(count == 3, "dataset A: 1 - 11/14 of 14 = 3 (got %lld)", (long long)count);
    double zero[4] = {0, 0, 0, 0};
    EXPECT(cl_v1_num_label_errors(NULL, &l, zero, 0, 2, &count), CL_E_NUMERIC);
    EXPECT(cl_v1_num_label_errors(&pa, &la, NULL, 0, 3, &count), CL_E_SHAPE);
    EXPECT(cl_v1_num_label_errors(&pa, &la, NULL, 0, 2, NULL), CL_E_NULL_POINTER);
}

static void test_prune_counts(void) {
    section("cl_v1_keep_at_least_n_per_class / cl_v1_reduce_prune_counts");
    double pcm[4] = {4, 0, 3, 7};
    int64_t out[4];
    static const int64_t kept[4] = {5, 0, 2, 7};
    EXPECT(cl_v1_keep_at_least_n_per_class(pcm, 2, CL_ORDER_ROW_MAJOR, 5, 1.0, out), CL_OK);
    CHECK(same_i64(out, kept, 4), "keep 5: [%lld %lld %lld %lld]", (long long)out[0],
          (long long)out[1], (long long)out[2], (long long)out[3]);
    /* reduce([[5, 0], [2, 7]], 0.5): off-diagonals halved ([[5, 0], [1, 7]]), the removed 1 added
     * to column 0's diagonal: [[6, 0], [1, 7]] */
    double kept_d[4] = {5, 0, 2, 7};
    static const int64_t reduced[4] = {6, 0, 1, 7};
    EXPECT(cl_v1_reduce_prune_counts(kept_d, 2, CL_ORDER_COLUMN_MAJOR, 0.5, out), CL_OK);
    CHECK(same_i64(out, reduced, 4), "reduce 0.5");
    EXPECT(cl_v1_reduce_prune_counts(kept_d, 2, 0, 0.0, out), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_reduce_prune_counts(kept_d, 2, 7, 0.5, out), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_keep_at_least_n_per_class(pcm, 1, 0, 5, 1.0, out), CL_E_SHAPE);
    EXPECT(cl_v1_keep_at_least_n_per_class(NULL, 2, 0, 5, 1.0, out), CL_E_NULL_POINTER);
    EXPECT(cl_v1_keep_at_least_n_per_class(pcm, 2, 0, 5, 1.0, NULL), CL_E_NULL_POINTER);
}

static void test_order(void) {
    section("cl_v1_order_label_errors");
    cl_pred_probs pa = pp_of(A, 14, 2, CL_DTYPE_FLOAT64);
    cl_labels la = labels_of(A_s, 14);
    uint8_t mask[14] = {0};
    mask[4] = mask[5] = mask[6] = mask[13] = 1;
    int64_t out[14], count = -1;
    /* prob_given_label: 0.3, 0.25, 0.3, 0.4 -> [5, 4, 6, 13];
     * normalized_margin: -0.4, -0.5, -0.4, 0.4 - 0.6 = -0.2 -> [5, 4, 6, 13] */
    static const int64_t want[4] = {5, 4, 6, 13};
    EXPECT(cl_v1_order_label_errors(&pa, &la, mask, CL_V1_SORT_PROB_GIVEN_LABEL, out, 14, &count), CL_OK);
    CHECK(count == 4 && same_i64(out, want, 4), "prob_given_label");
    EXPECT(cl_v1_order_label_errors(&pa, &la, mask, CL_V1_SORT_NORMALIZED_MARGIN, out, 14, &count), CL_OK);
    CHECK(count == 4 && same_i64(out, want, 4), "normalized_margin");
    EXPECT(cl_v1_order_label_errors(&pa, &la, mask, CL_V1_SORT_NONE, out, 14, &count), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_order_label_errors(&pa, &la, mask, 1, out, 3, &count), CL_E_BUFFER_TOO_SMALL);
    CHECK(count == 4, "needed capacity reported");
    EXPECT(cl_v1_order_label_errors(&pa, &la, NULL, 1, out, 14, &count), CL_E_NULL_POINTER);
}

static void test_errors(void) {
    section("cl_v1_get_noise_indices: errors");
    cl_pred_probs p = pp_of(A, 14, 2, CL_DTYPE_FLOAT64);
    cl_labels l = labels_of(A_s, 14);
    uint8_t mask[14];
    int64_t num;
    cl_v1_options o;
    cl_v1_options_init(&o);
    EXPECT(cl_v1_get_noise_indices(NULL, &l, NULL, mask, NULL, 0, &num), CL_E_NULL_POINTER);
    EXPECT(cl_v1_get_noise_indices(&p, NULL, NULL, mask, NULL, 0, &num), CL_E_NULL_POINTER);
    EXPECT(cl_v1_get_noise_indices(&p, &l, NULL, NULL, NULL, 0, &num), CL_E_NULL_POINTER);
    EXPECT(cl_v1_get_noise_indices(&p, &l, NULL, mask, NULL, 0, NULL), CL_E_NULL_POINTER);
    o.struct_size = 8;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);
    cl_v1_options_init(&o);
    o.prune_method = 4;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);
    cl_v1_options_init(&o);
    o.sorted_index_method = 9;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);
    cl_v1_options_init(&o);
    o.frac_noise = 1.5;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);
    cl_v1_options_init(&o);
    int64_t nrpc[3] = {1, 1, 1};
    o.num_to_remove_per_class = nrpc;
    o.num_to_remove_per_class_len = 3;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_SHAPE);
    o.num_to_remove_per_class_len = 2;
    nrpc[1] = -1;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);
    cl_v1_options_init(&o);
    double bad_cj[4] = {1, 2, 3, INFINITY};
    o.confident_joint = bad_cj;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_NOT_FINITE);
    cl_v1_options_init(&o);
    o.n_threads = -1;
    EXPECT(cl_v1_get_noise_indices(&p, &l, &o, mask, NULL, 0, &num), CL_E_INVALID_ARGUMENT);

    /* a missing class: 1.x fails (K from the labels); libcleanlab says so */
    int64_t one_class[14] = {0};
    cl_labels l1 = labels_of(one_class, 14);
    EXPECT(cl_v1_get_noise_indices(&p, &l1, NULL, mask, NULL, 0, &num), CL_E_LABEL_RANGE);
    EXPECT(cl_v1_compute_confident_joint(&p, &l1, 0, NULL, CL_DTYPE_FLOAT64, 1, (int64_t[4]){0}, NULL, NULL), CL_E_LABEL_RANGE);
    double cj[4] = {4, 3, 0, 5};
    EXPECT(cl_v1_calibrate_confident_joint(cj, 2, 0, &l1, (int64_t[4]){0}), CL_E_LABEL_RANGE);
    int64_t out_of_range[14];
    memcpy(out_of_range, A_s, sizeof out_of_range);
    out_of_range[3] = 2;
    cl_labels l2 = labels_of(out_of_range, 14);
    EXPECT(cl_v1_get_noise_indices(&p, &l2, NULL, mask, NULL, 0, &num), CL_E_LABEL_RANGE);

    /* bad probabilities, empty input, K mismatch, zero row */
    double Abad[14][2];
    memcpy(Abad, A, sizeof Abad);
    Abad[2][1] = NAN;
    cl_pred_probs pbad = pp_of(Abad, 14, 2, CL_DTYPE_FLOAT64);
    EXPECT(cl_v1_get_noise_indices(&pbad, &l, NULL, mask, NULL, 0, &num), CL_E_NOT_FINITE);
    Abad[2][1] = 1.5;
    EXPECT(cl_v1_get_noise_indices(&pbad, &l, NULL, mask, NULL, 0, &num), CL_E_PROB_RANGE);
    cl_pred_probs p0 = pp_of(A, 0, 2, CL_DTYPE_FLOAT64);
    cl_labels l0 = labels_of(A_s, 0);
    EXPECT(cl_v1_get_noise_indices(&p0, &l0, NULL, mask, NULL, 0, &num), CL_E_SHAPE);
    cl_labels l13 = labels_of(A_s, 13);
    EXPECT(cl_v1_get_noise_indices(&p, &l13, NULL, mask, NULL, 0, &num), CL_E_SHAPE);
    EXPECT(cl_v1_compute_confident_joint(&p, &l, 3, NULL, CL_DTYPE_FLOAT64, 1, (int64_t[4]){0}, NULL, NULL), CL_E_SHAPE);
    EXPECT(cl_v1_compute_confident_joint(&p, &l, -1, NULL, CL_DTYPE_FLOAT64, 1, (int64_t[4]){0}, NULL, NULL), CL_E_SHAPE);
    double zero_row[4] = {4, 3, 0, 0};
    EXPECT(cl_v1_calibrate_confident_joint(zero_row, 2, 0, &l, (int64_t[4]){0}), CL_E_NUMERIC);
    cl_pred_probs pdt = pp_of(A, 14, 2, 9);
    EXPECT(cl_v1_get_noise_indices(&pdt, &l, NULL, mask, NULL, 0, &num), CL_E_DTYPE);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libcleanlab C ABI test, cleanlab 1.x section (library %s)\n", cl_version_string());
    test_options();
    test_get_noise_indices();
    test_min_num_per_class();
    test_confident_joint();
    test_num_label_errors();
    test_prune_counts();
    test_order();
    test_errors();
    return test_report();
}
