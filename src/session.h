/*
 * session.h - setting up a run: from choices to a pipeline.
 *
 * A session turns what a front end was asked for (a config, a profile,
 * tables, rules to disable, a region, the engine and its data) into what
 * the stages need: the rule set and its engine, the OpenCC config to open,
 * the rules' placement before and after conversion, and the pipeline
 * shared by workers.  zhnorm(1) and libzhnorm (zhnorm.h) both start here,
 * so they find, load and decide the same way.  It prints nothing: every
 * failure is a struct zh_error with a code of zhnorm.h.
 */
#ifndef ZH_SESSION_H
#define ZH_SESSION_H

#include <limits.h>
#include <stddef.h>

#include "convert.h"
#include "error.h"
#include "locate.h"
#include "pipeline.h"
#include "rules.h"
#include "table.h"

struct zh_session_opts {
	const char *config;		/* stock name, JSON path or "none" */
	const char *profile;		/* "none": no profile */
	const char *const *tables;	/* after the profile's */
	size_t ntables;
	int only_tables;		/* load TABLES alone: no profile, no
					 * file disables (--test-rules FILE) */
	const char *const *disable;	/* each must match a rule */
	size_t ndisable;
	/* A settings file's disables: an id that matches nothing is an
	 * error only when FILE_DISABLE_STRICT (the file's own tables are
	 * in use); FILE_PATH names the file in the message. */
	const char *const *file_disable;
	size_t nfile_disable;
	const char *file_path;
	int file_disable_strict;
	int no_rules;
	const char *region;		/* "cn", "tw", "hk", "none"; NULL */
	enum zh_engine_kind engine;
	const char *opencc_data;	/* "system", "bundled", a DIR; NULL:
					 * bundled for the native engine,
					 * system for libopencc */
	int tofu;
	/* Where things are: the search path before the data directory,
	 * the data directory (tables, profiles), the bundled OpenCC data
	 * (text and compiled), the system's OpenCC data. */
	const char *rules_path;
	const char *datadir;
	const char *bundled_dir;
	const char *bundled_compiled;
	const char *system_dir;
	const char *opencc_dict;	/* the opencc_dict program */
	/* What the pipeline does with each input. */
	int check, diff;
	enum zh_format format;
	int invalid_pass;
	enum zh_markup markup;
	int markup_guess;
	int keep_markers;
	int keep_lang;			/* leave lang="..." as it is */
	int no_prefilter;		/* every rule on every line (tests) */
	int setup_only;			/* tables only: no OpenCC, no engine
					 * (listing and testing rules) */
};

struct zh_session {
	struct zh_search_path sp;
	struct zh_ruleset rs;
	struct zh_engine *engine;	/* NULL: no rules */
	struct zh_placement place;
	/* --region=auto (the default of -c none): the placement and engine
	 * for text of each script, by enum zh_script (ANY, HANS, HANT), for
	 * writing and for checking; made as zh_session_pipeline needs them. */
	int region_auto;
	int no_engine;			/* no rules run (--no-rules, listing) */
	struct zh_engine *by_script[2][3];
	struct zh_convert_opts copts;
	const struct zh_config_info *ci;	/* the stock config, or NULL */
	char *opencc_path;		/* NULL: no conversion */
	struct zh_pipeline pipe;	/* for workers: see pipeline.h */
	/* The first converter, opened while the tables compiled; whoever
	 * starts workers takes it over (zh_session_take_converter). */
	struct zh_converter *first;
	char bundled[PATH_MAX], compiled[PATH_MAX];
	/* The residue repair (repair.h): its configs, and one kept open. */
	int repair_off;			/* disabled by its rule id */
	struct zh_repair_conf rconf;
	char *rpaths[3];
	char rbundled[PATH_MAX], rcompiled[PATH_MAX];	/* the repair's data */
	struct zh_repair *rhold;
};

/*
 * Sets up S for OPTS.  Returns 0, or -1 with ERR set (its code one of
 * zhnorm.h's); S is then to be freed all the same.  Free with
 * zh_session_free.
 */
int zh_session_open(struct zh_session *s, const struct zh_session_opts *opts,
		    struct zh_error *err);
void zh_session_free(struct zh_session *s);

/* The converter opened by zh_session_open, which the caller now owns
 * (NULL when not converting, or when taken already). */
struct zh_converter *zh_session_take_converter(struct zh_session *s);

/* Fills P with the pipeline of the session for writing text (CHECK 0) or
 * for --check (1), making the engines that needs; the session keeps them.
 * Not to be called while workers of another pipeline of S are being
 * made. */
void zh_session_pipeline(struct zh_session *s, int check, struct zh_pipeline *p);

/* Parses a region's name: "cn", "tw", "hk" or "none" (0).  Returns 0, or
 * -1 when S is none of them; "auto" is not a region (see
 * struct zh_session). */
int zh_region_parse(const char *s, unsigned *region);

#endif
