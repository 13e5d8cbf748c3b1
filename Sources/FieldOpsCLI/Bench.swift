import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure plan quality: a table over a suite of mornings for each solver, or over Solomon's instances.",
        discussion: """
            Without --solomon: plans the bundled sample and generated mornings (--sizes, --seeds) \
            or the mornings in --morning folders with each solver, validates every plan, and \
            prints on time, late, deferred, unassigned, travel, seconds and gap; with --days N \
            each morning is planned over N shift days with trips (names end -Nd), and --region \
            west draws far-west mornings. Exit code 1 if any plan fails validation. With --solomon DIR: solves every Solomon VRPTW instance \
            in DIR (files ending .txt; DIR/bks.csv gives the best-known solutions) and prints \
            vehicles and distance beside the best known, with the gap.
            """
    )

    @Option(help: ArgumentHelp("A folder of Solomon instances (and bks.csv) to solve instead of mornings.", valueName: "dir"))
    var solomon: String?

    @Option(help: ArgumentHelp("Only these instances, by name (comma-separated; with --solomon).", valueName: "names"))
    var only: String?

    @Option(help: ArgumentHelp("Generated mornings, tickets×engineers (comma-separated).", valueName: "sizes"))
    var sizes: String = "100x10,300x30,1000x100"

    @Option(help: ArgumentHelp("Seeds of the generated mornings (comma-separated).", valueName: "seeds"))
    var seeds: String = "7"

    @Option(help: ArgumentHelp("A folder with tickets.csv and engineers.csv to add to the suite (repeatable).", valueName: "dir"))
    var morning: [String] = []

    @Option(help: ArgumentHelp("Where the generated mornings lie: national or west (as `generate --region`).", valueName: "region"))
    var region: InstanceGenerator.Region = .national

    @Option(parsing: .unconditional, help: ArgumentHelp("Shift days each morning is planned over (1…7; more plans trips, as `plan --days`).", valueName: "n"))
    var days = 1

    @Flag(help: "Leave out the bundled sample morning.")
    var noSample = false

    @Option(help: "Which solvers: both, greedy or glpk.")
    var solver: BenchSolver = .both

    @Option(parsing: .unconditional, help: ArgumentHelp("Each solve's time limit (GLPK's, and the heuristic's safety limit), 0.001…86400.", valueName: "seconds"))
    var timeLimit: Double = 30

    @Option(help: "The search seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("When the mornings are planned (ISO 8601).", valueName: "time"))
    var at: String = "2026-11-25T08:00:00+08:00"

    @Option(help: "Output format: text, json or csv.")
    var format: PlanFormat = .text

    @Option(help: ArgumentHelp("Write the table to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var shared: PolicyOptions

    func validate() throws {
        if solomon == nil {
            guard parsedSizes() != nil else { throw ValidationError("--sizes must be like 100x10,1000x100 (positive whole numbers).") }
            guard parsedSeeds() != nil else { throw ValidationError("--seeds must be whole numbers, comma-separated.") }
        }
    }

    func parsedSizes() -> [(tickets: Int, engineers: Int)]? {
        if sizes.isEmpty { return [] }
        var out: [(Int, Int)] = []
        for part in sizes.split(separator: ",") {
            let pair = part.lowercased().split(separator: "x")
            guard pair.count == 2, let t = Int(pair[0]), let e = Int(pair[1]), (1...1_000_000).contains(t), (1...100_000).contains(e) else { return nil }
            out.append((t, e))
        }
        return out
    }

    func parsedSeeds() -> [UInt64]? {
        let seeds = self.seeds.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        return seeds.contains(nil) ? nil : seeds.compactMap { $0 }
    }

    func run() throws {
        var invalid = false
        try reportingInputErrors {
            try checkOption("--time-limit", timeLimit, .timeLimitSeconds)
            try checkOption("--days", Double(days), .planDays)
            var options = PlanningOptions()
            options.seed = seed
            options.timeLimit = timeLimit
            options.days = days
            if let solomon {
                let rows = try solomonRows(dir: solomon, options: options)
                invalid = rows.contains { $0.violation != nil }
                switch format {
                case .text: try emit(SolomonRow.text(rows), to: out)
                case .json: try emit(SolomonRow.json(rows).rendered(), to: out)
                case .csv: try emit(SolomonRow.csv(rows), to: out)
                }
            } else {
                let rows = try morningRows(options: options)
                invalid = rows.contains { !$0.violations.isEmpty }
                switch format {
                case .text: try emit(QualityBench.text(rows), to: out)
                case .json: try emit(QualityBench.json(rows).rendered(), to: out)
                case .csv: try emit(QualityBench.csv(rows), to: out)
                }
            }
        }
        if invalid { throw ExitCode(1) }
    }

    func solomonRows(dir: String, options: PlanningOptions) throws(InputError) -> [SolomonRow] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            throw InputError(file: dir, field: "--solomon", "cannot list the folder")
        }
        let wanted = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }) }
        let files = names.filter { $0.lowercased().hasSuffix(".txt") }.sorted { a, b in
            a.localizedStandardCompare(b) == .orderedAscending
        }.filter { wanted?.contains(($0 as NSString).deletingPathExtension.uppercased()) ?? true }
        guard !files.isEmpty else { throw InputError(file: dir, field: "--solomon", "no instance (*.txt) found" + (only == nil ? "" : " among --only")) }
        let bksPath = dir + "/bks.csv"
        let bks = FileManager.default.fileExists(atPath: bksPath) ? try BestKnown.read(path: bksPath) : nil
        var rows: [SolomonRow] = []
        for file in files {
            let instance = try SolomonReader.read(path: dir + "/" + file)
            rows.append(SolomonRow.run(instance, bks: bks, options: options))
            progress("\(instance.name): \(rows.last!.vehicles) vehicles, \(String(format: "%.2f", rows.last!.distance))")
        }
        return rows
    }

    func morningRows(options: PlanningOptions) throws(InputError) -> [BenchRow] {
        let (data, policy, gazetteer) = try shared.load()
        let at = try parseAt(self.at)
        try PlanningTime.check(at, tickets: [])
        var mornings: [QualityBench.Morning] = []
        if !noSample {
            let instance = try Instance.read(tickets: data + "/sample/tickets.csv", engineers: data + "/sample/engineers.csv",
                                             gazetteer: gazetteer, policy: policy)
            mornings.append(QualityBench.Morning(name: "sample", instance: instance, at: at))
        }
        for dir in morning {
            let instance = try Instance.read(tickets: dir + "/tickets.csv", engineers: dir + "/engineers.csv", gazetteer: gazetteer, policy: policy)
            mornings.append(QualityBench.Morning(name: (dir as NSString).lastPathComponent, instance: instance, at: at))
        }
        let generator = InstanceGenerator(gazetteer: gazetteer, at: at)
        for size in parsedSizes() ?? [] {
            for s in parsedSeeds() ?? [] {
                let files = generator.generate(tickets: size.tickets, engineers: size.engineers, seed: s, region: region)
                let name = "gen-\(region == .national ? "" : region.rawValue + "-")\(size.tickets)x\(size.engineers)-s\(s)"
                let instance = try Instance.parse(tickets: files.tickets, engineers: files.engineers, name: name,
                                                  gazetteer: gazetteer, policy: policy)
                mornings.append(QualityBench.Morning(name: name, instance: instance, at: at))
            }
        }
        if days > 1 {
            // Plans over several days are named so: `sample-3d`.
            for i in mornings.indices { mornings[i].name += "-\(days)d" }
        }
        let triage = shared.triage(policy: policy, gazetteer: gazetteer)
        let travel = Travel(model: policy.travel)
        var rows: [BenchRow] = []
        for m in mornings {
            for choice in solver.choices {
                var planning = options
                planning.solver = choice
                rows.append(try QualityBench.run(m, options: planning, triage: triage, travel: travel))
                progress("\(m.name) \(choice.rawValue): \(rows.last!.onTime) on time, \(String(format: "%.1f", rows.last!.seconds)) s")
            }
        }
        return rows
    }

    /// A line of progress on standard error when it is a terminal.
    func progress(_ line: String) {
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data("  \(line)\n".utf8))
    }
}

enum BenchSolver: String, ExpressibleByArgument, CaseIterable {
    case both, greedy, glpk

    var choices: [SolverChoice] {
        switch self {
        case .both: return [.greedy, .glpk]
        case .greedy: return [.greedy]
        case .glpk: return [.glpk]
        }
    }
}
