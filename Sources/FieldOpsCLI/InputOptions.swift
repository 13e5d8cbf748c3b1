import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

/// The files every planning command reads.
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Open tickets (CSV, columns of formats.md).", valueName: "tickets.csv"))
    var tickets: String?

    @Option(help: ArgumentHelp("Engineers (CSV, columns of formats.md).", valueName: "engineers.csv"))
    var engineers: String?

    @Option(help: ArgumentHelp("Tickets and engineers in one JSON file, instead of the two CSV files.", valueName: "instance.json"))
    var instance: String?

    @Option(help: ArgumentHelp("A travel-time matrix (from_id,to_id,minutes,km) that overrides the travel model for the pairs it lists.", valueName: "matrix.csv"))
    var matrix: String?

    @OptionGroup var shared: PolicyOptions

    func validate() throws {
        if instance != nil, tickets != nil || engineers != nil {
            throw ValidationError("Give --instance, or --tickets and --engineers, not both.")
        }
        if instance == nil, tickets == nil || engineers == nil {
            throw ValidationError("Give --tickets and --engineers (or --instance).")
        }
    }

    /// Everything a command needs, read and checked.
    struct Loaded {
        var policy: Policy
        var gazetteer: Gazetteer
        var instance: Instance
        var travel: Travel
        /// The triage with the policy, the gazetteer and --agreed-default-hours.
        var triage: Triage
    }

    func load() throws(InputError) -> Loaded {
        let (_, policy, gazetteer) = try shared.load()
        let instance: Instance
        if let path = self.instance {
            instance = try Instance.readJSON(path: path, gazetteer: gazetteer, policy: policy)
        } else {
            instance = try Instance.read(tickets: tickets!, engineers: engineers!, gazetteer: gazetteer, policy: policy)
        }
        let matrix = try self.matrix.map { path throws(InputError) in try TravelMatrix.read(path: path) } ?? TravelMatrix()
        let ids = Set(instance.tickets.map(\.id) + instance.engineers.map(\.id))
        if let warning = matrix.unknownIDsWarning(known: ids) { warn(warning) }
        return Loaded(policy: policy, gazetteer: gazetteer, instance: instance, travel: Travel(model: policy.travel, matrix: matrix),
                      triage: shared.triage(policy: policy, gazetteer: gazetteer))
    }
}

/// Where the policy and the gazetteer come from: every command that triages takes these.
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The service policy (default: policy.yaml in the data directory).", valueName: "policy.yaml"))
    var policy: String?

    @Option(help: ArgumentHelp("Where the shipped data lives (default: found beside the binary, or FIELDOPS_DATA).", valueName: "dir"))
    var dataDir: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Plan Xinjiang and Tibet tickets (D5) without an agreed deadline with this many hours (0.01…8760).", valueName: "hours"))
    var agreedDefaultHours: Double?

    /// The data directory, the policy and the gazetteer, read and checked.
    func load() throws(InputError) -> (data: String, policy: Policy, gazetteer: Gazetteer) {
        try checkOption("--agreed-default-hours", agreedDefaultHours, .deadlineHours)
        let data = try DataDirectory.locate(explicit: dataDir)
        let policy = try Policy.load(path: self.policy ?? data + "/policy.yaml")
        return (data, policy, try Gazetteer.load(path: data + "/cn-places.csv"))
    }

    /// The triage these options ask for.
    func triage(policy: Policy, gazetteer: Gazetteer) -> Triage {
        Triage(policy: policy, gazetteer: gazetteer, agreedDefaultHours: agreedDefaultHours)
    }
}

/// Output format of a report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Checks a number given as an option against its documented range: out of range, it is
/// an input error naming the option and the range (exit 2), like a bad cell in a file.
func checkOption(_ name: String, _ value: Double?, _ range: ValueRange) throws(InputError) {
    guard let value, let problem = range.problem(with: value) else { return }
    throw InputError(file: "command line", field: name, problem)
}

/// Reads `--at`: an ISO 8601 time, or now.
func parseAt(_ text: String?) throws(InputError) -> Date {
    guard let text else { return Date() }
    guard let date = Timestamp.parse(text) else {
        throw InputError(file: "command line", field: "--at", "'\(text)' is not an ISO 8601 time (e.g. 2026-11-25T08:00:00+08:00)")
    }
    return date
}

extension InstanceGenerator.Region: ExpressibleByArgument {}

extension ObjectiveChoice: ExpressibleByArgument {}

/// The help of `--objective`, the same for every command.
let objectiveHelp = ArgumentHelp(
    "How visits on time, lateness and travel are weighed: on-time-first (the default: a late visit below any on-time visit), urgent-first (a late urgent repair worth up to twenty flexible ones on time) or weighted (README, 'Objective policies').",
    valueName: "policy")
