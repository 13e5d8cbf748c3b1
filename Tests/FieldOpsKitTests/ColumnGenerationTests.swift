import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsGLPK
import FieldOpsPlan
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// Every order of `set`, each passed to `body`.
func forEachOrder(of set: [Int], _ body: ([Int]) -> Void) {
    func permute(_ prefix: [Int], _ rest: [Int]) {
        if rest.isEmpty { return body(prefix) }
        for (i, v) in rest.enumerated() {
            var r = rest
            r.remove(at: i)
            permute(prefix + [v], r)
        }
    }
    permute([], set)
}

/// Every assignment of `visits` visits to `engineers` engineers (or to none), as each
/// engineer's set, passed to `body`.
func forEachAssignment(visits: Int, engineers: Int, _ body: ([[Int]]) -> Void) {
    let total = Int(pow(Double(engineers + 1), Double(visits)))
    for code in 0..<total {
        var c = code
        var sets = Array(repeating: [Int](), count: engineers)
        for v in 0..<visits {
            let choice = c % (engineers + 1)
            c /= engineers + 1
            if choice < engineers { sets[choice].append(v) }
        }
        body(sets)
    }
}

/// The most any plan adds up to, over every assignment of visits to engineers (or none)
/// and every order: `routeValue` prices one engineer's route, `nil` when it cannot be driven.
func bruteForceBest(_ p: PlanningProblem, routeValue: (Int, [Int]) -> Int?) -> Int {
    let engineers = p.shifts.count
    var memo: [[Int]: Int?] = [:]
    func bestRoute(_ e: Int, _ set: [Int]) -> Int? {
        if let known = memo[[e] + set] { return known }
        var best: Int?
        forEachOrder(of: set) { order in
            if let v = routeValue(e, order) { best = max(best ?? Int.min, v) }
        }
        memo[[e] + set] = best
        return best
    }
    var best = Int.min
    forEachAssignment(visits: p.visits.count, engineers: engineers) { sets in
        var value = 0
        for e in 0..<engineers where !sets[e].isEmpty {
            guard let v = bestRoute(e, sets[e]) else { return }
            value += v
        }
        best = max(best, value)
    }
    return best
}

/// An engineer's best reduced value under the must-today measure by brute force: every
/// route through a subset of their must-today visits, in every order, less its visits'
/// prices, the engineer's and what `charged` takes for the route (nothing by default);
/// no route at all is worth 0.
func bestMustTodayReduced(_ p: PlanningProblem, _ pricing: Pricing, engineer e: Int, visitDuals: [Double], engineerDual: Double,
                          charged: ([Int]) -> Double = { _ in 0 }) -> Double {
    let must = pricing.reach[e].filter { p.visits[$0].visitClass <= .closingToday }
    var best = 0.0
    for mask in 1..<(1 << must.count) {
        let set = must.indices.filter { mask & (1 << $0) != 0 }.map { must[$0] }
        forEachOrder(of: set) { route in
            guard let value = pricing.value(of: route, engineer: e) else { return }
            best = max(best, Double(value) - route.reduce(0) { $0 + visitDuals[$1] } - engineerDual - charged(route))
        }
    }
    return best
}

@Suite("Column generation: the bound")
struct ColumnGenerationTests {
    let solver = GLPKSolver(timeLimit: 20)

    /// A tiny morning with three engineers and six or seven visits, some urgent and late.
    func morning(_ seed: UInt64, days: Int = 1) throws -> PlanningProblem {
        let generated = morningTickets(seed)
        var rng = generated.rng
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let engineers = [
            ["base=北京市", "skills=server;storage", "shift_start=08:00", "shift_end=\(unit() < 0.5 ? "13:00" : "16:00")"],
            ["base=天津市", "skills=server;gpu;network", "shift_start=09:00", "shift_end=15:00"],
            ["base=北京市", "skills=server;gpu;storage;network", "shift_start=10:00", "shift_end=14:00"],
        ]
        return try problem(tickets: generated.tickets, engineers: engineers, days: days)
    }

    /// The tickets of `morning(seed)`, and the generator as it leaves them.
    func morningTickets(_ seed: UInt64) -> (tickets: [[String]], rng: SplitMix64) {
        var rng = SplitMix64(seed: seed &* 7919)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let places = ["海淀区", "朝阳区,北京市", "通州区,北京市", "房山区", "延庆区", "天津市", "廊坊市", "保定市", "怀柔区", "大兴区", "唐山市"]
        let components = ["mainboard", "cpu", "memory", "raid", "gpu", "nic"]
        var tickets: [[String]] = []
        for _ in 0..<(5 + Int(rng.next() % 2)) {
            let reported = time("2026-11-25T08:00:00+08:00").addingTimeInterval(-unit() * 14 * 3600)
            var row = ["reported_at=\(Timestamp.format(reported))", "place=\(places[Int(rng.next() % UInt64(places.count))])",
                       "component=\(components[Int(rng.next() % UInt64(components.count))])"] + inWarranty
            if unit() < 0.3 { row.append("priority=\(1 + rng.next() % 3)") }
            tickets.append(row)
        }
        tickets.append(["kind=inspection", "place=\(places[Int(rng.next() % UInt64(places.count))])",
                        "window_start=2026-11-25T13:00", "window_end=2026-11-25T17:00"] + inWarranty)
        return (tickets, rng)
    }

    @Test("On tiny mornings the bound is at most the brute-force optimum (memories grown lazily or at once), and the must-today bound at least the brute-force most", arguments: Array(UInt64(1)...UInt64(10)))
    func boundIsValid(seed: UInt64) throws {
        let p = try morning(seed)
        let outcome = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30))
        #expect(outcome.converged, "seed \(seed): \(outcome.stopped ?? "")")
        let bound = try #require(outcome.bound)
        let optimum = Double(bruteForceOptimum(p))
        #expect(bound <= optimum + 1e-6, "seed \(seed): bound \(bound), optimum \(optimum)")
        // Memories grown at every exact pricing that finds a cycle (as on large mornings):
        // converged, and at most the optimum too.
        let atOnce = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30), growMemoriesAtOnce: true)
        #expect(atOnce.converged, "seed \(seed): \(atOnce.stopped ?? "")")
        let atOnceBound = try #require(atOnce.bound)
        #expect(atOnceBound <= optimum + 1e-6, "seed \(seed): bound \(atOnceBound), optimum \(optimum)")
        // The assignment LP's bound is valid too (how close each comes: `fieldops bench`).
        if let assignment = AssignmentBound.lowerBound(p, solver: solver, seconds: 20) { #expect(assignment <= optimum + 1e-6) }

        let must = ColumnGeneration.run(p, start: [], solver: solver, measure: .mustTodayOnTime, deadline: Date().addingTimeInterval(30),
                                        subsetRows: false)
        let mustBound = try #require(must.bound)
        let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        let most = bruteForceBest(p) { e, visits in pricing.value(of: visits, engineer: e) }
        let total = p.visits.filter { $0.visitClass <= .closingToday }.count
        // Cost bound under the measure: must-today visits not on time; at most what the best plan leaves.
        #expect(mustBound <= Double(total - most) + 1e-6, "seed \(seed): \(mustBound) vs \(total - most)")
        // Started from the objective's routes, as the integer planner starts it: the same LP.
        let warm = ColumnGeneration.mustToday(p, start: [], after: outcome, solver: solver, deadline: Date().addingTimeInterval(30),
                                              subsetRows: false)
        #expect(must.converged && warm.converged, "seed \(seed)")
        #expect(abs((warm.bound ?? -1) - mustBound) <= 1e-6, "seed \(seed): \(warm.bound ?? -1) vs \(mustBound)")
        // With subset-row cuts (as the planner runs it): as valid, and never weaker.
        let cut = ColumnGeneration.mustToday(p, start: [], after: outcome, solver: solver, deadline: Date().addingTimeInterval(30))
        let cutBound = try #require(cut.bound)
        #expect(cut.converged, "seed \(seed): \(cut.stopped ?? "")")
        #expect(cutBound <= Double(total - most) + 1e-6, "seed \(seed): \(cutBound) vs \(total - most), \(cut.cuts) cuts")
        #expect(cutBound >= mustBound - 1e-6, "seed \(seed): \(cutBound) vs \(mustBound)")
    }

    @Test("The must-today bound's dive ends in a plan (disjoint drivable routes, one an engineer) no better than the brute-force most, the bound as without it; completing it never loses value")
    func mustTodayDive() throws {
        var best = 0
        for seed in UInt64(1)...UInt64(10) {
            let p = try morning(seed)
            let generated = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30))
            let plain = ColumnGeneration.mustToday(p, start: [], after: generated, solver: solver, deadline: Date().addingTimeInterval(30), subsetRows: false)
            let dived = ColumnGeneration.mustToday(p, start: [], after: generated, solver: solver, deadline: Date().addingTimeInterval(30), subsetRows: false,
                                                   dive: Date().addingTimeInterval(60))
            #expect(abs((dived.bound ?? -1) - (plain.bound ?? -2)) <= 1e-6, "seed \(seed): the dive moved the bound")
            let plan = try #require(dived.dived, "seed \(seed): no plan")
            #expect(Set(plan.map(\.engineer)).count == plan.count, "seed \(seed): an engineer twice")
            let visits = plan.flatMap(\.visits)
            #expect(Set(visits).count == visits.count, "seed \(seed): a visit twice")
            let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
            var routes = Array(repeating: [Int](), count: p.shifts.count)
            for c in plan {
                #expect(pricing.value(of: c.visits, engineer: c.engineer) == c.value, "seed \(seed): engineer \(c.engineer)'s route")
                routes[c.engineer] = c.visits
            }
            let onTime = plan.reduce(0) { $0 + $1.value }
            let most = bruteForceBest(p) { e, visits in pricing.value(of: visits, engineer: e) }
            #expect(onTime <= most, "seed \(seed): \(onTime) on time, at most \(most)")
            if onTime == most { best += 1 }
            // Completed (the visits it left out inserted, a local search): never worth less.
            let completed = RouteSelection.complete(routes, problem: p, options: PlannerOptions(), deadline: Date().addingTimeInterval(10))
            let served = completed.flatMap { $0 }
            #expect(Set(served).count == served.count, "seed \(seed): a completed visit twice")
            func worth(_ routes: [[Int]]) -> Int? {
                let values = routes.enumerated().compactMap { e, visits in RouteSelection.value(of: visits, engineer: e, p) }
                return values.count == routes.count ? values.reduce(0, +) : nil
            }
            let start = try #require(worth(routes), "seed \(seed): a dived route cannot be driven")
            let after = try #require(worth(completed), "seed \(seed): a completed route cannot be driven")
            #expect(after >= start, "seed \(seed): completing lost \(start - after)")
        }
        #expect(best >= 8, "the dive found the most must-today visits on time on \(best) of 10 tiny mornings")
    }

    /// A generated 160-ticket, 14-engineer morning (`fieldops generate`'s), triaged, as a planning problem.
    func generatedProblem(_ seed: UInt64) throws -> (problem: PlanningProblem, triage: [TriageResult], instance: Instance, travel: Travel) {
        let at = time("2026-11-25T08:00:00+08:00")
        let instance = try generatedMorning(tickets: 160, engineers: 14, seed: seed)
        let triage = Shipped.triage.run(instance.tickets, at: at)
        let travel = Travel(model: Shipped.policy.travel)
        return (PlanningProblem(triage: triage, engineers: instance.engineers, travel: travel, at: at), triage, instance, travel)
    }

    @Test("On generated mornings whose must-today LP is fractional, the dive's plan, completed, validates and comes within two visits of the bound", arguments: [UInt64(2), 3])
    func mustTodayDiveOnAMorning(seed: UInt64) throws {
        let (p, triage, instance, travel) = try generatedProblem(seed)
        let generated = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(60))
        let must = ColumnGeneration.mustToday(p, start: [], after: generated, solver: solver, deadline: Date().addingTimeInterval(60),
                                              dive: Date().addingTimeInterval(120))
        let most = p.mustTodayOnTimeMost(fromBound: try #require(must.bound))
        let plan = try #require(must.dived)
        let onTime = plan.reduce(0) { $0 + $1.value }
        #expect(must.diveFixes > 0, "seed \(seed): the LP was whole at once")
        #expect(onTime <= most && onTime >= most - 2, "seed \(seed): \(onTime) on time, at most \(most)")
        var routes = Array(repeating: [Int](), count: p.shifts.count)
        for c in plan { routes[c.engineer] = c.visits }
        var greedy = GreedyPlanner().solve(p, options: PlannerOptions())
        greedy.routes = RouteSelection.complete(routes, problem: p, options: PlannerOptions(), deadline: Date().addingTimeInterval(10))
        let built = PlanBuilder(problem: p).plan(greedy)
        let violations = PlanValidator(triage: triage, engineers: instance.engineers, travel: travel).violations(of: built)
        #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(3))")
        #expect(built.routes.flatMap(\.stops).count >= plan.flatMap(\.visits).count)
    }

    @Test("On generated mornings, memories grown at once: they grow while the master still changes, the column generation converges, and its bound holds for the greedy plan", arguments: [UInt64(3), 4])
    func memoriesGrownAtOnce(seed: UInt64) throws {
        let p = try generatedProblem(seed).problem
        let atOnce = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(60), growMemoriesAtOnce: true)
        #expect(atOnce.memoriesGrownAtOnce > 0, "seed \(seed): no cycle priced")
        #expect(atOnce.converged, "seed \(seed): \(atOnce.stopped ?? "")")
        let greedy = GreedyPlanner().solve(p, options: PlannerOptions())
        #expect(try #require(atOnce.bound) <= Double(greedy.report.objective) + 1e-6, "seed \(seed)")
        let lazily = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(60))
        #expect(lazily.memoriesGrownAtOnce == 0)
    }

    @Test("On the tiny morning whose must-today LP bound is half a visit below the brute-force answer, a subset-row cut makes it exact")
    func subsetRowClosesTheGap() throws {
        let p = try morning(1)
        let plain = ColumnGeneration.run(p, start: [], solver: solver, measure: .mustTodayOnTime, deadline: Date().addingTimeInterval(30),
                                         subsetRows: false)
        let cut = ColumnGeneration.run(p, start: [], solver: solver, measure: .mustTodayOnTime, deadline: Date().addingTimeInterval(30))
        let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        let missed = p.mustTodayVisits - bruteForceBest(p) { e, visits in pricing.value(of: visits, engineer: e) }
        #expect(plain.converged && cut.converged)
        #expect(cut.cuts >= 1)
        #expect(abs((plain.bound ?? -1) - (Double(missed) - 0.5)) <= 1e-6, "\(plain.bound ?? -1) vs \(missed)")
        #expect(abs((cut.bound ?? -1) - Double(missed)) <= 1e-6, "\(cut.bound ?? -1) vs \(missed)")
    }

    @Test("Priced with subset-row cuts, an engineer's best reduced value is the best over every route of their reach, each cut charged once per two of its rows (with every visit remembered, and with limited memories)",
          arguments: Array(UInt64(1)...UInt64(12)), [false, true])
    func cutPricingIsExact(seed: UInt64, limited: Bool) throws {
        let p = try morning(seed)
        var pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        var rng = SplitMix64(seed: seed &* 104_729)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        // With limited memories some visits are priced above what they are worth: on time
        // outside a cut's memory, such a visit still starts the cut's count again.
        let visitDuals = p.visits.indices.map { _ in (limited ? 1.6 : 0.8) * unit() }
        let engineerDuals = p.shifts.indices.map { _ in 0.5 * unit() }
        // Random cuts over the must-today visits and the engineers' rows.
        let rows = p.visits.indices.filter { p.visits[$0].visitClass <= .closingToday } + p.shifts.indices.map { p.visits.count + $0 }
        var cuts = SubsetRows(visits: p.visits.count, engineers: p.shifts.count)
        for _ in 0..<12 where rows.count >= 3 {
            var t: [Int] = []
            while t.count < 3 {
                let r = rows[Int(rng.next() % UInt64(rows.count))]
                if !t.contains(r) { t.append(r) }
            }
            let must = rows.filter { $0 < p.visits.count }
            cuts.add(t, memory: limited && unit() < 0.7 ? Set(must.filter { _ in unit() < 0.4 }) : nil)
        }
        let cutDuals = cuts.triples.indices.map { _ in 0.6 * unit() }
        pricing.cuts = (cuts, cutDuals)
        for e in p.shifts.indices {
            let best = bestMustTodayReduced(p, pricing, engineer: e, visitDuals: visitDuals, engineerDual: engineerDuals[e]) { route in
                let counted = pricing.counted(route, engineer: e) ?? []
                return cuts.coefficients(engineer: e, route: route, counted: counted).reduce(0) { $0 + cutDuals[$1.cut] * Double($1.count) }
            }
            let priced = pricing.priceEngineer(e, visitDuals: visitDuals, engineerDual: engineerDuals[e], labelsPerVisit: nil,
                                               deadline: Date().addingTimeInterval(30))
            #expect(priced.complete)
            #expect(abs(priced.best - best) <= 1e-9, "seed \(seed), engineer \(e): \(priced.best) vs \(best)")
        }
    }

    @Test("Three routes at one half, each through two of three visits, violate the subset-row cut over the three; a route's coefficient counts its engineer's row")
    func subsetRowSeparation() {
        var cuts = SubsetRows(visits: 5, engineers: 3)
        let columns = [(engineer: 0, visits: [0, 1]), (engineer: 1, visits: [1, 2]), (engineer: 2, visits: [0, 2]), (engineer: 0, visits: [3])]
        let none: (Int) -> [Bool] = { columns[$0].visits.map { _ in false } }
        #expect(cuts.separate(columns: columns, x: [0.5, 0.5, 0.5, 0.5], violation: 0.02, most: 10, counted: none).map(\.rows) == [[0, 1, 2]])
        let first = cuts.add([2, 0, 1]), again = cuts.add([0, 1, 2])
        #expect(first && !again)
        #expect(cuts.separate(columns: columns, x: [0.5, 0.5, 0.5, 0.5], violation: 0.02, most: 10, counted: none).isEmpty)
        func hits(_ e: Int, _ route: [Int]) -> [Int] {
            cuts.coefficients(engineer: e, route: route, counted: route.map { _ in true }).map(\.cut)
        }
        #expect(hits(0, [0, 1]) == [0])
        #expect(hits(0, [3]).isEmpty)
        // Over engineer 0's row (5) and visits 1 and 3: engineer 0 through either, anyone through both.
        let second = cuts.add([1, 3, 5])
        #expect(second)
        #expect(hits(0, [3]) == [1])
        #expect(hits(1, [3]).isEmpty)
        #expect(hits(1, [1, 2, 3]) == [0, 1])
    }

    @Test("A limited-memory cut counts a route's rows while it stays in the memory: a must-today visit on time outside it starts the count again, a late one does not; separation remembers what the LP's routes pass between two rows, and a cut the LP gets round comes back with a larger memory")
    func limitedMemoryCuts() throws {
        var cuts = SubsetRows(visits: 6, engineers: 3)
        var columns = [(engineer: 0, visits: [0, 4, 1]), (engineer: 1, visits: [1, 2]), (engineer: 2, visits: [0, 2])]
        let onTime: (Int) -> [Bool] = { columns[$0].visits.map { _ in true } }
        let found = cuts.separate(columns: columns, x: [0.5, 0.5, 0.5], violation: 0.02, most: 10, counted: onTime)
        #expect(found.map(\.rows) == [[0, 1, 2]])
        let memory = try #require(found.first?.memory)
        #expect(memory == [4])
        let added = cuts.add([0, 1, 2], memory: memory)
        #expect(added)
        #expect(cuts.memories[0] == [0, 1, 2, 4])
        // Through visit 4 (remembered) the route pays; through 5 on time it does not, late it does.
        #expect(cuts.coefficients(engineer: 0, route: [0, 4, 1], counted: [true, true, true]).map(\.count) == [1])
        #expect(cuts.coefficients(engineer: 0, route: [0, 5, 1], counted: [true, true, true]).isEmpty)
        #expect(cuts.coefficients(engineer: 0, route: [0, 5, 1], counted: [true, false, true]).map(\.count) == [1])
        // With 5 on time between, the held cut is no longer violated, the full one is: it
        // comes back remembering 5 too.
        columns[0] = (engineer: 0, visits: [0, 5, 1])
        let again = cuts.separate(columns: columns, x: [0.5, 0.5, 0.5], violation: 0.02, most: 10, counted: onTime)
        #expect(again.map(\.rows) == [[0, 1, 2]])
        #expect(again.first?.memory == [0, 1, 2, 4, 5])
        let larger = cuts.add([0, 1, 2], memory: again.first?.memory), smaller = cuts.add([0, 1, 2], memory: [5])
        #expect(larger && !smaller)
        #expect(cuts.coefficients(engineer: 0, route: [0, 5, 1], counted: [true, true, true]).map(\.cut) == [1])
        #expect(cuts.separate(columns: columns, x: [0.5, 0.5, 0.5], violation: 0.02, most: 10, counted: onTime).isEmpty)
    }

    @Test("Over two and three shift days, the bound from trips priced in work time is at most the brute-force optimum over real trips, and the must-today bound at least the brute-force most", arguments: Array(UInt64(1)...UInt64(6)))
    func tripBoundIsValid(seed: UInt64) throws {
        let p = try morning(seed, days: 2 + Int(seed % 2))
        #expect(p.isMultiDay)
        let outcome = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(60))
        #expect(outcome.converged, "seed \(seed): \(outcome.stopped ?? "")")
        let bound = try #require(outcome.bound)
        let optimum = Double(bruteForceOptimum(p))
        #expect(bound <= optimum + 1e-6, "seed \(seed): bound \(bound), optimum \(optimum)")
        // A priced trip is worth at least what `TripTimer` makes of it, when it can drive it.
        for c in outcome.columns {
            if let real = RouteState.evaluate(nodes: [p.startNode(c.engineer)] + c.visits + [p.endNode(c.engineer)], engineer: c.engineer, problem: p) {
                #expect(real.value <= c.value, "seed \(seed): \(c.visits)")
            }
        }
        let must = ColumnGeneration.run(p, start: [], solver: solver, measure: .mustTodayOnTime, deadline: Date().addingTimeInterval(60))
        let mustBound = try #require(must.bound)
        let most = bruteForceBest(p) { e, visits in
            guard visits.allSatisfy({ p.qualified(e, for: $0) }), let trip = TripTimer.time(visits: visits, engineer: e, problem: p) else { return nil }
            return trip.steps.filter { $0.lateMinutes == 0 && p.visits[$0.visit].visitClass <= .closingToday }.count
        }
        let total = p.visits.filter { $0.visitClass <= .closingToday }.count
        #expect(mustBound <= Double(total - most) + 1e-6, "seed \(seed): \(mustBound) vs \(total - most)")
    }

    @Test("Every generated route is one the planner accepts, worth what the master says")
    func columnsAreRoutes() throws {
        for seed in UInt64(1)...UInt64(4) {
            let p = try morning(seed)
            let outcome = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30))
            for c in outcome.columns {
                let eval = RouteState.evaluate(nodes: [p.startNode(c.engineer)] + c.visits + [p.endNode(c.engineer)], engineer: c.engineer, problem: p)
                #expect(eval?.value == c.value, "seed \(seed): \(c.visits)")
                #expect(Set(c.visits).count == c.visits.count)
            }
        }
    }

    @Test("Leaving out visits worth no more than their price (late, or priced at a visit or more), an engineer's best must-today reduced value is still the best over every route of their reach", arguments: Array(UInt64(1)...UInt64(12)))
    func worthlessVisitsLeftOutExactly(seed: UInt64) throws {
        let p = try morning(seed)
        let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        var rng = SplitMix64(seed: seed &* 15_485_863)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        // Some prices above what a visit on time is worth (one), most below.
        let visitDuals = p.visits.indices.map { _ in 1.2 * unit() }
        for e in p.shifts.indices where p.shifts[e].unavailable == nil {
            #expect(pricing.dropsWorthless[e], "seed \(seed) engineer \(e): the model's legs keep the triangle inequality")
            let engineerDual = 0.3 * unit()
            let best = bestMustTodayReduced(p, pricing, engineer: e, visitDuals: visitDuals, engineerDual: engineerDual)
            let priced = pricing.priceEngineer(e, visitDuals: visitDuals, engineerDual: engineerDual, labelsPerVisit: nil, deadline: .distantFuture)
            #expect(priced.complete)
            #expect(abs(priced.best - best) <= 1e-9, "seed \(seed) engineer \(e): \(priced.best) vs \(best)")
        }
    }

    @Test("Legs that keep the triangle inequality pass the check, one shortcut through a visit fails it, and the travel model's legs on a generated morning keep it")
    func triangleInequality() throws {
        // Two visits, a start and an end: 0 → 1 takes 10, by way of nothing shorter.
        var table: [Int32] = [0, 10, 5, 5,
                              10, 0, 5, 5,
                              5, 5, 0, 0,
                              5, 5, 0, 0]
        #expect(Pricing.keepsTriangle(table, visits: 2))
        table[0 * 4 + 1] = 11   // no visit lies between the two: nothing to compare
        #expect(Pricing.keepsTriangle(table, visits: 2))
        table[2 * 4 + 1] = 16   // start → 1 takes 16, by way of visit 0 only 5 + 11
        #expect(Pricing.keepsTriangle(table, visits: 2))
        table[2 * 4 + 1] = 17
        #expect(!Pricing.keepsTriangle(table, visits: 2))
        // The model's legs, as pricing tables them, on a generated morning of 300 tickets.
        let instance = try generatedMorning(tickets: 300, engineers: 30, seed: 4)
        let at = time("2026-11-25T08:00:00+08:00")
        let p = PlanningProblem(triage: Shipped.triage.run(instance.tickets, at: at), engineers: instance.engineers,
                                travel: Travel(model: Shipped.policy.travel), at: at)
        #expect(p.legsFromModel)
        let reach = Pricing.reach(p)
        for e in p.shifts.indices where !reach[e].isEmpty {
            #expect(Pricing.keepsTriangle(Pricing.table(p, engineer: e, nodes: reach[e], time: true), visits: reach[e].count), "engineer \(e)")
        }
    }

    @Test("Engineers who price alike (one base, skills and shift) are labelled once: each one's best reduced value is what labelling them alone gives, their routes price out at their own prices, and the best among them", arguments: Array(UInt64(1)...UInt64(8)))
    func twinsPricedOnce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &* 3_571)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let beijing = ["base=北京市", "skills=server;storage;gpu", "shift_start=08:00", "shift_end=15:00"]
        let tickets = morningTickets(seed).tickets
        var p = try problem(tickets: tickets, engineers: [beijing, beijing, ["base=天津市", "skills=server;gpu;network", "shift_start=09:00", "shift_end=15:00"], beijing])
        for measure in [ColumnGeneration.Measure.objective, .mustTodayOnTime] {
            let pricing = Pricing(problem: p, measure: measure)
            #expect(pricing.twin == [0, 0, 2, 0])
            let visitDuals = p.visits.indices.map { v in measure == .objective ? Double(p.fullValue(v)) * unit() : 0.9 * unit() }
            let engineerDuals = p.shifts.indices.map { _ in measure == .objective ? 40_000 * unit() : 0.6 * unit() }
            let priced = pricing.price(visitDuals: visitDuals, engineerDuals: engineerDuals, labelsPerVisit: nil, deadline: .distantFuture)
            #expect(priced.complete)
            for e in p.shifts.indices {
                let alone = pricing.priceEngineer(e, visitDuals: visitDuals, engineerDual: engineerDuals[e], labelsPerVisit: nil, deadline: .distantFuture)
                #expect(abs(priced.bestReduced[e] - alone.best) <= 1e-6, "seed \(seed), \(measure), engineer \(e): \(priced.bestReduced[e]) vs \(alone.best)")
                let reduced = priced.columns.filter { $0.engineer == e }.map { c in
                    Double(c.value) - c.visits.reduce(0) { $0 + visitDuals[$1] } - engineerDuals[e]
                }
                #expect(reduced.allSatisfy { $0 > 1e-6 })
                if alone.cycle == nil, alone.best > 1e-6 {
                    #expect(abs((reduced.max() ?? 0) - alone.best) <= 1e-6, "seed \(seed), \(measure), engineer \(e)")
                }
            }
        }
        // Where a previous plan gave an engineer a visit, the objective (the stability
        // term) prices that engineer on their own; the must-today measure does not count it.
        p.keep(previousEngineers: p.visits.indices.map { $0 == 0 ? 1 : -1 }, worth: 30)
        #expect(Pricing(problem: p, measure: .objective).twin == [0, 1, 2, 0])
        #expect(Pricing(problem: p, measure: .mustTodayOnTime).twin == [0, 0, 2, 0])
    }

    @Test("The q-route relaxation, used when ng-pricing has too many labels, bounds the best reduced value from above")
    func relaxationBoundsFromAbove() throws {
        for seed in UInt64(1)...UInt64(6) {
            let p = try morning(seed)
            let pricing = Pricing(problem: p, measure: .objective)
            let zero = Array(repeating: 0.0, count: p.visits.count)
            // Duals that make some visits cheap and others dear, as a master's would.
            let duals = p.visits.indices.map { Double(p.fullValue($0)) * (($0 % 3 == 0) ? 0.9 : 0.2) }
            for e in p.shifts.indices where p.shifts[e].unavailable == nil {
                for d in [zero, duals] {
                    let ng = pricing.priceEngineer(e, visitDuals: d, engineerDual: 0, labelsPerVisit: nil, deadline: .distantFuture)
                    let q = pricing.priceEngineer(e, visitDuals: d, engineerDual: 0, labelsPerVisit: nil, deadline: .distantFuture, memoryless: true)
                    #expect(ng.complete && q.complete)
                    #expect(q.best >= ng.best - 1e-6, "seed \(seed) engineer \(e): q-routes \(q.best) < ng-routes \(ng.best)")
                    // And ng-routes bound the elementary routes: the best one found is no better.
                    if let route = ng.routes.first, let value = pricing.value(of: route, engineer: e) {
                        #expect(Double(value) - route.reduce(0) { $0 + d[$1] } <= ng.best + 1e-6)
                    }
                }
            }
        }
    }

    @Test("Route programs over neighbourhoods of engineers (the must-today bound's routes first, or not) never lose value, and with every engineer in one reach the whole program's optimum")
    func neighbourhoodsImprove() throws {
        for seed in UInt64(1)...UInt64(6) {
            let p = try morning(seed)
            let generated = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30))
            // The must-today bound's routes, at their value under the objective: tried first
            // in the second pass, as on mornings too large for one program.
            let must = ColumnGeneration.mustToday(p, start: [], after: generated, solver: solver, deadline: Date().addingTimeInterval(30)).columns
                .compactMap { c in RouteSelection.value(of: c.visits, engineer: c.engineer, p).map { RoutePool.Column(engineer: c.engineer, visits: c.visits, value: $0) } }
            let columns = generated.columns + must
            let empty = Array(repeating: [Int](), count: p.shifts.count)
            let whole = try #require(try RouteSelection.solve(columns: columns, greedy: empty, solver: solver, seconds: 20))
            let optimum = whole.columns.reduce(0) { $0 + $1.value }
            for (size, mustFirst) in [(1, false), (2, false), (3, false), (1, true), (2, true), (3, true)] {
                // From the best single route of each engineer in turn, each taking what is left.
                var routes = empty, values = Array(repeating: 0, count: p.shifts.count)
                var taken = Set<Int>()
                for e in p.shifts.indices {
                    let best = columns.filter { $0.engineer == e && $0.value > 0 && taken.isDisjoint(with: $0.visits) }.max { ($0.value, $1.visits.count) < ($1.value, $0.visits.count) }
                    if let best { routes[e] = best.visits; values[e] = best.value; taken.formUnion(best.visits) }
                }
                let start = values.reduce(0, +)
                let settled = try RouteSelection.improveByNeighbourhoods(first: mustFirst ? must : [], then: columns, routes: &routes, values: &values,
                                                                        problem: p, solver: solver, firstDeadline: Date().addingTimeInterval(30),
                                                                        deadline: Date().addingTimeInterval(30), size: size)
                #expect(settled)
                let served = routes.flatMap { $0 }
                #expect(Set(served).count == served.count, "seed \(seed): a visit in two routes")
                for (e, list) in routes.enumerated() where !list.isEmpty {
                    let eval = RouteState.evaluate(nodes: [p.startNode(e)] + list + [p.endNode(e)], engineer: e, problem: p)
                    #expect(eval?.value == values[e], "seed \(seed): engineer \(e)'s value")
                }
                let value = values.reduce(0, +)
                #expect(value >= start && value <= optimum, "seed \(seed) size \(size), must-today first \(mustFirst): \(start) → \(value), optimum \(optimum)")
                if size >= p.shifts.count { #expect(value == optimum, "seed \(seed)") }
            }
        }
    }

    @Test("The travel bound is at most the least travel of any plan with the service level (served, on time, must-today on time, the work's worth), by brute force")
    func travelBoundIsValid() throws {
        for seed in UInt64(1)...UInt64(8) {
            let p = try morning(seed)
            var planner = PlannerOptions()
            planner.ruinIterations = 2_000
            planner.timeLimit = 600
            let routes = GreedyPlanner().solve(p, options: planner).routes
            let pricing = Pricing(problem: p, measure: .travel)
            let levels = routes.enumerated().compactMap { pricing.service(of: $1, engineer: $0) }
            let onTime = levels.reduce(0) { $0 + $1.onTime }, must = levels.reduce(0) { $0 + $1.mustToday }
            let served = routes.reduce(0) { $0 + $1.count }, worth = levels.reduce(0) { $0 + $1.worth }
            let outcome = try #require(ColumnGeneration.travelBound(p, routes: routes, solver: solver, deadline: Date().addingTimeInterval(30)))
            #expect(outcome.plan.served == served && outcome.plan.onTime == onTime && outcome.plan.mustToday == must && outcome.plan.worth == worth,
                    "seed \(seed): the routes' service level")
            #expect(outcome.converged, "seed \(seed)")
            // Brute force: per engineer and set of visits, the least minutes for each service
            // level an order of them reaches; then every assignment.
            var memo: [[Int]: [[Int]: Int]] = [:]
            func options(_ e: Int, _ set: [Int]) -> [[Int]: Int] {
                if let known = memo[[e] + set] { return known }
                var best: [[Int]: Int] = [:]
                forEachOrder(of: set) { order in
                    if let s = pricing.service(of: order, engineer: e) {
                        let key = [s.onTime, s.mustToday, set.count, s.worth]
                        best[key] = min(best[key] ?? .max, s.minutes)
                    }
                }
                memo[[e] + set] = best
                return best
            }
            var least = Int.max
            forEachAssignment(visits: p.visits.count, engineers: p.shifts.count) { sets in
                // The service levels this assignment reaches, with their least minutes.
                var reached: [[Int]: Int] = [[0, 0, 0, 0]: 0]
                for e in sets.indices where !sets[e].isEmpty {
                    var next: [[Int]: Int] = [:]
                    for (level, minutes) in reached {
                        for (add, more) in options(e, sets[e]) {
                            let key = [level[0] + add[0], level[1] + add[1], level[2] + add[2], level[3] + add[3]]
                            next[key] = min(next[key] ?? .max, minutes + more)
                        }
                    }
                    reached = next
                }
                for (level, minutes) in reached where level[0] >= onTime && level[1] >= must && level[2] >= served && level[3] >= worth {
                    least = min(least, minutes)
                }
            }
            #expect(outcome.minutes <= Double(least) + 1e-6, "seed \(seed): bound \(outcome.minutes), least \(least)")
            #expect(least <= levels.reduce(0) { $0 + $1.minutes }, "seed \(seed): the greedy plan itself has the service level")
        }
    }

    @Test("A plan over the travel bound's routes keeps the service level, only ever gains value, and betters a plan built without search")
    func lessTravelKeepsTheServiceLevel() throws {
        var improved = 0
        for seed in UInt64(1)...UInt64(8) {
            let p = try morning(seed)
            var planner = PlannerOptions()
            planner.ruinIterations = 0
            var routes = GreedyPlanner().solve(p, options: planner).routes
            let pricing = Pricing(problem: p, measure: .travel)
            func level(_ routes: [[Int]]) throws -> [Int] {
                let each = try routes.enumerated().map { e, visits in try #require(pricing.service(of: visits, engineer: e)) }
                return [routes.reduce(0) { $0 + $1.count }, each.reduce(0) { $0 + $1.onTime }, each.reduce(0) { $0 + $1.mustToday },
                        each.reduce(0) { $0 + $1.minutes }]
            }
            func value(_ routes: [[Int]]) throws -> Int {
                try routes.enumerated().reduce(0) { sum, r in
                    r.element.isEmpty ? sum : sum + (try #require(RouteState.evaluate(nodes: [p.startNode(r.offset)] + r.element + [p.endNode(r.offset)],
                                                                                      engineer: r.offset, problem: p)).value)
                }
            }
            let before = try level(routes), valueBefore = try value(routes)
            let travel = try #require(ColumnGeneration.travelBound(p, routes: routes, solver: solver, deadline: Date().addingTimeInterval(30)))
            var planValue = valueBefore
            guard let better = try RouteSelection.lessTravel(p, routes: &routes, value: &planValue, travel: travel, solver: solver, seconds: 30)
            else {
                #expect(planValue == valueBefore, "seed \(seed): the plan stays")
                continue
            }
            improved += 1
            let after = try level(routes)
            #expect(after == [better.served, better.onTime, better.mustToday, better.minutes], "seed \(seed): the level reported is the plan's")
            #expect(after[0] >= before[0] && after[1] >= before[1] && after[2] >= before[2], "seed \(seed): \(before) → \(after)")
            #expect(try value(routes) == planValue && planValue > valueBefore, "seed \(seed)")
            let served = routes.flatMap { $0 }
            #expect(Set(served).count == served.count, "seed \(seed): a visit twice")
            // The bound holds for the new plan: its level is at least the one bounded.
            #expect(Double(after[3]) >= travel.minutes - 1e-6, "seed \(seed)")
        }
        #expect(improved > 0, "no plan built without search was bettered")
    }

    /// GLPK without a kept master: column generation rebuilds the master each round.
    struct Rebuilding: MIPSolving {
        let glpk: GLPKSolver
        func solve(_ model: MIPModel, seconds: Double) throws(MIPError) -> MIPResult { try glpk.solve(model, seconds: seconds) }
    }

    @Test("The master kept in GLPK between rounds and the master rebuilt each round prove the same bound")
    func keptMasterAgrees() throws {
        for seed in UInt64(1)...UInt64(5) {
            let p = try morning(seed)
            let kept = ColumnGeneration.run(p, start: [], solver: solver, deadline: Date().addingTimeInterval(30))
            let rebuilt = ColumnGeneration.run(p, start: [], solver: Rebuilding(glpk: solver), deadline: Date().addingTimeInterval(30))
            #expect(kept.converged && rebuilt.converged)
            let a = try #require(kept.bound), b = try #require(rebuilt.bound)
            #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "seed \(seed): kept \(a), rebuilt \(b)")
        }
    }
}
