import Foundation
import SupportModel

extension CatalogFormat {
    /// The Förderdatenbank des Bundes bulk export: a ZIP, or the unpacked folder.
    public static let foerderdatenbank: Self = "fdb-export"
}

/// Reads the Förderdatenbank des Bundes bulk export, as the ZIP it is published as (read in
/// place, never unpacked to disk) or as an unpacked folder.
///
/// A programme is any `gsb:ServiceOffer` document, wherever its folder: the export keeps a
/// few outside `Foerderprogramm/`. Programmes link to contact, address, external-link and
/// funding-body documents by path; those are resolved across the whole input, so the reader
/// reads every document first and hands out the programmes afterwards, in input order.
/// Classifier codes are mapped with `Catalog/mappings/foerderdatenbank.json`.
public struct FoerderdatenbankReader: CatalogReader {
    public let format: CatalogFormat = .foerderdatenbank
    /// The source id of every offer read.
    public static let sourceID = "fdb"
    private let mappings: Result<FDBMappings, MappingTableError>

    public init() { mappings = FDBMappings.bundled }

    /// Uses the mapping table in `directory/foerderdatenbank.json` instead of the bundled one.
    public init(mappingsDirectory directory: URL) {
        mappings = Result { try MappingTables.load(FDBMappings.self, named: "foerderdatenbank", from: directory) }
            .mapError { $0 as? MappingTableError ?? MappingTableError(file: directory.path, message: "\($0)") }
    }

    public func recognizes(head: Data, url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return FDBInputSource.exportRoot(in: url) != nil
        }
        let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        guard head.count > 30, Array(head.prefix(4)) == zipMagic else { return false }
        return head.range(of: Data("BMWI/FDB/".utf8)) != nil
    }

    public func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws {
        let mappings: FDBMappings
        switch self.mappings {
        case .success(let loaded): mappings = loaded
        case .failure(let error): throw CatalogReadError(at: SourceLocation(file: input.displayName), error.description)
        }
        let source = try FDBInputSource(input: input, limits: context.limits)

        // Pass 1: every document, parsed. Programmes are kept in input order.
        var documents: [String: FDBDocument] = [:]
        var order: [Result<String, FDBBrokenDocument>] = []
        try source.forEachDocument { location, bytes in
            do {
                var document = try FDBDocumentParser.parse(bytes, location: location, maxTextBytes: context.limits.maxTextBytes)
                let entry = location.entry ?? location.file
                if !entry.hasSuffix(document.key.drop(while: { $0 == "/" }) + ".xml") {
                    document.warnings.append(Diagnostic(.warning, at: location, message:
                        "the document names itself \"\(document.key)\", which does not match its file name; links use the document's own name"))
                }
                if document.type == "gsb:ServiceOffer" { order.append(.success(document.key)) }
                documents[document.key] = document
            } catch let error as CatalogReadError {
                order.append(.failure(FDBBrokenDocument(location: location, error: error)))
            }
        }

        // Pass 2: build and hand out the programmes.
        let builder = FDBOfferBuilder(mappings: mappings, documents: documents, context: context)
        for item in order {
            switch item {
            case .failure(let broken):
                // A document that does not parse might have been a programme: report it as a
                // record so the import shows it, without failing the whole export.
                try handle(ReadRecord(offer: nil, location: broken.error.location, diagnostics: [
                    Diagnostic(.error, at: broken.error.location, message: broken.error.message),
                ]))
            case .success(let key):
                guard let document = documents[key] else { continue }
                try handle(builder.record(for: document, reader: self))
            }
        }
    }
}

struct FDBBrokenDocument: Error {
    var location: SourceLocation
    var error: CatalogReadError
}

/// Where the export's documents come from: a ZIP read in place, or a folder.
struct FDBInputSource {
    enum Kind {
        case archive(SafeZIPArchive)
        case folder(URL)
    }

    let kind: Kind
    let displayName: String
    let limits: ReadLimits

    init(input: CatalogInput, limits: ReadLimits) throws {
        self.displayName = input.displayName
        self.limits = limits
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.url.path, isDirectory: &isDirectory) else {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), "no such file or folder")
        }
        if isDirectory.boolValue {
            kind = .folder(input.url)
        } else {
            kind = .archive(try SafeZIPArchive(url: input.url, displayName: input.displayName, limits: limits))
        }
    }

    /// The folder that holds `BMWI/` in an unpacked export: the folder itself, its `export/`
    /// child, or `nil` when it does not look like an export.
    static func exportRoot(in folder: URL) -> URL? {
        let fm = FileManager.default
        for candidate in [folder, folder.appendingPathComponent("export")] {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.appendingPathComponent("BMWI/FDB").path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        if folder.pathComponents.contains("BMWI") || folder.path.contains("/FDB/Content") { return folder }
        return nil
    }

    /// Hands every `.xml` document to `body` with its location, in a stable order.
    func forEachDocument(_ body: (SourceLocation, Data) throws -> Void) throws {
        switch kind {
        case .archive(let archive):
            for entry in archive.entries where entry.path.lowercased().hasSuffix(".xml") {
                let data = try archive.contents(of: entry)
                try body(SourceLocation(file: displayName, entry: entry.path), data)
            }
        case .folder(let folder):
            let root = folder.standardizedFileURL
            let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .isSymbolicLinkKey]
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else {
                throw CatalogReadError(at: SourceLocation(file: displayName), "cannot list the folder")
            }
            var files: [(relative: String, url: URL, size: Int)] = []
            var total = 0
            let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
            for case let url as URL in enumerator where url.pathExtension.lowercased() == "xml" {
                let values = try? url.resourceValues(forKeys: Set(keys))
                // Symbolic links could point anywhere on the machine: not followed.
                guard values?.isSymbolicLink != true, values?.isRegularFile == true else { continue }
                let path = url.standardizedFileURL.path
                let relative = path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : url.lastPathComponent
                let size = values?.fileSize ?? 0
                files.append((relative, url, size))
                total += size
                if files.count > limits.maxArchiveEntries {
                    throw CatalogReadError(at: SourceLocation(file: displayName), "the folder has more than \(limits.maxArchiveEntries) documents (the limit)")
                }
                if total > limits.maxArchiveUncompressedBytes {
                    throw CatalogReadError(at: SourceLocation(file: displayName), "the folder holds more than \(limits.maxArchiveUncompressedBytes) bytes of documents (the limit)")
                }
            }
            files.sort { $0.relative < $1.relative }
            let base = displayName.hasSuffix("/") ? String(displayName.dropLast()) : displayName
            for file in files {
                let location = SourceLocation(file: base + "/" + file.relative)
                if file.size > limits.maxDocumentBytes {
                    throw CatalogReadError(at: location, "the document is \(file.size) bytes, more than the limit of \(limits.maxDocumentBytes)")
                }
                let data: Data
                do { data = try Data(contentsOf: file.url) } catch {
                    throw CatalogReadError(at: location, "cannot read the file: \(error.localizedDescription)")
                }
                try body(location, data)
            }
        }
    }
}
