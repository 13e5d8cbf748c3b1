import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// One row of `fieldops bench`: a solver's plan of one morning, counted only after the
/// plan validator found nothing wrong with it.
public struct BenchRow: Sendable {
    /// The morning's name (`gen-1000x100-s7`, `sample`).
    public var instance: String
    /// `greedy` or `glpk`.
    public var solver: String
    /// How the solver stopped.
    public var status: String
    /// Visits on time.
    public var onTime: Int
    /// Of those, the must-today repairs (no qualified engineer could be on time later).
    public var mustTodayOnTime: Int
    /// The most must-today visits any plan can put on time, when the solver proves it.
    public var mustTodayOnTimeMax: Int? = nil
    /// How the bound was proven (`column_generation`, `lagrangian`, `assignment_lp`).
    public var boundSource: String? = nil
    /// Visits planned late.
    public var late: Int
    /// Visits deferred to a later day.
    public var deferred: Int
    /// Visits with no place today.
    public var unassigned: Int
    /// Kilometres driven.
    public var travelKm: Double
    /// The objective (lower is better).
    public var objective: Double
    /// The relative gap to the proven bound, when the solver proves one.
    public var gap: Double?
    /// How much more the plan drives than any plan with its service level must, as a
    /// share of its travel (`BoundReport.TravelBound.gap`), when proven.
    public var travelGap: Double? = nil
    /// How the travel bound was proven (`column_generation`, `lagrangian`).
    public var travelSource: String? = nil
    /// Wall-clock seconds, problem and plan included.
    public var seconds: Double
    /// Why greedy was used instead of GLPK, if it was.
    public var fallbackReason: String?
    /// What the validator found wrong (empty: the row counts).
    public var violations: [String]
}

/// The quality benchmark: plans mornings with each solver and tabulates what came out.
public enum QualityBench {
    /// A morning to plan.
    public struct Morning: Sendable {
        /// Its name in the table.
        public var name: String
        /// Tickets and engineers.
        public var instance: Instance
        /// When the plan is made.
        public var at: Date

        /// Creates a morning.
        public init(name: String, instance: Instance, at: Date) {
            self.name = name
            self.instance = instance
            self.at = at
        }
    }

    /// Plans `morning` through the pipeline with `options` and validates the plan.
    public static func run(_ morning: Morning, options: PlanningOptions, triage: Triage, travel: Travel) throws(InputError) -> BenchRow {
        let started = Date()
        let request = PlanningRequest(tickets: morning.instance.tickets, engineers: morning.instance.engineers, triage: triage,
                                      travel: travel, at: morning.at)
        let outcome = try PlanningPipeline.plan(request, options: options)
        let (results, plan) = (outcome.triage, outcome.plan)
        let seconds = Date().timeIntervalSince(started)
        let violations = PlanValidator(triage: results, engineers: morning.instance.engineers, travel: travel, trips: triage.policy.trips)
            .violations(of: plan)
        let s = plan.summary
        var row = BenchRow(instance: morning.name, solver: options.solver.rawValue, status: plan.solver.status, onTime: s.onTime,
                           mustTodayOnTime: plan.mustTodayOnTime, late: s.late, deferred: s.deferred, unassigned: s.unassigned,
                           travelKm: s.travelKm, objective: plan.solver.objective, gap: plan.solver.gap, seconds: seconds,
                           fallbackReason: plan.solver.fallbackReason, violations: violations)
        row.mustTodayOnTimeMax = plan.solver.boundReport?.mustTodayOnTimeMax
        row.boundSource = plan.solver.boundReport?.source
        row.travelGap = plan.solver.boundReport?.travel?.gap
        row.travelSource = plan.solver.boundReport?.travel?.source
        return row
    }

    /// The rows as a text table.
    public static func text(_ rows: [BenchRow]) -> String {
        var table = TextTable(["instance", "solver", "status", "on time", "must-today on time", "of at most", "late", "deferred", "unassigned",
                               "travel km", "objective", "gap", "travel gap", "seconds", "valid"],
                              align: [.left, .left, .left] + Array(repeating: .right, count: 11) + [.left])
        for r in rows {
            table.add([r.instance, r.solver, r.status, String(r.onTime), String(r.mustTodayOnTime), r.mustTodayOnTimeMax.map(String.init) ?? "–",
                       String(r.late), String(r.deferred), String(r.unassigned), String(format: "%.0f", r.travelKm),
                       String(format: "%.0f", r.objective),
                       r.gap.map { String(format: "%.1f%%", $0 * 100) + (r.boundSource == "lagrangian" ? "*" : r.boundSource == "assignment_lp" ? "†" : "") } ?? "–",
                       r.travelGap.map { String(format: "%.1f%%", $0 * 100) + (r.travelSource == "lagrangian" ? "*" : "") } ?? "–",
                       String(format: "%.1f", r.seconds), r.violations.isEmpty ? "yes" : "NO: " + r.violations[0]])
        }
        var out = table.render()
        if rows.contains(where: { $0.gap != nil }) {
            out += "gap: of the part of the objective a plan can change, to a proven bound (column generation over every route; "
                + "marked * where it stopped early, † where the assignment LP's is stated (column generation proved none, or over trips a lower one)); of at most: the most must-today visits any plan can put on time; "
                + "travel gap: how much more the plan drives than any plan that serves as many visits, as many on time and as many must-today ones on time must (of the plan's travel)\n"
        }
        for r in rows where r.fallbackReason != nil {
            out += "  \(r.instance) \(r.solver): fell back to greedy: \(r.fallbackReason!)\n"
        }
        return out
    }

    /// The rows as JSON: a list of objects.
    public static func json(_ rows: [BenchRow]) -> JSONValue {
        .array(rows.map { r in
            .object([
                ("instance", .string(r.instance)), ("solver", .string(r.solver)), ("status", .string(r.status)),
                ("on_time", .int(r.onTime)), ("must_today_on_time", .int(r.mustTodayOnTime)),
                ("must_today_on_time_max", r.mustTodayOnTimeMax.map { .int($0) } ?? .null), ("bound_source", .optional(r.boundSource)),
                ("late", .int(r.late)),
                ("deferred", .int(r.deferred)), ("unassigned", .int(r.unassigned)),
                ("travel_km", .number(r.travelKm, digits: 1)), ("objective", .number(r.objective, digits: 3)),
                ("gap", r.gap.map { .number($0, digits: 6) } ?? .null), ("travel_gap", r.travelGap.map { .number($0, digits: 6) } ?? .null),
                ("seconds", .number(r.seconds, digits: 3)),
                ("fallback_reason", .optional(r.fallbackReason)), ("violations", .array(r.violations.map { .string($0) })),
            ])
        })
    }

    /// The rows as CSV.
    public static func csv(_ rows: [BenchRow]) -> String {
        var out = "instance,solver,status,on_time,must_today_on_time,must_today_on_time_max,late,deferred,unassigned,travel_km,objective,gap,bound_source,travel_gap,seconds,valid\n"
        for r in rows {
            let cells = [r.instance, r.solver, r.status, String(r.onTime), String(r.mustTodayOnTime), r.mustTodayOnTimeMax.map(String.init) ?? "", String(r.late),
                         String(r.deferred), String(r.unassigned), String(format: "%.1f", r.travelKm), String(format: "%.0f", r.objective),
                         r.gap.map { String(format: "%.6f", $0) } ?? "", r.boundSource ?? "", r.travelGap.map { String(format: "%.6f", $0) } ?? "",
                         String(format: "%.3f", r.seconds),
                         r.violations.isEmpty ? "true" : "false"]
            out += cells.map(csvCell).joined(separator: ",") + "\n"
        }
        return out
    }
}

/// One row of `fieldops bench --solomon`: a plane instance against its best-known solution.
public struct SolomonRow: Sendable {
    /// The instance's name.
    public var instance: String
    /// Vehicles used.
    public var vehicles: Int
    /// Distance, unrounded.
    public var distance: Double
    /// Customers left out (0 when complete).
    public var unserved: Int
    /// The best-known vehicle count, if listed.
    public var bksVehicles: Int?
    /// The best-known distance, if listed.
    public var bksDistance: Double?
    /// `(distance - bks) / bks`.
    public var gap: Double? { bksDistance.map { (distance - $0) / $0 } }
    /// Wall-clock seconds.
    public var seconds: Double
    /// What the exact-arithmetic check found wrong, if anything.
    public var violation: String?

    /// Solves `instance` and checks the solution.
    public static func run(_ instance: PlaneInstance, bks: BestKnown?, options: PlanningOptions) -> SolomonRow {
        let result = PlaneSolver.solve(instance, options: options.plannerOptions)
        let known = bks?.solutions[instance.name]
        return SolomonRow(instance: instance.name, vehicles: result.vehicles, distance: result.distance, unserved: result.unserved,
                          bksVehicles: known?.vehicles, bksDistance: known?.distance, seconds: result.seconds,
                          violation: instance.violation(of: result.routes))
    }

    /// The rows as a text table, with the mean gap and the vehicle counts matched.
    public static func text(_ rows: [SolomonRow]) -> String {
        var table = TextTable(["instance", "vehicles", "BKS vehicles", "distance", "BKS distance", "gap", "seconds", "valid"],
                              align: [.left] + Array(repeating: .right, count: 6) + [.left])
        for r in rows {
            table.add([r.instance, String(r.vehicles), r.bksVehicles.map(String.init) ?? "–", String(format: "%.2f", r.distance),
                       r.bksDistance.map { String(format: "%.2f", $0) } ?? "–", r.gap.map { String(format: "%+.2f%%", $0 * 100) } ?? "–",
                       String(format: "%.1f", r.seconds), r.violation.map { "NO: " + $0 } ?? "yes"])
        }
        var out = table.render()
        let gaps = rows.compactMap(\.gap)
        if !gaps.isEmpty {
            let matched = rows.filter { r in r.bksVehicles.map { r.vehicles <= $0 } ?? false }.count
            let listed = rows.filter { $0.bksVehicles != nil }.count
            out += String(format: "  mean gap %+.2f%% over %d instances; best-known vehicle count or fewer on %d of %d; %.0f s in all\n",
                          gaps.reduce(0, +) / Double(gaps.count) * 100, gaps.count, matched, listed, rows.reduce(0) { $0 + $1.seconds })
            // More vehicles than the best known usually buy a shorter distance: the gap
            // that compares like with like is over the instances at that vehicle count.
            let alike = rows.filter { r in r.bksVehicles == r.vehicles }.compactMap(\.gap)
            if !alike.isEmpty, alike.count < gaps.count {
                out += String(format: "  mean gap %+.2f%% over the %d instances at the best-known vehicle count\n",
                              alike.reduce(0, +) / Double(alike.count) * 100, alike.count)
            }
        }
        return out
    }

    /// The rows as JSON: `{instance, vehicles, distance, bks_vehicles, bks_distance, gap, seconds}` and the check.
    public static func json(_ rows: [SolomonRow]) -> JSONValue {
        .array(rows.map { r in
            .object([
                ("instance", .string(r.instance)), ("vehicles", .int(r.vehicles)), ("distance", .number(r.distance, digits: 2)),
                ("bks_vehicles", r.bksVehicles.map { .int($0) } ?? .null),
                ("bks_distance", r.bksDistance.map { .number($0, digits: 2) } ?? .null),
                ("gap", r.gap.map { .number($0, digits: 6) } ?? .null), ("seconds", .number(r.seconds, digits: 3)),
                ("unserved", .int(r.unserved)), ("violation", .optional(r.violation)),
            ])
        })
    }

    /// The rows as CSV.
    public static func csv(_ rows: [SolomonRow]) -> String {
        var out = "instance,vehicles,distance,bks_vehicles,bks_distance,gap,seconds,unserved,valid\n"
        for r in rows {
            let cells = [r.instance, String(r.vehicles), String(format: "%.2f", r.distance), r.bksVehicles.map(String.init) ?? "",
                         r.bksDistance.map { String(format: "%.2f", $0) } ?? "", r.gap.map { String(format: "%.6f", $0) } ?? "",
                         String(format: "%.3f", r.seconds), String(r.unserved), r.violation == nil ? "true" : "false"]
            out += cells.map(csvCell).joined(separator: ",") + "\n"
        }
        return out
    }
}
