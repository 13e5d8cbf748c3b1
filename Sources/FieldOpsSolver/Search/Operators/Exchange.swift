import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Exchange: two visits of different routes swap places.
extension Search {
    /// Swaps `v` with a visit of another candidate engineer's route, in place.
    func exchange(_ v: Int) -> Bool {
        let a = routeOf[v]
        guard let i = routes[a].visits.firstIndex(of: v).map({ $0 + 1 }) else { return false }
        for b in p.candidates[v] where b != a && !routes[b].visits.isEmpty {
            let ra = routes[a], rb = routes[b]
            for j in 1...rb.visits.count {
                let u = rb.nodes[j]
                guard p.qualified(a, for: u), p.qualified(b, for: v) else { continue }
                evaluations += 1
                let segU = RouteState.segment(u, engineer: a, problem: p, lateAllowed: lateAllowed)
                let segV = RouteState.segment(v, engineer: b, problem: p, lateAllowed: lateAllowed)
                let a0 = ra.nodes[i - 1], a1 = ra.nodes[i + 1], b0 = rb.nodes[j - 1], b1 = rb.nodes[j + 1]
                guard ra.prefix[i - 1].then(p.minutes(a0, u), segU).then(p.minutes(u, a1), ra.suffix[i + 1]).isFeasible,
                      rb.prefix[j - 1].then(p.minutes(b0, v), segV).then(p.minutes(v, b1), rb.suffix[j + 1]).isFeasible
                else { continue }
                let gain: Int
                if ra.lateFrom[i] || rb.lateFrom[j] || lateAllowed[u] || lateAllowed[v] {
                    var na = ra.nodes, nb = rb.nodes
                    na[i] = u
                    nb[j] = v
                    guard let da = exactDelta(a, na), let db = exactDelta(b, nb) else { continue }
                    gain = da + db
                } else {
                    let before = p.minutes(a0, v) + p.minutes(v, a1) + p.minutes(b0, u) + p.minutes(u, b1)
                    let after = p.minutes(a0, u) + p.minutes(u, a1) + p.minutes(b0, v) + p.minutes(v, b1)
                    gain = Objective.travelPerMinute * (before - after)
                }
                if gain > 0 {
                    var la = ra.visits, lb = rb.visits
                    la[i - 1] = u
                    lb[j - 1] = v
                    setRoute(a, la)
                    setRoute(b, lb)
                    return true
                }
            }
        }
        return false
    }
}
