/*
 * check_settings.c - unit tests of the .zhnorm settings file (settings.c):
 * every key, comments and blanks, paths relative to the file, every error,
 * and the search up the directory tree with its stop at a repository top.
 *
 * Each test works in a directory of its own made with mkdtemp under /tmp
 * and removed afterwards; the top of it holds .git, so that no .zhnorm
 * above /tmp can leak into the search tests.
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "settings.h"

static char top[PATH_MAX];	/* the test's directory, resolved */
static char saved_cwd[PATH_MAX];
static struct zh_settings s;
static struct zh_error err;

static void
setup(void)
{
	char tmpl[] = "/tmp/zhnorm-settings.XXXXXX";
	char *real;

	ck_assert_ptr_nonnull(getcwd(saved_cwd, sizeof saved_cwd));
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	real = realpath(tmpl, NULL);
	ck_assert_ptr_nonnull(real);
	snprintf(top, sizeof top, "%s", real);
	free(real);
	memset(&s, 0, sizeof s);
	zh_error_clear(&err);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
teardown(void)
{
	zh_settings_free(&s);
	if (chdir(saved_cwd) != 0)
		perror(saved_cwd);
	nftw(top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Returns TOP/REL in a static buffer (one of two, so two can be used). */
static const char *
at(const char *rel)
{
	static char bufs[2][PATH_MAX + 64];
	static int which;

	which = !which;
	snprintf(bufs[which], sizeof bufs[which], "%s/%s", top, rel);
	return bufs[which];
}

static void
make_dir(const char *rel)
{
	ck_assert_msg(mkdir(at(rel), 0755) == 0, "mkdir %s", rel);
}

/* Writes the N bytes of TEXT to TOP/REL. */
static void
write_file_n(const char *rel, const char *text, size_t n)
{
	FILE *fp = fopen(at(rel), "w");

	ck_assert_msg(fp != NULL, "cannot create %s", rel);
	ck_assert_uint_eq(fwrite(text, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
write_file(const char *rel, const char *text)
{
	write_file_n(rel, text, strlen(text));
}

/* Writes TEXT to TOP/.zhnorm and loads it, which must succeed. */
static void
load_ok(const char *text)
{
	write_file(".zhnorm", text);
	zh_settings_free(&s);
	ck_assert_msg(zh_settings_load(at(".zhnorm"), &s, &err) == 0,
		      "unexpected error: %s:%lu:%lu: %s", err.file, err.line,
		      err.col, err.msg);
	ck_assert_str_eq(s.path, at(".zhnorm"));
}

/* Checks that S is empty, as it must be after a failed load. */
static void
expect_empty(void)
{
	ck_assert_ptr_null(s.path);
	ck_assert_ptr_null(s.config);
	ck_assert_ptr_null(s.profile);
	ck_assert_ptr_null(s.rules);
	ck_assert_uint_eq(s.nrules, 0);
	ck_assert_ptr_null(s.disable);
	ck_assert_uint_eq(s.ndisable, 0);
	ck_assert_ptr_null(s.region);
	ck_assert_ptr_null(s.markup);
	ck_assert_ptr_null(s.invalid);
	ck_assert_int_eq(s.jobs, 0);
}

/* Writes the N bytes of TEXT to TOP/.zhnorm, loads it, and checks that it
 * fails at LINE:COL with a message that contains WANT. */
static void
load_bad_n(const char *text, size_t n, unsigned long line, unsigned long col,
	   const char *want)
{
	write_file_n(".zhnorm", text, n);
	zh_settings_free(&s);
	zh_error_clear(&err);
	ck_assert_msg(zh_settings_load(at(".zhnorm"), &s, &err) == -1,
		      "no error for \"%s\"", text);
	ck_assert_str_eq(err.file, at(".zhnorm"));
	ck_assert_msg(err.line == line && err.col == col &&
		      strstr(err.msg, want) != NULL,
		      "got %lu:%lu: %s, want %lu:%lu: ...%s...", err.line,
		      err.col, err.msg, line, col, want);
	expect_empty();
}

static void
load_bad(const char *text, unsigned long line, unsigned long col,
	 const char *want)
{
	load_bad_n(text, strlen(text), line, col, want);
}

/* ---- the keys ------------------------------------------------------- */

START_TEST(test_empty_file)
{
	load_ok("");
	ck_assert_ptr_null(s.config);
	ck_assert_ptr_null(s.profile);
	ck_assert_uint_eq(s.nrules, 0);
	ck_assert_uint_eq(s.ndisable, 0);
	ck_assert_ptr_null(s.region);
	ck_assert_ptr_null(s.markup);
	ck_assert_ptr_null(s.invalid);
	ck_assert_int_eq(s.jobs, 0);
	load_ok("# only a comment\n\n   \n\t# another\n");
	ck_assert_ptr_null(s.config);
	ck_assert_uint_eq(s.nrules, 0);
}
END_TEST

START_TEST(test_config)
{
	load_ok("config = s2tw\n");
	ck_assert_str_eq(s.config, "s2tw");
	load_ok("config = none\n");
	ck_assert_str_eq(s.config, "none");
	/* A JSON file next to the settings file, by a relative path. */
	load_ok("config = my.json\n");
	ck_assert_str_eq(s.config, at("my.json"));
	load_ok("config = conf/s2tw.json\n");
	ck_assert_str_eq(s.config, at("conf/s2tw.json"));
	load_ok("config = /usr/share/opencc/s2tw.json\n");
	ck_assert_str_eq(s.config, "/usr/share/opencc/s2tw.json");
}
END_TEST

START_TEST(test_profile)
{
	load_ok("profile = tech\n");
	ck_assert_str_eq(s.profile, "tech");
	load_ok("profile = none\n");
	ck_assert_str_eq(s.profile, "none");
	load_ok("profile = house.profile\n");
	ck_assert_str_eq(s.profile, at("house.profile"));
	load_ok("profile = ../shared/house\n");
	ck_assert_str_eq(s.profile, at("../shared/house"));
	load_ok("profile = /etc/zhnorm/house.profile\n");
	ck_assert_str_eq(s.profile, "/etc/zhnorm/house.profile");
}
END_TEST

START_TEST(test_rules_repeat)
{
	load_ok("rules = punct\n"
		"rules = house.rules\n"
		"rules = tables/names.rules\n"
		"rules = /opt/zh/extra.rules\n"
		"rules = spacing\n");
	ck_assert_uint_eq(s.nrules, 5);
	/* Names are left for the rule path; paths are resolved. */
	ck_assert_str_eq(s.rules[0], "punct");
	ck_assert_str_eq(s.rules[1], at("house.rules"));
	ck_assert_str_eq(s.rules[2], at("tables/names.rules"));
	ck_assert_str_eq(s.rules[3], "/opt/zh/extra.rules");
	ck_assert_str_eq(s.rules[4], "spacing");
}
END_TEST

START_TEST(test_disable_repeat)
{
	load_ok("disable = punct.comma\n"
		"disable = spacing.*\n"
		"disable = numbers/x\n");
	ck_assert_uint_eq(s.ndisable, 3);
	ck_assert_str_eq(s.disable[0], "punct.comma");
	ck_assert_str_eq(s.disable[1], "spacing.*");
	/* A rule id or glob is never a path, even with a '/'. */
	ck_assert_str_eq(s.disable[2], "numbers/x");
}
END_TEST

START_TEST(test_region)
{
	static const char *const ok[] = { "cn", "tw", "hk", "none" };
	char text[64];
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(text, sizeof text, "region = %s\n", ok[i]);
		load_ok(text);
		ck_assert_str_eq(s.region, ok[i]);
	}
}
END_TEST

START_TEST(test_markup)
{
	static const char *const ok[] = { "text", "html", "markdown" };
	char text[64];
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(text, sizeof text, "markup = %s\n", ok[i]);
		load_ok(text);
		ck_assert_str_eq(s.markup, ok[i]);
	}
}
END_TEST

START_TEST(test_invalid)
{
	load_ok("invalid = error\n");
	ck_assert_str_eq(s.invalid, "error");
	load_ok("invalid = pass\n");
	ck_assert_str_eq(s.invalid, "pass");
}
END_TEST

START_TEST(test_jobs)
{
	load_ok("jobs = 1\n");
	ck_assert_int_eq(s.jobs, 1);
	load_ok("jobs = 8\n");
	ck_assert_int_eq(s.jobs, 8);
	load_ok("jobs = 1024\n");
	ck_assert_int_eq(s.jobs, 1024);
	load_ok("jobs = 0016\n");
	ck_assert_int_eq(s.jobs, 16);
}
END_TEST

START_TEST(test_all_keys)
{
	load_ok("# the press office\n"
		"config = s2twp\n"
		"profile = gov\n"
		"rules = house.rules\n"
		"disable = punct.comma\n"
		"region = tw\n"
		"markup = html\n"
		"invalid = pass\n"
		"jobs = 2\n"
		"rules = names\n"
		"disable = spacing.*\n");
	ck_assert_str_eq(s.config, "s2twp");
	ck_assert_str_eq(s.profile, "gov");
	ck_assert_uint_eq(s.nrules, 2);
	ck_assert_str_eq(s.rules[0], at("house.rules"));
	ck_assert_str_eq(s.rules[1], "names");
	ck_assert_uint_eq(s.ndisable, 2);
	ck_assert_str_eq(s.disable[0], "punct.comma");
	ck_assert_str_eq(s.disable[1], "spacing.*");
	ck_assert_str_eq(s.region, "tw");
	ck_assert_str_eq(s.markup, "html");
	ck_assert_str_eq(s.invalid, "pass");
	ck_assert_int_eq(s.jobs, 2);
	/* Free empties it, and freeing twice is harmless. */
	zh_settings_free(&s);
	expect_empty();
	zh_settings_free(&s);
	zh_settings_free(NULL);
}
END_TEST

/* ---- blanks, comments, line ends ------------------------------------ */

START_TEST(test_blanks)
{
	load_ok("  \tconfig\t=\ts2hk  \t\n"
		"profile=tech\n"
		"   rules   =   my tables/a b.rules   \n");
	ck_assert_str_eq(s.config, "s2hk");
	ck_assert_str_eq(s.profile, "tech");
	/* Blanks inside a value are kept. */
	ck_assert_str_eq(s.rules[0], at("my tables/a b.rules"));
}
END_TEST

START_TEST(test_comments)
{
	load_ok("# a comment\n"
		"   # an indented comment = not a setting\n"
		"config = t2s # after a blank\n"
		"rules = a#b.rules\n"
		"disable = x.y\t# after a tab\n");
	ck_assert_str_eq(s.config, "t2s");
	ck_assert_str_eq(s.rules[0], at("a#b.rules"));
	ck_assert_str_eq(s.disable[0], "x.y");
	/* '#' glued to a value is part of it, so this one is wrong. */
	load_bad("region = tw#\n", 1, 10, "region takes auto, cn, tw, hk or none, not 'tw#'");
}
END_TEST

START_TEST(test_line_ends)
{
	/* CRLF line ends, a missing final newline, and a leading BOM. */
	load_ok("\xef\xbb\xbf" "config = s2t\r\n"
		"profile = gov\r\n"
		"jobs = 3");
	ck_assert_str_eq(s.config, "s2t");
	ck_assert_str_eq(s.profile, "gov");
	ck_assert_int_eq(s.jobs, 3);
}
END_TEST

START_TEST(test_utf8_values)
{
	load_ok("rules = 规则/公文.rules\n"
		"disable = 公文.*\n");
	ck_assert_str_eq(s.rules[0], at("规则/公文.rules"));
	ck_assert_str_eq(s.disable[0], "公文.*");
}
END_TEST

/* ---- paths relative to the file ------------------------------------- */

START_TEST(test_relative_to_file)
{
	make_dir("proj");
	make_dir("proj/sub");
	make_dir("elsewhere");
	write_file("proj/.zhnorm", "rules = house.rules\n"
		   "rules = tables/x.rules\n"
		   "config = s2tw.json\n"
		   "profile = p.profile\n");
	/* From another directory, by an absolute path. */
	ck_assert_int_eq(chdir(at("elsewhere")), 0);
	ck_assert_int_eq(zh_settings_load(at("proj/.zhnorm"), &s, &err), 0);
	ck_assert_str_eq(s.rules[0], at("proj/house.rules"));
	ck_assert_str_eq(s.rules[1], at("proj/tables/x.rules"));
	ck_assert_str_eq(s.config, at("proj/s2tw.json"));
	ck_assert_str_eq(s.profile, at("proj/p.profile"));
	zh_settings_free(&s);

	/* By a relative path: the result is relative to the same place. */
	ck_assert_int_eq(chdir(top), 0);
	ck_assert_int_eq(zh_settings_load("proj/.zhnorm", &s, &err), 0);
	ck_assert_str_eq(s.path, "proj/.zhnorm");
	ck_assert_str_eq(s.rules[0], "proj/house.rules");
	zh_settings_free(&s);
	ck_assert_int_eq(chdir(at("proj/sub")), 0);
	ck_assert_int_eq(zh_settings_load("../.zhnorm", &s, &err), 0);
	ck_assert_str_eq(s.rules[0], "../house.rules");
	zh_settings_free(&s);

	/* A bare file name: the current directory. */
	ck_assert_int_eq(chdir(at("proj")), 0);
	ck_assert_int_eq(zh_settings_load(".zhnorm", &s, &err), 0);
	ck_assert_str_eq(s.rules[0], "./house.rules");
	ck_assert_str_eq(s.rules[1], "./tables/x.rules");
}
END_TEST

START_TEST(test_other_file_name)
{
	/* --settings=FILE may name any file. */
	write_file("team.conf", "profile = tech\nrules = t.rules\n");
	ck_assert_int_eq(zh_settings_load(at("team.conf"), &s, &err), 0);
	ck_assert_str_eq(s.path, at("team.conf"));
	ck_assert_str_eq(s.profile, "tech");
	ck_assert_str_eq(s.rules[0], at("t.rules"));
}
END_TEST

/* ---- errors --------------------------------------------------------- */

START_TEST(test_unknown_key)
{
	load_bad("config = s2t\n  colour = red\n", 2, 3,
		 "unknown key 'colour'");
	load_bad("Config = s2t\n", 1, 1, "unknown key 'Config'");
	load_bad("con fig = s2t\n", 1, 1, "unknown key 'con fig'");
	load_bad("rule = x\n", 1, 1, "the keys are config, profile, rules");
	/* The column counts characters, not bytes. */
	load_bad("汉字 = x\n", 1, 1, "unknown key '汉字'");
	load_bad("\t配置 = x\n", 1, 2, "unknown key '配置'");
}
END_TEST

START_TEST(test_not_a_setting)
{
	load_bad("config\n", 1, 1, "expected 'key = value'");
	load_bad("\n\n   s2tw\n", 3, 4, "expected 'key = value'");
	load_bad(" = s2t\n", 1, 2, "no key before '='");
	load_bad("=\n", 1, 1, "no key before '='");
}
END_TEST

START_TEST(test_missing_value)
{
	load_bad("config =\n", 1, 9, "config needs a value");
	load_bad("profile =   \n", 1, 10, "profile needs a value");
	load_bad("rules = # just a comment\n", 1, 8, "rules needs a value");
	load_bad("disable=\n", 1, 9, "disable needs a value");
}
END_TEST

START_TEST(test_bad_values)
{
	load_bad("region = us\n", 1, 10, "region takes auto, cn, tw, hk or none, not 'us'");
	load_bad("region = TW\n", 1, 10, "not 'TW'");
	load_bad("markup = rst\n", 1, 10,
		 "markup takes text, html or markdown, not 'rst'");
	load_bad("markup = md\n", 1, 10, "not 'md'");
	load_bad("invalid = ignore\n", 1, 11,
		 "invalid takes error or pass, not 'ignore'");
	load_bad("jobs = 0\n", 1, 8, "jobs takes a number from 1 to 1024, not '0'");
	load_bad("jobs = 1025\n", 1, 8, "not '1025'");
	load_bad("jobs = 99999999999999999999\n", 1, 8, "not '99999999999999999999'");
	load_bad("jobs = -2\n", 1, 8, "not '-2'");
	load_bad("jobs = +2\n", 1, 8, "not '+2'");
	load_bad("jobs = 4x\n", 1, 8, "not '4x'");
	load_bad("jobs = four\n", 1, 8, "not 'four'");
	load_bad("jobs = 4 8\n", 1, 8, "not '4 8'");
	/* The value is counted in characters after Chinese text. */
	load_bad("jobs=\xe5\x9b\x9b\n", 1, 6, "not '四'");
}
END_TEST

START_TEST(test_long_value_quoted_short)
{
	char text[600];

	strcpy(text, "region = ");
	memset(text + 9, 'x', 500);
	strcpy(text + 509, "\n");
	load_bad(text, 1, 10, "region takes");
	ck_assert_msg(strlen(err.msg) < 200, "message too long: %s", err.msg);
}
END_TEST

START_TEST(test_duplicates)
{
	static const char *const once[] = {
		"config = s2t", "profile = gov", "region = cn",
		"markup = text", "invalid = error", "jobs = 2"
	};
	char text[128], want[64];
	size_t i;

	for (i = 0; i < sizeof once / sizeof once[0]; i++) {
		snprintf(text, sizeof text, "%s\n# between\n  %s\n", once[i], once[i]);
		snprintf(want, sizeof want, "%.*s is set twice (first on line 1)",
			 (int)strcspn(once[i], " "), once[i]);
		load_bad(text, 3, 3, want);
	}
	/* Even with a different value. */
	load_bad("config = s2t\nconfig = t2s\n", 2, 1, "config is set twice");
}
END_TEST

START_TEST(test_bad_utf8)
{
	/* A stray continuation byte; the column is in characters. */
	load_bad("rules = 规\x80.rules\n", 1, 10, "invalid UTF-8");
	/* An overlong '/' and a surrogate. */
	load_bad("config = s2t\nrules = \xc0\xaf\n", 2, 9, "invalid UTF-8");
	load_bad("rules = \xed\xa0\x80\n", 1, 9, "invalid UTF-8");
	/* A truncated sequence at the end of the file. */
	load_bad("rules = \xe6\xb1", 1, 9, "invalid UTF-8");
	/* Inside a comment too: the file must be UTF-8 throughout. */
	load_bad("# \xff\n", 1, 3, "invalid UTF-8");
	/* Latin-1 text. */
	load_bad("disable = caf\xe9\n", 1, 14, "invalid UTF-8");
}
END_TEST

START_TEST(test_nul_byte)
{
	load_bad_n("config = s2\0t\n", 14, 1, 12, "NUL byte");
}
END_TEST

START_TEST(test_error_format)
{
	char line[2200], want[PATH_MAX + 100];

	load_bad("\n\nmarkup = rst\n", 3, 10, "markup takes");
	zh_error_format(&err, line, sizeof line);
	snprintf(want, sizeof want,
		 "%s:3:10: error: markup takes text, html or markdown, not 'rst'",
		 at(".zhnorm"));
	ck_assert_str_eq(line, want);
}
END_TEST

START_TEST(test_first_error_wins)
{
	/* The first bad line is reported; nothing after it is read. */
	load_bad("config = s2t\nregion = xx\ncolour = red\n", 2, 10, "region");
}
END_TEST

START_TEST(test_unreadable)
{
	char line[2200];

	/* A file that does not exist. */
	ck_assert_int_eq(zh_settings_load(at("nothing"), &s, &err), -1);
	ck_assert_str_eq(err.file, at("nothing"));
	ck_assert_uint_eq(err.line, 0);
	ck_assert_msg(strstr(err.msg, "No such file") != NULL, "%s", err.msg);
	expect_empty();
	zh_error_format(&err, line, sizeof line);
	ck_assert_msg(strncmp(line, "zhnorm: ", 8) == 0, "%s", line);

	/* A directory. */
	make_dir("dir");
	ck_assert_int_eq(zh_settings_load(at("dir"), &s, &err), -1);
	ck_assert_str_eq(err.file, at("dir"));
	ck_assert_msg(strstr(err.msg, "directory") != NULL, "%s", err.msg);
	expect_empty();

	/* A file without read permission (root reads it all the same). */
	write_file("secret", "config = s2t\n");
	ck_assert_int_eq(chmod(at("secret"), 0), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(zh_settings_load(at("secret"), &s, &err), -1);
		ck_assert_msg(strstr(err.msg, "Permission denied") != NULL,
			      "%s", err.msg);
		expect_empty();
	}
}
END_TEST

/* ---- finding the file ----------------------------------------------- */

START_TEST(test_find_here_and_up)
{
	char *p;

	make_dir(".git");
	make_dir("a");
	make_dir("a/b");
	make_dir("a/b/c");
	/* None anywhere up to the repository top. */
	ck_assert_ptr_null(zh_settings_find(at("a/b/c")));
	/* In a parent. */
	write_file("a/.zhnorm", "");
	p = zh_settings_find(at("a/b/c"));
	ck_assert_str_eq(p, at("a/.zhnorm"));
	free(p);
	/* The nearest wins. */
	write_file("a/b/c/.zhnorm", "");
	p = zh_settings_find(at("a/b/c"));
	ck_assert_str_eq(p, at("a/b/c/.zhnorm"));
	free(p);
	p = zh_settings_find(at("a/b"));
	ck_assert_str_eq(p, at("a/.zhnorm"));
	free(p);
	/* At the repository top itself. */
	write_file(".zhnorm", "");
	p = zh_settings_find(top);
	ck_assert_str_eq(p, at(".zhnorm"));
	free(p);
}
END_TEST

START_TEST(test_find_stops_at_repository)
{
	char *p;

	make_dir("outer");
	make_dir("outer/repo");
	make_dir("outer/repo/src");
	make_dir("outer/repo/.git");
	write_file("outer/.zhnorm", "");
	/* The .zhnorm above the repository is not used... */
	ck_assert_ptr_null(zh_settings_find(at("outer/repo/src")));
	ck_assert_ptr_null(zh_settings_find(at("outer/repo")));
	/* ...but one at its top is. */
	write_file("outer/repo/.zhnorm", "");
	p = zh_settings_find(at("outer/repo/src"));
	ck_assert_str_eq(p, at("outer/repo/.zhnorm"));
	free(p);
	/* Outside the repository, the outer one applies. */
	p = zh_settings_find(at("outer"));
	ck_assert_str_eq(p, at("outer/.zhnorm"));
	free(p);
}
END_TEST

START_TEST(test_find_git_file)
{
	/* A worktree or submodule has a .git file, not a directory. */
	make_dir("outer");
	make_dir("outer/sub");
	make_dir("outer/sub/deep");
	write_file("outer/.zhnorm", "");
	write_file("outer/sub/.git", "gitdir: ../.git/modules/sub\n");
	ck_assert_ptr_null(zh_settings_find(at("outer/sub/deep")));
}
END_TEST

START_TEST(test_find_skips_non_files)
{
	char *p;

	make_dir(".git");
	make_dir("a");
	make_dir("a/b");
	write_file(".zhnorm", "");
	/* A directory named .zhnorm is no settings file. */
	make_dir("a/b/.zhnorm");
	p = zh_settings_find(at("a/b"));
	ck_assert_str_eq(p, at(".zhnorm"));
	free(p);
	/* A symbolic link to a file is followed. */
	ck_assert_int_eq(symlink("../.zhnorm", at("a/.zhnorm")), 0);
	p = zh_settings_find(at("a/b"));
	ck_assert_str_eq(p, at("a/.zhnorm"));
	free(p);
}
END_TEST

START_TEST(test_find_relative_start)
{
	char *p;

	make_dir(".git");
	make_dir("x");
	make_dir("x/y");
	write_file("x/.zhnorm", "jobs = 1\n");
	ck_assert_int_eq(chdir(at("x/y")), 0);
	/* The current directory, given or not: the path comes back absolute. */
	p = zh_settings_find(NULL);
	ck_assert_str_eq(p, at("x/.zhnorm"));
	free(p);
	p = zh_settings_find(".");
	ck_assert_str_eq(p, at("x/.zhnorm"));
	free(p);
	p = zh_settings_find("../../x/y/..");
	ck_assert_str_eq(p, at("x/.zhnorm"));
	free(p);
	/* And what it returns loads. */
	p = zh_settings_find(NULL);
	ck_assert_int_eq(zh_settings_load(p, &s, &err), 0);
	ck_assert_int_eq(s.jobs, 1);
	free(p);
}
END_TEST

START_TEST(test_find_missing_start)
{
	ck_assert_ptr_null(zh_settings_find(at("no/such/dir")));
}
END_TEST

START_TEST(test_find_root)
{
	char *p = zh_settings_find("/");

	/* The walk ends at the root whether or not it holds a .zhnorm. */
	if (access("/.zhnorm", F_OK) == 0) {
		ck_assert_str_eq(p, "/.zhnorm");
	} else {
		ck_assert_ptr_null(p);
	}
	free(p);
}
END_TEST

static Suite *
settings_suite(void)
{
	Suite *su = suite_create("settings");
	TCase *keys = tcase_create("keys");
	TCase *syntax = tcase_create("syntax");
	TCase *errors = tcase_create("errors");
	TCase *find = tcase_create("find");

	tcase_add_checked_fixture(keys, setup, teardown);
	tcase_add_test(keys, test_empty_file);
	tcase_add_test(keys, test_config);
	tcase_add_test(keys, test_profile);
	tcase_add_test(keys, test_rules_repeat);
	tcase_add_test(keys, test_disable_repeat);
	tcase_add_test(keys, test_region);
	tcase_add_test(keys, test_markup);
	tcase_add_test(keys, test_invalid);
	tcase_add_test(keys, test_jobs);
	tcase_add_test(keys, test_all_keys);
	tcase_add_test(keys, test_relative_to_file);
	tcase_add_test(keys, test_other_file_name);
	suite_add_tcase(su, keys);

	tcase_add_checked_fixture(syntax, setup, teardown);
	tcase_add_test(syntax, test_blanks);
	tcase_add_test(syntax, test_comments);
	tcase_add_test(syntax, test_line_ends);
	tcase_add_test(syntax, test_utf8_values);
	suite_add_tcase(su, syntax);

	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_test(errors, test_unknown_key);
	tcase_add_test(errors, test_not_a_setting);
	tcase_add_test(errors, test_missing_value);
	tcase_add_test(errors, test_bad_values);
	tcase_add_test(errors, test_long_value_quoted_short);
	tcase_add_test(errors, test_duplicates);
	tcase_add_test(errors, test_bad_utf8);
	tcase_add_test(errors, test_nul_byte);
	tcase_add_test(errors, test_error_format);
	tcase_add_test(errors, test_first_error_wins);
	tcase_add_test(errors, test_unreadable);
	suite_add_tcase(su, errors);

	tcase_add_checked_fixture(find, setup, teardown);
	tcase_add_test(find, test_find_here_and_up);
	tcase_add_test(find, test_find_stops_at_repository);
	tcase_add_test(find, test_find_git_file);
	tcase_add_test(find, test_find_skips_non_files);
	tcase_add_test(find, test_find_relative_start);
	tcase_add_test(find, test_find_missing_start);
	tcase_add_test(find, test_find_root);
	suite_add_tcase(su, find);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(settings_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
