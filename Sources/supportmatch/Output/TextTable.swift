import Foundation
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
        render(cells: ([columns.map(\.title)] + rows).map { row in
            columns.indices.map { index in clip(index < row.count ? row[index] : "", to: columns[index].maxWidth) }
        })
    }

    /// For a terminal `width` columns wide: cells cut at their column's `maxWidth`, then the last
    /// column cut to what is left of the line (at least 20 characters). `nil` is for output that
    /// goes to a pipe or a file: every cell complete, nothing cut, whatever the length.
    func render(width: Int?) -> String {
        let raw = ([columns.map(\.title)] + rows).map { row in columns.indices.map { index in index < row.count ? row[index] : "" } }
        guard let width else { return render(cells: raw.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ") } }) }
        var cells = raw.map { row in row.indices.map { clip(row[$0], to: columns[$0].maxWidth) } }
        guard let last = columns.indices.last else { return "" }
        let fixed = columns.indices.dropLast().reduce(0) { total, index in total + (cells.map { $0[index].count }.max() ?? 0) + 2 }
        let room = max(20, width - fixed)
        for row in cells.indices { cells[row][last] = clip(cells[row][last], to: room) }
        return render(cells: cells)
    }

    private func render(cells: [[String]]) -> String {
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
