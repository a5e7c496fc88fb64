/*
 * check_pipeline.c - unit tests of the pipeline (pipeline.c) and of the
 * --check report formats (report.c): chunks of lines through OpenCC with
 * line ends, byte order marks and invalid UTF-8, and findings as text and
 * as JSON.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "pipeline.h"
#include "reader.h"
#include "report.h"
#include "rules.h"
#include "table.h"
#include "utf8.h"

#define HAN_S	"\xe6\xb1\x89"	/* 汉 */
#define HAN_T	"\xe6\xbc\xa2"	/* 漢 */
#define ZI	"\xe5\xad\x97"	/* 字 */
#define YI	"\xe4\xbb\xa5"	/* 以 */
#define HOU_S	"\xe5\x90\x8e"	/* 后 */
#define HOU_T	"\xe5\xbe\x8c"	/* 後 */
#define FA_S	"\xe5\x8f\x91"	/* 发 */
#define FA_T	"\xe7\x99\xbc"	/* 發 */
#define ZHAN	"\xe5\xb1\x95"	/* 展 */
#define BOM	"\xef\xbb\xbf"
#define LQ	"\xe2\x80\x9c"	/* “ */
#define RQ	"\xe2\x80\x9d"	/* ” */
#define ARROW	"\xe2\x86\x92"	/* → */

#define THIRTY_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static struct zh_error err;

/* ---- a small JSON reader, to check that reports are valid JSON ---------- */

#define MAX_FIELDS 16

struct jfield {
	char key[32];
	int type;		/* 's' string, 'n' number, 'z' null, 'b' bool */
	char str[512];		/* decoded string, or the number as written */
};

struct jobject {
	struct jfield f[MAX_FIELDS];
	int n;
};

struct jparser {
	const char *p, *end;
};

static void
jws(struct jparser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
				   *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static int
jhex4(struct jparser *jp, unsigned long *cp)
{
	int i;

	*cp = 0;
	if (jp->end - jp->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = *jp->p++;

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Reads a JSON string into OUT (decoded, NUL-terminated). */
static int
jstring(struct jparser *jp, char *out, size_t size)
{
	struct zh_buf b = ZH_BUF_INIT;
	int rc = -1;

	if (jp->p >= jp->end || *jp->p != '"')
		return -1;
	jp->p++;
	while (jp->p < jp->end) {
		unsigned char c = (unsigned char)*jp->p;

		if (c == '"') {
			jp->p++;
			if (b.len < size) {
				if (b.len > 0)
					memcpy(out, b.data, b.len);
				out[b.len] = '\0';
				rc = 0;
			}
			break;
		}
		if (c < 0x20)
			break;		/* raw control character */
		if (c == '\\') {
			unsigned long cp, lo;

			if (++jp->p >= jp->end)
				break;
			c = (unsigned char)*jp->p++;
			switch (c) {
			case '"': case '\\': case '/':
				zh_buf_putc(&b, c);
				continue;
			case 'b': zh_buf_putc(&b, '\b'); continue;
			case 'f': zh_buf_putc(&b, '\f'); continue;
			case 'n': zh_buf_putc(&b, '\n'); continue;
			case 'r': zh_buf_putc(&b, '\r'); continue;
			case 't': zh_buf_putc(&b, '\t'); continue;
			case 'u':
				if (jhex4(jp, &cp) < 0)
					goto out;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (jp->end - jp->p < 6 || jp->p[0] != '\\' ||
					    jp->p[1] != 'u')
						goto out;
					jp->p += 2;
					if (jhex4(jp, &lo) < 0 || lo < 0xDC00 ||
					    lo > 0xDFFF)
						goto out;
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
				} else if (cp >= 0xDC00 && cp <= 0xDFFF)
					goto out;
				zh_buf_put_utf8(&b, cp);
				continue;
			default:
				goto out;
			}
		}
		{
			int len = zh_utf8_seqlen(jp->p, (size_t)(jp->end - jp->p));

			if (len == 0)
				break;	/* JSON text must be valid UTF-8 */
			zh_buf_append(&b, jp->p, (size_t)len);
			jp->p += len;
		}
	}
out:
	zh_buf_free(&b);
	return rc;
}

/* Parses exactly one JSON object with scalar values from S[0..N). */
static int
jobject_parse(const char *s, size_t n, struct jobject *o)
{
	struct jparser jp = { s, s + n };

	memset(o, 0, sizeof *o);
	jws(&jp);
	if (jp.p >= jp.end || *jp.p++ != '{')
		return -1;
	jws(&jp);
	if (jp.p < jp.end && *jp.p == '}') {
		jp.p++;
		goto done;
	}
	for (;;) {
		struct jfield *f;

		if (o->n == MAX_FIELDS)
			return -1;
		f = &o->f[o->n++];
		jws(&jp);
		if (jstring(&jp, f->key, sizeof f->key) < 0)
			return -1;
		jws(&jp);
		if (jp.p >= jp.end || *jp.p++ != ':')
			return -1;
		jws(&jp);
		if (jp.p >= jp.end)
			return -1;
		if (*jp.p == '"') {
			f->type = 's';
			if (jstring(&jp, f->str, sizeof f->str) < 0)
				return -1;
		} else if (jp.end - jp.p >= 4 && memcmp(jp.p, "null", 4) == 0) {
			f->type = 'z';
			jp.p += 4;
		} else if (jp.end - jp.p >= 4 && memcmp(jp.p, "true", 4) == 0) {
			f->type = 'b';
			strcpy(f->str, "true");
			jp.p += 4;
		} else if (jp.end - jp.p >= 5 && memcmp(jp.p, "false", 5) == 0) {
			f->type = 'b';
			strcpy(f->str, "false");
			jp.p += 5;
		} else {
			/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
			const char *start = jp.p;

			if (jp.p < jp.end && *jp.p == '-')
				jp.p++;
			if (jp.p >= jp.end || *jp.p < '0' || *jp.p > '9')
				return -1;
			if (*jp.p == '0')
				jp.p++;
			else
				while (jp.p < jp.end && *jp.p >= '0' && *jp.p <= '9')
					jp.p++;
			if (jp.p < jp.end && *jp.p == '.') {
				jp.p++;
				if (jp.p >= jp.end || *jp.p < '0' || *jp.p > '9')
					return -1;
				while (jp.p < jp.end && *jp.p >= '0' && *jp.p <= '9')
					jp.p++;
			}
			if (jp.p < jp.end && (*jp.p == 'e' || *jp.p == 'E')) {
				jp.p++;
				if (jp.p < jp.end && (*jp.p == '+' || *jp.p == '-'))
					jp.p++;
				if (jp.p >= jp.end || *jp.p < '0' || *jp.p > '9')
					return -1;
				while (jp.p < jp.end && *jp.p >= '0' && *jp.p <= '9')
					jp.p++;
			}
			if ((size_t)(jp.p - start) >= sizeof f->str)
				return -1;
			f->type = 'n';
			memcpy(f->str, start, (size_t)(jp.p - start));
			f->str[jp.p - start] = '\0';
		}
		jws(&jp);
		if (jp.p >= jp.end)
			return -1;
		if (*jp.p == ',') {
			jp.p++;
			continue;
		}
		if (*jp.p++ != '}')
			return -1;
		break;
	}
done:
	jws(&jp);
	return jp.p == jp.end ? 0 : -1;
}

static const struct jfield *
jget(const struct jobject *o, const char *key)
{
	int i, found = -1;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->f[i].key, key) == 0) {
			ck_assert_msg(found < 0, "key \"%s\" appears twice", key);
			found = i;
		}
	ck_assert_msg(found >= 0, "no key \"%s\"", key);
	return &o->f[found];
}

static void
expect_jstr(const struct jobject *o, const char *key, const char *want)
{
	const struct jfield *f = jget(o, key);

	ck_assert_msg(f->type == 's', "\"%s\" is not a string", key);
	ck_assert_msg(strcmp(f->str, want) == 0, "\"%s\" is \"%s\", want \"%s\"",
		      key, f->str, want);
}

static void
expect_jnum(const struct jobject *o, const char *key, unsigned long want)
{
	const struct jfield *f = jget(o, key);
	char buf[32];

	ck_assert_msg(f->type == 'n', "\"%s\" is not a number", key);
	snprintf(buf, sizeof buf, "%lu", want);
	ck_assert_msg(strcmp(f->str, buf) == 0, "\"%s\" is %s, want %s", key,
		      f->str, buf);
}

static void
expect_jnull(const struct jobject *o, const char *key)
{
	ck_assert_msg(jget(o, key)->type == 'z', "\"%s\" is not null", key);
}

/* Splits REPORT into lines, parses line K as a JSON object into O. */
static void
json_line(const struct zh_buf *report, size_t k, struct jobject *o)
{
	const char *s = report->data, *end = s + report->len, *nl;
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0;; i++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		ck_assert_msg(nl != NULL, "report has no line %zu", k);
		if (i == k)
			break;
		s = nl + 1;
	}
	ck_assert_msg(jobject_parse(s, (size_t)(nl - s), o) == 0,
		      "line %zu is not a JSON object: %.*s", k, (int)(nl - s), s);
}

static size_t
count_lines(const struct zh_buf *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/* ---- running chunks ----------------------------------------------------- */

static void
init_pipeline(struct zh_pipeline *p, const char *config)
{
	memset(p, 0, sizeof *p);
	if (config != NULL) {
		static char path[64];

		snprintf(path, sizeof path, "%s.json", config);
		p->opencc_path = path;
		p->config_name = config;
	}
	p->format = ZH_FORMAT_TEXT;
}

struct run {
	struct zh_buf out, report, diag;
	struct zh_result res;
	int rc;
};

/* Runs DATA[0..LEN) as one chunk at OFFSET, line LINENO, through P. */
static void
run_chunk(const struct zh_pipeline *p, const char *name, const char *data,
	  size_t len, uint64_t offset, unsigned long lineno, struct run *r)
{
	struct zh_worker *w;
	struct zh_chunk c;
	struct zh_markup_state st;

	memset(r, 0, sizeof *r);
	zh_error_clear(&err);
	w = zh_worker_new(p, &err);
	ck_assert_msg(w != NULL, "worker: %s", err.msg);
	memset(&c, 0, sizeof c);
	c.data = data;
	c.len = len;
	c.offset = offset;
	c.lineno = lineno;
	zh_markup_init(&st, ZH_MARKUP_TEXT, 0);
	r->rc = zh_worker_run(w, name, &c, &st, &r->out, &r->report, &r->diag,
			      &r->res, &err);
	zh_worker_free(w);
}

static void
run_free(struct run *r)
{
	zh_buf_free(&r->out);
	zh_buf_free(&r->report);
	zh_buf_free(&r->diag);
}

static void
expect_buf(const struct zh_buf *b, const char *want, size_t wlen,
	   const char *what)
{
	ck_assert_msg(b->len == wlen && (wlen == 0 || memcmp(b->data, want, wlen) == 0),
		      "%s is \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)",
		      what, (int)b->len, b->data ? b->data : "", b->len,
		      (int)wlen, want, wlen);
}

#define EXPECT_BUF(b, lit, what) expect_buf((b), (lit), sizeof(lit) - 1, (what))

START_TEST(test_convert_lines)
{
	static const char in[] = HAN_S ZI "\r\n" YI HOU_S "\nabc\n\n" FA_S ZHAN;
	static const char want[] = HAN_T ZI "\r\n" YI HOU_T "\nabc\n\n" FA_T ZHAN;
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	run_chunk(&p, "in.txt", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, want, "output");
	ck_assert_uint_eq(r.res.consumed, sizeof in - 1);
	ck_assert_int_eq(r.res.invalid, 0);
	ck_assert_uint_eq(r.res.lines, 5);
	ck_assert_uint_eq(r.res.changed, 3);
	ck_assert_uint_eq(r.res.findings, 0);
	ck_assert_uint_eq(r.res.failures, 0);
	ck_assert_uint_eq(r.report.len, 0);
	ck_assert_uint_eq(r.diag.len, 0);
	run_free(&r);
}
END_TEST

START_TEST(test_convert_line_ends_kept)
{
	/* A lone CR, a CR before CRLF, and a line that is only CRLF. */
	static const char in[] = HAN_S "\r" HAN_S "\r\r\n\r\n" HAN_S "\r";
	static const char want[] = HAN_T "\r" HAN_T "\r\r\n\r\n" HAN_T "\r";
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, want, "output");
	ck_assert_uint_eq(r.res.lines, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_no_conversion)
{
	static const char in[] = HAN_S "\r\nx\0y\n" HAN_S;
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, NULL);
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, in, "output");
	ck_assert_uint_eq(r.res.lines, 3);
	ck_assert_uint_eq(r.res.changed, 0);
	run_free(&r);
}
END_TEST

START_TEST(test_bom)
{
	static const char in[] = BOM HAN_S "\n" BOM HAN_S "\n";
	static const char want[] = BOM HAN_T "\n" BOM HAN_T "\n";
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	/* At the start of the input: kept as it is. */
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, want, "output");
	ck_assert_uint_eq(r.res.consumed, sizeof in - 1);
	ck_assert_uint_eq(r.res.lines, 2);
	run_free(&r);
	/* A chunk that is only a BOM. */
	run_chunk(&p, "-", BOM, 3, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, BOM, "output");
	ck_assert_uint_eq(r.res.consumed, 3);
	run_free(&r);
	/* Later in the input it is an ordinary character, unchanged. */
	run_chunk(&p, "-", in, sizeof in - 1, 100, 9, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, want, "output");
	run_free(&r);
}
END_TEST

START_TEST(test_invalid_stops)
{
	/* 汉\n字\nab\xffcd\n后\n at input offset 100: the bad byte is at
	 * 100 + 4 + 4 + 2. */
	static const char in[] = HAN_S "\n" ZI "\nab\xff" "cd\n" HOU_S "\n";
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	run_chunk(&p, "-", in, sizeof in - 1, 100, 5, &r);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.res.invalid, 1);
	ck_assert_uint_eq(r.res.invalid_at, 110);
	EXPECT_BUF(&r.out, HAN_T "\n" ZI "\n", "output");
	ck_assert_uint_eq(r.res.consumed, 8);
	ck_assert_uint_eq(r.res.lines, 2);
	run_free(&r);
}
END_TEST

START_TEST(test_invalid_first_and_last)
{
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	/* A truncated sequence on the first line. */
	run_chunk(&p, "-", "\xe6\xb1\n" HAN_S "\n", 7, 0, 1, &r);
	ck_assert_int_eq(r.res.invalid, 1);
	ck_assert_uint_eq(r.res.invalid_at, 0);
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_uint_eq(r.res.consumed, 0);
	ck_assert_uint_eq(r.res.lines, 0);
	run_free(&r);
	/* A truncated sequence at the very end (no newline). */
	run_chunk(&p, "-", "ok\nab\xe6\xb1", 7, 50, 1, &r);
	ck_assert_int_eq(r.res.invalid, 1);
	ck_assert_uint_eq(r.res.invalid_at, 55);
	EXPECT_BUF(&r.out, "ok\n", "output");
	run_free(&r);
	/* A surrogate after a CR-LF line. */
	run_chunk(&p, "-", "a\r\n\xed\xa0\x80\r\n", 8, 0, 1, &r);
	ck_assert_int_eq(r.res.invalid, 1);
	ck_assert_uint_eq(r.res.invalid_at, 3);
	EXPECT_BUF(&r.out, "a\r\n", "output");
	run_free(&r);
	/* Right after a BOM. */
	run_chunk(&p, "-", BOM "\xff\n", 5, 0, 1, &r);
	ck_assert_int_eq(r.res.invalid, 1);
	ck_assert_uint_eq(r.res.invalid_at, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_invalid_pass)
{
	static const char in[] = "ab\xff" "cd" HAN_S "\n\xe6\xb1\n" HAN_S "\0" HAN_S;
	static const char want[] = "ab\xff" "cd" HAN_T "\n\xe6\xb1\n" HAN_T "\0" HAN_T;
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	p.invalid_pass = 1;
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.res.invalid, 0);
	EXPECT_BUF(&r.out, want, "output");
	ck_assert_uint_eq(r.res.consumed, sizeof in - 1);
	ck_assert_uint_eq(r.res.lines, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_worker_bad_config)
{
	struct zh_pipeline p;
	struct zh_worker *w;

	init_pipeline(&p, NULL);
	p.opencc_path = "/nonexistent/zh-no-such-config.json";
	zh_error_clear(&err);
	w = zh_worker_new(&p, &err);
	ck_assert_ptr_null(w);
	ck_assert_str_ne(err.msg, "");
	zh_worker_free(NULL);
}
END_TEST

/* ---- check mode --------------------------------------------------------- */

START_TEST(test_check_text)
{
	/* Line 7 "ab汉": 汉 is the third character.  Line 9 "字汉": 汉 is
	 * the second. */
	static const char in[] = "ab" HAN_S "\nxyz\n" ZI HAN_S "\n";
	static const char want[] =
		"-:7:3: fix: convert: converted by s2t [" LQ HAN_S RQ " "
		ARROW " " LQ HAN_T RQ "]\n"
		"-:9:2: fix: convert: converted by s2t [" LQ HAN_S RQ " "
		ARROW " " LQ HAN_T RQ "]\n";
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	p.check = 1;
	run_chunk(&p, "-", in, sizeof in - 1, 0, 7, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.report, want, "report");
	/* No text is written in check mode. */
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_uint_eq(r.res.findings, 2);
	ck_assert_uint_eq(r.res.lines, 3);
	run_free(&r);
}
END_TEST

START_TEST(test_check_text_columns)
{
	/* Columns count characters, not bytes: 4-byte, 2-byte and invalid
	 * bytes (passed through) each count as one. */
	static const char in[] = "\xf0\x9f\x98\x80\xc3\xa9\xff" YI HOU_S "\n";
	static const char want[] =
		"f.txt:1:5: fix: convert: converted by s2t [" LQ HOU_S RQ " "
		ARROW " " LQ HOU_T RQ "]\n";
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	p.check = 1;
	p.invalid_pass = 1;
	run_chunk(&p, "f.txt", in, sizeof in - 1, 0, 1, &r);
	EXPECT_BUF(&r.report, want, "report");
	run_free(&r);
}
END_TEST

/* The column of each finding in a text report, in the order written. */
static void
report_columns(const struct zh_record *rec, const char *text, size_t len,
	       unsigned long *cols, size_t n)
{
	struct zh_line_info li;
	struct zh_buf out;
	const char *p;
	size_t k;

	memset(&li, 0, sizeof li);
	li.file = "f";
	li.lineno = 1;
	li.text = text;
	li.len = len;
	li.convert_id = "convert";
	zh_buf_init(&out);
	zh_report_findings(&out, ZH_FORMAT_TEXT, &li, rec);
	p = zh_buf_cstr(&out);
	for (k = 0; k < n; k++) {
		ck_assert_msg(strncmp(p, "f:1:", 4) == 0, "report line %zu: %s", k, p);
		cols[k] = strtoul(p + 4, NULL, 10);
		p = strchr(p, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	ck_assert_msg(*p == '\0', "more report lines than findings");
	zh_buf_free(&out);
}

START_TEST(test_report_columns_any_order)
{
	/* Columns are right whatever the order of the findings: forwards,
	 * backwards, repeated, at the very start and end, across 4-byte,
	 * 2-byte and invalid bytes (each one character). */
	static const char line[] = "a\xf0\x9f\x98\x80" HAN_S "\xff\xc3\xa9" "b" ZI;
	/* Byte offsets of the characters, and their columns. */
	static const size_t at[] = { 0, 1, 5, 8, 9, 11, 12, 15 };
	static const unsigned long col[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const int order[] = { 3, 0, 7, 7, 2, 6, 1, 5, 4, 0 };
	enum { N = sizeof order / sizeof order[0] };
	struct zh_record rec;
	unsigned long got[N];
	size_t k;

	zh_record_init(&rec, 0);
	zh_record_reset(&rec, line, sizeof line - 1);
	for (k = 0; k < N; k++)
		zh_record_finding(&rec, NULL, at[order[k]], "x", 1, "y", 1);
	report_columns(&rec, line, sizeof line - 1, got, N);
	for (k = 0; k < N; k++)
		ck_assert_msg(got[k] == col[order[k]], "finding %zu at byte %zu: "
			      "column %lu, want %lu", k, at[order[k]], got[k],
			      col[order[k]]);
	zh_record_free(&rec);
}
END_TEST

START_TEST(test_report_columns_long_line)
{
	/* Many findings on a long line, in the order two rules would make
	 * them (each rule's from left to right): every column is the count
	 * of characters before the finding, plus one. */
	enum { CHARS = 3000 };
	struct zh_buf line;
	struct zh_record rec;
	static size_t offs[2 * CHARS];
	static unsigned long want[2 * CHARS], got[2 * CHARS];
	size_t k, n = 0, i;

	zh_buf_init(&line);
	for (i = 0; i < CHARS; i++)
		zh_buf_puts(&line, i % 3 ? HAN_S : " ");
	zh_record_init(&rec, 0);
	zh_record_reset(&rec, line.data, line.len);
	/* The first rule: every space; the second: every 7th character. */
	for (i = 0; i < CHARS; i++) {
		size_t off = (i / 3) * 7 + (i % 3 ? 1 + (i % 3 - 1) * 3 : 0);

		if (i % 3 == 0) {
			offs[n] = off;
			want[n++] = (unsigned long)i + 1;
		}
	}
	for (i = 0; i < CHARS; i += 7) {
		offs[n] = (i / 3) * 7 + (i % 3 ? 1 + (i % 3 - 1) * 3 : 0);
		want[n++] = (unsigned long)i + 1;
	}
	for (k = 0; k < n; k++) {
		ck_assert_uint_eq(zh_utf8_count(line.data, offs[k]) + 1, want[k]);
		zh_record_finding(&rec, NULL, offs[k], "x", 1, "y", 1);
	}
	report_columns(&rec, line.data, line.len, got, n);
	for (k = 0; k < n; k++)
		ck_assert_msg(got[k] == want[k], "finding %zu: column %lu, want %lu",
			      k, got[k], want[k]);
	zh_record_free(&rec);
	zh_buf_free(&line);
}
END_TEST

START_TEST(test_check_json)
{
	static const char in[] = "ab" HAN_S "\nxyz\n" ZI HAN_S "\n";
	struct zh_pipeline p;
	struct run r;
	struct jobject o;

	init_pipeline(&p, "s2t");
	p.check = 1;
	p.format = ZH_FORMAT_JSON;
	run_chunk(&p, "-", in, sizeof in - 1, 1000, 7, &r);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_uint_eq(r.res.findings, 2);
	ck_assert_uint_eq(count_lines(&r.report), 2);
	ck_assert_int_eq(r.report.data[r.report.len - 1], '\n');

	json_line(&r.report, 0, &o);
	ck_assert_int_eq(o.n, 9);
	expect_jstr(&o, "file", "-");
	expect_jnum(&o, "line", 7);
	expect_jnum(&o, "column", 3);
	expect_jnum(&o, "offset", 1002);
	expect_jstr(&o, "id", "convert");
	expect_jstr(&o, "level", "fix");
	expect_jstr(&o, "message", "converted by s2t");
	expect_jstr(&o, "before", HAN_S);
	expect_jstr(&o, "after", HAN_T);

	/* Line 9 starts at 1000 + 6 + 4; its 汉 is 3 bytes further. */
	json_line(&r.report, 1, &o);
	expect_jnum(&o, "line", 9);
	expect_jnum(&o, "column", 2);
	expect_jnum(&o, "offset", 1013);
	run_free(&r);
}
END_TEST

START_TEST(test_check_json_escaped_name)
{
	/* A file name with a quote, a backslash, a tab and an invalid byte
	 * still gives valid JSON. */
	static const char name[] = "a\"b\\c\td\xff.txt";
	struct zh_pipeline p;
	struct run r;
	struct jobject o;

	init_pipeline(&p, "s2t");
	p.check = 1;
	p.format = ZH_FORMAT_JSON;
	run_chunk(&p, name, HAN_S, 3, 0, 1, &r);
	ck_assert_uint_eq(count_lines(&r.report), 1);
	json_line(&r.report, 0, &o);
	expect_jstr(&o, "file", "a\"b\\c\td\xef\xbf\xbd.txt");
	expect_jnum(&o, "offset", 0);
	expect_jnum(&o, "column", 1);
	run_free(&r);
}
END_TEST

START_TEST(test_check_bom_crlf)
{
	/* BOM 汉 CR LF: the finding is at byte 3 of the input, and the CR
	 * is no part of it. */
	static const char in[] = BOM HAN_S "\r\n";
	struct zh_pipeline p;
	struct run r;
	struct jobject o;

	init_pipeline(&p, "s2t");
	p.check = 1;
	p.format = ZH_FORMAT_JSON;
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_uint_eq(count_lines(&r.report), 1);
	json_line(&r.report, 0, &o);
	expect_jnum(&o, "offset", 3);
	expect_jnum(&o, "line", 1);
	expect_jstr(&o, "before", HAN_S);
	expect_jstr(&o, "after", HAN_T);
	ck_assert_uint_eq(r.out.len, 0);
	run_free(&r);
}
END_TEST

START_TEST(test_check_clean)
{
	/* Nothing to convert: no findings, no report. */
	struct zh_pipeline p;
	struct run r;

	init_pipeline(&p, "s2t");
	p.check = 1;
	run_chunk(&p, "-", "abc\n" ZI "\n", 8, 0, 1, &r);
	ck_assert_uint_eq(r.res.findings, 0);
	ck_assert_uint_eq(r.report.len, 0);
	ck_assert_uint_eq(r.res.changed, 0);
	run_free(&r);
}
END_TEST

/* ---- with rules --------------------------------------------------------- */

static const char pipeline_rules[] =
	"[cat]\n"
	"match = (a+)+$\n"
	"replace = X\n"
	"[after.zi]\n"
	"match = 字\n"
	"level = warn\n"
	"script = hant\n"
	"message = 看看\n"
	"[before.comma]\n"
	"match = ,\n"
	"replace = ，\n"
	"script = hans\n"
	"[warn.de]\n"
	"match = 的的\n"
	"level = warn\n"
	"script = hans\n"
	"[del.zwsp]\n"
	"match = \\x{200B}\n"
	"replace =\n"
	"message = 删除零宽空格\n";

struct ruled {
	struct zh_ruleset rs;
	struct zh_engine *e;
};

static void
ruled_init(struct ruled *rd, struct zh_pipeline *p, int check)
{
	struct zh_placement pl;

	zh_ruleset_init(&rd->rs);
	zh_error_clear(&err);
	ck_assert_msg(zh_ruleset_load_mem(&rd->rs, pipeline_rules,
					  strlen(pipeline_rules), "t.rules",
					  NULL, &err) == 0, "%s", err.msg);
	memset(&pl, 0, sizeof pl);
	pl.converting = 1;
	pl.from = ZH_SCRIPT_HANS;
	pl.to = ZH_SCRIPT_HANT;
	pl.check = check;
	rd->e = zh_engine_new(&rd->rs, &pl);
	init_pipeline(p, "s2t");
	p->engine = rd->e;
	p->rules = &rd->rs;
	p->check = check;
}

static void
ruled_free(struct ruled *rd)
{
	zh_engine_free(rd->e);
	zh_ruleset_free(&rd->rs);
}

START_TEST(test_rules_and_conversion)
{
	static const char in[] = HAN_S ",b\n";
	struct zh_pipeline p;
	struct ruled rd;
	struct run r;

	ruled_init(&rd, &p, 0);
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, HAN_T "\xef\xbc\x8c" "b\n", "output");
	ck_assert_uint_eq(r.res.changed, 1);
	run_free(&r);
	ruled_free(&rd);
}
END_TEST

START_TEST(test_rule_failure_diag)
{
	/* The catastrophic rule fails on line 4; the line is converted but
	 * not changed by that rule, and the failure names file and line. */
	static const char in[] = HAN_S "\n" THIRTY_A "!\n";
	struct zh_pipeline p;
	struct ruled rd;
	struct run r;

	ruled_init(&rd, &p, 0);
	run_chunk(&p, "in.txt", in, sizeof in - 1, 0, 3, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.out, HAN_T "\n" THIRTY_A "!\n", "output");
	EXPECT_BUF(&r.diag, "in.txt:4: rule cat: match limit exceeded\n",
		   "diagnostics");
	ck_assert_uint_eq(r.res.failures, 1);
	ck_assert_uint_eq(r.res.lines, 2);
	run_free(&r);
	ruled_free(&rd);
}
END_TEST

START_TEST(test_check_rule_after_conversion)
{
	/* 汉a字: conversion changes 汉 (column 1); the hant warn rule,
	 * which runs after conversion, finds 字 at column 3, byte 4. */
	static const char in[] = HAN_S "a" ZI "\n";
	static const char want[] =
		"-:1:1: fix: convert: converted by s2t [" LQ HAN_S RQ " "
		ARROW " " LQ HAN_T RQ "]\n"
		"-:1:3: warn: after.zi: \xe7\x9c\x8b\xe7\x9c\x8b [" LQ ZI RQ "]\n";
	struct zh_pipeline p;
	struct ruled rd;
	struct run r;

	ruled_init(&rd, &p, 1);
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.report, want, "report");
	ck_assert_uint_eq(r.res.findings, 2);
	run_free(&r);
	ruled_free(&rd);
}
END_TEST

START_TEST(test_check_json_warn)
{
	/* 的的汉: the hans warn rule (no message, no suggestion) runs before
	 * conversion and reports 的的 at byte 0; conversion reports 汉 at
	 * byte 6, column 3. */
	static const char in[] = "\xe7\x9a\x84\xe7\x9a\x84" HAN_S "\n";
	struct zh_pipeline p;
	struct ruled rd;
	struct run r;
	struct jobject o;

	ruled_init(&rd, &p, 1);
	p.format = ZH_FORMAT_JSON;
	run_chunk(&p, "w.txt", in, sizeof in - 1, 40, 2, &r);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.res.findings, 2);
	ck_assert_uint_eq(count_lines(&r.report), 2);
	json_line(&r.report, 0, &o);
	expect_jstr(&o, "file", "w.txt");
	expect_jnum(&o, "line", 2);
	expect_jnum(&o, "column", 1);
	expect_jnum(&o, "offset", 40);
	expect_jstr(&o, "id", "warn.de");
	expect_jstr(&o, "level", "warn");
	expect_jnull(&o, "message");
	expect_jstr(&o, "before", "\xe7\x9a\x84\xe7\x9a\x84");
	expect_jnull(&o, "after");
	json_line(&r.report, 1, &o);
	expect_jstr(&o, "id", "convert");
	expect_jnum(&o, "column", 3);
	expect_jnum(&o, "offset", 46);
	run_free(&r);
	ruled_free(&rd);
}
END_TEST

START_TEST(test_check_delete)
{
	/* A fix rule that deletes reports an empty "after", in both
	 * formats: null and a missing arrow are for warnings without a
	 * suggestion (report.h). */
	static const char in[] = "a\xe2\x80\x8b" "b\n";
	static const char want[] =
		"-:1:2: fix: del.zwsp: \xe5\x88\xa0\xe9\x99\xa4\xe9\x9b\xb6"
		"\xe5\xae\xbd\xe7\xa9\xba\xe6\xa0\xbc [" LQ "<U+200B>" RQ " "
		ARROW " " LQ RQ "]\n";
	struct zh_pipeline p;
	struct ruled rd;
	struct run r;
	struct jobject o;

	ruled_init(&rd, &p, 1);
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_int_eq(r.rc, 0);
	EXPECT_BUF(&r.report, want, "report");
	run_free(&r);

	p.format = ZH_FORMAT_JSON;
	run_chunk(&p, "-", in, sizeof in - 1, 0, 1, &r);
	ck_assert_uint_eq(count_lines(&r.report), 1);
	json_line(&r.report, 0, &o);
	expect_jstr(&o, "id", "del.zwsp");
	expect_jnum(&o, "offset", 1);
	expect_jstr(&o, "before", "\xe2\x80\x8b");
	expect_jstr(&o, "after", "");
	run_free(&r);
	ruled_free(&rd);
}
END_TEST

/* ---- escaping ----------------------------------------------------------- */

static void
expect_json_escape(const char *in, size_t n, const char *want)
{
	struct zh_buf out = ZH_BUF_INIT;

	zh_json_escape(&out, in, n);
	ck_assert_msg(strcmp(zh_buf_cstr(&out), want) == 0,
		      "json_escape gave \"%s\", want \"%s\"", zh_buf_cstr(&out),
		      want);
	zh_buf_free(&out);
}

static void
expect_visible_escape(const char *in, size_t n, const char *want)
{
	struct zh_buf out = ZH_BUF_INIT;

	zh_visible_escape(&out, in, n);
	ck_assert_msg(strcmp(zh_buf_cstr(&out), want) == 0,
		      "visible_escape gave \"%s\", want \"%s\"",
		      zh_buf_cstr(&out), want);
	zh_buf_free(&out);
}

START_TEST(test_json_escape)
{
	expect_json_escape("plain", 5, "plain");
	expect_json_escape("a\"b", 3, "a\\\"b");
	expect_json_escape("a\\b", 3, "a\\\\b");
	expect_json_escape("\n\r\t", 3, "\\n\\r\\t");
	expect_json_escape("\x01\x1f", 2, "\\u0001\\u001f");
	expect_json_escape("a\0b", 3, "a\\u0000b");
	/* Invalid bytes become U+FFFD, written escaped. */
	expect_json_escape("a\xff" "b", 3, "a\\ufffdb");
	/* Valid UTF-8 is kept as it is. */
	expect_json_escape(HAN_S "\xf0\x9f\x98\x80", 7, HAN_S "\xf0\x9f\x98\x80");
	/* U+2028 and U+2029 are escaped for JavaScript's sake. */
	expect_json_escape("\xe2\x80\xa8\xe2\x80\xa9", 6, "\\u2028\\u2029");
	expect_json_escape("", 0, "");
}
END_TEST

START_TEST(test_json_escape_roundtrip)
{
	/* Whatever the bytes, the escaped text reads back as a JSON string
	 * that holds the valid characters of the input. */
	static const char in[] = "q\"\\/\b\f\x7f" HAN_S "\xc0\x80\xed\xa0\x80" "\x1b";
	struct zh_buf out = ZH_BUF_INIT;
	struct jobject o;

	zh_buf_puts(&out, "{\"s\":\"");
	zh_json_escape(&out, in, sizeof in - 1);
	zh_buf_puts(&out, "\"}");
	ck_assert_msg(jobject_parse(out.data, out.len, &o) == 0,
		      "not JSON: %s", zh_buf_cstr(&out));
	ck_assert_int_eq(o.n, 1);
	ck_assert_uint_eq(zh_utf8_valid_prefix(o.f[0].str, strlen(o.f[0].str)),
			  strlen(o.f[0].str));
	ck_assert(strncmp(o.f[0].str, "q\"\\/\b\f\x7f" HAN_S, 10) == 0);
	zh_buf_free(&out);
}
END_TEST

START_TEST(test_visible_escape)
{
	expect_visible_escape("a\xe2\x80\x8b" "b", 5, "a<U+200B>b");
	expect_visible_escape(BOM "x", 4, "<U+FEFF>x");
	expect_visible_escape("\t", 1, "<U+0009>");
	expect_visible_escape("\xc2\xad", 2, "<U+00AD>");		/* soft hyphen */
	expect_visible_escape("\xe2\x80\xae", 3, "<U+202E>");	/* RLO */
	expect_visible_escape("\xe2\x81\xa0", 3, "<U+2060>");	/* word joiner */
	expect_visible_escape("\xff", 1, "<\\xFF>");
	expect_visible_escape("a\xe6\xb1" "b", 4, "a<\\xE6><\\xB1>b");
	/* Visible text, ideographic space included, is kept. */
	expect_visible_escape(HAN_S " \xe3\x80\x80" "a", 8, HAN_S " \xe3\x80\x80" "a");
}
END_TEST

static Suite *
pipeline_suite(void)
{
	Suite *s = suite_create("pipeline");
	TCase *run = tcase_create("run");
	TCase *invalid = tcase_create("invalid");
	TCase *check = tcase_create("check");
	TCase *rules = tcase_create("rules");
	TCase *esc = tcase_create("escape");

	tcase_add_test(run, test_convert_lines);
	tcase_add_test(run, test_convert_line_ends_kept);
	tcase_add_test(run, test_no_conversion);
	tcase_add_test(run, test_bom);
	tcase_add_test(run, test_worker_bad_config);
	suite_add_tcase(s, run);

	tcase_add_test(invalid, test_invalid_stops);
	tcase_add_test(invalid, test_invalid_first_and_last);
	tcase_add_test(invalid, test_invalid_pass);
	suite_add_tcase(s, invalid);

	tcase_add_test(check, test_check_text);
	tcase_add_test(check, test_check_text_columns);
	tcase_add_test(check, test_report_columns_any_order);
	tcase_add_test(check, test_report_columns_long_line);
	tcase_add_test(check, test_check_json);
	tcase_add_test(check, test_check_json_escaped_name);
	tcase_add_test(check, test_check_bom_crlf);
	tcase_add_test(check, test_check_clean);
	suite_add_tcase(s, check);

	tcase_add_test(rules, test_rules_and_conversion);
	tcase_add_test(rules, test_rule_failure_diag);
	tcase_add_test(rules, test_check_rule_after_conversion);
	tcase_add_test(rules, test_check_json_warn);
	tcase_add_test(rules, test_check_delete);
	suite_add_tcase(s, rules);

	tcase_add_test(esc, test_json_escape);
	tcase_add_test(esc, test_json_escape_roundtrip);
	tcase_add_test(esc, test_visible_escape);
	suite_add_tcase(s, esc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pipeline_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
