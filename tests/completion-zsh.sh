#!/bin/sh
# Shell completion in zsh: see tests/completion.sh.
exec sh "${top_srcdir:?}/tests/completion.sh" zsh
