import ArgumentParser
import FieldOpsBenchmark
import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSimulation
import FieldOpsSupport
import Foundation

@main
struct FieldOps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fieldops",
        abstract: "Plans where a server vendor's field engineers go each day.",
        discussion: """
            FieldOps reads the open tickets, the engineers and the service policy, triages \
            every ticket (on-site, ship a replacement, carry-in, remote, not covered, …) and \
            plans each engineer's route so that as many visits as possible are on time.
            """,
        version: "0.1.0",
        subcommands: [Check.self, PlanCommand.self, RecommendCommand.self, Validate.self, Generate.self, Bench.self, Simulate.self, Report.self]
    )
}

/// Runs a command body, turning bad input into one line on stderr and exit code 2.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InputError {
        FileHandle.standardError.write(Data("fieldops: error: \(error.description)\n".utf8))
        throw ExitCode(2)
    }
}

/// One warning line on standard error: something the input settles without stopping.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("fieldops: warning: \(message)\n".utf8))
}

/// Writes command output to a file atomically, or to standard output.
func emit(_ text: String, to path: String?) throws {
    if let path {
        try writeAtomically(text, to: path)
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Reads a plan JSON from `argument`, a path or `-` for standard input.
func readPlan(_ argument: String) throws -> Plan {
    guard argument == "-" else { return try Plan.read(path: argument) }
    let data = FileHandle.standardInput.readDataToEndOfFile()
    let path = NSTemporaryDirectory() + "fieldops-plan-\(UUID().uuidString).json"
    try data.write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try Plan.read(path: path, name: "standard input")
}

