#!/usr/bin/env python3
"""Makes a scale corpus: N synthetic reports from the sample reports.

Usage: bench/make_corpus.py [--count N] [--seed S] OUT_DIR     (from the project root)

Each synthetic report is a sample report (data/reports) moved to another sub-district or town of
the gazetteer (its district and county names replaced), to another year (every year shifted by the
same offset, within 2012..2026), and with its Arabic numbers varied (scaled by 0.5..1.5, keeping
their form: 3.61 stays with two decimals, 3188 an integer). Same shape of text, other facts, so
that a store of about 100,000 series and 1,000,000 facts can be built on one machine (10,000
reports give about 870,000 facts). Deterministic for a given seed.
"""
import argparse
import os
import random
import re

ROOT = os.getcwd()


def gazetteer():
    places = []
    for line in open(os.path.join(ROOT, "data", "gazetteer.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        county, district, kind, _aliases = (line.rstrip("\n").split("\t") + [""] * 4)[:4]
        if kind != "区":
            places.append((county, district))
    return places


def samples():
    folder = os.path.join(ROOT, "data", "reports")
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            years = [int(y) for y in re.findall(r"(20\d\d)年", text)]
            own = max(set(years), key=years.count) if years else 2018
            out.append((name[:-4], text, own))
    return out


NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.]*年)")
YEAR = re.compile(r"(20[0-4]\d)(?=年|—|-|～|~)")


def vary(text, rng, year_shift, here, there):
    for (county, district), (new_county, new_district) in zip(here, there):
        text = text.replace(district, new_district).replace(county, new_county)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), text)

    def scale(m):
        s = m.group(1)
        if len(s) == 4 and s.startswith("20"):
            return s  # a year without 年 after it (2016-2020)
        factor = rng.uniform(0.5, 1.5)
        if "." in s:
            decimals = len(s.split(".")[1])
            return f"{float(s) * factor:.{decimals}f}"
        value = int(s)
        return s if value < 10 else str(max(1, round(value * factor)))

    return NUMBER.sub(scale, text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    places = gazetteer()
    base = samples()
    known = {(c, d) for c, d in places}
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for i in range(args.count):
        sample_id, text, own_year = base[i % len(base)]
        here = [p for p in known if p[1] in text]
        here.sort(key=lambda p: -text.count(p[1]))
        there = [places[(i * 7919 + k * 131) % len(places)] for k in range(len(here))]
        shift = rng.randint(2012, 2026) - own_year
        body = vary(text, rng, shift, here, there)
        path = os.path.join(args.out, f"syn{i:05d}_{sample_id[:3]}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        total += len(body.encode("utf-8"))
    print(f"{args.count} reports, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
