/*
 * _native_common.h -- helpers shared by the extension modules libcleanlab._native*
 * (one module per C file src/libcleanlab/_native*.c; setup.py builds each of them).
 *
 * Everything here is `static`: each module gets its own copy of the error objects, filled by
 * native_common_init() at module import (which also checks the library's ABI version).
 */
#ifndef LIBCLEANLAB_NATIVE_COMMON_H
#define LIBCLEANLAB_NATIVE_COMMON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

#include "cleanlab.h"

/* ------------------------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------------------------ */
/* Error plumbing                                                                             */
/* ------------------------------------------------------------------------------------------ */

static PyObject *g_from_status __attribute__((unused)) = NULL; /* libcleanlab._errors._from_status */
static PyObject *g_DTypeError __attribute__((unused)) = NULL;
static PyObject *g_ShapeError __attribute__((unused)) = NULL;
static PyObject *g_LayoutError __attribute__((unused)) = NULL;
static PyObject *g_InvalidArgumentError __attribute__((unused)) = NULL;

#define MSG_CAP 1024

/* Raise the exception for status `st` with the library's message `msg`. Returns NULL. */
static inline PyObject *raise_status(cl_status st, const char *msg) {
    const char *name = cl_status_string(st);
    PyObject *exc = PyObject_CallFunction(g_from_status, "iss", (int)st, name, msg);
    if (exc == NULL) return NULL;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
    return NULL;
}

/* Copy the thread-local message of the last failed cl_* call into msgbuf (MSG_CAP bytes); call
 * right after the failure, on the same thread (the GIL may be released). */
static inline void copy_last_error(char *msgbuf) {
    const char *m_ = cl_last_error_message();
    strncpy(msgbuf, m_ ? m_ : "", MSG_CAP - 1);
    msgbuf[MSG_CAP - 1] = '\0';
}

/* Run a cl_* call without the GIL and copy the thread-local message right after it. */
#define CALL_CL(status_var, msgbuf, call)                                                  \
    do {                                                                                   \
        Py_BEGIN_ALLOW_THREADS                                                             \
        (status_var) = (call);                                                             \
        if ((status_var) != CL_OK) copy_last_error(msgbuf);                                \
        Py_END_ALLOW_THREADS                                                               \
    } while (0)

static inline int host_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

/* Parse a buffer format: skip a native/little-endian prefix, refuse byte-swapped data.
 * Returns the type character, or 0 with an exception set. */
static inline char format_char(const Py_buffer *view, const char *argname) {
    const char *f = view->format ? view->format : "B";
    char prefix = 0;
    if (*f == '@' || *f == '=' || *f == '<' || *f == '>' || *f == '!') prefix = *f++;
    int swapped = (prefix == '>' || prefix == '!') ? host_is_little_endian()
                  : (prefix == '<')                ? !host_is_little_endian()
                                                   : 0;
    if (swapped) {
        PyErr_Format(g_DTypeError,
                     "%s is byte-swapped (buffer format '%s'); convert it to native byte order, "
                     "e.g. with a.astype(a.dtype.newbyteorder('='))",
                     argname, view->format);
        return 0;
    }
    if (f[0] == '\0' || f[1] != '\0') {
        PyErr_Format(g_DTypeError, "%s has an unsupported buffer format '%s'", argname,
                     view->format);
        return 0;
    }
    return f[0];
}

static inline int check_aligned(const Py_buffer *view, const char *argname) {
    if (view->itemsize > 1 && ((uintptr_t)view->buf % (uintptr_t)view->itemsize) != 0) {
        PyErr_Format(g_LayoutError, "%s is not aligned to its item size (%zd bytes)", argname,
                     view->itemsize);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Argument conversion                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* pred_probs: 2-D float16/32/64 with unit column stride and a positive row stride that is a
 * multiple of the item size. On success the view must be released by the caller. */
static inline int get_pred_probs(PyObject *obj, Py_buffer *view, cl_pred_probs *pp) {
    if (PyObject_GetBuffer(obj, view, PyBUF_STRIDES | PyBUF_FORMAT) != 0) return -1;
    const char *arg = "pred_probs";
    if (view->ndim != 2) {
        PyErr_Format(g_ShapeError, "%s must be 2-D (num_examples x num_classes), got %d-D", arg,
                     view->ndim);
        goto fail;
    }
    char c = format_char(view, arg);
    if (c == 0) goto fail;
    int32_t dtype;
    if (c == 'e' && view->itemsize == 2) dtype = CL_DTYPE_FLOAT16;
    else if (c == 'f' && view->itemsize == 4) dtype = CL_DTYPE_FLOAT32;
    else if (c == 'd' && view->itemsize == 8) dtype = CL_DTYPE_FLOAT64;
    else {
        PyErr_Format(g_DTypeError,
                     "%s must be float16, float32 or float64 (buffer format '%s', item size %zd)",
                     arg, view->format, view->itemsize);
        goto fail;
    }
    Py_ssize_t n = view->shape[0], k = view->shape[1], isz = view->itemsize;
    Py_ssize_t s0 = view->strides ? view->strides[0] : k * isz;
    Py_ssize_t s1 = view->strides ? view->strides[1] : isz;
    if (k > 1 && n > 0 && s1 != isz) {
        PyErr_Format(g_LayoutError,
                     "%s must have contiguous columns (column stride %zd bytes, item size %zd); "
                     "pass np.ascontiguousarray(%s)",
                     arg, s1, isz, arg);
        goto fail;
    }
    int64_t row_stride = 0; /* 0 = n_classes (C-contiguous) */
    if (n > 1 && k > 0) {
        if (s0 <= 0 || s0 % isz != 0) {
            PyErr_Format(g_LayoutError,
                         "%s has a row stride of %zd bytes, which is not a positive multiple of "
                         "its item size %zd; pass np.ascontiguousarray(%s)",
                         arg, s0, isz, arg);
            goto fail;
        }
        row_stride = (int64_t)(s0 / isz);
    }
    if (n > 0 && k > 0 && check_aligned(view, arg) != 0) goto fail;
    pp->data = view->buf;
    pp->n_examples = (int64_t)n;
    pp->n_classes = (int64_t)k;
    pp->row_stride = row_stride;
    pp->dtype = dtype;
    return 0;
fail:
    PyBuffer_Release(view);
    return -1;
}

/* A 1-D C-contiguous integer buffer (labels): int32 or int64. */
static inline int get_labels(PyObject *obj, Py_buffer *view, cl_labels *lab) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0) return -1;
    const char *arg = "labels";
    if (view->ndim != 1) {
        PyErr_Format(g_ShapeError, "%s must be 1-D, got %d-D", arg, view->ndim);
        goto fail;
    }
    char c = format_char(view, arg);
    if (c == 0) goto fail;
    int32_t dtype;
    if ((c == 'i' || c == 'l' || c == 'q') && view->itemsize == 4) dtype = CL_LABEL_INT32;
    else if ((c == 'i' || c == 'l' || c == 'q') && view->itemsize == 8) dtype = CL_LABEL_INT64;
    else {
        PyErr_Format(g_DTypeError,
                     "%s must be int32 or int64 (buffer format '%s', item size %zd)", arg,
                     view->format, view->itemsize);
        goto fail;
    }
    if (view->shape[0] > 0 && check_aligned(view, arg) != 0) goto fail;
    lab->data = view->buf;
    lab->n_examples = (int64_t)view->shape[0];
    lab->dtype = dtype;
    return 0;
fail:
    PyBuffer_Release(view);
    return -1;
}

enum elem_kind { EK_F64, EK_I64, EK_U8 };

/* A C-contiguous buffer of `kind` with exactly `expected` elements (any ndim), or, when
 * expected < 0, any number of elements (returned in *count). */
static inline int get_array(PyObject *obj, Py_buffer *view, enum elem_kind kind, int writable,
                     Py_ssize_t expected, Py_ssize_t *count, const char *arg) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) return -1;
    char c = format_char(view, arg);
    if (c == 0) goto fail;
    int ok;
    switch (kind) {
    case EK_F64: ok = (c == 'd' && view->itemsize == 8); break;
    case EK_I64: ok = ((c == 'l' || c == 'q') && view->itemsize == 8); break;
    default: ok = ((c == '?' || c == 'B' || c == 'b') && view->itemsize == 1); break;
    }
    if (!ok) {
        static const char *names[] = {"float64", "int64", "bool or uint8"};
        PyErr_Format(g_DTypeError, "%s must be %s (buffer format '%s', item size %zd)", arg,
                     names[kind], view->format, view->itemsize);
        goto fail;
    }
    Py_ssize_t n = view->itemsize ? view->len / view->itemsize : 0;
    if (expected >= 0 && n != expected) {
        PyErr_Format(g_ShapeError, "%s must have %zd elements, got %zd", arg, expected, n);
        goto fail;
    }
    if (n > 0 && check_aligned(view, arg) != 0) goto fail;
    if (count) *count = n;
    return 0;
fail:
    PyBuffer_Release(view);
    return -1;
}

/* An optional argument: None leaves `view` as it is (zero-initialised with ZERO_BUF: view->buf
 * is NULL, and *count is not written); anything else is get_array's. */
static inline int get_optional_array(PyObject *obj, Py_buffer *view, enum elem_kind kind,
                                     int writable, Py_ssize_t expected, Py_ssize_t *count,
                                     const char *arg) {
    if (obj == Py_None) return 0;
    return get_array(obj, view, kind, writable, expected, count, arg);
}

static inline void release(Py_buffer *v) {
    if (v->obj != NULL) PyBuffer_Release(v);
}

#define ZERO_BUF {0}

/* cl_options_init, then the find_label_issues options of the façades (filter, streaming,
 * multi-label); returns cl_options_init's status. Pure C: may run without the GIL. */
static inline cl_status init_filter_options(cl_options *o, int filter_by, int rank_by, int adjust,
                                            double frac_noise, long long min_examples,
                                            const int64_t *nrpc, Py_ssize_t nrpc_len,
                                            const double *cj, int n_threads, int cj_order) {
    cl_status st = cl_options_init(o);
    if (st != CL_OK) return st;
    o->filter_by = (int32_t)filter_by;
    o->return_indices_ranked_by = (int32_t)rank_by;
    o->rank_adjust_pred_probs = adjust ? 1 : 0;
    o->frac_noise = frac_noise;
    o->min_examples_per_class = (int64_t)min_examples;
    o->num_to_remove_per_class = nrpc;
    o->num_to_remove_per_class_len = (int64_t)nrpc_len;
    o->confident_joint = cj;
    o->n_threads = (int32_t)n_threads;
    o->confident_joint_order = (int32_t)cj_order;
    return CL_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Module helpers                                                                             */
/* ------------------------------------------------------------------------------------------ */

#define KWFN(name, fn, doc) {name, (PyCFunction)(void (*)(void))fn, METH_VARARGS | METH_KEYWORDS, doc}

static inline int add_int(PyObject *m, const char *name, long v) {
    return PyModule_AddIntConstant(m, name, v);
}

/* Check the loaded library's ABI and look up the exception classes of libcleanlab._errors.
 * Call first in every PyInit_ function; returns -1 with an exception set on failure. */
static inline int native_common_init(void) {
    uint32_t lib_abi;
    const char *lib_version;
    Py_BEGIN_ALLOW_THREADS
    lib_abi = cl_abi_version();
    lib_version = cl_version_string();
    Py_END_ALLOW_THREADS
    if (lib_abi != (uint32_t)CL_ABI_VERSION) {
        PyErr_Format(PyExc_ImportError,
                     "libcleanlab ABI mismatch: the extension was built against CL_ABI_VERSION %d "
                     "but the loaded libcleanlab.so (version %s) reports ABI %u; reinstall the "
                     "package",
                     (int)CL_ABI_VERSION, lib_version, (unsigned)lib_abi);
        return -1;
    }
    PyObject *errors = PyImport_ImportModule("libcleanlab._errors");
    if (errors == NULL) return -1;
    g_from_status = PyObject_GetAttrString(errors, "_from_status");
    g_DTypeError = PyObject_GetAttrString(errors, "DTypeError");
    g_ShapeError = PyObject_GetAttrString(errors, "ShapeError");
    g_LayoutError = PyObject_GetAttrString(errors, "LayoutError");
    g_InvalidArgumentError = PyObject_GetAttrString(errors, "InvalidArgumentError");
    Py_DECREF(errors);
    if (!g_from_status || !g_DTypeError || !g_ShapeError || !g_LayoutError ||
        !g_InvalidArgumentError)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Latent/noise wrapper bodies shared by the 2.x modules (_native_latent.c, _native_noise.c)  */
/* and their cleanlab 1.x twins in _native_v1.c: the cl_* and cl_v1_* functions have the same */
/* signatures, so each body takes the library function (and the few names that differ).      */
/* ------------------------------------------------------------------------------------------ */

/* n_classes in [1, 3037000499] (so k * k fits in int64). */
static inline int check_n_classes(Py_ssize_t k) {
    if (k < 1 || k > 3037000499LL) {
        PyErr_Format(g_ShapeError, "n_classes out of range: %zd", k);
        return -1;
    }
    return 0;
}

/* A float64 buffer of exactly `n` elements; `opt` allows None (pointer NULL). */
static inline int f64_in(PyObject *o, Py_buffer *v, Py_ssize_t n, const double **p, int opt,
                         const char *name) {
    if (opt && o == Py_None) { *p = NULL; return 0; }
    if (get_array(o, v, EK_F64, 0, n, NULL, name) != 0) return -1;
    *p = (const double *)v->buf;
    return 0;
}

static inline int f64_out(PyObject *o, Py_buffer *v, Py_ssize_t n, double **p,
                          const char *name) {
    if (get_array(o, v, EK_F64, 1, n, NULL, name) != 0) return -1;
    *p = (double *)v->buf;
    return 0;
}

/* Run `call` without the GIL; on failure raise, else set `result` to None. Jumps to `done`. */
#define FINISH(call)                                                                          \
    do {                                                                                      \
        char msg[MSG_CAP];                                                                    \
        cl_status st;                                                                         \
        CALL_CL(st, msg, call);                                                               \
        if (st != CL_OK) { raise_status(st, msg); goto done; }                               \
        result = Py_None;                                                                     \
        Py_INCREF(result);                                                                    \
    } while (0)

typedef cl_status (*estimate_latent_fn)(const double *, int64_t, int32_t, const cl_labels *,
                                        int32_t, int32_t, double *, double *, double *);

static inline PyObject *estimate_latent_common(PyObject *args, PyObject *kw,
                                               estimate_latent_fn fn) {
    static char *kwlist[] = {"confident_joint", "n_classes", "order", "labels", "py_method",
                             "converge", "out_py", "out_noise_matrix", "out_inv", NULL};
    PyObject *o_cj, *o_lab, *o_py, *o_nm, *o_inv;
    Py_ssize_t k;
    int order, method, converge;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OniOipOOO:estimate_latent", kwlist, &o_cj, &k,
                                     &order, &o_lab, &method, &converge, &o_py, &o_nm, &o_inv))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
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
    FINISH(fn(cj, (int64_t)k, (int32_t)order, &lab, (int32_t)method, (int32_t)converge, py, nm,
              inv));
done:
    release(&v3); release(&v2); release(&v1); release(&vl); release(&vc);
    return result;
}

typedef cl_status (*converge_estimates_fn)(const double *, const double *, const double *,
                                           const double *, int64_t, int64_t, int64_t, double *,
                                           double *, double *);

static inline PyObject *converge_estimates_common(PyObject *args, PyObject *kw,
                                                  converge_estimates_fn fn) {
    static char *kwlist[] = {"ps", "py", "noise_matrix", "inverse_noise_matrix", "n_classes",
                             "inv_noise_matrix_iterations", "noise_matrix_iterations", "out_py",
                             "out_noise_matrix", "out_inv", NULL};
    PyObject *o_ps, *o_py, *o_nm, *o_inv, *o1, *o2, *o3;
    Py_ssize_t k;
    long long it_inv, it_nm;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOOnLLOOO:converge_estimates", kwlist, &o_ps,
                                     &o_py, &o_nm, &o_inv, &k, &it_inv, &it_nm, &o1, &o2, &o3))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
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
    FINISH(fn(ps, py, nm, inv, (int64_t)k, (int64_t)it_inv, (int64_t)it_nm, opy, onm, oinv));
done:
    release(&v3); release(&v2); release(&v1); release(&d); release(&c); release(&b);
    release(&a);
    return result;
}

typedef cl_status (*compute_py_fn)(const double *, const double *, const double *, int64_t,
                                   int32_t, const double *, double *);

/* `counts_name`: the keyword (and message name) of the optional class-count vector. */
static inline PyObject *compute_py_common(PyObject *args, PyObject *kw, compute_py_fn fn,
                                          const char *counts_name) {
    char *kwlist[] = {"ps", "noise_matrix", "inverse_noise_matrix", "n_classes", "py_method",
                      (char *)counts_name, "out", NULL};
    PyObject *o_ps, *o_nm, *o_inv, *o_cnt, *o_out;
    Py_ssize_t k;
    int method;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOOniOO:compute_py", kwlist, &o_ps, &o_nm,
                                     &o_inv, &k, &method, &o_cnt, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF, e = ZERO_BUF;
    const double *ps, *nm, *inv, *cnt;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_ps, &a, k, &ps, 0, "ps") != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_in(o_inv, &c, k * k, &inv, 0, "inverse_noise_matrix") != 0) goto done;
    if (f64_in(o_cnt, &d, k, &cnt, 1, counts_name) != 0) goto done;
    if (f64_out(o_out, &e, k, &out, "out") != 0) goto done;
    FINISH(fn(ps, nm, inv, (int64_t)k, (int32_t)method, cnt, out));
done:
    release(&e); release(&d); release(&c); release(&b); release(&a);
    return result;
}

/* (vector, matrix, k, optional vector, out matrix): compute_inv_noise_matrix and
 * compute_noise_matrix_from_inverse */
typedef cl_status (*vmv_fn)(const double *, const double *, int64_t, const double *, double *);

static inline PyObject *vmv_common(PyObject *args, PyObject *kw, vmv_fn fn, const char *fmt,
                                   const char *vname, const char *mname, const char *oname) {
    static char *kwlist[] = {"vector", "matrix", "n_classes", "optional", "out", NULL};
    PyObject *o_v, *o_m, *o_opt, *o_out;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, fmt, kwlist, &o_v, &o_m, &k, &o_opt, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
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

typedef cl_status (*compute_py_inv_fn)(const double *, const double *, int64_t, double *,
                                       double *);

static inline PyObject *compute_py_inv_noise_matrix_common(PyObject *args, PyObject *kw,
                                                           compute_py_inv_fn fn) {
    static char *kwlist[] = {"ps", "noise_matrix", "n_classes", "out_py", "out_inv", NULL};
    PyObject *o_ps, *o_nm, *o1, *o2;
    Py_ssize_t k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOnOO:compute_py_inv_noise_matrix", kwlist,
                                     &o_ps, &o_nm, &k, &o1, &o2))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF;
    const double *ps, *nm;
    double *py, *inv;
    PyObject *result = NULL;
    if (f64_in(o_ps, &a, k, &ps, 0, "ps") != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_out(o1, &c, k, &py, "out_py") != 0) goto done;
    if (f64_out(o2, &d, k * k, &inv, "out_inv") != 0) goto done;
    FINISH(fn(ps, nm, (int64_t)k, py, inv));
done:
    release(&d); release(&c); release(&b); release(&a);
    return result;
}

typedef cl_status (*compute_pyx_fn)(const double *, int64_t, int64_t, const double *,
                                    const double *, double *);

/* `probs_name`: the keyword (and message name) of the (n, k) probabilities. */
static inline PyObject *compute_pyx_common(PyObject *args, PyObject *kw, compute_pyx_fn fn,
                                           const char *probs_name) {
    char *kwlist[] = {(char *)probs_name, "n_examples", "n_classes", "noise_matrix",
                      "inverse_noise_matrix", "out", NULL};
    PyObject *o_pp, *o_nm, *o_inv, *o_out;
    Py_ssize_t n, k;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OnnOOO:compute_pyx", kwlist, &o_pp, &n, &k,
                                     &o_nm, &o_inv, &o_out))
        return NULL;
    if (check_n_classes(k) != 0) return NULL;
    if (n < 0 || (n > 0 && k > PY_SSIZE_T_MAX / 8 / n)) {
        PyErr_Format(g_ShapeError, "n_examples out of range: %zd", n);
        return NULL;
    }
    Py_buffer a = ZERO_BUF, b = ZERO_BUF, c = ZERO_BUF, d = ZERO_BUF;
    const double *pp, *nm, *inv;
    double *out;
    PyObject *result = NULL;
    if (f64_in(o_pp, &a, n * k, &pp, 0, probs_name) != 0) goto done;
    if (f64_in(o_nm, &b, k * k, &nm, 0, "noise_matrix") != 0) goto done;
    if (f64_in(o_inv, &c, k * k, &inv, 0, "inverse_noise_matrix") != 0) goto done;
    if (f64_out(o_out, &d, n * k, &out, "out") != 0) goto done;
    FINISH(fn(pp, (int64_t)n, (int64_t)k, nm, inv, out));
done:
    release(&d); release(&c); release(&b); release(&a);
    return result;
}

typedef cl_status (*noise_from_trace_fn)(int64_t, double, const cl_noise_matrix_options *,
                                         uint64_t, double *, int32_t *);

/* generate_noise_matrix_from_trace: the found flag as a bool (2.x) or as the int 0/1/2 (1.x:
 * 0 when max_iter < 1, 2 for the last matrix tried when no valid one was found). */
static inline PyObject *noise_matrix_from_trace_common(PyObject *args, PyObject *kw,
                                                       noise_from_trace_fn fn, int found_as_bool) {
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
    CALL_CL(st, msg, fn((int64_t)k, trace, &o, (uint64_t)seed,
                        need > 0 ? (double *)out.buf : &dummy, &found));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    ret = found_as_bool ? PyBool_FromLong(found) : PyLong_FromLong(found);
done:
    release(&py);
    release(&out);
    return ret;
}

#endif /* LIBCLEANLAB_NATIVE_COMMON_H */
