import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation
import Mustache

/// The plan as one self-contained HTML page for a dispatcher to look at: a map of China
/// drawn from the gazetteer's own points with every route, base and unplaced ticket; a
/// Gantt of each engineer's day (travel, waiting, work coloured by slack to the
/// deadline, late visits unmistakable); the summary and the tables of deferred and
/// unassigned tickets with their reasons. No network: styles, drawings and the little
/// script that shows details on click are all inline.
public struct PlanReport: Sendable {
    /// The plan.
    public var plan: Plan
    /// The tickets it was made from (for sites and places).
    public var tickets: [Ticket]
    /// The engineers (for bases, names and shifts).
    public var engineers: [Engineer]
    /// The gazetteer: its points draw the map.
    public var gazetteer: Gazetteer

    /// Creates a report.
    public init(plan: Plan, tickets: [Ticket], engineers: [Engineer], gazetteer: Gazetteer) {
        self.plan = plan
        self.tickets = tickets
        self.engineers = engineers
        self.gazetteer = gazetteer
    }

    // MARK: Geometry

    static let mapWidth = 900.0, mapHeight = 640.0
    static let lonRange = (73.0, 135.5), latRange = (17.5, 54.0)

    /// Equirectangular, compressed east-west by the cosine of 36°N, fitted to the frame.
    static func project(_ c: Coordinate) -> (x: Double, y: Double) {
        let squeeze = cos(36 * Double.pi / 180)
        let spanX = (lonRange.1 - lonRange.0) * squeeze, spanY = latRange.1 - latRange.0
        let scale = min((mapWidth - 20) / spanX, (mapHeight - 20) / spanY)
        return (10 + (c.lon - lonRange.0) * squeeze * scale, 10 + (latRange.1 - c.lat) * scale)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// An engineer's colour: hues spread by the golden angle, so neighbours differ.
    static func colour(_ i: Int) -> String { "hsl(\(Int((Double(i) * 137.508).truncatingRemainder(dividingBy: 360))), 70%, 42%)" }

    /// A visit's colour by its slack to the deadline.
    static func slackClass(_ stop: Stop) -> (css: String, text: String) {
        if stop.lateMinutes > 0 { return ("late", "LATE by \(hours(stop.lateMinutes))") }
        guard let deadline = stop.deadline else { return ("nodeadline", "no deadline (booked or flexible work)") }
        let slack = Int(deadline.timeIntervalSince(stop.arrive) / 60)
        let text = "slack \(hours(slack)) before the deadline"
        if slack < 60 { return ("tight", text) }
        if slack < 240 { return ("close", text) }
        return ("easy", text)
    }

    static func hours(_ minutes: Int) -> String { String(format: "%d h %02d", minutes / 60, minutes % 60) }

    /// A row's other columns (a ticket's customer, contact, phone, fault, serial…; an
    /// engineer's phone…) for a tooltip or a table cell: the customer and how to reach
    /// them first, then the rest by name.
    static func columns(_ extras: [String: String]) -> String {
        let first = ["customer", "contact", "phone", "address", "fault", "model", "serial"]
        let ordered = first.compactMap { key in extras[key].map { (key, $0) } }
            + extras.filter { !first.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return ordered.filter { !$0.1.isEmpty }.map { "\($0.0) \($0.1)" }.joined(separator: " · ")
    }

    // MARK: The page

    /// The page.
    public func html() -> String {
        let ticketByID = Dictionary(tickets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let engineerIndex = Dictionary(engineers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func time(_ d: Date) -> String { String(Timestamp.format(d).dropFirst(11).prefix(5)) }
        func dayTime(_ d: Date) -> String { Timestamp.short(d) }
        // Every ticket and engineer column rides along in the details.
        func details(_ ticket: String) -> String {
            let text = PlanReport.columns(ticketByID[ticket]?.extras ?? [:])
            return text.isEmpty ? "" : " · " + text
        }

        // The map: the gazetteer's places as a faint silhouette, then routes, bases, tickets.
        let places = gazetteer.places.compactMap { $0.coordinate.map(PlanReport.project) }
            .map { ["x": PlanReport.f($0.x), "y": PlanReport.f($0.y)] }
        var mapRoutes: [[String: Any]] = []
        var mapStops: [[String: Any]] = []
        for route in plan.routes {
            let colour = PlanReport.colour(engineerIndex[route.engineer] ?? 0)
            var points = [PlanReport.project(route.start.coordinate)]
            for (i, stop) in route.stops.enumerated() {
                let site = ticketByID[stop.ticket]?.coordinate ?? route.end.coordinate
                let p = PlanReport.project(site)
                points.append(p)
                let slack = PlanReport.slackClass(stop)
                let place = ticketByID[stop.ticket]?.placeLabel ?? ""
                mapStops.append(["x": PlanReport.f(p.x), "y": PlanReport.f(p.y), "css": slack.css, "colour": colour,
                                 "info": "\(stop.ticket) · \(place) · \(route.engineer) stop \(i + 1): arrive \(dayTime(stop.arrive)), work \(time(stop.start))–\(time(stop.end))"
                                     + (stop.deadline.map { ", deadline \(dayTime($0))" } ?? "") + " · \(slack.text)" + details(stop.ticket)])
            }
            points.append(PlanReport.project(route.end.coordinate))
            mapRoutes.append(["colour": colour, "points": points.map { "\(PlanReport.f($0.x)),\(PlanReport.f($0.y))" }.joined(separator: " "),
                              "info": "\(route.engineer): \(route.stops.count) visits, \(String(format: "%.1f", route.travelKm)) km, \(PlanReport.hours(route.travelMinutes)) driving, \(PlanReport.hours(route.workMinutes)) on site"])
        }
        let bases: [[String: Any]] = engineers.enumerated().map { i, e in
            let p = PlanReport.project(e.home)
            return ["x": PlanReport.f(p.x - 4), "y": PlanReport.f(p.y - 4), "colour": PlanReport.colour(i),
                    "info": "\(e.id) \(e.name) · base \(e.baseLabel) · \(e.shiftStart)–\(e.shiftEnd) · \(e.skills.joined(separator: ", "))"
                        + (e.extras.isEmpty ? "" : " · " + PlanReport.columns(e.extras))]
        }
        func marks(_ ids: [(String, String)]) -> [[String: Any]] {
            ids.compactMap { id, reason in
                guard let t = ticketByID[id] else { return nil }
                let p = PlanReport.project(t.coordinate)
                return ["x1": PlanReport.f(p.x - 4), "x2": PlanReport.f(p.x + 4), "y1": PlanReport.f(p.y - 4), "y2": PlanReport.f(p.y + 4),
                        "x": PlanReport.f(p.x), "y": PlanReport.f(p.y), "info": "\(id) · \(t.placeLabel) · \(reason)" + details(id)]
            }
        }
        let unassignedMarks = marks(plan.unassigned.map { ($0.ticket, "unassigned: " + $0.reason) })
        let deferredMarks = marks(plan.deferred.map { ($0.ticket, "deferred: " + $0.reason) })

        // The Gantt: one row per engineer over the day's span.
        let routeByEngineer = Dictionary(plan.routes.map { ($0.engineer, $0) }, uniquingKeysWith: { a, _ in a })
        // After today's shifts the plan works the next ones: draw that day's shifts.
        let day = Day(plan.nextShift ?? plan.plannedAt)
        var earliest = plan.routes.map(\.start.time).min() ?? plan.plannedAt
        var latest = plan.routes.map(\.end.time).max() ?? plan.horizonEnd
        for e in engineers where !e.off.contains(day) {
            earliest = min(earliest, day.start.addingTimeInterval(Double(e.shiftStart.minutes) * 60))
            latest = max(latest, day.start.addingTimeInterval(Double(e.shiftStart.minutes + e.shiftMinutes) * 60))
        }
        let spanStart = Date(timeIntervalSince1970: (earliest.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let spanEnd = Date(timeIntervalSince1970: max(spanStart.timeIntervalSince1970 + 3600, (latest.timeIntervalSince1970 / 3600).rounded(.up) * 3600))
        let label = 150.0, chartW = 1100.0, rowH = 22.0, top = 28.0
        let perSecond = (chartW - label - 10) / spanEnd.timeIntervalSince(spanStart)
        func gx(_ d: Date) -> Double { label + max(0, d.timeIntervalSince(spanStart)) * perSecond }
        var rows: [[String: Any]] = []
        for (i, e) in engineers.enumerated() {
            let y = top + Double(i) * rowH
            var bars: [[String: Any]] = []
            func bar(_ from: Date, _ to: Date, _ css: String, _ info: String, text: String = "") {
                guard to > from else { return }
                bars.append(["x": PlanReport.f(gx(from)), "w": PlanReport.f(max(1, gx(to) - gx(from))), "css": css, "info": info,
                             "text": text, "hasText": !text.isEmpty, "labelCss": css.hasSuffix("late") ? "bar-label late-label" : "bar-label",
                             "tx": PlanReport.f(gx(from) + 3)])
            }
            // Each day's shift, for every day the plan covers.
            var shifts: [[String: Any]] = []
            for d in 0..<max(1, plan.days) where !e.off.contains(day.adding(days: d)) {
                let s = day.start.addingTimeInterval(Double(e.shiftStart.minutes + d * minutesPerDay) * 60)
                let end = s.addingTimeInterval(Double(e.shiftMinutes) * 60)
                guard s < spanEnd else { continue }
                shifts.append(["shiftX": PlanReport.f(gx(s)), "shiftW": PlanReport.f(gx(min(end, spanEnd)) - gx(s))])
            }
            let shift: [String: Any] = ["shifts": shifts]
            if let route = routeByEngineer[e.id] {
                var legs = 0
                for stop in route.stops {
                    legs += stop.legMinutes
                    let slack = PlanReport.slackClass(stop)
                    let place = ticketByID[stop.ticket]?.placeLabel ?? ""
                    bar(stop.arrive.addingTimeInterval(-Double(stop.legMinutes) * 60), stop.arrive, "travel",
                        "\(e.id) drives \(PlanReport.hours(stop.legMinutes)), \(String(format: "%.1f", stop.legKm)) km to \(stop.ticket) (\(place))")
                    bar(stop.arrive, stop.start, "wait", "\(e.id) waits at \(stop.ticket) until \(time(stop.start))")
                    bar(stop.start, stop.end, "work " + slack.css,
                        "\(stop.ticket) · \(place) · work \(time(stop.start))–\(time(stop.end))" + (stop.deadline.map { ", deadline \(dayTime($0))" } ?? "") + " · \(slack.text)" + details(stop.ticket),
                        text: stop.lateMinutes > 0 ? "LATE " + stop.ticket : stop.ticket)
                }
                for night in route.nights {
                    let place = night.place == .visit ? "at \(night.ticket.flatMap { ticketByID[$0]?.placeLabel } ?? "a site")"
                        : night.place == .road ? "on the road"
                        : night.place == .transit ? "by rail or air" : "at home"
                    bar(night.from, night.until, "night", "\(e.id) rests \(place), \(dayTime(night.from))–\(dayTime(night.until))")
                }
                let home = max(0, route.travelMinutes - legs)
                bar(route.end.time.addingTimeInterval(-Double(home) * 60), route.end.time, "travel", "\(e.id) drives home, \(PlanReport.hours(home))")
            }
            let status = e.off.contains(day) ? "off today" : routeByEngineer[e.id].map { "\($0.stops.count) visit\($0.stops.count == 1 ? "" : "s")" } ?? "no visits"
            rows.append(shift.merging(["y": PlanReport.f(y), "textY": PlanReport.f(y + 15), "barY": PlanReport.f(y + 3), "name": "\(e.id) \(e.name)",
                                       "status": status, "bars": bars, "colour": PlanReport.colour(i)]) { a, _ in a })
        }
        var hourTicks: [[String: Any]] = []
        var tick = spanStart
        let stepHours = spanEnd.timeIntervalSince(spanStart) > 30 * 3600 ? 4.0 : 2.0
        while tick <= spanEnd {
            hourTicks.append(["x": PlanReport.f(gx(tick)), "label": plan.days > 1 && time(tick) == "00:00" ? dayTime(tick) : time(tick)])
            tick = tick.addingTimeInterval(stepHours * 3600)
        }
        let nowX = gx(plan.plannedAt)
        let s = plan.summary
        let figures: [[String: Any]] = [
            ["label": "visits planned", "value": "\(s.planned) of \(s.onSite)"], ["label": "on time", "value": "\(s.onTime)"],
            ["label": "late", "value": "\(s.late)", "alert": s.late > 0], ["label": "deferred", "value": "\(s.deferred)"],
            ["label": "unassigned", "value": "\(s.unassigned)", "alert": s.unassigned > 0],
            ["label": "travel", "value": String(format: "%.0f km, %@", s.travelKm, PlanReport.hours(s.travelMinutes))],
            ["label": "on site", "value": PlanReport.hours(s.workMinutes)], ["label": "utilisation", "value": String(format: "%.0f%%", s.utilisation * 100)],
        ]
        func table(_ items: [(String, Date?, String)]) -> [[String: Any]] {
            items.map { id, deadline, reason in
                let t = ticketByID[id]
                return ["ticket": id, "place": t?.placeLabel ?? "", "deadline": deadline.map(dayTime) ?? "", "reason": reason,
                        "details": PlanReport.columns(t?.extras ?? [:])]
            }
        }
        let solver = plan.solver
        var solverText = "\(solver.name), \(solver.status)"
        if let gap = solver.gap { solverText += String(format: ", gap %.1f%%", gap * 100) }
        if let reason = solver.fallbackReason { solverText += " (fell back to greedy: \(reason))" }
        if let sentence = plan.boundSentence { solverText += ". " + sentence }
        let context: [String: Any] = [
            "plannedAt": Timestamp.format(plan.plannedAt), "solver": solverText, "figures": figures,
            "hasNextShift": plan.nextShift != nil, "nextShift": plan.nextShift.map(Timestamp.short) ?? "",
            "mapWidth": Int(PlanReport.mapWidth), "mapHeight": Int(PlanReport.mapHeight), "places": places,
            "routes": mapRoutes, "stops": mapStops, "bases": bases, "unassigned": unassignedMarks, "deferred": deferredMarks,
            "ganttWidth": Int(chartW), "ganttHeight": Int(top + Double(engineers.count) * rowH + 10), "rows": rows, "hours": hourTicks,
            "labelX": label, "rowRight": chartW - 10, "axisBottom": top + Double(engineers.count) * rowH,
            "nowX": PlanReport.f(nowX), "showNow": nowX > label,
            "deferredRows": table(plan.deferred.map { ($0.ticket, $0.deadline, $0.reason) }), "deferredCount": plan.deferred.count,
            "unassignedCount": plan.unassigned.count,
            "unassignedRows": table(plan.unassigned.map { ($0.ticket, nil, $0.reason) }),
            "expected": "{\"routes\": \(plan.routes.count), \"stops\": \(plan.routes.reduce(0) { $0 + $1.stops.count }), \"engineers\": \(engineers.count), \"unassigned\": \(unassignedMarks.count)}",
        ]
        return PlanReport.template.render(context)
    }

    /// The page's template (Mustache: markup here, every value from `html()`, escaped).
    static let template: MustacheTemplate = {
        do { return try MustacheTemplate(string: planReportTemplate) } catch {
            preconditionFailure("the report template does not parse: \(error)")
        }
    }()
}
