/*
 * report.c - formatting --check findings (see report.h).
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "table.h"
#include "utf8.h"

/* Characters a reader cannot see, or that change how text around them
 * shows: they are written as <U+XXXX> in text reports. */
static int
invisible(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       cp == 0xAD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	       cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

void
zh_visible_escape(struct zh_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		len = zh_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			zh_buf_printf(out, "<\\x%02X>", (unsigned char)s[i]);
			i++;
		} else if (invisible(cp)) {
			zh_buf_printf(out, "<U+%04" PRIX32 ">", cp);
			i += (size_t)len;
		} else {
			zh_buf_append(out, s + i, (size_t)len);
			i += (size_t)len;
		}
	}
}

void
zh_json_escape(struct zh_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		len = zh_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			zh_buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			zh_buf_puts(out, "\\\"");
			break;
		case '\\':
			zh_buf_puts(out, "\\\\");
			break;
		case '\n':
			zh_buf_puts(out, "\\n");
			break;
		case '\r':
			zh_buf_puts(out, "\\r");
			break;
		case '\t':
			zh_buf_puts(out, "\\t");
			break;
		default:
			if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
				zh_buf_printf(out, "\\u%04" PRIx32, cp);
			else
				zh_buf_append(out, s + i, (size_t)len);
		}
		i += (size_t)len;
	}
}

static void
json_string(struct zh_buf *out, const char *s, size_t n)
{
	zh_buf_putc(out, '"');
	zh_json_escape(out, s, n);
	zh_buf_putc(out, '"');
}

/*
 * The column of a finding counts characters from the start of the line.
 * Findings come mostly in order along the line (each rule's from left to
 * right), so the count moves from the previous finding's offset, forwards
 * or backwards, instead of starting again at the line's start: a line
 * with many findings costs its length once per rule that fired, not once
 * per finding.  Offsets lie on character boundaries, so the counts add up.
 */
const char zh_report_held[] = "not made: it would change the markup";

unsigned long
zh_column_at(struct zh_column *c, const char *text, size_t orig)
{
	if (orig >= c->at)
		c->col += (unsigned long)zh_utf8_count(text + c->at, orig - c->at);
	else
		c->col -= (unsigned long)zh_utf8_count(text + orig, c->at - orig);
	c->at = orig;
	return c->col + 1;
}

void
zh_report_findings(struct zh_buf *out, enum zh_format fmt,
		   const struct zh_line_info *li, const struct zh_record *rec)
{
	struct zh_column cur = ZH_COLUMN_INIT;
	size_t k;

	for (k = 0; k < rec->nfindings; k++) {
		const struct zh_finding *f = &rec->findings[k];
		const char *id = f->rule ? f->rule->id : li->convert_id;
		const char *msg = f->rule ? f->rule->message : li->convert_msg;
		int warn = f->held ||
		    (f->rule && f->rule->level == ZH_LEVEL_WARN);
		const char *level = warn ? "warn" : "fix";
		const char *held = zh_report_held;
		size_t orig = f->orig <= li->len ? f->orig : li->len;
		unsigned long col;
		const char *before = rec->ftext.data + f->before;
		const char *after = rec->ftext.data + f->after;

		if (fmt == ZH_FORMAT_RDJSONL) {
			size_t end = f->orig_end <= li->len ? f->orig_end : li->len;

			zh_buf_puts(out, "{\"message\":");
			if (f->held)
				json_string(out, held, strlen(held));
			else if (msg != NULL)
				json_string(out, msg, strlen(msg));
			else
				json_string(out, id, strlen(id));
			zh_buf_puts(out, ",\"location\":{\"path\":");
			json_string(out, li->file, strlen(li->file));
			zh_buf_printf(out, ",\"range\":{\"start\":{\"line\":%lu,\"column\":%zu},"
				      "\"end\":{\"line\":%lu,\"column\":%zu}}}",
				      li->lineno, orig + 1, li->lineno, end + 1);
			zh_buf_printf(out, ",\"severity\":\"%s\",\"source\":{\"name\":\"zhnorm\"},\"code\":{\"value\":",
				      warn ? "WARNING" : "ERROR");
			json_string(out, id, strlen(id));
			zh_buf_putc(out, '}');
			/* A suggestion must apply to the input as it is: only
			 * when the change was made to text no earlier stage had
			 * changed (its "before" is that very span of the input). */
			if (f->has_after && !f->held && end - orig == f->blen &&
			    memcmp(li->text + orig, before, f->blen) == 0) {
				zh_buf_printf(out, ",\"suggestions\":[{\"range\":{\"start\":{\"line\":%lu,\"column\":%zu},"
					      "\"end\":{\"line\":%lu,\"column\":%zu}},\"text\":",
					      li->lineno, orig + 1, li->lineno, end + 1);
				json_string(out, after, f->alen);
				zh_buf_puts(out, "}]");
			}
			zh_buf_puts(out, "}\n");
			continue;
		}
		/* rdjsonl counts bytes: only the other formats need this. */
		col = zh_column_at(&cur, li->text, orig);
		if (fmt == ZH_FORMAT_JSON) {
			zh_buf_puts(out, "{\"file\":");
			json_string(out, li->file, strlen(li->file));
			zh_buf_printf(out, ",\"line\":%lu,\"column\":%lu,\"offset\":%" PRIu64 ",\"id\":",
				      li->lineno, col, li->offset + orig);
			json_string(out, id, strlen(id));
			zh_buf_printf(out, ",\"level\":\"%s\",\"message\":", level);
			if (f->held)
				json_string(out, held, strlen(held));
			else if (msg != NULL)
				json_string(out, msg, strlen(msg));
			else
				zh_buf_puts(out, "null");
			zh_buf_puts(out, ",\"before\":");
			json_string(out, before, f->blen);
			zh_buf_puts(out, ",\"after\":");
			if (f->has_after)
				json_string(out, after, f->alen);
			else
				zh_buf_puts(out, "null");
			zh_buf_puts(out, "}\n");
			continue;
		}
		zh_buf_printf(out, "%s:%lu:%lu: %s: %s: ", li->file, li->lineno,
			      col, level, id);
		if (f->held) {
			zh_buf_puts(out, held);
			zh_buf_putc(out, ' ');
		} else if (msg != NULL) {
			zh_buf_puts(out, msg);
			zh_buf_putc(out, ' ');
		}
		zh_buf_puts(out, "[\xe2\x80\x9c");
		zh_visible_escape(out, before, f->blen);
		zh_buf_puts(out, "\xe2\x80\x9d");
		if (f->has_after) {
			zh_buf_puts(out, " \xe2\x86\x92 \xe2\x80\x9c");
			zh_visible_escape(out, after, f->alen);
			zh_buf_puts(out, "\xe2\x80\x9d");
		}
		zh_buf_puts(out, "]\n");
	}
}
