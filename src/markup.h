/*
 * markup.h - the markup stage: which parts of a line are not text.
 *
 * In HTML (as HTML5 tokenizes it), tags with their attributes, comments,
 * bogus comments, entities, the content of <script>, <style>, <textarea>,
 * <xmp>, <iframe>, <noembed> and <noframes>, of <code>, <pre>, <kbd> and
 * <samp>, and all after <plaintext> are not text; in Markdown, code spans, fenced and indented code blocks,
 * link targets, reference definitions, autolinks, front matter and HTML
 * (an HTML block is read as HTML: the text in it is text).  Those parts
 * become protected ranges, so neither conversion nor any rule touches
 * them.  In every mode, -{text}- (as in MediaWiki) protects its text, and
 * its markers are removed on output unless they are to be kept.
 *
 * Constructs may span lines (a multi-line tag, a code fence), so a small
 * state is carried from line to line.  The state is plain data: whoever
 * splits the input into chunks can run zh_markup_line over the lines with
 * no callback, cheaply, to know the state at the start of each chunk.
 * Markdown also looks ahead, to the end of a paragraph: chunks must end
 * after blank lines (zh_reader_blocks) for the result not to depend on
 * where they end.
 */
#ifndef ZH_MARKUP_H
#define ZH_MARKUP_H

#include <stddef.h>

#include "buf.h"

enum zh_markup {
	ZH_MARKUP_TEXT,
	ZH_MARKUP_HTML,
	ZH_MARKUP_MARKDOWN
};

enum zh_span_kind {
	ZH_SPAN_PROTECT,	/* not text: shield it */
	ZH_SPAN_STRIP,		/* a -{ or }- marker: remove it on output */
	/* Visible text inside a protected range: an attribute's value
	 * (HTML, whose character references stand for their characters)
	 * or a link title (Markdown, where backslash escapes are kept as
	 * they are).  What ends it: */
	ZH_SPAN_VALUE_DQ,	/* an HTML "value": a '"' */
	ZH_SPAN_VALUE_SQ,	/* an HTML 'value': a '\'' */
	ZH_SPAN_VALUE_UNQ,	/* an unquoted HTML value: space, '>' and the
				 * characters HTML5 does not allow in it */
	ZH_SPAN_TITLE_DQ,	/* a Markdown "title" */
	ZH_SPAN_TITLE_SQ,	/* a Markdown 'title' */
	ZH_SPAN_TITLE_PAREN,	/* a Markdown (title) */
	/* A language tag (lang, xml:lang, the content of <meta
	 * http-equiv=content-language>), inside a protected range. */
	ZH_SPAN_LANG
};

/* The state at the start of a line.  Plain data: copy it freely. */
struct zh_markup_state {
	enum zh_markup kind;
	int markers;		/* -{ }- is recognised */
	int in;			/* what the line starts inside (markup.c) */
	int aux;		/* a detail of it: where in a tag */
	int prev_blank;		/* the previous line was blank */
	int in_marker;		/* inside -{ ... }- */
	char close[16];		/* the end tag that closes raw content: "</script" */
	int depth;		/* <code> (and so on) open inside the outermost */
	int foreign;		/* <svg> and <math> open (HTML) */
	int opening;		/* the tag being read opens <svg> or <math> */
	int started;		/* a line has been seen */
	int block;		/* the Markdown block the line starts inside */
	int fence_char;		/* a fence's character; front matter's: - or + */
	int fence_len;		/* the opening fence's length */
	int fence_indent;	/* the column of the fence's container */
	int fence_quote;	/* the block quote depth of the fence */
	int html_kind;		/* an HTML block's kind, 1 to 7 (as CommonMark) */
	int para;		/* the previous line was paragraph text */
	int brackets;		/* '[' still open in the paragraph */
	int quote;		/* the previous line's block quote depth */
	int nlists;		/* how many list items are open, and ... */
	unsigned char lists[8];	/* ... the column of each one's content */
	unsigned bimg;		/* which of the open '[' are images' "![" */
	int cont;		/* lines a construct from an earlier line is in */
	int cont_end;		/* its end in the last of them, from the text */
	int cont_def;		/* it is a reference definition */
	unsigned long long tick_fail;	/* backtick runs of these lengths
					 * close nowhere in the paragraph */
	int elem;		/* the element of the tag being read (HTML) */
	int attr;		/* the attribute whose value comes next */
	int qual;		/* what the tag's attributes say of values */
};

/* Starts the state of an input of markup KIND; MARKERS says whether
 * -{ }- is recognised (it is not with --no-rules). */
void zh_markup_init(struct zh_markup_state *st, enum zh_markup kind,
		    int markers);

/*
 * Reports the non-text parts of LINE[0..LEN) (without its line end), given
 * ST, the state at its start, by calling SPAN for each (in any order; a
 * STRIP range always lies inside a PROTECT range, and so does each VALUE,
 * TITLE and LANG range, which never overlap one another and are never
 * empty); SPAN may be NULL.  Then moves ST on to the start of the next
 * line.
 *
 * The VALUE ranges (HTML) are the values of title, alt, placeholder,
 * aria-label, aria-description and label; of value in <input> of type
 * button, submit or reset; of content in <meta> named description or
 * keywords, or whose name or property starts with og: or twitter:.  An
 * attribute that a value depends on (type, name, property, http-equiv)
 * counts when it is on the same line as the value or on an earlier line
 * of the tag.  TITLE ranges are the titles of inline links and images
 * and of reference definitions that are on one line.
 *
 * NEXT[0..NEXTLEN) is the input after the line's end, as far as the
 * caller has it (NULL, 0: none).  Markdown looks ahead in it for the rest
 * of the paragraph (never past a blank line: a code span, a link or a
 * definition may go on over lines) and, at the first line, for the end of
 * front matter (up to ZH_MARKUP_HEAD lines).  The spans and the state
 * depend on NEXT only that far: chunks cut as zh_reader_blocks cuts them
 * give the same result as the whole input.
 */
#define ZH_MARKUP_HEAD	200
void zh_markup_line(struct zh_markup_state *st, const char *line, size_t len,
		    const char *next, size_t nextlen,
		    void (*span)(void *ctx, size_t start, size_t end,
				 enum zh_span_kind kind),
		    void *ctx);

/*
 * Does a change leave the markup of a line as it is, given ST, the state
 * at the line's start, and NEXT as for zh_markup_line?  The line is
 * HEAD[0..HLEN) then TAIL[0..TLEN); the change replaces TAIL[0..MLEN)
 * with REPL[0..RLEN).  It does when the line has the same non-text parts
 * before and after the change and none in it, and the same state after
 * it.  A change of non-ASCII characters into non-ASCII characters always
 * does (deleting one, or writing a letter, may not: <in删 a>).  LINE and SPANS are working space, owned (and freed) by the
 * caller.
 */
int zh_markup_keeps(const struct zh_markup_state *st, const char *head,
		    size_t hlen, const char *tail, size_t tlen, size_t mlen,
		    const char *repl, size_t rlen, const char *next,
		    size_t nextlen, struct zh_buf *line, struct zh_buf *spans);

/* The markup a file name suggests: .html, .htm, .xhtml -> HTML; .md,
 * .markdown, .mkd -> Markdown; anything else -> text. */
enum zh_markup zh_markup_guess(const char *filename);

#endif
