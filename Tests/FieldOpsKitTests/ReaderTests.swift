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

/// Bad input: one clear line naming the file, the line and the field.
@Suite("Reading tickets and engineers")
struct ReaderTests {
    let reader = TicketReader(gazetteer: Shipped.gazetteer)

    func readError(_ name: String) -> InputError? {
        inputError { _ = try reader.read(path: fixture(name), name: name) }
    }

    @Test("Bad input names the file, the line and the field", arguments: [
        ("malformed-quote.csv", "malformed-quote.csv:3: a quoted field is never closed"),
        ("wrong-field-count.csv", "wrong-field-count.csv:3: 7 fields, but the header has 6"),
        ("missing-column.csv", "missing-column.csv:1: field 'reported_at': required column is missing from the header"),
        ("bad-timestamp.csv", "bad-timestamp.csv:4: field 'reported_at': '2026-11-25 7am' is not an ISO 8601 time"),
        ("unknown-place.csv", "unknown-place.csv:3: field 'place': unknown place '火星市'"),
        ("ambiguous-place.csv", "ambiguous-place.csv:2: field 'place': '通州' names 2 places: 通州区,北京市 | 通州区,南通市"),
        ("duplicate-id.csv", "duplicate-id.csv:4: field 'id': duplicate ticket id 'T1' (first at line 2)"),
        ("lat-out-of-range.csv", "lat-out-of-range.csv:3: field 'lat': 95 is out of range: a latitude must lie in -90…90"),
        ("empty.csv", "empty.csv:1: the file is empty"),
        ("not-utf8.csv", "not-utf8.csv: is not UTF-8 text"),
        ("no-such-file.csv", "no-such-file.csv: no such file"),
    ])
    func badInput(file: String, expected: String) throws {
        let error = try #require(readError(file))
        #expect(error.description.hasPrefix(expected), "\(error.description)")
        #expect(!error.description.contains("\n"))
    }

    @Test("A missing required column is named even when the header has others")
    func missingRequiredColumn() throws {
        let error = try #require(readError("missing-column.csv"))
        #expect(error.line == 1 && error.field == "reported_at")
        let noID = inputError { _ = try CSVTable.parse("place,component\n海淀区,cpu\n", file: "t.csv").require(columns: ["id"]) }
        #expect(noID?.description == "t.csv:1: field 'id': required column is missing from the header")
    }

    @Test("A directory is not a file")
    func directory() {
        #expect(inputError { _ = try reader.read(path: NSTemporaryDirectory(), name: "tmp") }?.message == "is a directory, not a file")
    }

    @Test("A byte-order mark, CRLF line ends and a quoted field over two lines are read, with true line numbers")
    func bomCRLFMultiline() throws {
        let table = try CSVTable.read(path: fixture("bom-crlf-multiline.csv"))
        #expect(table.header.first == "id")
        #expect(table.records.count == 2)
        #expect(table.records[1]["place"] == "成都\nmultiline")
        #expect(table.records.map(\.location.line) == [2, 3])
    }

    @Test("Blank lines are skipped and line numbers still count them")
    func blankLines() throws {
        let table = try CSVTable.parse("id,place\nT1,成都\n\nT2,海淀区\n", file: "t.csv")
        #expect(table.records.map(\.location.line) == [2, 4])
    }

    @Test("Unknown extra columns and R1 fields are carried through untouched")
    func extras() throws {
        let tickets = try reader.read(path: fixture("extra-columns.csv"))
        #expect(tickets[0].extras == ["serial": "RK1", "customer": "某医院", "crm_ref": "CRM-9"])
    }

    @Test("A repair given only by coordinates needs its tier or an agreed deadline")
    func coordinatesOnly() throws {
        let e = inputError { _ = try ticket(["reported_at=2026-11-25T06:00", "component=cpu", "lat=30.6", "lon=104.0"]) }
        #expect(e?.field == "tier")
        let t = try ticket(["reported_at=2026-11-25T06:00", "component=cpu", "lat=30.6", "lon=104.0", "tier=capital"])
        #expect(t.place == nil && t.coordinate == Coordinate(lat: 30.6, lon: 104.0))
    }

    @Test("Field checks: component, kind, hot_swap, window, exclusions, lat without lon", arguments: [
        ("component=floppy", "component"), ("kind=repairs", "kind"), ("hot_swap=maybe", "hot_swap"),
        ("window_start=2026-11-25T12:00|window_end=2026-11-25T10:00", "window_end"), ("exclusions=X2;Y1", "exclusions"),
        ("lat=30.1", "lon"), ("service_minutes=0", "service_minutes"), ("invoice_date=2025-02-30", "invoice_date"),
        ("coverage=maybe", "coverage"), ("priority=high", "priority"), ("place=不存在市", "place"),
    ])
    func fieldChecks(change: String, field: String) {
        let pairs = ["reported_at=2026-11-25T06:00", "component=cpu", "place=成都"] + change.split(separator: "|").map(String.init)
        let e = inputError { _ = try ticket(pairs) }
        #expect(e?.field == field, "\(String(describing: e))")
        #expect(e?.file == "tickets.csv" && e?.line == 2)
    }

    @Test("A place the gazetteer cannot locate needs lat and lon (a gazetteer given with --data-dir may lack points)")
    func placeWithoutCoordinates() throws {
        let missing = Place(code: "469099", name: "无点县", shortName: "无点", pinyin: "wu dian", province: "海南省",
                            prefecture: "无点县", level: .county, isCapital: false, coordinate: nil, coordinateSource: "missing")
        let reader = TicketReader(gazetteer: Gazetteer(places: Shipped.gazetteer.places + [missing]))
        func read(_ pairs: [String]) throws -> Ticket {
            try reader.ticket(from: Record(location: SourceLocation(file: "tickets.csv", line: 2), cells: cells(["id=T1"] + pairs)))
        }
        let e = inputError { _ = try read(["reported_at=2026-11-25T06:00", "component=cpu", "place=无点县"]) }
        #expect(e?.message.contains("give lat and lon") == true)
        #expect(try read(["reported_at=2026-11-25T06:00", "component=cpu", "place=无点县", "lat=19.5", "lon=109.5"]).place == missing)
    }

    @Test("Skills compare without case: an engineer's GPU serves a visit needing gpu")
    func skillsIgnoreCase() throws {
        let e = try engineer(["base=成都", "skills=Server;GPU"])
        #expect(e.skills == ["gpu", "server"])
        let t = try ticket(["reported_at=2026-11-25T06:00", "component=gpu", "place=成都", "skills=Network"])
        #expect(t.extraSkills == ["network"])
    }

    @Test("Engineers: base, skills and shifts, with defaults from the policy")
    func engineers() throws {
        let e = try engineer(["base=成都", "skills=storage;server;storage"])
        #expect(e.skills == ["server", "storage"])
        #expect(e.shiftStart == ClockTime("08:00") && e.shiftEnd == ClockTime("20:00"))
        #expect(try engineer(["base=成都", "shift_start=20:00", "shift_end=08:00"]).shiftMinutes == 720)
        let bad = inputError { _ = try EngineerReader(gazetteer: Shipped.gazetteer, policy: Shipped.policy).read(path: fixture("engineers-bad-shift.csv"), name: "engineers.csv") }
        #expect(bad?.description == "engineers.csv:3: field 'shift_start': '25:00' is not a time of day HH:MM")
        #expect(inputError { _ = try engineer(["base=成都", "skills="]) }?.field == "skills")
        #expect(inputError { _ = try engineer(["at_lat=30", "base=成都"]) }?.field == "at_lon")
    }

    @Test("An instance JSON reads like the CSV files: numbers, booleans and lists")
    func instanceJSON() throws {
        let instance = try Instance.readJSON(path: fixture("instance.json"), gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        #expect(instance.tickets.map(\.id) == ["T1", "T2", "T3"])
        #expect(instance.tickets[0].priority == 2)
        #expect(instance.tickets[1].extraSkills == ["network"])
        #expect(instance.tickets[1].coordinate == Coordinate(lat: 30.66, lon: 104.06))
        #expect(instance.tickets[2].kind == .installation)
        #expect(instance.engineers[0].skills == ["gpu", "network", "server", "storage"])
        #expect(instance.engineers[1].current == Coordinate(lat: 30.0, lon: 103.8))
    }

    @Test("A broken instance JSON names its line, or the path of the bad field")
    func instanceJSONErrors() throws {
        let syntax = try #require(inputError { _ = try Instance.readJSON(path: fixture("instance-bad-syntax.json"), gazetteer: Shipped.gazetteer, policy: Shipped.policy) })
        #expect(syntax.message.contains("not valid JSON"))
        let lat = try #require(inputError { _ = try Instance.readJSON(path: fixture("instance-bad-lat.json"), gazetteer: Shipped.gazetteer, policy: Shipped.policy) })
        #expect(lat.field == "tickets[0].lat")
        #expect(lat.message.contains("out of range"))
    }
}
