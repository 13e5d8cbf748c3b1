import FieldOpsCore
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// A re-plan's events applied to what it reads: the tickets without the cancelled ones,
/// the previous plan with its overruns, the engineers off and the tickets made urgent.
/// Events stay in force for the rest of the day: a plan records them (`events`), and a
/// re-plan from it applies them again (an overrun is already in the stop's times).
struct AppliedEvents {
    var tickets: [Ticket]
    var previous: Plan?
    var day = DayEvents()
    /// Tickets of the tickets file that an event in force cancelled.
    var cancelled: [String] = []
    /// The events in force: the previous plan's, then the new ones.
    var inForce: [PlanEvent] = []

    /// Applies the previous plan's events and then `request.events`; a new event that
    /// names an unknown engineer, ticket or visit, or asks for what cannot be (cancel a
    /// started visit, overrun one not started), is an input error on `--event`.
    init(_ request: PlanningRequest) throws(InputError) {
        tickets = request.tickets
        previous = request.previous
        let engineerIDs = Set(request.engineers.map(\.id))
        let ticketIDs = Set(request.tickets.map(\.id))
        func fail(_ event: PlanEvent, _ why: String) -> InputError {
            InputError(file: "command line", field: "--event", "'\(event.label)': \(why)")
        }
        func started(_ ticket: String) -> (route: Int, stop: Int)? {
            guard let previous else { return nil }
            for (i, route) in previous.routes.enumerated() {
                if let j = route.stops.firstIndex(where: { $0.ticket == ticket }), route.stops[j].start <= request.at { return (i, j) }
            }
            return nil
        }
        // The previous plan's events, again: what no longer applies (a ticket since
        // removed from the file) is passed over.
        for event in request.previous?.events ?? [] {
            inForce.append(event)
            switch event {
            case let .engineerOff(id, from): day.offFrom[id] = min(day.offFrom[id] ?? .distantFuture, from ?? request.at)
            case let .cancelled(id): cancel(id)
            case let .urgent(id): if ticketIDs.contains(id) { day.urgent.insert(id) }
            case .overran: break
            }
        }
        for given in request.events {
            var event = given
            switch event {
            case let .engineerOff(id, from):
                guard engineerIDs.contains(id) else { throw fail(event, "no engineer '\(id)' in the engineers file") }
                event = .engineerOff(id, from: from ?? request.at)
                day.offFrom[id] = min(day.offFrom[id] ?? .distantFuture, from ?? request.at)
            case let .cancelled(id):
                guard ticketIDs.contains(id) else { throw fail(event, "no ticket '\(id)' in the tickets file") }
                if let (i, j) = started(id) {
                    let stop = previous!.routes[i].stops[j]
                    throw fail(event, "\(previous!.routes[i].engineer) started it at \(Timestamp.short(stop.start)); a started visit stays in the plan")
                }
                cancel(id)
            case let .urgent(id):
                guard let ticket = tickets.first(where: { $0.id == id }) else { throw fail(event, "no ticket '\(id)' in the tickets file") }
                let result = request.triage.run([ticket], at: request.at)[0]
                guard result.outcome.needsVisit else { throw fail(event, "it needs no visit (\(result.outcome.rawValue)): nothing to plan sooner") }
                if let window = result.windowStart, Day(window) > Day(request.at) {
                    throw fail(event, "it is booked from \(Timestamp.short(window)): book an earlier window with the customer first")
                }
                day.urgent.insert(id)
            case let .overran(id, minutes):
                guard previous != nil else { throw fail(event, "an overrun needs --previous: the plan the visit was started in") }
                guard let (i, j) = started(id) else {
                    throw fail(event, "no visit '\(id)' started by \(Timestamp.short(request.at)) in the previous plan")
                }
                guard previous!.days == 1 else { throw fail(event, "overruns are re-planned within a one-day plan; this plan covers \(previous!.days) days") }
                previous!.routes[i].overrun(stop: j, by: minutes)
            }
            if !inForce.contains(event) { inForce.append(event) }
        }
    }

    private mutating func cancel(_ id: String) {
        guard let i = tickets.firstIndex(where: { $0.id == id }) else { return }
        tickets.remove(at: i)
        cancelled.append(id)
    }
}
