/// A plain-text table for terminals, aligned by display width so that Chinese
/// names (two columns each) line up with Latin text.
public struct TextTable: Sendable {
    /// Column alignment.
    public enum Align: Sendable { case left, right }

    private var headers: [String]
    private var aligns: [Align]
    private var rows: [[String]] = []

    /// A table with these column headers and alignments (default: left).
    public init(_ headers: [String], align: [Align] = []) {
        self.headers = headers
        self.aligns = headers.indices.map { $0 < align.count ? align[$0] : .left }
    }

    /// Appends a row; missing cells are blank.
    public mutating func add(_ cells: [String]) {
        rows.append(headers.indices.map { $0 < cells.count ? cells[$0] : "" })
    }

    /// Whether the table has no rows.
    public var isEmpty: Bool { rows.isEmpty }

    /// The table as lines, indented by `indent` spaces, two spaces between columns.
    public func render(indent: Int = 2) -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { c in all.map { displayWidth($0[c]) }.max() ?? 0 }
        let pad = String(repeating: " ", count: indent)
        return all.map { row in
            var line = pad
            for (c, cell) in row.enumerated() {
                let gap = String(repeating: " ", count: widths[c] - displayWidth(cell))
                let piece = aligns[c] == .right ? gap + cell : cell + gap
                line += c == 0 ? piece : "  " + piece
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}

/// Terminal columns a string takes: East Asian wide characters count two.
public func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        if scalar.properties.generalCategory == .nonspacingMark { return width }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return width + (wide ? 2 : 1)
    }
}
