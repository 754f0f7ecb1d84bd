import Foundation
import Testing
@testable import SupportModel

/// The validator accepts plain http(s) addresses with a byte scan and leaves the rest to
/// Foundation; the fast path must never accept what the exact parser rejects.
@Suite("Web address validation")
struct WebAddressTests {
    static let plain = [
        "https://www.sab.sachsen.de/f%C3%B6rderprogramme",
        "http://example.org",
        "HTTPS://Example.org:8443/path/to?x=1&y=a+b#part",
        "https://www.gesetze-im-internet.de/sgb_2/",
        "https://grants.gov/search-results-detail/131073",
        "https://eur-lex.europa.eu/eli/reg/2014/651/oj",
    ]

    static let notPlain = [
        "ftp://example.org/file", "https://", "https:///path", "https://exa mple.org", "https://example.org/a b",
        "https://example.org/%zz", "https://example.org/%4", "https://例え.jp/", "mailto:info@example.org",
        "http\u{1A}//example.org", "https://example.org:80a/", "//example.org", "example.org", "",
    ]

    @Test("plain addresses pass the fast path, and Foundation agrees", arguments: plain)
    func plainAddresses(_ address: String) throws {
        #expect(OfferValidator.isPlainWebAddress(address))
        let url = try #require(URL(string: address))
        #expect(["http", "https"].contains(url.scheme?.lowercased()))
        #expect(url.host?.isEmpty == false)
        #expect(OfferValidator.isWebAddress(address))
    }

    @Test("anything unusual is left to Foundation's parser", arguments: notPlain)
    func unusualAddresses(_ address: String) {
        #expect(!OfferValidator.isPlainWebAddress(address))
    }

    @Test("addresses that are not http(s) with a host are rejected")
    func rejected() {
        for address in ["ftp://example.org/file", "https://", "mailto:info@example.org", "//example.org", "example.org", "", "http\u{1A}//example.org"] {
            #expect(!OfferValidator.isWebAddress(address), "\(address)")
        }
    }
}
