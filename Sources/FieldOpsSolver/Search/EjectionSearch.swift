import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Route minimisation by ejection search (Nagata & Bräysy 2009, "A powerful route
/// minimization heuristic for the vehicle routing problem with time windows"): one route
/// is emptied and its visits go to an ejection pool; each is put into a route where it
/// fits; or else it is squeezed in: put where it misses least and the routes reshaped by a
/// local search through infeasible space (`PenalisedSearch`) until every window and
/// capacity holds again; or else it goes into the route where ejecting at most two others
/// makes room, choosing the visits that were ejected least often so far (their penalty
/// counters), and random feasible moves shake the routes between steps. Every route is
/// feasible between steps; the search succeeds when the pool is empty.
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
            if let fit = bestInsertionOverCandidates(v) {
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

    /// A route that takes `v` once at most two of its visits leave it: the one whose
    /// ejected visits have the lowest penalty sum, then the least travel, then the lowest
    /// engineer index.
    private func cheapestEjection(of v: Int, penalty: [Int]) -> (engineer: Int, visits: [Int], ejected: [Int])? {
        var best: (penalty: Int, travel: Int, engineer: Int, visits: [Int], ejected: [Int])?
        for e in p.candidates[v] where p.qualified(e, for: v) && !routes[e].visits.isEmpty {
            let route = routes[e].visits
            let n = route.count
            for i in 0..<n {
                if let best, penalty[route[i]] > best.penalty { continue }
                for j in i..<n {
                    let ejected = i == j ? [route[i]] : [route[i], route[j]]
                    let sum = ejected.reduce(0) { $0 + penalty[$1] }
                    if let best, sum > best.penalty { continue }
                    var rest = route
                    if i != j { rest.remove(at: j) }
                    rest.remove(at: i)
                    guard let (position, travel) = feasibleInsertion(v, into: e, visits: rest) else { continue }
                    if let best, (sum, travel) >= (best.penalty, best.travel) { continue }
                    rest.insert(v, at: position)
                    best = (sum, travel, e, rest, ejected)
                }
            }
        }
        return best.map { ($0.engineer, $0.visits, $0.ejected) }
    }

    /// Where `v` fits into the route of `e` made of `visits` with the least travel: the
    /// index to insert at and the route's travel then, or `nil` when nowhere is feasible.
    private func feasibleInsertion(_ v: Int, into e: Int, visits: [Int]) -> (position: Int, travel: Int)? {
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
