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
 * and the rule simply always runs.  Two neighbours that are each one
 * character of a short list also require one of their pairs.
 *
 * The scanner looks each character of a line up in a table of the key
 * characters of all literals: the first that is neither ASCII nor a
 * no-break space, or in a literal of only those its least common one.
 * A key's one-character literals are set once in a long line, and a
 * literal found is not compared again; the ASCII keys of one-character
 * literals only (the letters of [A-Za-z]) are noted as seen and their
 * bits set at the end.
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
	int one;	/* every match is exactly one character, one of S */
};

#define MAX_CLASS 128	/* enumerate classes of at most this many characters */
#define MAX_PAIRS 32	/* pair two adjacent sets of at most this many products */

/* What the group just read was, for what it says of its neighbours. */
enum group_kind {
	GROUP_PLAIN,	/* consumes what it matches */
	GROUP_AHEAD,	/* a positive look-ahead */
	GROUP_BEHIND,	/* a positive look-behind */
	GROUP_ZERO,	/* a negative look-around or a comment: matches no text */
	GROUP_OTHER	/* a verb */
};

struct parser {
	const char *p;
	int give_up;	/* the pattern is beyond this reader: require nothing */
	int depth;	/* of groups */
	int top_alts;	/* alternatives read at the top level */
	struct lset second;	/* the second requirement of the last top-level sequence */
	enum group_kind gkind;	/* of the group parse_group read last */
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

/* Returns a copy of A's literals and flags. */
static struct lset
lset_copy(const struct lset *a)
{
	struct lset c;
	size_t i;

	memset(&c, 0, sizeof c);
	for (i = 0; i < a->n; i++)
		lset_add(&c, a->s[i], strlen(a->s[i]));
	c.ok = a->ok;
	c.one = a->one;
	return c;
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
	else
		out->one = !out->high;
}

/* Reads a quantifier, if any.  Returns 1 when there is one and sets
 * *OPTIONAL when it allows zero repetitions. */
static int
parse_quantifier(struct parser *ps, int *optional)
{
	const char *p = ps->p;

	*optional = 0;
	if (*p == '?' || *p == '*')
		*optional = 1;
	else if (*p == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',')) {
		const char *e = strchr(p, '}');
		const char *q;

		if (e == NULL)
			return 0;
		for (q = p + 1; q < e; q++)
			if (!((*q >= '0' && *q <= '9') || *q == ','))
				return 0;	/* not a quantifier: a literal '{' */
		/* The minimum is zero when it is absent or all zeros ({00}). */
		for (q = p + 1; *q == '0'; q++)
			;
		*optional = *q == ',' || *q == '}';
		ps->p = e;
	} else if (*p != '+')
		return 0;
	ps->p++;
	if (*ps->p == '?' || *ps->p == '+')
		ps->p++;	/* lazy or possessive */
	return 1;
}

static void parse_alternation(struct parser *ps, struct lset *out);

/*
 * Reads a group at P->p == '('.  Sets *OUT to what a match of it must
 * contain (for a negative look-around or a verb: nothing).
 */
static void
parse_group(struct parser *ps, struct lset *out)
{
	const char *p = ps->p + 1;
	int required = 1;
	enum group_kind kind;

	memset(out, 0, sizeof *out);
	ps->gkind = GROUP_OTHER;
	if (*p == '*') {
		/* A verb: (*FAIL) means this way never matches; others such
		 * as (*SKIP) require nothing. */
		const char *e = strchr(p, ')');

		if (e == NULL || strncmp(p + 1, "ACCEPT", 6) == 0) {
			/* (*ACCEPT) ends a match early: what follows it
			 * need not be there. */
			ps->give_up = 1;
			return;
		}
		out->never = (e - p == 2 && p[1] == 'F') ||
			     (e - p == 5 && strncmp(p + 1, "FAIL", 4) == 0) ||
			     (e - p == 6 && strncmp(p + 1, "FALSE", 5) == 0);
		ps->p = e + 1;
		return;
	}
	kind = GROUP_PLAIN;
	if (*p == '?') {
		p++;
		if (*p == ':' || *p == '>' || *p == '|')
			p++;
		else if (*p == '=') {
			kind = GROUP_AHEAD;
			p++;
		} else if (p[0] == '<' && (p[1] == '=' || p[1] == '!')) {
			required = p[1] == '=';
			kind = required ? GROUP_BEHIND : GROUP_ZERO;
			p += 2;
		} else if (*p == '!') {
			required = 0;
			kind = GROUP_ZERO;
			p++;
		} else if (*p == '<' || *p == '\'' || (p[0] == 'P' && p[1] == '<')) {
			/* A named group; anything else, such as the
			 * non-atomic look-behind (?<*, is beyond us. */
			const char *n = p + (*p == 'P' ? 2 : 1), *e = n;

			while (is_alnum((unsigned char)*e) || *e == '_')
				e++;
			if (e == n || *e != (*p == '\'' ? '\'' : '>')) {
				ps->give_up = 1;
				return;
			}
			p = e + 1;
		} else if (*p == '#') {
			const char *e = strchr(p, ')');

			if (e == NULL)
				ps->give_up = 1;
			else
				ps->p = e + 1;
			ps->gkind = GROUP_ZERO;
			return;
		} else {
			/* Option settings, recursion, conditions: beyond us. */
			ps->give_up = 1;
			return;
		}
	}
	ps->p = p;
	ps->depth++;
	parse_alternation(ps, out);
	ps->depth--;
	if (ps->give_up)
		return;
	if (*ps->p != ')') {
		ps->give_up = 1;
		return;
	}
	ps->p++;
	if (!required)
		lset_free(out);	/* ... and a negative look-around may well fail */
	ps->gkind = kind;
}

/* Is the character at S (UTF-8) a common one: ASCII, or a no-break
 * space?  The scanner looks a literal up by its first other character
 * (see zh_prefilter_add). */
static int
common_char(const char *s)
{
	return (unsigned char)s[0] < 0x80 ||
	       ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0);
}

/*
 * How common a character of common_char is in mixed text, for the choice
 * of the character a literal of only those is looked up by: the space,
 * then lower-case letters in the order of their frequency in English
 * (e t a o i n s r h l d c u m f p g w y b v k x j q z), digits,
 * capitals, the usual punctuation, the rest of ASCII and the no-break
 * space.
 */
static int
commonness(const char *s)
{
	static const char letters[] = "zqjxkvbywgpfmucdlhrsnioate";
	unsigned char c = (unsigned char)s[0];

	if (c == ' ')
		return 100;
	if (c >= 'a' && c <= 'z')
		return 70 + (int)(strchr(letters, c) - letters);
	if (c >= '0' && c <= '9')
		return 60;
	if (c >= 'A' && c <= 'Z')
		return 50;
	if (c >= 0x80)
		return 10;	/* the no-break space */
	if (c != '\0' && strchr(".,-/():\"'_=\t", c) != NULL)
		return 40;
	return 20;
}

/*
 * Two characters the pattern puts side by side: with the character before
 * the current position known to be one of PREV and the next one of CUR,
 * every match holds one of their pairs.  In [，。][ ]+ or [ ]+(?=[，。])
 * a pair ("， ", " 。") is far rarer in a line than either character.
 * Offers the pairs to BEST and SECOND, when there are few enough and each
 * has a character other than a common one: a pair of those (" a", "0 ")
 * would be looked for at every space or digit, for little.
 */
static void
offer_pairs(const struct lset *prev, const struct lset *cur,
	    struct lset *best, struct lset *second)
{
	struct zh_buf b = ZH_BUF_INIT;
	struct lset pairs;
	size_t i, j;

	if (prev->n == 0 || cur->n == 0 || prev->n * cur->n > MAX_PAIRS)
		return;
	for (i = 0; i < prev->n; i++)
		for (j = 0; j < cur->n; j++)
			if (common_char(prev->s[i]) && common_char(cur->s[j]))
				return;
	memset(&pairs, 0, sizeof pairs);
	pairs.ok = 1;
	for (i = 0; i < prev->n; i++)
		for (j = 0; j < cur->n; j++) {
			zh_buf_clear(&b);
			zh_buf_append(&b, prev->s[i], strlen(prev->s[i]));
			zh_buf_append(&b, cur->s[j], strlen(cur->s[j]));
			lset_add(&pairs, b.data, b.len);
		}
	zh_buf_free(&b);
	lset_keep_best(best, second, &pairs);
}

/* What an atom of a sequence says of the characters around it. */
enum atom_kind {
	ATOM_ONE,	/* consumes exactly one character, one of a set */
	ATOM_AHEAD,	/* the next character is one of a set; consumes none */
	ATOM_BEHIND,	/* the character before is one of a set; consumes none */
	ATOM_ZERO,	/* consumes nothing and says nothing */
	ATOM_OTHER	/* anything else: what is before is no longer known */
};

/* Reads a sequence up to '|', ')' or the end; *OUT is the most selective
 * thing every match of it contains.  OUT->one is set when the sequence is
 * a single character of a set. */
static void
parse_sequence(struct parser *ps, struct lset *out)
{
	struct zh_buf run = ZH_BUF_INIT, atom = ZH_BUF_INIT;
	struct lset cand, second, prev, cur;
	enum atom_kind kind;
	unsigned long cp;
	int optional, is_literal, never = 0, quantified, atoms = 0, single = 0;
	int reseed = 0, prev_literal = 0;
	long c;

	memset(out, 0, sizeof *out);
	memset(&second, 0, sizeof second);
	memset(&prev, 0, sizeof prev);	/* the character before: one of these */
	while (!ps->give_up && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		memset(&cand, 0, sizeof cand);
		zh_buf_clear(&atom);
		is_literal = 0;
		kind = ATOM_OTHER;
		switch (*ps->p) {
		case '(':
			parse_group(ps, &cand);
			switch (ps->gkind) {
			case GROUP_PLAIN:
				kind = cand.one ? ATOM_ONE : ATOM_OTHER;
				break;
			case GROUP_AHEAD:
				kind = cand.one ? ATOM_AHEAD : ATOM_ZERO;
				break;
			case GROUP_BEHIND:
				kind = cand.one ? ATOM_BEHIND : ATOM_ZERO;
				break;
			case GROUP_ZERO:
				kind = ATOM_ZERO;
				break;
			case GROUP_OTHER:
				break;
			}
			break;
		case '[':
			parse_class(ps, &cand);
			if (cand.one)
				kind = ATOM_ONE;
			break;
		case '.': case '^': case '$':
			ps->p++;
			break;
		case '*': case '+': case '?': case '{': case ']': case '}':
			ps->give_up = 1;	/* out of place: let PCRE2 judge it */
			break;
		case '\\':
			switch (read_escape(ps, &cp)) {
			case ESC_CHAR:
				zh_buf_put_utf8(&atom, cp);
				is_literal = 1;
				kind = ATOM_ONE;
				break;
			case ESC_DIGIT:
				/* Any decimal digit (UCP): ASCII or high. */
				cand.ok = 1;
				cand.high = 1;
				for (cp = '0'; cp <= '9'; cp++)
					add_cp(&cand, cp);
				break;
			case ESC_HIGH:
				cand.ok = 1;
				cand.high = 1;
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
			zh_buf_put_utf8(&atom, (unsigned long)c);
			is_literal = 1;
			kind = ATOM_ONE;
			break;
		}
		if (ps->give_up) {
			lset_free(&cand);
			break;
		}
		/* The character set of the atom, for its neighbours. */
		memset(&cur, 0, sizeof cur);
		if (is_literal)
			lset_add(&cur, atom.data, atom.len);
		else if (kind != ATOM_OTHER && kind != ATOM_ZERO)
			cur = lset_copy(&cand);
		quantified = parse_quantifier(ps, &optional);
		atoms++;
		single = !quantified && kind == ATOM_ONE;
		/* A repeated one-character atom: its first repetition follows
		 * what is before, its last is what the next atom follows.  A
		 * quantified look-around, or an optional atom, breaks the
		 * chain. */
		if (quantified && (optional || kind != ATOM_ONE))
			kind = ATOM_OTHER;
		switch (kind) {
		case ATOM_ONE:
			/* Two literal characters are in one run already. */
			if (!(is_literal && prev_literal))
				offer_pairs(&prev, &cur, out, &second);
			lset_free(&prev);
			prev = cur;
			prev_literal = is_literal;
			memset(&cur, 0, sizeof cur);
			break;
		case ATOM_AHEAD:
			offer_pairs(&prev, &cur, out, &second);
			break;
		case ATOM_BEHIND:
			lset_free(&prev);
			prev = cur;
			prev_literal = 0;
			memset(&cur, 0, sizeof cur);
			break;
		case ATOM_ZERO:
			break;
		case ATOM_OTHER:
			lset_free(&prev);
			break;
		}
		lset_free(&cur);
		if (quantified) {
			if (optional)
				cand.never = 0;
			if (optional) {
				/* Not required at all. */
				lset_free(&cand);
				is_literal = 0;
				zh_buf_clear(&atom);
			} else if (is_literal) {
				/* Required once; the run cannot go on past it,
				 * but its last repetition starts the next run
				 * (a{2}bc holds "abc"). */
				zh_buf_append(&run, atom.data, atom.len);
				is_literal = 0;
				reseed = 1;
				goto end_run;
			}
		}
		if (is_literal) {
			zh_buf_append(&run, atom.data, atom.len);
			continue;
		}
end_run:
		if (cand.never)
			never = 1;
		if (run.len > 0) {
			struct lset r;

			memset(&r, 0, sizeof r);
			r.ok = 1;
			lset_add(&r, run.data, run.len);
			lset_keep_best(out, &second, &r);
			zh_buf_clear(&run);
		}
		if (reseed) {
			zh_buf_append(&run, atom.data, atom.len);
			zh_buf_clear(&atom);
			reseed = 0;
		}
		if (cand.ok)
			lset_keep_best(out, &second, &cand);
		else
			lset_free(&cand);
	}
	lset_free(&prev);
	if (run.len > 0 && !ps->give_up) {
		struct lset r;

		memset(&r, 0, sizeof r);
		r.ok = 1;
		lset_add(&r, run.data, run.len);
		lset_keep_best(out, &second, &r);
	}
	zh_buf_free(&run);
	zh_buf_free(&atom);
	out->never = never;
	/* A single character of a set, and nothing else: OUT is that set. */
	out->one = atoms == 1 && single && out->ok && !out->high && !never;
	/* At the top, a second requirement narrows the rule further: a match
	 * needs both. */
	lset_free(&ps->second);
	if (ps->depth == 0 && !ps->give_up && lset_score(&second) > 0)
		ps->second = second;
	else
		lset_free(&second);
}

/* Reads alternatives up to ')' or the end; *OUT is their union, or
 * nothing when one of them requires nothing.  OUT->one is set when each
 * alternative is a single character of a set. */
static void
parse_alternation(struct parser *ps, struct lset *out)
{
	struct lset seq;
	int all = 1, possible = 0, one = 1;

	memset(out, 0, sizeof *out);
	out->ok = 1;
	for (;;) {
		if (ps->depth == 0)
			ps->top_alts++;
		parse_sequence(ps, &seq);
		if (ps->give_up) {
			lset_free(&seq);
			break;
		}
		if (seq.never) {
			/* A way that cannot match adds nothing to the union. */
			lset_free(&seq);
		} else {
			possible = 1;
			if (lset_score(&seq) == 0)
				all = 0;
			one &= seq.one;
			lset_union(out, &seq);
		}
		if (*ps->p != '|')
			break;
		ps->p++;
	}
	if (!all || ps->give_up)
		lset_free(out);
	else if (!possible) {
		lset_free(out);
		out->never = 1;
	} else
		out->one = one && !out->high;
}

int
zh_required_extract(const char *pattern, struct zh_required *req)
{
	struct parser ps;
	struct lset l;

	memset(req, 0, sizeof *req);
	memset(&ps, 0, sizeof ps);
	ps.p = pattern;
	/* Leading verbs such as (*UTF) change nothing here. */
	while (strncmp(ps.p, "(*", 2) == 0 && strncmp(ps.p, "(*ACCEPT", 8) != 0 &&
	       strchr(ps.p, ')') != NULL)
		ps.p = strchr(ps.p, ')') + 1;
	parse_alternation(&ps, &l);
	if (ps.give_up || *ps.p != '\0' || lset_score(&l) == 0) {
		lset_free(&l);
		lset_free(&ps.second);
		return 0;
	}
	req->lits = l.s;
	req->n = l.n;
	req->high = l.high;
	/* The second requirement holds only when the whole pattern is one
	 * sequence: then every match needs both. */
	if (lset_score(&ps.second) > 0 && ps.top_alts == 1) {
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
 * with a few word-wide ORs, and compares its longer literals in place.
 */
struct lit {
	char *s;
	uint32_t len;
	uint32_t id;
	uint32_t key;		/* the character looked up (see char_key) */
	uint32_t keylen;	/* its length in bytes */
	uint32_t pre;		/* bytes of the literal before it */
	int prev, next;		/* the bytes before and after it, or -1:
				 * most misses */
};

struct mask {
	uint32_t word;
	uint64_t bits;
};

struct group {
	uint32_t mask_start, mask_end;	/* into masks: ids of one-character literals */
	uint32_t lit_start, lit_end;	/* into lits: the longer literals */
};

#define SEEN_GROUPS 4096	/* a scan remembers the groups seen, up to this many */

struct far_key {
	uint32_t key;
	uint32_t group;
};

struct zh_prefilter {
	struct lit *lits;	/* sorted by key once built */
	size_t nlits, caplits;
	struct mask *masks;
	size_t nmasks;
	struct group *groups;
	size_t ngroups;
	uint16_t *bmp;		/* 65536 entries: group + 1, or 0 */
	struct far_key *far;	/* keys above U+FFFF or over 65535 groups, sorted */
	size_t nfar;
	uint64_t ascii_masks[2];	/* ASCII keys of one-character literals only */
	int ascii_keys;		/* is some ASCII character a key? */
	size_t maxlen;		/* the longest literal, in bytes */
	size_t maxpre;		/* the most bytes of a literal before its key */
	/* For each id, over the literals of that id and above: the most
	 * bytes of a literal after its key's first, and before it (see
	 * zh_prefilter_reach). */
	uint32_t *before, *after;
	size_t nids;		/* the highest id + 1 */
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
	free(pf->before);
	free(pf->after);
	free(pf);
}

void
zh_prefilter_add(struct zh_prefilter *pf, const char *lit, size_t len,
		 uint32_t id)
{
	struct lit *l;
	size_t k;

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
	/* The first character is looked up, unless it is a common one
	 * (common_char) and a later one is not: spaces, digits and Latin
	 * letters are everywhere in mixed text, a given CJK mark or
	 * character much less so (" ，" is looked for at each "，"). */
	l->pre = 0;
	while (l->pre < len && common_char(l->s + l->pre))
		l->pre += (unsigned char)l->s[l->pre] < 0x80 ? 1 : 2;
	if (l->pre >= len) {
		/* All of it is common: then its least common character
		 * ("https" is looked for at each 'p', not each 'h'). */
		size_t at, best = 0;

		for (at = 0; at < len; at += (unsigned char)l->s[at] < 0x80 ? 1 : 2)
			if (commonness(l->s + at) < commonness(l->s + best))
				best = at;
		l->pre = (uint32_t)best;
	}
	l->key = char_key((const unsigned char *)lit + l->pre, len - l->pre, &k);
	l->keylen = (uint32_t)k;
	l->next = l->pre + k < len ? (unsigned char)l->s[l->pre + k] : -1;
	l->prev = l->pre > 0 ? (unsigned char)l->s[l->pre - 1] : -1;
	if (len > pf->maxlen)
		pf->maxlen = len;
	if (l->pre > pf->maxpre)
		pf->maxpre = l->pre;
	if (id >= pf->nids)
		pf->nids = (size_t)id + 1;
}

/* Orders literals by key, the one-character ones first, then by id. */
static int
cmp_lit(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;
	int xs = x->len == x->keylen, ys = y->len == y->keylen;	/* pre is 0 */

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (xs != ys)
		return xs ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void
zh_prefilter_build(struct zh_prefilter *pf)
{
	size_t i = 0, j, g = 0;

	if (pf->nlits > 1)	/* lits is NULL when there are none */
		qsort(pf->lits, pf->nlits, sizeof *pf->lits, cmp_lit);
	pf->bmp = zh_xcalloc(65536, sizeof *pf->bmp);
	pf->groups = zh_xcalloc(pf->nlits + 1, sizeof *pf->groups);
	pf->masks = zh_xcalloc(pf->nlits + 1, sizeof *pf->masks);
	pf->far = zh_xcalloc(pf->nlits + 1, sizeof *pf->far);
	while (i < pf->nlits) {
		struct group *gr = &pf->groups[g];
		uint32_t key = pf->lits[i].key;

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
		gr->lit_start = (uint32_t)j;
		while (j < pf->nlits && pf->lits[j].key == key)
			j++;
		gr->lit_end = (uint32_t)j;
		if (key < 0x80 && gr->lit_start == gr->lit_end)
			pf->ascii_masks[key >> 6] |= (uint64_t)1 << (key & 63);
		if (key < 0x80)
			pf->ascii_keys = 1;
		if (key < 65536 && g < 65535)
			pf->bmp[key] = (uint16_t)(g + 1);
		else {
			pf->far[pf->nfar].key = key;
			pf->far[pf->nfar++].group = (uint32_t)g;
		}
		g++;
		i = j;
	}
	pf->ngroups = g;

	/* The reach of the literals of each id, then of those of each id and
	 * above. */
	pf->before = zh_xcalloc(pf->nids + 1, sizeof *pf->before);
	pf->after = zh_xcalloc(pf->nids + 1, sizeof *pf->after);
	for (i = 0; i < pf->nlits; i++) {
		const struct lit *l = &pf->lits[i];

		if (l->len - l->pre - 1 > pf->before[l->id])
			pf->before[l->id] = l->len - l->pre - 1;
		if (l->pre > pf->after[l->id])
			pf->after[l->id] = l->pre;
	}
	for (i = pf->nids; i-- > 0;) {
		if (pf->before[i + 1] > pf->before[i])
			pf->before[i] = pf->before[i + 1];
		if (pf->after[i + 1] > pf->after[i])
			pf->after[i] = pf->after[i + 1];
	}
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

/* Sets in BITS the ids of group GR's one-character literals. */
static inline void
set_masks(const struct zh_prefilter *pf, const struct group *gr, uint64_t *bits)
{
	size_t k;

	for (k = gr->mask_start; k < gr->mask_end; k++)
		bits[pf->masks[k].word] |= pf->masks[k].bits;
}

/*
 * Looks for the literals whose key starts in TEXT[FROM..TO).  With VALID,
 * TEXT is known to be valid UTF-8 and a three-byte character is decoded
 * without looking at its continuation bytes first (a constant, so that
 * each caller gets a loop of its own).
 */
static inline __attribute__((always_inline)) int
scan(const struct zh_prefilter *pf, const char *text, size_t n, size_t from,
     size_t to, uint64_t *bits, int valid)
{
	const unsigned char *s = (const unsigned char *)text;
	/* Kept in registers: the stores to BITS might otherwise alias them. */
	const uint16_t *bmp = pf->bmp;
	const uint64_t amask0 = pf->ascii_masks[0], amask1 = pf->ascii_masks[1];
	size_t i = from, len, k;
	uint32_t key, g;
	int high = 0;
	/* The groups whose one-character literals are already in BITS: a
	 * line's commas and common characters are looked at once. */
	uint64_t seen[SEEN_GROUPS / 64];
	int dedup = pf->ngroups <= SEEN_GROUPS && to > from && to - from > 256;
	/* The ASCII keys of one-character literals only, seen: their masks
	 * are set once, at the end (letters, digits and the space are in
	 * nearly every line of mixed text). */
	uint64_t aseen[2] = { 0, 0 };

	if (dedup)
		memset(seen, 0, (pf->ngroups + 63) / 64 * sizeof *seen);

	if (to > n)
		to = n;
	while (i < to) {
		uint32_t c = s[i];

		if (c < 0x80) {
			/* ASCII: most of it starts no literal, and with no
			 * ASCII key at all (the literals of Traditional
			 * words after s2t) none of it does: eight bytes of
			 * ASCII are passed over at a time. */
			if (!pf->ascii_keys) {
				uint64_t w;

				i++;
				while (i + 8 <= to) {
					memcpy(&w, s + i, 8);
					if (w & 0x8080808080808080ULL)
						break;
					i += 8;
				}
				continue;
			}
			if ((g = bmp[c]) == 0) {
				i++;
				continue;
			}
			if (((c < 64 ? amask0 : amask1) >> (c & 63)) & 1) {
				aseen[c >> 6] |= (uint64_t)1 << (c & 63);
				i++;
				continue;
			}
			len = 1;
		} else if ((c & 0xF0) == 0xE0 &&
			   (valid || (i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
				      (s[i + 2] & 0xC0) == 0x80))) {
			/* The common case of Chinese text: a three-byte
			 * character (an overlong form or a surrogate gives a
			 * key no literal has, or at worst a needless bit). */
			high = 1;
			len = 3;
			g = bmp[((c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
				(s[i + 2] & 0x3F)];
			if (g == 0) {
				i += 3;
				continue;
			}
		} else {
			high = 1;
			key = char_key(s + i, n - i, &len);
			if ((g = find_group(pf, key)) == 0) {
				i += len;
				continue;
			}
		}
		{
			const struct group *gr = &pf->groups[g - 1];
			uint64_t gbit = (uint64_t)1 << ((g - 1) & 63);
			int next = i + len < n ? s[i + len] : -1;
			int prev = i > 0 ? s[i - 1] : -1;

			if (!dedup || !(seen[(g - 1) >> 6] & gbit)) {
				if (dedup)
					seen[(g - 1) >> 6] |= gbit;
				set_masks(pf, gr, bits);
			}

			for (k = gr->lit_start; k < gr->lit_end; k++) {
				const struct lit *l = &pf->lits[k];
				const unsigned char *a, *b, *e;

				if ((l->next >= 0 && l->next != next) ||
				    (l->prev >= 0 && l->prev != prev))
					continue;
				if ((bits[l->id / 64] >> (l->id % 64)) & 1)
					continue;	/* found before */
				if (l->len - l->pre > n - i || l->pre > i)
					continue;
				/* The key character is known to match. */
				if (l->pre > 0 &&
				    memcmp(s + i - l->pre, l->s, l->pre) != 0)
					continue;
				a = s + i + l->keylen;
				b = (const unsigned char *)l->s + l->pre + l->keylen;
				e = (const unsigned char *)l->s + l->len;
				while (b < e && *a == *b)
					a++, b++;
				if (b == e)
					bits[l->id / 64] |= 1ULL << (l->id % 64);
			}
		}
		i += len;
	}
	for (k = 0; k < 2; k++)
		while (aseen[k] != 0) {
			size_t c = k * 64 + (size_t)__builtin_ctzll(aseen[k]);

			aseen[k] &= aseen[k] - 1;
			set_masks(pf, &pf->groups[bmp[c] - 1], bits);
		}
	return high;
}

/* The end of the keys of the literals that start before TO. */
static size_t
keys_end(const struct zh_prefilter *pf, size_t n, size_t to)
{
	if (to > n)
		to = n;
	return n - to > pf->maxpre ? to + pf->maxpre : n;
}

int
zh_prefilter_scan_range(const struct zh_prefilter *pf, const char *text,
			size_t n, size_t from, size_t to, uint64_t *bits)
{
	return scan(pf, text, n, from, keys_end(pf, n, to), bits, 0);
}

int
zh_prefilter_scan_valid(const struct zh_prefilter *pf, const char *text,
			size_t n, size_t from, size_t to, uint64_t *bits)
{
	return scan(pf, text, n, from, keys_end(pf, n, to), bits, 1);
}

int
zh_prefilter_scan_keys(const struct zh_prefilter *pf, const char *text,
		       size_t n, size_t from, size_t to, int valid,
		       uint64_t *bits)
{
	return valid ? scan(pf, text, n, from, to, bits, 1) :
		       scan(pf, text, n, from, to, bits, 0);
}

void
zh_prefilter_reach(const struct zh_prefilter *pf, uint32_t id,
		   size_t *before, size_t *after)
{
	*before = id < pf->nids ? pf->before[id] : 0;
	*after = id < pf->nids ? pf->after[id] : 0;
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
