/* The parts of the ABI that need C: thread-local storage and a C11 atomic. */
#include "cleanlab_support.h"
#include "cleanlab.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLSUPPORT_MESSAGE_CAPACITY 512

static _Thread_local char clsupport_message[CLSUPPORT_MESSAGE_CAPACITY];
static atomic_int clsupport_threads = 0;

void clsupport_set_error(const char *msg) {
    if (msg == NULL) {
        clsupport_message[0] = '\0';
        return;
    }
    size_t n = strlen(msg);
    if (n > CLSUPPORT_MESSAGE_CAPACITY - 1) {
        n = CLSUPPORT_MESSAGE_CAPACITY - 1;
        /* do not cut a UTF-8 sequence in half */
        while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80) n--;
    }
    memcpy(clsupport_message, msg, n);
    clsupport_message[n] = '\0';
}

void clsupport_clear_error(void) { clsupport_message[0] = '\0'; }

const char *cl_last_error_message(void) { return clsupport_message; }

/* sysconf costs ~10 us here; the count is read once per process (0 = not yet read). */
static atomic_int clsupport_cpus = 0;

int32_t clsupport_online_cpus(void) {
    int32_t cached = atomic_load(&clsupport_cpus);
    if (cached > 0) return cached;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > 1024) n = 1024;
    atomic_store(&clsupport_cpus, (int32_t)n);
    return (int32_t)n;
}

int32_t clsupport_default_threads(void) { return atomic_load(&clsupport_threads); }

cl_status cl_set_num_threads(int32_t n_threads) {
    if (n_threads < 0) {
        clsupport_set_error("cl_set_num_threads: n_threads must be >= 0 (0 = all online cores)");
        return CL_E_INVALID_ARGUMENT;
    }
    atomic_store(&clsupport_threads, n_threads);
    clsupport_clear_error();
    return CL_OK;
}

int32_t cl_get_num_threads(void) {
    int32_t n = atomic_load(&clsupport_threads);
    return n > 0 ? n : clsupport_online_cpus();
}

/* Which compiled copy of the core runs the hot entry points: 1 = the AVX2 copy (CleanlabCoreV3,
 * compiled for Haswell: AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE — x86-64-v3), 0 = the baseline
 * (x86-64, SSE2). Decided once per process: the CPU must have every x86-64-v3 feature (and the
 * OS must save the AVX state, which __builtin_cpu_supports checks), and CLEANLAB_CPU, if set,
 * may force the baseline ("baseline"). Any other value, or none, means automatic. */
static atomic_int clsupport_kernels = -1;

int32_t clsupport_use_avx2(void) {
    int32_t cached = atomic_load_explicit(&clsupport_kernels, memory_order_relaxed);
    if (cached >= 0) return cached;
    int32_t use = 0;
#if defined(__x86_64__) && defined(CLEANLAB_HAS_AVX2_CORE)
    __builtin_cpu_init();
    use = __builtin_cpu_supports("x86-64-v3") ? 1 : 0;
    const char *forced = getenv("CLEANLAB_CPU");
    if (forced != NULL && strcmp(forced, "baseline") == 0) use = 0;
#endif
    atomic_store_explicit(&clsupport_kernels, use, memory_order_relaxed);
    return use;
}

const char *cl_cpu_kernels(void) { return clsupport_use_avx2() ? "x86-64-v3" : "baseline"; }

/* Set in the child of every fork() after the library was loaded (see clsupport_forked). */
static atomic_int clsupport_is_forked = 0;

static void clsupport_note_fork(void) { atomic_store(&clsupport_is_forked, 1); }

__attribute__((constructor)) static void clsupport_register_fork_handler(void) {
    pthread_atfork(NULL, NULL, clsupport_note_fork);
}

int32_t clsupport_forked(void) { return atomic_load(&clsupport_is_forked); }
