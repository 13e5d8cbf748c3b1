import FieldOpsSupport
import Foundation

/// Typed reads of a record's cells, each failing with the file, line and field.
extension Record {
    /// The years a date or time in a ticket or engineer file may fall in.
    package static let years = 1970...2199

    /// A required cell's text.
    package func required(_ column: String, _ why: String = "is required") throws(InputError) -> String {
        guard let value = self[column] else { throw error(column, "missing: this column \(why)") }
        return value
    }

    /// An ISO 8601 time (no offset: China Standard Time).
    package func time(_ column: String) throws(InputError) -> Date? {
        guard let text = self[column] else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw error(column, "'\(text)' is not an ISO 8601 time (e.g. 2026-11-25T08:00:00+08:00)")
        }
        guard Record.years.contains(Day(date).year) else {
            throw error(column, "'\(text)' is out of range: a time must lie in the years \(Record.years.lowerBound)…\(Record.years.upperBound)")
        }
        return date
    }

    /// A calendar day: `2023-05-06` (also `2023/5/6`, as spreadsheets export it).
    package func day(_ column: String) throws(InputError) -> Day? {
        guard let text = self[column] else { return nil }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        if parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
           let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), let day = Day(year: y, month: m, day: d) {
            guard Record.years.contains(y) else {
                throw error(column, "'\(text)' is out of range: a date must lie in the years \(Record.years.lowerBound)…\(Record.years.upperBound)")
            }
            return day
        }
        throw error(column, "'\(text)' is not a date YYYY-MM-DD")
    }

    /// A number within a documented range, or a located error that states the range.
    package func number(_ column: String, _ range: ValueRange) throws(InputError) -> Double? {
        guard let text = self[column] else { return nil }
        guard let value = Double(text) else { throw error(column, "'\(text)' is not a number: \(range.what) must lie in \(range.rangeText)") }
        if let problem = range.problem(with: value) { throw error(column, problem) }
        return value
    }

    /// A finite number within `range`.
    package func number(_ column: String, in range: ClosedRange<Double>, _ what: String) throws(InputError) -> Double? {
        guard let text = self[column] else { return nil }
        guard let value = Double(text), value.isFinite else { throw error(column, "'\(text)' is not a number") }
        guard range.contains(value) else {
            throw error(column, "\(text) is out of range: \(what) must lie in \(range.lowerBound.formatted())…\(range.upperBound.formatted())")
        }
        return value
    }

    /// A whole number within `range`.
    package func integer(_ column: String, in range: ClosedRange<Int>) throws(InputError) -> Int? {
        guard let text = self[column] else { return nil }
        guard let value = Int(text) else { throw error(column, "'\(text)' is not a whole number") }
        guard range.contains(value) else { throw error(column, "\(value) is out of range \(range.lowerBound)…\(range.upperBound)") }
        return value
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`).
    package func flag(_ column: String) throws(InputError) -> Bool? {
        guard let text = self[column]?.lowercased() else { return nil }
        switch text {
        case "true", "1", "yes", "y": return true
        case "false", "0", "no", "n": return false
        default: throw error(column, "'\(text)' is not true or false")
        }
    }

    /// One of an enumeration's raw values.
    package func choice<T: RawRepresentable & CaseIterable>(_ column: String, _: T.Type) throws(InputError) -> T? where T.RawValue == String {
        guard let text = self[column] else { return nil }
        guard let value = T(rawValue: text) ?? T(rawValue: text.lowercased()) else {
            throw error(column, "'\(text)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A `;`-separated list, blanks dropped.
    package func list(_ column: String) -> [String] {
        guard let text = self[column] else { return [] }
        return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A coordinate from two columns: both or neither.
    package func coordinate(lat: String, lon: String) throws(InputError) -> Coordinate? {
        let la = try number(lat, .latitude)
        let lo = try number(lon, .longitude)
        switch (la, lo) {
        case let (la?, lo?): return Coordinate(lat: la, lon: lo)
        case (nil, nil): return nil
        case (nil, _): throw error(lat, "missing: \(lon) is given, so \(lat) is needed too")
        case (_, nil): throw error(lon, "missing: \(lat) is given, so \(lon) is needed too")
        }
    }

    /// Resolves a place name through the gazetteer; a name several places share is
    /// settled by the row's own coordinates, `near`, when one candidate lies within
    /// `Gazetteer.nearRadiusKm` of them (the note says which was chosen).
    package func place(_ column: String, in gazetteer: Gazetteer, near: Coordinate? = nil) throws(InputError) -> (place: Place, note: String?)? {
        guard let text = self[column] else { return nil }
        switch gazetteer.resolve(text, near: near) {
        case .success(let found): return found
        case .failure(let lookup): throw error(column, lookup.message)
        }
    }

    /// Every column not in `known`, for carrying through.
    package func extras(excluding known: Set<String>) -> [String: String] {
        cells.filter { !known.contains($0.key) }
    }
}
