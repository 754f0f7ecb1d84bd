public import Foundation
import SupportModel

extension CatalogFormat {
    /// CommonGrants opportunities as JSON (`OpportunityBase`): one, a list, or a paginated response.
    public static let commonGrants: Self = "commongrants-json"
}

/// Reads CommonGrants JSON (the Simpler.Grants.gov protocol): a single `OpportunityBase`, an
/// array of them, or the paginated response envelope `{"items": [...], "paginationInfo": {...}}`.
///
/// CommonGrants has no provider, instrument, topic or region; SupportMatch's own export writes
/// them as custom fields (see ``CommonGrantsWriter``), which this reader prefers when present.
/// Opportunities from elsewhere get the instrument `grant` (the protocol describes grant
/// opportunities), language `en`, and their provider from an `agency` custom field or the
/// host of `source`. Problems are located by JSON pointer.
public struct CommonGrantsReader: CatalogReader {
    public let format: CatalogFormat = .commonGrants
    public static let sourceID = "commongrants"
    private let mappings: Result<CommonGrantsMappings, MappingTableError>

    public init() { mappings = CommonGrantsMappings.bundled }

    public func recognizes(head: Data, url: URL) -> Bool {
        guard let first = head.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return false }
        let markers = ["\"keyDates\"", "\"acceptedApplicantTypes\"", "\"paginationInfo\"", "\"\(CommonGrantsCustomField.offerID)\""]
        return markers.contains { head.range(of: Data($0.utf8)) != nil }
    }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let mappings: CommonGrantsMappings
        switch self.mappings {
        case .success(let loaded): mappings = loaded
        case .failure(let error): throw CatalogReadError(at: SourceLocation(file: input.displayName), error.description)
        }
        let fileLocation = SourceLocation(file: input.displayName)
        let size = (try? FileManager.default.attributesOfItem(atPath: input.url.path)[.size] as? NSNumber)?.intValue ?? 0
        let limit = min(context.limits.maxDocumentBytes, context.limits.maxObjectTreeBytes)
        if size > limit {
            throw CatalogReadError(at: fileLocation, "the file is \(size) bytes, more than the limit of \(limit) bytes for a CommonGrants document (ReadLimits.maxObjectTreeBytes); split it into pages")
        }
        let data: Data
        do { data = try Data(contentsOf: input.url) } catch {
            throw CatalogReadError(at: fileLocation, "cannot read the file: \(error.localizedDescription)")
        }
        try read(data, displayName: input.displayName, mappings: mappings, context: context, handle: handle)
    }

    /// Reads CommonGrants JSON from memory (used by the file reader and by round-trip tests).
    func read(_ data: Data, displayName: String, mappings: CommonGrantsMappings? = nil, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let mappings = try mappings ?? self.mappings.get()
        let fileLocation = SourceLocation(file: displayName)
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw CatalogReadError(at: Self.syntaxErrorLocation(error, message: message, in: data, file: displayName),
                                   "not valid JSON: \(message)")
        }
        if let depth = Self.depth(of: root, limit: context.limits.maxDepth), depth > context.limits.maxDepth {
            throw CatalogReadError(at: fileLocation, "JSON nests deeper than \(context.limits.maxDepth) levels")
        }
        try Self.checkDuplicateKeys(data, displayName: displayName, limits: context.limits)
        var declaredSource = CommonGrantsReader.sourceID
        if let object = root as? [String: Any], let value = object[CommonGrantsCustomField.documentSource] {
            guard let text = value as? String, text.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
                throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: "/" + CommonGrantsCustomField.documentSource),
                                       "expected a source name of lowercase letters, digits, '.', '_' or '-' (at most 64 characters)")
            }
            declaredSource = text
        }
        var otherSources: Set<String> = []
        if let object = root as? [String: Any], let value = object[CommonGrantsCustomField.documentSources] {
            let pointer = "/" + CommonGrantsCustomField.documentSources
            guard object[CommonGrantsCustomField.documentSource] != nil else {
                throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: pointer),
                                       "other sources are declared without the document's own (\(CommonGrantsCustomField.documentSource))")
            }
            guard let list = value as? [Any] else {
                throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: pointer), "expected a list of source names")
            }
            for (position, entry) in list.enumerated() {
                guard let text = entry as? String, text.range(of: NativeFormat.sourcePattern, options: .regularExpression) != nil else {
                    throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: JSONPointer.appending(pointer, position)),
                                           "expected a source name of lowercase letters, digits, '.', '_' or '-' (at most 64 characters)")
                }
                otherSources.insert(text)
            }
        }
        let items: [(Any, String)]
        if let list = root as? [Any] {
            items = list.enumerated().map { ($1, JSONPointer.appending("", $0)) }
        } else if let object = root as? [String: Any], let list = object["items"] {
            guard let list = list as? [Any] else {
                throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: "/items"), "expected an array of opportunities")
            }
            if object["paginationInfo"] == nil {
                throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: "/paginationInfo"), "expected paginationInfo next to items (CommonGrants paginated response)")
            }
            items = list.enumerated().map { ($1, JSONPointer.appending("/items", $0)) }
        } else if root is [String: Any] {
            items = [(root, "")]
        } else {
            throw CatalogReadError(at: SourceLocation(file: displayName, jsonPointer: ""), "expected an opportunity object, an array of them, or a paginated response {\"items\": [...]}")
        }
        let builder = CommonGrantsOfferBuilder(reader: self, mappings: mappings, context: context, file: displayName)
        for (item, pointer) in items {
            var record = builder.record(item, pointer: pointer)
            // A record of a source the document declares besides its own is written to that
            // source; any other source stays refused by the snapshot writer.
            let named = record.offer?.id.source
            record.declaredSource = context.sourceOverride
                ?? (named.map(otherSources.contains) == true ? named : declaredSource)
            try handle(record)
        }
    }

    /// `JSONSerialization` keeps the last of two members with one name, silently; the native
    /// reader refuses them, and so does this one: the document is parsed again by the native
    /// reader's strict parser (which also bounds every string to ``ReadLimits/maxTextBytes``)
    /// and the first repeated name is a located error.
    static func checkDuplicateKeys(_ data: Data, displayName: String, limits: ReadLimits) throws {
        let bytes = [UInt8](data)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let lines = UTF8LineIndex(bytes, start: start)
        func location(_ offset: Int) -> SourceLocation {
            let (line, column) = lines.lineAndColumn(of: offset)
            return SourceLocation(file: displayName, line: line, column: column)
        }
        let tree: NativeNode
        do {
            tree = try JSONTreeParser.parse(bytes, from: start, maxDepth: limits.maxDepth, maxStringBytes: limits.maxTextBytes)
        } catch {
            throw CatalogReadError(at: location(error.offset), error.message)
        }
        var pending = [tree]
        while let node = pending.popLast() {
            switch node.value {
            case .object(let members):
                var names = Set<String>()
                for member in members {
                    if !names.insert(member.key).inserted {
                        throw CatalogReadError(at: location(member.node.mark), "duplicate member \"\(member.key.prefix(80))\": JSON readers disagree on which one counts, so neither is read")
                    }
                    pending.append(member.node)
                }
            case .array(let elements):
                pending.append(contentsOf: elements)
            default:
                break
            }
        }
    }

    /// The nesting depth, stopping early once it is past `limit`.
    /// Where `JSONSerialization` stopped, as line and column: Foundation gives a byte offset
    /// (in `userInfo` or as "character N" in the message), or nothing for an early end of file,
    /// which is located at the end. Found by the bad-input corpus: the error had only the file.
    static func syntaxErrorLocation(_ error: any Error, message: String, in data: Data, file: String) -> SourceLocation {
        var offset = (error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int
        if offset == nil, let match = message.firstMatch(of: /character (\d+)/) { offset = Int(match.1) }
        if offset == nil, message.lowercased().contains("end of file") { offset = data.count }
        guard let offset else { return SourceLocation(file: file) }
        var line = 1, column = 1
        for byte in data.prefix(max(0, offset)) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    static func depth(of value: Any, limit: Int, current: Int = 0) -> Int? {
        if current > limit { return current }
        var deepest = current
        if let object = value as? [String: Any] {
            for child in object.values { deepest = max(deepest, depth(of: child, limit: limit, current: current + 1) ?? 0) }
        } else if let array = value as? [Any] {
            for child in array { deepest = max(deepest, depth(of: child, limit: limit, current: current + 1) ?? 0) }
        }
        return deepest
    }
}

/// Turns one CommonGrants opportunity object into an offer.
struct CommonGrantsOfferBuilder {
    let reader: CommonGrantsReader
    let mappings: CommonGrantsMappings
    let context: ReadContext
    let file: String

    func record(_ value: Any, pointer: String) -> ReadRecord {
        let recordLocation = SourceLocation(file: file, jsonPointer: pointer)
        func at(_ path: String...) -> SourceLocation {
            SourceLocation(file: file, jsonPointer: path.reduce(pointer) { JSONPointer.appending($0, $1) })
        }
        guard let object = value as? [String: Any] else {
            return ReadRecord(offer: nil, location: recordLocation, diagnostics: [
                Diagnostic(.error, at: recordLocation, message: "expected an opportunity object"),
            ])
        }
        var diagnostics: [Diagnostic] = []
        var recordID: String?
        func problem(_ severity: Diagnostic.Severity, _ location: SourceLocation, _ field: String, _ message: String) {
            diagnostics.append(Diagnostic(severity, at: location, field: field, message: message, recordID: recordID))
        }
        func string(_ key: String, required: Bool, field: String) -> String? {
            guard let raw = object[key], !(raw is NSNull) else {
                if required { problem(.error, at(key), field, "expected \"\(key)\", a string") }
                return nil
            }
            guard let text = raw as? String else {
                problem(.error, at(key), field, "expected \"\(key)\" to be a string")
                return nil
            }
            return text
        }

        // Custom fields: name → (value, pointer).
        var custom: [String: (value: Any, pointer: SourceLocation)] = [:]
        if let fields = object["customFields"] {
            if let fields = fields as? [String: Any] {
                for (key, field) in fields {
                    guard let field = field as? [String: Any], let fieldValue = field["value"] else {
                        problem(.warning, at("customFields", key), "customFields", "expected a custom field {name, fieldType, value}; ignored")
                        continue
                    }
                    custom[(field["name"] as? String) ?? key] = (fieldValue, at("customFields", key, "value"))
                }
            } else {
                problem(.warning, at("customFields"), "customFields", "expected an object of custom fields; ignored")
            }
        }
        func customValue<T: Decodable>(_ name: String, as type: T.Type, field: String) -> T?? {
            guard let (value, location) = custom[name] else { return nil }
            if value is NSNull { return .some(nil) }
            do {
                let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
                return .some(try JSONDecoder().decode(T.self, from: data))
            } catch {
                problem(.error, location, field, "custom field \(name) does not hold the expected \(T.self): \(Self.describe(error))")
                return nil
            }
        }

        // Identity.
        let cgID = string("id", required: true, field: "id") ?? ""
        var offerID = OfferID(source: CommonGrantsReader.sourceID, localID: cgID)
        if let text = customValue(CommonGrantsCustomField.offerID, as: String.self, field: "id") ?? nil {
            if let parsed = OfferID(text) { offerID = parsed } else {
                problem(.error, custom[CommonGrantsCustomField.offerID]!.pointer, "id", "expected source:localID, found \"\(text.prefix(80))\"")
            }
        }
        recordID = offerID.description

        let title = string("title", required: true, field: "title") ?? ""
        let description = string("description", required: true, field: "description") ?? ""
        let sourceURL = string("source", required: false, field: "sourceURL")

        // Status.
        var status: OfferStatus = .open
        if let statusObject = object["status"] as? [String: Any], let value = statusObject["value"] as? String {
            if value == "custom" {
                let customText = statusObject["customValue"] as? String ?? ""
                if let ours = OfferStatus(rawValue: customText) { status = ours } else {
                    problem(.warning, at("status", "customValue"), "schedule.status", "custom status \"\(customText)\" has no SupportMatch equivalent (forthcoming, open, closed, rolling); read as open")
                }
            } else if let mapped = mappings.statuses[value].flatMap(OfferStatus.init(rawValue:)) {
                status = mapped
            } else {
                problem(.error, at("status", "value"), "schedule.status", "expected forecasted, open, closed or custom, found \"\(value)\"")
            }
        } else {
            problem(.error, at("status"), "schedule.status", "expected a status object {\"value\": \"open\"}")
        }
        if let ours = customValue(CommonGrantsCustomField.status, as: OfferStatus.self, field: "schedule.status") ?? nil { status = ours }

        // Funding: money objects {amount, currency}.
        var currencies: [String] = []
        func money(_ key: String) -> Double? {
            guard let funding = object["funding"] as? [String: Any], let raw = funding[key], !(raw is NSNull) else { return nil }
            guard let money = raw as? [String: Any], let amountText = money["amount"] as? String, let currency = money["currency"] as? String else {
                problem(.error, at("funding", key), "funding", "expected a money object {\"amount\": \"1000.00\", \"currency\": \"USD\"}")
                return nil
            }
            guard amountText.range(of: #"^-?[0-9]+\.?[0-9]*$"#, options: .regularExpression) != nil, let amount = Double(amountText) else {
                problem(.error, at("funding", key, "amount"), "funding", "expected a decimal string such as \"1000.50\", found \"\(amountText.prefix(40))\"")
                return nil
            }
            currencies.append(currency)
            return amount
        }
        let minimum = money("minAwardAmount")
        let maximum = money("maxAwardAmount")
        let total = money("totalAmountAvailable")
        if Set(currencies).count > 1 {
            problem(.warning, at("funding"), "funding.currency", "amounts in several currencies (\(Set(currencies).sorted().joined(separator: ", "))); using \(currencies[0])")
        }
        var funding: Funding?
        if minimum != nil || maximum != nil || total != nil {
            funding = Funding(currency: currencies.first ?? "USD", amountMin: minimum, amountMax: maximum, totalBudget: total)
        }
        if let ours = customValue(CommonGrantsCustomField.funding, as: Funding.self, field: "funding") { funding = ours }

        // Timeline.
        func eventDay(_ key: String) -> Day? {
            guard let dates = object["keyDates"] as? [String: Any], let raw = dates[key], !(raw is NSNull) else { return nil }
            guard let event = raw as? [String: Any] else {
                problem(.error, at("keyDates", key), "schedule", "expected an event object")
                return nil
            }
            let dateKey = event["eventType"] as? String == "dateRange" ? (key == "postDate" ? "startDate" : "endDate") : "date"
            guard let text = event[dateKey] as? String else {
                if event["eventType"] as? String == "other" { return nil }
                problem(.error, at("keyDates", key, dateKey), "schedule", "expected \"\(dateKey)\", a date YYYY-MM-DD")
                return nil
            }
            guard let day = Day(iso: text) else {
                problem(.error, at("keyDates", key, dateKey), "schedule", "expected a date YYYY-MM-DD, found \"\(text.prefix(40))\"")
                return nil
            }
            return day
        }
        let opens = eventDay("postDate")
        var deadlines = eventDay("closeDate").map { [$0] } ?? []
        if let ours = customValue(CommonGrantsCustomField.deadlines, as: [Day].self, field: "schedule.deadlines") ?? nil { deadlines = ours }

        // Applicant types.
        var eligibility = Eligibility()
        if let types = object["acceptedApplicantTypes"], !(types is NSNull) {
            if let types = types as? [Any] {
                var mapped: [String] = []
                var unrestricted = false
                for (index, entry) in types.enumerated() {
                    let location = SourceLocation(file: file, jsonPointer: JSONPointer.appending(JSONPointer.appending(pointer, "acceptedApplicantTypes"), index))
                    guard let entry = entry as? [String: Any], let value = entry["value"] as? String else {
                        problem(.error, location, "eligibility.applicantTypes", "expected an applicant type object {\"value\": \"individual\"}")
                        continue
                    }
                    if value == "custom", let customText = entry["customValue"] as? String, context.taxonomies.applicantTypes.contains(customText) {
                        mapped.append(customText)
                        continue
                    }
                    switch mappings.applicantTypes.lookup(value) {
                    case .mapped(let targets): mapped += targets
                    case .unrestricted: unrestricted = true
                    case .unknown:
                        problem(.warning, location, "eligibility.applicantTypes", "unknown applicant type \"\(value)\", not mapped (kept in originalCodes)")
                    }
                }
                eligibility.applicantTypes = (unrestricted || mapped.isEmpty) ? nil : mapped.uniqued().map(ApplicantType.init)
            } else {
                problem(.error, at("acceptedApplicantTypes"), "eligibility.applicantTypes", "expected an array of applicant types")
            }
        }
        if let ours = customValue(CommonGrantsCustomField.eligibility, as: Eligibility.self, field: "eligibility") ?? nil { eligibility = ours }

        // Provider.
        var provider = Provider(name: "", level: .other)
        if let ours = customValue(CommonGrantsCustomField.provider, as: Provider.self, field: "provider") ?? nil {
            provider = ours
        } else if let agency = custom["agency"]?.value ?? custom["issuingAgency"]?.value {
            provider.name = (agency as? String) ?? ((agency as? [String: Any])?["name"] as? String) ?? ""
        }
        if provider.name.isEmpty, let sourceURL, let host = URL(string: sourceURL)?.host {
            provider.name = host
        }

        var originalCodes: [String: [String]] = [:]
        if let types = object["acceptedApplicantTypes"] as? [Any] {
            let codes = types.compactMap { ($0 as? [String: Any])?["value"] as? String }
            if !codes.isEmpty { originalCodes["acceptedApplicantTypes"] = codes }
        }
        if let statusValue = (object["status"] as? [String: Any])?["value"] as? String { originalCodes["status"] = [statusValue] }
        if let ours = customValue(CommonGrantsCustomField.originalCodes, as: [String: [String]].self, field: "originalCodes") ?? nil { originalCodes = ours }

        var lastUpdated: Day?
        if let modified = object["lastModifiedAt"] as? String { lastUpdated = Day(iso: String(modified.prefix(10))) }
        if let ours = customValue(CommonGrantsCustomField.lastUpdated, as: Day?.self, field: "lastUpdated") { lastUpdated = ours ?? nil }

        let offer = Offer(
            id: offerID, title: title,
            summary: (customValue(CommonGrantsCustomField.summary, as: String.self, field: "summary") ?? nil) ?? "",
            description: description,
            language: (customValue(CommonGrantsCustomField.language, as: LanguageCode.self, field: "language") ?? nil) ?? .english,
            provider: provider,
            links: (customValue(CommonGrantsCustomField.links, as: [Link].self, field: "links") ?? nil) ?? [],
            instruments: (customValue(CommonGrantsCustomField.instruments, as: [Instrument].self, field: "instruments") ?? nil) ?? [.grant],
            topics: (customValue(CommonGrantsCustomField.topics, as: [TopicCode].self, field: "topics") ?? nil) ?? [],
            keywords: (customValue(CommonGrantsCustomField.keywords, as: [String].self, field: "keywords") ?? nil) ?? [],
            eligibility: eligibility, funding: funding,
            schedule: Schedule(status: status, opens: opens, deadlines: deadlines),
            lastUpdated: lastUpdated, sourceURL: sourceURL,
            asOf: customValue(CommonGrantsCustomField.asOf, as: Day.self, field: "asOf") ?? nil,
            originalCodes: originalCodes)

        if diagnostics.contains(where: { $0.severity == .error }) && (cgID.isEmpty || title.isEmpty) {
            // Identity or title unreadable: keep the located errors, do not build a half record.
            return ReadRecord(offer: nil, location: recordLocation, diagnostics: diagnostics)
        }
        let keyForPath: [String: String] = [
            "title": "title", "summary": "customFields", "description": "description", "funding": "funding",
            "schedule": "keyDates", "eligibility": "acceptedApplicantTypes", "sourceURL": "source",
            "provider": "customFields", "instruments": "customFields", "topics": "customFields", "links": "customFields",
        ]
        var record = reader.validated(offer, at: recordLocation, context: context) { path in
            guard case .key(let first)? = path.components.first, let key = keyForPath[first] else { return recordLocation }
            return at(key)
        }
        record.diagnostics = diagnostics + record.diagnostics
        return record
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription
        case DecodingError.keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\""
        default:
            return String(describing: error)
        }
    }
}
