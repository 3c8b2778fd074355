#!/usr/bin/env bash
# The man page jiedao(1), made from the binary's own --help texts by Debian's help2man:
# the top-level --help and --version, then one section per command with its --help.
# Usage: make-man.sh JIEDAO_BINARY OUTPUT.1
set -euo pipefail
jiedao=$1
out=$2
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
  for command in extract ingest serve export; do
    echo "[COMMAND: ${command^^}]"
    echo ".nf"
    # roff: a backslash is \e, and a line may not start with . or '
    "$jiedao" "$command" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
  done
  cat <<'SECTIONS'
[FILES]
.TP
.I /usr/share/jiedao
the data files (units, catalogue, families, names, gazetteer, traditional characters), the page
(web/), the Grafana dashboards and the nginx site
.TP
.I /var/lib/jiedao
the service's reports folder and database
.TP
.I /etc/default/jiedao
the service's options
[ENVIRONMENT]
.TP
.B JIEDAO_DATA
the folder of the data files, when --data is not given
.TP
.B JIEDAO_WEB
the folder of the built-in page, when --web is not given
SECTIONS
} >"$include"
help2man --no-info --no-discard-stderr --section 1 --name "indicators of Shanghai sub-district work reports, as time series" \
  --include "$include" --output "$out" "$jiedao"
