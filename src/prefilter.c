/*
 * prefilter.c - required literals and an Aho-Corasick automaton over them
 * (see prefilter.h).
 *
 * The literal extractor reads the pattern text conservatively: only
 * top-level characters that every match must contain count; groups,
 * classes, optional atoms and anything it does not understand end a
 * literal.  Getting a literal wrong would skip a rule that could match, so
 * when in doubt it gives up and the rule simply always runs.
 *
 * The automaton is a dense byte-level DFA (failure links folded into the
 * transition table), which makes the scan one table lookup per byte.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "prefilter.h"

/* ---- literal extraction -------------------------------------------------- */

/* Skips a group starting at P[0] == '('; returns the index after its ')',
 * or 0 when it is unterminated. */
static size_t
skip_group(const char *p)
{
	size_t i = 1;
	int depth = 1, in_class = 0;

	while (p[i] != '\0') {
		if (p[i] == '\\' && p[i + 1] != '\0') {
			i += 2;
			continue;
		}
		if (in_class) {
			if (p[i] == ']')
				in_class = 0;
		} else if (p[i] == '[') {
			in_class = 1;
			if (p[i + 1] == '^')
				i++;
			if (p[i + 1] == ']')
				i++;
		} else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

/* Skips a class starting at P[0] == '['; returns the index after its ']'. */
static size_t
skip_class(const char *p)
{
	size_t i = 1;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	while (p[i] != '\0' && p[i] != ']') {
		if (p[i] == '[' && p[i + 1] == ':') {
			const char *e = strstr(p + i + 2, ":]");

			if (e != NULL) {
				i = (size_t)(e - p) + 2;
				continue;
			}
		}
		if (p[i] == '\\' && p[i + 1] != '\0')
			i++;
		i++;
	}
	return p[i] == ']' ? i + 1 : 0;
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

/*
 * Reads one atom at P.  If it is a literal character, appends its UTF-8 to
 * ATOM and returns its length in the pattern; returns 0 for anything else
 * (then *SKIP is the length of the non-literal atom, or 0 when the pattern
 * is beyond this extractor).
 */
static size_t
literal_atom(const char *p, struct zh_buf *atom, size_t *skip)
{
	unsigned long cp;
	size_t i;
	int h;

	*skip = 0;
	switch (p[0]) {
	case '(':
		*skip = skip_group(p);
		return 0;
	case '[':
		*skip = skip_class(p);
		return 0;
	case '.': case '^': case '$':
		*skip = 1;
		return 0;
	case '*': case '+': case '?': case '{': case '|': case ')': case ']': case '}':
		return 0;	/* out of place here: give up */
	case '\\':
		break;
	default: {
		/* A plain character, possibly multi-byte. */
		unsigned char c = (unsigned char)p[0];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

		for (i = 1; i < len; i++)
			if (p[i] == '\0')
				return 0;
		zh_buf_append(atom, p, len);
		return len;
	}
	}
	/* An escape. */
	switch (p[1]) {
	case 'x':
		cp = 0;
		if (p[2] == '{') {
			for (i = 3; (h = hexval(p[i])) >= 0 && i < 10; i++)
				cp = cp * 16 + (unsigned long)h;
			if (p[i] != '}' || i == 3 || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF))
				return 0;
			i++;
		} else {
			for (i = 2; i < 4 && (h = hexval(p[i])) >= 0; i++)
				cp = cp * 16 + (unsigned long)h;
		}
		zh_buf_put_utf8(atom, cp);
		return i;
	case 't':
		zh_buf_putc(atom, '\t');
		return 2;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'N': case 'R': case 'X':
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
		*skip = 2;
		return 0;
	case 'p': case 'P':
		if (p[2] == '{') {
			const char *e = strchr(p + 3, '}');

			*skip = e ? (size_t)(e - p) + 1 : 0;
		} else
			*skip = p[2] ? 3 : 0;
		return 0;
	default:
		/* An escaped punctuation character stands for itself. */
		if (p[1] != '\0' && (unsigned char)p[1] < 0x80 &&
		    !((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
		      (p[1] >= '0' && p[1] <= '9'))) {
			zh_buf_putc(atom, p[1]);
			return 2;
		}
		return 0;	/* \Q, back references, \c, \o...: give up */
	}
}

/* Reads a quantifier at P.  Returns its length (0 if none) and sets
 * *OPTIONAL when it allows zero repetitions. */
static size_t
quantifier(const char *p, int *optional)
{
	size_t i = 0;

	*optional = 0;
	if (p[0] == '?' || p[0] == '*') {
		*optional = 1;
		i = 1;
	} else if (p[0] == '+')
		i = 1;
	else if (p[0] == '{' && ((p[1] >= '0' && p[1] <= '9') || p[1] == ',')) {
		const char *e = strchr(p, '}');

		if (e == NULL)
			return 0;
		*optional = p[1] == ',' || (p[1] == '0' && (p[2] == ',' || p[2] == '}'));
		i = (size_t)(e - p) + 1;
	} else
		return 0;
	if (p[i] == '?' || p[i] == '+')
		i++;	/* lazy or possessive */
	return i;
}

size_t
zh_literals_extract(const char *pattern, char ***lits)
{
	struct zh_buf best = ZH_BUF_INIT, run = ZH_BUF_INIT, atom = ZH_BUF_INIT;
	char **out = NULL;
	size_t n = 0, i = 0, len, skip, q;
	int optional, ok = 1;

	*lits = NULL;
	/* Leading verbs such as (*UTF) are harmless; option settings that
	 * change what a literal means are not. */
	while (strncmp(pattern + i, "(*", 2) == 0) {
		const char *e = strchr(pattern + i, ')');

		if (e == NULL)
			return 0;
		i = (size_t)(e - pattern) + 1;
	}
	if (strstr(pattern, "(?i") != NULL || strstr(pattern, "(?x") != NULL ||
	    strstr(pattern, "\\Q") != NULL || strstr(pattern, "(?^") != NULL)
		return 0;
	for (;;) {
		if (pattern[i] == '|' || pattern[i] == '\0') {
			/* End of an alternative: keep its longest literal. */
			if (run.len > best.len) {
				zh_buf_clear(&best);
				zh_buf_append(&best, run.data, run.len);
			}
			if (best.len == 0) {
				ok = 0;
				break;
			}
			out = zh_xrealloc(out, (n + 1) * sizeof *out);
			out[n++] = zh_xstrndup(best.data, best.len);
			zh_buf_clear(&best);
			zh_buf_clear(&run);
			if (pattern[i] == '\0')
				break;
			i++;
			continue;
		}
		zh_buf_clear(&atom);
		len = literal_atom(pattern + i, &atom, &skip);
		if (len == 0) {
			if (skip == 0) {
				ok = 0;
				break;
			}
			/* A non-literal atom (and its quantifier) ends the run. */
			i += skip;
			i += quantifier(pattern + i, &optional);
			if (run.len > best.len) {
				zh_buf_clear(&best);
				zh_buf_append(&best, run.data, run.len);
			}
			zh_buf_clear(&run);
			continue;
		}
		i += len;
		q = quantifier(pattern + i, &optional);
		if (q > 0) {
			/* A repeated atom ends the run; an optional one is not
			 * part of it at all. */
			if (!optional)
				zh_buf_append(&run, atom.data, atom.len);
			i += q;
			if (run.len > best.len) {
				zh_buf_clear(&best);
				zh_buf_append(&best, run.data, run.len);
			}
			zh_buf_clear(&run);
			continue;
		}
		zh_buf_append(&run, atom.data, atom.len);
	}
	zh_buf_free(&best);
	zh_buf_free(&run);
	zh_buf_free(&atom);
	if (!ok) {
		while (n > 0)
			free(out[--n]);
		free(out);
		return 0;
	}
	*lits = out;
	return n;
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
