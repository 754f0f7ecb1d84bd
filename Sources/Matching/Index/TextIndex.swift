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

/// Inverted index over the offers' texts with BM25F impacts precomputed.
///
/// Each posting stores the document and its *impact*: the saturated, length-normalised,
/// field-weighted term frequency `tf~ / (k1 + tf~)` of BM25F (Robertson & Zaragoza), so a
/// query only multiplies impacts by the term's idf and adds. Terms are per analysis language:
/// an offer is analysed in its own language and only meets query terms analysed the same way.
struct TextIndex: Sendable {
    /// term → term number, per language.
    let terms: [AnalysisLanguage: [String: Int32]]
    /// Postings of term `t` are `docs[starts[t]..<starts[t+1]]`, documents ascending.
    let starts: [Int32]
    let docs: [Int32]
    let impacts: [Float]
    /// BM25 idf per term: `ln(1 + (N - df + 0.5) / (df + 0.5))`.
    let idf: [Float]

    func termID(_ term: String, _ language: AnalysisLanguage) -> Int32? { terms[language]?[term] }

    func postings(_ term: Int32) -> Range<Int> { Int(starts[Int(term)])..<Int(starts[Int(term) + 1]) }

    /// The impact of `term` in `doc`, or 0 (binary search; used for explanations only).
    func impact(_ term: Int32, in doc: Int32) -> Float {
        var range = postings(term)
        while !range.isEmpty {
            let middle = range.lowerBound + range.count / 2
            let found = docs[middle]
            if found == doc { return impacts[middle] }
            if found < doc { range = (middle + 1)..<range.upperBound } else { range = range.lowerBound..<middle }
        }
        return 0
    }

    /// Builds the index. `languages[doc]` says which analyzer reads each offer.
    init(offers: [Offer], languages: [AnalysisLanguage], analyzers: [AnalysisLanguage: Analyzer], configuration: RankingConfiguration) {
        let fieldCount = TextField.allCases.count
        var termNumbers: [AnalysisLanguage: [String: Int32]] = [:]
        // Per term: documents and packed per-field term frequencies (one byte per field, capped at 255).
        var termDocs: [[Int32]] = []
        var termFrequencies: [[UInt32]] = []
        var lengths = [[Float]](repeating: [Float](repeating: 0, count: offers.count), count: fieldCount)

        for (doc, offer) in offers.enumerated() {
            let language = languages[doc]
            let analyzer = analyzers[language]!
            var perTerm: [String: UInt32] = [:]
            for field in TextField.allCases {
                let tokens = analyzer.terms(field.text(of: offer))
                lengths[field.rawValue][doc] = Float(tokens.count)
                let shift = UInt32(field.rawValue * 8)
                for term in tokens {
                    let packed = perTerm[term, default: 0]
                    if (packed >> shift) & 0xFF < 0xFF { perTerm[term] = packed + (1 << shift) }
                }
            }
            // Sorted so that term numbers, and with them the whole index, do not depend on hashing.
            for (term, packed) in perTerm.sorted(by: { $0.key < $1.key }) {
                let number: Int32
                if let existing = termNumbers[language]?[term] {
                    number = existing
                } else {
                    number = Int32(termDocs.count)
                    termNumbers[language, default: [:]][term] = number
                    termDocs.append([])
                    termFrequencies.append([])
                }
                termDocs[Int(number)].append(Int32(doc))
                termFrequencies[Int(number)].append(packed)
            }
        }

        let averages = lengths.map { column in max(1, column.reduce(0, +) / Float(max(1, column.count))) }
        let weights = TextField.allCases.map { Float($0.weight(configuration)) }
        let normalizations = TextField.allCases.map { Float($0.lengthNormalization(configuration)) }
        let k1 = Float(configuration.k1)
        let total = Float(offers.count)

        var starts: [Int32] = [0]
        var docs: [Int32] = []
        var impacts: [Float] = []
        var idf: [Float] = []
        starts.reserveCapacity(termDocs.count + 1)
        for (number, list) in termDocs.enumerated() {
            let frequencies = termFrequencies[number]
            for (position, doc) in list.enumerated() {
                let packed = frequencies[position]
                var pseudoFrequency: Float = 0
                for field in 0..<fieldCount {
                    let tf = Float((packed >> UInt32(field * 8)) & 0xFF)
                    guard tf > 0 else { continue }
                    let norm = 1 - normalizations[field] + normalizations[field] * lengths[field][Int(doc)] / averages[field]
                    pseudoFrequency += weights[field] * tf / norm
                }
                docs.append(doc)
                impacts.append(pseudoFrequency / (k1 + pseudoFrequency))
            }
            starts.append(Int32(docs.count))
            let df = Float(list.count)
            idf.append(log(1 + (total - df + 0.5) / (df + 0.5)))
        }
        self.terms = termNumbers
        self.starts = starts
        self.docs = docs
        self.impacts = impacts
        self.idf = idf
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
