import FieldOpsSupport
import Foundation

/// Everything one planning run reads: tickets and engineers, from two CSV files or
/// from one instance JSON (`{"tickets": [...], "engineers": [...]}`).
public struct Instance: Sendable {
    /// The open tickets.
    public var tickets: [Ticket]
    /// The engineers.
    public var engineers: [Engineer]

    /// Creates an instance.
    public init(tickets: [Ticket], engineers: [Engineer]) {
        self.tickets = tickets
        self.engineers = engineers
    }

    /// Reads `tickets.csv` and `engineers.csv`.
    public static func read(tickets: String, engineers: String, gazetteer: Gazetteer, policy: Policy) throws(InputError) -> Instance {
        Instance(tickets: try TicketReader(gazetteer: gazetteer).read(path: tickets),
                 engineers: try EngineerReader(gazetteer: gazetteer, policy: policy).read(path: engineers))
    }

    /// The instance in CSV text already in memory (a generated morning); `name` stands for
    /// the file in error messages.
    public static func parse(tickets: String, engineers: String, name: String, gazetteer: Gazetteer, policy: Policy) throws(InputError) -> Instance {
        Instance(tickets: try TicketReader(gazetteer: gazetteer).tickets(from: CSVTable.parse(tickets, file: name + "/tickets.csv").records),
                 engineers: try EngineerReader(gazetteer: gazetteer, policy: policy).engineers(from: CSVTable.parse(engineers, file: name + "/engineers.csv").records))
    }

    /// Reads an instance JSON. Objects use the CSV column names; values may be text,
    /// numbers or booleans, and `skills`, `off` and `exclusions` may be arrays of text.
    public static func readJSON(path: String, gazetteer: Gazetteer, policy: Policy) throws(InputError) -> Instance {
        let text = try readText(path: path, name: path)
        if let fault = JSONSyntax.firstError(in: text) {
            throw InputError(file: path, line: fault.line, "not valid JSON at column \(fault.column): \(fault.message)")
        }
        let root: [String: JSONCell]
        do {
            root = try JSONDecoder().decode([String: JSONCell].self, from: Data(text.utf8))
        } catch {
            throw InputError(file: path, line: jsonErrorLine(error, text), "not valid JSON, or not an object with 'tickets' and 'engineers' arrays")
        }
        func records(_ key: String) throws(InputError) -> [Record] {
            guard let value = root[key] else { throw InputError(file: path, field: key, "required array is missing") }
            guard case .array(let array) = value else { throw InputError(file: path, field: key, "expected an array of objects") }
            var out: [Record] = []
            for (i, element) in array.enumerated() {
                let location = SourceLocation(file: path, path: "\(key)[\(i)]")
                guard case .object(let dict) = element else { throw location.error(field: nil, "expected an object") }
                var cells: [String: String] = [:]
                for (name, raw) in dict {
                    guard let cell = raw.cellText else {
                        throw location.error(field: name, "expected text, a number, a boolean or a list of text")
                    }
                    if !cell.isEmpty { cells[name] = cell }
                }
                out.append(Record(location: location, cells: cells))
            }
            return out
        }
        return Instance(
            tickets: try TicketReader(gazetteer: gazetteer).tickets(from: records("tickets")),
            engineers: try EngineerReader(gazetteer: gazetteer, policy: policy).engineers(from: records("engineers")))
    }
}

/// A JSON value as read from an instance file.
private enum JSONCell: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONCell]), object([String: JSONCell])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONCell].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONCell].self)) }
    }

    /// The value as cell text: numbers in their shortest form, lists of text joined with `;`.
    var cellText: String? {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .array(let items):
            var parts: [String] = []
            for item in items {
                guard case .string(let s) = item else { return nil }
                parts.append(s)
            }
            return parts.joined(separator: ";")
        case .object: return nil
        }
    }
}

/// The line of a JSON syntax error, when Foundation says where it is.
private func jsonErrorLine(_ error: Error, _ text: String) -> Int? {
    guard case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError else { return nil }
    let info = (underlying as NSError).userInfo
    guard let index = info["NSJSONSerializationErrorIndex"] as? Int else { return nil }
    return text.utf8.prefix(index).reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
}
