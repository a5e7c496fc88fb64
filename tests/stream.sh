#!/bin/sh
# Output appears as input arrives: a line typed now is converted now, not
# when the producer finishes.
set -u
: "${ZHNORM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{ printf '汉字\n'; sleep 5; printf '后面\n'; } | "$ZHNORM" --no-rules >"$tmp/out" &
pid=$!
i=0
while [ $i -lt 40 ] && ! grep -q '漢字' "$tmp/out" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if grep -q '漢字' "$tmp/out"; then
	echo "ok   the first line came out while the producer was still running"
	st=0
else
	echo "FAIL no output within 4 seconds of the first line"
	st=1
fi
wait $pid
grep -q '後面' "$tmp/out" || { echo "FAIL the second line is missing"; st=1; }
exit $st
