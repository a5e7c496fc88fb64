#!/bin/sh
# golden.sh CASE.args - runs one golden test case.
#
# A case is a set of files beside CASE.args:
#   CASE.args    the arguments, one line of shell words ($ZHNORM is the binary)
#   CASE.in      standard input (default: empty)
#   CASE.out     the exact expected standard output (default: empty)
#   CASE.err     the exact expected standard error (default: not compared)
#   CASE.status  the expected exit status (default: 0)
# The case runs in its own directory, so relative paths in CASE.args work
# from any build directory.
set -u
case_args=$1
dir=$(cd "$(dirname "$case_args")" && pwd)
name=$(basename "$case_args" .args)
: "${ZHNORM:?ZHNORM must name the zhnorm binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$dir" || exit 99

input=/dev/null
[ -f "$name.in" ] && input=$name.in
want_status=0
[ -f "$name.status" ] && want_status=$(cat "$name.status")
args=$(cat "$name.args")

eval "set -- $args"
"$ZHNORM" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
status=$?

fail=0
if [ "$status" != "$want_status" ]; then
	echo "$name: exit status $status, expected $want_status"
	fail=1
fi
if [ -f "$name.out" ]; then
	cmp -s "$tmp/out" "$name.out" || {
		echo "$name: standard output differs:"
		diff "$name.out" "$tmp/out" | head -20
		fail=1
	}
elif [ -s "$tmp/out" ]; then
	echo "$name: unexpected standard output:"
	head -5 "$tmp/out"
	fail=1
fi
if [ -f "$name.err" ]; then
	cmp -s "$tmp/err" "$name.err" || {
		echo "$name: standard error differs:"
		diff "$name.err" "$tmp/err" | head -20
		fail=1
	}
fi
[ "$fail" = 0 ] && echo "$name: ok"
exit $fail
