import Foundation
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("GLPK adapter")
struct GLPKSolverTests {
    let solver = GLPKSolver(timeLimit: 10)

    /// A 0/1 knapsack as a minimisation: -value, one weight row.
    func knapsack(values: [Double], weights: [Double], capacity: Double) -> MIPModel {
        var m = MIPModel()
        m.variables = values.map { MIPModel.Variable(cost: -$0) }
        m.rows = [MIPModel.Row(terms: weights.enumerated().map { ($0.offset, $0.element) }, upper: capacity)]
        return m
    }

    @Test("GLPK finds the knapsack optimum that brute force finds", arguments: [UInt64(1), 2, 3, 4, 5])
    func knapsackOptimum(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let values = (0..<10).map { _ in Double(rng.next() % 50 + 1) }
        let weights = (0..<10).map { _ in Double(rng.next() % 30 + 1) }
        let capacity = weights.reduce(0, +) / 2
        var best = 0.0
        for mask in 0..<(1 << 10) {
            var v = 0.0, w = 0.0
            for i in 0..<10 where mask & (1 << i) != 0 { v += values[i]; w += weights[i] }
            if w <= capacity { best = max(best, v) }
        }
        let result = try solver.solve(knapsack(values: values, weights: weights, capacity: capacity))
        #expect(result.status == .optimal)
        #expect(abs((result.objective ?? 0) + best) < 1e-6)
        #expect((result.gap ?? 1) < 1e-9)
        let x = try #require(result.values)
        #expect(zip(x, weights).reduce(0) { $0 + $1.0 * $1.1 } <= capacity + 1e-9)
    }

    @Test("A node limit stops branch and bound with the same answer every time, and says so")
    func nodeLimit() throws {
        // A strongly correlated knapsack (value = weight + 100): hard for branch and bound.
        var rng = SplitMix64(seed: 11)
        let weights = (0..<30).map { _ in Double(rng.next() % 1_000 + 1) }
        let model = knapsack(values: weights.map { $0 + 100 }, weights: weights, capacity: weights.reduce(0, +) / 2)
        let limited = GLPKSolver(timeLimit: 10, nodeLimit: 3)
        let first = try limited.solve(model), second = try limited.solve(model)
        #expect(first.stoppedAtNodeLimit && first.status != .optimal)
        #expect(first.values == second.values && first.objective == second.objective)
        let full = try solver.solve(model)
        #expect(full.status == .optimal && !full.stoppedAtNodeLimit)
        if let limitedObjective = first.objective { #expect(full.objective! <= limitedObjective + 1e-9) }
    }

    @Test("An infeasible program says so")
    func infeasible() throws {
        var m = MIPModel()
        m.variables = [MIPModel.Variable(cost: 1)]
        m.rows = [MIPModel.Row(terms: [(0, 1)], lower: 2)]
        #expect(try solver.solve(m).status == .infeasible)
    }

    @Test("Models GLPK would abort on never reach it", arguments: [
        ("nan cost", "cost of nan"), ("index out of range", "out of range"), ("duplicate", "twice"), ("empty", "no variables"),
        ("infinite coefficient", "coefficient of inf"), ("bounds", "bounds"),
    ])
    func refused(kind: String, expected: String) {
        var m = knapsack(values: [1, 2], weights: [1, 1], capacity: 1)
        switch kind {
        case "nan cost": m.variables[0].cost = .nan
        case "index out of range": m.rows[0].terms.append((7, 1))
        case "duplicate": m.rows[0].terms.append((0, 1))
        case "empty": m = MIPModel()
        case "infinite coefficient": m.rows[0].terms[0].1 = .infinity
        default: m.variables[1].lower = 2
        }
        do {
            _ = try solver.solve(m)
            Issue.record("\(kind) reached GLPK")
        } catch {
            #expect(error.description.contains("not given to GLPK"))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("GLPK's own error handler is caught, not fatal, and the next solve works")
    func errorHandlerCaught() throws {
        var bad = knapsack(values: [1, 2], weights: [1, 1], capacity: 1)
        bad.rows[0].terms.append((0, 1))   // GLPK: duplicate indices in glp_load_matrix
        do {
            _ = try solver.solveChecked(bad)
            Issue.record("GLPK accepted a duplicate index")
        } catch {
            #expect(error.description.hasPrefix("GLPK failed"), "\(error.description)")
        }
        let good = try solver.solve(knapsack(values: [3, 2], weights: [1, 1], capacity: 1))
        #expect(abs((good.objective ?? 0) + 3) < 1e-9)
    }

    @Test("An incumbent is accepted, and a bound is reported")
    func incumbentAndBound() throws {
        var m = knapsack(values: [10, 9, 8, 7], weights: [5, 4, 3, 2], capacity: 7)
        m.incumbent = [0, 0, 1, 1]
        let result = try solver.solve(m)
        #expect(abs((result.objective ?? 0) + 17) < 1e-9)
        #expect(result.bound != nil)
    }
}
