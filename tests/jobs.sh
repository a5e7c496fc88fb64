#!/bin/sh
# -jN writes exactly what -j1 writes, for every stock config, on an input
# of many chunks (and the --check report too).
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Under valgrind fewer lines do, as long as the input is several chunks.
lines=40000
if [ -n "${ZHNORM_VALGRIND:-}" ]; then
	lines=25000
	[ -r /usr/share/games/fortunes/chinese ] && lines=5000
fi
{
	cat "$top_srcdir/tests/data/sample.txt"
	[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
	awk -v n="$lines" 'BEGIN { for (i = 0; i < n; i++) printf "第%d条，汉字和后来的“四个意识”2024年。\n", i }'
} >"$tmp/hans"
"$ZHNORM" -c s2t --no-rules "$tmp/hans" >"$tmp/hant"
echo "input: $(wc -c <"$tmp/hans") bytes"
fail=0
for config in s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s t2tw tw2t t2hk hk2t t2jp jp2t none; do
	case $config in
	s2*|none) in=$tmp/hans ;;
	*) in=$tmp/hant ;;
	esac
	"$ZHNORM" -c $config -j1 "$in" >"$tmp/one"
	"$ZHNORM" -c $config -j3 "$in" >"$tmp/three"
	if cmp -s "$tmp/one" "$tmp/three"; then
		echo "ok   $config: -j3 = -j1"
	else
		echo "FAIL $config: -j3 differs from -j1"
		fail=1
	fi
done
"$ZHNORM" -c s2tw --check -j1 "$tmp/hans" >"$tmp/one"
"$ZHNORM" -c s2tw --check -j3 "$tmp/hans" >"$tmp/three"
if cmp -s "$tmp/one" "$tmp/three"; then echo "ok   --check: -j3 = -j1"; else echo "FAIL --check: -j3 differs"; fail=1; fi
exit $fail
