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

#endif /* LIBCLEANLAB_NATIVE_COMMON_H */
