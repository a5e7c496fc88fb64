#!/bin/sh
# The prefilter only saves time: with it and without it (every rule run on
# every line), the output and the --check report are the same, for the
# default tables under several configs, on the bundled sample, Debian's
# fortunes-zh when installed and $ZHNORM_DIFF_CORPUS when set.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	cat "$top_srcdir/tests/data/sample.txt"
	[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
	[ -n "${ZHNORM_DIFF_CORPUS:-}" ] && cat "$ZHNORM_DIFF_CORPUS"
	# Every example input of every table: lines made to make rules fire.
	sed -n 's/^\(example\|unchanged\) *= *//p' "$top_srcdir"/dict/*.rules | sed 's/ => .*//'
} >"$tmp/in"
fail=0
checked=0
for args in "-c none" "-c s2t" "-c s2tw" "-c t2s" "-c s2twp" "-c none -p tech" "-c none --check"; do
	# shellcheck disable=SC2086
	"$ZHNORM" $args --invalid=pass "$tmp/in" >"$tmp/with" 2>&1
	st=$?
	# shellcheck disable=SC2086
	ZHNORM_NO_PREFILTER=1 "$ZHNORM" $args --invalid=pass "$tmp/in" >"$tmp/without" 2>&1
	st2=$?
	# The examples make rules fire under every one of these: the text
	# must change (or, with --check, be reported: exit 1).
	want=0
	case $args in *--check*) want=1 ;; esac
	if [ $st != $want ] || [ $st2 != $want ]; then
		echo "FAIL $args: exit $st, and $st2 without the prefilter; expected $want"
		head -5 "$tmp/with"
		fail=1
	elif [ ! -s "$tmp/with" ] || cmp -s "$tmp/with" "$tmp/in"; then
		echo "FAIL $args: the output is empty or the input unchanged"
		fail=1
	elif cmp -s "$tmp/with" "$tmp/without"; then
		echo "ok   $args"
		checked=$((checked + 1))
	else
		echo "FAIL $args: the prefilter changed the output"
		diff "$tmp/without" "$tmp/with" | head -10
		fail=1
	fi
done
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
