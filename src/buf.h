/*
 * buf.h - a growable byte buffer, and allocation helpers that never fail.
 *
 * Every module uses struct zh_buf instead of ad-hoc realloc.  A buffer owns
 * its storage; zh_buf_free releases it.  Allocation failure prints a message
 * and aborts: there is nothing sensible a text filter can do without memory.
 */
#ifndef ZH_BUF_H
#define ZH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct zh_buf {
	char *data;	/* NULL until the first append */
	size_t len;	/* bytes in use */
	size_t cap;	/* bytes allocated */
};

#define ZH_BUF_INIT { NULL, 0, 0 }

/* Allocation that aborts on failure.  The caller frees with free(). */
void *zh_xmalloc(size_t n);
void *zh_xcalloc(size_t n, size_t size);
void *zh_xrealloc(void *p, size_t n);
char *zh_xstrdup(const char *s);
char *zh_xstrndup(const char *s, size_t n);

void zh_buf_init(struct zh_buf *b);
/* Releases the storage; the buffer may be reused after zh_buf_init. */
void zh_buf_free(struct zh_buf *b);
/* Makes room for EXTRA more bytes (plus a terminating NUL). */
void zh_buf_reserve(struct zh_buf *b, size_t extra);
void zh_buf_append(struct zh_buf *b, const void *p, size_t n);
void zh_buf_putc(struct zh_buf *b, int c);
void zh_buf_puts(struct zh_buf *b, const char *s);
void zh_buf_printf(struct zh_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void zh_buf_vprintf(struct zh_buf *b, const char *fmt, va_list ap);
/* Appends code point CP as UTF-8. */
void zh_buf_put_utf8(struct zh_buf *b, unsigned long cp);
static inline void zh_buf_clear(struct zh_buf *b) { b->len = 0; }
/* Returns the contents NUL-terminated (the NUL is not counted in len).
 * The pointer stays owned by the buffer and is valid until the next change. */
char *zh_buf_cstr(struct zh_buf *b);
/* Hands the storage to the caller (who frees it with free()) and empties B. */
char *zh_buf_detach(struct zh_buf *b, size_t *len);

#endif
