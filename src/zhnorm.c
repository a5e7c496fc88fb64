/*
 * zhnorm.c - libzhnorm's public API (see zhnorm.h) over the session and
 * the pipeline.
 *
 * A handle is a session (session.h: the tables, the engine, the config)
 * and two pools of workers, one for converting and one for checking.  A
 * call takes a worker from its pool under the handle's lock, or makes one
 * (each worker opens its own OpenCC converter), runs the whole buffer
 * through it as one chunk, and puts it back.  Workers are never shared, so
 * calls on one handle run in parallel.
 */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pipeline.h"
#include "report.h"
#include "session.h"
#include "utf8.h"
#include "zhnorm.h"

/* The name of the input in diagnostics. */
#define INPUT_NAME	"input"

struct pool {
	struct zh_pipeline pipe;
	struct zh_worker **idle;
	size_t nidle, cap;
};

struct zhnorm {
	struct zh_session s;
	struct pool convert, check;
	struct zh_converter *first;	/* for the first worker */
	int check_ready;		/* check.pipe is set up */
	enum zh_markup markup;
	void (*diag)(void *ctx, const char *msg);
	void *diag_ctx;
	pthread_mutex_t lock;
	char msg[1024];		/* the latest failure's message */
};

/* Where a finding's strings are in zhnorm_findings.text while it grows;
 * NONE for a NULL string. */
#define NONE	((size_t)-1)
struct strings {
	size_t rule, message, before, after;
};

struct zhnorm_findings {
	struct zhnorm_finding *items;
	struct strings *at;	/* one per item, until the pointers are set */
	size_t n, cap, next;
	struct zh_buf text;	/* every string of every finding */
};

const char *
zhnorm_version(void)
{
	return PACKAGE_VERSION;
}

const char *
zhnorm_strerror(int code)
{
	switch (code) {
	case ZHNORM_OK:
		return "no error";
	case ZHNORM_EARG:
		return "bad argument";
	case ZHNORM_ECONFIG:
		return "bad config";
	case ZHNORM_EDATA:
		return "bad OpenCC data";
	case ZHNORM_ERULES:
		return "bad rule table";
	case ZHNORM_EUTF8:
		return "invalid UTF-8";
	case ZHNORM_ECONVERT:
		return "conversion failed";
	case ZHNORM_ERULE:
		return "a rule failed";
	default:
		return "unknown error";
	}
}

/* The calling thread's latest failure, and the handle it was on. */
static _Thread_local struct {
	const zhnorm *h;
	char msg[1024];
} mine;

/* Records a failure of CODE on H, for the handle and for this thread;
 * returns CODE. */
static int
set_error(zhnorm *h, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int
set_error(zhnorm *h, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(mine.msg, sizeof mine.msg, fmt, ap);
	va_end(ap);
	mine.h = h;
	pthread_mutex_lock(&h->lock);
	snprintf(h->msg, sizeof h->msg, "%s", mine.msg);
	pthread_mutex_unlock(&h->lock);
	return code;
}

static int
set_zh_error(zhnorm *h, int code, const struct zh_error *err)
{
	char line[sizeof h->msg];

	zh_error_message(err, line, sizeof line);
	return set_error(h, code, "%s", line);
}

const char *
zhnorm_errmsg(zhnorm *h)
{
	static _Thread_local char copy[1024];

	if (h == NULL)
		return "no handle";
	if (mine.h == h) {
		snprintf(copy, sizeof copy, "%s", mine.msg);
		return copy;
	}
	pthread_mutex_lock(&h->lock);
	snprintf(copy, sizeof copy, "%s", h->msg);
	pthread_mutex_unlock(&h->lock);
	return copy;
}

/* How many entries a NULL-terminated list has. */
static size_t
count(const char *const *list)
{
	size_t n = 0;

	while (list != NULL && list[n] != NULL)
		n++;
	return n;
}

/* Copies the message of a failed open to the caller. */
static void
open_failed(int *code, char *errbuf, size_t errsize, int c, const char *msg)
{
	if (code != NULL)
		*code = c;
	if (errbuf != NULL && errsize > 0)
		snprintf(errbuf, errsize, "%s", msg);
}

zhnorm *
zhnorm_open(const struct zhnorm_options *opts, int *code, char *errbuf,
	    size_t errsize)
{
	static const struct zhnorm_options defaults = ZHNORM_OPTIONS_INIT;
	struct zh_session_opts so;
	struct zh_error err;
	char line[1024], bundled[PATH_MAX], compiled[PATH_MAX];
	const char *data;
	zhnorm *h;

	if (opts == NULL)
		opts = &defaults;
	if (opts->version < 1 || opts->version > ZHNORM_OPTIONS_VERSION) {
		snprintf(line, sizeof line, "options of version %u: this library "
			 "knows versions 1 to %d", opts->version,
			 ZHNORM_OPTIONS_VERSION);
		open_failed(code, errbuf, errsize, ZHNORM_EARG, line);
		return NULL;
	}
	if (opts->markup < ZHNORM_MARKUP_TEXT || opts->markup > ZHNORM_MARKUP_MARKDOWN ||
	    (opts->engine != ZHNORM_ENGINE_NATIVE &&
	     opts->engine != ZHNORM_ENGINE_LIBOPENCC)) {
		snprintf(line, sizeof line, "%s %d is none of zhnorm.h's",
			 opts->engine != ZHNORM_ENGINE_NATIVE &&
			 opts->engine != ZHNORM_ENGINE_LIBOPENCC ? "engine" :
			 "markup", opts->engine != ZHNORM_ENGINE_NATIVE &&
			 opts->engine != ZHNORM_ENGINE_LIBOPENCC ? opts->engine :
			 opts->markup);
		open_failed(code, errbuf, errsize, ZHNORM_EARG, line);
		return NULL;
	}
	if (opts->no_rules && (count(opts->tables) > 0 || count(opts->disable) > 0)) {
		open_failed(code, errbuf, errsize, ZHNORM_EARG,
			    "no_rules excludes tables and disable");
		return NULL;
	}

	memset(&so, 0, sizeof so);
	so.config = opts->config != NULL ? opts->config : "s2t";
	so.profile = opts->profile != NULL ? opts->profile : "gov";
	so.tables = opts->tables;
	so.ntables = count(opts->tables);
	so.disable = opts->disable;
	so.ndisable = count(opts->disable);
	so.no_rules = opts->no_rules;
	so.region = opts->region;
	so.engine = opts->engine == ZHNORM_ENGINE_LIBOPENCC ?
		    ZH_ENGINE_LIBOPENCC : ZH_ENGINE_NATIVE;
	so.opencc_data = opts->opencc_data;
	so.tofu = opts->tofu;
	so.rules_path = opts->rules_path != NULL ? opts->rules_path :
			getenv("ZHNORM_RULES_PATH");
	data = opts->data_dir != NULL ? opts->data_dir : getenv("ZHNORM_DATA_DIR");
	if (data == NULL || data[0] == '\0')
		data = ZH_PKGDATADIR;
	snprintf(bundled, sizeof bundled, "%s/opencc", data);
	snprintf(compiled, sizeof compiled, "%s/opencc/compiled", data);
	so.datadir = data;
	so.bundled_dir = bundled;
	so.bundled_compiled = compiled;
	so.system_dir = ZH_OPENCC_DATADIR;
	so.opencc_dict = ZH_OPENCC_DICT;
	so.format = ZH_FORMAT_TEXT;
	so.invalid_pass = opts->invalid_pass;
	so.markup = (enum zh_markup)opts->markup;
	so.keep_markers = opts->keep_markers;
	so.keep_lang = opts->keep_lang;

	h = zh_xcalloc(1, sizeof *h);
	pthread_mutex_init(&h->lock, NULL);
	if (zh_session_open(&h->s, &so, &err) < 0) {
		zh_error_message(&err, line, sizeof line);
		open_failed(code, errbuf, errsize,
			    err.code != 0 ? err.code : ZHNORM_ECONFIG, line);
		zhnorm_close(h);
		return NULL;
	}
	h->first = zh_session_take_converter(&h->s);
	h->markup = so.markup;
	h->diag = opts->diag;
	h->diag_ctx = opts->diag_ctx;
	h->convert.pipe = h->s.pipe;
	open_failed(code, errbuf, errsize, ZHNORM_OK, "");
	return h;
}

static void
pool_free(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->nidle; i++)
		zh_worker_free(p->idle[i]);
	free(p->idle);
}

void
zhnorm_close(zhnorm *h)
{
	if (h == NULL)
		return;
	pool_free(&h->convert);
	pool_free(&h->check);
	zh_converter_close(h->first);
	zh_session_free(&h->s);
	pthread_mutex_destroy(&h->lock);
	if (mine.h == h)
		mine.h = NULL;
	free(h);
}

void
zhnorm_free(void *p)
{
	free(p);
}

/* Takes a worker of pool P: an idle one, or a new one.  Returns NULL with
 * the failure recorded on H. */
static struct zh_worker *
take_worker(zhnorm *h, struct pool *p)
{
	struct zh_converter *conv = NULL;
	struct zh_worker *w = NULL;
	struct zh_error err;

	pthread_mutex_lock(&h->lock);
	if (p->nidle > 0)
		w = p->idle[--p->nidle];
	else if (h->first != NULL) {
		conv = h->first;
		h->first = NULL;
	}
	if (p == &h->check && !h->check_ready) {
		/* The engines of checking run warn rules too: made at the
		 * first check. */
		zh_session_pipeline(&h->s, 1, &p->pipe);
		h->check_ready = 1;
	}
	pthread_mutex_unlock(&h->lock);
	if (w != NULL)
		return w;
	if (conv != NULL)
		return zh_worker_adopt(&p->pipe, conv);
	zh_error_clear(&err);
	if ((w = zh_worker_new(&p->pipe, &err)) == NULL)
		set_zh_error(h, ZHNORM_ECONFIG, &err);
	return w;
}

static void
give_back(zhnorm *h, struct pool *p, struct zh_worker *w)
{
	pthread_mutex_lock(&h->lock);
	if (p->nidle == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 4;
		p->idle = zh_xrealloc(p->idle, p->cap * sizeof *p->idle);
	}
	p->idle[p->nidle++] = w;
	pthread_mutex_unlock(&h->lock);
}

/* Passes each line of DIAG to the caller's callback. */
static void
pass_diagnostics(zhnorm *h, const struct zh_buf *diag)
{
	const char *s = diag->data, *end, *nl;
	char line[1024];

	if (s == NULL || h->diag == NULL)
		return;
	for (end = s + diag->len; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		snprintf(line, sizeof line, "%.*s", (int)(nl - s), s);
		h->diag(h->diag_ctx, line);
	}
}

/* Runs IN[0..LEN) through a worker of pool P: text into OUT (converting),
 * findings through W->findings (checking).  Returns a code. */
static int
run(zhnorm *h, struct pool *p, const char *in, size_t len,
    struct zh_buf *out, void (*findings)(void *, const struct zh_line_info *,
					 const struct zh_record *),
    void *ctx)
{
	struct zh_markup_state st;
	struct zh_buf report = ZH_BUF_INIT, diag = ZH_BUF_INIT;
	struct zh_chunk c;
	struct zh_result res;
	struct zh_error err;
	struct zh_worker *w;
	int rc = ZHNORM_OK;

	if (in == NULL && len > 0)
		return set_error(h, ZHNORM_EARG, "no input (NULL) of length %zu", len);
	if ((w = take_worker(h, p)) == NULL)
		return ZHNORM_ECONFIG;
	w->findings = findings;
	w->findings_ctx = ctx;
	memset(&c, 0, sizeof c);
	c.data = in != NULL ? in : "";
	c.len = len;
	c.lineno = 1;
	zh_markup_init(&st, h->markup, p->pipe.markers);
	zh_error_clear(&err);
	if (zh_worker_run(w, INPUT_NAME, &c, &st, out, &report, &diag, &res,
			  &err) < 0)
		rc = set_zh_error(h, ZHNORM_ECONVERT, &err);
	else if (res.invalid) {
		size_t i = (size_t)res.invalid_at, line = 1;

		for (size_t k = 0; k < i; k++)
			line += in[k] == '\n';
		rc = set_error(h, ZHNORM_EUTF8, "invalid UTF-8 at byte %zu (line %zu)",
			       i + 1, line);
	} else if (res.failures > 0) {
		const char *nl = memchr(diag.data, '\n', diag.len);

		rc = set_error(h, ZHNORM_ERULE, "%.*s",
			       (int)(nl ? (size_t)(nl - diag.data) : diag.len),
			       diag.data);
	}
	pass_diagnostics(h, &diag);
	w->findings = NULL;
	give_back(h, p, w);
	zh_buf_free(&report);
	zh_buf_free(&diag);
	return rc;
}

int
zhnorm_convert(zhnorm *h, const char *in, size_t len, char **out,
	       size_t *outlen)
{
	struct zh_buf b = ZH_BUF_INIT;
	int rc;

	if (out == NULL)
		return h != NULL ? set_error(h, ZHNORM_EARG, "no place for the output")
				 : ZHNORM_EARG;
	*out = NULL;
	if (h == NULL)
		return ZHNORM_EARG;
	rc = run(h, &h->convert, in, len, &b, NULL, NULL);
	if (rc != ZHNORM_OK && rc != ZHNORM_ERULE) {
		zh_buf_free(&b);
		return rc;
	}
	if (outlen != NULL)
		*outlen = b.len;
	zh_buf_cstr(&b);
	*out = zh_buf_detach(&b, NULL);
	return rc;
}

/* Appends S[0..N) and a NUL to F's text; returns its offset there. */
static size_t
keep(struct zhnorm_findings *f, const char *s, size_t n)
{
	size_t at = f->text.len;

	zh_buf_append(&f->text, s, n);
	zh_buf_putc(&f->text, '\0');
	return at;
}

/* Collects a line's findings (the pipeline's findings callback). */
static void
collect(void *ctx, const struct zh_line_info *li, const struct zh_record *rec)
{
	struct zhnorm_findings *f = ctx;
	struct zh_column cur = ZH_COLUMN_INIT;
	size_t k;

	for (k = 0; k < rec->nfindings; k++) {
		const struct zh_finding *rf = &rec->findings[k];
		const char *id = rf->rule ? rf->rule->id : li->convert_id;
		const char *msg = rf->held ? zh_report_held :
				  rf->rule ? rf->rule->message : li->convert_msg;
		size_t orig = rf->orig <= li->len ? rf->orig : li->len;
		size_t end = rf->orig_end <= li->len ? rf->orig_end : li->len;
		struct zhnorm_finding *z;
		struct strings *at;

		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 16;
			f->items = zh_xrealloc(f->items, f->cap * sizeof *f->items);
			f->at = zh_xrealloc(f->at, f->cap * sizeof *f->at);
		}
		z = &f->items[f->n];
		at = &f->at[f->n++];
		memset(z, 0, sizeof *z);
		z->line = li->lineno;
		z->column = zh_column_at(&cur, li->text, orig);
		z->offset = (size_t)li->offset + orig;
		z->length = end > orig ? end - orig : 0;
		z->level = rf->held || (rf->rule && rf->rule->level == ZH_LEVEL_WARN) ?
			   ZHNORM_WARN : ZHNORM_FIX;
		z->before_len = rf->blen;
		z->after_len = rf->has_after ? rf->alen : 0;
		at->rule = keep(f, id, strlen(id));
		at->message = msg != NULL ? keep(f, msg, strlen(msg)) : NONE;
		at->before = keep(f, rec->ftext.data + rf->before, rf->blen);
		at->after = rf->has_after ?
			    keep(f, rec->ftext.data + rf->after, rf->alen) : NONE;
	}
}

int
zhnorm_check(zhnorm *h, const char *in, size_t len, zhnorm_findings **out)
{
	struct zhnorm_findings *f;
	size_t i;
	int rc;

	if (out == NULL)
		return h != NULL ? set_error(h, ZHNORM_EARG, "no place for the findings")
				 : ZHNORM_EARG;
	*out = NULL;
	if (h == NULL)
		return ZHNORM_EARG;
	f = zh_xcalloc(1, sizeof *f);
	rc = run(h, &h->check, in, len, NULL, collect, f);
	if (rc != ZHNORM_OK && rc != ZHNORM_ERULE) {
		zhnorm_findings_free(f);
		return rc;
	}
	/* The text has stopped moving: offsets become pointers. */
	for (i = 0; i < f->n; i++) {
		const char *base = f->text.data;
		const struct strings *at = &f->at[i];

		f->items[i].rule = base + at->rule;
		f->items[i].message = at->message != NONE ? base + at->message : NULL;
		f->items[i].before = base + at->before;
		f->items[i].after = at->after != NONE ? base + at->after : NULL;
	}
	free(f->at);
	f->at = NULL;
	*out = f;
	return rc;
}

size_t
zhnorm_findings_count(const zhnorm_findings *f)
{
	return f != NULL ? f->n : 0;
}

const struct zhnorm_finding *
zhnorm_findings_next(zhnorm_findings *f)
{
	if (f == NULL || f->next >= f->n)
		return NULL;
	return &f->items[f->next++];
}

const struct zhnorm_finding *
zhnorm_findings_get(const zhnorm_findings *f, size_t i)
{
	if (f == NULL || i >= f->n)
		return NULL;
	return &f->items[i];
}

void
zhnorm_findings_free(zhnorm_findings *f)
{
	if (f == NULL)
		return;
	free(f->items);
	free(f->at);
	zh_buf_free(&f->text);
	free(f);
}
