#!/bin/sh
# No phrasing rule acts inside a title in 《》 (zhnorm-rules(5)): the first
# example of every phrasing rule, put inside 《》, gives no finding of that
# rule, while the example itself does.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
table=$top_srcdir/dict/phrasing.rules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
# ID<TAB>first example input, for every rule with an example.
awk '/^\[/ { id = substr($0, 2, length($0) - 2); seen = 0 }
	/^example *=/ && !seen && id != "" {
		v = $0; sub(/^example *= */, "", v); sub(/ +=>.*$/, "", v)
		if (v !~ /\\x\{/) print id "\t" v
		seen = 1 }' "$table" >"$tmp/examples"
tab=$(printf '\t')
while IFS="$tab" read -r id text; do
	printf '%s\n' "$text" | "$ZHNORM" -c none -p none -r "$table" --check >"$tmp/plain" 2>&1
	printf '《%s》\n' "$text" | "$ZHNORM" -c none -p none -r "$table" --check >"$tmp/title" 2>&1
	checked=$((checked + 1))
	if ! grep -q ": $id: " "$tmp/plain"; then
		echo "FAIL $id: its example gives no finding: $text"
		fail=1
	elif grep -q ": $id: " "$tmp/title"; then
		echo "FAIL $id: acts inside a title: 《$text》"
		fail=1
	else
		echo "ok   $id"
	fi
done <"$tmp/examples"
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
