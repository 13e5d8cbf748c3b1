import FieldOpsCore
import FieldOpsSupport
import Foundation

/// 2-opt*: route `a` keeps its head and takes route `b`'s tail, and the other way round;
/// each still ends at its own engineer's base. Judged in O(1) from segments.
extension Search {
    func twoOptStar(_ a: Int) -> Bool {
        for b in neighbours(of: a) {
            let ra = routes[a], rb = routes[b]
            let na = ra.visits.count, nb = rb.visits.count
            for i in 0...na {
                for j in 0...nb {
                    if i == na && j == nb { continue }
                    // Skills: a takes b's visits after j; b takes a's visits after i.
                    guard p.engineerSkills[a] & rb.skillSuffix[j + 1] == rb.skillSuffix[j + 1],
                          p.engineerSkills[b] & ra.skillSuffix[i + 1] == ra.skillSuffix[i + 1] else { continue }
                    evaluations += 1
                    guard let newA = joined(ra, i, rb, j, endOf: a), let newB = joined(rb, j, ra, i, endOf: b) else { continue }
                    let gain: Int
                    if ra.lateFrom[i + 1] || rb.lateFrom[j + 1] {
                        let nodesA = Array(ra.nodes[0...i]) + Array(rb.nodes[(j + 1)..<(nb + 1)]) + [p.endNode(a)]
                        let nodesB = Array(rb.nodes[0...j]) + Array(ra.nodes[(i + 1)..<(na + 1)]) + [p.endNode(b)]
                        guard let da = exactDelta(a, nodesA), let db = exactDelta(b, nodesB) else { continue }
                        gain = da + db
                    } else {
                        gain = Objective.travelPerMinute * (ra.travel + rb.travel - newA - newB)
                    }
                    if gain > 0 {
                        let la = Array(ra.visits[0..<i]) + Array(rb.visits[j..<nb])
                        let lb = Array(rb.visits[0..<j]) + Array(ra.visits[i..<na])
                        setRoute(a, la)
                        setRoute(b, lb)
                        return true
                    }
                }
            }
        }
        return false
    }

    /// Travel minutes of `head`'s positions 0…i followed by `tail`'s visits after j, ending
    /// at `endOf`'s base, or `nil` when a window or the shift is missed.
    func joined(_ head: RouteState, _ i: Int, _ tail: RouteState, _ j: Int, endOf e: Int) -> Int? {
        let end = p.endNode(e)
        let endSeg = RouteState.segment(end, engineer: e, problem: p, lateAllowed: lateAllowed)
        let last = head.nodes[i]
        let nt = tail.visits.count
        if j == nt {
            let t = p.minutes(last, end)
            guard head.prefix[i].then(t, endSeg).isFeasible else { return nil }
            return head.travelPrefix[i] + t
        }
        // Visits' windows do not depend on the engineer, so the tail's cached segment holds.
        let tailSeg = tail.tail[j + 1]
        let t1 = p.minutes(last, tail.nodes[j + 1]), t2 = p.minutes(tail.nodes[nt], end)
        guard head.prefix[i].then(t1, tailSeg).then(t2, endSeg).isFeasible else { return nil }
        return head.travelPrefix[i] + t1 + (tail.travelPrefix[nt] - tail.travelPrefix[j + 1]) + t2
    }
}
