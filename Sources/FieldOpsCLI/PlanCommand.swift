import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
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

    @Option(help: ArgumentHelp("Also write a route sheet per engineer with visits to this folder: <engineer>.md to send, <engineer>.html to print, <engineer>.json for an app.", valueName: "dir"))
    var sheets: String?

    @Option(help: ArgumentHelp("A plan made earlier today: its started visits are kept and the rest re-planned from --at.", valueName: "plan.json"))
    var previous: String?

    @Option(help: ArgumentHelp("Something that happened today, re-planned with --previous: \(PlanEvent.forms). Repeat for several.", valueName: "event"))
    var event: [String] = []

    @Option(help: ArgumentHelp("Events as a file, one a line ('#' starts a comment), before any --event.", valueName: "events.txt"))
    var events: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("In a re-plan, what keeping a visit with the engineer the previous plan gave it is worth, in travel minutes (0…1000; 0: no stability term).", valueName: "minutes"))
    var stability = PlanningOptions().stability

    @Option(help: "The seed of the search: the same input and seed give the same plan.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds: the heuristic's safety limit, and GLPK's limit (0.001…86400).", valueName: "seconds"))
    var timeLimit: Double = 30

    @Option(help: "auto (GLPK, greedy when the model is too large or GLPK fails), glpk, or greedy.")
    var solver: SolverChoice = .auto

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop GLPK at this relative gap (e.g. 0.01; 0…0.99).", valueName: "fraction"))
    var gap: Double?

    @Flag(help: "Let GLPK print its progress on standard error.")
    var verbose = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Shift days to plan (1…7): 1 plans today, home every night; more plans trips that stay out overnight (the policy's trips: nights away, rest, the cost of a night).", valueName: "n"))
    var days = 1

    @Option(help: objectiveHelp)
    var objective = ObjectiveChoice.standard

    func validate() throws {
        if previous != nil && at == nil { throw ValidationError("--previous needs --at: the time to re-plan from.") }
    }

    func run() throws {
        try reportingInputErrors {
            try checkOption("--time-limit", timeLimit, .timeLimitSeconds)
            try checkOption("--gap", gap, .gap)
            try checkOption("--days", Double(days), .planDays)
            try checkOption("--stability", Double(stability), .stabilityMinutes)
            let at = try parseAt(self.at)
            let loaded = try input.load()
            try PlanningTime.check(at, tickets: loaded.instance.tickets)
            let previous = try self.previous.map { path throws(InputError) in try Plan.read(path: path) }
            var request = PlanningRequest(tickets: loaded.instance.tickets, engineers: loaded.instance.engineers, triage: loaded.triage,
                                          travel: loaded.travel, at: at, previous: previous, previousFile: self.previous ?? "")
            request.events = try self.events.map { path throws(InputError) in try PlanEvent.read(path: path, at: at) } ?? []
            for text in event { request.events.append(try PlanEvent.parse(text, at: at, file: "command line", field: "--event")) }
            var options = PlanningOptions()
            options.solver = solver
            options.seed = seed
            options.timeLimit = timeLimit
            options.gap = gap
            options.days = days
            options.objective = objective
            options.stability = stability
            options.verbose = verbose
            let outcome = try PlanningPipeline.plan(request, options: options)
            let (plan, triage) = (outcome.plan, outcome.triage)
            if let report {
                try writeAtomically(PlanReport(plan: plan, tickets: loaded.instance.tickets, engineers: loaded.instance.engineers,
                                               gazetteer: loaded.gazetteer).html(), to: report, option: "--report")
            }
            if let sheets {
                try writeSheets(plan.sheets(engineers: loaded.instance.engineers, triage: triage), to: sheets)
            }
            switch format {
            case .text: try emit(plan.text(engineers: loaded.instance.engineers, triage: triage), to: out)
            case .json: try emit(plan.json(triage: triage, engineers: loaded.instance.engineers).rendered(), to: out)
            case .csv: try emit(plan.csv(engineers: loaded.instance.engineers, triage: triage), to: out)
            }
        }
    }
}

extension SolverChoice: ExpressibleByArgument {}

/// Output format of a plan.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

extension PlanCommand {
    /// Writes each sheet as `dir/<engineer>.md`, `.html` and `.json` (atomically), making
    /// `dir` if needed.
    func writeSheets(_ sheets: [RouteSheet], to dir: String) throws(InputError) {
        try makeFolder(dir, option: "--sheets")
        for sheet in sheets {
            let name = sheet.engineer.map { $0 == "/" || $0 == "\\" ? "_" : $0 }
            try writeAtomically(sheet.markdown, to: dir + "/" + String(name) + ".md", option: "--sheets")
            try writeAtomically(sheet.html, to: dir + "/" + String(name) + ".html", option: "--sheets")
            try writeAtomically(sheet.json.rendered(), to: dir + "/" + String(name) + ".json", option: "--sheets")
        }
    }
}
