/*
 * check_values.c - the values inside markup (values.c): decoding and
 * encoding attribute values and titles, what a rule may put in them, and
 * language tags rewritten for a conversion.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

/* Decodes RAW as a value of KIND, replaces each "简" of the decoded text
 * with "簡" (as conversion would, byte for byte), encodes, and returns the
 * result (in a buffer the next call reuses). */
static const char *
convert(enum zh_span_kind kind, const char *raw, const char *decoded)
{
	static char out[512];
	struct zh_value v;
	struct zh_buf text = ZH_BUF_INIT, enc = ZH_BUF_INIT;
	size_t orig[512], i;

	zh_value_init(&v);
	zh_value_decode(&v, kind, raw, strlen(raw));
	if (decoded != NULL)
		ck_assert_msg(v.dec.len == strlen(decoded) &&
			      memcmp(v.dec.data, decoded, v.dec.len) == 0,
			      "\"%s\" decodes to \"%.*s\"", raw, (int)v.dec.len,
			      v.dec.data);
	for (i = 0; i < v.dec.len; i++) {
		if (v.dec.len - i >= 3 && memcmp(v.dec.data + i, "简", 3) == 0) {
			zh_buf_append(&text, "簡", 3);
			orig[text.len - 3] = orig[text.len - 2] = orig[text.len - 1] = i;
			i += 2;
		} else {
			orig[text.len] = i;
			zh_buf_putc(&text, v.dec.data[i]);
		}
	}
	orig[text.len] = v.dec.len;
	zh_value_encode(&v, text.data ? text.data : "", text.len, orig, &enc);
	ck_assert_uint_lt(enc.len, sizeof out);
	memcpy(out, enc.data ? enc.data : "", enc.len);
	out[enc.len] = '\0';
	zh_buf_free(&text);
	zh_buf_free(&enc);
	zh_value_free(&v);
	return out;
}

START_TEST(test_references)
{
	/* Unchanged characters stay as they were written. */
	ck_assert_str_eq(convert(ZH_SPAN_VALUE_DQ, "a &amp; &lt;b&gt; &#x4E2D;&#20013;",
				 "a & <b> 中中"), "a &amp; &lt;b&gt; &#x4E2D;&#20013;");
	/* Changed ones keep their form. */
	ck_assert_str_eq(convert(ZH_SPAN_VALUE_DQ, "&#x7B80;&#x7b80;&#X7B80;&#31616;简", NULL),
			 "&#x7C21;&#x7c21;&#X7C21;&#31777;簡");
	/* Unknown references, and those without ';', stay as they are. */
	ck_assert_str_eq(convert(ZH_SPAN_VALUE_SQ, "&bogus;简 &amp 简 &#0; &#x110000;",
				 "&bogus;简 &amp 简 &#0; &#x110000;"),
			 "&bogus;簡 &amp 簡 &#0; &#x110000;");
	/* A Markdown escape stays; a backslash before a letter is one. */
	ck_assert_str_eq(convert(ZH_SPAN_TITLE_DQ, "\\\"简\\\" \\简", NULL),
			 "\\\"簡\\\" \\簡");
}
END_TEST

START_TEST(test_offsets)
{
	struct zh_value v;
	const char *raw = "a&amp;b&#x4E2D;c";

	zh_value_init(&v);
	zh_value_decode(&v, ZH_SPAN_VALUE_DQ, raw, strlen(raw));
	ck_assert_uint_eq(v.dec.len, 7);	/* a&b中c */
	ck_assert_uint_eq(zh_value_raw_offset(&v, 0), 0);
	ck_assert_uint_eq(zh_value_raw_offset(&v, 1), 1);
	ck_assert_uint_eq(zh_value_raw_offset(&v, 2), 6);
	ck_assert_uint_eq(zh_value_raw_offset(&v, 3), 7);
	ck_assert_uint_eq(zh_value_raw_offset(&v, 6), 15);
	ck_assert_uint_eq(zh_value_raw_offset(&v, 7), 16);
	zh_value_free(&v);
}
END_TEST

START_TEST(test_allows)
{
	ck_assert(zh_value_allows(ZH_SPAN_VALUE_DQ, "a'b", 3));
	ck_assert(!zh_value_allows(ZH_SPAN_VALUE_DQ, "a\"b", 3));
	ck_assert(!zh_value_allows(ZH_SPAN_VALUE_SQ, "'", 1));
	ck_assert(!zh_value_allows(ZH_SPAN_VALUE_DQ, "&", 1));
	ck_assert(!zh_value_allows(ZH_SPAN_VALUE_UNQ, " ", 1));
	ck_assert(!zh_value_allows(ZH_SPAN_VALUE_UNQ, ">", 1));
	ck_assert(zh_value_allows(ZH_SPAN_VALUE_UNQ, "簡", 3));
	ck_assert(!zh_value_allows(ZH_SPAN_TITLE_PAREN, ")", 1));
	ck_assert(!zh_value_allows(ZH_SPAN_TITLE_DQ, "`", 1));
	ck_assert(!zh_value_allows(ZH_SPAN_TITLE_SQ, "\\", 1));
	ck_assert(zh_value_allows(ZH_SPAN_TITLE_DQ, "，", 3));
}
END_TEST

/* The tag S rewritten for CONFIG. */
static const char *
lang(const char *config, const char *s)
{
	static char out[128];
	struct zh_lang to;
	struct zh_buf b = ZH_BUF_INIT;

	ck_assert_msg(zh_lang_target(config, &to), "%s has a target", config);
	zh_lang_rewrite(&to, s, strlen(s), &b);
	ck_assert_uint_lt(b.len, sizeof out);
	memcpy(out, b.data ? b.data : "", b.len);
	out[b.len] = '\0';
	zh_buf_free(&b);
	return out;
}

START_TEST(test_lang)
{
	struct zh_lang to;

	ck_assert_str_eq(lang("s2t", "zh-CN"), "zh-Hant");
	ck_assert_str_eq(lang("s2t", "zh-cn"), "zh-hant");
	ck_assert_str_eq(lang("s2t", "zh-Hans-CN"), "zh-Hant");
	ck_assert_str_eq(lang("s2t", "zh-Hans-US"), "zh-Hant-US");
	ck_assert_str_eq(lang("s2tw", "zh-CN"), "zh-TW");
	ck_assert_str_eq(lang("s2tw", "zh-Hans-CN"), "zh-Hant-TW");
	ck_assert_str_eq(lang("s2tw", "zh-hans"), "zh-hant");
	ck_assert_str_eq(lang("s2twp.json", "zh_SG"), "zh_TW");
	ck_assert_str_eq(lang("/usr/share/opencc/s2hk.json", "ZH-MY"), "ZH-HK");
	ck_assert_str_eq(lang("t2s", "zh-TW"), "zh-CN");
	ck_assert_str_eq(lang("tw2sp", "zh-Hant-TW"), "zh-Hans-CN");
	ck_assert_str_eq(lang("hk2s", "zh-hant"), "zh-hans");
	/* Lists keep their spaces. */
	ck_assert_str_eq(lang("s2tw", "zh-CN, en , zh-Hans"), "zh-TW, en , zh-Hant");
	/* Left alone. */
	ck_assert_str_eq(lang("s2tw", "zh"), "zh");
	ck_assert_str_eq(lang("s2tw", "zh-TW"), "zh-TW");
	ck_assert_str_eq(lang("s2tw", "en-CN"), "en-CN");
	ck_assert_str_eq(lang("s2tw", "zh-cmn-Hans"), "zh-cmn-Hans");
	ck_assert_str_eq(lang("s2tw", "zh-Hans-CN-x-a"), "zh-Hans-CN-x-a");
	ck_assert_str_eq(lang("s2tw", "zh-CN_x"), "zh-CN_x");
	ck_assert_str_eq(lang("s2tw", ""), "");
	ck_assert_str_eq(lang("t2s", "zh-CN"), "zh-CN");
	/* Configs that keep the script, and unknown ones, have no target. */
	ck_assert(!zh_lang_target("t2tw", &to));
	ck_assert(!zh_lang_target("t2jp", &to));
	ck_assert(!zh_lang_target("my.json", &to));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("values");
	TCase *tc = tcase_create("values");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_references);
	tcase_add_test(tc, test_offsets);
	tcase_add_test(tc, test_allows);
	tcase_add_test(tc, test_lang);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
