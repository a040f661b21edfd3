/*
 * test_latent.c -- C tests of the "latent" area of include/cleanlab.h: latent estimation
 * (cl_estimate_latent, cl_estimate_py_and_noise_matrices_from_probabilities,
 * cl_converge_estimates), latent algebra (cl_compute_*) and the numeric helpers
 * (cl_clip_noise_rates, cl_clip_values, cl_remove_noise_from_class, cl_round_preserving_*).
 *
 * Expected values are derived by hand from cleanlab 2.9.0's formulas (cleanlab-api.md §2.1,
 * §2.7, §2.8) on small inputs; see the comments. Every error status of every function is
 * exercised. The last line printed is "N passed, M failed"; the exit status is non-zero on any
 * failure.
 */
#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void check_vec(const char *what, const double *got, const double *want, int n) {
    int ok = 1;
    for (int i = 0; i < n; i++) ok &= near(got[i], want[i]);
    CHECK(ok, "%s differs (first: %.17g vs %.17g)", what, got[0], want[0]);
}

/* The 2-class example: cj = [[8, 2], [1, 9]], 10 labels of each class, n = 20.
 * ps = [.5, .5]; true counts (column sums) = [9, 11]; nm = cj / [9, 11] = [[8/9, 2/11],
 * [1/9, 9/11]]; inv = cj.T / [10, 10] = [[.8, .1], [.2, .9]]. The four py_methods agree:
 * cnt: .8/(8/9)*.5 = .45, .9/(9/11)*.5 = .55; marginal: [9, 11]/20; eqn: nm . [.45, .55] = ps;
 * marginal_ps: inv . ps = [.45, .55]. The estimates are consistent, so converging keeps them. */
static const double CJ[4] = {8, 2, 1, 9};
static const double NM[4] = {8.0 / 9, 2.0 / 11, 1.0 / 9, 9.0 / 11};
static const double INV[4] = {0.8, 0.1, 0.2, 0.9};
static const double PS[2] = {0.5, 0.5};
static const double PY[2] = {0.45, 0.55};
static int64_t LAB[20];

static cl_labels labels20(void) {
    for (int i = 0; i < 20; i++) LAB[i] = i < 10 ? 0 : 1;
    cl_labels l = {LAB, 20, CL_LABEL_INT64};
    return l;
}

static void test_estimate_latent(void) {
    cl_labels l = labels20();
    double py[2], nm[4], inv[4];
    for (int m = CL_PY_CNT; m <= CL_PY_MARGINAL_PS; m++) {
        for (int conv = 0; conv <= 1; conv++) {
            for (int order = 0; order <= 1; order++) {
                EXPECT(cl_estimate_latent(CJ, 2, order, &l, m, conv, py, nm, inv), CL_OK);
                check_vec("estimate_latent py", py, PY, 2);
                check_vec("estimate_latent nm", nm, NM, 4);
                check_vec("estimate_latent inv", inv, INV, 4);
            }
        }
    }
    /* int32 labels, one class missing from labels (ps = [1, 0]): cnt py = [.8/(8/9)*1, 0]
     * -> clipped to [.9, 1e-6] -> renormalised */
    int32_t l32[3] = {0, 0, 0};
    cl_labels m32 = {l32, 3, CL_LABEL_INT32};
    EXPECT(cl_estimate_latent(CJ, 2, 0, &m32, CL_PY_CNT, 0, py, nm, inv), CL_OK);
    double want[2] = {0.9 / (0.9 + 1e-6), 1e-6 / (0.9 + 1e-6)};
    check_vec("estimate_latent missing class", py, want, 2);

    /* errors */
    double nan_cj[4] = {8, NAN, 1, 9};
    int64_t bad[2] = {0, 2};
    cl_labels lbad = {bad, 2, CL_LABEL_INT64};
    cl_labels lempty = {LAB, 0, CL_LABEL_INT64};
    cl_labels ldtype = {LAB, 20, 7};
    cl_labels lnull = {NULL, 3, CL_LABEL_INT64};
    double sing[4] = {10, 10, 10, 10};
    EXPECT(cl_estimate_latent(NULL, 2, 0, &l, 1, 0, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 2, 0, NULL, 1, 0, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &lnull, 1, 0, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &l, 1, 0, NULL, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &l, 1, 0, py, NULL, inv), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &l, 1, 0, py, nm, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_latent(CJ, 0, 0, &l, 1, 0, py, nm, inv), CL_E_SHAPE);
    EXPECT(cl_estimate_latent(CJ, -3, 0, &l, 1, 0, py, nm, inv), CL_E_SHAPE);
    EXPECT(cl_estimate_latent(CJ, INT64_MAX, 0, &l, 1, 0, py, nm, inv), CL_E_SHAPE);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &lempty, 1, 0, py, nm, inv), CL_E_SHAPE);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &ldtype, 1, 0, py, nm, inv), CL_E_DTYPE);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &lbad, 1, 0, py, nm, inv), CL_E_LABEL_RANGE);
    EXPECT(cl_estimate_latent(nan_cj, 2, 0, &l, 1, 0, py, nm, inv), CL_E_NOT_FINITE);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &l, 0, 0, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_latent(CJ, 2, 0, &l, 5, 0, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_latent(CJ, 2, 2, &l, 1, 0, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_latent(sing, 2, 0, &l, CL_PY_EQN, 0, py, nm, inv), CL_E_NUMERIC);
    EXPECT(cl_estimate_latent(sing, 2, 0, &l, CL_PY_CNT, 0, py, nm, inv), CL_OK);
    CHECK(strlen(cl_last_error_message()) == 0, "success clears the message");
}

static void test_from_probabilities(void) {
    /* labels [0,0,1,1]; thresholds t0 = mean(.9,.8) = .85, t1 = mean(.7,.9) = .8: only rows 0
     * (class 0) and 3 (class 1) are confident -> cj = [[1,0],[0,1]], calibrated to counts
     * [2, 2] -> [[2,0],[0,2]]; nm = inv = I, py = [.5, .5]. */
    double pp[8] = {0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.1, 0.9};
    int64_t y[4] = {0, 0, 1, 1};
    cl_pred_probs p = {pp, 4, 2, 0, CL_DTYPE_FLOAT64};
    cl_labels l = {y, 4, CL_LABEL_INT64};
    double py[2], nm[4], inv[4];
    int64_t cj[4];
    const double eye[4] = {1, 0, 0, 1}, half[2] = {0.5, 0.5};
    for (int cal = 0; cal <= 1; cal++) {
        for (int m = 1; m <= 4; m++) {
            if (m == CL_PY_EQN) continue;
            EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, m, cal, py, nm, inv, cj), CL_OK);
            check_vec("from_probabilities py", py, half, 2);
            check_vec("from_probabilities nm", nm, eye, 4);
            check_vec("from_probabilities inv", inv, eye, 4);
            int64_t w = cal ? 2 : 1;
            CHECK(cj[0] == w && cj[1] == 0 && cj[2] == 0 && cj[3] == w, "cj = %lld %lld %lld %lld",
                  (long long)cj[0], (long long)cj[1], (long long)cj[2], (long long)cj[3]);
        }
    }
    /* thresholds supplied: 0.5 for both -> every row is confident in its argmax class:
     * cj = [[2,0],[0,2]] (already calibrated) */
    double thr[2] = {0.5, 0.5};
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, thr, CL_DTYPE_FLOAT64, 0, CL_PY_EQN, 0, py, nm, inv, cj), CL_OK);
    CHECK(cj[0] == 2 && cj[3] == 2 && cj[1] == 0 && cj[2] == 0, "cj with thresholds");
    check_vec("py with thresholds", py, half, 2);

    double ppbad[8] = {0.9, 0.1, 1.5, 0.2, 0.3, 0.7, 0.1, 0.9};
    cl_pred_probs pbad = {ppbad, 4, 2, 0, CL_DTYPE_FLOAT64};
    cl_pred_probs pdt = {pp, 4, 2, 0, 9};
    cl_pred_probs pk1 = {pp, 4, 1, 0, CL_DTYPE_FLOAT64};
    cl_labels lshort = {y, 3, CL_LABEL_INT64};
    int64_t y5[4] = {0, 5, 1, 1};
    cl_labels lrange = {y5, 4, CL_LABEL_INT64};
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(NULL, &l, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, NULL, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, 1, 1, NULL, nm, inv, cj), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, 1, 1, py, NULL, inv, cj), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, 1, 1, py, nm, NULL, cj), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, 1, 1, py, nm, inv, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, NULL, 0, 1, 0, 1, py, nm, inv, cj), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &l, thr, 0, 1, 1, 1, py, nm, inv, cj), CL_E_DTYPE);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&pdt, &l, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_DTYPE);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&pk1, &l, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_SHAPE);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &lshort, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_SHAPE);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&p, &lrange, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_LABEL_RANGE);
    EXPECT(cl_estimate_py_and_noise_matrices_from_probabilities(&pbad, &l, NULL, 0, 1, 1, 1, py, nm, inv, cj), CL_E_PROB_RANGE);
}

static void test_converge(void) {
    double py[2], nm[4], inv[4];
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, 5, 3, py, nm, inv), CL_OK);
    check_vec("converge py", py, PY, 2);
    check_vec("converge nm", nm, NM, 4);
    check_vec("converge inv", inv, INV, 4);
    /* zero iterations copy the inputs */
    double py0[2] = {0.3, 0.7};
    EXPECT(cl_converge_estimates(PS, py0, NM, INV, 2, 0, 0, py, nm, inv), CL_OK);
    check_vec("converge 0 iterations", py, py0, 2);
    /* inconsistent py: one round computes inv from (py, nm, ps) then py by 'cnt' */
    EXPECT(cl_converge_estimates(PS, py0, NM, INV, 2, 1, 1, py, nm, inv), CL_OK);
    CHECK(near(py[0] + py[1], 1.0), "converged py sums to 1");
    double nan_py[2] = {NAN, 0.5};
    EXPECT(cl_converge_estimates(NULL, PY, NM, INV, 2, 5, 3, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, NULL, NM, INV, 2, 5, 3, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NULL, INV, 2, 5, 3, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NM, NULL, 2, 5, 3, py, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, 5, 3, NULL, nm, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, 5, 3, py, NULL, inv), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, 5, 3, py, nm, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 0, 5, 3, py, nm, inv), CL_E_SHAPE);
    EXPECT(cl_converge_estimates(PS, nan_py, NM, INV, 2, 5, 3, py, nm, inv), CL_E_NOT_FINITE);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, -1, 3, py, nm, inv), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_converge_estimates(PS, PY, NM, INV, 2, 5, -1, py, nm, inv), CL_E_INVALID_ARGUMENT);
}

static void test_algebra(void) {
    double py[2], m[4], ps[2];
    const double counts[2] = {9, 11};
    for (int meth = 1; meth <= 4; meth++) {
        EXPECT(cl_compute_py(PS, NM, INV, 2, meth, counts, py), CL_OK);
        check_vec("compute_py", py, PY, 2);
    }
    /* clipping: 'marginal' with counts [0, 5] -> [0, 1] -> clipped to [1e-6, 1], renormalised */
    const double c05[2] = {0, 5};
    EXPECT(cl_compute_py(PS, NM, INV, 2, CL_PY_MARGINAL, c05, py), CL_OK);
    double wantc[2] = {1e-6 / (1 + 1e-6), 1 / (1 + 1e-6)};
    check_vec("compute_py clipped", py, wantc, 2);
    double sing[4] = {0.5, 0.5, 0.5, 0.5}, nanm[4] = {0.5, INFINITY, 0.5, 0.5};
    EXPECT(cl_compute_py(NULL, NM, INV, 2, 1, NULL, py), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py(PS, NULL, INV, 2, 1, NULL, py), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py(PS, NM, NULL, 2, 1, NULL, py), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py(PS, NM, INV, 2, 1, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py(PS, NM, INV, 0, 1, NULL, py), CL_E_SHAPE);
    EXPECT(cl_compute_py(PS, nanm, INV, 2, 1, NULL, py), CL_E_NOT_FINITE);
    EXPECT(cl_compute_py(PS, NM, INV, 2, 9, NULL, py), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_compute_py(PS, NM, INV, 2, CL_PY_MARGINAL, NULL, py), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_compute_py(PS, sing, INV, 2, CL_PY_EQN, NULL, py), CL_E_NUMERIC);

    /* inv from (py, nm): joint = nm * py = [[.4, .1], [.05, .45]], row sums = ps */
    EXPECT(cl_compute_inv_noise_matrix(PY, NM, 2, NULL, m), CL_OK);
    check_vec("compute_inv_noise_matrix", m, INV, 4);
    EXPECT(cl_compute_inv_noise_matrix(PY, NM, 2, PS, m), CL_OK);
    check_vec("compute_inv_noise_matrix ps", m, INV, 4);
    EXPECT(cl_compute_inv_noise_matrix(NULL, NM, 2, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_inv_noise_matrix(PY, NULL, 2, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_inv_noise_matrix(PY, NM, 2, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_inv_noise_matrix(PY, NM, -1, NULL, m), CL_E_SHAPE);
    EXPECT(cl_compute_inv_noise_matrix(PY, nanm, 2, NULL, m), CL_E_NOT_FINITE);

    /* nm from (ps, inv): joint = (inv * ps).T = [[.4, .1], [.05, .45]], column sums = py */
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, INV, 2, NULL, m), CL_OK);
    check_vec("compute_noise_matrix_from_inverse", m, NM, 4);
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, INV, 2, PY, m), CL_OK);
    check_vec("compute_noise_matrix_from_inverse py", m, NM, 4);
    EXPECT(cl_compute_noise_matrix_from_inverse(NULL, INV, 2, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, NULL, 2, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, INV, 2, NULL, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, INV, 0, NULL, m), CL_E_SHAPE);
    EXPECT(cl_compute_noise_matrix_from_inverse(PS, nanm, 2, NULL, m), CL_E_NOT_FINITE);

    EXPECT(cl_compute_py_inv_noise_matrix(PS, NM, 2, py, m), CL_OK);
    check_vec("compute_py_inv_noise_matrix py", py, PY, 2);
    check_vec("compute_py_inv_noise_matrix inv", m, INV, 4);
    EXPECT(cl_compute_py_inv_noise_matrix(NULL, NM, 2, py, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, NULL, 2, py, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, NM, 2, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, NM, 2, py, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, NM, 0, py, m), CL_E_SHAPE);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, nanm, 2, py, m), CL_E_NOT_FINITE);
    EXPECT(cl_compute_py_inv_noise_matrix(PS, sing, 2, py, m), CL_E_NUMERIC);

    cl_labels l = labels20();
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NM, 2, ps, py, m), CL_OK);
    check_vec("compute_ps_py_inv ps", ps, PS, 2);
    check_vec("compute_ps_py_inv py", py, PY, 2);
    check_vec("compute_ps_py_inv inv", m, INV, 4);
    int64_t zeros[3] = {0, 0, 0}, big[2] = {0, 3};
    cl_labels lmiss = {zeros, 3, CL_LABEL_INT64}, lbig = {big, 2, CL_LABEL_INT64};
    cl_labels ldt = {zeros, 3, 0};
    EXPECT(cl_compute_ps_py_inv_noise_matrix(NULL, NM, 2, ps, py, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NULL, 2, ps, py, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NM, 2, NULL, py, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NM, 2, ps, NULL, m), CL_E_NULL_POINTER);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NM, 2, ps, py, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&lmiss, NM, 2, ps, py, m), CL_E_SHAPE);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, NM, 0, ps, py, m), CL_E_SHAPE);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&ldt, NM, 2, ps, py, m), CL_E_DTYPE);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&lbig, NM, 2, ps, py, m), CL_E_LABEL_RANGE);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, nanm, 2, ps, py, m), CL_E_NOT_FINITE);
    EXPECT(cl_compute_ps_py_inv_noise_matrix(&l, sing, 2, ps, py, m), CL_E_NUMERIC);

    /* pyx: row [.6, .4] * [.8/(8/9), .9/(9/11)] = [.54, .44] -> / .98; a zero row stays 0;
     * a row above 1 is clipped: [2, 0] * [.9, 1.1] = [1.8, 0] -> [1, 0] */
    double pp[6] = {0.6, 0.4, 0, 0, 2, 0}, out[6];
    EXPECT(cl_compute_pyx(pp, 3, 2, NM, INV, out), CL_OK);
    double wantx[6] = {0.54 / 0.98, 0.44 / 0.98, 0, 0, 1, 0};
    check_vec("compute_pyx", out, wantx, 6);
    EXPECT(cl_compute_pyx(NULL, 0, 2, NM, INV, NULL), CL_OK);
    double ppn[2] = {NAN, 0.1};
    EXPECT(cl_compute_pyx(NULL, 3, 2, NM, INV, out), CL_E_NULL_POINTER);
    EXPECT(cl_compute_pyx(pp, 3, 2, NULL, INV, out), CL_E_NULL_POINTER);
    EXPECT(cl_compute_pyx(pp, 3, 2, NM, NULL, out), CL_E_NULL_POINTER);
    EXPECT(cl_compute_pyx(pp, 3, 2, NM, INV, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_compute_pyx(pp, -1, 2, NM, INV, out), CL_E_SHAPE);
    EXPECT(cl_compute_pyx(pp, 3, 0, NM, INV, out), CL_E_SHAPE);
    EXPECT(cl_compute_pyx(pp, INT64_MAX / 2, 2, NM, INV, out), CL_E_SHAPE);
    EXPECT(cl_compute_pyx(ppn, 1, 2, NM, INV, out), CL_E_NOT_FINITE);
}

static void test_util(void) {
    /* clip_noise_rates: (0,1) -0.2 -> 0, (1,0) 1.2 -> .9999, diagonal kept, columns
     * normalised: col0 = [.5, .9999] / 1.4999, col1 = [0, .3] / .3 */
    double m[4] = {0.5, -0.2, 1.2, 0.3}, out[4];
    EXPECT(cl_clip_noise_rates(m, 2, out), CL_OK);
    double want[4] = {0.5 / 1.4999, 0, 0.9999 / 1.4999, 1};
    check_vec("clip_noise_rates", out, want, 4);
    double z[4] = {0, 0, 0, 0};
    EXPECT(cl_clip_noise_rates(z, 2, out), CL_OK);
    check_vec("clip_noise_rates zeros", out, z, 4);
    double mn[4] = {0.5, NAN, 0.1, 0.2};
    EXPECT(cl_clip_noise_rates(NULL, 2, out), CL_E_NULL_POINTER);
    EXPECT(cl_clip_noise_rates(m, 2, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_clip_noise_rates(m, 0, out), CL_E_SHAPE);
    EXPECT(cl_clip_noise_rates(mn, 2, out), CL_E_NOT_FINITE);

    /* clip_values: [-1, .5, 2] -> [0, .5, 1]; previous sum 1.5 = new sum -> unchanged;
     * new_sum 3 -> doubled; low > high gives high everywhere (np.clip) */
    double x[3] = {-1, 0.5, 2}, v[3];
    EXPECT(cl_clip_values(x, 3, 0, 1, 0, 0, v), CL_OK);
    double w1[3] = {0, 0.5, 1}, w2[3] = {0, 1, 2}, w3[3] = {1, 1, 1};
    check_vec("clip_values", v, w1, 3);
    EXPECT(cl_clip_values(x, 3, 0, 1, 1, 3.0, v), CL_OK);
    check_vec("clip_values new_sum", v, w2, 3);
    EXPECT(cl_clip_values(x, 3, 0.9, 0.2, 1, 3.0, v), CL_OK);
    check_vec("clip_values low > high", v, w3, 3);
    EXPECT(cl_clip_values(NULL, 0, 0, 1, 0, 0, NULL), CL_OK);
    double xn[2] = {0.1, NAN};
    EXPECT(cl_clip_values(NULL, 3, 0, 1, 0, 0, v), CL_E_NULL_POINTER);
    EXPECT(cl_clip_values(x, 3, 0, 1, 0, 0, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_clip_values(x, -1, 0, 1, 0, 0, v), CL_E_SHAPE);
    EXPECT(cl_clip_values(xn, 2, 0, 1, 0, 0, v), CL_E_NOT_FINITE);
    EXPECT(cl_clip_values(x, 3, NAN, 1, 0, 0, v), CL_E_NOT_FINITE);
    EXPECT(cl_clip_values(x, 3, 0, 1, 1, INFINITY, v), CL_E_NOT_FINITE);

    /* remove_noise_from_class(class 0): row 0 off-diagonals -> 0; each diagonal = 1 - the
     * column's off-diagonal sum (.2 in every column) */
    double nm3[9] = {0.8, 0.1, 0.3, 0.1, 0.7, 0.2, 0.1, 0.2, 0.5}, o3[9];
    EXPECT(cl_remove_noise_from_class(nm3, 3, 0, o3), CL_OK);
    double w9[9] = {0.8, 0, 0, 0.1, 0.8, 0.2, 0.1, 0.2, 0.8};
    check_vec("remove_noise_from_class", o3, w9, 9);
    double nm3n[9] = {0.8, 0.1, 0.3, 0.1, INFINITY, 0.2, 0.1, 0.2, 0.5};
    EXPECT(cl_remove_noise_from_class(NULL, 3, 0, o3), CL_E_NULL_POINTER);
    EXPECT(cl_remove_noise_from_class(nm3, 3, 0, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_remove_noise_from_class(nm3, 0, 0, o3), CL_E_SHAPE);
    EXPECT(cl_remove_noise_from_class(nm3n, 3, 0, o3), CL_E_NOT_FINITE);
    EXPECT(cl_remove_noise_from_class(nm3, 3, 3, o3), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_remove_noise_from_class(nm3, 3, -1, o3), CL_E_INVALID_ARGUMENT);

    /* round_preserving_sum: [.4, .4, .4, 1.8] -> [0, 0, 0, 2] (sum 2, target 3): +1 on the
     * largest residual .4, ties -> the later position (stable argsort reversed): index 2 */
    double r[4] = {0.4, 0.4, 0.4, 1.8};
    int64_t ri[8];
    EXPECT(cl_round_preserving_sum(r, 4, ri), CL_OK);
    CHECK(ri[0] == 0 && ri[1] == 0 && ri[2] == 1 && ri[3] == 2, "round_preserving_sum = %lld %lld %lld %lld",
          (long long)ri[0], (long long)ri[1], (long long)ri[2], (long long)ri[3]);
    /* rounding down: [.6, .6, .6, 1.2] -> [1, 1, 1, 1] (sum 4, target 3): -1 on the smallest
     * residual -.4, ties -> the earlier position: index 0 */
    double r2[4] = {0.6, 0.6, 0.6, 1.2};
    EXPECT(cl_round_preserving_sum(r2, 4, ri), CL_OK);
    CHECK(ri[0] == 0 && ri[1] == 1 && ri[2] == 1 && ri[3] == 1, "round down = %lld %lld %lld %lld",
          (long long)ri[0], (long long)ri[1], (long long)ri[2], (long long)ri[3]);
    EXPECT(cl_round_preserving_sum(NULL, 0, NULL), CL_OK);
    double rn[2] = {1.5, INFINITY}, rbig[2] = {1e300, 1e300};
    EXPECT(cl_round_preserving_sum(NULL, 2, ri), CL_E_NULL_POINTER);
    EXPECT(cl_round_preserving_sum(r, 4, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_round_preserving_sum(r, -1, ri), CL_E_SHAPE);
    EXPECT(cl_round_preserving_sum(rn, 2, ri), CL_E_NOT_FINITE);
    EXPECT(cl_round_preserving_sum(rbig, 2, ri), CL_E_NUMERIC);

    /* row totals on a 2 x 4 matrix: row 0 as above, row 1 [2.6, .2, .2, 0] -> [3, 0, 0, 0] */
    double rm[8] = {0.4, 0.4, 0.4, 1.8, 2.6, 0.2, 0.2, 0};
    EXPECT(cl_round_preserving_row_totals(rm, 2, 4, ri), CL_OK);
    int64_t wr[8] = {0, 0, 1, 2, 3, 0, 0, 0};
    CHECK(memcmp(ri, wr, sizeof wr) == 0, "round_preserving_row_totals");
    EXPECT(cl_round_preserving_row_totals(NULL, 0, 4, NULL), CL_OK);
    EXPECT(cl_round_preserving_row_totals(NULL, 2, 4, ri), CL_E_NULL_POINTER);
    EXPECT(cl_round_preserving_row_totals(rm, 2, 4, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_round_preserving_row_totals(rm, -2, 4, ri), CL_E_SHAPE);
    EXPECT(cl_round_preserving_row_totals(rm, INT64_MAX / 2, 4, ri), CL_E_SHAPE);
    EXPECT(cl_round_preserving_row_totals(rn, 1, 2, ri), CL_E_NOT_FINITE);
    EXPECT(cl_round_preserving_row_totals(rbig, 1, 2, ri), CL_E_NUMERIC);
}

int main(void) {
    section("estimate_latent");
    test_estimate_latent();
    section("estimate_py_and_noise_matrices_from_probabilities");
    test_from_probabilities();
    section("converge_estimates");
    test_converge();
    section("latent algebra");
    test_algebra();
    section("util helpers");
    test_util();
    return test_report();
}
