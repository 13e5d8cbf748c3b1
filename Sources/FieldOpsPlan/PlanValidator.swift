import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// An independent check of any plan against the tickets, the engineers, the policy and
/// the travel model: it re-derives every figure from the inputs and reports each
/// difference, whichever solver wrote the plan.
public struct PlanValidator: Sendable {
    /// The triage at the plan's time (deadlines, windows, skills, minutes on site).
    public let triage: [TriageResult]
    /// The engineers.
    public let engineers: [Engineer]
    /// Travel between places.
    public let travel: Travel

    /// The limits of trips, for plans over several days (nights away, rest).
    public var trips = TripRules()

    /// Creates a validator; `triage` must be the triage at the plan's `planned_at`.
    public init(triage: [TriageResult], engineers: [Engineer], travel: Travel, trips: TripRules = TripRules()) {
        self.triage = triage
        self.engineers = engineers
        self.travel = travel
        self.trips = trips
    }

    /// How much of a plan to check.
    public enum Scope: Sendable {
        /// Everything: every ticket exactly once, every route, every figure.
        case complete
        /// The visits already started, as a re-plan keeps them (`--previous`, with the
        /// routes cut after their started stops): engineers, one route each, skills,
        /// shifts, arrivals, times on site; not the lists, the way home or the totals,
        /// which the re-plan rewrites.
        case started
    }

    /// Every way the plan breaks the rules or misstates a figure; empty when it is valid.
    public func violations(of plan: Plan, scope: Scope = .complete) -> [String] {
        let complete = scope == .complete
        var out: [String] = []
        let byID = Dictionary(uniqueKeysWithValues: triage.map { ($0.ticket.id, $0) })
        let engineerByID = Dictionary(uniqueKeysWithValues: engineers.map { ($0.id, $0) })

        // Every ticket exactly once, in the right list.
        var seen: [String: String] = [:]
        func place(_ ticket: String, _ where_: String) {
            if byID[ticket] == nil { out.append("\(where_): ticket \(ticket) is not in the tickets file"); return }
            if let first = seen[ticket] { out.append("\(where_): ticket \(ticket) appears again (first in \(first))"); return }
            seen[ticket] = where_
        }
        for (i, r) in plan.routes.enumerated() { for (j, s) in r.stops.enumerated() { place(s.ticket, "routes[\(i)].stops[\(j)]") } }
        for (i, d) in plan.deferred.enumerated() where complete { place(d.ticket, "deferred[\(i)]") }
        for (i, u) in plan.unassigned.enumerated() where complete { place(u.ticket, "unassigned[\(i)]") }
        // Tickets an event of the plan cancelled: listed once, as cancelled, in no route.
        let cancelled = Set(plan.events.compactMap { event -> String? in
            if case let .cancelled(id) = event { return id } else { return nil }
        })
        for (i, r) in plan.routes.enumerated() {
            for (j, s) in r.stops.enumerated() where cancelled.contains(s.ticket) {
                out.append("routes[\(i)].stops[\(j)]: ticket \(s.ticket) is cancelled by an event of the plan")
            }
        }
        for (i, t) in plan.triage.enumerated() where complete {
            place(t.ticket, "triage[\(i)]")
            if t.mode == TriageEntry.cancelled {
                if !cancelled.contains(t.ticket) { out.append("triage[\(i)]: ticket \(t.ticket) is listed as cancelled, but no event of the plan cancels it") }
                continue
            }
            if let r = byID[t.ticket] {
                if r.outcome.needsVisit { out.append("triage[\(i)]: ticket \(t.ticket) needs a visit (\(r.outcome.rawValue)); it belongs in a route, deferred or unassigned") }
                else if t.mode != r.outcome.rawValue { out.append("triage[\(i)]: ticket \(t.ticket) is \(r.outcome.rawValue) (\(r.rule)), not \(t.mode)") }
            }
        }
        for r in triage where complete && seen[r.ticket.id] == nil { out.append("ticket \(r.ticket.id) is missing from the plan") }
        for (i, d) in plan.deferred.enumerated() where complete {
            guard let r = byID[d.ticket] else { continue }
            if !r.outcome.needsVisit { out.append("deferred[\(i)]: ticket \(d.ticket) needs no visit (\(r.outcome.rawValue))") }
            if let deadline = r.deadline, deadline <= plan.horizonEnd {
                out.append("deferred[\(i)]: ticket \(d.ticket) is due \(Timestamp.format(deadline)), before the horizon ends; waiting makes it late")
            }
        }
        for (i, u) in plan.unassigned.enumerated() where complete && byID[u.ticket].map({ !$0.outcome.needsVisit }) ?? false {
            out.append("unassigned[\(i)]: ticket \(u.ticket) needs no visit")
        }

        // Routes: engineers, skills, shifts, times, legs, totals.
        var summary = PlanSummary()
        var engineersSeen = Set<String>()
        for (i, route) in plan.routes.enumerated() {
            let at = "routes[\(i)] (\(route.engineer))"
            guard let engineer = engineerByID[route.engineer] else { out.append("\(at): no such engineer"); continue }
            if !engineersSeen.insert(engineer.id).inserted { out.append("\(at): the engineer has a second route") }
            if plan.days > 1 {
                let trip = tripViolations(route, at: at, index: i, engineer: engineer, plan: plan, byID: byID, complete: complete)
                out += trip.violations
                summary.planned += route.stops.count
                summary.late += trip.late
                summary.travelKm += trip.km
                summary.travelMinutes += trip.minutes
                summary.workMinutes += trip.work
                continue
            }
            let (shiftStart, shiftEnd, day) = shift(of: engineer, containing: route.start.time)
            if engineer.off.contains(day) { out.append("\(at): the engineer is off on \(day)") }
            if route.start.time < shiftStart { out.append("\(at): starts \(Timestamp.format(route.start.time)), before the shift starts \(Timestamp.format(shiftStart))") }
            if complete, route.end.time > shiftEnd { out.append("\(at): back at base \(Timestamp.format(route.end.time)), after the shift ends \(Timestamp.format(shiftEnd))") }
            if complete, travel.model.greatCircleKm(route.end.coordinate, engineer.home) > 0.05 { out.append("\(at): does not end at the engineer's base") }
            var prevTime = route.start.time
            // A start within a metre of the engineer's base or position is that place exactly
            // (the plan writes coordinates to 7 decimals).
            var prevCoord = route.start.coordinate
            for known in [engineer.home, engineer.startCoordinate] where travel.model.greatCircleKm(prevCoord, known) < 0.001 { prevCoord = known }
            var prevID = prevCoord == engineer.home ? engineer.id : engineer.id + "@start"
            var km = 0.0, minutes = 0, work = 0
            for (j, stop) in route.stops.enumerated() {
                let sp = "routes[\(i)].stops[\(j)] (\(stop.ticket))"
                guard let r = byID[stop.ticket] else { continue }
                if let depart = stop.depart {
                    // Re-planned on the road: the engineer must have got from the previous stop
                    // to the point of departure by then.
                    let road = travel.leg(from: prevID, prevCoord, to: engineer.id + "@start", depart.coordinate)
                    let there = PlanningProblem.wholeMinutes(road.minutes)
                    km += road.km
                    minutes += there
                    if depart.time < prevTime.addingTimeInterval(Double(there) * 60 - 0.5) {
                        out.append("\(sp): departs \(Timestamp.format(depart.time)) from a point \(there) minutes from the previous stop, which ended \(Timestamp.format(prevTime))")
                    }
                    prevTime = depart.time
                    prevCoord = depart.coordinate
                    prevID = depart.coordinate == engineer.home ? engineer.id : engineer.id + "@start"
                }
                let (leg, legMinutes) = checkVisitAndLeg(stop, r, sp, engineer: engineer, from: prevID, prevCoord, into: &out)
                let earliest = prevTime.addingTimeInterval(Double(legMinutes) * 60)
                if stop.arrive < earliest.addingTimeInterval(-0.5) {
                    out.append("\(sp): arrives \(Timestamp.format(stop.arrive)), but leaving at \(Timestamp.format(prevTime)) with a \(legMinutes)-minute leg it cannot arrive before \(Timestamp.format(earliest))")
                }
                let expectedStart = max(stop.arrive, r.windowStart ?? stop.arrive)
                if abs(stop.start.timeIntervalSince(expectedStart)) > 0.5 {
                    out.append("\(sp): starts \(Timestamp.format(stop.start)); it should start at \(Timestamp.format(expectedStart)) (the arrival or the window's start)")
                }
                checkWindow(stop, r, sp, into: &out)
                if stop.end > shiftEnd { out.append("\(sp): ends \(Timestamp.format(stop.end)), after the shift ends \(Timestamp.format(shiftEnd))") }
                let (service, late) = checkServiceAndDeadline(stop, r, sp, into: &out)
                summary.planned += 1
                if late > 0 { summary.late += 1 }
                km += leg.km
                minutes += legMinutes
                work += service
                prevTime = stop.end
                prevCoord = r.ticket.coordinate
                prevID = r.ticket.id
            }
            guard complete else { continue }
            let back = travel.leg(from: prevID, prevCoord, to: engineer.id, engineer.home)
            let backMinutes = PlanningProblem.wholeMinutes(back.minutes)
            if route.end.time < prevTime.addingTimeInterval(Double(backMinutes) * 60 - 0.5) {
                out.append("\(at): back at base \(Timestamp.format(route.end.time)), but the way back takes \(backMinutes) minutes from \(Timestamp.format(prevTime))")
            }
            km += back.km
            minutes += backMinutes
            if abs(route.travelKm - km) > 0.051 { out.append("\(at): travel_km \(route.travelKm), the legs add up to \(String(format: "%.1f", km))") }
            if route.travelMinutes != minutes { out.append("\(at): travel_minutes \(route.travelMinutes), the legs add up to \(minutes)") }
            if route.workMinutes != work { out.append("\(at): work_minutes \(route.workMinutes), the stops add up to \(work)") }
            summary.travelKm += km
            summary.travelMinutes += minutes
            summary.workMinutes += work
        }

        // The summary is what the lists add up to.
        guard complete else { return out }
        let s = plan.summary
        func check(_ name: String, _ stated: Int, _ actual: Int) {
            if stated != actual { out.append("summary.\(name) is \(stated), the plan adds up to \(actual)") }
        }
        check("tickets", s.tickets, triage.count)
        check("on_site", s.onSite, triage.filter { $0.outcome.needsVisit && !cancelled.contains($0.ticket.id) }.count)
        check("planned", s.planned, summary.planned)
        check("late", s.late, summary.late)
        check("on_time", s.onTime, summary.planned - summary.late)
        check("deferred", s.deferred, plan.deferred.count)
        check("unassigned", s.unassigned, plan.unassigned.count)
        check("travel_minutes", s.travelMinutes, summary.travelMinutes)
        check("work_minutes", s.workMinutes, summary.workMinutes)
        if abs(s.travelKm - summary.travelKm) > 0.051 + 0.05 * Double(plan.routes.count) {
            out.append("summary.travel_km is \(s.travelKm), the routes add up to \(String(format: "%.1f", summary.travelKm))")
        }
        let offFrom = Dictionary(plan.events.compactMap { event -> (String, Date)? in
            if case let .engineerOff(id, from?) = event { return (id, from) } else { return nil }
        }, uniquingKeysWith: min)
        let shiftMinutes = engineers.reduce(0) { total, e in
            var (start, end, day) = shift(of: e, containing: plan.plannedAt)
            // Off from a moment of the day (an event): the shift ended then.
            if plan.days == 1, let off = offFrom[e.id], off < end { end = max(start, off) }
            if plan.days > 1 {
                // Every working shift of the days: today's if it has not ended, then each day not off.
                let days = (0..<plan.days).filter { d in !e.off.contains(day.adding(days: d)) && (d > 0 || end > plan.plannedAt) }
                return total + days.count * e.shiftMinutes
            }
            let route = plan.routes.first { $0.engineer == e.id }
            if plan.nextShift != nil, end <= plan.plannedAt, route.map({ $0.start.time >= end }) ?? true {
                // Today's shifts were over: an engineer off shift worked the next one.
                let next = day.adding(days: 1)
                return total + (e.off.contains(next) ? 0 : Int(end.timeIntervalSince(start) / 60))
            }
            let working = !e.off.contains(day) && (end > plan.plannedAt || route != nil)
            return total + (working ? Int(end.timeIntervalSince(start) / 60) : 0)
        }
        let utilisation = shiftMinutes > 0 ? Double(summary.workMinutes) / Double(shiftMinutes) : 0
        if abs(s.utilisation - utilisation) > 0.0005 {
            out.append("summary.utilisation is \(s.utilisation), work over working shift minutes is \(String(format: "%.4f", utilisation))")
        }
        return out
    }

    /// Refuses a plan read back (a re-plan's `--previous`, `report --plan`) that does not
    /// check out: an input error with its first violations (exit 2), never a wrong plan or
    /// page built on it.
    public func require(_ plan: Plan, file: String, scope: Scope = .complete) throws(InputError) {
        let found = violations(of: plan, scope: scope)
        guard let first = found.first else { return }
        let more = found.count > 1 ? "; and \(found.count - 1) more (fieldops validate lists them all)" : ""
        throw InputError(file: file, "the plan does not check out against these tickets, engineers and travel: \(first)\(more)")
    }

    /// The shifts of a plan over `days` days from the one containing `time`: days off left
    /// out, each at least `trips.minRestHours` after the one before, the first from `time`.
    func shiftWindows(of e: Engineer, from time: Date, days: Int) -> [(start: Date, end: Date)] {
        let (start, end, day) = shift(of: e, containing: time)
        var windows: [(start: Date, end: Date)] = []
        for d in 0..<days where !e.off.contains(day.adding(days: d)) {
            var from = start.addingTimeInterval(Double(d) * 86_400)
            let to = end.addingTimeInterval(Double(d) * 86_400)
            if d == 0 { from = max(from, time) }
            if let last = windows.last { from = max(from, last.end.addingTimeInterval(Double(trips.minRestHours) * 3600)) }
            if from < to { windows.append((from, to)) }
        }
        return windows
    }

    /// Minutes of shift time between `a` and `b`: the time an engineer can have worked.
    func workMinutes(_ windows: [(start: Date, end: Date)], from a: Date, to b: Date) -> Int {
        windows.reduce(0) { total, w in
            let lo = max(w.start, a), hi = min(w.end, b)
            return total + (hi > lo ? Int((hi.timeIntervalSince(lo) / 60).rounded()) : 0)
        }
    }

    /// What every stop is checked for, over one day or several: a ticket that needs a
    /// visit, the engineer's skills, and the leg from the previous place as the travel
    /// model gives it (minutes and km). Returns the leg and its whole minutes.
    private func checkVisitAndLeg(_ stop: Stop, _ r: TriageResult, _ sp: String, engineer: Engineer,
                                  from prevID: String, _ prevCoord: Coordinate, into out: inout [String]) -> (leg: Leg, minutes: Int) {
        if !r.outcome.needsVisit { out.append("\(sp): the ticket needs no visit (\(r.outcome.rawValue))") }
        let missing = r.skills.filter { !engineer.skills.contains($0) }
        if !missing.isEmpty { out.append("\(sp): \(engineer.id) lacks skill \(missing.joined(separator: ";"))") }
        let leg = travel.leg(from: prevID, prevCoord, to: r.ticket.id, r.ticket.coordinate)
        let legMinutes = PlanningProblem.wholeMinutes(leg.minutes)
        if stop.legMinutes != legMinutes { out.append("\(sp): leg_minutes \(stop.legMinutes), the travel model gives \(legMinutes)") }
        if abs(stop.legKm - leg.km) > 0.051 { out.append("\(sp): leg_km \(stop.legKm), the travel model gives \(String(format: "%.1f", leg.km))") }
        return (leg, legMinutes)
    }

    /// The booked window's end: the work starts by it, or under `booked_window: finish`
    /// also ends by it.
    private func checkWindow(_ stop: Stop, _ r: TriageResult, _ sp: String, into out: inout [String]) {
        guard let end = r.windowEnd else { return }
        if stop.start > end {
            out.append("\(sp): starts after the booked window ends \(Timestamp.format(end))")
        } else if r.windowRule == .finish, stop.end > end.addingTimeInterval(0.5) {
            out.append("\(sp): ends \(Timestamp.format(stop.end)), after the booked window ends \(Timestamp.format(end)) (booked_window: finish)")
        }
    }

    /// The minutes on site the ticket needs, its deadline as the triage gives it, and the
    /// lateness of the arrival. Returns the minutes on site and the minutes late.
    private func checkServiceAndDeadline(_ stop: Stop, _ r: TriageResult, _ sp: String, into out: inout [String]) -> (service: Int, late: Int) {
        let service = Int((stop.end.timeIntervalSince(stop.start) / 60).rounded())
        if service != r.serviceMinutes + stop.overrunMinutes {
            let over = stop.overrunMinutes > 0 ? " and overran \(stop.overrunMinutes)" : ""
            out.append("\(sp): \(service) minutes on site, the ticket needs \(r.serviceMinutes)\(over)")
        }
        if stop.deadline != r.deadline && !(stop.deadline.flatMap { d in r.deadline.map { abs(d.timeIntervalSince($0)) < 1 } } ?? false) {
            out.append("\(sp): deadline \(stop.deadline.map(Timestamp.format) ?? "null"), the triage gives \(r.deadline.map(Timestamp.format) ?? "null")")
        }
        let late = r.deadline.map { PlanBuilder.lateMinutes(arrive: stop.arrive, deadline: $0) } ?? 0
        if stop.lateMinutes != late { out.append("\(sp): late_minutes \(stop.lateMinutes), arriving \(Timestamp.format(stop.arrive)) makes it \(late)") }
        return (service, late)
    }

    /// A trip over several days, re-derived from the inputs: every leg driven inside shift
    /// time (resting overnight on the road or at a site), every visit served within one
    /// shift, home by the end of the last shift, at most `trips.maxNightsAway` nights away.
    private func tripViolations(_ route: Route, at: String, index i: Int, engineer: Engineer, plan: Plan,
                                byID: [String: TriageResult], complete: Bool)
        -> (violations: [String], km: Double, minutes: Int, work: Int, late: Int) {
        var out: [String] = []
        // From the trip's start, which a re-planned trip has before the plan's time.
        let from = min(route.start.time, plan.plannedAt)
        let before = max(0, Day(plan.plannedAt).daysSinceEpoch - Day(from).daysSinceEpoch)
        let windows = shiftWindows(of: engineer, from: from, days: plan.days + before)
        func inside(_ t: Date) -> Int? { windows.firstIndex { $0.start <= t && t <= $0.end } }
        guard let last = windows.last else {
            return (["\(at): the engineer has no shift in the plan's \(plan.days) days"], 0, 0, 0, 0)
        }
        if inside(route.start.time) == nil { out.append("\(at): sets out \(Timestamp.format(route.start.time)), outside the engineer's shifts") }
        if complete, route.end.time > last.end { out.append("\(at): back at base \(Timestamp.format(route.end.time)), after the last shift ends \(Timestamp.format(last.end))") }
        if complete, travel.model.greatCircleKm(route.end.coordinate, engineer.home) > 0.05 { out.append("\(at): does not end at the engineer's base") }
        if route.nightsAway > trips.maxNightsAway { out.append("\(at): \(route.nightsAway) nights away, more than the policy's \(trips.maxNightsAway)") }
        if !trips.overnightLongHaul, route.nights.contains(where: { $0.place == .transit }) {
            out.append("\(at): a night by rail or air, which the policy does not allow (trips.overnight_long_haul)")
        }
        /// Whether a leg of `legMinutes` from `a` at `t0` to `b` at `t1` fits the shifts: in
        /// shift time, or by rail or air through a rest when the policy allows it.
        func legFits(_ a: Coordinate, _ t0: Date, _ b: Coordinate, _ t1: Date, _ legMinutes: Int) -> Bool {
            if workMinutes(windows, from: t0, to: t1) >= legMinutes { return true }
            return trips.overnightLongHaul && travel.model.isLongHaul(a, b) && inside(t0) != nil
                && t1.timeIntervalSince(t0) >= Double(legMinutes * 60) - 0.5
        }
        var prevTime = route.start.time
        var prevCoord = route.start.coordinate
        for known in [engineer.home, engineer.startCoordinate] where travel.model.greatCircleKm(prevCoord, known) < 0.001 { prevCoord = known }
        var prevID = prevCoord == engineer.home ? engineer.id : engineer.id + "@start"
        var km = 0.0, minutes = 0, work = 0, late = 0
        for (j, stop) in route.stops.enumerated() {
            let sp = "routes[\(i)].stops[\(j)] (\(stop.ticket))"
            guard let r = byID[stop.ticket] else { continue }
            if let depart = stop.depart {
                // Home (or elsewhere) for the night: the way there in shift time, then out again.
                let road = travel.leg(from: prevID, prevCoord, to: engineer.id + "@start", depart.coordinate)
                let there = PlanningProblem.wholeMinutes(road.minutes)
                km += road.km
                minutes += there
                if workMinutes(windows, from: prevTime, to: depart.time) < there || inside(depart.time) == nil {
                    out.append("\(sp): departs \(Timestamp.format(depart.time)) from a point \(there) minutes of shift time from the previous stop, which ended \(Timestamp.format(prevTime))")
                }
                prevTime = depart.time
                prevCoord = depart.coordinate
                prevID = depart.coordinate == engineer.home ? engineer.id : engineer.id + "@start"
            }
            let (leg, legMinutes) = checkVisitAndLeg(stop, r, sp, engineer: engineer, from: prevID, prevCoord, into: &out)
            if !legFits(prevCoord, prevTime, r.ticket.coordinate, stop.arrive, legMinutes) || inside(stop.arrive) == nil {
                out.append("\(sp): arrives \(Timestamp.format(stop.arrive)), but a \(legMinutes)-minute leg from \(Timestamp.format(prevTime)) needs more shift time")
            }
            let earliest = max(stop.arrive, r.windowStart ?? stop.arrive)
            if stop.start < earliest.addingTimeInterval(-0.5) {
                out.append("\(sp): starts \(Timestamp.format(stop.start)), before the arrival or the window's start \(Timestamp.format(earliest))")
            }
            if let k = inside(stop.start) {
                if stop.end > windows[k].end { out.append("\(sp): ends \(Timestamp.format(stop.end)), after its shift ends \(Timestamp.format(windows[k].end))") }
                // Waiting is allowed only until the service fits: the next shift's start.
                if stop.start > earliest.addingTimeInterval(0.5), stop.start != windows[k].start {
                    out.append("\(sp): starts \(Timestamp.format(stop.start)); it should start at \(Timestamp.format(earliest)) or the next shift's start")
                }
            } else {
                out.append("\(sp): starts \(Timestamp.format(stop.start)), outside the engineer's shifts")
            }
            checkWindow(stop, r, sp, into: &out)
            let (service, lateMinutes) = checkServiceAndDeadline(stop, r, sp, into: &out)
            if lateMinutes > 0 { late += 1 }
            km += leg.km
            minutes += legMinutes
            work += service
            prevTime = stop.end
            prevCoord = r.ticket.coordinate
            prevID = r.ticket.id
        }
        let back = travel.leg(from: prevID, prevCoord, to: engineer.id, engineer.home)
        let backMinutes = PlanningProblem.wholeMinutes(back.minutes)
        if complete, !legFits(prevCoord, prevTime, engineer.home, route.end.time, backMinutes) {
            out.append("\(at): back at base \(Timestamp.format(route.end.time)), but the way back takes \(backMinutes) minutes of shift time from \(Timestamp.format(prevTime))")
        }
        km += back.km
        minutes += backMinutes
        if complete {
            if abs(route.travelKm - km) > 0.051 { out.append("\(at): travel_km \(route.travelKm), the legs add up to \(String(format: "%.1f", km))") }
            if route.travelMinutes != minutes { out.append("\(at): travel_minutes \(route.travelMinutes), the legs add up to \(minutes)") }
            if route.workMinutes != work { out.append("\(at): work_minutes \(route.workMinutes), the stops add up to \(work)") }
        }
        return (out, km, minutes, work, late)
    }

    /// The engineer's shift that contains `time`, or else the one that starts on its day.
    private func shift(of e: Engineer, containing time: Date) -> (Date, Date, Day) {
        let day = Day(time)
        let length = Double(e.shiftMinutes * 60)
        let today = day.start.addingTimeInterval(Double(e.shiftStart.minutes * 60))
        let yesterday = today.addingTimeInterval(-86_400)
        if yesterday.addingTimeInterval(length) > time { return (yesterday, yesterday.addingTimeInterval(length), day.adding(days: -1)) }
        return (today, today.addingTimeInterval(length), day)
    }
}
