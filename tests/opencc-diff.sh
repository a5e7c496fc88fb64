#!/bin/sh
# The differential test: for every stock config, `zhnorm --opencc-data=system
# --no-rules` must write exactly the bytes that OpenCC's own command line
# writes (Debian's OpenCC reads only Debian's data).
#
# The text is the bundled sample, Debian's fortunes-zh when installed, and
# $ZHNORM_DIFF_CORPUS when set (CI passes a few MB built by make-corpus);
# the Traditional and Japanese inputs are made from it with opencc itself.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
opencc=${OPENCC_BIN:-}
[ -n "$opencc" ] || opencc=$(command -v opencc) || {
	echo "FAIL opencc(1) is not installed (Debian package opencc): cannot compare"
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	cat "$top_srcdir/tests/data/sample.txt"
	[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
	[ -n "${ZHNORM_DIFF_CORPUS:-}" ] && cat "$ZHNORM_DIFF_CORPUS"
} >"$tmp/hans"
"$opencc" -c s2t.json <"$tmp/hans" >"$tmp/hant"
"$opencc" -c s2tw.json <"$tmp/hans" >"$tmp/tw"
"$opencc" -c s2hk.json <"$tmp/hans" >"$tmp/hk"
"$opencc" -c t2jp.json <"$tmp/hant" >"$tmp/jp"
echo "corpus: $(wc -c <"$tmp/hans") bytes"

fail=0
checked=0
for pair in s2t:hans s2tw:hans s2twp:hans s2hk:hans t2s:hant tw2s:tw tw2sp:tw \
	    hk2s:hk t2tw:hant tw2t:tw t2hk:hant hk2t:hk t2jp:hant jp2t:jp; do
	config=${pair%%:*}
	input=$tmp/${pair#*:}
	"$opencc" -c "$config.json" <"$input" >"$tmp/want"
	"$ZHNORM" -c "$config" --opencc-data=system --no-rules <"$input" >"$tmp/got"
	st=$?
	if [ ! -s "$tmp/want" ]; then
		echo "FAIL $config: opencc wrote nothing"
		fail=1
	elif [ $st = 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $config ($(wc -c <"$tmp/got") bytes)"
		checked=$((checked + 1))
	else
		echo "FAIL $config (exit $st): zhnorm and opencc differ"
		cmp "$tmp/want" "$tmp/got" | head -3
		fail=1
	fi
done
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
