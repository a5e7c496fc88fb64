#!/bin/sh
# Checks that tests/golden.am names every golden case, so none is skipped.
set -u
cd "${top_srcdir:?}/tests" || exit 99
fail=0
for f in golden/*.args; do
	grep -q "tests/$f" golden.am || { echo "golden.am does not list tests/$f"; fail=1; }
done
for f in $(grep -o '^	tests/golden/[^ ]*\.args' golden.am); do
	[ -f "../$f" ] || { echo "golden.am lists a missing case $f"; fail=1; }
done
[ "$fail" = 0 ] && echo "golden.am lists all $(ls golden/*.args | wc -l) cases"
exit $fail
