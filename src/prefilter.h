/*
 * prefilter.h - finding which rules can match a line, in one pass.
 *
 * Most rules cannot match most lines.  From each pattern we take what
 * every match must contain: one of a set of literals (for 四个(意识|自信),
 * "四个"; for [，。、], one of those three) or, for \p{Han}, some byte above
 * 0x7F.  One Aho-Corasick automaton over all the literals, and a check for
 * high bytes, then tell in one scan of a line which rules are worth
 * running; a rule of which nothing is known always runs.
 */
#ifndef ZH_PREFILTER_H
#define ZH_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* What every match of a pattern must contain: one of the literals, or
 * (HIGH) some byte above 0x7F. */
struct zh_required {
	char **lits;
	size_t n;
	int high;
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

/* Starts an empty automaton.  Free with zh_prefilter_free. */
struct zh_prefilter *zh_prefilter_new(void);
void zh_prefilter_free(struct zh_prefilter *pf);

/* Adds literal LIT[0..LEN) as evidence for rule number RULE. */
void zh_prefilter_add(struct zh_prefilter *pf, const char *lit, size_t len,
		      uint32_t rule);

/* Builds the automaton; no more adds after this. */
void zh_prefilter_build(struct zh_prefilter *pf);

/* Scans S[0..N) and sets MARKS[rule] = GEN for every rule one of whose
 * literals occurs in it. */
void zh_prefilter_scan(const struct zh_prefilter *pf, const char *s,
		       size_t n, uint32_t *marks, uint32_t gen);

#endif
