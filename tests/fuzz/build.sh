#!/bin/sh
# tests/fuzz/build.sh [OUTDIR] - builds the libFuzzer harnesses with clang
# (-fsanitize=fuzzer,address,undefined) from a configured source tree.
# Run them from OUTDIR, for example:
#   tests/fuzz/build.sh /tmp/fuzz
#   /tmp/fuzz/fuzz_table tests/fuzz/corpus/table -max_total_time=600
#   /tmp/fuzz/fuzz_cc tests/fuzz/corpus/cc -max_total_time=600   (oracle: libopencc)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/fuzz}
build=${ZH_BUILD:-$top}	# where config.h is
mkdir -p "$out"
cc=${CC_FUZZ:-clang}
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c11 -DZH_FUZZ_DICT=\"$top/dict\""
srcs=$(ls "$top"/src/*.c | grep -v -e '/main\.c$' -e '/dictc\.c$')
libs="$(pkg-config --cflags --libs libpcre2-8 opencc jansson) -lstdc++ -lpthread"
for h in fuzz_table fuzz_template fuzz_pipeline fuzz_cc fuzz_lib fuzz_markup; do
	# shellcheck disable=SC2086
	$cc $flags -I"$build" -iquote "$top/src" -DZH_PKGDATADIR='"/nonexistent"' \
		-DZH_BUILD_EXE='"/nonexistent"' -DZH_BUILD_DICTDIR='"/nonexistent"' \
		$srcs "$top/tests/fuzz/$h.c" $libs -o "$out/$h"
	echo "built $out/$h"
done
