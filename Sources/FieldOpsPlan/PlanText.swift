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
        if let nextShift {
            out += "Today's shifts are over: this plans the next shift of each engineer whose shift has ended, from \(Timestamp.short(nextShift)).\n\n"
        }
        for route in routes {
            let e = engineerByID[route.engineer]
            let name = e.map { "\($0.id) \($0.name)" } ?? route.engineer
            let base = e?.baseLabel ?? ""
            let shift = e.map { "\($0.shiftStart)–\($0.shiftEnd)" } ?? ""
            let away = route.nightsAway > 0 ? " · \(route.nightsAway) night\(route.nightsAway == 1 ? "" : "s") away" : ""
            out += "\(name) · \(base) · shift \(shift) · \(route.stops.count) stops\(away) · \(String(format: "%.0f", route.travelKm)) km, "
            out += "\(hours(route.travelMinutes)) travel, \(hours(route.workMinutes)) on site\n"
            var table = TextTable(["#", "Arrive", "Start", "End", "Place", "Ticket", "Work", "Deadline", "Slack"],
                                  align: [.right, .left, .left, .left, .left, .left, .left, .left, .right])
            table.add(["", "", Timestamp.clock(route.start.time, on: today), "", "leaves \(base)"])
            var nights = route.nights[...]
            func nightRows(before time: Date) {
                while let night = nights.first, night.from < time {
                    nights.removeFirst()
                    let where_: String
                    switch night.place {
                    case .home: where_ = "night at home in \(base)"
                    case .visit: where_ = "night at \(night.ticket.flatMap { byID[$0]?.ticket.placeLabel } ?? "the site")"
                    case .road: where_ = String(format: "night on the road, at %.3f,%.3f", night.coordinate.lat, night.coordinate.lon)
                    case .transit: where_ = "night by rail or air to " + (night.ticket.flatMap { byID[$0]?.ticket.placeLabel } ?? base)
                    }
                    table.add(["", Timestamp.clock(night.from, on: today), "", Timestamp.clock(night.until, on: today), where_])
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
                           r?.ticket.placeLabel ?? "", stop.ticket, r?.workLabel ?? "",
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
        if count(.askVendor) > 0 { parts.append("\(count(.askVendor)) wait for the vendor's word on coverage") }
        if count(.needsAgreedDeadline) > 0 { parts.append("\(count(.needsAgreedDeadline)) wait for an agreed deadline") }
        return parts.isEmpty ? "every ticket needs a visit" : parts.joined(separator: ", ")
    }

    /// One row per stop for a spreadsheet. Cells that begin with `=`, `+`, `-` or `@` get a
    /// leading apostrophe so that no spreadsheet runs them as formulas.
    public func csv(engineers: [Engineer], triage results: [TriageResult]) -> String {
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.ticket.id, $0) })
        let names = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0.name) })
        var header = ["engineer", "engineer_name", "seq", "ticket", "place", "work", "arrive", "start", "end", "deadline",
                      "late_minutes", "leg_km", "leg_minutes", "customer", "contact", "phone", "address"]
        // Over several days: the shift day of each visit, the night before it (when one
        // lies between it and the stop before), and on the last stop when the trip is home.
        let trips = days > 1
        if trips { header += ["day", "night_before", "night_lat", "night_lon", "home_at"] }
        var out = header.joined(separator: ",") + "\n"
        for route in routes {
            var previous = route.start.time
            for (i, stop) in route.stops.enumerated() {
                let r = byID[stop.ticket]
                let extras = r?.ticket.extras ?? [:]
                var row = [route.engineer, names[route.engineer] ?? "", String(i + 1), stop.ticket, r?.ticket.place?.name ?? "",
                           r?.workLabel ?? "", Timestamp.format(stop.arrive), Timestamp.format(stop.start), Timestamp.format(stop.end),
                           stop.deadline.map(Timestamp.format) ?? "", String(stop.lateMinutes), String(format: "%.1f", stop.legKm),
                           String(stop.legMinutes), extras["customer"] ?? "", extras["contact"] ?? "", extras["phone"] ?? "",
                           extras["address"] ?? ""]
                if trips {
                    let night = route.nights.last { $0.from >= previous && $0.until <= stop.start }
                    let day = 1 + route.nights.filter { $0.from >= plannedAt && $0.until <= stop.start }.count
                    row += [String(day), night?.place.rawValue ?? "",
                            night.map { String(format: "%.5f", $0.coordinate.lat) } ?? "", night.map { String(format: "%.5f", $0.coordinate.lon) } ?? "",
                            i == route.stops.count - 1 ? Timestamp.format(route.end.time) : ""]
                }
                previous = stop.end
                out += row.map(csvCell).joined(separator: ",") + "\n"
            }
        }
        return out
    }
}

/// `2 h 05`, or `45 min` under an hour.
func hours(_ minutes: Int) -> String {
    if abs(minutes) < 60 { return "\(minutes) min" }
    return String(format: "%d h %02d", minutes / 60, abs(minutes) % 60)
}

extension Timestamp {
    /// `08:35`, or `11-26 08:35` when the time falls on a later day than `day`.
    static func clock(_ date: Date, on day: Day) -> String {
        if Day(date) != day { return short(date) }
        let full = format(date)
        let start = full.index(full.startIndex, offsetBy: 11)
        return String(full[start..<full.index(start, offsetBy: 5)])
    }
}
