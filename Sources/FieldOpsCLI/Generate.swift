import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic morning (tickets.csv, engineers.csv) drawn from the gazetteer.",
        discussion: "The same seed gives the same files, byte for byte."
    )

    @Option(parsing: .unconditional, help: "How many tickets (1…1000000).")
    var tickets: Int

    @Option(parsing: .unconditional, help: "How many engineers (1…100000).")
    var engineers: Int

    @Option(help: "The seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The morning the tickets are open on (ISO 8601).", valueName: "time"))
    var at: String = "2026-11-25T08:00:00+08:00"

    @Option(help: ArgumentHelp("The folder to write tickets.csv and engineers.csv into (made if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Where the shipped data lives.", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("national (default: all of China, mostly big cities) or west (Xinjiang, Tibet, Qinghai, Gansu, Ningxia and the west of Inner Mongolia, Sichuan and Yunnan, engineers in the western capitals).", valueName: "region"))
    var region: InstanceGenerator.Region = .national

    func run() throws {
        try reportingInputErrors {
            try checkOption("--tickets", Double(tickets), .generatedTickets)
            try checkOption("--engineers", Double(engineers), .generatedEngineers)
            let at = try parseAt(self.at)
            try PlanningTime.check(at, tickets: [])
            let data = try DataDirectory.locate(explicit: dataDir)
            let gazetteer = try Gazetteer.load(path: data + "/cn-places.csv")
            let files = InstanceGenerator(gazetteer: gazetteer, at: at).generate(tickets: tickets, engineers: engineers, seed: seed, region: region)
            try makeFolder(out, option: "--out")
            try writeAtomically(files.tickets, to: out + "/tickets.csv")
            try writeAtomically(files.engineers, to: out + "/engineers.csv")
            print("wrote \(out)/tickets.csv (\(tickets) tickets\(region == .national ? "" : ", \(region.rawValue)")) and \(out)/engineers.csv (\(engineers) engineers)")
        }
    }
}
