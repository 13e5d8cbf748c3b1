import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Local search through infeasible space: a route that misses a window or overloads its
/// vehicle is not refused but priced, its travel plus a weight on its time warp (Vidal et
/// al. 2013; PyVRP's penalised cost) and on its excess load. Moves are granular (Toth &
/// Vigo 2003): a visit is only tried next to one of its nearest neighbours, and each move
/// between routes is judged in O(1) from the routes' cached segments.
///
/// One-day problems only, with every visit in some route: it reshapes routes, it does not
/// choose which visits to serve. Ejection search uses it to squeeze a visit no route has
/// room for into the routes (Nagata & Bräysy 2009).
struct PenalisedSearch {
    /// What a minute of travel and a unit of infeasibility cost.
    struct Weights {
        /// A minute of travel (0: only feasibility counts, as in a squeeze).
        var travel: Int
        /// A minute of time warp.
        var warp: Int
        /// A unit of load over a vehicle's capacity.
        var load: Int
    }

    /// One engineer's route with its cached segments (positions as in `RouteState`).
    struct Route {
        var nodes: [Int] = []
        var prefix: [DurationSegment] = []
        var suffix: [DurationSegment] = []
        /// `tail[i]`: positions `i` through the last visit, without the end.
        var tail: [DurationSegment] = []
        var travelPrefix: [Int] = []
        var cost = 0
        var travel: Int { travelPrefix.last ?? 0 }
        var visits: ArraySlice<Int> { nodes.dropFirst().dropLast() }
    }

    let p: PlanningProblem
    private(set) var weights: Weights
    /// Each visit's segment (the same for every engineer on a one-day problem).
    private let segment: [DurationSegment]
    /// The nearest visits of each visit, by travel and the fit of their windows.
    private let neighbours: [[Int]]
    /// Whether engineer `e` may serve visit `v` (qualified and a candidate), at
    /// `e * visits + v`: looked up in the inner loop without touching nested arrays.
    private let allowedPair: [Bool]
    private(set) var routes: [Route]
    private(set) var routeOf: [Int]
    private(set) var positionOf: [Int]
    /// Move evaluations so far.
    private(set) var evaluations = 0
    /// Whether runs of two or three visits move too (`Move.runs`; see `longRoutes`).
    var runs = false

    /// Whether `routes` hold at least `Tuning.runMovesFromRouteLength` visits a route on
    /// average: where moving runs between routes pays for its time.
    static func longRoutes(_ routes: [[Int]]) -> Bool {
        let used = routes.filter { !$0.isEmpty }.count
        return used > 0 && routes.reduce(0) { $0 + $1.count } >= Tuning.runMovesFromRouteLength * used
    }

    /// The search over `routes` (visit indices per engineer index), with late-allowed
    /// visits held to their window's end.
    init(problem: PlanningProblem, routes visits: [[Int]], lateAllowed: [Bool], neighbours: [[Int]], weights: Weights) {
        precondition(!problem.isMultiDay, "penalised search times routes by their segments: one-day problems only")
        p = problem
        self.weights = weights
        self.neighbours = neighbours
        var pairs = Array(repeating: false, count: problem.shifts.count * problem.visits.count)
        for v in problem.visits.indices {
            for e in problem.candidates[v] where problem.qualified(e, for: v) { pairs[e * problem.visits.count + v] = true }
        }
        allowedPair = pairs
        segment = problem.visits.indices.map { RouteState.segment($0, engineer: 0, problem: problem, lateAllowed: lateAllowed) }
        routes = Array(repeating: Route(), count: problem.shifts.count)
        routeOf = Array(repeating: -1, count: problem.visits.count)
        positionOf = Array(repeating: 0, count: problem.visits.count)
        for e in problem.shifts.indices { rebuild(e, e < visits.count ? visits[e] : []) }
    }

    /// Time warp and excess load of every route, in their weights.
    var infeasibility: Int {
        routes.reduce(0) { $0 + penalty($1.prefix.last!) }
    }

    /// Each engineer's visits.
    var visitLists: [[Int]] { routes.map { Array($0.visits) } }

    /// Travel minutes of every route.
    var travel: Int { routes.reduce(0) { $0 + $1.travel } }

    /// The penalised cost of every route.
    var cost: Int { routes.reduce(0) { $0 + $1.cost } }

    /// Prices the routes under new weights.
    mutating func reweigh(_ new: Weights) {
        weights = new
        for e in routes.indices { routes[e].cost = cost(routes[e].prefix.last!, travel: routes[e].travel) }
    }

    /// Takes `v` out of its route.
    mutating func remove(_ v: Int) {
        let e = routeOf[v]
        guard e >= 0 else { return }
        var list = Array(routes[e].visits)
        list.remove(at: positionOf[v] - 1)
        routeOf[v] = -1
        rebuild(e, list)
    }

    /// The penalised cost of a whole route's segment and travel.
    @inline(__always)
    private func cost(_ seg: DurationSegment, travel: Int) -> Int { weights.travel * travel + penalty(seg) }

    @inline(__always)
    private func penalty(_ seg: DurationSegment) -> Int {
        weights.warp * seg.timeWarp + weights.load * max(0, seg.load)
    }

    private func nodeSegment(_ node: Int, engineer e: Int) -> DurationSegment {
        node < p.visits.count ? segment[node] : RouteState.segment(node, engineer: e, problem: p, lateAllowed: [])
    }

    private mutating func rebuild(_ e: Int, _ visits: [Int]) {
        let nodes = [p.startNode(e)] + visits + [p.endNode(e)]
        let n = nodes.count
        let segs = nodes.map { nodeSegment($0, engineer: e) }
        var r = Route(nodes: nodes, prefix: segs, suffix: segs, tail: segs, travelPrefix: Array(repeating: 0, count: n))
        for i in 1..<n {
            let t = p.minutes(nodes[i - 1], nodes[i])
            r.prefix[i] = r.prefix[i - 1].then(t, segs[i])
            r.travelPrefix[i] = r.travelPrefix[i - 1] + t
        }
        r.tail[n - 1] = segs[n - 1]
        if n >= 2 { r.tail[n - 2] = segs[n - 2] }
        for i in stride(from: n - 2, through: 0, by: -1) {
            r.suffix[i] = segs[i].then(p.minutes(nodes[i], nodes[i + 1]), r.suffix[i + 1])
            if i < n - 2 { r.tail[i] = segs[i].then(p.minutes(nodes[i], nodes[i + 1]), r.tail[i + 1]) }
        }
        r.cost = cost(r.prefix[n - 1], travel: r.travelPrefix[n - 1])
        for (k, v) in visits.enumerated() {
            routeOf[v] = e
            positionOf[v] = k + 1
        }
        routes[e] = r
    }

    /// Puts `v` (in no route) where it costs least, penalties included, in a route of one of
    /// its candidate engineers that already has visits (or any, when none has).
    mutating func insertCheapest(_ v: Int) {
        let used = p.candidates[v].filter { !routes[$0].visits.isEmpty && p.qualified($0, for: v) }
        var best: (delta: Int, e: Int, position: Int)?
        for e in used.isEmpty ? p.candidates[v] : used {
            let r = routes[e]
            for pos in 1..<r.nodes.count {
                evaluations += 1
                let a = r.nodes[pos - 1], b = r.nodes[pos]
                let ta = p.minutes(a, v), tb = p.minutes(v, b)
                let seg = r.prefix[pos - 1].then(ta, segment[v]).then(tb, r.suffix[pos])
                let delta = cost(seg, travel: r.travel + ta + tb - p.minutes(a, b)) - r.cost
                if best == nil || delta < best!.delta { best = (delta, e, pos) }
            }
        }
        guard let best else { return }
        var list = Array(routes[best.e].visits)
        list.insert(v, at: best.position - 1)
        rebuild(best.e, list)
    }

    /// First-improvement descent over relocations (after or before a neighbour), exchanges
    /// with a neighbour, 2-opt* at a neighbour and moves of runs of two or three visits
    /// (after a neighbour, or traded for a run from it), visits taken in `order`, until no move
    /// lowers the penalised cost, `maxEvaluations` are spent or, with `untilFeasible`, every
    /// route keeps its windows and capacity. Returns whether a move was made.
    @discardableResult
    mutating func descend(order: [Int], maxEvaluations: Int, untilFeasible: Bool = false) -> Bool {
        var any = false
        var improved = true
        while improved, evaluations < maxEvaluations {
            improved = false
            for v in order where routeOf[v] >= 0 {
                for u in neighbours[v] where routeOf[u] >= 0 && tryMoves(v, u) {
                    improved = true
                    any = true
                    if untilFeasible, infeasibility == 0 { return true }
                }
                if evaluations >= maxEvaluations { break }
            }
        }
        return any
    }

    @inline(__always)
    private func allowed(_ e: Int, _ v: Int) -> Bool {
        allowedPair[e * p.visits.count + v]
    }

    /// A move between two routes that lowers the penalised cost.
    private enum Move {
        /// `v` into `u`'s route, after position `k`.
        case relocate(k: Int)
        case exchange
        case twoOptStar
        /// The run of `n` visits from `v` and the run of `m` from `u` trade places
        /// (`m` 0: `v`'s run goes after `u`).
        case runs(n: Int, m: Int)
    }

    /// The runs `runs(n:m:)` tries, after the single-visit moves (PyVRP's Exchange
    /// operators with two or three visits on a side).
    static let runSizes = [(2, 0), (3, 0), (2, 1), (3, 1), (2, 2), (3, 2), (3, 3)]

    /// Tries the moves of `v` around `u`; makes the first that lowers the cost.
    private mutating func tryMoves(_ v: Int, _ u: Int) -> Bool {
        let a = routeOf[v], b = routeOf[u]
        if a == b { return tryWithin(a, v, u) }
        var counted = 0
        let move = firstMove(v, u, a, b, counted: &counted)
        evaluations += counted
        guard let move else { return false }
        let i = positionOf[v], j = positionOf[u]
        var la = Array(routes[a].visits), lb = Array(routes[b].visits)
        switch move {
        case let .relocate(k):
            la.remove(at: i - 1)
            lb.insert(v, at: k)
        case .exchange:
            la[i - 1] = u
            lb[j - 1] = v
        case .twoOptStar:
            let na = routes[a].nodes, nb = routes[b].nodes
            la = Array(na[1...i]) + Array(nb[(j + 1)..<(nb.count - 1)])
            lb = Array(nb[1...j]) + Array(na[(i + 1)..<(na.count - 1)])
        case let .runs(n, m):
            Self.tradeRuns(&la, from: i, count: n, &lb, from: j, count: m)
        }
        rebuild(a, la)
        rebuild(b, lb)
        return true
    }

    /// The first move of `v` (in route `a`) around `u` (in route `b`) that lowers the
    /// penalised cost: `v` after `u`, `v` before `u`, the two exchanged, 2-opt* at them.
    /// It only reads, and reads the routes in place (binding a route to a name would copy
    /// its five arrays' references, which dominated the search's time).
    private func firstMove(_ v: Int, _ u: Int, _ a: Int, _ b: Int, counted: inout Int) -> Move? {
        let i = positionOf[v], j = positionOf[u]
        let prev = routes[a].nodes[i - 1], next = routes[a].nodes[i + 1]
        let costA = routes[a].cost, costB = routes[b].cost
        let travelA = routes[a].travelPrefix[routes[a].travelPrefix.count - 1]
        let travelB = routes[b].travelPrefix[routes[b].travelPrefix.count - 1]
        // v out of a.
        let removed = routes[a].prefix[i - 1].then(p.minutes(prev, next), routes[a].suffix[i + 1])
        let removedTravel = travelA - p.minutes(prev, v) - p.minutes(v, next) + p.minutes(prev, next)
        let costWithout = cost(removed, travel: removedTravel)
        if allowed(b, v) {
            // v after u, then v before u.
            for k in stride(from: j, through: j - 1, by: -1) {
                counted += 1
                let x = routes[b].nodes[k], y = routes[b].nodes[k + 1]
                let tx = p.minutes(x, v), ty = p.minutes(v, y)
                let seg = routes[b].prefix[k].then(tx, segment[v]).then(ty, routes[b].suffix[k + 1])
                let delta = costWithout + cost(seg, travel: travelB + tx + ty - p.minutes(x, y)) - costA - costB
                if delta < 0 { return .relocate(k: k) }
            }
            // Exchange v and u.
            if allowed(a, u) {
                counted += 1
                let bp = routes[b].nodes[j - 1], bn = routes[b].nodes[j + 1]
                let t1 = p.minutes(prev, u), t2 = p.minutes(u, next), t3 = p.minutes(bp, v), t4 = p.minutes(v, bn)
                let segA = routes[a].prefix[i - 1].then(t1, segment[u]).then(t2, routes[a].suffix[i + 1])
                let segB = routes[b].prefix[j - 1].then(t3, segment[v]).then(t4, routes[b].suffix[j + 1])
                let newA = travelA - p.minutes(prev, v) - p.minutes(v, next) + t1 + t2
                let newB = travelB - p.minutes(bp, u) - p.minutes(u, bn) + t3 + t4
                if cost(segA, travel: newA) + cost(segB, travel: newB) < costA + costB { return .exchange }
            }
        }
        // 2-opt*: a keeps its head through v and takes b's visits after u; b keeps its head
        // through u and takes a's visits after v.
        if tailsAllowed(b, from: j + 1, to: a), tailsAllowed(a, from: i + 1, to: b) {
            counted += 1
            let (segA, newA) = joined(a, i, b, j)
            let (segB, newB) = joined(b, j, a, i)
            if cost(segA, travel: newA) + cost(segB, travel: newB) < costA + costB { return .twoOptStar }
        }
        for (n, m) in runs ? Self.runSizes : [] where runCost(a, from: i, count: n, b, from: j, count: m, counted: &counted) < costA + costB {
            return .runs(n: n, m: m)
        }
        return nil
    }

    /// Visit lists `la` and `lb` after the run of `n` visits from position `i` of the first
    /// and the run of `m` from position `j` of the second trade places (`m` 0: the first's
    /// run goes after position `j`). Positions count the route's start as 0.
    static func tradeRuns(_ la: inout [Int], from i: Int, count n: Int, _ lb: inout [Int], from j: Int, count m: Int) {
        let runA = Array(la[(i - 1)..<(i - 1 + n)])
        if m == 0 {
            la.removeSubrange((i - 1)..<(i - 1 + n))
            lb.insert(contentsOf: runA, at: j)
        } else {
            let runB = Array(lb[(j - 1)..<(j - 1 + m)])
            la.replaceSubrange((i - 1)..<(i - 1 + n), with: runB)
            lb.replaceSubrange((j - 1)..<(j - 1 + m), with: runA)
        }
    }

    /// The penalised cost of routes `a` and `b` together after the run of `n` visits from
    /// position `i` of `a` and the run of `m` from position `j` of `b` trade places (`m`
    /// 0: `a`'s run goes after position `j`), or `Int.max` when a run passes its route's
    /// last visit or an engineer may not serve a visit it would take.
    func runCost(_ a: Int, from i: Int, count n: Int, _ b: Int, from j: Int, count m: Int, counted: inout Int) -> Int {
        let lastA = routes[a].nodes.count - 2, lastB = routes[b].nodes.count - 2
        guard i + n - 1 <= lastA, j + m - 1 <= lastB else { return .max }
        for k in i..<(i + n) where !allowed(b, routes[a].nodes[k]) { return .max }
        for k in j..<(j + m) where !allowed(a, routes[b].nodes[k]) { return .max }
        counted += 1
        /// The run of route `r` from position `s` through `e`: its segment and inner travel.
        func run(_ r: Int, _ s: Int, _ e: Int) -> (DurationSegment, Int) {
            let nodes = routes[r].nodes
            var seg = segment[nodes[s]]
            if s < e { for k in (s + 1)...e { seg = seg.then(p.minutes(nodes[k - 1], nodes[k]), segment[nodes[k]]) } }
            return (seg, routes[r].travelPrefix[e] - routes[r].travelPrefix[s])
        }
        /// Route `r` with positions `s..<e` (a run, or none when `s == e`) replaced by
        /// `insert` (a run of another route, or none): cost.
        func replaced(_ r: Int, _ s: Int, _ e: Int, with insert: (seg: DurationSegment, travel: Int, first: Int, last: Int)?) -> Int {
            let nodes = routes[r].nodes
            let before = nodes[s - 1], after = nodes[e]
            let kept = routes[r].travel - (routes[r].travelPrefix[e] - routes[r].travelPrefix[s - 1])
            guard let insert else {
                let t = p.minutes(before, after)
                return cost(routes[r].prefix[s - 1].then(t, routes[r].suffix[e]), travel: kept + t)
            }
            let t1 = p.minutes(before, insert.first), t2 = p.minutes(insert.last, after)
            return cost(routes[r].prefix[s - 1].then(t1, insert.seg).then(t2, routes[r].suffix[e]), travel: kept + t1 + insert.travel + t2)
        }
        let (segA, travelA) = run(a, i, i + n - 1)
        let fromA = (seg: segA, travel: travelA, first: routes[a].nodes[i], last: routes[a].nodes[i + n - 1])
        if m == 0 {
            return replaced(a, i, i + n, with: nil) + replaced(b, j + 1, j + 1, with: fromA)
        }
        let (segB, travelB) = run(b, j, j + m - 1)
        let fromB = (seg: segB, travel: travelB, first: routes[b].nodes[j], last: routes[b].nodes[j + m - 1])
        return replaced(a, i, i + n, with: fromB) + replaced(b, j, j + m, with: fromA)
    }

    /// Whether engineer `e` may take the visits of route `r` from position `k` on.
    private func tailsAllowed(_ r: Int, from k: Int, to e: Int) -> Bool {
        let last = routes[r].nodes.count - 1
        guard k < last else { return true }
        for position in k..<last where !allowed(e, routes[r].nodes[position]) { return false }
        return true
    }

    /// Route `h`'s positions 0…i, then route `t`'s visits after position j, then `h`'s
    /// engineer's end.
    private func joined(_ h: Int, _ i: Int, _ t: Int, _ j: Int) -> (DurationSegment, Int) {
        let end = p.endNode(h)
        let endSeg = nodeSegment(end, engineer: h)
        let last = routes[h].nodes[i]
        let lastVisit = routes[t].nodes.count - 2
        if j == lastVisit {
            let time = p.minutes(last, end)
            return (routes[h].prefix[i].then(time, endSeg), routes[h].travelPrefix[i] + time)
        }
        let t1 = p.minutes(last, routes[t].nodes[j + 1]), t2 = p.minutes(routes[t].nodes[lastVisit], end)
        let seg = routes[h].prefix[i].then(t1, routes[t].tail[j + 1]).then(t2, endSeg)
        return (seg, routes[h].travelPrefix[i] + t1 + (routes[t].travelPrefix[lastVisit] - routes[t].travelPrefix[j + 1]) + t2)
    }

    /// `v` moved next to `u` (after, then before) in their route: the part of the route
    /// between the two places timed anew, the rest read from the cached segments.
    private mutating func tryWithin(_ e: Int, _ v: Int, _ u: Int) -> Bool {
        let i = positionOf[v], j = positionOf[u]
        let visitsInRoute = routes[e].nodes.count - 2
        // (v after u) then (v before u); a move that leaves the route as it is is skipped.
        for after in [true, false] {
            if after ? j == i - 1 : j == i + 1 { continue }
            evaluations += visitsInRoute
            if withinCost(e, v: v, from: i, next: u, at: j, after: after) < routes[e].cost {
                var list = Array(routes[e].visits)
                list.remove(at: i - 1)
                let at = list.firstIndex(of: u)!
                list.insert(v, at: after ? at + 1 : at)
                rebuild(e, list)
                return true
            }
        }
        return false
    }

    /// The penalised cost of route `e` with `v` (at position `i`) moved just after or
    /// just before the visit at position `j`.
    private func withinCost(_ e: Int, v: Int, from i: Int, next u: Int, at j: Int, after: Bool) -> Int {
        // The route is: its prefix through `head`, then `v` and the positions of `middle`
        // in some order, then its suffix from `rest`.
        let head: Int, rest: Int, middle: ClosedRange<Int>?, vFirst: Bool
        if j < i {
            head = after ? j : j - 1
            middle = after ? (j + 1 <= i - 1 ? (j + 1)...(i - 1) : nil) : j...(i - 1)
            vFirst = true
            rest = i + 1
        } else {
            head = i - 1
            middle = after ? (i + 1)...j : (i + 1 <= j - 1 ? (i + 1)...(j - 1) : nil)
            vFirst = false
            rest = after ? j + 1 : j
        }
        let nodes = routes[e].nodes
        var seg = routes[e].prefix[head]
        var travel = routes[e].travelPrefix[head]
        var last = nodes[head]
        func step(_ node: Int) {
            let t = p.minutes(last, node)
            seg = seg.then(t, segment[node])
            travel += t
            last = node
        }
        if vFirst { step(v) }
        if let middle { for k in middle { step(nodes[k]) } }
        if !vFirst { step(v) }
        let t = p.minutes(last, nodes[rest])
        seg = seg.then(t, routes[e].suffix[rest])
        travel += t + routes[e].travelPrefix[nodes.count - 1] - routes[e].travelPrefix[rest]
        return cost(seg, travel: travel)
    }

    /// The penalised cost of engineer `e`'s route made of `visits`.
    private func evaluate(_ e: Int, _ visits: [Int]) -> Int {
        var node = p.startNode(e)
        var seg = nodeSegment(node, engineer: e)
        var travel = 0
        for v in visits {
            let t = p.minutes(node, v)
            seg = seg.then(t, segment[v])
            travel += t
            node = v
        }
        let end = p.endNode(e)
        let t = p.minutes(node, end)
        return cost(seg.then(t, nodeSegment(end, engineer: e)), travel: travel + t)
    }
}

extension PenalisedSearch {
    /// Iterated local search through infeasible space for the shortest feasible plan with
    /// the same routes' engineers: each step removes a visit and its nearest neighbours
    /// (2 to 9 in all), puts them back where they cost least, penalties included, and
    /// descends; simulated annealing on the penalised cost decides whether to keep the step.
    /// The time-warp weight adapts as PyVRP's does: up when most recent steps ended
    /// infeasible, down when most ended feasible. Returns the shortest feasible plan seen
    /// (visit lists per engineer), or `nil` when none was.
    mutating func iterate(steps: Int, seed: UInt64, deadline: Date) -> [[Int]]? {
        var rng = SplitMix64(seed: seed ^ 0x7A4B_11E5_0C0F_FEE5)
        // The shortest feasible plan seen, whole: the answer, and where a stuck search goes back to.
        var best: PenalisedSearch? = infeasibility == 0 ? self : nil
        let annealing = Annealing(steps: steps)
        var feasibleSteps = 0, sinceFeasible = 0
        let visitsInRoutes = p.visits.indices.filter { routeOf[$0] >= 0 }
        guard !visitsInRoutes.isEmpty else { return best?.visitLists }
        for step in 0..<steps {
            if step % Tuning.clockCheckEvery == 0, Date() > deadline { break }
            let saved = self
            let seedVisit = visitsInRoutes[Int(rng.next() % UInt64(visitsInRoutes.count))]
            let take = 2 + Int(rng.next() % 8)
            var removed = [seedVisit]
            for u in neighbours[seedVisit] where removed.count < take { removed.append(u) }
            for v in removed { remove(v) }
            removed.shuffle(using: &rng)
            for v in removed { insertCheapest(v) }
            var order = removed
            for v in removed { order += neighbours[v].prefix(4) }
            descend(order: order, maxEvaluations: evaluations + Tuning.penalisedStepEvaluations)
            let feasible = infeasibility == 0
            if feasible {
                feasibleSteps += 1
                sinceFeasible = 0
                if best == nil || travel < best!.travel { best = self }
            } else {
                sinceFeasible += 1
            }
            if removed.contains(where: { routeOf[$0] < 0 }) || !annealing.accepts(saved.cost - cost, step: step, rng: &rng) {
                self = saved
            }
            // Time warp that no move of the neighbourhood can undo holds the search forever:
            // back to the best feasible plan.
            if sinceFeasible > Tuning.penalisedRestartAfter, let best {
                let w = weights
                self = best
                reweigh(w)
                sinceFeasible = 0
            }
            if (step + 1) % Tuning.penaltyUpdateEvery == 0 {
                let share = Double(feasibleSteps) / Double(Tuning.penaltyUpdateEvery)
                var w = weights
                if share < 0.4 { w.warp = min(Tuning.maxWarpWeight, w.warp * 12 / 10 + 1) } else if share > 0.6 { w.warp = max(1, w.warp * 10 / 12) }
                w.load = w.warp * Tuning.squeezeLoadWeight
                reweigh(w)
                feasibleSteps = 0
            }
        }
        return best?.visitLists
    }
}

extension PlanningProblem {
    /// For each visit, the `k` nearest others by how well one could follow the other
    /// (PyVRP's granular neighbourhood): travel, plus a fifth of the wait and all of the
    /// time warp the better order would incur. Ranked among the visits nearest on the map.
    func granularNeighbours(k: Int) -> [[Int]] {
        let near = visitNeighbours(k: min(visits.count - 1, 3 * k))
        return visits.indices.map { v in
            let a = visits[v]
            func proximity(_ u: Int) -> Int {
                let b = visits[u]
                func one(_ x: Visit, _ y: Visit, _ t: Int) -> Int {
                    let wait = max(0, y.earliest - x.service - t - x.latest)
                    let warp = max(0, x.earliest + x.service + t - y.latest)
                    return t + wait / 5 + warp
                }
                return min(one(a, b, minutes(v, u)), one(b, a, minutes(u, v)))
            }
            return near[v].map { ($0, proximity($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(k).map(\.0)
        }
    }
}
