/*
 * markup_html.c - the markup stage's HTML, read as HTML5's tokenizer
 * reads it (see markup.h): tags with all their attributes, comments
 * (ended by --> or --!>), declarations and bogus comments (<?...>, </ 1>,
 * and CDATA outside <svg> and <math>, all up to the first '>'), character
 * references, the raw text of <script>, <style>, <textarea>, <xmp>,
 * <iframe>, <noembed> and <noframes> up to its end tag, everything after
 * <plaintext>, and the content of <code>, <pre>, <kbd> and <samp>, which
 * nest, up to the end tag that matches, are protected.  In <svg> and
 * <math>, a CDATA section's text is text.  Markdown's inline HTML and
 * HTML blocks are read here too.
 */
#include "config.h"

#include <string.h>

#include "markup_int.h"

/* Forgets any HTML construct left open. */
void
zh_markup_html_reset(struct zh_markup_state *st)
{
	st->in = IN_TEXT;
	st->aux = TAG_ATTR;
	st->depth = 0;
	st->opening = 0;
	st->elem = EL_NONE;
	st->attr = AT_NONE;
	st->qual = 0;
	memset(st->close, 0, sizeof st->close);
}

/* Returns the end of a character reference at I (&amp; &#20013; &#x4E2D;),
 * or I.  SEMI: the ';' is required. */
size_t
zh_markup_entity(const unsigned char *s, size_t i, size_t len, int semi)
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

/* Attributes whose values are visible text, and those that are languages. */
static const char *const text_attrs[] = {
	"title", "alt", "placeholder", "aria-label", "aria-description",
	"label", NULL
};
static const char *const lang_attrs[] = {
	"lang", "xml:lang", NULL
};

/* What the attribute NAME[0..N) is (AT_...), in an element of kind EL. */
static int
attr_kind(int el, const unsigned char *name, size_t n)
{
	if (el == EL_NONE)
		return AT_NONE;
	if (in_list(name, n, text_attrs))
		return AT_TEXT;
	if (in_list(name, n, lang_attrs))
		return AT_LANG;
	if (el == EL_INPUT) {
		if (in_list(name, n, (const char *const[]){ "value", NULL }))
			return AT_VALUE;
		if (in_list(name, n, (const char *const[]){ "type", NULL }))
			return AT_TYPE;
	}
	if (el == EL_META) {
		if (in_list(name, n, (const char *const[]){ "content", NULL }))
			return AT_CONTENT;
		if (in_list(name, n, (const char *const[]){ "name", NULL }))
			return AT_NAME;
		if (in_list(name, n, (const char *const[]){ "property", NULL }))
			return AT_PROPERTY;
		if (in_list(name, n, (const char *const[]){ "http-equiv", NULL }))
			return AT_EQUIV;
	}
	return AT_NONE;
}

/* Notes in ST what the value V[0..N) of a qualifying attribute says. */
static void
qualify(struct zh_markup_state *st, const unsigned char *v, size_t n)
{
	static const char *const buttons[] = { "button", "submit", "reset",
					       NULL };
	static const char *const names[] = { "description", "keywords", NULL };

	switch (st->attr) {
	case AT_TYPE:
		if (in_list(v, n, buttons))
			st->qual |= QU_BUTTON;
		break;
	case AT_NAME:
		if (in_list(v, n, names))
			st->qual |= QU_TEXT;
		/* FALLTHROUGH */
	case AT_PROPERTY:
		if ((n > 3 && starts(v, 0, n, "og:")) ||
		    (n > 8 && starts(v, 0, n, "twitter:")))
			st->qual |= QU_TEXT;
		break;
	case AT_EQUIV:
		if (in_list(v, n, (const char *const[]){ "content-language",
							 NULL }))
			st->qual |= QU_LANG;
		break;
	}
}

/* A value [START, END) of the tag, quoted as AUX says; WHOLE: it starts
 * on this line. */
static void
value_seen(struct scan *sc, size_t start, size_t end, int whole)
{
	struct zh_markup_state *st = sc->st;
	struct cand *c;

	if (st->attr >= AT_TYPE) {
		if (whole)
			qualify(st, sc->s + start, end - start);
		return;
	}
	if (st->attr == AT_NONE || sc->span == NULL || start >= end ||
	    sc->ncand >= MAXCAND)
		return;
	c = &sc->cand[sc->ncand++];
	c->start = start;
	c->end = end;
	c->attr = st->attr;
	c->kind = st->aux == TAG_DQ ? ZH_SPAN_VALUE_DQ :
	    st->aux == TAG_SQ ? ZH_SPAN_VALUE_SQ : ZH_SPAN_VALUE_UNQ;
}

/* Reports the values of the tag kept on this line, now that what its
 * attributes say is known (as far as this line goes). */
static void
values_flush(struct scan *sc)
{
	const struct zh_markup_state *st = sc->st;
	const struct cand *c;
	int k;

	for (k = 0; k < sc->ncand; k++) {
		c = &sc->cand[k];
		switch (c->attr) {
		case AT_TEXT:
			value_span(sc, c->start, c->end, c->kind);
			break;
		case AT_LANG:
			value_span(sc, c->start, c->end, ZH_SPAN_LANG);
			break;
		case AT_VALUE:
			if (st->elem == EL_INPUT && (st->qual & QU_BUTTON))
				value_span(sc, c->start, c->end, c->kind);
			break;
		case AT_CONTENT:
			if (st->elem != EL_META)
				break;
			if (st->qual & QU_LANG)
				value_span(sc, c->start, c->end, ZH_SPAN_LANG);
			else if (st->qual & QU_TEXT)
				value_span(sc, c->start, c->end, c->kind);
			break;
		}
	}
	sc->ncand = 0;
}

/* Goes on inside a tag from I: past quoted values, up to its '>'.  Notes
 * the attributes it goes past, for values_flush. */
static size_t
tag_cont(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s, *p;
	size_t len = sc->len, name = NOPOS, val = i;
	int c, empty, whole = 0;

	for (; i < len; i++) {
		c = s[i];
		switch (st->aux) {
		case TAG_DQ:
		case TAG_SQ:
			p = memchr(s + i, st->aux == TAG_DQ ? '"' : '\'', len - i);
			if (p == NULL) {
				value_seen(sc, val, len, 0);
				values_flush(sc);
				return len;
			}
			i = (size_t)(p - s);
			value_seen(sc, val, i, whole);
			st->aux = TAG_ATTR;
			st->attr = AT_NONE;
			continue;
		case TAG_EQ:
			if (is_space(c))
				continue;
			if (c == '>')
				break;
			st->aux = c == '"' ? TAG_DQ : c == '\'' ? TAG_SQ : TAG_UNQ;
			val = c == '"' || c == '\'' ? i + 1 : i;
			whole = 1;
			continue;
		case TAG_UNQ:
			if (is_space(c) || c == '>') {
				value_seen(sc, val, i, whole);
				st->attr = AT_NONE;
			}
			if (is_space(c))
				st->aux = TAG_ATTR;
			else if (c == '>')
				break;
			continue;
		default:
			if (name != NOPOS && (is_space(c) || c == '=' ||
					      c == '>' || c == '/')) {
				st->attr = attr_kind(st->elem, s + name, i - name);
				name = NOPOS;
			} else if (name == NOPOS && !is_space(c) && c != '=' &&
				   c != '>' && c != '/')
				name = i;
			if (c == '=')
				st->aux = TAG_EQ;
			else if (c == '>')
				break;
			continue;
		}
		/* The '>' that ends the tag.  HTML5 ignores the '/' of
		 * <script/> (the content goes on) except in <svg> and <math>,
		 * where it ends the element. */
		values_flush(sc);
		empty = st->aux == TAG_ATTR && i > 0 && s[i - 1] == '/' &&
		    st->foreign > 0;
		if (st->opening && !(i > 0 && s[i - 1] == '/') &&
		    st->foreign < MAXCOL)
			st->foreign++;
		st->opening = 0;
		st->aux = TAG_ATTR;
		st->elem = EL_NONE;
		st->attr = AT_NONE;
		st->qual = 0;
		if (st->close[0] != '\0' && !empty)
			st->in = IN_RAW;
		else
			zh_markup_html_reset(st);
		return i + 1;
	}
	if (name != NOPOS)
		st->attr = attr_kind(st->elem, s + name, len - name);
	if (st->aux == TAG_UNQ) {
		value_seen(sc, val, len, whole);
		st->attr = AT_NONE;
	}
	values_flush(sc);
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
				zh_markup_html_reset(st);
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
size_t
zh_markup_html_cont(struct scan *sc, size_t i)
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
			zh_markup_html_reset(st);
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
		zh_markup_html_reset(st);
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
size_t
zh_markup_html_open(struct scan *sc, size_t i, int strict)
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
			return zh_markup_html_cont(sc, j);
		}
		if (starts(s, i, len, "<![CDATA[")) {
			/* A CDATA section in <svg> or <math> holds text; in HTML
			 * it is a bogus comment, up to the first '>'. */
			if (!strict && st->foreign > 0) {
				st->in = IN_FCDATA;
				return i + 9;
			}
			st->in = strict ? IN_CDATA : IN_DECL;
			return zh_markup_html_cont(sc, i + 9);
		}
		if (strict && (j + 1 >= len || !is_alpha(s[j + 1])))
			return i;
		st->in = IN_DECL;
		return zh_markup_html_cont(sc, j + 1);
	}
	if (s[j] == '?') {
		/* HTML5 reads <?...> as a bogus comment, up to the first '>'. */
		st->in = strict ? IN_PI : IN_DECL;
		return zh_markup_html_cont(sc, j);
	}
	closing = s[j] == '/';
	if (closing)
		j++;
	if (!strict && closing && j < len && !is_alpha(s[j])) {
		/* </> is dropped, </ then anything else is a bogus comment. */
		if (s[j] == '>')
			return j + 1;
		st->in = IN_DECL;
		return zh_markup_html_cont(sc, j);
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
	st->elem = closing ? EL_NONE :
	    in_list(s + j, k - j, (const char *const[]){ "input", NULL }) ?
	    EL_INPUT :
	    in_list(s + j, k - j, (const char *const[]){ "meta", NULL }) ?
	    EL_META : EL_OTHER;
	st->attr = AT_NONE;
	st->qual = 0;
	sc->ncand = 0;
	return zh_markup_html_cont(sc, k);
}

/* Reads HTML from I: protects whatever is not text. */
void
zh_markup_html_scan(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s;
	size_t len = sc->len, j;

	if (st->in_marker)
		i = marker_cont(sc, i, i);
	else if (st->in != IN_TEXT && st->in != IN_FCDATA) {
		j = zh_markup_html_cont(sc, i);
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
			zh_markup_html_reset(st);
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
		j = s[i] == '&' ? zh_markup_entity(s, i, len, 0) : zh_markup_html_open(sc, i, 0);
		if (j == i) {
			i++;
			continue;
		}
		protect(sc, i, j);
		i = j;
	}
}

void
zh_markup_html_line(struct scan *sc, size_t i)
{
	struct zh_markup_state *st = sc->st;
	const unsigned char *s = sc->s + i;
	size_t n = sc->len - i;

	st->prev_blank = n == 0;
	if (st->in == IN_TEXT && !st->in_marker && memchr(s, '<', n) == NULL &&
	    memchr(s, '&', n) == NULL &&
	    (!st->markers || memchr(s, '{', n) == NULL))
		return;
	zh_markup_html_scan(sc, i);
}
