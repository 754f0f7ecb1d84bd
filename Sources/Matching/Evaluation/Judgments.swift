import SupportModel
/// Graded relevance judgments in the TREC qrels format: `query_id iteration doc_id grade`.
///
/// In SupportMatch a query is a profile (its `id`) and a document an offer (`source:localID`).
/// Grades are integers; a grade of at least ``relevanceThreshold`` counts as relevant for the
/// binary measures (P@k, MRR), the grade itself is the gain of nDCG. Documents without a judgment
/// count as grade 0, as in `trec_eval` and `ranx`.
public struct Judgments: Hashable, Sendable {
    /// Grades per query, per document.
    public private(set) var grades: [String: [String: Int]]

    /// Grade from which a document counts as relevant for binary measures (TREC's default, 1).
    public static let relevanceThreshold = 1

    public init(grades: [String: [String: Int]] = [:]) {
        self.grades = grades
    }

    /// Reads qrels text. Every line must have four fields with an integer grade; a document
    /// judged twice for one query is an error (the two grades would silently disagree).
    public init(qrels text: String, source: String = "qrels") throws {
        var grades: [String: [String: Int]] = [:]
        for (line, fields) in TRECLines.fields(text) {
            guard fields.count == 4 else {
                throw TRECFormatError(source: source, line: line, message: "expected 4 fields `query_id 0 doc_id grade`, found \(fields.count)")
            }
            guard let grade = Int(fields[3].text) else {
                throw TRECFormatError(source: source, line: line, column: fields[3].column,
                                      message: "expected an integer grade, found \"\(fields[3].text)\"")
            }
            let query = String(fields[0].text), doc = String(fields[2].text)
            if let earlier = grades[query]?[doc] {
                throw TRECFormatError(source: source, line: line, column: fields[2].column,
                                      message: "\(doc) is judged twice for \(query) (grades \(earlier) and \(grade))")
            }
            grades[query, default: [:]][doc] = grade
        }
        self.grades = grades
    }

    /// The judged queries, sorted.
    public var queries: [String] { grades.keys.sorted() }

    /// The grade of `doc` for `query`; 0 when not judged.
    public func grade(_ doc: String, for query: String) -> Int { grades[query]?[doc] ?? 0 }

    /// The documents judged relevant (grade ≥ ``relevanceThreshold``) for `query`.
    public func relevant(for query: String) -> Set<String> {
        Set((grades[query] ?? [:]).filter { $0.value >= Self.relevanceThreshold }.keys)
    }

    public mutating func set(_ grade: Int, doc: String, query: String) {
        grades[query, default: [:]][doc] = grade
    }

    /// The qrels text, sorted by query, then grade (highest first), then document.
    public var qrels: String {
        var lines: [String] = []
        for query in queries {
            for (doc, grade) in grades[query]!.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                lines.append("\(query) 0 \(doc) \(grade)")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension Judgments {
    /// The id a ranking entry is scored by: the entry stands for its programme, so when other
    /// sources publish the same programme (``RecommendedOffer/alsoPublishedBy``) the best-graded
    /// of those ids counts, once. A judged set made over one source's ids is then scored the
    /// same whether or not another source's copy of a programme ranks first, and a programme
    /// in two sources can never earn two places.
    public func judgedID(of entry: RecommendedOffer, for query: String) -> String {
        let own = entry.id.description
        guard !entry.alsoPublishedBy.isEmpty, let judged = grades[query] else { return own }
        var best = (id: own, grade: judged[own] ?? 0)
        for other in entry.alsoPublishedBy {
            let id = other.id.description, grade = judged[id] ?? 0
            if grade > best.grade { best = (id, grade) }
        }
        return best.id
    }
}
