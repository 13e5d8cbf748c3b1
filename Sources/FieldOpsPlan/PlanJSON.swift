import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

extension Plan {
    /// The plan as the JSON of formats.md. Stops also carry the place, the work and the
    /// booked window, and routes the engineer's name and other columns (given
    /// `engineers`), which other tools may ignore.
    public func json(triage results: [TriageResult], engineers: [Engineer] = []) -> JSONValue {
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.ticket.id, $0) })
        let engineerByID = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0) })
        func time(_ d: Date?) -> JSONValue { .optional(d.map(Timestamp.format)) }
        func point(_ p: RoutePoint) -> JSONValue {
            .object([("time", time(p.time)), ("lat", .number(p.coordinate.lat, digits: 7)), ("lon", .number(p.coordinate.lon, digits: 7))])
        }
        // The report's fields (serial, customer, …) and any unknown columns, untouched (R1).
        func carried(_ ticket: String) -> [(String, JSONValue)] {
            guard let extras = byID[ticket]?.ticket.extras, !extras.isEmpty else { return [] }
            return [("fields", .object(extras.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
        }
        func stopJSON(_ s: Stop) -> JSONValue {
            var fields: [(String, JSONValue)] = [
                ("ticket", .string(s.ticket)), ("arrive", time(s.arrive)), ("start", time(s.start)), ("end", time(s.end)),
                ("deadline", time(s.deadline)), ("late_minutes", .int(s.lateMinutes)),
                ("leg_km", .number(s.legKm, digits: 1)), ("leg_minutes", .int(s.legMinutes)),
            ]
            if let depart = s.depart { fields.append(("depart", point(depart))) }
            if let must = s.mustToday { fields.append(("must_today", .bool(must))) }
            if s.overrunMinutes > 0 { fields.append(("overrun_minutes", .int(s.overrunMinutes))) }
            fields += carried(s.ticket)
            if let r = byID[s.ticket] {
                fields.append(("place", .optional(r.ticket.place?.name)))
                fields.append(("work", .string(r.workLabel)))
                if let w = r.windowStart { fields.append(("window_start", time(w))) }
                if let w = r.windowEnd { fields.append(("window_end", time(w))) }
            }
            return .object(fields)
        }
        let solverFields: [(String, JSONValue)] = [
            ("name", .string(solver.name)), ("status", .string(solver.status)),
            ("objective", .number(solver.objective, digits: 3)),
            ("bound", solver.bound.map { .number($0, digits: 3) } ?? .null),
            ("gap", solver.gap.map { .number($0, digits: 6) } ?? .null),
            ("seconds", .number(solver.seconds, digits: 3)),
            ("fallback_reason", .optional(solver.fallbackReason)),
        ] + (solver.objectivePolicy.map { [("objective_policy", .string($0))] } ?? [])
          + (solver.boundReport.map { b in
              [("bound_source", .string(b.source)), ("bound_note", .optional(b.note)),
               ("bound_constant", .number(b.constant, digits: 3)),
               ("must_today", .object([("visits", .int(b.mustToday)), ("on_time", .int(mustTodayOnTime)),
                                       ("on_time_max", b.mustTodayOnTimeMax.map { .int($0) } ?? .null)]))]
                + (b.travel.map { t in
                    [("travel", .object([("served", .int(t.served)), ("on_time", .int(t.onTime)), ("must_today_on_time", .int(t.mustTodayOnTime)),
                                         ("minutes", .int(t.minutes)), ("minutes_min", .number(t.atLeast, digits: 3)),
                                         ("worth", t.worth.map { .int($0) } ?? .null),
                                         ("source", .string(t.source))]))]
                } ?? [])
          } ?? [])
        let s = summary
        return .object([
            ("planned_at", time(plannedAt)),
            ("horizon_end", time(horizonEnd)),
        ] + (days > 1 ? [("days", .int(days))] : []) + (nextShift.map { [("next_shift", time($0))] } ?? []) + [
            
            ("solver", .object(solverFields)),
            ("summary", .object([
                ("tickets", .int(s.tickets)), ("on_site", .int(s.onSite)), ("planned", .int(s.planned)),
                ("on_time", .int(s.onTime)), ("late", .int(s.late)), ("deferred", .int(s.deferred)),
                ("unassigned", .int(s.unassigned)), ("travel_km", .number(s.travelKm, digits: 1)),
                ("travel_minutes", .int(s.travelMinutes)), ("work_minutes", .int(s.workMinutes)),
                ("utilisation", .number(s.utilisation, digits: 4)),
            ])),
            ("routes", .array(routes.map { r in
                var fields: [(String, JSONValue)] = [
                    ("engineer", .string(r.engineer)), ("start", point(r.start)), ("stops", .array(r.stops.map(stopJSON))),
                    ("end", point(r.end)), ("travel_km", .number(r.travelKm, digits: 1)),
                    ("travel_minutes", .int(r.travelMinutes)), ("work_minutes", .int(r.workMinutes)),
                ]
                if let e = engineerByID[r.engineer] {
                    fields.insert(("engineer_name", .string(e.name)), at: 1)
                    if !e.extras.isEmpty {
                        fields.insert(("engineer_fields", .object(e.extras.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })), at: 2)
                    }
                }
                if !r.nights.isEmpty {
                    fields.append(("nights_away", .int(r.nightsAway)))
                    fields.append(("nights", .array(r.nights.map { n in
                        .object([("from", time(n.from)), ("until", time(n.until)), ("place", .string(n.place.rawValue)),
                                 ("lat", .number(n.coordinate.lat, digits: 7)), ("lon", .number(n.coordinate.lon, digits: 7)),
                                 ("ticket", .optional(n.ticket))])
                    })))
                }
                return .object(fields)
            })),
            ("deferred", .array(deferred.map { .object([("ticket", .string($0.ticket)), ("deadline", time($0.deadline)), ("reason", .string($0.reason))] + carried($0.ticket)) })),
            ("unassigned", .array(unassigned.map { .object([("ticket", .string($0.ticket)), ("reason", .string($0.reason))] + carried($0.ticket)) })),
            ("triage", .array(triage.map { .object([("ticket", .string($0.ticket)), ("mode", .string($0.mode)), ("rule", .string($0.rule)), ("note", .string($0.note))] + carried($0.ticket)) })),
        ] + (events.isEmpty ? [] : [("events", .array(events.map { .string($0.text) }))])
          + (changes.map { [("changes", $0.json)] } ?? []))
    }

    /// Reads a plan JSON (formats.md); errors name the file and the JSON path.
    public static func read(path: String, name: String? = nil) throws(InputError) -> Plan {
        let label = name ?? path
        let text = try readText(path: path, name: label)
        if let fault = JSONSyntax.firstError(in: text) {
            throw InputError(file: label, line: fault.line, "not valid JSON at column \(fault.column): \(fault.message)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw InputError(file: label, "not valid JSON: not a plan written by fieldops plan")
        }
        return try PlanReader(file: label).plan(object)
    }
}

extension TriageResult {
    /// The work in a dispatcher's words: `hot-swap disk`, `mainboard`, `installation`.
    public var workLabel: String {
        switch outcome {
        case .installation: return "installation"
        case .inspection: return "inspection"
        default: return (ticket.hotSwap ? "hot-swap " : "") + (ticket.component?.rawValue ?? "repair")
        }
    }
}

/// Reads the plan JSON, naming the JSON path of anything missing or malformed.
private struct PlanReader {
    let file: String

    func fail(_ path: String, _ message: String) -> InputError { InputError(file: file, field: path, message) }

    func object(_ value: Any?, _ path: String) throws(InputError) -> [String: Any] {
        guard let dict = value as? [String: Any] else { throw fail(path, value == nil ? "missing" : "expected an object") }
        return dict
    }

    func array(_ value: Any?, _ path: String) throws(InputError) -> [Any] {
        guard let list = value as? [Any] else { throw fail(path, value == nil ? "missing" : "expected an array") }
        return list
    }

    func string(_ value: Any?, _ path: String) throws(InputError) -> String {
        guard let s = value as? String, !s.isEmpty else { throw fail(path, value == nil ? "missing" : "expected text") }
        return s
    }

    func time(_ value: Any?, _ path: String) throws(InputError) -> Date {
        let s = try string(value, path)
        guard let d = Timestamp.parse(s) else { throw fail(path, "'\(s)' is not an ISO 8601 time") }
        return d
    }

    func optionalTime(_ value: Any?, _ path: String) throws(InputError) -> Date? {
        if value == nil || value is NSNull { return nil }
        return try time(value, path)
    }

    func number(_ value: Any?, _ path: String) throws(InputError) -> Double {
        guard let n = value as? NSNumber, n.doubleValue.isFinite else {
            throw fail(path, value == nil ? "missing" : "expected a number")
        }
        return n.doubleValue
    }

    func int(_ value: Any?, _ path: String) throws(InputError) -> Int {
        let d = try number(value, path)
        guard d == d.rounded(), abs(d) < 1e12 else { throw fail(path, "expected a whole number") }
        return Int(d)
    }

    func point(_ value: Any?, _ path: String) throws(InputError) -> RoutePoint {
        let o = try object(value, path)
        let lat = try number(o["lat"], path + ".lat"), lon = try number(o["lon"], path + ".lon")
        guard (-90...90).contains(lat) else { throw fail(path + ".lat", "\(lat) is out of range -90…90") }
        guard (-180...180).contains(lon) else { throw fail(path + ".lon", "\(lon) is out of range -180…180") }
        return RoutePoint(time: try time(o["time"], path + ".time"), coordinate: Coordinate(lat: lat, lon: lon))
    }

    func plan(_ root: Any) throws(InputError) -> Plan {
        let o = try object(root, "(top level)")
        var routes: [Route] = []
        for (i, item) in try array(o["routes"], "routes").enumerated() {
            let path = "routes[\(i)]"
            let r = try object(item, path)
            var stops: [Stop] = []
            for (j, s) in try array(r["stops"], path + ".stops").enumerated() {
                let sp = "\(path).stops[\(j)]"
                let so = try object(s, sp)
                var stop = Stop(ticket: try string(so["ticket"], sp + ".ticket"), arrive: try time(so["arrive"], sp + ".arrive"),
                                start: try time(so["start"], sp + ".start"), end: try time(so["end"], sp + ".end"),
                                deadline: try optionalTime(so["deadline"], sp + ".deadline"),
                                lateMinutes: try int(so["late_minutes"], sp + ".late_minutes"),
                                legKm: try number(so["leg_km"], sp + ".leg_km"), legMinutes: try int(so["leg_minutes"], sp + ".leg_minutes"),
                                depart: so["depart"] == nil || so["depart"] is NSNull ? nil : try point(so["depart"], sp + ".depart"))
                // Whether it was must-today: the plan's must-today count (its bound sentence,
                // the report's) reads it.
                if let must = so["must_today"] as? Bool { stop.mustToday = must }
                if so["overrun_minutes"] != nil {
                    stop.overrunMinutes = try int(so["overrun_minutes"], sp + ".overrun_minutes")
                    if stop.overrunMinutes < 0 || stop.overrunMinutes > 24 * 60 { throw fail(sp + ".overrun_minutes", "must be 0…1440 minutes") }
                }
                stops.append(stop)
            }
            var route = Route(engineer: try string(r["engineer"], path + ".engineer"), start: try point(r["start"], path + ".start"),
                              stops: stops, end: try point(r["end"], path + ".end"),
                              travelKm: try number(r["travel_km"], path + ".travel_km"),
                              travelMinutes: try int(r["travel_minutes"], path + ".travel_minutes"),
                              workMinutes: try int(r["work_minutes"], path + ".work_minutes"))
            for (k, item) in try array(r["nights"] ?? [Any](), path + ".nights").enumerated() {
                let np = "\(path).nights[\(k)]"
                let n = try object(item, np)
                guard let place = (n["place"] as? String).flatMap(Night.Place.init(rawValue:)) else {
                    throw fail(np + ".place", "expected home, visit, road or transit")
                }
                let lat = try number(n["lat"], np + ".lat"), lon = try number(n["lon"], np + ".lon")
                guard (-90...90).contains(lat), (-180...180).contains(lon) else { throw fail(np, "coordinates out of range") }
                route.nights.append(Night(from: try time(n["from"], np + ".from"), until: try time(n["until"], np + ".until"), place: place,
                                          coordinate: Coordinate(lat: lat, lon: lon), ticket: n["ticket"] as? String))
            }
            routes.append(route)
        }
        var deferred: [Deferred] = []
        for (i, item) in try array(o["deferred"] ?? [Any](), "deferred").enumerated() {
            let d = try object(item, "deferred[\(i)]")
            deferred.append(Deferred(ticket: try string(d["ticket"], "deferred[\(i)].ticket"),
                                     deadline: try optionalTime(d["deadline"], "deferred[\(i)].deadline"),
                                     reason: (d["reason"] as? String) ?? ""))
        }
        var unassigned: [Unassigned] = []
        for (i, item) in try array(o["unassigned"] ?? [Any](), "unassigned").enumerated() {
            let u = try object(item, "unassigned[\(i)]")
            unassigned.append(Unassigned(ticket: try string(u["ticket"], "unassigned[\(i)].ticket"), reason: (u["reason"] as? String) ?? ""))
        }
        var triage: [TriageEntry] = []
        for (i, item) in try array(o["triage"] ?? [Any](), "triage").enumerated() {
            let t = try object(item, "triage[\(i)]")
            triage.append(TriageEntry(ticket: try string(t["ticket"], "triage[\(i)].ticket"), mode: (t["mode"] as? String) ?? "",
                                      rule: (t["rule"] as? String) ?? "", note: (t["note"] as? String) ?? ""))
        }
        let s = try object(o["summary"], "summary")
        let summary = PlanSummary(
            tickets: try int(s["tickets"], "summary.tickets"), onSite: try int(s["on_site"], "summary.on_site"),
            planned: try int(s["planned"], "summary.planned"), onTime: try int(s["on_time"], "summary.on_time"),
            late: try int(s["late"], "summary.late"), deferred: try int(s["deferred"], "summary.deferred"),
            unassigned: try int(s["unassigned"], "summary.unassigned"), travelKm: try number(s["travel_km"], "summary.travel_km"),
            travelMinutes: try int(s["travel_minutes"], "summary.travel_minutes"),
            workMinutes: try int(s["work_minutes"], "summary.work_minutes"), utilisation: try number(s["utilisation"], "summary.utilisation"))
        let so = try object(o["solver"], "solver")
        var solver = Plan.SolverInfo(name: (so["name"] as? String) ?? "", status: (so["status"] as? String) ?? "",
                                     objective: (so["objective"] as? NSNumber)?.doubleValue ?? 0,
                                     bound: (so["bound"] as? NSNumber)?.doubleValue, gap: (so["gap"] as? NSNumber)?.doubleValue,
                                     seconds: (so["seconds"] as? NSNumber)?.doubleValue ?? 0, fallbackReason: so["fallback_reason"] as? String,
                                     objectivePolicy: so["objective_policy"] as? String)
        if let source = so["bound_source"] as? String {
            let must = so["must_today"] as? [String: Any]
            solver.boundReport = BoundReport(source: source, note: so["bound_note"] as? String,
                                             constant: (so["bound_constant"] as? NSNumber)?.doubleValue ?? 0,
                                             mustToday: (must?["visits"] as? NSNumber)?.intValue ?? 0,
                                             mustTodayOnTimeMax: (must?["on_time_max"] as? NSNumber)?.intValue)
            if let t = so["travel"] as? [String: Any] {
                solver.boundReport?.travel = BoundReport.TravelBound(
                    served: (t["served"] as? NSNumber)?.intValue ?? 0, onTime: (t["on_time"] as? NSNumber)?.intValue ?? 0, mustTodayOnTime: (t["must_today_on_time"] as? NSNumber)?.intValue ?? 0,
                    minutes: (t["minutes"] as? NSNumber)?.intValue ?? 0, atLeast: (t["minutes_min"] as? NSNumber)?.doubleValue ?? 0,
                    source: (t["source"] as? String) ?? "")
                solver.boundReport?.travel?.worth = (t["worth"] as? NSNumber)?.intValue
            }
        }
        var plan = Plan(plannedAt: try time(o["planned_at"], "planned_at"), horizonEnd: try time(o["horizon_end"], "horizon_end"),
                        solver: solver, summary: summary, routes: routes, deferred: deferred, unassigned: unassigned, triage: triage)
        if o["days"] != nil {
            let days = try int(o["days"], "days")
            guard (1...7).contains(days) else { throw fail("days", "\(days) is out of range: a plan covers 1…7 days") }
            plan.days = days
        }
        if o["next_shift"] != nil { plan.nextShift = try time(o["next_shift"], "next_shift") }
        if o["events"] != nil {
            for (i, item) in try array(o["events"], "events").enumerated() {
                plan.events.append(try PlanEvent.parse(try string(item, "events[\(i)]"), at: plan.plannedAt, file: file, field: "events[\(i)]"))
            }
        }
        return plan
    }
}
