/*
 * _native.c -- the CPython extension `libcleanlab._native`: a thin layer over the cl_* functions
 * of libcleanlab.so (include/cleanlab.h).
 *
 * - Arrays travel through the buffer protocol only (no numpy headers, no numpy ABI coupling).
 *   pred_probs is read in place: float16 ('e'), float32 ('f') or float64 ('d'), 2-D, with unit
 *   column stride and any positive row stride that is a multiple of the item size (C-contiguous
 *   arrays, a[:, :k] slices of wider arrays, np.memmap). Labels are 1-D C-contiguous int32 or
 *   int64 ('i', 'l', 'q', optionally prefixed by '@', '=' or '<'). Byte-swapped ('>' / '!')
 *   buffers are refused. Outputs are writable C-contiguous buffers allocated by the caller (the
 *   Python facade uses np.empty) whose sizes are checked here exactly: the library trusts them.
 * - The GIL is released around every cl_* call; the thread-local error message is copied on the
 *   same thread right after the call.
 * - A failed call raises the exception built by libcleanlab._errors._from_status().
 * - At import, cl_abi_version() must equal the CL_ABI_VERSION this file was compiled with.
 */
#include "_native_common.h"

/* ------------------------------------------------------------------------------------------ */
/* Versions and threads                                                                       */
/* ------------------------------------------------------------------------------------------ */

/* Even the trivial getters run without the GIL: every cl_* call does. */
static PyObject *py_version_string(PyObject *self, PyObject *unused) {
    const char *v;
    Py_BEGIN_ALLOW_THREADS
    v = cl_version_string();
    Py_END_ALLOW_THREADS
    return PyUnicode_FromString(v);
}

static PyObject *py_cpu_kernels(PyObject *self, PyObject *unused) {
    const char *v;
    Py_BEGIN_ALLOW_THREADS
    v = cl_cpu_kernels();
    Py_END_ALLOW_THREADS
    return PyUnicode_FromString(v);
}

static PyObject *py_version_number(PyObject *self, PyObject *unused) {
    uint32_t v;
    Py_BEGIN_ALLOW_THREADS
    v = cl_version_number();
    Py_END_ALLOW_THREADS
    return PyLong_FromUnsignedLong((unsigned long)v);
}

static PyObject *py_abi_version(PyObject *self, PyObject *unused) {
    uint32_t v;
    Py_BEGIN_ALLOW_THREADS
    v = cl_abi_version();
    Py_END_ALLOW_THREADS
    return PyLong_FromUnsignedLong((unsigned long)v);
}

static PyObject *py_status_string(PyObject *self, PyObject *arg) {
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred()) return NULL;
    const char *name;
    Py_BEGIN_ALLOW_THREADS
    name = cl_status_string((cl_status)v);
    Py_END_ALLOW_THREADS
    return PyUnicode_FromString(name);
}

static PyObject *py_set_num_threads(PyObject *self, PyObject *arg) {
    long long v = PyLong_AsLongLong(arg);
    if (v == -1 && PyErr_Occurred()) return NULL;
    if (v < INT32_MIN || v > INT32_MAX) {
        PyErr_Format(g_InvalidArgumentError, "n_threads out of range: %lld", v);
        return NULL;
    }
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg, cl_set_num_threads((int32_t)v));
    if (st != CL_OK) return raise_status(st, msg);
    Py_RETURN_NONE;
}

static PyObject *py_get_num_threads(PyObject *self, PyObject *unused) {
    int32_t v;
    Py_BEGIN_ALLOW_THREADS
    v = cl_get_num_threads();
    Py_END_ALLOW_THREADS
    return PyLong_FromLong((long)v);
}

/* ------------------------------------------------------------------------------------------ */
/* count                                                                                      */
/* ------------------------------------------------------------------------------------------ */

typedef cl_status (*score_fn)(const cl_pred_probs *, const cl_labels *, double *);
static PyObject *score_common(PyObject *args, PyObject *kw, score_fn fn, const char *fmt,
                              int per_class);

static PyObject *py_get_confident_thresholds(PyObject *self, PyObject *args, PyObject *kw) {
    return score_common(args, kw, cl_get_confident_thresholds, "OOO:get_confident_thresholds", 1);
}

static PyObject *py_compute_confident_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "thresholds", "thresholds_dtype",
                             "calibrate", "out", "out_off_diagonal_mask", NULL};
    PyObject *o_pp, *o_lab, *o_thr, *o_out, *o_mask;
    int calibrate, thr_dtype;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOipOO:compute_confident_joint", kwlist, &o_pp,
                                     &o_lab, &o_thr, &thr_dtype, &calibrate, &o_out, &o_mask))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vt = ZERO_BUF, vo = ZERO_BUF, vm = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t k = (Py_ssize_t)pp.n_classes;
    if (get_optional_array(o_thr, &vt, EK_F64, 0, k, NULL, "thresholds") != 0) goto done;
    const double *thr = (const double *)vt.buf;
    if (get_array(o_out, &vo, EK_I64, 1, k * k, NULL, "out") != 0) goto done;
    if (get_optional_array(o_mask, &vm, EK_U8, 1, (Py_ssize_t)pp.n_examples, NULL,
                           "out_off_diagonal_mask") != 0)
        goto done;
    uint8_t *mask = (uint8_t *)vm.buf;
    int64_t num_off = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_compute_confident_joint(&pp, &lab, thr, (int32_t)thr_dtype, (int32_t)calibrate,
                                       (int64_t *)vo.buf,
                                       mask, &num_off));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)num_off);
done:
    release(&vm); release(&vo); release(&vt); release(&vl); release(&vp);
    return result;
}

static PyObject *py_calibrate_confident_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"confident_joint", "n_classes", "labels", "out", "order", NULL};
    PyObject *o_cj, *o_lab, *o_out;
    Py_ssize_t k;
    int order = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnOO|i:calibrate_confident_joint", kwlist, &o_cj,
                                     &k, &o_lab, &o_out, &order))
        return NULL;
    if (k < 0 || k > 3037000499LL) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return NULL;
    }
    Py_buffer vc = ZERO_BUF, vl = ZERO_BUF, vo = ZERO_BUF;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_out, &vo, EK_I64, 1, k * k, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_calibrate_confident_joint((const double *)vc.buf, (int64_t)k, (int32_t)order,
                                         &lab, (int64_t *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vl); release(&vc);
    return result;
}

static PyObject *py_estimate_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "confident_joint", "n_classes", "out", "order", NULL};
    PyObject *o_pp, *o_lab, *o_cj, *o_out;
    Py_ssize_t k;
    int order = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOnO|i:estimate_joint", kwlist, &o_pp, &o_lab,
                                     &o_cj, &k, &o_out, &order))
        return NULL;
    if (k < 0 || k > 3037000499LL) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return NULL;
    }
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vc = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    const cl_pred_probs *ppp = NULL;
    const cl_labels *plab = NULL;
    PyObject *result = NULL;
    if (o_pp != Py_None) {
        if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
        ppp = &pp;
    }
    if (o_lab != Py_None) {
        if (get_labels(o_lab, &vl, &lab) != 0) goto done;
        plab = &lab;
    }
    if (get_optional_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    const double *cj = (const double *)vc.buf;
    if (get_array(o_out, &vo, EK_F64, 1, k * k, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg, cl_estimate_joint(ppp, plab, cj, (int32_t)order, (int64_t)k, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vc); release(&vl); release(&vp);
    return result;
}

static PyObject *py_num_label_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "estimation_method", "confident_joint", "order", NULL};
    PyObject *o_pp, *o_lab, *o_cj;
    int method;
    int order = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOiO|i:num_label_issues", kwlist, &o_pp, &o_lab,
                                     &method, &o_cj, &order))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vc = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t k = (Py_ssize_t)pp.n_classes;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    const double *cj = (const double *)vc.buf;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg, cl_num_label_issues(&pp, &lab, (int32_t)method, cj, (int32_t)order, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vc); release(&vl); release(&vp);
    return result;
}

/* ------------------------------------------------------------------------------------------ */
/* filter                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* counts[c] += number of labels equal to c (labels validated to lie in [0, K)) */
/* counts[c] += the rows of label c (labels already checked by the library call): four
 * histograms, one per row modulo 4, added at the end -- consecutive equal labels made each
 * increment wait for the previous one (~1.5 ns a row: 1.5 ms of a 1e6-row call). `scratch`
 * holds 4 * k zeroed counters. */
#define COUNT_LABELS_4(T)                                                                   \
    do {                                                                                    \
        const T *y = (const T *)lab->data;                                                  \
        int64_t n = lab->n_examples, i = 0;                                                 \
        int64_t *c0 = scratch, *c1 = scratch + k, *c2 = scratch + 2 * k, *c3 = scratch + 3 * k; \
        for (; i + 4 <= n; i += 4) {                                                        \
            c0[y[i]]++; c1[y[i + 1]]++; c2[y[i + 2]]++; c3[y[i + 3]]++;                     \
        }                                                                                   \
        for (; i < n; i++) c0[y[i]]++;                                                      \
    } while (0)

static void count_labels(const cl_labels *lab, int64_t k, int64_t *counts, int64_t *scratch) {
    if (lab->dtype == CL_LABEL_INT32) COUNT_LABELS_4(int32_t);
    else COUNT_LABELS_4(int64_t);
    for (int64_t c = 0; c < k; c++)
        counts[c] = scratch[c] + scratch[k + c] + scratch[2 * k + c] + scratch[3 * k + c];
}

static PyObject *py_find_label_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "out_mask", "out_ranked", "filter_by",
                             "rank_by", "rank_adjust_pred_probs", "frac_noise",
                             "min_examples_per_class", "num_to_remove_per_class",
                             "confident_joint", "n_threads", "confident_joint_order",
                             "report_small_classes", NULL};
    PyObject *o_pp, *o_lab, *o_mask, *o_ranked, *o_nrpc, *o_cj;
    int filter_by, rank_by, adjust, n_threads;
    int cj_order = 0;
    double frac_noise;
    long long min_examples;
    int report_small = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOiipdLOOi|ip:find_label_issues", kwlist, &o_pp,
                                     &o_lab, &o_mask, &o_ranked, &filter_by, &rank_by, &adjust,
                                     &frac_noise, &min_examples, &o_nrpc, &o_cj, &n_threads,
                                     &cj_order, &report_small))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF, vr = ZERO_BUF, vn = ZERO_BUF,
              vc = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    cl_options opt;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t n = (Py_ssize_t)pp.n_examples, k = (Py_ssize_t)pp.n_classes;
    if (get_array(o_mask, &vm, EK_U8, 1, n, NULL, "out_mask") != 0) goto done;
    Py_ssize_t ranked_cap = 0, nrpc_len = 0;
    if (get_optional_array(o_ranked, &vr, EK_I64, 1, -1, &ranked_cap, "out_ranked") != 0)
        goto done;
    if (get_optional_array(o_nrpc, &vn, EK_I64, 0, -1, &nrpc_len, "num_to_remove_per_class") != 0)
        goto done;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, k * k, NULL, "confident_joint") != 0) goto done;
    int64_t num = 0;
    int64_t *class_counts = NULL;
    char msg[MSG_CAP];
    cl_status st;
    Py_BEGIN_ALLOW_THREADS
    st = init_filter_options(&opt, filter_by, rank_by, adjust, frac_noise, min_examples,
                             (const int64_t *)vn.buf, nrpc_len, (const double *)vc.buf, n_threads,
                             cj_order);
    if (st == CL_OK)
        st = cl_find_label_issues(&pp, &lab, &opt, (uint8_t *)vm.buf, (int64_t *)vr.buf,
                                  (int64_t)ranked_cap, &num);
    if (st != CL_OK) copy_last_error(msg);
    /* report_small_classes: the classes with at most min_examples_per_class examples, counted
     * here (the labels are valid after the call) rather than by numpy calls in the facade */
    if (st == CL_OK && report_small) {
        class_counts = (int64_t *)calloc((size_t)(k > 0 ? 5 * k : 1), sizeof(int64_t));
        if (class_counts != NULL) count_labels(&lab, k, class_counts, class_counts + k);
    }
    Py_END_ALLOW_THREADS
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    if (!report_small) {
        result = PyLong_FromLongLong((long long)num);
        goto done;
    }
    if (class_counts == NULL) { PyErr_NoMemory(); goto done; }
    PyObject *small = PyList_New(0);
    for (Py_ssize_t c = 0; small != NULL && c < k; c++) {
        if (class_counts[c] > min_examples) continue;
        PyObject *v = PyLong_FromSsize_t(c);
        if (v == NULL || PyList_Append(small, v) != 0) Py_CLEAR(small);
        Py_XDECREF(v);
    }
    free(class_counts);
    if (small != NULL) result = Py_BuildValue("(LN)", (long long)num, small);
done:
    release(&vc); release(&vn); release(&vr); release(&vm); release(&vl); release(&vp);
    return result;
}

static PyObject *py_find_predicted_neq_given(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "out_mask", NULL};
    PyObject *o_pp, *o_lab, *o_mask;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:find_predicted_neq_given", kwlist, &o_pp,
                                     &o_lab, &o_mask))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_mask, &vm, EK_U8, 1, (Py_ssize_t)pp.n_examples, NULL, "out_mask") != 0)
        goto done;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg, cl_find_predicted_neq_given(&pp, &lab, (uint8_t *)vm.buf, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vm); release(&vl); release(&vp);
    return result;
}

/* ------------------------------------------------------------------------------------------ */
/* rank                                                                                       */
/* ------------------------------------------------------------------------------------------ */

static PyObject *py_get_label_quality_scores(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "method", "adjust_pred_probs", "out", NULL};
    PyObject *o_pp, *o_lab, *o_out;
    int method, adjust;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOipO:get_label_quality_scores", kwlist, &o_pp,
                                     &o_lab, &method, &adjust, &o_out))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_out, &vo, EK_F64, 1, (Py_ssize_t)pp.n_examples, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_get_label_quality_scores(&pp, &lab, (int32_t)method, (int32_t)adjust,
                                        (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vl); release(&vp);
    return result;
}

/* One (pred_probs, labels) -> doubles call: n_examples outputs, or n_classes when per_class. */
static PyObject *score_common(PyObject *args, PyObject *kw, score_fn fn, const char *fmt,
                              int per_class) {
    static char *kwlist[] = {"pred_probs", "labels", "out", NULL};
    PyObject *o_pp, *o_lab, *o_out;
    if (!PyArg_ParseTupleAndKeywords(args, kw, fmt, kwlist, &o_pp, &o_lab, &o_out)) return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t out_len = (Py_ssize_t)(per_class ? pp.n_classes : pp.n_examples);
    if (get_array(o_out, &vo, EK_F64, 1, out_len, NULL, "out") != 0) goto done;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg, fn(&pp, &lab, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    release(&vo); release(&vl); release(&vp);
    return result;
}

static PyObject *py_self_confidence(PyObject *self, PyObject *args, PyObject *kw) {
    return score_common(args, kw, cl_get_self_confidence_for_each_label,
                        "OOO:get_self_confidence_for_each_label", 0);
}

static PyObject *py_normalized_margin(PyObject *self, PyObject *args, PyObject *kw) {
    return score_common(args, kw, cl_get_normalized_margin_for_each_label,
                        "OOO:get_normalized_margin_for_each_label", 0);
}

static PyObject *py_confidence_weighted_entropy(PyObject *self, PyObject *args, PyObject *kw) {
    return score_common(args, kw, cl_get_confidence_weighted_entropy_for_each_label,
                        "OOO:get_confidence_weighted_entropy_for_each_label", 0);
}

static PyObject *py_order_label_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "label_issues_mask", "rank_by",
                             "adjust_pred_probs", "out", NULL};
    PyObject *o_pp, *o_lab, *o_mask, *o_out;
    int rank_by, adjust;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOipO:order_label_issues", kwlist, &o_pp,
                                     &o_lab, &o_mask, &rank_by, &adjust, &o_out))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF, vo = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_mask, &vm, EK_U8, 0, (Py_ssize_t)pp.n_examples, NULL, "label_issues_mask") !=
        0)
        goto done;
    Py_ssize_t cap = 0;
    if (get_array(o_out, &vo, EK_I64, 1, -1, &cap, "out") != 0) goto done;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_order_label_issues(&pp, &lab, (const uint8_t *)vm.buf, (int32_t)rank_by,
                                  (int32_t)adjust, (int64_t *)vo.buf, (int64_t)cap, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vo); release(&vm); release(&vl); release(&vp);
    return result;
}

static PyObject *py_find_top_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"quality_scores", "top", "out", NULL};
    PyObject *o_q, *o_out;
    long long top;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OLO:find_top_issues", kwlist, &o_q, &top, &o_out))
        return NULL;
    Py_buffer vq = ZERO_BUF, vo = ZERO_BUF;
    PyObject *result = NULL;
    Py_ssize_t n = 0;
    if (get_array(o_q, &vq, EK_F64, 0, -1, &n, "quality_scores") != 0) goto done;
    Py_ssize_t need = (top < 0 || top > (long long)n) ? n : (Py_ssize_t)top;
    if (get_array(o_out, &vo, EK_I64, 1, need, NULL, "out") != 0) goto done;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_find_top_issues((const double *)vq.buf, (int64_t)n, (int64_t)top,
                               (int64_t *)vo.buf, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vo); release(&vq);
    return result;
}

/* ------------------------------------------------------------------------------------------ */
/* Module                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"version_string", py_version_string, METH_NOARGS,
     "version_string() -> str: the linked library's version (cl_version_string)."},
    {"cpu_kernels", py_cpu_kernels, METH_NOARGS,
     "cpu_kernels() -> str: \"x86-64-v3\" or \"baseline\", the kernels in use (cl_cpu_kernels)."},
    {"version_number", py_version_number, METH_NOARGS,
     "version_number() -> int: the linked library's CL_VERSION_NUMBER."},
    {"abi_version", py_abi_version, METH_NOARGS,
     "abi_version() -> int: the linked library's CL_ABI_VERSION."},
    {"status_string", py_status_string, METH_O,
     "status_string(status) -> str: the name of a cl_status value."},
    {"set_num_threads", py_set_num_threads, METH_O,
     "set_num_threads(n) -> None: process-wide default thread count (0 = all cores)."},
    {"get_num_threads", py_get_num_threads, METH_NOARGS,
     "get_num_threads() -> int: threads used by a call that does not say otherwise."},
    KWFN("get_confident_thresholds", py_get_confident_thresholds,
         "get_confident_thresholds(pred_probs, labels, out) -> None"),
    KWFN("compute_confident_joint", py_compute_confident_joint,
         "compute_confident_joint(pred_probs, labels, thresholds, thresholds_dtype, calibrate, "
         "out, out_off_diagonal_mask) -> int (number of off-diagonal examples)"),
    KWFN("calibrate_confident_joint", py_calibrate_confident_joint,
         "calibrate_confident_joint(confident_joint, n_classes, labels, out) -> None"),
    KWFN("estimate_joint", py_estimate_joint,
         "estimate_joint(pred_probs, labels, confident_joint, n_classes, out) -> None"),
    KWFN("num_label_issues", py_num_label_issues,
         "num_label_issues(pred_probs, labels, estimation_method, confident_joint) -> int"),
    KWFN("find_label_issues", py_find_label_issues,
         "find_label_issues(pred_probs, labels, out_mask, out_ranked, filter_by, rank_by, "
         "rank_adjust_pred_probs, frac_noise, min_examples_per_class, num_to_remove_per_class, "
         "confident_joint, n_threads, confident_joint_order=0, report_small_classes=False) -> int "
         "(number of issues), or with report_small_classes (number of issues, [classes with at "
         "most min_examples_per_class examples])"),
    KWFN("find_predicted_neq_given", py_find_predicted_neq_given,
         "find_predicted_neq_given(pred_probs, labels, out_mask) -> int"),
    KWFN("get_label_quality_scores", py_get_label_quality_scores,
         "get_label_quality_scores(pred_probs, labels, method, adjust_pred_probs, out) -> None"),
    KWFN("get_self_confidence_for_each_label", py_self_confidence,
         "get_self_confidence_for_each_label(pred_probs, labels, out) -> None"),
    KWFN("get_normalized_margin_for_each_label", py_normalized_margin,
         "get_normalized_margin_for_each_label(pred_probs, labels, out) -> None"),
    KWFN("get_confidence_weighted_entropy_for_each_label", py_confidence_weighted_entropy,
         "get_confidence_weighted_entropy_for_each_label(pred_probs, labels, out) -> None"),
    KWFN("order_label_issues", py_order_label_issues,
         "order_label_issues(pred_probs, labels, label_issues_mask, rank_by, adjust_pred_probs, "
         "out) -> int (number of indices written)"),
    KWFN("find_top_issues", py_find_top_issues,
         "find_top_issues(quality_scores, top, out) -> int"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "libcleanlab._native",
    "Thin buffer-protocol binding of libcleanlab's C API (include/cleanlab.h). Private: use the\n"
    "libcleanlab.count, .filter and .rank modules.",
    -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    if (native_common_init() != 0) return NULL;

    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (PyModule_AddStringConstant(m, "__version__", CL_VERSION_STRING) != 0 ||
        add_int(m, "CL_ABI_VERSION", CL_ABI_VERSION) != 0 ||
        add_int(m, "CL_VERSION_NUMBER", CL_VERSION_NUMBER) != 0 ||
        add_int(m, "DTYPE_FLOAT16", CL_DTYPE_FLOAT16) != 0 ||
        add_int(m, "DTYPE_FLOAT32", CL_DTYPE_FLOAT32) != 0 ||
        add_int(m, "DTYPE_FLOAT64", CL_DTYPE_FLOAT64) != 0 ||
        add_int(m, "FILTER_PRUNE_BY_NOISE_RATE", CL_FILTER_PRUNE_BY_NOISE_RATE) != 0 ||
        add_int(m, "FILTER_PRUNE_BY_CLASS", CL_FILTER_PRUNE_BY_CLASS) != 0 ||
        add_int(m, "FILTER_BOTH", CL_FILTER_BOTH) != 0 ||
        add_int(m, "FILTER_CONFIDENT_LEARNING", CL_FILTER_CONFIDENT_LEARNING) != 0 ||
        add_int(m, "FILTER_PREDICTED_NEQ_GIVEN", CL_FILTER_PREDICTED_NEQ_GIVEN) != 0 ||
        add_int(m, "FILTER_LOW_NORMALIZED_MARGIN", CL_FILTER_LOW_NORMALIZED_MARGIN) != 0 ||
        add_int(m, "FILTER_LOW_SELF_CONFIDENCE", CL_FILTER_LOW_SELF_CONFIDENCE) != 0 ||
        add_int(m, "RANK_NONE", CL_RANK_NONE) != 0 ||
        add_int(m, "RANK_SELF_CONFIDENCE", CL_RANK_SELF_CONFIDENCE) != 0 ||
        add_int(m, "RANK_NORMALIZED_MARGIN", CL_RANK_NORMALIZED_MARGIN) != 0 ||
        add_int(m, "RANK_CONFIDENCE_WEIGHTED_ENTROPY", CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY) != 0 ||
        add_int(m, "ESTIMATE_OFF_DIAGONAL", CL_ESTIMATE_OFF_DIAGONAL) != 0 ||
        add_int(m, "ESTIMATE_OFF_DIAGONAL_CALIBRATED", CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED) != 0 ||
        add_int(m, "ESTIMATE_OFF_DIAGONAL_CUSTOM", CL_ESTIMATE_OFF_DIAGONAL_CUSTOM) != 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
