/*
 * table.c - loading rule tables into a ruleset (see table.h; the format is
 * documented in zhnorm-rules(5)).
 *
 * A table is read a line at a time.  Its rules are built aside and appended
 * to the ruleset only once the whole table has loaded, so that a table with
 * an error leaves the set exactly as it was.  Most checks happen on the line
 * they concern; those that need the whole block (a missing match, a replace
 * written before its match, keys that exclude each other, examples that do
 * not suit the level) happen when the block ends.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "table.h"
#include "utf8.h"

#define MAX_FILE	(16UL * 1024 * 1024)	/* bytes in a table */
#define MAX_LINE	(64UL * 1024)		/* bytes in a line */
#define MAX_RULES	100000UL		/* rules in a set */

enum key {
	KEY_MATCH, KEY_REPLACE, KEY_PROTECT, KEY_SCRIPT, KEY_REGION,
	KEY_LEVEL, KEY_MESSAGE, KEY_EXAMPLE, KEY_UNCHANGED, NKEYS
};

static const char *const key_names[NKEYS] = {
	"match", "replace", "protect", "script", "region", "level",
	"message", "example", "unchanged"
};

/* The block being read: where its keys were, and its replace value until
 * the rule's pattern is there to compile it against. */
struct block {
	size_t rule;			/* index in loader.rules */
	unsigned long keyline[NKEYS];	/* line of each key, 0 when absent */
	const char *replace;
	size_t replen;
	unsigned long repcol;		/* column of the replace value */
	size_t capexamples;
};

struct loader {
	struct zh_ruleset *rs;
	const char *path;
	struct zh_error *err;
	char *file, *table;		/* the strings the new rules share */
	struct zh_rule *rules;		/* the rules of this table */
	size_t nrules, caprules;
	uint32_t max_groups;
	size_t *slots;			/* ids by hash: rule number + 1, or 0 */
	size_t nslots;
	int inblock;
	struct block blk;
	unsigned long line;
	const char *linestart;		/* of the current line, for columns */
};

static int
fail(struct loader *l, unsigned long line, unsigned long col,
     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(struct loader *l, unsigned long line, unsigned long col,
     const char *fmt, ...)
{
	char msg[sizeof l->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return zh_error_set(l->err, l->path, line, col, "%s", msg);
}

/* The 1-based character column of P in the current line. */
static unsigned long
col(const struct loader *l, const char *p)
{
	return (unsigned long)zh_utf8_count(l->linestart,
					    (size_t)(p - l->linestart)) + 1;
}

/* The length of the character at P, for quoting it in messages. */
static int
charlen(const char *p, const char *end)
{
	int n = zh_utf8_seqlen(p, (size_t)(end - p));

	return n ? n : 1;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_idchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int
is_keychar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void
free_rule(struct zh_rule *r)
{
	size_t i;

	free(r->id);
	free(r->pattern);
	pcre2_code_free(r->code);
	zh_template_free(r->replace);
	free(r->message);
	for (i = 0; i < r->nexamples; i++) {
		free(r->examples[i].input);
		free(r->examples[i].output);
	}
	free(r->examples);
}

/* ---- ids ---------------------------------------------------------------- */

static const struct zh_rule *
rule_at(const struct loader *l, size_t n)
{
	if (n < l->rs->nrules)
		return &l->rs->rules[n];
	return &l->rules[n - l->rs->nrules];
}

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Returns the slot that holds ID, or the empty slot where it belongs. */
static size_t *
id_slot(struct loader *l, const char *id)
{
	size_t i = hash(id) & (l->nslots - 1);

	while (l->slots[i] != 0 &&
	    strcmp(rule_at(l, l->slots[i] - 1)->id, id) != 0)
		i = (i + 1) & (l->nslots - 1);
	return &l->slots[i];
}

/* Rebuilds the id hash with room for at least NIDS ids. */
static void
id_rehash(struct loader *l, size_t nids)
{
	size_t n, total = l->rs->nrules + l->nrules;

	free(l->slots);
	for (l->nslots = 64; l->nslots < 2 * nids; l->nslots *= 2)
		;
	l->slots = zh_xcalloc(l->nslots, sizeof *l->slots);
	for (n = 0; n < total; n++)
		*id_slot(l, rule_at(l, n)->id) = n + 1;
}

/* ---- values ------------------------------------------------------------- */

/* The value of hex digit C, or -1. */
static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the escapes \x{H...} and \\ of an example text V[0..LEN), a part
 * of the current line.  Returns 0 and the decoded text in *OUT, which the
 * caller frees, or -1.
 */
static int
decode(struct loader *l, const char *v, size_t len, char **out)
{
	struct zh_buf b = ZH_BUF_INIT;
	unsigned long cp;
	size_t i = 0, j;
	int d;

	while (i < len) {
		if (v[i] == '\\' && i + 1 < len && v[i + 1] == '\\') {
			zh_buf_putc(&b, '\\');
			i += 2;
			continue;
		}
		if (v[i] != '\\' || i + 2 >= len || v[i + 1] != 'x' ||
		    v[i + 2] != '{') {
			zh_buf_putc(&b, v[i++]);
			continue;
		}
		cp = 0;
		for (j = i + 3; j < len && j < i + 9 &&
		     (d = hex_digit(v[j])) >= 0; j++)
			cp = cp << 4 | (unsigned long)d;
		if (j == i + 3 || j >= len || v[j] != '}') {
			zh_buf_free(&b);
			return fail(l, l->line, col(l, v + i), "'\\x{' must be "
				    "followed by 1 to 6 hex digits and '}'");
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			zh_buf_free(&b);
			return fail(l, l->line, col(l, v + i),
				    "\\x{%lX} is a surrogate", cp);
		}
		if (cp > 0x10FFFF) {
			zh_buf_free(&b);
			return fail(l, l->line, col(l, v + i),
				    "\\x{%lX} is above U+10FFFF", cp);
		}
		if (cp == 0 || cp == '\n') {
			zh_buf_free(&b);
			return fail(l, l->line, col(l, v + i), "\\x{%lX}: an "
				    "example cannot hold a NUL or a newline",
				    cp);
		}
		zh_buf_put_utf8(&b, cp);
		i = j + 1;
	}
	*out = zh_buf_detach(&b, NULL);
	return 0;
}

/* Parses "example = IN [=> OUT]" or "unchanged = IN". */
static int
add_example(struct loader *l, struct zh_rule *r, enum key key,
	    const char *v, size_t len)
{
	struct zh_example ex;
	size_t i, inlen = len, outstart = len;
	int arrow = 0;

	if (len == 0)
		return fail(l, l->line, col(l, v), "empty value for '%s'",
			    key_names[key]);
	/* The arrow is the first "=>" with a blank or an end on each side. */
	for (i = 0; key == KEY_EXAMPLE && i + 1 < len; i++) {
		if (v[i] == '=' && v[i + 1] == '>' &&
		    (i == 0 || is_blank(v[i - 1])) &&
		    (i + 2 == len || is_blank(v[i + 2]))) {
			arrow = 1;
			for (inlen = i; inlen > 0 && is_blank(v[inlen - 1]);
			     inlen--)
				;
			for (outstart = i + 2; outstart < len &&
			     is_blank(v[outstart]); outstart++)
				;
			break;
		}
	}
	if (inlen == 0)
		return fail(l, l->line, col(l, v), "empty input before '=>'");
	memset(&ex, 0, sizeof ex);
	ex.line = l->line;
	if (key == KEY_UNCHANGED)
		ex.kind = ZH_EXAMPLE_UNCHANGED;
	else
		ex.kind = arrow ? ZH_EXAMPLE_CHANGE : ZH_EXAMPLE_FINDING;
	if (decode(l, v, inlen, &ex.input) < 0)
		return -1;
	if (arrow && decode(l, v + outstart, len - outstart, &ex.output) < 0) {
		free(ex.input);
		return -1;
	}
	if (r->nexamples == l->blk.capexamples) {
		l->blk.capexamples = l->blk.capexamples ?
		    2 * l->blk.capexamples : 4;
		r->examples = zh_xrealloc(r->examples, l->blk.capexamples *
					  sizeof *r->examples);
	}
	r->examples[r->nexamples++] = ex;
	return 0;
}

static int
set_regions(struct loader *l, struct zh_rule *r, const char *v, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && (is_blank(v[i]) || v[i] == ','))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && !is_blank(v[i]) && v[i] != ',')
			i++;
		if (i - start == 2 && memcmp(v + start, "cn", 2) == 0)
			r->regions |= ZH_REGION_CN;
		else if (i - start == 2 && memcmp(v + start, "tw", 2) == 0)
			r->regions |= ZH_REGION_TW;
		else if (i - start == 2 && memcmp(v + start, "hk", 2) == 0)
			r->regions |= ZH_REGION_HK;
		else
			return fail(l, l->line, col(l, v + start),
				    "unknown region '%.*s' (expected cn, tw "
				    "or hk)", (int)(i - start), v + start);
	}
	if (r->regions == 0)
		return fail(l, l->line, col(l, v), "empty value for 'region' "
			    "(expected cn, tw or hk)");
	return 0;
}

/* Returns the index of V[0..LEN) in the NULL-terminated WORDS, or -1. */
static int
choice(const char *v, size_t len, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == len && memcmp(words[i], v, len) == 0)
			return i;
	return -1;
}

static int
compile_pattern(struct loader *l, struct zh_rule *r, const char *v,
		size_t len)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t ncap = 0;
	int ec;

	if (len == 0)
		return fail(l, l->line, col(l, v), "empty value for 'match'");
	r->code = pcre2_compile((PCRE2_SPTR)v, len, PCRE2_UTF | PCRE2_UCP |
				PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (r->code == NULL) {
		pcre2_get_error_message(ec, msg, sizeof msg);
		if (off > len)
			off = len;
		return fail(l, l->line, col(l, v + off), "bad pattern: %s",
			    (const char *)msg);
	}
	/* Without JIT, patterns still work through the interpreter. */
	r->jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0;
	r->pattern = zh_xstrndup(v, len);
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
	if (ncap + 1 > l->max_groups)
		l->max_groups = ncap + 1;
	return 0;
}

static int
compile_replace(struct loader *l, struct zh_rule *r)
{
	char msg[512];
	size_t errcol = 0;

	r->replace = zh_template_compile(l->blk.replace, l->blk.replen,
					 r->code, msg, sizeof msg, &errcol);
	if (r->replace == NULL)
		return fail(l, l->blk.keyline[KEY_REPLACE],
			    l->blk.repcol + (unsigned long)errcol - 1, "%s",
			    msg);
	return 0;
}

static int
set_key(struct loader *l, enum key key, const char *v, size_t len)
{
	static const char *const scripts[] = { "any", "hans", "hant", NULL };
	static const char *const levels[] = { "fix", "warn", NULL };
	static const char *const yesno[] = { "no", "yes", NULL };
	struct zh_rule *r = &l->rules[l->blk.rule];
	int i;

	switch (key) {
	case KEY_MATCH:
		return compile_pattern(l, r, v, len);
	case KEY_REPLACE:
		l->blk.replace = v;
		l->blk.replen = len;
		l->blk.repcol = col(l, v);
		return r->code != NULL ? compile_replace(l, r) : 0;
	case KEY_PROTECT:
		if ((i = choice(v, len, yesno)) < 0)
			return fail(l, l->line, col(l, v), "bad value '%.*s' "
				    "for 'protect' (expected yes or no)",
				    (int)len, v);
		r->protect = i;
		return 0;
	case KEY_SCRIPT:
		if ((i = choice(v, len, scripts)) < 0)
			return fail(l, l->line, col(l, v), "bad value '%.*s' "
				    "for 'script' (expected hans, hant or "
				    "any)", (int)len, v);
		r->script = i == 1 ? ZH_SCRIPT_HANS : i == 2 ? ZH_SCRIPT_HANT :
		    ZH_SCRIPT_ANY;
		return 0;
	case KEY_REGION:
		return set_regions(l, r, v, len);
	case KEY_LEVEL:
		if ((i = choice(v, len, levels)) < 0)
			return fail(l, l->line, col(l, v), "bad value '%.*s' "
				    "for 'level' (expected fix or warn)",
				    (int)len, v);
		r->level = i == 1 ? ZH_LEVEL_WARN : ZH_LEVEL_FIX;
		return 0;
	case KEY_MESSAGE:
		if (len == 0)
			return fail(l, l->line, col(l, v),
				    "empty value for 'message'");
		r->message = zh_xstrndup(v, len);
		return 0;
	case KEY_EXAMPLE:
	case KEY_UNCHANGED:
		return add_example(l, r, key, v, len);
	case NKEYS:
		break;
	}
	return 0;
}

/* ---- blocks and lines --------------------------------------------------- */

static unsigned long
later(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

/* Finishes the rule of the current block with the checks that need all of
 * its keys. */
static int
end_block(struct loader *l)
{
	struct zh_rule *r = &l->rules[l->blk.rule];
	const unsigned long *kl = l->blk.keyline;
	size_t i;

	l->inblock = 0;
	if (r->code == NULL)
		return fail(l, r->line, 0, "rule '%s' has no 'match'", r->id);
	if (kl[KEY_REPLACE] != 0 && r->replace == NULL &&
	    compile_replace(l, r) < 0)
		return -1;
	if (r->protect && kl[KEY_REPLACE] != 0)
		return fail(l, later(kl[KEY_PROTECT], kl[KEY_REPLACE]), 0,
			    "'protect = yes' and 'replace' exclude each "
			    "other");
	if (r->protect && r->level == ZH_LEVEL_WARN)
		return fail(l, later(kl[KEY_PROTECT], kl[KEY_LEVEL]), 0,
			    "'protect = yes' and 'level = warn' exclude each "
			    "other");
	if (r->level == ZH_LEVEL_FIX && !r->protect && kl[KEY_REPLACE] == 0)
		return fail(l, r->line, 0, "fix rule '%s' needs 'replace' or "
			    "'protect = yes'", r->id);
	for (i = 0; i < r->nexamples; i++) {
		if (r->protect && r->examples[i].kind == ZH_EXAMPLE_CHANGE) {
			/* 'X => X' says the same as 'X': X has something to
			 * protect, and protecting changes no text. */
			if (strcmp(r->examples[i].input, r->examples[i].output) != 0)
				return fail(l, r->examples[i].line, 0,
					    "an example of a protect rule is the "
					    "text it must protect (protecting "
					    "changes no text)");
			free(r->examples[i].output);
			r->examples[i].output = NULL;
			r->examples[i].kind = ZH_EXAMPLE_FINDING;
		}
		if (r->level == ZH_LEVEL_FIX && !r->protect &&
		    r->examples[i].kind == ZH_EXAMPLE_FINDING)
			return fail(l, r->examples[i].line, 0, "an example of "
				    "a fix rule must be 'INPUT => OUTPUT'");
		if (r->level == ZH_LEVEL_WARN && r->replace == NULL &&
		    r->examples[i].kind == ZH_EXAMPLE_CHANGE)
			return fail(l, r->examples[i].line, 0, "'=> "
				    "SUGGESTION' in an example needs a "
				    "'replace' in the rule");
	}
	return 0;
}

/* Starts a block for a rule with id ID[0..LEN). */
static int
new_rule(struct loader *l, const char *id, size_t len)
{
	size_t total = l->rs->nrules + l->nrules, *slot;
	const struct zh_rule *first;
	struct zh_rule *r;
	char *s;

	if (total >= MAX_RULES)
		return fail(l, l->line, 0, "too many rules (more than %lu in "
			    "one set)", MAX_RULES);
	s = zh_xstrndup(id, len);
	if (2 * (total + 1) > l->nslots)
		id_rehash(l, total + 1);
	slot = id_slot(l, s);
	if (*slot != 0) {
		first = rule_at(l, *slot - 1);
		fail(l, l->line, 0, "duplicate rule id '%s' (first at %s:%lu)",
		     s, first->file, first->line);
		free(s);
		return -1;
	}
	if (l->nrules == l->caprules) {
		l->caprules = l->caprules ? 2 * l->caprules : 16;
		l->rules = zh_xrealloc(l->rules, l->caprules *
				       sizeof *l->rules);
	}
	r = &l->rules[l->nrules++];
	memset(r, 0, sizeof *r);
	r->id = s;
	r->file = l->file;
	r->table = l->table;
	r->line = l->line;
	*slot = total + 1;
	memset(&l->blk, 0, sizeof l->blk);
	l->blk.rule = l->nrules - 1;
	l->inblock = 1;
	return 0;
}

/* Parses a "[id]" line S[0..N) whose '[' is at I. */
static int
header(struct loader *l, const char *s, size_t n, size_t i)
{
	size_t start = i + 1, j, k;

	if (l->inblock && end_block(l) < 0)
		return -1;
	for (j = start; j < n && is_idchar(s[j]); j++)
		;
	if (j >= n)
		return fail(l, l->line, col(l, s + j), "missing ']' after the "
			    "rule id");
	if (s[j] != ']')
		return fail(l, l->line, col(l, s + j), "bad character '%.*s' "
			    "in rule id (allowed: A-Z a-z 0-9 . _ -)",
			    charlen(s + j, s + n), s + j);
	if (j == start)
		return fail(l, l->line, col(l, s + j), "empty rule id");
	for (k = j + 1; k < n && is_blank(s[k]); k++)
		;
	if (k < n)
		return fail(l, l->line, col(l, s + k), "unexpected text after "
			    "']'");
	return new_rule(l, s + start, j - start);
}

/* Parses a "key = value" line S[0..N) whose key starts at I. */
static int
key_line(struct loader *l, const char *s, size_t n, size_t i)
{
	size_t kstart = i, klen, v, vend;
	int key;

	while (i < n && is_keychar(s[i]))
		i++;
	klen = i - kstart;
	while (i < n && is_blank(s[i]))
		i++;
	if (klen == 0 || i >= n || s[i] != '=')
		return fail(l, l->line, col(l, s + kstart), "expected 'key = "
			    "value', '[id]' or a comment");
	if (!l->inblock)
		return fail(l, l->line, col(l, s + kstart), "key '%.*s' "
			    "outside a rule block (no '[id]' line before it)",
			    (int)klen, s + kstart);
	for (key = 0; key < NKEYS; key++)
		if (strlen(key_names[key]) == klen &&
		    memcmp(key_names[key], s + kstart, klen) == 0)
			break;
	if (key == NKEYS)
		return fail(l, l->line, col(l, s + kstart), "unknown key "
			    "'%.*s'", (int)klen, s + kstart);
	if (key != KEY_EXAMPLE && key != KEY_UNCHANGED &&
	    l->blk.keyline[key] != 0)
		return fail(l, l->line, col(l, s + kstart), "duplicate key "
			    "'%s' (first on line %lu)", key_names[key],
			    l->blk.keyline[key]);
	l->blk.keyline[key] = l->line;
	for (v = i + 1; v < n && is_blank(s[v]); v++)
		;
	for (vend = n; vend > v && is_blank(s[vend - 1]); vend--)
		;
	return set_key(l, (enum key)key, s + v, vend - v);
}

static int
parse_line(struct loader *l, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	if (s[i] == '[')
		return header(l, s, n, i);
	return key_line(l, s, n, i);
}

static int
load(struct loader *l, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl, *e, *nul;
	size_t n, valid;

	/* A byte order mark is not part of the first line. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		l->line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		e = nl != NULL ? nl : end;
		if (e > p && e[-1] == '\r')
			e--;
		n = (size_t)(e - p);
		l->linestart = p;
		if (n > MAX_LINE)
			return fail(l, l->line, 0, "line too long (more than "
				    "%lu bytes)", MAX_LINE);
		valid = zh_utf8_valid_prefix(p, n);
		if ((nul = memchr(p, '\0', valid)) != NULL)
			return fail(l, l->line, col(l, nul), "NUL byte");
		if (valid < n)
			return fail(l, l->line, col(l, p + valid),
				    "invalid UTF-8");
		if (parse_line(l, p, n) < 0)
			return -1;
		p = nl != NULL ? nl + 1 : end;
	}
	if (l->inblock)
		return end_block(l);
	return 0;
}

/* Returns the table name for PATH, which the caller frees: the file name
 * without ".rules". */
static char *
table_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".rules") == 0)
		n -= 6;
	return zh_xstrndup(base, n);
}

static void
add_string(struct zh_ruleset *rs, char *s)
{
	if (rs->nstrings == rs->capstrings) {
		rs->capstrings = rs->capstrings ? 2 * rs->capstrings : 8;
		rs->strings = zh_xrealloc(rs->strings, rs->capstrings *
					  sizeof *rs->strings);
	}
	rs->strings[rs->nstrings++] = s;
}

/* Hands the loaded rules and their strings over to the set. */
static void
commit(struct loader *l)
{
	struct zh_ruleset *rs = l->rs;
	size_t need = rs->nrules + l->nrules;

	if (need > rs->caprules) {
		rs->caprules = rs->caprules ? rs->caprules : 16;
		while (rs->caprules < need)
			rs->caprules *= 2;
		rs->rules = zh_xrealloc(rs->rules, rs->caprules *
					sizeof *rs->rules);
	}
	if (l->nrules > 0)
		memcpy(rs->rules + rs->nrules, l->rules,
		       l->nrules * sizeof *l->rules);
	rs->nrules = need;
	add_string(rs, l->file);
	add_string(rs, l->table);
	if (l->max_groups > rs->max_groups)
		rs->max_groups = l->max_groups;
	free(l->rules);
}

static void
discard(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->nrules; i++)
		free_rule(&l->rules[i]);
	free(l->rules);
	free(l->file);
	free(l->table);
}

void
zh_ruleset_init(struct zh_ruleset *rs)
{
	memset(rs, 0, sizeof *rs);
}

void
zh_ruleset_free(struct zh_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		free_rule(&rs->rules[i]);
	free(rs->rules);
	for (i = 0; i < rs->nstrings; i++)
		free(rs->strings[i]);
	free(rs->strings);
	zh_ruleset_init(rs);
}

int
zh_ruleset_load_mem(struct zh_ruleset *rs, const char *text, size_t len,
		    const char *path, const char *name, struct zh_error *err)
{
	struct loader l;
	int rc;

	if (path == NULL)
		path = "(rules)";
	if (len > MAX_FILE)
		return zh_error_set(err, path, 0, 0, "too large (more than 16 "
				    "MiB)");
	memset(&l, 0, sizeof l);
	l.rs = rs;
	l.path = path;
	l.err = err;
	l.file = zh_xstrdup(path);
	l.table = name != NULL ? zh_xstrdup(name) : table_name(path);
	id_rehash(&l, rs->nrules + 1);
	rc = load(&l, text, len);
	if (rc == 0)
		commit(&l);
	else
		discard(&l);
	free(l.slots);
	return rc;
}

int
zh_ruleset_load_file(struct zh_ruleset *rs, const char *path,
		     const char *name, struct zh_error *err)
{
	struct zh_buf b = ZH_BUF_INIT;
	struct stat st;
	ssize_t n;
	int fd, rc, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return zh_error_set(err, path, 0, 0, "cannot read: %s",
				    strerror(errno));
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return zh_error_set(err, path, 0, 0, "cannot read: %s",
				    strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return zh_error_set(err, path, 0, 0, "is a directory");
	}
	for (;;) {
		zh_buf_reserve(&b, 65536);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			zh_buf_free(&b);
			return zh_error_set(err, path, 0, 0, "cannot read: %s",
					    strerror(e));
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		/* Devices and pipes may never end: stop at the limit. */
		if (b.len > MAX_FILE) {
			close(fd);
			zh_buf_free(&b);
			return zh_error_set(err, path, 0, 0, "too large (more "
					    "than 16 MiB)");
		}
	}
	close(fd);
	rc = zh_ruleset_load_mem(rs, b.data, b.len, path, name, err);
	zh_buf_free(&b);
	return rc;
}

size_t
zh_ruleset_disable(struct zh_ruleset *rs, const char *pattern)
{
	size_t i, count = 0;

	for (i = 0; i < rs->nrules; i++) {
		if (fnmatch(pattern, rs->rules[i].id, 0) == 0) {
			rs->rules[i].disabled = 1;
			count++;
		}
	}
	return count;
}

struct zh_rule *
zh_ruleset_find(struct zh_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}
