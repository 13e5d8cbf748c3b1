import FieldOpsCore
import FieldOpsSupport
import Foundation
import HeapModule

/// A lower bound on the cost of any plan by column generation (Desrochers, Desrosiers &
/// Solomon 1992; Baldacci, Mingozzi & Roberti 2011 for ng-routes): the LP relaxation of
/// the route program over every route each engineer could drive, not only the routes
/// the heuristic built.
///
/// The restricted master is a set packing: each route a variable ≥ 0 worth its value
/// under the objective (visits served, lateness, travel, as `RouteState.evaluate`
/// prices a route), each visit in at most one route, each engineer at most one route,
/// solved by GLPK's simplex. Its duals price new routes: for each engineer a labelling
/// algorithm extends partial routes visit by visit (leaving as early as possible: a
/// later arrival is never worth more and never more feasible), keeps only labels no
/// other label dominates (earlier, worth more, fewer visits forbidden), and forbids a
/// visit again only while it is in the ng-memory of its 8 nearest visits: a relaxation
/// that admits some routes with a cycle, so pricing over it can only over-estimate, and
/// the bound stays valid. Pricing is heuristic first (few labels a visit); when it finds
/// nothing, exact. After an exact pricing the Lagrangian bound holds:
/// LP value + Σ over engineers of their best reduced value (each drives one route), and
/// when no route prices out it is the LP value itself. A time limit gives the bound of
/// the last exact pricing, or none.
///
/// Engineer e may serve visit v when they are qualified, can arrive before its window
/// closes and be home by the end of their shift: every engineer, not only the planner's
/// nearest candidates, so the bound holds for any plan, not only FieldOps'.
enum ColumnGeneration {
    /// What the column generation proved and built.
    struct Outcome: Sendable {
        /// Nothing run, nothing proved.
        static let none = Outcome(bound: nil, converged: false, columns: [], iterations: 0)

        /// The lower bound on the cost of any plan (cost = every visit's full value less
        /// what the plan serves, plus travel), when an exact pricing proved one.
        var bound: Double?
        /// Whether the LP was solved to optimality over every route (no route priced out).
        var converged: Bool
        /// Routes generated (elementary ones, each feasible), with their values.
        var columns: [RoutePool.Column]
        /// Master LP solves.
        var iterations: Int
        /// Why it stopped early, if it did.
        var stopped: String?
        /// Subset-row cuts added to the master (`SubsetRows`).
        var cuts = 0
        /// How many of `columns` came before the first cut: the routes of the LP without
        /// cuts (those after serve the bound).
        var columnsBeforeCuts = 0
        /// Under the must-today measure, given time to dive: the plan the dive in the
        /// master with its cuts ended in (disjoint routes, at most one an engineer, values
        /// under the measure), or `nil`.
        var dived: [RoutePool.Column]?
        /// How many times the dive fixed routes.
        var diveFixes = 0
        /// How many exact pricings grew the ng-memories at once (`growMemoriesAtOnce`).
        var memoriesGrownAtOnce = 0
    }

    /// The master's solution in value terms: its value, the prices (each ≥ 0) of its visit,
    /// engineer and cut rows, and their sum (every row's bound is 1: the dual objective).
    typealias Prices = (value: Double, objective: Double, visits: [Double], engineers: [Double], cuts: [Double])

    /// The value of a route under `measure` (the objective's, or one per must-today
    /// visit on time).
    enum Measure: Sendable {
        /// The problem's objective: visits, lateness, travel, the stability term.
        case objective
        /// One for each must-today visit (urgent, or work closing today) on time; nothing else counts.
        case mustTodayOnTime
        /// Travel minutes, least, for a service level: the master holds rows for the
        /// visits served, those on time and the must-today ones on time, and their prices
        /// (`Pricing.servicePrices`) are what a visit served, and on time, is worth.
        case travel
    }

    /// Column generation from `start` columns (the heuristic's routes) until no route
    /// prices out, `deadline`, or `maxIterations` master solves. Under the must-today
    /// measure, with `subsetRows`, each time no route prices out, or the bound so far
    /// proves as many whole must-today visits as the master's LP could, the cuts the LP's
    /// solution violates join the master (`SubsetRows`, up to `Tuning.subsetRowRounds`
    /// rounds) and the column generation goes on, until `deadline`: a lower LP, a stronger
    /// bound, as valid. Under the must-today measure, with `dive`, the master then dives
    /// until `dive` (`priceAndDive`): a plan, in `Outcome.dived`; the bound is proved
    /// before it. With `growMemoriesAtOnce`, under the objective, the ng-memories grow at
    /// every exact pricing whose best route for an engineer comes back to a visit, not
    /// only once the master stops changing (for mornings whose column generation the time
    /// limit stops).
    static func run(_ p: PlanningProblem, start: [RoutePool.Column], solver: any MIPSolving, measure: Measure = .objective,
                    deadline: Date, maxIterations: Int = Tuning.columnGenerationIterations, subsetRows: Bool = true,
                    growMemoriesAtOnce: Bool = false, dive: Date? = nil) -> Outcome {
        var pricing = Pricing(problem: p, measure: measure)
        var cuts = SubsetRows(visits: p.visits.count, engineers: p.shifts.count)
        let separating = subsetRows && measure == .mustTodayOnTime
        var cutRounds = 0
        // Whether cuts have joined: the bound then proves, in whole visits, at least what
        // the LP without them does, however the rounds end.
        var cutting = false
        let baseRows = p.visits.count + p.shifts.count
        /// Which of a column's visits it puts on time as must-today ones (where a cut's
        /// count starts again outside its memory); none when it cannot be driven.
        func counted(_ c: RoutePool.Column) -> [Bool] {
            pricing.counted(c.visits, engineer: c.engineer) ?? Array(repeating: false, count: c.visits.count)
        }
        /// The cuts a column has a coefficient in, and each coefficient.
        func cutCoefficients(_ c: RoutePool.Column) -> [(cut: Int, count: Int)] {
            cuts.count == 0 ? [] : cuts.coefficients(engineer: c.engineer, route: c.visits, counted: counted(c))
        }
        /// A column's rows: its visits, its engineer and the cuts it has a coefficient in.
        func entries(_ c: RoutePool.Column) -> [(row: Int, value: Double)] {
            (c.visits + [p.visits.count + c.engineer]).map { (row: $0, value: 1.0) }
                + cutCoefficients(c).map { (row: baseRows + $0.cut, value: Double($0.count)) }
        }
        var columns: [RoutePool.Column] = []
        var seen = Set<[Int]>()
        func add(_ c: RoutePool.Column) {
            if seen.insert([c.engineer] + c.visits).inserted { columns.append(c) }
        }
        for c in start {
            if let value = pricing.value(of: c.visits, engineer: c.engineer) { add(RoutePool.Column(engineer: c.engineer, visits: c.visits, value: value)) }
        }
        var outcome = Outcome(bound: nil, converged: false, columns: [], iterations: 0)
        var bestBound = -Double.infinity
        // The master is kept between rounds where the solver can (each solve starts from
        // the last basis); otherwise it is rebuilt each round.
        var kept = solver.makeMaster(rowUpper: Array(repeating: 1, count: p.visits.count + p.shifts.count))
        // A column of no worth keeps the program from having none.
        if kept != nil, (try? kept!.add(columns: [(0, [])])) == nil { kept = nil }
        var given = 0
        // The master's solves end by the deadline, or by the dive's while it dives.
        var solvesUntil = deadline
        func solveMaster() -> Prices? {
            if let lp = kept {
                let new = columns[given...].map { c in (cost: -Double(c.value), entries: entries(c)) }
                do throws(MIPError) {
                    try lp.add(columns: new)
                    given = columns.count
                    return try lp.solve(seconds: solvesUntil.timeIntervalSinceNow).map { prices(p, objective: $0.objective, duals: $0.duals) }
                } catch {
                    kept = nil   // GLPK failed on the kept program: rebuild from here on
                }
            }
            // A rebuilt master holds no cuts: with cuts priced, stop at the bound so far.
            guard cuts.count == 0 else { return nil }
            return master(p, columns: columns, solver: solver, seconds: deadline.timeIntervalSinceNow)
        }
        // Dual smoothing (Wentges 1997): pricing runs at a point between the master's
        // duals and the stability centre, the duals of the lowest Lagrangian value so far,
        // which damps the duals' swings from round to round. When nothing useful prices
        // out at that point (a mispricing), the centre moves to it, and the next point lies
        // nearer the master's duals.
        var centre: (visits: [Double], engineers: [Double], cuts: [Double], value: Double)?
        var mispricings = 0
        /// Once the LP is solved over every route: the cuts its solution violates join the
        /// master (each column given so far has its coefficient in the cut's row;
        /// later columns get theirs as they join), and the stability centre starts again.
        /// Whether any did.
        func addCuts() -> Bool {
            guard separating, let lp = kept, cutRounds < Tuning.subsetRowRounds, cuts.count < Tuning.subsetRowsMost,
                  Date() < deadline else { return false }
            // The program's first column is the one of no worth.
            let x = Array(lp.primal().dropFirst())
            guard x.count <= columns.count else { return false }
            let held = columns.prefix(x.count).map { (engineer: $0.engineer, visits: $0.visits) }
            var countedOf: [Int: [Bool]] = [:]
            func countedAt(_ j: Int) -> [Bool] {
                if let flags = countedOf[j] { return flags }
                let flags = counted(columns[j])
                countedOf[j] = flags
                return flags
            }
            let found = cuts.separate(columns: held, x: x, violation: Tuning.subsetRowViolation,
                                      most: min(Tuning.subsetRowsPerRound, Tuning.subsetRowsMost - cuts.count), counted: countedAt)
            var rows: [(upper: Double, entries: [(column: Int, value: Double)])] = []
            for t in found where cuts.add(t.rows, memory: t.memory) {
                let k = cuts.count - 1
                let members = held.indices.compactMap { j -> (column: Int, value: Double)? in
                    let route = held[j].visits
                    guard t.rows.contains(p.visits.count + held[j].engineer) || route.contains(where: t.rows.contains) else { return nil }
                    let n = cuts.coefficient(of: k, engineer: held[j].engineer, route: route, counted: countedAt(j))
                    return n > 0 ? (column: j + 1, value: Double(n)) : nil
                }
                rows.append((upper: 1, entries: members))
            }
            guard !rows.isEmpty else { return false }
            if cutRounds == 0 {
                outcome.columnsBeforeCuts = columns.count
                cutting = true
            }
            do throws(MIPError) {
                try lp.add(rows: rows)
            } catch {
                kept = nil
                return false
            }
            cutRounds += 1
            outcome.cuts = cuts.count
            centre = nil
            mispricings = 0
            return true
        }
        /// A route's reduced value at the master's duals.
        func reduced(_ c: RoutePool.Column, _ duals: Prices) -> Double {
            Double(c.value) - c.visits.reduce(0) { $0 + duals.visits[$1] } - duals.engineers[c.engineer]
                - cutCoefficients(c).reduce(0) { $0 + duals.cuts[$1.cut] * Double($1.count) }
        }
        /// Price-and-dive (diving with column generation at every fix, as in Sadykov,
        /// Vanderbeck, Pessoa, Tahiri and Uchoa 2019) in the master as the bound left it,
        /// cuts and all: the route the LP takes most of is fixed at one (with every route
        /// it takes more than `Tuning.diveFixAbove` of), pricing brings the routes the
        /// engineers and visits still free now want (`Tuning.priceDiveRounds` rounds of
        /// heuristic pricing at most), and the LP is solved again, until its solution is
        /// whole. At `until` (or where GLPK fails on the master): the routes fixed, then
        /// the last LP's others, most first, where they fit. `nil` when no LP was solved.
        func priceAndDive(until: Date) -> [RoutePool.Column]? {
            var fixed: [Int] = [], isFixed = Set<Int>(), busy = Set<Int>(), covered = Set<Int>()
            var x: [Double] = []
            // Which of two routes the last LP takes more of (then the one worth more, then the first).
            func before(_ a: Int, _ b: Int) -> Bool { (x[a], columns[a].value, -a) > (x[b], columns[b].value, -b) }
            diving: while Date() < until {
                for _ in 0..<Tuning.priceDiveRounds {
                    // Out of time in the LP (or GLPK failed on it): the last LP's plan.
                    guard let duals = solveMaster(), kept != nil else { break diving }
                    // Visits a fixed route holds are priced out of every route, and
                    // engineers with a fixed route are not priced.
                    var visitDuals = duals.visits
                    for v in covered { visitDuals[v] = Pricing.pricedOut }
                    pricing.cuts = cuts.count > 0 ? (cuts, duals.cuts) : nil
                    let found = pricing.price(visitDuals: visitDuals, engineerDuals: duals.engineers, labelsPerVisit: Tuning.heuristicLabelsPerVisit,
                                              deadline: until, skipping: busy).columns
                    let had = columns.count
                    for c in found where reduced(c, duals) > 1e-6 { add(c) }
                    if columns.count == had || Date() >= until { break }
                }
                guard Date() < until, solveMaster() != nil, let lp = kept else { break }
                x = Array(lp.primal().dropFirst())   // the program's first column is the one of no worth
                guard x.count == columns.count else { return nil }
                let fractional = x.indices.filter { x[$0] > 1e-6 && x[$0] < 1 - 1e-6 }
                guard let next = fractional.min(by: before) else {
                    return x.indices.filter { x[$0] > 0.5 }.map { columns[$0] }
                }
                // Routes the LP takes more than half of share no row: fixing them all keeps it feasible.
                let now = x.indices.filter { (x[$0] > Tuning.diveFixAbove || $0 == next) && !isFixed.contains($0) }
                do throws(MIPError) {
                    try lp.fix(columns: now.map { $0 + 1 }, at: 1)
                } catch {
                    break diving
                }
                fixed += now
                isFixed.formUnion(now)
                outcome.diveFixes += 1
                for j in now {
                    busy.insert(columns[j].engineer)
                    covered.formUnion(columns[j].visits)
                }
            }
            guard !x.isEmpty else { return nil }
            var taken = Set<Int>(), engaged = Set<Int>(), chosen: [RoutePool.Column] = []
            for j in fixed + x.indices.filter({ x[$0] > 1e-6 && !isFixed.contains($0) }).sorted(by: before) {
                let c = columns[j]
                guard !engaged.contains(c.engineer), !c.visits.contains(where: taken.contains) else { continue }
                engaged.insert(c.engineer)
                taken.formUnion(c.visits)
                chosen.append(c)
            }
            return chosen
        }
        var forceExact = false
        let full = p.fullValueOfAll(measure: measure)
        while outcome.iterations < maxIterations {
            guard Date() < deadline else { outcome.stopped = "time limit"; break }
            guard let duals = solveMaster() else {
                outcome.stopped = "the master LP was not solved in time"
                break
            }
            outcome.iterations += 1
            // After a run of mispricings the point is all but the master's duals: price there.
            let alpha = centre == nil || mispricings >= 20 ? 0 : Tuning.dualSmoothing
            let visits = centre.map { c in zip(c.visits, duals.visits).map { alpha * $0 + (1 - alpha) * $1 } } ?? duals.visits
            let engineers = centre.map { c in zip(c.engineers, duals.engineers).map { alpha * $0 + (1 - alpha) * $1 } } ?? duals.engineers
            let cutDuals = centre.map { c in zip(c.cuts, duals.cuts).map { alpha * $0 + (1 - alpha) * $1 } } ?? duals.cuts
            pricing.cuts = cuts.count > 0 ? (cuts, cutDuals) : nil
            let round = pricing.round(visitDuals: visits, engineerDuals: engineers, iteration: outcome.iterations, forceExact: forceExact,
                                      deadline: deadline)
            forceExact = false
            let found = round.columns
            if let why = round.unfinished, found.isEmpty {
                if !cutting { outcome.stopped = why }
                break
            }
            let exact = round.exact != nil
            let reduced = round.exact?.reduced ?? [], cycles = round.exact?.cycles ?? []
            // An engineer's best route that comes back to a visit (the ng-relaxation's)
            // loosens the Lagrangian bound below by its reduced value however the master
            // changes. With `growMemoriesAtOnce` (under the objective) its visits' memories
            // grow at once: on 1,000-ticket mornings at 60 s the objective's column
            // generation then converges on four seeds of five (one before). Not under the
            // must-today measure: there its pricing slowed, and at 30 s its dive ran out of
            // time in two runs of three (171 M against 164 M). Nor where the column
            // generation converges in its time: the same bound, other routes (a 300×30
            // morning's program then found a plan a must-today visit short).
            let widened = growMemoriesAtOnce && measure == .objective && !cycles.isEmpty && pricing.widen(cycles)
            if widened { outcome.memoriesGrownAtOnce += 1 }
            // Lagrangian bound on the value of any plan (weak duality, for any duals ≥ 0):
            // the dual objective (every row's bound is 1: the sum of the prices) plus each
            // engineer's best reduced value (at most one route each).
            let value = visits.reduce(0, +) + engineers.reduce(0, +) + cutDuals.reduce(0, +) + reduced.reduce(0) { $0 + max(0, $1) }
            if exact {
                bestBound = max(bestBound, full - value)
                if centre == nil || value < centre!.value { centre = (visits, engineers, cutDuals, value) }
                // Only whole must-today visits are stated: once the bound so far rounds to
                // what this master's LP does, no more pricing at these cuts can lower the
                // number, and the cuts the master's solution violates join now.
                if separating, p.mustTodayMissedAtLeast(fromBound: bestBound) >= p.mustTodayMissedAtLeast(fromBound: full - duals.value),
                   addCuts() { continue }
                // The Lagrangian value meets the master's: the LP is optimal over every route.
                if let c = centre, c.value - duals.value <= 1e-6 + 1e-9 * abs(duals.value) {
                    if addCuts() { continue }
                    outcome.converged = true
                    break
                }
            }
            // Routes that price out at the master's own duals change the master.
            let useful = found.contains { c in
                Double(c.value) - c.visits.reduce(0) { $0 + duals.visits[$1] } - duals.engineers[c.engineer]
                    - cutCoefficients(c).reduce(0) { $0 + duals.cuts[$1.cut] * Double($1.count) } > 1e-6
            }
            let before = columns.count
            for c in found { add(c) }
            if useful { mispricings = 0 }
            if columns.count == before || !useful {
                if exact, alpha > 0 {
                    // Routes that come back to a visit priced out: a larger ng-memory there.
                    if !cycles.isEmpty, columns.count == before, widened || pricing.widen(cycles) { continue }
                    // A mispricing: the smoothed point priced nothing the master lacks. The
                    // centre moves there; the next point lies nearer the master's duals.
                    centre = (visits, engineers, cutDuals, value)
                    mispricings += 1
                    continue
                }
                if columns.count > before {
                    // New routes, none useful at the master's duals: exact pricing says more.
                    forceExact = !exact
                    continue
                }
                if exact, reduced.allSatisfy({ $0 <= 1e-6 }) {
                    // No route prices out at the master's duals: the LP is optimal over every route.
                    bestBound = max(bestBound, full - duals.objective)
                    if addCuts() { continue }
                    outcome.converged = true
                } else if exact {
                    // Only routes that come back to a visit price out: remember those visits
                    // along the cycles (a larger ng-memory) and price again.
                    if widened || pricing.widen(cycles) { continue }
                    outcome.stopped = "only routes that come back to a visit price out (the ng-relaxation's); the bound is the Lagrangian one"
                } else {
                    // Heuristic pricing found only routes the master has (their reduced
                    // value is rounding): only exact pricing can say whether more exist.
                    forceExact = true
                    continue
                }
                break
            }
        }
        if cutting {
            // However the cuts' rounds ended, the LP without them had converged, or the
            // bound had reached the whole visits it proves, and the bound is at least that.
            outcome.converged = true
            outcome.stopped = nil
        }
        if outcome.iterations >= maxIterations, !outcome.converged, outcome.stopped == nil { outcome.stopped = "iteration limit" }
        outcome.bound = bestBound.isFinite ? bestBound : nil
        if let dive, measure == .mustTodayOnTime, kept != nil {
            solvesUntil = dive
            outcome.dived = priceAndDive(until: dive)
        }
        if cutRounds == 0 { outcome.columnsBeforeCuts = columns.count }
        outcome.columns = columns
        return outcome
    }

    /// Column generation for the most must-today visits on time, from `start` and the
    /// routes of the objective's column generation (`objective`) that hold a must-today
    /// visit: the same LP in fewer rounds (any start keeps the bound valid: pricing proves
    /// it, not the columns). Measured at 60 s on three 1,000-ticket mornings: bounds 354,
    /// 366, 380 → 351, 365, 377, the plans the same.
    static func mustToday(_ p: PlanningProblem, start: [RoutePool.Column], after objective: Outcome, solver: any MIPSolving,
                          deadline: Date, subsetRows: Bool = true, dive: Date? = nil) -> Outcome {
        let warm = objective.columns.filter { $0.visits.contains { p.visits[$0].visitClass <= .closingToday } }
        return run(p, start: start + warm, solver: solver, measure: .mustTodayOnTime, deadline: deadline, subsetRows: subsetRows, dive: dive)
    }

    /// Solves the restricted master LP: its value, its duals (visit rows' and engineer
    /// rows', each ≥ 0 in the maximisation's sense) and their objective (every row's
    /// bound is 1: the sum of the duals), or `nil`.
    static func master(_ p: PlanningProblem, columns: [RoutePool.Column], solver: any MIPSolving, seconds: Double) -> Prices? {
        var model = MIPModel()
        // No upper bound of 1 on a route: its engineer's row holds it there, and a bound
        // resting on a variable would carry dual value the row duals do not show.
        model.variables = columns.map { MIPModel.Variable(cost: -Double($0.value), upper: .infinity, integer: false) }
        var visitRows = Array(repeating: [(Int, Double)](), count: p.visits.count)
        var engineerRows = Array(repeating: [(Int, Double)](), count: p.shifts.count)
        for (j, c) in columns.enumerated() {
            engineerRows[c.engineer].append((j, 1))
            for v in c.visits { visitRows[v].append((j, 1)) }
        }
        // A variable of no worth keeps the model from having none; a row may be empty.
        model.variables.append(MIPModel.Variable(cost: 0, integer: false))
        model.rows = visitRows.map { MIPModel.Row(terms: $0, upper: 1) } + engineerRows.map { MIPModel.Row(terms: $0, upper: 1) }
        guard seconds > 0.01, let result = try? solver.solve(model, seconds: seconds), let lp = result.lpObjective, let duals = result.rowDuals else { return nil }
        return prices(p, objective: lp, duals: duals)
    }

    /// The master's solution in value terms (`Prices`); rows after the visits' and the
    /// engineers' are cuts. GLPK minimises −value: a ≤ row's dual is ≤ 0, its price the
    /// negation.
    static func prices(_ p: PlanningProblem, objective: Double, duals: [Double]) -> Prices {
        let y = duals.map { max(0, -$0) }
        let engineersEnd = p.visits.count + p.shifts.count
        return (-objective, y.reduce(0, +), Array(y[0..<p.visits.count]), Array(y[p.visits.count..<engineersEnd]), Array(y[engineersEnd...]))
    }
}

extension ColumnGeneration {
    /// A plan's service level (visits served, on time, must-today on time, and on one day
    /// what its work is worth under the objective, travel aside) and its travel minutes.
    struct ServiceLevel: Sendable, Equatable {
        var served: Int
        var onTime: Int
        var mustToday: Int
        var minutes: Int
        /// What the visits served add under the objective (their values, lateness
        /// counted), travel left out; 0 over several days, where the travel bound does
        /// not weigh it.
        var worth = 0

        /// No visits, no travel.
        static let none = ServiceLevel(served: 0, onTime: 0, mustToday: 0, minutes: 0)

        /// Two routes' levels together.
        static func + (a: ServiceLevel, b: ServiceLevel) -> ServiceLevel {
            ServiceLevel(served: a.served + b.served, onTime: a.onTime + b.onTime, mustToday: a.mustToday + b.mustToday,
                         minutes: a.minutes + b.minutes, worth: a.worth + b.worth)
        }
    }

    /// What the travel bound proved: no plan with at least the service level of `plan`
    /// (the routes it was given) drives fewer than `minutes`.
    struct TravelOutcome: Sendable {
        var plan: ServiceLevel
        var minutes: Double
        var converged: Bool
        /// Every route the master held (the plan's first), with its travel and service:
        /// routes that reach the service level on little travel, for `RouteSelection.lessTravel`.
        var columns: [TravelColumn]
    }

    /// A route of the travel bound's master: its engineer, visits and service level.
    struct TravelColumn: Sendable {
        var engineer: Int
        var visits: [Int]
        var level: ServiceLevel
    }

    /// The least travel (minutes) of any plan with at least the service level of `routes`
    /// (one per engineer: the visits they serve, those on time and the must-today ones on
    /// time, timed leaving as early as possible), by column generation over routes from
    /// `routes` (so the master is feasible from its first solve): minimise travel with each
    /// visit at most once, each engineer at most one route, and the three service rows.
    /// The service rows' prices are what a visit served, and on time, is worth in pricing.
    /// A plan that drops its late visits saves their travel: the row of visits served
    /// keeps the comparison to plans that serve as many. `nil` when a
    /// route cannot be timed, the routes drive nowhere, no exact pricing finished in time,
    /// or the solver keeps no master.
    static func travelBound(_ p: PlanningProblem, routes: [[Int]], solver: any MIPSolving,
                            deadline: Date, maxIterations: Int = Tuning.columnGenerationIterations) -> TravelOutcome? {
        var pricing = Pricing(problem: p, measure: .travel)
        // The plan's own level, as its trips are really driven (pricing's work-time trips
        // reach at least as much on no more travel, so the master starts feasible).
        let levels = routes.enumerated().compactMap { e, visits in
            p.isMultiDay ? tripLevel(p, of: visits, engineer: e) : pricing.level(of: visits, engineer: e)
        }
        let plan = levels.reduce(.none, +)
        guard levels.count == routes.count, plan.minutes > 0 else { return nil }
        let visitRows = p.visits.count, engineerRows = p.shifts.count
        let onTimeRow = visitRows + engineerRows, mustRow = onTimeRow + 1, servedRow = mustRow + 1, worthRow = servedRow + 1
        guard let lp = solver.makeMaster(rowUpper: Array(repeating: 1, count: visitRows + engineerRows)
                                            + [-Double(plan.onTime), -Double(plan.mustToday), -Double(plan.served), -Double(plan.worth)])
        else { return nil }
        var seen = Set<[Int]>()
        var columns: [TravelColumn] = []
        func column(_ e: Int, _ visits: [Int]) -> (cost: Double, entries: [(row: Int, value: Double)])? {
            guard seen.insert([e] + visits).inserted, let s = pricing.level(of: visits, engineer: e) else { return nil }
            columns.append(TravelColumn(engineer: e, visits: visits, level: s))
            var entries = visits.map { (row: $0, value: 1.0) } + [(row: visitRows + e, value: 1.0)]
            if s.onTime > 0 { entries.append((onTimeRow, -Double(s.onTime))) }
            if s.mustToday > 0 { entries.append((mustRow, -Double(s.mustToday))) }
            entries.append((servedRow, -Double(s.served)))
            if s.worth != 0 { entries.append((worthRow, -Double(s.worth))) }
            return (Double(s.minutes), entries)
        }
        do throws(MIPError) {
            try lp.add(columns: routes.enumerated().compactMap { e, visits in visits.isEmpty ? nil : column(e, visits) })
        } catch {
            return nil
        }
        var best = -Double.infinity, converged = false, iterations = 0
        var forceExact = false
        while iterations < maxIterations, Date() < deadline {
            guard let solved = try? lp.solve(seconds: deadline.timeIntervalSinceNow) else { break }
            iterations += 1
            // GLPK minimises travel: a ≤ row's dual is ≤ 0; its price is the negation.
            let y = solved.duals.map { max(0, -$0) }
            let visitPrices = Array(y[0..<visitRows]), engineerPrices = Array(y[visitRows..<onTimeRow])
            pricing.servicePrices = (served: y[servedRow], onTime: y[onTimeRow], mustToday: y[mustRow], worth: y[worthRow])
            let round = pricing.round(visitDuals: visitPrices, engineerDuals: engineerPrices, iteration: iterations, forceExact: forceExact,
                                      deadline: deadline)
            forceExact = false
            guard round.unfinished == nil else { break }
            let exact = round.exact != nil
            let reduced = round.exact?.reduced ?? [], cycles = round.exact?.cycles ?? []
            if exact {
                // Lagrangian bound (weak duality, any prices ≥ 0): what the service rows are
                // worth at their levels, less the visit and engineer prices, less each
                // engineer's best route's reduced value.
                let lagrangian = y[onTimeRow] * Double(plan.onTime) + y[mustRow] * Double(plan.mustToday) + y[servedRow] * Double(plan.served)
                    + y[worthRow] * Double(plan.worth)
                    - visitPrices.reduce(0, +) - engineerPrices.reduce(0, +) - reduced.reduce(0) { $0 + max(0, $1) }
                best = max(best, lagrangian)
            }
            let new = round.columns.compactMap { column($0.engineer, $0.visits) }
            if new.isEmpty {
                if exact, reduced.allSatisfy({ $0 <= 1e-6 }) {
                    converged = true
                    best = max(best, solved.objective)
                    break
                }
                if exact {
                    // Only routes that come back to a visit price out (the ng-relaxation's).
                    if pricing.widen(cycles) { continue }
                    break
                }
                forceExact = true
                continue
            }
            do throws(MIPError) { try lp.add(columns: new) } catch { break }
        }
        return best.isFinite
            ? TravelOutcome(plan: plan, minutes: max(0, best), converged: converged, columns: columns)
            : nil
    }

    /// A trip's service level (travel minutes with the home legs) as `TripTimer` drives it
    /// (and the plan shows it), or `nil` when it cannot.
    static func tripLevel(_ p: PlanningProblem, of visits: [Int], engineer e: Int) -> ServiceLevel? {
        guard !visits.isEmpty else { return ServiceLevel.none }
        guard visits.allSatisfy({ p.qualified(e, for: $0) }),
              let trip = TripTimer.time(visits: visits, engineer: e, problem: p) else { return nil }
        let onTime = trip.steps.filter { $0.lateMinutes == 0 }
        return ServiceLevel(served: visits.count, onTime: onTime.count,
                            mustToday: onTime.filter { p.visits[$0.visit].visitClass <= .closingToday }.count, minutes: trip.travel)
    }

    /// A master's first columns from a pool: each engineer's `Tuning.masterSeedColumns`
    /// most valuable routes.
    static func seed(_ pool: [RoutePool.Column], engineers: Int) -> [RoutePool.Column] {
        var byEngineer = Array(repeating: [RoutePool.Column](), count: engineers)
        for c in pool { byEngineer[c.engineer].append(c) }
        return byEngineer.flatMap { list in
            list.enumerated().sorted { ($0.element.value, -$0.offset) > ($1.element.value, -$1.offset) }.prefix(Tuning.masterSeedColumns).map(\.element)
        }
    }

    /// The part of any plan's cost no plan can change: the full value of every visit no
    /// engineer can reach in its window and be home from by the end of the shift.
    static func constantCost(_ p: PlanningProblem) -> Double {
        var reachable = Array(repeating: false, count: p.visits.count)
        for list in Pricing.reach(p) { for v in list { reachable[v] = true } }
        return Double(p.visits.indices.filter { !reachable[$0] }.reduce(0) { $0 + p.fullValue($1) })
    }
}

extension PlanningProblem {
    /// The sum over visits of the most each can add under `measure`.
    func fullValueOfAll(measure: ColumnGeneration.Measure) -> Double {
        switch measure {
        case .objective: return Double(fullValueOfAll)
        case .mustTodayOnTime: return Double(mustTodayVisits)
        case .travel: return 0
        }
    }

    /// Visits that cannot wait until tomorrow (urgent repairs, work closing today).
    var mustTodayVisits: Int { visits.filter { $0.visitClass <= .closingToday }.count }

    /// The most must-today visits any plan puts on time, from a bound on the cost under
    /// the must-today measure (the must-today visits not on time). A weak (Lagrangian)
    /// bound can fall below zero: no plan misses fewer than none.
    func mustTodayOnTimeMost(fromBound bound: Double) -> Int {
        mustTodayVisits - max(0, mustTodayMissedAtLeast(fromBound: bound))
    }

    /// The whole must-today visits not on time that a bound on them proves (it rounded up,
    /// less a rounding error's worth).
    func mustTodayMissedAtLeast(fromBound bound: Double) -> Int {
        Int((bound - 1e-6).rounded(.up))
    }
}

/// Pricing by labelling, one engineer at a time (engineers priced side by side on the
/// machine's cores; each engineer's answer depends on the duals alone, so the result
/// does not depend on which core priced whom).
struct Pricing: Sendable {
    let p: PlanningProblem
    let measure: ColumnGeneration.Measure
    /// Per engineer, the visits they could serve at all (qualified, reachable in the
    /// window, home by the shift's end), in visit order.
    let reach: [[Int]]
    /// Per visit, its ng-neighbourhood: itself and its nearest visits (by travel), grown
    /// where pricing found cycles.
    private(set) var ng: [[Int]]
    /// Per engineer, the travel minutes between the visits they can reach (local index
    /// `k` is `reach[e][k]`), their start (`reach[e].count`) and their end (one more),
    /// row by row: labelling reads a leg millions of times, and the map's legs are
    /// great-circle arithmetic each time.
    private let legs: [[Int32]]
    /// The same legs as the time they take, where that can be less than their minutes
    /// (over several days, a leg by rail or air through the night); `legs` otherwise.
    private let timeLegs: [[Int32]]
    /// Per engineer, per visit they can reach (local index), the shortest leg into it from
    /// their start or another visit they can reach, as minutes and as time: what serving
    /// it costs at the least, for the completion bound.
    private let shortestIn: [[(minutes: Int32, time: Int32)]]
    /// Per engineer, whether pricing leaves out a visit whose worth there is no more than
    /// its price: under the must-today measure (a visit is worth one on time, nothing
    /// late, and travel costs nothing), where the engineer's legs take no less time than
    /// any detour (`keepsTriangle`), the same route without the visit reaches every later
    /// one no later and is worth at least as much, so the best reduced value, and the
    /// bound, stay exact. Measured on a 1,000-ticket morning (seed 2): an exact pricing
    /// 2.5 s → 0.8 s of work, most of it saved on visits reached past their deadline.
    /// Not under the objective, where it would be as exact: the route programs choose
    /// among the routes pricing finds, and a route with a late visit in it adds to a plan
    /// where the LP has no use for it (measured: on five 1,000-ticket mornings at 60 s
    /// two plans worse, by up to 2.0 M, and the sample's plan worse by 78).
    let dropsWorthless: [Bool]
    /// Per engineer, the first engineer (by index) whose pricing is the same problem:
    /// the same visits in reach, the same legs among them and to and from their base,
    /// the same shift (and calendar), and, under a measure that counts the stability
    /// term, neither the engineer a previous plan gave any visit. Such engineers differ
    /// only in their rows' prices, which shift every route's reduced value alike, so one
    /// labelling serves them all (`price`). The engineer itself when none.
    let twin: [Int]
    /// Each visit's window, service minutes and deadline (`noDeadline` when none), read
    /// without copying the visit.
    private let earliest: [Int]
    private let latest: [Int]
    private let service: [Int]
    private let deadlineOf: [Int]
    /// Over several days, each engineer's clock (`nil` for one day).
    private let clocks: [WorkClock]?
    /// Whether the visit counts under the must-today measure.
    private let mustToday: [Bool]
    /// A deadline no arrival reaches.
    private static let noDeadline = Int.max / 4
    /// Under the travel measure, what a visit served is worth, what being on time adds,
    /// what a must-today visit on time adds on top, and the price of each unit of a
    /// visit's worth under the objective (the service rows' prices).
    var servicePrices = (served: 0.0, onTime: 0.0, mustToday: 0.0, worth: 0.0)
    /// The master's subset-row cuts and their prices, when it has any: a route pays a
    /// cut's price for each second entry into its rows (`SubsetRows`).
    var cuts: (rows: SubsetRows, duals: [Double])?

    /// Over several days, an engineer's time as pricing keeps it: work minutes (the
    /// nights taken out, `WorkCalendar`), with each visit's window and deadline mapped
    /// into them. Routes timed so are a relaxation of the trips `TripTimer` times: service
    /// may run over a night, no night has to be spent anywhere in particular, going home
    /// for the night costs no more than the leg it replaces, and nights away cost nothing
    /// and have no limit. Every real trip is such a route, arriving no later in work time,
    /// so no later against its deadline, on no later a shift day and worth at least as
    /// much: the LP over them bounds every plan of trips.
    struct WorkClock: Sendable {
        var calendar: WorkCalendar
        /// When the engineer sets out and must be home, in work minutes.
        var start: Int
        var end: Int
        /// The shift day (calendar window) the engineer sets out in.
        var firstDay: Int
        var earliest: [Int]
        var latest: [Int]
        var deadline: [Int]

        init(_ p: PlanningProblem, engineer e: Int, calendar: WorkCalendar) {
            self.calendar = calendar
            let shift = p.shifts[e]
            start = calendar.work(at: shift.availableFrom)
            end = calendar.work(at: shift.end)
            firstDay = calendar.window(from: shift.availableFrom) ?? 0
            earliest = p.visits.map { calendar.work(at: $0.earliest) }
            latest = p.visits.map { calendar.work(at: $0.latest) }
            deadline = p.visits.map { $0.deadline.map { calendar.work(at: $0) } ?? Pricing.noDeadline }
        }

        /// Shift days after the first on which service starting at work minute `start`
        /// begins at the soonest.
        @inline(__always)
        func laterDays(_ start: Int) -> Int { max(0, calendar.window(atWork: start) - firstDay) }
    }

    /// Pricing for `measure`; engineers who could reach at least `boundingReach` visits
    /// are priced with the completion bound.
    init(problem p: PlanningProblem, measure: ColumnGeneration.Measure, boundingReach: Int = Tuning.pricingBoundingReach) {
        self.p = p
        self.measure = measure
        let clocks = Pricing.clocks(p)
        self.clocks = clocks
        let reach = Pricing.reach(p, clocks: clocks)
        self.reach = reach
        let neighbours = p.visitNeighbours(k: Tuning.ngNeighbourhood)
        ng = p.visits.indices.map { v in [v] + neighbours[v] }
        let legs = parallelMap(p.shifts.count) { Pricing.table(p, engineer: $0, nodes: reach[$0], time: false) }
        self.legs = legs
        let timeLegs = Pricing.legsTakeLessTime(p)
            ? parallelMap(p.shifts.count) { Pricing.table(p, engineer: $0, nodes: reach[$0], time: true) } : legs
        self.timeLegs = timeLegs
        shortestIn = parallelMap(p.shifts.count) { e in
            let n = reach[e].count, width = n + 2
            guard n >= boundingReach, n > 0 else { return [] }
            return (0..<n).map { c in
                var minutes = Int32.max, time = Int32.max
                for u in 0...n where u != c {
                    minutes = min(minutes, legs[e][u * width + c])
                    time = min(time, timeLegs[e][u * width + c])
                }
                return (minutes, time)
            }
        }
        // The travel model's legs keep the triangle inequality by construction (a
        // concave, growing function of great-circle distance, rounded up); a matrix, a
        // table or legs through the night are checked.
        let modelLegs = p.legsFromModel && !Pricing.legsTakeLessTime(p)
        dropsWorthless = measure == .mustTodayOnTime
            ? parallelMap(p.shifts.count) { e in modelLegs || Pricing.keepsTriangle(timeLegs[e], visits: reach[e].count) }
            : Array(repeating: false, count: p.shifts.count)
        twin = Pricing.twins(p, measure: measure, reach: reach, legs: legs, timeLegs: timeLegs)
        earliest = p.visits.map(\.earliest)
        latest = p.visits.map(\.latest)
        service = p.visits.map(\.service)
        deadlineOf = p.visits.map { $0.deadline ?? Pricing.noDeadline }
        mustToday = p.visits.map { $0.visitClass <= .closingToday }
    }

    /// Each engineer's `twin`: the first engineer before it with the same pricing problem.
    static func twins(_ p: PlanningProblem, measure: ColumnGeneration.Measure, reach: [[Int]], legs: [[Int32]], timeLegs: [[Int32]]) -> [Int] {
        struct Shape: Hashable {
            var reach: [Int]
            var start, end, availableFrom: Int
            var calendar: WorkCalendar?
        }
        // Under the objective (and travel's worth) a visit is worth more with the engineer
        // a previous plan gave it: those engineers are priced on their own.
        let kept = measure == .mustTodayOnTime ? [] : Set(p.previousEngineer.filter { $0 >= 0 })
        var twin = Array(p.shifts.indices)
        var seen: [Shape: [Int]] = [:]
        for (e, shift) in p.shifts.enumerated() where shift.unavailable == nil && !reach[e].isEmpty && !kept.contains(e) {
            let shape = Shape(reach: reach[e], start: shift.start, end: shift.end, availableFrom: shift.availableFrom, calendar: shift.calendar)
            if let f = seen[shape]?.first(where: { legs[$0] == legs[e] && timeLegs[$0] == timeLegs[e] }) {
                twin[e] = f
            } else {
                seen[shape, default: []].append(e)
            }
        }
        return twin
    }

    /// Whether no leg of an engineer's table (`table`: `visits` visits, then the start
    /// and the end) takes longer than going by way of a visit: a → b ≤ a → v → b for every
    /// visit v, leg from anywhere but the end, to anywhere but the start.
    static func keepsTriangle(_ table: [Int32], visits n: Int) -> Bool {
        let width = n + 2, start = n, end = n + 1
        for v in 0..<n {
            for a in 0..<width where a != v && a != end {
                let av = table[a * width + v]
                for b in 0..<width where b != v && b != a && b != start && table[a * width + b] > av + table[v * width + b] {
                    return false
                }
            }
        }
        return true
    }

    /// The legs pricing would table for `p` (each engineer's reach, with start and end,
    /// squared): what its memory and time grow with.
    static func tableLegs(_ p: PlanningProblem) -> Int {
        reach(p).reduce(0) { $0 + ($1.count + 2) * ($1.count + 2) }
    }

    /// Each engineer's `WorkClock` over several days; `nil` for one day.
    static func clocks(_ p: PlanningProblem) -> [WorkClock]? {
        guard p.isMultiDay else { return nil }
        return p.shifts.indices.map { e in
            WorkClock(p, engineer: e, calendar: p.shifts[e].calendar ?? WorkCalendar(windows: [(p.shifts[e].start, p.shifts[e].end)]))
        }
    }

    /// Whether a leg can take less work time than its minutes (`leg(time: true)` differs).
    static func legsTakeLessTime(_ p: PlanningProblem) -> Bool { p.isMultiDay && p.trips.overnightLongHaul }

    /// Engineer `e`'s legs among `visits`, its start and its end, row by row (`legs`).
    static func table(_ p: PlanningProblem, engineer e: Int, nodes visits: [Int], time: Bool) -> [Int32] {
        let nodes = visits + [p.startNode(e), p.endNode(e)]
        var table = [Int32](repeating: 0, count: nodes.count * nodes.count)
        for (i, a) in nodes.enumerated() {
            for (j, b) in nodes.enumerated() { table[i * nodes.count + j] = Int32(leg(p, engineer: e, a, b, time: time)) }
        }
        return table
    }

    /// The minutes of the leg from node `a` to node `b` for engineer `e` as pricing counts
    /// them: the map's. Over several days, the least a trip can spend between the two: the
    /// leg, or the way home for the night and out again the next morning when that is
    /// shorter; as `time`, a leg by rail or air that may run through the night (policy)
    /// takes none of the engineer's work time.
    static func leg(_ p: PlanningProblem, engineer e: Int, _ a: Int, _ b: Int, time: Bool) -> Int {
        guard p.isMultiDay else { return p.minutes(a, b) }
        func part(_ x: Int, _ y: Int) -> Int {
            time && p.trips.overnightLongHaul && p.travel.model.isLongHaul(p.coordinate(x), p.coordinate(y)) ? 0 : p.minutes(x, y)
        }
        let base = p.endNode(e)
        return min(part(a, b), part(a, base) + part(base, b))
    }

    /// Per engineer, the visits they could serve at all: qualified, reachable before the
    /// window closes, home by the shift's end (over several days, in `clocks`' work time).
    static func reach(_ p: PlanningProblem, clocks: [WorkClock]? = nil) -> [[Int]] {
        let clocks = clocks ?? Pricing.clocks(p)
        var reach = Array(repeating: [Int](), count: p.shifts.count)
        for (e, shift) in p.shifts.enumerated() where shift.unavailable == nil {
            let clock = clocks?[e]
            for v in p.visits.indices where p.qualified(e, for: v) {
                let arrive = (clock?.start ?? shift.availableFrom) + leg(p, engineer: e, p.startNode(e), v, time: true)
                let start = max(arrive, clock?.earliest[v] ?? p.visits[v].earliest)
                if start <= clock?.latest[v] ?? p.visits[v].latest
                    && start + p.visits[v].service + leg(p, engineer: e, v, p.endNode(e), time: true) <= clock?.end ?? shift.end {
                    reach[e].append(v)
                }
            }
        }
        return reach
    }

    /// Grows the ng-neighbourhoods so that none of `cycles` (routes that come back to a
    /// visit) can be priced again: the visit repeated joins the neighbourhood of every
    /// visit between its two calls (up to `Tuning.ngMaximum`). Whether anything grew.
    mutating func widen(_ cycles: [[Int]]) -> Bool {
        var grew = false
        for route in cycles {
            for i in route.indices {
                guard let j = route[(i + 1)...].firstIndex(of: route[i]) else { continue }
                for k in (i + 1)..<j where !ng[route[k]].contains(route[i]) && ng[route[k]].count < Tuning.ngMaximum {
                    ng[route[k]].append(route[i])
                    grew = true
                }
            }
        }
        return grew
    }

    /// What serving `v` adds under the objective, `late` minutes late and starting
    /// `laterDays` shift days after the engineer sets out (travel aside).
    @inline(__always)
    func objectiveWorth(_ v: Int, _ e: Int, late: Int, laterDays: Int) -> Int {
        p.value(v, engineer: e, lateMinutes: late) - laterDays * Tuning.laterShiftDayMinutes * Objective.travelPerMinute
    }

    /// What serving `v` adds under the measure, `late` minutes late, by engineer `e`
    /// (under the travel measure, nothing: what a visit on time is worth there is a price).
    @inline(__always)
    func worth(_ v: Int, _ e: Int, late: Int, laterDays: Int = 0) -> Int {
        switch measure {
        case .objective: return objectiveWorth(v, e, late: late, laterDays: laterDays)
        case .mustTodayOnTime: return late == 0 && mustToday[v] ? 1 : 0
        case .travel: return 0
        }
    }

    /// What serving `v` adds in pricing: its worth, or under the travel measure the
    /// service rows' prices (served, and on time when it is).
    @inline(__always)
    func gain(_ v: Int, _ e: Int, late: Int, laterDays: Int = 0) -> Double {
        guard measure == .travel else { return Double(worth(v, e, late: late, laterDays: laterDays)) }
        return servicePrices.served + (late == 0 ? servicePrices.onTime + (mustToday[v] ? servicePrices.mustToday : 0) : 0)
            + (servicePrices.worth > 0 ? servicePrices.worth * Double(objectiveWorth(v, e, late: late, laterDays: laterDays)) : 0)
    }

    /// The same as a service level (every visit of a route is served).
    func level(of visits: [Int], engineer e: Int) -> ColumnGeneration.ServiceLevel? {
        service(of: visits, engineer: e).map {
            ColumnGeneration.ServiceLevel(served: visits.count, onTime: $0.onTime, mustToday: $0.mustToday, minutes: $0.minutes,
                                          worth: p.isMultiDay ? 0 : $0.worth)
        }
    }

    /// A route's travel minutes, visits on time, must-today visits on time and what its
    /// visits add under the objective, travel aside (leaving as early as possible), or
    /// `nil` when it misses a window or the shift.
    func service(of visits: [Int], engineer e: Int) -> (minutes: Int, onTime: Int, mustToday: Int, worth: Int)? {
        var minutes = 0, onTime = 0, must = 0, worth = 0
        guard let back = walk(visits, engineer: e, { v, t, late, days in
            minutes += t
            worth += objectiveWorth(v, e, late: late, laterDays: days)
            if late == 0 {
                onTime += 1
                if mustToday[v] { must += 1 }
            }
        }) else { return nil }
        return (minutes + back, onTime, must, worth)
    }

    /// Times engineer `e`'s route through `visits` leaving as early as possible (over
    /// several days, on its `WorkClock`): calls `each` with every visit, the minutes of the
    /// leg to it, how late it is reached and how many shift days after the first its
    /// service begins; returns the minutes of the way home (0 for no visits), or `nil`
    /// when the engineer cannot drive it (unavailable, unqualified, a window missed, home
    /// after the shift).
    private func walk(_ visits: [Int], engineer e: Int, _ each: (_ v: Int, _ leg: Int, _ late: Int, _ laterDays: Int) -> Void) -> Int? {
        guard !visits.isEmpty else { return 0 }
        let shift = p.shifts[e]
        guard shift.unavailable == nil else { return nil }
        let clock = clocks?[e]
        let earliest = clock?.earliest ?? self.earliest, latest = clock?.latest ?? self.latest
        let deadlineOf = clock?.deadline ?? self.deadlineOf
        let lessTime = Pricing.legsTakeLessTime(p)
        /// A leg's minutes and the work time it takes.
        func leg(_ a: Int, _ b: Int) -> (minutes: Int, time: Int) {
            let minutes = Pricing.leg(p, engineer: e, a, b, time: false)
            return (minutes, lessTime ? Pricing.leg(p, engineer: e, a, b, time: true) : minutes)
        }
        var time = clock?.start ?? shift.availableFrom, node = p.startNode(e)
        for v in visits {
            guard p.qualified(e, for: v) else { return nil }
            let l = leg(node, v)
            let arrive = time + l.time
            let start = max(arrive, earliest[v])
            guard start <= latest[v] else { return nil }
            each(v, l.minutes, max(0, arrive - deadlineOf[v]), clock?.laterDays(start) ?? 0)
            time = start + service[v]
            node = v
        }
        let back = leg(node, p.endNode(e))
        return time + back.time <= clock?.end ?? shift.end ? back.minutes : nil
    }

    /// Cost of `minutes` of travel under the measure.
    @inline(__always)
    func travelCost(_ minutes: Int) -> Int {
        switch measure {
        case .objective: return Objective.travelPerMinute * minutes
        case .mustTodayOnTime: return 0
        case .travel: return minutes
        }
    }

    /// Which of engineer `e`'s route's visits it puts on time as must-today ones, or `nil`
    /// when it cannot be driven: where a limited-memory cut's count starts again
    /// (`SubsetRows`).
    func counted(_ visits: [Int], engineer e: Int) -> [Bool]? {
        var counted: [Bool] = []
        counted.reserveCapacity(visits.count)
        guard walk(visits, engineer: e, { v, _, late, _ in counted.append(late == 0 && mustToday[v]) }) != nil else { return nil }
        return counted
    }

    /// A route's value under the measure (leaving as early as possible), or `nil` when it
    /// misses a window or the shift.
    func value(of visits: [Int], engineer e: Int) -> Int? {
        var value = 0
        guard let back = walk(visits, engineer: e, { v, t, late, days in value += worth(v, e, late: late, laterDays: days) - travelCost(t) })
        else { return nil }
        return visits.isEmpty ? 0 : value - travelCost(back)
    }

    struct Label {
        var node: Int
        var time: Int
        /// Reduced value so far (visit worth less dual, less travel).
        var reduced: Double
        /// Visits the route may not enter again (the ng-memory), as bits over the
        /// ng-neighbourhood of the label's visit (bit `k`: `ng[visit][k]`; the memory
        /// never holds a visit outside it), so that a label holds no array.
        var memory: UInt32
        var parent: Int
        var visit: Int
        /// The cuts whose rows the route has entered an odd number of times (`CutBits`).
        var bits = CutBits.none
    }

    /// A label kept at a visit, as dominance reads it (`Label`'s fields, and its index).
    struct Kept {
        var time: Int
        var reduced: Double
        var memory: UInt32
        var label: Int32
        var bits: CutBits
    }

    /// Engineer `e`'s view of the cuts with a price: the cuts' bits as each of their
    /// visits (by local index) toggles them, the bits each visit keeps (the cuts that
    /// remember it; the others start their count again there), the bits a route starts
    /// with (the cuts over the engineer's own row) and each bit's price. A cut counts when
    /// it has at least two rows the engineer's routes can hold; when more than
    /// `CutBits.capacity` do, those with the lowest prices are left out, which only
    /// over-estimates a route's reduced value (the bound stays valid).
    func cutMasks(engineer e: Int, local: [Int], candidates: [Int]) -> (masks: [CutBits], keep: [CutBits], start: CutBits, prices: [Double]) {
        guard let cuts else { return ([], [], .none, []) }
        var position = [Int32](repeating: -1, count: p.visits.count)
        for c in candidates { position[local[c]] = Int32(c) }
        let own = p.visits.count + e
        func held(_ row: Int) -> Bool { row == own || (row < p.visits.count && position[row] >= 0) }
        var relevant: [(price: Double, cut: Int)] = []
        for (k, price) in cuts.duals.enumerated() where price > 1e-9 && cuts.rows.triples[k].filter(held).count >= 2 {
            relevant.append((price, k))
        }
        guard !relevant.isEmpty else { return ([], [], .none, []) }
        relevant.sort { $0.price != $1.price ? $0.price > $1.price : $0.cut < $1.cut }
        var masks = [CutBits](repeating: .none, count: local.count), keep = masks, start = CutBits.none, prices: [Double] = []
        for (bit, r) in relevant.prefix(CutBits.capacity).enumerated() {
            prices.append(r.price)
            for row in cuts.rows.triples[r.cut] where held(row) {
                if row == own { start.insert(bit) } else { masks[Int(position[row])].insert(bit) }
            }
            if let memory = cuts.rows.memories[r.cut] {
                for v in memory where position[v] >= 0 { keep[Int(position[v])].insert(bit) }
            } else {
                for c in candidates { keep[c].insert(bit) }
            }
        }
        return (masks, keep, start, prices)
    }

    /// One round of column generation's pricing at the given prices: heuristic pricing
    /// first, then exact pricing when the heuristic found nothing, when `forceExact`, in
    /// the first round (a bound as early as possible) and every
    /// `Tuning.exactPricingEvery` rounds. The routes found (the exact pricing's too when
    /// it finished); `exact` each engineer's best reduced value and the cycles that priced
    /// out, when exact pricing ran and finished; `unfinished` why, when it ran and did not.
    func round(visitDuals: [Double], engineerDuals: [Double], iteration: Int, forceExact: Bool, deadline: Date)
        -> (columns: [RoutePool.Column], exact: (reduced: [Double], cycles: [[Int]])?, unfinished: String?) {
        var found = price(visitDuals: visitDuals, engineerDuals: engineerDuals, labelsPerVisit: Tuning.heuristicLabelsPerVisit, deadline: deadline).columns
        guard found.isEmpty || forceExact || iteration == 1 || iteration % Tuning.exactPricingEvery == 0 else { return (found, nil, nil) }
        let exact = price(visitDuals: visitDuals, engineerDuals: engineerDuals, labelsPerVisit: nil, deadline: deadline)
        guard exact.complete else { return (found, nil, exact.stopped ?? "exact pricing did not finish") }
        found += exact.columns
        return (found, (exact.bestReduced, exact.cycles), nil)
    }

    /// Why pricing stopped at the deadline.
    static let timeLimitNote = "time limit in pricing"

    /// A visit price no route can pay: pricing leaves the visit out.
    static let pricedOut = 1e12

    /// One engineer's pricing: the routes found and the reduced value of each, the best
    /// reduced value, whether the search was exhaustive and why not, and the best route
    /// when it comes back to a visit, with its reduced value.
    typealias EngineerPricing = (routes: [[Int]], reduced: [Double], best: Double, complete: Bool, stopped: String?,
                                 cycle: (visits: [Int], reduced: Double)?)

    /// The routes of positive reduced value (at most a few per engineer), each
    /// engineer's best reduced value, and whether the search was exhaustive (no label
    /// limit hit, in time).
    /// Engineers in `skipping` are not priced (their best reduced value reads 0).
    func price(visitDuals: [Double], engineerDuals: [Double], labelsPerVisit: Int?, deadline: Date, skipping: Set<Int> = [])
        -> (columns: [RoutePool.Column], bestReduced: [Double], complete: Bool, stopped: String?, cycles: [[Int]]) {
        // Twins (`twin`) are labelled once, at the lowest of their engineer prices: each
        // one's routes are those routes less the difference, and any route that prices
        // out for one prices out there. An engineer in a priced cut over its own row
        // prices differently and is labelled on its own.
        var ownCut = Array(repeating: false, count: p.shifts.count)
        if let cuts {
            for (k, price) in cuts.duals.enumerated() where price > 1e-9 {
                for row in cuts.rows.triples[k] where row >= p.visits.count { ownCut[row - p.visits.count] = true }
            }
        }
        let members: [Int: [Int]] = Dictionary(grouping: p.shifts.indices.filter { p.shifts[$0].unavailable == nil && !skipping.contains($0) }) { e in
            ownCut[e] || ownCut[twin[e]] ? e : twin[e]
        }
        let labelled = members.keys.sorted()
        let results: [(result: EngineerPricing, dual: Double)] = parallelMap(labelled.count) { i in
            let e = labelled[i]
            let dual = members[e]!.map { engineerDuals[$0] }.min()!
            if Date() >= deadline { return (([], [], 0, false, Pricing.timeLimitNote, nil), dual) }
            var result = priceEngineer(e, visitDuals: visitDuals, engineerDual: dual, labelsPerVisit: labelsPerVisit, deadline: deadline)
            if labelsPerVisit == nil, !result.complete, Date() < deadline {
                // Too many ng-labels: the q-route relaxation (no memory but the last visit)
                // still bounds this engineer's best reduced value, with far fewer labels.
                let relaxed = priceEngineer(e, visitDuals: visitDuals, engineerDual: dual, labelsPerVisit: nil,
                                            deadline: deadline, memoryless: true)
                if relaxed.complete { result = (result.routes, result.reduced, relaxed.best, true, nil, nil) }
            }
            return (result, dual)
        }
        var labelledAs = Array(repeating: -1, count: p.shifts.count)
        for (i, e) in labelled.enumerated() { for m in members[e]! { labelledAs[m] = i } }
        var columns: [RoutePool.Column] = []
        var cycles: [[Int]] = []
        var best = Array(repeating: 0.0, count: p.shifts.count)
        var complete = true
        for e in p.shifts.indices where labelledAs[e] >= 0 {
            let (result, dual) = results[labelledAs[e]]
            // Out of time: what the engineers before found is the answer.
            if result.stopped == Pricing.timeLimitNote { return (columns, best, false, result.stopped, cycles) }
            // What this engineer's higher price takes off every route's reduced value.
            let less = engineerDuals[e] - dual
            best[e] = max(0, result.best - less)
            complete = complete && result.complete
            if let cycle = result.cycle, cycle.reduced - less > 1e-6 { cycles.append(cycle.visits) }
            columns += zip(result.routes, result.reduced).compactMap { route, reduced in
                guard reduced - less > 1e-6 else { return nil }
                return value(of: route, engineer: e).map { RoutePool.Column(engineer: e, visits: route, value: $0) }
            }
            if labelsPerVisit == nil && !result.complete { return (columns, best, false, result.stopped, cycles) }
        }
        return (columns, best, complete, nil, cycles)
    }

    /// One engineer's labelling: the best routes (elementary ones only) of positive
    /// reduced value, and the best reduced value over every ng-route.
    func priceEngineer(_ e: Int, visitDuals: [Double], engineerDual: Double, labelsPerVisit: Int?, deadline: Date, memoryless: Bool = false)
        -> EngineerPricing {
        let labelLimit = memoryless ? Tuning.pricingLabelLimit * 4 : Tuning.pricingLabelLimit
        let shift = p.shifts[e]
        let local = reach[e]
        let legs = self.legs[e], timeLegs = self.timeLegs[e]
        let clock = clocks?[e]
        let earliest = clock?.earliest ?? self.earliest, latest = clock?.latest ?? self.latest
        let deadlineOf = clock?.deadline ?? self.deadlineOf
        let setOut = clock?.start ?? shift.availableFrom, end = clock?.end ?? shift.end
        let width = local.count + 2, home = local.count + 1
        let dropsWorthless = self.dropsWorthless[e]
        // Under the must-today measure other visits are worth nothing and only take time.
        let candidates = measure == .mustTodayOnTime ? local.indices.filter { mustToday[local[$0]] } : Array(local.indices)
        guard !candidates.isEmpty else { return ([], [], 0, true, nil, nil) }
        // Where the engineer could reach many visits, a completion bound (Feillet et al.
        // 2004's bounding): what the rest of the shift could still add, at most, as a
        // fractional knapsack over the visits' best gains less their duals and least
        // travel, each taking its service and shortest leg in. A label that cannot beat
        // the best route found so far even so is dropped: the best reduced value stays
        // exact, only routes that could not be the best go unpriced. With fewer visits
        // every route that prices out is kept (more columns for the master, and cheap).
        let completion = shortestIn[e].isEmpty ? nil : Completion(candidates.compactMap { c -> (weight: Int, gain: Double)? in
            let v = local[c]
            let g = gain(v, e, late: 0) - visitDuals[v] - Double(travelCost(Int(shortestIn[e][c].minutes)))
            return g > 0 ? (service[v] + Int(shortestIn[e][c].time), g) : nil
        })
        let (cutMask, cutKeep, cutStart, cutPrices) = cutMasks(engineer: e, local: local, candidates: candidates)
        let tracking = !cutPrices.isEmpty
        // Visits some priced cut forgets (outside its memory): on time there, a route starts
        // that cut's count again, so it is never left out as worthless (without it a
        // route could pay a cut it would not have).
        let everyCut = CutBits.first(cutPrices.count)
        let forgetting = tracking ? cutKeep.map { $0 != everyCut } : []
        // Labels sit at local indices (`node`); `visit` is the visit's own index.
        var labels: [Label] = [Label(node: local.count, time: setOut, reduced: -engineerDual, memory: 0, parent: -1, visit: -1, bits: cutStart)]
        // Undominated labels at each visit (by local index), with what dominance compares
        // (read side by side rather than through `labels`: dominance is most of the
        // labelling's time), and whether each label is still undominated.
        var atVisit = Array(repeating: [Kept](), count: local.count)
        var undominated = [true]
        var queue = Heap<QueueItem>()
        queue.insert(QueueItem(time: setOut, label: 0))
        var bestValue = 0.0
        var finished: [(reduced: Double, label: Int)] = []
        var complete = true
        var processed = 0
        // Each visit's way home, read side by side (the table's column is strided).
        let backHome = (0..<local.count).map { Int(timeLegs[$0 * width + home]) }
        // Labels leave the queue in time order, and no label is earlier than the one it
        // extends: a visit whose window has closed by a label's time (or that could not
        // be served and home by the shift's end from then on) is out of reach of every
        // label after it, and so, under the must-today measure where a late visit is
        // worth nothing, is one whose deadline has passed (a visit's price is never
        // below 0, so it is left out as worthless anyway). Those drop from the candidates
        // as time passes, in the same order: the labelling is the same, with fewer tries.
        let lateIsWorthless = dropsWorthless && measure == .mustTodayOnTime
        var closes = Array(repeating: Int.max, count: local.count)
        for c in candidates {
            let v = local[c]
            closes[c] = min(latest[v], end - service[v] - backHome[c])
            if lateIsWorthless, visitDuals[v] >= 0 { closes[c] = min(closes[c], deadlineOf[v]) }
        }
        var open = candidates
        var nextClose = open.lazy.map { closes[$0] }.min() ?? .max
        while let item = queue.popMin() {
            let l = labels[item.label]
            if l.visit >= 0, !undominated[item.label] { continue }   // dominated since
            if let completion, l.visit >= 0, l.reduced + completion.most(within: end - l.time) < bestValue - 1e-9 { continue }
            processed += 1
            if processed % 4096 == 0 && Date() >= deadline { return ([], [], bestValue, false, Pricing.timeLimitNote, nil) }
            if labels.count > labelLimit { return ([], [], bestValue, false, "label limit in pricing (\(labelLimit))", nil) }
            let row = l.node * width
            // Close the route: home.
            if l.visit >= 0 {
                let reduced = l.reduced - Double(travelCost(Int(legs[row + home])))
                if reduced > 1e-6 { finished.append((reduced, item.label)) }
                bestValue = max(bestValue, reduced)
            }
            if nextClose < l.time {
                open.removeAll { closes[$0] < l.time }
                nextClose = open.lazy.map { closes[$0] }.min() ?? .max
            }
            let from = l.visit >= 0 ? ng[l.visit] : []
            for c in open where c != l.node {
                let v = local[c]
                if l.memory != 0, let k = from.firstIndex(of: v), l.memory & (1 << k) != 0 { continue }
                let t = Int(legs[row + c])
                let arrive = l.time + Int(timeLegs[row + c])
                let start = max(arrive, earliest[v])
                guard start <= latest[v], start + service[v] + backHome[c] <= end else { continue }
                let late = max(0, arrive - deadlineOf[v])
                let net = gain(v, e, late: late, laterDays: clock?.laterDays(start) ?? 0) - visitDuals[v]
                // Worth no more than its price here: the same route without it is as good
                // (unless, on time, it is where a cut starts its count again).
                if dropsWorthless, net <= 0, !(tracking && late == 0 && mustToday[v] && forgetting[c]) { continue }
                var reduced = l.reduced + net - Double(travelCost(t))
                // A second entry into a cut's rows pays its price; a cut that forgets this
                // visit starts its count again.
                var bits = l.bits
                if tracking {
                    if late == 0 && mustToday[v] { bits = bits & cutKeep[c] }
                    if !cutMask[c].isEmpty {
                        reduced -= (bits & cutMask[c]).charge(cutPrices)
                        bits = bits ^ cutMask[c]
                    }
                }
                let memory = memoryless ? 0 : Pricing.remembered(l.memory, of: from, at: ng[v])
                let time = start + service[v]
                if let completion, reduced + completion.most(within: end - time) < bestValue - 1e-9 { continue }
                // Dominance at v: an earlier label worth at least as much, forbidding no more;
                // with cuts, worth as much even after paying the prices of the cuts it has
                // entered once and the other has not (Jepsen et al. 2008).
                if atVisit[c].contains(where: { o in
                    o.time <= time && o.memory & ~memory == 0
                        && o.reduced - (tracking ? (o.bits & ~bits).charge(cutPrices) : 0) >= reduced - 1e-9
                }) { continue }
                let index = labels.count
                labels.append(Label(node: c, time: time, reduced: reduced, memory: memory, parent: item.label, visit: v, bits: bits))
                undominated.append(true)
                atVisit[c].removeAll { o in
                    let dominated = time <= o.time && memory & ~o.memory == 0
                        && reduced - (tracking ? (bits & ~o.bits).charge(cutPrices) : 0) >= o.reduced - 1e-9
                    if dominated { undominated[Int(o.label)] = false }
                    return dominated
                }
                atVisit[c].append(Kept(time: time, reduced: reduced, memory: memory, label: Int32(index), bits: bits))
                if let limit = labelsPerVisit, atVisit[c].count > limit {
                    // Heuristic pricing: keep the best few (by reduced value).
                    atVisit[c].sort { $0.reduced > $1.reduced }
                    for o in atVisit[c][limit...] { undominated[Int(o.label)] = false }
                    atVisit[c].removeLast(atVisit[c].count - limit)
                    complete = false
                    guard undominated[index] else { continue }
                }
                queue.insert(QueueItem(time: time, label: index))
            }
        }
        // The best few finished routes that visit no visit twice.
        var routes: [[Int]] = [], reducedOf: [Double] = []
        var cycle: (visits: [Int], reduced: Double)?
        for f in finished.sorted(by: { ($0.reduced, -$0.label) > ($1.reduced, -$1.label) }) {
            var route: [Int] = []
            var i = f.label
            while i > 0 { route.append(labels[i].visit); i = labels[i].parent }
            route.reverse()
            guard Set(route).count == route.count else {
                // The best route comes back to a visit: the ng-memory should be larger there.
                if routes.isEmpty && cycle == nil { cycle = (route, f.reduced) }
                continue
            }
            routes.append(route)
            reducedOf.append(f.reduced)
            if routes.count >= Tuning.columnsPerPricing { break }
        }
        // Only a label limit per visit (heuristic pricing) leaves the search incomplete here.
        return (routes, reducedOf, bestValue, complete, nil, cycle)
    }

    /// The ng-memory on arriving at a visit whose neighbourhood is `to` from one whose
    /// neighbourhood is `from` with memory `memory`: what it remembered that `to` holds,
    /// and the visit itself (`to[0]`).
    @inline(__always)
    static func remembered(_ memory: UInt32, of from: [Int], at to: [Int]) -> UInt32 {
        var next: UInt32 = 1
        var bits = memory
        while bits != 0 {
            let k = bits.trailingZeroBitCount
            bits &= bits - 1
            if let j = to.firstIndex(of: from[k]) { next |= 1 << j }
        }
        return next
    }

    /// The most a set of items (each taking `weight` minutes, worth `gain`) can add in a
    /// number of minutes, fractions allowed: the best gain per minute first.
    struct Completion {
        /// Minutes and gain of the first `k` items by gain per minute, at `k`; each item's rate.
        private var weights: [Int] = [0]
        private var gains: [Double] = [0]
        private var rates: [Double] = []

        init(_ items: [(weight: Int, gain: Double)]) {
            // Items that take no time first: any number of minutes holds them whole, so the
            // fraction below is always of an item that takes some.
            for item in items.sorted(by: { $0.gain * Double($1.weight) > $1.gain * Double($0.weight) }) {
                weights.append(weights.last! + item.weight)
                gains.append(gains.last! + item.gain)
                rates.append(item.weight > 0 ? item.gain / Double(item.weight) : 0)
            }
        }

        /// The most the items add in `minutes`.
        @inline(__always)
        func most(within minutes: Int) -> Double {
            guard minutes >= 0 else { return 0 }
            // The last prefix that fits whole, then a fraction of the next item.
            var low = 0, high = weights.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if weights[mid] <= minutes { low = mid } else { high = mid - 1 }
            }
            guard low < rates.count else { return gains[low] }
            return gains[low] + Double(minutes - weights[low]) * rates[low]
        }
    }

    struct QueueItem: Comparable {
        var time: Int
        var label: Int
        static func < (a: QueueItem, b: QueueItem) -> Bool { (a.time, a.label) < (b.time, b.label) }
    }
}
