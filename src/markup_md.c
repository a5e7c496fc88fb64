/*
 * markup_md.c - the markup stage's Markdown, read as CommonMark 0.30 has
 * it as far as what is text goes (see markup.h): front matter, fenced and
 * indented code (also in block quotes and list items), code spans, link
 * destinations and titles, reference definitions, autolinks and inline
 * HTML are protected; HTML blocks are read as HTML.  A paragraph's inline
 * constructs may go on over its lines: the look-ahead (the input after
 * the line) finds where they end, and the state carries it on.
 */
#include "config.h"

#include <string.h>

#include "markup_int.h"

static int code_ahead(struct scan *, size_t);
static int tail_ahead(struct scan *, size_t);

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

/* The kind of span of a title that opens with C. */
static enum zh_span_kind
title_kind(int c)
{
	return c == '"' ? ZH_SPAN_TITLE_DQ : c == '\'' ? ZH_SPAN_TITLE_SQ :
	    ZH_SPAN_TITLE_PAREN;
}

/* Returns the end of the (destination "title") of an inline link at I, or
 * NOPOS.  *TITLE is where its title opens, or NOPOS (TITLE may be NULL). */
static size_t
link_tail(const unsigned char *s, size_t i, size_t len, size_t *title_at)
{
	size_t j, k;

	if (title_at != NULL)
		*title_at = NOPOS;

	j = skip_ws(s, i + 1, len);
	if (j >= len)
		return NOPOS;
	if (s[j] != ')') {
		j = destination(s, j, len);
		if (j == NOPOS)
			return NOPOS;
		k = skip_ws(s, j, len);
		if (k > j && k < len && (s[k] == '"' || s[k] == '\'' || s[k] == '(')) {
			if (title_at != NULL)
				*title_at = k;
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
	size_t len = sc->len, j, e, t;
	int c;

	if (st->in_marker)
		i = marker_cont(sc, i, i);
	else if (st->in != IN_TEXT) {
		j = zh_markup_html_cont(sc, i);
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
				j = zh_markup_html_open(sc, i, 1);
			if (j == i) {
				i++;
				continue;
			}
			break;
		case '&':
			j = zh_markup_entity(s, i, len, 1);
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
			j = link_tail(s, i, len, &t);
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
			if (t != NOPOS)
				value_span(sc, t + 1, title(s, t, len) - 1,
					   title_kind(s[t]));
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
 * is no definition either.  *TITLE_AT is where the title opens, or NOPOS.
 */
static size_t
definition(const unsigned char *s, size_t q, size_t len, size_t *after,
	   size_t *title_at)
{
	size_t k, j, d, t, e;

	*title_at = NOPOS;
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
			if (e == len || s[e] == '\n') {
				*title_at = t;
				return e;
			}
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
	e = link_tail(jn.s, 0, jn.len, NULL);
	return e != NOPOS && carry(sc->st, &jn, e);
}

/* Is there a reference definition at Q, maybe over several lines?
 * Protects it and notes in ST the lines it goes on to. */
static int
md_definition(struct scan *sc, size_t q)
{
	struct joined jn;
	size_t e, j, t;

	if (sc->nextlen > 0) {
		join(sc, q, &jn);
		if (jn.n > 1) {
			e = definition(jn.s, 0, jn.len, &j, &t);
			if (e == NOPOS)
				return 0;
			protect(sc, q + j, sc->len);
			/* A title all on this line is text. */
			if (t != NOPOS && (e = title(jn.s, t, jn.len)) != NOPOS &&
			    e < jn.start[1])
				value_span(sc, q + t + 1, q + e - 1,
					   title_kind(jn.s[t]));
			e = definition(jn.s, 0, jn.len, &j, &t);
			if (carry(sc->st, &jn, e))
				sc->st->cont_def = 1;
			return 1;
		}
	}
	if (definition(sc->s, q, sc->len, &j, &t) == NOPOS)
		return 0;
	protect(sc, j, sc->len);
	if (t != NOPOS)
		value_span(sc, t + 1, title(sc->s, t, sc->len) - 1,
			   title_kind(sc->s[t]));
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
		zh_markup_html_reset(st);
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
			zh_markup_html_scan(sc, q);
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
				zh_markup_html_reset(st);
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

void
zh_markup_md_line(struct scan *sc, size_t i, int first)
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
				zh_markup_html_scan(sc, i);
			else
				md_inline(sc, i);
		}
		st->prev_blank = blank;
		return;
	}
	if (st->block == MB_HTML) {
		if (blank && st->html_kind >= 6) {
			st->block = MB_NONE;
			zh_markup_html_reset(st);
			st->prev_blank = 1;
			return;
		}
		zh_markup_html_scan(sc, i);
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
		zh_markup_html_reset(st);
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
