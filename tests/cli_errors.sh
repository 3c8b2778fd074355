#!/usr/bin/env bash
# jiedao extract on bad input: a clear message naming the file (and byte), a non-zero exit,
# and the other files still processed. Never a crash.
set -uo pipefail
jiedao=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "cli_errors: $*" >&2; exit 1; }

printf '\x80\xa5\xff\x81\xfe\x90\x91\xa0\xff\xfe\x85\x86' >"$dir/undecidable.txt"
printf '新增就业岗位3188个。\n' >"$dir/good.txt"
: >"$dir/empty.txt"

"$jiedao" extract "$dir/missing.txt" "$dir/undecidable.txt" "$dir/good.txt" "$dir/empty.txt" >"$dir/out" 2>"$dir/err"
code=$?
[ "$code" = 1 ] || fail "exit status $code, expected 1"
grep -q "missing.txt: cannot read" "$dir/err" || fail "no message for the missing file: $(cat "$dir/err")"
grep -q "undecidable.txt: not UTF-8 (invalid byte at offset 0), and the encoding cannot be told" "$dir/err" \
  || fail "no message for the undecidable file: $(cat "$dir/err")"
printf '\xd0\xc2\xd4\xf6\xbe\xcd\xd2\xb5\xb8\xda\xce\xbb3188\xb8\xf6\xa1\xa3\n' >"$dir/real_gbk.txt"  # 新增就业岗位3188个。 in GBK
"$jiedao" extract "$dir/real_gbk.txt" | grep '"quote":"3188个"' >/dev/null || fail "a GBK file is read"
"$jiedao" extract tests/fixtures/jiangchuan-print.pdf | grep '"quote":"3188个"' >/dev/null || fail "a PDF is read"
grep -q '"quote":"3188个"' "$dir/out" || fail "the good file was not processed"

printf '新增就业岗位3188个。' | "$jiedao" extract - >"$dir/stdin.out" || fail "stdin failed"
grep -q '"doc":"stdin"' "$dir/stdin.out" || fail "stdin facts missing"

"$jiedao" extract --format xml "$dir/good.txt" 2>"$dir/err"; [ $? = 2 ] || fail "a bad --format must exit 2"
grep -q "unknown format 'xml'" "$dir/err" || fail "bad --format message"
"$jiedao" extract --data "$dir" "$dir/good.txt" 2>"$dir/err"; [ $? = 2 ] || fail "a missing data folder must exit 2"
grep -q "families.tsv: cannot read" "$dir/err" || fail "missing data message: $(cat "$dir/err")"
"$jiedao" extract 2>/dev/null; [ $? = 2 ] || fail "no file must exit 2"
"$jiedao" extract --help | grep -- "--stats" >/dev/null || fail "extract --help"
"$jiedao" --help | grep "extract" >/dev/null || fail "jiedao --help"

"$jiedao" extract --format csv "$dir/good.txt" | head -n 1 | grep '^doc,district' >/dev/null || fail "csv header"
"$jiedao" extract --format table "$dir/good.txt" | grep '3188' >/dev/null || fail "table"
echo "cli_errors: all checks passed"
