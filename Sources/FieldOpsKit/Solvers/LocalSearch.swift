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
    private func exactDelta(_ e: Int, _ nodes: [Int]) -> Int? {
        evaluations += nodes.count
        guard let eval = RouteState.evaluate(nodes: nodes, engineer: e, problem: p, lateAllowed: lateAllowed) else { return nil }
        return eval.value - routes[e].value
    }

    /// The change in value of removing position `i` from engineer `e`'s route.
    private func removalDelta(_ e: Int, _ i: Int) -> Int? {
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
        return Objective.travelPerMinute * saved - Objective.value(p.visits[v], lateMinutes: 0)
    }

    private func insertUnrouted(_ v: Int) -> Bool {
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

    /// Puts unrouted `v` in place of a visit worth less: a late one, or one of a lower
    /// class (VROOM's unassigned-exchange). Judged by re-timing the route.
    private func replaceForUnrouted(_ v: Int) -> Bool {
        // Only work that cannot wait is worth displacing other work for.
        guard p.visits[v].visitClass <= .closingToday else { return false }
        let worth = Objective.fullValue(p.visits[v])
        for e in p.candidates[v] {
            let r = routes[e]
            guard p.qualified(e, for: v), !r.visits.isEmpty else { continue }
            for i in 1...r.visits.count {
                let u = r.nodes[i]
                // Only a visit worth less can make room; on-time urgent work never gives way.
                guard Objective.fullValue(p.visits[u]) < worth || lateAllowed[u] else { continue }
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

    /// Moves `v` to the best position in another candidate engineer's route.
    private func relocate(_ v: Int) -> Bool {
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

    /// Swaps `v` with a visit of another candidate engineer's route, in place.
    private func exchange(_ v: Int) -> Bool {
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

    /// Or-opt (move a run of one to three visits elsewhere in the route) and 2-opt
    /// (reverse a run), judged by re-timing the route.
    private func intraRoute(_ e: Int) -> Bool {
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

    /// 2-opt*: route `a` keeps its head and takes route `b`'s tail, and the other way
    /// round; each still ends at its own engineer's base. Judged in O(1) from segments.
    /// Engineers that are candidates for some visit of `a`'s route.
    private func neighbours(of a: Int) -> [Int] {
        var set = Set<Int>()
        for v in routes[a].visits { for e in p.candidates[v] where e != a { set.insert(e) } }
        return set.sorted()
    }

    private func twoOptStar(_ a: Int) -> Bool {
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
    private func joined(_ head: RouteState, _ i: Int, _ tail: RouteState, _ j: Int, endOf e: Int) -> Int? {
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

/// A small, fast, seedable random number generator (Steele, Lea & Flood's SplitMix64):
/// the same seed gives the same sequence on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
