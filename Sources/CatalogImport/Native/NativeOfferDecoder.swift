import Foundation
import SupportModel

/// Builds an ``Offer`` from one offer of the native format (as a ``NativeNode`` tree from either
/// encoding) and collects every structural problem, not just the first: a maintainer fixing a
/// file wants the whole list in one run.
///
/// Structure is checked here (required fields, types, closed code lists, dates, unknown or
/// duplicate fields); meaning that depends on the taxonomies is left to ``OfferValidator``.
struct NativeOfferDecoder {
    struct Problem: Sendable {
        var path: FieldPath
        var message: String
        var severity: Diagnostic.Severity
    }

    struct Result: Sendable {
        /// The offer, when every required field could be read. It may still have problems.
        var offer: Offer?
        var problems: [Problem]
        /// The offer's `id` as written, when it is a string (for reports even when the offer
        /// could not be built).
        var writtenID: String?
        /// The offer's own `source`, when it overrides the document's.
        var writtenSource: String?
    }

    /// Every member an offer may have, in the order the writers use.
    static let offerFields = [
        "source", "id", "title", "summary", "description", "language", "provider", "links",
        "instruments", "topics", "keywords", "eligibility", "funding", "schedule", "lastUpdated",
        "sourceURL", "asOf", "originalCodes",
    ]

    var documentSource: String
    var maxTextBytes: Int

    func decode(_ node: NativeNode) -> Result {
        var session = Session(maxTextBytes: maxTextBytes)
        let (offer, id, source) = session.offer(node, documentSource: documentSource)
        return Result(offer: offer, problems: session.problems, writtenID: id, writtenSource: source)
    }
}

/// One decoding pass: the problems found so far.
private struct Session {
    typealias Problem = NativeOfferDecoder.Problem

    var maxTextBytes: Int
    var problems: [Problem] = []

    init(maxTextBytes: Int) { self.maxTextBytes = maxTextBytes }

    mutating func error(_ path: FieldPath, _ message: String) {
        problems.append(Problem(path: path, message: message, severity: .error))
    }

    mutating func warning(_ path: FieldPath, _ message: String) {
        problems.append(Problem(path: path, message: message, severity: .warning))
    }

    // MARK: The offer

    mutating func offer(_ node: NativeNode, documentSource: String) -> (Offer?, String?, String?) {
        let root = FieldPath([])
        guard let fields = object(node, at: root, allowed: NativeOfferDecoder.offerFields) else { return (nil, nil, nil) }

        let writtenSource = text(fields["source"], at: ["source"], required: false, pattern: NativeFormat.sourcePattern,
                                 patternHint: "a source name of lowercase letters, digits, '.', '_' or '-' (at most 64 characters)")
        // The format carries every offer the store can hold, so a rule the store does not make
        // (an imported source's own ids, its missing summaries, dates and links) is only an
        // editorial rule for hand-written catalogues: a warning, never a rejection.
        let id = text(fields["id"], at: ["id"], pattern: NativeFormat.carriedIDPattern,
                      patternHint: "an id of letters, digits, '.', '_', '~', '-', '/', ':', '@' or '+', starting with a letter or digit, at most 500 characters")
        if let id, id.range(of: NativeFormat.idPattern, options: .regularExpression) == nil {
            // No value in the message: one line in the report for an imported source's thousand ids.
            warning(["id"], "not an id of lowercase letters a–z, digits, '-', '_' or '.' (at most 200 characters) as hand-written catalogues use; read as the source's own id")
        }
        let title = text(fields["title"], at: ["title"])
        let summary = text(fields["summary"], at: ["summary"])
        if let summary {
            if summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                warning(["summary"], "empty summary: clients see only the title in result lists")
            } else if summary.unicodeScalars.count > NativeFormat.summaryMaxCharacters {
                warning(["summary"], "a summary of more than \(NativeFormat.summaryMaxCharacters) characters; hand-written catalogues keep it to one or two sentences")
            }
        }
        let description = text(fields["description"], at: ["description"])
        if let description, description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            warning(["description"], "empty description: matching has only the title, summary and keywords to go on")
        }
        // The store holds any two-letter code (a CommonGrants feed may name one); the analysers
        // know German and English only, so another language is read with a warning.
        let language = text(fields["language"], at: ["language"], pattern: #"^[a-z]{2}$"#,
                            patternHint: "a two-letter language code such as \"de\" or \"en\"").map(LanguageCode.init)
        if let language, !NativeFormat.languages.contains(language.rawValue) {
            warning(["language"], "a language SupportMatch does not analyse (only \(NativeFormat.languages.joined(separator: ", "))): the offer's text is matched without stemming")
        }
        let provider = self.provider(fields["provider"], at: ["provider"])
        let links = list(fields["links"], at: ["links"], required: false) { session, node, path in session.link(node, at: path) }
        if fields["links"] == nil || links?.isEmpty == true {
            warning(["links"], "no links: a client cannot reach the programme's page or application")
        }
        let instruments = codeList(fields["instruments"], at: ["instruments"], minItems: 1).map { $0.map(Instrument.init) }
        let topics = codeList(fields["topics"], at: ["topics"]).map { $0.map(TopicCode.init) }
        if topics?.isEmpty == true { warning(["topics"], "no topics: the offer is found only by its text") }
        let keywords = list(fields["keywords"], at: ["keywords"], required: false) { session, node, path in
            session.text(node, at: path, nonEmpty: true)
        }
        if let keywords, !NativeFormat.recommendedKeywordCount.contains(keywords.count) {
            warning(["keywords"], "expected \(NativeFormat.recommendedKeywordCount.lowerBound)–\(NativeFormat.recommendedKeywordCount.upperBound) keywords, found \(keywords.count)")
        }
        var eligibility: Eligibility? = Eligibility()
        if let node = fields["eligibility"] { eligibility = self.eligibility(node, at: ["eligibility"]) }
        var funding: Funding?
        if let node = fields["funding"] { funding = self.funding(node, at: ["funding"]) }
        let schedule = self.schedule(fields["schedule"], at: ["schedule"])
        let lastUpdated = day(fields["lastUpdated"], at: ["lastUpdated"], required: false)
        let sourceURL = text(fields["sourceURL"], at: ["sourceURL"], required: false)
        if fields["sourceURL"] == nil { warning(["sourceURL"], "no sourceURL: readers cannot check the facts against their source") }
        let asOf = day(fields["asOf"], at: ["asOf"], required: false)
        if fields["asOf"] == nil { warning(["asOf"], "no asOf: readers cannot tell how current the facts are") }
        var originalCodes: [String: [String]] = [:]
        if let node = fields["originalCodes"] { originalCodes = self.originalCodes(node, at: ["originalCodes"]) }

        // An optional field that is present but unreadable has an error and must not read as absent.
        let optionalsRead = (fields["links"] == nil || links != nil) && (fields["sourceURL"] == nil || sourceURL != nil)
            && (fields["asOf"] == nil || asOf != nil)
        guard let id, let title, let summary, let description, let language, let provider, optionalsRead,
              let instruments, let topics, let eligibility, let schedule else {
            return (nil, id, writtenSource)
        }
        let offer = Offer(
            id: OfferID(source: writtenSource ?? documentSource, localID: id), title: title, summary: summary,
            description: description, language: language, provider: provider, links: links ?? [],
            instruments: instruments, topics: topics, keywords: keywords ?? [], eligibility: eligibility,
            funding: funding, schedule: schedule, lastUpdated: lastUpdated, sourceURL: sourceURL,
            asOf: asOf, originalCodes: originalCodes)
        return (offer, id, writtenSource)
    }

    // MARK: Parts

    mutating func provider(_ node: NativeNode?, at path: FieldPath) -> Provider? {
        guard let fields = requiredObject(node, at: path, allowed: ["name", "level", "contact"]) else { return nil }
        let name = text(fields["name"], at: path.appending("name"), nonEmpty: true)
        let level = code(fields["level"], at: path.appending("level"), allowed: ProviderLevel.allCases.map(\.rawValue))
            .flatMap(ProviderLevel.init(rawValue:))
        var contact: Contact?
        if let node = fields["contact"] {
            let contactPath = path.appending("contact")
            if let parts = object(node, at: contactPath, allowed: ["name", "email", "phone", "address", "url"]) {
                func part(_ key: String, _ session: inout Session) -> String? {
                    session.text(parts[key], at: contactPath.appending(key), required: false, nonEmpty: true)
                }
                let value = Contact(name: part("name", &self), email: part("email", &self), phone: part("phone", &self),
                                    address: part("address", &self), url: part("url", &self))
                contact = value.isEmpty ? nil : value
            }
        }
        guard let name, let level else { return nil }
        return Provider(name: name, level: level, contact: contact)
    }

    mutating func link(_ node: NativeNode, at path: FieldPath) -> Link? {
        guard let fields = object(node, at: path, allowed: ["kind", "url", "title"]) else { return nil }
        let kind = code(fields["kind"], at: path.appending("kind"), allowed: LinkKind.allCases.map(\.rawValue))
            .flatMap(LinkKind.init(rawValue:))
        let url = text(fields["url"], at: path.appending("url"))
        let title = text(fields["title"], at: path.appending("title"), required: false, nonEmpty: true)
        guard let kind, let url else { return nil }
        return Link(kind: kind, url: url, title: title)
    }

    mutating func eligibility(_ node: NativeNode, at path: FieldPath) -> Eligibility? {
        let allowed = ["applicantTypes", "companySizes", "regions", "sectors", "companyAge", "conditions"]
        guard let fields = object(node, at: path, allowed: allowed) else { return nil }
        let applicantTypes = codeList(fields["applicantTypes"], at: path.appending("applicantTypes"), required: false)
        let sizes = list(fields["companySizes"], at: path.appending("companySizes"), required: false) { session, node, path in
            session.code(node, at: path, allowed: SizeClass.allCases.map(\.rawValue)).flatMap(SizeClass.init(rawValue:))
        }
        let regions = codeList(fields["regions"], at: path.appending("regions"), required: false)
        var sectors: SectorRule?
        if let node = fields["sectors"] {
            let sectorsPath = path.appending("sectors")
            if let parts = object(node, at: sectorsPath, allowed: ["include", "exclude"]) {
                let include = codeList(parts["include"], at: sectorsPath.appending("include"), required: false) ?? []
                let exclude = codeList(parts["exclude"], at: sectorsPath.appending("exclude"), required: false) ?? []
                let rule = SectorRule(include: include.map(SectorCode.init), exclude: exclude.map(SectorCode.init))
                sectors = rule.isEmpty ? nil : rule
            }
        }
        var companyAge: AgeBounds?
        if let node = fields["companyAge"] {
            let agePath = path.appending("companyAge")
            if let parts = object(node, at: agePath, allowed: ["minYears", "maxYears"]) {
                let bounds = AgeBounds(minYears: integer(parts["minYears"], at: agePath.appending("minYears"), minimum: 0),
                                       maxYears: integer(parts["maxYears"], at: agePath.appending("maxYears"), minimum: 0))
                companyAge = bounds.minYears == nil && bounds.maxYears == nil ? nil : bounds
            }
        }
        let conditions = list(fields["conditions"], at: path.appending("conditions"), required: false) { session, node, path in
            session.text(node, at: path, nonEmpty: true)
        }
        func nonEmpty<T>(_ values: [T]?) -> [T]? { values?.isEmpty == false ? values : nil }
        return Eligibility(
            applicantTypes: nonEmpty(applicantTypes)?.map(ApplicantType.init), companySizes: nonEmpty(sizes),
            regions: nonEmpty(regions)?.map(RegionCode.init), sectors: sectors, companyAge: companyAge,
            conditions: conditions ?? [])
    }

    mutating func funding(_ node: NativeNode, at path: FieldPath) -> Funding? {
        let amounts = ["amountMin", "amountMax", "rateMin", "rateMax", "totalBudget"]
        guard let fields = object(node, at: path, allowed: ["currency"] + amounts) else { return nil }
        let currency = text(fields["currency"], at: path.appending("currency"), required: false, pattern: "^[A-Z]{3}$",
                            patternHint: "an ISO 4217 currency code such as EUR")
        var values: [String: Double] = [:]
        for key in amounts {
            guard let node = fields[key] else { continue }
            let limit: Double = key.hasPrefix("rate") ? 100 : 1e15
            if let value = number(node, at: path.appending(key)) {
                if value < 0 || value > limit {
                    error(path.appending(key), key.hasPrefix("rate")
                          ? "expected a percentage between 0 and 100, found \(Self.format(value))"
                          : "expected an amount between 0 and 10^15, found \(Self.format(value))")
                }
                values[key] = value
            }
        }
        return Funding(currency: currency ?? "EUR", amountMin: values["amountMin"], amountMax: values["amountMax"],
                       rateMin: values["rateMin"], rateMax: values["rateMax"], totalBudget: values["totalBudget"])
    }

    mutating func schedule(_ node: NativeNode?, at path: FieldPath) -> Schedule? {
        guard let fields = requiredObject(node, at: path, allowed: ["status", "opens", "deadlines"]) else { return nil }
        let status = code(fields["status"], at: path.appending("status"), allowed: OfferStatus.allCases.map(\.rawValue))
            .flatMap(OfferStatus.init(rawValue:))
        let opens = day(fields["opens"], at: path.appending("opens"), required: false)
        let deadlines = list(fields["deadlines"], at: path.appending("deadlines"), required: false) { session, node, path in
            session.day(node, at: path)
        }
        guard let status else { return nil }
        return Schedule(status: status, opens: opens, deadlines: deadlines ?? [])
    }

    mutating func originalCodes(_ node: NativeNode, at path: FieldPath) -> [String: [String]] {
        guard case .object(let members) = node.value else {
            error(path, "expected an object mapping a classifier name to a list of codes, found \(node.value.kindName)")
            return [:]
        }
        var result: [String: [String]] = [:]
        for member in members {
            let memberPath = path.appending(member.key)
            if result[member.key] != nil {
                error(memberPath, "duplicate classifier \"\(member.key)\": each may appear once")
                continue
            }
            if member.key.isEmpty { error(memberPath, "expected a non-empty classifier name") }
            result[member.key] = list(member.node, at: memberPath) { session, node, path in
                session.text(node, at: path, nonEmpty: true)
            } ?? []
        }
        return result
    }

    // MARK: Value readers

    /// The members of an object. Reports a value that is not an object, duplicate members (at
    /// the second occurrence) and unknown members (with a suggestion for likely typos).
    mutating func object(_ node: NativeNode, at path: FieldPath, allowed: [String]) -> [String: NativeNode]? {
        guard case .object(let members) = node.value else {
            error(path, "expected an object, found \(node.value.kindName)")
            return nil
        }
        var fields: [String: NativeNode] = [:]
        for member in members {
            let memberPath = path.appending(member.key)
            if fields[member.key] != nil {
                error(memberPath, "duplicate field \"\(member.key)\": each field may appear only once")
            } else if !allowed.contains(member.key) {
                var message = "unknown field \"\(member.key)\""
                if let guess = Self.closest(to: member.key, in: allowed) { message += " (did you mean \"\(guess)\"?)" }
                message += "; expected one of: \(allowed.joined(separator: ", "))"
                error(memberPath, message)
            } else {
                fields[member.key] = member.node
            }
        }
        return fields
    }

    mutating func requiredObject(_ node: NativeNode?, at path: FieldPath, allowed: [String]) -> [String: NativeNode]? {
        guard let node else {
            error(path, "missing required field \"\(path)\"")
            return nil
        }
        return object(node, at: path, allowed: allowed)
    }

    /// A string. Returns `.some(nil)`-style absence as `nil` for optional fields; callers that
    /// need to tell "absent" from "wrong" do so through ``problems``.
    mutating func text(
        _ node: NativeNode?, at path: FieldPath, required: Bool = true, nonEmpty: Bool = false,
        maxCharacters: Int? = nil, pattern: String? = nil, patternHint: String = ""
    ) -> String? {
        guard let node else {
            if required { error(path, "missing required field \"\(path)\"") }
            return nil
        }
        let value: String
        switch node.value {
        case .string(let text), .text(let text): value = text
        default:
            error(path, "expected a string, found \(node.value.kindName)\(node.value.isNull ? " (leave the field out when it is unknown)" : "")")
            return nil
        }
        if value.utf8.count > maxTextBytes {
            error(path, "expected at most \(maxTextBytes) bytes of text, found \(value.utf8.count)")
            return nil
        }
        if let bad = value.unicodeScalars.first(where: Self.isForbiddenCharacter) {
            error(path, "expected text without control characters, found U+\(String(bad.value, radix: 16, uppercase: true)) (only tab, line feed and carriage return are allowed)")
            return nil
        }
        if nonEmpty, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error(path, "expected a non-empty text")
            return nil
        }
        if let maxCharacters, value.unicodeScalars.count > maxCharacters {
            error(path, "expected at most \(maxCharacters) characters, found \(value.unicodeScalars.count)")
        }
        if let pattern, value.range(of: pattern, options: .regularExpression) == nil {
            error(path, "expected \(patternHint), found \"\(value.prefix(80))\"")
            return nil
        }
        return value
    }

    /// A code from a closed list (the list is part of the format, not of the taxonomies).
    mutating func code(_ node: NativeNode?, at path: FieldPath, allowed: [String], required: Bool = true) -> String? {
        guard let value = text(node, at: path, required: required) else { return nil }
        guard allowed.contains(value) else {
            var message = "expected one of \(allowed.joined(separator: " | ")), found \"\(value.prefix(80))\""
            if let guess = Self.closest(to: value, in: allowed) { message += " (did you mean \"\(guess)\"?)" }
            error(path, message)
            return nil
        }
        return value
    }

    /// A list of codes from an open vocabulary (checked against the taxonomies later).
    mutating func codeList(_ node: NativeNode?, at path: FieldPath, required: Bool = true, minItems: Int = 0) -> [String]? {
        list(node, at: path, required: required, minItems: minItems) { session, node, path in
            session.text(node, at: path, nonEmpty: true)
        }
    }

    /// A list whose items are read by `item`. The list is `nil` when any item is unreadable,
    /// so a half-read list never reaches the store.
    mutating func list<Item>(
        _ node: NativeNode?, at path: FieldPath, required: Bool = true, minItems: Int = 0,
        item: (inout Session, NativeNode, FieldPath) -> Item?
    ) -> [Item]? {
        guard let node else {
            if required { error(path, "missing required field \"\(path)\"") }
            return nil
        }
        guard case .array(let nodes) = node.value else {
            error(path, "expected a list, found \(node.value.kindName)")
            return nil
        }
        if nodes.count < minItems {
            error(path, "expected at least \(minItems) item\(minItems == 1 ? "" : "s"), found \(nodes.count)")
        }
        var items: [Item] = []
        var complete = true
        for (index, itemNode) in nodes.enumerated() {
            if let value = item(&self, itemNode, path.appending(index)) { items.append(value) } else { complete = false }
        }
        return complete && nodes.count >= minItems ? items : nil
    }

    mutating func number(_ node: NativeNode, at path: FieldPath) -> Double? {
        switch node.value {
        case .number(let value):
            return value
        case .text(let text):
            // XML: xs:decimal lexical form, the only one the writers produce.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.range(of: #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"#, options: .regularExpression) != nil,
               let value = Double(trimmed), value.isFinite {
                return value
            }
            error(path, "expected a decimal number such as 5000 or 12.5, found \"\(text.prefix(40))\"")
            return nil
        default:
            error(path, "expected a number, found \(node.value.kindName)")
            return nil
        }
    }

    mutating func integer(_ node: NativeNode?, at path: FieldPath, minimum: Int) -> Int? {
        guard let node, let value = number(node, at: path) else { return nil }
        guard value.rounded() == value, abs(value) < 1e9 else {
            error(path, "expected a whole number, found \(Self.format(value))")
            return nil
        }
        if Int(value) < minimum {
            error(path, "expected a whole number ≥ \(minimum), found \(Self.format(value))")
            return nil
        }
        return Int(value)
    }

    mutating func day(_ node: NativeNode?, at path: FieldPath, required: Bool = true) -> Day? {
        guard let value = text(node, at: path, required: required) else { return nil }
        guard let day = Day(iso: value) else {
            let shapeOK = value.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil
            error(path, shapeOK
                  ? "expected a calendar date YYYY-MM-DD, found \"\(value)\" (no such day)"
                  : "expected a calendar date YYYY-MM-DD, found \"\(value.prefix(40))\"")
            return nil
        }
        return day
    }

    // MARK: Helpers

    /// Characters XML 1.0 cannot carry. Rejected in both encodings so that every valid JSON
    /// catalogue can be written as XML and back without loss.
    static func isForbiddenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00..<0x20, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The allowed name closest to a misspelt one, when it is close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        let scored = candidates.map { ($0, EditDistance.between(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, min(3, word.count / 3)) ? best.0 : nil
    }
}

extension NativeValue {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
