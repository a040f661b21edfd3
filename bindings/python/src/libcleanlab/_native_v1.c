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
 * 1.x latent estimation and latent algebra: the wrappers of _native_latent.c, calling the
 * cl_v1_* variants (same arguments).
 * ------------------------------------------------------------------------------------------- */
#define MAX_K 3037000499LL

static int check_k(Py_ssize_t k) {
    if (k < 1 || k > MAX_K) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return -1;
    }
    return 0;
}

/* A float64 buffer of exactly `n` elements; `opt` allows None (pointer NULL). */
static int f64_in(PyObject *o, Py_buffer *v, Py_ssize_t n, const double **p, int opt,
                  const char *name) {
    if (opt && o == Py_None) { *p = NULL; return 0; }
    if (get_array(o, v, EK_F64, 0, n, NULL, name) != 0) return -1;
    *p = (const double *)v->buf;
    return 0;
}

static int f64_out(PyObject *o, Py_buffer *v, Py_ssize_t n, double **p, const char *name) {
    if (get_array(o, v, EK_F64, 1, n, NULL, name) != 0) return -1;
    *p = (double *)v->buf;
    return 0;
}

#define FINISH(call)                                                                          \
    do {                                                                                      \
        char msg[MSG_CAP];                                                                    \
        cl_status st;                                                                         \
        CALL_CL(st, msg, call);                                                               \
        if (st != CL_OK) { raise_status(st, msg); goto done; }                               \
        result = Py_None;                                                                     \
        Py_INCREF(result);                                                                    \
    } while (0)

static PyObject *py_estimate_latent(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"confident_joint", "n_classes", "order", "labels", "py_method",
                             "converge", "out_py", "out_noise_matrix", "out_inv", NULL};
    PyObject *o_cj, *o_lab, *o_py, *o_nm, *o_inv;
    Py_ssize_t k;
    int order, method, converge;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OniOipOOO:estimate_latent", kwlist, &o_cj, &k,
                                     &order, &o_lab, &method, &converge, &o_py, &o_nm, &o_inv))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer vc = ZERO_BUF, vl = ZERO_BUF, v1 = ZERO_BUF, v2 = ZERO_BUF, v3 = ZERO_BUF;
    const double *cj;
    double *py, *nm, *inv;
    cl_labels lab;
    PyObject *result = NULL;
    if (f64_in(o_cj, &vc, k * k, &cj, 0, "confident_joint") != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (f64_out(o_py, &v1, k, &py, "out_py") != 0) goto done;
    if (f64_out(o_nm, &v2, k * k, &nm, "out_noise_matrix") != 0) goto done;
    if (f64_out(o_inv, &v3, k * k, &inv, "out_inv") != 0) goto done;
    FINISH(cl_v1_estimate_latent(cj, (int64_t)k, (int32_t)order, &lab, (int32_t)method,
                              (int32_t)converge, py, nm, inv));
done:
    release(&v3); release(&v2); release(&v1); release(&vl); release(&vc);
    return result;
}

static PyObject *py_converge_estimates(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"ps", "py", "noise_matrix", "inverse_noise_matrix", "n_classes",
                             "inv_noise_matrix_iterations", "noise_matrix_iterations", "out_py",
                             "out_noise_matrix", "out_inv", NULL};
    PyObject *o_ps, *o_py, *o_nm, *o_inv, *o1, *o2, *o3;
    Py_ssize_t k;
    long long it_inv, it_nm;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOnLLOOO:converge_estimates", kwlist, &o_ps,
                                     &o_py, &o_nm, &o_inv, &k, &it_inv, &it_nm, &o1, &o2, &o3))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF, v1 = ZERO_BUF,
              v2 = ZERO_BUF, v3 = ZERO_BUF;
    const double *ps, *py, *nm, *inv;
    double *opy, *onm, *oinv;
    PyObject *result = NULL;
    if (f64_in(o_ps, &a, k, &ps, 0, "ps") != 0) goto done;
    if (f64_in(o_py, &b, k, &py, 0, "py") != 0) goto done;
    if (f64_in(o_nm, &c, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_in(o_inv, &d, k * k, &inv, 0, "inverse_noise_matrix") != 0) goto done;
    if (f64_out(o1, &v1, k, &opy, "out_py") != 0) goto done;
    if (f64_out(o2, &v2, k * k, &onm, "out_noise_matrix") != 0) goto done;
    if (f64_out(o3, &v3, k * k, &oinv, "out_inv") != 0) goto done;
    FINISH(cl_v1_converge_estimates(ps, py, nm, inv, (int64_t)k, (int64_t)it_inv, (int64_t)it_nm,
                                 opy, onm, oinv));
done:
    release(&v3); release(&v2); release(&v1); release(&d); release(&c); release(&b);
    release(&a);
    return result;
}

static PyObject *py_compute_py(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"ps", "noise_matrix", "inverse_noise_matrix", "n_classes",
                             "py_method", "y_count", "out", NULL};
    PyObject *o_ps, *o_nm, *o_inv, *o_cnt, *o_out;
    Py_ssize_t k;
    int method;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOniOO:compute_py", kwlist, &o_ps, &o_nm,
                                     &o_inv, &k, &method, &o_cnt, &o_out))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF, e = ZERO_BUF;
    const double *ps, *nm, *inv, *cnt;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_ps, &a, k, &ps, 0, "ps") != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_in(o_inv, &c, k * k, &inv, 0, "inverse_noise_matrix") != 0) goto done;
    if (f64_in(o_cnt, &d, k, &cnt, 1, "y_count") != 0) goto done;
    if (f64_out(o_out, &e, k, &out, "out") != 0) goto done;
    FINISH(cl_v1_compute_py(ps, nm, inv, (int64_t)k, (int32_t)method, cnt, out));
done:
    release(&e); release(&d); release(&c); release(&b); release(&a);
    return result;
}

/* (vector, matrix, k, optional vector, out matrix) shape shared by two functions */
typedef cl_status (*vmv_fn)(const double *, const double *, int64_t, const double *, double *);

static PyObject *vmv_common(PyObject *args, PyObject *kw, vmv_fn fn, const char *fmt,
                            const char *vname, const char *mname, const char *oname) {
    static char *kwlist[] = {"vector", "matrix", "n_classes", "optional", "out", NULL};
    PyObject *o_v, *o_m, *o_opt, *o_out;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, fmt, kwlist, &o_v, &o_m, &k, &o_opt, &o_out))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF;
    const double *v, *m, *opt;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_v, &a, k, &v, 0, vname) != 0) goto done;
    if (f64_in(o_m, &b, k * k, &m, 0, mname) != 0) goto done;
    if (f64_in(o_opt, &c, k, &opt, 1, oname) != 0) goto done;
    if (f64_out(o_out, &d, k * k, &out, "out") != 0) goto done;
    FINISH(fn(v, m, (int64_t)k, opt, out));
done:
    release(&d); release(&c); release(&b); release(&a);
    return result;
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
    static char *kwlist[] = {"ps", "noise_matrix", "n_classes", "out_py", "out_inv", NULL};
    PyObject *o_ps, *o_nm, *o1, *o2;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOnOO:compute_py_inv_noise_matrix", kwlist,
                                     &o_ps, &o_nm, &k, &o1, &o2))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF;
    const double *ps, *nm;
    double *py, *inv;
    PyObject *result = NULL;
    if (f64_in(o_ps, &a, k, &ps, 0, "ps") != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_out(o1, &c, k, &py, "out_py") != 0) goto done;
    if (f64_out(o2, &d, k * k, &inv, "out_inv") != 0) goto done;
    FINISH(cl_v1_compute_py_inv_noise_matrix(ps, nm, (int64_t)k, py, inv));
done:
    release(&d); release(&c); release(&b); release(&a);
    return result;
}

static PyObject *py_compute_pyx(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"psx", "n_examples", "n_classes", "noise_matrix",
                             "inverse_noise_matrix", "out", NULL};
    PyObject *o_pp, *o_nm, *o_inv, *o_out;
    Py_ssize_t n, k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnnOOO:compute_pyx", kwlist, &o_pp, &n, &k,
                                     &o_nm, &o_inv, &o_out))
        return NULL;
    if (check_k(k) != 0) return NULL;
    if (n < 0 || (n > 0 && k > PY_SSIZE_T_MAX / 8 / n)) {
        PyErr_Format(g_ShapeError, "n_examples out of range: %zd", n);
        return NULL;
    }
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF;
    const double *pp, *nm, *inv;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_pp, &a, n * k, &pp, 0, "psx") != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_in(o_inv, &c, k * k, &inv, 0, "inverse_noise_matrix") != 0) goto done;
    if (f64_out(o_out, &d, n * k, &out, "out") != 0) goto done;
    FINISH(cl_v1_compute_pyx(pp, (int64_t)n, (int64_t)k, nm, inv, out));
done:
    release(&d); release(&c); release(&b); release(&a);
    return result;
}


/* cl_v1_generate_noise_matrix_from_trace: returns 0 (max_iter < 1), 1 (valid) or 2 (the last
 * matrix tried, no valid one found) */
static PyObject *py_v1_generate_noise_matrix_from_trace(PyObject *self, PyObject *args,
                                                        PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"K", "trace", "max_trace_prob", "min_trace_prob", "max_noise_rate",
                             "min_noise_rate", "valid_noise_matrix", "py",
                             "frac_zero_noise_rates", "seed", "max_iter", "out", NULL};
    long long k, max_iter;
    double trace, max_tp, min_tp, max_nr, min_nr, frac;
    int valid;
    PyObject *py_o, *out_o;
    unsigned long long seed;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LdddddpOdKLO", kwlist, &k, &trace, &max_tp,
                                     &min_tp, &max_nr, &min_nr, &valid, &py_o, &frac, &seed,
                                     &max_iter, &out_o))
        return NULL;
    Py_buffer py = ZERO_BUF, out = ZERO_BUF;
    PyObject *ret = NULL;
    cl_noise_matrix_options o;
    cl_noise_matrix_options_init(&o);
    o.valid_noise_matrix = valid;
    o.max_trace_prob = max_tp;
    o.min_trace_prob = min_tp;
    o.max_noise_rate = max_nr;
    o.min_noise_rate = min_nr;
    o.frac_zero_noise_rates = frac;
    o.max_iter = (int64_t)max_iter;
    if (py_o != Py_None) {
        if (get_array(py_o, &py, EK_F64, 0, k >= 2 ? (Py_ssize_t)k : -1, NULL, "py") != 0)
            return NULL;
        o.py = (const double *)py.buf;
    }
    Py_ssize_t need = k >= 2 ? (Py_ssize_t)(k * k) : 0;
    if (get_array(out_o, &out, EK_F64, 1, need, NULL, "out") != 0) goto done;
    int32_t found = 0;
    cl_status st;
    char msg[MSG_CAP];
    double dummy = 0.0;
    CALL_CL(st, msg, cl_v1_generate_noise_matrix_from_trace(
                         (int64_t)k, trace, &o, (uint64_t)seed,
                         need > 0 ? (double *)out.buf : &dummy, &found));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    ret = PyLong_FromLong(found);
done:
    release(&py);
    release(&out);
    return ret;
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
