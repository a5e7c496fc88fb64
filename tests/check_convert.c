/*
 * check_convert.c - unit tests of the conversion stage (convert.c): the
 * table of stock configs, the OpenCC wrapper, and converting records with
 * NUL bytes, invalid bytes, protected ranges and findings.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "convert.h"
#include "error.h"
#include "record.h"
#include "table.h"

/* Simplified and Traditional forms used below. */
#define HAN_S	"\xe6\xb1\x89"	/* 汉 */
#define HAN_T	"\xe6\xbc\xa2"	/* 漢 */
#define ZI	"\xe5\xad\x97"	/* 字 (the same in both) */
#define HE	"\xe5\x92\x8c"	/* 和 (the same in both) */
#define YI	"\xe4\xbb\xa5"	/* 以 */
#define HOU_S	"\xe5\x90\x8e"	/* 后 */
#define HOU_T	"\xe5\xbe\x8c"	/* 後 */
#define FA_S	"\xe5\x8f\x91"	/* 发 */
#define FA_T	"\xe7\x99\xbc"	/* 發 */
#define ZHAN	"\xe5\xb1\x95"	/* 展 */
#define RUAN_S	"\xe8\xbd\xaf"	/* 软 */
#define JIAN	"\xe4\xbb\xb6"	/* 件 */
#define RUAN_T	"\xe8\xbb\x9f"	/* 軟 */
#define TI_T	"\xe9\xab\x94"	/* 體 */
#define SUAN	"\xe7\xae\x97"	/* 算 */
#define FA3	"\xe6\xb3\x95"	/* 法 */
#define YAN	"\xe6\xbc\x94"	/* 演 */

static struct zh_error err;

static struct zh_converter *
open_ok(const char *path)
{
	struct zh_converter *c;

	zh_error_clear(&err);
	c = zh_converter_open(path, &err);
	ck_assert_msg(c != NULL, "%s: %s", path, err.msg);
	return c;
}

/* Converts IN with config PATH through zh_converter_run and compares. */
static void
expect_run(struct zh_converter *c, const char *in, const char *want)
{
	struct zh_buf out = ZH_BUF_INIT;

	zh_error_clear(&err);
	ck_assert_int_eq(zh_converter_run(c, in, strlen(in), &out, &err), 0);
	ck_assert_msg(out.len == strlen(want) &&
		      memcmp(out.data, want, out.len) == 0,
		      "\"%s\" gave \"%.*s\", want \"%s\"", in, (int)out.len,
		      out.data ? out.data : "", want);
	zh_buf_free(&out);
}

/* Checks that the record's text is WANT[0..WLEN). */
static void
expect_text(const struct zh_record *rec, const char *want, size_t wlen)
{
	ck_assert_msg(rec->text.len == wlen &&
		      (wlen == 0 || memcmp(rec->text.data, want, wlen) == 0),
		      "text is \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)",
		      (int)rec->text.len, rec->text.data ? rec->text.data : "",
		      rec->text.len, (int)wlen, want, wlen);
}

/* Checks finding K of REC. */
static void
expect_finding(const struct zh_record *rec, size_t k, size_t orig,
	       const char *before, const char *after)
{
	const struct zh_finding *f;

	ck_assert_uint_lt(k, rec->nfindings);
	f = &rec->findings[k];
	ck_assert_ptr_null(f->rule);
	ck_assert_msg(f->orig == orig, "finding %zu at %zu, want %zu", k,
		      f->orig, orig);
	ck_assert_msg(f->blen == strlen(before) &&
		      memcmp(rec->ftext.data + f->before, before, f->blen) == 0,
		      "finding %zu: before is \"%.*s\", want \"%s\"", k,
		      (int)f->blen, rec->ftext.data + f->before, before);
	ck_assert_int_eq(f->has_after, 1);
	ck_assert_msg(f->alen == strlen(after) &&
		      memcmp(rec->ftext.data + f->after, after, f->alen) == 0,
		      "finding %zu: after is \"%.*s\", want \"%s\"", k,
		      (int)f->alen, rec->ftext.data + f->after, after);
}

/* ---- the table of configs ----------------------------------------------- */

START_TEST(test_config_find)
{
	const struct zh_config_info *ci;

	ci = zh_config_find("s2t");
	ck_assert_ptr_nonnull(ci);
	ck_assert_str_eq(ci->name, "s2t");
	ck_assert_int_eq(ci->from, ZH_SCRIPT_HANS);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANT);
	ck_assert_uint_eq(ci->region, 0);
	ck_assert_ptr_nonnull(ci->desc);

	/* With ".json" it is the same entry. */
	ck_assert_ptr_eq(zh_config_find("s2t.json"), ci);

	ci = zh_config_find("s2tw.json");
	ck_assert_ptr_nonnull(ci);
	ck_assert_str_eq(ci->name, "s2tw");
	ck_assert_int_eq(ci->from, ZH_SCRIPT_HANS);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANT);
	ck_assert_uint_eq(ci->region, ZH_REGION_TW);

	ci = zh_config_find("tw2s");
	ck_assert_ptr_nonnull(ci);
	ck_assert_int_eq(ci->from, ZH_SCRIPT_HANT);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANS);
	ck_assert_uint_eq(ci->region, ZH_REGION_CN);

	ci = zh_config_find("t2s");
	ck_assert_ptr_nonnull(ci);
	ck_assert_int_eq(ci->from, ZH_SCRIPT_HANT);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANS);
	ck_assert_uint_eq(ci->region, ZH_REGION_CN);

	ci = zh_config_find("s2hk");
	ck_assert_ptr_nonnull(ci);
	ck_assert_uint_eq(ci->region, ZH_REGION_HK);

	ci = zh_config_find("hk2s");
	ck_assert_ptr_nonnull(ci);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANS);
	ck_assert_uint_eq(ci->region, ZH_REGION_CN);

	ci = zh_config_find("t2tw.json");
	ck_assert_ptr_nonnull(ci);
	ck_assert_int_eq(ci->from, ZH_SCRIPT_HANT);
	ck_assert_int_eq(ci->to, ZH_SCRIPT_HANT);
	ck_assert_uint_eq(ci->region, ZH_REGION_TW);

	ci = zh_config_find("s2twp");
	ck_assert_ptr_nonnull(ci);
	ck_assert_str_eq(ci->name, "s2twp");
	ck_assert_uint_eq(ci->region, ZH_REGION_TW);
}
END_TEST

START_TEST(test_config_find_unknown)
{
	/* "none" means no conversion: it is not a stock config. */
	ck_assert_ptr_null(zh_config_find("none"));
	ck_assert_ptr_null(zh_config_find("none.json"));
	ck_assert_ptr_null(zh_config_find("x2y"));
	ck_assert_ptr_null(zh_config_find(""));
	ck_assert_ptr_null(zh_config_find(".json"));
	/* Prefixes and extensions of names are not names. */
	ck_assert_ptr_null(zh_config_find("s2"));
	ck_assert_ptr_null(zh_config_find("s2tww"));
	ck_assert_ptr_null(zh_config_find("s2t.jso"));
	ck_assert_ptr_null(zh_config_find("s2t.json.json"));
	ck_assert_ptr_null(zh_config_find("s2t.txt"));
	ck_assert_ptr_null(zh_config_find("/usr/share/opencc/s2t.json"));
}
END_TEST

START_TEST(test_configs_complete)
{
	/* OpenCC's fourteen stock configs and 1.4's two, each listed once. */
	static const char *const stock[] = {
		"s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s",
		"t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t", "s2hkp", "hk2sp"
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof stock / sizeof stock[0]; i++) {
		const struct zh_config_info *ci = zh_config_find(stock[i]);

		ck_assert_msg(ci != NULL, "%s is missing", stock[i]);
		ck_assert_str_eq(ci->name, stock[i]);
	}
	while (zh_configs[n].name != NULL)
		n++;
	ck_assert_uint_eq(n, sizeof stock / sizeof stock[0]);
}
END_TEST

START_TEST(test_configs_open)
{
	/* Every stock config of OpenCC 1.1 is one libopencc can open. */
	size_t i;

	for (i = 0; zh_configs[i].name != NULL; i++) {
		char path[64];
		struct zh_converter *c;

		if (zh_configs[i].opencc14)
			continue;
		snprintf(path, sizeof path, "%s.json", zh_configs[i].name);
		c = open_ok(path);
		zh_converter_close(c);
	}
}
END_TEST

/* ---- the converter ------------------------------------------------------ */

START_TEST(test_open_missing)
{
	static const char path[] = "/nonexistent/dir/zh-no-such-config.json";
	char line[4096];

	zh_error_clear(&err);
	ck_assert_ptr_null(zh_converter_open(path, &err));
	zh_error_format(&err, line, sizeof line);
	ck_assert_msg(strstr(line, path) != NULL, "message: %s", line);
	ck_assert_str_ne(err.msg, "");
	/* Closing NULL is harmless. */
	zh_converter_close(NULL);
}
END_TEST

START_TEST(test_run)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_buf out = ZH_BUF_INIT;

	expect_run(c, HAN_S ZI, HAN_T ZI);
	expect_run(c, YI HOU_S, YI HOU_T);
	expect_run(c, FA_S ZHAN, FA_T ZHAN);
	expect_run(c, "abc 123", "abc 123");
	/* The result is appended. */
	zh_buf_puts(&out, "x");
	ck_assert_int_eq(zh_converter_run(c, HAN_S, 3, &out, &err), 0);
	ck_assert_uint_eq(out.len, 4);
	ck_assert(memcmp(out.data, "x" HAN_T, 4) == 0);
	/* Only N bytes are converted. */
	ck_assert_int_eq(zh_converter_run(c, HAN_S HAN_S, 3, &out, &err), 0);
	ck_assert_uint_eq(out.len, 7);
	ck_assert(memcmp(out.data, "x" HAN_T HAN_T, 7) == 0);
	/* Nothing to convert, nothing appended. */
	ck_assert_int_eq(zh_converter_run(c, "", 0, &out, &err), 0);
	ck_assert_uint_eq(out.len, 7);
	zh_buf_free(&out);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_run_t2s)
{
	struct zh_converter *c = open_ok("t2s.json");

	expect_run(c, HAN_T ZI, HAN_S ZI);
	expect_run(c, YI HOU_T, YI HOU_S);
	zh_converter_close(c);
}
END_TEST

/* ---- records ------------------------------------------------------------ */

START_TEST(test_record_plain)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "ab" HAN_S ZI, 8);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, "ab" HAN_T ZI, 8);
	/* Nothing to change: 0, the text as it was. */
	zh_record_reset(&rec, "abc", 3);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 0);
	expect_text(&rec, "abc", 3);
	/* An empty line. */
	zh_record_reset(&rec, "", 0);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 0);
	ck_assert_uint_eq(rec.text.len, 0);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_record_nul)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	/* a NUL 汉 -> a NUL 漢: OpenCC would stop at the NUL. */
	zh_record_reset(&rec, "a\0" HAN_S, 5);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, "a\0" HAN_T, 5);
	/* NULs around and between. */
	zh_record_reset(&rec, "\0" HAN_S "\0\0" HAN_S "\0", 10);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, "\0" HAN_T "\0\0" HAN_T "\0", 10);
	/* Only NULs. */
	zh_record_reset(&rec, "\0\0", 2);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 0);
	expect_text(&rec, "\0\0", 2);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_record_invalid)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, HAN_S "\xff" ZI, 7);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_T "\xff" ZI, 7);
	/* A truncated sequence, a surrogate and an overlong form stay. */
	zh_record_reset(&rec, HAN_S "\xe6\xb1" HAN_S "\xed\xa0\x80" HAN_S "\xc0\x80", 16);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_T "\xe6\xb1" HAN_T "\xed\xa0\x80" HAN_T "\xc0\x80", 16);
	/* Only invalid bytes. */
	zh_record_reset(&rec, "\xff\xfe", 2);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 0);
	expect_text(&rec, "\xff\xfe", 2);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_record_protected)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	/* 汉字汉字 with the first 汉字 protected. */
	zh_record_reset(&rec, HAN_S ZI HAN_S ZI, 12);
	zh_record_protect(&rec, 0, 6);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_S ZI HAN_T ZI, 12);
	ck_assert_uint_eq(rec.nprot, 1);
	ck_assert_uint_eq(rec.prot[0].start, 0);
	ck_assert_uint_eq(rec.prot[0].end, 6);

	/* 汉汉汉 with the middle one protected, and a NUL in the mix. */
	zh_record_reset(&rec, HAN_S HAN_S "\0" HAN_S, 10);
	zh_record_protect(&rec, 3, 6);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_T HAN_S "\0" HAN_T, 10);

	/* All protected: nothing changes. */
	zh_record_reset(&rec, YI HOU_S, 6);
	zh_record_protect(&rec, 0, 6);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 0);
	expect_text(&rec, YI HOU_S, 6);

	/* Two protected ranges; the text between and after is converted. */
	zh_record_reset(&rec, HAN_S "x" HAN_S "y" HAN_S "z" HAN_S, 15);
	zh_record_protect(&rec, 0, 3);
	zh_record_protect(&rec, 8, 11);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_S "x" HAN_T "y" HAN_S "z" HAN_T, 15);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_record_protected_phrase)
{
	/* Protecting a part of a phrase keeps the phrase dictionary from
	 * reaching into it: 软件 with 件 protected is converted as 软 alone. */
	struct zh_converter *c = open_ok("s2twp.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, RUAN_S JIAN, 6);
	zh_record_protect(&rec, 3, 6);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, RUAN_T JIAN, 6);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_findings_phrase)
{
	struct zh_converter *c = open_ok("s2twp.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	zh_record_reset(&rec, RUAN_S JIAN, 6);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, RUAN_T TI_T, 6);
	ck_assert_uint_eq(rec.nfindings, 1);
	expect_finding(&rec, 0, 0, RUAN_S JIAN, RUAN_T TI_T);
	/* After a NUL, in a run that starts at 3: the offset is the
	 * line's, not the run's. */
	zh_record_reset(&rec, "ab\0" RUAN_S JIAN, 9);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, "ab\0" RUAN_T TI_T, 9);
	ck_assert_uint_eq(rec.nfindings, 1);
	expect_finding(&rec, 0, 3, RUAN_S JIAN, RUAN_T TI_T);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_findings_offsets)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	/* 汉字和汉字: each 汉 is a change of its own, at 0 and 9. */
	zh_record_reset(&rec, HAN_S ZI HE HAN_S ZI, 15);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 2);
	expect_text(&rec, HAN_T ZI HE HAN_T ZI, 15);
	ck_assert_uint_eq(rec.nfindings, 2);
	expect_finding(&rec, 0, 0, HAN_S, HAN_T);
	expect_finding(&rec, 1, 9, HAN_S, HAN_T);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_findings_far_apart)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	/* ab汉cdef以后: 汉 at 2, 后 at 12. */
	zh_record_reset(&rec, "ab" HAN_S "cdef" YI HOU_S, 15);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 2);
	expect_text(&rec, "ab" HAN_T "cdef" YI HOU_T, 15);
	ck_assert_uint_eq(rec.nfindings, 2);
	expect_finding(&rec, 0, 2, HAN_S, HAN_T);
	expect_finding(&rec, 1, 12, HOU_S, HOU_T);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_findings_around_gaps)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	/* 汉 NUL 汉 \xff 汉 with the last 汉 protected: findings at 0
	 * and 4, none at 8; the offsets are those of the input. */
	zh_record_reset(&rec, HAN_S "\0" HAN_S "\xff" HAN_S, 11);
	zh_record_protect(&rec, 8, 11);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 2);
	expect_text(&rec, HAN_T "\0" HAN_T "\xff" HAN_S, 11);
	ck_assert_uint_eq(rec.nfindings, 2);
	expect_finding(&rec, 0, 0, HAN_S, HAN_T);
	expect_finding(&rec, 1, 4, HAN_S, HAN_T);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_findings_length_change)
{
	/* 算法 becomes 演算法 with Taiwan phrases: one finding at 0. */
	struct zh_converter *c = open_ok("s2twp.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	zh_record_reset(&rec, SUAN FA3 "x", 7);
	ck_assert_int_eq(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, YAN SUAN FA3 "x", 10);
	ck_assert_uint_eq(rec.nfindings, 1);
	ck_assert_uint_eq(rec.findings[0].orig, 0);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_origin_after_conversion)
{
	/* After conversion, an unchanged character keeps its input offset
	 * in the origin map (record.h: "orig[i]: input offset of text byte
	 * i"), so that a rule after conversion reports the right column. */
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	/* 汉字a汉 -> 漢字a漢: 'a' is at 6 in both. */
	zh_record_reset(&rec, HAN_S ZI "a" HAN_S, 10);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, HAN_T ZI "a" HAN_T, 10);
	ck_assert_uint_eq(rec.orig[0], 0);
	ck_assert_uint_eq(rec.orig[3], 3);
	ck_assert_uint_eq(rec.orig[6], 6);
	ck_assert_uint_eq(rec.orig[7], 7);
	ck_assert_uint_eq(rec.orig[10], 10);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_origin_after_length_change)
{
	/* 算法x -> 演算法x: 'x', at 6 in the input, is at 9 afterwards. */
	struct zh_converter *c = open_ok("s2twp.json");
	struct zh_record rec;

	zh_record_init(&rec, 1);
	zh_record_reset(&rec, SUAN FA3 "x", 7);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	expect_text(&rec, YAN SUAN FA3 "x", 10);
	ck_assert_uint_eq(rec.orig[9], 6);
	ck_assert_uint_eq(rec.orig[10], 7);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

START_TEST(test_no_findings_untracked)
{
	struct zh_converter *c = open_ok("s2t.json");
	struct zh_record rec;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, HAN_S ZI, 6);
	ck_assert_int_ge(zh_convert_record(c, &rec, &err), 1);
	ck_assert_uint_eq(rec.nfindings, 0);
	zh_record_free(&rec);
	zh_converter_close(c);
}
END_TEST

static Suite *
convert_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *configs = tcase_create("configs");
	TCase *conv = tcase_create("converter");
	TCase *records = tcase_create("records");
	TCase *findings = tcase_create("findings");

	tcase_add_test(configs, test_config_find);
	tcase_add_test(configs, test_config_find_unknown);
	tcase_add_test(configs, test_configs_complete);
	tcase_add_test(configs, test_configs_open);
	tcase_set_timeout(configs, 60);
	suite_add_tcase(s, configs);

	tcase_add_test(conv, test_open_missing);
	tcase_add_test(conv, test_run);
	tcase_add_test(conv, test_run_t2s);
	suite_add_tcase(s, conv);

	tcase_add_test(records, test_record_plain);
	tcase_add_test(records, test_record_nul);
	tcase_add_test(records, test_record_invalid);
	tcase_add_test(records, test_record_protected);
	tcase_add_test(records, test_record_protected_phrase);
	tcase_add_test(records, test_no_findings_untracked);
	suite_add_tcase(s, records);

	tcase_add_test(findings, test_findings_phrase);
	tcase_add_test(findings, test_findings_offsets);
	tcase_add_test(findings, test_findings_far_apart);
	tcase_add_test(findings, test_findings_around_gaps);
	tcase_add_test(findings, test_findings_length_change);
	tcase_add_test(findings, test_origin_after_conversion);
	tcase_add_test(findings, test_origin_after_length_change);
	suite_add_tcase(s, findings);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(convert_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
