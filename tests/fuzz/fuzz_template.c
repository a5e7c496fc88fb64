/*
 * fuzz_template.c - libFuzzer harness for replacement templates and the
 * number and width transforms.
 *
 * The input is PATTERN \n TEMPLATE \n SUBJECT.  The pattern is compiled as
 * rules compile theirs, the template against it, and every match in the
 * subject is expanded.  Each transform also runs on the whole input, and
 * where two transforms are inverses, the round trip must give the input
 * back: arabic after hanzi or hanzi-digits (up to the digits' width and
 * the grouping commas), halfwidth after fullwidth.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "numeral.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* IN as arabic writes it back: ASCII digits, no grouping commas. */
static void
plain_number(const char *in, size_t len, struct zh_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == ',')
			continue;
		if (i + 2 < len && p[i] == 0xEF && p[i + 1] == 0xBC &&
		    p[i + 2] >= 0x90 && p[i + 2] <= 0x99) {
			zh_buf_putc(out, '0' + (p[i + 2] - 0x90));
			i += 2;
			continue;
		}
		zh_buf_putc(out, (char)p[i]);
	}
}

/* Traps unless SECOND(FIRST(IN)) is WANT (when FIRST takes IN). */
static void
round_trip(zh_transform_fn first, zh_transform_fn second, const char *in,
	   size_t len, const struct zh_buf *want)
{
	struct zh_buf mid = ZH_BUF_INIT, back = ZH_BUF_INIT;

	if (first(in, len, &mid) == 0) {
		if (second(mid.data ? mid.data : "", mid.len, &back) < 0 ||
		    back.len != want->len ||
		    (want->len > 0 && memcmp(back.data, want->data, want->len) != 0))
			__builtin_trap();
	}
	zh_buf_free(&mid);
	zh_buf_free(&back);
}

static void
check_inverses(const char *s, size_t size)
{
	struct zh_buf want = ZH_BUF_INIT;
	size_t i;

	plain_number(s, size, &want);
	round_trip(zh_transform_hanzi, zh_transform_arabic, s, size, &want);
	/* arabic spells at most sixteen digits. */
	if (want.len <= 16)
		round_trip(zh_transform_hanzi_digits, zh_transform_arabic, s,
			   size, &want);
	zh_buf_free(&want);
	/* fullwidth and halfwidth, on text that has no fullwidth forms
	 * already (U+3000, U+FF01..U+FF5E: EF BC 81..EF BD 9E). */
	for (i = 0; i < size; i++) {
		const unsigned char *p = (const unsigned char *)s + i;

		if (p[0] == 0xE3 && i + 2 < size && p[1] == 0x80 && p[2] == 0x80)
			return;
		if (p[0] == 0xEF && i + 1 < size && (p[1] == 0xBC || p[1] == 0xBD))
			return;
	}
	zh_buf_append(&want, s, size);
	round_trip(zh_transform_fullwidth, zh_transform_halfwidth, s, size,
		   &want);
	zh_buf_free(&want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl1, *nl2;
	struct zh_buf out = ZH_BUF_INIT;
	struct zh_template *t;
	pcre2_code *code;
	pcre2_match_data *md;
	PCRE2_SIZE erroff, start = 0, len;
	char msg[256];
	size_t col, before;
	int errcode, rc, i, n = 0;

	for (i = 0; zh_transform_names[i] != NULL; i++) {
		zh_transform_fn fn = zh_transform_find(zh_transform_names[i],
						       strlen(zh_transform_names[i]));

		before = out.len;
		if (fn(s, size, &out) < 0 && out.len != before)
			__builtin_trap();	/* a refusal must leave OUT alone */
	}
	check_inverses(s, size);
	nl1 = memchr(s, '\n', size);
	if (nl1 == NULL)
		goto done;
	nl2 = memchr(nl1 + 1, '\n', size - (size_t)(nl1 + 1 - s));
	if (nl2 == NULL)
		goto done;
	code = pcre2_compile((PCRE2_SPTR)s, (size_t)(nl1 - s),
			     PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
			     &errcode, &erroff, NULL);
	if (code == NULL)
		goto done;
	t = zh_template_compile(nl1 + 1, (size_t)(nl2 - nl1 - 1), code, msg,
				sizeof msg, &col);
	if (t != NULL) {
		const char *subj = nl2 + 1;
		pcre2_match_context *mctx = pcre2_match_context_create(NULL);

		pcre2_set_match_limit(mctx, 100000);
		len = size - (size_t)(subj - s);
		md = pcre2_match_data_create_from_pattern(code, NULL);
		while (start <= len && n++ < 1000 &&
		       (rc = pcre2_match(code, (PCRE2_SPTR)subj, len, start, 0,
					 md, mctx)) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			before = out.len;
			if (zh_template_expand(t, subj, ov,
					       pcre2_get_ovector_count(md), &out) < 0 &&
			    out.len != before)
				__builtin_trap();
			start = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		}
		pcre2_match_data_free(md);
		pcre2_match_context_free(mctx);
		zh_template_free(t);
	}
	pcre2_code_free(code);
done:
	zh_buf_free(&out);
	return 0;
}
