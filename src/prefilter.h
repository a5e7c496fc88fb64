/*
 * prefilter.h - finding which rules can match a line, in one pass.
 *
 * Most rules cannot match most lines.  From each pattern we take literals
 * that every match must contain (one per top-level alternative; for
 * 四个(意识|自信) that is "四个"), and build one Aho-Corasick automaton over
 * all of them.  One scan of a line then tells which rules are worth
 * running; a rule without such literals (a pure character class, say)
 * always runs.
 */
#ifndef ZH_PREFILTER_H
#define ZH_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/*
 * Extracts the required literals of PATTERN (PCRE2 syntax, compiled with
 * UTF).  Returns the number of literals and sets *LITS to an array of
 * NUL-terminated strings, all of which the caller frees (each, then the
 * array); returns 0 (and sets *LITS to NULL) when the pattern has no usable
 * literal, for example when an alternative has none, or options such as
 * (?i) make literals unreliable.
 */
size_t zh_literals_extract(const char *pattern, char ***lits);

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
