import Foundation
import Testing

/// The repository's root, found from this file.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Where the other fixtures live (shared with the library's tests).
let fixtures = repoRoot + "/Tests/FieldOpsKitTests/Fixtures/"

let sampleTickets = repoRoot + "/data/sample/tickets.csv"
let sampleEngineers = repoRoot + "/data/sample/engineers.csv"
let sampleAt = "2026-11-25T08:00:00+08:00"

/// What one run of the `fieldops` binary did.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `fieldops` binary that `swift test` built beside the test bundle, from the
/// repository root, the way a user runs it.
func fieldops(_ arguments: String...) throws -> Run {
    try fieldops(arguments)
}

/// Runs `fieldops` with an argument array.
func fieldops(_ arguments: [String]) throws -> Run {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = products.appendingPathComponent("fieldops")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fieldops-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Run(status: process.terminationStatus,
               stdout: try String(contentsOf: out, encoding: .utf8),
               stderr: try String(contentsOf: err, encoding: .utf8))
}

@Suite("fieldops check")
struct CheckCommandTests {
    @Test("The sample morning prints the triage: counts, visits most urgent first, the rest, warnings")
    func sampleText() throws {
        let run = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.hasPrefix("FieldOps check · 150 tickets, 30 engineers · at 2026-11-25T08:00:00+08:00"))
        for heading in ["Outcome", "Tier", "Visits, most urgent first", "Not sent on site", "Warnings"] {
            #expect(run.stdout.contains(heading))
        }
        // Every ticket appears in exactly one of the two ticket tables.
        let tables = run.stdout.components(separatedBy: "Warnings")[0]
        for n in 1...150 {
            let id = String(format: "T%04d", n)
            let rows = tables.components(separatedBy: "\n").filter { $0.hasPrefix("  \(id) ") }
            #expect(rows.count == 1, "\(id) appears \(rows.count) times")
        }
    }

    @Test("JSON gives the same triage as the text, byte for byte the same on every run")
    func sampleJSON() throws {
        let run = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let triage = try #require(json["triage"] as? [[String: Any]])
        #expect(triage.count == 150)
        #expect(Set(triage.compactMap { $0["ticket"] as? String }).count == 150)
        let counts = try #require(json["counts"] as? [String: Any])
        let byOutcome = try #require(counts["by_outcome"] as? [String: Int])
        #expect(byOutcome.values.reduce(0, +) == 150)
        for (mode, count) in byOutcome {
            #expect(triage.filter { $0["mode"] as? String == mode }.count == count)
        }
        // The text table shows the same counts.
        let text = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt)
        let labels = ["on_site": "on-site repair", "ship_replacement": "ship a replacement", "not_covered": "not covered"]
        for (mode, label) in labels {
            let line = try #require(text.stdout.components(separatedBy: "\n").first { $0.hasPrefix("  \(label) ") })
            #expect(line.split(separator: " ").contains(Substring(String(byOutcome[mode] ?? -1))), "\(line)")
        }
        let again = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--format", "json")
        #expect(again.stdout == run.stdout)
    }

    @Test("--out writes the report to a file instead of standard output")
    func outFile() throws {
        let path = NSTemporaryDirectory() + "check-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--format", "json", "--out", path)
        #expect(run.status == 0 && run.stdout.isEmpty)
        let stdout = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--format", "json")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == stdout.stdout)
    }

    @Test("An instance JSON works in place of the two CSV files")
    func instance() throws {
        let run = try fieldops("check", "--instance", fixtures + "instance.json", "--at", sampleAt)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("3 tickets, 2 engineers"))
    }

    @Test("Bad input: one line on stderr naming the file, the line and the field, and exit code 2", arguments: [
        (["--tickets", "malformed-quote.csv"], "malformed-quote.csv:3: a quoted field is never closed"),
        (["--tickets", "wrong-field-count.csv"], "wrong-field-count.csv:3: 7 fields"),
        (["--tickets", "missing-column.csv"], "missing-column.csv:1: field 'reported_at': required column is missing"),
        (["--tickets", "bad-timestamp.csv"], "bad-timestamp.csv:4: field 'reported_at': '2026-11-25 7am' is not an ISO 8601 time"),
        (["--tickets", "unknown-place.csv"], "unknown-place.csv:3: field 'place': unknown place '火星市'"),
        (["--tickets", "ambiguous-place.csv"], "ambiguous-place.csv:2: field 'place': '通州' names 2 places"),
        (["--tickets", "duplicate-id.csv"], "duplicate-id.csv:4: field 'id': duplicate ticket id 'T1'"),
        (["--tickets", "lat-out-of-range.csv"], "lat-out-of-range.csv:3: field 'lat': 95 is out of range"),
        (["--tickets", "empty.csv"], "empty.csv:1: the file is empty"),
        (["--tickets", "no-such-file.csv"], "no-such-file.csv: no such file"),
        (["--engineers", "engineers-bad-shift.csv"], "engineers-bad-shift.csv:3: field 'shift_start'"),
        (["--at", "tomorrow morning"], "command line: field '--at': 'tomorrow morning' is not an ISO 8601 time"),
    ])
    func badInput(change: [String], expected: String) throws {
        var options = ["--tickets": sampleTickets, "--engineers": sampleEngineers, "--at": sampleAt]
        options[change[0]] = change[0] == "--at" ? change[1] : fixtures + change[1]
        var args = ["check"]
        for key in options.keys.sorted() { args += [key, options[key]!] }
        let run = try fieldops(args)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        let shown = run.stderr.replacingOccurrences(of: fixtures, with: "")
        #expect(shown.hasPrefix("fieldops: error: " + expected), "\(shown)")
    }

    @Test("A policy with a mistake stops the run with the file, the line and the key")
    func badPolicy() throws {
        let text = try String(contentsOfFile: repoRoot + "/data/policy.yaml", encoding: .utf8)
            .replacingOccurrences(of: "capital: { rule: D2, hours: 24 }", with: "capital: { rule: D2, hours: -24 }")
        let path = NSTemporaryDirectory() + "policy-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try fieldops("check", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--policy", path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):11: field 'tiers.capital.hours': -24 is out of range: a number of hours must lie in 0.01…8760"), "\(run.stderr)")
    }

    @Test("Missing arguments are a usage error, not a crash")
    func usage() throws {
        let run = try fieldops("check", "--tickets", sampleTickets)
        #expect(run.status != 0 && run.status != 2)
        #expect(run.stderr.contains("--engineers"))
        #expect(!run.stderr.contains("Fatal"))
    }
}
