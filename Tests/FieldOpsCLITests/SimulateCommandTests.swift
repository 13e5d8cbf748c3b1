import Foundation
import Testing

@Suite("fieldops simulate")
struct SimulateCommandTests {
    let dir = repoRoot + "/Tests/FieldOpsKitTests/Fixtures/simulate/"

    @Test("Scenarios side by side: a second engineer in Beijing raises the on-time rate; --out writes the series and the chart")
    func sideBySide() throws {
        let out = NSTemporaryDirectory() + "sim-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--replay", dir + "tickets.csv", "--days", "2",
                               "--runs", "2", "--scenario", dir + "add-nearby.yaml", "--search-steps", "200", "--format", "json", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let scenarios = try #require(root["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["name"] as? String } == ["base", "one more in Beijing"])
        func rate(_ s: [String: Any]) -> Double { ((s["metrics"] as! [String: Any])["on_time_rate"] as! [String: Any])["mean"] as! Double }
        #expect(rate(scenarios[1]) > rate(scenarios[0]))
        #expect(try String(contentsOfFile: out + "/summary.json", encoding: .utf8) == run.stdout)
        let daily = try String(contentsOfFile: out + "/daily.csv", encoding: .utf8)
        #expect(daily.hasPrefix("scenario,run,day,due,on_time,served,backlog,km\n"))
        #expect(daily.split(separator: "\n").count == 1 + 2 * 2 * 2)
        let svg = try String(contentsOfFile: out + "/on-time.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.contains(">one more in Beijing</text>"))
    }

    @Test("--policy-compare runs the base staffing under each objective policy on the same arrivals; a scenario may set its own")
    func policyCompare() throws {
        let run = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--replay", dir + "tickets.csv", "--days", "2",
                               "--runs", "2", "--policy-compare", "--objective", "weighted", "--search-steps", "200", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(root["objective"] as? String == "weighted")
        let scenarios = try #require(root["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["name"] as? String } == ["base, weighted", "base, on-time-first", "base, urgent-first"])
        let text = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--replay", dir + "tickets.csv", "--days", "2",
                                "--runs", "2", "--policy-compare", "--search-steps", "200")
        #expect(text.stdout.contains("base, urgent-first against base"), "\(text.stdout.suffix(400))")
        // A scenario file that sets only the objective.
        let file = NSTemporaryDirectory() + "objective-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "name: urgent first\nobjective: urgent-first\n".write(toFile: file, atomically: true, encoding: .utf8)
        let own = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--replay", dir + "tickets.csv", "--days", "2",
                               "--runs", "2", "--scenario", file, "--search-steps", "200", "--format", "json")
        #expect(own.status == 0, "\(own.stderr)")
        try "name: x\nobjective: fastest\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--replay", dir + "tickets.csv", "--days", "2", "--scenario", file)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("field 'objective': unknown objective policy 'fastest': on-time-first, urgent-first, weighted"), "\(bad.stderr)")
    }

    @Test("The same seed gives the same comparison, byte for byte")
    func sameSeed() throws {
        let args = ["simulate", "--engineers", sampleEngineers, "--days", "2", "--runs", "2", "--seed", "3", "--start", "2026-11-30",
                    "--search-steps", "100", "--replan-hours", "4", "--format", "json"]
        let a = try fieldops(args), b = try fieldops(args)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let text = try fieldops(Array(args.dropLast(2)))
        #expect(text.stdout.hasPrefix("FieldOps simulate · 2 days from 2026-11-30 · 2 runs each · seed 3 · re-plan every 4 h\n"))
        #expect(text.stdout.contains("repairs on time"))
    }

    @Test("A scenario naming an unknown engineer is one line naming the file, line and key, exit 2")
    func unknownEngineer() throws {
        let run = try fieldops("simulate", "--engineers", dir + "engineers.csv", "--days", "1", "--scenario", dir + "unknown-engineer.yaml")
        #expect(run.status == 2)
        #expect(run.stderr == "fieldops: error: \(dir)unknown-engineer.yaml:4: field 'changes[1].move.engineer': no engineer 'E9' in the base staffing or added before this change\n")
    }
}
