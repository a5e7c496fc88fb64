/*
 * markup.c - the markup stage: finding what in a line is not text (see
 * markup.h).
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

#include "markup.h"

#define NOPOS	((size_t)-1)
#define MAXCOL	(1 << 20)	/* columns and fence lengths stop counting here */
#define MAXTICKS 64		/* a longer run of backticks opens no code span */

/* What the line starts inside, as far as HTML goes (st->in). */
enum {
	IN_TEXT,	/* text */
	IN_TAG,		/* a start or end tag, after its name */
	IN_COMMENT,	/* <!-- ... --> */
	IN_CDATA,	/* <![CDATA[ ... ]]> */
	IN_DECL,	/* <!DOCTYPE ...>, or a bogus comment: up to '>' */
	IN_PI,		/* <? ... ?> (Markdown) */
	IN_RAW,		/* the content of <script>, <pre>...: up to st->close */
	IN_FCDATA	/* the text of a CDATA section in <svg> or <math> */
};

/* Where in a tag (st->aux). */
enum {
	TAG_ATTR,	/* in a name, or between attributes */
	TAG_EQ,		/* after '=', before the value */
	TAG_UNQ,	/* in an unquoted value */
	TAG_DQ,		/* in a "value" */
	TAG_SQ		/* in a 'value' */
};

/* The Markdown block the line starts inside (st->block). */
enum {
	MB_NONE,
	MB_FRONT,	/* front matter */
	MB_FENCE,	/* a fenced code block */
	MB_CODE,	/* the previous line was indented code */
	MB_HTML		/* an HTML block */
};

/* One line being read. */
struct scan {
	struct zh_markup_state *st;
	const unsigned char *s;
	size_t len;
	const unsigned char *next;	/* the input after the line's end */
	size_t nextlen;
	int para;		/* the line is paragraph text: look ahead */
	int budget;		/* look-aheads for links left on the line */
	void (*span)(void *ctx, size_t start, size_t end,
		     enum zh_span_kind kind);
	void *ctx;
};

static size_t html_cont(struct scan *, size_t);
static int code_ahead(struct scan *, size_t);
static int tail_ahead(struct scan *, size_t);

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

static int
is_punct(int c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	    (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static void
protect(struct scan *sc, size_t start, size_t end)
{
	if (sc->span != NULL && start < end)
		sc->span(sc->ctx, start, end, ZH_SPAN_PROTECT);
}

static void
strip(struct scan *sc, size_t start, size_t end)
{
	if (sc->span != NULL)
		sc->span(sc->ctx, start, end, ZH_SPAN_STRIP);
}

/* Returns where PAT[0..N) is first found in S[I..LEN), or NOPOS. */
static size_t
find(const unsigned char *s, size_t i, size_t len, const char *pat, size_t n)
{
	const unsigned char *p;

	while (i < len && len - i >= n) {
		p = memchr(s + i, pat[0], len - i - n + 1);
		if (p == NULL)
			break;
		i = (size_t)(p - s);
		if (memcmp(s + i, pat, n) == 0)
			return i;
		i++;
	}
	return NOPOS;
}

/* Does S[I..LEN) start with PAT (ASCII letters in either case)? */
static int
starts(const unsigned char *s, size_t i, size_t len, const char *pat)
{
	size_t n = strlen(pat), k;

	if (len - i < n)
		return 0;
	for (k = 0; k < n; k++)
		if (lower(s[i + k]) != lower((unsigned char)pat[k]))
			return 0;
	return 1;
}

/* Is S[I..LEN) only spaces and tabs? */
static int
is_blank(const unsigned char *s, size_t i, size_t len)
{
	for (; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Returns the end of the run of C's at S[I]. */
static size_t
run_of(const unsigned char *s, size_t i, size_t len, int c)
{
	while (i < len && s[i] == c)
		i++;
	return i;
}

/* Skips spaces and tabs from I; adds their width to *COL (tab stops every
 * four columns). */
static size_t
skip_indent(const unsigned char *s, size_t i, size_t len, int *col)
{
	for (; i < len && (s[i] == ' ' || s[i] == '\t'); i++) {
		if (*col >= MAXCOL)
			continue;
		*col += s[i] == '\t' ? 4 - *col % 4 : 1;
	}
	return i;
}

/* Does NAME[0..N) (any case) belong to LIST? */
static int
in_list(const unsigned char *name, size_t n, const char *const *list)
{
	size_t k;

	for (; *list != NULL; list++) {
		if (strlen(*list) != n)
			continue;
		for (k = 0; k < n && lower(name[k]) == (unsigned char)(*list)[k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* ---- -{text}- ------------------------------------------------------ */

/* Goes on inside -{ ... }-, which opened at OPEN, from I: protects its
 * text.  Returns where the line goes on. */
static size_t
marker_cont(struct scan *sc, size_t open, size_t i)
{
	size_t k = find(sc->s, i, sc->len, "}-", 2);

	if (k == NOPOS) {
		protect(sc, open, sc->len);
		return sc->len;
	}
	protect(sc, open, k + 2);
	strip(sc, k, k + 2);
	sc->st->in_marker = 0;
	return k + 2;
}

/* A -{ at I. */
static size_t
marker_open(struct scan *sc, size_t i)
{
	strip(sc, i, i + 2);
	sc->st->in_marker = 1;
	return marker_cont(sc, i, i + 2);
}

/* Is there a -{ at I? */
static int
is_marker(const struct scan *sc, size_t i)
{
	return sc->st->markers && sc->s[i] == '-' && i + 1 < sc->len &&
	    sc->s[i + 1] == '{';
}

/* ---- HTML ---------------------------------------------------------- */

/* Forgets any HTML construct left open. */
static void
html_reset(struct zh_markup_state *st)
{
	st->in = IN_TEXT;
	st->aux = TAG_ATTR;
	st->depth = 0;
	st->opening = 0;
	memset(st->close, 0, sizeof st->close);
}

/* Returns the end of a character reference at I (&amp; &#20013; &#x4E2D;),
 * or I.  SEMI: the ';' is required. */
static size_t
entity(const unsigned char *s, size_t i, size_t len, int semi)
{
	size_t k = i + 1, n;

	if (k < len && s[k] == '#') {
		k++;
		if (k < len && (s[k] == 'x' || s[k] == 'X')) {
			k++;
			for (n = k; n < len && n - k < 6 && is_hex(s[n]); n++)
				;
		} else
			for (n = k; n < len && n - k < 7 && is_digit(s[n]); n++)
				;
	} else {
		if (k >= len || !is_alpha(s[k]))
			return i;
		for (n = k; n < len && n - k < 32 && is_alnum(s[n]); n++)
			;
	}
	if (n == k)
		return i;
	if (n < len && s[n] == ';')
		return n + 1;
	return semi ? i : n;
}

/* Elements whose content is raw text to HTML5 (no tags in it), and
 * elements whose content is code (tags in it, but no text). */
static const char *const raw_text[] = {
	"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes",
	"plaintext", NULL
};
static const char *const code_like[] = {
	"code", "pre", "kbd", "samp", NULL
};

/* Remembers the end tag that closes the content of element NAME[0..N),
 * when its content is not text.  <plaintext> has none: it goes on to the
 * end of the input, as in HTML5. */
static void
set_close(struct zh_markup_state *st, const unsigned char *name, size_t n)
{
	size_t k;

	memset(st->close, 0, sizeof st->close);
	st->depth = 0;
	if (name == NULL || (!in_list(name, n, raw_text) &&
			     !in_list(name, n, code_like)))
		return;
	if (n == 9 && in_list(name, n, (const char *const[]){ "plaintext", NULL })) {
		st->close[0] = '*';
		return;
	}
	st->close[0] = '<';
	st->close[1] = '/';
	for (k = 0; k < n; k++)
		st->close[k + 2] = (char)lower(name[k]);
}

/* Is the content ST is in code (which may nest), not raw text? */
static int
close_nests(const struct zh_markup_state *st)
{
	size_t n = strlen(st->close + 2);

	return st->close[0] == '<' &&
	    in_list((const unsigned char *)st->close + 2, n, code_like);
}

/* Goes on inside a tag from I: past quoted values, up to its '>'. */
static size_t
tag_cont(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s, *p;
	size_t len = sc->len;
	int c, empty;

	for (; i < len; i++) {
		c = s[i];
		switch (st->aux) {
		case TAG_DQ:
		case TAG_SQ:
			p = memchr(s + i, st->aux == TAG_DQ ? '"' : '\'', len - i);
			if (p == NULL)
				return len;
			i = (size_t)(p - s);
			st->aux = TAG_ATTR;
			continue;
		case TAG_EQ:
			if (is_space(c))
				continue;
			if (c == '>')
				break;
			st->aux = c == '"' ? TAG_DQ : c == '\'' ? TAG_SQ : TAG_UNQ;
			continue;
		case TAG_UNQ:
			if (is_space(c))
				st->aux = TAG_ATTR;
			else if (c == '>')
				break;
			continue;
		default:
			if (c == '=')
				st->aux = TAG_EQ;
			else if (c == '>')
				break;
			continue;
		}
		/* The '>' that ends the tag.  HTML5 ignores the '/' of
		 * <script/> (the content goes on) except in <svg> and <math>,
		 * where it ends the element. */
		empty = st->aux == TAG_ATTR && i > 0 && s[i - 1] == '/' &&
		    st->foreign > 0;
		if (st->opening && !(i > 0 && s[i - 1] == '/') &&
		    st->foreign < MAXCOL)
			st->foreign++;
		st->opening = 0;
		st->aux = TAG_ATTR;
		if (st->close[0] != '\0' && !empty)
			st->in = IN_RAW;
		else
			html_reset(st);
		return i + 1;
	}
	return len;
}

/* Goes on inside the content of a <script>, <pre>... from I, up to the
 * name of its end tag (the rest of which is a tag like any other). */
static size_t
raw_cont(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s, *p;
	size_t len = sc->len, n, k;

	size_t m, c;
	int nests = close_nests(st);

	if (st->close[0] == '*')
		return len;		/* <plaintext> */
	for (n = 0; n < sizeof st->close && st->close[n] != '\0'; n++)
		;
	for (;;) {
		p = memchr(s + i, '<', len - i);
		if (p == NULL)
			return len;
		k = (size_t)(p - s);
		i = k + 1;
		/* A comment in code: its '<' and '>' are not tags. */
		if (nests && starts(s, k, len, "<!--")) {
			c = find(s, k + 4, len, "-->", 3);
			if (c != NOPOS)
				i = c + 3;
			continue;
		}
		/* An element like the one open, in code, nests. */
		if (nests && len - k > n - 1) {
			for (m = 1; m < n - 1 && lower(s[k + m]) == st->close[m + 1];
			     m++)
				;
			if (m == n - 1 && (k + m == len || is_space(s[k + m]) ||
					   s[k + m] == '/' || s[k + m] == '>')) {
				if (st->depth < MAXCOL)
					st->depth++;
				continue;
			}
		}
		if (n > 0 && len - k >= n) {
			for (m = 0; m < n && lower(s[k + m]) == st->close[m]; m++)
				;
			if (m == n && (k + n == len || is_space(s[k + n]) ||
				       s[k + n] == '/' || s[k + n] == '>')) {
				if (st->depth > 0) {
					st->depth--;
					continue;
				}
				html_reset(st);
				st->in = IN_TAG;
				return k + n;
			}
		}
	}
}

/* Returns the end of a comment whose text goes on at I: after "-->", or
 * (in HTML5) "--!>"; NOPOS when it does not end on the line. */
static size_t
comment_end(const unsigned char *s, size_t i, size_t len)
{
	size_t k;

	while ((k = find(s, i, len, "--", 2)) != NOPOS) {
		if (k + 2 < len && s[k + 2] == '>')
			return k + 3;
		if (k + 3 < len && s[k + 2] == '!' && s[k + 3] == '>')
			return k + 4;
		i = k + 1;
	}
	return NOPOS;
}

/* Goes on inside whatever HTML construct ST is in, from I.  Returns where
 * it ends, or LEN when it goes on at the next line. */
static size_t
html_cont(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	size_t k;
	const char *end;

	while (st->in != IN_TEXT && i < sc->len) {
		switch (st->in) {
		case IN_TAG:
			i = tag_cont(sc, i);
			continue;
		case IN_RAW:
			i = raw_cont(sc, i);
			continue;
		case IN_FCDATA:
			return i;	/* text: html_scan reads it */
		case IN_COMMENT:
			k = comment_end(sc->s, i, sc->len);
			if (k == NOPOS)
				return sc->len;
			html_reset(st);
			i = k;
			continue;
		case IN_CDATA:
			end = "]]>";
			break;
		case IN_PI:
			end = "?>";
			break;
		default:
			end = ">";
			break;
		}
		k = find(sc->s, i, sc->len, end, strlen(end));
		if (k == NOPOS)
			return sc->len;
		html_reset(st);
		i = k + strlen(end);
	}
	/* The end of a line ends an unquoted value. */
	if (st->in == IN_TAG && st->aux == TAG_UNQ)
		st->aux = TAG_ATTR;
	return i;
}

/* At a '<' at I: opens the construct it starts and goes on inside it.
 * Returns its end (LEN when it goes on at the next line), or I when the
 * '<' is text.  STRICT: as Markdown wants it (<! then a letter). */
static size_t
html_open(struct scan *sc, size_t i, int strict)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, j = i + 1, k;
	int closing;

	if (j >= len)
		return i;
	if (s[j] == '!') {
		if (starts(s, i, len, "<!--")) {
			/* <!--> and <!---> are whole comments. */
			j = i + 4;
			if (j < len && s[j] == '>')
				return j + 1;
			if (len - j >= 2 && s[j] == '-' && s[j + 1] == '>')
				return j + 2;
			st->in = IN_COMMENT;
			return html_cont(sc, j);
		}
		if (starts(s, i, len, "<![CDATA[")) {
			/* A CDATA section in <svg> or <math> holds text; in HTML
			 * it is a bogus comment, up to the first '>'. */
			if (!strict && st->foreign > 0) {
				st->in = IN_FCDATA;
				return i + 9;
			}
			st->in = strict ? IN_CDATA : IN_DECL;
			return html_cont(sc, i + 9);
		}
		if (strict && (j + 1 >= len || !is_alpha(s[j + 1])))
			return i;
		st->in = IN_DECL;
		return html_cont(sc, j + 1);
	}
	if (s[j] == '?') {
		/* HTML5 reads <?...> as a bogus comment, up to the first '>'. */
		st->in = strict ? IN_PI : IN_DECL;
		return html_cont(sc, j);
	}
	closing = s[j] == '/';
	if (closing)
		j++;
	if (!strict && closing && j < len && !is_alpha(s[j])) {
		/* </> is dropped, </ then anything else is a bogus comment. */
		if (s[j] == '>')
			return j + 1;
		st->in = IN_DECL;
		return html_cont(sc, j);
	}
	if (j >= len || !is_alpha(s[j]))
		return i;
	for (k = j + 1; k < len && !is_space(s[k]) && s[k] != '/' && s[k] != '>';
	     k++)
		;
	set_close(st, closing ? NULL : s + j, k - j);
	if (!strict && (starts(s, j, len, "svg") || starts(s, j, len, "math")) &&
	    k - j == (s[j] == 's' || s[j] == 'S' ? 3u : 4u)) {
		if (closing && st->foreign > 0)
			st->foreign--;
		st->opening = !closing;
	}
	st->in = IN_TAG;
	st->aux = TAG_ATTR;
	return html_cont(sc, k);
}

/* Reads HTML from I: protects whatever is not text. */
static void
html_scan(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, j;

	if (st->in_marker)
		i = marker_cont(sc, i, i);
	else if (st->in != IN_TEXT && st->in != IN_FCDATA) {
		j = html_cont(sc, i);
		protect(sc, i, j);
		i = j;
	}
	for (;;) {
		if (st->in == IN_FCDATA) {
			/* Text up to "]]>". */
			j = find(s, i, len, "]]>", 3);
			if (j == NOPOS)
				return;
			protect(sc, j, j + 3);
			html_reset(st);
			i = j + 3;
			continue;
		}
		while (i < len && s[i] != '<' && s[i] != '&' && !is_marker(sc, i))
			i++;
		if (i >= len)
			return;
		if (s[i] == '-') {
			i = marker_open(sc, i);
			continue;
		}
		j = s[i] == '&' ? entity(s, i, len, 0) : html_open(sc, i, 0);
		if (j == i) {
			i++;
			continue;
		}
		protect(sc, i, j);
		i = j;
	}
}

static void
html_line(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s + i;
	size_t n = sc->len - i;

	st->prev_blank = n == 0;
	if (st->in == IN_TEXT && !st->in_marker && memchr(s, '<', n) == NULL &&
	    memchr(s, '&', n) == NULL &&
	    (!st->markers || memchr(s, '{', n) == NULL))
		return;
	html_scan(sc, i);
}

/* ---- Markdown inlines ---------------------------------------------- */

/*
 * Checks a tag at I as CommonMark has it (a name, then attributes with
 * well-formed names and values).  Returns -1 when it is not a tag, 0 when
 * it is one so far but goes on at the next line, 1 when it ends on this
 * line, with *END after its '>'.
 */
static int
tag_valid(const unsigned char *s, size_t i, size_t len, size_t *end)
{
	size_t j = i + 1, k;
	int ws;

	if (j < len && s[j] == '/') {
		for (j++, k = j; k < len && (is_alnum(s[k]) || s[k] == '-'); k++)
			;
		if (k == j || !is_alpha(s[j]))
			return -1;
		while (k < len && is_space(s[k]))
			k++;
		if (k == len)
			return 0;
		if (s[k] != '>')
			return -1;
		*end = k + 1;
		return 1;
	}
	for (k = j; k < len && (is_alnum(s[k]) || s[k] == '-'); k++)
		;
	if (k == j || !is_alpha(s[j]))
		return -1;
	for (;;) {
		for (j = k; k < len && is_space(s[k]); k++)
			;
		ws = k > j;
		if (k == len)
			return 0;
		if (s[k] == '>' || (s[k] == '/' && k + 1 < len && s[k + 1] == '>')) {
			*end = k + (s[k] == '>' ? 1 : 2);
			return 1;
		}
		/* An attribute: a name, maybe a value. */
		if (!ws || !(is_alpha(s[k]) || s[k] == '_' || s[k] == ':'))
			return -1;
		while (k < len && (is_alnum(s[k]) || s[k] == '_' || s[k] == '.' ||
				   s[k] == ':' || s[k] == '-'))
			k++;
		for (j = k; j < len && is_space(s[j]); j++)
			;
		if (j == len || s[j] != '=')
			continue;
		for (j++; j < len && is_space(s[j]); j++)
			;
		if (j == len)
			return 0;
		if (s[j] == '"' || s[j] == '\'') {
			const unsigned char *q = memchr(s + j + 1, s[j], len - j - 1);

			if (q == NULL)
				return 0;
			k = (size_t)(q - s) + 1;
			continue;
		}
		for (k = j; k < len && !is_space(s[k]) && s[k] != '"' &&
			 s[k] != '\'' && s[k] != '=' && s[k] != '<' &&
			 s[k] != '>' && s[k] != '`'; k++)
			;
		if (k == j)
			return -1;
	}
}

/* Is the <!-- at I (if it is one) no comment to CommonMark 0.30: its text
 * starts with > or ->, or has -- in it before its end on the line? */
static int
bad_comment(const unsigned char *s, size_t i, size_t len)
{
	size_t k;

	if (!starts(s, i, len, "<!--"))
		return 0;
	i += 4;
	if (starts(s, i, len, ">") || starts(s, i, len, "->"))
		return 1;
	k = find(s, i, len, "--", 2);
	return k != NOPOS && !(k + 2 < len && s[k + 2] == '>');
}

/* Returns the end of an autolink at I (<https://...>, <a@b.org>), or
 * NOPOS. */
static size_t
autolink(const unsigned char *s, size_t i, size_t len)
{
	static const char local[] = ".!#$%&'*+/=?^_`{|}~-";
	size_t k = i + 1, n, start;

	/* A scheme of 2 to 32 characters, a colon, no spaces or <>. */
	if (k < len && is_alpha(s[k])) {
		for (n = k + 1; n < len && (is_alnum(s[n]) || s[n] == '+' ||
					    s[n] == '.' || s[n] == '-'); n++)
			;
		if (n < len && s[n] == ':' && n - k >= 2 && n - k <= 32) {
			for (n++; n < len && s[n] > ' ' && s[n] != 0x7f &&
				 s[n] != '<' && s[n] != '>'; n++)
				;
			if (n < len && s[n] == '>')
				return n + 1;
		}
	}
	/* An email address. */
	for (n = k; n < len && (is_alnum(s[n]) ||
				(s[n] != '\0' && strchr(local, s[n]) != NULL)); n++)
		;
	if (n == k || n >= len || s[n] != '@')
		return NOPOS;
	for (;;) {
		start = ++n;
		while (n < len && (is_alnum(s[n]) || s[n] == '-'))
			n++;
		if (n == start || n - start > 63 || s[start] == '-' ||
		    s[n - 1] == '-')
			return NOPOS;
		if (n < len && s[n] == '.')
			continue;
		break;
	}
	return n < len && s[n] == '>' ? n + 1 : NOPOS;
}

/*
 * Returns the end of a code span whose backticks start at I, or NOPOS
 * when they are not closed on the line.  A run that finds no match has no
 * match further on either, so with runs of at most MAXTICKS, a line is
 * searched at most MAXTICKS times in vain.
 */
static size_t
code_span(const unsigned char *s, size_t i, size_t len)
{
	size_t n = run_of(s, i, len, '`') - i, k = i + n, m;
	const unsigned char *p;

	if (n > MAXTICKS)
		return NOPOS;
	while ((p = memchr(s + k, '`', len - k)) != NULL) {
		k = (size_t)(p - s);
		m = run_of(s, k, len, '`') - k;
		if (m == n)
			return k + n;
		k += m;
	}
	return NOPOS;
}

/* Skips spaces and tabs, and at most one line end (in text joined from
 * several lines). */
static size_t
skip_ws(const unsigned char *s, size_t i, size_t len)
{
	int nl = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t' || (s[i] == '\n' && !nl++)))
		i++;
	return i;
}

/* Skips spaces and tabs only. */
static size_t
skip_sp(const unsigned char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Returns the end of a link destination at I: <...>, or a run of
 * non-spaces with balanced parentheses (which may be empty); NOPOS when
 * there is none. */
static size_t
destination(const unsigned char *s, size_t i, size_t len)
{
	int depth = 0;

	if (i < len && s[i] == '<') {
		for (i++; i < len && s[i] != '>'; i++) {
			if (s[i] == '<')
				return NOPOS;
			if (s[i] == '\\' && i + 1 < len)
				i++;
		}
		return i < len ? i + 1 : NOPOS;
	}
	while (i < len && s[i] > ' ' && s[i] != 0x7f) {
		if (s[i] == '\\' && i + 1 < len && is_punct(s[i + 1])) {
			i += 2;
			continue;
		}
		if (s[i] == '(' && ++depth > 32)
			return NOPOS;
		if (s[i] == ')' && depth-- == 0)
			break;
		i++;
	}
	return depth <= 0 ? i : NOPOS;
}

/* Returns the end of a link title at I ("...", '...' or (...)), or NOPOS
 * when it is not closed on the line. */
static size_t
title(const unsigned char *s, size_t i, size_t len)
{
	int close = s[i] == '(' ? ')' : s[i];

	for (i++; i < len && s[i] != close; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (close == ')' && s[i] == '(')
			return NOPOS;
	}
	return i < len ? i + 1 : NOPOS;
}

/* Returns the end of the (destination "title") of an inline link at I, or
 * NOPOS. */
static size_t
link_tail(const unsigned char *s, size_t i, size_t len)
{
	size_t j, k;

	j = skip_ws(s, i + 1, len);
	if (j >= len)
		return NOPOS;
	if (s[j] != ')') {
		j = destination(s, j, len);
		if (j == NOPOS)
			return NOPOS;
		k = skip_ws(s, j, len);
		if (k > j && k < len && (s[k] == '"' || s[k] == '\'' || s[k] == '(')) {
			k = title(s, k, len);
			if (k == NOPOS)
				return NOPOS;
			k = skip_ws(s, k, len);
		}
		j = k;
	}
	return j < len && s[j] == ')' ? j + 1 : NOPOS;
}

/* Reads Markdown inlines from I to the end of the line. */
static void
md_inline(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, j, e;
	int c;

	if (st->in_marker)
		i = marker_cont(sc, i, i);
	else if (st->in != IN_TEXT) {
		j = html_cont(sc, i);
		protect(sc, i, j);
		i = j;
	}
	while (i < len) {
		c = s[i];
		switch (c) {
		case '\\':
			/* An escaped character is text. */
			i += i + 1 < len && is_punct(s[i + 1]) ? 2 : 1;
			continue;
		case '`':
			j = code_span(s, i, len);
			if (j == NOPOS) {
				e = run_of(s, i, len, '`');
				/* A code span may close on a later line. */
				if (sc->para && code_ahead(sc, e - i)) {
					protect(sc, i, len);
					return;
				}
				i = e;
				continue;
			}
			break;
		case '<':
			j = autolink(s, i, len);
			if (j != NOPOS)
				break;
			j = i;
			if (i + 1 < len && (s[i + 1] == '!' || s[i + 1] == '?' ||
					    tag_valid(s, i, len, &e) >= 0) &&
			    !bad_comment(s, i, len))
				j = html_open(sc, i, 1);
			if (j == i) {
				i++;
				continue;
			}
			break;
		case '&':
			j = entity(s, i, len, 1);
			if (j == i) {
				i++;
				continue;
			}
			break;
		case '[':
			if (st->brackets < 32) {
				if (i > 0 && s[i - 1] == '!')
					st->bimg |= 1u << st->brackets;
				else
					st->bimg &= ~(1u << st->brackets);
			}
			if (st->brackets < MAXCOL)
				st->brackets++;
			i++;
			continue;
		case ']':
			/* [text](destination "title"): the text is text. */
			i++;
			if (st->brackets == 0)
				continue;
			st->brackets--;
			if (i >= len || s[i] != '(')
				continue;
			j = link_tail(s, i, len);
			if (j == NOPOS && !(sc->para && tail_ahead(sc, i)))
				continue;
			/* A link holds no link: the '[' open around it are text
			 * now, but for those of images. */
			if (st->brackets >= 32 || !(st->bimg >> st->brackets & 1)) {
				int n = st->brackets >= 32 ? 32 : st->brackets;

				n = __builtin_popcount(n == 32 ? st->bimg :
						       st->bimg & ((1u << n) - 1));
				st->brackets = n;
				st->bimg = n == 32 ? ~0u : (1u << n) - 1;
			}
			if (j == NOPOS) {
				protect(sc, i, len);
				return;
			}
			break;
		case '-':
			if (is_marker(sc, i)) {
				i = marker_open(sc, i);
				continue;
			}
			i++;
			continue;
		default:
			i++;
			continue;
		}
		protect(sc, i, j);
		i = j;
	}
}

/* Reads paragraph text from I, quickly when it holds nothing special. */
static void
md_text(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s;
	size_t n;

	/* A construct that opened on an earlier line. */
	if (st->cont > 0) {
		if (st->cont > 1) {
			st->cont--;
			protect(sc, i, sc->len);
			return;
		}
		n = (size_t)st->cont_end;
		st->cont = 0;
		if (n > sc->len - i)
			n = sc->len - i;
		protect(sc, i, i + n);
		i += n;
	}
	s = sc->s + i;
	n = sc->len - i;

	if (memchr(s, '`', n) == NULL && memchr(s, '<', n) == NULL &&
	    memchr(s, '[', n) == NULL && memchr(s, '&', n) == NULL &&
	    (st->brackets == 0 || memchr(s, ']', n) == NULL) &&
	    (!st->markers || memchr(s, '{', n) == NULL))
		return;
	md_inline(sc, i);
}

/* ---- Markdown blocks ----------------------------------------------- */

/* Skips up to MAX block quote markers (> ) from I; *DEPTH is how many. */
static size_t
quote_prefix(const unsigned char *s, size_t i, size_t len, int max, int *depth)
{
	size_t k;

	*depth = 0;
	while (*depth < max) {
		for (k = i; k < len && k - i < 3 && s[k] == ' '; k++)
			;
		if (k >= len || s[k] != '>')
			break;
		(*depth)++;
		i = k + 1;
		if (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	return i;
}

/* Is S[I..LEN) "---" or "+++" (front matter's delimiter), or with C != 0
 * the delimiter that closes front matter opened with C? */
static int
front_delim(const unsigned char *s, size_t i, size_t len, int c)
{
	if (len - i < 3 || !is_blank(s, i + 3, len))
		return 0;
	if (c == 0)
		return starts(s, i, len, "---") || starts(s, i, len, "+++");
	if (c == '-')
		return starts(s, i, len, "---") || starts(s, i, len, "...");
	return starts(s, i, len, "+++");
}

/* Takes the next line of the look-ahead from *POS into *LINE, *LEN
 * (without its line end); returns 0 when there is none. */
static int
next_line(const struct scan *sc, size_t *pos, const unsigned char **line,
	  size_t *len)
{
	const unsigned char *s = sc->next + *pos, *nl;
	size_t n = sc->nextlen - *pos;

	if (*pos >= sc->nextlen)
		return 0;
	nl = memchr(s, '\n', n);
	*line = s;
	*len = nl != NULL ? (size_t)(nl - s) : n;
	*pos += *len + (nl != NULL);
	if (nl != NULL && *len > 0 && s[*len - 1] == '\r')
		(*len)--;
	return 1;
}

/* Does the line S[0..LEN) look like the body of front matter whose
 * delimiter is C ('-': YAML, '+': TOML)?  Blank, indented, a comment, a
 * list item, a [table], or a key with ':' (or '=') after it. */
static int
front_body(const unsigned char *s, size_t len, int c)
{
	const unsigned char *sep;

	if (is_blank(s, 0, len) || s[0] == ' ' || s[0] == '\t' || s[0] == '#' ||
	    s[0] == '[' || (len >= 2 && s[0] == '-' && s[1] == ' '))
		return 1;
	sep = memchr(s, c == '-' ? ':' : '=', len);
	return sep != NULL && sep > s;
}

/* Is the "---" or "+++" at the start of the input (S[I..LEN)) front
 * matter: closed within ZH_MARKUP_HEAD lines of the look-ahead, by lines
 * that look like its body? */
static int
front_closes(const struct scan *sc, size_t i)
{
	const unsigned char *line;
	size_t pos = 0, len, n;
	int c = sc->s[i];

	for (n = 0; n < ZH_MARKUP_HEAD && next_line(sc, &pos, &line, &len); n++) {
		if (front_delim(line, 0, len, c))
			return 1;
		if (!front_body(line, len, c))
			return 0;
	}
	return 0;
}

/* Is the line from P (after any block quote markers) the fence that
 * closes ST's? */
static int
fence_close(const struct zh_markup_state *st, const unsigned char *s, size_t p,
	    size_t len)
{
	int col = 0;
	size_t q = skip_indent(s, p, len, &col), e;

	if (col > st->fence_indent + 3 || q >= len || s[q] != st->fence_char)
		return 0;
	e = run_of(s, q, len, s[q]);
	return (e - q >= MAXCOL || (int)(e - q) >= st->fence_len) &&
	    is_blank(s, e, len);
}

/* Is there an opening fence at Q? */
static int
is_fence(const unsigned char *s, size_t q, size_t len)
{
	size_t e = run_of(s, q, len, s[q]);

	return (s[q] == '`' || s[q] == '~') && e - q >= 3 &&
	    !(s[q] == '`' && memchr(s + e, '`', len - e) != NULL);
}

/* Opens a fence when there is one at Q, in a container at column BASE at
 * block quote depth DEPTH. */
static int
fence_open(struct zh_markup_state *st, const unsigned char *s, size_t q,
	   size_t len, int base, int depth)
{
	size_t e = run_of(s, q, len, s[q]);

	if (!is_fence(s, q, len))
		return 0;
	st->block = MB_FENCE;
	st->fence_char = s[q];
	st->fence_len = e - q >= MAXCOL ? MAXCOL : (int)(e - q);
	st->fence_indent = base;
	st->fence_quote = depth;
	return 1;
}

/* Returns the kind (1 to 7, as CommonMark numbers them) of the HTML block
 * that starts at Q, or 0.  PARA: it would interrupt a paragraph. */
static int
html_block(const unsigned char *s, size_t q, size_t len, int para)
{
	static const char *const raw[] = {
		"pre", "script", "style", "textarea", NULL
	};
	static const char *const block[] = {
		"address", "article", "aside", "base", "basefont", "blockquote",
		"body", "caption", "center", "col", "colgroup", "dd", "details",
		"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
		"figure", "footer", "form", "frame", "frameset", "h1", "h2",
		"h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe",
		"legend", "li", "link", "main", "menu", "menuitem", "nav",
		"noframes", "ol", "optgroup", "option", "p", "param", "search",
		"section", "summary", "table", "tbody", "td", "tfoot", "th",
		"thead", "title", "tr", "track", "ul", NULL
	};
	size_t j = q + 1, k, end;
	int closing;

	if (j >= len)
		return 0;
	if (starts(s, q, len, "<!--"))
		return 2;
	if (s[j] == '?')
		return 3;
	if (starts(s, q, len, "<![CDATA["))
		return 5;
	if (s[j] == '!')
		return j + 1 < len && is_alpha(s[j + 1]) ? 4 : 0;
	closing = s[j] == '/';
	if (closing)
		j++;
	for (k = j; k < len && (is_alnum(s[k]) || s[k] == '-'); k++)
		;
	if (k == j || !is_alpha(s[j]))
		return 0;
	if (!closing && in_list(s + j, k - j, raw) &&
	    (k == len || s[k] == ' ' || s[k] == '\t' || s[k] == '>'))
		return 1;
	if (in_list(s + j, k - j, block) &&
	    (k == len || is_space(s[k]) || s[k] == '>' ||
	     (s[k] == '/' && k + 1 < len && s[k + 1] == '>')))
		return 6;
	if (!para && tag_valid(s, q, len, &end) == 1 && is_blank(s, end, len))
		return 7;
	return 0;
}

/*
 * Returns the end of a reference definition at Q ([id]: url "title"), in
 * text that may be joined from several lines, with *AFTER set after its
 * "]:"; NOPOS when there is none.  The destination may be on the next
 * line, and so may the title; a title followed by more than spaces on its
 * line is no title, and when it starts on the destination's line, there
 * is no definition either.
 */
static size_t
definition(const unsigned char *s, size_t q, size_t len, size_t *after)
{
	size_t k, j, d, t, e;

	/* [^1]: is a footnote, whose text is text. */
	if (q + 1 < len && s[q + 1] == '^')
		return NOPOS;
	for (k = q + 1; k < len && s[k] != ']' && k - q <= 1000; k++) {
		if (s[k] == '[')
			return NOPOS;
		if (s[k] == '\\' && k + 1 < len)
			k++;
	}
	if (k >= len || s[k] != ']' || is_blank(s, q + 1, k) || k + 1 >= len ||
	    s[k + 1] != ':')
		return NOPOS;
	j = k + 2;
	*after = j;
	d = skip_ws(s, j, len);
	if (d >= len)
		return NOPOS;
	k = destination(s, d, len);
	if (k == NOPOS || k == d)
		return NOPOS;
	t = skip_ws(s, k, len);
	if (t > k && t < len && (s[t] == '"' || s[t] == '\'' || s[t] == '(')) {
		e = title(s, t, len);
		if (e != NOPOS) {
			e = skip_sp(s, e, len);
			if (e == len || s[e] == '\n')
				return e;
		}
	}
	/* No title: the destination ends its line. */
	e = skip_sp(s, k, len);
	return e == len || s[e] == '\n' ? e : NOPOS;
}

/* Is there an ATX heading (# to ######) at Q? */
static int
heading(const unsigned char *s, size_t q, size_t len)
{
	size_t e = run_of(s, q, len, '#');

	return e - q <= 6 && (e == len || s[e] == ' ' || s[e] == '\t');
}

/* Is the line from Q a thematic break (* * *, ---, ___), or, after a
 * paragraph (PARA), a setext underline (===, ---)? */
static int
rule_line(const unsigned char *s, size_t q, size_t len, int para)
{
	int c = s[q], n = 0;
	size_t e;

	if (para && (c == '=' || c == '-')) {
		e = run_of(s, q, len, c);
		if (is_blank(s, e, len))
			return 1;
	}
	if (c != '*' && c != '-' && c != '_')
		return 0;
	for (; q < len; q++) {
		if (s[q] == c)
			n++;
		else if (s[q] != ' ' && s[q] != '\t')
			return 0;
	}
	return n >= 3;
}

/*
 * Returns where the content of a list item whose marker is at Q (column
 * COL) starts, with *CCOL its column and *EMPTY set when there is none;
 * NOPOS when there is no list item.  PARA: it would interrupt a paragraph.
 * *CODE is set when the content starts with indented code (five columns
 * or more after the marker): the item's content is then one column after
 * the marker, and the code is what follows.
 */
static size_t
list_item(const unsigned char *s, size_t q, size_t len, int col, int para,
	  int *ccol, int *empty, int *code)
{
	size_t k = q, m;
	int w, sp;

	if (s[k] == '-' || s[k] == '+' || s[k] == '*')
		k++;
	else {
		while (k < len && k - q < 10 && is_digit(s[k]))
			k++;
		if (k == q || k - q > 9 || k >= len ||
		    (s[k] != '.' && s[k] != ')'))
			return NOPOS;
		/* Only a list starting at 1 interrupts a paragraph. */
		if (para && (k - q != 1 || s[q] != '1'))
			return NOPOS;
		k++;
	}
	if (k < len && s[k] != ' ' && s[k] != '\t')
		return NOPOS;
	w = col + (int)(k - q);
	/* Tabs stop at columns of the line, not of the content. */
	sp = w;
	m = skip_indent(s, k, len, &sp);
	sp -= w;
	*empty = m >= len;
	if (*empty && para)
		return NOPOS;
	*code = !*empty && sp > 4;
	*ccol = w + (*empty || sp > 4 ? 1 : sp);
	return m;
}

/* Pushes a list item whose content is at column CCOL, above the first N
 * open ones. */
static void
push_list(struct zh_markup_state *st, int n, int ccol)
{
	if (n >= (int)sizeof st->lists)
		n = (int)sizeof st->lists - 1;
	st->lists[n] = (unsigned char)(ccol > 255 ? 255 : ccol);
	st->nlists = n + 1;
}

/* ---- Looking ahead in a paragraph ---------------------------------- */

/*
 * A code span may go on to any later line of its paragraph.  A link's
 * (destination "title") and a reference definition may go on over lines
 * too: they are looked for in the rest of the line joined with the
 * paragraph's next lines, as far as JOIN_MAX bytes and JOIN_LINES lines.
 */
#define JOIN_MAX	4096
#define JOIN_LINES	16
#define LINE_BUDGET	4	/* link look-aheads on one line */

struct joined {
	unsigned char s[JOIN_MAX];
	size_t len;
	size_t start[JOIN_LINES + 1];	/* where line K's text starts in s */
	int n;				/* lines in s */
};

/*
 * Does the line S[0..LEN) of the look-ahead go on with the paragraph the
 * current line is in (as ST has it), rather than end it?  Sets *START to
 * where its text starts.
 */
static int
para_cont(const struct zh_markup_state *st, const unsigned char *s, size_t len,
	  size_t *start)
{
	size_t p, q;
	int depth, col = 0, n, base, ccol, empty, code;

	p = quote_prefix(s, 0, len, MAXCOL, &depth);
	if (depth > st->quote || is_blank(s, p, len))
		return 0;
	q = skip_indent(s, p, len, &col);
	*start = q;
	for (n = st->nlists; n > 0 && st->lists[n - 1] > col; n--)
		;
	base = n > 0 ? st->lists[n - 1] : 0;
	if (col >= base + 4)
		return 1;	/* indented code does not interrupt */
	if (is_fence(s, q, len) || (s[q] == '#' && heading(s, q, len)) ||
	    rule_line(s, q, len, 1) ||
	    (s[q] == '<' && html_block(s, q, len, 1) != 0) ||
	    list_item(s, q, len, col, 1, &ccol, &empty, &code) != NOPOS)
		return 0;
	return 1;
}

/* Joins S[FROM..LEN) of the current line with the text of the next lines
 * of its paragraph into JN, as far as they fit whole.  JN->n is 0 when
 * the line alone does not fit. */
static void
join(const struct scan *sc, size_t from, struct joined *jn)
{
	const unsigned char *line;
	size_t pos = 0, len, start, n = sc->len - from;

	jn->n = 0;
	jn->len = 0;
	if (n > JOIN_MAX)
		return;
	memcpy(jn->s, sc->s + from, n);
	jn->len = n;
	jn->start[0] = 0;
	jn->n = 1;
	while (jn->n <= JOIN_LINES && next_line(sc, &pos, &line, &len) &&
	       para_cont(sc->st, line, len, &start)) {
		n = len - start;
		if (n + 1 > JOIN_MAX - jn->len)
			break;
		jn->s[jn->len++] = '\n';
		jn->start[jn->n++] = jn->len;
		memcpy(jn->s + jn->len, line + start, n);
		jn->len += n;
	}
}

/* Notes in ST that a construct goes on to E in JN; returns 0 when E is on
 * the current line. */
static int
carry(struct zh_markup_state *st, const struct joined *jn, size_t e)
{
	int k = jn->n - 1;

	while (k > 0 && jn->start[k] > e)
		k--;
	if (k == 0)
		return 0;
	st->cont = k;
	st->cont_end = (int)(e - jn->start[k]);
	return 1;
}

/* Does a code span opened by a run of N backticks at the end of the
 * current line's text close on a later line of the paragraph?  If so,
 * notes where in ST. */
static int
code_ahead(struct scan *sc, size_t n)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *line, *p;
	size_t pos = 0, len, start, k, m;
	int lines = 0;

	if (n >= 64 || (st->tick_fail >> n & 1))
		return 0;
	while (next_line(sc, &pos, &line, &len) &&
	       para_cont(st, line, len, &start)) {
		lines++;
		for (k = start; k < len &&
			 (p = memchr(line + k, '`', len - k)) != NULL; k += m) {
			k = (size_t)(p - line);
			m = run_of(line, k, len, '`') - k;
			if (m == n && lines < MAXCOL) {
				st->cont = lines;
				st->cont_end = (int)(k + m - start);
				return 1;
			}
		}
	}
	/* Later lines of the paragraph hold no closer either. */
	st->tick_fail |= 1ULL << n;
	return 0;
}

/* Does the (destination "title") of a link at I, which does not end on
 * the current line, end on a later line?  If so, notes where in ST. */
static int
tail_ahead(struct scan *sc, size_t i)
{
	struct joined jn;
	size_t e;

	if (sc->nextlen == 0 || sc->budget <= 0)
		return 0;
	sc->budget--;
	join(sc, i, &jn);
	if (jn.n < 2)
		return 0;
	e = link_tail(jn.s, 0, jn.len);
	return e != NOPOS && carry(sc->st, &jn, e);
}

/* Is there a reference definition at Q, maybe over several lines?
 * Protects it and notes in ST the lines it goes on to. */
static int
md_definition(struct scan *sc, size_t q)
{
	struct joined jn;
	size_t e, j;

	if (sc->nextlen > 0) {
		join(sc, q, &jn);
		if (jn.n > 1) {
			e = definition(jn.s, 0, jn.len, &j);
			if (e == NOPOS)
				return 0;
			protect(sc, q + j, sc->len);
			if (carry(sc->st, &jn, e))
				sc->st->cont_def = 1;
			return 1;
		}
	}
	if (definition(sc->s, q, sc->len, &j) == NOPOS)
		return 0;
	protect(sc, j, sc->len);
	return 1;
}

/* A Markdown line that starts in no block and no construct, from I. */
static void
md_block(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, p, q, j;
	int depth, col = 0, n, base, para = st->para, item = 0, kind, ccol, empty;
	int items = 0, code, cont = st->cont, def = st->cont_def;

	/* What goes on from the line before is taken up where the line
	 * turns out to go on with it. */
	st->cont = 0;
	st->cont_def = 0;
	p = quote_prefix(s, i, len, MAXCOL, &depth);
	if (depth != st->quote) {
		st->nlists = 0;
		st->quote = depth;
	}
	if (is_blank(s, p, len)) {
		/* A blank line in a block quote. */
		st->block = MB_NONE;
		html_reset(st);
		st->brackets = 0;
		st->para = 0;
		st->prev_blank = 1;
		return;
	}
	q = skip_indent(s, p, len, &col);
	/* The list item the line belongs to. */
	for (n = st->nlists; n > 0 && st->lists[n - 1] > col; n--)
		;
	base = n > 0 ? st->lists[n - 1] : 0;
	if (def && cont > 0) {
		/* A reference definition goes on. */
		if (cont > 1) {
			st->cont = cont - 1;
			st->cont_def = 1;
			protect(sc, q, len);
		} else
			protect(sc, q, q + ((size_t)st->cont_end < len - q ?
					     (size_t)st->cont_end : len - q));
		st->para = 0;
		st->brackets = 0;
		return;
	}
	if (col >= base + 4) {
		if (!para) {
			/* Indented code. */
			st->nlists = n;
			st->block = MB_CODE;
			st->brackets = 0;
			protect(sc, i, len);
			return;
		}
		st->block = MB_NONE;
		st->cont = cont;
		sc->para = 1;
		md_text(sc, q);
		return;
	}
	st->block = MB_NONE;
	for (;;) {
		if ((s[q] == '`' || s[q] == '~') &&
		    fence_open(st, s, q, len, base, depth)) {
			st->nlists = n;
			st->para = 0;
			st->brackets = 0;
			protect(sc, i, len);
			return;
		}
		if (s[q] == '<' && (kind = html_block(s, q, len, para)) != 0) {
			st->nlists = n;
			st->para = 0;
			st->brackets = 0;
			st->block = MB_HTML;
			st->html_kind = kind;
			html_scan(sc, q);
			if (kind < 6 && st->in == IN_TEXT && !st->in_marker)
				st->block = MB_NONE;
			return;
		}
		if (s[q] == '[' && !para && md_definition(sc, q)) {
			st->nlists = n;
			st->para = 0;
			st->brackets = 0;
			return;
		}
		if (s[q] == '#' && heading(s, q, len)) {
			st->nlists = n;
			st->brackets = 0;
			md_text(sc, q);
			/* A heading is one line: nothing in it goes on. */
			if (!st->in_marker)
				html_reset(st);
			st->brackets = 0;
			st->para = 0;
			return;
		}
		if (rule_line(s, q, len, para)) {
			st->nlists = n;
			st->para = 0;
			return;
		}
		/* As many list markers on a line as there is room for. */
		if (items++ == (int)sizeof st->lists)
			break;
		j = list_item(s, q, len, col, para, &ccol, &empty, &code);
		if (j == NOPOS)
			break;
		push_list(st, n, ccol);
		n = st->nlists;
		item = 1;
		para = 0;
		if (empty) {
			st->para = 0;
			return;
		}
		if (code) {
			/* The item starts with indented code. */
			st->block = MB_CODE;
			st->para = 0;
			st->brackets = 0;
			protect(sc, j, len);
			return;
		}
		q = j;
		col = base = ccol;
		if (s[q] == '>') {
			int d;

			/* A block quote in the item.  Its markers count with
			 * any before the item, and the next lines find them
			 * after the item's indentation, so the lists open are
			 * forgotten: a fence or code in the quote is seen. */
			q = quote_prefix(s, q, len, MAXCOL, &d);
			depth += d;
			st->quote = depth;
			st->nlists = n = 0;
			if (is_blank(s, q, len)) {
				st->para = 0;
				return;
			}
			col = base = 0;
			q = skip_indent(s, q, len, &col);
		}
	}
	/* Paragraph text: a lazy continuation line closes no list item. */
	if (!item && !para)
		st->nlists = n;
	if (!para) {
		st->brackets = 0;
		st->bimg = 0;
		st->tick_fail = 0;
	} else
		st->cont = cont;
	st->para = 1;
	sc->para = 1;
	md_text(sc, q);
}

static void
md_line(struct scan *sc, size_t i, int first)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, p;
	int blank = is_blank(s, i, len), depth;

	if (first && front_delim(s, i, len, 0) && front_closes(sc, i)) {
		st->block = MB_FRONT;
		st->fence_char = s[i];
		st->prev_blank = 0;
		protect(sc, i, len);
		return;
	}
	if (st->block == MB_FRONT) {
		if (front_delim(s, i, len, st->fence_char))
			st->block = MB_NONE;
		st->prev_blank = blank;
		protect(sc, i, len);
		return;
	}
	if (st->block == MB_FENCE) {
		int col = 0;

		p = quote_prefix(s, i, len, st->fence_quote, &depth);
		/* A line indented less than the list item the fence is in
		 * ends the item, and the fence with it. */
		if (depth >= st->fence_quote && !is_blank(s, p, len) &&
		    (skip_indent(s, p, len, &col), col < st->fence_indent))
			depth = -1;
		if (depth >= st->fence_quote) {
			if (fence_close(st, s, p, len))
				st->block = MB_NONE;
			st->prev_blank = blank;
			protect(sc, i, len);
			return;
		}
		/* The block quote around the fence ended, and the fence. */
		st->block = MB_NONE;
	}
	if (st->in_marker) {
		i = marker_cont(sc, i, i);
		if (!st->in_marker) {
			if (st->block == MB_HTML)
				html_scan(sc, i);
			else
				md_inline(sc, i);
		}
		st->prev_blank = blank;
		return;
	}
	if (st->block == MB_HTML) {
		if (blank && st->html_kind >= 6) {
			st->block = MB_NONE;
			html_reset(st);
			st->prev_blank = 1;
			return;
		}
		html_scan(sc, i);
		if (st->html_kind < 6 && st->in == IN_TEXT && !st->in_marker)
			st->block = MB_NONE;
		st->prev_blank = blank;
		return;
	}
	st->prev_blank = blank;
	if (blank) {
		/* Blank lines inside indented code are code. */
		if (st->block == MB_CODE)
			protect(sc, i, len);
		html_reset(st);
		st->brackets = 0;
		st->para = 0;
		st->cont = 0;
		st->cont_def = 0;
		return;
	}
	if (st->in != IN_TEXT) {
		/* Inline HTML going on from the line before. */
		st->block = MB_NONE;
		md_inline(sc, i);
		return;
	}
	md_block(sc, i);
}

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
	switch (st->kind) {
	case ZH_MARKUP_HTML:
		html_line(&sc, i);
		break;
	case ZH_MARKUP_MARKDOWN:
		md_line(&sc, i, first);
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

/* Does S[0..N) hold a byte that may be markup: ASCII, not a letter or a
 * digit? */
static int
may_be_markup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x80 && !is_alnum((unsigned char)s[i]))
			return 1;
	return 0;
}

int
zh_markup_keeps(const struct zh_markup_state *st, const char *text,
		size_t len, const char *next, size_t nextlen, size_t s,
		size_t e, const char *repl, size_t rlen,
		struct zh_buf *line, struct zh_buf *spans)
{
	struct zh_markup_state a = *st, b = *st;
	struct collected ca, cb;
	const struct kept_span *x, *y;
	size_t off, k, shift;
	int same;

	if (st->kind == ZH_MARKUP_TEXT ||
	    (!may_be_markup(text + s, e - s) && !may_be_markup(repl, rlen)))
		return 1;
	zh_buf_clear(line);
	zh_buf_append(line, text, s);
	zh_buf_append(line, repl, rlen);
	zh_buf_append(line, text + e, len - e);
	zh_buf_clear(spans);
	ca.b = cb.b = spans;
	ca.n = cb.n = 0;
	zh_markup_line(&a, text, len, next, nextlen, collect, &ca);
	off = spans->len;
	zh_markup_line(&b, line->len > 0 ? line->data : "", line->len, next,
		       nextlen, collect, &cb);
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
