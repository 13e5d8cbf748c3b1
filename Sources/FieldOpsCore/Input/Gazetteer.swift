import FieldOpsSupport
import Foundation

/// Why a place name did not resolve to exactly one place.
public enum PlaceLookupError: Error, Equatable, Sendable {
    /// No place has this name, short name or pinyin (within the qualifier, if any).
    case unknown(String)
    /// Several places share the name; the candidates are spelled so each resolves alone.
    case ambiguous(String, candidates: [String])

    /// One sentence for the dispatcher.
    public var message: String {
        switch self {
        case let .unknown(name):
            return "unknown place '\(name)': not in the gazetteer (data/cn-places.csv); check the spelling or give lat and lon"
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

    /// Resolves `text`: a name (`成都`, `成都市`, `Chengdu`) optionally followed by a comma
    /// and its province or prefecture (`朝阳区,北京市`, `通州, 北京`), or a division code.
    public func resolve(_ text: String) -> Result<Place, PlaceLookupError> {
        let found = matches(text)
        if found.count == 1 { return .success(places[found[0]]) }
        if found.isEmpty { return .failure(.unknown(text)) }
        return .failure(.ambiguous(text, candidates: found.map { spelling(of: places[$0]) }))
    }

    /// The indices of the places `text` names, from the first lookup stage that finds any.
    private func matches(_ text: String) -> [Int] {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "，" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty, parts.count <= 2 else { return [] }
        if name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber) {
            return codeIndex[name].map { [$0] } ?? []
        }
        let qualifier = parts.count == 2 ? parts[1] : nil
        let folded = Gazetteer.foldPinyin(name)
        let stages = [byName[name], byShortName[name], folded.isEmpty ? nil : byPinyin[folded]]
        for stage in stages {
            guard var candidates = stage, !candidates.isEmpty else { continue }
            if let qualifier {
                candidates = candidates.filter { within(places[$0], qualifier) }
                if candidates.isEmpty { continue }
            }
            return candidates
        }
        return []
    }

    /// The shortest way to write `place` that resolves to it alone: its name, else its
    /// name with its prefecture, else with its province, else its division code.
    public func spelling(of place: Place) -> String {
        var options = [place.name]
        if place.prefecture != place.name { options.append("\(place.name),\(place.prefecture)") }
        options.append("\(place.name),\(place.province)")
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
