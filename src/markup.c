/*
 * markup.c - the markup stage (see markup.h).
 *
 * (Being written: for now only -{text}- is recognised, in every mode.)
 */
#include "config.h"

#include <string.h>

#include "markup.h"

void
zh_markup_init(struct zh_markup_state *st, enum zh_markup kind, int markers)
{
	memset(st, 0, sizeof *st);
	st->kind = kind;
	st->markers = markers;
	st->prev_blank = 1;
}

void
zh_markup_line(struct zh_markup_state *st, const char *line, size_t len,
	       void (*span)(void *ctx, size_t start, size_t end,
			    enum zh_span_kind kind),
	       void *ctx)
{
	size_t i = 0, open = 0;

	if (!st->markers || (!st->in_marker && memchr(line, '{', len) == NULL)) {
		st->prev_blank = len == 0;
		return;
	}
	while (i < len) {
		if (!st->in_marker && i + 1 < len && line[i] == '-' &&
		    line[i + 1] == '{') {
			st->in_marker = 1;
			open = i;
			if (span)
				span(ctx, i, i + 2, ZH_SPAN_STRIP);
			i += 2;
			continue;
		}
		if (st->in_marker && i + 1 < len && line[i] == '}' &&
		    line[i + 1] == '-') {
			if (span) {
				span(ctx, open, i + 2, ZH_SPAN_PROTECT);
				span(ctx, i, i + 2, ZH_SPAN_STRIP);
			}
			st->in_marker = 0;
			i += 2;
			continue;
		}
		i++;
	}
	if (st->in_marker && span)
		span(ctx, open, len, ZH_SPAN_PROTECT);
	st->prev_blank = len == 0;
}

enum zh_markup
zh_markup_guess(const char *filename)
{
	const char *dot = strrchr(filename, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return ZH_MARKUP_TEXT;
	if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0 ||
	    strcmp(dot, ".xhtml") == 0)
		return ZH_MARKUP_HTML;
	if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 ||
	    strcmp(dot, ".mkd") == 0)
		return ZH_MARKUP_MARKDOWN;
	return ZH_MARKUP_TEXT;
}
