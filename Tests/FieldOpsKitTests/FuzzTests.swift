import Foundation
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// Mutations of a valid file, seeded: the kinds of damage real files carry (numbers at
/// the edges of Double, NaN, huge text, a truncation, a byte-order mark, a stray quote,
/// a duplicated or dropped line, control characters).
struct Mutator {
    var rng: SplitMix64

    static let edgeNumbers = ["1e308", "-1e308", "1e-308", "-1e-308", "NaN", "nan", "inf", "-inf", "-0", "0", "1e19", "-1e19",
                              "9223372036854775808", "-9223372036854775809", "1e300", "0x1p4", "4.9e-324", "", " ", "1_000",
                              "99999999999999999999999", "2026-13-45", "24:61", "-1", "1e-300"]

    mutating func int(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(rng.next() % UInt64(bound)) }

    /// `text` with one to three mutations.
    mutating func mutate(_ text: String) -> String {
        var out = text
        for _ in 0..<(1 + int(3)) { out = once(out) }
        return out
    }

    private mutating func once(_ text: String) -> String {
        var chars = Array(text)
        let at = int(chars.count + 1)
        switch int(11) {
        case 0, 1, 2:
            // A number (or the text between separators) becomes an edge value.
            let tokens = numberRanges(chars)
            guard !tokens.isEmpty else { fallthrough }
            let r = tokens[int(tokens.count)]
            chars.replaceSubrange(r, with: Array(Mutator.edgeNumbers[int(Mutator.edgeNumbers.count)]))
        case 3: chars = Array(chars.prefix(at))                                   // truncated
        case 4: chars.insert(contentsOf: Array("\u{FEFF}"), at: at)              // a BOM anywhere
        case 5: chars.insert("\"", at: at)                                        // a stray quote
        case 6: chars.insert(contentsOf: Array(String(repeating: int(2) == 0 ? "A" : "漢", count: 5_000 + int(20_000))), at: at)
        case 7:                                                                    // a line duplicated or dropped
            var lines = text.components(separatedBy: "\n")
            guard lines.count > 1 else { break }
            let i = int(lines.count)
            if int(2) == 0 { lines.insert(lines[i], at: i) } else { lines.remove(at: i) }
            return lines.joined(separator: "\n")
        case 8: chars.insert(Character(Unicode.Scalar(UInt8(int(32)))), at: at) // a control character, NUL included
        case 9: if !chars.isEmpty { chars.remove(at: min(at, chars.count - 1)) }
        default:                                                                   // two lines swapped
            var lines = text.components(separatedBy: "\n")
            guard lines.count > 2 else { break }
            lines.swapAt(int(lines.count), int(lines.count))
            return lines.joined(separator: "\n")
        }
        return String(chars)
    }

    /// Ranges of the numbers in the text.
    private func numberRanges(_ chars: [Character]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < chars.count {
            if chars[i].isNumber || (chars[i] == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" { j += 1 }
                out.append(i..<j)
                i = j
            } else {
                i += 1
            }
        }
        return out
    }
}

/// How many mutated inputs each reader gets: a few hundred in the test suite; `make
/// fuzz` sets FIELDOPS_FUZZ_CASES for many more.
let fuzzCases = ProcessInfo.processInfo.environment["FIELDOPS_FUZZ_CASES"].flatMap(Int.init) ?? 600

/// A scratch file for a mutated input, removed after `body`.
func withFile<T>(_ text: String, named name: String, _ body: (String) throws -> T) rethrows -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fieldops-fuzz-\(UUID().uuidString)-\(name)").path
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Every reader, fed mutated copies of the shipped files: it reads them or fails with one
/// located line; whatever it reads plans and validates without a crash.
@Suite("Fuzzing the readers")
struct FuzzTests {
    /// A small morning to mutate: the sample's first tickets and engineers.
    static let tickets = (try? String(contentsOfFile: repoRoot + "/data/sample/tickets.csv", encoding: .utf8))
        .map { $0.components(separatedBy: "\n").prefix(13).joined(separator: "\n") + "\n" } ?? ""
    static let engineers = (try? String(contentsOfFile: repoRoot + "/data/sample/engineers.csv", encoding: .utf8))
        .map { $0.components(separatedBy: "\n").prefix(5).joined(separator: "\n") + "\n" } ?? ""
    static let at = time("2026-11-25T08:00:00+08:00")

    /// The small morning, read unmutated.
    static func morning() throws -> Instance {
        try Instance.parse(tickets: tickets, engineers: engineers, name: "fuzz", gazetteer: Shipped.gazetteer, policy: Shipped.policy)
    }

    /// An input error must be one line a person can read.
    func expectOneLine(_ error: InputError, _ input: String) {
        let text = error.description
        #expect(!text.contains("\n") && text.count < 1_000, "\(text.prefix(300)) ← \(input.prefix(200))")
    }

    /// Triage, plan and validate what was read: nothing read may crash the planner.
    func planAndValidate(_ instance: Instance, policy: Policy = Shipped.policy, matrix: TravelMatrix = TravelMatrix()) {
        let triage = Triage(policy: policy, gazetteer: Shipped.gazetteer).run(instance.tickets, at: FuzzTests.at)
        let travel = Travel(model: policy.travel, matrix: matrix)
        let problem = PlanningProblem(triage: triage, engineers: instance.engineers, travel: travel, at: FuzzTests.at)
        var options = PlannerOptions()
        options.ruinIterations = 20
        let plan = PlanBuilder(problem: problem).plan(GreedyPlanner().solve(problem, options: options))
        let violations = PlanValidator(triage: triage, engineers: instance.engineers, travel: travel).violations(of: plan)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
    }

    @Test("Tickets and engineers CSV: read or one located line, and what is read plans")
    func csv() {
        var m = Mutator(rng: SplitMix64(seed: 11))
        var read = 0
        for i in 0..<fuzzCases {
            let (t, e) = i % 3 == 0 ? (FuzzTests.tickets, m.mutate(FuzzTests.engineers)) : (m.mutate(FuzzTests.tickets), FuzzTests.engineers)
            do {
                let instance = try Instance.parse(tickets: t, engineers: e, name: "fuzz", gazetteer: Shipped.gazetteer, policy: Shipped.policy)
                read += 1
                if i % 5 == 0 { planAndValidate(instance) }
            } catch {
                expectOneLine(error, t)
            }
        }
        #expect(read > 0 && read < fuzzCases, "mutations should both pass and fail the readers (\(read) of \(fuzzCases) read)")
    }

    @Test("Instance JSON: read or one located line")
    func instanceJSON() throws {
        let base = try String(contentsOfFile: fixture("instance.json"), encoding: .utf8)
        var m = Mutator(rng: SplitMix64(seed: 12))
        for _ in 0..<fuzzCases {
            let text = m.mutate(base)
            do {
                _ = try withFile(text, named: "instance.json") { try Instance.readJSON(path: $0, gazetteer: Shipped.gazetteer, policy: Shipped.policy) }
            } catch let error as InputError {
                expectOneLine(error, text)
            }
        }
    }

    @Test("Policy YAML: read or one located line, and a policy read plans")
    func policy() throws {
        let base = try String(contentsOfFile: repoRoot + "/data/policy.yaml", encoding: .utf8)
        let instance = try FuzzTests.morning()
        var m = Mutator(rng: SplitMix64(seed: 13))
        for i in 0..<fuzzCases {
            let text = m.mutate(base)
            do {
                let policy = try Policy.parse(text, file: "policy.yaml")
                if i % 10 == 0 { planAndValidate(instance, policy: policy) }
            } catch {
                expectOneLine(error, text)
            }
        }
    }

    @Test("Travel matrix CSV: read or one located line, and a matrix read plans")
    func matrix() throws {
        let instance = try FuzzTests.morning()
        var base = "from_id,to_id,minutes,km\n"
        for e in instance.engineers { for t in instance.tickets.prefix(6) { base += "\(e.id),\(t.id),\(30 + t.id.count),\(25.5)\n" } }
        var m = Mutator(rng: SplitMix64(seed: 14))
        for i in 0..<fuzzCases {
            let text = m.mutate(base)
            do {
                let matrix = try withFile(text, named: "matrix.csv") { try TravelMatrix.read(path: $0, name: "matrix.csv") }
                if i % 5 == 0 { planAndValidate(instance, matrix: matrix) }
            } catch let error as InputError {
                expectOneLine(error, text)
            }
        }
    }

    @Test("Solomon instances: read or one located line, and an instance read becomes a problem")
    func solomon() throws {
        let base = try String(contentsOfFile: repoRoot + "/data/benchmarks/solomon/C101.txt", encoding: .utf8)
        var m = Mutator(rng: SplitMix64(seed: 15))
        for _ in 0..<fuzzCases {
            let text = m.mutate(base)
            do {
                let instance = try SolomonReader.parse(text, file: "C101.txt")
                _ = instance.problem(vehicles: min(instance.vehicles, 3))
            } catch {
                expectOneLine(error, text)
            }
        }
    }

    @Test("Plans read back, demand profiles and scenarios: read or one located line")
    func plansDemandScenarios() throws {
        let instance = try FuzzTests.morning()
        let triage = Shipped.triage.run(instance.tickets, at: FuzzTests.at)
        let problem = PlanningProblem(triage: triage, engineers: instance.engineers, travel: Travel(model: Shipped.policy.travel), at: FuzzTests.at)
        let plan = PlanBuilder(problem: problem).plan(GreedyPlanner().solve(problem, options: PlannerOptions()))
        let planText = plan.json(triage: triage).rendered()
        let demand = try String(contentsOfFile: repoRoot + "/data/demand/sample.yaml", encoding: .utf8)
        let scenario = try String(contentsOfFile: repoRoot + "/data/scenarios/chengdu-plus-two.yaml", encoding: .utf8)
        let sampleEngineers = try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).read(path: repoRoot + "/data/sample/engineers.csv")
        var m = Mutator(rng: SplitMix64(seed: 16))
        for i in 0..<fuzzCases {
            switch i % 3 {
            case 0:
                let text = m.mutate(planText)
                do {
                    let read = try withFile(text, named: "plan.json") { try Plan.read(path: $0, name: "plan.json") }
                    _ = PlanValidator(triage: triage, engineers: instance.engineers, travel: problem.travel).violations(of: read)
                } catch let error as InputError { expectOneLine(error, text) }
            case 1:
                let text = m.mutate(demand)
                do {
                    let profile = try withFile(text, named: "demand.yaml") { try DemandProfile.load(path: $0, gazetteer: Shipped.gazetteer) }
                    _ = try profile.arrivals(from: Day(iso: "2026-11-23")!, days: 1, seed: 1, reader: TicketReader(gazetteer: Shipped.gazetteer))
                } catch let error as InputError { expectOneLine(error, text) }
            default:
                let text = m.mutate(scenario)
                do {
                    _ = try withFile(text, named: "scenario.yaml") {
                        try Scenario.load(path: $0, engineers: sampleEngineers, gazetteer: Shipped.gazetteer, policy: Shipped.policy)
                    }
                } catch let error as InputError { expectOneLine(error, text) }
            }
        }
    }
}
