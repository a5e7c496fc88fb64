/*
 * check_sched.c - unit tests of the scheduler (sched.c): an input of many
 * chunks gives the same bytes with one job and with several, in input
 * order; invalid UTF-8 stops the run after the lines before it; a failing
 * sink stops it with the sink's error; reports go to the report sink.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "pipeline.h"
#include "reader.h"
#include "sched.h"

#define HAN_S	"\xe6\xb1\x89"	/* 汉 */
#define HAN_T	"\xe6\xbc\xa2"	/* 漢 */

static struct zh_error err;

/* What the sink was given. */
struct collected {
	struct zh_buf text, report, diag;
	int fail_after;		/* text calls before one fails; -1: never */
	int text_calls, flushes;
	uint64_t progress;
};

static int
sink_text(void *ctx, const char *s, size_t n, struct zh_error *e)
{
	struct collected *c = ctx;

	if (c->fail_after >= 0 && c->text_calls++ >= c->fail_after)
		return zh_error_set(e, "sink", 0, 0, "write error: test");
	zh_buf_append(&c->text, s, n);
	return 0;
}

static int
sink_report(void *ctx, const char *s, size_t n, struct zh_error *e)
{
	zh_buf_append(&((struct collected *)ctx)->report, s, n);
	return 0;
}

static void
sink_diag(void *ctx, const char *s, size_t n)
{
	zh_buf_append(&((struct collected *)ctx)->diag, s, n);
}

static int
sink_flush(void *ctx, struct zh_error *e)
{
	((struct collected *)ctx)->flushes++;
	return 0;
}

static void
sink_progress(void *ctx, uint64_t done)
{
	struct collected *c = ctx;

	ck_assert_uint_ge(done, c->progress);	/* never goes back */
	c->progress = done;
}

/* A temporary file holding DATA[0..LEN), open for reading at its start. */
static int
input_fd(const char *data, size_t len)
{
	char name[] = "/tmp/check_sched.XXXXXX";
	int fd = mkstemp(name);

	ck_assert_int_ge(fd, 0);
	unlink(name);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Runs DATA through a pipeline converting with CONFIG (NULL: none) on
 * JOBS jobs; CHECK: report instead of text. */
static void
run(const char *config, int check, int jobs, const char *data, size_t len,
    int fail_after, struct collected *c, struct zh_run_result *res)
{
	struct zh_pipeline p;
	struct zh_sched *s;
	struct zh_sink sink;
	static char path[64];
	int fd = input_fd(data, len);

	memset(&p, 0, sizeof p);
	if (config != NULL) {
		snprintf(path, sizeof path, "%s.json", config);
		p.opencc_path = path;
		p.config_name = config;
	}
	p.check = check;
	p.format = ZH_FORMAT_TEXT;
	memset(c, 0, sizeof *c);
	zh_buf_init(&c->text);
	zh_buf_init(&c->report);
	zh_buf_init(&c->diag);
	c->fail_after = fail_after;
	sink.ctx = c;
	sink.text = sink_text;
	sink.report = sink_report;
	sink.diag = sink_diag;
	sink.flush = sink_flush;
	sink.progress = sink_progress;
	zh_error_clear(&err);
	s = zh_sched_new(&p, jobs, NULL, &err);
	ck_assert_msg(s != NULL, "zh_sched_new: %s", err.msg);
	memset(res, 0, sizeof *res);
	zh_sched_run(s, fd, "in", &sink, res);
	zh_sched_free(s);
	close(fd);
}

static void
collected_free(struct collected *c)
{
	zh_buf_free(&c->text);
	zh_buf_free(&c->report);
	zh_buf_free(&c->diag);
}

/* An input of NLINES numbered lines of Han text: many chunks of the
 * reader's ZH_READ_SIZE.  The caller frees the buffer. */
static void
many_lines(struct zh_buf *b, size_t nlines)
{
	size_t i;

	zh_buf_init(b);
	for (i = 0; i < nlines; i++)
		zh_buf_printf(b, "%zu " HAN_S HAN_S HAN_S " line\n", i);
}

/* Counts the occurrences of NEEDLE in B. */
static size_t
occurrences(const struct zh_buf *b, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	const char *p = b->data, *end = b->data + b->len;

	while (p != NULL && p < end) {
		p = memmem(p, (size_t)(end - p), needle, k);
		if (p != NULL) {
			n++;
			p += k;
		}
	}
	return n;
}

START_TEST(test_jobs_same_bytes_in_order)
{
	struct zh_buf in;
	struct collected one, three;
	struct zh_run_result r1, r3;
	const size_t nlines = 120000;	/* about 2.6 MB: ten chunks */
	size_t i;
	char want[64];
	const char *p;

	many_lines(&in, nlines);
	ck_assert_uint_gt(in.len, 8 * ZH_READ_SIZE);
	run("s2t", 0, 1, in.data, in.len, -1, &one, &r1);
	run("s2t", 0, 3, in.data, in.len, -1, &three, &r3);
	ck_assert_int_eq(r1.status, ZH_RUN_OK);
	ck_assert_int_eq(r3.status, ZH_RUN_OK);
	ck_assert_uint_eq(r1.lines, nlines);
	ck_assert_uint_eq(r3.lines, nlines);
	ck_assert_uint_eq(r1.changed, nlines);
	ck_assert_uint_eq(one.text.len, three.text.len);
	ck_assert(memcmp(one.text.data, three.text.data, one.text.len) == 0);
	/* Converted, and in input order. */
	ck_assert_uint_eq(occurrences(&one.text, HAN_S), 0);
	ck_assert_uint_eq(occurrences(&one.text, HAN_T), 3 * nlines);
	p = one.text.data;
	for (i = 0; i < nlines; i += 997) {
		snprintf(want, sizeof want, "\n%zu " HAN_T, i);
		p = i == 0 ? one.text.data : memmem(p, one.text.len - (size_t)(p - one.text.data),
						      want, strlen(want));
		ck_assert_msg(p != NULL, "line %zu is missing or out of order", i);
	}
	ck_assert_uint_eq(one.progress, in.len);
	ck_assert_uint_eq(three.progress, in.len);
	ck_assert_uint_eq(one.diag.len, 0);
	collected_free(&one);
	collected_free(&three);
	zh_buf_free(&in);
}
END_TEST

START_TEST(test_invalid_stops_after_lines_before)
{
	/* The bad byte is deep in the input, several chunks in: every line
	 * before it is written, nothing after it. */
	struct zh_buf in;
	struct collected c;
	struct zh_run_result r;
	uint64_t at;
	int jobs;

	for (jobs = 1; jobs <= 3; jobs += 2) {
		many_lines(&in, 50000);
		at = in.len;
		zh_buf_puts(&in, "bad \xff byte\n");
		zh_buf_puts(&in, "after " HAN_S "\n");
		run("s2t", 0, jobs, in.data, in.len, -1, &c, &r);
		ck_assert_int_eq(r.status, ZH_RUN_INVALID);
		ck_assert_uint_eq(r.invalid_at, at + 4);
		ck_assert_uint_eq(r.lines, 50000);
		ck_assert_uint_eq(occurrences(&c.text, "bad"), 0);
		ck_assert_uint_eq(occurrences(&c.text, "after"), 0);
		ck_assert_uint_eq(occurrences(&c.text, HAN_T), 3 * 50000);
		ck_assert_msg(c.text.len > 0 && c.text.data[c.text.len - 1] == '\n',
			      "jobs %d: the output does not end with a whole line", jobs);
		collected_free(&c);
		zh_buf_free(&in);
	}
}
END_TEST

START_TEST(test_sink_error_stops_run)
{
	struct zh_buf in;
	struct collected c;
	struct zh_run_result r;
	int jobs;

	for (jobs = 1; jobs <= 3; jobs += 2) {
		many_lines(&in, 60000);
		run(NULL, 0, jobs, in.data, in.len, 2, &c, &r);
		ck_assert_int_eq(r.status, ZH_RUN_SINK_ERROR);
		ck_assert_str_eq(r.err.file, "sink");
		ck_assert_str_eq(r.err.msg, "write error: test");
		/* It stopped: the sink was not called much after the error. */
		ck_assert_int_le(c.text_calls, 4);
		ck_assert_uint_lt(c.text.len, in.len);
		collected_free(&c);
		zh_buf_free(&in);
	}
}
END_TEST

START_TEST(test_check_reports_to_report_sink)
{
	static const char in[] = "a\n" HAN_S "\n" HAN_S HAN_S "\n";
	struct collected c;
	struct zh_run_result r;

	run("s2t", 1, 1, in, sizeof in - 1, -1, &c, &r);
	ck_assert_int_eq(r.status, ZH_RUN_OK);
	ck_assert_uint_eq(r.findings, 2);
	ck_assert_uint_eq(c.text.len, 0);
	ck_assert_uint_eq(occurrences(&c.report, "in:2:1: fix: convert"), 1);
	ck_assert_uint_eq(occurrences(&c.report, "in:3:1: fix: convert"), 1);
	collected_free(&c);
}
END_TEST

START_TEST(test_no_conversion_copies)
{
	/* -c none --no-rules: the bytes as they came, CR, NUL and all. */
	static const char in[] = "a\r\n" HAN_S "\0b\n\nno newline";
	struct collected c;
	struct zh_run_result r;

	run(NULL, 0, 1, in, sizeof in - 1, -1, &c, &r);
	ck_assert_int_eq(r.status, ZH_RUN_OK);
	ck_assert_uint_eq(r.lines, 4);
	ck_assert_uint_eq(c.text.len, sizeof in - 1);
	ck_assert(memcmp(c.text.data, in, sizeof in - 1) == 0);
	collected_free(&c);
}
END_TEST

START_TEST(test_bad_config_fails_to_start)
{
	struct zh_pipeline p;

	memset(&p, 0, sizeof p);
	p.opencc_path = "/nonexistent/config.json";
	zh_error_clear(&err);
	ck_assert_ptr_null(zh_sched_new(&p, 2, NULL, &err));
	ck_assert_msg(err.msg[0] != '\0', "no message");
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *order = tcase_create("order");
	TCase *stop = tcase_create("stop");

	tcase_set_timeout(order, 120);
	tcase_set_timeout(stop, 120);
	tcase_add_test(order, test_jobs_same_bytes_in_order);
	tcase_add_test(order, test_check_reports_to_report_sink);
	tcase_add_test(order, test_no_conversion_copies);
	suite_add_tcase(s, order);
	tcase_add_test(stop, test_invalid_stops_after_lines_before);
	tcase_add_test(stop, test_sink_error_stops_run);
	tcase_add_test(stop, test_bad_config_fails_to_start);
	suite_add_tcase(s, stop);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sched_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
