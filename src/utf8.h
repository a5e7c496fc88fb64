/*
 * utf8.h - UTF-8 validation and decoding.
 *
 * Valid means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequences.
 */
#ifndef ZH_UTF8_H
#define ZH_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns the length (1..4) of the valid sequence at S[0..N), or 0 when the
 * bytes there do not start a valid sequence (or N is 0). */
int zh_utf8_seqlen(const char *s, size_t n);

/* Decodes the sequence at S[0..N) into *CP; returns its length, or 0 when it
 * is invalid (then *CP is the byte value). */
int zh_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Returns the length of the longest valid prefix of S[0..N): N when all of
 * it is valid. */
size_t zh_utf8_valid_prefix(const char *s, size_t n);

/* Counts the characters in S[0..N); each invalid byte counts as one. */
size_t zh_utf8_count(const char *s, size_t n);

/* Returns the length a sequence starting with lead byte C claims (1 for
 * ASCII, continuation and invalid bytes). */
int zh_utf8_lead_len(char c);

/* Returns the start of the (possibly truncated) character that contains byte
 * S+I (I < N): I itself unless it is a continuation byte of a multi-byte
 * lead at most three bytes back. */
size_t zh_utf8_char_start(const char *s, size_t n, size_t i);

#endif
