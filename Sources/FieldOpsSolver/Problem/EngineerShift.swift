import FieldOpsCore
import FieldOpsSupport
import Foundation

/// One engineer's working time today, or over the days of a multi-day plan.
public struct EngineerShift: Sendable {
    /// The engineer's index in the problem's engineer list.
    public let engineer: Int
    /// Whether the engineer works at all today; if not, why not.
    public let unavailable: String?
    /// Shift start and end, minutes from the origin (an overnight shift ends after 1440).
    public let start: Int
    /// Shift end.
    public let end: Int
    /// When the engineer can leave for the first new visit (after `at` and any locked stops).
    public let availableFrom: Int
    /// Where the engineer leaves from then.
    public let from: Coordinate
    /// Visits already started or done, kept as they were (re-planning).
    public let locked: [LockedStop]
    /// When and where the route with locked visits set out (re-planning).
    public let lockedStart: (time: Int, coordinate: Coordinate)?
    /// Whether new work departs from somewhere other than the last locked stop: the
    /// engineer was on the road at the re-plan, and the first new stop says where from.
    public let departsElsewhere: Bool
    /// The most demand the route can carry; an engineer's is unlimited.
    public var capacity = Int.max / 4
    /// The shift days of a plan over several days (`nil`: today's shift alone, from
    /// `availableFrom` to `end`). Its first window starts at `availableFrom`, its last
    /// ends at `end`.
    public var calendar: WorkCalendar?
    /// Shift days of a plan over several days that are the engineer's working days (not
    /// off, and today's only if it has not ended), busy or not: what utilisation divides by.
    public var workingDays = 0
    /// Nights a re-planned trip has already spent away, which count against the limit.
    public var nightsAwaySoFar = 0

    /// A shift; see the properties for what each value means.
    public init(engineer: Int, unavailable: String?, start: Int, end: Int, availableFrom: Int, from: Coordinate,
                locked: [LockedStop], lockedStart: (time: Int, coordinate: Coordinate)?, departsElsewhere: Bool) {
        self.engineer = engineer
        self.unavailable = unavailable
        self.start = start
        self.end = end
        self.availableFrom = availableFrom
        self.from = from
        self.locked = locked
        self.lockedStart = lockedStart
        self.departsElsewhere = departsElsewhere
    }
}

/// What happened during the day that the tickets and engineers files do not say: engineers
/// who stopped working, and tickets made urgent (`plan --event`).
public struct DayEvents: Sendable, Equatable {
    /// Engineers who stop working at a moment of the day (ill, called away): their shift
    /// ends then, visits already started stay, and they take nothing new that would not
    /// be done and home by then.
    public var offFrom: [String: Date] = [:]
    /// Tickets the customer or the dispatcher made urgent: their visit cannot wait for a
    /// later day and counts as an urgent repair (must today), whatever its deadline.
    public var urgent: Set<String> = []

    /// No events.
    public init() {}
}

/// What a re-plan keeps of one engineer's previous route.
public struct LockedRoute: Sendable {
    /// When the route set out, minutes from the origin.
    public var startTime: Int
    /// Where it set out from.
    public var startCoordinate: Coordinate
    /// The stops started or done by the re-plan's time, in order (may be none).
    public var stops: [LockedStop]
    /// When and where the engineer can take new work: the end of a visit in progress, or
    /// the re-plan's time at the point the engineer has reached on the road.
    public var resumeTime: Int
    /// Where the engineer is then.
    public var resumeCoordinate: Coordinate
    /// Nights the trip has already spent away from base before the re-plan.
    public var nightsAway = 0

    /// Creates a locked route.
    public init(startTime: Int, startCoordinate: Coordinate, stops: [LockedStop], resumeTime: Int, resumeCoordinate: Coordinate) {
        self.startTime = startTime
        self.startCoordinate = startCoordinate
        self.stops = stops
        self.resumeTime = resumeTime
        self.resumeCoordinate = resumeCoordinate
    }
}

/// A stop kept from a previous plan: started or done before the re-plan.
public struct LockedStop: Sendable, Hashable {
    /// The ticket.
    public var ticket: String
    /// Arrival, start and end, minutes from the origin.
    public var arrive: Int
    /// Service start.
    public var start: Int
    /// Service end.
    public var end: Int
    /// The leg that led there.
    public var legMinutes: Int
    /// The leg's km.
    public var legKm: Double
    /// Where it is.
    public var coordinate: Coordinate
    /// Minutes it ran over the ticket's time on site (an event of the day).
    public var overrun = 0

    /// A kept stop; times in minutes from the problem's origin.
    public init(ticket: String, arrive: Int, start: Int, end: Int, legMinutes: Int, legKm: Double, coordinate: Coordinate) {
        self.ticket = ticket
        self.arrive = arrive
        self.start = start
        self.end = end
        self.legMinutes = legMinutes
        self.legKm = legKm
        self.coordinate = coordinate
    }
}
