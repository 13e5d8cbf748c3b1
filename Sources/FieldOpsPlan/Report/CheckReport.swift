import FieldOpsCore
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// What `fieldops check` shows: the triage of every ticket, counted by outcome and
/// tier, with the engineers who could serve each visit at all.
public struct CheckReport: Sendable {
    /// An engineer who has the skills a visit needs, and the travel to it.
    public struct Candidate: Sendable {
        /// The engineer.
        public var engineer: Engineer
        /// Travel from where the engineer starts to the site.
        public var leg: Leg
    }

    /// One ticket's line.
    public struct Row: Sendable {
        /// The triage.
        public var triage: TriageResult
        /// Hours from `at` to the deadline (negative: overdue).
        public var hoursLeft: Double?
        /// The engineers who could take the visit today, nearest first (the planning problem's
        /// candidates; visits only; at most `CheckReport.nearestShown`).
        public var candidates: [Candidate]
        /// How many engineers have the skills at all.
        public var qualifiedCount: Int
    }

    /// How many of the nearest qualified engineers a row lists.
    public static let nearestShown = 10

    /// The moment the report is for.
    public var at: Date
    /// The policy's name.
    public var policyName: String
    /// How many engineers were read.
    public var engineerCount: Int
    /// Every ticket, in input order.
    public var rows: [Row]
    /// Warnings about skills and engineers, beside the triage's own: a visit needing a
    /// skill no engineer holds, an engineer's skill nothing needs (a misspelling), a base
    /// name settled by the row's coordinates.
    public var otherWarnings: [(id: String, message: String, isEngineer: Bool)] = []

    /// Triage `instance` at `at` and find, for each visit, the engineers who could take it:
    /// the candidates of today's planning problem (`PlanningProblem.candidates`), the same
    /// engineers the planner considers: qualified, working today, able to reach it in their
    /// shift and be back by its end.
    public init(instance: Instance, triage: Triage, travel: Travel, at: Date) {
        self.at = at
        self.policyName = triage.policy.name
        self.engineerCount = instance.engineers.count
        let results = triage.run(instance.tickets, at: at)
        let problem = PlanningProblem(triage: results, engineers: instance.engineers, travel: travel, at: at)
        let visitOf = problem.visitOfTicket
        self.rows = results.enumerated().map { i, result in
            var candidates: [Candidate] = []
            var qualified = 0
            if result.outcome.needsVisit {
                qualified = instance.engineers.filter { $0.canServe(skills: result.skills) }.count
                candidates = (visitOf[i].map { problem.candidates[$0] } ?? []).prefix(CheckReport.nearestShown).map { e in
                    let engineer = instance.engineers[e]
                    return Candidate(engineer: engineer, leg: travel.leg(from: engineer, to: result.ticket))
                }
            }
            let left = result.deadline.map { $0.timeIntervalSince(at) / 3600 }
            return Row(triage: result, hoursLeft: left, candidates: candidates, qualifiedCount: qualified)
        }
        let held = Set(instance.engineers.flatMap(\.skills))
        for result in results where result.outcome.needsVisit {
            let missing = result.skills.filter { !held.contains($0) }
            if !missing.isEmpty {
                otherWarnings.append((result.ticket.id, "needs \(missing.map { "'\($0)'" }.joined(separator: ", ")), which no engineer holds: nobody can take it", false))
            }
        }
        let policy = triage.policy
        let needed = Set(policy.components.values.map(\.skill) + [policy.installation.skill, policy.inspection.skill]
            + results.flatMap(\.skills))
        for engineer in instance.engineers {
            otherWarnings += engineer.inputWarnings.map { (engineer.id, $0, true) }
            let unused = engineer.skills.filter { !needed.contains($0) }
            if !unused.isEmpty {
                otherWarnings.append((engineer.id, "skill \(unused.map { "'\($0)'" }.joined(separator: ", ")) is needed by no component rule and no ticket: check its spelling", true))
            }
        }
    }

    /// Tickets per outcome, and within it per rule, in a fixed order.
    public var byOutcome: [(outcome: Outcome, count: Int, rules: [(String, Int)])] {
        Outcome.allCases.compactMap { outcome in
            let matching = rows.filter { $0.triage.outcome == outcome }
            guard !matching.isEmpty else { return nil }
            let rules = Dictionary(grouping: matching, by: { $0.triage.rule }).map { ($0.key, $0.value.count) }
                .sorted { ruleOrder($0.0, $1.0) }
            return (outcome, matching.count, rules)
        }
    }

    /// Tickets per rule id, each id once (a rule can decide several outcomes: D5 plans a
    /// ticket with an agreed deadline and holds one without), in the policy's order.
    public var byRule: [(rule: String, count: Int)] {
        Dictionary(grouping: rows, by: { $0.triage.rule }).map { ($0.key, $0.value.count) }
            .sorted { ruleOrder($0.0, $1.0) }
    }

    /// Tickets and visits per tier (`nil`: a site with no tier).
    public var byTier: [(tier: Tier?, tickets: Int, visits: Int)] {
        (Tier.allCases.map { Optional($0) } + [nil]).compactMap { tier in
            let matching = rows.filter { $0.triage.tier == tier }
            guard !matching.isEmpty else { return nil }
            return (tier, matching.count, matching.filter { $0.triage.outcome.needsVisit }.count)
        }
    }

    /// Visits, most urgent first: repairs by deadline, then windows by their end.
    public var visits: [Row] {
        rows.filter { $0.triage.outcome.needsVisit }.sorted { a, b in
            let ka = a.triage.deadline ?? a.triage.windowEnd ?? .distantFuture
            let kb = b.triage.deadline ?? b.triage.windowEnd ?? .distantFuture
            if ka != kb { return ka < kb }
            if a.triage.ticket.priority != b.triage.ticket.priority { return a.triage.ticket.priority > b.triage.ticket.priority }
            return a.triage.ticket.id < b.triage.ticket.id
        }
    }

    /// Every warning, with its ticket (or engineer) id: the triage's in input order, then
    /// the skills' and engineers'.
    public var warnings: [(ticket: String, message: String)] {
        rows.flatMap { row in row.triage.warnings.map { (row.triage.ticket.id, $0) } }
            + otherWarnings.map { ($0.id, $0.message) }
    }
}

/// Orders rule ids as the policy lists them: D, M, W, S, X, then the rest.
func ruleOrder(_ a: String, _ b: String) -> Bool {
    func key(_ id: String) -> (Int, Int, String) {
        let families = ["D", "M", "W", "S", "X"]
        let family = families.firstIndex(where: { id.hasPrefix($0) }) ?? families.count
        return (family, Int(id.dropFirst()) ?? 0, id)
    }
    return key(a) < key(b)
}

extension CheckReport {
    /// The report as text for a terminal; each visit lists its `nearest` qualified engineers.
    public func text(nearest: Int = 3) -> String {
        var out = "FieldOps check · \(rows.count) tickets, \(engineerCount) engineers · at \(Timestamp.format(at))\n"
        out += "Policy: \(policyName)\n\n"

        var outcomes = TextTable(["Outcome", "Tickets", "Rules"], align: [.left, .right, .left])
        for (outcome, count, rules) in byOutcome {
            outcomes.add([outcome.label, String(count), rules.map { "\($0.0) \($0.1)" }.joined(separator: ", ")])
        }
        outcomes.add(["total", String(rows.count), ""])
        out += outcomes.render() + "\n"

        var tiers = TextTable(["Tier", "Tickets", "Visits"], align: [.left, .right, .right])
        for (tier, count, visits) in byTier {
            tiers.add([tier?.rawValue ?? "(none)", String(count), String(visits)])
        }
        out += tiers.render() + "\n"

        let visitRows = visits
        out += "Visits, most urgent first (\(visitRows.count)):\n"
        var table = TextTable(["Ticket", "Place", "Tier", "Deadline", "Left", "Work", "Skills", "Min", "Could take it today, nearest first"],
                              align: [.left, .left, .left, .left, .right, .left, .left, .right, .left])
        for row in visitRows {
            let t = row.triage
            let due: String
            if let deadline = t.deadline {
                due = Timestamp.short(deadline)
            } else if let end = t.windowEnd {
                due = "by " + Timestamp.short(end)
            } else {
                due = "to book"
            }
            let work: String
            switch t.outcome {
            case .installation: work = "installation"
            case .inspection: work = "inspection"
            default: work = (t.ticket.hotSwap ? "hot-swap " : "") + (t.ticket.component?.rawValue ?? "?") + (t.rule.hasPrefix("D") ? "" : " " + t.rule)
            }
            table.add([t.ticket.id, t.ticket.placeLabel, t.tier?.rawValue ?? "-", due,
                       row.hoursLeft.map { String(format: "%.1f h", $0) } ?? "",
                       work, t.skills.joined(separator: ";"), String(t.serviceMinutes),
                       candidatesText(row.candidates, qualified: row.qualifiedCount, shown: nearest)])
        }
        out += table.render() + "\n"

        let others = rows.filter { !$0.triage.outcome.needsVisit }
        if !others.isEmpty {
            out += "Not sent on site (\(others.count)):\n"
            var other = TextTable(["Ticket", "Outcome", "Rule", "Why"])
            for row in others {
                other.add([row.triage.ticket.id, row.triage.outcome.rawValue, row.triage.rule, row.triage.note])
            }
            out += other.render() + "\n"
        }

        let warnings = self.warnings
        if !warnings.isEmpty {
            out += "Warnings (\(warnings.count)):\n"
            for (ticket, message) in warnings { out += "  \(ticket): \(message)\n" }
        }
        return out
    }

    private func candidatesText(_ candidates: [Candidate], qualified: Int, shown count: Int) -> String {
        if qualified == 0 { return "none has these skills" }
        if candidates.isEmpty { return "none of \(qualified) qualified can reach it in today's shift" }
        let shown = Array(candidates.prefix(count))
        return shown.map { "\($0.engineer.id) \(hours($0.leg.minutes))" }.joined(separator: ", ") + " (of \(qualified) qualified)"
    }

    private func hours(_ minutes: Double) -> String {
        minutes < 60 ? "\(Int(minutes.rounded())) min" : String(format: "%.1f h", minutes / 60)
    }

    /// The report as JSON: counts, then every ticket's triage in input order, then warnings.
    public func json() -> JSONValue {
        .object([
            ("checked_at", .string(Timestamp.format(at))),
            ("policy", .string(policyName)),
            ("counts", .object([
                ("tickets", .int(rows.count)),
                ("engineers", .int(engineerCount)),
                ("by_outcome", .object(byOutcome.map { ($0.outcome.rawValue, .int($0.count)) })),
                ("by_rule", .object(byRule.map { ($0.rule, .int($0.count)) })),
                ("by_tier", .object(byTier.map { ($0.tier?.rawValue ?? "none", .object([("tickets", .int($0.tickets)), ("visits", .int($0.visits))])) })),
            ])),
            ("triage", .array(rows.map(rowJSON))),
            ("warnings", .array(rows.flatMap { row in
                row.triage.warnings.map { JSONValue.object([("ticket", .string(row.triage.ticket.id)), ("message", .string($0))]) }
            } + otherWarnings.map {
                .object([($0.isEngineer ? "engineer" : "ticket", .string($0.id)), ("message", .string($0.message))])
            })),
        ])
    }

    private func rowJSON(_ row: Row) -> JSONValue {
        let t = row.triage
        var fields: [(String, JSONValue)] = [
            ("ticket", .string(t.ticket.id)),
            ("kind", .string(t.ticket.kind.rawValue)),
            ("mode", .string(t.outcome.rawValue)),
            ("rule", .string(t.rule)),
            ("note", .string(t.note)),
            ("place", .optional(t.ticket.place?.name)),
            ("province", .optional(t.ticket.place?.province)),
            ("lat", .number(t.ticket.coordinate.lat, digits: 5)),
            ("lon", .number(t.ticket.coordinate.lon, digits: 5)),
            ("tier", .optional(t.tier?.rawValue)),
            ("component", .optional(t.ticket.component?.rawValue)),
            ("hot_swap", .bool(t.ticket.hotSwap)),
            ("reported_at", .optional(t.ticket.reportedAt.map(Timestamp.format))),
            ("deadline", .optional(t.deadline.map(Timestamp.format))),
            ("hours_left", row.hoursLeft.map { .number($0, digits: 2) } ?? .null),
            ("window_start", .optional(t.windowStart.map(Timestamp.format))),
            ("window_end", .optional(t.windowEnd.map(Timestamp.format))),
        ]
        if let w = t.warranty {
            var warranty: [(String, JSONValue)] = [("state", .string(w.state.rawValue)), ("rule", .string(w.rule))]
            if let start = w.start { warranty.append(("start", .string(start.description))) }
            if let rule = w.startRule { warranty.append(("start_rule", .string(rule))) }
            if let end = w.end { warranty.append(("ends", .string(end.description))) }
            if let end = w.extensionEnd { warranty.append(("extension_ends", .string(end.description))) }
            fields.append(("warranty", .object(warranty)))
        }
        if t.outcome.needsVisit {
            fields.append(("skills", .array(t.skills.map { .string($0) })))
            fields.append(("service_minutes", .int(t.serviceMinutes)))
            fields.append(("qualified_engineers", .int(row.qualifiedCount)))
            fields.append(("engineers", .array(row.candidates.map {
                .object([("id", .string($0.engineer.id)), ("name", .string($0.engineer.name)),
                         ("travel_minutes", .number($0.leg.minutes, digits: 1)), ("travel_km", .number($0.leg.km, digits: 1))])
            })))
        }
        if !t.ticket.extras.isEmpty {
            fields.append(("fields", .object(t.ticket.extras.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        fields.append(("warnings", .array(t.warnings.map { .string($0) })))
        return .object(fields)
    }
}
