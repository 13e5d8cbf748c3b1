import Foundation
import Testing
@testable import FieldOpsGLPK
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("The dive in the route program's LP")
struct DiveTests {
    let solver = GLPKSolver(timeLimit: 20)

    @Test("A fixed column is in the next LP solution at its value, and the LP solved from the last basis is optimal over the rest")
    func fixingColumns() throws {
        let master = try #require(solver.makeMaster(rowUpper: [1, 1, 1]))
        // Rows: visits 0 and 1, one engineer (row 2). Column 0 serves visit 0 (worth 5),
        // column 1 visit 1 (worth 3), column 2 both (worth 7): the LP takes column 2.
        try master.add(columns: [(cost: -5, rows: [0, 2]), (cost: -3, rows: [1, 2]), (cost: -7, rows: [0, 1, 2])])
        let free = try #require(try master.solve(seconds: 5))
        #expect(abs(free.objective + 7) < 1e-9)
        try master.fix(columns: [1], at: 1)
        let fixed = try #require(try master.solve(seconds: 5))
        #expect(abs(fixed.objective + 3) < 1e-9, "\(fixed.objective)")
        #expect(master.primal().map { ($0 * 1e6).rounded() / 1e6 } == [0, 1, 0])
        #expect(throws: MIPError.self) { try master.fix(columns: [3], at: 1) }
    }

    @Test("On small programs the dive ends in a plan: one route an engineer, no visit twice, worth at most the optimum and at least its best route", arguments: 1...40)
    func diveIsAPlan(seed: Int) throws {
        let columns = RoutePrograms.random(seed: UInt64(seed), engineers: 4, perEngineer: 6, visits: 9)
        let best = RoutePrograms.optimum(columns, engineers: 4)
        guard best > 0 else { return }
        let dived = try #require(try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, solver: solver,
                                                         deadline: Date().addingTimeInterval(20)))
        #expect(Set(dived.map(\.engineer)).count == dived.count, "seed \(seed): an engineer twice")
        let visits = dived.flatMap(\.visits)
        #expect(Set(visits).count == visits.count, "seed \(seed): a visit twice")
        let value = dived.reduce(0) { $0 + $1.value }
        #expect(value <= best, "seed \(seed): \(value) above the optimum \(best)")
        #expect(value >= columns.map(\.value).max()!, "seed \(seed): \(value), below its best single route")
        #expect(dived.allSatisfy { $0.value > 0 }, "seed \(seed): a route worth nothing")
    }

    @Test("Where the LP's solution is whole at once, the dive is the optimum; over many programs it mostly is")
    func diveFindsOptima() throws {
        // Each engineer's routes over visits of its own: nothing conflicts but the
        // engineer's row, so the LP is whole and the dive takes each one's best route.
        let own = (0..<5).flatMap { e in
            (0..<4).map { k in RoutePool.Column(engineer: e, visits: [3 * e, 3 * e + k % 3], value: 100 * (e + 1) + 10 * k) }
                .map { RoutePool.Column(engineer: $0.engineer, visits: Array(Set($0.visits)).sorted(), value: $0.value) }
        }
        let dived = try #require(try RouteSelection.dive(columns: own, visits: 15, engineers: 5, solver: solver,
                                                         deadline: Date().addingTimeInterval(20)))
        #expect(dived.reduce(0) { $0 + $1.value } == RoutePrograms.optimum(own, engineers: 5))
        // On the random programs the dive finds the optimum on most: 36 of 40 (fixing
        // the route the LP takes least of instead finds 34, and on seed 18 less than the
        // best single route).
        var hits = 0
        for seed in 1...40 {
            let columns = RoutePrograms.random(seed: UInt64(seed), engineers: 4, perEngineer: 6, visits: 9)
            guard let dived = try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, solver: solver,
                                                      deadline: Date().addingTimeInterval(20)) else { continue }
            if dived.reduce(0, { $0 + $1.value }) == RoutePrograms.optimum(columns, engineers: 4) { hits += 1 }
        }
        #expect(hits >= 35, "the dive found the optimum on \(hits) of 40")
    }

    @Test("Given a plan to beat, it answers only with a better one, and stops once its LP cannot beat it", arguments: 1...20)
    func beatsOnlyAbove(seed: Int) throws {
        let columns = RoutePrograms.random(seed: UInt64(seed), engineers: 4, perEngineer: 6, visits: 9)
        let best = RoutePrograms.optimum(columns, engineers: 4)
        guard best > 0 else { return }
        let deadline = Date().addingTimeInterval(20)
        #expect(try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, above: best, solver: solver, deadline: deadline) == nil,
                "seed \(seed): a plan above the optimum \(best)")
        let free = try #require(try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, solver: solver, deadline: deadline))
        let value = free.reduce(0) { $0 + $1.value }
        // The same dive with a plan just below its own to beat ends in the same plan.
        let above = try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, above: value - 1, solver: solver, deadline: deadline)
        #expect(above?.reduce(0) { $0 + $1.value } == value, "seed \(seed)")
        #expect(try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, above: value, solver: solver, deadline: deadline) == nil,
                "seed \(seed): a plan not above the one to beat")
    }

    @Test("Out of time at once it answers with nothing, never with an invalid plan")
    func outOfTime() throws {
        let columns = RoutePrograms.random(seed: 9, engineers: 4, perEngineer: 6, visits: 9)
        #expect(try RouteSelection.dive(columns: columns, visits: 9, engineers: 4, solver: solver, deadline: Date()) == nil)
    }
}
