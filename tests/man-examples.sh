#!/bin/sh
# Every example in zhnorm(1) is a test: each "$ command" line in an .EX
# block runs, and its standard output must be the lines that follow it.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
man=$top_srcdir/man/zhnorm.1
zhnorm() { "$ZHNORM" "$@"; }

# Split the examples into tmp/N.cmd and tmp/N.want, undoing man(7) escapes.
awk -v dir="$tmp" '
function unescape(s) {
	gsub(/\\e/, "\\", s); gsub(/\\-/, "-", s); gsub(/\\&/, "", s);
	gsub(/\\\(aq/, "\047", s); gsub(/\\\(dq/, "\"", s);
	return s
}
/^\.EX/ { inex = 1; next }
/^\.EE/ { inex = 0; next }
inex && /^\$ / { n++; print unescape(substr($0, 3)) > (dir "/" n ".cmd"); printf "" > (dir "/" n ".want"); next }
inex && n > 0 { print unescape($0) > (dir "/" n ".want") }
' "$man"

count=$(ls "$tmp"/*.cmd 2>/dev/null | wc -l)
if [ "$count" -lt 5 ]; then
	echo "FAIL only $count examples found in $man"
	exit 1
fi
fail=0
for cmd in $(ls "$tmp"/*.cmd | sort -t/ -k"$(echo "$tmp" | tr -cd / | wc -c | awk '{print $1 + 2}')" -n); do
	want=${cmd%.cmd}.want
	( eval "$(cat "$cmd")" ) >"$tmp/got" 2>/dev/null
	if cmp -s "$want" "$tmp/got"; then
		printf 'ok   %s\n' "$(cat "$cmd")"
	else
		printf 'FAIL %s\n' "$(cat "$cmd")"
		diff "$want" "$tmp/got" | head -10
		fail=1
	fi
done
exit $fail
