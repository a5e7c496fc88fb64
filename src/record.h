/*
 * record.h - one line on its way through the stages.
 *
 * A record holds the current text of a line (without its line end), the
 * byte ranges that protect rules have shielded, and, in --check mode, where
 * each byte came from in the input line and what each stage changed.
 *
 * A stage rewrites the text by building the next version in rec->next:
 * it copies unchanged bytes with zh_record_keep, writes replacements with
 * zh_record_replace, and ends with zh_record_commit, which swaps the two
 * versions and moves the protected ranges and the origin map along.
 */
#ifndef ZH_RECORD_H
#define ZH_RECORD_H

#include <stddef.h>

#include "buf.h"

struct zh_rule;

struct zh_span {
	size_t start, end;	/* byte range [start, end) */
};

struct zh_edit {
	size_t start, end;	/* the replaced range of the old text */
	size_t nstart, nend;	/* what replaced it, in the new text */
};

/* A change (or, for warn rules, a finding) to report in --check mode. */
struct zh_finding {
	const struct zh_rule *rule;	/* NULL for a change made by conversion */
	size_t orig;		/* byte offset in the input line */
	size_t orig_end;	/* where what it changed ends there */
	size_t before, blen;	/* text before, in rec->ftext */
	size_t after, alen;	/* text after (or the suggestion), in rec->ftext */
	int has_after;		/* 0 for a warn rule without a suggestion */
	int held;		/* not made: it would have changed the markup */
};

struct zh_record {
	struct zh_buf text;	/* the current text */
	int valid;		/* the text is known to be valid UTF-8: set by
				 * whoever validated the line, after
				 * zh_record_reset; every stage keeps it so,
				 * since tables and templates are valid UTF-8
				 * and matches start and end on characters */
	struct zh_buf next;	/* the version a stage is building */
	size_t done;		/* bytes of text already copied or replaced */
	struct zh_span *prot;	/* sorted, disjoint */
	size_t nprot, capprot;
	struct zh_span *strip;	/* bytes to leave out on output; sorted,
				 * each inside a protected range */
	size_t nstrip, capstrip;
	struct zh_edit *edits;	/* edits of the stage under way, in order */
	size_t nedits, capedits;
	int track;		/* keep orig[] and findings (--check) */
	size_t *orig;		/* orig[i]: input offset of text byte i; text.len + 1 entries */
	size_t *orig_next;
	size_t caporig;
	struct zh_finding *findings;
	size_t nfindings, capfindings;
	struct zh_buf ftext;	/* the before/after texts of findings */
	/* Set by the owner, kept by zh_record_reset: may a rule make a
	 * change to the line HEAD[0..HLEN) + TAIL[0..TLEN), the line as the
	 * stage's changes so far leave it, that replaces TAIL[0..MLEN) with
	 * REPL[0..RLEN)?  NULL: always. */
	int (*guard)(void *ctx, const char *head, size_t hlen,
		     const char *tail, size_t tlen, size_t mlen,
		     const char *repl, size_t rlen);
	void *guard_ctx;
};

/* TRACK: keep the origin map and findings.  Free with zh_record_free. */
void zh_record_init(struct zh_record *rec, int track);
void zh_record_free(struct zh_record *rec);

/* Starts a new line: TEXT[0..LEN) becomes the current text; the protected
 * ranges and findings are cleared, and the text is not known to be valid
 * UTF-8 (rec->valid is 0). */
void zh_record_reset(struct zh_record *rec, const char *text, size_t len);

/* Starts building the next version. */
void zh_record_begin(struct zh_record *rec);
/* Copies the current text up to byte END unchanged into the next version. */
void zh_record_keep(struct zh_record *rec, size_t end);
/* Replaces the current text [START, END) (START >= what was kept so far)
 * with REPL[0..RLEN); bytes before START are kept first. */
void zh_record_replace(struct zh_record *rec, size_t start, size_t end,
		       const char *repl, size_t rlen);
/* As zh_record_replace, for a replacement already appended to rec->next
 * starting at offset NSTART. */
void zh_record_replaced(struct zh_record *rec, size_t start, size_t end,
			size_t nstart);
/* Records that the current text [START, END) became [NSTART, NEND) of the
 * next version, where the stage has already written it; the bytes between
 * such edits must be the same in both versions.  Edits come in order. */
void zh_record_edit(struct zh_record *rec, size_t start, size_t end,
		    size_t nstart, size_t nend);
/* Keeps the rest and makes the next version current.  Returns the number
 * of edits (0: the text did not change); rec->edits holds them until the
 * next zh_record_begin. */
size_t zh_record_commit(struct zh_record *rec);
/* Drops the next version; the current text stays. */
void zh_record_abandon(struct zh_record *rec);

/* Marks [START, END) of the current text, which must be protected, as
 * to be left out on output (markup markers). */
void zh_record_strip(struct zh_record *rec, size_t start, size_t end);
/* Appends the current text, less the stripped ranges, to OUT. */
void zh_record_output(const struct zh_record *rec, struct zh_buf *out);

/* Marks [START, END) of the current text as protected. */
void zh_record_protect(struct zh_record *rec, size_t start, size_t end);
/* Returns 1 when [START, END) overlaps a protected range; then, if END_OUT
 * is not NULL, *END_OUT is the end of the first range it overlaps. */
int zh_record_is_protected(const struct zh_record *rec, size_t start,
			   size_t end, size_t *end_out);

/* Records a finding at current-text offset POS (mapped to the input through
 * the origin map).  AFTER may be NULL (a warn rule with no suggestion). */
void zh_record_finding(struct zh_record *rec, const struct zh_rule *rule,
		       size_t pos, const char *before, size_t blen,
		       const char *after, size_t alen);

#endif
