/*
 * _native_noise.c -- libcleanlab._native_noise: the cl_* functions of the `noise` area
 * (cleanlab's benchmarking.noise_generation). Thin wrappers: arrays are passed through the
 * buffer protocol without copies; outputs are allocated by the façade
 * (libcleanlab/benchmarking/noise_generation.py), which also converts and checks arguments.
 */
#include "_native_common.h"

static PyObject *py_noise_matrix_is_valid(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"noise_matrix", "py", NULL};
    PyObject *nm_o, *py_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO", kwlist, &nm_o, &py_o)) return NULL;
    Py_buffer nm = ZERO_BUF, py = ZERO_BUF;
    Py_ssize_t k = 0;
    PyObject *ret = NULL;
    if (get_array(py_o, &py, EK_F64, 0, -1, &k, "py") != 0) return NULL;
    if (get_array(nm_o, &nm, EK_F64, 0, k * k, NULL, "noise_matrix") != 0) goto done;
    int32_t valid = 0;
    cl_status st;
    char msg[MSG_CAP];
    CALL_CL(st, msg, cl_noise_matrix_is_valid((const double *)nm.buf, (const double *)py.buf,
                                              (int64_t)k, &valid));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    ret = PyBool_FromLong(valid);
done:
    release(&nm);
    release(&py);
    return ret;
}

static PyObject *py_generate_noisy_labels(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"true_labels", "noise_matrix", "n_classes", "seed", "out", NULL};
    PyObject *lab_o, *nm_o, *out_o;
    long long k;
    unsigned long long seed;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOLKO", kwlist, &lab_o, &nm_o, &k, &seed, &out_o))
        return NULL;
    Py_buffer lab = ZERO_BUF, nm = ZERO_BUF, out = ZERO_BUF;
    cl_labels labels;
    PyObject *ret = NULL;
    if (get_labels(lab_o, &lab, &labels) != 0) return NULL;
    if (get_array(nm_o, &nm, EK_F64, 0, (Py_ssize_t)(k * k), NULL, "noise_matrix") != 0) goto done;
    if (get_array(out_o, &out, EK_I64, 1, (Py_ssize_t)labels.n_examples, NULL, "out") != 0) goto done;
    cl_status st;
    char msg[MSG_CAP];
    CALL_CL(st, msg, cl_generate_noisy_labels(&labels, (int64_t)k, (const double *)nm.buf,
                                              (uint64_t)seed, (int64_t *)out.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    Py_INCREF(Py_None);
    ret = Py_None;
done:
    release(&lab);
    release(&nm);
    release(&out);
    return ret;
}

static PyObject *py_generate_noise_matrix_from_trace(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    return noise_matrix_from_trace_common(args, kw, cl_generate_noise_matrix_from_trace, 1);
}

static PyObject *py_generate_n_rand_probabilities(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"n", "m", "max_prob", "min_prob", "seed", "out", NULL};
    long long n;
    double m, max_prob, min_prob;
    unsigned long long seed;
    PyObject *out_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LdddKO", kwlist, &n, &m, &max_prob, &min_prob,
                                     &seed, &out_o))
        return NULL;
    Py_buffer out = ZERO_BUF;
    if (get_array(out_o, &out, EK_F64, 1, n > 0 ? (Py_ssize_t)n : 0, NULL, "out") != 0)
        return NULL;
    cl_status st;
    char msg[MSG_CAP];
    CALL_CL(st, msg, cl_generate_n_rand_probabilities_that_sum_to_m(
                         (int64_t)n, m, max_prob, min_prob, (uint64_t)seed,
                         n > 0 ? (double *)out.buf : NULL));
    release(&out);
    if (st != CL_OK) return raise_status(st, msg);
    Py_RETURN_NONE;
}

static PyObject *py_randomly_distribute(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"N", "K", "max_balls_per_bin", "min_balls_per_bin", "seed", "out",
                             NULL};
    long long n, k, max_b, min_b;
    unsigned long long seed;
    PyObject *out_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LLLLKO", kwlist, &n, &k, &max_b, &min_b, &seed,
                                     &out_o))
        return NULL;
    Py_buffer out = ZERO_BUF;
    if (get_array(out_o, &out, EK_I64, 1, k > 0 ? (Py_ssize_t)k : 0, NULL, "out") != 0)
        return NULL;
    cl_status st;
    char msg[MSG_CAP];
    CALL_CL(st, msg, cl_randomly_distribute_n_balls_into_k_bins(
                         (int64_t)n, (int64_t)k, (int64_t)max_b, (int64_t)min_b, (uint64_t)seed,
                         k > 0 ? (int64_t *)out.buf : NULL));
    release(&out);
    if (st != CL_OK) return raise_status(st, msg);
    Py_RETURN_NONE;
}

static PyObject *py_generate_synthetic_dataset(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"n", "K", "trace", "frac_zero_noise_rates", "seed", "true_labels",
                             "noisy_labels", "pred_probs", "noise_matrix", "py", NULL};
    long long n, k;
    double trace, frac;
    unsigned long long seed;
    PyObject *t_o, *s_o, *p_o, *nm_o, *py_o;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "LLddKOOOOO", kwlist, &n, &k, &trace, &frac, &seed,
                                     &t_o, &s_o, &p_o, &nm_o, &py_o))
        return NULL;
    if (n < 0 || k < 2) {
        PyErr_Format(g_ShapeError, "n must be >= 0 and K >= 2, got n = %lld, K = %lld", n, k);
        return NULL;
    }
    Py_buffer t = ZERO_BUF, s = ZERO_BUF, p = ZERO_BUF, nm = ZERO_BUF, py = ZERO_BUF;
    PyObject *ret = NULL;
    if (get_array(t_o, &t, EK_I64, 1, (Py_ssize_t)n, NULL, "true_labels") != 0) return NULL;
    if (get_array(s_o, &s, EK_I64, 1, (Py_ssize_t)n, NULL, "noisy_labels") != 0) goto done;
    if (get_array(nm_o, &nm, EK_F64, 1, (Py_ssize_t)(k * k), NULL, "noise_matrix") != 0) goto done;
    if (get_array(py_o, &py, EK_F64, 1, (Py_ssize_t)k, NULL, "py") != 0) goto done;
    if (PyObject_GetBuffer(p_o, &p, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE) != 0)
        goto done;
    char c = format_char(&p, "pred_probs");
    if (c == 0) goto done;
    int32_t dtype;
    if (c == 'f' && p.itemsize == 4) dtype = CL_DTYPE_FLOAT32;
    else if (c == 'd' && p.itemsize == 8) dtype = CL_DTYPE_FLOAT64;
    else {
        PyErr_Format(g_DTypeError, "pred_probs must be float32 or float64 (buffer format '%s')",
                     p.format);
        goto done;
    }
    if (p.len != (Py_ssize_t)(n * k) * p.itemsize) {
        PyErr_Format(g_ShapeError, "pred_probs must have %lld elements", n * k);
        goto done;
    }
    cl_status st;
    char msg[MSG_CAP];
    CALL_CL(st, msg, cl_generate_synthetic_dataset(
                         (int64_t)n, (int64_t)k, trace, frac, (uint64_t)seed, dtype,
                         (int64_t *)t.buf, (int64_t *)s.buf, p.buf, (double *)nm.buf,
                         (double *)py.buf));
    if (st != CL_OK) { raise_status(st, msg); goto done; }
    Py_INCREF(Py_None);
    ret = Py_None;
done:
    release(&t);
    release(&s);
    release(&p);
    release(&nm);
    release(&py);
    return ret;
}

static PyMethodDef methods[] = {
    KWFN("noise_matrix_is_valid", py_noise_matrix_is_valid,
         "noise_matrix_is_valid(noise_matrix, py) -> bool (cl_noise_matrix_is_valid)"),
    KWFN("generate_noisy_labels", py_generate_noisy_labels,
         "generate_noisy_labels(true_labels, noise_matrix, n_classes, seed, out) "
         "(cl_generate_noisy_labels)"),
    KWFN("generate_noise_matrix_from_trace", py_generate_noise_matrix_from_trace,
         "generate_noise_matrix_from_trace(K, trace, ..., seed, max_iter, out) -> found "
         "(cl_generate_noise_matrix_from_trace)"),
    KWFN("generate_n_rand_probabilities_that_sum_to_m", py_generate_n_rand_probabilities,
         "generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob, min_prob, seed, out)"),
    KWFN("randomly_distribute_N_balls_into_K_bins", py_randomly_distribute,
         "randomly_distribute_N_balls_into_K_bins(N, K, max_balls_per_bin, min_balls_per_bin, "
         "seed, out); a negative bound means None"),
    KWFN("generate_synthetic_dataset", py_generate_synthetic_dataset,
         "generate_synthetic_dataset(n, K, trace, frac_zero_noise_rates, seed, true_labels, "
         "noisy_labels, pred_probs, noise_matrix, py) (cl_generate_synthetic_dataset)"),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "libcleanlab._native_noise",
    "Native noise generation of libcleanlab (cleanlab's benchmarking.noise_generation).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native_noise(void) {
    if (native_common_init() != 0) return NULL;
    return PyModule_Create(&moduledef);
}
