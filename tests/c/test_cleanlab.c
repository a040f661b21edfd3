/*
 * test_cleanlab.c — the C test program of libcleanlab's public ABI (include/cleanlab.h).
 *
 * Drives every exported function through the header only, with
 *   - every error status an input can produce (NULL pointers, shapes, n*K overflow, row stride,
 *     dtype codes, NaN/inf, probability range with its documented tolerance, label range, length
 *     mismatches, enum values, option values, buffer capacities, struct_size);
 *   - small hand-verifiable datasets whose expected answers follow from cleanlab 2.9.0's semantics
 *     (shared/reference/cleanlab-api.md §2.12) and were derived by hand (see the comments);
 *   - the documented deterministic tie rule (lower index first);
 *   - dtype independence: float16/float32/float64 and int32/int64 on exactly representable data;
 *   - row-strided input equal to contiguous input (padding filled with NaN, never read);
 *   - bit-identical results for 1 and 2 worker threads on a 200 000 x 10 input;
 *   - thread-local error messages across concurrent threads.
 * Self-contained: no fixture files, no Python. The last line printed is "N passed, M failed";
 * the exit status is non-zero on any failure.
 *
 * Build: cc -std=c99 -Wall -Wextra -pedantic -Werror -pthread -I include tests/c/test_cleanlab.c \
 *           -L .build/release -lcleanlab -Wl,-rpath,$PWD/.build/release -lm
 */
#define _POSIX_C_SOURCE 200809L

#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void print_i64(const char *name, const int64_t *v, int64_t n) {
    int64_t i;
    printf("    %s = [", name);
    for (i = 0; i < n && i < 40; i++) printf("%s%lld", i ? ", " : "", (long long)v[i]);
    printf("%s]\n", n > 40 ? ", ..." : "");
}
static void print_mask(const char *name, const uint8_t *m, int64_t n) {
    int64_t i, c = 0;
    printf("    %s = {", name);
    for (i = 0; i < n; i++)
        if (m[i] && c++ < 40) printf("%s%lld", c > 1 ? ", " : "", (long long)i);
    printf("}\n");
}

/* Mask equals the set `idx` (count entries). */
static int mask_is(const uint8_t *mask, int64_t n, const int64_t *idx, int64_t count) {
    int64_t i, c = 0;
    for (i = 0; i < n; i++) {
        if (mask[i] != 0 && mask[i] != 1) return 0;
        c += mask[i];
    }
    if (c != count) return 0;
    for (i = 0; i < count; i++)
        if (idx[i] < 0 || idx[i] >= n || !mask[idx[i]]) return 0;
    return 1;
}

/* ============================================================================================
 * Data helpers
 * ========================================================================================== */
/* IEEE binary16 from a double, round to nearest even (exact for the dyadic data used here). */
static uint16_t to_half(double d) {
    uint16_t sign = 0;
    int e;
    if (d != d) return 0x7E00;
    if (signbit(d)) {
        sign = 0x8000;
        d = -d;
    }
    if (isinf(d) || d >= 65520.0) return (uint16_t)(sign | 0x7C00);
    if (d == 0.0) return sign;
    (void)frexp(d, &e); /* d = m * 2^e, m in [0.5, 1) */
    if (e - 1 >= -14) {  /* normal */
        double r = nearbyint(ldexp(d, 10 - (e - 1)));
        int E = e - 1 + 15;
        if (r >= 2048.0) {
            r = 1024.0;
            E++;
        }
        if (E >= 31) return (uint16_t)(sign | 0x7C00);
        return (uint16_t)(sign | (uint16_t)(E << 10) | (uint16_t)((int)r - 1024));
    } else { /* subnormal: multiples of 2^-24 */
        double r = nearbyint(ldexp(d, 24));
        return (uint16_t)(sign | (uint16_t)r);
    }
}

/* A dataset held in all dtypes: probabilities as float64 (the reference), float32, float16;
 * labels as int64 and int32. */
typedef struct {
    int64_t n, k;
    double *p64;
    float *p32;
    uint16_t *p16;
    int64_t *y64;
    int32_t *y32;
} dataset;

static void *xmalloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    return p;
}

static dataset ds_make(int64_t n, int64_t k, const double *p, const int64_t *y) {
    dataset d;
    int64_t i;
    d.n = n;
    d.k = k;
    d.p64 = (double *)xmalloc((size_t)(n * k) * sizeof(double));
    d.p32 = (float *)xmalloc((size_t)(n * k) * sizeof(float));
    d.p16 = (uint16_t *)xmalloc((size_t)(n * k) * sizeof(uint16_t));
    d.y64 = (int64_t *)xmalloc((size_t)n * sizeof(int64_t));
    d.y32 = (int32_t *)xmalloc((size_t)n * sizeof(int32_t));
    for (i = 0; i < n * k; i++) {
        d.p64[i] = p ? p[i] : 0.0;
        d.p32[i] = (float)d.p64[i];
        d.p16[i] = to_half(d.p64[i]);
    }
    for (i = 0; i < n; i++) {
        d.y64[i] = y ? y[i] : 0;
        d.y32[i] = (int32_t)d.y64[i];
    }
    return d;
}
/* refresh the float32/float16 copies after editing p64 / y64 */
static void ds_sync(dataset *d) {
    int64_t i;
    for (i = 0; i < d->n * d->k; i++) {
        d->p32[i] = (float)d->p64[i];
        d->p16[i] = to_half(d->p64[i]);
    }
    for (i = 0; i < d->n; i++) d->y32[i] = (int32_t)d->y64[i];
}
static void ds_free(dataset *d) {
    free(d->p64);
    free(d->p32);
    free(d->p16);
    free(d->y64);
    free(d->y32);
    memset(d, 0, sizeof *d);
}

static cl_pred_probs pp_of(const dataset *d, int dtype) {
    cl_pred_probs p;
    p.data = dtype == CL_DTYPE_FLOAT16   ? (const void *)d->p16
             : dtype == CL_DTYPE_FLOAT32 ? (const void *)d->p32
                                         : (const void *)d->p64;
    p.n_examples = d->n;
    p.n_classes = d->k;
    p.row_stride = 0;
    p.dtype = dtype;
    return p;
}
static cl_labels lab_of(const dataset *d, int ldtype) {
    cl_labels l;
    l.data = ldtype == CL_LABEL_INT32 ? (const void *)d->y32 : (const void *)d->y64;
    l.n_examples = d->n;
    l.dtype = ldtype;
    return l;
}
static cl_pred_probs pp64(const double *p, int64_t n, int64_t k) {
    cl_pred_probs r;
    r.data = p;
    r.n_examples = n;
    r.n_classes = k;
    r.row_stride = 0;
    r.dtype = CL_DTYPE_FLOAT64;
    return r;
}
static cl_labels lab64(const int64_t *y, int64_t n) {
    cl_labels l;
    l.data = y;
    l.n_examples = n;
    l.dtype = CL_LABEL_INT64;
    return l;
}
static const char *dtype_name(int dt) {
    return dt == CL_DTYPE_FLOAT16 ? "float16" : dt == CL_DTYPE_FLOAT32 ? "float32" : "float64";
}

/* splitmix64: a small seeded generator, identical on every platform */
static uint64_t g_rng = 0x5eed5eed5eedULL;
static uint64_t rng_next(void) {
    uint64_t z = (g_rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }
static int64_t rng_below(int64_t m) { return (int64_t)(rng_next() % (uint64_t)m); }

/* ============================================================================================
 * Hand-verifiable datasets (float64 literals, all exactly representable in float16)
 * ========================================================================================== */
/* D1: K=3, n=8, class counts 4/2/2. Rows 2 (given 0, looks like 1) and 7 (given 2, looks like 0)
 * are the mislabeled ones.
 *   thresholds t = [ (0.75+0.5+0.125+0.625)/4, (0.625+0.875)/2, (0.75+0.25)/2 ] = [0.5, 0.75, 0.5]
 *   confident (p >= t - 1e-6): row0..3 -> 0,0,1,0; row4 none (0.625 < 0.75); row5 -> 1; row6 -> 2;
 *   row7 -> 0.  cj[given][true] = [[3,1,0],[0,1,0],[1,0,1]]; off-diagonal rows {2, 7}.
 *   calibrated (row r scaled to count(y==r)): [[3,1,0],[0,2,0],[1,0,1]] (sums 4, 2, 2; total 8).
 *   Every filter_by flags {2, 7}; self_confidence ranks 2 (0.125) before 7 (0.25). */
static const double D1_P[8 * 3] = {
    0.75,  0.125, 0.125, /* 0 y=0 */
    0.5,   0.25,  0.25,  /* 1 y=0 */
    0.125, 0.75,  0.125, /* 2 y=0  mislabeled (class 1) */
    0.625, 0.25,  0.125, /* 3 y=0 */
    0.25,  0.625, 0.125, /* 4 y=1 */
    0.125, 0.875, 0.0,   /* 5 y=1 */
    0.125, 0.125, 0.75,  /* 6 y=2 */
    0.75,  0.0,   0.25,  /* 7 y=2  mislabeled (class 0) */
};
static const int64_t D1_Y[8] = {0, 0, 0, 0, 1, 1, 2, 2};

/* D2: K=3, n=12, four examples per class; the filters disagree here.
 *   t = [2.0/4, 2.40625/4, 2.5625/4] = [0.5, 0.6015625, 0.640625]
 *   confident: 0->0, 1->0, 2->1, 3->2, 4->1, 5->1, 6 none, 7->0, 8->2, 9->2, 10 none, 11 none
 *   cj = [[2,1,1],[1,2,0],[0,0,2]], off-diagonal {2,3,7};
 *   calibrated: row1 [1,2,0]*4/3 = [1.33,2.67,0] -> [1,3,0]: [[2,1,1],[1,3,0],[0,0,4]]
 *   prune matrix pcm = cal^T = [[2,1,0],[1,3,0],[1,0,4]] (pcm[true][given])
 *   prune_by_noise_rate: class 0: top-1 of p1-p0 -> 2, top-1 of p2-p0 -> 3; class 1: top-1 of
 *     p0-p1 -> 7 (0.09375 > 0.0625 of row 6)  => {2,3,7}
 *   prune_by_class: class 0 removes 4-2=2 lowest p0 -> {3,2}; class 1 removes 4-3=1 lowest p1 ->
 *     6 (0.375 < 0.40625)  => {2,3,6};  both => {2,3}
 *   confident_learning {2,3,7}; predicted_neq_given {2,3,6,7};
 *   num_label_issues = 3 (off_diagonal) = rint((1 - 9/12) * 12) (calibrated);
 *   low_self_confidence: 3 lowest p[y] = 3 (0.125), 2 (0.25), 6 (0.375) => {2,3,6}
 *   low_normalized_margin: 3 (0.21875), 2 (0.3125), 7 (0.453125) => {2,3,7}
 *   ranked by self_confidence / normalized_margin as listed in the tables below. */
static const double D2_P[12 * 3] = {
    0.875,  0.0625,  0.0625,  /* 0 y=0 */
    0.75,   0.125,   0.125,   /* 1 y=0 */
    0.25,   0.625,   0.125,   /* 2 y=0 */
    0.125,  0.1875,  0.6875,  /* 3 y=0 */
    0.125,  0.75,    0.125,   /* 4 y=1 */
    0.0625, 0.875,   0.0625,  /* 5 y=1 */
    0.4375, 0.375,   0.1875,  /* 6 y=1 */
    0.5,    0.40625, 0.09375, /* 7 y=1 */
    0.125,  0.125,   0.75,    /* 8 y=2 */
    0.0625, 0.0625,  0.875,   /* 9 y=2 */
    0.25,   0.25,    0.5,     /* 10 y=2 */
    0.3125, 0.25,    0.4375,  /* 11 y=2 */
};
static const int64_t D2_Y[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
static const double D2_SC[12] = {0.875, 0.75, 0.25,    0.125, 0.75, 0.875,
                                 0.375, 0.40625, 0.75, 0.875, 0.5,  0.4375};
static const double D2_NM[12] = {0.90625, 0.8125,   0.3125, 0.21875, 0.8125, 0.90625,
                                 0.46875, 0.453125, 0.8125, 0.90625, 0.625,  0.5625};

/* D3: ties. K=3, n=8. Rows 6 and 7 are identical (given 0, look like 1); row 4 has
 * p0 == p2 == 0.375 with given label 2.
 *   t = [0.5, 0.625, 0.5625]; cj = [[2,2,0],[0,1,0],[0,0,1]]; calibrated [[2,2,0],[0,2,0],[0,0,2]]
 *   default filters flag {6,7}. With frac_noise=0.5 the prune matrix becomes [[3,0,0],[1,2,0],
 *   [0,0,2]]: one example of class 0 is to be removed, and rows 6 and 7 tie => the tie rule picks
 *   row 6 (cleanlab's unstable argsort picks either).
 *   predicted_neq_given: argmax(row 4) = 0 (first maximum) != 2, so cl_find_predicted_neq_given
 *   flags {4,6,7}. find_label_issues then un-flags rows where argmax(p + 1e-6*onehot(y)) == y,
 *   computed in the input dtype: in float32/float64 row 4 is un-flagged ({6,7}); in float16
 *   0.375 + 1e-6 rounds back to 0.375, so row 4 stays flagged ({4,6,7}), as in cleanlab. */
static const double D3_P[8 * 3] = {
    0.75,  0.125, 0.125, /* 0 y=0 */
    0.75,  0.125, 0.125, /* 1 y=0 */
    0.125, 0.75,  0.125, /* 2 y=1 */
    0.25,  0.5,   0.25,  /* 3 y=1 */
    0.375, 0.25,  0.375, /* 4 y=2  tie between class 0 and the given class 2 */
    0.125, 0.125, 0.75,  /* 5 y=2 */
    0.25,  0.625, 0.125, /* 6 y=0 */
    0.25,  0.625, 0.125, /* 7 y=0  identical to 6 */
};
static const int64_t D3_Y[8] = {0, 0, 1, 1, 2, 2, 0, 0};

/* Reference formulas (float64 input, numpy's order of operations) */
static double ref_cwe(const double *row, int64_t k, int64_t y) {
    double s = 0.0, sc, q, clipped;
    int64_t j;
    for (j = 0; j < k; j++) s += row[j] > 0.0 ? row[j] * log(row[j]) : 0.0;
    s = -s / log((double)k);
    sc = row[y] > 1e-6 ? row[y] : 1e-6;
    q = s / sc;
    clipped = q > 1e-6 ? q : 1e-6;
    return log(q + 1.0) / clipped;
}

/* indices of `mask` sorted by ascending score, ties by index (insertion sort: small inputs) */
static int64_t ref_order(const uint8_t *mask, const double *score, int64_t n, int64_t *out) {
    int64_t i, c = 0;
    for (i = 0; i < n; i++) {
        if (!mask[i]) continue;
        int64_t j = c++;
        while (j > 0 && score[out[j - 1]] > score[i]) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = i;
    }
    return c;
}

/* ============================================================================================
 * Sections
 * ========================================================================================== */
static void test_versions(void) {
    section("versions");
    CHECK(cl_version_number() == CL_VERSION_NUMBER, "cl_version_number() = %u, header %d",
          cl_version_number(), CL_VERSION_NUMBER);
    CHECK(cl_version_string() != NULL && strcmp(cl_version_string(), CL_VERSION_STRING) == 0,
          "cl_version_string() = \"%s\", header \"%s\"",
          cl_version_string() ? cl_version_string() : "(null)", CL_VERSION_STRING);
    CHECK(cl_abi_version() == CL_ABI_VERSION, "cl_abi_version() = %u, header %d", cl_abi_version(),
          CL_ABI_VERSION);
    {
        char buf[32];
        snprintf(buf, sizeof buf, "%d.%d.%d", CL_VERSION_MAJOR, CL_VERSION_MINOR, CL_VERSION_PATCH);
        CHECK(strcmp(buf, CL_VERSION_STRING) == 0, "CL_VERSION_STRING \"%s\" != \"%s\"",
              CL_VERSION_STRING, buf);
    }
}

static void test_status_strings(void) {
    static const struct {
        cl_status s;
        const char *name;
    } names[] = {
        {CL_OK, "CL_OK"},
        {CL_E_NULL_POINTER, "CL_E_NULL_POINTER"},
        {CL_E_INVALID_ARGUMENT, "CL_E_INVALID_ARGUMENT"},
        {CL_E_SHAPE, "CL_E_SHAPE"},
        {CL_E_DTYPE, "CL_E_DTYPE"},
        {CL_E_LABEL_RANGE, "CL_E_LABEL_RANGE"},
        {CL_E_NOT_FINITE, "CL_E_NOT_FINITE"},
        {CL_E_PROB_RANGE, "CL_E_PROB_RANGE"},
        {CL_E_TOO_FEW_CLASSES, "CL_E_TOO_FEW_CLASSES"},
        {CL_E_BUFFER_TOO_SMALL, "CL_E_BUFFER_TOO_SMALL"},
        {CL_E_NUMERIC, "CL_E_NUMERIC"},
        {CL_E_NO_MEMORY, "CL_E_NO_MEMORY"},
        {CL_E_CALLBACK, "CL_E_CALLBACK"},
        {CL_E_INTERNAL, "CL_E_INTERNAL"},
    };
    static const int unknown[] = {-1, 13, 50, 98, 100, 1000, 0x7FFFFFFF};
    size_t i;
    section("status codes and names");
    /* explicit values are part of the ABI */
    CHECK(CL_OK == 0 && CL_E_NULL_POINTER == 1 && CL_E_INVALID_ARGUMENT == 2 && CL_E_SHAPE == 3 &&
              CL_E_DTYPE == 4 && CL_E_LABEL_RANGE == 5 && CL_E_NOT_FINITE == 6 &&
              CL_E_PROB_RANGE == 7 && CL_E_TOO_FEW_CLASSES == 8 && CL_E_BUFFER_TOO_SMALL == 9 &&
              CL_E_NUMERIC == 10 && CL_E_NO_MEMORY == 11 && CL_E_INTERNAL == 99,
          "status code values changed");
    CHECK(CL_FILTER_PRUNE_BY_NOISE_RATE == 1 && CL_FILTER_PRUNE_BY_CLASS == 2 && CL_FILTER_BOTH == 3 &&
              CL_FILTER_CONFIDENT_LEARNING == 4 && CL_FILTER_PREDICTED_NEQ_GIVEN == 5 &&
              CL_FILTER_LOW_NORMALIZED_MARGIN == 6 && CL_FILTER_LOW_SELF_CONFIDENCE == 7 &&
              CL_RANK_NONE == 0 && CL_RANK_SELF_CONFIDENCE == 1 && CL_RANK_NORMALIZED_MARGIN == 2 &&
              CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY == 3 && CL_ESTIMATE_OFF_DIAGONAL == 1 &&
              CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED == 2 && CL_ESTIMATE_OFF_DIAGONAL_CUSTOM == 3 &&
              CL_DTYPE_FLOAT16 == 1 && CL_DTYPE_FLOAT32 == 2 && CL_DTYPE_FLOAT64 == 3 &&
              CL_LABEL_INT32 == 1 && CL_LABEL_INT64 == 2,
          "enum values changed");
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *s = cl_status_string(names[i].s);
        CHECK(s != NULL && strcmp(s, names[i].name) == 0, "cl_status_string(%d) = \"%s\", want \"%s\"",
              (int)names[i].s, s ? s : "(null)", names[i].name);
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = cl_status_string((cl_status)unknown[i]);
        CHECK(s != NULL && strcmp(s, "CL_E_UNKNOWN") == 0, "cl_status_string(%d) = \"%s\", want CL_E_UNKNOWN",
              unknown[i], s ? s : "(null)");
    }
    CHECK(cl_last_error_message() != NULL, "cl_last_error_message() is NULL");
}

static void test_threads_api(void) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    section("cl_set_num_threads / cl_get_num_threads");
    EXPECT_STATUS(cl_set_num_threads(-1), CL_E_INVALID_ARGUMENT);
    EXPECT_MESSAGE_MENTIONS("n_threads");
    EXPECT_STATUS(cl_set_num_threads(INT32_MIN), CL_E_INVALID_ARGUMENT);
    EXPECT_OK(cl_set_num_threads(3));
    CHECK(cl_get_num_threads() == 3, "cl_get_num_threads() = %d after set 3", cl_get_num_threads());
    EXPECT_OK(cl_set_num_threads(1));
    CHECK(cl_get_num_threads() == 1, "cl_get_num_threads() = %d after set 1", cl_get_num_threads());
    EXPECT_OK(cl_set_num_threads(0));
    CHECK(cl_get_num_threads() >= 1, "cl_get_num_threads() = %d after set 0", cl_get_num_threads());
    if (online >= 1)
        CHECK(cl_get_num_threads() == (int32_t)online, "default threads %d != online cores %ld",
              cl_get_num_threads(), online);
}

static void test_options_init(void) {
    cl_options o;
    section("cl_options_init");
    EXPECT_STATUS(cl_options_init(NULL), CL_E_NULL_POINTER);
    memset(&o, 0xAB, sizeof o);
    EXPECT_OK(cl_options_init(&o));
    CHECK(o.struct_size == sizeof(cl_options), "struct_size %u != sizeof %zu", o.struct_size,
          sizeof(cl_options));
    CHECK(o.filter_by == CL_FILTER_PRUNE_BY_NOISE_RATE, "default filter_by %d", o.filter_by);
    CHECK(o.return_indices_ranked_by == CL_RANK_NONE, "default rank %d", o.return_indices_ranked_by);
    CHECK(o.rank_adjust_pred_probs == 0, "default adjust %d", o.rank_adjust_pred_probs);
    CHECK(o.frac_noise == 1.0, "default frac_noise %g", o.frac_noise);
    CHECK(o.min_examples_per_class == 1, "default min_examples_per_class %lld",
          (long long)o.min_examples_per_class);
    CHECK(o.num_to_remove_per_class == NULL && o.num_to_remove_per_class_len == 0,
          "default num_to_remove_per_class");
    CHECK(o.confident_joint == NULL, "default confident_joint");
    CHECK(o.n_threads == 0 && o.confident_joint_order == CL_ORDER_ROW_MAJOR,
          "default n_threads %d confident_joint_order %d", o.n_threads, o.confident_joint_order);
}

/* ---- common validation of (pred_probs, labels) for every function that takes them -------- */
typedef cl_status (*pl_fn)(const cl_pred_probs *, const cl_labels *, void *ctx);

typedef struct {
    double out_d[64];
    int64_t out_i[64];
    uint8_t out_m[64];
    int64_t count;
    cl_options opt;
} scratch;

static cl_status f_thresholds(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_confident_thresholds(p, l, ((scratch *)c)->out_d);
}
static cl_status f_cj(const cl_pred_probs *p, const cl_labels *l, void *c) {
    scratch *s = (scratch *)c;
    return cl_compute_confident_joint(p, l, NULL, CL_DTYPE_FLOAT64, 1, s->out_i, s->out_m, &s->count);
}
static cl_status f_estimate_joint(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_estimate_joint(p, l, NULL, CL_ORDER_ROW_MAJOR, p ? p->n_classes : 3, ((scratch *)c)->out_d);
}
static cl_status f_num_issues(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_num_label_issues(p, l, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, &((scratch *)c)->count);
}
static cl_status f_num_issues_cal(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_num_label_issues(p, l, CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED, NULL, CL_ORDER_ROW_MAJOR,
                               &((scratch *)c)->count);
}
static cl_status f_find(const cl_pred_probs *p, const cl_labels *l, void *c) {
    scratch *s = (scratch *)c;
    return cl_find_label_issues(p, l, NULL, s->out_m, NULL, 0, &s->count);
}
static cl_status f_find_ranked(const cl_pred_probs *p, const cl_labels *l, void *c) {
    scratch *s = (scratch *)c;
    cl_options_init(&s->opt);
    s->opt.filter_by = CL_FILTER_BOTH;
    s->opt.return_indices_ranked_by = CL_RANK_NORMALIZED_MARGIN;
    return cl_find_label_issues(p, l, &s->opt, s->out_m, s->out_i, 64, &s->count);
}
static cl_status f_pneq(const cl_pred_probs *p, const cl_labels *l, void *c) {
    scratch *s = (scratch *)c;
    return cl_find_predicted_neq_given(p, l, s->out_m, &s->count);
}
static cl_status f_quality(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_label_quality_scores(p, l, CL_RANK_SELF_CONFIDENCE, 0, ((scratch *)c)->out_d);
}
static cl_status f_quality_adj(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_label_quality_scores(p, l, CL_RANK_NORMALIZED_MARGIN, 1, ((scratch *)c)->out_d);
}
static cl_status f_sc(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_self_confidence_for_each_label(p, l, ((scratch *)c)->out_d);
}
static cl_status f_nm(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_normalized_margin_for_each_label(p, l, ((scratch *)c)->out_d);
}
static cl_status f_cwe(const cl_pred_probs *p, const cl_labels *l, void *c) {
    return cl_get_confidence_weighted_entropy_for_each_label(p, l, ((scratch *)c)->out_d);
}
static cl_status f_order(const cl_pred_probs *p, const cl_labels *l, void *c) {
    static const uint8_t all[64] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    scratch *s = (scratch *)c;
    return cl_order_label_issues(p, l, all, CL_RANK_SELF_CONFIDENCE, 0, s->out_i, 64, &s->count);
}

static const struct {
    const char *name;
    pl_fn fn;
    int needs_two_classes; /* rejects labels with < 2 distinct classes */
} k_pl_fns[] = {
    {"cl_get_confident_thresholds", f_thresholds, 0},
    {"cl_compute_confident_joint", f_cj, 0},
    {"cl_estimate_joint", f_estimate_joint, 0},
    {"cl_num_label_issues(off_diagonal)", f_num_issues, 1},
    {"cl_num_label_issues(off_diagonal_calibrated)", f_num_issues_cal, 1},
    {"cl_find_label_issues", f_find, 1},
    {"cl_find_label_issues(ranked)", f_find_ranked, 1},
    {"cl_find_predicted_neq_given", f_pneq, 0},
    {"cl_get_label_quality_scores", f_quality, 0},
    {"cl_get_label_quality_scores(adjust)", f_quality_adj, 0},
    {"cl_get_self_confidence_for_each_label", f_sc, 0},
    {"cl_get_normalized_margin_for_each_label", f_nm, 0},
    {"cl_get_confidence_weighted_entropy_for_each_label", f_cwe, 0},
    {"cl_order_label_issues", f_order, 0},
};
#define N_PL_FNS (sizeof k_pl_fns / sizeof k_pl_fns[0])

static void expect_fn_status(size_t f, const cl_pred_probs *p, const cl_labels *l, cl_status want,
                             const char *what) {
    scratch *s = (scratch *)xmalloc(sizeof(scratch));
    cl_status st = k_pl_fns[f].fn(p, l, s);
    const char *msg = cl_last_error_message();
    if (CHECK(st == want, "%s / %s: status %s, expected %s (message \"%s\")", k_pl_fns[f].name,
              what, cl_status_string(st), cl_status_string(want), msg ? msg : "(null)")) {
        if (want == CL_OK)
            CHECK(msg && msg[0] == '\0', "%s / %s: message not empty after success: \"%s\"",
                  k_pl_fns[f].name, what, msg ? msg : "(null)");
        else
            CHECK(msg && msg[0] != '\0' && strlen(msg) < 512,
                  "%s / %s: empty (or > 511 bytes) message after %s", k_pl_fns[f].name, what,
                  cl_status_string(want));
    }
    free(s);
}

static void test_common_validation(void) {
    dataset d = ds_make(12, 3, D2_P, D2_Y);
    size_t f;
    section("input validation shared by every (pred_probs, labels) function");
    for (f = 0; f < N_PL_FNS; f++) {
        cl_pred_probs p = pp_of(&d, CL_DTYPE_FLOAT64), q;
        cl_labels l = lab_of(&d, CL_LABEL_INT64), m;
        double *bad = (double *)xmalloc(sizeof(double) * 36);
        int64_t *ybad = (int64_t *)xmalloc(sizeof(int64_t) * 12);
        float f32[36];
        uint16_t f16[36];
        int i;

        /* baseline succeeds */
        expect_fn_status(f, &p, &l, CL_OK, "valid input");
        /* the same through every dtype combination */
        q = pp_of(&d, CL_DTYPE_FLOAT32);
        m = lab_of(&d, CL_LABEL_INT32);
        expect_fn_status(f, &q, &m, CL_OK, "float32 + int32");
        q = pp_of(&d, CL_DTYPE_FLOAT16);
        expect_fn_status(f, &q, &l, CL_OK, "float16 + int64");

        /* NULL pointers */
        expect_fn_status(f, NULL, &l, CL_E_NULL_POINTER, "pred_probs NULL");
        expect_fn_status(f, &p, NULL, CL_E_NULL_POINTER, "labels NULL");
        q = p;
        q.data = NULL;
        expect_fn_status(f, &q, &l, CL_E_NULL_POINTER, "pred_probs->data NULL");
        m = l;
        m.data = NULL;
        expect_fn_status(f, &p, &m, CL_E_NULL_POINTER, "labels->data NULL");

        /* shapes */
        q = p;
        q.n_examples = -1;
        m = l;
        m.n_examples = -1;
        expect_fn_status(f, &q, &m, CL_E_SHAPE, "n < 0");
        q = p;
        q.n_classes = 1;
        expect_fn_status(f, &q, &l, CL_E_SHAPE, "K = 1");
        q.n_classes = 0;
        expect_fn_status(f, &q, &l, CL_E_SHAPE, "K = 0");
        q.n_classes = -3;
        expect_fn_status(f, &q, &l, CL_E_SHAPE, "K < 0");
        q = p;
        q.n_examples = INT64_MAX / 2;
        m = l;
        m.n_examples = INT64_MAX / 2;
        expect_fn_status(f, &q, &m, CL_E_SHAPE, "n*K overflows int64");
        q = p;
        q.n_examples = (int64_t)1 << 40;
        q.n_classes = (int64_t)1 << 30;
        m = l;
        m.n_examples = (int64_t)1 << 40;
        expect_fn_status(f, &q, &m, CL_E_SHAPE, "n*K = 2^70 overflows int64");
        q = p;
        q.n_examples = (int64_t)1 << 40;
        q.row_stride = (int64_t)1 << 30;
        m = l;
        m.n_examples = (int64_t)1 << 40;
        expect_fn_status(f, &q, &m, CL_E_SHAPE, "n*row_stride overflows int64");
        q = p;
        q.row_stride = 2;
        expect_fn_status(f, &q, &l, CL_E_SHAPE, "row_stride < K");
        q.row_stride = -3;
        expect_fn_status(f, &q, &l, CL_E_SHAPE, "row_stride < 0");
        m = l;
        m.n_examples = 11;
        expect_fn_status(f, &p, &m, CL_E_SHAPE, "length mismatch (labels shorter)");
        m.n_examples = 13;
        expect_fn_status(f, &p, &m, CL_E_SHAPE, "length mismatch (labels longer)");

        /* dtype codes */
        q = p;
        q.dtype = 0;
        expect_fn_status(f, &q, &l, CL_E_DTYPE, "pred_probs dtype 0");
        q.dtype = 4;
        expect_fn_status(f, &q, &l, CL_E_DTYPE, "pred_probs dtype 4");
        q.dtype = -1;
        expect_fn_status(f, &q, &l, CL_E_DTYPE, "pred_probs dtype -1");
        m = l;
        m.dtype = 0;
        expect_fn_status(f, &p, &m, CL_E_DTYPE, "labels dtype 0");
        m.dtype = 3;
        expect_fn_status(f, &p, &m, CL_E_DTYPE, "labels dtype 3");

        /* labels out of range */
        memcpy(ybad, D2_Y, sizeof D2_Y);
        ybad[5] = 3;
        m = l;
        m.data = ybad;
        expect_fn_status(f, &p, &m, CL_E_LABEL_RANGE, "label == K");
        ybad[5] = -1;
        expect_fn_status(f, &p, &m, CL_E_LABEL_RANGE, "label -1");
        ybad[5] = INT64_MIN;
        expect_fn_status(f, &p, &m, CL_E_LABEL_RANGE, "label INT64_MIN");
        {
            int32_t y32[12];
            for (i = 0; i < 12; i++) y32[i] = (int32_t)D2_Y[i];
            y32[11] = 7;
            m.data = y32;
            m.dtype = CL_LABEL_INT32;
            expect_fn_status(f, &p, &m, CL_E_LABEL_RANGE, "int32 label 7 > K-1");
        }

        /* non-finite values */
        memcpy(bad, D2_P, sizeof D2_P);
        q = p;
        q.data = bad;
        bad[7] = NAN;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "NaN");
        bad[7] = INFINITY;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "+inf");
        bad[7] = -INFINITY;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "-inf");
        bad[7] = D2_P[7];
        bad[35] = NAN; /* last element */
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "NaN in the last element");
        bad[35] = D2_P[35];
        for (i = 0; i < 36; i++) f32[i] = (float)D2_P[i];
        f32[20] = NAN;
        q.data = f32;
        q.dtype = CL_DTYPE_FLOAT32;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "float32 NaN");
        f32[20] = (float)INFINITY;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "float32 inf");
        f32[20] = (float)D2_P[20];
        for (i = 0; i < 36; i++) f16[i] = to_half(D2_P[i]);
        f16[4] = 0x7E00; /* NaN */
        q.data = f16;
        q.dtype = CL_DTYPE_FLOAT16;
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "float16 NaN");
        f16[4] = 0xFC00; /* -inf */
        expect_fn_status(f, &q, &l, CL_E_NOT_FINITE, "float16 -inf");
        f16[4] = to_half(D2_P[4]);

        /* probability range: accepted iff -1e-6 <= v <= 1 + 1e-6 (bounds in the input dtype) */
        q = p;
        q.data = bad;
        bad[7] = 1.0 + 2e-6;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float64 1 + 2e-6");
        bad[7] = -2e-6;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float64 -2e-6");
        bad[7] = 1.5;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float64 1.5");
        bad[7] = -0.25;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float64 -0.25");
        /* within tolerance: accepted (the CWE function is skipped: cleanlab's entropy rejects any
         * value outside [0, 1] exactly) */
        if (k_pl_fns[f].fn != f_cwe) {
            bad[7] = 1.0 + 5e-7;
            expect_fn_status(f, &q, &l, CL_OK, "float64 1 + 5e-7 (within tolerance)");
            bad[7] = -5e-7;
            expect_fn_status(f, &q, &l, CL_OK, "float64 -5e-7 (within tolerance)");
        }
        bad[7] = D2_P[7];
        q.data = f32;
        q.dtype = CL_DTYPE_FLOAT32;
        f32[20] = 1.0f + 2e-6f;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float32 1 + 2e-6");
        f32[20] = -2e-6f;
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float32 -2e-6");
        f32[20] = (float)D2_P[20];
        q.data = f16;
        q.dtype = CL_DTYPE_FLOAT16;
        f16[4] = 0x3C01; /* 1.0009765625: the next float16 after 1; 1 + 1e-6 rounds to 1 */
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float16 1.0009765625");
        f16[4] = 0xBC00; /* -1.0 */
        expect_fn_status(f, &q, &l, CL_E_PROB_RANGE, "float16 -1");
        f16[4] = to_half(D2_P[4]);

        /* fewer than two classes */
        if (k_pl_fns[f].needs_two_classes) {
            for (i = 0; i < 12; i++) ybad[i] = 2;
            m = l;
            m.data = ybad;
            expect_fn_status(f, &p, &m, CL_E_TOO_FEW_CLASSES, "all labels 2");
        }
        free(bad);
        free(ybad);
    }
    /* a few messages name what is wrong */
    {
        cl_pred_probs p = pp_of(&d, CL_DTYPE_FLOAT64), q;
        cl_labels l = lab_of(&d, CL_LABEL_INT64), m;
        int64_t count;
        double out[12];
        uint8_t mask[12];
        int64_t ybad[12];
        EXPECT_STATUS(cl_get_self_confidence_for_each_label(NULL, &l, out), CL_E_NULL_POINTER);
        EXPECT_MESSAGE_MENTIONS("pred_probs");
        EXPECT_STATUS(cl_get_self_confidence_for_each_label(&p, NULL, out), CL_E_NULL_POINTER);
        EXPECT_MESSAGE_MENTIONS("labels");
        m = l;
        memcpy(ybad, D2_Y, sizeof ybad);
        ybad[9] = 3;
        m.data = ybad;
        EXPECT_STATUS(cl_find_label_issues(&p, &m, NULL, mask, NULL, 0, &count), CL_E_LABEL_RANGE);
        EXPECT_MESSAGE_MENTIONS("label");
        EXPECT_MESSAGE_MENTIONS("9"); /* the row at fault */
        q = p;
        q.row_stride = 1;
        EXPECT_STATUS(cl_find_label_issues(&q, &l, NULL, mask, NULL, 0, &count), CL_E_SHAPE);
        EXPECT_MESSAGE_MENTIONS("stride");
        /* a success right after clears the message */
        EXPECT_OK(cl_find_label_issues(&p, &l, NULL, mask, NULL, 0, &count));
    }
    ds_free(&d);
}

/* ---- per-function checks and specific errors ---------------------------------------------- */
static void test_thresholds(void) {
    dataset d1 = ds_make(8, 3, D1_P, D1_Y), d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p;
    cl_labels l;
    double t[4];
    int dt;
    section("cl_get_confident_thresholds");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d1, dt);
        l = lab_of(&d1, CL_LABEL_INT32);
        if (EXPECT_OK(cl_get_confident_thresholds(&p, &l, t)))
            CHECK(t[0] == 0.5 && t[1] == 0.75 && t[2] == 0.5, "D1 %s thresholds [%.17g %.17g %.17g]",
                  dtype_name(dt), t[0], t[1], t[2]);
        p = pp_of(&d2, dt);
        l = lab_of(&d2, CL_LABEL_INT64);
        if (EXPECT_OK(cl_get_confident_thresholds(&p, &l, t)))
            CHECK(t[0] == 0.5 && t[1] == 0.6015625 && t[2] == 0.640625,
                  "D2 %s thresholds [%.17g %.17g %.17g]", dtype_name(dt), t[0], t[1], t[2]);
    }
    /* missing classes get 2.0; labels need not contain two classes here */
    {
        double p4[12 * 4];
        int64_t i, y0[12];
        for (i = 0; i < 12; i++) {
            memcpy(p4 + 4 * i, D2_P + 3 * i, 3 * sizeof(double));
            p4[4 * i + 3] = 0.0;
        }
        p = pp64(p4, 12, 4);
        l = lab64(D2_Y, 12);
        if (EXPECT_OK(cl_get_confident_thresholds(&p, &l, t)))
            CHECK(t[0] == 0.5 && t[1] == 0.6015625 && t[2] == 0.640625 && t[3] == 2.0,
                  "missing class 3: thresholds [%.17g %.17g %.17g %.17g]", t[0], t[1], t[2], t[3]);
        for (i = 0; i < 12; i++) y0[i] = 0;
        l = lab64(y0, 12);
        if (EXPECT_OK(cl_get_confident_thresholds(&p, &l, t)))
            CHECK(t[0] == (0.875 + 0.75 + 0.25 + 0.125 + 0.125 + 0.0625 + 0.4375 + 0.5 + 0.125 +
                           0.0625 + 0.25 + 0.3125) / 12.0 &&
                      t[1] == 2.0 && t[2] == 2.0 && t[3] == 2.0,
                  "single class: thresholds [%.17g %.17g %.17g %.17g]", t[0], t[1], t[2], t[3]);
    }
    /* lower clip at 2e-6: a class whose own probabilities are all 0 */
    {
        static const double p[4 * 2] = {1.0, 0.0, 1.0, 0.0, 0.5, 0.5, 0.25, 0.75};
        static const int64_t y[4] = {0, 1, 0, 1}; /* class 1 rows have p1 = 0 and 0.75 */
        static const int64_t yz[4] = {0, 1, 0, 0}; /* class 1: one row with p1 = 0 */
        cl_pred_probs pp = pp64(p, 4, 2);
        cl_labels ll = lab64(y, 4);
        if (EXPECT_OK(cl_get_confident_thresholds(&pp, &ll, t)))
            CHECK(t[0] == 0.75 && t[1] == 0.375, "thresholds [%.17g %.17g]", t[0], t[1]);
        ll = lab64(yz, 4);
        if (EXPECT_OK(cl_get_confident_thresholds(&pp, &ll, t)))
            CHECK(t[1] == 2e-6 && t[0] == (1.0 + 0.5 + 0.25) / 3.0, "clip: thresholds [%.17g %.17g]",
                  t[0], t[1]);
    }
    p = pp_of(&d1, CL_DTYPE_FLOAT64);
    l = lab_of(&d1, CL_LABEL_INT64);
    EXPECT_STATUS(cl_get_confident_thresholds(&p, &l, NULL), CL_E_NULL_POINTER);
    ds_free(&d1);
    ds_free(&d2);
}

static void test_confident_joint(void) {
    dataset d1 = ds_make(8, 3, D1_P, D1_Y), d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p;
    cl_labels l;
    int64_t cj[16], count = -1;
    uint8_t mask[12];
    int dt;
    static const int64_t d1_uncal[9] = {3, 1, 0, 0, 1, 0, 1, 0, 1};
    static const int64_t d1_cal[9] = {3, 1, 0, 0, 2, 0, 1, 0, 1};
    static const int64_t d1_off[2] = {2, 7};
    static const int64_t d2_uncal[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
    static const int64_t d2_cal[9] = {2, 1, 1, 1, 3, 0, 0, 0, 4};
    static const int64_t d2_off[3] = {2, 3, 7};
    section("cl_compute_confident_joint");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d1, dt);
        l = lab_of(&d1, dt == CL_DTYPE_FLOAT32 ? CL_LABEL_INT32 : CL_LABEL_INT64);
        memset(mask, 7, sizeof mask);
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 0, cj, mask, &count))) {
            if (!CHECK(same_i64(cj, d1_uncal, 9), "D1 %s uncalibrated cj", dtype_name(dt)))
                print_i64("cj", cj, 9);
            CHECK(count == 2 && mask_is(mask, 8, d1_off, 2), "D1 %s off-diagonal {2,7}, count %lld",
                  dtype_name(dt), (long long)count);
        }
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 1, cj, mask, &count))) {
            if (!CHECK(same_i64(cj, d1_cal, 9), "D1 %s calibrated cj", dtype_name(dt)))
                print_i64("cj", cj, 9);
            CHECK(count == 2 && mask_is(mask, 8, d1_off, 2),
                  "D1 %s off-diagonal independent of calibration", dtype_name(dt));
        }
        p = pp_of(&d2, dt);
        l = lab_of(&d2, CL_LABEL_INT64);
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 0, cj, mask, &count))) {
            if (!CHECK(same_i64(cj, d2_uncal, 9), "D2 %s uncalibrated cj", dtype_name(dt)))
                print_i64("cj", cj, 9);
            CHECK(count == 3 && mask_is(mask, 12, d2_off, 3), "D2 %s off-diagonal {2,3,7}",
                  dtype_name(dt));
        }
        /* optional outputs may be NULL */
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 1, cj, NULL, NULL)))
            if (!CHECK(same_i64(cj, d2_cal, 9), "D2 %s calibrated cj", dtype_name(dt)))
                print_i64("cj", cj, 9);
    }
    /* supplied thresholds (float64, as a Python list): t = [0.5, 0.75, 0.5] on D2 makes rows 2
     * and 4 (0.625, 0.75 in class 1... ) -- computed by hand:
     *   row: 0->0 1->0 2:(0.25,0.625,0.125) none 3:(.125,.1875,.6875)->2 4->1 5->1 6 none 7->0
     *   8->2 9->2 10:(.25,.25,.5)->2 11 none   => cj [[2,0,1],[1,2,0],[0,0,3]] */
    {
        static const double thr[3] = {0.5, 0.75, 0.5};
        static const int64_t want[9] = {2, 0, 1, 1, 2, 0, 0, 0, 3};
        static const int64_t off[2] = {3, 7};
        p = pp_of(&d2, CL_DTYPE_FLOAT64);
        l = lab_of(&d2, CL_LABEL_INT64);
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, thr, CL_DTYPE_FLOAT64, 0, cj, mask, &count))) {
            if (!CHECK(same_i64(cj, want, 9), "D2 with thresholds [0.5,0.75,0.5]")) print_i64("cj", cj, 9);
            CHECK(count == 2 && mask_is(mask, 12, off, 2), "off-diagonal {3,7}");
        }
        p = pp_of(&d2, CL_DTYPE_FLOAT32);
        if (EXPECT_OK(cl_compute_confident_joint(&p, &l, thr, CL_DTYPE_FLOAT32, 0, cj, mask, &count)))
            CHECK(same_i64(cj, want, 9), "D2 float32 with float32 thresholds");
    }
    /* argmax over all classes when several are confident (cleanlab issue #1248):
     * P = [.1,.2,.3,.4], t = [.01,.5,.01,.5], y = 2 -> guess 3, counted off the diagonal */
    {
        static const double p4[2 * 4] = {0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.1, 0.1};
        static const int64_t y4[2] = {2, 0};
        static const double thr[4] = {0.01, 0.5, 0.01, 0.5};
        cl_pred_probs pp = pp64(p4, 2, 4);
        cl_labels ll = lab64(y4, 2);
        if (EXPECT_OK(cl_compute_confident_joint(&pp, &ll, thr, CL_DTYPE_FLOAT64, 0, cj, mask, &count))) {
            CHECK(cj[2 * 4 + 3] == 1 && cj[2 * 4 + 2] == 1 /* diagonal clipped to >= 1 */ &&
                      cj[0] == 1 && cj[1 * 4 + 1] == 1 && cj[3 * 4 + 3] == 1,
                  "issue #1248 semantics");
            CHECK(count == 1 && mask[0] == 1 && mask[1] == 0, "row 0 off-diagonal");
        }
    }
    /* errors specific to this function */
    p = pp_of(&d1, CL_DTYPE_FLOAT64);
    l = lab_of(&d1, CL_LABEL_INT64);
    EXPECT_STATUS(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 1, NULL, mask, &count),
                  CL_E_NULL_POINTER);
    {
        double thr[3] = {0.5, NAN, 0.5};
        EXPECT_STATUS(cl_compute_confident_joint(&p, &l, thr, CL_DTYPE_FLOAT64, 1, cj, NULL, NULL),
                      CL_E_NOT_FINITE);
        thr[1] = INFINITY;
        EXPECT_STATUS(cl_compute_confident_joint(&p, &l, thr, CL_DTYPE_FLOAT64, 1, cj, NULL, NULL),
                      CL_E_NOT_FINITE);
        thr[1] = 0.75;
        EXPECT_STATUS(cl_compute_confident_joint(&p, &l, thr, 0, 1, cj, NULL, NULL), CL_E_DTYPE);
        EXPECT_STATUS(cl_compute_confident_joint(&p, &l, thr, 9, 1, cj, NULL, NULL), CL_E_DTYPE);
        /* the dtype of thresholds is ignored when thresholds is NULL */
        EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, 9, 1, cj, NULL, NULL));
    }
    ds_free(&d1);
    ds_free(&d2);
}

static void test_calibrate(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    int64_t out[16];
    static const double cj[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
    static const int64_t want[9] = {2, 1, 1, 1, 3, 0, 0, 0, 4};
    section("cl_calibrate_confident_joint");
    if (EXPECT_OK(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &l, out)))
        if (!CHECK(same_i64(out, want, 9), "calibrate D2 cj")) print_i64("out", out, 9);
    l = lab_of(&d2, CL_LABEL_INT32);
    if (EXPECT_OK(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &l, out)))
        CHECK(same_i64(out, want, 9), "calibrate D2 cj (int32 labels)");
    /* rows scale to the label counts: [[1,2],[3,4]], counts [5,5]:
     * row0 [5/3, 10/3] -> [2,3]; row1 [15/7, 20/7] = [2.14, 2.86] -> [2,3] */
    {
        static const double c2[4] = {1, 2, 3, 4};
        static const int64_t y[10] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        static const int64_t w2[4] = {2, 3, 2, 3};
        cl_labels ll = lab64(y, 10);
        if (EXPECT_OK(cl_calibrate_confident_joint(c2, 2, CL_ORDER_ROW_MAJOR, &ll, out)))
            if (!CHECK(same_i64(out, w2, 4), "calibrate [[1,2],[3,4]]")) print_i64("out", out, 4);
    }
    /* tie rule of round_preserving_sum: row [1,1,1] scaled to 4 gives [4/3,4/3,4/3]; one entry is
     * rounded up, and among equal residuals argsort(residuals)[::-1] of a stable argsort takes
     * the later position first (header: "when rounding up, the later position first") */
    {
        static const double c3[9] = {1, 1, 1, 0, 3, 0, 0, 0, 3};
        static const int64_t y[10] = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
        static const int64_t w3[9] = {1, 1, 2, 0, 3, 0, 0, 0, 3};
        cl_labels ll = lab64(y, 10);
        if (EXPECT_OK(cl_calibrate_confident_joint(c3, 3, CL_ORDER_ROW_MAJOR, &ll, out)))
            if (!CHECK(same_i64(out, w3, 9), "calibrate tie rule: rounding up takes the later position"))
                print_i64("out", out, 9);
    }
    /* a class missing from labels: its row becomes 0 */
    {
        static const double c4[9] = {2, 1, 0, 1, 2, 0, 0, 0, 1};
        static const int64_t y[6] = {0, 0, 0, 1, 1, 1};
        static const int64_t w4[9] = {2, 1, 0, 1, 2, 0, 0, 0, 0};
        cl_labels ll = lab64(y, 6);
        if (EXPECT_OK(cl_calibrate_confident_joint(c4, 3, CL_ORDER_ROW_MAJOR, &ll, out)))
            if (!CHECK(same_i64(out, w4, 9), "calibrate with a missing class")) print_i64("out", out, 9);
    }
    /* errors */
    {
        double bad[9];
        int64_t ybad[12];
        cl_labels ll = lab_of(&d2, CL_LABEL_INT64);
        EXPECT_STATUS(cl_calibrate_confident_joint(NULL, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_NULL_POINTER);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, NULL, out), CL_E_NULL_POINTER);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, NULL), CL_E_NULL_POINTER);
        ll.data = NULL;
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_NULL_POINTER);
        ll = lab_of(&d2, CL_LABEL_INT64);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, 2, &ll, out), CL_E_INVALID_ARGUMENT);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, -1, &ll, out), CL_E_INVALID_ARGUMENT);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 1, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_SHAPE);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, -2, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_SHAPE);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, (int64_t)1 << 33, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_SHAPE);
        ll.n_examples = -1;
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_SHAPE);
        ll = lab_of(&d2, CL_LABEL_INT64);
        ll.dtype = 5;
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_DTYPE);
        memcpy(ybad, D2_Y, sizeof ybad);
        ybad[0] = 3;
        ll = lab64(ybad, 12);
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_LABEL_RANGE);
        ybad[0] = -1;
        EXPECT_STATUS(cl_calibrate_confident_joint(cj, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_LABEL_RANGE);
        ll = lab_of(&d2, CL_LABEL_INT64);
        memcpy(bad, cj, sizeof bad);
        bad[4] = NAN;
        EXPECT_STATUS(cl_calibrate_confident_joint(bad, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_NOT_FINITE);
        bad[4] = INFINITY;
        EXPECT_STATUS(cl_calibrate_confident_joint(bad, 3, CL_ORDER_ROW_MAJOR, &ll, out), CL_E_NOT_FINITE);
    }
    ds_free(&d2);
}

static void test_estimate_joint(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p = pp_of(&d2, CL_DTYPE_FLOAT64);
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    double j[16];
    static const double cal[9] = {2, 1, 1, 1, 3, 0, 0, 0, 4};
    static const double cj[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
    int i, dt;
    section("cl_estimate_joint");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d2, dt);
        if (EXPECT_OK(cl_estimate_joint(&p, &l, NULL, CL_ORDER_ROW_MAJOR, 3, j))) {
            int ok = 1;
            double s = 0;
            for (i = 0; i < 9; i++) {
                ok &= close_rel(j[i], cal[i] / 12.0, 1e-15) || (cal[i] == 0 && j[i] == 0);
                s += j[i];
            }
            CHECK(ok && fabs(s - 1.0) < 1e-12, "%s: joint = calibrated cj / 12", dtype_name(dt));
        }
    }
    /* confident_joint with labels: recalibrated, then normalised */
    if (EXPECT_OK(cl_estimate_joint(NULL, &l, cj, CL_ORDER_ROW_MAJOR, 3, j))) {
        int ok = 1;
        for (i = 0; i < 9; i++) ok &= close_rel(j[i], cal[i] / 12.0, 1e-15) || (cal[i] == 0 && j[i] == 0);
        CHECK(ok, "cj + labels: calibrated / 12");
    }
    /* confident_joint without labels: normalised as is */
    if (EXPECT_OK(cl_estimate_joint(NULL, NULL, cj, CL_ORDER_ROW_MAJOR, 3, j))) {
        int ok = 1;
        for (i = 0; i < 9; i++) ok &= close_rel(j[i], cj[i] / 9.0, 1e-15) || (cj[i] == 0 && j[i] == 0);
        CHECK(ok, "cj without labels: cj / 9");
    }
    /* pred_probs ignored when a confident joint is given */
    p = pp_of(&d2, CL_DTYPE_FLOAT64);
    p.dtype = 77;
    EXPECT_OK(cl_estimate_joint(&p, NULL, cj, CL_ORDER_ROW_MAJOR, 3, j));
    /* errors */
    p = pp_of(&d2, CL_DTYPE_FLOAT64);
    EXPECT_STATUS(cl_estimate_joint(NULL, &l, NULL, CL_ORDER_ROW_MAJOR, 3, j), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_estimate_joint(&p, &l, NULL, CL_ORDER_ROW_MAJOR, 3, NULL), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_estimate_joint(&p, &l, NULL, CL_ORDER_ROW_MAJOR, 4, j), CL_E_SHAPE);
    EXPECT_STATUS(cl_estimate_joint(NULL, &l, cj, CL_ORDER_ROW_MAJOR, 1, j), CL_E_SHAPE);
    {
        double bad[9];
        memcpy(bad, cj, sizeof bad);
        bad[2] = NAN;
        EXPECT_STATUS(cl_estimate_joint(NULL, NULL, bad, CL_ORDER_ROW_MAJOR, 3, j), CL_E_NOT_FINITE);
        EXPECT_STATUS(cl_estimate_joint(NULL, &l, bad, CL_ORDER_ROW_MAJOR, 3, j), CL_E_NOT_FINITE);
        /* an all-zero joint: cleanlab divides by max(sum, 1e-100), so the result is all zeros */
        memset(bad, 0, sizeof bad);
        if (EXPECT_OK(cl_estimate_joint(NULL, NULL, bad, CL_ORDER_ROW_MAJOR, 3, j))) {
            int ok = 1;
            for (i = 0; i < 9; i++) ok &= j[i] == 0.0;
            CHECK(ok, "all-zero joint normalises to zeros");
        }
    }
    ds_free(&d2);
}

static void test_num_label_issues(void) {
    dataset d1 = ds_make(8, 3, D1_P, D1_Y), d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p;
    cl_labels l;
    int64_t c = -1;
    int dt;
    section("cl_num_label_issues");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d1, dt);
        l = lab_of(&d1, CL_LABEL_INT32);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 2, "D1 %s off_diagonal = %lld, want 2", dtype_name(dt), (long long)c);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED, NULL, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 2, "D1 %s off_diagonal_calibrated = %lld, want 2", dtype_name(dt), (long long)c);
        p = pp_of(&d2, dt);
        l = lab_of(&d2, CL_LABEL_INT64);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 3, "D2 %s off_diagonal = %lld, want 3", dtype_name(dt), (long long)c);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED, NULL, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 3, "D2 %s off_diagonal_calibrated = %lld, want 3", dtype_name(dt), (long long)c);
    }
    /* custom: the supplied joint is recalibrated with labels, then rint((1 - trace) * n).
     * D1 labels (counts 4,2,2) with [[4,0,0],[0,1,0],[1,0,1]] -> [[4,0,0],[0,2,0],[1,0,1]]:
     * trace 7 of 8 -> 1.  D2 (counts 4,4,4) with the uncalibrated cj -> calibrated trace 9 of 12
     * -> 3; with [[4,0,0],[0,1,0],[1,0,1]] -> [[4,0,0],[0,4,0],[2,0,2]] -> trace 10 -> 2. */
    {
        static const double c1[9] = {4, 0, 0, 0, 1, 0, 1, 0, 1};
        static const double c2[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
        p = pp_of(&d1, CL_DTYPE_FLOAT64);
        l = lab_of(&d1, CL_LABEL_INT64);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, c1, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 1, "D1 custom = %lld, want 1", (long long)c);
        /* a joint passed with another method is ignored */
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED, c1, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 2, "D1 calibrated ignores the joint: %lld, want 2", (long long)c);
        p = pp_of(&d2, CL_DTYPE_FLOAT64);
        l = lab_of(&d2, CL_LABEL_INT64);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, c2, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 3, "D2 custom(cj) = %lld, want 3", (long long)c);
        if (EXPECT_OK(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, c1, CL_ORDER_ROW_MAJOR, &c)))
            CHECK(c == 2, "D2 custom([[4,0,0],[0,1,0],[1,0,1]]) = %lld, want 2", (long long)c);
    }
    /* errors */
    p = pp_of(&d2, CL_DTYPE_FLOAT64);
    l = lab_of(&d2, CL_LABEL_INT64);
    EXPECT_STATUS(cl_num_label_issues(&p, &l, 0, NULL, CL_ORDER_ROW_MAJOR, &c), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_num_label_issues(&p, &l, 4, NULL, CL_ORDER_ROW_MAJOR, &c), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_num_label_issues(&p, &l, -1, NULL, CL_ORDER_ROW_MAJOR, &c), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, NULL), CL_E_NULL_POINTER);
    EXPECT_ONE_OF(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, NULL, CL_ORDER_ROW_MAJOR, &c),
                  CL_E_NULL_POINTER, CL_E_INVALID_ARGUMENT);
    {
        double bad[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
        int i;
        bad[8] = NAN;
        EXPECT_STATUS(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, bad, CL_ORDER_ROW_MAJOR, &c),
                      CL_E_NOT_FINITE);
        /* a joint of negative counts: every row sum is clipped to 1e-100, the estimate is NaN
         * (cleanlab returns int(NaN) = -9223372036854775808): CL_E_NUMERIC */
        for (i = 0; i < 9; i++) bad[i] = -1.0;
        EXPECT_STATUS(cl_num_label_issues(&p, &l, CL_ESTIMATE_OFF_DIAGONAL_CUSTOM, bad, CL_ORDER_ROW_MAJOR, &c),
                      CL_E_NUMERIC);
    }
    ds_free(&d1);
    ds_free(&d2);
}

/* One filter_by case on one dataset: expected mask and expected rankings. */
typedef struct {
    int filter_by;
    int64_t n_mask;
    int64_t mask[8];
    int64_t by_sc[8];
    int64_t by_nm[8];
} filter_case;

static void run_filter_case(const dataset *d, const filter_case *fc, int dt, int ldt,
                            const char *name) {
    cl_pred_probs p = pp_of(d, dt);
    cl_labels l = lab_of(d, ldt);
    cl_options o;
    uint8_t mask[64];
    int64_t ranked[64], count = -1, ref[64], refn;
    double cwe[64];
    cl_options_init(&o);
    o.filter_by = fc->filter_by;
    memset(mask, 0xEE, sizeof mask);
    if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count))) {
        if (!CHECK(count == fc->n_mask && mask_is(mask, d->n, fc->mask, fc->n_mask),
                   "%s %s filter_by=%d: mask (count %lld)", name, dtype_name(dt), fc->filter_by,
                   (long long)count)) {
            print_mask("got", mask, d->n);
            print_i64("want", fc->mask, fc->n_mask);
        }
    }
    o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 64, &count)))
        if (!CHECK(count == fc->n_mask && same_i64(ranked, fc->by_sc, count),
                   "%s %s filter_by=%d ranked by self_confidence", name, dtype_name(dt),
                   fc->filter_by)) {
            print_i64("got", ranked, count);
            print_i64("want", fc->by_sc, fc->n_mask);
        }
    o.return_indices_ranked_by = CL_RANK_NORMALIZED_MARGIN;
    if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 64, &count)))
        if (!CHECK(count == fc->n_mask && same_i64(ranked, fc->by_nm, count),
                   "%s %s filter_by=%d ranked by normalized_margin", name, dtype_name(dt),
                   fc->filter_by)) {
            print_i64("got", ranked, count);
            print_i64("want", fc->by_nm, fc->n_mask);
        }
    /* confidence_weighted_entropy: the order of the reference formula (float64 input only) */
    o.return_indices_ranked_by = CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY;
    if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 64, &count)) &&
        dt == CL_DTYPE_FLOAT64) {
        int64_t i;
        for (i = 0; i < d->n; i++) cwe[i] = ref_cwe(d->p64 + i * d->k, d->k, d->y64[i]);
        refn = ref_order(mask, cwe, d->n, ref);
        if (!CHECK(count == refn && same_i64(ranked, ref, count),
                   "%s filter_by=%d ranked by confidence_weighted_entropy", name, fc->filter_by)) {
            print_i64("got", ranked, count);
            print_i64("want", ref, refn);
        }
    }
}

static void test_find_label_issues(void) {
    static const filter_case d1_cases[] = {
        {CL_FILTER_PRUNE_BY_NOISE_RATE, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_PRUNE_BY_CLASS, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_BOTH, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_CONFIDENT_LEARNING, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_PREDICTED_NEQ_GIVEN, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_LOW_NORMALIZED_MARGIN, 2, {2, 7}, {2, 7}, {2, 7}},
        {CL_FILTER_LOW_SELF_CONFIDENCE, 2, {2, 7}, {2, 7}, {2, 7}},
    };
    static const filter_case d2_cases[] = {
        {CL_FILTER_PRUNE_BY_NOISE_RATE, 3, {2, 3, 7}, {3, 2, 7}, {3, 2, 7}},
        {CL_FILTER_PRUNE_BY_CLASS, 3, {2, 3, 6}, {3, 2, 6}, {3, 2, 6}},
        {CL_FILTER_BOTH, 2, {2, 3}, {3, 2}, {3, 2}},
        {CL_FILTER_CONFIDENT_LEARNING, 3, {2, 3, 7}, {3, 2, 7}, {3, 2, 7}},
        {CL_FILTER_PREDICTED_NEQ_GIVEN, 4, {2, 3, 6, 7}, {3, 2, 6, 7}, {3, 2, 7, 6}},
        {CL_FILTER_LOW_NORMALIZED_MARGIN, 3, {2, 3, 7}, {3, 2, 7}, {3, 2, 7}},
        {CL_FILTER_LOW_SELF_CONFIDENCE, 3, {2, 3, 6}, {3, 2, 6}, {3, 2, 6}},
    };
    dataset d1 = ds_make(8, 3, D1_P, D1_Y), d2 = ds_make(12, 3, D2_P, D2_Y), d2k4;
    size_t c;
    int dt;
    section("cl_find_label_issues: every filter_by and ranking on hand-derived data");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        for (c = 0; c < sizeof d1_cases / sizeof d1_cases[0]; c++)
            run_filter_case(&d1, &d1_cases[c], dt, CL_LABEL_INT64, "D1");
        for (c = 0; c < sizeof d2_cases / sizeof d2_cases[0]; c++)
            run_filter_case(&d2, &d2_cases[c], dt, dt == CL_DTYPE_FLOAT32 ? CL_LABEL_INT32 : CL_LABEL_INT64,
                            "D2");
    }
    /* D2 with a fourth, missing class (a zero column): same issues */
    {
        double p4[12 * 4];
        int64_t i;
        for (i = 0; i < 12; i++) {
            memcpy(p4 + 4 * i, D2_P + 3 * i, 3 * sizeof(double));
            p4[4 * i + 3] = 0.0;
        }
        d2k4 = ds_make(12, 4, p4, D2_Y);
        for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++)
            for (c = 0; c < sizeof d2_cases / sizeof d2_cases[0]; c++)
                run_filter_case(&d2k4, &d2_cases[c], dt, CL_LABEL_INT64, "D2+missing class");
        {
            cl_pred_probs p = pp_of(&d2k4, CL_DTYPE_FLOAT64);
            cl_labels l = lab_of(&d2k4, CL_LABEL_INT64);
            int64_t cj[16];
            static const int64_t uncal[16] = {2, 1, 1, 0, 1, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1};
            static const int64_t cal[16] = {2, 1, 1, 0, 1, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0};
            if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 0, cj, NULL, NULL)))
                if (!CHECK(same_i64(cj, uncal, 16), "missing class: uncalibrated cj (diagonal >= 1)"))
                    print_i64("cj", cj, 16);
            if (EXPECT_OK(cl_compute_confident_joint(&p, &l, NULL, CL_DTYPE_FLOAT64, 1, cj, NULL, NULL)))
                if (!CHECK(same_i64(cj, cal, 16), "missing class: calibrated cj (row 3 = 0)"))
                    print_i64("cj", cj, 16);
        }
    }

    /* options that change the prune matrix (D2), derived by hand:
     *   frac_noise=0.5: pcm -> [[3,0,0],[0,3,0],[0,0,4]] (off-diagonals halved and truncated, the
     *     removed mass added to the diagonal): pbnr {}, pbc {3,6}, both {}
     *   num_to_remove_per_class=[1,1,0]: pcm -> [[3,1,0],[1,3,0],[0,0,4]]: pbnr {2,7}, pbc {3,6}
     *   min_examples_per_class=3: pcm -> [[3,1,0],[0,3,0],[0,0,4]]: pbnr {7}, pbc {3,6}
     *   min_examples_per_class=4: every class has <= 4 examples: nothing flagged
     *   confident_joint = diag(4,4,4): nothing to prune; ignored by confident_learning */
    {
        cl_pred_probs p;
        cl_labels l;
        cl_options o;
        uint8_t mask[12];
        int64_t count, ranked[12];
        static const int64_t nrpc[3] = {1, 1, 0};
        static const double cjdiag[9] = {4, 0, 0, 0, 4, 0, 0, 0, 4};
        static const int64_t s36[2] = {3, 6}, s27[2] = {2, 7}, s7[1] = {7}, s237[3] = {2, 3, 7};
        for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
            p = pp_of(&d2, dt);
            l = lab_of(&d2, CL_LABEL_INT64);
#define RUN_OPT(setup, fb, n_want, want, label)                                                    \
    do {                                                                                           \
        cl_options_init(&o);                                                                       \
        setup;                                                                                     \
        o.filter_by = (fb);                                                                        \
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count)))                    \
            if (!CHECK(count == (n_want) && mask_is(mask, 12, (want), (n_want)), "%s %s: %s",      \
                       dtype_name(dt), label, #fb))                                                \
                print_mask("got", mask, 12);                                                       \
    } while (0)
            RUN_OPT(o.frac_noise = 0.5, CL_FILTER_PRUNE_BY_NOISE_RATE, 0, s36, "frac_noise=0.5");
            RUN_OPT(o.frac_noise = 0.5, CL_FILTER_PRUNE_BY_CLASS, 2, s36, "frac_noise=0.5");
            RUN_OPT(o.frac_noise = 0.5, CL_FILTER_BOTH, 0, s36, "frac_noise=0.5");
            /* frac_noise is unused (cleanlab only warns) by the other methods */
            RUN_OPT(o.frac_noise = 0.5, CL_FILTER_CONFIDENT_LEARNING, 3, s237, "frac_noise=0.5");
            RUN_OPT((o.num_to_remove_per_class = nrpc, o.num_to_remove_per_class_len = 3),
                    CL_FILTER_PRUNE_BY_NOISE_RATE, 2, s27, "num_to_remove_per_class=[1,1,0]");
            RUN_OPT((o.num_to_remove_per_class = nrpc, o.num_to_remove_per_class_len = 3),
                    CL_FILTER_PRUNE_BY_CLASS, 2, s36, "num_to_remove_per_class=[1,1,0]");
            RUN_OPT((o.num_to_remove_per_class = nrpc, o.num_to_remove_per_class_len = 3),
                    CL_FILTER_BOTH, 0, s36, "num_to_remove_per_class=[1,1,0]");
            RUN_OPT(o.min_examples_per_class = 3, CL_FILTER_PRUNE_BY_NOISE_RATE, 1, s7,
                    "min_examples_per_class=3");
            RUN_OPT(o.min_examples_per_class = 3, CL_FILTER_PRUNE_BY_CLASS, 2, s36,
                    "min_examples_per_class=3");
            RUN_OPT(o.min_examples_per_class = 3, CL_FILTER_BOTH, 0, s36, "min_examples_per_class=3");
            RUN_OPT(o.min_examples_per_class = 4, CL_FILTER_PRUNE_BY_NOISE_RATE, 0, s36,
                    "min_examples_per_class=4");
            RUN_OPT(o.min_examples_per_class = 4, CL_FILTER_PRUNE_BY_CLASS, 0, s36,
                    "min_examples_per_class=4");
            RUN_OPT(o.confident_joint = cjdiag, CL_FILTER_PRUNE_BY_NOISE_RATE, 0, s36,
                    "confident_joint=diag(4,4,4)");
            RUN_OPT(o.confident_joint = cjdiag, CL_FILTER_PRUNE_BY_CLASS, 0, s36,
                    "confident_joint=diag(4,4,4)");
            RUN_OPT(o.confident_joint = cjdiag, CL_FILTER_CONFIDENT_LEARNING, 3, s237,
                    "confident_joint ignored by confident_learning");
            /* n_threads in options */
            RUN_OPT(o.n_threads = 1, CL_FILTER_CONFIDENT_LEARNING, 3, s237, "n_threads=1");
            RUN_OPT(o.n_threads = 2, CL_FILTER_CONFIDENT_LEARNING, 3, s237, "n_threads=2");
        }
        /* adjust_pred_probs in the ranking (self_confidence of the threshold-adjusted rows):
         * pbnr {2,3,7} -> adjusted scores 0.331, 0.225, 0.377 -> [3, 2, 7] */
        p = pp_of(&d2, CL_DTYPE_FLOAT64);
        l = lab_of(&d2, CL_LABEL_INT64);
        cl_options_init(&o);
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        o.rank_adjust_pred_probs = 1;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 12, &count)))
            CHECK(count == 3 && ranked[0] == 3 && ranked[1] == 2 && ranked[2] == 7,
                  "ranked with adjust_pred_probs");
        /* options=NULL means defaults */
        if (EXPECT_OK(cl_find_label_issues(&p, &l, NULL, mask, NULL, 0, &count)))
            CHECK(count == 3 && mask_is(mask, 12, s237, 3), "options NULL = defaults");
        /* a too-small ranked buffer: CL_E_BUFFER_TOO_SMALL after filling mask and count */
        cl_options_init(&o);
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        memset(mask, 0xEE, sizeof mask);
        count = -1;
        EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, 2, &count), CL_E_BUFFER_TOO_SMALL);
        CHECK(count == 3 && mask_is(mask, 12, s237, 3),
              "mask and count filled on CL_E_BUFFER_TOO_SMALL (count %lld)", (long long)count);
        EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, 0, &count), CL_E_BUFFER_TOO_SMALL);
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 3, &count)))
            CHECK(count == 3 && ranked[0] == 3 && ranked[1] == 2 && ranked[2] == 7,
                  "exact capacity suffices");
        /* the ranked buffer is ignored without ranking */
        cl_options_init(&o);
        EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count));
        /* a negative capacity is an invalid argument */
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, -1, &count), CL_E_INVALID_ARGUMENT);
    }
    /* all-zero labels: accepted (as cleanlab), nothing flagged */
    {
        int64_t y0[12] = {0}, count = -1;
        uint8_t mask[12];
        cl_pred_probs p = pp_of(&d2, CL_DTYPE_FLOAT64);
        cl_labels l = lab64(y0, 12);
        cl_options o;
        int fb;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, NULL, mask, NULL, 0, &count)))
            CHECK(count == 0 && mask_is(mask, 12, NULL, 0), "all-zero labels: no issue");
        /* ... but only by the methods built on the confident joint: cleanlab's
         * find_predicted_neq_given and num_label_issues (used by the low_* methods) validate the
         * labels without allow_one_class and raise "Labels must contain at least 2 classes." */
        for (fb = CL_FILTER_PRUNE_BY_NOISE_RATE; fb <= CL_FILTER_LOW_SELF_CONFIDENCE; fb++) {
            cl_status st;
            cl_options_init(&o);
            o.filter_by = fb;
            st = cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count);
            if (fb <= CL_FILTER_CONFIDENT_LEARNING)
                CHECK(st == CL_OK && count == 0, "all-zero labels, filter_by=%d: %s, %lld issues (want CL_OK, 0)",
                      fb, cl_status_string(st), (long long)count);
            else
                CHECK(st == CL_E_TOO_FEW_CLASSES,
                      "all-zero labels, filter_by=%d: %s (%lld issues), want CL_E_TOO_FEW_CLASSES as cleanlab raises",
                      fb, cl_status_string(st), (long long)count);
        }
    }
    ds_free(&d1);
    ds_free(&d2);
    ds_free(&d2k4);
}

static void test_find_label_issues_errors(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p = pp_of(&d2, CL_DTYPE_FLOAT64);
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    cl_options o;
    uint8_t mask[12];
    int64_t ranked[12], count;
    static const int64_t nrpc3[3] = {1, 1, 0}, nrpc2[2] = {1, 1};
    double cjbad[9] = {2, 1, 1, 1, 2, 0, 0, 0, 2};
    int fb;
    section("cl_find_label_issues: option and argument errors");
    EXPECT_STATUS(cl_find_label_issues(&p, &l, NULL, NULL, NULL, 0, &count), CL_E_NULL_POINTER);
    EXPECT_MESSAGE_MENTIONS("out_mask");
    EXPECT_STATUS(cl_find_label_issues(&p, &l, NULL, mask, NULL, 0, NULL), CL_E_NULL_POINTER);
    cl_options_init(&o);
    o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 12, &count), CL_E_NULL_POINTER);
    /* struct_size */
    cl_options_init(&o);
    o.struct_size = 0;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    EXPECT_MESSAGE_MENTIONS("struct_size");
    o.struct_size = 4;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    o.struct_size = (uint32_t)offsetof(cl_options, n_threads);
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    /* enums */
    cl_options_init(&o);
    o.filter_by = 0;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    EXPECT_MESSAGE_MENTIONS("filter_by");
    o.filter_by = 8;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    o.filter_by = -1;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    o.return_indices_ranked_by = 4;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, 12, &count), CL_E_INVALID_ARGUMENT);
    o.return_indices_ranked_by = -1;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, 12, &count), CL_E_INVALID_ARGUMENT);
    /* adjust_pred_probs is not supported with confidence_weighted_entropy */
    cl_options_init(&o);
    o.return_indices_ranked_by = CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY;
    o.rank_adjust_pred_probs = 1;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, ranked, 12, &count), CL_E_INVALID_ARGUMENT);
    /* frac_noise outside (0, 1] */
    {
        static const double bad_frac[] = {0.0, -0.5, 1.0000001, 2.0, -0.0};
        size_t i;
        for (i = 0; i < sizeof bad_frac / sizeof bad_frac[0]; i++) {
            cl_options_init(&o);
            o.frac_noise = bad_frac[i];
            if (!EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count),
                               CL_E_INVALID_ARGUMENT))
                printf("    frac_noise = %.17g\n", bad_frac[i]);
        }
        cl_options_init(&o);
        o.frac_noise = NAN;
        EXPECT_ONE_OF(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count),
                      CL_E_INVALID_ARGUMENT, CL_E_NOT_FINITE);
        o.frac_noise = INFINITY;
        EXPECT_ONE_OF(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count),
                      CL_E_INVALID_ARGUMENT, CL_E_NOT_FINITE);
        o.frac_noise = 1e-9;
        EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count));
    }
    /* num_to_remove_per_class of the wrong length */
    cl_options_init(&o);
    o.filter_by = CL_FILTER_PRUNE_BY_CLASS;
    o.num_to_remove_per_class = nrpc2;
    o.num_to_remove_per_class_len = 2;
    EXPECT_ONE_OF(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_SHAPE,
                  CL_E_INVALID_ARGUMENT);
    EXPECT_MESSAGE_MENTIONS("num_to_remove_per_class");
    o.num_to_remove_per_class = nrpc3;
    o.num_to_remove_per_class_len = 4;
    EXPECT_ONE_OF(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_SHAPE,
                  CL_E_INVALID_ARGUMENT);
    o.num_to_remove_per_class_len = 3;
    EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count));
    /* ... and with a method that does not support it (cleanlab raises ValueError) */
    for (fb = CL_FILTER_CONFIDENT_LEARNING; fb <= CL_FILTER_LOW_SELF_CONFIDENCE; fb++) {
        o.filter_by = fb;
        if (!EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count),
                           CL_E_INVALID_ARGUMENT))
            printf("    filter_by = %d with num_to_remove_per_class\n", fb);
    }
    /* a supplied confident joint must be finite */
    cl_options_init(&o);
    cjbad[4] = NAN;
    o.confident_joint = cjbad;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_NOT_FINITE);
    /* n_threads < 0, confident_joint_order not a cl_matrix_order */
    cl_options_init(&o);
    o.n_threads = -1;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    cl_options_init(&o);
    o.confident_joint_order = 7;
    EXPECT_STATUS(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count), CL_E_INVALID_ARGUMENT);
    /* n = 0 is rejected, as cleanlab fails on empty input */
    {
        cl_pred_probs e = p;
        cl_labels el = l;
        e.n_examples = 0;
        el.n_examples = 0;
        EXPECT_STATUS(cl_find_label_issues(&e, &el, NULL, mask, NULL, 0, &count), CL_E_SHAPE);
    }
    /* labels with one class other than 0 */
    {
        int64_t y1[12];
        int i;
        cl_labels l1;
        for (i = 0; i < 12; i++) y1[i] = 1;
        l1 = lab64(y1, 12);
        EXPECT_STATUS(cl_find_label_issues(&p, &l1, NULL, mask, NULL, 0, &count), CL_E_TOO_FEW_CLASSES);
    }
    ds_free(&d2);
}

static void test_ties(void) {
    dataset d3 = ds_make(8, 3, D3_P, D3_Y);
    cl_pred_probs p;
    cl_labels l = lab_of(&d3, CL_LABEL_INT64);
    cl_options o;
    uint8_t mask[8];
    int64_t count, ranked[8];
    static const int64_t s6[1] = {6}, s67[2] = {6, 7}, s467[3] = {4, 6, 7};
    int dt;
    section("tie rule (lower index first) and dtype-exact arithmetic (D3)");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d3, dt);
        cl_options_init(&o);
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count)))
            CHECK(count == 2 && mask_is(mask, 8, s67, 2), "%s default {6,7}", dtype_name(dt));
        /* one of two identical rows is to be removed: the lower index */
        o.frac_noise = 0.5;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count)))
            if (!CHECK(count == 1 && mask_is(mask, 8, s6, 1), "%s pbnr frac_noise=0.5 picks row 6",
                       dtype_name(dt)))
                print_mask("got", mask, 8);
        o.filter_by = CL_FILTER_PRUNE_BY_CLASS;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count)))
            if (!CHECK(count == 1 && mask_is(mask, 8, s6, 1), "%s pbc frac_noise=0.5 picks row 6",
                       dtype_name(dt)))
                print_mask("got", mask, 8);
        o.filter_by = CL_FILTER_BOTH;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, NULL, 0, &count)))
            CHECK(count == 1 && mask_is(mask, 8, s6, 1), "%s both frac_noise=0.5 picks row 6",
                  dtype_name(dt));
        /* equal scores rank by index */
        cl_options_init(&o);
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 8, &count)))
            CHECK(count == 2 && ranked[0] == 6 && ranked[1] == 7, "%s ranked ties [6,7]", dtype_name(dt));
        /* predicted_neq_given: argmax takes the first maximum, so row 4 is flagged by the plain
         * function; find_label_issues un-flags it only when p[4][2] + 1e-6 > p[4][0] in the input
         * dtype (not in float16, where 0.375 + 1e-6 == 0.375) */
        if (EXPECT_OK(cl_find_predicted_neq_given(&p, &l, mask, &count)))
            CHECK(count == 3 && mask_is(mask, 8, s467, 3), "%s cl_find_predicted_neq_given {4,6,7}",
                  dtype_name(dt));
        cl_options_init(&o);
        o.filter_by = CL_FILTER_PREDICTED_NEQ_GIVEN;
        o.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
        if (EXPECT_OK(cl_find_label_issues(&p, &l, &o, mask, ranked, 8, &count))) {
            if (dt == CL_DTYPE_FLOAT16) {
                if (!CHECK(count == 3 && mask_is(mask, 8, s467, 3) && ranked[0] == 6 &&
                               ranked[1] == 7 && ranked[2] == 4,
                           "float16 predicted_neq_given keeps row 4 (ranked [6,7,4])"))
                    print_mask("got", mask, 8);
            } else {
                if (!CHECK(count == 2 && mask_is(mask, 8, s67, 2) && ranked[0] == 6 && ranked[1] == 7,
                           "%s predicted_neq_given un-flags row 4", dtype_name(dt)))
                    print_mask("got", mask, 8);
            }
        }
    }
    /* order_label_issues and find_top_issues with ties */
    {
        static const uint8_t all[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        /* self-confidence: .75 .75 .75 .5 .375 .75 .25 .25 -> 6 7 4 3 0 1 2 5 */
        static const int64_t want[8] = {6, 7, 4, 3, 0, 1, 2, 5};
        int64_t out[8], c = -1;
        p = pp_of(&d3, CL_DTYPE_FLOAT32);
        if (EXPECT_OK(cl_order_label_issues(&p, &l, all, CL_RANK_SELF_CONFIDENCE, 0, out, 8, &c)))
            if (!CHECK(c == 8 && same_i64(out, want, 8), "order_label_issues ties by index"))
                print_i64("got", out, c);
    }
    ds_free(&d3);
}

static void test_predicted_neq_given(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p = pp_of(&d2, CL_DTYPE_FLOAT64);
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    uint8_t mask[12];
    int64_t c = -1;
    static const int64_t want[4] = {2, 3, 6, 7};
    section("cl_find_predicted_neq_given");
    if (EXPECT_OK(cl_find_predicted_neq_given(&p, &l, mask, &c)))
        CHECK(c == 4 && mask_is(mask, 12, want, 4), "D2 predicted != given {2,3,6,7}");
    if (EXPECT_OK(cl_find_predicted_neq_given(&p, &l, mask, NULL)))
        CHECK(mask_is(mask, 12, want, 4), "count NULL allowed");
    EXPECT_STATUS(cl_find_predicted_neq_given(&p, &l, NULL, &c), CL_E_NULL_POINTER);
    ds_free(&d2);
}

static void test_scores(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p;
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    double s[12], s2[12], t[3];
    int dt, i;
    section("rank: label quality scores");
    for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
        p = pp_of(&d2, dt);
        if (EXPECT_OK(cl_get_self_confidence_for_each_label(&p, &l, s)))
            CHECK(memcmp(s, D2_SC, sizeof s) == 0, "%s self confidence", dtype_name(dt));
        if (EXPECT_OK(cl_get_label_quality_scores(&p, &l, CL_RANK_SELF_CONFIDENCE, 0, s2)))
            CHECK(same_f64_bits(s, s2, 12), "%s quality(self_confidence) == self confidence",
                  dtype_name(dt));
        if (EXPECT_OK(cl_get_normalized_margin_for_each_label(&p, &l, s)))
            CHECK(memcmp(s, D2_NM, sizeof s) == 0, "%s normalized margin", dtype_name(dt));
        if (EXPECT_OK(cl_get_label_quality_scores(&p, &l, CL_RANK_NORMALIZED_MARGIN, 0, s2)))
            CHECK(same_f64_bits(s, s2, 12), "%s quality(normalized_margin) == normalized margin",
                  dtype_name(dt));
        if (EXPECT_OK(cl_get_confidence_weighted_entropy_for_each_label(&p, &l, s))) {
            int ok = 1;
            for (i = 0; i < 12; i++)
                ok &= close_rel(s[i], ref_cwe(D2_P + 3 * i, 3, D2_Y[i]),
                                dt == CL_DTYPE_FLOAT64 ? 1e-13 : 1e-6);
            CHECK(ok, "%s confidence weighted entropy", dtype_name(dt));
            ok = 1;
            for (i = 0; i < 12; i++) ok &= s[i] >= 0.0 && s[i] <= 1.0;
            CHECK(ok, "%s confidence weighted entropy in [0, 1]", dtype_name(dt));
        }
        if (EXPECT_OK(cl_get_label_quality_scores(&p, &l, CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY, 0, s2)))
            CHECK(same_f64_bits(s, s2, 12), "%s quality(cwe) == cwe", dtype_name(dt));
    }
    /* adjust_pred_probs (float64): p' = (p - t + max t) / rowsum, rowsum = 1 - sum t + 3 max t */
    p = pp_of(&d2, CL_DTYPE_FLOAT64);
    if (EXPECT_OK(cl_get_confident_thresholds(&p, &l, t))) {
        double tmax = t[0] > t[1] ? (t[0] > t[2] ? t[0] : t[2]) : (t[1] > t[2] ? t[1] : t[2]);
        double want_sc[12], want_nm[12];
        for (i = 0; i < 12; i++) {
            double a[3], rs, other = -1.0;
            int j, y = (int)D2_Y[i];
            for (j = 0; j < 3; j++) a[j] = (D2_P[3 * i + j] - t[j]) + tmax;
            rs = (a[0] + a[1]) + a[2];
            for (j = 0; j < 3; j++) a[j] /= rs;
            want_sc[i] = a[y];
            for (j = 0; j < 3; j++)
                if (j != y && a[j] > other) other = a[j];
            want_nm[i] = (a[y] - other + 1.0) / 2.0;
        }
        if (EXPECT_OK(cl_get_label_quality_scores(&p, &l, CL_RANK_SELF_CONFIDENCE, 1, s))) {
            int ok = 1;
            for (i = 0; i < 12; i++) ok &= close_rel(s[i], want_sc[i], 1e-15);
            CHECK(ok, "self_confidence with adjust_pred_probs");
            CHECK(close_rel(s[3], 0.2251655629139073, 1e-15) && close_rel(s[0], 0.8609271523178808, 1e-15),
                  "adjusted self confidence (cleanlab's values)");
        }
        if (EXPECT_OK(cl_get_label_quality_scores(&p, &l, CL_RANK_NORMALIZED_MARGIN, 1, s))) {
            int ok = 1;
            for (i = 0; i < 12; i++) ok &= close_rel(s[i], want_nm[i], 1e-15);
            CHECK(ok, "normalized_margin with adjust_pred_probs");
        }
    }
    /* errors */
    EXPECT_STATUS(cl_get_label_quality_scores(&p, &l, CL_RANK_NONE, 0, s), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_get_label_quality_scores(&p, &l, 4, 0, s), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_get_label_quality_scores(&p, &l, -2, 0, s), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_get_label_quality_scores(&p, &l, CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY, 1, s),
                  CL_E_INVALID_ARGUMENT);
    EXPECT_MESSAGE_MENTIONS("adjust_pred_probs");
    EXPECT_STATUS(cl_get_label_quality_scores(&p, &l, CL_RANK_SELF_CONFIDENCE, 0, NULL), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_get_self_confidence_for_each_label(&p, &l, NULL), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_get_normalized_margin_for_each_label(&p, &l, NULL), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_get_confidence_weighted_entropy_for_each_label(&p, &l, NULL), CL_E_NULL_POINTER);
    ds_free(&d2);
}

static void test_order_label_issues(void) {
    dataset d2 = ds_make(12, 3, D2_P, D2_Y);
    cl_pred_probs p = pp_of(&d2, CL_DTYPE_FLOAT64);
    cl_labels l = lab_of(&d2, CL_LABEL_INT64);
    /* the prune_by_class mask {2,3,6} plus 10 and 11: non-zero bytes other than 1 count too */
    uint8_t mask[12] = {0, 0, 1, 5, 0, 0, 1, 0, 0, 0, 255, 1};
    int64_t out[12], c = -1;
    static const int64_t by_sc[5] = {3, 2, 6, 11, 10};  /* .125 .25 .375 .4375 .5 */
    static const int64_t by_nm[5] = {3, 2, 6, 11, 10};  /* .21875 .3125 .46875 .5625 .625 */
    section("cl_order_label_issues");
    if (EXPECT_OK(cl_order_label_issues(&p, &l, mask, CL_RANK_SELF_CONFIDENCE, 0, out, 12, &c)))
        if (!CHECK(c == 5 && same_i64(out, by_sc, 5), "by self_confidence")) print_i64("got", out, c);
    if (EXPECT_OK(cl_order_label_issues(&p, &l, mask, CL_RANK_NORMALIZED_MARGIN, 0, out, 5, &c)))
        if (!CHECK(c == 5 && same_i64(out, by_nm, 5), "by normalized_margin")) print_i64("got", out, c);
    if (EXPECT_OK(cl_order_label_issues(&p, &l, mask, CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY, 0, out, 12, &c))) {
        double cwe[12];
        int64_t ref[12], rn, i;
        uint8_t m01[12];
        for (i = 0; i < 12; i++) {
            cwe[i] = ref_cwe(D2_P + 3 * i, 3, D2_Y[i]);
            m01[i] = mask[i] != 0;
        }
        rn = ref_order(m01, cwe, 12, ref);
        if (!CHECK(c == rn && same_i64(out, ref, rn), "by confidence_weighted_entropy"))
            print_i64("got", out, c);
    }
    if (EXPECT_OK(cl_order_label_issues(&p, &l, mask, CL_RANK_SELF_CONFIDENCE, 1, out, 12, &c)))
        CHECK(c == 5, "with adjust_pred_probs: 5 indices");
    /* an empty mask */
    {
        uint8_t none[12] = {0};
        if (EXPECT_OK(cl_order_label_issues(&p, &l, none, CL_RANK_SELF_CONFIDENCE, 0, out, 0, &c)))
            CHECK(c == 0, "empty mask: 0 indices");
    }
    /* errors */
    c = -1;
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, CL_RANK_SELF_CONFIDENCE, 0, out, 4, &c),
                  CL_E_BUFFER_TOO_SMALL);
    CHECK(c == 5, "CL_E_BUFFER_TOO_SMALL reports the needed capacity (%lld)", (long long)c);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, NULL, CL_RANK_SELF_CONFIDENCE, 0, out, 12, &c),
                  CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, CL_RANK_SELF_CONFIDENCE, 0, out, 12, NULL),
                  CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, CL_RANK_SELF_CONFIDENCE, 0, NULL, 12, &c),
                  CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, CL_RANK_NONE, 0, out, 12, &c),
                  CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, 4, 0, out, 12, &c), CL_E_INVALID_ARGUMENT);
    EXPECT_STATUS(cl_order_label_issues(&p, &l, mask, CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY, 1, out, 12, &c),
                  CL_E_INVALID_ARGUMENT);
    ds_free(&d2);
}

static void test_find_top_issues(void) {
    static const double q[6] = {0.5, 0.1, 0.5, 0.1, NAN, 0.3};
    static const int64_t all[6] = {1, 3, 5, 0, 2, 4}; /* ties by index, NaN last */
    int64_t out[8], c = -1;
    section("cl_find_top_issues");
    if (EXPECT_OK(cl_find_top_issues(q, 6, -1, out, &c)))
        if (!CHECK(c == 6 && same_i64(out, all, 6), "top=None: all, ties by index, NaN last"))
            print_i64("got", out, c);
    if (EXPECT_OK(cl_find_top_issues(q, 6, 2, out, &c)))
        CHECK(c == 2 && out[0] == 1 && out[1] == 3, "top=2");
    if (EXPECT_OK(cl_find_top_issues(q, 6, 4, out, &c)))
        CHECK(c == 4 && same_i64(out, all, 4), "top=4 (cut inside a tie)");
    if (EXPECT_OK(cl_find_top_issues(q, 6, 100, out, &c))) CHECK(c == 6 && same_i64(out, all, 6), "top>n");
    if (EXPECT_OK(cl_find_top_issues(q, 6, 0, out, &c))) CHECK(c == 0, "top=0");
    if (EXPECT_OK(cl_find_top_issues(q, 6, 3, out, NULL)))
        CHECK(out[0] == 1 && out[1] == 3 && out[2] == 5, "out_count NULL allowed");
    if (EXPECT_OK(cl_find_top_issues(NULL, 0, -1, out, &c))) CHECK(c == 0, "n=0");
    /* infinities are ordinary values */
    {
        static const double qi[4] = {INFINITY, -INFINITY, 0.0, -0.0};
        if (EXPECT_OK(cl_find_top_issues(qi, 4, -1, out, &c)))
            CHECK(c == 4 && out[0] == 1 && out[1] == 2 && out[2] == 3 && out[3] == 0,
                  "-inf first, -0.0 == 0.0 by index, inf last");
    }
    EXPECT_STATUS(cl_find_top_issues(NULL, 6, -1, out, &c), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_find_top_issues(q, 6, -1, NULL, &c), CL_E_NULL_POINTER);
    EXPECT_STATUS(cl_find_top_issues(q, -1, -1, out, &c), CL_E_SHAPE);
}

/* ---- dtype independence ------------------------------------------------------------------- */
/* Everything a dataset yields, for comparisons. */
typedef struct {
    int64_t n, k;
    double thr[16];
    int64_t cj_uncal[256], cj_cal[256], n_off, nli[2];
    double joint[256];
    uint8_t *off, *pneq;
    uint8_t *masks[7];
    int64_t counts[7];
    int64_t *ranked[7][3];
    double *sc, *nm, *cwe;
    int ok;
} results;

static void results_alloc(results *r, int64_t n, int64_t k) {
    int f, m;
    memset(r, 0, sizeof *r);
    r->n = n;
    r->k = k;
    r->off = (uint8_t *)xmalloc((size_t)n);
    r->pneq = (uint8_t *)xmalloc((size_t)n);
    for (f = 0; f < 7; f++) {
        r->masks[f] = (uint8_t *)xmalloc((size_t)n);
        for (m = 0; m < 3; m++) r->ranked[f][m] = (int64_t *)xmalloc((size_t)n * sizeof(int64_t));
    }
    r->sc = (double *)xmalloc((size_t)n * sizeof(double));
    r->nm = (double *)xmalloc((size_t)n * sizeof(double));
    r->cwe = (double *)xmalloc((size_t)n * sizeof(double));
}
static void results_free(results *r) {
    int f, m;
    free(r->off);
    free(r->pneq);
    for (f = 0; f < 7; f++) {
        free(r->masks[f]);
        for (m = 0; m < 3; m++) free(r->ranked[f][m]);
    }
    free(r->sc);
    free(r->nm);
    free(r->cwe);
}

/* Runs every function on (p, l); n_threads goes into cl_options (0 = process default). */
static void compute_all(const cl_pred_probs *p, const cl_labels *l, int32_t n_threads, results *r) {
    int f, m;
    cl_options o;
    int64_t dummy;
    r->ok = 1;
    r->ok &= cl_get_confident_thresholds(p, l, r->thr) == CL_OK;
    r->ok &= cl_compute_confident_joint(p, l, NULL, CL_DTYPE_FLOAT64, 0, r->cj_uncal, r->off, &r->n_off) == CL_OK;
    r->ok &= cl_compute_confident_joint(p, l, NULL, CL_DTYPE_FLOAT64, 1, r->cj_cal, NULL, NULL) == CL_OK;
    r->ok &= cl_estimate_joint(p, l, NULL, CL_ORDER_ROW_MAJOR, p->n_classes, r->joint) == CL_OK;
    r->ok &= cl_num_label_issues(p, l, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, &r->nli[0]) == CL_OK;
    r->ok &= cl_num_label_issues(p, l, CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED, NULL, CL_ORDER_ROW_MAJOR, &r->nli[1]) == CL_OK;
    r->ok &= cl_find_predicted_neq_given(p, l, r->pneq, &dummy) == CL_OK;
    r->ok &= cl_get_self_confidence_for_each_label(p, l, r->sc) == CL_OK;
    r->ok &= cl_get_normalized_margin_for_each_label(p, l, r->nm) == CL_OK;
    r->ok &= cl_get_confidence_weighted_entropy_for_each_label(p, l, r->cwe) == CL_OK;
    for (f = 0; f < 7; f++) {
        cl_options_init(&o);
        o.filter_by = f + 1;
        o.n_threads = n_threads;
        r->ok &= cl_find_label_issues(p, l, &o, r->masks[f], NULL, 0, &r->counts[f]) == CL_OK;
        for (m = 0; m < 3; m++) {
            int64_t c = -1;
            o.return_indices_ranked_by = m + 1;
            r->ok &= cl_find_label_issues(p, l, &o, r->masks[f], r->ranked[f][m], r->n, &c) == CL_OK;
            r->ok &= c == r->counts[f];
        }
    }
    if (!r->ok) printf("    compute_all: a call failed: %s\n", cl_last_error_message());
}

/* exact: also compares confidence_weighted_entropy scores and its ranking bit for bit */
static void compare_results(const results *a, const results *b, int exact, const char *what) {
    int64_t n = a->n, k = a->k;
    int f, m;
    CHECK(a->ok && b->ok, "%s: every call succeeded", what);
    if (!(a->ok && b->ok)) return;
    CHECK(same_f64_bits(a->thr, b->thr, k), "%s: thresholds", what);
    CHECK(same_i64(a->cj_uncal, b->cj_uncal, k * k), "%s: confident joint", what);
    CHECK(same_i64(a->cj_cal, b->cj_cal, k * k), "%s: calibrated confident joint", what);
    CHECK(same_f64_bits(a->joint, b->joint, k * k), "%s: estimate_joint", what);
    CHECK(a->n_off == b->n_off && same_u8(a->off, b->off, n), "%s: off-diagonal mask", what);
    CHECK(a->nli[0] == b->nli[0] && a->nli[1] == b->nli[1], "%s: num_label_issues (%lld/%lld vs %lld/%lld)",
          what, (long long)a->nli[0], (long long)a->nli[1], (long long)b->nli[0], (long long)b->nli[1]);
    CHECK(same_u8(a->pneq, b->pneq, n), "%s: predicted != given", what);
    CHECK(same_f64_bits(a->sc, b->sc, n), "%s: self confidence", what);
    CHECK(same_f64_bits(a->nm, b->nm, n), "%s: normalized margin", what);
    if (exact) {
        CHECK(same_f64_bits(a->cwe, b->cwe, n), "%s: confidence weighted entropy", what);
    } else {
        int64_t i;
        int ok = 1;
        /* cleanlab computes it from the input dtype (the 1e-6 clip of p[y] is a float16 value for
         * float16 input), so only closeness is expected across dtypes */
        for (i = 0; i < n; i++) ok &= fabs(a->cwe[i] - b->cwe[i]) <= 1e-5;
        CHECK(ok, "%s: confidence weighted entropy (within 1e-5)", what);
    }
    for (f = 0; f < 7; f++) {
        if (!CHECK(a->counts[f] == b->counts[f] && same_u8(a->masks[f], b->masks[f], n),
                   "%s: filter_by=%d mask (%lld vs %lld issues)", what, f + 1, (long long)a->counts[f],
                   (long long)b->counts[f]))
            continue;
        for (m = 0; m < 3; m++) {
            if (m == 2 && !exact) continue; /* CWE order may differ where scores differ in float32 */
            CHECK(same_i64(a->ranked[f][m], b->ranked[f][m], a->counts[f]),
                  "%s: filter_by=%d ranked by %d", what, f + 1, m + 1);
        }
    }
}

/* A generated dataset on which float16/float32/float64 hold the same values and give the same
 * thresholds: probabilities are multiples of 1/256 (rows sum to 1), and every class's rows come
 * in pairs whose given-class probabilities average to that class's c_k, so each per-class mean is
 * exactly c_k in every precision. No row has p[y] equal to the largest other probability (such a
 * tie is settled by a +1e-6 that float16 cannot represent). */
static dataset make_paired_dataset(int64_t pairs, int64_t k) {
    int64_t n = 2 * pairs, i, j;
    dataset d = ds_make(n, k, NULL, NULL);
    for (i = 0; i < pairs; i++) {
        int64_t y = i % k;
        int64_t c = 96 + 16 * y; /* c_k = (96 + 16k) / 256 */
        int64_t dmax = c < 256 - c ? c : 256 - c;
        int64_t dlt = rng_below(dmax + 1), r;
        for (r = 0; r < 2; r++) {
            int64_t row = 2 * i + r, py = r == 0 ? c + dlt : c - dlt, rest, attempt;
            int64_t q[64];
            for (attempt = 0; attempt < 1000; attempt++) {
                int64_t maxo = -1, left;
                rest = 256 - py;
                left = rest;
                /* a mislabeled-looking row now and then: most of the rest on one class */
                for (j = 0; j < k; j++) q[j] = 0;
                if (rng_below(5) == 0 && rest > 0) {
                    int64_t t = (y + 1 + rng_below(k - 1)) % k;
                    q[t] = left - rng_below(left / 4 + 1);
                    left -= q[t];
                }
                while (left > 0) {
                    int64_t t = rng_below(k), add = 1 + rng_below(left);
                    if (t == y) continue;
                    if (add > left) add = left;
                    q[t] += add;
                    left -= add;
                }
                for (j = 0; j < k; j++)
                    if (j != y && q[j] > maxo) maxo = q[j];
                if (maxo != py) break;
            }
            for (j = 0; j < k; j++) d.p64[row * k + j] = (j == y ? (double)py : (double)q[j]) / 256.0;
            d.y64[row] = y;
        }
    }
    /* shuffle rows (pairs stay in their class, so the means are unchanged) */
    for (i = n - 1; i > 0; i--) {
        int64_t s = rng_below(i + 1), yy;
        double tmp[64];
        memcpy(tmp, d.p64 + i * k, (size_t)k * sizeof(double));
        memcpy(d.p64 + i * k, d.p64 + s * k, (size_t)k * sizeof(double));
        memcpy(d.p64 + s * k, tmp, (size_t)k * sizeof(double));
        yy = d.y64[i];
        d.y64[i] = d.y64[s];
        d.y64[s] = yy;
    }
    ds_sync(&d);
    return d;
}

static void test_dtype_independence(void) {
    dataset sets[3];
    const char *names[3] = {"D1", "D2", "paired 2048x5"};
    int s;
    section("float16 / float32 / float64 and int32 / int64 give identical results");
    sets[0] = ds_make(8, 3, D1_P, D1_Y);
    sets[1] = ds_make(12, 3, D2_P, D2_Y);
    sets[2] = make_paired_dataset(1024, 5);
    for (s = 0; s < 3; s++) {
        results r64, r32, r16, r64i32;
        cl_pred_probs p;
        cl_labels l;
        char what[96];
        results_alloc(&r64, sets[s].n, sets[s].k);
        results_alloc(&r32, sets[s].n, sets[s].k);
        results_alloc(&r16, sets[s].n, sets[s].k);
        results_alloc(&r64i32, sets[s].n, sets[s].k);
        p = pp_of(&sets[s], CL_DTYPE_FLOAT64);
        l = lab_of(&sets[s], CL_LABEL_INT64);
        compute_all(&p, &l, 0, &r64);
        l = lab_of(&sets[s], CL_LABEL_INT32);
        compute_all(&p, &l, 0, &r64i32);
        snprintf(what, sizeof what, "%s float64 int64 vs int32", names[s]);
        compare_results(&r64, &r64i32, 1, what);
        p = pp_of(&sets[s], CL_DTYPE_FLOAT32);
        compute_all(&p, &l, 0, &r32);
        snprintf(what, sizeof what, "%s float64 vs float32", names[s]);
        compare_results(&r64, &r32, 0, what);
        p = pp_of(&sets[s], CL_DTYPE_FLOAT16);
        l = lab_of(&sets[s], CL_LABEL_INT64);
        compute_all(&p, &l, 0, &r16);
        snprintf(what, sizeof what, "%s float64 vs float16", names[s]);
        compare_results(&r64, &r16, 0, what);
        if (s == 2)
            printf("    paired dataset: %lld issues (prune_by_noise_rate), %lld off-diagonal\n",
                   (long long)r64.counts[0], (long long)r64.n_off);
        results_free(&r64);
        results_free(&r32);
        results_free(&r16);
        results_free(&r64i32);
        ds_free(&sets[s]);
    }
}

/* ---- row stride ---------------------------------------------------------------------------- */
static void test_row_stride(void) {
    dataset d = make_paired_dataset(300, 4), d2 = ds_make(12, 3, D2_P, D2_Y);
    const dataset *sets[2];
    int s, dt;
    sets[0] = &d2;
    sets[1] = &d;
    section("row-strided pred_probs == contiguous (padding is never read)");
    for (s = 0; s < 2; s++) {
        const dataset *x = sets[s];
        int64_t n = x->n, k = x->k, stride = k + 3, i, j;
        double *w64 = (double *)xmalloc((size_t)(n * stride) * sizeof(double));
        float *w32 = (float *)xmalloc((size_t)(n * stride) * sizeof(float));
        uint16_t *w16 = (uint16_t *)xmalloc((size_t)(n * stride) * sizeof(uint16_t));
        for (i = 0; i < n; i++)
            for (j = 0; j < stride; j++) {
                int pad = j >= k;
                w64[i * stride + j] = pad ? NAN : x->p64[i * k + j];
                w32[i * stride + j] = pad ? (float)NAN : x->p32[i * k + j];
                w16[i * stride + j] = pad ? (uint16_t)0x7E00 : x->p16[i * k + j];
            }
        for (dt = CL_DTYPE_FLOAT16; dt <= CL_DTYPE_FLOAT64; dt++) {
            results a, b;
            cl_pred_probs p = pp_of(x, dt), q = p;
            cl_labels l = lab_of(x, CL_LABEL_INT64);
            char what[96];
            q.data = dt == CL_DTYPE_FLOAT16 ? (const void *)w16 : dt == CL_DTYPE_FLOAT32 ? (const void *)w32 : (const void *)w64;
            q.row_stride = stride;
            results_alloc(&a, n, k);
            results_alloc(&b, n, k);
            compute_all(&p, &l, 0, &a);
            compute_all(&q, &l, 0, &b);
            snprintf(what, sizeof what, "%s %s stride %lld", s ? "paired" : "D2", dtype_name(dt),
                     (long long)stride);
            compare_results(&a, &b, 1, what);
            /* row_stride == K explicitly is the same as 0 */
            p.row_stride = k;
            compute_all(&p, &l, 0, &b);
            snprintf(what, sizeof what, "%s %s row_stride == K", s ? "paired" : "D2", dtype_name(dt));
            compare_results(&a, &b, 1, what);
            results_free(&a);
            results_free(&b);
        }
        free(w64);
        free(w32);
        free(w16);
    }
    ds_free(&d);
    ds_free(&d2);
}

/* ---- thread-count independence --------------------------------------------------------------- */
static dataset make_large_dataset(int64_t n, int64_t k) {
    dataset d;
    int64_t i, j;
    d.n = n;
    d.k = k;
    d.p64 = NULL;
    d.p16 = NULL;
    d.p32 = (float *)xmalloc((size_t)(n * k) * sizeof(float));
    d.y64 = (int64_t *)xmalloc((size_t)n * sizeof(int64_t));
    d.y32 = (int32_t *)xmalloc((size_t)n * sizeof(int32_t));
    for (i = 0; i < n; i++) {
        int64_t truth = rng_below(k), given = truth;
        double row[64], s = 0;
        /* a peaked, noisy distribution around the true class */
        for (j = 0; j < k; j++) {
            row[j] = -log(1.0 - rng_unit()); /* Exp(1) */
            if (j == truth) row[j] += 1.0 + 4.0 * rng_unit();
            s += row[j];
        }
        for (j = 0; j < k; j++) d.p32[i * k + j] = (float)(row[j] / s);
        if (rng_below(10) < 2) given = (truth + 1 + rng_below(k - 1)) % k; /* 20% noise */
        d.y64[i] = given;
        d.y32[i] = (int32_t)given;
    }
    return d;
}

static void test_thread_independence(void) {
    dataset d = make_large_dataset(200000, 10);
    cl_pred_probs p;
    cl_labels l = lab_of(&d, CL_LABEL_INT32);
    results r1, r2, r0, ro1, ro2;
    struct timespec t0, t1, t2;
    section("1 vs 2 worker threads: bit-identical on 200000 x 10 float32");
    p.data = d.p32;
    p.n_examples = d.n;
    p.n_classes = d.k;
    p.row_stride = 0;
    p.dtype = CL_DTYPE_FLOAT32;
    results_alloc(&r1, d.n, d.k);
    results_alloc(&r2, d.n, d.k);
    results_alloc(&r0, d.n, d.k);
    results_alloc(&ro1, d.n, d.k);
    results_alloc(&ro2, d.n, d.k);
    EXPECT_OK(cl_set_num_threads(1));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    compute_all(&p, &l, 0, &r1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    EXPECT_OK(cl_set_num_threads(2));
    compute_all(&p, &l, 0, &r2);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    printf("    all functions: 1 thread %.2f s, 2 threads %.2f s; %lld issues (prune_by_noise_rate)\n",
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
           (double)(t2.tv_sec - t1.tv_sec) + 1e-9 * (double)(t2.tv_nsec - t1.tv_nsec),
           (long long)r1.counts[0]);
    CHECK(r1.counts[0] > 1000 && r1.counts[0] < 100000, "a plausible number of issues (%lld)",
          (long long)r1.counts[0]);
    compare_results(&r1, &r2, 1, "cl_set_num_threads(1) vs (2)");
    EXPECT_OK(cl_set_num_threads(7)); /* more threads than cores */
    compute_all(&p, &l, 0, &r0);
    compare_results(&r1, &r0, 1, "cl_set_num_threads(1) vs (7)");
    EXPECT_OK(cl_set_num_threads(0));
    /* options.n_threads overrides the process default */
    compute_all(&p, &l, 1, &ro1);
    compute_all(&p, &l, 2, &ro2);
    compare_results(&r1, &ro1, 1, "options.n_threads = 1");
    compare_results(&r1, &ro2, 1, "options.n_threads = 2");
    results_free(&r1);
    results_free(&r2);
    results_free(&r0);
    results_free(&ro1);
    results_free(&ro2);
    free(d.p32);
    free(d.y64);
    free(d.y32);
}

/* ---- consistency between functions on a generated dataset --------------------------------- */
static void test_consistency(void) {
    dataset d = make_paired_dataset(1500, 6);
    cl_pred_probs p = pp_of(&d, CL_DTYPE_FLOAT64);
    cl_labels l = lab_of(&d, CL_LABEL_INT64);
    results r;
    int64_t n = d.n, k = d.k, i, j, f, m;
    section("consistency between functions (generated 3000 x 6)");
    results_alloc(&r, n, k);
    compute_all(&p, &l, 0, &r);
    if (!CHECK(r.ok, "every call succeeded")) {
        results_free(&r);
        ds_free(&d);
        return;
    }
    /* thresholds: per-class mean of p[y==k, k] (float64; within rounding of the summation) */
    {
        int ok = 1;
        for (j = 0; j < k; j++) {
            double s = 0;
            int64_t c = 0;
            for (i = 0; i < n; i++)
                if (d.y64[i] == j) {
                    s += d.p64[i * k + j];
                    c++;
                }
            ok &= c > 0 && close_rel(r.thr[j], s / (double)c, 1e-14);
        }
        CHECK(ok, "thresholds are per-class means");
    }
    /* uncalibrated confident joint, recomputed here from the library's thresholds */
    {
        int64_t *cj = (int64_t *)calloc((size_t)(k * k), sizeof(int64_t)), noff = 0;
        int ok = 1;
        for (i = 0; i < n; i++) {
            int64_t nconf = 0, guess = -1, y = d.y64[i];
            const double *row = d.p64 + i * k;
            for (j = 0; j < k; j++)
                if (row[j] >= r.thr[j] - 1e-6) {
                    nconf++;
                    guess = j;
                }
            if (nconf == 0) {
                ok &= r.off[i] == 0;
                continue;
            }
            if (nconf > 1) {
                guess = 0;
                for (j = 1; j < k; j++)
                    if (row[j] > row[guess]) guess = j;
            }
            cj[y * k + guess]++;
            ok &= r.off[i] == (guess != y);
            noff += guess != y;
        }
        for (j = 0; j < k; j++)
            if (cj[j * k + j] < 1) cj[j * k + j] = 1;
        CHECK(ok && noff == r.n_off, "off-diagonal mask recomputed (%lld vs %lld)", (long long)noff,
              (long long)r.n_off);
        if (!CHECK(same_i64(cj, r.cj_uncal, k * k), "uncalibrated confident joint recomputed")) {
            print_i64("want", cj, k * k);
            print_i64("got", r.cj_uncal, k * k);
        }
        free(cj);
    }
    /* calibrated rows sum to the label counts; the joint sums to 1 */
    {
        int ok = 1;
        double js = 0;
        for (j = 0; j < k; j++) {
            int64_t rs = 0, c = 0;
            for (m = 0; m < k; m++) rs += r.cj_cal[j * k + m];
            for (i = 0; i < n; i++) c += d.y64[i] == j;
            ok &= rs == c;
        }
        for (i = 0; i < k * k; i++) js += r.joint[i];
        CHECK(ok, "calibrated rows sum to the label counts");
        CHECK(fabs(js - 1.0) < 1e-12, "estimate_joint sums to 1 (%.17g)", js);
    }
    /* num_label_issues(off_diagonal) == count of find_label_issues(confident_learning) */
    CHECK(r.nli[0] == r.counts[CL_FILTER_CONFIDENT_LEARNING - 1],
          "num_label_issues == |confident_learning| (%lld vs %lld)", (long long)r.nli[0],
          (long long)r.counts[CL_FILTER_CONFIDENT_LEARNING - 1]);
    /* both == prune_by_class AND prune_by_noise_rate */
    {
        int ok = 1;
        for (i = 0; i < n; i++)
            ok &= r.masks[CL_FILTER_BOTH - 1][i] ==
                  (r.masks[CL_FILTER_PRUNE_BY_CLASS - 1][i] & r.masks[CL_FILTER_PRUNE_BY_NOISE_RATE - 1][i]);
        CHECK(ok, "both == prune_by_class AND prune_by_noise_rate");
    }
    /* low_* flag exactly num_label_issues examples: the lowest scores (ties by index) */
    for (f = CL_FILTER_LOW_NORMALIZED_MARGIN; f <= CL_FILTER_LOW_SELF_CONFIDENCE; f++) {
        const double *sc = f == CL_FILTER_LOW_SELF_CONFIDENCE ? r.sc : r.nm;
        const uint8_t *mk = r.masks[f - 1];
        double max_in = -1, min_out = 2;
        int64_t max_in_i = -1, min_out_i = n;
        for (i = 0; i < n; i++) {
            if (mk[i] && (sc[i] > max_in || (sc[i] == max_in && i > max_in_i))) {
                max_in = sc[i];
                max_in_i = i;
            }
            if (!mk[i] && (sc[i] < min_out || (sc[i] == min_out && i < min_out_i))) {
                min_out = sc[i];
                min_out_i = i;
            }
        }
        CHECK(r.counts[f - 1] == r.nli[0], "filter_by=%lld flags num_label_issues examples", (long long)f);
        CHECK(max_in < min_out || (max_in == min_out && max_in_i < min_out_i),
              "filter_by=%lld flags the lowest scores (ties by index)", (long long)f);
    }
    /* predicted_neq_given == argmax != y, less the rows whose given label is within 1e-6 */
    {
        int ok1 = 1, ok2 = 1;
        for (i = 0; i < n; i++) {
            const double *row = d.p64 + i * k;
            int64_t am = 0, y = d.y64[i], am2 = 0;
            for (j = 1; j < k; j++)
                if (row[j] > row[am]) am = j;
            ok1 &= r.pneq[i] == (am != y);
            for (j = 1; j < k; j++) {
                double v = row[j] + (j == y ? 1e-6 : 0.0), b = row[am2] + (am2 == y ? 1e-6 : 0.0);
                if (v > b) am2 = j;
            }
            ok2 &= r.masks[CL_FILTER_PREDICTED_NEQ_GIVEN - 1][i] == ((am != y) && (am2 != y));
        }
        CHECK(ok1, "cl_find_predicted_neq_given == (argmax != label)");
        CHECK(ok2, "filter_by=predicted_neq_given == argmax != label, minus near-ties");
    }
    /* ranked indices == cl_order_label_issues(mask), for every filter and method */
    {
        int64_t *out = (int64_t *)xmalloc((size_t)n * sizeof(int64_t)), c;
        int ok = 1;
        for (f = 0; f < 7; f++)
            for (m = 0; m < 3; m++) {
                ok &= cl_order_label_issues(&p, &l, r.masks[f], (int32_t)(m + 1), 0, out, n, &c) == CL_OK;
                ok &= c == r.counts[f] && same_i64(out, r.ranked[f][m], c);
            }
        CHECK(ok, "find_label_issues ranking == cl_order_label_issues");
        /* and == ordering by the scores of cl_get_label_quality_scores (ties by index) */
        ok = 1;
        for (m = 0; m < 3; m++) {
            const double *sc = m == 0 ? r.sc : m == 1 ? r.nm : r.cwe;
            int64_t *ref = (int64_t *)xmalloc((size_t)n * sizeof(int64_t));
            int64_t rn = ref_order(r.masks[0], sc, n, ref);
            ok &= rn == r.counts[0] && same_i64(ref, r.ranked[0][m], rn);
            free(ref);
        }
        CHECK(ok, "ranking == sorting quality scores (lower index first on ties)");
        /* find_top_issues over all scores == full order */
        {
            int64_t *ref = (int64_t *)xmalloc((size_t)n * sizeof(int64_t));
            uint8_t *all = (uint8_t *)xmalloc((size_t)n);
            memset(all, 1, (size_t)n);
            ref_order(all, r.sc, n, ref);
            ok = cl_find_top_issues(r.sc, n, 50, out, &c) == CL_OK && c == 50 && same_i64(out, ref, 50);
            ok &= cl_find_top_issues(r.sc, n, -1, out, &c) == CL_OK && c == n && same_i64(out, ref, n);
            CHECK(ok, "find_top_issues == sorted self confidence");
            free(ref);
            free(all);
        }
        free(out);
    }
    results_free(&r);
    ds_free(&d);
}

/* ---- thread-local error messages -------------------------------------------------------------- */
typedef struct {
    int fail;       /* this thread makes failing calls */
    int iterations;
    int bad;        /* number of contract violations seen */
    int64_t count;  /* issues found by the last successful call */
} worker_arg;

static void *worker(void *argp) {
    worker_arg *a = (worker_arg *)argp;
    cl_pred_probs p = pp64(D2_P, 12, 3);
    cl_labels l = lab64(D2_Y, 12);
    uint8_t mask[12];
    int i;
    for (i = 0; i < a->iterations; i++) {
        if (a->fail) {
            cl_pred_probs q = p;
            q.n_classes = 1;
            if (cl_find_label_issues(&q, &l, NULL, mask, NULL, 0, &a->count) != CL_E_SHAPE) a->bad++;
            if (cl_last_error_message()[0] == '\0') a->bad++;
        } else {
            if (cl_find_label_issues(&p, &l, NULL, mask, NULL, 0, &a->count) != CL_OK) a->bad++;
            if (cl_last_error_message()[0] != '\0') a->bad++;
            if (a->count != 3) a->bad++;
        }
    }
    return NULL;
}

static void test_thread_local_errors(void) {
    pthread_t th[4];
    worker_arg args[4];
    int i;
    section("concurrent calls: results and thread-local error messages");
    for (i = 0; i < 4; i++) {
        args[i].fail = i % 2;
        args[i].iterations = 2000;
        args[i].bad = 0;
        args[i].count = -1;
        if (pthread_create(&th[i], NULL, worker, &args[i]) != 0) {
            CHECK(0, "pthread_create");
            return;
        }
    }
    for (i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (i = 0; i < 4; i++)
        CHECK(args[i].bad == 0, "thread %d (%s calls): %d violations", i,
              args[i].fail ? "failing" : "succeeding", args[i].bad);
    /* this thread's message is untouched by the others */
    EXPECT_OK(cl_options_init(&(cl_options){0}));
}

/* ============================================================================================ */
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libcleanlab C ABI test (header %s, library %s)\n", CL_VERSION_STRING,
           cl_version_string() ? cl_version_string() : "?");
    test_versions();
    test_status_strings();
    test_threads_api();
    test_options_init();
    test_common_validation();
    test_thresholds();
    test_confident_joint();
    test_calibrate();
    test_estimate_joint();
    test_num_label_issues();
    test_find_label_issues();
    test_find_label_issues_errors();
    test_ties();
    test_predicted_neq_given();
    test_scores();
    test_order_label_issues();
    test_find_top_issues();
    test_dtype_independence();
    test_row_stride();
    test_consistency();
    test_thread_local_errors();
    test_thread_independence();
    cl_set_num_threads(0);
    return test_report();
}
