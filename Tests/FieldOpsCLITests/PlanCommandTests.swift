import Foundation
import Testing

/// Runs `fieldops` with `input` on standard input.
func fieldops(stdin input: String, _ arguments: [String]) throws -> Run {
    let path = NSTemporaryDirectory() + "stdin-\(UUID().uuidString)"
    try input.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let out = path + ".out", err = path + ".err"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
    let process = Process()
    process.executableURL = products.appendingPathComponent("fieldops")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    try process.run()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: try String(contentsOfFile: out, encoding: .utf8),
               stderr: try String(contentsOfFile: err, encoding: .utf8))
}

let sampleInputs = ["--tickets", sampleTickets, "--engineers", sampleEngineers]
/// The sample planned by the greedy planner alone: the tests of the plan's shape need
/// no integer program, and a debug build's search is slow enough.
let greedyOnly = ["--solver", "greedy"]

@Suite("fieldops plan and validate")
struct PlanCommandTests {
    @Test("The morning plan of the sample: routes per engineer, deferred, unassigned, the parts to ship, a summary")
    func sampleText() throws {
        let run = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("FieldOps plan · 2026-11-25T08:00:00+08:00 · 150 tickets, 30 engineers"))
        #expect(run.stdout.contains("E01 李芳 · 北京 · shift 08:00–20:00"))
        #expect(run.stdout.contains("Deferred ("))
        #expect(run.stdout.contains("Unassigned ("))
        // M7: the part, the machine and where it goes.
        #expect(run.stdout.contains("Ship a replacement (7):\n  T0113: disk · model RK-R520 G5 · serial RK2640831962 → 沈阳证券营业部, 吴老师, 157-0000-8880, 辽宁省沈阳市铁西区\n"))
        #expect(run.stdout.contains("\nSummary: "))
    }

    @Test("plan --policy with booked_window: finish ends every windowed visit inside its window, and validate holds the plan to it")
    func bookedWindowFinish() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let policyPath = try write(try policy(replacing: "booked_window: start", with: "booked_window: finish"), dir, "policy.yaml")
        let gen = try fieldops("generate", "--tickets", "300", "--engineers", "30", "--seed", "11", "--out", dir)
        #expect(gen.status == 0, "\(gen.stderr)")
        let inputs = ["--tickets", dir + "/tickets.csv", "--engineers", dir + "/engineers.csv", "--policy", policyPath]
        let plan = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/plan.json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let valid = try fieldops(["validate", "--plan", dir + "/plan.json"] + inputs)
        #expect(valid.status == 0, "\(valid.stdout)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        let stops = (json["routes"] as? [[String: Any]] ?? []).flatMap { $0["stops"] as? [[String: Any]] ?? [] }
        let windowed = stops.filter { $0["window_end"] is String }
        #expect(!windowed.isEmpty)
        let iso = ISO8601DateFormatter()
        for stop in windowed {
            let end = try #require(iso.date(from: stop["end"] as! String)), windowEnd = try #require(iso.date(from: stop["window_end"] as! String))
            #expect(end <= windowEnd, "\(stop["ticket"] ?? "")")
        }
    }

    @Test("plan at 21:00, after the day shifts, plans the next shift and says so; validate agrees")
    func nextShift() throws {
        let text = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T21:00:00+08:00"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Today's shifts are over: this plans the next shift of each engineer whose shift has ended, from 11-26 08:00."))
        #expect(text.stdout.contains("11-26 08:00               leaves 北京"))
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T21:00:00+08:00", "--format", "json", "--out", dir + "/plan.json",
                                                                         "--report", dir + "/plan.html"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let page = try String(contentsOfFile: dir + "/plan.html", encoding: .utf8)
        #expect(page.contains("today's shifts are over: the next shift, from 11-26 08:00"))
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        #expect(json["next_shift"] as? String == "2026-11-26T08:00:00+08:00")
        #expect(((json["summary"] as? [String: Any])?["planned"] as? Int ?? 0) > 20, "the next morning, not the night shift alone")
        let valid = try fieldops(["validate", "--plan", dir + "/plan.json"] + sampleInputs)
        #expect(valid.status == 0, "\(valid.stdout)")
        // Inside the shifts nothing changes: no such line, no such key.
        let noon = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T12:00:00+08:00", "--format", "json"])
        #expect(!noon.stdout.contains("next_shift"))
    }

    @Test("plan --format json | validate passes on the sample and on a generated morning")
    func pipeIntoValidate() throws {
        let plan = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json"])
        #expect(plan.status == 0)
        let check = try fieldops(stdin: plan.stdout, ["validate", "--plan", "-"] + sampleInputs)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // The report's fields ride along untouched (R1).
        #expect(plan.stdout.contains("\"serial\": \"RK"))
        #expect(plan.stdout.contains("\"customer\": "))
        #expect(check.stdout.hasPrefix("valid: "))

        let dir = NSTemporaryDirectory() + "gen-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gen = try fieldops("generate", "--tickets", "300", "--engineers", "30", "--seed", "11", "--out", dir)
        #expect(gen.status == 0, "\(gen.stderr)")
        let inputs = ["--tickets", dir + "/tickets.csv", "--engineers", dir + "/engineers.csv"]
        let generated = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/plan.json"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let valid = try fieldops(["validate", "--plan", dir + "/plan.json"] + inputs)
        #expect(valid.status == 0, "\(valid.stdout)")
    }

    @Test("plan --objective: each policy's plan validates and says its policy; the default is on-time-first")
    func objectivePolicies() throws {
        let base = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json"])
        #expect(base.stdout.contains("\"objective_policy\": \"on-time-first\""))
        var onTime: [String: Int] = [:]
        for policy in ["urgent-first", "weighted"] {
            let plan = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--objective", policy, "--format", "json"])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout.contains("\"objective_policy\": \"\(policy)\""))
            let check = try fieldops(stdin: plan.stdout, ["validate", "--plan", "-"] + sampleInputs)
            #expect(check.status == 0, "\(check.stdout)")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            onTime[policy] = (root["summary"] as? [String: Any])?["on_time"] as? Int
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(base.stdout.utf8)) as? [String: Any])
        let baseOnTime = try #require((root["summary"] as? [String: Any])?["on_time"] as? Int)
        // Valuing a late urgent repair less serves more visits on time here.
        #expect(baseOnTime > onTime["urgent-first"]!, "\(onTime) vs \(baseOnTime)")
        let text = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--objective", "weighted"])
        #expect(text.stdout.hasPrefix("FieldOps plan") && text.stdout.contains("; objective weighted"))
        let bad = try fieldops(["plan"] + sampleInputs + ["--objective", "fastest"])
        #expect(bad.status == 64)
    }

    @Test("The same input and seed give the same plan; generate gives the same files")
    func deterministic() throws {
        // Time enough that the steps, not the clock, end the search.
        let a = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "csv", "--seed", "3", "--time-limit", "3600"])
        let b = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "csv", "--seed", "3", "--time-limit", "3600"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        let dir1 = NSTemporaryDirectory() + "gen-\(UUID().uuidString)", dir2 = dir1 + "b"
        defer { try? FileManager.default.removeItem(atPath: dir1); try? FileManager.default.removeItem(atPath: dir2) }
        _ = try fieldops("generate", "--tickets", "50", "--engineers", "5", "--seed", "9", "--out", dir1)
        _ = try fieldops("generate", "--tickets", "50", "--engineers", "5", "--seed", "9", "--out", dir2)
        #expect(try String(contentsOfFile: dir1 + "/tickets.csv", encoding: .utf8) == String(contentsOfFile: dir2 + "/tickets.csv", encoding: .utf8))
    }

    @Test("plan --format csv has one row per ticket with its status and reason and every ticket and engineer column; JSON routes name the engineer and carry theirs")
    func csvEveryTicket() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inputs = ["--tickets", sampleTickets, "--engineers", try sampleEngineersWithPhones(in: dir)]
        let run = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map { parseCSVLine(String($0)) }
        let header = rows[0]
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name) in \(header)") }
        let (status, reason, ticket, phone, serial, fault) = (try column("status"), try column("reason"), try column("ticket"),
                                                             try column("engineer_phone"), try column("serial"), try column("fault"))
        let body = rows.dropFirst()
        #expect(body.allSatisfy { $0.count == header.count })
        // Every ticket once: 150 in the sample.
        #expect(Set(body.map { $0[ticket] }).count == 150 && body.count == 150)
        // The triage fixes the tickets without a trip; the search (which a loaded machine's
        // clock may stop early) the rest.
        let statuses = Dictionary(grouping: body, by: { $0[status] }).mapValues(\.count)
        #expect(statuses["ship_replacement"] == 7 && statuses["carry_in"] == 6 && statuses["not_covered"] == 9, "\(statuses)")
        #expect((statuses["deferred"] ?? 0) > 0 && (statuses["unassigned"] ?? 0) > 0 && (statuses["planned"] ?? 0) > 0, "\(statuses)")
        #expect(body.filter { $0[status] == "unassigned" || $0[status] == "deferred" }.allSatisfy { !$0[reason].isEmpty })
        let planned = body.filter { $0[status].hasPrefix("planned") }
        #expect(planned.allSatisfy { $0[phone].hasPrefix("139-0000-") && !$0[serial].isEmpty && !$0[fault].isEmpty })

        let json = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--format", "json"])
        #expect(json.stdout.contains("\"engineer_name\": \"李芳\"") && json.stdout.contains("\"engineer_fields\": {\n        \"phone\": \"139-0000-1000\"\n      }"))
    }

    @Test("plan --sheets writes a route sheet per engineer with visits, in the order of the day, with the customer, the machine, the parts and the way home")
    func routeSheets() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inputs = ["--tickets", sampleTickets, "--engineers", try sampleEngineersWithPhones(in: dir)]
        let run = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/plan.json", "--sheets", dir + "/sheets"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        let routes = (plan["routes"] as? [[String: Any]] ?? []).filter { !(($0["stops"] as? [Any]) ?? []).isEmpty }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/sheets")
        #expect(files.count == 3 * routes.count)
        for route in routes {
            let id = try #require(route["engineer"] as? String)
            let tickets = (route["stops"] as? [[String: Any]] ?? []).compactMap { $0["ticket"] as? String }
            let md = try String(contentsOfFile: dir + "/sheets/\(id).md", encoding: .utf8)
            #expect(md.hasPrefix("# Route sheet · \(id)") && md.contains("phone 139-0000-") && md.contains("## Way home"))
            // The visits in the order of the route.
            let positions = tickets.compactMap { md.range(of: " · \($0) · ")?.lowerBound }
            #expect(positions.count == tickets.count && positions == positions.sorted(), "\(id)")
            let page = try String(contentsOfFile: dir + "/sheets/\(id).html", encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<h1>Route sheet · \(id)") && tickets.allSatisfy { page.contains(" · \($0) · ") })
            let sheet = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/sheets/\(id).json"))) as? [String: Any])
            let stops = sheet["stops"] as? [[String: Any]] ?? []
            #expect(stops.compactMap { $0["ticket"] as? String } == tickets)
            #expect(stops.allSatisfy { ($0["fields"] as? [String: String])?["serial"] != nil })
            let parts = (sheet["parts"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["count"] as? Int) ?? 0) }
            #expect(parts == stops.filter { $0["component"] is String }.count)
        }
        // A folder that cannot be made is one located line, exit 2.
        let blocked = try fieldops(["plan"] + inputs + greedyOnly + ["--at", sampleAt, "--sheets", dir + "/plan.json/x"])
        #expect(blocked.status == 2 && blocked.stderr.contains("--sheets") && blocked.stderr.split(separator: "\n").count == 1, "\(blocked.stderr)")
    }

    @Test("CSV cells that a spreadsheet would run as formulas are escaped")
    func csvEscaping() throws {
        let dir = NSTemporaryDirectory() + "csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            id,reported_at,place,component,invoice_date,factory_date,customer,phone
            T1,2026-11-25T07:00,海淀区,cpu,2025-06-01,2025-05-20,"=HYPERLINK(""http://x"")",+86 138 0000 0000
            """.write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let run = try fieldops("plan", "--tickets", dir + "/t.csv", "--engineers", sampleEngineers, "--at", sampleAt, "--format", "csv", "--solver", "greedy")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(run.stdout.contains(",'+86 138 0000 0000"))
        #expect(!run.stdout.contains(",=HYPERLINK"))
    }

    @Test("Re-planning at 11:00 from the morning's plan keeps what has started and validates")
    func replan() throws {
        let dir = NSTemporaryDirectory() + "replan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let morning = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json", "--out", dir + "/morning.json"])
        #expect(morning.status == 0)
        let later = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T11:00:00+08:00", "--previous", dir + "/morning.json",
                                                           "--format", "json", "--out", dir + "/later.json"])
        #expect(later.status == 0, "\(later.stderr)")
        let valid = try fieldops(["validate", "--plan", dir + "/later.json"] + sampleInputs)
        #expect(valid.status == 0, "\(valid.stdout)")
    }

    @Test("A bad --previous is one line naming the file and the field, exit 2", arguments: [
        ("not json", "not valid JSON"),
        ("{\"planned_at\": \"2026-11-25T08:00:00+08:00\"}", "field 'routes': missing"),
        ("{\"planned_at\": \"2026-11-25T08:00:00+08:00\", \"horizon_end\": \"2026-11-25T20:00:00+08:00\", \"routes\": [{\"engineer\": \"E99\", \"start\": {\"time\": \"2026-11-25T08:00:00+08:00\", \"lat\": 39.9, \"lon\": 116.4}, \"stops\": [], \"end\": {\"time\": \"2026-11-25T08:00:00+08:00\", \"lat\": 39.9, \"lon\": 116.4}, \"travel_km\": 0, \"travel_minutes\": 0, \"work_minutes\": 0}], \"summary\": {\"tickets\": 0, \"on_site\": 0, \"planned\": 0, \"on_time\": 0, \"late\": 0, \"deferred\": 0, \"unassigned\": 0, \"travel_km\": 0, \"travel_minutes\": 0, \"work_minutes\": 0, \"utilisation\": 0}, \"solver\": {}}",
         "field 'routes[0].engineer': engineer 'E99' is not in the engineers file"),
        ("{\"planned_at\": \"2026-11-24T08:00:00+08:00\", \"horizon_end\": \"2026-11-24T20:00:00+08:00\", \"routes\": [], \"summary\": {\"tickets\": 0, \"on_site\": 0, \"planned\": 0, \"on_time\": 0, \"late\": 0, \"deferred\": 0, \"unassigned\": 0, \"travel_km\": 0, \"travel_minutes\": 0, \"work_minutes\": 0, \"utilisation\": 0}, \"solver\": {}}",
         "field 'planned_at': the previous plan is for 2026-11-24"),
    ])
    func badPrevious(content: String, expected: String) throws {
        let path = NSTemporaryDirectory() + "previous-\(UUID().uuidString).json"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", "2026-11-25T11:00:00+08:00", "--previous", path])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("fieldops: error: \(path)"), "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test("--solver glpk plans through GLPK, prints its status and gap, and the plan validates")
    func glpk() throws {
        let dir = NSTemporaryDirectory() + "glpk-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try fieldops("generate", "--tickets", "60", "--engineers", "6", "--seed", "4", "--out", dir)
        let inputs = ["--tickets", dir + "/tickets.csv", "--engineers", dir + "/engineers.csv", "--at", sampleAt]
        let text = try fieldops(["plan"] + inputs + ["--solver", "glpk"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("solver glpk (optimal_over_routes, ") && text.stdout.contains("% above a proven bound)"), "\(text.stdout.prefix(200))")
        // The bound in a dispatcher's words, under the header.
        #expect(text.stdout.contains("\n\nBound (column generation over every route each engineer could drive): no plan can put more than "), "\(text.stdout.prefix(600))")
        #expect(text.stdout.contains("% of what a plan can change."))
        let json = try fieldops(["plan"] + inputs + ["--solver", "glpk", "--format", "json", "--out", dir + "/plan.json"])
        #expect(json.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        let solver = try #require(plan["solver"] as? [String: Any])
        #expect(solver["name"] as? String == "glpk")
        #expect(solver["bound"] is NSNumber && solver["gap"] is NSNumber)
        #expect(solver["bound_source"] as? String == "column_generation")
        let must = try #require(solver["must_today"] as? [String: Int])
        #expect(must["on_time"]! <= must["on_time_max"]! && must["on_time_max"]! <= must["visits"]!, "\(must)")
        // The bound holds against the plan: no more must-today visits on time than proven possible.
        #expect((solver["bound"] as! Double) <= (solver["objective"] as! Double) + 1e-6)
        // The travel bound is for the plan's own service level, as its summary counts it.
        let travel = try #require(solver["travel"] as? [String: Any])
        let summary = try #require(plan["summary"] as? [String: Any])
        #expect(travel["served"] as? Int == summary["planned"] as? Int && travel["on_time"] as? Int == summary["on_time"] as? Int, "\(travel)")
        #expect(travel["must_today_on_time"] as? Int == must["on_time"], "\(travel)")
        #expect(travel["minutes"] as? Int == summary["travel_minutes"] as? Int, "\(travel)")
        // On one day the level includes what the work is worth (the bound is over plans worth as much).
        #expect((travel["worth"] as? Int ?? 0) > 0, "\(travel)")
        #expect((travel["minutes_min"] as! Double) <= Double(travel["minutes"] as! Int), "\(travel)")
        #expect(text.stdout.contains(" Travel: no plan that serves as many visits ("), "\(text.stdout.prefix(800))")
        let valid = try fieldops(["validate", "--plan", dir + "/plan.json"] + inputs.dropLast(2))
        #expect(valid.status == 0, "\(valid.stdout)")
        let verbose = try fieldops(["plan"] + inputs + ["--solver", "glpk", "--format", "json", "--verbose"])
        #expect(verbose.stderr.contains("mip ="), "GLPK's log goes to standard error")
        #expect((try? JSONSerialization.jsonObject(with: Data(verbose.stdout.utf8))) != nil, "standard output stays the plan alone")
        let hurried = try fieldops(["plan"] + inputs + ["--solver", "glpk", "--time-limit", "0.001"])
        #expect(hurried.stdout.contains("fell back to greedy: the time limit was spent"), "\(hurried.stdout.prefix(300))")
    }

    @Test("validate lists violations and exits 1")
    func invalidPlan() throws {
        let plan = try fieldops(["plan"] + sampleInputs + greedyOnly + ["--at", sampleAt, "--format", "json"])
        let tampered = plan.stdout.replacingOccurrences(of: "\"late_minutes\": 0,", with: "\"late_minutes\": 7,")
        let check = try fieldops(stdin: tampered, ["validate", "--plan", "-"] + sampleInputs)
        #expect(check.status == 1)
        #expect(check.stdout.hasPrefix("invalid: "))
        #expect(check.stdout.contains("late_minutes 7"))
    }
}

@Suite("fieldops report")
struct ReportCommandTests {
    @Test("plan --report and report --plan write the same self-contained page")
    func samePage() throws {
        let dir = NSTemporaryDirectory() + "report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let planned = try fieldops(["plan"] + sampleInputs + ["--at", sampleAt] + greedyOnly
                                   + ["--format", "json", "--out", dir + "/plan.json", "--report", dir + "/a.html"])
        #expect(planned.status == 0, "\(planned.stderr)")
        let reported = try fieldops(["report", "--plan", dir + "/plan.json", "--out", dir + "/b.html"] + sampleInputs)
        #expect(reported.status == 0, "\(reported.stderr)")
        #expect(reported.stdout.hasPrefix("wrote \(dir)/b.html: "))
        let a = try String(contentsOfFile: dir + "/a.html", encoding: .utf8), b = try String(contentsOfFile: dir + "/b.html", encoding: .utf8)
        #expect(a == b)
        #expect(a.hasPrefix("<!DOCTYPE html>") && a.contains("<svg id=\"map\"") && a.contains("<svg id=\"gantt\""))
        let missing = try fieldops(["report", "--plan", dir + "/nope.json", "--out", dir + "/c.html"] + sampleInputs)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("fieldops: error: \(dir)/nope.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/c.html"))
    }
}

/// The cells of one CSV line (quoted cells may hold commas and doubled quotes).
func parseCSVLine(_ line: String) -> [String] {
    var cells: [String] = [], cell = "", quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
            } else { cell.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { cells.append(cell); cell = "" }
        else { cell.append(c) }
    }
    cells.append(cell)
    return cells
}

/// The sample's engineers with a `phone` column the readers do not know (139-0000-1000 for
/// the first, counting up), written to `dir`; the path.
func sampleEngineersWithPhones(in dir: String) throws -> String {
    let lines = try String(contentsOfFile: sampleEngineers, encoding: .utf8).split(separator: "\n").map(String.init)
    let engineers = ([lines[0] + ",phone"] + lines.dropFirst().enumerated().map { "\($1),139-0000-\(1000 + $0)" }).joined(separator: "\n")
    return try write(engineers + "\n", dir, "engineers.csv")
}
