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

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLEANLAB_H */
