import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Local search on a `Search`: relocate and exchange between routes, 2-opt* (swap the
/// tails of two routes), or-opt and 2-opt within a route, and insertion of visits still
/// out of every route. First improvement, in an order drawn from the seed, until no move
/// improves or the budget is spent. Moves between routes are judged in O(1) from the
/// routes' cached segments; a route that holds a late visit after the change is re-timed.
extension Search {
    /// Runs the local search; returns whether the budget ran out before a local optimum.
    @discardableResult
    func improve(seed: UInt64, maxEvaluations: Int, deadline: Date) -> Bool {
        var rng = SplitMix64(seed: seed)
        var order = Array(p.visits.indices)
        var pass = 0
        // What was last found with no improving move, and when (see `changedAt`).
        var visitChecked = Array(repeating: -1, count: p.visits.count)
        var intraChecked = Array(repeating: -1, count: routes.count)
        var starChecked = Array(repeating: -1, count: routes.count)
        func untouched(_ v: Int) -> Bool {
            let since = visitChecked[v]
            if since < 0 { return false }
            if routeOf[v] >= 0, changedAt[routeOf[v]] > since { return false }
            return p.candidates[v].allSatisfy { changedAt[$0] <= since }
        }
        while true {
            pass += 1
            order.shuffle(using: &rng)
            var improved = false
            for v in order where !untouched(v) {
                if evaluations > maxEvaluations || (pass > 1 && Date() > deadline) { return true }
                if routeOf[v] < 0 {
                    improved = (insertUnrouted(v) || replaceForUnrouted(v)) || improved
                } else {
                    improved = relocate(v) || improved
                    if routeOf[v] >= 0 { improved = exchange(v) || improved }
                }
                visitChecked[v] = clock
            }
            for e in routes.indices where !routes[e].visits.isEmpty {
                if changedAt[e] > intraChecked[e] {
                    improved = intraRoute(e) || improved
                    intraChecked[e] = clock
                }
                if changedAt[e] > starChecked[e] || neighbours(of: e).contains(where: { changedAt[$0] > starChecked[e] }) {
                    improved = twoOptStar(e) || improved
                    starChecked[e] = clock
                }
            }
            if !improved { return false }
        }
    }

    /// The change in value if engineer `e`'s route became `nodes` (start and end included),
    /// or `nil` when it is infeasible.
    func exactDelta(_ e: Int, _ nodes: [Int]) -> Int? {
        evaluations += nodes.count
        guard let eval = RouteState.evaluate(nodes: nodes, engineer: e, problem: p, lateAllowed: lateAllowed) else { return nil }
        return eval.value - routes[e].value
    }

    /// The change in value of removing position `i` from engineer `e`'s route.
    func removalDelta(_ e: Int, _ i: Int) -> Int? {
        let r = routes[e]
        let v = r.nodes[i]
        if r.lateFrom[i] || lateAllowed[v] {
            var nodes = r.nodes
            nodes.remove(at: i)
            return exactDelta(e, nodes)
        }
        evaluations += 1
        let a = r.nodes[i - 1], b = r.nodes[i + 1]
        guard r.prefix[i - 1].then(p.minutes(a, b), r.suffix[i + 1]).isFeasible else { return nil }
        let saved = p.minutes(a, v) + p.minutes(v, b) - p.minutes(a, b)
        return Objective.travelPerMinute * saved - p.value(v, engineer: e, lateMinutes: 0)
    }

    /// Engineers that are candidates for some visit of `a`'s route.
    func neighbours(of a: Int) -> [Int] {
        var set = Set<Int>()
        for v in routes[a].visits { for e in p.candidates[v] where e != a { set.insert(e) } }
        return set.sorted()
    }
}
