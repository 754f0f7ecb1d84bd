import SupportModel
import TextAnalysis

/// The searchable fields of an offer, with their BM25F weights.
enum TextField: Int, CaseIterable, Sendable {
    case title, summary, description, keywords

    func text(of offer: Offer) -> String {
        switch self {
        case .title: offer.title
        case .summary: offer.summary
        case .description: offer.description
        case .keywords: offer.keywords.joined(separator: ". ")
        }
    }

    func text(of texts: OfferTexts) -> String {
        switch self {
        case .title: texts.title
        case .summary: texts.summary
        case .description: texts.description
        case .keywords: texts.keywords
        }
    }

    func weight(_ configuration: RankingConfiguration) -> Double {
        switch self {
        case .title: configuration.titleWeight
        case .summary: configuration.summaryWeight
        case .description: configuration.descriptionWeight
        case .keywords: configuration.keywordsWeight
        }
    }

    func lengthNormalization(_ configuration: RankingConfiguration) -> Double {
        switch self {
        case .title: configuration.titleLengthNormalization
        case .summary: configuration.summaryLengthNormalization
        case .description: configuration.descriptionLengthNormalization
        case .keywords: configuration.keywordsLengthNormalization
        }
    }
}

/// What the text index reads of an offer: its ``TextField`` texts, the keywords joined. The
/// streamed build keeps these between its passes (a spill file) instead of decoding every
/// offer from the store a second time.
struct OfferTexts: Sendable {
    var title: String
    var summary: String
    var description: String
    var keywords: String

    init(title: String, summary: String, description: String, keywords: String) {
        self.title = title
        self.summary = summary
        self.description = description
        self.keywords = keywords
    }

    init(_ offer: Offer) {
        self.init(title: offer.title, summary: offer.summary, description: offer.description,
                  keywords: TextField.keywords.text(of: offer))
    }
}

/// Inverted index over the offers' texts with BM25F impacts precomputed.
///
/// Each posting stores the document and its *impact*: the saturated, length-normalised,
/// field-weighted term frequency `tf~ / (k1 + tf~)` of BM25F (Robertson & Zaragoza), so a
/// query only multiplies impacts by the term's idf and adds. Terms are per analysis language:
/// an offer is analysed in its own language and only meets query terms analysed the same way.
struct TextIndex: Sendable {
    /// term → term number, per language.
    let terms: [AnalysisLanguage: TermDictionary]
    /// Postings of term `t` are `docs[starts[t]..<starts[t+1]]`, documents ascending.
    /// Columns (``Column``): in memory when built, read in place when opened from the index file.
    let starts: Column<Int32>
    let docs: Column<Int32>
    let impacts: Column<Float>
    /// BM25 idf per term: `ln(1 + (N - df + 0.5) / (df + 0.5))`.
    let idf: Column<Float>
    /// Per posting: the number of the first snippet sentence (``SnippetSentences``) of the
    /// document containing the term, or ``noSentence`` when it occurs only in the keywords.
    /// Explanations use it to analyse one sentence per result instead of the whole text, at
    /// two bytes per posting.
    let firstSentence: Column<UInt16>
    /// Per posting: where in that first sentence the term's first word is, as a UTF-8 byte
    /// offset from the sentence's start and a length (the word as the analyzer cut it: a
    /// compound for its parts, a hyphen part for itself). The explainer marks these words
    /// without analysing the sentence again, at three bytes per posting; ``noOffset`` when the
    /// word lies beyond 65,534 bytes or is longer than 255.
    let firstOffset: Column<UInt16>
    let firstLength: Column<UInt8>
    /// Where each document's numbered sentences lie, for the snippet.
    let sentences: SnippetSentences.Spans

    /// The term occurs in no snippet sentence of the document.
    static let noSentence = UInt16.max
    static let noOffset = UInt16.max

    /// Where `term` occurs in `doc`'s postings, if it does (binary search).
    func posting(_ term: Int32, in doc: Int32) -> Int? {
        var range = postings(term)
        while !range.isEmpty {
            let middle = range.lowerBound + range.count / 2
            let found = docs[middle]
            if found == doc { return middle }
            if found < doc { range = (middle + 1)..<range.upperBound } else { range = range.lowerBound..<middle }
        }
        return nil
    }

    func termID(_ term: String, _ language: AnalysisLanguage) -> Int32? { terms[language]?[term] }

    func postings(_ term: Int32) -> Range<Int> { Int(starts[Int(term)])..<Int(starts[Int(term) + 1]) }

    /// The impact of `term` in `doc`, or 0 (used for explanations only).
    func impact(_ term: Int32, in doc: Int32) -> Float {
        posting(term, in: doc).map { impacts[$0] } ?? 0
    }

    /// What one document contributes to the postings: per term (sorted, so that term numbers,
    /// and with them the whole index, do not depend on hashing) its packed per-field term
    /// frequencies (one byte per field, capped at 255), first snippet sentence and where its
    /// first word lies there; and the document's length in tokens per field.
    struct DocumentTerms {
        struct Entry {
            var packed: UInt32
            var sentence: UInt16
            var offset: UInt16
            var length: UInt8
        }
        var entries: [(term: String, entry: Entry)]
        var fieldLengths: [Float]
    }

    /// Analyses one offer; its snippet sentences are appended to `sentences`. The one place
    /// both builds (``init(offers:languages:analyzers:configuration:)`` and
    /// ``StreamedIndexBuild``) read a document, so they cannot disagree on it.
    ///
    /// `stems` memoises the analyzer's stemming across documents (``Analyzer/Stems``): one
    /// value per analyzer, and the terms are the same whatever it holds.
    static func analyse(_ texts: OfferTexts, analyzer: Analyzer, sentences: inout SnippetSentences.Spans,
                        stems: inout Analyzer.Stems) -> DocumentTerms {
        var perTerm: [String: DocumentTerms.Entry] = [:]
        var fieldLengths = [Float](repeating: 0, count: TextField.allCases.count)
        func count(_ tokens: [AnalyzedToken], in text: String, field: TextField, sentence: UInt16) {
            // A completed suspended compound (``AnalyzedToken/isCompletion``) restates words the
            // text has: it matches, but does not make the text longer.
            fieldLengths[field.rawValue] += Float(tokens.count(where: { !$0.isCompletion }))
            let shift = UInt32(field.rawValue * 8)
            func add(_ token: AnalyzedToken, to entry: inout DocumentTerms.Entry) {
                if (entry.packed >> shift) & 0xFF < 0xFF { entry.packed += 1 << shift }
                guard sentence < entry.sentence else { return }
                // Sentences come in order: this is the term's first.
                entry.sentence = sentence
                let offset = text.utf8.distance(from: text.startIndex, to: token.surface.startIndex)
                let length = token.surface.utf8.count
                if offset < Int(Self.noOffset), length <= Int(UInt8.max) {
                    entry.offset = UInt16(offset)
                    entry.length = UInt8(length)
                }
            }
            for token in tokens {
                // Updated in place: one hash of the term per token, not a read and a write.
                add(token, to: &perTerm[token.term, default: DocumentTerms.Entry(packed: 0, sentence: Self.noSentence, offset: Self.noOffset, length: 0)])
            }
        }
        // Snippet fields sentence by sentence (the explainer takes its snippet from the
        // same numbered sentences), the keywords as a whole.
        SnippetSentences.forEach(in: texts) { number, field, sentence in
            sentences.append(field, sentence)
            let text = String(sentence)
            count(analyzer.tokens(text, stems: &stems), in: text, field: field, sentence: UInt16(min(number, Int(Self.noSentence) - 1)))
            return true
        }
        sentences.endDocument()
        let keywords = texts.keywords
        count(analyzer.tokens(keywords, stems: &stems), in: keywords, field: .keywords, sentence: Self.noSentence)
        return DocumentTerms(entries: perTerm.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, fieldLengths: fieldLengths)
    }

    /// The BM25F impact and idf of postings, given every document's field lengths: shared by
    /// both builds so that they compute the same floats in the same order.
    struct Scorer {
        let averages: [Float]
        let weights: [Float]
        let normalizations: [Float]
        let k1: Float
        let total: Float

        /// `lengths[field][doc]`: tokens of each field per document.
        init(lengths: [[Float]], configuration: RankingConfiguration) {
            averages = lengths.map { column in max(1, column.reduce(0, +) / Float(max(1, column.count))) }
            weights = TextField.allCases.map { Float($0.weight(configuration)) }
            normalizations = TextField.allCases.map { Float($0.lengthNormalization(configuration)) }
            k1 = Float(configuration.k1)
            total = Float(lengths.first?.count ?? 0)
        }

        @inline(__always)
        func impact(_ packed: UInt32, doc: Int, lengths: [[Float]]) -> Float {
            var pseudoFrequency: Float = 0
            for field in 0..<weights.count {
                let tf = Float((packed >> UInt32(field * 8)) & 0xFF)
                guard tf > 0 else { continue }
                let norm = 1 - normalizations[field] + normalizations[field] * lengths[field][doc] / averages[field]
                pseudoFrequency += weights[field] * tf / norm
            }
            return pseudoFrequency / (k1 + pseudoFrequency)
        }

        func idf(documentFrequency df: Float) -> Float { log(1 + (total - df + 0.5) / (df + 0.5)) }
    }

    /// Builds the index. `languages[doc]` says which analyzer reads each offer.
    init(offers: [Offer], languages: [AnalysisLanguage], analyzers: [AnalysisLanguage: Analyzer], configuration: RankingConfiguration) {
        let fieldCount = TextField.allCases.count
        var termNumbers: [AnalysisLanguage: [String: Int32]] = [:]
        // Per term: documents, packed per-field term frequencies and the first snippet sentence.
        var termDocs: [[Int32]] = []
        var termFrequencies: [[UInt32]] = []
        var termSentences: [[UInt16]] = []
        var termOffsets: [[UInt16]] = []
        var termLengths: [[UInt8]] = []
        var lengths = [[Float]](repeating: [Float](repeating: 0, count: offers.count), count: fieldCount)
        var sentences = SnippetSentences.Spans()
        var stems: [AnalysisLanguage: Analyzer.Stems] = [:]

        for (doc, offer) in offers.enumerated() {
            let language = languages[doc]
            let analysed = Self.analyse(OfferTexts(offer), analyzer: analyzers[language]!, sentences: &sentences,
                                        stems: &stems[language, default: Analyzer.Stems()])
            for field in 0..<fieldCount { lengths[field][doc] = analysed.fieldLengths[field] }
            for (term, entry) in analysed.entries {
                let number: Int32
                if let existing = termNumbers[language]?[term] {
                    number = existing
                } else {
                    number = Int32(termDocs.count)
                    termNumbers[language, default: [:]][term] = number
                    termDocs.append([])
                    termFrequencies.append([])
                    termSentences.append([])
                    termOffsets.append([])
                    termLengths.append([])
                }
                termDocs[Int(number)].append(Int32(doc))
                termFrequencies[Int(number)].append(entry.packed)
                termSentences[Int(number)].append(entry.sentence)
                termOffsets[Int(number)].append(entry.offset)
                termLengths[Int(number)].append(entry.length)
            }
        }

        let scorer = Scorer(lengths: lengths, configuration: configuration)
        var starts: [Int32] = [0]
        var docs: [Int32] = []
        var impacts: [Float] = []
        var idf: [Float] = []
        var firstSentence: [UInt16] = []
        var firstOffset: [UInt16] = []
        var firstLength: [UInt8] = []
        starts.reserveCapacity(termDocs.count + 1)
        for (number, list) in termDocs.enumerated() {
            let frequencies = termFrequencies[number]
            for (position, doc) in list.enumerated() {
                docs.append(doc)
                impacts.append(scorer.impact(frequencies[position], doc: Int(doc), lengths: lengths))
            }
            firstSentence.append(contentsOf: termSentences[number])
            firstOffset.append(contentsOf: termOffsets[number])
            firstLength.append(contentsOf: termLengths[number])
            starts.append(Int32(docs.count))
            idf.append(scorer.idf(documentFrequency: Float(list.count)))
        }
        self.terms = termNumbers.mapValues(TermDictionary.init)
        self.starts = Column(starts)
        self.docs = Column(docs)
        self.impacts = Column(impacts)
        self.idf = Column(idf)
        self.firstSentence = Column(firstSentence)
        self.firstOffset = Column(firstOffset)
        self.firstLength = Column(firstLength)
        self.sentences = sentences
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
