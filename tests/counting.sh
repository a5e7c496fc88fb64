#!/bin/sh
# tests/count-results.sh, the count CI reports, on made-up results: a
# Check program counts its cases only when automake says it passed; one
# that failed after a clean summary (a leak, a crash, a sanitizer report)
# counts all its cases as failed; SKIP is neither a pass nor a failure.
set -u
: "${top_srcdir:?}"
count=$top_srcdir/tests/count-results.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
# result NAME RESULT [SUMMARY]: a test's .trs and .log.
result() {
	printf ':test-result: %s\n' "$2" >"$tmp/tests/$1.trs"
	printf 'Running suite(s): x\n%s\n' "${3:-}" >"$tmp/tests/$1.log"
}
# expect WANT-STATUS WANT-LINE: what count-results.sh says of the results.
expect() {
	got=$(sh "$count" "$tmp")
	st=$?
	checked=$((checked + 1))
	if [ "$got" = "$2" ] && [ $st = "$1" ]; then
		echo "ok   $2 (exit $st)"
	else
		echo "FAIL want \"$2\" (exit $1), got \"$got\" (exit $st)"
		fail=1
	fi
}
reset() { rm -rf "$tmp/tests"; mkdir "$tmp/tests"; }

reset
result check_a PASS '100%: Checks: 17, Failures: 0, Errors: 0'
result cli PASS
expect 0 "18 passed, 0 failed"
# The leak that once counted as 17 passes: valgrind or LeakSanitizer made
# the program exit non-zero after its summary.
result check_a ERROR '100%: Checks: 17, Failures: 0, Errors: 0'
expect 1 "1 passed, 17 failed"
result check_a FAIL '94%: Checks: 17, Failures: 1, Errors: 0'
expect 1 "17 passed, 1 failed"
result check_a FAIL
expect 1 "1 passed, 1 failed"
result check_a PASS '100%: Checks: 17, Failures: 0, Errors: 0'
result zsh SKIP
expect 0 "18 passed, 0 failed, 1 skipped"
result cli XPASS
expect 1 "17 passed, 1 failed, 1 skipped"
: >"$tmp/tests/cli.trs"
expect 1 "17 passed, 1 failed, 1 skipped"
reset
expect 1 "0 passed, 0 failed"
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
