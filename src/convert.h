/*
 * convert.h - the conversion stage: OpenCC, and the table of its configs.
 *
 * The stage converts every part of a line that OpenCC can take: runs of
 * valid UTF-8 without NUL bytes, outside protected ranges.  Everything else
 * (invalid bytes let through by --invalid=pass, NULs, protected text) is
 * copied as it is, which OpenCC's own command line does not do.
 */
#ifndef ZH_CONVERT_H
#define ZH_CONVERT_H

#include <stddef.h>

#include "buf.h"
#include "cc.h"
#include "error.h"
#include "record.h"
#include "table.h"

/* What zhnorm knows about each of OpenCC's stock configs. */
struct zh_config_info {
	const char *name;	/* "s2tw"; the file is NAME.json */
	const char *desc;	/* one line for --list-configs */
	enum zh_script from;	/* the script of the input */
	enum zh_script to;	/* the script of the output */
	unsigned region;	/* ZH_REGION_* of the output, 0 when none */
	int opencc14;		/* only in OpenCC 1.4's data (--opencc-data=bundled) */
};

/* The stock configs, ending with an entry whose name is NULL. */
extern const struct zh_config_info zh_configs[];

/* Looks NAME up among the stock configs, with or without ".json".
 * Returns NULL when it is not one of them. */
const struct zh_config_info *zh_config_find(const char *name);

struct zh_converter;

/* The engines a converter can run on. */
enum zh_engine_kind {
	ZH_ENGINE_LIBOPENCC,	/* Debian's libopencc, the reference */
	ZH_ENGINE_NATIVE	/* zhnorm's own (cc.h) */
};

struct zh_convert_opts {
	enum zh_engine_kind engine;
	struct zh_cc_options cc;	/* for ZH_ENGINE_NATIVE */
};

/* Opens the OpenCC config at PATH (a file name OpenCC resolves itself, such
 * as "s2t.json", or a path) with libopencc.  Returns a converter the caller
 * closes with zh_converter_close, or NULL with ERR set. */
struct zh_converter *zh_converter_open(const char *path, struct zh_error *err);
/* The same with the engine OPT names (NULL: libopencc).  The native engine
 * takes a path only: a bare name is looked for in OPT->cc.datadir. */
struct zh_converter *zh_converter_open_with(const char *path,
					    const struct zh_convert_opts *opt,
					    struct zh_error *err);
void zh_converter_close(struct zh_converter *c);

/* Lets runs of pure ASCII bypass OpenCC.  Only for configs none of whose
 * dictionary keys is pure ASCII (every key of OpenCC's stock dictionaries
 * has a Han character, and so has every key of zhnorm's overlays): then
 * such a run can neither match a key nor change, and the output stays
 * byte-identical. */
void zh_converter_skip_ascii(struct zh_converter *c, int on);

/* Converts S[0..N), which must be valid UTF-8 without NUL bytes, appending
 * the result to OUT.  Returns 0, or -1 with ERR set. */
int zh_converter_run(struct zh_converter *c, const char *s, size_t n,
		     struct zh_buf *out, struct zh_error *err);

/* Converts the record's text in place (see the top of this file).  In
 * tracking mode each changed piece becomes an edit and a finding with a
 * NULL rule.  Returns the number of changes (changed runs; in tracking
 * mode, changed pieces), or -1 with ERR set. */
long zh_convert_record(struct zh_converter *c, struct zh_record *rec,
		       struct zh_error *err);

#endif
