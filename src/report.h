/*
 * report.h - formatting --check findings.
 *
 * Text:  FILE:LINE:COL: LEVEL: ID: MESSAGE [“before” → “after”]
 * JSON:  one object per line with file, line, column, offset, id, level,
 *        message, before and after (null for a warning without a
 *        suggestion).
 * rdjsonl: reviewdog's Diagnostic Format, one Diagnostic per line, with
 *        the range in the input (columns count UTF-8 bytes, as reviewdog
 *        wants) and the replacement as a suggestion.
 * COL counts characters from 1; offset is the byte offset in the input.
 */
#ifndef ZH_REPORT_H
#define ZH_REPORT_H

#include <stdint.h>

#include "buf.h"
#include "record.h"

enum zh_format {
	ZH_FORMAT_TEXT,
	ZH_FORMAT_JSON,
	ZH_FORMAT_RDJSONL	/* reviewdog's Diagnostic, one per line */
};

struct zh_line_info {
	const char *file;	/* as given on the command line; "-" for stdin */
	unsigned long lineno;
	uint64_t offset;	/* input offset of the line's first byte */
	const char *text;	/* the line as read (for columns) */
	size_t len;
	const char *convert_id;		/* id of conversion changes: "convert" */
	const char *convert_msg;	/* their message, e.g. "converted by s2tw" */
};

/* Appends one report line for each finding of REC to OUT. */
void zh_report_findings(struct zh_buf *out, enum zh_format fmt,
			const struct zh_line_info *li,
			const struct zh_record *rec);

/* Appends S[0..N) to OUT as the body of a JSON string (no quotes): control
 * characters escaped, invalid UTF-8 bytes written as U+FFFD. */
void zh_json_escape(struct zh_buf *out, const char *s, size_t n);

/* Appends S[0..N) to OUT for a human reader: invisible and format
 * characters as <U+XXXX>, invalid bytes as <\xNN>. */
void zh_visible_escape(struct zh_buf *out, const char *s, size_t n);

#endif
