#!/bin/sh
# In Markdown and HTML modes, -j3 writes what -j1 writes, and input read
# from a pipe (in pieces other than a file's) gives the same output as the
# file: the markup state carried from chunk to chunk, and Markdown's look
# ahead to the end of a paragraph, do not depend on where chunks end.  The
# input is the oracle's cases, repeated to make many chunks.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for kind in markdown html; do
	# A few MB: a dozen chunks of a file, more of a pipe.
	case $kind in
	markdown) dir=$top_srcdir/tests/data/markup/md; reps=300 ;;
	*) dir=$top_srcdir/tests/data/markup/html; reps=800 ;;
	esac
	[ -n "${ZHNORM_VALGRIND:-}" ] && reps=$((reps / 20))
	# Each case becomes a block of its own (its separator a blank line),
	# but for HTML's <plaintext>, which would swallow the rest.
	for f in "$dir"/*.txt; do
		grep -v '<plaintext>' "$f" | sed 's/^%%%%$//'
		echo
	done >"$tmp/one.$kind"
	i=0
	while [ $i -lt $reps ]; do
		cat "$tmp/one.$kind"
		i=$((i + 1))
	done >"$tmp/in.$kind"
	"$ZHNORM" -m $kind -c s2t --no-settings -j1 "$tmp/in.$kind" >"$tmp/j1" || fail=1
	"$ZHNORM" -m $kind -c s2t --no-settings -j3 "$tmp/in.$kind" >"$tmp/j3" || fail=1
	cat "$tmp/in.$kind" | "$ZHNORM" -m $kind -c s2t --no-settings -j1 >"$tmp/p1" || fail=1
	cat "$tmp/in.$kind" | "$ZHNORM" -m $kind -c s2t --no-settings -j3 >"$tmp/p3" || fail=1
	if [ ! -s "$tmp/j1" ] || cmp -s "$tmp/j1" "$tmp/in.$kind"; then
		echo "FAIL $kind: no output, or nothing converted"
		fail=1
		continue
	fi
	n=0
	for out in j3 p1 p3; do
		if cmp -s "$tmp/j1" "$tmp/$out"; then
			echo "ok   $kind: $out = j1 ($(wc -c <"$tmp/in.$kind") bytes)"
			n=$((n + 1))
		else
			echo "FAIL $kind: $out differs from j1"
			fail=1
		fi
	done
	echo "$n checked"
	[ $n -gt 0 ] || fail=1
done
# A paragraph over the 1 MiB limit is cut, and --stats says so.
awk 'BEGIN { for (i = 0; i < 12000; i++) printf "中文 `代码%0100d\n", i }' >"$tmp/long.md"
"$ZHNORM" -m markdown --no-settings --stats "$tmp/long.md" 2>"$tmp/err" >"$tmp/out" || fail=1
if grep -q 'warning: 1 Markdown blocks longer than 1 MiB were cut' "$tmp/err" &&
    ! cmp -s "$tmp/out" "$tmp/long.md"; then
	echo "ok   a block over the limit is cut, with a warning"
else
	echo "FAIL no warning for a block over the limit:"
	cat "$tmp/err"
	fail=1
fi
exit $fail
