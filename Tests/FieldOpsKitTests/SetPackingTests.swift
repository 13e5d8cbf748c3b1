import Foundation
import Testing
@testable import FieldOpsGLPK
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("The route program's own branch and bound")
struct SetPackingTests {
    let solver = GLPKSolver(timeLimit: 20)

    /// A choice is a plan: at most one route per engineer, no visit twice, worth its routes.
    func checkValid(_ choice: SetPacking.Choice, _ columns: [RoutePool.Column], _ label: String) {
        let picked = choice.columns.map { columns[$0] }
        #expect(Set(picked.map(\.engineer)).count == picked.count, "\(label): an engineer twice")
        let visits = picked.flatMap(\.visits)
        #expect(Set(visits).count == visits.count, "\(label): a visit twice")
        #expect(picked.reduce(0) { $0 + $1.value } == choice.value, "\(label): the value")
    }

    @Test("On small programs it finds the best choice above the floor that brute force finds, or says there is none", arguments: 1...60)
    func matchesBruteForce(seed: Int) {
        let columns = RoutePrograms.random(seed: UInt64(seed), engineers: 4, perEngineer: 6, visits: 9)
        let best = RoutePrograms.optimum(columns, engineers: 4)
        for floor in [0, best - 1, best, best / 2] {
            let result = SetPacking(columns).solve(above: floor, steps: 1_000_000)
            #expect(result.complete, "seed \(seed)")
            if best > floor {
                let choice = result.choice
                #expect(choice?.value == best, "seed \(seed) floor \(floor): \(choice?.value ?? -1), brute force \(best)")
                if let choice { checkValid(choice, columns, "seed \(seed)") }
            } else {
                #expect(result.choice == nil, "seed \(seed) floor \(floor): a choice not above the floor")
            }
        }
    }

    @Test("On neighbourhood-sized programs it agrees with GLPK; stopped early it still answers only with valid choices above the floor", arguments: 1...6)
    func matchesGLPK(seed: Int) throws {
        let columns = RoutePrograms.random(seed: UInt64(100 + seed), engineers: 8, perEngineer: 40, visits: 40)
        let empty = Array(repeating: [Int](), count: 8)
        let glpk = try #require(try RouteSelection.solve(columns: columns, greedy: empty, solver: solver, seconds: 20))
        #expect(glpk.optimal)
        let optimum = glpk.columns.reduce(0) { $0 + $1.value }
        let result = SetPacking(columns).solve(above: 0, steps: 100_000_000)
        #expect(result.complete)
        #expect(result.choice?.value == optimum, "seed \(seed): \(result.choice?.value ?? -1), GLPK \(optimum)")
        if let choice = result.choice { checkValid(choice, columns, "seed \(seed)") }
        #expect(SetPacking(columns).solve(above: optimum, steps: 100_000_000).choice == nil, "seed \(seed): above the optimum")
        #expect(!SetPacking(columns).solve(above: 0, steps: 1).complete, "seed \(seed): one step settles nothing")
        // Few steps: complete only where the bound settles it at once (then the optimum).
        for steps in [20, 200, 2_000] {
            let short = SetPacking(columns).solve(above: optimum / 2, steps: steps)
            if short.complete { #expect(short.choice?.value == optimum, "seed \(seed), \(steps) steps") }
            if let choice = short.choice {
                #expect(choice.value > optimum / 2 && choice.value <= optimum)
                checkValid(choice, columns, "seed \(seed), \(steps) steps")
            }
        }
    }
}
