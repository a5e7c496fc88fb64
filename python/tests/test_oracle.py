# convert() and check() against the zhnorm command on the same text and
# options: the output must be the command's byte for byte, the findings
# those of `zhnorm --check --format=json`.
import os

import pytest
import zhnorm

from conftest import (DATA, TOP_SRCDIR, cli_check, cli_convert, cli_ranges,
                      markup_corpus)

DEMO = os.path.join(DATA, "demo.rules")

OPTIONS = [
    {},
    {"config": "s2tw"},
    {"config": "s2twp"},
    {"config": "s2hk"},
    {"config": "t2s"},
    {"config": "tw2sp"},
    {"config": "t2tw"},
    {"config": "none"},
    {"config": "s2t", "rules": False},
    {"config": "s2twp", "rules": False},
    {"profile": "tech"},
    {"config": "s2tw", "profile": "tech"},
    {"config": "s2tw", "region": "hk"},
    {"config": "none", "region": "tw"},
    {"profile": "none", "tables": [DEMO]},
    {"config": "none", "profile": "none", "tables": [DEMO], "disable": ["demo.c*"]},
    {"disable": ["punct.*"]},
    {"keep_markers": True},
    {"tofu": True},
    {"engine": "libopencc"},
    {"config": "s2twp", "engine": "libopencc"},
    {"config": "s2twp", "opencc_data": os.path.join(TOP_SRCDIR, "dict", "opencc")},
]


def ident(opts):
    return ",".join("%s=%s" % (k, os.path.basename(str(v))) for k, v in opts.items()) or "defaults"


@pytest.fixture(scope="module")
def converters():
    made = {}
    yield made
    for c in made.values():
        c.close()


def converter(converters, opts):
    key = ident(opts)
    if key not in converters:
        converters[key] = zhnorm.Converter(**opts)
    return converters[key]


@pytest.mark.parametrize("opts", OPTIONS, ids=ident)
def test_convert_like_the_command(converters, all_text, opts):
    assert converter(converters, opts).convert(all_text) == cli_convert(all_text, **opts)


def test_convert_each_text(converters, texts):
    c = converter(converters, {})
    for name, text in texts.items():
        assert c.convert(text) == cli_convert(text), name


@pytest.mark.parametrize("kind,markup", [("md", "markdown"), ("html", "html")])
@pytest.mark.parametrize("config", ["s2tw", "t2s"])
def test_convert_markup_like_the_command(kind, markup, config):
    with zhnorm.Converter(config, markup=markup) as c:
        for name, text in markup_corpus(kind).items():
            assert c.convert(text) == cli_convert(text, config=config,
                                                  markup=markup), name


def findings(conv, text):
    return [{"line": f.line, "column": f.column, "offset": f.offset,
             "id": f.rule, "level": f.level, "message": f.message,
             "before": f.before, "after": f.after}
            for f in conv.check(text)]


def expected(text, **opts):
    found = cli_check(text, **opts)
    for j in found:
        del j["file"]
    return found


@pytest.mark.parametrize("opts", OPTIONS, ids=ident)
def test_check_like_the_command(converters, all_text, opts):
    conv = converter(converters, opts)
    got = findings(conv, all_text)
    want = expected(all_text, **opts)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w
    # The ranges of reviewdog's format give the length.
    spans = [(f.offset, f.offset + f.length) for f in conv.check(all_text)]
    assert spans == cli_ranges(all_text, **opts)


def test_check_finds_something(converters, all_text):
    # The comparisons above mean something only if there are findings of
    # both levels, of conversion and of rules.
    got = converter(converters, {}).check(all_text)
    assert {f.level for f in got} == {"fix", "warn"}
    assert "convert" in {f.rule for f in got}
    assert len({f.rule for f in got}) > 10


def test_check_markup_like_the_command():
    with zhnorm.Converter("s2tw", markup="html") as c:
        for name, text in markup_corpus("html").items():
            got = findings(c, text)
            assert got == expected(text, config="s2tw", markup="html"), name


@pytest.mark.parametrize("opts", [{}, {"config": "s2twp"}, {"config": "none"}],
                         ids=ident)
def test_finding_offsets_index_the_str(converters, all_text, opts):
    # offset and length are characters of the str: the line and column
    # agree with them, and a conversion's finding covers its before text
    # (unless a rule changed some of that text first).
    lines = all_text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found = converter(converters, opts).check(all_text)
    rules = [f for f in found if f.rule != "convert" and f.level == "fix"]
    alone = 0
    for f in found:
        assert starts[f.line - 1] + f.column - 1 == f.offset, f
        assert 0 <= f.length and f.offset + f.length <= len(all_text), f
        if f.rule == "convert" and not any(
                r.offset <= f.offset + f.length and f.offset <= r.offset + r.length
                for r in rules):
            assert all_text[f.offset:f.offset + f.length] == f.before, f
            alone += 1
    assert alone > 0 or opts.get("config") == "none"


def test_check_agrees_with_convert(converters, all_text):
    # Applying the fixes of a conversion-only check gives convert()'s text.
    c = converter(converters, {"config": "s2twp", "rules": False})
    out, at = [], 0
    for f in sorted(c.check(all_text), key=lambda f: f.offset):
        out.append(all_text[at:f.offset])
        out.append(f.after)
        at = f.offset + f.length
    out.append(all_text[at:])
    assert "".join(out) == c.convert(all_text)
