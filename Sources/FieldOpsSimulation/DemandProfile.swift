import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSupport
import Foundation

/// Where and when tickets arrive in a simulation, and what they are about: a Poisson
/// process of `ticketsPerDay` on an average day shaped by hour and weekday, each ticket
/// at a place and about a component drawn by weight (`data/demand/sample.yaml`).
public struct DemandProfile: Sendable {
    /// Tickets on an average day.
    public var ticketsPerDay: Double
    /// Relative weight of each hour, 00:00 to 23:00.
    public var hours: [Double]
    /// Relative weight of each weekday, Monday to Sunday.
    public var weekdays: [Double]
    /// Shares of repairs, installations and inspections.
    public var kinds: (repair: Double, installation: Double, inspection: Double)
    /// Share of repairs still in their 3-year warranty.
    public var inWarranty: Double
    /// Share of disks and power supplies that are hot-swap.
    public var hotSwap: Double
    /// Components of repairs, by weight.
    public var components: [(component: Component, weight: Double)]
    /// Places, by weight, in the spelling the tickets file takes.
    public var places: [(place: Place, spelling: String, weight: Double)]

    /// Reads a profile, resolving its places in `gazetteer`.
    public static func load(path: String, gazetteer: Gazetteer) throws(InputError) -> DemandProfile {
        let root = try YAMLCursor.document(readText(path: path, name: path), file: path, what: "demand profile")
        _ = try root.entries(allowed: ["tickets_per_day", "hours", "weekdays", "kinds", "in_warranty", "hot_swap", "components", "places"])
        func weights(_ key: String, count: Int) throws(InputError) -> [Double] {
            let cursor = try root.required(key)
            let items = try cursor.items()
            guard items.count == count else { throw cursor.fail("expected \(count) weights, found \(items.count)") }
            var out: [Double] = []
            for item in items { out.append(try item.number(.weight)) }
            guard out.contains(where: { $0 > 0 }) else { throw cursor.fail("at least one weight must be above zero") }
            return out
        }
        func share(_ key: String) throws(InputError) -> Double {
            let cursor = try root.required(key)
            let value = try cursor.number(.weight)
            guard value <= 1 else { throw cursor.fail("a share is between 0 and 1 (found \(value.formatted()))") }
            return value
        }
        let kindsCursor = try root.required("kinds")
        var kinds = (repair: 0.0, installation: 0.0, inspection: 0.0)
        for (key, value) in try kindsCursor.entries(allowed: ["repair", "installation", "inspection"]) {
            let w = try value.number(.weight)
            switch key {
            case "repair": kinds.repair = w
            case "installation": kinds.installation = w
            default: kinds.inspection = w
            }
        }
        guard kinds.repair + kinds.installation + kinds.inspection > 0 else { throw kindsCursor.fail("at least one kind must have a share above zero") }
        var components: [(Component, Double)] = []
        let componentsCursor = try root.required("components")
        for (key, value) in try componentsCursor.entries() {
            guard let component = Component(rawValue: key) else {
                throw value.fail("unknown component (expected one of: \(Component.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            components.append((component, try value.number(.weight)))
        }
        guard components.contains(where: { $0.1 > 0 }) else { throw componentsCursor.fail("at least one component must have a weight above zero") }
        var places: [(Place, String, Double)] = []
        let placesCursor = try root.required("places")
        for (key, value) in try placesCursor.entries() {
            switch gazetteer.resolve(key) {
            case .success(let place):
                guard place.coordinate != nil else { throw value.fail("the gazetteer has no coordinates for '\(key)'") }
                places.append((place, key, try value.number(.weight)))
            case .failure(let error):
                throw value.fail(error.message)
            }
        }
        guard places.contains(where: { $0.2 > 0 }) else { throw placesCursor.fail("at least one place must have a weight above zero") }
        let perDay = try root.required("tickets_per_day")
        return DemandProfile(ticketsPerDay: try perDay.number(.ticketsPerDay), hours: try weights("hours", count: 24),
                             weekdays: try weights("weekdays", count: 7), kinds: kinds, inWarranty: try share("in_warranty"),
                             hotSwap: try share("hot_swap"), components: components, places: places)
    }

    /// The tickets arriving over `days` days from the start of `first`, as records of the
    /// tickets format read by `reader`; the same seed gives the same tickets.
    public func arrivals(from first: Day, days: Int, seed: UInt64, reader: TicketReader) throws(InputError) -> [Ticket] {
        var rng = SplitMix64(seed: seed ^ 0xA11_1FA1)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func poisson(_ mean: Double) -> Int {
            // Knuth's method in slices, exact for any mean.
            var left = mean, count = 0
            while left > 0 {
                let step = min(left, 30)
                left -= step
                let limit = exp(-step)
                var p = unit()
                while p > limit { count += 1; p *= unit() }
            }
            return count
        }
        func pick<T>(_ items: [T], weight: (T) -> Double) -> T {
            let total = items.reduce(0) { $0 + weight($1) }
            var r = unit() * total
            for item in items { let w = weight(item); if r < w { return item }; r -= w }
            return items.last!
        }
        let hourTotal = hours.reduce(0, +), weekdayMean = weekdays.reduce(0, +) / 7
        let kindList: [(String, Double)] = [("", kinds.repair), ("installation", kinds.installation), ("inspection", kinds.inspection)]
        var tickets: [Ticket] = []
        for d in 0..<days {
            let day = first.adding(days: d)
            let weekday = (day.daysSinceEpoch + 3) % 7   // 1970-01-01 was a Thursday
            for hour in 0..<24 {
                let mean = ticketsPerDay * weekdays[weekday] / weekdayMean * hours[hour] / hourTotal
                for _ in 0..<poisson(mean) {
                    let at = day.start.addingTimeInterval(Double(hour * 3600) + (unit() * 3600).rounded(.down))
                    let place = pick(places) { $0.weight }
                    let kind = pick(kindList) { $0.1 }.0
                    var cells: [String: String] = ["id": String(format: "A%05d", tickets.count + 1), "kind": kind, "place": place.spelling]
                    // The machine's age: within the 3-year warranty, or 3 to 5 years old.
                    let age = unit() < inWarranty ? 30 + Int(unit() * 1_000) : 1_110 + Int(unit() * 700)
                    let invoice = Day(at).adding(days: -age)
                    cells["invoice_date"] = invoice.description
                    cells["factory_date"] = invoice.adding(days: -(10 + Int(unit() * 30))).description
                    cells["delivery_date"] = invoice.adding(days: Int(unit() * 5)).description
                    if kind.isEmpty {
                        cells["reported_at"] = Timestamp.format(at)
                        let component = pick(components) { $0.weight }.component
                        cells["component"] = component.rawValue
                        if component == .disk || component == .psu, unit() < hotSwap { cells["hot_swap"] = "true" }
                        if ["新疆维吾尔自治区", "西藏自治区"].contains(place.place.province) {
                            // D5: a deadline agreed with the customer, one to four days out.
                            cells["deadline"] = Timestamp.format(at.addingTimeInterval(Double(24 + Int(unit() * 72)) * 3600))
                        }
                    } else {
                        // Booked one to three days ahead, a six-hour window from 09:00-14:00.
                        let start = Day(at).adding(days: 1 + Int(unit() * 3)).start.addingTimeInterval(Double(9 + Int(unit() * 6)) * 3600)
                        cells["window_start"] = Timestamp.format(start)
                        cells["window_end"] = Timestamp.format(start.addingTimeInterval(6 * 3600))
                        cells["reported_at"] = Timestamp.format(at)
                    }
                    tickets.append(try reader.ticket(fields: cells, at: SourceLocation(file: "demand", line: tickets.count + 2)))
                }
            }
        }
        return tickets
    }
}
