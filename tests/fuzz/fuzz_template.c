/*
 * fuzz_template.c - libFuzzer harness for replacement templates and the
 * number and width transforms.
 *
 * The input is PATTERN \n TEMPLATE \n SUBJECT.  The pattern is compiled as
 * rules compile theirs, the template against it, and every match in the
 * subject is expanded.  Each transform also runs on the whole input.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "numeral.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
