import FieldOpsCore
import FieldOpsSupport
/// The planner's objective, as weights that keep the order the README states:
/// (1) as many on-site visits on time as possible, the ones that cannot wait until
/// tomorrow first; (2) for visits that cannot be on time but must still happen, as
/// little lateness as possible; (3) as little travel as possible; ties by priority.
///
/// A plan's cost is what it gives up: the full value of every visit not served on
/// time, the lateness of late ones, and the travel minutes. Lower is better.
public enum Objective {
    /// Value of serving a visit on time, by class. Each class is worth more than every
    /// lower class can add up to in a day's work, so an urgent repair is never traded for
    /// flexible work.
    public static func onTimeValue(_ c: VisitClass) -> Int {
        switch c {
        case .urgent: return 1_000_000
        case .closingToday: return 50_000
        case .flexibleRepair: return 5_000
        case .flexibleInstallation: return 3_000
        case .inspection: return 1_000
        }
    }

    /// Value of serving an urgent repair late: less than on time, more than not at all
    /// even after a whole day of lateness (`latePerMinute` × 1,440 < this).
    public static let urgentLateValue = 100_000
    /// Cost of one minute of lateness: 50 travel minutes.
    public static let latePerMinute = 50
    /// Cost of one travel minute.
    public static let travelPerMinute = 1
    /// Value of one point of ticket priority, to break ties among equals.
    public static let priorityValue = 10

    /// The most a visit can add: served on time.
    public static func fullValue(_ v: Visit) -> Int {
        onTimeValue(v.visitClass) + priorityValue * max(v.priority, 0)
    }

    /// What serving `v` with `lateMinutes` of lateness adds.
    public static func value(_ v: Visit, lateMinutes: Int) -> Int {
        let bonus = priorityValue * max(v.priority, 0)
        if lateMinutes <= 0 { return onTimeValue(v.visitClass) + bonus }
        return max(1, urgentLateValue - latePerMinute * lateMinutes) + bonus
    }
}
