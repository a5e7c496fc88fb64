/*
 * locate.c - finding rule tables and profiles (see locate.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "locate.h"

#define MAX_DIRS	64

void
zh_search_path_init(struct zh_search_path *sp, const char *dirs,
		    const char *datadir)
{
	const char *s, *colon;

	sp->dirs = zh_xcalloc(MAX_DIRS, sizeof *sp->dirs);
	sp->n = 0;
	for (s = dirs; s != NULL && *s != '\0' && sp->n < MAX_DIRS - 2;
	     s = colon + 1) {
		colon = strchr(s, ':');
		if (colon == NULL)
			colon = s + strlen(s);
		if (colon > s)
			sp->dirs[sp->n++] = zh_xstrndup(s, (size_t)(colon - s));
		if (*colon == '\0')
			break;
	}
	sp->dirs[sp->n++] = zh_xstrdup(datadir);
}

void
zh_search_path_free(struct zh_search_path *sp)
{
	size_t i;

	if (sp->dirs == NULL)
		return;
	for (i = 0; i < sp->n; i++)
		free(sp->dirs[i]);
	free(sp->dirs);
	sp->dirs = NULL;
	sp->n = 0;
}

char *
zh_search(const struct zh_search_path *sp, const char *name,
	  const char *suffix)
{
	struct zh_buf b = ZH_BUF_INIT;
	struct stat st;
	size_t i;

	for (i = 0; i < sp->n; i++) {
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s/%s%s", sp->dirs[i], name, suffix);
		if (stat(zh_buf_cstr(&b), &st) == 0 && S_ISREG(st.st_mode))
			return zh_buf_detach(&b, NULL);
	}
	zh_buf_free(&b);
	return NULL;
}

int
zh_is_path(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return strchr(name, '/') != NULL ||
	       (n > k && strcmp(name + n - k, suffix) == 0);
}

/* Appends the search path to B, as "DIR:DIR". */
static void
dirs_text(const struct zh_search_path *sp, struct zh_buf *b)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		zh_buf_printf(b, "%s%s", i ? ":" : "", sp->dirs[i]);
}

int
zh_locate_table(struct zh_ruleset *rs, const struct zh_search_path *sp,
		const char *name, struct zh_error *err)
{
	struct zh_buf dirs = ZH_BUF_INIT;
	char *path;
	int rc;

	if (zh_is_path(name, ".rules"))
		path = zh_xstrdup(name);
	else if ((path = zh_search(sp, name, ".rules")) == NULL) {
		dirs_text(sp, &dirs);
		zh_error_set(err, NULL, 0, 0, "no rule table '%s' in %s", name,
			     zh_buf_cstr(&dirs));
		zh_buf_free(&dirs);
		return -1;
	}
	rc = zh_ruleset_load_file(rs, path, NULL, err);
	free(path);
	return rc;
}

/* The next table name a profile's line holds: *S is the line, changed in
 * place; returns NULL when the line names none. */
static char *
profile_entry(char *line)
{
	char *s = line + strspn(line, " \t"), *e;

	if (*s == '#')
		return NULL;
	e = s + strcspn(s, " \t\r\n#");
	if (e == s)
		return NULL;
	*e = '\0';
	return s;
}

int
zh_locate_profile(struct zh_ruleset *rs, const struct zh_search_path *sp,
		  const char *profile, struct zh_error *err)
{
	struct zh_buf dirs = ZH_BUF_INIT;
	char *path, *line = NULL, *s;
	size_t cap = 0;
	FILE *fp;
	int rc = 0;

	if (strcmp(profile, "none") == 0)
		return 0;	/* no default tables */
	path = zh_is_path(profile, ".profile") ? zh_xstrdup(profile) :
	       zh_search(sp, profile, ".profile");
	if (path == NULL) {
		dirs_text(sp, &dirs);
		zh_error_set(err, NULL, 0, 0,
			     "no profile '%s' in %s (see --list-profiles)",
			     profile, zh_buf_cstr(&dirs));
		zh_buf_free(&dirs);
		return -1;
	}
	fp = fopen(path, "r");
	if (fp == NULL) {
		zh_error_set(err, path, 0, 0, "%s", strerror(errno));
		free(path);
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, fp) > 0)
		if ((s = profile_entry(line)) != NULL)
			rc = zh_locate_table(rs, sp, s, err);
	if (rc == 0 && ferror(fp)) {	/* a directory (EISDIR), an I/O error */
		zh_error_set(err, path, 0, 0, "%s", strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(fp);
	free(path);
	return rc;
}

void
zh_locate_profiles(const struct zh_search_path *sp,
		   void (*fn)(void *ctx, const char *name, const char *tables,
			      const char *path),
		   void *ctx)
{
	struct zh_buf seen = ZH_BUF_INIT, path = ZH_BUF_INIT, tables = ZH_BUF_INIT;
	struct dirent *de;
	size_t i, n;
	DIR *dir;

	zh_buf_putc(&seen, '\n');
	for (i = 0; i < sp->n; i++) {
		if ((dir = opendir(sp->dirs[i])) == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			char *line = NULL, *s, key[300];
			size_t cap = 0;
			FILE *fp;

			n = strlen(de->d_name);
			if (n <= 8 || strcmp(de->d_name + n - 8, ".profile") != 0 ||
			    n > sizeof key - 3)
				continue;
			snprintf(key, sizeof key, "\n%.*s\n", (int)(n - 8), de->d_name);
			if (strstr(zh_buf_cstr(&seen), key) != NULL)
				continue;	/* shadowed by an earlier directory */
			zh_buf_puts(&seen, key + 1);
			zh_buf_clear(&path);
			zh_buf_printf(&path, "%s/%s", sp->dirs[i], de->d_name);
			if ((fp = fopen(zh_buf_cstr(&path), "r")) == NULL)
				continue;
			zh_buf_clear(&tables);
			while (getline(&line, &cap, fp) > 0)
				if ((s = profile_entry(line)) != NULL)
					zh_buf_printf(&tables, "%s%s",
						      tables.len ? " " : "", s);
			free(line);
			fclose(fp);
			key[n - 8 + 1] = '\0';
			fn(ctx, key + 1, zh_buf_cstr(&tables), zh_buf_cstr(&path));
		}
		closedir(dir);
	}
	zh_buf_free(&seen);
	zh_buf_free(&path);
	zh_buf_free(&tables);
}
