import Foundation

/// Large-neighbourhood search: remove a few related visits and put them (and visits still
/// out of every route nearby) back by regret or cheapest insertion; keep the change when
/// the plan is no worse (Shaw 1998; Christiaens & Vanden Berghe's SISR, 2020). Related
/// means near one seed visit, plus the visit that costs most in one of the seed's
/// candidate routes: this is how a long trip gives way to two visits near the base.
extension Search {
    /// The starting temperature of the annealing, in objective units (travel minutes).
    var annealingStart: Double { 1500 }

    /// Runs `iterations` ruin-and-recreate steps; returns how many improved the plan.
    @discardableResult
    func ruinAndRecreate(iterations: Int, seed: UInt64, neighbours: [[Int]], maxEvaluations: Int, deadline: Date) -> Int {
        guard !p.visits.isEmpty else { return 0 }
        var rng = SplitMix64(seed: seed ^ 0x5EED_F1E1_D0F5)
        var improvements = 0
        // Simulated annealing on top: a step that loses a little (some travel) may be kept,
        // less and less often, to open room for a later step; the best plan seen is kept.
        var current = routes.reduce(0) { $0 + $1.value }
        var best = current
        var bestRoutes = routes.map(\.visits)
        var bestLate = lateAllowed
        defer {
            if current < best {
                lateAllowed = bestLate
                for u in routeOf.indices { routeOf[u] = -1 }
                for (e, list) in bestRoutes.enumerated() where routes[e].visits != list { setRoute(e, list) }
                for (e, list) in bestRoutes.enumerated() { for u in list { routeOf[u] = e } }
            }
        }
        for iteration in 0..<iterations {
            let temperature = annealingStart * (1 - Double(iteration) / Double(iterations))
            if evaluations > maxEvaluations || (iteration % 16 == 0 && Date() > deadline) { break }
            let v = Int(rng.next() % UInt64(p.visits.count))
            var removed: [Int] = []
            let take = 2 + Int(rng.next() % 6)
            for u in [v] + neighbours[v] where removed.count < take && routeOf[u] >= 0 { removed.append(u) }
            if let e = p.candidates[v].isEmpty ? nil : p.candidates[v][Int(rng.next() % UInt64(p.candidates[v].count))] {
                if rng.next() % 3 == 0 {
                    // Now and then the whole route of one of the seed's engineers: the way for
                    // an engineer to give up a day's work to the one visit only they can reach.
                    for u in routes[e].visits where !removed.contains(u) { removed.append(u) }
                } else if let worst = costliestVisit(in: e), !removed.contains(worst) {
                    removed.append(worst)
                }
            }
            let touched = Set(removed.map { routeOf[$0] })
            let pool = ([v] + neighbours[v]).filter { routeOf[$0] < 0 } + removed
            guard !pool.isEmpty else { continue }
            // Snapshot what the step may change.
            var before: [Int: [Int]] = [:]
            for e in touched { before[e] = routes[e].visits }
            for u in pool { for e in p.candidates[u] where before[e] == nil { before[e] = routes[e].visits } }
            let valueBefore = before.keys.reduce(0) { $0 + routes[$1].value }
            let lateBefore = pool.map { lateAllowed[$0] }

            for e in touched { setRoute(e, routes[e].visits.filter { !removed.contains($0) }) }
            // Every urgent visit put back gets another chance to be on time.
            for u in pool where lateAllowed[u] && allowLate { lateAllowed[u] = false }
            // Recreate: by regret, cheapest first or in a random order, class by class as the
            // objective ranks them; now and then all classes mixed, so that a visit of a lower
            // class may take the route an urgent one could give up for another.
            let roll = rng.next() % 8
            let order: InsertionOrder = roll < 3 ? .regret : roll < 5 ? .cheapest : .shuffled(rng.next())
            let classes: [[VisitClass]] = roll == 7 ? [VisitClass.allCases] : VisitClass.allCases.map { [$0] }
            let distinct = Set(pool)
            for group in classes {
                let visits = distinct.filter { group.contains(p.visits[$0].visitClass) }.sorted()
                regretInsert(visits, order: order)
                guard allowLate else { continue }
                let missed = visits.filter { routeOf[$0] < 0 && !lateAllowed[$0] && p.visits[$0].visitClass == .urgent }
                for u in missed { lateAllowed[u] = true }
                regretInsert(missed, order: order)
            }
            let valueAfter = before.keys.reduce(0) { $0 + routes[$1].value }
            let delta = valueAfter - valueBefore
            let keep = delta >= 0 || (temperature > 0 && Double(rng.next() >> 11) / Double(1 << 53) < exp(Double(delta) / temperature))
            if keep {
                current += delta
                if delta > 0 { improvements += 1 }
                if current > best {
                    best = current
                    bestRoutes = routes.map(\.visits)
                    bestLate = lateAllowed
                }
            } else {
                for (u, late) in zip(pool, lateBefore) { lateAllowed[u] = late }
                let changed = before.filter { routes[$0.key].visits != $0.value }.sorted { $0.key < $1.key }
                for u in pool { routeOf[u] = -1 }
                for (e, list) in changed { setRoute(e, list) }
                for (e, list) in before { for u in list { routeOf[u] = e } }
            }
        }
        return improvements
    }

    /// The visit of engineer `e`'s route whose removal saves the most minutes.
    private func costliestVisit(in e: Int) -> Int? {
        let r = routes[e]
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
