/*
 * output_digest.c -- one 64-bit digest of every output of the main routines, for checking that
 * a performance change leaves the results bit for bit identical (a developer tool; `make test`
 * uses it to check that the AVX2 and baseline kernels of one build agree: tests/dispatch.sh).
 *
 *   cc -O2 -Iinclude benchmarks/output_digest.c -o /tmp/digest -Lbuild_dir -lcleanlab -lm
 *   /tmp/digest N K DTYPE [TIES]       DTYPE 1 = float16, 2 = float32, 3 = float64
 *   LD_LIBRARY_PATH=/path/to/other/build /tmp/digest N K DTYPE [TIES]   # the same with another build
 *   CLEANLAB_CPU=baseline /tmp/digest N K DTYPE [TIES]   # the same build's baseline (SSE2) kernels
 *   /tmp/digest --kernels                                # which kernels the library runs here
 *
 * Generates a seeded input (softmax rows, 80 % of labels from the row's peak class, the first K
 * rows covering every class; with TIES > 0 every probability is rounded to a multiple of 1/TIES,
 * which makes equal keys common), runs every filter_by with and without ranking, ranking by
 * normalized margin and with adjusted pred_probs, compute_confident_joint, num_label_issues and
 * the scores of each method (with and without adjusted pred_probs), the confident thresholds,
 * estimate_joint, predicted_neq_given and order_label_issues, each with 1 and 2 threads, and prints the FNV-1a digest of all
 * outputs (or the failing call). Two builds print the same digest iff their outputs agree.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "cleanlab.h"

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t next_u64(void) {
    rng_state ^= rng_state << 13; rng_state ^= rng_state >> 7; rng_state ^= rng_state << 17;
    return rng_state;
}
static double unit(void) { return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }
static double normal(void) { return sqrt(-2 * log(unit() + 1e-300)) * cos(6.283185307179586 * unit()); }

static uint64_t digest = 1469598103934665603ULL;
static void feed(const void *p, size_t n) {
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) { digest ^= c[i]; digest *= 1099511628211ULL; }
}

static void check(cl_status st, const char *what, int threads) {
    if (st != CL_OK) {
        printf("%s (threads %d) failed: %s\n", what, threads, cl_last_error_message());
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc == 2 && argv[1][0] == '-') { printf("%s\n", cl_cpu_kernels()); return 0; } /* --kernels */
    if (argc < 4) { fprintf(stderr, "usage: %s N K DTYPE [TIES] | --kernels\n", argv[0]); return 2; }
    int64_t n = atoll(argv[1]), k = atoll(argv[2]);
    int dtype = atoi(argv[3]), ties = argc > 4 ? atoi(argv[4]) : 0;
    if (n < k || k < 2 || k > 4096 || dtype < 1 || dtype > 3) { fprintf(stderr, "bad arguments\n"); return 2; }
    double *p64 = malloc(sizeof(double) * (size_t)(n * k));
    int64_t *labels = malloc(sizeof(int64_t) * (size_t)n);
    double *z = malloc(sizeof(double) * (size_t)k);
    for (int64_t i = 0; i < n; i++) {
        labels[i] = i < k ? i : (int64_t)(next_u64() % (uint64_t)k);
        int64_t peak = next_u64() % 10 < 8 ? labels[i] : (int64_t)(next_u64() % (uint64_t)k);
        double sum = 0;
        for (int64_t j = 0; j < k; j++) {
            z[j] = exp(1.6 * (normal() + (j == peak ? 2.5 + sqrt(2 * log((double)k)) : 0)));
            sum += z[j];
        }
        for (int64_t j = 0; j < k; j++) {
            double v = z[j] / sum;
            p64[i * k + j] = ties > 0 ? round(v * ties) / ties : v;
        }
    }
    void *data = p64;
    if (dtype == 2) {
        float *p32 = malloc(sizeof(float) * (size_t)(n * k));
        for (int64_t e = 0; e < n * k; e++) p32[e] = (float)p64[e];
        data = p32;
    } else if (dtype == 1) {
        _Float16 *p16 = malloc(sizeof(_Float16) * (size_t)(n * k));
        for (int64_t e = 0; e < n * k; e++) p16[e] = (_Float16)(float)p64[e];
        data = p16;
    }
    cl_pred_probs pred_probs = { data, n, k, k, dtype };
    cl_labels lab = { labels, n, CL_LABEL_INT64 };
    uint8_t *mask = malloc((size_t)n);
    int64_t *ranked = malloc(sizeof(int64_t) * (size_t)n);
    double *scores = malloc(sizeof(double) * (size_t)n);
    int64_t *joint = malloc(sizeof(int64_t) * (size_t)(k * k));
    double *estimated = malloc(sizeof(double) * (size_t)(k * k));
    double *thresholds = malloc(sizeof(double) * (size_t)k);
    int64_t count;
    for (int threads = 1; threads <= 2; threads++) {
        cl_set_num_threads(threads);
        for (int filter = CL_FILTER_PRUNE_BY_NOISE_RATE; filter <= CL_FILTER_LOW_SELF_CONFIDENCE; filter++) {
            for (int rank = 0; rank <= 3; rank++) {
                cl_options o;
                cl_options_init(&o);
                o.filter_by = filter;
                o.return_indices_ranked_by = rank == 0 ? CL_RANK_NONE
                                           : rank == 2 ? CL_RANK_NORMALIZED_MARGIN : CL_RANK_SELF_CONFIDENCE;
                o.rank_adjust_pred_probs = rank == 3;
                check(cl_find_label_issues(&pred_probs, &lab, &o, mask, ranked, n, &count),
                      "cl_find_label_issues", threads);
                feed(mask, (size_t)n);
                feed(&count, sizeof count);
                if (rank) feed(ranked, sizeof(int64_t) * (size_t)count);
            }
        }
        for (int calibrate = 0; calibrate <= 1; calibrate++) {
            check(cl_compute_confident_joint(&pred_probs, &lab, NULL, 0, calibrate, joint, mask, &count),
                  "cl_compute_confident_joint", threads);
            feed(joint, sizeof(int64_t) * (size_t)(k * k));
            feed(mask, (size_t)n);
        }
        for (int method = CL_ESTIMATE_OFF_DIAGONAL; method <= CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED; method++) {
            check(cl_num_label_issues(&pred_probs, &lab, method, NULL, 0, &count), "cl_num_label_issues", threads);
            feed(&count, sizeof count);
        }
        for (int method = CL_RANK_SELF_CONFIDENCE; method <= CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY; method++) {
            for (int adjust = 0; adjust <= (method == CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY ? 0 : 1); adjust++) {
                check(cl_get_label_quality_scores(&pred_probs, &lab, method, adjust, scores),
                      "cl_get_label_quality_scores", threads);
                feed(scores, sizeof(double) * (size_t)n);
            }
        }
        check(cl_get_confident_thresholds(&pred_probs, &lab, thresholds), "cl_get_confident_thresholds", threads);
        feed(thresholds, sizeof(double) * (size_t)k);
        check(cl_estimate_joint(&pred_probs, &lab, NULL, 0, k, estimated), "cl_estimate_joint", threads);
        feed(estimated, sizeof(double) * (size_t)(k * k));
        check(cl_find_predicted_neq_given(&pred_probs, &lab, mask, &count), "cl_find_predicted_neq_given", threads);
        feed(mask, (size_t)n);
        feed(&count, sizeof count);
        for (int method = CL_RANK_SELF_CONFIDENCE; method <= CL_RANK_NORMALIZED_MARGIN; method++) {
            check(cl_order_label_issues(&pred_probs, &lab, mask, method, method == CL_RANK_NORMALIZED_MARGIN,
                                        ranked, n, &count), "cl_order_label_issues", threads);
            feed(ranked, sizeof(int64_t) * (size_t)count);
        }
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
