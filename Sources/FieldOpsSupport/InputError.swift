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

    /// Creates an input error.
    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
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
