import Foundation
import PropertyBased
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Integer planner (GLPK)")
struct IntegerPlannerTests {
    let planner = IntegerPlanner(solver: GLPKSolver(timeLimit: 20))

    func run(_ p: PlanningProblem, _ planner: any Planner, ruin: Int? = nil) -> (Solution, [String]) {
        var options = PlannerOptions()
        options.ruinIterations = ruin
        let solution = planner.solve(p, options: options)
        let plan = PlanBuilder(problem: p).plan(solution)
        return (solution, PlanValidator(triage: p.triage, engineers: p.engineers, travel: p.travel).violations(of: plan))
    }

    @Test("On tiny mornings GLPK's plan has the brute-force optimum, and says how it was found", arguments: Array(UInt64(1)...UInt64(8)))
    func reachesOptimum(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        let (solution, violations) = run(p, planner)
        #expect(violations.isEmpty, "\(violations)")
        #expect(solution.report.name == "glpk")
        #expect(solution.report.fallbackReason == nil)
        #expect(solution.report.objective == bruteForceOptimum(p))
        #expect(solution.report.bound != nil)
    }

    @Test("The assignment LP's bound, as GLPK computes it, is at most the brute-force optimum", arguments: Array(UInt64(1)...UInt64(8)))
    func boundBelowOptimum(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        // The raw bound, not the plan's (which is capped at the plan's own cost).
        let bound = try #require(AssignmentBound.lowerBound(p, solver: GLPKSolver(timeLimit: 20), seconds: 20))
        #expect(bound <= Double(bruteForceOptimum(p)) + 1e-6, "seed \(seed)")
        #expect(bound > 0)
    }

    @Test("On random mornings both solvers' plans validate and the objective each reports is what its plan adds up to")
    func objectiveIsThePlans() async {
        await propertyCheck(count: 10, input: Gen.uint64(in: 1...1_000_000), Gen.int(in: 10...50), Gen.int(in: 2...6)) { seed, tickets, engineers in
            do {
                let instance = try generatedMorning(tickets: tickets, engineers: engineers, seed: seed)
                let at = time("2026-11-25T08:00:00+08:00")
                let triage = Shipped.triage.run(instance.tickets, at: at)
                let p = PlanningProblem(triage: triage, engineers: instance.engineers, travel: Travel(model: Shipped.policy.travel), at: at)
                for planner in [GreedyPlanner() as any Planner, self.planner] {
                    let (solution, violations) = run(p, planner, ruin: 300)
                    #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(3))")
                    let plan = PlanBuilder(problem: p).plan(solution)
                    #expect(objective(of: plan, problem: p) == solution.report.objective, "seed \(seed) \(solution.report.name)")
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("A time limit of a few milliseconds falls back to the greedy plan and says so")
    func tinyTimeLimit() throws {
        let instance = try generatedMorning(tickets: 40, engineers: 4, seed: 3)
        let at = time("2026-11-25T08:00:00+08:00")
        let p = PlanningProblem(triage: Shipped.triage.run(instance.tickets, at: at), engineers: instance.engineers,
                                travel: Travel(model: Shipped.policy.travel), at: at)
        var options = PlannerOptions()
        options.timeLimit = 0.002
        let solution = planner.solve(p, options: options)
        #expect(solution.report.name == "greedy")
        #expect(solution.report.fallbackReason?.contains("time limit") == true)
        let plan = PlanBuilder(problem: p).plan(solution)
        #expect(PlanValidator(triage: p.triage, engineers: p.engineers, travel: p.travel).violations(of: plan).isEmpty)
    }
}
