/*
 * fuzz_table.c - libFuzzer harness for the rule-table parser.
 *
 * Any bytes are loaded as a table; a table that loads is also checked
 * against its own examples, which runs the engine on fuzzer-made patterns,
 * templates and texts.
 *
 * A NUL byte (which no table may hold) splits the input in two: the part
 * after the first NUL is loaded as a second table into the same set, which
 * reaches the checks across tables (duplicate ids) and the promise that a
 * table that fails to load leaves the set as it was.
 *
 * The prefilter may only skip a rule on a line the rule cannot match, so
 * the examples' texts also check it, in two ways:
 *  - for every rule and text its pattern matches, what zh_required_extract
 *    says every match needs must be in the text;
 *  - for small sets, the texts go through the rule stages of an engine with
 *    the prefilter and of one without, which must agree on the text, the
 *    protected ranges and the findings (this also covers the scan and the
 *    rescan after a rule changed the text).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "prefilter.h"
#include "record.h"
#include "rules.h"
#include "selftest.h"
#include "table.h"

/* Sets with more rules than this skip the engine comparison (the shipped
 * tables in the seeds would make every run slow). */
#define MAX_COMPARED_RULES 24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_high(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* Does TEXT[0..N) hold one of LITS (as the engine adds them: up to their
 * first NUL), or with HIGH, a byte above 0x7F? */
static int
holds(const char *text, size_t n, char *const *lits, size_t nlits, int high)
{
	size_t k;

	if (high && has_high(text, n))
		return 1;
	for (k = 0; k < nlits; k++)
		if (memmem(text, n, lits[k], strlen(lits[k])) != NULL)
			return 1;
	return 0;
}

/* The first check of the prefilter (see the top of the file). */
static void
check_required(const struct zh_ruleset *rs)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	struct zh_required req;
	size_t i, k, t, n;

	pcre2_set_match_limit(mctx, 100000);
	pcre2_set_depth_limit(mctx, 10000);
	for (i = 0; i < rs->nrules; i++) {
		const struct zh_rule *r = &rs->rules[i];

		if (r->nexamples == 0 || !zh_required_extract(r->pattern, &req))
			continue;
		for (k = 0; k < r->nexamples; k++) {
			for (t = 0; t < 2; t++) {
				const char *text = t == 0 ? r->examples[k].input :
				    r->examples[k].output;

				if (text == NULL)
					continue;
				n = strlen(text);
				if (pcre2_match(r->code, (PCRE2_SPTR)text, n, 0, 0,
						md, mctx) < 0)
					continue;
				if (!holds(text, n, req.lits, req.n, req.high) ||
				    (req.two && !holds(text, n, req.lits2, req.n2,
						       req.high2)))
					__builtin_trap();	/* it matches without what it needs */
			}
		}
		zh_required_free(&req);
	}
	pcre2_match_context_free(mctx);
	pcre2_match_data_free(md);
}

/* Runs TEXT through both stages of E (no conversion in between). */
static void
run_stages(const struct zh_engine *e, struct zh_matcher *m,
	   struct zh_record *rec, const char *text)
{
	zh_record_reset(rec, text, strlen(text));
	zh_buf_clear(&m->failures);
	zh_rules_run(e, m, ZH_STAGE_BEFORE, rec);
	zh_rules_run(e, m, ZH_STAGE_AFTER, rec);
}

static int
same_record(const struct zh_record *a, const struct zh_record *b)
{
	size_t i;

	if (a->text.len != b->text.len || a->nprot != b->nprot ||
	    a->nfindings != b->nfindings ||
	    (a->text.len > 0 &&
	     memcmp(a->text.data, b->text.data, a->text.len) != 0))
		return 0;
	for (i = 0; i < a->nprot; i++)
		if (a->prot[i].start != b->prot[i].start ||
		    a->prot[i].end != b->prot[i].end)
			return 0;
	for (i = 0; i < a->nfindings; i++)
		if (a->findings[i].rule != b->findings[i].rule ||
		    a->findings[i].orig != b->findings[i].orig)
			return 0;
	return 1;
}

/* The second check of the prefilter (see the top of the file). */
static void
compare_engines(const struct zh_ruleset *rs)
{
	struct zh_placement p;
	struct zh_engine *with, *without;
	struct zh_matcher *m1, *m2;
	struct zh_record r1, r2;
	size_t i, k, t;

	memset(&p, 0, sizeof p);
	/* Place every rule: "any" and hans before, hant after, every region,
	 * warn rules too. */
	p.converting = 1;
	p.from = ZH_SCRIPT_HANS;
	p.to = ZH_SCRIPT_HANT;
	p.region = ZH_REGION_CN | ZH_REGION_TW | ZH_REGION_HK;
	p.check = 1;
	with = zh_engine_new(rs, &p);
	p.no_prefilter = 1;
	without = zh_engine_new(rs, &p);
	m1 = zh_matcher_new(rs);
	m2 = zh_matcher_new(rs);
	zh_record_init(&r1, 1);
	zh_record_init(&r2, 1);
	for (i = 0; i < rs->nrules; i++) {
		for (k = 0; k < rs->rules[i].nexamples; k++) {
			const struct zh_example *ex = &rs->rules[i].examples[k];

			for (t = 0; t < 2; t++) {
				const char *text = t == 0 ? ex->input : ex->output;

				if (text == NULL)
					continue;
				run_stages(with, m1, &r1, text);
				run_stages(without, m2, &r2, text);
				if (!same_record(&r1, &r2))
					__builtin_trap();	/* a rule was skipped that matches */
			}
		}
	}
	zh_record_free(&r1);
	zh_record_free(&r2);
	zh_matcher_free(m1);
	zh_matcher_free(m2);
	zh_engine_free(with);
	zh_engine_free(without);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zh_ruleset rs;
	struct zh_error err;
	struct zh_selftest_result res;
	struct zh_buf report = ZH_BUF_INIT;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t len1 = nul != NULL ? (size_t)(nul - data) : size, before;
	int ok;

	zh_ruleset_init(&rs);
	ok = zh_ruleset_load_mem(&rs, (const char *)data, len1, "fuzz.rules",
				 NULL, &err) == 0;
	if (nul != NULL) {
		before = rs.nrules;
		if (zh_ruleset_load_mem(&rs, (const char *)nul + 1,
					size - len1 - 1, "fuzz2.rules", NULL,
					&err) == 0)
			ok = 1;
		else if (rs.nrules != before)
			__builtin_trap();	/* a failed load changed the set */
	}
	if (ok) {
		zh_ruleset_disable(&rs, "*.skip*");
		zh_selftest_run(&rs, &report, &res);
		check_required(&rs);
		if (rs.nrules <= MAX_COMPARED_RULES)
			compare_engines(&rs);
	}
	zh_buf_free(&report);
	zh_ruleset_free(&rs);
	return 0;
}
