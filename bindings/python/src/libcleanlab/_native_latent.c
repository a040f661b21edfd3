/*
 * _native_latent.c -- the CPython extension `libcleanlab._native_latent`: thin wrappers of the
 * cl_* functions of the "latent" area (latent estimation, latent algebra, numeric helpers of
 * cleanlab's internal.util). Arrays are float64/int64 C-contiguous buffers whose sizes are
 * checked here exactly; outputs are allocated by the Python facade. The GIL is released around
 * every library call.
 */
#include "_native_common.h"

static PyObject *py_estimate_latent(PyObject *self, PyObject *args, PyObject *kw) {
    return estimate_latent_common(args, kw, cl_estimate_latent);
}

static PyObject *py_estimate_py_and_noise(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "thresholds", "thresholds_dtype",
                             "converge", "py_method", "calibrate", "out_py",
                             "out_noise_matrix", "out_inv", "out_cj", NULL};
    PyObject *o_pp, *o_lab, *o_thr, *o_py, *o_nm, *o_inv, *o_cj;
    int thr_dtype, converge, method, calibrate;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOipipOOOO:estimate_py_and_noise_matrices",
                                     kwlist, &o_pp, &o_lab, &o_thr, &thr_dtype, &converge,
                                     &method, &calibrate, &o_py, &o_nm, &o_inv, &o_cj))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vt = ZERO_BUF, v1 = ZERO_BUF, v2 = ZERO_BUF,
              v3 = ZERO_BUF, v4 = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    const double *thr;
    double *py, *nm, *inv;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t k = (Py_ssize_t)pp.n_classes;
    if (f64_in(o_thr, &vt, k, &thr, 1, "thresholds") != 0) goto done;
    if (f64_out(o_py, &v1, k, &py, "out_py") != 0) goto done;
    if (f64_out(o_nm, &v2, k * k, &nm, "out_noise_matrix") != 0) goto done;
    if (f64_out(o_inv, &v3, k * k, &inv, "out_inv") != 0) goto done;
    if (get_array(o_cj, &v4, EK_I64, 1, k * k, NULL, "out_cj") != 0) goto done;
    FINISH(cl_estimate_py_and_noise_matrices_from_probabilities(
        &pp, &lab, thr, (int32_t)thr_dtype, (int32_t)converge, (int32_t)method,
        (int32_t)calibrate, py, nm, inv, (int64_t *)v4.buf));
done:
    release(&v4); release(&v3); release(&v2); release(&v1); release(&vt); release(&vl);
    release(&vp);
    return result;
}

static PyObject *py_converge_estimates(PyObject *self, PyObject *args, PyObject *kw) {
    return converge_estimates_common(args, kw, cl_converge_estimates);
}

static PyObject *py_compute_py(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_py_common(args, kw, cl_compute_py, "true_labels_class_counts");
}

static PyObject *py_compute_inv_noise_matrix(PyObject *self, PyObject *args, PyObject *kw) {
    return vmv_common(args, kw, cl_compute_inv_noise_matrix, "OOnOO:compute_inv_noise_matrix",
                      "py", "noise_matrix", "ps");
}

static PyObject *py_compute_noise_matrix_from_inverse(PyObject *self, PyObject *args,
                                                      PyObject *kw) {
    return vmv_common(args, kw, cl_compute_noise_matrix_from_inverse,
                      "OOnOO:compute_noise_matrix_from_inverse", "ps", "inverse_noise_matrix",
                      "py");
}

static PyObject *py_compute_py_inv_noise_matrix(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_py_inv_noise_matrix_common(args, kw,
                                              cl_compute_py_inv_noise_matrix);
}

static PyObject *py_compute_pyx(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_pyx_common(args, kw, cl_compute_pyx, "pred_probs");
}

static PyObject *py_clip_noise_rates(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"matrix", "n_classes", "out", NULL};
    PyObject *o_m, *o_out;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnO:clip_noise_rates", kwlist, &o_m, &k, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF;
    const double *m;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_m, &a, k * k, &m, 0, "noise_matrix") != 0) goto done;
    if (f64_out(o_out, &b, k * k, &out, "out") != 0) goto done;
    FINISH(cl_clip_noise_rates(m, (int64_t)k, out));
done:
    release(&b); release(&a);
    return result;
}

static PyObject *py_clip_values(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"x", "low", "high", "new_sum", "out", NULL};
    PyObject *o_x, *o_sum, *o_out;
    double low, high, new_sum = 0.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OddOO:clip_values", kwlist, &o_x, &low, &high,
                                     &o_sum, &o_out))
        return NULL;
    int has_sum = o_sum != Py_None;
    if (has_sum) {
        new_sum = PyFloat_AsDouble(o_sum);
        if (new_sum == -1.0 && PyErr_Occurred()) return NULL;
    }
    Py_buffer a = ZERO_BUF, b = ZERO_BUF;
    Py_ssize_t n;
    PyObject *result = NULL;
    if (get_array(o_x, &a, EK_F64, 0, -1, &n, "x") != 0) goto done;
    if (get_array(o_out, &b, EK_F64, 1, n, NULL, "out") != 0) goto done;
    FINISH(cl_clip_values((const double *)a.buf, (int64_t)n, low, high, has_sum, new_sum,
                          (double *)b.buf));
done:
    release(&b); release(&a);
    return result;
}

static PyObject *py_remove_noise_from_class(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"noise_matrix", "n_classes", "class_without_noise", "out", NULL};
    PyObject *o_m, *o_out;
    Py_ssize_t k;
    long long cls;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnLO:remove_noise_from_class", kwlist, &o_m, &k,
                                     &cls, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF;
    const double *m;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_m, &a, k * k, &m, 0, "noise_matrix") != 0) goto done;
    if (f64_out(o_out, &b, k * k, &out, "out") != 0) goto done;
    FINISH(cl_remove_noise_from_class(m, (int64_t)k, (int64_t)cls, out));
done:
    release(&b); release(&a);
    return result;
}

static PyObject *py_round_preserving_row_totals(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"matrix", "n_rows", "n_cols", "out", NULL};
    PyObject *o_m, *o_out;
    Py_ssize_t r, c;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnnO:round_preserving_row_totals", kwlist, &o_m,
                                     &r, &c, &o_out))
        return NULL;
    if (r < 0 || c < 0 || (r > 0 && c > PY_SSIZE_T_MAX / 8 / r)) {
        PyErr_Format(g_ShapeError, "matrix shape out of range: %zd x %zd", r, c);
        return NULL;
    }
    Py_buffer a = ZERO_BUF, b = ZERO_BUF;
    PyObject *result = NULL;
    if (get_array(o_m, &a, EK_F64, 0, r * c, NULL, "matrix") != 0) goto done;
    if (get_array(o_out, &b, EK_I64, 1, r * c, NULL, "out") != 0) goto done;
    FINISH(cl_round_preserving_row_totals((const double *)a.buf, (int64_t)r, (int64_t)c,
                                          (int64_t *)b.buf));
done:
    release(&b); release(&a);
    return result;
}

static PyObject *py_round_preserving_sum(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"values", "out", NULL};
    PyObject *o_v, *o_out;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:round_preserving_sum", kwlist, &o_v, &o_out))
        return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF;
    Py_ssize_t n;
    PyObject *result = NULL;
    if (get_array(o_v, &a, EK_F64, 0, -1, &n, "values") != 0) goto done;
    if (get_array(o_out, &b, EK_I64, 1, n, NULL, "out") != 0) goto done;
    FINISH(cl_round_preserving_sum((const double *)a.buf, (int64_t)n, (int64_t *)b.buf));
done:
    release(&b); release(&a);
    return result;
}

static PyMethodDef methods[] = {
    KWFN("estimate_latent", py_estimate_latent, "cl_estimate_latent"),
    KWFN("estimate_py_and_noise_matrices_from_probabilities", py_estimate_py_and_noise,
         "cl_estimate_py_and_noise_matrices_from_probabilities"),
    KWFN("converge_estimates", py_converge_estimates, "cl_converge_estimates"),
    KWFN("compute_py", py_compute_py, "cl_compute_py"),
    KWFN("compute_inv_noise_matrix", py_compute_inv_noise_matrix, "cl_compute_inv_noise_matrix"),
    KWFN("compute_noise_matrix_from_inverse", py_compute_noise_matrix_from_inverse,
         "cl_compute_noise_matrix_from_inverse"),
    KWFN("compute_py_inv_noise_matrix", py_compute_py_inv_noise_matrix,
         "cl_compute_py_inv_noise_matrix"),
    KWFN("compute_pyx", py_compute_pyx, "cl_compute_pyx"),
    KWFN("clip_noise_rates", py_clip_noise_rates, "cl_clip_noise_rates"),
    KWFN("clip_values", py_clip_values, "cl_clip_values"),
    KWFN("remove_noise_from_class", py_remove_noise_from_class, "cl_remove_noise_from_class"),
    KWFN("round_preserving_sum", py_round_preserving_sum, "cl_round_preserving_sum"),
    KWFN("round_preserving_row_totals", py_round_preserving_row_totals,
         "cl_round_preserving_row_totals"),
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "libcleanlab._native_latent",
    "libcleanlab's latent estimation and latent algebra (private).", -1, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__native_latent(void) {
    if (native_common_init() != 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (add_int(m, "PY_CNT", CL_PY_CNT) != 0 || add_int(m, "PY_EQN", CL_PY_EQN) != 0 ||
        add_int(m, "PY_MARGINAL", CL_PY_MARGINAL) != 0 ||
        add_int(m, "PY_MARGINAL_PS", CL_PY_MARGINAL_PS) != 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
