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
    /// returns the steps it took when the pool emptied within `steps` ejection steps,
    /// `Tuning.ejectionEvaluations` and `deadline`, or `nil`. `giveUp(step)` stops it
    /// early (another attempt has won).
    func ejectionSearch(pool: [Int], steps: Int, seed: UInt64, deadline: Date, giveUp: (Int) -> Bool = { _ in false }) -> Int? {
        var rng = SplitMix64(seed: seed ^ 0xE1EC_7104_5EA2_C400)
        var ejectionPool = pool
        var penalty = Array(repeating: 1, count: p.visits.count)
        let neighbours = p.granularNeighbours(k: Tuning.granularNeighbours)
        for step in 0..<steps {
            guard let v = ejectionPool.popLast() else { return step }
            // Out of budget with `v` in hand: not placed, so the attempt failed, even when
            // `v` was the last of the pool.
            if evaluations > Tuning.ejectionEvaluations { return nil }
            if step % Tuning.clockCheckEvery == 0, Date() > deadline || giveUp(step) { return nil }
            if let fit = randomFeasibleInsertion(v, rng: &rng) {
                insert(v, into: fit.engineer, at: fit.position)
                continue
            }
            if squeeze(v, neighbours: neighbours, rng: &rng) { continue }
            penalty[v] += 1
            guard let ejection = cheapestEjection(of: v, penalty: penalty) else {
                // No route can take it even emptied of three visits: it waits at the bottom
                // of the pool while the routes change around it.
                ejectionPool.insert(v, at: 0)
                continue
            }
            setRoute(ejection.engineer, ejection.visits)
            ejectionPool += ejection.ejected
            perturb(moves: Tuning.ejectionPerturbMoves, rng: &rng)
        }
        return ejectionPool.isEmpty ? steps : nil
    }

    /// Puts `v` where it misses its windows and capacity least and lets `PenalisedSearch`
    /// reshape the routes until all hold; keeps the result and returns `true` if they do,
    /// changes nothing otherwise.
    private func squeeze(_ v: Int, neighbours: [[Int]], rng: inout SplitMix64) -> Bool {
        var search = PenalisedSearch(problem: p, routes: routes.map(\.visits), lateAllowed: lateAllowed, neighbours: neighbours,
                                     weights: .init(travel: 1, warp: Tuning.squeezeWarpWeight, load: Tuning.squeezeWarpWeight * Tuning.squeezeLoadWeight))
        search.runs = PenalisedSearch.longRoutes(search.visitLists)
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
    /// travel; among equals, the first engineer in candidate order, then the first set of
    /// ejected positions in lexicographic order, then the earliest place for `v`.
    ///
    /// One depth-first walk per route decides, position by position, whether a visit stays,
    /// leaves, or `v` goes in before it, carrying the timing segment of what is kept so far:
    /// each step is O(1); a kept part that already misses a window or overloads the vehicle
    /// is cut (nothing later can undo it), and so is a set whose penalty sum passes the best
    /// found. Once `v` is in and nothing more may leave, the rest of the route is read from
    /// its cached suffix. (Trying each set with a fresh insertion, as before, took 79 % of
    /// a 25-second run on R201, whose routes hold 25 visits.) Penalties are at least 1.
    func cheapestEjection(of v: Int, penalty: [Int]) -> (engineer: Int, visits: [Int], ejected: [Int])? {
        var best: (penalty: Int, travel: Int, engineer: Int, ejected: [Int], at: Int, visits: [Int])?
        for e in p.candidates[v] where p.qualified(e, for: v) && !routes[e].visits.isEmpty {
            let route = routes[e]
            let visits = route.visits
            let n = visits.count
            let own = RouteState.segment(v, engineer: e, problem: p, lateAllowed: lateAllowed)
            let segments = visits.map { RouteState.segment($0, engineer: e, problem: p, lateAllowed: lateAllowed) }
            var cheapestAfter = Array(repeating: Int.max, count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) { cheapestAfter[i] = min(cheapestAfter[i + 1], penalty[visits[i]]) }
            var ejected: [Int] = []
            var at = -1
            var kept: [Int] = []
            kept.reserveCapacity(n + 1)
            func consider(sum: Int, travel: Int, rest i: Int) {
                guard !ejected.isEmpty else { return }
                if let b = best {
                    if (sum, travel) > (b.penalty, b.travel) { return }
                    if (sum, travel) == (b.penalty, b.travel) {
                        // Ties: an earlier engineer keeps it; within one, the set first in
                        // lexicographic order, then the earlier place.
                        guard b.engineer == e, ejected.lexicographicallyPrecedes(b.ejected) || (ejected == b.ejected && at < b.at) else { return }
                    }
                }
                best = (sum, travel, e, ejected, at, kept + visits[i...])
            }
            func walk(_ i: Int, _ seg: DurationSegment, _ last: Int, _ travel: Int, _ sum: Int) {
                evaluations += 1
                let mayEject = ejected.count < Tuning.ejectionMostEjected && i < n
                    && (best.map { sum + cheapestAfter[i] <= $0.penalty } ?? true)
                if at >= 0, !mayEject {
                    // The rest of the route as it is, from its cached suffix.
                    let t = p.minutes(last, route.nodes[i + 1])
                    guard seg.then(t, route.suffix[i + 1]).isFeasible else { return }
                    consider(sum: sum, travel: travel + t + route.travel - route.travelPrefix[i + 1], rest: i)
                    return
                }
                if at < 0 {
                    // v here, before position i (or before the end).
                    let t = p.minutes(last, v)
                    let withV = seg.then(t, own)
                    if withV.isFeasible {
                        at = kept.count
                        kept.append(v)
                        walk(i, withV, v, travel + t, sum)
                        kept.removeLast()
                        at = -1
                    }
                }
                guard i < n else { return }
                let u = visits[i]
                // u stays.
                let t = p.minutes(last, u)
                let withU = seg.then(t, segments[i])
                if withU.isFeasible {
                    kept.append(u)
                    walk(i + 1, withU, u, travel + t, sum)
                    kept.removeLast()
                }
                // u leaves.
                if mayEject, best.map({ sum + penalty[u] <= $0.penalty }) ?? true {
                    ejected.append(i)
                    walk(i + 1, seg, last, travel, sum + penalty[u])
                    ejected.removeLast()
                }
            }
            walk(0, route.prefix[0], route.nodes[0], 0, 0)
        }
        return best.map { b in (b.engineer, b.visits, b.ejected.map { routes[b.engineer].visits[$0] }) }
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
