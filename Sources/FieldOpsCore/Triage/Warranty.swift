import FieldOpsSupport
/// What the warranty rules (S1–S6) say about a machine on a given day.
public struct WarrantyStatus: Sendable, Hashable {
    /// The verdict.
    public enum State: String, Sendable {
        /// In the warranty period.
        case inWarranty = "in_warranty"
        /// A replaced part on its 3-month extension: covered, no on-site service (S6).
        case extensionNoOnsite = "extension_no_onsite"
        /// Out of the warranty period (X1).
        case expired
        /// Produced before the promise's cut-off (S5).
        case beforeCutoff = "before_cutoff"
        /// The dates needed to decide are missing; nothing is guessed.
        case unknown
    }

    /// The verdict.
    public var state: State
    /// The rule that decided the verdict (S1–S6, X1).
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

    /// Applies S1–S6 to a ticket's dates on `day` (the day the fault was reported).
    public static func evaluate(invoice: Day?, factory: Day?, delivery: Day?, partReplaced: Day?,
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
        let end = start.adding(years: rule.periodYears)
        if day < end {
            return WarrantyStatus(state: .inWarranty, rule: startRule!, start: start, startRule: startRule, end: end,
                                  note: "in warranty until \(end.adding(days: -1)), from the \(why)", warnings: warnings)
        }
        // S6: a part replaced in warranty with less than the extension left is covered for
        // the extension from its replacement, without on-site service.
        if let replaced = partReplaced, replaced < end, end < replaced.adding(months: rule.extensionMonths) {
            let extensionEnd = replaced.adding(months: rule.extensionMonths)
            if day < extensionEnd {
                return WarrantyStatus(state: .extensionNoOnsite, rule: "S6", start: start, startRule: startRule, end: end,
                                      extensionEnd: extensionEnd,
                                      note: "machine warranty ended \(end.adding(days: -1)); the part replaced on \(replaced) is covered until \(extensionEnd.adding(days: -1)) without on-site service (S6)",
                                      warnings: warnings)
            }
        }
        return WarrantyStatus(state: .expired, rule: "X1", start: start, startRule: startRule, end: end,
                              note: "out of warranty (X1) since \(end): \(rule.periodYears) years from the \(why)", warnings: warnings)
    }
}
