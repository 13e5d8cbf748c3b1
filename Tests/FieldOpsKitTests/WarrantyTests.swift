import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// When the warranty starts and ends: S1–S6, X1.
@Suite("Warranty S1–S8")
struct WarrantyTests {
    let rule = Shipped.policy.warranty

    func evaluate(invoice: String? = nil, factory: String? = nil, delivery: String? = nil, replaced: String? = nil,
                  on day: String = "2026-11-25") -> WarrantyStatus {
        WarrantyStatus.evaluate(invoice: invoice.flatMap { Day(iso: $0) }, factory: factory.flatMap { Day(iso: $0) },
                                delivery: delivery.flatMap { Day(iso: $0) }, partReplaced: replaced.flatMap { Day(iso: $0) },
                                on: Day(iso: day)!, rule: rule)
    }

    @Test("S1: the warranty starts on the invoice date")
    func s1_invoiceDate() {
        let w = evaluate(invoice: "2024-03-10", factory: "2024-02-01", delivery: "2024-03-12")
        #expect(w.start == Day(iso: "2024-03-10"))
        #expect(w.startRule == "S1")
        #expect(w.state == .inWarranty)
        #expect(w.end == Day(iso: "2027-03-11"), "covered through the third anniversary, 2027-03-10")
    }

    @Test("S1: three years (W1) as the Civil Code counts them: the third anniversary is the last day covered")
    func s1_threeYearsToTheDay() {
        #expect(evaluate(invoice: "2023-11-25", factory: "2023-11-01", on: "2026-11-25").state == .inWarranty)
        #expect(evaluate(invoice: "2023-11-25", factory: "2023-11-01", on: "2026-11-26").state == .expired)
    }

    @Test("Periods around month ends and leap days end on the corresponding day, or the month's last day", arguments: [
        ("2024-02-29", "2027-02-28", "2027-03-01"),   // no 29 February in 2027: the month's last day
        ("2023-08-31", "2026-08-31", "2026-09-01"),
        ("2023-02-28", "2026-02-28", "2026-03-01"),
        ("2021-02-28", "2024-02-28", "2024-02-29"),   // the corresponding day exists: 28 February, not the 29th
        ("2023-12-31", "2026-12-31", "2027-01-01"),
    ])
    func civilCodePeriods(invoice: String, lastCovered: String, firstExpired: String) {
        #expect(evaluate(invoice: invoice, factory: invoice, on: lastCovered).state == .inWarranty)
        #expect(evaluate(invoice: invoice, factory: invoice, on: firstExpired).state == .expired)
    }

    @Test("S6: a 3-month extension from 30 November ends on the last day of February")
    func s6_monthEnd() {
        // Machine covered through 2026-12-15; a part replaced 2026-11-30 is covered through 2027-02-28.
        let w = evaluate(invoice: "2023-12-15", factory: "2023-12-01", replaced: "2026-11-30", on: "2027-02-28")
        #expect(w.state == .extensionNoOnsite)
        #expect(w.extensionEnd == Day(iso: "2027-03-01"))
        #expect(evaluate(invoice: "2023-12-15", factory: "2023-12-01", replaced: "2026-11-30", on: "2027-03-01").state == .expired)
    }

    @Test("S2: without an invoice the warranty starts on the factory date")
    func s2_noInvoice() {
        let w = evaluate(factory: "2024-05-01")
        #expect(w.start == Day(iso: "2024-05-01"))
        #expect(w.startRule == "S2")
    }

    @Test("S3: an invoice dated after the actual delivery gives way to the factory date")
    func s3_invoiceAfterDelivery() {
        let w = evaluate(invoice: "2024-03-20", factory: "2024-02-01", delivery: "2024-03-01")
        #expect(w.start == Day(iso: "2024-02-01"))
        #expect(w.startRule == "S3")
    }

    @Test("S3: without a factory date the S3 case is reported, not guessed")
    func s3_noFactoryDate() {
        let w = evaluate(invoice: "2024-03-20", delivery: "2024-03-01")
        #expect(w.state == .unknown)
        #expect(w.warnings.contains { $0.contains("S3") })
    }

    @Test("S4: the invoice date counts only within 3 months of the factory date", arguments: [
        ("2024-04-01", "2024-01-01", "S1"),   // exactly three months: still valid
        ("2024-04-02", "2024-01-01", "S4"),   // a day more: the factory date counts
        ("2024-02-15", "2024-01-01", "S1"),
        ("2024-11-30", "2024-08-31", "S1"),   // month ends: 08-31 + 3 months is 11-30
    ])
    func s4_threeMonthRule(invoice: String, factory: String, expectedRule: String) {
        let w = evaluate(invoice: invoice, factory: factory)
        #expect(w.startRule == expectedRule)
        #expect(w.start == Day(iso: expectedRule == "S4" ? factory : invoice))
    }

    @Test("S5: servers produced before 2017-08-01 are not covered; from that day on they are")
    func s5_cutoff() {
        #expect(evaluate(invoice: "2017-08-20", factory: "2017-07-31", on: "2018-01-01").state == .beforeCutoff)
        #expect(evaluate(invoice: "2017-08-20", factory: "2017-07-31", on: "2018-01-01").rule == "S5")
        #expect(evaluate(invoice: "2017-08-20", factory: "2017-08-01", on: "2018-01-01").state == .inWarranty)
    }

    @Test("S5: a ticket for a machine produced before the cut-off is not covered")
    func s5_ticket() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2017-06-20", "factory_date=2017-05-12"])
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "S5")
    }

    @Test("S6: a part replaced with under 3 months of warranty left is covered 3 months from the replacement, without on-site service")
    func s6_extension() throws {
        // Machine warranty 2023-10-01 … 2026-09-30; part replaced 2026-09-01 (one month left): covered to 2026-11-30.
        let w = evaluate(invoice: "2023-10-01", factory: "2023-09-20", replaced: "2026-09-01", on: "2026-11-25")
        #expect(w.state == .extensionNoOnsite)
        #expect(w.extensionEnd == Day(iso: "2026-12-02"), "covered through 2026-12-01")
        let r = try triage(["reported_at=2026-11-25T08:00", "component=mainboard", "place=成都", "invoice_date=2023-10-01",
                            "factory_date=2023-09-20", "part_replaced_date=2026-09-01"])
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "S6")
    }

    @Test("S6: the extension ends 3 months after the replacement")
    func s6_extensionEnds() {
        #expect(evaluate(invoice: "2023-10-01", factory: "2023-09-20", replaced: "2026-09-01", on: "2026-12-01").state == .extensionNoOnsite)
        let w = evaluate(invoice: "2023-10-01", factory: "2023-09-20", replaced: "2026-09-01", on: "2026-12-02")
        #expect(w.state == .expired)
    }

    @Test("S6: a part replaced with more than 3 months left keeps the machine's warranty and no more")
    func s6_followsMachine() {
        let w = evaluate(invoice: "2023-10-01", factory: "2023-09-20", replaced: "2026-05-01", on: "2026-11-25")
        #expect(w.state == .expired)
        #expect(w.rule == "X1")
        #expect(evaluate(invoice: "2023-10-01", factory: "2023-09-20", replaced: "2026-05-01", on: "2026-09-29").state == .inWarranty)
    }

    @Test("S6: the extension set on the ticket also means no on-site service")
    func s6_override() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "coverage=extension_no_onsite"])
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "S6")
    }

    @Test("X1: out of the warranty period is not covered, and the note says from which start")
    func x1_expired() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2022-06-01", "factory_date=2022-05-20"])
        #expect(r.outcome == .notCovered)
        #expect(r.rule == "X1")
        #expect(r.note.contains("2025-06-01"))
        #expect(r.note.contains("invoice date 2022-06-01"))
    }

    @Test("A paid visit the dispatcher accepted goes on site whatever the warranty, with no promised deadline (D1–D5 are for machines in warranty)")
    func paidVisit() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2020-06-01", "coverage=paid_onsite"])
        #expect(r.outcome == .onSite)
        #expect(r.rule == "paid")
        #expect(r.deadline == nil)
        #expect(r.note.contains("no promised deadline"))
        let agreed = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2020-06-01",
                                 "coverage=paid_onsite", "deadline=2026-11-27T12:00:00+08:00"])
        #expect(agreed.deadline == time("2026-11-27T12:00:00+08:00"))
        let booked = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2020-06-01",
                                 "coverage=paid_onsite", "window_start=2026-11-26T09:00:00+08:00", "window_end=2026-11-26T12:00:00+08:00"])
        #expect(booked.deadline == nil)
        #expect(booked.windowStart == time("2026-11-26T09:00:00+08:00"))
    }

    @Test("A paid visit with no deadline is flexible work in the plan, not an urgent one")
    func paidVisitIsFlexible() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2020-06-01", "coverage=paid_onsite"])
        let e = try engineer(["base=成都"])
        let problem = PlanningProblem(triage: [r], engineers: [e], travel: Travel(model: Shipped.policy.travel), at: time("2026-11-25T08:00:00+08:00"))
        #expect(problem.visits.first?.visitClass == .flexibleRepair)
    }

    @Test("S7: a part added during the warranty follows the accessory policy: a year from its adding, no on-site service")
    func s7_addedPart() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=memory", "place=成都", "invoice_date=2024-06-01",
                            "factory_date=2024-05-20", "part_added_date=2026-03-01"])
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "S7")
        #expect(r.note.contains("covered until 2027-03-01"))
        let hotSwap = try triage(["reported_at=2026-11-25T08:00", "component=disk", "hot_swap=true", "place=成都",
                                  "invoice_date=2024-06-01", "factory_date=2024-05-20", "part_added_date=2026-03-01"])
        #expect(hotSwap.outcome == .shipReplacement)
        #expect(hotSwap.rule == "S7")
        let old = try triage(["reported_at=2026-11-25T08:00", "component=memory", "place=成都", "invoice_date=2024-06-01",
                              "factory_date=2024-05-20", "part_added_date=2025-11-24"])
        #expect(old.outcome == .notCovered)
        #expect(old.rule == "X1")
    }

    @Test("S8: a part replaced for a fee after the warranty is covered a year, carried in or shipped, never visited")
    func s8_paidPart() throws {
        // The machine's warranty ended in 2025; the part was replaced for a fee in 2026.
        let r = try triage(["reported_at=2026-11-25T08:00", "component=mainboard", "place=成都", "invoice_date=2022-03-01",
                            "factory_date=2022-02-20", "part_paid_date=2026-02-10"])
        #expect(r.outcome == .carryIn)
        #expect(r.rule == "S8")
        #expect(!r.outcome.needsVisit)
        let added = try triage(["reported_at=2026-11-25T08:00", "component=memory", "place=成都", "invoice_date=2022-03-01",
                                "factory_date=2022-02-20", "part_added_date=2026-02-10"])
        #expect(added.rule == "S8", "a part added after the warranty is S8")
        let expired = try triage(["reported_at=2027-02-11T08:00", "component=mainboard", "place=成都", "invoice_date=2022-03-01",
                                  "factory_date=2022-02-20", "part_paid_date=2026-02-10"], at: "2027-02-11T09:00:00+08:00")
        #expect(expired.outcome == .notCovered)
        #expect(expired.rule == "X1")
    }

    @Test("Missing dates are reported as a warning, not guessed: the visit is still planned")
    func missingDates() throws {
        let r = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都"])
        #expect(r.outcome == .onSite)
        #expect(r.warranty?.state == .unknown)
        #expect(r.warnings.contains { $0.contains("invoice_date and factory_date are both missing") })
        let noFactory = try triage(["reported_at=2026-11-25T08:00", "component=cpu", "place=成都", "invoice_date=2025-01-01"])
        #expect(noFactory.warnings.contains { $0.contains("S4") && $0.contains("S5") })
    }

    @Test("The warranty is judged on the day the fault was reported, not today")
    func judgedOnReportDay() throws {
        let r = try triage(["reported_at=2026-11-24T20:00", "component=cpu", "place=成都", "invoice_date=2023-11-25", "factory_date=2023-11-01"])
        #expect(r.outcome == .onSite)
    }
}
