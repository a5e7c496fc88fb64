/*
 * prefilter.h - finding which rules can match a line, in one pass.
 *
 * Most rules cannot match most lines.  From each pattern we take what
 * every match must contain: one of a set of literals (for 四个(意识|自信),
 * "四个"; for [，。、], one of those three) or, for \p{Han}, some byte above
 * 0x7F.  One scan of a line, looking each character up among the first
 * characters of all literals, then tells which rules are worth running; a
 * rule of which nothing is known always runs.
 */
#ifndef ZH_PREFILTER_H
#define ZH_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* What every match of a pattern must contain: one of the literals, or
 * (HIGH) some byte above 0x7F; and when TWO is set, also one of LITS2 or
 * (HIGH2) some byte above 0x7F. */
struct zh_required {
	char **lits;
	size_t n;
	int high;
	int two;
	char **lits2;
	size_t n2;
	int high2;
};

/*
 * Works out what every match of PATTERN (PCRE2 syntax, compiled with UTF)
 * must contain.  Returns 1 and fills REQ, which the caller frees with
 * zh_required_free; returns 0 (REQ empty) when nothing usable is known,
 * for example when an alternative requires nothing, or options such as
 * (?i) make literals unreliable.
 */
int zh_required_extract(const char *pattern, struct zh_required *req);
void zh_required_free(struct zh_required *req);

struct zh_prefilter;

/* Starts an empty scanner.  Free with zh_prefilter_free. */
struct zh_prefilter *zh_prefilter_new(void);
void zh_prefilter_free(struct zh_prefilter *pf);

/* Adds literal LIT[0..LEN) as evidence for the rule numbered ID (the
 * bit ID of the scan's bit set). */
void zh_prefilter_add(struct zh_prefilter *pf, const char *lit, size_t len,
		      uint32_t id);

/* Prepares the scanner; no more adds after this. */
void zh_prefilter_build(struct zh_prefilter *pf);

/* Scans S[0..N) and sets in BITS (one bit per id, 64 to a word) the bit of
 * every id one of whose literals occurs in it.  Returns 1 when S has a
 * byte above 0x7F. */
int zh_prefilter_scan(const struct zh_prefilter *pf, const char *s, size_t n,
		      uint64_t *bits);

/* The same for (at least) the literals that start in S[FROM..TO) (FROM at
 * a character boundary); they may run on past TO. */
int zh_prefilter_scan_range(const struct zh_prefilter *pf, const char *s,
			    size_t n, size_t from, size_t to, uint64_t *bits);

/* The same as zh_prefilter_scan_range for S[0..N) known to be valid UTF-8
 * (which it does not check again), a little faster. */
int zh_prefilter_scan_valid(const struct zh_prefilter *pf, const char *s,
			    size_t n, size_t from, size_t to, uint64_t *bits);

/* Sets *BEFORE and *AFTER so that every literal of an id ID or above that
 * holds the byte at P has its key (the character the scan looks it up by)
 * start in [P - *BEFORE, P + *AFTER]. */
void zh_prefilter_reach(const struct zh_prefilter *pf, uint32_t id,
			size_t *before, size_t *after);

/* Sets in BITS the bits of (at least) the literals whose key starts in
 * S[FROM..TO), FROM at a character boundary; with VALID, S is known to be
 * valid UTF-8.  Returns 1 when that range has a byte above 0x7F. */
int zh_prefilter_scan_keys(const struct zh_prefilter *pf, const char *s,
			   size_t n, size_t from, size_t to, int valid,
			   uint64_t *bits);

/* The length of the longest literal, in bytes. */
size_t zh_prefilter_maxlen(const struct zh_prefilter *pf);

#endif
