/*
 * test_stream.c — the C test program of libcleanlab's streaming API (cl_stream_*).
 *
 * - The whole protocol (create, pass loop, feed in blocks, result, quality scores,
 *   num_label_issues, thresholds, destroy) on generated data, for every filter_by, block sizes
 *   1, 7, 1000 and n, float32 and float64, int32 and int64 labels, 1 and 2 threads: every answer
 *   must be identical to the whole-matrix functions (cl_find_label_issues, ...).
 * - Every error status: NULL pointers, bad labels/options at creation, calls in the wrong state,
 *   blocks out of order / overlapping / past the end / wrong K / dtype change / bad row stride,
 *   missing rows at end of pass, NaN / inf / out-of-range data (fatal), data differing between
 *   passes (fatal), buffer too small, the failed state persisting.
 * The last line printed is "N passed, M failed"; the exit status is non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- data ------------------------------------------------------------------------------- */
static uint64_t g_rng = 88172645463325252ULL;
static uint64_t next_u64(void) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}
static double uniform(void) { return (double)(next_u64() >> 11) / 9007199254740992.0; }

typedef struct {
    int64_t n, k;
    double *p64;
    float *p32;
    int64_t *y64;
    int32_t *y32;
} dataset;

/* Softmax rows around a true class; 20% of labels flipped; classes listed in `missing` never
 * appear as labels. */
static dataset make_data(int64_t n, int64_t k, int missing_class) {
    dataset d;
    d.n = n;
    d.k = k;
    d.p64 = malloc(sizeof(double) * (size_t)(n * k));
    d.p32 = malloc(sizeof(float) * (size_t)(n * k));
    d.y64 = malloc(sizeof(int64_t) * (size_t)n);
    d.y32 = malloc(sizeof(int32_t) * (size_t)n);
    for (int64_t i = 0; i < n; i++) {
        int64_t truth = (int64_t)(next_u64() % (uint64_t)k);
        double total = 0, logit[64];
        for (int64_t j = 0; j < k; j++) {
            logit[j] = exp(2.0 * uniform() + (j == truth ? 2.5 : 0.0));
            total += logit[j];
        }
        for (int64_t j = 0; j < k; j++) {
            float v = (float)(logit[j] / total);
            d.p32[i * k + j] = v;
            d.p64[i * k + j] = (double)v;
        }
        int64_t y = uniform() < 0.2 ? (int64_t)(next_u64() % (uint64_t)k) : truth;
        if (y == missing_class) y = (y + 1) % k;
        d.y64[i] = y;
        d.y32[i] = (int32_t)y;
    }
    return d;
}

static void free_data(dataset *d) {
    free(d->p64); free(d->p32); free(d->y64); free(d->y32);
}

static cl_pred_probs block_of(const dataset *d, int use32, int64_t first, int64_t rows) {
    cl_pred_probs b;
    b.data = use32 ? (const void *)(d->p32 + first * d->k) : (const void *)(d->p64 + first * d->k);
    b.n_examples = rows;
    b.n_classes = d->k;
    b.row_stride = 0;
    b.dtype = use32 ? CL_DTYPE_FLOAT32 : CL_DTYPE_FLOAT64;
    return b;
}

/* Runs a whole stream; returns the status of the first failing call (CL_OK if none). */
static cl_status run_stream(cl_stream *s, const dataset *d, int use32, int64_t block) {
    int32_t more = 0;
    cl_status st;
    while ((st = cl_stream_begin_pass(s, &more)) == CL_OK && more) {
        for (int64_t first = 0; first < d->n; first += block) {
            int64_t rows = d->n - first < block ? d->n - first : block;
            cl_pred_probs b = block_of(d, use32, first, rows);
            if ((st = cl_stream_feed(s, &b, first)) != CL_OK) return st;
        }
        if ((st = cl_stream_end_pass(s)) != CL_OK) return st;
    }
    return st;
}

/* ---- equality with the whole-matrix functions ------------------------------------------- */
static void compare_case(const dataset *d, int use32, int lab32, int64_t block, int32_t threads,
                         int32_t filter_by, int32_t rank_by, int32_t adjust, int32_t quality,
                         int32_t quality_adjust, const char *label) {
    int64_t n = d->n, k = d->k;
    cl_labels lab = {lab32 ? (const void *)d->y32 : (const void *)d->y64, n,
                     lab32 ? CL_LABEL_INT32 : CL_LABEL_INT64};
    cl_pred_probs all = block_of(d, use32, 0, n);
    cl_options o;
    cl_options_init(&o);
    o.filter_by = filter_by;
    o.return_indices_ranked_by = rank_by;
    o.rank_adjust_pred_probs = adjust;
    o.n_threads = threads;
    uint8_t *m1 = calloc((size_t)n, 1), *m2 = calloc((size_t)n, 1);
    int64_t *r1 = calloc((size_t)n, 8), *r2 = calloc((size_t)n, 8);
    double *q1 = calloc((size_t)n, 8), *q2 = calloc((size_t)n, 8);
    int64_t c1 = -1, c2 = -2;
    EXPECT(cl_find_label_issues(&all, &lab, &o, m1, r1, n, &c1), CL_OK);
    cl_stream *s = NULL;
    EXPECT(cl_stream_create(&lab, k, &o, quality, quality_adjust, &s), CL_OK);
    if (s == NULL) goto out;
    int32_t passes = 0, done = -1;
    EXPECT(cl_stream_pass_count(s, &passes, &done), CL_OK);
    CHECK(done == 0 && passes == (filter_by <= CL_FILTER_BOTH ? 3 : 2), "%s: pass count %d", label, (int)passes);
    EXPECT(run_stream(s, d, use32, block), CL_OK);
    EXPECT(cl_stream_result(s, m2, r2, n, &c2), CL_OK);
    CHECK(c1 == c2 && memcmp(m1, m2, (size_t)n) == 0, "%s: mask differs (%lld vs %lld issues)", label,
          (long long)c1, (long long)c2);
    if (rank_by != CL_RANK_NONE)
        CHECK(memcmp(r1, r2, (size_t)c1 * 8) == 0, "%s: ranked indices differ", label);
    if (quality != CL_RANK_NONE) {
        EXPECT(cl_get_label_quality_scores(&all, &lab, quality, quality_adjust, q1), CL_OK);
        EXPECT(cl_stream_quality_scores(s, q2), CL_OK);
        CHECK(memcmp(q1, q2, (size_t)n * 8) == 0, "%s: quality scores differ", label);
    }
    for (int32_t e = CL_ESTIMATE_OFF_DIAGONAL; e <= CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED; e++) {
        int64_t a = -1, b = -2;
        EXPECT(cl_num_label_issues(&all, &lab, e, NULL, 0, &a), CL_OK);
        EXPECT(cl_stream_num_label_issues(s, e, NULL, 0, &b), CL_OK);
        CHECK(a == b, "%s: num_label_issues(%d) %lld vs %lld", label, (int)e, (long long)a, (long long)b);
    }
    double t1[64], t2[64];
    EXPECT(cl_get_confident_thresholds(&all, &lab, t1), CL_OK);
    EXPECT(cl_stream_confident_thresholds(s, t2), CL_OK);
    CHECK(memcmp(t1, t2, (size_t)k * 8) == 0, "%s: thresholds differ", label);
    /* a finished stream: no more passes, result repeatable */
    int32_t more = 7;
    EXPECT(cl_stream_begin_pass(s, &more), CL_OK);
    CHECK(more == 0, "%s: begin_pass after the last pass says %d", label, (int)more);
    EXPECT(cl_stream_result(s, m2, r2, n, &c2), CL_OK);
    CHECK(c1 == c2, "%s: second result differs", label);
out:
    cl_stream_destroy(s);
    free(m1); free(m2); free(r1); free(r2); free(q1); free(q2);
}

static void test_equality(void) {
    section("streaming equals the whole-matrix functions");
    dataset d = make_data(1500, 6, -1);
    const int64_t blocks[] = {1, 7, 1000, 1500};
    char label[160];
    for (int32_t f = CL_FILTER_PRUNE_BY_NOISE_RATE; f <= CL_FILTER_LOW_SELF_CONFIDENCE; f++) {
        for (int bi = 0; bi < 4; bi++) {
            for (int32_t threads = 1; threads <= 2; threads++) {
                int use32 = (bi + threads) % 2;
                int32_t rank = (int32_t)((f + bi) % 4);
                int32_t adjust = (rank == CL_RANK_SELF_CONFIDENCE || rank == CL_RANK_NORMALIZED_MARGIN) && bi % 2;
                int32_t quality = (int32_t)(1 + (f + threads) % 3);
                int32_t qadjust = quality != CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY && threads == 2;
                snprintf(label, sizeof label, "filter %d block %lld threads %d %s rank %d adjust %d",
                         (int)f, (long long)blocks[bi], (int)threads, use32 ? "f32" : "f64",
                         (int)rank, (int)adjust);
                compare_case(&d, use32, bi % 2, blocks[bi], threads, f, rank, adjust, quality, qadjust, label);
            }
        }
    }
    free_data(&d);
    /* a missing class (float64 thresholds) and a larger input (pairwise sums > 128 per class) */
    dataset m = make_data(3000, 5, 3);
    compare_case(&m, 1, 0, 333, 2, CL_FILTER_PRUNE_BY_NOISE_RATE, CL_RANK_NORMALIZED_MARGIN, 1, 1, 0, "missing class");
    compare_case(&m, 0, 1, 1, 1, CL_FILTER_BOTH, CL_RANK_SELF_CONFIDENCE, 0, 2, 1, "missing class, blocks of 1");
    free_data(&m);
    dataset big = make_data(60000, 10, -1);
    compare_case(&big, 1, 0, 4096, 2, CL_FILTER_PRUNE_BY_NOISE_RATE, CL_RANK_SELF_CONFIDENCE, 0, 1, 0, "60000x10 blocks 4096");
    compare_case(&big, 1, 0, 60000, 2, CL_FILTER_LOW_NORMALIZED_MARGIN, CL_RANK_NORMALIZED_MARGIN, 0, 3, 0, "60000x10 one block");
    free_data(&big);
}

/* ---- errors ----------------------------------------------------------------------------- */
static void test_errors(void) {
    section("errors");
    dataset d = make_data(100, 4, -1);
    cl_labels lab = {d.y64, 100, CL_LABEL_INT64};
    cl_stream *s = NULL;
    cl_options o;
    cl_options_init(&o);

    /* creation */
    EXPECT(cl_stream_create(&lab, 4, NULL, 0, 0, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_create(NULL, 4, NULL, 0, 0, &s), CL_E_NULL_POINTER);
    CHECK(s == NULL, "no handle after a failed create");
    EXPECT(cl_stream_create(&lab, 1, NULL, 0, 0, &s), CL_E_SHAPE);
    cl_labels empty = {d.y64, 0, CL_LABEL_INT64};
    EXPECT(cl_stream_create(&empty, 4, NULL, 0, 0, &s), CL_E_SHAPE);
    cl_labels badtype = {d.y64, 100, 9};
    EXPECT(cl_stream_create(&badtype, 4, NULL, 0, 0, &s), CL_E_DTYPE);
    EXPECT(cl_stream_create(&lab, 3, NULL, 0, 0, &s), CL_E_LABEL_RANGE); /* labels reach 3 */
    int64_t ones[5] = {1, 1, 1, 1, 1}, zeros[5] = {0, 0, 0, 0, 0};
    cl_labels one = {ones, 5, CL_LABEL_INT64}, zero = {zeros, 5, CL_LABEL_INT64};
    EXPECT(cl_stream_create(&one, 4, NULL, 0, 0, &s), CL_E_TOO_FEW_CLASSES);
    EXPECT(cl_stream_create(&zero, 4, NULL, 0, 0, &s), CL_OK);
    cl_stream_destroy(s);
    s = NULL;
    o.filter_by = CL_FILTER_LOW_SELF_CONFIDENCE;
    EXPECT(cl_stream_create(&zero, 4, &o, 0, 0, &s), CL_E_TOO_FEW_CLASSES);
    o.filter_by = 42;
    EXPECT(cl_stream_create(&lab, 4, &o, 0, 0, &s), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    o.frac_noise = 0;
    EXPECT(cl_stream_create(&lab, 4, &o, 0, 0, &s), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    o.struct_size = 8;
    EXPECT(cl_stream_create(&lab, 4, &o, 0, 0, &s), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    EXPECT(cl_stream_create(&lab, 4, &o, 9, 0, &s), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_create(&lab, 4, &o, CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY, 1, &s), CL_E_INVALID_ARGUMENT);
    CHECK(s == NULL, "no handle after failed creates");

    /* NULL handles */
    int32_t i32 = 0;
    int64_t i64 = 0;
    double dd[4];
    uint8_t mask[100];
    int64_t ranked[100];
    cl_pred_probs all = block_of(&d, 0, 0, 100);
    EXPECT(cl_stream_pass_count(NULL, &i32, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_begin_pass(NULL, &i32), CL_E_NULL_POINTER);
    EXPECT(cl_stream_feed(NULL, &all, 0), CL_E_NULL_POINTER);
    EXPECT(cl_stream_end_pass(NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_result(NULL, mask, NULL, 0, &i64), CL_E_NULL_POINTER);
    EXPECT(cl_stream_quality_scores(NULL, dd), CL_E_NULL_POINTER);
    EXPECT(cl_stream_num_label_issues(NULL, 1, NULL, 0, &i64), CL_E_NULL_POINTER);
    EXPECT(cl_stream_confident_thresholds(NULL, dd), CL_E_NULL_POINTER);
    cl_stream_destroy(NULL);

    /* protocol misuse: recoverable */
    o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    EXPECT(cl_stream_create(&lab, 4, &o, 0, 0, &s), CL_OK);
    EXPECT(cl_stream_pass_count(s, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_begin_pass(s, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_feed(s, &all, 0), CL_E_INVALID_ARGUMENT);            /* no pass begun */
    EXPECT(cl_stream_end_pass(s), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_result(s, mask, ranked, 100, &i64), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_confident_thresholds(s, dd), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_begin_pass(s, &i32), CL_OK);
    CHECK(i32 == 1, "first pass needed");
    EXPECT(cl_stream_begin_pass(s, &i32), CL_E_INVALID_ARGUMENT);         /* already in a pass */
    EXPECT(cl_stream_feed(s, NULL, 0), CL_E_NULL_POINTER);
    cl_pred_probs b = block_of(&d, 0, 10, 10);
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_SHAPE);                        /* gap */
    EXPECT(cl_stream_feed(s, &b, -1), CL_E_SHAPE);
    b = block_of(&d, 0, 0, 10);
    EXPECT(cl_stream_feed(s, &b, 0), CL_OK);
    b = block_of(&d, 0, 5, 10);
    EXPECT(cl_stream_feed(s, &b, 5), CL_E_SHAPE);                         /* overlap */
    EXPECT(cl_stream_feed(s, &b, 0), CL_E_SHAPE);                         /* out of order */
    b = block_of(&d, 0, 10, 90);
    b.n_examples = 95;
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_SHAPE);                        /* past the end */
    b = block_of(&d, 0, 10, 10);
    b.n_classes = 3;
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_SHAPE);                        /* wrong K */
    b = block_of(&d, 0, 10, 10);
    b.row_stride = 2;
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_SHAPE);                        /* stride < K */
    b = block_of(&d, 0, 10, 10);
    b.dtype = 17;
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_DTYPE);
    b = block_of(&d, 1, 10, 10);
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_DTYPE);                        /* dtype change */
    b = block_of(&d, 0, 10, 10);
    b.data = NULL;
    EXPECT(cl_stream_feed(s, &b, 10), CL_E_NULL_POINTER);
    b = block_of(&d, 0, 10, 0);
    EXPECT(cl_stream_feed(s, &b, 10), CL_OK);                              /* empty block */
    EXPECT(cl_stream_end_pass(s), CL_E_SHAPE);                            /* rows missing */
    b = block_of(&d, 0, 10, 90);
    EXPECT(cl_stream_feed(s, &b, 10), CL_OK);
    EXPECT(cl_stream_end_pass(s), CL_OK);
    double t1[4], t2[4];
    EXPECT(cl_stream_confident_thresholds(s, t1), CL_OK);
    EXPECT(cl_get_confident_thresholds(&all, &lab, t2), CL_OK);
    CHECK(memcmp(t1, t2, sizeof t1) == 0, "thresholds after pass 1");
    EXPECT(cl_stream_result(s, mask, ranked, 100, &i64), CL_E_INVALID_ARGUMENT); /* not done */
    int32_t passes = 0, done = 0;
    EXPECT(cl_stream_pass_count(s, &passes, &done), CL_OK);
    CHECK(passes == 3 && done == 1, "pass count %d, done %d", (int)passes, (int)done);
    EXPECT(run_stream(s, &d, 0, 30), CL_OK);
    EXPECT(cl_stream_feed(s, &all, 0), CL_E_INVALID_ARGUMENT);            /* all passes done */
    EXPECT(cl_stream_result(s, NULL, ranked, 100, &i64), CL_E_NULL_POINTER);
    EXPECT(cl_stream_result(s, mask, ranked, 100, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_result(s, mask, NULL, 100, &i64), CL_E_NULL_POINTER); /* ranking requested */
    EXPECT(cl_stream_result(s, mask, ranked, -1, &i64), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_result(s, mask, ranked, 100, &i64), CL_OK);
    int64_t num = i64;
    if (num > 0) {
        i64 = -1;
        EXPECT(cl_stream_result(s, mask, ranked, num - 1, &i64), CL_E_BUFFER_TOO_SMALL);
        CHECK(i64 == num, "count filled before CL_E_BUFFER_TOO_SMALL");
    }
    EXPECT(cl_stream_quality_scores(s, dd), CL_E_INVALID_ARGUMENT);       /* created without */
    EXPECT(cl_stream_num_label_issues(s, 0, NULL, 0, &i64), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_num_label_issues(s, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, NULL, 0, &i64), CL_E_NULL_POINTER);
    double cj[16] = {20, 1, 2, 0, 3, 20, 1, 1, 0, 2, 20, 1, 1, 1, 0, 20};
    int64_t a = -1, c = -2;
    EXPECT(cl_stream_num_label_issues(s, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, cj, 7, &c), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_num_label_issues(s, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, cj, 0, &c), CL_OK);
    EXPECT(cl_num_label_issues(&all, &lab, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, cj, 0, &a), CL_OK);
    CHECK(a == c, "custom num_label_issues %lld vs %lld", (long long)a, (long long)c);
    EXPECT(cl_stream_num_label_issues(s, 1, NULL, 0, NULL), CL_E_NULL_POINTER);
    cl_stream_destroy(s);
    s = NULL;

    /* bad data: fatal, the status sticks */
    const double bad[4] = {NAN, INFINITY, 1.5, -0.01};
    const cl_status want[4] = {CL_E_NOT_FINITE, CL_E_NOT_FINITE, CL_E_PROB_RANGE, CL_E_PROB_RANGE};
    for (int e = 0; e < 4; e++) {
        double saved = d.p64[57 * 4 + 2];
        d.p64[57 * 4 + 2] = bad[e];
        EXPECT(cl_stream_create(&lab, 4, NULL, 0, 0, &s), CL_OK);
        EXPECT(cl_stream_begin_pass(s, &i32), CL_OK);
        b = block_of(&d, 0, 0, 50);
        EXPECT(cl_stream_feed(s, &b, 0), CL_OK);
        b = block_of(&d, 0, 50, 50);
        EXPECT(cl_stream_feed(s, &b, 50), want[e]);
        CHECK(strstr(cl_last_error_message(), "pred_probs[57, 2]") != NULL, "message names the global row: %s",
              cl_last_error_message());
        EXPECT(cl_stream_end_pass(s), want[e]);
        EXPECT(cl_stream_begin_pass(s, &i32), want[e]);
        EXPECT(cl_stream_result(s, mask, NULL, 0, &i64), want[e]);
        cl_stream_destroy(s);
        s = NULL;
        d.p64[57 * 4 + 2] = saved;
    }
    /* pass 2 fed different data */
    EXPECT(cl_stream_create(&lab, 4, NULL, 0, 0, &s), CL_OK);
    EXPECT(cl_stream_begin_pass(s, &i32), CL_OK);
    EXPECT(cl_stream_feed(s, &all, 0), CL_OK);
    EXPECT(cl_stream_end_pass(s), CL_OK);
    EXPECT(cl_stream_begin_pass(s, &i32), CL_OK);
    b = block_of(&d, 1, 0, 100); /* float32 values where float64 was fed: dtype error first */
    EXPECT(cl_stream_feed(s, &b, 0), CL_E_DTYPE);
    d.p64[3 * 4 + d.y64[3]] *= 0.5;
    EXPECT(cl_stream_feed(s, &all, 0), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_stream_end_pass(s), CL_E_INVALID_ARGUMENT);
    cl_stream_destroy(s);
    free_data(&d);
}

static void test_labels_with_blocks(void) {
    section("labels fed with the blocks; scores batch by batch");
    dataset d = make_data(700, 5, -1);
    cl_labels lab = {d.y64, 700, CL_LABEL_INT64};
    cl_pred_probs all = block_of(&d, 1, 0, 700);
    cl_options o;
    cl_options_init(&o);
    o.filter_by = CL_FILTER_LOW_SELF_CONFIDENCE;
    o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    uint8_t m1[700], m2[700];
    int64_t r1[700], r2[700], c1 = -1, c2 = -2, i64 = 0;
    double q1[700], q2[700];
    EXPECT(cl_find_label_issues(&all, &lab, &o, m1, r1, 700, &c1), CL_OK);
    EXPECT(cl_get_label_quality_scores(&all, &lab, CL_RANK_NORMALIZED_MARGIN, 1, q1), CL_OK);
    cl_stream *s = NULL;
    EXPECT(cl_stream_create_without_labels(1, &o, 0, 0, &s), CL_E_SHAPE);
    EXPECT(cl_stream_create_without_labels(5, &o, CL_RANK_NORMALIZED_MARGIN, 1, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_create_without_labels(5, &o, CL_RANK_NORMALIZED_MARGIN, 1, &s), CL_OK);
    int32_t more = 0, pass = 0;
    while (cl_stream_begin_pass(s, &more) == CL_OK && more) {
        for (int64_t first = 0; first < 700; first += 64) {
            int64_t rows = 700 - first < 64 ? 700 - first : 64;
            cl_pred_probs b = block_of(&d, 1, first, rows);
            cl_labels bl = {d.y64 + first, rows, CL_LABEL_INT64};
            if (pass == 0 && first == 0) {
                EXPECT(cl_stream_feed(s, &b, first), CL_E_NULL_POINTER); /* labels needed */
                EXPECT(cl_stream_feed_with_labels(s, &b, NULL, first), CL_E_NULL_POINTER);
                int64_t badl[64];
                memcpy(badl, d.y64, sizeof badl);
                badl[9] = 5;
                cl_labels bad = {badl, rows, CL_LABEL_INT64};
                EXPECT(cl_stream_feed_with_labels(s, &b, &bad, first), CL_E_LABEL_RANGE);
                bad.n_examples = rows - 1;
                EXPECT(cl_stream_feed_with_labels(s, &b, &bad, first), CL_E_SHAPE);
                EXPECT(cl_stream_quality_scores_range(s, 0, 1, q2), CL_E_INVALID_ARGUMENT);
            }
            if (pass == 1 && first == 64) {
                int64_t badl[64];
                memcpy(badl, d.y64 + first, sizeof badl);
                badl[0] = (badl[0] + 1) % 5;
                cl_labels bad = {badl, rows, CL_LABEL_INT64};
                EXPECT(cl_stream_feed_with_labels(s, &b, &bad, first), CL_E_INVALID_ARGUMENT);
            }
            if (pass == 0 || first % 128 == 0) EXPECT(cl_stream_feed_with_labels(s, &b, &bl, first), CL_OK);
            else EXPECT(cl_stream_feed(s, &b, first), CL_OK);
            if (pass == 1) {
                EXPECT(cl_stream_quality_scores_range(s, first, rows, q2 + first), CL_OK);
                EXPECT(cl_stream_quality_scores_range(s, first, rows + 1, q2 + first), CL_E_INVALID_ARGUMENT);
            }
        }
        EXPECT(cl_stream_end_pass(s), CL_OK);
        pass++;
    }
    CHECK(pass == 2, "two passes, got %d", pass);
    CHECK(memcmp(q1, q2, sizeof q1) == 0, "batch-wise scores equal the whole-matrix scores");
    EXPECT(cl_stream_quality_scores_range(s, -1, 3, q2), CL_E_SHAPE);
    EXPECT(cl_stream_quality_scores_range(s, 0, 3, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_stream_result(s, m2, r2, 700, &c2), CL_OK);
    CHECK(c1 == c2 && memcmp(m1, m2, 700) == 0 && memcmp(r1, r2, (size_t)c1 * 8) == 0, "result equals cl_find_label_issues");
    cl_stream_destroy(s);
    /* one class: fatal at the end of pass 1; no rows: CL_E_SHAPE */
    int64_t ones[4] = {1, 1, 1, 1};
    cl_labels one = {ones, 4, CL_LABEL_INT64};
    EXPECT(cl_stream_create_without_labels(5, &o, 0, 0, &s), CL_OK);
    EXPECT(cl_stream_begin_pass(s, &more), CL_OK);
    cl_pred_probs b4 = block_of(&d, 1, 0, 4);
    EXPECT(cl_stream_feed_with_labels(s, &b4, &one, 0), CL_OK);
    EXPECT(cl_stream_end_pass(s), CL_E_TOO_FEW_CLASSES);
    EXPECT(cl_stream_result(s, m2, r2, 700, &i64), CL_E_TOO_FEW_CLASSES);
    cl_stream_destroy(s);
    EXPECT(cl_stream_create_without_labels(5, NULL, 0, 0, &s), CL_OK);
    EXPECT(cl_stream_begin_pass(s, &more), CL_OK);
    EXPECT(cl_stream_end_pass(s), CL_E_SHAPE);
    cl_stream_destroy(s);
    free_data(&d);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libcleanlab streaming API test (header %s, library %s)\n", CL_VERSION_STRING,
           cl_version_string());
    test_equality();
    test_errors();
    test_labels_with_blocks();
    return test_report();
}
