import BundledCatalog
import CatalogImport
import Foundation
import SupportModel

/// Runs one fuzz input through a real catalogue reader, the way an import does: the bytes are
/// a file on disk, read with the bundled taxonomies and the default limits, and every record
/// handed out is looked at (its diagnostics rendered) so lazy work is not skipped.
///
/// Any thrown ``CatalogReadError`` is a correct answer to bad input; only crashes, hangs and
/// sanitizer reports are findings.
public enum FuzzHarness {
    /// Built once per process: taxonomies are loaded from the bundle.
    public static let context = ReadContext(taxonomies: BundledCatalog.taxonomies)

    /// A per-process scratch folder, so parallel fuzz jobs (`-jobs`) never share files.
    public static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("supportmatch-fuzz-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Writes `bytes` to `relativePath` under the scratch folder and reads `readPath` (the file
    /// itself, or a folder holding it) with `reader`.
    public static func read(_ bytes: Data, with reader: some CatalogReader, file relativePath: String, readPath: String? = nil) {
        let file = scratch.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: file)
        } catch {
            fatalError("fuzz harness cannot write its scratch file \(file.path): \(error)")
        }
        let input = CatalogInput(url: readPath.map { scratch.appendingPathComponent($0) } ?? file, displayName: relativePath)
        var rendered = 0
        do {
            try reader.read(input, context: context) { record in
                rendered &+= record.diagnostics.map(\.description).joined().utf8.count
                rendered &+= record.location.description.utf8.count
                if let offer = record.offer { rendered &+= offer.id.description.utf8.count }
            }
        } catch let error as CatalogReadError {
            rendered &+= error.description.utf8.count
        } catch {
            fatalError("a reader threw something other than CatalogReadError: \(error)")
        }
        blackHole(rendered)
    }

    @inline(never)
    static func blackHole(_ value: Int) {
        if value == -1 { print("") }
    }
}

/// libFuzzer's input as `Data`; the pointer may be null for an empty input.
public enum FuzzInput {
    public static func data(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let bytes, count > 0 else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
