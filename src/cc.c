/*
 * cc.c - zhnorm's own conversion engine (see cc.h).
 *
 * A dictionary is held as one pool of key and value bytes, an array of
 * entries, and a trie over the keys' characters.  The trie's nodes are
 * found through a two-level table indexed by code point for the first
 * character, and through an open-addressing hash table keyed by (parent
 * node, code point) below that.  Finding the longest key that is a prefix
 * of the text walks the trie one character at a time and stops at the
 * first character that no key continues with, which for most positions
 * of real text is the first or the second.  Nothing is allocated while
 * converting: the converter keeps its scratch buffers from call to call.
 *
 * Dictionaries are loaded once per process and shared by every converter
 * (zhnorm opens one converter per worker thread); they are never changed
 * after loading.  A group whose members can be matched as one dictionary
 * is, through a merged dictionary compiled at build time (see
 * node_merge).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "cc.h"
#include "utf8.h"

extern char **environ;

struct entry {
	uint32_t koff, klen;	/* the key in the pool */
	uint32_t voff, vlen;	/* its first value in the pool */
};

/* A node of the trie: the key so far is its parent's plus one code point.
 * ENTRY is 1 + the index of the key that ends here, or 0. */
struct tnode {
	uint32_t parent, cp;
	uint32_t entry;
	uint32_t nkids;
};

/* A slot of the table of children, with its key beside it, so that a
 * probe reads one cache line. */
struct kid {
	uint32_t parent, cp, id;
};

/* What the first character of a key leads to: its node (0: none) and,
 * so that a character that starts only itself needs no other look-up,
 * 1 + the index of its one-character key (0: none) with bit 31 set when
 * longer keys start with it too. */
struct pent {
	uint32_t id;
	uint32_t info;
};

#define PENT_KIDS 0x80000000u

#define NPAGES (0x110000 >> 8)

struct dict {
	char *pool;
	size_t pool_len, pool_cap;
	struct entry *ents;
	uint32_t n, cap;
	uint32_t *slots;	/* 1 + entry index, 0 when empty */
	uint32_t nslots;	/* a power of two */
	struct pent *pages[NPAGES];	/* first character -> its node */
	struct tnode *nodes;	/* node ids are indexes; 0 is unused */
	uint32_t nnodes, nodes_cap;
	struct kid *kids;	/* (parent, cp) -> node id; id 0: empty */
	uint32_t nkidslots;	/* a power of two */
	/* A filter over the children: bit filter_bit(parent, cp) is set for
	 * every child, so most misses are found without probing the table
	 * (which for a large dictionary does not fit in a cache). */
	uint64_t *filter;
	uint32_t filter_log2;	/* of its size in bits */
	uint8_t ascii[16];	/* ASCII bytes that start a key */
	uint64_t *starts;	/* START_BITS: what keys start with (ours) */
	void *map;		/* a compiled file mapped, which the arrays
				 * above point into; NULL: they are ours */
	uint64_t src_size, src_sum;	/* of its text, when SRC_KNOWN */
	int src_known;
	int built_merged;	/* merged at load time (dict_get_merged) */
	size_t map_len;
	/* In the registry of loaded dictionaries. */
	char *id;
	unsigned refs;
	struct dict *next;
};

enum node_kind { NODE_DICT, NODE_GROUP };

struct node {
	enum node_kind kind;
	int is_union;
	struct dict *d;		/* NODE_DICT; shared unless OWNED */
	int owned;		/* an inline dictionary of this config only */
	struct node **kids;	/* NODE_GROUP */
	size_t nkids;
	int borrowed;		/* KIDS belong to another node */
	uint64_t *starts;	/* START_BITS: the members' together */
	/* The bytes that lead every character a key may start with, when
	 * they are one or two and not ASCII (compatibility ideographs: EF
	 * and F0): a line is then crossed with memchr.  NLEADS 0: not so. */
	unsigned char leads[2];
	int nleads;
	/* A short-circuit group of dictionaries and unions of dictionaries
	 * (s2t's first stage), flattened: tier T is TIER_D[TIER_END[T - 1]
	 * .. TIER_END[T]), the dictionaries of which the longest match
	 * wins; the first tier that matches is the group's match.  NTIERS
	 * 0: matched member by member. */
	const struct dict **tier_d;
	size_t *tier_end;
	size_t ntiers;
};

struct zh_cc {
	struct node **norm;
	size_t nnorm;
	struct node *seg;	/* NULL: the whole text is one segment */
	struct node **chain;
	size_t nchain;
	/* When the first stage starts with the segmentation dictionary, a
	 * key found by segmentation is its own first-stage result, and the
	 * characters between keys need only the rest of the first stage. */
	int seg_first;
	struct node *rest;	/* the first stage less its first member */
	/* Groups merged at load time, and groups left unmerged for want of
	 * a compiled merged dictionary (see zh_cc_merges). */
	size_t merges_built, merges_missing;
	struct zh_buf a, b;	/* between chain stages */
	struct zh_buf n1, n2;	/* between normalisation stages */
};

/* ---- small helpers ------------------------------------------------------ */

static inline size_t
lead_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

static inline uint32_t
decode(const unsigned char *s, size_t len)
{
	switch (len) {
	case 1:
		return s[0];
	case 2:
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	case 3:
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		       ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	default:
		return ((uint32_t)(s[0] & 0x07) << 18) |
		       ((uint32_t)(s[1] & 0x3f) << 12) |
		       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
}

static inline uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h ^ (h >> 15);
}

static inline void
put(struct zh_buf *out, const void *p, size_t n)
{
	if (out->cap - out->len <= n)
		zh_buf_reserve(out, n);
	memcpy(out->data + out->len, p, n);
	out->len += n;
}

/*
 * A filter on how keys start, in START_BITS bits: bit start_bit(S) is set
 * when some key starts with the character at S.  The bit of an ASCII byte
 * is the byte; of a longer character, its first two bytes (a block of 64
 * code points of the BMP, or of 4096 beyond it).  A normalisation
 * dictionary of compatibility ideographs thus passes over Chinese text
 * at the cost of one look-up a character.
 */
#define START_BITS 65536

static inline unsigned
start_bit(const unsigned char *s, size_t n)
{
	return s[0] < 0x80 || n < 2 ? s[0] : (unsigned)s[0] << 8 | s[1];
}

static inline int
may_start(const uint64_t *starts, const unsigned char *s, size_t n)
{
	unsigned b = start_bit(s, n);

	return (starts[b >> 6] >> (b & 63)) & 1;
}

/* The first position from I on of S[0..N) where a key may start, or N. */
static inline size_t
skip_unstarted(const uint64_t *starts, const unsigned char *s, size_t i, size_t n)
{
	while (i < n && !may_start(starts, s + i, n - i))
		i += lead_len(s[i]);
	return i < n ? i : n;
}

/* skip_unstarted for node N: where its start filter has few lead bytes,
 * the next of them is found with memchr (a lead byte is never inside a
 * character of valid UTF-8, which is all a stage sees). */
static size_t
node_skip(const struct node *n, const unsigned char *s, size_t i, size_t len)
{
	const unsigned char *p, *q;

	if (n->nleads == 0)
		return skip_unstarted(n->starts, s, i, len);
	while (i < len) {
		p = memchr(s + i, n->leads[0], len - i);
		if (n->nleads == 2) {
			q = memchr(s + i, n->leads[1], (size_t)((p != NULL ? p : s + len) - (s + i)));
			if (q != NULL)
				p = q;
		}
		if (p == NULL)
			return len;
		i = (size_t)(p - s);
		if (may_start(n->starts, s + i, len - i))
			return i;
		i += lead_len(s[i]);
	}
	return len;
}

/* ---- dictionaries ------------------------------------------------------- */

static struct dict *
dict_new(void)
{
	struct dict *d = zh_xcalloc(1, sizeof *d);

	d->nslots = 64;
	d->slots = zh_xcalloc(d->nslots, sizeof *d->slots);
	d->nkidslots = 64;
	d->kids = zh_xcalloc(d->nkidslots, sizeof *d->kids);
	d->nodes_cap = 256;
	d->nodes = zh_xcalloc(d->nodes_cap, sizeof *d->nodes);
	d->nnodes = 1;
	return d;
}

static void
dict_free(struct dict *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->starts);
	if (d->map != NULL) {
		munmap(d->map, d->map_len);
		free(d->id);
		free(d);
		return;
	}
	for (i = 0; i < NPAGES; i++)
		free(d->pages[i]);
	free(d->pool);
	free(d->ents);
	free(d->slots);
	free(d->nodes);
	free(d->kids);
	free(d->filter);
	free(d->id);
	free(d);
}

static uint32_t
pool_add(struct dict *d, const char *s, size_t n)
{
	size_t off = d->pool_len;

	if (d->pool_cap - d->pool_len < n) {
		while (d->pool_cap - d->pool_len < n)
			d->pool_cap = d->pool_cap ? d->pool_cap * 2 : 4096;
		d->pool = zh_xrealloc(d->pool, d->pool_cap);
	}
	memcpy(d->pool + off, s, n);
	d->pool_len += n;
	return (uint32_t)off;
}

/* The slot where key S[0..N) is or would go. */
static uint32_t *
dict_slot(const struct dict *d, const char *s, size_t n)
{
	uint32_t i = hash_bytes(s, n) & (d->nslots - 1);

	for (;;) {
		uint32_t *slot = &d->slots[i];
		const struct entry *e;

		if (*slot == 0)
			return slot;
		e = &d->ents[*slot - 1];
		if (e->klen == n && memcmp(d->pool + e->koff, s, n) == 0)
			return slot;
		i = (i + 1) & (d->nslots - 1);
	}
}

static void
dict_grow_slots(struct dict *d)
{
	uint32_t i;

	free(d->slots);
	d->nslots *= 2;
	d->slots = zh_xcalloc(d->nslots, sizeof *d->slots);
	for (i = 0; i < d->n; i++) {
		const struct entry *e = &d->ents[i];

		*dict_slot(d, d->pool + e->koff, e->klen) = i + 1;
	}
}

static inline uint32_t
hash_kid(uint32_t parent, uint32_t cp)
{
	uint64_t x = ((uint64_t)parent << 21 | cp) * 0x9e3779b97f4a7c15ULL;

	return (uint32_t)(x >> 32);
}

static inline uint32_t
filter_bit(const struct dict *d, uint32_t parent, uint32_t cp)
{
	return (hash_kid(parent, cp) * 0x9e3779b1u) >> (32 - d->filter_log2);
}

/* Builds D's start filter from its pages (see START_BITS). */
static void
dict_starts(struct dict *d)
{
	unsigned char u[4];
	uint32_t p, c, cp, b;

	d->starts = zh_xcalloc(START_BITS / 64, sizeof *d->starts);
	for (p = 0; p < NPAGES; p++) {
		if (d->pages[p] == NULL)
			continue;
		for (c = 0; c < 256; c++) {
			if (d->pages[p][c].id == 0 && d->pages[p][c].info == 0)
				continue;
			cp = p << 8 | c;
			if (cp < 0x80) {
				u[0] = (unsigned char)cp;
			} else if (cp < 0x800) {
				u[0] = (unsigned char)(0xC0 | cp >> 6);
				u[1] = (unsigned char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				u[0] = (unsigned char)(0xE0 | cp >> 12);
				u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			} else {
				u[0] = (unsigned char)(0xF0 | cp >> 18);
				u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			}
			b = start_bit(u, 2);
			d->starts[b >> 6] |= (uint64_t)1 << (b & 63);
		}
	}
}

/* Builds the filter, once every key is in. */
static void
dict_finish(struct dict *d)
{
	uint32_t k, b;

	d->filter_log2 = 12;
	while (d->filter_log2 < 30 && (1u << d->filter_log2) < d->nnodes * 8u)
		d->filter_log2++;
	free(d->filter);
	d->filter = zh_xcalloc((size_t)1 << (d->filter_log2 - 6), sizeof *d->filter);
	for (k = 1; k < d->nnodes; k++) {
		if (d->nodes[k].parent == 0) {
			struct pent *pe = &d->pages[d->nodes[k].cp >> 8][d->nodes[k].cp & 255];

			pe->info = d->nodes[k].entry | (d->nodes[k].nkids ? PENT_KIDS : 0);
			continue;
		}
		b = filter_bit(d, d->nodes[k].parent, d->nodes[k].cp);
		d->filter[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	free(d->starts);
	dict_starts(d);
}

/* The child of node PARENT for code point CP, or 0. */
static inline uint32_t
trie_kid(const struct dict *d, uint32_t parent, uint32_t cp)
{
	uint32_t i = hash_kid(parent, cp) & (d->nkidslots - 1);

	for (;;) {
		const struct kid *k = &d->kids[i];

		if (k->id == 0 || (k->parent == parent && k->cp == cp))
			return k->id;
		i = (i + 1) & (d->nkidslots - 1);
	}
}

static void
trie_put_kid(struct dict *d, uint32_t id)
{
	uint32_t i = hash_kid(d->nodes[id].parent, d->nodes[id].cp) & (d->nkidslots - 1);

	while (d->kids[i].id != 0)
		i = (i + 1) & (d->nkidslots - 1);
	d->kids[i].parent = d->nodes[id].parent;
	d->kids[i].cp = d->nodes[id].cp;
	d->kids[i].id = id;
}

static uint32_t
trie_new_node(struct dict *d, uint32_t parent, uint32_t cp)
{
	uint32_t id;

	if (d->nnodes == d->nodes_cap) {
		d->nodes_cap *= 2;
		d->nodes = zh_xrealloc(d->nodes, d->nodes_cap * sizeof *d->nodes);
	}
	id = d->nnodes++;
	d->nodes[id].parent = parent;
	d->nodes[id].cp = cp;
	d->nodes[id].entry = 0;
	d->nodes[id].nkids = 0;
	if (parent != 0) {
		d->nodes[parent].nkids++;
		if ((d->nnodes + 1) * 2 > d->nkidslots) {
			uint32_t k;

			free(d->kids);
			d->nkidslots *= 2;
			d->kids = zh_xcalloc(d->nkidslots, sizeof *d->kids);
			for (k = 1; k < d->nnodes; k++)
				if (d->nodes[k].parent != 0)
					trie_put_kid(d, k);
		} else {
			trie_put_kid(d, id);
		}
	}
	return id;
}

/* Adds KEY[0..N) to the trie, ending at entry index E. */
static void
trie_add(struct dict *d, const unsigned char *key, size_t n, uint32_t e)
{
	size_t i = 0, l = lead_len(key[0]);
	uint32_t cp = decode(key, l), id;
	struct pent *pg;

	if ((pg = d->pages[cp >> 8]) == NULL)
		pg = d->pages[cp >> 8] = zh_xcalloc(256, sizeof *pg);
	if ((id = pg[cp & 255].id) == 0)
		id = pg[cp & 255].id = trie_new_node(d, 0, cp);
	for (i = l; i < n; i += l) {
		uint32_t k;

		l = lead_len(key[i]);
		cp = decode(key + i, l);
		if ((k = trie_kid(d, id, cp)) == 0)
			k = trie_new_node(d, id, cp);
		id = k;
	}
	d->nodes[id].entry = e + 1;
}

/*
 * Adds KEY -> VALUE.  Returns 0, or the 1-based index of the entry that
 * already has the key (its position in the file, as entries are added in
 * order).
 */
static uint32_t
dict_add(struct dict *d, const char *key, size_t klen, const char *val,
	 size_t vlen)
{
	uint32_t *slot;
	struct entry *e;
	unsigned char c0 = (unsigned char)key[0];

	if ((d->n + 1) * 2 > d->nslots)
		dict_grow_slots(d);
	slot = dict_slot(d, key, klen);
	if (*slot != 0)
		return *slot;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->ents = zh_xrealloc(d->ents, d->cap * sizeof *d->ents);
	}
	e = &d->ents[d->n];
	e->koff = pool_add(d, key, klen);
	e->klen = (uint32_t)klen;
	e->voff = pool_add(d, val, vlen);
	e->vlen = (uint32_t)vlen;
	*slot = ++d->n;
	trie_add(d, (const unsigned char *)key, klen, d->n - 1);
	if (c0 < 0x80)
		d->ascii[c0 >> 3] |= (uint8_t)(1u << (c0 & 7));
	return 0;
}

/*
 * The entry whose key is the longest prefix of S[0..N) (valid UTF-8, N >
 * 0), or NULL.
 */
static inline const struct entry *
dict_match(const struct dict *d, const unsigned char *s, size_t n)
{
	size_t l = lead_len(s[0]), i;
	uint32_t cp = decode(s, l), id, best;
	const struct pent *pg = d->pages[cp >> 8];
	struct pent pe;

	if (pg == NULL)
		return NULL;
	pe = pg[cp & 255];
	best = pe.info & ~PENT_KIDS;
	if (pe.info & PENT_KIDS) {
		for (id = pe.id, i = l; i < n; i += l) {
			const struct tnode *t;
			uint32_t b;

			l = lead_len(s[i]);
			cp = decode(s + i, l);
			b = filter_bit(d, id, cp);
			if (!((d->filter[b >> 6] >> (b & 63)) & 1) ||
			    (id = trie_kid(d, id, cp)) == 0)
				break;
			t = &d->nodes[id];
			if (t->entry != 0)
				best = t->entry;
			if (t->nkids == 0)
				break;
		}
	}
	return best != 0 ? &d->ents[best - 1] : NULL;
}

/* Adds one line of a text dictionary. */
static int
dict_add_line(struct dict *d, char *line, size_t len, const char *file,
	      unsigned long lineno, unsigned long *lines, struct zh_error *err)
{
	char *tab, *val, *sp;
	size_t klen, vlen;
	uint32_t dup;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len == 0)
		return 0;	/* blank lines are skipped */
	if (memchr(line, '\0', len) != NULL)
		return zh_error_set(err, file, lineno, 0, "NUL byte in a dictionary line");
	if (zh_utf8_valid_prefix(line, len) != len)
		return zh_error_set(err, file, lineno, 0, "invalid UTF-8 in a dictionary line");
	tab = memchr(line, '\t', len);
	if (tab == NULL)
		return zh_error_set(err, file, lineno, 0,
				    "no tab between the key and its values");
	klen = (size_t)(tab - line);
	if (klen == 0)
		return zh_error_set(err, file, lineno, 0, "empty key");
	/* The first of the space-separated values is the one used. */
	val = tab + 1;
	vlen = len - klen - 1;
	if ((sp = memchr(val, ' ', vlen)) != NULL)
		vlen = (size_t)(sp - val);
	if (len > UINT32_MAX / 4 || d->pool_len > UINT32_MAX / 2)
		return zh_error_set(err, file, lineno, 0, "dictionary too large");
	dup = dict_add(d, line, klen, val, vlen);
	if (dup != 0)
		return zh_error_set(err, file, lineno, 0,
				    "duplicate key '%.*s' (first on line %lu)",
				    (int)(klen > 200 ? 200 : klen), line,
				    lines[dup - 1]);
	lines[d->n - 1] = lineno;
	return 0;
}

/* Loads the text dictionary at PATH, reporting errors against NAME. */
static struct dict *
dict_load_text(const char *path, const char *name, struct zh_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct dict *d;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0, *lines = NULL;
	size_t lines_cap = 0;

	if (fp == NULL) {
		zh_error_set(err, name, 0, 0, "cannot open dictionary: %s",
			     strerror(errno));
		return NULL;
	}
	d = dict_new();
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (d->n + 1 > lines_cap) {
			lines_cap = lines_cap ? lines_cap * 2 : 1024;
			lines = zh_xrealloc(lines, lines_cap * sizeof *lines);
		}
		if (dict_add_line(d, line, (size_t)len, name, lineno, lines, err) < 0)
			goto fail;
	}
	if (ferror(fp)) {
		zh_error_set(err, name, 0, 0, "cannot read dictionary: %s",
			     strerror(errno));
		goto fail;
	}
	fclose(fp);
	free(line);
	free(lines);
	dict_finish(d);
	return d;
fail:
	fclose(fp);
	free(line);
	free(lines);
	dict_free(d);
	return NULL;
}

long
zh_cc_check_text_dict(const char *path, struct zh_error *err)
{
	struct dict *d = dict_load_text(path, path, err);
	long n;

	if (d == NULL)
		return -1;
	n = (long)d->n;
	dict_free(d);
	return n;
}

/* ---- ocd2, through opencc_dict ---------------------------------------- */

/* Runs PROG -i SRC -o DST -f ocd2 -t text; returns 0 when it worked. */
static int
run_opencc_dict(const char *prog, const char *src, const char *dst)
{
	char *argv[] = { (char *)prog, "-i", (char *)src, "-o", (char *)dst,
			 "-f", "ocd2", "-t", "text", NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc, in, out;

	/* The tool's chatter goes nowhere; without a /dev/null to write, its
	 * output descriptors are closed instead. */
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	if (in >= 0)
		posix_spawn_file_actions_adddup2(&fa, in, 0);
	if (out >= 0) {
		posix_spawn_file_actions_adddup2(&fa, out, 1);
		posix_spawn_file_actions_adddup2(&fa, out, 2);
	} else {
		posix_spawn_file_actions_addclose(&fa, 1);
		posix_spawn_file_actions_addclose(&fa, 2);
	}
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int
make_dirs(char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* The cache directory for converted ocd2 files, made if need be, or NULL.
 * *WRITABLE says whether new files can go there. */
static char *
cache_dir(const struct zh_cc_options *opt, int *writable)
{
	struct zh_buf b = ZH_BUF_INIT;
	const char *x;

	if (opt != NULL && opt->cache_dir != NULL)
		zh_buf_puts(&b, opt->cache_dir);
	else if ((x = getenv("XDG_CACHE_HOME")) != NULL && x[0] == '/')
		zh_buf_printf(&b, "%s/zhnorm/ocd2", x);
	else if ((x = getenv("HOME")) != NULL && x[0] == '/')
		zh_buf_printf(&b, "%s/.cache/zhnorm/ocd2", x);
	else
		return NULL;
	make_dirs(zh_buf_cstr(&b));
	if (access(b.data, R_OK | X_OK) != 0) {
		zh_buf_free(&b);
		return NULL;
	}
	*writable = access(b.data, W_OK) == 0;
	return zh_buf_detach(&b, NULL);
}

static struct dict *dict_map(const char *path, const char *txt, int *stale,
			     struct zh_error *err);
static struct dict *dict_map_src(const char *path, int have, uint64_t size,
				 uint64_t sum, int *stale, struct zh_error *err);

/*
 * Loads the cached text copy TXT of an ocd2 dictionary: through its
 * compiled form beside it (TXT with .zhd for .txt), made on first use
 * when the cache is WRITABLE.  A compiled copy that is stale or damaged is
 * only a cache: it is made again.
 */
static struct dict *
cache_load(const char *txt, int writable, struct zh_error *err)
{
	struct zh_buf zhd = ZH_BUF_INIT;
	struct zh_error quiet;
	struct dict *d;
	int stale;

	zh_buf_printf(&zhd, "%.*s.zhd", (int)(strlen(txt) - 4), txt);
	if (access(zhd.data, R_OK) == 0 &&
	    (d = dict_map(zhd.data, txt, &stale, &quiet)) != NULL) {
		zh_buf_free(&zhd);
		return d;
	}
	d = dict_load_text(txt, txt, err);
	if (d != NULL && writable)
		(void)zh_cc_compile(txt, zhd.data, &quiet);
	zh_buf_free(&zhd);
	return d;
}

/*
 * Loads an ocd2 dictionary: converted to text by opencc_dict into the
 * cache (named for the file's path, size and time, so a changed file is
 * converted again), or into a temporary file when there is no cache.
 */
static struct dict *
dict_load_ocd2(const char *path, const char *name,
	       const struct zh_cc_options *opt, struct zh_error *err)
{
	const char *prog = opt != NULL && opt->opencc_dict != NULL ?
			   opt->opencc_dict : "opencc_dict";
	struct stat st;
	char real[PATH_MAX], *dir, magic[20];
	struct zh_buf key = ZH_BUF_INIT, txt = ZH_BUF_INIT, tmp = ZH_BUF_INIT;
	struct dict *d = NULL;
	const char *base;
	FILE *fp;
	static unsigned counter;
	int fd, writable = 0;

	if (stat(path, &st) != 0 || realpath(path, real) == NULL) {
		zh_error_set(err, name, 0, 0, "cannot open dictionary: %s",
			     strerror(errno));
		return NULL;
	}
	/* opencc_dict does not say why it fails: check the magic first. */
	if ((fp = fopen(path, "rb")) == NULL) {
		zh_error_set(err, name, 0, 0, "cannot open dictionary: %s",
			     strerror(errno));
		return NULL;
	}
	if (fread(magic, 1, 19, fp) != 19 || memcmp(magic, "OPENCC_MARISA_0.2.5", 19) != 0) {
		fclose(fp);
		zh_error_set(err, name, 0, 0, "not an ocd2 dictionary (bad header)");
		return NULL;
	}
	fclose(fp);
	base = strrchr(real, '/') + 1;
	zh_buf_printf(&key, "%s\n%lld\n%lld.%09ld", real, (long long)st.st_size,
		      (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	dir = cache_dir(opt, &writable);
	if (dir != NULL) {
		zh_buf_printf(&txt, "%s/%s-%08x.txt", dir, base,
			      (unsigned)hash_bytes(key.data, key.len));
		if (access(txt.data, R_OK) == 0 &&
		    (d = cache_load(txt.data, writable, err)) != NULL)
			goto out;
	}
	if (dir != NULL && writable) {
		zh_buf_printf(&tmp, "%s/.%s-%ld-%u.tmp", dir, base, (long)getpid(),
			      __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
		if (run_opencc_dict(prog, path, tmp.data) == 0 &&
		    rename(tmp.data, txt.data) == 0) {
			d = cache_load(txt.data, writable, err);
			goto out;
		}
		unlink(tmp.data);
	}
	/* No cache: a temporary file, gone once read. */
	zh_buf_clear(&tmp);
	{
		const char *t = getenv("TMPDIR");

		zh_buf_printf(&tmp, "%s/zhnorm-ocd2-XXXXXX",
			      t != NULL && t[0] == '/' ? t : "/tmp");
	}
	if ((fd = mkstemp(zh_buf_cstr(&tmp))) < 0) {
		zh_error_set(err, name, 0, 0, "cannot make a temporary file: %s",
			     strerror(errno));
		goto out;
	}
	close(fd);
	if (run_opencc_dict(prog, path, tmp.data) != 0) {
		zh_error_set(err, name, 0, 0,
			     "%s could not read this ocd2 dictionary (corrupt, or the program is missing)",
			     prog);
	} else {
		d = dict_load_text(tmp.data, name, err);
	}
	unlink(tmp.data);
out:
	free(dir);
	zh_buf_free(&key);
	zh_buf_free(&txt);
	zh_buf_free(&tmp);
	return d;
}

/* ---- the compiled form ---------------------------------------------------- */

/*
 * A compiled dictionary is the arrays of struct dict laid out in one file,
 * 8-byte aligned, after a header: mapped read-only, it is used in place.
 * The header names its text source by size and checksum, so that a
 * compiled file older than its text is passed over, and holds a checksum
 * of everything after it, so that a damaged file is refused.
 */
#define ZHD_MAGIC "ZHNORMCC"
#define ZHD_VERSION 3

struct zhd_header {
	char magic[8];
	uint32_t version, header_size;
	uint64_t file_size;
	uint64_t checksum;	/* of bytes [header_size, file_size) */
	uint64_t src_size, src_sum;	/* of the text dictionary */
	uint32_t nents, nnodes, nkidslots, npages;
	uint64_t pool_len;
	uint64_t off_ents, off_nodes, off_kids, off_pageidx, off_pages, off_pool;
	uint64_t off_filter;
	uint32_t filter_log2, pad;
	uint8_t ascii[16];
};

/* A checksum of S[0..N): FNV-1a over 8-byte words. */
static uint64_t
sum64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 1099511628211ULL;
	}
	for (; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h ^ (h >> 29) ^ n;
}

/* The size and checksum of the file at PATH; -1 when it cannot be read. */
static int
file_sum(const char *path, uint64_t *size, uint64_t *sum)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	if (st.st_size == 0) {
		*sum = sum64("", 0);
		close(fd);
		return 0;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	*sum = sum64(m, (size_t)st.st_size);
	munmap(m, (size_t)st.st_size);
	return 0;
}

static void
put_section(struct zh_buf *b, uint64_t *off, const void *p, size_t n)
{
	static const char zeros[8];

	if (b->len % 8 != 0)
		zh_buf_append(b, zeros, 8 - b->len % 8);
	*off = b->len;
	if (n > 0)
		zh_buf_append(b, p, n);
}

/*
 * A new dictionary of the keys of DS[0..N) in that order, a key's first
 * value kept (see node_merge).  The caller frees it (dict_free).
 */
static struct dict *
dict_merge_build(struct dict *const *ds, size_t n)
{
	struct dict *d = dict_new();
	size_t i;
	uint32_t k;

	for (i = 0; i < n; i++)
		for (k = 0; k < ds[i]->n; k++) {
			const struct entry *e = &ds[i]->ents[k];

			(void)dict_add(d, ds[i]->pool + e->koff, e->klen,
				       ds[i]->pool + e->voff, e->vlen);
		}
	dict_finish(d);
	return d;
}

/* The source identity of a merged dictionary: its members' texts, in
 * order (see struct zhd_header). */
static void
merged_src(const uint64_t *sizes, const uint64_t *sums, size_t n,
	   uint64_t *size, uint64_t *sum)
{
	uint64_t w[2];
	size_t i;

	*size = 0;
	*sum = 14695981039346656037ULL;
	for (i = 0; i < n; i++) {
		*size += sizes[i];
		w[0] = sizes[i];
		w[1] = sums[i];
		*sum = (*sum ^ sum64(w, sizeof w)) * 1099511628211ULL;
	}
}

/* Writes D to OUT in the compiled form, for a text of SIZE bytes and
 * checksum SUM. */
static int
zhd_write(const struct dict *d, uint64_t size, uint64_t sum, const char *out,
	  struct zh_error *err)
{
	struct zhd_header h;
	struct zh_buf b = ZH_BUF_INIT;
	uint32_t *pageidx, npages = 0, i;
	struct zh_buf tmp = ZH_BUF_INIT;
	FILE *fp;

	memset(&h, 0, sizeof h);
	memcpy(h.magic, ZHD_MAGIC, 8);
	h.version = ZHD_VERSION;
	h.header_size = sizeof h;
	h.src_size = size;
	h.src_sum = sum;
	h.nents = d->n;
	h.nnodes = d->nnodes;
	h.nkidslots = d->nkidslots;
	h.pool_len = d->pool_len;
	memcpy(h.ascii, d->ascii, sizeof h.ascii);
	zh_buf_append(&b, &h, sizeof h);
	put_section(&b, &h.off_ents, d->ents, d->n * sizeof *d->ents);
	put_section(&b, &h.off_nodes, d->nodes, d->nnodes * sizeof *d->nodes);
	put_section(&b, &h.off_kids, d->kids, d->nkidslots * sizeof *d->kids);
	pageidx = zh_xcalloc(NPAGES, sizeof *pageidx);
	for (i = 0; i < NPAGES; i++)
		if (d->pages[i] != NULL)
			pageidx[i] = ++npages;
	h.npages = npages;
	put_section(&b, &h.off_pageidx, pageidx, NPAGES * sizeof *pageidx);
	put_section(&b, &h.off_pages, NULL, 0);
	for (i = 0; i < NPAGES; i++)
		if (d->pages[i] != NULL)
			zh_buf_append(&b, d->pages[i], 256 * sizeof *d->pages[i]);
	put_section(&b, &h.off_pool, d->pool, d->pool_len);
	h.filter_log2 = d->filter_log2;
	put_section(&b, &h.off_filter, d->filter, ((size_t)1 << (d->filter_log2 - 6)) * 8);
	free(pageidx);
	h.file_size = b.len;
	h.checksum = sum64(b.data + sizeof h, b.len - sizeof h);
	memcpy(b.data, &h, sizeof h);
	/* Written whole under another name, then renamed into place. */
	zh_buf_printf(&tmp, "%s.tmp%ld", out, (long)getpid());
	fp = fopen(tmp.data, "wb");
	if (fp == NULL || fwrite(b.data, 1, b.len, fp) != b.len || fclose(fp) != 0 ||
	    rename(tmp.data, out) != 0) {
		zh_error_set(err, out, 0, 0, "cannot write: %s", strerror(errno));
		unlink(tmp.data);
		zh_buf_free(&tmp);
		zh_buf_free(&b);
		return -1;
	}
	zh_buf_free(&tmp);
	zh_buf_free(&b);
	return 0;
}

int
zh_cc_compile(const char *txt, const char *out, struct zh_error *err)
{
	return zh_cc_compile_merged(&txt, 1, out, err);
}

int
zh_cc_compile_merged(const char *const *txts, size_t n, const char *out,
		     struct zh_error *err)
{
	struct dict **ds, *d;
	uint64_t *sizes, *sums, size, sum;
	size_t i;
	int rc = -1;

	if (n == 0)
		return zh_error_set(err, out, 0, 0, "no dictionary to compile");
	ds = zh_xcalloc(n, sizeof *ds);
	sizes = zh_xcalloc(n, sizeof *sizes);
	sums = zh_xcalloc(n, sizeof *sums);
	for (i = 0; i < n; i++) {
		if ((ds[i] = dict_load_text(txts[i], txts[i], err)) == NULL)
			goto done;
		if (file_sum(txts[i], &sizes[i], &sums[i]) < 0) {
			zh_error_set(err, txts[i], 0, 0, "cannot read: %s", strerror(errno));
			goto done;
		}
	}
	if (n == 1) {
		size = sizes[0];
		sum = sums[0];
		rc = zhd_write(ds[0], size, sum, out, err);
	} else {
		merged_src(sizes, sums, n, &size, &sum);
		d = dict_merge_build(ds, n);
		rc = zhd_write(d, size, sum, out, err);
		dict_free(d);
	}
done:
	for (i = 0; i < n; i++)
		dict_free(ds[i]);
	free(ds);
	free(sizes);
	free(sums);
	return rc;
}

/* Does every index of the mapped file at M point inside it? */
static int
zhd_indexes_ok(const struct zhd_header *h, const char *m)
{
	const struct entry *e = (const struct entry *)(m + h->off_ents);
	const struct tnode *t = (const struct tnode *)(m + h->off_nodes);
	const struct kid *k = (const struct kid *)(m + h->off_kids);
	const struct pent *pg = (const struct pent *)(m + h->off_pages);
	uint64_t i;

	for (i = 0; i < h->nents; i++)
		if ((uint64_t)e[i].koff + e[i].klen > h->pool_len ||
		    (uint64_t)e[i].voff + e[i].vlen > h->pool_len || e[i].klen == 0)
			return 0;
	for (i = 0; i < h->nnodes; i++)
		if (t[i].entry > h->nents || t[i].parent >= h->nnodes)
			return 0;
	for (i = 0; i < h->nkidslots; i++)
		if (k[i].id >= h->nnodes)
			return 0;
	for (i = 0; i < (uint64_t)h->npages * 256; i++)
		if (pg[i].id >= h->nnodes || (pg[i].info & ~PENT_KIDS) > h->nents)
			return 0;
	return 1;
}

/*
 * Maps the compiled dictionary at PATH.  Returns it, or NULL: with ERR set
 * when the file is damaged, with ERR untouched and *STALE set when it was
 * made from another text than TXT (or TXT cannot be read).
 */
static struct dict *
dict_map(const char *path, const char *txt, int *stale, struct zh_error *err)
{
	uint64_t size = 0, sum = 0;
	int have = file_sum(txt, &size, &sum) == 0;

	return dict_map_src(path, have, size, sum, stale, err);
}

/* dict_map, for a text of SIZE bytes and checksum SUM (HAVE 0: none could
 * be read, so the compiled file is stale). */
static struct dict *
dict_map_src(const char *path, int have, uint64_t size, uint64_t sum,
	     int *stale, struct zh_error *err)
{
	struct zhd_header h;
	struct stat st;
	struct dict *d;
	const char *base;
	uint32_t *pageidx, i;
	void *m;
	int fd;

	*stale = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		zh_error_set(err, path, 0, 0, "cannot open compiled dictionary: %s",
			     strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if ((size_t)st.st_size < sizeof h) {
		close(fd);
		zh_error_set(err, path, 0, 0, "compiled dictionary truncated (%lld bytes)",
			     (long long)st.st_size);
		return NULL;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		zh_error_set(err, path, 0, 0, "cannot map compiled dictionary: %s",
			     strerror(errno));
		return NULL;
	}
	memcpy(&h, m, sizeof h);
#define BAD(...) do { zh_error_set(err, path, 0, 0, __VA_ARGS__); \
		munmap(m, (size_t)st.st_size); return NULL; } while (0)
	if (memcmp(h.magic, ZHD_MAGIC, 8) != 0)
		BAD("not a compiled zhnorm dictionary (bad magic)");
	if (h.version != ZHD_VERSION || h.header_size != sizeof h)
		BAD("compiled dictionary of format %u, not %u: rebuild it", h.version,
		    ZHD_VERSION);
	if (h.file_size != (uint64_t)st.st_size)
		BAD("compiled dictionary truncated or padded (%lld bytes, header says %llu)",
		    (long long)st.st_size, (unsigned long long)h.file_size);
	if (sum64((char *)m + sizeof h, h.file_size - sizeof h) != h.checksum)
		BAD("compiled dictionary damaged (checksum mismatch)");
	/* The sections must lie inside the file. */
	if (h.off_ents + (uint64_t)h.nents * sizeof(struct entry) > h.file_size ||
	    h.off_nodes + (uint64_t)h.nnodes * sizeof(struct tnode) > h.file_size ||
	    h.off_kids + (uint64_t)h.nkidslots * sizeof(struct kid) > h.file_size ||
	    h.off_pageidx + NPAGES * 4ULL > h.file_size ||
	    h.off_pages + (uint64_t)h.npages * 256 * sizeof(struct pent) > h.file_size ||
	    h.off_pool + h.pool_len > h.file_size ||
	    h.filter_log2 < 6 || h.filter_log2 > 30 ||
	    h.off_filter + (1ULL << (h.filter_log2 - 3)) > h.file_size ||
	    h.nkidslots == 0 || (h.nkidslots & (h.nkidslots - 1)) != 0 || h.nnodes == 0)
		BAD("compiled dictionary damaged (bad section table)");
	if (!zhd_indexes_ok(&h, (const char *)m))
		BAD("compiled dictionary damaged (an index out of range)");
	if (!have || size != h.src_size || sum != h.src_sum) {
		munmap(m, (size_t)st.st_size);
		*stale = 1;
		return NULL;
	}
	d = zh_xcalloc(1, sizeof *d);
	base = m;
	d->map = m;
	d->map_len = (size_t)st.st_size;
	d->src_size = h.src_size;
	d->src_sum = h.src_sum;
	d->src_known = 1;
	d->ents = (struct entry *)(base + h.off_ents);
	d->n = h.nents;
	d->nodes = (struct tnode *)(base + h.off_nodes);
	d->nnodes = h.nnodes;
	d->kids = (struct kid *)(base + h.off_kids);
	d->nkidslots = h.nkidslots;
	d->pool = (char *)(base + h.off_pool);
	d->pool_len = h.pool_len;
	d->filter = (uint64_t *)(base + h.off_filter);
	d->filter_log2 = h.filter_log2;
	memcpy(d->ascii, h.ascii, sizeof d->ascii);
	pageidx = (uint32_t *)(base + h.off_pageidx);
	for (i = 0; i < NPAGES; i++) {
		if (pageidx[i] > h.npages) {
			d->map = NULL;	/* nothing of ours to free but D */
			free(d);
			BAD("compiled dictionary damaged (bad page index)");
		}
		if (pageidx[i] != 0)
			d->pages[i] = (struct pent *)(base + h.off_pages +
						      (pageidx[i] - 1) * 256ULL * sizeof(struct pent));
	}
#undef BAD
	dict_starts(d);
	return d;
}

/* ---- the registry of loaded dictionaries -------------------------------- */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dict *registry;

/* The dictionary at PATH of TYPE ("text" or "ocd2"), loaded or shared. */
static struct dict *
dict_get(const char *path, int ocd2, const char *name,
	 const struct zh_cc_options *opt, struct zh_error *err)
{
	struct zh_buf id = ZH_BUF_INIT;
	char real[PATH_MAX];
	struct dict *d;

	zh_buf_printf(&id, "%s:%s", ocd2 ? "ocd2" : "text",
		      realpath(path, real) != NULL ? real : path);
	pthread_mutex_lock(&registry_lock);
	for (d = registry; d != NULL; d = d->next)
		if (strcmp(d->id, id.data) == 0)
			break;
	if (d == NULL && !ocd2 && opt != NULL && opt->compiled_dir != NULL) {
		/* A compiled copy of the text, when there is a current one. */
		struct zh_buf zhd = ZH_BUF_INIT;
		const char *base = strrchr(path, '/');
		size_t n;
		int stale;

		base = base != NULL ? base + 1 : path;
		n = strlen(base);
		if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
			n -= 4;
		zh_buf_printf(&zhd, "%s/%.*s.zhd", opt->compiled_dir, (int)n, base);
		if (access(zhd.data, F_OK) == 0) {
			d = dict_map(zhd.data, path, &stale, err);
			if (d == NULL && !stale) {
				pthread_mutex_unlock(&registry_lock);
				zh_buf_free(&zhd);
				zh_buf_free(&id);
				return NULL;
			}
			if (d != NULL) {
				d->id = zh_buf_detach(&id, NULL);
				d->next = registry;
				registry = d;
			}
		}
		zh_buf_free(&zhd);
	}
	if (d == NULL) {
		d = ocd2 ? dict_load_ocd2(path, name, opt, err) :
			   dict_load_text(path, name, err);
		if (d != NULL) {
			d->id = zh_buf_detach(&id, NULL);
			d->next = registry;
			registry = d;
		}
	}
	if (d != NULL)
		d->refs++;
	pthread_mutex_unlock(&registry_lock);
	zh_buf_free(&id);
	return d;
}

static void
dict_put(struct dict *d)
{
	struct dict **pp;

	pthread_mutex_lock(&registry_lock);
	if (--d->refs == 0) {
		for (pp = &registry; *pp != NULL; pp = &(*pp)->next)
			if (*pp == d) {
				*pp = d->next;
				break;
			}
		dict_free(d);
	}
	pthread_mutex_unlock(&registry_lock);
}

/* ---- merged dictionaries ------------------------------------------------- */

/*
 * A group of dictionaries costs a look-up in each member at every
 * position; one dictionary of the members' keys costs one (see
 * node_merge).  A merged dictionary is made at build time for each group
 * of the stock configs (zhnorm-dictc TEXT... OUT, named for its members:
 * compiled/A+B.zhd) and mapped; for text dictionaries without one it is
 * built at load time when that is cheap, else the group is matched
 * member by member.  Merged dictionaries are shared through the registry
 * like the others, by the ids of their members.
 */
#define MERGE_AT_LOAD 16384	/* build at load time up to this many keys */

/*
 * The merged dictionary of DS[0..N) (each with an id), its reference
 * taken (dict_put releases it).  Returns NULL with *BAD and ERR set when
 * its compiled form is damaged, and NULL alone when there is none and the
 * members are too large to merge at load time.
 */
static struct dict *
dict_get_merged(struct dict *const *ds, size_t n,
		const struct zh_cc_options *opt, int *bad, struct zh_error *err)
{
	struct zh_buf id = ZH_BUF_INIT, zhd = ZH_BUF_INIT;
	struct dict *d;
	size_t i, keys = 0;
	int text = 1;

	zh_buf_printf(&id, "merge");
	for (i = 0; i < n; i++) {
		zh_buf_printf(&id, "\n%s", ds[i]->id);
		keys += ds[i]->n;
		text &= strncmp(ds[i]->id, "text:", 5) == 0;
	}
	pthread_mutex_lock(&registry_lock);
	for (d = registry; d != NULL; d = d->next)
		if (strcmp(d->id, id.data) == 0)
			break;
	if (d == NULL && text && opt != NULL && opt->compiled_dir != NULL) {
		uint64_t *sizes = zh_xcalloc(n, sizeof *sizes);
		uint64_t *sums = zh_xcalloc(n, sizeof *sums), size, sum;
		int have = 1, stale;

		zh_buf_printf(&zhd, "%s/", opt->compiled_dir);
		for (i = 0; i < n; i++) {
			const char *path = ds[i]->id + 5, *base = strrchr(path, '/');
			size_t len;

			base = base != NULL ? base + 1 : path;
			len = strlen(base);
			if (len > 4 && strcmp(base + len - 4, ".txt") == 0)
				len -= 4;
			zh_buf_printf(&zhd, "%s%.*s", i > 0 ? "+" : "", (int)len, base);
			if (ds[i]->src_known) {
				sizes[i] = ds[i]->src_size;
				sums[i] = ds[i]->src_sum;
			} else if (file_sum(path, &sizes[i], &sums[i]) != 0)
				have = 0;
		}
		zh_buf_printf(&zhd, ".zhd");
		merged_src(sizes, sums, n, &size, &sum);
		free(sizes);
		free(sums);
		if (access(zhd.data, F_OK) == 0) {
			d = dict_map_src(zhd.data, have, size, sum, &stale, err);
			if (d == NULL && !stale) {
				*bad = 1;	/* damaged */
				goto out;
			}
		}
	}
	if (d == NULL && keys <= MERGE_AT_LOAD) {
		d = dict_merge_build(ds, n);
		d->built_merged = 1;
	}
	if (d != NULL && d->id == NULL) {
		d->id = zh_buf_detach(&id, NULL);
		d->next = registry;
		registry = d;
	}
out:
	if (d != NULL)
		d->refs++;
	pthread_mutex_unlock(&registry_lock);
	zh_buf_free(&id);
	zh_buf_free(&zhd);
	return d;
}

/* Is every key of D one character? */
static int
dict_single(const struct dict *d)
{
	uint32_t k;

	for (k = 0; k < d->n; k++)
		if (d->ents[k].klen != lead_len((unsigned char)d->pool[d->ents[k].koff]))
			return 0;
	return 1;
}

/* ---- config ------------------------------------------------------------- */

struct loader {
	const char *config;	/* the config's path, for messages */
	char *config_dir;
	const struct zh_cc_options *opt;
	struct zh_error *err;
};

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->kind == NODE_DICT) {
		if (n->owned)
			dict_free(n->d);
		else if (n->d != NULL)
			dict_put(n->d);
	}
	if (!n->borrowed) {
		for (i = 0; i < n->nkids; i++)
			node_free(n->kids[i]);
		free(n->kids);
	}
	free(n->starts);
	free(n->tier_d);
	free(n->tier_end);
	free(n);
}

static int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Finds FILE, as a config names it: beside the config, then in the data
 * directory.  A NAME.ocd2 that is not there may be a NAME.txt in a
 * data directory's dictionary/ folder (the layout of zhnorm's bundled
 * data and of a --opencc-data=DIR), beside it, or there itself; then
 * *TEXT is set.  Returns the path (the caller frees it) or NULL.
 */
static char *
find_file(const struct loader *ld, const char *file, int *text)
{
	const char *dirs[2] = { ld->config_dir, ld->opt ? ld->opt->datadir : NULL };
	struct zh_buf b = ZH_BUF_INIT;
	size_t n = strlen(file), i;
	int k;

	*text = 0;
	if (file[0] == '/')
		return file_exists(file) ? zh_xstrdup(file) : NULL;
	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL)
			continue;
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s/%s", dirs[i], file);
		if (file_exists(b.data))
			return zh_buf_detach(&b, NULL);
	}
	if (n > 5 && strcmp(file + n - 5, ".ocd2") == 0) {
		static const char *const sub[] = { "/../dictionary/", "/dictionary/", "/" };

		for (i = 0; i < 2; i++) {
			if (dirs[i] == NULL)
				continue;
			for (k = 0; k < 3; k++) {
				zh_buf_clear(&b);
				zh_buf_printf(&b, "%s%s%.*s.txt", dirs[i], sub[k],
					      (int)(n - 5), file);
				if (file_exists(b.data)) {
					*text = 1;
					return zh_buf_detach(&b, NULL);
				}
			}
		}
	}
	zh_buf_free(&b);
	return NULL;
}

/* Sets N's lead bytes from its start filter (see struct node). */
static void
node_leads(struct node *n)
{
	unsigned char seen[256] = { 0 };
	size_t b, w;
	int count = 0;

	n->nleads = 0;
	for (w = 0; w < START_BITS / 64; w++) {
		uint64_t bits = n->starts[w];

		while (bits != 0) {
			b = w * 64 + (size_t)__builtin_ctzll(bits);
			bits &= bits - 1;
			seen[b < 256 ? b : b >> 8] = 1;
		}
	}
	for (b = 0; b < 256; b++) {
		if (!seen[b])
			continue;
		if (b < 0xC0 || count == 2)
			return;	/* ASCII, or more than two */
		n->leads[count++] = (unsigned char)b;
	}
	n->nleads = count;
}

static void
node_starts(struct node *n)
{
	size_t i, k;

	if (n->starts == NULL)
		n->starts = zh_xcalloc(START_BITS / 64, sizeof *n->starts);
	if (n->kind == NODE_DICT)
		memcpy(n->starts, n->d->starts, START_BITS / 8);
	else {
		memset(n->starts, 0, START_BITS / 8);
		for (i = 0; i < n->nkids; i++)
			for (k = 0; k < START_BITS / 64; k++)
				n->starts[k] |= n->kids[i]->starts[k];
	}
	node_leads(n);
}

/* Sets N's tiers when its shape allows (see struct node). */
static void
node_flatten(struct node *n)
{
	size_t i, k, nd = 0, nested = 0;

	if (n->kind != NODE_GROUP || n->nkids == 0)
		return;
	/* A group of dictionaries alone is matched as fast without. */
	for (i = 0; i < n->nkids; i++)
		nested += n->kids[i]->kind != NODE_DICT;
	if (nested == 0)
		return;
	for (i = 0; i < n->nkids; i++) {
		const struct node *m = n->kids[i];

		if (m->kind == NODE_DICT) {
			nd++;
			continue;
		}
		if (n->is_union || !m->is_union)
			return;	/* a group in a union, or nested short circuits */
		for (k = 0; k < m->nkids; k++)
			if (m->kids[k]->kind != NODE_DICT)
				return;
		nd += m->nkids;
	}
	n->tier_d = zh_xcalloc(nd, sizeof *n->tier_d);
	n->tier_end = zh_xcalloc(n->nkids, sizeof *n->tier_end);
	nd = 0;
	for (i = 0; i < n->nkids; i++) {
		const struct node *m = n->kids[i];

		if (m->kind == NODE_DICT)
			n->tier_d[nd++] = m->d;
		else
			for (k = 0; k < m->nkids; k++)
				n->tier_d[nd++] = m->kids[k]->d;
		/* A union is one tier; a short circuit, one a member. */
		if (!n->is_union || i + 1 == n->nkids)
			n->tier_end[n->ntiers++] = nd;
	}
}

/*
 * Merges the dictionaries of group N where that keeps its matches (see
 * dict_get_merged): the members of a union, and in a short circuit a
 * member (or union) whose keys are all one character into the member
 * before it.  Such a member can change nothing where the one before it
 * matched, since that match is at least one character and wins a tie
 * (the merged dictionary keeps the first value of a key), and elsewhere
 * the merged dictionary's match is its own.  s2t's first stage, a short
 * circuit of the union of two phrase dictionaries and of the characters,
 * becomes one dictionary.  N is left as it is when it has groups inside
 * that are not unions of dictionaries, an inline dictionary, or a tier
 * that cannot be merged.  Returns -1 with ERR set when a compiled merged
 * dictionary is damaged.
 */
static int
node_merge(struct zh_cc *cc, struct node *n, const struct zh_cc_options *opt,
	   struct zh_error *err)
{
	struct dict **ds, **one;
	size_t *end, nt = 0, nd = 0, t, i, k, start;
	struct node **kids;
	int bad = 0;

	if (n->kind != NODE_GROUP || n->nkids == 0 || (opt != NULL && opt->no_merge))
		return 0;
	/* The tiers, as in node_flatten: a short circuit's members, or all
	 * of a union's. */
	for (i = 0; i < n->nkids; i++) {
		const struct node *m = n->kids[i];

		if (m->kind == NODE_DICT)
			nd++;
		else if (n->is_union || !m->is_union)
			return 0;
		else
			for (k = 0; k < m->nkids; k++) {
				if (m->kids[k]->kind != NODE_DICT)
					return 0;
				nd++;
			}
	}
	ds = zh_xcalloc(nd, sizeof *ds);
	end = zh_xcalloc(n->nkids, sizeof *end);
	nd = 0;
	for (i = 0; i < n->nkids; i++) {
		const struct node *m = n->kids[i];
		int single = 1;

		start = nd;
		if (m->kind == NODE_DICT)
			ds[nd++] = m->d;
		else
			for (k = 0; k < m->nkids; k++)
				ds[nd++] = m->kids[k]->d;
		for (k = start; k < nd; k++)
			if (ds[k]->id == NULL) {	/* inline */
				free(ds);
				free(end);
				return 0;
			}
		if (!n->is_union)
			for (k = start; k < nd && single; k++)
				single = dict_single(ds[k]);
		if (n->is_union || (nt > 0 && single))
			end[nt > 0 ? nt - 1 : nt++] = nd;	/* into the tier before */
		else
			end[nt++] = nd;
	}
	if (nt == n->nkids && nd == n->nkids) {
		free(ds);
		free(end);
		return 0;	/* each member one dictionary: nothing to merge */
	}
	/* The tiers become dictionaries, merged where they are several. */
	one = zh_xcalloc(nt, sizeof *one);
	for (t = 0, start = 0; t < nt; start = end[t++]) {
		if (end[t] - start == 1) {
			pthread_mutex_lock(&registry_lock);
			ds[start]->refs++;
			pthread_mutex_unlock(&registry_lock);
			one[t] = ds[start];
		} else if ((one[t] = dict_get_merged(ds + start, end[t] - start,
						     opt, &bad, err)) == NULL) {
			cc->merges_missing += !bad;
			while (t-- > 0)
				dict_put(one[t]);
			free(one);
			free(ds);
			free(end);
			return bad ? -1 : 0;
		}
	}
	for (t = 0; t < nt; t++)
		cc->merges_built += one[t]->built_merged;
	free(ds);
	free(end);
	if (!n->borrowed) {
		for (i = 0; i < n->nkids; i++)
			node_free(n->kids[i]);
		free(n->kids);
	}
	free(n->tier_d);
	free(n->tier_end);
	n->tier_d = NULL;
	n->tier_end = NULL;
	n->ntiers = 0;
	n->borrowed = 0;
	n->is_union = 0;
	if (nt == 1) {
		n->kind = NODE_DICT;
		n->d = one[0];
		n->kids = NULL;
		n->nkids = 0;
	} else {
		kids = zh_xcalloc(nt, sizeof *kids);
		for (t = 0; t < nt; t++) {
			kids[t] = zh_xcalloc(1, sizeof *kids[t]);
			kids[t]->kind = NODE_DICT;
			kids[t]->d = one[t];
			node_starts(kids[t]);
		}
		n->kids = kids;
		n->nkids = nt;
	}
	free(one);
	node_starts(n);
	return 0;
}

static struct node *load_dict(struct loader *ld, json_t *j, const char *where);

static int
is_tofu(json_t *j)
{
	return json_is_true(json_object_get(j, "may_output_tofu"));
}

static struct node *
load_group(struct loader *ld, json_t *j, const char *where)
{
	json_t *dicts = json_object_get(j, "dicts");
	json_t *policy = json_object_get(j, "match_policy");
	struct node *n;
	size_t i;

	if (!json_is_array(dicts)) {
		zh_error_set(ld->err, ld->config, 0, 0,
			     "%s: a group needs an array \"dicts\"", where);
		return NULL;
	}
	n = zh_xcalloc(1, sizeof *n);
	n->kind = NODE_GROUP;
	if (policy != NULL) {
		const char *p = json_string_value(policy);

		if (p != NULL && strcmp(p, "union") == 0)
			n->is_union = 1;
		else if (p == NULL || strcmp(p, "short_circuit") != 0) {
			zh_error_set(ld->err, ld->config, 0, 0,
				     "%s: unknown match_policy (short_circuit or union)",
				     where);
			free(n);
			return NULL;
		}
	}
	n->kids = zh_xcalloc(json_array_size(dicts) + 1, sizeof *n->kids);
	for (i = 0; i < json_array_size(dicts); i++) {
		json_t *m = json_array_get(dicts, i);
		struct node *k;

		if (json_is_object(m) && is_tofu(m) && !(ld->opt && ld->opt->tofu))
			continue;	/* left out unless --tofu */
		if ((k = load_dict(ld, m, where)) == NULL) {
			node_free(n);
			return NULL;
		}
		n->kids[n->nkids++] = k;
	}
	node_starts(n);
	node_flatten(n);
	return n;
}

static struct node *
load_inline(struct loader *ld, json_t *j, const char *where)
{
	json_t *entries = json_object_get(j, "entries"), *v;
	const char *key;
	struct node *n;
	struct dict *d;

	if (!json_is_object(entries)) {
		zh_error_set(ld->err, ld->config, 0, 0,
			     "%s: an inline dictionary needs an object \"entries\"", where);
		return NULL;
	}
	d = dict_new();
	json_object_foreach(entries, key, v) {
		size_t klen = strlen(key);
		const char *val = json_string_value(v);

		if (val == NULL || klen == 0 || zh_utf8_valid_prefix(key, klen) != klen) {
			zh_error_set(ld->err, ld->config, 0, 0,
				     "%s: bad inline entry '%.100s'", where, key);
			dict_free(d);
			return NULL;
		}
		dict_add(d, key, klen, val, strlen(val));
	}
	dict_finish(d);
	n = zh_xcalloc(1, sizeof *n);
	n->kind = NODE_DICT;
	n->d = d;
	n->owned = 1;
	node_starts(n);
	return n;
}

static struct node *
load_dict(struct loader *ld, json_t *j, const char *where)
{
	const char *type, *file;
	struct node *n;
	struct dict *d;
	char *path;
	int text;

	if (!json_is_object(j)) {
		zh_error_set(ld->err, ld->config, 0, 0, "%s: a dictionary must be an object", where);
		return NULL;
	}
	type = json_string_value(json_object_get(j, "type"));
	if (type == NULL) {
		zh_error_set(ld->err, ld->config, 0, 0, "%s: a dictionary needs a \"type\"", where);
		return NULL;
	}
	if (strcmp(type, "group") == 0)
		return load_group(ld, j, where);
	if (strcmp(type, "inline") == 0)
		return load_inline(ld, j, where);
	if (strcmp(type, "text") != 0 && strcmp(type, "ocd2") != 0) {
		zh_error_set(ld->err, ld->config, 0, 0,
			     "%s: unknown dictionary type '%.100s' (text, ocd2, inline or group)",
			     where, type);
		return NULL;
	}
	file = json_string_value(json_object_get(j, "file"));
	if (file == NULL || file[0] == '\0') {
		zh_error_set(ld->err, ld->config, 0, 0, "%s: a %s dictionary needs a \"file\"",
			     where, type);
		return NULL;
	}
	if ((path = find_file(ld, file, &text)) == NULL) {
		zh_error_set(ld->err, ld->config, 0, 0,
			     "%s: dictionary '%.200s' not found (beside the config%s%.200s)",
			     where, file, ld->opt && ld->opt->datadir ? " or in " : "",
			     ld->opt && ld->opt->datadir ? ld->opt->datadir : "");
		return NULL;
	}
	d = dict_get(path, !text && strcmp(type, "ocd2") == 0, path, ld->opt, ld->err);
	free(path);
	if (d == NULL)
		return NULL;
	n = zh_xcalloc(1, sizeof *n);
	n->kind = NODE_DICT;
	n->d = d;
	node_starts(n);
	return n;
}

/* Loads an array of stages ("normalization", "conversion_chain"). */
static int
load_stages(struct loader *ld, json_t *arr, const char *what,
	    struct node ***out, size_t *nout)
{
	size_t i;
	char where[64];

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return zh_error_set(ld->err, ld->config, 0, 0,
				    "\"%s\" must be a non-empty array", what);
	*out = zh_xcalloc(json_array_size(arr), sizeof **out);
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *st = json_array_get(arr, i);
		json_t *d = json_object_get(st, "dict");

		snprintf(where, sizeof where, "%s[%zu]", what, i);
		if (d == NULL)
			return zh_error_set(ld->err, ld->config, 0, 0,
					    "%s: a stage needs a \"dict\"", where);
		if (is_tofu(d) && !(ld->opt && ld->opt->tofu)) {
			/* A stage of tofu only: it changes nothing. */
			struct node *n = zh_xcalloc(1, sizeof *n);

			n->kind = NODE_GROUP;
			node_starts(n);
			(*out)[(*nout)++] = n;
			continue;
		}
		if (((*out)[*nout] = load_dict(ld, d, where)) == NULL)
			return -1;
		(*nout)++;
	}
	return 0;
}

/* Do A and B match alike (the same dictionaries, the same way)? */
static int
node_same(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->kind != b->kind)
		return 0;
	if (a->kind == NODE_DICT)
		return a->d == b->d;
	if (a->is_union != b->is_union || a->nkids != b->nkids)
		return 0;
	for (i = 0; i < a->nkids; i++)
		if (!node_same(a->kids[i], b->kids[i]))
			return 0;
	return 1;
}

/*
 * Where segmentation and the first stage share a dictionary.  When the
 * first stage is the segmentation dictionary, or a short_circuit group
 * whose first member is: a key that segmentation found is a whole
 * segment, and the first stage's longest match at its start is that very
 * key (nothing longer fits in the segment, and a union member that is
 * first wins a tie); and at no position of the characters between keys
 * does the segmentation dictionary match, so the first stage there is the
 * rest of its members.
 */
static void
plan_shortcut(struct zh_cc *cc)
{
	const struct node *c0;

	if (cc->seg == NULL || cc->nchain == 0)
		return;
	c0 = cc->chain[0];
	if (node_same(cc->seg, c0)) {
		cc->seg_first = 1;
		cc->rest = zh_xcalloc(1, sizeof *cc->rest);
		cc->rest->kind = NODE_GROUP;	/* empty: copies */
	} else if (c0->kind == NODE_GROUP && !c0->is_union && c0->nkids > 0 &&
		   node_same(cc->seg, c0->kids[0])) {
		cc->seg_first = 1;
		cc->rest = zh_xcalloc(1, sizeof *cc->rest);
		cc->rest->kind = NODE_GROUP;
		cc->rest->kids = c0->kids + 1;
		cc->rest->nkids = c0->nkids - 1;
		cc->rest->borrowed = 1;
	}
	if (cc->rest != NULL) {
		node_starts(cc->rest);
		node_flatten(cc->rest);
	}
}

/* Merges the dictionaries of every stage where that keeps the matches
 * (see node_merge).  With the shortcut of plan_shortcut, the first stage
 * is only matched whole by zh_cc_match, and its members are the rest's:
 * it is left as it is. */
static int
merge_all(struct zh_cc *cc, const struct zh_cc_options *opt, struct zh_error *err)
{
	size_t k;

	for (k = 0; k < cc->nnorm; k++)
		if (node_merge(cc, cc->norm[k], opt, err) < 0)
			return -1;
	if (cc->seg != NULL && node_merge(cc, cc->seg, opt, err) < 0)
		return -1;
	if (cc->rest != NULL && node_merge(cc, cc->rest, opt, err) < 0)
		return -1;
	for (k = cc->seg_first ? 1 : 0; k < cc->nchain; k++)
		if (node_merge(cc, cc->chain[k], opt, err) < 0)
			return -1;
	return 0;
}

struct zh_cc *
zh_cc_open(const char *path, const struct zh_cc_options *opt, struct zh_error *err)
{
	struct loader ld;
	struct zh_cc *cc;
	json_error_t jerr;
	json_t *root, *seg;
	const char *slash;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.line > 0)
			zh_error_set(err, path, (unsigned long)jerr.line, 0,
				     "bad config: %s", jerr.text);
		else
			zh_error_set(err, path, 0, 0, "cannot read config: %s", jerr.text);
		return NULL;
	}
	memset(&ld, 0, sizeof ld);
	ld.config = path;
	ld.opt = opt;
	ld.err = err;
	slash = strrchr(path, '/');
	ld.config_dir = slash != NULL ? zh_xstrndup(path, (size_t)(slash - path) + (slash == path))
				      : zh_xstrdup(".");
	cc = zh_xcalloc(1, sizeof *cc);
	if (!json_is_object(root)) {
		zh_error_set(err, path, 0, 0, "bad config: not a JSON object");
		goto fail;
	}
	if (json_object_get(root, "normalization") != NULL &&
	    load_stages(&ld, json_object_get(root, "normalization"), "normalization",
			&cc->norm, &cc->nnorm) < 0)
		goto fail;
	if ((seg = json_object_get(root, "segmentation")) != NULL) {
		const char *type = json_string_value(json_object_get(seg, "type"));

		if (type == NULL || strcmp(type, "mmseg") != 0) {
			zh_error_set(err, path, 0, 0,
				     "segmentation: unknown type '%.100s' (only mmseg)",
				     type ? type : "(none)");
			goto fail;
		}
		if ((cc->seg = load_dict(&ld, json_object_get(seg, "dict"),
					 "segmentation")) == NULL)
			goto fail;
	}
	if (load_stages(&ld, json_object_get(root, "conversion_chain"),
			"conversion_chain", &cc->chain, &cc->nchain) < 0)
		goto fail;
	json_decref(root);
	free(ld.config_dir);
	plan_shortcut(cc);
	if (merge_all(cc, opt, err) < 0) {
		zh_cc_close(cc);
		return NULL;
	}
	return cc;
fail:
	json_decref(root);
	free(ld.config_dir);
	zh_cc_close(cc);
	return NULL;
}

void
zh_cc_merges(const struct zh_cc *cc, size_t *built, size_t *missing)
{
	*built = cc->merges_built;
	*missing = cc->merges_missing;
}

void
zh_cc_close(struct zh_cc *cc)
{
	size_t i;

	if (cc == NULL)
		return;
	for (i = 0; i < cc->nnorm; i++)
		node_free(cc->norm[i]);
	free(cc->norm);
	node_free(cc->seg);
	node_free(cc->rest);
	for (i = 0; i < cc->nchain; i++)
		node_free(cc->chain[i]);
	free(cc->chain);
	zh_buf_free(&cc->a);
	zh_buf_free(&cc->b);
	zh_buf_free(&cc->n1);
	zh_buf_free(&cc->n2);
	free(cc);
}

/* ---- converting --------------------------------------------------------- */

/* The longest match of node N at S[0..LEN), or NULL.  The members of a
 * group that are dictionaries, nearly all of them, are matched here
 * directly; only a group inside a group recurses. */
static const struct entry *
node_match(const struct node *n, const unsigned char *s, size_t len,
	   const struct dict **from)
{
	const struct entry *best = NULL, *e;
	size_t i;

	if (n->kind == NODE_DICT) {
		*from = n->d;
		return dict_match(n->d, s, len);
	}
	if (n->ntiers > 0) {
		size_t t, k = 0;

		for (t = 0; t < n->ntiers; t++) {
			for (; k < n->tier_end[t]; k++) {
				const struct dict *d = n->tier_d[k];

				if ((e = dict_match(d, s, len)) == NULL)
					continue;
				/* The first of the longest wins a tie. */
				if (best == NULL || e->klen > best->klen) {
					best = e;
					*from = d;
				}
			}
			if (best != NULL)
				return best;
		}
		return NULL;
	}
	for (i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];
		const struct dict *d;

		if (k->kind == NODE_DICT) {
			d = k->d;
			e = dict_match(d, s, len);
		} else
			e = node_match(k, s, len, &d);
		if (e == NULL)
			continue;
		if (!n->is_union)
			return *from = d, e;
		if (best == NULL || e->klen > best->klen) {
			best = e;
			*from = d;
		}
	}
	return best;
}

/* One stage over one segment: S[0..N) rewritten, appended to OUT. */
static void
stage(const struct node *n, const unsigned char *s, size_t len, struct zh_buf *out)
{
	size_t i = 0;

	/* A group of one is its member (the rest of s2t's first stage). */
	while (n->kind == NODE_GROUP && n->nkids == 1)
		n = n->kids[0];
	while (i < len) {
		const struct entry *e;
		const struct dict *d;

		if (!may_start(n->starts, s + i, len - i)) {
			size_t j = node_skip(n, s, i + lead_len(s[i]), len);

			put(out, s + i, j - i);
			i = j;
			continue;
		}
		if ((e = node_match(n, s + i, len - i, &d)) != NULL) {
			put(out, d->pool + e->voff, e->vlen);
			i += e->klen;
		} else {
			size_t l = lead_len(s[i]);

			put(out, s + i, l);
			i += l;
		}
	}
}

/*
 * The conversion chain over one segment, S[0..LEN).  FIRST stands in for
 * the first stage when not NULL; when SKIP, S is already the first
 * stage's output.
 */
static void
chain_from(struct zh_cc *cc, const unsigned char *s, size_t len,
	   const struct node *first, int skip, struct zh_buf *out)
{
	struct zh_buf *in = NULL, *to;
	size_t k = 0;

	if (skip) {
		if (cc->nchain == 1) {
			put(out, s, len);
			return;
		}
		k = 1;
	}
	for (; k < cc->nchain; k++) {
		const struct node *n = k == 0 && first != NULL ? first : cc->chain[k];

		to = k + 1 == cc->nchain ? out : (in == &cc->a ? &cc->b : &cc->a);
		if (to != out)
			zh_buf_clear(to);
		if (in == NULL)
			stage(n, s, len, to);
		else
			stage(n, (const unsigned char *)in->data, in->len, to);
		in = to;
	}
}

static void
chain(struct zh_cc *cc, const unsigned char *s, size_t len, struct zh_buf *out)
{
	chain_from(cc, s, len, NULL, 0, out);
}

size_t
zh_cc_match(const struct zh_cc *cc, const char *s, size_t n, const char **val,
	    size_t *vlen)
{
	const struct entry *e;
	const struct dict *d;

	if (cc->nchain == 0 || n == 0 ||
	    (e = node_match(cc->chain[0], (const unsigned char *)s, n, &d)) == NULL)
		return 0;
	*val = d->pool + e->voff;
	*vlen = e->vlen;
	return e->klen;
}

void
zh_cc_convert(struct zh_cc *cc, const char *text, size_t n, struct zh_buf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, start, k;
	const struct node *seg = cc->seg;

	if (n == 0)
		return;
	for (k = 0; k < cc->nnorm; k++) {
		struct zh_buf *to = s == (const unsigned char *)cc->n1.data ? &cc->n2 : &cc->n1;

		if (node_skip(cc->norm[k], s, 0, n) == n)
			continue;	/* nothing to normalise */
		zh_buf_clear(to);
		stage(cc->norm[k], s, n, to);
		s = (const unsigned char *)to->data;
		n = to->len;
		if (n == 0)
			return;
	}
	if (seg == NULL) {
		chain(cc, s, n, out);
		return;
	}
	/* Forward maximum matching: a key is a segment; the characters
	 * between keys make one segment together. */
	for (i = start = 0; i < n;) {
		const struct entry *e;
		const struct dict *d;

		if (!may_start(seg->starts, s + i, n - i)) {
			i += lead_len(s[i]);
			continue;
		}
		if ((e = node_match(seg, s + i, n - i, &d)) == NULL) {
			i += lead_len(s[i]);
			continue;
		}
		if (i > start)
			chain_from(cc, s + start, i - start, cc->rest, 0, out);
		if (cc->seg_first)
			chain_from(cc, (const unsigned char *)d->pool + e->voff,
				   e->vlen, NULL, 1, out);
		else
			chain(cc, s + i, e->klen, out);
		i += e->klen;
		start = i;
	}
	if (i > start)
		chain_from(cc, s + start, i - start, cc->rest, 0, out);
}
