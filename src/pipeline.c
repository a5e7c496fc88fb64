/*
 * pipeline.c - running chunks of lines through the stages (see pipeline.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "pipeline.h"
#include "utf8.h"

static const char bom[] = "\xef\xbb\xbf";

struct zh_worker *
zh_worker_new(const struct zh_pipeline *p, struct zh_error *err)
{
	struct zh_converter *conv = NULL;

	if (p->opencc_path != NULL &&
	    (conv = zh_converter_open_with(p->opencc_path, p->convert_opts,
						   err)) == NULL)
		return NULL;
	return zh_worker_adopt(p, conv);
}

struct zh_worker *
zh_worker_adopt(const struct zh_pipeline *p, struct zh_converter *conv)
{
	struct zh_worker *w = zh_xcalloc(1, sizeof *w);

	w->p = p;
	w->engine = p->engine;
	w->conv = conv;
	if (conv != NULL)
		zh_converter_skip_ascii(conv, p->skip_ascii);
	if (p->engine != NULL)
		w->m = zh_matcher_new(p->rules);
	zh_record_init(&w->rec, p->check);
	snprintf(w->convert_msg, sizeof w->convert_msg, "converted by %s",
		 p->config_name ? p->config_name : "OpenCC");
	return w;
}

void
zh_worker_free(struct zh_worker *w)
{
	if (w == NULL)
		return;
	zh_converter_close(w->conv);
	zh_matcher_free(w->m);
	zh_record_free(&w->rec);
	zh_buf_free(&w->line_out);
	zh_buf_free(&w->line_in);
	zh_buf_free(&w->keep_line);
	zh_buf_free(&w->keep_spans);
	free(w);
}

/* May a rule make this change?  Not when it makes or unmakes markup. */
static int
markup_guard(void *ctx, const char *head, size_t hlen, const char *tail,
	     size_t tlen, size_t mlen, const char *repl, size_t rlen)
{
	struct zh_worker *w = ctx;

	return zh_markup_keeps(&w->line_st, head, hlen, tail, tlen, mlen, repl,
			       rlen, w->next, w->nextlen, &w->keep_line,
			       &w->keep_spans);
}

/* Takes what the markup stage says of a line into the record. */
static void
markup_span(void *ctx, size_t start, size_t end, enum zh_span_kind kind)
{
	struct zh_worker *w = ctx;

	if (kind == ZH_SPAN_PROTECT)
		zh_record_protect(&w->rec, start, end);
	else if (!w->p->keep_markers)
		zh_record_strip(&w->rec, start, end);
}

int
zh_worker_line(struct zh_worker *w, struct zh_markup_state *st,
	       const char *line, size_t len, const char *next, size_t nextlen,
	       int valid, size_t *failures, struct zh_error *err)
{
	zh_record_reset(&w->rec, line, len);
	w->rec.valid = valid;
	if (st->kind != ZH_MARKUP_TEXT) {
		w->line_st = *st;
		w->next = next;
		w->nextlen = nextlen;
		w->rec.guard = markup_guard;
		w->rec.guard_ctx = w;
	} else
		w->rec.guard = NULL;
	zh_markup_line(st, line, len, next, nextlen, markup_span, w);
	*failures = 0;
	if (w->m != NULL) {
		zh_buf_clear(&w->m->failures);
		*failures += zh_rules_run(w->engine, w->m, ZH_STAGE_BEFORE,
					  &w->rec);
	}
	if (w->conv != NULL && zh_convert_record(w->conv, &w->rec, err) < 0)
		return -1;
	if (w->m != NULL && w->conv != NULL)
		*failures += zh_rules_run(w->engine, w->m, ZH_STAGE_AFTER,
					  &w->rec);
	return 0;
}

/* Appends the diff frame of the line S[0..LEN) + EOL, whose result is in
 * w->rec, to OUT; BOM: the input's byte order mark goes before it. */
static void
diff_frame(struct zh_worker *w, const char *s, size_t len, size_t eol, int bom,
	   struct zh_buf *out)
{
	zh_buf_clear(&w->line_out);
	zh_buf_clear(&w->line_in);
	if (bom) {
		zh_buf_append(&w->line_out, "\xef\xbb\xbf", 3);
		zh_buf_append(&w->line_in, "\xef\xbb\xbf", 3);
	}
	zh_record_output(&w->rec, &w->line_out);
	zh_buf_append(&w->line_out, s + len, eol);
	zh_buf_append(&w->line_in, s, len + eol);
	if (w->line_out.len == w->line_in.len &&
	    memcmp(w->line_out.data, w->line_in.data, w->line_in.len) == 0)
		zh_diff_frame(out, w->line_in.data, w->line_in.len, NULL, 0);
	else
		zh_diff_frame(out, w->line_in.data, w->line_in.len,
			      w->line_out.data, w->line_out.len);
}

/* Appends the rule failures of the current line to DIAG. */
static void
add_failures(struct zh_worker *w, const char *name, unsigned long lineno,
	     struct zh_buf *diag)
{
	const char *s = w->m->failures.data, *end, *nl;

	if (s == NULL)
		return;
	end = s + w->m->failures.len;
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		zh_buf_printf(diag, "%s:%lu: ", name, lineno);
		zh_buf_append(diag, s, (size_t)(nl - s));
		zh_buf_putc(diag, '\n');
	}
}

int
zh_worker_run(struct zh_worker *w, const char *name, const struct zh_chunk *c,
	      struct zh_markup_state *st, struct zh_buf *out,
	      struct zh_buf *report, struct zh_buf *diag, struct zh_result *res,
	      struct zh_error *err)
{
	const struct zh_pipeline *p = w->p;
	const char *s = c->data, *end = c->data + c->len;
	unsigned long lineno = c->lineno;
	struct zh_line_info li;
	size_t failures;
	int bom_first = 0;

	memset(res, 0, sizeof *res);
	memset(&li, 0, sizeof li);
	if (p->region_auto) {
		zh_script_count(&res->counts, c->data, c->len);
		res->script = zh_script_decide(&res->counts);
		w->engine = p->by_script[res->script <= ZH_SCRIPT_HANT ? res->script :
					 ZH_SCRIPT_ANY];
	}
	li.file = name;
	li.convert_id = "convert";
	li.convert_msg = w->convert_msg;
	/* A byte order mark at the start of the input is kept as it is (in
	 * a diff, as part of the first line on both sides). */
	if (c->offset == 0 && c->len >= 3 && memcmp(s, bom, 3) == 0) {
		if (!p->check && !p->diff)
			zh_buf_append(out, bom, 3);
		s += 3;
		bom_first = p->diff;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *next = nl ? nl + 1 : end;
		size_t len = (size_t)((nl ? nl : end) - s), eol = (size_t)(next - s) - len;
		size_t valid;

		if (nl != NULL && len > 0 && s[len - 1] == '\r') {
			len--;
			eol++;
		}
		if (!p->invalid_pass) {
			valid = zh_utf8_valid_prefix(s, len);
			if (valid < len) {
				res->invalid = 1;
				res->invalid_at = c->offset + (uint64_t)(s - c->data) + valid;
				break;
			}
		}
		res->lines++;
		if (p->engine == NULL && w->conv == NULL &&
		    st->kind == ZH_MARKUP_TEXT && !st->markers) {
			/* Nothing to do but copy. */
			if (p->diff) {
				zh_record_reset(&w->rec, s, len);
				diff_frame(w, s, len, eol, bom_first, out);
				bom_first = 0;
			} else if (!p->check)
				zh_buf_append(out, s, len + eol);
		} else {
			if (zh_worker_line(w, st, s, len, next,
					   (size_t)(end - next), !p->invalid_pass,
					   &failures, err) < 0) {
				res->consumed = (size_t)(s - c->data);
				return -1;
			}
			if (failures > 0) {
				res->failures += failures;
				add_failures(w, name, lineno, diag);
			}
			if (p->check) {
				li.lineno = lineno;
				li.offset = c->offset + (uint64_t)(s - c->data);
				li.text = s;
				li.len = len;
				if (w->findings != NULL)
					w->findings(w->findings_ctx, &li, &w->rec);
				else
					zh_report_findings(report, p->format, &li,
							   &w->rec);
				res->findings += w->rec.nfindings;
			} else if (p->diff) {
				diff_frame(w, s, len, eol, bom_first, out);
				bom_first = 0;
			} else {
				zh_record_output(&w->rec, out);
				zh_buf_append(out, s + len, eol);
			}
			if (w->rec.text.len != len ||
			    memcmp(w->rec.text.data ? w->rec.text.data : "", s, len) != 0)
				res->changed++;
		}
		s = next;
		lineno++;
	}
	res->consumed = (size_t)(s - c->data);
	return 0;
}
