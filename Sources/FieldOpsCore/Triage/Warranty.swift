import FieldOpsSupport
/// What the warranty rules (S1–S8) say about a machine, or its failed part, on a given day.
///
/// Periods are counted as the Civil Code counts them (arts. 201, 203): a period starts
/// the day after its start day and ends on the corresponding day of its last month, or
/// on that month's last day when there is none. Three years from 2023-05-06 cover
/// 2026-05-06; from 2024-02-29 they cover 2027-02-28. `end` is the first day no longer
/// covered.
public struct WarrantyStatus: Sendable, Hashable {
    /// The verdict.
    public enum State: String, Sendable {
        /// In the warranty period.
        case inWarranty = "in_warranty"
        /// A replaced part on its 3-month extension: covered, no on-site service (S6).
        case extensionNoOnsite = "extension_no_onsite"
        /// A part added in warranty (S7), or replaced or added for a fee after it (S8),
        /// within the accessory policy's period: covered, no on-site service.
        case accessoryNoOnsite = "accessory_no_onsite"
        /// Out of the warranty period (X1).
        case expired
        /// Produced before the promise's cut-off (S5).
        case beforeCutoff = "before_cutoff"
        /// The dates needed to decide are missing; nothing is guessed.
        case unknown
    }

    /// The verdict.
    public var state: State
    /// The rule that decided the verdict (S1–S8, X1).
    public var rule: String
    /// The warranty start, when known.
    public var start: Day?
    /// The rule that chose the start: S1 invoice, S2 no invoice, S3 invoice after delivery, S4 invoice too far from factory.
    public var startRule: String?
    /// The first day no longer covered (start + the period), when known.
    public var end: Day?
    /// For S6: the first day the replaced part is no longer covered.
    public var extensionEnd: Day?
    /// One sentence for the dispatcher.
    public var note: String
    /// Dates that are missing or odd, reported rather than guessed.
    public var warnings: [String]

    /// The first day a period of `months` starting on `start` no longer covers: the day
    /// after the corresponding day (or the month's last day when there is none).
    public static func firstDayAfter(_ start: Day, months: Int) -> Day {
        start.adding(months: months).adding(days: 1)
    }

    /// Applies S1–S8 to a ticket's dates on `day` (the day the fault was reported).
    /// `partAdded`: the failed part was added to the machine that day (S7 in warranty,
    /// S8 after); `partPaid`: it was replaced or added for a fee that day, after the
    /// warranty (S8).
    public static func evaluate(invoice: Day?, factory: Day?, delivery: Day?, partReplaced: Day?,
                                partAdded: Day? = nil, partPaid: Day? = nil,
                                on day: Day, rule: WarrantyRule) -> WarrantyStatus {
        if partAdded != nil || partPaid != nil {
            return accessory(invoice: invoice, factory: factory, delivery: delivery, partAdded: partAdded,
                             partPaid: partPaid, on: day, rule: rule)
        }
        return machine(invoice: invoice, factory: factory, delivery: delivery, partReplaced: partReplaced, on: day, rule: rule)
    }

    /// S7 and S8: an added or paid part follows the accessory policy, whatever the machine's
    /// warranty: covered `accessoryMonths` from when it went in, never on site.
    static func accessory(invoice: Day?, factory: Day?, delivery: Day?, partAdded: Day?, partPaid: Day?,
                          on day: Day, rule: WarrantyRule) -> WarrantyStatus {
        let from: Day
        let id: String
        var warnings: [String] = []
        let why: String
        if let partPaid {
            (from, id, why) = (partPaid, "S8", "replaced or added for a fee on \(partPaid) (S8)")
        } else {
            let added = partAdded!
            let atAdding = machine(invoice: invoice, factory: factory, delivery: delivery, partReplaced: nil, on: added, rule: rule)
            switch atAdding.state {
            case .inWarranty: (from, id, why) = (added, "S7", "added on \(added), in the machine's warranty (S7)")
            case .expired: (from, id, why) = (added, "S8", "added on \(added), after the machine's warranty (S8)")
            default:
                (from, id, why) = (added, "S7", "added on \(added) (S7; the machine's warranty dates are missing, and S8 would read the same)")
                warnings += atAdding.warnings
            }
        }
        let end = firstDayAfter(from, months: rule.accessoryMonths)
        if day < from {
            warnings.append("the part's date \(from) lies after the fault (\(day)): check part_added_date / part_paid_date")
        }
        if day < end {
            return WarrantyStatus(state: .accessoryNoOnsite, rule: id, start: from, end: end,
                                  note: "the part \(why) follows the accessory policy: covered until \(end.adding(days: -1)), without on-site service (\(id))",
                                  warnings: warnings)
        }
        return WarrantyStatus(state: .expired, rule: "X1", start: from, end: end,
                              note: "out of warranty (X1): the part \(why) was covered under the accessory policy until \(end.adding(days: -1))",
                              warnings: warnings)
    }

    /// S1–S6: the machine's own warranty.
    static func machine(invoice: Day?, factory: Day?, delivery: Day?, partReplaced: Day?,
                        on day: Day, rule: WarrantyRule) -> WarrantyStatus {
        var warnings: [String] = []
        if let factory, factory < rule.producedOnOrAfter {
            return WarrantyStatus(state: .beforeCutoff, rule: "S5", note: "produced \(factory), before \(rule.producedOnOrAfter): the promise covers only servers produced on or after that day (S5)", warnings: [])
        }
        var start: Day?
        var startRule: String?
        var why = ""
        if let invoice {
            if let delivery, invoice > delivery {
                if let factory {
                    (start, startRule) = (factory, "S3")
                    why = "factory date \(factory): the invoice (\(invoice)) is dated after delivery (\(delivery)) (S3)"
                } else {
                    warnings.append("invoice \(invoice) is dated after delivery \(delivery), so the factory date counts (S3), but factory_date is missing: warranty not verified")
                }
            } else if let factory,
                      invoice < factory.adding(months: -rule.invoiceValidMonths) || invoice > factory.adding(months: rule.invoiceValidMonths) {
                (start, startRule) = (factory, "S4")
                why = "factory date \(factory): the invoice (\(invoice)) is more than \(rule.invoiceValidMonths) months from it (S4)"
            } else {
                (start, startRule) = (invoice, "S1")
                why = "invoice date \(invoice) (S1)"
                if factory == nil {
                    warnings.append("factory_date is missing: the \(rule.invoiceValidMonths)-month invoice rule (S4) and the \(rule.producedOnOrAfter) cut-off (S5) were not checked")
                }
            }
        } else if let factory {
            (start, startRule) = (factory, "S2")
            why = "factory date \(factory): no invoice (S2)"
        } else {
            warnings.append("invoice_date and factory_date are both missing: the warranty start (S1/S2) is unknown, so the warranty was not verified")
        }
        guard let start else {
            return WarrantyStatus(state: .unknown, rule: "S1", note: "warranty not verified: dates missing", warnings: warnings)
        }
        let end = firstDayAfter(start, months: rule.periodYears * 12)
        if day < end {
            return WarrantyStatus(state: .inWarranty, rule: startRule!, start: start, startRule: startRule, end: end,
                                  note: "in warranty until \(end.adding(days: -1)), from the \(why)", warnings: warnings)
        }
        // S6: a part replaced in warranty with less than the extension left is covered for
        // the extension from its replacement, without on-site service.
        if let replaced = partReplaced, replaced < end,
           end < firstDayAfter(replaced, months: rule.extensionMonths) {
            let extensionEnd = firstDayAfter(replaced, months: rule.extensionMonths)
            if day < extensionEnd {
                return WarrantyStatus(state: .extensionNoOnsite, rule: "S6", start: start, startRule: startRule, end: end,
                                      extensionEnd: extensionEnd,
                                      note: "machine warranty ended \(end.adding(days: -1)); the part replaced on \(replaced) is covered until \(extensionEnd.adding(days: -1)) without on-site service (S6)",
                                      warnings: warnings)
            }
        }
        return WarrantyStatus(state: .expired, rule: "X1", start: start, startRule: startRule, end: end,
                              note: "out of warranty (X1): covered until \(end.adding(days: -1)), \(rule.periodYears) years from the \(why)", warnings: warnings)
    }
}
