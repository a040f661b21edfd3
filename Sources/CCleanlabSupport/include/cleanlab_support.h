/* Internal helpers of libcleanlab (not API; hidden by the linker version script). */
#ifndef CLEANLAB_SUPPORT_H
#define CLEANLAB_SUPPORT_H
#include <stdint.h>

/* Copies at most 511 bytes of msg into the calling thread's error buffer. */
void clsupport_set_error(const char *msg);
/* Empties the calling thread's error buffer. */
void clsupport_clear_error(void);
/* The process-wide default thread count (0 = all online cores). */
int32_t clsupport_default_threads(void);
/* Number of online processors (>= 1). */
int32_t clsupport_online_cpus(void);
/* 1 when the hot entry points run the AVX2 copy of the core (see support.c), else 0. */
int32_t clsupport_use_avx2(void);
/* 1 in a process forked (fork(), e.g. Python multiprocessing) after the library was loaded. */
int32_t clsupport_forked(void);

#endif
