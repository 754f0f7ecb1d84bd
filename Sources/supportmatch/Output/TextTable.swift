/// A plain-text table with aligned columns, for terminal output.
///
/// Widths count characters (grapheme clusters), so umlauts align like any other letter.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment = .left
        /// Longer cells are cut with "…".
        var maxWidth: Int?
    }

    var columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let cells = ([columns.map(\.title)] + rows).map { row in
            columns.indices.map { index in clip(index < row.count ? row[index] : "", to: columns[index].maxWidth) }
        }
        let widths = columns.indices.map { index in cells.map { $0[index].count }.max() ?? 0 }
        return cells.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == row.count - 1
                switch columns[index].alignment {
                case .left: line += cell + (isLast ? "" : padding)
                case .right: line += padding + cell
                }
                if !isLast { line += "  " }
            }
            return line
        }.joined(separator: "\n")
    }

    private func clip(_ text: String, to width: Int?) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard let width, flat.count > width, width > 1 else { return flat }
        return String(flat.prefix(width - 1)) + "…"
    }
}
