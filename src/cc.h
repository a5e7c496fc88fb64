/*
 * cc.h - zhnorm's own conversion engine, on OpenCC's configs and data.
 *
 * The model is OpenCC's: the text is optionally normalised (each
 * normalisation stage rewrites the whole text), cut into segments by
 * forward maximum matching over the segmentation dictionary (runs of
 * characters that start no key form one segment together), and each
 * segment goes through every stage of the conversion chain in turn.  A
 * stage rewrites its segment from left to right: the longest key that is a
 * prefix of what is left of the segment is replaced by its first value, or
 * else one character is copied.  Without a segmentation the whole text is
 * one segment.
 *
 * Dictionaries are of type "text" (KEY<TAB>VALUE[ VALUE]... a line),
 * "ocd2" (read by converting them once to text with OpenCC's opencc_dict
 * tool, into a cache), "inline" (entries in the JSON), or "group" (member
 * dictionaries; "match_policy" "short_circuit", the default, takes the
 * first member with any match, "union" the longest match over all).
 * Members marked "may_output_tofu" are left out unless asked for.
 *
 * Loaded dictionaries are shared, read-only, by every converter of the
 * process; a converter itself belongs to one thread.
 */
#ifndef ZH_CC_H
#define ZH_CC_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

struct zh_cc_options {
	int tofu;		/* keep may_output_tofu dictionaries */
	const char *datadir;	/* where files not beside the config are
				 * looked for; NULL: nowhere else */
	const char *opencc_dict;	/* the opencc_dict program, for ocd2;
					 * NULL: "opencc_dict" on PATH */
	const char *cache_dir;	/* for ocd2 converted to text; NULL:
				 * $XDG_CACHE_HOME/zhnorm or ~/.cache/zhnorm,
				 * and a temporary file when neither works */
	const char *compiled_dir;	/* where NAME.zhd, the compiled form of
					 * a text dictionary NAME.txt, is looked
					 * for first; NULL: nowhere */
	int no_merge;		/* match groups member by member, never
				 * through a merged dictionary (for tests
				 * of the merge) */
};

struct zh_cc;

/* Opens the config at PATH.  OPT may be NULL (all defaults).  Returns a
 * converter the caller closes with zh_cc_close, or NULL with ERR set
 * (naming the file, and the line for a dictionary). */
struct zh_cc *zh_cc_open(const char *path, const struct zh_cc_options *opt,
			 struct zh_error *err);
void zh_cc_close(struct zh_cc *cc);

/* Converts S[0..N), valid UTF-8, appending the result to OUT.  It cannot
 * fail. */
void zh_cc_convert(struct zh_cc *cc, const char *s, size_t n,
		   struct zh_buf *out);

/* The longest key of the first stage of the chain that S[0..N) starts
 * with: returns its length in bytes, and points *VAL at its first value
 * (*VLEN bytes, owned by the converter); 0 when no key matches. */
size_t zh_cc_match(const struct zh_cc *cc, const char *s, size_t n,
		   const char **val, size_t *vlen);

/* How the groups of CC's config were merged (see zh_cc_compile_merged):
 * *BUILT at load time, for want of a compiled merged dictionary, and
 * *MISSING not at all, being too large to merge at load time.  For tests:
 * with the bundled data both are 0. */
void zh_cc_merges(const struct zh_cc *cc, size_t *built, size_t *missing);

/* Loads one text dictionary from PATH, for tests and tools: returns the
 * number of entries, or -1 with ERR set. */
long zh_cc_check_text_dict(const char *path, struct zh_error *err);

/*
 * Compiles the text dictionary TXT into OUT, the form that is mapped and
 * used in place (a header with a magic, a format version, the size and
 * checksum of TXT, and a checksum of the rest).  A compiled file is used
 * only while TXT is unchanged; a damaged one is an error.  Returns 0, or
 * -1 with ERR set.
 */
int zh_cc_compile(const char *txt, const char *out, struct zh_error *err);

/*
 * Compiles the text dictionaries TXTS[0..N) merged into OUT: their keys in
 * that order, a key's first value kept, as a group of them is matched
 * through (a union; or a short circuit whose members after the first have
 * only one-character keys).  The header holds a checksum over the texts'
 * sizes and checksums.  Named DIR/A+B+C.zhd for A.txt, B.txt and C.txt,
 * it is mapped for such a group when current.  Returns 0, or -1 with ERR
 * set.
 */
int zh_cc_compile_merged(const char *const *txts, size_t n, const char *out,
			 struct zh_error *err);

#endif
