/*
 * zhnorm.h - libzhnorm, the library under the zhnorm command.
 *
 * libzhnorm converts Chinese text between Simplified and Traditional and
 * their regional standards (OpenCC's configs) and runs zhnorm's rule
 * tables over it, as `zhnorm` does, on buffers in memory: no process to
 * spawn per text, no files to write.  zhnorm(3) is the manual.
 *
 *	struct zhnorm_options opts = ZHNORM_OPTIONS_INIT;
 *	char err[256];
 *	zhnorm *h;
 *
 *	opts.config = "s2tw";
 *	h = zhnorm_open(&opts, NULL, err, sizeof err);
 *	if (h == NULL) { fprintf(stderr, "%s\n", err); ... }
 *	if (zhnorm_convert(h, in, inlen, &out, &outlen) != ZHNORM_OK) {
 *		fprintf(stderr, "%s\n", zhnorm_errmsg(h)); ...
 *	}
 *	... use out[0..outlen) ...
 *	zhnorm_free(out);
 *	zhnorm_close(h);
 *
 * Text is UTF-8, given as a pointer and a length (it need not end in a
 * NUL byte, and may hold NUL bytes: they are copied through).
 *
 * Threads.  zhnorm_convert and zhnorm_check may be called on one handle
 * from any number of threads at once: the handle is read-only after
 * zhnorm_open, and each call takes a worker (an OpenCC converter, a regex
 * matcher) from the handle's pool, making one when none is free.  So one
 * handle shared by all threads is the usual way; a handle per thread works
 * too.  zhnorm_close must not run while another call on the handle does.
 * Every other function may be called from any thread.
 *
 * Errors.  Functions that can fail return an int code, ZHNORM_OK (0) on
 * success.  The handle keeps the message of its latest failure, for each
 * thread (zhnorm_errmsg); the library never prints and never exits, except that,
 * like the command, it aborts when memory runs out.
 */
#ifndef ZHNORM_H
#define ZHNORM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZHNORM_VERSION_MAJOR	0
#define ZHNORM_VERSION_MINOR	1
#define ZHNORM_VERSION_PATCH	0

/* The library's version, "MAJOR.MINOR.PATCH", as it was built (which may
 * be newer than the header a program was compiled with). */
const char *zhnorm_version(void);

/* Error codes. */
enum zhnorm_code {
	ZHNORM_OK = 0,
	ZHNORM_EARG,		/* a bad argument or option value */
	ZHNORM_ECONFIG,		/* the config: unknown, unreadable, or OpenCC
				 * cannot open it */
	ZHNORM_EDATA,		/* the OpenCC data: missing, corrupt */
	ZHNORM_ERULES,		/* a rule table, profile or --disable id:
				 * missing, unreadable or wrong */
	ZHNORM_EUTF8,		/* the input is not valid UTF-8 */
	ZHNORM_ECONVERT,	/* conversion failed while running */
	ZHNORM_ERULE		/* a rule failed on some line (a match limit):
				 * the result is whole, but that rule left the
				 * line as it was; the output is still given */
};

/* The markup of the input: which parts are text. */
enum zhnorm_markup {
	ZHNORM_MARKUP_TEXT,
	ZHNORM_MARKUP_HTML,
	ZHNORM_MARKUP_MARKDOWN
};

/* The conversion engine. */
enum zhnorm_engine {
	ZHNORM_ENGINE_NATIVE,	/* zhnorm's own */
	ZHNORM_ENGINE_LIBOPENCC	/* Debian's libopencc, the reference */
};

/*
 * What to open.  Start from ZHNORM_OPTIONS_INIT, which gives zhnorm's
 * defaults (those of `zhnorm` without options or a settings file), and
 * set what differs.  Strings are read during zhnorm_open only.
 * New fields are added at the end, with a higher ZHNORM_OPTIONS_VERSION;
 * a program built against an older header keeps working.
 */
#define ZHNORM_OPTIONS_VERSION	1
struct zhnorm_options {
	unsigned version;	/* ZHNORM_OPTIONS_VERSION */
	const char *config;	/* a stock config ("s2tw"), a JSON file of
				 * OpenCC's format, or "none"; NULL: "s2t" */
	const char *profile;	/* the profile of rule tables; NULL: "gov";
				 * "none": only TABLES */
	const char *const *tables;	/* more rule tables, names or paths,
					 * ending with NULL; NULL: none */
	const char *const *disable;	/* rule ids or fnmatch(3) globs to
					 * switch off, ending with NULL */
	int no_rules;		/* nonzero: convert only, no rule runs */
	const char *region;	/* "auto", "cn", "tw", "hk", "none"; NULL: the
				 * config's */
	int markup;		/* enum zhnorm_markup */
	int engine;		/* enum zhnorm_engine */
	const char *opencc_data;	/* "system" (Debian's OpenCC data),
					 * "bundled" (zhnorm's), or a
					 * directory; NULL: the default */
	int tofu;		/* keep may_output_tofu dictionaries (native) */
	int keep_markers;	/* leave -{ }- in the output */
	int invalid_pass;	/* pass invalid UTF-8 through instead of
				 * failing with ZHNORM_EUTF8 */
	const char *rules_path;	/* directories searched for tables and
				 * profiles before the installed ones,
				 * colon-separated; NULL: $ZHNORM_RULES_PATH */
	/* Called with each diagnostic (a rule that failed on a line:
	 * "input:LINE: rule ID: what"), from the thread of the call; NULL:
	 * none. */
	void (*diag)(void *ctx, const char *msg);
	void *diag_ctx;
	const char *data_dir;	/* zhnorm's own data: the tables, profiles
				 * and DIR/opencc, the bundled OpenCC data
				 * (its compiled dictionaries in
				 * DIR/opencc/compiled); NULL:
				 * $ZHNORM_DATA_DIR, else the installed one */
	int keep_lang;		/* HTML: leave lang="..." as it is */
};
#define ZHNORM_OPTIONS_INIT { ZHNORM_OPTIONS_VERSION, NULL, NULL, NULL, NULL, \
	0, NULL, ZHNORM_MARKUP_TEXT, ZHNORM_ENGINE_NATIVE, NULL, 0, 0, 0, NULL, \
	NULL, NULL, NULL, 0 }

typedef struct zhnorm zhnorm;

/*
 * Opens a handle: finds the config and the rule tables, compiles them,
 * opens OpenCC.  OPTS NULL means ZHNORM_OPTIONS_INIT.  Returns the handle,
 * to be closed with zhnorm_close, or NULL with *CODE set (when CODE is not
 * NULL) and the message in ERRBUF[0..ERRSIZE) (when ERRBUF is not NULL).
 */
zhnorm *zhnorm_open(const struct zhnorm_options *opts, int *code,
		    char *errbuf, size_t errsize);

/* Closes H and frees all it holds; H may be NULL. */
void zhnorm_close(zhnorm *h);

/*
 * Converts IN[0..LEN) and runs the rules over it: the text `zhnorm` would
 * write for that input.  On ZHNORM_OK (and ZHNORM_ERULE) *OUT is the
 * result, NUL-terminated, and *OUTLEN (when not NULL) its length without
 * the NUL; free it with zhnorm_free.  On any other code *OUT is NULL.
 */
int zhnorm_convert(zhnorm *h, const char *in, size_t len, char **out,
		   size_t *outlen);

/* Frees what zhnorm_convert returned; P may be NULL. */
void zhnorm_free(void *p);

/* The level of a finding. */
enum zhnorm_level {
	ZHNORM_FIX,		/* a change the text gets */
	ZHNORM_WARN		/* a report only (after may be NULL) */
};

/* One finding of zhnorm_check: what `zhnorm --check` reports. */
struct zhnorm_finding {
	unsigned long line;	/* 1-based */
	unsigned long column;	/* 1-based, in characters */
	size_t offset;		/* byte offset in the input */
	size_t length;		/* bytes of the input it covers */
	const char *rule;	/* the rule's id, or "convert" */
	int level;		/* enum zhnorm_level */
	const char *message;	/* the rule's message; NULL when it has none */
	const char *before;	/* the text found, NUL-terminated */
	size_t before_len;
	const char *after;	/* the text suggested, NUL-terminated; NULL
				 * for a warning that suggests nothing */
	size_t after_len;
};

typedef struct zhnorm_findings zhnorm_findings;

/*
 * Checks IN[0..LEN) as `zhnorm --check` does: the changes conversion and
 * rules would make, and what warning rules find, without the text.  On
 * ZHNORM_OK (and ZHNORM_ERULE) *OUT holds the findings in input order,
 * to be freed with zhnorm_findings_free; on other codes *OUT is NULL.
 */
int zhnorm_check(zhnorm *h, const char *in, size_t len,
		 zhnorm_findings **out);

/* The number of findings in F. */
size_t zhnorm_findings_count(const zhnorm_findings *f);

/* The next finding of F, or NULL after the last.  The finding and its
 * strings belong to F and live until zhnorm_findings_free. */
const struct zhnorm_finding *zhnorm_findings_next(zhnorm_findings *f);

/* The finding at index I (0-based), or NULL when I is out of range. */
const struct zhnorm_finding *zhnorm_findings_get(const zhnorm_findings *f,
						 size_t i);

/* Frees F; F may be NULL. */
void zhnorm_findings_free(zhnorm_findings *f);

/* The message of the calling thread's latest failed call on H; when this
 * thread has had none on H, of any thread's; "" when no call failed.  The
 * string is the calling thread's copy: it stays valid until this thread
 * calls zhnorm_errmsg again. */
const char *zhnorm_errmsg(zhnorm *h);

/* A short description of CODE ("invalid UTF-8", ...), never NULL. */
const char *zhnorm_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif
