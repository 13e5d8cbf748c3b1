import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Route minimisation by ejection search (Nagata & Bräysy 2009, "A powerful route
/// minimization heuristic for the vehicle routing problem with time windows"): one route
/// is emptied and its visits go to an ejection pool; each is put where it fits, at a place
/// drawn at random among every feasible one (as Nagata & Bräysy do: the cheapest place
/// would put it back where the same visits block it again); or else it is squeezed in:
/// put where it misses least and the routes reshaped by a local search through infeasible
/// space (`PenalisedSearch`) until every window and capacity holds again; or else it goes
/// into the route where ejecting at most `Tuning.ejectionMostEjected` others makes room,
/// choosing the visits that were ejected least often so far (their penalty counters), and
/// random feasible moves shake the routes between steps. Every route is feasible between
/// steps; the search succeeds when the pool is empty.
extension Search {
    /// Places every visit of `pool` (out of every route) by insertion with ejection;
    /// returns whether the pool emptied within `steps` ejection steps and `deadline`.
    func ejectionSearch(pool: [Int], steps: Int, seed: UInt64, deadline: Date) -> Bool {
        var rng = SplitMix64(seed: seed ^ 0xE1EC_7104_5EA2_C400)
        var ejectionPool = pool
        var penalty = Array(repeating: 1, count: p.visits.count)
        let neighbours = p.granularNeighbours(k: Tuning.granularNeighbours)
        for step in 0..<steps {
            guard let v = ejectionPool.popLast() else { return true }
            if step % Tuning.clockCheckEvery == 0, Date() > deadline { return false }
            if let fit = randomFeasibleInsertion(v, rng: &rng) {
                insert(v, into: fit.engineer, at: fit.position)
                continue
            }
            if squeeze(v, neighbours: neighbours, rng: &rng) { continue }
            penalty[v] += 1
            guard let ejection = cheapestEjection(of: v, penalty: penalty) else {
                // No route can take it even emptied of two visits: it waits at the bottom
                // of the pool while the routes change around it.
                ejectionPool.insert(v, at: 0)
                continue
            }
            setRoute(ejection.engineer, ejection.visits)
            ejectionPool += ejection.ejected
            perturb(moves: Tuning.ejectionPerturbMoves, rng: &rng)
        }
        return ejectionPool.isEmpty
    }

    /// Puts `v` where it misses its windows and capacity least and lets `PenalisedSearch`
    /// reshape the routes until all hold; keeps the result and returns `true` if they do,
    /// changes nothing otherwise.
    private func squeeze(_ v: Int, neighbours: [[Int]], rng: inout SplitMix64) -> Bool {
        var search = PenalisedSearch(problem: p, routes: routes.map(\.visits), lateAllowed: lateAllowed, neighbours: neighbours,
                                     weights: .init(travel: 1, warp: Tuning.squeezeWarpWeight, load: Tuning.squeezeWarpWeight * Tuning.squeezeLoadWeight))
        search.insertCheapest(v)
        guard search.routeOf[v] >= 0 else { return false }
        if search.infeasibility > 0 {
            var order = routes.flatMap(\.visits) + [v]
            order.shuffle(using: &rng)
            search.descend(order: order, maxEvaluations: Tuning.squeezeEvaluations, untilFeasible: true)
        }
        evaluations += search.evaluations
        guard search.infeasibility == 0 else { return false }
        for (e, list) in search.visitLists.enumerated() where list != routes[e].visits { setRoute(e, list) }
        return true
    }

    /// A place where `v` fits as the routes stand, drawn at random among every feasible
    /// one in the routes of its qualified candidates (`position` 1 is right after the
    /// start), or `nil` when it fits nowhere.
    private func randomFeasibleInsertion(_ v: Int, rng: inout SplitMix64) -> (engineer: Int, position: Int)? {
        var fits: [(engineer: Int, position: Int)] = []
        for e in p.candidates[v] where p.qualified(e, for: v) {
            let route = routes[e]
            let own = RouteState.segment(v, engineer: e, problem: p, lateAllowed: lateAllowed)
            for k in 1..<route.nodes.count {
                evaluations += 1
                let a = route.nodes[k - 1], b = route.nodes[k]
                if route.prefix[k - 1].then(p.minutes(a, v), own).then(p.minutes(v, b), route.suffix[k]).isFeasible {
                    fits.append((e, k))
                }
            }
        }
        return fits.isEmpty ? nil : fits[Int(rng.next() % UInt64(fits.count))]
    }

    /// A route that takes `v` once at most `Tuning.ejectionMostEjected` of its visits
    /// leave it: the one whose ejected visits have the lowest penalty sum, then the least
    /// travel, then the first found (engineers in candidate order). Sets of ejected
    /// visits are enumerated in lexicographic order and a branch is cut once its penalty
    /// sum passes the best found (Nagata & Bräysy's search, with their k_max of 5 lowered:
    /// 4 and 5 chose the same ejections as 3 on the hardest instance measured, R104).
    func cheapestEjection(of v: Int, penalty: [Int]) -> (engineer: Int, visits: [Int], ejected: [Int])? {
        var best: (penalty: Int, travel: Int, engineer: Int, visits: [Int], ejected: [Int])?
        for e in p.candidates[v] where p.qualified(e, for: v) && !routes[e].visits.isEmpty {
            let route = routes[e].visits
            var chosen: [Int] = []
            func extend(from first: Int, sum: Int) {
                if !chosen.isEmpty {
                    var rest: [Int] = []
                    rest.reserveCapacity(route.count)
                    var c = 0
                    for (k, u) in route.enumerated() {
                        if c < chosen.count, chosen[c] == k { c += 1 } else { rest.append(u) }
                    }
                    if let (position, travel) = feasibleInsertion(v, into: e, visits: rest),
                       best == nil || (sum, travel) < (best!.penalty, best!.travel) {
                        rest.insert(v, at: position)
                        best = (sum, travel, e, rest, chosen.map { route[$0] })
                    }
                }
                guard chosen.count < Tuning.ejectionMostEjected else { return }
                for k in first..<route.count {
                    let total = sum + penalty[route[k]]
                    if let best, total > best.penalty { continue }
                    chosen.append(k)
                    extend(from: k + 1, sum: total)
                    chosen.removeLast()
                }
            }
            extend(from: 0, sum: 0)
        }
        return best.map { ($0.engineer, $0.visits, $0.ejected) }
    }

    /// Where `v` fits into the route of `e` made of `visits` with the least travel: the
    /// index to insert at and the route's travel then, or `nil` when nowhere is feasible.
    func feasibleInsertion(_ v: Int, into e: Int, visits: [Int]) -> (position: Int, travel: Int)? {
        let nodes = [p.startNode(e)] + visits + [p.endNode(e)]
        let segments = nodes.map { RouteState.segment($0, engineer: e, problem: p, lateAllowed: lateAllowed) }
        var prefix = [segments[0]]
        var travel = 0
        for k in 1..<nodes.count {
            prefix.append(prefix[k - 1].then(p.minutes(nodes[k - 1], nodes[k]), segments[k]))
            travel += p.minutes(nodes[k - 1], nodes[k])
        }
        var suffix = segments
        for k in stride(from: nodes.count - 2, through: 0, by: -1) {
            suffix[k] = segments[k].then(p.minutes(nodes[k], nodes[k + 1]), suffix[k + 1])
        }
        let own = RouteState.segment(v, engineer: e, problem: p, lateAllowed: lateAllowed)
        var best: (position: Int, travel: Int)?
        for k in 1..<nodes.count {
            evaluations += 1
            let a = nodes[k - 1], b = nodes[k]
            guard prefix[k - 1].then(p.minutes(a, v), own).then(p.minutes(v, b), suffix[k]).isFeasible else { continue }
            let total = travel + p.minutes(a, v) + p.minutes(v, b) - p.minutes(a, b)
            if best == nil || total < best!.travel { best = (k - 1, total) }
        }
        return best
    }

    /// Random feasible relocations and exchanges between routes, whatever they cost: they
    /// change which visits block which, so that the next ejection finds other room.
    private func perturb(moves: Int, rng: inout SplitMix64) {
        let used = routes.indices.filter { !routes[$0].visits.isEmpty }
        guard used.count > 1 else { return }
        for _ in 0..<moves {
            let a = used[Int(rng.next() % UInt64(used.count))]
            guard !routes[a].visits.isEmpty else { continue }
            let i = Int(rng.next() % UInt64(routes[a].visits.count))
            let v = routes[a].visits[i]
            let others = p.candidates[v].filter { $0 != a && !routes[$0].visits.isEmpty }
            guard !others.isEmpty else { continue }
            let b = others[Int(rng.next() % UInt64(others.count))]
            var from = routes[a].visits
            from.remove(at: i)
            if rng.next() % 2 == 0 {
                // Relocate v to its best feasible place in b, if a stays feasible without it
                // (both judged from the routes' cached segments).
                let r = routes[a]
                guard r.prefix[i].then(p.minutes(r.nodes[i], r.nodes[i + 2]), r.suffix[i + 2]).isFeasible,
                      let ins = bestInsertion(v, into: b) else { continue }
                var to = routes[b].visits
                to.insert(v, at: ins.position - 1)
                setRoute(a, from)
                setRoute(b, to)
            } else {
                // Exchange v with a random visit u of b, each into its best feasible place.
                let j = Int(rng.next() % UInt64(routes[b].visits.count))
                let u = routes[b].visits[j]
                guard p.qualified(a, for: u), p.qualified(b, for: v) else { continue }
                var to = routes[b].visits
                to.remove(at: j)
                guard let (pa, _) = feasibleInsertion(u, into: a, visits: from),
                      let (pb, _) = feasibleInsertion(v, into: b, visits: to) else { continue }
                from.insert(u, at: pa)
                to.insert(v, at: pb)
                setRoute(a, from)
                setRoute(b, to)
            }
        }
    }
}
