#!/bin/sh
# repair.sh - the residue repair (src/repair.h) on the configs whose
# output is Traditional.
#  - dict/repair-ambiguous.txt is up to date with the bundled data: every
#    phrase of STPhrases and of the phrases generated from the regional
#    ones that has more than one value, mapped to itself (with --write,
#    makes the file);
#  - residue is repaired under each such config, and left alone with the
#    stage disabled and under the mainland's region;
#  - on tests/realtext/native-hant.txt, Traditional text as its writers
#    meant it, no config's repair changes anything.
set -u
: "${top_srcdir:?}"
d=$top_srcdir/dict/opencc/dictionary
want=$(awk -F'\t' '$2 ~ / / && !seen[$1]++ {print $1 "\t" $1}' \
	"$d/STPhrases.txt" "$d/STPhrases_GeneratedFromRegionalPhrases.txt" |
	LC_ALL=C sort)
if [ "${1:-}" = --write ]; then
	printf '%s\n' "$want" >"$top_srcdir/dict/repair-ambiguous.txt"
	exit 0
fi
: "${ZHNORM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 checked=0
n=$(printf '%s\n' "$want" | grep -c .)
checked=$((checked + 1))
if [ "$n" -lt 100 ]; then
	echo "FAIL only $n ambiguous phrases found in $d"
	fail=1
elif printf '%s\n' "$want" | cmp -s - "$top_srcdir/dict/repair-ambiguous.txt"; then
	echo "ok   dict/repair-ambiguous.txt holds the $n ambiguous phrases of the data"
else
	echo "FAIL dict/repair-ambiguous.txt is out of date (tests/repair.sh --write)"
	fail=1
fi

# expect WANT ARGS...: the residue line below, through zhnorm ARGS.
line='區政府會議關于各級干部採取措施並在會后落實這里的要求。'
expect() {
	want=$1
	shift
	checked=$((checked + 1))
	got=$(printf '%s\n' "$line" | "$ZHNORM" "$@" 2>"$tmp/err")
	st=$?
	if [ "$st" -ne 0 ] || [ "$got" != "$want" ]; then
		echo "FAIL $*: exit $st, '$got', want '$want'"
		sed 's/^/     /' "$tmp/err"
		fail=1
	else
		echo "ok   $*"
	fi
}
hk='區政府會議關於各級幹部採取措施並在會後落實這裏的要求。'
tw='區政府會議關於各級幹部採取措施並在會後落實這裡的要求。'
expect "$tw" -c t2tw
expect "$hk" -c t2hk
expect "$hk" -c tw2t
expect "$hk" -c hk2t
expect "$hk" -c none
expect "$tw" -c none --region=tw
expect "$hk" -c none --region=hk
expect "$line" -c none --region=cn
expect "$line" -c none --disable='residue.*'
# A settings file's disable names the stage too.
printf 'disable = residue.hant-context\n' >"$tmp/settings"
expect "$line" -c none --settings="$tmp/settings"

native=$top_srcdir/tests/realtext/native-hant.txt
if [ -f "$native" ]; then
	for args in "-c t2tw" "-c t2hk" "-c tw2t" "-c hk2t" "-c none" \
		"-c none --region=tw" "-c none --region=hk"; do
		checked=$((checked + 1))
		# shellcheck disable=SC2086
		"$ZHNORM" $args --check <"$native" >"$tmp/f" 2>&1
		if grep residue.hant-context "$tmp/f" >"$tmp/bad"; then
			echo "FAIL $args changes native Traditional text:"
			sed 's/^/     /' "$tmp/bad"
			fail=1
		else
			echo "ok   $args leaves $(grep -c . "$native") native lines alone"
		fi
	done
fi
echo "$checked checked"
[ "$checked" -gt 0 ] || exit 1
exit $fail
