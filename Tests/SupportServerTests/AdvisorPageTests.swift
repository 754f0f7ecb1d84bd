import Foundation
import HTTPTypes
import HummingbirdTesting
import SupportServer
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
        try await server.test(transport.setup) { client in
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
        try await server.test(transport.setup) { client in
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
                let lines = response.text.split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("rank,id,title,provider") == true)
                #expect(lines.count > 1)
            }
            try await client.execute(uri: "/results.json?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: response.data) as? [String: Any])
                #expect(object["results"] is [Any])
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
        try await server.test(transport.setup) { client in
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

    @Test("the print view lists the client's answers, the date and the chosen offers", arguments: Transport.allCases)
    func printView(_ transport: Transport) async throws {
        let server = try await TestServer.make()
        try await server.test(transport.setup) { client in
            try await client.execute(uri: "/print?" + Self.smeQuery, method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("Ihre Angaben"))
                #expect(html.contains("28.11.2026"))
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
        try await server.test(transport.setup) { client in
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
        try await server.test(transport.setup) { client in
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
}

func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
