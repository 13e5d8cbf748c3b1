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

@Suite("Simulation: demand, scenarios, runs")
struct SimulationTests {
    let engineers = try! EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).read(path: fixture("simulate/engineers.csv"))
    let log = try! TicketReader(gazetteer: Shipped.gazetteer).read(path: fixture("simulate/tickets.csv"))
    let first = Day(year: 2026, month: 11, day: 30)!

    func simulator(days: Int, runs: Int = 1, steps: Int = 300) -> Simulator {
        var settings = SimulationSettings(first: first, days: days, runs: runs, seed: 5)
        settings.searchSteps = steps
        return Simulator(triage: Shipped.triage, travel: Travel(model: Shipped.policy.travel), settings: settings)
    }

    @Test("One engineer cannot keep every promise; a second one nearby keeps more")
    func secondEngineerHelps() throws {
        let scenario = try Scenario.load(path: fixture("simulate/add-nearby.yaml"), engineers: engineers,
                                         gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        let results = simulator(days: 2).compare(arrivals: [log], base: engineers, scenarios: [.base, scenario])
        let rates = results.map { SimulationReport.metrics($0.runs).first { $0.key == "on_time_rate" }!.mean! }
        #expect(rates[0] < 1, "twelve two-hour repairs due within 8 hours cannot all be on time with one engineer")
        #expect(rates[1] > rates[0])
        let base = results[0].runs[0], more = results[1].runs[0]
        #expect(base.dueByTier[.metro] == 12 && more.dueByTier[.metro] == 12)
        #expect(more.served >= base.served)
        #expect(base.daily.map(\.day) == [first, first.adding(days: 1)])
    }

    @Test("The same seed gives the same result, run for run")
    func deterministic() throws {
        let profile = try DemandProfile.load(path: repoRoot + "/data/demand/sample.yaml", gazetteer: Shipped.gazetteer)
        let reader = TicketReader(gazetteer: Shipped.gazetteer)
        let a = try profile.arrivals(from: first, days: 2, seed: 9, reader: reader)
        let b = try profile.arrivals(from: first, days: 2, seed: 9, reader: reader)
        let c = try profile.arrivals(from: first, days: 2, seed: 10, reader: reader)
        #expect(a.map(\.id) == b.map(\.id) && a.map(\.reportedAt) == b.map(\.reportedAt) && a.map(\.placeName) == b.map(\.placeName))
        #expect(a.map(\.reportedAt) != c.map(\.reportedAt))
        let staff = try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).read(path: repoRoot + "/data/sample/engineers.csv")
        let sim = simulator(days: 2, runs: 2, steps: 100)
        let one = sim.compare(arrivals: [a, c], base: staff, scenarios: [.base])
        let two = sim.compare(arrivals: [a, c], base: staff, scenarios: [.base])
        #expect(one[0].runs == two[0].runs)
        #expect(one[0].runs[0] != one[0].runs[1])
    }

    @Test("Arrivals follow the profile: about tickets_per_day a day, every one readable and triaged")
    func arrivals() throws {
        let profile = try DemandProfile.load(path: repoRoot + "/data/demand/sample.yaml", gazetteer: Shipped.gazetteer)
        let tickets = try profile.arrivals(from: first, days: 14, seed: 1, reader: TicketReader(gazetteer: Shipped.gazetteer))
        #expect((300...540).contains(tickets.count), "\(tickets.count) tickets in 14 days at 30 a day")
        #expect(Set(tickets.map(\.id)).count == tickets.count)
        let start = first.start, end = first.adding(days: 14).start
        #expect(tickets.allSatisfy { t in t.reportedAt.map { $0 >= start && $0 < end } ?? false })
        let results = Shipped.triage.run(tickets, at: end)
        #expect(results.filter { $0.outcome.needsVisit }.count > tickets.count / 3)
        #expect(results.contains { $0.outcome == .installation })
    }

    @Test("A scenario adds, removes, moves and re-shifts engineers and changes their days and skills")
    func scenarioChanges() throws {
        let text = """
            name: many
            changes:
              - add: {id: E2, base: 上海市, skills: [server]}
              - move: {engineer: E1, base: 成都市}
              - shift: {engineer: E1, start: "20:00", end: "08:00"}
              - days: {engineer: E1, work: [weekends]}
              - skills: {engineer: E1, add: [gpu], remove: [storage]}
              - remove: E2
            """
        let path = NSTemporaryDirectory() + "scenario-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try Scenario.load(path: path, engineers: engineers, gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        #expect(scenario.name == "many")
        let week = (0..<7).map { first.adding(days: $0) }   // 2026-11-30 is a Monday
        let staff = scenario.apply(to: engineers, days: week)
        #expect(staff.map(\.id) == ["E1"])
        let e = staff[0]
        #expect(e.base?.name == "成都市")
        #expect(e.shiftStart.description == "20:00" && e.shiftEnd.description == "08:00")
        #expect(e.off == Array(week.prefix(5)))
        #expect(e.skills == ["server", "gpu"])
    }

    @Test("A scenario naming an unknown engineer or place is one clear error with file, line and key")
    func scenarioErrors() {
        #expect(throws: InputError(file: fixture("simulate/unknown-engineer.yaml"), line: 4, field: "changes[1].move.engineer",
                                   "no engineer 'E9' in the base staffing or added before this change")) {
            try Scenario.load(path: fixture("simulate/unknown-engineer.yaml"), engineers: engineers, gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        }
        do {
            _ = try Scenario.load(path: fixture("simulate/unknown-place.yaml"), engineers: engineers, gazetteer: Shipped.gazetteer, policy: Shipped.policy)
            Issue.record("an unknown place was accepted")
        } catch {
            #expect(error.line == 2 && error.field == "changes[0].add.base")
            #expect(error.message.contains("unknown place '亚特兰蒂斯'"))
        }
    }

    @Test("The interval is Student's t over the runs; one run has none")
    func interval() {
        let m = SimulationMetric(key: "x", label: "x", digits: 1, isRate: false, values: [1, 2, 3, nil])
        #expect(m.mean == 2)
        #expect(abs(m.halfWidth! - 4.303 * (1.0 / 3).squareRoot()) < 1e-9)
        #expect(SimulationMetric(key: "x", label: "x", digits: 1, isRate: false, values: [4]).halfWidth == nil)
    }
}
