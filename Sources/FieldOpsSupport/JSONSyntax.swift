/// Where JSON text first goes wrong, so that a reader can say `file:line: column C: …`
/// instead of Foundation's "the data couldn't be read": a small scanner of RFC 8259's
/// grammar that stops at the first fault.
public enum JSONSyntax {
    /// The first syntax error in `text`: its 1-based line and column and what was expected;
    /// `nil` when the text is one well-formed JSON value.
    public static func firstError(in text: String) -> (line: Int, column: Int, message: String)? {
        var scanner = Scanner(bytes: Array(text.utf8))
        do throws(Fault) {
            scanner.skipSpace()
            if scanner.index < scanner.bytes.count, scanner.bytes[scanner.index] == 0xEF { scanner.skipBOM() }
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.index < scanner.bytes.count { throw Fault(message: "unexpected text after the JSON value") }
            return nil
        } catch {
            let (line, column) = scanner.position()
            return (line, column, error.message)
        }
    }

    private struct Fault: Error {
        let message: String
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipBOM() {
            if bytes.count >= index + 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { index += 3 }
            skipSpace()
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func position() -> (Int, Int) {
            var line = 1, column = 1
            for b in bytes.prefix(index) {
                if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            }
            return (line, column)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Fault) {
            skipSpace()
            guard current == byte else { throw Fault(message: current == nil ? "the text ends where \(what) was expected" : "expected \(what)") }
            index += 1
        }

        mutating func value(depth: Int) throws(Fault) {
            guard depth < 512 else { throw Fault(message: "nested more than 512 levels deep") }
            skipSpace()
            guard let c = current else { throw Fault(message: "the text ends where a value was expected") }
            switch c {
            case UInt8(ascii: "{"):
                index += 1
                skipSpace()
                if current == UInt8(ascii: "}") { index += 1; return }
                while true {
                    skipSpace()
                    guard current == UInt8(ascii: "\"") else {
                        throw Fault(message: current == nil ? "the text ends inside an object" : "expected a key in double quotes")
                    }
                    try string()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    try value(depth: depth + 1)
                    skipSpace()
                    if current == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                    return
                }
            case UInt8(ascii: "["):
                index += 1
                skipSpace()
                if current == UInt8(ascii: "]") { index += 1; return }
                while true {
                    try value(depth: depth + 1)
                    skipSpace()
                    if current == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: "]"), "',' or ']' in an array")
                    return
                }
            case UInt8(ascii: "\""):
                try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            default:
                throw Fault(message: "expected a value (text in double quotes, a number, true, false, null, an object or an array)")
            }
        }

        mutating func literal(_ word: String) throws(Fault) {
            let w = Array(word.utf8)
            guard bytes.count >= index + w.count, Array(bytes[index..<index + w.count]) == w else {
                throw Fault(message: "expected a value (did you mean \(word)?)")
            }
            index += w.count
        }

        mutating func string() throws(Fault) {
            index += 1   // the opening quote
            while let c = current {
                switch c {
                case UInt8(ascii: "\""): index += 1; return
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let e = current, "\"\\/bfnrtu".utf8.contains(e) else { throw Fault(message: "a bad escape in text") }
                    index += 1
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let h = current, (h >= 0x30 && h <= 0x39) || (h | 0x20 >= 0x61 && h | 0x20 <= 0x66) else {
                                throw Fault(message: "a bad \\u escape in text")
                            }
                            index += 1
                        }
                    }
                case 0..<0x20: throw Fault(message: "a line break or control character inside text (end the text with \")")
                default: index += 1
                }
            }
            throw Fault(message: "the text ends inside a string (a \" is missing)")
        }

        mutating func number() throws(Fault) {
            if current == UInt8(ascii: "-") { index += 1 }
            func digits() -> Int {
                var n = 0
                while let c = current, c >= 0x30, c <= 0x39 { index += 1; n += 1 }
                return n
            }
            guard digits() > 0 else { throw Fault(message: "a number needs digits") }
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw Fault(message: "a number needs digits after its decimal point") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw Fault(message: "a number needs digits in its exponent") }
            }
        }
    }
}
