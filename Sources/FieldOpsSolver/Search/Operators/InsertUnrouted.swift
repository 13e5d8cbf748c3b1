import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Insertion of a visit still out of every route into its best route, when that adds value.
extension Search {
    func insertUnrouted(_ v: Int) -> Bool {
        var best: (e: Int, delta: Int, position: Int)?
        for e in p.candidates[v] {
            if let ins = bestInsertion(v, into: e), ins.delta > 0, best == nil || ins.delta > best!.delta {
                best = (e, ins.delta, ins.position)
            }
        }
        guard let best else { return false }
        var list = routes[best.e].visits
        list.insert(v, at: best.position - 1)
        setRoute(best.e, list)
        return true
    }
}
