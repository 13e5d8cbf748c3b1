import Foundation
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// The repository's root, found from this file, so tests read the shipped data.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Shipped data, loaded once.
enum Shipped {
    static let gazetteer: Gazetteer = {
        do { return try Gazetteer.load(path: repoRoot + "/data/cn-places.csv") } catch { fatalError("\(error)") }
    }()

    static let policy: Policy = {
        do { return try Policy.load(path: repoRoot + "/data/policy.yaml") } catch { fatalError("\(error)") }
    }()

    static var triage: Triage { Triage(policy: policy, gazetteer: gazetteer) }
}

/// Fixture files of this test target.
func fixture(_ name: String) -> String {
    Bundle.module.resourcePath! + "/Fixtures/" + name
}

/// A ticket from `column=value` pairs, as if read from line 2 of tickets.csv.
func ticket(_ pairs: [String]) throws -> Ticket {
    let record = Record(location: SourceLocation(file: "tickets.csv", line: 2), cells: cells(["id=T1"] + pairs))
    return try TicketReader(gazetteer: Shipped.gazetteer).ticket(from: record)
}

/// Cells from `column=value` pairs; later pairs win.
func cells(_ pairs: [String]) -> [String: String] {
    var cells: [String: String] = [:]
    for pair in pairs {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        cells[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return cells
}

/// An engineer from `column=value` pairs.
func engineer(_ pairs: [String]) throws -> Engineer {
    let record = Record(location: SourceLocation(file: "engineers.csv", line: 2), cells: cells(["id=E1", "skills=server"] + pairs))
    return try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).engineer(from: record)
}

/// Triage of one ticket at the sample morning.
func triage(_ pairs: [String], at: String = "2026-11-25T08:00:00+08:00", agreedDefaultHours: Double? = nil) throws -> TriageResult {
    var triage = Shipped.triage
    triage.agreedDefaultHours = agreedDefaultHours
    return triage.triage(try ticket(pairs), at: Timestamp.parse(at)!)
}

/// A repair reported at the sample morning, in warranty, with these fields on top.
func repair(_ pairs: String...) throws -> TriageResult {
    try triage(["reported_at=2026-11-25T08:00:00+08:00", "component=cpu"] + inWarranty + pairs)
}

/// The error a throwing body raised, as an `InputError`.
func inputError(_ body: () throws -> Void) -> InputError? {
    do {
        try body()
        return nil
    } catch let error as InputError {
        return error
    } catch {
        return nil
    }
}

func time(_ text: String) -> Date { Timestamp.parse(text)! }

/// A recent in-warranty machine, so repair tests are about the rule they name.
let inWarranty = ["invoice_date=2025-06-01", "factory_date=2025-05-20"]

/// A plan's cost under `Objective`, recomputed from the plan as written (its stops'
/// lateness and its routes' travel minutes), not from the solver's own bookkeeping:
/// every visit's full value, less what each stop served gives, plus travel.
func objective(of plan: Plan, problem p: PlanningProblem) -> Int {
    let visitOf = Dictionary(uniqueKeysWithValues: p.visits.enumerated().map { ($1.id, $0) })
    var cost = p.visits.reduce(0) { $0 + p.objective.fullValue($1) }
    for route in plan.routes {
        cost += Objective.travelPerMinute * route.travelMinutes
        for stop in route.stops {
            guard let v = visitOf[stop.ticket] else { continue }
            cost -= p.objective.value(p.visits[v], lateMinutes: stop.lateMinutes)
        }
    }
    return cost
}

/// Small route programs for the route program's solvers (`SetPacking`, the dive).
enum RoutePrograms {
    /// Random routes: `engineers` engineers with up to `perEngineer` routes each over
    /// `visits` visits, values mostly positive (some not: an empty route beats them).
    static func random(seed: UInt64, engineers: Int, perEngineer: Int, visits: Int) -> [RoutePool.Column] {
        var rng = SplitMix64(seed: seed)
        var columns: [RoutePool.Column] = []
        for e in 0..<engineers {
            for _ in 0..<Int.random(in: 0...perEngineer, using: &rng) {
                let stops = Array(Set((0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 0..<visits, using: &rng) })).sorted()
                // Values in two scales, as the objective's: a must-today visit on time far
                // above travel.
                let value = Int.random(in: -50...400, using: &rng) + (Int.random(in: 0..<3, using: &rng) == 0 ? 1_000 : 0)
                columns.append(RoutePool.Column(engineer: e, visits: stops, value: value))
            }
        }
        return columns
    }

    /// The best choice by brute force: each engineer (0 ..< `engineers`) one of its
    /// routes or none, no visit twice; its value.
    static func optimum(_ columns: [RoutePool.Column], engineers: Int) -> Int {
        var best = 0
        func walk(_ e: Int, _ used: Set<Int>, _ value: Int) {
            guard e < engineers else { best = max(best, value); return }
            walk(e + 1, used, value)
            for c in columns where c.engineer == e && used.isDisjoint(with: c.visits) {
                walk(e + 1, used.union(c.visits), value + c.value)
            }
        }
        walk(0, [], 0)
        return best
    }
}
