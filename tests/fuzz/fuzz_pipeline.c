/*
 * fuzz_pipeline.c - libFuzzer harness for the whole record pipeline.
 *
 * The first byte chooses the run.  Its low three bits pick one of eight
 * set-ups: bit 0 conversion (s2tw) or none, bit 1 --invalid=pass with JSON
 * reports or --invalid=error with text reports, bit 2 --check or text; the
 * markup kind is the set-up number modulo 3.  The next bits choose output
 * options: 0x08 --diff (the frames then go through the differ too), 0x10
 * --keep-markers, 0x20 rdjsonl reports in --check.  The rest goes through
 * every stage as one
 * chunk: rules before conversion (protect, fixes with transforms, an
 * empty-match rule, a warn rule), OpenCC, rules after.  The output must
 * never be shorter than the input in pass mode with no rules that delete,
 * and nothing may crash, leak or read out of bounds.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diff.h"
#include "pipeline.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char table[] =
	"[f.url]\nmatch = https?://\\S+\nprotect = yes\n"
	"[f.title]\nmatch = 《[^》]*》\nprotect = yes\n"
	"[f.comma]\nmatch = (?<=\\p{Han}),\nreplace = ，\n"
	"[f.year]\nmatch = (\\d{1,4})(?=年)\nreplace = ${1:hanzi-digits}\nscript = hans\n"
	"[f.count]\nmatch = 第(\\d{1,6})\nreplace = 第${1:hanzi}\nscript = hans\n"
	"[f.arabic]\nmatch = ([〇零一二两三四五六七八九十百千万]+)(?=个)\nreplace = ${1:arabic}\n"
	"[f.wide]\nmatch = [\\x{FF01}-\\x{FF5E}]+\nreplace = ${0:halfwidth}\n"
	"[f.insert]\nmatch = (?=中)\nreplace = \\x{200B}\n"
	"[f.hant]\nmatch = 後來\nreplace = 其後\nscript = hant\n"
	"[f.quote]\nmatch = “([^”]*)”\nreplace = 「$1」\nregion = tw\n"
	"[f.warn]\nmatch = 非常非常\nlevel = warn\nreplace = 非常\n"
	"[f.zw]\nmatch = \\x{200B}+\nreplace =\n";

static struct zh_ruleset rs;
static struct zh_engine *engines[8];
static struct zh_pipeline pipes[8];
static struct zh_worker *workers[8];

static void
setup(void)
{
	struct zh_error err;
	int k;

	zh_ruleset_init(&rs);
	if (zh_ruleset_load_mem(&rs, table, sizeof table - 1, "fuzz.rules",
				NULL, &err) < 0)
		__builtin_trap();
	for (k = 0; k < 8; k++) {
		struct zh_placement p;

		memset(&p, 0, sizeof p);
		p.converting = (k & 1) != 0;
		p.from = ZH_SCRIPT_HANS;
		p.to = p.converting ? ZH_SCRIPT_HANT : ZH_SCRIPT_HANS;
		p.region = p.converting ? ZH_REGION_TW : ZH_REGION_CN;
		p.check = (k & 4) != 0;
		engines[k] = zh_engine_new(&rs, &p);
		memset(&pipes[k], 0, sizeof pipes[k]);
		pipes[k].opencc_path = p.converting ? "s2tw.json" : NULL;
		pipes[k].config_name = p.converting ? "s2tw" : "none";
		pipes[k].skip_ascii = 1;
		pipes[k].engine = engines[k];
		pipes[k].rules = &rs;
		pipes[k].check = p.check;
		pipes[k].format = (k & 2) ? ZH_FORMAT_JSON : ZH_FORMAT_TEXT;
		pipes[k].invalid_pass = (k & 2) != 0;
		workers[k] = zh_worker_new(&pipes[k], &err);
		if (workers[k] == NULL)
			__builtin_trap();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct zh_buf out = ZH_BUF_INIT, report = ZH_BUF_INIT, diag = ZH_BUF_INIT;
	struct zh_chunk c;
	struct zh_result res;
	struct zh_error err;
	struct zh_markup_state st;
	int k;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size == 0)
		return 0;
	k = data[0] & 7;
	/* Options that need no worker of their own: set for this run only. */
	pipes[k].diff = !pipes[k].check && (data[0] & 0x08) != 0;
	pipes[k].keep_markers = (data[0] & 0x10) != 0;
	pipes[k].format = (data[0] & 0x20) ? ZH_FORMAT_RDJSONL :
	    (k & 2) ? ZH_FORMAT_JSON : ZH_FORMAT_TEXT;
	memset(&c, 0, sizeof c);
	c.data = (const char *)data + 1;
	c.len = size - 1;
	c.lineno = 1;
	zh_markup_init(&st, (enum zh_markup)(k % 3), 1);
	if (zh_worker_run(workers[k], "fuzz", &c, &st, &out, &report, &diag, &res,
			  &err) < 0)
		__builtin_trap();	/* OpenCC took only valid, NUL-free text */
	if (!pipes[k].invalid_pass && !res.invalid && res.consumed != c.len)
		__builtin_trap();
	if (pipes[k].diff && out.len > 0) {
		/* The frames make a unified diff (fed, as sched.c does, only
		 * when there are any). */
		struct zh_differ *d = zh_differ_new("./fuzz");
		struct zh_buf patch = ZH_BUF_INIT;

		zh_differ_feed(d, out.data, out.len, &patch);
		zh_differ_finish(d, &patch);
		zh_differ_free(d);
		zh_buf_free(&patch);
	}
	zh_buf_free(&out);
	zh_buf_free(&report);
	zh_buf_free(&diag);
	return 0;
}
