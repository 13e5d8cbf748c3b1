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

/// A generated morning, read through the same readers as files.
func generatedMorning(tickets: Int, engineers: Int, seed: UInt64) throws -> Instance {
    let files = InstanceGenerator(gazetteer: Shipped.gazetteer, at: time("2026-11-25T08:00:00+08:00"))
        .generate(tickets: tickets, engineers: engineers, seed: seed)
    let t = try CSVTable.parse(files.tickets, file: "tickets.csv")
    let e = try CSVTable.parse(files.engineers, file: "engineers.csv")
    return Instance(tickets: try TicketReader(gazetteer: Shipped.gazetteer).tickets(from: t.records),
                    engineers: try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).engineers(from: e.records))
}

/// Plans `instance` at `at` (re-planning from `previous` if given) and validates the plan.
func plan(_ instance: Instance, at: Date, previous: Plan? = nil, seed: UInt64 = 1) throws -> (Plan, [String], [TriageResult]) {
    let triage = Shipped.triage.run(instance.tickets, at: at)
    let locked = try previous.map { try Replan.locked(previous: $0, file: "previous.json", at: at, tickets: instance.tickets, engineers: instance.engineers, model: Shipped.policy.travel) } ?? [:]
    let p = PlanningProblem(triage: triage, engineers: instance.engineers, travel: Travel(model: Shipped.policy.travel), at: at, locked: locked)
    var options = PlannerOptions()
    options.seed = seed
    options.ruinIterations = 300
    let result = PlanBuilder(problem: p).plan(GreedyPlanner().solve(p, options: options))
    return (result, PlanValidator(triage: triage, engineers: instance.engineers, travel: p.travel).violations(of: result), triage)
}

@Suite("Plans on random mornings")
struct PlanPropertyTests {
    @Test("Every plan validates: random mornings, sizes, seeds and planning times")
    func everyPlanValidates() async {
        await propertyCheck(count: 24, input: Gen.uint64(in: 1...1_000_000), Gen.int(in: 5...80), Gen.int(in: 1...12), Gen.int(in: 0...16)) { seed, tickets, engineers, hour in
            do {
                let instance = try generatedMorning(tickets: tickets, engineers: engineers, seed: seed)
                let at = time("2026-11-25T00:00:00+08:00").addingTimeInterval(Double(hour * 3600 + 6 * 3600))
                let (result, violations, _) = try plan(instance, at: at, seed: seed)
                #expect(violations.isEmpty, "seed \(seed), \(tickets)×\(engineers) at \(Timestamp.format(at)): \(violations.prefix(5))")
                #expect(result.summary.tickets == tickets)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("Re-planning keeps started visits as they were and the new plan validates")
    func replanKeepsStartedVisits() async {
        await propertyCheck(count: 12, input: Gen.uint64(in: 1...1_000_000), Gen.int(in: 9...17)) { seed, hour in
            do {
                let instance = try generatedMorning(tickets: 60, engineers: 8, seed: seed)
                let (morning, v1, _) = try plan(instance, at: time("2026-11-25T08:00:00+08:00"), seed: seed)
                #expect(v1.isEmpty, "\(v1.prefix(3))")
                let at = time("2026-11-25T00:00:00+08:00").addingTimeInterval(Double(hour * 3600))
                let (later, v2, _) = try plan(instance, at: at, previous: morning, seed: seed)
                #expect(v2.isEmpty, "seed \(seed) at \(hour):00: \(v2.prefix(5))")
                for route in morning.routes {
                    let started = route.stops.filter { $0.start <= at }
                    guard !started.isEmpty else { continue }
                    let now = try #require(later.routes.first { $0.engineer == route.engineer })
                    #expect(Array(now.stops.prefix(started.count)).map(\.ticket) == started.map(\.ticket))
                    #expect(Array(now.stops.prefix(started.count)).map(\.start) == started.map(\.start))
                    #expect(now.start == route.start)
                    // Nothing new starts before the re-plan.
                    #expect(now.stops.dropFirst(started.count).allSatisfy { $0.arrive >= at.addingTimeInterval(-60) })
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}

@Suite("Re-planning")
struct ReplanTests {
    let sample: Instance = try! Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                             gazetteer: Shipped.gazetteer, policy: Shipped.policy)

    @Test("An 8-hour ticket that arrives at 11:00 is served by re-planning")
    func lateArrivalServed() throws {
        let (morning, _, _) = try plan(sample, at: time("2026-11-25T08:00:00+08:00"))
        var afternoon = sample
        afternoon.tickets.append(try ticket(["id=NEW1", "reported_at=2026-11-25T11:00", "place=西城区", "component=memory", "priority=5"] + inWarranty))
        let (later, violations, _) = try plan(afternoon, at: time("2026-11-25T11:00:00+08:00"), previous: morning)
        #expect(violations.isEmpty, "\(violations.prefix(5))")
        let stop = try #require(later.routes.flatMap(\.stops).first { $0.ticket == "NEW1" })
        #expect(stop.lateMinutes == 0)
        #expect(stop.arrive <= time("2026-11-25T19:00:00+08:00"))
    }

    @Test("A previous plan for another day, or made after --at, is refused with the file and field")
    func wrongDay() throws {
        let (morning, _, _) = try plan(sample, at: time("2026-11-25T08:00:00+08:00"))
        let other = inputError { _ = try Replan.locked(previous: morning, file: "p.json", at: time("2026-11-26T09:00:00+08:00"), tickets: sample.tickets, engineers: sample.engineers) }
        #expect(other?.description.hasPrefix("p.json: field 'planned_at': the previous plan is for 2026-11-25") == true)
        let before = inputError { _ = try Replan.locked(previous: morning, file: "p.json", at: time("2026-11-25T07:00:00+08:00"), tickets: sample.tickets, engineers: sample.engineers) }
        #expect(before?.field == "planned_at")
    }

    @Test("A started ticket missing from the tickets file, or an unknown engineer, is refused")
    func missingPieces() throws {
        let (morning, _, _) = try plan(sample, at: time("2026-11-25T08:00:00+08:00"))
        let first = try #require(morning.routes.first?.stops.first)
        var fewer = sample.tickets
        fewer.removeAll { $0.id == first.ticket }
        let e = inputError { _ = try Replan.locked(previous: morning, file: "p.json", at: time("2026-11-25T12:00:00+08:00"), tickets: fewer, engineers: sample.engineers) }
        #expect(e?.field == "routes[0].stops[0].ticket")
        let engineers = sample.engineers.filter { $0.id != morning.routes[0].engineer }
        let e2 = inputError { _ = try Replan.locked(previous: morning, file: "p.json", at: time("2026-11-25T12:00:00+08:00"), tickets: sample.tickets, engineers: engineers) }
        #expect(e2?.field == "routes[0].engineer")
    }
}

@Suite("Validator")
struct ValidatorTests {
    let sample: Instance = try! Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                             gazetteer: Shipped.gazetteer, policy: Shipped.policy)

    func violations(_ change: (inout Plan) -> Void) throws -> [String] {
        let at = time("2026-11-25T08:00:00+08:00")
        var (p, ok, triage) = try plan(sample, at: at)
        #expect(ok.isEmpty)
        change(&p)
        return PlanValidator(triage: triage, engineers: sample.engineers, travel: Travel(model: Shipped.policy.travel)).violations(of: p)
    }

    @Test("A stop that arrives sooner than travel allows is caught")
    func earlyArrival() throws {
        let v = try violations { $0.routes[0].stops[1].arrive.addTimeInterval(-600) }
        #expect(v.contains { $0.contains("cannot arrive before") })
    }

    @Test("Dishonest lateness is caught")
    func dishonestLateness() throws {
        let v = try violations { plan in
            for r in plan.routes.indices {
                if let s = plan.routes[r].stops.firstIndex(where: { $0.lateMinutes > 0 }) {
                    plan.routes[r].stops[s].lateMinutes = 0
                    return
                }
            }
        }
        #expect(v.contains { $0.contains("late_minutes 0") })
    }

    @Test("A ticket dropped or listed twice is caught")
    func onceEach() throws {
        #expect(try violations { $0.triage.removeFirst() }.contains { $0.contains("is missing from the plan") })
        #expect(try violations { $0.deferred.append($0.deferred[0]) }.contains { $0.contains("appears again") })
    }

    @Test("A visit given to an engineer without the skill is caught")
    func skills() throws {
        let v = try violations { plan in
            let gpuRoute = plan.routes.firstIndex { $0.engineer == "E01" }!
            let other = plan.routes.firstIndex { r in !sample.engineers.first { $0.id == r.engineer }!.skills.contains("gpu") }!
            plan.routes[other].stops.append(plan.routes[gpuRoute].stops.removeFirst())
        }
        #expect(v.contains { $0.contains("lacks skill gpu") })
    }

    @Test("Summary figures that do not add up are caught")
    func summary() throws {
        #expect(try violations { $0.summary.planned += 1 }.contains { $0.hasPrefix("summary.planned") })
        #expect(try violations { $0.summary.travelMinutes -= 5 }.contains { $0.hasPrefix("summary.travel_minutes") })
        #expect(try violations { $0.routes[0].travelKm += 3 }.contains { $0.contains("travel_km") })
    }
}
