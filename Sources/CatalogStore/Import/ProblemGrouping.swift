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
        var grouper = Grouper()
        for diagnostic in diagnostics { grouper.add(diagnostic) }
        return grouper.groups
    }

    /// Groups diagnostics as they arrive, so an import with a warning on every record keeps
    /// one entry per distinct problem instead of every diagnostic.
    struct Grouper {
        private var order: [Key] = []
        private var byKey: [Key: ProblemGroup] = [:]

        mutating func add(_ diagnostic: Diagnostic) {
            let key = Key(field: diagnostic.field.map(withoutIndices), message: diagnostic.message)
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = ProblemGroup(field: key.field, message: key.message, records: 0, examples: [])
            }
            byKey[key]!.records += 1
            if byKey[key]!.examples.count < examplesPerGroup {
                byKey[key]!.examples.append(diagnostic.location)
            }
        }

        /// Adds another grouper's counts and examples after this one's.
        mutating func merge(_ other: Grouper) {
            for key in other.order {
                let group = other.byKey[key]!
                if byKey[key] == nil {
                    order.append(key)
                    byKey[key] = ProblemGroup(field: key.field, message: key.message, records: 0, examples: [])
                }
                byKey[key]!.records += group.records
                let room = examplesPerGroup - byKey[key]!.examples.count
                if room > 0 { byKey[key]!.examples += group.examples.prefix(room) }
            }
        }

        /// Largest first; equal counts keep the order of first occurrence.
        var groups: [ProblemGroup] {
            order.enumerated()
                .sorted { (byKey[$0.element]!.records, -$0.offset) > (byKey[$1.element]!.records, -$1.offset) }
                .map { byKey[$0.element]! }
        }
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
