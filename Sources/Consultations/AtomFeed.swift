import CatalogStore
import Crypto
import Foundation
import SupportModel

/// The Atom 1.0 feed (RFC 4287) of one saved profile's change events.
///
/// Every byte derives from stored data: entry ids are name-based UUIDs of the event, `updated`
/// is the time the event was stored, the feed's `updated` is its newest entry's (or the
/// profile's creation time). So a feed reader polling an unchanged profile gets identical
/// bytes, and never sees an old entry as new.
public struct AtomFeed: Sendable {
    public var profile: SavedProfile
    /// Newest first, as feed readers expect.
    public var events: [ChangeEvent]
    /// The feed's own absolute URL (`link rel="self"`).
    public var selfURL: String
    /// Where a person reads the consultation (`link rel="alternate"`).
    public var pageURL: String
    /// Base for offer links (`…/v1/offers/`), absolute.
    public var offerBaseURL: String

    public init(profile: SavedProfile, events: [ChangeEvent], selfURL: String, pageURL: String, offerBaseURL: String) {
        self.profile = profile
        self.events = events.sorted { $0.id > $1.id }
        self.selfURL = selfURL
        self.pageURL = pageURL
        self.offerBaseURL = offerBaseURL
    }

    public static let contentType = "application/atom+xml; charset=utf-8"

    public func render() -> String {
        let updated = events.map(\.createdAt).max() ?? profile.createdAt
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>\(Self.uuidURN("supportmatch-profile-feed\u{0}\(profile.id)"))</id>
              <title>\(Self.escape("SupportMatch: changes for \(profile.label)"))</title>
              <updated>\(Self.time(updated))</updated>
              <author><name>SupportMatch</name></author>
              <generator>SupportMatch</generator>
              <link rel="self" type="application/atom+xml" href="\(Self.escape(selfURL))"/>
              <link rel="alternate" type="text/html" href="\(Self.escape(pageURL))"/>

            """
        for event in events {
            let content = ([event.headline] + event.detailLines).joined(separator: "\n")
            xml += """
                  <entry>
                    <id>\(Self.uuidURN("supportmatch-profile-event\u{0}\(profile.id)\u{0}\(event.id)"))</id>
                    <title>\(Self.escape(event.headline))</title>
                    <updated>\(Self.time(event.createdAt))</updated>
                    <link rel="alternate" href="\(Self.escape(offerBaseURL + Self.pathSegment(event.offerId.description)))"/>
                    <category term="\(event.kind.rawValue)"/>
                    <content type="text">\(Self.escape(content))</content>
                  </entry>

                """
        }
        xml += "</feed>\n"
        return xml
    }

    /// RFC 3339 in UTC to the second.
    static func time(_ timestamp: Timestamp) -> String {
        Date(timeIntervalSince1970: timestamp.date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    /// `urn:uuid:` of a name-based UUID (RFC 9562 version 8: SHA-256, first 16 bytes).
    static func uuidURN(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    /// Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func pathSegment(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
