/*
 * utf8.c - UTF-8 validation and decoding (see utf8.h).
 *
 * The validator is on the per-line path, so it runs over ASCII eight bytes
 * at a time and decodes multi-byte sequences by hand.
 */
#include "config.h"

#include <string.h>

#include "utf8.h"

int
zh_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	int len, i;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	c = p[0];
	*cp = c;
	if (c < 0x80)
		return 1;
	if (c < 0xC2)		/* continuation byte, or overlong 2-byte lead */
		return 0;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else
		return 0;
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int
zh_utf8_seqlen(const char *s, size_t n)
{
	uint32_t cp;

	return zh_utf8_decode(s, n, &cp);
}

/* Are the first six bytes of W (in memory order) two sequences of three
 * bytes, each led by E1..EC?  Those are all valid: the lead fixes the
 * length and no continuation byte is out of range. */
static inline int
two_common_3byte(uint64_t w)
{
	unsigned char b[8];

	memcpy(b, &w, 8);
	return (unsigned char)(b[0] - 0xE1) < 12 && (b[1] & 0xC0) == 0x80 &&
	       (b[2] & 0xC0) == 0x80 && (unsigned char)(b[3] - 0xE1) < 12 &&
	       (b[4] & 0xC0) == 0x80 && (b[5] & 0xC0) == 0x80;
}

size_t
zh_utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	int len;

	while (i < n) {
		/* Skip ASCII eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		/* The common case of Chinese text: two 3-byte sequences led by
		 * E1..EC (so neither overlong, E0 80..9F, nor a surrogate,
		 * ED A0..BF), tested in one 8-byte load. */
		while (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!two_common_3byte(w))
				break;
			i += 6;
		}
		if (i + 3 <= n) {
			unsigned char c = (unsigned char)s[i], c1 = (unsigned char)s[i + 1];

			if (c > 0xE0 && c < 0xF0 && c != 0xED && (c1 & 0xC0) == 0x80 &&
			    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
				i += 3;
				continue;
			}
		}
		len = zh_utf8_seqlen(s + i, n - i);
		if (len == 0)
			return i;
		i += (size_t)len;
	}
	return n;
}

size_t
zh_utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	int len;

	while (i < n) {
		len = zh_utf8_seqlen(s + i, n - i);
		i += len ? (size_t)len : 1;
		count++;
	}
	return count;
}

int
zh_utf8_lead_len(char c)
{
	unsigned char u = (unsigned char)c;

	if (u >= 0xC2 && u <= 0xDF)
		return 2;
	if (u >= 0xE0 && u <= 0xEF)
		return 3;
	if (u >= 0xF0 && u <= 0xF4)
		return 4;
	return 1;
}

size_t
zh_utf8_char_start(const char *s, size_t n, size_t i)
{
	size_t j = i;

	(void)n;
	while (j > 0 && i - j < 3 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	if (((unsigned char)s[j] & 0xC0) != 0x80 &&
	    (unsigned char)s[j] >= 0xC0 && j + (size_t)zh_utf8_lead_len(s[j]) > i)
		return j;
	return i;
}
