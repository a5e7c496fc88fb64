/*
 * numeral.h - the built-in transforms of replacement templates, ${N:name}.
 *
 * Each transform rewrites one captured substring.  They make number and
 * width rules data rather than C code:
 *   halfwidth     fullwidth ASCII forms U+FF01..U+FF5E -> ASCII, U+3000 -> space
 *   fullwidth     printable ASCII -> U+FF01..U+FF5E, space -> U+3000
 *   hanzi         Arabic number -> Chinese counting numerals (20 -> 二十,
 *                 13 -> 十三, 105 -> 一百零五, 3.5 -> 三点五)
 *   hanzi-digits  digit by digit (2024 -> 二〇二四)
 *   arabic        Chinese numerals -> Arabic (二十 -> 20, 一百零五 -> 105,
 *                 二〇二四 -> 2024, 两千 -> 2000, 三点五 -> 3.5)
 */
#ifndef ZH_NUMERAL_H
#define ZH_NUMERAL_H

#include <stddef.h>

#include "buf.h"

/*
 * A transform appends the rewritten form of IN[0..LEN) to OUT and returns 0,
 * or returns -1 and leaves OUT untouched when IN is not something it can
 * rewrite (for example "12a" for hanzi, or a number too large to spell).
 */
typedef int (*zh_transform_fn)(const char *in, size_t len, struct zh_buf *out);

/* Looks up a transform by name (NAME[0..LEN), not NUL-terminated).
 * Returns NULL when there is no such transform. */
zh_transform_fn zh_transform_find(const char *name, size_t len);

/* The names of all transforms, NULL-terminated, for messages and docs. */
extern const char *const zh_transform_names[];

int zh_transform_halfwidth(const char *in, size_t len, struct zh_buf *out);
int zh_transform_fullwidth(const char *in, size_t len, struct zh_buf *out);
int zh_transform_hanzi(const char *in, size_t len, struct zh_buf *out);
int zh_transform_hanzi_digits(const char *in, size_t len, struct zh_buf *out);
int zh_transform_arabic(const char *in, size_t len, struct zh_buf *out);

#endif
