/*
 * check_template.c - unit tests of replacement templates (template.c).
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"

static pcre2_code *
pattern(const char *s)
{
	pcre2_code *code;
	PCRE2_SIZE off;
	int ec;

	code = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED,
			     PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	ck_assert_msg(code != NULL, "pattern %s does not compile", s);
	return code;
}

static struct zh_template *
compile(const char *src, const pcre2_code *code)
{
	struct zh_template *t;
	char msg[256];
	size_t col = 0;

	t = zh_template_compile(src, strlen(src), code, msg, sizeof msg, &col);
	ck_assert_msg(t != NULL, "template %s: col %zu: %s", src, col, msg);
	return t;
}

/*
 * Matches PAT against SUBJECT[0..SUBLEN) and appends the expansion of SRC to
 * OUT.  Returns what zh_template_expand returns.
 */
static int
expand(const char *pat, const char *src, const char *subject, size_t sublen,
       struct zh_buf *out)
{
	pcre2_code *code = pattern(pat);
	struct zh_template *t = compile(src, code);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	int rc;

	rc = pcre2_match(code, (PCRE2_SPTR)subject, sublen, 0, 0, md, NULL);
	ck_assert_msg(rc > 0, "%s does not match %s", pat, subject);
	rc = zh_template_expand(t, subject, pcre2_get_ovector_pointer(md),
				pcre2_get_ovector_count(md), out);
	pcre2_match_data_free(md);
	zh_template_free(t);
	pcre2_code_free(code);
	return rc;
}

static void
expect(const char *pat, const char *src, const char *subject,
       const char *want)
{
	struct zh_buf out = ZH_BUF_INIT;

	ck_assert_int_eq(expand(pat, src, subject, strlen(subject), &out), 0);
	ck_assert_str_eq(zh_buf_cstr(&out), want);
	zh_buf_free(&out);
}

static void
expect_error(const char *pat, const char *src, size_t wantcol,
	     const char *wantmsg)
{
	pcre2_code *code = pat ? pattern(pat) : NULL;
	struct zh_template *t;
	char msg[256] = "";
	size_t col = 0;

	t = zh_template_compile(src, strlen(src), code, msg, sizeof msg, &col);
	ck_assert_msg(t == NULL, "template %s compiled", src);
	ck_assert_str_eq(msg, wantmsg);
	ck_assert_uint_eq(col, wantcol);
	pcre2_code_free(code);
}

START_TEST(test_literal)
{
	pcre2_code *code = pattern("(a)");
	struct zh_template *t;
	const char *text;
	size_t len;

	t = compile("abc", code);
	ck_assert(zh_template_literal(t, &text, &len));
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(text, "abc", 3) == 0);
	zh_template_free(t);

	t = compile("", code);
	ck_assert(zh_template_literal(t, &text, &len));
	ck_assert_uint_eq(len, 0);
	zh_template_free(t);

	/* Escapes and $$ stay literal text. */
	t = compile("a$$b\\$\\\\\\t\\x{3000}", code);
	ck_assert(zh_template_literal(t, &text, &len));
	ck_assert_uint_eq(len, strlen("a$b$\\\t\xe3\x80\x80"));
	ck_assert(memcmp(text, "a$b$\\\t\xe3\x80\x80", len) == 0);
	zh_template_free(t);

	t = compile("x$1", code);
	ck_assert(!zh_template_literal(t, &text, &len));
	zh_template_free(t);
	t = compile("${1:+a:b}", code);
	ck_assert(!zh_template_literal(t, &text, &len));
	zh_template_free(t);
	pcre2_code_free(code);
}
END_TEST

START_TEST(test_groups)
{
	expect("b(c)d", "[$0]", "abcde", "[bcd]");
	expect("b(c)d", "<$1>", "abcde", "<c>");
	expect("b(c)d", "${1}${0}", "abcde", "cbcd");
	expect("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "$10|${1}0|$1$2",
	       "abcdefghij", "j|a0|ab");
	expect("(\\d+)年", "$1 年", "2024年", "2024 年");
	/* A group that did not take part gives nothing. */
	expect("(a)|(b)", "[$1][$2]", "b", "[][b]");
	expect("x(y)?", "[$1]", "x", "[]");
	/* An empty group that did take part is empty too. */
	expect("x(y?)z", "[$1]", "xz", "[]");
}
END_TEST

START_TEST(test_named)
{
	expect("(?<year>\\d+)年(?<m>\\d+)月", "${m}/${year}", "2024年5月",
	       "5/2024");
	/* A shared name gives the group that took part. */
	expect("(?J)(?:(?<n>a)x|(?<n>b)y)", "<${n}>", "by", "<b>");
	expect("(?J)(?:(?<n>a)x|(?<n>b)y)", "<${n}>", "ax", "<a>");
	expect("(?<_k9>中)", "${_k9}${_k9}", "中", "中中");
}
END_TEST

START_TEST(test_transforms)
{
	expect("(\\S+)", "${1:halfwidth}",
	       "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\x92",
	       "AB12");
	expect("<(.*)>", "${1:halfwidth}", "<\xe3\x80\x80>", " ");
	expect("(\\d+)年", "${1:hanzi-digits}年", "2024年", "二〇二四年");
	expect("(?<y>\\d+)", "${y:hanzi-digits}", "1990", "一九九〇");
	expect("(\\d+)", "${1:fullwidth}", "12", "\xef\xbc\x91\xef\xbc\x92");
	/* An unset group is not passed to its transform. */
	expect("x(\\d+)?", "[${1:hanzi}]", "x", "[]");
}
END_TEST

START_TEST(test_refusal)
{
	struct zh_buf out = ZH_BUF_INIT;

	zh_buf_puts(&out, "prefix");
	/* hanzi cannot spell "abc": the text before it is taken back. */
	ck_assert_int_eq(expand("(\\w+)", "X$0${1:hanzi}Y", "abc", 3, &out),
			 -1);
	ck_assert_uint_eq(out.len, 6);
	ck_assert_str_eq(zh_buf_cstr(&out), "prefix");
	ck_assert_int_eq(expand("(\\d+)", "-${1:hanzi-digits}", "07", 2,
				&out), 0);
	ck_assert_str_eq(zh_buf_cstr(&out), "prefix-〇七");
	zh_buf_free(&out);
}
END_TEST

START_TEST(test_conditional)
{
	expect("(a)?b", "${1:+yes:no}", "ab", "yes");
	expect("(a)?b", "${1:+yes:no}", "b", "no");
	expect("(a)?b", "${1:+:no}", "ab", "");
	expect("(a)?b", "${1:+yes:}", "b", "");
	/* Escapes in both texts, and a plain ':' in UNSET. */
	expect("(a)?b", "${1:+x\\:y\\}z$$:\\:\\$\\x{4E2D}}", "ab", "x:y}z$");
	expect("(a)?b", "${1:+x\\:y\\}z$$:\\:\\$\\x{4E2D}}", "b", ":$中");
	expect("(a)?b", "${1:+s:u:v}", "b", "u:v");
	expect("(a)?b", "[${0:+whole:none}]", "b", "[whole]");
	expect("(a)?(b)", "${1:+1:-}${2:+2:-}$2", "b", "-2b");
}
END_TEST

START_TEST(test_escapes)
{
	expect("a", "\\x{3000}", "a", "\xe3\x80\x80");
	expect("a", "\\x{41}\\x{1F600}\\x{10FFFF}\\x{e9}",
	       "a", "A\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\xc3\xa9");
	expect("a", "\\t|\\\\|\\$|$$", "a", "\t|\\|$|$");
	expect("a", "$0\\x{000041}$0", "a", "aAa");
}
END_TEST

START_TEST(test_nul_subject)
{
	struct zh_buf out = ZH_BUF_INIT;

	ck_assert_int_eq(expand("a(.)b", "[$1]", "a\0b", 3, &out), 0);
	ck_assert_uint_eq(out.len, 3);
	ck_assert(memcmp(out.data, "[\0]", 3) == 0);
	zh_buf_free(&out);
}
END_TEST

/* With \K in a lookahead a match can end before it starts: $0 is then
 * empty. */
START_TEST(test_backwards_match)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	pcre2_match_data *md;
	struct zh_template *t;
	struct zh_buf out = ZH_BUF_INIT;
	pcre2_code *code;
	PCRE2_SIZE off, *ov;
	int ec;

	pcre2_set_compile_extra_options(cc,
					PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK);
	code = pcre2_compile((PCRE2_SPTR)"(?=ab\\K)", PCRE2_ZERO_TERMINATED,
			     PCRE2_UTF, &ec, &off, cc);
	ck_assert_ptr_nonnull(code);
	t = compile("[$0]", code);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	ck_assert_int_eq(pcre2_match(code, (PCRE2_SPTR)"ab", 2, 0, 0, md,
				     NULL), 1);
	ov = pcre2_get_ovector_pointer(md);
	ck_assert_uint_eq(ov[0], 2);
	ck_assert_uint_eq(ov[1], 0);
	ck_assert_int_eq(zh_template_expand(t, "ab", ov,
					    pcre2_get_ovector_count(md), &out),
			 0);
	ck_assert_str_eq(zh_buf_cstr(&out), "[]");
	zh_buf_free(&out);
	pcre2_match_data_free(md);
	zh_template_free(t);
	pcre2_code_free(code);
	pcre2_compile_context_free(cc);
}
END_TEST

START_TEST(test_escape_errors)
{
	expect_error("a", "ab\\", 3, "'\\' at the end of the template");
	expect_error("a", "中\\q", 2, "unknown escape '\\q'");
	expect_error("a", "\\中", 1, "unknown escape '\\中'");
	expect_error("a", "x\\:", 2, "unknown escape '\\:'");
	expect_error("a", "x\\}", 2, "unknown escape '\\}'");
	expect_error("a", "\\n", 1, "unknown escape '\\n'");
	expect_error("a", "\\x41", 1, "'\\x' must be followed by '{HEX}'");
	expect_error("a", "二\\x", 2, "'\\x' must be followed by '{HEX}'");
	expect_error("a", "a\\x{}", 2,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("a", "\\x{1234567}", 1,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("a", "\\x{12", 1,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("a", "\\x{12G}", 1,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("a", "ab\\x{D800}", 3, "\\x{D800} is a surrogate");
	expect_error("a", "\\x{dfff}", 1, "\\x{DFFF} is a surrogate");
	expect_error("a", "\\x{110000}", 1, "\\x{110000} is above U+10FFFF");
}
END_TEST

START_TEST(test_dollar_errors)
{
	expect_error("(a)", "$", 1,
		     "'$' at the end of the template; write '$$' for a "
		     "dollar sign");
	expect_error("(a)", "价$a", 2,
		     "'$' must be followed by a group number, '{' or '$'");
	expect_error("(a)", "$ ", 1,
		     "'$' must be followed by a group number, '{' or '$'");
	expect_error("(a)", "二〇$2", 3, "unknown group 2 (the highest is 1)");
	expect_error("(a)", "$99999999999", 1,
		     "unknown group 1000000000 (the highest is 1)");
	expect_error("(a)", "x${9}", 2, "unknown group 9 (the highest is 1)");
	expect_error(NULL, "$1", 1, "unknown group 1 (the highest is 0)");
	expect_error("(?<a>x)", "${b}", 1, "unknown group name 'b'");
	expect_error("(?<ab>x)", "${a}", 1, "unknown group name 'a'");
	expect_error("(a)", "${", 1, "unterminated '${'");
	expect_error("(a)", "ab${1", 3, "unterminated '${'");
	expect_error("(a)", "${}", 3,
		     "'${' must be followed by a group number or name");
	expect_error("(a)", "${-}", 3,
		     "'${' must be followed by a group number or name");
	expect_error("(a)", "${1a}", 3, "bad group name '1a'");
	expect_error("(?<a>x)", "${a-b}", 4,
		     "expected '}' or ':' after the group in '${', not '-'");
	expect_error("(a)", "${1中}", 4,
		     "expected '}' or ':' after the group in '${', not '中'");
}
END_TEST

START_TEST(test_transform_errors)
{
	expect_error("(a)", "${1:nope}", 5, "unknown transform 'nope'");
	expect_error("(a)", "中${1:Hanzi}", 6, "unknown transform 'Hanzi'");
	expect_error("(a)", "${1:}", 5, "missing transform name after ':'");
	expect_error("(a)", "${1:halfwidth", 1, "unterminated '${'");
	/* The group is checked before the transform. */
	expect_error("(a)", "${2:nope}", 1,
		     "unknown group 2 (the highest is 1)");
}
END_TEST

START_TEST(test_conditional_errors)
{
	expect_error("(?<x>a)", "${x:+a:b}", 3,
		     "${N:+SET:UNSET} needs a group number, not a name");
	expect_error("(a)", "${1:+a}", 7,
		     "missing ':' between SET and UNSET in ${N:+SET:UNSET}");
	expect_error("(a)", "${1:+a:b", 1, "unterminated '${'");
	expect_error("(a)", "中${1:+a", 2, "unterminated '${'");
	expect_error("(a)", "${1:+$1:b}", 6,
		     "the texts of ${N:+SET:UNSET} cannot refer to groups; "
		     "write '$$' for a dollar sign");
	expect_error("(a)", "${1:+a:$}", 8,
		     "the texts of ${N:+SET:UNSET} cannot refer to groups; "
		     "write '$$' for a dollar sign");
	expect_error("(a)", "${2:+a:b}", 1,
		     "unknown group 2 (the highest is 1)");
	expect_error("(a)", "${1:+\\q:}", 6, "unknown escape '\\q'");
}
END_TEST

START_TEST(test_text_errors)
{
	expect_error("(a)", "a\nb", 2, "newline in template");
	expect_error("(a)", "中\xff", 2, "invalid UTF-8 in template");
	expect_error("(a)", "\xe4\xb8", 1, "invalid UTF-8 in template");
	/* An overlong form and an encoded surrogate are invalid too. */
	expect_error("(a)", "ab\xc0\xaf", 3, "invalid UTF-8 in template");
	expect_error("(a)", "\xed\xa0\x80", 1, "invalid UTF-8 in template");
}
END_TEST

static Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_literal);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_named);
	tcase_add_test(tc, test_transforms);
	tcase_add_test(tc, test_refusal);
	tcase_add_test(tc, test_conditional);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_nul_subject);
	tcase_add_test(tc, test_backwards_match);
	tcase_add_test(tc, test_escape_errors);
	tcase_add_test(tc, test_dollar_errors);
	tcase_add_test(tc, test_transform_errors);
	tcase_add_test(tc, test_conditional_errors);
	tcase_add_test(tc, test_text_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(template_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
