#!/bin/sh
# The markup modes checked against real parsers: cmark renders each
# Markdown case before and after zhnorm, an HTML5 parser (html5lib) reads
# the HTML; code, destinations, titles, tags and comments must come out
# byte for byte, and text as OpenCC converts it.  The cases are in
# tests/data/markup/{md,html}, one file per section; the ones known to be
# wrong are listed beside them (md.known, html.known), and the test fails
# when any other is wrong or a listed one is right.  Then again with the
# default rules, comparing only what is not text.  Without cmark or
# html5lib the test is skipped.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
command -v cmark >/dev/null 2>&1 || { echo "cmark is not installed"; exit 77; }
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import html5lib' >/dev/null 2>&1; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with html5lib"; exit 77; }
command -v "${OPENCC_BIN:-opencc}" >/dev/null 2>&1 || { echo "no opencc"; exit 77; }
d=$top_srcdir/tests/data/markup
fail=0
echo "== Markdown (cmark)"
"$py" "$top_srcdir/tests/markup-oracle.py" markdown "$d/md" "$d/md.known" || fail=1
echo "== HTML (html5lib)"
"$py" "$top_srcdir/tests/markup-oracle.py" html "$d/html" "$d/html.known" || fail=1
# The same with the default rules: only trees and protected content are
# compared, so that no rule makes or unmakes markup.
echo "== Markdown (cmark), with the rules"
"$py" "$top_srcdir/tests/markup-oracle.py" --rules markdown "$d/md" "$d/md.known" || fail=1
echo "== HTML (html5lib), with the rules"
"$py" "$top_srcdir/tests/markup-oracle.py" --rules html "$d/html" "$d/html.known" || fail=1
exit $fail
