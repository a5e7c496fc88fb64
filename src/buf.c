/*
 * buf.c - growable byte buffers and allocation helpers (see buf.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void
zh_oom(size_t n)
{
	fprintf(stderr, "zhnorm: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *
zh_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		zh_oom(n);
	return p;
}

void *
zh_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		zh_oom(n * size);
	return p;
}

void *
zh_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		zh_oom(n);
	return q;
}

char *
zh_xstrdup(const char *s)
{
	return zh_xstrndup(s, strlen(s));
}

char *
zh_xstrndup(const char *s, size_t n)
{
	char *p = zh_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
zh_buf_init(struct zh_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
zh_buf_free(struct zh_buf *b)
{
	free(b->data);
	zh_buf_init(b);
}

void
zh_buf_reserve(struct zh_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;

	if (need < b->len)
		zh_oom((size_t)-1);
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	b->data = zh_xrealloc(b->data, cap);
	b->cap = cap;
}

void
zh_buf_append(struct zh_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	zh_buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
zh_buf_putc(struct zh_buf *b, int c)
{
	zh_buf_reserve(b, 1);
	b->data[b->len++] = (char)c;
}

void
zh_buf_puts(struct zh_buf *b, const char *s)
{
	zh_buf_append(b, s, strlen(s));
}

void
zh_buf_vprintf(struct zh_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	zh_buf_reserve(b, 64);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		zh_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	}
	va_end(ap2);
	b->len += (size_t)n;
}

void
zh_buf_printf(struct zh_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zh_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
zh_buf_put_utf8(struct zh_buf *b, unsigned long cp)
{
	zh_buf_reserve(b, 4);
	if (cp < 0x80) {
		b->data[b->len++] = (char)cp;
	} else if (cp < 0x800) {
		b->data[b->len++] = (char)(0xC0 | (cp >> 6));
		b->data[b->len++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		b->data[b->len++] = (char)(0xE0 | (cp >> 12));
		b->data[b->len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b->data[b->len++] = (char)(0x80 | (cp & 0x3F));
	} else {
		b->data[b->len++] = (char)(0xF0 | (cp >> 18));
		b->data[b->len++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b->data[b->len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b->data[b->len++] = (char)(0x80 | (cp & 0x3F));
	}
}

char *
zh_buf_cstr(struct zh_buf *b)
{
	zh_buf_reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

char *
zh_buf_detach(struct zh_buf *b, size_t *len)
{
	char *p = zh_buf_cstr(b);

	if (len != NULL)
		*len = b->len;
	zh_buf_init(b);
	return p;
}
