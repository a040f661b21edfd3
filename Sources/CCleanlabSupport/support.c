/* The parts of the ABI that need C: thread-local storage and a C11 atomic. */
#include "cleanlab_support.h"
#include "cleanlab.h"
#include <stdatomic.h>
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
