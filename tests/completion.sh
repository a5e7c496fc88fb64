#!/bin/sh
# completion.sh bash|zsh - shell completion, for one shell.  The bash
# script (completions/zhnorm) is sourced in bash and run with COMP_WORDS
# and COMP_CWORD set, as bash does on TAB; the zsh one (completions/_zhnorm)
# is checked for syntax and completed in an interactive zsh on a
# pseudo-terminal (its zpty module).  A shell that is not installed, or a
# zsh without zpty, makes the test a SKIP (exit 77), never a pass.
# tests/completion-bash.sh and tests/completion-zsh.sh run it.
set -u
: "${ZHNORM:?}"
shell=${1:?usage: completion.sh bash|zsh}
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
command -v "$shell" >/dev/null 2>&1 || { echo "SKIP $shell is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
check() {	# check NAME CONDITION...
	name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
# has WORD FILE: FILE has WORD alone on a line.
has() { grep -qxF -- "$1" "$2"; }
# only PREFIX FILE: FILE is not empty and every line starts with PREFIX.
only() { test -s "$2" && awk -v p="$1" 'index($0, p) != 1 { bad = 1 } END { exit bad }' "$2"; }

# Completions are made in an empty directory, so that no file name of the
# source tree is offered with them; a few files are made for the cases
# that complete files.
mkdir "$tmp/cwd"
cd "$tmp/cwd" || exit 99
: >house.rules
: >notes.txt

# bcomp CWORD WORD...: the bash completions of WORD[CWORD], one a line.
bcomp() {
	cw=$1
	shift
	bash --norc --noprofile -c '
		. "$1" || exit 99
		shift
		COMP_WORDS=("$@")
		COMP_CWORD='"$cw"'
		_zhnorm
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' bcomp "$srcdir/completions/zhnorm" "$@"
}

if [ "$shell" = bash ]; then
	bcomp 2 zhnorm -c s2 >out
	check "bash: -c s2 offers s2t, s2tw, s2twp, s2hk" \
		sh -c 'for w in s2t s2tw s2twp s2hk; do grep -qxF $w out || exit 1; done'
	check "bash: -c s2 offers nothing else" only s2 out
	bcomp 1 zhnorm --config=s2tw >out
	check "bash: --config=s2tw (one word)" has --config=s2twp out
	bcomp 1 zhnorm -cs2tw >out
	check "bash: -cs2tw (glued)" has -cs2twp out
	bcomp 1 zhnorm --disable=punct.com >out
	check "bash: --disable=punct.com offers punct.comma (one word)" has --disable=punct.comma out
	# Readline splits at '=', which is in COMP_WORDBREAKS: the reply is
	# then what follows the '='.
	bcomp 3 zhnorm --disable = punct.com >out
	check "bash: --disable = punct.com offers punct.comma (split at =)" has punct.comma out
	bcomp 2 zhnorm --disable punct. >out
	check "bash: --disable punct. offers the glob punct.*" has 'punct.*' out
	check "bash: --disable punct. offers only punct rules" only punct. out
	bcomp 3 zhnorm -p tech --disable=spacing. >out
	check "bash: --disable follows -p tech (spacing rules)" has --disable=spacing.cjk-latin out
	bcomp 1 zhnorm --disable=spacing. >out
	check "bash: without -p tech, no spacing rules" test ! -s out
	bcomp 2 zhnorm -p '' >out
	check "bash: -p offers gov, tech and none" \
		sh -c 'grep -qxF gov out && grep -qxF tech out && grep -qxF none out'
	bcomp 2 zhnorm -r sp >out
	check "bash: -r sp offers spacing (a table of no loaded profile)" has spacing out
	bcomp 2 zhnorm -r h >out
	check "bash: -r h offers the local house.rules" has house.rules out
	bcomp 2 zhnorm --test-rules pun >out
	check "bash: --test-rules pun offers punct" has punct out
	bcomp 2 zhnorm --markup = >out
	check "bash: --markup= offers text, html, markdown" \
		test "$(tr '\n' ' ' <out)" = "text html markdown "
	bcomp 2 zhnorm --format '' >out
	check "bash: --format offers text, json, rdjsonl" \
		test "$(tr '\n' ' ' <out)" = "text json rdjsonl "
	bcomp 1 zhnorm --region= >out
	check "bash: --region= offers auto, cn, tw, hk, none" \
		test "$(tr '\n' ' ' <out)" = "--region=auto --region=cn --region=tw --region=hk --region=none "
	bcomp 2 zhnorm --invalid '' >out
	check "bash: --invalid offers error, pass" \
		test "$(tr '\n' ' ' <out)" = "error pass "
	bcomp 1 zhnorm --mark >out
	check "bash: --mark completes to --markup=" has --markup= out
	bcomp 1 zhnorm - >out
	"$ZHNORM" --help | grep -oE '(^|[ ,])-(-[a-z][a-z-]*|[a-zA-Z])' |
		sed 's/^[ ,]*//' | sort -u >help-opts
	check "bash: every option of --help is offered" \
		sh -c 'while read -r o; do grep -qE -- "^$o=?\$" out || { echo "  missing $o"; exit 1; }; done <help-opts'
	bcomp 1 zhnorm not >out
	check "bash: operands are files" has notes.txt out
	bcomp 2 zhnorm -- --c >out
	check "bash: after --, no options" test ! -s out
	# The command word itself runs when $ZHNORM is not set.
	ZHNORM= bcomp 2 "$ZHNORM" -c t2 >out
	check "bash: the command word is run when ZHNORM is unset" has t2s out
fi

if [ "$shell" = zsh ]; then
	check "zsh: completions/_zhnorm parses (zsh -n)" zsh -n "$srcdir/completions/_zhnorm"
	# An interactive zsh on a pseudo-terminal: compinit loads _zhnorm
	# from fpath, compadd is wrapped to write each match offered to a
	# file, and TAB is typed after each line.
	cat >zdrive.zsh <<'ZEOF'
zmodload zsh/zpty 2>/dev/null || exit 77
compdir=$1 out=$2
shift 2
zpty zc 'zsh -f -i' || exit 77
integer sync_n=0
# Runs CMD in the inner shell and waits until it has.
run() {
	local buf= chunk
	integer tries=0
	sync_n+=1
	zpty -w zc "$1; print ZH''SYNC$sync_n"
	while [[ $buf != *ZHSYNC$sync_n* ]]; do
		if zpty -r -t zc chunk; then
			buf+=$chunk
		else
			(( ++tries > ${ZH_WAIT:-400} )) && return 1
			sleep 0.05
		fi
	done
}
# No dump file (-D): compinit writes one beside the path it is given and
# renames it over that path, which as root replaced /dev/null.
run "PS1='> '; fpath=($compdir \$fpath); autoload -Uz compinit; compinit -u -D" || exit 2
run 'compadd() { if (( ${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi; local -a zh__m; builtin compadd -O zh__m "$@"; (( $#zh__m )) && print -rl -- $zh__m >>$ZH_OUT; builtin compadd "$@"; }' || exit 2
integer n=0
for line; do
	n+=1
	run "ZH_OUT=$out.$n; : >\$ZH_OUT" || exit 2
	zpty -w -n zc "$line"$'\t'
	zpty -w -n zc $'\x15'
	run ":" || exit 2
done
zpty -w zc exit
zpty -d zc
exit 0
ZEOF
	# Each TAB runs zhnorm a few times: under valgrind that takes long.
	ZH_WAIT=400
	[ -n "${ZHNORM_VALGRIND:-}" ] && ZH_WAIT=12000
	ZH_WAIT=$ZH_WAIT zsh -f zdrive.zsh "$srcdir/completions" "$PWD/z" \
		'zhnorm -c s2' 'zhnorm --disable=punct.com' 'zhnorm -p tech --disable=spacing.' \
		'zhnorm --format=' 'zhnorm -r sp' 'zhnorm --mark' >zdrive.out 2>&1
	st=$?
	if [ $st = 77 ]; then
		cat zdrive.out
		[ "$fail" = 0 ] || exit 1
		echo "SKIP zsh has no zpty module: completion on a terminal not tried"
		exit 77
	else
		check "zsh: the pseudo-terminal session ran" test $st = 0
		check "zsh: -c s2 offers s2t, s2tw, s2twp, s2hk" \
			sh -c 'for w in s2t s2tw s2twp s2hk; do grep -qxF $w z.1 || exit 1; done'
		check "zsh: -c s2 offers nothing else" only s2 z.1
		check "zsh: --disable=punct.com offers punct.comma" has punct.comma z.2
		check "zsh: --disable follows -p tech" has spacing.cjk-latin z.3
		# As a set: a slow machine can see the same match offered twice.
		check "zsh: --format= offers text, json, rdjsonl" \
			test "$(sort -u z.4 | tr '\n' ' ')" = "json rdjsonl text "
		check "zsh: -r sp offers spacing" has spacing z.5
		check "zsh: --mark completes to --markup" has --markup z.6
	fi
fi

echo "$n checked"
[ "$n" -gt 0 ] || fail=1
exit $fail
