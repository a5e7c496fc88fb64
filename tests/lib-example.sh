#!/bin/sh
# The example of zhnorm(3) is a test: it is cut out of the page, compiled
# against the library of the build tree and run, and what it prints must
# be what the command prints for the same input: the text of
# `zhnorm -c s2twp`, then one line for each fix of `zhnorm -c s2twp --check`.
# After `make install` (installcheck), LIB_CFLAGS holds what pkg-config
# gives for zhnorm and LIB_DIR where the library is: the example is then
# built as the page says.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}" "${CC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
man=$top_srcdir/man/zhnorm.3
if [ -n "${LIB_CFLAGS:-}" ]; then
	lib=${LIB_DIR:?}
	flags=$LIB_CFLAGS
else
	lib=${top_builddir:?}/src/.libs
	flags="-I$top_srcdir/src -L$lib -lzhnorm"
fi

# The .EX block that starts with #include, man(7) escapes undone.
awk '
function unescape(s) {
	gsub(/\\e/, "\\", s); gsub(/\\-/, "-", s); gsub(/\\&/, "", s);
	gsub(/\\\(aq/, "\047", s); gsub(/\\\(dq/, "\"", s);
	return s
}
/^\.EX/ { inex = 1; first = 1; next }
/^\.EE/ { if (taking) exit; inex = 0; next }
inex && first { first = 0; if ($0 ~ /^#include/) taking = 1 }
taking { print unescape($0) }
' "$man" >"$tmp/example.c"
if ! grep -q 'zhnorm_open' "$tmp/example.c"; then
	echo "FAIL no C example in $man"
	exit 1
fi
# shellcheck disable=SC2086
# (built with the library's sanitizers, when it has them)
if ! $CC -std=c11 -Wall -Wextra -Werror ${SAN_CFLAGS:-} "$tmp/example.c" $flags \
	-o "$tmp/example" 2>"$tmp/cc.err"; then
	echo "FAIL the example does not compile:"
	cat "$tmp/cc.err"
	exit 1
fi

checked=0 fail=0
for input in '软件和网络' '增强四个意识,打造“数字政府”...' '鼠标和硬盘' ''; do
	printf '%s\n' "$input" >"$tmp/in"
	LD_LIBRARY_PATH=$lib "$tmp/example" <"$tmp/in" >"$tmp/got" 2>"$tmp/err"
	status=$?
	"$ZHNORM" -c s2twp <"$tmp/in" >"$tmp/want" || { echo "FAIL zhnorm failed"; exit 1; }
	"$ZHNORM" -c s2twp --check --format=json <"$tmp/in" | python3 -c '
import json, sys
for line in sys.stdin:
    f = json.loads(line)
    if f["level"] == "fix" and f["after"] is not None:
        print("%d:%d: %s: %s -> %s" % (f["line"], f["column"], f["id"], f["before"], f["after"]))
' >>"$tmp/want"
	checked=$((checked + 1))
	if [ "$status" -ne 0 ]; then
		echo "FAIL example exited $status on '$input':"
		cat "$tmp/err"
		fail=1
	elif ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "FAIL example on '$input' differs from zhnorm:"
		diff "$tmp/want" "$tmp/got" | head -10
		fail=1
	elif [ -n "$input" ] && [ "$(wc -l <"$tmp/got")" -lt 2 ]; then
		echo "FAIL example found nothing in '$input'"
		fail=1
	else
		echo "ok   '$input'"
	fi
done
echo "$checked checked"
exit $fail
