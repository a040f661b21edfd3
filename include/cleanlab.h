/*
 * cleanlab.h — the C API of libcleanlab, version 0.3.0 (ABI 1).
 *
 * libcleanlab implements confident learning (finding label errors, characterising label noise,
 * learning with noisy labels) with the answers of the Python package cleanlab 2.9.0 (and, in the
 * cl_v1_* functions, of cleanlab 1.x). This header is the contract: only what is declared here is
 * API. Everything else in libcleanlab.so is hidden.
 *
 * Sections (in this order)
 * ------------------------
 * - Versions, status codes, threads, CPU kernels, input descriptors, enumerations, cl_options.
 * - The foundation (cleanlab.count / filter / rank): thresholds, confident joint, calibration,
 *   estimate_joint, num_label_issues, find_label_issues, label quality scores, ordering.
 * - Area latent: latent estimation (estimate_latent, py / noise matrices), latent algebra, the
 *   numeric helpers of internal.util (clipping, rounding that preserves sums).
 * - Area noise: benchmarking.noise_generation (seeded PRNG) and synthetic datasets.
 * - Area stream: exact streaming (cl_stream_*): find_label_issues over row blocks in passes.
 * - Area v1: cleanlab 1.x semantics (pruning.get_noise_indices & co.).
 * - Areas health and multilabel: dataset health, ensemble scores, the argmax-confusion filter,
 *   multi-label (one-vs-rest, CSR labels, cl_ml_*).
 * - Area learn: learning with noisy labels with a classifier given as callbacks, cross-validated
 *   predicted probabilities, a built-in logistic regression.
 *
 * History
 * -------
 * - 0.3.0 (ABI 1): cl_cpu_kernels() and the CLEANLAB_CPU environment variable (x86-64 builds
 *   carry a second, AVX2 copy of the hot kernels, chosen at run time). Only an addition.
 * - 0.2.0 (ABI 1): the areas latent, noise, stream, v1, health, multilabel and learn;
 *   status CL_E_CALLBACK. Only additions: binaries built against 0.1.0 keep working.
 * - 0.1.0 (ABI 1): the foundation.
 *
 * Conventions (apply to every function unless its comment says otherwise)
 * ------------------------------------------------------------------------
 * - Every function that can fail returns a cl_status. CL_OK (0) is success.
 * - On failure a detailed, human-readable message is available from cl_last_error_message() on the
 *   same thread. It names the argument, row or column at fault. The message is valid until the next
 *   cl_* call made on that thread. A successful call sets it to the empty string.
 * - Inputs are borrowed: the library never keeps, frees or copies a caller's buffer (pred_probs is
 *   read in place; float16 and float32 data are computed as they are, never converted wholesale).
 * - Outputs are caller-allocated. Sizes are given per function. On failure the content of output
 *   buffers is unspecified (some may be partially written), except where a comment says otherwise.
 * - Sizes and indices are int64_t. Labels are int32 or int64 (cl_labels.dtype).
 * - Thread-safety: every function is reentrant and may be called concurrently from any number of
 *   threads on distinct or shared *input* buffers. Output buffers must not be shared between
 *   concurrent calls. cl_set_num_threads() changes a process-wide default atomically.
 * - Parallelism: large inputs are processed by worker threads (default: all online cores). Results
 *   are bit-identical for every thread count. The workers are plain POSIX threads created for each
 *   parallel pass and joined before the pass ends: no pool outlives a call, so a process may fork
 *   (e.g. Python multiprocessing) between calls and use the library in the child. In a forked
 *   child the calling thread only waits for the workers (the Swift runtime's locks would
 *   misidentify it, as the thread that called fork()).
 * - Validation happens before any computation: a bad input gives a status, never a crash. Checked:
 *   NULL pointers, shapes (n >= 0, K >= 2, n*K overflow, row_stride >= K), dtype codes, NaN and
 *   infinities, probabilities outside [0, 1] (tolerance: a value v is accepted when
 *   -1e-6 <= v <= 1 + 1e-6, both bounds rounded to the input's dtype, as cleanlab does), labels
 *   outside [0, K), length mismatches, enum values, option values.
 * - Ties: where cleanlab orders equal values with numpy's unstable argsort, libcleanlab uses one
 *   deterministic rule: among equal keys the example with the lower index comes first (it is
 *   preferred when "the k smallest" or "the k largest" are selected). Ties between equal residuals
 *   in cleanlab's rounding of count matrices (round_preserving_sum, which takes
 *   argsort(residuals)[::-increment]) are resolved as a stable argsort would: when rounding up,
 *   the later position first; when rounding down, the earlier position first. On inputs without
 *   such ties every mask, index list and integer matrix is identical to cleanlab's.
 * - Floating point: thresholds, margins and scores are computed in the input's precision with
 *   numpy's order of operations (pairwise summation included), so the answers are those of
 *   cleanlab on the same array, not merely close.
 *
 * ABI evolution
 * -------------
 * - Symbols are versioned (CLEANLAB_1). Signatures never change; replacements get a new name
 *   (suffix _v2). Enum values and status codes below are stable; new ones are only added.
 * - cl_options grows only at its end. Callers must initialise it with cl_options_init(), which
 *   sets struct_size = sizeof(cl_options) as compiled by the caller; the library reads only the
 *   fields that lie inside struct_size and uses the defaults for newer fields. A struct_size
 *   smaller than the first version's is rejected with CL_E_INVALID_ARGUMENT.
 */
#ifndef CLEANLAB_H
#define CLEANLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------------------------- */
#define CL_VERSION_MAJOR 0
#define CL_VERSION_MINOR 3
#define CL_VERSION_PATCH 0
#define CL_VERSION_NUMBER (CL_VERSION_MAJOR * 10000 + CL_VERSION_MINOR * 100 + CL_VERSION_PATCH)
#define CL_VERSION_STRING "0.3.0"
/* Incremented when a change could break a binary built against an older header. */
#define CL_ABI_VERSION 1

/*! cl_version_number() : the library's CL_VERSION_NUMBER (as linked, not as compiled). */
uint32_t cl_version_number(void);
/*! cl_version_string() : the library's version, "MAJOR.MINOR.PATCH"; static storage. */
const char *cl_version_string(void);
/*! cl_abi_version() : the library's CL_ABI_VERSION. A binding should refuse to load when it
 *  differs from the CL_ABI_VERSION it was compiled with. */
uint32_t cl_abi_version(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes and messages
 * ------------------------------------------------------------------------------------------- */
typedef enum cl_status {
    CL_OK = 0,
    CL_E_NULL_POINTER = 1,      /* a required pointer argument is NULL */
    CL_E_INVALID_ARGUMENT = 2,  /* an enum value, option value or option combination is invalid */
    CL_E_SHAPE = 3,             /* n < 0, K < 2, n*K overflows, row_stride < K, length mismatch,
                                   empty input where cleanlab rejects it */
    CL_E_DTYPE = 4,             /* unknown cl_dtype / cl_label_dtype code */
    CL_E_LABEL_RANGE = 5,       /* a label is < 0 or >= K */
    CL_E_NOT_FINITE = 6,        /* NaN or +-infinity in pred_probs (or in a supplied matrix) */
    CL_E_PROB_RANGE = 7,        /* a probability outside [-1e-6, 1 + 1e-6] */
    CL_E_TOO_FEW_CLASSES = 8,   /* labels contain fewer than 2 distinct classes (cleanlab's
                                   "Labels must contain at least 2 classes.") */
    CL_E_BUFFER_TOO_SMALL = 9,  /* an output capacity is too small; the needed size is reported */
    CL_E_NUMERIC = 10,          /* the computation is undefined for this input (a count too large
                                   or infinite to round, where cleanlab raises OverflowError) */
    CL_E_NO_MEMORY = 11,        /* an allocation failed */
    CL_E_CALLBACK = 12,         /* a cl_classifier callback returned non-zero, or its
                                   predict_proba wrote a value that is not a probability */
    CL_E_INTERNAL = 99,         /* a bug in libcleanlab; please report it */
    CL_STATUS_MAX_ENUM_ = 0x7FFFFFFF
} cl_status;

/*! cl_status_string() : a static, never-NULL name for a status ("CL_E_SHAPE"); "CL_E_UNKNOWN"
 *  for values not listed above. Thread-safe. */
const char *cl_status_string(cl_status status);

/*! cl_last_error_message() : the detailed message of the last failed cl_* call on the calling
 *  thread, or "" if the last call succeeded. Never NULL. The pointer refers to thread-local
 *  storage owned by the library: valid until the next cl_* call on the same thread. Messages are
 *  at most 511 bytes (UTF-8, NUL-terminated). */
const char *cl_last_error_message(void);

/* ---------------------------------------------------------------------------------------------
 * Threads
 * ------------------------------------------------------------------------------------------- */
/*! cl_set_num_threads() : process-wide default number of worker threads used when a call does
 *  not say otherwise (cl_options.n_threads == 0). 0 restores the default: all online cores.
 *  @return CL_OK, or CL_E_INVALID_ARGUMENT if n_threads < 0. Thread-safe (atomic). */
cl_status cl_set_num_threads(int32_t n_threads);
/*! cl_get_num_threads() : the number of threads a call with n_threads == 0 will use (>= 1). */
int32_t cl_get_num_threads(void);

/* ---------------------------------------------------------------------------------------------
 * CPU kernels
 * ------------------------------------------------------------------------------------------- */
/*! cl_cpu_kernels() : which compiled copy of the core runs the functions that read pred_probs
 *  (get_confident_thresholds, compute_confident_joint, estimate_joint from pred_probs,
 *  num_label_issues, find_label_issues, find_predicted_neq_given, the label quality scores,
 *  order_label_issues): "x86-64-v3" (x86-64 builds, on a CPU with AVX2, FMA, BMI1/2, F16C,
 *  LZCNT and MOVBE and an OS that saves the AVX state) or "baseline" (the x86-64 SSE2 baseline,
 *  or the target's default CPU elsewhere). Every other function runs the baseline copy.
 *  Decided once per process, at the first call that needs it: the environment variable
 *  CLEANLAB_CPU=baseline forces the baseline copy (any other value, or none, chooses
 *  automatically). Both copies give bit-identical results (no FMA contraction; the same order
 *  of operations); only the speed differs (10-30 % on the calls above). Static storage;
 *  thread-safe. */
const char *cl_cpu_kernels(void);

/* ---------------------------------------------------------------------------------------------
 * Input descriptors
 * ------------------------------------------------------------------------------------------- */
typedef enum cl_dtype {
    CL_DTYPE_FLOAT16 = 1, /* IEEE 754 binary16, stored as uint16_t (numpy float16) */
    CL_DTYPE_FLOAT32 = 2, /* float */
    CL_DTYPE_FLOAT64 = 3  /* double */
} cl_dtype;

typedef enum cl_label_dtype {
    CL_LABEL_INT32 = 1, /* int32_t */
    CL_LABEL_INT64 = 2  /* int64_t */
} cl_label_dtype;

/* Predicted probabilities: a row-major n_examples x n_classes matrix, borrowed.
 * Element (i, k) is at ((const T *)data)[i * row_stride + k], T given by dtype.
 * row_stride is counted in elements; 0 means n_classes (C-contiguous). A numpy slice
 * a[:, :] of a wider array or a memory-mapped file passes as is. */
typedef struct cl_pred_probs {
    const void *data;
    int64_t n_examples;
    int64_t n_classes;
    int64_t row_stride;
    int32_t dtype; /* a cl_dtype */
} cl_pred_probs;

/* Given (noisy) labels: n_examples contiguous integers in [0, n_classes), borrowed. */
typedef struct cl_labels {
    const void *data;
    int64_t n_examples;
    int32_t dtype; /* a cl_label_dtype */
} cl_labels;

/* ---------------------------------------------------------------------------------------------
 * Enumerations of cleanlab's string options
 * ------------------------------------------------------------------------------------------- */
/* filter.find_label_issues(filter_by=...) */
typedef enum cl_filter_by {
    CL_FILTER_PRUNE_BY_NOISE_RATE = 1,   /* 'prune_by_noise_rate' (cleanlab's default) */
    CL_FILTER_PRUNE_BY_CLASS = 2,        /* 'prune_by_class' */
    CL_FILTER_BOTH = 3,                  /* 'both' */
    CL_FILTER_CONFIDENT_LEARNING = 4,    /* 'confident_learning' */
    CL_FILTER_PREDICTED_NEQ_GIVEN = 5,   /* 'predicted_neq_given' */
    CL_FILTER_LOW_NORMALIZED_MARGIN = 6, /* 'low_normalized_margin' */
    CL_FILTER_LOW_SELF_CONFIDENCE = 7    /* 'low_self_confidence' */
} cl_filter_by;

/* rank.get_label_quality_scores(method=...), order_label_issues(rank_by=...),
 * find_label_issues(return_indices_ranked_by=...) */
typedef enum cl_rank_by {
    CL_RANK_NONE = 0,                        /* return_indices_ranked_by=None: no ranking */
    CL_RANK_SELF_CONFIDENCE = 1,             /* 'self_confidence' */
    CL_RANK_NORMALIZED_MARGIN = 2,           /* 'normalized_margin' */
    CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY = 3  /* 'confidence_weighted_entropy' */
} cl_rank_by;

/* The memory order a confident joint had in the caller's numpy array. The data passed through
 * this API is always row-major; the order only says how numpy would have summed it: cleanlab's
 * calibration divides by np.sum(matrix), which adds in memory order, and the last bit of that
 * total can change a rounded count. cleanlab's own compute_confident_joint(calibrate=False)
 * returns a column-major (Fortran-ordered) array. */
typedef enum cl_matrix_order {
    CL_ORDER_ROW_MAJOR = 0,    /* C-ordered numpy array, or any C matrix */
    CL_ORDER_COLUMN_MAJOR = 1  /* Fortran-ordered numpy array */
} cl_matrix_order;

/* count.num_label_issues(estimation_method=...) */
typedef enum cl_estimation_method {
    CL_ESTIMATE_OFF_DIAGONAL = 1,            /* 'off_diagonal' (default) */
    CL_ESTIMATE_OFF_DIAGONAL_CALIBRATED = 2, /* 'off_diagonal_calibrated' */
    CL_ESTIMATE_OFF_DIAGONAL_CUSTOM = 3      /* 'off_diagonal_custom' (needs a confident joint) */
} cl_estimation_method;

/* ---------------------------------------------------------------------------------------------
 * Options of cl_find_label_issues
 * ------------------------------------------------------------------------------------------- */
typedef struct cl_options {
    uint32_t struct_size;              /* sizeof(cl_options); set by cl_options_init() */
    int32_t filter_by;                 /* cl_filter_by; default CL_FILTER_PRUNE_BY_NOISE_RATE */
    int32_t return_indices_ranked_by;  /* cl_rank_by; default CL_RANK_NONE */
    int32_t rank_adjust_pred_probs;    /* rank_by_kwargs={'adjust_pred_probs': True} when != 0;
                                          default 0 */
    double frac_noise;                 /* in (0, 1]; default 1.0 */
    int64_t min_examples_per_class;    /* default 1 */
    const int64_t *num_to_remove_per_class; /* NULL (default) or n_classes counts >= 0, borrowed;
                                          for prune_by_* only. A class with no estimated noise
                                          (a zero noise rate sum, e.g. a missing class) is not
                                          pruned toward: cleanlab divides by zero there and its
                                          NaN counts end up as "prune nothing"; so do we. */
    int64_t num_to_remove_per_class_len;    /* number of entries; must equal n_classes */
    const double *confident_joint;     /* NULL (default) or an n_classes x n_classes row-major
                                          matrix cj[given][true], borrowed; used as is
                                          (not recalibrated), ignored by 'confident_learning',
                                          'predicted_neq_given' and the low_* filters */
    int32_t n_threads;                 /* 0 (default): cl_get_num_threads(); else >= 1 */
    int32_t confident_joint_order;     /* cl_matrix_order of the caller's confident_joint array
                                          (numpy's summation order in cleanlab's prune-count
                                          algebra depends on it); default CL_ORDER_ROW_MAJOR */
} cl_options;

/*! cl_options_init() : fills *options with cleanlab's defaults and struct_size.
 *  @return CL_OK, or CL_E_NULL_POINTER. */
cl_status cl_options_init(cl_options *options);

/* ---------------------------------------------------------------------------------------------
 * count
 * ------------------------------------------------------------------------------------------- */

/*! cl_get_confident_thresholds() : per-class confident thresholds.
 *  Matches cleanlab 2.9.0 `count.get_confident_thresholds(labels, pred_probs)`:
 *  t[k] = mean(pred_probs[labels == k, k]) computed in the input's precision with numpy's
 *  pairwise summation; t[k] = 2.0 for a class absent from labels; then t = max(t, 2e-6).
 *  @param out_thresholds  n_classes doubles. Values are exact copies of the input-precision
 *         thresholds (cleanlab returns the input's dtype when no class is missing, float64
 *         otherwise).
 *  @return CL_OK, or a validation status (labels need not contain 2 classes here). */
cl_status cl_get_confident_thresholds(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                      double *out_thresholds);

/*! cl_compute_confident_joint() : the confident joint cj[given][true] and the off-diagonal
 *  examples. Matches cleanlab 2.9.0 `count.compute_confident_joint(labels, pred_probs,
 *  thresholds=..., calibrate=..., return_indices_of_off_diagonals=True)`.
 *  @param thresholds  NULL (compute them as cl_get_confident_thresholds) or n_classes doubles.
 *  @param thresholds_dtype  the cl_dtype the supplied thresholds had (ignored when thresholds is
 *         NULL): cleanlab evaluates `pred_probs >= thresholds - 1e-6` in that precision, so pass
 *         CL_DTYPE_FLOAT64 for a Python list or a float64 array and CL_DTYPE_FLOAT32 for the
 *         float32 array that get_confident_thresholds returns for float32 pred_probs (each value
 *         must then be exactly representable in that dtype).
 *  @param calibrate   non-zero: apply calibrate_confident_joint (cleanlab's default True).
 *  @param out_confident_joint  n_classes*n_classes int64, row-major, row = given label.
 *  @param out_off_diagonal_mask  NULL or n_examples bytes: 1 where the example is confidently
 *         counted off the diagonal (cleanlab's returned indices, as a mask), else 0.
 *  @param out_num_off_diagonal  NULL or receives the number of such examples.
 *  @return CL_OK, or a validation status. */
cl_status cl_compute_confident_joint(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                     const double *thresholds, int32_t thresholds_dtype,
                                     int32_t calibrate,
                                     int64_t *out_confident_joint, uint8_t *out_off_diagonal_mask,
                                     int64_t *out_num_off_diagonal);

/*! cl_calibrate_confident_joint() : rescales each row of a confident joint to the observed count
 *  of its given label and the total to n, then rounds preserving row totals.
 *  Matches cleanlab 2.9.0 `count.calibrate_confident_joint(confident_joint, labels)`.
 *  @param confident_joint  n_classes x n_classes doubles, row-major (integers usually), finite.
 *  @param confident_joint_order  a cl_matrix_order: the order of the caller's numpy array.
 *  @param labels  labels in [0, n_classes) (need not contain every class), at least one.
 *  @param out_calibrated  n_classes*n_classes int64. May not alias the input.
 *  @return CL_OK, or a validation status. */
cl_status cl_calibrate_confident_joint(const double *confident_joint, int64_t n_classes,
                                       int32_t confident_joint_order, const cl_labels *labels,
                                       int64_t *out_calibrated);

/*! cl_estimate_joint() : the joint distribution p(given, true), summing to 1.
 *  Matches cleanlab 2.9.0 `count.estimate_joint(labels, pred_probs, confident_joint=...)`:
 *  - confident_joint == NULL: the calibrated confident joint of (labels, pred_probs), normalised;
 *  - confident_joint given and labels != NULL: calibrate it with labels, then normalise;
 *  - confident_joint given and labels == NULL: normalise it as is.
 *  @param pred_probs  required when confident_joint is NULL, otherwise ignored (may be NULL).
 *  @param confident_joint_order  a cl_matrix_order (ignored when confident_joint is NULL).
 *  @param n_classes   K: must equal pred_probs->n_classes when pred_probs is used.
 *  @param out_joint   n_classes*n_classes doubles.
 *  @return CL_OK, or a validation status. */
cl_status cl_estimate_joint(const cl_pred_probs *pred_probs, const cl_labels *labels,
                            const double *confident_joint, int32_t confident_joint_order,
                            int64_t n_classes, double *out_joint);

/*! cl_num_label_issues() : the estimated number of label issues.
 *  Matches cleanlab 2.9.0 `count.num_label_issues(labels, pred_probs, confident_joint=...,
 *  estimation_method=...)`. confident_joint (n_classes^2 doubles, its numpy memory order in
 *  confident_joint_order) is required with CL_ESTIMATE_OFF_DIAGONAL_CUSTOM and ignored otherwise
 *  (cleanlab warns; so does the Python binding). Labels must contain at least 2 classes
 *  (CL_E_TOO_FEW_CLASSES).
 *  @return CL_OK, or a validation status; *out_count receives the count. */
cl_status cl_num_label_issues(const cl_pred_probs *pred_probs, const cl_labels *labels,
                              int32_t estimation_method, const double *confident_joint,
                              int32_t confident_joint_order, int64_t *out_count);

/* ---------------------------------------------------------------------------------------------
 * filter
 * ------------------------------------------------------------------------------------------- */

/*! cl_find_label_issues() : the examples whose given label is likely wrong.
 *  Matches cleanlab 2.9.0 `filter.find_label_issues(labels, pred_probs, filter_by=...,
 *  return_indices_ranked_by=..., rank_by_kwargs=..., frac_noise=..., num_to_remove_per_class=...,
 *  min_examples_per_class=..., confident_joint=...)` for every filter_by (see cl_options).
 *  @param options  NULL for the defaults, or initialised by cl_options_init().
 *  @param out_mask  n_examples bytes: 1 = label issue, 0 = not (cleanlab's boolean mask).
 *  @param out_ranked_indices  required when options->return_indices_ranked_by != CL_RANK_NONE
 *         (else ignored, may be NULL): receives the issue indices sorted by ascending label
 *         quality (worst first; ties: lower index first). Its capacity is ranked_capacity;
 *         ranked_capacity >= n_examples always suffices. If the capacity is too small the call
 *         returns CL_E_BUFFER_TOO_SMALL *after* filling out_mask and *out_num_issues, so the
 *         caller may rank with cl_order_label_issues() without recomputing.
 *  @param out_num_issues  receives the number of issues (required).
 *  Labels with a single class are accepted only when every label is 0 (as cleanlab); otherwise
 *  CL_E_TOO_FEW_CLASSES. Empty input (n = 0) is rejected with CL_E_SHAPE, as cleanlab fails. */
cl_status cl_find_label_issues(const cl_pred_probs *pred_probs, const cl_labels *labels,
                               const cl_options *options, uint8_t *out_mask,
                               int64_t *out_ranked_indices, int64_t ranked_capacity,
                               int64_t *out_num_issues);

/*! cl_find_predicted_neq_given() : argmax(pred_probs[i]) != labels[i] (first maximum wins).
 *  Matches cleanlab 2.9.0 `filter.find_predicted_neq_given(labels, pred_probs)`.
 *  @param out_mask n_examples bytes. @param out_count NULL or receives the number flagged. */
cl_status cl_find_predicted_neq_given(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                      uint8_t *out_mask, int64_t *out_count);

/* ---------------------------------------------------------------------------------------------
 * rank
 * ------------------------------------------------------------------------------------------- */

/*! cl_get_label_quality_scores() : one score in [0, 1] per example, lower = more likely
 *  mislabeled. Matches cleanlab 2.9.0 `rank.get_label_quality_scores(labels, pred_probs,
 *  method=..., adjust_pred_probs=...)`.
 *  @param method  CL_RANK_SELF_CONFIDENCE, CL_RANK_NORMALIZED_MARGIN or
 *         CL_RANK_CONFIDENCE_WEIGHTED_ENTROPY (the last one rejects adjust_pred_probs).
 *  @param out_scores  n_examples doubles. For self_confidence and normalized_margin they are
 *         exact copies of values computed in the input's precision (cleanlab returns the input's
 *         dtype); confidence_weighted_entropy is float64 as in cleanlab. */
cl_status cl_get_label_quality_scores(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                      int32_t method, int32_t adjust_pred_probs,
                                      double *out_scores);

/*! cl_get_self_confidence_for_each_label() : pred_probs[i, labels[i]].
 *  Matches `rank.get_self_confidence_for_each_label`. out_scores: n_examples doubles. */
cl_status cl_get_self_confidence_for_each_label(const cl_pred_probs *pred_probs,
                                                const cl_labels *labels, double *out_scores);

/*! cl_get_normalized_margin_for_each_label() : (p[i,y] - max_{k != y} p[i,k] + 1) / 2 in the
 *  input's precision. Matches `rank.get_normalized_margin_for_each_label`. */
cl_status cl_get_normalized_margin_for_each_label(const cl_pred_probs *pred_probs,
                                                  const cl_labels *labels, double *out_scores);

/*! cl_get_confidence_weighted_entropy_for_each_label() : log(s + 1) / max(s, 1e-6) with
 *  s = normalized entropy / max(p[i,y], 1e-6). Matches
 *  `rank.get_confidence_weighted_entropy_for_each_label`. */
cl_status cl_get_confidence_weighted_entropy_for_each_label(const cl_pred_probs *pred_probs,
                                                            const cl_labels *labels,
                                                            double *out_scores);

/*! cl_order_label_issues() : the indices of the examples flagged in label_issues_mask, sorted by
 *  ascending label quality (worst first; ties: lower index first).
 *  Matches cleanlab 2.9.0 `rank.order_label_issues(label_issues_mask, labels, pred_probs,
 *  rank_by=..., rank_by_kwargs={'adjust_pred_probs': ...})`.
 *  @param label_issues_mask  n_examples bytes, non-zero = flagged.
 *  @param out_indices  capacity entries; the number of flagged examples always suffices.
 *  @param out_count  receives the number of flagged examples; on CL_E_BUFFER_TOO_SMALL it holds
 *         the capacity needed. */
cl_status cl_order_label_issues(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                const uint8_t *label_issues_mask, int32_t rank_by,
                                int32_t adjust_pred_probs, int64_t *out_indices, int64_t capacity,
                                int64_t *out_count);

/*! cl_find_top_issues() : the indices of the `top` lowest quality scores, lowest first (ties:
 *  lower index first; NaN sorts last, as in numpy). Matches `rank.find_top_issues(quality_scores,
 *  top=...)`. top < 0 means all (cleanlab's top=None); top > n means n.
 *  @param out_indices  min(top, n) entries (n when top < 0). @param out_count receives that
 *         number (NULL allowed). */
cl_status cl_find_top_issues(const double *quality_scores, int64_t n, int64_t top,
                             int64_t *out_indices, int64_t *out_count);

/* =============================================================================================
 * Area: latent -- latent estimation (count.estimate_latent & co.), latent algebra
 * (internal.latent_algebra) and the numeric helpers of internal.util.
 *
 * Matrices are K x K doubles, row-major (element (i, j) at [i * K + j]). A noise matrix is
 * P(given = i | true = j) (columns sum to 1); an inverse noise matrix is
 * P(true = i | given = j) (columns sum to 1); a confident joint is cj[given][true].
 * Inputs must be finite (CL_E_NOT_FINITE otherwise; cleanlab would propagate NaN silently).
 * Floating-point results agree with cleanlab 2.9.0 to ~1e-13 relative: sums follow numpy's order,
 * np.linalg.inv and np.dot are computed with an LU decomposition (partial pivoting) and plain dot
 * products, which agree with LAPACK/BLAS to rounding. Outputs may not alias inputs.
 * ============================================================================================= */

/* cleanlab's py_method: how the latent prior p(true label) is estimated. */
typedef enum cl_py_method {
    CL_PY_CNT = 1,         /* 'cnt' (default): diag(inv) / diag(nm) * ps */
    CL_PY_EQN = 2,         /* 'eqn': inv(nm) . ps (CL_E_NUMERIC if nm is singular) */
    CL_PY_MARGINAL = 3,    /* 'marginal': true-label counts / their sum */
    CL_PY_MARGINAL_PS = 4  /* 'marginal_ps': inv . ps */
} cl_py_method;

/*! cl_estimate_latent() : (py, noise_matrix, inverse_noise_matrix) from a confident joint.
 *  Matches cleanlab 2.9.0 `count.estimate_latent(confident_joint, labels, py_method=...,
 *  converge_latent_estimates=...)`: ps = label counts / n; nm = cj / max(column sums, 1e-100);
 *  inv = cj.T / max(row sums, 1e-100); py = compute_py(ps, nm, inv, py_method, column sums);
 *  both matrices through clip_noise_rates; with converge != 0, _converge_estimates (5 x 3
 *  iterations), py clipped to [1e-5, 1] and renormalised, both matrices clipped again.
 *  @param confident_joint  n_classes x n_classes doubles (usually integer counts), finite.
 *  @param confident_joint_order  a cl_matrix_order: the memory order of the caller's numpy array
 *         (numpy's summation order of the row and column sums depends on it; it matters only for
 *         non-integer counts).
 *  @param labels  at least one label, each in [0, n_classes) (classes may be missing).
 *  @param py_method  a cl_py_method.
 *  @param out_py  n_classes doubles. @param out_noise_matrix, out_inverse_noise_matrix
 *         n_classes^2 doubles each.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE (n_classes < 1, no labels), CL_E_DTYPE,
 *          CL_E_LABEL_RANGE, CL_E_NOT_FINITE, CL_E_INVALID_ARGUMENT (py_method or order),
 *          CL_E_NUMERIC (CL_PY_EQN with a singular noise matrix). */
cl_status cl_estimate_latent(const double *confident_joint, int64_t n_classes,
                             int32_t confident_joint_order, const cl_labels *labels,
                             int32_t py_method, int32_t converge_latent_estimates, double *out_py,
                             double *out_noise_matrix, double *out_inverse_noise_matrix);

/*! cl_estimate_py_and_noise_matrices_from_probabilities() : (py, nm, inv, confident joint).
 *  Matches cleanlab 2.9.0 `count.estimate_py_and_noise_matrices_from_probabilities(labels,
 *  pred_probs, thresholds=..., converge_latent_estimates=..., py_method=..., calibrate=...)`:
 *  cl_compute_confident_joint() followed by cl_estimate_latent() (the uncalibrated joint counts
 *  as column-major, as cleanlab's is).
 *  @param thresholds, thresholds_dtype  as in cl_compute_confident_joint() (NULL: computed).
 *  @param converge_latent_estimates  cleanlab's default is 1 here.
 *  @param out_py  K doubles; out_noise_matrix, out_inverse_noise_matrix  K*K doubles;
 *  @param out_confident_joint  K*K int64 (row = given label).
 *  @return CL_OK, or a status of cl_compute_confident_joint() / cl_estimate_latent(). */
cl_status cl_estimate_py_and_noise_matrices_from_probabilities(
    const cl_pred_probs *pred_probs, const cl_labels *labels, const double *thresholds,
    int32_t thresholds_dtype, int32_t converge_latent_estimates, int32_t py_method,
    int32_t calibrate, double *out_py, double *out_noise_matrix, double *out_inverse_noise_matrix,
    int64_t *out_confident_joint);

/*! cl_converge_estimates() : makes (py, nm, inv) algebraically consistent.
 *  Matches cleanlab 2.9.0 `count._converge_estimates(ps, py, noise_matrix,
 *  inverse_noise_matrix, inv_noise_matrix_iterations=..., noise_matrix_iterations=...)`: for each
 *  of noise_matrix_iterations rounds, inv_noise_matrix_iterations times {inv =
 *  compute_inv_noise_matrix(py, nm, ps); py = compute_py(ps, nm, inv, 'cnt')}, then nm =
 *  compute_noise_matrix_from_inverse(ps, inv, py). Iteration counts must be >= 0 (cleanlab: 5, 3).
 *  @param ps, py  K doubles; noise_matrix, inverse_noise_matrix  K*K doubles.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE, CL_E_INVALID_ARGUMENT. */
cl_status cl_converge_estimates(const double *ps, const double *py, const double *noise_matrix,
                                const double *inverse_noise_matrix, int64_t n_classes,
                                int64_t inv_noise_matrix_iterations,
                                int64_t noise_matrix_iterations, double *out_py,
                                double *out_noise_matrix, double *out_inverse_noise_matrix);

/*! cl_compute_py() : the latent prior p(true label).
 *  Matches cleanlab 2.9.0 `internal.latent_algebra.compute_py(ps, noise_matrix,
 *  inverse_noise_matrix, py_method=..., true_labels_class_counts=...)`: see cl_py_method; the
 *  result is clipped to [1e-6, 1] and rescaled to sum 1.
 *  @param true_labels_class_counts  K doubles, required for CL_PY_MARGINAL (else
 *         CL_E_INVALID_ARGUMENT, as cleanlab's ValueError), ignored otherwise (may be NULL).
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE, CL_E_INVALID_ARGUMENT,
 *          CL_E_NUMERIC (CL_PY_EQN with a singular noise matrix). */
cl_status cl_compute_py(const double *ps, const double *noise_matrix,
                        const double *inverse_noise_matrix, int64_t n_classes, int32_t py_method,
                        const double *true_labels_class_counts, double *out_py);

/*! cl_compute_inv_noise_matrix() : P(true | given) from py and P(given | true).
 *  Matches `internal.latent_algebra.compute_inv_noise_matrix(py, noise_matrix, ps=...)`:
 *  joint = nm * py; ps (NULL: the joint's row sums); inv = joint.T / max(ps, 1e-100); then
 *  clip_noise_rates. @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE. */
cl_status cl_compute_inv_noise_matrix(const double *py, const double *noise_matrix,
                                      int64_t n_classes, const double *ps,
                                      double *out_inverse_noise_matrix);

/*! cl_compute_noise_matrix_from_inverse() : P(given | true) from ps and P(true | given).
 *  Matches `internal.latent_algebra.compute_noise_matrix_from_inverse(ps, inverse_noise_matrix,
 *  py=...)`: joint = (inv * ps).T; py (NULL: the joint's column sums); nm = joint /
 *  max(py, 1e-100); then clip_noise_rates.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE. */
cl_status cl_compute_noise_matrix_from_inverse(const double *ps,
                                               const double *inverse_noise_matrix,
                                               int64_t n_classes, const double *py,
                                               double *out_noise_matrix);

/*! cl_compute_py_inv_noise_matrix() : (py, inv) from ps and the noise matrix.
 *  Matches `internal.latent_algebra.compute_py_inv_noise_matrix(ps, noise_matrix)`: py =
 *  inv(nm) . ps clipped to [1e-6, 1] and rescaled to sum 1; inv = compute_inv_noise_matrix(py,
 *  nm, ps). @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE, CL_E_NUMERIC
 *  (singular noise matrix: numpy's LinAlgError). */
cl_status cl_compute_py_inv_noise_matrix(const double *ps, const double *noise_matrix,
                                         int64_t n_classes, double *out_py,
                                         double *out_inverse_noise_matrix);

/*! cl_compute_ps_py_inv_noise_matrix() : (ps, py, inv) from labels and the noise matrix.
 *  Matches `internal.latent_algebra.compute_ps_py_inv_noise_matrix(labels, noise_matrix)` with
 *  ps = label counts / n. Every class 0..K-1 must occur in labels: cleanlab's ps then has fewer
 *  than K entries and numpy fails (CL_E_SHAPE here).
 *  @return as cl_compute_py_inv_noise_matrix(), plus CL_E_DTYPE, CL_E_LABEL_RANGE. */
cl_status cl_compute_ps_py_inv_noise_matrix(const cl_labels *labels, const double *noise_matrix,
                                            int64_t n_classes, double *out_ps, double *out_py,
                                            double *out_inverse_noise_matrix);

/*! cl_compute_pyx() : p(true label | x) from predicted probabilities.
 *  Matches `internal.latent_algebra.compute_pyx(pred_probs, noise_matrix,
 *  inverse_noise_matrix)`: pyx = pred_probs * diag(inv) / max(diag(nm), 1e-100), each row
 *  clipped to [0, 1] and rescaled to sum 1 (a row of zeros stays zero).
 *  @param pred_probs  n_examples x n_classes doubles, row-major, finite (not range-checked, as
 *         cleanlab). @param out_pyx  n_examples * n_classes doubles.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE. */
cl_status cl_compute_pyx(const double *pred_probs, int64_t n_examples, int64_t n_classes,
                         const double *noise_matrix, const double *inverse_noise_matrix,
                         double *out_pyx);

/*! cl_clip_noise_rates() : off-diagonal entries clipped to [0, 0.9999], the diagonal kept, each
 *  column divided by max(its sum, 1e-100). Matches `internal.util.clip_noise_rates`.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE. */
cl_status cl_clip_noise_rates(const double *matrix, int64_t n_classes, double *out_matrix);

/*! cl_clip_values() : x clipped to [low, high] (low > high gives high, as np.clip), then
 *  rescaled to sum to new_sum (has_new_sum != 0) or to the sum before clipping.
 *  Matches `internal.util.clip_values(x, low, high, new_sum)`. n >= 0.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE (x, low, high, new_sum). */
cl_status cl_clip_values(const double *x, int64_t n, double low, double high,
                         int32_t has_new_sum, double new_sum, double *out);

/*! cl_remove_noise_from_class() : zeroes the off-diagonal entries of row class_without_noise
 *  and sets each diagonal entry to 1 - (its column's off-diagonal sum). Matches
 *  `internal.util.remove_noise_from_class(noise_matrix, class_without_noise)`.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE, CL_E_INVALID_ARGUMENT (class
 *          outside [0, K)). */
cl_status cl_remove_noise_from_class(const double *noise_matrix, int64_t n_classes,
                                     int64_t class_without_noise, double *out_matrix);

/*! cl_round_preserving_sum() : rounds half to even, then moves entries by +-1 (largest residual
 *  first; ties as described in the conventions) until the total equals the rounded total.
 *  Matches `internal.util.round_preserving_sum`. n >= 0.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_NOT_FINITE (cleanlab returns garbage
 *          integers for NaN/inf), CL_E_NUMERIC (a value of magnitude >= 2^63, or a total
 *          too large to round exactly). */
cl_status cl_round_preserving_sum(const double *values, int64_t n, int64_t *out);

/*! cl_round_preserving_row_totals() : cl_round_preserving_sum() on each row of a row-major
 *  n_rows x n_cols matrix. Matches `internal.util.round_preserving_row_totals`.
 *  @return as cl_round_preserving_sum(). */
cl_status cl_round_preserving_row_totals(const double *matrix, int64_t n_rows, int64_t n_cols,
                                         int64_t *out);

/* ---------------------------------------------------------------------------------------------
 * noise generation (area `noise`): cleanlab 2.9.0's benchmarking.noise_generation
 *
 * Randomness: every random function takes an explicit uint64_t seed and draws from libcleanlab's
 * documented PRNG, xoshiro256** whose state is four outputs of SplitMix64 started at the seed
 * (uniform doubles are (next >> 11) * 2^-53). The same seed gives the same output in C, Swift and
 * Python, on every thread count. The outputs have cleanlab's distributions and documented
 * properties but are NOT numpy's MT19937 streams: they differ from cleanlab's for the same seed.
 * Every loop is bounded (max_iter, or 10^6 fix-up rounds: CL_E_NUMERIC), never endless.
 * Noise matrices are K x K row-major doubles, entry [row][col] = P(label = row | true = col)
 * (columns sum to 1), as cleanlab's arrays.
 * ------------------------------------------------------------------------------------------- */

/*! cl_noise_matrix_is_valid() : whether learning with this noise is possible.
 *  Matches cleanlab 2.9.0 `noise_matrix_is_valid(noise_matrix, py)` exactly (deterministic):
 *  false unless sum(noise_matrix * py) is within 1e-6 of 1 (numpy's pairwise sum in row-major
 *  order) and ps[i] * py[i] < noise_matrix[i][i] * py[i] for every i, ps = noise_matrix . py
 *  computed in the order of numpy's OpenBLAS dgemv on x86-64 (so borderline answers agree with
 *  cleanlab on a C-contiguous float64 matrix). NaN/inf entries give 0, as cleanlab's False.
 *  @param noise_matrix  n_classes x n_classes doubles, row-major, borrowed.
 *  @param py  n_classes doubles, P(true_label = k), borrowed.
 *  @param n_classes  K >= 1.
 *  @param out_is_valid  receives 1 (valid) or 0.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE (K < 1 or too large). */
cl_status cl_noise_matrix_is_valid(const double *noise_matrix, const double *py, int64_t n_classes,
                                   int32_t *out_is_valid);

/*! cl_generate_noisy_labels() : noisy labels that realise a noise matrix exactly.
 *  Matches cleanlab 2.9.0 `generate_noisy_labels(true_labels, noise_matrix)`: with
 *  py[k] = count(true_labels == k) / n and count_joint[j][k] = (int)(noise_matrix[j][k] * py[k]
 *  * n) (truncated, diagonal ignored), for every true class k exactly count_joint[j][k] examples
 *  of class k, drawn uniformly without replacement, get label j; a class whose total flips exceed
 *  its size is left unchanged (as cleanlab). Random draws come from `seed`.
 *  @param true_labels  n >= 1 labels in [0, n_classes) (int32 or int64), borrowed. Either every
 *         class is present or exactly one is (otherwise cleanlab fails to broadcast: CL_E_SHAPE).
 *  @param noise_matrix  n_classes x n_classes doubles in [0, 1], row-major.
 *  @param out_labels  n int64 (may not alias true_labels).
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_SHAPE, CL_E_DTYPE, CL_E_LABEL_RANGE, CL_E_NOT_FINITE,
 *          CL_E_PROB_RANGE (a matrix entry outside [0, 1]). */
cl_status cl_generate_noisy_labels(const cl_labels *true_labels, int64_t n_classes,
                                   const double *noise_matrix, uint64_t seed, int64_t *out_labels);

/* Options of cl_generate_noise_matrix_from_trace: cleanlab's keyword arguments. Initialise with
 * cl_noise_matrix_options_init(); the struct grows only at its end (struct_size, as cl_options). */
typedef struct cl_noise_matrix_options {
    uint32_t struct_size;          /* sizeof(cl_noise_matrix_options); set by the init function */
    int32_t valid_noise_matrix;    /* != 0 (default 1): only return matrices that pass
                                      cl_noise_matrix_is_valid with py (needs trace > 1) */
    double max_trace_prob;         /* default 1.0    ; in [0, 1], >= min_trace_prob */
    double min_trace_prob;         /* default 1e-5   ; in [0, 1] */
    double max_noise_rate;         /* default 1-1e-5 ; in [0, 1], >= min_noise_rate */
    double min_noise_rate;         /* default 0.0    ; in [0, 1] */
    double frac_zero_noise_rates;  /* default 0.0    ; in [0, 1] */
    const double *py;              /* NULL (default) or n_classes priors, borrowed; required when
                                      valid_noise_matrix != 0 and n_classes > 2 */
    int64_t max_iter;              /* default 10000: tries before giving up (*out_found = 0) */
} cl_noise_matrix_options;

/*! cl_noise_matrix_options_init() : cleanlab's defaults and struct_size.
 *  @return CL_OK or CL_E_NULL_POINTER. */
cl_status cl_noise_matrix_options_init(cl_noise_matrix_options *options);

/*! cl_generate_noise_matrix_from_trace() : a random K x K noise matrix with a given trace.
 *  Matches cleanlab 2.9.0 `generate_noise_matrix_from_trace(K, trace, max_trace_prob=...,
 *  min_trace_prob=..., max_noise_rate=..., min_noise_rate=..., valid_noise_matrix=..., py=...,
 *  frac_zero_noise_rates=..., seed=..., max_iter=...)`, including the K == 2 special case, with
 *  libcleanlab's PRNG seeded by `seed` instead of np.random.seed(seed).
 *  @param options  NULL for the defaults, or initialised by cl_noise_matrix_options_init().
 *  @param out_noise_matrix  n_classes^2 doubles, row-major; written only when found.
 *  @param out_found  receives 1, or 0 when no valid matrix was found within max_iter tries or
 *         max_iter < 1 (cleanlab returns None).
 *  @return CL_OK; CL_E_INVALID_ARGUMENT for cleanlab's ValueErrors (valid_noise_matrix with
 *          trace <= 1, or with py NULL and K > 2; impossible trace or noise-rate bounds: the
 *          errors of cl_generate_n_rand_probabilities_that_sum_to_m) and for libcleanlab's checks
 *          (trace outside [0, K], a bound outside [0, 1] or min > max, frac_zero_noise_rates
 *          outside [0, 1], trace < 1 with K == 2 and frac_zero_noise_rates >= 0.5, struct_size);
 *          CL_E_SHAPE for K < 2; CL_E_NOT_FINITE for a non-finite py; CL_E_NUMERIC if a fix-up
 *          loop does not converge; CL_E_NULL_POINTER. */
cl_status cl_generate_noise_matrix_from_trace(int64_t n_classes, double trace,
                                              const cl_noise_matrix_options *options, uint64_t seed,
                                              double *out_noise_matrix, int32_t *out_found);

/*! cl_generate_n_rand_probabilities_that_sum_to_m() : n random probabilities summing to m.
 *  Matches cleanlab 2.9.0 `generate_n_rand_probabilities_that_sum_to_m(n, m, max_prob=...,
 *  min_prob=...)`: m * Dirichlet(1, ..., 1), then cleanlab's fix-ups into
 *  [min_prob - 1e-6, max_prob + 1e-6]. cleanlab's defaults: max_prob = 1.0, min_prob = 0.0.
 *  @param out  n doubles (NULL allowed when n == 0).
 *  @return CL_OK; CL_E_INVALID_ARGUMENT for cleanlab's ValueErrors (max_prob + 1e-6 < m / n,
 *          min_prob > (m + 1e-6) / n); CL_E_SHAPE (n < 0); CL_E_NOT_FINITE; CL_E_NUMERIC (the
 *          fix-ups did not converge in 10^6 rounds); CL_E_NULL_POINTER. */
cl_status cl_generate_n_rand_probabilities_that_sum_to_m(int64_t n, double m, double max_prob,
                                                         double min_prob, uint64_t seed,
                                                         double *out);

/*! cl_randomly_distribute_n_balls_into_k_bins() : K random bin counts summing to N.
 *  Matches cleanlab 2.9.0 `randomly_distribute_N_balls_into_K_bins(N, K, max_balls_per_bin=...,
 *  min_balls_per_bin=...)`: when N / K > max_balls_per_bin the total becomes
 *  max_balls_per_bin * K. A negative max_balls_per_bin / min_balls_per_bin means None.
 *  @param out  n_bins int64 (NULL allowed when n_bins == 0).
 *  @return CL_OK; CL_E_SHAPE (N < 0, K < 0, K == 0 with N > 0); CL_E_INVALID_ARGUMENT
 *          (max_balls_per_bin == 0 with N > 0; min_balls_per_bin too large for
 *          max_balls_per_bin); CL_E_NULL_POINTER. */
cl_status cl_randomly_distribute_n_balls_into_k_bins(int64_t n_balls, int64_t n_bins,
                                                     int64_t max_balls_per_bin,
                                                     int64_t min_balls_per_bin, uint64_t seed,
                                                     int64_t *out);

/*! cl_generate_synthetic_dataset() : a dataset with known label errors (libcleanlab extension,
 *  not in cleanlab). Priors py = 0.5/K + 0.5 * Dirichlet(1, ..., 1); a valid noise matrix with
 *  the given trace (cl_generate_noise_matrix_from_trace with py and frac_zero_noise_rates);
 *  ~py[k] * n true labels per class (at least one each), shuffled; noisy labels as
 *  cl_generate_noisy_labels; pred_probs of an imperfect classifier (softmax of noisy logits
 *  favouring the true class and, a little, the noisy label). Deterministic for a seed.
 *  @param n_examples  n >= n_classes. @param n_classes  K >= 2. @param trace  in (1, K].
 *  @param pred_probs_dtype  CL_DTYPE_FLOAT32 or CL_DTYPE_FLOAT64: the type of out_pred_probs.
 *  @param out_true_labels, out_noisy_labels  n int64 each.
 *  @param out_pred_probs  n * K values of pred_probs_dtype, row-major.
 *  @param out_noise_matrix  NULL or K * K doubles. @param out_py  NULL or K doubles.
 *  @return CL_OK; CL_E_SHAPE; CL_E_INVALID_ARGUMENT; CL_E_DTYPE; CL_E_NUMERIC (no valid noise
 *          matrix found); CL_E_NULL_POINTER. */
cl_status cl_generate_synthetic_dataset(int64_t n_examples, int64_t n_classes, double trace,
                                        double frac_zero_noise_rates, uint64_t seed,
                                        int32_t pred_probs_dtype, int64_t *out_true_labels,
                                        int64_t *out_noisy_labels, void *out_pred_probs,
                                        double *out_noise_matrix, double *out_py);

/* =============================================================================================
 * Area: stream — exact streaming / batched find_label_issues
 * =============================================================================================
 * pred_probs too large for memory (a memory-mapped file, batches from a model) are fed in row
 * blocks of any sizes over a few sequential passes; the library keeps O(n + K^2) state (n labels,
 * a few per-example scalars, K x K counts) and never a copy of pred_probs. The answers are
 * bit-identical to cl_find_label_issues / cl_get_label_quality_scores / cl_num_label_issues on
 * the whole matrix, for every block size and thread count — unlike cleanlab's
 * experimental.label_issues_batched, which only approximates find_label_issues.
 *
 * Usage (in the style of zstd's streaming API):
 *
 *     cl_stream *s;
 *     cl_stream_create(&labels, K, &opts, CL_RANK_NONE, 0, &s);
 *     int32_t more;
 *     while (cl_stream_begin_pass(s, &more) == CL_OK && more) {
 *         for (each block of rows [first, first + rows)) {   // in order, no gaps
 *             cl_pred_probs b = { data, rows, K, 0, CL_DTYPE_FLOAT32 };
 *             cl_stream_feed(s, &b, first);
 *         }
 *         cl_stream_end_pass(s);
 *     }
 *     cl_stream_result(s, mask, ranked, n, &num_issues);
 *     cl_stream_destroy(s);
 *
 * Passes: 1) validation and p[i, labels[i]] (the confident thresholds are computed at its end,
 * with numpy's pairwise summation whatever the block boundaries); 2) the confident joint, flags
 * and scores; 3) prune_by_noise_rate / prune_by_class / both only: the per-class selections.
 * Every pass must feed the same pred_probs (checked on p[i, labels[i]]).
 *
 * Errors: a call made in the wrong state, a block that does not start at the next expected row
 * (out of order, overlapping, leaving a gap) or runs past n, a block with the wrong n_classes,
 * a block whose dtype differs from the first block's, or ending a pass with rows missing returns
 * a status (CL_E_INVALID_ARGUMENT, CL_E_SHAPE or CL_E_DTYPE) and leaves the stream unchanged:
 * the caller may correct the call. Bad data (NaN/inf: CL_E_NOT_FINITE; probabilities out of
 * range: CL_E_PROB_RANGE; a block differing from pass 1: CL_E_INVALID_ARGUMENT) and numeric
 * failures make the stream failed: every later call except cl_stream_destroy returns that status.
 * Messages name the global row and column at fault.
 *
 * Validation order differs from cl_find_label_issues in one way: option and label errors are
 * reported by cl_stream_create, before any probability is seen (the whole-matrix function
 * validates pred_probs first).
 *
 * Thread-safety: a cl_stream may be used from any thread but by one thread at a time (calls on
 * one handle must not overlap); distinct handles are independent. Within a call, blocks are
 * processed by worker threads (options->n_threads); results do not depend on their number.
 * Using a handle after cl_stream_destroy is undefined behaviour.
 */
typedef struct cl_stream cl_stream;

/*! cl_stream_create() : a stream computing cl_find_label_issues(labels, pred_probs, options)
 *  and, optionally, get_label_quality_scores(method=quality_method, adjust_pred_probs=...).
 *  @param labels  n_examples labels in [0, n_classes); copied (the caller's buffer may be freed
 *         after the call). Label rules as cl_find_label_issues (n = 0: CL_E_SHAPE; one class:
 *         CL_E_TOO_FEW_CLASSES unless every label is 0 and filter_by accepts that).
 *  @param n_classes  K >= 2: every block must have K columns.
 *  @param options  NULL (defaults) or initialised by cl_options_init(); its arrays are copied.
 *  @param quality_method  CL_RANK_NONE (no scores) or a cl_rank_by for cl_stream_quality_scores.
 *  @param quality_adjust_pred_probs  non-zero: adjust_pred_probs=True (not with
 *         confidence_weighted_entropy: CL_E_INVALID_ARGUMENT).
 *  @param out_stream  receives the handle; free it with cl_stream_destroy().
 *  @return CL_OK, CL_E_NO_MEMORY, or a validation status (nothing is allocated then). */
cl_status cl_stream_create(const cl_labels *labels, int64_t n_classes, const cl_options *options,
                           int32_t quality_method, int32_t quality_adjust_pred_probs,
                           cl_stream **out_stream);

/*! cl_stream_create_without_labels() : as cl_stream_create, for labels that arrive with the
 *  blocks: pass 1 must use cl_stream_feed_with_labels(); n is the number of rows pass 1
 *  receives. Labels are range-checked as they arrive (CL_E_LABEL_RANGE, recoverable); the class
 *  checks of cl_stream_create (n = 0: CL_E_SHAPE; CL_E_TOO_FEW_CLASSES) are made by
 *  cl_stream_end_pass of pass 1 and are fatal. Later passes may feed the labels again (they are
 *  then checked) or not. */
cl_status cl_stream_create_without_labels(int64_t n_classes, const cl_options *options,
                                          int32_t quality_method,
                                          int32_t quality_adjust_pred_probs,
                                          cl_stream **out_stream);

/*! cl_stream_destroy() : frees a stream (NULL is accepted and ignored). */
void cl_stream_destroy(cl_stream *stream);

/*! cl_stream_pass_count() : the number of passes the stream needs (2, or 3 for the prune_by_*
 *  filters) in *out_passes, and in *out_done (NULL allowed) the number completed. */
cl_status cl_stream_pass_count(const cl_stream *stream, int32_t *out_passes, int32_t *out_done);

/*! cl_stream_begin_pass() : starts the next pass and sets *out_pass_needed = 1, or, when every
 *  pass is done, sets it to 0 and starts nothing. CL_E_INVALID_ARGUMENT if a pass is already in
 *  progress. */
cl_status cl_stream_begin_pass(cl_stream *stream, int32_t *out_pass_needed);

/*! cl_stream_feed() : rows [first_row, first_row + block->n_examples) of pred_probs for the
 *  current pass. first_row must equal the number of rows fed so far in this pass. The block is
 *  borrowed for the duration of the call only. A block of 0 rows is accepted (and fixes the
 *  dtype if it is the first). */
cl_status cl_stream_feed(cl_stream *stream, const cl_pred_probs *block, int64_t first_row);

/*! cl_stream_feed_with_labels() : cl_stream_feed with the block's labels (block->n_examples
 *  of them). Required in pass 1 of a stream made by cl_stream_create_without_labels; otherwise
 *  the labels must equal those the stream has (else CL_E_INVALID_ARGUMENT, recoverable). */
cl_status cl_stream_feed_with_labels(cl_stream *stream, const cl_pred_probs *block,
                                     const cl_labels *labels, int64_t first_row);

/*! cl_stream_end_pass() : ends the current pass; all n rows must have been fed (else CL_E_SHAPE,
 *  and the pass stays open). */
cl_status cl_stream_end_pass(cl_stream *stream);

/*! cl_stream_result() : the result of cl_find_label_issues, once every pass is done (else
 *  CL_E_INVALID_ARGUMENT). Same outputs and rules as cl_find_label_issues: out_mask gets n bytes;
 *  out_ranked_indices (capacity ranked_capacity) is required when return_indices_ranked_by is
 *  set, and CL_E_BUFFER_TOO_SMALL is returned after filling out_mask and *out_num_issues when
 *  it is too small. May be called any number of times. */
cl_status cl_stream_result(const cl_stream *stream, uint8_t *out_mask,
                           int64_t *out_ranked_indices, int64_t ranked_capacity,
                           int64_t *out_num_issues);

/*! cl_stream_quality_scores() : n doubles, cl_get_label_quality_scores(quality_method,
 *  quality_adjust_pred_probs) on the whole data, once every pass is done. CL_E_INVALID_ARGUMENT
 *  if the stream was created with CL_RANK_NONE. */
cl_status cl_stream_quality_scores(const cl_stream *stream, double *out_scores);

/*! cl_stream_quality_scores_range() : the quality scores of rows [first_row, first_row +
 *  n_rows) into out_scores (n_rows doubles): available for rows already fed in pass 2 (scores
 *  are computed there) and for every row after pass 2. Lets a caller consume scores batch by
 *  batch, as cleanlab's LabelInspector.score_label_quality returns them. */
cl_status cl_stream_quality_scores_range(const cl_stream *stream, int64_t first_row,
                                         int64_t n_rows, double *out_scores);

/*! cl_stream_num_label_issues() : cl_num_label_issues(estimation_method, confident_joint,
 *  confident_joint_order) on the whole data, once every pass is done. */
cl_status cl_stream_num_label_issues(const cl_stream *stream, int32_t estimation_method,
                                     const double *confident_joint,
                                     int32_t confident_joint_order, int64_t *out_count);

/*! cl_stream_confident_thresholds() : n_classes doubles, cl_get_confident_thresholds on the
 *  whole data, available once pass 1 is done. */
cl_status cl_stream_confident_thresholds(const cl_stream *stream, double *out_thresholds);

/* =============================================================================================
 * cleanlab 1.x semantics (area `v1`)
 *
 * The seed API: cleanlab 1.0.1's `pruning.get_noise_indices` and the confident-joint functions of
 * `latent_estimation`, with 1.x's answers where they differ from 2.x:
 * - thresholds are the plain per-class means (no 2e-6 floor) and the confident joint's diagonal
 *   is not raised to 1;
 * - K is taken from the labels: every class 0..K-1 must occur in them (1.x fails, or misaligns its
 *   per-class counts, when one is missing; libcleanlab returns CL_E_LABEL_RANGE);
 * - MIN_NUM_PER_CLASS = 5: a class with <= 5 examples is never pruned, and the prune counts keep at
 *   least 5 examples per class;
 * - prune_by_noise_rate flags every example of class k whose margin p[j] - p[k] is >= the n-th
 *   largest margin (ties at the cut all flagged, possibly more than n); prune_by_class flags the
 *   examples whose p[k] is strictly below the value at sorted position count_k - pcm[k][k] (ties
 *   at the cut never flagged); both are deterministic on ties;
 * - the final filter un-flags an example whose argmax (first maximum = lowest class index) is its
 *   given label;
 * - cl_v1_num_label_errors truncates (2.x rounds).
 * Where 1.x fails or returns garbage (a class missing, a zero row, a prune count larger than its
 * class), these functions return a status with a message instead.
 * ------------------------------------------------------------------------------------------- */

/* pruning.get_noise_indices(prune_method=...) */
typedef enum cl_v1_prune_method {
    CL_V1_PRUNE_BY_NOISE_RATE = 1, /* 'prune_by_noise_rate' (default) */
    CL_V1_PRUNE_BY_CLASS = 2,      /* 'prune_by_class' */
    CL_V1_PRUNE_BOTH = 3           /* 'both' */
} cl_v1_prune_method;

/* pruning.get_noise_indices(sorted_index_method=...), pruning.order_label_errors */
typedef enum cl_v1_sorted_index_method {
    CL_V1_SORT_NONE = 0,             /* None: return a mask only */
    CL_V1_SORT_PROB_GIVEN_LABEL = 1, /* 'prob_given_label': ascending psx[i][s[i]] */
    CL_V1_SORT_NORMALIZED_MARGIN = 2 /* 'normalized_margin': ascending psx[i][s[i]] - max(psx[i])
                                        (the max over all classes, given one included) */
} cl_v1_sorted_index_method;

/* Options of cl_v1_get_noise_indices. Grows only at its end; initialise with
 * cl_v1_options_init(). */
typedef struct cl_v1_options {
    uint32_t struct_size;            /* sizeof(cl_v1_options); set by cl_v1_options_init() */
    int32_t prune_method;            /* cl_v1_prune_method; default CL_V1_PRUNE_BY_NOISE_RATE */
    int32_t sorted_index_method;     /* cl_v1_sorted_index_method; default CL_V1_SORT_NONE */
    int32_t prune_in_float32;        /* != 0: compute the pruning step on psx rounded to float32,
                                        as cleanlab 1.x does with n_jobs > 1 (its shared-memory
                                        copy is float32); default 0 (n_jobs = 1) */
    double frac_noise;               /* in (0, 1]; default 1.0 */
    const int64_t *num_to_remove_per_class; /* NULL (default) or n_classes counts >= 0, borrowed */
    int64_t num_to_remove_per_class_len;    /* must equal n_classes when the pointer is set */
    const double *confident_joint;   /* NULL (default: computed and calibrated) or an n_classes x
                                        n_classes row-major cj[given][true], used as is */
    int32_t confident_joint_order;   /* cl_matrix_order of the caller's array; default row-major */
    int32_t n_threads;               /* 0 (default): cl_get_num_threads(); else >= 1 */
} cl_v1_options;

/*! cl_v1_options_init() : fills *options with cleanlab 1.x's defaults and struct_size.
 *  @return CL_OK, or CL_E_NULL_POINTER. */
cl_status cl_v1_options_init(cl_v1_options *options);

/*! cl_v1_get_noise_indices() : the label errors of cleanlab 1.x.
 *  Matches cleanlab 1.0.1 `pruning.get_noise_indices(s, psx, confident_joint=...,
 *  frac_noise=..., num_to_remove_per_class=..., prune_method=..., sorted_index_method=...,
 *  n_jobs=...)` (single-label).
 *  @param options  NULL for the defaults, or initialised by cl_v1_options_init().
 *  @param out_mask  n_examples bytes: 1 = label error.
 *  @param out_sorted_indices  required when options->sorted_index_method != CL_V1_SORT_NONE:
 *         the error indices in ascending order of the sort key (ties: lower index first);
 *         capacity entries (n_examples always suffices). On CL_E_BUFFER_TOO_SMALL the mask and
 *         *out_num_errors are filled.
 *  @param out_num_errors  receives the number of label errors (required).
 *  @return CL_OK, or a validation status (CL_E_LABEL_RANGE when a class is missing from labels,
 *          CL_E_SHAPE for n = 0, CL_E_NUMERIC where 1.x fails on a prune count). */
cl_status cl_v1_get_noise_indices(const cl_pred_probs *psx, const cl_labels *labels,
                                  const cl_v1_options *options, uint8_t *out_mask,
                                  int64_t *out_sorted_indices, int64_t capacity,
                                  int64_t *out_num_errors);

/*! cl_v1_compute_confident_joint() : the confident joint cj[given][true] of cleanlab 1.x.
 *  Matches cleanlab 1.0.1 `latent_estimation.compute_confident_joint(s, psx, K=...,
 *  thresholds=..., calibrate=..., return_indices_of_off_diagonals=True)` (single-label): no
 *  2e-6 floor on the thresholds, no clip of the diagonal.
 *  @param n_classes  cleanlab's K: 0 = from the labels; otherwise it must equal
 *         psx->n_classes. Used only when thresholds is NULL (then every class must occur).
 *  @param thresholds  NULL (per-class means) or n_classes doubles, of cl_dtype thresholds_dtype
 *         (see cl_compute_confident_joint).
 *  @param out_confident_joint  n_classes^2 int64, row-major, row = given label.
 *  @param out_off_diagonal_mask  NULL or n_examples bytes (1 = confidently off the diagonal).
 *  @param out_num_off_diagonal  NULL or receives the number of such examples.
 *  @return CL_OK, or a validation status; CL_E_NUMERIC when a class has no confident example
 *          at all (1.x's confusion matrix would drop it) or, with calibrate, a row is zero. */
cl_status cl_v1_compute_confident_joint(const cl_pred_probs *psx, const cl_labels *labels,
                                        int64_t n_classes, const double *thresholds,
                                        int32_t thresholds_dtype, int32_t calibrate,
                                        int64_t *out_confident_joint,
                                        uint8_t *out_off_diagonal_mask,
                                        int64_t *out_num_off_diagonal);

/*! cl_v1_calibrate_confident_joint() : cleanlab 1.0.1
 *  `latent_estimation.calibrate_confident_joint(confident_joint, s)`: rows rescaled to the label
 *  counts, the total to n, rounded preserving row totals. Every class must occur in labels and
 *  every row must have a non-zero sum (1.x divides without a guard).
 *  @param out_calibrated  n_classes^2 int64. */
cl_status cl_v1_calibrate_confident_joint(const double *confident_joint, int64_t n_classes,
                                          int32_t confident_joint_order, const cl_labels *labels,
                                          int64_t *out_calibrated);

/*! cl_v1_estimate_joint() : cleanlab 1.0.1 `latent_estimation.estimate_joint(s, psx,
 *  confident_joint)`: the calibrated confident joint (computed from psx when confident_joint is
 *  NULL, else calibrate(confident_joint, s)) divided by its sum.
 *  @param psx  required when confident_joint is NULL, else ignored (may be NULL).
 *  @param out_joint  n_classes^2 doubles. */
cl_status cl_v1_estimate_joint(const cl_pred_probs *psx, const cl_labels *labels,
                               const double *confident_joint, int32_t confident_joint_order,
                               int64_t n_classes, double *out_joint);

/*! cl_v1_num_label_errors() : cleanlab 1.0.1 `latent_estimation.num_label_errors(labels, psx,
 *  confident_joint)`: int((1 - trace(cj / sum(cj))) * n), truncated. cj is the calibrated
 *  confident joint of (labels, psx) when confident_joint is NULL; a given one is used as is.
 *  @param psx  required when confident_joint is NULL, else ignored (may be NULL).
 *  @param out_count  receives the count. */
cl_status cl_v1_num_label_errors(const cl_pred_probs *psx, const cl_labels *labels,
                                 const double *confident_joint, int32_t confident_joint_order,
                                 int64_t n_classes, int64_t *out_count);

/*! cl_v1_keep_at_least_n_per_class() : cleanlab 1.0.1
 *  `pruning.keep_at_least_n_per_class(prune_count_matrix, n, frac_noise)`.
 *  @param prune_count_matrix  n_classes^2 doubles, row-major (row = true label), finite.
 *  @param order  cl_matrix_order of the caller's numpy array (decides numpy's column sums).
 *  @param out  n_classes^2 int64. */
cl_status cl_v1_keep_at_least_n_per_class(const double *prune_count_matrix, int64_t n_classes,
                                          int32_t order, int64_t n, double frac_noise,
                                          int64_t *out);

/*! cl_v1_reduce_prune_counts() : cleanlab 1.0.1 `pruning.reduce_prune_counts(prune_count_matrix,
 *  frac_noise)`: off-diagonals times frac_noise, the removed mass added to each column's
 *  diagonal, truncated to integers (numpy's astype(int)). Arguments as above. */
cl_status cl_v1_reduce_prune_counts(const double *prune_count_matrix, int64_t n_classes,
                                    int32_t order, double frac_noise, int64_t *out);

/*! cl_v1_order_label_errors() : cleanlab 1.0.1 `pruning.order_label_errors(label_errors_bool,
 *  psx, labels, sorted_index_method)`: the flagged indices by ascending key (ties: lower index
 *  first).
 *  @param method  CL_V1_SORT_PROB_GIVEN_LABEL or CL_V1_SORT_NORMALIZED_MARGIN.
 *  @param out_indices  capacity entries. @param out_count receives the number flagged (on
 *         CL_E_BUFFER_TOO_SMALL: the capacity needed). */
cl_status cl_v1_order_label_errors(const cl_pred_probs *psx, const cl_labels *labels,
                                   const uint8_t *label_errors_mask, int32_t method,
                                   int64_t *out_indices, int64_t capacity, int64_t *out_count);

/* --- cleanlab 1.x latent estimation, latent algebra and noise generation ------------------------
 * The functions of the "latent" area (cl_estimate_latent ... cl_compute_pyx) with cleanlab
 * 1.0.1's constants: compute_py clips py to [1e-5, 1] (2.x: 1e-6), compute_py_inv_noise_matrix to
 * [0.001, 1]; no division guard (2.x clips divisors at 1e-100). Where an unguarded division gives
 * inf that 1.x clips back into range, the result is 1.x's; where a result would still be NaN or
 * infinite (1.x returns it silently), these functions return CL_E_NUMERIC with a message. The
 * arguments, layouts and ownership are those of the matching cl_* function (see its comment);
 * every input must be finite (CL_E_NOT_FINITE). Floats agree with 1.x to rounding (~1e-15
 * relative; 1.x adds with Python's left-to-right sum). */

/*! cl_v1_estimate_latent() : cleanlab 1.0.1 `latent_estimation.estimate_latent(confident_joint,
 *  s, py_method, converge_latent_estimates)` -> py, noise_matrix, inverse_noise_matrix.
 *  Arguments as cl_estimate_latent; every class 0..n_classes-1 must occur in labels
 *  (CL_E_LABEL_RANGE; 1.x's value_counts misaligns or fails).
 *  @return CL_OK, CL_E_NUMERIC (a zero row/column sum or diagonal entry gives NaN in 1.x), or a
 *          validation status. */
cl_status cl_v1_estimate_latent(const double *confident_joint, int64_t n_classes,
                                int32_t confident_joint_order, const cl_labels *labels,
                                int32_t py_method, int32_t converge_latent_estimates,
                                double *out_py, double *out_noise_matrix,
                                double *out_inverse_noise_matrix);

/*! cl_v1_converge_estimates() : cleanlab 1.0.1 `latent_estimation.converge_estimates(ps, py,
 *  noise_matrix, inverse_noise_matrix, inv_noise_matrix_iterations, noise_matrix_iterations)`.
 *  Arguments as cl_converge_estimates (iteration counts in [0, 2^31 - 1]). */
cl_status cl_v1_converge_estimates(const double *ps, const double *py, const double *noise_matrix,
                                   const double *inverse_noise_matrix, int64_t n_classes,
                                   int64_t inv_noise_matrix_iterations,
                                   int64_t noise_matrix_iterations, double *out_py,
                                   double *out_noise_matrix, double *out_inverse_noise_matrix);

/*! cl_v1_compute_py() : cleanlab 1.0.1 `latent_algebra.compute_py(ps, noise_matrix,
 *  inverse_noise_matrix, py_method, y_count)`, clipped to [1e-5, 1] and renormalised.
 *  @param y_count  n_classes doubles, required for CL_PY_MARGINAL (CL_E_INVALID_ARGUMENT, 1.x's
 *         ValueError), else ignored; a zero sum is CL_E_NUMERIC (1.x: ZeroDivisionError). */
cl_status cl_v1_compute_py(const double *ps, const double *noise_matrix,
                           const double *inverse_noise_matrix, int64_t n_classes,
                           int32_t py_method, const double *y_count, double *out_py);

/*! cl_v1_compute_py_inv_noise_matrix() : cleanlab 1.0.1
 *  `latent_algebra.compute_py_inv_noise_matrix(ps, noise_matrix)`: py = inv(noise_matrix) . ps
 *  clipped to [0.001, 1] and renormalised, then cl_v1_compute_inv_noise_matrix(py, nm, ps).
 *  @return CL_E_NUMERIC also for a singular noise_matrix (numpy's LinAlgError). */
cl_status cl_v1_compute_py_inv_noise_matrix(const double *ps, const double *noise_matrix,
                                            int64_t n_classes, double *out_py,
                                            double *out_inverse_noise_matrix);

/*! cl_v1_compute_inv_noise_matrix() : cleanlab 1.0.1 `latent_algebra.compute_inv_noise_matrix(py,
 *  noise_matrix, ps=None)`: (noise_matrix * py).T / ps, then clip_noise_rates.
 *  @param ps  NULL: the row sums of noise_matrix * py. */
cl_status cl_v1_compute_inv_noise_matrix(const double *py, const double *noise_matrix,
                                         int64_t n_classes, const double *ps,
                                         double *out_inverse_noise_matrix);

/*! cl_v1_compute_noise_matrix_from_inverse() : cleanlab 1.0.1
 *  `latent_algebra.compute_noise_matrix_from_inverse(ps, inverse_noise_matrix, py=None)`:
 *  (inverse_noise_matrix * ps).T / py, then clip_noise_rates.
 *  @param py  NULL: the column sums of (inverse_noise_matrix * ps).T. */
cl_status cl_v1_compute_noise_matrix_from_inverse(const double *ps,
                                                  const double *inverse_noise_matrix,
                                                  int64_t n_classes, const double *py,
                                                  double *out_noise_matrix);

/*! cl_v1_compute_pyx() : cleanlab 1.0.1 `latent_algebra.compute_pyx(psx, noise_matrix,
 *  inverse_noise_matrix)`: psx * diag(inv) / diag(nm), each row clipped to [0, 1] and
 *  renormalised to sum 1. psx: n_examples x n_classes float64, row-major, finite. */
cl_status cl_v1_compute_pyx(const double *psx, int64_t n_examples, int64_t n_classes,
                            const double *noise_matrix, const double *inverse_noise_matrix,
                            double *out_pyx);

/*! cl_v1_generate_noise_matrix_from_trace() : cleanlab 1.0.1
 *  `noise_generation.generate_noise_matrix_from_trace(K, trace, ...)`: cl_generate_noise_matrix_
 *  from_trace (same arguments, checks and PRNG) with 1.x's return convention.
 *  @param out_found  receives 1 (a valid matrix, written to out_noise_matrix), 2 (no valid
 *         matrix within max_iter tries: the last matrix tried is written, as 1.x returns it) or
 *         0 (max_iter < 1: nothing written; 1.x returns False). */
cl_status cl_v1_generate_noise_matrix_from_trace(int64_t n_classes, double trace,
                                                 const cl_noise_matrix_options *options,
                                                 uint64_t seed, double *out_noise_matrix,
                                                 int32_t *out_found);

/* =============================================================================================
 * Areas: health and multilabel -- cleanlab 2.9.0 `dataset` (rank_classes_by_label_quality,
 * find_overlapping_classes, overall_label_health_score; health_summary combines them with
 * cl_estimate_joint), rank.get_label_quality_ensemble_scores,
 * filter.find_label_issues_using_argmax_confusion_matrix, and one-vs-rest multi-label
 * classification (cl_ml_*)
 * =============================================================================================
 * These functions take the joint p(given, true) of cl_estimate_joint() (or a caller's joint):
 * n_classes x n_classes doubles, row-major, finite. joint_order is the cl_matrix_order the
 * caller's numpy array had (numpy sums rows and columns in memory order, which can change the
 * last bit of a value); pass CL_ORDER_ROW_MAJOR for C data. num_examples is cleanlab's
 * num_examples (a double because cleanlab accepts np.sum of a float confident joint). Integer
 * columns are numpy's (x * num_examples).round().astype(int): half to even; a non-finite or
 * out-of-range product is rejected with CL_E_NUMERIC (numpy would return INT64_MIN). Row order is
 * cleanlab's, with ties resolved as a stable sort (pandas' sort_values, lower row first). */

/*! cl_rank_classes_by_label_quality() : one row per class, sorted by ascending label quality.
 *  Matches cleanlab 2.9.0 `dataset.rank_classes_by_label_quality(joint=..., num_examples=...)`:
 *  Label Issues = round((rowsum_k - J[k,k]) * num_examples), Inverse Label Issues the same with
 *  column sums, Label Noise = (rowsum_k - J[k,k]) / max(rowsum_k, 1e-6), Inverse Label Noise the
 *  same with column sums, Label Quality Score = 1 - Label Noise. Ties in the score: lower class
 *  index first.
 *  @param out_class_index ... out_label_quality_score  six caller arrays of n_classes entries each,
 *         one per DataFrame column, row r = the r-th row of cleanlab's DataFrame.
 *  @return CL_OK, or CL_E_NULL_POINTER / CL_E_SHAPE (n_classes < 2) / CL_E_NOT_FINITE /
 *          CL_E_INVALID_ARGUMENT (joint_order) / CL_E_NUMERIC. */
cl_status cl_rank_classes_by_label_quality(const double *joint, int64_t n_classes,
                                           int32_t joint_order, double num_examples,
                                           int64_t *out_class_index, int64_t *out_label_issues,
                                           int64_t *out_inverse_label_issues,
                                           double *out_label_noise,
                                           double *out_inverse_label_noise,
                                           double *out_label_quality_score);

/*! cl_find_overlapping_classes() : pairs of classes the model confuses, most overlapping first.
 *  Matches cleanlab 2.9.0 `dataset.find_overlapping_classes(joint=..., num_examples=...,
 *  asymmetric=...)`. asymmetric == 0: the K(K-1)/2 pairs a < b with Joint Probability
 *  J[a,b] + J[b,a]; otherwise the K(K-1) ordered pairs a != b with J[a,b]. Num Overlapping
 *  Examples = round(Joint Probability * num_examples). Sorted by descending Joint Probability;
 *  ties: the earlier pair in row-major (a, b) order first.
 *  @param out_class_a, out_class_b, out_num_overlapping, out_joint_probability  capacity entries
 *         each (the four DataFrame columns).
 *  @param capacity  K(K-1)/2 (symmetric) or K(K-1) (asymmetric) suffices.
 *  @param out_count  required; receives the number of rows, or on CL_E_BUFFER_TOO_SMALL the
 *         capacity needed.
 *  @return CL_OK, or the statuses of cl_rank_classes_by_label_quality, or
 *          CL_E_BUFFER_TOO_SMALL. */
cl_status cl_find_overlapping_classes(const double *joint, int64_t n_classes, int32_t joint_order,
                                      double num_examples, int32_t asymmetric,
                                      int64_t *out_class_a, int64_t *out_class_b,
                                      int64_t *out_num_overlapping,
                                      double *out_joint_probability, int64_t capacity,
                                      int64_t *out_count);

/*! cl_overall_label_health_score() : the fraction of examples whose label looks right.
 *  Matches cleanlab 2.9.0 `dataset.overall_label_health_score(labels, pred_probs, joint=...,
 *  num_examples=...)`, whose two paths are:
 *  - pred_probs and labels both non-NULL: 1 - num_label_issues / num_examples with
 *    cl_num_label_issues(CL_ESTIMATE_OFF_DIAGONAL); joint is ignored (may be NULL);
 *    num_examples NaN means the number of labels; otherwise it must be finite and >= 0;
 *  - otherwise: trace(joint) (numpy's pairwise sum of the diagonal), with
 *    round(num_examples * (1 - trace)) issues; joint and a finite num_examples are required.
 *  @param out_score  receives the score. @param out_num_issues  NULL or receives the number of
 *         issues cleanlab prints.
 *  @return CL_OK, or a validation status (those of cl_num_label_issues on the first path). */
cl_status cl_overall_label_health_score(const cl_pred_probs *pred_probs, const cl_labels *labels,
                                        const double *joint, int64_t n_classes,
                                        int32_t joint_order, double num_examples,
                                        double *out_score, int64_t *out_num_issues);

/* ---- health: ensemble scores (cleanlab 2.9.0 rank.get_label_quality_ensemble_scores) ---- */

/* rank.get_label_quality_ensemble_scores(weight_ensemble_members_by=...) */
typedef enum cl_ensemble_weighting {
    CL_ENSEMBLE_UNIFORM = 1,         /* 'uniform': the mean of the members' scores */
    CL_ENSEMBLE_ACCURACY = 2,        /* 'accuracy' (cleanlab's default) */
    CL_ENSEMBLE_LOG_LOSS_SEARCH = 3, /* 'log_loss_search' */
    CL_ENSEMBLE_CUSTOM = 4           /* 'custom': custom_weights, one per member */
} cl_ensemble_weighting;

/*! cl_get_label_quality_ensemble_scores() : label quality scores of an ensemble of models.
 *  Matches cleanlab 2.9.0 `rank.get_label_quality_ensemble_scores(labels, pred_probs_list,
 *  method=..., adjust_pred_probs=..., weight_ensemble_members_by=..., custom_weights=...,
 *  log_loss_search_T_values=...)`: each member's cl_get_label_quality_scores, averaged
 *  - uniform: sum over members in the scores' dtype (float16 in float32), divided by n_members;
 *  - accuracy: weights acc_m / sum(acc), acc_m = mean(argmax(p_m) == labels) (first maximum);
 *  - log_loss_search: for each t of t_values in order, weights exp(-t * L_m) / sum, where L_m is
 *    sklearn's log_loss(labels, clip(p_m, 1e-6) / rowsum) in the member's dtype; the t whose
 *    weighted average sum_m w_m p_m has the lowest log loss is kept (first on equality).
 *    For float32/float16 members libcleanlab's logarithms are correctly rounded where numpy's
 *    float32 log is not always: those weights agree with cleanlab's to ~1e-7 relative (float64
 *    members: ~1e-15);
 *  - custom: custom_weights as given;
 *  the weighted schemes sum score * weight over members in order, in float64.
 *  @param members  n_members >= 1 descriptors, each with labels->n_examples rows (the number of
 *         classes may differ between members except for log_loss_search).
 *  @param method  a cl_rank_by other than CL_RANK_NONE.
 *  @param custom_weights  n_members doubles for CL_ENSEMBLE_CUSTOM, else ignored (may be NULL).
 *  @param t_values, n_t_values  the temperatures of CL_ENSEMBLE_LOG_LOSS_SEARCH (n_t_values >= 1),
 *         else ignored.
 *  @param out_scores  n_examples doubles: exact copies of values in *out_score_dtype.
 *  @param out_weights  NULL or n_members doubles: the members' weights (not written for uniform).
 *  @param out_accuracies  NULL or n_members doubles: the members' accuracies (accuracy only).
 *  @param out_score_dtype  NULL or receives the cl_dtype of cleanlab's result: the promotion of
 *         the members' score dtypes for uniform, CL_DTYPE_FLOAT64 otherwise.
 *  @return CL_OK, or a validation status (each member is checked as cl_get_label_quality_scores
 *          checks pred_probs; labels need 2 classes: CL_E_TOO_FEW_CLASSES); log_loss_search also
 *          needs every class in labels (CL_E_INVALID_ARGUMENT, sklearn's error), equal member
 *          widths (CL_E_SHAPE), a weighted average within [0, 1] (CL_E_PROB_RANGE) and a finite
 *          log loss for some t (CL_E_NUMERIC). */
cl_status cl_get_label_quality_ensemble_scores(const cl_pred_probs *members, int64_t n_members,
                                               const cl_labels *labels, int32_t method,
                                               int32_t adjust_pred_probs, int32_t weighting,
                                               const double *custom_weights,
                                               const double *t_values, int64_t n_t_values,
                                               double *out_scores, double *out_weights,
                                               double *out_accuracies, int32_t *out_score_dtype);

/* ---- health: argmax-confusion filter (cleanlab 2.9.0 filter.find_label_issues_using_argmax_
 * confusion_matrix) ---- */

/*! cl_find_label_issues_using_argmax_confusion_matrix() : find_label_issues with the confusion
 *  matrix of (given label, argmax prediction) in place of the confident joint.
 *  Matches cleanlab 2.9.0 `filter.find_label_issues_using_argmax_confusion_matrix(labels,
 *  pred_probs, calibrate=..., filter_by=...)`: C[given][argmax] (first maximum), calibrated with
 *  cl_calibrate_confident_joint when calibrate != 0, then cl_find_label_issues with
 *  options.confident_joint = C and filter_by (ignored by 'confident_learning', as in cleanlab).
 *  Every class must occur in labels or as some row's argmax (cleanlab's matrix would not be
 *  K x K and it fails): CL_E_INVALID_ARGUMENT otherwise.
 *  @param filter_by  a cl_filter_by.
 *  @param out_mask  n_examples bytes. @param out_num_issues  NULL or receives the count.
 *  @return CL_OK, or a validation status (labels need 2 classes: CL_E_TOO_FEW_CLASSES). */
cl_status cl_find_label_issues_using_argmax_confusion_matrix(const cl_pred_probs *pred_probs,
                                                             const cl_labels *labels,
                                                             int32_t calibrate, int32_t filter_by,
                                                             uint8_t *out_mask,
                                                             int64_t *out_num_issues);

/* ---- multilabel: one-vs-rest multi-label classification (cleanlab 2.9.0
 * multilabel_classification.{filter,rank} and count.*(multi_label=True)) ----
 * Class c is the binary problem (labels: 1 where c is among the example's labels; pred_probs:
 * [1 - p[:, c], p[:, c]] with 1 - p rounded in the input's dtype, as numpy computes it) and the
 * single-label functions above run on it. pred_probs is read in place (the binary columns of
 * one class at a time go through an n x 2 scratch buffer: O(n) memory, never a copy of the
 * matrix). Errors inside one class's problem are reported with "class c: " in front.
 * low_memory=True (cleanlab's batched per-class mode) is not implemented here. */

/* Multi-label labels in CSR form, borrowed: example i has the classes
 * classes[offsets[i] .. offsets[i+1]-1] (any order, duplicates count once, may be empty).
 * offsets has n_examples + 1 entries, offsets[0] == 0, non-decreasing; classes are in
 * [0, n_classes) where n_classes is pred_probs->n_classes (else CL_E_LABEL_RANGE; cleanlab's
 * MultiLabelBinarizer would ignore such a class with a warning). */
typedef struct cl_multilabels {
    const int64_t *offsets;
    const int64_t *classes;
    int64_t n_examples;
} cl_multilabels;

/* internal.multilabel_scorer aggregators */
typedef enum cl_ml_aggregator {
    CL_ML_EXPONENTIAL_MOVING_AVERAGE = 1, /* param = alpha in [0, 1]; NaN = 2 / (K + 1) */
    CL_ML_SOFTMIN = 2                      /* param = temperature (not NaN; below 1e-6 it is 1e-6,
                                              as cleanlab) */
} cl_ml_aggregator;

/*! cl_ml_get_confident_thresholds() : count.get_confident_thresholds(labels, pred_probs,
 *  multi_label=True). @param out_thresholds  n_classes x 2 doubles (row c: the binary
 *  thresholds of class c). */
cl_status cl_ml_get_confident_thresholds(const cl_pred_probs *pred_probs,
                                         const cl_multilabels *labels, double *out_thresholds);

/*! cl_ml_compute_confident_joint() : count.compute_confident_joint(labels, pred_probs,
 *  multi_label=True, thresholds=..., calibrate=..., return_indices_of_off_diagonals=...).
 *  @param thresholds  NULL or 2 doubles passed to every class's binary problem (as cleanlab),
 *         thresholds_dtype as in cl_compute_confident_joint.
 *  @param out_confident_joint  n_classes x 2 x 2 int64.
 *  @param out_off_diagonal_masks  NULL or n_classes x n_examples bytes, class-major
 *         (mask[c * n + i]): the off-diagonal examples of each class. */
cl_status cl_ml_compute_confident_joint(const cl_pred_probs *pred_probs,
                                        const cl_multilabels *labels, const double *thresholds,
                                        int32_t thresholds_dtype, int32_t calibrate,
                                        int64_t *out_confident_joint,
                                        uint8_t *out_off_diagonal_masks);

/*! cl_ml_calibrate_confident_joint() : count.calibrate_confident_joint(confident_joint, labels,
 *  multi_label=True). confident_joint: n_classes x 2 x 2 doubles (finite); out: the same shape,
 *  int64. */
cl_status cl_ml_calibrate_confident_joint(const double *confident_joint, int64_t n_classes,
                                          const cl_multilabels *labels, int64_t *out_calibrated);

/*! cl_ml_estimate_joint() : count.estimate_joint(labels, pred_probs, confident_joint=...,
 *  multi_label=True). confident_joint: NULL or n_classes x 2 x 2 doubles (recalibrated per
 *  class with its binary labels, as cleanlab). out_joint: n_classes x 2 x 2 doubles. */
cl_status cl_ml_estimate_joint(const cl_pred_probs *pred_probs, const cl_multilabels *labels,
                               const double *confident_joint, double *out_joint);

/*! cl_ml_num_label_issues() : count.num_label_issues(labels, pred_probs, multi_label=True): the
 *  number of examples cl_ml_find_label_issues flags with CL_FILTER_CONFIDENT_LEARNING. */
cl_status cl_ml_num_label_issues(const cl_pred_probs *pred_probs, const cl_multilabels *labels,
                                 int64_t *out_count);

/*! cl_ml_find_label_issues() : multilabel_classification.filter.find_label_issues(labels,
 *  pred_probs, ..., low_memory=False). options as for cl_find_label_issues, except that
 *  options->confident_joint (when not NULL) holds n_classes x 2 x 2 per-class binary joints and
 *  num_to_remove_per_class[c] becomes [n_c, 0] in class c's problem. An example is an issue
 *  when any class flags it. With return_indices_ranked_by: the union of the classes' issues
 *  sorted by the aggregated score of that method (exponential moving average, alpha 0.8; ties:
 *  lower index first). filter_by low_self_confidence / low_normalized_margin: as cleanlab, the
 *  confident_learning count of examples with the lowest default scores (and cleanlab's ranking
 *  of them, reproduced as it is).
 *  @param out_mask n_examples bytes. @param out_ranked_indices / ranked_capacity as in
 *  cl_find_label_issues. @param out_num_issues required. */
cl_status cl_ml_find_label_issues(const cl_pred_probs *pred_probs, const cl_multilabels *labels,
                                  const cl_options *options, uint8_t *out_mask,
                                  int64_t *out_ranked_indices, int64_t ranked_capacity,
                                  int64_t *out_num_issues);

/*! cl_ml_find_label_issues_per_class() : multilabel_classification.filter.
 *  find_multilabel_issues_per_class(...): each class's binary mask, and with
 *  return_indices_ranked_by each class's ranked issue indices.
 *  @param out_masks  n_classes x n_examples bytes, class-major (mask[c * n + i]).
 *  @param out_ranked  NULL, or (when ranking) n_classes x n_examples int64, class-major: class c's
 *         ranked indices start at out_ranked[c * n]. @param out_counts  NULL or n_classes:
 *         the number of issues of each class. */
cl_status cl_ml_find_label_issues_per_class(const cl_pred_probs *pred_probs,
                                            const cl_multilabels *labels,
                                            const cl_options *options, uint8_t *out_masks,
                                            int64_t *out_ranked, int64_t *out_counts);

/*! cl_ml_get_label_quality_scores_per_class() : multilabel_classification.rank.
 *  get_label_quality_scores_per_class(labels, pred_probs, method=..., adjust_pred_probs=...).
 *  @param out_scores  n_examples x n_classes doubles, row-major (float64, as cleanlab). */
cl_status cl_ml_get_label_quality_scores_per_class(const cl_pred_probs *pred_probs,
                                                   const cl_multilabels *labels, int32_t method,
                                                   int32_t adjust_pred_probs, double *out_scores);

/*! cl_ml_get_label_quality_scores() : multilabel_classification.rank.get_label_quality_scores(
 *  labels, pred_probs, method=..., adjust_pred_probs=..., aggregator_kwargs=...).
 *  @param aggregator  a cl_ml_aggregator; param its alpha / temperature.
 *  @param out_scores  n_examples doubles. */
cl_status cl_ml_get_label_quality_scores(const cl_pred_probs *pred_probs,
                                         const cl_multilabels *labels, int32_t method,
                                         int32_t adjust_pred_probs, int32_t aggregator,
                                         double param, double *out_scores);

/*! cl_ml_aggregate() : internal.multilabel_scorer.exponential_moving_average / softmin over the
 *  rows of a row-major n x k float64 score matrix (finite values). EMA sorts each row descending
 *  and folds ema = alpha * s + (1 - alpha) * ema; softmin is sum(s * softmax((1 - s) / max(T, 1e-6))).
 *  @param out  n doubles. */
cl_status cl_ml_aggregate(const double *scores, int64_t n, int64_t k, int32_t aggregator,
                          double param, double *out);

/* ===================================== Area: learn =========================================
 * learn -- learning with noisy labels driven by a classifier given as callbacks:
 * cross-validated predicted probabilities (count.estimate_cv_predicted_probabilities), the
 * CleanLearning loop (classification.CleanLearning.fit) and a built-in classifier
 * (L2-regularised multinomial logistic regression).
 *
 * Features are a row-major n_examples x n_features matrix of finite doubles (element (i, j) at
 * X[i * n_features + j]), borrowed. Labels are cl_labels in [0, n_classes); every class
 * 0..n_classes-1 must occur (cleanlab: "All classes must be present in the dataset").
 *
 * Folds: a stratified K-fold split with libcleanlab's own seeded shuffle. Fold sizes per class are
 * those of scikit-learn's StratifiedKFold (the class-sorted examples dealt to the folds round
 * robin); the examples of each class are then assigned to those fold slots by a Fisher-Yates
 * shuffle driven by SplitMix64(seed). The split is deterministic for (labels, n_folds, seed) on
 * every platform, but it is NOT numpy's shuffle: cross-validated probabilities are not
 * bit-identical to cleanlab's for the same seed (everything after them is).
 * ================================== end of the learn banner =================================== */

/* A classifier given as callbacks, as a scikit-learn estimator (fit / predict_proba).
 * The library calls the callbacks on the calling thread, one at a time, and never keeps the
 * struct or its pointers after the call that received it returns. Every pointer passed to a
 * callback is valid only during that callback. */
typedef struct cl_classifier {
    void *user_data; /* passed unchanged as the first argument of every callback */
    /* Trains from scratch on n_examples rows (discarding any previous fit: the library refits
     * the same classifier once per fold, as cleanlab refits a clone). labels[i] is in
     * [0, n_classes) (a class may be absent from a training set). sample_weight is NULL
     * (unweighted) or n_examples weights >= 0. Returns 0 on success; any other value makes the
     * library call fail with CL_E_CALLBACK (the value is quoted in the message). */
    int32_t (*fit)(void *user_data, const double *X, int64_t n_examples, int64_t n_features,
                   const int64_t *labels, const double *sample_weight, int64_t n_classes);
    /* Writes n_examples x n_classes probabilities, row-major, into out_pred_probs (each in
     * [0, 1]; rows should sum to 1). Returns 0 on success, anything else is a failure
     * (CL_E_CALLBACK). Values that are not finite or lie outside [-1e-6, 1 + 1e-6] also give
     * CL_E_CALLBACK. */
    int32_t (*predict_proba)(void *user_data, const double *X, int64_t n_examples,
                             int64_t n_features, int64_t n_classes, double *out_pred_probs);
    /* Releases user_data; called only by cl_classifier_destroy(). NULL if nothing to release. */
    void (*destroy)(void *user_data);
} cl_classifier;

/* Options of the built-in logistic regression. */
typedef struct cl_logreg_options {
    uint32_t struct_size; /* sizeof(cl_logreg_options); set by cl_logreg_options_init() */
    double C;             /* inverse L2 strength, as sklearn's C; > 0; default 1.0 */
    int32_t max_iter;     /* L-BFGS iteration budget; >= 1; default 100 */
    int32_t standardize;  /* != 0: standardise features on the training rows; default 1 */
    double tol;           /* stop when max |gradient| <= tol; >= 0; default 1e-6 */
    int32_t n_threads;    /* 0 (default): cl_get_num_threads() at fit time; else >= 1 */
} cl_logreg_options;

/*! cl_logreg_options_init() : fills *options with the defaults and struct_size.
 *  @return CL_OK, or CL_E_NULL_POINTER. */
cl_status cl_logreg_options_init(cl_logreg_options *options);

/*! cl_builtin_logistic_regression() : a ready-made cl_classifier: multinomial logistic
 *  regression minimising (1/sum(w)) * [sum_i w_i * cross-entropy_i + ||W||^2 / (2C)] (the
 *  intercepts are not penalised; sklearn's lbfgs objective up to a constant factor) with L-BFGS
 *  (10 correction pairs, backtracking line search) from zero, on features standardised to zero
 *  mean and unit variance. Multi-threaded over rows with a fixed blocking, so the fit and the
 *  predictions are bit-identical for every thread count.
 *  The classifier owns memory: release it with cl_classifier_destroy(). Its callbacks return a
 *  cl_status value (also setting cl_last_error_message()) when they fail; its predict_proba
 *  fails before the first fit. One instance must not be used by two threads at once.
 *  @param options  NULL for the defaults, or initialised by cl_logreg_options_init().
 *  @param out_classifier  receives the callbacks and user_data.
 *  @return CL_OK, CL_E_NULL_POINTER, CL_E_INVALID_ARGUMENT (an option value or struct_size). */
cl_status cl_builtin_logistic_regression(const cl_logreg_options *options,
                                         cl_classifier *out_classifier);

/*! cl_classifier_destroy() : calls classifier->destroy(classifier->user_data) if destroy is not
 *  NULL, then zeroes *classifier. NULL is a no-op. */
void cl_classifier_destroy(cl_classifier *classifier);

/*! cl_estimate_cv_predicted_probabilities() : out-of-fold predicted probabilities.
 *  Matches cleanlab 2.9.0 `count.estimate_cv_predicted_probabilities(X, labels, clf,
 *  cv_n_folds=..., seed=...)` except for the fold shuffle (see the section comment): for each
 *  fold, classifier->fit on the other folds, then classifier->predict_proba on the fold. When a
 *  fold's training split lacks a class, the first holdout example of that class is duplicated
 *  into the training split and its holdout prediction is replaced by a one-hot vector on its
 *  given label (cleanlab's missing-class handling). The classifier is left fitted on the last
 *  fold's training split.
 *  @param X  n_examples x n_features doubles, finite. @param labels  n_examples labels.
 *  @param n_classes  K >= 2; every class must occur in labels.
 *  @param cv_n_folds  >= 2 (cleanlab's default 5). @param seed  the fold shuffle's seed.
 *  @param out_pred_probs  n_examples * n_classes doubles, row-major.
 *  @return CL_OK; CL_E_NULL_POINTER (an argument, classifier->fit or classifier->predict_proba);
 *          CL_E_SHAPE (n_features < 1, K < 2, a class without examples, cv_n_folds > n_examples,
 *          every class smaller than cv_n_folds: sklearn's ValueErrors); CL_E_INVALID_ARGUMENT
 *          (cv_n_folds < 2); CL_E_DTYPE; CL_E_LABEL_RANGE; CL_E_NOT_FINITE (X); CL_E_CALLBACK. */
cl_status cl_estimate_cv_predicted_probabilities(const cl_classifier *classifier, const double *X,
                                                 int64_t n_examples, int64_t n_features,
                                                 const cl_labels *labels, int64_t n_classes,
                                                 int64_t cv_n_folds, uint64_t seed,
                                                 double *out_pred_probs);

/* Options of cl_clean_learning_fit (CleanLearning's constructor and find_label_issues_kwargs). */
typedef struct cl_learn_options {
    uint32_t struct_size;           /* sizeof(cl_learn_options); set by cl_learn_options_init() */
    int32_t use_sample_weights;     /* != 0 (default 1): refit with class weights
                                       1 / max(noise_matrix[k][k], 1e-3), as CleanLearning does
                                       for a clf whose fit accepts sample_weight */
    int64_t cv_n_folds;             /* >= 2; default 5 */
    uint64_t seed;                  /* fold shuffle seed; default 0 */
    int64_t min_examples_per_class; /* find_label_issues; CleanLearning's default 10 */
    int32_t filter_by;              /* cl_filter_by; default CL_FILTER_PRUNE_BY_NOISE_RATE */
    int32_t converge_latent_estimates; /* default 0 (CleanLearning's False) */
    double frac_noise;              /* in (0, 1]; default 1.0 */
    int32_t n_threads;              /* threads of the label-issue search; 0 (default):
                                       cl_get_num_threads(); else >= 1 */
} cl_learn_options;

/*! cl_learn_options_init() : fills *options with CleanLearning's defaults and struct_size.
 *  @return CL_OK, or CL_E_NULL_POINTER. */
cl_status cl_learn_options_init(cl_learn_options *options);

/*! cl_clean_learning_fit() : learning with noisy labels.
 *  Matches cleanlab 2.9.0 `CleanLearning(clf, seed=..., cv_n_folds=...,
 *  find_label_issues_kwargs=...).fit(X, labels)` except for the fold shuffle:
 *  1. CleanLearning's check n_examples / n_classes >= cv_n_folds (CL_E_SHAPE, "Need more data
 *     from each class for cross-validation"), then cross-validated pred_probs as
 *     cl_estimate_cv_predicted_probabilities();
 *  2. the calibrated confident joint and count.estimate_latent(cj, labels) (py_method 'cnt');
 *  3. filter.find_label_issues(labels, pred_probs, confident_joint=cj, filter_by=...,
 *     frac_noise=..., min_examples_per_class=...) (the joint is not passed for
 *     'confident_learning', as in cleanlab);
 *  4. classifier->fit on the examples not flagged, with sample weights when enabled.
 *  On success the classifier is fitted on the cleaned data: call its predict_proba to predict.
 *  @param options  NULL for the defaults, or initialised by cl_learn_options_init().
 *  @param out_label_issues_mask  n_examples bytes (required): 1 = label issue (removed).
 *  @param out_num_issues  NULL or receives the number of issues.
 *  @param out_pred_probs  NULL or n_examples * n_classes doubles: the cross-validated pred_probs.
 *  @param out_noise_matrix, out_inverse_noise_matrix  NULL or n_classes^2 doubles each.
 *  @param out_confident_joint  NULL or n_classes^2 int64 (row = given label).
 *  @return as cl_estimate_cv_predicted_probabilities(), plus CL_E_INVALID_ARGUMENT (an option
 *          value or struct_size) and the statuses of cl_find_label_issues(). */
cl_status cl_clean_learning_fit(const cl_classifier *classifier, const double *X,
                                int64_t n_examples, int64_t n_features, const cl_labels *labels,
                                int64_t n_classes, const cl_learn_options *options,
                                uint8_t *out_label_issues_mask, int64_t *out_num_issues,
                                double *out_pred_probs, double *out_noise_matrix,
                                double *out_inverse_noise_matrix, int64_t *out_confident_joint);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLEANLAB_H */
