#!/bin/sh
# Shell completion in bash: see tests/completion.sh.
exec sh "${top_srcdir:?}/tests/completion.sh" bash
