import Benchmark
import FieldOpsKit
import Foundation

/// The repository root, from this file's place in it.
private let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A generated morning, read and triaged: what the planner starts from.
private func morning(tickets: Int, engineers: Int) throws -> (triage: [TriageResult], engineers: [Engineer], travel: Travel, at: Date) {
    let gazetteer = try Gazetteer.load(path: root + "/data/cn-places.csv")
    let policy = try Policy.load(path: root + "/data/policy.yaml")
    let at = Timestamp.parse("2026-11-25T08:00:00+08:00")!
    let files = InstanceGenerator(gazetteer: gazetteer, at: at).generate(tickets: tickets, engineers: engineers, seed: 7)
    let t = try CSVTable.parse(files.tickets, file: "tickets.csv")
    let e = try CSVTable.parse(files.engineers, file: "engineers.csv")
    let ticketList = try TicketReader(gazetteer: gazetteer).tickets(from: t.records)
    let engineerList = try EngineerReader(gazetteer: gazetteer, policy: policy).engineers(from: e.records)
    let triage = Triage(policy: policy, gazetteer: gazetteer).run(ticketList, at: at)
    return (triage, engineerList, Travel(model: policy.travel), at)
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident]
    for (tickets, engineers) in [(100, 10), (1_000, 100), (10_000, 500)] {
        let config = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(20), maxIterations: tickets >= 10_000 ? 5 : 20)
        Benchmark("Greedy planner: \(tickets) tickets × \(engineers) engineers", configuration: config) { benchmark in
            let m = try morning(tickets: tickets, engineers: engineers)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let problem = PlanningProblem(triage: m.triage, engineers: m.engineers, travel: m.travel, at: m.at)
                let solution = GreedyPlanner().solve(problem, options: PlannerOptions())
                blackHole(PlanBuilder(problem: problem).plan(solution))
            }
        }
    }
}
