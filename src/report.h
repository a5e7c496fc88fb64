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

/* What a finding held back says: it would have changed the markup. */
extern const char zh_report_held[];

/* Counts columns along a line: ZH_COLUMN_INIT, then zh_column_at for each
 * offset, in any order (cheapest in increasing order). */
struct zh_column {
	size_t at;		/* a byte offset in the line ... */
	unsigned long col;	/* ... and the number of characters before it */
};
#define ZH_COLUMN_INIT	{ 0, 0 }
/* The 1-based character column of byte offset ORIG of TEXT, a character
 * boundary. */
unsigned long zh_column_at(struct zh_column *c, const char *text, size_t orig);

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
