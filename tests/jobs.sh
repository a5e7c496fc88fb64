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
"$ZHNORM" -c s2t --no-rules "$tmp/hans" >"$tmp/hant" || { echo "FAIL s2t --no-rules: exit $?"; exit 1; }
echo "input: $(wc -c <"$tmp/hans") bytes"
cmp -s "$tmp/hans" "$tmp/hant" && { echo "FAIL s2t --no-rules left the input as it was"; exit 1; }
fail=0
checked=0
# same NAME STATUS IN ARGS...: zhnorm ARGS IN with -j1 and with -j3 exit
# with STATUS, write the same bytes, and change the input (every config,
# and -c none with its rules, changes this text; --check reports instead).
same() {
	name=$1 want=$2 in=$3
	shift 3
	"$ZHNORM" "$@" -j1 "$in" >"$tmp/one"
	st1=$?
	"$ZHNORM" "$@" -j3 "$in" >"$tmp/three"
	st3=$?
	if [ $st1 != "$want" ] || [ $st3 != "$want" ]; then
		echo "FAIL $name: exit $st1 with -j1, $st3 with -j3, expected $want"
		fail=1
	elif [ ! -s "$tmp/one" ] || cmp -s "$tmp/one" "$in"; then
		echo "FAIL $name: the output is empty or the input unchanged"
		fail=1
	elif cmp -s "$tmp/one" "$tmp/three"; then
		echo "ok   $name: -j3 = -j1 ($(wc -c <"$tmp/one") bytes)"
		checked=$((checked + 1))
	else
		echo "FAIL $name: -j3 differs from -j1"
		fail=1
	fi
}
for config in s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s t2tw tw2t t2hk hk2t t2jp jp2t none; do
	case $config in
	s2*|none) in=$tmp/hans ;;
	*) in=$tmp/hant ;;
	esac
	same "$config" 0 "$in" -c $config
done
same "--check" 1 "$tmp/hans" -c s2tw --check
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
