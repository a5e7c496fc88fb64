#!/bin/sh
# Precision on real technical prose: with the default profile, no line
# without a CJK character changes, and no URL, e-mail address, path or
# inline code changes; and the Traditional configs do change the text (so
# that a zhnorm that changes nothing cannot pass).
#
# The text is Debian's Chinese reference manual from the package
# debian-reference-zh-cn, which CI installs (nothing is downloaded here);
# $ZHNORM_PRECISION_TEXT names another file; without either, this
# project's own README and man pages, which mix Chinese with commands, URLs
# and English too.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
manual=/usr/share/debian-reference/debian-reference.zh-cn.txt.gz
if [ -n "${ZHNORM_PRECISION_TEXT:-}" ] && [ -r "$ZHNORM_PRECISION_TEXT" ]; then
	cp "$ZHNORM_PRECISION_TEXT" "$tmp/in"
	echo "text: $ZHNORM_PRECISION_TEXT"
elif [ -r "$manual" ]; then
	zcat "$manual" >"$tmp/in"
	echo "text: $manual"
else
	cat "$top_srcdir/README.md" "$top_srcdir/man/zhnorm.1" "$top_srcdir/man/zhnorm-rules.5" >"$tmp/in"
	echo "text: README.md and the man pages ($manual is not installed)"
fi
echo "$(wc -l <"$tmp/in") lines"
fail=0
for config in none s2t s2tw; do
	converts=1
	[ $config = none ] && converts=0
	"$ZHNORM" -c $config --invalid=pass "$tmp/in" >"$tmp/out" || { echo "FAIL -c $config: exit $?"; fail=1; continue; }
	# Line by line (zhnorm keeps the lines), every token that must not
	# change is checked in the output line; a line with no CJK character
	# must come out as it went in.
	if LC_ALL=C.UTF-8 perl -CSD -e '
		open(my $a, "<:encoding(UTF-8)", $ARGV[0]) or die;
		open(my $b, "<:encoding(UTF-8)", $ARGV[1]) or die;
		my ($n, $bad, $tokens, $changed) = (0, 0, 0, 0);
		my $cjk = qr/[\x{2E80}-\x{9FFF}\x{F900}-\x{FAFF}\x{FF00}-\x{FFEF}\x{20000}-\x{3FFFF}]/;
		while (defined(my $x = <$a>)) {
			my $y = <$b>;
			$n++;
			if (!defined $y) { print "line $n: missing\n"; $bad++; last; }
			$changed++ if $x ne $y;
			if ($x !~ $cjk && $x ne $y) {
				print "line $n: no CJK, changed:\n  < $x  > $y"; $bad++; next;
			}
			for my $t ($x =~ m{(?:https?|ftp)://[!-~]+|[A-Za-z0-9._%+-]+\@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|(?<![A-Za-z0-9_.~/-])/(?:usr|etc|var|home|tmp|dev|proc|bin|sbin|lib|opt|boot|srv)(?:/[A-Za-z0-9_.+\@%~-]+)+|`[^`\n]+`}g) {
				my $u = $t;
				$tokens++;
				$u =~ s/[.,;:!?)\]>]+$//;	# trailing sentence punctuation
				if (index($y, $u) < 0) {
					print "line $n: \"$u\" changed:\n  < $x  > $y"; $bad++;
				}
			}
		}
		if (defined(my $extra = <$b>)) { print "line $n: output has more lines than input\n"; $bad++; }
		print "$n lines checked, $tokens protected tokens checked, $changed lines changed\n";
		if ($n == 0 || $tokens == 0) { print "nothing was checked\n"; $bad++; }
		if ($ARGV[2] && $changed == 0) { print "no line changed under a converting config\n"; $bad++; }
		exit($bad ? 1 : 0);
	' "$tmp/in" "$tmp/out" "$converts" >"$tmp/report"; then
		echo "ok   -c $config: $(tail -n 1 "$tmp/report"); no change without CJK, none inside URLs, e-mail addresses, paths, code"
	else
		echo "FAIL -c $config:"
		head -n 20 "$tmp/report"
		fail=1
	fi
done
exit $fail
