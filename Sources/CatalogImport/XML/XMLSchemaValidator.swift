import CLibXML2
public import Foundation

/// Checks a file against an XSD alone, streaming, with the same safe parser options as the
/// readers: for a `validate` command, and to prove the schema accepts and rejects what the
/// readers do.
public struct XMLSchemaValidator: Sendable {
    public var schema: Data

    public init(schema: Data) {
        self.schema = schema
    }

    /// Every problem found, located by line and column; empty when the file is valid. A file
    /// that is not well-formed gives its first syntax error (parsing cannot go on after it).
    public func problems(in input: CatalogInput) throws -> [Diagnostic] {
        let compiled = try XMLSchema(data: schema, name: "catalogue.xsd")
        let sink = XMLIssueSink()
        return try sink.routingThreadMessages { try problems(in: input, schema: compiled, sink: sink) }
    }

    private func problems(in input: CatalogInput, schema compiled: XMLSchema, sink: XMLIssueSink) throws -> [Diagnostic] {
        guard let reader = xmlReaderForFile(input.url.path, nil, LibXML2.untrustedReaderOptions) else {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), "cannot open the file as XML")
        }
        defer {
            withExtendedLifetime((sink, compiled)) {
                xmlFreeTextReader(reader)
            }
        }
        // Handler before schema, as in `NativeXMLReader` (the other order crashes libxml2 2.9.14
        // on truncated files).
        xmlTextReaderSetStructuredErrorHandler(reader, XMLIssueSink.handler, sink.opaque)
        guard xmlTextReaderSetSchema(reader, compiled.pointer) == 0 else {
            throw CatalogReadError(at: SourceLocation(file: input.displayName), "cannot attach the XML schema to the reader")
        }
        var status: Int32 = 1
        while status == 1 && sink.firstFatal == nil {
            status = xmlTextReaderRead(reader)
        }
        var issues = sink.drain().filter { $0.kind != .other }
        if status < 0, issues.allSatisfy({ $0.kind != .fatal }), let fatal = LibXML2.firstFatalError(inFileAt: input.url.path) {
            issues = [fatal]
        }
        if let fatal = issues.first(where: { $0.kind == .fatal }) { issues = [fatal] }
        if issues.isEmpty && (status < 0 || xmlTextReaderIsValid(reader) != 1) {
            issues = [XMLIssue(kind: .validity, line: nil, column: nil, message: "the document is not valid against the schema")]
        }
        return issues.map { issue in
            Diagnostic(.error, at: SourceLocation(file: input.displayName, line: issue.line, column: issue.column),
                       message: issue.kind == .fatal ? "not well-formed XML: \(issue.message)" : issue.message)
        }
    }
}
