import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Something that solves a mixed-integer program: the planner talks to this, and only
/// the GLPK adapter knows which solver is behind it.
public protocol MIPSolving: Sendable {
    /// Solves `model` within `seconds`, or says why it cannot.
    func solve(_ model: MIPModel, seconds: Double) throws(MIPError) -> MIPResult
    /// A linear program of rows `Σ a x ≤ rowUpper` kept between solves, columns added as
    /// they come (column generation's master), or `nil` when the solver keeps none.
    func makeMaster(rowUpper: [Double]) -> (any LPMaster)?
}

extension MIPSolving {
    /// No kept program: column generation rebuilds its master each round.
    public func makeMaster(rowUpper: [Double]) -> (any LPMaster)? { nil }
}

/// A linear program kept between solves: minimise Σ cost x over x ≥ 0 with the rows it
/// was made with; each solve starts from the last one's basis.
public protocol LPMaster: AnyObject {
    /// Adds columns: each a cost and its entries (row, coefficient).
    func add(columns: [(cost: Double, entries: [(row: Int, value: Double)])]) throws(MIPError)
    /// Solves within `seconds`: the objective and each row's dual, or `nil` when the
    /// simplex stopped short of an optimum.
    func solve(seconds: Double) throws(MIPError) -> (objective: Double, duals: [Double])?
    /// Adds rows `Σ a x ≤ upper` over the columns there are (each entry a column, by the
    /// order columns were added, and its coefficient); the next solve starts from the
    /// last basis.
    func add(rows: [(upper: Double, entries: [(column: Int, value: Double)])]) throws(MIPError)
    /// The last optimal solution's column values, in the order the columns were added.
    func primal() -> [Double]
    /// Fixes columns (by the order they were added) at `value`: their lower and upper
    /// bound both; the next solve starts from the last basis.
    func fix(columns: [Int], at value: Double) throws(MIPError)
}

extension LPMaster {
    /// Adds columns: each a cost and its rows (coefficient 1).
    public func add(columns: [(cost: Double, rows: [Int])]) throws(MIPError) {
        try add(columns: columns.map { (cost: $0.cost, entries: $0.rows.map { (row: $0, value: 1.0) }) })
    }
}

/// Routes the heuristic built along the way, each feasible, with its value under the
/// objective: the columns of the route-selection program.
struct RoutePool: Sendable {
    struct Column: Sendable {
        var engineer: Int
        var visits: [Int]
        var value: Int
    }

    private(set) var columns: [Column] = []
    private var seen = Set<[Int]>()
    /// At most this many columns are kept (memory and solve time).
    let limit: Int

    init(limit: Int = Tuning.routePoolColumns) { self.limit = limit }

    mutating func add(engineer: Int, visits: [Int], value: Int) {
        guard columns.count < limit else { return }
        let key = [engineer] + visits
        guard seen.insert(key).inserted else { return }
        columns.append(Column(engineer: engineer, visits: visits, value: value))
    }
}

/// The integer planner: the greedy planner's search keeps every route it builds; an
/// integer program then chooses at most one route per engineer and each visit at most
/// once so that the plan's cost is least (a set-partitioning model over generated
/// routes). The greedy plan is among the columns and is given as the first incumbent,
/// so the result is never worse. Engineers and visits that share no route are solved
/// as separate, smaller programs. A valid lower bound on any plan's cost comes from the
/// LP relaxation of an assignment model (`AssignmentBound`).
public struct IntegerPlanner: Planner {
    /// The most visits `--solver auto` gives the integer program.
    public static let autoLimit = Tuning.integerProgramVisits

    /// The MIP solver.
    public var solver: any MIPSolving

    /// Creates the planner over a MIP solver.
    public init(solver: any MIPSolving) {
        self.solver = solver
    }

    /// Plans `problem`; falls back to the greedy plan, saying why, when the program fails.
    public func solve(_ problem: PlanningProblem, options: PlannerOptions) -> Solution {
        let started = Date()
        var pool = RoutePool()
        let greedy = GreedyPlanner().solve(problem, options: options, pool: &pool)
        var report = greedy.report
        report.name = "glpk"
        let full = problem.fullValueOfAll
        let deadline = started.addingTimeInterval(options.timeLimit)
        do throws(MIPError) {
            guard deadline.timeIntervalSinceNow > 0.05 else {
                throw MIPError(description: "the time limit was spent before GLPK could run")
            }
            let greedyColumns = greedy.routes.enumerated().compactMap { e, visits -> RoutePool.Column? in
                visits.isEmpty ? nil : RoutePool.Column(engineer: e, visits: visits, value: 0)
            }
            // The bound first: column generation over every route (half the time left), its
            // routes joining the heuristic's as columns of the route program; the assignment
            // LP when it proved nothing; then the most must-today visits any plan can put on
            // time (`Tuning.mustTodayBoundShare` of what is left). Then the route programs,
            // each with a share of the rest in proportion to its columns.
            var bound: Double?
            var boundReport = BoundReport(source: "assignment_lp", constant: ColumnGeneration.constantCost(problem),
                                          mustToday: problem.mustTodayVisits)
            // The master starts small (the greedy routes and each engineer's most valuable
            // pool routes): pricing adds what the duals ask for, and a small master solves
            // fast. Over several days pricing times trips in work time (a relaxation, so
            // the bound holds); a priced trip joins the route program only when
            // `TripTimer` can drive it, at its real value.
            let start = greedyColumns + ColumnGeneration.seed(pool.columns, engineers: problem.shifts.count)
            // Pricing's tables must fit in memory (a morning `auto` would not give GLPK).
            let unpriced = IntegerPlanner.unpricedNote(problem, deadline: nil)
            let priced = unpriced == nil
            // Memories grow at once where the route program is too large to solve whole
            // (1,000-ticket mornings): there the time limit stops column generation.
            let generated = priced ? ColumnGeneration.run(problem, start: start, solver: solver,
                                                          deadline: Date().addingTimeInterval(max(0.05, deadline.timeIntervalSinceNow / 2)),
                                                          growMemoriesAtOnce: pool.columns.count > Tuning.routeProgramWholeColumns)
                : ColumnGeneration.Outcome.none
            for c in generated.columns {
                guard let value = problem.isMultiDay ? RouteSelection.value(of: c.visits, engineer: c.engineer, problem) : c.value else { continue }
                pool.add(engineer: c.engineer, visits: c.visits, value: value)
            }
            if let proven = generated.bound {
                bound = proven
                boundReport.source = generated.converged ? "column_generation" : "lagrangian"
                boundReport.note = generated.stopped
            }
            if bound == nil || problem.isMultiDay {
                // At least a second for the assignment LP: a plan from GLPK always states a
                // bound (GLPK overshoots its limit by its first LP anyway). Over several days
                // both bounds are relaxations that miss different things (trips' pricing
                // counts no nights; the assignment LP no legs between visits): the higher.
                if let lp = AssignmentBound.lowerBound(problem, solver: solver, seconds: max(1, deadline.timeIntervalSinceNow / 4)),
                   lp > bound ?? -.infinity {
                    bound = lp
                    boundReport.source = "assignment_lp"
                    boundReport.note = nil
                }
            }
            if let unpriced { boundReport.note = unpriced }
            // How column generation proved the must-today bound, when it did (not the reach).
            var mustProof: (converged: Bool, stopped: String?)?
            // The must-today bound's routes, where they do not join the pool (below).
            var mustRoutes: [RoutePool.Column] = []
            // The plan the must-today bound's dive ends in, every visit it left out then
            // inserted where it fits (`complete`), when it dived.
            var divedPlan: (routes: [[Int]], value: Int)?
            if boundReport.mustToday > 0, !priced {
                boundReport.mustTodayOnTimeMax = ReachBound.mustTodayOnTime(problem)
            } else if boundReport.mustToday > 0 {
                // Where the route program will be solved by neighbourhoods, its LP then dives
                // (with pricing at every fix) for a plan that starts them: most of the time
                // the program would have had.
                let left = deadline.timeIntervalSinceNow
                let boundUntil = Date().addingTimeInterval(max(0.05, left * Tuning.mustTodayBoundShare))
                let diving = pool.columns.count > Tuning.routeProgramWholeColumns
                let must = ColumnGeneration.mustToday(problem, start: start, after: generated, solver: solver, deadline: boundUntil,
                                                      dive: diving ? boundUntil.addingTimeInterval(left * (1 - Tuning.mustTodayBoundShare) * Tuning.priceDiveShare) : nil)
                if let dived = must.dived {
                    var routes = Array(repeating: [Int](), count: problem.shifts.count)
                    for c in dived { routes[c.engineer] = c.visits }
                    let completed = RouteSelection.complete(routes, problem: problem, options: options, deadline: deadline)
                    let values = completed.enumerated().compactMap { e, visits in RouteSelection.value(of: visits, engineer: e, problem) }
                    if values.count == completed.count { divedPlan = (completed, values.reduce(0, +)) }
                }
                // Engineers' reach bounds it too, in a moment: where pricing stopped short
                // it can be the lower of the two.
                let byColumns = must.bound.map(problem.mustTodayOnTimeMost(fromBound:))
                boundReport.mustTodayOnTimeMax = [byColumns, ReachBound.mustTodayOnTime(problem)].compactMap { $0 }.min()
                if let byColumns, byColumns == boundReport.mustTodayOnTimeMax { mustProof = (must.converged, must.stopped) }
                // Its routes put many must-today visits on time: columns of the route program
                // too, where the program is solved whole; beyond that, neighbourhoods of
                // their own before the pool's (in the pool they only spread the
                // neighbourhoods' time thinner: measured no better). Only the routes of its
                // LP without cuts: those priced after the cuts serve the bound (on the
                // sample they led GLPK's node-limited search to a plan 64 dearer).
                let mustColumns = must.columns.prefix(must.columnsBeforeCuts).compactMap { c in
                    RouteSelection.value(of: c.visits, engineer: c.engineer, problem).map { RoutePool.Column(engineer: c.engineer, visits: c.visits, value: $0) }
                }
                if pool.columns.count + mustColumns.count <= Tuning.routeProgramWholeColumns {
                    for c in mustColumns { pool.add(engineer: c.engineer, visits: c.visits, value: c.value) }
                } else {
                    mustRoutes = mustColumns
                }
            }
            // The plan the route programs start from: the dive's where it beats the greedy
            // plan (its routes join the pool, so the programs see them), else the greedy plan.
            var startRoutes = greedy.routes
            var value = full - greedy.report.objective
            var fromDive = false
            if let divedPlan, divedPlan.value > value {
                startRoutes = divedPlan.routes
                value = divedPlan.value
                fromDive = true
                for (e, visits) in startRoutes.enumerated() where !visits.isEmpty {
                    if let worth = RouteSelection.value(of: visits, engineer: e, problem) { pool.add(engineer: e, visits: visits, value: worth) }
                }
            }
            let components = RouteSelection.components(pool.columns, engineers: problem.shifts.count)
            let totalColumns = max(1, pool.columns.count)
            // The route programs get most of what is left; the travel bound the rest.
            let budget = deadline.timeIntervalSinceNow * Tuning.routeProgramShare
            var routes = startRoutes
            // Start from the start plan's value; a component GLPK solves swaps its
            // engineers' start routes for the routes it chose.
            let startValue = startRoutes.enumerated().map { e, visits in RouteSelection.value(of: visits, engineer: e, problem) ?? 0 }
            var proven = true, timedOut = false, neighbourhoods = false
            for component in components.sorted(by: { $0.count > $1.count }) {
                let columns = component.map { pool.columns[$0] }
                let share = max(0.05, min(deadline.timeIntervalSinceNow, budget * Double(columns.count) / Double(totalColumns)))
                if columns.count > Tuning.routeProgramWholeColumns {
                    // Too many routes for one program in the time: programs over a few
                    // nearby engineers at a time, the others' routes held.
                    let engineersHere = Set(columns.map(\.engineer))
                    var current = startRoutes, currentValue = startValue
                    let mustHere = mustRoutes.filter { engineersHere.contains($0.engineer) }
                    // Given the time, a dive in the LP of all these routes first: a start for
                    // the neighbourhoods where it beats the greedy plan.
                    let until = Date().addingTimeInterval(share)
                    if !fromDive, share >= Tuning.diveLeastSeconds,
                       let dived = try RouteSelection.dive(columns: mustHere + columns, visits: problem.visits.count, engineers: problem.shifts.count,
                                                           above: engineersHere.reduce(0, { $0 + currentValue[$1] }), solver: solver,
                                                           deadline: Date().addingTimeInterval(share * Tuning.diveShare)) {
                        for e in engineersHere {
                            current[e] = []
                            currentValue[e] = 0
                        }
                        for c in dived {
                            current[c.engineer] = c.visits
                            currentValue[c.engineer] = c.value
                        }
                    }
                    // First over the must-today bound's routes: on three 1,000-ticket mornings
                    // at 60 s, 1–4 more must-today visits on time than the pool's alone.
                    let local = try RouteSelection.improveByNeighbourhoods(first: mustHere,
                                                                          then: columns, routes: &current, values: &currentValue,
                                                                          problem: problem, solver: solver,
                                                                          firstDeadline: Date().addingTimeInterval(until.timeIntervalSinceNow * Tuning.mustTodayNeighbourhoodShare),
                                                                          deadline: until)
                    for e in engineersHere {
                        value += currentValue[e] - startValue[e]
                        routes[e] = current[e]
                    }
                    proven = false
                    neighbourhoods = true
                    timedOut = timedOut || !local
                    continue
                }
                guard let chosen = try RouteSelection.solve(columns: columns, greedy: startRoutes, solver: solver, seconds: share) else {
                    proven = false   // out of time: these engineers keep their start routes
                    timedOut = true
                    continue
                }
                proven = proven && chosen.optimal
                timedOut = timedOut || (!chosen.optimal && !chosen.nodeLimited)
                let engineersHere = Set(columns.map(\.engineer))
                for e in engineersHere {
                    value -= startValue[e]
                    routes[e] = []
                }
                for column in chosen.columns {
                    routes[column.engineer] = column.visits
                    value += column.value
                }
            }
            if bound != nil, deadline.timeIntervalSinceNow > 0.05,
               var travel = ColumnGeneration.travelBound(problem, routes: routes, solver: solver, deadline: deadline) {
                // The least travel any plan with this plan's service level drives, in what
                // is left of the time limit. Its routes reach that level on little travel:
                // a plan over them worth more replaces this one (never a lower level, so
                // the bound still holds), and the bound is proved again for the new plan.
                var level = travel.plan
                var atLeast = travel.minutes, converged = travel.converged
                for _ in 0..<Tuning.lessTravelRounds where deadline.timeIntervalSinceNow > Tuning.lessTravelSeconds {
                    guard let better = try RouteSelection.lessTravel(problem, routes: &routes, value: &value, travel: travel, solver: solver,
                                                                     seconds: deadline.timeIntervalSinceNow)
                    else { break }
                    level = better
                    guard deadline.timeIntervalSinceNow > 0.05,
                          let again = ColumnGeneration.travelBound(problem, routes: routes, solver: solver, deadline: deadline) else { break }
                    travel = again
                    // Both bounds hold for this plan's level (at least the first's): the higher.
                    if again.minutes > atLeast || (again.converged && !converged && again.minutes >= atLeast) {
                        atLeast = again.minutes
                        converged = again.converged
                    }
                }
                boundReport.travel = .init(served: level.served, onTime: level.onTime, mustTodayOnTime: level.mustToday, minutes: level.minutes,
                                           atLeast: min(atLeast, Double(level.minutes)),
                                           source: converged ? "column_generation" : "lagrangian")
                if !problem.isMultiDay { boundReport.travel?.worth = level.worth }
            }
            let cost = full - value
            if cost > greedy.report.objective {
                throw MIPError(description: "the program's plan (\(cost)) is worse than the greedy plan (\(greedy.report.objective))")
            }
            report.status = proven ? "optimal_over_routes" : timedOut ? "time_limit" : neighbourhoods ? "local_optimum_over_routes" : "node_limit"
            report.objective = cost
            // Every plan's cost holds the value of visits no one can reach: a weaker bound is
            // raised to that; none is above the plan's own cost.
            report.bound = bound.map { min(max($0, boundReport.constant), Double(cost)) }
            // The gap of the part of the cost a plan can change: the value of visits no one
            // can reach is in every plan's cost and in the bound alike.
            let changeable = Double(cost) - boundReport.constant
            report.gap = report.bound.map { changeable > 0 ? (Double(cost) - $0) / changeable : 0 }
            if bound == nil {
                // No value bound (a morning far larger than GLPK's usual, its column
                // generation out of time): the must-today bound is still worth stating, with
                // what proved it.
                if let mustProof {
                    boundReport.boundedMustTodayOnly(converged: mustProof.converged, stopped: mustProof.stopped)
                } else {
                    boundReport.source = "reach"
                    if priced { boundReport.note = "column generation proved nothing in the time" }
                }
            }
            report.boundReport = bound != nil || boundReport.mustTodayOnTimeMax != nil ? boundReport : nil
            report.seconds = Date().timeIntervalSince(started)
            report.fallbackReason = nil
            return Solution(routes: routes, lateAllowed: greedy.lateAllowed, report: report)
        } catch {
            var fallback = greedy
            fallback.report.fallbackReason = error.description
            fallback.report.seconds = Date().timeIntervalSince(started)
            return fallback
        }
    }
}

extension IntegerPlanner {
    /// Bounds a plan the integer program did not make (a morning too large for it) within
    /// `deadline`: the most must-today visits on time by engineers' reach
    /// (`ReachBound`), then column generation over the whole morning, for the objective
    /// with half the time and for the must-today visits with the rest, where pricing can
    /// hold every engineer's legs (`Tuning.pricingLegs`) and the time is enough for them
    /// (`Tuning.pricingLegsPerSecond`). Sets the report's bound, gap and bound report;
    /// leaves them when nothing was proved. `spent`: the seconds the plan took before it,
    /// which the note's suggested time limit counts.
    static func boundWithoutProgram(_ problem: PlanningProblem, solution: inout Solution, solver: any MIPSolving, deadline: Date,
                                    spent: Double = 0) {
        let mustToday = problem.mustTodayVisits
        var boundReport = BoundReport(source: "reach", constant: ColumnGeneration.constantCost(problem), mustToday: mustToday)
        boundReport.mustTodayOnTimeMax = ReachBound.mustTodayOnTime(problem)
        var bound: Double?
        if let unpriced = unpricedNote(problem, deadline: deadline, spent: spent) {
            boundReport.note = unpriced
        } else {
            let start = solution.routes.enumerated().compactMap { e, visits -> RoutePool.Column? in
                visits.isEmpty ? nil : RoutePool.Column(engineer: e, visits: visits, value: 0)
            }
            let generated = ColumnGeneration.run(problem, start: start, solver: solver,
                                                 deadline: Date().addingTimeInterval(max(0, deadline.timeIntervalSinceNow / 2)))
            // A Lagrangian bound far from converged can fall below the part no plan can
            // change: it says nothing then.
            if let proven = generated.bound, proven > boundReport.constant {
                bound = proven
                boundReport.source = generated.converged ? "column_generation" : "lagrangian"
                boundReport.note = generated.stopped
            } else {
                boundReport.note = "column generation proved nothing in the time"
            }
            if mustToday > 0 {
                let must = ColumnGeneration.mustToday(problem, start: start, after: generated, solver: solver, deadline: deadline)
                if let most = must.bound.map(problem.mustTodayOnTimeMost(fromBound:)), most < boundReport.mustTodayOnTimeMax ?? .max {
                    boundReport.mustTodayOnTimeMax = most
                    if bound == nil {
                        // Column generation bounded the must-today visits, not the value.
                        boundReport.boundedMustTodayOnly(converged: must.converged, stopped: must.stopped)
                    }
                }
            }
        }
        guard bound != nil || boundReport.mustTodayOnTimeMax != nil else { return }
        solution.report.boundReport = boundReport
        guard let bound else { return }
        let cost = solution.report.objective
        let lower = min(bound, Double(cost))
        let changeable = Double(cost) - boundReport.constant
        solution.report.bound = lower
        solution.report.gap = changeable > 0 ? (Double(cost) - lower) / changeable : 0
    }

    /// Why column generation cannot run on `problem`, for the bound's note, or `nil` when
    /// it can: its pricing tables must fit in memory (`Tuning.pricingLegs`); given a
    /// `deadline`, the time left must be enough for them too
    /// (`Tuning.pricingLegsPerSecond`): what it needs to prove anything grows with its
    /// tables, and with too little the dispatcher would wait the whole limit for nothing.
    /// The time limit it suggests counts the `spent` seconds the plan took before it (a
    /// limit of only the tables' seconds would leave them too little).
    static func unpricedNote(_ problem: PlanningProblem, deadline: Date?, spent: Double = 0) -> String? {
        let legs = Pricing.tableLegs(problem)
        if legs > Tuning.pricingLegs {
            return "column generation not run: its pricing would hold \(legs) legs, more than \(Tuning.pricingLegs)"
        }
        let seconds = Double(legs) / Tuning.pricingLegsPerSecond
        if let deadline, seconds > deadline.timeIntervalSinceNow {
            return "column generation not run: its pricing would hold \(legs) legs, work for --time-limit \(Int((spent + seconds).rounded(.up)) + 1) or more"
        }
        return nil
    }
}

/// Builds and solves the route-selection program.
enum RouteSelection {
    /// Engineer `e`'s route through `visits` under the objective, as the planner times it
    /// (0 for none), or `nil` when it cannot be driven.
    static func value(of visits: [Int], engineer e: Int, _ p: PlanningProblem) -> Int? {
        visits.isEmpty ? 0 : RouteState.evaluate(nodes: [p.startNode(e)] + visits + [p.endNode(e)], engineer: e, problem: p)?.value
    }

    /// Column indices grouped by connected engineers and visits: programs that do not
    /// interact, solved apart.
    static func components(_ columns: [RoutePool.Column], engineers: Int) -> [[Int]] {
        var parent = Array(0..<engineers)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var owner: [Int: Int] = [:]
        for c in columns {
            for v in c.visits {
                if let e = owner[v] { parent[find(e)] = find(c.engineer) } else { owner[v] = c.engineer }
            }
        }
        var groups: [Int: [Int]] = [:]
        for (i, c) in columns.enumerated() { groups[find(c.engineer), default: []].append(i) }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// `improveByNeighbourhoods` over `first` until `firstDeadline` (routes worth trying
    /// before the rest: the must-today bound's), then over `columns` until `deadline`;
    /// whether the second stopped at a local optimum. Never worse than `routes`.
    static func improveByNeighbourhoods(first: [RoutePool.Column], then columns: [RoutePool.Column], routes: inout [[Int]], values: inout [Int],
                                        problem p: PlanningProblem, solver: any MIPSolving, firstDeadline: Date, deadline: Date,
                                        size: Int = Tuning.neighbourhoodEngineers) throws(MIPError) -> Bool {
        if !first.isEmpty {
            _ = try improveByNeighbourhoods(columns: first, routes: &routes, values: &values, problem: p, solver: solver,
                                            deadline: min(firstDeadline, deadline), size: size)
        }
        return try improveByNeighbourhoods(columns: columns, routes: &routes, values: &values, problem: p, solver: solver,
                                           deadline: deadline, size: size)
    }

    /// Improves `routes` (one per engineer; `values` their values under the objective)
    /// with route programs over a few nearby engineers at a time (a large-neighbourhood
    /// search whose neighbourhoods are solved by `SetPacking`, exactly, or where it runs
    /// out of steps by GLPK, within `Tuning.neighbourhoodSeconds`: every engineer in turn
    /// with its nearest `size - 1` by travel between bases, each set of engineers once,
    /// and at a local optimum over those,
    /// around each visit no route holds the `size` engineers with the best routes through
    /// it; the program takes the columns of those engineers that serve no visit another
    /// engineer's route holds, with their current routes as incumbent), until a whole
    /// round of both improves nothing or `deadline`. Each program can only keep or raise
    /// the value, so the result is never worse. Returns `true` when it stopped because no
    /// neighbourhood improves (a local optimum over the routes), `false` at the deadline.
    static func improveByNeighbourhoods(columns: [RoutePool.Column], routes: inout [[Int]], values: inout [Int],
                                        problem p: PlanningProblem, solver: any MIPSolving, deadline: Date,
                                        size: Int = Tuning.neighbourhoodEngineers) throws(MIPError) -> Bool {
        let engineers = Set(columns.map(\.engineer)).sorted()
        var byEngineer: [Int: [Int]] = [:]
        for (j, c) in columns.enumerated() { byEngineer[c.engineer, default: []].append(j) }
        var servedBy = Array(repeating: -1, count: p.visits.count)
        for (e, list) in routes.enumerated() { for v in list { servedBy[v] = e } }
        let others = max(0, min(engineers.count, size) - 1)
        // Nearby engineers' groups often coincide (two engineers, each the other's nearest):
        // each set of engineers once.
        var distinct = Set<[Int]>()
        let groups = engineers.map { e in
            [e] + engineers.filter { $0 != e }
                .sorted { (p.minutes(p.startNode(e), p.startNode($0)), $0) < (p.minutes(p.startNode(e), p.startNode($1)), $1) }
                .prefix(others)
        }.filter { distinct.insert($0.sorted()).inserted }
        // Groups whose engineers' routes changed since they were last solved are solved
        // again, until none changes: whether any did, or `nil` at the deadline.
        func settle(_ groups: [[Int]]) throws(MIPError) -> Bool? {
            var dirty = Set(engineers), improved = false
            while !dirty.isEmpty {
                var changed = Set<Int>()
                for group in groups where group.contains(where: dirty.contains) {
                    guard deadline.timeIntervalSinceNow > 0.01 else { return nil }
                    let members = Set(group)
                    var local: [RoutePool.Column] = []
                    var seen = Set<[Int]>()
                    for e in group {
                        for j in byEngineer[e] ?? [] {
                            let c = columns[j]
                            guard c.visits.allSatisfy({ servedBy[$0] < 0 || members.contains(servedBy[$0]) }) else { continue }
                            if seen.insert([e] + c.visits).inserted { local.append(c) }
                        }
                        // The current route is always a choice (the incumbent).
                        if !routes[e].isEmpty, seen.insert([e] + routes[e]).inserted {
                            local.append(RoutePool.Column(engineer: e, visits: routes[e], value: values[e]))
                        }
                    }
                    let before = group.reduce(0) { $0 + values[$1] }
                    // Our own branch and bound first (milliseconds); GLPK where it runs out of
                    // steps, from the best choice it found.
                    let packed = SetPacking(local).solve(above: before, steps: Tuning.setPackingSteps)
                    let chosen: [RoutePool.Column]
                    if packed.complete {
                        guard let choice = packed.choice else { continue }
                        chosen = choice.columns.map { local[$0] }
                    } else {
                        var start = routes
                        if let choice = packed.choice {
                            for e in group { start[e] = [] }
                            for j in choice.columns { start[local[j].engineer] = local[j].visits }
                        }
                        guard let solved = try solve(columns: local, greedy: start, solver: solver,
                                                     seconds: min(deadline.timeIntervalSinceNow, Tuning.neighbourhoodSeconds)) else { continue }
                        chosen = solved.columns
                    }
                    let after = chosen.reduce(0) { $0 + $1.value }
                    guard after > before else { continue }
                    for e in group {
                        for v in routes[e] { servedBy[v] = -1 }
                        routes[e] = []
                        values[e] = 0
                    }
                    for c in chosen {
                        routes[c.engineer] = c.visits
                        values[c.engineer] = c.value
                        for v in c.visits { servedBy[v] = c.engineer }
                    }
                    changed.formUnion(group)
                }
                dirty = changed
                improved = improved || !changed.isEmpty
            }
            return improved
        }
        guard try settle(groups) != nil else { return false }
        // At a local optimum over nearby engineers, groups around each visit no route holds:
        // the engineers with the best routes through it, wherever their bases (on 1,000-ticket
        // mornings 1–2 M better on three seeds of five at 60 s); then nearby engineers
        // again, while either improves.
        var through: [Int: [Int: Int]] = [:]
        for c in columns { for v in c.visits { through[v, default: [:]][c.engineer] = max(through[v]?[c.engineer] ?? .min, c.value) } }
        while true {
            var seenGroups = Set<[Int]>()
            let visitGroups = through.keys.sorted().filter { servedBy[$0] < 0 }.compactMap { v -> [Int]? in
                let group = through[v]!.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(size).map(\.key)
                return group.count > 1 && seenGroups.insert(group.sorted()).inserted ? group : nil
            }
            guard let improved = try settle(visitGroups) else { return false }
            if !improved { return true }
            guard try settle(groups) != nil else { return false }
        }
    }

    /// A plan over `columns` by diving in their LP (pure diving over a restricted master,
    /// as in Sadykov, Vanderbeck, Pessoa, Tahiri and Uchoa 2019): the LP of at most one
    /// route per engineer and each visit at most once (over `visits` visits and
    /// `engineers` engineers) is solved, the route it takes most of is fixed at one (with
    /// every route it takes `Tuning.diveFixAbove` of or more), and the LP solved again
    /// from the last basis by the dual simplex, until its solution is whole. At
    /// `deadline` the routes fixed so far and then the last LP's others, most first, where
    /// they fit. The routes chosen (disjoint, at most one an engineer, each worth more
    /// than nothing), or `nil` when the solver keeps no LP, no LP was solved in time, the
    /// time left after the first LP is less than `Tuning.diveAfterFirstLP` times it, or
    /// the LP falls to `above` (the plan to beat) or below: the dive cannot beat it then.
    static func dive(columns: [RoutePool.Column], visits: Int, engineers: Int, above: Int = 0, solver: any MIPSolving,
                     deadline: Date) throws(MIPError) -> [RoutePool.Column]? {
        // Of routes through the same visits by the same engineer, only the one worth most
        // can be in a best choice: the others only slow the LP.
        var best: [[Int]: Int] = [:]
        for (j, c) in columns.enumerated() where c.value > 0 {
            let key = [c.engineer] + c.visits.sorted()
            if let k = best[key], columns[k].value >= c.value { continue }
            best[key] = j
        }
        let useful = best.values.sorted().map { columns[$0] }
        guard !useful.isEmpty, deadline.timeIntervalSinceNow > 0.01,
              let lp = solver.makeMaster(rowUpper: Array(repeating: 1, count: visits + engineers)) else { return nil }
        try lp.add(columns: useful.map { c in (cost: -Double(c.value), rows: c.visits + [visits + c.engineer]) })
        var fixed: [Int] = [], isFixed = Set<Int>()
        var x: [Double] = []
        // Which of two routes the last LP takes more of (then the one worth more, then the first).
        func before(_ a: Int, _ b: Int) -> Bool { (x[a], useful[a].value, -a) > (x[b], useful[b].value, -b) }
        let started = Date()
        while deadline.timeIntervalSinceNow > 0.01 {
            guard let solved = try lp.solve(seconds: deadline.timeIntervalSinceNow) else { break }
            // Each fix can only lower the LP, and the plan it ends in is worth no more than
            // the LP: at `above` or below, the dive cannot beat it, and stops.
            guard -solved.objective > Double(above) + 0.5 else { return nil }
            x = lp.primal()
            guard x.count == useful.count else { return nil }
            // The fixes take about twice the first LP again: without that much time left
            // the dive would end short, its time better left to whoever comes next.
            if fixed.isEmpty, deadline.timeIntervalSinceNow < Tuning.diveAfterFirstLP * Date().timeIntervalSince(started) { return nil }
            let fractional = x.indices.filter { x[$0] > 1e-6 && x[$0] < 1 - 1e-6 }
            guard let next = fractional.min(by: before) else {
                let chosen = x.indices.filter { x[$0] > 0.5 }.map { useful[$0] }
                return chosen.reduce(0, { $0 + $1.value }) > above ? disjoint(chosen) : nil
            }
            // Routes the LP takes more than half of share no row (each row's sum is at
            // most one): fixing them all keeps the LP feasible.
            let now = x.indices.filter { (x[$0] >= Tuning.diveFixAbove || $0 == next) && !isFixed.contains($0) }
            try lp.fix(columns: now, at: 1)
            fixed += now
            isFixed.formUnion(now)
        }
        // Out of time: the routes fixed so far, then the others the last LP took, most
        // first, where they fit.
        guard !x.isEmpty else { return nil }
        var taken = Set<Int>(), busy = Set<Int>(), chosen: [RoutePool.Column] = []
        for j in fixed + x.indices.filter({ x[$0] > 1e-6 }).sorted(by: before) {
            let c = useful[j]
            guard !busy.contains(c.engineer), !c.visits.contains(where: taken.contains) else { continue }
            busy.insert(c.engineer)
            taken.formUnion(c.visits)
            chosen.append(c)
        }
        return chosen.reduce(0, { $0 + $1.value }) > above ? chosen : nil
    }

    /// `routes` (one per engineer) with every visit they leave out inserted where it fits
    /// best, by class (urgent first, on time; then urgent ones late), and a local search
    /// until `deadline`: the greedy planner's construction from a start, without its
    /// ruin-and-recreate. Routes that cannot be driven are left out of the start.
    static func complete(_ routes: [[Int]], problem p: PlanningProblem, options: PlannerOptions, deadline: Date) -> [[Int]] {
        let search = Search(problem: p)
        search.start(from: routes)
        let byClass = Dictionary(grouping: p.visits.indices, by: { p.visits[$0].visitClass })
        for c in VisitClass.allCases { search.regretInsert(byClass[c] ?? []) }
        let missed = (byClass[.urgent] ?? []).filter { search.routeOf[$0] < 0 }
        for v in missed { search.setLateAllowed(v, true) }
        search.allowLate = true
        search.regretInsert(missed)
        _ = search.improve(seed: options.seed, maxEvaluations: options.maxEvaluations, deadline: deadline)
        return search.routes.map(\.visits)
    }

    /// `routes` when no two share an engineer or a visit, else `nil`.
    private static func disjoint(_ routes: [RoutePool.Column]) -> [RoutePool.Column]? {
        var engineers = Set<Int>(), visits = Set<Int>()
        for c in routes {
            guard engineers.insert(c.engineer).inserted, c.visits.allSatisfy({ visits.insert($0).inserted }) else { return nil }
        }
        return routes
    }

    /// The best set of columns (keeping the service `floor`, when given), or `nil` when
    /// GLPK found none in time.
    static func solve(columns: [RoutePool.Column], greedy: [[Int]], solver: any MIPSolving, seconds: Double,
                      floor: ServiceFloor? = nil) throws(MIPError) -> (columns: [RoutePool.Column], optimal: Bool, nodeLimited: Bool)? {
        try choose(columns: columns, greedy: greedy, solver: solver, seconds: seconds, floor: floor)
            .map { (columns: $0.chosen.map { columns[$0] }, optimal: $0.optimal, nodeLimited: $0.nodeLimited) }
    }

    /// `solve`, answering with the indices of the columns chosen.
    static func choose(columns: [RoutePool.Column], greedy: [[Int]], solver: any MIPSolving, seconds: Double,
                       floor: ServiceFloor? = nil) throws(MIPError) -> (chosen: [Int], optimal: Bool, nodeLimited: Bool)? {
        var model = MIPModel()
        model.variables = columns.map { MIPModel.Variable(cost: -Double($0.value)) }
        var byEngineer: [Int: [Int]] = [:], byVisit: [Int: [Int]] = [:]
        for (j, c) in columns.enumerated() {
            byEngineer[c.engineer, default: []].append(j)
            for v in c.visits { byVisit[v, default: []].append(j) }
        }
        for e in byEngineer.keys.sorted() where byEngineer[e]!.count > 1 {
            model.rows.append(MIPModel.Row(terms: byEngineer[e]!.map { ($0, 1) }, upper: 1))
        }
        for v in byVisit.keys.sorted() where byVisit[v]!.count > 1 {
            model.rows.append(MIPModel.Row(terms: byVisit[v]!.map { ($0, 1) }, upper: 1))
        }
        if let floor { model.rows += floor.rows }
        // The greedy routes, as the first incumbent.
        model.incumbent = columns.map { greedy[$0.engineer] == $0.visits ? 1 : 0 }
        if model.rows.isEmpty {
            // Nothing competes: every column is its engineer's only one.
            return (columns.indices.filter { columns[$0].value > 0 }, true, false)
        }
        let result = try solver.solve(model, seconds: seconds)
        if result.status == .infeasible { throw MIPError(description: "GLPK calls the route program infeasible, which it cannot be") }
        guard let x = result.values else { return nil }
        return (x.indices.filter { x[$0] > 0.5 }, result.status == .optimal, result.stoppedAtNodeLimit)
    }
}

/// A service level a route program must keep: each column's level, and the least visits
/// served, on time and must-today on time the chosen routes must hold together.
struct ServiceFloor {
    var levels: [ColumnGeneration.ServiceLevel]
    var least: ColumnGeneration.ServiceLevel

    /// The rows: for each count, the chosen columns' sum at least the floor's.
    var rows: [MIPModel.Row] {
        [\ColumnGeneration.ServiceLevel.served, \.onTime, \.mustToday].map { count in
            let terms: [(Int, Double)] = levels.indices.compactMap { j in levels[j][keyPath: count] > 0 ? (j, Double(levels[j][keyPath: count])) : nil }
            return MIPModel.Row(terms: terms, lower: Double(least[keyPath: count]))
        }
    }
}

extension RouteSelection {
    /// The best plan over the travel bound's routes (the plan's own among them: routes
    /// that reach the service level on little travel) that keeps at least the plan's
    /// service level; swaps `routes` for it, and raises `value` by what it gains, when it
    /// is worth more under the objective. Its level, or `nil` when the plan stays.
    static func lessTravel(_ p: PlanningProblem, routes: inout [[Int]], value: inout Int,
                           travel: ColumnGeneration.TravelOutcome, solver: any MIPSolving, seconds: Double) throws(MIPError) -> ColumnGeneration.ServiceLevel? {
        var columns: [RoutePool.Column] = [], levels: [ColumnGeneration.ServiceLevel] = []
        for c in travel.columns {
            guard let worth = Self.value(of: c.visits, engineer: c.engineer, p),
                  // Priced in work time over several days: the trip's own level, as it is driven.
                  let level = p.isMultiDay ? ColumnGeneration.tripLevel(p, of: c.visits, engineer: c.engineer) : c.level else { continue }
            columns.append(RoutePool.Column(engineer: c.engineer, visits: c.visits, value: worth))
            levels.append(level)
        }
        guard let chosen = try choose(columns: columns, greedy: routes, solver: solver, seconds: seconds,
                                      floor: ServiceFloor(levels: levels, least: travel.plan))?.chosen else { return nil }
        // Against the current routes' own values (the plan's value may carry a constant
        // besides them); `value` moves by the difference.
        let before = routes.enumerated().reduce(0) { $0 + (Self.value(of: $1.element, engineer: $1.offset, p) ?? 0) }
        let after = chosen.reduce(0) { $0 + columns[$1].value }
        guard after > before else { return nil }
        routes = Array(repeating: [], count: routes.count)
        for j in chosen { routes[columns[j].engineer] = columns[j].visits }
        value += after - before
        return chosen.reduce(.none) { $0 + levels[$1] }
    }
}

/// The greedy planner, with the reason it was used instead of the integer program.
public struct FallbackPlanner: Planner {
    /// Why the integer program was not used.
    public var reason: String
    /// The solver that proves a bound for the greedy plan without the route program
    /// (`IntegerPlanner.boundWithoutProgram`), or `nil` for none.
    public var bounding: (any MIPSolving)?

    /// Creates the fallback; with `bounding`, the greedy plan gets a bound in what is left
    /// of the time limit.
    public init(reason: String, bounding: (any MIPSolving)? = nil) {
        self.reason = reason
        self.bounding = bounding
    }

    /// Plans with the greedy planner and records the reason.
    public func solve(_ problem: PlanningProblem, options: PlannerOptions) -> Solution {
        let started = Date()
        var solution = GreedyPlanner().solve(problem, options: options)
        solution.report.fallbackReason = reason
        if let bounding {
            IntegerPlanner.boundWithoutProgram(problem, solution: &solution, solver: bounding,
                                          deadline: started.addingTimeInterval(options.timeLimit), spent: Date().timeIntervalSince(started))
            solution.report.seconds = Date().timeIntervalSince(started)
        }
        return solution
    }
}

extension BoundReport {
    /// Says that column generation bounded the must-today visits on time and nothing
    /// else (no value bound): converged or stopped early, and why it stopped.
    mutating func boundedMustTodayOnly(converged: Bool, stopped: String?) {
        source = converged ? "column_generation" : "lagrangian"
        note = stopped.map { "must-today visits only, \($0)" } ?? "must-today visits only"
    }
}
