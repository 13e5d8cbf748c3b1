import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// Re-planning during the day: what a previous plan fixes by a given time.
public enum Replan {
    /// The stops of `previous` that have started by `at`, per engineer, in route order,
    /// with the route's start; checked against the tickets and engineers read now.
    ///
    /// - Parameter file: how errors name the previous plan.
    public static func locked(previous: Plan, file: String, at: Date, tickets: [Ticket], engineers: [Engineer],
                              model: TravelModel = TravelModel()) throws(InputError) -> [String: LockedRoute] {
        if previous.days > 1 {
            // A trip plan: re-planning works within its days.
            if at > previous.horizonEnd {
                throw InputError(file: file, field: "horizon_end", "the previous plan ends \(Timestamp.format(previous.horizonEnd)), before --at \(Timestamp.format(at))")
            }
        } else if Day(previous.plannedAt) != Day(at) {
            throw InputError(file: file, field: "planned_at", "the previous plan is for \(Day(previous.plannedAt)); re-planning works within its day (\(Day(at)))")
        }
        if at < previous.plannedAt {
            throw InputError(file: file, field: "planned_at", "the previous plan was made at \(Timestamp.format(previous.plannedAt)), after --at \(Timestamp.format(at))")
        }
        let ticketByID = Dictionary(uniqueKeysWithValues: tickets.map { ($0.id, $0) })
        let engineerIDs = Set(engineers.map(\.id))
        let origin = Day(at).start
        func minute(_ d: Date) -> Int { Int((d.timeIntervalSince(origin) / 60).rounded(.down)) }
        var out: [String: LockedRoute] = [:]
        var seen = Set<String>()
        for (i, route) in previous.routes.enumerated() {
            // A trip that is over (home by `at`) keeps nothing: the engineer starts afresh from home.
            if previous.days > 1, route.end.time <= at { continue }
            guard engineerIDs.contains(route.engineer) else {
                throw InputError(file: file, field: "routes[\(i)].engineer", "engineer '\(route.engineer)' is not in the engineers file")
            }
            // A visit the engineer has set out for by rail or air counts as started too: a
            // re-plan cannot turn the train round, nor pay the station time again.
            var startedCount = route.stops.prefix { $0.start <= at }.count
            if startedCount < route.stops.count, let leg = legUnderWay(route, after: startedCount, tickets: ticketByID, at: at),
               let ticket = ticketByID[route.stops[startedCount].ticket], model.isLongHaul(leg.from, ticket.coordinate) {
                startedCount += 1
            }
            var stops: [LockedStop] = []
            for (j, stop) in route.stops.prefix(startedCount).enumerated() {
                let path = "routes[\(i)].stops[\(j)].ticket"
                guard let ticket = ticketByID[stop.ticket] else {
                    throw InputError(file: file, field: path, "ticket '\(stop.ticket)' was started but is not in the tickets file: keep it there until the day is over")
                }
                guard seen.insert(stop.ticket).inserted else { throw InputError(file: file, field: path, "ticket '\(stop.ticket)' is in two routes") }
                guard stop.arrive <= stop.start, stop.start <= stop.end else {
                    throw InputError(file: file, field: "routes[\(i)].stops[\(j)]", "arrive, start and end are out of order")
                }
                var kept = LockedStop(ticket: stop.ticket, arrive: minute(stop.arrive), start: minute(stop.start), end: minute(stop.end),
                                      legMinutes: stop.legMinutes, legKm: stop.legKm, coordinate: ticket.coordinate)
                kept.overrun = stop.overrunMinutes
                stops.append(kept)
            }
            // Where the engineer is at `at`: busy at the last started visit, or on the road to
            // the next place the previous plan sent them (the next visit, or home).
            var anchorTime = stops.last.map { $0.end } ?? minute(route.start.time)
            // A start within a metre of the engineer's base or position is that place exactly.
            var start = route.start.coordinate
            if let engineer = engineers.first(where: { $0.id == route.engineer }) {
                for known in [engineer.home, engineer.startCoordinate] where model.greatCircleKm(start, known) < 0.001 { start = known }
            }
            var anchor = stops.last?.coordinate ?? start
            // On a trip, the last night before `at` is where the day began: the engineer rests
            // there through a night under way at `at`, or set out from it that morning (from
            // home, when the next stop departs from there).
            func nightsAway(before time: Int) -> Int { route.nights.filter { minute($0.from) <= time && $0.place != .home }.count }
            if startedCount == route.stops.count, route.end.time > at, let leg = legUnderWay(route, after: startedCount, tickets: ticketByID, at: at),
               model.isLongHaul(leg.from, route.end.coordinate) {
                // On the way home by rail or air: home at the planned time.
                let home = max(minute(route.end.time), Int((at.timeIntervalSince(origin) / 60).rounded(.up)))
                var homeward = LockedRoute(startTime: minute(route.start.time), startCoordinate: start, stops: stops,
                                           resumeTime: home, resumeCoordinate: route.end.coordinate)
                homeward.nightsAway = nightsAway(before: home)
                out[route.engineer] = homeward
                continue
            }
            let awaySoFar = nightsAway(before: max(minute(at), stops.last?.end ?? 0))
            if let night = route.nights.last(where: { minute($0.from) >= anchorTime && $0.from <= at }) {
                if at < night.until {
                    var resting = LockedRoute(startTime: minute(route.start.time), startCoordinate: start, stops: stops,
                                              resumeTime: minute(at), resumeCoordinate: night.coordinate)
                    resting.nightsAway = awaySoFar
                    out[route.engineer] = resting
                    continue
                }
                let next = route.stops.dropFirst(stops.count).first
                if let depart = next?.depart, depart.time <= at {
                    (anchor, anchorTime) = (depart.coordinate, minute(depart.time))
                } else {
                    (anchor, anchorTime) = (night.coordinate, minute(night.until))
                }
            }
            var resume = (time: anchorTime, coordinate: anchor)
            let now = Int((at.timeIntervalSince(origin) / 60).rounded(.up))
            if anchorTime < now {
                let next = route.stops.dropFirst(stops.count).first
                let destination = next.flatMap { ticketByID[$0.ticket]?.coordinate } ?? route.end.coordinate
                let arrival = next.map { minute($0.arrive) } ?? minute(route.end.time)
                if now >= arrival {
                    resume = (now, destination)
                } else {
                    resume = (now, pointOnTheWay(from: anchor, to: destination, within: now - anchorTime, model: model))
                }
            }
            var kept = LockedRoute(startTime: minute(route.start.time), startCoordinate: start,
                                   stops: stops, resumeTime: resume.time, resumeCoordinate: resume.coordinate)
            kept.nightsAway = awaySoFar
            out[route.engineer] = kept
        }
        return out
    }

    /// The leg of `route` towards its stop `index` (or home, past the last stop) when the
    /// engineer set out on it before `at`: where from. A leg begins at the end of the stop
    /// before it (or the route's start), or at its stop's `depart` point (a morning from
    /// home, a re-plan's point of departure); `nil` when it has not begun.
    static func legUnderWay(_ route: Route, after index: Int, tickets: [String: Ticket], at: Date) -> (from: Coordinate, departs: Date)? {
        let next = index < route.stops.count ? route.stops[index] : nil
        var from = route.start.coordinate, departs = route.start.time
        if index > 0, let previous = tickets[route.stops[index - 1].ticket] {
            (from, departs) = (previous.coordinate, route.stops[index - 1].end)
        }
        if let depart = next?.depart { (from, departs) = (depart.coordinate, depart.time) }
        return departs < at ? (from, departs) : nil
    }

    /// The farthest point on the straight way from `a` to `b` that the travel model
    /// reaches in `minutes` (whole minutes, as plans count them).
    static func pointOnTheWay(from a: Coordinate, to b: Coordinate, within minutes: Int, model: TravelModel) -> Coordinate {
        // Rounded to 5 decimals (about a metre), as plans write coordinates, so that the
        // point read back from the plan is the point planned from.
        func point(_ f: Double) -> Coordinate {
            Coordinate(lat: ((a.lat + (b.lat - a.lat) * f) * 1e5).rounded() / 1e5, lon: ((a.lon + (b.lon - a.lon) * f) * 1e5).rounded() / 1e5)
        }
        if PlanningProblem.wholeMinutes(model.leg(a, b).minutes) <= minutes { return b }
        var low = 0.0, high = 1.0
        for _ in 0..<30 {
            let mid = (low + high) / 2
            if PlanningProblem.wholeMinutes(model.leg(a, point(mid)).minutes) <= minutes { low = mid } else { high = mid }
        }
        return point(low)
    }
}
