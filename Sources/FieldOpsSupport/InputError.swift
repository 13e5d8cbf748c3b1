/// Bad input: a file the dispatcher handed over that cannot be used as it is.
///
/// It names the file, the line (where the format has lines) and the field, so that
/// the command line can print it as one line a person can act on.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it, e.g. `data/sample/tickets.csv`.
    public var file: String
    /// The 1-based line in the file, when known.
    public var line: Int?
    /// The column, key or JSON path at fault, when there is one.
    public var field: String?
    /// Why the input is wrong, in words a dispatcher understands.
    public var message: String

    /// Creates an input error. The message is kept to one readable line whatever the
    /// input held: control characters are escaped and any run of text longer than
    /// `longestRun` (a 20,000-character cell quoted back) is shortened.
    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field.map(InputError.oneLine)
        self.message = InputError.oneLine(message)
    }

    /// The longest run of characters without a space an error quotes whole.
    static let longestRun = 80

    /// `text` on one line: control characters escaped, long runs shortened.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var run: [Character] = []
        func flush() {
            if run.count > longestRun {
                out += String(run.prefix(longestRun / 2)) + "…(\(run.count) characters)"
            } else {
                out += String(run)
            }
            run.removeAll()
        }
        for c in text {
            if c == " " {
                flush()
                out.append(c)
                continue
            }
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
               scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                run += Array(scalar.escaped(asASCII: true))
            } else {
                run.append(c)
            }
        }
        flush()
        return out
    }

    /// `file:line: field 'x': message`, the shape compilers use so editors can jump to it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field '\(field)': " }
        return text + message
    }
}

/// Where a value came from: a file, a line in it, and (for JSON) a path inside it.
///
/// Readers pass a `Location` down so that any error they raise names its origin.
public struct SourceLocation: Sendable, Hashable {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line, when the format has one.
    public var line: Int?
    /// A JSON path such as `tickets[3]`, when the source is JSON.
    public var path: String?

    /// Creates a location.
    public init(file: String, line: Int? = nil, path: String? = nil) {
        self.file = file
        self.line = line
        self.path = path
    }

    /// An error at this location, for `field`.
    public func error(field: String?, _ message: String) -> InputError {
        let qualified: String?
        switch (path, field) {
        case let (path?, field?): qualified = "\(path).\(field)"
        case let (path?, nil): qualified = path
        case let (nil, field): qualified = field
        }
        return InputError(file: file, line: line, field: qualified, message)
    }
}
