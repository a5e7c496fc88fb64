/*
 * check_utf8.c - unit tests of UTF-8 validation and decoding (utf8.c).
 *
 * Every expected value below follows from RFC 3629, not from the code.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Checks that S[0..N) starts with a valid sequence of length LEN for CP. */
static void
expect_valid(const char *s, size_t n, int len, uint32_t cp)
{
	uint32_t got = 0xFFFFFFFFu;

	ck_assert_int_eq(zh_utf8_seqlen(s, n), len);
	ck_assert_int_eq(zh_utf8_decode(s, n, &got), len);
	ck_assert_msg(got == cp, "decoded U+%04X, want U+%04X",
		      (unsigned)got, (unsigned)cp);
	ck_assert_uint_eq(zh_utf8_valid_prefix(s, n), n);
}

/* Checks that S[0..N) does not start with a valid sequence, and that
 * decoding it gives the first byte as *CP. */
static void
expect_invalid(const char *s, size_t n)
{
	uint32_t got = 0xFFFFFFFFu;

	ck_assert_int_eq(zh_utf8_seqlen(s, n), 0);
	ck_assert_int_eq(zh_utf8_decode(s, n, &got), 0);
	if (n > 0)
		ck_assert_uint_eq(got, (unsigned char)s[0]);
	ck_assert_uint_eq(zh_utf8_valid_prefix(s, n), 0);
}

START_TEST(test_valid_one_byte)
{
	expect_valid("A", 1, 1, 0x41);
	expect_valid("\x7f", 1, 1, 0x7F);
	/* A NUL byte is a valid one-byte character. */
	expect_valid("\0", 1, 1, 0);
	/* Only the first sequence counts: "ab" is 'a' then 'b'. */
	ck_assert_int_eq(zh_utf8_seqlen("ab", 2), 1);
}
END_TEST

START_TEST(test_valid_two_bytes)
{
	expect_valid("\xc2\x80", 2, 2, 0x80);		/* smallest 2-byte */
	expect_valid("\xc3\xa9", 2, 2, 0xE9);		/* é */
	expect_valid("\xdf\xbf", 2, 2, 0x7FF);		/* largest 2-byte */
}
END_TEST

START_TEST(test_valid_three_bytes)
{
	expect_valid("\xe0\xa0\x80", 3, 3, 0x800);	/* smallest 3-byte */
	expect_valid("\xe6\xb1\x89", 3, 3, 0x6C49);	/* 汉 */
	expect_valid("\xe3\x80\x82", 3, 3, 0x3002);	/* 。 */
	expect_valid("\xed\x9f\xbf", 3, 3, 0xD7FF);	/* just below surrogates */
	expect_valid("\xee\x80\x80", 3, 3, 0xE000);	/* just above them */
	expect_valid("\xef\xbb\xbf", 3, 3, 0xFEFF);	/* BOM */
	expect_valid("\xef\xbf\xbf", 3, 3, 0xFFFF);	/* largest 3-byte */
}
END_TEST

START_TEST(test_valid_four_bytes)
{
	expect_valid("\xf0\x90\x80\x80", 4, 4, 0x10000);	/* smallest 4-byte */
	expect_valid("\xf0\x9f\x98\x80", 4, 4, 0x1F600);	/* 😀 */
	expect_valid("\xf0\xa0\x80\x80", 4, 4, 0x20000);	/* 𠀀 */
	expect_valid("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF);	/* largest */
}
END_TEST

START_TEST(test_overlong)
{
	expect_invalid("\xc0\x80", 2);			/* U+0000 in 2 bytes */
	expect_invalid("\xc1\xbf", 2);			/* U+007F in 2 bytes */
	expect_invalid("\xe0\x80\x80", 3);		/* U+0000 in 3 bytes */
	expect_invalid("\xe0\x9f\xbf", 3);		/* U+07FF in 3 bytes */
	expect_invalid("\xf0\x80\x80\x80", 4);		/* U+0000 in 4 bytes */
	expect_invalid("\xf0\x8f\xbf\xbf", 4);		/* U+FFFF in 4 bytes */
}
END_TEST

START_TEST(test_surrogates)
{
	expect_invalid("\xed\xa0\x80", 3);		/* U+D800 */
	expect_invalid("\xed\xaf\xbf", 3);		/* U+DBFF */
	expect_invalid("\xed\xb0\x80", 3);		/* U+DC00 */
	expect_invalid("\xed\xbf\xbf", 3);		/* U+DFFF */
	/* A CESU-8 style pair is two invalid sequences. */
	expect_invalid("\xed\xa0\xbd\xed\xb8\x80", 6);
}
END_TEST

START_TEST(test_above_max)
{
	expect_invalid("\xf4\x90\x80\x80", 4);		/* U+110000 */
	expect_invalid("\xf4\xbf\xbf\xbf", 4);		/* U+13FFFF */
	expect_invalid("\xf5\x80\x80\x80", 4);
	expect_invalid("\xf7\xbf\xbf\xbf", 4);
	expect_invalid("\xf8\x88\x80\x80\x80", 5);	/* old 5-byte form */
	expect_invalid("\xfc\x84\x80\x80\x80\x80", 6);	/* old 6-byte form */
	expect_invalid("\xfe", 1);
	expect_invalid("\xff", 1);
}
END_TEST

START_TEST(test_stray_continuation)
{
	expect_invalid("\x80", 1);
	expect_invalid("\xbf", 1);
	expect_invalid("\x80\x80\x80", 3);
	/* A lead followed by a non-continuation byte. */
	expect_invalid("\xc2\x41", 2);
	expect_invalid("\xe6\x41\x89", 3);
	expect_invalid("\xe6\xb1\x41", 3);
	expect_invalid("\xf0\x9f\x98\x41", 4);
	expect_invalid("\xc2\xc2\x80", 3);
	/* One continuation byte too many: the sequence is valid, the
	 * extra byte is not. */
	ck_assert_int_eq(zh_utf8_seqlen("\xc3\xa9\xa9", 3), 2);
	ck_assert_uint_eq(zh_utf8_valid_prefix("\xc3\xa9\xa9", 3), 2);
}
END_TEST

START_TEST(test_truncated)
{
	expect_invalid("", 0);
	expect_invalid("\xc2", 1);
	expect_invalid("\xe6", 1);
	expect_invalid("\xe6\xb1", 2);
	expect_invalid("\xf0", 1);
	expect_invalid("\xf0\x9f", 2);
	expect_invalid("\xf0\x9f\x98", 3);
	/* N limits the sequence even when more bytes follow in memory. */
	expect_invalid("\xe6\xb1\x89", 2);
	expect_invalid("\xf0\x9f\x98\x80", 3);
	/* Truncated at the end of a longer text. */
	ck_assert_uint_eq(zh_utf8_valid_prefix("ab\xe6\xb1\x89\xe5\xad", 7), 5);
	ck_assert_uint_eq(zh_utf8_valid_prefix("abcdefghij\xf0\x9f\x98", 13), 10);
}
END_TEST

/* Fills BUF[0..LEN) with ASCII and puts BAD[0..BADLEN) at offset AT. */
static void
fill(char *buf, size_t len, size_t at, const char *bad, size_t badlen)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)('a' + i % 26);
	memcpy(buf + at, bad, badlen);
}

START_TEST(test_prefix_ascii_runs)
{
	static const struct {
		const char *bytes;
		size_t len;
	} bad[] = {
		{ "\xff", 1 },
		{ "\x80", 1 },
		{ "\xc0\x80", 2 },
		{ "\xed\xa0\x80", 3 },
		{ "\xf4\x90\x80\x80", 4 },
		{ "\xe6\x41\x89", 3 },
	};
	char buf[64];
	size_t at, len, k, shift;

	/* All ASCII, of every length up to 40 and at every alignment. */
	for (shift = 0; shift < 8; shift++)
		for (len = 0; len <= 40; len++) {
			fill(buf + shift, len, 0, "", 0);
			ck_assert_uint_eq(zh_utf8_valid_prefix(buf + shift, len),
					  len);
		}
	/* An error at each offset 0..20 of an ASCII run, with 0 to 20 more
	 * ASCII bytes after it, at every alignment. */
	for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
		for (at = 0; at <= 20; at++)
			for (len = at + bad[k].len; len <= at + bad[k].len + 20;
			     len++)
				for (shift = 0; shift < 8; shift++) {
					fill(buf + shift, len, at, bad[k].bytes,
					     bad[k].len);
					ck_assert_msg(zh_utf8_valid_prefix(buf + shift, len) == at,
						      "bad %zu at %zu of %zu (shift %zu): got %zu",
						      k, at, len, shift,
						      zh_utf8_valid_prefix(buf + shift, len));
				}
	/* A sequence truncated by the end of the text, after 0..20 ASCII
	 * bytes. */
	for (at = 0; at <= 20; at++) {
		fill(buf, at + 2, at, "\xe6\xb1", 2);
		ck_assert_uint_eq(zh_utf8_valid_prefix(buf, at + 2), at);
		fill(buf, at + 3, at, "\xf0\x9f\x98", 3);
		ck_assert_uint_eq(zh_utf8_valid_prefix(buf, at + 3), at);
	}
}
END_TEST

START_TEST(test_prefix_mixed)
{
	/* 汉 (3 bytes), 10 ASCII bytes, then an invalid byte: offset 13. */
	static const char a[] = "\xe6\xb1\x89" "0123456789" "\xff" "abcdefghij";
	/* Valid multi-byte characters around long ASCII runs. */
	static const char b[] = "abcdefghijk\xe5\xad\x97lmnopqrstuvw\xf0\x9f\x98\x80xyz";
	/* An error right after a run of exactly 8 and 16 ASCII bytes. */
	static const char c[] = "abcdefgh\x80";
	static const char d[] = "abcdefghijklmnop\xc1\x81";
	/* An error after a valid multi-byte character that ends at 8. */
	static const char e[] = "abcde\xe6\xb1\x89\xe6\xb1";

	ck_assert_uint_eq(zh_utf8_valid_prefix(a, sizeof a - 1), 13);
	ck_assert_uint_eq(zh_utf8_valid_prefix(b, sizeof b - 1), sizeof b - 1);
	ck_assert_uint_eq(zh_utf8_valid_prefix(c, sizeof c - 1), 8);
	ck_assert_uint_eq(zh_utf8_valid_prefix(d, sizeof d - 1), 16);
	ck_assert_uint_eq(zh_utf8_valid_prefix(e, sizeof e - 1), 8);
	/* NUL bytes are valid. */
	ck_assert_uint_eq(zh_utf8_valid_prefix("a\0b\0\0\0\0\0\0\0\0\0c", 13), 13);
	ck_assert_uint_eq(zh_utf8_valid_prefix("", 0), 0);
}
END_TEST

/* Three-byte sequences after K characters of Han and before more: the
 * long runs of Chinese text, where the checks of the lead byte's edge
 * cases (E0 and ED, RFC 3629's table) matter most. */
START_TEST(test_prefix_after_han)
{
	static const char *const bad[] = {
		"\xe0\x80\x80", "\xe0\x9f\xbf",	/* overlong */
		"\xed\xa0\x80", "\xed\xbf\xbf",	/* surrogates */
		"\xe6\x41\x89", "\xe6\xb1\xc0",	/* not a continuation */
		"\xe6\xb1\xe6", "\xc0\xaf\x41", "\xf5\x80\x80",
	};
	static const char *const good[] = {
		"\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80",
		"\xef\xbf\xbf", "\xe1\x80\x80", "\xec\xbf\xbf",
	};
	char buf[64];
	size_t k, j, n;

	for (k = 0; k <= 5; k++) {
		for (j = 0; j < sizeof bad / sizeof *bad; j++) {
			for (n = 0; n < k; n++)
				memcpy(buf + 3 * n, "\xe6\xb1\x89", 3);
			memcpy(buf + 3 * k, bad[j], 3);
			memcpy(buf + 3 * k + 3, "\xe5\xad\x97\xe5\xad\x97\xe5\xad\x97", 9);
			ck_assert_msg(zh_utf8_valid_prefix(buf, 3 * k + 12) == 3 * k,
				      "bad sequence %zu after %zu Han: %zu", j, k,
				      zh_utf8_valid_prefix(buf, 3 * k + 12));
		}
		for (j = 0; j < sizeof good / sizeof *good; j++) {
			for (n = 0; n < k; n++)
				memcpy(buf + 3 * n, "\xe6\xb1\x89", 3);
			memcpy(buf + 3 * k, good[j], 3);
			memcpy(buf + 3 * k + 3, "\xe5\xad\x97\xe5\xad\x97\xe5\xad\x97", 9);
			ck_assert_uint_eq(zh_utf8_valid_prefix(buf, 3 * k + 12), 3 * k + 12);
		}
	}
}
END_TEST

START_TEST(test_count)
{
	ck_assert_uint_eq(zh_utf8_count("", 0), 0);
	ck_assert_uint_eq(zh_utf8_count("abc", 3), 3);
	ck_assert_uint_eq(zh_utf8_count("\xe6\xb1\x89\xe5\xad\x97", 6), 2);	/* 汉字 */
	ck_assert_uint_eq(zh_utf8_count("a\xc3\xa9\xe6\xb1\x89\xf0\x9f\x98\x80", 10), 4);
	/* Each invalid byte counts as one character. */
	ck_assert_uint_eq(zh_utf8_count("a\xff" "b", 3), 3);
	ck_assert_uint_eq(zh_utf8_count("\xe6\xb1", 2), 2);
	ck_assert_uint_eq(zh_utf8_count("\xc0\x80", 2), 2);
	ck_assert_uint_eq(zh_utf8_count("\xed\xa0\x80", 3), 3);
	ck_assert_uint_eq(zh_utf8_count("\xf0\x9f\x98" "x", 4), 4);
	/* N limits the count: 汉字 cut inside 字 is 汉 plus two bytes. */
	ck_assert_uint_eq(zh_utf8_count("\xe6\xb1\x89\xe5\xad\x97", 5), 3);
	/* NUL is a character. */
	ck_assert_uint_eq(zh_utf8_count("a\0b", 3), 3);
}
END_TEST

START_TEST(test_lead_len)
{
	ck_assert_int_eq(zh_utf8_lead_len('A'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\0'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\x7f'), 1);
	/* Continuation bytes. */
	ck_assert_int_eq(zh_utf8_lead_len('\x80'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\xbf'), 1);
	/* Leads. */
	ck_assert_int_eq(zh_utf8_lead_len('\xc2'), 2);
	ck_assert_int_eq(zh_utf8_lead_len('\xdf'), 2);
	ck_assert_int_eq(zh_utf8_lead_len('\xe0'), 3);
	ck_assert_int_eq(zh_utf8_lead_len('\xe6'), 3);
	ck_assert_int_eq(zh_utf8_lead_len('\xef'), 3);
	ck_assert_int_eq(zh_utf8_lead_len('\xf0'), 4);
	ck_assert_int_eq(zh_utf8_lead_len('\xf4'), 4);
}
END_TEST

START_TEST(test_lead_len_invalid)
{
	/* Bytes that start no sequence in any form of UTF-8 with at most
	 * four bytes claim no continuation bytes (utf8.h: "1 for ASCII,
	 * continuation and invalid bytes"). */
	ck_assert_int_eq(zh_utf8_lead_len('\xf8'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\xfc'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\xfe'), 1);
	ck_assert_int_eq(zh_utf8_lead_len('\xff'), 1);
}
END_TEST

START_TEST(test_char_start)
{
	/* a 汉 b: 'a' at 0, 汉 at 1..3, 'b' at 4. */
	static const char s[] = "a\xe6\xb1\x89" "b";
	/* 😀 at 0..3, 'x' at 4, 字 at 5..7. */
	static const char t[] = "\xf0\x9f\x98\x80" "x\xe5\xad\x97";

	ck_assert_uint_eq(zh_utf8_char_start(s, 5, 0), 0);
	ck_assert_uint_eq(zh_utf8_char_start(s, 5, 1), 1);
	ck_assert_uint_eq(zh_utf8_char_start(s, 5, 2), 1);
	ck_assert_uint_eq(zh_utf8_char_start(s, 5, 3), 1);
	ck_assert_uint_eq(zh_utf8_char_start(s, 5, 4), 4);

	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 0), 0);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 1), 0);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 2), 0);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 3), 0);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 4), 4);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 5), 5);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 6), 5);
	ck_assert_uint_eq(zh_utf8_char_start(t, 8, 7), 5);
}
END_TEST

START_TEST(test_char_start_truncated)
{
	/* A character cut by the end of the text still starts at its lead. */
	ck_assert_uint_eq(zh_utf8_char_start("ab\xe6\xb1", 4, 3), 2);
	ck_assert_uint_eq(zh_utf8_char_start("ab\xe6\xb1", 4, 2), 2);
	ck_assert_uint_eq(zh_utf8_char_start("\xf0\x9f\x98", 3, 2), 0);
	ck_assert_uint_eq(zh_utf8_char_start("\xf0\x9f", 2, 1), 0);
}
END_TEST

START_TEST(test_char_start_stray)
{
	/* Stray continuation bytes belong to no lead: each is its own start. */
	ck_assert_uint_eq(zh_utf8_char_start("a\x80" "b", 3, 1), 1);
	ck_assert_uint_eq(zh_utf8_char_start("\x80\x80\x80\x80", 4, 3), 3);
	ck_assert_uint_eq(zh_utf8_char_start("\x80\x80\x80\x80", 4, 0), 0);
	/* A continuation byte beyond what its lead claims. */
	ck_assert_uint_eq(zh_utf8_char_start("\xc3\xa9\xa9", 3, 2), 2);
	ck_assert_uint_eq(zh_utf8_char_start("\xe6\xb1\x89\x89", 4, 3), 3);
	/* A lead more than three bytes back is too far. */
	ck_assert_uint_eq(zh_utf8_char_start("\xf0\x80\x80\x80\x80", 5, 4), 4);
	/* A continuation byte after ASCII. */
	ck_assert_uint_eq(zh_utf8_char_start("ab\xb1\x89", 4, 3), 3);
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *valid = tcase_create("valid");
	TCase *invalid = tcase_create("invalid");
	TCase *prefix = tcase_create("valid_prefix");
	TCase *helpers = tcase_create("helpers");

	tcase_add_test(valid, test_valid_one_byte);
	tcase_add_test(valid, test_valid_two_bytes);
	tcase_add_test(valid, test_valid_three_bytes);
	tcase_add_test(valid, test_valid_four_bytes);
	suite_add_tcase(s, valid);

	tcase_add_test(invalid, test_overlong);
	tcase_add_test(invalid, test_surrogates);
	tcase_add_test(invalid, test_above_max);
	tcase_add_test(invalid, test_stray_continuation);
	tcase_add_test(invalid, test_truncated);
	suite_add_tcase(s, invalid);

	tcase_add_test(prefix, test_prefix_ascii_runs);
	tcase_add_test(prefix, test_prefix_mixed);
	tcase_add_test(prefix, test_prefix_after_han);
	suite_add_tcase(s, prefix);

	tcase_add_test(helpers, test_count);
	tcase_add_test(helpers, test_lead_len);
	tcase_add_test(helpers, test_lead_len_invalid);
	tcase_add_test(helpers, test_char_start);
	tcase_add_test(helpers, test_char_start_truncated);
	tcase_add_test(helpers, test_char_start_stray);
	suite_add_tcase(s, helpers);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(utf8_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
