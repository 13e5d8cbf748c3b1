import CSV
import FieldOpsSupport
import Foundation

/// One record of an input file: named cells plus where it came from.
///
/// CSV rows and the objects of an instance JSON both become records, so that
/// tickets and engineers are read by one piece of code whatever the format.
public struct Record: Sendable {
    /// Where the record is, for error messages.
    public var location: SourceLocation
    /// Cell text by column name; empty cells are absent.
    public var cells: [String: String]

    /// Creates a record.
    public init(location: SourceLocation, cells: [String: String]) {
        self.location = location
        self.cells = cells
    }

    /// The trimmed text of `column`, or `nil` when it is missing or blank.
    public subscript(column: String) -> String? {
        guard let raw = cells[column] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// An error about `field` of this record.
    public func error(_ field: String?, _ message: String) -> InputError {
        location.error(field: field, message)
    }
}

/// A CSV file read whole: its header and its records, each with its line number.
///
/// Parsing is done by CSV.swift (RFC 4180 quoting); this type adds what a dispatcher
/// needs on top: the physical line of each record, a check that quotes are closed and
/// that every row has as many fields as the header, and errors that name the file.
public struct CSVTable: Sendable {
    /// The file as the user named it.
    public var file: String
    /// The column names, in file order.
    public var header: [String]
    /// The data rows; blank lines are skipped.
    public var records: [Record]

    /// Reads `path`; `name` is how errors refer to it (default: the path).
    public static func read(path: String, name: String? = nil) throws(InputError) -> CSVTable {
        let label = name ?? path
        let text = try readText(path: path, name: label)
        return try parse(text, file: label)
    }

    /// Parses CSV text; `file` names it in errors.
    public static func parse(_ raw: String, file: String) throws(InputError) -> CSVTable {
        var text = raw
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError(file: file, line: 1, "the file is empty: expected a header row")
        }
        if let line = unclosedQuoteLine(text) {
            throw InputError(file: file, line: line, "a quoted field is never closed (a \" without its partner)")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            throw InputError(file: file, line: 1, "cannot read as CSV: \(error)")
        }
        var line = 1
        var header: [String]?
        var records: [Record] = []
        while let row = reader.next() {
            let rowLine = line
            line += 1 + row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
            if row.count == 1, row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let columns = header else {
                let names = row.map { $0.trimmingCharacters(in: .whitespaces) }
                var seen = Set<String>()
                for (index, name) in names.enumerated() {
                    if name.isEmpty {
                        throw InputError(file: file, line: rowLine, field: "column \(index + 1)", "the header has an empty column name")
                    }
                    if !seen.insert(name).inserted {
                        throw InputError(file: file, line: rowLine, field: name, "the header names this column twice")
                    }
                }
                header = names
                continue
            }
            if row.count != columns.count {
                throw InputError(file: file, line: rowLine,
                                 "\(row.count) fields, but the header has \(columns.count) (a stray comma or an unquoted comma in a value?)")
            }
            var cells: [String: String] = [:]
            cells.reserveCapacity(columns.count)
            for (name, value) in zip(columns, row) where !value.isEmpty {
                cells[name] = value
            }
            records.append(Record(location: SourceLocation(file: file, line: rowLine), cells: cells))
        }
        return CSVTable(file: file, header: header ?? [], records: records)
    }

    /// Fails naming the first of `required` that the header lacks.
    public func require(columns required: [String]) throws(InputError) {
        for column in required where !header.contains(column) {
            throw InputError(file: file, line: 1, field: column, "required column is missing from the header")
        }
    }

    /// The line on which a quoted field opens and never closes, if any.
    static func unclosedQuoteLine(_ text: String) -> Int? {
        var inQuotes = false
        var line = 1
        var openedAt = 1
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                if inQuotes { openedAt = line }
            } else if byte == 10 {
                line += 1
            }
        }
        return inQuotes ? openedAt : nil
    }
}

/// Reads a whole text file as UTF-8, with errors that name it.
package func readText(path: String, name: String) throws(InputError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InputError(file: name, "no such file")
    }
    if isDirectory.boolValue { throw InputError(file: name, "is a directory, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError(file: name, "cannot be read (permissions?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw InputError(file: name, "is not UTF-8 text (save it as UTF-8; GBK exports are not read)")
    }
    return text
}
