import FieldOpsCore
import FieldOpsSupport

/// How a plan weighs on-time visits, lateness and travel: the values of serving each
/// class of visit on time, of an urgent repair served late, the cost of a minute late,
/// and of a point of priority, all in travel minutes (`Objective.travelPerMinute`).
/// Three named policies (`ObjectivePolicy.named`); `on-time-first` is the default,
/// chosen by simulation (README, "Objective policies").
public struct ObjectivePolicy: Sendable, Hashable {
    /// The policy's name (`plan --objective`).
    public var name: String
    /// Value of an urgent repair on time (cannot wait until tomorrow).
    public var urgent: Int
    /// Value of work whose window closes today.
    public var closingToday: Int
    /// Value of a repair that could wait.
    public var flexibleRepair: Int
    /// Value of an installation that could wait.
    public var flexibleInstallation: Int
    /// Value of an inspection.
    public var inspection: Int
    /// Value of an urgent repair served late, before its lateness is taken off.
    public var urgentLate: Int
    /// Cost of one minute of lateness.
    public var latePerMinute: Int
    /// Value of one point of ticket priority, to break ties among equals.
    public var priorityValue = 10

    /// FieldOps' first objective (the default until simulation chose on-time-first): as
    /// many on-site visits on time as possible, the ones that cannot wait first; then as
    /// little lateness as possible for urgent repairs that cannot be on time (a late
    /// urgent repair, 100,000 less 50 a minute, is worth up to twenty flexible repairs on
    /// time); then travel.
    public static let urgentFirst = ObjectivePolicy(name: "urgent-first", urgent: 1_000_000, closingToday: 50_000, flexibleRepair: 5_000,
                                                    flexibleInstallation: 3_000, inspection: 1_000, urgentLate: 100_000, latePerMinute: 50)
    /// On time first (the default): the same values on time, but a late visit (900 less
    /// a minute late) is worth less than any visit on time, so a late visit only takes
    /// time that no on-time visit can use.
    public static let onTimeFirst = ObjectivePolicy(name: "on-time-first", urgent: 1_000_000, closingToday: 50_000, flexibleRepair: 5_000,
                                                    flexibleInstallation: 3_000, inspection: 1_000, urgentLate: 900, latePerMinute: 1)
    /// Weighted: every visit on time counts, an urgent repair as 2.5 flexible ones
    /// (20,000 to 8,000), work closing today 12,000, installations 5,000, inspections
    /// 2,000; a late urgent repair 6,000 less 5 a minute, below a flexible repair on time.
    public static let weighted = ObjectivePolicy(name: "weighted", urgent: 20_000, closingToday: 12_000, flexibleRepair: 8_000,
                                                 flexibleInstallation: 5_000, inspection: 2_000, urgentLate: 6_000, latePerMinute: 5)

    /// The default policy.
    public static let standard = onTimeFirst

    /// The named policies, the default first.
    public static let named: [ObjectivePolicy] = [.onTimeFirst, .urgentFirst, .weighted]

    /// The policy called `name`, or `nil`.
    public static func named(_ name: String) -> ObjectivePolicy? { named.first { $0.name == name } }

    /// Value of serving a visit of class `c` on time.
    @inline(__always)
    public func onTimeValue(_ c: VisitClass) -> Int {
        switch c {
        case .urgent: return urgent
        case .closingToday: return closingToday
        case .flexibleRepair: return flexibleRepair
        case .flexibleInstallation: return flexibleInstallation
        case .inspection: return inspection
        }
    }

    /// The most a visit can add: served on time.
    @inline(__always)
    public func fullValue(_ v: Visit) -> Int {
        onTimeValue(v.visitClass) + priorityValue * max(v.priority, 0)
    }

    /// What serving `v` with `lateMinutes` of lateness adds (at least 1: served beats not).
    @inline(__always)
    public func value(_ v: Visit, lateMinutes: Int) -> Int {
        let bonus = priorityValue * max(v.priority, 0)
        if lateMinutes <= 0 { return onTimeValue(v.visitClass) + bonus }
        return max(1, urgentLate - latePerMinute * lateMinutes) + bonus
    }
}

/// The planner's objective: a plan's cost is what it gives up under the problem's
/// `ObjectivePolicy`: the full value of every visit not served on time, the lateness of
/// late ones, and the travel minutes. Lower is better.
public enum Objective {
    /// Cost of one travel minute: the unit every policy's values are in.
    public static let travelPerMinute = 1
}
