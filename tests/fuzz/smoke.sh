#!/bin/sh
# tests/fuzz/smoke.sh [SECONDS] - builds the fuzz harnesses and runs each
# for SECONDS (default 20) from its seed corpus, after replaying every saved
# regression input (tests/fuzz/regress/HARNESS/*).  Each harness counts
# once, from its own result: built, its regression inputs replayed clean,
# and SECONDS of fuzzing without a finding.  Ends with a line "N passed,
# N failed" and exits non-zero on any finding or build failure.  New
# inputs go to a temporary directory, not to the seeds.
set -u
secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
harnesses="table template pipeline cc lib markup"
passed=0
failed=0
if ! "$here/build.sh" "$out" >"$out/build.log" 2>&1; then
	echo "FAIL the harnesses do not build:"
	tail -n 30 "$out/build.log"
fi
for h in $harnesses; do
	if [ ! -x "$out/fuzz_$h" ]; then
		echo "FAIL fuzz_$h: not built"
		failed=$((failed + 1))
		continue
	fi
	regress=$(find "$here/regress/$h" -type f ! -name .keep)
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		"$out/fuzz_$h" $regress >"$out/$h.regress.log" 2>&1 || {
			echo "FAIL fuzz_$h: a saved regression input fails again"
			tail -n 30 "$out/$h.regress.log"
			failed=$((failed + 1))
			continue
		}
	fi
	mkdir -p "$out/corpus-$h"
	if "$out/fuzz_$h" "$out/corpus-$h" "$here/corpus/$h" -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$out/" >"$out/$h.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log")
		if [ "${runs:-0}" -gt 0 ]; then
			echo "ok   fuzz_$h: $runs runs in ${secs}s"
			passed=$((passed + 1))
		else
			echo "FAIL fuzz_$h: it exited 0 but ran no input"
			tail -n 20 "$out/$h.log"
			failed=$((failed + 1))
		fi
	else
		echo "FAIL fuzz_$h:"
		grep -A 30 -E '^==[0-9]+==ERROR|runtime error|deadly signal' "$out/$h.log" | head -n 40
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
