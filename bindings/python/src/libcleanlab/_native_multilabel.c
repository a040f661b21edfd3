/*
 * _native_multilabel.c -- libcleanlab._native_multilabel: the cl_ml_* functions of cleanlab.h
 * (one-vs-rest multi-label classification). Private: use libcleanlab.multilabel_classification
 * and count.*(multi_label=True).
 *
 * Labels arrive as CSR: offsets (int64, n + 1) and classes (int64), built by the façade.
 */
#include "_native_common.h"

static int get_multilabels(PyObject *o_off, PyObject *o_cls, Py_buffer *voff, Py_buffer *vcls,
                           cl_multilabels *ml) {
    Py_ssize_t n_off = 0, n_cls = 0;
    if (get_array(o_off, voff, EK_I64, 0, -1, &n_off, "labels offsets") != 0) return -1;
    if (get_array(o_cls, vcls, EK_I64, 0, -1, &n_cls, "labels classes") != 0) {
        release(voff);
        return -1;
    }
    if (n_off < 1) {
        PyErr_SetString(g_ShapeError, "labels offsets must have n + 1 entries");
        release(vcls);
        release(voff);
        return -1;
    }
    const int64_t *off = (const int64_t *)voff->buf;
    if (off[n_off - 1] != (int64_t)n_cls) {
        PyErr_Format(g_ShapeError, "labels offsets end at %lld but there are %zd classes",
                     (long long)off[n_off - 1], n_cls);
        release(vcls);
        release(voff);
        return -1;
    }
    ml->offsets = off;
    ml->classes = (const int64_t *)vcls->buf;
    ml->n_examples = (int64_t)(n_off - 1);
    return 0;
}

#define ML_ARGS_BEGIN                                                                       \
    Py_buffer vp = ZERO_BUF, voff = ZERO_BUF, vcls = ZERO_BUF;                               \
    cl_pred_probs pp;                                                                        \
    cl_multilabels ml;                                                                       \
    PyObject *result = NULL;                                                                 \
    if (get_pred_probs(o_pp, &vp, &pp) != 0) return NULL;                                    \
    if (get_multilabels(o_off, o_cls, &voff, &vcls, &ml) != 0) {                             \
        release(&vp);                                                                        \
        return NULL;                                                                         \
    }                                                                                        \
    char msg[MSG_CAP];                                                                       \
    cl_status st;

#define ML_ARGS_END release(&vcls); release(&voff); release(&vp);

static PyObject *py_thresholds(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "out", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_out;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOO:thresholds", kwlist, &o_pp, &o_off, &o_cls, &o_out))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vo = ZERO_BUF;
    if (get_array(o_out, &vo, EK_F64, 1, (Py_ssize_t)(pp.n_classes * 2), NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_get_confident_thresholds(&pp, &ml, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo);
    ML_ARGS_END
    return result;
}

static PyObject *py_confident_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "thresholds", "thresholds_dtype",
                             "calibrate", "out", "masks", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_t, *o_out, *o_masks;
    int tdtype, calibrate;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOipOO:confident_joint", kwlist, &o_pp, &o_off,
                                     &o_cls, &o_t, &tdtype, &calibrate, &o_out, &o_masks))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vt = ZERO_BUF, vo = ZERO_BUF, vm = ZERO_BUF;
    if (get_optional_array(o_t, &vt, EK_F64, 0, 2, NULL, "thresholds") != 0) goto done;
    if (get_array(o_out, &vo, EK_I64, 1, (Py_ssize_t)(pp.n_classes * 4), NULL, "out") != 0) goto done;
    if (get_optional_array(o_masks, &vm, EK_U8, 1, (Py_ssize_t)(pp.n_classes * pp.n_examples), NULL, "masks") != 0) goto done;
    CALL_CL(st, msg, cl_ml_compute_confident_joint(&pp, &ml, (const double *)vt.buf, (int32_t)tdtype, (int32_t)calibrate,
                                                   (int64_t *)vo.buf, (uint8_t *)vm.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vm); release(&vo); release(&vt);
    ML_ARGS_END
    return result;
}

static PyObject *py_calibrate(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"confident_joint", "n_classes", "offsets", "classes", "out", NULL};
    PyObject *o_cj, *o_off, *o_cls, *o_out;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnOOO:calibrate", kwlist, &o_cj, &k, &o_off, &o_cls, &o_out))
        return NULL;
    if (k < 0 || k > ((Py_ssize_t)1 << 40)) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return NULL;
    }
    Py_buffer vc = ZERO_BUF, voff = ZERO_BUF, vcls = ZERO_BUF, vo = ZERO_BUF;
    cl_multilabels ml;
    PyObject *result = NULL;
    char msg[MSG_CAP];
    cl_status st;
    if (get_array(o_cj, &vc, EK_F64, 0, 4 * k, NULL, "confident_joint") != 0) return NULL;
    if (get_multilabels(o_off, o_cls, &voff, &vcls, &ml) != 0) { release(&vc); return NULL; }
    if (get_array(o_out, &vo, EK_I64, 1, 4 * k, NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_calibrate_confident_joint((const double *)vc.buf, (int64_t)k, &ml, (int64_t *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo); release(&vcls); release(&voff); release(&vc);
    return result;
}

static PyObject *py_estimate_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "confident_joint", "out", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_cj, *o_out;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOO:estimate_joint", kwlist, &o_pp, &o_off, &o_cls, &o_cj, &o_out))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vc = ZERO_BUF, vo = ZERO_BUF;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, (Py_ssize_t)(pp.n_classes * 4), NULL, "confident_joint") != 0) goto done;
    if (get_array(o_out, &vo, EK_F64, 1, (Py_ssize_t)(pp.n_classes * 4), NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_estimate_joint(&pp, &ml, (const double *)vc.buf, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo); release(&vc);
    ML_ARGS_END
    return result;
}

static PyObject *py_num_label_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", NULL};
    PyObject *o_pp, *o_off, *o_cls;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO:num_label_issues", kwlist, &o_pp, &o_off, &o_cls))
        return NULL;
    ML_ARGS_BEGIN
    int64_t count = 0;
    CALL_CL(st, msg, cl_ml_num_label_issues(&pp, &ml, &count));
    if (st != CL_OK) raise_status(st, msg);
    else result = PyLong_FromLongLong((long long)count);
    ML_ARGS_END
    return result;
}

/* Fills a cl_options from the façade's arguments; returns -1 with an exception set. */
static int fill_options(cl_options *o, int filter_by, int rank_by, int adjust, double frac,
                        long long min_examples, PyObject *o_nrpc, Py_buffer *vn, PyObject *o_cj,
                        Py_buffer *vc, int n_threads, int64_t k) {
    if (get_optional_array(o_nrpc, vn, EK_I64, 0, (Py_ssize_t)k, NULL, "num_to_remove_per_class") != 0) return -1;
    if (get_optional_array(o_cj, vc, EK_F64, 0, (Py_ssize_t)(4 * k), NULL, "confident_joint") != 0) return -1;
    (void)init_filter_options(o, filter_by, rank_by, adjust, frac, min_examples,
                              (const int64_t *)vn->buf, o_nrpc != Py_None ? (Py_ssize_t)k : 0,
                              (const double *)vc->buf, n_threads, CL_ORDER_ROW_MAJOR);
    return 0;
}

static PyObject *py_find_label_issues(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "mask", "ranked", "filter_by",
                             "rank_by", "adjust", "frac_noise", "min_examples_per_class",
                             "num_to_remove_per_class", "confident_joint", "n_threads", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_mask, *o_ranked, *o_nrpc, *o_cj;
    int filter_by, rank_by, adjust, n_threads;
    double frac;
    long long min_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOOiipdLOOi:find_label_issues", kwlist, &o_pp,
                                     &o_off, &o_cls, &o_mask, &o_ranked, &filter_by, &rank_by,
                                     &adjust, &frac, &min_examples, &o_nrpc, &o_cj, &n_threads))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vm = ZERO_BUF, vr = ZERO_BUF, vn = ZERO_BUF, vc = ZERO_BUF;
    cl_options o;
    Py_ssize_t cap = 0;
    if (fill_options(&o, filter_by, rank_by, adjust, frac, min_examples, o_nrpc, &vn, o_cj, &vc,
                     n_threads, pp.n_classes) != 0) goto done;
    if (get_array(o_mask, &vm, EK_U8, 1, (Py_ssize_t)pp.n_examples, NULL, "mask") != 0) goto done;
    if (get_optional_array(o_ranked, &vr, EK_I64, 1, -1, &cap, "ranked") != 0) goto done;
    int64_t count = 0;
    CALL_CL(st, msg, cl_ml_find_label_issues(&pp, &ml, &o, (uint8_t *)vm.buf, (int64_t *)vr.buf, (int64_t)cap, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vc); release(&vn); release(&vr); release(&vm);
    ML_ARGS_END
    return result;
}

static PyObject *py_find_label_issues_per_class(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "masks", "ranked", "counts",
                             "filter_by", "rank_by", "adjust", "frac_noise",
                             "min_examples_per_class", "num_to_remove_per_class",
                             "confident_joint", "n_threads", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_masks, *o_ranked, *o_counts, *o_nrpc, *o_cj;
    int filter_by, rank_by, adjust, n_threads;
    double frac;
    long long min_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOOOiipdLOOi:find_label_issues_per_class",
                                     kwlist, &o_pp, &o_off, &o_cls, &o_masks, &o_ranked,
                                     &o_counts, &filter_by, &rank_by, &adjust, &frac,
                                     &min_examples, &o_nrpc, &o_cj, &n_threads))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vm = ZERO_BUF, vr = ZERO_BUF, vk = ZERO_BUF, vn = ZERO_BUF, vc = ZERO_BUF;
    cl_options o;
    Py_ssize_t nk = (Py_ssize_t)(pp.n_classes * pp.n_examples);
    if (fill_options(&o, filter_by, rank_by, adjust, frac, min_examples, o_nrpc, &vn, o_cj, &vc,
                     n_threads, pp.n_classes) != 0) goto done;
    if (get_array(o_masks, &vm, EK_U8, 1, nk, NULL, "masks") != 0) goto done;
    if (get_optional_array(o_ranked, &vr, EK_I64, 1, nk, NULL, "ranked") != 0) goto done;
    if (get_array(o_counts, &vk, EK_I64, 1, (Py_ssize_t)pp.n_classes, NULL, "counts") != 0) goto done;
    CALL_CL(st, msg, cl_ml_find_label_issues_per_class(&pp, &ml, &o, (uint8_t *)vm.buf, (int64_t *)vr.buf, (int64_t *)vk.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vc); release(&vn); release(&vk); release(&vr); release(&vm);
    ML_ARGS_END
    return result;
}

static PyObject *py_scores_per_class(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "method", "adjust", "out", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_out;
    int method, adjust;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOipO:scores_per_class", kwlist, &o_pp, &o_off,
                                     &o_cls, &method, &adjust, &o_out))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vo = ZERO_BUF;
    if (get_array(o_out, &vo, EK_F64, 1, (Py_ssize_t)(pp.n_classes * pp.n_examples), NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_get_label_quality_scores_per_class(&pp, &ml, (int32_t)method, (int32_t)adjust, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo);
    ML_ARGS_END
    return result;
}

static PyObject *py_scores(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "offsets", "classes", "method", "adjust", "aggregator",
                             "param", "out", NULL};
    PyObject *o_pp, *o_off, *o_cls, *o_out;
    int method, adjust, agg;
    double param;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOipidO:scores", kwlist, &o_pp, &o_off, &o_cls,
                                     &method, &adjust, &agg, &param, &o_out))
        return NULL;
    ML_ARGS_BEGIN
    Py_buffer vo = ZERO_BUF;
    if (get_array(o_out, &vo, EK_F64, 1, (Py_ssize_t)pp.n_examples, NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_get_label_quality_scores(&pp, &ml, (int32_t)method, (int32_t)adjust,
                                                    (int32_t)agg, param, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo);
    ML_ARGS_END
    return result;
}

static PyObject *py_aggregate(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"scores", "n", "k", "aggregator", "param", "out", NULL};
    PyObject *o_s, *o_out;
    Py_ssize_t n, k;
    int agg;
    double param;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnnidO:aggregate", kwlist, &o_s, &n, &k, &agg, &param, &o_out))
        return NULL;
    if (n < 0 || k < 0 || (k > 0 && n > PY_SSIZE_T_MAX / 8 / k)) {
        PyErr_Format(g_ShapeError, "scores shape out of range: %zd x %zd", n, k);
        return NULL;
    }
    Py_buffer vs = ZERO_BUF, vo = ZERO_BUF;
    PyObject *result = NULL;
    char msg[MSG_CAP];
    cl_status st;
    if (get_array(o_s, &vs, EK_F64, 0, n * k, NULL, "scores") != 0) return NULL;
    if (get_array(o_out, &vo, EK_F64, 1, n, NULL, "out") != 0) goto done;
    CALL_CL(st, msg, cl_ml_aggregate((const double *)vs.buf, (int64_t)n, (int64_t)k, (int32_t)agg, param, (double *)vo.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None; Py_INCREF(result);
done:
    release(&vo); release(&vs);
    return result;
}

static PyMethodDef methods[] = {
    KWFN("thresholds", py_thresholds, "thresholds(pred_probs, offsets, classes, out) -> None"),
    KWFN("confident_joint", py_confident_joint,
         "confident_joint(pred_probs, offsets, classes, thresholds, thresholds_dtype, calibrate, out, masks) -> None"),
    KWFN("calibrate", py_calibrate, "calibrate(confident_joint, n_classes, offsets, classes, out) -> None"),
    KWFN("estimate_joint", py_estimate_joint, "estimate_joint(pred_probs, offsets, classes, confident_joint, out) -> None"),
    KWFN("num_label_issues", py_num_label_issues, "num_label_issues(pred_probs, offsets, classes) -> int"),
    KWFN("find_label_issues", py_find_label_issues, "find_label_issues(...) -> int"),
    KWFN("find_label_issues_per_class", py_find_label_issues_per_class, "find_label_issues_per_class(...) -> None"),
    KWFN("scores_per_class", py_scores_per_class, "scores_per_class(pred_probs, offsets, classes, method, adjust, out) -> None"),
    KWFN("scores", py_scores, "scores(pred_probs, offsets, classes, method, adjust, aggregator, param, out) -> None"),
    KWFN("aggregate", py_aggregate, "aggregate(scores, n, k, aggregator, param, out) -> None"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "libcleanlab._native_multilabel",
    "Binding of libcleanlab's multi-label (cl_ml_*) functions. Private: use "
    "libcleanlab.multilabel_classification.",
    -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native_multilabel(void) {
    if (native_common_init() != 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (add_int(m, "EMA", CL_ML_EXPONENTIAL_MOVING_AVERAGE) != 0 || add_int(m, "SOFTMIN", CL_ML_SOFTMIN) != 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
