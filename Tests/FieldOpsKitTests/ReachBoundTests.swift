import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsPlan
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Bounds from engineers' reach, and pricing's completion bound")
struct ReachBoundTests {
    let solver = GLPKSolver(timeLimit: 20)

    @Test("Moore and Hodgson's count is the most jobs one machine finishes by their due times, by brute force")
    func mooreHodgsonIsOptimal() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let jobs = (0..<(1 + Int(rng.next() % 6))).map { _ in (length: 1 + Int(rng.next() % 50), due: Int(rng.next() % 120)) }
            var most = 0
            for mask in 0..<(1 << jobs.count) {
                // A set is feasible when in due order each finishes in time.
                let set = jobs.indices.filter { mask & (1 << $0) != 0 }.map { jobs[$0] }.sorted { $0.due < $1.due }
                var time = 0
                if set.allSatisfy({ time += $0.length; return time <= $0.due }) { most = max(most, set.count) }
            }
            #expect(ReachBound.mooreHodgson(jobs) == most, "\(jobs)")
        }
    }

    @Test("The maximum flow from engineers to visits is the most visits served with each engineer's count, by brute force")
    func maximumFlowIsMaximum() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let visits = 1 + Int(rng.next() % 6), engineers = 1 + Int(rng.next() % 3)
            let jobs = (0..<engineers).map { _ in
                (visits: (0..<visits).filter { _ in rng.next() % 2 == 0 }, most: Int(rng.next() % 3))
            }
            var best = 0
            forEachAssignment(visits: visits, engineers: engineers) { sets in
                guard sets.indices.allSatisfy({ e in sets[e].count <= jobs[e].most && sets[e].allSatisfy(jobs[e].visits.contains) }) else { return }
                best = max(best, sets.reduce(0) { $0 + $1.count })
            }
            #expect(ReachBound.maximumFlow(jobs, visits: visits) == best, "\(jobs)")
        }
    }

    @Test("On tiny mornings no plan puts more must-today visits on time than the reach bound, by brute force; over several days it says nothing", arguments: Array(UInt64(1)...UInt64(10)))
    func reachBoundsMustToday(seed: UInt64) throws {
        let p = try ColumnGenerationTests().morning(seed)
        let bound = try #require(ReachBound.mustTodayOnTime(p))
        let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        let most = bruteForceBest(p) { e, visits in pricing.value(of: visits, engineer: e) }
        #expect(most <= bound, "seed \(seed): \(most) on time, bound \(bound)")
        #expect(bound <= p.visits.filter { $0.visitClass <= .closingToday }.count)
        #expect(ReachBound.mustTodayOnTime(try ColumnGenerationTests().morning(seed, days: 2)) == nil)
    }

    @Test("Pricing with the completion bound finds the same best reduced value as without, and its best route", arguments: Array(UInt64(1)...UInt64(8)))
    func completionBoundKeepsTheBest(seed: UInt64) throws {
        let p = try ColumnGenerationTests().morning(seed)
        for measure in [ColumnGeneration.Measure.objective, .mustTodayOnTime] {
            let plain = Pricing(problem: p, measure: measure, boundingReach: .max)
            let bounded = Pricing(problem: p, measure: measure, boundingReach: 0)
            let zero = Array(repeating: 0.0, count: p.visits.count)
            let full = measure == .objective ? p.visits.indices.map { Double(p.fullValue($0)) } : Array(repeating: 1.0, count: p.visits.count)
            let mixed = full.indices.map { full[$0] * (($0 % 3 == 0) ? 0.9 : 0.2) }
            for duals in [zero, mixed] {
                for e in p.shifts.indices where p.shifts[e].unavailable == nil {
                    let a = plain.priceEngineer(e, visitDuals: duals, engineerDual: 0, labelsPerVisit: nil, deadline: .distantFuture)
                    let b = bounded.priceEngineer(e, visitDuals: duals, engineerDual: 0, labelsPerVisit: nil, deadline: .distantFuture)
                    #expect(a.complete && b.complete)
                    #expect(abs(a.best - b.best) < 1e-6, "seed \(seed) engineer \(e) \(measure): \(a.best) vs \(b.best)")
                    #expect(a.routes.isEmpty == b.routes.isEmpty)
                }
            }
        }
    }

    @Test("Without the route program, a plan gets the reach bound and column generation's: each holds against brute force", arguments: Array(UInt64(1)...UInt64(6)))
    func boundWithoutProgramHolds(seed: UInt64) throws {
        let p = try ColumnGenerationTests().morning(seed)
        var solution = FallbackPlanner(reason: "test").solve(p, options: PlannerOptions())
        #expect(solution.report.boundReport == nil)
        IntegerPlanner.boundWithoutProgram(p, solution: &solution, solver: solver, deadline: Date().addingTimeInterval(20))
        let report = try #require(solution.report.boundReport)
        let pricing = Pricing(problem: p, measure: .mustTodayOnTime)
        let most = bruteForceBest(p) { e, visits in pricing.value(of: visits, engineer: e) }
        let max = try #require(report.mustTodayOnTimeMax)
        #expect(most <= max)
        let bound = try #require(solution.report.bound)
        #expect(bound <= Double(bruteForceOptimum(p)) + 1e-6)
        #expect(bound <= Double(solution.report.objective))
    }

    @Test("A plan bounded only by reach says how many must-today visits any plan can put on time and that nothing bounded its value, in text and in JSON that reads back")
    func reachOnlyPlanSaysSo() throws {
        let p = try ColumnGenerationTests().morning(3)
        var solution = FallbackPlanner(reason: "test").solve(p, options: PlannerOptions())
        solution.report.boundReport = BoundReport(source: "reach", note: "column generation not run: a test", constant: 0,
                                                  mustToday: 4, mustTodayOnTimeMax: 3)
        let plan = PlanBuilder(problem: p).plan(solution)
        #expect(plan.solver.bound == nil)
        let sentence = try #require(plan.boundSentence)
        #expect(sentence.hasPrefix("Bound (engineers' reach; column generation not run: a test): no plan can put more than 3 of the 4 must-today visits on time"), "\(sentence)")
        #expect(sentence.hasSuffix("No bound on the plan's value was proved."), "\(sentence)")
        let read = try withFile(plan.json(triage: p.triage).rendered(), named: "plan.json") { try Plan.read(path: $0) }
        #expect(read.solver.bound == nil && read.solver.gap == nil)
        #expect(read.solver.boundReport?.source == "reach" && read.solver.boundReport?.mustTodayOnTimeMax == 3)
        #expect(read.boundSentence == sentence)
    }

    @Test("Column generation's note suggests a time limit that counts the time the plan took first")
    func unpricedNoteCountsThePlan() throws {
        let p = try ColumnGenerationTests().morning(1)
        #expect(IntegerPlanner.unpricedNote(p, deadline: Date().addingTimeInterval(60)) == nil)
        let note = try #require(IntegerPlanner.unpricedNote(p, deadline: Date(), spent: 50))
        #expect(note.contains("--time-limit 52 or more"), "\(note)")
    }
}
