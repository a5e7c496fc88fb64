/*
 * reader.h - the first stage: turns a byte stream into chunks of whole lines.
 *
 * A chunk is a run of complete lines (each ending in "\n"), or, at the end
 * of input, the last line without its newline; it holds at most the
 * reader's limit of bytes plus a newline.  A line longer than the limit is
 * cut at a safe point (after whitespace or CJK punctuation,
 * else at a character boundary), so memory stays bounded whatever the input.
 * The reader never changes a byte: concatenating the chunks gives the input.
 */
#ifndef ZH_READER_H
#define ZH_READER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

#define ZH_READ_SIZE	(256 * 1024)
#define ZH_MAX_LINE	(1024 * 1024)

struct zh_chunk {
	const char *data;	/* points into the reader's buffer */
	size_t len;
	uint64_t offset;	/* byte offset of data[0] in the input */
	unsigned long lineno;	/* line number of the first line (1-based) */
	int cut;		/* the chunk ends inside a line (over-long line) */
	int continued;		/* the chunk starts inside a line cut before */
	int block_cut;		/* blocks: the chunk ends inside a block */
};

struct zh_reader {
	int fd;
	const char *name;	/* for messages; not owned */
	struct zh_buf buf;
	size_t pos;		/* first byte not yet handed out */
	uint64_t offset;	/* input offset of buf.data[pos] */
	unsigned long lineno;	/* line number at buf.data[pos] */
	size_t maxline;		/* cut lines longer than this */
	int eof;
	int in_line;		/* the last chunk was cut inside a line */
	int blocks;		/* chunks end after blank lines (zh_reader_blocks) */
};

enum zh_read_status {
	ZH_READ_CHUNK,	/* *chunk is set */
	ZH_READ_NEED,	/* no complete line is buffered: call zh_reader_fill */
	ZH_READ_EOF	/* everything has been handed out */
};

/* Starts reading FD (not closed by the reader); NAME is used in messages. */
void zh_reader_init(struct zh_reader *r, int fd, const char *name);
void zh_reader_free(struct zh_reader *r);

/*
 * Makes every chunk but the last end just after a blank line (one of
 * spaces, tabs and a carriage return only), so that no paragraph of
 * Markdown is cut; the first chunk of an input that starts with "---" or
 * "+++" also holds at least ZH_BLOCK_HEAD lines, so that front matter is
 * whole.  A block longer than the limit is cut at a line end all the
 * same, with the chunk's block_cut set.
 */
#define ZH_BLOCK_HEAD	200
void zh_reader_blocks(struct zh_reader *r, int on);

/* Hands out the next chunk.  The chunk stays valid until the next call of
 * zh_reader_next or zh_reader_fill. */
enum zh_read_status zh_reader_next(struct zh_reader *r, struct zh_chunk *c);

/* Reads once from the descriptor (retrying on EINTR).  Returns 0, or -1 with
 * ERR set to "NAME: read error: ...". */
int zh_reader_fill(struct zh_reader *r, struct zh_error *err);

/* Returns where a line that has no newline within S[0..N) may be cut: just
 * after the last whitespace or CJK punctuation, else at the last character
 * boundary.  Always at least 1 when N > 0. */
size_t zh_reader_safe_cut(const char *s, size_t n);

#endif
