import Foundation
import Testing

@Suite("fieldops plan --days")
struct TripCommandTests {
    let sample = ["--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--solver", "greedy"]

    @Test("--days 3 plans trips: the JSON says its days and nights, validate accepts it, the text shows the nights")
    func threeDays() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let json = try fieldops(["plan"] + sample + ["--days", "3", "--format", "json", "--out", dir + "/plan.json"])
        #expect(json.status == 0, "\(json.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
        #expect(plan["days"] as? Int == 3)
        let routes = try #require(plan["routes"] as? [[String: Any]])
        #expect(routes.contains { ($0["nights_away"] as? Int ?? 0) > 0 })
        let valid = try fieldops(["validate", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--plan", dir + "/plan.json"])
        #expect(valid.status == 0, "\(valid.stdout.prefix(600))")
        let text = try fieldops(["plan"] + sample + ["--days", "3"])
        #expect(text.stdout.contains("night"), "\(text.stdout.prefix(400))")
        #expect(text.stdout.contains("nights away") || text.stdout.contains("night away"))
    }

    @Test("--days 3 as CSV: each visit's shift day, the night before it, and when the trip is home")
    func csvDays() throws {
        let csv = try fieldops(["plan"] + sample + ["--days", "3", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map { parseCSVLine(String($0)) }
        let header = try #require(lines.first)
        let address = try #require(header.firstIndex(of: "address"))
        #expect(Array(header[(address + 1)...(address + 5)]) == ["day", "night_before", "night_lat", "night_lon", "home_at"])
        #expect(lines.dropFirst().allSatisfy { $0.count == header.count }, "every row has every column")
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        // The routes' stops; the rows after them are the tickets in no route.
        let rows = lines.dropFirst().filter { $0[col["status"]!].hasPrefix("planned") }
        #expect(Set(rows.map { $0[col["day"]!] }) == ["1", "2", "3"])
        // A visit on a later day than the one before it has the night before it.
        var previous: [String] = []
        for row in rows {
            if previous.first == row.first, let d0 = Int(previous[col["day"]!]), let d1 = Int(row[col["day"]!]), d1 > d0 {
                #expect(["home", "visit", "road", "transit"].contains(row[col["night_before"]!]), "\(row.prefix(4))")
            }
            if previous.first != row.first, !previous.isEmpty { #expect(!previous[col["home_at"]!].isEmpty, "the last stop says when home") }
            previous = row
        }
        let one = try fieldops(["plan"] + sample + ["--format", "csv"])
        #expect(!one.stdout.split(separator: "\n")[0].contains("night_before"), "one day keeps its columns")
    }

    @Test("--days 1 is today's plan, byte for byte")
    func oneDay() throws {
        // Time enough that the steps, not the clock, end the search: a debug build on a
        // busy machine overran the default 30 s and the two plans differed.
        let plain = try fieldops(["plan"] + sample + ["--format", "json", "--time-limit", "3600"])
        let one = try fieldops(["plan"] + sample + ["--days", "1", "--format", "json", "--time-limit", "3600"])
        #expect(plain.stdout.contains("\"status\": \"local_optimum\""))
        func stable(_ s: String) -> String { s.split(separator: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n") }
        #expect(stable(plain.stdout) == stable(one.stdout))
    }

    @Test("--days out of range is refused; a re-plan may turn a day into a trip; GLPK selects among trips")
    func limits() throws {
        let eight = try fieldops(["plan"] + sample + ["--days", "8"])
        #expect(eight.status == 2 && eight.stderr.contains("field '--days': 8 is out of range"), "\(eight.stderr)")
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let morning = try fieldops(["plan"] + sample + ["--format", "json", "--out", dir + "/p.json"])
        #expect(morning.status == 0)
        // A one-day plan re-planned into a trip at 11:00: what started stays, and it validates.
        let again = try fieldops(["plan", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", "2026-11-25T11:00:00+08:00",
                                  "--previous", dir + "/p.json", "--days", "2", "--solver", "greedy", "--format", "json", "--out", dir + "/p2.json"])
        #expect(again.status == 0, "\(again.stderr)")
        let valid = try fieldops(["validate", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--plan", dir + "/p2.json"])
        #expect(valid.status == 0, "\(valid.stdout.prefix(500))")
        // GLPK selects among trips: its bound holds, and the plan validates.
        let glpk = try fieldops(["plan", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--at", sampleAt, "--days", "2",
                                 "--solver", "glpk", "--time-limit", "20", "--format", "json", "--out", dir + "/g.json"])
        #expect(glpk.status == 0, "\(glpk.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/g.json"))) as? [String: Any])
        let solver = try #require(plan["solver"] as? [String: Any])
        // In a debug build the search may spend the whole limit, and the greedy plan stands, saying why.
        if solver["name"] as? String == "glpk" {
            if let bound = solver["bound"] as? Double, let objective = solver["objective"] as? Double { #expect(bound <= objective + 1e-6) }
            // The travel bound is for the trips' own service level, as the plan counts it.
            if let travel = solver["travel"] as? [String: Any], let summary = plan["summary"] as? [String: Any] {
                #expect(travel["served"] as? Int == summary["planned"] as? Int && travel["on_time"] as? Int == summary["on_time"] as? Int,
                        "\(travel) \(summary)")
                #expect(travel["minutes"] as? Int == summary["travel_minutes"] as? Int, "\(travel) \(summary)")
                #expect((travel["minutes_min"] as! Double) <= Double(travel["minutes"] as! Int))
            }
        } else {
            #expect(solver["fallback_reason"] is String, "\(solver)")
        }
        let checked = try fieldops(["validate", "--tickets", sampleTickets, "--engineers", sampleEngineers, "--plan", dir + "/g.json"])
        #expect(checked.status == 0, "\(checked.stdout.prefix(500))")
    }
}
