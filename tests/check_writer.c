/*
 * check_writer.c - unit tests of the writer stage (writer.c): buffered
 * output that loses no byte and reports write errors, and output files
 * that replace their target only on commit, keep its mode, follow links
 * when asked and leave no temporary file behind.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "writer.h"

static struct zh_error err;
static char dir[64];

static void
make_dir(void)
{
	snprintf(dir, sizeof dir, "/tmp/check_writer.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The path NAME in the test directory, in a static buffer. */
static const char *
path(const char *name)
{
	static char p[2][128];
	static int k;

	k = !k;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

/* The contents of FILE, NUL-terminated; the caller frees it. */
static char *
slurp(const char *file, size_t *len)
{
	struct zh_buf b;
	char tmp[4096];
	ssize_t n;
	int fd = open(file, O_RDONLY);

	ck_assert_msg(fd >= 0, "%s: %s", file, strerror(errno));
	zh_buf_init(&b);
	while ((n = read(fd, tmp, sizeof tmp)) > 0)
		zh_buf_append(&b, tmp, (size_t)n);
	close(fd);
	zh_buf_cstr(&b);
	return zh_buf_detach(&b, len);
}

static void
spit(const char *file, const char *s)
{
	FILE *f = fopen(file, "w");

	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* How many entries of the test directory start with ".zhnorm.". */
static int
temporaries(void)
{
	char cmd[160];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '^\\.zhnorm\\.'", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

START_TEST(test_put_keeps_every_byte)
{
	/* Small pieces, a piece larger than the buffer, and pieces that
	 * straddle the buffer's end all arrive in order. */
	struct zh_writer w;
	struct zh_buf want;
	char *got;
	size_t len, i;
	int fd;

	make_dir();
	fd = open(path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	zh_writer_init(&w, fd, "out");
	zh_buf_init(&want);
	for (i = 0; i < 3 * ZH_WRITE_SIZE / 7; i++) {
		char piece[8];

		snprintf(piece, sizeof piece, "%05zu\n", i % 100000);
		ck_assert_int_eq(zh_writer_put(&w, piece, 6, &err), 0);
		zh_buf_append(&want, piece, 6);
		if (i == 1000) {
			char *big = malloc(ZH_WRITE_SIZE + 3);

			memset(big, 'x', ZH_WRITE_SIZE + 3);
			ck_assert_int_eq(zh_writer_put(&w, big, ZH_WRITE_SIZE + 3, &err), 0);
			zh_buf_append(&want, big, ZH_WRITE_SIZE + 3);
			free(big);
		}
	}
	ck_assert_int_eq(zh_writer_flush(&w, &err), 0);
	ck_assert_int_eq(close(fd), 0);
	got = slurp(path("out"), &len);
	ck_assert_uint_eq(len, want.len);
	ck_assert(memcmp(got, want.data, len) == 0);
	free(got);
	zh_buf_free(&want);
	zh_writer_free(&w);
	remove_dir();
}
END_TEST

START_TEST(test_write_error_named)
{
	/* A write that fails says which output and why. */
	struct zh_writer w;
	int fd = open("/dev/full", O_WRONLY);

	ck_assert_msg(fd >= 0, "/dev/full: %s", strerror(errno));
	zh_writer_init(&w, fd, "standard output");
	zh_error_clear(&err);
	ck_assert_int_eq(zh_writer_put(&w, "abc", 3, &err), 0);	/* buffered */
	ck_assert_int_eq(zh_writer_flush(&w, &err), -1);
	ck_assert_str_eq(err.file, "standard output");
	ck_assert_msg(strstr(err.msg, "write error") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, strerror(ENOSPC)) != NULL, "%s", err.msg);
	close(fd);
	zh_writer_free(&w);
}
END_TEST

START_TEST(test_write_error_bad_descriptor)
{
	struct zh_writer w;

	zh_writer_init(&w, -1, "out.txt");
	zh_error_clear(&err);
	ck_assert_int_eq(zh_writer_put(&w, "abc", 3, &err), 0);
	ck_assert_int_eq(zh_writer_flush(&w, &err), -1);
	ck_assert_str_eq(err.file, "out.txt");
	ck_assert_msg(strstr(err.msg, strerror(EBADF)) != NULL, "%s", err.msg);
	zh_writer_free(&w);
}
END_TEST

START_TEST(test_outfile_commit_replaces)
{
	struct zh_outfile o;
	struct stat st;
	char *got;

	make_dir();
	spit(path("t"), "old\n");
	ck_assert_int_eq(chmod(path("t"), 0640), 0);
	ck_assert_int_eq(zh_outfile_open(&o, path("t"), 0, &err), 0);
	ck_assert_int_eq(temporaries(), 1);
	ck_assert_int_eq(write(o.fd, "new\n", 4), 4);
	/* Until the commit, the target is as it was. */
	got = slurp(path("t"), NULL);
	ck_assert_str_eq(got, "old\n");
	free(got);
	ck_assert_int_eq(zh_outfile_commit(&o, &err), 0);
	got = slurp(path("t"), NULL);
	ck_assert_str_eq(got, "new\n");
	free(got);
	ck_assert_int_eq(stat(path("t"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(temporaries(), 0);
	remove_dir();
}
END_TEST

START_TEST(test_outfile_new_file_umask)
{
	struct zh_outfile o;
	struct stat st;
	mode_t old = umask(027);

	make_dir();
	ck_assert_int_eq(zh_outfile_open(&o, path("n"), 0, &err), 0);
	ck_assert_int_eq(zh_outfile_commit(&o, &err), 0);
	ck_assert_int_eq(stat(path("n"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);	/* 0666 less 027 */
	umask(old);
	remove_dir();
}
END_TEST

START_TEST(test_outfile_discard_keeps_target)
{
	struct zh_outfile o;
	char *got;

	make_dir();
	spit(path("t"), "old\n");
	ck_assert_int_eq(zh_outfile_open(&o, path("t"), 0, &err), 0);
	ck_assert_int_eq(write(o.fd, "half", 4), 4);
	zh_outfile_discard(&o);
	got = slurp(path("t"), NULL);
	ck_assert_str_eq(got, "old\n");
	free(got);
	ck_assert_int_eq(temporaries(), 0);
	remove_dir();
}
END_TEST

START_TEST(test_outfile_follows_link)
{
	/* With FOLLOW the link stays a link and its target is replaced;
	 * without, the link itself is replaced by a file. */
	struct zh_outfile o;
	struct stat st;
	char *got;

	make_dir();
	spit(path("target"), "old\n");
	ck_assert_int_eq(symlink("target", path("link")), 0);
	ck_assert_int_eq(zh_outfile_open(&o, path("link"), 1, &err), 0);
	ck_assert_int_eq(write(o.fd, "new\n", 4), 4);
	ck_assert_int_eq(zh_outfile_commit(&o, &err), 0);
	ck_assert_int_eq(lstat(path("link"), &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	got = slurp(path("target"), NULL);
	ck_assert_str_eq(got, "new\n");
	free(got);

	ck_assert_int_eq(zh_outfile_open(&o, path("link"), 0, &err), 0);
	ck_assert_int_eq(write(o.fd, "own\n", 4), 4);
	ck_assert_int_eq(zh_outfile_commit(&o, &err), 0);
	ck_assert_int_eq(lstat(path("link"), &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	got = slurp(path("target"), NULL);
	ck_assert_str_eq(got, "new\n");
	free(got);
	remove_dir();
}
END_TEST

START_TEST(test_outfile_fifo_written_directly)
{
	/* A FIFO is written to, not replaced by a file; its reader gets the
	 * bytes at once. */
	struct zh_outfile o;
	struct stat st;
	char got[16];
	int rd;

	make_dir();
	ck_assert_int_eq(mkfifo(path("pipe"), 0644), 0);
	rd = open(path("pipe"), O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(zh_outfile_open(&o, path("pipe"), 1, &err), 0);
	ck_assert_ptr_null(o.temp);
	ck_assert_int_eq(write(o.fd, "new\n", 4), 4);
	ck_assert_int_eq(zh_outfile_commit(&o, &err), 0);
	ck_assert_int_eq(read(rd, got, sizeof got), 4);
	ck_assert(memcmp(got, "new\n", 4) == 0);
	close(rd);
	ck_assert_int_eq(lstat(path("pipe"), &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(temporaries(), 0);
	remove_dir();
}
END_TEST

START_TEST(test_outfile_missing_directory)
{
	struct zh_outfile o;

	make_dir();
	zh_error_clear(&err);
	ck_assert_int_eq(zh_outfile_open(&o, path("no/such/file"), 0, &err), -1);
	ck_assert_msg(err.msg[0] != '\0', "no message");
	ck_assert_msg(strstr(err.file, "no/such/file") != NULL ||
		      strstr(err.msg, "no/such") != NULL,
		      "the error names neither the file nor its directory: %s: %s",
		      err.file, err.msg);
	remove_dir();
}
END_TEST

static Suite *
writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *put = tcase_create("put");
	TCase *out = tcase_create("outfile");

	tcase_add_test(put, test_put_keeps_every_byte);
	tcase_add_test(put, test_write_error_named);
	tcase_add_test(put, test_write_error_bad_descriptor);
	suite_add_tcase(s, put);
	tcase_add_test(out, test_outfile_commit_replaces);
	tcase_add_test(out, test_outfile_new_file_umask);
	tcase_add_test(out, test_outfile_discard_keeps_target);
	tcase_add_test(out, test_outfile_follows_link);
	tcase_add_test(out, test_outfile_fifo_written_directly);
	tcase_add_test(out, test_outfile_missing_directory);
	suite_add_tcase(s, out);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(writer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
