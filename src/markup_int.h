/*
 * markup_int.h - what the files of the markup stage share: markup.c (the
 * interface, -{text}- and plain text), markup_html.c (HTML) and
 * markup_md.c (Markdown).  Not for other modules: markup.h is the
 * stage's interface.  Nothing here allocates.
 */
#ifndef ZH_MARKUP_INT_H
#define ZH_MARKUP_INT_H

#include <string.h>

#include "markup.h"

#define NOPOS	((size_t)-1)
#define MAXCOL	(1 << 20)	/* columns and fence lengths stop counting here */
#define MAXTICKS 64		/* a longer run of backticks opens no code span */
#define LINE_BUDGET 4		/* Markdown link look-aheads on one line */

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

/* The element of the tag being read (st->elem). */
enum {
	EL_NONE,	/* an end tag: its attributes are nothing */
	EL_OTHER,
	EL_INPUT,
	EL_META
};

/* The attribute whose value comes next (st->attr). */
enum {
	AT_NONE,
	AT_TEXT,	/* title, alt...: always visible text */
	AT_LANG,	/* lang, xml:lang */
	AT_VALUE,	/* value: text in a button <input> */
	AT_CONTENT,	/* content: text or a language in some <meta> */
	AT_TYPE,	/* type, name, property, http-equiv: they qualify */
	AT_NAME,
	AT_PROPERTY,
	AT_EQUIV
};

/* What the tag's attributes say (st->qual, bits). */
enum {
	QU_BUTTON = 1,	/* <input type=button|submit|reset> */
	QU_TEXT = 2,	/* <meta name=description|keywords|og:*|twitter:*> */
	QU_LANG = 4	/* <meta http-equiv=content-language> */
};

#define MAXCAND 16	/* values kept on a line until the tag's end */

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
	/* Attribute values of the tag being read, on this line, until it
	 * is known whether they are text (markup_html.c). */
	struct cand {
		size_t start, end;
		int attr, kind;
	} cand[MAXCAND];
	int ncand;
};

static inline int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static inline int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

static inline int
is_punct(int c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	    (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static inline int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline void
protect(struct scan *sc, size_t start, size_t end)
{
	if (sc->span != NULL && start < end)
		sc->span(sc->ctx, start, end, ZH_SPAN_PROTECT);
}

static inline void
strip(struct scan *sc, size_t start, size_t end)
{
	if (sc->span != NULL)
		sc->span(sc->ctx, start, end, ZH_SPAN_STRIP);
}

/* Returns where PAT[0..N) is first found in S[I..LEN), or NOPOS. */
static inline size_t
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
static inline int
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
static inline int
is_blank(const unsigned char *s, size_t i, size_t len)
{
	for (; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Returns the end of the run of C's at S[I]. */
static inline size_t
run_of(const unsigned char *s, size_t i, size_t len, int c)
{
	while (i < len && s[i] == c)
		i++;
	return i;
}

/* Skips spaces and tabs from I; adds their width to *COL (tab stops every
 * four columns). */
static inline size_t
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
static inline int
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
static inline size_t
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
static inline size_t
marker_open(struct scan *sc, size_t i)
{
	strip(sc, i, i + 2);
	sc->st->in_marker = 1;
	return marker_cont(sc, i, i + 2);
}

/* Is there a -{ at I? */
static inline int
is_marker(const struct scan *sc, size_t i)
{
	return sc->st->markers && sc->s[i] == '-' && i + 1 < sc->len &&
	    sc->s[i + 1] == '{';
}

/* ---- HTML (markup_html.c) ----------------------------------------- */

/* Forgets any HTML construct left open. */
void zh_markup_html_reset(struct zh_markup_state *st);
/* Returns the end of a character reference at I, or I; SEMI: the ';' is
 * required. */
size_t zh_markup_entity(const unsigned char *s, size_t i, size_t len,
			int semi);
/* Goes on inside the HTML construct the state is in, from I; returns
 * where it ends, or the line's length when it goes on. */
size_t zh_markup_html_cont(struct scan *sc, size_t i);
/* At a '<' at I: opens what it starts and goes on inside it; returns its
 * end, or I when the '<' is text.  STRICT: as Markdown wants it. */
size_t zh_markup_html_open(struct scan *sc, size_t i, int strict);
/* Reads HTML from I to the end of the line: protects what is not text. */
void zh_markup_html_scan(struct scan *sc, size_t i);
/* A line of an HTML input, from I. */
void zh_markup_html_line(struct scan *sc, size_t i);

/* ---- Markdown (markup_md.c) --------------------------------------- */

/* Reports a value range of KIND, [START, END), when it is not empty. */
static inline void
value_span(struct scan *sc, size_t start, size_t end, enum zh_span_kind kind)
{
	if (sc->span != NULL && start < end)
		sc->span(sc->ctx, start, end, kind);
}

/* A line of a Markdown input, from I; FIRST: the input's first line. */
void zh_markup_md_line(struct scan *sc, size_t i, int first);

#endif
