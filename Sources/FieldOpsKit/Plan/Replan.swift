import Foundation

/// Re-planning during the day: what a previous plan fixes by a given time.
public enum Replan {
    /// The stops of `previous` that have started by `at`, per engineer, in route order,
    /// with the route's start; checked against the tickets and engineers read now.
    ///
    /// - Parameter file: how errors name the previous plan.
    public static func locked(previous: Plan, file: String, at: Date, tickets: [Ticket], engineers: [Engineer]) throws(InputError) -> [String: LockedRoute] {
        if Day(previous.plannedAt) != Day(at) {
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
            guard engineerIDs.contains(route.engineer) else {
                throw InputError(file: file, field: "routes[\(i)].engineer", "engineer '\(route.engineer)' is not in the engineers file")
            }
            var stops: [LockedStop] = []
            for (j, stop) in route.stops.enumerated() where stop.start <= at {
                let path = "routes[\(i)].stops[\(j)].ticket"
                guard let ticket = ticketByID[stop.ticket] else {
                    throw InputError(file: file, field: path, "ticket '\(stop.ticket)' was started but is not in the tickets file: keep it there until the day is over")
                }
                guard seen.insert(stop.ticket).inserted else { throw InputError(file: file, field: path, "ticket '\(stop.ticket)' is in two routes") }
                guard stop.arrive <= stop.start, stop.start <= stop.end else {
                    throw InputError(file: file, field: "routes[\(i)].stops[\(j)]", "arrive, start and end are out of order")
                }
                stops.append(LockedStop(ticket: stop.ticket, arrive: minute(stop.arrive), start: minute(stop.start), end: minute(stop.end),
                                        legMinutes: stop.legMinutes, legKm: stop.legKm, coordinate: ticket.coordinate))
            }
            if !stops.isEmpty {
                out[route.engineer] = LockedRoute(startTime: minute(route.start.time), startCoordinate: route.start.coordinate, stops: stops)
            }
        }
        return out
    }
}
