import FieldOpsCore
import FieldOpsSupport
import Foundation

/// How much a visit matters today, in the order of the objective: repairs that cannot
/// wait first; installations and inspections fill what repairs leave.
public enum VisitClass: Int, Sendable, Comparable, CaseIterable {
    /// A repair that would be late if it waited for a later day.
    case urgent
    /// An installation or inspection whose window closes today.
    case closingToday
    /// A repair that could still be on time on a later day.
    case flexibleRepair
    /// An installation whose window stays open after today.
    case flexibleInstallation
    /// An inspection: the first work to give way.
    case inspection

    public static func < (a: VisitClass, b: VisitClass) -> Bool { a.rawValue < b.rawValue }
}

/// A visit in today's problem: a ticket that needs an engineer on site.
public struct Visit: Sendable {
    /// The ticket id.
    public let id: String
    /// Its index in the problem's triage results.
    public let triageIndex: Int
    /// Minutes on site.
    public let service: Int
    /// The skills it needs, as a bit set over the problem's skill names.
    public let skills: UInt64
    /// The earliest start (a booked window's start), minutes from the problem's origin.
    public let earliest: Int
    /// The latest start (a booked window's end, or the end of today's last shift).
    public let latest: Int
    /// The latest on-time arrival, minutes from the origin (repairs).
    public let deadline: Int?
    /// How much it matters today.
    public let visitClass: VisitClass
    /// Higher first among equals.
    public let priority: Int
    /// What it takes out of the vehicle (Solomon's demand); field visits take nothing.
    public var demand = 0

    /// A visit; `demand` is what it takes out of the vehicle (Solomon's), 0 for field visits.
    public init(id: String, triageIndex: Int, service: Int, skills: UInt64, earliest: Int, latest: Int, deadline: Int?,
                visitClass: VisitClass, priority: Int, demand: Int = 0) {
        self.id = id
        self.triageIndex = triageIndex
        self.service = service
        self.skills = skills
        self.earliest = earliest
        self.latest = latest
        self.deadline = deadline
        self.visitClass = visitClass
        self.priority = priority
        self.demand = demand
    }

    /// The same visit in another class.
    public func with(visitClass: VisitClass) -> Visit {
        Visit(id: id, triageIndex: triageIndex, service: service, skills: skills, earliest: earliest, latest: latest,
              deadline: deadline, visitClass: visitClass, priority: priority, demand: demand)
    }

    /// The latest start that is still on time.
    public var onTimeLatest: Int { deadline.map { min(latest, max($0, earliest)) } ?? latest }
}
