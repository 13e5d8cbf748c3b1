import FieldOpsSupport
import Foundation

/// Whether a planning time (`--at`) fits the tickets it plans: a time years before the
/// tickets were reported, or decades after, is a mistake (a default clock, a typed
/// year), not a morning to plan, and everything planned from it would be wrong.
public enum PlanningTime {
    /// The years a planning time may fall in.
    public static let years = 2000...2099
    /// How long before the earliest report a planning time may lie.
    public static let beforeReports: TimeInterval = 366 * 86_400
    /// How long after the latest report a planning time may lie.
    public static let afterReports: TimeInterval = 10 * 366 * 86_400

    /// Fails when `at` lies outside `years`, more than a year before the earliest report
    /// of `tickets`, or more than ten years after the latest. A ticket reported minutes or
    /// days after `at` is left to the triage's warning.
    public static func check(_ at: Date, tickets: [Ticket], option: String = "--at") throws(InputError) {
        let year = Day(at).year
        guard years.contains(year) else {
            throw InputError(file: "command line", field: option,
                             "\(Timestamp.format(at)) lies outside \(years.lowerBound)…\(years.upperBound): give the time to plan from, e.g. 2026-11-25T08:00:00+08:00")
        }
        let reports = tickets.compactMap(\.reportedAt)
        guard let earliest = reports.min(), let latest = reports.max() else { return }
        if earliest.timeIntervalSince(at) > beforeReports {
            throw InputError(file: "command line", field: option,
                             "\(Timestamp.format(at)) lies \(yearsText(earliest.timeIntervalSince(at))) before the earliest ticket was reported (\(Timestamp.format(earliest))): check the year")
        }
        if at.timeIntervalSince(latest) > afterReports {
            throw InputError(file: "command line", field: option,
                             "\(Timestamp.format(at)) lies \(yearsText(at.timeIntervalSince(latest))) after the latest ticket was reported (\(Day(latest))): check the year")
        }
    }

    private static func yearsText(_ seconds: TimeInterval) -> String {
        let years = seconds / (365.25 * 86_400)
        return years >= 2 ? "\(Int(years.rounded(.down))) years" : "more than a year"
    }
}
