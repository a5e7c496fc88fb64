#!/bin/sh
# Hostile and broken input, and hostile rule tables: each gets the stated
# exit status and output, and nothing hangs or crashes.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
checked=0
check() {
	name=$1
	shift
	checked=$((checked + 1))
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
Z=$ZHNORM

# Binary data: an error with --invalid=error, untouched bytes with pass.
head -c 200000 /dev/urandom >"$tmp/bin"
"$Z" --no-rules -c none <"$tmp/bin" >"$tmp/out" 2>"$tmp/err"
check "binary input: exit 2" test $? = 2
check "binary input: says where" grep -q 'invalid UTF-8 at byte' "$tmp/err"
"$Z" --no-rules -c none --invalid=pass <"$tmp/bin" >"$tmp/out"
check "binary input, --invalid=pass, -c none --no-rules: bytes unchanged" cmp -s "$tmp/bin" "$tmp/out"
"$Z" --invalid=pass <"$tmp/bin" >"$tmp/out" 2>"$tmp/err"
check "binary input through every stage: exit 0" test $? = 0

# Empty files, a BOM in the middle (debris: the unicode table removes it;
# --no-rules keeps it), CRLF.
: >"$tmp/empty"
"$Z" "$tmp/empty" "$tmp/empty" >"$tmp/out"
check "empty files: exit 0, no output" test $? = 0 -a ! -s "$tmp/out"
printf '\357\273\277汉\357\273\277字\r\n' >"$tmp/bom"
"$Z" -c none "$tmp/bom" >"$tmp/out"
printf '\357\273\277汉字\r\n' >"$tmp/want"
check "a BOM in the middle is removed, the leading one kept" cmp -s "$tmp/want" "$tmp/out"
"$Z" -c none --no-rules "$tmp/bom" >"$tmp/out"
check "--no-rules keeps a BOM in the middle" cmp -s "$tmp/bom" "$tmp/out"

# A FIFO as FILE, its writer stopping in the middle of a line.
mkfifo "$tmp/fifo"
# (The writer gives up after 20 s, so that a zhnorm that never opens the
# FIFO fails this check instead of hanging the suite.)
timeout 20 sh -c 'printf "汉字\n后" >"$1"' sh "$tmp/fifo" &
"$Z" --no-rules "$tmp/fifo" >"$tmp/out"
printf '漢字\n後' >"$tmp/want"
check "a FIFO, ending without a newline" cmp -s "$tmp/want" "$tmp/out"
wait

# A file deleted while open is still read to the end.
i=0
while [ $i -lt 20000 ]; do echo "第$i行汉字"; i=$((i + 1)); done >"$tmp/big"
"$Z" --no-rules "$tmp/big" >"$tmp/want"
exec 4<"$tmp/big"
rm "$tmp/big"
"$Z" --no-rules <&4 >"$tmp/out"
exec 4<&-
check "a file deleted while open is read whole" cmp -s "$tmp/want" "$tmp/out"

# Invalid UTF-8 at a chunk boundary and across the 1 MiB line cut, with one
# and with several threads: the same error at the same byte.
awk 'BEGIN { for (i = 0; i < 60000; i++) printf "行%d汉字汉字汉字\n", i }' >"$tmp/many"
size=$(wc -c <"$tmp/many")
{ head -c 262144 "$tmp/many"; printf '\377'; tail -c +262145 "$tmp/many"; } >"$tmp/bad"
for j in 1 3; do
	"$Z" --no-rules -j$j "$tmp/bad" >"$tmp/out$j" 2>"$tmp/err$j"
	check "invalid byte at 256 KiB, -j$j: exit 2" test $? = 2
done
check "invalid byte at 256 KiB: -j1 and -j3 agree on stdout" cmp -s "$tmp/out1" "$tmp/out3"
check "invalid byte at 256 KiB: -j1 and -j3 agree on stderr" cmp -s "$tmp/err1" "$tmp/err3"
check "invalid byte at 256 KiB: the byte is named" grep -q 'at byte 262145' "$tmp/err1"
# A 3 MB line of four-byte characters: every cut lands at a character.
awk 'BEGIN { for (i = 0; i < 750000; i++) printf "\360\240\200\200" }' >"$tmp/wide"
"$Z" -c none --no-rules -j3 "$tmp/wide" >"$tmp/out"
check "a 3 MB line of 4-byte characters passes whole" cmp -s "$tmp/wide" "$tmp/out"
{ head -c 1048575 "$tmp/wide"; printf '\n'; } >"$tmp/trunc"
"$Z" -c none --no-rules "$tmp/trunc" >/dev/null 2>"$tmp/err"
check "a character cut at the 1 MiB mark by the input is invalid" grep -q 'invalid UTF-8 at byte 1048573' "$tmp/err"

# A 1 GiB line (no newline at all) passes whole in bounded memory; the
# benchmark (bench/run --big) measures the memory.  Too slow for valgrind.
if [ -z "${ZHNORM_VALGRIND:-}" ]; then
	want=$(head -c 1073741824 /dev/zero | tr '\0' a | cksum)
	got=$(head -c 1073741824 /dev/zero | tr '\0' a | "$Z" -c none --no-rules | cksum)
	check "a 1 GiB line without a newline passes unchanged" test "$want" = "$got"
fi

# Hostile tables.
printf '[h.empty]\nmatch = (?:)\nreplace = |\n' >"$tmp/empty.rules"
echo '汉字' | "$Z" -c none -p none -r "$tmp/empty.rules" >"$tmp/out"
check "a rule matching the empty string everywhere: bounded" test "$(cat "$tmp/out")" = '|汉|字|'
printf '[h.grow]\nmatch = .\nreplace = $0$0$0$0$0$0$0$0$0$0\n[h.after]\nmatch = b\nreplace = B\n' >"$tmp/grow.rules"
head -c 100000 /dev/zero | tr '\0' a >"$tmp/as"
printf 'b\n' >>"$tmp/as"
"$Z" -c none -p none -r "$tmp/grow.rules" "$tmp/as" >"$tmp/out" 2>"$tmp/err"
check "a rule that multiplies the line: exit 2" test $? = 2
check "a rule that multiplies the line: says so" grep -q 'rule h.grow: replacement makes the line too long' "$tmp/err"
check "a rule that multiplies the line: the line keeps the other rules" test "$(tail -c 2 "$tmp/out")" = 'B'
printf '[h.nested]\nmatch = (\\p{Han}+)+$\nreplace = x\n' >"$tmp/nested.rules"
printf '汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字!\n' >"$tmp/n.txt"
"$Z" -c none -p none -r "$tmp/nested.rules" "$tmp/n.txt" >"$tmp/out" 2>"$tmp/err"
check "nested quantifiers on a CJK class: exit 2" test $? = 2
check "nested quantifiers on a CJK class: the line is unchanged" cmp -s "$tmp/n.txt" "$tmp/out"
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "[many.r%d]\nmatch = 字%d号\nreplace = 第%d号\n", i, i, i }' >"$tmp/many.rules"
echo '字4999号' | "$Z" -c none -p none -r "$tmp/many.rules" >"$tmp/out"
check "5000 rules load and run" test "$(cat "$tmp/out")" = '第4999号'
{ printf '[h.long]\nmatch = '; head -c 70000 /dev/zero | tr '\0' a; printf '\nreplace = b\n'; } >"$tmp/long.rules"
"$Z" -p none -r "$tmp/long.rules" </dev/null 2>"$tmp/err"
check "a table line over 64 KiB: exit 2" test $? = 2
check "a table line over 64 KiB: FILE:LINE" grep -q 'long.rules:2: error: line too long' "$tmp/err"
printf '[h.bad]\nmatch = \377\nreplace = x\n' >"$tmp/utf.rules"
"$Z" -p none -r "$tmp/utf.rules" </dev/null 2>"$tmp/err"
check "invalid UTF-8 in a table: FILE:LINE:COL" grep -q 'utf.rules:2:9: error: invalid UTF-8' "$tmp/err"
mkdir "$tmp/dir.rules"
"$Z" -p none -r "$tmp/dir.rules" </dev/null 2>"$tmp/err"
check "a table that is a directory: exit 2 and says so" grep -q 'is a directory' "$tmp/err"
# A rule that deletes the start of an unquoted HTML value must not make
# it quoted (taking in the rest of the tag) or empty (taking in what
# follows): such a value is left as it was.
printf '[t.del]\nmatch = 删\nreplace =\n' >"$tmp/del.rules"
printf '<input type=submit value=删"alt=x>删\n<a title=删\047b>c</a>\n<p title=删>删</p>\n<p title=删x>y</p>\n' >"$tmp/unq.html"
"$Z" -m html -c none -p none -r "$tmp/del.rules" "$tmp/unq.html" >"$tmp/out"
printf '<input type=submit value=删"alt=x>\n<a title=删\047b>c</a>\n<p title=删></p>\n<p title=x>y</p>\n' >"$tmp/want"
check "unquoted values a rule would make quoted or empty are kept" cmp -s "$tmp/want" "$tmp/out"

echo "$checked checked"
[ "$checked" -gt 0 ] || fail=1
exit $fail
