#!/bin/sh
# The native engine against libopencc: for every stock config, on Debian's
# own OpenCC data, `zhnorm --engine=native --no-rules` must write exactly
# the bytes that `--engine=libopencc` writes, and those are the bytes of
# OpenCC's own command line (tests/opencc-diff.sh).  Also a user config
# with text dictionaries, and -j4 against -j1.
#
# The text is the bundled sample, Debian's fortunes-zh when installed, and
# $ZHNORM_DIFF_CORPUS when set (CI passes a few MB built by make-corpus);
# the Traditional and Japanese inputs are made from it with libopencc.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
[ -r /usr/share/opencc/s2t.json ] || {
	echo "SKIP Debian's OpenCC data (/usr/share/opencc) is not installed"
	exit 77
}
command -v opencc_dict >/dev/null || {
	echo "SKIP opencc_dict (Debian package opencc) is not installed: the native engine cannot read ocd2"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A cache of our own, so that the test also covers converting ocd2.
XDG_CACHE_HOME=$tmp/cache; export XDG_CACHE_HOME
{
	cat "$top_srcdir/tests/data/sample.txt"
	[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
	[ -n "${ZHNORM_DIFF_CORPUS:-}" ] && cat "$ZHNORM_DIFF_CORPUS"
} >"$tmp/hans"
ref() { "$ZHNORM" --no-settings --engine=libopencc --no-rules -j1 -c "$@"; }
ref s2t <"$tmp/hans" >"$tmp/hant"
ref s2tw <"$tmp/hans" >"$tmp/tw"
ref s2hk <"$tmp/hans" >"$tmp/hk"
ref t2jp <"$tmp/hant" >"$tmp/jp"
echo "corpus: $(wc -c <"$tmp/hans") bytes, $(wc -l <"$tmp/hans") lines"

fail=0
checked=0
for pair in s2t:hans s2tw:hans s2twp:hans s2hk:hans t2s:hant tw2s:tw tw2sp:tw \
	    hk2s:hk t2tw:hant tw2t:tw t2hk:hant hk2t:hk t2jp:hant jp2t:jp; do
	config=${pair%%:*}
	input=$tmp/${pair#*:}
	ref "$config" <"$input" >"$tmp/want" || { echo "FAIL $config: libopencc run failed"; fail=1; continue; }
	"$ZHNORM" --no-settings --engine=native --opencc-data=system --no-rules -j1 \
		-c "$config" <"$input" >"$tmp/got"
	st=$?
	if cmp -s "$input" "$tmp/want"; then
		echo "FAIL $config: the input is not changed by conversion, so it proves nothing"
		fail=1
	elif [ $st = 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $config ($(wc -c <"$input") bytes)"
		checked=$((checked + 1))
	else
		echo "FAIL $config (exit $st): native and libopencc differ"
		cmp "$tmp/want" "$tmp/got" | head -3
		fail=1
	fi
done

# With the rules and the overlays (user configs mixing text and ocd2).
for config in s2twp tw2sp s2t; do
	"$ZHNORM" --no-settings --engine=libopencc -j1 -c "$config" <"$tmp/hans" >"$tmp/want" 2>"$tmp/err"
	st1=$?
	"$ZHNORM" --no-settings --engine=native --opencc-data=system -j1 -c "$config" <"$tmp/hans" >"$tmp/got" 2>>"$tmp/err"
	st2=$?
	if [ $st1 != 0 ] || [ $st2 != 0 ] || [ ! -s "$tmp/want" ] || cmp -s "$tmp/hans" "$tmp/want"; then
		echo "FAIL $config with rules: exit $st1 and $st2, or no conversion"
		head -3 "$tmp/err"
		fail=1
	elif cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $config with rules"
		checked=$((checked + 1))
	else
		echo "FAIL $config with rules: native and libopencc differ"
		cmp "$tmp/want" "$tmp/got" | head -3
		fail=1
	fi
done

# -j4 writes what -j1 writes.
"$ZHNORM" --no-settings --engine=native --no-rules -j4 -c s2twp <"$tmp/hans" >"$tmp/got4"
"$ZHNORM" --no-settings --engine=native --no-rules -j1 -c s2twp <"$tmp/hans" >"$tmp/got1"
if cmp -s "$tmp/got1" "$tmp/got4"; then
	echo "ok   -j4 = -j1"
	checked=$((checked + 1))
else
	echo "FAIL native -j4 and -j1 differ"
	fail=1
fi
[ -n "$(ls "$tmp/cache/zhnorm/ocd2" 2>/dev/null)" ] || {
	echo "FAIL the ocd2 cache was not written"
	fail=1
}
# Each cached text has its compiled copy beside it, and that is used.
for t in "$tmp"/cache/zhnorm/ocd2/*.txt; do
	[ -f "${t%.txt}.zhd" ] || { echo "FAIL no compiled copy of $t"; fail=1; }
done
if command -v strace >/dev/null; then
	echo 汉字 | strace -f -e trace=openat "$ZHNORM" --no-settings --opencc-data=system --no-rules -c s2t \
		2>"$tmp/trace" >/dev/null
	grep -q 'STPhrases[^"]*\.zhd"' "$tmp/trace" ||
		{ echo "FAIL the compiled copy of STPhrases is not opened"; fail=1; }
fi
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
