/*
 * find_label_issues.c — a small libcleanlab example in C.
 *
 * Builds a classification dataset in memory with a seeded generator (true labels, a simulated
 * model's predicted probabilities, and given labels of which a fraction was flipped to another
 * class), asks libcleanlab which given labels look wrong (confident learning, cleanlab's default
 * filter 'prune_by_noise_rate', ranked by self-confidence), and prints the ranked label issues
 * with a summary. Since the example knows which labels it flipped, it also reports how many of
 * the flagged examples were really flipped.
 *
 * Build and run (from the repository root, after `make build`):
 *   cc -std=c99 -O2 -I include examples/c/find_label_issues.c -o find_label_issues \
 *      -L .build/release -lcleanlab -Wl,-rpath,$PWD/.build/release -lm
 *   ./find_label_issues [--n 1000] [--k 4] [--noise 0.1] [--seed 42] [--top 15] [--threads 0]
 * or simply `make demo`.
 */
#include "cleanlab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: a tiny seeded generator, the same on every platform */
static uint64_t rng_state;
static uint64_t rng_next(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }
static int64_t rng_below(int64_t m) { return (int64_t)(rng_next() % (uint64_t)m); }

/* Prints the failed call's status and message and exits. */
static void check(cl_status st, const char *call) {
    if (st != CL_OK) {
        fprintf(stderr, "%s failed: %s: %s\n", call, cl_status_string(st), cl_last_error_message());
        exit(1);
    }
}

static void usage(const char *argv0) {
    fprintf(stderr,
            "usage: %s [--n N] [--k K] [--noise FRACTION] [--seed SEED] [--top T] [--threads T]\n",
            argv0);
    exit(2);
}

int main(int argc, char **argv) {
    int64_t n = 1000, k = 4, top = 15, i, j;
    double noise = 0.10;
    uint64_t seed = 42;
    int32_t threads = 0;
    float *pred_probs;
    int32_t *given, *truth;
    uint8_t *mask, *flipped;
    int64_t *ranked, num_issues = 0, estimated = 0, flipped_total = 0, true_hits = 0;
    double *scores;
    cl_pred_probs pp;
    cl_labels labels;
    cl_options opt;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) usage(argv[0]);
        if (strcmp(a, "--n") == 0) n = strtoll(v, NULL, 10);
        else if (strcmp(a, "--k") == 0) k = strtoll(v, NULL, 10);
        else if (strcmp(a, "--noise") == 0) noise = strtod(v, NULL);
        else if (strcmp(a, "--seed") == 0) seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--top") == 0) top = strtoll(v, NULL, 10);
        else if (strcmp(a, "--threads") == 0) threads = (int32_t)strtol(v, NULL, 10);
        else usage(argv[0]);
        i++;
    }
    if (n < 1 || k < 2 || k > 1000 || noise < 0 || noise >= 1 || top < 0) usage(argv[0]);
    rng_state = seed;

    /* ---- 1. a dataset in memory ---------------------------------------------------------- */
    pred_probs = (float *)malloc((size_t)(n * k) * sizeof(float));
    given = (int32_t *)malloc((size_t)n * sizeof(int32_t));
    truth = (int32_t *)malloc((size_t)n * sizeof(int32_t));
    flipped = (uint8_t *)malloc((size_t)n);
    mask = (uint8_t *)malloc((size_t)n);
    ranked = (int64_t *)malloc((size_t)n * sizeof(int64_t));
    scores = (double *)malloc((size_t)n * sizeof(double));
    if (!pred_probs || !given || !truth || !flipped || !mask || !ranked || !scores) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (i = 0; i < n; i++) {
        double row[1000], sum = 0.0;
        int64_t y = rng_below(k);
        /* a model that is right most of the time: a peak on the true class whose height varies
         * (hard examples have a low peak), plus some confusion with one other class */
        int64_t confused = (y + 1 + rng_below(k - 1)) % k;
        double peak = 0.5 + 4.0 * rng_unit();
        for (j = 0; j < k; j++) row[j] = 0.05 + rng_unit() * 0.5;
        row[y] += peak;
        row[confused] += rng_unit() * 1.5;
        for (j = 0; j < k; j++) sum += row[j];
        for (j = 0; j < k; j++) pred_probs[i * k + j] = (float)(row[j] / sum);
        truth[i] = (int32_t)y;
        /* the annotators flip a fraction of the labels to another class */
        if (rng_unit() < noise) {
            given[i] = (int32_t)((y + 1 + rng_below(k - 1)) % k);
            flipped[i] = 1;
            flipped_total++;
        } else {
            given[i] = (int32_t)y;
            flipped[i] = 0;
        }
    }

    /* ---- 2. describe the borrowed buffers ------------------------------------------------- */
    pp.data = pred_probs;
    pp.n_examples = n;
    pp.n_classes = k;
    pp.row_stride = 0; /* contiguous rows */
    pp.dtype = CL_DTYPE_FLOAT32;
    labels.data = given;
    labels.n_examples = n;
    labels.dtype = CL_LABEL_INT32;

    /* ---- 3. find the label issues, ranked worst first ------------------------------------ */
    check(cl_options_init(&opt), "cl_options_init");
    opt.filter_by = CL_FILTER_PRUNE_BY_NOISE_RATE;       /* cleanlab's default */
    opt.return_indices_ranked_by = CL_RANK_SELF_CONFIDENCE;
    opt.n_threads = threads;                             /* 0: all cores */
    check(cl_find_label_issues(&pp, &labels, &opt, mask, ranked, n, &num_issues),
          "cl_find_label_issues");
    check(cl_get_label_quality_scores(&pp, &labels, CL_RANK_SELF_CONFIDENCE, 0, scores),
          "cl_get_label_quality_scores");
    check(cl_num_label_issues(&pp, &labels, CL_ESTIMATE_OFF_DIAGONAL, NULL, CL_ORDER_ROW_MAJOR, &estimated),
          "cl_num_label_issues");

    /* ---- 4. report ------------------------------------------------------------------------- */
    printf("libcleanlab %s: %lld examples, %lld classes, %.0f%% of labels flipped (seed %llu)\n\n",
           cl_version_string(), (long long)n, (long long)k, 100.0 * noise, (unsigned long long)seed);
    printf("%5s %8s %6s %10s %14s %8s\n", "rank", "index", "given", "predicted", "quality_score",
           "flipped");
    for (i = 0; i < num_issues; i++) {
        int64_t idx = ranked[i], pred = 0;
        for (j = 1; j < k; j++)
            if (pred_probs[idx * k + j] > pred_probs[idx * k + pred]) pred = j;
        true_hits += flipped[idx];
        if (i < top)
            printf("%5lld %8lld %6d %10lld %14.6f %8s\n", (long long)(i + 1), (long long)idx,
                   given[idx], (long long)pred, scores[idx], flipped[idx] ? "yes" : "no");
    }
    if (num_issues > top) printf("  ... %lld more\n", (long long)(num_issues - top));
    printf("\n");
    printf("label issues found:        %lld (cl_num_label_issues estimates %lld)\n",
           (long long)num_issues, (long long)estimated);
    printf("labels actually flipped:   %lld\n", (long long)flipped_total);
    printf("flagged and really flipped: %lld (precision %.3f, recall %.3f)\n", (long long)true_hits,
           num_issues ? (double)true_hits / (double)num_issues : 0.0,
           flipped_total ? (double)true_hits / (double)flipped_total : 0.0);
    printf("summary: n=%lld k=%lld issues=%lld flipped=%lld precision=%.3f recall=%.3f\n",
           (long long)n, (long long)k, (long long)num_issues, (long long)flipped_total,
           num_issues ? (double)true_hits / (double)num_issues : 0.0,
           flipped_total ? (double)true_hits / (double)flipped_total : 0.0);

    free(pred_probs);
    free(given);
    free(truth);
    free(flipped);
    free(mask);
    free(ranked);
    free(scores);
    return 0;
}
