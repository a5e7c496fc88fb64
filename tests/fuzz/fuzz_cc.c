/*
 * fuzz_cc.c - libFuzzer harness for the native conversion engine, with
 * libopencc as the oracle: both open the same stock config on Debian's
 * data (/usr/share/opencc), and must write the same bytes.
 *
 * The first byte picks the config (of the 14) and how the rest is read:
 *   mode 0: as bytes; like the conversion stage, each run of valid UTF-8
 *           without NUL goes to both engines, the rest is skipped;
 *   mode 1: as 2-byte indexes into the keys of STPhrases and TSPhrases,
 *           glued together, with the odd byte picking a separator;
 *   mode 2: each byte a character of a small alphabet of ASCII, common
 *           Han characters of both scripts, kana, and 4-byte characters.
 * A difference, a crash, a leak or a bad read is a finding.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "convert.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const configs[14] = {
	"s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s",
	"t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t"
};
static struct zh_converter *native[14], *ref[14];
static char **keys;
static size_t nkeys;

static const char *const alphabet[] = {
	"a", " ", "1", ",", "\xe3\x80\x82", "\xef\xbc\x8c",
	"\xe5\x90\x8e", "\xe5\xbe\x8c", "\xe5\x8f\x91", "\xe7\x99\xbc",
	"\xe9\xab\xae", "\xe5\xb9\xb2", "\xe4\xb9\xbe", "\xe5\xb9\xb9",
	"\xe5\x8f\xb0", "\xe8\x87\xba", "\xe9\xa2\xb1", "\xe9\x9d\xa2",
	"\xe9\xba\xb5", "\xe4\xb8\xad", "\xe5\x9b\xbd", "\xe5\x9c\x8b",
	"\xe8\xbd\xaf", "\xe4\xbb\xb6", "\xe9\xbc\xa0", "\xe6\xa0\x87",
	"\xe3\x81\x82", "\xe3\x82\xa2", "\xe5\xae\x9f", "\xe5\xaf\xa6",
	"\xf0\xa0\x80\x80", "\xf0\xa0\xae\xb7", "\xf0\x9f\x98\x80",
	"\xf0\xaa\x9a\xb2", "\xef\xa4\x80", "\xe7\xba\xbf",
};

static void
load_keys(const char *name)
{
	char tmp[] = "/tmp/zh-fuzz-keys-XXXXXX", cmd[512], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;
	int fd = mkstemp(tmp);

	if (fd < 0)
		__builtin_trap();
	close(fd);
	snprintf(cmd, sizeof cmd,
		 "opencc_dict -i /usr/share/opencc/%s.ocd2 -o %s -f ocd2 -t text >/dev/null 2>&1",
		 name, tmp);
	if (system(cmd) != 0 || (fp = fopen(tmp, "r")) == NULL)
		__builtin_trap();
	while ((n = getline(&line, &cap, fp)) > 0) {
		char *tab = strchr(line, '\t');

		if (tab == NULL)
			continue;
		keys = realloc(keys, (nkeys + 1) * sizeof *keys);
		keys[nkeys++] = strndup(line, (size_t)(tab - line));
	}
	free(line);
	fclose(fp);
	unlink(tmp);
}

static void
setup(void)
{
	struct zh_convert_opts opt;
	struct zh_error err;
	char path[256];
	int k;

	memset(&opt, 0, sizeof opt);
	opt.engine = ZH_ENGINE_NATIVE;
	opt.cc.datadir = "/usr/share/opencc";
	for (k = 0; k < 14; k++) {
		snprintf(path, sizeof path, "/usr/share/opencc/%s.json", configs[k]);
		native[k] = zh_converter_open_with(path, &opt, &err);
		ref[k] = zh_converter_open(path, &err);
		if (native[k] == NULL || ref[k] == NULL)
			__builtin_trap();
	}
	load_keys("STPhrases");
	load_keys("TSPhrases");
}

static void
compare(int k, const char *s, size_t n)
{
	struct zh_buf a = ZH_BUF_INIT, b = ZH_BUF_INIT;
	struct zh_error err;

	if (n == 0)
		return;
	if (zh_converter_run(native[k], s, n, &a, &err) < 0 ||
	    zh_converter_run(ref[k], s, n, &b, &err) < 0)
		__builtin_trap();
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
		fprintf(stderr, "%s: native and libopencc differ on \"%.*s\":\n"
			"native    \"%.*s\"\nlibopencc \"%.*s\"\n", configs[k],
			(int)n, s, (int)a.len, a.data, (int)b.len, b.data);
		__builtin_trap();
	}
	zh_buf_free(&a);
	zh_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct zh_buf in = ZH_BUF_INIT;
	int k, mode;
	size_t i;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (size < 1)
		return 0;
	k = data[0] % 14;
	mode = (data[0] / 14) % 3;
	data++;
	size--;
	if (mode == 0) {
		const char *s = (const char *)data;

		for (i = 0; i < size;) {
			size_t valid = zh_utf8_valid_prefix(s + i, size - i);
			const char *nul = memchr(s + i, '\0', valid);
			size_t run = nul != NULL ? (size_t)(nul - (s + i)) : valid;

			compare(k, s + i, run);
			i += run + (i + run < size);
		}
		return 0;
	}
	if (mode == 1) {
		for (i = 0; i + 1 < size; i += 3) {
			zh_buf_puts(&in, keys[((size_t)data[i] << 8 | data[i + 1]) * 7 % nkeys]);
			if (i + 2 < size && data[i + 2] < 0x40)
				zh_buf_puts(&in, alphabet[data[i + 2] % (sizeof alphabet / sizeof *alphabet)]);
		}
	} else {
		for (i = 0; i < size; i++)
			zh_buf_puts(&in, alphabet[data[i] % (sizeof alphabet / sizeof *alphabet)]);
	}
	compare(k, in.data, in.len);
	zh_buf_free(&in);
	return 0;
}
