#!/bin/sh
# The real-text regression set, tests/realtext/cases.tsv and
# tests/realtext/residue.tsv (Simplified residue in Traditional pages):
# each case's input, run through zhnorm with its arguments, must give
# exactly the expected line and exit 0 (with --check and no expected text:
# no finding at all).  See the head of cases.tsv.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
tab=$(printf '\t')
cat "$top_srcdir/tests/realtext/cases.tsv" "$top_srcdir/tests/realtext/residue.tsv" >"$tmp/cases"
while IFS="$tab" read -r args input want; do
	case $args in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086
	printf '%s\n' "$input" | "$ZHNORM" $args >"$tmp/got" 2>"$tmp/err"
	st=$?
	if [ -n "$want" ]; then
		printf '%s\n' "$want" >"$tmp/want"
	else
		: >"$tmp/want"
	fi
	checked=$((checked + 1))
	if [ $st = 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $args: $input"
	else
		echo "FAIL $args: $input (exit $st)"
		echo "     want: $want"
		echo "     got:  $(cat "$tmp/got") $(cat "$tmp/err")"
		fail=1
	fi
done <"$tmp/cases"
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
