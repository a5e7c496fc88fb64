/*
 * numeral.c - the built-in transforms of replacement templates (numeral.h).
 *
 * Two width transforms map between ASCII and the fullwidth forms block, and
 * three numeral transforms map between Arabic numbers and Chinese numerals.
 * Every transform checks its whole input before it writes anything, so that a
 * refusal leaves the output buffer exactly as it was.  No transform keeps
 * state between calls.
 *
 * Counting numerals follow GB/T 15835-2011 in writing 零, not 〇, for zeros
 * inside a count.  They are written with 二, never 两, before every unit;
 * the digits are grouped in sections of four with 万 and 亿, and 10^12 is
 * 万亿 (兆 is ambiguous and not used).  Zeros are read by the customary
 * rule: zeros at the end of a section are not read, and any other run of
 * zeros is read as one 零.  So 1050 is 一千零五十 and 10001000 is 一千万一千,
 * but 100001000 is 一亿零一千, because there a whole section is zero.  The 一
 * of 一十 is dropped only at the start of a number (13 is 十三, 110 is
 * 一百一十).
 */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "numeral.h"

/* The largest number spelt: 9999 9999 9999 9999, sixteen digits. */
#define MAXDIGITS	16

/* More tokens than the longest counting numeral of sixteen digits. */
#define MAXTOKENS	64

/*
 * Decodes the UTF-8 character at S[*I], stores it in *CP and advances *I.
 * Returns -1 for an invalid sequence: a stray or missing continuation byte,
 * an overlong form, a surrogate or a value above U+10FFFF.
 */
static int
utf8_next(const char *s, size_t len, size_t *i, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t avail = len - *i, n, k;
	unsigned long c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		*i += 1;
		return 0;
	} else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (avail < n)
		return -1;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (p[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	*i += n;
	return 0;
}

static int
utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	unsigned long cp;

	while (i < len)
		if (utf8_next(s, len, &i, &cp) < 0)
			return 0;
	return 1;
}

int
zh_transform_halfwidth(const char *in, size_t len, struct zh_buf *out)
{
	size_t i = 0, run = 0, at;
	unsigned long cp;

	if (!utf8_valid(in, len))
		return -1;
	while (i < len) {
		at = i;
		utf8_next(in, len, &i, &cp);
		if (cp == 0x3000)
			cp = ' ';
		else if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		else
			continue;
		zh_buf_append(out, in + run, at - run);
		zh_buf_putc(out, (int)cp);
		run = i;
	}
	zh_buf_append(out, in + run, len - run);
	return 0;
}

int
zh_transform_fullwidth(const char *in, size_t len, struct zh_buf *out)
{
	size_t i, run = 0;
	unsigned char c;

	/* Only ASCII changes, but invalid input is refused, as by halfwidth. */
	if (!utf8_valid(in, len))
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c < 0x20 || c > 0x7E)
			continue;
		zh_buf_append(out, in + run, i - run);
		zh_buf_put_utf8(out, c == ' ' ? 0x3000 : c + 0xFEE0UL);
		run = i + 1;
	}
	zh_buf_append(out, in + run, len - run);
	return 0;
}

/*
 * Arabic numbers.
 */

struct arabic {
	int neg;
	int ndigits;
	unsigned char digit[MAXDIGITS];	/* most significant first */
	size_t frac;		/* offset of the first decimal, or 0 */
};

/* Returns the value of the ASCII or fullwidth digit at IN[*I] and advances
 * past it, or returns -1. */
static int
arabic_digit(const char *in, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)in + *i;

	if (*i < len && p[0] >= '0' && p[0] <= '9') {
		*i += 1;
		return p[0] - '0';
	}
	/* U+FF10..U+FF19 are EF BC 90..99. */
	if (len - *i >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
	    p[2] >= 0x90 && p[2] <= 0x99) {
		*i += 3;
		return p[2] - 0x90;
	}
	return -1;
}

/*
 * Parses [-]INTEGER[.DECIMALS].  INTEGER is digits, optionally in groups of
 * three separated by commas ("12,345"); it has at most sixteen digits and
 * no leading zero.  A leading zero is refused rather than dropped because
 * "05" is usually a code or a date part, not a count, and so it is better
 * left as it is.
 */
static int
arabic_parse(const char *in, size_t len, struct arabic *a)
{
	size_t i = 0;
	int d, group = 0, commas = 0;

	a->neg = 0;
	a->ndigits = 0;
	a->frac = 0;
	if (len > 0 && in[0] == '-') {
		a->neg = 1;
		i++;
	}
	for (;;) {
		if ((d = arabic_digit(in, len, &i)) >= 0) {
			if (a->ndigits == MAXDIGITS)
				return -1;
			a->digit[a->ndigits++] = (unsigned char)d;
			group++;
		} else if (i < len && in[i] == ',') {
			if (group == 0 || group > 3 ||
			    (commas > 0 && group != 3))
				return -1;
			commas++;
			group = 0;
			i++;
		} else {
			break;
		}
	}
	if (a->ndigits == 0 || (commas > 0 && group != 3))
		return -1;
	if (a->digit[0] == 0 && a->ndigits > 1)
		return -1;
	if (i < len && in[i] == '.') {
		a->frac = ++i;
		if (arabic_digit(in, len, &i) < 0)
			return -1;
		while (arabic_digit(in, len, &i) >= 0)
			;
	}
	return i == len ? 0 : -1;
}

static const char *const count_digit[10] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

static const char *const small_unit[4] = { "", "十", "百", "千" };

/* Writes the integer part of A as a counting numeral. */
static void
put_count(const struct arabic *a, struct zh_buf *out)
{
	int k, e, d, last = -1, section = 0, high = 0;

	if (a->ndigits == 1 && a->digit[0] == 0) {
		zh_buf_puts(out, count_digit[0]);
		return;
	}
	for (k = 0; k < a->ndigits; k++) {
		e = a->ndigits - 1 - k;
		d = a->digit[k];
		if (d != 0) {
			/* A gap before this digit is read as 零 unless it is
			 * only the tail of the section above a 千 digit. */
			if (last > e + 1 &&
			    !(e % 4 == 3 && last / 4 == e / 4 + 1))
				zh_buf_puts(out, count_digit[0]);
			if (!(last < 0 && d == 1 && e % 4 == 1))
				zh_buf_puts(out, count_digit[d]);
			zh_buf_puts(out, small_unit[e % 4]);
			last = e;
			section = 1;
			if (e >= 8)
				high = 1;
		}
		if (e == 4 || e == 12) {
			if (section)
				zh_buf_puts(out, "万");
			section = 0;
		} else if (e == 8) {
			/* 亿 also closes 万亿 when its own section is zero. */
			if (high)
				zh_buf_puts(out, "亿");
			section = 0;
		}
	}
}

int
zh_transform_hanzi(const char *in, size_t len, struct zh_buf *out)
{
	struct arabic a;
	size_t i;
	int d;

	if (arabic_parse(in, len, &a) < 0)
		return -1;
	if (a.neg)
		zh_buf_puts(out, "负");
	put_count(&a, out);
	if (a.frac > 0) {
		zh_buf_puts(out, "点");
		i = a.frac;
		while (i < len) {
			d = arabic_digit(in, len, &i);
			zh_buf_puts(out, count_digit[d]);
		}
	}
	return 0;
}

static const char *const plain_digit[10] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

int
zh_transform_hanzi_digits(const char *in, size_t len, struct zh_buf *out)
{
	size_t i = 0;

	if (len == 0)
		return -1;
	while (i < len)
		if (arabic_digit(in, len, &i) < 0)
			return -1;
	for (i = 0; i < len; )
		zh_buf_puts(out, plain_digit[arabic_digit(in, len, &i)]);
	return 0;
}

/*
 * Chinese numerals.
 */

enum tokkind { T_DIGIT, T_ZERO, T_UNIT, T_BIG, T_POINT, T_MINUS };

struct token {
	unsigned char kind;	/* enum tokkind */
	unsigned char val;	/* digit value, or exponent of a unit */
	unsigned char liang;	/* 两 or 兩, written only before 百 and up */
};

static const struct numchar {
	unsigned short cp;
	struct token tok;
} numchars[] = {
	{ 0x3007, { T_ZERO, 0, 0 } },	/* 〇 */
	{ 0x96F6, { T_ZERO, 0, 0 } },	/* 零 */
	{ 0x4E00, { T_DIGIT, 1, 0 } },	/* 一 */
	{ 0x58F9, { T_DIGIT, 1, 0 } },	/* 壹 */
	{ 0x4E8C, { T_DIGIT, 2, 0 } },	/* 二 */
	{ 0x8D30, { T_DIGIT, 2, 0 } },	/* 贰 */
	{ 0x8CB3, { T_DIGIT, 2, 0 } },	/* 貳 */
	{ 0x4E24, { T_DIGIT, 2, 1 } },	/* 两 */
	{ 0x5169, { T_DIGIT, 2, 1 } },	/* 兩 */
	{ 0x4E09, { T_DIGIT, 3, 0 } },	/* 三 */
	{ 0x53C1, { T_DIGIT, 3, 0 } },	/* 叁 */
	{ 0x53C3, { T_DIGIT, 3, 0 } },	/* 參 */
	{ 0x56DB, { T_DIGIT, 4, 0 } },	/* 四 */
	{ 0x8086, { T_DIGIT, 4, 0 } },	/* 肆 */
	{ 0x4E94, { T_DIGIT, 5, 0 } },	/* 五 */
	{ 0x4F0D, { T_DIGIT, 5, 0 } },	/* 伍 */
	{ 0x516D, { T_DIGIT, 6, 0 } },	/* 六 */
	{ 0x9646, { T_DIGIT, 6, 0 } },	/* 陆 */
	{ 0x9678, { T_DIGIT, 6, 0 } },	/* 陸 */
	{ 0x4E03, { T_DIGIT, 7, 0 } },	/* 七 */
	{ 0x67D2, { T_DIGIT, 7, 0 } },	/* 柒 */
	{ 0x516B, { T_DIGIT, 8, 0 } },	/* 八 */
	{ 0x634C, { T_DIGIT, 8, 0 } },	/* 捌 */
	{ 0x4E5D, { T_DIGIT, 9, 0 } },	/* 九 */
	{ 0x7396, { T_DIGIT, 9, 0 } },	/* 玖 */
	{ 0x5341, { T_UNIT, 1, 0 } },	/* 十 */
	{ 0x62FE, { T_UNIT, 1, 0 } },	/* 拾 */
	{ 0x767E, { T_UNIT, 2, 0 } },	/* 百 */
	{ 0x4F70, { T_UNIT, 2, 0 } },	/* 佰 */
	{ 0x5343, { T_UNIT, 3, 0 } },	/* 千 */
	{ 0x4EDF, { T_UNIT, 3, 0 } },	/* 仟 */
	{ 0x4E07, { T_BIG, 4, 0 } },	/* 万 */
	{ 0x842C, { T_BIG, 4, 0 } },	/* 萬 */
	{ 0x4EBF, { T_BIG, 8, 0 } },	/* 亿 */
	{ 0x5104, { T_BIG, 8, 0 } },	/* 億 */
	{ 0x70B9, { T_POINT, 0, 0 } },	/* 点 */
	{ 0x9EDE, { T_POINT, 0, 0 } },	/* 點 */
	{ 0x8D1F, { T_MINUS, 0, 0 } },	/* 负 */
	{ 0x8CA0, { T_MINUS, 0, 0 } },	/* 負 */
};

/* Reads the numeral character at IN[*I] into *T and advances past it.
 * Returns -1 for invalid UTF-8 or any other character. */
static int
token_next(const char *in, size_t len, size_t *i, struct token *t)
{
	unsigned long cp;
	size_t k;

	if (utf8_next(in, len, i, &cp) < 0)
		return -1;
	for (k = 0; k < sizeof numchars / sizeof numchars[0]; k++) {
		if (numchars[k].cp == cp) {
			*t = numchars[k].tok;
			return 0;
		}
	}
	return -1;
}

struct count {
	uint64_t value;
	int base;	/* exponent of the 万 or 亿 seen last, right to left */
	int last;	/* exponent of the lowest digit placed, or -1 */
	int zero;	/* a 零 lies between LAST and the next digit */
	int empty;	/* a 万 or 亿 still lacks a digit to multiply */
};

/* Adds digit D at exponent E, checking it against the digit placed before,
 * which is the next lower one. */
static int
count_place(struct count *c, int d, int e)
{
	static const uint64_t pow10[MAXDIGITS] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL,
		1000000ULL, 10000000ULL, 100000000ULL, 1000000000ULL,
		10000000000ULL, 100000000000ULL, 1000000000000ULL,
		10000000000000ULL, 100000000000000ULL, 1000000000000000ULL
	};
	int gap;

	if (c->last >= 0) {
		if (e <= c->last)
			return -1;
		gap = e > c->last + 1;
		if (c->zero && !gap)
			return -1;
		/* Without 零, only the tail of a section may be skipped, as
		 * put_count writes it: 一千万一千.  Other gaps, as in the
		 * colloquial 一百五 or 一亿一千, are ambiguous. */
		if (!c->zero && gap &&
		    !(c->last % 4 == 3 && e / 4 == c->last / 4 + 1))
			return -1;
	}
	c->value += (uint64_t)d * pow10[e];
	c->last = e;
	c->zero = 0;
	c->empty = 0;
	return 0;
}

/*
 * Reads a counting numeral, T[0..N), right to left: a unit applies to the
 * digit on its left, and 万 or 亿 to everything on their left up to a bigger
 * one.  The sections allow at most 9999 9999 9999 9999.  Refused: units out
 * of order or doubled (十十, 百千, 一二十, 亿万), 零 that stands for no gap
 * (一百零五十) or that is not between a unit and a digit, a bare 百 or 千,
 * a bare 十 other than at the start or after 零 (一百十), and 两 other than
 * before 百, 千, 万 or 亿.
 */
static int
count_parse(const struct token *t, int n, uint64_t *value)
{
	struct count c = { 0, 0, -1, 0, 0 };
	int i, unit = -1, left, right;

	for (i = n - 1; i >= 0; i--) {
		left = i > 0 ? t[i - 1].kind : -1;
		right = i + 1 < n ? t[i + 1].kind : -1;
		switch (t[i].kind) {
		case T_DIGIT:
			if (t[i].liang && !(right == T_BIG ||
			    (right == T_UNIT && t[i + 1].val >= 2)))
				return -1;
			if (count_place(&c, t[i].val,
			    c.base + (unit >= 0 ? unit : 0)) < 0)
				return -1;
			unit = -1;
			break;
		case T_UNIT:
			unit = t[i].val;
			if (left == T_DIGIT)
				break;
			if (unit != 1 || !(left == -1 || left == T_ZERO))
				return -1;
			if (count_place(&c, 1, c.base + 1) < 0)
				return -1;
			unit = -1;
			break;
		case T_ZERO:
			if (!(right == T_DIGIT ||
			    (right == T_UNIT && t[i + 1].val == 1)))
				return -1;
			if (!(left == T_UNIT || left == T_BIG))
				return -1;
			c.zero = 1;
			break;
		case T_BIG:
			if (t[i].val == 4) {
				/* 万 right of 亿 makes 万亿. */
				if (c.base == 0)
					c.base = 4;
				else if (c.base == 8)
					c.base = 12;
				else
					return -1;
			} else {
				if (c.base >= 8 || c.empty)
					return -1;
				c.base = 8;
			}
			c.empty = 1;
			break;
		default:
			return -1;
		}
	}
	if (c.empty)
		return -1;
	*value = c.value;
	return 0;
}

/*
 * A numeral with a unit character (十百千万亿) is a count; one without is
 * read digit by digit (二〇二四 -> 2024, 〇七 -> 07).  Either may have a
 * decimal part after 点, always digit by digit, and 负 in front.  The value
 * may not exceed sixteen digits.
 */
int
zh_transform_arabic(const char *in, size_t len, struct zh_buf *out)
{
	struct token t[MAXTOKENS], f;
	char digits[MAXTOKENS];
	size_t i = 0, frac = 0;
	uint64_t value = 0;
	int n = 0, k, neg = 0, count = 0, lead;

	while (i < len) {
		if (n == MAXTOKENS || token_next(in, len, &i, &t[n]) < 0)
			return -1;
		if (t[n].kind == T_MINUS) {
			if (n > 0 || neg)
				return -1;
			neg = 1;
			continue;
		}
		if (t[n].kind == T_POINT) {
			frac = i;
			break;
		}
		if (t[n].kind == T_UNIT || t[n].kind == T_BIG)
			count = 1;
		n++;
	}
	if (n == 0)
		return -1;
	if (frac > 0) {
		if (i == len)
			return -1;
		while (i < len) {
			if (token_next(in, len, &i, &f) < 0)
				return -1;
			if (f.kind != T_ZERO &&
			    !(f.kind == T_DIGIT && !f.liang))
				return -1;
		}
	}

	if (count) {
		if (count_parse(t, n, &value) < 0)
			return -1;
	} else if (n == 1 && t[0].liang) {
		digits[0] = '2';
	} else {
		for (k = 0; k < n; k++) {
			if (t[k].liang)
				return -1;
			digits[k] = (char)('0' + t[k].val);
		}
		for (lead = 0; lead < n && t[lead].val == 0; lead++)
			;
		if (n - lead > MAXDIGITS)
			return -1;
	}

	if (neg)
		zh_buf_putc(out, '-');
	if (count)
		zh_buf_printf(out, "%" PRIu64, value);
	else
		zh_buf_append(out, digits, (size_t)n);
	if (frac > 0) {
		zh_buf_putc(out, '.');
		i = frac;
		while (i < len && token_next(in, len, &i, &f) == 0)
			zh_buf_putc(out, '0' + f.val);
	}
	return 0;
}

static const struct {
	const char *name;
	zh_transform_fn fn;
} transforms[] = {
	{ "halfwidth", zh_transform_halfwidth },
	{ "fullwidth", zh_transform_fullwidth },
	{ "hanzi", zh_transform_hanzi },
	{ "hanzi-digits", zh_transform_hanzi_digits },
	{ "arabic", zh_transform_arabic },
};

const char *const zh_transform_names[] = {
	"halfwidth", "fullwidth", "hanzi", "hanzi-digits", "arabic", NULL
};

zh_transform_fn
zh_transform_find(const char *name, size_t len)
{
	size_t k;

	for (k = 0; k < sizeof transforms / sizeof transforms[0]; k++)
		if (strlen(transforms[k].name) == len &&
		    memcmp(transforms[k].name, name, len) == 0)
			return transforms[k].fn;
	return NULL;
}
