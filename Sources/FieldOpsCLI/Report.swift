import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a saved plan as a self-contained HTML page: a route map of China and each engineer's day as a Gantt.",
        discussion: """
            The page needs no network: open it in any browser. Hover or click a route, visit, \
            base or ticket for its details. `fieldops plan … --report plan.html` writes the same \
            page while planning. --plan - reads the plan from standard input.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The plan (JSON, as `fieldops plan --format json` writes it; - for standard input).", valueName: "plan.json"))
    var plan: String

    @Option(help: ArgumentHelp("The HTML file to write (atomically).", valueName: "plan.html"))
    var out: String

    func run() throws {
        try reportingInputErrors {
            let loaded = try input.load()
            let parsed = try readPlan(plan)
            let triage = loaded.triage.run(loaded.instance.tickets, at: parsed.plannedAt)
            try PlanValidator(triage: triage, engineers: loaded.instance.engineers, travel: loaded.travel, trips: loaded.policy.trips)
                .require(parsed, file: plan == "-" ? "standard input" : plan)
            let page = PlanReport(plan: parsed, tickets: loaded.instance.tickets, engineers: loaded.instance.engineers,
                                  gazetteer: loaded.gazetteer).html()
            try writeAtomically(page, to: out)
            print("wrote \(out): \(parsed.routes.count) routes, \(parsed.summary.planned) visits, \(parsed.unassigned.count) unassigned")
        }
    }
}
