# The module's behaviour apart from what the command shows: input types,
# empty and huge input, NUL, surrogates, errors and warnings, closing,
# types and versions.
import os
import pathlib
import re
import warnings

import pytest
import zhnorm

from conftest import DATA, TOP_SRCDIR, ZHNORM, cli_args, cli_convert, run_cli


@pytest.fixture(scope="module")
def s2t():
    with zhnorm.Converter() as c:
        yield c


# ---- input -----------------------------------------------------------------

def test_empty_input(s2t):
    assert s2t.convert("") == ""
    assert s2t.convert(b"") == b""
    assert s2t.check("") == []
    assert s2t.check(b"") == []


def test_nul_characters(s2t):
    text = "中\0国\0\n\0\0(汉字)\0"
    assert s2t.convert(text) == cli_convert(text)
    assert "\0" in s2t.convert(text)
    f = [f for f in s2t.check(text) if f.rule == "convert"][0]
    assert (f.offset, f.length, f.before, f.after) == (2, 1, "国", "國")


def test_bytes_in_bytes_out(s2t):
    data = "这个软件(beta)\n".encode("utf-8")
    rc, out, _ = run_cli(cli_args(), data)
    assert rc == 0 and s2t.convert(data) == out
    assert isinstance(s2t.convert(data), bytes)


def test_bytes_offsets_count_bytes(s2t):
    data = "软件(测试)".encode("utf-8")
    found = s2t.check(data)
    assert found and all(isinstance(f.before, str) for f in found)
    for f in found:
        if f.rule == "convert":
            assert data[f.offset:f.offset + f.length].decode() == f.before
    paren = [f for f in found if f.rule == "punct.paren-open"][0]
    assert (paren.offset, paren.length, paren.column) == (6, 1, 3)


def test_other_types_are_refused(s2t):
    for bad in (None, 1, bytearray(b"x"), memoryview(b"x"), ["x"]):
        with pytest.raises(TypeError, match="str or bytes"):
            s2t.convert(bad)
        with pytest.raises(TypeError, match="str or bytes"):
            s2t.check(bad)


def test_lone_surrogate_raises(s2t):
    for text in ("\ud800", "中\udfff国", "\udcff"):
        with pytest.raises(UnicodeEncodeError):
            s2t.convert(text)
        with pytest.raises(UnicodeEncodeError):
            s2t.check(text)
    # The Converter is none the worse for it.
    assert s2t.convert("国") == "國"


def test_invalid_utf8_bytes_raise(s2t):
    with pytest.raises(zhnorm.InvalidUTF8Error) as e:
        s2t.convert("中国\n".encode() + b"a\xff\n")
    assert isinstance(e.value, ValueError)
    assert e.value.code == zhnorm.EUTF8
    assert "invalid UTF-8 at byte 9 (line 2)" in str(e.value)
    with pytest.raises(zhnorm.InvalidUTF8Error):
        s2t.check(b"\xed\xa0\x80")   # an encoded surrogate


def test_invalid_pass():
    data = b"\xff\xe4\xb8\xad\xe5\x9b\xbd(x)\xc0\x80\n"
    rc, out, _ = run_cli(cli_args(invalid="pass"), data)
    assert rc == 0
    with zhnorm.Converter(invalid="pass") as c:
        assert c.convert(data) == out
        # A str with the surrogate escapes of os.fsdecode() comes back as
        # it was, each escape where its byte was.
        text = data.decode("utf-8", "surrogateescape")
        assert c.convert(text) == out.decode("utf-8", "surrogateescape")
        got = c.check(text)
        conv = [f for f in got if f.rule == "convert"][0]
        assert (conv.offset, conv.column, conv.before) == (2, 3, "国")
        assert text[conv.offset:conv.offset + conv.length] == "国"
        with pytest.raises(UnicodeEncodeError):
            c.convert("\ud800")


def test_long_input(s2t):
    with open(os.path.join(DATA, "sample.txt"), encoding="utf-8") as f:
        sample = f.read()
    n = 5 * 1024 * 1024 // len(sample.encode()) + 1
    big = sample * n
    assert len(big.encode()) > 5 * 1024 * 1024
    want = cli_convert(sample)
    assert s2t.convert(big) == want * n
    one = s2t.check(sample)
    many = s2t.check(big)
    assert len(many) == len(one) * n
    last = many[-len(one):]
    shift = len(sample) * (n - 1)
    lines = sample.count("\n") * (n - 1)
    for a, b in zip(one, last):
        assert (b.line, b.offset) == (a.line + lines, a.offset + shift)
        assert b[1:2] + b[3:] == a[1:2] + a[3:]


def test_one_long_line(s2t):
    line = "发展经济，" * 200000 + "\n"
    assert s2t.convert(line) == cli_convert(line)


# ---- errors ----------------------------------------------------------------

@pytest.mark.parametrize("opts,cls,code,pattern", [
    ({"config": "nosuch"}, zhnorm.ConfigError, zhnorm.ECONFIG, "unknown config 'nosuch'"),
    ({"config": "/nonexistent/x.json"}, zhnorm.ConfigError, zhnorm.ECONFIG, "x.json"),
    ({"profile": "nosuch"}, zhnorm.RulesError, zhnorm.ERULES, "nosuch"),
    ({"tables": ["nosuch"]}, zhnorm.RulesError, zhnorm.ERULES, "no rule table 'nosuch'"),
    ({"tables": [os.path.join(DATA, "bad-pattern.rules")]}, zhnorm.RulesError,
     zhnorm.ERULES, r"bad-pattern\.rules:6:12: .*missing closing parenthesis"),
    ({"disable": ["nosuch.*"]}, zhnorm.RulesError, zhnorm.ERULES, "no rule has that id"),
    ({"rules": False, "tables": ["punct"]}, zhnorm.ArgumentError, zhnorm.EARG, "no_rules"),
    ({"opencc_data": "/nonexistent"}, zhnorm.DataError, zhnorm.EDATA, "/nonexistent"),
    ({"markup": "rtf"}, zhnorm.ArgumentError, zhnorm.EARG, 'markup="rtf": expected one of "text", "html", "markdown"'),
    ({"engine": "opencc"}, zhnorm.ArgumentError, zhnorm.EARG, 'engine="opencc"'),
    ({"invalid": "drop"}, zhnorm.ArgumentError, zhnorm.EARG, 'invalid="drop"'),
])
def test_open_errors(opts, cls, code, pattern):
    with pytest.raises(cls, match=pattern) as e:
        zhnorm.Converter(**opts)
    assert isinstance(e.value, zhnorm.Error)
    assert e.value.code == code


def test_error_classes():
    assert issubclass(zhnorm.ArgumentError, ValueError)
    assert issubclass(zhnorm.InvalidUTF8Error, ValueError)
    for cls in (zhnorm.ArgumentError, zhnorm.ConfigError, zhnorm.DataError,
                zhnorm.RulesError, zhnorm.InvalidUTF8Error, zhnorm.ConvertError):
        assert issubclass(cls, zhnorm.Error)
    assert issubclass(zhnorm.RuleWarning, UserWarning)
    assert zhnorm.Error.code is None
    assert len({zhnorm.OK, zhnorm.EARG, zhnorm.ECONFIG, zhnorm.EDATA, zhnorm.ERULES,
                zhnorm.EUTF8, zhnorm.ECONVERT, zhnorm.ERULE}) == 8


def test_bad_option_types():
    with pytest.raises(TypeError, match="single str"):
        zhnorm.Converter(tables="punct")
    with pytest.raises(TypeError, match="single str"):
        zhnorm.Converter(disable="punct.*")
    with pytest.raises(TypeError):
        zhnorm.Converter(profile=1)
    with pytest.raises(TypeError):
        zhnorm.Converter("s2t", "gov")     # options after config are keywords
    with pytest.raises(TypeError):
        zhnorm.Converter(nosuch=1)
    with pytest.raises(ValueError):
        zhnorm.Converter("s2t\0x")


def test_rule_failure_warns_and_returns():
    opts = {"config": "none", "profile": "none",
            "tables": [os.path.join(DATA, "slow.rules")]}
    text = "a" * 37 + "!\nab\n"
    rc, out, err = run_cli(cli_args(**opts), text.encode())
    assert rc == 2 and out    # the command writes the text and fails
    with zhnorm.Converter(**opts) as c:
        with pytest.warns(zhnorm.RuleWarning,
                          match=r"input:1: rule slow\.backtrack: match limit exceeded"):
            assert c.convert(text) == out.decode()
        with pytest.warns(zhnorm.RuleWarning, match="slow.backtrack"):
            found = c.check(text)
        assert [f.rule for f in found] == ["slow.fine"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(zhnorm.RuleWarning):
                c.convert(text)
        # Text that does not trip the rule does not warn.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert c.convert("ab\n") == "aB\n"


# ---- options -----------------------------------------------------------------

def test_paths_and_rules_path(tmp_path):
    (tmp_path / "mine.rules").write_text(
        "[mine.x]\nmatch = 甲\nreplace = 乙\nmessage = mine\n", encoding="utf-8")
    with zhnorm.Converter("none", profile="none", tables=["mine"],
                          rules_path=[tmp_path, os.path.join(TOP_SRCDIR, "dict")]) as c:
        assert c.convert("甲") == "乙"
    with zhnorm.Converter("none", profile="none",
                          tables=[tmp_path / "mine.rules"]) as c:
        assert c.convert("甲") == "乙"
    with zhnorm.Converter("none", tables=["mine"], rules_path=str(tmp_path) + ":" +
                          os.path.join(TOP_SRCDIR, "dict")) as c:
        assert c.convert("甲(乙)") == "乙（乙）"
    cfg = pathlib.Path("/usr/share/opencc/s2twp.json")
    if cfg.exists():
        with zhnorm.Converter(cfg, rules=False) as c:
            assert c.convert("鼠标") == cli_convert("鼠标", config=str(cfg), rules=False)
            assert c.config == str(cfg)


# ---- the object --------------------------------------------------------------

def test_close_and_with():
    c = zhnorm.Converter()
    assert not c.closed and "closed" not in repr(c)
    assert repr(c) == "<zhnorm.Converter config='s2t'>"
    c.close()
    c.close()
    assert c.closed and repr(c).endswith(" closed>")
    for call in (c.convert, c.check):
        with pytest.raises(ValueError, match="closed"):
            call("中")
    with pytest.raises(ValueError):
        with c:
            pass
    with zhnorm.Converter("t2s") as d:
        assert d.convert("漢") == "汉"
    assert d.closed


def test_finding_is_an_immutable_named_tuple(s2t):
    f = s2t.check("汉")[0]
    assert isinstance(f, tuple) and isinstance(f, zhnorm.Finding)
    assert f == (1, 1, 0, 1, "convert", "fix", "converted by s2t", "汉", "漢")
    assert f.rule == f[4]
    with pytest.raises((AttributeError, TypeError)):
        f.line = 2
    assert zhnorm.Finding.n_fields == 9
    assert "line=1" in repr(f) and repr(f).startswith("zhnorm.Finding(")


def test_versions():
    assert re.fullmatch(r"\d+\.\d+\.\d+", zhnorm.__version__)
    rc, out, _ = run_cli(["--version"], b"")
    assert rc == 0
    assert out.decode().split()[1] == zhnorm.version()
    assert zhnorm.version().split(".")[0] == zhnorm.__version__.split(".")[0]


def test_stub_names_the_module():
    # Every public name has a type hint, and every hint a name.
    stub = os.path.join(os.path.dirname(zhnorm.__file__), "__init__.pyi")
    with open(stub, encoding="utf-8") as f:
        text = f.read()
    for name in zhnorm.__all__ + ["__version__"]:
        assert re.search(r"^(class |def )?%s\b" % re.escape(name), text, re.M), name
    assert os.path.exists(os.path.join(os.path.dirname(zhnorm.__file__), "py.typed"))
