import FieldOpsCore
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// For a customer on the phone now: the best few ways to fit their ticket into the day
/// as it is planned (`fieldops recommend`). Each engineer who could take it is tried at
/// every place in what is left of their route (visits already started stay); an option is
/// that engineer's best place, with the deadline it meets and what it pushes: the visits
/// it makes later, the ones it makes late, and the ones that no longer fit the shift.
public struct Recommendation: Sendable {
    /// A visit of the route that the new one moves.
    public struct Pushed: Sendable, Equatable {
        /// The ticket.
        public var ticket: String
        /// Its arrival without the new visit, and with it.
        public var before: Date
        /// Its arrival with the new visit.
        public var after: Date
        /// Minutes late with the new visit (0: still on time).
        public var lateMinutes: Int
        /// Whether it was on time without the new visit.
        public var wasOnTime: Bool
    }

    /// One way to fit the ticket in.
    public struct Option: Sendable {
        /// The engineer.
        public var engineer: String
        /// Arrival, start and end of the new visit.
        public var arrive: Date
        /// Start of work (the arrival, or the booked window's start).
        public var start: Date
        /// End of work.
        public var end: Date
        /// Minutes past the deadline at arrival (0: on time).
        public var lateMinutes: Int
        /// The visit before it and after it on the route (`nil`: from the start, or home next).
        public var after: String?
        /// The visit after it.
        public var before: String?
        /// Travel minutes the route gains.
        public var addedTravelMinutes: Int
        /// Visits the new one makes later, in route order.
        public var pushed: [Pushed]
        /// Visits that no longer fit the shift with the new one in, and would go to
        /// someone else or another day.
        public var dropped: [String]

        /// Visits that were on time and would be late.
        public var madeLate: [Pushed] { pushed.filter { $0.wasOnTime && $0.lateMinutes > 0 } }
    }

    /// The ticket asked about.
    public var ticket: String
    /// Its triage now.
    public var triage: TriageResult
    /// The moment of asking.
    public var at: Date
    /// The best options, best first: on time before late, then pushing out no visit,
    /// making none late, least lateness, least added travel, earliest arrival.
    public var options: [Option]
    /// Engineers tried (qualified and working).
    public var engineersTried: Int
    /// Why there is no option, when there is none.
    public var reason: String?
}

extension Recommendation {
    /// The options for ticket `id` of `request.tickets` against `request.previous` (the
    /// plan as it stands; without one, every engineer is free from `request.at`), at most
    /// `count`, one per engineer. Fails as `plan --previous` does on a plan that does not
    /// fit, or when the ticket has already been started.
    public static func make(ticket id: String, request: PlanningRequest, count: Int = 3) throws(InputError) -> Recommendation {
        var request = request
        // The previous plan's events stay in force (an engineer off, a ticket cancelled).
        let applied = try AppliedEvents(request)
        request.tickets = applied.tickets
        guard request.tickets.contains(where: { $0.id == id }) else {
            throw InputError(file: "command line", field: "--id", "no ticket '\(id)' in the tickets file" + (applied.cancelled.contains(id) ? " (cancelled by an event of the previous plan)" : ""))
        }
        let triage = request.triage.run(request.tickets, at: request.at)
        let result = triage.first { $0.ticket.id == id }!
        var out = Recommendation(ticket: id, triage: result, at: request.at, options: [], engineersTried: 0)
        guard result.outcome.needsVisit else {
            out.reason = "needs no visit: \(result.outcome.label) (\(result.rule)): \(result.note)"
            return out
        }
        let locked = try PlanningPipeline.locked(for: request)
        if let engineer = locked.first(where: { $0.value.stops.contains { $0.ticket == id } })?.key {
            throw InputError(file: "command line", field: "--id", "\(engineer) is already on '\(id)' in the previous plan (started, or on the way by rail or air)")
        }
        let problem = PlanningProblem(triage: triage, engineers: request.engineers, travel: request.travel, at: request.at, locked: locked,
                                      trips: request.triage.policy.trips, events: applied.day)
        guard let v = problem.visits.firstIndex(where: { $0.id == id }) else {
            let upfront = problem.deferredUpfront.first { problem.triage[$0.visitTicket].ticket.id == id }
            out.reason = upfront.map { "not today: \($0.reason)" } ?? "its booked window is over: book a new one with the customer (D7)"
            return out
        }
        let visitOf = Dictionary(uniqueKeysWithValues: problem.visits.enumerated().map { ($1.id, $0) })
        var routeOf: [String: [Int]] = [:]
        for route in request.previous?.routes ?? [] {
            routeOf[route.engineer] = route.stops.compactMap { visitOf[$0.ticket] }.filter { $0 != v }
        }
        var options: [(key: [Int], option: Option)] = []
        for (e, shift) in problem.shifts.enumerated() where shift.unavailable == nil && shift.calendar == nil && problem.qualified(e, for: v) {
            out.engineersTried += 1
            let route = routeOf[problem.engineers[e].id] ?? []
            let base = Timing(problem: problem, engineer: e, visits: route)
            var best: (key: [Int], option: Option)?
            for position in 0...route.count {
                var visits = route
                visits.insert(v, at: position)
                let timing = Timing(problem: problem, engineer: e, visits: visits)
                guard let mine = timing.stops.first(where: { $0.visit == v }) else { continue }
                let dropped = route.filter { u in !timing.stops.contains { $0.visit == u } && base.stops.contains { $0.visit == u } }
                var pushed: [Pushed] = []
                for stop in timing.stops where stop.visit != v {
                    guard let was = base.stops.first(where: { $0.visit == stop.visit }), stop.arrive > was.arrive else { continue }
                    pushed.append(Pushed(ticket: problem.visits[stop.visit].id, before: problem.date(was.arrive), after: problem.date(stop.arrive),
                                         lateMinutes: stop.late, wasOnTime: was.late == 0))
                }
                let index = timing.stops.firstIndex { $0.visit == v }!
                let option = Option(engineer: problem.engineers[e].id, arrive: problem.date(mine.arrive), start: problem.date(mine.start),
                                    end: problem.date(mine.start + problem.visits[v].service), lateMinutes: mine.late,
                                    after: index > 0 ? problem.visits[timing.stops[index - 1].visit].id : shift.locked.last?.ticket,
                                    before: index + 1 < timing.stops.count ? problem.visits[timing.stops[index + 1].visit].id : nil,
                                    addedTravelMinutes: timing.travel - base.travel, pushed: pushed,
                                    dropped: dropped.map { problem.visits[$0].id })
                let key = [mine.late > 0 ? 1 : 0, dropped.count, option.madeLate.count, mine.late, option.addedTravelMinutes, mine.arrive, e]
                if let best, best.key.lexicographicallyPrecedes(key) || best.key == key { continue }
                best = (key, option)
            }
            if let best { options.append(best) }
        }
        options.sort { $0.key.lexicographicallyPrecedes($1.key) }
        out.options = options.prefix(max(0, count)).map(\.option)
        if out.options.isEmpty {
            out.reason = out.engineersTried == 0
                ? "no engineer with the skills (\(result.skills.joined(separator: ", "))) works today"
                : "none of the \(out.engineersTried) qualified engineers working today can fit it in and be home by the end of their shift"
        }
        return out
    }
}

/// A route timed from where the engineer is free, leaving as early as possible: a visit
/// whose window has closed by the time the engineer gets there is skipped, and visits
/// are dropped from the end until the engineer is home by the end of the shift.
private struct Timing {
    struct Stop {
        var visit: Int
        var arrive: Int
        var start: Int
        var late: Int
    }

    var stops: [Stop] = []
    var travel = 0

    init(problem p: PlanningProblem, engineer e: Int, visits: [Int]) {
        var kept = visits
        while true {
            let (stops, travel, home) = Timing.time(p, e, kept)
            if home <= p.shifts[e].end || stops.isEmpty {
                self.stops = home <= p.shifts[e].end ? stops : []
                self.travel = travel
                return
            }
            // Not home in time: the last visit timed goes (and any skipped ones with it).
            let last = stops.last!.visit
            kept = Array(kept.prefix { $0 != last })
        }
    }

    static func time(_ p: PlanningProblem, _ e: Int, _ visits: [Int]) -> (stops: [Stop], travel: Int, home: Int) {
        var node = p.startNode(e), clock = p.shifts[e].availableFrom, travel = 0
        var stops: [Stop] = []
        for v in visits {
            let leg = p.minutes(node, v)
            let arrive = clock + leg
            let visit = p.visits[v]
            let start = max(arrive, visit.earliest)
            guard start <= visit.latest else { continue }
            travel += leg
            stops.append(Stop(visit: v, arrive: arrive, start: start, late: visit.deadline.map { max(0, arrive - $0) } ?? 0))
            clock = start + visit.service
            node = v
        }
        let back = p.minutes(node, p.endNode(e))
        return (stops, travel + back, clock + back)
    }
}

extension Recommendation {
    /// The options for the dispatcher on the phone: the ticket, then each option with
    /// its arrival, the deadline it meets, where it goes in the route and what it pushes.
    public func text(engineers: [Engineer]) -> String {
        let byID = Dictionary(engineers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let today = Day(at)
        func clock(_ d: Date) -> String { Timestamp.clock(d, on: today) }
        let t = triage.ticket
        var head = "FieldOps recommend · \(ticket) · \(t.placeLabel) · \(triage.workLabel)"
        if let deadline = triage.deadline { head += " · deadline \(Timestamp.short(deadline))" }
        if let w = triage.windowStart { head += " · booked \(Timestamp.short(w))" + (triage.windowEnd.map { "–" + clock($0) } ?? "") }
        var out = head + " · at \(Timestamp.short(at))\n"
        if let reason { return out + "No option: \(reason)\n" }
        for (i, o) in options.enumerated() {
            let e = byID[o.engineer]
            let name = [o.engineer, e?.name, e?.extras["phone"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            var line = "\(i + 1). \(name) · arrive \(clock(o.arrive))"
            if o.start != o.arrive { line += ", start \(clock(o.start))" }
            line += ", done \(clock(o.end))"
            if let deadline = triage.deadline {
                line += o.lateMinutes > 0 ? " · LATE \(hours(o.lateMinutes)) (deadline \(clock(deadline)))"
                    : " · on time, \(hours(Int(deadline.timeIntervalSince(o.arrive) / 60))) before the deadline"
            }
            let travel = o.addedTravelMinutes >= 0 ? "+\(hours(o.addedTravelMinutes))" : "−\(hours(-o.addedTravelMinutes))"
            line += " · " + (o.after.map { "after \($0)" } ?? "first") + (o.before.map { ", before \($0)" } ?? ", last") + " · \(travel) travel\n"
            var effects: [String] = []
            for p in o.pushed {
                let by = Int(p.after.timeIntervalSince(p.before) / 60)
                effects.append("\(p.ticket) +\(hours(by))" + (p.lateMinutes > 0 ? (p.wasOnTime ? " (now LATE \(hours(p.lateMinutes)))" : " (late already)") : ""))
            }
            for d in o.dropped { effects.append("\(d) out (no longer fits the shift: re-plan it)") }
            out += line + "   " + (effects.isEmpty ? "pushes nothing" : "pushes " + effects.joined(separator: ", ")) + "\n"
        }
        return out + "\(options.count) of the \(engineersTried) qualified engineers working today shown, best first (on time, nothing pushed out or made late, least travel, earliest).\n"
    }

    /// The same, as JSON for an app.
    public func json(engineers: [Engineer]) -> JSONValue {
        let names = Dictionary(engineers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func time(_ d: Date?) -> JSONValue { .optional(d.map(Timestamp.format)) }
        return .object([
            ("ticket", .string(ticket)),
            ("at", time(at)),
            ("deadline", time(triage.deadline)),
            ("window_start", time(triage.windowStart)),
            ("window_end", time(triage.windowEnd)),
            ("engineers_tried", .int(engineersTried)),
            ("reason", .optional(reason)),
            ("options", .array(options.map { o in
                .object([
                    ("engineer", .string(o.engineer)), ("engineer_name", .optional(names[o.engineer])),
                    ("arrive", time(o.arrive)), ("start", time(o.start)), ("end", time(o.end)),
                    ("late_minutes", .int(o.lateMinutes)), ("after", .optional(o.after)), ("before", .optional(o.before)),
                    ("added_travel_minutes", .int(o.addedTravelMinutes)),
                    ("pushed", .array(o.pushed.map { p in
                        .object([("ticket", .string(p.ticket)), ("arrive_before", time(p.before)), ("arrive_after", time(p.after)),
                                 ("late_minutes", .int(p.lateMinutes)), ("was_on_time", .bool(p.wasOnTime))])
                    })),
                    ("made_late", .int(o.madeLate.count)),
                    ("dropped", .array(o.dropped.map { .string($0) })),
                ])
            })),
        ])
    }
}
