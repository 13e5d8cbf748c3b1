import Foundation
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Solomon instances and the plane engine")
struct SolomonTests {
    let tiny = fixture("solomon/TINY8.txt")

    /// The non-empty routes of a short ruin-and-recreate search with `vehicles` vehicles.
    static func quickRoutes(_ instance: PlaneInstance, vehicles: Int, steps: Int) -> [[Int]] {
        var quick = PlannerOptions()
        quick.ruinIterations = steps
        return GreedyPlanner().solve(instance.problem(vehicles: vehicles), options: quick).routes.filter { !$0.isEmpty }
    }

    @Test("A Solomon file reads into its depot, vehicles, capacity and customers")
    func reads() throws {
        let instance = try SolomonReader.read(path: tiny)
        #expect(instance.name == "TINY8")
        #expect(instance.vehicles == 4 && instance.capacity == 20)
        #expect(instance.depot.due == 400)
        #expect(instance.customers.count == 8)
        #expect(instance.customers[4] == PlaneInstance.Site(id: "5", x: 50, y: 60, demand: 5, ready: 20, due: 60, service: 10))
        let shipped = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        #expect(shipped.name == "R101" && shipped.vehicles == 25 && shipped.capacity == 200 && shipped.customers.count == 100)
    }

    @Test("A bad number names the file, the line and the column")
    func badLine() {
        #expect(throws: InputError(file: fixture("solomon/bad-line.txt"), line: 11, field: "DEMAND", "'ten' is not a number")) {
            try SolomonReader.read(path: fixture("solomon/bad-line.txt"))
        }
        #expect(throws: InputError.self) { try SolomonReader.parse("X\n\nCUSTOMER\n0 1 1 0 0 10 0\n1 2 2 1 0 10 0\n", file: "x.txt") }
    }

    @Test("The engine keeps the capacity: a route never carries more than a vehicle holds")
    func capacity() {
        let instance = try! SolomonReader.read(path: tiny)
        for vehicles in 1...4 {
            let problem = instance.problem(vehicles: vehicles)
            let solution = GreedyPlanner().solve(problem, options: PlannerOptions())
            for route in solution.routes {
                #expect(route.reduce(0) { $0 + instance.customers[$1].demand } <= instance.capacity)
            }
            #expect(instance.violation(of: solution.routes).map { $0.hasSuffix("is not served") } ?? true)
        }
    }

    @Test("On a tiny instance the solver finds the fewest vehicles and the shortest distance that brute force finds")
    func bruteForce() throws {
        let instance = try SolomonReader.read(path: tiny)
        // A shorter search for distance than the default's keeps the test quick; it still
        // has to find the optimum.
        var effort = PlaneSolver.Effort()
        effort.polishSteps = 5_000
        effort.penalisedSteps = 2_000
        let result = PlaneSolver.solve(instance, options: PlannerOptions(), effort: effort)
        #expect(instance.violation(of: result.routes) == nil)
        let best = Self.bruteForce(instance)
        #expect(result.vehicles == best.vehicles)
        #expect(abs(result.distance - best.distance) < 1e-6, "\(result.distance) vs \(best.distance)")
    }

    @Test("Ejection search takes routes away one at a time down to the fewest brute force finds, every step feasible and the same for a seed")
    func routeMinimiser() throws {
        let instance = try SolomonReader.read(path: tiny)
        var routes = instance.customers.indices.map { [$0] }
        var counts: [Int] = []
        while let fewer = RouteMinimiser.fewerRoutes(instance.problem(vehicles: routes.count - 1), from: routes, steps: 2_000) {
            #expect(instance.violation(of: fewer) == nil)
            #expect(fewer == RouteMinimiser.fewerRoutes(instance.problem(vehicles: routes.count - 1), from: routes, steps: 2_000))
            routes = fewer.filter { !$0.isEmpty }
            counts.append(routes.count)
            if routes.count == 1 { break }
        }
        #expect(counts == Array((Self.bruteForce(instance).vehicles...7).reversed()))
    }

    @Test("Attempts side by side answer as the first seed that succeeds would alone; an attempt below the fleet the demand needs is not made")
    func fewerRoutesRace() throws {
        let small = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        // Each customer in a route of its own: a route fewer is easy to find, in a place
        // each seed draws at random.
        let start = small.customers.indices.map { [$0] }
        let fewer = small.problem(vehicles: start.count - 1)
        for seeds in [[UInt64(1), 2], [5, 3]] {
            let alone = seeds.map { RouteMinimiser.fewerRoutes(fewer, from: start, steps: 200, seed: $0) }
            let raced = RouteMinimiser.fewerRoutes(fewer, from: start, steps: 200, seeds: seeds)
            #expect(alone.contains { $0 != nil }, "seeds \(seeds): some attempt succeeds, so the race has an answer to get right")
            #expect(alone[0] != nil && alone[0] != alone[1], "seeds \(seeds): the seeds' answers differ, so the race's choice shows")
            #expect(raced == alone.compactMap { $0 }.first, "seeds \(seeds)")
            #expect(raced.map { small.violation(of: $0) == nil } ?? true)
        }
        let instance = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        // R101 carries 1,458 units in vehicles of 200: 8 at the fewest.
        #expect(instance.fewestVehicles == 8)
        var light = instance
        for i in light.customers.indices { light.customers[i].demand = 0 }
        #expect(light.fewestVehicles == 1)
    }

    @Test("A move of runs of two or three visits between routes is priced as timing both routes afresh prices it")
    func runMoves() throws {
        let instance = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        let problem = instance.problem(vehicles: 4)
        // 25 customers a route, dealt round-robin: long routes that miss windows and capacity.
        let dealt = (0..<4).map { e in Array(stride(from: e, to: instance.customers.count, by: 4)) }
        let weights = PenalisedSearch.Weights(travel: 1, warp: 10, load: 1_000)
        let none = Array(repeating: false, count: problem.visits.count)
        let search = PenalisedSearch(problem: problem, routes: dealt, lateAllowed: none, neighbours: [], weights: weights)
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<200 {
            let v = Int(rng.next() % 100), u = Int(rng.next() % 100)
            let a = search.routeOf[v], b = search.routeOf[u]
            guard a != b else { continue }
            let i = search.positionOf[v], j = search.positionOf[u]
            for (n, m) in PenalisedSearch.runSizes {
                var counted = 0
                let predicted = search.runCost(a, from: i, count: n, b, from: j, count: m, counted: &counted)
                var la = search.visitLists[a], lb = search.visitLists[b]
                guard i - 1 + n <= la.count, j - 1 + m <= lb.count else {
                    #expect(predicted == .max)
                    continue
                }
                PenalisedSearch.tradeRuns(&la, from: i, count: n, &lb, from: j, count: m)
                #expect(la.count + lb.count == search.visitLists[a].count + search.visitLists[b].count)
                var lists = search.visitLists
                lists[a] = la
                lists[b] = lb
                let fresh = PenalisedSearch(problem: problem, routes: lists, lateAllowed: none, neighbours: [], weights: weights)
                #expect(predicted == fresh.routes[a].cost + fresh.routes[b].cost, "v \(v) u \(u) runs \(n), \(m)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test("An ejection takes the set of at most three visits with the lowest penalty sum (then least travel) that lets the visit in, as trying every set finds")
    func cheapestEjection() throws {
        let instance = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        let problem = instance.problem(vehicles: 19)
        var routes = Self.quickRoutes(instance, vehicles: 20, steps: 100)
        let pool = routes.removeLast()
        let search = Search(problem: problem)
        search.start(from: routes)
        var rng = SplitMix64(seed: 11)
        var compared = 0
        for v in pool {
            for _ in 0..<10 {
                let penalty = problem.visits.indices.map { _ in 1 + Int(rng.next() % 100) }
                // Every set of one to three visits of every route, in full.
                var best: (penalty: Int, travel: Int)?
                for e in problem.candidates[v] where problem.qualified(e, for: v) && !search.routes[e].visits.isEmpty {
                    let route = search.routes[e].visits
                    let n = route.count
                    var sets: [[Int]] = (0..<n).map { [$0] }
                    for i in 0..<n { for j in (i + 1)..<n { sets.append([i, j]) } }
                    for i in 0..<n { for j in (i + 1)..<n { for k in (j + 1)..<n { sets.append([i, j, k]) } } }
                    for set in sets {
                        let rest = route.indices.filter { !set.contains($0) }.map { route[$0] }
                        guard let fit = search.feasibleInsertion(v, into: e, visits: rest) else { continue }
                        let sum = set.reduce(0) { $0 + penalty[route[$1]] }
                        if best == nil || (sum, fit.travel) < (best!.penalty, best!.travel) { best = (sum, fit.travel) }
                    }
                }
                let found = search.cheapestEjection(of: v, penalty: penalty)
                #expect((found == nil) == (best == nil))
                guard let found, let best else { continue }
                compared += 1
                #expect((1...Tuning.ejectionMostEjected).contains(found.ejected.count))
                #expect(found.ejected.reduce(0) { $0 + penalty[$1] } == best.penalty)
                // The route it returns holds v and the rest of the route, is feasible in
                // exact arithmetic, and travels what the best set's route travels.
                let before = search.routes[found.engineer].visits
                #expect(Set(found.visits) == Set(before).subtracting(found.ejected).union([v]))
                #expect(instance.violation(of: [found.visits]).map { $0.hasSuffix("is not served") } ?? true)
                let travel = zip([problem.startNode(found.engineer)] + found.visits, found.visits + [problem.endNode(found.engineer)])
                    .reduce(0) { $0 + problem.minutes($1.0, $1.1) }
                #expect(travel == best.travel)
            }
        }
        #expect(compared == 10 * pool.count)

        // One vehicle, five customers in one place booked 10 units apart: the sixth's half
        // hour (from 105) overlaps the three from 110 to 130, so only ejecting all three lets
        // it in.
        let rows = [(0, 0, 1_000, 0), (1, 90, 90, 10), (2, 110, 110, 10), (3, 120, 120, 10), (4, 130, 130, 10),
                    (5, 150, 150, 10), (6, 105, 105, 30)]
            .map { "\($0.0) \($0.0 == 0 ? 0 : 10) 0 \($0.0 == 0 ? 0 : 1) \($0.1) \($0.2) \($0.3)" }
        let tight = try SolomonReader.parse("TIGHT\n\nVEHICLE\nNUMBER CAPACITY\n1 100\n\nCUSTOMER\nCUST NO.\n\n" + rows.joined(separator: "\n") + "\n",
                                            file: "tight.txt")
        let one = tight.problem(vehicles: 1)
        let packed = Search(problem: one)
        packed.start(from: [[0, 1, 2, 3, 4]])
        #expect(packed.routes[0].visits == [0, 1, 2, 3, 4])
        let three = try #require(packed.cheapestEjection(of: 5, penalty: Array(repeating: 1, count: 6)))
        #expect(Set(three.ejected) == [1, 2, 3] && three.visits == [0, 5, 4])
    }

    @Test("The search through infeasible space prices each route as timing it afresh would, never raises its cost, and returns a feasible plan no longer than its start, the same for a seed")
    func penalisedSearch() throws {
        let instance = try SolomonReader.read(path: repoRoot + "/data/benchmarks/solomon/R101.txt")
        let problem = instance.problem(vehicles: 20)
        // Customers dealt round-robin: every route misses windows by hours.
        let dealt = (0..<20).map { e in Array(stride(from: e, to: instance.customers.count, by: 20)) }
        var search = PenalisedSearch(problem: problem, routes: dealt, lateAllowed: Array(repeating: false, count: problem.visits.count),
                                     neighbours: problem.granularNeighbours(k: Tuning.granularNeighbours),
                                     weights: .init(travel: 1, warp: 10, load: 1_000))
        let before = search.cost
        #expect(search.infeasibility > 0)
        search.descend(order: Array(problem.visits.indices), maxEvaluations: 5_000_000)
        let fresh = PenalisedSearch(problem: problem, routes: search.visitLists, lateAllowed: Array(repeating: false, count: problem.visits.count),
                                    neighbours: [], weights: .init(travel: 1, warp: 10, load: 1_000))
        #expect(search.cost == fresh.cost && search.travel == fresh.travel && search.infeasibility == fresh.infeasibility)
        #expect(search.cost < before)
        #expect(Set(search.visitLists.joined()) == Set(problem.visits.indices) && search.visitLists.joined().count == problem.visits.count)

        var quick = PlannerOptions()
        quick.ruinIterations = 200
        let start = GreedyPlanner().solve(problem, options: quick).routes
        #expect(instance.violation(of: start) == nil)
        let shorter = try #require(RouteMinimiser.shorter(problem, from: start, steps: 200, seed: 3))
        #expect(instance.violation(of: shorter) == nil)
        #expect(instance.distance(of: shorter) <= instance.distance(of: start) + 1e-9)
        #expect(shorter == RouteMinimiser.shorter(problem, from: start, steps: 200, seed: 3))
    }

    @Test("Granular neighbours: each visit's nearest others, never itself, ranked by travel and the fit of their windows")
    func granularNeighbours() throws {
        let problem = try SolomonReader.read(path: tiny).problem(vehicles: 4)
        let near = problem.granularNeighbours(k: 3)
        #expect(near.count == 8 && near.allSatisfy { $0.count == 3 })
        for (v, list) in near.enumerated() { #expect(!list.contains(v) && Set(list).count == 3) }
    }

    @Test("A search started from given routes keeps the feasible ones and plans the rest: a route out of window order or repeating a customer is dropped")
    func initialRoutes() throws {
        let instance = try SolomonReader.read(path: tiny)
        var options = PlannerOptions()
        options.ruinIterations = 0
        options.localSearch = false
        // Customer 5 (index 4) is due by 60 and 8 (index 7) later: the reverse order misses 5's window.
        options.initialRoutes = [[0, 1], [7, 4, 5, 6], [2, 3, 0], [6, 6]]
        let solution = GreedyPlanner().solve(instance.problem(vehicles: 4), options: options)
        #expect(solution.routes[0] == [0, 1])
        #expect(!solution.routes[1].starts(with: [7, 4]))
        #expect(instance.violation(of: solution.routes) == nil)
    }

    @Test("The exact check catches a late start, an overload and a missed customer")
    func violations() throws {
        let instance = try SolomonReader.read(path: tiny)
        #expect(instance.violation(of: [[0, 1], [2, 3], [4, 5, 6, 7]]) == nil)
        #expect(instance.violation(of: [[0, 1, 2], [3], [4, 5, 6, 7]])?.contains("carries 30") == true)
        #expect(instance.violation(of: [[0, 1], [2, 3], [7, 4, 5, 6]])?.contains("after its due time") == true)
        #expect(instance.violation(of: [[0, 1], [2, 3], [4, 5, 6]])?.contains("customer 8 is not served") == true)
        #expect(abs(instance.distance(of: [[0, 1], [2, 3], [4, 5, 6, 7]]) - 160) < 1e-9)
    }

    /// The fewest vehicles, then the least distance: the best single route of every subset
    /// (all orders), then the best split of all customers into routes.
    static func bruteForce(_ instance: PlaneInstance) -> (vehicles: Int, distance: Double) {
        let n = instance.customers.count
        var route = Array(repeating: Double.infinity, count: 1 << n)
        func permutations(_ items: [Int]) -> [[Int]] {
            if items.count <= 1 { return [items] }
            return items.indices.flatMap { i in
                permutations(Array(items[..<i] + items[(i + 1)...])).map { [items[i]] + $0 }
            }
        }
        for mask in 1..<(1 << n) {
            let members = (0..<n).filter { mask & (1 << $0) != 0 }
            guard members.reduce(0, { $0 + instance.customers[$1].demand }) <= instance.capacity else { continue }
            for order in permutations(members) where instance.violationOfRoute(order) == nil {
                route[mask] = min(route[mask], instance.distance(of: [order]))
            }
        }
        // best[k][mask]: least distance serving `mask` with k routes.
        var best = [Array(repeating: Double.infinity, count: 1 << n)]
        best[0][0] = 0
        for k in 1...n {
            var next = Array(repeating: Double.infinity, count: 1 << n)
            for mask in 1..<(1 << n) {
                let low = mask & -mask
                var sub = mask
                while sub > 0 {
                    if sub & low != 0, route[sub] < .infinity { next[mask] = min(next[mask], route[sub] + best[k - 1][mask ^ sub]) }
                    sub = (sub - 1) & mask
                }
            }
            best.append(next)
            if next[(1 << n) - 1] < .infinity { return (k, next[(1 << n) - 1]) }
        }
        return (n + 1, .infinity)
    }
}

extension PlaneInstance {
    /// The exact check of one route alone (the brute force's feasibility test).
    func violationOfRoute(_ order: [Int]) -> String? {
        var time = depot.ready, at = depot
        for c in order {
            let site = customers[c]
            time = max(time + PlaneInstance.distance(at, site), site.ready)
            if time > site.due + 1e-6 { return "late" }
            time += site.service
            at = site
        }
        return time + PlaneInstance.distance(at, depot) > depot.due + 1e-6 ? "late back" : nil
    }
}
