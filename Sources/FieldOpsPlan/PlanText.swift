import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

extension Plan {
    /// The daily route plan a dispatcher reads: each engineer's stops with arrival,
    /// start and end, place, ticket, work, deadline and slack; then deferred and
    /// unassigned tickets with their reasons, and a one-line summary.
    public func text(engineers: [Engineer], triage results: [TriageResult]) -> String {
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.ticket.id, $0) })
        let engineerByID = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0) })
        let today = Day(plannedAt)
        var solverText = "\(solver.name) (\(solver.status)"
        if let gap = solver.gap { solverText += String(format: ", %.1f%% above a proven bound", gap * 100) }
        solverText += ")"
        if let reason = solver.fallbackReason { solverText += "; fell back to greedy: \(reason)" }
        if let policy = solver.objectivePolicy, policy != ObjectivePolicy.standard.name { solverText += "; objective \(policy)" }
        var out = "FieldOps plan · \(Timestamp.format(plannedAt)) · \(summary.tickets) tickets, \(engineers.count) engineers · solver \(solverText)\n\n"
        if let sentence = boundSentence { out += sentence + "\n\n" }
        if let nextShift {
            out += "Today's shifts are over: this plans the next shift of each engineer whose shift has ended, from \(Timestamp.short(nextShift)).\n\n"
        }
        if !events.isEmpty { out += "Events: " + events.map(\.label).joined(separator: "; ") + ".\n" + (changes == nil ? "\n" : "") }
        if let changes { out += changes.text(on: today, tickets: byID) }
        for route in routes {
            let e = engineerByID[route.engineer]
            let name = e.map { "\($0.id) \($0.name)" } ?? route.engineer
            let base = e?.baseLabel ?? ""
            let shift = e.map { "\($0.shiftStart)–\($0.shiftEnd)" } ?? ""
            let phone = e?.extras["phone"].map { " · \($0)" } ?? ""
            let away = route.nightsAway > 0 ? " · \(route.nightsAway) night\(route.nightsAway == 1 ? "" : "s") away" : ""
            out += "\(name)\(phone) · \(base) · shift \(shift) · \(route.stops.count) stops\(away) · \(String(format: "%.0f", route.travelKm)) km, "
            out += "\(hours(route.travelMinutes)) travel, \(hours(route.workMinutes)) on site\n"
            var table = TextTable(["#", "Arrive", "Start", "End", "Place", "Ticket", "Work", "Deadline", "Slack"],
                                  align: [.right, .left, .left, .left, .left, .left, .left, .left, .right])
            table.add(["", "", Timestamp.clock(route.start.time, on: today), "", "leaves \(base)"])
            var nights = route.nights[...]
            func nightRows(before time: Date) {
                while let night = nights.first, night.from < time {
                    nights.removeFirst()
                    table.add(["", Timestamp.clock(night.from, on: today), "", Timestamp.clock(night.until, on: today),
                               "night " + night.whereabouts(base: base, triage: byID)])
                }
            }
            for (i, stop) in route.stops.enumerated() {
                nightRows(before: stop.start)
                let r = byID[stop.ticket]
                let slack: String
                if let deadline = stop.deadline {
                    slack = stop.lateMinutes > 0 ? "LATE \(hours(stop.lateMinutes))" : hours(Int(deadline.timeIntervalSince(stop.arrive) / 60))
                } else {
                    slack = ""
                }
                table.add([String(i + 1), Timestamp.clock(stop.arrive, on: today), Timestamp.clock(stop.start, on: today), Timestamp.clock(stop.end, on: today),
                           r?.ticket.placeLabel ?? "", stop.ticket, (r?.workLabel ?? "") + (stop.overrunMinutes > 0 ? " (overran \(stop.overrunMinutes) min)" : ""),
                           stop.deadline.map(Timestamp.short) ?? (r?.windowEnd.map { "by " + Timestamp.short($0) } ?? ""), slack])
            }
            nightRows(before: route.end.time)
            table.add(["", Timestamp.clock(route.end.time, on: today), "", "", "back at \(base)"])
            out += table.render() + "\n"
        }
        let idle = engineers.filter { e in !routes.contains { $0.engineer == e.id } }
        if !idle.isEmpty {
            out += "No visits today: " + idle.map { e in e.off.contains(today) ? "\(e.id) (off)" : e.id }.joined(separator: ", ") + "\n\n"
        }
        if !deferred.isEmpty {
            out += "Deferred (\(deferred.count)):\n"
            for d in deferred { out += "  \(d.ticket): \(d.reason)\n" }
            out += "\n"
        }
        if !unassigned.isEmpty {
            out += "Unassigned (\(unassigned.count)):\n"
            for u in unassigned { out += "  \(u.ticket): \(u.reason)\n" }
            out += "\n"
        }
        // The parts to ship (M7): what, for which machine, to whom.
        let shipping = triage.filter { $0.mode == Outcome.shipReplacement.rawValue }
        if !shipping.isEmpty {
            out += "Ship a replacement (\(shipping.count)):\n"
            for entry in shipping {
                let t = byID[entry.ticket]?.ticket
                let x = t?.extras ?? [:]
                let part = [t?.component?.rawValue, x["model"].map { "model \($0)" }, x["serial"].map { "serial \($0)" }].compactMap { $0 }
                let to = [x["customer"], x["contact"], x["phone"], x["address"] ?? t?.place?.name].compactMap { $0 }.filter { !$0.isEmpty }
                out += "  \(entry.ticket): \(part.joined(separator: " · "))" + (to.isEmpty ? "" : " → \(to.joined(separator: ", "))") + "\n"
            }
            out += "\n"
        }
        let s = summary
        out += "Summary: \(s.planned) of \(s.onSite) visits planned, \(s.onTime) on time, \(s.late) late, \(s.deferred) deferred, "
        out += "\(s.unassigned) unassigned; \(ticketsWithoutVisit); "
        out += String(format: "%.0f km, %@ travel, %@ on site, utilisation %.0f%%\n", s.travelKm, hours(s.travelMinutes), hours(s.workMinutes), s.utilisation * 100)
        return out
    }

    /// The tickets in no route and not waiting as visits, by kind: `12 need no trip (5 ship a
    /// replacement, 4 carry-in, 3 remote support), 3 not covered, 2 wait for an agreed
    /// deadline`: a ticket that needs a trip but waits for a deadline or the vendor's word
    /// is not counted as needing none.
    var ticketsWithoutVisit: String {
        let counts = Dictionary(grouping: triage, by: \.mode).mapValues(\.count)
        func count(_ o: Outcome) -> Int { counts[o.rawValue] ?? 0 }
        let noTrip: [Outcome] = [.shipReplacement, .carryIn, .remote]
        let total = noTrip.map(count).reduce(0, +)
        var parts: [String] = []
        if total > 0 {
            let detail = noTrip.filter { count($0) > 0 }.map { "\(count($0)) \($0.label)" }.joined(separator: ", ")
            parts.append("\(total) need no trip (\(detail))")
        }
        if count(.notCovered) > 0 { parts.append("\(count(.notCovered)) not covered") }
        if let cancelled = counts[TriageEntry.cancelled] { parts.append("\(cancelled) cancelled") }
        if count(.askVendor) > 0 { parts.append("\(count(.askVendor)) wait for the vendor's word on coverage") }
        if count(.needsAgreedDeadline) > 0 { parts.append("\(count(.needsAgreedDeadline)) wait for an agreed deadline") }
        return parts.isEmpty ? "every ticket needs a visit" : parts.joined(separator: ", ")
    }

    /// One row per ticket for a spreadsheet: first each route's stops in order, then the
    /// deferred, the unassigned and the tickets that need no trip, each with its `status`
    /// and `reason`; every column of the ticket's row (and of the engineer's, as
    /// `engineer_<column>`) rides along. Cells that begin with `=`, `+`, `-` or `@` get a
    /// leading apostrophe so that no spreadsheet runs them as formulas.
    public func csv(engineers: [Engineer], triage results: [TriageResult]) -> String {
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.ticket.id, $0) })
        let engineerByID = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0) })
        var header = ["engineer", "engineer_name", "seq", "ticket", "place", "work", "arrive", "start", "end", "deadline",
                      "late_minutes", "leg_km", "leg_minutes", "customer", "contact", "phone", "address"]
        // Over several days: the shift day of each visit, the night before it (when one
        // lies between it and the stop before), and on the last stop when the trip is home.
        let trips = days > 1
        if trips { header += ["day", "night_before", "night_lat", "night_lon", "home_at"] }
        header += ["status", "reason", "city", "lat", "lon", "must_today", "window_start", "window_end", "component"]
        let ticketColumns = Set(results.flatMap { $0.ticket.extras.keys }).subtracting(header).sorted()
        let engineerColumns = Set(engineers.flatMap { $0.extras.keys }).sorted()
        header += ticketColumns + engineerColumns.map { "engineer_" + $0 }
        var out = header.joined(separator: ",") + "\n"

        func contact(_ ticket: String) -> [String] {
            let extras = byID[ticket]?.ticket.extras ?? [:]
            return ["customer", "contact", "phone", "address"].map { extras[$0] ?? "" }
        }
        // The columns every row has, from the ticket (and engineer, when routed) on.
        func common(_ ticket: String, engineer: String?, status: String, reason: String, mustToday: Bool?) -> [String] {
            let r = byID[ticket]
            let t = r?.ticket
            let extras = t?.extras ?? [:]
            let e = engineer.flatMap { engineerByID[$0] }
            return [status, reason, t?.place?.prefecture ?? "", t.map { String(format: "%.5f", $0.coordinate.lat) } ?? "",
                    t.map { String(format: "%.5f", $0.coordinate.lon) } ?? "", mustToday.map { $0 ? "yes" : "no" } ?? "",
                    r?.windowStart.map(Timestamp.format) ?? "", r?.windowEnd.map(Timestamp.format) ?? "", t?.component?.rawValue ?? ""]
                + ticketColumns.map { extras[$0] ?? "" } + engineerColumns.map { e?.extras[$0] ?? "" }
        }
        // A row for a ticket in no route: the ticket's own columns, no engineer or times.
        func unrouted(_ ticket: String, deadline: Date?, status: String, reason: String) {
            let r = byID[ticket]
            var row = ["", "", "", ticket, r?.ticket.place?.name ?? "", r?.workLabel ?? "", "", "", "",
                       (deadline ?? r?.deadline).map(Timestamp.format) ?? "", "", "", ""] + contact(ticket)
            if trips { row += ["", "", "", "", ""] }
            row += common(ticket, engineer: nil, status: status, reason: reason, mustToday: nil)
            out += row.map(csvCell).joined(separator: ",") + "\n"
        }
        for route in routes {
            var previous = route.start.time
            for (i, stop) in route.stops.enumerated() {
                let r = byID[stop.ticket]
                var row = [route.engineer, engineerByID[route.engineer]?.name ?? "", String(i + 1), stop.ticket, r?.ticket.place?.name ?? "",
                           r?.workLabel ?? "", Timestamp.format(stop.arrive), Timestamp.format(stop.start), Timestamp.format(stop.end),
                           stop.deadline.map(Timestamp.format) ?? "", String(stop.lateMinutes), String(format: "%.1f", stop.legKm),
                           String(stop.legMinutes)] + contact(stop.ticket)
                if trips {
                    let night = route.nights.last { $0.from >= previous && $0.until <= stop.start }
                    let day = 1 + route.nights.filter { $0.from >= plannedAt && $0.until <= stop.start }.count
                    row += [String(day), night?.place.rawValue ?? "",
                            night.map { String(format: "%.5f", $0.coordinate.lat) } ?? "", night.map { String(format: "%.5f", $0.coordinate.lon) } ?? "",
                            i == route.stops.count - 1 ? Timestamp.format(route.end.time) : ""]
                }
                row += common(stop.ticket, engineer: route.engineer, status: stop.lateMinutes > 0 ? "planned_late" : "planned", reason: "",
                              mustToday: stop.mustToday)
                previous = stop.end
                out += row.map(csvCell).joined(separator: ",") + "\n"
            }
        }
        for d in deferred { unrouted(d.ticket, deadline: d.deadline, status: "deferred", reason: d.reason) }
        for u in unassigned { unrouted(u.ticket, deadline: nil, status: "unassigned", reason: u.reason) }
        for t in triage { unrouted(t.ticket, deadline: nil, status: t.mode, reason: "\(t.rule): \(t.note)") }
        return out
    }
}

extension Night {
    /// Where the night is spent, for a dispatcher: `at home in 北京`, `at 洛隆 (昌都)`, `on the
    /// road, at 30.933,98.357`, `by rail or air to …`.
    func whereabouts(base: String, triage byID: [String: TriageResult]) -> String {
        let site = ticket.flatMap { byID[$0]?.ticket.placeLabel }
        switch place {
        case .home: return "at home in \(base)"
        case .visit: return "at \(site ?? "the site")"
        case .road: return String(format: "on the road, at %.3f,%.3f", coordinate.lat, coordinate.lon)
        case .transit: return "by rail or air to " + (site ?? base)
        }
    }
}

/// `2 h 05`, or `45 min` under an hour.
public func hours(_ minutes: Int) -> String {
    if abs(minutes) < 60 { return "\(minutes) min" }
    return String(format: "%d h %02d", minutes / 60, abs(minutes) % 60)
}

extension Timestamp {
    /// `08:35`, or `11-26 08:35` when the time falls on a later day than `day`.
    public static func clock(_ date: Date, on day: Day) -> String {
        if Day(date) != day { return short(date) }
        let full = format(date)
        let start = full.index(full.startIndex, offsetBy: 11)
        return String(full[start..<full.index(start, offsetBy: 5)])
    }
}
