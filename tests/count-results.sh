#!/bin/sh
# count-results.sh [DIR] - prints "N passed, N failed[, N skipped]" for the
# last `make check` in DIR, from automake's .trs files.
#
# A Check program counts its cases, but only as far as its .trs allows:
#   - PASS: the cases of its summary line ("Checks: N, Failures: F,
#     Errors: E") count as they say;
#   - FAIL or ERROR with failed cases in the summary: those count as
#     failures, the others as passes;
#   - FAIL or ERROR with a clean summary, or none: the program ended badly
#     after its cases ran (a crash, a sanitizer or valgrind error, a leak,
#     a non-zero exit), so every one of its cases counts as failed.
# Every other test counts once: PASS and XFAIL pass, SKIP is skipped, and
# anything else (FAIL, ERROR, XPASS, a .trs without a result) fails.
# Exits 1 when anything failed or nothing ran.
set -u
dir=${1:-.}
passed=0
failed=0
skipped=0
for trs in $(find "$dir/tests" -name '*.trs' | sort); do
	log=${trs%.trs}.log
	# The worst result the .trs records (automake writes one per test).
	res=$(sed -n 's/^:test-result: //p' "$trs" | sort -u | tr '\n' ' ')
	case " $res" in
	*" ERROR "*) res=ERROR ;;
	*" FAIL "*) res=FAIL ;;
	*" XPASS "*) res=XPASS ;;
	*" SKIP "*) res=SKIP ;;
	*" PASS "*) res=PASS ;;
	*" XFAIL "*) res=XFAIL ;;
	*) res=NONE ;;
	esac
	summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" 2>/dev/null | tail -n 1)
	if [ -n "$summary" ]; then
		n=$(echo "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
		f=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
		e=$(echo "$summary" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
		bad=$((f + e))
		case $res in
		PASS) passed=$((passed + n - bad)); failed=$((failed + bad)) ;;
		SKIP) skipped=$((skipped + 1)) ;;
		*)
			if [ "$bad" -gt 0 ]; then
				passed=$((passed + n - bad))
				failed=$((failed + bad))
			else
				[ "$n" -gt 0 ] || n=1
				failed=$((failed + n))
			fi ;;
		esac
		continue
	fi
	case $res in
	PASS|XFAIL) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
