import FieldOpsSupport
import Foundation

/// Makes realistic mornings from the gazetteer, for tests and benchmarks: tickets
/// mostly in big cities with a long tail in counties and a few in Xinjiang and Tibet,
/// the component mix and warranty dates of an installed base, reports spread over each
/// tier's window, and engineers based in the larger cities with mixed skills.
/// The same seed gives the same files, byte for byte.
public struct InstanceGenerator: Sendable {
    /// Where a morning's tickets and engineers are drawn from.
    public enum Region: String, Sendable, CaseIterable {
        /// All of mainland China, mostly the big cities (the default).
        case national
        /// The far west: Xinjiang, Tibet, Qinghai, Gansu, Ningxia, western Inner Mongolia,
        /// western Sichuan and Yunnan (west of 105° E), with engineers in the western
        /// capitals and agreed deadlines of 72–120 h in Xinjiang and Tibet: the mornings
        /// a planner that sends everyone home each night cannot serve.
        case west
    }

    /// Provinces of the far west; with `westOfLongitude`, the places of `Region.west`.
    static let westProvinces: Set = ["新疆维吾尔自治区", "西藏自治区", "青海省", "甘肃省", "宁夏回族自治区", "内蒙古自治区", "四川省", "云南省"]
    /// The far west's eastern edge, in degrees of longitude.
    static let westOfLongitude = 105.0
    /// Where the far west's engineers are based.
    static let westBases = ["乌鲁木齐市", "拉萨市", "西宁市", "兰州市", "银川市", "成都市", "昆明市"]

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
    public func generate(tickets ticketCount: Int, engineers engineerCount: Int, seed: UInt64,
                         region: Region = .national) -> (tickets: String, engineers: String) {
        var rng = SplitMix64(seed: seed)
        var located = gazetteer.places.filter { $0.coordinate != nil && $0.coordinateSource != "prefecture" && $0.coordinateSource != "approximate" }
        if region == .west {
            located = located.filter { InstanceGenerator.westProvinces.contains($0.province) && $0.coordinate!.lon < InstanceGenerator.westOfLongitude }
        }
        let metro = located.filter { ["北京市", "上海市", "深圳市"].contains($0.prefecture) }
        let capitals = Set(gazetteer.places.filter { $0.isCapital }.map(\.name))
        let agreedProvinces = ["新疆维吾尔自治区", "西藏自治区"]
        let capital = located.filter { capitals.contains($0.prefecture) && $0.level != .county && !metro.contains($0) && !agreedProvinces.contains($0.province) }
        let city = located.filter { ($0.level == .prefecture || $0.level == .district) && !capitals.contains($0.prefecture) && !metro.contains($0) && !agreedProvinces.contains($0.province) }
        let town = located.filter { $0.level == .county && !agreedProvinces.contains($0.province) }
        let agreed = located.filter { agreedProvinces.contains($0.province) }
        // Share of tickets by tier, and the hours each tier allows (for report times).
        let tiers: [(places: [Place], share: Double, hours: Double)] = region == .national ? [
            (metro, 0.25, 8), (capital, 0.30, 24), (city, 0.25, 36), (town, 0.17, 72), (agreed, 0.03, 72),
        ] : [
            (capital, 0.15, 24), (city, 0.20, 36), (town, 0.25, 72), (agreed, 0.40, 72),
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
            // Agreed deadlines in Xinjiang and Tibet: 24–96 h nationally, 72–120 h in the far west.
            let (fromHours, spread) = region == .national ? (24.0, 72.0) : (72.0, 48.0)
            let deadline = place.province == "新疆维吾尔自治区" || place.province == "西藏自治区"
                ? Timestamp.format(at.addingTimeInterval((fromHours + Double(Int(unit() * spread))) * 3600)) : ""
            let priority = unit() < 0.1 ? "1" : ""
            let fields = [id, kind, kind.isEmpty ? Timestamp.format(reported) : "", gazetteer.spelling(of: place), "", "", "", deadline,
                          kind.isEmpty ? component : "", hotSwap ? "true" : "", "", kind == "installation" ? "180" : "",
                          windowStart, windowEnd, invoice.description, factory.description, delivery.description, priority,
                          "RK\(10_000_000 + Int(rng.next() % 89_999_999))", "客户\(Int(rng.next() % 9000) + 1000)"]
            rows.append(fields.map(csvCell).joined(separator: ","))
        }

        // Engineers: in capitals and the three metros, weighted towards the metros.
        let bases = region == .national
            ? gazetteer.places.filter { ($0.level == .municipality || $0.level == .prefecture) && $0.isCapital && $0.coordinate != nil }
                + gazetteer.places.filter { $0.name == "深圳市" }
            : gazetteer.places.filter { InstanceGenerator.westBases.contains($0.name) }
        let heavy = region == .national ? bases.filter { ["北京市", "上海市", "深圳市", "广州市", "成都市", "武汉市"].contains($0.name) } : bases
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
