/*
 * selftest.h - --test-rules: checking every rule against its own examples.
 *
 * Each example runs through its rule alone, after the protect rules of the
 * whole set (so that an example can show that a URL is left alone):
 *   example = IN => OUT   the rule turns IN into OUT (for a warn rule with a
 *                         replace: following its suggestion gives OUT, and it
 *                         reports IN);
 *   example = IN          a warn rule reports IN;
 *   unchanged = IN        the rule neither changes nor reports IN.
 */
#ifndef ZH_SELFTEST_H
#define ZH_SELFTEST_H

#include "buf.h"
#include "table.h"

struct zh_selftest_result {
	unsigned long passed;
	unsigned long failed;
	unsigned long errors;	/* examples whose rule hit a match limit */
};

/* Runs the examples of every enabled rule of RS.  A line describing each
 * failure ("FILE:LINE: rule ID: ...") is appended to REPORT. */
void zh_selftest_run(const struct zh_ruleset *rs, struct zh_buf *report,
		     struct zh_selftest_result *res);

#endif
