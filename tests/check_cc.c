/*
 * check_cc.c - unit tests of the native conversion engine (cc.c).
 *
 * Each case builds a small config and text dictionaries in a temporary
 * directory.  The expected outputs are worked out by hand from the
 * dictionaries; where the config is one OpenCC 1.1.6 understands too, the
 * same input also goes through libopencc (convert.h), which must agree.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cc.h"
#include "convert.h"
#include "error.h"

static char dir[256];
static struct zh_error err;
static int oracle_runs;

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/check_cc-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Writes DIR/NAME with TEXT; returns the path (static storage, reused
 * after 16 more calls). */
static const char *
put_file(const char *name, const char *text)
{
	static char path[16][400];
	static int k;
	FILE *fp;

	k = (k + 1) % 16;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	fp = fopen(path[k], "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	return path[k];
}

static struct zh_cc *
open_ok(const char *config, int tofu)
{
	struct zh_cc_options opt;
	struct zh_cc *cc;

	memset(&opt, 0, sizeof opt);
	opt.tofu = tofu;
	zh_error_clear(&err);
	cc = zh_cc_open(config, &opt, &err);
	ck_assert_msg(cc != NULL, "%s: %s:%lu: %s", config, err.file, err.line, err.msg);
	return cc;
}

/* Converts IN and compares with WANT. */
static void
expect(struct zh_cc *cc, const char *in, const char *want)
{
	struct zh_buf out = ZH_BUF_INIT;

	zh_cc_convert(cc, in, strlen(in), &out);
	ck_assert_msg(out.len == strlen(want) &&
		      (out.len == 0 || memcmp(out.data, want, out.len) == 0),
		      "\"%s\" gave \"%.*s\", want \"%s\"", in, (int)out.len,
		      out.data ? out.data : "", want);
	zh_buf_free(&out);
}

/* The same through libopencc, for configs that OpenCC 1.1.6 reads. */
static void
expect_oracle(const char *config, const char *in, const char *want)
{
	struct zh_converter *c;
	struct zh_buf out = ZH_BUF_INIT;

	zh_error_clear(&err);
	c = zh_converter_open(config, &err);
	ck_assert_msg(c != NULL, "libopencc: %s", err.msg);
	ck_assert_int_eq(zh_converter_run(c, in, strlen(in), &out, &err), 0);
	ck_assert_msg(out.len == strlen(want) &&
		      (out.len == 0 || memcmp(out.data, want, out.len) == 0),
		      "libopencc: \"%s\" gave \"%.*s\", want \"%s\"", in, (int)out.len,
		      out.data ? out.data : "", want);
	zh_buf_free(&out);
	zh_converter_close(c);
	oracle_runs++;
}

/* Expects opening CONFIG to fail with a message that has WHAT in it and
 * names FILE (and LINE when it is not 0). */
static void
expect_error(const char *config, const char *file, unsigned long line, const char *what)
{
	struct zh_cc_options opt;

	memset(&opt, 0, sizeof opt);
	zh_error_clear(&err);
	ck_assert_ptr_null(zh_cc_open(config, &opt, &err));
	ck_assert_msg(strstr(err.msg, what) != NULL, "message \"%s\" lacks \"%s\"",
		      err.msg, what);
	ck_assert_msg(strstr(err.file, file) != NULL, "error names \"%s\", not %s",
		      err.file, file);
	ck_assert_uint_eq(err.line, line);
}

/* The dictionaries of the segmentation and chain cases:
 *   seg: AB, CD        s1: A>a, B>b, BC>Q        s2: bC>Z, ab>W */
static void
put_abc(void)
{
	put_file("seg.txt", "AB\tx\nCD\ty\n");
	put_file("s1.txt", "A\ta\nB\tb\nBC\tQ\n");
	put_file("s2.txt", "bC\tZ\nab\tW\n");
}

START_TEST(test_segments_and_chain)
{
	const char *cfg;
	struct zh_cc *cc;
	static const char *const cases[][2] = {
		/* AB is a segment: stage 1 makes "ab" of it, stage 2 "W". */
		{ "ABC", "WC" },
		{ "ABCD", "WCD" },
		/* B alone, then CD: "bC" spans two segments and stays. */
		{ "BCD", "bCD" },
		/* No key of seg: one segment, where BC matches in stage 1. */
		{ "xBCy", "xQy" },
		{ "AABC", "aWC" },
		{ "", "" },
	};
	size_t i;

	put_abc();
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"seg.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"s1.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"s2.txt\"}}]}");
	cc = open_ok(cfg, 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect(cc, cases[i][0], cases[i][1]);
		if (cases[i][0][0] != '\0')
			expect_oracle(cfg, cases[i][0], cases[i][1]);
	}
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_no_segmentation)
{
	const char *cfg;
	struct zh_cc *cc;

	put_abc();
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"s1.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"s2.txt\"}}]}");
	cc = open_ok(cfg, 0);
	/* The whole text is one segment: A>a, BC>Q, then nothing. */
	expect(cc, "ABC", "aQ");
	/* ... and stage 2 sees "ab" across what seg would have cut. */
	expect(cc, "ABD", "WD");
	expect(cc, "BCD", "QD");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_group_policies)
{
	const char *sc, *un, *none;
	struct zh_cc *cc;

	put_file("d1.txt", "A\tx\n");
	put_file("d2.txt", "AB\ty\nC\tz\n");
	none = put_file("none.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"d1.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"d1.txt\"},{\"type\":\"text\",\"file\":\"d2.txt\"}]}}]}");
	sc = put_file("sc.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"match_policy\":\"short_circuit\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"d1.txt\"},{\"type\":\"text\",\"file\":\"d2.txt\"}]}}]}");
	cc = open_ok(sc, 0);
	/* The first member with any match answers: A, not AB. */
	expect(cc, "ABC", "xBz");
	zh_cc_close(cc);
	un = put_file("un.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"match_policy\":\"union\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"d1.txt\"},{\"type\":\"text\",\"file\":\"d2.txt\"}]}}]}");
	cc = open_ok(un, 0);
	/* The longest over all members: AB. */
	expect(cc, "ABC", "yz");
	expect(cc, "ACA", "xzx");
	zh_cc_close(cc);
	/* No policy is short_circuit, OpenCC 1.1.6's only one. */
	cc = open_ok(none, 0);
	expect(cc, "ABC", "xBz");
	zh_cc_close(cc);
	expect_oracle(none, "ABC", "xBz");
}
END_TEST

/* s2t's first stage: a short circuit of a union and a dictionary. */
START_TEST(test_union_in_short_circuit)
{
	const char *cfg;
	struct zh_cc *cc;

	put_file("u1.txt", "A\tx\nAB\tp\n");
	put_file("u2.txt", "AB\tq\nC\tz\nD\tw\n");
	put_file("u3.txt", "A\t1\nB\t2\nC\t3\nDD\t5\nE\t6\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"dicts\":["
		"{\"type\":\"group\",\"match_policy\":\"union\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"u1.txt\"},{\"type\":\"text\",\"file\":\"u2.txt\"}]},"
		"{\"type\":\"text\",\"file\":\"u3.txt\"}]}}]}");
	cc = open_ok(cfg, 0);
	/* AB is in both members of the union: the first one's wins. */
	expect(cc, "AB", "p");
	/* B and E only the last member has. */
	expect(cc, "BE", "26");
	/* The union matches D, so the longer DD of the last member is
	 * never tried. */
	expect(cc, "DD", "ww");
	expect(cc, "ACF", "xzF");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_normalization)
{
	const char *cfg;
	struct zh_cc *cc;

	put_abc();
	/* Fullwidth A to A, before segmentation. */
	put_file("norm.txt", "\xef\xbc\xa1\tA\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"normalization\":[{\"dict\":{\"type\":\"text\",\"file\":\"norm.txt\"}}],"
		"\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"seg.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"s1.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"s2.txt\"}}]}");
	cc = open_ok(cfg, 0);
	/* ＡBC is ABC once normalised, so AB is a segment: W, C. */
	expect(cc, "\xef\xbc\xa1" "BC", "WC");
	expect(cc, "\xef\xbc\xa1", "a");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_start_filter)
{
	/* Keys at the edges of a 64-character block (U+F900, U+F93F), a
	 * two-byte, a four-byte and an ASCII key; beside them characters of
	 * the same blocks that are not keys, and a character of the next
	 * block (U+F940). */
	const char *keys =
		"\xef\xa4\x80\t1\n" "\xef\xa4\xbf\t2\n" "\xc3\xa9\te\n"
		"\xf0\xaf\xa0\x80\t\xe4\xb8\xbd\n" "x\ty\n";
	const char *in =
		"\xef\xa4\x80\xef\xa4\x81\xef\xa4\xbf\xef\xa5\x80"
		"\xc3\xa8\xc3\xa9\xe4\xb8\xad\xf0\xaf\xa0\x81\xf0\xaf\xa0\x80xz";
	const char *want =
		"1\xef\xa4\x81" "2\xef\xa5\x80"
		"\xc3\xa8" "e\xe4\xb8\xad\xf0\xaf\xa0\x81\xe4\xb8\xbdyz";
	const char *cfg;
	struct zh_cc *cc;

	put_file("k.txt", keys);
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"k.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"k.txt\"}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, in, want);
	zh_cc_close(cc);
	expect_oracle(cfg, in, want);
	/* The same dictionary as a normalisation stage, and one whose keys
	 * the text never starts. */
	put_file("none.txt", "\xef\xbc\xa1\tA\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"normalization\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"none.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"k.txt\"}}],"
		"\"conversion_chain\":[{\"dict\":{\"type\":\"text\",\"file\":\"none.txt\"}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, in, want);
	expect(cc, "\xe4\xb8\xad", "\xe4\xb8\xad");
	zh_cc_close(cc);
	/* Keys led by EF and F0 only, as compatibility ideographs are: the
	 * line is crossed from one of those bytes to the next, past the
	 * fullwidth punctuation (EF BC ..) that shares the first. */
	put_file("compat.txt", "\xef\xa4\x80\t1\n" "\xf0\xaf\xa0\x80\t2\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"normalization\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"compat.txt\"}}],"
		"\"conversion_chain\":[{\"dict\":{\"type\":\"text\",\"file\":\"none.txt\"}}]}");
	cc = open_ok(cfg, 0);
	/* ，中[F900]，a[2F800][F901][F900] */
	expect(cc, "\xef\xbc\x8c\xe4\xb8\xad\xef\xa4\x80\xef\xbc\x8c" "a"
		   "\xf0\xaf\xa0\x80\xef\xa4\x81\xef\xa4\x80",
	       "\xef\xbc\x8c\xe4\xb8\xad" "1" "\xef\xbc\x8c" "a2\xef\xa4\x81" "1");
	expect(cc, "\xf0\xaf\xa0\x80", "2");
	expect(cc, "\xef\xbc\x8c\xef\xa4\x80", "\xef\xbc\x8c" "1");
	expect(cc, "\xef\xbc\x8c\xf0\xaf\xa0\x81", "\xef\xbc\x8c\xf0\xaf\xa0\x81");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_tofu)
{
	const char *cfg;
	struct zh_cc *cc;

	put_file("tofu.txt", "A\tT\n");
	put_file("plain.txt", "A\tx\nB\ty\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"match_policy\":\"short_circuit\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"tofu.txt\",\"may_output_tofu\":true},"
		"{\"type\":\"text\",\"file\":\"plain.txt\"}]}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"tofu.txt\",\"may_output_tofu\":true}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, "AB", "xy");
	zh_cc_close(cc);
	cc = open_ok(cfg, 1);
	expect(cc, "AB", "Ty");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_four_byte)
{
	const char *cfg;
	struct zh_cc *cc;

	/* U+20000 and U+20001: keys of one and two 4-byte characters. */
	put_file("d.txt", "\xf0\xa0\x80\x80\t\xe4\xb8\x81\n"
		 "\xf0\xa0\x80\x80\xf0\xa0\x80\x81\t\xe4\xba\x8c\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"d.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"d.txt\"}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, "\xf0\xa0\x80\x80\xf0\xa0\x80\x81\xf0\xa0\x80\x80",
	       "\xe4\xba\x8c\xe4\xb8\x81");
	expect(cc, "a\xf0\xa0\x80\x81" "b", "a\xf0\xa0\x80\x81" "b");
	zh_cc_close(cc);
	expect_oracle(cfg, "\xf0\xa0\x80\x80\xf0\xa0\x80\x81\xf0\xa0\x80\x80",
		      "\xe4\xba\x8c\xe4\xb8\x81");
}
END_TEST

START_TEST(test_text_format)
{
	const char *cfg;
	struct zh_cc *cc;

	/* A blank line, CRLF, several values (the first is used), a value
	 * with a tab in it, an empty value, a key with a space. */
	put_file("d.txt", "A\tx y\n\nB\tv\r\nC\tp\tq\nD\t\nE F\tG\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"d.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"d.txt\"}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, "ABCDE F!", "xvp\tqG!");
	zh_cc_close(cc);
	expect_oracle(cfg, "ABCDE F!", "xvp\tqG!");
}
END_TEST

START_TEST(test_inline)
{
	const char *cfg;
	struct zh_cc *cc;

	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":[{\"dict\":{\"type\":\"inline\","
		"\"entries\":{\"\xe2\x80\x9c\":\"\xe3\x80\x8c\",\"ab\":\"X\"}}}]}");
	cc = open_ok(cfg, 0);
	expect(cc, "\xe2\x80\x9c" "abc", "\xe3\x80\x8c" "Xc");
	zh_cc_close(cc);
}
END_TEST

START_TEST(test_shared_dicts)
{
	const char *cfg;
	struct zh_cc *a, *b;

	put_abc();
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"seg.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"s1.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"s2.txt\"}}]}");
	a = open_ok(cfg, 0);
	b = open_ok(cfg, 0);
	zh_cc_close(a);
	expect(b, "ABC", "WC");
	zh_cc_close(b);
}
END_TEST

START_TEST(test_bad_dicts)
{
	const char *cfg;

	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":[{\"dict\":{\"type\":\"text\",\"file\":\"d.txt\"}}]}");
	put_file("d.txt", "A\tx\nB y\n");
	expect_error(cfg, "d.txt", 2, "no tab");
	put_file("d.txt", "A\tx\nB\ty\nA\tz\n");
	expect_error(cfg, "d.txt", 3, "duplicate key 'A' (first on line 1)");
	put_file("d.txt", "A\tx\n\tz\n");
	expect_error(cfg, "d.txt", 2, "empty key");
	put_file("d.txt", "A\tx\n\xff\tz\n");
	expect_error(cfg, "d.txt", 2, "invalid UTF-8");
	unlink(put_file("d.txt", ""));
	expect_error(cfg, "c.json", 0, "'d.txt' not found");
	ck_assert_int_eq(zh_cc_check_text_dict(put_file("e.txt", "A\tx\nB\ty\n"), &err), 2);
}
END_TEST

START_TEST(test_bad_configs)
{
	const char *cfg;

	put_file("d.txt", "A\tx\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":[{\"dict\":{\"type\":\"marisa\",\"file\":\"d.txt\"}}]}");
	expect_error(cfg, "c.json", 0, "unknown dictionary type 'marisa'");
	cfg = put_file("c.json", "{\"name\":\"t\",\n\"conversion_chain\":[\n}");
	expect_error(cfg, "c.json", 3, "bad config");
	cfg = put_file("c.json", "{\"name\":\"t\",\"name\":\"u\",\"conversion_chain\":[]}");
	expect_error(cfg, "c.json", 1, "duplicate");
	cfg = put_file("c.json", "{\"name\":\"t\"}");
	expect_error(cfg, "c.json", 0, "conversion_chain");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"jieba\"},\"conversion_chain\":"
		"[{\"dict\":{\"type\":\"text\",\"file\":\"d.txt\"}}]}");
	expect_error(cfg, "c.json", 0, "jieba");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":[{\"dict\":{\"type\":\"group\","
		"\"match_policy\":\"longest\",\"dicts\":[{\"type\":\"text\",\"file\":\"d.txt\"}]}}]}");
	expect_error(cfg, "c.json", 0, "match_policy");
	expect_error("/nonexistent/zh-cc.json", "zh-cc.json", 0, "cannot read config");
}
END_TEST

/* ocd2: read through opencc_dict; a broken file is an error. */
START_TEST(test_ocd2)
{
	const char *sys = "/usr/share/opencc/STCharacters.ocd2";
	char cfgtext[600], cmd[700];
	const char *cfg;
	struct zh_cc_options opt;
	struct zh_cc *cc;

	ck_assert_msg(access(sys, R_OK) == 0 &&
		      system("command -v opencc_dict >/dev/null") == 0,
		      "needs Debian's opencc package (%s and opencc_dict)", sys);
	memset(&opt, 0, sizeof opt);
	snprintf(cfgtext, sizeof cfgtext,
		 "{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		 "{\"type\":\"ocd2\",\"file\":\"%s\"}},\"conversion_chain\":"
		 "[{\"dict\":{\"type\":\"ocd2\",\"file\":\"%s\"}}]}", sys, sys);
	cfg = put_file("c.json", cfgtext);
	snprintf(cmd, sizeof cmd, "%s/cache", dir);
	opt.cache_dir = cmd;
	zh_error_clear(&err);
	cc = zh_cc_open(cfg, &opt, &err);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	expect(cc, "\xe6\xb1\x89\xe5\xad\x97", "\xe6\xbc\xa2\xe5\xad\x97");	/* 汉字 -> 漢字 */
	zh_cc_close(cc);
	expect_oracle(cfg, "\xe6\xb1\x89\xe5\xad\x97", "\xe6\xbc\xa2\xe5\xad\x97");
	/* Truncated, and not an ocd2 at all. */
	snprintf(cmd, sizeof cmd, "head -c 2000 %s > %s/bad.ocd2", sys, dir);
	ck_assert_int_eq(system(cmd), 0);
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":[{\"dict\":{\"type\":\"ocd2\",\"file\":\"bad.ocd2\"}}]}");
	opt.cache_dir = NULL;
	zh_error_clear(&err);
	ck_assert_ptr_null(zh_cc_open(cfg, &opt, &err));
	ck_assert_msg(strstr(err.file, "bad.ocd2") != NULL, "error names %s", err.file);
	put_file("bad.ocd2", "A\tx\n");
	zh_error_clear(&err);
	ck_assert_ptr_null(zh_cc_open(cfg, &opt, &err));
	ck_assert_msg(strstr(err.msg, "bad header") != NULL, "%s", err.msg);
}
END_TEST

/* Rewrites byte OFF of PATH (from the end when OFF < 0) to C, or cuts
 * the file to OFF bytes when C < 0. */
static void
poke(const char *path, long off, int c)
{
	FILE *fp = fopen(path, "r+b");

	ck_assert_ptr_nonnull(fp);
	if (c < 0) {
		ck_assert_int_eq(ftruncate(fileno(fp), off), 0);
	} else {
		ck_assert_int_eq(fseek(fp, off, off < 0 ? SEEK_END : SEEK_SET), 0);
		ck_assert_int_eq(fputc(c, fp), c);
	}
	ck_assert_int_eq(fclose(fp), 0);
}

static struct zh_cc *
open_compiled(const char *cfg, const char *cdir)
{
	struct zh_cc_options opt;

	memset(&opt, 0, sizeof opt);
	opt.compiled_dir = cdir;
	zh_error_clear(&err);
	return zh_cc_open(cfg, &opt, &err);
}

/* The compiled form: used while its text is unchanged, refused damaged. */
START_TEST(test_compiled)
{
	char cdir[300], zhd[340], txt[340];
	const char *cfg;
	struct zh_cc *cc;

	put_abc();
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"seg.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"text\",\"file\":\"s1.txt\"}},"
		"{\"dict\":{\"type\":\"text\",\"file\":\"s2.txt\"}}]}");
	snprintf(cdir, sizeof cdir, "%s/compiled", dir);
	ck_assert_int_eq(mkdir(cdir, 0755), 0);
	snprintf(zhd, sizeof zhd, "%s/s1.zhd", cdir);
	snprintf(txt, sizeof txt, "%s/s1.txt", dir);
	zh_error_clear(&err);
	ck_assert_msg(zh_cc_compile(txt, zhd, &err) == 0, "%s", err.msg);
	cc = open_compiled(cfg, cdir);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	expect(cc, "ABC", "WC");
	expect(cc, "xBCy", "xQy");
	zh_cc_close(cc);
	/* A changed text makes the compiled file stale: the text is used. */
	put_file("s1.txt", "A\ta\nB\tb\nBC\tR\n");
	cc = open_compiled(cfg, cdir);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	expect(cc, "xBCy", "xRy");
	zh_cc_close(cc);
	put_file("s1.txt", "A\ta\nB\tb\nBC\tQ\n");
	/* Damage of each kind is an error naming the compiled file. */
	poke(zhd, -1, 0x5a);
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "checksum") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.file, "s1.zhd") != NULL, "%s", err.file);
	ck_assert_int_eq(zh_cc_compile(txt, zhd, &err), 0);
	poke(zhd, 200, -1);	/* past the header, short of the end */
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "truncated") != NULL, "%s", err.msg);
	poke(zhd, 10, -1);
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "truncated") != NULL, "%s", err.msg);
	ck_assert_int_eq(zh_cc_compile(txt, zhd, &err), 0);
	poke(zhd, 8, 99);	/* the format version */
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "format") != NULL, "%s", err.msg);
	poke(zhd, 0, 'X');
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "bad magic") != NULL, "%s", err.msg);
}
END_TEST

/* Groups matched through one merged dictionary (node_merge) match as
 * member by member would: a short circuit's member of one-character keys
 * is merged into the one before it, a member with longer keys is not. */
START_TEST(test_merge)
{
	struct zh_cc_options opt;
	const char *fold, *keep;
	struct zh_cc *cc, *plain;
	size_t built, missing;
	static const char *const fold_cases[][2] = {
		{ "ABC", "p3" }, { "AC", "13" }, { "ABAB", "pp" }, { "BA", "B1" },
	};
	static const char *const keep_cases[][2] = {
		/* m1's AB answers before m2's longer ABC is tried, m2's D
		 * before m3's DE. */
		{ "ABC", "p3" }, { "ABCD", "p3d" }, { "BCD", "B3d" }, { "DE", "dE" },
	};
	size_t i;

	put_file("m1.txt", "AB\tp\n");
	put_file("m2.txt", "ABC\tq\nD\td\n");
	put_file("m3.txt", "A\t1\nC\t3\nDE\tx\n");
	put_file("m4.txt", "A\t1\nC\t3\n");
	put_file("z.txt", "Z\tz\n");	/* OpenCC 1.1.6 needs a segmentation */
	fold = put_file("fold.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"z.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"m1.txt\"},{\"type\":\"text\",\"file\":\"m4.txt\"}]}}]}");
	cc = open_ok(fold, 0);
	zh_cc_merges(cc, &built, &missing);
	ck_assert_uint_eq(built, 1);
	ck_assert_uint_eq(missing, 0);
	for (i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++) {
		expect(cc, fold_cases[i][0], fold_cases[i][1]);
		expect_oracle(fold, fold_cases[i][0], fold_cases[i][1]);
	}
	zh_cc_close(cc);
	/* m2 has a key of three characters, m3 one of two: not merged. */
	keep = put_file("keep.json",
		"{\"name\":\"t\",\"segmentation\":{\"type\":\"mmseg\",\"dict\":"
		"{\"type\":\"text\",\"file\":\"z.txt\"}},\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"m1.txt\"},{\"type\":\"text\",\"file\":\"m2.txt\"},"
		"{\"type\":\"text\",\"file\":\"m3.txt\"}]}}]}");
	cc = open_ok(keep, 0);
	zh_cc_merges(cc, &built, &missing);
	ck_assert_uint_eq(built, 0);
	for (i = 0; i < sizeof keep_cases / sizeof keep_cases[0]; i++) {
		expect(cc, keep_cases[i][0], keep_cases[i][1]);
		expect_oracle(keep, keep_cases[i][0], keep_cases[i][1]);
	}
	expect(cc, "AC", "13");
	zh_cc_close(cc);
	/* And with merging turned off, the same. */
	memset(&opt, 0, sizeof opt);
	opt.no_merge = 1;
	zh_error_clear(&err);
	plain = zh_cc_open(fold, &opt, &err);
	ck_assert_msg(plain != NULL, "%s", err.msg);
	zh_cc_merges(plain, &built, &missing);
	ck_assert_uint_eq(built, 0);
	for (i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++)
		expect(plain, fold_cases[i][0], fold_cases[i][1]);
	zh_cc_close(plain);
}
END_TEST

/* A merged dictionary compiled ahead (zhnorm-dictc A.txt B.txt A+B.zhd)
 * is mapped while its texts are unchanged; a group too large to merge at
 * load time without one is matched member by member. */
START_TEST(test_merge_compiled)
{
	char cdir[300], zhd[340], t1[340], t2[340];
	const char *txts[2] = { t1, t2 };
	const char *cfg;
	struct zh_cc *cc;
	size_t built, missing, i;
	struct zh_buf big = ZH_BUF_INIT;

	put_file("m1.txt", "AB\tp\n");
	put_file("m4.txt", "A\t1\nC\t3\n");
	cfg = put_file("c.json",
		"{\"name\":\"t\",\"conversion_chain\":["
		"{\"dict\":{\"type\":\"group\",\"match_policy\":\"union\",\"dicts\":["
		"{\"type\":\"text\",\"file\":\"m1.txt\"},{\"type\":\"text\",\"file\":\"m4.txt\"}]}}]}");
	snprintf(cdir, sizeof cdir, "%s/compiled", dir);
	ck_assert_int_eq(mkdir(cdir, 0755), 0);
	snprintf(zhd, sizeof zhd, "%s/m1+m4.zhd", cdir);
	snprintf(t1, sizeof t1, "%s/m1.txt", dir);
	snprintf(t2, sizeof t2, "%s/m4.txt", dir);
	zh_error_clear(&err);
	ck_assert_msg(zh_cc_compile_merged(txts, 2, zhd, &err) == 0, "%s", err.msg);
	cc = open_compiled(cfg, cdir);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	zh_cc_merges(cc, &built, &missing);
	ck_assert_uint_eq(built, 0);
	ck_assert_uint_eq(missing, 0);
	expect(cc, "ABC", "p3");
	zh_cc_close(cc);
	/* A member changed: the compiled file is stale, merged at load. */
	put_file("m4.txt", "A\t1\nC\t4\n");
	cc = open_compiled(cfg, cdir);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	zh_cc_merges(cc, &built, &missing);
	ck_assert_uint_eq(built, 1);
	expect(cc, "ABC", "p4");
	zh_cc_close(cc);
	/* Damaged: an error naming it. */
	ck_assert_int_eq(zh_cc_compile_merged(txts, 2, zhd, &err), 0);
	poke(zhd, -1, 0x5a);
	ck_assert_ptr_null(open_compiled(cfg, cdir));
	ck_assert_msg(strstr(err.msg, "checksum") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.file, "m1+m4.zhd") != NULL, "%s", err.file);
	unlink(zhd);
	/* Too many keys to merge at load time, and no compiled form. */
	for (i = 0; i < 17000; i++)
		zh_buf_printf(&big, "K%zu\tk\n", i);
	put_file("m4.txt", big.data);
	zh_buf_free(&big);
	cc = open_compiled(cfg, cdir);
	ck_assert_msg(cc != NULL, "%s", err.msg);
	zh_cc_merges(cc, &built, &missing);
	ck_assert_uint_eq(built, 0);
	ck_assert_uint_eq(missing, 1);
	expect(cc, "ABK7C", "pkC");
	zh_cc_close(cc);
}
END_TEST

/* Every stock config on the bundled data maps its merged dictionaries
 * (Makefile.am lists them) and converts as member by member matching
 * does, with and without --tofu, over text made of the dictionaries'
 * keys glued together. */
START_TEST(test_merge_stock)
{
	static const char *const names[] = {
		"s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s",
		"s2hkp", "hk2sp", "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t",
	};
	static const char *const dicts[] = {
		"STPhrases", "STCharacters", "TSPhrases", "TSCharacters",
		"TWPhrases", "TWVariantsRevPhrases", "HKVariantsPhrases",
		"JPShinjitaiPhrases", "TSCharactersExt",
	};
	struct zh_buf in = ZH_BUF_INIT, a = ZH_BUF_INIT, b = ZH_BUF_INIT;
	struct zh_cc_options opt;
	char path[600], line[512];
	struct zh_cc *cc, *plain;
	size_t i, k, built, missing;
	unsigned long n = 0;
	int tofu;
	FILE *fp;

	/* Every fifth key of some dictionaries of each direction, glued
	 * with nothing, a comma or a space in turn. */
	for (k = 0; k < sizeof dicts / sizeof dicts[0]; k++) {
		snprintf(path, sizeof path, "%s/opencc/dictionary/%s.txt",
			 ZH_BUILD_DICTDIR, dicts[k]);
		fp = fopen(path, "r");
		ck_assert_msg(fp != NULL, "%s", path);
		while (fgets(line, sizeof line, fp) != NULL) {
			char *tab = strchr(line, '\t');

			if (tab == NULL || n++ % 5 != 0)
				continue;
			zh_buf_append(&in, line, (size_t)(tab - line));
			zh_buf_append(&in, n % 3 == 0 ? "" : n % 3 == 1 ? "，" : " ",
				      n % 3 == 0 ? 0 : n % 3 == 1 ? 3 : 1);
		}
		fclose(fp);
	}
	ck_assert_uint_gt(in.len, 100000);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		for (tofu = 0; tofu < 2; tofu++) {
			snprintf(path, sizeof path, "%s/opencc/config/%s.json",
				 ZH_BUILD_DICTDIR, names[i]);
			memset(&opt, 0, sizeof opt);
			opt.tofu = tofu;
			opt.compiled_dir = ZH_BUILD_COMPILEDDIR;
			zh_error_clear(&err);
			cc = zh_cc_open(path, &opt, &err);
			ck_assert_msg(cc != NULL, "%s: %s", path, err.msg);
			zh_cc_merges(cc, &built, &missing);
			ck_assert_msg(built == 0 && missing == 0,
				      "%s: %zu groups merged at load, %zu not merged: "
				      "a merged dictionary missing from Makefile.am",
				      names[i], built, missing);
			opt.no_merge = 1;
			plain = zh_cc_open(path, &opt, &err);
			ck_assert_msg(plain != NULL, "%s: %s", path, err.msg);
			zh_buf_clear(&a);
			zh_buf_clear(&b);
			zh_cc_convert(cc, in.data, in.len, &a);
			zh_cc_convert(plain, in.data, in.len, &b);
			ck_assert_msg(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
				      "%s%s: merged and member by member differ",
				      names[i], tofu ? " --tofu" : "");
			zh_cc_close(cc);
			zh_cc_close(plain);
		}
	zh_buf_free(&in);
	zh_buf_free(&a);
	zh_buf_free(&b);
}
END_TEST

/* The oracle must have been asked: a libopencc that cannot run fails. */
START_TEST(test_oracle_ran)
{
	ck_assert_int_gt(oracle_runs, 0);
}
END_TEST

static Suite *
cc_suite(void)
{
	Suite *s = suite_create("cc");
	TCase *t = tcase_create("engine");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_segments_and_chain);
	tcase_add_test(t, test_no_segmentation);
	tcase_add_test(t, test_group_policies);
	tcase_add_test(t, test_union_in_short_circuit);
	tcase_add_test(t, test_normalization);
	tcase_add_test(t, test_start_filter);
	tcase_add_test(t, test_tofu);
	tcase_add_test(t, test_four_byte);
	tcase_add_test(t, test_text_format);
	tcase_add_test(t, test_inline);
	tcase_add_test(t, test_shared_dicts);
	tcase_add_test(t, test_bad_dicts);
	tcase_add_test(t, test_bad_configs);
	tcase_add_test(t, test_ocd2);
	tcase_add_test(t, test_compiled);
	tcase_add_test(t, test_merge);
	tcase_add_test(t, test_merge_compiled);
	tcase_add_test(t, test_merge_stock);
	tcase_add_test(t, test_oracle_ran);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cc_suite());
	int failed;

	/* One process: oracle_runs counts over the tests. */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
