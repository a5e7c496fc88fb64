/*
 * settings.c - finding and reading the .zhnorm settings file (see
 * settings.h).
 *
 * Where the search stops.  zh_settings_find walks from the start directory
 * up towards the root, like git looking for .git, and takes the first
 * .zhnorm it meets.  It also stops at the top of a repository (a directory
 * that holds .git), after looking in that directory itself.  A settings file
 * describes a project, and a repository is the unit a project is checked out
 * as: a .zhnorm above it (in a home directory, in a shared workspace) belongs
 * to someone else, and letting it in would make the same checkout convert
 * differently depending on where it was cloned, or on a CI machine compared
 * with a laptop.  .gitignore files stop at the same place, and .editorconfig
 * lets a file end its search with "root = true" for the same reason; here
 * the repository top is the root without being told.  Outside any
 * repository the walk goes on to the filesystem root, so a directory of
 * plain files can still have one.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"
#include "settings.h"
#include "utf8.h"

#define MAX_JOBS	1024
#define SHOWN_MAX	80	/* bytes of a bad value quoted in a message */

enum key {
	KEY_CONFIG,
	KEY_PROFILE,
	KEY_RULES,
	KEY_DISABLE,
	KEY_REGION,
	KEY_MARKUP,
	KEY_INVALID,
	KEY_JOBS,
	KEY_ENGINE,
	KEY_OPENCC_DATA,
	NKEYS
};

static const char *const regions[] = { "auto", "cn", "tw", "hk", "none", NULL };
static const char *const markups[] = { "text", "html", "markdown", NULL };
static const char *const invalids[] = { "error", "pass", NULL };
static const char *const engines[] = { "native", "libopencc", NULL };

static const struct key_info {
	const char *name;
	int repeatable;
	const char *path_suffix;	/* a value that looks like a path is one */
	const char *const *values;	/* the values allowed, or NULL: any */
	const char *values_text;	/* those values, for messages */
} keys[NKEYS] = {
	{ "config", 0, ".json", NULL, NULL },
	{ "profile", 0, ".profile", NULL, NULL },
	{ "rules", 1, ".rules", NULL, NULL },
	{ "disable", 1, NULL, NULL, NULL },
	{ "region", 0, NULL, regions, "auto, cn, tw, hk or none" },
	{ "markup", 0, NULL, markups, "text, html or markdown" },
	{ "invalid", 0, NULL, invalids, "error or pass" },
	{ "jobs", 0, NULL, NULL, NULL },
	{ "engine", 0, NULL, engines, "native or libopencc" },
	{ "opencc-data", 0, NULL, NULL, NULL }
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The 1-based column, in characters, of byte OFF of LINE. */
static unsigned long
column(const char *line, size_t off)
{
	return (unsigned long)zh_utf8_count(line, off) + 1;
}

/* How many bytes of S (valid UTF-8) to quote: at most SHOWN_MAX, ending on
 * a character boundary. */
static int
shown(const char *s)
{
	size_t n = strlen(s);

	if (n <= SHOWN_MAX)
		return (int)n;
	return (int)zh_utf8_char_start(s, n, SHOWN_MAX);
}

/* Does VALUE name a file rather than a table, profile or config by name?
 * The same test as main.c's: it has a '/' or ends with SUFFIX. */
static int
names_file(const char *value, const char *suffix)
{
	size_t n = strlen(value), k = strlen(suffix);

	return strchr(value, '/') != NULL ||
	       (n > k && strcmp(value + n - k, suffix) == 0);
}

/* Returns VALUE, or DIR/VALUE when VALUE is a relative path, in memory the
 * caller frees. */
static char *
resolve(const char *dir, const char *value, const char *suffix)
{
	struct zh_buf b = ZH_BUF_INIT;

	if (suffix == NULL || value[0] == '/' || !names_file(value, suffix))
		return zh_xstrdup(value);
	zh_buf_printf(&b, "%s/%s", dir, value);
	return zh_buf_detach(&b, NULL);
}

static void
push(char ***list, size_t *n, char *value)
{
	*list = zh_xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = value;
}

/* Checks VALUE for key K; fills ERR and returns -1 when it is wrong. */
static int
check_value(enum key k, const char *value, int *jobs, const char *path,
	    unsigned long lineno, unsigned long col, struct zh_error *err)
{
	const struct key_info *ki = &keys[k];
	size_t i;

	if (ki->values != NULL) {
		for (i = 0; ki->values[i] != NULL; i++)
			if (strcmp(value, ki->values[i]) == 0)
				return 0;
		return zh_error_set(err, path, lineno, col,
				    "%s takes %s, not '%.*s'", ki->name,
				    ki->values_text, shown(value), value);
	}
	if (k == KEY_JOBS) {
		long n = 0;

		for (i = 0; value[i] >= '0' && value[i] <= '9' && n <= MAX_JOBS; i++)
			n = n * 10 + (value[i] - '0');
		if (value[i] != '\0' || n < 1 || n > MAX_JOBS)
			return zh_error_set(err, path, lineno, col,
					    "jobs takes a number from 1 to %d, not '%.*s'",
					    MAX_JOBS, shown(value), value);
		*jobs = (int)n;
	}
	return 0;
}

/* Parses one line (LINE[0..LEN), without its newline) into S. */
static int
parse_line(struct zh_settings *s, const char *dir, char *line, size_t len,
	   unsigned long lineno, unsigned long *first_line,
	   struct zh_error *err)
{
	const char *path = s->path;
	char *key, *key_end, *eq, *value, *value_end, *p;
	size_t valid;
	enum key k;
	int jobs = 0;

	if ((p = memchr(line, '\0', len)) != NULL)
		return zh_error_set(err, path, lineno, column(line, p - line),
				    "NUL byte");
	if ((valid = zh_utf8_valid_prefix(line, len)) < len)
		return zh_error_set(err, path, lineno, column(line, valid),
				    "invalid UTF-8");
	line[len] = '\0';

	/* A comment starts at '#' first on the line or after a blank. */
	for (p = line; *p != '\0'; p++)
		if (*p == '#' && (p == line || is_blank(p[-1]))) {
			*p = '\0';
			break;
		}
	for (key = line; is_blank(*key); key++)
		;
	if (*key == '\0')
		return 0;
	if ((eq = strchr(key, '=')) == NULL)
		return zh_error_set(err, path, lineno, column(line, key - line),
				    "expected 'key = value'");
	for (key_end = eq; key_end > key && is_blank(key_end[-1]); key_end--)
		;
	if (key_end == key)
		return zh_error_set(err, path, lineno, column(line, eq - line),
				    "no key before '='");
	for (value = eq + 1; is_blank(*value); value++)
		;
	for (value_end = value + strlen(value);
	     value_end > value && is_blank(value_end[-1]); value_end--)
		;
	*key_end = '\0';
	*value_end = '\0';

	for (k = 0; k < NKEYS; k++)
		if (strcmp(key, keys[k].name) == 0)
			break;
	if (k == NKEYS)
		return zh_error_set(err, path, lineno, column(line, key - line),
				    "unknown key '%.*s' (the keys are config, profile, "
				    "rules, disable, region, markup, invalid, jobs, engine and opencc-data)",
				    shown(key), key);
	if (!keys[k].repeatable && first_line[k] != 0)
		return zh_error_set(err, path, lineno, column(line, key - line),
				    "%s is set twice (first on line %lu)",
				    keys[k].name, first_line[k]);
	if (*value == '\0')
		return zh_error_set(err, path, lineno, column(line, eq + 1 - line),
				    "%s needs a value", keys[k].name);
	if (check_value(k, value, &jobs, path, lineno,
			column(line, value - line), err) < 0)
		return -1;
	first_line[k] = lineno;

	switch (k) {
	case KEY_CONFIG:
		s->config = resolve(dir, value, keys[k].path_suffix);
		break;
	case KEY_PROFILE:
		s->profile = resolve(dir, value, keys[k].path_suffix);
		break;
	case KEY_RULES:
		push(&s->rules, &s->nrules,
		     resolve(dir, value, keys[k].path_suffix));
		break;
	case KEY_DISABLE:
		push(&s->disable, &s->ndisable, zh_xstrdup(value));
		break;
	case KEY_REGION:
		s->region = zh_xstrdup(value);
		break;
	case KEY_MARKUP:
		s->markup = zh_xstrdup(value);
		break;
	case KEY_INVALID:
		s->invalid = zh_xstrdup(value);
		break;
	case KEY_JOBS:
		s->jobs = jobs;
		break;
	case KEY_ENGINE:
		s->engine = zh_xstrdup(value);
		break;
	case KEY_OPENCC_DATA:
		/* system, bundled, or a directory (relative to the file's). */
		if (strcmp(value, "system") == 0 || strcmp(value, "bundled") == 0 ||
		    value[0] == '/') {
			s->opencc_data = zh_xstrdup(value);
		} else {
			struct zh_buf b = ZH_BUF_INIT;

			zh_buf_printf(&b, "%s/%s", dir, value);
			s->opencc_data = zh_buf_detach(&b, NULL);
		}
		break;
	default:
		break;
	}
	return 0;
}

int
zh_settings_load(const char *path, struct zh_settings *s,
		 struct zh_error *err)
{
	unsigned long first_line[NKEYS] = { 0 }, lineno = 0;
	char *line = NULL, *dir, *slash, *text;
	size_t cap = 0, len;
	ssize_t n;
	struct stat st;
	FILE *fp;
	int rc = 0;

	memset(s, 0, sizeof *s);
	if ((fp = fopen(path, "r")) == NULL)
		return zh_error_set(err, path, 0, 0, "%s", strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return zh_error_set(err, path, 0, 0, "is a directory");
	}
	s->path = zh_xstrdup(path);
	slash = strrchr(path, '/');
	dir = slash == NULL ? zh_xstrdup(".") :
	      slash == path ? zh_xstrdup("/") :
	      zh_xstrndup(path, (size_t)(slash - path));
	if (strcmp(dir, "/") == 0)
		dir[0] = '\0';	/* so that DIR/VALUE is /VALUE */

	while (rc == 0 && (n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		len = (size_t)n;
		if (line[len - 1] == '\n')
			len--;
		text = line;
		/* A byte order mark, as some editors write, is no text. */
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			text += 3;
			len -= 3;
		}
		rc = parse_line(s, dir, text, len, lineno, first_line, err);
	}
	if (rc == 0 && ferror(fp))
		rc = zh_error_set(err, path, 0, 0, "%s", strerror(errno));
	free(line);
	free(dir);
	fclose(fp);
	if (rc < 0) {
		zh_settings_free(s);
		return -1;
	}
	return 0;
}

void
zh_settings_free(struct zh_settings *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrules; i++)
		free(s->rules[i]);
	for (i = 0; i < s->ndisable; i++)
		free(s->disable[i]);
	free(s->rules);
	free(s->disable);
	free(s->path);
	free(s->config);
	free(s->profile);
	free(s->region);
	free(s->markup);
	free(s->invalid);
	free(s->engine);
	free(s->opencc_data);
	memset(s, 0, sizeof *s);
}

char *
zh_settings_find(const char *start_dir)
{
	struct zh_buf b = ZH_BUF_INIT;
	struct stat st;
	char *dir, *slash;
	int top;

	if ((dir = realpath(start_dir != NULL ? start_dir : ".", NULL)) == NULL)
		return NULL;
	for (;;) {
		top = strcmp(dir, "/") == 0;
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s/%s", top ? "" : dir, ZH_SETTINGS_NAME);
		if (stat(zh_buf_cstr(&b), &st) == 0 && S_ISREG(st.st_mode)) {
			free(dir);
			return zh_buf_detach(&b, NULL);
		}
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s/.git", top ? "" : dir);
		if (top || lstat(zh_buf_cstr(&b), &st) == 0)
			break;
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
	zh_buf_free(&b);
	return NULL;
}
