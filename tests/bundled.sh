#!/bin/sh
# The native engine on the bundled OpenCC 1.4.2 data, with cases derived
# from the dictionaries themselves.  For each single-stage stock config
# (no segmentation: the whole line is one segment), every key of its head
# dictionaries, alone on a line, must come out as its first value; and
# every one-character key of its character dictionaries that no head
# dictionary has must come out as its value.  Keys holding a CJK
# compatibility ideograph are left out, as normalisation rewrites them
# first.  A key that an earlier dictionary of the same config already has
# takes the earlier one's value (the first member answers; for a union
# group this is zhnorm's reading of a tie between equally long matches).
# Then the two-stage configs s2tw, s2hk and s2twp, with their second stage
# worked out here (see below).
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
data=$top_srcdir/dict/opencc
[ -d "$data/dictionary" ] || { echo "SKIP no bundled data in $data"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C; export LC_ALL

fail=0
total=0
# config [flag] : head dictionaries : character dictionaries
while IFS=: read -r config heads chars; do
	set -- $config
	name=$1
	shift
	files=
	for d in $heads; do files="$files H:$data/dictionary/$d.txt"; done
	for d in $chars; do files="$files C:$data/dictionary/$d.txt"; done
	# shellcheck disable=SC2086
	awk -F '\t' -v files="$files" '
	BEGIN {
		n = split(files, f, " ")
		for (i = 1; i <= n; i++) {
			kind = substr(f[i], 1, 1)
			path = substr(f[i], 3)
			while ((getline line < path) > 0) {
				t = index(line, "\t")
				if (t == 0) continue
				key = substr(line, 1, t - 1)
				val = substr(line, t + 1)
				s = index(val, " ")
				if (s > 0) val = substr(val, 1, s - 1)
				if (key in seen) continue
				seen[key] = 1
				# CJK compatibility ideographs: U+F900-FAFF, U+2F800-2FA1F.
				if (key ~ /\357(\244|\245|\246|\247|\250|\251|\252|\253)/ ||
				    key ~ /\360\257(\240|\241|\242|\243|\244|\245|\246|\247|\250)/)
					continue
				# One character: one lead byte.
				if (kind == "C" && key ~ /^([\001-\177]|[\300-\377][\200-\277]*)$/ == 0)
					continue
				if (val == "" || key ~ /^[ -~]*$/)
					continue
				print key > "/dev/stdout"
				print val > "/dev/stderr"
			}
			close(path)
		}
	}' >"$tmp/in" 2>"$tmp/want"
	"$ZHNORM" --no-settings --engine=native --opencc-data=bundled --no-rules -j1 \
		-c "$name" "$@" <"$tmp/in" >"$tmp/got"
	st=$?
	n=$(wc -l <"$tmp/in")
	changed=$(paste -d '\t' "$tmp/in" "$tmp/want" | awk -F '\t' '$1 != $2' | wc -l)
	bad=$(paste -d '\t' "$tmp/want" "$tmp/got" | awk -F '\t' '$1 != $2' | wc -l)
	if [ $st != 0 ] || [ "$n" -eq 0 ] || [ "$changed" -eq 0 ] ||
	   [ "$(wc -l <"$tmp/got")" != "$n" ] || [ "$bad" != 0 ]; then
		echo "FAIL $config: exit $st, $n keys ($changed that change), $bad wrong"
		paste -d '\t' "$tmp/in" "$tmp/want" "$tmp/got" | awk -F '\t' '$2 != $3' | head -5
		fail=1
	else
		echo "ok   $config: $n keys ($changed that change)"
		total=$((total + n))
	fi
done <<'CASES'
s2t:STPhrases STPhrases_GeneratedFromRegionalPhrases:STCharacters
t2s:TSPhrases:TSCharacters
t2s --tofu:TSPhrases:TSCharactersExt TSCharacters
t2tw:TWVariantsPhrases:TWVariants
t2hk:HKVariantsPhrases:HKVariants
tw2t:TWVariantsRevPhrases:TWVariantsRev
hk2t:HKVariantsRevPhrases:HKVariantsRev
t2jp:JPShinjitaiCharactersRev:
jp2t:JPShinjitaiPhrases:JPShinjitaiCharacters
CASES

# Two-stage configs: every key of the first stage's phrase dictionaries,
# alone on a line, is one segment and becomes its first value; the second
# stage then rewrites that value from left to right, each time with the
# longest key of the first member of its group that has one there, or
# else keeps one character.  The expected line is worked out here, from
# the text dictionaries, independently of the engine.
while IFS=: read -r name heads second; do
	files=
	for d in $heads; do files="$files H:$data/dictionary/$d.txt"; done
	for d in $second; do files="$files S:$data/dictionary/$d.txt"; done
	# shellcheck disable=SC2086
	awk -F '\t' -v files="$files" '
	# Splits S into the characters C[1..n] (UTF-8 in the C locale).
	function chars(s, c,    n) {
		n = 0
		while (s != "") {
			match(s, /^([\001-\177]|[\300-\377][\200-\277]*)/)
			if (RLENGTH <= 0) RLENGTH = 1
			c[++n] = substr(s, 1, RLENGTH)
			s = substr(s, RLENGTH + 1)
		}
		return n
	}
	BEGIN {
		n = split(files, f, " ")
		nm = 0
		for (i = 1; i <= n; i++) {
			kind = substr(f[i], 1, 1)
			path = substr(f[i], 3)
			if (kind == "S") nm++
			while ((getline line < path) > 0) {
				t = index(line, "\t")
				if (t == 0) continue
				key = substr(line, 1, t - 1)
				val = substr(line, t + 1)
				s = index(val, " ")
				if (s > 0) val = substr(val, 1, s - 1)
				if (kind == "S") {
					if ((nm, key) in second) continue
					second[nm, key] = val
					l = chars(key, tmp)
					if (l > maxlen[nm]) maxlen[nm] = l
					continue
				}
				if (key in seen) continue
				seen[key] = 1
				if (key ~ /\357(\244|\245|\246|\247|\250|\251|\252|\253)/ ||
				    key ~ /\360\257(\240|\241|\242|\243|\244|\245|\246|\247|\250)/)
					continue
				if (val == "" || key ~ /^[ -~]*$/)
					continue
				head[++nh] = key
				hval[nh] = val
			}
			close(path)
		}
		for (h = 1; h <= nh; h++) {
			nc = chars(hval[h], c)
			out = ""
			for (i = 1; i <= nc; ) {
				done = 0
				for (m = 1; m <= nm && !done; m++)
					for (l = (maxlen[m] < nc - i + 1 ? maxlen[m] : nc - i + 1); l >= 1; l--) {
						s = ""
						for (k = i; k < i + l; k++) s = s c[k]
						if ((m, s) in second) {
							out = out second[m, s]
							i += l
							done = 1
							break
						}
					}
				if (!done) {
					out = out c[i]
					i++
				}
			}
			print head[h] > "/dev/stdout"
			print out > "/dev/stderr"
		}
	}' >"$tmp/in" 2>"$tmp/want"
	"$ZHNORM" --no-settings --engine=native --opencc-data=bundled --no-rules -j1 \
		-c "$name" <"$tmp/in" >"$tmp/got"
	st=$?
	n=$(wc -l <"$tmp/in")
	second_stage=$(paste -d '\t' "$tmp/in" "$tmp/want" | awk -F '\t' '$1 != $2' | wc -l)
	bad=$(paste -d '\t' "$tmp/want" "$tmp/got" | awk -F '\t' '$1 != $2' | wc -l)
	if [ $st != 0 ] || [ "$n" -eq 0 ] || [ "$second_stage" -eq 0 ] ||
	   [ "$(wc -l <"$tmp/got")" != "$n" ] || [ "$bad" != 0 ]; then
		echo "FAIL $name (two stages): exit $st, $n keys, $bad wrong"
		paste -d '\t' "$tmp/in" "$tmp/want" "$tmp/got" | awk -F '\t' '$2 != $3' | head -5
		fail=1
	else
		echo "ok   $name (two stages): $n keys"
		total=$((total + n))
	fi
done <<'CHAINS'
s2tw:STPhrases STPhrases_GeneratedFromRegionalPhrases:TWVariantsPhrases TWVariants
s2hk:STPhrases STPhrases_GeneratedFromRegionalPhrases:HKVariantsPhrases HKVariants
s2twp:STPhrases STPhrases_GeneratedFromRegionalPhrases:TWPhrases TWVariantsPhrases TWVariants
CHAINS
echo "$total checked"
[ "$total" -gt 0 ] || fail=1
exit $fail
