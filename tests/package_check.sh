#!/usr/bin/env bash
# The .deb as a user gets it (make package-check; CI): what it holds, jiedao run from a folder
# outside the checkout, and the systemd unit checked by systemd-analyze verify.
#   1. unpacked into a temporary root: the files in their places, the man page, --version,
#      and `jiedao extract` of a sample report from a folder that has no data/ beside it;
#   2. installed with dpkg -i (as root, or with sudo): systemd-analyze verify and security on
#      the installed unit (verify needs the binary and the man page where the unit names them);
#      on a machine that runs systemd, the service started and answering /healthz; then purged.
# Usage: tests/package_check.sh BUILD_DIR   (from the project root)
set -euo pipefail
build=$1
deb=$(ls "$build"/jiedao_*.deb | head -n 1)
root=$(mktemp -d)
outside=$(mktemp -d)
trap 'rm -rf "$root" "$outside"' EXIT
fail() { echo "package_check: $*" >&2; exit 1; }
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

dpkg-deb -x "$deb" "$root"
for f in usr/bin/jiedao usr/share/jiedao/units.tsv usr/share/jiedao/catalogue.tsv usr/share/jiedao/families.tsv \
         usr/share/jiedao/gazetteer.tsv usr/share/jiedao/divisions.tsv usr/share/jiedao/villages.tsv usr/share/jiedao/former_names.tsv usr/share/jiedao/cues/places.tsv usr/share/jiedao/names.tsv usr/share/jiedao/traditional.tsv \
         usr/share/jiedao/subject_words.tsv usr/share/jiedao/report_kinds.tsv usr/share/jiedao/cues/change.tsv \
         usr/share/jiedao/cues/qualifiers.tsv usr/share/jiedao/cues/sections.tsv usr/share/jiedao/cues/time.tsv \
         usr/share/jiedao/labels.tsv \
         usr/share/jiedao/web/index.html usr/share/jiedao/web/review.html usr/share/jiedao/web/review.js \
         usr/share/jiedao/dashboards/overview.json \
         usr/share/jiedao/nginx/jiedao.conf usr/share/man/man1/jiedao.1.gz \
         usr/lib/systemd/system/jiedao.service etc/default/jiedao; do
  [ -e "$root/$f" ] || fail "the package has no /$f"
done
dpkg-deb -f "$deb" Depends | grep -q libcpp-httplib || fail "Depends lacks the shared libraries: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/default/jiedao || fail "/etc/default/jiedao is not a conffile"
zcat "$root/usr/share/man/man1/jiedao.1.gz" | grep -q -- "--max-connections-per-address" \
  || fail "the man page lacks the serve options"
"$root/usr/bin/jiedao" --version | grep -qx "jiedao [0-9.]*" || fail "jiedao --version: $("$root/usr/bin/jiedao" --version)"

cp data/reports/000_43a5f00219611df0.txt "$outside/report.txt"
(cd "$outside" && env -u JIEDAO_DATA "$root/usr/bin/jiedao" extract report.txt >facts.jsonl 2>err.txt) \
  || fail "jiedao extract from outside the checkout: $(cat "$outside/err.txt")"
grep -q '"quote":"3188个"' "$outside/facts.jsonl" || fail "jiedao extract from outside the checkout gave no 3188个"
echo "package_check: $(basename "$deb"): files, man page, --version, extract outside the checkout: ok"

if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
  fail "dpkg -i needs root or sudo"
fi
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (apt-get install systemd)"
$SUDO dpkg -i "$deb" >/dev/null
trap '$SUDO dpkg --purge jiedao >/dev/null || true; rm -rf "$root" "$outside"' EXIT
# verify runs `man jiedao` for the unit's Documentation=; a machine without man-db cannot.
man_check=$(command -v man >/dev/null && echo yes || echo no)
systemd-analyze verify --man="$man_check" /usr/lib/systemd/system/jiedao.service || fail "systemd-analyze verify failed"
exposure=$(systemd-analyze security --offline=yes /usr/lib/systemd/system/jiedao.service 2>&1 | tail -n 1)
echo "package_check: systemd-analyze verify: ok; security: ${exposure#→ }"
if [ -d /run/systemd/system ]; then
  $SUDO systemctl start jiedao.service
  for _ in $(seq 1 50); do
    curl -sf http://127.0.0.1:9464/healthz >/dev/null && break
    sleep 0.2
  done
  curl -sf http://127.0.0.1:9464/healthz >/dev/null || fail "the service does not answer /healthz: $(journalctl -u jiedao -n 20 --no-pager)"
  echo "package_check: the service runs and answers /healthz"
fi
