import CatalogImport
import CatalogStore
import Foundation

/// The import report as people read it: what happened in one line, then the details.
/// Lists of offers are cut after a few entries (`--json` has up to 10,000 per kind, the offer
/// history all of them); problems are listed in full, because each one is something to fix.
struct ImportReportText {
    var report: ImportReport
    var databasePath: String
    var listLimit = 20

    func render() -> String {
        var lines: [String] = [headline()]
        let c = report.counts
        lines.append(countsLine())
        lines.append(String(format: "  %.2f s, %@ records/s", report.durationSeconds, Terminal.count(Int(report.recordsPerSecond))))
        if let failure = report.failure { lines.append("  failure: \(failure)") }
        if let impact = report.savedProfiles { lines.append("  \(impact.description)") }

        // Only a committed import added anything; otherwise the lists say what it would have done.
        let done = report.outcome == .succeeded && !report.dryRun
        section(&lines, done ? "Added" : "Would be added", report.added, total: c.added)
        section(&lines, done ? "Changed" : "Would change", report.changed.map { "\($0.id)  (\($0.fields.joined(separator: ", ")))" }, total: c.changed)
        section(&lines, done ? "Restored" : "Would be restored",
                report.restored.map { $0.fields.isEmpty ? $0.id : "\($0.id)  (\($0.fields.joined(separator: ", ")))" }, total: c.restored)
        section(&lines, done ? "Withdrawn" : "Would be withdrawn", report.withdrawn, total: c.withdrawn)

        if !report.problemGroups.isEmpty {
            lines.append("")
            lines.append("Problems:")
            for group in report.problemGroups { lines.append("  " + group.description) }
            lines.append("")
            lines.append("Every problem:")
            for problem in report.fileProblems { lines.append("  " + problem.description) }
            for record in report.rejected {
                for diagnostic in record.diagnostics { lines.append("  " + diagnostic.description) }
            }
        }
        if !report.skipped.isEmpty {
            lines.append("")
            lines.append("Skipped (\(Terminal.count(report.skipped.count)) \(report.skipped.count == 1 ? "file" : "files"), not read):")
            for file in report.skipped {
                let why = file.message.hasPrefix("skipped: ") ? String(file.message.dropFirst("skipped: ".count)) : file.message
                lines.append("  \(file.location): \(why)")
            }
        }
        if !report.warningGroups.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            for group in report.warningGroups {
                let example = group.examples.first.map { " (e.g. \($0))" } ?? ""
                lines.append("  " + group.description + example)
            }
        }
        return lines.joined(separator: "\n")
    }

    private func headline() -> String {
        let files = report.inputs.count == 1 ? "1 file" : "\(report.inputs.count) files"
        let formats = Set(report.inputs.compactMap(\.format?.rawValue)).sorted().joined(separator: ", ")
        let run = report.runID.map { "run \($0)" } ?? "not logged"
        let what = "\(files)\(formats.isEmpty ? "" : " (\(formats))")"
        switch (report.outcome, report.dryRun) {
        case (.succeeded, false): return "Imported \(what) into \(databasePath) (\(run))."
        case (.succeeded, true): return "Dry run: \(what) would import cleanly; nothing was changed (\(run))."
        case (.rejected, false):
            // --skip-invalid skips invalid records, never an unreadable file.
            let advice = report.fileProblems.isEmpty ? "Fix the problems below, or use --skip-invalid." : "Fix the problems below."
            return "Import rejected: nothing was changed (\(run)). \(advice)"
        case (.rejected, true): return "Dry run: the import would be rejected; nothing was changed (\(run))."
        case (.failed, _): return "Import failed: nothing was changed (\(run))."
        }
    }

    /// What happened to the records. A rejected or failed import changed nothing, so its
    /// counts say what the import would have done, not that offers were added.
    private func countsLine() -> String {
        let c = report.counts
        let records = c.read == 1 ? "1 record" : "\(Terminal.count(c.read)) records"
        let effects = "\(Terminal.count(c.added)) added, \(Terminal.count(c.changed)) changed, "
            + "\(Terminal.count(c.unchanged)) unchanged, \(Terminal.count(c.withdrawn)) withdrawn, "
            + "\(Terminal.count(c.restored)) restored"
        let unreadable = report.fileProblems.count
        let problems = [
            c.rejected > 0 ? "\(Terminal.count(c.rejected)) rejected" : nil,
            unreadable > 0 ? (unreadable == 1 ? "1 file problem" : "\(Terminal.count(unreadable)) file problems") : nil,
        ].compactMap { $0 }
        switch (report.outcome, report.dryRun) {
        case (.succeeded, false):
            return "  \(records): \(effects), \(Terminal.count(c.rejected)) rejected"
        case (.succeeded, true):
            return "  \(records) read; importing them would give: \(effects), \(Terminal.count(c.rejected)) rejected"
        default:
            let blocking = problems.isEmpty ? "" : ", " + problems.joined(separator: ", ")
            return "  \(records) read\(blocking); nothing was imported (without the problems: \(effects))"
        }
    }

    /// `total` is the count; the report's list may hold fewer (it is capped for huge imports).
    private func section(_ lines: inout [String], _ title: String, _ items: [String], total: Int) {
        guard !items.isEmpty else { return }
        lines.append("")
        lines.append("\(title) (\(Terminal.count(max(total, items.count)))):")
        for item in items.prefix(listLimit) { lines.append("  " + item) }
        let more = max(total, items.count) - min(items.count, listLimit)
        if more > 0 { lines.append("  … and \(Terminal.count(more)) more (--json lists up to 10,000, `supportmatch show ID` the history)") }
    }
}
