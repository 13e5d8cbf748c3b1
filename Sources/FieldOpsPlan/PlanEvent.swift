import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// Something that happened during the day, given to a re-plan (`plan --event`, or one a
/// line in `--events FILE`), in a dispatcher's words:
///
/// - `engineer E05 off from 11:00` (or `engineer E05 off`: from the re-plan's time): ill or
///   called away; visits already started stay, the rest go to others.
/// - `ticket T0030 cancelled`: the customer no longer needs the visit.
/// - `visit T0031 overran 60 min`: a started visit takes that much longer; what follows
///   on that engineer's route moves later.
/// - `ticket T0199 urgent`: the visit cannot wait for a later day, whatever its deadline.
public enum PlanEvent: Sendable, Equatable {
    /// An engineer stops working from a moment of the day.
    case engineerOff(String, from: Date?)
    /// A ticket no longer needs a visit.
    case cancelled(String)
    /// A started visit runs this many minutes over.
    case overran(String, minutes: Int)
    /// A ticket's visit is due today, whatever its deadline.
    case urgent(String)

    /// The forms an event takes, for error messages and help.
    public static let forms = "'engineer E05 off [from 11:00]', 'ticket T0030 cancelled', 'visit T0031 overran 60 min' or 'ticket T0199 urgent'"

    /// Reads one event; times of day (`11:00`) are on the day of `at` (China Standard
    /// Time), or a full ISO 8601 time. Errors name `file` and `field`.
    public static func parse(_ text: String, at: Date, file: String, field: String) throws(InputError) -> PlanEvent {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        func fail(_ why: String) -> InputError { InputError(file: file, field: field, "'\(text)': \(why)") }
        guard words.count >= 3 else { throw fail("an event is one of " + forms) }
        let (subject, id, verb) = (words[0].lowercased(), words[1], words[2].lowercased())
        let rest = Array(words.dropFirst(3))
        switch (subject, verb) {
        case ("engineer", "off"):
            if rest.isEmpty { return .engineerOff(id, from: nil) }
            guard rest.count == 2, rest[0].lowercased() == "from" else { throw fail("write 'engineer \(id) off' or 'engineer \(id) off from 11:00'") }
            guard let time = moment(rest[1], on: Day(at)) else { throw fail("'\(rest[1])' is not a time of day (11:00) nor an ISO 8601 time") }
            return .engineerOff(id, from: time)
        case ("ticket", "cancelled"), ("ticket", "canceled"):
            guard rest.isEmpty else { throw fail("write 'ticket \(id) cancelled'") }
            return .cancelled(id)
        case ("ticket", "urgent"):
            guard rest.isEmpty else { throw fail("write 'ticket \(id) urgent'") }
            return .urgent(id)
        case ("visit", "overran"), ("visit", "overruns"), ("visit", "overrun"):
            let unit = rest.count == 2 ? rest[1].lowercased() : "min"
            guard rest.count == 1 || rest.count == 2, let n = Int(rest[0]), ["min", "mins", "minutes"].contains(unit) else {
                throw fail("write 'visit \(id) overran 60 min'")
            }
            guard (1...720).contains(n) else { throw fail("an overrun is 1…720 minutes, not \(n)") }
            return .overran(id, minutes: n)
        default:
            throw fail("an event is one of " + forms)
        }
    }

    /// Reads a file of events, one a line; blank lines and lines starting with `#` are
    /// skipped. Errors name the file and the line.
    public static func read(path: String, at: Date) throws(InputError) -> [PlanEvent] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, field: "file", "cannot be read as UTF-8 text")
        }
        var out: [PlanEvent] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append(try parse(line, at: at, file: path, field: "line \(i + 1)"))
        }
        return out
    }

    /// The event in words that read back the same on any day (full ISO 8601 times): how
    /// a plan records it (`events` in the plan JSON).
    public var text: String {
        switch self {
        case let .engineerOff(id, from): return "engineer \(id) off" + (from.map { " from " + Timestamp.format($0) } ?? "")
        case let .cancelled(id): return "ticket \(id) cancelled"
        case let .overran(id, minutes): return "visit \(id) overran \(minutes) min"
        case let .urgent(id): return "ticket \(id) urgent"
        }
    }

    /// The event for a dispatcher to read: times as `11-25 11:00`.
    public var label: String {
        if case let .engineerOff(id, from?) = self { return "engineer \(id) off from \(Timestamp.short(from))" }
        return text
    }

    /// The ticket or engineer the event is about.
    public var subject: String {
        switch self {
        case let .engineerOff(id, _), let .cancelled(id), let .overran(id, _), let .urgent(id): return id
        }
    }

    /// `11:00` on `day`, or a full ISO 8601 time.
    static func moment(_ text: String, on day: Day) -> Date? {
        if let clock = ClockTime(text) { return day.start.addingTimeInterval(Double(clock.minutes) * 60) }
        return Timestamp.parse(text)
    }
}


extension Route {
    /// Stop `j` runs `minutes` over: it ends that much later, and each later stop arrives
    /// later by what is left of the delay (a stop waiting for its window absorbs some),
    /// as does the way home.
    public mutating func overrun(stop j: Int, by minutes: Int) {
        let shift = Double(minutes) * 60
        stops[j].end += shift
        stops[j].overrunMinutes += minutes
        var delay = shift
        for k in (j + 1)..<stops.count where delay > 0 {
            let old = stops[k]
            stops[k].arrive = old.arrive + delay
            stops[k].depart?.time += delay
            stops[k].start = max(stops[k].arrive, old.start)
            stops[k].end = stops[k].start + old.end.timeIntervalSince(old.start)
            stops[k].lateMinutes = old.deadline.map { PlanBuilder.lateMinutes(arrive: stops[k].arrive, deadline: $0) } ?? 0
            delay = stops[k].end.timeIntervalSince(old.end)
        }
        end.time += delay
    }
}
