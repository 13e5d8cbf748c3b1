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

@Suite("The HTML plan report")
struct PlanReportTests {
    let at = Timestamp.parse("2026-11-25T08:00:00+08:00")!

    func plan(_ tickets: [Ticket], _ engineers: [Engineer]) -> Plan {
        let triage = Shipped.triage.run(tickets, at: at)
        let problem = PlanningProblem(triage: triage, engineers: engineers, travel: Travel(model: Shipped.policy.travel), at: at)
        var options = PlannerOptions()
        options.ruinIterations = 200
        return PlanBuilder(problem: problem).plan(GreedyPlanner().solve(problem, options: options))
    }

    @Test("The page draws every route, visit, engineer and unplaced ticket, and carries the self-check's expectations")
    func content() throws {
        let instance = try Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                         gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        let p = plan(instance.tickets, instance.engineers)
        let html = PlanReport(plan: p, tickets: instance.tickets, engineers: instance.engineers, gazetteer: Shipped.gazetteer).html()
        func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
        let stops = p.routes.reduce(0) { $0 + $1.stops.count }
        #expect(count("<polyline class=\"route\"") == p.routes.count)
        #expect(count("<circle class=\"stop ") == stops)
        #expect(count("<rect class=\"work ") == stops)
        #expect(count("<g class=\"row\">") == instance.engineers.count)
        #expect(count("<g class=\"unassigned\"") == p.unassigned.count)
        #expect(count("<circle class=\"place\"") > 3_000)
        #expect(count("<rect class=\"work late\"") == p.summary.late)
        #expect(html.contains("\"routes\": \(p.routes.count), \"stops\": \(stops), \"engineers\": 30"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org") },
                "nothing is fetched from the network")
        for u in p.unassigned { #expect(html.contains("<td>\(u.ticket)</td>")) }
        // Every ticket's own columns ride along: the customer and phone of each visit and
        // unplaced ticket, in its details.
        let byID = Dictionary(uniqueKeysWithValues: instance.tickets.map { ($0.id, $0) })
        for id in p.routes.flatMap({ $0.stops.map(\.ticket) }) + p.unassigned.map(\.ticket) {
            let x = try #require(byID[id]?.extras)
            if let phone = x["phone"], let customer = x["customer"] {
                #expect(html.contains("customer \(customer) · contact \(x["contact"] ?? "") · phone \(phone)"), "\(id)")
            }
        }
    }

    @Test("What a ticket says is escaped: a place or a reason can never inject markup")
    func escaping() throws {
        let t = try ticket(["id=<img src=x onerror=alert(1)>", "place=东城区", "reported_at=2026-11-25T07:00:00+08:00", "component=mainboard",
                            "invoice_date=2025-06-01", "factory_date=2025-05-20", "delivery_date=2025-06-03"])
        let engineers = try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).read(path: fixture("simulate/engineers.csv"))
        let p = plan([t], engineers)
        let html = PlanReport(plan: p, tickets: [t], engineers: engineers, gazetteer: Shipped.gazetteer).html()
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }
}
