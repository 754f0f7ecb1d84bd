import CatalogImport
import Foundation
import Testing

@Suite("Native format detection")
struct NativeDetectionTests {
    @Test("detection picks the JSON reader for a JSON catalogue and the XML reader for an XML one, whatever the file name")
    func picksTheRightReader() throws {
        let folder = try TemporaryFolder()
        let json = try folder.write(NativeSamples.catalogueJSON([NativeSamples.offerJSON()]), to: "catalogue.data")
        let xml = try folder.write(NativeSamples.catalogueXML([NativeSamples.offerXML()]), to: "catalogue.txt")
        var bomJSON = Data([0xEF, 0xBB, 0xBF])
        bomJSON.append(Data(NativeSamples.catalogueJSON([]).utf8))
        let bom = try folder.write(bomJSON, to: "bom.json")

        #expect(try CatalogReaders.detect(json)?.format == .nativeJSON)
        #expect(try CatalogReaders.detect(xml)?.format == .nativeXML)
        #expect(try CatalogReaders.detect(bom)?.format == .nativeJSON)
    }

    @Test("native readers do not claim other JSON or XML")
    func declinesOthers() throws {
        let otherJSON = Data(#"{"data": [{"id": 1}], "format": "something-else"}"#.utf8)
        let otherXML = Data(#"<?xml version="1.0"?><grants xmlns="http://apply.grants.gov/system/OpportunityDetail-V1.0"/>"#.utf8)
        let url = URL(fileURLWithPath: "/nonexistent")

        #expect(!NativeJSONReader().recognizes(head: otherJSON, url: url))
        #expect(!NativeXMLReader().recognizes(head: otherXML, url: url))
        #expect(!NativeJSONReader().recognizes(head: Data(NativeSamples.catalogueXML([]).utf8), url: url))
        #expect(!NativeXMLReader().recognizes(head: Data(NativeSamples.catalogueJSON([]).utf8), url: url))
    }
}
