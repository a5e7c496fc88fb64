/*
 * writer.c - buffered output and safely replaced output files (see writer.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "writer.h"

void
zh_writer_init(struct zh_writer *w, int fd, const char *name)
{
	w->fd = fd;
	w->name = name;
	zh_buf_init(&w->buf);
}

void
zh_writer_free(struct zh_writer *w)
{
	zh_buf_free(&w->buf);
}

static int
write_all(struct zh_writer *w, const char *s, size_t n, struct zh_error *err)
{
	ssize_t k;

	while (n > 0) {
		k = write(w->fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return zh_error_set(err, w->name, 0, 0,
					    "write error: %s", strerror(errno));
		}
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

int
zh_writer_put(struct zh_writer *w, const char *s, size_t n,
	      struct zh_error *err)
{
	if (w->buf.len + n > ZH_WRITE_SIZE) {
		if (zh_writer_flush(w, err) < 0)
			return -1;
		if (n >= ZH_WRITE_SIZE)
			return write_all(w, s, n, err);
	}
	zh_buf_append(&w->buf, s, n);
	return 0;
}

int
zh_writer_flush(struct zh_writer *w, struct zh_error *err)
{
	int rc = 0;

	if (w->buf.len > 0)
		rc = write_all(w, w->buf.data, w->buf.len, err);
	zh_buf_clear(&w->buf);
	return rc;
}

int
zh_outfile_open(struct zh_outfile *o, const char *target, int follow,
		struct zh_error *err)
{
	struct stat st;
	char *dir_end;
	size_t n;
	mode_t mask, mode;
	int have_st;

	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->target = NULL;
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		/* A device or a FIFO (/dev/null, /dev/stdout, a named pipe) is
		 * written to: a file renamed over it would take its place. */
		o->fd = open(target, O_WRONLY);
		if (o->fd < 0)
			return zh_error_set(err, target, 0, 0, "cannot open: %s",
					    strerror(errno));
		o->target = zh_xstrdup(target);
		return 0;
	}
	if (follow && lstat(target, &st) == 0 && S_ISLNK(st.st_mode)) {
		o->target = realpath(target, NULL);
		if (o->target == NULL)
			return zh_error_set(err, target, 0, 0,
					    "cannot resolve link: %s",
					    strerror(errno));
	} else
		o->target = zh_xstrdup(target);
	have_st = stat(o->target, &st) == 0;
	if (have_st && S_ISDIR(st.st_mode)) {
		zh_error_set(err, target, 0, 0, "is a directory");
		goto fail;
	}
	n = strlen(o->target);
	o->temp = zh_xmalloc(n + 16);
	dir_end = strrchr(o->target, '/');
	if (dir_end != NULL)
		snprintf(o->temp, n + 16, "%.*s/.zhnorm.XXXXXX",
			 (int)(dir_end - o->target), o->target);
	else
		snprintf(o->temp, n + 16, ".zhnorm.XXXXXX");
	o->fd = mkstemp(o->temp);
	if (o->fd < 0) {
		zh_error_set(err, target, 0, 0,
			     "cannot create a temporary file beside it: %s",
			     strerror(errno));
		free(o->temp);
		o->temp = NULL;
		goto fail;
	}
	if (have_st) {
		/* Keep the target's owner where we may (a group we are not
		 * in, or another owner, is not ours to give), and its mode. */
		if (fchown(o->fd, st.st_uid, st.st_gid) < 0)
			(void)fchown(o->fd, (uid_t)-1, st.st_gid);
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	/* mkstemp made it 0600: a file that silently stayed so would be a
	 * change the user did not ask for. */
	if (fchmod(o->fd, mode) < 0) {
		zh_error_set(err, target, 0, 0, "cannot set the mode of %s: %s",
			     o->temp, strerror(errno));
		zh_outfile_discard(o);
		return -1;
	}
	return 0;
fail:
	free(o->target);
	o->target = NULL;
	return -1;
}

int
zh_outfile_commit(struct zh_outfile *o, struct zh_error *err)
{
	int fd = o->fd;

	o->fd = -1;
	if (o->temp == NULL) {
		/* Written to directly: nothing to sync or rename. */
		if (close(fd) < 0) {
			zh_error_set(err, o->target, 0, 0, "write error: %s",
				     strerror(errno));
			zh_outfile_discard(o);
			return -1;
		}
		free(o->target);
		o->target = NULL;
		return 0;
	}
	/* Write-back errors (EIO, ENOSPC on delayed allocation) show only
	 * here, and a rename over the target before the data is on disk can
	 * leave an empty file after a crash. */
	if (fsync(fd) < 0 && errno != EINVAL) {
		zh_error_set(err, o->target, 0, 0, "write error: %s",
			     strerror(errno));
		close(fd);
		zh_outfile_discard(o);
		return -1;
	}
	if (close(fd) < 0) {
		zh_error_set(err, o->target, 0, 0, "write error: %s",
			     strerror(errno));
		zh_outfile_discard(o);
		return -1;
	}
	if (rename(o->temp, o->target) < 0) {
		zh_error_set(err, o->target, 0, 0, "cannot replace: %s",
			     strerror(errno));
		zh_outfile_discard(o);
		return -1;
	}
	free(o->temp);
	o->temp = NULL;
	free(o->target);
	o->target = NULL;
	return 0;
}

void
zh_outfile_discard(struct zh_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->temp != NULL) {
		unlink(o->temp);
		free(o->temp);
		o->temp = NULL;
	}
	free(o->target);
	o->target = NULL;
}
