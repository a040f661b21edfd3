/*
 * test_learn.c -- C tests of the "learn" area of include/cleanlab.h: a classifier given as
 * callbacks (cl_classifier), cross-validated predicted probabilities, the CleanLearning loop
 * and the built-in logistic regression.
 *
 * The test classifier is a weighted nearest-centroid model with a softmax over negative squared
 * distances, written here in C; it records every call (training sizes, weights, labels) and can
 * be told to fail or to return malformed probabilities. Data: three well separated Gaussian-like
 * blobs generated with a fixed LCG, with a known subset of labels flipped. The last line printed
 * is "N passed, M failed"; the exit status is non-zero on any failure.
 */
#include "cleanlab.h"
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------
 * A nearest-centroid classifier driven through the callbacks
 * ---------------------------------------------------------------------------------------- */
#define MAXK 8
#define MAXD 8
typedef struct centroid_clf {
    double centroid[MAXK][MAXD];
    int present[MAXK];
    int64_t d, k;
    int fitted;
    /* recording */
    int fit_calls, predict_calls;
    int64_t train_total;        /* sum of training sizes over fit calls */
    int64_t last_train_n;
    int last_weighted;          /* the last fit received sample weights */
    double last_weight_min, last_weight_max;
    int labels_in_range;        /* every label ever given was in [0, k) */
    /* failure injection */
    int fail_fit_on_call;       /* 1-based; 0 = never */
    int fail_predict;           /* return this from predict_proba when non-zero */
    int bad_output;             /* 1: write a NaN; 2: write 1.5 */
} centroid_clf;

static int32_t cc_fit(void *user, const double *X, int64_t n, int64_t d, const int64_t *labels,
                      const double *w, int64_t k) {
    centroid_clf *c = (centroid_clf *)user;
    double total[MAXK] = {0};
    c->fit_calls++;
    if (c->fail_fit_on_call == c->fit_calls) return 7;
    if (d > MAXD || k > MAXK) return 3;
    c->d = d;
    c->k = k;
    c->train_total += n;
    c->last_train_n = n;
    c->last_weighted = w != NULL;
    c->last_weight_min = 1e300;
    c->last_weight_max = -1e300;
    memset(c->centroid, 0, sizeof c->centroid);
    for (int64_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (labels[i] < 0 || labels[i] >= k) {
            c->labels_in_range = 0;
            return 4;
        }
        if (wi < c->last_weight_min) c->last_weight_min = wi;
        if (wi > c->last_weight_max) c->last_weight_max = wi;
        total[labels[i]] += wi;
        for (int64_t j = 0; j < d; j++) c->centroid[labels[i]][j] += wi * X[i * d + j];
    }
    for (int64_t m = 0; m < k; m++) {
        c->present[m] = total[m] > 0;
        for (int64_t j = 0; j < d; j++) c->centroid[m][j] = total[m] > 0 ? c->centroid[m][j] / total[m] : 0;
    }
    c->fitted = 1;
    return 0;
}

static int32_t cc_predict(void *user, const double *X, int64_t n, int64_t d, int64_t k, double *out) {
    centroid_clf *c = (centroid_clf *)user;
    c->predict_calls++;
    if (c->fail_predict) return c->fail_predict;
    if (!c->fitted || d != c->d || k != c->k) return 9;
    for (int64_t i = 0; i < n; i++) {
        double z[MAXK], m = -1e300, s = 0;
        for (int64_t a = 0; a < k; a++) {
            double dist = 0;
            for (int64_t j = 0; j < d; j++) {
                double e = X[i * d + j] - c->centroid[a][j];
                dist += e * e;
            }
            z[a] = c->present[a] ? -dist : -1e6;
            if (z[a] > m) m = z[a];
        }
        for (int64_t a = 0; a < k; a++) {
            z[a] = exp(z[a] - m);
            s += z[a];
        }
        for (int64_t a = 0; a < k; a++) out[i * k + a] = z[a] / s;
    }
    if (c->bad_output == 1 && n > 0) out[0] = NAN;
    if (c->bad_output == 2 && n > 0) out[k * (n - 1)] = 1.5;
    return 0;
}

/* a fit that makes a failing libcleanlab call (NULL pred_probs) and returns its status */
static int32_t fit_calling_library(void *user, const double *X, int64_t n, int64_t d, const int64_t *labels,
                                   const double *w, int64_t k) {
    (void)user; (void)X; (void)n; (void)d; (void)labels; (void)w; (void)k;
    return (int32_t)cl_find_predicted_neq_given(NULL, NULL, NULL, NULL);
}

static cl_classifier make_clf(centroid_clf *state) {
    cl_classifier c;
    memset(state, 0, sizeof *state);
    state->labels_in_range = 1;
    c.user_data = state;
    c.fit = cc_fit;
    c.predict_proba = cc_predict;
    c.destroy = NULL;
    return c;
}

/* ------------------------------------------------------------------------------------------
 * Data: K blobs in 2-D at (6 * (c % 2), 6 * (c / 2)), spread ~N(0, 1) (sum of 4 uniforms)
 * ---------------------------------------------------------------------------------------- */
static uint64_t g_rng = 12345;
static double uniform(void) {
    g_rng = g_rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(g_rng >> 11) / 9007199254740992.0;
}
static double gauss(void) { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.7320508; }

/* y_true[i] = i % k; labels[i] = y_true, except every flip_every-th example (offset 3), which
 * gets the next class. Returns the number flipped. */
static int64_t make_blobs(int64_t n, int64_t k, uint64_t seed, int flip_every, double *X, int64_t *y_true,
                          int64_t *labels, uint8_t *flipped) {
    int64_t nflip = 0;
    g_rng = seed;
    for (int64_t i = 0; i < n; i++) {
        int64_t c = i % k;
        y_true[i] = c;
        X[2 * i] = 6.0 * (double)(c % 2) + gauss();
        X[2 * i + 1] = 6.0 * (double)(c / 2) + gauss();
        labels[i] = c;
        if (flipped) flipped[i] = 0;
        if (flip_every > 0 && i % flip_every == 3) {
            labels[i] = (c + 1) % k;
            if (flipped) flipped[i] = 1;
            nflip++;
        }
    }
    return nflip;
}

static double accuracy(const double *p, const int64_t *y, int64_t n, int64_t k) {
    int64_t ok = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t best = 0;
        for (int64_t a = 1; a < k; a++)
            if (p[i * k + a] > p[i * k + best]) best = a;
        ok += best == y[i];
    }
    return (double)ok / (double)n;
}

#define N 300
#define K 3

static void test_status_and_layout(void) {
    CHECK(CL_E_CALLBACK == 12, "CL_E_CALLBACK = %d", (int)CL_E_CALLBACK);
    CHECK(strcmp(cl_status_string(CL_E_CALLBACK), "CL_E_CALLBACK") == 0, "status string %s",
          cl_status_string(CL_E_CALLBACK));
    /* the library rejects smaller structs: these are the sizes of the first versions (LP64) */
    CHECK(sizeof(cl_learn_options) == 56, "sizeof(cl_learn_options) = %zu", sizeof(cl_learn_options));
    CHECK(sizeof(cl_logreg_options) == 40, "sizeof(cl_logreg_options) = %zu", sizeof(cl_logreg_options));
    cl_learn_options o;
    EXPECT(cl_learn_options_init(&o), CL_OK);
    CHECK(o.cv_n_folds == 5 && o.min_examples_per_class == 10 && o.use_sample_weights == 1 &&
              o.filter_by == CL_FILTER_PRUNE_BY_NOISE_RATE && o.frac_noise == 1.0 && o.seed == 0 &&
              o.converge_latent_estimates == 0 && o.n_threads == 0 && o.struct_size == sizeof o,
          "cl_learn_options defaults");
    cl_logreg_options lo;
    EXPECT(cl_logreg_options_init(&lo), CL_OK);
    CHECK(lo.C == 1.0 && lo.max_iter == 100 && lo.standardize == 1 && lo.tol == 1e-6 && lo.n_threads == 0,
          "cl_logreg_options defaults");
    EXPECT(cl_learn_options_init(NULL), CL_E_NULL_POINTER);
    EXPECT(cl_logreg_options_init(NULL), CL_E_NULL_POINTER);
}

static void test_cv(void) {
    static double X[N * 2], p[N * K], p2[N * K], p3[N * K];
    static int64_t y[N], labels[N];
    centroid_clf st;
    cl_classifier clf = make_clf(&st);
    make_blobs(N, K, 1, 0, X, y, labels, NULL);
    cl_labels L = {labels, N, CL_LABEL_INT64};

    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 42, p), CL_OK);
    CHECK(st.fit_calls == 5 && st.predict_calls == 5, "fit/predict calls %d/%d, want 5/5", st.fit_calls,
          st.predict_calls);
    /* stratified: 100 per class, 20 per class per fold, so every training split has 240 rows */
    CHECK(st.train_total == 4 * N && st.last_train_n == 240, "training sizes %lld (last %lld)",
          (long long)st.train_total, (long long)st.last_train_n);
    CHECK(st.labels_in_range, "a label outside [0, K) reached fit");
    double worst = 0;
    for (int i = 0; i < N; i++) {
        double s = p[i * K] + p[i * K + 1] + p[i * K + 2];
        if (fabs(s - 1) > worst) worst = fabs(s - 1);
    }
    CHECK(worst < 1e-12, "rows do not sum to 1 (%g)", worst);
    CHECK(accuracy(p, y, N, K) > 0.97, "cv accuracy %.3f on separable blobs", accuracy(p, y, N, K));

    /* deterministic for a seed; int32 labels give the same folds as int64 labels */
    static int32_t labels32[N];
    for (int i = 0; i < N; i++) labels32[i] = (int32_t)labels[i];
    cl_labels L32 = {labels32, N, CL_LABEL_INT32};
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L32, K, 5, 42, p2), CL_OK);
    CHECK(memcmp(p, p2, sizeof p) == 0, "same seed, different pred_probs");
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 43, p3), CL_OK);
    CHECK(memcmp(p, p3, sizeof p) != 0, "a different seed gave identical folds");

    /* missing class in a training split: class 2 has a single example (index 7) */
    static int64_t lab2[N];
    for (int i = 0; i < N; i++) lab2[i] = i == 7 ? 2 : i % 2;
    cl_labels L2 = {lab2, N, CL_LABEL_INT64};
    clf = make_clf(&st);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L2, K, 5, 0, p), CL_OK);
    CHECK(st.train_total == 4 * N + 1, "the lone example was not duplicated into one training split (%lld)",
          (long long)st.train_total);
    CHECK(p[7 * K + 0] == 0.0 && p[7 * K + 1] == 0.0 && p[7 * K + 2] == 1.0,
          "the duplicated example's prediction is not one-hot on its label: %g %g %g", p[21], p[22], p[23]);
}

static void test_clean_learning(void) {
    static double X[N * 2], p[N * K], nm[K * K], inv[K * K];
    static int64_t y[N], labels[N], cj[K * K];
    static uint8_t flipped[N], mask[N];
    centroid_clf st;
    cl_classifier clf = make_clf(&st);
    int64_t nflip = make_blobs(N, K, 2, 10, X, y, labels, flipped), nissues = -1;
    cl_labels L = {labels, N, CL_LABEL_INT64};
    cl_learn_options o;
    cl_learn_options_init(&o);
    o.seed = 7;

    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, &nissues, p, nm, inv, cj), CL_OK);
    int64_t hits = 0, count = 0;
    for (int i = 0; i < N; i++) {
        count += mask[i];
        hits += mask[i] && flipped[i];
    }
    CHECK(count == nissues, "out_num_issues %lld != mask sum %lld", (long long)nissues, (long long)count);
    CHECK(nflip == 30 && hits >= 27 && count <= hits + 5, "found %lld issues, %lld of the %lld flipped labels",
          (long long)count, (long long)hits, (long long)nflip);
    CHECK(st.fit_calls == 6, "fit calls %d, want 5 folds + 1 final fit", st.fit_calls);
    CHECK(st.last_train_n == N - count, "final fit on %lld rows, want %lld", (long long)st.last_train_n,
          (long long)(N - count));
    CHECK(st.last_weighted && st.last_weight_min >= 1.0 && st.last_weight_max <= 1000.0,
          "final fit weights: %d [%g, %g]", st.last_weighted, st.last_weight_min, st.last_weight_max);
    int64_t cjsum = 0;
    for (int a = 0; a < K * K; a++) cjsum += cj[a];
    CHECK(cjsum == N, "calibrated confident joint sums to %lld", (long long)cjsum);
    for (int c = 0; c < K; c++) {
        double s = nm[c] + nm[K + c] + nm[2 * K + c], t = inv[c] + inv[K + c] + inv[2 * K + c];
        CHECK(fabs(s - 1) < 1e-12 && fabs(t - 1) < 1e-12, "column %d of the noise matrices sums to %g / %g", c, s, t);
        CHECK(nm[c * K + c] > 0.8, "noise_matrix[%d][%d] = %g", c, c, nm[c * K + c]);
    }
    /* the classifier is left fitted on the clean data: it predicts the true classes */
    static double Xt[N * 2], pt[N * K];
    static int64_t yt[N], lt[N];
    make_blobs(N, K, 99, 0, Xt, yt, lt, NULL);
    CHECK(cc_predict(&st, Xt, N, 2, K, pt) == 0 && accuracy(pt, yt, N, K) > 0.97, "test accuracy %.3f",
          accuracy(pt, yt, N, K));

    /* without sample weights, only the optional outputs NULL */
    clf = make_clf(&st);
    o.use_sample_weights = 0;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_OK);
    CHECK(!st.last_weighted, "weights passed with use_sample_weights = 0");
    /* defaults (options NULL) */
    clf = make_clf(&st);
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, mask, &nissues, NULL, NULL, NULL, NULL), CL_OK);
    CHECK(nissues > 20 && nissues < 40, "%lld issues with the default options", (long long)nissues);
}

static void test_builtin(void) {
    static double X[N * 2], Xt[N * 2], pt[N * K];
    static int64_t y[N], labels[N], yt[N], lt[N];
    static uint8_t mask[N];
    make_blobs(N, K, 3, 10, X, y, labels, NULL);
    make_blobs(N, K, 4, 0, Xt, yt, lt, NULL);
    cl_labels L = {labels, N, CL_LABEL_INT64};
    cl_classifier clf;
    EXPECT(cl_builtin_logistic_regression(NULL, &clf), CL_OK);
    CHECK(clf.fit && clf.predict_proba && clf.destroy && clf.user_data, "incomplete built-in classifier");
    /* predict before fit: a non-zero status and a message */
    int32_t rc = clf.predict_proba(clf.user_data, Xt, N, 2, K, pt);
    CHECK(rc == CL_E_INVALID_ARGUMENT && strlen(cl_last_error_message()) > 0, "predict before fit -> %d", (int)rc);
    int64_t nissues = 0;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, mask, &nissues, NULL, NULL, NULL, NULL), CL_OK);
    CHECK(nissues >= 25 && nissues <= 40, "built-in: %lld issues (30 flipped)", (long long)nissues);
    CHECK(clf.predict_proba(clf.user_data, Xt, N, 2, K, pt) == 0, "built-in predict");
    CHECK(accuracy(pt, yt, N, K) > 0.97, "built-in test accuracy %.3f", accuracy(pt, yt, N, K));
    /* wrong shapes at predict time are reported, not crashed on */
    CHECK(clf.predict_proba(clf.user_data, Xt, N, 3, K, pt) == CL_E_SHAPE, "predict with 3 features");
    cl_classifier_destroy(&clf);
    CHECK(clf.user_data == NULL && clf.fit == NULL && clf.predict_proba == NULL && clf.destroy == NULL,
          "cl_classifier_destroy did not zero the struct");
    cl_classifier_destroy(&clf); /* zeroed: a no-op */
    cl_classifier_destroy(NULL);

    /* identical fits for 1 and 2 threads on data large enough to be split */
    enum { NB = 12000 };
    double *Xb = malloc(sizeof(double) * NB * 2), *p1 = malloc(sizeof(double) * NB * K),
           *p2 = malloc(sizeof(double) * NB * K);
    int64_t *yb = malloc(sizeof(int64_t) * NB), *lb = malloc(sizeof(int64_t) * NB);
    make_blobs(NB, K, 5, 4, Xb, yb, lb, NULL);
    cl_logreg_options lo;
    cl_logreg_options_init(&lo);
    lo.max_iter = 30;
    cl_classifier c1, c2;
    lo.n_threads = 1;
    EXPECT(cl_builtin_logistic_regression(&lo, &c1), CL_OK);
    lo.n_threads = 2;
    EXPECT(cl_builtin_logistic_regression(&lo, &c2), CL_OK);
    CHECK(c1.fit(c1.user_data, Xb, NB, 2, lb, NULL, K) == 0 && c2.fit(c2.user_data, Xb, NB, 2, lb, NULL, K) == 0,
          "built-in fit");
    CHECK(c1.predict_proba(c1.user_data, Xb, NB, 2, K, p1) == 0 &&
              c2.predict_proba(c2.user_data, Xb, NB, 2, K, p2) == 0,
          "built-in predict");
    CHECK(memcmp(p1, p2, sizeof(double) * NB * K) == 0, "1 and 2 threads give different probabilities");
    cl_classifier_destroy(&c1);
    cl_classifier_destroy(&c2);
    free(Xb); free(p1); free(p2); free(yb); free(lb);

    /* bad options */
    cl_logreg_options_init(&lo);
    lo.C = 0;
    EXPECT(cl_builtin_logistic_regression(&lo, &clf), CL_E_INVALID_ARGUMENT);
    cl_logreg_options_init(&lo);
    lo.max_iter = 0;
    EXPECT(cl_builtin_logistic_regression(&lo, &clf), CL_E_INVALID_ARGUMENT);
    cl_logreg_options_init(&lo);
    lo.tol = NAN;
    EXPECT(cl_builtin_logistic_regression(&lo, &clf), CL_E_INVALID_ARGUMENT);
    cl_logreg_options_init(&lo);
    lo.n_threads = -1;
    EXPECT(cl_builtin_logistic_regression(&lo, &clf), CL_E_INVALID_ARGUMENT);
    cl_logreg_options_init(&lo);
    lo.struct_size = 8;
    EXPECT(cl_builtin_logistic_regression(&lo, &clf), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_builtin_logistic_regression(NULL, NULL), CL_E_NULL_POINTER);
}

static void test_bad_input(void) {
    static double X[N * 2], p[N * K];
    static int64_t y[N], labels[N];
    static uint8_t mask[N];
    centroid_clf st;
    cl_classifier clf = make_clf(&st), broken;
    make_blobs(N, K, 6, 0, X, y, labels, NULL);
    cl_labels L = {labels, N, CL_LABEL_INT64};

    /* NULL pointers, NULL callbacks */
    EXPECT(cl_estimate_cv_predicted_probabilities(NULL, X, N, 2, &L, K, 5, 0, p), CL_E_NULL_POINTER);
    broken = clf;
    broken.predict_proba = NULL; /* a classifier without predict_proba */
    EXPECT(cl_estimate_cv_predicted_probabilities(&broken, X, N, 2, &L, K, 5, 0, p), CL_E_NULL_POINTER);
    CHECK(strstr(cl_last_error_message(), "predict_proba") != NULL, "message: %s", cl_last_error_message());
    EXPECT(cl_clean_learning_fit(&broken, X, N, 2, &L, K, NULL, mask, NULL, NULL, NULL, NULL, NULL), CL_E_NULL_POINTER);
    broken = clf;
    broken.fit = NULL;
    EXPECT(cl_estimate_cv_predicted_probabilities(&broken, X, N, 2, &L, K, 5, 0, p), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, NULL, N, 2, &L, K, 5, 0, p), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, NULL, K, 5, 0, p), CL_E_NULL_POINTER);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, NULL), CL_E_NULL_POINTER);
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, NULL, NULL, NULL, NULL, NULL, NULL), CL_E_NULL_POINTER);
    CHECK(st.fit_calls == 0, "a callback ran before validation failed");

    /* shapes, labels, values */
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 0, &L, K, 5, 0, p), CL_E_SHAPE);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, -1, 2, &L, K, 5, 0, p), CL_E_SHAPE);
    cl_labels Lshort = {labels, N - 1, CL_LABEL_INT64};
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &Lshort, K, 5, 0, p), CL_E_SHAPE);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, 1, 5, 0, p), CL_E_SHAPE);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K + 1, 5, 0, p), CL_E_SHAPE); /* class 3 absent */
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, INT64_MAX, 5, 0, p), CL_E_SHAPE);
    cl_labels Lbad = {labels, N, 7};
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &Lbad, K, 5, 0, p), CL_E_DTYPE);
    labels[5] = 3;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_LABEL_RANGE);
    labels[5] = -1;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_LABEL_RANGE);
    labels[5] = 5 % K;
    double keep = X[11];
    X[11] = NAN;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_NOT_FINITE);
    X[11] = INFINITY;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, mask, NULL, NULL, NULL, NULL, NULL), CL_E_NOT_FINITE);
    X[11] = keep;
    CHECK(st.fit_calls == 0, "a callback ran before validation failed");

    /* folds */
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 1, 0, p), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 0, 0, p), CL_E_INVALID_ARGUMENT);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, N + 1, 0, p), CL_E_SHAPE);
    /* every class smaller than the number of folds (sklearn's ValueError): 3 + 3 examples, 4 folds */
    int64_t small[6] = {0, 1, 0, 1, 0, 1};
    cl_labels Ls = {small, 6, CL_LABEL_INT64};
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, 6, 2, &Ls, 2, 4, 0, p), CL_E_SHAPE);
    /* CleanLearning: n / K < cv_n_folds ("Need more data from each class for cross-validation") */
    int64_t twelve[12];
    for (int i = 0; i < 12; i++) twelve[i] = i % 3;
    cl_labels L12 = {twelve, 12, CL_LABEL_INT64};
    EXPECT(cl_clean_learning_fit(&clf, X, 12, 2, &L12, 3, NULL, mask, NULL, NULL, NULL, NULL, NULL), CL_E_SHAPE);
    CHECK(strstr(cl_last_error_message(), "Need more data") != NULL, "message: %s", cl_last_error_message());
    CHECK(st.fit_calls == 0, "a callback ran before validation failed");

    /* options */
    cl_learn_options o;
    cl_learn_options_init(&o);
    o.struct_size = 4;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    cl_learn_options_init(&o);
    o.filter_by = 99;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    cl_learn_options_init(&o);
    o.cv_n_folds = 1;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    cl_learn_options_init(&o);
    o.n_threads = -2;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);
    cl_learn_options_init(&o);
    o.frac_noise = 0;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, &o, mask, NULL, NULL, NULL, NULL, NULL), CL_E_INVALID_ARGUMENT);

    /* callback failures propagate as CL_E_CALLBACK with the returned value in the message */
    clf = make_clf(&st);
    st.fail_fit_on_call = 2;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_CALLBACK);
    CHECK(strstr(cl_last_error_message(), "fit callback returned 7") != NULL, "message: %s", cl_last_error_message());
    CHECK(st.fit_calls == 2, "the library kept going after a failed fit (%d calls)", st.fit_calls);
    clf = make_clf(&st);
    st.fail_fit_on_call = 6; /* the final fit of CleanLearning */
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, mask, NULL, NULL, NULL, NULL, NULL), CL_E_CALLBACK);
    clf = make_clf(&st);
    st.fail_predict = -5;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_CALLBACK);
    CHECK(strstr(cl_last_error_message(), "predict_proba callback returned -5") != NULL, "message: %s",
          cl_last_error_message());
    clf = make_clf(&st);
    st.bad_output = 1;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_CALLBACK);
    clf = make_clf(&st);
    st.bad_output = 2;
    EXPECT(cl_clean_learning_fit(&clf, X, N, 2, &L, K, NULL, mask, NULL, NULL, NULL, NULL, NULL), CL_E_CALLBACK);
    /* a callback that failed inside a libcleanlab call of its own: its message is quoted */
    clf = make_clf(&st);
    clf.fit = fit_calling_library;
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_E_CALLBACK);
    CHECK(strstr(cl_last_error_message(), "returned 1") != NULL &&
              strstr(cl_last_error_message(), "cl_find_predicted_neq_given") != NULL,
          "message: %s", cl_last_error_message());
    /* a successful call clears the message */
    clf = make_clf(&st);
    EXPECT(cl_estimate_cv_predicted_probabilities(&clf, X, N, 2, &L, K, 5, 0, p), CL_OK);
    CHECK(cl_last_error_message()[0] == '\0', "message not cleared: %s", cl_last_error_message());
}

int main(void) {
    section("status and layout");
    test_status_and_layout();
    section("cross-validated pred_probs");
    test_cv();
    section("CleanLearning with a C classifier");
    test_clean_learning();
    section("built-in logistic regression");
    test_builtin();
    section("bad input and callback failures");
    test_bad_input();
    return test_report();
}
