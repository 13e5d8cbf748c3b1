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

/// The deadlines: D1–D6 read against the gazetteer.
@Suite("Deadlines D1–D6")
struct DeadlineTests {
    @Test("D1: Beijing, Shanghai and Shenzhen are served within 8 hours", arguments: ["海淀区", "浦东新区", "南山区,深圳市", "密云"])
    func d1_metroWithin8Hours(place: String) throws {
        let r = try repair("place=\(place)")
        #expect(r.outcome == .onSite)
        #expect(r.tier == .metro)
        #expect(r.rule == "D1")
        #expect(r.deadline == time("2026-11-25T16:00:00+08:00"))
    }

    @Test("D2: provincial capitals, Tianjin, Chongqing and their districts within 24 hours",
          arguments: ["成都", "Chengdu", "武侯区", "天津市", "渝中区"])
    func d2_capitalWithin24Hours(place: String) throws {
        let r = try repair("place=\(place)")
        #expect(r.tier == .capital)
        #expect(r.rule == "D2")
        #expect(r.deadline == time("2026-11-26T08:00:00+08:00"))
    }

    @Test("D3: other prefecture-level cities and their districts within 36 hours", arguments: ["绵阳市", "苏州", "涪城区"])
    func d3_cityWithin36Hours(place: String) throws {
        let r = try repair("place=\(place)")
        #expect(r.tier == .city)
        #expect(r.rule == "D3")
        #expect(r.deadline == time("2026-11-26T20:00:00+08:00"))
    }

    @Test("D4: county-level units, also under a capital, within 72 hours", arguments: ["大邑县", "昆山市", "宁洱哈尼族彝族自治县"])
    func d4_townWithin72Hours(place: String) throws {
        let r = try repair("place=\(place)")
        #expect(r.tier == .town)
        #expect(r.rule == "D4")
        #expect(r.deadline == time("2026-11-28T08:00:00+08:00"))
    }

    @Test("D5: Xinjiang and Tibet without an agreed deadline are not planned blindly", arguments: ["喀什地区", "乌鲁木齐", "拉萨市", "日土县"])
    func d5_agreedNeedsDeadline(place: String) throws {
        let r = try repair("place=\(place)")
        #expect(r.tier == .agreed)
        #expect(r.outcome == .needsAgreedDeadline)
        #expect(r.rule == "D5")
        #expect(r.deadline == nil)
        #expect(r.note.contains("deadline column"))
    }

    @Test("D5: an agreed deadline on the ticket makes it an on-site visit with that deadline")
    func d5_agreedDeadlineIsUsed() throws {
        let r = try repair("place=喀什地区", "deadline=2026-11-27T12:00")
        #expect(r.outcome == .onSite)
        #expect(r.rule == "D5")
        #expect(r.deadline == time("2026-11-27T12:00:00+08:00"))
    }

    @Test("D5: a default agreed deadline is used only when the dispatcher asks, with a warning")
    func d5_defaultHoursOnRequest() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=和田地区"] + inWarranty, agreedDefaultHours: 48)
        #expect(r.outcome == .onSite)
        #expect(r.deadline == time("2026-11-27T08:00:00+08:00"))
        #expect(r.warnings.contains { $0.contains("D5") })
    }

    @Test("D6: deadlines count calendar hours through nights and weekends (7×24)")
    func d6_calendarHours() throws {
        // Saturday 22:30 in Beijing: 8 hours later is Sunday 06:30, not Monday morning.
        let r = try triage(["reported_at=2026-11-28T22:30:00+08:00", "component=memory", "place=朝阳区,北京市"] + inWarranty)
        #expect(r.deadline == time("2026-11-29T06:30:00+08:00"))
    }

    @Test("An explicit tier on the ticket overrides the place's tier")
    func tierOverride() throws {
        let r = try repair("place=绵阳市", "tier=metro")
        #expect(r.tier == .metro)
        #expect(r.deadline == time("2026-11-25T16:00:00+08:00"))
    }

    @Test("A deadline given in UTC is the same instant as in China Standard Time")
    func utcDeadline() throws {
        let r = try repair("place=喀什地区", "deadline=2026-11-27T04:00:00Z")
        #expect(r.deadline == time("2026-11-27T12:00:00+08:00"))
    }
}

/// Coverage (W1–W3) and service modes (M1–M7).
@Suite("Coverage W1–W3 and service modes M1–M7")
struct ServiceModeTests {
    @Test("W1: every whole-machine part is covered", arguments: [
        "mainboard", "cpu", "disk", "psu", "memory", "nic", "raid", "gpu", "cpu_board", "sas_backplane",
        "memory_board", "optical_drive", "cpu_fan", "gpu_fan", "chassis_fan",
    ])
    func w1_wholeMachinePartsCovered(component: String) throws {
        let r = try repair("place=成都", "component=\(component)")
        #expect(r.outcome != .notCovered && r.outcome != .askVendor)
        #expect(Shipped.policy.components[Component(rawValue: component)!]?.rule == "W1")
    }

    @Test("W2: the chassis and its attachments are not covered")
    func w2_chassisNotCovered() throws {
        let r = try repair("place=成都", "component=chassis")
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "W2")
    }

    @Test("W3: an unlisted part is for the vendor to decide")
    func w3_otherAskVendor() throws {
        let r = try repair("place=成都", "component=other")
        #expect(r.outcome == .askVendor)
        #expect(r.rule == "W3")
    }

    @Test("M1: on-site repair for the listed parts, disks and power supplies when not hot-swap", arguments: [
        "mainboard", "cpu", "disk", "memory", "nic", "raid", "gpu", "psu", "cpu_board", "sas_backplane", "memory_board",
    ])
    func m1_onSite(component: String) throws {
        let r = try repair("place=成都", "component=\(component)", "hot_swap=false")
        #expect(r.outcome == .onSite)
        #expect(r.note.contains("M1"))
        #expect(r.serviceMinutes == Shipped.policy.components[Component(rawValue: component)!]!.minutes)
    }

    @Test("M1: a visit needs the component's skill plus the ticket's extra skills")
    func m1_skills() throws {
        #expect(try repair("place=成都", "component=gpu", "skills=network").skills == ["gpu", "network"])
        #expect(try repair("place=成都", "component=raid").skills == ["storage"])
        #expect(try repair("place=成都", "component=nic", "service_minutes=45").serviceMinutes == 45)
    }

    @Test("M2: the optical drive is covered but carried in")
    func m2_opticalDriveCarryIn() throws {
        let r = try repair("place=成都", "component=optical_drive")
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "M2")
    }

    @Test("M2: a customer who chooses to carry a part in is not visited")
    func m2_customerCarriesIn() throws {
        let r = try repair("place=成都", "component=mainboard", "mode=carry_in")
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "M2")
    }

    @Test("M3: fans are carried in or replaced by post only", arguments: ["cpu_fan", "gpu_fan", "chassis_fan"])
    func m3_fans(component: String) throws {
        let r = try repair("place=成都", "component=\(component)")
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "M3")
    }

    @Test("M4: a fault handled by remote or phone support sends no one")
    func m4_remote() throws {
        let r = try repair("place=成都", "component=memory", "mode=remote")
        #expect(r.outcome == .remote)
        #expect(r.rule == "M4")
    }

    @Test("M5: an installation is planned in its booked window, without a warranty check")
    func m5_installation() throws {
        let r = try triage(["kind=installation", "place=成都", "window_start=2026-11-25T10:00", "window_end=2026-11-25T18:00"])
        #expect(r.outcome == .installation)
        #expect(r.rule == "M5")
        #expect(r.windowStart == time("2026-11-25T10:00:00+08:00"))
        #expect(r.serviceMinutes == 120)
        #expect(r.warranty == nil)
    }

    @Test("S5: installations, too, are only for servers produced on or after 2017-08-01")
    func s5_installation() throws {
        let r = try triage(["kind=installation", "place=成都", "factory_date=2017-03-01", "window_start=2026-11-25T10:00"])
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "S5")
        #expect(try triage(["kind=installation", "place=成都", "factory_date=2017-08-01"]).outcome == .installation)
    }

    @Test("D5: installations and inspections in Xinjiang and Tibet are flagged: the way of serving is agreed case by case",
          arguments: ["kind=installation", "kind=inspection"])
    func d5_installationsFlagged(kind: String) throws {
        let r = try triage([kind, "place=喀什市"] + inWarranty)
        #expect(r.outcome.needsVisit)
        #expect(r.warnings.contains { $0.contains("D5") })
        #expect(try triage([kind, "place=成都"] + inWarranty).warnings.allSatisfy { !$0.contains("D5") })
    }

    @Test("Data-quality warnings: factory after the fault, delivery before the factory, deadline before the report, report after --at")
    func dataQuality() throws {
        let late = try triage(["reported_at=2026-11-25T07:00", "component=cpu", "place=成都", "invoice_date=2026-12-01",
                               "factory_date=2026-12-01", "delivery_date=2026-11-20", "deadline=2026-11-25T06:00"])
        #expect(late.warnings.contains { $0.contains("factory_date 2026-12-01 lies after the fault") })
        #expect(late.warnings.contains { $0.contains("delivery_date 2026-11-20 lies before factory_date") })
        #expect(late.warnings.contains { $0.contains("agreed deadline") && $0.contains("before the report") })
        let future = try triage(["reported_at=2026-11-25T09:00", "component=cpu", "place=成都"] + inWarranty)
        #expect(future.warnings.contains { $0.contains("after the planning time") })
        let clean = try repair("place=成都")
        #expect(clean.warnings.isEmpty, "\(clean.warnings)")
    }

    @Test("M6: an inspection without a window may happen any time in the current quarter")
    func m6_inspectionQuarter() throws {
        let r = try triage(["kind=inspection", "place=成都"] + inWarranty)
        #expect(r.outcome == .inspection)
        #expect(r.rule == "M6")
        #expect(r.windowStart == time("2026-10-01T00:00:00+08:00"))
        #expect(r.windowEnd == time("2027-01-01T00:00:00+08:00"))
    }

    @Test("M6: inspections are for machines in warranty")
    func m6_inspectionNeedsWarranty() throws {
        let r = try triage(["kind=inspection", "place=成都", "invoice_date=2020-01-10", "factory_date=2020-01-01"])
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "X1")
    }

    @Test("M7: hot-swap disks and power supplies, keyboards and mice are shipped", arguments: [
        ("disk", true), ("psu", true), ("keyboard", false), ("mouse", false),
    ])
    func m7_shipReplacement(component: String, hotSwap: Bool) throws {
        let r = try repair("place=成都", "component=\(component)", "hot_swap=\(hotSwap)")
        #expect(r.outcome == .shipReplacement)
        #expect(r.rule == "M7")
    }

    @Test("X1–X9: a recorded exclusion voids the promise; the dispatcher may accept a paid visit")
    func exclusions() throws {
        let r = try repair("place=成都", "component=mainboard", "exclusions=X2")
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "X2")
        #expect(r.note.contains("misuse"))
        let paid = try repair("place=成都", "component=mainboard", "exclusions=X2", "coverage=paid_onsite")
        #expect(paid.outcome == .onSite)
        #expect(paid.note.contains("paid"))
    }

    @Test("Every repair gets exactly one outcome with a rule id and a note", arguments: Component.allCases)
    func oneOutcomeEach(component: Component) throws {
        let r = try repair("place=成都", "component=\(component.rawValue)")
        #expect(!r.rule.isEmpty)
        #expect(!r.note.isEmpty)
    }
}
