/*
 * harness.h — the test harness shared by the C test programs tests/c/test_*.c.
 *
 * Header-only (static functions and macros, C99, warning-free under
 * -std=c99 -Wall -Wextra -pedantic -Werror); include it once, after "cleanlab.h" is reachable
 * (`-I include`). Each program gets its own counters.
 *
 *   section(name)                   prints "--- name" and tags later failures with it
 *   CHECK(cond, fmt, ...)           one assertion; the message is formatted only on failure;
 *                                   evaluates to 1 (passed) or 0 (failed)
 *   EXPECT(call, want)              the call returns status `want`, and the thread-local message
 *   EXPECT_STATUS(call, want)       contract holds: empty after a success, non-empty and shorter
 *   EXPECT_OK(call)                 than 512 bytes after a failure (2 assertions when the status
 *                                   matches, 1 failed one otherwise)
 *   EXPECT_ONE_OF(call, a, b)       the status is a or b (a failure), with a non-empty message
 *   EXPECT_MESSAGE_MENTIONS(s)      the last message contains s (case-insensitive)
 *   close_rel / close_to / near     float comparisons (see each)
 *   same_i64 / same_u8 / same_f64_bits   element-wise equality of arrays
 *   test_report()                   prints the closing "N passed, M failed" line and returns the
 *                                   exit status (non-zero on any failure): `return test_report();`
 */
#ifndef LIBCLEANLAB_TESTS_C_HARNESS_H
#define LIBCLEANLAB_TESTS_C_HARNESS_H

#include "cleanlab.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static long g_passed = 0;
static long g_failed = 0;
static const char *g_section = "";

static inline void section(const char *name) {
    g_section = name;
    printf("--- %s\n", name);
    fflush(stdout);
}

static inline int check_pass_(void) {
    g_passed++;
    return 1;
}

/* Records one assertion; on failure prints "FAIL [section] file:line: <message>". */
static inline int check_(int ok, const char *file, int line, const char *fmt, ...) {
    if (ok) return check_pass_();
    va_list ap;
    g_failed++;
    printf("FAIL [%s] %s:%d: ", g_section, file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 0;
}
/* The message arguments are evaluated only when the check fails. */
#define CHECK(cond, ...) ((cond) ? check_pass_() : check_(0, __FILE__, __LINE__, __VA_ARGS__))

/* A status, then the thread-local message contract: a non-empty message (< 512 bytes) after a
 * failure, an empty message after a success. */
static inline int expect_status_(cl_status got, cl_status want, const char *what,
                                 const char *file, int line) {
    const char *msg = cl_last_error_message();
    if (!check_(got == want, file, line, "%s: status %s (%d), expected %s (%d); message: \"%s\"",
                what, cl_status_string(got), (int)got, cl_status_string(want), (int)want,
                msg ? msg : "(null)"))
        return 0;
    if (msg == NULL) return check_(0, file, line, "%s: cl_last_error_message() returned NULL", what);
    if (want == CL_OK)
        return check_(msg[0] == '\0', file, line, "%s: message after success not empty: \"%s\"",
                      what, msg);
    return check_(msg[0] != '\0' && strlen(msg) < 512, file, line,
                  "%s: message after %s is empty or too long (%lu bytes)", what,
                  cl_status_string(want), (unsigned long)strlen(msg));
}
#define EXPECT(call, want) expect_status_((call), (want), #call, __FILE__, __LINE__)
#define EXPECT_STATUS(call, want) expect_status_((call), (want), #call, __FILE__, __LINE__)
#define EXPECT_OK(call) expect_status_((call), CL_OK, #call, __FILE__, __LINE__)

/* Like EXPECT, for the few cases where the header leaves the exact code open between two
 * documented failure statuses. */
static inline void expect_one_of_(cl_status got, cl_status a, cl_status b, const char *what,
                                  const char *file, int line) {
    const char *msg = cl_last_error_message();
    if (check_(got == a || got == b, file, line, "%s: status %s, expected %s or %s", what,
               cl_status_string(got), cl_status_string(a), cl_status_string(b))) {
        check_(msg != NULL && msg[0] != '\0', file, line, "%s: empty message after failure", what);
    }
}
#define EXPECT_ONE_OF(call, a, b) expect_one_of_((call), (a), (b), #call, __FILE__, __LINE__)

/* The last message mentions `needle` (case-insensitive). */
static inline void expect_message_mentions_(const char *needle, const char *file, int line) {
    const char *msg = cl_last_error_message();
    size_t nl = strlen(needle), ml = msg ? strlen(msg) : 0, i, j;
    int found = 0;
    for (i = 0; !found && i + nl <= ml; i++) {
        for (j = 0; j < nl; j++) {
            char a = msg[i + j], b = needle[j];
            if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
            if (a != b) break;
        }
        if (j == nl) found = 1;
    }
    check_(found, file, line, "message \"%s\" does not mention \"%s\"", msg ? msg : "(null)",
           needle);
}
#define EXPECT_MESSAGE_MENTIONS(needle) expect_message_mentions_((needle), __FILE__, __LINE__)

/* ---- float comparisons --------------------------------------------------------------------- */
/* |a - b| <= rel * max(|a|, |b|) (with a floor of 1e-300 on the scale) */
static inline int close_rel(double a, double b, double rel) {
    double d = fabs(a - b), m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return d <= rel * (m > 1e-300 ? m : 1e-300);
}
/* |a - b| <= 1e-12 * (|b| + 1e-300): relative to the expected value b */
static inline int close_to(double a, double b) { return fabs(a - b) <= 1e-12 * (fabs(b) + 1e-300); }
/* |a - b| <= 1e-12 * max(1, |b|): relative above 1, absolute below */
static inline int near(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b)); }

/* ---- array equality ------------------------------------------------------------------------ */
static inline int same_i64(const int64_t *a, const int64_t *b, int64_t n) {
    int64_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}
static inline int same_u8(const uint8_t *a, const uint8_t *b, int64_t n) {
    return n == 0 || memcmp(a, b, (size_t)n) == 0;
}
/* bitwise equality of doubles (NaN == NaN when the bits agree) */
static inline int same_f64_bits(const double *a, const double *b, int64_t n) {
    return n == 0 || memcmp(a, b, (size_t)n * sizeof(double)) == 0;
}

/* ---- the closing line ---------------------------------------------------------------------- */
static inline int test_report(void) {
    printf("%ld passed, %ld failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

#endif /* LIBCLEANLAB_TESTS_C_HARNESS_H */
