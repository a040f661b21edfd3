/*
 * time_call.c -- times one libcleanlab call on the bench's cached inputs, in C (a developer
 * tool for profiling with perf; not part of `make test` or `make bench`).
 *
 *   cc -O2 -Iinclude benchmarks/time_call.c -o /tmp/time_call -L.build/release -lcleanlab -lm
 *   LD_LIBRARY_PATH=.build/release /tmp/time_call N K ROUTINE RANK THREADS REPS [F64]
 *
 * N, K pick benchmarks/.data/inputs/v1_nN_KK_s20240604_{f32,f64,labels}.npy (written by
 * `make bench`). ROUTINE: 1..7 = cl_find_label_issues with that cl_filter_by (RANK: a
 * cl_rank_by, 0 = none; THREADS: cl_options.n_threads), 0 = cl_compute_confident_joint
 * (calibrated), -1 / -2 = cl_get_label_quality_scores (self_confidence / normalized_margin; all
 * cores). Prints the median and minimum of REPS calls.
 *   perf record -o /tmp/p.data /tmp/time_call 1000000 100 1 0 1 8 && perf report -i /tmp/p.data
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "cleanlab.h"
#include "load_npy.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 7) { fprintf(stderr, "usage: %s N K ROUTINE RANK THREADS REPS [F64]\n", argv[0]); return 2; }
    long n = atol(argv[1]), k = atol(argv[2]);
    int routine = atoi(argv[3]), rank = atoi(argv[4]), threads = atoi(argv[5]), reps = atoi(argv[6]);
    int f64 = argc > 7 && atoi(argv[7]);
    char path[512];
    size_t len, label_len;
    snprintf(path, sizeof path, "benchmarks/.data/inputs/v1_n%ld_K%ld_s20240604_%s.npy", n, k, f64 ? "f64" : "f32");
    void *probs = load_npy(path, &len);
    snprintf(path, sizeof path, "benchmarks/.data/inputs/v1_n%ld_K%ld_s20240604_labels.npy", n, k);
    void *labels = load_npy(path, &label_len);
    cl_pred_probs P = { probs, n, k, 0, f64 ? CL_DTYPE_FLOAT64 : CL_DTYPE_FLOAT32 };
    cl_labels L = { labels, n, label_len / (size_t)n == 8 ? CL_LABEL_INT64 : CL_LABEL_INT32 };
    cl_options o;
    cl_options_init(&o);
    o.filter_by = routine;
    o.return_indices_ranked_by = rank;
    o.n_threads = threads;
    uint8_t *mask = malloc(n);
    int64_t *ranked = malloc(8 * n), *joint = malloc(8 * k * k), count = 0;
    double *scores = malloc(8 * n), *t = malloc(sizeof(double) * reps);
    for (int r = 0; r < reps; r++) {
        double start = now();
        cl_status s;
        if (routine > 0) s = cl_find_label_issues(&P, &L, &o, mask, rank ? ranked : NULL, n, &count);
        else if (routine < 0) s = cl_get_label_quality_scores(&P, &L, -routine, 0, scores);
        else s = cl_compute_confident_joint(&P, &L, NULL, 0, 1, joint, mask, &count);
        t[r] = now() - start;
        if (s != CL_OK) { printf("error: %s\n", cl_last_error_message()); return 1; }
    }
    qsort(t, reps, sizeof(double), by_value);
    printf("routine %d rank %d threads %d: median %.2f us, min %.2f us, count %lld\n", routine, rank, threads,
           t[reps / 2] * 1e6, t[0] * 1e6, (long long)count);
    return 0;
}
