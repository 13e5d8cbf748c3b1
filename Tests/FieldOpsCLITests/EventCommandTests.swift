import Foundation
import Testing

@Suite("fieldops plan --event")
struct EventCommandTests {
    @Test("A morning, then a re-plan at 11:00 with events from the command line and a file: what changed for whom, and the plan validates")
    func replanWithEvents() throws {
        let dir = NSTemporaryDirectory() + "events-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let morning = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/morning.json"])
        #expect(morning.status == 0, "\(morning.stderr)")
        // In the sample's morning plan E05 works in Shanghai from 09:00; T0003 is E01's
        // third visit (not started at 11:00) and T0018 E01's second, started 10:13.
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/morning.json"))) as! [String: Any]
        let routes = plan["routes"] as! [[String: Any]]
        func stops(_ engineer: String) -> [[String: Any]] { routes.first { $0["engineer"] as? String == engineer }?["stops"] as? [[String: Any]] ?? [] }
        func startsBefore11(_ stop: [String: Any]) -> Bool { (stop["start"] as! String) <= "2026-11-25T11:00:00+08:00" }
        let e01 = stops("E01")
        let running = try #require(e01.last(where: startsBefore11))["ticket"] as! String
        let later = try #require(e01.first { !startsBefore11($0) })["ticket"] as! String
        try "# the 11:00 phone calls\nengineer E05 off from 11:00\n\nticket \(later) cancelled\n".write(toFile: dir + "/events.txt", atomically: true, encoding: .utf8)
        let args = ["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T11:00:00+08:00", "--previous", dir + "/morning.json",
                                                          "--events", dir + "/events.txt", "--event", "visit \(running) overran 30 min"]
        let text = try fieldops(args)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Events: engineer E05 off from 11-25 11:00; ticket \(later) cancelled; visit \(running) overran 30 min."))
        #expect(text.stdout.contains("Changes since the plan of 11-25 08:00: "))
        #expect(text.stdout.contains("  E01: − \(later): cancelled"), "\(text.stdout.prefix(2000))")
        #expect(text.stdout.contains("(overran 30 min)"))
        if stops("E05").contains(where: { !startsBefore11($0) }) { #expect(text.stdout.contains("  E05: − ")) }
        let json = try fieldops(args + ["--format", "json", "--out", dir + "/later.json"])
        #expect(json.status == 0, "\(json.stderr)")
        let valid = try fieldops(["validate", "--plan", dir + "/later.json"] + sampleInputs)
        #expect(valid.status == 0, "\(valid.stdout)")
        let later11 = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/later.json"))) as! [String: Any]
        let changes = try #require(later11["changes"] as? [String: Any])
        #expect((changes["dropped"] as? Int ?? 0) >= 1)
        #expect((later11["events"] as? [String])?.count == 3)
        // The CSV lists the cancelled ticket as such.
        let csv = try fieldops(args + ["--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").contains { $0.contains(",\(later),") && $0.contains(",cancelled,event: cancelled") && $0.contains(",E01,") == false }, "\(csv.stdout.prefix(400))")
    }

    @Test("A bad event is one line naming it, exit 2", arguments: [
        (["--event", "engineer E99 off"], "no engineer 'E99'"),
        (["--event", "visit T0003 overran lots"], "write 'visit T0003 overran 60 min'"),
        (["--event", "ticket T0003 lost"], "an event is one of"),
        (["--stability", "-1"], "--stability"),
    ])
    func badEvent(arguments: [String], expected: String) throws {
        let run = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T11:00:00+08:00"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test("A bad line of an events file names the file and the line")
    func badEventsFile() throws {
        let path = NSTemporaryDirectory() + "events-\(UUID().uuidString).txt"
        try "ticket T0003 cancelled\nengineer\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--events", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains(path) && run.stderr.contains("line 2"), "\(run.stderr)")
    }
}

@Suite("fieldops recommend")
struct RecommendCommandTests {
    @Test("A new ticket on the phone at 11:00: options in text and JSON, each with its arrival, deadline and what it pushes")
    func recommend() throws {
        let dir = NSTemporaryDirectory() + "recommend-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let morning = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/morning.json"])
        #expect(morning.status == 0, "\(morning.stderr)")
        let row = "T0999,,2026-11-25T10:50:00+08:00,海淀区,,,,,disk,,,,,,2025-04-29,2025-03-25,2025-04-30,,,,,,RK1,RK-R740 G6,北京某银行,王经理,183-0000-0001,北京市海淀区,硬盘故障"
        let args = ["recommend"] + sampleInputs + ["--at", "2026-11-25T11:00:00+08:00", "--previous", dir + "/morning.json", "--ticket", row]
        let text = try fieldops(args)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("FieldOps recommend · T0999 · 海淀 (北京) · disk · deadline 11-25 18:50 · at 11-25 11:00\n1. E"), "\(text.stdout)")
        #expect(text.stdout.contains("on time"))
        let json = try fieldops(args + ["--format", "json", "--options", "5"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let options = try #require(object["options"] as? [[String: Any]])
        #expect(!options.isEmpty && options.count <= 5)
        #expect(options.allSatisfy { ($0["engineer"] as? String)?.hasPrefix("E") == true && $0["arrive"] is String && $0["pushed"] is [Any] })
        let again = try fieldops(["recommend"] + sampleInputs + ["--at", "2026-11-25T11:00:00+08:00", "--id", "T0003", "--ticket", row])
        #expect(again.status != 0)
        let dup = try fieldops(["recommend"] + sampleInputs + ["--at", "2026-11-25T11:00:00+08:00", "--ticket", "T0003" + row.dropFirst(5)])
        #expect(dup.status == 2 && dup.stderr.contains("already in"), "\(dup.stderr)")
    }
}
