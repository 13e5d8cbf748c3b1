import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Large-neighbourhood search: remove a few related visits (`Ruin`) and put them (and
/// visits still out of every route nearby) back by regret, cheapest or shuffled
/// insertion (`Recreate`); keep the change by simulated annealing (`Annealing`), and keep
/// the best plan seen (Shaw 1998; Christiaens & Vanden Berghe's SISR, 2020).
extension Search {
    /// Runs `iterations` ruin-and-recreate steps; returns whether the clock stopped it
    /// before its last step (then the plan depends on the machine's speed).
    @discardableResult
    func ruinAndRecreate(iterations: Int, seed: UInt64, neighbours: [[Int]], maxEvaluations: Int, deadline: Date) -> Bool {
        guard !p.visits.isEmpty else { return false }
        var rng = SplitMix64(seed: seed ^ 0x5EED_F1E1_D0F5)
        var stoppedByClock = false
        let annealing = Annealing(steps: iterations)
        var current = routes.reduce(0) { $0 + $1.value }
        var best = current
        var bestState = snapshot()
        defer {
            if current < best { restore(bestState, moved: Array(p.visits.indices)) }
        }
        for iteration in 0..<iterations {
            if evaluations > maxEvaluations { break }
            if iteration % Tuning.clockCheckEvery == 0 && Date() > deadline {
                stoppedByClock = true
                break
            }
            let ruin = Ruin.choose(in: self, neighbours: neighbours, rng: &rng)
            guard !ruin.pool.isEmpty else { continue }
            // Snapshot what the step may change: the routes it ruins and every route a
            // visit put back could go to.
            var engineers = Array(ruin.touched)
            for u in ruin.pool { engineers += p.candidates[u] }
            let before = snapshot(engineers: engineers, visits: ruin.pool)
            let valueBefore = before.routes.keys.reduce(0) { $0 + routes[$1].value }

            for e in ruin.touched { setRoute(e, routes[e].visits.filter { !ruin.removed.contains($0) }) }
            // Every urgent visit put back gets another chance to be on time.
            if allowLate { for u in ruin.pool where lateAllowed[u] { setLateAllowed(u, false) } }
            recreate(ruin.pool, rng: &rng)
            let delta = before.routes.keys.reduce(0) { $0 + routes[$1].value } - valueBefore
            if annealing.accepts(delta, step: iteration, rng: &rng) {
                current += delta
                if current > best {
                    best = current
                    bestState = snapshot()
                }
            } else {
                restore(before, moved: ruin.pool)
            }
        }
        return stoppedByClock
    }

    /// Recreate: `pool` back by regret, cheapest first or in a random order, class by
    /// class as the objective ranks them; now and then all classes mixed, so that a visit
    /// of a lower class may take the route an urgent one could give up for another. When
    /// late visits are allowed, urgent visits that found no on-time place are put back late.
    private func recreate(_ pool: [Int], rng: inout SplitMix64) {
        let roll = rng.next() % 8
        let order: InsertionOrder = roll < 3 ? .regret : roll < 5 ? .cheapest : .shuffled(rng.next())
        let classes: [[VisitClass]] = roll == 7 ? [VisitClass.allCases] : VisitClass.allCases.map { [$0] }
        let distinct = Set(pool)
        for group in classes {
            let visits = distinct.filter { group.contains(p.visits[$0].visitClass) }.sorted()
            regretInsert(visits, order: order)
            guard allowLate else { continue }
            let missed = visits.filter { routeOf[$0] < 0 && !lateAllowed[$0] && p.visits[$0].visitClass == .urgent }
            for u in missed { setLateAllowed(u, true) }
            regretInsert(missed, order: order)
        }
    }
}

/// Which visits a ruin step removes: a seed visit and its nearest routed neighbours, plus
/// either the whole route of one of the seed's candidate engineers (the way for an
/// engineer to give up a day's work to the one visit only they can reach) or that
/// route's costliest visit (how a long trip gives way to two visits near the base).
struct Ruin {
    /// Visits taken out of their routes.
    var removed: [Int]
    /// The routes they were taken from.
    var touched: Set<Int>
    /// What recreate puts back: unrouted neighbours of the seed, then the removed visits.
    var pool: [Int]

    /// Draws a ruin from `rng`.
    static func choose(in search: Search, neighbours: [[Int]], rng: inout SplitMix64) -> Ruin {
        let p = search.p
        let v = Int(rng.next() % UInt64(p.visits.count))
        var removed: [Int] = []
        let take = Tuning.ruinMinimum + Int(rng.next() % UInt64(Tuning.ruinSpread))
        for u in [v] + neighbours[v] where removed.count < take && search.routeOf[u] >= 0 { removed.append(u) }
        if let e = p.candidates[v].isEmpty ? nil : p.candidates[v][Int(rng.next() % UInt64(p.candidates[v].count))] {
            if rng.next() % UInt64(Tuning.routeRuinOneIn) == 0 {
                for u in search.routes[e].visits where !removed.contains(u) { removed.append(u) }
            } else if let worst = costliestVisit(in: search.routes[e], problem: p), !removed.contains(worst) {
                removed.append(worst)
            }
        }
        let touched = Set(removed.map { search.routeOf[$0] })
        let pool = ([v] + neighbours[v]).filter { search.routeOf[$0] < 0 } + removed
        return Ruin(removed: removed, touched: touched, pool: pool)
    }

    /// The visit of `route` whose removal saves the most minutes.
    private static func costliestVisit(in r: RouteState, problem p: PlanningProblem) -> Int? {
        guard !r.visits.isEmpty else { return nil }
        var best: (v: Int, saved: Int)?
        for i in 1...r.visits.count {
            let a = r.nodes[i - 1], v = r.nodes[i], b = r.nodes[i + 1]
            let saved = p.minutes(a, v) + p.visits[v].service + p.minutes(v, b) - p.minutes(a, b)
            if best == nil || saved > best!.saved { best = (v, saved) }
        }
        return best?.v
    }
}

/// Simulated annealing's acceptance: a step that loses a little (some travel) may be
/// kept, less and less often as the steps go by, to open room for a later step.
struct Annealing {
    /// Steps in all: the temperature falls linearly from `Tuning.annealingStart` to 0.
    let steps: Int

    /// Whether a step that changed the value by `delta` (higher is better) is kept.
    func accepts(_ delta: Int, step: Int, rng: inout SplitMix64) -> Bool {
        let temperature = Tuning.annealingStart * (1 - Double(step) / Double(steps))
        return delta >= 0 || (temperature > 0 && Double(rng.next() >> 11) / Double(1 << 53) < exp(Double(delta) / temperature))
    }
}

extension PlanningProblem {
    /// For each visit, the `k` nearest other visits (great-circle), nearest first.
    func visitNeighbours(k: Int) -> [[Int]] {
        let points = visits.indices.map { coordinate($0) }
        let index = SpatialIndex(points: points, model: travel.model)
        return visits.indices.map { v in
            index.nearest(to: points[v], k: k + 1) { $0 != v }.map(\.index)
        }
    }
}
