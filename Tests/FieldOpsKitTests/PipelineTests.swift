import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Planning pipeline")
struct PipelineTests {
    func request(tickets: [[String]], engineers: [[String]]) throws -> PlanningRequest {
        let ts = try tickets.enumerated().map { i, pairs in try ticket(["id=T\(i + 1)"] + pairs) }
        let es = try engineers.enumerated().map { i, pairs in try engineer(["id=E\(i + 1)"] + pairs) }
        return PlanningRequest(tickets: ts, engineers: es, triage: Shipped.triage, travel: Travel(model: Shipped.policy.travel),
                               at: time("2026-11-25T08:00:00+08:00"))
    }

    let repairs = [["reported_at=2026-11-25T06:00:00+08:00", "place=海淀区", "component=cpu"] + inWarranty,
                   ["reported_at=2026-11-25T06:00:00+08:00", "place=通州区,北京市", "component=raid"] + inWarranty]

    @Test("auto plans a small morning with GLPK, greedy with the greedy planner; both plans validate", arguments: [
        (SolverChoice.auto, "glpk"), (.glpk, "glpk"), (.greedy, "greedy"),
    ])
    func solverChoice(choice: SolverChoice, name: String) throws {
        let r = try request(tickets: repairs, engineers: [["base=北京市", "skills=server;storage"]])
        var options = PlanningOptions()
        options.solver = choice
        let outcome = try PlanningPipeline.plan(r, options: options)
        #expect(outcome.plan.solver.name == name)
        #expect(outcome.plan.summary.onTime == 2)
        #expect(PlanValidator(triage: outcome.triage, engineers: r.engineers, travel: r.travel).violations(of: outcome.plan).isEmpty)
    }

    @Test("More distinct skills than a problem tells apart is an input error, not a plan that ignores some")
    func tooManySkills() throws {
        let skills = (0...PlanningProblem.maxSkills).map { "s\($0)" }
        let tickets = skills.map { ["reported_at=2026-11-25T06:00:00+08:00", "place=海淀区", "component=cpu", "skills=\($0)"] + inWarranty }
        let r = try request(tickets: tickets, engineers: [["base=北京市", "skills=server;" + skills.joined(separator: ";")]])
        let error = inputError { _ = try PlanningPipeline.plan(r, options: PlanningOptions()) }
        #expect(error?.field == "skills")
        #expect(error?.message.contains("at most \(PlanningProblem.maxSkills)") == true)
    }

    @Test("A skill no engineer has leaves its visit to no one, whatever other skills there are")
    func unheldSkill() throws {
        let r = try request(tickets: [["reported_at=2026-11-25T06:00:00+08:00", "place=海淀区", "component=cpu", "skills=quantum"] + inWarranty],
                            engineers: [["base=北京市", "skills=server;storage"]])
        var options = PlanningOptions()
        options.solver = .greedy
        let outcome = try PlanningPipeline.plan(r, options: options)
        #expect(outcome.problem.candidates[0].isEmpty)
        #expect(outcome.plan.unassigned.first?.reason.contains("no engineer has skill quantum") == true)
    }

    @Test("check lists the engineers the planner considers: not one who is off today")
    func checkUsesCandidates() throws {
        let r = try request(tickets: repairs, engineers: [["base=北京市", "skills=server;storage", "off=2026-11-25"],
                                                          ["base=天津市", "skills=server;storage"]])
        let report = CheckReport(instance: Instance(tickets: r.tickets, engineers: r.engineers), triage: r.triage, travel: r.travel, at: r.at)
        for row in report.rows {
            #expect(row.candidates.map(\.engineer.id) == ["E2"])
            #expect(row.qualifiedCount == 2)
        }
    }

    @Test("check's JSON counts each rule once, whatever outcomes it decided")
    func checkJSONRuleKeysUnique() throws {
        let r = try request(tickets: [["reported_at=2026-11-25T07:00", "component=cpu", "place=喀什市"],
                                      ["reported_at=2026-11-25T07:00", "component=cpu", "place=喀什市", "deadline=2026-11-27T12:00"]],
                            engineers: [["base=乌鲁木齐市", "skills=server"]])
        let report = CheckReport(instance: Instance(tickets: r.tickets, engineers: r.engineers), triage: r.triage, travel: r.travel, at: r.at)
        #expect(Set(report.rows.map(\.triage.outcome)).count == 2)
        let json = report.json().rendered()
        let byRule = try #require(json.range(of: "\"by_rule\"").map { json[$0.upperBound...].prefix { $0 != "}" } })
        #expect(byRule.components(separatedBy: "\"D5\"").count == 2, "D5 appears once in by_rule: \(byRule)")
        #expect(report.byRule.map(\.rule) == ["D5"] && report.byRule.first?.count == 2)
    }

    @Test("check warns of a skill no engineer holds and an engineer's skill nothing needs")
    func skillWarnings() throws {
        let r = try request(tickets: [["reported_at=2026-11-25T07:00", "component=cpu", "place=成都", "skills=quantum"]],
                            engineers: [["base=成都", "skills=server;sever"]])
        let report = CheckReport(instance: Instance(tickets: r.tickets, engineers: r.engineers), triage: r.triage, travel: r.travel, at: r.at)
        #expect(report.warnings.contains { $0.message.contains("'quantum', which no engineer holds") })
        #expect(report.warnings.contains { $0.ticket == "E1" && $0.message.contains("'sever'") })
        #expect(report.json().rendered().contains("\"engineer\": \"E1\""), "engineer warnings name an engineer in JSON")
    }
}
