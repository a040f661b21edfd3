/*
 * test_noise.c — C tests of the noise-generation area of libcleanlab (include/cleanlab.h,
 * "noise generation": cleanlab 2.9.0's benchmarking.noise_generation + the synthetic dataset).
 *
 * Checks, through the header only:
 *   - the documented PRNG: a seed's uniform stream is reproduced by an independent xoshiro256** /
 *     SplitMix64 implementation below (through cl_generate_n_rand_probabilities_that_sum_to_m,
 *     whose unbounded output is m * E / sum(E), E_i = -log1p(-u_i));
 *   - the documented properties over many seeds and K = 2..50 (validity, exact trace, stochastic
 *     columns, bounds, zero noise rates, exact flip counts, ball totals and bounds);
 *   - hand-derived noise_matrix_is_valid answers;
 *   - every error status (NULL pointers, shapes, dtype codes, ranges, struct_size, impossible
 *     requests) and the message contract.
 * The last line printed is "N passed, M failed"; the exit status is non-zero on any failure.
 */
#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an independent implementation of the documented PRNG ---- */
typedef struct { uint64_t s[4]; } ref_rng;

static uint64_t ref_splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t ref_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static void ref_seed(ref_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) r->s[i] = ref_splitmix(&seed);
}
static double ref_uniform(ref_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = ref_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ref_rotl(s[3], 45);
    return (double)(result >> 11) * 0x1.0p-53;
}

static void test_prng(void) {
    section("documented PRNG stream");
    const uint64_t seeds[] = {0, 1, 42, 0xFFFFFFFFFFFFFFFFULL};
    for (size_t si = 0; si < sizeof seeds / sizeof seeds[0]; si++) {
        ref_rng r;
        ref_seed(&r, seeds[si]);
        double e[8], total = 0.0, got[8];
        for (int i = 0; i < 8; i++) {
            e[i] = -log1p(-ref_uniform(&r));
            total += e[i];
        }
        EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(8, 1.0, 1.0, 0.0, seeds[si], got), CL_OK);
        int same = 1;
        for (int i = 0; i < 8; i++) same &= got[i] == e[i] / total * 1.0;
        CHECK(same, "seed %llu: stream differs from the documented xoshiro256**/SplitMix64",
              (unsigned long long)seeds[si]);
    }
}

static void test_is_valid(void) {
    section("cl_noise_matrix_is_valid");
    int32_t v = -1;
    const double id[4] = {1, 0, 0, 1}, py[2] = {0.3, 0.7};
    EXPECT(cl_noise_matrix_is_valid(id, py, 2, &v), CL_OK);
    CHECK(v == 1, "identity is valid");
    const double tie[4] = {0.5, 0.5, 0.5, 0.5}, half[2] = {0.5, 0.5};
    EXPECT(cl_noise_matrix_is_valid(tie, half, 2, &v), CL_OK);
    CHECK(v == 0, "0.25 < 0.25 is false: invalid");
    const double flip[4] = {0.2, 0.9, 0.8, 0.1};
    EXPECT(cl_noise_matrix_is_valid(flip, half, 2, &v), CL_OK);
    CHECK(v == 0, "mostly flipped labels: invalid");
    const double big[2] = {0.5, 0.6};
    EXPECT(cl_noise_matrix_is_valid(id, big, 2, &v), CL_OK);
    CHECK(v == 0, "joint sums to 1.1: invalid");
    const double nanm[4] = {1, 0, 0, NAN};
    EXPECT(cl_noise_matrix_is_valid(nanm, half, 2, &v), CL_OK);
    CHECK(v == 0, "NaN: invalid (cleanlab's False)");
    EXPECT(cl_noise_matrix_is_valid(NULL, py, 2, &v), CL_E_NULL_POINTER);
    EXPECT(cl_noise_matrix_is_valid(id, NULL, 2, &v), CL_E_NULL_POINTER);
    EXPECT(cl_noise_matrix_is_valid(id, py, 2, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_noise_matrix_is_valid(id, py, 0, &v), CL_E_SHAPE);
    EXPECT(cl_noise_matrix_is_valid(id, py, INT64_C(1) << 40, &v), CL_E_SHAPE);
}

static void test_from_trace(void) {
    section("cl_generate_noise_matrix_from_trace: properties, K = 2..50");
    static double nm[50 * 50], py[50];
    long bad = 0, cases = 0;
    for (int k = 2; k <= 50; k++) {
        for (int rep = 0; rep < 3; rep++) {
            ref_rng r;
            ref_seed(&r, (uint64_t)(k * 10 + rep));
            double s = 0;
            for (int i = 0; i < k; i++) { py[i] = 0.2 + ref_uniform(&r); s += py[i]; }
            for (int i = 0; i < k; i++) py[i] /= s;
            double trace = 1 + (k - 1) * (0.2 + 0.7 * ref_uniform(&r));
            cl_noise_matrix_options o;
            cl_noise_matrix_options_init(&o);
            o.py = py;
            o.frac_zero_noise_rates = rep == 2 ? 0.5 : 0.0;
            if (rep == 1) { o.max_noise_rate = 0.95; o.min_trace_prob = 0.01; }
            int32_t found = -1;
            cl_status st = cl_generate_noise_matrix_from_trace(k, trace, &o, (uint64_t)(k * 7 + rep), nm, &found);
            cases++;
            if (st != CL_OK || found != 1) { bad++; printf("K=%d rep=%d: %s\n", k, rep, cl_last_error_message()); continue; }
            double tr = 0;
            int ok = 1, zeros = 0;
            for (int c = 0; c < k; c++) {
                double col = 0;
                for (int i = 0; i < k; i++) {
                    double x = nm[i * k + c];
                    col += x;
                    if (i == c) {
                        tr += x;
                        if (k > 2 && (x < o.min_trace_prob - 1e-6 || x > o.max_trace_prob + 1e-6)) ok = 0;
                    } else if (x == 0) {
                        zeros++;
                    } else if (x < o.min_noise_rate - 1e-6 || x > o.max_noise_rate + 1e-6) {
                        ok = 0;
                    }
                }
                if (fabs(col - 1) > 1e-9) ok = 0;
            }
            if (fabs(tr - trace) > 1e-9) ok = 0;
            int want = (int)(k * (k - 1) * o.frac_zero_noise_rates);
            if (k > 2 && want > k * (k - 2)) want = k * (k - 2);
            if (k > 2 && zeros < want) ok = 0;
            int32_t valid = 0;
            cl_noise_matrix_is_valid(nm, py, k, &valid);
            if (k > 2 && !valid) ok = 0;
            if (!ok) { bad++; printf("K=%d rep=%d: property violated\n", k, rep); }
        }
    }
    CHECK(bad == 0, "%ld of %ld generated matrices violate a property", bad, cases);

    section("cl_generate_noise_matrix_from_trace: reproducibility, None, errors");
    double a[9], b[9];
    int32_t found;
    const double py3[3] = {0.2, 0.3, 0.5};
    cl_noise_matrix_options o;
    EXPECT(cl_noise_matrix_options_init(&o), CL_OK);
    CHECK(o.struct_size == sizeof o && o.valid_noise_matrix == 1 && o.max_iter == 10000 &&
              o.min_trace_prob == 1e-5 && o.max_noise_rate == 1 - 1e-5 && o.py == NULL,
          "defaults are cleanlab's");
    o.py = py3;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 99, a, &found), CL_OK);
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 99, b, &found), CL_OK);
    CHECK(memcmp(a, b, sizeof a) == 0, "same seed, same matrix");
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 100, b, &found), CL_OK);
    CHECK(memcmp(a, b, sizeof a) != 0, "another seed, another matrix");
    const double never[3] = {1, 0, 0};
    o.py = never;
    o.max_iter = 10;
    found = -1;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 1.5, &o, 1, a, &found), CL_OK);
    CHECK(found == 0, "no valid matrix exists: found = 0 (cleanlab's None)");
    o.py = py3;
    o.max_iter = 0;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 1.5, &o, 1, a, &found), CL_OK);
    CHECK(found == 0, "max_iter < 1: found = 0");
    EXPECT(cl_generate_noise_matrix_from_trace(2, 1.5, NULL, 1, a, &found), CL_OK);
    CHECK(found == 1 && fabs(a[0] + a[3] - 1.5) < 1e-12, "K = 2 with default options");

    cl_noise_matrix_options_init(&o);
    EXPECT(cl_generate_noise_matrix_from_trace(3, 1.0, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    CHECK(strstr(cl_last_error_message(), "py must be provided") != NULL, "cleanlab's message");
    o.valid_noise_matrix = 0;
    EXPECT(cl_generate_noise_matrix_from_trace(1, 0.5, &o, 0, a, &found), CL_E_SHAPE);
    EXPECT(cl_generate_noise_matrix_from_trace(3, 3.5, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_generate_noise_matrix_from_trace(3, NAN, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    o.min_noise_rate = 0.6; o.max_noise_rate = 0.5;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    cl_noise_matrix_options_init(&o);
    o.valid_noise_matrix = 0;
    o.max_trace_prob = 0.5;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    CHECK(strstr(cl_last_error_message(), "max_prob must be greater or equal to m / n") != NULL,
          "cleanlab's message");
    cl_noise_matrix_options_init(&o);
    o.valid_noise_matrix = 0;
    o.frac_zero_noise_rates = 2;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    o.frac_zero_noise_rates = 0.5;
    EXPECT(cl_generate_noise_matrix_from_trace(2, 0.5, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    cl_noise_matrix_options_init(&o);
    const double pynan[3] = {0.5, NAN, 0.5};
    o.py = pynan;
    EXPECT(cl_generate_noise_matrix_from_trace(3, 2.0, &o, 0, a, &found), CL_E_NOT_FINITE);
    cl_noise_matrix_options_init(&o);
    o.struct_size = 8;
    EXPECT(cl_generate_noise_matrix_from_trace(2, 1.5, &o, 0, a, &found), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_generate_noise_matrix_from_trace(2, 1.5, NULL, 0, NULL, &found), CL_E_NULL_POINTER);
    EXPECT(cl_generate_noise_matrix_from_trace(2, 1.5, NULL, 0, a, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_noise_matrix_options_init(NULL), CL_E_NULL_POINTER);
}

static void test_noisy_labels(void) {
    section("cl_generate_noisy_labels");
    enum { N = 1000, K = 4 };
    static int64_t y[N], out[N], out2[N];
    static int32_t y32[N];
    int64_t counts[K] = {0};
    for (int i = 0; i < N; i++) {
        y[i] = (i * 7) % K;
        y32[i] = (int32_t)y[i];
        counts[y[i]]++;
    }
    /* columns sum to 1; entry [given][true] */
    const double nm[K * K] = {0.70, 0.10, 0.00, 0.05,
                              0.10, 0.80, 0.10, 0.05,
                              0.15, 0.05, 0.90, 0.10,
                              0.05, 0.05, 0.00, 0.80};
    cl_labels lab = {y, N, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&lab, K, nm, 5, out), CL_OK);
    int64_t conf[K * K] = {0};
    for (int i = 0; i < N; i++) conf[out[i] * K + y[i]]++;
    int ok = 1;
    for (int t = 0; t < K; t++)
        for (int g = 0; g < K; g++)
            if (g != t) {
                /* cleanlab: int(noise_matrix[g][t] * (count_t / n) * n) */
                int64_t want = (int64_t)(nm[g * K + t] * ((double)counts[t] / N) * N);
                if (conf[g * K + t] != want) ok = 0;
            }
    CHECK(ok, "exact flip counts per (true, given) pair");
    cl_labels lab32 = {y32, N, CL_LABEL_INT32};
    EXPECT(cl_generate_noisy_labels(&lab32, K, nm, 5, out2), CL_OK);
    CHECK(memcmp(out, out2, sizeof out) == 0, "int32 and int64 labels give the same result");
    EXPECT(cl_generate_noisy_labels(&lab, K, nm, 6, out2), CL_OK);
    CHECK(memcmp(out, out2, sizeof out) != 0, "another seed, another choice");

    /* a class whose flips exceed its size is left unchanged */
    int64_t small[3] = {0, 1, 2};
    /* column 0 asks for 1 + 1 flips of class 0, which has 1 example; columns 1 and 2 for none */
    const double heavy[9] = {0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0};
    int64_t so[3];
    cl_labels sl = {small, 3, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&sl, 3, heavy, 1, so), CL_OK);
    CHECK(so[0] == 0 && so[1] == 1 && so[2] == 2, "class 0 is left unchanged, as cleanlab");
    const double once[4] = {0.0, 0.0, 1.0, 1.0};
    int64_t two[3] = {0, 1, 1};
    cl_labels tl = {two, 3, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&tl, 2, once, 1, so), CL_OK);
    CHECK(so[0] == 1 && so[1] == 1 && so[2] == 1, "class 0 (1 example) flipped exactly once");

    int64_t missing[4] = {0, 1, 0, 1}, range[3] = {0, 1, 3};
    const double nm3[9] = {0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8};
    cl_labels ml = {missing, 4, CL_LABEL_INT64}, rl = {range, 3, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&ml, 3, nm3, 0, so), CL_E_SHAPE);
    EXPECT(cl_generate_noisy_labels(&rl, 3, nm3, 0, so), CL_E_LABEL_RANGE);
    cl_labels empty = {NULL, 0, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&empty, 3, nm3, 0, so), CL_E_SHAPE);
    double badm[9];
    memcpy(badm, nm3, sizeof badm);
    badm[1] = INFINITY;
    cl_labels ok3 = {range, 2, CL_LABEL_INT64};
    EXPECT(cl_generate_noisy_labels(&ok3, 3, badm, 0, so), CL_E_NOT_FINITE);
    badm[1] = -0.5;
    EXPECT(cl_generate_noisy_labels(&ok3, 3, badm, 0, so), CL_E_PROB_RANGE);
    cl_labels bd = {range, 3, 9};
    EXPECT(cl_generate_noisy_labels(&bd, 3, nm3, 0, so), CL_E_DTYPE);
    EXPECT(cl_generate_noisy_labels(&lab, 1, nm3, 0, so), CL_E_SHAPE);
    EXPECT(cl_generate_noisy_labels(NULL, 3, nm3, 0, so), CL_E_NULL_POINTER);
    EXPECT(cl_generate_noisy_labels(&lab, K, NULL, 0, so), CL_E_NULL_POINTER);
    EXPECT(cl_generate_noisy_labels(&lab, K, nm, 0, NULL), CL_E_NULL_POINTER);
}

static void test_probabilities_and_balls(void) {
    section("cl_generate_n_rand_probabilities_that_sum_to_m");
    double p[64];
    ref_rng r;
    ref_seed(&r, 77);
    long bad = 0;
    for (int t = 0; t < 500; t++) {
        int n = 1 + (int)(ref_uniform(&r) * 60);
        double m = ref_uniform(&r) * n;
        double lo = m / n * ref_uniform(&r), hi = m / n + (1 - m / n) * ref_uniform(&r);
        if (hi < m / n) hi = m / n;
        if (cl_generate_n_rand_probabilities_that_sum_to_m(n, m, hi, lo, (uint64_t)t, p) != CL_OK) { bad++; continue; }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += p[i];
            if (p[i] > hi + 1e-6 || p[i] < lo - 1e-6) { bad++; break; }
        }
        if (fabs(s - m) > 1e-9 * (m > 1 ? m : 1)) bad++;
    }
    CHECK(bad == 0, "%ld of 500 draws violate sum or bounds", bad);
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(0, 1, 1, 0, 0, NULL), CL_OK);
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(2, 1, 0.1, 0, 0, p), CL_E_INVALID_ARGUMENT);
    CHECK(strstr(cl_last_error_message(), "max_prob must be greater or equal to m / n") != NULL, "cleanlab's message");
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(4, 1, 1, 0.5, 0, p), CL_E_INVALID_ARGUMENT);
    CHECK(strstr(cl_last_error_message(), "min_prob must be less or equal to m / n") != NULL, "cleanlab's message");
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(-1, 1, 1, 0, 0, p), CL_E_SHAPE);
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(3, NAN, 1, 0, 0, p), CL_E_NOT_FINITE);
    EXPECT(cl_generate_n_rand_probabilities_that_sum_to_m(3, 1, 1, 0, 0, NULL), CL_E_NULL_POINTER);

    section("cl_randomly_distribute_n_balls_into_k_bins");
    int64_t bins[40];
    bad = 0;
    for (int t = 0; t < 500; t++) {
        int k = 1 + (int)(ref_uniform(&r) * 40);
        int64_t n = (int64_t)(ref_uniform(&r) * 3000);
        int64_t mx = ref_uniform(&r) < 0.3 ? -1 : 1 + (int64_t)(ref_uniform(&r) * (double)(n / k + 5));
        if (cl_randomly_distribute_n_balls_into_k_bins(n, k, mx, -1, (uint64_t)t, bins) != CL_OK) { bad++; continue; }
        int64_t total = (mx >= 0 && (double)n / k > (double)mx) ? mx * k : n, s = 0;
        for (int i = 0; i < k; i++) {
            s += bins[i];
            if (bins[i] < 0 || (mx >= 0 && bins[i] > mx)) { bad++; break; }
        }
        if (s != total) bad++;
    }
    CHECK(bad == 0, "%ld of 500 distributions violate the total or bounds", bad);
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(0, 3, -1, -1, 0, bins), CL_OK);
    CHECK(bins[0] == 0 && bins[1] == 0 && bins[2] == 0, "no balls: zeros");
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(12, 3, -1, 4, 0, bins), CL_OK);
    CHECK(bins[0] == 4 && bins[1] == 4 && bins[2] == 4, "min_balls_per_bin = N / K forces the answer");
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(5, 0, -1, -1, 0, bins), CL_E_SHAPE);
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(-5, 2, -1, -1, 0, bins), CL_E_SHAPE);
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(5, 2, 0, -1, 0, bins), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(10, 3, 2, 5, 0, bins), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_randomly_distribute_n_balls_into_k_bins(10, 3, -1, -1, 0, NULL), CL_E_NULL_POINTER);
}

static void test_synthetic(void) {
    section("cl_generate_synthetic_dataset");
    enum { N = 3000, K = 5 };
    static int64_t y[N], s[N], s2[N];
    static double p[N * K], nm[K * K], py[K];
    static float pf[N * K];
    EXPECT(cl_generate_synthetic_dataset(N, K, 4.0, 0.2, 123, CL_DTYPE_FLOAT64, y, s, p, nm, py), CL_OK);
    int32_t valid = 0;
    cl_noise_matrix_is_valid(nm, py, K, &valid);
    CHECK(valid == 1, "the noise matrix is valid for its priors");
    long correct = 0, flipped = 0, rows_ok = 1;
    int present[K] = {0};
    for (int i = 0; i < N; i++) {
        double sum = 0, best = -1;
        int arg = 0;
        for (int j = 0; j < K; j++) {
            sum += p[i * K + j];
            if (p[i * K + j] > best) { best = p[i * K + j]; arg = j; }
        }
        if (fabs(sum - 1) > 1e-12) rows_ok = 0;
        correct += arg == y[i];
        flipped += s[i] != y[i];
        present[y[i]] = 1;
    }
    CHECK(rows_ok, "rows sum to 1");
    CHECK(correct > N * 6 / 10 && correct < N * 995 / 1000, "an imperfect classifier: %ld / %d", correct, N);
    CHECK(flipped > 0 && flipped < N / 2, "some labels are noisy: %ld", flipped);
    CHECK(present[0] && present[1] && present[2] && present[3] && present[4], "every class present");
    EXPECT(cl_generate_synthetic_dataset(N, K, 4.0, 0.2, 123, CL_DTYPE_FLOAT32, y, s2, pf, NULL, NULL), CL_OK);
    int same = memcmp(s, s2, sizeof s) == 0;
    for (int i = 0; i < N * K && same; i++) same = pf[i] == (float)p[i];
    CHECK(same, "float32 output equals the float64 one rounded; same labels");
    EXPECT(cl_generate_synthetic_dataset(3, K, 4.0, 0, 0, CL_DTYPE_FLOAT64, y, s, p, NULL, NULL), CL_E_SHAPE);
    EXPECT(cl_generate_synthetic_dataset(N, 1, 1.0, 0, 0, CL_DTYPE_FLOAT64, y, s, p, NULL, NULL), CL_E_SHAPE);
    EXPECT(cl_generate_synthetic_dataset(N, K, 1.0, 0, 0, CL_DTYPE_FLOAT64, y, s, p, NULL, NULL), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_generate_synthetic_dataset(N, K, 4.0, 0, 0, CL_DTYPE_FLOAT16, y, s, p, NULL, NULL), CL_E_DTYPE);
    EXPECT(cl_generate_synthetic_dataset(N, K, 4.0, 0, 0, CL_DTYPE_FLOAT64, NULL, s, p, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_generate_synthetic_dataset(N, K, 4.0, 0, 0, CL_DTYPE_FLOAT64, y, s, NULL, NULL, NULL), CL_E_NULL_POINTER);
}

int main(void) {
    test_prng();
    test_is_valid();
    test_from_trace();
    test_noisy_labels();
    test_probabilities_and_balls();
    test_synthetic();
    return test_report();
}
