/*
 * writer.h - the last stage: buffered output to a descriptor, and output
 * files that replace their target only when everything went well.
 *
 * -o FILE and -i write to a temporary file in the target's directory and
 * rename it over the target at the end, so a failed or interrupted run
 * never leaves a truncated or half-converted file.
 */
#ifndef ZH_WRITER_H
#define ZH_WRITER_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "error.h"

#define ZH_WRITE_SIZE (256 * 1024)

struct zh_writer {
	int fd;
	const char *name;	/* for messages: "standard output" or a path */
	struct zh_buf buf;
};

void zh_writer_init(struct zh_writer *w, int fd, const char *name);
void zh_writer_free(struct zh_writer *w);
/* Buffers S[0..N), writing out when the buffer is full.  Returns 0 or -1
 * with ERR set ("NAME: write error: ..."). */
int zh_writer_put(struct zh_writer *w, const char *s, size_t n,
		  struct zh_error *err);
/* Writes out everything buffered.  Returns 0 or -1 with ERR set. */
int zh_writer_flush(struct zh_writer *w, struct zh_error *err);

/* A temporary output file next to its target, or the target itself when
 * it is a device or a FIFO. */
struct zh_outfile {
	char *target;		/* the path that will be replaced (links resolved) */
	char *temp;		/* the temporary file; NULL once renamed or removed,
				 * and when the target is written directly */
	int fd;
};

/*
 * Creates a temporary file in the directory of TARGET.  With FOLLOW, a
 * symbolic link TARGET is resolved first, so the file it points to is
 * replaced and the link kept.  When TARGET exists its permission bits (and,
 * where allowed, owner and group) are copied to the temporary file; else
 * the file gets 0666 less the umask.  A TARGET that exists and is neither
 * a regular file nor a directory (a device such as /dev/null, a FIFO) is
 * opened and written directly, since a file renamed over it would take
 * its place; then there is nothing to undo on discard.  Returns 0, or -1
 * with ERR set.  The caller ends with zh_outfile_commit or
 * zh_outfile_discard.
 */
int zh_outfile_open(struct zh_outfile *o, const char *target, int follow,
		    struct zh_error *err);
/* Syncs the temporary file to disk, closes it and renames it over the
 * target.  Returns 0, or -1 with ERR set (the temporary file is then
 * removed). */
int zh_outfile_commit(struct zh_outfile *o, struct zh_error *err);
/* Closes and removes the temporary file; the target is untouched. */
void zh_outfile_discard(struct zh_outfile *o);

#endif
