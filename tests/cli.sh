#!/bin/sh
# Command-line behaviour that golden cases cannot express: help and version
# on standard output, write errors, closed pipes, very long lines.
set -u
: "${ZHNORM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
check() {	# check NAME CONDITION...
	name=$1
	shift
	checked=$((checked + 1))
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}

"$ZHNORM" --help >"$tmp/out" 2>"$tmp/err"
check "--help exits 0" test $? = 0
check "--help writes usage to stdout" grep -q '^usage: zhnorm' "$tmp/out"
check "--help writes nothing to stderr" test ! -s "$tmp/err"
"$ZHNORM" --version >"$tmp/out"
check "--version" grep -q '^zhnorm [0-9]' "$tmp/out"

"$ZHNORM" --no-such-option >"$tmp/out" 2>"$tmp/err"
check "a bad option exits 2" test $? = 2
check "a bad option prints usage to stderr" grep -q '^usage: zhnorm' "$tmp/err"
check "a bad option writes nothing to stdout" test ! -s "$tmp/out"

if [ -w /dev/full ]; then
	echo 汉字 | "$ZHNORM" --no-rules >/dev/full 2>"$tmp/err"
	check "a write error exits 2" test $? = 2
	check "a write error is reported" grep -q 'write error' "$tmp/err"
	"$ZHNORM" --help >/dev/full 2>/dev/null
	check "--help to a full device exits 2" test $? = 2
fi

# A reader that goes away early ends zhnorm quietly.  (Under valgrind the
# leak check is off for this run: SIGPIPE ends the process mid-work.)
yes '汉字汉字汉字汉字' | head -n 400000 >"$tmp/big"
{ ZHNORM_VG_LEAKS=no "$ZHNORM" --no-rules "$tmp/big" 2>"$tmp/err"; echo $? >"$tmp/status"; } | head -n 1 >"$tmp/out"
check "a closed pipe: the first line arrived" grep -q '漢字' "$tmp/out"
check "a closed pipe: nothing on stderr" test ! -s "$tmp/err"
st=$(cat "$tmp/status")
check "a closed pipe: ended by SIGPIPE or success (status $st)" test "$st" = 141 -o "$st" = 0

# Lines far longer than the 1 MiB cut: bytes unchanged, characters whole.
head -c 3000000 /dev/zero | tr '\0' a >"$tmp/long"
"$ZHNORM" -c none --no-rules <"$tmp/long" >"$tmp/out"
check "a 3 MB line without newline passes unchanged" cmp -s "$tmp/long" "$tmp/out"
i=0; : >"$tmp/han"
printf '汉%.0s' $(seq 1 1000) >"$tmp/k"
while [ $i -lt 1000 ]; do cat "$tmp/k"; i=$((i + 1)); done >"$tmp/han"
sed 's/汉/漢/g' "$tmp/han" >"$tmp/want"
"$ZHNORM" --no-rules <"$tmp/han" >"$tmp/out"
check "a 3 MB line of Han characters is converted whole" cmp -s "$tmp/want" "$tmp/out"

"$ZHNORM" --list-configs >"$tmp/out"
check "--list-configs names the 16 stock configs and none" test "$(wc -l <"$tmp/out")" = 17
check "--list-configs includes s2twp" grep -q '^s2twp ' "$tmp/out"

# The engines and their data.
echo 汉字 | "$ZHNORM" --engine=nativ >"$tmp/out" 2>"$tmp/err"
check "a bad --engine exits 2" test $? = 2
check "a bad --engine writes nothing" test ! -s "$tmp/out"
echo 汉字 | "$ZHNORM" --opencc-data="$tmp/nowhere" >"$tmp/out" 2>"$tmp/err"
check "a missing --opencc-data directory exits 2" test $? = 2
check "a missing --opencc-data directory is named" grep -q "$tmp/nowhere" "$tmp/err"
echo 汉字 | "$ZHNORM" --engine=libopencc --tofu >"$tmp/out" 2>"$tmp/err"
check "--tofu with libopencc exits 2" test $? = 2
echo 汉字 | "$ZHNORM" -c s2hkp --opencc-data=system >"$tmp/out" 2>"$tmp/err"
check "s2hkp on Debian's data exits 2" test $? = 2
check "s2hkp on Debian's data points to the bundled data" grep -q 'opencc-data=bundled' "$tmp/err"
echo 新罕布什尔州 | "$ZHNORM" --no-settings -c s2twp --no-rules --opencc-data=bundled >"$tmp/out"
check "the bundled data converts with OpenCC 1.4.2's phrases" grep -q '^新罕布夏州$' "$tmp/out"
mkdir "$tmp/proj"
printf 'opencc-data = bundled\n' >"$tmp/proj/.zhnorm"
(cd "$tmp/proj" && echo 新罕布什尔州 | "$ZHNORM" -c s2twp --no-rules) >"$tmp/out"
check "the settings key opencc-data picks the data" grep -q '^新罕布夏州$' "$tmp/out"
printf 'engine = libopencc\n' >"$tmp/proj/.zhnorm"
(cd "$tmp/proj" && echo 新罕布什尔州 | "$ZHNORM" -c s2twp --no-rules) >"$tmp/out"
check "the settings key engine picks the engine" grep -q '^新罕布什爾州$' "$tmp/out"

echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
