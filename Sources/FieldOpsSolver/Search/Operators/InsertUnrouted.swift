import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Insertion of a visit still out of every route into its best route, when that adds value.
extension Search {
    func insertUnrouted(_ v: Int) -> Bool {
        guard let best = bestInsertionOverCandidates(v), best.delta > 0 else { return false }
        insert(v, into: best.engineer, at: best.position)
        return true
    }
}
