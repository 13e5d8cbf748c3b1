import Benchmark
import FieldOpsCore
import Foundation

/// The repository root, from this file's place in it.
private let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The sample's tickets repeated under new ids until there are `count` of them: the
/// same mix of places, components and warranty stories at a larger scale.
private func scaledTickets(_ count: Int) throws -> String {
    let lines = try String(contentsOfFile: root + "/data/sample/tickets.csv", encoding: .utf8)
        .split(separator: "\n", omittingEmptySubsequences: true)
    let header = lines[0], rows = lines.dropFirst()
    var out = header + "\n"
    var n = 0
    while n < count {
        for row in rows where n < count {
            n += 1
            out += "S\(n)" + row.drop(while: { $0 != "," }) + "\n"
        }
    }
    let path = NSTemporaryDirectory() + "fieldops-bench-tickets-\(count).csv"
    try out.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident]
    let config = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(10), maxIterations: 50)

    Benchmark("Gazetteer: load 3,183 places", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Gazetteer.load(path: root + "/data/cn-places.csv"))
        }
    }

    Benchmark("Policy: load policy.yaml", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Policy.load(path: root + "/data/policy.yaml"))
        }
    }

    for count in [150, 10_000] {
        Benchmark("Tickets: read and triage \(count)", configuration: config) { benchmark in
            let gazetteer = try Gazetteer.load(path: root + "/data/cn-places.csv")
            let policy = try Policy.load(path: root + "/data/policy.yaml")
            let path = try scaledTickets(count)
            let at = Timestamp.parse("2026-11-25T08:00:00+08:00")!
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let tickets = try TicketReader(gazetteer: gazetteer).read(path: path)
                blackHole(Triage(policy: policy, gazetteer: gazetteer).run(tickets, at: at))
            }
        }
    }
}
