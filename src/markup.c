/*
 * markup.c - the markup stage: finding what in a line is not text (see
 * markup.h).  This file holds the interface, plain text and what every
 * mode shares; HTML is in markup_html.c, Markdown in markup_md.c.
 *
 * Every mode knows -{text}-: its text is protected and its two markers are
 * reported for stripping.  HTML, read as HTML5's tokenizer reads it,
 * protects tags with all their attributes, comments (ended by --> or
 * --!>), declarations and bogus comments (<?...>, </ 1>, and CDATA outside
 * <svg> and <math>, all up to the first '>'), character references, the
 * raw text of <script>, <style>, <textarea>, <xmp>, <iframe>, <noembed>
 * and <noframes> up to its end tag, everything after <plaintext>, and the
 * content of <code>, <pre>, <kbd> and <samp>, which nest, up to the end
 * tag that matches.  In <svg> and <math>, a CDATA section's text is text.
 * Markdown (CommonMark, read pragmatically) protects front matter, fenced
 * and indented code, code spans, link destinations and titles, reference
 * definitions, autolinks and inline HTML, and reads HTML blocks as HTML.
 *
 * A line is read once, left to right.  Whatever is left open at its end (a
 * tag, a comment, a script, a fence...) is carried in the state, which is
 * plain data and never depends on whether the spans are wanted.
 */
#include "config.h"

#include <string.h>

#include "markup_int.h"

/* ---- every mode ---------------------------------------------------- */

static void
text_line(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s, *p;
	size_t len = sc->len, k;

	st->prev_blank = len == i;
	if (!st->markers)
		return;
	if (st->in_marker)
		i = marker_cont(sc, i, i);
	while (i < len && (p = memchr(s + i, '{', len - i)) != NULL) {
		k = (size_t)(p - s);
		if (k > i && s[k - 1] == '-')
			i = marker_open(sc, k - 1);
		else
			i = k + 1;
	}
}

void
zh_markup_init(struct zh_markup_state *st, enum zh_markup kind, int markers)
{
	memset(st, 0, sizeof *st);
	st->kind = kind;
	st->markers = markers;
	st->prev_blank = 1;
}

void
zh_markup_line(struct zh_markup_state *st, const char *line, size_t len,
	       const char *next, size_t nextlen,
	       void (*span)(void *ctx, size_t start, size_t end,
			    enum zh_span_kind kind),
	       void *ctx)
{
	struct scan sc;
	size_t i = 0;
	int first = !st->started;

	/* A byte order mark (the reader may or may not have taken it off). */
	if (first)
		while (len - i >= 3 && memcmp(line + i, "\xef\xbb\xbf", 3) == 0)
			i += 3;
	st->started = 1;
	sc.st = st;
	sc.s = (const unsigned char *)line;
	sc.len = len;
	sc.next = (const unsigned char *)next;
	sc.nextlen = next != NULL ? nextlen : 0;
	sc.para = 0;
	sc.budget = LINE_BUDGET;
	sc.span = span;
	sc.ctx = ctx;
	sc.ncand = 0;
	switch (st->kind) {
	case ZH_MARKUP_HTML:
		zh_markup_html_line(&sc, i);
		break;
	case ZH_MARKUP_MARKDOWN:
		zh_markup_md_line(&sc, i, first);
		break;
	default:
		text_line(&sc, i);
		break;
	}
}

/* Spans as zh_markup_keeps collects them, in a buffer. */
struct collected {
	struct zh_buf *b;
	size_t n;
};

struct kept_span {
	size_t start, end;
	int kind;
};

static void
collect(void *ctx, size_t start, size_t end, enum zh_span_kind kind)
{
	struct collected *c = ctx;
	struct kept_span k;

	k.start = start;
	k.end = end;
	k.kind = (int)kind;
	zh_buf_append(c->b, &k, sizeof k);
	c->n++;
}

/* Does S[0..N) hold an ASCII byte?  A change of non-ASCII characters
 * into non-ASCII characters is the only one that cannot make markup:
 * deleting a character, or writing a letter in its place, can join or
 * make a tag name (<in删 a> in Markdown) or an entity. */
static int
has_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x80)
			return 1;
	return 0;
}

int
zh_markup_keeps(const struct zh_markup_state *st, const char *head,
		size_t hlen, const char *tail, size_t tlen, size_t mlen,
		const char *repl, size_t rlen, const char *next,
		size_t nextlen, struct zh_buf *line, struct zh_buf *spans)
{
	struct zh_markup_state a = *st, b = *st;
	struct collected ca, cb;
	const struct kept_span *x, *y;
	size_t off, k, shift, s = hlen, e = hlen + mlen, len = hlen + tlen;
	const char *text;
	int same;

	if (st->kind == ZH_MARKUP_TEXT ||
	    (mlen > 0 && rlen > 0 && !has_ascii(tail, mlen) &&
	     !has_ascii(repl, rlen)))
		return 1;
	/* The line as it is, then as the change would make it. */
	zh_buf_clear(line);
	zh_buf_append(line, head, hlen);
	zh_buf_append(line, tail, tlen);
	zh_buf_append(line, head, hlen);
	zh_buf_append(line, repl, rlen);
	zh_buf_append(line, tail + mlen, tlen - mlen);
	zh_buf_putc(line, '\0');
	text = line->data;
	zh_buf_clear(spans);
	ca.b = cb.b = spans;
	ca.n = cb.n = 0;
	zh_markup_line(&a, text, len, next, nextlen, collect, &ca);
	off = spans->len;
	zh_markup_line(&b, text + len, line->len - 1 - len, next, nextlen,
		       collect, &cb);
	if (ca.n != cb.n || memcmp(&a, &b, sizeof a) != 0)
		return 0;
	if (ca.n == 0)
		return 1;
	/* The buffer moved as it grew: take the pointers now.  Its data is
	 * malloc'd, and OFF a multiple of the span's size, so both are
	 * aligned. */
	x = (const struct kept_span *)(void *)spans->data;
	y = (const struct kept_span *)(void *)(spans->data + off);
	shift = rlen - (e - s);	/* modulo arithmetic: may wrap */
	same = 1;
	for (k = 0; k < ca.n && same; k++) {
		if (x[k].kind != y[k].kind)
			same = 0;
		else if (x[k].end <= s)
			same = x[k].start == y[k].start && x[k].end == y[k].end;
		else if (x[k].start >= e)
			same = x[k].start + shift == y[k].start &&
			    x[k].end + shift == y[k].end;
		else
			same = 0;
	}
	return same;
}

enum zh_markup
zh_markup_guess(const char *filename)
{
	const char *dot = strrchr(filename, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return ZH_MARKUP_TEXT;
	if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0 ||
	    strcmp(dot, ".xhtml") == 0)
		return ZH_MARKUP_HTML;
	if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 ||
	    strcmp(dot, ".mkd") == 0)
		return ZH_MARKUP_MARKDOWN;
	return ZH_MARKUP_TEXT;
}
