/*
 * main.c - the zhnorm command line.
 *
 * This is the only file that prints diagnostics or exits.  It parses the
 * options, finds the config and the rule tables, builds the pipeline
 * (reader -> rules -> OpenCC -> rules -> writer, see pipeline.h) and runs
 * every input through it.
 *
 * Exit status: 0 success, 1 --check found something to report (or
 * --test-rules found a failing example), 2 any error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "convert.h"
#include "diff.h"
#include "error.h"
#include "pipeline.h"
#include "reader.h"
#include "report.h"
#include "rules.h"
#include "sched.h"
#include "selftest.h"
#include "session.h"
#include "settings.h"
#include "table.h"
#include "writer.h"

#define EXIT_FINDINGS	1
#define EXIT_TROUBLE	2

enum {
	OPT_NO_RULES = 256,
	OPT_INVALID,
	OPT_LIST_CONFIGS,
	OPT_LIST_RULES,
	OPT_LIST_PROFILES,
	OPT_TEST_RULES,
	OPT_DISABLE,
	OPT_FORMAT,
	OPT_REGION,
	OPT_STATS,
	OPT_KEEP_MARKERS,
	OPT_KEEP_LANG,
	OPT_DIFF,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_SETTINGS,
	OPT_NO_SETTINGS,
	OPT_ENGINE,
	OPT_OPENCC_DATA,
	OPT_TOFU
};

#define MAX_JOBS 1024

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "in-place", no_argument, NULL, 'i' },
	{ "rules", required_argument, NULL, 'r' },
	{ "profile", required_argument, NULL, 'p' },
	{ "no-rules", no_argument, NULL, OPT_NO_RULES },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "check", no_argument, NULL, 'n' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "invalid", required_argument, NULL, OPT_INVALID },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "markup", required_argument, NULL, 'm' },
	{ "keep-markers", no_argument, NULL, OPT_KEEP_MARKERS },
	{ "keep-lang", no_argument, NULL, OPT_KEEP_LANG },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "settings", required_argument, NULL, OPT_SETTINGS },
	{ "no-settings", no_argument, NULL, OPT_NO_SETTINGS },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "opencc-data", required_argument, NULL, OPT_OPENCC_DATA },
	{ "tofu", no_argument, NULL, OPT_TOFU },
	{ "list-configs", no_argument, NULL, OPT_LIST_CONFIGS },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "list-profiles", no_argument, NULL, OPT_LIST_PROFILES },
	{ "test-rules", no_argument, NULL, OPT_TEST_RULES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

struct options {
	const char *config;
	const char *output;
	int in_place;
	int no_rules;
	const char *profile;
	const char **tables;
	size_t ntables;
	const char **all_tables;	/* the settings file's, then -r's */
	size_t nall_tables;
	const char **disable;
	size_t ndisable;
	const char *region;
	int check;
	enum zh_format format;
	int invalid_pass;
	int stats;
	int jobs;
	int markup;		/* enum zh_markup, or -1: guess from the file name */
	int keep_markers;
	int keep_lang;
	int diff;
	int progress;		/* 1 --progress, 0 --no-progress, -1 automatic */
	const char *settings;	/* --settings=FILE */
	int no_settings;
	int config_set, profile_set, invalid_set;	/* given as flags */
	int markup_fallback;	/* for files whose name says nothing */
	int list_configs, list_rules, list_profiles, test_rules;
	const char *engine;	/* "native" or "libopencc" */
	const char *opencc_data;	/* "system", or a directory */
	int tofu;
};

/* The temporary output file being written, for the signal handler. */
static volatile sig_atomic_t have_temp;
static char temp_path[PATH_MAX + 32];

static void
usage(FILE *fp)
{
	fputs("usage: zhnorm [OPTION]... [FILE]...\n", fp);
}

static void
help(void)
{
	usage(stdout);
	fputs(
"Convert Chinese text between Simplified and Traditional (OpenCC) and\n"
"normalise it with rule tables.  Reads the FILEs in order (none or '-':\n"
"standard input) and writes standard output.\n"
"\n"
"Conversion:\n"
"  -c, --config=NAME|FILE  OpenCC config: s2t (default), t2s, s2tw, tw2s, s2twp,\n"
"                          tw2sp, s2hk, hk2s, t2tw, tw2t, t2hk, hk2t, t2jp, jp2t,\n"
"                          a path to a JSON config, or none\n"
"      --list-configs      list the config names and exit\n"
"      --engine=ENGINE     native (zhnorm's own, the default) or libopencc\n"
"      --opencc-data=DATA  the native engine's data: bundled (OpenCC 1.4.2's,\n"
"                          the default), system (Debian's OpenCC data; the\n"
"                          only one of --engine=libopencc), or a DIR of OpenCC\n"
"                          configs and text dictionaries\n"
"      --tofu              keep dictionaries marked may_output_tofu (native)\n"
"      --region=REGION     conventions of the output: auto, cn, tw, hk or none\n"
"                          (default: from the config; -c none: auto, from\n"
"                          the script of the text)\n"
"Rules:\n"
"  -p, --profile=NAME      the set of default tables: gov (the default), tech,\n"
"                          or none (only the tables of -r)\n"
"  -r, --rules=NAME|FILE   also load this rule table (repeatable)\n"
"      --disable=ID|GLOB   turn rules off (repeatable)\n"
"      --no-rules          no rules and no overlays: OpenCC's output exactly\n"
"      --list-rules        list the loaded rules and exit\n"
"      --list-profiles     list the profiles and exit\n"
"      --test-rules [TABLE]...  check every rule against its examples\n"
"Checking:\n"
"  -n, --check             write no text; report every change that would be\n"
"                          made, exit 1 if there is any\n"
"      --diff              write a unified diff of the changes instead of the\n"
"                          text (for patch -p1), exit 1 if there is any\n"
"      --format=FORMAT     report format: text (default), json, or rdjsonl\n"
"                          (reviewdog's diagnostics, with suggested fixes)\n"
"      --stats             on exit, print on stderr how often each rule fired\n"
"Input and output:\n"
"  -m, --markup=KIND       text, html or markdown: only text is changed, not\n"
"                          tags, code or links (default: from each FILE's\n"
"                          extension, text for standard input)\n"
"      --keep-markers      leave -{ and }- in (-{text}- is never changed)\n"
"      --keep-lang         leave lang=\"zh-CN\" and the like as they are\n"
"  -o, --output=FILE       write to FILE (replaced only when all went well)\n"
"  -i, --in-place          rewrite each FILE in place\n"
"  -j, --jobs=N            worker threads (default: the number of online CPUs)\n"
"      --invalid=error|pass  invalid UTF-8 stops with an error (default) or\n"
"                          passes through unchanged\n"
"      --progress, --no-progress  show (or not) progress on a terminal (default:\n"
"                          for files over 8 MB when standard error is one)\n"
"      --settings=FILE     read settings from FILE instead of the .zhnorm found\n"
"                          in the current directory or a parent\n"
"      --no-settings       read no settings file\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 success, 1 --check found something, 2 error.\n"
"Environment: ZHNORM_RULES_PATH, a colon-separated list of directories\n"
"searched for rule tables, profiles and overlays before the installed ones.\n"
"See zhnorm(1) and zhnorm-rules(5).\n", stdout);
}

static void
print_error(const struct zh_error *err)
{
	char line[2200];

	zh_error_format(err, line, sizeof line);
	fprintf(stderr, "%s\n", line);
}

static void
on_signal(int sig)
{
	if (have_temp)
		unlink(temp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
set_temp(const char *path)
{
	if (path == NULL) {
		have_temp = 0;
		return;
	}
	snprintf(temp_path, sizeof temp_path, "%s", path);
	have_temp = 1;
}

/* ---- where the data is -------------------------------------------- */

/* Is this the uninstalled binary of the build tree?  Then it uses the
 * tables of the source tree instead of the installed ones. */
static int
running_from_build_tree(void)
{
	char self[PATH_MAX], built[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0)
		return 0;
	self[n] = '\0';
	if (realpath(ZH_BUILD_EXE, built) == NULL)
		return 0;
	return strcmp(self, built) == 0;
}

/* Fills in where the tables and the OpenCC data are. */
static void
locate_data(struct zh_session_opts *so)
{
	int built = running_from_build_tree();

	so->rules_path = getenv("ZHNORM_RULES_PATH");
	so->datadir = built ? ZH_BUILD_DICTDIR : ZH_PKGDATADIR;
	so->bundled_dir = built ? ZH_BUILD_DICTDIR "/opencc" : ZH_PKGDATADIR "/opencc";
	so->bundled_compiled = built ? ZH_BUILD_COMPILEDDIR :
			       ZH_PKGDATADIR "/opencc/compiled";
	so->system_dir = ZH_OPENCC_DATADIR;
	so->opencc_dict = ZH_OPENCC_DICT;
}

static void
print_profile(void *ctx, const char *name, const char *tables, const char *path)
{
	printf("%s\t%s\t%s\n", name, tables, path);
}

/* ---- running ---------------------------------------------------------- */

struct run {
	const struct options *o;
	const struct zh_pipeline *pipe;
	struct zh_sched *sched;
	unsigned long findings;
	unsigned long lines, changed;
	unsigned long block_cuts;	/* Markdown blocks cut at the limit */
	unsigned long diff_changed;	/* --diff: lines shown changed */
	int trouble;		/* an error was reported: exit 2 */
};

/* The sink of a run: text and reports to writers, diagnostics to stderr. */
struct outputs {
	struct zh_writer *text;
	struct zh_writer *report;
	struct zh_differ *differ;	/* --diff: text goes through it */
	struct zh_buf scratch;
	/* --progress */
	int progress;
	const char *name;
	uint64_t total;		/* 0 when unknown */
	struct timespec start, last;
	int shown;
};

static int
sink_text(void *ctx, const char *s, size_t n, struct zh_error *err)
{
	struct outputs *o = ctx;

	if (o->differ != NULL) {
		zh_buf_clear(&o->scratch);
		zh_differ_feed(o->differ, s, n, &o->scratch);
		s = o->scratch.data;
		n = o->scratch.len;
		if (n == 0)
			return 0;
	}
	return o->text != NULL ? zh_writer_put(o->text, s, n, err) : 0;
}

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* --progress: one line on the terminal, rewritten at most five times a
 * second: bytes done (of the total), rate and time left. */
static void
sink_progress(void *ctx, uint64_t done)
{
	struct outputs *o = ctx;
	double elapsed, rate;

	if (!o->progress || seconds_since(&o->last) < 0.2)
		return;
	clock_gettime(CLOCK_MONOTONIC, &o->last);
	elapsed = seconds_since(&o->start);
	rate = elapsed > 0 ? (double)done / elapsed : 0;
	if (o->total > 0) {
		double left = rate > 0 ? (double)(o->total - (done < o->total ? done : o->total)) / rate : 0;

		fprintf(stderr, "\rzhnorm: %s: %3d%% %.1f of %.1f MB, %.1f MB/s, %d:%02d left\033[K",
			o->name, (int)(100.0 * (double)done / (double)o->total),
			(double)done / 1e6, (double)o->total / 1e6, rate / 1e6,
			(int)left / 60, (int)left % 60);
	} else
		fprintf(stderr, "\rzhnorm: %s: %.1f MB, %.1f MB/s\033[K", o->name,
			(double)done / 1e6, rate / 1e6);
	fflush(stderr);
	o->shown = 1;
}

/* Decides whether --progress shows for input FD: only on a terminal;
 * without --progress, only for a regular file over 8 MB. */
static void
progress_start(struct outputs *outs, const struct options *o, int fd,
	       const char *name)
{
	struct stat st;
	int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);

	outs->name = name;
	outs->total = regular ? (uint64_t)st.st_size : 0;
	outs->progress = isatty(STDERR_FILENO) &&
			 (o->progress == 1 ||
			  (o->progress == -1 && regular && st.st_size > 8000000));
	clock_gettime(CLOCK_MONOTONIC, &outs->start);
	outs->last = outs->start;
}

static void
progress_end(struct outputs *outs)
{
	if (outs->shown) {
		fputs("\r\033[K", stderr);	/* erase the line */
		fflush(stderr);
	}
}

static int
sink_report(void *ctx, const char *s, size_t n, struct zh_error *err)
{
	struct outputs *o = ctx;

	return o->report != NULL ? zh_writer_put(o->report, s, n, err) : 0;
}

static void
sink_diag(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	fwrite(s, 1, n, stderr);
}

static int
sink_flush(void *ctx, struct zh_error *err)
{
	struct outputs *o = ctx;

	if (o->text != NULL && zh_writer_flush(o->text, err) < 0)
		return -1;
	if (o->report != NULL && zh_writer_flush(o->report, err) < 0)
		return -1;
	return 0;
}

enum input_status {
	INPUT_OK,
	INPUT_RULE_FAILED,	/* written whole, but a rule failed on some line */
	INPUT_BAD,		/* this input failed (reported); others may go on */
	INPUT_INVALID,		/* invalid UTF-8 (reported): the stream ends */
	INPUT_STOP		/* stop everything (output error, reported) */
};

/* --region=auto: what the text of an input was taken for, on standard
 * error (with --stats and --check). */
static void
report_auto(const char *name, const struct zh_run_result *res)
{
	static const char *const rules[] = {
		"no region's rules", "mainland (cn) rules",
		"the rules Taiwan and Hong Kong share"
	};
	unsigned long n = res->scripts[0] + res->scripts[1] + res->scripts[2];
	int k;

	for (k = 0; k < 3; k++)
		if (res->scripts[k] == n && n > 0)
			break;
	if (k < 3)
		fprintf(stderr, "zhnorm: %s: --region=auto: %s text (%lu Simplified-only, "
			"%lu Traditional-only characters): %s\n", name,
			k != 0 ? zh_script_label((enum zh_script)k) :
			res->counts.hans + res->counts.hant > 0 ? "mixed" :
			"script-neutral", res->counts.hans, res->counts.hant, rules[k]);
	else
		fprintf(stderr, "zhnorm: %s: --region=auto: mixed, decided block by block: "
			"%lu Simplified, %lu Traditional, %lu neither (%lu Simplified-only, "
			"%lu Traditional-only characters)\n", name, res->scripts[1],
			res->scripts[2], res->scripts[0], res->counts.hans, res->counts.hant);
}

/* Runs one input through the pipeline and reports what went wrong. */
static enum input_status
run_input(struct run *run, int fd, const char *name, struct zh_writer *text,
	  struct zh_writer *report)
{
	struct outputs outs;
	struct zh_sink sink = { &outs, sink_text, sink_report, sink_diag,
				sink_flush, sink_progress };
	struct zh_run_result res;
	struct zh_error err;

	memset(&outs, 0, sizeof outs);
	outs.text = text;
	outs.report = report;
	if (run->o->diff)
		outs.differ = zh_differ_new(name);
	progress_start(&outs, run->o, fd, name);
	zh_sched_run(run->sched, fd, name, &sink, &res);
	progress_end(&outs);
	if (outs.differ != NULL) {
		/* The last hunk. */
		zh_buf_clear(&outs.scratch);
		run->diff_changed += zh_differ_finish(outs.differ, &outs.scratch);
		if (outs.scratch.len > 0 && text != NULL &&
		    zh_writer_put(text, outs.scratch.data, outs.scratch.len, &err) < 0 &&
		    res.status == ZH_RUN_OK) {
			res.status = ZH_RUN_SINK_ERROR;
			res.err = err;
		}
		zh_differ_free(outs.differ);
	}
	zh_buf_free(&outs.scratch);
	if (run->pipe->region_auto && (run->o->stats || run->o->check))
		report_auto(name, &res);
	run->findings += res.findings;
	run->lines += res.lines;
	run->changed += res.changed;
	run->block_cuts += res.block_cuts;
	if (res.failures > 0)
		run->trouble = 1;
	switch (res.status) {
	case ZH_RUN_OK:
		/* A rule that failed left its lines as they were: the text is
		 * whole, but not what was asked for. */
		return res.failures > 0 ? INPUT_RULE_FAILED : INPUT_OK;
	case ZH_RUN_INVALID:
		fprintf(stderr, "zhnorm: %s: invalid UTF-8 at byte %llu\n",
			name, (unsigned long long)res.invalid_at + 1);
		return INPUT_INVALID;
	case ZH_RUN_SINK_ERROR:
		print_error(&res.err);
		return INPUT_STOP;
	default:
		print_error(&res.err);
		return INPUT_BAD;
	}
}

static int
open_input(const char *name, int *fd)
{
	struct stat st;

	if (strcmp(name, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(name, O_RDONLY);
	if (*fd < 0) {
		fprintf(stderr, "zhnorm: %s: %s\n", name, strerror(errno));
		return -1;
	}
	if (fstat(*fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "zhnorm: %s: is a directory\n", name);
		close(*fd);
		return -1;
	}
	return 0;
}

/* -i: each FILE is rewritten through a temporary file of its own. */
static void
run_in_place(struct run *run, char **files, int nfiles)
{
	struct zh_outfile of;
	struct zh_writer w;
	struct zh_error err;
	struct stat sb;
	enum input_status st;
	int i, fd;

	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") == 0) {
			fprintf(stderr, "zhnorm: -i cannot rewrite standard input\n");
			run->trouble = 1;
			continue;
		}
		/* Before it is opened: opening a FIFO would wait for a
		 * writer. */
		if (stat(files[i], &sb) == 0 && !S_ISREG(sb.st_mode) &&
		    !S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "zhnorm: %s: not a regular file: cannot "
				"rewrite it in place\n", files[i]);
			run->trouble = 1;
			continue;
		}
		if (open_input(files[i], &fd) < 0) {
			run->trouble = 1;
			continue;
		}
		if (access(files[i], W_OK) < 0) {
			fprintf(stderr, "zhnorm: %s: not writable: %s\n", files[i],
				strerror(errno));
			close(fd);
			run->trouble = 1;
			continue;
		}
		if (zh_outfile_open(&of, files[i], 1, &err) < 0) {
			print_error(&err);
			close(fd);
			run->trouble = 1;
			continue;
		}
		set_temp(of.temp);
		zh_writer_init(&w, of.fd, files[i]);
		st = run_input(run, fd, files[i], &w, NULL);
		close(fd);
		if (st == INPUT_RULE_FAILED)
			st = INPUT_BAD;	/* rewrite only what went through whole */
		if (st == INPUT_OK && zh_writer_flush(&w, &err) < 0) {
			print_error(&err);
			st = INPUT_BAD;
		}
		zh_writer_free(&w);
		if (st == INPUT_OK && zh_outfile_commit(&of, &err) < 0) {
			print_error(&err);
			st = INPUT_BAD;
		} else if (st != INPUT_OK) {
			zh_outfile_discard(&of);
			fprintf(stderr, "zhnorm: %s: left unchanged\n", files[i]);
		}
		set_temp(NULL);
		if (st != INPUT_OK)
			run->trouble = 1;
	}
}

/* Standard output or -o: all inputs in order into one output. */
static void
run_stream(struct run *run, char **files, int nfiles)
{
	static char *stdin_only[] = { "-" };
	struct zh_outfile of;
	struct zh_writer w;
	struct zh_error err;
	enum input_status st = INPUT_OK;
	int i, fd, out_fd = STDOUT_FILENO;
	const char *out_name = "standard output";

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if (run->o->output != NULL) {
		if (zh_outfile_open(&of, run->o->output, 1, &err) < 0) {
			print_error(&err);
			run->trouble = 1;
			return;
		}
		set_temp(of.temp);
		out_fd = of.fd;
		out_name = run->o->output;
	}
	zh_writer_init(&w, out_fd, out_name);
	for (i = 0; i < nfiles && st != INPUT_STOP; i++) {
		if (open_input(files[i], &fd) < 0) {
			run->trouble = 1;
			continue;
		}
		st = run_input(run, fd, files[i], run->o->check ? NULL : &w,
			       run->o->check ? &w : NULL);
		if (fd != STDIN_FILENO)
			close(fd);
		if (st == INPUT_RULE_FAILED)
			st = INPUT_OK;	/* reported; the stream goes on */
		if (st != INPUT_OK)
			run->trouble = 1;
		/* Invalid input ends the stream: what follows it would be
		 * written with a hole before it. */
		if (st == INPUT_INVALID)
			break;
	}
	if (st != INPUT_STOP && zh_writer_flush(&w, &err) < 0) {
		print_error(&err);
		run->trouble = 1;
	}
	zh_writer_free(&w);
	if (run->o->output != NULL) {
		if (run->trouble) {
			zh_outfile_discard(&of);
			fprintf(stderr, "zhnorm: %s: not written because of the errors above\n",
				run->o->output);
		} else if (zh_outfile_commit(&of, &err) < 0) {
			print_error(&err);
			run->trouble = 1;
		}
		set_temp(NULL);
	}
}

/* ---- listings ----------------------------------------------------------- */

static const char *
script_name(enum zh_script s)
{
	switch (s) {
	case ZH_SCRIPT_HANS:
		return "hans";
	case ZH_SCRIPT_HANT:
		return "hant";
	case ZH_SCRIPT_JPAN:
		return "jpan";
	default:
		return "any";
	}
}

static void
region_names(unsigned regions, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s%s",
		 regions & ZH_REGION_CN ? "cn," : "",
		 regions & ZH_REGION_TW ? "tw," : "",
		 regions & ZH_REGION_HK ? "hk," : "",
		 regions == 0 ? "all" : "");
	if (regions != 0)
		out[strlen(out) - 1] = '\0';
}

static void
list_rules(const struct zh_ruleset *rs)
{
	char regions[16];
	size_t i;

	for (i = 0; i < rs->nrules; i++) {
		const struct zh_rule *r = &rs->rules[i];

		if (r->disabled)
			continue;
		region_names(r->regions, regions, sizeof regions);
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", r->id, r->table,
		       r->protect ? "protect" :
		       r->level == ZH_LEVEL_WARN ? "warn" : "fix",
		       script_name(r->script), regions,
		       r->message ? r->message : "");
	}
}

static void
list_configs(void)
{
	int i;

	for (i = 0; zh_configs[i].name != NULL; i++)
		printf("%-6s  %s\n", zh_configs[i].name, zh_configs[i].desc);
	printf("%-6s  %s\n", "none", "no conversion: rules only");
}

static int
cmp_fired(const void *a, const void *b, void *arg)
{
	const unsigned long *fired = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (fired[i] != fired[j])
		return fired[i] < fired[j] ? 1 : -1;
	return i < j ? -1 : i > j;
}

/* --stats: lines read and changed, then each rule that fired, with how
 * many lines it was run on (the prefilter skips lines that cannot match). */
static void
print_stats(const struct run *run, const struct zh_ruleset *rs)
{
	unsigned long *fired, *tried;
	size_t i, n = 0, *order;

	fprintf(stderr, "zhnorm: %lu lines read, %lu changed\n", run->lines,
		run->changed);
	if (run->block_cuts > 0)
		fprintf(stderr, "zhnorm: warning: %lu Markdown blocks longer than "
			"1 MiB were cut; code spans and links across a cut are "
			"not seen\n", run->block_cuts);
	if (run->pipe->engine == NULL)
		return;
	fired = zh_xcalloc(rs->nrules + 1, sizeof *fired);
	tried = zh_xcalloc(rs->nrules + 1, sizeof *tried);
	zh_sched_fired(run->sched, fired, tried);
	order = zh_xcalloc(rs->nrules + 1, sizeof *order);
	/* Index nrules is the residue repair, a stage with a rule id. */
	for (i = 0; i <= rs->nrules; i++)
		if (fired[i] > 0 || (i < rs->nrules && getenv("ZHNORM_STATS_ALL") != NULL))
			order[n++] = i;
	qsort_r(order, n, sizeof *order, cmp_fired, fired);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%10lu  %s  (run on %lu lines)\n", fired[order[i]],
			order[i] < rs->nrules ? rs->rules[order[i]].id : ZH_REPAIR_ID,
			tried[order[i]]);
	free(order);
	free(fired);
	free(tried);
}

/* ---- start-up ----------------------------------------------------------- */

static void
add_arg(const char ***list, size_t *n, const char *arg)
{
	*list = zh_xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = arg;
}

static int
bad_usage(const char *fmt, const char *arg)
{
	fputs("zhnorm: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	fputs("Try 'zhnorm --help' for more information.\n", stderr);
	return EXIT_TROUBLE;
}

/*
 * Takes the values of a settings file that no flag overrides: flags beat
 * the file, the file beats the defaults.  The file's region is ignored when
 * -c names the config (it was written for the project's own config); its
 * markup only stands in for "text" where a file name says nothing.  Its
 * tables come after the profile's and before those of -r (load_rules).
 */
static void
apply_settings(struct options *o, const struct zh_settings *s, unsigned *region)
{
	if (s->path == NULL)
		return;
	if (!o->config_set && s->config != NULL) {
		const char *base = strrchr(s->config, '/');

		/* "s2tw.json" in the file is the stock config, as with -c,
		 * unless such a file stands beside the settings file. */
		o->config = s->config;
		if (access(s->config, R_OK) != 0 && base != NULL &&
		    zh_config_find(base + 1) != NULL)
			o->config = base + 1;
	}
	if (!o->profile_set && s->profile != NULL)
		o->profile = s->profile;
	if (o->region == NULL && s->region != NULL && !o->config_set &&
	    (strcmp(s->region, "auto") == 0 || zh_region_parse(s->region, region) == 0))
		o->region = s->region;
	if (o->markup < 0 && s->markup != NULL)
		o->markup_fallback = strcmp(s->markup, "html") == 0 ? ZH_MARKUP_HTML :
				     strcmp(s->markup, "markdown") == 0 ?
				     ZH_MARKUP_MARKDOWN : ZH_MARKUP_TEXT;
	if (!o->invalid_set && s->invalid != NULL)
		o->invalid_pass = strcmp(s->invalid, "pass") == 0;
	if (o->jobs == 0 && s->jobs > 0)
		o->jobs = s->jobs;
	if (o->engine == NULL && s->engine != NULL)
		o->engine = s->engine;
	if (o->opencc_data == NULL && s->opencc_data != NULL)
		o->opencc_data = s->opencc_data;
}

int
main(int argc, char **argv)
{
	static struct options o;	/* static: what it points to stays reachable at an early exit */
	struct zh_session_opts so;
	struct zh_session sess;
	struct zh_error err;
	struct run run;
	struct zh_settings settings;
	unsigned region = 0;
	int c, status = 0;

	memset(&o, 0, sizeof o);
	memset(&settings, 0, sizeof settings);
	o.markup = -1;
	o.progress = -1;
	o.config = "s2t";
	o.profile = "gov";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:o:ir:p:j:m:nhV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			o.config = optarg;
			o.config_set = 1;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'i':
			o.in_place = 1;
			break;
		case 'r':
			add_arg(&o.tables, &o.ntables, optarg);
			break;
		case 'p':
			o.profile = optarg;
			o.profile_set = 1;
			break;
		case 'n':
			o.check = 1;
			break;
		case OPT_NO_RULES:
			o.no_rules = 1;
			break;
		case OPT_DISABLE:
			add_arg(&o.disable, &o.ndisable, optarg);
			break;
		case OPT_REGION:
			if (strcmp(optarg, "auto") != 0 &&
			    zh_region_parse(optarg, &region) < 0)
				return bad_usage("--region takes auto, cn, tw, hk or none, not '%s'", optarg);
			o.region = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o.format = ZH_FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o.format = ZH_FORMAT_JSON;
			else if (strcmp(optarg, "rdjsonl") == 0)
				o.format = ZH_FORMAT_RDJSONL;
			else
				return bad_usage("--format takes text, json or rdjsonl, not '%s'", optarg);
			break;
		case OPT_INVALID:
			if (strcmp(optarg, "error") == 0)
				o.invalid_pass = 0;
			else if (strcmp(optarg, "pass") == 0)
				o.invalid_pass = 1;
			else
				return bad_usage("--invalid takes error or pass, not '%s'", optarg);
			o.invalid_set = 1;
			break;
		case OPT_SETTINGS:
			o.settings = optarg;
			break;
		case OPT_NO_SETTINGS:
			o.no_settings = 1;
			break;
		case OPT_ENGINE:
			if (strcmp(optarg, "native") != 0 && strcmp(optarg, "libopencc") != 0)
				return bad_usage("--engine takes native or libopencc, not '%s'", optarg);
			o.engine = optarg;
			break;
		case OPT_OPENCC_DATA:
			if (optarg[0] == '\0')
				return bad_usage("%s", "--opencc-data takes system or a directory");
			o.opencc_data = optarg;
			break;
		case OPT_TOFU:
			o.tofu = 1;
			break;
		case OPT_STATS:
			o.stats = 1;
			break;
		case 'm':
			if (strcmp(optarg, "text") == 0)
				o.markup = ZH_MARKUP_TEXT;
			else if (strcmp(optarg, "html") == 0)
				o.markup = ZH_MARKUP_HTML;
			else if (strcmp(optarg, "markdown") == 0)
				o.markup = ZH_MARKUP_MARKDOWN;
			else
				return bad_usage("--markup takes text, html or markdown, not '%s'", optarg);
			break;
		case OPT_KEEP_MARKERS:
			o.keep_markers = 1;
			break;
		case OPT_KEEP_LANG:
			o.keep_lang = 1;
			break;
		case OPT_DIFF:
			o.diff = 1;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case OPT_NO_PROGRESS:
			o.progress = 0;
			break;
		case 'j': {
			char *end;
			long n;

			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    n < 1 || n > MAX_JOBS)
				return bad_usage("--jobs takes a number from 1 to 1024, not '%s'", optarg);
			o.jobs = (int)n;
			break;
		}
		case OPT_LIST_CONFIGS:
			o.list_configs = 1;
			break;
		case OPT_LIST_RULES:
			o.list_rules = 1;
			break;
		case OPT_LIST_PROFILES:
			o.list_profiles = 1;
			break;
		case OPT_TEST_RULES:
			o.test_rules = 1;
			break;
		case 'h':
			help();
			return fclose(stdout) == 0 ? 0 : EXIT_TROUBLE;
		case 'V':
			printf("zhnorm %s\n", PACKAGE_VERSION);
			return fclose(stdout) == 0 ? 0 : EXIT_TROUBLE;
		case ':':
			return bad_usage("option '%s' needs an argument",
					 argv[optind - 1]);
		default:
			if (optopt != 0)
				fprintf(stderr, "zhnorm: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "zhnorm: unknown option '%s'\n",
					argv[optind - 1]);
			usage(stderr);
			fputs("Try 'zhnorm --help' for more information.\n", stderr);
			return EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;

	if (o.list_configs) {
		list_configs();
		return fclose(stdout) == 0 ? 0 : EXIT_TROUBLE;
	}
	if (o.in_place && o.output != NULL)
		return bad_usage("%s", "-i and -o cannot be used together");
	if (o.check && (o.in_place || o.output != NULL))
		return bad_usage("%s", "--check writes no text: -i and -o do not apply");
	if (o.diff && (o.in_place || o.output != NULL || o.check))
		return bad_usage("%s", "--diff cannot be used with -i, -o or --check");
	if (o.in_place && argc == 0)
		return bad_usage("%s", "-i needs at least one FILE");
	if (o.no_rules && (o.ntables > 0 || o.test_rules || o.list_rules))
		return bad_usage("%s", "--no-rules cannot be used with -r, --list-rules or --test-rules");

	if (o.settings != NULL && o.no_settings)
		return bad_usage("%s", "--settings and --no-settings exclude each other");
	if (!o.no_settings) {
		char *path = o.settings != NULL ? zh_xstrdup(o.settings) :
			     zh_settings_find(NULL);

		if (path != NULL && zh_settings_load(path, &settings, &err) < 0) {
			print_error(&err);
			free(path);
			zh_settings_free(&settings);
			return EXIT_TROUBLE;
		}
		free(path);
		apply_settings(&o, &settings, &region);
	}
	if (o.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o.jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
	}

	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	/* Where things are, and what was asked for. */
	memset(&so, 0, sizeof so);
	memset(&sess, 0, sizeof sess);
	locate_data(&so);
	if (o.list_profiles) {
		struct zh_search_path sp;

		zh_search_path_init(&sp, so.rules_path, so.datadir);
		zh_locate_profiles(&sp, print_profile, NULL);
		zh_search_path_free(&sp);
		status = fclose(stdout) == 0 ? 0 : EXIT_TROUBLE;
		goto out;
	}
	so.engine = o.engine != NULL && strcmp(o.engine, "libopencc") == 0 ?
		    ZH_ENGINE_LIBOPENCC : ZH_ENGINE_NATIVE;
	so.opencc_data = o.opencc_data;
	if (so.engine != ZH_ENGINE_NATIVE && o.opencc_data != NULL &&
	    strcmp(o.opencc_data, "system") != 0) {
		status = bad_usage("--opencc-data=%s needs --engine=native",
				   strcmp(o.opencc_data, "bundled") == 0 ? "bundled" :
				   o.opencc_data);
		goto out;
	}
	if (o.tofu && so.engine != ZH_ENGINE_NATIVE) {
		status = bad_usage("%s", "--tofu needs --engine=native");
		goto out;
	}
	so.tofu = o.tofu;
	so.config = o.config;
	so.profile = o.profile;
	so.region = o.region;
	so.no_rules = o.no_rules;
	if (o.test_rules && argc > 0) {
		/* The tables named, alone. */
		so.tables = (const char *const *)argv;
		so.ntables = (size_t)argc;
		so.only_tables = 1;
	} else {
		/* The profile's, then the settings file's, then -r's. */
		size_t i;

		for (i = 0; i < settings.nrules; i++)
			add_arg(&o.all_tables, &o.nall_tables, settings.rules[i]);
		for (i = 0; i < o.ntables; i++)
			add_arg(&o.all_tables, &o.nall_tables, o.tables[i]);
		so.tables = o.all_tables;
		so.ntables = o.nall_tables;
		so.file_disable = (const char *const *)settings.disable;
		so.nfile_disable = settings.ndisable;
		so.file_path = settings.path;
		/* A typo in the file's disables is an error too, unless the
		 * command line chose other tables than it was written for. */
		so.file_disable_strict = !o.profile_set && o.ntables == 0;
	}
	so.disable = o.disable;
	so.ndisable = o.ndisable;
	so.check = o.check;
	so.diff = o.diff;
	so.format = o.format;
	so.invalid_pass = o.invalid_pass;
	so.markup_guess = o.markup < 0;
	so.markup = o.markup < 0 ? (enum zh_markup)o.markup_fallback :
		    (enum zh_markup)o.markup;
	so.keep_markers = o.keep_markers;
	so.keep_lang = o.keep_lang;
	/* The prefilter only saves time: tests compare runs without it. */
	so.no_prefilter = getenv("ZHNORM_NO_PREFILTER") != NULL;
	so.setup_only = o.list_rules || o.test_rules;
	if (zh_session_open(&sess, &so, &err) < 0) {
		print_error(&err);
		status = EXIT_TROUBLE;
		goto out;
	}

	if (o.list_rules) {
		list_rules(&sess.rs);
		status = fclose(stdout) == 0 ? 0 : EXIT_TROUBLE;
		goto out;
	}
	if (o.test_rules) {
		struct zh_selftest_result res;
		struct zh_buf report = ZH_BUF_INIT;

		zh_selftest_run(&sess.rs, &report, &res);
		if (report.len > 0)
			fwrite(report.data, 1, report.len, stdout);
		printf("%lu passed, %lu failed\n", res.passed, res.failed);
		zh_buf_free(&report);
		status = res.errors > 0 ? EXIT_TROUBLE : res.failed > 0 ? EXIT_FINDINGS : 0;
		if (fclose(stdout) != 0)
			status = EXIT_TROUBLE;
		goto out;
	}

	memset(&run, 0, sizeof run);
	run.o = &o;
	run.pipe = &sess.pipe;
	run.sched = zh_sched_new(&sess.pipe, o.jobs,
				 zh_session_take_converter(&sess), &err);
	if (run.sched == NULL) {
		print_error(&err);
		status = EXIT_TROUBLE;
		goto out;
	}
	if (o.in_place)
		run_in_place(&run, argv, argc);
	else
		run_stream(&run, argv, argc);
	if (o.stats)
		print_stats(&run, &sess.rs);
	zh_sched_free(run.sched);
	if (run.trouble)
		status = EXIT_TROUBLE;
	else if ((o.check && run.findings > 0) || (o.diff && run.diff_changed > 0))
		status = EXIT_FINDINGS;
	if (close(STDOUT_FILENO) < 0 && errno != EBADF) {
		fprintf(stderr, "zhnorm: standard output: %s\n", strerror(errno));
		status = EXIT_TROUBLE;
	}
out:
	zh_session_free(&sess);
	free(o.tables);
	free(o.disable);
	free(o.all_tables);
	zh_settings_free(&settings);
	return status;
}
