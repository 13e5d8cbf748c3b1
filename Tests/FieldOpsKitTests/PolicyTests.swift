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

@Suite("Policy as data")
struct PolicyTests {
    let shipped = try! String(contentsOfFile: repoRoot + "/data/policy.yaml", encoding: .utf8)

    @Test("The shipped policy names every rule with its id")
    func shippedPolicy() {
        let p = Shipped.policy
        #expect(p.tiers[.metro]?.hours == 8 && p.tiers[.metro]?.rule == "D1")
        #expect(p.tiers[.capital]?.hours == 24 && p.tiers[.capital]?.rule == "D2")
        #expect(p.tiers[.city]?.hours == 36 && p.tiers[.city]?.rule == "D3")
        #expect(p.tiers[.town]?.hours == 72 && p.tiers[.town]?.rule == "D4")
        #expect(p.tiers[.agreed]?.agreed == true && p.tiers[.agreed]?.rule == "D5")
        #expect(p.components.count == Component.allCases.count)
        #expect(p.warranty.producedOnOrAfter == Day(iso: "2017-08-01"))
        #expect(p.installation.rule == "M5" && p.inspection.rule == "M6")
        #expect(p.shiftStart == ClockTime("08:00") && p.shiftEnd == ClockTime("20:00"))
        #expect(p.travel == TravelModel())
        #expect(p.exclusions.count == 9)
    }

    /// The shipped policy with one line replaced.
    func broken(_ old: String, _ new: String) -> InputError? {
        precondition(shipped.contains(old), old)
        return inputError { _ = try Policy.parse(shipped.replacingOccurrences(of: old, with: new), file: "policy.yaml") }
    }

    /// The shipped policy without the line that starts with `prefix`.
    func withoutLine(_ prefix: String) -> InputError? {
        let lines = shipped.components(separatedBy: "\n")
        precondition(lines.contains { $0.hasPrefix(prefix) }, prefix)
        let text = lines.filter { !$0.hasPrefix(prefix) }.joined(separator: "\n")
        return inputError { _ = try Policy.parse(text, file: "policy.yaml") }
    }

    @Test("An unknown component fails with the file, the line and the key")
    func unknownComponent() throws {
        let e = try #require(broken("  mouse:         { rule: M7", "  trackball:     { rule: M7"))
        #expect(e.file == "policy.yaml")
        #expect(e.field == "components.trackball")
        #expect(e.line != nil)
        #expect(e.message.contains("unknown component"))
    }

    @Test("Trips may go by rail or air through the night only when the policy says so")
    func overnightLongHaul() throws {
        #expect(Shipped.policy.trips.overnightLongHaul == false)
        let on = try Policy.parse(shipped.replacingOccurrences(of: "overnight_long_haul: false", with: "overnight_long_haul: true"), file: "policy.yaml")
        #expect(on.trips.overnightLongHaul)
        let e = try #require(broken("overnight_long_haul: false", "overnight_long_haul: sometimes"))
        #expect(e.field == "trips.overnight_long_haul")
        #expect(e.message.contains("expected true or false"))
    }

    @Test("A booked window binds the start of the work unless the policy says the work ends inside it too")
    func bookedWindow() throws {
        #expect(Shipped.policy.bookedWindow == .start)
        let finish = try Policy.parse(shipped.replacingOccurrences(of: "booked_window: start", with: "booked_window: finish"), file: "policy.yaml")
        #expect(finish.bookedWindow == .finish)
        let e = try #require(broken("booked_window: start", "booked_window: arrive"))
        #expect(e.field == "booked_window" && e.line != nil)
        #expect(e.message.contains("start") && e.message.contains("finish") && e.message.contains("'arrive'"))
    }

    @Test("Negative hours fail with the key")
    func negativeHours() throws {
        let e = try #require(broken("metro:   { rule: D1, hours: 8 }", "metro:   { rule: D1, hours: -8 }"))
        #expect(e.field == "tiers.metro.hours")
        #expect(e.message.contains("-8 is out of range: a number of hours must lie in 0.01…8760"))
        #expect(e.line == shipped.components(separatedBy: "\n").firstIndex { $0.contains("metro:   { rule: D1") }! + 1)
    }

    @Test("A tier without hours fails with the key")
    func tierWithoutHours() throws {
        let e = try #require(broken("city:    { rule: D3, hours: 36 }", "city:    { rule: D3 }"))
        #expect(e.field == "tiers.city")
        #expect(e.message.contains("needs 'hours'"))
    }

    @Test("A missing tier, a missing component and an unknown key each fail")
    func missingPieces() throws {
        #expect(withoutLine("  town:")?.message.contains("tier 'town' is missing") == true)
        #expect(withoutLine("  mouse:")?.message.contains("component 'mouse' has no rule") == true)
        #expect(broken("  period_years: 3", "  period_yaers: 3")?.field == "warranty.period_yaers")
        #expect(broken("cpu:           { rule: W1, mode: M1", "cpu:           { rule: W1, mode: M9")?.field == "components.cpu.mode")
        #expect(broken("produced_on_or_after: 2017-08-01", "produced_on_or_after: 2017-13-01")?.field == "warranty.produced_on_or_after")
    }

    @Test("Broken YAML names its line; an empty file says so")
    func syntax() throws {
        let e = try #require(inputError { _ = try Policy.parse("tiers:\n  metro: [1, 2\n", file: "p.yaml") })
        #expect(e.line != nil)
        #expect(e.message.contains("not valid YAML"))
        #expect(inputError { _ = try Policy.parse("", file: "p.yaml") }?.message.contains("empty") == true)
    }
}
