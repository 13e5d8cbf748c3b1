import FieldOpsCore
import FieldOpsSupport
/// A lower bound on the cost of any plan of a problem, from the LP relaxation of an
/// assignment model: each visit goes to at most one engineer who could reach it at all;
/// an engineer's visits fit in the shift counting their minutes on site and half the
/// shortest legs in and out of each, and the visits on time by any deadline fit before
/// it; a visit is worth at most what it would be worth arriving as early as that
/// engineer could, and costs at least those half legs in travel. Every real plan is a
/// solution of this model, so its optimum bounds every plan's cost.
enum AssignmentBound {
    /// The bound, or `nil` when the LP could not be solved in time.
    static func lowerBound(_ p: PlanningProblem, solver: any MIPSolving, seconds: Double) -> Double? {
        let full = p.fullValueOfAll
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
        // On engineer e's route the leg into v comes from e's start or from another visit
        // e can serve at all: the shortest of those is a bound for the pair, often far
        // above the shortest leg overall for a visit far from e's other work.
        var servable = Array(repeating: [Int](), count: p.shifts.count)
        for (v, list) in p.candidates.enumerated() { for e in list { servable[e].append(v) } }
        var model = MIPModel()
        var visitRows = Array(repeating: [(Int, Double)](), count: p.visits.count)
        var engineerRows: [Int: [(Int, Double)]] = [:]
        var onTimeByEngineer: [Int: [(variable: Int, deadline: Int, minutes: Int, service: Int)]] = [:]
        for (v, visit) in p.visits.enumerated() {
            for e in p.candidates[v] {
                let shift = p.shifts[e]
                let fromStart = p.minutes(p.startNode(e), v)
                // Half the shortest leg in (from e's start or e's other work) and half the
                // shortest leg out (to e's other work or e's base): over a route these add
                // up to no more than its travel, since every leg is at most one visit's way
                // in and one visit's way out.
                var legIn = fromStart, legOut = p.minutes(v, p.endNode(e))
                if p.travel.matrix.legs.isEmpty {
                    for u in servable[e] where u != v {
                        if legIn > shortestIn[v] { legIn = min(legIn, p.minutes(u, v)) }
                        legOut = min(legOut, p.minutes(v, u))
                    }
                } else {
                    legIn = 0
                    legOut = 0
                }
                legIn = (legIn + legOut) / 2
                let arrive = max(shift.availableFrom + fromStart, 0)
                let late = visit.deadline.map { max(0, arrive - $0) } ?? 0
                // Two ways to serve: on time (then it counts against the engineer's time
                // before its deadline) or, for an urgent repair, late.
                var ways: [(worth: Int, onTime: Bool)] = [(p.value(v, engineer: e, lateMinutes: late), late == 0)]
                if late == 0, visit.deadline != nil, visit.visitClass == .urgent {
                    ways.append((p.value(v, engineer: e, lateMinutes: 1), false))
                }
                for way in ways {
                    let worth = way.worth - Objective.travelPerMinute * legIn
                    guard worth > 0 else { continue }
                    let j = model.variables.count
                    model.variables.append(MIPModel.Variable(cost: -Double(worth), integer: false))
                    visitRows[v].append((j, 1))
                    engineerRows[e, default: []].append((j, Double(visit.service + legIn)))
                    if way.onTime, let d = visit.deadline {
                        onTimeByEngineer[e, default: []].append((j, d, visit.service + legIn, visit.service))
                    }
                }
            }
        }
        // Visits on time by a deadline T must all arrive by T: their legs and minutes on
        // site, but for the last one's service, fit between the engineer's start and T.
        // Written as a chain, deadline by deadline: z_k = z_(k-1) + the minutes of the
        // visits due at the k-th deadline, z_k ≤ its room. The same constraints as one row
        // per deadline over every earlier visit, with each visit in one row instead of in
        // all later ones (an engineer with 480 candidates had 115,000 coefficients).
        for e in onTimeByEngineer.keys.sorted() {
            let items = onTimeByEngineer[e]!.sorted { ($0.deadline, $0.variable) < ($1.deadline, $1.variable) }
            let start = p.shifts[e].availableFrom
            var longest = 0
            var previous: Int?
            var terms: [(Int, Double)] = []
            for (k, item) in items.enumerated() {
                terms.append((item.variable, -Double(item.minutes)))
                longest = max(longest, item.service)
                if k + 1 < items.count, items[k + 1].deadline == item.deadline { continue }
                let z = model.variables.count
                model.variables.append(MIPModel.Variable(cost: 0, upper: Double(max(0, item.deadline - start) + longest), integer: false))
                model.rows.append(MIPModel.Row(terms: [(z, 1)] + (previous.map { [($0, -1)] } ?? []) + terms, lower: 0, upper: 0))
                previous = z
                terms = []
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
