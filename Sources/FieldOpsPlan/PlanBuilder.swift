import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// Turns a solver's routes into the day's plan: times each route (leaving as early as
/// possible), and gives every ticket that is in no route its place: deferred with the
/// reason it can wait, unassigned with a reason a dispatcher can act on, or its triage.
public struct PlanBuilder: Sendable {
    /// The problem the solution solves.
    public let problem: PlanningProblem
    /// A re-planned trip's nights before the re-plan, by engineer id (from the previous plan).
    public var previousNights: [String: [Night]] = [:]
    /// When each engineer's previous trip planned to be home, by engineer id: kept for a
    /// trip with nothing new to do (the way home may rest overnight on the road).
    public var previousEnds: [String: Date] = [:]

    /// Creates a builder.
    public init(problem: PlanningProblem) {
        self.problem = problem
    }

    /// The plan for `solution`.
    public func plan(_ solution: Solution) -> Plan {
        let p = problem
        var routes: [Route] = []
        var routed = Set<String>()
        for (e, visits) in solution.routes.enumerated() {
            let shift = p.shifts[e]
            guard !visits.isEmpty || !shift.locked.isEmpty else { continue }
            let route = p.isMultiDay ? timedTrip(engineer: e, visits: visits) ?? timedRoute(engineer: e, visits: visits)
                                     : timedRoute(engineer: e, visits: visits)
            routes.append(route)
            for stop in route.stops { routed.insert(stop.ticket) }
        }

        var deferred: [Deferred] = p.deferredUpfront.map {
            Deferred(ticket: p.triage[$0.visitTicket].ticket.id, deadline: $0.deadline, reason: $0.reason)
        }
        var unassigned: [Unassigned] = []
        let visitOfTicket = p.visitOfTicket
        let deferredUpfront = Set(p.deferredUpfront.map(\.visitTicket))
        var triage: [TriageEntry] = []
        for (i, result) in p.triage.enumerated() {
            let id = result.ticket.id
            guard !routed.contains(id), !deferredUpfront.contains(i) else { continue }
            guard result.outcome.needsVisit else {
                triage.append(TriageEntry(ticket: id, mode: result.outcome.rawValue, rule: result.rule, note: result.note))
                continue
            }
            guard let v = visitOfTicket[i] else {
                unassigned.append(Unassigned(ticket: id, reason: windowOverReason(result)))
                continue
            }
            let visit = p.visits[v]
            switch visit.visitClass {
            case .flexibleRepair:
                deferred.append(Deferred(ticket: id, deadline: result.deadline, reason: p.laterDay[v] ?? (result.deadline == nil ? "flexible work with no promised deadline: waits for a day with room" : "can wait for a later day")))
            case .flexibleInstallation:
                deferred.append(Deferred(ticket: id, deadline: nil,
                                         reason: "today's capacity went to repairs; the window stays open until \(result.windowEnd.map(Timestamp.short) ?? "later")"))
            case .inspection:
                deferred.append(Deferred(ticket: id, deadline: nil,
                                         reason: "inspections give way to repairs; due any day until \(result.windowEnd.map(Timestamp.short) ?? "the quarter's end")"))
            case .urgent, .closingToday:
                unassigned.append(Unassigned(ticket: id, reason: reason(for: v)))
            }
        }

        var summary = PlanSummary()
        summary.tickets = p.triage.count
        summary.onSite = p.triage.filter { $0.outcome.needsVisit }.count
        for route in routes {
            summary.planned += route.stops.count
            summary.late += route.stops.filter { $0.lateMinutes > 0 }.count
            summary.travelKm += route.travelKm
            summary.travelMinutes += route.travelMinutes
            summary.workMinutes += route.workMinutes
        }
        summary.onTime = summary.planned - summary.late
        summary.deferred = deferred.count
        summary.unassigned = unassigned.count
        let shiftMinutes = p.shifts.reduce(0) { total, shift in
            // Over several days, every working day's whole shift, as the validator counts them.
            if p.days > 1 { return total + shift.workingDays * p.engineers[shift.engineer].shiftMinutes }
            return total + (shift.unavailable == nil ? shift.end - shift.start : 0)
        }
        summary.utilisation = shiftMinutes > 0 ? Double(summary.workMinutes) / Double(shiftMinutes) : 0
        let report = solution.report
        var plan = Plan(plannedAt: p.at, horizonEnd: p.date(p.horizonEnd),
                        solver: .init(name: report.name, status: report.status, objective: Double(report.objective),
                                      bound: report.bound, gap: report.gap, seconds: report.seconds, fallbackReason: report.fallbackReason),
                        summary: summary, routes: routes, deferred: deferred, unassigned: unassigned, triage: triage)
        plan.days = p.days
        plan.nextShift = p.nextShift.map(p.date)
        plan.solver.boundReport = report.boundReport
        return plan
    }

    /// Engineer `e`'s trip over several days, timed by `TripTimer`: each visit's leg from
    /// the previous one (resting on the road, or at the site, overnight) or, after a night
    /// at home, from home the next morning; the nights in between; the way home.
    func timedTrip(engineer e: Int, visits: [Int]) -> Route? {
        let p = problem
        let shift = p.shifts[e]
        let engineer = p.engineers[e]
        if visits.isEmpty {
            // Nothing new after a re-plan: the engineer goes on home from the last visit, as
            // planned before, with the nights already spent.
            var route = timedRoute(engineer: e, visits: [])
            if let planned = previousEnds[engineer.id] { route.end.time = planned }
            route.nights = (previousNights[engineer.id] ?? []).filter { $0.from < route.end.time }
            return route
        }
        guard let calendar = shift.calendar, let trip = TripTimer.time(visits: visits, engineer: e, problem: p) else { return nil }
        var node = p.startNode(e)
        // A re-plan keeps the visits started before it, as they were, with their nights.
        var (startPoint, stops, km, minutes, work, prevID, prevCoordinate) = keptPart(engineer: e)
        let keptNights = previousNights[engineer.id] ?? []
        // Where the engineer is at each moment, for the nights: (from, to, coordinate or a leg).
        var events: [(start: Int, end: Int, at: Coordinate, leg: (from: Coordinate, to: Coordinate, departs: Int)?, ticket: String?)] = []
        var previousEnd = shift.availableFrom
        for step in trip.steps {
            let visit = p.visits[step.visit]
            let result = p.triage[visit.triageIndex]
            var depart: RoutePoint?
            if shift.departsElsewhere && node == p.startNode(e) {
                // The road already travelled towards the point of departure counts too.
                depart = RoutePoint(time: p.date(shift.availableFrom), coordinate: shift.from)
                let road = p.travel.leg(from: prevID, prevCoordinate, to: engineer.id + "@start", shift.from)
                km += road.km
                minutes += PlanningProblem.wholeMinutes(road.minutes)
            }
            if step.fromHome {
                // Home for the night: the way home, the night, then out again in the morning.
                let home = p.leg(node, p.endNode(e))
                km += home.km
                minutes += home.minutes
                events.append((previousEnd, step.depart, engineer.home, (p.coordinate(node), engineer.home, previousEnd), nil))
                depart = RoutePoint(time: p.date(step.depart), coordinate: engineer.home)
            }
            let from = step.fromHome ? p.endNode(e) : node
            let leg = p.leg(from, step.visit)
            events.append((step.depart, step.arrive, result.ticket.coordinate, (p.coordinate(from), result.ticket.coordinate, step.depart), visit.id))
            events.append((step.arrive, step.end, result.ticket.coordinate, nil, visit.id))
            stops.append(Stop(ticket: visit.id, arrive: p.date(step.arrive), start: p.date(step.start), end: p.date(step.end),
                              deadline: result.deadline, lateMinutes: result.deadline.map { PlanBuilder.lateMinutes(arrive: p.date(step.arrive), deadline: $0) } ?? 0,
                              legKm: leg.km, legMinutes: leg.minutes, depart: depart, mustToday: visit.visitClass <= .closingToday))
            km += leg.km
            minutes += leg.minutes
            work += visit.service
            previousEnd = step.end
            node = step.visit
        }
        let back = p.leg(node, p.endNode(e))
        km += back.km
        minutes += back.minutes
        events.append((previousEnd, trip.home, engineer.home, (p.coordinate(node), engineer.home, previousEnd), nil))
        // Each rest between shifts while the trip is under way: where the engineer is then.
        var nights: [Night] = []
        for k in 0..<(calendar.windows.count - 1) {
            let evening = calendar.windows[k].end, morning = calendar.windows[k + 1].start
            guard evening >= shift.availableFrom, evening < trip.home else { continue }
            guard let event = events.first(where: { $0.start <= evening && evening < $0.end }) else { continue }
            if let leg = event.leg {
                // On the road (or at home before setting out the next morning).
                let driven = calendar.work(at: evening) - calendar.work(at: leg.departs)
                if event.start == event.end || evening < leg.departs || (leg.from == engineer.home && driven == 0) {
                    nights.append(Night(from: p.date(evening), until: p.date(morning), place: .home, coordinate: engineer.home))
                } else if p.trips.overnightLongHaul, p.travel.model.isLongHaul(leg.from, leg.to) {
                    nights.append(Night(from: p.date(evening), until: p.date(morning), place: .transit, coordinate: leg.to, ticket: event.ticket))
                } else {
                    let point = Replan.pointOnTheWay(from: leg.from, to: leg.to, within: driven, model: p.travel.model)
                    nights.append(Night(from: p.date(evening), until: p.date(morning), place: point == engineer.home ? .home : .road, coordinate: point))
                }
            } else {
                nights.append(Night(from: p.date(evening), until: p.date(morning), place: .visit, coordinate: event.at, ticket: event.ticket))
            }
        }
        var route = Route(engineer: engineer.id, start: startPoint, stops: stops,
                          end: RoutePoint(time: p.date(trip.home), coordinate: engineer.home),
                          travelKm: km, travelMinutes: minutes, workMinutes: work)
        route.nights = keptNights.filter { $0.from < p.date(shift.availableFrom) } + nights
        return route
    }

    /// Where engineer `e`'s route sets out (a re-plan's kept start, or now) and the visits a
    /// re-plan keeps, as they were: their times stay, their legs are measured again, exactly
    /// as the validator measures them (the previous plan's km were rounded). With the km,
    /// travel and work minutes so far, and the place the next leg leaves from.
    private func keptPart(engineer e: Int)
        -> (start: RoutePoint, stops: [Stop], km: Double, minutes: Int, work: Int, prevID: String, prevCoordinate: Coordinate) {
        let p = problem
        let shift = p.shifts[e]
        let engineer = p.engineers[e]
        var startPoint = RoutePoint(time: p.date(shift.availableFrom), coordinate: shift.from)
        if let kept = shift.lockedStart { startPoint = RoutePoint(time: p.date(kept.time), coordinate: kept.coordinate) }
        var stops: [Stop] = []
        var km = 0.0, minutes = 0, work = 0
        let kept = Set(shift.locked.map(\.ticket))
        let lockedDeadlines = kept.isEmpty ? [:] : Dictionary(p.triage.filter { kept.contains($0.ticket.id) }.map { ($0.ticket.id, $0.deadline) },
                                                              uniquingKeysWith: { first, _ in first })
        var prevID = startPoint.coordinate == engineer.home ? engineer.id : engineer.id + "@start"
        var prevCoordinate = startPoint.coordinate
        for lockedStop in shift.locked {
            let deadline = lockedDeadlines[lockedStop.ticket] ?? nil
            let leg = p.travel.leg(from: prevID, prevCoordinate, to: lockedStop.ticket, lockedStop.coordinate)
            let legMinutes = PlanningProblem.wholeMinutes(leg.minutes)
            stops.append(Stop(ticket: lockedStop.ticket, arrive: p.date(lockedStop.arrive), start: p.date(lockedStop.start),
                              end: p.date(lockedStop.end), deadline: deadline,
                              lateMinutes: deadline.map { PlanBuilder.lateMinutes(arrive: p.date(lockedStop.arrive), deadline: $0) } ?? 0,
                              legKm: leg.km, legMinutes: legMinutes))
            stops[stops.count - 1].overrunMinutes = lockedStop.overrun
            km += leg.km
            minutes += legMinutes
            work += lockedStop.end - lockedStop.start
            prevID = lockedStop.ticket
            prevCoordinate = lockedStop.coordinate
        }
        return (startPoint, stops, km, minutes, work, prevID, prevCoordinate)
    }

    /// Engineer `e`'s route: locked stops as they were, then `visits`, leaving as early as possible.
    func timedRoute(engineer e: Int, visits: [Int]) -> Route {
        let p = problem
        let shift = p.shifts[e]
        let engineer = p.engineers[e]
        var (startPoint, stops, km, minutes, work, prevID, prevCoordinate) = keptPart(engineer: e)
        var node = p.startNode(e)
        var time = shift.availableFrom
        if visits.isEmpty, let last = shift.locked.last {
            // Nothing new: the engineer goes on home from the last visit, as planned before.
            let back = p.travel.leg(from: prevID, prevCoordinate, to: engineer.id, engineer.home)
            let backMinutes = PlanningProblem.wholeMinutes(back.minutes)
            return Route(engineer: engineer.id, start: startPoint, stops: stops,
                         end: RoutePoint(time: p.date(last.end + backMinutes), coordinate: engineer.home),
                         travelKm: km + back.km, travelMinutes: minutes + backMinutes, workMinutes: work)
        }
        for v in visits {
            let visit = p.visits[v]
            let leg = p.leg(node, v)
            let arrive = time + leg.minutes
            let start = max(arrive, visit.earliest)
            let result = p.triage[visit.triageIndex]
            var depart: RoutePoint?
            if shift.departsElsewhere && node == p.startNode(e) {
                // The road already travelled towards the point of departure counts too.
                depart = RoutePoint(time: p.date(time), coordinate: shift.from)
                let road = p.travel.leg(from: prevID, prevCoordinate, to: engineer.id + "@start", shift.from)
                km += road.km
                minutes += PlanningProblem.wholeMinutes(road.minutes)
            }
            stops.append(Stop(ticket: visit.id, arrive: p.date(arrive), start: p.date(start), end: p.date(start + visit.service),
                              deadline: result.deadline,
                              lateMinutes: result.deadline.map { PlanBuilder.lateMinutes(arrive: p.date(arrive), deadline: $0) } ?? 0,
                              legKm: leg.km, legMinutes: leg.minutes, depart: depart,
                              mustToday: visit.visitClass <= .closingToday))
            km += leg.km
            minutes += leg.minutes
            work += visit.service
            time = start + visit.service
            node = v
        }
        let back = p.leg(node, p.endNode(e))
        km += back.km
        minutes += back.minutes
        return Route(engineer: engineer.id, start: startPoint, stops: stops,
                     end: RoutePoint(time: p.date(time + back.minutes), coordinate: engineer.home),
                     travelKm: km, travelMinutes: minutes, workMinutes: work)
    }

    /// Whole minutes `arrive` lies past `deadline`, rounded up; 0 when on time.
    public static func lateMinutes(arrive: Date, deadline: Date) -> Int {
        let seconds = arrive.timeIntervalSince(deadline)
        return seconds <= 0 ? 0 : Int((seconds / 60).rounded(.up))
    }

    private func windowOverReason(_ result: TriageResult) -> String {
        if let end = result.windowEnd, end < problem.at {
            return "the booked window ended \(Timestamp.short(end)), before this plan: book a new one with the customer (D7)"
        }
        if let end = result.windowEnd, let latest = result.latestStart, latest < problem.at {
            return "the \(result.serviceMinutes) minutes on site no longer fit before the booked window ends \(Timestamp.short(end)) (booked_window: finish): book a new one with the customer (D7)"
        }
        return "cannot be planned today"
    }

    /// A reason a dispatcher can act on for visit `v` not being in any route.
    func reason(for v: Int) -> String {
        let p = problem
        let visit = p.visits[v]
        let result = p.triage[visit.triageIndex]
        let qualified = p.engineers.indices.filter { p.qualified($0, for: v) }
        if qualified.isEmpty {
            let held = Set(p.engineers.flatMap(\.skills))
            let missing = result.skills.filter { !held.contains($0) }
            if !missing.isEmpty { return "no engineer has skill \(missing.joined(separator: ";"))" }
            return "no engineer has all of \(result.skills.joined(separator: ";"))"
        }
        let working = qualified.filter { p.shifts[$0].unavailable == nil }
        let period = p.isMultiDay ? "in the \(p.days) days" : p.nextShift != nil ? "on the next shift" : "today"
        if working.isEmpty {
            let who = qualified.prefix(4).map { "\(p.engineers[$0].id) (\(p.shifts[$0].unavailable!))" }.joined(separator: ", ")
            return "no qualified engineer works \(period): \(who)"
        }
        if !p.candidates[v].isEmpty {
            let who = p.candidates[v].prefix(4).map { p.engineers[$0].id }.joined(separator: ", ")
            // Every candidate would be late: the objective, not the room, left it out.
            if let deadline = visit.deadline, !p.isMultiDay {
                let soonest = p.candidates[v].map { p.shifts[$0].availableFrom + p.leg(p.startNode($0), v).minutes }.min()!
                if soonest > deadline {
                    let late = soonest - deadline
                    return "\(who) could reach it only after its deadline \(Timestamp.short(p.date(deadline))), \(hours(late)) late at the soonest: "
                        + "under the objective \(p.objective.name) a late repair takes only room no visit on time needs, where it is worth its travel; "
                        + "one \(hours(late)) late is worth \(p.objective.value(visit, lateMinutes: late)) minutes of travel (plan --objective urgent-first plans late repairs first)"
                }
            }
            let due = result.deadline.map { ", deadline \(Timestamp.short($0))" } ?? ""
            return "qualified engineers' shifts are full: \(who) could reach it but have no room left \(period)\(due)"
        }
        if p.isMultiDay {
            return "no qualified engineer can reach it, serve it and be home within the \(p.days) days (nights away at most \(p.trips.maxNightsAway))"
                + (result.deadline.map { ", deadline \(Timestamp.short($0))" } ?? "")
        }
        // No one can reach it inside today's shift: say how close the nearest comes.
        let site = result.ticket.coordinate
        let nearest = working.min { a, b in
            let la = p.travel.model.greatCircleKm(p.shifts[a].from, site), lb = p.travel.model.greatCircleKm(p.shifts[b].from, site)
            return (la, a) < (lb, b)
        }!
        let shift = p.shifts[nearest]
        let engineer = p.engineers[nearest]
        let there = p.leg(p.startNode(nearest), v).minutes
        let back = p.leg(v, p.endNode(nearest)).minutes
        let arrive = shift.availableFrom + there
        let start = max(arrive, visit.earliest)
        let who = "nearest qualified engineer \(engineer.id) (\(engineer.baseLabel))"
        if start > visit.latest, let end = result.windowEnd {
            if result.windowRule == .finish {
                return "\(who) arrives \(Timestamp.short(p.date(arrive))) at the earliest, too late to finish the \(result.serviceMinutes) minutes on site by the booked window's end \(Timestamp.short(end)) (booked_window: finish)"
            }
            return "\(who) arrives \(Timestamp.short(p.date(arrive))) at the earliest, after the booked window ends \(Timestamp.short(end))"
        }
        let home = start + visit.service + back
        var text = "\(who) arrives \(Timestamp.short(p.date(arrive))) at the earliest"
        if let deadline = result.deadline { text += ", deadline \(Timestamp.short(deadline))" }
        text += "; back at base \(Timestamp.short(p.date(home))), after the shift ends \(Timestamp.short(p.date(shift.end)))"
        if start + visit.service <= shift.end, result.deadline.map({ p.date(arrive) <= $0 }) ?? true {
            // Only the way home is missing: a trip serves it today and stays out overnight.
            text += "; a trip serves it \(result.deadline == nil ? "" : "on time ")on \(Day(p.date(start))) with a night away (plan --days 2 or more)"
        }
        return text
    }
}
