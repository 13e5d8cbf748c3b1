import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Relocate: a visit moves to the best position in another candidate engineer's route.
extension Search {
    /// Moves `v` to the best position in another candidate engineer's route.
    func relocate(_ v: Int) -> Bool {
        let a = routeOf[v]
        guard let i = routes[a].visits.firstIndex(of: v).map({ $0 + 1 }), let removal = removalDelta(a, i) else { return false }
        var best: (e: Int, gain: Int, position: Int)?
        for e in p.candidates[v] where e != a {
            guard let ins = bestInsertion(v, into: e) else { continue }
            let gain = removal + ins.delta
            if gain > 0, best == nil || gain > best!.gain { best = (e, gain, ins.position) }
        }
        guard let best else { return false }
        var from = routes[a].visits
        from.remove(at: i - 1)
        setRoute(a, from)
        var to = routes[best.e].visits
        to.insert(v, at: best.position - 1)
        setRoute(best.e, to)
        return true
    }
}
