import FieldOpsSupport
import Foundation

/// Makes realistic mornings from the gazetteer, for tests and benchmarks: tickets
/// mostly in big cities with a long tail in counties and a few in Xinjiang and Tibet,
/// the component mix and warranty dates of an installed base, reports spread over each
/// tier's window, and engineers based in the larger cities with mixed skills.
/// The same seed gives the same files, byte for byte.
public struct InstanceGenerator: Sendable {
    /// The places tickets and engineers are drawn from.
    public let gazetteer: Gazetteer
    /// The morning the instance is for.
    public let at: Date

    /// Creates a generator for the morning `at`.
    public init(gazetteer: Gazetteer, at: Date) {
        self.gazetteer = gazetteer
        self.at = at
    }

    /// `tickets.csv` and `engineers.csv` as text.
    public func generate(tickets ticketCount: Int, engineers engineerCount: Int, seed: UInt64) -> (tickets: String, engineers: String) {
        var rng = SplitMix64(seed: seed)
        let located = gazetteer.places.filter { $0.coordinate != nil && $0.coordinateSource != "prefecture" }
        let metro = located.filter { ["北京市", "上海市", "深圳市"].contains($0.prefecture) }
        let capitals = Set(gazetteer.places.filter { $0.isCapital }.map(\.name))
        let agreedProvinces = ["新疆维吾尔自治区", "西藏自治区"]
        let capital = located.filter { capitals.contains($0.prefecture) && $0.level != .county && !metro.contains($0) && !agreedProvinces.contains($0.province) }
        let city = located.filter { ($0.level == .prefecture || $0.level == .district) && !capitals.contains($0.prefecture) && !metro.contains($0) && !agreedProvinces.contains($0.province) }
        let town = located.filter { $0.level == .county && !agreedProvinces.contains($0.province) }
        let agreed = located.filter { agreedProvinces.contains($0.province) }
        // Share of tickets by tier, and the hours each tier allows (for report times).
        let tiers: [(places: [Place], share: Double, hours: Double)] = [
            (metro, 0.25, 8), (capital, 0.30, 24), (city, 0.25, 36), (town, 0.17, 72), (agreed, 0.03, 72),
        ]
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

        var rows = ["id,kind,reported_at,place,lat,lon,tier,deadline,component,hot_swap,skills,service_minutes,window_start,window_end,invoice_date,factory_date,delivery_date,priority,serial,customer"]
        let width = String(max(ticketCount, 1)).count
        let components: [(String, Double)] = [
            ("mainboard", 8), ("cpu", 6), ("disk", 18), ("memory", 16), ("nic", 7), ("raid", 6), ("gpu", 5), ("psu", 12),
            ("cpu_board", 2), ("sas_backplane", 3), ("memory_board", 2), ("optical_drive", 2), ("cpu_fan", 3), ("gpu_fan", 1),
            ("chassis_fan", 2), ("chassis", 1), ("keyboard", 1), ("mouse", 1), ("other", 2),
        ]
        let totalWeight = components.reduce(0) { $0 + $1.1 }
        for n in 1...max(ticketCount, 1) where ticketCount > 0 {
            var r = unit(), tier = tiers[0]
            for t in tiers { if r < t.share { tier = t; break }; r -= t.share }
            let place = pick(tier.places)
            let id = "G" + String(repeating: "0", count: width - String(n).count) + String(n)
            let kindRoll = unit()
            let kind = kindRoll < 0.02 ? "installation" : kindRoll < 0.04 ? "inspection" : ""
            var component = ""
            var c = unit() * totalWeight
            for (name, w) in components { if c < w { component = name; break }; c -= w }
            let hotSwap = (component == "disk" || component == "psu") && unit() < 0.4
            let reported = at.addingTimeInterval(-unit() * min(72, tier.hours * 1.1) * 3600)
            let ageDays = Int(unit() * 1300) + 20
            let invoice = Day(at).adding(days: -ageDays)
            let factory = invoice.adding(days: -(10 + Int(unit() * 35)))
            let delivery = invoice.adding(days: Int(unit() * 5))
            var windowStart = "", windowEnd = ""
            if kind == "installation" {
                let start = Day(at).start.addingTimeInterval(Double(9 + Int(unit() * 6)) * 3600 + Double(Int(unit() * 3)) * 86_400)
                windowStart = Timestamp.format(start)
                windowEnd = Timestamp.format(start.addingTimeInterval(6 * 3600))
            }
            let deadline = place.province == "新疆维吾尔自治区" || place.province == "西藏自治区"
                ? Timestamp.format(at.addingTimeInterval(Double(24 + Int(unit() * 72)) * 3600)) : ""
            let priority = unit() < 0.1 ? "1" : ""
            let fields = [id, kind, kind.isEmpty ? Timestamp.format(reported) : "", gazetteer.spelling(of: place), "", "", "", deadline,
                          kind.isEmpty ? component : "", hotSwap ? "true" : "", "", kind == "installation" ? "180" : "",
                          windowStart, windowEnd, invoice.description, factory.description, delivery.description, priority,
                          "RK\(10_000_000 + Int(rng.next() % 89_999_999))", "客户\(Int(rng.next() % 9000) + 1000)"]
            rows.append(fields.map(csvCell).joined(separator: ","))
        }

        // Engineers: in capitals and the three metros, weighted towards the metros.
        let bases = gazetteer.places.filter { ($0.level == .municipality || $0.level == .prefecture) && $0.isCapital && $0.coordinate != nil }
            + gazetteer.places.filter { $0.name == "深圳市" }
        let heavy = bases.filter { ["北京市", "上海市", "深圳市", "广州市", "成都市", "武汉市"].contains($0.name) }
        var engineerRows = ["id,name,base,skills,shift_start,shift_end"]
        let ewidth = String(max(engineerCount, 1)).count
        for n in 1...max(engineerCount, 1) where engineerCount > 0 {
            let base = unit() < 0.4 ? pick(heavy) : pick(bases)
            var skills = ["server"]
            if unit() < 0.55 { skills.append("storage") }
            if unit() < 0.4 { skills.append("network") }
            if unit() < 0.2 { skills.append("gpu") }
            let shift = unit() < 0.75 ? ("08:00", "20:00") : unit() < 0.9 ? ("09:00", "18:00") : ("20:00", "08:00")
            let id = "E" + String(repeating: "0", count: ewidth - String(n).count) + String(n)
            engineerRows.append([id, "工程师\(n)", gazetteer.spelling(of: base), skills.joined(separator: ";"), shift.0, shift.1].joined(separator: ","))
        }
        return (rows.joined(separator: "\n") + "\n", engineerRows.joined(separator: "\n") + "\n")
    }
}
