import FieldOpsCore
import FieldOpsSupport
import Foundation

/// What a proven bound says, beyond its number.
public struct BoundReport: Sendable, Equatable {
    /// How it was proven: `column_generation` (the LP over every route each engineer
    /// could drive, solved to optimality), `lagrangian` (column generation stopped before
    /// that: the bound of its last exact pricing) or `assignment_lp` (a weaker LP, when
    /// column generation proved nothing).
    public var source: String
    /// Why column generation stopped before converging, when it did.
    public var note: String?
    /// The part of the cost no plan can change: the full value of every visit no engineer
    /// can reach in time and be home from.
    public var constant: Double
    /// Must-today visits (urgent repairs, work whose window closes today).
    public var mustToday: Int
    /// The most of them any plan can put on time, when proven.
    public var mustTodayOnTimeMax: Int?
    /// The least travel for the plan's service level, when proven.
    public var travel: TravelBound?

    /// The least travel any plan with the plan's service level drives.
    public struct TravelBound: Sendable, Equatable {
        /// The plan's visits served (on time or late), on time, and must-today visits on
        /// time: the service level.
        public var served: Int
        public var onTime: Int
        public var mustTodayOnTime: Int
        /// The plan's travel minutes.
        public var minutes: Int
        /// On one day, what the plan's work is worth under the objective, travel aside
        /// (part of the service level: the bound is over plans whose work is worth as
        /// much); `nil` over several days, where it is not weighed.
        public var worth: Int? = nil
        /// No plan with at least that service level drives fewer minutes.
        public var atLeast: Double
        /// `column_generation` (the LP solved over every route) or `lagrangian` (stopped early).
        public var source: String

        /// A travel bound.
        public init(served: Int, onTime: Int, mustTodayOnTime: Int, minutes: Int, atLeast: Double, source: String) {
            self.served = served
            self.onTime = onTime
            self.mustTodayOnTime = mustTodayOnTime
            self.minutes = minutes
            self.atLeast = atLeast
            self.source = source
        }

        /// How much more the plan drives than the bound, as a share of the plan's travel.
        public var gap: Double { minutes > 0 ? max(0, Double(minutes) - atLeast) / Double(minutes) : 0 }
    }

    /// A bound's report.
    public init(source: String, note: String? = nil, constant: Double, mustToday: Int, mustTodayOnTimeMax: Int? = nil) {
        self.source = source
        self.note = note
        self.constant = constant
        self.mustToday = mustToday
        self.mustTodayOnTimeMax = mustTodayOnTimeMax
    }
}

/// How a solver ran, for the plan's `solver` block.
public struct SolverReport: Sendable {
    /// `greedy` or `glpk`.
    public var name: String
    /// `local_optimum`, `budget`, `optimal`, `feasible`, `time_limit`, …
    public var status: String
    /// The plan's cost under `Objective` (lower is better).
    public var objective: Int
    /// A proven lower bound on the cost, when the solver has one.
    public var bound: Double?
    /// The relative gap between objective and bound, of the part of the cost a plan can
    /// change (`BoundReport.constant` left out), when known.
    public var gap: Double?
    /// How the bound was proven and what else it proves.
    public var boundReport: BoundReport? = nil
    /// Wall-clock seconds.
    public var seconds: Double
    /// Why a fallback solver was used, if one was.
    public var fallbackReason: String?
    /// Move evaluations (the heuristic's deterministic budget).
    public var evaluations: Int?
}

/// A solver's answer: each engineer's visits in order, and which urgent visits may be late.
public struct Solution: Sendable {
    /// Visit indices per engineer index, in route order.
    public var routes: [[Int]]
    /// Urgent visits that could not be placed on time and are planned late.
    public var lateAllowed: [Bool]
    /// How the solver ran.
    public var report: SolverReport
}

/// Options of the planners.
public struct PlannerOptions: Sendable {
    /// The seed of the search's random order: same input and seed, same plan.
    public var seed: UInt64 = 1
    /// Move evaluations the local search may spend (deterministic).
    public var maxEvaluations = Tuning.maxEvaluations
    /// A wall-clock safety limit in seconds; when it stops the search the plan may
    /// depend on the machine's speed, and the solver status says `time_limit`.
    public var timeLimit: Double = 60
    /// Whether to improve the construction by local search.
    public var localSearch = true
    /// Ruin-and-recreate steps; `nil` chooses by size: `ruinPerVisit` a visit on small
    /// mornings, fewer as mornings grow (`Tuning.ruinStepBudget` / visits, and on the
    /// largest `Tuning.ruinStepSquareBudget` / visits²), never under `Tuning.ruinStepsMinimum`.
    public var ruinIterations: Int?
    /// Ruin-and-recreate steps per visit on small mornings.
    public var ruinPerVisit = Tuning.ruinStepsPerVisit
    /// Routes to start from (visit indices per engineer index) instead of building them by
    /// regret insertion; a route that misses a hard window is left out, and visits in no
    /// route are inserted as usual.
    public var initialRoutes: [[Int]]?
    /// Independent searches, each from its own seed, side by side on the cores, the
    /// cheapest plan kept; `nil` chooses by size (`searches(visits:)`).
    public var searchCount: Int?

    /// The ruin-and-recreate steps for `visits` visits.
    public func ruinSteps(visits: Int) -> Int {
        ruinIterations ?? max(Tuning.ruinStepsMinimum, min(ruinPerVisit * visits, Tuning.ruinStepBudget / max(visits, 1),
                                                             Tuning.ruinStepSquareBudget / max(visits * visits, 1)))
    }

    /// The independent searches for `visits` visits: one while each visit gets its
    /// `ruinPerVisit` steps, two (`Tuning.searchesWhenCut`) where `Tuning.ruinStepBudget`
    /// cuts that budget, so the second core buys back some of what the cut costs, and one
    /// again where `Tuning.ruinStepSquareBudget` rules (from 2,969 visits), which keeps the
    /// largest mornings fast: there the second search cost a fifth more wall clock and was
    /// not cheaper. A budget set by `ruinIterations` keeps one search. The count does not
    /// depend on the machine's cores, so the plan is the same on any machine.
    public func searches(visits: Int) -> Int {
        if let searchCount { return max(1, searchCount) }
        guard ruinIterations == nil else { return 1 }
        let cut = ruinSteps(visits: visits) < ruinPerVisit * visits
        let bySquare = Tuning.ruinStepSquareBudget / max(visits * visits, 1) < Tuning.ruinStepBudget / max(visits, 1)
        return cut && !bySquare ? Tuning.searchesWhenCut : 1
    }

    /// The seed of independent search `k` (search 0 has `seed` itself, as with one).
    func seed(ofSearch k: Int) -> UInt64 {
        seed &+ UInt64(k) &* Tuning.searchSeedStride
    }

    /// Default options.
    public init() {}
}

/// Something that turns today's problem into routes.
public protocol Planner: Sendable {
    /// Plans `problem`.
    func solve(_ problem: PlanningProblem, options: PlannerOptions) -> Solution
}

/// The pure-Swift planner: regret insertion class by class in the order of the objective,
/// ruin-and-recreate, then the urgent repairs that can only be late where they fit, a
/// shorter ruin-and-recreate and local search.
public struct GreedyPlanner: Planner {
    /// Creates the planner.
    public init() {}

    /// Plans `problem`.
    public func solve(_ problem: PlanningProblem, options: PlannerOptions) -> Solution {
        var none: RoutePool?
        return search(problem, options: options, pool: &none)
    }

    /// Plans `problem`, keeping every feasible route the search builds in `pool`.
    func solve(_ problem: PlanningProblem, options: PlannerOptions, pool: inout RoutePool) -> Solution {
        var kept: RoutePool? = pool
        let solution = search(problem, options: options, pool: &kept)
        pool = kept ?? pool
        return solution
    }

    /// Runs `options.searches(visits:)` independent searches side by side, each from its
    /// own seed, and keeps the cheapest plan (the earlier seed's on a tie) with its pool of
    /// routes: which core finishes first never matters, so the same seed gives the same
    /// plan. Search 0 is the one search of smaller mornings, so a second search can only
    /// make the plan cheaper.
    private func search(_ problem: PlanningProblem, options: PlannerOptions, pool: inout RoutePool?) -> Solution {
        let count = options.searches(visits: problem.visits.count)
        guard count > 1 else { return search(problem, options: options, seed: options.seed, pool: &pool) }
        let started = Date()
        let given = pool
        let results = parallelMap(count) { k in
            var own = given
            let solution = search(problem, options: options, seed: options.seed(ofSearch: k), pool: &own)
            return (solution: solution, pool: own)
        }
        let best = results.indices.min { (results[$0].solution.report.objective, $0) < (results[$1].solution.report.objective, $1) }!
        pool = results[best].pool
        var solution = results[best].solution
        solution.report.seconds = Date().timeIntervalSince(started)
        return solution
    }

    private func search(_ problem: PlanningProblem, options: PlannerOptions, seed: UInt64, pool: inout RoutePool?) -> Solution {
        let started = Date()
        let search = Search(problem: problem)
        search.pool = pool
        defer { pool = search.pool }
        let byClass = Dictionary(grouping: problem.visits.indices, by: { problem.visits[$0].visitClass })
        // First the day as if nothing could be late: on-time work of every class, improved
        // by local search and ruin-and-recreate, so that no late visit holds capacity an
        // on-time one could use. Then the urgent visits that cannot be on time, planned late
        // where they fit, and a last local search over everything.
        if let initial = options.initialRoutes { search.start(from: initial) }
        for c in VisitClass.allCases { search.regretInsert(byClass[c] ?? []) }
        let deadline = started.addingTimeInterval(options.timeLimit)
        let neighbours = options.localSearch ? problem.visitNeighbours(k: Tuning.visitNeighbours) : []
        var status = "construction"
        // Whether the clock cut a round of ruin-and-recreate short: the status says so.
        var cut = false
        if options.localSearch {
            cut = search.ruinAndRecreate(iterations: options.ruinSteps(visits: problem.visits.count), seed: seed,
                                         neighbours: neighbours,
                                         maxEvaluations: options.maxEvaluations, deadline: deadline)
        }
        let missed = (byClass[.urgent] ?? []).filter { search.routeOf[$0] < 0 }
        for v in missed { search.setLateAllowed(v, true) }
        search.allowLate = true
        search.regretInsert(missed)
        if options.localSearch {
            // Late visits now hold capacity too: a shorter round of ruin-and-recreate lets
            // on-time and late work settle around each other.
            cut = search.ruinAndRecreate(iterations: options.ruinSteps(visits: problem.visits.count) / Tuning.lateRoundDivisor, seed: seed &+ 2,
                                         neighbours: neighbours,
                                         maxEvaluations: options.maxEvaluations, deadline: deadline) || cut
            let stopped = search.improve(seed: seed &+ 1, maxEvaluations: options.maxEvaluations, deadline: deadline)
            status = stopped ? (search.evaluations > options.maxEvaluations ? "budget" : "time_limit") : cut ? "time_limit" : "local_optimum"
        }
        let report = SolverReport(name: "greedy", status: status, objective: search.cost, bound: nil, gap: nil,
                                  seconds: Date().timeIntervalSince(started), fallbackReason: nil,
                                  evaluations: search.evaluations)
        return Solution(routes: search.routes.map(\.visits), lateAllowed: search.lateAllowed, report: report)
    }
}

/// Route minimisation: the same routes with one vehicle fewer, found by ejection search
/// (`Search/EjectionSearch.swift`). For one-day problems with hard windows, as the routing
/// literature ranks solutions (every customer served, then fewest vehicles).
public enum RouteMinimiser {
    /// Every visit of `routes` (one route per engineer of a problem with one engineer more
    /// than `problem`) in `problem.shifts.count` routes, or `nil` when `steps` ejection
    /// steps (or `deadline`) did not find them. The route with the fewest visits is
    /// emptied first; the same routes, problem and seed give the same answer.
    public static func fewerRoutes(_ problem: PlanningProblem, from routes: [[Int]], steps: Int = Tuning.ejectionSteps,
                                   seed: UInt64 = 1, deadline: Date = .distantFuture) -> [[Int]]? {
        attempt(problem, from: routes, steps: steps, seed: seed, deadline: deadline, giveUp: { _ in false })?.routes
    }

    /// The same with one attempt per seed, side by side on the machine's cores: the answer
    /// of the first seed whose attempt emptied its pool, or `nil` when none did. An attempt
    /// gives up once one of an earlier seed has succeeded, since it can no longer be the
    /// answer: a failing attempt of a later seed no longer holds up a successful one (R204
    /// of the 2-series waited 64 s for it), and which attempt the machine ran faster never
    /// shows in the answer.
    public static func fewerRoutes(_ problem: PlanningProblem, from routes: [[Int]], steps: Int = Tuning.ejectionSteps,
                                   seeds: [UInt64], deadline: Date = .distantFuture) -> [[Int]]? {
        let race = Race()
        let found = parallelMap(seeds.count) { k in
            let answer = attempt(problem, from: routes, steps: steps, seed: seeds[k], deadline: deadline) { _ in race.beaten(k) }
            if answer != nil { race.succeeded(k) }
            return answer
        }
        return found.compactMap { $0 }.first?.routes
    }

    /// One attempt: the routes and the steps it took, or `nil`.
    private static func attempt(_ problem: PlanningProblem, from routes: [[Int]], steps: Int, seed: UInt64, deadline: Date,
                                giveUp: (Int) -> Bool) -> (routes: [[Int]], steps: Int)? {
        precondition(!problem.isMultiDay, "route minimisation times routes by their segments: one-day problems only")
        let used = routes.filter { !$0.isEmpty }
        guard let smallest = used.indices.min(by: { (used[$0].count, $0) < (used[$1].count, $1) }) else { return (routes, 0) }
        var kept = used
        let pool = kept.remove(at: smallest)
        guard kept.count <= problem.shifts.count else { return nil }
        let search = Search(problem: problem)
        search.start(from: kept)
        let out = pool + problem.visits.indices.filter { search.routeOf[$0] < 0 && !pool.contains($0) }
        guard let taken = search.ejectionSearch(pool: out.reversed(), steps: steps, seed: seed, deadline: deadline, giveUp: giveUp) else { return nil }
        return (search.routes.map(\.visits), taken)
    }

    /// The attempts' shared record: the earliest seed that has succeeded so far.
    private final class Race: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Int?

        /// Whether an attempt of an earlier seed than `k` has succeeded.
        func beaten(_ k: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return first.map { $0 < k } ?? false
        }

        /// The attempt of seed `k` succeeded.
        func succeeded(_ k: Int) {
            lock.lock()
            defer { lock.unlock() }
            first = min(first ?? k, k)
        }
    }
}

extension RouteMinimiser {
    /// The shortest feasible plan found from `routes` (visit indices per engineer index of
    /// `problem`, every visit in one) by iterated local search through infeasible space
    /// (`Search/PenalisedSearch.swift`): time warp and excess load are priced, not refused,
    /// so the search can pass through infeasible plans between two feasible ones. `nil`
    /// when no feasible plan was seen. One-day problems; the same input and seed give the
    /// same answer unless `deadline` stops the search.
    public static func shorter(_ problem: PlanningProblem, from routes: [[Int]], steps: Int, seed: UInt64 = 1,
                               deadline: Date = .distantFuture) -> [[Int]]? {
        precondition(!problem.isMultiDay, "penalised search times routes by their segments: one-day problems only")
        var search = PenalisedSearch(problem: problem, routes: routes, lateAllowed: Array(repeating: false, count: problem.visits.count),
                                     neighbours: problem.granularNeighbours(k: Tuning.granularNeighbours),
                                     weights: .init(travel: 1, warp: Tuning.initialWarpWeight, load: Tuning.initialWarpWeight * Tuning.squeezeLoadWeight))
        search.runs = PenalisedSearch.longRoutes(routes)
        return search.iterate(steps: steps, seed: seed, deadline: deadline)
    }
}
