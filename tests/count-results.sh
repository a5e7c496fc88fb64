#!/bin/sh
# count-results.sh [DIR] - prints "N passed, N failed" for the last
# `make check` in DIR: each Check test case counts once (from the summary
# line in its log), every other test once (from its .trs file).
set -u
dir=${1:-.}
passed=0
failed=0
for trs in $(find "$dir/tests" -name '*.trs' | sort); do
	log=${trs%.trs}.log
	summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" 2>/dev/null | tail -n 1)
	if [ -n "$summary" ]; then
		n=$(echo "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
		f=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
		e=$(echo "$summary" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
		passed=$((passed + n - f - e))
		failed=$((failed + f + e))
		continue
	fi
	case $(sed -n 's/^:test-result: //p' "$trs" | head -n 1) in
	PASS|XFAIL) passed=$((passed + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
echo "$passed passed, $failed failed"
