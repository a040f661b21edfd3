/*
 * cleanlab.h — the C API of libcleanlab, version 0.1.0 (ABI 1).
 *
 * libcleanlab implements confident learning (finding label errors, characterising label noise)
 * with the answers of the Python package cleanlab 2.9.0. This header is the contract: only what
 * is declared here is API. Everything else in libcleanlab.so is hidden.
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
 *   are bit-identical for every thread count.
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
#define CL_VERSION_MINOR 1
#define CL_VERSION_PATCH 0
#define CL_VERSION_NUMBER (CL_VERSION_MAJOR * 10000 + CL_VERSION_MINOR * 100 + CL_VERSION_PATCH)
#define CL_VERSION_STRING "0.1.0"
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
