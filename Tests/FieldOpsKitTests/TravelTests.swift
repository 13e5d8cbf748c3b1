import Foundation
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

@Suite("Travel model")
struct TravelTests {
    let model = TravelModel()
    let beijing = Coordinate(lat: 39.90499, lon: 116.40529)
    let shanghai = Coordinate(lat: 31.23170, lon: 121.47264)

    @Test("Great-circle distance is the haversine with radius 6371.0088 km")
    func haversine() {
        // Independently computed: 2·R·asin(√h) for these coordinates.
        #expect(abs(model.greatCircleKm(beijing, shanghai) - 1067.31) < 0.05)
        #expect(model.greatCircleKm(beijing, beijing) == 0)
        // One degree of latitude is R·π/180.
        let degree = model.greatCircleKm(Coordinate(lat: 0, lon: 0), Coordinate(lat: 1, lon: 0))
        #expect(abs(degree - 6371.0088 * .pi / 180) < 1e-9)
    }

    @Test("A short leg is driven: road km = 1.3 × gc, 60 km/h")
    func shortLegDriven() {
        let a = Coordinate(lat: 0, lon: 0), b = Coordinate(lat: 1, lon: 0)
        let gc = model.greatCircleKm(a, b)
        let leg = model.leg(a, b)
        #expect(abs(leg.km - 1.3 * gc) < 1e-9)
        #expect(abs(leg.minutes - 1.3 * gc) < 1e-9)   // km at 60 km/h are minutes
    }

    @Test("A long leg goes by rail or air: 120 + gc / 250 km/h")
    func longLegFlown() {
        let gc = model.greatCircleKm(beijing, shanghai)
        let leg = model.leg(beijing, shanghai)
        #expect(abs(leg.minutes - (120 + gc / 250 * 60)) < 1e-9)
        #expect(abs(leg.km - 1.3 * gc) < 1e-9)
    }

    @Test("A matrix file replaces the model for the pairs it lists, in the direction listed")
    func matrixOverrides() throws {
        let path = NSTemporaryDirectory() + "matrix-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "from_id,to_id,minutes,km\nE1,T1,42,30.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let travel = Travel(model: model, matrix: try TravelMatrix.read(path: path))
        #expect(travel.leg(from: "E1", beijing, to: "T1", shanghai) == Leg(minutes: 42, km: 30.5))
        #expect(travel.leg(from: "T1", shanghai, to: "E1", beijing) == model.leg(shanghai, beijing))
    }

    @Test("A matrix with a bad number or a repeated pair fails with its line")
    func matrixErrors() throws {
        let path = NSTemporaryDirectory() + "matrix-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "from_id,to_id,minutes,km\nE1,T1,x,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = inputError { _ = try TravelMatrix.read(path: path, name: "m.csv") }
        #expect(bad?.description == "m.csv:2: field 'minutes': 'x' is not a number: a travel time in minutes must lie in 0…14400")
        try "from_id,to_id,minutes,km\nE1,T1,1,3\nE1,T1,2,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(inputError { _ = try TravelMatrix.read(path: path, name: "m.csv") }?.line == 3)
    }
}

@Suite("Times and days")
struct TimeTests {
    @Test("ISO 8601 times: without an offset they are China Standard Time", arguments: [
        ("2026-11-25T08:00:00+08:00", 1_795_564_800.0), ("2026-11-25T08:00", 1_795_564_800.0),
        ("2026-11-25 08:00:00", 1_795_564_800.0), ("2026-11-25T00:00:00Z", 1_795_564_800.0),
        ("2026-11-25T01:00:00+01:00", 1_795_564_800.0), ("2026-11-25", 1_795_536_000.0),
        ("2026-11-25T08:00:00.500+08:00", 1_795_564_800.5),
    ])
    func parse(text: String, epoch: Double) {
        #expect(Timestamp.parse(text)?.timeIntervalSince1970 == epoch)
    }

    @Test("Malformed times are rejected", arguments: ["2026-13-01T08:00", "2026-02-30", "2026-11-25T25:00", "25/11/2026", "2026-11-25T08:00+8", "now", ""])
    func rejects(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("Times are written in China Standard Time")
    func format() {
        #expect(Timestamp.format(Timestamp.parse("2026-11-25T00:30:00Z")!) == "2026-11-25T08:30:00+08:00")
        #expect(Timestamp.format(Timestamp.parse("2026-12-31T23:59:59")!) == "2026-12-31T23:59:59+08:00")
    }

    @Test("Adding months keeps the day or falls to the month's end")
    func months() {
        #expect(Day(iso: "2026-11-30")!.adding(months: 3) == Day(iso: "2027-02-28"))
        #expect(Day(iso: "2024-02-29")!.adding(years: 3) == Day(iso: "2027-02-28"))
        #expect(Day(iso: "2026-01-15")!.adding(months: -3) == Day(iso: "2025-10-15"))
        #expect(Day(daysSinceEpoch: Day(iso: "1969-12-31")!.daysSinceEpoch) == Day(iso: "1969-12-31"))
    }
}
