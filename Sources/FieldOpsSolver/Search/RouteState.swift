import FieldOpsCore
import FieldOpsSupport
/// One engineer's route during the search, with the cached segments that let a move be
/// judged in O(1): `prefix[i]` times the route from its start through position `i`,
/// `suffix[i]` from position `i` through the end (positions count the start as 0 and
/// the end as `visits.count + 1`).
struct RouteState {
    let engineer: Int
    private(set) var visits: [Int] = []
    private(set) var nodes: [Int] = []
    private(set) var prefix: [DurationSegment] = []
    private(set) var suffix: [DurationSegment] = []
    /// `tail[i]` times positions `i` through the last visit, without the end: the part of
    /// the route another engineer takes over in 2-opt*.
    private(set) var tail: [DurationSegment] = []
    /// Travel minutes from the start through position `i`.
    private(set) var travelPrefix: [Int] = []
    /// Skills needed by the visits from position `i` to the end.
    private(set) var skillSuffix: [UInt64] = []
    /// Whether any visit from position `i` on may be late (so moves there re-time it).
    private(set) var lateFrom: [Bool] = []
    /// Total travel minutes.
    var travel: Int { travelPrefix.last ?? 0 }
    /// The value the route adds under the objective (on-time and late values minus travel).
    private(set) var value = 0
    /// Whether the route meets every hard window.
    var isFeasible: Bool { prefix.last?.isFeasible ?? true }

    init(engineer: Int, problem: PlanningProblem, lateAllowed: [Bool]) {
        self.engineer = engineer
        rebuild(visits: [], problem: problem, lateAllowed: lateAllowed)
    }

    /// The segment of one node.
    static func segment(_ node: Int, engineer e: Int, problem p: PlanningProblem, lateAllowed: [Bool]) -> DurationSegment {
        let shift = p.shifts[e]
        if let calendar = shift.calendar {
            // Over several days, in the engineer's work time (nights taken out): an
            // optimistic relaxation that screens moves; `TripTimer` times them exactly.
            // Legs by rail or air through the night may take no work time, and nearly every
            // leg between far places goes that way, so with those allowed the screen would
            // pass nearly every move (measured: 71 of 22,016 insertions screened out on a
            // 300-ticket national morning, against 18,660 without): nothing is screened.
            if p.trips.overnightLongHaul {
                return DurationSegment(service: node < p.visits.count ? p.visits[node].service : 0, earliest: 0, latest: Int.max / 4)
            }
            if node >= p.visits.count { return DurationSegment(service: 0, earliest: 0, latest: calendar.total) }
            let v = p.visits[node]
            return DurationSegment(service: v.service, earliest: calendar.work(at: v.earliest),
                                   latest: calendar.work(at: lateAllowed[node] ? v.latest : v.onTimeLatest))
        }
        if node >= p.visits.count {
            // The route's start carries the capacity, so a whole route's load is ≤ 0.
            let load = node == p.startNode(e) ? -shift.capacity : 0
            return DurationSegment(service: 0, earliest: shift.availableFrom, latest: shift.end, load: load)
        }
        let v = p.visits[node]
        return DurationSegment(service: v.service, earliest: v.earliest, latest: lateAllowed[node] ? v.latest : v.onTimeLatest, load: v.demand)
    }

    mutating func rebuild(visits: [Int], problem p: PlanningProblem, lateAllowed: [Bool]) {
        self.visits = visits
        nodes = [p.startNode(engineer)] + visits + [p.endNode(engineer)]
        let n = nodes.count
        let segs = nodes.map { RouteState.segment($0, engineer: engineer, problem: p, lateAllowed: lateAllowed) }
        prefix = Array(repeating: segs[0], count: n)
        travelPrefix = Array(repeating: 0, count: n)
        for i in 1..<n {
            let t = p.minutes(nodes[i - 1], nodes[i])
            prefix[i] = prefix[i - 1].then(t, segs[i])
            travelPrefix[i] = travelPrefix[i - 1] + t
        }
        suffix = Array(repeating: segs[n - 1], count: n)
        tail = Array(repeating: segs[max(n - 2, 0)], count: n)
        skillSuffix = Array(repeating: 0, count: n)
        lateFrom = Array(repeating: p.isMultiDay, count: n)
        for i in stride(from: n - 2, through: 0, by: -1) {
            suffix[i] = segs[i].then(p.minutes(nodes[i], nodes[i + 1]), suffix[i + 1])
            if i < n - 2 { tail[i] = segs[i].then(p.minutes(nodes[i], nodes[i + 1]), tail[i + 1]) }
            let own = nodes[i] < p.visits.count ? p.visits[nodes[i]].skills : 0
            skillSuffix[i] = skillSuffix[i + 1] | own
            // Over several days every move is judged by timing the trip exactly.
            lateFrom[i] = p.isMultiDay || lateFrom[i + 1] || (nodes[i] < p.visits.count && lateAllowed[nodes[i]])
        }
        // An empty route is an engineer who stays put: worth nothing, costing nothing. A
        // route that misses a hard window never survives a move; it is priced far below any.
        value = visits.isEmpty ? 0 : RouteState.evaluate(nodes: nodes, engineer: engineer, problem: p)?.value ?? Tuning.infeasibleRouteValue
    }

    /// Times a route (given as nodes, start and end included) leaving as early as possible:
    /// its value under the objective, or `nil` when a hard window or the shift is missed.
    static func evaluate(nodes: [Int], engineer e: Int, problem p: PlanningProblem,
                         lateAllowed: [Bool]? = nil) -> (value: Int, travel: Int, late: Int)? {
        let shift = p.shifts[e]
        if shift.calendar != nil {
            guard let trip = TripTimer.time(visits: Array(nodes.dropFirst().dropLast()), engineer: e, problem: p, lateAllowed: lateAllowed) else {
                return nil
            }
            let calendar = p.shifts[e].calendar!
            let first = calendar.window(from: shift.availableFrom) ?? 0
            let served = trip.steps.reduce(0) { total, step in
                let later = (calendar.window(from: step.start) ?? first) - first
                return total + p.value(step.visit, engineer: e, lateMinutes: step.lateMinutes)
                    - later * Tuning.laterShiftDayMinutes * Objective.travelPerMinute
            }
            let nights = trip.nightsAway * p.trips.overnightCostMinutes * Objective.travelPerMinute
            return (served - Objective.travelPerMinute * trip.travel - nights, trip.travel, trip.late)
        }
        var time = shift.availableFrom
        var value = 0, travel = 0, late = 0, load = 0
        for i in 1..<nodes.count {
            let t = p.minutes(nodes[i - 1], nodes[i])
            travel += t
            let arrive = time + t
            let node = nodes[i]
            if node >= p.visits.count {
                if arrive > shift.end { return nil }
                time = arrive
                continue
            }
            let v = p.visits[node]
            let start = max(arrive, v.earliest)
            if start > v.latest { return nil }
            if let allowed = lateAllowed, !allowed[node], start > v.onTimeLatest { return nil }
            let lateMinutes = v.deadline.map { max(0, arrive - $0) } ?? 0
            late += lateMinutes
            load += v.demand
            if load > shift.capacity { return nil }
            value += p.value(node, engineer: e, lateMinutes: lateMinutes)
            time = start + v.service
        }
        return (value - Objective.travelPerMinute * travel, travel, late)
    }

    /// The segment of the route between positions `i` and `j` inclusive (O(j − i)).
    func segment(from i: Int, to j: Int, problem p: PlanningProblem, lateAllowed: [Bool]) -> DurationSegment {
        var seg = RouteState.segment(nodes[i], engineer: engineer, problem: p, lateAllowed: lateAllowed)
        if i < j {
            for k in (i + 1)...j {
                seg = seg.then(p.minutes(nodes[k - 1], nodes[k]), RouteState.segment(nodes[k], engineer: engineer, problem: p, lateAllowed: lateAllowed))
            }
        }
        return seg
    }
}
