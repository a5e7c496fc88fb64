/*
 * sched.c - running inputs on one or more threads (see sched.h).
 *
 * Chunks go into a ring of slots.  The calling thread fills slots in input
 * order and writes them out in the same order; worker threads take filled
 * slots in order and run the stages on them.  A slot moves FREE -> PENDING
 * (filled) -> RUNNING (a worker has it) -> DONE (written out) -> FREE.
 * With one job there are no threads: the calling thread runs each chunk
 * directly from the reader's buffer.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "sched.h"

enum slot_state { SLOT_FREE, SLOT_PENDING, SLOT_RUNNING, SLOT_DONE };

struct slot {
	enum slot_state state;
	const char *name;
	struct zh_markup_state markup;	/* at the start of the chunk */
	struct zh_buf in;	/* a copy of the chunk's bytes */
	struct zh_chunk chunk;	/* data points into in */
	struct zh_buf out, report, diag;
	struct zh_result res;
	int rc;
	struct zh_error err;
};

struct zh_sched {
	const struct zh_pipeline *p;
	int jobs;
	struct zh_worker **workers;
	pthread_t *threads;
	int nthreads;		/* threads started */
	struct slot *slots;
	size_t nslots;
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a slot became PENDING, or quit */
	pthread_cond_t done;	/* a slot became DONE */
	int quit;
	int started;		/* threads that have tried to open a worker */
	int start_failed;	/* a thread could not be created: one job */
	int open_failed;	/* workers that could not open OpenCC */
	int open_warned;
	struct zh_error open_err;	/* why the first of them failed */
	uint64_t next_fill, next_take, next_write;
};

struct thread_arg {
	struct zh_sched *s;
	int index;
};

static void *
worker_main(void *arg)
{
	struct zh_sched *s = ((struct thread_arg *)arg)->s;
	int index = ((struct thread_arg *)arg)->index;
	struct zh_worker *w = s->workers[index];
	struct zh_error err;
	struct slot *sl;

	free(arg);
	/* Workers other than the first open their own OpenCC handle here,
	 * while the first is already at work.  One that cannot just ends
	 * (were it to wait, it could swallow a signal meant for another). */
	if (w == NULL)
		w = zh_worker_new(s->p, &err);
	pthread_mutex_lock(&s->mu);
	s->workers[index] = w;
	if (w == NULL && s->open_failed++ == 0)
		s->open_err = err;
	s->started++;
	pthread_cond_broadcast(&s->done);
	if (w == NULL) {
		pthread_mutex_unlock(&s->mu);
		return NULL;
	}
	for (;;) {
		while (!s->quit && s->next_take == s->next_fill)
			pthread_cond_wait(&s->work, &s->mu);
		if (s->quit)
			break;
		sl = &s->slots[s->next_take++ % s->nslots];
		sl->state = SLOT_RUNNING;
		pthread_mutex_unlock(&s->mu);

		zh_buf_clear(&sl->out);
		zh_buf_clear(&sl->report);
		zh_buf_clear(&sl->diag);
		sl->rc = zh_worker_run(w, sl->name, &sl->chunk, &sl->markup,
				       &sl->out, &sl->report, &sl->diag, &sl->res,
				       &sl->err);

		pthread_mutex_lock(&s->mu);
		sl->state = SLOT_DONE;
		pthread_cond_broadcast(&s->done);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct zh_sched *
zh_sched_new(const struct zh_pipeline *p, int jobs, struct zh_converter *first,
	     struct zh_error *err)
{
	struct zh_sched *s = zh_xcalloc(1, sizeof *s);

	s->p = p;
	s->jobs = jobs < 1 ? 1 : jobs;
	s->workers = zh_xcalloc((size_t)s->jobs, sizeof *s->workers);
	s->workers[0] = first != NULL ? zh_worker_adopt(p, first) :
			zh_worker_new(p, err);
	if (s->workers[0] == NULL) {
		zh_sched_free(s);
		return NULL;
	}
	return s;
}

/* Tells the user, through the sink's diagnostics, that -j N became
 * fewer jobs (HOW: "one" or "fewer"): the output is the same, only
 * slower. */
static void
warn_jobs(const struct zh_sched *s, const struct zh_sink *sink,
	  const struct zh_error *err, const char *how)
{
	struct zh_buf msg = ZH_BUF_INIT;

	if (sink->diag == NULL)
		return;
	zh_buf_printf(&msg, "zhnorm: warning: cannot run %d jobs (%s%s%s); "
		      "going on with %s\n", s->jobs, err->file,
		      err->file[0] != '\0' ? ": " : "", err->msg, how);
	sink->diag(sink->ctx, msg.data, msg.len);
	zh_buf_free(&msg);
}

/*
 * Starts the worker threads: called when a second chunk arrives, so that a
 * short input never pays for loading more than one OpenCC handle.  The
 * first thread takes the worker that is already open; the others open
 * theirs and join in when they have it.  Returns 0, or -1 with ERR set
 * when a thread cannot be created (then the run goes on with one job, on
 * the calling thread, and the threads that did start stay idle).
 */
static int
start_threads(struct zh_sched *s, struct zh_error *err)
{
	struct thread_arg *ta;
	int i, rc;

	s->nslots = 2 * (size_t)s->jobs;
	s->slots = zh_xcalloc(s->nslots, sizeof *s->slots);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->done, NULL);
	s->threads = zh_xcalloc((size_t)s->jobs, sizeof *s->threads);
	for (i = 0; i < s->jobs; i++) {
		ta = zh_xmalloc(sizeof *ta);
		ta->s = s;
		ta->index = i;
		rc = pthread_create(&s->threads[i], NULL, worker_main, ta);
		if (rc != 0) {
			free(ta);
			zh_error_set(err, NULL, 0, 0, "cannot start a thread: %s",
				     strerror(rc));
			s->start_failed = 1;
			break;
		}
		s->nthreads++;
	}
	return s->start_failed ? -1 : 0;
}

/* Waits until every thread has tried to open its worker, so that no
 * thread writes s->workers after the run; then, once per scheduler,
 * warns of the workers that could not open. */
static void
settle_threads(struct zh_sched *s, const struct zh_sink *sink)
{
	struct zh_error err;
	int failed;

	pthread_mutex_lock(&s->mu);
	while (s->started < s->nthreads)
		pthread_cond_wait(&s->done, &s->mu);
	failed = s->open_failed;
	err = s->open_err;
	pthread_mutex_unlock(&s->mu);
	if (failed > 0 && !s->open_warned && !s->start_failed) {
		s->open_warned = 1;
		warn_jobs(s, sink, &err, "fewer");
	}
}

void
zh_sched_free(struct zh_sched *s)
{
	size_t k;
	int i;

	if (s == NULL)
		return;
	if (s->nthreads > 0) {
		pthread_mutex_lock(&s->mu);
		s->quit = 1;
		pthread_cond_broadcast(&s->work);
		pthread_mutex_unlock(&s->mu);
		for (i = 0; i < s->nthreads; i++)
			pthread_join(s->threads[i], NULL);
	}
	if (s->slots != NULL) {
		for (k = 0; k < s->nslots; k++) {
			zh_buf_free(&s->slots[k].in);
			zh_buf_free(&s->slots[k].out);
			zh_buf_free(&s->slots[k].report);
			zh_buf_free(&s->slots[k].diag);
		}
		free(s->slots);
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->work);
		pthread_cond_destroy(&s->done);
	}
	for (i = 0; i < s->jobs; i++)
		zh_worker_free(s->workers[i]);	/* NULL is fine */
	free(s->workers);
	free(s->threads);
	free(s);
}

void
zh_sched_fired(const struct zh_sched *s, unsigned long *fired,
	       unsigned long *tried)
{
	size_t k;
	int i;

	for (i = 0; i < s->jobs; i++) {
		const struct zh_matcher *m;

		if (s->workers[i] == NULL || (m = s->workers[i]->m) == NULL)
			continue;
		for (k = 0; k <= m->nrules; k++) {
			fired[k] += m->fired[k];
			tried[k] += m->tried[k];
		}
	}
}

/* Would a read of FD block?  Regular files never do. */
static int
would_block(int fd)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 0;
}

/*
 * Hands a chunk's results to the sink and folds its result into RES.
 * Returns 0 to go on, -1 when the run must stop (RES->status says why).
 */
static int
deliver(const struct zh_sink *sink, struct zh_buf *out, struct zh_buf *report,
	struct zh_buf *diag, const struct zh_result *r, int rc,
	const struct zh_error *err, struct zh_run_result *res)
{
	if (diag->len > 0)
		sink->diag(sink->ctx, diag->data, diag->len);
	if ((out->len > 0 && sink->text(sink->ctx, out->data, out->len, &res->err) < 0) ||
	    (report->len > 0 && sink->report(sink->ctx, report->data, report->len, &res->err) < 0)) {
		res->status = ZH_RUN_SINK_ERROR;
		return -1;
	}
	zh_buf_clear(out);
	zh_buf_clear(report);
	zh_buf_clear(diag);
	res->lines += r->lines;
	res->changed += r->changed;
	res->findings += r->findings;
	res->failures += r->failures;
	if (r->script <= ZH_SCRIPT_HANT)
		res->scripts[r->script]++;
	res->counts.hans += r->counts.hans;
	res->counts.hant += r->counts.hant;
	if (rc < 0) {
		res->status = ZH_RUN_STAGE_ERROR;
		res->err = *err;
		return -1;
	}
	if (r->invalid) {
		res->status = ZH_RUN_INVALID;
		res->invalid_at = r->invalid_at;
		return -1;
	}
	return 0;
}

/* Waits for the oldest slot in flight and writes it out (or, once the run
 * is stopping, drops it).  Returns 0, or -1 when the run must stop. */
static int
write_oldest(struct zh_sched *s, const struct zh_sink *sink,
	     struct zh_run_result *res, int stopping)
{
	struct slot *sl = &s->slots[s->next_write % s->nslots];
	int rc = 0;

	pthread_mutex_lock(&s->mu);
	while (sl->state != SLOT_DONE)
		pthread_cond_wait(&s->done, &s->mu);
	pthread_mutex_unlock(&s->mu);
	if (!stopping) {
		rc = deliver(sink, &sl->out, &sl->report, &sl->diag, &sl->res,
			     sl->rc, &sl->err, res);
		if (sink->progress != NULL)
			sink->progress(sink->ctx, sl->chunk.offset + sl->chunk.len);
	}
	sl->state = SLOT_FREE;
	s->next_write++;
	return rc;
}

/* Writes out (or drops) every slot in flight. */
static int
drain(struct zh_sched *s, const struct zh_sink *sink,
      struct zh_run_result *res, int stopping)
{
	while (s->next_write < s->next_fill)
		if (write_oldest(s, sink, res, stopping) < 0)
			stopping = 1;
	return stopping ? -1 : 0;
}

/* Moves the markup state ST over the lines of chunk C, without looking
 * for anything but what it needs to know at the next line.  Each line
 * sees the rest of the chunk after it, as it does in zh_worker_run, so
 * the state comes out the same; in Markdown the reader ends chunks after
 * blank lines, where nothing looked ahead for goes on. */
static void
advance_markup(struct zh_markup_state *st, const struct zh_chunk *c)
{
	const char *s = c->data, *end = c->data + c->len, *nl;
	size_t len;

	if (st->kind == ZH_MARKUP_TEXT && !st->markers)
		return;
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if (nl < end && len > 0 && s[len - 1] == '\r')
			len--;
		zh_markup_line(st, s, len, nl < end ? nl + 1 : end,
			       nl < end ? (size_t)(end - nl - 1) : 0, NULL, NULL);
	}
}

static void
submit(struct zh_sched *s, const char *name, const struct zh_chunk *c,
       struct zh_markup_state *st)
{
	struct slot *sl = &s->slots[s->next_fill % s->nslots];

	sl->markup = *st;
	advance_markup(st, c);
	zh_buf_clear(&sl->in);
	zh_buf_append(&sl->in, c->data, c->len);
	sl->chunk = *c;
	sl->chunk.data = sl->in.data;
	sl->name = name;
	pthread_mutex_lock(&s->mu);
	sl->state = SLOT_PENDING;
	s->next_fill++;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->mu);
}

void
zh_sched_run(struct zh_sched *s, int fd, const char *name,
	     const struct zh_sink *sink, struct zh_run_result *res)
{
	struct zh_buf out = ZH_BUF_INIT, report = ZH_BUF_INIT, diag = ZH_BUF_INIT;
	struct zh_reader r;
	struct zh_chunk c;
	struct zh_result cr;
	struct zh_error err;
	enum zh_read_status st;
	struct zh_markup_state markup;
	enum zh_markup kind;
	unsigned long chunks = 0;
	int stop = 0, rc;

	memset(res, 0, sizeof *res);
	zh_reader_init(&r, fd, name);
	kind = s->p->markup_guess ? zh_markup_guess(name) : s->p->markup;
	if (kind == ZH_MARKUP_TEXT)
		kind = s->p->markup;	/* a name that says nothing */
	zh_markup_init(&markup, kind, s->p->markers);
	/* Markdown looks ahead to the end of a paragraph: chunks end after
	 * blank lines. */
	zh_reader_blocks(&r, kind == ZH_MARKUP_MARKDOWN);
	while (!stop) {
		st = zh_reader_next(&r, &c);
		if (st == ZH_READ_EOF)
			break;
		if (st == ZH_READ_NEED) {
			if (would_block(fd)) {
				/* Let everything done so far go out first. */
				if (s->nthreads > 0 && drain(s, sink, res, 0) < 0)
					break;
				if (sink->flush(sink->ctx, &res->err) < 0) {
					res->status = ZH_RUN_SINK_ERROR;
					break;
				}
			}
			if (zh_reader_fill(&r, &err) < 0) {
				if (s->nthreads > 0)
					stop = drain(s, sink, res, 0) < 0;
				if (!stop) {
					res->status = ZH_RUN_READ_ERROR;
					res->err = err;
				}
				break;
			}
			continue;
		}
		/* A second chunk: the input is long enough for threads.  If
		 * they cannot all start, the run goes on with one job (the
		 * threads that did start stay idle). */
		if (s->nthreads == 0 && s->jobs > 1 && chunks > 0 &&
		    !s->start_failed && start_threads(s, &err) < 0)
			warn_jobs(s, sink, &err, "one");
		chunks++;
		if (c.block_cut)
			res->block_cuts++;
		if (s->nthreads == 0 || s->start_failed) {
			rc = zh_worker_run(s->workers[0], name, &c, &markup, &out,
					   &report, &diag, &cr, &err);
			stop = deliver(sink, &out, &report, &diag, &cr, rc, &err,
				       res) < 0;
			if (sink->progress != NULL)
				sink->progress(sink->ctx, c.offset + c.len);
			continue;
		}
		/* Make room, then hand the chunk to the workers. */
		while (!stop && s->next_fill - s->next_write >= s->nslots)
			stop = write_oldest(s, sink, res, 0) < 0;
		if (!stop)
			submit(s, name, &c, &markup);
	}
	if (s->nthreads > 0) {
		drain(s, sink, res, stop);
		settle_threads(s, sink);
	}
	zh_reader_free(&r);
	zh_buf_free(&out);
	zh_buf_free(&report);
	zh_buf_free(&diag);
}
