#!/usr/bin/env python3
"""Serves the same morning with VROOM (pyvroom) and FieldOps and counts, for each, the
repairs that cannot wait until tomorrow served on time: those FieldOps' horizon rule
marks must-today (no qualified engineer could be there on time on a later day). VROOM
gets the same travel times (FieldOps' model, whole minutes), skills, shifts, service
minutes and windows, those repairs at the highest priority, and on-time as a hard
window, as VROOM has no lateness.

    pip install pyvroom==1.15.2
    fieldops generate --tickets 220 --engineers 40 --seed 5 --out /tmp/m
    python3 scripts/compare-vroom.py /tmp/m 2026-11-25T08:00:00+08:00
"""
import csv, json, math, os, subprocess, sys, time
from datetime import datetime, timedelta

import vroom

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
folder, at_text = sys.argv[1], sys.argv[2]
fieldops = os.environ.get("FIELDOPS", os.path.join(root, ".build/release/fieldops"))
inputs = ["--tickets", f"{folder}/tickets.csv", "--engineers", f"{folder}/engineers.csv", "--at", at_text]

check = json.loads(subprocess.run([fieldops, "check", *inputs, "--format", "json"], capture_output=True, check=True, text=True).stdout)
started = time.time()
plan = json.loads(subprocess.run([fieldops, "plan", *inputs, "--format", "json"], capture_output=True, check=True, text=True).stdout)
fieldops_seconds = plan["solver"]["seconds"]

at = datetime.fromisoformat(at_text)
midnight = at.replace(hour=0, minute=0, second=0)
cutoff = midnight + timedelta(days=1, hours=8)
def seconds(text):
    return int((datetime.fromisoformat(text) - midnight).total_seconds())

# FieldOps' travel model (formats.md), in whole minutes.
def unit(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))
def minutes(a, b):
    u, v = unit(*a), unit(*b)
    gc = 2 * 6371.0088 * math.asin(min(1, math.dist(u, v) / 2))
    return math.ceil(min(1.3 * gc, 120 + gc / 250 * 60) - 1e-9)

places = {}
for row in csv.DictReader(open(os.path.join(root, "data/cn-places.csv"), encoding="utf-8")):
    places.setdefault(row["name"], []).append(row)
def resolve(name):
    base, _, qualifier = name.partition(",")
    rows = [r for r in places[base] if not qualifier or qualifier in (r["province"], r["prefecture"])]
    return float(rows[0]["lat"]), float(rows[0]["lon"])

engineers = list(csv.DictReader(open(f"{folder}/engineers.csv", encoding="utf-8")))
skill_ids = {}
def skills(names):
    return {skill_ids.setdefault(s, len(skill_ids)) for s in names}

visits = [t for t in check["triage"] if t["mode"] in ("on_site", "installation", "inspection")]
# Must-today repairs, by FieldOps' horizon rule: marked on the plan's stops, and every
# repair left unassigned (a repair that could wait is deferred instead).
must_today = {s["ticket"] for r in plan["routes"] for s in r["stops"] if s.get("must_today")}
must_today |= {u["ticket"] for u in plan["unassigned"]}
locations = [(t["lat"], t["lon"]) for t in visits]
urgent = set()
problem = vroom.Input()
now = seconds(at_text)
for i, t in enumerate(visits):
    start, end = now, seconds(check["checked_at"]) + 48 * 3600
    if t.get("window_start"): start = max(start, seconds(t["window_start"]))
    if t.get("window_end"): end = min(end, seconds(t["window_end"]))
    priority = 0 if t["mode"] == "inspection" else 20
    if t["mode"] == "on_site" and t["deadline"]:
        end = min(end, seconds(t["deadline"]))
        priority = 50
        if t["ticket"] in must_today:
            urgent.add(t["ticket"])
            priority = 100
    if end < start:
        continue
    problem.add_job(vroom.Job(i, location=i, default_service=t["service_minutes"] * 60, skills=skills(t["skills"]),
                              priority=priority, time_windows=[vroom.TimeWindow(start, end)]))
for k, e in enumerate(engineers):
    if at.date().isoformat() in (e.get("off") or ""):
        continue
    locations.append(resolve(e["base"]))
    s = [int(x) for x in e["shift_start"].split(":")]; f = [int(x) for x in e["shift_end"].split(":")]
    begin, finish = s[0] * 3600 + s[1] * 60, f[0] * 3600 + f[1] * 60
    if finish <= begin: finish += 86400
    problem.add_vehicle(vroom.Vehicle(k, start=len(locations) - 1, end=len(locations) - 1,
                                      skills=skills(e["skills"].split(";")), time_window=vroom.TimeWindow(max(begin, now), finish)))
problem.set_durations_matrix(profile="car", matrix_input=[[minutes(a, b) * 60 for b in locations] for a in locations])
started = time.time()
solution = problem.solve(exploration_level=5, nb_threads=2)
vroom_seconds = time.time() - started
served = set(int(x) for x in solution.routes[solution.routes.type == "job"]["id"].dropna())
vroom_urgent = sum(1 for i, t in enumerate(visits) if t["ticket"] in urgent and i in served)
ours = sum(1 for r in plan["routes"] for s in r["stops"] if s["ticket"] in urgent and s["late_minutes"] == 0)
vroom_ids = {t["ticket"] for i, t in enumerate(visits) if t["ticket"] in urgent and i in served}
our_ids = {s["ticket"] for r in plan["routes"] for s in r["stops"] if s["ticket"] in urgent and s["late_minutes"] == 0}
if os.environ.get("SHOW_DIFF"): print("only VROOM:", sorted(vroom_ids - our_ids), "only FieldOps:", sorted(our_ids - vroom_ids), "deferred:", [d["ticket"] for d in plan["deferred"] if d["ticket"] in urgent])
print(f"must-today repairs: {len(urgent)}")
print(f"VROOM    serves {vroom_urgent} on time in {vroom_seconds:.2f} s ({len(served)} visits in all)")
print(f"FieldOps serves {ours} on time in {fieldops_seconds:.2f} s ({plan['summary']['planned']} visits in all, {plan['summary']['late']} late)")
if os.environ.get("SHOW_ROUTES"):
    r = solution.routes
    for vid, g in r[r.type == "job"].groupby("vehicle_id"):
        eng = engineers[int(vid)]
        print(eng["id"], [visits[int(j)]["ticket"] + "@" + str(int(a) // 60) for j, a in zip(g["id"], g["arrival"])])
