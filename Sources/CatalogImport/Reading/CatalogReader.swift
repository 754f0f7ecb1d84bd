public import Foundation
public import SupportModel

/// The name of a catalogue format, as used by `--format` and recorded in provenance.
public struct CatalogFormat: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let nativeJSON: Self = "native-json"
    public static let nativeXML: Self = "native-xml"

    /// Names that earlier versions used for a format (`export --format commongrants`), still
    /// accepted wherever a format is named, so scripts keep working with the one set of names.
    static let formerNames: [String: CatalogFormat] = ["commongrants": "commongrants-json"]

    /// The format a user named: a current name, or a former name of one.
    public init(named name: String) {
        self = Self.formerNames[name] ?? CatalogFormat(rawValue: name)
    }
}

/// A file (or an archive, or a folder) to read.
public struct CatalogInput: Sendable {
    public var url: URL
    /// How the input is named in diagnostics: the path as the user gave it.
    public var displayName: String

    public init(url: URL, displayName: String? = nil) {
        self.url = url
        self.displayName = displayName ?? url.path
    }
}

/// Where something is in an input: file, and line/column (XML) or JSON pointer (JSON), and
/// for archives the entry inside.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var entry: String?
    public var line: Int?
    public var column: Int?
    public var jsonPointer: String?

    public init(file: String, entry: String? = nil, line: Int? = nil, column: Int? = nil, jsonPointer: String? = nil) {
        self.file = file
        self.entry = entry
        self.line = line
        self.column = column
        self.jsonPointer = jsonPointer
    }

    /// `file:line:column`, `file#/offers/3/title`, or `archive.zip!entry.xml:12:5`.
    public var description: String {
        var text = file
        if let entry { text += "!\(entry)" }
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let jsonPointer { text += "#\(jsonPointer)" }
        return text
    }
}

/// A located problem found while reading.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    /// The offending field in the native format's dotted names (`schedule.deadlines[0]`), when known.
    public var field: String?
    /// What is wrong and what was expected.
    public var message: String
    /// The id of the record concerned, when it could be read.
    public var recordID: String?

    public init(_ severity: Severity, at location: SourceLocation, field: String? = nil, message: String, recordID: String? = nil) {
        self.severity = severity
        self.location = location
        self.field = field
        self.message = message
        self.recordID = recordID
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue)"
        if let recordID { text += " [\(recordID)]" }
        if let field { text += " \(field)" }
        return text + ": \(message)"
    }
}

/// One record as read from a source: the offer when it could be built, and what is wrong with it.
/// A record with any error-severity diagnostic is invalid and is not imported.
public struct ReadRecord: Sendable {
    public var offer: Offer?
    public var location: SourceLocation
    public var diagnostics: [Diagnostic]
    /// The one source this record may belong to: the source its file declares (or `--source`).
    /// Set by readers whose records can name a source of their own (native `source`,
    /// CommonGrants' `supportmatchId`); the import refuses a record naming any other, since
    /// writing it would make the import a new snapshot of that source and withdraw its offers.
    public var declaredSource: String?

    public init(offer: Offer?, location: SourceLocation, diagnostics: [Diagnostic] = [], declaredSource: String? = nil) {
        self.offer = offer
        self.location = location
        self.diagnostics = diagnostics
        self.declaredSource = declaredSource
    }

    /// The source this record names, when it names one that its file did not declare.
    public var foreignSource: String? {
        guard let declaredSource else { return nil }
        let named = offer?.id.source ?? diagnostics.lazy.compactMap { $0.recordID.flatMap(OfferID.init)?.source }.first
        guard let named, named != declaredSource else { return nil }
        return named
    }

    public var isValid: Bool { offer != nil && !diagnostics.contains { $0.severity == .error } }
}

/// Limits that keep hostile input from exhausting memory or time.
public struct ReadLimits: Sendable {
    /// Largest file a reader loads whole (JSON); streaming readers are not bound by this.
    public var maxDocumentBytes: Int = 256 * 1024 * 1024
    /// Largest file read whole into Foundation objects (CommonGrants, through
    /// `JSONSerialization`, whose tree takes several times the file's size in memory).
    public var maxObjectTreeBytes: Int = 64 * 1024 * 1024
    /// Deepest element/array nesting accepted.
    public var maxDepth: Int = 64
    /// Largest single text value, in bytes.
    public var maxTextBytes: Int = 1 * 1024 * 1024
    /// Archives: most entries, largest total uncompressed size, largest compression ratio.
    public var maxArchiveEntries: Int = 100_000
    public var maxArchiveUncompressedBytes: Int = 2 * 1024 * 1024 * 1024
    public var maxCompressionRatio: Double = 200
    /// Most values of one repeated field in one record (codes, links, deadlines): real records
    /// have a handful; every reader refuses a record with more.
    public var maxValuesPerField: Int = 1_000
    /// Archives: largest single entry, and most bytes inflated from one archive in total (an
    /// entry read twice, as Förderdatenbank programmes are, counts twice). The
    /// Förderdatenbank export inflates to 28 MB with no entry above 24 KB; these bounds keep an
    /// archive's work (and, read one document at a time, its memory) far below what a forged
    /// archive of many entries just under the ratio floor would cost.
    public var maxArchiveEntryBytes: Int = 32 * 1024 * 1024
    public var maxArchiveInflatedBytes: Int = 512 * 1024 * 1024
    /// Förderdatenbank: most bytes of the documents programmes link to (contacts, addresses,
    /// links), which are held while programmes are read one at a time (about 3 MB in the
    /// real export).
    public var maxLinkedDocumentBytes: Int = 64 * 1024 * 1024

    public init() {}
}

/// What readers need besides the file.
public struct ReadContext: Sendable {
    public var taxonomies: Taxonomies
    public var limits: ReadLimits
    /// Replaces the source of every record (for example to import a test copy side by side).
    public var sourceOverride: String?
    /// Whether readers report a repeated offer id themselves. The import pipeline turns this
    /// off because it finds duplicates across all its files in SQLite; a reader's own check
    /// keeps every id in memory, which is fine for one file but not for a 100,000-offer import.
    public var readersCheckDuplicateIDs: Bool
    /// The day a reader judges statuses it derives from dates on (a Grants.gov record past its
    /// close date is closed); today (UTC) when `nil`. `import --today` sets it, so an import
    /// of a dated extract is reproducible.
    public var today: Day?

    public init(taxonomies: Taxonomies, limits: ReadLimits = ReadLimits(), sourceOverride: String? = nil,
                readersCheckDuplicateIDs: Bool = true, today: Day? = nil) {
        self.taxonomies = taxonomies
        self.limits = limits
        self.sourceOverride = sourceOverride
        self.readersCheckDuplicateIDs = readersCheckDuplicateIDs
        self.today = today
    }
}

/// A file-level failure: the input cannot be read at all (not well-formed, truncated, wrong
/// format, over a limit). Nothing from such an input is imported.
public struct CatalogReadError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(at location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// A catalogue format reader. Readers stream: they hand each record to `handle` as soon as it
/// is read, so memory does not grow with the size of the input.
public protocol CatalogReader: Sendable {
    var format: CatalogFormat { get }

    /// Whether the input looks like this format, from its first bytes (and its name). Used for
    /// detection; a reader must not claim inputs that another reader handles better.
    func recognizes(head: Data, url: URL) -> Bool

    /// Reads every record, in input order. Throws ``CatalogReadError`` when the input as a
    /// whole cannot be read; records read before the failure may already have been handed out
    /// (the import pipeline discards them).
    func read(_ input: CatalogInput, context: ReadContext, handle: (ReadRecord) throws -> Void) throws
}

extension CatalogReader {
    /// Validates a structurally complete offer against the taxonomies and turns the problems
    /// into located diagnostics. `locate` maps a field path to a location in the input.
    public func validated(
        _ offer: consuming Offer, at location: SourceLocation, context: ReadContext,
        locate: (FieldPath) -> SourceLocation
    ) -> ReadRecord {
        validated(offer, at: location, context: context, validator: OfferValidator(taxonomies: context.taxonomies), locate: locate)
    }

    /// ``validated(_:at:context:locate:)`` with a validator the reader made once for the
    /// whole input (it holds every taxonomy, which costs to copy for each record), and the
    /// reader's own diagnostics of the record, which come first. The offer is consumed:
    /// readers hand it over, and the record takes it without a copy.
    func validated(
        _ offer: consuming Offer, at location: SourceLocation, context: ReadContext, validator: OfferValidator,
        diagnostics readerDiagnostics: [Diagnostic] = [], locate: (FieldPath) -> SourceLocation
    ) -> ReadRecord {
        if let source = context.sourceOverride { offer.id.source = source }
        // Every reader's offers pass here: control characters are removed before they are
        // stored, indexed or printed, each field with a located warning.
        let stripped = offer.removeControlCharacters()
        let issues = validator.issues(in: offer)
        var diagnostics = readerDiagnostics
        // The same per-field and per-record limits for every format, whatever its reader
        // checked itself (a 200 MB CommonGrants description was accepted).
        let limits = context.limits
        var oversized: [Diagnostic] = []
        offer.visitTexts { text, path in
            if text.utf8.count > limits.maxTextBytes {
                oversized.append(Diagnostic(.error, at: locate(path), field: path.description,
                                            message: "text of \(text.utf8.count) bytes, more than the limit of \(limits.maxTextBytes) (ReadLimits.maxTextBytes)"))
            }
        }
        for (path, count) in offer.listSizes where count > limits.maxValuesPerField {
            oversized.append(Diagnostic(.error, at: locate(path), field: path.description,
                                        message: "\(count) values, more than the limit of \(limits.maxValuesPerField) (ReadLimits.maxValuesPerField)"))
        }
        if !oversized.isEmpty {
            // Not kept: an oversized record is rejected, and its texts must not reach the report.
            let recordID = offer.id.description
            return ReadRecord(offer: nil, location: location, diagnostics: diagnostics + oversized.map { diagnostic in
                var diagnostic = diagnostic
                diagnostic.recordID = recordID
                return diagnostic
            })
        }
        if !stripped.isEmpty {
            let recordID = offer.id.description
            diagnostics += stripped.map { path in
                Diagnostic(.warning, at: locate(path), field: path.description, message:
                    "removed control characters (C0/C1 controls or bidirectional overrides) that would reach terminals and stored titles",
                           recordID: recordID)
            }
        }
        if !issues.isEmpty {
            // Only the id goes into the diagnostics: a closure capturing the whole offer
            // would make the compiler copy it.
            let recordID = offer.id.description
            diagnostics += issues.map { issue in
                Diagnostic(issue.severity == .error ? .error : .warning, at: locate(issue.path),
                           field: issue.path.description, message: issue.message, recordID: recordID)
            }
        }
        return ReadRecord(offer: consume offer, location: location, diagnostics: diagnostics)
    }
}
