/*
 * faultshim.c - an LD_PRELOAD shim for tests/faults.sh: makes write(2) to
 * descriptors above 2 fail with EIO once ZHNORM_TEST_FAIL_AFTER bytes have
 * been written, or sleep ZHNORM_TEST_WRITE_SLEEP seconds first, so that a
 * failure or a signal can be placed in the middle of an output file; and
 * makes fsync(2) fail with EIO when ZHNORM_TEST_FAIL_FSYNC is set, as a
 * write-back error found only at the end would; and lets only the first
 * ZHNORM_TEST_OPENCC_OPENS calls of opencc_open succeed.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

static size_t written;

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	const char *fail = getenv("ZHNORM_TEST_FAIL_AFTER");
	const char *nap = getenv("ZHNORM_TEST_WRITE_SLEEP");

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (fd > 2 && nap != NULL)
		sleep((unsigned)atoi(nap));
	if (fd > 2 && fail != NULL) {
		size_t limit = (size_t)strtoul(fail, NULL, 10);

		if (written >= limit) {
			errno = EIO;
			return -1;
		}
		if (n > limit - written)
			n = limit - written;
		written += n;
	}
	return real(fd, buf, n);
}

int
fsync(int fd)
{
	static int (*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (getenv("ZHNORM_TEST_FAIL_FSYNC") != NULL) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

/* opencc_t is a pointer; a failed open returns (opencc_t)-1. */
void *
opencc_open(const char *config)
{
	static void *(*real)(const char *);
	static int opens;
	const char *limit = getenv("ZHNORM_TEST_OPENCC_OPENS");

	if (real == NULL)
		real = (void *(*)(const char *))dlsym(RTLD_NEXT, "opencc_open");
	if (limit != NULL && __atomic_fetch_add(&opens, 1, __ATOMIC_SEQ_CST) >= atoi(limit))
		return (void *)-1;
	return real(config);
}
