/*
 * _native_health.c -- libcleanlab._native_health: the "dataset health" section of cleanlab.h
 * (cleanlab's `dataset` module). Private: use libcleanlab.dataset.
 *
 * Every function takes caller-allocated numpy outputs (writable C-contiguous buffers) and
 * returns None or a small tuple; argument checks beyond buffer shapes happen in the library.
 */
#include "_native_common.h"

static int check_k(Py_ssize_t k) {
    if (k < 0 || k > 3037000499LL) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return -1;
    }
    return 0;
}

/* rank_classes_by_label_quality(joint, n_classes, order, num_examples,
 *                               class_index, label_issues, inverse_label_issues,
 *                               label_noise, inverse_label_noise, label_quality_score) -> None */
static PyObject *py_rank_classes(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"joint", "n_classes", "order", "num_examples", "class_index",
                             "label_issues", "inverse_label_issues", "label_noise",
                             "inverse_label_noise", "label_quality_score", NULL};
    PyObject *o_j, *o[6];
    Py_ssize_t k;
    int order;
    double num_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnidOOOOOO:rank_classes_by_label_quality", kwlist,
                                     &o_j, &k, &order, &num_examples, &o[0], &o[1], &o[2], &o[3],
                                     &o[4], &o[5]))
        return NULL;
    if (check_k(k) != 0) return NULL;
    static const char *names[6] = {"class_index", "label_issues", "inverse_label_issues",
                                   "label_noise", "inverse_label_noise", "label_quality_score"};
    Py_buffer vj = ZERO_BUF, v[6] = {ZERO_BUF, ZERO_BUF, ZERO_BUF, ZERO_BUF, ZERO_BUF, ZERO_BUF};
    PyObject *result = NULL;
    if (get_array(o_j, &vj, EK_F64, 0, k * k, NULL, "joint") != 0) goto done;
    for (int i = 0; i < 6; i++) {
        if (get_array(o[i], &v[i], i < 3 ? EK_I64 : EK_F64, 1, k, NULL, names[i]) != 0) goto done;
    }
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_rank_classes_by_label_quality(
                (const double *)vj.buf, (int64_t)k, (int32_t)order, num_examples,
                (int64_t *)v[0].buf, (int64_t *)v[1].buf, (int64_t *)v[2].buf,
                (double *)v[3].buf, (double *)v[4].buf, (double *)v[5].buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_None;
    Py_INCREF(result);
done:
    for (int i = 0; i < 6; i++) release(&v[i]);
    release(&vj);
    return result;
}

/* find_overlapping_classes(joint, n_classes, order, num_examples, asymmetric,
 *                          class_a, class_b, num_overlapping, joint_probability) -> int (rows) */
static PyObject *py_overlapping(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"joint", "n_classes", "order", "num_examples", "asymmetric",
                             "class_a", "class_b", "num_overlapping", "joint_probability", NULL};
    PyObject *o_j, *o[4];
    Py_ssize_t k;
    int order, asymmetric;
    double num_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnidpOOOO:find_overlapping_classes", kwlist, &o_j,
                                     &k, &order, &num_examples, &asymmetric, &o[0], &o[1], &o[2],
                                     &o[3]))
        return NULL;
    if (check_k(k) != 0) return NULL;
    static const char *names[4] = {"class_a", "class_b", "num_overlapping", "joint_probability"};
    Py_buffer vj = ZERO_BUF, v[4] = {ZERO_BUF, ZERO_BUF, ZERO_BUF, ZERO_BUF};
    PyObject *result = NULL;
    Py_ssize_t cap = -1;
    if (get_array(o_j, &vj, EK_F64, 0, k * k, NULL, "joint") != 0) goto done;
    for (int i = 0; i < 4; i++) {
        Py_ssize_t c;
        if (get_array(o[i], &v[i], i < 3 ? EK_I64 : EK_F64, 1, cap, &c, names[i]) != 0) goto done;
        cap = c;
    }
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_find_overlapping_classes((const double *)vj.buf, (int64_t)k, (int32_t)order,
                                        num_examples, (int32_t)asymmetric, (int64_t *)v[0].buf,
                                        (int64_t *)v[1].buf, (int64_t *)v[2].buf,
                                        (double *)v[3].buf, (int64_t)cap, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    for (int i = 0; i < 4; i++) release(&v[i]);
    release(&vj);
    return result;
}

/* overall_label_health_score_from_joint(joint, n_classes, order, num_examples)
 *   -> (score: float, num_issues: int) */
static PyObject *py_overall_joint(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"joint", "n_classes", "order", "num_examples", NULL};
    PyObject *o_j;
    Py_ssize_t k;
    int order;
    double num_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Onid:overall_label_health_score_from_joint",
                                     kwlist, &o_j, &k, &order, &num_examples))
        return NULL;
    if (check_k(k) != 0) return NULL;
    Py_buffer vj = ZERO_BUF;
    PyObject *result = NULL;
    if (get_array(o_j, &vj, EK_F64, 0, k * k, NULL, "joint") != 0) goto done;
    double score = 0;
    int64_t issues = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_overall_label_health_score(NULL, NULL, (const double *)vj.buf, (int64_t)k,
                                          (int32_t)order, num_examples, &score, &issues));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_BuildValue("(dL)", score, (long long)issues);
done:
    release(&vj);
    return result;
}

/* overall_label_health_score(pred_probs, labels, num_examples) -> (score, num_issues);
 * num_examples NaN = the number of labels. */
static PyObject *py_overall(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "num_examples", NULL};
    PyObject *o_pp, *o_lab;
    double num_examples;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOd:overall_label_health_score", kwlist, &o_pp,
                                     &o_lab, &num_examples))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    double score = 0;
    int64_t issues = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_overall_label_health_score(&pp, &lab, NULL, 0, 0, num_examples, &score, &issues));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = Py_BuildValue("(dL)", score, (long long)issues);
done:
    release(&vl);
    release(&vp);
    return result;
}

/* ensemble_scores(members: sequence of 2-D arrays, labels, method, adjust, weighting,
 *                 custom_weights (float64 or None), t_values (float64 or None),
 *                 out_scores, out_weights, out_accuracies) -> int (cl_dtype of the result) */
static PyObject *py_ensemble(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"members", "labels", "method", "adjust", "weighting", "custom_weights",
                             "t_values", "out_scores", "out_weights", "out_accuracies", NULL};
    PyObject *o_members, *o_lab, *o_cw, *o_t, *o_out, *o_w, *o_acc;
    int method, adjust, weighting;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOipiOOOOO:ensemble_scores", kwlist, &o_members,
                                     &o_lab, &method, &adjust, &weighting, &o_cw, &o_t, &o_out,
                                     &o_w, &o_acc))
        return NULL;
    PyObject *seq = PySequence_Fast(o_members, "members must be a sequence of arrays");
    if (seq == NULL) return NULL;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
    PyObject *result = NULL;
    Py_buffer vl = ZERO_BUF, vcw = ZERO_BUF, vt = ZERO_BUF, vo = ZERO_BUF, vw = ZERO_BUF,
              va = ZERO_BUF;
    Py_buffer *views = PyMem_Calloc((size_t)(m > 0 ? m : 1), sizeof(Py_buffer));
    cl_pred_probs *pps = PyMem_Calloc((size_t)(m > 0 ? m : 1), sizeof(cl_pred_probs));
    Py_ssize_t got = 0;
    if (views == NULL || pps == NULL) { PyErr_NoMemory(); goto done; }
    for (; got < m; got++) {
        if (get_pred_probs(PySequence_Fast_GET_ITEM(seq, got), &views[got], &pps[got]) != 0) goto done;
    }
    cl_labels lab;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t nt = 0;
    if (get_optional_array(o_cw, &vcw, EK_F64, 0, m, NULL, "custom_weights") != 0) goto done;
    if (get_optional_array(o_t, &vt, EK_F64, 0, -1, &nt, "log_loss_search_T_values") != 0) goto done;
    const double *cw = (const double *)vcw.buf, *tv = (const double *)vt.buf;
    if (get_array(o_out, &vo, EK_F64, 1, lab.n_examples, NULL, "out_scores") != 0) goto done;
    if (get_array(o_w, &vw, EK_F64, 1, m, NULL, "out_weights") != 0) goto done;
    if (get_array(o_acc, &va, EK_F64, 1, m, NULL, "out_accuracies") != 0) goto done;
    int32_t dtype = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_get_label_quality_ensemble_scores(pps, (int64_t)m, &lab, (int32_t)method,
                                                 (int32_t)adjust, (int32_t)weighting, cw, tv,
                                                 (int64_t)nt, (double *)vo.buf, (double *)vw.buf,
                                                 (double *)va.buf, &dtype));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLong((long)dtype);
done:
    if (views != NULL)
        for (Py_ssize_t i = 0; i < got; i++) release(&views[i]);
    PyMem_Free(views);
    PyMem_Free(pps);
    release(&va); release(&vw); release(&vo); release(&vt); release(&vcw); release(&vl);
    Py_DECREF(seq);
    return result;
}

/* argmax_confusion_filter(pred_probs, labels, calibrate, filter_by, out_mask) -> int */
static PyObject *py_argmax_filter(PyObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"pred_probs", "labels", "calibrate", "filter_by", "out_mask", NULL};
    PyObject *o_pp, *o_lab, *o_mask;
    int calibrate, filter_by;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOpiO:argmax_confusion_filter", kwlist, &o_pp,
                                     &o_lab, &calibrate, &filter_by, &o_mask))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF, vm = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (get_labels(o_lab, &vl, &lab) != 0) goto done;
    if (get_array(o_mask, &vm, EK_U8, 1, (Py_ssize_t)pp.n_examples, NULL, "out_mask") != 0) goto done;
    int64_t count = 0;
    char msg[MSG_CAP];
    cl_status st;
    CALL_CL(st, msg,
            cl_find_label_issues_using_argmax_confusion_matrix(&pp, &lab, (int32_t)calibrate,
                                                               (int32_t)filter_by,
                                                               (uint8_t *)vm.buf, &count));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vm); release(&vl); release(&vp);
    return result;
}

static PyMethodDef methods[] = {
    KWFN("rank_classes_by_label_quality", py_rank_classes,
         "rank_classes_by_label_quality(joint, n_classes, order, num_examples, class_index, "
         "label_issues, inverse_label_issues, label_noise, inverse_label_noise, "
         "label_quality_score) -> None"),
    KWFN("find_overlapping_classes", py_overlapping,
         "find_overlapping_classes(joint, n_classes, order, num_examples, asymmetric, class_a, "
         "class_b, num_overlapping, joint_probability) -> int"),
    KWFN("overall_label_health_score_from_joint", py_overall_joint,
         "overall_label_health_score_from_joint(joint, n_classes, order, num_examples) -> "
         "(float, int)"),
    KWFN("overall_label_health_score", py_overall,
         "overall_label_health_score(pred_probs, labels, num_examples) -> (float, int)"),
    KWFN("ensemble_scores", py_ensemble,
         "ensemble_scores(members, labels, method, adjust, weighting, custom_weights, t_values, "
         "out_scores, out_weights, out_accuracies) -> int (cl_dtype)"),
    KWFN("argmax_confusion_filter", py_argmax_filter,
         "argmax_confusion_filter(pred_probs, labels, calibrate, filter_by, out_mask) -> int"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "libcleanlab._native_health",
    "Binding of libcleanlab's dataset-health functions. Private: use libcleanlab.dataset.",
    -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native_health(void) {
    if (native_common_init() != 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (add_int(m, "ENSEMBLE_UNIFORM", CL_ENSEMBLE_UNIFORM) != 0 ||
        add_int(m, "ENSEMBLE_ACCURACY", CL_ENSEMBLE_ACCURACY) != 0 ||
        add_int(m, "ENSEMBLE_LOG_LOSS_SEARCH", CL_ENSEMBLE_LOG_LOSS_SEARCH) != 0 ||
        add_int(m, "ENSEMBLE_CUSTOM", CL_ENSEMBLE_CUSTOM) != 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
