/*
 * load_npy.h -- the benchmark developer tools' reader of the bench's cached .npy inputs
 * (time_call.c, access_floors.c). Include it once, after defining _GNU_SOURCE (or another
 * feature macro that declares posix_memalign and madvise under -std=c99).
 *
 * The data go into 2 MiB-aligned memory advised MADV_HUGEPAGE before it is first written, as
 * numpy does for large arrays on Linux: the tools then see the pages a Python caller's
 * pred_probs has (the machines run transparent huge pages in "madvise" mode).
 */
#ifndef CLEANLAB_BENCH_LOAD_NPY_H
#define CLEANLAB_BENCH_LOAD_NPY_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The data of a .npy file (version 1 header: its length at bytes 8-9), read into memory;
   *len is its size in bytes. Exits with status 2 when the file cannot be read. */
static void *load_npy(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); exit(2); }
    struct stat st;
    fstat(fd, &st);
    size_t huge = (size_t)1 << 21;
    size_t size = ((size_t)st.st_size + huge - 1) & ~(huge - 1);
    unsigned char *p = NULL;
    if (posix_memalign((void **)&p, huge, size) != 0) { perror("posix_memalign"); exit(2); }
    madvise(p, size, MADV_HUGEPAGE);
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t r = read(fd, p + got, (size_t)st.st_size - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (got != (size_t)st.st_size || got < 10) { fprintf(stderr, "%s: short read\n", path); exit(2); }
    unsigned header = p[8] | (p[9] << 8);
    *len = (size_t)st.st_size - 10 - header;
    return p + 10 + header;
}

#endif
