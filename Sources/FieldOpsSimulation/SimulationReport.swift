import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSupport
import Foundation
import Mustache

/// The runs of one scenario.
public struct ScenarioResult: Sendable {
    /// The scenario's name.
    public var name: String
    /// One entry per replication, in run order.
    public var runs: [RunFigures]

    /// Creates a result.
    public init(name: String, runs: [RunFigures]) {
        self.name = name
        self.runs = runs
    }
}

/// One figure of the side-by-side table: its value in each run, their mean and a 95 %
/// confidence interval (Student's t over the runs) when there are at least two.
public struct SimulationMetric: Sendable {
    /// Its key in JSON and CSV.
    public var key: String
    /// Its label in the text table.
    public var label: String
    /// Decimals shown; a rate is shown as a percentage.
    public var digits: Int
    /// Whether it is a share (shown ×100 with %).
    public var isRate: Bool
    /// Per run (`nil`: nothing to measure in that run, e.g. no D5 repair due).
    public var values: [Double?]

    /// The mean over the runs that measured it.
    public var mean: Double? {
        let v = values.compactMap { $0 }
        return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
    }

    /// Half the width of the 95 % confidence interval of the mean.
    public var halfWidth: Double? {
        let v = values.compactMap { $0 }
        guard v.count >= 2, let mean else { return nil }
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        return SimulationMetric.t975(v.count - 1) * (variance / Double(v.count)).squareRoot()
    }

    /// The values the figure can take: a share lies in 0…1, a change of a share in −1…1,
    /// counts, minutes and km are never negative.
    public var domain: ClosedRange<Double> {
        if key.isEmpty { return isRate ? -1...1 : -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude }
        return isRate ? 0...1 : 0...Double.greatestFiniteMagnitude
    }

    /// The 95 % confidence interval of the mean, clamped to `domain`: with few runs Student's
    /// t is wide, and a share cannot lie below 0 % or above 100 %.
    public var interval: ClosedRange<Double>? {
        guard let mean, let h = halfWidth else { return nil }
        return max(mean - h, domain.lowerBound)...min(mean + h, domain.upperBound)
    }

    /// Whether clamping to `domain` cut the interval.
    public var isClamped: Bool {
        guard let mean, let h = halfWidth, let interval else { return false }
        return interval.lowerBound > mean - h || interval.upperBound < mean + h
    }

    /// Student's t, 97.5th percentile, for `df` degrees of freedom.
    static func t975(_ df: Int) -> Double {
        let table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                     2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        return df >= 1 && df <= table.count ? table[df - 1] : 1.96
    }

    /// The mean and interval as text: `84.2% ± 2.1`.
    public var text: String {
        guard let mean else { return "–" }
        let scale = isRate ? 100.0 : 1.0
        var out = String(format: "%.\(digits)f", mean * scale) + (isRate ? "%" : "")
        if let h = halfWidth, let interval {
            if isClamped {
                out += String(format: " (%.\(digits)f–%.\(digits)f)", interval.lowerBound * scale, interval.upperBound * scale)
            } else {
                out += String(format: " ± %.\(digits)f", h * scale)
            }
        }
        return out
    }
}

/// The side-by-side comparison of scenarios: text, JSON, CSV, the daily series and a chart.
public enum SimulationReport {
    /// Below this many runs, Student's t makes a 95 % interval too wide to tell scenarios
    /// apart (t is 12.7 for two runs, 2.8 for five, 2.4 for eight): the report says so.
    public static let runsForUsefulInterval = 5

    /// The figures of a scenario, in table order.
    public static func metrics(_ runs: [RunFigures]) -> [SimulationMetric] {
        func rate(_ r: RunFigures, _ tier: Tier?) -> Double? {
            let due = tier.map { r.dueByTier[$0] ?? 0 } ?? r.dueByTier.values.reduce(0, +)
            let onTime = tier.map { r.onTimeByTier[$0] ?? 0 } ?? r.onTimeByTier.values.reduce(0, +)
            return due == 0 ? nil : Double(onTime) / Double(due)
        }
        func percentile(_ values: [Double], _ p: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        var out = [SimulationMetric(key: "on_time_rate", label: "repairs on time", digits: 1, isRate: true, values: runs.map { rate($0, nil) })]
        let labels: [Tier: String] = [.metro: "D1 Beijing/Shanghai/Shenzhen (8 h)", .capital: "D2 provincial capitals (24 h)",
                                      .city: "D3 other cities (36 h)", .town: "D4 counties and towns (72 h)", .agreed: "D5 Xinjiang/Tibet (agreed)"]
        for tier in Tier.allCases {
            let values = runs.map { rate($0, tier) }
            if values.contains(where: { $0 != nil }) {
                out.append(SimulationMetric(key: "on_time_rate_\(tier.rawValue)", label: "  " + labels[tier]!, digits: 1, isRate: true, values: values))
            }
        }
        out += [
            SimulationMetric(key: "door_hours_mean", label: "time to the door, mean (h)", digits: 1, isRate: false,
                             values: runs.map { $0.doorHours.isEmpty ? nil : $0.doorHours.reduce(0, +) / Double($0.doorHours.count) }),
            SimulationMetric(key: "door_hours_p95", label: "time to the door, 95th percentile (h)", digits: 1, isRate: false,
                             values: runs.map { percentile($0.doorHours, 0.95) }),
            SimulationMetric(key: "visits_served", label: "visits served", digits: 0, isRate: false, values: runs.map { Double($0.served) }),
            SimulationMetric(key: "late_visits", label: "visits late", digits: 0, isRate: false, values: runs.map { Double($0.late) }),
            SimulationMetric(key: "backlog", label: "backlog at the end (visits)", digits: 0, isRate: false, values: runs.map { Double($0.backlog) }),
            SimulationMetric(key: "km", label: "km travelled", digits: 0, isRate: false, values: runs.map { $0.km }),
            SimulationMetric(key: "utilisation", label: "engineer time on site / shift", digits: 1, isRate: true,
                             values: runs.map { $0.shiftMinutes == 0 ? nil : Double($0.workMinutes) / Double($0.shiftMinutes) }),
            SimulationMetric(key: "busy", label: "engineer time on site or driving / shift", digits: 1, isRate: true,
                             values: runs.map { $0.shiftMinutes == 0 ? nil : Double($0.workMinutes + $0.travelMinutes) / Double($0.shiftMinutes) }),
        ]
        return out
    }

    /// The side-by-side table.
    public static func text(settings: SimulationSettings, results: [ScenarioResult], seconds: Double) -> String {
        let columns = results.map { metrics($0.runs) }
        var out = "FieldOps simulate · \(settings.days) days from \(settings.first) · \(settings.runs) run\(settings.runs == 1 ? "" : "s") each · seed \(settings.seed)"
        out += " · re-plan every \(settings.replanHours.formatted()) h\(settings.replanOnUrgent ? " and on urgent arrivals" : "")\(settings.objective == .standard ? "" : " · objective \(settings.objective.rawValue)")\n"
        switch settings.runs {
        case 1: out += "One run: no confidence interval (use --runs 2 or more).\n\n"
        case 2..<SimulationReport.runsForUsefulInterval:
            out += "Means over the runs, ± half the 95% confidence interval (an interval cut at 0 or 100% shows its ends); "
            out += "every scenario sees the same arrivals. With \(settings.runs) runs the intervals are wide: use --runs \(SimulationReport.runsForUsefulInterval) or more to tell scenarios apart.\n\n"
        default:
            out += "Means over the runs, ± half the 95% confidence interval (an interval cut at 0 or 100% shows its ends); every scenario sees the same arrivals.\n\n"
        }
        var table = TextTable([""] + results.map(\.name), align: [.left] + results.map { _ in .right })
        // Rows by key, so that a tier missing from one scenario still lines up.
        var keys: [(String, String)] = []
        for column in columns { for m in column where !keys.contains(where: { $0.0 == m.key }) { keys.append((m.key, m.label)) } }
        for (key, label) in keys {
            table.add([label] + columns.map { $0.first { $0.key == key }?.text ?? "–" })
        }
        out += table.render()
        // The same arrivals in each run make the runs pairs: the difference to the base is
        // measured run by run, which cancels the variation the arrivals cause in both.
        if let base = columns.first?.first?.values, results.count > 1 {
            out += "\n"
            for (result, column) in zip(results, columns).dropFirst() {
                // The first figure is the on-time rate of all repairs, run by run.
                let pairs = zip(column[0].values, base).map { s, b in s.flatMap { x in b.map { x - $0 } } }
                let change = SimulationMetric(key: "", label: "", digits: 1, isRate: true, values: pairs)
                guard let mean = change.mean else { continue }
                out += String(format: "  %@ against base: repairs on time %+.1f points", result.name, mean * 100)
                if let interval = change.interval, let h = change.halfWidth {
                    out += change.isClamped
                        ? String(format: " (%+.1f to %+.1f, paired over the %d runs)\n", interval.lowerBound * 100, interval.upperBound * 100, pairs.count)
                        : String(format: " ± %.1f (paired over the %d runs)\n", h * 100, pairs.count)
                } else {
                    out += "\n"
                }
            }
        }
        out += String(format: "\n%d plans made in %.1f s.\n", results.reduce(0) { $0 + $1.runs.reduce(0) { $0 + $1.plans } }, seconds)
        return out
    }

    /// The comparison as JSON.
    public static func json(settings: SimulationSettings, results: [ScenarioResult]) -> JSONValue {
        .object([
            ("first_day", .string(settings.first.description)), ("days", .int(settings.days)), ("runs", .int(settings.runs)),
            ("seed", .string(String(settings.seed))), ("replan_hours", .number(settings.replanHours, digits: 3)),
            ("replan_on_urgent", .bool(settings.replanOnUrgent)), ("objective", .string(settings.objective.rawValue)),
            ("scenarios", .array(results.map { result in
                .object([
                    ("name", .string(result.name)),
                    ("metrics", .object(metrics(result.runs).map { m in
                        (m.key, .object([
                            ("mean", m.mean.map { .number($0, digits: 6) } ?? .null),
                            ("ci95_half_width", m.halfWidth.map { .number($0, digits: 6) } ?? .null),
                            ("ci95_low", m.interval.map { .number($0.lowerBound, digits: 6) } ?? .null),
                            ("ci95_high", m.interval.map { .number($0.upperBound, digits: 6) } ?? .null),
                            ("runs", .array(m.values.map { $0.map { .number($0, digits: 6) } ?? .null })),
                        ]))
                    })),
                    ("daily", .array(pooledDaily(result).map { d in
                        .object([("day", .string(d.day.description)), ("due", .int(d.due)), ("on_time", .int(d.onTime)),
                                 ("served", .int(d.served)), ("backlog", .int(d.backlog)), ("km", .number(d.km, digits: 1))])
                    })),
                ])
            })),
        ])
    }

    /// The comparison as CSV: one row per scenario and figure.
    public static func csv(results: [ScenarioResult]) -> String {
        var out = "scenario,metric,mean,ci95_low,ci95_high,runs\n"
        for result in results {
            for m in metrics(result.runs) {
                let mean = m.mean.map { String(format: "%.6f", $0) } ?? ""
                let low = m.interval.map { String(format: "%.6f", $0.lowerBound) } ?? ""
                let high = m.interval.map { String(format: "%.6f", $0.upperBound) } ?? ""
                out += [result.name, m.key, mean, low, high, String(m.values.compactMap { $0 }.count)].map(csvCell).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Every run's daily series: `scenario,run,day,due,on_time,served,backlog,km`.
    public static func dailyCSV(results: [ScenarioResult]) -> String {
        var out = "scenario,run,day,due,on_time,served,backlog,km\n"
        for result in results {
            for (r, run) in result.runs.enumerated() {
                for d in run.daily {
                    out += [result.name, String(r + 1), d.day.description, String(d.due), String(d.onTime), String(d.served),
                            String(d.backlog), String(format: "%.1f", d.km)].map(csvCell).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// Each day summed over the runs.
    static func pooledDaily(_ result: ScenarioResult) -> [DayFigures] {
        guard var pooled = result.runs.first?.daily.map({ DayFigures(day: $0.day) }) else { return [] }
        for run in result.runs {
            for (i, d) in run.daily.enumerated() where i < pooled.count {
                pooled[i].due += d.due
                pooled[i].onTime += d.onTime
                pooled[i].served += d.served
                pooled[i].backlog += d.backlog
                pooled[i].km += d.km
            }
        }
        return pooled
    }

    /// A line chart of the on-time rate of repairs due each day, one line per scenario
    /// (pooled over the runs), as a self-contained SVG.
    public static func svg(settings: SimulationSettings, results: [ScenarioResult]) -> String {
        let width = 760.0, height = 380.0, left = 56.0, right = 200.0, top = 40.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let days = max(settings.days, 1)
        func x(_ i: Int) -> Double { left + (days == 1 ? plotW / 2 : plotW * Double(i) / Double(days - 1)) }
        func y(_ rate: Double) -> Double { top + plotH * (1 - rate) }
        let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
        let series: [[String: Any]] = results.enumerated().map { s, result in
            let points = pooledDaily(result).enumerated().compactMap { i, d -> (Double, Double, String)? in
                guard d.due > 0 else { return nil }
                let rate = Double(d.onTime) / Double(d.due)
                return (x(i), y(rate), String(format: "%@ %@: %.1f%% of %d repairs due on time", result.name, d.day.description, rate * 100, d.due))
            }
            return [
                "name": result.name, "color": palette[s % palette.count],
                "points": points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " "),
                "dots": points.map { ["x": String(format: "%.1f", $0.0), "y": String(format: "%.1f", $0.1), "tip": $0.2] },
                "legendY": String(format: "%.0f", top + 8 + Double(s) * 22), "legendTextY": String(format: "%.0f", top + 18 + Double(s) * 22),
            ]
        }
        let yTicks: [[String: Any]] = stride(from: 0, through: 100, by: 20).map { p in
            ["y": String(format: "%.1f", y(Double(p) / 100)), "label": "\(p)%"]
        }
        let step = max(1, days / 7)
        let xTicks: [[String: Any]] = stride(from: 0, to: days, by: step).map { i in
            ["x": String(format: "%.1f", x(i)), "label": String(settings.first.adding(days: i).description.suffix(5))]
        }
        let context: [String: Any] = [
            "width": Int(width), "height": Int(height), "left": left, "right": left + plotW, "bottom": top + plotH,
            "axisLabelY": top + plotH + 34, "legendX": left + plotW + 20, "legendTextX": left + plotW + 38,
            "title": "Repairs on time, by the day they were due (\(settings.runs) run\(settings.runs == 1 ? "" : "s") pooled)",
            "yTicks": yTicks, "xTicks": xTicks, "series": series, "tickLabelX": left - 6, "tickY": top + plotH + 18,
        ]
        return chartTemplate.render(context)
    }

    /// The chart's template: all markup here, all numbers from `svg`.
    static let chartTemplate: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: """
                <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" font-family="sans-serif" font-size="12">
                <title>{{title}}</title>
                <rect width="100%" height="100%" fill="white"/>
                <text x="{{left}}" y="22" font-size="14" font-weight="bold">{{title}}</text>
                {{#yTicks}}
                <line x1="{{left}}" x2="{{right}}" y1="{{y}}" y2="{{y}}" stroke="#ddd"/>
                <text x="{{tickLabelX}}" y="{{y}}" text-anchor="end" dominant-baseline="middle">{{label}}</text>
                {{/yTicks}}
                {{#xTicks}}
                <text x="{{x}}" y="{{tickY}}" text-anchor="middle">{{label}}</text>
                {{/xTicks}}
                <text x="{{left}}" y="{{axisLabelY}}">day due</text>
                {{#series}}
                <polyline fill="none" stroke="{{color}}" stroke-width="2" points="{{points}}"/>
                {{#dots}}
                <circle cx="{{x}}" cy="{{y}}" r="3" fill="{{color}}"><title>{{tip}}</title></circle>
                {{/dots}}
                <rect x="{{legendX}}" y="{{legendY}}" width="12" height="12" fill="{{color}}"/>
                <text x="{{legendTextX}}" y="{{legendTextY}}">{{name}}</text>
                {{/series}}
                </svg>

                """)
        } catch {
            preconditionFailure("the chart template does not parse: \(error)")
        }
    }()
}
