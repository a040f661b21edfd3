/*
 * _native_stream.c -- libcleanlab._native_stream: the exact streaming API (cl_stream_*).
 *
 * One type, Stream, owning a cl_stream *. Calls release the GIL; a handle may be used by one
 * thread at a time (the library's rule), enforced here with a flag checked under the GIL: a
 * second thread calling while a call is running gets RuntimeError instead of a data race.
 */
#include "_native_common.h"

typedef struct {
    PyObject_HEAD
    cl_stream *h;
    int busy;
} StreamObject;

static PyTypeObject StreamType;

static void Stream_dealloc(StreamObject *self) {
    if (self->h) cl_stream_destroy(self->h);
    self->h = NULL;
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int enter(StreamObject *self) {
    if (self->h == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the stream is closed");
        return -1;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError,
                        "the stream is being used by another thread (one call at a time per "
                        "stream)");
        return -1;
    }
    self->busy = 1;
    return 0;
}

/* Runs `call` without the GIL, with the busy flag held; raises on failure. */
#define STREAM_CALL(self, st, call)                                                          \
    do {                                                                                     \
        char msg_[MSG_CAP];                                                                  \
        if (enter(self) != 0) goto done;                                                     \
        CALL_CL(st, msg_, call);                                                             \
        (self)->busy = 0;                                                                    \
        if ((st) != CL_OK) { raise_status(st, msg_); goto done; }                            \
    } while (0)

/* create(labels or None, n_classes, filter_by, rank_by, rank_adjust_pred_probs, frac_noise,
 *        min_examples_per_class, num_to_remove_per_class or None, confident_joint or None,
 *        n_threads, confident_joint_order, quality_method, quality_adjust_pred_probs) */
static PyObject *py_create(PyObject *mod, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"labels", "n_classes", "filter_by", "rank_by",
                             "rank_adjust_pred_probs", "frac_noise", "min_examples_per_class",
                             "num_to_remove_per_class", "confident_joint", "n_threads",
                             "confident_joint_order", "quality_method",
                             "quality_adjust_pred_probs", NULL};
    PyObject *o_lab, *o_nrpc, *o_cj;
    long long k, min_examples;
    int filter_by, rank_by, adjust, n_threads, cj_order, qmethod, qadjust;
    double frac_noise;
    (void)mod;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OLiipdLOOiiip:create", kwlist, &o_lab, &k,
                                     &filter_by, &rank_by, &adjust, &frac_noise, &min_examples,
                                     &o_nrpc, &o_cj, &n_threads, &cj_order, &qmethod, &qadjust))
        return NULL;
    Py_buffer vl = ZERO_BUF, vn = ZERO_BUF, vc = ZERO_BUF;
    cl_labels lab;
    cl_options opt;
    StreamObject *obj = NULL;
    PyObject *result = NULL;
    int has_labels = o_lab != Py_None;
    if (has_labels && get_labels(o_lab, &vl, &lab) != 0) goto done;
    Py_ssize_t nrpc_len = 0;
    if (get_optional_array(o_nrpc, &vn, EK_I64, 0, -1, &nrpc_len, "num_to_remove_per_class") != 0)
        goto done;
    if (o_cj != Py_None && (k < 2 || k > 65536)) {
        PyErr_Format(g_ShapeError, "n_classes must be in [2, 65536], got %lld", k);
        goto done;
    }
    if (get_optional_array(o_cj, &vc, EK_F64, 0, (Py_ssize_t)(k * k), NULL, "confident_joint") != 0)
        goto done;
    obj = PyObject_New(StreamObject, &StreamType);
    if (obj == NULL) goto done;
    obj->h = NULL;
    obj->busy = 0;
    char msg[MSG_CAP];
    cl_status st;
    cl_stream *h = NULL;
    Py_BEGIN_ALLOW_THREADS
    st = init_filter_options(&opt, filter_by, rank_by, adjust, frac_noise, min_examples,
                             (const int64_t *)vn.buf, nrpc_len, (const double *)vc.buf, n_threads,
                             cj_order);
    if (st == CL_OK) {
        st = has_labels ? cl_stream_create(&lab, (int64_t)k, &opt, (int32_t)qmethod,
                                           qadjust ? 1 : 0, &h)
                        : cl_stream_create_without_labels((int64_t)k, &opt, (int32_t)qmethod,
                                                          qadjust ? 1 : 0, &h);
    }
    if (st != CL_OK) copy_last_error(msg);
    Py_END_ALLOW_THREADS
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    obj->h = h;
    result = (PyObject *)obj;
    obj = NULL;
done:
    Py_XDECREF(obj);
    release(&vc); release(&vn); release(&vl);
    return result;
}

static PyObject *Stream_pass_count(StreamObject *self, PyObject *unused) {
    (void)unused;
    int32_t passes = 0, done_ = 0;
    cl_status st;
    PyObject *result = NULL;
    STREAM_CALL(self, st, cl_stream_pass_count(self->h, &passes, &done_));
    result = Py_BuildValue("(ii)", (int)passes, (int)done_);
done:
    return result;
}

static PyObject *Stream_begin_pass(StreamObject *self, PyObject *unused) {
    (void)unused;
    int32_t more = 0;
    cl_status st;
    PyObject *result = NULL;
    STREAM_CALL(self, st, cl_stream_begin_pass(self->h, &more));
    result = PyBool_FromLong(more);
done:
    return result;
}

static PyObject *Stream_feed(StreamObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"block", "first_row", "labels", NULL};
    PyObject *o_pp, *o_lab = Py_None;
    long long first;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OL|O:feed", kwlist, &o_pp, &first, &o_lab))
        return NULL;
    Py_buffer vp = ZERO_BUF, vl = ZERO_BUF;
    cl_pred_probs pp;
    cl_labels lab;
    cl_status st;
    PyObject *result = NULL;
    if (get_pred_probs(o_pp, &vp, &pp) != 0) goto done;
    if (o_lab != Py_None) {
        if (get_labels(o_lab, &vl, &lab) != 0) goto done;
        STREAM_CALL(self, st, cl_stream_feed_with_labels(self->h, &pp, &lab, (int64_t)first));
    } else {
        STREAM_CALL(self, st, cl_stream_feed(self->h, &pp, (int64_t)first));
    }
    Py_INCREF(Py_None); result = Py_None;
done:
    release(&vl); release(&vp);
    return result;
}

static PyObject *Stream_end_pass(StreamObject *self, PyObject *unused) {
    (void)unused;
    cl_status st;
    PyObject *result = NULL;
    STREAM_CALL(self, st, cl_stream_end_pass(self->h));
    Py_INCREF(Py_None); result = Py_None;
done:
    return result;
}

/* result(out_mask, out_ranked or None) -> number of issues */
static PyObject *Stream_result(StreamObject *self, PyObject *args) {
    PyObject *o_mask, *o_ranked;
    if (!PyArg_ParseTuple(args, "OO:result", &o_mask, &o_ranked)) return NULL;
    Py_buffer vm = ZERO_BUF, vr = ZERO_BUF;
    Py_ssize_t n = 0, cap = 0;
    int64_t num = 0;
    cl_status st;
    PyObject *result = NULL;
    if (get_array(o_mask, &vm, EK_U8, 1, -1, &n, "out_mask") != 0) goto done;
    if (get_optional_array(o_ranked, &vr, EK_I64, 1, -1, &cap, "out_ranked") != 0) goto done;
    (void)n;
    STREAM_CALL(self, st, cl_stream_result(self->h, (uint8_t *)vm.buf, (int64_t *)vr.buf, (int64_t)cap, &num));
    result = PyLong_FromLongLong((long long)num);
done:
    release(&vr); release(&vm);
    return result;
}

/* quality_scores(out, first_row=-1): every row (first_row < 0) or rows [first_row, +len(out)) */
static PyObject *Stream_quality_scores(StreamObject *self, PyObject *args) {
    PyObject *o_out;
    long long first = -1;
    if (!PyArg_ParseTuple(args, "O|L:quality_scores", &o_out, &first)) return NULL;
    Py_buffer vo = ZERO_BUF;
    Py_ssize_t n = 0;
    cl_status st;
    PyObject *result = NULL;
    if (get_array(o_out, &vo, EK_F64, 1, -1, &n, "out") != 0) goto done;
    if (first < 0) {
        STREAM_CALL(self, st, cl_stream_quality_scores(self->h, (double *)vo.buf));
    } else {
        STREAM_CALL(self, st, cl_stream_quality_scores_range(self->h, (int64_t)first, (int64_t)n,
                                                             (double *)vo.buf));
    }
    Py_INCREF(Py_None); result = Py_None;
done:
    release(&vo);
    return result;
}

/* num_label_issues(method, confident_joint or None, order) -> int */
static PyObject *Stream_num_label_issues(StreamObject *self, PyObject *args) {
    int method, order = 0;
    PyObject *o_cj = Py_None;
    if (!PyArg_ParseTuple(args, "i|Oi:num_label_issues", &method, &o_cj, &order)) return NULL;
    Py_buffer vc = ZERO_BUF;
    int64_t count = 0;
    cl_status st;
    PyObject *result = NULL;
    if (get_optional_array(o_cj, &vc, EK_F64, 0, -1, NULL, "confident_joint") != 0) goto done;
    STREAM_CALL(self, st, cl_stream_num_label_issues(self->h, (int32_t)method, (const double *)vc.buf, (int32_t)order, &count));
    result = PyLong_FromLongLong((long long)count);
done:
    release(&vc);
    return result;
}

static PyObject *Stream_thresholds(StreamObject *self, PyObject *args) {
    PyObject *o_out;
    if (!PyArg_ParseTuple(args, "O:thresholds", &o_out)) return NULL;
    Py_buffer vo = ZERO_BUF;
    cl_status st;
    PyObject *result = NULL;
    if (get_array(o_out, &vo, EK_F64, 1, -1, NULL, "out") != 0) goto done;
    STREAM_CALL(self, st, cl_stream_confident_thresholds(self->h, (double *)vo.buf));
    Py_INCREF(Py_None); result = Py_None;
done:
    release(&vo);
    return result;
}

static PyObject *Stream_close(StreamObject *self, PyObject *unused) {
    (void)unused;
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the stream is being used by another thread");
        return NULL;
    }
    if (self->h) cl_stream_destroy(self->h);
    self->h = NULL;
    Py_RETURN_NONE;
}

static PyMethodDef Stream_methods[] = {
    {"pass_count", (PyCFunction)Stream_pass_count, METH_NOARGS, "(passes needed, passes done)"},
    {"begin_pass", (PyCFunction)Stream_begin_pass, METH_NOARGS, "start the next pass; False when all are done"},
    {"feed", (PyCFunction)(void (*)(void))Stream_feed, METH_VARARGS | METH_KEYWORDS, "feed(block, first_row, labels=None)"},
    {"end_pass", (PyCFunction)Stream_end_pass, METH_NOARGS, "end the current pass"},
    {"result", (PyCFunction)Stream_result, METH_VARARGS, "result(out_mask, out_ranked) -> number of issues"},
    {"quality_scores", (PyCFunction)Stream_quality_scores, METH_VARARGS, "quality_scores(out, first_row=-1)"},
    {"num_label_issues", (PyCFunction)Stream_num_label_issues, METH_VARARGS, "num_label_issues(method, confident_joint=None, order=0)"},
    {"thresholds", (PyCFunction)Stream_thresholds, METH_VARARGS, "thresholds(out)"},
    {"close", (PyCFunction)Stream_close, METH_NOARGS, "free the native stream"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject StreamType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "libcleanlab._native_stream.Stream",
    .tp_basicsize = sizeof(StreamObject),
    .tp_dealloc = (destructor)Stream_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A native exact-streaming find_label_issues (cl_stream *). Create with create().",
    .tp_methods = Stream_methods,
};

static PyMethodDef module_methods[] = {
    KWFN("create", py_create, "create(...) -> Stream"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "libcleanlab._native_stream",
    "libcleanlab's exact streaming API (cl_stream_*).", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native_stream(void) {
    if (native_common_init() != 0) return NULL;
    if (PyType_Ready(&StreamType) < 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    Py_INCREF(&StreamType);
    if (PyModule_AddObject(m, "Stream", (PyObject *)&StreamType) < 0) {
        Py_DECREF(&StreamType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
