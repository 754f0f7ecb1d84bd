import SupportModel

/// Offers of different sources that describe the same programme, so a ranking shows each
/// programme once: the best-ranked member, with the others listed as "also published by".
///
/// Two offers of different sources are the same programme when
/// - one's source page (`sourceURL`) is the other's source page or one of its links, compared
///   after ``pageKey(_:)``: the starter catalogue links the Förderdatenbank page of a programme,
///   which is the Förderdatenbank record's source page; or
/// - their titles and provider names are equal after ``fold(_:)``;
///
/// and each is the only record of its source with that page (or title). Offers of one source
/// are never matched with each other: a source's records are distinct by its own account (a
/// Grants.gov extract lists one programme's opportunities as records with the same title and
/// page). And a page that several records of one source share is no programme's identity: the
/// Saxon digitalisation guideline page is linked by both of its modules, which stay apart.
///
/// Built once per index in one pass over the offers; a query reads it only for the offers it
/// ranks, and a catalogue without cross-source duplicates costs nothing at query time
/// (``redundant`` is 0, so no list grows).
struct ProgrammeGroups: Sendable {
    /// Per document: its group, or −1 when no other offer describes its programme.
    let groupOf: [Int32]
    /// Members of each group, ascending document numbers; every group has two or more.
    let members: [[Int32]]
    /// How many offers disappear at most when every group is shown once: Σ (members − 1). A
    /// ranking asks for this many more candidates, so it still fills its limit.
    let redundant: Int

    init(offers: [Offer]) {
        var builder = Builder()
        for offer in offers { builder.add(offer) }
        self = builder.finish()
    }

    /// Collects what the groups are decided on (source, page keys, title key) one offer at a
    /// time, in document order, so the groups can be built from offers streamed from the store
    /// without holding them (``StreamedIndexBuild``).
    struct Builder {
        private var sourceNumbers: [String: Int32] = [:]
        private var sources: [Int32] = []
        // The first document per key, and the others only for the few keys with several: one
        // list per offer would be most of a streamed build's memory at 100,000 offers.
        private var pageFirst: [String: Int32] = [:]
        private var pageOthers: [String: [Int]] = [:]
        private var titleFirst: [String: Int32] = [:]
        private var titleOthers: [String: [Int]] = [:]
        /// Per document with links: the distinct page keys it links besides its own page.
        private var linked: [(doc: Int, keys: [String])] = []

        mutating func add(_ offer: Offer) {
            let doc = sources.count
            if let number = sourceNumbers[offer.id.source] {
                sources.append(number)
            } else {
                let number = Int32(sourceNumbers.count)
                sourceNumbers[offer.id.source] = number
                sources.append(number)
            }
            var seen: Set<String> = []
            if let url = offer.sourceURL, let key = ProgrammeGroups.pageKey(url) {
                if pageFirst[key] == nil { pageFirst[key] = Int32(doc) } else { pageOthers[key, default: []].append(doc) }
                seen.insert(key)
            }
            if let title = ProgrammeGroups.titleKey(offer) {
                if titleFirst[title] == nil { titleFirst[title] = Int32(doc) } else { titleOthers[title, default: []].append(doc) }
            }
            var keys: [String] = []
            for link in offer.links {
                guard let key = ProgrammeGroups.pageKey(link.url), seen.insert(key).inserted else { continue }
                keys.append(key)
            }
            if !keys.isEmpty { linked.append((doc, keys)) }
        }

        func finish() -> ProgrammeGroups {
            // Every key of a page with one offer of its own, without the documents linking it
            // (added where the groups are made), and the titles of two or more offers.
            var pages: [String: (own: [Int], linking: [Int])] = [:]
            var titles: [String: [Int]] = [:]
            if sourceNumbers.count > 1 {
                for (key, first) in pageFirst { pages[key] = ([Int(first)] + (pageOthers[key] ?? []), []) }
                for (key, others) in titleOthers { titles[key] = [Int(titleFirst[key]!)] + others }
            }
            return ProgrammeGroups(count: sources.count, sources: sources, sourceCount: sourceNumbers.count,
                                   pages: pages, titles: titles, linked: linked)
        }
    }

    private init(count: Int, sources: [Int32], sourceCount: Int, pages: [String: (own: [Int], linking: [Int])],
                 titles: [String: [Int]], linked: [(doc: Int, keys: [String])]) {
        // One source: nothing to join, and nothing to pay (a generated benchmark catalogue,
        // a store holding one imported catalogue).
        guard sourceCount > 1 else {
            groupOf = [Int32](repeating: -1, count: count)
            members = []
            redundant = 0
            return
        }
        var parent = Array(0..<count)
        func root(_ doc: Int) -> Int {
            var doc = doc
            while parent[doc] != doc {
                parent[doc] = parent[parent[doc]]
                doc = parent[doc]
            }
            return doc
        }
        /// Joins, for one key, the records of sources that have exactly one record with it,
        /// when there are two or more such sources and (with `owners`) one of the records
        /// joined has the key as its own source page. A source with several records under one
        /// key (a guideline page that two programme modules link, an extract repeating a
        /// title) cannot say which of them is meant, so it takes no part.
        func joinSingles(_ docs: [Int], owners: Set<Int>? = nil) {
            var perSource: [Int32: Int] = [:]
            for doc in docs { perSource[sources[doc], default: 0] += 1 }
            let singles = docs.filter { perSource[sources[$0]] == 1 }
            guard singles.count > 1 else { return }
            if let owners, !singles.contains(where: owners.contains) { return }
            let target = root(singles[0])
            for doc in singles.dropFirst() {
                let other = root(doc)
                if other != target { parent[max(other, target)] = min(other, target) }
            }
        }

        // Page keys: the offers whose source page it is, and the offers that link it.
        var pages = pages
        if !pages.isEmpty {
            for (doc, keys) in linked {
                for key in keys where pages[key] != nil { pages[key]?.linking.append(doc) }
            }
        }
        for entry in pages.values where entry.own.count + entry.linking.count > 1 {
            joinSingles(entry.own + entry.linking, owners: Set(entry.own))
        }
        for docs in titles.values where docs.count > 1 { joinSingles(docs) }

        let roots = (0..<count).map(root)
        var sizes: [Int: Int] = [:]
        for (doc, top) in roots.enumerated() where doc != top { sizes[top, default: 1] += 1 }
        var groupOfRoot: [Int: Int32] = [:]
        var members: [[Int32]] = []
        var groupOf = [Int32](repeating: -1, count: count)
        for (doc, top) in roots.enumerated() where sizes[top] != nil {
            let group: Int32
            if let known = groupOfRoot[top] {
                group = known
            } else {
                group = Int32(members.count)
                groupOfRoot[top] = group
                members.append([])
            }
            groupOf[doc] = group
            members[Int(group)].append(Int32(doc))
        }
        self.groupOf = groupOf
        self.members = members
        redundant = members.reduce(0) { $0 + $1.count - 1 }
    }

    /// The other offers of `doc`'s programme, ascending; empty for most offers.
    func others(of doc: Int) -> [Int] {
        let group = groupOf[doc]
        guard group >= 0 else { return [] }
        return members[Int(group)].lazy.map(Int.init).filter { $0 != doc }
    }

    /// The first entry of each programme in `ranked` (best first), up to `limit`, skipping the
    /// programmes of `excluded` (those already shown in another list).
    func firstOfEach(_ ranked: [(doc: Int, score: Double)], limit: Int,
                     excluding excluded: [(doc: Int, score: Double)] = []) -> [(doc: Int, score: Double)] {
        guard redundant > 0 else { return Array(ranked.prefix(limit)) }
        var taken = Set(excluded.lazy.map { self.groupOf[$0.doc] }.filter { $0 >= 0 })
        var result: [(doc: Int, score: Double)] = []
        for entry in ranked {
            if result.count >= limit { break }
            let group = groupOf[entry.doc]
            if group >= 0 && !taken.insert(group).inserted { continue }
            result.append(entry)
        }
        return result
    }

    /// How many programmes the documents of `set` describe: its cardinality less the members
    /// beyond the first of each group found in it.
    func programmeCount(in set: Bitset) -> Int {
        var count = set.cardinality
        for group in members {
            let present = group.reduce(0) { $0 + (set.contains(Int($1)) ? 1 : 0) }
            if present > 1 { count -= present - 1 }
        }
        return count
    }

    /// A URL as a page identity: percent-decoded, lower case, without scheme, `www.`, fragment
    /// and trailing slashes. `nil` for a bare host (`https://www.zim.de`): a site's home page
    /// names a provider, not a programme, and many offers link it.
    static func pageKey(_ url: String) -> String? {
        var text = Substring(needsNoTrimming(url) ? url : url.trimmingCharacters(in: .whitespacesAndNewlines))
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        var key = String(text)
        if key.utf8.contains(UInt8(ascii: "%")) { key = key.removingPercentEncoding ?? key }
        key = key.lowercased()
        for scheme in ["https://", "http://"] where key.hasPrefix(scheme) {
            key.removeFirst(scheme.count)
        }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        while key.hasSuffix("/") { key.removeLast() }
        guard let slash = key.firstIndex(of: "/"), key.index(after: slash) < key.endIndex,
              // The byte test first (a "." byte is never part of another scalar): `contains(".")`
              // on a `Substring` is Foundation's `range(of:)`.
              key[..<slash].utf8.contains(UInt8(ascii: ".")), key[..<slash].contains(".") else { return nil }
        return key
    }

    /// Whether `url` starts and ends with a printable ASCII byte (0x21–0x7E): then its first
    /// and last scalars are no whitespace or newline and trimming them changes nothing.
    /// Foundation's `trimmingCharacters(in:)` was half of ``pageKey(_:)``'s cost (1.4 % of a
    /// Grants.gov import's CPU) for URLs that almost never need it.
    static func needsNoTrimming(_ url: String) -> Bool {
        guard let first = url.utf8.first, let last = url.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    /// Title and provider name, folded; `nil` when either is empty.
    static func titleKey(_ offer: Offer) -> String? {
        let title = fold(offer.title), provider = fold(offer.provider.name)
        guard !title.isEmpty, !provider.isEmpty else { return nil }
        return title + "\u{1F}" + provider
    }

    /// Lower case, words of letters and digits joined by single spaces: punctuation, dashes
    /// and spacing differ between sources that copy a title.
    ///
    /// Works on Unicode scalars, not characters: grapheme breaking made this the dominant cost
    /// of building the groups for a large catalogue. ASCII scalars are classed by range (the
    /// Unicode properties' answer there, `isWordScalar`): reading the properties was most of
    /// building the groups, several times every other step per title.
    static func fold(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.lowercased().unicodeScalars {
            if isWordScalar(scalar) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(result)
    }

    /// Alphabetic or numeric, as `Unicode.Scalar.Properties` say; in ASCII exactly the letters
    /// and digits.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

import Foundation
