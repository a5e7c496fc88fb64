/*
 * script.h - telling Simplified from Traditional text, for --region=auto.
 *
 * A text's script is decided by the characters that exist only in
 * Simplified or only in Traditional Chinese (as OpenCC's character
 * dictionaries have them: src/script_chars.h): most characters are common
 * to both and say nothing.
 */
#ifndef ZH_SCRIPT_H
#define ZH_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "table.h"

struct zh_script_count {
	unsigned long hans;	/* characters only in Simplified */
	unsigned long hant;	/* characters only in Traditional */
};

/* Adds the counts of S[0..N) (UTF-8; invalid bytes are skipped) to C. */
void zh_script_count(struct zh_script_count *c, const char *s, size_t n);

/*
 * The script counts C show: ZH_SCRIPT_HANS or ZH_SCRIPT_HANT when one
 * kind is at least ZH_SCRIPT_MARGIN times the other (and there is at least
 * one); otherwise, for mixed text and for text with neither,
 * ZH_SCRIPT_ANY.
 */
#define ZH_SCRIPT_MARGIN	4
enum zh_script zh_script_decide(const struct zh_script_count *c);

/* Is CP a character only Simplified Chinese has? */
int zh_script_hans_only(uint32_t cp);

/* "Simplified", "Traditional" or "neither". */
const char *zh_script_label(enum zh_script s);

#endif
