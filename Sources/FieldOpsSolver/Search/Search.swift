import FieldOpsCore
import FieldOpsSupport
import Foundation
import HeapModule

/// The state of a search: every engineer's route, which visits are where, and which
/// urgent visits may be late. Construction (`Insertion.swift`), ruin-and-recreate and
/// the local search's operators (`Operators/`) all work on it, and change it only
/// through `setRoute`, `setLateAllowed` and `restore`, which keep every route's cache
/// and `routeOf` true to the routes.
final class Search {
    let p: PlanningProblem
    private(set) var routes: [RouteState]
    /// Which urgent visits may be planned late (their segments use the window's end, not
    /// the deadline).
    private(set) var lateAllowed: [Bool]
    /// The engineer whose route holds each visit, or -1.
    private(set) var routeOf: [Int]
    /// For each engineer, the visits that list it as a candidate.
    let candidateOf: [[Int]]
    /// Move evaluations so far (a deterministic budget).
    var evaluations = 0
    /// Whether ruin-and-recreate may plan an urgent visit late when it cannot be on time.
    var allowLate = false
    /// When set, every feasible route the search builds is kept here, for an integer
    /// program to choose the best combination of them afterwards.
    var pool: RoutePool?
    /// Counts route changes; `changedAt[e]` is the count when route `e` last changed, so
    /// local search can skip what nothing has touched since it was last found optimal.
    private(set) var clock = 0
    private(set) var changedAt: [Int]

    init(problem: PlanningProblem) {
        p = problem
        lateAllowed = Array(repeating: false, count: problem.visits.count)
        routeOf = Array(repeating: -1, count: problem.visits.count)
        var inverse = Array(repeating: [Int](), count: problem.shifts.count)
        for (v, list) in problem.candidates.enumerated() { for e in list { inverse[e].append(v) } }
        candidateOf = inverse
        changedAt = Array(repeating: 0, count: problem.shifts.count)
        let late = lateAllowed
        routes = problem.shifts.indices.map { RouteState(engineer: $0, problem: problem, lateAllowed: late) }
    }

    /// Replaces engineer `e`'s visits and refreshes its cache.
    func setRoute(_ e: Int, _ visits: [Int]) {
        for v in routes[e].visits where routeOf[v] == e { routeOf[v] = -1 }
        routes[e].rebuild(visits: visits, problem: p, lateAllowed: lateAllowed)
        for v in visits { routeOf[v] = e }
        if pool != nil, !visits.isEmpty, routes[e].value > Tuning.infeasibleRouteThreshold { pool!.add(engineer: e, visits: visits, value: routes[e].value) }
        clock += 1
        changedAt[e] = clock
    }

    /// Starts from `routes` (visit indices per engineer index): each route that meets every
    /// hard window (and whose visits the engineer is qualified for, each once) is set; the
    /// visits of the others stay out of every route.
    func start(from routes: [[Int]]) {
        for (e, visits) in routes.enumerated() where e < self.routes.count && !visits.isEmpty {
            guard Set(visits).count == visits.count,
                  visits.allSatisfy({ p.visits.indices.contains($0) && routeOf[$0] < 0 && p.qualified(e, for: $0) }) else { continue }
            setRoute(e, visits)
            if self.routes[e].value <= Tuning.infeasibleRouteThreshold { setRoute(e, []) }
        }
    }

    /// Lets visit `v` be planned late, or not. A visit's flag changes its route's
    /// segments, so the route that holds it is rebuilt.
    func setLateAllowed(_ v: Int, _ allowed: Bool) {
        guard lateAllowed[v] != allowed else { return }
        lateAllowed[v] = allowed
        if routeOf[v] >= 0 { setRoute(routeOf[v], routes[routeOf[v]].visits) }
    }

    /// What a step may change, saved so that it can be undone: the routes of some
    /// engineers and the late flags of some visits.
    struct Snapshot {
        /// Engineers' visits before the step.
        var routes: [Int: [Int]]
        /// Visits' late flags before the step.
        var late: [(visit: Int, allowed: Bool)]
    }

    /// A snapshot of `engineers`' routes and `visits`' flags.
    func snapshot(engineers: some Sequence<Int>, visits: [Int]) -> Snapshot {
        var routes: [Int: [Int]] = [:]
        for e in engineers where routes[e] == nil { routes[e] = self.routes[e].visits }
        return Snapshot(routes: routes, late: visits.map { ($0, lateAllowed[$0]) })
    }

    /// A snapshot of the whole state.
    func snapshot() -> Snapshot {
        snapshot(engineers: routes.indices, visits: Array(lateAllowed.indices))
    }

    /// Puts back what `snapshot` saved. Routes whose visits differ are rebuilt, in
    /// engineer order; `moved` are the visits the step may have moved out of the saved
    /// routes (they are out of every route unless a saved route holds them).
    ///
    /// A route whose visits are the same but that holds a visit whose flag the restore
    /// changes is rebuilt too: its segments were built with the other flag (a visit taken
    /// out, put back on time in the same place, and the step then undone).
    func restore(_ snapshot: Snapshot, moved: [Int]) {
        var reflagged = Set<Int>()
        for (v, allowed) in snapshot.late where lateAllowed[v] != allowed {
            lateAllowed[v] = allowed
            reflagged.insert(v)
        }
        let changed = snapshot.routes.filter { e, list in
            routes[e].visits != list || list.contains(where: reflagged.contains)
        }.sorted { $0.key < $1.key }
        for v in moved { routeOf[v] = -1 }
        for (e, list) in changed { setRoute(e, list) }
        for (e, list) in snapshot.routes { for v in list { routeOf[v] = e } }
    }

    /// The plan's cost: the value of every visit not served on time, lateness and travel.
    var cost: Int {
        p.fullValueOfAll - routes.reduce(0) { $0 + $1.value }
    }
}
