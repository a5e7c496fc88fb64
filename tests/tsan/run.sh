#!/bin/sh
# tests/tsan/run.sh [CORPUS] - builds zhnorm with ThreadSanitizer in a copy
# of the source tree and runs -j on a multi-chunk input for several
# configs, with rules, --check and --diff, comparing each with -j1.  Any
# ThreadSanitizer report or difference fails.  Not part of `make check`
# (a TSan build is slow); run it after changing the scheduler.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rsync -a --exclude .git "$top/" "$work/src/"
cd "$work/src"
make distclean >/dev/null 2>&1 || true
autoreconf -fi >/dev/null 2>&1
./configure -q --enable-sanitizers=thread
make -j2 src/zhnorm >/dev/null
Z=$work/src/src/zhnorm
export ZHNORM_RULES_PATH=$work/src/dict TSAN_OPTIONS="halt_on_error=1 exitcode=66"
in=${1:-}
if [ -z "$in" ]; then
	in=$work/in
	{
		cat tests/data/sample.txt
		[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
		awk 'BEGIN { for (i = 0; i < 30000; i++) printf "第%d条，汉字和后来的“四个意识”。\n", i }'
	} >"$in"
fi
status=0
for args in "-c s2t" "-c s2tw" "-c none" "-c t2s" "-c s2t --check" "-c s2t --diff" "-c s2t --no-rules"; do
	# shellcheck disable=SC2086
	"$Z" $args -j1 "$in" >"$work/one" 2>"$work/err1" || true
	# shellcheck disable=SC2086
	"$Z" $args -j4 "$in" >"$work/four" 2>"$work/err4" || true
	if grep -q 'ThreadSanitizer' "$work/err4"; then
		echo "FAIL $args: ThreadSanitizer report:"
		head -n 40 "$work/err4"
		status=1
	elif ! cmp -s "$work/one" "$work/four"; then
		echo "FAIL $args: -j4 differs from -j1"
		status=1
	else
		echo "ok   $args -j4: no report, same output"
	fi
done
# Workers whose OpenCC open fails (the fault shim lets only the first one
# through) end early while the first does the work.
cc -shared -fPIC -o "$work/shim.so" tests/data/faultshim.c -ldl
LD_PRELOAD=$work/shim.so ZHNORM_TEST_OPENCC_OPENS=1 "$Z" --engine=libopencc -c s2t -j4 "$in" \
	>"$work/four" 2>"$work/err4" || true
"$Z" -c s2t -j1 "$in" >"$work/one" 2>/dev/null || true
if grep -q 'ThreadSanitizer' "$work/err4"; then
	echo "FAIL -j4 with failing opens: ThreadSanitizer report:"
	head -n 40 "$work/err4"
	status=1
elif ! cmp -s "$work/one" "$work/four" || ! grep -q 'going on with fewer' "$work/err4"; then
	echo "FAIL -j4 with failing opens: output differs or no warning"
	status=1
else
	echo "ok   -c s2t -j4, three opens failing: no report, same output, a warning"
fi
exit $status
