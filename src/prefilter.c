/*
 * prefilter.c - required literals and an Aho-Corasick automaton over them
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
 * The automaton is a dense byte-level DFA (failure links folded into the
 * transition table), which makes the scan one table lookup per byte.
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

struct parser {
	const char *p;
	int give_up;	/* the pattern is beyond this reader: require nothing */
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

/* Keeps the better of BEST and CAND in BEST; frees the other. */
static void
lset_keep_best(struct lset *best, struct lset *cand)
{
	size_t a = lset_score(best), b = lset_score(cand);

	if (b > a || (b == a && b > 0 && cand->n < best->n)) {
		lset_free(best);
		*best = *cand;
		memset(cand, 0, sizeof *cand);
	} else
		lset_free(cand);
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
				for (cp = '0'; cp <= '9'; cp++)
					add_cp(out, cp);
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
		*optional = p[1] == ',' || (p[1] == '0' && (p[2] == ',' || p[2] == '}'));
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

	memset(out, 0, sizeof *out);
	if (*p == '*') {
		/* A verb: (*FAIL) means this way never matches; others such
		 * as (*SKIP) require nothing. */
		const char *e = strchr(p, ')');

		if (e == NULL) {
			ps->give_up = 1;
			return;
		}
		out->never = (e - p == 2 && p[1] == 'F') ||
			     (e - p == 5 && strncmp(p + 1, "FAIL", 4) == 0) ||
			     (e - p == 6 && strncmp(p + 1, "FALSE", 5) == 0);
		ps->p = e + 1;
		return;
	}
	if (*p == '?') {
		p++;
		if (*p == ':' || *p == '>' || *p == '|' || *p == '=')
			p++;
		else if (p[0] == '<' && (p[1] == '=' || p[1] == '!')) {
			required = p[1] == '=';
			p += 2;
		} else if (*p == '!') {
			required = 0;
			p++;
		} else if (*p == '<' || *p == '\'' || (p[0] == 'P' && p[1] == '<')) {
			const char *e = strpbrk(p + 1, ">'");

			if (e == NULL) {
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
			return;
		} else {
			/* Option settings, recursion, conditions: beyond us. */
			ps->give_up = 1;
			return;
		}
	}
	ps->p = p;
	parse_alternation(ps, out);
	if (ps->give_up)
		return;
	if (*ps->p != ')') {
		ps->give_up = 1;
		return;
	}
	ps->p++;
	if (!required)
		lset_free(out);	/* ... and a negative look-around may well fail */
}

/* Reads a sequence up to '|', ')' or the end; *OUT is the most selective
 * thing every match of it contains. */
static void
parse_sequence(struct parser *ps, struct lset *out)
{
	struct zh_buf run = ZH_BUF_INIT, atom = ZH_BUF_INIT;
	struct lset cand;
	unsigned long cp;
	int optional, is_literal, never = 0;
	long c;

	memset(out, 0, sizeof *out);
	while (!ps->give_up && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		memset(&cand, 0, sizeof cand);
		zh_buf_clear(&atom);
		is_literal = 0;
		switch (*ps->p) {
		case '(':
			parse_group(ps, &cand);
			break;
		case '[':
			parse_class(ps, &cand);
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
				break;
			case ESC_DIGIT:
				cand.ok = 1;
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
			break;
		}
		if (ps->give_up) {
			lset_free(&cand);
			break;
		}
		if (parse_quantifier(ps, &optional)) {
			if (optional)
				cand.never = 0;
			if (optional) {
				/* Not required at all. */
				lset_free(&cand);
				is_literal = 0;
				zh_buf_clear(&atom);
			} else if (is_literal) {
				/* Required once; the run cannot go on past it. */
				zh_buf_append(&run, atom.data, atom.len);
				is_literal = 0;
				zh_buf_clear(&atom);
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
			lset_keep_best(out, &r);
			zh_buf_clear(&run);
		}
		if (cand.ok)
			lset_keep_best(out, &cand);
		else
			lset_free(&cand);
	}
	if (run.len > 0 && !ps->give_up) {
		struct lset r;

		memset(&r, 0, sizeof r);
		r.ok = 1;
		lset_add(&r, run.data, run.len);
		lset_keep_best(out, &r);
	}
	zh_buf_free(&run);
	zh_buf_free(&atom);
	out->never = never;
}

/* Reads alternatives up to ')' or the end; *OUT is their union, or
 * nothing when one of them requires nothing. */
static void
parse_alternation(struct parser *ps, struct lset *out)
{
	struct lset seq;
	int all = 1, possible = 0;

	memset(out, 0, sizeof *out);
	out->ok = 1;
	for (;;) {
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
	}
}

int
zh_required_extract(const char *pattern, struct zh_required *req)
{
	struct parser ps;
	struct lset l;

	memset(req, 0, sizeof *req);
	ps.p = pattern;
	ps.give_up = 0;
	/* Leading verbs such as (*UTF) change nothing here. */
	while (strncmp(ps.p, "(*", 2) == 0 && strchr(ps.p, ')') != NULL)
		ps.p = strchr(ps.p, ')') + 1;
	parse_alternation(&ps, &l);
	if (ps.give_up || *ps.p != '\0' || lset_score(&l) == 0) {
		lset_free(&l);
		return 0;
	}
	req->lits = l.s;
	req->n = l.n;
	req->high = l.high;
	return 1;
}

void
zh_required_free(struct zh_required *req)
{
	size_t i;

	for (i = 0; i < req->n; i++)
		free(req->lits[i]);
	free(req->lits);
	memset(req, 0, sizeof *req);
}

/* ---- the automaton ------------------------------------------------------- */

struct zh_prefilter {
	uint32_t *next;		/* nstates * 256 transitions */
	uint32_t *fail;
	int32_t *out;		/* first output (index into outs) or -1 */
	uint32_t nstates, capstates;
	struct {
		uint32_t rule;
		int32_t next;	/* the next output of the same state, or -1 */
	} *outs;
	uint32_t nouts, capouts;
	int32_t *dict;		/* nearest state down the failure chain with an output, or -1 */
	int built;
};

static uint32_t
new_state(struct zh_prefilter *pf)
{
	uint32_t s = pf->nstates++;

	if (pf->nstates > pf->capstates) {
		pf->capstates = pf->capstates ? pf->capstates * 2 : 256;
		pf->next = zh_xrealloc(pf->next, (size_t)pf->capstates * 256 * sizeof *pf->next);
		pf->out = zh_xrealloc(pf->out, (size_t)pf->capstates * sizeof *pf->out);
	}
	memset(pf->next + (size_t)s * 256, 0, 256 * sizeof *pf->next);
	pf->out[s] = -1;
	return s;
}

struct zh_prefilter *
zh_prefilter_new(void)
{
	struct zh_prefilter *pf = zh_xcalloc(1, sizeof *pf);

	new_state(pf);		/* the root, state 0 */
	return pf;
}

void
zh_prefilter_free(struct zh_prefilter *pf)
{
	if (pf == NULL)
		return;
	free(pf->next);
	free(pf->fail);
	free(pf->out);
	free(pf->outs);
	free(pf->dict);
	free(pf);
}

void
zh_prefilter_add(struct zh_prefilter *pf, const char *lit, size_t len,
		 uint32_t rule)
{
	uint32_t s = 0, t;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)lit[i];

		t = pf->next[(size_t)s * 256 + c];
		if (t == 0) {
			t = new_state(pf);
			pf->next[(size_t)s * 256 + c] = t;
		}
		s = t;
	}
	if (pf->nouts == pf->capouts) {
		pf->capouts = pf->capouts ? pf->capouts * 2 : 64;
		pf->outs = zh_xrealloc(pf->outs, pf->capouts * sizeof *pf->outs);
	}
	pf->outs[pf->nouts].rule = rule;
	pf->outs[pf->nouts].next = pf->out[s];
	pf->out[s] = (int32_t)pf->nouts++;
}

void
zh_prefilter_build(struct zh_prefilter *pf)
{
	uint32_t *queue, head = 0, tail = 0, s, t, f;
	int c;

	pf->fail = zh_xcalloc(pf->nstates, sizeof *pf->fail);
	pf->dict = zh_xmalloc(pf->nstates * sizeof *pf->dict);
	queue = zh_xmalloc(pf->nstates * sizeof *queue);
	pf->dict[0] = -1;
	for (c = 0; c < 256; c++) {
		t = pf->next[c];
		if (t != 0) {
			pf->fail[t] = 0;
			pf->dict[t] = -1;
			queue[tail++] = t;
		}
	}
	/* Breadth first: each state's failure link is already known when its
	 * children are reached, so missing transitions can be filled in from
	 * it (a DFA), and each dictionary link from the failure state's. */
	while (head < tail) {
		s = queue[head++];
		for (c = 0; c < 256; c++) {
			t = pf->next[(size_t)s * 256 + c];
			f = pf->next[(size_t)pf->fail[s] * 256 + c];
			if (t == 0) {
				pf->next[(size_t)s * 256 + c] = f;
				continue;
			}
			pf->fail[t] = f;
			pf->dict[t] = pf->out[f] >= 0 ? (int32_t)f : pf->dict[f];
			queue[tail++] = t;
		}
	}
	free(queue);
	pf->built = 1;
}

void
zh_prefilter_scan(const struct zh_prefilter *pf, const char *s, size_t n,
		  uint32_t *marks, uint32_t gen)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const uint32_t *next = pf->next;
	uint32_t state = 0;
	int32_t k, d;

	for (; p < end; p++) {
		state = next[(size_t)state * 256 + *p];
		if (state == 0)
			continue;
		for (d = (int32_t)state; d >= 0; d = pf->dict[d])
			for (k = pf->out[d]; k >= 0; k = pf->outs[k].next)
				marks[pf->outs[k].rule] = gen;
	}
}
