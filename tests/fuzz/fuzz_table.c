/*
 * fuzz_table.c - libFuzzer harness for the rule-table parser.
 *
 * Any bytes are loaded as a table; a table that loads is also checked
 * against its own examples, which runs the engine on fuzzer-made patterns,
 * templates and texts.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "selftest.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zh_ruleset rs;
	struct zh_error err;
	struct zh_selftest_result res;
	struct zh_buf report = ZH_BUF_INIT;

	zh_ruleset_init(&rs);
	if (zh_ruleset_load_mem(&rs, (const char *)data, size, "fuzz.rules",
				NULL, &err) == 0) {
		zh_ruleset_disable(&rs, "*.skip*");
		zh_selftest_run(&rs, &report, &res);
	}
	zh_buf_free(&report);
	zh_ruleset_free(&rs);
	return 0;
}
