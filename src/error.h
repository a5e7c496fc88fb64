/*
 * error.h - the error record that modules fill and main.c prints.
 *
 * Modules never print or exit.  A function that can fail returns -1 (or NULL)
 * and fills a caller-supplied struct zh_error; main.c formats it as
 * "FILE:LINE:COL: error: MESSAGE" (the parts that are set) or, for errors
 * about no file in particular, "zhnorm: MESSAGE".
 */
#ifndef ZH_ERROR_H
#define ZH_ERROR_H

struct zh_error {
	int code;		/* enum zhnorm_code (zhnorm.h); 0 when not set */
	char file[1024];	/* empty when the error is about no file */
	unsigned long line;	/* 1-based; 0 when not about a line */
	unsigned long col;	/* 1-based, in characters; 0 when unknown */
	char msg[1024];
};

/* Fills E (its code is left as it is); FILE may be NULL.  Returns -1 so
 * callers can write "return zh_error_set(...)". */
int zh_error_set(struct zh_error *e, const char *file, unsigned long line,
		 unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void zh_error_clear(struct zh_error *e);
/* Formats E into OUT as the diagnostic line main.c prints (no newline). */
void zh_error_format(const struct zh_error *e, char *out, unsigned long size);
/* Formats E into OUT as a message for a library caller: the same without
 * the program's name and "error:" (no newline). */
void zh_error_message(const struct zh_error *e, char *out, unsigned long size);

#endif
