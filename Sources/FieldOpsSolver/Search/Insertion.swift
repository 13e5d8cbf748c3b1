import FieldOpsCore
import FieldOpsSupport
import Foundation
import HeapModule

/// Construction: the best insertion of a visit into a route (judged in O(1) from the
/// route's cached segments), and regret insertion of many visits (Potvin & Rousseau 1993)
/// with cached insertions recomputed only for the route that changed.
extension Search {
    /// The best place to insert `v` into engineer `e`'s route: the change in the route's
    /// value and the position, or `nil` when it does not fit.
    func bestInsertion(_ v: Int, into e: Int) -> (delta: Int, position: Int)? {
        guard p.qualified(e, for: v) else { return nil }
        let seg = RouteState.segment(v, engineer: e, problem: p, lateAllowed: lateAllowed)
        let deadline = lateAllowed[v] ? p.visits[v].deadline : nil
        let onTime = p.value(v, engineer: e, lateMinutes: 0)
        // The route is read in place: a copy of it (or of the visit) retains and releases
        // each of its arrays, which costs more than the loop on short routes.
        return routes.withUnsafeBufferPointer { all -> (delta: Int, position: Int)? in
            let route = UnsafePointer(all.baseAddress! + e)
            var best: (delta: Int, position: Int)?
            let count = route.pointee.nodes.count
            for pos in 1..<count {
                evaluations += 1
                let a = route.pointee.nodes[pos - 1], b = route.pointee.nodes[pos]
                let ta = p.minutes(a, v), tb = p.minutes(v, b)
                let merged = route.pointee.prefix[pos - 1].then(ta, seg).then(tb, route.pointee.suffix[pos])
                guard merged.isFeasible else { continue }
                let delta: Int
                if route.pointee.lateFrom[pos] {
                    var newNodes = route.pointee.nodes
                    newNodes.insert(v, at: pos)
                    guard let eval = RouteState.evaluate(nodes: newNodes, engineer: e, problem: p) else { continue }
                    delta = eval.value - route.pointee.value
                } else {
                    let extra = ta + tb - p.minutes(a, b)
                    let late = deadline.map { max(0, route.pointee.prefix[pos - 1].earliestEnd + ta - $0) } ?? 0
                    let worth = late > 0 ? p.value(v, engineer: e, lateMinutes: late) : onTime
                    delta = worth - Objective.travelPerMinute * extra
                }
                if best == nil || delta > best!.delta { best = (delta, pos) }
            }
            return best
        }
    }

    /// The best insertion of `v` over its candidate engineers (ties to the first listed):
    /// the engineer, the change in value and the position, or `nil` when none fits.
    func bestInsertionOverCandidates(_ v: Int) -> (engineer: Int, delta: Int, position: Int)? {
        var best: (engineer: Int, delta: Int, position: Int)?
        for e in p.candidates[v] {
            guard let ins = bestInsertion(v, into: e) else { continue }
            if best == nil || ins.delta > best!.delta { best = (e, ins.delta, ins.position) }
        }
        return best
    }

    /// Puts `v` into engineer `e`'s route at `position` (1 is right after the start).
    func insert(_ v: Int, into e: Int, at position: Int) {
        var list = routes[e].visits
        list.insert(v, at: position - 1)
        setRoute(e, list)
    }

    /// How `regretInsert` picks the next visit.
    enum InsertionOrder {
        /// The visit that loses most if it does not get its best route (Potvin & Rousseau 1993).
        case regret
        /// The visit whose best insertion adds least: fills the day with the most visits.
        case cheapest
        /// An order drawn from the seed, for diversity in ruin-and-recreate.
        case shuffled(UInt64)
    }

    /// Inserts `visits` one at a time, each into its best route: by regret (the visit that
    /// loses most if it does not get its best route goes first) or cheapest first.
    /// Insertion values are cached per (visit, route) and recomputed only for the route
    /// that changed.
    func regretInsert(_ visits: [Int], order: InsertionOrder = .regret) {
        struct Entry: Comparable {
            var regret: Int, best: Int, priority: Int, visit: Int, version: Int
            static func < (a: Entry, b: Entry) -> Bool {
                (a.regret, a.best, a.priority, -a.visit) < (b.regret, b.best, b.priority, -b.visit)
            }
        }
        let pending = visits.filter { routeOf[$0] < 0 }
        guard !pending.isEmpty else { return }
        // Local numbering keeps the bookkeeping proportional to the visits inserted,
        // not to the whole problem (ruin-and-recreate inserts a handful at a time).
        var local: [Int: Int] = [:]
        for (i, v) in pending.enumerated() { local[v] = i }
        var isPending = Array(repeating: true, count: pending.count)
        var cache: [[Int: (delta: Int, position: Int)]] = Array(repeating: [:], count: pending.count)
        var version = Array(repeating: 0, count: pending.count)
        var heap = Heap<Entry>()

        func entry(_ i: Int) -> Entry? {
            var first = Int.min, second = Int.min
            for (_, ins) in cache[i] {
                if ins.delta > first { second = first; first = ins.delta } else if ins.delta > second { second = ins.delta }
            }
            guard first > Int.min else { return nil }
            let regret: Int
            switch order {
            case .regret: regret = second == Int.min ? Int.max / 4 : first - second
            case .cheapest: regret = 0
            case .shuffled(let seed):
                var mix = SplitMix64(seed: seed ^ UInt64(pending[i]) &* 0x9E37_79B9_7F4A_7C15)
                regret = Int(truncatingIfNeeded: mix.next() >> 2)
            }
            return Entry(regret: regret, best: first, priority: p.visits[pending[i]].priority, visit: i, version: version[i])
        }
        for (i, v) in pending.enumerated() {
            for e in p.candidates[v] { if let ins = bestInsertion(v, into: e) { cache[i][e] = ins } }
            if let en = entry(i) { heap.insert(en) }
        }
        // When few visits are pending, walking them beats walking the route's candidate list.
        let few = pending.count * 4 < p.visits.count / max(routes.count, 1) * 4 + 64
        while let top = heap.popMax() {
            let i = top.visit
            guard isPending[i], top.version == version[i] else { continue }
            // The best route by value; ties go to the lower engineer index. In a shuffled
            // recreate, one visit in four "blinks" and takes its second-best route
            // (Christiaens & Vanden Berghe's SISR), so that a visit can leave its best
            // route to someone who needs it more.
            let ranked = cache[i].sorted { ($0.value.delta, -$0.key) > ($1.value.delta, -$1.key) }
            guard !ranked.isEmpty else { continue }
            var pick = ranked[0]
            if case .shuffled(let seed) = order, ranked.count > 1 {
                var mix = SplitMix64(seed: seed &+ UInt64(pending[i]) &* 0xD6E8_FEB8_6659_FD93)
                if mix.next() % UInt64(Tuning.blinkOneIn) == 0 { pick = ranked[1] }
            }
            let (e, ins) = (pick.key, pick.value)
            isPending[i] = false
            var list = routes[e].visits
            list.insert(pending[i], at: ins.position - 1)
            setRoute(e, list)
            let affected = few ? pending.indices.filter { isPending[$0] && cache[$0][e] != nil || isPending[$0] && p.candidates[pending[$0]].contains(e) }
                               : candidateOf[e].compactMap { u in local[u].flatMap { isPending[$0] ? $0 : nil } }
            for j in affected {
                if let ins = bestInsertion(pending[j], into: e) { cache[j][e] = ins } else { cache[j][e] = nil }
                version[j] += 1
                if let en = entry(j) { heap.insert(en) }
            }
        }
    }
}
