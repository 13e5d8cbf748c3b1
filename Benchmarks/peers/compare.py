#!/usr/bin/env python3
"""FieldOps beside OR-Tools routing and VROOM on the same generated mornings.

Each morning is made by `fieldops generate`; FieldOps triages it (`fieldops check`) and
plans it (`fieldops plan --solver greedy`, and `--solver glpk` with --glpk). The peers
get the same visits (on-site repairs, installations, inspections), the same travel
times (FieldOps' model, formats.md, in whole minutes), skills, shifts, service minutes
and booked windows. Neither peer has lateness, so a repair's deadline is a hard window
and what cannot be on time is left out; what matters most is ranked the same way for
all: FieldOps' must-today visits first (the repairs that cannot wait until tomorrow, by
its horizon rule: no qualified engineer could be there on time on a later day; and booked
work whose window closes today), then other repairs, then installations, then
inspections. One table from one run: must-today visits on time, repairs due within 24
hours on time (the deadline no later than 24 h after the planning moment, as issue 15
counts them), all visits on time, late visits, travel km (road km of the model), seconds.

    pip install ortools==9.15.6755 pyvroom==1.15.2
    swift build -c release
    python3 Benchmarks/peers/compare.py --sizes 220x40 --seeds 5,6,7 --time-limit 5

With `--same-visits`, FieldOps also plans, for each peer, a morning that holds only the
visits that peer put on time (same engineers, same clock): its travel for exactly the
peer's visits, the choice of visits taken away.

With `--pyvrp` (pip install pyvrp==0.14.1) PyVRP's hybrid genetic search solves the
one-day mornings too, as a prize-collecting VRPTW with the same ranking as OR-Tools.

Trips over several days (`--days N`): FieldOps plans with `plan --days N`; VROOM's
vehicles get a time window over the N days and, at each shift's end, a break as long
as the night (the engineer rests wherever the break finds them, as FieldOps' trips
do); OR-Tools is left out. `--region west` draws far-west mornings:

    python3 Benchmarks/peers/compare.py --sizes 80x14 --region west --days 3 --seeds 3,4,5
    python3 Benchmarks/peers/compare.py --sample --sizes none --days 3
"""
import argparse, csv, json, math, os, subprocess, sys, tempfile, time
from datetime import datetime, timedelta

import vroom
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AT = "2026-11-25T08:00:00+08:00"


def unit(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def gc_km(a, b):
    return 2 * 6371.0088 * math.asin(min(1, math.dist(unit(*a), unit(*b)) / 2))


def minutes(a, b):
    if a == b:
        return 0
    gc = gc_km(a, b)
    return math.ceil(min(1.3 * gc, 120 + gc / 250 * 60) - 1e-9)


def road_km(a, b):
    return 1.3 * gc_km(a, b)


class Morning:
    """A generated morning as the peers see it."""

    def __init__(self, fieldops, folder, days=1):
        inputs = ["--tickets", f"{folder}/tickets.csv", "--engineers", f"{folder}/engineers.csv", "--at", AT]
        self.inputs = inputs
        self.days = days
        self.fieldops = fieldops
        check = json.loads(run([fieldops, "check", *inputs, "--format", "json"]))
        self.greedy = self.plan("greedy", 30)
        plan = self.greedy[0]
        at = datetime.fromisoformat(AT)
        midnight = at.replace(hour=0, minute=0, second=0)
        def minute(text):
            return int((datetime.fromisoformat(text) - midnight).total_seconds() // 60)
        now = minute(AT)
        # Must-today visits: marked on the plan's stops, and every repair left unassigned
        # (a repair that could wait is deferred instead).
        self.must_today = {s["ticket"] for r in plan["routes"] for s in r["stops"] if s.get("must_today")}
        self.must_today |= {u["ticket"] for u in plan["unassigned"]}
        places = {}
        for row in csv.DictReader(open(os.path.join(ROOT, "data/cn-places.csv"), encoding="utf-8")):
            places.setdefault(row["name"], []).append(row)
        def resolve(name):
            base, _, qualifier = name.partition(",")
            rows = [r for r in places[base] if not qualifier or qualifier in (r["province"], r["prefecture"])]
            return float(rows[0]["lat"]), float(rows[0]["lon"])
        # Repairs due within 24 hours of the planning moment (overdue ones too).
        self.due_24h = {t["ticket"] for t in check["triage"]
                        if t["mode"] == "on_site" and t.get("deadline") and minute(t["deadline"]) <= now + 24 * 60}
        self.jobs = []   # (ticket, location, service, skills, start, end, rank)
        for t in check["triage"]:
            if t["mode"] not in ("on_site", "installation", "inspection"):
                continue
            start, end = now, minute(check["checked_at"]) + max(48, 24 * days) * 60
            if t.get("window_start"): start = max(start, minute(t["window_start"]))
            if t.get("window_end"): end = min(end, minute(t["window_end"]))
            rank = 0 if t["mode"] == "inspection" else 1
            if t["mode"] == "on_site" and t["deadline"]:
                end = min(end, minute(t["deadline"]))
                rank = 2
            # FieldOps' must-today set, as it ranks it: repairs that cannot wait and booked
            # work whose window closes today alike.
            if t["ticket"] in self.must_today:
                rank = 3
            if end >= start:
                self.jobs.append((t["ticket"], (t["lat"], t["lon"]), t["service_minutes"], set(t["skills"]), start, end, rank))
        self.vehicles = []   # (id, base, skills, begin, finish)
        for e in csv.DictReader(open(f"{folder}/engineers.csv", encoding="utf-8")):
            if at.date().isoformat() in (e.get("off") or ""):
                continue
            s = [int(x) for x in e["shift_start"].split(":")]; f = [int(x) for x in e["shift_end"].split(":")]
            begin, finish = s[0] * 60 + s[1], f[0] * 60 + f[1]
            if finish <= begin: finish += 1440
            if finish <= now and days == 1: continue
            # Over several days: the window runs to the last day's shift end; each night
            # between two shifts is a break as long as the rest.
            nights = [(finish + d * 1440, begin + (d + 1) * 1440) for d in range(days - 1)]
            if finish <= now:
                nights = nights[1:]
                begin, finish = begin + 1440, finish + 1440
            self.vehicles.append((e["id"], resolve(e["base"]), set(e["skills"].split(";")), max(begin, now), finish + (days - 1) * 1440, nights))
        # What starts after every shift has ended is out of today's reach for all.
        last = max(v[4] for v in self.vehicles)
        self.jobs = [(t, p, s, k, start, min(end, last), r) for t, p, s, k, start, end, r in self.jobs if start <= last]
        self.vehicles = [v if len(v) == 6 else (*v, []) for v in self.vehicles]
        self.locations = [j[1] for j in self.jobs] + [v[1] for v in self.vehicles]
        self.matrix = [[minutes(a, b) for b in self.locations] for a in self.locations]

    def plan(self, solver, limit):
        started = time.time()
        days = ["--days", str(self.days)] if self.days > 1 else []
        plan = json.loads(run([self.fieldops, "plan", *self.inputs, "--format", "json", "--solver", solver, "--time-limit", str(limit), *days]))
        return plan, time.time() - started

    def fieldops_row(self, name, plan, seconds):
        stops = [s for r in plan["routes"] for s in r["stops"]]
        return dict(solver=name, must_today=sum(1 for s in stops if s["ticket"] in self.must_today and s["late_minutes"] == 0),
                    due_24h=sum(1 for s in stops if s["ticket"] in self.due_24h and s["late_minutes"] == 0),
                    on_time=sum(1 for s in stops if s["late_minutes"] == 0), late=sum(1 for s in stops if s["late_minutes"] > 0),
                    km=plan["summary"]["travel_km"], seconds=seconds)

    def peer_row(self, name, routes, seconds):
        """routes: per vehicle, job indices in order; every job on time by construction."""
        served = [j for r in routes for j in r]
        km = 0.0
        n = len(self.jobs)
        for v, r in enumerate(routes):
            if not r: continue
            path = [n + v] + r + [n + v]
            km += sum(road_km(self.locations[a], self.locations[b]) for a, b in zip(path, path[1:]))
        return dict(solver=name, must_today=sum(1 for j in served if self.jobs[j][6] == 3),
                    due_24h=sum(1 for j in served if self.jobs[j][0] in self.due_24h), on_time=len(served), late=0,
                    km=km, seconds=seconds, tickets=sorted(self.jobs[j][0] for j in served))

    def fieldops_on(self, scratch, row, limit):
        """FieldOps (`--solver greedy`) on a morning that holds only the tickets a peer put on
        time, with the same engineers and clock: how far FieldOps drives for exactly the
        visits the peer served (like for like on travel, the choice of visits taken away)."""
        keep = set(row["tickets"])
        subset = os.path.join(scratch, "same-visits-" + "".join(c for c in row["solver"].split(" ")[0] if c.isalnum()))
        os.makedirs(subset, exist_ok=True)
        source = self.inputs[self.inputs.index("--tickets") + 1]
        with open(source, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(subset, "tickets.csv"), "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(r for r in rows if r["id"] in keep)
        engineers = self.inputs[self.inputs.index("--engineers") + 1]
        started = time.time()
        plan = json.loads(run([self.fieldops, "plan", "--tickets", os.path.join(subset, "tickets.csv"), "--engineers", engineers,
                               "--at", AT, "--format", "json", "--solver", "greedy", "--time-limit", str(limit)]))
        seconds = time.time() - started
        found = self.fieldops_row(f"FieldOps greedy on {row['solver'].split(' (')[0]}'s visits", plan, seconds)
        found["same_as"] = row["solver"]
        return found

    def vroom(self):
        problem = vroom.Input()
        ids = {}
        def skills(names):
            return {ids.setdefault(s, len(ids)) for s in names}
        for i, (_, _, service, need, start, end, rank) in enumerate(self.jobs):
            problem.add_job(vroom.Job(i, location=i, default_service=service * 60, skills=skills(need),
                                      priority=[0, 20, 50, 100][rank], time_windows=[vroom.TimeWindow(start * 60, end * 60)]))
        n = len(self.jobs)
        for k, (_, _, have, begin, finish, nights) in enumerate(self.vehicles):
            breaks = [vroom.Break(b, time_windows=[vroom.TimeWindow(evening * 60, evening * 60)], service=(morning - evening) * 60)
                      for b, (evening, morning) in enumerate(nights)]
            problem.add_vehicle(vroom.Vehicle(k, start=n + k, end=n + k, skills=skills(have),
                                              time_window=vroom.TimeWindow(begin * 60, finish * 60), breaks=breaks))
        problem.set_durations_matrix(profile="car", matrix_input=[[m * 60 for m in row] for row in self.matrix])
        started = time.time()
        solution = problem.solve(exploration_level=5, nb_threads=2)
        seconds = time.time() - started
        routes = [[] for _ in self.vehicles]
        frame = solution.routes
        jobs = frame[frame.type == "job"]
        for vid, job in zip(jobs["vehicle_id"], jobs["id"]):
            routes[int(vid)].append(int(job))
        return self.peer_row("VROOM 1.15 (x5)" + (f", {self.days} days with night breaks" if self.days > 1 else ""), routes, seconds)

    def pyvrp(self, limit):
        """PyVRP's hybrid genetic search on the same morning as a prize-collecting VRPTW:
        each job optional with OR-Tools' penalties as its prize, the arc cost in travel
        minutes, each engineer a vehicle type of one from its base in its shift; skills as
        routing profiles (an edge into a job the vehicle lacks the skills for takes longer
        than any shift, so no feasible route uses it)."""
        import numpy as np
        import pyvrp
        from pyvrp.stop import MaxRuntime
        n, m = len(self.jobs), len(self.vehicles)
        locations = [pyvrp.Location(x=lon, y=lat) for lat, lon in self.locations]
        # Depots first in PyVRP's numbering: each vehicle's base, then the jobs.
        order = list(range(n, n + m)) + list(range(n))
        base = np.array([[self.matrix[a][b] for b in order] for a in order], dtype=np.int64)
        prize = [10_000, 200_000, 500_000, 1_000_000]
        clients = [pyvrp.Client(location=m + i, service_duration=service, tw_early=start, tw_late=end, prize=prize[rank], required=False)
                   for i, (_, _, service, _, start, end, rank) in enumerate(self.jobs)]
        depots = [pyvrp.Depot(location=k) for k in range(m)]
        profiles, matrices = {}, []
        vehicle_types = []
        for k, (_, _, have, begin, finish, _) in enumerate(self.vehicles):
            key = frozenset(have)
            if key not in profiles:
                barred = [m + i for i, job in enumerate(self.jobs) if not job[3] <= have]
                matrix = base.copy()
                matrix[:, barred] = 10_000_000
                np.fill_diagonal(matrix, 0)
                profiles[key] = len(matrices)
                matrices.append(matrix)
            vehicle_types.append(pyvrp.VehicleType(num_available=1, start_depot=k, end_depot=k, tw_early=begin, tw_late=finish,
                                                   profile=profiles[key]))
        data = pyvrp.ProblemData(locations=[locations[a] for a in order], clients=clients, depots=depots, vehicle_types=vehicle_types,
                                 distance_matrices=matrices, duration_matrices=matrices)
        started = time.time()
        result = pyvrp.solve(data, MaxRuntime(limit), seed=1, display=False)
        seconds = time.time() - started
        routes = [[] for _ in range(m)]
        if result.best.is_feasible():
            for route in result.best.routes():
                routes[route.vehicle_type()] = [a.idx for a in route if a.is_client()]
        from importlib.metadata import version
        return self.peer_row(f"PyVRP {version('pyvrp')} ({limit:g} s)", routes, seconds)

    def ortools(self, limit):
        n, m = len(self.jobs), len(self.vehicles)
        starts = [n + k for k in range(m)]
        manager = pywrapcp.RoutingIndexManager(n + m, m, starts, starts)
        routing = pywrapcp.RoutingModel(manager)
        service = [j[2] for j in self.jobs] + [0] * m
        def arc(i, j):
            return self.matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]
        def transit(i, j):
            a = manager.IndexToNode(i)
            return self.matrix[a][manager.IndexToNode(j)] + service[a]
        cost = routing.RegisterTransitCallback(arc)
        routing.SetArcCostEvaluatorOfAllVehicles(cost)
        clock = routing.RegisterTransitCallback(transit)
        horizon = max(v[4] for v in self.vehicles) + 1
        routing.AddDimension(clock, horizon, horizon, False, "time")
        dim = routing.GetDimensionOrDie("time")
        penalty = [10_000, 200_000, 500_000, 1_000_000]
        for i, (_, _, _, need, start, end, rank) in enumerate(self.jobs):
            index = manager.NodeToIndex(i)
            dim.CumulVar(index).SetRange(start, end)
            barred = [k for k, v in enumerate(self.vehicles) if not need <= v[2]]
            if barred:
                routing.VehicleVar(index).RemoveValues(barred)
            routing.AddDisjunction([index], penalty[rank])
        for k, (_, _, _, begin, finish, _) in enumerate(self.vehicles):
            dim.CumulVar(routing.Start(k)).SetRange(begin, finish)
            dim.CumulVar(routing.End(k)).SetRange(begin, finish)
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        params.time_limit.FromMilliseconds(int(limit * 1000))
        started = time.time()
        solution = routing.SolveWithParameters(params)
        seconds = time.time() - started
        routes = [[] for _ in range(m)]
        if solution:
            for k in range(m):
                index = routing.Start(k)
                index = solution.Value(routing.NextVar(index))
                while not routing.IsEnd(index):
                    routes[k].append(manager.IndexToNode(index))
                    index = solution.Value(routing.NextVar(index))
        return self.peer_row(f"OR-Tools 9.15 ({limit:g} s GLS)", routes, seconds)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, check=True, text=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="220x40", help="tickets x engineers, comma-separated")
    parser.add_argument("--seeds", default="5,6,7,8,9,10,11")
    parser.add_argument("--time-limit", type=float, default=5, help="OR-Tools' time limit, seconds")
    parser.add_argument("--glpk", action="store_true", help="also FieldOps --solver glpk with the same time limit")
    parser.add_argument("--fieldops", default=os.environ.get("FIELDOPS", os.path.join(ROOT, ".build/release/fieldops")))
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--days", type=int, default=1, help="shift days: trips with nights away (FieldOps --days, VROOM breaks)")
    parser.add_argument("--region", choices=["national", "west"], default="national", help="where the mornings are drawn")
    parser.add_argument("--sample", action="store_true", help="also the shipped sample morning (data/sample)")
    parser.add_argument("--pyvrp", action="store_true", help="also PyVRP (pip install pyvrp==0.14.1), one-day mornings, the same time limit")
    parser.add_argument("--same-visits", action="store_true",
                        help="also FieldOps re-planning each peer's on-time visits alone: travel like for like")
    args = parser.parse_args()
    rows = []

    def compare(folder, name, scratch):
        morning = Morning(args.fieldops, folder, args.days)
        found = [morning.fieldops_row("FieldOps greedy" + (f", --days {args.days}" if args.days > 1 else ""), *morning.greedy)]
        if args.glpk:
            found.append(morning.fieldops_row("FieldOps glpk", *morning.plan("glpk", args.time_limit)))
        if args.days == 1:
            found.append(morning.ortools(args.time_limit))
            if args.pyvrp:
                found.append(morning.pyvrp(args.time_limit))
        found.append(morning.vroom())
        if args.same_visits and args.days == 1:
            peers = [r for r in found if "tickets" in r]
            found += [morning.fieldops_on(scratch, r, 30) for r in peers]
        for r in found:
            r.pop("tickets", None)
            r["instance"] = name
            r["must_today_of"] = sum(1 for j in morning.jobs if j[6] == 3)
            r["due_24h_of"] = len(morning.due_24h)
        rows.extend(found)
        print(f"  {name} done", file=sys.stderr)

    if args.sample:
        with tempfile.TemporaryDirectory() as scratch:
            compare(os.path.join(ROOT, "data/sample"), "sample", scratch)
    for size in ([] if args.sizes == "none" else args.sizes.split(",")):
        tickets, engineers = size.lower().split("x")
        for seed in args.seeds.split(","):
            with tempfile.TemporaryDirectory() as folder:
                run([args.fieldops, "generate", "--tickets", tickets, "--engineers", engineers, "--seed", seed, "--out", folder,
                     "--region", args.region])
                compare(folder, f"gen-{tickets}x{engineers}-s{seed}" + ("-west" if args.region == "west" else ""), folder)
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return
    header = ["instance", "solver", "must-today on time", "due in 24 h on time", "on time", "late", "travel km", "seconds"]
    table = [[r["instance"], r["solver"], f"{r['must_today']} of {r['must_today_of']}", f"{r['due_24h']} of {r['due_24h_of']}",
              str(r["on_time"]), str(r["late"]),
              f"{r['km']:.0f}", f"{r['seconds']:.2f}"] for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for t in table:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(t, widths))))
    solvers = sorted({r["solver"] for r in rows}, key=lambda s: [r["solver"] for r in rows].index(s))
    print()
    for s in solvers:
        mine = [r for r in rows if r["solver"] == s]
        print(f"  {s}: must-today on time {sum(r['must_today'] for r in mine)}, due in 24 h on time {sum(r['due_24h'] for r in mine)}, on time {sum(r['on_time'] for r in mine)}, "
              f"late {sum(r['late'] for r in mine)}, {sum(r['km'] for r in mine):.0f} km, {sum(r['seconds'] for r in mine):.1f} s")


if __name__ == "__main__":
    main()
