import FieldOpsSupport
/// The service modes of the policy (M1–M7).
public enum ServiceMode: String, Sendable, CaseIterable {
    /// On-site repair.
    case m1 = "M1"
    /// Carry-in: the customer brings the part or machine.
    case m2 = "M2"
    /// Carry-in or ship a replacement only (fans).
    case m3 = "M3"
    /// Remote or phone support.
    case m4 = "M4"
    /// Rack installation and commissioning.
    case m5 = "M5"
    /// Periodic inspection.
    case m6 = "M6"
    /// Ship a replacement, with phone guidance to install it.
    case m7 = "M7"
}

/// Whether the policy covers a component at all (W1–W3).
public enum CoverageClass: String, Sendable, CaseIterable {
    /// Covered (W1, or a part M7 names).
    case covered
    /// Not covered (W2).
    case notCovered = "not_covered"
    /// Not listed: ask the vendor (W3).
    case askVendor = "ask_vendor"
}

/// How the policy treats one component.
public struct ComponentRule: Sendable, Hashable {
    /// The rule id that covers (or excludes) it: W1, W2, W3 or M7.
    public var rule: String
    /// Covered, not covered or ask the vendor.
    public var coverage: CoverageClass
    /// Its service mode when covered.
    public var mode: ServiceMode?
    /// Its mode when the part is hot-swappable (disk, psu: M7).
    public var hotSwapMode: ServiceMode?
    /// The skill a visit for it needs.
    public var skill: String
    /// Expected minutes on site.
    public var minutes: Int
}

/// A tier's deadline (D1–D5).
public struct TierRule: Sendable, Hashable {
    /// The rule id, e.g. `D1`.
    public var rule: String
    /// On-site within this many calendar hours (D6: 7×24); `nil` for the agreed tier.
    public var hours: Double?
    /// True when the deadline is agreed case by case (D5).
    public var agreed: Bool
    /// For an agreed tier: hours to use when the dispatcher asks for a default.
    public var defaultHours: Double?
}

/// One line of the reading of D1–D5 against the gazetteer: the first line a place
/// matches gives its tier.
public struct TierSelector: Sendable, Hashable {
    /// The rule id this line reads, e.g. `D2`.
    public var rule: String
    /// The tier it gives.
    public var tier: Tier
    /// Matches places in one of these provinces (empty: any).
    public var provinces: [String] = []
    /// Matches places whose prefecture is one of these (empty: any).
    public var prefectures: [String] = []
    /// Matches places of one of these levels (empty: any).
    public var levels: [PlaceLevel] = []
    /// Matches only places whose prefecture is a capital or municipality.
    public var capitalPrefecture = false

    /// Whether `place` (whose prefecture is `prefecture`) matches every condition given.
    public func matches(_ place: Place, prefecture: Place?) -> Bool {
        if !provinces.isEmpty, !provinces.contains(place.province) { return false }
        if !prefectures.isEmpty, !prefectures.contains(place.prefecture) { return false }
        if !levels.isEmpty, !levels.contains(place.level) { return false }
        if capitalPrefecture, !(prefecture?.isCapital ?? place.isCapital) { return false }
        return true
    }
}

/// The warranty rules S1–S8 as numbers.
public struct WarrantyRule: Sendable, Hashable {
    /// Whole-machine warranty, years (W1).
    public var periodYears: Int = 3
    /// The invoice date counts only within this many months of the factory date (S4).
    public var invoiceValidMonths: Int = 3
    /// The promise covers servers produced on or after this day (S5).
    public var producedOnOrAfter: Day = Day(year: 2017, month: 8, day: 1)!
    /// A part replaced with less than this many months of machine warranty left… (S6)
    public var extensionMonths: Int = 3
    /// The accessory policy: a part added in warranty (S7) or replaced or added for a fee
    /// after it (S8) is covered this many months from then, without on-site service.
    public var accessoryMonths: Int = 12
}

/// Installation (M5) or inspection (M6) work.
public struct VisitRule: Sendable, Hashable {
    /// `M5` or `M6`.
    public var rule: String
    /// The skill it needs.
    public var skill: String
    /// Minutes on site.
    public var minutes: Int
}

/// Multi-day trips (`plan --days N`): how long and how far an engineer may be planned
/// away from base. Not rules of the seed; the dispatcher's own limits, with defaults
/// in `data/policy.yaml`.
public struct TripRules: Sendable, Hashable {
    /// The most nights one trip keeps an engineer away from base.
    public var maxNightsAway = 4
    /// The least rest between the end of one day's shift and the start of the next; a
    /// shift calendar with less starts the next day later.
    public var minRestHours = 10
    /// A night away costs as much as this many minutes of travel in the objective (a
    /// hotel, an allowance): a trip stays out only when staying serves more.
    public var overnightCostMinutes = 120
    /// An engineer goes home for the night when that delays the next visit by at most
    /// this many minutes and keeps it on time.
    public var homeDelayMinutes = 120
    /// Whether a leg by rail or air (where the travel model finds it faster than the road)
    /// may go on through the rest between two shifts: a night train or a late flight, the
    /// engineer at the door when the next shift starts. Off by default: work and travel
    /// lie inside shifts, and a leg that does not end by the shift's end goes on the next
    /// morning.
    public var overnightLongHaul = false

    /// The defaults.
    public init() {}
}

/// What a booked appointment window binds (`booked_window:` in the policy).
public enum BookedWindowRule: String, Sendable, Hashable, CaseIterable {
    /// The engineer starts the work inside the window; it may run past the window's end.
    /// The default: the customer books when someone arrives, as appointment windows are
    /// usually offered ("between 13:00 and 18:00"), and the sample's windows are half-day
    /// slots of hours, long beside two hours on site.
    case start
    /// The work also ends inside the window: for a site whose access ends with the window
    /// (a data centre's escorted slot), the latest start is the window's end less the
    /// minutes on site.
    case finish
}

/// The service policy as data: every rule of spec/service-policy.md with its id.
public struct Policy: Sendable {
    /// The policy's name, for reports.
    public var name: String
    /// Tier deadlines (D1–D5).
    public var tiers: [Tier: TierRule]
    /// The reading of D1–D5 against the gazetteer, first match wins.
    public var tierOfPlace: [TierSelector]
    /// Every component's coverage, mode, skill and minutes.
    public var components: [Component: ComponentRule]
    /// Warranty numbers (S1–S6).
    public var warranty: WarrantyRule
    /// Rack installation and commissioning (M5).
    public var installation: VisitRule
    /// Periodic inspection (M6).
    public var inspection: VisitRule
    /// The default shift start.
    public var shiftStart: ClockTime
    /// The default shift end.
    public var shiftEnd: ClockTime
    /// The default travel model.
    public var travel: TravelModel
    /// Rule ids of X2–X9 that void the promise, with their short meaning.
    public var exclusions: [String: String]
    /// Limits of multi-day trips.
    public var trips = TripRules()
    /// Whether work must start, or also end, inside a booked window.
    public var bookedWindow = BookedWindowRule.start

    /// The tier of a gazetteer place, and the rule that decided it.
    public func tier(of place: Place, in gazetteer: Gazetteer) -> (tier: Tier, rule: String)? {
        let prefecture = gazetteer.prefecture(of: place)
        for selector in tierOfPlace where selector.matches(place, prefecture: prefecture) {
            return (selector.tier, selector.rule)
        }
        return nil
    }

    /// The skills a visit for `component` of `kind` needs, before a ticket's own extras.
    public func skill(for kind: TicketKind, component: Component?) -> String? {
        switch kind {
        case .installation: return installation.skill
        case .inspection: return inspection.skill
        case .repair: return component.flatMap { components[$0]?.skill }
        }
    }

    /// Default minutes on site for `component` of `kind`.
    public func minutes(for kind: TicketKind, component: Component?) -> Int? {
        switch kind {
        case .installation: return installation.minutes
        case .inspection: return inspection.minutes
        case .repair: return component.flatMap { components[$0]?.minutes }
        }
    }
}
