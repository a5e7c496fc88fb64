#!/bin/sh
# libzhnorm gives what the command gives: for each input of the suite
# (golden inputs, the real-text cases, the markup cases) and a set of
# option lines, the text of tests/lib-cli (the library alone) must be the
# text of zhnorm, byte for byte, and with --check its findings must be
# those of `zhnorm --check --format=json`.  Where zhnorm fails (invalid
# input), the library must fail too.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}" "${top_builddir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lib=$top_builddir/tests/lib-cli
[ -x "$lib" ] || { echo "FAIL $lib is not built"; exit 1; }

# Inputs: files of text, and of HTML and Markdown.
n=0
for f in "$top_srcdir"/tests/golden/*.in "$top_srcdir"/tests/data/sample.txt; do
	n=$((n + 1)); cp "$f" "$tmp/text.$n"
done
# The real-text cases' inputs (column 3 of cases.tsv, \n for line ends).
grep -v '^#' "$top_srcdir/tests/realtext/cases.tsv" | cut -f3 | grep . >"$tmp/realtext"
while IFS= read -r line; do
	n=$((n + 1)); printf '%b\n' "$line" >"$tmp/text.$n"
done <"$tmp/realtext"
for f in "$top_srcdir"/tests/data/markup/html/* "$top_srcdir"/tests/golden/html*.in; do
	n=$((n + 1)); cp "$f" "$tmp/html.$n"
done
for f in "$top_srcdir"/tests/data/markup/md/* "$top_srcdir"/tests/golden/md*.in; do
	n=$((n + 1)); cp "$f" "$tmp/md.$n"
done

# JSON findings of zhnorm as tests/lib-cli prints them.
json_tsv() {
	python3 -c '
import json, sys
for line in sys.stdin:
    f = json.loads(line)
    after = f["after"] if f["after"] is not None else "(none)"
    print("%d\t%d\t%d\t%s\t%s\t%s\t%s" % (f["line"], f["column"], f["offset"],
          f["level"], f["id"], f["before"], after))
'
}

checked=0 fail=0
compare() {	# KIND OPTIONS...
	kind=$1; shift
	for in in "$tmp/$kind".*; do
		[ -f "$in" ] || continue
		case " $* " in
		*" --check "*)
			"$ZHNORM" --no-settings "$@" --format=json <"$in" >"$tmp/cli.json" 2>/dev/null
			st_cli=$?
			json_tsv <"$tmp/cli.json" >"$tmp/want" 2>/dev/null || st_cli=2
			"$lib" "$@" <"$in" 2>/dev/null | cut -f1-3,5- >"$tmp/got"
			st_lib=$?
			[ "$st_cli" -eq 1 ] && st_cli=0 ;;
		*)
			"$ZHNORM" --no-settings "$@" <"$in" >"$tmp/want" 2>/dev/null
			st_cli=$?
			"$lib" "$@" <"$in" >"$tmp/got" 2>/dev/null
			st_lib=$? ;;
		esac
		if [ "$st_cli" -ne 0 ]; then
			"$lib" "$@" <"$in" >/dev/null 2>&1
			if [ $? -eq 0 ]; then
				echo "FAIL $* $(basename "$in"): zhnorm failed, the library did not"
				fail=1
			fi
		elif [ "$st_lib" -ne 0 ] || ! cmp -s "$tmp/want" "$tmp/got"; then
			echo "FAIL $* $(basename "$in"):"
			diff "$tmp/want" "$tmp/got" | head -6
			fail=1
		fi
		checked=$((checked + 1))
	done
	echo "ok   $kind: $*"
}

compare text -c s2t
compare text -c s2twp
compare text -c s2hk --no-rules
compare text -c t2s
compare text -c tw2sp
compare text -c none
compare text -c s2tw -p none -r punct
compare text -c s2t --engine=libopencc
compare text -c s2t --keep-markers
compare text -c s2t --invalid=pass
compare text -c s2t --check
compare text -c s2twp --check
compare text -c none --check
compare html -m html -c s2t
compare html -m html -c s2tw --check
compare html -m html -c s2twp --keep-lang
compare html -m html -c t2s
compare md -m markdown -c s2t
compare md -m markdown -c s2twp --check
echo "$checked checked"
[ "$checked" -gt 100 ] || { echo "FAIL too few cases"; fail=1; }
exit $fail
