import Foundation
@testable import Matching
import Testing

/// ``ProgrammeGroups/pageKey(_:)`` skips Foundation's trimming for a URL with printable ASCII
/// at both ends and tests for a `.` byte before Foundation's `contains`: the keys must be the
/// ones the unconditional calls give, or offers group differently and the index file changes.
@Suite struct PageKeyShortcut {
    /// `pageKey` as it was before the shortcuts.
    static func reference(_ url: String) -> String? {
        var text = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        var key = String(text)
        if key.utf8.contains(UInt8(ascii: "%")) { key = key.removingPercentEncoding ?? key }
        key = key.lowercased()
        for scheme in ["https://", "http://"] where key.hasPrefix(scheme) {
            key.removeFirst(scheme.count)
        }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        while key.hasSuffix("/") { key.removeLast() }
        guard let slash = key.firstIndex(of: "/"), key.index(after: slash) < key.endIndex,
              key[..<slash].contains(".") else { return nil }
        return key
    }

    @Test func keysAreTheUnconditionalOnes() {
        let bodies = ["https://www.zim.de/Programm/a", "http://example.org/x/", "www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BMWi/zim.html",
                      "https://sam.gov/fal/d8d161028bcd44518cf0403bb88cd50c/view", "https://www.zim.de", "https://zim/de/x", "a.b/c#frag",
                      "HTTPS://WWW.Stadt-Köln.de/Förderung%20A", "https://xn--kln-sna.de/%C3%A4", "https://e\u{301}.de/x", "https://host\u{2024}de/x",
                      "", "/", "#", ".", "x", "https://a.b/c\u{301}"]
        let ends = ["", " ", "\n", "\t", "\r\n", "\u{A0}", "\u{2028}", "\u{85}", "\u{3000}", "\u{1F}", "\u{7F}", "\u{301}", "é", "~", "!"]
        var compared = 0
        for body in bodies {
            for before in ends {
                for after in ends {
                    let url = before + body + after
                    #expect(ProgrammeGroups.pageKey(url) == Self.reference(url), "\(url.unicodeScalars.map { String($0.value, radix: 16) })")
                    compared += 1
                }
            }
        }
        #expect(compared == bodies.count * ends.count * ends.count)
        #expect(ProgrammeGroups.needsNoTrimming("https://a.b/c") && !ProgrammeGroups.needsNoTrimming(" https://a.b/c")
                && !ProgrammeGroups.needsNoTrimming("https://a.b/c\u{A0}") && !ProgrammeGroups.needsNoTrimming(""))
    }
}
