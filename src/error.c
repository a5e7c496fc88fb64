/*
 * error.c - filling and formatting struct zh_error (see error.h).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int
zh_error_set(struct zh_error *e, const char *file, unsigned long line,
	     unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
zh_error_clear(struct zh_error *e)
{
	e->file[0] = e->msg[0] = '\0';
	e->line = e->col = 0;
	e->code = 0;
}

void
zh_error_format(const struct zh_error *e, char *out, unsigned long size)
{
	if (e->file[0] == '\0')
		snprintf(out, size, "zhnorm: %s", e->msg);
	else if (e->line == 0)
		snprintf(out, size, "zhnorm: %s: %s", e->file, e->msg);
	else if (e->col == 0)
		snprintf(out, size, "%s:%lu: error: %s", e->file, e->line, e->msg);
	else
		snprintf(out, size, "%s:%lu:%lu: error: %s", e->file, e->line,
			 e->col, e->msg);
}

void
zh_error_message(const struct zh_error *e, char *out, unsigned long size)
{
	if (e->file[0] == '\0')
		snprintf(out, size, "%s", e->msg);
	else if (e->line == 0)
		snprintf(out, size, "%s: %s", e->file, e->msg);
	else if (e->col == 0)
		snprintf(out, size, "%s:%lu: %s", e->file, e->line, e->msg);
	else
		snprintf(out, size, "%s:%lu:%lu: %s", e->file, e->line, e->col,
			 e->msg);
}
