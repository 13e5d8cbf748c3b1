import FieldOpsSupport
import Foundation

/// A point on the unit sphere: the form in which great-circle distances are cheapest.
public struct UnitVector: Sendable, Hashable {
    /// Coordinates on the unit sphere.
    public var x, y, z: Double

    /// The unit vector of a latitude and longitude.
    public init(_ c: Coordinate) {
        let lat = c.lat * .pi / 180, lon = c.lon * .pi / 180
        x = cos(lat) * cos(lon)
        y = cos(lat) * sin(lon)
        z = sin(lat)
    }
}

/// One leg of travel: how long and how far.
public struct Leg: Hashable, Sendable {
    /// Travel time in minutes.
    public var minutes: Double
    /// Distance in kilometres (road kilometres in the default model).
    public var km: Double

    /// Creates a leg.
    public init(minutes: Double, km: Double) {
        self.minutes = minutes
        self.km = km
    }
}

/// The default travel model of formats.md, exactly, so that other tools can reproduce
/// it: the faster of driving on roads and a long-haul trip by rail or air.
public struct TravelModel: Hashable, Sendable {
    /// Earth radius for the haversine, km.
    public var earthRadiusKm = 6371.0088
    /// Road kilometres per great-circle kilometre.
    public var roadFactor = 1.3
    /// Driving speed on roads, km/h.
    public var drivingKmh = 60.0
    /// Fixed minutes of a rail or air trip (getting to the station, waiting).
    public var longHaulFixedMinutes = 120.0
    /// Rail or air speed over the great circle, km/h.
    public var longHaulKmh = 250.0

    /// The model with formats.md's numbers.
    public init() {}

    /// Great-circle distance in km. This is the haversine distance, computed in its chord
    /// form, 2R·asin(|u − v| / 2) for the points' unit vectors u and v, which lets a
    /// planner compute each place's vector once.
    public func greatCircleKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        greatCircleKm(UnitVector(a), UnitVector(b))
    }

    /// Great-circle distance in km between two points given as unit vectors.
    @inline(__always)
    public func greatCircleKm(_ u: UnitVector, _ v: UnitVector) -> Double {
        let dx = u.x - v.x, dy = u.y - v.y, dz = u.z - v.z
        return 2 * earthRadiusKm * asin(min(1, (dx * dx + dy * dy + dz * dz).squareRoot() / 2))
    }

    /// The leg from `a` to `b`: minutes are the smaller of driving and long haul; km are road km.
    public func leg(_ a: Coordinate, _ b: Coordinate) -> Leg {
        leg(greatCircleKm: greatCircleKm(a, b))
    }

    /// Whether the way from `a` to `b` goes by rail or air (faster than driving there):
    /// a leg an engineer cannot turn round on once set out.
    public func isLongHaul(_ a: Coordinate, _ b: Coordinate) -> Bool {
        let gc = greatCircleKm(a, b)
        return longHaulFixedMinutes + gc / longHaulKmh * 60 < roadFactor * gc / drivingKmh * 60
    }

    /// The leg over `gc` great-circle kilometres.
    @inline(__always)
    public func leg(greatCircleKm gc: Double) -> Leg {
        let road = roadFactor * gc
        let driving = road / drivingKmh * 60
        let longHaul = longHaulFixedMinutes + gc / longHaulKmh * 60
        return Leg(minutes: min(driving, longHaul), km: road)
    }
}

/// A travel-time matrix (`from_id,to_id,minutes,km`, e.g. exported from OSRM or
/// Valhalla) that replaces the model for the pairs it lists. Ids are ticket ids and
/// engineer ids (an engineer id stands for the engineer's base). Pairs are
/// directed: list both directions when they differ or when both are needed.
public struct TravelMatrix: Sendable {
    /// Legs by (from, to) id.
    public private(set) var legs: [Pair: Leg] = [:]
    /// The file the matrix was read from, and the line of each pair, for messages.
    public private(set) var source: (file: String, lines: [Pair: Int])?

    /// A directed pair of ids.
    public struct Pair: Hashable, Sendable {
        /// The id the leg starts at.
        public var from: String
        /// The id the leg ends at.
        public var to: String

        /// Creates a pair.
        public init(_ from: String, _ to: String) {
            self.from = from
            self.to = to
        }
    }

    /// An empty matrix: the model decides every leg.
    public init() {}

    /// The listed leg from `from` to `to`, if any.
    public func leg(from: String, to: String) -> Leg? { legs[Pair(from, to)] }

    /// Reads a matrix CSV with columns `from_id,to_id,minutes,km`.
    public static func read(path: String, name: String? = nil) throws(InputError) -> TravelMatrix {
        let table = try CSVTable.read(path: path, name: name)
        try table.require(columns: ["from_id", "to_id", "minutes", "km"])
        var matrix = TravelMatrix()
        var lines: [Pair: Int] = [:]
        for record in table.records {
            guard let from = record["from_id"] else { throw record.error("from_id", "missing") }
            guard let to = record["to_id"] else { throw record.error("to_id", "missing") }
            guard let minutes = try record.number("minutes", .matrixMinutes) else { throw record.error("minutes", "missing") }
            guard let km = try record.number("km", .matrixKm) else { throw record.error("km", "missing") }
            let pair = Pair(from, to)
            if matrix.legs[pair] != nil {
                throw record.error("to_id", "the pair \(from) → \(to) is listed twice")
            }
            matrix.legs[pair] = Leg(minutes: minutes, km: km)
            lines[pair] = record.location.line
        }
        matrix.source = (table.file, lines)
        return matrix
    }

    /// A warning for the rows whose ids are neither in `known` (ticket and engineer ids):
    /// they are ignored, and a dispatcher should know, since a mistyped id silently falls
    /// back to the travel model.
    public func unknownIDsWarning(known: Set<String>) -> String? {
        let unknown = legs.keys.filter { !known.contains($0.from) || !known.contains($0.to) }
        guard !unknown.isEmpty, let source else { return nil }
        let first = unknown.min { (source.lines[$0] ?? 0) < (source.lines[$1] ?? 0) }!
        let id = known.contains(first.from) ? first.to : first.from
        let line = source.lines[first].map { ":\($0)" } ?? ""
        return "\(source.file)\(line): \(unknown.count) of \(legs.count) rows name an id that is neither a ticket nor an engineer (here '\(id)'); they are ignored and the travel model decides those legs"
    }
}

/// Travel between ids: the matrix for the pairs it lists, the model for the rest.
public struct Travel: Sendable {
    /// The model.
    public var model: TravelModel
    /// The overrides.
    public var matrix: TravelMatrix

    /// Creates travel from a model and an optional matrix.
    public init(model: TravelModel, matrix: TravelMatrix = TravelMatrix()) {
        self.model = model
        self.matrix = matrix
    }

    /// The leg from `fromID` at `a` to `toID` at `b`.
    public func leg(from fromID: String, _ a: Coordinate, to toID: String, _ b: Coordinate) -> Leg {
        matrix.leg(from: fromID, to: toID) ?? model.leg(a, b)
    }

    /// The leg from where an engineer starts to a ticket's site. In a matrix an engineer
    /// id stands for the engineer's base, so a start away from base uses the model.
    public func leg(from engineer: Engineer, to ticket: Ticket) -> Leg {
        engineer.current == nil || engineer.current == engineer.home
            ? leg(from: engineer.id, engineer.home, to: ticket.id, ticket.coordinate)
            : model.leg(engineer.startCoordinate, ticket.coordinate)
    }
}
