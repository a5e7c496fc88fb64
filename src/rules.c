/*
 * rules.c - the rule stages (see rules.h).
 *
 * Rules are applied in the way of a global substitution: pcre2_match from
 * the left, each match acted on, the search going on after it.  The whole
 * line is always the subject, so look-behind and look-ahead see the real
 * context, even inside protected ranges; a match that overlaps a protected
 * range is skipped.  Replacements are built in the record's next version,
 * so a failure half-way through a line leaves the line as it was.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "rules.h"
#include "utf8.h"

static int
rule_placed(const struct zh_rule *r, const struct zh_placement *p,
	    enum zh_stage *stage)
{
	if (r->disabled)
		return 0;
	if (r->level == ZH_LEVEL_WARN && !p->check)
		return 0;
	/* A region's rule runs for that region; for text of several regions
	 * (Traditional text under --region=auto: Taiwan's and Hong Kong's)
	 * only a rule of all of them does. */
	if (r->regions != 0 &&
	    (p->region == 0 || (r->regions & p->region) != p->region))
		return 0;
	*stage = ZH_STAGE_BEFORE;
	if (r->script == ZH_SCRIPT_ANY)
		return 1;
	if (!p->converting)
		return r->script == p->from;
	if (r->script == p->to) {
		*stage = ZH_STAGE_AFTER;
		return 1;
	}
	return r->script == p->from;
}

/* Sets bit B of the bit set SET. */
static void
set_bit(uint64_t *set, size_t b)
{
	set[b / 64] |= 1ULL << (b % 64);
}

struct zh_engine *
zh_engine_new(const struct zh_ruleset *rs, const struct zh_placement *p)
{
	struct zh_engine *e = zh_xcalloc(1, sizeof *e);
	struct zh_required req;
	enum zh_stage st;
	size_t i, k, pos, words = (2 * rs->nrules) / 64 + 1;

	e->rs = rs;
	e->check = p->check;
	for (i = 0; i < 2; i++) {
		e->stage[i] = zh_xcalloc(rs->nrules + 1, sizeof *e->stage[i]);
		e->pf[i] = zh_prefilter_new();
		e->always[i] = zh_xcalloc(words, sizeof *e->always[i]);
		e->high[i] = zh_xcalloc(words, sizeof *e->high[i]);
	}
	for (i = 0; i < rs->nrules; i++) {
		if (!rule_placed(&rs->rules[i], p, &st))
			continue;
		pos = e->nstage[st]++;
		e->stage[st][pos] = &rs->rules[i];
		if (p->no_prefilter ||
		    !zh_required_extract(rs->rules[i].pattern, &req)) {
			/* Nothing known: it runs on every line. */
			set_bit(e->always[st], 2 * pos);
			set_bit(e->always[st], 2 * pos + 1);
			continue;
		}
		for (k = 0; k < req.n; k++)
			zh_prefilter_add(e->pf[st], req.lits[k],
					 strlen(req.lits[k]), (uint32_t)(2 * pos));
		if (req.high)
			set_bit(e->high[st], 2 * pos);
		if (!req.two)
			set_bit(e->always[st], 2 * pos + 1);
		for (k = 0; k < req.n2; k++)
			zh_prefilter_add(e->pf[st], req.lits2[k],
					 strlen(req.lits2[k]), (uint32_t)(2 * pos + 1));
		if (req.high2)
			set_bit(e->high[st], 2 * pos + 1);
		zh_required_free(&req);
	}
	for (i = 0; i < 2; i++) {
		zh_prefilter_build(e->pf[i]);
		e->words[i] = (2 * e->nstage[i]) / 64 + 1;
	}
	return e;
}

void
zh_engine_free(struct zh_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < 2; i++) {
		free(e->stage[i]);
		zh_prefilter_free(e->pf[i]);
		free(e->always[i]);
		free(e->high[i]);
	}
	free(e);
}

struct zh_matcher *
zh_matcher_new(const struct zh_ruleset *rs)
{
	struct zh_matcher *m = zh_xcalloc(1, sizeof *m);
	uint32_t groups = rs->max_groups > 0 ? rs->max_groups : 1;

	m->md = pcre2_match_data_create(groups, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (m->md == NULL || m->mctx == NULL) {
		/* PCRE2 could not allocate a few hundred bytes. */
		zh_xmalloc((size_t)-1);
	}
	pcre2_set_match_limit(m->mctx, ZH_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, ZH_DEPTH_LIMIT);
	m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (m->jit != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
	zh_buf_init(&m->repl);
	zh_buf_reserve(&m->repl, 64);	/* never NULL: an empty replacement is "" */
	zh_buf_init(&m->failures);
	m->nrules = rs->nrules;
	m->fired = zh_xcalloc(rs->nrules + 1, sizeof *m->fired);
	m->bits = zh_xcalloc((2 * rs->nrules) / 64 + 1, sizeof *m->bits);
	m->tried = zh_xcalloc(rs->nrules + 1, sizeof *m->tried);
	return m;
}

void
zh_matcher_free(struct zh_matcher *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit);
	zh_buf_free(&m->repl);
	zh_buf_free(&m->failures);
	free(m->fired);
	free(m->bits);
	free(m->tried);
	free(m->spans);
	free(m);
}

static size_t
next_char(const char *s, size_t n, size_t i)
{
	int len;

	if (i >= n)
		return n + 1;
	len = zh_utf8_seqlen(s + i, n - i);
	return i + (len > 0 ? (size_t)len : 1);
}

/* Undoes what rule R did to REC so far (its findings; its text and
 * protected ranges are not in REC yet) and says why it failed. */
static long
fail(const struct zh_rule *r, struct zh_matcher *m, struct zh_record *rec,
     size_t nfindings, size_t ftext, int rc)
{
	PCRE2_UCHAR msg[256];

	zh_record_abandon(rec);
	rec->nfindings = nfindings;
	rec->ftext.len = ftext;
	m->nspans = 0;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		zh_buf_printf(&m->failures, "rule %s: match limit exceeded\n",
			      r->id);
		break;
	case 0:
		zh_buf_printf(&m->failures,
			      "rule %s: replacement makes the line too long\n",
			      r->id);
		break;
	default:
		pcre2_get_error_message(rc, msg, sizeof msg);
		zh_buf_printf(&m->failures, "rule %s: match error: %s\n",
			      r->id, (const char *)msg);
		break;
	}
	return -1;
}

long
zh_rule_apply(const struct zh_rule *r, struct zh_matcher *m,
	      struct zh_record *rec, int check)
{
	const char *subj = rec->text.data;
	size_t len = rec->text.len, start = 0, pend;
	size_t limit = 4 * len + ZH_GROWTH_LIMIT;
	uint32_t opts = 0;
	long acted = 0;
	size_t nfindings = rec->nfindings, ftext = rec->ftext.len, k;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	uint32_t ovcount = pcre2_get_ovector_count(m->md);
	int rc, checked;

	if (subj == NULL)
		subj = "";
	zh_record_begin(rec);
	while (start <= len) {
		size_t s, e;

		/* A line known to be valid UTF-8 need not be checked again on
		 * every call (PCRE2 would check all of it from START on); then
		 * the JIT's own entry point saves pcre2_match's checks, unless
		 * the match is anchored here (which the JIT code was not
		 * compiled for). */
		checked = rec->valid && (start >= len ||
			  ((unsigned char)subj[start] & 0xC0) != 0x80);
		if (checked && r->jit && !(opts & PCRE2_ANCHORED))
			rc = pcre2_jit_match(r->code, (PCRE2_SPTR)subj, len, start,
					     opts, m->md, m->mctx);
		else
			rc = pcre2_match(r->code, (PCRE2_SPTR)subj, len, start,
					 opts | (checked ? PCRE2_NO_UTF_CHECK : 0),
					 m->md, m->mctx);
		if (rc == PCRE2_ERROR_NOMATCH) {
			if (opts == 0)
				break;
			/* No non-empty match here after an empty one: move on. */
			start = next_char(subj, len, start);
			opts = 0;
			continue;
		}
		if (rc < 0)
			return fail(r, m, rec, nfindings, ftext, rc);
		s = ov[0];
		e = ov[1];
		if (e < s)		/* \K in a look-ahead; not supported */
			e = s;
		if (rec->nprot > 0 && zh_record_is_protected(rec, s, e, NULL)) {
			/* Search again after the protected text that holds the
			 * match start, or else one character further. */
			if (zh_record_is_protected(rec, s, s + 1, &pend))
				start = pend;
			else
				start = next_char(subj, len, s);
			opts = 0;
			continue;
		}
		if (r->protect) {
			/* Kept aside until the rule has run over the whole line. */
			if (m->nspans == m->capspans) {
				m->capspans = m->capspans ? 2 * m->capspans : 16;
				m->spans = zh_xrealloc(m->spans,
						       m->capspans * sizeof *m->spans);
			}
			m->spans[m->nspans].start = s;
			m->spans[m->nspans++].end = e;
			acted++;
		} else if (r->level == ZH_LEVEL_WARN) {
			if (check) {
				const char *after = NULL;

				zh_buf_clear(&m->repl);
				if (r->replace != NULL &&
				    zh_template_expand(r->replace, subj, ov,
						       ovcount, &m->repl) == 0)
					after = m->repl.data ? m->repl.data : "";
				zh_record_finding(rec, r, s, subj + s, e - s,
						  after, m->repl.len);
				acted++;
			}
		} else {
			const char *rt;
			size_t rl;
			int ok = 1;

			/* A literal replacement is used as it is. */
			if (!zh_template_literal(r->replace, &rt, &rl)) {
				zh_buf_clear(&m->repl);
				ok = zh_template_expand(r->replace, subj, ov,
							ovcount, &m->repl) == 0;
				rt = m->repl.data;
				rl = m->repl.len;
			}
			if (rt == NULL)
				rt = "";
			if (ok && (rl != e - s || memcmp(rt, subj + s, rl) != 0)) {
				/* The change is judged on the line with the
				 * changes before it made, which together may
				 * make markup where none alone does. */
				if (rec->guard != NULL)
					zh_record_keep(rec, s);
				if (rec->guard != NULL &&
				    !rec->guard(rec->guard_ctx,
						rec->next.data ? rec->next.data : "",
						rec->next.len, subj + s, len - s,
						e - s, rt, rl)) {
					/* A change that would make or unmake
					 * markup is not made; --check tells
					 * of it. */
					if (rec->track) {
						zh_record_finding(rec, r, s, subj + s,
								  e - s, rt, rl);
						rec->findings[rec->nfindings - 1].held = 1;
					}
				} else {
					if (rec->track)
						zh_record_finding(rec, r, s, subj + s,
								  e - s, rt, rl);
					zh_record_replace(rec, s, e, rt, rl);
					acted++;
					if (rec->next.len > limit)
						return fail(r, m, rec, nfindings,
							    ftext, 0);
				}
			}
		}
		if (e == s) {
			/* After an empty match, look for a non-empty one at the
			 * same place before moving on. */
			opts = PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
			start = e;
		} else {
			opts = 0;
			start = e;
		}
	}
	if (acted > 0 && !r->protect && r->level == ZH_LEVEL_FIX)
		zh_record_commit(rec);
	else
		zh_record_abandon(rec);
	for (k = 0; k < m->nspans; k++)
		zh_record_protect(rec, m->spans[k].start, m->spans[k].end);
	m->nspans = 0;
	return acted;
}

/* After the rule at POS of stage S changed the text, sets the bits of the
 * rules after it whose literals the changed pieces may now complete: those
 * literals hold a byte of a piece, or for a deletion the bytes on both
 * sides of it.  Bits set before stay set: at worst a rule runs and finds
 * nothing.  Returns 1 when the pieces have a byte above 0x7F. */
static int
rescan_edits(const struct zh_engine *e, enum zh_stage s, struct zh_matcher *m,
	     const struct zh_record *rec, size_t pos)
{
	size_t k, before, after, from, to;
	int high = 0;

	/* Only the later rules matter, whose literals are often much shorter
	 * than the longest of the stage. */
	zh_prefilter_reach(e->pf[s], (uint32_t)(2 * (pos + 1)), &before, &after);
	/* The edits are in order; those whose ranges meet are scanned as
	 * one. */
	for (k = 0; k < rec->nedits; k++) {
		const struct zh_edit *ed = &rec->edits[k];

		from = ed->nstart > before ? ed->nstart - before : 0;
		to = ed->nend + after;
		while (k + 1 < rec->nedits &&
		       rec->edits[k + 1].nstart <= to + before)
			to = rec->edits[++k].nend + after;
		if (from < rec->text.len)
			from = zh_utf8_char_start(rec->text.data, rec->text.len, from);
		high |= zh_prefilter_scan_keys(e->pf[s], rec->text.data,
					       rec->text.len, from, to,
					       rec->valid, m->bits);
	}
	return high;
}

size_t
zh_rules_run(const struct zh_engine *e, struct zh_matcher *m, enum zh_stage s,
	     struct zh_record *rec)
{
	size_t w, k, pos, failed = 0, words = e->words[s];
	uint64_t *bits = m->bits, done, cur;
	long n;
	int high, b;

	if (e->nstage[s] == 0)
		return 0;
	/* Which rules can match: those of which nothing is known, those whose
	 * literal the line holds, and with a byte above 0x7F, those that need
	 * one.  Then run them in order, picking up rules a change makes
	 * possible further on. */
	memcpy(bits, e->always[s], words * sizeof *bits);
	high = rec->valid ?
	       zh_prefilter_scan_valid(e->pf[s], rec->text.data, rec->text.len,
				       0, rec->text.len, bits) :
	       zh_prefilter_scan(e->pf[s], rec->text.data, rec->text.len, bits);
	if (high)
		for (w = 0; w < words; w++)
			bits[w] |= e->high[s][w];
	for (w = 0; w < words; w++) {
		done = 0;
		/* A rule is ready when both of its bits are set. */
		while ((cur = bits[w] & (bits[w] >> 1) & 0x5555555555555555ULL &
			      ~done) != 0) {
			const struct zh_rule *r;

			b = __builtin_ctzll(cur);
			done = (2ULL << b) - 1;
			pos = w * 32 + (size_t)b / 2;
			r = e->stage[s][pos];
			k = (size_t)(r - e->rs->rules);
			m->tried[k]++;
			n = zh_rule_apply(r, m, rec, e->check);
			if (n < 0)
				failed++;
			else if (n > 0) {
				m->fired[k] += (unsigned long)n;
				if (!r->protect && r->level == ZH_LEVEL_FIX &&
				    rescan_edits(e, s, m, rec, pos) && !high) {
					high = 1;
					for (k = 0; k < words; k++)
						bits[k] |= e->high[s][k];
				}
			}
		}
	}
	return failed;
}
