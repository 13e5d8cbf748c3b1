import Foundation
import Testing

/// A scratch folder for one test's files.
func scratch() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fieldops-bad-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// `text` written to `dir/name`; the path.
@discardableResult
func write(_ text: String, _ dir: String, _ name: String) throws -> String {
    let path = dir + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The shipped policy with the first `old` replaced by `new`.
func policy(replacing old: String, with new: String) throws -> String {
    let text = try String(contentsOfFile: repoRoot + "/data/policy.yaml", encoding: .utf8)
    guard let range = text.range(of: old) else { throw CocoaError(.fileReadCorruptFile) }
    return text.replacingCharacters(in: range, with: new)
}

/// Nothing a user gives may crash the process, hang it or be silently accepted: each of
/// these once crashed, hung or was accepted (issue 13); now each is one line, exit 2.
@Suite("Bad input never crashes")
struct BadInputTests {
    let sample = ["--tickets", sampleTickets, "--engineers", sampleEngineers]

    /// The run failed as a user should see it: exit 2, one line on stderr naming `expected`.
    func expectRefused(_ run: Run, _ expected: String, _ where_: String = "") {
        #expect(run.status == 2, "\(where_) exit \(run.status): \(run.stderr.prefix(500))")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(where_) \(run.stderr.prefix(800))")
        #expect(run.stderr.contains(expected), "\(where_) \(run.stderr.prefix(500))")
    }

    @Test("Numbers out of their range in the policy are one located line", arguments: [
        ("hours: 8 ", "hours: 1e300 ", "field 'tiers.metro.hours': 1e+300 is out of range"),
        ("minutes: 90", "minutes: 1e300", "minutes': 1e+300 is out of range"),
        ("period_years: 3", "period_years: 1e300", "field 'warranty.period_years'"),
        ("extension_months: 3", "extension_months: 1e300", "field 'warranty.extension_months'"),
        ("earth_radius_km: 6371.0088", "earth_radius_km: 1e300", "field 'travel.earth_radius_km'"),
        ("driving_kmh: 60", "driving_kmh: 1e-300", "field 'travel.driving_kmh': 1e-300 is out of range"),
        ("long_haul_kmh: 250", "long_haul_kmh: .nan", "field 'travel.long_haul_kmh'"),
        ("name: ", "name: x\nname: ", "the key 'name' appears twice"),
        ("booked_window: start", "booked_window: arrive", "field 'booked_window': booked_window is start (work starts inside the window) or finish"),
    ])
    func policyNumbers(old: String, new: String, expected: String) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write(try policy(replacing: old, with: new), dir, "policy.yaml")
        expectRefused(try fieldops(["check"] + sample + ["--at", sampleAt, "--policy", path]), expected, new)
    }

    @Test("A matrix of absurd minutes or km, options out of range, times far from the tickets", arguments: [
        (["--matrix", "minutes:1e19"], "field 'minutes': 1e+19 is out of range"),
        (["--matrix", "km:1e300"], "field 'km': 1e+300 is out of range"),
        (["--agreed-default-hours", "1e300"], "field '--agreed-default-hours': 1e+300 is out of range"),
        (["--gap", "-1"], "field '--gap': -1 is out of range"),
        (["--time-limit", "-5"], "field '--time-limit': -5 is out of range"),
        (["--at", "1970-01-01T08:00:00+08:00"], "lies outside 2000…2099"),
        (["--at", "9999-12-31T08:00:00+08:00"], "lies outside 2000…2099"),
        (["--at", "2023-11-25T08:00:00+08:00"], "before the earliest ticket was reported"),
        (["--at", "2046-11-25T08:00:00+08:00"], "after the latest ticket was reported"),
    ])
    func planOptions(change: [String], expected: String) throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var args = ["plan"] + sample + ["--solver", "greedy"]
        if change[0] == "--matrix" {
            let parts = change[1].split(separator: ":")
            let minutes = parts[0] == "minutes" ? String(parts[1]) : "30"
            let km = parts[0] == "km" ? String(parts[1]) : "20"
            args += ["--matrix", try write("from_id,to_id,minutes,km\nE01,T0001,\(minutes),\(km)\n", dir, "matrix.csv"), "--at", sampleAt]
        } else {
            args += change
            if change[0] != "--at" { args += ["--at", sampleAt] }
        }
        expectRefused(try fieldops(args), expected, change.joined(separator: " "))
    }

    @Test("--out to a folder or a missing folder says so in plain words, and an existing file is kept")
    func outFolder() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        expectRefused(try fieldops(["check"] + sample + ["--at", sampleAt, "--out", dir]), "it is a folder")
        expectRefused(try fieldops(["check"] + sample + ["--at", sampleAt, "--out", dir + "/no/such/x.txt"]), "does not exist")
        let kept = try write("keep me", dir, "kept.txt")
        _ = try fieldops(["check"] + sample + ["--at", "1970-01-01T00:00:00+08:00", "--out", kept])
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "keep me")
    }

    @Test("Malformed instance JSON names its line and column")
    func instanceJSON() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write("{\n  \"tickets\": [ {\"id\": \"T1\",, } ],\n  \"engineers\": []\n}\n", dir, "instance.json")
        expectRefused(try fieldops(["check", "--instance", path, "--at", sampleAt]), "instance.json:2: not valid JSON at column 28")
    }

    @Test("A hand-edited --previous is refused with its first violation; report refuses a plan that does not fit")
    func plansReadBack() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try fieldops(["plan"] + sample + ["--at", sampleAt, "--solver", "greedy", "--format", "json"])
        #expect(plan.status == 0)
        // The first stop of the first route ends at 23:59.
        var edited = plan.stdout
        let end = try #require(edited.range(of: #""end": "2026-11-25T\d\d:\d\d:00\+08:00""#, options: .regularExpression))
        edited.replaceSubrange(end, with: #""end": "2026-11-25T23:59:00+08:00""#)
        let previous = try write(edited, dir, "edited.json")
        expectRefused(try fieldops(["plan"] + sample + ["--at", "2026-11-25T12:00:00+08:00", "--previous", previous, "--solver", "greedy"]),
                      "after the shift ends")
        let unknown = try write(plan.stdout.replacingOccurrences(of: "\"ticket\": \"T0001\"", with: "\"ticket\": \"TX999\""), dir, "unknown.json")
        expectRefused(try fieldops(["report"] + sample + ["--plan", unknown, "--out", dir + "/r.html"]), "ticket TX999 is not in the tickets file")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.html"))
    }

    @Test("simulate: a volume too large to replay, a replay window with no ticket, a start decades away")
    func simulateBounds() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let demand = try String(contentsOfFile: repoRoot + "/data/demand/sample.yaml", encoding: .utf8)
        let huge = try write(demand.replacingOccurrences(of: #"tickets_per_day: [0-9.]+"#, with: "tickets_per_day: 1e9", options: .regularExpression),
                             dir, "huge.yaml")
        expectRefused(try fieldops(["simulate", "--demand", huge, "--days", "2", "--runs", "1"]), "field 'tickets_per_day': 1000000000 is out of range")
        let big = try write(demand.replacingOccurrences(of: #"tickets_per_day: [0-9.]+"#, with: "tickets_per_day: 5000", options: .regularExpression),
                            dir, "big.yaml")
        expectRefused(try fieldops(["simulate", "--demand", big, "--days", "60", "--runs", "4"]), "more than 300000")
        expectRefused(try fieldops(["simulate", "--replay", sampleTickets, "--start", "2020-01-01", "--days", "3", "--runs", "1"]),
                      "hold none of the replayed tickets")
        expectRefused(try fieldops(["simulate", "--replay", sampleTickets, "--start", "1970-01-01", "--days", "3", "--runs", "1"]),
                      "lies outside 2000…2099")
    }

    @Test("A scenario shift that ends when it starts is refused, as in engineers.csv")
    func scenarioShift() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write("name: x\nchanges:\n  - shift: {engineer: E02, start: \"08:00\", end: \"08:00\"}\n", dir, "s.yaml")
        expectRefused(try fieldops(["simulate", "--scenario", path, "--days", "1", "--runs", "1"]), "the shift ends when it starts")
    }

    @Test("Mutated input files never crash the binary: exit 0 or 2, at most a few lines on stderr")
    func mutatedFiles() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let count = ProcessInfo.processInfo.environment["FIELDOPS_FUZZ_CLI_CASES"].flatMap(Int.init) ?? 24
        let tickets = try String(contentsOfFile: sampleTickets, encoding: .utf8)
        let policyText = try String(contentsOfFile: repoRoot + "/data/policy.yaml", encoding: .utf8)
        var rng = UInt64(7)
        func next(_ bound: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(bound))
        }
        let edges = ["1e308", "-1e308", "NaN", "1e19", "-1", "", "9999-12-31T00:00", "\"", "\u{FEFF}", String(repeating: "A", count: 20_000)]
        func mutate(_ text: String) -> String {
            var chars = Array(text)
            for _ in 0..<(1 + next(3)) {
                let at = next(chars.count + 1)
                if next(4) == 0 { chars = Array(chars.prefix(at)) } else { chars.insert(contentsOf: Array(edges[next(edges.count)]), at: at) }
            }
            return String(chars)
        }
        for i in 0..<count {
            let t = try write(i % 2 == 0 ? mutate(tickets) : tickets, dir, "t\(i).csv")
            let p = try write(i % 2 == 1 ? mutate(policyText) : policyText, dir, "p\(i).yaml")
            let run = try fieldops(["plan", "--tickets", t, "--engineers", sampleEngineers, "--policy", p, "--at", sampleAt,
                                    "--solver", "greedy", "--time-limit", "5"])
            #expect(run.status == 0 || run.status == 2, "case \(i): exit \(run.status): \(run.stderr.prefix(500))")
            #expect(run.stderr.split(separator: "\n").count <= 3, "case \(i): \(run.stderr.prefix(500))")
        }
    }
}
