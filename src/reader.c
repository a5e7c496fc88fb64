/*
 * reader.c - reading input into chunks of whole lines (see reader.h).
 *
 * The reader keeps one buffer.  zh_reader_next hands out every complete line
 * buffered so far as one chunk; when there is none, the caller flushes its
 * output (so that a slow producer sees output line by line) and calls
 * zh_reader_fill, which does one read(2).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "utf8.h"

void
zh_reader_init(struct zh_reader *r, int fd, const char *name)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->name = name;
	r->lineno = 1;
	r->maxline = ZH_MAX_LINE;
	zh_buf_init(&r->buf);
}

void
zh_reader_free(struct zh_reader *r)
{
	zh_buf_free(&r->buf);
}

static size_t
count_newlines(const char *s, size_t n)
{
	const char *end = s + n;
	size_t count = 0;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		count++;
		s++;
	}
	return count;
}

/* Is the character ending just before S+I a place where a line may be cut?
 * Whitespace and the CJK punctuation that ends clauses qualify. */
static int
is_break_before(const char *s, size_t i)
{
	static const char *const marks[] = {
		"\xe3\x80\x82",	/* 。 */
		"\xef\xbc\x8c",	/* ， */
		"\xe3\x80\x81",	/* 、 */
		"\xef\xbc\x9b",	/* ； */
		"\xef\xbc\x9a",	/* ： */
		"\xef\xbc\x9f",	/* ？ */
		"\xef\xbc\x81",	/* ！ */
		"\xe3\x80\x80",	/* ideographic space */
		NULL
	};
	unsigned char c = (unsigned char)s[i - 1];
	int k;

	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (i < 3)
		return 0;
	for (k = 0; marks[k] != NULL; k++)
		if (memcmp(s + i - 3, marks[k], 3) == 0)
			return 1;
	return 0;
}

size_t
zh_reader_safe_cut(const char *s, size_t n)
{
	size_t i, start;

	for (i = n; i > 0; i--)
		if (is_break_before(s, i))
			return i;
	/* No break anywhere: cut before a character that does not fit. */
	start = zh_utf8_char_start(s, n, n - 1);
	if (start == 0 || start + zh_utf8_lead_len(s[start]) <= n)
		return n;
	return start;
}

static void
hand_out(struct zh_reader *r, struct zh_chunk *c, size_t len, int cut)
{
	c->data = r->buf.data + r->pos;
	c->len = len;
	c->offset = r->offset;
	c->lineno = r->lineno;
	c->continued = r->in_line;
	c->cut = cut;
	c->block_cut = 0;
	r->pos += len;
	r->offset += len;
	r->lineno += count_newlines(c->data, len);
	r->in_line = cut;
}

void
zh_reader_blocks(struct zh_reader *r, int on)
{
	r->blocks = on;
}

/* Returns the length of the longest prefix of P[0..N) that ends just
 * after a blank line, with at least MINLINES lines in it, or 0. */
static size_t
block_end(const char *p, size_t n, size_t minlines)
{
	const char *nl, *start;
	size_t k;

	while (n > 0 && (nl = memrchr(p, '\n', n)) != NULL) {
		n = (size_t)(nl - p);
		start = n > 0 ? memrchr(p, '\n', n) : NULL;
		start = start == NULL ? p : start + 1;
		for (k = (size_t)(start - p); k < n; k++)
			if (p[k] != ' ' && p[k] != '\t' && p[k] != '\r')
				break;
		if (k == n) {
			if (minlines > 0 && count_newlines(p, n + 1) < minlines)
				return 0;
			return n + 1;
		}
		n = (size_t)(start - p);
	}
	return 0;
}

/* Does P[0..N) (at the start of an input) start with "---" or "+++", or
 * may it still, with more to come? */
static int
head_delim(const char *p, size_t n, int eof)
{
	size_t i = 0;

	while (n - i >= 3 && memcmp(p + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;
	if (n - i < 3)
		return !eof;
	return memcmp(p + i, "---", 3) == 0 || memcmp(p + i, "+++", 3) == 0;
}

enum zh_read_status
zh_reader_next(struct zh_reader *r, struct zh_chunk *c)
{
	size_t avail = r->buf.len - r->pos, take, k;
	const char *p = r->buf.data + r->pos;
	const char *nl;

	if (avail == 0)
		return r->eof ? ZH_READ_EOF : ZH_READ_NEED;
	/* A chunk holds at most maxline bytes and a newline, so no line in
	 * it is longer than maxline. */
	take = avail <= r->maxline ? avail : r->maxline + 1;
	if (r->blocks && !r->eof && !r->in_line) {
		k = block_end(p, take, r->offset == 0 && head_delim(p, take, 0) ?
			      ZH_BLOCK_HEAD + 1 : 0);
		if (k > 0) {
			hand_out(r, c, k, 0);
			return ZH_READ_CHUNK;
		}
		if (avail <= r->maxline)
			return ZH_READ_NEED;
		/* A block over the limit goes as it is. */
		nl = memrchr(p, '\n', take);
		if (nl != NULL) {
			hand_out(r, c, (size_t)(nl - p) + 1, 0);
			c->block_cut = 1;
			return ZH_READ_CHUNK;
		}
	}
	nl = memrchr(p, '\n', take);
	if (nl != NULL) {
		hand_out(r, c, (size_t)(nl - p) + 1, 0);
		return ZH_READ_CHUNK;
	}
	if (avail > r->maxline) {
		hand_out(r, c, zh_reader_safe_cut(p, r->maxline), 1);
		return ZH_READ_CHUNK;
	}
	if (r->eof) {
		hand_out(r, c, avail, 0);
		return ZH_READ_CHUNK;
	}
	return ZH_READ_NEED;
}

int
zh_reader_fill(struct zh_reader *r, struct zh_error *err)
{
	ssize_t n;

	if (r->eof)
		return 0;
	/* Move what is left to the front, then read after it. */
	if (r->pos > 0) {
		memmove(r->buf.data, r->buf.data + r->pos, r->buf.len - r->pos);
		r->buf.len -= r->pos;
		r->pos = 0;
	}
	zh_buf_reserve(&r->buf, ZH_READ_SIZE);
	do
		n = read(r->fd, r->buf.data + r->buf.len, ZH_READ_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return zh_error_set(err, r->name, 0, 0, "read error: %s",
				    strerror(errno));
	if (n == 0)
		r->eof = 1;
	r->buf.len += (size_t)n;
	return 0;
}
