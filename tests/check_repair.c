/*
 * check_repair.c - unit tests of the residue repair (repair.c).
 *
 * The three configs are small ones written here, so that each expected
 * output can be worked out by hand:
 *   t2s:      關>关 於>于 後>后 這>这 個>个 並>并 幹>干 採>采 灣>湾 來>来
 *             風>风 統>统
 *   back:     phrases  关于>關於 干部>幹部 干涉>干涉 台湾>臺灣 着手>著手
 *                      之后来>之後來來 (a longer value) 谷风>穀風
 *                      关系>關係 系统>系統
 *             then one character at a time
 *                      这>這 个>個 并>並 于>於 后>後 干>幹 台>臺 着>著 关>關
 *   phrases:  the phrases alone.
 * Which characters only Simplified has is the real list (script.h): of
 * these, 这 个 并 关 来.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "record.h"
#include "repair.h"
#include "table.h"

static char dir[256];
static struct zh_error err;

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/check_repair-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
put_file(const char *name, const char *text)
{
	char path[400];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static const char phrases[] =
	"关于\t關於\n干部\t幹部\n干涉\t干涉\n台湾\t臺灣\n着手\t著手\n"
	"之后来\t之後來來\n谷风\t穀風\n关系\t關係\n系统\t系統\n";

/* Writes the dictionaries and configs; BACK is the name of the back
 * config. */
static struct zh_repair *
open_repair(const char *back)
{
	static char p[3][420];
	struct zh_repair_conf conf;
	struct zh_repair *r;

	put_file("ts.txt", "關\t关\n於\t于\n後\t后\n這\t这\n個\t个\n並\t并\n"
		 "幹\t干\n採\t采\n灣\t湾\n來\t来\n風\t风\n統\t统\n");
	put_file("ph.txt", phrases);
	put_file("ch.txt", "这\t這\n个\t個\n并\t並\n于\t於\n后\t後\n干\t幹\n"
		 "台\t臺\n着\t著\n关\t關\n");
	put_file("t2s.json", "{\"conversion_chain\": [{\"dict\": "
		 "{\"type\": \"text\", \"file\": \"ts.txt\"}}]}");
	put_file("phrases.json", "{\"conversion_chain\": [{\"dict\": "
		 "{\"type\": \"text\", \"file\": \"ph.txt\"}}]}");
	snprintf(p[1], sizeof p[1], "%s.json", back);
	put_file(p[1], "{\"conversion_chain\": [{\"dict\": {\"type\": \"group\", "
		 "\"dicts\": [{\"type\": \"text\", \"file\": \"ph.txt\"}, "
		 "{\"type\": \"text\", \"file\": \"ch.txt\"}]}}]}");
	snprintf(p[0], sizeof p[0], "%s/t2s.json", dir);
	snprintf(p[1], sizeof p[1], "%s/%s.json", dir, back);
	snprintf(p[2], sizeof p[2], "%s/phrases.json", dir);
	memset(&conf, 0, sizeof conf);
	conf.t2s = p[0];
	conf.full = p[1];
	conf.phrases = p[2];
	zh_error_clear(&err);
	r = zh_repair_open(&conf, &err);
	ck_assert_msg(r != NULL, "%s:%lu: %s", err.file, err.line, err.msg);
	return r;
}

/* Repairs IN (LEN bytes; 0: strlen) as a record and compares the text
 * with WANT; returns the number of changes. */
static long
expect_n(struct zh_repair *r, const char *in, size_t len, const char *want,
	 size_t wlen)
{
	struct zh_record rec;
	long n;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, len ? len : strlen(in));
	n = zh_repair_record(r, &rec);
	if (wlen == 0)
		wlen = strlen(want);
	ck_assert_msg(rec.text.len == wlen &&
		      (wlen == 0 || memcmp(rec.text.data, want, wlen) == 0),
		      "\"%s\" gave \"%.*s\", want \"%s\"", in, (int)rec.text.len,
		      rec.text.data ? rec.text.data : "", want);
	zh_record_free(&rec);
	return n;
}

static long
expect(struct zh_repair *r, const char *in, const char *want)
{
	return expect_n(r, in, 0, want, 0);
}

START_TEST(test_simplified_only)
{
	struct zh_repair *r = open_repair("s2t");

	/* 这 and 个 exist only in Simplified: their default is taken. */
	ck_assert_int_eq(expect(r, "這个是这個", "這個是這個"), 2);
	/* 并 too; 於 of 關於 is written in Traditional already. */
	ck_assert_int_eq(expect(r, "關於並且并", "關於並且並"), 1);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_phrases_only_for_shared)
{
	struct zh_repair *r = open_repair("s2t");

	/* 于 and 干 are Traditional characters too: only a phrase that
	 * changes them counts, not a character's default. */
	ck_assert_int_eq(expect(r, "關于此事", "關於此事"), 1);
	ck_assert_int_eq(expect(r, "于先生", "于先生"), 0);
	ck_assert_int_eq(expect(r, "各級干部", "各級幹部"), 1);
	ck_assert_int_eq(expect(r, "不干涉", "不干涉"), 0);
	ck_assert_int_eq(expect(r, "干", "干"), 0);
	/* 關系 is residue; in 有關系統 the phrase 系统 keeps 系, so the cut
	 * 关系|统 is not trusted. */
	ck_assert_int_eq(expect(r, "關系", "關係"), 1);
	ck_assert_int_eq(expect(r, "有關系統", "有關系統"), 0);
	/* Already Traditional: 幹部 goes to 干部 and back the same. */
	ck_assert_int_eq(expect(r, "幹部", "幹部"), 0);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_kept_pairs)
{
	struct zh_repair *r = open_repair("s2t");

	/* 台灣 is as right as 臺灣. */
	ck_assert_int_eq(expect(r, "台灣", "台灣"), 0);
	/* 着 is not among the characters a phrase repairs (Hong Kong
	 * writes it for 著). */
	ck_assert_int_eq(expect(r, "着手", "着手"), 0);
	/* Nor is 谷 (谷風 of the Book of Songs is right). */
	ck_assert_int_eq(expect(r, "谷風", "谷風"), 0);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_length_change)
{
	struct zh_repair *r = open_repair("s2t");

	/* 之后来 comes back a character longer: that run is left alone,
	 * 这 with it; the run after the space is repaired. */
	ck_assert_int_eq(expect(r, "之後來这 这", "之後來这 這"), 1);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_runs_and_bytes)
{
	struct zh_repair *r = open_repair("s2t");
	struct zh_record rec;
	static const char bad[] = "这\xff这\0这";
	static const char fixed[] = "這\xff這\0這";

	ck_assert_int_eq(expect(r, "", ""), 0);
	ck_assert_int_eq(expect(r, "abc 123", "abc 123"), 0);
	ck_assert_int_eq(expect(r, "a这b个c", "a這b個c"), 2);
	/* An invalid byte and a NUL stay; the text around them is done. */
	ck_assert_int_eq(expect_n(r, bad, sizeof bad - 1, fixed, sizeof fixed - 1), 3);
	/* A protected range is not touched. */
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "这个这", strlen("这个这"));
	zh_record_protect(&rec, 3, 6);
	ck_assert_int_eq(zh_repair_record(r, &rec), 2);
	ck_assert_int_eq(rec.text.len, strlen("這个這"));
	ck_assert(memcmp(rec.text.data, "這个這", rec.text.len) == 0);
	zh_record_free(&rec);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_findings)
{
	struct zh_repair *r = open_repair("s2t");
	struct zh_record rec;
	const struct zh_finding *f;
	const char *in = "這个是關于干部";

	zh_record_init(&rec, 1);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_int_eq(zh_repair_record(r, &rec), 3);
	ck_assert_int_eq(rec.text.len, strlen("這個是關於幹部"));
	ck_assert(memcmp(rec.text.data, "這個是關於幹部", rec.text.len) == 0);
	/* 个, then 于干 side by side: one finding each stretch. */
	ck_assert_int_eq(rec.nfindings, 2);
	f = &rec.findings[0];
	ck_assert_ptr_eq(f->rule, zh_repair_rule());
	ck_assert_str_eq(f->rule->id, ZH_REPAIR_ID);
	ck_assert_uint_eq(f->orig, 3);
	ck_assert_uint_eq(f->blen, 3);
	ck_assert(memcmp(rec.ftext.data + f->before, "个", 3) == 0);
	ck_assert(memcmp(rec.ftext.data + f->after, "個", 3) == 0);
	f = &rec.findings[1];
	ck_assert_uint_eq(f->orig, 12);
	ck_assert_uint_eq(f->blen, 6);
	ck_assert(memcmp(rec.ftext.data + f->before, "于干", 6) == 0);
	ck_assert(memcmp(rec.ftext.data + f->after, "於幹", 6) == 0);
	/* The origin map leads the text back to the input: a changed
	 * stretch to where it starts. */
	ck_assert_uint_eq(rec.orig[9], 9);
	ck_assert_uint_eq(rec.orig[12], 12);
	ck_assert_uint_eq(rec.orig[15], 12);
	ck_assert_uint_eq(rec.orig[rec.text.len], strlen(in));
	zh_record_free(&rec);
	zh_repair_close(r);
}
END_TEST

START_TEST(test_open_errors)
{
	struct zh_repair_conf conf;
	char t2s[400];

	zh_repair_close(open_repair("s2t"));	/* writes the files */
	memset(&conf, 0, sizeof conf);
	snprintf(t2s, sizeof t2s, "%s/t2s.json", dir);
	conf.t2s = t2s;
	conf.full = "/nonexistent/s2t.json";
	conf.phrases = t2s;
	zh_error_clear(&err);
	ck_assert_ptr_null(zh_repair_open(&conf, &err));
	ck_assert_msg(strstr(err.file, "/nonexistent/s2t.json") != NULL ||
		      strstr(err.msg, "/nonexistent/s2t.json") != NULL,
		      "the error names the config: %s: %s", err.file, err.msg);
}
END_TEST

static Suite *
repair_suite(void)
{
	Suite *s = suite_create("repair");
	TCase *t = tcase_create("repair");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_simplified_only);
	tcase_add_test(t, test_phrases_only_for_shared);
	tcase_add_test(t, test_kept_pairs);
	tcase_add_test(t, test_length_change);
	tcase_add_test(t, test_runs_and_bytes);
	tcase_add_test(t, test_findings);
	tcase_add_test(t, test_open_errors);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(repair_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
