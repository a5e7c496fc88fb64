/*
 * rules.h - the rule stages: applying loaded rules to records.
 *
 * An engine decides once, from the conversion's direction and region, which
 * rules run before conversion and which after (see zh_engine_new); it is
 * read-only afterwards and shared by every worker.  A matcher holds what
 * one worker needs to apply rules without allocating per line: PCRE2 match
 * data and a JIT stack sized for the whole rule set, a replacement buffer,
 * and the per-rule counters behind --stats.
 */
#ifndef ZH_RULES_H
#define ZH_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "record.h"
#include "table.h"

/* Limits that keep a hostile rule from hanging or exhausting memory. */
#define ZH_MATCH_LIMIT		2000000u	/* pcre2_set_match_limit */
#define ZH_DEPTH_LIMIT		200000u		/* pcre2_set_depth_limit */
#define ZH_GROWTH_LIMIT		(64u * 1024u)	/* bytes a rule may add to a line beyond 4x */

enum zh_stage {
	ZH_STAGE_BEFORE,	/* before conversion (the only stage with -c none) */
	ZH_STAGE_AFTER		/* after conversion */
};

struct zh_placement {
	int converting;		/* 0 for -c none */
	enum zh_script from;	/* script of the input */
	enum zh_script to;	/* script of the output */
	unsigned region;	/* ZH_REGION_* of the output; 0 = none */
	int check;		/* warn rules run too (they only report) */
	int no_prefilter;	/* run every rule on every line (for tests) */
};

struct zh_prefilter;

struct zh_engine {
	const struct zh_ruleset *rs;
	const struct zh_rule **stage[2];	/* indexed by enum zh_stage */
	size_t nstage[2];
	int check;
	/* Per stage, a rule at position P has two bits: 2P for its first
	 * requirement, 2P + 1 for its second; it runs when both are set. */
	struct zh_prefilter *pf[2];	/* the literals rules require */
	uint64_t *always[2];	/* requirements met on every line */
	uint64_t *high[2];	/* requirements met by a byte above 0x7F */
	size_t words[2];
};

/*
 * Places the enabled rules of RS:
 *  - a rule runs only if its region list is empty or names P->region;
 *  - warn rules run only in check mode;
 *  - with conversion, "any" rules and rules in the input's script run
 *    before it, rules in the output's script after it (a rule whose script
 *    is both, as with t2tw, runs after);
 *  - without conversion, "any" rules and rules in P->from run, in one stage.
 * Table order, then file order, is kept within each stage.  Returns an
 * engine the caller frees with zh_engine_free; RS must outlive it.
 */
struct zh_engine *zh_engine_new(const struct zh_ruleset *rs,
				const struct zh_placement *p);
void zh_engine_free(struct zh_engine *e);

struct zh_matcher {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct zh_buf repl;	/* the replacement under construction */
	unsigned long *fired;	/* per rule of the set, by index, and at
				 * index nrules the residue repair (repair.h) */
	unsigned long *tried;	/* per rule: lines it was run on */
	size_t nrules;
	uint64_t *bits;		/* the rules of a stage still to run on the line */
	struct zh_span *spans;	/* what a protect rule found, kept until it succeeds */
	size_t nspans, capspans;
	struct zh_buf failures;	/* "rule ID: what" lines for the current line */
};

/* Creates a matcher for RS; free with zh_matcher_free. */
struct zh_matcher *zh_matcher_new(const struct zh_ruleset *rs);
void zh_matcher_free(struct zh_matcher *m);

/*
 * Applies rule R once to the whole record: every match, left to right, not
 * overlapping a protected range, is replaced (fix), shielded (protect) or,
 * when CHECK is set, reported (warn).  Returns the number of matches acted
 * on, or -1 when matching failed (a PCRE2 limit or error) or the line grew
 * too much; then a line is appended to m->failures and the record (text,
 * protected ranges and findings) is as it was before the call.
 */
long zh_rule_apply(const struct zh_rule *r, struct zh_matcher *m,
		   struct zh_record *rec, int check);

/* Applies every rule of stage S in order.  Returns the number of rules that
 * failed on this record (each described in m->failures). */
size_t zh_rules_run(const struct zh_engine *e, struct zh_matcher *m,
		    enum zh_stage s, struct zh_record *rec);

#endif
