import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Today's planning problem, immutable numeric data: the visits, the engineers' shifts,
/// travel between every pair of nodes, and each visit's candidate engineers. How it is
/// made from the triage is `ProblemBuilder`'s job.
///
/// Node numbering: visits are `0..<visits.count`; engineer `e` starts at node
/// `visits.count + 2e` and ends at its base, node `visits.count + 2e + 1`.
public struct PlanningProblem: Sendable {
    /// The moment of planning.
    public let at: Date
    /// Minute 0: midnight at the start of the planning day, China Standard Time.
    public let origin: Date
    /// The triage of every ticket.
    public let triage: [TriageResult]
    /// The engineers, as read.
    public let engineers: [Engineer]
    /// Today's visits.
    public let visits: [Visit]
    /// Each engineer's shift today, by engineer index.
    public let shifts: [EngineerShift]
    /// Tickets decided before planning: deferred to a later day, with the reason.
    public let deferredUpfront: [(visitTicket: Int, deadline: Date?, reason: String)]
    /// For visits whose repair could wait, the reason it could (used when not planned today).
    public let laterDay: [Int: String]
    /// Candidate engineers per visit, nearest first, each able to reach it in today's shift:
    /// the one answer to "who could take this visit" (the planner's and `check`'s).
    public let candidates: [[Int]]
    /// The skill names behind the bit sets.
    public let skillNames: [String]
    /// Engineers' skills as bit sets.
    public let engineerSkills: [UInt64]
    /// The end of today's last shift, minutes from the origin.
    public let horizonEnd: Int
    /// Travel between places.
    public let travel: Travel
    /// Shift days the plan covers: 1 plans today; more plans trips with nights away
    /// (each shift's `calendar` then holds its days).
    public internal(set) var days = 1
    /// The limits of trips, when `days` > 1.
    public internal(set) var trips = TripRules()
    /// When set, today's shifts were over when the problem was built, and the engineers
    /// whose shift had ended work their next one; the first of those starts at this
    /// minute. `nil` inside today's shifts.
    public internal(set) var nextShift: Int?
    /// How visits on time, lateness and travel are weighed.
    public package(set) var objective = ObjectivePolicy.standard
    /// A re-plan's stability term: per visit, the engineer index the previous plan gave it
    /// (-1 when it had none); empty when there is no previous plan.
    public package(set) var previousEngineer: [Int] = []
    /// What keeping a visit with the engineer the previous plan gave it is worth, in
    /// travel minutes (`PlanningOptions.stability`): the re-plan moves a visit to another
    /// engineer only for more than this much less travel, never for a visit on time
    /// (the least a visit on time is worth is far above it).
    public package(set) var keepValue = 0
    private let coords: [Coordinate]
    private let vectors: [UnitVector]
    private let nodeIDs: [String]
    private let hasMatrix: Bool
    private let table: TravelTable?

    /// Travel between every pair of nodes, row by row: a plane instance's, where no map applies.
    package struct TravelTable: Sendable {
        /// Nodes.
        package var count: Int
        /// Whole minutes from node `a` to node `b` at `a * count + b`.
        package var minutes: [Int]
        /// Distance, likewise.
        package var distance: [Double]

        /// A table of `count` nodes.
        package init(count: Int, minutes: [Int], distance: [Double]) {
            self.count = count
            self.minutes = minutes
            self.distance = distance
        }
    }

    /// A problem from its parts, as `ProblemBuilder` (or a plane instance) computes them.
    /// `coordinates` and `nodeIDs` are per node; `table`, when given, replaces the travel model.
    package init(at: Date, origin: Date, triage: [TriageResult], engineers: [Engineer], visits: [Visit], shifts: [EngineerShift],
                 deferredUpfront: [(visitTicket: Int, deadline: Date?, reason: String)], laterDay: [Int: String],
                 candidates: [[Int]], skillNames: [String], engineerSkills: [UInt64], horizonEnd: Int, travel: Travel,
                 coordinates: [Coordinate], nodeIDs: [String], table: TravelTable? = nil) {
        self.at = at
        self.origin = origin
        self.triage = triage
        self.engineers = engineers
        self.visits = visits
        self.shifts = shifts
        self.deferredUpfront = deferredUpfront
        self.laterDay = laterDay
        self.candidates = candidates
        self.skillNames = skillNames
        self.engineerSkills = engineerSkills
        self.horizonEnd = horizonEnd
        self.travel = travel
        self.coords = coordinates
        self.vectors = coordinates.map(UnitVector.init)
        self.nodeIDs = nodeIDs
        self.hasMatrix = !travel.matrix.legs.isEmpty
        self.table = table
    }

    /// Builds today's problem from the triage (see `ProblemBuilder`).
    ///
    /// - Parameters:
    ///   - locked: what a re-plan keeps of each engineer's previous route, by engineer id.
    ///   - candidatesPerVisit: how many nearest qualified engineers each visit considers;
    ///     by default `Tuning.candidatesPerVisit`, fewer on large mornings.
    ///   - days: shift days to plan (1: today; up to 7, with trips and nights away).
    ///   - trips: the limits of trips (nights away, rest, the cost of a night).
    ///   - events: engineers off from a moment, tickets made urgent (`plan --event`).
    public init(triage: [TriageResult], engineers: [Engineer], travel: Travel, at: Date,
                locked: [String: LockedRoute] = [:], candidatesPerVisit: Int? = nil, days: Int = 1, trips: TripRules = TripRules(),
                events: DayEvents = DayEvents()) {
        self = ProblemBuilder(triage: triage, engineers: engineers, travel: travel, at: at, locked: locked,
                              candidatesPerVisit: candidatesPerVisit, days: days, trips: trips, events: events).build()
    }

    /// Whether the plan covers several shift days.
    @inline(__always) public var isMultiDay: Bool { days > 1 }

    /// The most distinct skills a problem tells apart (one bit each; the last bit marks
    /// skills no engineer has).
    public static var maxSkills: Int { ProblemBuilder.maxSkills }

    /// How many distinct skills some engineer has and some visit of `triage` needs: a
    /// problem can be built only when this is at most `maxSkills`.
    public static func distinctSkills(triage: [TriageResult], engineers: [Engineer]) -> Int {
        ProblemBuilder.distinctSkills(triage: triage, engineers: engineers)
    }

    /// Minutes from the origin at `date`, rounded down.
    public func minute(_ date: Date) -> Int {
        Int((date.timeIntervalSince(origin) / 60).rounded(.down))
    }

    /// The moment `minute` minutes after the origin.
    public func date(_ minute: Int) -> Date { origin.addingTimeInterval(Double(minute) * 60) }

    /// The node where engineer `e` starts today.
    @inline(__always) public func startNode(_ e: Int) -> Int { visits.count + 2 * e }
    /// The node of engineer `e`'s base, where the day ends.
    @inline(__always) public func endNode(_ e: Int) -> Int { visits.count + 2 * e + 1 }

    /// The coordinate of a node.
    public func coordinate(_ node: Int) -> Coordinate { coords[node] }

    /// A leg between nodes: whole minutes (the model's, rounded up) and km.
    @inline(__always)
    public func leg(_ a: Int, _ b: Int) -> (minutes: Int, km: Double) {
        if a == b { return (0, 0) }
        if let table { return (table.minutes[a * table.count + b], table.distance[a * table.count + b]) }
        if hasMatrix, let listed = travel.matrix.leg(from: nodeIDs[a], to: nodeIDs[b]) {
            return (PlanningProblem.wholeMinutes(listed.minutes), listed.km)
        }
        let leg = travel.model.leg(greatCircleKm: travel.model.greatCircleKm(vectors[a], vectors[b]))
        return (PlanningProblem.wholeMinutes(leg.minutes), leg.km)
    }

    /// Whether every leg is the travel model's (no travel table or matrix): minutes that
    /// keep the triangle inequality.
    public var legsFromModel: Bool { table == nil && !hasMatrix }

    /// Travel minutes between nodes.
    @inline(__always)
    public func minutes(_ a: Int, _ b: Int) -> Int { leg(a, b).minutes }

    /// A leg's minutes as plans count them: rounded up to a whole minute.
    public static func wholeMinutes(_ minutes: Double) -> Int { Int((minutes - 1e-9).rounded(.up)) }

    /// Whether engineer `e` has every skill visit `v` needs.
    @inline(__always)
    public func qualified(_ e: Int, for v: Int) -> Bool {
        engineerSkills[e] & visits[v].skills == visits[v].skills
    }

    /// What serving visit `v` with engineer `e`, `lateMinutes` late, adds: its value under
    /// the objective policy, and the stability term when `e` is the engineer the previous
    /// plan gave it.
    @inline(__always)
    public func value(_ v: Int, engineer e: Int, lateMinutes: Int) -> Int {
        objective.value(visits[v], lateMinutes: lateMinutes) + keeping(v, e)
    }

    /// The stability term of serving `v` with engineer `e` (0 without a previous plan).
    @inline(__always)
    public func keeping(_ v: Int, _ e: Int) -> Int {
        previousEngineer.isEmpty || previousEngineer[v] != e ? 0 : keepValue
    }

    /// The most visit `v` can add: served on time, by the engineer the previous plan gave it.
    @inline(__always)
    public func fullValue(_ v: Int) -> Int {
        objective.fullValue(visits[v]) + (previousEngineer.isEmpty || previousEngineer[v] < 0 ? 0 : keepValue)
    }

    /// The sum of `fullValue` over every visit: a plan's cost is this less what it serves.
    public var fullValueOfAll: Int { visits.indices.reduce(0) { $0 + fullValue($1) } }

    /// Sets the stability term of a re-plan: `engineers[v]` is the engineer index the
    /// previous plan gave visit `v` (-1: none), each kept one worth `minutes` of travel.
    public mutating func keep(previousEngineers engineers: [Int], worth minutes: Int) {
        precondition(engineers.count == visits.count, "one previous engineer per visit")
        previousEngineer = minutes > 0 ? engineers : []
        keepValue = minutes
    }

    /// The visit of each ticket in today's problem, by triage index.
    public var visitOfTicket: [Int: Int] {
        Dictionary(uniqueKeysWithValues: visits.enumerated().map { ($1.triageIndex, $0) })
    }
}
