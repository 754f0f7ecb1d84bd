import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
public import SupportModel
import TextAnalysis

/// An ``OfferIndex`` stored in an ``IndexFile`` next to its store: the second way to obtain
/// the same index value. What costs nearly all of a build — analysing every text into the
/// compound dictionary and the postings, and deriving facts from it — is written once (at
/// import, or the first time a store is served without a current file) and mapped afterwards;
/// what is cheap to compute from the offers' structured fields (eligibility sets, ranking
/// facts, programme groups) is built from the offers as before.
///
/// The file is tied to exactly what the index depends on by its *key*, a SHA-256 of the
/// format version, the running binary (its size, modification time and inode: analysis code
/// that changes with a build makes the file stale, so a rule change still applies to every
/// stored catalogue without a re-import), the matching resources' bytes
/// (``MatchingResources/fingerprint``) and every offer's id and content hash in document
/// order. A file with another key is stale and rebuilt.
enum PersistedIndex {
    /// Section tags of the file.
    enum Tag {
        static let meta: UInt32 = 1
        static let compoundBytes: UInt32 = 2
        static let compoundEnds: UInt32 = 3
        static let languageBytes: UInt32 = 4
        static let languageEnds: UInt32 = 5
        static let starts: UInt32 = 10
        static let docs: UInt32 = 11
        static let impacts: UInt32 = 12
        static let idf: UInt32 = 13
        static let firstSentence: UInt32 = 14
        static let firstOffset: UInt32 = 15
        static let firstLength: UInt32 = 16
        static let spanStarts: UInt32 = 20
        static let spanFields: UInt32 = 21
        static let spanFrom: UInt32 = 22
        static let spanTo: UInt32 = 23
        /// Each document's ``DerivedFacts`` as JSON (sorted keys), one after another, and where
        /// each starts (`count + 1` offsets; an empty slice: none).
        static let derivedJSON: UInt32 = 32
        static let derivedStarts: UInt32 = 33
        /// ``SynonymLists``: weight bits, entry count, table fingerprint, and 1 when the lists
        /// follow (every language of the language section: starts, documents, values), 0 when
        /// none were built (a synonym weight outside 0…1, no synonyms). Tags from 500:
        /// ``PersistedFacts`` uses 200–499.
        static let synonymMeta: UInt32 = 40
        static func synonymStarts(_ language: Int) -> UInt32 { 500 + UInt32(language) * 3 }
        static func synonymDocs(_ language: Int) -> UInt32 { 501 + UInt32(language) * 3 }
        static func synonymValues(_ language: Int) -> UInt32 { 502 + UInt32(language) * 3 }
        /// Per language `i` (in the order of the language section): term bytes, ends, numbers.
        static func termBytes(_ language: Int) -> UInt32 { 100 + UInt32(language) * 3 }
        static func termEnds(_ language: Int) -> UInt32 { 101 + UInt32(language) * 3 }
        static func termNumbers(_ language: Int) -> UInt32 { 102 + UInt32(language) * 3 }
    }

    /// Identifies the running binary: the analysis code the stored postings came from.
    static let buildIdentity: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return CommandLine.arguments.first ?? "unknown" }
        return "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
    }()

    /// The key of the index of `records` (document order): their ids and content hashes only,
    /// so a lazy collection is keyed without reading a record.
    static func key(_ records: OfferRecords, resources: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("supportmatch-index \(IndexFile.formatVersion) \(buildIdentity)\n".utf8))
        hasher.update(data: resources)
        var line = ""
        for (id, hash) in zip(records.ids, records.contentHashes) {
            line.removeAll(keepingCapacity: true)
            line += id.description
            line += "\t"
            line += hash
            line += "\n"
            line.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return Array(hasher.finalize())
    }

    static func write(_ index: OfferIndex, key: [UInt8], to path: String) throws {
        let facts = OfferIndex.CatalogFacts(
            languages: index.languages, eligibility: index.eligibility, derivedSignals: index.derivedSignals,
            byTopic: index.byTopic, byInstrument: index.byInstrument, amountMin: index.amountMin, amountMax: index.amountMax,
            specificity: index.specificity, deadlineStarts: index.deadlineStarts, deadlineDays: index.deadlineDays,
            programmes: index.programmes)
        let writer = try IndexFile.Writer(path: path, key: key)
        do {
            let text = index.text
            try writeHead(count: index.count, compoundWords: index.compoundWords, terms: text.terms, to: writer)
            try writer.append(Tag.starts, text.starts)
            try writer.append(Tag.docs, text.docs)
            try writer.append(Tag.impacts, text.impacts)
            try writer.append(Tag.idf, text.idf)
            try writer.append(Tag.firstSentence, text.firstSentence)
            try writer.append(Tag.firstOffset, text.firstOffset)
            try writer.append(Tag.firstLength, text.firstLength)
            try writeSpans(text.sentences, to: writer)
            let encoder = derivedEncoder()
            var json: [UInt8] = []
            var starts: [UInt64] = [0]
            for doc in index.derived.indices {
                if !index.derived.isEmpty(doc) { json += try encodeDerived(index.derived[doc], with: encoder) }
                starts.append(UInt64(json.count))
            }
            try writer.append(Tag.derivedJSON, json)
            try writer.append(Tag.derivedStarts, starts)
            try PersistedFacts.write(facts, to: writer)
            try writeSynonymLists(index.synonymLists, languages: text.terms.keys, to: writer)
        } catch {
            writer.abandon()
            throw error
        }
        try writer.finish()
    }

    // The pieces of the file both builds write the same way (``StreamedIndexBuild`` writes
    // the postings and the derived facts' JSON its own way, in the same places).

    /// Meta, compound words and the term dictionaries: the sections before the postings.
    static func writeHead(count: Int, compoundWords: [String], terms: [AnalysisLanguage: TermDictionary],
                          to writer: IndexFile.Writer) throws {
        try writer.append(Tag.meta, [UInt64(count)])
        try writer.appendStrings(Tag.compoundBytes, Tag.compoundEnds, compoundWords)
        let languages = terms.keys.sorted { $0.rawValue < $1.rawValue }
        try writer.appendStrings(Tag.languageBytes, Tag.languageEnds, languages.map(\.rawValue))
        for (number, language) in languages.enumerated() {
            let dictionary = terms[language]!
            try writer.append(Tag.termBytes(number), dictionary.bytes)
            try writer.append(Tag.termEnds(number), dictionary.ends)
            try writer.append(Tag.termNumbers(number), dictionary.numbers)
        }
    }

    /// The synonym entries' lists, last in the file (both builds).
    static func writeSynonymLists(_ lists: SynonymLists, languages: some Collection<AnalysisLanguage>,
                                  to writer: IndexFile.Writer) throws {
        let sorted = languages.sorted { $0.rawValue < $1.rawValue }
        let built = !lists.languages.isEmpty && sorted.allSatisfy { lists.languages[$0] != nil }
        try writer.append(Tag.synonymMeta, [UInt64(lists.weight.bitPattern), UInt64(lists.entries), lists.table, built ? 1 : 0])
        guard built else { return }
        for (number, language) in sorted.enumerated() {
            let language = lists.languages[language]!
            try writer.append(Tag.synonymStarts(number), language.starts)
            try writer.append(Tag.synonymDocs(number), language.docs)
            try writer.append(Tag.synonymValues(number), language.values)
        }
    }

    static func readSynonymLists(_ file: IndexFile.Reader, languages: [AnalysisLanguage], count: Int) throws -> SynonymLists {
        let meta: Column<UInt64> = try file.column(Tag.synonymMeta)
        guard meta.count == 4, meta[0] <= UInt64(UInt32.max), meta[1] < UInt64(Int32.max), meta[3] <= 1 else {
            throw IndexFile.Rejection.corrupt("synonym lists' meta")
        }
        let weight = Float(bitPattern: UInt32(meta[0])), entries = Int(meta[1])
        var result: [AnalysisLanguage: SynonymLists.Lists] = [:]
        if meta[3] == 1 {
            for (number, language) in languages.enumerated() {
                let lists = SynonymLists.Lists(
                    starts: try file.column(Tag.synonymStarts(number)), docs: try file.column(Tag.synonymDocs(number)),
                    values: try file.column(Tag.synonymValues(number)))
                // Bounds of every list (its documents are checked by the file's checksum, as
                // the postings' are).
                guard lists.starts.count == entries + 1, lists.starts.first == 0, lists.values.count == lists.docs.count,
                      lists.starts.last.map(Int.init) == lists.docs.count,
                      zip(lists.starts, lists.starts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    throw IndexFile.Rejection.corrupt("synonym lists of \(language.rawValue) out of bounds")
                }
                result[language] = lists
            }
        }
        return SynonymLists(weight: weight, entries: entries, table: meta[2], languages: result)
    }

    /// (``StreamedIndexBuild`` writes the same four sections from its spill files.)
    static func writeSpans(_ sentences: SnippetSentences.Spans, to writer: IndexFile.Writer) throws {
        try writer.append(Tag.spanStarts, sentences.starts)
        try writer.append(Tag.spanFields, sentences.fields)
        try writer.append(Tag.spanFrom, sentences.from)
        try writer.append(Tag.spanTo, sentences.to)
    }

    /// Sorted keys: the same index always writes the same bytes.
    static func derivedEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// One document's derived facts as its slice of the derived section (only for facts that
    /// are not empty; an empty slice stands for none).
    static func encodeDerived(_ facts: DerivedFacts, with encoder: JSONEncoder) throws -> Data {
        do { return try encoder.encode(facts) } catch {
            throw IndexFile.Rejection.corrupt("derived facts: \(error)")
        }
    }

    /// Whether the file at `path` is a whole, current index file for `count` offers keyed
    /// `key`, checked without reading its sections into memory.
    static func check(path: String, key: [UInt8], count: Int) throws {
        let file = try IndexFile.Reader(path: path, key: key)
        let meta: Column<UInt64> = try file.column(Tag.meta)
        guard meta.count == 1, meta[0] == UInt64(count) else { throw IndexFile.Rejection.corrupt("offer count differs from the key's") }
    }

    /// The stored parts of the index for `offers` (in document order), or why the file at
    /// `path` cannot give them.
    static func read(path: String, key: [UInt8], count: Int, taxonomies: Taxonomies,
                     derivation: DerivationRules) throws -> OfferIndex.StoredParts {
        let file = try IndexFile.Reader(path: path, key: key)
        let meta: Column<UInt64> = try file.column(Tag.meta)
        guard meta.count == 1, meta[0] == UInt64(count) else { throw IndexFile.Rejection.corrupt("offer count differs from the key's") }
        let compoundWords = try file.strings(Tag.compoundBytes, Tag.compoundEnds)
        var terms: [AnalysisLanguage: TermDictionary] = [:]
        for (number, name) in try file.strings(Tag.languageBytes, Tag.languageEnds).enumerated() {
            guard let language = AnalysisLanguage(rawValue: name) else { throw IndexFile.Rejection.corrupt("unknown language \(name)") }
            let dictionary = TermDictionary(
                bytes: try file.column(Tag.termBytes(number)), ends: try file.column(Tag.termEnds(number)),
                numbers: try file.column(Tag.termNumbers(number)))
            guard dictionary.ends.count == dictionary.count, dictionary.ends.last.map({ Int($0) == dictionary.bytes.count }) ?? true else {
                throw IndexFile.Rejection.corrupt("term dictionary of \(name) out of bounds")
            }
            terms[language] = dictionary
        }
        let starts: Column<Int32> = try file.column(Tag.starts)
        let docs: Column<Int32> = try file.column(Tag.docs)
        let impacts: Column<Float> = try file.column(Tag.impacts)
        let idf: Column<Float> = try file.column(Tag.idf)
        let firstSentence: Column<UInt16> = try file.column(Tag.firstSentence)
        let firstOffset: Column<UInt16> = try file.column(Tag.firstOffset)
        let firstLength: Column<UInt8> = try file.column(Tag.firstLength)
        guard starts.count == idf.count + 1, starts.first == 0, starts.last.map(Int.init) == docs.count,
              impacts.count == docs.count, firstSentence.count == docs.count, firstOffset.count == docs.count,
              firstLength.count == docs.count,
              terms.values.allSatisfy({ $0.numbers.allSatisfy { $0 >= 0 && Int($0) < idf.count } }) else {
            throw IndexFile.Rejection.corrupt("postings out of bounds")
        }
        let spanStarts: Column<Int32> = try file.column(Tag.spanStarts)
        let spanFields: Column<UInt8> = try file.column(Tag.spanFields)
        let spanFrom: Column<UInt32> = try file.column(Tag.spanFrom)
        let spanTo: Column<UInt32> = try file.column(Tag.spanTo)
        guard spanStarts.count == count + 1, spanStarts.last.map(Int.init) == spanFields.count,
              spanFrom.count == spanFields.count, spanTo.count == spanFields.count else {
            throw IndexFile.Rejection.corrupt("sentence spans out of bounds")
        }
        let derivedJSON: Column<UInt8> = try file.column(Tag.derivedJSON)
        let derivedStarts: Column<UInt64> = try file.column(Tag.derivedStarts)
        // Each slice is one JSON object, decoded when its offer is shown (``DerivedColumn``).
        guard derivedStarts.count == count + 1, derivedStarts.first == 0, derivedStarts.last.map(Int.init) == derivedJSON.count,
              zip(derivedStarts, derivedStarts.dropFirst()).allSatisfy({ from, to in
                  from == to || (from < to && derivedJSON[Int(from)] == UInt8(ascii: "{") && derivedJSON[Int(to) - 1] == UInt8(ascii: "}"))
              }) else {
            throw IndexFile.Rejection.corrupt("derived facts out of bounds")
        }
        let facts = try PersistedFacts.read(file, count: count, taxonomies: taxonomies, derivation: derivation)
        let synonymLists = try readSynonymLists(file, languages: terms.keys.sorted { $0.rawValue < $1.rawValue }, count: count)
        let text = TextIndex(
            terms: terms, starts: starts, docs: docs, impacts: impacts, idf: idf, firstSentence: firstSentence,
            firstOffset: firstOffset, firstLength: firstLength,
            sentences: SnippetSentences.Spans(
                starts: Array(spanStarts), fields: Array(spanFields), from: Array(spanFrom), to: Array(spanTo)))
        return OfferIndex.StoredParts(
            compoundWords: compoundWords, text: text, derived: DerivedColumn(bytes: derivedJSON, starts: derivedStarts), facts: facts,
            synonymLists: synonymLists)
    }
}

extension TextIndex {
    /// An index from its parts (read from an index file).
    init(terms: [AnalysisLanguage: TermDictionary], starts: Column<Int32>, docs: Column<Int32>, impacts: Column<Float>,
         idf: Column<Float>, firstSentence: Column<UInt16>, firstOffset: Column<UInt16>, firstLength: Column<UInt8>,
         sentences: SnippetSentences.Spans) {
        self.terms = terms
        self.starts = starts
        self.docs = docs
        self.impacts = impacts
        self.idf = idf
        self.firstSentence = firstSentence
        self.firstOffset = firstOffset
        self.firstLength = firstLength
        self.sentences = sentences
    }
}

extension OfferIndex {
    /// Where an index came from (``open(offers:taxonomies:resources:file:)``): said in a log line,
    /// so a slow start has a visible reason.
    public enum FileOutcome: Sendable, Equatable, CustomStringConvertible {
        /// Mapped from a current index file.
        case opened
        /// Built from the offers (the file was missing, stale, torn or corrupt: `reason`) and
        /// saved for the next start.
        case rebuilt(reason: String)
        /// Built, but the file could not be written (`error`): the next start builds again.
        case rebuiltNotSaved(reason: String, error: String)

        /// Worth a warning rather than an info line: an index file that cannot be saved (a
        /// read-only folder, a full disk) makes every later start build the index again.
        public var isWarning: Bool {
            if case .rebuiltNotSaved = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .opened: "opened the index file"
            case .rebuilt(let reason): "built the index (\(reason)) and saved it"
            case .rebuiltNotSaved(let reason, let error): "built the index (\(reason)); could not save it: \(error)"
            }
        }
    }

    /// The index of `offers` from the index file at `file` when it holds the current one;
    /// otherwise built from the offers and written there (temporary file, sync, rename), so
    /// the next start maps it. Answers exactly as ``init(offers:taxonomies:resources:)``.
    public static func open(offers: [Offer], taxonomies: Taxonomies, resources: MatchingResources,
                            file: String) -> (index: OfferIndex, outcome: FileOutcome) {
        // Records held in memory are always readable.
        do { return try open(records: OfferRecords(sortedUnique(offers)), taxonomies: taxonomies, resources: resources, file: file) } catch {
            preconditionFailure("\(error)")
        }
    }

    /// Makes the index file at `file` hold the index of `records` (lazy, in id order), built
    /// by streaming `stream` (``StreamedIndexBuild``) when it does not already, without
    /// opening it: an import that serves nothing leaves the file for the next start and holds
    /// only the build's bounded memory. `.opened` when the file was current already; when the
    /// streamed build fails, the index is built in memory and saved as ``open(records:taxonomies:resources:file:awaitWriter:stream:)``
    /// does.
    public static func saveFile(records: OfferRecords, taxonomies: Taxonomies, resources: MatchingResources,
                                file: String, stream: @escaping OfferStream) throws(RecordUnavailable) -> FileOutcome {
        let key = PersistedIndex.key(records, resources: resources.fingerprint)
        let reason: String
        do {
            try PersistedIndex.check(path: file, key: key, count: records.count)
            return .opened
        } catch {
            reason = (error as? IndexFile.Rejection)?.description ?? "\(error)"
        }
        do {
            try StreamedIndexBuild(records: records, stream: stream, taxonomies: taxonomies, resources: resources)
                .write(key: key, to: file)
            return .rebuilt(reason: reason)
        } catch {
            return try open(records: records, taxonomies: taxonomies, resources: resources, file: file).outcome
        }
    }

    /// The index of `records` (in id order, as ``OfferRecords/init(ids:contentHashes:capacity:loader:)``
    /// takes them) from the index file at `file` when it holds the current one, reading no
    /// record: the index then reads the shown offers' records on demand. Otherwise every record
    /// is read, the index built and written to `file`, and then opened from it, so a rebuild
    /// too ends holding no more than the opened index (a built one holds the catalogue).
    ///
    /// With `stream` (the store's offers in id order) and lazy records, a rebuild streams the
    /// offers past a ``StreamedIndexBuild`` into the file and then opens it, holding neither
    /// the catalogue nor the built index; if that write fails, the index is built in memory
    /// as without a stream.
    ///
    /// `awaitWriter`, when the file is not current, waits for another process that is writing
    /// it and says whether one did; the file is then opened again before anything is built.
    public static func open(records: OfferRecords, taxonomies: Taxonomies, resources: MatchingResources,
                            file: String, awaitWriter: (() -> Bool)? = nil,
                            stream: OfferStream? = nil) throws(RecordUnavailable) -> (index: OfferIndex, outcome: FileOutcome) {
        let key = PersistedIndex.key(records, resources: resources.fingerprint)
        func opened() throws -> OfferIndex {
            let stored = try PersistedIndex.read(path: file, key: key, count: records.count, taxonomies: taxonomies,
                                                 derivation: resources.derivation)
            return OfferIndex(records: records, taxonomies: taxonomies, synonyms: resources.synonyms,
                              derivation: resources.derivation, concepts: resources.concepts,
                              configuration: resources.configuration, stored: stored)
        }
        var reason: String
        do {
            return (try opened(), .opened)
        } catch {
            reason = (error as? IndexFile.Rejection)?.description ?? "\(error)"
        }
        if awaitWriter?() == true {
            do {
                return (try opened(), .opened)
            } catch {
                reason = (error as? IndexFile.Rejection)?.description ?? "\(error)"
            }
        }
        if let stream, records.isLazy {
            do {
                try StreamedIndexBuild(records: records, stream: stream, taxonomies: taxonomies, resources: resources)
                    .write(key: key, to: file)
                return (try opened(), .rebuilt(reason: reason))
            } catch {
                reason += "; the streamed build failed: \((error as? IndexFile.Rejection)?.description ?? "\(error)")"
            }
        }
        let offers = try records.all()
        let index = OfferIndex(sorted: offers, taxonomies: taxonomies, synonyms: resources.synonyms,
                               derivation: resources.derivation, concepts: resources.concepts,
                               configuration: resources.configuration)
        do {
            try PersistedIndex.write(index, key: key, to: file)
        } catch {
            return (index, .rebuiltNotSaved(reason: reason, error: (error as? IndexFile.Rejection)?.description ?? "\(error)"))
        }

        // Built from the records just read: the file holds the same index; without the
        // offers in memory when the records are lazy.
        if records.isLazy, let reopened = try? opened() { return (reopened, .rebuilt(reason: reason)) }
        return (index, .rebuilt(reason: reason))
    }
}
