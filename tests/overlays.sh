#!/bin/sh
# The OpenCC overlay dictionaries in dict/ are sound: no duplicate key (a
# duplicate makes OpenCC 1.1 fail every conversion), no key of pure ASCII
# (zhnorm lets ASCII runs bypass OpenCC), every line KEY<TAB>VALUE; and
# every overlay config opens and converts.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
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
for json in "$top_srcdir"/dict/*.*.json; do
	[ -f "$json" ] || continue
	profile=$(basename "$json" | cut -d. -f1)
	config=$(basename "$json" | cut -d. -f2)
	out=$(echo 汉字 | "$ZHNORM" -c "$config" -p "$profile" 2>&1)
	if [ $? = 0 ] && [ -n "$out" ]; then
		echo "ok   $(basename "$json") converts"
	else
		echo "FAIL $(basename "$json"): $out"
		fail=1
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL no overlay dictionaries found"; fail=1; }
exit $fail
