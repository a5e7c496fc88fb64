#!/bin/sh
# The coverage table in zhnorm-standards(7) tells the truth about the rule
# tables: every rule id it names is a rule in dict/*.rules with at least one
# example and at least one unchanged example, and every rule whose message
# cites GB/T 15834, GB/T 15835 or Xinhua's list is named in it, so that a
# rule cannot be added, renamed or removed without the table following.
# The page's own examples hold too: each "Example: IN \(-> OUT" is what
# zhnorm -c none makes of IN, and each "Example: IN (reported...)" is
# reported by zhnorm -c none --check.
set -u
: "${ZHNORM:?}" "${top_srcdir:?}"
page=$top_srcdir/man/zhnorm-standards.7
set -- "$top_srcdir"/dict/*.rules
[ -f "$page" ] || { echo "FAIL $page is missing"; exit 1; }
[ -f "$1" ] || { echo "FAIL no rule tables in $top_srcdir/dict"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The ids named in the page, with man(7) escapes undone.  An id is a table
# name, a dot and a name that ends in a letter or digit (so that the full
# stop after an id at the end of a sentence is not taken).
tables='unicode|protect|annotation|convfix|numbers|formulae|phrasing|punct|govspacing|spacing'
sed -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\c//g' -e 's/\\f[BIRP]//g' "$page" |
	grep -v '^\.\\"' |
	grep -oE "\\<($tables)\.[a-z0-9][a-z0-9_-]*[a-z0-9]" |
	sort -u >"$tmp/named"

# Each rule of the tables: id, number of examples, number of unchanged
# examples, and whether its message cites one of the walked standards.
awk '
function flush() {
	if (id != "") print id, ex, un, cites
}
/^[ \t]*\[[^]]*\][ \t]*$/ {
	flush()
	id = $0; sub(/^[ \t]*\[/, "", id); sub(/\][ \t]*$/, "", id)
	ex = 0; un = 0; cites = 0; next
}
/^[ \t]*example[ \t]*=/ { ex++ }
/^[ \t]*unchanged[ \t]*=/ { un++ }
/^[ \t]*message[ \t]*=/ && /GB\/T 1583[45]|新华社/ { cites = 1 }
END { flush() }
' "$@" | sort >"$tmp/rules"

n=0
fail=0
while read -r id; do
	n=$((n + 1))
	line=$(awk -v id="$id" '$1 == id' "$tmp/rules")
	if [ -z "$line" ]; then
		echo "FAIL $id is named in zhnorm-standards(7) but is no rule in dict/*.rules"
		fail=1
		continue
	fi
	set -- $line
	if [ "$2" -lt 1 ] || [ "$3" -lt 1 ]; then
		echo "FAIL $id has $2 example(s) and $3 unchanged example(s); it needs both"
		fail=1
	fi
done <"$tmp/named"

while read -r id ex un cites; do
	[ "$cites" = 1 ] || continue
	if ! grep -qxF "$id" "$tmp/named"; then
		echo "FAIL $id cites GB/T 15834, GB/T 15835 or Xinhua but zhnorm-standards(7) does not name it"
		fail=1
	fi
done <"$tmp/rules"

# The examples: the text of a table cell that starts with "Example: ",
# joined into one line, as the reader sees it.
awk '
function unescape(t) {
	gsub(/\\-/, "-", t); gsub(/\\&/, "", t); gsub(/\\:/, "", t)
	gsub(/\\%/, "", t); gsub(/\\\(dg/, "†", t); gsub(/\\e/, "\\", t)
	return t
}
/^Example: / { ex = substr($0, 10); inex = 1; next }
inex && /^T}/ {
	if (index(ex, " \\(-> ") > 0) {
		i = index(ex, " \\(-> ")
		print "fix\t" unescape(substr(ex, 1, i - 1)) "\t" unescape(substr(ex, i + 6))
	} else if (ex ~ / \(reported(; suggests .*)?\)$/) {
		sub(/ \(reported(; suggests .*)?\)$/, "", ex)
		print "warn\t" unescape(ex)
	} else
		print "bad\t" ex
	inex = 0; next
}
inex { ex = ex " " $0 }
' "$page" >"$tmp/examples"
nex=0
tab=$(printf '\t')
while IFS=$tab read -r kind in out; do
	nex=$((nex + 1))
	case $kind in
	fix)
		got=$(printf '%s\n' "$in" | "$ZHNORM" -c none)
		if [ "$got" != "$out" ]; then
			echo "FAIL example \"$in\" gave \"$got\", the page says \"$out\""
			fail=1
		fi ;;
	warn)
		if ! printf '%s\n' "$in" | "$ZHNORM" -c none --check | grep -q ': warn: '; then
			echo "FAIL example \"$in\" is not reported, the page says it is"
			fail=1
		fi ;;
	*)
		echo "FAIL cannot read the example \"$in\""
		fail=1 ;;
	esac
done <"$tmp/examples"
if [ "$nex" = 0 ]; then
	echo "FAIL no example found in $page"
	fail=1
fi
echo "$nex examples run"

if [ "$n" = 0 ]; then
	echo "FAIL no rule id found in $page"
	exit 1
fi
echo "$n checked"
exit $fail
