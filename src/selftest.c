/*
 * selftest.c - checking rules against their examples (see selftest.h).
 */
#include "config.h"

#include <string.h>

#include "report.h"
#include "rules.h"
#include "selftest.h"

/* Runs the protect rules of RS, then R, over TEXT; leaves the result in
 * REC.  Returns the number of findings R made (check mode), or -1 when a
 * rule failed. */
static long
run_example(const struct zh_ruleset *rs, const struct zh_rule *r,
	    struct zh_matcher *m, struct zh_record *rec, const char *text,
	    int as_fix)
{
	struct zh_rule tmp;
	size_t i;

	zh_record_reset(rec, text, strlen(text));
	for (i = 0; i < rs->nrules; i++) {
		const struct zh_rule *p = &rs->rules[i];

		if (p->protect && !p->disabled && !r->protect &&
		    (p->script == ZH_SCRIPT_ANY || r->script == ZH_SCRIPT_ANY ||
		     p->script == r->script) &&
		    zh_rule_apply(p, m, rec, 1) < 0)
			return -1;
	}
	if (as_fix && r->level == ZH_LEVEL_WARN && r->replace != NULL) {
		/* Follow the warning's suggestion. */
		tmp = *r;
		tmp.level = ZH_LEVEL_FIX;
		return zh_rule_apply(&tmp, m, rec, 1);
	}
	return zh_rule_apply(r, m, rec, 1);
}

static void
quote(struct zh_buf *out, const char *s, size_t n)
{
	zh_buf_puts(out, "\xe2\x80\x9c");
	zh_visible_escape(out, s, n);
	zh_buf_puts(out, "\xe2\x80\x9d");
}

static void
failure(struct zh_buf *report, const struct zh_rule *r,
	const struct zh_example *ex, const char *what)
{
	zh_buf_printf(report, "%s:%lu: rule %s: %s: ", r->file, ex->line,
		      r->id, what);
	quote(report, ex->input, strlen(ex->input));
}

void
zh_selftest_run(const struct zh_ruleset *rs, struct zh_buf *report,
		struct zh_selftest_result *res)
{
	struct zh_matcher *m = zh_matcher_new(rs);
	struct zh_record rec;
	size_t i, k;
	long n = 0;

	memset(res, 0, sizeof *res);
	zh_record_init(&rec, 1);
	for (i = 0; i < rs->nrules; i++) {
		const struct zh_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		for (k = 0; k < r->nexamples; k++) {
			const struct zh_example *ex = &r->examples[k];
			int ok = 1;

			zh_buf_clear(&m->failures);
			switch (ex->kind) {
			case ZH_EXAMPLE_CHANGE:
				if (r->level == ZH_LEVEL_WARN) {
					n = run_example(rs, r, m, &rec, ex->input, 0);
					if (n == 0) {
						failure(report, r, ex, "example not reported");
						zh_buf_putc(report, '\n');
						ok = 0;
						break;
					}
				}
				n = run_example(rs, r, m, &rec, ex->input, 1);
				if (n >= 0 && (rec.text.len != strlen(ex->output) ||
				    memcmp(rec.text.data ? rec.text.data : "", ex->output,
					   rec.text.len) != 0)) {
					failure(report, r, ex, "example failed");
					zh_buf_puts(report, " gave ");
					quote(report, rec.text.data ? rec.text.data : "", rec.text.len);
					zh_buf_puts(report, ", expected ");
					quote(report, ex->output, strlen(ex->output));
					zh_buf_putc(report, '\n');
					ok = 0;
				}
				break;
			case ZH_EXAMPLE_FINDING:
				n = run_example(rs, r, m, &rec, ex->input, 0);
				if (n == 0) {
					failure(report, r, ex, r->protect ?
						"example not protected" :
						"example not reported");
					zh_buf_putc(report, '\n');
					ok = 0;
				}
				break;
			case ZH_EXAMPLE_UNCHANGED:
				n = run_example(rs, r, m, &rec, ex->input, 0);
				if (n > 0) {
					failure(report, r, ex,
						r->protect ? "unchanged example protected" :
						r->level == ZH_LEVEL_WARN ?
						"unchanged example reported" :
						"unchanged example changed");
					zh_buf_puts(report, " gave ");
					quote(report, rec.text.data ? rec.text.data : "", rec.text.len);
					zh_buf_putc(report, '\n');
					ok = 0;
				}
				break;
			}
			if (n < 0) {
				zh_buf_printf(report, "%s:%lu: ", r->file, ex->line);
				zh_buf_append(report, m->failures.data, m->failures.len);
				res->errors++;
				ok = 0;
			}
			if (ok)
				res->passed++;
			else
				res->failed++;
		}
	}
	zh_record_free(&rec);
	zh_matcher_free(m);
}
