import BundledCatalog
import CatalogStore
import Foundation
import SupportModel
import Testing

@Suite("the OpenAPI document")
struct OpenAPIDocumentTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/SupportServer/Resources/openapi.json")

    @Test("its code lists follow the taxonomies (regenerate with Tests/openapi/generate_openapi.py)")
    func codeLists() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let search = try #require((paths["/v1/offers"]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]])
        func enumeration(_ name: String) -> [String]? {
            let parameter = search.first { $0["name"] as? String == name }
            return ((parameter?["schema"] as? [String: Any])?["items"] as? [String: Any])?["enum"] as? [String]
        }
        let taxonomies = BundledCatalog.taxonomies
        #expect(enumeration("topic") == taxonomies.topics.codes)
        #expect(enumeration("region") == taxonomies.regions.codes)
        #expect(enumeration("applicantType") == taxonomies.applicantTypes.codes)
        #expect(enumeration("instrument") == taxonomies.instruments.codes)
        #expect(enumeration("status") == taxonomies.statuses.codes)
    }

    @Test("every schema reference resolves")
    func references() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let regex = try NSRegularExpression(pattern: ##""\$ref": "#/components/schemas/([A-Za-z_]+)""##)
        let names = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
        #expect(!names.isEmpty)
        for name in Set(names) { #expect(schemas[name] != nil, "\(name) is defined") }
    }
}
