/*
 * table.h - rule tables: the parsed and compiled form of the dict/ *.rules files.
 *
 * A table is a UTF-8 text file of rule blocks (the format is documented in
 * zhnorm-rules(5)):
 *
 *   # comment
 *   [formula.quote-four-consciousness]
 *   match   = (?<![“「])四个意识(?![”」])
 *   replace = “四个意识”
 *   script  = hans
 *   level   = fix
 *   message = 数字式提法应加引号
 *   example = 增强四个意识 => 增强“四个意识”
 *
 * Loading parses the text, compiles every pattern (UTF, UCP, invalid UTF-8
 * tolerated in subjects, JIT when available) and every replacement template,
 * and checks that ids are unique across everything loaded into the set.
 * Applying rules to text is the business of rules.h, not this module.
 */
#ifndef ZH_TABLE_H
#define ZH_TABLE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "template.h"

enum zh_script {
	ZH_SCRIPT_ANY = 0,	/* script-neutral: punctuation, Unicode hygiene */
	ZH_SCRIPT_HANS,		/* written for Simplified text */
	ZH_SCRIPT_HANT,		/* written for Traditional text */
	ZH_SCRIPT_JPAN		/* Japanese shinjitai (t2jp output, jp2t input):
				 * no rule is written for it */
};

/* Region bits; a rule with regions == 0 applies everywhere. */
#define ZH_REGION_CN 0x1u
#define ZH_REGION_TW 0x2u
#define ZH_REGION_HK 0x4u

enum zh_level {
	ZH_LEVEL_FIX = 0,	/* changes text */
	ZH_LEVEL_WARN		/* only reports, in --check */
};

enum zh_example_kind {
	ZH_EXAMPLE_CHANGE,	/* example = IN => OUT: the rule turns IN into OUT */
	ZH_EXAMPLE_FINDING,	/* example = IN: a warn rule reports something
				 * in IN, a protect rule protects something */
	ZH_EXAMPLE_UNCHANGED	/* unchanged = IN: the rule neither changes,
				 * reports nor protects anything in IN */
};

struct zh_example {
	enum zh_example_kind kind;
	char *input;		/* escapes already decoded; NUL-terminated */
	char *output;		/* ZH_EXAMPLE_CHANGE only, else NULL; for a warn
				 * rule with a replace, the suggested text */
	unsigned long line;	/* line of the example in the table file */
};

struct zh_rule {
	char *id;
	const char *file;	/* path of the table; owned by the ruleset */
	const char *table;	/* table name (file name without .rules); owned by the ruleset */
	unsigned long line;	/* line of the [id] header */
	char *pattern;		/* the match value as written */
	pcre2_code *code;
	int jit;		/* CODE is JIT-compiled: pcre2_jit_match may run it */
	struct zh_template *replace;	/* NULL for protect rules and for warn
					 * rules without a suggestion */
	int protect;		/* protect = yes */
	enum zh_script script;	/* default ZH_SCRIPT_ANY */
	unsigned regions;	/* ZH_REGION_* bits; 0 = every region */
	enum zh_level level;	/* default ZH_LEVEL_FIX */
	char *message;		/* NULL when not given */
	struct zh_example *examples;
	size_t nexamples;
	int disabled;		/* set by zh_ruleset_disable */
};

struct zh_ruleset {
	struct zh_rule *rules;	/* in load order: table order, then file order */
	size_t nrules, caprules;
	char **strings;		/* file paths and table names owned by the set */
	size_t nstrings, capstrings;
	uint32_t max_groups;	/* largest capture count + 1 over all rules */
};

void zh_ruleset_init(struct zh_ruleset *rs);
/* Frees every rule and string of RS; RS may then be reused after init. */
void zh_ruleset_free(struct zh_ruleset *rs);

/*
 * Reads the table at PATH and appends its rules to RS.  NAME is the table
 * name shown in listings (NULL: derived from PATH).  Returns 0, or -1 with
 * ERR set to "PATH:LINE[:COL]" and a message; on error RS is unchanged.
 * A directory, an unreadable file, invalid UTF-8, an unknown key, a missing
 * match, a duplicate id, a bad pattern or template: each is an error.
 */
int zh_ruleset_load_file(struct zh_ruleset *rs, const char *path,
			 const char *name, struct zh_error *err);

/* The same for a table held in memory (TEXT[0..LEN)); PATH is used only in
 * messages and in the rules' file field. */
int zh_ruleset_load_mem(struct zh_ruleset *rs, const char *text, size_t len,
			const char *path, const char *name,
			struct zh_error *err);

/* Marks every rule whose id matches the fnmatch(3) glob PATTERN as disabled.
 * Returns how many rules matched. */
size_t zh_ruleset_disable(struct zh_ruleset *rs, const char *pattern);

/* Returns the rule with id ID, or NULL. */
struct zh_rule *zh_ruleset_find(struct zh_ruleset *rs, const char *id);

#endif
