import FieldOpsSupport
import Foundation

/// Reads tickets (formats.md, "Input: tickets") from records.
public struct TicketReader: Sendable {
    /// The columns formats.md defines, plus the ones FieldOps adds (`mode`, `exclusions`,
    /// `part_replaced_date`, `part_added_date`, `part_paid_date`). R1 columns (`serial`, `customer`, …) are carried as extras.
    public static let columns: Set<String> = [
        "id", "kind", "reported_at", "place", "lat", "lon", "tier", "deadline", "component", "hot_swap",
        "skills", "service_minutes", "window_start", "window_end", "invoice_date", "factory_date",
        "delivery_date", "part_replaced_date", "part_added_date", "part_paid_date", "coverage", "mode", "exclusions", "priority",
    ]

    /// The gazetteer that resolves `place`.
    public var gazetteer: Gazetteer

    /// Creates a reader.
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
    }

    /// Reads `tickets.csv`.
    public func read(path: String, name: String? = nil) throws(InputError) -> [Ticket] {
        let table = try CSVTable.read(path: path, name: name)
        try table.require(columns: ["id"])
        if !table.header.contains("place"), !(table.header.contains("lat") && table.header.contains("lon")) {
            throw InputError(file: table.file, line: 1, field: "place", "required column is missing: give place, or lat and lon")
        }
        let hasRepairs = table.records.contains { ($0["kind"] ?? TicketKind.repair.rawValue) == TicketKind.repair.rawValue }
        for column in ["reported_at", "component"] where hasRepairs && !table.header.contains(column) {
            throw InputError(file: table.file, line: 1, field: column, "required column is missing from the header (every repair needs it)")
        }
        return try tickets(from: table.records)
    }

    /// Reads ticket records, checking that ids are unique.
    public func tickets(from records: [Record]) throws(InputError) -> [Ticket] {
        try unique(records, kind: "ticket", ticket(from:))
    }

    /// A ticket from its fields by column name, as made elsewhere than a file (a demand
    /// profile's arrivals); errors name `location`.
    public func ticket(fields: [String: String], at location: SourceLocation) throws(InputError) -> Ticket {
        try ticket(from: Record(location: location, cells: fields))
    }

    /// Reads one ticket.
    public func ticket(from r: Record) throws(InputError) -> Ticket {
        let id = try r.required("id")
        let kind = try r.choice("kind", TicketKind.self) ?? .repair
        let given = try r.coordinate(lat: "lat", lon: "lon")
        let resolved = try r.place("place", in: gazetteer, near: given)
        let place = resolved?.place
        var notes = resolved?.note.map { [$0] } ?? []
        if let place, let given, let point = place.coordinate, place.coordinateSource != "prefecture",
           place.coordinateSource != "approximate", Gazetteer.kilometres(point, given) > Gazetteer.nearRadiusKm {
            notes.append("place '\(r["place"]!)' lies \(Int(Gazetteer.kilometres(point, given).rounded())) km from the row's lat/lon (more than \(Int(Gazetteer.nearRadiusKm)) km): the coordinates were used for travel and the place for the tier; check which is right")
        }
        guard let coordinate = given ?? place?.coordinate else {
            if place != nil {
                throw r.error("place", "the gazetteer has no coordinates for '\(r["place"]!)': give lat and lon")
            }
            throw r.error("place", "missing: give place, or lat and lon")
        }
        let tier = try r.choice("tier", Tier.self)
        let deadline = try r.time("deadline")
        let reportedAt = try r.time("reported_at")
        let component = try r.choice("component", Component.self)
        if kind == .repair {
            if reportedAt == nil { _ = try r.required("reported_at", "is required for a repair (the SLA clock starts there)") }
            if component == nil { _ = try r.required("component", "is required for a repair") }
            if place == nil, tier == nil, deadline == nil {
                throw r.error("tier", "missing: a repair given only by lat and lon needs its tier or an agreed deadline")
            }
        }
        let windowStart = try r.time("window_start")
        let windowEnd = try r.time("window_end")
        if let s = windowStart, let e = windowEnd, e <= s {
            throw r.error("window_end", "the window ends at or before it starts")
        }
        let exclusions = r.list("exclusions")
        for x in exclusions where x.range(of: #"^X[1-9]$"#, options: .regularExpression) == nil {
            throw r.error("exclusions", "'\(x)' is not a rule id X1–X9")
        }
        for skill in r.list("skills") where skill.contains(where: { $0.isWhitespace || $0 == "," }) {
            throw r.error("skills", "'\(skill)' is not a skill: separate skills with ';'")
        }
        let skills = Skill.normalized(r.list("skills"))
        return Ticket(
            id: id, location: r.location, kind: kind, reportedAt: reportedAt, placeName: r["place"], place: place,
            coordinate: coordinate, tier: tier, deadline: deadline, component: component,
            hotSwap: try r.flag("hot_swap") ?? false, extraSkills: skills,
            serviceMinutes: try r.integer("service_minutes", in: 1...1440),
            windowStart: windowStart, windowEnd: windowEnd,
            invoiceDate: try r.day("invoice_date"), factoryDate: try r.day("factory_date"),
            deliveryDate: try r.day("delivery_date"), partReplacedDate: try r.day("part_replaced_date"),
            partAddedDate: try r.day("part_added_date"), partPaidDate: try r.day("part_paid_date"),
            coverage: try r.choice("coverage", CoverageOverride.self),
            requestedMode: try r.choice("mode", RequestedMode.self),
            exclusions: exclusions, priority: try r.integer("priority", in: -1_000_000...1_000_000) ?? 0,
            extras: r.extras(excluding: TicketReader.columns), inputWarnings: notes)
    }
}

/// Reads engineers (formats.md, "Input: engineers") from records.
public struct EngineerReader: Sendable {
    /// The columns formats.md defines.
    public static let columns: Set<String> = [
        "id", "name", "base", "lat", "lon", "skills", "shift_start", "shift_end", "at_lat", "at_lon", "off",
    ]

    /// The gazetteer that resolves `base`.
    public var gazetteer: Gazetteer
    /// The policy's default shift.
    public var defaultShift: (start: ClockTime, end: ClockTime)

    /// Creates a reader.
    public init(gazetteer: Gazetteer, policy: Policy) {
        self.gazetteer = gazetteer
        self.defaultShift = (policy.shiftStart, policy.shiftEnd)
    }

    /// Reads `engineers.csv`.
    public func read(path: String, name: String? = nil) throws(InputError) -> [Engineer] {
        let table = try CSVTable.read(path: path, name: name)
        try table.require(columns: ["id", "skills"])
        if !table.header.contains("base"), !(table.header.contains("lat") && table.header.contains("lon")) {
            throw InputError(file: table.file, line: 1, field: "base", "required column is missing: give base, or lat and lon")
        }
        return try engineers(from: table.records)
    }

    /// Reads engineer records, checking that ids are unique.
    public func engineers(from records: [Record]) throws(InputError) -> [Engineer] {
        try unique(records, kind: "engineer", engineer(from:))
    }

    /// An engineer from fields by column name, as made elsewhere than a file (a
    /// scenario's added engineer); errors name `location`.
    public func engineer(fields: [String: String], at location: SourceLocation) throws(InputError) -> Engineer {
        try engineer(from: Record(location: location, cells: fields))
    }

    /// Reads one engineer.
    public func engineer(from r: Record) throws(InputError) -> Engineer {
        let id = try r.required("id")
        let given = try r.coordinate(lat: "lat", lon: "lon")
        let resolved = try r.place("base", in: gazetteer, near: given)
        let base = resolved?.place
        guard let home = given ?? base?.coordinate else {
            if base != nil { throw r.error("base", "the gazetteer has no coordinates for '\(r["base"]!)': give lat and lon") }
            throw r.error("base", "missing: give base, or lat and lon")
        }
        let skills = Skill.normalized(r.list("skills"))
        if skills.isEmpty { _ = try r.required("skills", "lists the engineer's skills, ';'-separated") }
        func clock(_ column: String) throws(InputError) -> ClockTime? {
            guard let text = r[column] else { return nil }
            guard let time = ClockTime(text) else { throw r.error(column, "'\(text)' is not a time of day HH:MM") }
            return time
        }
        let start = try clock("shift_start") ?? defaultShift.start
        let end = try clock("shift_end") ?? defaultShift.end
        if start == end { throw r.error("shift_end", "the shift ends when it starts") }
        var off: [Day] = []
        for text in r.list("off") {
            guard let day = Day(iso: text) else { throw r.error("off", "'\(text)' is not a date YYYY-MM-DD") }
            off.append(day)
        }
        return Engineer(
            id: id, location: r.location, name: r["name"] ?? id, baseName: r["base"], base: base, home: home,
            current: try r.coordinate(lat: "at_lat", lon: "at_lon"), skills: skills,
            shiftStart: start, shiftEnd: end, off: off.sorted(), extras: r.extras(excluding: EngineerReader.columns),
            inputWarnings: resolved?.note.map { [$0] } ?? [])
    }
}

/// Reads every record with `make`, failing on an id seen before, with both places.
func unique<T: Identifiable>(_ records: [Record], kind: String,
                             _ make: (Record) throws(InputError) -> T) throws(InputError) -> [T] where T.ID == String {
    var seen: [String: SourceLocation] = [:]
    var out: [T] = []
    out.reserveCapacity(records.count)
    for record in records {
        let item = try make(record)
        if let first = seen[item.id] {
            throw record.error("id", "duplicate \(kind) id '\(item.id)' (first at \(first.line.map { "line \($0)" } ?? first.path ?? "an earlier record"))")
        }
        seen[item.id] = record.location
        out.append(item)
    }
    return out
}
