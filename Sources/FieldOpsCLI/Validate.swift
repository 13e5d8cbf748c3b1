import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check any plan against the tickets, the engineers, the policy and the travel model.",
        discussion: """
            Every ticket exactly once; skills; shifts; arrival, start and end consistent with the \
            travel model and the minutes on site; late_minutes honest; route and summary figures \
            equal to what the stops add up to. Exit 0 when valid, 1 with the violations listed. \
            --plan - reads the plan from standard input.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The plan to check (JSON; - for standard input).", valueName: "plan.json"))
    var plan: String

    func run() throws {
        var violations: [String] = []
        try reportingInputErrors {
            let loaded = try input.load()
            let parsed = try readPlan(plan)
            let triage = loaded.triage.run(loaded.instance.tickets, at: parsed.plannedAt)
            violations = PlanValidator(triage: triage, engineers: loaded.instance.engineers, travel: loaded.travel, trips: loaded.policy.trips)
                .violations(of: parsed)
            if violations.isEmpty {
                print("valid: \(parsed.summary.planned) stops in \(parsed.routes.count) routes, \(parsed.deferred.count) deferred, \(parsed.unassigned.count) unassigned, \(parsed.triage.count) without a trip; every figure checks out")
            }
        }
        if !violations.isEmpty {
            print("invalid: \(violations.count) violation\(violations.count == 1 ? "" : "s")")
            for v in violations { print("  " + v) }
            throw ExitCode(1)
        }
    }
}
