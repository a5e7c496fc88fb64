/*
 * fuzz_markup.c - libFuzzer harness for the markup stage, HTML and
 * Markdown, and for what the pipeline does inside markup.
 *
 * The first byte chooses the run: bit 0 Markdown or HTML, bit 1 -{ }-
 * recognised, bit 2 conversion (s2tw, with its lang rewrite) and rules
 * that try to make markup (quotes, spaces, '<', '>', '&', backticks,
 * brackets) or none.  The rest is the input.  Checked, line by line:
 *
 *  - every span lies inside the line and is not empty; a STRIP range lies
 *    inside a PROTECT range, and so does each VALUE, TITLE and LANG range;
 *    those never overlap one another, and a value holds no byte that
 *    would end it (a quote, or for an unquoted value a space or '>');
 *  - the state after a line does not depend on whether spans are wanted;
 *  - zh_markup_keeps says yes to a change of a line's bytes into the same
 *    bytes (and the pipeline's run below puts it to real use);
 *  - run through the pipeline, each line of the output has the same
 *    markup as the input's: the same bytes in the same protected ranges,
 *    but for the values, which may change, and the same state after it.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "table.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rules that would make markup if they were let. */
static const char table[] =
	"[m.dq]\nmatch = 中\nreplace = \"\n"
	"[m.sq]\nmatch = 文\nreplace = '\n"
	"[m.sp]\nmatch = (?<=\\p{Han})(?=[a-z])\nreplace = \\x{20}\n"
	"[m.gt]\nmatch = 字\nreplace = >\n"
	"[m.lt]\nmatch = 词\nreplace = <b \nregion = tw\n"
	"[m.amp]\nmatch = 和\nreplace = &amp;\n"
	"[m.tick]\nmatch = 码\nreplace = `\nregion = tw\n"
	"[m.link]\nmatch = 链\nreplace = ](\nregion = tw\n"
	"[m.bs]\nmatch = 斜\nreplace = \\\\\n"
	"[m.del]\nmatch = 删\nreplace =\n"
	"[m.comma]\nmatch = (?<=\\p{Han}),\nreplace = ，\n";

static struct zh_ruleset rs;
static struct zh_engine *engine, *engine_md;
static struct zh_pipeline pipes[8];
static struct zh_worker *workers[8];

static void
setup(void)
{
	struct zh_error err;
	struct zh_placement p;
	int k;

	zh_ruleset_init(&rs);
	if (zh_ruleset_load_mem(&rs, table, sizeof table - 1, "fuzz.rules",
				NULL, &err) < 0)
		__builtin_trap();
	memset(&p, 0, sizeof p);
	p.converting = 1;
	p.from = ZH_SCRIPT_HANS;
	p.to = ZH_SCRIPT_HANT;
	p.region = ZH_REGION_TW;
	engine = zh_engine_new(&rs, &p);
	/* For Markdown, without the rules that make a code span, a link or
	 * a tag (region tw only): the guard judges a change on its own
	 * line, and a backtick put on a later line of a paragraph can close
	 * a code span an earlier line opened ("a `" then "b 码 c" with 码
	 * -> `), a known limit of zh_markup_keeps that this harness does not
	 * test. */
	p.region = ZH_REGION_HK;
	engine_md = zh_engine_new(&rs, &p);
	for (k = 0; k < 8; k++) {
		int conv = (k & 4) != 0;

		memset(&pipes[k], 0, sizeof pipes[k]);
		pipes[k].opencc_path = conv ? "s2tw.json" : NULL;
		pipes[k].config_name = conv ? "s2tw" : "none";
		pipes[k].skip_ascii = 1;
		pipes[k].engine = !conv ? NULL : (k & 1) ? engine_md : engine;
		pipes[k].rules = conv ? &rs : NULL;
		pipes[k].markers = (k & 2) != 0;
		pipes[k].keep_markers = 1;
		workers[k] = zh_worker_new(&pipes[k], &err);
		if (workers[k] == NULL)
			__builtin_trap();
	}
}

/* What the spans of one line marked. */
struct line_spans {
	struct zh_markup_state before;	/* the state at its start */
	const char *next;		/* the input after it */
	size_t nextlen;
	size_t len;
	const unsigned char *s;
	unsigned char *p;	/* per byte: 1 protected, 2 stripped */
	unsigned char *v;	/* per byte: the kind of value + 1, or 0 */
	size_t nvals;
	struct {
		size_t start, end;
		int kind;
	} vals[256];
};

static void
spans_cb(void *ctx, size_t start, size_t end, enum zh_span_kind kind)
{
	struct line_spans *ls = ctx;

	if (start >= end || end > ls->len)
		__builtin_trap();
	if (kind == ZH_SPAN_PROTECT) {
		for (size_t i = start; i < end; i++)
			ls->p[i] |= 1;
		return;
	}
	if (kind == ZH_SPAN_STRIP) {
		for (size_t i = start; i < end; i++)
			ls->p[i] |= 2;
		return;
	}
	if (ls->nvals < sizeof ls->vals / sizeof ls->vals[0]) {
		ls->vals[ls->nvals].start = start;
		ls->vals[ls->nvals].end = end;
		ls->vals[ls->nvals].kind = (int)kind;
		ls->nvals++;
	}
	for (size_t i = start; i < end; i++) {
		if (ls->v[i] != 0)
			__builtin_trap();	/* values overlap */
		ls->v[i] = (unsigned char)(kind + 1);
	}
}

/* Checks the spans of a line, once all are in. */
static void
check_spans(const struct line_spans *ls)
{
	size_t i, k;
	int c;

	for (i = 0; i < ls->len; i++) {
		if ((ls->p[i] & 2) && !(ls->p[i] & 1))
			__builtin_trap();	/* stripped, not protected */
		if (ls->v[i] && !(ls->p[i] & 1))
			__builtin_trap();	/* a value not protected */
	}
	for (k = 0; k < ls->nvals; k++)
		for (i = ls->vals[k].start; i < ls->vals[k].end; i++) {
			c = ls->s[i];
			switch (ls->vals[k].kind) {
			case ZH_SPAN_VALUE_DQ:
				if (c == '"')
					__builtin_trap();
				break;
			case ZH_SPAN_VALUE_SQ:
				if (c == '\'')
					__builtin_trap();
				break;
			case ZH_SPAN_VALUE_UNQ:
				if (c == ' ' || c == '\t' || c == '>' || c == '\n')
					__builtin_trap();
				break;
			}
		}
}

/* Runs the markup stage over INPUT[0..N), line by line as the pipeline
 * cuts it, from ST; calls EACH with the spans of each line. */
static void
scan(struct zh_markup_state *st, const char *in, size_t n,
     void (*each)(void *ctx, const struct line_spans *ls,
		  const struct zh_markup_state *after),
     void *ctx)
{
	const char *s = in, *end = in + n, *nl, *next;
	struct line_spans *ls = malloc(sizeof *ls);
	struct zh_markup_state again;
	size_t len;

	if (ls == NULL)
		abort();
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		next = nl ? nl + 1 : end;
		len = (size_t)((nl ? nl : end) - s);
		if (nl != NULL && len > 0 && s[len - 1] == '\r')
			len--;
		ls->len = len;
		ls->s = (const unsigned char *)s;
		ls->p = calloc(len + 1, 1);
		ls->v = calloc(len + 1, 1);
		ls->nvals = 0;
		if (ls->p == NULL || ls->v == NULL)
			abort();
		again = *st;
		ls->before = *st;
		ls->next = next;
		ls->nextlen = (size_t)(end - next);
		zh_markup_line(st, s, len, next, (size_t)(end - next), spans_cb, ls);
		zh_markup_line(&again, s, len, next, (size_t)(end - next), NULL, NULL);
		if (memcmp(st, &again, sizeof again) != 0)
			__builtin_trap();	/* the state depends on the spans */
		check_spans(ls);
		if (each != NULL)
			each(ctx, ls, st);
		free(ls->p);
		free(ls->v);
		s = next;
	}
	free(ls);
}

/* The markup of each line: its protected bytes but for values, then the
 * state after it. */
struct skeleton {
	struct zh_buf b;
};

static void
skeleton_line(void *ctx, const struct line_spans *ls,
	      const struct zh_markup_state *after)
{
	struct skeleton *sk = ctx;
	size_t i;

	for (i = 0; i < ls->len; i++)
		if (ls->p[i] && !ls->v[i])
			zh_buf_putc(&sk->b, ls->s[i]);
	zh_buf_putc(&sk->b, '\n');
	/* The state's fields that say where a construct stands. */
	zh_buf_append(&sk->b, &after->in, sizeof after->in);
	zh_buf_append(&sk->b, &after->aux, sizeof after->aux);
	zh_buf_append(&sk->b, &after->in_marker, sizeof after->in_marker);
	zh_buf_append(&sk->b, after->close, sizeof after->close);
	zh_buf_append(&sk->b, &after->block, sizeof after->block);
	zh_buf_append(&sk->b, &after->foreign, sizeof after->foreign);
}

/* Checks zh_markup_keeps on a line: a change of some of its text (not
 * of what it protects) into the same bytes keeps the markup. */
struct keeps_ctx {
	struct zh_buf line, spans;
};

static void
check_keeps(void *ctx, const struct line_spans *ls,
	    const struct zh_markup_state *after)
{
	struct keeps_ctx *kc = ctx;
	const char *s = (const char *)ls->s;
	size_t h, m;

	(void)after;
	if (ls->len == 0)
		return;
	h = ls->s[0] % (ls->len + 1);
	for (m = 0; h + m < ls->len && m < 8 && !ls->p[h + m]; m++)
		;
	if (m > 0 && !zh_markup_keeps(&ls->before, s, h, s + h, ls->len - h, m, s + h, m,
			     ls->next, ls->nextlen, &kc->line, &kc->spans))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct zh_buf out = ZH_BUF_INIT, report = ZH_BUF_INIT, diag = ZH_BUF_INIT;
	struct skeleton a, b;
	struct zh_chunk c;
	struct zh_result res;
	struct zh_error err;
	struct zh_markup_state st, st0;
	struct keeps_ctx kc;
	enum zh_markup kind;
	const char *in = (const char *)data + 1;
	size_t n;
	int k;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size == 0)
		return 0;
	k = data[0] & 7;
	kind = (k & 1) ? ZH_MARKUP_MARKDOWN : ZH_MARKUP_HTML;
	n = size - 1;

	/* The spans and the state, and zh_markup_keeps, line by line. */
	zh_markup_init(&st0, kind, (k & 2) != 0);
	st = st0;
	memset(&kc, 0, sizeof kc);
	scan(&st, in, n, check_keeps, &kc);
	zh_buf_free(&kc.line);
	zh_buf_free(&kc.spans);

	/* Through the pipeline: the markup of the output is the input's. */
	if (zh_utf8_valid_prefix(in, n) != n || memchr(in, '\r', n) != NULL)
		return 0;
	memset(&c, 0, sizeof c);
	c.data = in;
	c.len = n;
	c.lineno = 1;
	st = st0;
	if (zh_worker_run(workers[k], "fuzz", &c, &st, &out, &report, &diag,
			  &res, &err) < 0)
		__builtin_trap();
	if (res.invalid || res.consumed != n)
		__builtin_trap();
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	st = st0;
	scan(&st, in, n, skeleton_line, &a);
	st = st0;
	scan(&st, out.data ? out.data : "", out.len, skeleton_line, &b);
	if (a.b.len != b.b.len ||
	    (a.b.len > 0 && memcmp(a.b.data, b.b.data, a.b.len) != 0)) {
		if (getenv("FUZZ_MARKUP_DEBUG") != NULL) {
			/* What differs, for whoever replays an input. */
			fprintf(stderr, "output:\n%.*s\nmarkup in:\n", (int)out.len,
				out.data);
			fwrite(a.b.data, 1, a.b.len, stderr);
			fprintf(stderr, "\nmarkup out:\n");
			fwrite(b.b.data, 1, b.b.len, stderr);
			fprintf(stderr, "\n");
		}
		__builtin_trap();
	}
	zh_buf_free(&a.b);
	zh_buf_free(&b.b);
	zh_buf_free(&out);
	zh_buf_free(&report);
	zh_buf_free(&diag);
	return 0;
}
