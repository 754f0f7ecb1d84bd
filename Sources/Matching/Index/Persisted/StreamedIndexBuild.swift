#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
public import SupportModel
import TextAnalysis

/// Offers in id order, a batch at a time, handed to `body` (``CatalogStore``'s
/// `activeOffers(batchSize:_:)` in SupportApp): what a streamed index build reads. It may give
/// offers the index does not hold or other versions of them (the store changed meanwhile); the
/// build takes only those that match the index's ids and content hashes and reads the others
/// one by one.
public typealias OfferStream = (_ body: ([Offer]) throws -> Void) throws -> Void

/// Builds an index file from offers streamed past it, holding the index's small columns and
/// one bounded buffer of postings instead of the catalogue and the whole index (issue 16.4: at
/// 100,000 offers the in-memory build made an import peak at 1.3 GB).
///
/// One pass over the stream and one over what it kept of it, both in document order (the
/// snippet sentences' spans, too, go to spill files as they come):
/// 1. each offer's derived facts (written to a spill file as the JSON slices of the file's
///    derived section), its catalogue facts (``OfferIndex/CatalogFacts/Builder``), for
///    German offers the word counts the compound dictionary is made of, and its texts
///    (``OfferTexts``, to a spill file: the stream is read, and every offer decoded, once);
///    derivation and the word counts in batches alternating between two threads;
/// 2. with the analyzers that dictionary gives, each offer's terms (``TextIndex/analyse``,
///    chunks of documents alternating between two threads): term numbers are given on the
///    caller's thread, in document order and first-occurrence order as in the in-memory build, postings
///    go to a buffer that is sorted by term and spilled as a *run* whenever it holds
///    `budget` bytes. Runs hold ascending documents, so the postings of a term are its
///    entries in run 1, then run 2, …: the merge reads all runs once, in step, and writes
///    documents, impacts and snippet positions into their reserved sections of the file
///    (``IndexFile/Writer/reserve(_:_:count:)``) as it goes.
///
/// The file is byte for byte the one ``PersistedIndex/write(_:key:to:)`` writes for the same
/// offers (`StreamedIndexBuildTests`); spill files live next to it and are removed however the
/// build ends.
struct StreamedIndexBuild {
    /// Bytes of buffered postings before a run is spilled (``PostingBuffer/memorySize`` a
    /// posting). Peak memory of a build is this plus the per-document columns, whatever the
    /// catalogue's size: at 100,000 offers (13 million postings) 8 MiB makes 32 runs.
    static let defaultBudget = 8 << 20

    let records: OfferRecords
    let stream: OfferStream
    let taxonomies: Taxonomies
    let resources: MatchingResources
    var budget = StreamedIndexBuild.defaultBudget
    var analysisChunk = StreamedIndexBuild.defaultAnalysisChunk

    /// Writes the index file of `records` (with `key`) to `path`.
    func write(key: [UInt8], to path: String) throws {
        let spill = try SpillDirectory(near: path)
        defer { spill.remove() }
        // What the caller freed (an import's buffers) and what pass 1 freed go back to the
        // system, so the build's peak is its own.
        releaseFreedMemory()
        let first = try firstPass(spill: spill)
        releaseFreedMemory()
        let second = try secondPass(languages: first.facts.languages, compoundWords: first.compoundWords, texts: first.texts,
                                    spill: spill)

        let writer = try IndexFile.Writer(path: path, key: key)
        do {
            try PersistedIndex.writeHead(count: records.count, compoundWords: first.compoundWords,
                                         terms: second.terms.mapValues(TermDictionary.init), to: writer)
            let postings = try merge(second, into: writer)
            // As ``PersistedIndex/writeSpans(_:to:)`` writes them.
            try writer.append(PersistedIndex.Tag.spanStarts, second.sentenceStarts)
            try writer.append(PersistedIndex.Tag.spanFields, UInt8.self, count: second.sentenceCount,
                              copyingFrom: second.sentenceFields.descriptor)
            try writer.append(PersistedIndex.Tag.spanFrom, UInt32.self, count: second.sentenceCount,
                              copyingFrom: second.sentenceFrom.descriptor)
            try writer.append(PersistedIndex.Tag.spanTo, UInt32.self, count: second.sentenceCount,
                              copyingFrom: second.sentenceTo.descriptor)
            try writer.append(PersistedIndex.Tag.derivedJSON, UInt8.self, count: Int(first.derivedStarts.last!),
                              copyingFrom: first.derivedJSON.descriptor)
            try writer.append(PersistedIndex.Tag.derivedStarts, first.derivedStarts)
            try PersistedFacts.write(first.facts, to: writer)
            // The synonym entries' lists from the postings just written: only the table's terms
            // are read back, one entry at a time.
            let lists = try SynonymLists.build(
                synonyms: resources.synonyms, synonymWeight: resources.configuration.synonymWeight, count: records.count,
                languages: second.terms.keys.sorted { $0.rawValue < $1.rawValue },
                analyzers: OfferIndex.analyzers(compoundWords: first.compoundWords),
                termID: { second.terms[$0]?[$1] },
                postings: { term in try postings.read(term, from: writer) },
                idf: { postings.idf[Int($0)] })
            try PersistedIndex.writeSynonymLists(lists, languages: second.terms.keys, to: writer)
        } catch {
            writer.abandon()
            throw error
        }
        try writer.finish()
    }

    // MARK: Reading the documents

    /// Every document's offer in document order: from the stream where it gives the version
    /// the index is keyed on, else read on its own.
    private func forEachDocument(_ body: (Int, Offer) throws -> Void) throws {
        let ids = records.ids, hashes = records.contentHashes
        var next = 0
        func readUpTo(_ limit: OfferID?) throws {
            while next < ids.count, limit.map({ ids[next] < $0 }) ?? true {
                try body(next, try records.uncached(next))
                next += 1
            }
        }
        try stream { batch in
            for offer in batch {
                guard next < ids.count else { return }
                try readUpTo(offer.id)
                // An offer the index does not hold (or one the store orders differently from
                // `OfferID`, read on its own above).
                guard next < ids.count, ids[next] == offer.id else { continue }
                let hash = offer.provenance?.contentHash ?? offer.contentHash
                try body(next, hash == hashes[next] ? offer : try records.uncached(next))
                next += 1
            }
        }
        try readUpTo(nil)
    }

    // MARK: Pass 1: derived facts, catalogue facts, compound words

    struct FirstPass {
        var compoundWords: [String]
        var facts: OfferIndex.CatalogFacts
        var derivedJSON: SpillFile
        var derivedStarts: [UInt64]
        /// Every document's ``OfferTexts`` (``TextsSpill``), what pass 2 analyses.
        var texts: SpillFile
    }

    private func firstPass(spill: SpillDirectory) throws -> FirstPass {
        var words = CompoundDictionary.WordCounter()
        var facts = OfferIndex.CatalogFacts.Builder(count: records.count, taxonomies: taxonomies, derivation: resources.derivation)
        let json = try spill.file("derived")
        var output = SpillFile.Output(json)
        var starts: [UInt64] = [0]
        starts.reserveCapacity(records.count + 1)
        let texts = try spill.file("texts")
        var textsOutput = SpillFile.Output(texts)
        let derivation = resources.derivation
        /// What pass 1 reads of offers that needs nothing but the offer: their derived facts
        /// with their JSON, and the compound dictionary's word counts. Pure, so either thread
        /// may do it.
        let readAside: @Sendable ([Offer]) -> Result<Aside, any Error> = { offers in
            Result {
                let encoder = PersistedIndex.derivedEncoder()
                var aside = Aside()
                aside.derived.reserveCapacity(offers.count)
                for offer in offers {
                    // As `OfferIndex.init(sorted:…)` counts them: every field of every German offer.
                    if OfferIndex.analysisLanguage(offer) == .german {
                        for field in TextField.allCases { aside.words.count(field.text(of: offer)) }
                    }
                    let derived = derivation.derive(offer)
                    aside.derived.append((derived, derived.isEmpty ? nil : try PersistedIndex.encodeDerived(derived, with: encoder)))
                }
                return aside
            }
        }
        /// The offers' catalogue facts and spills, in document order.
        func take(_ offers: [Offer], _ aside: Aside) throws {
            words.add(aside.words)
            for (offer, derived) in zip(offers, aside.derived) {
                facts.add(offer, derived: derived.facts)
                if let slice = derived.json { try output.append(slice) }
                starts.append(UInt64(output.written))
                try TextsSpill.append(OfferTexts(offer), to: &textsOutput)
            }
        }
        // Derivation (the larger part of this pass) in batches alternating between this thread
        // and another (``ConcurrentValue``), as pass 2's analysis: every other batch is read
        // aside on the other thread while this one reads the next; both are then taken here in
        // document order, so the file does not change. At most two batches are held.
        var batch: [Offer] = []
        batch.reserveCapacity(analysisChunk)
        var running: (offers: [Offer], aside: ConcurrentValue<Result<Aside, any Error>>)?
        func batchEnded() throws {
            if let pending = running {
                let own = readAside(batch)
                running = nil
                try take(pending.offers, pending.aside.value.get())
                try take(batch, own.get())
            } else {
                let offers = batch
                running = (offers, ConcurrentValue { readAside(offers) })
            }
            batch.removeAll(keepingCapacity: true)
        }
        try forEachDocument { _, offer in
            batch.append(offer)
            if batch.count == analysisChunk { try batchEnded() }
        }
        if let pending = running { try take(pending.offers, pending.aside.value.get()) }
        if !batch.isEmpty { try take(batch, readAside(batch).get()) }
        try output.flush()
        try textsOutput.flush()
        return FirstPass(compoundWords: words.words(minFrequency: 2), facts: facts.finish(), derivedJSON: json, derivedStarts: starts,
                         texts: texts)
    }

    /// What pass 1 reads of a batch of offers on either thread (``firstPass(spill:)``).
    struct Aside: Sendable {
        var words = CompoundDictionary.WordCounter()
        /// Per offer, its derived facts and their JSON slice (`nil` when there are none).
        var derived: [(facts: DerivedFacts, json: Data?)] = []
    }

    // MARK: Pass 2: postings in runs

    struct SecondPass {
        var terms: [AnalysisLanguage: [String: Int32]]
        /// Postings per term number.
        var documentFrequency: [Int32]
        var lengths: [[Float]]
        /// The snippet sentences' spans: per document where its sentences start, and per
        /// sentence its field, from and to in spill files (11 MB at 100,000 offers).
        var sentenceStarts: [Int32]
        var sentenceCount: Int
        var sentenceFields: SpillFile
        var sentenceFrom: SpillFile
        var sentenceTo: SpillFile
        var runs: [SpillFile]
    }

    private func secondPass(languages: [AnalysisLanguage], compoundWords: [String], texts: SpillFile,
                            spill: SpillDirectory) throws -> SecondPass {
        let analyzers = OfferIndex.analyzers(compoundWords: compoundWords)
        var terms: [AnalysisLanguage: [String: Int32]] = [:]
        var frequency: [Int32] = []
        var lengths = [[Float]](repeating: [Float](repeating: 0, count: records.count), count: TextField.allCases.count)
        var sentenceStarts: [Int32] = [0]
        sentenceStarts.reserveCapacity(records.count + 1)
        let fieldsFile = try spill.file("sentence-fields"), fromFile = try spill.file("sentence-from"), toFile = try spill.file("sentence-to")
        var fields = SpillFile.Output(fieldsFile), from = SpillFile.Output(fromFile), to = SpillFile.Output(toFile)
        let capacity = max(1, budget / PostingBuffer.memorySize)
        var buffer = PostingBuffer(capacity: capacity)
        var runs: [SpillFile] = []
        var input = SpillFile.Input(texts)
        var next = 0
        /// The next `analysisChunk` documents' texts, from `next` on.
        func readChunk() throws -> AnalysisChunk {
            let start = next
            next = min(records.count, start + analysisChunk)
            return AnalysisChunk(start: start, texts: try (start..<next).map { _ in try TextsSpill.next(from: &input) })
        }
        func consume(_ analysed: AnalysedChunk) throws {
            try analysed.sentences.fields.withUnsafeBytes { try fields.append($0) }
            try analysed.sentences.from.withUnsafeBytes { try from.append($0) }
            try analysed.sentences.to.withUnsafeBytes { try to.append($0) }
            let sentenceBase = sentenceStarts.last!
            for (position, document) in analysed.documents.enumerated() {
                let doc = analysed.start + position
                let language = languages[doc]
                sentenceStarts.append(sentenceBase + analysed.sentences.starts[position + 1])
                for field in lengths.indices { lengths[field][doc] = document.fieldLengths[field] }
                for (term, entry) in document.entries {
                    let number: Int32
                    if let existing = terms[language]?[term] {
                        number = existing
                    } else {
                        number = Int32(frequency.count)
                        terms[language, default: [:]][term] = number
                        frequency.append(0)
                    }
                    frequency[Int(number)] += 1
                    buffer.append(term: number, doc: Int32(doc), entry)
                }
                if buffer.count >= capacity {
                    runs.append(try buffer.spill(to: spill.file("run-\(runs.count)"), termCount: frequency.count))
                }
            }
        }
        // Chunks alternate between this thread and another (``ConcurrentValue``): analysis is
        // most of the pass and needs nothing but the texts and the analyzers; term numbers are
        // still given here, chunk by chunk in document order, so the file does not change.
        // The other thread's next chunk starts as soon as it has handed over its last.
        // Each side keeps its stem memo (``Analyzer/Stems``) from chunk to chunk: handed to the
        // other thread with a chunk and back with its result.
        let analyse: @Sendable (AnalysisChunk, StemMemos) -> (AnalysedChunk, StemMemos) = { chunk, stems in
            var stems = stems
            let analysed = chunk.analysed(languages: languages, analyzers: analyzers, stems: &stems)
            return (analysed, stems)
        }
        var ownStems = StemMemos(), otherStems = StemMemos()
        func startOther() throws -> ConcurrentValue<(AnalysedChunk, StemMemos)>? {
            let chunk = try readChunk()
            guard !chunk.texts.isEmpty else { return nil }
            let stems = otherStems
            otherStems = StemMemos()
            return ConcurrentValue { analyse(chunk, stems) }
        }
        var own = try readChunk()
        var other = try startOther()
        while !own.texts.isEmpty {
            let analysed: AnalysedChunk
            (analysed, ownStems) = analyse(own, ownStems)
            try consume(analysed)
            own = try readChunk()
            if let running = other {
                let (analysed, stems) = running.value
                otherStems = stems
                other = try startOther()
                try consume(analysed)
            }
        }
        if buffer.count > 0 || runs.isEmpty {
            runs.append(try buffer.spill(to: spill.file("run-\(runs.count)"), termCount: frequency.count))
        }
        try fields.flush()
        try from.flush()
        try to.flush()
        return SecondPass(terms: terms, documentFrequency: frequency, lengths: lengths, sentenceStarts: sentenceStarts,
                          sentenceCount: Int(sentenceStarts.last!), sentenceFields: fieldsFile, sentenceFrom: fromFile,
                          sentenceTo: toFile, runs: runs)
    }

    /// Documents a chunk of pass 2's analysis holds: each chunk is one hand-over between the
    /// two threads (a thread each; about 400 at 100,000 offers).
    static let defaultAnalysisChunk = 256

    /// One thread's stem memos, one per analyzer (``Analyzer/Stems``): never shared, handed
    /// over with the chunk it analyses.
    typealias StemMemos = [AnalysisLanguage: Analyzer.Stems]

    struct AnalysisChunk: Sendable {
        var start: Int
        var texts: [OfferTexts]

        func analysed(languages: [AnalysisLanguage], analyzers: [AnalysisLanguage: Analyzer], stems: inout StemMemos) -> AnalysedChunk {
            var sentences = SnippetSentences.Spans()
            let documents = texts.enumerated().map { position, texts in
                let language = languages[start + position]
                return TextIndex.analyse(texts, analyzer: analyzers[language]!, sentences: &sentences,
                                         stems: &stems[language, default: Analyzer.Stems()])
            }
            return AnalysedChunk(start: start, documents: documents, sentences: sentences)
        }
    }

    struct AnalysedChunk: Sendable {
        var start: Int
        var documents: [TextIndex.DocumentTerms]
        /// The chunk's sentences, numbered from its first document.
        var sentences: SnippetSentences.Spans
    }

    // MARK: Merge

    /// The posting sections, in the order and layout ``PersistedIndex/write(_:key:to:)`` gives
    /// them: starts, documents, impacts, idf, first sentence, offset and length.
    /// Where the merge put the postings, to read a term's back (``SynonymLists``).
    struct WrittenPostings {
        var starts: [Int32]
        var idf: [Float]
        var docsAt: Int
        var impactsAt: Int

        func read(_ term: Int32, from writer: IndexFile.Writer) throws -> (docs: [Int32], impacts: [Float]) {
            let from = Int(starts[Int(term)]), count = Int(starts[Int(term) + 1]) - from
            var docs = [Int32](repeating: 0, count: count), impacts = [Float](repeating: 0, count: count)
            try docs.withUnsafeMutableBytes { try writer.read(into: $0, at: docsAt + from * 4) }
            try impacts.withUnsafeMutableBytes { try writer.read(into: $0, at: impactsAt + from * 4) }
            return (docs, impacts)
        }
    }

    private func merge(_ pass: SecondPass, into writer: IndexFile.Writer) throws -> WrittenPostings {
        let scorer = TextIndex.Scorer(lengths: pass.lengths, configuration: resources.configuration)
        var starts: [Int32] = [0]
        starts.reserveCapacity(pass.documentFrequency.count + 1)
        for frequency in pass.documentFrequency { starts.append(starts.last! + frequency) }
        let total = Int(starts.last!)
        try writer.append(PersistedIndex.Tag.starts, starts)
        let docsAt = writer.reserve(PersistedIndex.Tag.docs, Int32.self, count: total)
        let impactsAt = writer.reserve(PersistedIndex.Tag.impacts, Float.self, count: total)
        var docs = SectionOutput<Int32>(writer, at: docsAt)
        var impacts = SectionOutput<Float>(writer, at: impactsAt)
        let idf = pass.documentFrequency.map { scorer.idf(documentFrequency: Float($0)) }
        try writer.append(PersistedIndex.Tag.idf, idf)
        var sentence = SectionOutput<UInt16>(writer, at: writer.reserve(PersistedIndex.Tag.firstSentence, UInt16.self, count: total))
        var offset = SectionOutput<UInt16>(writer, at: writer.reserve(PersistedIndex.Tag.firstOffset, UInt16.self, count: total))
        var length = SectionOutput<UInt8>(writer, at: writer.reserve(PersistedIndex.Tag.firstLength, UInt8.self, count: total))

        var readers = try pass.runs.map(RunReader.init)
        for term in 0..<Int32(pass.documentFrequency.count) {
            for run in readers.indices {
                while let record = try readers[run].next(term: term) {
                    try docs.append(record.doc)
                    try impacts.append(scorer.impact(record.entry.packed, doc: Int(record.doc), lengths: pass.lengths))
                    try sentence.append(record.entry.sentence)
                    try offset.append(record.entry.offset)
                    try length.append(record.entry.length)
                }
            }
        }
        guard readers.allSatisfy(\.isAtEnd), docs.written == total else {
            throw IndexFile.Rejection.corrupt("spilled postings do not add up to \(total)")
        }
        try docs.flush()
        try impacts.flush()
        try sentence.flush()
        try offset.flush()
        try length.flush()
        return WrittenPostings(starts: starts, idf: idf, docsAt: docsAt, impactsAt: impactsAt)
    }
}

/// Gives memory malloc holds but no longer uses back to the system.
func releaseFreedMemory() {
    #if canImport(Glibc)
    // glibc's `malloc_trim`, which its Swift module does not export.
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    #endif
}

// MARK: Spill files

/// Documents' ``OfferTexts`` in a spill file, written by pass 1 and read back in order by pass
/// 2: each text as its UTF-8 length (UInt32, little-endian) and bytes. Reading them back costs
/// a UTF-8 check and a copy per text, not a store read and a JSON decode of the whole offer
/// (which pass 2 did before: every offer was decoded twice).
enum TextsSpill {
    static func append(_ texts: OfferTexts, to output: inout SpillFile.Output) throws {
        for var text in [texts.title, texts.summary, texts.description, texts.keywords] {
            try text.withUTF8 { bytes in
                try withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { try output.append($0) }
                try output.append(UnsafeRawBufferPointer(bytes))
            }
        }
    }

    static func next(from input: inout SpillFile.Input) throws -> OfferTexts {
        func text() throws -> String {
            let count = try input.bytes(4) { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) }
            return try input.bytes(count) { String(decoding: $0, as: UTF8.self) }
        }
        return OfferTexts(title: try text(), summary: try text(), description: try text(), keywords: try text())
    }
}

/// A directory next to the index file for one build's spill files, named after the building
/// process (`<file>.build-PID-XXXXXX`): a build killed midway leaves it behind, and the next
/// build removes those whose process is gone.
struct SpillDirectory {
    let path: String

    init(near file: String) throws {
        Self.removeAbandoned(near: file)
        var template = Array("\(file).build-\(getpid())-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw IndexFile.Rejection.unreadable("cannot create a spill directory next to \(file): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    func file(_ name: String) throws -> SpillFile { try SpillFile(path: "\(path)/\(name)") }

    /// Removes the directory and every spill file in it.
    func remove() { Self.remove(path) }

    private static func remove(_ path: String) {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names { unlink("\(path)/\(name)") }
        }
        rmdir(path)
    }

    /// Spill directories of `file` whose building process no longer runs.
    private static func removeAbandoned(near file: String) {
        let folder = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        let prefix = (file.split(separator: "/").last.map(String.init) ?? file) + ".build-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "/" : folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            remove("\(folder)/\(name)")
        }
    }
}

/// A spill file, open for reading and writing until the last copy goes.
final class SpillFile {
    let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw IndexFile.Rejection.unreadable("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// Appends bytes through a buffer of 1 MiB.
    struct Output {
        let file: SpillFile
        private var buffer: [UInt8] = []
        private(set) var written = 0

        init(_ file: SpillFile) {
            self.file = file
            buffer.reserveCapacity(1 << 20)
        }

        mutating func append(_ bytes: some Collection<UInt8>) throws {
            buffer += bytes
            written += bytes.count
            if buffer.count >= 1 << 20 { try flush() }
        }

        mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
            buffer += bytes
            written += bytes.count
            if buffer.count >= 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            try buffer.withUnsafeBytes { bytes in
                var done = 0
                while done < bytes.count {
                    let result = Glibc.write(file.descriptor, bytes.baseAddress! + done, bytes.count - done)
                    if result < 0, errno == EINTR { continue }
                    guard result > 0 else {
                        throw IndexFile.Rejection.unreadable("cannot write a spill file: \(String(cString: strerror(errno)))")
                    }
                    done += result
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

extension SpillFile {
    /// Reads a spill file from its start through a buffer of 1 MiB (grown for a longer item).
    struct Input {
        let file: SpillFile
        private var buffer = [UInt8](repeating: 0, count: 1 << 20)
        private var filled = 0
        private var position = 0
        private var fileOffset = 0

        init(_ file: SpillFile) { self.file = file }

        /// `body` on the next `count` bytes, which it must not keep; throws when the file ends first.
        mutating func bytes<T>(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
            if filled - position < count { try refill(count) }
            let at = position
            position += count
            return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[at..<(at + count)])) }
        }

        private mutating func refill(_ count: Int) throws {
            let rest = filled - position
            if rest > 0 { buffer.replaceSubrange(0..<rest, with: buffer[position..<filled]) }
            filled = rest
            position = 0
            if buffer.count < count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
            while filled < count {
                let read = buffer.withUnsafeMutableBytes { bytes in
                    pread(file.descriptor, bytes.baseAddress! + filled, bytes.count - filled, off_t(fileOffset))
                }
                if read < 0, errno == EINTR { continue }
                guard read > 0 else {
                    throw IndexFile.Rejection.unreadable(read < 0 ? "cannot read a spill file: \(String(cString: strerror(errno)))"
                                                                  : "a spill file ends early")
                }
                filled += read
                fileOffset += read
            }
        }
    }
}

/// Postings of the documents analysed since the last spill, in document order.
struct PostingBuffer {
    /// Bytes of one posting in memory and in a run: term, document, packed frequencies,
    /// sentence, offset, length.
    static let recordSize = 17
    /// Bytes of one posting in the buffer's arrays.
    static let memorySize = 2 * MemoryLayout<Int32>.stride + MemoryLayout<TextIndex.DocumentTerms.Entry>.stride

    private var terms: [Int32] = []
    private var docs: [Int32] = []
    private var entries: [TextIndex.DocumentTerms.Entry] = []

    var count: Int { terms.count }

    /// Reserved at once: grown by doubling, the arrays would hold up to twice the budget.
    init(capacity: Int) {
        terms.reserveCapacity(capacity)
        docs.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }

    mutating func append(term: Int32, doc: Int32, _ entry: TextIndex.DocumentTerms.Entry) {
        terms.append(term)
        docs.append(doc)
        entries.append(entry)
    }

    /// Writes the buffer sorted by term (stably, so each term's documents stay ascending) to
    /// `file` and empties it.
    mutating func spill(to file: SpillFile, termCount: Int) throws -> SpillFile {
        var next = [Int](repeating: 0, count: termCount + 1)
        for term in terms { next[Int(term) + 1] += 1 }
        for term in 0..<termCount { next[term + 1] += next[term] }
        var order = [Int32](repeating: 0, count: terms.count)
        for (position, term) in terms.enumerated() {
            order[next[Int(term)]] = Int32(position)
            next[Int(term)] += 1
        }
        var output = SpillFile.Output(file)
        var record = [UInt8](repeating: 0, count: Self.recordSize)
        for position in order {
            let position = Int(position)
            let entry = entries[position]
            record.withUnsafeMutableBytes { bytes in
                bytes.storeBytes(of: terms[position].littleEndian, toByteOffset: 0, as: Int32.self)
                bytes.storeBytes(of: docs[position].littleEndian, toByteOffset: 4, as: Int32.self)
                bytes.storeBytes(of: entry.packed.littleEndian, toByteOffset: 8, as: UInt32.self)
                bytes.storeBytes(of: entry.sentence.littleEndian, toByteOffset: 12, as: UInt16.self)
                bytes.storeBytes(of: entry.offset.littleEndian, toByteOffset: 14, as: UInt16.self)
                bytes.storeBytes(of: entry.length, toByteOffset: 16, as: UInt8.self)
            }
            try output.append(record)
        }
        try output.flush()
        terms.removeAll(keepingCapacity: true)
        docs.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        return file
    }
}

/// Reads a run from its start, 64 KiB at a time (one reader per run is open in the merge).
struct RunReader {
    let file: SpillFile
    private var buffer = [UInt8](repeating: 0, count: (64 << 10) / PostingBuffer.recordSize * PostingBuffer.recordSize)
    private var filled = 0
    private var position = 0
    private var fileOffset = 0
    private var exhausted = false

    init(_ file: SpillFile) throws {
        self.file = file
        try refill()
    }

    var isAtEnd: Bool { exhausted && position == filled }

    private mutating func refill() throws {
        let rest = filled - position
        if rest > 0 { buffer.replaceSubrange(0..<rest, with: buffer[position..<filled]) }
        filled = rest
        position = 0
        while !exhausted, filled < buffer.count {
            let read = buffer.withUnsafeMutableBytes { bytes in
                pread(file.descriptor, bytes.baseAddress! + filled, bytes.count - filled, off_t(fileOffset))
            }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw IndexFile.Rejection.unreadable("cannot read a spill file: \(String(cString: strerror(errno)))") }
            if read == 0 { exhausted = true }
            filled += read
            fileOffset += read
        }
    }

    /// The next posting when it belongs to `term`, else `nil` (and nothing is consumed).
    mutating func next(term: Int32) throws -> (doc: Int32, entry: TextIndex.DocumentTerms.Entry)? {
        if filled - position < PostingBuffer.recordSize {
            guard !exhausted else { return nil }
            try refill()
            guard filled - position >= PostingBuffer.recordSize else { return nil }
        }
        let at = position
        return buffer.withUnsafeBytes { bytes -> (doc: Int32, entry: TextIndex.DocumentTerms.Entry)? in
            guard Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)) == term else { return nil }
            position += PostingBuffer.recordSize
            return (Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: Int32.self)),
                    TextIndex.DocumentTerms.Entry(
                        packed: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self)),
                        sentence: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 12, as: UInt16.self)),
                        offset: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 14, as: UInt16.self)),
                        length: bytes.load(fromByteOffset: at + 16, as: UInt8.self)))
        }
    }
}

/// Values written in order into a reserved section, through a buffer.
struct SectionOutput<Element: BitwiseCopyable> {
    let writer: IndexFile.Writer
    private var position: Int
    private var buffer: [Element] = []
    private(set) var written = 0

    init(_ writer: IndexFile.Writer, at position: Int) {
        self.writer = writer
        self.position = position
        buffer.reserveCapacity(1 << 16)
    }

    mutating func append(_ value: Element) throws {
        buffer.append(value)
        written += 1
        if buffer.count == 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        try buffer.withUnsafeBytes { bytes in try writer.fill(bytes, at: position) }
        position += buffer.count * MemoryLayout<Element>.stride
        buffer.removeAll(keepingCapacity: true)
    }
}
