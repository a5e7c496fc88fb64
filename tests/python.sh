#!/bin/sh
# The Python module (python/): built against this tree's libzhnorm in a
# temporary directory, then its pytest suite, which runs $ZHNORM as the
# oracle.  Prints "N checked", N the tests pytest passed.  Skipped (77)
# without a python3 that has its headers (python3-dev), setuptools and
# pytest, or without the shared library (--disable-shared).
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
build=$(pwd)
lib=$build/src/.libs/libzhnorm.so
[ -f "$lib" ] || { echo "SKIP no shared libzhnorm ($lib)"; exit 77; }
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import os, sysconfig, setuptools, pytest
raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
		>/dev/null 2>&1; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "SKIP no python3 with Python.h, setuptools and pytest (python3-dev python3-setuptools python3-pytest)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A library built with AddressSanitizer needs its runtime loaded first,
# and the module is built with the same sanitizers; Python's own
# allocations are not for the leak checker.
preload=
san=
case $(ldd "$lib" 2>/dev/null) in
*libtsan*) echo "SKIP libzhnorm is built with ThreadSanitizer"; exit 77 ;;
*libasan*)
	san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
	for r in asan ubsan; do
		f=$(${CC:-cc} -print-file-name=lib$r.so 2>/dev/null)
		[ -f "$f" ] && preload="$preload $f"
	done ;;
esac

echo "== building the module with $py"
(cd "$top_srcdir/python" && ZHNORM_TOP_SRCDIR=$top_srcdir ZHNORM_TOP_BUILDDIR=$build \
	CFLAGS="${san:+$san }${CFLAGS:-}" LDFLAGS="${san:+$san }${LDFLAGS:-}" \
	PYTHONDONTWRITEBYTECODE=1 "$py" setup.py -q build \
	--build-base "$tmp/build" --build-lib "$tmp/lib") >"$tmp/build.out" 2>&1
st=$?
cat "$tmp/build.out"
if [ $st != 0 ]; then
	echo "FAIL the module does not build"
	echo "0 checked"
	exit 1
fi

echo "== pytest"
cd "$tmp" || exit 1
LD_LIBRARY_PATH=$build/src/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	PYTHONPATH=$tmp/lib PYTHONDONTWRITEBYTECODE=1 ZHNORM_TOP_BUILDDIR=$build \
	LD_PRELOAD=${preload# } ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	"$py" -m pytest -p no:cacheprovider -v -rfE "$top_srcdir/python/tests" >"$tmp/pytest.out" 2>&1
st=$?
cat "$tmp/pytest.out"
n=$(tail -n 1 "$tmp/pytest.out" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
n=${n:-0}
echo "$n checked"
[ "$st" = 0 ] && [ "$n" -gt 0 ]
