import Foundation
import Yams

/// A position in a YAML document: the node, its dotted key path, and its line,
/// so that every policy mistake names the file, the line and the key.
public struct YAMLCursor {
    /// The node here.
    public let node: Node
    /// The dotted key path to it (`tiers.D1.hours`, `engineers[2]`).
    public let path: String
    /// The file, as errors name it.
    public let file: String

    /// A cursor at `node`.
    public init(node: Node, path: String, file: String) {
        self.node = node
        self.path = path
        self.file = file
    }

    /// The node's line in the file.
    public var line: Int? { node.mark?.line }

    /// An input error at this node.
    public func fail(_ message: String) -> InputError {
        InputError(file: file, line: line, field: path.isEmpty ? nil : path, message)
    }

    /// The mapping's entries in document order; fails on unknown keys when `allowed` is given.
    public func entries(allowed: Set<String>? = nil) throws(InputError) -> [(key: String, value: YAMLCursor)] {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        var out: [(String, YAMLCursor)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw fail("keys must be text") }
            let child = YAMLCursor(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
            if let allowed, !allowed.contains(key) {
                throw InputError(file: file, line: keyNode.mark?.line, field: child.path,
                                 "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            out.append((key, child))
        }
        return out
    }

    /// The value of `key`, or `nil` when it is missing or null.
    public func child(_ key: String) throws(InputError) -> YAMLCursor? {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        guard let value = mapping[key], value.null == nil else { return nil }
        return YAMLCursor(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// The value of `key`; fails when it is missing.
    public func required(_ key: String) throws(InputError) -> YAMLCursor {
        guard let value = try child(key) else {
            let where_ = path.isEmpty ? "the top level" : "'\(path)'"
            throw InputError(file: file, line: line, field: path.isEmpty ? key : "\(path).\(key)", "required key is missing from \(where_)")
        }
        return value
    }

    /// The scalar as text.
    public func string() throws(InputError) -> String {
        guard let scalar = node.scalar else { throw fail("expected a single value") }
        return scalar.string
    }

    /// The scalar as a finite number.
    public func double() throws(InputError) -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw fail("expected a number, found '\((try? string()) ?? "a list or mapping")'")
        }
        return value
    }

    /// A number within `range`, or a located error that states the range.
    public func number(_ range: ValueRange) throws(InputError) -> Double {
        let value = try double()
        if let problem = range.problem(with: value) { throw fail(problem) }
        return value
    }

    /// A whole number within `range` (whose bounds fit an `Int`).
    public func wholeNumber(_ range: ValueRange) throws(InputError) -> Int {
        let value = try double()
        guard range.whole || value == value.rounded() else { throw fail("\(value.formatted()) is not a whole number") }
        if let problem = range.problem(with: value) { throw fail(problem) }
        guard let int = Int(exactly: value.rounded()) else { throw fail("\(value.formatted()) is not a whole number") }
        return int
    }

    /// A number of zero or more.
    public func nonNegative() throws(InputError) -> Double {
        let value = try double()
        guard value >= 0 else { throw fail("must not be negative (found \(value.formatted()))") }
        return value
    }

    /// A number greater than zero.
    public func positive() throws(InputError) -> Double {
        let value = try double()
        guard value > 0 else { throw fail("must be greater than zero (found \(value.formatted()))") }
        return value
    }


    /// The scalar as true or false.
    public func bool() throws(InputError) -> Bool {
        guard let value = node.bool else { throw fail("expected true or false") }
        return value
    }

    /// A scalar or a list of scalars, as text.
    public func strings() throws(InputError) -> [String] {
        if node.scalar != nil { return [try string()] }
        guard let sequence = node.sequence else { throw fail("expected a list") }
        var out: [String] = []
        for (i, item) in sequence.enumerated() {
            out.append(try YAMLCursor(node: item, path: "\(path)[\(i)]", file: file).string())
        }
        return out
    }

    /// The root of the YAML document `text`; `what` names the kind of file when it is empty.
    public static func document(_ text: String, file: String, what: String) throws(InputError) -> YAMLCursor {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError(file: file, line: 1, "the \(what) file is empty") }
            root = node
        } catch let error as InputError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
                let YamlError.composer(_, problem, mark, _) {
            throw InputError(file: file, line: mark.line, "not valid YAML: \(problem)")
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(file: file, line: context.mark.line, field: duplicates.first,
                             "the key \(keys) appears twice in one mapping: keep one (a reader would silently take the last)")
        } catch let YamlError.reader(problem, _, _, _) {
            throw InputError(file: file, "not valid YAML: \(problem)")
        } catch {
            // Yams's descriptions of its other errors quote the whole file: keep the first line.
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
            throw InputError(file: file, "not valid YAML: \(first)")
        }
        return YAMLCursor(node: root, path: "", file: file)
    }

    /// The list's items.
    public func items() throws(InputError) -> [YAMLCursor] {
        guard let sequence = node.sequence else { throw fail("expected a list") }
        return sequence.enumerated().map { YAMLCursor(node: $1, path: "\(path)[\($0)]", file: file) }
    }
}

extension Double {
    /// A number the way a person writes it: `8`, `1.3`.
    public func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
