/*
 * values.c - attribute values, link titles and language tags: decoding a
 * value for the stages, encoding what they made of it, and rewriting
 * language tags for the target of a conversion (see values.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "utf8.h"
#include "values.h"

/* How a piece of a value is written. */
enum {
	FORM_KEEP,	/* left to the stages as it is (protected) */
	FORM_NAMED,	/* &amp; */
	FORM_DEC,	/* &#20013; */
	FORM_HEX	/* &#x4E2D;: FORM_HEX | the flags below */
};
#define HEX_BIG_X	0x10	/* &#X */
#define HEX_LOWER	0x20	/* the digits a-f */

/* The named references decoded; any other is kept as it is. */
static const struct {
	const char *name;
	unsigned long cp;
} named[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "copy", 0xA9 }, { "reg", 0xAE },
	{ "middot", 0xB7 }, { "laquo", 0xAB }, { "raquo", 0xBB },
	{ "times", 0xD7 }, { "divide", 0xF7 }, { "deg", 0xB0 },
	{ "yen", 0xA5 }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "bull", 0x2022 }, { "hellip", 0x2026 },
	{ "trade", 0x2122 }, { "emsp", 0x2003 }, { "ensp", 0x2002 },
	{ "thinsp", 0x2009 }, { "zwj", 0x200D }, { "zwnj", 0x200C },
	{ NULL, 0 }
};

void
zh_value_init(struct zh_value *v)
{
	memset(v, 0, sizeof *v);
	zh_buf_init(&v->dec);
}

void
zh_value_free(struct zh_value *v)
{
	zh_buf_free(&v->dec);
	free(v->pieces);
	memset(v, 0, sizeof *v);
}

static int
is_markdown(enum zh_span_kind kind)
{
	return kind == ZH_SPAN_TITLE_DQ || kind == ZH_SPAN_TITLE_SQ ||
	    kind == ZH_SPAN_TITLE_PAREN;
}

static void
add_piece(struct zh_value *v, size_t rstart, size_t rlen, size_t dstart,
	  int form)
{
	struct zh_value_piece *p;

	if (v->npieces == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->pieces = zh_xrealloc(v->pieces, v->cap * sizeof *v->pieces);
	}
	p = &v->pieces[v->npieces++];
	p->rstart = rstart;
	p->rlen = rlen;
	p->dstart = dstart;
	p->dlen = v->dec.len - dstart;
	p->form = form;
}

/* Reads the reference at S[0..N) (S[0] is '&'): returns its length and
 * sets *CP and *FORM, or returns 0 when it is none that is decoded. */
static size_t
reference(const char *s, size_t n, unsigned long *cp, int *form)
{
	size_t k = 1, d;
	unsigned long v = 0;
	int f, lowerd = 0, upperd = 0, i;

	if (k < n && s[k] == '#') {
		k++;
		f = FORM_DEC;
		if (k < n && (s[k] == 'x' || s[k] == 'X')) {
			f = FORM_HEX | (s[k] == 'X' ? HEX_BIG_X : 0);
			k++;
		}
		for (d = k; k < n && k - d < 8; k++) {
			int c = (unsigned char)s[k];

			if (c >= '0' && c <= '9')
				v = v * (f == FORM_DEC ? 10 : 16) + (unsigned long)(c - '0');
			else if (f != FORM_DEC && c >= 'a' && c <= 'f') {
				v = v * 16 + (unsigned long)(c - 'a' + 10);
				lowerd = 1;
			} else if (f != FORM_DEC && c >= 'A' && c <= 'F') {
				v = v * 16 + (unsigned long)(c - 'A' + 10);
				upperd = 1;
			} else
				break;
		}
		if (k == d || k >= n || s[k] != ';' || v == 0 || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF) || v < 0x20)
			return 0;
		if (lowerd && !upperd)
			f |= HEX_LOWER;
		*cp = v;
		*form = f;
		return k + 1;
	}
	for (i = 0; named[i].name != NULL; i++) {
		size_t len = strlen(named[i].name);

		if (n >= len + 2 && memcmp(s + 1, named[i].name, len) == 0 &&
		    s[len + 1] == ';') {
			*cp = named[i].cp;
			*form = FORM_NAMED;
			return len + 2;
		}
	}
	return 0;
}

void
zh_value_decode(struct zh_value *v, enum zh_span_kind kind, const char *raw,
		size_t rlen)
{
	size_t i = 0, k, start;
	unsigned long cp;
	int form;

	v->kind = kind;
	v->raw = raw;
	v->rlen = rlen;
	v->npieces = 0;
	zh_buf_clear(&v->dec);
	while (i < rlen) {
		if (raw[i] == '\\' && is_markdown(kind) && i + 1 < rlen &&
		    (unsigned char)raw[i + 1] > ' ' &&
		    (unsigned char)raw[i + 1] < 0x7f &&
		    !((raw[i + 1] | 0x20) >= 'a' && (raw[i + 1] | 0x20) <= 'z') &&
		    !(raw[i + 1] >= '0' && raw[i + 1] <= '9')) {
			/* A backslash escape (of ASCII punctuation) stays as
			 * it is. */
			start = v->dec.len;
			zh_buf_append(&v->dec, raw + i, 2);
			add_piece(v, i, 2, start, FORM_KEEP);
			i += 2;
			continue;
		}
		if (raw[i] != '&') {
			zh_buf_putc(&v->dec, raw[i]);
			i++;
			continue;
		}
		start = v->dec.len;
		k = reference(raw + i, rlen - i, &cp, &form);
		if (k == 0) {
			/* Not a reference that is decoded: it and the name
			 * after it stay as they are. */
			for (k = 1; i + k < rlen && k < 40 &&
			     (raw[i + k] == '#' || raw[i + k] == ';' ||
			      (raw[i + k] >= '0' && raw[i + k] <= '9') ||
			      ((raw[i + k] | 0x20) >= 'a' && (raw[i + k] | 0x20) <= 'z'));
			     k++)
				if (raw[i + k] == ';') {
					k++;
					break;
				}
			zh_buf_append(&v->dec, raw + i, k);
			add_piece(v, i, k, start, FORM_KEEP);
		} else {
			zh_buf_put_utf8(&v->dec, cp);
			add_piece(v, i, k, start, form);
		}
		i += k;
	}
}

void
zh_value_kept(const struct zh_value *v,
	      void (*protect)(void *ctx, size_t start, size_t end), void *ctx)
{
	size_t k;

	for (k = 0; k < v->npieces; k++)
		if (v->pieces[k].form == FORM_KEEP)
			protect(ctx, v->pieces[k].dstart,
				v->pieces[k].dstart + v->pieces[k].dlen);
}

/* Returns the last piece that starts at or before decoded offset D, or
 * NULL. */
static const struct zh_value_piece *
piece_at(const struct zh_value *v, size_t d)
{
	size_t lo = 0, hi = v->npieces, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v->pieces[mid].dstart <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &v->pieces[lo - 1] : NULL;
}

size_t
zh_value_raw_offset(const struct zh_value *v, size_t d)
{
	const struct zh_value_piece *p = piece_at(v, d);

	if (p == NULL)
		return d;
	if (d < p->dstart + p->dlen)
		return p->form == FORM_KEEP ? p->rstart + (d - p->dstart) :
		    p->rstart;
	return p->rstart + p->rlen + (d - p->dstart - p->dlen);
}

/* Would the byte C end a value of KIND, or start a reference in it?  In
 * a Markdown title, also: would it start a code span, an autolink or
 * inline HTML, which bind more tightly than links, or end the link? */
static int
ends(enum zh_span_kind kind, int c)
{
	switch (kind) {
	case ZH_SPAN_VALUE_DQ:
		return c == '"' || c == '&';
	case ZH_SPAN_VALUE_SQ:
		return c == '\'' || c == '&';
	case ZH_SPAN_TITLE_DQ:
	case ZH_SPAN_TITLE_SQ:
	case ZH_SPAN_TITLE_PAREN:
		return c != '\0' && strchr("\"'()[]<>`&\\\n", c) != NULL;
	default:
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '"' || c == '\'' || c == '<' || c == '=' ||
		    c == '`' || c == '>' || c == '&';
	}
}

int
zh_value_allows(enum zh_span_kind kind, const char *repl, size_t rlen)
{
	size_t i;

	for (i = 0; i < rlen; i++)
		if (ends(kind, (unsigned char)repl[i]))
			return 0;
	return 1;
}

/* Writes the character C[0..L) onto OUT in FORM, as a value of KIND. */
static void
put_char(struct zh_buf *out, enum zh_span_kind kind, const char *c, size_t l,
	 int form)
{
	uint32_t cp;

	if (zh_utf8_decode(c, l, &cp) == 0) {
		zh_buf_append(out, c, l);	/* an invalid byte, let through */
		return;
	}
	if (form == FORM_KEEP && !(l == 1 && ends(kind, (unsigned char)c[0]))) {
		zh_buf_append(out, c, l);
		return;
	}
	if ((form & ~(HEX_BIG_X | HEX_LOWER)) == FORM_HEX || form == FORM_NAMED)
		zh_buf_printf(out, (form & HEX_LOWER) ? "&#%c%lx;" : "&#%c%lX;",
			      (form & HEX_BIG_X) ? 'X' : 'x',
			      (unsigned long)cp);
	else
		zh_buf_printf(out, "&#%lu;", (unsigned long)cp);
}

/* The length of the character at S[0..N): 1 for an invalid byte. */
static size_t
char_len(const char *s, size_t n)
{
	int l = zh_utf8_seqlen(s, n);

	return l > 0 ? (size_t)l : 1;
}

/* Is the character TEXT[I..I+L) the decoded character at ORIG[I], left
 * as it was? */
static int
kept(const struct zh_value *v, const char *text, size_t i, size_t l,
     const size_t *orig)
{
	size_t o = orig[i], k;
	const struct zh_value_piece *p;

	if (o + l > v->dec.len || memcmp(text + i, v->dec.data + o, l) != 0)
		return 0;
	for (k = 1; k < l; k++)
		if (orig[i + k] != o + k)
			return 0;
	p = piece_at(v, o);
	if (p != NULL && o < p->dstart + p->dlen && p->form != FORM_KEEP &&
	    (p->dstart != o || p->dlen != l))
		return 0;
	return 1;
}

/* The form of the decoded character at D. */
static int
form_at(const struct zh_value *v, size_t d)
{
	const struct zh_value_piece *p = piece_at(v, d);

	if (p != NULL && d == p->dstart && p->form != FORM_KEEP)
		return p->form;
	return FORM_KEEP;
}

void
zh_value_encode(const struct zh_value *v, const char *text, size_t tlen,
		const size_t *orig, struct zh_buf *out)
{
	const struct zh_value_piece *p;
	size_t i = 0, j, l, o, send, n, m, k, a, src;

	while (i < tlen) {
		l = char_len(text + i, tlen - i);
		if (kept(v, text, i, l, orig)) {
			o = orig[i];
			p = piece_at(v, o);
			if (p != NULL && o == p->dstart && p->form != FORM_KEEP)
				zh_buf_append(out, v->raw + p->rstart, p->rlen);
			else
				zh_buf_append(out, text + i, l);
			i += l;
			continue;
		}
		/* A run of changed characters from one edit, and the
		 * decoded characters it replaced. */
		o = orig[i];
		for (j = i, n = 0; j < tlen && orig[j] == o; n++) {
			size_t cl = char_len(text + j, tlen - j);

			if (j > i && kept(v, text, j, cl, orig))
				break;
			j += cl;
		}
		send = j < tlen ? orig[j] : v->dec.len;
		if (send < o || send > v->dec.len)
			send = o;
		m = zh_utf8_count(v->dec.data + o, send - o);
		/* Each character takes the form of the one it replaced, when
		 * they are as many; else of the first. */
		for (k = 0, a = i, src = o; a < j; k++) {
			l = char_len(text + a, j - a);
			put_char(out, v->kind, text + a, l,
				 m == 0 ? FORM_KEEP : form_at(v, src));
			if (n == m && src < send)
				src += char_len(v->dec.data + src, send - src);
			a += l;
		}
		i = j;
	}
}

/* ---- language tags ------------------------------------------------ */

int
zh_lang_target(const char *config, struct zh_lang *to)
{
	const struct zh_config_info *ci;
	const char *base = strrchr(config, '/');

	ci = zh_config_find(base != NULL ? base + 1 : config);
	memset(to, 0, sizeof *to);
	if (ci == NULL || ci->from == ci->to ||
	    (ci->to != ZH_SCRIPT_HANS && ci->to != ZH_SCRIPT_HANT) ||
	    (ci->from != ZH_SCRIPT_HANS && ci->from != ZH_SCRIPT_HANT))
		return 0;
	to->script = ci->to == ZH_SCRIPT_HANS ? 'S' : 'T';
	strcpy(to->region, ci->region & ZH_REGION_CN ? "CN" :
	       ci->region & ZH_REGION_TW ? "TW" :
	       ci->region & ZH_REGION_HK ? "HK" : "");
	return 1;
}

static int
eq_ci(const char *s, size_t n, const char *w)
{
	size_t k;

	if (strlen(w) != n)
		return 0;
	for (k = 0; k < n; k++)
		if ((s[k] | 0x20) != (w[k] | 0x20))
			return 0;
	return 1;
}

/* Which script the region R[0..N) implies: 'S', 'T' or 0. */
static int
region_script(const char *r, size_t n)
{
	if (eq_ci(r, n, "cn") || eq_ci(r, n, "sg") || eq_ci(r, n, "my"))
		return 'S';
	if (eq_ci(r, n, "tw") || eq_ci(r, n, "hk") || eq_ci(r, n, "mo"))
		return 'T';
	return 0;
}

/* Appends W in the case of MODEL[0..N): all lower, all upper, or as W. */
static void
put_case(struct zh_buf *out, const char *w, const char *model, size_t n)
{
	int lo = 1, up = 1;
	size_t k;

	for (k = 0; k < n; k++) {
		if (model[k] >= 'A' && model[k] <= 'Z')
			lo = 0;
		if (model[k] >= 'a' && model[k] <= 'z')
			up = 0;
	}
	for (; *w != '\0'; w++)
		zh_buf_putc(out, lo ? (*w | 0x20) : up ? (*w & ~0x20) : *w);
}

/* Rewrites the one tag S[0..N); returns 1 when it changed. */
static int
lang_one(const struct zh_lang *to, const char *s, size_t n, struct zh_buf *out)
{
	const char *sub[3];
	size_t len[3], k, i = 0;
	int nsub = 0, other = to->script == 'T' ? 'S' : 'T';
	char sep = n > 2 ? s[2] : '-';
	const char *script = to->script == 'T' ? "Hant" : "Hans";
	const char *from = to->script == 'T' ? "Hans" : "Hant";

	for (;;) {
		for (k = i; k < n && s[k] != '-' && s[k] != '_'; k++)
			;
		if (nsub == 3)
			goto same;	/* more subtags: left alone */
		sub[nsub] = s + i;
		len[nsub++] = k - i;
		if (k >= n)
			break;
		if (s[k] != sep)
			goto same;
		i = k + 1;
	}
	if (len[0] != 2 || !eq_ci(s, 2, "zh") || nsub < 2)
		goto same;
	if (nsub == 2 && len[1] == 2 && region_script(sub[1], 2) == other) {
		/* zh-CN -> zh-TW, or zh-Hant when there is no region. */
		zh_buf_append(out, s, 3);
		if (to->region[0] != '\0')
			put_case(out, to->region, sub[1], 2);
		else
			put_case(out, script, sub[1][0] >= 'a' ? "xx" : "Xx", 2);
		return 1;
	}
	if (eq_ci(sub[1], len[1], from) && (nsub == 2 || len[2] == 2)) {
		/* zh-Hans -> zh-Hant; zh-Hans-CN -> zh-Hant-TW. */
		zh_buf_append(out, s, 3);
		put_case(out, script, sub[1], 4);
		if (nsub == 3 && to->region[0] != '\0') {
			zh_buf_putc(out, sep);
			put_case(out, to->region, sub[2], 2);
		} else if (nsub == 3 && region_script(sub[2], 2) != other) {
			zh_buf_putc(out, sep);
			zh_buf_append(out, sub[2], 2);
		}
		return 1;
	}
same:
	zh_buf_append(out, s, n);
	return 0;
}

int
zh_lang_rewrite(const struct zh_lang *to, const char *s, size_t n,
		struct zh_buf *out)
{
	size_t i = 0, a, b;
	int changed = 0;

	while (i <= n) {
		/* An item of a list, with the spaces around it. */
		for (a = i; a < n && (s[a] == ' ' || s[a] == '\t'); a++)
			;
		zh_buf_append(out, s + i, a - i);
		for (b = a; b < n && s[b] != ',' && s[b] != ' ' && s[b] != '\t'; b++)
			;
		changed |= lang_one(to, s + a, b - a, out);
		for (i = b; i < n && s[i] != ','; i++)
			zh_buf_putc(out, s[i]);
		if (i >= n)
			break;
		zh_buf_putc(out, ',');
		i++;
	}
	return changed;
}
