/*
 * access_floors.c -- what the memory-access patterns of the library's passes cost on this
 * machine, with no library code at all (a developer tool, like time_call.c; not part of
 * `make test` or `make bench`). It answers "how fast could this pass possibly be here?" for
 * the three patterns that make up the library's time at large n:
 *
 *   read      one sequential read of every element (the bench's one-read floor, in vectors);
 *   gather    p[i, y_i] for every row i, written grouped by class in row order: the thresholds'
 *             gather (one value of each row; about one cache line per row at K >= 16);
 *   rows      every element of a random ascending subset of the rows (FRACTION of them): the
 *             pruning pass's reads of the rows its screen lets through.
 *
 * Each pattern runs with 1 and 2 threads (rows split in halves, as the library splits them), and
 * the gather and the rows also with software prefetches ahead (to see whether issuing the loads
 * earlier buys anything: on the machines of the bench it did not, see the README's performance
 * section). Prints the minimum of REPS runs.
 *
 *   cc -O2 -march=native -pthread benchmarks/access_floors.c -o /tmp/access_floors
 *   /tmp/access_floors N K [FRACTION [REPS]]      # reads benchmarks/.data/inputs (make bench)
 *
 * The inputs are the bench's cached float32 `.npy` files, loaded as a Python caller's arrays are
 * (huge pages: load_npy.h).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "load_npy.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef float f32x8 __attribute__((vector_size(32)));
/* (unaligned loads through a 4-byte-aligned vector type; no function takes or returns a vector
   by value, so the file builds the same with and without -march) */
typedef float f32x8u __attribute__((vector_size(32), aligned(4)));
#define LOAD8(p) (*(const f32x8u *)(const void *)(p))

enum pattern { READ, GATHER, GATHER_PREFETCH, ROWS, ROWS_TOUCH, ROWS_PREFETCH };
static const char *names[] = { "read", "gather", "gather + prefetch 32 rows ahead", "rows",
                               "rows, 32 touched first", "rows + prefetch 8 rows ahead" };

static const float *probs;
static const int64_t *labels;
static const int64_t *subset;     /* ascending row indices of the `rows` patterns */
static long n, k, subset_count;
static float *gathered;           /* n values, grouped by class */
static long *cursor;              /* per thread x class: where the next value of the class goes */
static volatile float sink;

struct job { int pattern, thread, threads; };

/* adds every element of a row to *acc (k >= 8: the last vector overlaps) */
static inline void row_sum(const float *row, f32x8 *acc) {
    f32x8 a = {0}, b = {0};
    long j = 0;
    for (; j + 16 <= k; j += 16) { a += LOAD8(row + j); b += LOAD8(row + j + 8); }
    for (; j + 8 <= k; j += 8) a += LOAD8(row + j);
    if (j < k) b += LOAD8(row + k - 8);
    *acc += a + b;
}

static inline void prefetch_row(const float *row) {
    for (long o = 0; o < k; o += 16) __builtin_prefetch(row + o);
    __builtin_prefetch(row + k - 1);
}

static void *run(void *arg) {
    struct job *job = arg;
    long lo = n / job->threads * job->thread, hi = job->thread == job->threads - 1 ? n : lo + n / job->threads;
    long slo = subset_count / job->threads * job->thread;
    long shi = job->thread == job->threads - 1 ? subset_count : slo + subset_count / job->threads;
    long *cur = cursor + job->thread * k;
    f32x8 acc = {0};
    uint32_t touched = 0;
    switch (job->pattern) {
    case READ: {
        const float *p = probs + lo * k, *e = probs + hi * k;
        f32x8 a[4] = {{0}};
        for (; p + 32 <= e; p += 32) {
            a[0] += LOAD8(p); a[1] += LOAD8(p + 8); a[2] += LOAD8(p + 16); a[3] += LOAD8(p + 24);
        }
        acc = (a[0] + a[1]) + (a[2] + a[3]);
        for (; p < e; p++) acc[0] += *p;
        break;
    }
    case GATHER:
        for (long i = lo; i < hi; i++) { int64_t y = labels[i]; gathered[cur[y]++] = probs[i * k + y]; }
        break;
    case GATHER_PREFETCH:
        for (long i = lo; i < hi; i++) {
            if (i + 32 < hi) __builtin_prefetch(probs + (i + 32) * k + labels[i + 32]);
            int64_t y = labels[i];
            gathered[cur[y]++] = probs[i * k + y];
        }
        break;
    case ROWS:
        for (long t = slo; t < shi; t++) row_sum(probs + subset[t] * k, &acc);
        break;
    case ROWS_TOUCH:
        for (long b = slo; b < shi; b += 32) {
            long e = b + 32 < shi ? b + 32 : shi;
            for (long t = b; t < e; t++) {
                const uint32_t *q = (const uint32_t *)(probs + subset[t] * k);
                for (long o = 0; o < k; o += 16) touched += q[o];
                touched += q[k - 1];
            }
            for (long t = b; t < e; t++) row_sum(probs + subset[t] * k, &acc);
        }
        break;
    case ROWS_PREFETCH:
        for (long t = slo; t < shi; t++) {
            if (t + 8 < shi) prefetch_row(probs + subset[t + 8] * k);
            row_sum(probs + subset[t] * k, &acc);
        }
        break;
    }
    sink = acc[0] + acc[7] + (float)touched;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s N K [FRACTION [REPS]]\n", argv[0]); return 2; }
    n = atol(argv[1]);
    k = atol(argv[2]);
    double fraction = argc > 3 ? atof(argv[3]) : 0.14;
    int reps = argc > 4 ? atoi(argv[4]) : 9;
    if (k < 8) { fprintf(stderr, "K must be at least 8\n"); return 2; }
    char path[512];
    size_t len, label_len;
    snprintf(path, sizeof path, "benchmarks/.data/inputs/v1_n%ld_K%ld_s20240604_f32.npy", n, k);
    probs = load_npy(path, &len);
    snprintf(path, sizeof path, "benchmarks/.data/inputs/v1_n%ld_K%ld_s20240604_labels.npy", n, k);
    const void *raw = load_npy(path, &label_len);
    int64_t *lab = malloc(sizeof(int64_t) * (size_t)n);
    for (long i = 0; i < n; i++)
        lab[i] = label_len / (size_t)n == 8 ? ((const int64_t *)raw)[i] : ((const int32_t *)raw)[i];
    labels = lab;
    int64_t *sub = malloc(sizeof(int64_t) * (size_t)n);
    uint64_t state = 88172645463325252ULL;
    for (long i = 0; i < n; i++) {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17;
        if ((double)(state >> 11) * (1.0 / 9007199254740992.0) < fraction) sub[subset_count++] = i;
    }
    subset = sub;
    gathered = malloc(sizeof(float) * (size_t)n);
    memset(gathered, 0, sizeof(float) * (size_t)n);
    cursor = malloc(sizeof(long) * 2 * (size_t)k);
    /* where each class's values go: one thread writes from the class starts, the second half
       of the rows (with two threads) after the first half's values of the class */
    long *first_half = calloc((size_t)k, sizeof(long)), *total = calloc((size_t)k, sizeof(long));
    long *start1 = malloc(sizeof(long) * (size_t)k), *start2 = malloc(sizeof(long) * 2 * (size_t)k);
    for (long i = 0; i < n; i++) { total[labels[i]]++; first_half[labels[i]] += i < n / 2; }
    for (long c = 0, at = 0; c < k; c++) {
        start1[c] = start2[c] = at;
        start2[k + c] = at + first_half[c];
        at += total[c];
    }
    printf("%ld x %ld float32 (%.0f MB), rows: %ld of %ld (%.1f %%), min of %d runs\n", n, k,
           n * k * 4 / 1e6, subset_count, n, 100.0 * subset_count / n, reps);
    for (int pattern = READ; pattern <= ROWS_PREFETCH; pattern++) {
        printf("  %-34s", names[pattern]);
        for (int threads = 1; threads <= 2; threads++) {
            double best = 1e30;
            for (int r = 0; r < reps; r++) {
                if (threads == 1) memcpy(cursor, start1, sizeof(long) * (size_t)k);
                else memcpy(cursor, start2, sizeof(long) * 2 * (size_t)k);
                struct job jobs[2];
                pthread_t tid;
                double t0 = now();
                for (int t = 0; t < threads; t++) jobs[t] = (struct job){ pattern, t, threads };
                if (threads == 2) pthread_create(&tid, NULL, run, &jobs[1]);
                run(&jobs[0]);
                if (threads == 2) pthread_join(tid, NULL);
                double elapsed = now() - t0;
                if (elapsed < best) best = elapsed;
            }
            printf("  %d thread%s %7.2f ms", threads, threads == 1 ? " " : "s", best * 1e3);
        }
        printf("\n");
    }
    return 0;
}
