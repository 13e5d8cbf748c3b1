import FieldOpsSupport
import Foundation

/// What happens to a ticket: exactly one outcome each.
public enum Outcome: String, Sendable, CaseIterable, Comparable {
    /// An engineer repairs it on site (M1, or a paid visit), by its deadline (D1–D5).
    case onSite = "on_site"
    /// Rack installation and commissioning in its window (M5).
    case installation
    /// A periodic inspection in its window (M6).
    case inspection
    /// A replacement is shipped with phone guidance (M7).
    case shipReplacement = "ship_replacement"
    /// The customer brings the part or machine in (M2/M3, S6).
    case carryIn = "carry_in"
    /// Remote or phone support (M4).
    case remote
    /// Not covered: W2, S5, X1–X9.
    case notCovered = "not_covered"
    /// Not decidable by the planner: ask the vendor (W3).
    case askVendor = "ask_vendor"
    /// Xinjiang or Tibet without an agreed deadline (D5).
    case needsAgreedDeadline = "needs_agreed_deadline"

    /// Whether the outcome sends an engineer: on-site repairs, installations, inspections.
    public var needsVisit: Bool { self == .onSite || self == .installation || self == .inspection }

    /// A dispatcher's words for it.
    public var label: String {
        switch self {
        case .onSite: return "on-site repair"
        case .installation: return "installation"
        case .inspection: return "inspection"
        case .shipReplacement: return "ship a replacement"
        case .carryIn: return "carry-in"
        case .remote: return "remote support"
        case .notCovered: return "not covered"
        case .askVendor: return "ask the vendor"
        case .needsAgreedDeadline: return "needs an agreed deadline"
        }
    }

    public static func < (a: Outcome, b: Outcome) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The triage of one ticket: its outcome, the rule that decided it, and for visits
/// the deadline or window, the skills and the minutes on site.
public struct TriageResult: Sendable {
    /// The ticket.
    public var ticket: Ticket
    /// What happens to it.
    public var outcome: Outcome
    /// The rule id that decided it (D1–D5, M1–M7, W2, W3, S5–S8, X1–X9, or `paid`).
    public var rule: String
    /// One sentence a dispatcher understands.
    public var note: String
    /// The site's tier, when known.
    public var tier: Tier?
    /// The on-site deadline (repairs).
    public var deadline: Date?
    /// The appointment window (installations, inspections, booked repairs).
    public var windowStart: Date?
    /// The end of the appointment window.
    public var windowEnd: Date?
    /// What the window binds under the policy: the start of the work, or its end too.
    public var windowRule = BookedWindowRule.start
    /// Skills the visit needs, sorted.
    public var skills: [String]
    /// Minutes on site.
    public var serviceMinutes: Int
    /// The warranty verdict, when the dates were checked.
    public var warranty: WarrantyStatus?
    /// What was missing or odd, reported rather than guessed.
    public var warnings: [String]

    /// The latest time the work may start: the window's end, or under
    /// `booked_window: finish` the window's end less the minutes on site.
    public var latestStart: Date? {
        windowEnd.map { windowRule == .finish ? $0.addingTimeInterval(-Double(serviceMinutes) * 60) : $0 }
    }
}

/// Applies the service policy to tickets: coverage (W1–W3), exclusions (X1–X9),
/// warranty (S1–S8), service mode (M1–M7) and deadline (D1–D6).
public struct Triage: Sendable {
    /// The policy.
    public var policy: Policy
    /// The gazetteer that gives a place its tier.
    public var gazetteer: Gazetteer
    /// Hours for a D5 ticket without an agreed deadline, when the dispatcher asks for a
    /// default; overrides the policy's `default_hours`.
    public var agreedDefaultHours: Double?

    /// Creates a triage.
    public init(policy: Policy, gazetteer: Gazetteer, agreedDefaultHours: Double? = nil) {
        self.policy = policy
        self.gazetteer = gazetteer
        self.agreedDefaultHours = agreedDefaultHours
    }

    /// Triage every ticket at `now` (which dates installations' and inspections' defaults).
    public func run(_ tickets: [Ticket], at now: Date) -> [TriageResult] {
        tickets.map { triage($0, at: now) }
    }

    /// The tier of a ticket's site: its own `tier`, else its place's.
    public func tier(of ticket: Ticket) -> (tier: Tier, rule: String)? {
        if let tier = ticket.tier { return (tier, policy.tiers[tier]!.rule) }
        return ticket.place.flatMap { policy.tier(of: $0, in: gazetteer) }
    }

    /// Triage one ticket.
    public func triage(_ ticket: Ticket, at now: Date) -> TriageResult {
        let component = ticket.component
        var skills = [policy.skill(for: ticket.kind, component: component) ?? policy.installation.skill]
        for skill in ticket.extraSkills where !skills.contains(skill) { skills.append(skill) }
        skills.sort()
        let tierInfo = tier(of: ticket)
        var result = TriageResult(
            ticket: ticket, outcome: .onSite, rule: "M1", note: "", tier: tierInfo?.tier, deadline: nil,
            windowStart: ticket.windowStart, windowEnd: ticket.windowEnd, skills: skills,
            serviceMinutes: ticket.serviceMinutes ?? policy.minutes(for: ticket.kind, component: component) ?? policy.installation.minutes,
            warranty: nil, warnings: [])
        result.windowRule = policy.bookedWindow
        if policy.bookedWindow == .finish, let start = ticket.windowStart, let end = ticket.windowEnd,
           end.timeIntervalSince(start) < Double(result.serviceMinutes) * 60 {
            result.warnings.append("the booked window \(Timestamp.short(start))–\(Timestamp.short(end)) is shorter than the \(result.serviceMinutes) minutes on site, and the policy has the work end inside it (booked_window: finish): book a longer window")
        }
        if let place = ticket.place, ticket.coordinate == place.coordinate {
            switch place.coordinateSource {
            case "prefecture":
                result.warnings.append("site placed at the centre of \(place.prefecture): the gazetteer could not locate \(place.name); give lat and lon for exact travel")
            case "approximate":
                result.warnings.append("site placed near \(place.name): the gazetteer has only an approximate point for it (see data/README.md); give lat and lon for exact travel")
            default: break
            }
        }
        result.warnings += ticket.inputWarnings + dataQualityWarnings(ticket, at: now)
        if tierInfo?.tier == .agreed, ticket.kind != .repair {
            result.warnings.append("\(ticket.place?.province ?? "this site") is served as agreed case by case (D5): confirm how this \(ticket.kind.rawValue) is to be served before sending an engineer")
        }

        func decide(_ outcome: Outcome, _ rule: String, _ note: String) -> TriageResult {
            result.outcome = outcome
            result.rule = rule
            result.note = note
            return result
        }

        switch ticket.kind {
        case .installation:
            if let factory = ticket.factoryDate, factory < policy.warranty.producedOnOrAfter {
                return decide(.notCovered, "S5", "produced \(factory), before \(policy.warranty.producedOnOrAfter): the promise, installation included, covers only servers produced on or after that day (S5)")
            }
            result.note = "rack installation and commissioning (M5), "
                + (ticket.windowStart.map { "booked " + windowText($0, ticket.windowEnd) } ?? "window to be booked with the customer (D7)")
            if ticket.windowStart == nil { result.warnings.append("installation without a booked window: book it with the customer (D7)") }
            return decide(.installation, "M5", result.note)
        case .inspection:
            if let blocked = coverageBlock(ticket, at: now, into: &result) { return blocked }
            if ticket.windowStart == nil && ticket.windowEnd == nil {
                let (qs, qe) = quarter(of: now)
                result.windowStart = qs
                result.windowEnd = qe
                return decide(.inspection, "M6", "quarterly inspection (M6), any time agreed with the customer before \(Timestamp.short(qe))")
            }
            return decide(.inspection, "M6", "quarterly inspection (M6), booked " + windowText(result.windowStart ?? now, result.windowEnd))
        case .repair:
            break
        }

        guard let component, let rule = policy.components[component] else {
            return decide(.askVendor, "W3", "no component given: ask the vendor (W3)")
        }
        let paid = ticket.coverage == .paidOnsite
        if !paid {
            switch rule.coverage {
            case .notCovered:
                return decide(.notCovered, rule.rule, "\(component.rawValue) is not covered by the warranty (\(rule.rule)); a paid visit needs coverage=paid_onsite")
            case .askVendor:
                return decide(.askVendor, rule.rule, "\(component.rawValue) is not a listed part: ask the vendor whether it is covered (\(rule.rule))")
            case .covered:
                break
            }
            if let blocked = coverageBlock(ticket, at: now, into: &result) { return blocked }
            switch ticket.requestedMode {
            case .remote?:
                return decide(.remote, "M4", "handled by remote or phone support (M4)")
            case .carryIn?:
                return decide(.carryIn, "M2", "the customer carries the \(component.rawValue) in (M2)")
            case nil:
                break
            }
            let mode = ticket.hotSwap ? (rule.hotSwapMode ?? rule.mode!) : rule.mode!
            let swap = ticket.hotSwap ? "hot-swap " : ""
            if let status = result.warranty, status.state == .accessoryNoOnsite {
                if mode == .m7 { return decide(.shipReplacement, status.rule, "ship a replacement \(swap)\(component.rawValue): \(status.note)") }
                return decide(.carryIn, status.rule, "\(component.rawValue): carry-in or shipped; \(status.note)")
            }
            if result.warranty?.state == .extensionNoOnsite || ticket.coverage == .extensionNoOnsite {
                if mode == .m7 { return decide(.shipReplacement, "S6", "ship a replacement \(swap)\(component.rawValue): on its S6 extension, no on-site service") }
                return decide(.carryIn, "S6", "\(component.rawValue) on its S6 extension: covered, but carry-in or shipped, no on-site service (S6)")
            }
            switch mode {
            case .m7: return decide(.shipReplacement, "M7", "ship a replacement \(swap)\(component.rawValue) with phone guidance to fit it (M7)")
            case .m2: return decide(.carryIn, "M2", "\(component.rawValue) has no on-site service: carry-in (M2)")
            case .m3: return decide(.carryIn, "M3", "\(component.rawValue): carry-in or ship a replacement only (M3)")
            default: break
            }
        }

        // On site: the deadline is reported_at plus the tier's hours, or the agreed one (D1–D6).
        let what = paid ? "paid on-site visit accepted by the dispatcher" : "on-site repair (M1)"
        let placeText = ticket.place?.shortName ?? "the site"
        if let agreed = ticket.deadline {
            result.deadline = agreed
            return decide(.onSite, paid ? "paid" : tierInfo?.rule ?? "D5", "\(what), agreed deadline \(Timestamp.short(agreed))")
        }
        if paid {
            // D1–D5 promise response times for machines in warranty (对于保修期内的…服务器):
            // a paid visit carries none of its own; it is flexible work unless booked.
            if let start = ticket.windowStart {
                return decide(.onSite, "paid", "\(what), booked \(windowText(start, ticket.windowEnd)); no promised deadline (D1–D5 cover machines in warranty)")
            }
            return decide(.onSite, "paid", "\(what), no promised deadline (D1–D5 cover machines in warranty): planned as flexible work; book it with the customer (D7)")
        }
        guard let (tier, tierRule) = tierInfo, let reported = ticket.reportedAt else {
            return decide(.needsAgreedDeadline, "D5", "no tier and no agreed deadline for this site (D5)")
        }
        let spec = policy.tiers[tier]!
        if let hours = spec.hours {
            result.deadline = reported.addingTimeInterval(hours * 3600)
            return decide(.onSite, tierRule, "\(what), at the door by \(Timestamp.short(result.deadline!)) (\(tierRule): \(hours.formatted()) h in \(placeText))")
        }
        if let hours = agreedDefaultHours ?? spec.defaultHours {
            result.deadline = reported.addingTimeInterval(hours * 3600)
            result.warnings.append("\(ticket.place?.province ?? "this site") has no fixed deadline (D5): the default of \(hours.formatted()) h was used; agree it with the customer")
            return decide(.onSite, tierRule, "\(what), default agreed deadline \(Timestamp.short(result.deadline!)) (\(tierRule): \(hours.formatted()) h by default)")
        }
        return decide(.needsAgreedDeadline, tierRule,
                      "\(placeText) (\(ticket.place?.province ?? "agreed tier")): the deadline is agreed case by case (\(tierRule)); add it to the ticket's deadline column")
    }

    /// Exclusions, coverage overrides and the warranty dates; the blocking outcome, if any.
    private func coverageBlock(_ ticket: Ticket, at now: Date, into result: inout TriageResult) -> TriageResult? {
        func block(_ rule: String, _ note: String) -> TriageResult {
            var r = result
            r.outcome = .notCovered
            r.rule = rule
            r.note = note
            return r
        }
        if let x = ticket.exclusions.first {
            return block(x, "not covered: \(policy.exclusions[x] ?? "exclusion") (\(x)); the dispatcher decides (coverage=paid_onsite for a paid visit)")
        }
        switch ticket.coverage {
        case .outOfWarranty?: return block("X1", "out of warranty (X1, set on the ticket)")
        case .inWarranty?, .paidOnsite?: return nil
        case .extensionNoOnsite?:
            result.warranty = WarrantyStatus(state: .extensionNoOnsite, rule: "S6", note: "S6 extension (set on the ticket)", warnings: [])
            return nil
        case nil: break
        }
        let day = Day(ticket.reportedAt ?? now)
        let status = WarrantyStatus.evaluate(invoice: ticket.invoiceDate, factory: ticket.factoryDate,
                                             delivery: ticket.deliveryDate, partReplaced: ticket.partReplacedDate,
                                             partAdded: ticket.partAddedDate, partPaid: ticket.partPaidDate,
                                             on: day, rule: policy.warranty)
        result.warranty = status
        result.warnings += status.warnings
        switch status.state {
        case .beforeCutoff, .expired: return block(status.rule, status.note)
        case .inWarranty, .extensionNoOnsite, .accessoryNoOnsite, .unknown: return nil
        }
    }

    /// Dates that contradict each other or the planning time, reported rather than fixed.
    func dataQualityWarnings(_ ticket: Ticket, at now: Date) -> [String] {
        var out: [String] = []
        if let reported = ticket.reportedAt {
            if let factory = ticket.factoryDate, Day(reported) < factory {
                out.append("factory_date \(factory) lies after the fault was reported (\(Day(reported))): check the dates")
            }
            if let deadline = ticket.deadline, deadline < reported {
                out.append("the agreed deadline \(Timestamp.short(deadline)) lies before the report (\(Timestamp.short(reported))): check the deadline")
            }
            if reported > now {
                out.append("reported at \(Timestamp.short(reported)), after the planning time \(Timestamp.short(now)): check reported_at or --at")
            }
        }
        if let factory = ticket.factoryDate, let delivery = ticket.deliveryDate, delivery < factory {
            out.append("delivery_date \(delivery) lies before factory_date \(factory): check the dates")
        }
        return out
    }

    private func windowText(_ start: Date, _ end: Date?) -> String {
        Timestamp.short(start) + (end.map { "–" + Timestamp.short($0) } ?? "")
    }

    /// The calendar quarter containing `date`, China Standard Time: start and end.
    func quarter(of date: Date) -> (Date, Date) {
        let day = Day(date)
        let firstMonth = (day.month - 1) / 3 * 3 + 1
        let start = Day(year: day.year, month: firstMonth, day: 1)!
        return (start.start, start.adding(months: 3).start)
    }
}
