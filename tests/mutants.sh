#!/bin/sh
# tests/mutants.sh [BUILDDIR] - the test suite must fail on a broken zhnorm.
#
# Three mutants of zhnorm are tested in place of the real one:
#   true     a binary that does nothing and exits 0;
#   cat      a binary that echoes its input (and rejects every option);
#   norules  zhnorm built with a rule stage that never changes anything
#            (zh_rule_apply returns 0 at once): conversion still works.
# For true and cat the script and golden tests run against the mutant (the
# unit tests do not run the binary at all); for norules the whole suite,
# unit tests included, runs on the mutated build.  Every test that still
# passes is listed.  Against true and cat every test must fail, but for the
# few that tests/mutants.allow names, with the reason, as tests that by
# their nature cannot tell; against norules the suite as a whole must fail
# (most tests do not involve the rules).
#
# Everything happens in a fresh build made from the tarball contents of
# BUILDDIR (default: the current directory, a configured tree), so the real
# build and its test logs are left alone.  Ends with a line
# "N passed, N failed", one per mutant.
set -u
build=$(cd "${1:-.}" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
allow=$here/mutants.allow
[ -f "$build/Makefile" ] || {
	echo "mutants: $build is not a configured tree (run ./configure first)" >&2
	exit 2
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

# verdict NAME DIR HOW: reads the .trs files under DIR, lists the tests
# that still passed against mutant NAME, and counts the mutant as caught or
# not.  HOW is "all" when every test must fail but those tests/mutants.allow
# names for NAME, "some" when the suite as a whole must fail.
verdict() {
	name=$1
	dir=$2
	how=$3
	total=0
	nfailed=0
	survivors=
	allowed=0
	for trs in $(find "$dir/tests" -name '*.trs' | sort); do
		total=$((total + 1))
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		t=${trs#"$dir"/}
		t=${t%.trs}
		case $res in
		PASS|XFAIL)
			if [ "$how" = all ] && grep -q "^$name $t " "$allow"; then
				allowed=$((allowed + 1))
			else
				survivors="$survivors $t"
			fi ;;
		*) nfailed=$((nfailed + 1)) ;;
		esac
	done
	if [ "$total" = 0 ]; then
		echo "FAIL mutant $name: no test ran"
		failed=$((failed + 1))
		return
	fi
	if [ -n "$survivors" ]; then
		echo "     mutant $name: $nfailed of $total tests failed; these passed:"
		echo "$survivors" | tr ' ' '\n' | sed '/^$/d' | paste -d' ' - - - - | sed 's/^/       /'
	fi
	if [ "$how" = all ] && [ -n "$survivors" ]; then
		echo "FAIL mutant $name: the tests above pass against it"
		failed=$((failed + 1))
	elif [ "$nfailed" = 0 ]; then
		echo "FAIL mutant $name: the suite passes against it"
		failed=$((failed + 1))
	elif [ "$how" = all ]; then
		echo "ok   mutant $name: $nfailed of $total tests failed" \
			"($allowed passed that cannot tell, as tests/mutants.allow says)"
		passed=$((passed + 1))
	else
		echo "ok   mutant $name: $nfailed of $total tests failed"
		passed=$((passed + 1))
	fi
}

# The stand-in binaries.
mkdir "$tmp/bin"
printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/true"
printf '#!/bin/sh\nexec cat "$@"\n' >"$tmp/bin/cat"
chmod +x "$tmp/bin/true" "$tmp/bin/cat"

# The sources as they would be shipped, with the rule mutation made, built
# apart.  The true and cat runs use this tree too: they test only the stand-in.
make -C "$build" distdir distdir="$tmp/src" >"$tmp/distdir.out" 2>&1 || {
	echo "mutants: make distdir failed:" >&2
	tail -n 20 "$tmp/distdir.out" >&2
	exit 2
}
rules=$tmp/src/src/rules.c
awk '
	/^zh_rule_apply\(/ { inside = 1 }
	{ print }
	inside && /^\{/ { print "\tif (r != NULL) return 0;\t/* mutant */"; inside = 0; done = 1 }
	END { exit !done }
' "$rules" >"$rules.new" && mv "$rules.new" "$rules" || {
	echo "mutants: zh_rule_apply not found in src/rules.c" >&2
	exit 2
}
mkdir "$tmp/tree"
(cd "$tmp/tree" && "$tmp/src/configure" -q && make -j2) >"$tmp/build.out" 2>&1 || {
	echo "mutants: the mutated tree does not build:" >&2
	tail -n 20 "$tmp/build.out" >&2
	exit 2
}

for m in true cat; do
	rm -f $(find "$tmp/tree/tests" -name '*.trs') $(find "$tmp/tree/tests" -name '*.log')
	# The Check programs are left out: they never run the binary.
	(cd "$tmp/tree" && ZHNORM_UNDER_TEST=$tmp/bin/$m timeout 900 \
		make -k -j2 check TESTS='$(SCRIPT_TESTS) $(GOLDEN_TESTS)' >"$tmp/$m.out" 2>&1)
	verdict "$m" "$tmp/tree" all
done

# The rule mutant, built above.
rm -f $(find "$tmp/tree/tests" -name '*.trs') $(find "$tmp/tree/tests" -name '*.log')
(cd "$tmp/tree" && timeout 900 make -k -j2 check >"$tmp/norules.out" 2>&1)
verdict norules "$tmp/tree" some

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
