#!/bin/sh
# src/script_chars.h is what src/script-chars.py makes of the bundled
# OpenCC character dictionaries, and --region=auto tells the scripts apart
# with it.
set -u
: "${top_srcdir:?}" "${ZHNORM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
d=$top_srcdir/dict/opencc/dictionary
fail=0 checked=0
if ! python3 "$top_srcdir/src/script-chars.py" "$d/STCharacters.txt" \
	"$d/TSCharacters.txt" "$d/TWVariants.txt" "$d/HKVariants.txt" >"$tmp/h"; then
	echo "FAIL src/script-chars.py failed"
	exit 1
fi
checked=$((checked + 1))
if cmp -s "$tmp/h" "$top_srcdir/src/script_chars.h"; then
	echo "ok   src/script_chars.h is made from the data"
else
	echo "FAIL src/script_chars.h differs from what the data gives (run src/script-chars.py)"
	fail=1
fi
# Each script is told as such, and text with neither as neither.
for c in '发展软件和网络:Simplified' '發展軟體與網路:Traditional' \
	'ABC 123:script-neutral' '发展軟體與網路国家:mixed'; do
	text=${c%%:*} want=${c#*:}
	got=$(printf '%s\n' "$text" | "$ZHNORM" -c none --stats 2>&1 >/dev/null |
		sed -n 's/.*--region=auto: \([a-zA-Z-]*\) text.*/\1/p')
	checked=$((checked + 1))
	if [ "$got" = "$want" ]; then
		echo "ok   '$text' is $want"
	else
		echo "FAIL '$text' taken for '$got', not $want"
		fail=1
	fi
done
echo "$checked checked"
exit $fail
