/*
 * convert.c - the conversion stage (see convert.h).
 *
 * OpenCC is called through its C API: opencc_convert_utf8 returns a new
 * string that must be freed with opencc_convert_utf8_free (the _to_buffer
 * variant writes without a size limit, so it is not used).  One converter
 * belongs to one thread.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <opencc/opencc.h>

#include "convert.h"
#include "utf8.h"

const struct zh_config_info zh_configs[] = {
	{ "s2t", "Simplified to Traditional (OpenCC standard)",
	  ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, 0, 0 },
	{ "t2s", "Traditional (OpenCC standard) to Simplified",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0 },
	{ "s2tw", "Simplified to Traditional, Taiwan standard",
	  ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_TW, 0 },
	{ "tw2s", "Traditional, Taiwan standard, to Simplified",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0 },
	{ "s2twp", "Simplified to Traditional, Taiwan standard, with Taiwan phrases",
	  ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_TW, 0 },
	{ "tw2sp", "Traditional, Taiwan standard, to Simplified, with mainland phrases",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0 },
	{ "s2hk", "Simplified to Traditional, Hong Kong standard",
	  ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_HK, 0 },
	{ "hk2s", "Traditional, Hong Kong standard, to Simplified",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 0 },
	{ "t2tw", "Traditional (OpenCC standard) to Taiwan standard",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, ZH_REGION_TW, 0 },
	{ "tw2t", "Traditional, Taiwan standard, to OpenCC standard",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, 0, 0 },
	{ "t2hk", "Traditional (OpenCC standard) to Hong Kong standard",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, ZH_REGION_HK, 0 },
	{ "hk2t", "Traditional, Hong Kong standard, to OpenCC standard",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANT, 0, 0 },
	{ "t2jp", "Traditional (kyujitai) to Japanese shinjitai",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_JPAN, 0, 0 },
	{ "jp2t", "Japanese shinjitai to Traditional (kyujitai)",
	  ZH_SCRIPT_JPAN, ZH_SCRIPT_HANT, 0, 0 },
	{ "s2hkp", "Simplified to Traditional, Hong Kong standard, with Hong Kong phrases (OpenCC 1.4 data)",
	  ZH_SCRIPT_HANS, ZH_SCRIPT_HANT, ZH_REGION_HK, 1 },
	{ "hk2sp", "Traditional, Hong Kong standard, to Simplified, with mainland phrases (OpenCC 1.4 data)",
	  ZH_SCRIPT_HANT, ZH_SCRIPT_HANS, ZH_REGION_CN, 1 },
	{ NULL, NULL, ZH_SCRIPT_ANY, ZH_SCRIPT_ANY, 0, 0 }
};

struct zh_converter {
	opencc_t oc;		/* libopencc, or ... */
	struct zh_cc *cc;	/* ... the native engine */
	int skip_ascii;
};

/* Guards OpenCC's global error string (see zh_converter_open). */
static pthread_mutex_t opencc_lock = PTHREAD_MUTEX_INITIALIZER;

const struct zh_config_info *
zh_config_find(const char *name)
{
	size_t n = strlen(name);
	int i;

	if (n > 5 && strcmp(name + n - 5, ".json") == 0)
		n -= 5;
	for (i = 0; zh_configs[i].name != NULL; i++)
		if (strlen(zh_configs[i].name) == n &&
		    strncmp(zh_configs[i].name, name, n) == 0)
			return &zh_configs[i];
	return NULL;
}

struct zh_converter *
zh_converter_open(const char *path, struct zh_error *err)
{
	return zh_converter_open_with(path, NULL, err);
}

static struct zh_converter *
open_native(const char *path, const struct zh_convert_opts *opt,
	    struct zh_error *err)
{
	struct zh_converter *c;
	struct zh_cc *cc;
	struct zh_buf b = ZH_BUF_INIT;

	/* A bare name, as for OpenCC, is a file of the data directory. */
	if (strchr(path, '/') == NULL && access(path, R_OK) != 0 &&
	    opt->cc.datadir != NULL) {
		zh_buf_printf(&b, "%s/%s", opt->cc.datadir, path);
		path = b.data;
	}
	cc = zh_cc_open(path, &opt->cc, err);
	zh_buf_free(&b);
	if (cc == NULL)
		return NULL;
	c = zh_xcalloc(1, sizeof *c);
	c->cc = cc;
	return c;
}

struct zh_converter *
zh_converter_open_with(const char *path, const struct zh_convert_opts *opt,
		       struct zh_error *err)
{
	struct zh_converter *c;
	opencc_t oc;

	if (opt != NULL && opt->engine == ZH_ENGINE_NATIVE)
		return open_native(path, opt, err);

	/* One open at a time: a failing open writes OpenCC's one global
	 * error string, which opencc.h says is not thread-safe. */
	pthread_mutex_lock(&opencc_lock);
	oc = opencc_open(path);
	if (oc == (opencc_t)-1) {
		const char *why = opencc_error();

		zh_error_set(err, path, 0, 0, "cannot open OpenCC config: %s",
			     why != NULL && *why != '\0' ? why : "unknown error");
		pthread_mutex_unlock(&opencc_lock);
		return NULL;
	}
	pthread_mutex_unlock(&opencc_lock);
	c = zh_xcalloc(1, sizeof *c);
	c->oc = oc;
	return c;
}

void
zh_converter_skip_ascii(struct zh_converter *c, int on)
{
	c->skip_ascii = on;
}

static int
all_ascii(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			return 0;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return 0;
	return 1;
}

void
zh_converter_close(struct zh_converter *c)
{
	if (c == NULL)
		return;
	if (c->cc != NULL)
		zh_cc_close(c->cc);
	else
		opencc_close(c->oc);
	free(c);
}

int
zh_converter_run(struct zh_converter *c, const char *s, size_t n,
		 struct zh_buf *out, struct zh_error *err)
{
	const char *why;
	char *r;

	if (n == 0)
		return 0;
	if (c->cc != NULL) {
		zh_cc_convert(c->cc, s, n, out);
		return 0;
	}
	r = opencc_convert_utf8(c->oc, s, n);
	if (r == NULL) {
		/* Conversions run in parallel and cannot all take the lock;
		 * it at least keeps two failing workers from copying the
		 * global error string at once.  (Given only valid, NUL-free
		 * UTF-8, as convert_gap does, OpenCC fails here only when
		 * memory runs out.) */
		pthread_mutex_lock(&opencc_lock);
		why = opencc_error();
		zh_error_set(err, NULL, 0, 0, "conversion failed: %s",
			     why != NULL ? why : "unknown error");
		pthread_mutex_unlock(&opencc_lock);
		return -1;
	}
	zh_buf_append(out, r, strlen(r));
	opencc_convert_utf8_free(r);
	return 0;
}

/*
 * In tracking mode, a converted run is compared with its source character
 * by character so that each finding names just the characters that
 * changed.  Conversion mostly maps characters one to one; where lengths
 * differ (算法 -> 演算法), the two sides are re-synchronised at the nearest
 * point where three characters agree again.
 */
#define SYNC_LOOKAHEAD 8

static size_t
next_char(const char *s, size_t n, size_t i)
{
	int len = zh_utf8_seqlen(s + i, n - i);

	return i + (len > 0 ? (size_t)len : 1);
}

/* Do A[i..) and B[j..) agree on their next NEED characters (or both end
 * before that)? */
static int
in_sync(const char *a, size_t an, size_t i, const char *b, size_t bn, size_t j,
	int need)
{
	int k;

	for (k = 0; k < need; k++) {
		size_t i2, j2;

		if (i >= an || j >= bn)
			return i >= an && j >= bn;
		i2 = next_char(a, an, i);
		j2 = next_char(b, bn, j);
		if (i2 - i != j2 - j || memcmp(a + i, b + j, i2 - i) != 0)
			return 0;
		i = i2;
		j = j2;
	}
	return 1;
}

/*
 * Splits a converted run into hunks of change.  A[0..AN) is the source
 * (at BASE in the current text), B[0..BN) what OpenCC made of it (at NBASE
 * in the next version).  Each hunk becomes an edit and a finding.  After a
 * difference, the two sides are taken to be back in step at the nearest
 * point where, for a one-for-one substitution, the next character agrees,
 * or, where the lengths differ, the next three do.
 */
static long
diff_runs(struct zh_record *rec, size_t base, const char *a, size_t an,
	  size_t nbase, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	long hunks = 0;

	while (i < an || j < bn) {
		size_t i2, j2, si, sj, bi, bj;
		int di, dj, best = -1;

		if (i < an && j < bn) {
			i2 = next_char(a, an, i);
			j2 = next_char(b, bn, j);
			if (i2 - i == j2 - j && memcmp(a + i, b + j, i2 - i) == 0) {
				i = i2;
				j = j2;
				continue;
			}
		}
		/* A difference starts at (i, j): find the nearest resync. */
		bi = an;
		bj = bn;
		for (di = 0, si = i; di <= SYNC_LOOKAHEAD && (best < 0 || di < best); di++) {
			for (dj = 0, sj = j; dj <= SYNC_LOOKAHEAD; dj++) {
				if ((di > 0 || dj > 0) &&
				    in_sync(a, an, si, b, bn, sj, di == dj ? 1 : 3)) {
					if (best < 0 || di + dj < best) {
						best = di + dj;
						bi = si;
						bj = sj;
					}
					break;
				}
				if (sj >= bn)
					break;
				sj = next_char(b, bn, sj);
			}
			if (si >= an)
				break;
			si = next_char(a, an, si);
		}
		zh_record_edit(rec, base + i, base + bi, nbase + j, nbase + bj);
		zh_record_finding(rec, NULL, base + i, a + i, bi - i, b + j, bj - j);
		hunks++;
		i = bi;
		j = bj;
	}
	return hunks;
}

/* Converts TEXT[start, end) of the record, a run that OpenCC can take. */
static int
convert_run(struct zh_converter *c, struct zh_record *rec, size_t start,
	    size_t end, long *changes, struct zh_error *err)
{
	const char *src = rec->text.data + start;
	size_t n = end - start, nstart;

	if (c->skip_ascii && all_ascii(src, n))
		return 0;	/* kept as it is when the record commits */
	zh_record_keep(rec, start);
	nstart = rec->next.len;
	if (zh_converter_run(c, src, n, &rec->next, err) < 0)
		return -1;
	if (rec->next.len - nstart == n &&
	    memcmp(rec->next.data + nstart, src, n) == 0) {
		/* Unchanged: nothing to record. */
		rec->done = end;
		return 0;
	}
	if (rec->track) {
		/* Record each changed piece, for findings and columns. */
		*changes += diff_runs(rec, start, src, n, nstart,
				      rec->next.data + nstart,
				      rec->next.len - nstart);
		rec->done = end;
	} else {
		(*changes)++;
		zh_record_replaced(rec, start, end, nstart);
	}
	return 0;
}

/* Converts the valid, NUL-free runs of TEXT[start, end). */
static int
convert_gap(struct zh_converter *c, struct zh_record *rec, size_t start,
	    size_t end, long *changes, struct zh_error *err)
{
	const char *s = rec->text.data;

	while (start < end) {
		/* A line the reader has validated is not validated again. */
		size_t valid = rec->valid ? end - start :
			       zh_utf8_valid_prefix(s + start, end - start);
		const char *nul = memchr(s + start, '\0', valid);
		size_t run = nul != NULL ? (size_t)(nul - (s + start)) : valid;

		if (run > 0 && convert_run(c, rec, start, start + run,
					   changes, err) < 0)
			return -1;
		start += run;
		if (start < end) {
			/* Skip a NUL or an invalid byte: it is kept as it is. */
			start++;
		}
	}
	return 0;
}

long
zh_convert_record(struct zh_converter *c, struct zh_record *rec,
		  struct zh_error *err)
{
	size_t pos = 0, i;
	long changes = 0;

	zh_record_begin(rec);
	for (i = 0; i <= rec->nprot; i++) {
		size_t gap_end = i < rec->nprot ? rec->prot[i].start : rec->text.len;

		if (convert_gap(c, rec, pos, gap_end, &changes, err) < 0) {
			zh_record_abandon(rec);
			return -1;
		}
		if (i < rec->nprot)
			pos = rec->prot[i].end;
	}
	zh_record_commit(rec);
	return changes;
}
