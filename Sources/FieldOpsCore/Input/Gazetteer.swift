import FieldOpsSupport
import Foundation

/// Why a place name did not resolve to exactly one place.
public enum PlaceLookupError: Error, Equatable, Sendable {
    /// No place has this name, short name or pinyin (within the qualifier, if any);
    /// `suggestions` are places whose names come closest, spelled so each resolves.
    case unknown(String, suggestions: [String] = [])
    /// Several places share the name; the candidates are spelled so each resolves alone.
    case ambiguous(String, candidates: [String])

    /// One sentence for the dispatcher.
    public var message: String {
        switch self {
        case let .unknown(name, suggestions):
            if suggestions.isEmpty {
                return "unknown place '\(name)': not in the gazetteer (data/cn-places.csv); check the spelling or give lat and lon"
            }
            let names = suggestions.prefix(5).map { "'\($0)'" }.joined(separator: " or ")
            return "unknown place '\(name)': not in the gazetteer (data/cn-places.csv); did you mean \(names)? Otherwise give lat and lon"
        case let .ambiguous(name, candidates):
            let shown = candidates.prefix(8).joined(separator: " | ")
            let more = candidates.count > 8 ? " | … (\(candidates.count) in all)" : ""
            return "'\(name)' names \(candidates.count) places: \(shown)\(more); add the province or prefecture after a comma, e.g. '\(candidates[0])'"
        }
    }
}

/// The places of mainland China, looked up by Chinese name (with or without its
/// suffix) or by pinyin; a name several places share must carry its province or
/// prefecture (`通州,北京`), never a silent guess.
public struct Gazetteer: Sendable {
    /// Every place, in file order.
    public let places: [Place]
    private let byName: [String: [Int]]
    private let byShortName: [String: [Int]]
    private let byPinyin: [String: [Int]]
    private let prefectureIndex: [String: Int]
    private let codeIndex: [String: Int]

    /// Builds the gazetteer from places.
    public init(places: [Place]) {
        self.places = places
        var name: [String: [Int]] = [:]
        var short: [String: [Int]] = [:]
        var pinyin: [String: [Int]] = [:]
        var prefectures: [String: Int] = [:]
        var codes: [String: Int] = [:]
        for (i, place) in places.enumerated() {
            codes[place.code] = i
            name[place.name, default: []].append(i)
            short[place.shortName, default: []].append(i)
            pinyin[Gazetteer.foldPinyin(place.pinyin), default: []].append(i)
            if place.level == .prefecture || place.level == .municipality {
                prefectures[place.name] = i
            }
        }
        byName = name
        byShortName = short
        byPinyin = pinyin
        prefectureIndex = prefectures
        codeIndex = codes
    }

    /// Reads `cn-places.csv` (columns of `shared/data/README.md`).
    public static func load(path: String, name: String? = nil) throws(InputError) -> Gazetteer {
        let table = try CSVTable.read(path: path, name: name)
        try table.require(columns: ["code", "name", "short_name", "pinyin", "province", "prefecture", "level", "capital", "lat", "lon"])
        var places: [Place] = []
        places.reserveCapacity(table.records.count)
        for record in table.records {
            guard let levelText = record["level"], let level = PlaceLevel(rawValue: levelText) else {
                throw record.error("level", "expected municipality, prefecture, district or county")
            }
            var coordinate: Coordinate?
            if let lat = record["lat"], let lon = record["lon"] {
                guard let la = Double(lat), let lo = Double(lon), (-90...90).contains(la), (-180...180).contains(lo) else {
                    throw record.error("lat", "coordinates '\(lat),\(lon)' are not valid degrees")
                }
                coordinate = Coordinate(lat: la, lon: lo)
            }
            guard let code = record["code"], let full = record["name"] else {
                throw record.error("name", "every place needs a code and a name")
            }
            places.append(Place(code: code, name: full, shortName: record["short_name"] ?? full,
                                pinyin: record["pinyin"] ?? "", province: record["province"] ?? "",
                                prefecture: record["prefecture"] ?? full, level: level,
                                isCapital: record["capital"] == "1", coordinate: coordinate,
                                coordinateSource: record["coord_source"] ?? ""))
        }
        return Gazetteer(places: places)
    }

    /// Resolves `text`: a name (`成都`, `成都市`, `Chengdu`) optionally followed by its
    /// prefecture and/or province after commas (`朝阳区,北京市`, `通州, 北京`,
    /// `新华区,石家庄市,河北省`), or a division code (`5101`, `510100`, `510100000000`).
    public func resolve(_ text: String) -> Result<Place, PlaceLookupError> {
        let found = matches(text)
        if found.count == 1 { return .success(places[found[0]]) }
        if found.isEmpty { return .failure(.unknown(text, suggestions: suggestions(for: text))) }
        return .failure(.ambiguous(text, candidates: found.map { spelling(of: places[$0]) }))
    }

    /// Places whose names come close to an unknown `text`: the name without its
    /// qualifier, looked up without the qualifier, or places whose short name starts
    /// with, or is contained in, the name as written.
    private func suggestions(for text: String) -> [String] {
        let name = text.split(whereSeparator: { $0 == "," || $0 == "，" }).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !name.isEmpty, !name.allSatisfy(\.isNumber) else { return [] }
        var found = matches(name)
        if found.isEmpty {
            let stem = Gazetteer.stripSuffix(name)
            found = places.indices.filter { i in
                let short = places[i].shortName
                return short.count >= 2 && (short.hasPrefix(stem) || stem.hasPrefix(short)) && stem.count >= 2
            }
        }
        return found.prefix(5).map { spelling(of: places[$0]) }
    }

    /// How far a place's point may lie from a row's own coordinates before the row
    /// contradicts its place name, and the radius within which a name several places
    /// share is settled by the row's coordinates.
    public static let nearRadiusKm = 50.0

    /// Resolves `text` as `resolve(_:)` does; when it names several places and the row
    /// gives coordinates, the one place within `nearRadiusKm` of them is chosen, with a
    /// note that says so.
    public func resolve(_ text: String, near coordinate: Coordinate?) -> Result<(place: Place, note: String?), PlaceLookupError> {
        switch resolve(text) {
        case .success(let place): return .success((place, nil))
        case .failure(.ambiguous(let name, let candidates)):
            guard let coordinate else { return .failure(.ambiguous(name, candidates: candidates)) }
            let ranked = matches(text).compactMap { i -> (Int, Double)? in
                places[i].coordinate.map { (i, Gazetteer.kilometres($0, coordinate)) }
            }.sorted { $0.1 < $1.1 }
            guard let best = ranked.first, best.1 <= Gazetteer.nearRadiusKm,
                  ranked.dropFirst().allSatisfy({ $0.1 > Gazetteer.nearRadiusKm }) else {
                return .failure(.ambiguous(name, candidates: candidates))
            }
            let place = places[best.0]
            return .success((place, "'\(name)' names \(candidates.count) places; chose \(place.label), \(Int(best.1.rounded())) km from the row's lat/lon (write '\(spelling(of: place))' to say so)"))
        case .failure(let error): return .failure(error)
        }
    }

    /// Great-circle kilometres between two points (a mean Earth radius of 6,371 km).
    public static func kilometres(_ a: Coordinate, _ b: Coordinate) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371 * asin(min(1, h.squareRoot()))
    }

    /// The place a division code names: 4 digits for a prefecture-level unit, 6 for a
    /// county-level one (a prefecture's own 6-digit code, `510100`, names the prefecture;
    /// so does the county code of a city without districts, `441900` 东莞市), or 12 digits
    /// as statistics tables write them (`510100000000`).
    private func place(code: String) -> Int? {
        var code = code
        if code.count == 12, code.hasSuffix("000000") { code = String(code.prefix(6)) }
        if let hit = codeIndex[code] { return hit }
        if code.count == 6, code.hasSuffix("0000") {
            // A province-level code names a place only for a municipality (110000 北京市).
            return codeIndex[String(code.prefix(2)) + "01"].flatMap { places[$0].level == .municipality ? $0 : nil }
        }
        if code.count == 6, code.hasSuffix("00") { return codeIndex[String(code.prefix(4))] }
        return nil
    }

    /// The indices of the places `text` names, from the first lookup stage that finds any.
    private func matches(_ text: String) -> [Int] {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "，" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty, parts.count <= 3 else { return [] }
        if name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber) {
            return place(code: name).map { [$0] } ?? []
        }
        let qualifiers = parts.dropFirst().filter { !$0.isEmpty }
        let folded = Gazetteer.foldPinyin(name)
        let stages = [byName[name], byShortName[name], folded.isEmpty ? nil : byPinyin[folded]]
        for stage in stages {
            guard var candidates = stage, !candidates.isEmpty else { continue }
            for qualifier in qualifiers {
                candidates = candidates.filter { within(places[$0], qualifier) }
            }
            if candidates.isEmpty { continue }
            return candidates
        }
        return []
    }

    /// The shortest way to write `place` that resolves to it alone: its name, else its
    /// name with its prefecture, else with its province, else with both, else its code.
    public func spelling(of place: Place) -> String {
        var options = [place.name]
        if place.prefecture != place.name { options.append("\(place.name),\(place.prefecture)") }
        options.append("\(place.name),\(place.province)")
        if place.prefecture != place.name { options.append("\(place.name),\(place.prefecture),\(place.province)") }
        for option in options {
            let found = matches(option)
            if found.count == 1, places[found[0]].code == place.code { return option }
        }
        return place.code
    }

    /// The prefecture-level place a place belongs to (itself for a prefecture).
    public func prefecture(of place: Place) -> Place? {
        prefectureIndex[place.prefecture].map { places[$0] }
    }

    /// The place of a prefecture-level name, e.g. `北京市`.
    public func prefecture(named name: String) -> Place? {
        prefectureIndex[name].map { places[$0] }
    }

    private func within(_ place: Place, _ qualifier: String) -> Bool {
        let q = Gazetteer.stripSuffix(qualifier)
        if q == Gazetteer.stripSuffix(place.province) || q == Gazetteer.stripSuffix(place.prefecture) { return true }
        let folded = Gazetteer.foldPinyin(qualifier)
        if !folded.isEmpty, let prefecture = prefecture(of: place), Gazetteer.foldPinyin(prefecture.pinyin) == folded {
            return true
        }
        return false
    }

    /// Administrative suffixes, longest first, so that `新疆维吾尔自治区` becomes `新疆`.
    static let suffixes = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟", "区", "县"]

    static func stripSuffix(_ name: String) -> String {
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Pinyin folded for comparison: lower-case ASCII letters only (`Xi'an` → `xian`).
    static func foldPinyin(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic }))
    }
}
