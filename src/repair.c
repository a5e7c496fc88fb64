/*
 * repair.c - Simplified residue in Traditional text (see repair.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repair.h"
#include "script.h"
#include "table.h"
#include "utf8.h"

struct zh_repair {
	struct zh_cc *t2s, *full, *phrases;
	struct zh_buf simp, back, phr;	/* the round trips of a run */
	struct zh_buf out;	/* the repaired run */
};

static struct zh_rule repair_rule = {
	.id = (char *)ZH_REPAIR_ID,
	.file = "(built in)",
	.table = "residue",
	.script = ZH_SCRIPT_HANT,
	.level = ZH_LEVEL_FIX,
	.message = (char *)"Simplified residue in Traditional text, converted "
		   "with the phrases around it; -{...}- keeps one occurrence",
};

const struct zh_rule *
zh_repair_rule(void)
{
	return &repair_rule;
}

struct zh_repair *
zh_repair_open(const struct zh_repair_conf *conf, struct zh_error *err)
{
	struct zh_repair *r = zh_xcalloc(1, sizeof *r);

	if ((r->t2s = zh_cc_open(conf->t2s, &conf->cc, err)) == NULL ||
	    (r->full = zh_cc_open(conf->full, &conf->cc, err)) == NULL ||
	    (r->phrases = zh_cc_open(conf->phrases, &conf->cc, err)) == NULL) {
		zh_repair_close(r);
		return NULL;
	}
	return r;
}

void
zh_repair_close(struct zh_repair *r)
{
	if (r == NULL)
		return;
	zh_cc_close(r->t2s);
	zh_cc_close(r->full);
	zh_cc_close(r->phrases);
	zh_buf_free(&r->simp);
	zh_buf_free(&r->back);
	zh_buf_free(&r->phr);
	zh_buf_free(&r->out);
	free(r);
}

/* Pairs (from, to) never changed: both are right in Traditional text
 * (台灣 and 臺灣 alike, in Taiwan and in Hong Kong). */
static int
kept_pair(uint32_t from, uint32_t to)
{
	return from == 0x53F0 && to == 0x81FA;	/* 台 -> 臺 */
}

/*
 * The Simplified characters whose Traditional form a phrase may repair:
 * those of both scripts that are frequent residue in machine-made
 * Traditional text (于 for 於, 后 for 後, 干 for 幹, 采 for 採, 里 for
 * 裡, 辟 for 闢, 么 for 麼 ...).
 * Left out are those a phrase would change in classical or literary
 * text written in Traditional (谷風 of the Book of Songs, 僕夫, 卷髮,
 * 云): there the input is right and the phrase is not; and 周, which
 * Hong Kong writes in 周末 where Taiwan writes 週末.
 */
static const char phrase_repairable[] =
	"于余准几划制只台后干征志斗松系筑致范表采里面辟么";

static int
repairable(uint32_t cp)
{
	const char *s = phrase_repairable;
	size_t i = 0, n = sizeof phrase_repairable - 1;
	uint32_t c;
	int len;

	while (i < n && (len = zh_utf8_decode(s + i, n - i, &c)) > 0) {
		if (c == cp)
			return 1;
		i += (size_t)len;
	}
	return 0;
}

/* A Traditional character a converter picked for the wrong word, and the
 * one a phrase puts there: only 乾 and 幹 (乾部 for 幹部, 幹淨 for
 * 乾淨).  Others look the same but are right in classical text written
 * in Traditional (長發 of the Book of Songs, 鍾鼓, 復關), so they stay. */
static int
wrong_pick(uint32_t from, uint32_t to)
{
	return (from == 0x4E7E && to == 0x5E79) || (from == 0x5E79 && to == 0x4E7E);
}

/*
 * Does a phrase that starts at the character at r->simp[AT] give it
 * another form than TO[0..TLEN), the one the phrase over it gives?
 * Then forward matching may have cut the text wrongly: in 有关系统 the
 * phrase 关系 would make 系 係, but 系统 keeps it (系統); in 被发送, 被发
 * would make 髮, but 发送 makes 發.  The repair takes neither.
 */
static int
contradicted(struct zh_repair *r, size_t at, const char *to, size_t tlen)
{
	const char *val;
	size_t vlen, klen, cl;

	klen = zh_cc_match(r->phrases, r->simp.data + at, r->simp.len - at,
			   &val, &vlen);
	cl = (size_t)zh_utf8_lead_len(r->simp.data[at]);
	if (klen <= cl || vlen == 0)
		return 0;
	return (size_t)zh_utf8_lead_len(val[0]) != tlen || memcmp(val, to, tlen) != 0;
}

/* Decodes one character of S[*i..N) (valid UTF-8), moving *I past it. */
static uint32_t
next_cp(const char *s, size_t n, size_t *i)
{
	uint32_t cp = 0;
	int len = zh_utf8_decode(s + *i, n - *i, &cp);

	*i += len > 0 ? (size_t)len : 1;
	return cp;
}

/* Repairs the run IN[0..N) into r->out; returns the characters changed,
 * 0 when the run stays as it is (r->out is then undefined). */
static long
repair_run(struct zh_repair *r, const char *in, size_t n)
{
	size_t a = 0, b = 0, c = 0, d = 0, a0, b0, d0, p0;
	long changed = 0;

	zh_buf_clear(&r->simp);
	zh_buf_clear(&r->back);
	zh_buf_clear(&r->phr);
	zh_buf_clear(&r->out);
	zh_cc_convert(r->t2s, in, n, &r->simp);
	zh_cc_convert(r->full, r->simp.data, r->simp.len, &r->back);
	zh_cc_convert(r->phrases, r->simp.data, r->simp.len, &r->phr);
	while (a < n) {
		uint32_t ci, cs, cb, cp;

		if (b >= r->simp.len || c >= r->back.len || d >= r->phr.len)
			return 0;	/* the lengths differ */
		a0 = a;
		b0 = b;
		d0 = c;
		p0 = d;
		ci = next_cp(in, n, &a);
		cs = next_cp(r->simp.data, r->simp.len, &b);
		cb = next_cp(r->back.data, r->back.len, &c);
		cp = next_cp(r->phr.data, r->phr.len, &d);
		if (cb != ci && !kept_pair(ci, cb) &&
		    ((zh_script_hans_only(ci) && !zh_script_hans_only(cb)) ||
		     (cp != cs && (ci == cs ? repairable(cs) : wrong_pick(ci, cb)) &&
		      !contradicted(r, b0, r->phr.data + p0, d - p0)))) {
			zh_buf_append(&r->out, r->back.data + d0, c - d0);
			changed++;
		} else
			zh_buf_append(&r->out, in + a0, a - a0);
	}
	if (b != r->simp.len || c != r->back.len || d != r->phr.len)
		return 0;
	return changed;
}

/* Records the difference between the run OLD[0..N) at BASE and the
 * repaired r->out, one character at a time: consecutive changed
 * characters make one edit and one finding.  Both have the same number of
 * characters. */
static void
record_run(struct zh_repair *r, struct zh_record *rec, size_t base,
	   const char *old, size_t n)
{
	const char *s = r->out.data;
	size_t i = 0, j = 0, nbase = rec->next.len;

	zh_buf_append(&rec->next, s, r->out.len);
	while (i < n) {
		size_t i0 = i, j0 = j, i1, j1;

		i1 = i + (size_t)zh_utf8_lead_len(old[i]);
		j1 = j + (size_t)zh_utf8_lead_len(s[j]);
		if (i1 - i == j1 - j && memcmp(old + i, s + j, i1 - i) == 0) {
			i = i1;
			j = j1;
			continue;
		}
		/* A changed stretch: up to the next character that agrees. */
		while (i < n) {
			i1 = i + (size_t)zh_utf8_lead_len(old[i]);
			j1 = j + (size_t)zh_utf8_lead_len(s[j]);
			if (i1 - i == j1 - j && memcmp(old + i, s + j, i1 - i) == 0)
				break;
			i = i1;
			j = j1;
		}
		zh_record_edit(rec, base + i0, base + i, nbase + j0, nbase + j);
		zh_record_finding(rec, &repair_rule, base + i0, old + i0, i - i0,
				  s + j0, j - j0);
	}
}

/* Is the character at S (valid UTF-8, not ASCII) punctuation or a space:
 * general punctuation, CJK symbols and punctuation, vertical and small
 * forms, fullwidth and halfwidth forms?  No phrase spans one, so runs end
 * there, and a run that the round trip lengthens costs only its clause. */
static int
separator(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (u[0] < 0xE0 || u[0] >= 0xF0)
		return 0;
	cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
	     (u[2] & 0x3F);
	return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF65);
}

/* Repairs each run of non-ASCII characters of TEXT[start, end), valid
 * UTF-8 without NUL bytes, between punctuation. */
static long
repair_gap(struct zh_repair *r, struct zh_record *rec, size_t start,
	   size_t end)
{
	const char *s = rec->text.data;
	long changes = 0, k;

	while (start < end) {
		size_t run;

		while (start < end && ((unsigned char)s[start] < 0x80 ||
				       separator(s + start)))
			start += (unsigned char)s[start] < 0x80 ? 1 :
				 (size_t)zh_utf8_lead_len(s[start]);
		for (run = start; run < end && (unsigned char)s[run] >= 0x80 &&
		     !separator(s + run);)
			run += (size_t)zh_utf8_lead_len(s[run]);
		if (run == start)
			break;
		if ((k = repair_run(r, s + start, run - start)) > 0) {
			zh_record_keep(rec, start);
			if (rec->track) {
				record_run(r, rec, start, s + start, run - start);
				rec->done = run;
			} else {
				size_t nstart = rec->next.len;

				zh_buf_append(&rec->next, r->out.data, r->out.len);
				zh_record_replaced(rec, start, run, nstart);
			}
			changes += k;
		}
		start = run;
	}
	return changes;
}

long
zh_repair_record(struct zh_repair *r, struct zh_record *rec)
{
	size_t pos = 0, i;
	long changes = 0;

	zh_record_begin(rec);
	for (i = 0; i <= rec->nprot; i++) {
		size_t gap_end = i < rec->nprot ? rec->prot[i].start : rec->text.len;
		const char *s = rec->text.data;

		while (pos < gap_end) {
			size_t valid = rec->valid ? gap_end - pos :
				       zh_utf8_valid_prefix(s + pos, gap_end - pos);
			const char *nul = memchr(s + pos, '\0', valid);
			size_t run = nul != NULL ? (size_t)(nul - (s + pos)) : valid;

			changes += repair_gap(r, rec, pos, pos + run);
			pos += run;
			if (pos < gap_end)
				pos++;	/* a NUL or an invalid byte stays */
		}
		if (i < rec->nprot)
			pos = rec->prot[i].end;
	}
	if (changes > 0)
		zh_record_commit(rec);
	else
		zh_record_abandon(rec);
	return changes;
}
