import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsSupport

@Suite("Generated mornings")
struct GeneratorTests {
    let generator = InstanceGenerator(gazetteer: Shipped.gazetteer, at: time("2026-11-25T08:00:00+08:00"))

    @Test("The same seed gives the same files; the national region is the default")
    func deterministic() {
        let a = generator.generate(tickets: 60, engineers: 8, seed: 9)
        #expect(a == generator.generate(tickets: 60, engineers: 8, seed: 9, region: .national))
        #expect(a != generator.generate(tickets: 60, engineers: 8, seed: 10))
    }

    @Test("A far-west morning: every site west of 105° E in the western provinces, engineers in the western capitals, agreed deadlines 72–120 h")
    func west() throws {
        let files = generator.generate(tickets: 120, engineers: 14, seed: 3, region: .west)
        let instance = try Instance.parse(tickets: files.tickets, engineers: files.engineers, name: "west",
                                          gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        #expect(instance.tickets.count == 120 && instance.engineers.count == 14)
        for ticket in instance.tickets {
            let place = try #require(ticket.place)
            #expect(InstanceGenerator.westProvinces.contains(place.province) && ticket.coordinate.lon < 105, "\(place.label)")
            if let deadline = ticket.deadline, let reported = ticket.reportedAt {
                let hours = deadline.timeIntervalSince(time("2026-11-25T08:00:00+08:00")) / 3600
                #expect((72...120).contains(hours), "\(ticket.id) due in \(hours) h, reported \(Timestamp.format(reported))")
            }
        }
        #expect(instance.tickets.filter { ["新疆维吾尔自治区", "西藏自治区"].contains($0.place?.province ?? "") }.count > 30)
        for engineer in instance.engineers { #expect(InstanceGenerator.westBases.contains(engineer.base?.name ?? ""), "\(engineer.id)") }
    }
}
