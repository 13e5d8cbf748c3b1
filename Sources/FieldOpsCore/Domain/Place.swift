import FieldOpsSupport
/// A point on the Earth in decimal degrees (WGS-84; AMap's GCJ-02 is within about 0.7 km).
public struct Coordinate: Hashable, Sendable {
    /// Latitude, −90…90.
    public var lat: Double
    /// Longitude, −180…180.
    public var lon: Double

    /// Creates a coordinate; callers validate ranges where the values come from input.
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }
}

/// The administrative level of a gazetteer place.
public enum PlaceLevel: String, Sendable, CaseIterable {
    /// Beijing, Tianjin, Shanghai, Chongqing.
    case municipality
    /// A prefecture-level city, prefecture (地区), autonomous prefecture (自治州) or league (盟).
    case prefecture
    /// A district (区) of a city.
    case district
    /// A county-level unit: county (县), banner (旗), county-level city.
    case county
}

/// A place of the gazetteer (`data/cn-places.csv`).
public struct Place: Hashable, Sendable {
    /// The national administrative division code (4 digits prefecture, 6 county level).
    public var code: String
    /// The full Chinese name, e.g. `朝阳区`.
    public var name: String
    /// The name without its suffix, e.g. `朝阳`.
    public var shortName: String
    /// Space-separated pinyin syllables, e.g. `chao yang`.
    public var pinyin: String
    /// The province, e.g. `北京市`.
    public var province: String
    /// The prefecture-level unit it belongs to (itself for a prefecture).
    public var prefecture: String
    /// Its administrative level.
    public var level: PlaceLevel
    /// True for a provincial capital or a municipality.
    public var isCapital: Bool
    /// Its coordinates; `nil` for the few places the gazetteer could not locate.
    public var coordinate: Coordinate?
    /// Where the coordinates come from (`amap`, `geonames`, `prefecture`, `missing`).
    public var coordinateSource: String

    /// Creates a place.
    public init(code: String, name: String, shortName: String, pinyin: String, province: String,
                prefecture: String, level: PlaceLevel, isCapital: Bool, coordinate: Coordinate?,
                coordinateSource: String) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.pinyin = pinyin
        self.province = province
        self.prefecture = prefecture
        self.level = level
        self.isCapital = isCapital
        self.coordinate = coordinate
        self.coordinateSource = coordinateSource
    }

    /// `朝阳区 (北京市)` or `西安区 (辽源市, 吉林省)`: the name with enough context to tell it apart.
    public var label: String {
        if prefecture == name { return province == name ? name : "\(name) (\(province))" }
        if prefecture == province { return "\(name) (\(province))" }
        return "\(name) (\(prefecture), \(province))"
    }
}

/// The region tier of a site, which sets its on-site deadline (D1–D5).
public enum Tier: String, Sendable, CaseIterable, Comparable {
    /// Beijing, Shanghai, Shenzhen (D1).
    case metro
    /// Provincial capitals, Tianjin, Chongqing (D2).
    case capital
    /// Other prefecture-level cities (D3).
    case city
    /// County seats and towns (D4).
    case town
    /// Xinjiang and Tibet: deadline agreed case by case (D5).
    case agreed

    public static func < (a: Tier, b: Tier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
