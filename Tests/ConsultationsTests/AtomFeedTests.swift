import CatalogStore
import CLibXML2
import Consultations
import Foundation
import SupportModel
import Testing

@Suite("Atom feed of a saved profile")
struct AtomFeedTests {
    static let atom = "http://www.w3.org/2005/Atom"

    /// A saved profile with real events: a catalogue import, a save, a changed import.
    static func feedWithEvents() throws -> (workspace: Workspace, profile: SavedProfile) {
        let workspace = try Workspace()
        try workspace.importCatalogue([Catalogue.offer("a"), Catalogue.offer("b", title: "Programm <b> & \"Co\"")])
        let profile = try workspace.consultations.create(ProfileDraft(
            label: "Müller & Söhne <GmbH>", profile: try Catalogue.profile(ChangeDetectionTests.saxonCompany),
            shortlist: [ShortlistItem(offerId: id("a")), ShortlistItem(offerId: id("b"))]),
            baseline: try workspace.baseline(today: day("2026-11-28")))
        let report = try workspace.importCatalogue([
            Catalogue.offer("a", deadline: day("2026-12-05")), Catalogue.offer("c", title: "Neu: Programm c"),
        ])
        _ = try workspace.detect(after: report, today: day("2026-11-28"))
        return (workspace, profile)
    }

    static func render(_ workspace: Workspace, _ profile: SavedProfile) throws -> String {
        let saved = try #require(try workspace.consultations.profile(profile.id))
        return AtomFeed(
            profile: saved, events: try workspace.consultations.events(of: profile.id),
            selfURL: "http://localhost:8080/v1/profiles/\(profile.id)/feed.atom",
            pageURL: "http://localhost:8080/consultations/\(profile.id)",
            offerBaseURL: "http://localhost:8080/v1/offers/").render()
    }

    @Test("libxml2 parses the feed; it has every element RFC 4287 requires, entries with unique urn:uuid ids")
    func requiredElements() throws {
        let (workspace, profile) = try Self.feedWithEvents()
        defer { workspace.remove() }
        let kinds = try workspace.consultations.events(of: profile.id).map(\.kind)
        #expect(Set(kinds) == [.newMatch, .materialChange, .withdrawn, .deadlineSoon])
        let xml = try Self.render(workspace, profile)
        let feed = try ParsedXML(xml)
        defer { feed.free() }

        let root = try #require(feed.root)
        #expect(root.name == "feed" && root.namespace == Self.atom)
        for required in ["id", "title", "updated"] {
            #expect(root.children(required).count == 1, "feed has exactly one atom:\(required)")
        }
        #expect(root.children("title").first?.text == "SupportMatch: changes for Müller & Söhne <GmbH>", "escaped, and read back unescaped")
        #expect(try Self.isAbsoluteIRI(#require(root.children("id").first?.text)))
        #expect(Self.isRFC3339(root.children("updated").first?.text ?? ""))
        let authors = root.children("author")
        #expect(authors.count == 1 && authors[0].children("name").first?.text == "SupportMatch")
        let selfLinks = root.children("link").filter { $0.attribute("rel") == "self" }
        #expect(selfLinks.count == 1 && selfLinks[0].attribute("href")?.hasPrefix("http://localhost:8080/v1/profiles/") == true)

        let entries = root.children("entry")
        #expect(entries.count == kinds.count)
        var ids: Set<String> = []
        for entry in entries {
            for required in ["id", "title", "updated"] {
                #expect(entry.children(required).count == 1, "entry has exactly one atom:\(required)")
            }
            let entryID = try #require(entry.children("id").first?.text)
            #expect(entryID.hasPrefix("urn:uuid:") && entryID.count == "urn:uuid:".count + 36)
            ids.insert(entryID)
            #expect(Self.isRFC3339(entry.children("updated").first?.text ?? ""))
            // Without atom:content an entry needs an alternate link (RFC 4287 §4.1.2); this has both.
            #expect(entry.children("content").first?.attribute("type") == "text")
            #expect(entry.children("link").contains { $0.attribute("rel") == "alternate" })
        }
        #expect(ids.count == entries.count, "entry ids are unique")
        let newest = entries.compactMap { $0.children("updated").first?.text }.max()
        #expect(root.children("updated").first?.text == newest, "the feed is as new as its newest entry")
        #expect(entries.contains { $0.children("title").first?.text == "Withdrawn: Programm <b> & \"Co\"" })
    }

    @Test("Re-reading the feed gives the same bytes")
    func byteStable() throws {
        let (workspace, profile) = try Self.feedWithEvents()
        defer { workspace.remove() }
        let first = try Self.render(workspace, profile)
        // A visit and another import without changes touch the profile but add no events.
        _ = try workspace.consultations.visit(profile.id)
        let report = try workspace.importCatalogue([
            Catalogue.offer("a", deadline: day("2026-12-05")), Catalogue.offer("c", title: "Neu: Programm c"),
        ])
        _ = try workspace.detect(after: report, today: day("2026-11-28"))
        let second = try Self.render(workspace, profile)
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test("A profile without events has a valid, empty feed dated at its creation")
    func emptyFeed() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.importCatalogue([Catalogue.offer("a")])
        let profile = try workspace.consultations.create(
            ProfileDraft(label: "leer", profile: try Catalogue.profile(ChangeDetectionTests.saxonCompany)),
            baseline: try workspace.baseline(today: day("2026-11-28")))
        let feed = try ParsedXML(try Self.render(workspace, profile))
        defer { feed.free() }
        let root = try #require(feed.root)
        #expect(root.children("entry").isEmpty)
        #expect(root.children("updated").first?.text == profile.createdAt.date.formatted(.iso8601))
    }

    static func isAbsoluteIRI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        return text[..<colon].allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    /// RFC 3339 date-time as Atom requires (§3.3): full date, `T`, time, zone.
    static func isRFC3339(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/) != nil
    }
}

/// A document parsed by libxml2 (no network, no entity substitution), walked as a tree.
struct ParsedXML {
    let document: xmlDocPtr

    init(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "feed.atom", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }) else {
            throw ParseFailure(message: "libxml2 could not parse the document")
        }
        self.document = document
    }

    func free() { xmlFreeDoc(document) }

    var root: Element? { xmlDocGetRootElement(document).map(Element.init) }

    struct Element {
        let node: xmlNodePtr

        var name: String { String(cString: node.pointee.name) }
        var namespace: String? { node.pointee.ns.map { String(cString: $0.pointee.href) } }

        /// Child elements in the Atom namespace with this local name.
        func children(_ localName: String) -> [Element] {
            var result: [Element] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let element = Element(node: current)
                    if element.name == localName && element.namespace == AtomFeedTests.atom { result.append(element) }
                }
                child = current.pointee.next
            }
            return result
        }

        var text: String? {
            guard let content = xmlNodeGetContent(node) else { return nil }
            defer { supportmatch_xmlFree(content) }
            return String(cString: content)
        }

        func attribute(_ name: String) -> String? {
            guard let value = xmlGetProp(node, name) else { return nil }
            defer { supportmatch_xmlFree(value) }
            return String(cString: value)
        }
    }

    struct ParseFailure: Error { var message: String }
}

@Suite("Atom feed against the RELAX NG schema of RFC 4287")
struct AtomRelaxNGTests {
    /// `Tests/schema/atom.rng`: RFC 4287 Appendix B in RELAX NG's XML syntax.
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema/atom.rng")

    @Test("libxml2 validates the feed against the Atom 1.0 schema; the same feed without an entry's updated does not")
    func validates() throws {
        let (workspace, profile) = try AtomFeedTests.feedWithEvents()
        defer { workspace.remove() }
        let xml = try AtomFeedTests.render(workspace, profile)
        #expect(try Self.isValid(xml))

        // Entries are indented four spaces, the feed's own elements two.
        var lines = xml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let entryUpdated = try #require(lines.firstIndex { $0.hasPrefix("    <updated>") })
        lines.remove(at: entryUpdated)
        #expect(try !Self.isValid(lines.joined(separator: "\n")), "the schema rejects an entry without atom:updated")
    }

    /// Validates with libxml2's RELAX NG validator (no network, no entity substitution).
    static func isValid(_ xml: String) throws -> Bool {
        let grammar = try Data(contentsOf: schema)
        let document = try ParsedXML(xml)
        defer { document.free() }
        return try grammar.withUnsafeBytes { raw -> Bool in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            guard let parser = xmlRelaxNGNewMemParserCtxt(base, Int32(raw.count)) else { throw SchemaFailure() }
            defer { xmlRelaxNGFreeParserCtxt(parser) }
            guard let compiled = xmlRelaxNGParse(parser) else { throw SchemaFailure() }
            defer { xmlRelaxNGFree(compiled) }
            guard let validator = xmlRelaxNGNewValidCtxt(compiled) else { throw SchemaFailure() }
            defer { xmlRelaxNGFreeValidCtxt(validator) }
            return xmlRelaxNGValidateDoc(validator, document.document) == 0
        }
    }

    struct SchemaFailure: Error {}
}
