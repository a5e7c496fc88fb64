/*
 * script.c - telling Simplified from Traditional text (see script.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "script.h"
#include "script_chars.h"
#include "utf8.h"

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
in(const uint32_t *set, size_t n, uint32_t cp)
{
	return bsearch(&cp, set, n, sizeof *set, cmp_cp) != NULL;
}

void
zh_script_count(struct zh_script_count *c, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		if ((unsigned char)s[i] < 0xE0) {	/* no Han character is shorter */
			i++;
			continue;
		}
		len = zh_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			i++;
			continue;
		}
		i += (size_t)len;
		if (in(zh_hans_only, sizeof zh_hans_only / sizeof *zh_hans_only, cp))
			c->hans++;
		else if (in(zh_hant_only, sizeof zh_hant_only / sizeof *zh_hant_only, cp))
			c->hant++;
	}
}

int
zh_script_hans_only(uint32_t cp)
{
	return in(zh_hans_only, sizeof zh_hans_only / sizeof *zh_hans_only, cp);
}

enum zh_script
zh_script_decide(const struct zh_script_count *c)
{
	if (c->hans > 0 && c->hans >= ZH_SCRIPT_MARGIN * c->hant)
		return ZH_SCRIPT_HANS;
	if (c->hant > 0 && c->hant >= ZH_SCRIPT_MARGIN * c->hans)
		return ZH_SCRIPT_HANT;
	return ZH_SCRIPT_ANY;
}

const char *
zh_script_label(enum zh_script s)
{
	switch (s) {
	case ZH_SCRIPT_HANS:
		return "Simplified";
	case ZH_SCRIPT_HANT:
		return "Traditional";
	default:
		return "neither";
	}
}
