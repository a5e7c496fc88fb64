/*
 * prefilter.c - what rules require, and a one-pass scan for it
 * (see prefilter.h).
 *
 * The extractor reads the pattern text conservatively.  A sequence
 * requires each of its atoms that is not optional: runs of literal
 * characters, small classes (one of their characters), groups (one of
 * their alternatives' requirements), positive look-arounds (their content
 * is in the line even if not in the match), and \p{Han} (some byte above
 * 0x7F); the most selective of these stands for the sequence.  Getting this
 * wrong would skip a rule that could match, so whenever the pattern holds
 * something it does not understand ((?i), recursion, \Q...), it gives up
 * and the rule simply always runs.
 *
 * Atoms side by side make longer literals: what the text must hold where
 * one ends (a class, a look-behind's last character, the last repetition
 * of X+) is put before what it must hold where the next begins (a
 * look-ahead's first character), so (?<=[，。])[ ]+ requires "， " or "。 ",
 * and (?<=\p{Han}) +x requires a Han character followed by a space, written
 * with a marker byte for "any character above U+007F".
 *
 * The scanner looks each character of a line up in a table of the first
 * characters of all literals.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "prefilter.h"

/* ---- what every match must contain -------------------------------------- */

/*
 * A set of alternatives, one of which every match contains: literal
 * strings, and with HIGH, "any byte above 0x7F" (what \p{Han} needs).  OK is
 * 0 when nothing is known to be required.
 */
struct lset {
	char **s;
	size_t n;
	int high;
	int ok;
	int never;	/* cannot match at all: (*FAIL) */
};

#define MAX_CLASS 128	/* enumerate classes of at most this many characters */
#define MAX_PRODUCT 64	/* literals made by putting sets side by side */

/* In a required literal, its first or last byte only: any character above
 * U+007F there (a byte that valid UTF-8 never holds). */
#define HIGH_MARK 0xFF

struct parser {
	const char *p;
	int give_up;	/* the pattern is beyond this reader: require nothing */
	int depth;	/* of groups */
	int top_alts;	/* alternatives read at the top level */
	struct lset second;	/* the second requirement of the last top-level sequence */
};

static void
lset_free(struct lset *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof *l);
}

static void
lset_add(struct lset *l, const char *s, size_t n)
{
	l->s = zh_xrealloc(l->s, (l->n + 1) * sizeof *l->s);
	l->s[l->n++] = zh_xstrndup(s, n);
}

/* Moves everything of B into A (a union: either may occur). */
static void
lset_union(struct lset *a, struct lset *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		a->s = zh_xrealloc(a->s, (a->n + 1) * sizeof *a->s);
		a->s[a->n++] = b->s[i];
	}
	a->high |= b->high;
	free(b->s);
	memset(b, 0, sizeof *b);
}

/* How selective a set is: the length of its shortest literal (a set that
 * allows any high byte is barely selective); 0 for nothing. */
static size_t
lset_score(const struct lset *l)
{
	size_t i, m = (size_t)-1;

	if (!l->ok || (l->n == 0 && !l->high))
		return 0;
	if (l->high)
		return 1;
	for (i = 0; i < l->n; i++)
		if (strlen(l->s[i]) < m)
			m = strlen(l->s[i]);
	return m == 0 ? 0 : 2 * m;
}

/* Is A more selective than B? */
static int
lset_better(const struct lset *a, const struct lset *b)
{
	size_t x = lset_score(a), y = lset_score(b);

	return x > y || (x == y && x > 0 && a->n < b->n);
}

/* Keeps the best two of BEST, SECOND and CAND in BEST and SECOND; frees
 * the third.  CAND is left empty. */
static void
lset_keep_best(struct lset *best, struct lset *second, struct lset *cand)
{
	if (lset_score(cand) == 0) {
		lset_free(cand);
		return;
	}
	if (lset_better(cand, best)) {
		lset_free(second);
		*second = *best;
		*best = *cand;
	} else if (lset_better(cand, second)) {
		lset_free(second);
		*second = *cand;
	} else {
		lset_free(cand);
		return;
	}
	memset(cand, 0, sizeof *cand);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Is \p{NAME} (NAME[0..LEN)) a property only non-ASCII characters have? */
static int
high_property(const char *name, size_t len)
{
	static const char *const han[] = {
		"Han", "sc:Han", "scx:Han", "Hani", "sc:Hani", "scx:Hani",
		"script=Han", "Script=Han", NULL
	};
	int i;

	for (i = 0; han[i] != NULL; i++)
		if (strlen(han[i]) == len && strncmp(han[i], name, len) == 0)
			return 1;
	return 0;
}

enum esc_kind { ESC_CHAR, ESC_DIGIT, ESC_HIGH, ESC_OTHER, ESC_FAIL };

static long read_char(struct parser *ps);

/*
 * Reads the escape at P->p (which points at the backslash) and moves past
 * it.  ESC_CHAR sets *CP to the character it stands for.
 */
static enum esc_kind
read_escape(struct parser *ps, unsigned long *cp)
{
	const char *p = ps->p;
	int h;

	if (p[1] == '\0') {
		ps->p = p + 1;
		return ESC_FAIL;
	}
	switch (p[1]) {
	case 'x':
		*cp = 0;
		if (p[2] == '{') {
			p += 3;
			while ((h = hexval(*p)) >= 0 && *cp <= 0x10FFFF)
				*cp = *cp * 16 + (unsigned long)h, p++;
			if (*p != '}' || *cp > 0x10FFFF)
				return ESC_FAIL;
			ps->p = p + 1;
		} else {
			p += 2;
			for (h = 0; h < 2 && hexval(*p) >= 0; h++)
				*cp = *cp * 16 + (unsigned long)hexval(*p++);
			ps->p = p;
		}
		return ESC_CHAR;
	case 't':
		*cp = '\t';
		ps->p = p + 2;
		return ESC_CHAR;
	case 'n':
		*cp = '\n';
		ps->p = p + 2;
		return ESC_CHAR;
	case 'd':
		ps->p = p + 2;
		return ESC_DIGIT;
	case 'p':
		if (p[2] == '{') {
			const char *e = strchr(p + 3, '}');

			if (e == NULL)
				return ESC_FAIL;
			ps->p = e + 1;
			return high_property(p + 3, (size_t)(e - p - 3)) ?
			       ESC_HIGH : ESC_OTHER;
		}
		ps->p = p + (p[2] ? 3 : 2);
		return ESC_OTHER;
	case 'P':
		if (p[2] == '{') {
			const char *e = strchr(p + 3, '}');

			if (e == NULL)
				return ESC_FAIL;
			ps->p = e + 1;
		} else
			ps->p = p + (p[2] ? 3 : 2);
		return ESC_OTHER;
	case 'g': case 'k':
		/* Back references by number or name. */
		if (p[2] == '{' || p[2] == '<' || p[2] == '\'') {
			const char *e = strpbrk(p + 3, "}>'");

			if (e == NULL)
				return ESC_FAIL;
			ps->p = e + 1;
		} else {
			p += 2;
			if (*p == '-' || *p == '+')
				p++;
			while (*p >= '0' && *p <= '9')
				p++;
			ps->p = p;
		}
		return ESC_OTHER;
	case 'Q': case 'E': case 'c': case 'o': case 'N':
		return ESC_FAIL;
	default:
		if ((unsigned char)p[1] >= 0x80) {
			/* In UTF mode a backslash before a non-ASCII character
			 * leaves it as it is. */
			long c;

			ps->p = p + 1;
			if ((c = read_char(ps)) < 0)
				return ESC_FAIL;
			*cp = (unsigned long)c;
			return ESC_CHAR;
		}
		if (p[1] >= '1' && p[1] <= '9') {
			p += 2;
			while (*p >= '0' && *p <= '9')
				p++;
			ps->p = p;
			return ESC_OTHER;	/* a back reference */
		}
		ps->p = p + 2;
		if (!is_alnum((unsigned char)p[1]) && (unsigned char)p[1] < 0x80) {
			*cp = (unsigned char)p[1];
			return ESC_CHAR;
		}
		return ESC_OTHER;	/* \s \w \b \A \z \K \R \X \h \v ... */
	}
}

/* Reads one UTF-8 character at P->p; returns it, or -1 if invalid. */
static long
read_char(struct parser *ps)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	size_t len = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
	unsigned long cp = len == 1 ? p[0] : len == 2 ? p[0] & 0x1F :
			   len == 3 ? p[0] & 0x0F : p[0] & 0x07;
	size_t i;

	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	ps->p += len;
	return (long)cp;
}

static void
add_cp(struct lset *l, unsigned long cp)
{
	struct zh_buf b = ZH_BUF_INIT;

	zh_buf_put_utf8(&b, cp);
	lset_add(l, b.data, b.len);
	zh_buf_free(&b);
}

/* Reads a class at P->p == '['.  Its members become the set, when they
 * can be listed. */
static void
parse_class(struct parser *ps, struct lset *out)
{
	int negated = 0, listable = 1, first = 1;
	unsigned long cp, prev = 0, c2;
	int have_prev = 0;
	long c;

	memset(out, 0, sizeof *out);
	ps->p++;
	if (*ps->p == '^') {
		negated = 1;
		ps->p++;
	}
	while (*ps->p != '\0' && (*ps->p != ']' || first)) {
		first = 0;
		if (ps->p[0] == '[' && ps->p[1] == ':') {
			const char *e = strstr(ps->p + 2, ":]");

			if (e == NULL) {
				ps->give_up = 1;
				return;
			}
			ps->p = e + 2;
			listable = 0;
			have_prev = 0;
			continue;
		}
		if (ps->p[0] == '-' && have_prev && ps->p[1] != ']' && ps->p[1] != '\0') {
			/* A range PREV-C2. */
			ps->p++;
			if (*ps->p == '\\') {
				if (read_escape(ps, &c2) != ESC_CHAR) {
					listable = 0;
					have_prev = 0;
					continue;
				}
			} else if ((c = read_char(ps)) < 0) {
				ps->give_up = 1;
				return;
			} else
				c2 = (unsigned long)c;
			if (c2 < prev || c2 - prev > MAX_CLASS)
				listable = 0;
			else
				for (cp = prev + 1; cp <= c2 && out->n <= MAX_CLASS; cp++)
					add_cp(out, cp);
			have_prev = 0;
			continue;
		}
		if (*ps->p == '\\') {
			switch (read_escape(ps, &cp)) {
			case ESC_CHAR:
				add_cp(out, cp);
				prev = cp;
				have_prev = 1;
				continue;
			case ESC_DIGIT:
				/* With UCP, \d is any decimal digit: the
				 * others are all above U+007F. */
				for (cp = '0'; cp <= '9'; cp++)
					add_cp(out, cp);
				out->high = 1;
				break;
			case ESC_HIGH:
				out->high = 1;
				break;
			case ESC_OTHER:
				listable = 0;
				break;
			case ESC_FAIL:
				ps->give_up = 1;
				return;
			}
			have_prev = 0;
			continue;
		}
		if ((c = read_char(ps)) < 0) {
			ps->give_up = 1;
			return;
		}
		add_cp(out, (unsigned long)c);
		prev = (unsigned long)c;
		have_prev = 1;
	}
	if (*ps->p != ']') {
		ps->give_up = 1;
		return;
	}
	ps->p++;
	out->ok = listable && !negated && out->n <= MAX_CLASS &&
		  (out->n > 0 || out->high);
	if (!out->ok)
		lset_free(out);
}

/* Reads a quantifier, if any.  Returns 1 when there is one and sets
 * *MIN to the fewest repetitions it allows and *EXACT when that is also
 * the most. */
static int
parse_quantifier(struct parser *ps, unsigned long *min, int *exact)
{
	const char *p = ps->p;

	*min = 1;
	*exact = 0;
	if (*p == '?' || *p == '*')
		*min = 0;
	else if (*p == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',')) {
		const char *e = strchr(p, '}');
		const char *q;
		unsigned long lo = 0, hi = 0;
		int comma = 0;

		if (e == NULL)
			return 0;
		for (q = p + 1; q < e; q++)
			if (!((*q >= '0' && *q <= '9') || *q == ','))
				return 0;	/* not a quantifier: a literal '{' */
		for (q = p + 1; *q >= '0' && *q <= '9'; q++)
			if (lo < 1000)
				lo = lo * 10 + (unsigned long)(*q - '0');
		if (*q == ',') {
			comma = 1;
			for (q++; *q >= '0' && *q <= '9'; q++)
				if (hi < 1000)
					hi = hi * 10 + (unsigned long)(*q - '0');
		}
		/* The minimum is zero when it is absent or all zeros ({00}). */
		*min = lo;
		*exact = !comma || (q > p + 1 && q[-1] != ',' && hi == lo);
		ps->p = e;
	} else if (*p != '+')
		return 0;
	ps->p++;
	if (*ps->p == '?' || *ps->p == '+')
		ps->p++;	/* lazy or possessive */
	return 1;
}

/*
 * What a group or a sequence tells the one around it.  REQ is what every
 * match of it contains somewhere (in the line, for look-arounds); HEAD,
 * when ok, is a set of strings one of which the text holds where the
 * match of it starts, and TAIL one of which it holds just before where
 * the match ends.  Putting the tail of one atom before the head of the
 * next gives literals longer and rarer than either alone: for
 * (?<=[，。])[ ]+ the line must hold "， " or "。 ".
 */
struct info {
	struct lset req;
	struct lset head;
	struct lset tail;
};

static void
info_free(struct info *in)
{
	lset_free(&in->req);
	lset_free(&in->head);
	lset_free(&in->tail);
}

static void parse_alternation(struct parser *ps, struct info *out);

/* A literal may hold HIGH_MARK (any character above U+007F) only as its
 * first or its last byte, and is more than that marker twice. */
static int
lit_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 1 < n; i++)
		if ((unsigned char)s[i] == HIGH_MARK)
			return 0;
	return !(n == 2 && (unsigned char)s[0] == HIGH_MARK &&
		 (unsigned char)s[1] == HIGH_MARK);
}

static void
lset_copy(struct lset *to, const struct lset *from)
{
	size_t i;

	memset(to, 0, sizeof *to);
	for (i = 0; i < from->n; i++)
		lset_add(to, from->s[i], strlen(from->s[i]));
	to->ok = from->ok;
	to->high = from->high;
}

/* The number of characters of S, a marker counting as one. */
static size_t
lit_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Replaces RUN (the strings the text holds up to here; empty when not ok)
 * by RUN followed by one of SET.  Returns 0, leaving RUN as it was, when
 * the product would be too large or would put a marker inside a literal,
 * or when RUN is already two characters long and SET has more than one
 * string: "--" is rare enough, and "--A" ... "--z" would all share the
 * scanner's slot of "--".
 */
static int
run_extend(struct lset *run, const struct lset *set)
{
	struct lset p;
	struct zh_buf b = ZH_BUF_INIT;
	size_t i, j;

	if (!set->ok || set->n == 0)
		return 0;
	if (!run->ok) {
		lset_copy(run, set);
		return 1;
	}
	if (run->n * set->n > MAX_PRODUCT)
		return 0;
	if (set->n > 1)
		for (i = 0; i < run->n; i++)
			if (lit_chars(run->s[i]) >= 2)
				return 0;
	memset(&p, 0, sizeof p);
	p.ok = 1;
	for (i = 0; i < run->n; i++)
		for (j = 0; j < set->n; j++) {
			zh_buf_clear(&b);
			zh_buf_append(&b, run->s[i], strlen(run->s[i]));
			zh_buf_append(&b, set->s[j], strlen(set->s[j]));
			if (!lit_ok(b.data, b.len)) {
				zh_buf_free(&b);
				lset_free(&p);
				return 0;
			}
			lset_add(&p, b.data, b.len);
		}
	zh_buf_free(&b);
	lset_free(run);
	*run = p;
	return 1;
}

/* The set of strings one character of the class or escape stands for:
 * a lone HIGH_MARK for "any character above U+007F" (CLASS->high), which
 * makes the non-ASCII members needless. */
static void
char_set(struct lset *cls, struct lset *out)
{
	size_t i;
	char m = (char)HIGH_MARK;

	memset(out, 0, sizeof *out);
	out->ok = 1;
	for (i = 0; i < cls->n; i++)
		if (!cls->high || (unsigned char)cls->s[i][0] < 0x80)
			lset_add(out, cls->s[i], strlen(cls->s[i]));
	if (cls->high)
		lset_add(out, &m, 1);
}

struct seq {
	struct lset run;	/* what the text holds just before here */
	struct lset *best, *second;
	struct lset head;
	int at_start;		/* RUN began where the sequence began */
};

/* The run is over: it becomes a requirement (a lone HIGH_MARK among its
 * strings standing for any byte above 0x7F), and, when it began at the
 * start, the sequence's head. */
static void
run_end(struct seq *q)
{
	struct lset c;
	size_t i;

	if (q->at_start) {
		lset_copy(&q->head, &q->run);
		q->at_start = 0;
	}
	if (!q->run.ok || q->run.n == 0) {
		lset_free(&q->run);
		return;
	}
	memset(&c, 0, sizeof c);
	c.ok = 1;
	for (i = 0; i < q->run.n; i++) {
		if ((unsigned char)q->run.s[i][0] == HIGH_MARK && q->run.s[i][1] == '\0')
			c.high = 1;
		else
			lset_add(&c, q->run.s[i], strlen(q->run.s[i]));
	}
	lset_free(&q->run);
	lset_keep_best(q->best, q->second, &c);
}

/* Starts a new run with SET (may be not ok: an empty run). */
static void
run_start(struct seq *q, const struct lset *set)
{
	lset_free(&q->run);
	if (set->ok && set->n > 0 && set->n <= MAX_PRODUCT)
		lset_copy(&q->run, set);
}

enum atom_kind {
	A_SET,		/* one character of a set */
	A_BREAK,	/* something of which nothing is known */
	A_ZERO,		/* zero width, nothing required: ^, $, (?!...), (?#...) */
	A_GROUP,	/* a group: REQ, HEAD, TAIL */
	A_AHEAD,	/* (?=...): REQ, HEAD at this point */
	A_BEHIND,	/* (?<=...): REQ, TAIL at this point */
	A_NEVER		/* (*FAIL) */
};

/*
 * Reads a group at P->p == '('.  Fills *OUT and returns its kind.
 */
static enum atom_kind
parse_group(struct parser *ps, struct info *out)
{
	const char *p = ps->p + 1;
	enum atom_kind kind = A_GROUP;
	int required = 1;

	memset(out, 0, sizeof *out);
	if (*p == '*') {
		/* A verb: (*FAIL) means this way never matches; others such
		 * as (*SKIP) require nothing. */
		const char *e = strchr(p, ')');

		if (e == NULL || strncmp(p + 1, "ACCEPT", 6) == 0) {
			/* (*ACCEPT) ends a match early: what follows it
			 * need not be there. */
			ps->give_up = 1;
			return A_BREAK;
		}
		ps->p = e + 1;
		return (e - p == 2 && p[1] == 'F') ||
		       (e - p == 5 && strncmp(p + 1, "FAIL", 4) == 0) ||
		       (e - p == 6 && strncmp(p + 1, "FALSE", 5) == 0) ?
		       A_NEVER : A_BREAK;
	}
	if (*p == '?') {
		p++;
		if (*p == '=') {
			kind = A_AHEAD;
			p++;
		} else if (*p == ':' || *p == '>' || *p == '|')
			p++;
		else if (p[0] == '<' && (p[1] == '=' || p[1] == '!')) {
			required = p[1] == '=';
			kind = A_BEHIND;
			p += 2;
		} else if (*p == '!') {
			required = 0;
			p++;
		} else if (*p == '<' || *p == '\'' || (p[0] == 'P' && p[1] == '<')) {
			/* A named group; anything else, such as the
			 * non-atomic look-behind (?<*, is beyond us. */
			const char *n = p + (*p == 'P' ? 2 : 1), *e = n;

			while (is_alnum((unsigned char)*e) || *e == '_')
				e++;
			if (e == n || *e != (*p == '\'' ? '\'' : '>')) {
				ps->give_up = 1;
				return A_BREAK;
			}
			p = e + 1;
		} else if (*p == '#') {
			const char *e = strchr(p, ')');

			if (e == NULL)
				ps->give_up = 1;
			else
				ps->p = e + 1;
			return A_ZERO;
		} else {
			/* Option settings, recursion, conditions: beyond us. */
			ps->give_up = 1;
			return A_BREAK;
		}
	}
	ps->p = p;
	ps->depth++;
	parse_alternation(ps, out);
	ps->depth--;
	if (ps->give_up)
		return A_BREAK;
	if (*ps->p != ')') {
		ps->give_up = 1;
		return A_BREAK;
	}
	ps->p++;
	if (!required) {
		/* A negative look-around may well fail, and takes no room. */
		info_free(out);
		return A_ZERO;
	}
	if (out->req.never)
		return A_NEVER;
	return kind;
}

/* Reads a sequence up to '|', ')' or the end into *OUT: the most
 * selective thing every match of it contains, and its head and tail. */
static void
parse_sequence(struct parser *ps, struct info *out)
{
	struct lset second, set, cls;
	struct info g;
	struct seq q;
	struct zh_buf b = ZH_BUF_INIT;
	unsigned long cp, qmin;
	enum atom_kind kind;
	int exact, never = 0, rep;
	long c;

	memset(out, 0, sizeof *out);
	memset(&second, 0, sizeof second);
	memset(&q, 0, sizeof q);
	q.best = &out->req;
	q.second = &second;
	q.at_start = 1;
	while (!ps->give_up && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		memset(&set, 0, sizeof set);
		memset(&g, 0, sizeof g);
		kind = A_BREAK;
		switch (*ps->p) {
		case '(':
			kind = parse_group(ps, &g);
			break;
		case '[':
			parse_class(ps, &cls);
			if (cls.ok) {
				char_set(&cls, &set);
				kind = A_SET;
			}
			lset_free(&cls);
			break;
		case '.':
			ps->p++;
			break;
		case '^': case '$':
			ps->p++;
			kind = A_ZERO;
			break;
		case '*': case '+': case '?': case '{': case ']': case '}':
			ps->give_up = 1;	/* out of place: let PCRE2 judge it */
			break;
		case '\\':
			switch (read_escape(ps, &cp)) {
			case ESC_CHAR:
				memset(&set, 0, sizeof set);
				set.ok = 1;
				zh_buf_clear(&b);
				zh_buf_put_utf8(&b, cp);
				lset_add(&set, b.data, b.len);
				kind = A_SET;
				break;
			case ESC_DIGIT:
				/* Any decimal digit (UCP): ASCII or high. */
				memset(&cls, 0, sizeof cls);
				cls.high = 1;
				for (cp = '0'; cp <= '9'; cp++)
					add_cp(&cls, cp);
				char_set(&cls, &set);
				lset_free(&cls);
				kind = A_SET;
				break;
			case ESC_HIGH:
				memset(&cls, 0, sizeof cls);
				cls.high = 1;
				char_set(&cls, &set);
				kind = A_SET;
				break;
			case ESC_OTHER:
				break;
			case ESC_FAIL:
				ps->give_up = 1;
				break;
			}
			break;
		default:
			if ((c = read_char(ps)) < 0) {
				ps->give_up = 1;
				break;
			}
			set.ok = 1;
			zh_buf_clear(&b);
			zh_buf_put_utf8(&b, (unsigned long)c);
			lset_add(&set, b.data, b.len);
			kind = A_SET;
			break;
		}
		if (ps->give_up) {
			lset_free(&set);
			info_free(&g);
			break;
		}
		if (!parse_quantifier(ps, &qmin, &exact)) {
			qmin = 1;
			exact = 1;
		}
		if (kind == A_ZERO) {
			/* Takes no room: what is before it touches what is
			 * after it. */
			lset_free(&set);
			info_free(&g);
			continue;
		}
		if (qmin == 0 || kind == A_BREAK) {
			/* Not required, or nothing known: the run ends. */
			run_end(&q);
			lset_free(&set);
			info_free(&g);
			continue;
		}
		if (kind == A_NEVER) {
			never = 1;
			run_end(&q);
			info_free(&g);
			continue;
		}
		if (kind == A_SET) {
			/* The character QMIN times; when it may repeat more,
			 * the run ends after the first QMIN, and the last QMIN
			 * start the next. */
			struct lset sn;

			lset_copy(&sn, &set);
			for (rep = 1; (unsigned long)rep < qmin && rep < 8; rep++) {
				if (!run_extend(&sn, &set))
					break;
			}
			if ((unsigned long)rep < qmin)
				exact = 0;
			if (!run_extend(&q.run, &sn)) {
				run_end(&q);
				run_start(&q, &sn);
			}
			if (!exact) {
				run_end(&q);
				run_start(&q, &sn);
			}
			lset_free(&sn);
			lset_free(&set);
			continue;
		}
		/* A group or a look-around: what it requires is a candidate
		 * of its own. */
		if (kind == A_GROUP || kind == A_AHEAD) {
			if (g.head.ok)
				(void)run_extend(&q.run, &g.head);
			run_end(&q);
		} else
			run_end(&q);
		if (g.req.ok)
			lset_keep_best(q.best, q.second, &g.req);
		if (kind == A_GROUP || kind == A_BEHIND)
			run_start(&q, &g.tail);
		info_free(&g);
	}
	zh_buf_free(&b);
	if (!ps->give_up) {
		lset_copy(&out->tail, &q.run);
		run_end(&q);
		out->head = q.head;
	} else {
		lset_free(&q.run);
		lset_free(&q.head);
	}
	out->req.never = never;
	/* At the top, a second requirement narrows the rule further: a match
	 * needs both. */
	lset_free(&ps->second);
	if (ps->depth == 0 && !ps->give_up && lset_score(&second) > 0)
		ps->second = second;
	else
		lset_free(&second);
}

/* Adds the strings of B to A, unless A is not ok (unknown) or would
 * grow too large, when A becomes unknown. */
static void
edge_union(struct lset *a, struct lset *b, int first)
{
	if (first) {
		*a = *b;
		memset(b, 0, sizeof *b);
		return;
	}
	if (!a->ok || !b->ok || a->n + b->n > MAX_PRODUCT) {
		lset_free(a);
		lset_free(b);
		return;
	}
	lset_union(a, b);
}

/* Reads alternatives up to ')' or the end; OUT->req is their union, or
 * nothing when one of them requires nothing; the head and tail are the
 * unions of theirs. */
static void
parse_alternation(struct parser *ps, struct info *out)
{
	struct info seq;
	int all = 1, possible = 0;

	memset(out, 0, sizeof *out);
	out->req.ok = 1;
	for (;;) {
		if (ps->depth == 0)
			ps->top_alts++;
		parse_sequence(ps, &seq);
		if (ps->give_up) {
			info_free(&seq);
			break;
		}
		if (seq.req.never) {
			/* A way that cannot match adds nothing. */
			info_free(&seq);
		} else {
			if (lset_score(&seq.req) == 0)
				all = 0;
			lset_union(&out->req, &seq.req);
			edge_union(&out->head, &seq.head, !possible);
			edge_union(&out->tail, &seq.tail, !possible);
			possible = 1;
			info_free(&seq);
		}
		if (*ps->p != '|')
			break;
		ps->p++;
	}
	if (!all || ps->give_up) {
		lset_free(&out->req);
		if (ps->give_up) {
			lset_free(&out->head);
			lset_free(&out->tail);
		}
	} else if (!possible) {
		info_free(out);
		out->req.never = 1;
	}
	if (!out->head.ok || out->head.n == 0)
		lset_free(&out->head);
	if (!out->tail.ok || out->tail.n == 0)
		lset_free(&out->tail);
}

/* Does a text holding one of A always hold one of B?  (When each
 * literal of A has one of B inside.) */
static int
lset_implies(const struct lset *a, const struct lset *b)
{
	size_t i, j;

	if (a->high && !b->high)
		return 0;
	for (i = 0; i < a->n; i++) {
		int found = 0;

		for (j = 0; j < b->n && !found; j++)
			found = strstr(a->s[i], b->s[j]) != NULL;
		for (j = 0; a->s[i][j] != '\0' && !found && b->high; j++)
			found = (unsigned char)a->s[i][j] >= 0x80;
		if (!found)
			return 0;
	}
	return 1;
}

/* Is L a set of many ASCII characters ([A-Za-z] and the like), which
 * nearly every line of Latin text holds and which would cost the scan a
 * look-up at each of them? */
static int
lset_common(const struct lset *l)
{
	size_t i;

	if (l->n <= 8)
		return 0;
	for (i = 0; i < l->n; i++)
		if (strlen(l->s[i]) != 1 || (unsigned char)l->s[i][0] >= 0x80)
			return 0;
	return 1;
}

int
zh_required_extract(const char *pattern, struct zh_required *req)
{
	struct parser ps;
	struct info in;
	struct lset l;

	memset(req, 0, sizeof *req);
	memset(&ps, 0, sizeof ps);
	ps.p = pattern;
	/* Leading verbs such as (*UTF) change nothing here. */
	while (strncmp(ps.p, "(*", 2) == 0 && strncmp(ps.p, "(*ACCEPT", 8) != 0 &&
	       strchr(ps.p, ')') != NULL)
		ps.p = strchr(ps.p, ')') + 1;
	parse_alternation(&ps, &in);
	l = in.req;
	lset_free(&in.head);
	lset_free(&in.tail);
	if (ps.give_up || *ps.p != '\0' || lset_score(&l) == 0) {
		lset_free(&l);
		lset_free(&ps.second);
		return 0;
	}
	req->lits = l.s;
	req->n = l.n;
	req->high = l.high;
	/* The second requirement holds only when the whole pattern is one
	 * sequence: then every match needs both.  It is worth a scan only
	 * when the first does not imply it. */
	if (lset_score(&ps.second) > 0 && ps.top_alts == 1 &&
	    !lset_implies(&l, &ps.second) && !lset_common(&ps.second)) {
		req->lits2 = ps.second.s;
		req->n2 = ps.second.n;
		req->high2 = ps.second.high;
		req->two = 1;
	} else
		lset_free(&ps.second);
	return 1;
}

void
zh_required_free(struct zh_required *req)
{
	size_t i;

	for (i = 0; i < req->n; i++)
		free(req->lits[i]);
	free(req->lits);
	for (i = 0; i < req->n2; i++)
		free(req->lits2[i]);
	free(req->lits2);
	memset(req, 0, sizeof *req);
}

/* ---- the scanner ---------------------------------------------------------- */

/*
 * Literals are grouped by their first character.  A table indexed by code
 * point (the Basic Multilingual Plane; a sorted list for the rest) gives a
 * character's group, so a scan is one decode and one lookup per character.
 * A group sets the bits of the rules whose literal is that one character
 * with a few word-wide ORs.  Its longer literals are found through a hash
 * table keyed by their first two characters, and compared in place.  A
 * literal may begin or end with HIGH_MARK, any character above U+007F:
 * those that begin with it are tried at every such character, through
 * the same table under the key KEY_HIGH.
 */
struct lit {
	char *s;
	uint32_t len;
	uint32_t id;
	uint32_t key;		/* first character (see char_key) */
	uint32_t keylen;	/* its length in bytes */
	uint32_t key2;		/* the second, or KEY_HIGH for a final marker */
};

struct mask {
	uint32_t word;
	uint64_t bits;
};

struct group {
	uint32_t mask_start, mask_end;	/* into masks: ids of one-character literals */
	uint32_t key;
	int longer;		/* 1: it starts longer literals; 2: some of
				 * them have a final marker second */
	uint64_t next[4];	/* the bytes that may follow the first
				 * character in them */
};

/* The longer literals of first character KEY1 and second KEY2 are
 * lits[start, end). */
struct pair {
	uint32_t key1, key2;
	uint32_t start, end;
};

struct far_key {
	uint32_t key;
	uint32_t group;
};

/* The key of the literals that start with HIGH_MARK. */
#define KEY_HIGH (0x110000u + HIGH_MARK)

struct zh_prefilter {
	struct lit *lits;	/* sorted by keys once built */
	size_t nlits, caplits;
	struct mask *masks;
	size_t nmasks;
	struct group *groups;
	size_t ngroups;
	uint16_t *bmp;		/* 65536 entries: group + 1, or 0 */
	struct far_key *far;	/* keys above U+FFFF or over 65535 groups, sorted */
	size_t nfar;
	struct pair *pairs;	/* open addressing; end == 0: empty */
	uint32_t pairmask;	/* its size - 1 (a power of two) */
	const struct group *high;	/* the group of KEY_HIGH, or NULL */
	size_t maxlen;		/* the longest literal, in bytes */
};

/* The key of the character at S[0..N): its code point, or for a byte that
 * does not start a valid sequence, 0x110000 + the byte.  Sets *LEN. */
static inline uint32_t
char_key(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xE0 && c < 0xF0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		uint32_t cp = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
			      (s[2] & 0x3F);

		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
			*len = 3;
			return cp;
		}
	} else if (c >= 0xC2 && c < 0xE0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return ((c & 0x1F) << 6) | (s[1] & 0x3F);
	} else if (c >= 0xF0 && c < 0xF5 && n >= 4 && (s[1] & 0xC0) == 0x80 &&
		   (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		uint32_t cp = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
			      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);

		if (cp >= 0x10000 && cp <= 0x10FFFF) {
			*len = 4;
			return cp;
		}
	}
	*len = 1;
	return 0x110000 + c;
}

struct zh_prefilter *
zh_prefilter_new(void)
{
	return zh_xcalloc(1, sizeof(struct zh_prefilter));
}

void
zh_prefilter_free(struct zh_prefilter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nlits; i++)
		free(pf->lits[i].s);
	free(pf->lits);
	free(pf->masks);
	free(pf->groups);
	free(pf->bmp);
	free(pf->far);
	free(pf->pairs);
	free(pf);
}

void
zh_prefilter_add(struct zh_prefilter *pf, const char *lit, size_t len,
		 uint32_t id)
{
	struct lit *l;
	size_t k, span;

	if (len == 0)
		return;
	if (pf->nlits == pf->caplits) {
		pf->caplits = pf->caplits ? 2 * pf->caplits : 64;
		pf->lits = zh_xrealloc(pf->lits, pf->caplits * sizeof *pf->lits);
	}
	l = &pf->lits[pf->nlits++];
	l->s = zh_xstrndup(lit, len);
	l->len = (uint32_t)len;
	l->id = id;
	l->key = char_key((const unsigned char *)lit, len, &k);
	l->keylen = (uint32_t)k;
	l->key2 = 0;
	if (len > k) {
		if ((unsigned char)lit[k] == HIGH_MARK)
			l->key2 = KEY_HIGH;
		else
			l->key2 = char_key((const unsigned char *)lit + k, len - k, &k);
	}
	/* A marker stands for a character of up to four bytes. */
	for (k = 0, span = len; k < len; k++)
		if ((unsigned char)lit[k] == HIGH_MARK)
			span += 3;
	if (span > pf->maxlen)
		pf->maxlen = span;
}

/* Orders literals by key, the one-character ones first, then by the
 * second key, then by id. */
static int
cmp_lit(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;
	int xs = x->len == x->keylen, ys = y->len == y->keylen;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (xs != ys)
		return xs ? -1 : 1;
	if (x->key2 != y->key2)
		return x->key2 < y->key2 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static inline uint32_t
pair_hash(uint32_t key1, uint32_t key2)
{
	return (key1 * 0x9E3779B1u) ^ (key2 * 0x85EBCA77u) ^ (key2 >> 7);
}

void
zh_prefilter_build(struct zh_prefilter *pf)
{
	size_t i = 0, j, k, m, g = 0, npairs = 0, size = 4;

	if (pf->nlits > 1)	/* lits is NULL when there are none */
		qsort(pf->lits, pf->nlits, sizeof *pf->lits, cmp_lit);
	while (size < 2 * pf->nlits)
		size *= 2;
	pf->pairs = zh_xcalloc(size, sizeof *pf->pairs);
	pf->pairmask = (uint32_t)(size - 1);
	pf->bmp = zh_xcalloc(65536, sizeof *pf->bmp);
	pf->groups = zh_xcalloc(pf->nlits + 1, sizeof *pf->groups);
	pf->masks = zh_xcalloc(pf->nlits + 1, sizeof *pf->masks);
	pf->far = zh_xcalloc(pf->nlits + 1, sizeof *pf->far);
	while (i < pf->nlits) {
		struct group *gr = &pf->groups[g];
		uint32_t key = pf->lits[i].key;

		gr->key = key;
		/* One-character literals become word masks. */
		gr->mask_start = (uint32_t)pf->nmasks;
		for (j = i; j < pf->nlits && pf->lits[j].key == key &&
			    pf->lits[j].len == pf->lits[j].keylen; j++) {
			uint32_t w = pf->lits[j].id / 64;

			if (pf->nmasks == gr->mask_start ||
			    pf->masks[pf->nmasks - 1].word != w) {
				pf->masks[pf->nmasks].word = w;
				pf->masks[pf->nmasks++].bits = 0;
			}
			pf->masks[pf->nmasks - 1].bits |= 1ULL << (pf->lits[j].id % 64);
		}
		gr->mask_end = (uint32_t)pf->nmasks;
		/* The longer ones, a pair of keys at a time. */
		while (j < pf->nlits && pf->lits[j].key == key) {
			uint32_t key2 = pf->lits[j].key2;
			struct pair *p;

			for (k = j; k < pf->nlits && pf->lits[k].key == key &&
				    pf->lits[k].key2 == key2; k++)
				;
			for (p = &pf->pairs[pair_hash(key, key2) & pf->pairmask];
			     p->end != 0; p = &pf->pairs[(p - pf->pairs + 1) & pf->pairmask])
				;
			for (m = j; m < k; m++) {
				unsigned int b = (unsigned char)pf->lits[m].s[pf->lits[m].keylen];

				if (b == HIGH_MARK)
					for (b = 0x80; b < 0x100; b++)
						gr->next[b / 64] |= 1ULL << (b % 64);
				else
					gr->next[b / 64] |= 1ULL << (b % 64);
			}
			p->key1 = key;
			p->key2 = key2;
			p->start = (uint32_t)j;
			p->end = (uint32_t)k;
			npairs++;
			if (gr->longer == 0)
				gr->longer = 1;
			if (key2 == KEY_HIGH)
				gr->longer = 2;
			j = k;
		}
		if (key == KEY_HIGH)
			pf->high = gr;
		else if (key < 65536 && g < 65535)
			pf->bmp[key] = (uint16_t)(g + 1);
		else {
			pf->far[pf->nfar].key = key;
			pf->far[pf->nfar++].group = (uint32_t)g;
		}
		g++;
		i = j;
	}
	pf->ngroups = g;
}

/* Returns the group of KEY + 1, or 0. */
static inline uint32_t
find_group(const struct zh_prefilter *pf, uint32_t key)
{
	size_t lo = 0, hi = pf->nfar, mid;

	if (key < 65536 && pf->bmp[key] != 0)
		return pf->bmp[key];
	if (pf->nfar == 0)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pf->far[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pf->nfar && pf->far[lo].key == key ? pf->far[lo].group + 1 : 0;
}

/* Does the literal L, from its byte LO on, begin at A (AVAIL bytes
 * left)?  A final HIGH_MARK matches any byte above 0x7F. */
static inline int
lit_at(const struct lit *l, size_t lo, const unsigned char *a, size_t avail)
{
	const unsigned char *b = (const unsigned char *)l->s + lo;
	const unsigned char *e = (const unsigned char *)l->s + l->len;

	if ((size_t)(e - b) > avail)
		return 0;
	while (b < e && *a == *b)
		a++, b++;
	return b == e || (b + 1 == e && *b == HIGH_MARK && *a >= 0x80);
}

/* Sets the bits of the longer literals of first key KEY1 and second KEY2
 * that are at S[I..N), the first character being LEN bytes. */
static inline void
pair_hit(const struct zh_prefilter *pf, uint32_t key1, uint32_t key2,
	 const unsigned char *s, size_t n, size_t i, size_t len, uint64_t *bits)
{
	const struct pair *p;
	size_t k;

	for (p = &pf->pairs[pair_hash(key1, key2) & pf->pairmask]; p->end != 0;
	     p = &pf->pairs[(p - pf->pairs + 1) & pf->pairmask]) {
		if (p->key1 != key1 || p->key2 != key2)
			continue;
		for (k = p->start; k < p->end; k++) {
			const struct lit *l = &pf->lits[k];

			if (lit_at(l, l->keylen, s + i + len, n - i - len))
				bits[l->id / 64] |= 1ULL << (l->id % 64);
		}
		return;
	}
}

/* The character at S[I..I+LEN) starts the literals of group GR (of its
 * first character, or of KEY_HIGH): sets the bits of those there. */
static inline void
group_hit(const struct zh_prefilter *pf, const struct group *gr,
	  const unsigned char *s, size_t n, size_t i, size_t len, uint64_t *bits)
{
	size_t k, len2;
	uint32_t key2;

	for (k = gr->mask_start; k < gr->mask_end; k++)
		bits[pf->masks[k].word] |= pf->masks[k].bits;
	if (gr->longer == 0 || i + len >= n ||
	    !((gr->next[s[i + len] / 64] >> (s[i + len] % 64)) & 1))
		return;
	key2 = char_key(s + i + len, n - i - len, &len2);
	pair_hit(pf, gr->key, key2, s, n, i, len, bits);
	if (gr->longer == 2 && s[i + len] >= 0x80)
		pair_hit(pf, gr->key, KEY_HIGH, s, n, i, len, bits);
}

int
zh_prefilter_scan_range(const struct zh_prefilter *pf, const char *text,
			size_t n, size_t from, size_t to, uint64_t *bits)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = from, len;
	uint32_t key, g;
	int high = 0;

	if (to > n)
		to = n;
	while (i < to) {
		uint32_t c = s[i];

		if (c < 0x80) {
			/* ASCII: most of it starts no literal. */
			if ((g = pf->bmp[c]) != 0)
				group_hit(pf, &pf->groups[g - 1], s, n, i, 1, bits);
			i++;
			continue;
		}
		high = 1;
		if ((c & 0xF0) == 0xE0 && i + 2 < n &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			/* The common case of Chinese text: a three-byte
			 * character (an overlong form or a surrogate gives a
			 * key no literal has, or at worst a needless bit). */
			len = 3;
			g = pf->bmp[((c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
				    (s[i + 2] & 0x3F)];
		} else {
			key = char_key(s + i, n - i, &len);
			g = find_group(pf, key);
		}
		if (g != 0)
			group_hit(pf, &pf->groups[g - 1], s, n, i, len, bits);
		if (pf->high != NULL)
			group_hit(pf, pf->high, s, n, i, len, bits);
		i += len;
	}
	return high;
}

int
zh_prefilter_scan(const struct zh_prefilter *pf, const char *s, size_t n,
		  uint64_t *bits)
{
	return zh_prefilter_scan_range(pf, s, n, 0, n, bits);
}

size_t
zh_prefilter_maxlen(const struct zh_prefilter *pf)
{
	return pf->maxlen;
}
