/// A line of a TREC file that could not be read, with where it is and what was expected.
public struct TRECFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or another name for the input) the line came from.
    public var source: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column of the offending field, when one field is at fault.
    public var column: Int?
    public var message: String

    public init(source: String, line: Int, column: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(source):\(line)\(column.map { ":\($0)" } ?? ""): \(message)"
    }
}

/// Splitting of TREC lines, shared by qrels and run files.
enum TRECLines {
    /// Non-blank lines with their 1-based numbers and whitespace-separated fields (with the
    /// 1-based column where each field starts). `#` starts a comment line.
    static func fields(_ text: String) -> [(line: Int, fields: [(text: Substring, column: Int)])] {
        var result: [(line: Int, fields: [(text: Substring, column: Int)])] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            var fields: [(text: Substring, column: Int)] = []
            var start: Substring.Index?
            var column = 0, startColumn = 0
            for index in line.indices {
                column += 1
                let isSpace = line[index] == " " || line[index] == "\t"
                if isSpace {
                    if let open = start { fields.append((line[open..<index], startColumn)); start = nil }
                } else if start == nil {
                    start = index
                    startColumn = column
                }
            }
            if let open = start { fields.append((line[open...], startColumn)) }
            if fields.isEmpty || fields[0].text.hasPrefix("#") { continue }
            result.append((number, fields))
        }
        return result
    }
}
