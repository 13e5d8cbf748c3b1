import ArgumentParser
import FieldOpsKit
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan each engineer's route for the day, and say why every other ticket is not in one.",
        discussion: """
            The objective, in this order: as many on-site visits on time as possible, the ones \
            that cannot wait until tomorrow first; for visits that cannot be on time but must still \
            happen, as little lateness as possible; as little travel as possible; ties by priority. \
            With --previous and --at, visits already started stay as they were, engineers move to \
            where they are at that time, and the rest is planned again.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("The moment to plan from (ISO 8601; default: now).", valueName: "time"))
    var at: String?

    @Option(help: "Output format: text, json or csv.")
    var format: PlanFormat = .text

    @Option(help: ArgumentHelp("Write the plan to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("A plan made earlier today: its started visits are kept and the rest re-planned from --at.", valueName: "plan.json"))
    var previous: String?

    @Option(help: "The seed of the search: the same input and seed give the same plan.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Stop improving after this many seconds (a safety limit; the search usually ends sooner).", valueName: "seconds"))
    var timeLimit: Double = 60

    func validate() throws {
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds.") }
        if previous != nil && at == nil { throw ValidationError("--previous needs --at: the time to re-plan from.") }
    }

    func run() throws {
        try reportingInputErrors {
            let at = try parseAt(self.at)
            let loaded = try input.load()
            let triage = loaded.triage.run(loaded.instance.tickets, at: at)
            var locked: [String: LockedRoute] = [:]
            if let previous {
                let plan = try Plan.read(path: previous)
                locked = try Replan.locked(previous: plan, file: previous, at: at, tickets: loaded.instance.tickets,
                                           engineers: loaded.instance.engineers, model: loaded.policy.travel)
            }
            let problem = PlanningProblem(triage: triage, engineers: loaded.instance.engineers, travel: loaded.travel, at: at, locked: locked)
            var options = PlannerOptions()
            options.seed = seed
            options.timeLimit = timeLimit
            let solution = GreedyPlanner().solve(problem, options: options)
            let plan = PlanBuilder(problem: problem).plan(solution)
            switch format {
            case .text: try emit(plan.text(engineers: loaded.instance.engineers, triage: triage), to: out)
            case .json: try emit(plan.json(triage: triage).rendered(), to: out)
            case .csv: try emit(plan.csv(engineers: loaded.instance.engineers, triage: triage), to: out)
            }
        }
    }
}

/// Output format of a plan.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
