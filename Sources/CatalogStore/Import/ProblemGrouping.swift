import CatalogImport

/// Groups diagnostics by field (without list positions) and message, largest group first, so
/// a report of 10,000 broken records starts with the three things that are actually wrong.
enum ProblemGrouping {
    static let examplesPerGroup = 3

    private struct Key: Hashable {
        var field: String?
        var message: String
    }

    static func groups(_ diagnostics: [Diagnostic]) -> [ProblemGroup] {
        var order: [Key] = []
        var groups: [Key: ProblemGroup] = [:]
        for diagnostic in diagnostics {
            let key = Key(field: diagnostic.field.map(withoutIndices), message: diagnostic.message)
            if groups[key] == nil {
                order.append(key)
                groups[key] = ProblemGroup(field: key.field, message: key.message, records: 0, examples: [])
            }
            groups[key]!.records += 1
            if groups[key]!.examples.count < examplesPerGroup {
                groups[key]!.examples.append(diagnostic.location)
            }
        }
        // Largest first; equal counts keep the order of first occurrence.
        return order.enumerated()
            .sorted { (groups[$0.element]!.records, -$0.offset) > (groups[$1.element]!.records, -$1.offset) }
            .map { groups[$0.element]! }
    }

    /// `eligibility.regions[2]` → `eligibility.regions`.
    static func withoutIndices(_ field: String) -> String {
        var result = ""
        var depth = 0
        for character in field {
            if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if depth == 0 { result.append(character) }
        }
        return result
    }
}
