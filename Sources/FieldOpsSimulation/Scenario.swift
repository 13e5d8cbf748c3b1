import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSupport
import Foundation

/// A what-if change to the staffing, read from a scenario file (YAML):
///
/// ```yaml
/// name: Two more in Chengdu, E02 on nights
/// changes:
///   - add: {id: E31, name: 王新, base: 成都市, skills: [server, storage], shift_start: "08:00", shift_end: "20:00"}
///   - shift: {engineer: E02, start: "20:00", end: "08:00"}
///   - remove: E05
///   - move: {engineer: E03, base: 武汉市}
///   - days: {engineer: E04, work: [sat, sun]}
///   - skills: {engineer: E06, add: [gpu], remove: [network]}
/// ```
///
/// Every engineer a change names must exist in the base staffing (or be added by an
/// earlier change); every place must resolve in the gazetteer. A mistake names the file,
/// the line and the key.
public struct Scenario: Sendable {
    /// One change.
    public enum Change: Sendable {
        /// A new engineer.
        case add(Engineer)
        /// An engineer leaves.
        case remove(String)
        /// An engineer is based somewhere else.
        case move(String, Place)
        /// An engineer works other hours.
        case shift(String, start: ClockTime, end: ClockTime)
        /// An engineer works only these weekdays (0 = Monday).
        case days(String, Set<Int>)
        /// An engineer gains or loses skills.
        case skills(String, add: [String], remove: [String])
    }

    /// The scenario's name in the side-by-side table.
    public var name: String
    /// The changes, in order.
    public var changes: [Change]
    /// The objective policy its plans use (`objective:` in the file), or `nil` for the
    /// simulation's (`simulate --objective`).
    public var objective: ObjectiveChoice?

    /// The base staffing itself.
    public static let base = Scenario(name: "base", changes: [])

    /// Creates a scenario.
    public init(name: String, changes: [Change], objective: ObjectiveChoice? = nil) {
        self.name = name
        self.changes = changes
        self.objective = objective
    }

    /// Reads `path`, checking every change against `engineers`.
    public static func load(path: String, engineers: [Engineer], gazetteer: Gazetteer, policy: Policy) throws(InputError) -> Scenario {
        let root = try YAMLCursor.document(readText(path: path, name: path), file: path, what: "scenario")
        _ = try root.entries(allowed: ["name", "changes", "objective"])
        var objective: ObjectiveChoice?
        if let cursor = try root.child("objective") {
            let text = try cursor.string()
            guard let choice = ObjectiveChoice(rawValue: text) else {
                throw cursor.fail("unknown objective policy '\(text)': \(ObjectiveChoice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            objective = choice
        }
        let name = try root.child("name")?.string() ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var known = Set(engineers.map(\.id))
        var changes: [Change] = []
        func engineer(_ cursor: YAMLCursor) throws(InputError) -> String {
            let id = try cursor.string()
            guard known.contains(id) else { throw cursor.fail("no engineer '\(id)' in the base staffing or added before this change") }
            return id
        }
        func place(_ cursor: YAMLCursor) throws(InputError) -> Place {
            switch gazetteer.resolve(try cursor.string()) {
            case .success(let place):
                guard place.coordinate != nil else { throw cursor.fail("the gazetteer has no coordinates for '\(try cursor.string())'") }
                return place
            case .failure(let error): throw cursor.fail(error.message)
            }
        }
        func clock(_ cursor: YAMLCursor) throws(InputError) -> ClockTime {
            guard let time = ClockTime(try cursor.string()) else { throw cursor.fail("expected a time of day, HH:MM") }
            return time
        }
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        // A scenario that only sets the objective may have no changes.
        let items = objective == nil ? try root.required("changes").items() : try root.child("changes")?.items() ?? []
        for item in items {
            let entries = try item.entries(allowed: ["add", "remove", "move", "shift", "days", "skills"])
            guard entries.count == 1, let (kind, body) = entries.first else {
                throw item.fail("each change is one of add, remove, move, shift, days, skills")
            }
            switch kind {
            case "add":
                let fields = try body.entries(allowed: ["id", "name", "base", "skills", "shift_start", "shift_end"])
                var cells: [String: String] = [:]
                for (key, value) in fields { cells[key] = key == "skills" ? try value.strings().joined(separator: ";") : try value.string() }
                let added: Engineer
                do {
                    added = try EngineerReader(gazetteer: gazetteer, policy: policy).engineer(fields: cells, at: SourceLocation(file: path, line: body.line))
                } catch {
                    // The reader names the column; the file needs the key's path.
                    throw InputError(file: path, line: error.line, field: error.field.map { "\(body.path).\($0)" } ?? body.path, error.message)
                }
                guard known.insert(added.id).inserted else { throw body.fail("engineer '\(added.id)' already exists") }
                changes.append(.add(added))
            case "remove":
                let id = try engineer(body)
                known.remove(id)
                changes.append(.remove(id))
            case "move":
                _ = try body.entries(allowed: ["engineer", "base"])
                changes.append(.move(try engineer(body.required("engineer")), try place(body.required("base"))))
            case "shift":
                _ = try body.entries(allowed: ["engineer", "start", "end"])
                let (start, end) = (try clock(body.required("start")), try clock(body.required("end")))
                // As in engineers.csv: a shift that ends when it starts is a mistake, not 24 hours.
                if start == end { throw try body.required("end").fail("the shift ends when it starts") }
                changes.append(.shift(try engineer(body.required("engineer")), start: start, end: end))
            case "days":
                _ = try body.entries(allowed: ["engineer", "work"])
                let id = try engineer(body.required("engineer"))
                let work = try body.required("work")
                var set = Set<Int>()
                for (i, day) in try work.strings().enumerated() {
                    let key = day.lowercased()
                    if key == "weekdays" { set.formUnion(0..<5); continue }
                    if key == "weekends" { set.formUnion(5..<7); continue }
                    guard let d = weekdays.firstIndex(of: String(key.prefix(3))) else {
                        throw YAMLCursor(node: work.node, path: work.path + "[\(i)]", file: path).fail("expected a weekday (mon … sun), weekdays or weekends")
                    }
                    set.insert(d)
                }
                changes.append(.days(id, set))
            default:
                _ = try body.entries(allowed: ["engineer", "add", "remove"])
                changes.append(.skills(try engineer(body.required("engineer")), add: try body.child("add")?.strings() ?? [],
                                       remove: try body.child("remove")?.strings() ?? []))
            }
        }
        return Scenario(name: name, changes: changes, objective: objective)
    }

    /// The staffing after the changes, over the simulated `days` (for working weekdays).
    public func apply(to engineers: [Engineer], days: [Day]) -> [Engineer] {
        var staff = engineers
        func edit(_ id: String, _ body: (inout Engineer) -> Void) {
            if let i = staff.firstIndex(where: { $0.id == id }) { body(&staff[i]) }
        }
        for change in changes {
            switch change {
            case .add(let engineer): staff.append(engineer)
            case .remove(let id): staff.removeAll { $0.id == id }
            case let .move(id, place):
                edit(id) { e in
                    e.base = place
                    e.baseName = place.name
                    e.home = place.coordinate!
                    e.current = nil
                }
            case let .shift(id, start, end):
                edit(id) { e in
                    e.shiftStart = start
                    e.shiftEnd = end
                }
            case let .days(id, work):
                edit(id) { e in
                    let off = days.filter { !work.contains(($0.daysSinceEpoch + 3) % 7) }
                    e.off = Array(Set(e.off + off)).sorted()
                }
            case let .skills(id, add, remove):
                edit(id) { e in
                    e.skills = e.skills.filter { !remove.contains($0) } + add.filter { !e.skills.contains($0) }
                }
            }
        }
        return staff
    }
}
