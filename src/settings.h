/*
 * settings.h - the per-project settings file, .zhnorm.
 *
 * A project keeps its defaults (the config, the profile, extra tables,
 * rules turned off...) in a file named .zhnorm in its top directory; zhnorm
 * run anywhere below it finds the file and starts from those values, and
 * its flags override them.  This module finds and parses the file; it
 * neither prints nor applies anything: main.c does that.
 *
 * The format is UTF-8 text, one setting a line:
 *
 *	# the house style of the press office
 *	config = s2tw
 *	profile = gov
 *	rules = house.rules		(repeatable)
 *	disable = punct.*		(repeatable)
 *	region = tw
 *	markup = markdown
 *	invalid = error
 *	jobs = 4
 *	engine = native
 *	opencc-data = bundled	(system, bundled or a directory)
 *
 * Blanks around keys and values are ignored, as are blank lines.  '#'
 * starts a comment at the start of a line or after a blank, so a value may
 * contain '#' when it is not preceded by one (a#b.rules).  A relative path
 * in config, profile or rules is relative to the directory of the settings
 * file, not to the current one.
 */
#ifndef ZH_SETTINGS_H
#define ZH_SETTINGS_H

#include <stddef.h>

#include "error.h"

/* The name of the settings file. */
#define ZH_SETTINGS_NAME ".zhnorm"

/* What a settings file sets.  A string is NULL and jobs is 0 when the file
 * does not set it.  Every value has been checked: region is cn, tw, hk or
 * none; markup text, html or markdown; invalid error or pass; jobs 1..1024.
 * Paths in config, profile and rules are already resolved against the
 * file's directory; names are left as they are. */
struct zh_settings {
	char *path;		/* the file the values came from */
	char *config;		/* a -c value: a name, a JSON path or none */
	char *profile;		/* a -p value: a name, a path or none */
	char **rules;		/* -r values, in file order */
	size_t nrules;
	char **disable;		/* --disable values, in file order */
	size_t ndisable;
	char *region;
	char *markup;
	char *invalid;
	int jobs;
	char *engine;		/* native or libopencc */
	char *opencc_data;	/* system, bundled, or a directory (resolved) */
};

/*
 * Looks for the settings file that applies to START_DIR (NULL: the current
 * directory): START_DIR/.zhnorm, else the one in the nearest parent.  The
 * search stops after the filesystem root, and after a directory that holds
 * .git (a file or a directory), the top of a repository.  Returns the
 * absolute path of the file in memory the caller frees, or NULL when there
 * is none (or START_DIR cannot be resolved).  A .zhnorm that is not a
 * regular file (a directory of that name) is passed over.
 */
char *zh_settings_find(const char *start_dir);

/*
 * Reads and checks the settings file PATH into S, which is cleared first.
 * Returns 0, or -1 with ERR filled ("FILE:LINE:COL: error: ..." for a bad
 * line; "FILE: ..." when the file cannot be read) and S left empty.  Either
 * way the caller releases S with zh_settings_free.
 */
int zh_settings_load(const char *path, struct zh_settings *s,
		     struct zh_error *err);

/* Releases what S holds and empties it; S may be reused. */
void zh_settings_free(struct zh_settings *s);

#endif
