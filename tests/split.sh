#!/bin/sh
# Split invariance, the property that lets zhnorm run under GNU parallel,
# Hadoop Streaming or Spark: in text mode the output of a line depends only
# on that line, so the input cut at any line boundaries, each piece run
# separately and the outputs joined, gives the bytes of one run over the
# whole.  For several configs and several random cuts (awk with a fixed
# seed: the same cuts every run), with -j1 against the default, and under
# GNU parallel --pipe when it is installed.
#
# The corpus is the bundled sample, Debian's fortunes-zh when installed and
# $ZHNORM_DIFF_CORPUS when set, plus a few lines of edge cases, the last of
# them without a newline.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
ok() { echo "ok   $*"; checked=$((checked + 1)); }
bad() { echo "FAIL $*"; fail=1; }

seeds="1 2 3"
{
	cat "$top_srcdir/tests/data/sample.txt"
	if [ -n "${ZHNORM_VALGRIND:-}" ]; then
		# Every run is under valgrind: a smaller corpus, one cut.
		[ -r /usr/share/games/fortunes/chinese ] &&
			head -n 2000 /usr/share/games/fortunes/chinese
		seeds=1
	else
		[ -r /usr/share/games/fortunes/chinese ] && cat /usr/share/games/fortunes/chinese
		[ -n "${ZHNORM_DIFF_CORPUS:-}" ] && cat "$ZHNORM_DIFF_CORPUS"
	fi
	printf '\n\n'
	printf 'Windows 的行尾：后面是回车换行。\r\n'
	printf '标记 -{后来}- 之内的不转换，之外的后来转换。\n'
	printf '\t前面是制表符，后面是空格   \n'
	printf '最后一行没有换行符，后来'
} >"$tmp/raw"
# A corpus cut at a byte count may end inside a character: keep it valid
# UTF-8, since the property is about text that zhnorm accepts.
iconv -f UTF-8 -t UTF-8 -c <"$tmp/raw" >"$tmp/hans" 2>/dev/null
"$ZHNORM" -c s2t --no-rules <"$tmp/hans" >"$tmp/hant" || {
	bad "could not make the Traditional input"
	exit 1
}
lines=$(wc -l <"$tmp/hans")
echo "corpus: $(wc -c <"$tmp/hans") bytes, $lines lines"

# cuts SEED: the line ranges "FIRST LAST" of a random cut of the corpus.
# Most pieces are long, some are one to three lines, so that short pieces
# and pieces of every length in between occur; the last range ends past
# the end, which takes in the last line whether or not it has a newline.
cuts() {
	awk -v seed="$1" -v n="$lines" 'BEGIN {
		srand(seed)
		long = int(n / 3) + 1
		for (first = 1; first <= n + 1; first = last + 1) {
			if (rand() < 0.3)
				last = first + int(rand() * 3)
			else
				last = first + int(rand() * long)
			if (last > n)
				last = n + 1
			print first, last
		}
	}'
}

# -c none takes its region from each input's text (--region=auto): a piece
# may be taken for another script than the whole, so the region is given.
for config in 'none --region=cn' s2t s2tw t2s; do
	case $config in
	t2s) in=$tmp/hant ;;
	*) in=$tmp/hans ;;
	esac
	if ! "$ZHNORM" -c $config <"$in" >"$tmp/whole"; then
		bad "$config: the whole-file run failed"
		continue
	fi
	# Every config changes this text (-c none too: its rules, and the
	# -{ }- markers): a run that left it alone tests nothing.
	if [ ! -s "$tmp/whole" ] || cmp -s "$tmp/whole" "$in"; then
		bad "$config: the whole-file run wrote nothing or left the text unchanged"
		continue
	fi
	for seed in $seeds; do
		cuts "$seed" >"$tmp/cuts"
		: >"$tmp/joined"
		st=0
		while read -r first last; do
			# (GNU sed's q would add the missing newline of the
			# last line: the last piece is read to the end.)
			if [ "$last" -le "$lines" ]; then
				sed -n "${first},${last}p; ${last}q" "$in"
			else
				sed -n "${first},\$p" "$in"
			fi | "$ZHNORM" -c $config >>"$tmp/joined" || st=1
		done <"$tmp/cuts"
		n=$(wc -l <"$tmp/cuts")
		if [ $st != 0 ]; then
			bad "$config: seed $seed: a piece failed"
		elif cmp -s "$tmp/whole" "$tmp/joined"; then
			ok "$config: seed $seed: $n pieces joined = the whole"
		else
			bad "$config: seed $seed: $n pieces joined differ from the whole"
			cmp "$tmp/whole" "$tmp/joined" | head -n 3
		fi
	done
	"$ZHNORM" -c $config -j1 <"$in" >"$tmp/j1"
	if cmp -s "$tmp/whole" "$tmp/j1"; then
		ok "$config: -j1 = the default jobs"
	else
		bad "$config: -j1 differs from the default jobs"
	fi
	if command -v parallel >/dev/null 2>&1; then
		# GNU parallel cuts at line ends and -k keeps the order.  The
		# first 6000 lines make several blocks of 64k (parallel itself is slow
		# to start each one, so not more).
		# Its HOME is ours, for the notes it keeps in ~/.parallel.
		head -n 6000 "$in" >"$tmp/head"
		head -n 6000 "$tmp/whole" >"$tmp/want"
		HOME=$tmp parallel --will-cite --pipe -k --block 64k \
			"$ZHNORM" -c $config <"$tmp/head" >"$tmp/par" 2>"$tmp/par.err"
		st=$?
		if [ $st = 0 ] && cmp -s "$tmp/want" "$tmp/par"; then
			ok "$config: parallel --pipe -k --block 64k = the whole"
		else
			bad "$config: parallel --pipe -k --block 64k differs (exit $st)"
			head -n 3 "$tmp/par.err"
		fi
	fi
done
echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
