/// Characters that must not reach a stored field or a terminal: C0 controls other than tab, line
/// feed and carriage return (ESC starts terminal escape sequences, BEL rings, NUL cut stored
/// titles), DEL, the C1 controls (U+009B is a one-character CSI on many terminals) and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
/// reorder what a reader sees.
public enum ControlCharacters {
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text without unsafe characters, or `nil` when it has none (the common case costs one
    /// scan of the UTF-8 and no copy).
    public static func stripped(_ text: String) -> String? {
        // Every unsafe scalar starts with a byte below 0x20, 0x7F, 0xC2 (C1) or 0xE2 (U+20xx).
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }),
              text.unicodeScalars.contains(where: isUnsafe) else { return nil }
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isUnsafe(scalar) { kept.append(scalar) }
        return String(kept)
    }
}

extension Offer {
    /// Calls `body` with every free-text field and its path: the one list of an offer's texts
    /// that the per-field checks (control characters, length) walk.
    public mutating func visitTexts(_ body: (inout String, FieldPath) -> Void) {
        func visit(_ text: inout String?, _ path: FieldPath) {
            guard var value = text else { return }
            body(&value, path)
            text = value
        }
        body(&title, ["title"])
        body(&summary, ["summary"])
        body(&description, ["description"])
        body(&provider.name, ["provider", "name"])
        if provider.contact != nil {
            visit(&provider.contact!.name, ["provider", "contact", "name"])
            visit(&provider.contact!.email, ["provider", "contact", "email"])
            visit(&provider.contact!.phone, ["provider", "contact", "phone"])
            visit(&provider.contact!.address, ["provider", "contact", "address"])
            visit(&provider.contact!.url, ["provider", "contact", "url"])
        }
        for index in links.indices {
            body(&links[index].url, ["links", .index(index), "url"])
            visit(&links[index].title, ["links", .index(index), "title"])
        }
        for index in keywords.indices { body(&keywords[index], ["keywords", .index(index)]) }
        for index in eligibility.conditions.indices { body(&eligibility.conditions[index], ["eligibility", "conditions", .index(index)]) }
        visit(&sourceURL, ["sourceURL"])
    }

    /// Removes unsafe control characters (``ControlCharacters``) from every text field and
    /// returns the fields it changed, for readers to report as located warnings.
    public mutating func removeControlCharacters() -> [FieldPath] {
        var changed: [FieldPath] = []
        visitTexts { text, path in
            if let stripped = ControlCharacters.stripped(text) {
                text = stripped
                changed.append(path)
            }
        }
        return changed
    }

    /// The lists of one offer with their sizes, for the per-record limit on values per field.
    public var listSizes: [(FieldPath, Int)] {
        var sizes: [(FieldPath, Int)] = [
            (["links"], links.count), (["keywords"], keywords.count), (["topics"], topics.count),
            (["instruments"], instruments.count), (["schedule", "deadlines"], schedule.deadlines.count),
            (["eligibility", "conditions"], eligibility.conditions.count),
            (["eligibility", "applicantTypes"], eligibility.applicantTypes?.count ?? 0),
            (["eligibility", "regions"], eligibility.regions?.count ?? 0),
            (["eligibility", "companySizes"], eligibility.companySizes?.count ?? 0),
        ]
        for (key, values) in originalCodes { sizes.append((["originalCodes", .key(key)], values.count)) }
        sizes.append((["originalCodes"], originalCodes.count))
        return sizes
    }
}
