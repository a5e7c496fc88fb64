/*
 * diff.h - --diff: a unified diff of what zhnorm would change.
 *
 * In diff mode the pipeline writes, for each line, a frame holding the line
 * as read and, when it changed, the line as it would be written (both with
 * their line ends).  The differ reads the frames of an input in order and
 * writes hunks with three lines of context, as diff -u does, under the
 * header "--- a/FILE" / "+++ b/FILE", so that `patch -p1` can apply them.
 */
#ifndef ZH_DIFF_H
#define ZH_DIFF_H

#include <stddef.h>

#include "buf.h"

#define ZH_DIFF_CONTEXT 3

/* Appends a frame for one line to OUT: the line as read, LINE[0..LEN),
 * and, when it changed, NEW[0..NLEN) (NEW is NULL when it did not). */
void zh_diff_frame(struct zh_buf *out, const char *line, size_t len,
		   const char *new, size_t nlen);

struct zh_differ;

/* Starts a diff of the input NAME.  Free with zh_differ_free. */
struct zh_differ *zh_differ_new(const char *name);
void zh_differ_free(struct zh_differ *d);

/* Reads the frames FRAMES[0..LEN) (whole frames only) and appends what can
 * be written of the diff so far to OUT. */
void zh_differ_feed(struct zh_differ *d, const char *frames, size_t len,
		    struct zh_buf *out);

/* Ends the input: appends the last hunk, if any, to OUT.  Returns the
 * number of changed lines. */
unsigned long zh_differ_finish(struct zh_differ *d, struct zh_buf *out);

#endif
