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
	zh_record_init(&w->vrec, 1);
	zh_value_init(&w->val);
	w->rewrite_lang = conv != NULL && !p->keep_lang &&
	    p->config_name != NULL && zh_lang_target(p->config_name, &w->lang);
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
	zh_repair_close(w->rep);
	zh_matcher_free(w->m);
	zh_record_free(&w->rec);
	zh_record_free(&w->vrec);
	zh_value_free(&w->val);
	zh_buf_free(&w->vout);
	free(w->vals);
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
	struct zh_value_span *v;

	if (kind == ZH_SPAN_PROTECT)
		zh_record_protect(&w->rec, start, end);
	else if (kind == ZH_SPAN_STRIP) {
		if (!w->p->keep_markers)
			zh_record_strip(&w->rec, start, end);
	} else if (kind != ZH_SPAN_LANG || w->rewrite_lang) {
		if (w->nvals == w->capvals) {
			w->capvals = w->capvals ? w->capvals * 2 : 8;
			w->vals = zh_xrealloc(w->vals, w->capvals * sizeof *w->vals);
		}
		v = &w->vals[w->nvals++];
		v->start = start;
		v->end = end;
		v->kind = kind;
	}
}

/* May a rule make this change in a value?  Not when it would end it. */
static int
value_guard(void *ctx, const char *head, size_t hlen, const char *tail,
	    size_t tlen, size_t mlen, const char *repl, size_t rlen)
{
	const struct zh_worker *w = ctx;

	(void)head;
	(void)hlen;
	(void)tail;
	(void)tlen;
	(void)mlen;
	return zh_value_allows(w->val.kind, repl, rlen);
}

static void
value_protect(void *ctx, size_t start, size_t end)
{
	zh_record_protect(ctx, start, end);
}

/* Takes the findings of the value at START, in w->vrec, into w->rec. */
static void
value_findings(struct zh_worker *w, size_t start)
{
	const struct zh_record *v = &w->vrec;
	struct zh_record *rec = &w->rec;
	struct zh_finding *f;
	size_t k;

	for (k = 0; k < v->nfindings; k++) {
		if (rec->nfindings == rec->capfindings) {
			rec->capfindings = rec->capfindings ? rec->capfindings * 2 : 16;
			rec->findings = zh_xrealloc(rec->findings, rec->capfindings *
						    sizeof *rec->findings);
		}
		f = &rec->findings[rec->nfindings++];
		*f = v->findings[k];
		f->orig = start + zh_value_raw_offset(&w->val, f->orig);
		f->orig_end = start + zh_value_raw_offset(&w->val, v->findings[k].orig_end);
		if (f->orig_end < f->orig)
			f->orig_end = f->orig;
		f->before = rec->ftext.len;
		zh_buf_append(&rec->ftext, v->ftext.data + v->findings[k].before,
			      f->blen);
		f->after = rec->ftext.len;
		if (f->alen > 0)
			zh_buf_append(&rec->ftext, v->ftext.data + v->findings[k].after,
				      f->alen);
	}
}

/* The residue repair of REC, when it is on for the chunk (repair.h);
 * the stage is opened on first use.  Returns 0, or -1 with ERR set. */
static int
repair(struct zh_worker *w, struct zh_record *rec, struct zh_error *err)
{
	long n;

	if (!w->repair_on)
		return 0;
	if (w->rep == NULL &&
	    (w->rep = zh_repair_open(w->p->repair, err)) == NULL)
		return -1;
	n = zh_repair_record(w->rep, rec);
	if (w->m != NULL) {
		/* The matcher's counters have a slot past the rules for it. */
		w->m->tried[w->m->nrules]++;
		w->m->fired[w->m->nrules] += (unsigned long)n;
	}
	return 0;
}

/* Runs REC through the rules before conversion, conversion, the residue
 * repair and the rules after it; adds rule failures to *FAILURES.  Without
 * conversion the repair comes after the one stage of rules.  Returns 0, or
 * -1 with ERR set. */
static int
run_stages(struct zh_worker *w, struct zh_record *rec, size_t *failures,
	   struct zh_error *err)
{
	if (w->m != NULL)
		*failures += zh_rules_run(w->engine, w->m, ZH_STAGE_BEFORE, rec);
	if (w->conv != NULL && zh_convert_record(w->conv, rec, err) < 0)
		return -1;
	if (repair(w, rec, err) < 0)
		return -1;
	if (w->m != NULL && w->conv != NULL)
		*failures += zh_rules_run(w->engine, w->m, ZH_STAGE_AFTER, rec);
	return 0;
}

/* Runs one value through the stages; leaves its new text in w->vout.
 * Returns 1 when it changed, 0 when not, -1 with ERR set when conversion
 * failed. */
static int
value_run(struct zh_worker *w, const struct zh_value_span *vs, size_t *failures,
	  struct zh_error *err)
{
	const char *raw = w->rec.text.data + vs->start;
	size_t rlen = vs->end - vs->start;
	struct zh_record *v = &w->vrec;

	zh_buf_clear(&w->vout);
	if (vs->kind == ZH_SPAN_LANG) {
		if (memchr(raw, '&', rlen) != NULL ||
		    !zh_lang_rewrite(&w->lang, raw, rlen, &w->vout))
			return 0;
		if (w->rec.track)
			zh_record_finding(&w->rec, NULL, vs->start, raw, rlen,
					  w->vout.data, w->vout.len);
		return 1;
	}
	zh_value_decode(&w->val, vs->kind, raw, rlen);
	zh_record_reset(v, w->val.dec.data ? w->val.dec.data : "", w->val.dec.len);
	v->valid = w->rec.valid;
	v->guard = value_guard;
	v->guard_ctx = w;
	zh_value_kept(&w->val, value_protect, v);
	if (run_stages(w, v, failures, err) < 0)
		return -1;
	if (w->rec.track)
		value_findings(w, vs->start);
	if (v->text.len == w->val.dec.len &&
	    memcmp(v->text.data ? v->text.data : "", w->val.dec.data ? w->val.dec.data : "",
		   v->text.len) == 0)
		return 0;
	zh_value_encode(&w->val, v->text.data, v->text.len, v->orig, &w->vout);
	/* An unquoted value that rules empty would take in what follows,
	 * and one that now starts with a quote would be a quoted one (HTML
	 * lets a quote stand inside an unquoted value, not first). */
	if (vs->kind == ZH_SPAN_VALUE_UNQ &&
	    (w->vout.len == 0 || w->vout.data[0] == '"' || w->vout.data[0] == '\''))
		return 0;
	return w->vout.len != rlen || memcmp(w->vout.data, raw, rlen) != 0;
}

/* Runs the values of the line, before the text, and writes what they
 * become into w->rec (inside its protected ranges). */
static int
values_run(struct zh_worker *w, size_t *failures, struct zh_error *err)
{
	struct zh_value_span t;
	size_t i, k, last = 0;
	int r;

	/* In order along the line; they never overlap. */
	for (i = 1; i < w->nvals; i++)
		for (k = i; k > 0 && w->vals[k - 1].start > w->vals[k].start; k--) {
			t = w->vals[k];
			w->vals[k] = w->vals[k - 1];
			w->vals[k - 1] = t;
		}
	zh_record_begin(&w->rec);
	for (i = 0; i < w->nvals; i++) {
		if (w->vals[i].start < last || w->vals[i].end > w->rec.text.len)
			continue;
		r = value_run(w, &w->vals[i], failures, err);
		if (r < 0) {
			zh_record_abandon(&w->rec);
			return -1;
		}
		if (r > 0)
			zh_record_replace(&w->rec, w->vals[i].start, w->vals[i].end,
					  w->vout.data, w->vout.len);
		last = w->vals[i].end;
	}
	zh_record_commit(&w->rec);
	return 0;
}

/* Puts the findings of the line in input order (the values' came first). */
static void
sort_findings(struct zh_record *rec)
{
	struct zh_finding t;
	size_t i, k;

	for (i = 1; i < rec->nfindings; i++)
		for (k = i; k > 0 && rec->findings[k - 1].orig > rec->findings[k].orig;
		     k--) {
			t = rec->findings[k];
			rec->findings[k] = rec->findings[k - 1];
			rec->findings[k - 1] = t;
		}
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
	w->nvals = 0;
	zh_markup_line(st, line, len, next, nextlen, markup_span, w);
	*failures = 0;
	if (w->m != NULL)
		zh_buf_clear(&w->m->failures);
	if (w->nvals > 0 && (w->m != NULL || w->conv != NULL) &&
	    values_run(w, failures, err) < 0)
		return -1;
	if (run_stages(w, &w->rec, failures, err) < 0)
		return -1;
	if (w->nvals > 0 && w->rec.track)
		sort_findings(&w->rec);
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
	if (p->region_auto || (p->repair != NULL && p->repair_when != ZH_REPAIR_ALWAYS)) {
		zh_script_count(&res->counts, c->data, c->len);
		res->script = zh_script_decide(&res->counts);
	}
	if (p->region_auto)
		w->engine = p->by_script[res->script <= ZH_SCRIPT_HANT ? res->script :
					 ZH_SCRIPT_ANY];
	w->repair_on = p->repair != NULL &&
	    (p->repair_when == ZH_REPAIR_ALWAYS ||
	     (p->repair_when == ZH_REPAIR_HANT && res->script == ZH_SCRIPT_HANT) ||
	     (p->repair_when == ZH_REPAIR_NOT_HANS && res->script != ZH_SCRIPT_HANS));
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
