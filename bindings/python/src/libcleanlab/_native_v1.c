/*
 * _native_v1.c -- the CPython extension `libcleanlab._native_v1`: the cl_v1_* functions of
 * include/cleanlab.h (cleanlab 1.x semantics). Same conventions as _native.c: buffers only,
 * outputs allocated by the Python facade, the GIL released around every library call.
 */
#include "_native_common.h"

static PyObject *py_get_noise_indices(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"psx", "labels", "out_mask", "out_sorted", "prune_method",
                             "sorted_index_method", "prune_in_float32", "frac_noise",
                             "num_to_remove_per_class", "confident_joint", "confident_joint_order",
                             NULL};
    PyObject *o_pp, *o_lab, *o_mask, *o_sorted, *o_nrpc, *o_cj;
    int prune_method, sort_method, f32, cj_order;
    double frac_noise;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOiipdOOi:get_noise_indices", kwlist, &o_pp,
                                     &o_lab, &o_mask, &o_sorted, &prune_method, &sort_method,
                                     &f32, &frac_noise, &o_nrpc, &o_cj, &cj_order))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF, vs = ZERO_BUF, vn = ZERO_BUF,
              vc = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    cl_v1_options opt;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t n = (Py_ssize_t)pp.n_examples, k = (Py_ssize_t)pp.n_classes;
    if (get_array(o_mask, &vm, EK_U8, 1, n, NULL, "out_mask") != 0) goto done;
    int64_t *sorted = NULL;
    Py_ssize_t sorted_cap = 0;
    if (get_optional_array(o_sorted, &vs, EK_I64, 1, -1, &sorted_cap, "out_sorted") != 0) goto done;
    sorted = (int64_t *)vs.buf;
    const int64_t *nrpc = NULL;
    Py_ssize_t nrpc_len = 0;
    if (get_optional_array(o_nrpc, &vn, EK_I64, 0, -1, &nrpc_len, "num_to_remove_per_class") != 0) goto done;
    nrpc = (const int64_t *)vn.buf;
    const double *cj = NULL;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    cj = (const double *)vc.buf;
    int64_t num = 0;
    char msg[MSG_CAP];
    cl_status st;
    Py_BEGIN_ALLOW_THREADS
    st = cl_v1_options_init(&opt);
    if (st == CL_OK) {
        opt.prune_method = (int32_t)prune_method;
        opt.sorted_index_method = (int32_t)sort_method;
        opt.prune_in_float32 = f32 ? 1 : 0;
        opt.frac_noise = frac_noise;
        opt.num_to_remove_per_class = nrpc;
        opt.num_to_remove_per_class_len = (int64_t)nrpc_len;
        opt.confident_joint = cj;
        opt.confident_joint_order = (int32_t)cj_order;
        st = cl_v1_get_noise_indices(&pp, &lab, &opt, (uint8_t *)vm.buf, sorted,
                                     (int64_t)sorted_cap, &num);
    }
    if (st != CL_OK) {
        const char *m_ = cl_last_error_message();
        strncpy(msg, m_ ? m_ : "", MSG_CAP - 1);
        msg[MSG_CAP - 1] = '\0';
    }
    Py_END_ALLOW_THREADS
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)num);
done:
    release(&vc); release(&vn); release(&vs); release(&vm); release(&vl); release(&vp);
    return result;
}

static PyObject *py_compute_confident_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"psx", "labels", "n_classes", "thresholds", "thresholds_dtype",
                             "calibrate", "out", "out_off_diagonal_mask", NULL};
    PyObject *o_pp, *o_lab, *o_thr, *o_out, *o_mask;
    long long n_classes;
    int calibrate, thr_dtype;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOLOipOO:compute_confident_joint", kwlist, &o_pp,
                                     &o_lab, &n_classes, &o_thr, &thr_dtype, &calibrate, &o_out,
                                     &o_mask))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vt = ZERO_BUF, vo = ZERO_BUF, vm = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t k = (Py_ssize_t)pp.n_classes;
    const double *thr = NULL;
    if (get_optional_array(o_thr, &vt, EK_F64, 0, k, NULL, "thresholds") != 0) goto done;
    thr = (const double *)vt.buf;
    if (get_array(o_out, &vo, EK_I64, 1, k * k, NULL, "out") != 0) goto done;
    uint8_t *mask = NULL;
    if (get_optional_array(o_mask, &vm, EK_U8, 1, (Py_ssize_t)pp.n_examples, NULL,
                      "out_off_diagonal_mask") != 0) goto done;
    mask = (uint8_t *)vm.buf;
    int64_t num_off = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_v1_compute_confident_joint(&pp, &lab, (int64_t)n_classes, thr, (int32_t)thr_dtype,
                                          (int32_t)calibrate, (int64_t *)vo.buf, mask, &num_off));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)num_off);
done:
    release(&vm); release(&vo); release(&vt); release(&vl); release(&vp);
    return result;
}

static PyObject *py_calibrate_confident_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"confident_joint", "n_classes", "order", "labels", "out", NULL};
    PyObject *o_cj, *o_lab, *o_out;
    Py_ssize_t k;
    int order;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OniOO:calibrate_confident_joint", kwlist, &o_cj,
                                     &k, &order, &o_lab, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL; /* k * k below must not overflow */
    Py_buffer vc = ZERO_BUF, vl = ZERO_BUF, vo = ZERO_BUF;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_out, &vo, EK_I64, 1, k * k, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_v1_calibrate_confident_joint((const double *)vc.buf, (int64_t)k, (int32_t)order,
                                            &lab, (int64_t *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vl); release(&vc);
    return result;
}

/* estimate_joint and num_label_errors share their arguments. */
static PyObject *joint_common(PyObject *args, PyObject *kw, int which) {
    static char *kwlist[] = {"psx", "labels", "confident_joint", "order", "n_classes", "out",
                             NULL};
    PyObject *o_pp, *o_lab, *o_cj, *o_out;
    Py_ssize_t k;
    int order;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOinO:joint", kwlist, &o_pp, &o_lab, &o_cj,
                                     &order, &k, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL; /* k * k below must not overflow */
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vc = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    const cl_pred_probs *ppp = NULL;
    const double *cj = NULL;
    PyObject *result = NULL;
    if (o_pp != Py_None) {
        if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
        ppp = &pp;
    }
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    cj = (const double *)vc.buf;
    char msg[MSG_CAP];
    cl_status st;
    if (which == 0) {
        if (get_array(o_out, &vo, EK_F64, 1, k * k, NULL, "out") != 0) goto done;
        CALL_CL(st, msg,
                cl_v1_estimate_joint(ppp, &lab, cj, (int32_t)order, (int64_t)k,
                                     (double *)vo.buf));
        if (st != CL_OK) { raise_status(st, msg); goto done; }
        result = Py_None;
        Py_INCREF(result);
    } else {
        int64_t count = 0;
        CALL_CL(st, msg, cl_v1_num_label_errors(ppp, &lab, cj, (int32_t)order, (int64_t)k, &count));
        if (st != CL_OK) { raise_status(st, msg); goto done; }
        result = PyLong_FromLongLong((long long)count);
    }
done:
    release(&vo); release(&vc); release(&vl); release(&vp);
    return result;
}

static PyObject *py_estimate_joint(PyObject *self, PyObject *args, PyObject *kw) {
    return joint_common(args, kw, 0);
}

static PyObject *py_num_label_errors(PyObject *self, PyObject *args, PyObject *kw) {
    return joint_common(args, kw, 1);
}

static PyObject *py_keep_or_reduce(PyObject *args, PyObject *kw, int keep) {
    static char *kwlist[] = {"prune_count_matrix", "n_classes", "order", "n", "frac_noise", "out",
                             NULL};
    PyObject *o_pcm, *o_out;
    Py_ssize_t k;
    int order;
    long long n;
    double frac;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OniLdO:prune_counts", kwlist, &o_pcm, &k, &order,
                                     &n, &frac, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL; /* k * k below must not overflow */
    Py_buffer vc = ZERO_BUF, vo = ZERO_BUF;
    PyObject *result = NULL;
    if (get_array(o_pcm, &vc, EK_F64, 0, k * k, NULL, "prune_count_matrix") != 0) goto done;
    if (get_array(o_out, &vo, EK_I64, 1, k * k, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    if (keep) {
        CALL_CL(st, msg,
                cl_v1_keep_at_least_n_per_class((const double *)vc.buf, (int64_t)k,
                                                (int32_t)order, (int64_t)n, frac,
                                                (int64_t *)vo.buf));
    } else {
        CALL_CL(st, msg,
                cl_v1_reduce_prune_counts((const double *)vc.buf, (int64_t)k, (int32_t)order,
                                          frac, (int64_t *)vo.buf));
    }
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vc);
    return result;
}

static PyObject *py_keep_at_least_n_per_class(PyObject *self, PyObject *args, PyObject *kw) {
    return py_keep_or_reduce(args, kw, 1);
}

static PyObject *py_reduce_prune_counts(PyObject *self, PyObject *args, PyObject *kw) {
    return py_keep_or_reduce(args, kw, 0);
}

static PyObject *py_order_label_errors(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"psx", "labels", "mask", "method", "out", NULL};
    PyObject *o_pp, *o_lab, *o_mask, *o_out;
    int method;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOiO:order_label_errors", kwlist, &o_pp, &o_lab,
                                     &o_mask, &method, &o_out))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_mask, &vm, EK_U8, 0, (Py_ssize_t)pp.n_examples, NULL, "label_errors_bool") != 0)
        goto done;
    Py_ssize_t cap = 0;
    if (get_array(o_out, &vo, EK_I64, 1, -1, &cap, "out") != 0) goto done;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_v1_order_label_errors(&pp, &lab, (const uint8_t *)vm.buf, (int32_t)method,
                                     (int64_t *)vo.buf, (int64_t)cap, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vo); release(&vm); release(&vl); release(&vp);
    return result;
}


/* ---------------------------------------------------------------------------------------------
 * 1.x latent estimation and latent algebra: the bodies shared with _native_latent.c (in
 * _native_common.h), given the cl_v1_* variants (same arguments).
 * ------------------------------------------------------------------------------------------- */
static PyObject *py_estimate_latent(PyObject *self, PyObject *args, PyObject *kw) {
    return estimate_latent_common(args, kw, cl_v1_estimate_latent);
}

static PyObject *py_converge_estimates(PyObject *self, PyObject *args, PyObject *kw) {
    return converge_estimates_common(args, kw, cl_v1_converge_estimates);
}

static PyObject *py_compute_py(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_py_common(args, kw, cl_v1_compute_py, "y_count");
}

static PyObject *py_compute_inv_noise_matrix(PyObject *self, PyObject *args, PyObject *kw) {
    return vmv_common(args, kw, cl_v1_compute_inv_noise_matrix, "OOnOO:compute_inv_noise_matrix",
                      "py", "noise_matrix", "ps");
}

static PyObject *py_compute_noise_matrix_from_inverse(PyObject *self, PyObject *args,
                                                      PyObject *kw) {
    return vmv_common(args, kw, cl_v1_compute_noise_matrix_from_inverse,
                      "OOnOO:compute_noise_matrix_from_inverse", "ps", "inverse_noise_matrix",
                      "py");
}

static PyObject *py_compute_py_inv_noise_matrix(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_py_inv_noise_matrix_common(args, kw,
                                              cl_v1_compute_py_inv_noise_matrix);
}

static PyObject *py_compute_pyx(PyObject *self, PyObject *args, PyObject *kw) {
    return compute_pyx_common(args, kw, cl_v1_compute_pyx, "psx");
}


/* cl_v1_generate_noise_matrix_from_trace: returns 0 (max_iter < 1), 1 (valid) or 2 (the last
 * matrix tried, no valid one found) */
static PyObject *py_v1_generate_noise_matrix_from_trace(PyObject *self, PyObject *args,
                                                        PyObject *kw) {
    (void)self;
    return noise_matrix_from_trace_common(args, kw, cl_v1_generate_noise_matrix_from_trace, 0);
}

static PyMethodDef methods[] = {
    KWFN("get_noise_indices", py_get_noise_indices,
         "get_noise_indices(psx, labels, out_mask, out_sorted, prune_method, sorted_index_method, "
         "prune_in_float32, frac_noise, num_to_remove_per_class, confident_joint, "
         "confident_joint_order) -> int (number of label errors)"),
    KWFN("compute_confident_joint", py_compute_confident_joint,
         "compute_confident_joint(psx, labels, n_classes, thresholds, thresholds_dtype, calibrate, "
         "out, out_off_diagonal_mask) -> int (number of off-diagonal examples)"),
    KWFN("calibrate_confident_joint", py_calibrate_confident_joint,
         "calibrate_confident_joint(confident_joint, n_classes, order, labels, out) -> None"),
    KWFN("estimate_joint", py_estimate_joint,
         "estimate_joint(psx, labels, confident_joint, order, n_classes, out) -> None"),
    KWFN("num_label_errors", py_num_label_errors,
         "num_label_errors(psx, labels, confident_joint, order, n_classes, out) -> int"),
    KWFN("keep_at_least_n_per_class", py_keep_at_least_n_per_class,
         "keep_at_least_n_per_class(prune_count_matrix, n_classes, order, n, frac_noise, out)"),
    KWFN("reduce_prune_counts", py_reduce_prune_counts,
         "reduce_prune_counts(prune_count_matrix, n_classes, order, n, frac_noise, out)"),
    KWFN("order_label_errors", py_order_label_errors,
         "order_label_errors(psx, labels, mask, method, out) -> int"),
    KWFN("estimate_latent", py_estimate_latent,
         "estimate_latent(confident_joint, n_classes, order, labels, py_method, converge, out_py, "
         "out_noise_matrix, out_inv) -> None"),
    KWFN("converge_estimates", py_converge_estimates, "cl_v1_converge_estimates"),
    KWFN("compute_py", py_compute_py, "cl_v1_compute_py"),
    KWFN("compute_inv_noise_matrix", py_compute_inv_noise_matrix, "cl_v1_compute_inv_noise_matrix"),
    KWFN("compute_noise_matrix_from_inverse", py_compute_noise_matrix_from_inverse,
         "cl_v1_compute_noise_matrix_from_inverse"),
    KWFN("compute_py_inv_noise_matrix", py_compute_py_inv_noise_matrix,
         "cl_v1_compute_py_inv_noise_matrix"),
    KWFN("compute_pyx", py_compute_pyx, "cl_v1_compute_pyx"),
    KWFN("generate_noise_matrix_from_trace", py_v1_generate_noise_matrix_from_trace,
         "cl_v1_generate_noise_matrix_from_trace -> 0 (max_iter < 1), 1 (valid), 2 (last tried)"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "libcleanlab._native_v1",
    "Binding of the cl_v1_* functions (cleanlab 1.x semantics). Private: use libcleanlab.pruning\n"
    "and libcleanlab.latent_estimation.",
    -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native_v1(void) {
    if (native_common_init() != 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (add_int(m, "PRUNE_BY_NOISE_RATE", CL_V1_PRUNE_BY_NOISE_RATE) != 0 ||
        add_int(m, "PRUNE_BY_CLASS", CL_V1_PRUNE_BY_CLASS) != 0 ||
        add_int(m, "PRUNE_BOTH", CL_V1_PRUNE_BOTH) != 0 ||
        add_int(m, "SORT_NONE", CL_V1_SORT_NONE) != 0 ||
        add_int(m, "SORT_PROB_GIVEN_LABEL", CL_V1_SORT_PROB_GIVEN_LABEL) != 0 ||
        add_int(m, "SORT_NORMALIZED_MARGIN", CL_V1_SORT_NORMALIZED_MARGIN) != 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
