import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What-if staffing: replay weeks of tickets through the real planner and compare scenarios side by side.",
        discussion: """
            Tickets arrive 7×24 from a demand profile (default: data/demand/sample.yaml, the \
            sample's installed base) or from a ticket log (--replay). Each scenario file changes \
            the base staffing (add, remove, move an engineer, change a shift or working days, add \
            a skill). Every scenario sees the same arrivals in each run; runs go in parallel. \
            The plan is made at every re-plan moment from the open tickets and the engineers \
            where they are; visits started before the next moment are done as planned.
            """
    )

    @Option(help: ArgumentHelp("The base staffing (CSV, columns of formats.md; default: the sample's, sample/engineers.csv in the data directory).", valueName: "engineers.csv"))
    var engineers: String?

    @Option(help: ArgumentHelp("A demand profile (default: demand/sample.yaml in the data directory).", valueName: "profile.yaml"))
    var demand: String?

    @Option(help: ArgumentHelp("Replay the tickets of this log (tickets format; reported_at is the arrival) instead of a profile.", valueName: "tickets.csv"))
    var replay: String?

    @Option(help: ArgumentHelp("A scenario file (repeatable); the base staffing is always the first column.", valueName: "scenario.yaml"))
    var scenario: [String] = []

    @Option(parsing: .unconditional, help: "Days to simulate (1…366).")
    var days: Int = 14

    @Option(parsing: .unconditional, help: "Replications of each scenario, run in parallel (1…100).")
    var runs: Int = 4

    @Option(help: "The seed of the arrivals and of the planner: the same seed gives the same result.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The first day (YYYY-MM-DD; default: today, or the first ticket's day with --replay).", valueName: "day"))
    var start: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Hours between re-plans, around the clock (0.25…24).", valueName: "hours"))
    var replanHours: Double = 2

    @Flag(help: "Re-plan also on every urgent arrival (a repair due within 24 hours).")
    var replanOnUrgent = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Shift days each plan looks ahead, with trips that stay out overnight (1…7; 1 sends everyone home each night).", valueName: "n"))
    var tripDays = 3

    @Option(parsing: .unconditional, help: ArgumentHelp("Ruin-and-recreate steps of each plan (more: better plans, slower; 0…1000000).", valueName: "n"))
    var searchSteps: Int = 1_000

    @Option(help: objectiveHelp)
    var objective = ObjectiveChoice.standard

    @Flag(help: "Add a column for each other objective policy (the base staffing, the same arrivals): which policy serves customers best.")
    var policyCompare = false

    @Option(help: "Output format: text, json or csv.")
    var format: PlanFormat = .text

    @Option(help: ArgumentHelp("Also write a folder: the summary, daily.csv (every run's days) and on-time.svg.", valueName: "dir"))
    var out: String?

    @OptionGroup var shared: PolicyOptions

    func validate() throws {
        if demand != nil, replay != nil { throw ValidationError("Give --demand or --replay, not both.") }
        if let start, Day(iso: start) == nil { throw ValidationError("--start must be a date, YYYY-MM-DD.") }
    }

    func run() throws {
        try reportingInputErrors {
            try checkOption("--replan-hours", replanHours, .replanHours)
            try checkOption("--days", Double(days), .simulatedDays)
            try checkOption("--runs", Double(runs), .runs)
            try checkOption("--search-steps", Double(searchSteps), .searchSteps)
            try checkOption("--trip-days", Double(tripDays), .planDays)
            if let day = start.flatMap({ Day(iso: $0) }), !PlanningTime.years.contains(day.year) {
                throw InputError(file: "command line", field: "--start",
                                 "\(day) lies outside \(PlanningTime.years.lowerBound)…\(PlanningTime.years.upperBound): give the first day to simulate")
            }
            let started = Date()
            let (data, policy, gazetteer) = try shared.load()
            let base = try EngineerReader(gazetteer: gazetteer, policy: policy).read(path: engineers ?? data + "/sample/engineers.csv")
            var scenarios = try [Scenario.base] + scenario.map { path throws(InputError) in
                try Scenario.load(path: path, engineers: base, gazetteer: gazetteer, policy: policy)
            }
            if policyCompare {
                // The base staffing under each objective policy, the chosen one first.
                scenarios[0].name = "base, \(objective.rawValue)"
                let others = ObjectiveChoice.allCases.filter { $0 != objective }
                scenarios.insert(contentsOf: others.map { Scenario(name: "base, \($0.rawValue)", changes: [], objective: $0) }, at: 1)
            }
            let reader = TicketReader(gazetteer: gazetteer)
            var arrivals: [[Ticket]] = []
            let first: Day
            if let replay {
                let log = try reader.read(path: replay)
                let reports = log.compactMap(\.reportedAt)
                guard let earliest = reports.min(), let latest = reports.max() else {
                    throw InputError(file: replay, field: "reported_at", "no ticket has a report time: nothing to replay")
                }
                first = start.flatMap { Day(iso: $0) } ?? Day(earliest)
                let last = first.adding(days: days)
                guard reports.contains(where: { Day($0) >= first && Day($0) < last }) else {
                    throw InputError(file: "command line", field: "--start",
                                     "the \(days) days from \(first) hold none of the replayed tickets (reported \(Day(earliest))…\(Day(latest))): the figures would come from nothing")
                }
                try checkVolume(reports.count, scenarios: scenarios.count, source: replay)
                arrivals = Array(repeating: log, count: runs)
            } else {
                let profile = try DemandProfile.load(path: demand ?? data + "/demand/sample.yaml", gazetteer: gazetteer)
                first = start.flatMap { Day(iso: $0) } ?? Day(Date())
                try checkVolume(Int((profile.ticketsPerDay * Double(days)).rounded(.up)), scenarios: scenarios.count,
                                source: demand ?? data + "/demand/sample.yaml")
                for r in 0..<runs {
                    arrivals.append(try profile.arrivals(from: first, days: days, seed: seed &+ UInt64(r) &* 104_729, reader: reader))
                }
            }
            var settings = SimulationSettings(first: first, days: days, runs: runs, seed: seed)
            settings.replanHours = replanHours
            settings.replanOnUrgent = replanOnUrgent
            settings.searchSteps = searchSteps
            settings.tripDays = tripDays
            settings.objective = objective
            let simulator = Simulator(triage: shared.triage(policy: policy, gazetteer: gazetteer),
                                      travel: Travel(model: policy.travel), settings: settings)
            let bar = ProgressBar(label: "simulating")
            let results = simulator.compare(arrivals: arrivals, base: base, scenarios: scenarios) { done, total in bar.show(done, total) }
            bar.finish()
            let seconds = Date().timeIntervalSince(started)
            let summary: String
            switch format {
            case .text: summary = SimulationReport.text(settings: settings, results: results, seconds: seconds)
            case .json: summary = SimulationReport.json(settings: settings, results: results).rendered()
            case .csv: summary = SimulationReport.csv(results: results)
            }
            if let out {
                try makeFolder(out, option: "--out")
                try writeAtomically(summary, to: out + "/summary." + (format == .text ? "txt" : format.rawValue))
                try writeAtomically(SimulationReport.dailyCSV(results: results), to: out + "/daily.csv")
                try writeAtomically(SimulationReport.svg(settings: settings, results: results), to: out + "/on-time.svg")
            }
            try emit(summary, to: nil)
        }
    }
}

extension Simulate {
    /// The most tickets one `simulate` replays in all (tickets × runs × scenarios): about
    /// what this machine simulates in a few minutes; beyond it the command would run for
    /// hours with nothing on screen.
    static let volumeLimit = 300_000

    /// Fails when `tickets` a run, times the runs and the scenarios, exceeds `volumeLimit`.
    func checkVolume(_ tickets: Int, scenarios: Int, source: String) throws(InputError) {
        let total = tickets * runs * scenarios
        guard total > Simulate.volumeLimit else { return }
        throw InputError(file: source, field: "volume",
                         "\(tickets) tickets a run × \(runs) runs × \(scenarios) scenario\(scenarios == 1 ? "" : "s") is \(total) tickets to simulate, more than \(Simulate.volumeLimit): lower --days, --runs or tickets_per_day")
    }
}

/// A one-line progress bar on standard error, only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(2) != 0
    private let lock = NSLock()

    init(label: String) { self.label = label }

    func show(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30, filled = width * done / total
        let line = "\r  \(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total) runs"
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
