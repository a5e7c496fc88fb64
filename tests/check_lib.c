/*
 * check_lib.c - unit tests of libzhnorm's public API (zhnorm.h), linked
 * against the shared library as a program of its users would be: options
 * and their errors, conversion of buffers (empty, with NUL bytes, a byte
 * order mark, CRLF, invalid UTF-8, several megabytes), findings and their
 * fields, markup, and one handle shared by threads.
 *
 * The tables are found through ZHNORM_RULES_PATH, which the test
 * environment sets to the source tree's dict/.
 */
#include "config.h"

#include <pthread.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhnorm.h"

/* Opens a handle for CONFIG (other options as given), failing the test
 * when it cannot be opened. */
static zhnorm *
open_ok(struct zhnorm_options *o)
{
	char err[512];
	int code = -1;
	zhnorm *h = zhnorm_open(o, &code, err, sizeof err);

	ck_assert_msg(h != NULL, "zhnorm_open failed: %s", err);
	ck_assert_int_eq(code, ZHNORM_OK);
	ck_assert_str_eq(err, "");
	return h;
}

/* Converts S with H and checks the result is WANT. */
static void
convert_is(zhnorm *h, const char *s, size_t len, const char *want,
	   size_t wantlen)
{
	char *out = NULL;
	size_t outlen = 12345;
	int rc = zhnorm_convert(h, s, len, &out, &outlen);

	ck_assert_msg(rc == ZHNORM_OK, "zhnorm_convert: %d %s", rc, zhnorm_errmsg(h));
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(outlen, wantlen);
	ck_assert_msg(memcmp(out, want, wantlen) == 0, "got '%s', want '%s'", out, want);
	ck_assert_int_eq(out[outlen], '\0');
	zhnorm_free(out);
}

#define CONVERT_IS(h, s, want) convert_is(h, s, strlen(s), want, strlen(want))

/* Opens with O and checks that it fails with CODE and a message holding
 * PART. */
static void
open_fails(struct zhnorm_options *o, int code, const char *part)
{
	char err[512];
	int got = ZHNORM_OK;
	zhnorm *h = zhnorm_open(o, &got, err, sizeof err);

	ck_assert_ptr_null(h);
	ck_assert_msg(got == code, "code %d (%s), want %d", got, err, code);
	ck_assert_msg(strstr(err, part) != NULL, "message '%s' lacks '%s'", err, part);
	ck_assert_msg(strncmp(err, "zhnorm:", 7) != 0, "the library names the program: %s", err);
	/* Neither the code nor the message is needed. */
	ck_assert_ptr_null(zhnorm_open(o, NULL, NULL, 0));
}

START_TEST(test_version)
{
	char want[32];

	snprintf(want, sizeof want, "%d.%d.%d", ZHNORM_VERSION_MAJOR,
		 ZHNORM_VERSION_MINOR, ZHNORM_VERSION_PATCH);
	ck_assert_str_eq(zhnorm_version(), want);
	ck_assert_str_eq(zhnorm_version(), PACKAGE_VERSION);
}
END_TEST

START_TEST(test_defaults)
{
	/* NULL options: s2t with the gov profile, as zhnorm without options. */
	zhnorm *h = open_ok(NULL);

	CONVERT_IS(h, "汉字软件\n", "漢字軟件\n");
	/* gov's formulae table quotes the "four consciousnesses". */
	CONVERT_IS(h, "增强四个意识", "增強“四個意識”");
	ck_assert_str_eq(zhnorm_errmsg(h), "");
	zhnorm_close(h);
	zhnorm_close(NULL);
}
END_TEST

START_TEST(test_options)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	static const char *const tables[] = { "punct", NULL };
	static const char *const disable[] = { "punct.comma", NULL };
	zhnorm *h;

	/* s2twp takes Taiwan's words: 软件 is 軟體 there. */
	o.config = "s2twp";
	h = open_ok(&o);
	CONVERT_IS(h, "增强四个意识,软件", "增強「四個意識」，軟體");
	zhnorm_close(h);

	o.no_rules = 1;
	h = open_ok(&o);
	CONVERT_IS(h, "增强四个意识,软件", "增強四個意識,軟體");
	zhnorm_close(h);

	/* Rules alone, one table of them, less one rule. */
	o.no_rules = 0;
	o.config = "none";
	o.profile = "none";
	o.tables = tables;
	h = open_ok(&o);
	CONVERT_IS(h, "增强四个意识,软件...", "增强四个意识，软件……");
	zhnorm_close(h);
	o.disable = disable;
	h = open_ok(&o);
	CONVERT_IS(h, "增强四个意识,软件...", "增强四个意识,软件……");
	zhnorm_close(h);
}
END_TEST

START_TEST(test_open_errors)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	static const char *const nosuch[] = { "no-such-table", NULL };
	static const char *const badid[] = { "no.such.rule", NULL };
	static const char *const tables[] = { "punct", NULL };

	o.config = "s2x";
	open_fails(&o, ZHNORM_ECONFIG, "unknown config 's2x'");
	o.config = "s2t";
	o.profile = "no-such-profile";
	open_fails(&o, ZHNORM_ERULES, "no profile 'no-such-profile'");
	o.profile = NULL;
	o.tables = nosuch;
	open_fails(&o, ZHNORM_ERULES, "no rule table 'no-such-table'");
	o.tables = NULL;
	o.disable = badid;
	open_fails(&o, ZHNORM_ERULES, "no.such.rule: no rule has that id");
	o.disable = NULL;
	o.region = "jp";
	open_fails(&o, ZHNORM_EARG, "--region takes");
	o.region = NULL;
	o.opencc_data = "/nonexistent/opencc";
	open_fails(&o, ZHNORM_EDATA, "/nonexistent/opencc");
	o.opencc_data = NULL;
	o.markup = 7;
	open_fails(&o, ZHNORM_EARG, "markup 7");
	o.markup = ZHNORM_MARKUP_TEXT;
	o.engine = 3;
	open_fails(&o, ZHNORM_EARG, "engine 3");
	o.engine = ZHNORM_ENGINE_NATIVE;
	o.no_rules = 1;
	o.tables = tables;
	open_fails(&o, ZHNORM_EARG, "no_rules");
	o.tables = NULL;
	o.no_rules = 0;
	o.version = 99;
	open_fails(&o, ZHNORM_EARG, "version 99");
	o.version = 0;
	open_fails(&o, ZHNORM_EARG, "version 0");
}
END_TEST

START_TEST(test_bytes)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	static const char nul[] = "软件\0硬件\n";
	static const char nul_want[] = "軟件\0硬件\n";
	char *out = (char *)1;
	size_t n = 99;
	zhnorm *h = open_ok(&o);

	/* Empty, and NULL with no length. */
	convert_is(h, "", 0, "", 0);
	ck_assert_int_eq(zhnorm_convert(h, NULL, 0, &out, &n), ZHNORM_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(out, "");
	zhnorm_free(out);
	ck_assert_int_eq(zhnorm_convert(h, NULL, 3, &out, &n), ZHNORM_EARG);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(zhnorm_convert(h, "x", 1, NULL, &n), ZHNORM_EARG);
	/* NUL bytes go through. */
	convert_is(h, nul, sizeof nul - 1, nul_want, sizeof nul_want - 1);
	/* A byte order mark and CRLF line ends are kept; no final line end
	 * is added. */
	CONVERT_IS(h, "\xef\xbb\xbf软件\r\n硬件", "\xef\xbb\xbf軟件\r\n硬件");
	zhnorm_close(h);
}
END_TEST

START_TEST(test_invalid)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	char *out = (char *)1;
	size_t n;
	zhnorm *h = open_ok(&o);

	ck_assert_int_eq(zhnorm_convert(h, "软件\n硬\xff件\n", 12, &out, &n),
			 ZHNORM_EUTF8);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(zhnorm_errmsg(h), "invalid UTF-8 at byte 11 (line 2)");
	ck_assert_str_eq(zhnorm_strerror(ZHNORM_EUTF8), "invalid UTF-8");
	/* The handle goes on working. */
	CONVERT_IS(h, "软件", "軟件");
	zhnorm_close(h);

	o.invalid_pass = 1;
	h = open_ok(&o);
	convert_is(h, "软件\n硬\xff件\n", 12, "軟件\n硬\xff件\n", 12);
	zhnorm_close(h);
}
END_TEST

START_TEST(test_large)
{
	static const char line[] = "发展是第一要务,软件和网络\n";
	static const char conv[] = "發展是第一要務，軟件和網絡\n";
	size_t n = 5 * 1024 * 1024 / (sizeof line - 1), i, outlen;
	char *in = malloc(n * (sizeof line - 1)), *want, *out;
	zhnorm *h = open_ok(NULL);

	want = malloc(n * (sizeof conv - 1));
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(want);
	for (i = 0; i < n; i++) {
		memcpy(in + i * (sizeof line - 1), line, sizeof line - 1);
		memcpy(want + i * (sizeof conv - 1), conv, sizeof conv - 1);
	}
	ck_assert_int_eq(zhnorm_convert(h, in, n * (sizeof line - 1), &out, &outlen),
			 ZHNORM_OK);
	ck_assert_uint_eq(outlen, n * (sizeof conv - 1));
	ck_assert(memcmp(out, want, outlen) == 0);
	zhnorm_free(out);
	free(in);
	free(want);
	zhnorm_close(h);
}
END_TEST

START_TEST(test_check)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	const char *in = "第一行\n软件,13～17万元\n";
	const struct zhnorm_finding *f, *comma = NULL, *conv = NULL, *warn = NULL;
	zhnorm_findings *found = (zhnorm_findings *)1;
	size_t i, n;
	zhnorm *h;

	o.config = "s2t";
	h = open_ok(&o);
	ck_assert_int_eq(zhnorm_check(h, in, strlen(in), &found), ZHNORM_OK);
	n = zhnorm_findings_count(found);
	ck_assert_uint_ge(n, 3);
	for (i = 0; (f = zhnorm_findings_next(found)) != NULL; i++) {
		ck_assert_ptr_eq(f, zhnorm_findings_get(found, i));
		ck_assert_uint_eq(f->before_len, strlen(f->before));
		ck_assert(f->after == NULL || f->after_len == strlen(f->after));
		ck_assert_uint_ge(f->line, 1);
		if (strcmp(f->rule, "punct.comma") == 0)
			comma = f;
		else if (strcmp(f->rule, "convert") == 0 && strcmp(f->before, "软") == 0)
			conv = f;
		else if (strcmp(f->rule, "numbers.range-wan-yi") == 0)
			warn = f;
	}
	ck_assert_uint_eq(i, n);
	ck_assert_ptr_null(zhnorm_findings_next(found));
	ck_assert_ptr_null(zhnorm_findings_get(found, n));

	ck_assert_ptr_nonnull(comma);
	ck_assert_uint_eq(comma->line, 2);
	ck_assert_uint_eq(comma->column, 3);
	ck_assert_uint_eq(comma->offset, strlen("第一行\n软件"));
	ck_assert_uint_eq(comma->length, 1);
	ck_assert_int_eq(comma->level, ZHNORM_FIX);
	ck_assert_str_eq(comma->before, ",");
	ck_assert_str_eq(comma->after, "，");
	ck_assert_ptr_nonnull(comma->message);

	ck_assert_ptr_nonnull(conv);
	ck_assert_uint_eq(conv->line, 2);
	ck_assert_uint_eq(conv->column, 1);
	ck_assert_str_eq(conv->after, "軟");
	ck_assert_str_eq(conv->message, "converted by s2t");

	ck_assert_ptr_nonnull(warn);
	ck_assert_int_eq(warn->level, ZHNORM_WARN);
	ck_assert_uint_eq(warn->column, 4);
	zhnorm_findings_free(found);

	/* Nothing to find; and checking does not disturb converting. */
	ck_assert_int_eq(zhnorm_check(h, "", 0, &found), ZHNORM_OK);
	ck_assert_uint_eq(zhnorm_findings_count(found), 0);
	ck_assert_ptr_null(zhnorm_findings_next(found));
	zhnorm_findings_free(found);
	zhnorm_findings_free(NULL);
	CONVERT_IS(h, "13～17万元", "13～17萬元");
	ck_assert_int_eq(zhnorm_check(h, "\xff", 1, &found), ZHNORM_EUTF8);
	ck_assert_ptr_null(found);
	zhnorm_close(h);
}
END_TEST

START_TEST(test_markup)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	zhnorm *h;

	o.markup = ZHNORM_MARKUP_HTML;
	h = open_ok(&o);
	CONVERT_IS(h, "<p class=\"软件\">软件</p>\n<code>软件</code>\n",
		   "<p class=\"软件\">軟件</p>\n<code>软件</code>\n");
	zhnorm_close(h);
	o.markup = ZHNORM_MARKUP_MARKDOWN;
	h = open_ok(&o);
	CONVERT_IS(h, "软件 `软件`\n\n    软件\n", "軟件 `软件`\n\n    软件\n");
	/* -{ }- protects, and its markers go. */
	CONVERT_IS(h, "-{软件}-软件", "软件軟件");
	zhnorm_close(h);
	o.markup = ZHNORM_MARKUP_TEXT;
	o.keep_markers = 1;
	h = open_ok(&o);
	CONVERT_IS(h, "-{软件}-软件", "-{软件}-軟件");
	zhnorm_close(h);
}
END_TEST

/* Threads sharing one handle. */
#define NTHREADS	4
#define ROUNDS		40

static const char *const inputs[] = {
	"增强四个意识,软件和网络\n",
	"发展是第一要务...鼠标\n",
	"13～17万元\n硬盘\n",
	"信息化建设, 数字政府\n",
};

struct job {
	zhnorm *h;
	int id;
	char *want[4];
	size_t nfindings[4];
	int bad;
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	int r, k;

	for (r = 0; r < ROUNDS; r++) {
		char *out;
		size_t n;
		zhnorm_findings *f;

		k = (r + j->id) % 4;
		if (zhnorm_convert(j->h, inputs[k], strlen(inputs[k]), &out, &n) != ZHNORM_OK ||
		    strcmp(out, j->want[k]) != 0)
			j->bad++;
		zhnorm_free(out);
		if (zhnorm_check(j->h, inputs[k], strlen(inputs[k]), &f) != ZHNORM_OK ||
		    zhnorm_findings_count(f) != j->nfindings[k])
			j->bad++;
		zhnorm_findings_free(f);
	}
	return NULL;
}

START_TEST(test_threads)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	struct job jobs[NTHREADS];
	pthread_t t[NTHREADS];
	char *want[4];
	size_t nfind[4], n;
	zhnorm *h;
	int i, k;

	o.config = "s2twp";
	h = open_ok(&o);
	/* What one thread gets, the others must. */
	for (k = 0; k < 4; k++) {
		zhnorm_findings *f;

		ck_assert_int_eq(zhnorm_convert(h, inputs[k], strlen(inputs[k]),
						&want[k], &n), ZHNORM_OK);
		ck_assert_str_ne(want[k], inputs[k]);
		ck_assert_int_eq(zhnorm_check(h, inputs[k], strlen(inputs[k]), &f),
				 ZHNORM_OK);
		nfind[k] = zhnorm_findings_count(f);
		ck_assert_uint_gt(nfind[k], 0);
		zhnorm_findings_free(f);
	}
	for (i = 0; i < NTHREADS; i++) {
		jobs[i].h = h;
		jobs[i].id = i;
		jobs[i].bad = 0;
		for (k = 0; k < 4; k++) {
			jobs[i].want[k] = want[k];
			jobs[i].nfindings[k] = nfind[k];
		}
		ck_assert_int_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_msg(jobs[i].bad == 0, "thread %d: %d results differ", i, jobs[i].bad);
	}
	for (k = 0; k < 4; k++)
		zhnorm_free(want[k]);
	zhnorm_close(h);
}
END_TEST

START_TEST(test_strerror)
{
	int c;

	for (c = ZHNORM_OK; c <= ZHNORM_ERULE; c++)
		ck_assert_str_ne(zhnorm_strerror(c), "unknown error");
	ck_assert_str_eq(zhnorm_strerror(-1), "unknown error");
	ck_assert_str_eq(zhnorm_errmsg(NULL), "no handle");
}
END_TEST

static Suite *
lib_suite(void)
{
	Suite *s = suite_create("libzhnorm");
	TCase *tc = tcase_create("api");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_bytes);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_large);
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_markup);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lib_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
