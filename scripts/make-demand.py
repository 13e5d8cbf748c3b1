#!/usr/bin/env python3
"""Writes data/demand/sample.yaml: the demand profile of the sample's installed base,
for `fieldops simulate`. Places and components are weighted by how often they occur
among the sample's tickets (data/sample/tickets.csv); the volume, the hours of the day
and the days of the week are the vendor's usual pattern for a fleet of 30 engineers
(business hours heavier, weekends lighter). Deterministic: no randomness here.

    python3 scripts/make-demand.py
"""
import collections, csv, os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rows = list(csv.DictReader(open(os.path.join(root, "data/sample/tickets.csv"), encoding="utf-8")))
repairs = [r for r in rows if (r["kind"] or "repair") == "repair" and r["component"]]
places = collections.Counter(r["place"] for r in rows if r["place"])
components = collections.Counter(r["component"] for r in repairs)
kinds = collections.Counter(r["kind"] or "repair" for r in rows)

out = ["# Demand of the sample's installed base, for `fieldops simulate` (made by",
       "# scripts/make-demand.py from data/sample/tickets.csv; edit freely).",
       "# Tickets arrive 7x24 as a Poisson process: tickets_per_day on an average day,",
       "# shaped by the weights of each hour and each weekday.",
       "tickets_per_day: 30",
       "# 00:00 .. 23:00",
       "hours: [1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 8, 6, 8, 9, 9, 8, 6, 4, 3, 2, 2, 1, 1]",
       "# Monday .. Sunday",
       "weekdays: [1.1, 1.1, 1.1, 1.1, 1.0, 0.6, 0.5]",
       "# Share of each kind of work (installations and inspections are booked 1-3 days ahead).",
       "kinds: {repair: %.3f, installation: %.3f, inspection: %.3f}" % tuple(kinds[k] / len(rows) for k in ("repair", "installation", "inspection")),
       "# Share of repairs whose machine is still in its 3-year warranty (S1); the rest",
       "# are 3-5 years old and not covered unless the customer pays.",
       "in_warranty: 0.85",
       "# Share of disks and power supplies that are hot-swap (shipped, M7).",
       "hot_swap: 0.4",
       "components:"]
out += [f"  {name}: {count}" for name, count in sorted(components.items(), key=lambda kv: (-kv[1], kv[0]))]
out.append("places:")
out += [f"  \"{name}\": {count}" for name, count in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))]
with open(os.path.join(root, "data/demand/sample.yaml"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print(f"wrote data/demand/sample.yaml: {len(places)} places, {len(components)} components")
