#!/bin/sh
# Every example of every shipped rule table holds (zhnorm --test-rules):
# the report ends "N passed, 0 failed", with N no smaller than the number
# of example lines in the tables, so that a run that skipped them fails.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
set -- "$top_srcdir"/dict/*.rules
[ -f "$1" ] || { echo "FAIL no rule tables in $top_srcdir/dict"; exit 1; }
examples=$(cat "$@" | grep -cE '^[[:space:]]*(example|unchanged)[[:space:]]*=')
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$ZHNORM" --test-rules "$@" >"$tmp" 2>&1
st=$?
cat "$tmp"
last=$(tail -n 1 "$tmp")
n=$(echo "$last" | sed -n 's/^\([0-9][0-9]*\) passed, 0 failed$/\1/p')
if [ $st != 0 ]; then
	echo "FAIL --test-rules exited $st"
	exit 1
fi
if [ -z "$n" ] || [ "$n" -lt "$examples" ] || [ "$examples" = 0 ]; then
	echo "FAIL --test-rules reported \"$last\"; the tables hold $examples examples"
	exit 1
fi
echo "ok   $n examples held ($examples example lines in the tables)"
