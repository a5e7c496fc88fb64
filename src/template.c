/*
 * template.c - compiling and expanding replacement templates (see
 * template.h for the syntax).
 *
 * A compiled template is an array of parts.  The literal text of all parts,
 * escapes already decoded, lives in one string that the parts index into.
 * A group reference holds a run of candidate group numbers: one for $N, and
 * one per group for a name that several groups share ((?J) patterns); the
 * first candidate that took part in the match supplies the text.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeral.h"
#include "template.h"
#include "utf8.h"

enum part_kind {
	PART_TEXT,		/* literal text */
	PART_GROUP,		/* a group, maybe through a transform */
	PART_COND		/* ${N:+SET:UNSET} */
};

struct part {
	enum part_kind kind;
	size_t off, len;	/* TEXT: the text; COND: the SET text */
	size_t off2, len2;	/* COND: the UNSET text */
	size_t gfirst, gcount;	/* GROUP, COND: the candidates in groups[] */
	zh_transform_fn fn;	/* GROUP: the transform, or NULL */
};

struct zh_template {
	struct part *parts;
	size_t nparts;
	char *text;		/* every literal, NUL-terminated */
	uint32_t *groups;
};

struct parser {
	const char *src;
	size_t len, pos;
	const pcre2_code *code;
	uint32_t capcount;
	struct zh_buf text;	/* decoded literals */
	struct zh_buf parts;	/* struct part array */
	struct zh_buf groups;	/* uint32_t array */
	char *msg;
	size_t msgsize;
	size_t errpos;		/* byte offset of the error in src */
};

static int
fail(struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->msgsize > 0) {
		va_start(ap, fmt);
		vsnprintf(p->msg, p->msgsize, fmt, ap);
		va_end(ap);
	}
	p->errpos = pos;
	return -1;
}

/* The length of the character at POS, for quoting it in messages. */
static int
charlen(const struct parser *p, size_t pos)
{
	int n = zh_utf8_seqlen(p->src + pos, p->len - pos);

	return n ? n : 1;
}

static struct part *
new_part(struct parser *p, enum part_kind kind)
{
	struct part *pt;

	zh_buf_reserve(&p->parts, sizeof *pt);
	pt = (struct part *)(void *)(p->parts.data + p->parts.len);
	p->parts.len += sizeof *pt;
	memset(pt, 0, sizeof *pt);
	pt->kind = kind;
	return pt;
}

static struct part *
last_part(struct parser *p)
{
	if (p->parts.len == 0)
		return NULL;
	return (struct part *)(void *)(p->parts.data + p->parts.len -
				       sizeof(struct part));
}

/* Makes text[START..) part of the literal run that ends the template. */
static void
note_literal(struct parser *p, size_t start)
{
	struct part *pt = last_part(p);

	if (pt != NULL && pt->kind == PART_TEXT && pt->off + pt->len == start) {
		pt->len += p->text.len - start;
		return;
	}
	pt = new_part(p, PART_TEXT);
	pt->off = start;
	pt->len = p->text.len - start;
}

static void
add_group(struct parser *p, uint32_t n)
{
	zh_buf_append(&p->groups, &n, sizeof n);
}

/* The value of hex digit C, or -1. */
static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the escape at the backslash at pos into text.  Inside the texts
 * of a conditional, "\:" and "\}" are escapes too. */
static int
escape(struct parser *p, int incond)
{
	size_t at = p->pos, i;
	unsigned long cp;
	int c, d;

	if (at + 1 >= p->len)
		return fail(p, at, "'\\' at the end of the template");
	c = (unsigned char)p->src[at + 1];
	switch (c) {
	case '\\':
	case '$':
		zh_buf_putc(&p->text, c);
		p->pos += 2;
		return 0;
	case 't':
		zh_buf_putc(&p->text, '\t');
		p->pos += 2;
		return 0;
	case ':':
	case '}':
		if (!incond)
			break;
		zh_buf_putc(&p->text, c);
		p->pos += 2;
		return 0;
	case 'x':
		if (at + 2 >= p->len || p->src[at + 2] != '{')
			return fail(p, at, "'\\x' must be followed by "
				    "'{HEX}'");
		cp = 0;
		for (i = at + 3; i < p->len && i < at + 9 &&
		     (d = hex_digit(p->src[i])) >= 0; i++)
			cp = cp << 4 | (unsigned long)d;
		if (i == at + 3 || i >= p->len || p->src[i] != '}')
			return fail(p, at, "'\\x{' must be followed by 1 to 6 "
				    "hex digits and '}'");
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return fail(p, at, "\\x{%lX} is a surrogate", cp);
		if (cp > 0x10FFFF)
			return fail(p, at, "\\x{%lX} is above U+10FFFF", cp);
		zh_buf_put_utf8(&p->text, cp);
		p->pos = i + 1;
		return 0;
	}
	return fail(p, at, "unknown escape '\\%.*s'", charlen(p, at + 1),
		    p->src + at + 1);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_word(int c)
{
	return is_digit(c) || c == '_' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Checks group number N (from the reference at AT) and records it. */
static int
number_group(struct parser *p, size_t at, unsigned long n)
{
	if (n > p->capcount)
		return fail(p, at, "unknown group %lu (the highest is %lu)", n,
			    (unsigned long)p->capcount);
	add_group(p, (uint32_t)n);
	return 0;
}

/* Records every group called NAME[0..LEN), from the reference at AT. */
static int
name_group(struct parser *p, size_t at, const char *name, size_t len)
{
	PCRE2_SPTR table = NULL;
	uint32_t count = 0, size = 0, i, found = 0;
	const unsigned char *e;

	if (p->code != NULL) {
		pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
		pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
		pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
	}
	for (i = 0; i < count; i++) {
		e = table + (size_t)i * size;
		if (size >= len + 3 && memcmp(e + 2, name, len) == 0 &&
		    e[2 + len] == '\0') {
			add_group(p, (uint32_t)(e[0] << 8 | e[1]));
			found++;
		}
	}
	if (found == 0)
		return fail(p, at, "unknown group name '%.*s'", (int)len,
			    name);
	return 0;
}

/* Reads one text of a conditional into text, up to an unescaped STOP
 * (':' or '}'), which it consumes.  DOLLAR is where the "${" began. */
static int
cond_text(struct parser *p, int stop, size_t dollar)
{
	int c;

	for (;;) {
		if (p->pos >= p->len)
			return fail(p, dollar, "unterminated '${'");
		c = (unsigned char)p->src[p->pos];
		if (c == stop) {
			p->pos++;
			return 0;
		}
		if (c == '\\') {
			if (escape(p, 1) < 0)
				return -1;
		} else if (c == '$') {
			if (p->pos + 1 >= p->len || p->src[p->pos + 1] != '$')
				return fail(p, p->pos, "the texts of "
					    "${N:+SET:UNSET} cannot refer to "
					    "groups; write '$$' for a dollar "
					    "sign");
			zh_buf_putc(&p->text, '$');
			p->pos += 2;
		} else if (c == '}') {
			return fail(p, p->pos, "missing ':' between SET and "
				    "UNSET in ${N:+SET:UNSET}");
		} else {
			zh_buf_putc(&p->text, c);
			p->pos++;
		}
	}
}

/* The value of the digits S[0..N), saturated far above any group number. */
static unsigned long
number(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v < 100000000UL ? v * 10 + (unsigned long)(s[i] - '0') :
		    1000000000UL;
	return v;
}

/* Parses ${...}; pos is at the '{' and AT at the '$'. */
static int
braced(struct parser *p, size_t at)
{
	size_t start = ++p->pos, end, tstart = 0, i;
	size_t gfirst = p->groups.len / sizeof(uint32_t);
	int numeric = 1;
	struct part *pt;
	zh_transform_fn fn = NULL;

	while (p->pos < p->len && is_word(p->src[p->pos]))
		p->pos++;
	end = p->pos;
	if (end == start) {
		if (p->pos >= p->len)
			return fail(p, at, "unterminated '${'");
		return fail(p, p->pos, "'${' must be followed by a group "
			    "number or name");
	}
	for (i = start; i < end; i++)
		if (!is_digit(p->src[i]))
			numeric = 0;
	if (!numeric && is_digit(p->src[start]))
		return fail(p, start, "bad group name '%.*s'",
			    (int)(end - start), p->src + start);
	if (p->pos >= p->len)
		return fail(p, at, "unterminated '${'");
	if (p->src[p->pos] == ':' && p->pos + 1 < p->len &&
	    p->src[p->pos + 1] == '+') {
		if (!numeric)
			return fail(p, start, "${N:+SET:UNSET} needs a group "
				    "number, not a name");
		if (number_group(p, at, number(p->src + start,
					       end - start)) < 0)
			return -1;
		p->pos += 2;
		pt = new_part(p, PART_COND);
		pt->gfirst = gfirst;
		pt->gcount = 1;
		pt->off = p->text.len;
		if (cond_text(p, ':', at) < 0)
			return -1;
		pt = last_part(p);
		pt->len = p->text.len - pt->off;
		pt->off2 = p->text.len;
		if (cond_text(p, '}', at) < 0)
			return -1;
		pt = last_part(p);
		pt->len2 = p->text.len - pt->off2;
		return 0;
	}
	if (p->src[p->pos] == ':') {
		tstart = ++p->pos;
		while (p->pos < p->len && p->src[p->pos] != '}')
			p->pos++;
		if (p->pos >= p->len)
			return fail(p, at, "unterminated '${'");
		if (p->pos == tstart)
			return fail(p, tstart, "missing transform name after "
				    "':'");
	} else if (p->src[p->pos] != '}') {
		return fail(p, p->pos, "expected '}' or ':' after the group "
			    "in '${', not '%.*s'", charlen(p, p->pos),
			    p->src + p->pos);
	}
	if (numeric ? number_group(p, at, number(p->src + start, end - start)) :
	    name_group(p, at, p->src + start, end - start) < 0)
		return -1;
	if (tstart != 0) {
		fn = zh_transform_find(p->src + tstart, p->pos - tstart);
		if (fn == NULL)
			return fail(p, tstart, "unknown transform '%.*s'",
				    (int)(p->pos - tstart), p->src + tstart);
	}
	p->pos++;
	pt = new_part(p, PART_GROUP);
	pt->gfirst = gfirst;
	pt->gcount = p->groups.len / sizeof(uint32_t) - gfirst;
	pt->fn = fn;
	return 0;
}

/* Parses what follows a '$' at pos. */
static int
dollar(struct parser *p)
{
	size_t at = p->pos, start;
	struct part *pt;
	int c;

	if (at + 1 >= p->len)
		return fail(p, at, "'$' at the end of the template; write "
			    "'$$' for a dollar sign");
	c = (unsigned char)p->src[at + 1];
	if (c == '$') {
		start = p->text.len;
		zh_buf_putc(&p->text, '$');
		note_literal(p, start);
		p->pos += 2;
		return 0;
	}
	if (c == '{') {
		p->pos++;
		return braced(p, at);
	}
	if (!is_digit(c))
		return fail(p, at, "'$' must be followed by a group number, "
			    "'{' or '$'");
	for (p->pos = at + 1; p->pos < p->len && is_digit(p->src[p->pos]);
	     p->pos++)
		;
	if (number_group(p, at, number(p->src + at + 1, p->pos - at - 1)) < 0)
		return -1;
	pt = new_part(p, PART_GROUP);
	pt->gfirst = p->groups.len / sizeof(uint32_t) - 1;
	pt->gcount = 1;
	return 0;
}

static int
parse(struct parser *p)
{
	size_t valid, start;
	const char *nl;

	valid = zh_utf8_valid_prefix(p->src, p->len);
	nl = memchr(p->src, '\n', valid);
	if (nl != NULL)
		return fail(p, (size_t)(nl - p->src), "newline in template");
	if (valid < p->len)
		return fail(p, valid, "invalid UTF-8 in template");
	while (p->pos < p->len) {
		if (p->src[p->pos] == '$') {
			if (dollar(p) < 0)
				return -1;
		} else if (p->src[p->pos] == '\\') {
			start = p->text.len;
			if (escape(p, 0) < 0)
				return -1;
			note_literal(p, start);
		} else {
			start = p->text.len;
			zh_buf_putc(&p->text, p->src[p->pos++]);
			note_literal(p, start);
		}
	}
	return 0;
}

struct zh_template *
zh_template_compile(const char *src, size_t len, const pcre2_code *code,
		    char *msg, size_t msgsize, size_t *errcol)
{
	struct parser p;
	struct zh_template *t;

	memset(&p, 0, sizeof p);
	p.src = src;
	p.len = len;
	p.code = code;
	p.msg = msg;
	p.msgsize = msgsize;
	if (code != NULL)
		pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &p.capcount);
	zh_buf_init(&p.text);
	zh_buf_init(&p.parts);
	zh_buf_init(&p.groups);
	if (parse(&p) < 0) {
		if (errcol != NULL)
			*errcol = zh_utf8_count(src, p.errpos) + 1;
		zh_buf_free(&p.text);
		zh_buf_free(&p.parts);
		zh_buf_free(&p.groups);
		return NULL;
	}
	t = zh_xmalloc(sizeof *t);
	t->nparts = p.parts.len / sizeof(struct part);
	t->parts = (struct part *)(void *)zh_buf_detach(&p.parts, NULL);
	t->text = zh_buf_detach(&p.text, NULL);
	t->groups = (uint32_t *)(void *)zh_buf_detach(&p.groups, NULL);
	return t;
}

void
zh_template_free(struct zh_template *t)
{
	if (t == NULL)
		return;
	free(t->parts);
	free(t->text);
	free(t->groups);
	free(t);
}

/* Returns the first candidate group of PT that is set, or -1. */
static long
set_group(const struct zh_template *t, const struct part *pt,
	  const PCRE2_SIZE *ovector, uint32_t ovcount)
{
	size_t i;
	uint32_t g;

	for (i = 0; i < pt->gcount; i++) {
		g = t->groups[pt->gfirst + i];
		if (g < ovcount && ovector[2 * (size_t)g] != PCRE2_UNSET)
			return (long)g;
	}
	return -1;
}

int
zh_template_expand(const struct zh_template *t, const char *subject,
		   const PCRE2_SIZE *ovector, uint32_t ovcount,
		   struct zh_buf *out)
{
	const struct part *pt;
	size_t saved = out->len, i, s, e;
	long g;

	for (i = 0; i < t->nparts; i++) {
		pt = &t->parts[i];
		switch (pt->kind) {
		case PART_TEXT:
			zh_buf_append(out, t->text + pt->off, pt->len);
			break;
		case PART_COND:
			if (set_group(t, pt, ovector, ovcount) >= 0)
				zh_buf_append(out, t->text + pt->off, pt->len);
			else
				zh_buf_append(out, t->text + pt->off2,
					      pt->len2);
			break;
		case PART_GROUP:
			g = set_group(t, pt, ovector, ovcount);
			if (g < 0)
				break;
			s = ovector[2 * g];
			e = ovector[2 * g + 1];
			/* \K in a lookaround can end a match before its
			 * start. */
			if (e < s)
				e = s;
			if (pt->fn == NULL) {
				zh_buf_append(out, subject + s, e - s);
			} else if (pt->fn(subject + s, e - s, out) < 0) {
				out->len = saved;
				return -1;
			}
			break;
		}
	}
	return 0;
}

int
zh_template_literal(const struct zh_template *t, const char **text,
		    size_t *len)
{
	if (t->nparts > 1 || (t->nparts == 1 && t->parts[0].kind != PART_TEXT))
		return 0;
	*text = t->text;
	*len = t->nparts == 1 ? t->parts[0].len : 0;
	return 1;
}
