/*
 * repair.h - the residue stage: Simplified characters and words left in
 * Traditional text, converted in context.
 *
 * Machine-made Traditional text keeps Simplified residue: characters that
 * exist only in Simplified (并, 这), and words whose characters are valid
 * Traditional one by one but not together (干部 for 幹部, 關于 for 關於).
 * The stage takes each run of non-ASCII text, converts it to Simplified
 * (t2s) and back (the region's s2t config, FULL) and also back with
 * OpenCC's phrases alone (PHRASES: characters no phrase covers stay as
 * they are), and keeps a character of the round trip only where:
 *  - the input has a character only Simplified has, and the round trip
 *    gives one Traditional has; or
 *  - the input's character is, in Simplified, one of a few that are
 *    frequent residue or have several Traditional forms (repair.c), and a
 *    phrase with one value, not a character's default, changes it, and no
 *    phrase starting at it keeps it (干部 and 乾部 -> 幹部, 关于 -> 關於,
 *    頭發 -> 頭髮; a lone 干, 后 or 范 is left as it is, and so is 干涉,
 *    whose phrase keeps 干).
 * Everything else, all text written in Traditional in the first place
 * included, stays as it is, and so does a run whose round trip changes
 * its length.  A few pairs both regions write either way are never
 * changed (台 of 台灣 to 臺).
 *
 * Changes are reported under the rule id ZH_REPAIR_ID.
 */
#ifndef ZH_REPAIR_H
#define ZH_REPAIR_H

#include <stddef.h>

#include "cc.h"
#include "error.h"
#include "record.h"

#define ZH_REPAIR_ID	"residue.hant-context"

/* The three configs of a repair (paths of OpenCC JSON configs) and the
 * options they are opened with. */
struct zh_repair_conf {
	const char *t2s;	/* Traditional to Simplified */
	const char *full;	/* back: s2t, s2tw or s2hk */
	const char *phrases;	/* back with phrases only */
	struct zh_cc_options cc;
};

struct zh_repair;

/* Opens the configs of CONF.  Returns a repair stage for one thread,
 * which the caller closes with zh_repair_close, or NULL with ERR set. */
struct zh_repair *zh_repair_open(const struct zh_repair_conf *conf,
				 struct zh_error *err);
void zh_repair_close(struct zh_repair *r);

/* Repairs the record's text outside its protected ranges (only valid
 * UTF-8 without NUL bytes is looked at).  In tracking mode each changed
 * run of characters is an edit and a finding of zh_repair_rule().
 * Returns the number of characters changed. */
long zh_repair_record(struct zh_repair *r, struct zh_record *rec);

/* The rule the stage's findings name: id ZH_REPAIR_ID, level fix.  It
 * lives as long as the process. */
const struct zh_rule *zh_repair_rule(void);

#endif
