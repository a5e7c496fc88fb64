#!/bin/sh
# -o and -i: output files are replaced only when everything went well, keep
# their permissions, and no temporary file is ever left behind.
set -u
: "${ZHNORM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
check() {
	name=$1
	shift
	checked=$((checked + 1))
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
no_temp() { ! ls -A "$1" | grep -q '^\.zhnorm\.'; }
mode() { stat -c %a "$1"; }

cd "$tmp" || exit 99
printf '汉字\n后面\n' >good
printf '漢字\n後面\n' >want
printf '好\n坏\377\n' >bad

umask 022
"$ZHNORM" --no-rules -o out good
check "-o writes the output" cmp -s out want
check "-o creates the file with mode 644 under umask 022" test "$(mode out)" = 644
printf 'old\n' >keep
chmod 640 keep
"$ZHNORM" --no-rules -o keep good
check "-o keeps the mode of an existing file" test "$(mode keep)" = 640
printf 'old\n' >keep
"$ZHNORM" --no-rules -o keep good bad 2>err
check "-o with bad input exits 2" test $? = 2
check "-o with bad input leaves the target as it was" test "$(cat keep)" = old
check "-o with bad input says so" grep -q 'not written' err
check "-o leaves no temporary file" no_temp .
"$ZHNORM" --no-rules -o missing/dir/out good 2>err
check "-o into a missing directory exits 2" test $? = 2

cp good f1
cp good f2
chmod 600 f1
"$ZHNORM" --no-rules -i f1 f2
check "-i rewrites each file" cmp -s f1 want
check "-i rewrites the second file" cmp -s f2 want
check "-i keeps the mode" test "$(mode f1)" = 600
cp good f3
cp bad f4
"$ZHNORM" --no-rules -i f4 f3 2>err
check "-i with one bad file exits 2" test $? = 2
check "-i leaves the bad file unchanged" cmp -s f4 bad
check "-i still rewrites the good file" cmp -s f3 want
check "-i says the bad file was left unchanged" grep -q 'f4: left unchanged' err
check "-i leaves no temporary file" no_temp .

cp good target
ln -s target link
"$ZHNORM" --no-rules -i link
check "-i on a symbolic link keeps the link" test -L link
check "-i on a symbolic link rewrites its target" cmp -s target want

cp good same
"$ZHNORM" --no-rules -o same same
check "-o onto its own input" cmp -s same want

mkdir d
"$ZHNORM" --no-rules -i d 2>err
check "-i on a directory exits 2" test $? = 2

# A FIFO or a device is written to, never replaced by a file (as root,
# renaming a file over /dev/null would have replaced the device).
# (Each side gives up after 20 s, so that a zhnorm that does not open the
# FIFO, or one that blocks on it, fails instead of hanging the suite.)
mkfifo pipe
timeout 20 cat pipe >frompipe &
timeout 20 "$ZHNORM" --no-rules -o pipe good
st=$?
wait
check "-o onto a FIFO exits 0 (status $st)" test $st = 0
check "-o onto a FIFO writes into it" cmp -s frompipe want
check "-o onto a FIFO keeps the FIFO" test -p pipe
check "-o onto a FIFO leaves no temporary file" no_temp .
"$ZHNORM" --no-rules -o /dev/stdout good >fromstdout
check "-o /dev/stdout writes to standard output" cmp -s fromstdout want
timeout 20 "$ZHNORM" --no-rules -i pipe 2>err
check "-i on a FIFO exits 2 without waiting for a writer" test $? = 2
check "-i on a FIFO says why" grep -q 'not a regular file' err
check "-i on a FIFO keeps the FIFO" test -p pipe
if mknod nulldev c 1 3 2>/dev/null; then
	"$ZHNORM" --no-rules -o nulldev good
	check "-o onto a device node exits 0" test $? = 0
	check "-o onto a device node keeps the device" test -c nulldev
else
	echo "     (not root: -o onto a device node not tried)"
fi

# A signal during -o leaves neither the target nor a temporary file.
mkfifo fifo
"$ZHNORM" --no-rules -o sig fifo &
pid=$!
# Opened for reading and writing, so that this does not wait for a reader
# (a zhnorm that never opens the FIFO fails the checks, it does not hang).
exec 3<>fifo
printf '汉\n' >&3
sleep 1
kill -TERM $pid
wait $pid
st=$?
exec 3>&-
check "SIGTERM during -o ends zhnorm (status $st)" test $st -gt 128
check "SIGTERM during -o leaves no target" test ! -e sig
check "SIGTERM during -o leaves no temporary file" no_temp .
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
