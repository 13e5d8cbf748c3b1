import FieldOpsSupport
import Foundation

/// China Standard Time: every time without an offset is read in it (formats.md).
public let chinaOffsetSeconds = 8 * 3600

/// Minutes in a day: plans count time in minutes from a midnight.
public let minutesPerDay = 1440

/// A calendar day, as warranty rules (S1–S6) count them: no time, no zone.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// A day from its parts; `nil` when they do not name a real day (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.length(ofMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`; `nil` for anything else.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day on which `date` falls in China Standard Time.
    public init(_ date: Date) {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + chinaOffsetSeconds
        self = Day(daysSinceEpoch: local.floorDiv(86_400))
    }

    /// The day `days` after 1970-01-01 (Hinnant's civil-from-days).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 (Hinnant's days-from-civil).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The same day `months` later; a day past the target month's end becomes its last day
    /// (2026-11-30 plus 3 months is 2027-02-28).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total.floorDiv(12)
        let m = total - y * 12 + 1
        return Day(unchecked: y, m, min(day, Day.length(ofMonth: m, year: y)))
    }

    /// The same day `years` later (29 February becomes 28 February in a common year).
    public func adding(years: Int) -> Day { adding(months: years * 12) }

    /// The day `days` later.
    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    /// Midnight at the start of this day, China Standard Time.
    public var start: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch * 86_400 - chinaOffsetSeconds))
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func length(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A time of day in local (China Standard) time, as shifts are written: `08:00`.
public struct ClockTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes after midnight, 0..<1440.
    public var minutes: Int

    /// A time from minutes after midnight.
    public init?(minutes: Int) {
        guard (0..<minutesPerDay).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Reads `HH:MM` (24-hour clock); `24:00` is not a time of day.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        self.minutes = h * 60 + m
    }

    /// `HH:MM`.
    public var description: String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

/// Reading and writing ISO 8601 times the way formats.md defines them.
public enum Timestamp {
    /// Reads `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (a space may stand for `T`; a bare
    /// date means its midnight). No offset means China Standard Time.
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                let c = s[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard s.count >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
              let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let day = Day(year: y, month: mo, day: d) else { return nil }
        var i = 10
        var seconds = 0
        var fraction = 0.0
        if i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: " ") {
            guard let h = number(i + 1, 2), i + 3 < s.count, s[i + 3] == UInt8(ascii: ":"),
                  let mi = number(i + 4, 2), h < 24, mi < 60 else { return nil }
            seconds = h * 3600 + mi * 60
            i += 6
            if i < s.count, s[i] == UInt8(ascii: ":") {
                guard let sec = number(i + 1, 2), sec < 60 else { return nil }
                seconds += sec
                i += 3
                if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                    var j = i + 1
                    var scale = 0.1
                    while j < s.count, s[j] >= 48, s[j] <= 57 {
                        fraction += Double(s[j] - 48) * scale
                        scale /= 10
                        j += 1
                    }
                    guard j > i + 1 else { return nil }
                    i = j
                }
            }
        }
        var offset = chinaOffsetSeconds
        if i < s.count {
            if s[i] == UInt8(ascii: "Z"), i + 1 == s.count {
                offset = 0
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "+") ? 1 : -1
                guard let oh = number(i + 1, 2), oh <= 14 else { return nil }
                var om = 0
                if i + 3 == s.count {
                    om = 0
                } else if i + 6 == s.count, s[i + 3] == UInt8(ascii: ":"), let m = number(i + 4, 2), m < 60 {
                    om = m
                } else if i + 5 == s.count, let m = number(i + 3, 2), m < 60 {
                    om = m
                } else {
                    return nil
                }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        let epoch = day.daysSinceEpoch * 86_400 + seconds - offset
        return Date(timeIntervalSince1970: TimeInterval(epoch) + fraction)
    }

    /// `2026-11-25T08:00:00+08:00`: the time in China Standard Time, to the second.
    public static func format(_ date: Date) -> String {
        let local = Int(date.timeIntervalSince1970.rounded()) + chinaOffsetSeconds
        let day = Day(daysSinceEpoch: local.floorDiv(86_400))
        let secs = local - day.daysSinceEpoch * 86_400
        return day.description + String(format: "T%02d:%02d:%02d+08:00", secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `11-25 08:00`: short, for tables a dispatcher reads.
    public static func short(_ date: Date) -> String {
        let full = format(date)
        let start = full.index(full.startIndex, offsetBy: 5)
        let end = full.index(full.startIndex, offsetBy: 16)
        return full[start..<end].replacingOccurrences(of: "T", with: " ")
    }

    /// The local time of day at `date`, in minutes after midnight.
    public static func minuteOfDay(_ date: Date) -> Int {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + chinaOffsetSeconds
        return (local.floorMod(86_400)) / 60
    }
}

extension Int {
    /// Division rounding towards minus infinity.
    func floorDiv(_ d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }

    /// The remainder that goes with `floorDiv`: always in 0..<d for positive d.
    func floorMod(_ d: Int) -> Int { self - floorDiv(d) * d }
}
