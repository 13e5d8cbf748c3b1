#!/usr/bin/env python3
"""Builds data/sample/: a realistic morning (2026-11-25 08:00 +08:00) for a national
server vendor. Deterministic: the same script gives the same files byte for byte.

Places are real (data/cn-places.csv); customers, serials and phone numbers are
invented (phone numbers use the reserved-looking 0000 block). Run from the repo root:
    python3 scripts/make-sample.py
"""
import csv
import datetime as dt
import random
from collections import Counter

R = random.Random(20261125)
AT = dt.datetime(2026, 11, 25, 8, 0)          # local time, +08:00
places = list(csv.DictReader(open("data/cn-places.csv", encoding="utf-8")))
by_name = Counter(p["name"] for p in places)


def spelling(p):
    """The place name as a dispatcher writes it: unique, or with its prefecture."""
    if by_name[p["name"]] == 1:
        return p["name"]
    return f'{p["name"]},{p["prefecture"]}' if p["prefecture"] != p["name"] else f'{p["name"]},{p["province"]}'


def located(p):
    return p["coord_source"] not in ("missing",)


def pick(pred, n):
    pool = [p for p in places if pred(p) and located(p)]
    return [R.choice(pool) for _ in range(n)]


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


METRO = {"北京市", "上海市", "深圳市"}
AGREED = {"新疆维吾尔自治区", "西藏自治区"}
capital_prefs = {p["name"] for p in places if p["capital"] == "1"}
BASE_PROVINCES = {"北京市", "上海市", "广东省", "四川省", "湖北省", "陕西省", "浙江省", "江苏省", "天津市",
                  "重庆市", "辽宁省", "河南省", "湖南省", "云南省", "山东省", "福建省", "新疆维吾尔自治区"}

# --- engineers: 30 in 17 cities -------------------------------------------------
bases = [("北京市", 4), ("上海市", 3), ("深圳市", 2), ("广州市", 2), ("成都市", 2), ("武汉市", 2),
         ("西安市", 2), ("杭州市", 2), ("南京市", 1), ("天津市", 1), ("重庆市", 2), ("沈阳市", 1),
         ("郑州市", 1), ("长沙市", 1), ("昆明市", 1), ("济南市", 1), ("乌鲁木齐市", 1), ("福州市", 1)]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "平", "刚", "桂英"]
engineers = []
n = 0
for city, count in bases:
    for _ in range(count):
        n += 1
        skills = ["server"]
        for s, prob in (("storage", 0.55), ("network", 0.4), ("gpu", 0.25)):
            if R.random() < prob:
                skills.append(s)
        shift = R.choice([("08:00", "20:00")] * 5 + [("09:00", "18:00")] * 3 + [("20:00", "08:00")])
        row = {"id": f"E{n:02d}", "name": surnames[n % len(surnames)] + R.choice(given), "base": city,
               "lat": "", "lon": "", "skills": ";".join(skills), "shift_start": shift[0], "shift_end": shift[1],
               "at_lat": "", "at_lon": "", "off": ""}
        engineers.append(row)
# a few realistic exceptions
engineers[0]["skills"] = "server;storage;network;gpu"                      # the senior in Beijing
engineers[5]["off"] = "2026-11-25"                                          # day off today
by_id = {e["id"]: e for e in engineers}
by_id["E12"]["at_lat"], by_id["E12"]["at_lon"] = "30.0444", "103.8318"    # 成都 engineer overnight in 眉山
by_id["E18"]["at_lat"], by_id["E18"]["at_lon"] = "31.2990", "120.5853"    # 杭州 engineer overnight in 苏州
assert by_id["E12"]["base"] == "成都市" and by_id["E18"]["base"] == "杭州市"
for e in engineers:
    if e["base"] == "乌鲁木齐市":
        e["skills"] = "server;storage;network"

# --- tickets ---------------------------------------------------------------------
components_m1 = ["mainboard", "cpu", "disk", "memory", "nic", "raid", "gpu", "psu", "cpu_board",
                 "sas_backplane", "memory_board"]
models = ["RK-R520 G5", "RK-R620 G5", "RK-R740 G6", "RK-S220 G4", "RK-G880 GPU", "RK-R4300 存储"]
orgs = ["数据中心", "人民医院信息科", "税务局", "大学网络中心", "证券营业部", "电网调度中心", "农商银行", "政务云机房", "疾控中心", "广电网络"]
faults = {"mainboard": "开机无显示, 主板指示灯报警", "cpu": "CPU 1 报 IERR, 系统反复重启", "disk": "硬盘故障灯亮, RAID 降级",
          "memory": "内存 ECC 不可纠正错误, DIMM B2", "nic": "万兆网卡掉线, 链路灯不亮", "raid": "RAID 卡无法识别阵列",
          "gpu": "GPU 掉卡, nvidia-smi 无法识别", "psu": "电源 2 告警, 冗余丢失", "cpu_board": "CPU 板自检失败",
          "sas_backplane": "背板无法识别 8-11 号盘位", "memory_board": "内存板报错", "optical_drive": "光驱无法读盘",
          "cpu_fan": "CPU 风扇转速 0", "gpu_fan": "显卡风扇异响", "chassis_fan": "机箱风扇 3 告警",
          "chassis": "机箱面板破损, 锁扣脱落", "keyboard": "随机键盘按键失灵", "mouse": "鼠标失灵", "other": "前置 USB 扩展模块无响应"}
HOURS = {"metro": 8, "capital": 24, "city": 36, "town": 72}

tickets = []


def dates(kind="normal"):
    """invoice, factory, delivery (and part_replaced) for a warranty story."""
    age = R.randint(60, 1000)                               # days since invoice
    invoice = AT.date() - dt.timedelta(days=age)
    factory = invoice - dt.timedelta(days=R.randint(10, 45))
    delivery = invoice + dt.timedelta(days=R.randint(0, 7))
    d = {"invoice_date": invoice, "factory_date": factory, "delivery_date": delivery, "part_replaced_date": None}
    if kind == "expired":                                    # X1: more than 3 years
        d["invoice_date"] = AT.date() - dt.timedelta(days=R.randint(1150, 1500))
        d["factory_date"] = d["invoice_date"] - dt.timedelta(days=20)
        d["delivery_date"] = d["invoice_date"] + dt.timedelta(days=2)
    elif kind == "S2":                                       # no invoice: factory date counts
        d["invoice_date"] = None
    elif kind == "S3":                                       # invoice after delivery: factory counts
        d["factory_date"] = AT.date() - dt.timedelta(days=1120)
        d["delivery_date"] = d["factory_date"] + dt.timedelta(days=10)
        d["invoice_date"] = d["factory_date"] + dt.timedelta(days=60)
    elif kind == "S4":                                       # invoice 5 months after factory
        d["factory_date"] = AT.date() - dt.timedelta(days=1130)
        d["invoice_date"] = d["factory_date"] + dt.timedelta(days=150)
        d["delivery_date"] = None
    elif kind == "S5":                                       # produced before 2017-08-01
        d["factory_date"] = dt.date(2017, 5, 12)
        d["invoice_date"] = dt.date(2017, 6, 20)
        d["delivery_date"] = dt.date(2017, 6, 18)
    elif kind == "S6":                                       # machine expired, part replaced late in warranty
        d["invoice_date"] = AT.date() - dt.timedelta(days=3 * 365 + 30)
        d["factory_date"] = d["invoice_date"] - dt.timedelta(days=15)
        d["delivery_date"] = d["invoice_date"]
        d["part_replaced_date"] = AT.date() - dt.timedelta(days=75)
    elif kind == "missing":
        d = {"invoice_date": None, "factory_date": None, "delivery_date": None, "part_replaced_date": None}
    return d


def add(place, tier_name, component=None, kind="repair", story="normal", hot_swap=False, urgency=None, **extra):
    n = len(tickets) + 1
    hours = HOURS.get(tier_name, 72)
    if urgency is None:
        urgency = R.random() ** 1.3                    # fraction of the window already used
    reported = AT - dt.timedelta(minutes=int(urgency * hours * 60))
    d = dates(story)
    comp = component or R.choice(components_m1)
    city = place["prefecture"].rstrip("市") if place["prefecture"] != place["name"] else place["short_name"]
    row = {
        "id": f"T{n:04d}", "kind": kind if kind != "repair" else "", "reported_at": ts(reported) if kind == "repair" else "",
        "place": spelling(place), "lat": "", "lon": "", "tier": "", "deadline": "",
        "component": comp if kind == "repair" else "", "hot_swap": "true" if hot_swap else "",
        "skills": "", "service_minutes": "", "window_start": "", "window_end": "",
        "invoice_date": d["invoice_date"] or "", "factory_date": d["factory_date"] or "",
        "delivery_date": d["delivery_date"] or "", "part_replaced_date": d["part_replaced_date"] or "",
        "coverage": "", "mode": "", "exclusions": "", "priority": "",
        "serial": f"RK{R.randint(10, 26):02d}{R.randint(0, 99999999):08d}", "model": R.choice(models),
        "customer": f"{city}{R.choice(orgs)}", "contact": R.choice(surnames) + R.choice(["工", "经理", "老师", "主任"]),
        "phone": f"1{R.choice('3589')}{R.randint(0, 9)}-0000-{R.randint(0, 9999):04d}",
        "address": f"{place['province']}{place['prefecture'] if place['prefecture'] != place['province'] else ''}{place['name'] if place['name'] != place['prefecture'] else ''}",
        "fault": faults.get(comp, "") if kind == "repair" else ("新到货 4 台, 上架调试" if kind == "installation" else "季度巡检"),
    }
    row.update({k: v for k, v in extra.items()})
    if kind != "repair":
        row["fault"] = row["fault"]
    tickets.append(row)
    return row


is_metro = lambda p: p["prefecture"] in METRO
is_capital = lambda p: p["prefecture"] in capital_prefs and p["level"] != "county" and p["prefecture"] not in METRO and p["province"] not in AGREED
is_city = lambda p: p["level"] in ("prefecture", "district") and p["prefecture"] not in capital_prefs and p["prefecture"] not in METRO and p["province"] not in AGREED
is_town = lambda p: p["level"] == "county" and p["province"] not in AGREED and p["province"] in BASE_PROVINCES

# The bulk: on-site repairs across every tier.
for p in pick(is_metro, 30):
    add(p, "metro")
for p in pick(is_capital, 26):
    add(p, "capital")
for p in pick(is_city, 25):
    add(p, "city")
for p in pick(is_town, 20):
    add(p, "town")
# Close to the deadline now.
for p in pick(is_metro, 3):
    add(p, "metro", urgency=0.85)
for p in pick(is_capital, 2):
    add(p, "capital", urgency=0.93)
# Xinjiang and Tibet (D5): agreed deadlines, and two without one.
xj = [p for p in places if p["province"] in AGREED and located(p)]
for i, p in enumerate(R.sample(xj, 6)):
    t = add(p, "agreed", urgency=0.2)
    if i < 4:
        t["deadline"] = ts(AT + dt.timedelta(hours=R.choice([20, 30, 48, 72])))
# Hot-swap parts shipped (M7), fans and optical drives carried in (M3/M2), keyboards and mice (M7).
for comp in ["disk", "disk", "psu", "disk", "psu"]:
    add(R.choice(pick(is_capital, 1) + pick(is_city, 1)), "capital", comp, hot_swap=True)
for comp in ["cpu_fan", "gpu_fan", "chassis_fan", "optical_drive", "keyboard", "mouse"]:
    add(pick(is_city, 1)[0], "city", comp)
# Not covered, ask the vendor, remote, carry-in chosen by the customer.
add(pick(is_capital, 1)[0], "capital", "chassis")
add(pick(is_city, 1)[0], "city", "other")
add(pick(is_metro, 1)[0], "metro", "memory", mode="remote")
add(pick(is_city, 1)[0], "city", "nic", mode="carry_in")
add(pick(is_capital, 1)[0], "capital", "mainboard", exclusions="X2", fault="机房漏水, 主板进水")
add(pick(is_city, 1)[0], "city", "psu", exclusions="X3", fault="第三方维修后电源不上电")
# Warranty stories (S1–S6, X1) and a paid visit.
for story in ["expired", "expired", "expired", "S2", "S3", "S4", "S5", "S6", "missing", "missing"]:
    add(R.choice(pick(is_capital, 1) + pick(is_city, 1) + pick(is_metro, 1)), "city", story=story)
add(pick(is_metro, 1)[0], "metro", "raid", story="expired", coverage="paid_onsite", fault="过保, 客户同意付费上门")
# Extra skills and booked windows.
add(pick(is_metro, 1)[0], "metro", "gpu", skills="network", priority="2", fault="GPU 集群网卡与 GPU 同时告警")
t = add(pick(is_capital, 1)[0], "capital", "disk")
t["window_start"], t["window_end"] = ts(AT + dt.timedelta(hours=6)), ts(AT + dt.timedelta(hours=9))
# Installations (M5) and inspections (M6).
for i, p in enumerate(pick(is_capital, 2) + pick(is_city, 2)):
    ws = AT + dt.timedelta(days=i % 2, hours=1 + i)
    add(p, "capital", kind="installation", story="normal", window_start=ts(ws), window_end=ts(ws + dt.timedelta(hours=8)),
        service_minutes="180")
for i, p in enumerate(pick(is_metro, 1) + pick(is_capital, 2) + pick(is_town, 1)):
    row = add(p, "capital", kind="inspection")
    if i == 0:
        row["window_start"], row["window_end"] = ts(AT + dt.timedelta(hours=5)), ts(AT + dt.timedelta(hours=10))

columns = ["id", "kind", "reported_at", "place", "lat", "lon", "tier", "deadline", "component", "hot_swap", "skills",
           "service_minutes", "window_start", "window_end", "invoice_date", "factory_date", "delivery_date",
           "part_replaced_date", "coverage", "mode", "exclusions", "priority",
           "serial", "model", "customer", "contact", "phone", "address", "fault"]
with open("data/sample/tickets.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for t in tickets:
        w.writerow({k: t.get(k, "") for k in columns})
with open("data/sample/engineers.csv", "w", encoding="utf-8", newline="") as f:
    cols = ["id", "name", "base", "lat", "lon", "skills", "shift_start", "shift_end", "at_lat", "at_lon", "off"]
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for e in engineers:
        w.writerow(e)
print(f"{len(tickets)} tickets, {len(engineers)} engineers in {len(bases)} cities")
