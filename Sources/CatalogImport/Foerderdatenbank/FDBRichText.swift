import CLibXML2
import Foundation

/// Rich text of the export turned into readable plain text.
///
/// A `RichText` property holds an XHTML fragment wrapped in `<![CDATA[ … ]]>`, and that whole
/// string is escaped once more as XML text. The XML parser undoes the outer escaping; this
/// strips the CDATA markers and reads the XHTML with libxml2's HTML parser (tolerant of the
/// named entities and stray markup found in hand-edited texts). Paragraphs and headings
/// become paragraphs separated by a blank line, list items become lines starting with "- ",
/// `<br>` becomes a line break, and no-break spaces become spaces.
struct FDBRichText: Sendable {
    var paragraphs: [String]
    /// The heading each paragraph stands under (a heading stands under itself).
    var headings: [String?]
    var links: [Link]

    struct Link: Sendable, Hashable {
        /// `target:` path without the prefix, or an http(s) URL.
        var target: String
        var text: String
        /// The heading the link stands under, if any.
        var heading: String?
    }

    var plainText: String { paragraphs.joined(separator: "\n\n") }
    /// The text on one line, for titles and names.
    var singleLine: String {
        paragraphs.joined(separator: " ").split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
    }
    var isEmpty: Bool { paragraphs.isEmpty }

    static let empty = FDBRichText(paragraphs: [], headings: [], links: [])

    /// Strips the CDATA markers around the (already once unescaped) property text.
    static func unwrap(_ text: String) -> String {
        var body = Substring(text).drop { $0.isWhitespace }
        while body.last?.isWhitespace == true { body = body.dropLast() }
        if body.hasPrefix("<![CDATA[") { body = body.dropFirst(9) }
        if body.hasSuffix("]]>") { body = body.dropLast(3) }
        return String(body)
    }

    init(paragraphs: [String], headings: [String?]? = nil, links: [Link]) {
        self.paragraphs = paragraphs
        self.headings = headings ?? Array(repeating: nil, count: paragraphs.count)
        self.links = links
    }

    init(exportText text: String) {
        let fragment = Self.unwrap(text)
        guard fragment.contains(where: { !$0.isWhitespace }) else { self = .empty; return }
        // Most properties of an export document are an empty `<div …></div>`: skip the parser.
        if fragment.hasPrefix("<div"), fragment.hasSuffix("</div>"), let close = fragment.firstIndex(of: ">"),
           fragment[fragment.index(after: close)...] == "</div>" {
            self = .empty
            return
        }
        var builder = Builder()
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        // Rich text is parsed leniently and its HTML errors are not reported (NOERROR).
        let document: htmlDocPtr? = LibXML2.droppingThreadMessages {
            fragment.withCString { pointer in
                htmlReadMemory(pointer, Int32(strlen(pointer)), nil, "UTF-8", options)
            }
        }
        if let document {
            defer { xmlFreeDoc(document) }
            var node = document.pointee.children
            while let current = node {
                builder.walk(current)
                node = current.pointee.next
            }
        }
        builder.flush()
        self.init(paragraphs: builder.blocks, headings: builder.blockHeadings, links: builder.links)
    }

    /// Walks the HTML tree, collecting blocks and links.
    private struct Builder {
        var blocks: [String] = []
        var blockHeadings: [String?] = []
        var links: [Link] = []
        var line = ""
        var listItems: [String] = []
        var heading: String?
        var listDepth = 0

        static let blockElements: Set<String> = ["p", "div", "table", "tr", "blockquote", "dl", "dt", "dd", "section", "article", "pre", "address"]
        static let headingElements: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
        static let listElements: Set<String> = ["ul", "ol"]

        mutating func append(_ text: String) {
            for scalar in text.unicodeScalars {
                let isSpace = scalar.properties.isWhitespace || scalar == "\u{00A0}"
                if isSpace {
                    if !line.isEmpty && line.last != " " && line.last != "\n" { line.append(" ") }
                } else {
                    line.unicodeScalars.append(scalar)
                }
            }
        }

        /// Ends the current line as a paragraph (or list item, inside a list).
        mutating func flush() {
            let text = line.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
                .joined(separator: "\n")
            line = ""
            guard !text.isEmpty else { return }
            if listDepth > 0 {
                listItems.append("- " + text)
            } else {
                flushList()
                blocks.append(text)
                blockHeadings.append(heading)
            }
        }

        mutating func flushList() {
            guard !listItems.isEmpty else { return }
            blocks.append(listItems.joined(separator: "\n"))
            blockHeadings.append(heading)
            listItems = []
        }

        mutating func walk(_ node: xmlNodePtr) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { append(String(cString: content)) }
            case XML_ELEMENT_NODE:
                let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if name == "script" || name == "style" { return }
                if name == "br" { line.append("\n"); return }
                let isHeading = Self.headingElements.contains(name)
                let isList = Self.listElements.contains(name)
                let isItem = name == "li"
                let isBlock = Self.blockElements.contains(name) || isHeading
                if isList {
                    flush()
                    if listDepth == 0 { flushList() }
                    listDepth += 1
                } else if isItem || (isBlock && listDepth == 0) {
                    flush()
                }
                let linkTarget = name == "a" ? (attribute(node, "xlink:href") ?? attribute(node, "href")) : nil
                let textBefore = line
                var child = node.pointee.children
                while let current = child {
                    walk(current)
                    child = current.pointee.next
                }
                if let linkTarget {
                    let anchor = line.hasPrefix(textBefore) ? String(line.dropFirst(textBefore.count)) : ""
                    let target = linkTarget.hasPrefix(FDBDocumentParser.linkPrefix) ? String(linkTarget.dropFirst(FDBDocumentParser.linkPrefix.count)) : linkTarget
                    links.append(Link(target: target, text: anchor.trimmingCharacters(in: .whitespacesAndNewlines), heading: heading))
                }
                if isHeading {
                    heading = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    flush()
                } else if isList {
                    flush()
                    listDepth -= 1
                    if listDepth == 0 { flushList() }
                } else if isItem || (isBlock && listDepth == 0) {
                    flush()
                } else if isBlock {
                    append(" ")
                }
            default:
                var child = node.pointee.children
                while let current = child {
                    walk(current)
                    child = current.pointee.next
                }
            }
        }

        func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
            guard let value = xmlGetProp(node, name) else { return nil }
            defer { supportmatch_xmlFree(value) }
            return String(cString: value)
        }
    }
}
