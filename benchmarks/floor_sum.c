/*
 * floor_sum.c -- the "one read" floor of the libcleanlab benchmarks.
 *
 * A plain sequential sum of every element of pred_probs, single thread: the least work any
 * routine that looks at every probability once must do. Compiled at run time by
 * bench_vs_cleanlab.py (cc -O2 [-march=native]) into benchmarks/.build/ and called through
 * ctypes. Eight independent vector accumulators keep the loop bound by memory bandwidth, not by
 * the latency of a floating-point add chain (a single scalar accumulator reads only ~16 GB/s).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef float f32x16 __attribute__((vector_size(64)));
typedef double f64x8 __attribute__((vector_size(64)));

double floor_sum_f32(const float *p, int64_t n) {
    f32x16 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
    int64_t i = 0;
    for (; i + 128 <= n; i += 128) {
        f32x16 v[8];
        memcpy(v, p + i, sizeof v); /* unaligned-safe load, compiles to vector loads */
        a0 += v[0]; a1 += v[1]; a2 += v[2]; a3 += v[3];
        a4 += v[4]; a5 += v[5]; a6 += v[6]; a7 += v[7];
    }
    f32x16 s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    double total = 0.0;
    for (int k = 0; k < 16; k++) total += s[k];
    for (; i < n; i++) total += p[i];
    return total;
}

double floor_sum_f64(const double *p, int64_t n) {
    f64x8 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        f64x8 v[8];
        memcpy(v, p + i, sizeof v);
        a0 += v[0]; a1 += v[1]; a2 += v[2]; a3 += v[3];
        a4 += v[4]; a5 += v[5]; a6 += v[6]; a7 += v[7];
    }
    f64x8 s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    double total = 0.0;
    for (int k = 0; k < 8; k++) total += s[k];
    for (; i < n; i++) total += p[i];
    return total;
}

/* Rows of a row-strided matrix (row_stride >= k elements), for non-contiguous inputs. */
double floor_sum_rows_f32(const float *p, int64_t n, int64_t k, int64_t row_stride) {
    if (row_stride == k) return floor_sum_f32(p, n * k);
    double total = 0.0;
    for (int64_t r = 0; r < n; r++) total += floor_sum_f32(p + r * row_stride, k);
    return total;
}
