/*
 * check_rules.c - unit tests of the rule stages (rules.c) and of the parts
 * of record.c they rely on: placement of rules before and after conversion,
 * global replacement, protect, warn and fix, empty matches, the match and
 * growth limits, protected ranges and the origin map.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "record.h"
#include "rules.h"
#include "table.h"

static struct zh_error err;

/* Loads TEXT into RS as table NAME, which must succeed. */
static void
load(struct zh_ruleset *rs, const char *text, const char *name)
{
	zh_error_clear(&err);
	ck_assert_msg(zh_ruleset_load_mem(rs, text, strlen(text), name, name,
					  &err) == 0,
		      "%s:%lu:%lu: %s", err.file, err.line, err.col, err.msg);
}

static const struct zh_rule *
rule(struct zh_ruleset *rs, const char *id)
{
	const struct zh_rule *r = zh_ruleset_find(rs, id);

	ck_assert_msg(r != NULL, "no rule %s", id);
	return r;
}

/* Checks that the record's text is the NUL-terminated WANT. */
static void
expect_text(const struct zh_record *rec, const char *want)
{
	size_t wlen = strlen(want);

	ck_assert_msg(rec->text.len == wlen &&
		      (wlen == 0 || memcmp(rec->text.data, want, wlen) == 0),
		      "text is \"%.*s\", want \"%s\"", (int)rec->text.len,
		      rec->text.data ? rec->text.data : "", want);
}

/* Applies rule ID of RS to TEXT once and checks the result and count. */
static void
expect_apply(struct zh_ruleset *rs, const char *id, const char *text,
	     const char *want, long count)
{
	struct zh_matcher *m = zh_matcher_new(rs);
	struct zh_record rec;
	long n;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, text, strlen(text));
	n = zh_rule_apply(rule(rs, id), m, &rec, 0);
	ck_assert_msg(n == count, "%s on \"%s\": %ld matches, want %ld", id,
		      text, n, count);
	expect_text(&rec, want);
	ck_assert_uint_eq(m->failures.len, 0);
	zh_record_free(&rec);
	zh_matcher_free(m);
}

/* Checks finding K of REC. AFTER NULL: no suggestion. */
static void
expect_finding(const struct zh_record *rec, size_t k,
	       const struct zh_rule *r, size_t orig, const char *before,
	       const char *after)
{
	const struct zh_finding *f;

	ck_assert_uint_lt(k, rec->nfindings);
	f = &rec->findings[k];
	ck_assert_ptr_eq(f->rule, r);
	ck_assert_msg(f->orig == orig, "finding %zu at %zu, want %zu", k,
		      f->orig, orig);
	ck_assert_msg(f->blen == strlen(before) &&
		      memcmp(rec->ftext.data + f->before, before, f->blen) == 0,
		      "finding %zu: before \"%.*s\", want \"%s\"", k,
		      (int)f->blen, rec->ftext.data + f->before, before);
	if (after == NULL) {
		ck_assert_int_eq(f->has_after, 0);
	} else {
		ck_assert_int_eq(f->has_after, 1);
		ck_assert_msg(f->alen == strlen(after) &&
			      memcmp(rec->ftext.data + f->after, after,
				     f->alen) == 0,
			      "finding %zu: after \"%.*s\", want \"%s\"", k,
			      (int)f->alen, rec->ftext.data + f->after, after);
	}
}

/* ---- replacement -------------------------------------------------------- */

static const char replace_table[] =
	"[swap]\n"
	"match = (a)(b)\n"
	"replace = $2$1\n"
	"[year]\n"
	"match = (\\d{4})年\n"
	"replace = ${1:hanzi-digits}年\n"
	"[chapter]\n"
	"match = 第(\\d+)章\n"
	"replace = 第${1:hanzi}章\n"
	"[named]\n"
	"match = (?<n>\\d+)\\s*个\n"
	"replace = ${n}个\n"
	"[same]\n"
	"match = 中\n"
	"replace = 中\n"
	"[delete]\n"
	"match = \\x{200B}\n"
	"replace =\n";

START_TEST(test_global_replace)
{
	struct zh_ruleset rs;

	zh_ruleset_init(&rs);
	load(&rs, replace_table, "replace");
	/* Every match, left to right. */
	expect_apply(&rs, "swap", "abxab", "baxba", 2);
	expect_apply(&rs, "swap", "aabb", "abab", 1);
	expect_apply(&rs, "swap", "xyz", "xyz", 0);
	/* Transforms. */
	expect_apply(&rs, "year", "2024年和1999年",
		     "二〇二四年和一九九九年", 2);
	expect_apply(&rs, "chapter", "第13章与第105章",
		     "第十三章与第一百零五章", 2);
	expect_apply(&rs, "named", "3 个和 12个", "3个和 12个", 1);
	/* A replacement equal to the match is no change. */
	expect_apply(&rs, "same", "中国中", "中国中", 0);
	/* Deleting. */
	expect_apply(&rs, "delete", "a\xe2\x80\x8b" "b\xe2\x80\x8b",
		     "ab", 2);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_replace_invalid_utf8_subject)
{
	/* Invalid bytes in the line do not stop matching around them. */
	struct zh_ruleset rs;

	zh_ruleset_init(&rs);
	load(&rs, replace_table, "replace");
	expect_apply(&rs, "swap", "ab\xff" "ab\xe6\xb1" "ab", "ba\xff" "ba\xe6\xb1" "ba", 3);
	zh_ruleset_free(&rs);
}
END_TEST

/* ---- placement ---------------------------------------------------------- */

static const char placement_p[] =
	"[p.any]\nmatch = A\nreplace = a\n"
	"[p.hans]\nmatch = B\nreplace = b\nscript = hans\n"
	"[p.hant]\nmatch = C\nreplace = c\nscript = hant\n"
	"[p.tw]\nmatch = D\nreplace = d\nregion = tw\n"
	"[p.cn]\nmatch = E\nreplace = e\nregion = cn\n"
	"[p.hk-hant]\nmatch = F\nreplace = f\nscript = hant\nregion = hk\n"
	"[p.warn]\nmatch = G\nlevel = warn\n"
	"[p.off]\nmatch = H\nreplace = h\n"
	"[p.protect-hans]\nmatch = P\nprotect = yes\nscript = hans\n";

static const char placement_q[] =
	"[q.any]\nmatch = I\nreplace = i\n"
	"[q.hant-tw]\nmatch = J\nreplace = j\nscript = hant\nregion = tw, hk\n"
	"[q.warn-hant]\nmatch = K\nlevel = warn\nscript = hant\n";

static void
placement_set(struct zh_ruleset *rs)
{
	zh_ruleset_init(rs);
	load(rs, placement_p, "p");
	load(rs, placement_q, "q");
	ck_assert_uint_eq(zh_ruleset_disable(rs, "p.off"), 1);
}

/* Checks that stage S of E holds exactly the rules named in the
 * space-separated list WANT, in that order. */
static void
expect_stage(const struct zh_engine *e, enum zh_stage s, const char *want,
	     const char *what)
{
	struct zh_buf got = ZH_BUF_INIT;
	size_t i;

	for (i = 0; i < e->nstage[s]; i++)
		zh_buf_printf(&got, "%s%s", i ? " " : "", e->stage[s][i]->id);
	ck_assert_msg(strcmp(zh_buf_cstr(&got), want) == 0,
		      "%s, stage %s: got \"%s\", want \"%s\"", what,
		      s == ZH_STAGE_BEFORE ? "before" : "after",
		      zh_buf_cstr(&got), want);
	zh_buf_free(&got);
}

static void
expect_placement(int converting, enum zh_script from, enum zh_script to,
		 unsigned region, int check, const char *before,
		 const char *after, const char *what)
{
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;

	placement_set(&rs);
	memset(&p, 0, sizeof p);
	p.converting = converting;
	p.from = from;
	p.to = to;
	p.region = region;
	p.check = check;
	e = zh_engine_new(&rs, &p);
	ck_assert_ptr_eq(e->rs, &rs);
	ck_assert_int_eq(e->check, check);
	expect_stage(e, ZH_STAGE_BEFORE, before, what);
	expect_stage(e, ZH_STAGE_AFTER, after, what);
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}

START_TEST(test_place_s2t)
{
	/* hans rules before (the input is Simplified), hant rules after; no
	 * region, so no region-bound rule. */
	expect_placement(1, ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, 0, 0,
			 "p.any p.hans p.protect-hans q.any", "p.hant", "s2t");
}
END_TEST

START_TEST(test_place_t2s)
{
	expect_placement(1, ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0,
			 "p.any p.hant p.cn q.any", "p.hans p.protect-hans",
			 "t2s");
}
END_TEST

START_TEST(test_place_s2tw)
{
	expect_placement(1, ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_TW, 0,
			 "p.any p.hans p.tw p.protect-hans q.any",
			 "p.hant q.hant-tw", "s2tw");
}
END_TEST

START_TEST(test_place_tw2s)
{
	expect_placement(1, ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0,
			 "p.any p.hant p.cn q.any", "p.hans p.protect-hans",
			 "tw2s");
}
END_TEST

START_TEST(test_place_s2hk)
{
	expect_placement(1, ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_HK, 0,
			 "p.any p.hans p.protect-hans q.any",
			 "p.hant p.hk-hant q.hant-tw", "s2hk");
}
END_TEST

START_TEST(test_place_t2tw)
{
	/* From hant to hant: hant rules run after conversion, not twice;
	 * hans rules do not run at all. */
	expect_placement(1, ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, ZH_REGION_TW, 0,
			 "p.any p.tw q.any", "p.hant q.hant-tw", "t2tw");
}
END_TEST

START_TEST(test_place_t2jp)
{
	/* No rule is written in Japanese: nothing after conversion. */
	expect_placement(1, ZH_SCRIPT_HANT, ZH_SCRIPT_JPAN, 0, 0,
			 "p.any p.hant q.any", "", "t2jp");
}
END_TEST

START_TEST(test_place_none)
{
	/* Without conversion: one stage, "any" rules and those in the
	 * script of the text (Simplified by default). */
	expect_placement(0, ZH_SCRIPT_HANS, ZH_SCRIPT_HANS, 0, 0,
			 "p.any p.hans p.protect-hans q.any", "", "none");
	expect_placement(0, ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, ZH_REGION_TW, 0,
			 "p.any p.hant p.tw q.any q.hant-tw", "",
			 "none, hant, tw");
	expect_placement(0, ZH_SCRIPT_HANS, ZH_SCRIPT_HANS, ZH_REGION_CN, 0,
			 "p.any p.hans p.cn p.protect-hans q.any", "",
			 "none, cn");
}
END_TEST

START_TEST(test_place_check)
{
	/* Warn rules run only in check mode; disabled rules never. */
	expect_placement(1, ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, 0, 1,
			 "p.any p.hans p.warn p.protect-hans q.any",
			 "p.hant q.warn-hant", "s2t --check");
	expect_placement(0, ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, 0, 1,
			 "p.any p.hant p.warn q.any q.warn-hant", "",
			 "none, hant --check");
}
END_TEST

START_TEST(test_place_disable_glob)
{
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;

	placement_set(&rs);
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "q.*"), 3);
	memset(&p, 0, sizeof p);
	p.converting = 1;
	p.from = ZH_SCRIPT_HANS;
	p.to = ZH_SCRIPT_HANT;
	p.region = ZH_REGION_TW;
	e = zh_engine_new(&rs, &p);
	expect_stage(e, ZH_STAGE_BEFORE, "p.any p.hans p.tw p.protect-hans",
		     "s2tw without q");
	expect_stage(e, ZH_STAGE_AFTER, "p.hant", "s2tw without q");
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_place_empty_set)
{
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	memset(&p, 0, sizeof p);
	e = zh_engine_new(&rs, &p);
	ck_assert_uint_eq(e->nstage[0], 0);
	ck_assert_uint_eq(e->nstage[1], 0);
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "abc", 3);
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_BEFORE, &rec), 0);
	expect_text(&rec, "abc");
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_engine_free(e);
	zh_engine_free(NULL);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_run_stages)
{
	/* The engine applies each stage's rules, and only those. */
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;
	struct zh_matcher *m;
	struct zh_record rec;

	placement_set(&rs);
	memset(&p, 0, sizeof p);
	p.converting = 1;
	p.from = ZH_SCRIPT_HANS;
	p.to = ZH_SCRIPT_HANT;
	p.region = ZH_REGION_TW;
	e = zh_engine_new(&rs, &p);
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "ABCDEFGHIJKA", 12);
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_BEFORE, &rec), 0);
	expect_text(&rec, "abCdEFGHiJKa");
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_AFTER, &rec), 0);
	expect_text(&rec, "abcdEFGHijKa");
	/* Per-rule counters: p.any matched twice, p.hant once. */
	ck_assert_uint_eq(m->fired[rule(&rs, "p.any") - rs.rules], 2);
	ck_assert_uint_eq(m->fired[rule(&rs, "p.hant") - rs.rules], 1);
	ck_assert_uint_eq(m->fired[rule(&rs, "p.cn") - rs.rules], 0);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}
END_TEST

/* ---- protect ------------------------------------------------------------ */

static const char protect_table[] =
	"[url]\n"
	"match = https?://[^\\s，。]+\n"
	"protect = yes\n"
	"[visit]\n"
	"match = 访问\n"
	"replace = 请访问\n"
	"[comma]\n"
	"match = ,\n"
	"replace = ，\n"
	"[abc]\n"
	"match = ABC\n"
	"protect = yes\n"
	"[after-c]\n"
	"match = (?<=C)x\n"
	"replace = y\n"
	"[c-before-x]\n"
	"match = C(?=x)\n"
	"replace = Z\n"
	"[cx]\n"
	"match = Cx\n"
	"replace = Z\n"
	"[xa]\n"
	"match = xA\n"
	"replace = Q\n";

START_TEST(test_protect_url)
{
	/* 访问 http://x.cn/a,b 或者,这里: the URL (bytes 7..22) is shielded
	 * from the comma rule; the comma outside it is replaced.  访问
	 * before it grows by 3 bytes, so the range moves to 10..25. */
	static const char in[] = "访问 http://x.cn/a,b 或者,这里";
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, protect_table, "protect");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "url"), m, &rec, 0), 1);
	/* Protecting changes no text. */
	expect_text(&rec, in);
	ck_assert_uint_eq(rec.nprot, 1);
	ck_assert_uint_eq(rec.prot[0].start, 7);
	ck_assert_uint_eq(rec.prot[0].end, 22);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "visit"), m, &rec, 0), 1);
	expect_text(&rec, "请访问 http://x.cn/a,b 或者,这里");
	ck_assert_uint_eq(rec.nprot, 1);
	ck_assert_uint_eq(rec.prot[0].start, 10);
	ck_assert_uint_eq(rec.prot[0].end, 25);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "comma"), m, &rec, 0), 1);
	expect_text(&rec, "请访问 http://x.cn/a,b 或者，这里");
	ck_assert_uint_eq(rec.prot[0].start, 10);
	ck_assert_uint_eq(rec.prot[0].end, 25);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_protect_engine)
{
	/* The same through an engine, with two URLs: 见 (3 bytes), the
	 * first URL (16 bytes, up to the space), " 和," then the second
	 * URL (15 bytes, up to 。).  Only the comma between them changes,
	 * which moves the second range by 2. */
	static const char in[] = "见https://a.cn/x,y 和,http://b.tw/p,q。";
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, protect_table, "protect");
	ck_assert_uint_eq(zh_ruleset_disable(&rs, "visit"), 1);
	memset(&p, 0, sizeof p);
	p.from = ZH_SCRIPT_HANS;
	e = zh_engine_new(&rs, &p);
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_BEFORE, &rec), 0);
	expect_text(&rec, "见https://a.cn/x,y 和，http://b.tw/p,q。");
	ck_assert_uint_eq(rec.nprot, 2);
	ck_assert_uint_eq(rec.prot[0].start, 3);
	ck_assert_uint_eq(rec.prot[0].end, 19);
	ck_assert_uint_eq(rec.prot[1].start, 26);
	ck_assert_uint_eq(rec.prot[1].end, 41);
	ck_assert_uint_eq(m->fired[rule(&rs, "url") - rs.rules], 2);
	ck_assert_uint_eq(m->fired[rule(&rs, "comma") - rs.rules], 1);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_protect_context)
{
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, protect_table, "protect");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);

	/* Look-behind sees the protected C; x itself is not protected. */
	zh_record_reset(&rec, "ABCx", 4);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "abc"), m, &rec, 0), 1);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "after-c"), m, &rec, 0), 1);
	expect_text(&rec, "ABCy");

	/* A match inside protected text is skipped, even when look-ahead
	 * reaches out of it. */
	zh_record_reset(&rec, "ABCx", 4);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "abc"), m, &rec, 0), 1);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "c-before-x"), m, &rec, 0), 0);
	expect_text(&rec, "ABCx");

	/* A match that starts inside and ends outside is skipped. */
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "cx"), m, &rec, 0), 0);
	expect_text(&rec, "ABCx");

	/* A match that starts outside and ends inside is skipped, and the
	 * search goes on to the next match. */
	zh_record_reset(&rec, "xABC xA", 7);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "abc"), m, &rec, 0), 1);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "xa"), m, &rec, 0), 1);
	expect_text(&rec, "xABC Q");

	/* Without protection the same rules do match. */
	zh_record_reset(&rec, "ABCx", 4);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "c-before-x"), m, &rec, 0), 1);
	expect_text(&rec, "ABZx");
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_protect_ranges_merge)
{
	/* Protecting overlapping and adjacent spans keeps the list sorted
	 * and disjoint. */
	struct zh_record rec;
	size_t end = 0;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "0123456789abcdefghij", 20);
	zh_record_protect(&rec, 10, 12);
	zh_record_protect(&rec, 2, 4);
	zh_record_protect(&rec, 15, 18);
	ck_assert_uint_eq(rec.nprot, 3);
	ck_assert_uint_eq(rec.prot[0].start, 2);
	ck_assert_uint_eq(rec.prot[1].start, 10);
	ck_assert_uint_eq(rec.prot[2].start, 15);
	zh_record_protect(&rec, 3, 11);		/* joins the first two */
	ck_assert_uint_eq(rec.nprot, 2);
	ck_assert_uint_eq(rec.prot[0].start, 2);
	ck_assert_uint_eq(rec.prot[0].end, 12);
	ck_assert_uint_eq(rec.prot[1].start, 15);
	ck_assert_uint_eq(rec.prot[1].end, 18);
	zh_record_protect(&rec, 5, 5);		/* empty: nothing */
	ck_assert_uint_eq(rec.nprot, 2);

	ck_assert_int_eq(zh_record_is_protected(&rec, 0, 2, NULL), 0);
	ck_assert_int_eq(zh_record_is_protected(&rec, 1, 3, &end), 1);
	ck_assert_uint_eq(end, 12);
	ck_assert_int_eq(zh_record_is_protected(&rec, 12, 15, NULL), 0);
	ck_assert_int_eq(zh_record_is_protected(&rec, 17, 19, &end), 1);
	ck_assert_uint_eq(end, 18);
	ck_assert_int_eq(zh_record_is_protected(&rec, 18, 20, NULL), 0);
	/* An empty span is protected only strictly inside a range. */
	ck_assert_int_eq(zh_record_is_protected(&rec, 2, 2, NULL), 0);
	ck_assert_int_eq(zh_record_is_protected(&rec, 5, 5, NULL), 1);
	ck_assert_int_eq(zh_record_is_protected(&rec, 12, 12, NULL), 0);
	zh_record_free(&rec);
}
END_TEST

START_TEST(test_protect_ranges_model)
{
	/* Spans protected in any order give the ranges a byte map of the
	 * same spans gives: sorted, disjoint, touching spans joined.  In
	 * order, out of order and overlapping, many on one line. */
	enum { LEN = 4000, SPANS = 3000 };
	static char map[LEN + 1];
	static char text[LEN];
	struct zh_record rec;
	unsigned seed = 12345;
	size_t i, k, start, end;
	int round;

	memset(text, 'a', sizeof text);
	for (round = 0; round < 3; round++) {
		zh_record_init(&rec, 0);
		zh_record_reset(&rec, text, LEN);
		memset(map, 0, sizeof map);
		for (k = 0; k < SPANS; k++) {
			seed = seed * 1103515245u + 12345u;
			if (round == 0)		/* in order along the line */
				start = k * LEN / SPANS;
			else
				start = (seed >> 8) % LEN;
			seed = seed * 1103515245u + 12345u;
			end = start + 1 + (seed >> 8) % (round == 2 ? 40 : 3);
			if (end > LEN)
				end = LEN;
			zh_record_protect(&rec, start, end);
			for (i = start; i < end; i++)
				map[i] = 1;
		}
		/* Walk the map: each run of protected bytes is one range,
		 * except that runs split by nothing (adjacent spans) join. */
		k = 0;
		for (i = 0; i < LEN; i++) {
			if (!map[i] || (i > 0 && map[i - 1]))
				continue;
			for (end = i; end < LEN && map[end]; end++)
				;
			ck_assert_msg(k < rec.nprot, "round %d: too few ranges", round);
			ck_assert_msg(rec.prot[k].start == i && rec.prot[k].end == end,
				      "round %d: range %zu is [%zu, %zu), want [%zu, %zu)",
				      round, k, rec.prot[k].start, rec.prot[k].end,
				      i, end);
			k++;
		}
		ck_assert_msg(k == rec.nprot, "round %d: %zu ranges, want %zu",
			      round, rec.nprot, k);
		ck_assert_uint_gt(k, 0);
		zh_record_free(&rec);
	}
}
END_TEST

/* ---- empty matches ------------------------------------------------------ */

static const char empty_table[] =
	"[before-zhong]\n"
	"match = (?=中)\n"
	"replace = X\n"
	"[xstar]\n"
	"match = x*\n"
	"replace = -\n"
	"[start]\n"
	"match = ^\n"
	"replace = >\n"
	"[end]\n"
	"match = $\n"
	"replace = <\n"
	"[between]\n"
	"match = (?:)\n"
	"replace = |\n"
	"[after-zhong]\n"
	"match = (?<=中)\n"
	"replace = Y\n";

START_TEST(test_empty_matches)
{
	struct zh_ruleset rs;

	zh_ruleset_init(&rs);
	load(&rs, empty_table, "empty");
	expect_apply(&rs, "before-zhong", "中国中文", "X中国X中文", 2);
	expect_apply(&rs, "before-zhong", "中中", "X中X中", 2);
	expect_apply(&rs, "before-zhong", "abc", "abc", 0);
	expect_apply(&rs, "after-zhong", "中国中", "中Y国中Y", 2);
	/* Perl's s/x*\/-/g: an empty match right after a non-empty one
	 * counts too. */
	expect_apply(&rs, "xstar", "abc", "-a-b-c-", 4);
	expect_apply(&rs, "xstar", "axxb", "-a--b-", 4);
	expect_apply(&rs, "start", "abc", ">abc", 1);
	expect_apply(&rs, "start", "", ">", 1);
	expect_apply(&rs, "end", "abc", "abc<", 1);
	/* Between characters, never inside one. */
	expect_apply(&rs, "between", "汉字", "|汉|字|", 3);
	expect_apply(&rs, "between", "a\xf0\x9f\x98\x80", "|a|\xf0\x9f\x98\x80|", 3);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_empty_match_protected)
{
	/* No insertion strictly inside protected text. */
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, empty_table, "empty");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "ab中cd", 7);
	zh_record_protect(&rec, 1, 6);		/* b中c */
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "between"), m, &rec, 0), 4);
	expect_text(&rec, "|a|b中c|d|");
	ck_assert_uint_eq(rec.nprot, 1);
	ck_assert_uint_eq(rec.prot[0].start, 3);
	ck_assert_uint_eq(rec.prot[0].end, 8);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

/* ---- warn and fix ------------------------------------------------------- */

static const char lint_table[] =
	"[w.dup]\n"
	"match = 的的\n"
	"level = warn\n"
	"message = 重复的“的”\n"
	"[w.sugg]\n"
	"match = (\\d+)个\n"
	"replace = $1 个\n"
	"level = warn\n"
	"[f.fix]\n"
	"match = 帐号\n"
	"replace = 账号\n"
	"message = 用“账号”\n"
	"[f.grow]\n"
	"match = a\n"
	"replace = aaaa\n"
	"[f.shrink]\n"
	"match = ABC\n"
	"replace =\n";

START_TEST(test_warn_and_fix)
{
	/* 我的的帐号有3个: 的的 at 3, 帐号 at 9, 3个 at 18. */
	static const char in[] = "我的的帐号有3个";
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, lint_table, "lint");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, in, strlen(in));

	/* A warn rule reports, with no suggestion, and changes nothing. */
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "w.dup"), m, &rec, 1), 1);
	expect_text(&rec, in);
	ck_assert_uint_eq(rec.nfindings, 1);
	expect_finding(&rec, 0, rule(&rs, "w.dup"), 3, "的的", NULL);

	/* A warn rule with a replace reports it as the suggestion. */
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "w.sugg"), m, &rec, 1), 1);
	expect_text(&rec, in);
	ck_assert_uint_eq(rec.nfindings, 2);
	expect_finding(&rec, 1, rule(&rs, "w.sugg"), 18, "3个", "3 个");

	/* A fix rule changes the text and, when tracking, reports. */
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.fix"), m, &rec, 1), 1);
	expect_text(&rec, "我的的账号有3个");
	ck_assert_uint_eq(rec.nfindings, 3);
	expect_finding(&rec, 2, rule(&rs, "f.fix"), 9, "帐号", "账号");

	/* Without check, a warn rule does nothing at all. */
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "w.dup"), m, &rec, 0), 0);
	ck_assert_uint_eq(rec.nfindings, 0);
	expect_text(&rec, in);
	zh_record_free(&rec);

	/* Without tracking, a fix rule changes the text and records
	 * nothing. */
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.fix"), m, &rec, 0), 1);
	expect_text(&rec, "我的的账号有3个");
	ck_assert_uint_eq(rec.nfindings, 0);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_warn_through_engine)
{
	/* In check mode the engine runs warn rules; their findings come in
	 * rule order, each at its input offset. */
	static const char in[] = "帐号的的";
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, lint_table, "lint");
	memset(&p, 0, sizeof p);
	p.from = ZH_SCRIPT_HANS;
	p.check = 1;
	e = zh_engine_new(&rs, &p);
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_BEFORE, &rec), 0);
	expect_text(&rec, "账号的的");
	ck_assert_uint_eq(rec.nfindings, 2);
	expect_finding(&rec, 0, rule(&rs, "w.dup"), 6, "的的", NULL);
	expect_finding(&rec, 1, rule(&rs, "f.fix"), 0, "帐号", "账号");
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_fix_delete_finding)
{
	/* A fix rule that deletes reports an empty suggestion, not none
	 * (report.h: null is for "a warning without a suggestion"), and
	 * does so whatever the matcher did before. */
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, replace_table, "replace");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, "a\xe2\x80\x8b" "b", 5);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "delete"), m, &rec, 1), 1);
	expect_text(&rec, "ab");
	ck_assert_uint_eq(rec.nfindings, 1);
	expect_finding(&rec, 0, rule(&rs, "delete"), 1, "\xe2\x80\x8b", "");

	/* The same after the matcher has built a non-empty replacement. */
	zh_record_reset(&rec, "ab", 2);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "swap"), m, &rec, 1), 1);
	zh_record_reset(&rec, "a\xe2\x80\x8b" "b", 5);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "delete"), m, &rec, 1), 1);
	expect_finding(&rec, 0, rule(&rs, "delete"), 1, "\xe2\x80\x8b", "");
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

/* ---- the origin map ----------------------------------------------------- */

START_TEST(test_origin_map)
{
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, lint_table, "lint");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);

	/* ABC中的的: after ABC is deleted, 的的 is at 3 but came from 6. */
	zh_record_reset(&rec, "ABC中的的", 12);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.shrink"), m, &rec, 1), 1);
	expect_text(&rec, "中的的");
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "w.dup"), m, &rec, 1), 1);
	expect_finding(&rec, 1, rule(&rs, "w.dup"), 6, "的的", NULL);

	/* a的的: after a grows to aaaa, 的的 is at 4 but came from 1. */
	zh_record_reset(&rec, "a的的", 7);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.grow"), m, &rec, 1), 1);
	expect_text(&rec, "aaaa的的");
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "w.dup"), m, &rec, 1), 1);
	expect_finding(&rec, 1, rule(&rs, "w.dup"), 1, "的的", NULL);

	/* Several growing matches in one rule, then a rule after them:
	 * a帐a帐号 -> aaaa帐aaaa帐号 -> aaaa帐aaaa账号; 帐号 came from 5. */
	zh_record_reset(&rec, "a帐a帐号", 11);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.grow"), m, &rec, 1), 2);
	expect_finding(&rec, 0, rule(&rs, "f.grow"), 0, "a", "aaaa");
	expect_finding(&rec, 1, rule(&rs, "f.grow"), 4, "a", "aaaa");
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "f.fix"), m, &rec, 1), 1);
	expect_text(&rec, "aaaa帐aaaa账号");
	expect_finding(&rec, 2, rule(&rs, "f.fix"), 5, "帐号", "账号");
	/* Unchanged bytes keep their origin; the end maps to the end. */
	ck_assert_uint_eq(rec.orig[4], 1);		/* 帐 */
	ck_assert_uint_eq(rec.orig[rec.text.len], 11);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

/* ---- limits ------------------------------------------------------------- */

static const char limit_table[] =
	"[before]\n"
	"match = b\n"
	"replace = B\n"
	"[cat]\n"
	"match = (a+)+$\n"
	"replace = X\n"
	"[after]\n"
	"match = !\n"
	"replace = ?\n"
	"[cat-or-x]\n"
	"match = (a+)+$|x\n"
	"replace = y\n"
	"[cat-or-x-protect]\n"
	"match = (a+)+$|x\n"
	"protect = yes\n"
	"[cat-or-x-warn]\n"
	"match = (a+)+$|x\n"
	"level = warn\n"
	"[grow]\n"
	"match = .\n"
	"replace = $0$0$0$0$0$0$0$0$0$0\n";

#define THIRTY_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

START_TEST(test_match_limit)
{
	static const char in[] = THIRTY_A "!";
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "cat"), m, &rec, 0), -1);
	expect_text(&rec, in);
	ck_assert_str_eq(zh_buf_cstr(&m->failures),
			 "rule cat: match limit exceeded\n");
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_match_limit_stage_goes_on)
{
	/* bb + 30 a + "!": the rule before and the rule after the failing
	 * one still apply; zh_rules_run counts one failure. */
	static const char in[] = "bb" THIRTY_A "!";
	struct zh_ruleset rs;
	struct zh_placement p;
	struct zh_engine *e;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	zh_ruleset_disable(&rs, "cat-*");
	zh_ruleset_disable(&rs, "grow");
	memset(&p, 0, sizeof p);
	p.from = ZH_SCRIPT_HANS;
	e = zh_engine_new(&rs, &p);
	expect_stage(e, ZH_STAGE_BEFORE, "before cat after", "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, in, strlen(in));
	ck_assert_uint_eq(zh_rules_run(e, m, ZH_STAGE_BEFORE, &rec), 1);
	expect_text(&rec, "BB" THIRTY_A "?");
	ck_assert_str_eq(zh_buf_cstr(&m->failures),
			 "rule cat: match limit exceeded\n");
	ck_assert_uint_eq(m->fired[rule(&rs, "before") - rs.rules], 2);
	ck_assert_uint_eq(m->fired[rule(&rs, "cat") - rs.rules], 0);
	ck_assert_uint_eq(m->fired[rule(&rs, "after") - rs.rules], 1);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_engine_free(e);
	zh_ruleset_free(&rs);
}
END_TEST

/* x + space + 30 a + "!": rules whose pattern matches x, then hits the
 * match limit.  The record must then be as it was before the call
 * (rules.h): its text, but also its findings and protected ranges. */
static const char x_then_cat[] = "x " THIRTY_A "!";

START_TEST(test_match_limit_after_a_match_fix)
{
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, x_then_cat, strlen(x_then_cat));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "cat-or-x"), m, &rec, 1), -1);
	expect_text(&rec, x_then_cat);
	ck_assert_str_eq(zh_buf_cstr(&m->failures),
			 "rule cat-or-x: match limit exceeded\n");
	ck_assert_msg(rec.nfindings == 0,
		      "a failed fix rule left %zu finding(s)", rec.nfindings);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_match_limit_after_a_match_warn)
{
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, x_then_cat, strlen(x_then_cat));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "cat-or-x-warn"), m, &rec, 1), -1);
	expect_text(&rec, x_then_cat);
	ck_assert_str_eq(zh_buf_cstr(&m->failures),
			 "rule cat-or-x-warn: match limit exceeded\n");
	ck_assert_msg(rec.nfindings == 0,
		      "a failed warn rule left %zu finding(s)", rec.nfindings);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_match_limit_after_a_match_protect)
{
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;

	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, x_then_cat, strlen(x_then_cat));
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "cat-or-x-protect"), m, &rec, 1), -1);
	expect_text(&rec, x_then_cat);
	ck_assert_str_eq(zh_buf_cstr(&m->failures),
			 "rule cat-or-x-protect: match limit exceeded\n");
	ck_assert_msg(rec.nprot == 0,
		      "a failed protect rule left %zu protected range(s)",
		      rec.nprot);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
}
END_TEST

START_TEST(test_growth_limit)
{
	/* 20000 bytes, each replaced by 10 copies: 200000 bytes is more
	 * than 4 x 20000 + 64 KiB. */
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;
	char *in = malloc(20001);

	ck_assert_ptr_nonnull(in);
	memset(in, 'z', 20000);
	in[20000] = '\0';
	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, in, 20000);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "grow"), m, &rec, 1), -1);
	expect_text(&rec, in);
	ck_assert_msg(strncmp(zh_buf_cstr(&m->failures), "rule grow: ", 11) == 0 &&
		      strstr(zh_buf_cstr(&m->failures), "too long") != NULL,
		      "failures: %s", zh_buf_cstr(&m->failures));

	/* Within the limit the same rule works: 100 -> 1000 bytes. */
	zh_buf_clear(&m->failures);
	zh_record_reset(&rec, in, 100);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "grow"), m, &rec, 0), 100);
	ck_assert_uint_eq(rec.text.len, 1000);
	ck_assert_uint_eq(m->failures.len, 0);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
	free(in);
}
END_TEST

START_TEST(test_growth_limit_no_findings_left)
{
	/* When tracking, the findings of the matches before the limit was
	 * hit go with the rest of the failed rule's work. */
	struct zh_ruleset rs;
	struct zh_matcher *m;
	struct zh_record rec;
	char *in = malloc(20000);

	ck_assert_ptr_nonnull(in);
	memset(in, 'z', 20000);
	zh_ruleset_init(&rs);
	load(&rs, limit_table, "limits");
	m = zh_matcher_new(&rs);
	zh_record_init(&rec, 1);
	zh_record_reset(&rec, in, 20000);
	ck_assert_int_eq(zh_rule_apply(rule(&rs, "grow"), m, &rec, 1), -1);
	ck_assert_msg(rec.nfindings == 0,
		      "a failed rule left %zu finding(s)", rec.nfindings);
	zh_record_free(&rec);
	zh_matcher_free(m);
	zh_ruleset_free(&rs);
	free(in);
}
END_TEST

/* ---- records: commit and protected ranges ------------------------------- */

START_TEST(test_commit_moves_protected)
{
	struct zh_record rec;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, "abcdefghij", 10);
	zh_record_protect(&rec, 4, 6);		/* "ef" */
	zh_record_protect(&rec, 8, 9);		/* "i" */

	/* Growth before both ranges moves both. */
	zh_record_begin(&rec);
	zh_record_replace(&rec, 1, 2, "XYZ", 3);	/* b -> XYZ */
	ck_assert_uint_eq(zh_record_commit(&rec), 1);
	expect_text(&rec, "aXYZcdefghij");
	ck_assert_uint_eq(rec.prot[0].start, 6);
	ck_assert_uint_eq(rec.prot[0].end, 8);
	ck_assert_uint_eq(rec.prot[1].start, 10);
	ck_assert_uint_eq(rec.prot[1].end, 11);

	/* Shrinking between them moves only the second. */
	zh_record_begin(&rec);
	zh_record_replace(&rec, 8, 10, "", 0);		/* "gh" */
	ck_assert_uint_eq(zh_record_commit(&rec), 1);
	expect_text(&rec, "aXYZcdefij");
	ck_assert_uint_eq(rec.prot[0].start, 6);
	ck_assert_uint_eq(rec.prot[0].end, 8);
	ck_assert_uint_eq(rec.prot[1].start, 8);
	ck_assert_uint_eq(rec.prot[1].end, 9);

	/* Several edits, before and after the ranges. */
	zh_record_begin(&rec);
	zh_record_replace(&rec, 0, 4, "", 0);		/* aXYZ */
	zh_record_replace(&rec, 5, 5, "+++", 3);	/* insert before d */
	zh_record_replace(&rec, 9, 10, "JJ", 2);	/* j -> JJ */
	ck_assert_uint_eq(zh_record_commit(&rec), 3);
	expect_text(&rec, "c+++defiJJ");
	ck_assert_uint_eq(rec.prot[0].start, 5);
	ck_assert_uint_eq(rec.prot[0].end, 7);
	ck_assert_uint_eq(rec.prot[1].start, 7);
	ck_assert_uint_eq(rec.prot[1].end, 8);

	/* No edits: nothing changes. */
	zh_record_begin(&rec);
	ck_assert_uint_eq(zh_record_commit(&rec), 0);
	expect_text(&rec, "c+++defiJJ");
	ck_assert_uint_eq(rec.prot[0].start, 5);

	/* Abandoning keeps the current text. */
	zh_record_begin(&rec);
	zh_record_replace(&rec, 0, 1, "QQQ", 3);
	zh_record_abandon(&rec);
	expect_text(&rec, "c+++defiJJ");
	ck_assert_uint_eq(rec.prot[0].start, 5);
	zh_record_free(&rec);
}
END_TEST

START_TEST(test_commit_origins)
{
	struct zh_record rec;
	size_t i;

	zh_record_init(&rec, 1);
	zh_record_reset(&rec, "abcdef", 6);
	for (i = 0; i <= 6; i++)
		ck_assert_uint_eq(rec.orig[i], i);
	zh_record_begin(&rec);
	zh_record_replace(&rec, 1, 3, "X", 1);		/* bc -> X */
	zh_record_replace(&rec, 4, 4, "YY", 2);		/* insert before e */
	zh_record_commit(&rec);
	expect_text(&rec, "aXdYYef");
	ck_assert_uint_eq(rec.orig[0], 0);	/* a */
	ck_assert_uint_eq(rec.orig[1], 1);	/* X came from bc */
	ck_assert_uint_eq(rec.orig[2], 3);	/* d */
	ck_assert_uint_eq(rec.orig[3], 4);	/* YY inserted at e */
	ck_assert_uint_eq(rec.orig[4], 4);
	ck_assert_uint_eq(rec.orig[5], 4);	/* e */
	ck_assert_uint_eq(rec.orig[6], 5);	/* f */
	ck_assert_uint_eq(rec.orig[7], 6);	/* the end */
	/* A finding at a current offset maps to the input. */
	zh_record_finding(&rec, NULL, 6, "f", 1, "F", 1);
	ck_assert_uint_eq(rec.findings[0].orig, 5);
	zh_record_free(&rec);
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *repl = tcase_create("replace");
	TCase *place = tcase_create("placement");
	TCase *prot = tcase_create("protect");
	TCase *empty = tcase_create("empty");
	TCase *lint = tcase_create("warn-fix");
	TCase *limits = tcase_create("limits");
	TCase *record = tcase_create("record");

	tcase_add_test(repl, test_global_replace);
	tcase_add_test(repl, test_replace_invalid_utf8_subject);
	suite_add_tcase(s, repl);

	tcase_add_test(place, test_place_s2t);
	tcase_add_test(place, test_place_t2s);
	tcase_add_test(place, test_place_s2tw);
	tcase_add_test(place, test_place_tw2s);
	tcase_add_test(place, test_place_s2hk);
	tcase_add_test(place, test_place_t2tw);
	tcase_add_test(place, test_place_t2jp);
	tcase_add_test(place, test_place_none);
	tcase_add_test(place, test_place_check);
	tcase_add_test(place, test_place_disable_glob);
	tcase_add_test(place, test_place_empty_set);
	tcase_add_test(place, test_run_stages);
	suite_add_tcase(s, place);

	tcase_add_test(prot, test_protect_url);
	tcase_add_test(prot, test_protect_engine);
	tcase_add_test(prot, test_protect_context);
	tcase_add_test(prot, test_protect_ranges_merge);
	tcase_add_test(prot, test_protect_ranges_model);
	suite_add_tcase(s, prot);

	tcase_add_test(empty, test_empty_matches);
	tcase_add_test(empty, test_empty_match_protected);
	suite_add_tcase(s, empty);

	tcase_add_test(lint, test_warn_and_fix);
	tcase_add_test(lint, test_warn_through_engine);
	tcase_add_test(lint, test_origin_map);
	tcase_add_test(lint, test_fix_delete_finding);
	suite_add_tcase(s, lint);

	tcase_add_test(limits, test_match_limit);
	tcase_add_test(limits, test_match_limit_stage_goes_on);
	tcase_add_test(limits, test_match_limit_after_a_match_fix);
	tcase_add_test(limits, test_match_limit_after_a_match_warn);
	tcase_add_test(limits, test_match_limit_after_a_match_protect);
	tcase_add_test(limits, test_growth_limit);
	tcase_add_test(limits, test_growth_limit_no_findings_left);
	tcase_set_timeout(limits, 120);
	suite_add_tcase(s, limits);

	tcase_add_test(record, test_commit_moves_protected);
	tcase_add_test(record, test_commit_origins);
	suite_add_tcase(s, record);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(rules_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
