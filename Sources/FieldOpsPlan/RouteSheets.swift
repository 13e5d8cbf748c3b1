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
    /// The sheet as a printable HTML page (self-contained).
    public var html: String
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
            var blocks: [SheetBlock] = [.title("Route sheet · \(route.engineer) \(e?.name ?? "") · \(Day(route.start.time))")]
            let own = e.map { engineer in
                ([engineer.id, engineer.name] + engineer.extras.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }).joined(separator: " · ")
            } ?? route.engineer
            blocks.append(.paragraph("Engineer:", "\(own) · base \(base)" + (e.map { " · shift \($0.shiftStart)–\($0.shiftEnd)" } ?? "")))
            var leaves = "\(base) at \(clock(route.start.time)) · \(route.stops.count) visit\(route.stops.count == 1 ? "" : "s") · "
            leaves += String(format: "%.0f km, ", route.travelKm) + "\(hours(route.travelMinutes)) travel, \(hours(route.workMinutes)) on site"
            if route.nightsAway > 0 { leaves += " · \(route.nightsAway) night\(route.nightsAway == 1 ? "" : "s") away" }
            blocks.append(.paragraph("Leaves", leaves))

            var parts: [String: Int] = [:]
            var stopsJSON: [JSONValue] = []
            var previous = route.start.time
            var nights = route.nights[...]
            func nightLines(before limit: Date) {
                while let night = nights.first, night.from < limit {
                    nights.removeFirst()
                    blocks.append(.paragraph("Night", "\(clock(night.from)) – \(clock(night.until)): \(night.whereabouts(base: base, triage: byID))"))
                }
            }
            for (i, stop) in route.stops.enumerated() {
                nightLines(before: stop.start)
                let r = byID[stop.ticket]
                let t = r?.ticket
                let x = t?.extras ?? [:]
                let bring = t?.component.map { c in x["model"].map { "\(c.rawValue) for \($0)" } ?? c.rawValue }
                if let part = t?.component?.rawValue { parts[part, default: 0] += 1 }
                blocks.append(.heading("\(i + 1) · \(clock(stop.arrive)) · \(stop.ticket) · \(r?.workLabel ?? "")"))
                var items = ["Arrive \(clock(stop.arrive)), start \(clock(stop.start)), done \(clock(stop.end)) · "
                    + String(format: "%.1f km, ", stop.legKm) + "\(hours(stop.legMinutes)) from \(i == 0 ? "the start" : "the last stop")"]
                if let deadline = stop.deadline {
                    let slack = stop.lateMinutes > 0 ? "LATE \(hours(stop.lateMinutes))" : "slack \(hours(Int(deadline.timeIntervalSince(stop.arrive) / 60)))"
                    items.append("Deadline \(Timestamp.short(deadline)) · \(slack)")
                }
                if let ws = r?.windowStart {
                    items.append("Booked \(Timestamp.short(ws))" + (r?.windowEnd.map { "–" + Timestamp.short($0) } ?? "")
                        + (r?.windowRule == .finish ? " (work ends inside it)" : " (work starts inside it)"))
                }
                let who = [x["customer"], x["contact"], x["phone"]].compactMap { $0 }.filter { !$0.isEmpty }
                if !who.isEmpty { items.append("Customer: \(who.joined(separator: " · "))") }
                let city = t?.place.map { $0.prefecture } ?? ""
                let coordinate = t.map { String(format: "%.5f, %.5f", $0.coordinate.lat, $0.coordinate.lon) } ?? ""
                items.append("Address: \([x["address"] ?? t?.place?.name ?? "", city].filter { !$0.isEmpty }.joined(separator: ", ")) (\(coordinate))")
                if let fault = x["fault"], !fault.isEmpty { items.append("Fault: \(fault)") }
                let machine = [t?.component.map { "component \($0.rawValue)" }, x["model"].map { "model \($0)" }, x["serial"].map { "serial \($0)" }].compactMap { $0 }
                if !machine.isEmpty { items.append(machine.joined(separator: " · ")) }
                if let bring { items.append("Bring: \(bring)") }
                blocks.append(.items(items))
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
            blocks.append(.heading("Way home"))
            blocks.append(.paragraph("Back at", "\(base) \(clock(route.end.time))" + String(format: " · %.1f km", max(0, homeKm))
                + " · leaves the last site \(clock(previous)), \(hours(Int(homeMinutes.rounded())))"))
            let partList = parts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            if !partList.isEmpty {
                blocks.append(.heading("Parts to bring"))
                blocks.append(.items(partList.map { "\($0.key) × \($0.value)" }))
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
            return RouteSheet(engineer: route.engineer, markdown: SheetBlock.markdown(blocks), html: SheetBlock.html(blocks), json: json)
        }
    }
}

/// A piece of a route sheet, rendered alike as Markdown and HTML.
enum SheetBlock {
    case title(String)
    /// A bold label and its text.
    case paragraph(String, String)
    case heading(String)
    case items([String])

    static func markdown(_ blocks: [SheetBlock]) -> String {
        blocks.map { block in
            switch block {
            case .title(let text): return "# \(text)\n"
            case .paragraph(let label, let text): return "\n**\(label)** \(text)\n"
            case .heading(let text): return "\n## \(text)\n"
            case .items(let items): return "\n" + items.map { "- \($0)\n" }.joined()
            }
        }.joined()
    }

    static func html(_ blocks: [SheetBlock]) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var title = ""
        let body = blocks.map { block -> String in
            switch block {
            case .title(let text):
                title = text
                return "<h1>\(escape(text))</h1>\n"
            case .paragraph(let label, let text): return "<p><b>\(escape(label))</b> \(escape(text))</p>\n"
            case .heading(let text): return "<h2>\(escape(text))</h2>\n"
            case .items(let items): return "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            }
        }.joined()
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
              body { font: 11pt/1.4 sans-serif; margin: 1.5em; max-width: 48em; }
              h1 { font-size: 15pt; margin: 0 0 .5em; }
              h2 { font-size: 12pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #999; break-after: avoid; }
              ul { margin: .2em 0; padding-left: 1.2em; }
              @media print { body { margin: 0; } ul { break-inside: avoid; } }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
