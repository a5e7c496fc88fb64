/*
 * check_reader.c - unit tests of the reader (reader.c): chunks of whole
 * lines, over-long lines cut at safe points, and zh_reader_safe_cut.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "reader.h"
#include "utf8.h"

/* A chunk as handed out, with a copy of its bytes. */
struct got {
	char *data;
	size_t len;
	uint64_t offset;
	unsigned long lineno;
	int cut, continued;
};

struct gotlist {
	struct got *v;
	size_t n, cap;
};

static void
got_add(struct gotlist *l, const struct zh_chunk *c)
{
	struct got *g;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		ck_assert_ptr_nonnull(l->v);
	}
	g = &l->v[l->n++];
	g->data = malloc(c->len + 1);
	ck_assert_ptr_nonnull(g->data);
	memcpy(g->data, c->data, c->len);
	g->data[c->len] = '\0';
	g->len = c->len;
	g->offset = c->offset;
	g->lineno = c->lineno;
	g->cut = c->cut;
	g->continued = c->continued;
}

static void
got_free(struct gotlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].data);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Hands out every chunk buffered so far; returns the status that ended
 * the run (NEED or EOF). */
static enum zh_read_status
drain(struct zh_reader *r, struct gotlist *l)
{
	struct zh_chunk c;
	enum zh_read_status st;

	while ((st = zh_reader_next(r, &c)) == ZH_READ_CHUNK) {
		ck_assert_uint_gt(c.len, 0);
		got_add(l, &c);
	}
	return st;
}

/* Reads all of FD with line limit MAXLINE (0: the default) into L. */
static void
read_all(int fd, size_t maxline, struct gotlist *l)
{
	struct zh_reader r;
	struct zh_error err;
	int rounds = 0;

	zh_reader_init(&r, fd, "test");
	if (maxline > 0)
		r.maxline = maxline;
	while (drain(&r, l) != ZH_READ_EOF) {
		ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
		ck_assert_int_lt(++rounds, 100000);
	}
	/* After the end, the reader stays at the end. */
	{
		struct zh_chunk c;

		ck_assert_int_eq(zh_reader_next(&r, &c), ZH_READ_EOF);
		ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
		ck_assert_int_eq(zh_reader_next(&r, &c), ZH_READ_EOF);
	}
	zh_reader_free(&r);
}

/* Returns a descriptor of a temporary file holding S[0..N). */
static int
temp_input(const char *s, size_t n)
{
	char path[] = "/tmp/check_reader.XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(unlink(path), 0);
	if (n > 0)
		ck_assert_int_eq(write(fd, s, n), (ssize_t)n);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Reads S[0..N) from a temporary file into L. */
static void
read_string(const char *s, size_t n, size_t maxline, struct gotlist *l)
{
	int fd = temp_input(s, n);

	read_all(fd, maxline, l);
	close(fd);
}

/* Counts the newlines in S[0..N). */
static unsigned long
newlines(const char *s, size_t n)
{
	unsigned long k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

/*
 * Checks what must hold for any input IN[0..N) read with limit MAXLINE:
 * the chunks concatenate to the input; each chunk's offset and line number
 * are those of its first byte; a chunk ends with a newline unless it is
 * cut or the last one; cut/continued agree; no chunk is longer than the
 * limit plus a newline and no piece of a line longer than MAXLINE; no cut
 * falls inside a valid UTF-8 sequence.
 */
static void
check_invariants(const char *in, size_t n, size_t maxline,
		 const struct gotlist *l)
{
	size_t i, pos = 0, piece = 0;
	int prev_cut = 0;

	for (i = 0; i < l->n; i++) {
		const struct got *g = &l->v[i];
		size_t k;

		ck_assert_msg(pos + g->len <= n, "chunk %zu runs past the input", i);
		ck_assert_msg(memcmp(in + pos, g->data, g->len) == 0,
			      "chunk %zu differs from the input at %zu", i, pos);
		ck_assert_uint_eq(g->offset, pos);
		ck_assert_uint_eq(g->lineno, 1 + newlines(in, pos));
		ck_assert_int_eq(g->continued, prev_cut);
		/* reader.h: a chunk holds at most the limit plus a newline. */
		ck_assert_uint_le(g->len, (maxline > 0 ? maxline : ZH_MAX_LINE) + 1);
		if (g->cut) {
			ck_assert_msg(g->data[g->len - 1] != '\n',
				      "cut chunk %zu ends with a newline", i);
			/* The cut is not inside a valid sequence of the input. */
			ck_assert_uint_eq(zh_utf8_char_start(in, n, pos + g->len),
					  pos + g->len);
		} else if (i + 1 < l->n) {
			ck_assert_msg(g->data[g->len - 1] == '\n',
				      "chunk %zu (\"%s\") does not end a line", i,
				      g->data);
		}
		if (maxline > 0)
			for (k = 0; k < g->len; k++) {
				if (g->data[k] == '\n') {
					piece = 0;
					continue;
				}
				piece++;
				ck_assert_msg(piece <= maxline,
					      "chunk %zu holds a line piece longer "
					      "than %zu bytes: \"%s\"", i, maxline,
					      g->data);
			}
		if (g->cut)
			piece = 0;
		prev_cut = g->cut;
		pos += g->len;
	}
	ck_assert_uint_eq(pos, n);
	ck_assert_int_eq(prev_cut, 0);
}

static void
expect_chunk(const struct gotlist *l, size_t i, const char *data, size_t len,
	     uint64_t offset, unsigned long lineno, int cut, int continued)
{
	const struct got *g;

	ck_assert_uint_lt(i, l->n);
	g = &l->v[i];
	ck_assert_msg(g->len == len && memcmp(g->data, data, len) == 0,
		      "chunk %zu is \"%s\" (%zu bytes), want \"%.*s\"", i,
		      g->data, g->len, (int)len, data);
	ck_assert_uint_eq(g->offset, offset);
	ck_assert_uint_eq(g->lineno, lineno);
	ck_assert_int_eq(g->cut, cut);
	ck_assert_int_eq(g->continued, continued);
}

/* ---- whole lines -------------------------------------------------------- */

START_TEST(test_empty_input)
{
	struct zh_reader r;
	struct zh_chunk c;
	struct zh_error err;
	int fd = temp_input("", 0);

	zh_reader_init(&r, fd, "empty");
	/* Nothing is buffered before the first read. */
	ck_assert_int_eq(zh_reader_next(&r, &c), ZH_READ_NEED);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(zh_reader_next(&r, &c), ZH_READ_EOF);
	zh_reader_free(&r);
	close(fd);
}
END_TEST

START_TEST(test_simple_lines)
{
	static const char in[] = "one\ntwo\nthree\n";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 0, &l);
	check_invariants(in, sizeof in - 1, 0, &l);
	ck_assert_uint_eq(l.n, 1);
	expect_chunk(&l, 0, in, sizeof in - 1, 0, 1, 0, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_no_final_newline)
{
	static const char in[] = "first\nsecond\nlast";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 0, &l);
	check_invariants(in, sizeof in - 1, 0, &l);
	/* The complete lines first; the last line only at the end. */
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 0, "first\nsecond\n", 13, 0, 1, 0, 0);
	expect_chunk(&l, 1, "last", 4, 13, 3, 0, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_single_line_no_newline)
{
	struct gotlist l = { 0 };

	read_string("x", 1, 0, &l);
	ck_assert_uint_eq(l.n, 1);
	expect_chunk(&l, 0, "x", 1, 0, 1, 0, 0);
	got_free(&l);
	read_string("\n", 1, 0, &l);
	ck_assert_uint_eq(l.n, 1);
	expect_chunk(&l, 0, "\n", 1, 0, 1, 0, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_crlf)
{
	static const char in[] = "a\r\nbb\r\n\r\nc\r";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 0, &l);
	check_invariants(in, sizeof in - 1, 0, &l);
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 0, "a\r\nbb\r\n\r\n", 9, 0, 1, 0, 0);
	/* A lone CR is not a line end. */
	expect_chunk(&l, 1, "c\r", 2, 9, 4, 0, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char in[] = "a\0b\n\0\n\0\0\0\nend\0";
	size_t n = sizeof in - 1;
	struct gotlist l = { 0 };

	ck_assert_uint_eq(n, 14);
	read_string(in, n, 0, &l);
	check_invariants(in, n, 0, &l);
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 0, in, 10, 0, 1, 0, 0);
	expect_chunk(&l, 1, "end\0", 4, 10, 4, 0, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_pieces_through_pipe)
{
	struct zh_reader r;
	struct zh_error err;
	struct gotlist l = { 0 };
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	zh_reader_init(&r, fds[0], "pipe");

	ck_assert_int_eq(write(fds[1], "one\ntw", 6), 6);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 1);
	expect_chunk(&l, 0, "one\n", 4, 0, 1, 0, 0);

	/* A read with no newline hands out nothing. */
	ck_assert_int_eq(write(fds[1], "o", 1), 1);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 1);

	ck_assert_int_eq(write(fds[1], "\nthree\nfo", 9), 9);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 1, "two\nthree\n", 10, 4, 2, 0, 0);

	ck_assert_int_eq(write(fds[1], "ur", 2), 2);
	ck_assert_int_eq(close(fds[1]), 0);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	/* "four" has no newline yet and the end is not known. */
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_EOF);
	ck_assert_uint_eq(l.n, 3);
	expect_chunk(&l, 2, "four", 4, 14, 4, 0, 0);

	zh_reader_free(&r);
	close(fds[0]);
	got_free(&l);
}
END_TEST

/* In block mode a chunk ends after a blank line, or at the end. */
START_TEST(test_blocks_through_pipe)
{
	struct zh_reader r;
	struct zh_error err;
	struct gotlist l = { 0 };
	struct zh_chunk c;
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	zh_reader_init(&r, fds[0], "pipe");
	zh_reader_blocks(&r, 1);
	/* A paragraph without its blank line is held back. */
	ck_assert_int_eq(write(fds[1], "a\nb\n", 4), 4);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(write(fds[1], " \t\nc\n\r\nd\n", 9), 9);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 1);
	expect_chunk(&l, 0, "a\nb\n \t\nc\n\r\n", 11, 0, 1, 0, 0);
	ck_assert_int_eq(close(fds[1]), 0);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_EOF);
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 1, "d\n", 2, 11, 6, 0, 0);
	zh_reader_free(&r);
	close(fds[0]);
	got_free(&l);

	/* A block over the limit goes out at a line end, marked. */
	ck_assert_int_eq(pipe(fds), 0);
	zh_reader_init(&r, fds[0], "pipe");
	zh_reader_blocks(&r, 1);
	r.maxline = 8;
	ck_assert_int_eq(write(fds[1], "abc\ndef\nghi\n", 12), 12);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(zh_reader_next(&r, &c), ZH_READ_CHUNK);
	ck_assert_uint_eq(c.len, 8);
	ck_assert_int_eq(c.block_cut, 1);
	zh_reader_free(&r);
	close(fds[1]);
	close(fds[0]);

	/* Front matter at the start is not cut at its blank lines. */
	ck_assert_int_eq(pipe(fds), 0);
	zh_reader_init(&r, fds[0], "pipe");
	zh_reader_blocks(&r, 1);
	ck_assert_int_eq(write(fds[1], "---\na: 1\n\nb: 2\n---\n\nx\n", 22), 22);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(close(fds[1]), 0);
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_EOF);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].len, 22);
	zh_reader_free(&r);
	close(fds[0]);
	got_free(&l);
}
END_TEST

START_TEST(test_large_input)
{
	/* Many reads' worth of numbered lines of varying length, some with
	 * CRLF, NUL and multi-byte characters. */
	struct zh_buf in = ZH_BUF_INIT;
	struct gotlist l = { 0 };
	unsigned long i;

	for (i = 0; i < 150000; i++) {
		zh_buf_printf(&in, "%lu ", i);
		if (i % 7 == 0)
			zh_buf_puts(&in, "\xe6\xb1\x89\xe5\xad\x97");
		if (i % 11 == 0)
			zh_buf_append(&in, "\0", 1);
		zh_buf_puts(&in, i % 3 == 0 ? "\r\n" : "\n");
	}
	zh_buf_puts(&in, "tail");
	read_string(in.data, in.len, 0, &l);
	ck_assert_uint_gt(in.len, 2 * ZH_READ_SIZE);
	ck_assert_uint_gt(l.n, 2);
	check_invariants(in.data, in.len, 0, &l);
	ck_assert_uint_eq(l.v[l.n - 1].lineno, 150001);
	got_free(&l);
	zh_buf_free(&in);
}
END_TEST

START_TEST(test_read_error)
{
	struct zh_reader r;
	struct zh_error err;
	int fd = open("/", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	zh_reader_init(&r, fd, "somedir");
	zh_error_clear(&err);
	ck_assert_int_eq(zh_reader_fill(&r, &err), -1);
	ck_assert_str_eq(err.file, "somedir");
	ck_assert_msg(strncmp(err.msg, "read error: ", 12) == 0, "msg: %s",
		      err.msg);
	zh_reader_free(&r);
	close(fd);
}
END_TEST

/* ---- over-long lines ---------------------------------------------------- */

START_TEST(test_cut_after_space)
{
	/* 29 bytes, no newline, limit 16: "aaaa bbbb cccc " is the longest
	 * prefix of at most 16 bytes ending after a space. */
	static const char in[] = "aaaa bbbb cccc dddd eeee ffff";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 16, &l);
	check_invariants(in, sizeof in - 1, 16, &l);
	ck_assert_uint_eq(l.n, 2);
	expect_chunk(&l, 0, "aaaa bbbb cccc ", 15, 0, 1, 1, 0);
	expect_chunk(&l, 1, "dddd eeee ffff", 14, 15, 1, 0, 1);
	got_free(&l);
}
END_TEST

START_TEST(test_cut_after_cjk_punctuation)
{
	/* 一二三四， is 15 bytes; the limit of 16 falls inside 五. */
	static const char in[] =
		"\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b\xef\xbc\x8c"
		"\xe4\xba\x94\xe5\x85\xad\xe4\xb8\x83\xe5\x85\xab\xe4\xb9\x9d"
		"\xe5\x8d\x81";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 16, &l);
	check_invariants(in, sizeof in - 1, 16, &l);
	ck_assert_uint_ge(l.n, 2);
	expect_chunk(&l, 0, in, 15, 0, 1, 1, 0);
	got_free(&l);
}
END_TEST

START_TEST(test_cut_after_each_mark)
{
	/* After 。，、；：？！ and the ideographic space the line may be cut:
	 * "汉字" + MARK + "汉字汉字" with limit 16 cuts after the mark (9). */
	static const char *const marks[] = {
		"\xe3\x80\x82", "\xef\xbc\x8c", "\xe3\x80\x81", "\xef\xbc\x9b",
		"\xef\xbc\x9a", "\xef\xbc\x9f", "\xef\xbc\x81", "\xe3\x80\x80",
	};
	size_t k;

	for (k = 0; k < sizeof marks / sizeof marks[0]; k++) {
		char in[64];
		struct gotlist l = { 0 };

		snprintf(in, sizeof in, "\xe6\xb1\x89\xe5\xad\x97%s"
			 "\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89\xe5\xad\x97", marks[k]);
		ck_assert_uint_eq(strlen(in), 21);
		ck_assert_uint_eq(zh_reader_safe_cut(in, 16), 9);
		read_string(in, 21, 16, &l);
		check_invariants(in, 21, 16, &l);
		expect_chunk(&l, 0, in, 9, 0, 1, 1, 0);
		got_free(&l);
	}
}
END_TEST

START_TEST(test_cut_hanzi_no_break)
{
	/* 20 characters of 3 bytes with no break, limit 16: each piece is
	 * five characters (15 bytes), never part of a character. */
	struct zh_buf in = ZH_BUF_INIT;
	struct gotlist l = { 0 };
	size_t i;

	for (i = 0; i < 20; i++)
		zh_buf_puts(&in, i % 2 ? "\xe5\xad\x97" : "\xe6\xb1\x89");
	read_string(in.data, in.len, 16, &l);
	check_invariants(in.data, in.len, 16, &l);
	ck_assert_uint_eq(l.n, 4);
	expect_chunk(&l, 0, in.data, 15, 0, 1, 1, 0);
	expect_chunk(&l, 1, in.data + 15, 15, 15, 1, 1, 1);
	expect_chunk(&l, 2, in.data + 30, 15, 30, 1, 1, 1);
	expect_chunk(&l, 3, in.data + 45, 15, 45, 1, 0, 1);
	for (i = 0; i < l.n; i++)
		ck_assert_uint_eq(zh_utf8_valid_prefix(l.v[i].data, l.v[i].len),
				  l.v[i].len);
	got_free(&l);
	zh_buf_free(&in);
}
END_TEST

START_TEST(test_cut_four_byte_chars)
{
	/* Ten 4-byte characters.  With limit 16 the limit is a character
	 * boundary: pieces of 16 bytes.  With limit 18 it falls inside the
	 * fifth character: pieces of 16 bytes again. */
	struct zh_buf in = ZH_BUF_INIT;
	struct gotlist l = { 0 };
	size_t i;

	for (i = 0; i < 10; i++)
		zh_buf_puts(&in, "\xf0\x9f\x98\x80");
	read_string(in.data, in.len, 16, &l);
	check_invariants(in.data, in.len, 16, &l);
	ck_assert_uint_eq(l.n, 3);
	expect_chunk(&l, 0, in.data, 16, 0, 1, 1, 0);
	expect_chunk(&l, 1, in.data + 16, 16, 16, 1, 1, 1);
	expect_chunk(&l, 2, in.data + 32, 8, 32, 1, 0, 1);
	got_free(&l);

	read_string(in.data, in.len, 18, &l);
	check_invariants(in.data, in.len, 18, &l);
	ck_assert_uint_eq(l.n, 3);
	expect_chunk(&l, 0, in.data, 16, 0, 1, 1, 0);
	expect_chunk(&l, 1, in.data + 16, 16, 16, 1, 1, 1);
	expect_chunk(&l, 2, in.data + 32, 8, 32, 1, 0, 1);
	got_free(&l);
	zh_buf_free(&in);
}
END_TEST

START_TEST(test_cut_then_lines)
{
	/* A long line without newline is cut; the lines that follow keep
	 * their numbers. */
	static const char in[] = "short\n\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89"
		"\xe5\xad\x97\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89\xe5\xad\x97"
		"\nnext\nlast";
	struct gotlist l = { 0 };
	struct zh_reader r;
	struct zh_error err;
	int fds[2];

	/* Through a pipe, the long line arriving before its newline. */
	ck_assert_int_eq(pipe(fds), 0);
	zh_reader_init(&r, fds[0], "pipe");
	r.maxline = 16;
	ck_assert_int_eq(write(fds[1], in, 30), 30);	/* up to 字 #8 */
	ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	ck_assert_int_eq(drain(&r, &l), ZH_READ_NEED);
	ck_assert_int_eq(write(fds[1], in + 30, sizeof in - 1 - 30),
			 (ssize_t)(sizeof in - 1 - 30));
	ck_assert_int_eq(close(fds[1]), 0);
	while (drain(&r, &l) != ZH_READ_EOF)
		ck_assert_int_eq(zh_reader_fill(&r, &err), 0);
	zh_reader_free(&r);
	close(fds[0]);
	check_invariants(in, sizeof in - 1, 16, &l);
	expect_chunk(&l, 0, "short\n", 6, 0, 1, 0, 0);
	expect_chunk(&l, 1, in + 6, 15, 6, 2, 1, 0);
	ck_assert_uint_eq(l.v[l.n - 1].lineno, 4);
	got_free(&l);
}
END_TEST

START_TEST(test_long_line_with_newline_buffered)
{
	/* Everything arrives in one read, so the newline that ends the long
	 * line is already buffered: the line must still be cut (reader.h:
	 * "A line longer than the limit is cut"). */
	static const char in[] = "ok\naaaa bbbb cccc dddd eeee ffff\nend\n";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 16, &l);
	check_invariants(in, sizeof in - 1, 16, &l);
	got_free(&l);
}
END_TEST

START_TEST(test_long_last_line_at_eof)
{
	/* The same at the end of input with no final newline. */
	static const char in[] = "ok\naaaa bbbb cccc dddd eeee ffff";
	struct gotlist l = { 0 };

	read_string(in, sizeof in - 1, 16, &l);
	check_invariants(in, sizeof in - 1, 16, &l);
	got_free(&l);
}
END_TEST

/* ---- zh_reader_safe_cut ------------------------------------------------- */

START_TEST(test_safe_cut_breaks)
{
	ck_assert_uint_eq(zh_reader_safe_cut("abc def", 7), 4);
	ck_assert_uint_eq(zh_reader_safe_cut("abc def ", 8), 8);
	ck_assert_uint_eq(zh_reader_safe_cut(" abcdefg", 8), 1);
	ck_assert_uint_eq(zh_reader_safe_cut("ab\tcdefg", 8), 3);
	ck_assert_uint_eq(zh_reader_safe_cut("a b c", 5), 4);
	/* 汉。字: after 。 (6), not after 字. */
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe3\x80\x82\xe5\xad\x97", 9), 6);
	/* 汉，字 cut inside 字: after ，. */
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xef\xbc\x8c\xe5\xad\x97", 8), 6);
	/* The last break wins: a space after a comma. */
	ck_assert_uint_eq(zh_reader_safe_cut("\xef\xbc\x8c" "ab cd", 8), 6);
	/* A space inside a 4-byte sequence's range is still a break. */
	ck_assert_uint_eq(zh_reader_safe_cut("x \xf0\x9f\x98\x80\xf0\x9f", 8), 2);
}
END_TEST

START_TEST(test_safe_cut_no_break)
{
	/* ASCII: the limit itself is a character boundary. */
	ck_assert_uint_eq(zh_reader_safe_cut("abcdefgh", 8), 8);
	ck_assert_uint_eq(zh_reader_safe_cut("a", 1), 1);
	/* 汉字汉: the end falls after each byte in turn. */
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89", 9), 9);
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89", 8), 6);
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89", 7), 6);
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89", 6), 6);
	ck_assert_uint_eq(zh_reader_safe_cut("\xe6\xb1\x89\xe5\xad\x97\xe6\xb1\x89", 5), 3);
	ck_assert_uint_eq(zh_reader_safe_cut("ab\xe6", 3), 2);
	/* 4-byte characters at the boundary. */
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 9), 9);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8), 5);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 7), 5);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 6), 5);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 5), 5);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4), 1);
	ck_assert_uint_eq(zh_reader_safe_cut("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 2), 1);
}
END_TEST

START_TEST(test_safe_cut_at_least_one)
{
	/* A single character longer than N cannot be kept whole: the cut
	 * is still at least 1 so that the reader makes progress. */
	ck_assert_uint_ge(zh_reader_safe_cut("\xf0\x9f\x98\x80", 3), 1);
	ck_assert_uint_ge(zh_reader_safe_cut("\xe6\xb1\x89", 2), 1);
	ck_assert_uint_ge(zh_reader_safe_cut("\xe6", 1), 1);
	/* Invalid bytes: any place is as good as another. */
	ck_assert_uint_eq(zh_reader_safe_cut("\xff\xff\xff\xff", 4), 4);
	ck_assert_uint_eq(zh_reader_safe_cut("\x80\x80\x80\x80\x80", 5), 5);
}
END_TEST

static Suite *
reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *lines = tcase_create("lines");
	TCase *cut = tcase_create("cut");
	TCase *safe = tcase_create("safe_cut");

	tcase_add_test(lines, test_empty_input);
	tcase_add_test(lines, test_simple_lines);
	tcase_add_test(lines, test_no_final_newline);
	tcase_add_test(lines, test_single_line_no_newline);
	tcase_add_test(lines, test_crlf);
	tcase_add_test(lines, test_nul_bytes);
	tcase_add_test(lines, test_pieces_through_pipe);
	tcase_add_test(lines, test_blocks_through_pipe);
	tcase_add_test(lines, test_large_input);
	tcase_add_test(lines, test_read_error);
	tcase_set_timeout(lines, 60);
	suite_add_tcase(s, lines);

	tcase_add_test(cut, test_cut_after_space);
	tcase_add_test(cut, test_cut_after_cjk_punctuation);
	tcase_add_test(cut, test_cut_after_each_mark);
	tcase_add_test(cut, test_cut_hanzi_no_break);
	tcase_add_test(cut, test_cut_four_byte_chars);
	tcase_add_test(cut, test_cut_then_lines);
	tcase_add_test(cut, test_long_line_with_newline_buffered);
	tcase_add_test(cut, test_long_last_line_at_eof);
	suite_add_tcase(s, cut);

	tcase_add_test(safe, test_safe_cut_breaks);
	tcase_add_test(safe, test_safe_cut_no_break);
	tcase_add_test(safe, test_safe_cut_at_least_one);
	suite_add_tcase(s, safe);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(reader_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
