/// A CSV cell: quoted when it holds a comma, quote or line break; a leading `= + - @`
/// (and tab or carriage return) is neutralised with an apostrophe.
public func csvCell(_ raw: String) -> String {
    var text = raw
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}
