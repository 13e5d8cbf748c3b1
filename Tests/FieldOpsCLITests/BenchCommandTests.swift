import Foundation
import Testing

@Suite("fieldops bench")
struct BenchCommandTests {
    @Test("The quality table lists each morning and solver, every plan validated, as JSON and CSV")
    func morningsJSON() throws {
        // Time enough that the greedy plan (debug build, tests in parallel on a slow machine) leaves
        // GLPK its share: with 5 s a busy machine spent it all before GLPK ran.
        let run = try fieldops("bench", "--no-sample", "--sizes", "40x6", "--seeds", "3,4", "--time-limit", "30", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { "\($0["instance"]!) \($0["solver"]!)" } == [
            "gen-40x6-s3 greedy", "gen-40x6-s3 glpk", "gen-40x6-s4 greedy", "gen-40x6-s4 glpk",
        ])
        for row in rows {
            for key in ["on_time", "late", "deferred", "unassigned", "travel_km", "seconds", "gap", "objective"] {
                #expect(row[key] != nil, "\(key) missing")
            }
            #expect((row["violations"] as? [String]) == [])
        }
        // GLPK starts from the greedy plan: never worse, and it states a gap.
        for pair in stride(from: 0, to: rows.count, by: 2) {
            let greedy = rows[pair]["objective"] as! Double, glpk = rows[pair + 1]["objective"] as! Double
            #expect(glpk <= greedy)
            #expect(rows[pair + 1]["gap"] is Double)
        }
        let csv = try fieldops("bench", "--no-sample", "--sizes", "40x6", "--solver", "greedy", "--format", "csv")
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("instance,solver,status,on_time,must_today_on_time,must_today_on_time_max,late,deferred,unassigned,travel_km,objective,gap,bound_source,travel_gap,seconds,valid\n"))
        #expect(csv.stdout.split(separator: "\n").count == 2)
        #expect(csv.stdout.hasSuffix(",true\n"))
    }

    @Test("Over several days on far-west mornings, trips serve more on time than one-day routes, every plan validated")
    func tripsDays() throws {
        func onTime(_ days: String) throws -> [String: Int] {
            let run = try fieldops("bench", "--no-sample", "--sizes", "50x8", "--seeds", "3", "--region", "west", "--days", days,
                                   "--solver", "greedy", "--format", "json")
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
            for row in rows { #expect((row["violations"] as? [String]) == []) }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["instance"] as! String, $0["on_time"] as! Int) })
        }
        let one = try onTime("1"), three = try onTime("3")
        #expect(Array(one.keys) == ["gen-west-50x8-s3"])
        #expect(Array(three.keys) == ["gen-west-50x8-s3-3d"])
        #expect(three["gen-west-50x8-s3-3d"]! > one["gen-west-50x8-s3"]!)
        let bad = try fieldops("bench", "--days", "9")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'--days': 9 is out of range"))
    }

    @Test("Solomon: vehicles and distance beside the best known, with the gap")
    func solomon() throws {
        let dir = repoRoot + "/Tests/FieldOpsKitTests/Fixtures/solomon"
        let run = try fieldops("bench", "--solomon", dir, "--only", "tiny8", "--format", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        let row = rows[0]
        #expect(row["instance"] as? String == "TINY8")
        #expect(row["vehicles"] as? Int == 3 && row["bks_vehicles"] as? Int == 3)
        #expect(row["distance"] as? Double == 160 && row["bks_distance"] as? Double == 160)
        #expect(row["gap"] as? Double == 0)
        #expect(row["seconds"] is Double)
        let text = try fieldops("bench", "--solomon", dir, "--only", "TINY8")
        #expect(text.stdout.contains("best-known vehicle count or fewer on 1 of 1"))
    }

    @Test("A broken Solomon file is one line naming the file, line and column, exit 2")
    func solomonBadInput() throws {
        let dir = repoRoot + "/Tests/FieldOpsKitTests/Fixtures/solomon"
        let run = try fieldops("bench", "--solomon", dir, "--only", "bad-line")
        #expect(run.status == 2)
        #expect(run.stderr == "fieldops: error: \(dir)/bad-line.txt:11: field 'DEMAND': 'ten' is not a number\n")
        let missing = try fieldops("bench", "--solomon", "/nonexistent")
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("fieldops: error: /nonexistent: field '--solomon'"))
    }
}
