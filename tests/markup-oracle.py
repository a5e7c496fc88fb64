#!/usr/bin/env python3
"""Checks zhnorm's markup modes against real parsers.

usage: markup-oracle.py [--rules] markdown|html CASEDIR [KNOWN]

Every *.txt file in CASEDIR holds cases separated by lines "%%%%"; the
file's name is the section the cases belong to, and a case is named
SECTION:N (N from 1).  Each case goes through $ZHNORM (-m KIND --no-rules
--no-settings -c s2t).  The input and the output are rendered (Markdown by
cmark, HTML as it is) and parsed by html5lib, an HTML5 parser.  A case is
right when both trees have the same elements, attributes and comments,
protected content (code, pre, script... and every attribute that is not
text) is identical byte for byte, every other text node and the value of
every attribute that is text (title, alt, placeholder, aria-label,
aria-description, label; value of button inputs; content of description,
keywords, og:* and twitter:* meta) equals OpenCC's conversion of the
input's ($OPENCC_BIN, config s2t), and each lang, xml:lang and
content-language value is the input's rewritten for s2t (zh-CN -> zh-Hant,
zh-Hans-CN -> zh-Hant).

With --rules, zhnorm runs with its default rules (profile gov), which
change text beyond OpenCC: only the trees and the protected content are
compared, so that no rule is seen to make or unmake markup.

KNOWN lists the names of cases known to be wrong, one a line ('#' starts a
comment); a name after "rules: " is known to be wrong only with --rules,
one after "text: " only without.  The exit status is 1 when a case not listed is wrong, when a
listed case is right (so the list is kept true), or when no case was
checked; 0 otherwise.  The summary counts, per section, the cases right,
wrong, and wrong with protected content or structure changed (corrupt).
"""
import concurrent.futures
import html
import os
import subprocess
import sys
from urllib.parse import unquote

import html5lib

SEP = "%%%%"
# Elements whose content is not text: raw text and code.
PROTECTED = {"script", "style", "xmp", "iframe", "noembed", "noframes",
             "plaintext", "textarea", "code", "pre", "kbd", "samp"}
MARK = "\u241e{}\u241e"
TEXT_ATTRS = {"title", "alt", "placeholder", "aria-label", "aria-description",
              "label"}


def text_attr(name, a, attrib):
    """Is the attribute A of element NAME visible text (zhnorm(1))?"""
    if a in TEXT_ATTRS:
        return True
    low = {k: v.lower() for k, v in attrib.items()}
    if name == "input" and a == "value":
        return low.get("type", "") in ("button", "submit", "reset")
    if name == "meta" and a == "content" and "http-equiv" not in low:
        n = low.get("name", "")
        p = low.get("property", "")
        return (n in ("description", "keywords") or
                any(x.startswith(("og:", "twitter:")) for x in (n, p)))
    return False


def lang_attr(name, a, attrib):
    """Is the attribute A of element NAME a language tag zhnorm rewrites?"""
    if a in ("lang", "xml:lang") or a.endswith("}lang"):
        return True
    return (name == "meta" and a == "content" and
            attrib.get("http-equiv", "").lower() == "content-language")


def s2t_lang(v):
    """What zhnorm -c s2t makes of the language tag(s) V."""
    out = []
    for item in v.split(","):
        t = item.strip()
        sep = t[2:3] if len(t) > 2 else "-"
        sub = t.split(sep) if sep in "-_" else [t]
        new = t
        if len(sub) in (2, 3) and sub[0].lower() == "zh":
            if len(sub) == 2 and sub[1].lower() in ("cn", "sg", "my"):
                new = sub[0] + sep + ("hant" if sub[1].islower() else "Hant")
            elif sub[1].lower() == "hans" and (len(sub) == 2 or
                                               len(sub[2]) == 2):
                s1 = sub[1]
                sc = ("hant" if s1.islower() else "HANT" if s1.isupper()
                      else "Hant")
                new = sub[0] + sep + sc
                if len(sub) == 3 and sub[2].lower() not in ("cn", "sg", "my"):
                    new += sep + sub[2]
        out.append(item.replace(t, new, 1) if t else item)
    return ",".join(out)


def local(tag):
    """The local name of an etree tag ({ns}name -> name)."""
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def items(root, kind):
    """The tree as a flat list of (what, detail, text, protected)."""
    out = []

    def walk(e, prot):
        name = local(e.tag)
        if name is None:
            # A comment (or a processing instruction).
            out.append(("comment", "", e.text or "", True))
            return
        out.append(("tag", name, "", True))
        for a in sorted(e.attrib):
            # Markdown makes alt from the text and code of an image's
            # description: it is not compared.
            alt = kind == "markdown" and name == "img" and a == "alt"
            how = True
            if alt:
                how = None
            elif not prot and text_attr(name, a, e.attrib):
                how = False
            elif not prot and lang_attr(name, a, e.attrib):
                how = "lang"
            out.append(("attr", name + "@" + a, e.attrib[a], how))
        prot = prot or name in PROTECTED
        if e.text:
            # An autolink's text is its destination.
            auto = (kind == "markdown" and name == "a" and
                    unquote(e.attrib.get("href", "")) in
                    (e.text, "mailto:" + e.text))
            out.append(("text", name, e.text, prot or auto))
        for c in e:
            walk(c, prot)
            if c.tail:
                out.append(("text", name, c.tail, prot))
        out.append(("end", name, "", True))

    walk(root, False)
    return out


def parse(html):
    return html5lib.parse(html, treebuilder="etree",
                          namespaceHTMLElements=False)


def front_matter(text):
    """The length of the front matter TEXT starts with, or 0.  cmark knows
    none: front matter is what zhnorm(1) says it is, a first line "---"
    (YAML) or "+++" (TOML), a body of lines that look like it (key: value
    or key = value, - item, [table], # comment, indented or blank lines),
    closed by "---" or "..." (or "+++") within 200 lines."""
    lines = text.split("\n")
    first = lines[0].rstrip()
    if first not in ("---", "+++"):
        return 0
    ends = ("---", "...") if first == "---" else ("+++",)
    sep = ":" if first == "---" else "="
    n = len(lines[0]) + 1
    for line in lines[1:201]:
        n += len(line) + 1
        if line.rstrip() in ends:
            return n
        s = line.strip()
        if not (s == "" or s.startswith("#") or s.startswith("- ") or
                s.startswith("[") or line[0] in " \t" or
                (sep in s and not s.startswith(sep))):
            return 0
    return 0


def render(kind, text):
    if kind == "html":
        return text
    n = front_matter(text)
    if n:
        # The front matter is compared as code, the rest rendered.
        fm = "<pre>%s</pre>" % html.escape(text[:n])
        text = text[n:]
    else:
        fm = ""
    r = subprocess.run(["cmark", "--unsafe"], input=text.encode(),
                       stdout=subprocess.PIPE, check=True)
    return fm + r.stdout.decode()


def opencc(texts):
    """OpenCC's s2t conversion of each of TEXTS, in one run."""
    if not texts:
        return []
    blob = "".join(MARK.format(i) + "\n" + t + "\n" for i, t in
                   enumerate(texts))
    r = subprocess.run([os.environ.get("OPENCC_BIN") or "opencc", "-c",
                        "s2t"], input=blob.encode(), stdout=subprocess.PIPE,
                       check=True)
    parts = r.stdout.decode().split("\u241e")
    conv = {}
    for k in range(1, len(parts) - 1, 2):
        conv[int(parts[k])] = parts[k + 1][1:-1]
    return [conv.get(i) for i in range(len(texts))]


def load(casedir):
    cases = []
    for f in sorted(os.listdir(casedir)):
        if not f.endswith(".txt"):
            continue
        section = f[:-4]
        with open(os.path.join(casedir, f), encoding="utf-8") as fh:
            chunks = fh.read().split("\n" + SEP + "\n")
        for n, c in enumerate(chunks, 1):
            if c.strip():
                cases.append((section, "%s:%d" % (section, n),
                              c.rstrip("\n") + "\n"))
    return cases


def main():
    args = sys.argv[1:]
    rules = args[0] == "--rules"
    if rules:
        args = args[1:]
    kind, casedir = args[0], args[1]
    known = set()
    if len(args) > 2:
        with open(args[2], encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if line.startswith("rules:"):
                    line = line[6:].strip() if rules else ""
                elif line.startswith("text:"):
                    line = "" if rules else line[5:].strip()
                if line:
                    known.add(line)
    zhnorm = os.environ["ZHNORM"]
    cases = load(casedir)

    def run(case):
        section, name, text = case
        r = subprocess.run([zhnorm, "-m", kind, "--no-settings", "-c", "s2t"] +
                           ([] if rules else ["--no-rules"]), input=text.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            return (text, None, "exit status %d: %s" %
                    (r.returncode, r.stderr.decode()[:200]))
        out = r.stdout.decode("utf-8", "replace")
        return (render(kind, text), render(kind, out), None)

    # Two at a time: the zhnorm and cmark runs, not the parsing, take the
    # time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(run, cases))
    runs = []
    pending = []
    for (section, name, text), (ra, rb, err) in zip(cases, done):
        if err is not None:
            runs.append((section, name, err, None, None))
            continue
        a = items(parse(ra), kind)
        b = items(parse(rb), kind)
        for it in a:
            if it[0] in ("text", "attr") and it[3] in (False, None):
                pending.append(it[2])
        runs.append((section, name, None, a, b))
    conv = iter(opencc(pending))
    sections = {}
    order = []
    bad = 0
    corrupt = 0
    checked = 0
    for section, name, err, a, b in runs:
        if section not in sections:
            sections[section] = [0, 0, 0]
            order.append(section)
        why = err
        harm = False
        if why is None:
            a = [it + (next(conv),) if it[0] in ("text", "attr") and
                 it[3] in (False, None) else it for it in a]
            if [x[:2] for x in a] != [x[:2] for x in b]:
                why = "the structure changed"
                harm = True
            else:
                for x, y in zip(a, b):
                    if x[3] is True and x[2] != y[2]:
                        why = "protected %s %s changed: %r -> %r" % (
                            x[0], x[1], x[2][:60], y[2][:60])
                        harm = True
                        break
                    if x[3] == "lang" and y[2] != s2t_lang(x[2]):
                        why = "lang %s %r -> %r, not %r" % (
                            x[1], x[2], y[2], s2t_lang(x[2]))
                        harm = True
                        break
                    if x[3] is False and y[2] != x[4] and not rules:
                        why = "text %r -> %r, not %r" % (x[2][:60],
                                                          y[2][:60], x[4][:60])
                        break
        checked += 1
        s = sections[section]
        if why is None:
            s[0] += 1
            if name in known:
                print("XPASS %s (listed as known to be wrong)" % name)
                bad += 1
            continue
        if harm:
            s[2] += 1
            corrupt += 1
        else:
            s[1] += 1
        print("%s %s: %s" % ("KNOWN" if name in known else "WRONG", name,
                             why))
        if name not in known:
            bad += 1
    print()
    print("%-32s %5s %5s %7s" % ("section", "right", "wrong", "corrupt"))
    tot = [0, 0, 0]
    for section in order:
        s = sections[section]
        print("%-32s %5d %5d %7d" % (section, s[0], s[1] + s[2], s[2]))
        for k in range(3):
            tot[k] += s[k]
    n = sum(tot)
    print("%-32s %5d %5d %7d" % ("all", tot[0], tot[1] + tot[2], tot[2]))
    if n:
        print("%.1f%% right" % (100.0 * tot[0] / n))
    print("%d checked" % checked)
    if checked == 0:
        print("no case was checked")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
