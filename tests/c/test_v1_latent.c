/*
 * test_v1_latent.c -- C tests of the cl_v1_* latent estimation, latent algebra and noise
 * generation functions of include/cleanlab.h (section "cleanlab 1.x semantics"): answers derived
 * by hand from cleanlab 1.0.1's formulas (in the comments), chosen where 1.x and 2.x differ (the
 * py bounds, unguarded divisions, the last matrix tried), plus the error statuses. The last line
 * printed is "N passed, M failed"; the exit status is non-zero on any failure.
 */
#include "cleanlab.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static int close_(double a, double b) { return fabs(a - b) <= 1e-12 * fabs(b) + 1e-300; }

static int close_all(const double *a, const double *b, int n) {
    for (int i = 0; i < n; i++)
        if (!close_(a[i], b[i])) return 0;
    return 1;
}

static cl_labels labels_of(const int64_t *s, int64_t n) {
    cl_labels l;
    l.data = s;
    l.n_examples = n;
    l.dtype = CL_LABEL_INT64;
    return l;
}

/* ---------------------------------------------------------------------------------------------
 * cj = [[4, 3], [0, 7]] (given x true), 7 labels of each class: ps = (1/2, 1/2);
 * column sums (4, 10), row sums (7, 7): nm = cj / (4, 10) = [[1, 0.3], [0, 0.7]],
 * inv = cj.T / (7, 7) = [[4/7, 0], [3/7, 1]]; py (cnt) = diag(inv) / diag(nm) * ps
 * = (2/7, 5/7) (sums to 1, inside [1e-5, 1]); clip_noise_rates changes nothing.
 * ------------------------------------------------------------------------------------------- */
static const int64_t S14[14] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};

static void test_estimate_latent(void) {
    section("cl_v1_estimate_latent");
    const double cj[4] = {4, 3, 0, 7};
    cl_labels l = labels_of(S14, 14);
    double py[2], nm[4], inv[4];
    EXPECT(cl_v1_estimate_latent(cj, 2, CL_ORDER_ROW_MAJOR, &l, CL_PY_CNT, 0, py, nm, inv), CL_OK);
    const double want_py[2] = {2.0 / 7, 5.0 / 7}, want_nm[4] = {1, 0.3, 0, 0.7},
                 want_inv[4] = {4.0 / 7, 0, 3.0 / 7, 1};
    CHECK(close_all(py, want_py, 2), "py = (%.17g, %.17g)", py[0], py[1]);
    CHECK(close_all(nm, want_nm, 4), "noise matrix");
    CHECK(close_all(inv, want_inv, 4), "inverse noise matrix");
    /* converged: still a prior and column-stochastic matrices */
    EXPECT(cl_v1_estimate_latent(cj, 2, CL_ORDER_ROW_MAJOR, &l, CL_PY_EQN, 1, py, nm, inv), CL_OK);
    CHECK(fabs(py[0] + py[1] - 1) < 1e-12 && py[0] >= 1e-5 && py[1] >= 1e-5, "converged py");
    CHECK(fabs(nm[0] + nm[2] - 1) < 1e-12 && fabs(inv[1] + inv[3] - 1) < 1e-12, "columns sum to 1");

    /* errors */
    const double zero_col[4] = {3, 0, 3, 0}; /* no example confidently in class 1: 1.x gives NaN */
    const int64_t s6[6] = {0, 0, 0, 1, 1, 1};
    cl_labels l6 = labels_of(s6, 6);
    EXPECT(cl_v1_estimate_latent(zero_col, 2, 0, &l6, CL_PY_CNT, 0, py, nm, inv), CL_E_NUMERIC);
    const int64_t s0[3] = {0, 0, 0}; /* class 1 missing */
    cl_labels l0 = labels_of(s0, 3);
    EXPECT(cl_v1_estimate_latent(cj, 2, 0, &l0, CL_PY_CNT, 0, py, nm, inv), CL_E_LABEL_RANGE);
    EXPECT(cl_v1_estimate_latent(cj, 2, 0, &l, 9, 0, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_estimate_latent(cj, 2, 5, &l, CL_PY_CNT, 0, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_estimate_latent(NULL, 2, 0, &l, CL_PY_CNT, 0, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_v1_estimate_latent(cj, 2, 0, &l, CL_PY_CNT, 0, NULL, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_v1_estimate_latent(cj, 0, 0, &l, CL_PY_CNT, 0, py, nm, inv), CL_E_SHAPE);
    const double nan_cj[4] = {4, NAN, 0, 7};
    EXPECT(cl_v1_estimate_latent(nan_cj, 2, 0, &l, CL_PY_CNT, 0, py, nm, inv), CL_E_NOT_FINITE);
}

/* ---------------------------------------------------------------------------------------------
 * nm = [[0.9, 0.5], [0.1, 0.5]], ps = (1/2, 1/2): inv(nm) . ps = (0, 1), so the lower clip
 * decides py[0]: 1.x's compute_py clips at 1e-5 -> 1e-5 / (1 + 1e-5) (2.x: 1e-6), its
 * compute_py_inv_noise_matrix at 0.001 -> 0.001 / 1.001.
 * ------------------------------------------------------------------------------------------- */
static void test_latent_algebra(void) {
    section("cl_v1_compute_* (1.x bounds)");
    const double nm[4] = {0.9, 0.5, 0.1, 0.5}, ps[2] = {0.5, 0.5};
    double py[2], inv[4], m[4];
    EXPECT(cl_v1_compute_py(ps, nm, nm, 2, CL_PY_EQN, NULL, py), CL_OK);
    CHECK(close_(py[0], 1e-5 / (1 + 1e-5)) && close_(py[1], 1 / (1 + 1e-5)), "compute_py eqn: %.17g",
          py[0]);
    EXPECT(cl_v1_compute_py_inv_noise_matrix(ps, nm, 2, py, inv), CL_OK);
    CHECK(close_(py[0], 0.001 / 1.001), "compute_py_inv_noise_matrix: py[0] = %.17g", py[0]);
    CHECK(fabs(inv[0] + inv[2] - 1) < 1e-12 && fabs(inv[1] + inv[3] - 1) < 1e-12, "inv columns");
    /* marginal: y_count / sum */
    const double yc[2] = {1, 3};
    EXPECT(cl_v1_compute_py(ps, nm, nm, 2, CL_PY_MARGINAL, yc, py), CL_OK);
    CHECK(close_(py[0], 0.25) && close_(py[1], 0.75), "marginal");
    EXPECT(cl_v1_compute_py(ps, nm, nm, 2, CL_PY_MARGINAL, NULL, py), CL_E_INVALID_ARGUMENT);
    const double yc0[2] = {0, 0};
    EXPECT(cl_v1_compute_py(ps, nm, nm, 2, CL_PY_MARGINAL, yc0, py), CL_E_NUMERIC);
    /* inv = (nm * py).T / ps; nm from it again */
    const double py2[2] = {0.25, 0.75};
    EXPECT(cl_v1_compute_inv_noise_matrix(py2, nm, 2, NULL, m), CL_OK);
    /* joint = [[0.225, 0.375], [0.025, 0.375]], row sums (0.6, 0.4): inv = joint.T / (0.6, 0.4) */
    const double want_inv[4] = {0.225 / 0.6, 0.025 / 0.4, 0.375 / 0.6, 0.375 / 0.4};
    CHECK(close_all(m, want_inv, 4), "compute_inv_noise_matrix");
    const double ps2[2] = {0.6, 0.4};
    double back[4];
    EXPECT(cl_v1_compute_noise_matrix_from_inverse(ps2, m, 2, NULL, back), CL_OK);
    CHECK(close_all(back, nm, 4), "compute_noise_matrix_from_inverse inverts it");
    const double ps_zero[2] = {1, 0};
    EXPECT(cl_v1_compute_inv_noise_matrix(py2, nm, 2, ps_zero, m), CL_E_NUMERIC);
    const double sing[4] = {1, 1, 1, 1};
    EXPECT(cl_v1_compute_py_inv_noise_matrix(ps, sing, 2, py, inv), CL_E_NUMERIC);

    /* pyx: psx * diag(inv) / diag(nm) with diag(nm)[0] = 0: 1 * 1 / 0 = inf is clipped to 1
     * (1.x's answer); 0 * 1 / 0 = NaN is an error */
    const double nm0[4] = {0, 0, 1, 1}, eye[4] = {1, 0, 0, 1};
    const double psx1[2] = {1, 0}, psx2[2] = {0, 1};
    double pyx[2];
    EXPECT(cl_v1_compute_pyx(psx1, 1, 2, nm0, eye, pyx), CL_OK);
    CHECK(pyx[0] == 1 && pyx[1] == 0, "pyx = (%g, %g)", pyx[0], pyx[1]);
    EXPECT(cl_v1_compute_pyx(psx2, 1, 2, nm0, eye, pyx), CL_E_NUMERIC);
    EXPECT(cl_v1_compute_pyx(psx1, -1, 2, nm0, eye, pyx), CL_E_SHAPE);
}

static void test_converge(void) {
    section("cl_v1_converge_estimates");
    const double ps[2] = {0.5, 0.5}, py[2] = {2.0 / 7, 5.0 / 7}, nm[4] = {1, 0.3, 0, 0.7},
                 inv[4] = {4.0 / 7, 0, 3.0 / 7, 1};
    double opy[2], onm[4], oinv[4];
    EXPECT(cl_v1_converge_estimates(ps, py, nm, inv, 2, 5, 3, opy, onm, oinv), CL_OK);
    CHECK(fabs(opy[0] + opy[1] - 1) < 1e-12, "py sums to 1");
    CHECK(fabs(onm[0] + onm[2] - 1) < 1e-12 && fabs(onm[1] + onm[3] - 1) < 1e-12, "nm columns");
    EXPECT(cl_v1_converge_estimates(ps, py, nm, inv, 2, 5, 0, opy, onm, oinv), CL_OK);
    CHECK(close_all(opy, py, 2) && close_all(onm, nm, 4) && close_all(oinv, inv, 4),
          "no iteration: the inputs");
    EXPECT(cl_v1_converge_estimates(ps, py, nm, inv, 2, -1, 3, opy, onm, oinv), CL_E_INVALID_ARGUMENT);
    const double ps_bad[2] = {0.5, INFINITY};
    EXPECT(cl_v1_converge_estimates(ps_bad, py, nm, inv, 2, 5, 3, opy, onm, oinv), CL_E_NOT_FINITE);
}

static void test_noise_matrix(void) {
    section("cl_v1_generate_noise_matrix_from_trace: 1.x return convention");
    cl_noise_matrix_options o;
    EXPECT(cl_noise_matrix_options_init(&o), CL_OK);
    const double py[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    o.py = py;
    double m[9];
    int32_t found = -1;
    EXPECT(cl_v1_generate_noise_matrix_from_trace(3, 2.4, &o, 1, m, &found), CL_OK);
    CHECK(found == 1, "found = %d", (int)found);
    CHECK(fabs(m[0] + m[4] + m[8] - 2.4) < 1e-6, "trace");
    /* a prior this skewed with a flat diagonal of trace 1.05: nothing valid in 3 tries -> the
     * last matrix tried (1.x returns it; 2.x returns None) */
    const double skew[3] = {0.9, 0.05, 0.05};
    o.py = skew;
    o.max_iter = 3;
    o.min_trace_prob = 0.3;
    o.max_trace_prob = 0.4;
    for (int i = 0; i < 9; i++) m[i] = -1;
    EXPECT(cl_v1_generate_noise_matrix_from_trace(3, 1.05, &o, 1, m, &found), CL_OK);
    CHECK(found == 2, "found = %d", (int)found);
    int32_t is_valid = -1;
    EXPECT(cl_noise_matrix_is_valid(m, skew, 3, &is_valid), CL_OK);
    CHECK(is_valid == 0, "the last matrix tried is not valid");
    for (int c = 0; c < 3; c++)
        CHECK(fabs(m[c] + m[3 + c] + m[6 + c] - 1) < 1e-9, "column %d sums to 1", c);
    CHECK(fabs(m[0] + m[4] + m[8] - 1.05) < 1e-6, "trace of the last matrix");
    o.max_iter = 0;
    EXPECT(cl_v1_generate_noise_matrix_from_trace(3, 1.05, &o, 1, m, &found), CL_OK);
    CHECK(found == 0, "max_iter < 1: found = %d", (int)found);
    EXPECT(cl_v1_generate_noise_matrix_from_trace(3, 1.0, &o, 1, m, &found), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_v1_generate_noise_matrix_from_trace(1, 2.0, NULL, 1, m, &found), CL_E_SHAPE);
    EXPECT(cl_v1_generate_noise_matrix_from_trace(3, 2.0, &o, 1, NULL, &found), CL_E_NULL_POINTER);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("libcleanlab C ABI test, cleanlab 1.x latent estimation and noise generation (library %s)\n",
           cl_version_string());
    test_estimate_latent();
    test_latent_algebra();
    test_converge();
    test_noise_matrix();
    return test_report();
}
