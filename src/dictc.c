/*
 * dictc.c - zhnorm-dictc TEXT... OUT: compiles text dictionaries into the
 * form the native engine maps (see zh_cc_compile and zh_cc_compile_merged
 * in cc.h).  Run at build time over the bundled OpenCC data, one TEXT for
 * each dictionary and several for each group of them that the stock
 * configs match through one merged dictionary; also for a
 * --opencc-data=DIR of one's own (DIR/compiled/NAME.zhd for
 * DIR/dictionary/NAME.txt, DIR/compiled/A+B.zhd for A.txt and B.txt).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cc.h"
#include "error.h"

int
main(int argc, char **argv)
{
	struct zh_error err;
	char line[2200];

	if (argc < 3) {
		fputs("usage: zhnorm-dictc TEXT... OUT\n", stderr);
		return 2;
	}
	zh_error_clear(&err);
	if (zh_cc_compile_merged((const char *const *)argv + 1, (size_t)argc - 2,
				 argv[argc - 1], &err) < 0) {
		zh_error_format(&err, line, sizeof line);
		fprintf(stderr, "%s\n", line);
		return 2;
	}
	return 0;
}
