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

    @Option(help: ArgumentHelp("Also write the plan as a self-contained HTML page (map and day Gantt) to this file.", valueName: "plan.html"))
    var report: String?

    @Option(help: ArgumentHelp("A plan made earlier today: its started visits are kept and the rest re-planned from --at.", valueName: "plan.json"))
    var previous: String?

    @Option(help: "The seed of the search: the same input and seed give the same plan.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Stop after this many seconds: the heuristic's safety limit, and GLPK's limit.", valueName: "seconds"))
    var timeLimit: Double = 30

    @Option(help: "auto (GLPK, greedy when the model is too large or GLPK fails), glpk, or greedy.")
    var solver: SolverChoice = .auto

    @Option(help: ArgumentHelp("Stop GLPK at this relative gap (e.g. 0.01).", valueName: "fraction"))
    var gap: Double?

    @Flag(help: "Let GLPK print its progress on standard error.")
    var verbose = false

    func validate() throws {
        if !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds.") }
        if let gap, !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be a fraction in 0…1.") }
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
            let solution = planner(for: problem).solve(problem, options: options)
            let plan = PlanBuilder(problem: problem).plan(solution)
            if let report {
                try writeAtomically(PlanReport(plan: plan, tickets: loaded.instance.tickets, engineers: loaded.instance.engineers,
                                               gazetteer: loaded.gazetteer).html(), to: report)
            }
            switch format {
            case .text: try emit(plan.text(engineers: loaded.instance.engineers, triage: triage), to: out)
            case .json: try emit(plan.json(triage: triage).rendered(), to: out)
            case .csv: try emit(plan.csv(engineers: loaded.instance.engineers, triage: triage), to: out)
            }
        }
    }
}

extension PlanCommand {
    /// The planner `--solver` asks for; `auto` keeps GLPK to mornings its program can take.
    func planner(for problem: PlanningProblem) -> any Planner {
        let glpk = IntegerPlanner(solver: GLPKSolver(timeLimit: timeLimit, gap: gap, verbose: verbose))
        switch solver {
        case .greedy: return GreedyPlanner()
        case .glpk: return glpk
        case .auto:
            return problem.visits.count <= IntegerPlanner.autoLimit
                ? glpk : FallbackPlanner(reason: "auto: \(problem.visits.count) visits, more than the \(IntegerPlanner.autoLimit) the integer program takes")
        }
    }
}

/// Which planner `--solver` picks.
enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, glpk, greedy
}

/// Output format of a plan.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
