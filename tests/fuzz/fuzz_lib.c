/*
 * fuzz_lib.c - libFuzzer harness for libzhnorm's public API (zhnorm.h).
 *
 * The first bytes choose the options: a config, a profile, a markup,
 * rules or none, a region, markers kept, invalid input passed; once in a
 * while the options are names made of the input itself (which must fail
 * cleanly or open).  The rest is the text, converted and checked.  The
 * properties: every call returns one of the documented codes and keeps its
 * promises about *out; valid input is never refused; the output of valid
 * input is valid UTF-8; with no config and no rules the output is the
 * input; passing invalid input through changes nothing for valid input;
 * findings lie inside the input, in line order, with columns and lengths
 * that agree with it.
 *
 * Handles are opened once per choice of options (a fixed list, so that
 * memory stays bounded) and kept, as a program would, since opening
 * compiles the tables.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "zhnorm.h"

#ifndef ZH_FUZZ_DICT
#define ZH_FUZZ_DICT "dict"
#endif

/* The option sets tried, each with invalid input refused and passed. */
struct choice {
	const char *config;
	int markup;
	int rules;		/* 0 none, 1 the gov profile, 2 punct + unicode */
	const char *region;
	int keep_markers;
};
static const struct choice choices[] = {
	{ "s2t", ZHNORM_MARKUP_TEXT, 1, NULL, 0 },
	{ "s2twp", ZHNORM_MARKUP_TEXT, 1, NULL, 0 },
	{ "t2s", ZHNORM_MARKUP_TEXT, 1, NULL, 1 },
	{ "s2hk", ZHNORM_MARKUP_TEXT, 2, "tw", 0 },
	{ "tw2sp", ZHNORM_MARKUP_TEXT, 0, NULL, 0 },
	{ "jp2t", ZHNORM_MARKUP_TEXT, 1, NULL, 0 },
	{ "none", ZHNORM_MARKUP_TEXT, 1, "hk", 0 },
	{ "none", ZHNORM_MARKUP_TEXT, 0, NULL, 0 },
	{ "s2tw", ZHNORM_MARKUP_HTML, 1, NULL, 0 },
	{ "t2s", ZHNORM_MARKUP_HTML, 2, NULL, 1 },
	{ "none", ZHNORM_MARKUP_HTML, 0, NULL, 0 },
	{ "s2t", ZHNORM_MARKUP_MARKDOWN, 1, NULL, 0 },
	{ "hk2s", ZHNORM_MARKUP_MARKDOWN, 2, "cn", 1 },
	{ "none", ZHNORM_MARKUP_MARKDOWN, 0, NULL, 0 },
	/* The residue repair: after t2tw and t2hk, and with -c none on
	 * Traditional text. */
	{ "t2tw", ZHNORM_MARKUP_TEXT, 1, NULL, 0 },
	{ "t2hk", ZHNORM_MARKUP_HTML, 1, NULL, 0 },
	{ "none", ZHNORM_MARKUP_TEXT, 1, NULL, 0 },
};
#define NCHOICES (sizeof choices / sizeof choices[0])
static zhnorm *handles[NCHOICES][2];	/* [k][invalid_pass] */

static const char *
rules_path(void)
{
	const char *env = getenv("ZHNORM_RULES_PATH");

	return env != NULL ? env : ZH_FUZZ_DICT;
}

static void
must(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_lib: %s\n", what);
		abort();
	}
}

static int
known_code(int rc)
{
	return rc >= ZHNORM_OK && rc <= ZHNORM_ERULE;
}

/* Opens with names taken from the input: it must fail with a code and a
 * message, or open. */
static void
open_named(const uint8_t *data, size_t size)
{
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	char name[64], err[256];
	const char *tables[2] = { name, NULL };
	size_t n = size < sizeof name - 1 ? size : sizeof name - 1;
	int code = -1;
	zhnorm *h;

	memcpy(name, data, n);
	name[n] = '\0';
	/* No paths: the names only look along the search path. */
	if (strchr(name, '/') != NULL || strstr(name, ".json") != NULL ||
	    strstr(name, ".rules") != NULL || strstr(name, ".profile") != NULL)
		return;
	o.rules_path = rules_path();
	o.data_dir = ZH_FUZZ_DICT;
	switch (data[0] % 4) {
	case 0: o.config = name; break;
	case 1: o.profile = name; break;
	case 2: o.tables = tables; break;
	default: o.region = name; break;
	}
	err[0] = 'x';
	h = zhnorm_open(&o, &code, err, sizeof err);
	if (h == NULL) {
		must(code != ZHNORM_OK && known_code(code), "open failed with no code");
		must(err[0] != '\0' && err[0] != 'x', "open failed with no message");
	} else
		must(code == ZHNORM_OK, "open succeeded with a code");
	zhnorm_close(h);
}

static zhnorm *
handle(unsigned k, int pass)
{
	static const char *const punct[] = { "punct", "unicode", NULL };
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	const struct choice *c = &choices[k];
	char err[512];
	int code;

	if (handles[k][pass] != NULL)
		return handles[k][pass];
	o.config = c->config;
	o.markup = c->markup;
	o.no_rules = c->rules == 0;
	if (c->rules == 2) {
		o.profile = "none";
		o.tables = punct;
	}
	o.region = c->region;
	o.keep_markers = c->keep_markers;
	o.invalid_pass = pass;
	o.rules_path = rules_path();
	o.data_dir = ZH_FUZZ_DICT;	/* the bundled OpenCC data */
	handles[k][pass] = zhnorm_open(&o, &code, err, sizeof err);
	if (handles[k][pass] == NULL) {
		fprintf(stderr, "fuzz_lib: cannot open %s: %s\n", o.config, err);
		abort();
	}
	return handles[k][pass];
}

static void
check_findings(zhnorm *h, const char *in, size_t len, int valid)
{
	zhnorm_findings *fs = (zhnorm_findings *)1;
	const struct zhnorm_finding *f;
	unsigned long line = 0;
	size_t n = 0;
	int rc = zhnorm_check(h, in, len, &fs);

	must(known_code(rc), "check: unknown code");
	if (rc != ZHNORM_OK && rc != ZHNORM_ERULE) {
		must(fs == NULL, "check failed and left findings");
		must(rc != ZHNORM_EUTF8 || !valid, "check refused valid UTF-8");
		must(zhnorm_errmsg(h)[0] != '\0', "check failed with no message");
		return;
	}
	must(fs != NULL, "check succeeded with no findings object");
	while ((f = zhnorm_findings_next(fs)) != NULL) {
		const char *ls;
		size_t lstart;

		n++;
		must(f->line >= 1 && f->line >= line, "findings out of line order");
		line = f->line;
		must(f->offset <= len && f->length <= len - f->offset,
		     "a finding outside the input");
		must(f->rule != NULL && f->rule[0] != '\0', "a finding without a rule");
		must(f->before != NULL && strlen(f->before) <= f->before_len,
		     "before and its length disagree");
		must(f->after == NULL || strlen(f->after) <= f->after_len,
		     "after and its length disagree");
		must(f->level == ZHNORM_FIX || f->level == ZHNORM_WARN, "a bad level");
		must(f->level == ZHNORM_WARN || f->after != NULL, "a fix without after");
		/* The column counts the characters of the line before it. */
		for (lstart = f->offset; lstart > 0 && in[lstart - 1] != '\n'; lstart--)
			;
		{
			unsigned long nl = 1;
			size_t i;

			for (i = 0; i < f->offset; i++)
				nl += in[i] == '\n';
			must(f->line == nl, "a line number that is not the line");
		}
		/* A byte order mark is not a character of the first line. */
		if (lstart == 0 && len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0)
			lstart = 3;
		ls = in + lstart;
		if (valid)
			must(f->column == zh_utf8_count(ls, f->offset - lstart) + 1,
			     "a column that is not the characters before it");
	}
	must(n == zhnorm_findings_count(fs), "count and walk disagree");
	zhnorm_findings_free(fs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in;
	char *out = (char *)1, *out2 = NULL;
	size_t len, outlen = 0, outlen2;
	unsigned k;
	int rc, rc2, valid, pass;
	zhnorm *h;

	if (size < 3)
		return 0;
	if (data[0] == 0xff) {
		open_named(data + 1, size - 1);
		return 0;
	}
	k = data[0] % NCHOICES;
	pass = data[1] & 1;
	in = (const char *)data + 2;
	len = size - 2;
	valid = zh_utf8_valid_prefix(in, len) == len;
	h = handle(k, pass);

	rc = zhnorm_convert(h, in, len, &out, &outlen);
	must(known_code(rc), "convert: unknown code");
	if (rc == ZHNORM_OK || rc == ZHNORM_ERULE) {
		must(out != NULL && out[outlen] == '\0', "convert: no result");
		if (valid)
			must(zh_utf8_valid_prefix(out, outlen) == outlen,
			     "valid input gave invalid output");
		/* none, no rules: nothing may change. */
		if (strcmp(choices[k].config, "none") == 0 && choices[k].rules == 0)
			must(outlen == len && memcmp(out, in, len) == 0,
			     "-c none --no-rules changed the text");
	} else {
		must(out == NULL, "convert failed and left a result");
		must(rc != ZHNORM_EUTF8 || !valid, "convert refused valid UTF-8");
	}
	/* Passing invalid input through changes nothing for valid input. */
	if (valid && rc == ZHNORM_OK) {
		rc2 = zhnorm_convert(handle(k, !pass), in, len, &out2, &outlen2);
		must(rc2 == ZHNORM_OK && outlen2 == outlen &&
		     memcmp(out, out2, outlen) == 0,
		     "invalid=pass changed the output of valid input");
		zhnorm_free(out2);
	}
	if (rc == ZHNORM_OK || rc == ZHNORM_ERULE)
		zhnorm_free(out);
	check_findings(h, in, len, valid);
	return 0;
}
