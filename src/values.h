/*
 * values.h - the text that markup holds inside its tags: attribute values
 * (HTML) and link titles (Markdown), which the markup stage reports as
 * VALUE and TITLE spans, and the language tags it reports as LANG spans.
 *
 * A value goes through the same stages as text, on its own: it is decoded
 * (character references stand for their characters), run, then encoded
 * again.  A character the stages left alone is written exactly as it was;
 * a changed character that was written as a numeric reference is written
 * as one of the same form (&#20013; stays decimal, &#x4E2D; hexadecimal,
 * in the case of its digits), and one written as a named reference is
 * written as &#xHHHH;.  A character that would end the value (or, newly
 * made, an '&') is written as a numeric reference.
 */
#ifndef ZH_VALUES_H
#define ZH_VALUES_H

#include <stddef.h>

#include "buf.h"
#include "markup.h"

/* A value as the stages see it. */
struct zh_value {
	enum zh_span_kind kind;	/* how the value is quoted */
	const char *raw;	/* as written: RAW[0..RLEN), not owned */
	size_t rlen;
	struct zh_buf dec;	/* decoded */
	struct zh_value_piece {
		size_t dstart, dlen;	/* in dec */
		size_t rstart, rlen;	/* in raw */
		int form;		/* how it is written (values.c) */
	} *pieces;		/* sorted; bytes between them are literal */
	size_t npieces, cap;
};

void zh_value_init(struct zh_value *v);
void zh_value_free(struct zh_value *v);

/* Decodes RAW[0..RLEN), a value of span KIND, into V->dec. */
void zh_value_decode(struct zh_value *v, enum zh_span_kind kind,
		     const char *raw, size_t rlen);

/* Calls PROTECT for each range of V->dec that the stages must leave as it
 * is: a Markdown backslash escape, an unknown reference. */
void zh_value_kept(const struct zh_value *v,
		   void (*protect)(void *ctx, size_t start, size_t end),
		   void *ctx);

/* Returns the offset in the raw value of decoded offset D. */
size_t zh_value_raw_offset(const struct zh_value *v, size_t d);

/* Encodes TEXT[0..TLEN), what the stages made of V->dec, onto OUT.  ORIG
 * maps each byte of TEXT (and TLEN itself) to the decoded byte it came
 * from, as struct zh_record's origin map does. */
void zh_value_encode(const struct zh_value *v, const char *text, size_t tlen,
		     const size_t *orig, struct zh_buf *out);

/* May a rule put REPL[0..RLEN) in a value of span KIND?  Not when it holds
 * a character that would end the value or start a reference. */
int zh_value_allows(enum zh_span_kind kind, const char *repl, size_t rlen);

/* The language that conversion by CONFIG (a config's name or its file)
 * gives text: SCRIPT 'S' (Hans) or 'T' (Hant), REGION "" or "CN", "TW",
 * "HK".  Returns 0 when it is none of those (no rewrite). */
struct zh_lang {
	int script;
	char region[3];
};
int zh_lang_target(const char *config, struct zh_lang *to);

/*
 * Appends to OUT the language tag (or comma-separated list of them)
 * S[0..N) rewritten for TO: a tag that names the other script, by its
 * script (zh-Hans, zh-Hans-CN) or its region (zh-CN, zh-SG, zh-MY for
 * Simplified; zh-TW, zh-HK, zh-MO for Traditional), becomes one of TO in
 * the same style and case; plain zh, other languages and tags with more
 * subtags are left alone.  Returns 1 when it changed.
 */
int zh_lang_rewrite(const struct zh_lang *to, const char *s, size_t n,
		    struct zh_buf *out);

#endif
