/*
 * record.c - one line on its way through the stages (see record.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

void
zh_record_init(struct zh_record *rec, int track)
{
	memset(rec, 0, sizeof *rec);
	zh_buf_init(&rec->text);
	zh_buf_init(&rec->next);
	zh_buf_init(&rec->ftext);
	rec->track = track;
}

void
zh_record_free(struct zh_record *rec)
{
	zh_buf_free(&rec->text);
	zh_buf_free(&rec->next);
	zh_buf_free(&rec->ftext);
	free(rec->prot);
	free(rec->strip);
	free(rec->edits);
	free(rec->orig);
	free(rec->orig_next);
	free(rec->findings);
	memset(rec, 0, sizeof *rec);
}

static void
reserve_orig(struct zh_record *rec, size_t n)
{
	if (n <= rec->caporig)
		return;
	while (rec->caporig < n)
		rec->caporig = rec->caporig ? rec->caporig * 2 : 256;
	rec->orig = zh_xrealloc(rec->orig, rec->caporig * sizeof *rec->orig);
	rec->orig_next = zh_xrealloc(rec->orig_next,
				     rec->caporig * sizeof *rec->orig_next);
}

void
zh_record_reset(struct zh_record *rec, const char *text, size_t len)
{
	size_t i;

	zh_buf_clear(&rec->text);
	zh_buf_append(&rec->text, text, len);
	rec->nprot = 0;
	rec->nstrip = 0;
	rec->nedits = 0;
	rec->nfindings = 0;
	rec->valid = 0;
	zh_buf_clear(&rec->ftext);
	if (rec->track) {
		reserve_orig(rec, len + 1);
		for (i = 0; i <= len; i++)
			rec->orig[i] = i;
	}
}

void
zh_record_begin(struct zh_record *rec)
{
	zh_buf_clear(&rec->next);
	rec->done = 0;
	rec->nedits = 0;
}

void
zh_record_keep(struct zh_record *rec, size_t end)
{
	if (end > rec->done) {
		zh_buf_append(&rec->next, rec->text.data + rec->done,
			      end - rec->done);
		rec->done = end;
	}
}

static void
add_edit(struct zh_record *rec, size_t start, size_t end, size_t nstart,
	 size_t nend)
{
	struct zh_edit *e;

	if (rec->nedits == rec->capedits) {
		rec->capedits = rec->capedits ? rec->capedits * 2 : 16;
		rec->edits = zh_xrealloc(rec->edits,
					 rec->capedits * sizeof *rec->edits);
	}
	e = &rec->edits[rec->nedits++];
	e->start = start;
	e->end = end;
	e->nstart = nstart;
	e->nend = nend;
}

void
zh_record_replace(struct zh_record *rec, size_t start, size_t end,
		  const char *repl, size_t rlen)
{
	size_t nstart;

	zh_record_keep(rec, start);
	nstart = rec->next.len;
	zh_buf_append(&rec->next, repl, rlen);
	add_edit(rec, start, end, nstart, rec->next.len);
	rec->done = end;
}

void
zh_record_edit(struct zh_record *rec, size_t start, size_t end, size_t nstart,
	       size_t nend)
{
	add_edit(rec, start, end, nstart, nend);
}

void
zh_record_replaced(struct zh_record *rec, size_t start, size_t end,
		   size_t nstart)
{
	add_edit(rec, start, end, nstart, rec->next.len);
	rec->done = end;
}

/* Moves protected (or stripped) ranges along the edits of the stage.  An
 * edit lies before a range, after it or inside it (the markup stage's
 * attribute values are edited inside the protected tag), never across
 * its ends: each end moves by the growth of the edits before it. */
static void
shift_spans(struct zh_record *rec, struct zh_span *spans, size_t n)
{
	size_t i, k = 0, ke;
	long long delta = 0, dend;

	for (i = 0; i < n; i++) {
		while (k < rec->nedits && rec->edits[k].end <= spans[i].start) {
			delta += (long long)(rec->edits[k].nend - rec->edits[k].nstart) -
				 (long long)(rec->edits[k].end - rec->edits[k].start);
			k++;
		}
		dend = delta;
		for (ke = k; ke < rec->nedits &&
		     (rec->edits[ke].end < spans[i].end ||
		      (rec->edits[ke].end == spans[i].end &&
		       rec->edits[ke].end > rec->edits[ke].start)); ke++)
			dend += (long long)(rec->edits[ke].nend - rec->edits[ke].nstart) -
				(long long)(rec->edits[ke].end - rec->edits[ke].start);
		spans[i].start = (size_t)((long long)spans[i].start + delta);
		spans[i].end = (size_t)((long long)spans[i].end + dend);
	}
}

/* Builds the origin map of the next version: unchanged bytes keep their
 * origin, replacement bytes take the origin of what they replaced. */
static void
shift_origins(struct zh_record *rec)
{
	size_t old = 0, nw = 0, k, *swap;

	reserve_orig(rec, rec->next.len + 1);
	for (k = 0; k < rec->nedits; k++) {
		const struct zh_edit *e = &rec->edits[k];

		while (old < e->start)
			rec->orig_next[nw++] = rec->orig[old++];
		while (nw < e->nend)
			rec->orig_next[nw++] = rec->orig[e->start];
		old = e->end;
	}
	while (old <= rec->text.len)
		rec->orig_next[nw++] = rec->orig[old++];
	swap = rec->orig;
	rec->orig = rec->orig_next;
	rec->orig_next = swap;
}

size_t
zh_record_commit(struct zh_record *rec)
{
	struct zh_buf swap;
	size_t n = rec->nedits;

	if (n == 0)
		return 0;
	zh_record_keep(rec, rec->text.len);
	if (rec->nprot > 0)
		shift_spans(rec, rec->prot, rec->nprot);
	if (rec->nstrip > 0)
		shift_spans(rec, rec->strip, rec->nstrip);
	if (rec->track)
		shift_origins(rec);
	swap = rec->text;
	rec->text = rec->next;
	rec->next = swap;
	return n;	/* the edits stay until the next begin */
}

void
zh_record_abandon(struct zh_record *rec)
{
	zh_buf_clear(&rec->next);
	rec->nedits = 0;
	rec->done = 0;
}

void
zh_record_protect(struct zh_record *rec, size_t start, size_t end)
{
	size_t i, j;

	if (start >= end)
		return;
	/* Find the first range that ends at or after START: ranges mostly
	 * arrive in order (the markup stage reports them along the line), so
	 * past the last one is tried first, then a binary search. */
	if (rec->nprot == 0 || rec->prot[rec->nprot - 1].end < start) {
		i = rec->nprot;
	} else {
		size_t lo = 0, hi = rec->nprot, mid;

		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (rec->prot[mid].end < start)
				lo = mid + 1;
			else
				hi = mid;
		}
		i = lo;
	}
	/* Merge every range that touches [start, end). */
	for (j = i; j < rec->nprot && rec->prot[j].start <= end; j++) {
		if (rec->prot[j].start < start)
			start = rec->prot[j].start;
		if (rec->prot[j].end > end)
			end = rec->prot[j].end;
	}
	if (j == i) {
		if (rec->nprot == rec->capprot) {
			rec->capprot = rec->capprot ? rec->capprot * 2 : 8;
			rec->prot = zh_xrealloc(rec->prot,
						rec->capprot * sizeof *rec->prot);
		}
		memmove(rec->prot + i + 1, rec->prot + i,
			(rec->nprot - i) * sizeof *rec->prot);
		rec->nprot++;
	} else if (j > i + 1) {
		memmove(rec->prot + i + 1, rec->prot + j,
			(rec->nprot - j) * sizeof *rec->prot);
		rec->nprot -= j - i - 1;
	}
	rec->prot[i].start = start;
	rec->prot[i].end = end;
}

void
zh_record_strip(struct zh_record *rec, size_t start, size_t end)
{
	size_t i;

	if (start >= end)
		return;
	if (rec->nstrip == rec->capstrip) {
		rec->capstrip = rec->capstrip ? rec->capstrip * 2 : 8;
		rec->strip = zh_xrealloc(rec->strip, rec->capstrip * sizeof *rec->strip);
	}
	/* Keep them sorted; they arrive nearly in order. */
	for (i = rec->nstrip; i > 0 && rec->strip[i - 1].start > start; i--)
		rec->strip[i] = rec->strip[i - 1];
	rec->strip[i].start = start;
	rec->strip[i].end = end;
	rec->nstrip++;
}

void
zh_record_output(const struct zh_record *rec, struct zh_buf *out)
{
	size_t i, pos = 0;

	for (i = 0; i < rec->nstrip; i++) {
		if (rec->strip[i].start < pos)
			continue;	/* overlaps one already left out */
		zh_buf_append(out, rec->text.data + pos, rec->strip[i].start - pos);
		pos = rec->strip[i].end;
	}
	if (pos < rec->text.len)
		zh_buf_append(out, rec->text.data + pos, rec->text.len - pos);
}

int
zh_record_is_protected(const struct zh_record *rec, size_t start, size_t end,
		       size_t *end_out)
{
	size_t lo = 0, hi = rec->nprot, mid;

	/* Binary search for the first range that ends after START. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rec->prot[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < rec->nprot && rec->prot[lo].start < end &&
	    (end > start || rec->prot[lo].start < start)) {
		if (end_out != NULL)
			*end_out = rec->prot[lo].end;
		return 1;
	}
	return 0;
}

void
zh_record_finding(struct zh_record *rec, const struct zh_rule *rule,
		  size_t pos, const char *before, size_t blen,
		  const char *after, size_t alen)
{
	struct zh_finding *f;

	if (rec->nfindings == rec->capfindings) {
		rec->capfindings = rec->capfindings ? rec->capfindings * 2 : 16;
		rec->findings = zh_xrealloc(rec->findings,
					    rec->capfindings * sizeof *rec->findings);
	}
	f = &rec->findings[rec->nfindings++];
	f->rule = rule;
	f->orig = rec->track ? rec->orig[pos] : pos;
	f->orig_end = rec->track ? rec->orig[pos + blen] : pos + blen;
	if (f->orig_end < f->orig)
		f->orig_end = f->orig;
	f->before = rec->ftext.len;
	f->blen = blen;
	zh_buf_append(&rec->ftext, before, blen);
	f->after = rec->ftext.len;
	f->alen = after ? alen : 0;
	f->has_after = after != NULL;
	f->held = 0;
	if (after != NULL)
		zh_buf_append(&rec->ftext, after, alen);
}
