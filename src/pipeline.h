/*
 * pipeline.h - the chain of stages a chunk of lines goes through:
 *
 *   reader -> markup -> rules before conversion -> OpenCC -> rules after
 *   -> writer
 *
 * A pipeline holds the choices made at start-up and is shared, read-only,
 * by every worker.  A worker owns what a thread needs to run chunks: its
 * own OpenCC handle, a matcher and a record.  A chunk's text output, its
 * findings and its diagnostics go to three buffers, so that chunks can be
 * processed on several threads and written in input order.
 */
#ifndef ZH_PIPELINE_H
#define ZH_PIPELINE_H

#include <stdint.h>

#include "buf.h"
#include "convert.h"
#include "error.h"
#include "markup.h"
#include "reader.h"
#include "repair.h"
#include "report.h"
#include "rules.h"
#include "script.h"
#include "values.h"

struct zh_pipeline {
	const char *opencc_path;	/* NULL: no conversion (-c none) */
	const struct zh_convert_opts *convert_opts;	/* NULL: libopencc */
	const char *config_name;	/* for conversion findings */
	int skip_ascii;			/* see zh_converter_skip_ascii */
	const struct zh_engine *engine;	/* NULL: no rules (--no-rules) */
	const struct zh_ruleset *rules;	/* the engine's rule set, or NULL */
	int check;			/* report instead of writing text */
	int diff;			/* write diff frames (diff.h) instead of text */
	enum zh_format format;
	int invalid_pass;		/* --invalid=pass */
	enum zh_markup markup;		/* of every input (-m), or ... */
	int markup_guess;		/* ... guessed from each file's name */
	int markers;			/* -{ }- is recognised */
	int keep_markers;		/* --keep-markers: leave -{ }- in */
	/* --region=auto: each chunk runs the engine of the script its text
	 * is in (script.h), indexed by enum zh_script (HANS, HANT, and ANY
	 * for mixed or neither, which is also ENGINE). */
	int region_auto;
	const struct zh_engine *by_script[3];
	int keep_lang;			/* --keep-lang: leave lang="..." alone */
	/* The residue repair (repair.h), after conversion: NULL for none;
	 * on every chunk, only on chunks whose text is Traditional (-c none
	 * with --region=auto), or on those not Simplified (-c none with a
	 * Traditional region). */
	const struct zh_repair_conf *repair;
	enum { ZH_REPAIR_ALWAYS, ZH_REPAIR_HANT, ZH_REPAIR_NOT_HANS } repair_when;
};

struct zh_worker {
	const struct zh_pipeline *p;
	const struct zh_engine *engine;	/* the one running: p->engine, or
					 * the chunk's with --region=auto */
	struct zh_converter *conv;
	struct zh_repair *rep;		/* opened on first use */
	int repair_on;			/* for the chunk under way */
	struct zh_matcher *m;
	struct zh_record rec;
	struct zh_buf line_in, line_out;	/* a line as read and as written */
	char convert_msg[64];
	/* The markup around the line being run, for rules not to change it
	 * (zh_markup_keeps). */
	struct zh_markup_state line_st;
	const char *next;
	size_t nextlen;
	struct zh_buf keep_line, keep_spans;
	/* In check mode, each line's findings go to this callback, when it
	 * is set, instead of into the report (libzhnorm collects them). */
	void (*findings)(void *ctx, const struct zh_line_info *li,
			 const struct zh_record *rec);
	void *findings_ctx;
	/* The values in the markup of the line (values.h), each run through
	 * the stages on its own record. */
	struct zh_value_span {
		size_t start, end;
		enum zh_span_kind kind;
	} *vals;
	size_t nvals, capvals;
	struct zh_record vrec;
	struct zh_value val;
	struct zh_buf vout;
	struct zh_lang lang;		/* what lang="..." becomes ... */
	int rewrite_lang;		/* ... when it is rewritten */
};

struct zh_result {
	size_t consumed;	/* bytes of the chunk dealt with */
	int invalid;		/* stopped at invalid UTF-8 */
	uint64_t invalid_at;	/* its input offset */
	unsigned long findings;	/* --check: findings reported */
	unsigned long failures;	/* rule failures (each with a diagnostic) */
	unsigned long lines;	/* lines seen */
	unsigned long changed;	/* lines whose text changed */
	/* --region=auto: the script decided for the chunk, and the counts
	 * it was decided from. */
	enum zh_script script;
	struct zh_script_count counts;
};

/* Creates a worker; returns NULL with ERR set when OpenCC cannot open the
 * config.  Free with zh_worker_free. */
struct zh_worker *zh_worker_new(const struct zh_pipeline *p,
				struct zh_error *err);
/* The same with an OpenCC converter already open (CONV, or NULL for no
 * conversion), which the worker takes over. */
struct zh_worker *zh_worker_adopt(const struct zh_pipeline *p,
				  struct zh_converter *conv);
void zh_worker_free(struct zh_worker *w);

/*
 * Runs chunk C of input NAME through the stages; ST is the markup state at
 * its start, moved on to the end.  Text goes to OUT (not in
 * check mode), findings to REPORT, one "NAME:LINE: rule ID: ..." line per
 * rule failure to DIAG.  With --invalid=error the chunk stops at the first
 * line with invalid UTF-8 (RES->invalid); the lines before it are done.
 * Returns 0, or -1 with ERR set when conversion itself failed.
 */
int zh_worker_run(struct zh_worker *w, const char *name,
		  const struct zh_chunk *c, struct zh_markup_state *st,
		  struct zh_buf *out, struct zh_buf *report, struct zh_buf *diag,
		  struct zh_result *res, struct zh_error *err);

/* Runs one line (without its end) through the stages, given ST, the markup
 * state at its start (moved on to the next line's), and leaves the result
 * in w->rec; NEXT[0..NEXTLEN) is what follows the line's end (see
 * zh_markup_line).  VALID: the caller has checked that the line is valid
 * UTF-8, so no stage checks it again.  Returns 0 or -1 as zh_worker_run. */
int zh_worker_line(struct zh_worker *w, struct zh_markup_state *st,
		   const char *line, size_t len, const char *next,
		   size_t nextlen, int valid, size_t *failures,
		   struct zh_error *err);

#endif
