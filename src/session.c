/*
 * session.c - setting up a run (see session.h).
 *
 * The order of the work is the order of the messages a user sees: the
 * OpenCC data, the config, then the tables.  OpenCC takes as long to load
 * its dictionaries as zhnorm takes to compile its tables, so the first
 * converter is opened on a thread of its own meanwhile.
 */
#include "config.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "session.h"
#include "zhnorm.h"

int
zh_region_parse(const char *s, unsigned *region)
{
	if (strcmp(s, "cn") == 0)
		*region = ZH_REGION_CN;
	else if (strcmp(s, "tw") == 0)
		*region = ZH_REGION_TW;
	else if (strcmp(s, "hk") == 0)
		*region = ZH_REGION_HK;
	else if (strcmp(s, "none") == 0)
		*region = 0;
	else
		return -1;
	return 0;
}

/* Fails with CODE: ERR is already filled. */
static int
fail(struct zh_error *err, int code)
{
	err->code = code;
	return -1;
}

/* Where the OpenCC data is, into s->copts. */
static int
choose_data(struct zh_session *s, const struct zh_session_opts *o,
	    struct zh_error *err)
{
	struct stat st;
	const char *data = o->opencc_data;

	s->copts.engine = o->engine;
	s->copts.cc.tofu = o->tofu;
	s->copts.cc.opencc_dict = o->opencc_dict;
	/* The default data: the bundled OpenCC 1.4.2 for the native engine;
	 * libopencc reads only Debian's. */
	if (data == NULL)
		data = o->engine == ZH_ENGINE_NATIVE ? "bundled" : "system";
	if (strcmp(data, "system") == 0) {
		s->copts.cc.datadir = o->system_dir;
		return 0;
	}
	if (o->engine != ZH_ENGINE_NATIVE) {
		zh_error_set(err, NULL, 0, 0, "--opencc-data=%s needs --engine=native",
			     data);
		return fail(err, ZHNORM_EARG);
	}
	if (strcmp(data, "bundled") == 0) {
		snprintf(s->bundled, sizeof s->bundled, "%s", o->bundled_dir);
		snprintf(s->compiled, sizeof s->compiled, "%s", o->bundled_compiled);
	} else {
		if (stat(data, &st) != 0 || !S_ISDIR(st.st_mode)) {
			zh_error_set(err, NULL, 0, 0,
				     "%s: not a directory of OpenCC data (--opencc-data)",
				     data);
			return fail(err, ZHNORM_EDATA);
		}
		snprintf(s->bundled, sizeof s->bundled, "%s", data);
		snprintf(s->compiled, sizeof s->compiled, "%s/compiled", data);
	}
	s->copts.cc.datadir = s->bundled;
	s->copts.cc.compiled_dir = s->compiled;
	return 0;
}

/* The stock config's file in the data directory. */
static int
stock_path(struct zh_session *s, struct zh_error *err)
{
	const char *datadir = s->copts.cc.datadir;
	struct zh_buf b = ZH_BUF_INIT;
	struct stat st;

	zh_buf_printf(&b, "%s/%s.json", datadir, s->ci->name);
	if (stat(zh_buf_cstr(&b), &st) != 0) {
		/* A data directory of OpenCC's source layout. */
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s/config/%s.json", datadir, s->ci->name);
	}
	if (stat(zh_buf_cstr(&b), &st) != 0 && s->ci->opencc14) {
		zh_error_set(err, NULL, 0, 0, "%s is a config of OpenCC 1.4's data, "
			     "not in %s (try --opencc-data=bundled)", s->ci->name,
			     datadir);
		zh_buf_free(&b);
		return fail(err, ZHNORM_ECONFIG);
	}
	if (stat(zh_buf_cstr(&b), &st) != 0) {
		zh_buf_clear(&b);
		zh_buf_printf(&b, "%s.json", s->ci->name);
	}
	s->opencc_path = zh_buf_detach(&b, NULL);
	return 0;
}

/* The config, and where the rules go around it: s->opencc_path, s->place. */
static int
choose_config(struct zh_session *s, const struct zh_session_opts *o,
	      struct zh_error *err)
{
	const struct zh_config_info *like = NULL;
	struct zh_placement *place = &s->place;
	unsigned region = 0;

	int autoreg = o->region != NULL && strcmp(o->region, "auto") == 0;

	if (o->region != NULL && !autoreg && zh_region_parse(o->region, &region) < 0) {
		zh_error_set(err, NULL, 0, 0,
			     "--region takes auto, cn, tw, hk or none, not '%s'", o->region);
		return fail(err, ZHNORM_EARG);
	}
	if (strcmp(o->config, "none") == 0) {
		place->converting = 0;
	} else if ((s->ci = zh_config_find(o->config)) != NULL) {
		place->converting = 1;
		place->from = s->ci->from;
		place->to = s->ci->to;
		if (!o->no_rules) {
			/* The profile's overlay of this config, if it has one. */
			struct zh_buf b = ZH_BUF_INIT;

			zh_buf_printf(&b, "%s.%s", o->profile, s->ci->name);
			s->opencc_path = zh_search(&s->sp, zh_buf_cstr(&b), ".json");
			zh_buf_free(&b);
		}
		if (s->opencc_path == NULL && stock_path(s, err) < 0)
			return -1;
	} else if (zh_is_path(o->config, ".json") && access(o->config, R_OK) == 0) {
		/* A config of one's own: its direction is known when it is
		 * named like a stock one (my/s2tw.json); else only "any"
		 * rules run. */
		const char *base = strrchr(o->config, '/');

		like = zh_config_find(base != NULL ? base + 1 : o->config);
		place->converting = 1;
		place->from = like != NULL ? like->from : ZH_SCRIPT_ANY;
		place->to = like != NULL ? like->to : ZH_SCRIPT_ANY;
		s->opencc_path = zh_xstrdup(o->config);
	} else {
		zh_error_set(err, NULL, 0, 0, "unknown config '%s' (see --list-configs)",
			     o->config);
		return fail(err, ZHNORM_ECONFIG);
	}
	/* The region of the output: from the config; with -c none, from the
	 * text unless one is given. */
	if (autoreg && place->converting) {
		zh_error_set(err, NULL, 0, 0, "--region=auto needs -c none: a "
			     "config's output is in the script it writes");
		return fail(err, ZHNORM_EARG);
	}
	if (autoreg || (o->region == NULL && !place->converting))
		s->region_auto = 1;
	else if (o->region != NULL)
		place->region = region;
	else if (s->ci != NULL)
		place->region = s->ci->region;
	else if (like != NULL)
		place->region = like->region;
	if (!place->converting)
		place->from = place->to =
			(place->region & (ZH_REGION_TW | ZH_REGION_HK)) ?
			ZH_SCRIPT_HANT : ZH_SCRIPT_HANS;
	place->check = o->check;
	place->no_prefilter = o->no_prefilter;
	return 0;
}

/* Does the glob PATTERN of a disable name the residue repair, a stage
 * with a rule id of its own (repair.h)?  Then it is off. */
static int
repair_disable(struct zh_session *s, const char *pattern)
{
	if (fnmatch(pattern, ZH_REPAIR_ID, 0) != 0)
		return 0;
	s->repair_off = 1;
	return 1;
}

/* The bundled stock config NAME, into B. */
static void
bundled_config(const struct zh_session_opts *o, const char *name,
	       struct zh_buf *b)
{
	struct stat st;

	zh_buf_clear(b);
	zh_buf_printf(b, "%s/%s.json", o->bundled_dir, name);
	if (stat(zh_buf_cstr(b), &st) != 0) {
		zh_buf_clear(b);
		zh_buf_printf(b, "%s/config/%s.json", o->bundled_dir, name);
	}
}

/*
 * The residue repair (repair.h), where the output is Traditional: after a
 * stock config from Traditional to Traditional (t2tw, t2hk, tw2t, hk2t),
 * and with -c none on text found to be Traditional (--region=auto) or not
 * found to be Simplified (--region=tw or hk).  It always runs on the bundled data (its phrases are
 * zhnorm's knowledge, whatever converts), back to the region's forms.
 * The session keeps one repair open, so that its dictionaries stay loaded
 * for the workers'.  Returns 0, or -1 with ERR set.
 */
static int
setup_repair(struct zh_session *s, const struct zh_session_opts *o,
	     struct zh_error *err)
{
	struct zh_buf b = ZH_BUF_INIT;
	const char *full;
	unsigned region;

	if (s->place.converting) {
		if (s->ci == NULL || s->ci->from != ZH_SCRIPT_HANT ||
		    s->ci->to != ZH_SCRIPT_HANT)
			return 0;
		region = s->ci->region;
	} else if (s->region_auto)
		region = 0;
	else if (s->place.region & (ZH_REGION_TW | ZH_REGION_HK))
		region = s->place.region;
	else
		return 0;
	full = region == ZH_REGION_TW ? "s2tw" : region == ZH_REGION_HK ? "s2hk" :
	       "s2t";
	if ((s->rpaths[2] = zh_search(&s->sp, "repair-phrases", ".json")) == NULL) {
		zh_error_set(err, NULL, 0, 0, "repair-phrases.json: not found "
			     "beside the rule tables (needed by rule %s)",
			     ZH_REPAIR_ID);
		return fail(err, ZHNORM_EDATA);
	}
	bundled_config(o, "t2s", &b);
	s->rpaths[0] = zh_xstrdup(zh_buf_cstr(&b));
	bundled_config(o, full, &b);
	s->rpaths[1] = zh_xstrdup(zh_buf_cstr(&b));
	zh_buf_free(&b);
	s->rconf.t2s = s->rpaths[0];
	s->rconf.full = s->rpaths[1];
	s->rconf.phrases = s->rpaths[2];
	/* Copies: the workers open the repair later, when the caller's
	 * options may be gone (the library's are on its stack). */
	snprintf(s->rbundled, sizeof s->rbundled, "%s", o->bundled_dir);
	snprintf(s->rcompiled, sizeof s->rcompiled, "%s", o->bundled_compiled);
	s->rconf.cc.datadir = s->rbundled;
	s->rconf.cc.compiled_dir = s->rcompiled;
	if ((s->rhold = zh_repair_open(&s->rconf, err)) == NULL)
		return fail(err, ZHNORM_EDATA);
	s->pipe.repair = &s->rconf;
	s->pipe.repair_when = s->place.converting ? ZH_REPAIR_ALWAYS :
			      s->region_auto ? ZH_REPAIR_HANT : ZH_REPAIR_NOT_HANS;
	return 0;
}

/* The rule tables: the profile's, then the others; or those alone. */
static int
load_tables(struct zh_session *s, const struct zh_session_opts *o,
	    struct zh_error *err)
{
	size_t i;

	if (!o->only_tables &&
	    zh_locate_profile(&s->rs, &s->sp, o->profile, err) < 0)
		return fail(err, ZHNORM_ERULES);
	for (i = 0; i < o->ntables; i++)
		if (zh_locate_table(&s->rs, &s->sp, o->tables[i], err) < 0)
			return fail(err, ZHNORM_ERULES);
	/* A settings file's disable that matches nothing is an error too,
	 * unless other tables than the file was written for are in use. */
	for (i = 0; !o->only_tables && i < o->nfile_disable; i++)
		if (zh_ruleset_disable(&s->rs, o->file_disable[i]) == 0 &&
		    !repair_disable(s, o->file_disable[i]) &&
		    o->file_disable_strict) {
			zh_error_set(err, NULL, 0, 0, "%s: disable = %s: no rule has that id",
				     o->file_path ? o->file_path : "settings",
				     o->file_disable[i]);
			return fail(err, ZHNORM_ERULES);
		}
	return 0;
}

/* The disables asked for: each must match a rule of the set. */
static int
disable_rules(struct zh_session *s, const struct zh_session_opts *o,
	      struct zh_error *err)
{
	size_t i;

	for (i = 0; i < o->ndisable; i++)
		if (zh_ruleset_disable(&s->rs, o->disable[i]) == 0 &&
		    !repair_disable(s, o->disable[i])) {
			zh_error_set(err, NULL, 0, 0, "--disable=%s: no rule has that id",
				     o->disable[i]);
			return fail(err, ZHNORM_ERULES);
		}
	return 0;
}

struct opener {
	pthread_t thread;
	int started;
	const char *path;
	const struct zh_convert_opts *opts;
	struct zh_converter *conv;
	struct zh_error err;
};

static void *
open_converter(void *arg)
{
	struct opener *op = arg;

	op->conv = zh_converter_open_with(op->path, op->opts, &op->err);
	return NULL;
}

/* Waits for the converter; returns it, or NULL with OP->err set. */
static struct zh_converter *
opener_join(struct opener *op)
{
	if (!op->started)
		return op->conv;
	pthread_join(op->thread, NULL);
	op->started = 0;
	return op->conv;
}

int
zh_session_open(struct zh_session *s, const struct zh_session_opts *o,
		struct zh_error *err)
{
	struct opener op;
	int rc = -1;

	memset(s, 0, sizeof *s);
	memset(&op, 0, sizeof op);
	zh_error_clear(err);
	zh_search_path_init(&s->sp, o->rules_path, o->datadir);
	zh_ruleset_init(&s->rs);
	if (o->tofu && o->engine != ZH_ENGINE_NATIVE) {
		zh_error_set(err, NULL, 0, 0, "--tofu needs --engine=native");
		return fail(err, ZHNORM_EARG);
	}
	if (choose_data(s, o, err) < 0 || choose_config(s, o, err) < 0)
		return -1;
	if (s->place.converting && !o->setup_only) {
		op.path = s->opencc_path;
		op.opts = &s->copts;
		if (pthread_create(&op.thread, NULL, open_converter, &op) == 0)
			op.started = 1;
		else
			open_converter(&op);
	}
	if ((!o->no_rules || o->only_tables) && load_tables(s, o, err) < 0)
		goto out;
	if (disable_rules(s, o, err) < 0)
		goto out;
	if (!o->no_rules && !o->setup_only && !s->repair_off &&
	    setup_repair(s, o, err) < 0)
		goto out;
	s->pipe.rules = &s->rs;

	s->pipe.opencc_path = s->place.converting ? s->opencc_path : NULL;
	s->pipe.convert_opts = &s->copts;
	s->pipe.config_name = s->ci != NULL ? s->ci->name : o->config;
	s->pipe.skip_ascii = s->ci != NULL;	/* stock configs and our overlays */
	s->pipe.check = o->check;
	s->pipe.diff = o->diff;
	s->pipe.format = o->format;
	s->pipe.invalid_pass = o->invalid_pass;
	s->pipe.markup_guess = o->markup_guess;
	s->pipe.markup = o->markup;
	s->pipe.markers = !o->no_rules;
	s->pipe.keep_markers = o->keep_markers;
	s->pipe.keep_lang = o->keep_lang;
	s->no_engine = o->no_rules || o->setup_only;
	zh_session_pipeline(s, o->check, &s->pipe);
	s->engine = (struct zh_engine *)s->pipe.engine;
	rc = 0;
out:
	if (s->place.converting && !o->setup_only) {
		s->first = opener_join(&op);
		if (s->first == NULL && rc == 0) {
			*err = op.err;
			rc = fail(err, ZHNORM_ECONFIG);
		}
	}
	return rc;
}

/* The placement of the rules for text of script SC under --region=auto:
 * Simplified text is the mainland's; Traditional text gets the rules that
 * Taiwan and Hong Kong share.  Text that is neither (no character only
 * one script has, or both mixed) gets no region's rules; of the rules
 * written for one script, those for Simplified run, as without --region
 * (Traditional-side rules repair Simplified residue: on text that may be
 * Simplified they would do harm). */
static struct zh_placement
auto_place(const struct zh_session *s, enum zh_script sc, int check)
{
	struct zh_placement p = s->place;

	p.check = check;
	p.from = p.to = sc == ZH_SCRIPT_HANT ? ZH_SCRIPT_HANT : ZH_SCRIPT_HANS;
	p.region = sc == ZH_SCRIPT_HANS ? ZH_REGION_CN :
		   sc == ZH_SCRIPT_HANT ? (ZH_REGION_TW | ZH_REGION_HK) : 0;
	return p;
}

void
zh_session_pipeline(struct zh_session *s, int check, struct zh_pipeline *p)
{
	struct zh_engine **e = s->by_script[check != 0];
	struct zh_placement place = s->place;
	int k;

	*p = s->pipe;
	p->check = check;
	p->region_auto = 0;
	p->engine = NULL;
	memset(p->by_script, 0, sizeof p->by_script);
	if (s->no_engine) {
		p->rules = NULL;
		return;
	}
	if (!s->region_auto) {
		place.check = check;
		if (e[0] == NULL)
			e[0] = zh_engine_new(&s->rs, &place);
		p->engine = e[0];
		return;
	}
	for (k = ZH_SCRIPT_ANY; k <= ZH_SCRIPT_HANT; k++) {
		if (e[k] == NULL) {
			place = auto_place(s, (enum zh_script)k, check);
			e[k] = zh_engine_new(&s->rs, &place);
		}
		p->by_script[k] = e[k];
	}
	p->region_auto = 1;
	p->engine = e[ZH_SCRIPT_ANY];
}

struct zh_converter *
zh_session_take_converter(struct zh_session *s)
{
	struct zh_converter *c = s->first;

	s->first = NULL;
	return c;
}

void
zh_session_free(struct zh_session *s)
{
	if (s == NULL)
		return;
	zh_converter_close(s->first);
	zh_repair_close(s->rhold);
	for (int i = 0; i < 3; i++)
		free(s->rpaths[i]);
	memset(s->rpaths, 0, sizeof s->rpaths);
	s->rhold = NULL;
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 3; k++)
			zh_engine_free(s->by_script[i][k]);
	memset(s->by_script, 0, sizeof s->by_script);
	zh_ruleset_free(&s->rs);
	zh_search_path_free(&s->sp);
	free(s->opencc_path);
	s->first = NULL;
	s->engine = NULL;
	s->opencc_path = NULL;
}
