#!/usr/bin/env python3
"""The unit each labelled report is about, as `jiedao extract --stats` finds it from the text, beside
the district and county its SOURCES.md gives (../shared/*/SOURCES.md).

Every district and county given must be right; a report left empty with candidates (a name that
units the text does not tell apart bear) must list its unit among them. The share given is printed
per set, and must not fall below the floor each set reached when the national gazetteer came.
Usage: locations_test.py JIEDAO   (run from the project root; the sets are at ../shared)"""
import os
import re
import subprocess
import sys

SETS = {"openings-n": 12, "openings-h": 19, "openings": 17}  # set -> reports given at least


def truth(sources):
    found = {}
    for line in open(sources, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 4 and cells[0].endswith(".txt"):
            found[cells[0][:-4]] = (cells[3], re.sub(r"\s*\(.*", "", cells[4]))
    return found


def stats(jiedao, files):
    out = subprocess.run([jiedao, "extract", "--data", "data", "--stats", *files], check=True,
                         capture_output=True, text=True).stdout
    reports, current = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            current = reports.setdefault(line.strip(), {"candidate": []})
        elif current is not None and line.startswith("  ") and not line.startswith("    "):
            key, _, value = line.strip().partition(" ")
            value = value.strip()
            if key == "candidate":
                current["candidate"].append(value)
            else:
                current.setdefault(key, value)
    return reports


def main():
    jiedao = sys.argv[1]
    failures = []
    for name, floor in SETS.items():
        folder = os.path.join("..", "shared", name)
        if not os.path.isdir(folder):
            print(f"locations_test: {folder} is missing", file=sys.stderr)
            return 1
        want = truth(os.path.join(folder, "SOURCES.md"))
        docs = os.path.join(folder, "docs")
        got = stats(jiedao, sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".txt")))
        given = 0
        for doc, (district, county) in sorted(want.items()):
            r = got.get(doc)
            if r is None:
                failures.append(f"{name}/{doc}: no stats")
                continue
            if r.get("district", "-") == "-":
                if r["candidate"] and not any(c.startswith(f"{district} ({county},") for c in r["candidate"]):
                    failures.append(f"{name}/{doc}: empty, and {district} ({county}) is not among its candidates")
                continue
            given += 1
            for key in ("city", "province", "code"):
                if r.get(key, "-") == "-":
                    failures.append(f"{name}/{doc}: {key} missing")
            if (r["district"], r["county"]) != (district, county):
                failures.append(f"{name}/{doc}: {r['district']} {r['county']}, not {district} {county}")
        print(f"{name}: {given} of {len(want)} reports given a district, all checked against SOURCES.md")
        if given < floor:
            failures.append(f"{name}: {given} given, fewer than {floor}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
