/*
 * sched.h - running an input through the pipeline on one or more threads.
 *
 * The calling thread reads chunks of whole lines and writes results; with
 * more than one job, worker threads run the stages on chunks in parallel.
 * A fixed number of chunks is in flight (two per worker), and results are
 * written strictly in input order, so the output is byte-identical to a
 * single-threaded run and memory stays bounded.
 *
 * Before a read that would block (a slow producer on a pipe), everything
 * finished so far is written and flushed, so output keeps pace with input.
 */
#ifndef ZH_SCHED_H
#define ZH_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "pipeline.h"

/* Where results go.  Each function returns 0, or -1 with ERR set. */
struct zh_sink {
	void *ctx;
	int (*text)(void *ctx, const char *s, size_t n, struct zh_error *err);
	int (*report)(void *ctx, const char *s, size_t n, struct zh_error *err);
	/* Diagnostics, one or more whole lines: rule failures, and a warning
	 * when the worker threads cannot start. */
	void (*diag)(void *ctx, const char *s, size_t n);
	/* Called before a read that may block. */
	int (*flush)(void *ctx, struct zh_error *err);
	/* Called after each chunk is written with the bytes of input done;
	 * may be NULL. */
	void (*progress)(void *ctx, uint64_t done);
};

enum zh_run_status {
	ZH_RUN_OK,
	ZH_RUN_READ_ERROR,	/* err says why; output up to there is written */
	ZH_RUN_INVALID,		/* invalid UTF-8 at invalid_at; lines before it written */
	ZH_RUN_STAGE_ERROR,	/* a stage (OpenCC) failed; err says why */
	ZH_RUN_SINK_ERROR	/* writing failed; err says why */
};

struct zh_run_result {
	enum zh_run_status status;
	struct zh_error err;
	uint64_t invalid_at;	/* input offset of the first invalid byte */
	unsigned long lines, changed, findings, failures;
	unsigned long block_cuts;	/* Markdown blocks cut at the limit */
	/* --region=auto: chunks decided for each script (by enum zh_script:
	 * ANY, HANS, HANT), and the characters counted. */
	unsigned long scripts[3];
	struct zh_script_count counts;
};

struct zh_sched;

/* Starts JOBS workers (JOBS >= 1) for pipeline P, each with its own OpenCC
 * handle; the first takes over FIRST when it is not NULL (a converter the
 * caller opened while doing something else).  Returns NULL with ERR set
 * when a worker cannot be created.  Free with zh_sched_free. */
struct zh_sched *zh_sched_new(const struct zh_pipeline *p, int jobs,
			      struct zh_converter *first, struct zh_error *err);
void zh_sched_free(struct zh_sched *s);

/* Runs the input on descriptor FD (named NAME in messages and reports)
 * through the pipeline into SINK. */
void zh_sched_run(struct zh_sched *s, int fd, const char *name,
		  const struct zh_sink *sink, struct zh_run_result *res);

/* Adds each worker's per-rule counts into FIRED (matches acted on) and
 * TRIED (lines the rule was run on), one entry per rule of the set. */
void zh_sched_fired(const struct zh_sched *s, unsigned long *fired,
		    unsigned long *tried);

#endif
