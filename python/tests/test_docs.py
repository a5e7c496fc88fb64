# The documentation as a new user reads it: the examples of the module's
# docstrings (help(zhnorm)) and the README's Python section must run and
# print what they say.
import doctest
import os
import re
import subprocess
import sys

import zhnorm

from conftest import TOP_SRCDIR


def test_docstring_examples():
    res = doctest.testmod(zhnorm, extraglobs={"zhnorm": zhnorm},
                          optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 10
    assert res.failed == 0


def readme_python():
    """The Python code blocks of the README's Python section."""
    with open(os.path.join(TOP_SRCDIR, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Python\n(.*?)(?=^## )", text, re.M | re.S)
    assert m, "README.md has no Python section"
    return re.findall(r"^```python\n(.*?)^```", m.group(1), re.M | re.S)


def test_readme_example(tmp_path):
    blocks = readme_python()
    assert blocks
    for code in blocks:
        # A block ends with the output it prints, as comments "# -> ...".
        want = [l.split("# -> ", 1)[1] for l in code.splitlines() if "# -> " in l]
        script = tmp_path / "example.py"
        script.write_text(code, encoding="utf-8")
        p = subprocess.run([sys.executable, str(script)], capture_output=True,
                           text=True, encoding="utf-8", timeout=120)
        assert p.returncode == 0, p.stderr
        assert p.stdout.splitlines() == want
