/*
 * check_markup.c - the markup stage: which bytes of each line it protects
 * and strips, in text, HTML and Markdown, with constructs fed line by line.
 *
 * A line's result is written as a mask with one character per UTF-8
 * character of the line: '.' text, 'P' protected, 'S' protected and
 * stripped (a -{ or }- marker).  Every run also checks that the state after
 * each line is the same whether the spans are wanted or not, that every
 * span lies inside the line and that every stripped range is protected.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"

#define MAXLINE 512

/* What the spans of one line marked, per byte. */
struct marks {
	size_t len;
	char m[MAXLINE];
	int bad;		/* a span was empty-ended, too long, or a strip unprotected */
};

/* When set, the values inside markup are marked by their kind: Q "value",
 * q 'value', U unquoted, T "title", t 'title', R (title), L a language;
 * else they count as protected. */
static int show_values;
static const char value_mark[] = "..QqUTtRL";

static void
mark(void *ctx, size_t start, size_t end, enum zh_span_kind kind)
{
	struct marks *mk = ctx;
	size_t i;

	if (start > end || end > mk->len) {
		mk->bad = 1;
		return;
	}
	for (i = start; i < end; i++) {
		if (kind == ZH_SPAN_STRIP)
			mk->m[i] = 'S';
		else if (kind != ZH_SPAN_PROTECT && show_values) {
			if (mk->m[i] != '.' && mk->m[i] != 'P')
				mk->bad = 1;	/* values overlap */
			mk->m[i] = value_mark[kind];
		} else if (mk->m[i] == '.')
			mk->m[i] = 'P';
	}
}

/* Appends the mask of LINE[0..LEN) as marked by MK to OUT, one character
 * per UTF-8 character; a character marked in part is reported as '?'. */
static void
append_mask(char *out, size_t outsz, const char *line, size_t len,
	    const struct marks *mk)
{
	size_t i, n = strlen(out), j;
	char c;

	for (i = 0; i < len; i = j) {
		c = mk->m[i];
		for (j = i + 1; j < len && ((unsigned char)line[j] & 0xC0) == 0x80; j++)
			if (mk->m[j] != c)
				c = '?';
		ck_assert_uint_lt(n + 1, outsz);
		out[n++] = c;
	}
	out[n] = '\0';
}

/*
 * Runs the lines of IN (split at '\n') through a fresh state of KIND, and
 * returns their masks joined by '\n' (in a buffer that the next call
 * reuses).  A second state runs alongside with no callback; the two must
 * stay byte for byte the same.
 */
static const char *
masks(enum zh_markup kind, int markers, const char *in)
{
	static char out[8192];
	struct zh_markup_state with, without;
	struct marks mk;
	const char *s = in, *nl;
	size_t len, i;
	unsigned long lineno = 1;

	out[0] = '\0';
	zh_markup_init(&with, kind, markers);
	zh_markup_init(&without, kind, markers);
	for (;;) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		ck_assert_uint_lt(len, MAXLINE);
		mk.len = len;
		mk.bad = 0;
		for (i = 0; i < len; i++)
			mk.m[i] = '.';
		/* Protected ranges first, so a strip can be checked. */
		zh_markup_line(&with, s, len, nl ? nl + 1 : NULL, nl ? strlen(nl + 1) : 0, mark, &mk);
		ck_assert_msg(!mk.bad, "line %lu: a span out of the line", lineno);
		zh_markup_line(&without, s, len, nl ? nl + 1 : NULL, nl ? strlen(nl + 1) : 0, NULL, NULL);
		ck_assert_msg(memcmp(&with, &without, sizeof with) == 0,
			      "line %lu: the state differs without a callback",
			      lineno);
		append_mask(out, sizeof out, s, len, &mk);
		if (nl == NULL)
			break;
		strcat(out, "\n");
		s = nl + 1;
		lineno++;
	}
	return out;
}

/* Checks that every stripped range lies in a protected one. */
struct kinds {
	size_t len;
	char p[MAXLINE], st[MAXLINE];
};

static void
both(void *ctx, size_t start, size_t end, enum zh_span_kind kind)
{
	struct kinds *k = ctx;

	ck_assert_uint_le(end, k->len);
	memset((kind == ZH_SPAN_STRIP ? k->st : k->p) + start, 1, end - start);
}

static void
check_strips(enum zh_markup kind, const char *in)
{
	struct zh_markup_state st;
	struct kinds k;
	const char *s = in, *nl;
	size_t i;

	zh_markup_init(&st, kind, 1);
	for (;;) {
		nl = strchr(s, '\n');
		k.len = nl ? (size_t)(nl - s) : strlen(s);
		memset(k.p, 0, sizeof k.p);
		memset(k.st, 0, sizeof k.st);
		zh_markup_line(&st, s, k.len, nl ? nl + 1 : NULL, nl ? strlen(nl + 1) : 0, both, &k);
		for (i = 0; i < k.len; i++)
			ck_assert_msg(!k.st[i] || k.p[i],
				      "byte %zu of \"%.*s\" stripped, not protected",
				      i, (int)k.len, s);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

#define TEXT(in, want) ck_assert_str_eq(masks(ZH_MARKUP_TEXT, 1, (in)), (want))
#define HTML(in, want) ck_assert_str_eq(masks(ZH_MARKUP_HTML, 1, (in)), (want))
#define MD(in, want) ck_assert_str_eq(masks(ZH_MARKUP_MARKDOWN, 1, (in)), (want))

/* ---- every mode: -{text}- ------------------------------------------- */

START_TEST(test_markers)
{
	TEXT("a -{b}- c", "..SSPSS..");
	TEXT("-{}-", "SSSS");
	TEXT("a -{b\nc\nd}- e", "..SSP\nP\nPSS..");
	TEXT("x}-{y", "..SSP");
	/* The - of a closing }- opens nothing. */
	TEXT("-{a}-{b", "SSPSS..");
	TEXT("<b>x</b> `y` [z](w)", "...................");
	ck_assert_str_eq(masks(ZH_MARKUP_TEXT, 0, "a -{b}- c"), ".........");
	ck_assert_str_eq(masks(ZH_MARKUP_HTML, 0, "a -{b}- c"), ".........");
	ck_assert_str_eq(masks(ZH_MARKUP_MARKDOWN, 0, "a -{b}- c"), ".........");
	HTML("<p>-{中文}-</p>", "PPPSSPPSSPPPP");
	MD("a -{`b`}- c", "..SSPPPSS..");
	MD("a -{b\n\n```\nc}- `d`", "..SSP\n\nPPP\nPSS.PPP");
	check_strips(ZH_MARKUP_TEXT, "-{a}- -{b\nc}-");
	check_strips(ZH_MARKUP_HTML, "<p>-{a}-</p> -{<b>\n</b>}-");
	check_strips(ZH_MARKUP_MARKDOWN, "-{a}- `-{b}-` -{c\n\nd}-");
}
END_TEST

/* ---- HTML ----------------------------------------------------------- */

START_TEST(test_html_tags)
{
	HTML("a <b>c</b> d", "..PPP.PPPP..");
	HTML("<p title=\"中文\">中文</p>", "PPPPPPPPPPPPPP..PPPP");
	HTML("<a title=\"x>y\">t</a>", "PPPPPPPPPPPPPPP.PPPP");
	HTML("<a t='say \"hi\" >'>t", "PPPPPPPPPPPPPPPPPP.");
	HTML("<a href=x>t</a>", "PPPPPPPPPP.PPPP");
	HTML("<br/>x<img src=\"a.png\" />y", "PPPPP.PPPPPPPPPPPPPPPPPPP.");
	/* Quotes only open a value after '='. */
	HTML("<a b\"c>t\"</a>", "PPPPPPP..PPPP");
	HTML("<A HREF=\"x\">t</A>", "PPPPPPPPPPPP.PPPP");
	/* A '<' that starts no tag is text; HTML5 drops </> and reads </
	 * then no letter as a bogus comment, up to the first '>'. */
	HTML("a < b <中 1<2 x <>", ".................");
	HTML("a </ x <> </>b", "..PPPPPPP.PPP.");
	HTML("</ 汉字>x</1>y", "PPPPPP.PPPP.");
	/* Nor do <?...> and CDATA end anywhere else in HTML. */
	HTML("<?php a ?> b ?>c", "PPPPPPPPPP......");
}
END_TEST

START_TEST(test_html_multiline)
{
	/* Attributes on the next lines. */
	HTML("<a href=\"x\"\n   title=\"中文\">t</a>",
	     "PPPPPPPPPPP\nPPPPPPPPPPPPPP.PPPP");
	/* A quoted value that goes on. */
	HTML("<a title=\"one\ntwo>three\">t", "PPPPPPPPPPPPP\nPPPPPPPPPPP.");
	/* A value after '=' on the next line. */
	HTML("<a title=\n'x>y'>t", "PPPPPPPPP\nPPPPPP.");
	/* An unquoted value ends with the line. */
	HTML("<a b=c\n\"d>e\">t", "PPPPPP\nPPP....");
	/* A name at the end of the line, its attributes below. */
	HTML("x <img\nsrc=\"a\">y", "..PPPP\nPPPPPPPP.");
	/* A blank line does not end a tag in HTML. */
	HTML("<a\n\nb='x'>y", "PP\n\nPPPPPP.");
}
END_TEST

START_TEST(test_html_comments)
{
	HTML("a <!-- b > c --> d", "..PPPPPPPPPPPPPP..");
	HTML("<!--\n中文\n\n-->x", "PPPP\nPP\n\nPPP.");
	HTML("a<!-->b<!--->c", ".PPPPP.PPPPPP.");
	HTML("<![CDATA[x>y]]>z", "PPPPPPPPPPP.....");
	/* In <svg> and <math>, CDATA is real, and its content is text. */
	HTML("<svg><![CDATA[x>y]]></svg>z", "PPPPPPPPPPPPPP...PPPPPPPPP.");
	HTML("<math><![CDATA[x\ny]]>z", "PPPPPPPPPPPPPPP.\n.PPP.");
	/* HTML5 also ends a comment at --!>. */
	HTML("<!-- a --!>b-->", "PPPPPPPPPPP....");
	HTML("<![CDATA[\nx]]>y", "PPPPPPPPP\nPPPP.");
	HTML("<!DOCTYPE html>x", "PPPPPPPPPPPPPPP.");
	HTML("<!DOCTYPE html\n  PUBLIC \"a\">x", "PPPPPPPPPPPPPP\nPPPPPPPPPPPPP.");
	HTML("<?xml version=\"1.0\"?>x", "PPPPPPPPPPPPPPPPPPPPP.");
	HTML("<?php if ($a > 1) ?>x", "PPPPPPPPPPPPPP.......");
	HTML("<?php\n$a = 1;\n?>x", "PPPPP\nPPPPPPP\nPP.");
}
END_TEST

START_TEST(test_html_entities)
{
	HTML("a&amp;b&#20013;c&#x4E2D;d", ".PPPPP.PPPPPPPP.PPPPPPPP.");
	/* A named one may lack its ';' in HTML. */
	HTML("&nbsp中 AT&T", "PPPPP....PP");
	HTML("a & b &# &#x; &;", "................");
	/* Markdown wants the ';'. */
	MD("&amp; &nbsp x &#20013;", "PPPPP.........PPPPPPPP");
}
END_TEST

START_TEST(test_html_raw)
{
	HTML("<script>if (a<b) x=\"</p>\";</script>t",
	     "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<SCRIPT>x</Script >t", "PPPPPPPPPPPPPPPPPPP.");
	HTML("<pre>\n中文 <b>x</b>\n</pre>after", "PPPPP\nPPPPPPPPPPP\nPPPPPP.....");
	HTML("<style>a</styles>b</style>c", "PPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<pre><code>x</code>y</pre>z", "PPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<code>a</code> <kbd>b</kbd> <samp>c</samp> <textarea>d</textarea>e",
	     "PPPPPPPPPPPPPP.PPPPPPPPPPPP.PPPPPPPPPPPPPP.PPPPPPPPPPPPPPPPPPPPPP.");
	/* <scripts> and <codex> are no raw elements. */
	HTML("<scripts>x</scripts> <codex>y", "PPPPPPPPP.PPPPPPPPPP.PPPPPPP.");
	/* HTML5 ignores the '/' of <code/> and <script/>: content follows;
	 * in <svg>, the '/' ends the element. */
	HTML("<code/>x</code>y<script src=\"a\"/>z", "PPPPPPPPPPPPPPP.PPPPPPPPPPPPPPPPPP");
	HTML("<svg><script/>x</svg>y", "PPPPPPPPPPPPPP.PPPPPP.");
	/* Code nests; raw text does not. */
	HTML("<code>a<code>b</code>c</code>d", "PPPPPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<kbd><kbd>a</kbd>\nb</kbd>c", "PPPPPPPPPPPPPPPPP\nPPPPPPP.");
	HTML("<code>a<!-- </code> -->b</code>c", "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<script>a<script>b</script>c", "PPPPPPPPPPPPPPPPPPPPPPPPPPP.");
	HTML("<xmp><b>a</xmp>b<iframe>c</iframe>d", "PPPPPPPPPPPPPPP.PPPPPPPPPPPPPPPPPP.");
	/* <plaintext> goes on to the end of the input. */
	HTML("a<plaintext>b</plaintext>\nc", ".PPPPPPPPPPPPPPPPPPPPPPPP\nP");
	/* The start tag may go on over lines; so may the end tag. */
	HTML("<script\ntype=\"a\">x\n</script\n>y", "PPPPPPP\nPPPPPPPPPP\nPPPPPPPP\nP.");
	/* Nothing is recognised in raw content: not -{ }-, not entities. */
	HTML("<script>-{x}- &amp;</script>", "PPPPPPPPPPPPPPPPPPPPPPPPPPPP");
	/* Nor in a tag. */
	HTML("<p title=\"-{x}-\">y", "PPPPPPPPPPPPPPPPP.");
}
END_TEST

/* ---- Markdown: inlines ---------------------------------------------- */

START_TEST(test_md_code_spans)
{
	MD("a `b` c", "..PPP..");
	MD("``a`b`` c", "PPPPPPP..");
	MD("a `中文` c", "..PPPP..");
	/* Unmatched backticks are text, and so is what follows. */
	MD("a `b", "....");
	MD("``a` b", "......");
	MD("```a`` b``", "....PPPPPP");
	MD("\\`a`", "....");
	/* A code span goes on over the lines of its paragraph, and in a
	 * block quote or a list item; not past a blank line, a heading's
	 * underline or the end of a block quote. */
	MD("a `b\nc` d", "..PP\nPP..");
	MD("a `b\nc\nd` e", "..PP\nP\nPP..");
	MD("> a `b\n> c` d", "....PP\n..PP..");
	MD("- a `b\n  c` d", "....PP\n..PP..");
	MD("a `b\n\nc` d", "....\n\n....");
	MD("a `b\n===\nc` d", "....\n...\n....");
	MD("> a `b\nc` d", "....PP\nPP..");
	MD("> a `b\n- c` d", "......\n......");
	/* A run closes only a run as long. */
	MD("a ``b\n`c`` d", "..PPP\nPPPP..");
	/* A run of more than 64 backticks opens no code span; 64 do. */
	{
		char in[200], want[200];

		memset(in, '`', 65);
		in[65] = 'a';
		memset(in + 66, '`', 65);
		in[131] = '\0';
		memset(want, '.', 131);
		want[131] = '\0';
		MD(in, want);
		memmove(in + 64, in + 65, 66);
		in[129] = '\0';
		memset(want, 'P', 129);
		want[129] = '\0';
		MD(in, want);
	}
	/* Inside a code span nothing else counts. */
	MD("`<b>` `[a](b)` `&amp;`", "PPPPP.PPPPPPPP.PPPPPPP");
}
END_TEST

START_TEST(test_md_links)
{
	MD("[a](b \"c\") d", "...PPPPPPP..");
	MD("![中文](图.png)", ".....PPPPPPP");
	MD("[a](<b c>)", "...PPPPPPP");
	MD("[a](b(c)d) e", "...PPPPPPP..");
	MD("[a](b 'c') [d](e (f))", "...PPPPPPP....PPPPPPP");
	MD("[a]()", "...PP");
	MD("[a [b] c](d)", ".........PPP");
	MD("[![i](s)](h)", ".....PPP.PPP");
	/* No link: a space before '(', no '[', a space in the destination,
	 * an unclosed title, an escaped bracket. */
	MD("[a] (b)", ".......");
	MD("a](b)", ".....");
	MD("[a](b c)", "........");
	MD("[a](b \"c)", ".........");
	MD("\\[a](b)", ".......");
	/* Link text may go over lines. */
	MD("[a\nb](c)", "..\n..PPP");
	/* Not after a blank line: that is another paragraph. */
	MD("[a\n\nb](c)", "..\n\n.....");
	/* A reference link's label is text, like the definition's. */
	MD("[a][b]", "......");
	/* The destination and the title may be on the next lines. */
	MD("[a](\n/u) b", "...P\nPPP..");
	MD("[a](/u\n\"t\") b", "...PPP\nPPPP..");
	MD("[a](/u \"t\n中\") b", "...PPPPPP\nPPP..");
	MD("[a](/u\n\nx) b", "......\n\n....");
	/* A link holds no link: the outer brackets are text; an image may
	 * hold one. */
	MD("[a [b](/c) d](/e)", "......PPPP.......");
	MD("![a [b](/c)](/e)", ".......PPPP.PPPP");
}
END_TEST

START_TEST(test_md_definitions)
{
	MD("[id]: http://x \"t\"", ".....PPPPPPPPPPPPP");
	MD("[中文]: /路径", ".....PPPP");
	MD("  [a]: <b c> 'd'", "......PPPPPPPPPP");
	/* A footnote's text is text. */
	MD("[^1]: 中文", "........");
	/* Not one: inside a paragraph, text after the destination, no
	 * destination on the line. */
	MD("p\n[a]: /u", ".\n.......");
	MD("[a]: /u x", ".........");
	MD("[a]:", "....");
	/* Over lines: the destination, the title on the next line. */
	MD("[a]:\n/u\n\n[a]", "....\nPP\n\n...");
	MD("[a]: /u\n\"t\"\nx", "....PPP\nPPP\n.");
	MD("[a]: /u \"t\n中\"\nx", "....PPPPPP\nPP\n.");
	/* A title with more after it: no title, the definition ends with
	 * the destination; on the destination's line, no definition. */
	MD("[a]: /u\n\"t\" x", "....PPP\n.....");
	MD("[a]: /u \"t\" 中", ".............");
}
END_TEST

START_TEST(test_md_autolinks_html)
{
	/* An inline comment as CommonMark 0.30 has it: no "--" in it. */
	MD("a <!-- b --> c", "..PPPPPPPPPP..");
	MD("a <!-- b -- c --> d", "...................");
	MD("a <!--> b", ".........");
	MD("<https://例子.com/中> x", "PPPPPPPPPPPPPPPPPP..");
	MD("<a@b.org> <mailto:a@b>", "PPPPPPPPP.PPPPPPPPPPPP");
	MD("< x > <a@-b.org", "...............");
	/* Inline HTML, strictly: "x<y 中" is text. */
	MD("a <b>c</b> <br/>", "..PPP.PPPP.PPPPP");
	MD("x<y 中 <a b=c d='e'>", "......PPPPPPPPPPPPP");
	MD("a <!-- c --> d <?x?> <!D e>", "..PPPPPPPPPP...PPPPP.PPPPPP");
	MD("a <! x> <a =b>", "..............");
	/* A tag may go over lines in a paragraph, but not past it. */
	MD("a <span\ntitle=\"x\">b", "..PPPPP\nPPPPPPPPPP.");
	MD("a <span\n\nb>", "..PPPPP\n\n..");
	/* Inline <code> is protected up to its end tag. */
	MD("use <code>a*b</code> or <kbd>中</kbd>.",
	   "....PPPPPPPPPPPPPPPP....PPPPPPPPPPPP.");
}
END_TEST

/* ---- Markdown: blocks ----------------------------------------------- */

START_TEST(test_md_fences)
{
	MD("```go\nx := `中`\n```\n`y`", "PPPPP\nPPPPPPPP\nPPP\nPPP");
	MD("~~~~\n~~~\n```\n~~~~~\nx", "PPPP\nPPP\nPPP\nPPPPP\n.");
	/* The closing fence may be indented up to three spaces. */
	MD("```\nx\n   ```\ny", "PPP\nP\nPPPPPP\n.");
	MD("```\nx\n    ```\ny", "PPP\nP\nPPPPPPP\nP");
	/* A closing fence has no info string. */
	MD("```\n``` a\n```\nb", "PPP\nPPPPP\nPPP\n.");
	/* A backtick fence's info string has no backtick: then it is text. */
	MD("``` a`b", ".......");
	/* An unclosed fence runs to the end. */
	MD("```\n\nx\n\n", "PPP\n\nP\n\n");
	/* In a block quote, and ended by the end of the quote. */
	MD("> ```\n> x\n> ```\n> `y`", "PPPPP\nPPP\nPPPPP\n..PPP");
	MD("> ```\n> x\ny", "PPPPP\nPPP\n.");
	/* In a list item. */
	MD("- a\n\n  ```\n  x\n  ```\n  b", "...\n\nPPPPP\nPPP\nPPPPP\n...");
}
END_TEST

START_TEST(test_md_indented)
{
	MD("para\n\n    code\n    more\n\n    again\nx",
	   "....\n\nPPPPPPPP\nPPPPPPPP\n\nPPPPPPPPP\n.");
	MD("\tcode", "PPPPP");
	/* Spaces between code lines are code. */
	MD("    a\n  \n    b", "PPPPP\nPP\nPPPPP");
	/* A paragraph's continuation is not code. */
	MD("para\n    not code", "....\n............");
	/* A list item's paragraph is not code; indented further, it is. */
	MD("- item\n\n    para\n\n      code", "......\n\n........\n\nPPPPPPPPPP");
	MD("1. item\n\n   para\n\n       code\n\nend\n\n    code",
	   ".......\n\n.......\n\nPPPPPPPPPPP\n\n...\n\nPPPPPPPP");
	/* After a heading, code may start at once. */
	MD("# h\n    code", "...\nPPPPPPPP");
}
END_TEST

START_TEST(test_md_html_blocks)
{
	/* Kind 6: read as HTML up to a blank line, text and all. */
	MD("<div>\n中 <b>x</b> `y`\n</div>\n\n`c`",
	   "PPPPP\n..PPP.PPPP....\nPPPPPP\n\nPPP");
	MD("<p align=\"center\">\n  <img\n    src=\"a\">\n</p>",
	   "PPPPPPPPPPPPPPPPPP\n..PPPP\nPPPPPPPPPPPP\nPPPP");
	/* Kind 1 goes on over blank lines to its end tag. */
	MD("<pre>\na\n\nb\n</pre>\n`c`", "PPPPP\nP\n\nP\nPPPPPP\nPPP");
	/* Kind 2: a comment, over blank lines. */
	MD("<!--\n\nx\n-->\n`y`", "PPPP\n\nP\nPPP\nPPP");
	/* Kind 7: a whole tag alone on the line; not inside a paragraph. */
	MD("<span>\n`a`\n\n`b`", "PPPPPP\n...\n\nPPP");
	MD("p\n<span>\n`a`", ".\nPPPPPP\nPPP");
	MD("<span>x</span> `y`", "PPPPPP.PPPPPPP.PPP");
	/* A block ended by a blank line takes its open tag with it. */
	MD("<div\n\n`x`", "PPPP\n\nPPP");
}
END_TEST

START_TEST(test_md_front_matter)
{
	MD("---\ntitle: 中\n---\n---\n`a`", "PPP\nPPPPPPPP\nPPP\n...\nPPP");
	MD("---\na: 1\n...\nx", "PPP\nPPPP\nPPP\n.");
	/* Front matter that never closes, or whose body does not look like
	 * YAML, is a thematic break: the rest is Markdown. */
	MD("---\na: 1\n\n`b` c", "...\n....\n\nPPP..");
	MD("---\n中文\n---\nc", "...\n..\n...\n.");
	MD("+++\na = 1\n+++\nc", "PPP\nPPPPP\nPPP\n.");
	MD("+++\na: 1\n+++\nc", "...\n....\n...\n.");
	MD("+++\na = 1\n+++\nx", "PPP\nPPPPP\nPPP\n.");
	/* Only at the very start. */
	MD("\n---\nx\n---", "\n...\n.\n...");
	MD("x\n---\ny", ".\n...\n.");
}
END_TEST

START_TEST(test_md_headings_lists)
{
	MD("# a `b` [c](d)", "....PPP....PPP");
	MD("#a `b`", "...PPP");
	MD("- [ ] task `x`\n- [x] done", "...........PPP\n..........");
	MD("* a\n  * b\n\n    c\n\n        d",
	   "...\n.....\n\n.....\n\nPPPPPPPPP");
	MD("> quote `a`\n>\n>     code", "........PPP\n.\nPPPPPPPPPP");
	/* At most eight list markers count on one line: the ninth is text,
	 * so is "````" after it. */
	MD("- - - - - - - - - ```", ".....................");
	MD("- - - - - - - - ```\nx", "PPPPPPPPPPPPPPPPPPP\n.");
	/* A fence ends with its list item. */
	MD("- ```\n  a\nb\n  c", "PPPPP\nPPP\n.\n...");
	MD("- a\n  ```\n  b\n\nc", "...\nPPPPP\nPPP\n\n.");
	MD("- ```\n\n  b\n", "PPPPP\n\nPPP\n");
	/* A block quote in a list item, and a fence in it. */
	MD("- > ```\n  > a\n  > ```\n  b `c`", "PPPPPPP\nPPPPP\nPPPPPPP\n....PPP");
	MD("- > a `b`\n  > c", "......PPP\n.....");
	/* An item may start with indented code. */
	MD("-      a = 1\n  b", ".......PPPPP\n...");
	MD("-\t\ta\n\tb", "...P\n..");
}
END_TEST

/* A byte order mark on the first line does not change what follows,
 * whether or not the reader took it off. */
START_TEST(test_bom)
{
	static const char *const lines[] = {
		"---", "a: 1", "---", "<b>x</b>", "```", "y"
	};
	struct zh_markup_state a, b;
	char first[16];
	size_t i;
	int kind;

	for (kind = ZH_MARKUP_TEXT; kind <= ZH_MARKUP_MARKDOWN; kind++) {
		zh_markup_init(&a, (enum zh_markup)kind, 1);
		zh_markup_init(&b, (enum zh_markup)kind, 1);
		strcpy(first, "\xef\xbb\xbf---");
		zh_markup_line(&a, first, strlen(first), NULL, 0, NULL, NULL);
		zh_markup_line(&b, lines[0], strlen(lines[0]), NULL, 0, NULL, NULL);
		ck_assert(memcmp(&a, &b, sizeof a) == 0);
		for (i = 1; i < sizeof lines / sizeof lines[0]; i++) {
			zh_markup_line(&a, lines[i], strlen(lines[i]), NULL, 0, NULL, NULL);
			zh_markup_line(&b, lines[i], strlen(lines[i]), NULL, 0, NULL, NULL);
			ck_assert(memcmp(&a, &b, sizeof a) == 0);
		}
	}
	MD("\xef\xbb\xbf---\nx: 1\n---\ny", ".PPP\nPPPP\nPPP\n.");
}
END_TEST

/*
 * A document run whole and run from a state carried over without a
 * callback (as the reading thread does at each chunk) gives the same
 * spans at every line, whatever the line the chunk starts at.
 */
START_TEST(test_resume)
{
	static const char doc[] =
		"---\ntitle: 中文\n---\n"
		"# 标题 `code`\n"
		"<div class=\"x\"\n  title=\"中\">\n文字 <!-- c\n-->\n</div>\n\n"
		"段落 [链接](http://x/中 \"t\") -{保}-\n"
		"更多 <span\ntitle=\"y\">z</span>\n\n"
		"```c\nint x; /* 中 */\n```\n\n"
		"    code\n\n"
		"- item\n\n    para `x`\n\n"
		"<pre>\na\n\nb</pre> `c`\n"
		"[r]: /u \"t\"\n"
		"-{多\n行}- end\n";
	enum zh_markup kinds[] = { ZH_MARKUP_TEXT, ZH_MARKUP_HTML, ZH_MARKUP_MARKDOWN };
	char whole[8192], part[8192];
	const char *lines[64], *s, *nl;
	size_t lens[64], n = 0, k, i, j;
	struct zh_markup_state st;
	struct marks mk;

	for (s = doc; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		lines[n] = s;
		lens[n++] = (size_t)(nl - s);
	}
	for (j = 0; j < sizeof kinds / sizeof kinds[0]; j++) {
		whole[0] = '\0';
		zh_markup_init(&st, kinds[j], 1);
		for (i = 0; i < n; i++) {
			mk.len = lens[i];
			memset(mk.m, '.', lens[i]);
			zh_markup_line(&st, lines[i], lens[i], lines[i] + lens[i] + 1, strlen(lines[i] + lens[i] + 1), mark, &mk);
			append_mask(whole, sizeof whole, lines[i], lens[i], &mk);
			strcat(whole, "\n");
		}
		for (k = 0; k <= n; k++) {
			char want[8192], *w = whole;

			/* The masks of lines k.. in the whole run. */
			for (i = 0; i < k; i++)
				w = strchr(w, '\n') + 1;
			strcpy(want, w);
			part[0] = '\0';
			zh_markup_init(&st, kinds[j], 1);
			for (i = 0; i < k; i++)
				zh_markup_line(&st, lines[i], lens[i], lines[i] + lens[i] + 1, strlen(lines[i] + lens[i] + 1), NULL, NULL);
			for (i = k; i < n; i++) {
				mk.len = lens[i];
				memset(mk.m, '.', lens[i]);
				zh_markup_line(&st, lines[i], lens[i], lines[i] + lens[i] + 1, strlen(lines[i] + lens[i] + 1), mark, &mk);
				append_mask(part, sizeof part, lines[i], lens[i], &mk);
				strcat(part, "\n");
			}
			ck_assert_msg(strcmp(part, want) == 0,
				      "mode %d, resumed at line %zu", (int)kinds[j], k);
		}
	}
	/* And the masks themselves, for the record. */
	MD("段落 [链接](http://x/中 \"t\") -{保}-", ".......PPPPPPPPPPPPPPPP.SSPSS");
}
END_TEST

/* Long lines with nothing special, and lines of nothing but specials,
 * stay quick and in bounds. */
START_TEST(test_long_lines)
{
	static char line[1 << 16];
	struct zh_markup_state st;
	int kind;

	for (kind = ZH_MARKUP_TEXT; kind <= ZH_MARKUP_MARKDOWN; kind++) {
		zh_markup_init(&st, (enum zh_markup)kind, 1);
		memset(line, 'a', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, '[', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, '`', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, '<', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, ' ', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, '>', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		memset(line, '-', sizeof line);
		zh_markup_line(&st, line, sizeof line, NULL, 0, NULL, NULL);
		zh_markup_line(&st, "", 0, NULL, 0, NULL, NULL);
		ck_assert_int_eq(st.in_marker, 0);
	}
}
END_TEST

/* zh_markup_keeps on TEXT, with TEXT[S, E) replaced by REPL. */
static int
keeps(const struct zh_markup_state *st, const char *text, size_t s, size_t e,
      const char *repl)
{
	static struct zh_buf line, spans;

	return zh_markup_keeps(st, text, s, text + s, strlen(text) - s, e - s,
			       repl, strlen(repl), NULL, 0, &line, &spans);
}

/* A rule's change that would make or unmake markup is found out. */
START_TEST(test_keeps)
{
	struct zh_markup_state st;
	static const char link[] = "[a](/my b) c";
	static const char lt[] = "a < b";
	static const char code[] = "a `b` c d";

	zh_markup_init(&st, ZH_MARKUP_MARKDOWN, 1);
	/* The space keeps "(/my b)" from being a link's destination. */
	ck_assert_int_eq(keeps(&st, link, 7, 8, ""), 0);
	/* Text after it, and a change of letters only, are free. */
	ck_assert_int_eq(keeps(&st, link, 10, 11, ""), 1);
	ck_assert_int_eq(keeps(&st, link, 11, 12, "x"), 1);
	/* A backtick made or taken away. */
	ck_assert_int_eq(keeps(&st, code, 1, 2, "`"), 0);
	ck_assert_int_eq(keeps(&st, code, 7, 8, "-"), 1);
	zh_markup_init(&st, ZH_MARKUP_HTML, 1);
	ck_assert_int_eq(keeps(&st, lt, 3, 4, ""), 0);
	ck_assert_int_eq(keeps(&st, lt, 1, 2, ""), 1);
	zh_markup_init(&st, ZH_MARKUP_TEXT, 1);
	ck_assert_int_eq(keeps(&st, lt, 3, 4, ""), 1);
}
END_TEST

/* The masks of IN with the values shown; each value must also lie in a
 * protected range (checked with them hidden). */
static const char *
value_masks(enum zh_markup kind, const char *in)
{
	static char out[8192];
	const char *hidden = masks(kind, 1, in);
	size_t i;

	for (i = 0; hidden[i] != '\0'; i++)
		;
	show_values = 1;
	snprintf(out, sizeof out, "%s", masks(kind, 1, in));
	show_values = 0;
	hidden = masks(kind, 1, in);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] != '.' && out[i] != 'P' && out[i] != 'S' && out[i] != '\n')
			ck_assert_msg(hidden[i] == 'P', "a value at %zu of \"%s\" is not protected",
				      i, in);
	return out;
}

#define VALUES(kind, in, want) ck_assert_str_eq(value_masks((kind), (in)), (want))

START_TEST(test_html_values)
{
	/* Each quoting; the attributes that are not text stay protected. */
	VALUES(ZH_MARKUP_HTML, "<p title=\"ab\" alt='cd' placeholder=ef id=\"gh\">x</p>",
	       "PPPPPPPPPPQQPPPPPPPqqPPPPPPPPPPPPPPUUPPPPPPPPP.PPPP");
	VALUES(ZH_MARKUP_HTML, "<b ARIA-LABEL=a aria-description=b label=c lang=zh-CN xml:lang=d>",
	       "PPPPPPPPPPPPPPUPPPPPPPPPPPPPPPPPPUPPPPPPPUPPPPPPLLLLLPPPPPPPPPPLP");
	/* Empty values and an attribute without one are nothing. */
	VALUES(ZH_MARKUP_HTML, "<a title=\"\" alt title=>", "PPPPPPPPPPPPPPPPPPPPPPP");
	/* value counts in a button input, wherever its type is on the line. */
	VALUES(ZH_MARKUP_HTML, "<input type=submit value=a><input value='b' type=Reset><input value=c>",
	       "PPPPPPPPPPPPPPPPPPPPPPPPPUPPPPPPPPPPPPPPPqPPPPPPPPPPPPPPPPPPPPPPPPPPPP");
	/* content in the meta that say so; content-language is a language. */
	VALUES(ZH_MARKUP_HTML, "<meta name=description content=a><meta property=og:x content=b><meta name=author content=c>",
	       "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPUPPPPPPPPPPPPPPPPPPPPPPPPPPPPPUPPPPPPPPPPPPPPPPPPPPPPPPPPPPP");
	VALUES(ZH_MARKUP_HTML, "<meta http-equiv=Content-Language content=zh>",
	       "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPLLP");
	/* A value over lines; the qualifier on an earlier line counts. */
	VALUES(ZH_MARKUP_HTML, "<img title=\"a\nb\" src=x\nalt=c>",
	       "PPPPPPPPPPPPQ\nQPPPPPPP\nPPPPUP");
	VALUES(ZH_MARKUP_HTML, "<input type=button\nvalue=a>", "PPPPPPPPPPPPPPPPPP\nPPPPPPUP");
	/* End tags, and tags in raw text or code, hold no values. */
	VALUES(ZH_MARKUP_HTML, "</p title=a><pre><b title=x></b></pre>",
	       "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP");
	/* A quote in the other quotes is part of the value. */
	VALUES(ZH_MARKUP_HTML, "<p title='a\"b'>", "PPPPPPPPPPqqqPP");
}
END_TEST

START_TEST(test_md_titles)
{
	VALUES(ZH_MARKUP_MARKDOWN, "[a](/u \"t\") ![b](/i 'u') [c](/v (w))",
	       "...PPPPPTPP.....PPPPPtPP....PPPPPRPP");
	/* An escape is in the title; one in a definition's. */
	VALUES(ZH_MARKUP_MARKDOWN, "[a](/u \"x\\\"y\")", "...PPPPPTTTTPP");
	VALUES(ZH_MARKUP_MARKDOWN, "[a]: /u \"t\"\n[b]: /v 'u'",
	       "....PPPPPTP\n....PPPPPtP");
	/* A title on the next line is not text. */
	VALUES(ZH_MARKUP_MARKDOWN, "[a]: /u\n\"t\"", "....PPP\nPPP");
	/* Inline HTML has its values. */
	VALUES(ZH_MARKUP_MARKDOWN, "x <span title=\"t\">y</span>",
	       "..PPPPPPPPPPPPPQPP.PPPPPPP");
}
END_TEST

START_TEST(test_guess)
{
	ck_assert_int_eq(zh_markup_guess("a.html"), ZH_MARKUP_HTML);
	ck_assert_int_eq(zh_markup_guess("a.htm"), ZH_MARKUP_HTML);
	ck_assert_int_eq(zh_markup_guess("dir/a.xhtml"), ZH_MARKUP_HTML);
	ck_assert_int_eq(zh_markup_guess("a.md"), ZH_MARKUP_MARKDOWN);
	ck_assert_int_eq(zh_markup_guess("a.markdown"), ZH_MARKUP_MARKDOWN);
	ck_assert_int_eq(zh_markup_guess("a.mkd"), ZH_MARKUP_MARKDOWN);
	ck_assert_int_eq(zh_markup_guess("a.txt"), ZH_MARKUP_TEXT);
	ck_assert_int_eq(zh_markup_guess("a.md/b"), ZH_MARKUP_TEXT);
	ck_assert_int_eq(zh_markup_guess("-"), ZH_MARKUP_TEXT);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("markup");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("text");
	tcase_add_test(tc, test_markers);
	tcase_add_test(tc, test_guess);
	suite_add_tcase(s, tc);
	tc = tcase_create("html");
	tcase_add_test(tc, test_html_tags);
	tcase_add_test(tc, test_html_multiline);
	tcase_add_test(tc, test_html_comments);
	tcase_add_test(tc, test_html_entities);
	tcase_add_test(tc, test_html_raw);
	tcase_add_test(tc, test_html_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("markdown");
	tcase_add_test(tc, test_md_code_spans);
	tcase_add_test(tc, test_md_links);
	tcase_add_test(tc, test_md_titles);
	tcase_add_test(tc, test_md_definitions);
	tcase_add_test(tc, test_md_autolinks_html);
	tcase_add_test(tc, test_md_fences);
	tcase_add_test(tc, test_md_indented);
	tcase_add_test(tc, test_md_html_blocks);
	tcase_add_test(tc, test_md_front_matter);
	tcase_add_test(tc, test_md_headings_lists);
	suite_add_tcase(s, tc);
	tc = tcase_create("state");
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_resume);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_keeps);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
