#!/bin/sh
# tests/fuzz/smoke.sh [SECONDS] - builds the fuzz harnesses and runs each
# for SECONDS (default 20) from its seed corpus, after replaying every saved
# regression input (tests/fuzz/regress/HARNESS/*).  Exits non-zero on any
# finding.  New inputs go to a temporary directory, not to the seeds.
set -eu
secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$here/build.sh" "$out" >/dev/null
status=0
for h in table template pipeline cc; do
	regress=$(find "$here/regress/$h" -type f ! -name .keep)
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		"$out/fuzz_$h" $regress >"$out/$h.regress.log" 2>&1 || {
			echo "FAIL fuzz_$h: a saved regression input fails again"
			tail -n 30 "$out/$h.regress.log"
			status=1
			continue
		}
	fi
	mkdir -p "$out/corpus-$h"
	if "$out/fuzz_$h" "$out/corpus-$h" "$here/corpus/$h" -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$out/" >"$out/$h.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log")
		echo "ok   fuzz_$h: $runs runs in ${secs}s"
	else
		echo "FAIL fuzz_$h:"
		grep -A 30 -E '^==[0-9]+==ERROR|runtime error|deadly signal' "$out/$h.log" | head -n 40
		status=1
	fi
done
exit $status
