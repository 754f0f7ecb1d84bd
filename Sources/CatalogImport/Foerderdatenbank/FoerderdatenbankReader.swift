public import Foundation
import SupportModel
import ZIPFoundation

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
/// parses every document first, keeping only those programmes link to, then reads each
/// programme again and hands it out, in input order: memory holds the link targets and one
/// programme, never the whole export (a forged export of 2,047 one-megabyte programmes took
/// 2.1 GB when every document was kept).
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

        // Pass 1: every document parsed once; only the documents programmes link to are kept
        // (bounded by ReadLimits.maxLinkedDocumentBytes), programmes are remembered by handle.
        var documents: [String: FDBDocument] = [:]
        var order: [Result<FDBProgramme, FDBBrokenDocument>] = []
        var keptBytes = 0
        for handle in try source.documents() {
            let bytes = try source.bytes(of: handle)
            let document: FDBDocument
            do {
                document = try Self.parse(bytes, handle: handle, limits: context.limits)
            } catch let error as CatalogReadError {
                order.append(.failure(FDBBrokenDocument(location: handle.location, error: error)))
                continue
            }
            if document.type == "gsb:ServiceOffer" {
                order.append(.success(FDBProgramme(handle: handle, key: document.key)))
                continue
            }
            keptBytes += bytes.count
            if keptBytes > context.limits.maxLinkedDocumentBytes {
                throw CatalogReadError(at: handle.location, "the documents programmes link to (contacts, addresses, links) hold more than \(context.limits.maxLinkedDocumentBytes) bytes (ReadLimits.maxLinkedDocumentBytes)")
            }
            documents[document.key] = document
        }

        // Pass 2: each programme read again, built, handed out and released, so memory holds
        // one programme at a time, never the whole export. Programmes link only to the kept kinds.
        let builder = FDBOfferBuilder(mappings: mappings, documents: documents, context: context)
        for item in order {
            switch item {
            case .failure(let broken):
                // A document that does not parse might have been a programme: report it as a
                // record so the import shows it, without failing the whole export.
                try handle(ReadRecord(offer: nil, location: broken.error.location, diagnostics: [
                    Diagnostic(.error, at: broken.error.location, message: broken.error.message),
                ]))
            case .success(let programme):
                let document = try Self.parse(try source.bytes(of: programme.handle), handle: programme.handle, limits: context.limits)
                try handle(builder.record(for: document, reader: self))
            }
        }
    }

    private static func parse(_ bytes: Data, handle: FDBInputSource.Handle, limits: ReadLimits) throws -> FDBDocument {
        var document = try FDBDocumentParser.parse(bytes, location: handle.location, maxTextBytes: limits.maxTextBytes)
        let entry = handle.location.entry ?? handle.location.file
        if !entry.hasSuffix(document.key.drop(while: { $0 == "/" }) + ".xml") {
            document.warnings.append(Diagnostic(.warning, at: handle.location, message:
                "the document names itself \"\(document.key)\", which does not match its file name; links use the document's own name"))
        }
        return document
    }
}

/// A programme found in pass 1: where to read it again, and its key.
struct FDBProgramme {
    var handle: FDBInputSource.Handle
    var key: String
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

    /// One document of the input: where it is and how to read it again.
    struct Handle {
        var location: SourceLocation
        fileprivate var entry: Int?
        fileprivate var url: URL?
        fileprivate var size: Int
    }

    /// Every `.xml` document, in a stable order, without reading any of them.
    func documents() throws -> [Handle] {
        switch kind {
        case .archive(let archive):
            return archive.entries.enumerated().compactMap { index, entry in
                entry.path.lowercased().hasSuffix(".xml")
                    ? Handle(location: SourceLocation(file: displayName, entry: entry.path), entry: index, url: nil, size: 0) : nil
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
            return files.map { Handle(location: SourceLocation(file: base + "/" + $0.relative), entry: nil, url: $0.url, size: $0.size) }
        }
    }

    /// The bytes of one document (inflated again from the archive, or read from the folder).
    func bytes(of handle: Handle) throws -> Data {
        switch kind {
        case .archive(let archive):
            return try archive.contents(at: handle.entry ?? 0)
        case .folder:
            if handle.size > limits.maxArchiveEntryBytes {
                throw CatalogReadError(at: handle.location, "the document is \(handle.size) bytes, more than the limit of \(limits.maxArchiveEntryBytes)")
            }
            do { return try Data(contentsOf: handle.url!) } catch {
                throw CatalogReadError(at: handle.location, "cannot read the file: \(error.localizedDescription)")
            }
        }
    }
}
