#!/bin/sh
# Every example of every shipped rule table holds (zhnorm --test-rules).
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
set -- "$top_srcdir"/dict/*.rules
[ -f "$1" ] || { echo "FAIL no rule tables in $top_srcdir/dict"; exit 1; }
"$ZHNORM" --test-rules "$@"
