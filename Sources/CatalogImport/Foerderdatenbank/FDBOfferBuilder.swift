import Foundation
import SupportModel

/// Turns one `gsb:ServiceOffer` document, with the documents it links to, into an offer.
struct FDBOfferBuilder {
    let mappings: FDBMappings
    let documents: [String: FDBDocument]
    let context: ReadContext

    static let contentRoot = "/BMWI/FDB/Content/DE/"
    static let categoryRoot = "/BMWI/SiteGlobals/Categories/"
    static let siteBase = "https://www.foerderdatenbank.de"

    /// Codes and document links of a programme, by classifier name, in document order.
    struct Classified {
        var codes: [String: [String]] = [:]
        var documentLinks: [String: [String]] = [:]
        var lines: [String: Int] = [:]
    }

    func record(for document: FDBDocument, reader: FoerderdatenbankReader) -> ReadRecord {
        var diagnostics = document.warnings
        let localID = Self.localID(of: document)
        let recordID = OfferID(source: context.sourceOverride ?? FoerderdatenbankReader.sourceID, localID: localID).description
        func at(_ property: String?) -> SourceLocation {
            var location = document.location
            location.line = property.flatMap { document.property($0)?.line } ?? location.line
            return location
        }
        func warn(_ property: String?, field: String?, _ message: String) {
            diagnostics.append(Diagnostic(.warning, at: at(property), field: field, message: message, recordID: recordID))
        }

        let classified = Self.classify(document)
        func classifierLocation(_ name: String) -> SourceLocation {
            var location = document.location
            location.line = classified.lines[name] ?? location.line
            return location
        }

        // Classifiers onto taxonomies.
        func mapped(_ target: String, field: String) -> [String]? {
            guard let (name, table) = mappings.classifier(for: target) else { return nil }
            let codes = classified.codes[name] ?? []
            guard !codes.isEmpty else { return nil }  // empty property: unknown, no criterion
            var result: [String] = []
            var unrestricted = false
            for code in codes {
                if let quirk = mappings.quirks[name]?[code] {
                    diagnostics.append(Diagnostic(.warning, at: classifierLocation(name), field: field,
                                                  message: "known export quirk in \(name) code \"\(code)\": \(quirk)", recordID: recordID))
                }
                switch table.lookup(code) {
                case .mapped(let targets): result += targets
                case .unrestricted: unrestricted = true
                case .unknown:
                    let known = table.codes.keys.sorted().prefix(30).joined(separator: ", ")
                    diagnostics.append(Diagnostic(.warning, at: classifierLocation(name), field: field,
                                                  message: "unknown \(name) code \"\(code)\", not mapped (kept in originalCodes); expected one of: \(known)", recordID: recordID))
                }
            }
            let unique = result.uniqued()
            if unique.count < result.count {
                diagnostics.append(Diagnostic(.warning, at: classifierLocation(name), field: field,
                                              message: "\(name) codes \(codes.map { "\"\($0)\"" }.joined(separator: ", ")) repeat the same \(target) value; read once", recordID: recordID))
            }
            if unrestricted || unique.isEmpty { return nil }
            return unique
        }

        let instruments = (mapped("instruments", field: "instruments") ?? []).map(Instrument.init)
        let topics = (mapped("topics", field: "topics") ?? []).map(TopicCode.init)
        let applicantTypes = mapped("applicantTypes", field: "eligibility.applicantTypes")?.map(ApplicantType.init)
        let regions = mapped("regions", field: "eligibility.regions")?.map(RegionCode.init)
        var companySizes: [SizeClass]? = nil
        if let sizes = mapped("companySizes", field: "eligibility.companySizes") {
            companySizes = sizes.compactMap { code in
                guard let size = SizeClass(rawValue: code) else {
                    warn("gsb:cl2Processes", field: "eligibility.companySizes", "the mapping table names an unknown size class \"\(code)\"")
                    return nil
                }
                return size
            }.sorted()
        }

        // Provider: the linked funding body, its level, and the first contact.
        var level: ProviderLevel? = mapped("providerLevel", field: "provider.level")?.compactMap(ProviderLevel.init(rawValue:)).first
        if level == nil {
            let relative = Self.relativePath(document.path)
            if relative.hasPrefix("Foerderprogramm/"), let folder = relative.split(separator: "/").dropFirst().first {
                level = mappings.providerLevelByPath[String(folder)].flatMap(ProviderLevel.init(rawValue:))
            }
        }
        var providerName = ""
        if let key = classified.documentLinks["Foerderorganisation"]?.first {
            if let body = documents[key] {
                providerName = Self.plain(body.property("gsb:title")?.text).singleLine
            } else {
                warn("gsb:cl2Processes", field: "provider.name", "the funding body \"\(key)\" is not in the export")
            }
        }
        var contact: Contact?
        for key in classified.documentLinks["Kontakt"] ?? [] {
            guard let contactDocument = documents[key] else {
                warn("gsb:cl2Contacts", field: "provider.contact", "the contact \"\(key)\" is not in the export")
                continue
            }
            if contact == nil { contact = self.contact(from: contactDocument) }
            if providerName.isEmpty { providerName = contact?.name ?? "" }
        }

        // Without a linked funding body, the body is named after level and area ("Land
        // Thüringen"), as the export's own Foerdergeber/Foerdergebiet pair describes it.
        if providerName.isEmpty, let level {
            let regionLabel = regions?.first.flatMap { context.taxonomies.regions.term($0.rawValue)?.de } ?? ""
            if let template = mappings.providerNameByLevel[level.rawValue] {
                providerName = template.replacingOccurrences(of: "{region}", with: regionLabel).trimmingCharacters(in: .whitespaces)
                warn("gsb:cl2Processes", field: "provider.name", "no funding body (Foerderorganisation) linked; provider named \"\(providerName)\" after its level and area")
            }
        }

        // Texts.
        let title = Self.plain(document.property("gsb:title")?.text).singleLine
        var richTexts: [(property: String, text: FDBRichText)] = []
        for property in mappings.descriptionProperties {
            let text = Self.plain(document.property(property)?.text)
            if !text.isEmpty { richTexts.append((property, text)) }
        }
        var paragraphs: [String] = []
        for (_, text) in richTexts { paragraphs += text.paragraphs }
        let description = paragraphs.uniqued().joined(separator: "\n\n")
        var summary = Self.plain(document.property("gsb:teaserText")?.text).plainText
        if summary.isEmpty { summary = Self.plain(document.property("gsb:summary")?.text).paragraphs.first ?? "" }
        let keywords = (document.property("gsb:keywords")?.value ?? "")
            .split(whereSeparator: { $0.isWhitespace }).map(String.init).uniqued()

        // Links: application links from the customer services list, legal-basis and
        // information links from the rich text.
        var links: [Link] = []
        for key in classified.documentLinks["ExternerLink"] ?? [] {
            guard let linkDocument = documents[key] else {
                warn("gsb:cl2CustServices", field: "links", "the external link \"\(key)\" is not in the export")
                continue
            }
            if let link = externalLink(linkDocument, kind: .application) { links.append(link) }
        }
        for (property, text) in richTexts {
            for reference in text.links {
                if reference.target.hasPrefix("/BMWI/") {
                    guard let linkDocument = documents[reference.target] else {
                        warn(property, field: "links", "the linked document \"\(reference.target)\" is not in the export")
                        continue
                    }
                    guard linkDocument.type == "gsb:ExternalLink" else { continue }
                    let kind: LinkKind = isLegalBasis(reference, linkDocument) ? .legalBasis : .information
                    if let link = externalLink(linkDocument, kind: kind, anchor: reference.text) { links.append(link) }
                } else if reference.target.lowercased().hasPrefix("http") {
                    let kind: LinkKind = isLegalBasis(reference, nil) ? .legalBasis : .information
                    links.append(Link(kind: kind, url: reference.target.trimmingCharacters(in: .whitespaces), title: reference.text.isEmpty ? nil : reference.text))
                }
            }
        }
        // Many programmes name their statute ("nach dem SGB II") without linking it.
        if !links.contains(where: { $0.kind == .legalBasis }) {
            links += Self.citedLegalBases(in: legalText(richTexts), citations: mappings.legalBasis.citations ?? [])
        }
        var seenURLs: Set<String> = []
        links = links.filter { seenURLs.insert($0.url).inserted }

        // Status and dates.
        var status: OfferStatus = .rolling
        for segment in Self.relativePath(document.path).split(separator: "/") {
            if let named = mappings.statusByPathSegment[String(segment)].flatMap(OfferStatus.init(rawValue:)) { status = named }
        }
        var lastUpdated: Day?
        if let issued = document.property("gsb:dateOfIssue")?.value?.trimmingCharacters(in: .whitespaces), !issued.isEmpty {
            lastUpdated = Day(iso: String(issued.prefix(10)))
            if lastUpdated == nil {
                warn("gsb:dateOfIssue", field: "lastUpdated", "expected a date YYYY-MM-DD…, found \"\(issued.prefix(40))\"; ignored")
            }
        }

        var originalCodes: [String: [String]] = [:]
        for (name, codes) in classified.codes where !codes.isEmpty { originalCodes[name] = codes.uniqued() }

        let offer = Offer(
            id: OfferID(source: FoerderdatenbankReader.sourceID, localID: localID),
            title: title, summary: summary, description: description, language: .german,
            provider: Provider(name: providerName, level: level ?? .other, contact: contact),
            links: links, instruments: instruments, topics: topics, keywords: keywords,
            eligibility: Eligibility(applicantTypes: applicantTypes, companySizes: companySizes, regions: regions),
            funding: nil, schedule: Schedule(status: status), lastUpdated: lastUpdated,
            sourceURL: Self.pageURL(of: document), originalCodes: originalCodes)

        var record = reader.validated(offer, at: at(nil), context: context) { path in
            guard case .key(let first)? = path.components.first else { return at(nil) }
            switch first {
            case "title": return at("gsb:title")
            case "summary": return at("gsb:teaserText")
            case "instruments", "topics", "provider", "eligibility": return at("gsb:cl2Processes")
            case "links": return at("gsb:cl2CustServices")
            case "lastUpdated": return at("gsb:dateOfIssue")
            default: return at(nil)
            }
        }
        record.diagnostics = diagnostics + record.diagnostics
        return record
    }

    // MARK: Linked documents

    func contact(from document: FDBDocument) -> Contact {
        func value(_ name: String) -> String? {
            let text = document.property(name)?.value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return text.isEmpty ? nil : text
        }
        let name = Self.plain(document.property("gsb:title")?.text).singleLine
        var address: String?
        let classified = Self.classify(document)
        if let key = classified.documentLinks["Adresse"]?.first, let addressDocument = documents[key] {
            address = Self.address(from: addressDocument)
        }
        var url: String?
        if let key = document.property("gsb:website")?.links.first, let site = documents[key] {
            url = site.property("gsb:url")?.value?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return Contact(name: name.isEmpty ? nil : name, email: value("gsb:email"), phone: value("gsb:phone"),
                       address: address, url: url?.isEmpty == false ? url : nil)
    }

    static func address(from document: FDBDocument) -> String? {
        func value(_ name: String) -> String {
            document.property(name)?.value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        let street = [value("gsb:road"), value("gsb:houseId")].filter { !$0.isEmpty }.joined(separator: " ")
        let town = [value("gsb:zipCode"), value("gsb:city")].filter { !$0.isEmpty }.joined(separator: " ")
        let postBox = value("gsb:postOfficeBox")
        let parts = [street, postBox.isEmpty ? "" : "Postfach \(postBox)", town].filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    func externalLink(_ document: FDBDocument, kind: LinkKind, anchor: String = "") -> Link? {
        let url = document.property("gsb:url")?.value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !url.isEmpty else { return nil }
        let title = Self.plain(document.property("gsb:title")?.text).singleLine
        let chosen = title.isEmpty ? anchor : title
        return Link(kind: kind, url: url, title: chosen.isEmpty ? nil : chosen)
    }

    func isLegalBasis(_ reference: FDBRichText.Link, _ document: FDBDocument?) -> Bool {
        let rules = mappings.legalBasis
        if let document {
            if rules.namePrefixes.contains(where: { document.name.hasPrefix($0) }) { return true }
            if rules.nameSuffixes.contains(where: { document.name.hasSuffix($0) }) { return true }
        }
        if let heading = reference.heading?.lowercased(),
           rules.headings.contains(where: { heading.contains($0.lowercased()) }) { return true }
        let title = document.map { Self.plain($0.property("gsb:title")?.text).plainText } ?? ""
        let haystack = (reference.text + " " + title).lowercased()
        return rules.keywords.contains { haystack.contains($0.lowercased()) }
    }

    /// The paragraphs that state a programme's legal basis: the legal-framework property and
    /// sections headed like "Rechtsgrundlage" or "Quelle". Other sections may name statutes of
    /// other programmes ("if you draw benefits under SGB III, see the Gründungszuschuss").
    func legalText(_ richTexts: [(property: String, text: FDBRichText)]) -> String {
        let rules = mappings.legalBasis
        let headings = (rules.headings + (rules.citationHeadings ?? [])).map { $0.lowercased() }
        var paragraphs: [String] = []
        for (property, text) in richTexts {
            for (paragraph, heading) in zip(text.paragraphs, text.headings) {
                let underLegalHeading = heading.map { heading in headings.contains { heading.lowercased().contains($0) } } ?? false
                if property == rules.citationProperty || underLegalHeading { paragraphs.append(paragraph) }
            }
        }
        return paragraphs.joined(separator: "\n")
    }

    /// Legal-basis links for the statutes `text` names, in table order. A phrase counts only
    /// as a whole word, so "SGB II" is not found inside "SGB III".
    static func citedLegalBases(in text: String, citations: [FDBMappings.Citation]) -> [Link] {
        citations.filter { citation in
            citation.phrases.contains { containsWholeWord(text, $0) }
        }.map { citation in
            Link(kind: .legalBasis, url: citation.url, title: citation.title + " (im Programmtext genannt)")
        }
    }

    static func containsWholeWord(_ text: String, _ phrase: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: phrase, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            let isWordCharacter = { (character: Character?) in character.map { $0.isLetter || $0.isNumber } ?? false }
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    // MARK: Helpers

    static func plain(_ text: String?) -> FDBRichText {
        guard let text, !text.isEmpty else { return .empty }
        return FDBRichText(exportText: text)
    }

    /// Classifier codes and document links from every classified-link-list property.
    static func classify(_ document: FDBDocument) -> Classified {
        var result = Classified()
        for (_, property) in document.properties.sorted(by: { $0.value.line < $1.value.line }) {
            for list in property.classified {
                guard let classifier = list.classifier else { continue }
                result.lines[classifier] = result.lines[classifier] ?? property.line
                for link in list.links {
                    if link.hasPrefix(categoryRoot) {
                        if let code = link.split(separator: "/").last { result.codes[classifier, default: []].append(String(code)) }
                    } else {
                        result.documentLinks[classifier, default: []].append(link)
                    }
                }
            }
        }
        return result
    }

    /// The document's path below `/BMWI/FDB/Content/DE/`.
    static func relativePath(_ path: String) -> String {
        let trimmed = path.hasPrefix(contentRoot) ? String(path.dropFirst(contentRoot.count))
            : String(path.drop(while: { $0 == "/" }))
        return trimmed
    }

    /// Stable local id: the document's folder below the content root plus its name.
    static func localID(of document: FDBDocument) -> String {
        let folder = relativePath(document.path)
        return folder.isEmpty ? document.name : folder + "/" + document.name
    }

    /// The public page: the site + the path without `/BMWI` + `/name.html`.
    static func pageURL(of document: FDBDocument) -> String {
        let path = document.path.hasPrefix("/BMWI/") ? String(document.path.dropFirst(5)) : document.path
        return siteBase + path + "/" + document.name + ".html"
    }
}
