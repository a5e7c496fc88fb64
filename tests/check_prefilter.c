/*
 * check_prefilter.c - required literals and the Aho-Corasick scan.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

/* Returns what PATTERN requires as "lit|lit", with "+high" when a byte
 * above 0x7F would also do, or "" when nothing is known. */
static char *
lits_of(const char *pattern)
{
	static char joined[2048];
	struct zh_required req;
	size_t i;

	joined[0] = '\0';
	if (!zh_required_extract(pattern, &req))
		return joined;
	for (i = 0; i < req.n; i++) {
		if (i > 0)
			strcat(joined, "|");
		strcat(joined, req.lits[i]);
	}
	if (req.high)
		strcat(joined, "+high");
	zh_required_free(&req);
	return joined;
}

START_TEST(test_plain_and_lookaround)
{
	ck_assert_str_eq(lits_of("四个意识"), "四个意识");
	ck_assert_str_eq(lits_of("(?<![“「])四个意识(?![”」])"), "四个意识");
	ck_assert_str_eq(lits_of("国办发\\[(\\d{4})\\]"), "国办发[");
	/* A positive look-around's content is in the line too. */
	ck_assert_str_eq(lits_of("(?<=党的)(\\d+)(?=大)"), "党的");
	/* Negative ones require nothing. */
	ck_assert_str_eq(lits_of("(?<!中)a"), "a");
}
END_TEST

START_TEST(test_quantifiers)
{
	/* An optional atom is not required; a repeated one ends the run. */
	ck_assert_str_eq(lits_of("abc?d"), "ab");
	ck_assert_str_eq(lits_of("ab*cdef"), "cdef");
	ck_assert_str_eq(lits_of("xy+z"), "xy");
	ck_assert_str_eq(lits_of("a{0,3}bc"), "bc");
	/* The last repetition of a repeated character is next to what
	 * follows it. */
	ck_assert_str_eq(lits_of("a{2}bc"), "abc");
	ck_assert_str_eq(lits_of("a+bc"), "abc");
	ck_assert_str_eq(lits_of("(abc)?d"), "d");
	ck_assert_str_eq(lits_of("x{"), "");
	/* A minimum of zero written with more zeros. */
	ck_assert_str_eq(lits_of("a{00}bc"), "bc");
	ck_assert_str_eq(lits_of("a{000,2}bc"), "bc");
}
END_TEST

START_TEST(test_alternatives)
{
	ck_assert_str_eq(lits_of("两个确立|两个维护"), "两个确立|两个维护");
	ck_assert_str_eq(lits_of("四个(意识|自信)"), "四个");
	ck_assert_str_eq(lits_of("(「)|(」)"), "「|」");
	ck_assert_str_eq(lits_of("x(意识|自信)"), "意识|自信");
	/* One alternative without a requirement: the rule must always run. */
	ck_assert_str_eq(lits_of("abc|.+"), "");
	ck_assert_str_eq(lits_of("(a|)b"), "b");
	/* A way that ends in (*FAIL) never matches: it adds nothing. */
	ck_assert_str_eq(lits_of("(?:“[^“”]*”)(*SKIP)(*F)|四个意识|两个维护"),
			 "四个意识|两个维护");
	ck_assert_str_eq(lits_of("x(*FAIL)|y"), "y");
	ck_assert_str_eq(lits_of("(*SKIP)z"), "z");
}
END_TEST

START_TEST(test_classes)
{
	ck_assert_str_eq(lits_of("[，。]"), "，|。");
	ck_assert_str_eq(lits_of("[ \\x{A0}]+"), " |\xc2\xa0");
	ck_assert_str_eq(lits_of("[^，。]"), "");
	ck_assert_str_eq(lits_of("[a-c]"), "a|b|c");
	ck_assert_str_eq(lits_of("[\\s，]"), "");
	/* With UCP, \\d is any decimal digit, such as U+FF11. */
	ck_assert_str_eq(lits_of("\\d"), "0|1|2|3|4|5|6|7|8|9+high");
	ck_assert_str_eq(lits_of("[]a]"), "]|a");
	/* A long run beats a class of single characters. */
	ck_assert_str_eq(lits_of("[，。]全会"), "全会");
}
END_TEST

START_TEST(test_han)
{
	ck_assert_str_eq(lits_of("\\p{Han}"), "+high");
	ck_assert_str_eq(lits_of("(?<=\\p{sc:Han}),"), ",");
	ck_assert_str_eq(lits_of("[\\p{Han}，]"), "，+high");
	ck_assert_str_eq(lits_of("\\p{L}"), "");
}
END_TEST

/* The second requirement of a one-sequence pattern, as lits_of shows it. */
static char *
second_of(const char *pattern)
{
	static char joined[2048];
	struct zh_required req;
	size_t i;

	joined[0] = '\0';
	if (!zh_required_extract(pattern, &req))
		return joined;
	for (i = 0; i < req.n2; i++) {
		if (i > 0)
			strcat(joined, "|");
		strcat(joined, req.lits2[i]);
	}
	if (req.high2)
		strcat(joined, "+high");
	if (!req.two)
		strcpy(joined, "none");
	zh_required_free(&req);
	return joined;
}

START_TEST(test_two_requirements)
{
	/* A space then one of the marks must be in a matching line: the
	 * pairs, and the marks. */
	ck_assert_str_eq(lits_of("[ ]+(?=[，。])"), " ，| 。");
	ck_assert_str_eq(second_of("[ ]+(?=[，。])"), "，|。");
	ck_assert_str_eq(second_of("(?<=\\p{Han}) +x"), " ");
	ck_assert_str_eq(lits_of("(?<=\\p{Han}) +x"), " x");
	/* With alternatives, no second requirement holds for all. */
	ck_assert_str_eq(second_of("ab c|d e"), "none");
	ck_assert_str_eq(second_of("四个意识"), "none");
	/* Only the parser knows the alternatives: a comment can hide a
	 * real '|' from a plain scan of the text, and a '|' in a comment
	 * is none. */
	ck_assert_str_eq(second_of("(?#[)a|b(?=c)"), "none");
	ck_assert_str_eq(second_of("(?#()a|b(?=c)"), "none");
	ck_assert_str_eq(second_of("(?#|)b(?=c)"), "c");
}
END_TEST

START_TEST(test_escapes)
{
	ck_assert_str_eq(lits_of("\\x{3000}\\x{3000}"), "\xe3\x80\x80\xe3\x80\x80");
	ck_assert_str_eq(lits_of("\\.\\.\\."), "...");
	ck_assert_str_eq(lits_of("a\\tb"), "a\tb");
	/* A backslash before a non-ASCII character leaves it as it is. */
	ck_assert_str_eq(lits_of("\\中文"), "中文");
	ck_assert_str_eq(lits_of("[\\（\\）]"), "（|）");
}
END_TEST

START_TEST(test_gives_up)
{
	ck_assert_str_eq(lits_of("(?i)abc"), "");
	ck_assert_str_eq(lits_of("(?i:abc)"), "");
	ck_assert_str_eq(lits_of("\\Qa.b\\E"), "");
	ck_assert_str_eq(lits_of("(abc)\\1"), "abc");
	ck_assert_str_eq(lits_of("a("), "");
	ck_assert_str_eq(lits_of(""), "");
	/* (*ACCEPT) ends a match before what follows it. */
	ck_assert_str_eq(lits_of("a(*ACCEPT)bcd"), "");
	ck_assert_str_eq(lits_of("(*ACCEPT)xyz"), "");
	/* (?<* is a look-behind, not a named group. */
	ck_assert_str_eq(lits_of("(?<*x)(?:a|q>b)"), "");
	ck_assert_str_eq(lits_of("(?<n>ab)c"), "ab");
}
END_TEST

START_TEST(test_adjacent)
{
	/* A character before or after a set of them, with look-arounds on
	 * either side: every match holds one of the pairs. */
	ck_assert_str_eq(lits_of("(?<=[，。])[ ]+x"), "， |。 ");
	ck_assert_str_eq(lits_of("[^a][ ]+(?=[，。])"), " ，| 。");
	ck_assert_str_eq(lits_of("([，。])[ ]"), "， |。 ");
	ck_assert_str_eq(lits_of("(?:，|。) "), "， |。 ");
	ck_assert_str_eq(lits_of("甲(?=[，。])[，。]"), "甲，|甲。");
	/* Pairs of ASCII characters and no-break spaces alone are not
	 * worth looking for. */
	ck_assert_str_eq(lits_of("[0-9][ ]"), " ");
	ck_assert_str_eq(lits_of("[ \\x{A0}]+(?=[%‰])"), " |\xc2\xa0");
	/* A negative look-around matches no text: the neighbours stay. */
	ck_assert_str_eq(lits_of("[，。](?! )x"), "，x|。x");
	/* An optional atom, one of unknown width, or too many pairs: none. */
	ck_assert_str_eq(lits_of("[，。] ?x"), "，|。");
	ck_assert_str_eq(lits_of("[，。].x"), "，|。");
	ck_assert_str_eq(lits_of("[，。]\\sx"), "，|。");
	ck_assert_str_eq(lits_of("[，。](?:abcd)+"), "abcd");
	ck_assert_str_eq(lits_of("[，。](?=abcd)"), "abcd");
	ck_assert_str_eq(lits_of("[a-z][，。]"), "，|。");
	ck_assert_str_eq(lits_of("[，]\\K 甲"), " 甲");
	/* A look-behind of more than one character says nothing of the
	 * one just before. */
	ck_assert_str_eq(lits_of("(?<=\\p{Han}[”’])[ ]+。"), " 。");
}
END_TEST

START_TEST(test_scan)
{
	struct zh_prefilter *pf = zh_prefilter_new();
	uint64_t bits[2] = { 0, 0 };
	const char *text = "增强四个意识, ok";

	zh_prefilter_add(pf, "四个意识", strlen("四个意识"), 0);
	zh_prefilter_add(pf, "个意", strlen("个意"), 1);	/* inside another */
	zh_prefilter_add(pf, "自信", strlen("自信"), 2);
	zh_prefilter_add(pf, ",", 1, 3);
	zh_prefilter_add(pf, "四", strlen("四"), 70);	/* in the second word */
	zh_prefilter_add(pf, "\xf0\xaf\xa0\x80", 4, 5);	/* U+2F800 */
	zh_prefilter_build(pf);
	ck_assert_int_eq(zh_prefilter_scan(pf, text, strlen(text), bits), 1);
	ck_assert_uint_eq(bits[0], (1ULL << 0) | (1ULL << 1) | (1ULL << 3));
	ck_assert_uint_eq(bits[1], 1ULL << 6);
	bits[0] = bits[1] = 0;
	ck_assert_int_eq(zh_prefilter_scan(pf, "自", strlen("自"), bits), 1);
	ck_assert_uint_eq(bits[0], 0);
	ck_assert_int_eq(zh_prefilter_scan(pf, "ab,c", 4, bits), 0);
	ck_assert_uint_eq(bits[0], 1ULL << 3);
	bits[0] = 0;
	zh_prefilter_scan(pf, "x\xf0\xaf\xa0\x80自自信", strlen("x\xf0\xaf\xa0\x80自自信"), bits);
	ck_assert_uint_eq(bits[0], (1ULL << 2) | (1ULL << 5));
	/* A range: only literals starting in [from, to) count. */
	bits[0] = bits[1] = 0;
	zh_prefilter_scan_range(pf, text, strlen(text), 6, 9, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	ck_assert_uint_eq(bits[1], 1ULL << 6);
	/* Text known to be valid UTF-8 gives the same bits. */
	bits[0] = bits[1] = 0;
	ck_assert_int_eq(zh_prefilter_scan_valid(pf, text, strlen(text), 0,
						 strlen(text), bits), 1);
	ck_assert_uint_eq(bits[0], (1ULL << 0) | (1ULL << 1) | (1ULL << 3));
	ck_assert_uint_eq(bits[1], 1ULL << 6);
	bits[0] = bits[1] = 0;
	zh_prefilter_scan_valid(pf, "x\xf0\xaf\xa0\x80自自信", strlen("x\xf0\xaf\xa0\x80自自信"),
				0, strlen("x\xf0\xaf\xa0\x80自自信"), bits);
	ck_assert_uint_eq(bits[0], (1ULL << 2) | (1ULL << 5));
	ck_assert_uint_eq(zh_prefilter_maxlen(pf), strlen("四个意识"));
	zh_prefilter_free(pf);
}
END_TEST

/* With no ASCII key at all, runs of ASCII are passed over eight bytes at
 * a time: a key right after a run of any length, or inside one, is still
 * found, and a run to the end of the text ends the scan. */
START_TEST(test_scan_no_ascii_keys)
{
	struct zh_prefilter *pf = zh_prefilter_new();
	char text[64];
	uint64_t bits[1];
	size_t k, j;

	zh_prefilter_add(pf, "錶", strlen("錶"), 0);
	zh_prefilter_add(pf, "碼錶", strlen("碼錶"), 1);
	zh_prefilter_build(pf);
	for (k = 0; k <= 20; k++) {
		for (j = 0; j < k; j++)
			text[j] = (char)('a' + j % 26);
		strcpy(text + k, "碼錶");
		bits[0] = 0;
		ck_assert_int_eq(zh_prefilter_scan(pf, text, strlen(text), bits), 1);
		ck_assert_msg(bits[0] == 3, "after %zu ASCII bytes: %llx", k,
			      (unsigned long long)bits[0]);
		bits[0] = 0;
		zh_prefilter_scan_valid(pf, text, strlen(text), 0, strlen(text), bits);
		ck_assert_uint_eq(bits[0], 3);
		/* The key between two runs. */
		strcpy(text + k, "錶abcdefghijklmnop");
		bits[0] = 0;
		zh_prefilter_scan(pf, text, strlen(text), bits);
		ck_assert_uint_eq(bits[0], 1);
		text[k] = '\0';
		bits[0] = 0;
		ck_assert_int_eq(zh_prefilter_scan(pf, text, k, bits), 0);
		ck_assert_uint_eq(bits[0], 0);
	}
	zh_prefilter_free(pf);
}
END_TEST

/* How far from a byte the key of a literal that holds it may be, over the
 * literals of an id and above; a scan of the keys in a range. */
START_TEST(test_reach)
{
	struct zh_prefilter *pf = zh_prefilter_new();
	uint64_t bits[1] = { 0 };
	size_t before, after;

	zh_prefilter_add(pf, "四个意识", strlen("四个意识"), 0);
	zh_prefilter_add(pf, "ab，", strlen("ab，"), 2);	/* key "，" */
	zh_prefilter_add(pf, "自", strlen("自"), 3);
	zh_prefilter_build(pf);
	zh_prefilter_reach(pf, 0, &before, &after);
	ck_assert_uint_eq(before, strlen("四个意识") - 1);
	ck_assert_uint_eq(after, 2);
	zh_prefilter_reach(pf, 1, &before, &after);
	ck_assert_uint_eq(before, strlen("，") - 1);
	ck_assert_uint_eq(after, 2);
	zh_prefilter_reach(pf, 3, &before, &after);
	ck_assert_uint_eq(before, strlen("自") - 1);
	ck_assert_uint_eq(after, 0);
	zh_prefilter_reach(pf, 4, &before, &after);
	ck_assert_uint_eq(before, 0);
	ck_assert_uint_eq(after, 0);
	/* "ab，自": the keys "，" (at 2) and "自" (at 5). */
	ck_assert_int_eq(zh_prefilter_scan_keys(pf, "ab，自", strlen("ab，自"),
						0, 2, 1, bits), 0);
	ck_assert_uint_eq(bits[0], 0);
	ck_assert_int_eq(zh_prefilter_scan_keys(pf, "ab，自", strlen("ab，自"),
						2, 3, 1, bits), 1);
	ck_assert_uint_eq(bits[0], 1ULL << 2);
	ck_assert_int_eq(zh_prefilter_scan_keys(pf, "ab，自", strlen("ab，自"),
						5, 8, 0, bits), 1);
	ck_assert_uint_eq(bits[0], (1ULL << 2) | (1ULL << 3));
	zh_prefilter_free(pf);
}
END_TEST

/* A literal that starts with ASCII is looked up at its first other
 * character, and what comes before is compared in place. */
START_TEST(test_scan_ascii_first)
{
	struct zh_prefilter *pf = zh_prefilter_new();
	uint64_t bits[1] = { 0 };

	zh_prefilter_add(pf, " ，", strlen(" ，"), 0);
	zh_prefilter_add(pf, "ab中", strlen("ab中"), 1);
	zh_prefilter_add(pf, "ab", 2, 2);
	zh_prefilter_build(pf);
	zh_prefilter_scan(pf, "x ，y", strlen("x ，y"), bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	bits[0] = 0;
	zh_prefilter_scan(pf, " ，", strlen(" ，"), bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	bits[0] = 0;
	/* The key at the very start: nothing before it to compare. */
	zh_prefilter_scan(pf, "，，x，", strlen("，，x，"), bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan(pf, "-ab中", strlen("-ab中"), bits);
	ck_assert_uint_eq(bits[0], (1ULL << 1) | (1ULL << 2));
	bits[0] = 0;
	zh_prefilter_scan(pf, "b中", strlen("b中"), bits);
	ck_assert_uint_eq(bits[0], 0);
	/* In a range: a literal that starts in it is found, though its
	 * key is past the end. */
	zh_prefilter_scan_range(pf, "x ，y", strlen("x ，y"), 0, 2, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	bits[0] = 0;
	zh_prefilter_scan_range(pf, "，x ，", strlen("，x ，"), 0, 3, bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan_range(pf, "，x ，", strlen("，x ，"), 0, 5, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	zh_prefilter_free(pf);
}
END_TEST

START_TEST(test_scan_all_common)
{
	struct zh_prefilter *pf = zh_prefilter_new();
	uint64_t bits[2] = { 0, 0 };
	char big[600];
	size_t i;

	/* Literals of only common characters are looked up by their least
	 * common one ('p' of "https", '/' of "a/b", the no-break space),
	 * wherever it is; one-character ones of ASCII at the end of a scan. */
	zh_prefilter_add(pf, "https", 5, 0);
	zh_prefilter_add(pf, "a/b", 3, 1);
	zh_prefilter_add(pf, "x\xc2\xa0y", 4, 2);
	zh_prefilter_add(pf, "e", 1, 3);
	zh_prefilter_add(pf, "ee", 2, 4);
	zh_prefilter_add(pf, "，", strlen("，"), 5);
	zh_prefilter_add(pf, "，，", strlen("，，"), 6);
	zh_prefilter_add(pf, "z", 1, 7);
	zh_prefilter_add(pf, "Z", 1, 8);
	zh_prefilter_add(pf, "、ab", strlen("、ab"), 9);
	zh_prefilter_add(pf, "、ac", strlen("、ac"), 10);
	zh_prefilter_build(pf);
	zh_prefilter_scan(pf, "https", 5, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	bits[0] = 0;
	zh_prefilter_scan(pf, "http", 4, bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan(pf, "ttps", 4, bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan(pf, "a/ba/c", 6, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 1);
	bits[0] = 0;
	zh_prefilter_scan(pf, "/b", 2, bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan(pf, "-x\xc2\xa0y", 5, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 2);
	bits[0] = 0;
	zh_prefilter_scan(pf, "x\xc2\xa0w", 4, bits);
	ck_assert_uint_eq(bits[0], 0);
	zh_prefilter_scan(pf, "ab e", 4, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 3);
	bits[0] = 0;
	/* A literal found once is passed over, not the others of its key. */
	zh_prefilter_scan(pf, "、ab、ac", strlen("、ab、ac"), bits);
	ck_assert_uint_eq(bits[0], (1ULL << 9) | (1ULL << 10));
	bits[0] = 0;
	zh_prefilter_scan(pf, "zaz", 3, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 7);
	bits[0] = 0;
	zh_prefilter_scan_range(pf, "Zz", 2, 1, 2, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 7);
	bits[0] = 0;
	/* A key in a range, its literal starting before the range. */
	zh_prefilter_scan_range(pf, "xxhttps", 7, 2, 3, bits);
	ck_assert_uint_eq(bits[0], 1ULL << 0);
	bits[0] = 0;
	/* A long line: each key in full only until all its literals are
	 * found; a literal found late still counts. */
	for (i = 0; i + 3 <= sizeof big - 10; i += 3)
		memcpy(big + i, "，", 3);
	memcpy(big + i, "ee", 2);
	zh_prefilter_scan(pf, big, i + 2, bits);
	ck_assert_uint_eq(bits[0], (1ULL << 3) | (1ULL << 4) | (1ULL << 5) | (1ULL << 6));
	bits[0] = 0;
	memcpy(big, "x，", 4);
	for (i = 4; i + 4 <= sizeof big - 10; i += 4)
		memcpy(big + i, "x，", 4);
	memcpy(big + i, "，，", 6);
	zh_prefilter_scan(pf, big, i + 6, bits);
	ck_assert_uint_eq(bits[0], (1ULL << 5) | (1ULL << 6));
	zh_prefilter_free(pf);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("literals");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_plain_and_lookaround);
	tcase_add_test(tc, test_quantifiers);
	tcase_add_test(tc, test_alternatives);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_han);
	tcase_add_test(tc, test_two_requirements);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_gives_up);
	tcase_add_test(tc, test_adjacent);
	suite_add_tcase(s, tc);
	tc = tcase_create("scan");
	tcase_add_test(tc, test_scan);
	tcase_add_test(tc, test_reach);
	tcase_add_test(tc, test_scan_ascii_first);
	tcase_add_test(tc, test_scan_all_common);
	tcase_add_test(tc, test_scan_no_ascii_keys);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
