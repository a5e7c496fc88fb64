#!/bin/sh
# The man pages render without a single warning.
set -u
: "${top_srcdir:?}"
fail=0
for page in "$top_srcdir"/man/zhnorm.1 "$top_srcdir"/man/zhnorm.3 "$top_srcdir"/man/zhnorm-rules.5 \
    "$top_srcdir"/man/zhnorm-standards.7; do
	if command -v mandoc >/dev/null; then
		out=$(mandoc -Tlint "$page" 2>&1)
	elif command -v groff >/dev/null; then
		out=$(groff -k -Tutf8 -man -ww -z "$page" 2>&1)
	else
		echo "FAIL neither mandoc nor groff is installed"
		exit 1
	fi
	if [ -n "$out" ]; then
		echo "FAIL $page:"
		echo "$out"
		fail=1
	else
		echo "ok   $page"
	fi
done
exit $fail
