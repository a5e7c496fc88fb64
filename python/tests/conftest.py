# Shared fixtures of the zhnorm module's tests.  The zhnorm command is the
# oracle: $ZHNORM (as `make check` sets it) or the one built in the tree
# above.  $top_srcdir (or the tree above) gives the test data and the rule
# tables.  tests/python.sh builds the module and runs these.
import glob
import json
import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.dirname(os.path.dirname(HERE))
TOP_BUILDDIR = os.environ.get("ZHNORM_TOP_BUILDDIR") or TOP_SRCDIR
ZHNORM = os.environ.get("ZHNORM") or os.path.join(TOP_BUILDDIR, "src", "zhnorm")
os.environ.setdefault("ZHNORM_RULES_PATH", os.path.join(TOP_SRCDIR, "dict"))
DATA = os.path.join(TOP_SRCDIR, "tests", "data")


def cli_args(config="s2t", profile=None, tables=None, disable=None,
             rules=True, region=None, markup="text", engine="native",
             opencc_data=None, tofu=False, keep_markers=False,
             invalid="error", rules_path=None):
    """The zhnorm command line for the Converter options given."""
    args = ["--no-settings", "-c", config, "-m", markup, "--engine", engine,
            "--invalid", invalid]
    if profile is not None:
        args += ["-p", profile]
    for t in tables or []:
        args += ["-r", t]
    for d in disable or []:
        args += ["--disable=" + d]
    if not rules:
        args.append("--no-rules")
    if region is not None:
        args += ["--region", region]
    if opencc_data is not None:
        args += ["--opencc-data", opencc_data]
    if tofu:
        args.append("--tofu")
    if keep_markers:
        args.append("--keep-markers")
    return args


def run_cli(args, data):
    """Runs zhnorm ARGS on DATA (bytes): (status, stdout, stderr)."""
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([ZHNORM] + args, input=data, capture_output=True,
                       env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


def cli_convert(text, **opts):
    """What zhnorm writes for TEXT (str) with OPTS; asserts it succeeded."""
    rc, out, err = run_cli(cli_args(**opts), text.encode("utf-8"))
    assert rc == 0, "zhnorm %s: status %d: %s" % (opts, rc, err.decode())
    return out.decode("utf-8")


def cli_check(text, **opts):
    """zhnorm --check --format=json's findings for TEXT, as dicts whose
    offset counts characters, as the module's do."""
    data = text.encode("utf-8")
    rc, out, err = run_cli(cli_args(**opts) + ["--check", "--format=json"], data)
    assert rc in (0, 1), "zhnorm --check %s: status %d: %s" % (opts, rc, err.decode())
    found = []
    for line in out.decode("utf-8").splitlines():
        j = json.loads(line)
        j["offset"] = len(data[:j["offset"]].decode("utf-8"))
        found.append(j)
    return found


def cli_ranges(text, **opts):
    """The (start, end) of each finding of `zhnorm --check --format=rdjsonl`
    on TEXT (str), in characters: the length check() gives."""
    data = text.encode("utf-8")
    rc, out, err = run_cli(cli_args(**opts) + ["--check", "--format=rdjsonl"], data)
    assert rc in (0, 1), "zhnorm --check %s: status %d: %s" % (opts, rc, err.decode())
    starts = [0]
    for line in data.split(b"\n"):
        starts.append(starts[-1] + len(line) + 1)

    def chars(pos):
        return len(data[:starts[pos["line"] - 1] + pos["column"] - 1].decode("utf-8"))

    ranges = []
    for line in out.decode("utf-8").splitlines():
        r = json.loads(line)["location"]["range"]
        ranges.append((chars(r["start"]), chars(r["end"])))
    return ranges


def corpus():
    """Named texts to compare on: the suite's sample, the golden inputs that
    are UTF-8, the real-text cases and the markup cases."""
    texts = {}
    with open(os.path.join(DATA, "sample.txt"), encoding="utf-8") as f:
        texts["sample.txt"] = f.read()
    for path in sorted(glob.glob(os.path.join(TOP_SRCDIR, "tests", "golden", "*.in"))):
        with open(path, "rb") as f:
            b = f.read()
        try:
            texts["golden/" + os.path.basename(path)] = b.decode("utf-8")
        except UnicodeDecodeError:
            pass
    lines = []
    with open(os.path.join(TOP_SRCDIR, "tests", "realtext", "cases.tsv"),
              encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(parts) == 3:
                lines.append(parts[1])
    texts["realtext"] = "\n".join(lines) + "\n"
    return texts


def markup_corpus(kind):
    """The markup oracle's cases of KIND ("md" or "html"), by name."""
    texts = {}
    for path in sorted(glob.glob(os.path.join(DATA, "markup", kind, "*"))):
        with open(path, encoding="utf-8") as f:
            texts[os.path.basename(path)] = f.read()
    return texts


@pytest.fixture(scope="session")
def texts():
    return corpus()


@pytest.fixture(scope="session")
def all_text(texts):
    """The whole corpus as one text."""
    return "".join(t if t.endswith("\n") or not t else t + "\n"
                   for t in texts.values())
