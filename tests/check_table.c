/*
 * check_table.c - unit tests of the rule-table loader (table.c).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "table.h"

static struct zh_error err;

static const char sample[] =
	"# A table for the tests.\n"
	"\n"
	"[quote.four]\n"
	"match   = (?<![“「])四个意识(?![”」])\n"
	"replace = “四个意识”\n"
	"script  = hans\n"
	"region  = cn\n"
	"level   = fix\n"
	"message = 数字式提法应加引号\n"
	"example = 增强四个意识 => 增强“四个意识”\n"
	"example = \\x{3000}四个意识 =>  \\x{3000}“四个意识”\n"
	"unchanged = “四个意识”\n"
	"\n"
	"  # An indented comment.\n"
	"\t\n"
	"[keep.name]\n"
	"match = 张三\n"
	"protect = yes\n"
	"region = tw, hk\n"
	"script = hant\n"
	"example = 张三 => 张三\n"
	"\n"
	"[warn.only]\n"
	"match = (\\d+)个\n"
	"level = warn\n"
	"message =  多余  量词  \n"
	"example = 3个\n"
	"[warn.suggest]\n"
	"match=(?<n>\\d+)\\s+(个)\n"
	"replace =${n}$2\n"
	"level = warn\n"
	"region = cn tw,hk\n"
	"protect = no\n"
	"example = 3 个 => 3个\n"
	"example = 4 个\n"
	"unchanged = 3个\n"
	"[delete.zwsp]\n"
	"match = \\x{200B}\n"
	"replace =\n"
	"example = a\\x{200B}b => ab";

/* Loads TEXT[0..LEN) into a new set and checks that this fails at LINE:COL
 * with MSG and leaves the set empty. */
static void
expect_error_n(const char *text, size_t len, unsigned long line,
	       unsigned long col, const char *msg)
{
	struct zh_ruleset rs;

	zh_ruleset_init(&rs);
	zh_error_clear(&err);
	ck_assert_msg(zh_ruleset_load_mem(&rs, text, len, "bad.rules", NULL,
					  &err) == -1, "loaded: %s", text);
	ck_assert_msg(strcmp(err.msg, msg) == 0 && err.line == line &&
		      err.col == col,
		      "%s: got %lu:%lu: %s, want %lu:%lu: %s", text, err.line,
		      err.col, err.msg, line, col, msg);
	ck_assert_str_eq(err.file, "bad.rules");
	ck_assert_uint_eq(rs.nrules, 0);
	ck_assert_uint_eq(rs.nstrings, 0);
	ck_assert_uint_eq(rs.max_groups, 0);
	zh_ruleset_free(&rs);
}

static void
expect_error(const char *text, unsigned long line, unsigned long col,
	     const char *msg)
{
	expect_error_n(text, strlen(text), line, col, msg);
}

static int
load(struct zh_ruleset *rs, const char *text, const char *path)
{
	zh_error_clear(&err);
	return zh_ruleset_load_mem(rs, text, strlen(text), path, NULL, &err);
}

static void
load_ok(struct zh_ruleset *rs, const char *text, const char *path)
{
	zh_error_clear(&err);
	ck_assert_msg(zh_ruleset_load_mem(rs, text, strlen(text), path, NULL,
					  &err) == 0, "%s:%lu:%lu: %s",
		      err.file, err.line, err.col, err.msg);
}

static void
check_example(const struct zh_rule *r, size_t i, enum zh_example_kind kind,
	      const char *input, const char *output, unsigned long line)
{
	const struct zh_example *ex;

	ck_assert_uint_lt(i, r->nexamples);
	ex = &r->examples[i];
	ck_assert_int_eq(ex->kind, kind);
	ck_assert_str_eq(ex->input, input);
	if (output == NULL)
		ck_assert_ptr_null(ex->output);
	else
		ck_assert_str_eq(ex->output, output);
	ck_assert_uint_eq(ex->line, line);
}

static void
check_literal(const struct zh_rule *r, const char *want)
{
	const char *text;
	size_t len;

	ck_assert_ptr_nonnull(r->replace);
	ck_assert(zh_template_literal(r->replace, &text, &len));
	ck_assert_uint_eq(len, strlen(want));
	ck_assert(memcmp(text, want, len) == 0);
}

/* Expands R's replacement for its first match in SUBJECT. */
static void
check_expansion(const struct zh_rule *r, const char *subject,
		const char *want)
{
	pcre2_match_data *md;
	struct zh_buf out = ZH_BUF_INIT;

	md = pcre2_match_data_create_from_pattern(r->code, NULL);
	ck_assert_int_gt(pcre2_match(r->code, (PCRE2_SPTR)subject,
				     strlen(subject), 0, 0, md, NULL), 0);
	ck_assert_int_eq(zh_template_expand(r->replace, subject,
					    pcre2_get_ovector_pointer(md),
					    pcre2_get_ovector_count(md), &out),
			 0);
	ck_assert_str_eq(zh_buf_cstr(&out), want);
	zh_buf_free(&out);
	pcre2_match_data_free(md);
}

START_TEST(test_sample)
{
	struct zh_ruleset rs;
	const struct zh_rule *r;

	zh_ruleset_init(&rs);
	load_ok(&rs, sample, "dict/t.rules");
	ck_assert_uint_eq(rs.nrules, 5);
	ck_assert_uint_eq(rs.max_groups, 3);
	ck_assert_uint_eq(rs.nstrings, 2);
	ck_assert_str_eq(rs.strings[0], "dict/t.rules");
	ck_assert_str_eq(rs.strings[1], "t");

	r = &rs.rules[0];
	ck_assert_str_eq(r->id, "quote.four");
	ck_assert_str_eq(r->file, "dict/t.rules");
	ck_assert_str_eq(r->table, "t");
	ck_assert_uint_eq(r->line, 3);
	ck_assert_str_eq(r->pattern, "(?<![“「])四个意识(?![”」])");
	ck_assert_ptr_nonnull(r->code);
	check_literal(r, "“四个意识”");
	ck_assert_int_eq(r->protect, 0);
	ck_assert_int_eq(r->script, ZH_SCRIPT_HANS);
	ck_assert_uint_eq(r->regions, ZH_REGION_CN);
	ck_assert_int_eq(r->level, ZH_LEVEL_FIX);
	ck_assert_str_eq(r->message, "数字式提法应加引号");
	ck_assert_uint_eq(r->nexamples, 3);
	check_example(r, 0, ZH_EXAMPLE_CHANGE, "增强四个意识",
		      "增强“四个意识”", 10);
	check_example(r, 1, ZH_EXAMPLE_CHANGE, "\xe3\x80\x80四个意识",
		      "\xe3\x80\x80“四个意识”", 11);
	check_example(r, 2, ZH_EXAMPLE_UNCHANGED, "“四个意识”", NULL, 12);
	ck_assert_int_eq(r->disabled, 0);

	r = &rs.rules[1];
	ck_assert_str_eq(r->id, "keep.name");
	ck_assert_uint_eq(r->line, 16);
	ck_assert_str_eq(r->pattern, "张三");
	ck_assert_ptr_null(r->replace);
	ck_assert_int_eq(r->protect, 1);
	ck_assert_int_eq(r->script, ZH_SCRIPT_HANT);
	ck_assert_uint_eq(r->regions, ZH_REGION_TW | ZH_REGION_HK);
	ck_assert_int_eq(r->level, ZH_LEVEL_FIX);
	ck_assert_ptr_null(r->message);
	ck_assert_uint_eq(r->nexamples, 1);
	/* 'X => X' of a protect rule says X has something to protect. */
	check_example(r, 0, ZH_EXAMPLE_FINDING, "张三", NULL, 21);

	r = &rs.rules[2];
	ck_assert_str_eq(r->id, "warn.only");
	ck_assert_uint_eq(r->line, 23);
	ck_assert_str_eq(r->pattern, "(\\d+)个");
	ck_assert_ptr_null(r->replace);
	ck_assert_int_eq(r->protect, 0);
	ck_assert_int_eq(r->script, ZH_SCRIPT_ANY);
	ck_assert_uint_eq(r->regions, 0);
	ck_assert_int_eq(r->level, ZH_LEVEL_WARN);
	ck_assert_str_eq(r->message, "多余  量词");
	ck_assert_uint_eq(r->nexamples, 1);
	check_example(r, 0, ZH_EXAMPLE_FINDING, "3个", NULL, 27);

	r = &rs.rules[3];
	ck_assert_str_eq(r->id, "warn.suggest");
	ck_assert_uint_eq(r->line, 28);
	ck_assert_str_eq(r->pattern, "(?<n>\\d+)\\s+(个)");
	ck_assert_int_eq(r->level, ZH_LEVEL_WARN);
	ck_assert_int_eq(r->protect, 0);
	ck_assert_uint_eq(r->regions,
			  ZH_REGION_CN | ZH_REGION_TW | ZH_REGION_HK);
	check_expansion(r, "共 12  个人", "12个");
	ck_assert_uint_eq(r->nexamples, 3);
	check_example(r, 0, ZH_EXAMPLE_CHANGE, "3 个", "3个", 34);
	check_example(r, 1, ZH_EXAMPLE_FINDING, "4 个", NULL, 35);
	check_example(r, 2, ZH_EXAMPLE_UNCHANGED, "3个", NULL, 36);

	r = &rs.rules[4];
	ck_assert_str_eq(r->id, "delete.zwsp");
	ck_assert_uint_eq(r->line, 37);
	check_literal(r, "");
	check_expansion(r, "a\xe2\x80\x8b" "b", "");
	check_example(r, 0, ZH_EXAMPLE_CHANGE, "a\xe2\x80\x8b" "b", "ab", 40);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_defaults)
{
	struct zh_ruleset rs;
	const struct zh_rule *r;

	zh_ruleset_init(&rs);
	ck_assert_uint_eq(rs.nrules, 0);
	ck_assert_uint_eq(rs.max_groups, 0);
	load_ok(&rs, "[a]\nmatch = x\nreplace = y", "a.rules");
	ck_assert_uint_eq(rs.nrules, 1);
	ck_assert_uint_eq(rs.max_groups, 1);
	r = &rs.rules[0];
	ck_assert_str_eq(r->id, "a");
	ck_assert_str_eq(r->table, "a");
	ck_assert_uint_eq(r->line, 1);
	ck_assert_int_eq(r->script, ZH_SCRIPT_ANY);
	ck_assert_uint_eq(r->regions, 0);
	ck_assert_int_eq(r->level, ZH_LEVEL_FIX);
	ck_assert_int_eq(r->protect, 0);
	ck_assert_ptr_null(r->message);
	ck_assert_uint_eq(r->nexamples, 0);
	ck_assert_ptr_null(r->examples);
	ck_assert_int_eq(r->disabled, 0);
	check_literal(r, "y");
	zh_ruleset_free(&rs);

	/* An empty table and a table of comments load no rules. */
	zh_ruleset_init(&rs);
	load_ok(&rs, "", "empty.rules");
	load_ok(&rs, "# only\n\n  # comments\n", "c.rules");
	ck_assert_uint_eq(rs.nrules, 0);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_crlf)
{
	struct zh_ruleset rs;
	const struct zh_rule *r;

	zh_ruleset_init(&rs);
	load_ok(&rs, "\xef\xbb\xbf# BOM and CRLF\r\n[a]\r\nmatch = x+\r\n"
		"replace = y \r\nmessage = m\r\n\r\n[b] \r\nmatch = z\r\n"
		"level = warn\r\nexample = z\r", "crlf.rules");
	ck_assert_uint_eq(rs.nrules, 2);
	r = &rs.rules[0];
	ck_assert_uint_eq(r->line, 2);
	ck_assert_str_eq(r->pattern, "x+");
	check_literal(r, "y");
	ck_assert_str_eq(r->message, "m");
	r = &rs.rules[1];
	ck_assert_str_eq(r->id, "b");
	ck_assert_uint_eq(r->line, 7);
	check_example(r, 0, ZH_EXAMPLE_FINDING, "z", NULL, 10);
	zh_ruleset_free(&rs);

	/* A column on a line after a BOM-less CRLF line counts normally. */
	expect_error("[a]\r\nmatch = (\r\n", 2, 10,
		     "bad pattern: missing closing parenthesis");
	/* A byte order mark is not counted in columns. */
	expect_error("\xef\xbb\xbf[a b]\n", 1, 3,
		     "bad character ' ' in rule id (allowed: A-Z a-z 0-9 . _ "
		     "-)");
}
END_TEST

START_TEST(test_syntax_errors)
{
	expect_error("# c\nmatch = x\n", 2, 1,
		     "key 'match' outside a rule block (no '[id]' line before "
		     "it)");
	expect_error("\n  replace = x\n[a]\n", 2, 3,
		     "key 'replace' outside a rule block (no '[id]' line "
		     "before it)");
	expect_error("[a]\nmatch = x\nreplace = y\njunk\n", 4, 1,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("[a]\nmatch x\n", 2, 1,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("[a]\n  = x\n", 2, 3,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("[a]\nmatch: x\n", 2, 1,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("[a]\n中 = x\n", 2, 1,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("junk\n", 1, 1,
		     "expected 'key = value', '[id]' or a comment");
	expect_error("[a]\nmatch = x\nrepalce = y\n", 3, 1,
		     "unknown key 'repalce'");
	expect_error("[a]\nmatch = x\nMatch = y\n", 3, 1,
		     "unknown key 'Match'");
	expect_error("[a]\nmatch = x\nreplace = y\n  replace = z\n", 4, 3,
		     "duplicate key 'replace' (first on line 3)");
	expect_error("[a]\nmatch = x\nmatch = y\n", 3, 1,
		     "duplicate key 'match' (first on line 2)");
	expect_error("[a]\nmatch = x\nlevel = warn\nmessage = m\n"
		     "level = warn\n", 5, 1,
		     "duplicate key 'level' (first on line 3)");
	expect_error("[a]\nmatch = x\nmessage = m\nmessage = n\n", 4, 1,
		     "duplicate key 'message' (first on line 3)");
	expect_error("[a]\nmatch = x\nscript = any\nscript = any\n", 4, 1,
		     "duplicate key 'script' (first on line 3)");
	expect_error("[a]\nmatch = x\nregion = cn\nregion = tw\n", 4, 1,
		     "duplicate key 'region' (first on line 3)");
	expect_error("[a]\nmatch = x\nprotect = yes\nprotect = yes\n", 4, 1,
		     "duplicate key 'protect' (first on line 3)");
}
END_TEST

START_TEST(test_header_errors)
{
	const char *allowed = " in rule id (allowed: A-Z a-z 0-9 . _ -)";
	char msg[128];

	snprintf(msg, sizeof msg, "bad character ' '%s", allowed);
	expect_error("[a b]\n", 1, 3, msg);
	snprintf(msg, sizeof msg, "bad character '中'%s", allowed);
	expect_error("[中]\n", 1, 2, msg);
	snprintf(msg, sizeof msg, "bad character '/'%s", allowed);
	expect_error("  [a.b/c]\n", 1, 7, msg);
	expect_error("[]\n", 1, 2, "empty rule id");
	expect_error("[a] x\n", 1, 5, "unexpected text after ']'");
	expect_error("[a]]\n", 1, 4, "unexpected text after ']'");
	expect_error("[a] # no comments here\n", 1, 5,
		     "unexpected text after ']'");
	expect_error("[abc\n", 1, 5, "missing ']' after the rule id");
	expect_error("[\n", 1, 2, "missing ']' after the rule id");
}
END_TEST

START_TEST(test_block_errors)
{
	expect_error("[a]\nreplace = y\n\n[b]\nmatch = x\nreplace = y\n", 1, 0,
		     "rule 'a' has no 'match'");
	expect_error("[a]\nmatch = x\nreplace = y\n[b]\nmessage = m\n", 4, 0,
		     "rule 'b' has no 'match'");
	expect_error("[a]\nmatch = x\nprotect = yes\nreplace = y\n", 4, 0,
		     "'protect = yes' and 'replace' exclude each other");
	expect_error("[a]\nreplace = y\nmatch = x\nprotect = yes\n"
		     "message = m\n", 4, 0,
		     "'protect = yes' and 'replace' exclude each other");
	expect_error("[a]\nmatch = x\nlevel = warn\nprotect = yes\n", 4, 0,
		     "'protect = yes' and 'level = warn' exclude each other");
	expect_error("[a]\nprotect = yes\nmatch = x\nlevel = warn\n", 4, 0,
		     "'protect = yes' and 'level = warn' exclude each other");
	expect_error("[a]\nmatch = x\nprotect = no\n", 1, 0,
		     "fix rule 'a' needs 'replace' or 'protect = yes'");
	expect_error("[a]\nmatch = x\nlevel = fix\nmessage = m\n[b]\n", 1, 0,
		     "fix rule 'a' needs 'replace' or 'protect = yes'");
}
END_TEST

START_TEST(test_value_errors)
{
	expect_error("[a]\nmatch = x\nscript = Hans\n", 3, 10,
		     "bad value 'Hans' for 'script' (expected hans, hant or "
		     "any)");
	expect_error("[a]\nmatch = x\nscript =\n", 3, 9,
		     "bad value '' for 'script' (expected hans, hant or any)");
	expect_error("[a]\nmatch = x\nregion = cn, mo\n", 3, 14,
		     "unknown region 'mo' (expected cn, tw or hk)");
	expect_error("[a]\nmatch = x\nregion = 台湾\n", 3, 10,
		     "unknown region '台湾' (expected cn, tw or hk)");
	expect_error("[a]\nmatch = x\nregion = , ,\n", 3, 10,
		     "empty value for 'region' (expected cn, tw or hk)");
	expect_error("[a]\nmatch = x\nlevel = error\n", 3, 9,
		     "bad value 'error' for 'level' (expected fix or warn)");
	expect_error("[a]\nmatch = x\nprotect = true\n", 3, 11,
		     "bad value 'true' for 'protect' (expected yes or no)");
	expect_error("[a]\nmatch =\n", 2, 8, "empty value for 'match'");
	expect_error("[a]\nmatch =  \t\n", 2, 11, "empty value for 'match'");
	expect_error("[a]\nmatch = x\nreplace = y\nmessage =   \n", 4, 13,
		     "empty value for 'message'");
}
END_TEST

START_TEST(test_regions)
{
	struct zh_ruleset rs;

	zh_ruleset_init(&rs);
	load_ok(&rs, "[a]\nmatch = x\nreplace = y\nregion = ,cn,, tw ,\n"
		"[b]\nmatch = x\nreplace = y\nregion = hk\n"
		"[c]\nmatch = x\nreplace = y\nregion=hk\thk cn\n", "r.rules");
	ck_assert_uint_eq(rs.rules[0].regions, ZH_REGION_CN | ZH_REGION_TW);
	ck_assert_uint_eq(rs.rules[1].regions, ZH_REGION_HK);
	ck_assert_uint_eq(rs.rules[2].regions, ZH_REGION_HK | ZH_REGION_CN);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_pattern_errors)
{
	expect_error("[a]\nmatch = 中文(\n", 2, 12,
		     "bad pattern: missing closing parenthesis");
	expect_error("[a]\nmatch = a)b\n", 2, 10,
		     "bad pattern: unmatched closing parenthesis");
	/* Columns count characters, not bytes. */
	expect_error("[a]\nmatch   =  中[z-a]\n", 2, 16,
		     "bad pattern: range out of order in character class");
	/* A bad pattern stops the load even after good rules. */
	expect_error("[a]\nmatch = x\nreplace = y\n[b]\nmatch = x{2,1}\n",
		     5, 14,
		     "bad pattern: numbers out of order in {} quantifier");
}
END_TEST

START_TEST(test_template_errors)
{
	expect_error("[a]\nmatch = (x)\nreplace = 中$2\n", 3, 12,
		     "unknown group 2 (the highest is 1)");
	/* A replace before its match is compiled at the end of the block. */
	expect_error("[a]\nreplace = 中$2\nmatch = (x)\n", 2, 12,
		     "unknown group 2 (the highest is 1)");
	expect_error("[a]\nreplace =  ${y}\nmatch = (?<x>x)\n[b]\n", 2, 12,
		     "unknown group name 'y'");
	expect_error("[a]\nmatch = (x)\nlevel = warn\nreplace=\\q\n", 4, 9,
		     "unknown escape '\\q'");
	expect_error("[a]\nmatch = (x)\nreplace = ${1:nope}\n", 3, 15,
		     "unknown transform 'nope'");
}
END_TEST

START_TEST(test_encoding_errors)
{
	expect_error("[a]\nmatch = 中\xff\n", 2, 10, "invalid UTF-8");
	expect_error("# \xe4\xb8\n", 1, 3, "invalid UTF-8");
	expect_error("[a]\nmatch = x\nreplace = y\nmessage = \xc0\xaf\n", 4, 11,
		     "invalid UTF-8");
	expect_error_n("[a]\nmatch = a\0b\n", 16, 2, 10, "NUL byte");
	expect_error_n("# 中\0\n", 7, 1, 4, "NUL byte");
	/* Lines are checked in order: the bad pattern comes first. */
	expect_error_n("[a]\nmatch = (\n\0", 15, 2, 10,
		       "bad pattern: missing closing parenthesis");
}
END_TEST

START_TEST(test_example_errors)
{
	expect_error("[a]\nmatch = x\nreplace = y\nexample = x\n", 4, 0,
		     "an example of a fix rule must be 'INPUT => OUTPUT'");
	expect_error("[a]\nmatch = x\nexample = x => y\nprotect = yes\n", 3, 0,
		     "an example of a protect rule is the text it must protect "
		     "(protecting changes no text)");
	expect_error("[a]\nmatch = x\nexample = x => y\nlevel = warn\n", 3, 0,
		     "'=> SUGGESTION' in an example needs a 'replace' in the "
		     "rule");
	/* "=>" with no blank before it is not the arrow. */
	expect_error("[a]\nmatch = x\nreplace = y\nexample = x=> y\n", 4, 0,
		     "an example of a fix rule must be 'INPUT => OUTPUT'");
	expect_error("[a]\nmatch = x\nreplace = y\nexample =\n", 4, 10,
		     "empty value for 'example'");
	expect_error("[a]\nmatch = x\nreplace = y\nunchanged =  \n", 4, 14,
		     "empty value for 'unchanged'");
	expect_error("[a]\nmatch = x\nreplace = y\nexample = => y\n", 4, 11,
		     "empty input before '=>'");
	expect_error("[a]\nmatch = x\nreplace = y\nexample = 中\\x{} => y\n",
		     4, 12,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("[a]\nmatch = x\nreplace = y\nexample = x => \\x{12",
		     4, 16,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("[a]\nmatch = x\nreplace = y\n"
		     "unchanged = \\x{1234567}\n", 4, 13,
		     "'\\x{' must be followed by 1 to 6 hex digits and '}'");
	expect_error("[a]\nmatch = x\nreplace = y\nexample = x => \\x{D800}\n",
		     4, 16, "\\x{D800} is a surrogate");
	expect_error("[a]\nmatch = x\nreplace = y\nunchanged = \\x{110000}\n",
		     4, 13, "\\x{110000} is above U+10FFFF");
	expect_error("[a]\nmatch = x\nreplace = y\nunchanged = a\\x{0}\n",
		     4, 14,
		     "\\x{0}: an example cannot hold a NUL or a newline");
	expect_error("[a]\nmatch = x\nreplace = y\nexample = x => \\x{a}\n",
		     4, 16,
		     "\\x{A}: an example cannot hold a NUL or a newline");
}
END_TEST

START_TEST(test_example_escapes)
{
	struct zh_ruleset rs;
	const struct zh_rule *r;

	zh_ruleset_init(&rs);
	load_ok(&rs, "[a]\nmatch = x\nreplace = y\n"
		"example = \\x{20}x\\x{9}\\x{20} => \\x{3000}y\\x{1F600}\n"
		"example = a\\\\b\\q\\d\\x41\\x{41}\\\\x{41} => c\\\\\n"
		"example = a => b => c\n"
		"example = x\\x{20}=>\\x{20}y =>\n"
		"example = a =>b => c\n"
		"unchanged = \\ \\x{20}\n"
		"example = =>x => y\n", "e.rules");
	r = &rs.rules[0];
	ck_assert_uint_eq(r->nexamples, 7);
	check_example(r, 0, ZH_EXAMPLE_CHANGE, " x\t ",
		      "\xe3\x80\x80y\xf0\x9f\x98\x80", 4);
	check_example(r, 1, ZH_EXAMPLE_CHANGE, "a\\b\\q\\d\\x41A\\x{41}",
		      "c\\", 5);
	check_example(r, 2, ZH_EXAMPLE_CHANGE, "a", "b => c", 6);
	check_example(r, 3, ZH_EXAMPLE_CHANGE, "x => y", "", 7);
	check_example(r, 4, ZH_EXAMPLE_CHANGE, "a =>b", "c", 8);
	check_example(r, 5, ZH_EXAMPLE_UNCHANGED, "\\  ", NULL, 9);
	check_example(r, 6, ZH_EXAMPLE_CHANGE, "=>x", "y", 10);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_duplicate_ids)
{
	struct zh_ruleset rs;

	expect_error("[a]\nmatch = x\nreplace = y\n[b]\nmatch = x\n"
		     "replace = y\n\n[a]\nmatch = z\nreplace = y\n", 8, 0,
		     "duplicate rule id 'a' (first at bad.rules:1)");

	zh_ruleset_init(&rs);
	load_ok(&rs, "# one\n\n[x.y]\nmatch = x\nreplace = y\n", "one.rules");
	zh_error_clear(&err);
	ck_assert_int_eq(load(&rs, "[z]\nmatch = z\nreplace = y\n"
			      "[x.y]\nmatch = x\nreplace = y\n", "two.rules"),
			 -1);
	ck_assert_str_eq(err.file, "two.rules");
	ck_assert_uint_eq(err.line, 4);
	ck_assert_uint_eq(err.col, 0);
	ck_assert_str_eq(err.msg,
			 "duplicate rule id 'x.y' (first at one.rules:3)");
	ck_assert_uint_eq(rs.nrules, 1);
	/* Ids differing in case are different ids. */
	load_ok(&rs, "[X.y]\nmatch = x\nreplace = y\n", "three.rules");
	ck_assert_uint_eq(rs.nrules, 2);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_unchanged_after_error)
{
	struct zh_ruleset rs;
	struct zh_rule *rules;

	zh_ruleset_init(&rs);
	load_ok(&rs, "[a]\nmatch = (x)\nreplace = y\n[b]\nmatch = z\n"
		"protect = yes\n", "good.rules");
	ck_assert_uint_eq(rs.nrules, 2);
	ck_assert_uint_eq(rs.max_groups, 2);
	rules = rs.rules;
	/* Good rules before the error, one with more groups, do not stay. */
	ck_assert_int_eq(load(&rs, "[c]\nmatch = (1)(2)(3)\nreplace = $3\n"
			      "[d]\nmatch = q\nreplace = r\n[e]\nmatch = (\n",
			      "bad.rules"), -1);
	ck_assert_uint_eq(err.line, 8);
	ck_assert_uint_eq(rs.nrules, 2);
	ck_assert_ptr_eq(rs.rules, rules);
	ck_assert_uint_eq(rs.nstrings, 2);
	ck_assert_uint_eq(rs.max_groups, 2);
	ck_assert_str_eq(rs.rules[0].id, "a");
	ck_assert_str_eq(rs.rules[1].id, "b");
	ck_assert_ptr_null(zh_ruleset_find(&rs, "c"));
	ck_assert_ptr_null(zh_ruleset_find(&rs, "d"));
	/* The ids of the failed table are free again. */
	load_ok(&rs, "[c]\nmatch = (1)(2)(3)\nreplace = $3\n", "c.rules");
	ck_assert_uint_eq(rs.nrules, 3);
	ck_assert_uint_eq(rs.max_groups, 4);
	ck_assert_uint_eq(rs.nstrings, 4);
	ck_assert_str_eq(rs.strings[2], "c.rules");
	ck_assert_str_eq(rs.strings[3], "c");
	ck_assert_str_eq(rs.rules[2].file, "c.rules");
	ck_assert_str_eq(rs.rules[0].file, "good.rules");
	ck_assert_str_eq(rs.rules[0].table, "good");
	/* A table with fewer groups leaves max_groups alone. */
	load_ok(&rs, "[f]\nmatch = (x)\nreplace = y\n", "f.rules");
	ck_assert_uint_eq(rs.max_groups, 4);
	zh_ruleset_free(&rs);
	ck_assert_uint_eq(rs.nrules, 0);
	ck_assert_ptr_null(rs.rules);
}
END_TEST

START_TEST(test_disable_find)
{
	struct zh_ruleset rs;
	size_t i;

	zh_ruleset_init(&rs);
	load_ok(&rs, sample, "t.rules");
	ck_assert_ptr_eq(zh_ruleset_find(&rs, "warn.only"), &rs.rules[2]);
	ck_assert_ptr_eq(zh_ruleset_find(&rs, "delete.zwsp"), &rs.rules[4]);
	ck_assert_ptr_null(zh_ruleset_find(&rs, "warn"));
	ck_assert_ptr_null(zh_ruleset_find(&rs, "WARN.ONLY"));

	ck_assert_uint_eq(zh_ruleset_disable(&rs, "nothing*"), 0);
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "warn.*"), 2);
	ck_assert_int_eq(rs.rules[0].disabled, 0);
	ck_assert_int_eq(rs.rules[1].disabled, 0);
	ck_assert_int_eq(rs.rules[2].disabled, 1);
	ck_assert_int_eq(rs.rules[3].disabled, 1);
	ck_assert_int_eq(rs.rules[4].disabled, 0);
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "[kq]*"), 2);
	ck_assert_int_eq(rs.rules[0].disabled, 1);
	ck_assert_int_eq(rs.rules[1].disabled, 1);
	ck_assert_int_eq(rs.rules[4].disabled, 0);
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "delete.zwsp"), 1);
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "????.????"), 2);
	/* Globs have no special case for a leading period. */
	load_ok(&rs, "[.dot]\nmatch = x\nreplace = y\n", "dot.rules");
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "*"), 6);
	for (i = 0; i < rs.nrules; i++)
		ck_assert_int_eq(rs.rules[i].disabled, 1);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_names)
{
	struct zh_ruleset rs;
	const char *text = "[a]\nmatch = x\nreplace = y\n";

	zh_ruleset_init(&rs);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, "", 0, "dir/sub/x.rules",
					     NULL, &err), 0);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, "", 0, "noext", NULL,
					     &err), 0);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, "", 0, "d/.rules", NULL,
					     &err), 0);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, "", 0, "x.rules.bak",
					     NULL, &err), 0);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, text, strlen(text),
					     "dir/y.rules", "custom", &err),
			 0);
	ck_assert_uint_eq(rs.nstrings, 10);
	ck_assert_str_eq(rs.strings[1], "x");
	ck_assert_str_eq(rs.strings[3], "noext");
	ck_assert_str_eq(rs.strings[5], ".rules");
	ck_assert_str_eq(rs.strings[7], "x.rules.bak");
	ck_assert_str_eq(rs.strings[9], "custom");
	ck_assert_str_eq(rs.rules[0].table, "custom");
	ck_assert_str_eq(rs.rules[0].file, "dir/y.rules");
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_limits)
{
	struct zh_ruleset rs;
	size_t size = 16UL * 1024 * 1024, i;
	char *big = malloc(size + 1);

	ck_assert_ptr_nonnull(big);
	/* Exactly 16 MiB of comment lines loads; one byte more does not. */
	for (i = 0; i < size + 1; i++)
		big[i] = i % 1024 == 1023 ? '\n' : '#';
	zh_ruleset_init(&rs);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, big, size, "big.rules",
					     NULL, &err), 0);
	zh_ruleset_free(&rs);
	expect_error_n(big, size + 1, 0, 0, "too large (more than 16 MiB)");

	/* A line may hold 65536 bytes, not counting its CR LF. */
	memset(big, '#', 70000);
	memcpy(big + 65537, "\r\n", 2);
	memcpy(big + 65539, "[a]\nmatch = x\nreplace = y\n", 27);
	zh_ruleset_init(&rs);
	load_ok(&rs, big + 1, "long.rules");
	ck_assert_uint_eq(rs.nrules, 1);
	ck_assert_uint_eq(rs.rules[0].line, 2);
	zh_ruleset_free(&rs);
	expect_error(big, 1, 0, "line too long (more than 65536 bytes)");
	memset(big, '#', 70000);
	memcpy(big, "\n\n", 2);
	memcpy(big + 65539, "\r\n", 3);
	expect_error(big, 3, 0, "line too long (more than 65536 bytes)");
	free(big);
}
END_TEST

START_TEST(test_too_many_rules)
{
	struct zh_ruleset rs;
	struct zh_buf b = ZH_BUF_INIT;
	size_t i;

	for (i = 0; i < 60000; i++)
		zh_buf_printf(&b, "[r%zu]\nmatch = x\nreplace = y\n", i);
	zh_ruleset_init(&rs);
	load_ok(&rs, zh_buf_cstr(&b), "one.rules");
	zh_buf_clear(&b);
	for (i = 60000; i < 100001; i++)
		zh_buf_printf(&b, "[r%zu]\nmatch = x\nreplace = y\n", i);
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, b.data, b.len, "two.rules",
					     NULL, &err), -1);
	ck_assert_uint_eq(err.line, 3 * 40000 + 1);
	ck_assert_str_eq(err.msg, "too many rules (more than 100000 in one "
			 "set)");
	ck_assert_uint_eq(rs.nrules, 60000);
	/* The last one fits. */
	b.len -= strlen("[r100000]\nmatch = x\nreplace = y\n");
	ck_assert_int_eq(zh_ruleset_load_mem(&rs, b.data, b.len, "two.rules",
					     NULL, &err), 0);
	ck_assert_uint_eq(rs.nrules, 100000);
	ck_assert_ptr_eq(zh_ruleset_find(&rs, "r99999"), &rs.rules[99999]);
	zh_ruleset_free(&rs);
	zh_buf_free(&b);
}
END_TEST

/* ---- files -------------------------------------------------------------- */

static char tmpdir[64];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/check_table.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_files)
{
	struct zh_ruleset rs;
	const char *badtext = "[a]\nmatch = x\nreplace = y\n[b]\n"
		"match = 中\xff\n";
	char path[128], bad[128], missing[128];

	make_tmpdir();
	snprintf(path, sizeof path, "%s/sample.rules", tmpdir);
	snprintf(bad, sizeof bad, "%s/bad.rules", tmpdir);
	snprintf(missing, sizeof missing, "%s/missing.rules", tmpdir);
	write_file(path, sample, strlen(sample));
	write_file(bad, badtext, strlen(badtext));

	zh_ruleset_init(&rs);
	zh_error_clear(&err);
	ck_assert_int_eq(zh_ruleset_load_file(&rs, path, NULL, &err), 0);
	ck_assert_uint_eq(rs.nrules, 5);
	ck_assert_str_eq(rs.rules[4].file, path);
	ck_assert_str_eq(rs.rules[4].table, "sample");
	ck_assert_str_eq(rs.rules[4].id, "delete.zwsp");

	ck_assert_int_eq(zh_ruleset_load_file(&rs, bad, "b", &err), -1);
	ck_assert_str_eq(err.file, bad);
	ck_assert_uint_eq(err.line, 5);
	ck_assert_uint_eq(err.col, 10);
	ck_assert_str_eq(err.msg, "invalid UTF-8");

	ck_assert_int_eq(zh_ruleset_load_file(&rs, missing, NULL, &err), -1);
	ck_assert_str_eq(err.file, missing);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_uint_eq(err.col, 0);
	ck_assert_str_eq(err.msg, "cannot read: No such file or directory");

	ck_assert_int_eq(zh_ruleset_load_file(&rs, tmpdir, NULL, &err), -1);
	ck_assert_str_eq(err.file, tmpdir);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_str_eq(err.msg, "is a directory");

	/* A device that never ends stops at the size limit. */
	ck_assert_int_eq(zh_ruleset_load_file(&rs, "/dev/zero", NULL, &err),
			 -1);
	ck_assert_str_eq(err.file, "/dev/zero");
	ck_assert_uint_eq(err.line, 0);
	ck_assert_str_eq(err.msg, "too large (more than 16 MiB)");

	/* The same table twice: every id is a duplicate. */
	ck_assert_int_eq(zh_ruleset_load_file(&rs, path, NULL, &err), -1);
	ck_assert_uint_eq(err.line, 3);
	ck_assert_uint_eq(rs.nrules, 5);
	ck_assert_uint_eq(rs.nstrings, 2);
	zh_ruleset_free(&rs);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(unlink(bad), 0);
	ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

START_TEST(test_big_file)
{
	struct zh_ruleset rs;
	char path[128];
	size_t size = 16UL * 1024 * 1024 + 1;
	char *big = malloc(size);

	ck_assert_ptr_nonnull(big);
	memset(big, '\n', size);
	make_tmpdir();
	snprintf(path, sizeof path, "%s/big.rules", tmpdir);
	write_file(path, big, size);
	zh_ruleset_init(&rs);
	ck_assert_int_eq(zh_ruleset_load_file(&rs, path, NULL, &err), -1);
	ck_assert_uint_eq(err.line, 0);
	ck_assert_str_eq(err.msg, "too large (more than 16 MiB)");
	/* At 16 MiB it loads. */
	write_file(path, big, size - 1);
	ck_assert_int_eq(zh_ruleset_load_file(&rs, path, NULL, &err), 0);
	zh_ruleset_free(&rs);
	free(big);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(tmpdir), 0);
}
END_TEST

static Suite *
table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("core");
	TCase *slow = tcase_create("limits");

	tcase_add_test(tc, test_sample);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_header_errors);
	tcase_add_test(tc, test_block_errors);
	tcase_add_test(tc, test_value_errors);
	tcase_add_test(tc, test_regions);
	tcase_add_test(tc, test_pattern_errors);
	tcase_add_test(tc, test_template_errors);
	tcase_add_test(tc, test_encoding_errors);
	tcase_add_test(tc, test_example_errors);
	tcase_add_test(tc, test_example_escapes);
	tcase_add_test(tc, test_duplicate_ids);
	tcase_add_test(tc, test_unchanged_after_error);
	tcase_add_test(tc, test_disable_find);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_files);
	suite_add_tcase(s, tc);
	tcase_add_test(slow, test_limits);
	tcase_add_test(slow, test_big_file);
	tcase_add_test(slow, test_too_many_rules);
	tcase_set_timeout(slow, 600);
	suite_add_tcase(s, slow);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(table_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
