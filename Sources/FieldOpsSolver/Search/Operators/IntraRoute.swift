import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Or-opt and 2-opt within one route, judged by re-timing it.
extension Search {
    /// Or-opt (move a run of one to three visits elsewhere in the route) and 2-opt
    /// (reverse a run), judged by re-timing the route.
    func intraRoute(_ e: Int) -> Bool {
        let visits = routes[e].visits
        let n = visits.count
        guard n >= 2 else { return false }
        let start = p.startNode(e), end = p.endNode(e)
        func nodes(_ list: [Int]) -> [Int] { [start] + list + [end] }
        for length in 1...min(3, n) {
            for i in 0...(n - length) {
                var rest = visits
                let run = Array(rest[i..<(i + length)])
                rest.removeSubrange(i..<(i + length))
                for j in 0...rest.count where j != i {
                    var candidate = rest
                    candidate.insert(contentsOf: run, at: j)
                    if let delta = exactDelta(e, nodes(candidate)), delta > 0 {
                        setRoute(e, candidate)
                        return true
                    }
                }
            }
        }
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                var candidate = visits
                candidate[i...j].reverse()
                if let delta = exactDelta(e, nodes(candidate)), delta > 0 {
                    setRoute(e, candidate)
                    return true
                }
            }
        }
        return false
    }
}
