/*
 * template.h - replacement templates of rules (the "replace" key).
 *
 * A template is compiled once, when its table loads, against the rule's
 * compiled pattern (so that group numbers and names are checked then), and
 * expanded for every match with no allocation beyond the output buffer.
 *
 * Syntax (a subset of PCRE2's extended substitution syntax, plus transforms):
 *   $N, ${N}          the text of capture group N (0 = whole match); a group
 *                     that did not take part in the match gives ""
 *   ${name}           a named group
 *   ${N:transform}    group N rewritten by a built-in transform (numeral.h);
 *   ${name:transform} likewise for a named group
 *   ${N:+SET:UNSET}   SET when group N took part in the match, else UNSET
 *                     (both are literal text with escapes; "\:" and "\}"
 *                     write ':' and '}')
 *   $$                a dollar sign
 *   \x{H...}          the character U+H... (1 to 6 hex digits, not a
 *                     surrogate, at most U+10FFFF)
 *   \\  \$  \t        backslash, dollar, tab
 * Anything else after a backslash, an unknown group, an unknown transform, a
 * '$' followed by anything else, a newline or invalid UTF-8 is an error.
 */
#ifndef ZH_TEMPLATE_H
#define ZH_TEMPLATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct zh_template;

/*
 * Compiles SRC[0..LEN) for matches of CODE.  Returns the template, which the
 * caller frees with zh_template_free, or NULL with MSG (of size MSGSIZE) set
 * to a description and *ERRCOL set to the 1-based character column in SRC
 * where the problem is.
 */
struct zh_template *zh_template_compile(const char *src, size_t len,
					const pcre2_code *code, char *msg,
					size_t msgsize, size_t *errcol);
void zh_template_free(struct zh_template *t);

/*
 * Appends the expansion of T for one match to OUT.  SUBJECT is the subject
 * string; OVECTOR and OVCOUNT are what pcre2_get_ovector_pointer and
 * pcre2_get_ovector_count give for the match (unset pairs hold
 * PCRE2_UNSET).  Returns 0, or -1 when a transform refused its input; OUT is
 * then exactly as it was on entry.
 */
int zh_template_expand(const struct zh_template *t, const char *subject,
		       const PCRE2_SIZE *ovector, uint32_t ovcount,
		       struct zh_buf *out);

/* True when T is plain literal text (no group references): rules can then
 * skip expansion.  Sets *TEXT and *LEN to the literal. */
int zh_template_literal(const struct zh_template *t, const char **text,
			size_t *len);

#endif
