/// A lower bound on the cost of any plan of a problem, from the LP relaxation of an
/// assignment model: each visit goes to at most one engineer who could reach it at all;
/// an engineer's visits fit in the shift counting only their minutes on site and the
/// shortest leg into each; a visit is worth at most what it would be worth arriving as
/// early as that engineer could, and costs at least that shortest leg in travel. Every
/// real plan is a solution of this model, so its optimum bounds every plan's cost.
enum AssignmentBound {
    /// The bound, or `nil` when the LP could not be solved in time.
    static func lowerBound(_ p: PlanningProblem, solver: any MIPSolving, seconds: Double) -> Double? {
        let full = p.visits.reduce(0) { $0 + Objective.fullValue($1) }
        guard !p.visits.isEmpty else { return 0 }
        // The shortest leg into each visit, from any other visit or any engineer's start.
        // The model's minutes grow with distance, so the nearest place gives it; a travel
        // matrix may list shorter legs anywhere, and then no leg is counted at all.
        var shortestIn = Array(repeating: 0, count: p.visits.count)
        if p.travel.matrix.legs.isEmpty {
            let nearestVisit = p.visitNeighbours(k: 1)
            let starts = SpatialIndex(points: p.shifts.map(\.from), model: p.travel.model)
            for v in p.visits.indices {
                var best = Int.max
                if let u = nearestVisit[v].first { best = p.minutes(u, v) }
                if let e = starts.nearest(to: p.coordinate(v), k: 1, accept: { _ in true }).first?.index {
                    best = min(best, p.minutes(p.startNode(e), v))
                }
                shortestIn[v] = best == Int.max ? 0 : best
            }
        }
        var model = MIPModel()
        var visitRows = Array(repeating: [(Int, Double)](), count: p.visits.count)
        var engineerRows: [Int: [(Int, Double)]] = [:]
        for (v, visit) in p.visits.enumerated() {
            for e in p.candidates[v] {
                let shift = p.shifts[e]
                let arrive = max(shift.availableFrom + p.minutes(p.startNode(e), v), 0)
                let late = visit.deadline.map { max(0, arrive - $0) } ?? 0
                let worth = Objective.value(visit, lateMinutes: late) - Objective.travelPerMinute * shortestIn[v]
                guard worth > 0 else { continue }
                let j = model.variables.count
                model.variables.append(MIPModel.Variable(cost: -Double(worth), integer: false))
                visitRows[v].append((j, 1))
                engineerRows[e, default: []].append((j, Double(visit.service + shortestIn[v])))
            }
        }
        guard !model.variables.isEmpty else { return Double(full) }
        for terms in visitRows where terms.count > 1 { model.rows.append(MIPModel.Row(terms: terms, upper: 1)) }
        for e in engineerRows.keys.sorted() {
            let shift = p.shifts[e]
            model.rows.append(MIPModel.Row(terms: engineerRows[e]!, upper: Double(max(0, shift.end - shift.availableFrom))))
        }
        guard let result = try? solver.solve(model, seconds: seconds), let objective = result.objective, result.status == .optimal else { return nil }
        return Double(full) + objective
    }
}
