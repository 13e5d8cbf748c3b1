import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Triage every ticket: what happens to it, by which rule, and by when.",
        discussion: """
            Prints counts by outcome and by tier, then every visit (on-site repairs, \
            installations, inspections) most urgent first with its place, tier, deadline, \
            hours left at --at, the work and the skills it needs, and the engineers who have \
            those skills, nearest first; then the tickets that need no trip, and warnings \
            (missing warranty dates, places located only roughly) last.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The moment to count hours left from (ISO 8601; default: now).", valueName: "time"))
    var at: String?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many of the nearest qualified engineers each visit lists in the text (1–10; JSON lists 10).", valueName: "n"))
    var nearest = 3

    func run() throws {
        try reportingInputErrors {
            try checkOption("--nearest", Double(nearest), .nearest)
            let at = try parseAt(self.at)
            let loaded = try input.load()
            try PlanningTime.check(at, tickets: loaded.instance.tickets)
            let report = CheckReport(instance: loaded.instance, triage: loaded.triage, travel: loaded.travel, at: at)
            switch format {
            case .text: try emit(report.text(nearest: nearest), to: out)
            case .json: try emit(report.json().rendered(), to: out)
            }
        }
    }
}
