import SupportModel
import TextAnalysis

/// ``OfferIndex/CatalogFacts`` in an index file: every per-document column and every set as
/// sections read in place or copied out once, so opening an index builds nothing from the
/// offers (at 100,000 offers, building these sets from decoded offers took seconds of the
/// start; reading them takes milliseconds). A set of documents is its bitset's words; a map
/// from a code to a set is its keys (strings) and the sets' words one after another; a map to
/// document lists is its keys, list ends and the lists.
///
/// Tags: 200 and up (``PersistedIndex/Tag`` holds the others). A map takes four tags from its
/// base: keys' bytes, keys' ends, then words (or list ends and documents).
enum PersistedFacts {
    enum Tag {
        static let languages: UInt32 = 200
        static let amountMin: UInt32 = 201
        static let amountMax: UInt32 = 202
        static let specificity: UInt32 = 203
        static let deadlineStarts: UInt32 = 204
        static let deadlineDays: UInt32 = 205
        static let groupOf: UInt32 = 206
        static let groupEnds: UInt32 = 207
        static let groupMembers: UInt32 = 208
        static let lastDeadlineOrdinals: UInt32 = 209
        static let lastDeadlineDocs: UInt32 = 210
        static let byTopic: UInt32 = 220
        static let byInstrument: UInt32 = 224

        // Eligibility
        static let typeRestricted: UInt32 = 300
        static let throughIntermediary: UInt32 = 301
        static let regionRestricted: UInt32 = 302
        static let sectorRestricted: UInt32 = 303
        static let closed: UInt32 = 304
        static let byApplicantType: UInt32 = 310
        static let byRegion: UInt32 = 314
        static let bySizeRule: UInt32 = 318
        static let bySectorRule: UInt32 = 322
        static let byAgeRule: UInt32 = 326

        // Derived signals
        static let subjectNamed: UInt32 = 400
        static let servesOthers: UInt32 = 401
        static let topicOpen: UInt32 = 402
        static let narrowCall: UInt32 = 403
        static let sectorNamed: UInt32 = 404
        static let sectorMentioned: UInt32 = 405
        static let researchProgrammes: UInt32 = 406
        static let financingOpen: UInt32 = 407
        static let bySubject: UInt32 = 410
        static let byMention: UInt32 = 414
        static let derivedBySizeRule: UInt32 = 418
        static let bySectorSubject: UInt32 = 422
        static let bySectorMention: UInt32 = 426
        static let byPurpose: UInt32 = 430
    }

    // Keys of the rule maps as text; a separator no code holds (codes are validated
    // identifiers of letters, digits, dots and hyphens).
    static func key(_ sizes: Set<SizeClass>) -> String { sizes.map(\.rawValue).sorted().joined(separator: ",") }
    static func sizes(_ key: String) throws -> Set<SizeClass> {
        guard !key.isEmpty else { return [] }
        return Set(try key.split(separator: ",").map { text in
            guard let size = SizeClass(rawValue: String(text)) else { throw IndexFile.Rejection.corrupt("size class \(text)") }
            return size
        })
    }
    static func key(_ rule: SectorRule) -> String {
        rule.include.map(\.rawValue).joined(separator: ",") + "|" + rule.exclude.map(\.rawValue).joined(separator: ",")
    }
    static func sectorRule(_ key: String) throws -> SectorRule {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw IndexFile.Rejection.corrupt("sector rule \(key)") }
        func codes(_ text: Substring) -> [SectorCode] { text.isEmpty ? [] : text.split(separator: ",").map { SectorCode(String($0)) } }
        return SectorRule(include: codes(parts[0]), exclude: codes(parts[1]))
    }
    static func key(_ bounds: AgeBounds) -> String {
        (bounds.minYears.map(String.init) ?? "") + "|" + (bounds.maxYears.map(String.init) ?? "")
    }
    static func ageBounds(_ key: String) throws -> AgeBounds {
        let parts = key.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw IndexFile.Rejection.corrupt("age bounds \(key)") }
        func years(_ text: Substring) throws -> Int? {
            if text.isEmpty { return nil }
            guard let value = Int(text) else { throw IndexFile.Rejection.corrupt("age bounds \(key)") }
            return value
        }
        return AgeBounds(minYears: try years(parts[0]), maxYears: try years(parts[1]))
    }

    static func write(_ facts: OfferIndex.CatalogFacts, to writer: IndexFile.Writer) throws {
        let languageCodes = AnalysisLanguage.allCases
        try writer.append(Tag.languages, facts.languages.map { UInt8(languageCodes.firstIndex(of: $0)!) })
        try writer.append(Tag.amountMin, facts.amountMin)
        try writer.append(Tag.amountMax, facts.amountMax)
        try writer.append(Tag.specificity, facts.specificity)
        try writer.append(Tag.deadlineStarts, facts.deadlineStarts)
        try writer.append(Tag.deadlineDays, facts.deadlineDays)
        try writer.append(Tag.groupOf, facts.programmes.groupOf)
        try writeLists(Tag.groupEnds, Tag.groupMembers, facts.programmes.members, to: writer)
        try writer.append(Tag.lastDeadlineOrdinals, facts.eligibility.lastDeadlines.map { Int64($0.ordinal) })
        try writer.append(Tag.lastDeadlineDocs, facts.eligibility.lastDeadlines.map { Int32($0.doc) })
        try writeMap(Tag.byTopic, facts.byTopic, key: \.rawValue, to: writer)
        try writeMap(Tag.byInstrument, facts.byInstrument, key: \.rawValue, to: writer)

        let eligibility = facts.eligibility
        try writer.append(Tag.typeRestricted, eligibility.typeRestricted.words)
        try writer.append(Tag.throughIntermediary, eligibility.throughIntermediary.words)
        try writer.append(Tag.regionRestricted, eligibility.regionRestricted.words)
        try writer.append(Tag.sectorRestricted, eligibility.sectorRestricted.words)
        try writer.append(Tag.closed, eligibility.closed.words)
        try writeMap(Tag.byApplicantType, eligibility.byApplicantType, key: \.rawValue, to: writer)
        try writeMap(Tag.byRegion, eligibility.byRegion, key: \.rawValue, to: writer)
        try writeMap(Tag.bySizeRule, eligibility.bySizeRule, key: key(_:), to: writer)
        try writeMap(Tag.bySectorRule, eligibility.bySectorRule, key: key(_:), to: writer)
        try writeMap(Tag.byAgeRule, eligibility.byAgeRule, key: key(_:), to: writer)

        let signals = facts.derivedSignals
        try writer.append(Tag.subjectNamed, signals.subjectNamed.words)
        try writer.append(Tag.servesOthers, signals.servesOthers.words)
        try writer.append(Tag.topicOpen, signals.topicOpen.words)
        try writer.append(Tag.narrowCall, signals.narrowCall.words)
        try writer.append(Tag.sectorNamed, signals.sectorNamed.words)
        try writer.append(Tag.sectorMentioned, signals.sectorMentioned.words)
        try writer.append(Tag.researchProgrammes, signals.researchProgrammes.words)
        try writer.append(Tag.financingOpen, signals.financingOpen.words)
        try writeMap(Tag.bySubject, signals.bySubject, key: \.rawValue, to: writer)
        try writeMap(Tag.byMention, signals.byMention, key: \.rawValue, to: writer)
        try writeMap(Tag.derivedBySizeRule, signals.bySizeRule, key: key(_:), to: writer)
        try writeMap(Tag.bySectorSubject, signals.bySectorSubject, key: \.rawValue, to: writer)
        try writeMap(Tag.bySectorMention, signals.bySectorMention, key: \.rawValue, to: writer)
        try writeMap(Tag.byPurpose, signals.byPurpose, key: { $0 }, to: writer)
    }

    static func read(_ file: IndexFile.Reader, count: Int, taxonomies: Taxonomies,
                     derivation: DerivationRules) throws -> OfferIndex.CatalogFacts {
        let languageCodes = AnalysisLanguage.allCases
        let languages = try (file.column(Tag.languages) as Column<UInt8>).map { code in
            guard Int(code) < languageCodes.count else { throw IndexFile.Rejection.corrupt("language \(code)") }
            return languageCodes[Int(code)]
        }
        let amountMin = Array(try file.column(Tag.amountMin) as Column<Double>)
        let amountMax = Array(try file.column(Tag.amountMax) as Column<Double>)
        let specificity = Array(try file.column(Tag.specificity) as Column<Double>)
        let deadlineStarts = Array(try file.column(Tag.deadlineStarts) as Column<Int32>)
        let deadlineDays = Array(try file.column(Tag.deadlineDays) as Column<Int32>)
        let groupOf = Array(try file.column(Tag.groupOf) as Column<Int32>)
        let members = try readLists(file, Tag.groupEnds, Tag.groupMembers, count: count)
        guard languages.count == count, amountMin.count == count, amountMax.count == count, specificity.count == count,
              deadlineStarts.count == count + 1, deadlineStarts.first == 0, deadlineStarts.last.map(Int.init) == deadlineDays.count,
              zip(deadlineStarts, deadlineStarts.dropFirst()).allSatisfy({ $0 <= $1 }),
              groupOf.count == count, groupOf.allSatisfy({ $0 >= -1 && Int($0) < members.count }) else {
            throw IndexFile.Rejection.corrupt("per-offer columns out of bounds")
        }
        let ordinals: Column<Int64> = try file.column(Tag.lastDeadlineOrdinals)
        let deadlineDocs: Column<Int32> = try file.column(Tag.lastDeadlineDocs)
        guard ordinals.count == deadlineDocs.count, deadlineDocs.allSatisfy({ $0 >= 0 && Int($0) < count }) else {
            throw IndexFile.Rejection.corrupt("last deadlines out of bounds")
        }

        func set(_ tag: UInt32) throws -> Bitset { try bitset(Array(file.column(tag) as Column<UInt64>), count: count, tag: tag) }
        let eligibility = EligibilityIndex(
            count: count, typeRestricted: try set(Tag.typeRestricted),
            byApplicantType: try readBitsets(file, Tag.byApplicantType, count: count) { ApplicantType($0) },
            throughIntermediary: try set(Tag.throughIntermediary),
            reachableThroughIntermediary: derivation.reachableThroughIntermediary,
            regionRestricted: try set(Tag.regionRestricted),
            byRegion: try readBitsets(file, Tag.byRegion, count: count) { RegionCode($0) },
            taxonomies: taxonomies,
            bySizeRule: try readLists(file, Tag.bySizeRule, count: count, key: sizes),
            bySectorRule: try readLists(file, Tag.bySectorRule, count: count, key: sectorRule),
            byAgeRule: try readLists(file, Tag.byAgeRule, count: count, key: ageBounds),
            sectorRestricted: try set(Tag.sectorRestricted), closed: try set(Tag.closed),
            lastDeadlines: zip(ordinals, deadlineDocs).map { (ordinal: Int($0), doc: Int($1)) })
        let signals = DerivedSignals(
            count: count, subjectNamed: try set(Tag.subjectNamed),
            bySubject: try readBitsets(file, Tag.bySubject, count: count) { ApplicantType($0) },
            byMention: try readBitsets(file, Tag.byMention, count: count) { ApplicantType($0) },
            bySizeRule: try readLists(file, Tag.derivedBySizeRule, count: count, key: sizes),
            servesOthers: try set(Tag.servesOthers), topicOpen: try set(Tag.topicOpen), narrowCall: try set(Tag.narrowCall),
            sectorNamed: try set(Tag.sectorNamed), sectorMentioned: try set(Tag.sectorMentioned),
            bySectorSubject: try readBitsets(file, Tag.bySectorSubject, count: count) { SectorCode($0) },
            bySectorMention: try readBitsets(file, Tag.bySectorMention, count: count) { SectorCode($0) },
            researchProgrammes: try set(Tag.researchProgrammes), financingOpen: try set(Tag.financingOpen),
            byPurpose: try readBitsets(file, Tag.byPurpose, count: count) { $0 })
        return OfferIndex.CatalogFacts(
            languages: languages, eligibility: eligibility, derivedSignals: signals,
            byTopic: try readLists(file, Tag.byTopic, count: count) { TopicCode($0) },
            byInstrument: try readBitsets(file, Tag.byInstrument, count: count) { Instrument($0) },
            amountMin: amountMin, amountMax: amountMax, specificity: specificity,
            deadlineStarts: deadlineStarts, deadlineDays: deadlineDays,
            programmes: ProgrammeGroups(groupOf: groupOf, members: members))
    }

    // MARK: Sets and maps

    static func bitset(_ words: [UInt64], count: Int, tag: UInt32) throws -> Bitset {
        guard words.count == (count + 63) / 64, count % 64 == 0 || (words.last ?? 0) >> UInt64(count % 64) == 0 else {
            throw IndexFile.Rejection.corrupt("set \(tag) does not fit \(count) offers")
        }
        return Bitset(count: count, words: words)
    }

    static func writeLists(_ endsTag: UInt32, _ docsTag: UInt32, _ lists: [[Int32]], to writer: IndexFile.Writer) throws {
        var ends: [Int64] = []
        var docs: [Int32] = []
        for list in lists {
            docs += list
            ends.append(Int64(docs.count))
        }
        try writer.append(endsTag, ends)
        try writer.append(docsTag, docs)
    }

    static func readLists(_ file: IndexFile.Reader, _ endsTag: UInt32, _ docsTag: UInt32, count: Int) throws -> [[Int32]] {
        let ends: Column<Int64> = try file.column(endsTag)
        let docs: Column<Int32> = try file.column(docsTag)
        var lists: [[Int32]] = []
        lists.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            let end = Int(end)
            guard end >= start, end <= docs.count else { throw IndexFile.Rejection.corrupt("lists \(docsTag) out of bounds") }
            let list = Array(docs[start..<end])
            guard list.allSatisfy({ $0 >= 0 && Int($0) < count }) else { throw IndexFile.Rejection.corrupt("lists \(docsTag) out of bounds") }
            lists.append(list)
            start = end
        }
        return lists
    }

    /// Keys sorted, so the same index always writes the same bytes.
    static func writeMap<Key>(_ base: UInt32, _ map: [Key: [Int32]], key: (Key) -> String, to writer: IndexFile.Writer) throws {
        let entries = map.map { (key($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        try writer.appendStrings(base, base + 1, entries.map(\.0))
        try writeLists(base + 2, base + 3, entries.map(\.1), to: writer)
    }

    static func readLists<Key: Hashable>(_ file: IndexFile.Reader, _ base: UInt32, count: Int,
                                         key: (String) throws -> Key) throws -> [Key: [Int32]] {
        let keys = try file.strings(base, base + 1)
        let lists = try readLists(file, base + 2, base + 3, count: count)
        guard keys.count == lists.count else { throw IndexFile.Rejection.corrupt("map \(base) out of bounds") }
        var map: [Key: [Int32]] = [:]
        for (text, list) in zip(keys, lists) { map[try key(text)] = list }
        guard map.count == keys.count else { throw IndexFile.Rejection.corrupt("map \(base) repeats a key") }
        return map
    }

    static func writeMap<Key>(_ base: UInt32, _ map: [Key: Bitset], key: (Key) -> String, to writer: IndexFile.Writer) throws {
        let entries = map.map { (key($0.key), $0.value) }.sorted { $0.0 < $1.0 }
        try writer.appendStrings(base, base + 1, entries.map(\.0))
        try writer.append(base + 2, entries.flatMap(\.1.words))
    }

    static func readBitsets<Key: Hashable>(_ file: IndexFile.Reader, _ base: UInt32, count: Int,
                                           key: (String) throws -> Key) throws -> [Key: Bitset] {
        let keys = try file.strings(base, base + 1)
        let words: Column<UInt64> = try file.column(base + 2)
        let size = (count + 63) / 64
        guard words.count == keys.count * size else { throw IndexFile.Rejection.corrupt("map \(base) out of bounds") }
        var map: [Key: Bitset] = [:]
        for (number, text) in keys.enumerated() {
            map[try key(text)] = try bitset(Array(words[number * size..<(number + 1) * size]), count: count, tag: base)
        }
        guard map.count == keys.count else { throw IndexFile.Rejection.corrupt("map \(base) repeats a key") }
        return map
    }
}

extension ProgrammeGroups {
    /// The groups from their parts (read from an index file).
    init(groupOf: [Int32], members: [[Int32]]) {
        self.groupOf = groupOf
        self.members = members
        redundant = members.reduce(0) { $0 + $1.count - 1 }
    }
}
