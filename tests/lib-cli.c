/*
 * lib-cli.c - a filter on libzhnorm alone, for tests/lib-diff.sh: it reads
 * standard input whole and writes what zhnorm_convert gives, or with
 * --check one line per finding (LINE COLUMN OFFSET LENGTH LEVEL RULE
 * BEFORE AFTER, tab-separated).  It takes the options of zhnorm(1) that
 * map onto struct zhnorm_options; any other is exit 77.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zhnorm.h"

#define MAXLIST	32

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "profile", required_argument, NULL, 'p' },
		{ "rules", required_argument, NULL, 'r' },
		{ "markup", required_argument, NULL, 'm' },
		{ "no-rules", no_argument, NULL, 'N' },
		{ "disable", required_argument, NULL, 'D' },
		{ "region", required_argument, NULL, 'R' },
		{ "engine", required_argument, NULL, 'E' },
		{ "opencc-data", required_argument, NULL, 'O' },
		{ "keep-markers", no_argument, NULL, 'K' },
		{ "keep-lang", no_argument, NULL, 'L' },
		{ "invalid", required_argument, NULL, 'I' },
		{ "check", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct zhnorm_options o = ZHNORM_OPTIONS_INIT;
	const char *tables[MAXLIST + 1] = { NULL }, *disable[MAXLIST + 1] = { NULL };
	size_t nt = 0, nd = 0, len = 0, cap = 1 << 16, n, outlen;
	char *in = malloc(cap), *out, err[1024];
	int c, check = 0, rc, code;
	zhnorm *h;

	while ((c = getopt_long(argc, argv, "c:p:r:m:n", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o.config = optarg; break;
		case 'p': o.profile = optarg; break;
		case 'r': if (nt < MAXLIST) tables[nt++] = optarg; break;
		case 'D': if (nd < MAXLIST) disable[nd++] = optarg; break;
		case 'N': o.no_rules = 1; break;
		case 'R': o.region = optarg; break;
		case 'O': o.opencc_data = optarg; break;
		case 'K': o.keep_markers = 1; break;
		case 'L': o.keep_lang = 1; break;
		case 'n': check = 1; break;
		case 'I': o.invalid_pass = strcmp(optarg, "pass") == 0; break;
		case 'E':
			o.engine = strcmp(optarg, "libopencc") == 0 ?
				   ZHNORM_ENGINE_LIBOPENCC : ZHNORM_ENGINE_NATIVE;
			break;
		case 'm':
			o.markup = strcmp(optarg, "html") == 0 ? ZHNORM_MARKUP_HTML :
				   strcmp(optarg, "markdown") == 0 ?
				   ZHNORM_MARKUP_MARKDOWN : ZHNORM_MARKUP_TEXT;
			break;
		default:
			return 77;
		}
	}
	if (optind < argc)
		return 77;
	o.tables = nt > 0 ? tables : NULL;
	o.disable = nd > 0 ? disable : NULL;
	while ((n = fread(in + len, 1, cap - len, stdin)) > 0)
		if ((len += n) == cap)
			in = realloc(in, cap *= 2);
	if ((h = zhnorm_open(&o, &code, err, sizeof err)) == NULL) {
		fprintf(stderr, "lib-cli: %s (code %d)\n", err, code);
		return 2;
	}
	if (!check) {
		rc = zhnorm_convert(h, in, len, &out, &outlen);
		if (out != NULL)
			fwrite(out, 1, outlen, stdout);
		zhnorm_free(out);
	} else {
		zhnorm_findings *fs;
		const struct zhnorm_finding *f;

		rc = zhnorm_check(h, in, len, &fs);
		while ((f = zhnorm_findings_next(fs)) != NULL)
			printf("%lu\t%lu\t%zu\t%zu\t%s\t%s\t%s\t%s\n", f->line,
			       f->column, f->offset, f->length,
			       f->level == ZHNORM_WARN ? "warn" : "fix", f->rule,
			       f->before, f->after ? f->after : "(none)");
		zhnorm_findings_free(fs);
	}
	if (rc != ZHNORM_OK)
		fprintf(stderr, "lib-cli: %s (code %d)\n", zhnorm_errmsg(h), rc);
	zhnorm_close(h);
	free(in);
	return rc == ZHNORM_OK ? 0 : 2;
}
