import Foundation

/// A JSON value whose objects keep their keys in the order written, so that every
/// report FieldOps writes reads in a sensible order and is the same byte for byte
/// on every run.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A number written with at most `digits` decimals (trailing zeros dropped).
    case number(Double, digits: Int)
    /// A string, escaped as JSON requires.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep the order given.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// A string, or `null` when absent.
    public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// The value as JSON text, indented by two spaces, ending in a newline at the top.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case let .number(d, digits):
            guard d.isFinite else { out += "null"; return }
            var text = String(format: "%.\(digits)f", d)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            out += text == "-0" ? "0" : text
        case .string(let s): JSONValue.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            let pad = String(repeating: " ", count: indent + 2)
            out += "{\n"
            for (i, (key, value)) in pairs.enumerated() {
                out += pad
                JSONValue.escape(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func escape(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Writes `text` to `path` atomically: a temporary file beside it, then a rename, so a
/// reader never sees half a plan, and a file already there is never lost to a failed
/// write. `option` names the option that gave the path, for the error.
public func writeAtomically(_ text: String, to path: String, option: String = "--out") throws(InputError) {
    if let why = unwritable(path) { throw InputError(file: path, field: option, "cannot be written: \(why)") }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw InputError(file: path, field: option, "cannot be written: \(plainWords(error))")
    }
}

/// Why `path` cannot take a file, in plain words, or `nil` when it can as far as can be
/// told before writing.
/// Makes the folder `path` (and its parents) if it does not exist; a path that is, or lies
/// under, a file, or a folder that cannot be made, is an input error naming `option`.
public func makeFolder(_ path: String, option: String) throws(InputError) {
    var isFolder: ObjCBool = false
    var ancestor = path
    while !ancestor.isEmpty, ancestor != "/" {
        if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder) {
            if !isFolder.boolValue { throw InputError(file: path, field: option, "cannot be made a folder: \(ancestor) is a file") }
            break
        }
        ancestor = (ancestor as NSString).deletingLastPathComponent
    }
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw InputError(file: path, field: option, "cannot be made a folder: \(plainWords(error))")
    }
}

func unwritable(_ path: String) -> String? {
    var isFolder: ObjCBool = false
    let manager = FileManager.default
    if manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        return "it is a folder; give a file name inside it"
    }
    let parent = (path as NSString).deletingLastPathComponent
    let folder = parent.isEmpty ? "." : parent
    if !manager.fileExists(atPath: folder, isDirectory: &isFolder) { return "the folder \(folder) does not exist" }
    if !isFolder.boolValue { return "\(folder) is a file, not a folder" }
    if !manager.isWritableFile(atPath: folder) { return "the folder \(folder) is not writable" }
    return nil
}

/// A file-system error in plain words rather than Foundation's domain and code.
func plainWords(_ error: Error) -> String {
    let ns = error as NSError
    if let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap({ $0.domain == NSPOSIXErrorDomain ? $0.code : nil })
        ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil) {
        switch Int32(truncatingIfNeeded: posix) {
        case ENOSPC: return "the disk is full"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case EISDIR: return "it is a folder"
        case ENOENT: return "the folder does not exist"
        default: return String(cString: strerror(Int32(truncatingIfNeeded: posix)))
        }
    }
    return "the file system refused it (\(ns.localizedDescription))"
}
