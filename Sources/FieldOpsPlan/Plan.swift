import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// A stop of a route, as the plan JSON of formats.md has it.
public struct Stop: Sendable, Equatable {
    /// The ticket.
    public var ticket: String
    /// When the engineer arrives.
    public var arrive: Date
    /// When service starts: the arrival or the booked window's start, whichever is later.
    public var start: Date
    /// When service ends.
    public var end: Date
    /// The on-site deadline, if the ticket has one.
    public var deadline: Date?
    /// Minutes `arrive` lies past `deadline` (0 when on time).
    public var lateMinutes: Int
    /// The leg that led here.
    public var legKm: Double
    /// Its minutes.
    public var legMinutes: Int
    /// Where and when the leg began, when not at the previous stop: after a re-plan, the
    /// point the engineer had reached on the road.
    public var depart: RoutePoint? = nil
    /// Whether the visit cannot wait until tomorrow (an urgent repair, or work whose window
    /// closes today); `nil` when not known (a plan file without the field).
    public var mustToday: Bool? = nil
    /// Minutes the visit ran over its planned time on site (`plan --event 'visit T overran
    /// N min'`): its end is that much later than the ticket's minutes on site make it.
    public var overrunMinutes = 0
}

/// Where and when a route starts or ends.
public struct RoutePoint: Sendable, Equatable {
    /// The time.
    public var time: Date
    /// The place.
    public var coordinate: Coordinate
}

/// A night of a trip over several days: where the engineer rests between two shifts.
public struct Night: Sendable, Equatable {
    /// Where.
    public enum Place: String, Sendable {
        /// At home (not a night away).
        case home
        /// At a visit's site, to go on there or from there in the morning.
        case visit
        /// On the road between two places, the drive going on in the morning.
        case road
        /// On a night train or a late flight towards the point (policy
        /// `trips.overnight_long_haul`), at the door when the next shift starts.
        case transit
    }

    /// The evening it begins: the end of that day's shift.
    public var from: Date
    /// The morning it ends: the start of the next shift.
    public var until: Date
    /// Where.
    public var place: Place
    /// The point.
    public var coordinate: Coordinate
    /// The ticket of the visit, when at a visit.
    public var ticket: String?

    /// A night.
    public init(from: Date, until: Date, place: Place, coordinate: Coordinate, ticket: String? = nil) {
        self.from = from
        self.until = until
        self.place = place
        self.coordinate = coordinate
        self.ticket = ticket
    }
}

/// One engineer's day, or trip over the days of a multi-day plan.
public struct Route: Sendable, Equatable {
    /// The engineer's id.
    public var engineer: String
    /// Where and when the engineer sets out.
    public var start: RoutePoint
    /// The visits in order.
    public var stops: [Stop]
    /// Back at base.
    public var end: RoutePoint
    /// Km travelled, the way back included.
    public var travelKm: Double
    /// Minutes travelled, the way back included.
    public var travelMinutes: Int
    /// Minutes on site.
    public var workMinutes: Int
    /// A multi-day trip's nights, in order, while the route is under way (empty for a day).
    public var nights: [Night] = []

    /// Nights away from home.
    public var nightsAway: Int { nights.filter { $0.place != .home }.count }
}

/// A ticket that waits for a later day, and why it can.
public struct Deferred: Sendable, Equatable {
    /// The ticket.
    public var ticket: String
    /// Its deadline, if it has one.
    public var deadline: Date?
    /// Why it can wait.
    public var reason: String
}

/// A ticket that needs a visit but is in no route, and why.
public struct Unassigned: Sendable, Equatable {
    /// The ticket.
    public var ticket: String
    /// A reason a dispatcher can act on.
    public var reason: String
}

/// A ticket that needs no trip, or cannot be planned yet, with its triage.
public struct TriageEntry: Sendable, Equatable {
    /// The ticket.
    public var ticket: String
    /// The outcome (`ship_replacement`, `not_covered`, …).
    public var mode: String
    /// The rule id.
    public var rule: String
    /// The triage note.
    public var note: String

    /// The mode of a ticket an event cancelled (`plan --event 'ticket T cancelled'`).
    public static let cancelled = "cancelled"

    /// An entry.
    public init(ticket: String, mode: String, rule: String, note: String) {
        self.ticket = ticket
        self.mode = mode
        self.rule = rule
        self.note = note
    }
}

/// The plan's totals, each what the routes add up to.
public struct PlanSummary: Sendable, Equatable {
    /// Tickets read.
    public var tickets = 0
    /// Tickets that need a visit (repairs on site, installations, inspections).
    public var onSite = 0
    /// Stops in routes.
    public var planned = 0
    /// Stops on time.
    public var onTime = 0
    /// Stops late.
    public var late = 0
    /// Tickets deferred.
    public var deferred = 0
    /// Tickets unassigned.
    public var unassigned = 0
    /// Km travelled.
    public var travelKm = 0.0
    /// Minutes travelled.
    public var travelMinutes = 0
    /// Minutes on site.
    public var workMinutes = 0
    /// Minutes on site over the shift minutes of the engineers who work today.
    public var utilisation = 0.0
}

/// The day's plan: routes, deferred and unassigned tickets, the triage of the rest.
public struct Plan: Sendable, Equatable {
    /// When it was planned.
    public var plannedAt: Date
    /// The end of the last shift the plan covers (today's, or its last day's).
    public var horizonEnd: Date
    /// How the solver ran.
    public var solver: SolverInfo
    /// Totals.
    public var summary: PlanSummary
    /// Routes, in engineer order.
    public var routes: [Route]
    /// Tickets that wait for a later day.
    public var deferred: [Deferred]
    /// Tickets that need a visit but are in no route.
    public var unassigned: [Unassigned]
    /// Tickets that need no trip, or cannot be planned yet.
    public var triage: [TriageEntry]
    /// Shift days the plan covers (1: today; more: trips with nights away).
    public var days = 1
    /// When set, today's shifts were over when the plan was made, and it plans the next
    /// shift of each engineer whose shift had ended; the first such shift starts then.
    public var nextShift: Date?
    /// The events of the day in force when the plan was made (`plan --event`, and those
    /// of the plan it re-planned); a re-plan from this plan applies them again.
    public var events: [PlanEvent] = []
    /// A re-plan's changes against the plan before it (`nil` for a first plan).
    public var changes: PlanChanges?

    /// Stops that cannot wait until tomorrow (urgent repairs, work whose window closes
    /// today) and are on time.
    public var mustTodayOnTime: Int {
        routes.reduce(0) { $0 + $1.stops.filter { $0.mustToday == true && $0.lateMinutes == 0 }.count }
    }

    /// What the proven bound says, in a dispatcher's words: how many must-today visits
    /// any plan can put on time against this plan's, and how far the plan may be from the
    /// best (when a bound on its value was proved); `nil` when nothing was proved.
    public var boundSentence: String? {
        guard let b = solver.boundReport else { return nil }
        let how = ["column_generation": days > 1 ? "column generation over every trip each engineer could make, its nights left out"
                                                 : "column generation over every route each engineer could drive",
                   "lagrangian": "column generation, stopped early (\(b.note ?? "")): its last exact pricing",
                   "assignment_lp": "the assignment LP",
                   "reach": "engineers' reach\(b.note.map { "; \($0)" } ?? "")"][b.source] ?? b.source
        var out = "Bound (\(how)): "
        if let most = b.mustTodayOnTimeMax {
            out += "no plan can put more than \(most) of the \(b.mustToday) must-today visits on time; this plan has \(mustTodayOnTime)"
            out += mustTodayOnTime >= most ? " (as many as any plan). " : ". "
        }
        if let bound = solver.bound {
            let left = max(0, solver.objective - bound)
            out += String(format: "At most %.0f of value (in minutes of travel) separates this plan from the best possible", left)
            if let gap = solver.gap { out += String(format: ", %.1f%% of what a plan can change", gap * 100) }
            out += "."
        } else {
            out += "No bound on the plan's value was proved."
        }
        if let t = b.travel {
            out += " Travel: no plan that serves as many visits (\(t.served), \(t.onTime) of them on time, \(t.mustTodayOnTime) must-today on time)"
            out += t.worth == nil ? " drives less than " : ", its work worth as much, drives less than "
            out += "\(Int(t.atLeast.rounded(.up))) minutes\(t.source == "lagrangian" ? " (column generation stopped early)" : ""); "
            out += String(format: "this plan drives %d, %.1f%% more.", t.minutes, t.gap * 100)
        }
        return out
    }

    /// The solver block as written in the plan.
    public struct SolverInfo: Sendable, Equatable {
        /// `greedy` or `glpk`.
        public var name: String
        /// How the search ended.
        public var status: String
        /// Its cost under the objective.
        public var objective: Double
        /// A proven bound, if any.
        public var bound: Double?
        /// The relative gap, if known.
        public var gap: Double?
        /// Wall-clock seconds (the one figure that differs between runs).
        public var seconds: Double
        /// Why a fallback was used.
        public var fallbackReason: String?
        /// The objective policy the plan was made by (`nil` in a plan written before
        /// there were policies).
        public var objectivePolicy: String? = nil
        /// How the bound was proven and what else it proves (must-today visits on time).
        public var boundReport: BoundReport? = nil
    }
}
