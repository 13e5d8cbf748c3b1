import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Unassigned exchange (VROOM): an unrouted visit that cannot wait takes the place of a visit worth less.
extension Search {
    /// Puts unrouted `v` in place of a visit worth less: a late one, or one of a lower
    /// class (VROOM's unassigned-exchange). Judged by re-timing the route.
    func replaceForUnrouted(_ v: Int) -> Bool {
        // Only work that cannot wait is worth displacing other work for.
        guard p.visits[v].visitClass <= .closingToday else { return false }
        let worth = p.objective.fullValue(p.visits[v])
        for e in p.candidates[v] {
            let r = routes[e]
            guard p.qualified(e, for: v), !r.visits.isEmpty else { continue }
            for i in 1...r.visits.count {
                let u = r.nodes[i]
                // Only a visit worth less can make room; on-time urgent work never gives way.
                guard p.objective.fullValue(p.visits[u]) < worth || lateAllowed[u] else { continue }
                var without = r.nodes
                without.remove(at: i)
                // Where u was, or next to it: the room u leaves is there.
                for position in max(1, i - 1)...min(without.count - 1, i + 1) {
                    var candidate = without
                    candidate.insert(v, at: position)
                    guard let delta = exactDelta(e, candidate), delta > 0 else { continue }
                    setRoute(e, Array(candidate.dropFirst().dropLast()))
                    return true
                }
            }
        }
        return false
    }
}
