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
echo "$total checked"
[ "$total" -gt 0 ] || fail=1
exit $fail
