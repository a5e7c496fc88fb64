"""Builds the zhnorm Python module, a C extension over libzhnorm.

Where libzhnorm is found, in this order:
  - ZHNORM_TOP_SRCDIR and ZHNORM_TOP_BUILDDIR: a zhnorm source tree
    (for src/zhnorm.h) and the tree it was built in (for src/.libs);
  - the zhnorm tree this directory is part of, when it has been built
    (../src/.libs/libzhnorm.so);
  - pkg-config zhnorm: an installed libzhnorm.
A module built against a build tree finds the library at run time only
with LD_LIBRARY_PATH=.../src/.libs, or after `make install`.
"""
import os
import re
import shlex
import subprocess

from setuptools import Extension, setup

here = os.path.dirname(os.path.abspath(__file__))


def from_tree(top_src, top_build):
    # -iquote, not -I: src/ holds headers named like system ones (sched.h).
    inc = os.path.join(top_src, "src")
    return [inc], [os.path.join(top_build, "src", ".libs")], ["-iquote", inc]


def from_pkg_config():
    try:
        cflags = subprocess.run(["pkg-config", "--cflags", "zhnorm"],
                                check=True, capture_output=True, text=True).stdout
        libs = subprocess.run(["pkg-config", "--libs-only-L", "zhnorm"],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit("setup.py: libzhnorm not found: build zhnorm in the "
                         "tree above, install it (pkg-config zhnorm), or set "
                         "ZHNORM_TOP_SRCDIR and ZHNORM_TOP_BUILDDIR")
    incs = [f[2:] for f in shlex.split(cflags) if f.startswith("-I")]
    other = [f for f in shlex.split(cflags) if not f.startswith("-I")]
    dirs = [f[2:] for f in shlex.split(libs) if f.startswith("-L")]
    return incs, dirs, other


src = os.environ.get("ZHNORM_TOP_SRCDIR")
build = os.environ.get("ZHNORM_TOP_BUILDDIR")
top = os.path.dirname(here)
if src or build:
    incs, libdirs, cflags = from_tree(src or top, build or src or top)
elif os.path.exists(os.path.join(top, "src", ".libs", "libzhnorm.so")):
    incs, libdirs, cflags = from_tree(top, top)
else:
    incs, libdirs, cflags = from_pkg_config()


def header_version():
    """The version of zhnorm.h, the module's own."""
    for d in incs + ["/usr/include", "/usr/local/include"]:
        h = os.path.join(d, "zhnorm.h")
        if os.path.exists(h):
            with open(h, encoding="utf-8") as f:
                text = f.read()
            parts = [re.search(r"#define\s+ZHNORM_VERSION_%s\s+(\d+)" % p,
                               text) for p in ("MAJOR", "MINOR", "PATCH")]
            if all(parts):
                return ".".join(m.group(1) for m in parts)
    return "0"


setup(
    name="zhnorm",
    version=header_version(),
    description="Chinese text conversion (OpenCC-compatible) and "
                "normalisation rules: bindings to libzhnorm",
    license="see the zhnorm distribution",
    python_requires=">=3.9",
    packages=["zhnorm"],
    package_data={"zhnorm": ["py.typed", "__init__.pyi"]},
    ext_modules=[Extension(
        "zhnorm._zhnorm",
        sources=["_zhnorm.c"],
        include_dirs=[d for d in incs if "-iquote" not in cflags],
        library_dirs=libdirs,
        libraries=["zhnorm"],
        extra_compile_args=cflags + ["-Wall", "-Wextra",
                                     "-Wno-missing-field-initializers"],
    )],
    zip_safe=False,
)
