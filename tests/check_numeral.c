/*
 * check_numeral.c - unit tests of the template transforms (numeral.h).
 *
 * Expected values are written out by hand.  Each transform appends to a
 * buffer that already holds a prefix, so that a test also sees that output
 * is appended and that a refusal leaves the buffer as it was.
 */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeral.h"

#define PREFIX	"<"

/* Digits of the numbers made of zeros and one other digit. */
#define MAXBITS	16

/* Runs FN on IN[0..LEN) after PREFIX; returns its result, output in B. */
static int
run(zh_transform_fn fn, const char *in, size_t len, struct zh_buf *b)
{
	zh_buf_init(b);
	zh_buf_puts(b, PREFIX);
	return fn(in, len, b);
}

#define OK_LEN(fn, in, n, want) do {					\
	struct zh_buf b_;						\
	ck_assert_int_eq(run((fn), (in), (n), &b_), 0);		\
	ck_assert_str_eq(zh_buf_cstr(&b_), PREFIX want);		\
	zh_buf_free(&b_);						\
} while (0)

#define OK(fn, in, want)	OK_LEN(fn, in, strlen(in), want)

#define REFUSE_LEN(fn, in, n) do {					\
	struct zh_buf b_;						\
	ck_assert_int_eq(run((fn), (in), (n), &b_), -1);		\
	ck_assert_uint_eq(b_.len, strlen(PREFIX));			\
	ck_assert_str_eq(zh_buf_cstr(&b_), PREFIX);			\
	zh_buf_free(&b_);						\
} while (0)

#define REFUSE(fn, in)		REFUSE_LEN(fn, in, strlen(in))

/* Returns FN applied to IN (NUL-terminated) as a new string, or NULL. */
static char *
apply(zh_transform_fn fn, const char *in)
{
	struct zh_buf b = ZH_BUF_INIT;

	if (fn(in, strlen(in), &b) < 0) {
		zh_buf_free(&b);
		return NULL;
	}
	return zh_buf_detach(&b, NULL);
}

/* Checks arabic(hanzi(S)) == S. */
static void
round_trip(const char *s)
{
	char *h, *a;

	h = apply(zh_transform_hanzi, s);
	ck_assert_msg(h != NULL, "hanzi refused %s", s);
	a = apply(zh_transform_arabic, h);
	ck_assert_msg(a != NULL, "arabic refused %s (from %s)", h, s);
	ck_assert_msg(strcmp(a, s) == 0, "%s -> %s -> %s", s, h, a);
	free(h);
	free(a);
}

static void
round_trip_u64(uint64_t n)
{
	char s[32];

	snprintf(s, sizeof s, "%" PRIu64, n);
	round_trip(s);
}

/* A fixed pseudo-random sequence (an LCG), so that runs are repeatable. */
static uint64_t
next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 11;
}

START_TEST(test_halfwidth)
{
	zh_transform_fn f = zh_transform_halfwidth;

	OK(f, "", "");
	OK(f, "abc 123", "abc 123");
	OK(f, "ＡＢＣ１２３", "ABC123");
	OK(f, "！～", "!~");
	OK(f, "ａｚＡＺ０９", "azAZ09");
	OK(f, "全角　空格", "全角 空格");
	OK(f, "中文，不变", "中文,不变");
	OK(f, "（Ｑ＆Ａ）", "(Q&A)");
	/* U+FF5F and the halfwidth katakana are outside the range. */
	OK(f, "｟ｱ￥", "｟ｱ￥");
	OK(f, "中文不变", "中文不变");
	OK(f, "\t\n", "\t\n");
}
END_TEST

START_TEST(test_halfwidth_nul)
{
	struct zh_buf b = ZH_BUF_INIT;

	/* A NUL is an ordinary character inside IN[0..LEN). */
	ck_assert_int_eq(zh_transform_halfwidth("Ａ\0Ｂ", 7, &b), 0);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_int_eq(memcmp(b.data, "A\0B", 3), 0);
	zh_buf_free(&b);
}
END_TEST

START_TEST(test_halfwidth_refuse)
{
	zh_transform_fn f = zh_transform_halfwidth;
	struct zh_buf b = ZH_BUF_INIT;

	REFUSE(f, "\xff");
	REFUSE(f, "Ａ\x80");
	REFUSE(f, "\xc0\xaf");		/* overlong '/' */
	REFUSE(f, "\xe0\x80\xaf");	/* overlong '/' */
	REFUSE(f, "\xed\xa0\x80");	/* surrogate U+D800 */
	REFUSE(f, "\xf4\x90\x80\x80");	/* U+110000 */
	REFUSE(f, "ＡＢ\xe4\xb8");	/* truncated 中 */
	REFUSE_LEN(f, "\xef\xbc\xa1", 2);
	/* An empty buffer stays unallocated. */
	ck_assert_int_eq(f("\xff", 1, &b), -1);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_fullwidth)
{
	zh_transform_fn f = zh_transform_fullwidth;

	OK(f, "", "");
	OK(f, "ABC 123!~", "ＡＢＣ　１２３！～");
	OK(f, "a,b.", "ａ，ｂ．");
	OK(f, "中文", "中文");
	OK(f, "\t\n", "\t\n");
	OK(f, "x中y", "ｘ中ｙ");
	OK(f, "ＡＢ", "ＡＢ");
	REFUSE(f, "a\xff");
	REFUSE(f, "\xc0\xaf");
	REFUSE(f, "\xed\xbf\xbf");
}
END_TEST

START_TEST(test_width_round_trip)
{
	char c[2] = { 0, 0 }, *w, *h;
	int i;

	for (i = 0x20; i <= 0x7E; i++) {
		c[0] = (char)i;
		w = apply(zh_transform_fullwidth, c);
		ck_assert_ptr_nonnull(w);
		ck_assert_uint_eq(strlen(w), 3);
		h = apply(zh_transform_halfwidth, w);
		ck_assert_ptr_nonnull(h);
		ck_assert_str_eq(h, c);
		free(w);
		free(h);
	}
}
END_TEST

START_TEST(test_hanzi)
{
	zh_transform_fn f = zh_transform_hanzi;

	OK(f, "0", "零");
	OK(f, "7", "七");
	OK(f, "10", "十");
	OK(f, "13", "十三");
	OK(f, "20", "二十");
	OK(f, "22", "二十二");
	OK(f, "99", "九十九");
	OK(f, "100", "一百");
	OK(f, "105", "一百零五");
	OK(f, "110", "一百一十");
	OK(f, "111", "一百一十一");
	OK(f, "1000", "一千");
	OK(f, "1005", "一千零五");
	OK(f, "1050", "一千零五十");
	OK(f, "2000", "二千");
	OK(f, "10000", "一万");
	OK(f, "10010", "一万零一十");
	OK(f, "11000", "一万一千");
	OK(f, "100000", "十万");
	OK(f, "100010", "十万零一十");
	OK(f, "150000", "十五万");
	OK(f, "1000001", "一百万零一");
	OK(f, "1001000", "一百万一千");
	OK(f, "10001000", "一千万一千");
	OK(f, "10000100", "一千万零一百");
	OK(f, "20000000", "二千万");
	OK(f, "20030000", "二千零三万");
	OK(f, "100000000", "一亿");
	OK(f, "100000001", "一亿零一");
	OK(f, "100001000", "一亿零一千");
	OK(f, "100100000", "一亿零一十万");
	OK(f, "120000000", "一亿二千万");
	OK(f, "300010000", "三亿零一万");
	OK(f, "1000000000", "十亿");
	OK(f, "5000000500", "五十亿零五百");
	OK(f, "100100000000", "一千零一亿");
	OK(f, "1000000000000", "一万亿");
	OK(f, "1000100000000", "一万零一亿");
	OK(f, "1000000000001", "一万亿零一");
	OK(f, "10000000000000", "十万亿");
	OK(f, "9999999999999999",
	   "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九");
}
END_TEST

START_TEST(test_hanzi_forms)
{
	zh_transform_fn f = zh_transform_hanzi;

	OK(f, "3.5", "三点五");
	OK(f, "0.25", "零点二五");
	OK(f, "95.06", "九十五点零六");
	OK(f, "3.50", "三点五零");
	OK(f, "10.0", "十点零");
	OK(f, "-3", "负三");
	OK(f, "-0.5", "负零点五");
	OK(f, "-110", "负一百一十");
	OK(f, "1,234", "一千二百三十四");
	OK(f, "1,000,000", "一百万");
	OK(f, "12,345.67", "一万二千三百四十五点六七");
	OK(f, "１２", "十二");
	OK(f, "２０２４", "二千零二十四");
	OK(f, "１.５", "一点五");
	OK(f, "１,０００", "一千");
}
END_TEST

START_TEST(test_hanzi_refuse)
{
	zh_transform_fn f = zh_transform_hanzi;

	REFUSE(f, "");
	REFUSE(f, "-");
	REFUSE(f, "--1");
	REFUSE(f, "+1");
	REFUSE(f, "05");
	REFUSE(f, "00");
	REFUSE(f, "0,100");
	REFUSE(f, "1,00");
	REFUSE(f, "1,0000");
	REFUSE(f, "1,2345");
	REFUSE(f, "1234,567");
	REFUSE(f, ",100");
	REFUSE(f, "100,");
	REFUSE(f, "1,,000");
	REFUSE(f, "1.2,3");
	REFUSE(f, "1.");
	REFUSE(f, ".5");
	REFUSE(f, "1.2.3");
	REFUSE(f, "12a");
	REFUSE(f, "1 2");
	REFUSE(f, "1-2");
	REFUSE(f, "一");
	REFUSE(f, "１，０００");	/* fullwidth comma */
	REFUSE(f, "10000000000000000");
	REFUSE(f, "10,000,000,000,000,000");
	REFUSE_LEN(f, "12\0", 3);
	REFUSE_LEN(f, "\xef\xbc\x91", 2);
}
END_TEST

START_TEST(test_hanzi_digits)
{
	zh_transform_fn f = zh_transform_hanzi_digits;

	OK(f, "2024", "二〇二四");
	OK(f, "0", "〇");
	OK(f, "007", "〇〇七");
	OK(f, "1234567890", "一二三四五六七八九〇");
	OK(f, "２０", "二〇");
	OK(f, "1９", "一九");
	REFUSE(f, "");
	REFUSE(f, "12a");
	REFUSE(f, "1.5");
	REFUSE(f, "-1");
	REFUSE(f, "1,000");
	REFUSE(f, "二");
	REFUSE(f, "\xff");
}
END_TEST

START_TEST(test_arabic_count)
{
	zh_transform_fn f = zh_transform_arabic;

	OK(f, "十", "10");
	OK(f, "二十", "20");
	OK(f, "十三", "13");
	OK(f, "一十三", "13");
	OK(f, "二十二", "22");
	OK(f, "一百", "100");
	OK(f, "一百零五", "105");
	OK(f, "一百〇五", "105");
	OK(f, "一百一十", "110");
	OK(f, "两千", "2000");
	OK(f, "两百", "200");
	OK(f, "两万两千", "22000");
	OK(f, "三千零五十二", "3052");
	OK(f, "一千零十", "1010");
	OK(f, "一万", "10000");
	OK(f, "十万", "100000");
	OK(f, "十万零一十", "100010");
	OK(f, "一百万零一", "1000001");
	OK(f, "一千万一千", "10001000");
	OK(f, "一千万零一千", "10001000");
	OK(f, "一亿", "100000000");
	OK(f, "一亿零一千", "100001000");
	OK(f, "一亿二千万", "120000000");
	OK(f, "十亿", "1000000000");
	OK(f, "一千零一亿", "100100000000");
	OK(f, "一万亿", "1000000000000");
	OK(f, "一万零一亿", "1000100000000");
	OK(f, "一万三千亿", "1300000000000");
	OK(f, "一万零三亿", "1000300000000");
	OK(f, "九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九",
	   "9999999999999999");
}
END_TEST

START_TEST(test_arabic_forms)
{
	zh_transform_fn f = zh_transform_arabic;

	OK(f, "二〇二四", "2024");
	OK(f, "一九九七", "1997");
	OK(f, "零", "0");
	OK(f, "〇", "0");
	OK(f, "零零七", "007");
	OK(f, "五零", "50");
	OK(f, "两", "2");
	OK(f, "两点五", "2.5");
	OK(f, "三点五", "3.5");
	OK(f, "零点二五", "0.25");
	OK(f, "九十五点零六", "95.06");
	OK(f, "三点五零", "3.50");
	OK(f, "负三", "-3");
	OK(f, "负零点五", "-0.5");
	OK(f, "負十二點五", "-12.5");
	OK(f, "壹佰贰拾叁", "123");
	OK(f, "壹仟零捌拾", "1080");
	OK(f, "肆伍陆柒捌玖", "456789");
	OK(f, "貳萬", "20000");
	OK(f, "兩億", "200000000");
	OK(f, "參拾陸", "36");
	OK(f, "一二三四五六七八九〇一二三四五六", "1234567890123456");
	OK(f, "〇〇一二三四五六七八九〇一二三四五六", "001234567890123456");
}
END_TEST

START_TEST(test_arabic_refuse)
{
	zh_transform_fn f = zh_transform_arabic;

	REFUSE(f, "");
	REFUSE(f, "十十");
	REFUSE(f, "二十十");
	REFUSE(f, "百千");
	REFUSE(f, "一二十");
	REFUSE(f, "十二十");
	REFUSE(f, "一百五");		/* colloquial 150 */
	REFUSE(f, "一亿一千");
	REFUSE(f, "三亿一万");
	REFUSE(f, "一百十");
	REFUSE(f, "一百零五十");
	REFUSE(f, "一百零");
	REFUSE(f, "一百零零五");
	REFUSE(f, "零五十");
	REFUSE(f, "五零十");
	REFUSE(f, "一万三亿");
	REFUSE(f, "十零五");
	REFUSE(f, "两十");
	REFUSE(f, "十两");
	REFUSE(f, "一百两");
	REFUSE(f, "二两");
	REFUSE(f, "百");
	REFUSE(f, "千万");
	REFUSE(f, "万");
	REFUSE(f, "亿");
	REFUSE(f, "万亿");
	REFUSE(f, "一亿万");
	REFUSE(f, "一万万");
	REFUSE(f, "一亿亿");
	REFUSE(f, "一万零亿");
	REFUSE(f, "一兆");
	REFUSE(f, "二〇二四十");
	REFUSE(f, "点五");
	REFUSE(f, "三点");
	REFUSE(f, "三点十");
	REFUSE(f, "三点两");
	REFUSE(f, "三点五点");
	REFUSE(f, "负");
	REFUSE(f, "负负三");
	REFUSE(f, "三负");
	REFUSE(f, "三点负五");
	REFUSE(f, "一二三a");
	REFUSE(f, "20");
	REFUSE(f, "一 二");
	REFUSE(f, "\xff");
	REFUSE(f, "一二三四五六七八九〇一二三四五六七");
	REFUSE_LEN(f, "\xe4\xba\x8c", 2);
}
END_TEST

START_TEST(test_round_trip_small)
{
	uint64_t n;

	for (n = 0; n <= 200000; n++)
		round_trip_u64(n);
}
END_TEST

START_TEST(test_round_trip_large)
{
	uint64_t state = 20240229, n, p, mask;
	int k;

	/* Every number of up to sixteen digits made of 0 and one other
	 * digit: all the ways zeros fall inside and across sections. */
	for (mask = 1; mask < (1U << MAXBITS); mask++) {
		n = 0;
		for (k = MAXBITS - 1; k >= 0; k--)
			n = n * 10 + ((mask >> k & 1) ? 1 + mask % 9 : 0);
		round_trip_u64(n);
	}
	for (p = 1, k = 0; k < 16; k++, p *= 10) {
		round_trip_u64(p);
		round_trip_u64(p - 1);
		round_trip_u64(p + 1);
	}
	round_trip_u64(9999999999999999ULL);
	for (k = 0; k < 50000; k++)
		round_trip_u64(1 + next_random(&state) % 9999999999999999ULL);
	round_trip("-1");
	round_trip("-120000000");
	round_trip("0.5");
	round_trip("-3.14159");
	round_trip("100010.0100");
}
END_TEST

START_TEST(test_digits_round_trip)
{
	static const char *const cases[] = {
		"0", "007", "2024", "1997", "1234567890", "0000000000000000"
	};
	char *h, *a;
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		h = apply(zh_transform_hanzi_digits, cases[k]);
		ck_assert_ptr_nonnull(h);
		a = apply(zh_transform_arabic, h);
		ck_assert_ptr_nonnull(a);
		ck_assert_str_eq(a, cases[k]);
		free(h);
		free(a);
	}
}
END_TEST

START_TEST(test_find)
{
	const char *s = "hanzi-digits";
	int k;

	ck_assert_ptr_eq(zh_transform_find("halfwidth", 9),
	    zh_transform_halfwidth);
	ck_assert_ptr_eq(zh_transform_find("fullwidth", 9),
	    zh_transform_fullwidth);
	ck_assert_ptr_eq(zh_transform_find("hanzi", 5), zh_transform_hanzi);
	ck_assert_ptr_eq(zh_transform_find(s, 12), zh_transform_hanzi_digits);
	ck_assert_ptr_eq(zh_transform_find(s, 5), zh_transform_hanzi);
	ck_assert_ptr_eq(zh_transform_find("arabic", 6), zh_transform_arabic);
	ck_assert_ptr_null(zh_transform_find("hanz", 4));
	ck_assert_ptr_null(zh_transform_find("hanzi-", 6));
	ck_assert_ptr_null(zh_transform_find("HANZI", 5));
	ck_assert_ptr_null(zh_transform_find("", 0));
	ck_assert_ptr_null(zh_transform_find("upper", 5));
	for (k = 0; zh_transform_names[k] != NULL; k++)
		ck_assert_ptr_nonnull(zh_transform_find(zh_transform_names[k],
		    strlen(zh_transform_names[k])));
	ck_assert_int_eq(k, 5);
}
END_TEST

static Suite *
numeral_suite(void)
{
	Suite *s = suite_create("numeral");
	TCase *tc;

	tc = tcase_create("halfwidth");
	tcase_add_test(tc, test_halfwidth);
	tcase_add_test(tc, test_halfwidth_nul);
	tcase_add_test(tc, test_halfwidth_refuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("fullwidth");
	tcase_add_test(tc, test_fullwidth);
	tcase_add_test(tc, test_width_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("hanzi");
	tcase_add_test(tc, test_hanzi);
	tcase_add_test(tc, test_hanzi_forms);
	tcase_add_test(tc, test_hanzi_refuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("hanzi-digits");
	tcase_add_test(tc, test_hanzi_digits);
	suite_add_tcase(s, tc);

	tc = tcase_create("arabic");
	tcase_add_test(tc, test_arabic_count);
	tcase_add_test(tc, test_arabic_forms);
	tcase_add_test(tc, test_arabic_refuse);
	suite_add_tcase(s, tc);

	tc = tcase_create("round trip");
	/* Generous, for runs under valgrind. */
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_round_trip_small);
	tcase_add_test(tc, test_round_trip_large);
	tcase_add_test(tc, test_digits_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("find");
	tcase_add_test(tc, test_find);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(numeral_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
