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

    /// The latest start that is still on time.
    public var onTimeLatest: Int { deadline.map { min(latest, max($0, earliest)) } ?? latest }
}

/// One engineer's working time today.
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
}

/// Today's planning problem, immutable: the visits, the engineers' shifts, travel
/// between every pair of places, and each visit's candidate engineers.
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
    /// Candidate engineers per visit, nearest first, each able to reach it in today's shift.
    public let candidates: [[Int]]
    /// The skill names behind the bit sets.
    public let skillNames: [String]
    /// The end of today's last shift, minutes from the origin.
    public let horizonEnd: Int
    /// Travel between places.
    public let travel: Travel
    private let coords: [Coordinate]
    private let vectors: [UnitVector]
    private let nodeIDs: [String]
    private let hasMatrix: Bool
    /// A plane instance's travel between every pair of nodes, row by row; `nil` on a map.
    private var plane: (count: Int, minutes: [Int], distance: [Double])?

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
        if let plane { return (plane.minutes[a * plane.count + b], plane.distance[a * plane.count + b]) }
        if hasMatrix, let listed = travel.matrix.leg(from: nodeIDs[a], to: nodeIDs[b]) {
            return (PlanningProblem.wholeMinutes(listed.minutes), listed.km)
        }
        let leg = travel.model.leg(greatCircleKm: travel.model.greatCircleKm(vectors[a], vectors[b]))
        return (PlanningProblem.wholeMinutes(leg.minutes), leg.km)
    }

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

    /// Engineers' skills as bit sets.
    public let engineerSkills: [UInt64]

    /// Builds today's problem.
    ///
    /// - Parameters:
    ///   - locked: what a re-plan keeps of each engineer's previous route, by engineer id.
    ///   - candidatesPerVisit: how many nearest qualified engineers each visit considers;
    ///     by default 16, or 12 on mornings of more than 4,000 visits, where the search
    ///     must stay within its time.
    public init(triage: [TriageResult], engineers: [Engineer], travel: Travel, at: Date,
                locked: [String: LockedRoute] = [:], candidatesPerVisit: Int? = nil) {
        self.at = at
        self.origin = Day(at).start
        self.triage = triage
        self.engineers = engineers
        self.travel = travel
        let origin = self.origin
        func minute(_ date: Date) -> Int { Int((date.timeIntervalSince(origin) / 60).rounded(.down)) }
        let now = Int((at.timeIntervalSince(origin) / 60).rounded(.up))
        let today = Day(at)

        // Skills as bit sets (a problem may name at most 64 distinct skills).
        var skillIndex: [String: Int] = [:]
        var names: [String] = []
        func mask(_ skills: [String]) -> UInt64 {
            var m: UInt64 = 0
            for s in skills {
                if skillIndex[s] == nil, names.count < 64 { skillIndex[s] = names.count; names.append(s) }
                if let i = skillIndex[s] { m |= 1 << UInt64(i) }
            }
            return m
        }
        self.engineerSkills = engineers.map { mask($0.skills) }

        // Shifts today; an overnight shift that began yesterday and is still running counts.
        var shifts: [EngineerShift] = []
        let lockedTickets = Set(locked.values.flatMap { $0.stops.map(\.ticket) })
        for (e, engineer) in engineers.enumerated() {
            let length = engineer.shiftMinutes
            var start = engineer.shiftStart.minutes
            var day = today
            if start - 1440 + length > now { start -= 1440; day = today.adding(days: -1) }
            let end = start + length
            var unavailable: String?
            if engineer.off.contains(day) { unavailable = "off on \(day)" }
            else if end <= now, locked[engineer.id] == nil { unavailable = "shift ended at \(ClockTime(minutes: end % 1440)!)" }
            var from = engineer.startCoordinate
            var available = max(start, now)
            let previous = locked[engineer.id]
            let kept = previous?.stops ?? []
            if let previous {
                from = previous.resumeCoordinate
                available = max(available, previous.resumeTime)
            }
            let lockedStart = kept.isEmpty ? nil : previous.map { (time: $0.startTime, coordinate: $0.startCoordinate) }
            let elsewhere = kept.last.map { $0.coordinate != from } ?? false
            shifts.append(EngineerShift(engineer: e, unavailable: unavailable, start: start, end: end,
                                        availableFrom: available, from: from, locked: kept, lockedStart: lockedStart,
                                        departsElsewhere: elsewhere))
        }
        self.shifts = shifts
        let horizonEnd = shifts.filter { $0.unavailable == nil }.map(\.end).max() ?? (1440)
        self.horizonEnd = horizonEnd

        // Visits: what needs an engineer and is not already locked in a route.
        var visits: [Visit] = []
        var deferred: [(Int, Date?, String)] = []
        var laterDay: [Int: String] = [:]
        var pendingRepairs: [(triage: Int, visit: Visit)] = []
        for (i, result) in triage.enumerated() where result.outcome.needsVisit && !lockedTickets.contains(result.ticket.id) {
            let windowStart = result.windowStart.map { Int(($0.timeIntervalSince(origin) / 60).rounded(.up)) }
            let windowEnd = result.windowEnd.map(minute)
            if let end = windowEnd, end < now {
                continue   // a window already over: reported unassigned by the plan builder
            }
            if let start = windowStart, start > horizonEnd {
                deferred.append((i, result.deadline, "booked for " + Timestamp.short(result.windowStart!) + (result.windowEnd.map { "–" + Timestamp.short($0) } ?? "")))
                continue
            }
            let earliest = max(windowStart ?? 0, 0)
            let latest = min(windowEnd ?? horizonEnd, horizonEnd)
            let klass: VisitClass
            switch result.outcome {
            case .installation: klass = (windowEnd ?? Int.max) <= horizonEnd ? .closingToday : .flexibleInstallation
            case .inspection: klass = (windowEnd ?? Int.max) <= horizonEnd ? .closingToday : .inspection
            default: klass = .urgent
            }
            let visit = Visit(id: result.ticket.id, triageIndex: i, service: result.serviceMinutes, skills: mask(result.skills),
                              earliest: earliest, latest: latest, deadline: result.deadline.map(minute),
                              visitClass: klass, priority: result.ticket.priority)
            if klass == .urgent, let d = visit.deadline, d > horizonEnd {
                pendingRepairs.append((i, visit))
            } else {
                visits.append(visit)
            }
        }
        self.skillNames = names

        // Nodes and candidates need every engineer's start; the spatial index works on them.
        let startPoints = shifts.map(\.from)
        let index = SpatialIndex(points: startPoints, model: travel.model)
        let baseIndex = SpatialIndex(points: engineers.map(\.home), model: travel.model)

        // A repair whose deadline lies after today waits only if a qualified engineer
        // could still be there on time on a later day, from base at shift start.
        for (i, visit) in pendingRepairs {
            if let reason = PlanningProblem.laterDayReason(visit: visit, triage: triage[i], engineers: engineers,
                                                          engineerSkills: engineerSkills, baseIndex: baseIndex,
                                                          travel: travel, today: today, origin: origin, k: candidatesPerVisit ?? 16) {
                let flexible = Visit(id: visit.id, triageIndex: visit.triageIndex, service: visit.service, skills: visit.skills,
                                     earliest: visit.earliest, latest: visit.latest, deadline: visit.deadline,
                                     visitClass: .flexibleRepair, priority: visit.priority)
                laterDay[visits.count] = reason
                visits.append(flexible)
            } else {
                visits.append(visit)
            }
        }
        self.visits = visits
        self.laterDay = laterDay
        let candidatesPerVisit = candidatesPerVisit ?? (visits.count > 4_000 ? 12 : 16)
        self.deferredUpfront = deferred.map { (visitTicket: $0.0, deadline: $0.1, reason: $0.2) }

        var coords: [Coordinate] = visits.map { triage[$0.triageIndex].ticket.coordinate }
        var ids: [String] = visits.map(\.id)
        // In a travel matrix an engineer id stands for the engineer's base; a start away
        // from base (an overnight trip, a re-plan) is looked up in the model.
        for shift in shifts {
            let engineer = engineers[shift.engineer]
            coords.append(shift.from)
            coords.append(engineer.home)
            if let last = shift.locked.last, !shift.departsElsewhere {
                ids.append(last.ticket)
            } else {
                ids.append(shift.from == engineer.home ? engineer.id : engineer.id + "@start")
            }
            ids.append(engineer.id)
        }
        self.coords = coords
        self.vectors = coords.map(UnitVector.init)
        self.nodeIDs = ids
        self.hasMatrix = !travel.matrix.legs.isEmpty

        // Candidates: the nearest qualified engineers working today who can reach the
        // visit inside its window and be back at base by the end of their shift.
        var candidates: [[Int]] = []
        candidates.reserveCapacity(visits.count)
        let skills = engineerSkills
        for (v, visit) in visits.enumerated() {
            let near = index.nearest(to: coords[v], k: candidatesPerVisit) { e in
                shifts[e].unavailable == nil && skills[e] & visit.skills == visit.skills
            }
            var list: [Int] = []
            for (e, _) in near {
                let shift = shifts[e]
                let there = PlanningProblem.wholeMinutes(travel.leg(from: ids[visits.count + 2 * e], coords[visits.count + 2 * e], to: ids[v], coords[v]).minutes)
                let back = PlanningProblem.wholeMinutes(travel.leg(from: ids[v], coords[v], to: ids[visits.count + 2 * e + 1], coords[visits.count + 2 * e + 1]).minutes)
                let start = max(shift.availableFrom + there, visit.earliest)
                if start <= visit.latest && start + visit.service + back <= shift.end { list.append(e) }
            }
            candidates.append(list)
        }
        self.candidates = candidates
    }

    /// Why a repair with a deadline after today can wait, or `nil` when it cannot.
    /// The problem of routing `instance` with `vehicles` of its vehicles: every customer an
    /// urgent visit with a hard window and no deadline, every vehicle an engineer with the
    /// depot's hours and the instance's capacity, travel from the plane's distances. The
    /// sites sit near the equator, a thousandth of a degree a unit, so that neighbour
    /// lists built on the map follow distance in the plane.
    public init(plane instance: PlaneInstance, vehicles: Int) {
        let scale = PlaneInstance.timeScale
        func units(_ t: Double) -> Int { Int((t * scale).rounded()) }
        func place(_ s: PlaneInstance.Site) -> Coordinate { Coordinate(lat: s.y / 1000, lon: s.x / 1000) }
        let origin = Date(timeIntervalSinceReferenceDate: 0)
        self.at = origin
        self.origin = origin
        self.triage = []
        self.engineers = []
        self.deferredUpfront = []
        self.laterDay = [:]
        self.skillNames = []
        self.travel = Travel(model: TravelModel())
        self.engineerSkills = Array(repeating: 0, count: vehicles)
        let depot = instance.depot
        self.horizonEnd = units(depot.due)
        self.visits = instance.customers.enumerated().map { i, c in
            var visit = Visit(id: c.id, triageIndex: i, service: units(c.service), skills: 0, earliest: units(c.ready),
                              latest: units(c.due), deadline: nil, visitClass: .urgent, priority: 0)
            visit.demand = c.demand
            return visit
        }
        self.shifts = (0..<vehicles).map { e in
            var shift = EngineerShift(engineer: e, unavailable: nil, start: units(depot.ready), end: units(depot.due),
                                      availableFrom: units(depot.ready), from: place(depot), locked: [], lockedStart: nil,
                                      departsElsewhere: false)
            shift.capacity = instance.capacity
            return shift
        }
        let sites = instance.customers + Array(repeating: depot, count: 2 * vehicles)
        let n = sites.count
        var minutes = Array(repeating: 0, count: n * n)
        var distance = Array(repeating: 0.0, count: n * n)
        for a in 0..<n {
            for b in 0..<n where a != b {
                let d = PlaneInstance.distance(sites[a], sites[b])
                distance[a * n + b] = d
                minutes[a * n + b] = PlanningProblem.wholeMinutes(d * scale)
            }
        }
        self.plane = (n, minutes, distance)
        self.coords = sites.map(place)
        self.vectors = coords.map(UnitVector.init)
        self.nodeIDs = sites.map(\.id)
        self.hasMatrix = false
        // Every vehicle is alike: each customer a vehicle can reach in its window is a
        // candidate for all of them.
        let all = Array(0..<vehicles)
        self.candidates = instance.customers.indices.map { c in
            let there = minutes[(n - 2) * n + c], back = minutes[c * n + n - 1]
            let start = max(units(depot.ready) + there, units(instance.customers[c].ready))
            let fits = start <= units(instance.customers[c].due) && start + units(instance.customers[c].service) + back <= units(depot.due)
                && instance.customers[c].demand <= instance.capacity
            return fits ? all : []
        }
    }

    static func laterDayReason(visit: Visit, triage: TriageResult, engineers: [Engineer], engineerSkills: [UInt64],
                               baseIndex: SpatialIndex, travel: Travel, today: Day, origin: Date, k: Int) -> String? {
        guard let deadline = visit.deadline else { return nil }
        let site = triage.ticket.coordinate
        let near = baseIndex.nearest(to: site, k: k) { engineerSkills[$0] & visit.skills == visit.skills }
        for offset in 1...7 {
            let day = today.adding(days: offset)
            let dayStart = offset * 1440
            if dayStart > deadline { break }
            for (e, _) in near {
                let engineer = engineers[e]
                if engineer.off.contains(day) { continue }
                let start = dayStart + engineer.shiftStart.minutes
                let end = start + engineer.shiftMinutes
                let there = wholeMinutes(travel.leg(from: engineer.id, engineer.home, to: triage.ticket.id, site).minutes)
                let back = wholeMinutes(travel.leg(from: triage.ticket.id, site, to: engineer.id, engineer.home).minutes)
                let arrive = start + there
                if arrive <= deadline && max(arrive, visit.earliest) + visit.service + back <= end {
                    let at = origin.addingTimeInterval(Double(arrive) * 60)
                    return "can still be on time on \(day): \(engineer.id) (\(engineer.baseLabel)) can arrive \(Timestamp.short(at)), deadline \(Timestamp.short(triage.deadline!))"
                }
            }
        }
        return nil
    }
}
