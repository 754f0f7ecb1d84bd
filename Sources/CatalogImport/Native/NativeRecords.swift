import SupportModel

/// What both native readers do with a decoded offer.
enum NativeRecords {
    /// The decoded offer with its structural problems, its validation against the taxonomies,
    /// and a duplicate-id check (the second occurrence is the error). `extra` are problems the
    /// encoding found itself (XSD validity errors), listed first.
    static func record(
        _ result: NativeOfferDecoder.Result, at location: SourceLocation, context: ReadContext,
        locate: (FieldPath) -> SourceLocation, documentSource: String, declaredSources: Set<String>, reader: some CatalogReader,
        seen: inout [OfferID: String], extra: [Diagnostic] = []
    ) -> ReadRecord {
        var recordID: String?
        if let id = result.writtenID {
            recordID = OfferID(source: context.sourceOverride ?? result.writtenSource ?? documentSource, localID: id).description
        }
        let encodingProblems = extra.map { diagnostic in
            var diagnostic = diagnostic
            diagnostic.recordID = diagnostic.recordID ?? recordID
            return diagnostic
        }
        let structural = encodingProblems + result.problems.map { problem in
            Diagnostic(problem.severity, at: locate(problem.path), field: problem.path.description.isEmpty ? nil : problem.path.description,
                       message: problem.message, recordID: recordID)
        }
        var record: ReadRecord
        if let offer = result.offer {
            record = reader.validated(offer, at: location, context: context, locate: locate)
            record.diagnostics.insert(contentsOf: structural, at: 0)
        } else {
            record = ReadRecord(offer: nil, location: location, diagnostics: structural)
            if !structural.contains(where: { $0.severity == .error }) {
                record.diagnostics.append(Diagnostic(.error, at: location, message: "the offer could not be read", recordID: recordID))
            }
        }
        // An offer may name any source its document declares (`source` or `sources`); naming
        // another leaves the document's, which the import refuses for it (``ReadRecord/foreignSource``).
        let named = result.writtenSource.flatMap { declaredSources.contains($0) ? $0 : nil }
        record.declaredSource = context.sourceOverride ?? named ?? documentSource
        if context.readersCheckDuplicateIDs, let recordID, let id = OfferID(recordID) {
            if let first = seen[id] {
                record.diagnostics.append(Diagnostic(.error, at: locate(["id"]), field: "id",
                                                     message: "duplicate id \"\(id)\": already used by the offer at \(first)",
                                                     recordID: recordID))
            } else {
                seen[id] = location.description
            }
        }
        return record
    }
}
