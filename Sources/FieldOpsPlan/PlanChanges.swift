import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// What a re-plan changed against the plan before it, visit by visit, so that the
/// dispatcher phones exactly the engineers and customers it touches. Visits already
/// started stay as they were and are not counted; every other visit the earlier plan had
/// in a route is kept (same engineer, arrival within `Tuning.retimedMinutes`), moved in
/// time, moved to another engineer, or dropped; a visit in a route now and in none
/// before is added.
public struct PlanChanges: Sendable, Equatable {
    /// How one visit changed.
    public enum Kind: String, Sendable, CaseIterable {
        /// Another engineer goes (the customer hears who, and when).
        case moved
        /// The same engineer, at least `Tuning.retimedMinutes` earlier or later.
        case retimed
        /// In no route now: deferred, unassigned or cancelled (`note` says which).
        case dropped
        /// In a route now and in none before: a new ticket, or one the earlier plan left out.
        case added
    }

    /// One visit's change.
    public struct Change: Sendable, Equatable {
        /// The ticket.
        public var ticket: String
        /// How it changed.
        public var kind: Kind
        /// The engineer and arrival before (`nil` for an added visit).
        public var before: (engineer: String, arrive: Date)?
        /// The engineer and arrival now (`nil` for a dropped visit).
        public var after: (engineer: String, arrive: Date)?
        /// Why a dropped visit is in no route (the plan's reason, or the event).
        public var note: String?

        public static func == (a: Change, b: Change) -> Bool {
            a.ticket == b.ticket && a.kind == b.kind && a.note == b.note
                && a.before?.engineer == b.before?.engineer && a.before?.arrive == b.before?.arrive
                && a.after?.engineer == b.after?.engineer && a.after?.arrive == b.after?.arrive
        }
    }

    /// When the earlier plan was made.
    public var since: Date
    /// Visits the earlier plan had in a route, not started, that keep their engineer and time.
    public var kept: Int
    /// Every other change, by ticket id.
    public var changes: [Change]

    /// How many changes of `kind`.
    public func count(_ kind: Kind) -> Int { changes.filter { $0.kind == kind }.count }

    /// The changes of `previous` into `plan`, re-planned at `at`; `cancelled` are the
    /// tickets an event cancelled.
    public init(from previous: Plan, to plan: Plan, at: Date, cancelled: Set<String> = []) {
        since = previous.plannedAt
        func open(_ p: Plan) -> [String: (engineer: String, arrive: Date)] {
            var out: [String: (engineer: String, arrive: Date)] = [:]
            for route in p.routes { for stop in route.stops where stop.start > at { out[stop.ticket] = (route.engineer, stop.arrive) } }
            return out
        }
        let before = open(previous), after = open(plan)
        let startedNow = Set(plan.routes.flatMap { $0.stops.filter { $0.start <= at }.map(\.ticket) })
        var why: [String: String] = [:]
        for d in plan.deferred { why[d.ticket] = "deferred: " + d.reason }
        for u in plan.unassigned { why[u.ticket] = "unassigned: " + u.reason }
        var kept = 0
        var changes: [Change] = []
        for (ticket, was) in before.sorted(by: { $0.key < $1.key }) {
            guard let now = after[ticket] else {
                // Started by now in the new plan only if an event moved times: not a change to phone about.
                if startedNow.contains(ticket) { kept += 1; continue }
                let note = cancelled.contains(ticket) ? "cancelled" : why[ticket] ?? "no longer needs a visit"
                changes.append(Change(ticket: ticket, kind: .dropped, before: was, after: nil, note: note))
                continue
            }
            if now.engineer != was.engineer {
                changes.append(Change(ticket: ticket, kind: .moved, before: was, after: now))
            } else if abs(now.arrive.timeIntervalSince(was.arrive)) >= Double(Tuning.retimedMinutes) * 60 {
                changes.append(Change(ticket: ticket, kind: .retimed, before: was, after: now))
            } else {
                kept += 1
            }
        }
        for (ticket, now) in after.sorted(by: { $0.key < $1.key }) where before[ticket] == nil {
            changes.append(Change(ticket: ticket, kind: .added, before: nil, after: now))
        }
        self.kept = kept
        self.changes = changes
    }

    /// The engineers the changes touch, in id order: who gains, loses or moves a visit.
    public var engineersTouched: [String] {
        Set(changes.flatMap { [$0.before?.engineer, $0.after?.engineer].compactMap { $0 } }).sorted()
    }

    /// One line of totals: `12 kept, 3 moved to another engineer, …`.
    public var totals: String {
        "\(kept) kept, \(count(.moved)) moved to another engineer, \(count(.retimed)) at another time "
            + "(±\(Tuning.retimedMinutes) min or more), \(count(.dropped)) dropped, \(count(.added)) added"
    }

    /// The text plan's section: the totals, then for each engineer touched what they gain,
    /// lose and do at another time; each line names the customer to call when the ticket
    /// has one.
    func text(on today: Day, tickets: [String: TriageResult]) -> String {
        var out = "Changes since the plan of \(Timestamp.short(since)): \(totals).\n"
        func clock(_ d: Date) -> String { Timestamp.clock(d, on: today) }
        func customer(_ ticket: String) -> String {
            let x = tickets[ticket]?.ticket.extras ?? [:]
            let who = [x["customer"], x["contact"], x["phone"]].compactMap { $0 }.filter { !$0.isEmpty }
            return who.isEmpty ? "" : " · call " + who.joined(separator: ", ")
        }
        for engineer in engineersTouched {
            var lines: [String] = []
            for c in changes {
                switch c.kind {
                case .moved where c.after?.engineer == engineer:
                    lines.append("+ \(c.ticket) from \(c.before!.engineer), arrive \(clock(c.after!.arrive))\(customer(c.ticket))")
                case .moved where c.before?.engineer == engineer:
                    lines.append("− \(c.ticket) to \(c.after!.engineer)")
                case .added where c.after?.engineer == engineer:
                    lines.append("+ \(c.ticket) (new in a route), arrive \(clock(c.after!.arrive))\(customer(c.ticket))")
                case .dropped where c.before?.engineer == engineer:
                    lines.append("− \(c.ticket): \(c.note ?? "dropped")\(customer(c.ticket))")
                case .retimed where c.after?.engineer == engineer:
                    lines.append("~ \(c.ticket) arrive \(clock(c.after!.arrive)), was \(clock(c.before!.arrive))\(customer(c.ticket))")
                default: continue
                }
            }
            out += "  \(engineer): " + lines.joined(separator: "\n" + String(repeating: " ", count: engineer.count + 4)) + "\n"
        }
        return out + "\n"
    }

    /// The plan JSON's `changes` block.
    var json: JSONValue {
        func point(_ p: (engineer: String, arrive: Date)?) -> JSONValue {
            p.map { .object([("engineer", .string($0.engineer)), ("arrive", .string(Timestamp.format($0.arrive)))]) } ?? .null
        }
        return .object([
            ("since", .string(Timestamp.format(since))),
            ("kept", .int(kept)),
            ("moved", .int(count(.moved))),
            ("retimed", .int(count(.retimed))),
            ("dropped", .int(count(.dropped))),
            ("added", .int(count(.added))),
            ("engineers_touched", .array(engineersTouched.map { .string($0) })),
            ("visits", .array(changes.map { c in
                .object([("ticket", .string(c.ticket)), ("change", .string(c.kind.rawValue)), ("before", point(c.before)),
                         ("after", point(c.after))] + (c.note.map { [("note", .string($0))] } ?? []))
            })),
        ])
    }
}
