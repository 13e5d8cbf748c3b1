import FieldOpsCore
import FieldOpsSupport
import Foundation

/// One engineer's route sheet: what they need to work the day from, in the order of the
/// day. `markdown` for print or a chat message, `json` for an app.
public struct RouteSheet: Sendable {
    /// The engineer's id (the sheet's file name).
    public var engineer: String
    /// The sheet as Markdown.
    public var markdown: String
    /// The sheet as JSON.
    public var json: JSONValue
}

extension Plan {
    /// A route sheet for each engineer with visits: the engineer's own contact at the top;
    /// each visit with arrive/start/end, customer, contact and phone, address and city,
    /// fault, component, model and serial, the part to bring, the deadline and its slack
    /// (or the booked window); the nights of a trip; the way home; and the parts to bring
    /// in all. Every other column of the ticket's row rides along in the JSON.
    public func sheets(engineers: [Engineer], triage results: [TriageResult]) -> [RouteSheet] {
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.ticket.id, $0) })
        let engineerByID = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0) })
        let today = Day(plannedAt)
        func time(_ d: Date?) -> JSONValue { .optional(d.map(Timestamp.format)) }
        return routes.filter { !$0.stops.isEmpty }.map { route in
            let e = engineerByID[route.engineer]
            let base = e?.baseLabel ?? ""
            let clock = { (d: Date) in Timestamp.clock(d, on: today) }
            var md = "# Route sheet · \(route.engineer) \(e?.name ?? "") · \(Day(route.start.time))\n\n"
            let own = e.map { engineer in
                ([engineer.id, engineer.name] + engineer.extras.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }).joined(separator: " · ")
            } ?? route.engineer
            md += "**Engineer:** \(own) · base \(base)"
            if let e { md += " · shift \(e.shiftStart)–\(e.shiftEnd)" }
            md += "\n\n**Leaves** \(base) at \(clock(route.start.time)) · \(route.stops.count) visit\(route.stops.count == 1 ? "" : "s") · "
            md += String(format: "%.0f km, ", route.travelKm) + "\(hours(route.travelMinutes)) travel, \(hours(route.workMinutes)) on site"
            if route.nightsAway > 0 { md += " · \(route.nightsAway) night\(route.nightsAway == 1 ? "" : "s") away" }
            md += "\n"

            var parts: [String: Int] = [:]
            var stopsJSON: [JSONValue] = []
            var previous = route.start.time
            var nights = route.nights[...]
            func nightLines(before limit: Date) {
                while let night = nights.first, night.from < limit {
                    nights.removeFirst()
                    md += "\n**Night** \(clock(night.from)) – \(clock(night.until)): \(night.whereabouts(base: base, triage: byID))\n"
                }
            }
            for (i, stop) in route.stops.enumerated() {
                nightLines(before: stop.start)
                let r = byID[stop.ticket]
                let t = r?.ticket
                let x = t?.extras ?? [:]
                let bring = t?.component.map { c in x["model"].map { "\(c.rawValue) for \($0)" } ?? c.rawValue }
                if let part = t?.component?.rawValue { parts[part, default: 0] += 1 }
                md += "\n## \(i + 1) · \(clock(stop.arrive)) · \(stop.ticket) · \(r?.workLabel ?? "")\n\n"
                md += "- Arrive \(clock(stop.arrive)), start \(clock(stop.start)), done \(clock(stop.end)) · "
                md += String(format: "%.1f km, ", stop.legKm) + "\(hours(stop.legMinutes)) from \(i == 0 ? "the start" : "the last stop")\n"
                if let deadline = stop.deadline {
                    let slack = stop.lateMinutes > 0 ? "LATE \(hours(stop.lateMinutes))" : "slack \(hours(Int(deadline.timeIntervalSince(stop.arrive) / 60)))"
                    md += "- Deadline \(Timestamp.short(deadline)) · \(slack)\n"
                }
                if let ws = r?.windowStart {
                    md += "- Booked \(Timestamp.short(ws))" + (r?.windowEnd.map { "–" + Timestamp.short($0) } ?? "")
                    md += r?.windowRule == .finish ? " (work ends inside it)\n" : " (work starts inside it)\n"
                }
                let who = [x["customer"], x["contact"], x["phone"]].compactMap { $0 }.filter { !$0.isEmpty }
                if !who.isEmpty { md += "- Customer: \(who.joined(separator: " · "))\n" }
                let city = t?.place.map { $0.prefecture } ?? ""
                let coordinate = t.map { String(format: "%.5f, %.5f", $0.coordinate.lat, $0.coordinate.lon) } ?? ""
                md += "- Address: \([x["address"] ?? t?.place?.name ?? "", city].filter { !$0.isEmpty }.joined(separator: ", ")) (\(coordinate))\n"
                if let fault = x["fault"], !fault.isEmpty { md += "- Fault: \(fault)\n" }
                let machine = [t?.component.map { "component \($0.rawValue)" }, x["model"].map { "model \($0)" }, x["serial"].map { "serial \($0)" }].compactMap { $0 }
                if !machine.isEmpty { md += "- \(machine.joined(separator: " · "))\n" }
                if let bring { md += "- Bring: \(bring)\n" }
                var fields: [(String, JSONValue)] = [
                    ("seq", .int(i + 1)), ("ticket", .string(stop.ticket)), ("work", .optional(r?.workLabel)),
                    ("arrive", time(stop.arrive)), ("start", time(stop.start)), ("end", time(stop.end)),
                    ("deadline", time(stop.deadline)), ("late_minutes", .int(stop.lateMinutes)),
                    ("slack_minutes", stop.deadline.map { .int(Int($0.timeIntervalSince(stop.arrive) / 60)) } ?? .null),
                    ("window_start", time(r?.windowStart)), ("window_end", time(r?.windowEnd)),
                    ("leg_km", .number(stop.legKm, digits: 1)), ("leg_minutes", .int(stop.legMinutes)),
                    ("place", .optional(t?.place?.name)), ("city", .optional(t?.place?.prefecture)),
                    ("lat", t.map { .number($0.coordinate.lat, digits: 7) } ?? .null), ("lon", t.map { .number($0.coordinate.lon, digits: 7) } ?? .null),
                    ("component", .optional(t?.component?.rawValue)), ("bring", .optional(bring)),
                ]
                if !x.isEmpty { fields.append(("fields", .object(x.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))) }
                stopsJSON.append(.object(fields))
                previous = stop.end
            }
            nightLines(before: route.end.time)
            let homeKm = route.travelKm - route.stops.reduce(0) { $0 + $1.legKm }
            let homeMinutes = route.end.time.timeIntervalSince(previous) / 60
            md += "\n## Way home\n\nBack at \(base) \(clock(route.end.time))" + String(format: " · %.1f km", max(0, homeKm))
            md += " · leaves the last site \(clock(previous)), \(hours(Int(homeMinutes.rounded())))\n"
            let partList = parts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            if !partList.isEmpty {
                md += "\n## Parts to bring\n\n" + partList.map { "- \($0.key) × \($0.value)\n" }.joined()
            }
            let engineerJSON: JSONValue = .object([("id", .string(route.engineer)), ("name", .optional(e?.name)), ("base", .string(base)),
                                                   ("shift_start", .optional(e.map { "\($0.shiftStart)" })), ("shift_end", .optional(e.map { "\($0.shiftEnd)" })),
                                                   ("fields", .object((e?.extras ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
            let json: JSONValue = .object([
                ("engineer", engineerJSON), ("planned_at", time(plannedAt)),
                ("leaves", time(route.start.time)), ("back", time(route.end.time)),
                ("travel_km", .number(route.travelKm, digits: 1)), ("travel_minutes", .int(route.travelMinutes)),
                ("stops", .array(stopsJSON)),
                ("nights", .array(route.nights.map { .object([("from", time($0.from)), ("until", time($0.until)), ("place", .string($0.place.rawValue))]) })),
                ("parts", .array(partList.map { .object([("component", .string($0.key)), ("count", .int($0.value))]) })),
            ])
            return RouteSheet(engineer: route.engineer, markdown: md, json: json)
        }
    }
}
