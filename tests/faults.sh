#!/bin/sh
# I/O faults: a write that fails half-way through -i or -o, a signal during
# a rewrite, and rewriting without permission.  In every case the original
# is intact and no temporary file is left behind.  Faults are injected with
# an LD_PRELOAD shim (tests/data/faultshim.c) built here with $CC.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
fail=0
checked=0
check() {
	name=$1
	shift
	checked=$((checked + 1))
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
no_temp() { ! ls -A "$1" | grep -q '^\.zhnorm\.'; }

cc=${CC:-cc}
if ! $cc -shared -fPIC -o "$tmp/shim.so" "$top_srcdir/tests/data/faultshim.c" -ldl 2>"$tmp/cc.err"; then
	echo "FAIL cannot build the fault shim with $cc:"
	cat "$tmp/cc.err"
	exit 1
fi
# A sanitizer build wants its runtime first; the shim is harmless to it.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

mkdir "$tmp/d"
cd "$tmp/d" || exit 99
i=0
while [ $i -lt 3000 ]; do echo "第$i行：汉字和后来的事"; i=$((i + 1)); done >orig
cp orig f

# A write error after 10000 bytes of the new file.
LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_FAIL_AFTER=10000 "$ZHNORM" --no-rules -i f 2>"$tmp/err"
st=$?
check "-i with a failing write exits 2 (status $st)" test $st = 2
check "-i with a failing write reports it" grep -q 'write error' "$tmp/err"
check "-i with a failing write leaves the file intact" cmp -s f orig
check "-i with a failing write leaves no temporary file" no_temp .

cp orig keep
LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_FAIL_AFTER=10000 "$ZHNORM" --no-rules -o keep f 2>"$tmp/err"
check "-o with a failing write exits 2" test $? = 2
check "-o with a failing write leaves the target intact" cmp -s keep orig
check "-o with a failing write leaves no temporary file" no_temp .

# A write-back error that only fsync reports, at the very end.
LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_FAIL_FSYNC=1 "$ZHNORM" --no-rules -i f 2>"$tmp/err"
st=$?
check "-i with a failing fsync exits 2 (status $st)" test $st = 2
check "-i with a failing fsync reports it" grep -q 'f: write error: Input/output error' "$tmp/err"
check "-i with a failing fsync leaves the file intact" cmp -s f orig
check "-i with a failing fsync leaves no temporary file" no_temp .
LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_FAIL_FSYNC=1 "$ZHNORM" --no-rules -o new f 2>"$tmp/err"
check "-o with a failing fsync exits 2" test $? = 2
check "-o with a failing fsync creates no file" test ! -e new
check "-o with a failing fsync leaves no temporary file" no_temp .

# Workers that cannot open OpenCC: the first one does the work alone.
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "第%d行：汉字和后来的事\n", i }' >many
"$ZHNORM" --no-rules -j1 many >"$tmp/want"
LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_OPENCC_OPENS=1 "$ZHNORM" --engine=libopencc --no-rules -j3 many \
	>"$tmp/out" 2>"$tmp/err"
st=$?
check "-j3 with one OpenCC handle exits 0 (status $st)" test $st = 0
check "-j3 with one OpenCC handle warns" grep -q '^zhnorm: warning: cannot run 3 jobs (.*cannot open OpenCC config: .*); going on with fewer$' "$tmp/err"
check "-j3 with one OpenCC handle writes what -j1 writes" cmp -s "$tmp/want" "$tmp/out"
rm many

# A signal in the middle of a rewrite.
for sig in INT TERM; do
	LD_PRELOAD=$tmp/shim.so ZHNORM_TEST_WRITE_SLEEP=3 "$ZHNORM" --no-rules -i f &
	pid=$!
	# Signal once the rewrite is under way (its temporary file exists),
	# however slowly zhnorm starts (under valgrind, on a loaded machine).
	i=0
	while no_temp . && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -$sig $pid
	wait $pid
	st=$?
	check "SIG$sig during -i ends zhnorm (status $st)" test $st -gt 128
	check "SIG$sig during -i leaves the file intact" cmp -s f orig
	check "SIG$sig during -i leaves no temporary file" no_temp .
done

# Permissions, as a user that they apply to.
run_as_nobody=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null &&
		run_as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" != 0 ] || [ -n "$run_as_nobody" ]; then
	mkdir "$tmp/ro"
	cp orig "$tmp/ro/f"
	chmod 644 "$tmp/ro/f"
	[ -n "$run_as_nobody" ] && chown -R 65534:65534 "$tmp/ro"
	chmod 555 "$tmp/ro"
	$run_as_nobody "$ZHNORM" --no-rules -i "$tmp/ro/f" 2>"$tmp/err"
	check "-i in a read-only directory exits 2" test $? = 2
	check "-i in a read-only directory says why" grep -q 'temporary file' "$tmp/err"
	check "-i in a read-only directory leaves the file intact" cmp -s "$tmp/ro/f" orig
	chmod 755 "$tmp/ro"
	chmod 444 "$tmp/ro/f"
	$run_as_nobody "$ZHNORM" --no-rules -i "$tmp/ro/f" 2>"$tmp/err"
	check "-i on a file without write permission exits 2" test $? = 2
	check "-i on a file without write permission says so" grep -q 'not writable' "$tmp/err"
	check "-i on a file without write permission leaves it intact" cmp -s "$tmp/ro/f" orig
	check "-i without permission leaves no temporary file" no_temp "$tmp/ro"

	# No thread for -j: one process is all nobody may have.  The run
	# goes on in the main thread, says so, and writes the same output.
	if command -v prlimit >/dev/null; then
		mkdir "$tmp/nt"
		awk 'BEGIN { for (i = 0; i < 60000; i++) printf "第%d行：汉字和后来的事\n", i }' >"$tmp/nt/in"
		chown -R 65534:65534 "$tmp/nt"
		# The native engine reads Debian's ocd2 files through
		# opencc_dict, which needs a process: the first run, with
		# processes, fills nobody's cache of them.
		XDG_CACHE_HOME=$tmp/nt/cache $run_as_nobody "$ZHNORM" --no-rules -j1 \
			"$tmp/nt/in" >"$tmp/want"
		# (LeakSanitizer needs a thread of its own at exit: not here.)
		ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 XDG_CACHE_HOME=$tmp/nt/cache \
		prlimit --nproc=1 $run_as_nobody "$ZHNORM" --no-rules -j4 "$tmp/nt/in" \
			>"$tmp/nt/out" 2>"$tmp/err"
		st=$?
		check "-j4 without threads exits 0 (status $st)" test $st = 0
		check "-j4 without threads warns" grep -q '^zhnorm: warning: cannot run 4 jobs (cannot start a thread: .*); going on with one$' "$tmp/err"
		check "-j4 without threads writes what -j1 writes" cmp -s "$tmp/want" "$tmp/nt/out"
	fi
fi
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
