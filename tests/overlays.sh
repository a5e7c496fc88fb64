#!/bin/sh
# The OpenCC overlay dictionaries in dict/ are sound: no duplicate key (a
# duplicate makes OpenCC 1.1 fail every conversion), no key of pure ASCII
# (zhnorm lets ASCII runs bypass OpenCC), every line KEY<TAB>VALUE; and
# every overlay config opens and converts.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for dict in "$top_srcdir"/dict/*.txt; do
	[ -f "$dict" ] || continue
	n=$((n + 1))
	bad=$(LC_ALL=C awk -F'\t' 'NF < 2 || $1 == "" { print FILENAME ":" NR ": not KEY<TAB>VALUE" }
		$1 ~ /^[\001-\177]*$/ { print FILENAME ":" NR ": key of pure ASCII: " $1 }
		seen[$1]++ { print FILENAME ":" NR ": duplicate key: " $1 }' "$dict")
	if [ -n "$bad" ]; then
		echo "FAIL $bad"
		fail=1
	else
		echo "ok   $(basename "$dict")"
	fi
done
# Each overlay config opens, converts, and makes a difference: the keys of
# its dictionaries, one a line, come out otherwise than under -p none (the
# stock config alone), and differ from the input; every rule is disabled,
# so only the overlay can make the difference.
for json in "$top_srcdir"/dict/*.*.json; do
	[ -f "$json" ] || continue
	n=$((n + 1))
	profile=$(basename "$json" | cut -d. -f1)
	config=$(basename "$json" | cut -d. -f2)
	cut -f1 "$top_srcdir"/dict/zhnorm-"$config"-*.txt >"$tmp/keys"
	"$ZHNORM" -c "$config" -p "$profile" --disable="*" "$tmp/keys" >"$tmp/overlay" 2>&1
	st=$?
	"$ZHNORM" -c "$config" -p none --no-rules "$tmp/keys" >"$tmp/stock" 2>&1
	st2=$?
	if [ $st != 0 ] || [ $st2 != 0 ]; then
		echo "FAIL $(basename "$json"): exit $st (-p none: $st2)"
		head -3 "$tmp/overlay"
		fail=1
	elif [ ! -s "$tmp/keys" ] || [ ! -s "$tmp/overlay" ]; then
		echo "FAIL $(basename "$json"): no keys, or no output"
		fail=1
	elif cmp -s "$tmp/overlay" "$tmp/stock" || cmp -s "$tmp/overlay" "$tmp/keys"; then
		echo "FAIL $(basename "$json"): the overlay changes nothing"
		fail=1
	else
		echo "ok   $(basename "$json"): $(paste -d' ' "$tmp/overlay" "$tmp/stock" | awk '$1 != $2' | wc -l) of $(wc -l <"$tmp/keys") keys differ from $config alone"
	fi
done
echo "$n checked"
[ "$n" -gt 0 ] || { echo "FAIL no overlay dictionaries found"; fail=1; }
exit $fail
