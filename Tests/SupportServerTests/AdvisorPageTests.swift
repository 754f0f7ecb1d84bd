import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import SupportServer
import SupportModel
import Testing

@Suite("the advisor web page")
struct AdvisorPageTests {
    /// The Saxon software SME's answers as the form sends them.
    static let smeQuery = "applicantType=company&state=DE-SN&district=DED21&employees=24&annualTurnover=3200000"
        + "&yearFounded=2015&sector=62.01&topics=digitalisierung&topics=forschung_innovation_themenoffen"
        + "&projectDescription=KI+in+der+Qualit%C3%A4tspr%C3%BCfung&amountNeeded=80000"

    @Test("the empty questionnaire is German, labelled, and safe to embed nowhere", arguments: Transport.allCases)
    func emptyForm(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let csp = try #require(response.headers[.contentSecurityPolicy])
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let html = response.text
                #expect(html.contains(#"<html lang="de">"#))
                #expect(html.contains("Fragebogen"))
                #expect(!html.contains("<script>"), "no inline script")
                // Every input, select and textarea has a label pointing at it.
                for id in ["field-applicantType", "field-state", "field-employees", "field-projectDescription", "field-plannedStart"] {
                    #expect(html.contains(#"<label for="\#(id)">"#), "\(id) is labelled")
                    #expect(html.contains(#"id="\#(id)""#))
                }
                #expect(!html.contains(#"id="results-title""#), "no results before any answer")
            }
            try await client.execute(uri: "/?lang=en", method: .get) { response in
                #expect(response.text.contains(#"<html lang="en">"#))
                #expect(response.text.contains("Questionnaire"))
            }
        }
    }

    @Test("answers in the URL give results with reasons, near misses and downloads", arguments: Transport.allCases)
    func results(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let api = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"], body: bytes(saxonSoftwareSME)) {
                try #require(try JSONSerialization.jsonObject(with: $0.data) as? [String: Any])
            }
            let firstTitle = try #require(((api["results"] as? [[String: Any]])?.first?["offer"] as? [String: Any])?["title"] as? String
                ?? (api["results"] as? [[String: Any]])?.first?["title"] as? String)
            try await client.execute(uri: "/?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains(#"id="results-title""#))
                #expect(html.contains(escapeHTML(firstTitle)), "the API's first result is on the page")
                #expect(html.contains("Warum es passt"))
                #expect(html.contains(#"value="DE-SN" selected"#), "answers stay in the form")
                #expect(html.contains(#"<form method="get" action="/print""#), "a print form for the ticked offers")
                #expect(html.contains(#"<input type="hidden" name="applicantType" value="company">"#))
                #expect(html.contains("/?lang=de&amp;applicantType=company"), "a shareable link")
                #expect(html.contains("/results.csv?"))
            }
            try await client.execute(uri: "/results.csv?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(Array(response.data.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte-order mark, so Excel reads UTF-8")
                let lines = response.text.dropFirst().split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("Rang;Kennung;Titel;Anbieter") == true, "German columns, `;` as German Excel splits")
                #expect(lines.count > 1)
            }
            try await client.execute(uri: "/results.json?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(object["results"] is [Any])
            }
        }
    }

    @Test("each highlighted part of the matcher's snippet is one <mark>, its text escaped")
    func snippetMarks() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            try await client.execute(uri: "/?" + Self.smeQuery, method: .get) { response in
                let html = response.text
                let snippets = html.components(separatedBy: #"<p class="snippet">"#).dropFirst()
                    .map { String($0.prefix { $0 != "\n" }.split(separator: "</p>").first ?? "") }
                #expect(!snippets.isEmpty, "the SME's results quote their offers")
                #expect(snippets.contains { $0.contains("<mark>") }, "a matched word is marked: \(snippets.prefix(3))")
                for snippet in snippets {
                    #expect(snippet.components(separatedBy: "<mark>").count == snippet.components(separatedBy: "</mark>").count)
                    // Only the page's own tags: the text between them is escaped.
                    let text = snippet.replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: "")
                    #expect(!text.contains("<") && !text.contains(">"), "\(snippet)")
                }
            }
        }
    }

    @Test("a programme that another source also publishes is one result, naming the other record", arguments: Transport.allCases)
    func alsoPublishedBy(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        // The Förderdatenbank page of INVEST, which the bundled INVEST offer links.
        let page = "https://www.foerderdatenbank.de/FDB/Content/DE/Foerderprogramm/Bund/BAFA/invest-zuschuss-fuer-wagniskapital.html"
        let duplicate = """
            {"format": "supportmatch-catalogue", "version": 1, "source": "dup", "offers": [
              {"id": "invest", "title": "INVEST - Zuschuss für Wagniskapital", "summary": "Zuschuss für Business Angels.",
               "description": "Wenn Sie als Business Angel in ein Start-up investieren, erhalten Sie einen Zuschuss.",
               "links": [{"kind": "information", "url": "\(page)"}], "topics": ["unternehmensfinanzierung"],
               "sourceURL": "\(page)", "asOf": "2026-03-12", "language": "de",
               "provider": {"name": "BAFA", "level": "federal"}, "instruments": ["grant"], "schedule": {"status": "rolling"}}]}
            """
        try await server.test(transport) { client in
            try await client.execute(uri: "/v1/imports?fileName=dup.json", method: .post,
                                     headers: [.authorization: "Bearer \(TestServer.token)", .contentType: "application/json"],
                                     body: bytes(duplicate)) { response in
                #expect(response.status == .ok)
            }
            let query = "applicantType=company&state=DE-SN&projectDescription=Business+Angels+Wagniskapital+INVEST"
            try await client.execute(uri: "/?" + query, method: .get) { response in
                let html = response.text
                #expect(html.contains("Auch veröffentlicht als"), "the page names the other record")
                #expect(html.components(separatedBy: "INVEST").count > 1)
            }
        }
    }

    @Test("a deadline reads the same on the card, in the reasons and in the print view: one format per language")
    func oneDateFormat() async throws {
        let server = try await TestServer.make()
        let offer = """
            {"format": "supportmatch-catalogue", "version": 1, "source": "dates", "offers": [
              {"id": "frist", "title": "Fristprogramm Glasfaser", "summary": "Zuschuss für Glasfaser in Sachsen.",
               "description": "Wenn Sie als Unternehmen Glasfaser verlegen, erhalten Sie einen Zuschuss.",
               "links": [{"kind": "information", "url": "https://example.org/frist"}], "sourceURL": "https://example.org/frist", "asOf": "2026-03-12", "language": "de", "topics": ["digitalisierung"],
               "provider": {"name": "SAB", "level": "state"}, "instruments": ["grant"],
               "schedule": {"status": "open", "deadlines": ["2027-03-31"]}}]}
            """
        try await server.test(.router) { client in
            try await client.execute(uri: "/v1/imports?fileName=dates.json", method: .post,
                                     headers: [.authorization: "Bearer \(TestServer.token)", .contentType: "application/json"],
                                     body: bytes(offer)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            for (language, written) in [("de", "31. März 2027"), ("en", "31 March 2027")] {
                for path in ["/", "/print"] {
                    try await client.execute(uri: "\(path)?lang=\(language)&applicantType=company&projectDescription=Glasfaser", method: .get) { response in
                        let html = response.text
                        #expect(html.contains("Fristprogramm Glasfaser"))
                        #expect(html.contains(written), "\(language) \(path): the deadline as \(written)")
                        #expect(!html.contains("2027-03-31") && !html.contains("31.03.2027"), "\(language) \(path): in no other notation")
                    }
                }
            }
            try await client.execute(uri: "/results.csv?lang=de&applicantType=company&projectDescription=Glasfaser", method: .get) { response in
                #expect(response.text.contains(";31.03.2027;"), "the spreadsheet's date cell")
                #expect(!response.text.contains("2027-03-31"))
            }
        }
    }

    @Test("the print view lists the client's answers, the date and the chosen offers", arguments: Transport.allCases)
    func printView(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/print?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("Ihre Angaben"))
                #expect(html.contains("28. November 2026"), "the page's one date format")
                #expect(html.contains("Katalogstand"))
                #expect(!html.contains("run-"), "no internal identifier on the hand-out")
                #expect(html.contains("<details class=\"why\" open>"), "printed cards show why they match")
                #expect(html.contains("Sachsen"))
                #expect(html.contains(#"media="print""#))
                #expect(html.contains(#"<script src="/static/print.js"></script>"#))
            }
            try await client.execute(uri: "/static/print.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("size: A4"))
            }
        }
    }

    @Test("user text is escaped everywhere it is shown", arguments: Transport.allCases)
    func escaping(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            let attack = "<script>alert(1)</script>\"'&"
            let query = "applicantType=company&projectDescription=" + attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for path in ["/", "/print"] {
                try await client.execute(uri: path + "?" + query, method: .get) { response in
                    let html = response.text
                    #expect(!html.contains("<script>alert"))
                    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                }
            }
        }
    }

    @Test("invalid answers are shown next to their fields", arguments: Transport.allCases)
    func invalidAnswers(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport) { client in
            try await client.execute(uri: "/?employees=viele&sector=999", method: .get) { response in
                #expect(response.status == .badRequest)
                let html = response.text
                #expect(html.contains(#"role="alert""#))
                #expect(html.contains(##"href="#field-employees""##))
                #expect(html.contains(#"id="error-employees""#))
                #expect(html.contains(#"aria-invalid="true""#))
                #expect(html.contains(#"value="viele""#), "the wrong answer stays for correction")
            }
            try await client.execute(uri: "/results.csv?employees=viele", method: .get) { response in
                #expect(response.status == .badRequest)
                try #expect(response.problem().pointers == ["/employees"])
            }
        }
    }

    @Test("every question of the definition is a control of the form, marked with its pointer", arguments: PageLanguage.allCases)
    func everyQuestionOnTheForm(_ language: PageLanguage) async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            try await client.execute(uri: "/?lang=\(language.rawValue)", method: .get) { response in
                let html = response.text
                for question in Questionnaire.formQuestions {
                    #expect(html.components(separatedBy: #"data-pointer="\#(question.pointer)""#).count == 2, "\(question.pointer) once")
                    #expect(html.contains(question.label.text(language.code)), "\(question.pointer) labelled")
                }
            }
        }
    }

    // In process only: the live socket is covered by the other page tests, and a dozen page
    // loads on it add nothing but load to the full run.
    @Test("all matching offers are reachable page by page, each rank once")
    func paging() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            let query = "applicantType=company&state=DE-SN&limit=8"
            let total = try await client.execute(uri: "/?" + query, method: .get) { response in
                let html = response.text
                let count = try #require(html.firstMatch(of: /Ergebnisse: (\d+) passende/).map { Int($0.1)! })
                #expect(html.contains("Angezeigt 1–8 von \(count)"))
                #expect(html.contains(#"rel="next""#) && !html.contains(#"rel="prev""#))
                return count
            }
            #expect(total > 10, "the bundled catalogue has more matches than one page")
            var ranks: [Int] = []
            var page = 1
            while ranks.count < total, page <= total {
                try await client.execute(uri: "/?\(query)&page=\(page)", method: .get) { response in
                    let html = response.text
                    ranks += html.matches(of: /<span class="rank">(\d+)\.<\/span>/).map { Int($0.1)! }
                    #expect(html.contains(#"rel="prev""#) == (page > 1))
                }
                page += 1
            }
            #expect(ranks == Array(1...ranks.count), "ranks continue across pages without gaps or repeats")
            #expect(ranks.count <= total && ranks.count > 10)
            try await client.execute(uri: "/results.csv?" + query, method: .get) { response in
                let rows = response.text.split(separator: "\r\n").count - 1
                #expect(rows == ranks.count, "the download has every offer, not one page")
            }
        }
    }

    @Test("the CSV in English is RFC 4180 with decimal points; in German it has decimal commas")
    func csvDialects() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            for (language, separator, header) in [("de", ";", "Rang;Kennung"), ("en", ",", "rank,id")] {
                #expect(header.split(separator: Character(separator)).count == 2, "the header splits at the language's separator")
                try await client.execute(uri: "/results.csv?lang=\(language)&" + Self.smeQuery, method: .get) { response in
                    let text = String(response.text.dropFirst())
                    #expect(response.text.first == "\u{FEFF}")
                    #expect(text.hasPrefix(header) && text.hasSuffix("\r\n"))
                    // The score column: four decimals after the language's decimal mark.
                    let row = try #require(text.split(separator: "\r\n").dropFirst().first.map(String.init))
                    let score = language == "de" ? /;\d+,\d{4};/ : /,\d+\.\d{4},/
                    #expect(row.firstMatch(of: score) != nil, "\(row)")
                }
            }
        }
    }

    @Test("the next question is said once, the footer names the catalogue's date, the live script is a file")
    func consultationDetails() async throws {
        let server = try await TestServer.make()
        try await server.test(.router) { client in
            try await client.execute(uri: "/?applicantType=company&state=DE-SN", method: .get) { response in
                let html = response.text
                let box = try #require(html.firstMatch(of: /<aside class="next-question"[^>]*>(.*?)<\/aside>/.dotMatchesNewlines()).map { String($0.1) })
                let question = try #require(box.firstMatch(of: /<a href="#field-[A-Za-z]+">([^<]+)<\/a>/).map { String($0.1) })
                #expect(html.components(separatedBy: question).count == 2, "the question appears once: \(question)")
                #expect(html.firstMatch(of: /<footer class="site"><p>Katalogstand \d{1,2}\. [A-Za-zä]+ \d{4}<\/p><\/footer>/) != nil)
                #expect(html.contains(#"<script src="/static/advisor.js" defer></script>"#))
                #expect(html.contains(#"<details class="why">"#), "the why is folded on screen")
            }
            try await client.execute(uri: "/static/advisor.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
        }
    }
}

func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
