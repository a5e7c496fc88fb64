/*
 * locate.h - finding rule tables and profiles, and loading them.
 *
 * Tables (NAME.rules), profiles (NAME.profile) and config overlays
 * (PROFILE.CONFIG.json) are looked up along a search path: the
 * directories of ZHNORM_RULES_PATH (or the caller's own list), then the
 * directory of zhnorm's installed data.  A name with a '/' or the suffix
 * is a path and is used as it is.
 */
#ifndef ZH_LOCATE_H
#define ZH_LOCATE_H

#include <stddef.h>

#include "error.h"
#include "table.h"

struct zh_search_path {
	char **dirs;
	size_t n;
};

/* Fills SP with the colon-separated directories of DIRS (NULL: none), then
 * DATADIR.  Free with zh_search_path_free. */
void zh_search_path_init(struct zh_search_path *sp, const char *dirs,
			 const char *datadir);
void zh_search_path_free(struct zh_search_path *sp);

/* Returns the first DIR/NAME SUFFIX that is a regular file, in memory the
 * caller frees, or NULL. */
char *zh_search(const struct zh_search_path *sp, const char *name,
		const char *suffix);

/* Is NAME a path rather than a name to look up ("a/b", "x.rules")? */
int zh_is_path(const char *name, const char *suffix);

/* Loads the table NAME (a name or a path) into RS.  Returns 0, or -1 with
 * ERR set. */
int zh_locate_table(struct zh_ruleset *rs, const struct zh_search_path *sp,
		    const char *name, struct zh_error *err);

/* Loads every table the profile PROFILE names, one a line ('#' starts a
 * comment); "none" names none.  Returns 0, or -1 with ERR set. */
int zh_locate_profile(struct zh_ruleset *rs, const struct zh_search_path *sp,
		      const char *profile, struct zh_error *err);

/* Calls FN for each profile along the path (one shadowed by an earlier
 * directory is skipped) with its name, the tables it names separated by
 * spaces, and its path. */
void zh_locate_profiles(const struct zh_search_path *sp,
			void (*fn)(void *ctx, const char *name,
				   const char *tables, const char *path),
			void *ctx);

#endif
