/*
 * diff.c - unified diffs of what would change (see diff.h).
 *
 * Lines come in order, so a hunk is built as they arrive: the last few
 * unchanged lines are kept as leading context; a changed line opens a hunk
 * (or extends the open one); after it, unchanged lines are trailing context
 * until there are more than twice the context, when the hunk is written.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

struct zh_differ {
	char *name;
	int header_done;
	unsigned long lineno;	/* lines read so far (old and new alike) */
	unsigned long changed;
	/* The last ZH_DIFF_CONTEXT unchanged lines, oldest first. */
	struct zh_buf before[ZH_DIFF_CONTEXT];
	int nbefore;
	/* The open hunk. */
	int open;
	unsigned long old_start, new_start, old_count, new_count;
	struct zh_buf hunk;
	int trailing;		/* unchanged lines since the last change */
	struct zh_buf minus, plus;	/* a run of changed lines, old and new */
};

static void
put_u32(struct zh_buf *b, uint32_t v)
{
	zh_buf_append(b, &v, sizeof v);
}

void
zh_diff_frame(struct zh_buf *out, const char *line, size_t len,
	      const char *new, size_t nlen)
{
	zh_buf_putc(out, new != NULL);
	put_u32(out, (uint32_t)len);
	zh_buf_append(out, line, len);
	if (new != NULL) {
		put_u32(out, (uint32_t)nlen);
		zh_buf_append(out, new, nlen);
	}
}

struct zh_differ *
zh_differ_new(const char *name)
{
	struct zh_differ *d = zh_xcalloc(1, sizeof *d);

	d->name = zh_xstrdup(name);
	return d;
}

void
zh_differ_free(struct zh_differ *d)
{
	int i;

	if (d == NULL)
		return;
	for (i = 0; i < ZH_DIFF_CONTEXT; i++)
		zh_buf_free(&d->before[i]);
	zh_buf_free(&d->hunk);
	zh_buf_free(&d->minus);
	zh_buf_free(&d->plus);
	free(d->name);
	free(d);
}

/* Appends LINE to B prefixed by MARK, with "\ No newline at end of file"
 * when it has no line end. */
static void
put_line(struct zh_buf *b, char mark, const char *line, size_t len)
{
	zh_buf_putc(b, mark);
	zh_buf_append(b, line, len);
	if (len == 0 || line[len - 1] != '\n')
		zh_buf_puts(b, "\n\\ No newline at end of file\n");
}

/* Moves a run of changed lines into the hunk: the old ones, then the new. */
static void
flush_run(struct zh_differ *d)
{
	zh_buf_append(&d->hunk, d->minus.data, d->minus.len);
	zh_buf_append(&d->hunk, d->plus.data, d->plus.len);
	zh_buf_clear(&d->minus);
	zh_buf_clear(&d->plus);
}

static void
flush_hunk(struct zh_differ *d, struct zh_buf *out)
{
	if (!d->open)
		return;
	flush_run(d);
	if (!d->header_done) {
		/* As git writes it: a/NAME, b/NAME, NAME relative. */
		const char *n = d->name;

		while (*n == '/' || (n[0] == '.' && n[1] == '/'))
			n += *n == '/' ? 1 : 2;
		zh_buf_printf(out, "--- a/%s\n+++ b/%s\n", n, n);
		d->header_done = 1;
	}
	zh_buf_printf(out, "@@ -%lu,%lu +%lu,%lu @@\n",
		      d->old_count ? d->old_start : d->old_start - 1, d->old_count,
		      d->new_count ? d->new_start : d->new_start - 1, d->new_count);
	zh_buf_append(out, d->hunk.data, d->hunk.len);
	zh_buf_clear(&d->hunk);
	d->open = 0;
}

/* Keeps LINE as possible leading context of a hunk to come. */
static void
remember(struct zh_differ *d, const char *line, size_t len)
{
	struct zh_buf tmp;
	int i;

	if (d->nbefore == ZH_DIFF_CONTEXT) {
		tmp = d->before[0];
		for (i = 1; i < ZH_DIFF_CONTEXT; i++)
			d->before[i - 1] = d->before[i];
		d->before[ZH_DIFF_CONTEXT - 1] = tmp;
		d->nbefore--;
	}
	zh_buf_clear(&d->before[d->nbefore]);
	zh_buf_append(&d->before[d->nbefore], line, len);
	d->nbefore++;
}

/* An unchanged line: trailing context of the open hunk, or kept as
 * leading context; a hunk followed by more than twice the context of
 * unchanged lines is complete. */
static void
same(struct zh_differ *d, const char *line, size_t len, struct zh_buf *out)
{
	if (d->open) {
		if (d->trailing == 0)
			flush_run(d);
		d->trailing++;
		if (d->trailing <= ZH_DIFF_CONTEXT) {
			put_line(&d->hunk, ' ', line, len);
			d->old_count++;
			d->new_count++;
			return;
		}
		if (d->trailing > 2 * ZH_DIFF_CONTEXT)
			flush_hunk(d, out);
	}
	remember(d, line, len);
}

/* A changed line: opens a hunk or extends the open one, taking the kept
 * lines before it as context. */
static void
change(struct zh_differ *d, const char *line, size_t len, const char *new,
       size_t nlen)
{
	int i;

	if (!d->open) {
		d->open = 1;
		d->old_start = d->new_start = d->lineno - (unsigned long)d->nbefore;
		d->old_count = d->new_count = 0;
	}
	for (i = 0; i < d->nbefore; i++) {
		put_line(&d->hunk, ' ', d->before[i].data, d->before[i].len);
		d->old_count++;
		d->new_count++;
	}
	d->nbefore = 0;
	d->trailing = 0;
	put_line(&d->minus, '-', line, len);
	put_line(&d->plus, '+', new, nlen);
	d->old_count++;
	d->new_count++;
	d->changed++;
}

static uint32_t
get_u32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

void
zh_differ_feed(struct zh_differ *d, const char *frames, size_t len,
	       struct zh_buf *out)
{
	const char *p = frames, *end = frames + len;

	while (p < end) {
		int changed = *p++;
		uint32_t n = get_u32(p), m;
		const char *line = p + 4;

		p = line + n;
		d->lineno++;
		if (!changed) {
			same(d, line, n, out);
			continue;
		}
		m = get_u32(p);
		change(d, line, n, p + 4, m);
		p += 4 + m;
	}
}

unsigned long
zh_differ_finish(struct zh_differ *d, struct zh_buf *out)
{
	flush_hunk(d, out);
	return d->changed;
}
