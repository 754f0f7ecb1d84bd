import ArgumentParser
import BundledCatalog
import CatalogStore
import Consultations
import Foundation
import Matching
import SupportModel

/// `supportmatch profiles …`: saved consultations in the catalogue database.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Save consultations (answers, notes, shortlist) and follow what imports change for them.",
        discussion: """
            A saved profile keeps only the answers given, a label, notes and a shortlist. After every \
            import it is re-matched and what changed is stored as events (`supportmatch changes`). \
            The id is a random token: whoever has it can read the consultation. `export` prints \
            everything stored about one profile; `delete` removes it with its events.
            """,
        subcommands: [Save.self, List.self, Show.self, Shortlist.self, Export.self, Delete.self]
    )

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Save a profile (from --profile FILE and/or answer flags); prints its id.")

        @OptionGroup var answers: ProfileOptions

        @Option(help: ArgumentHelp("A name for the consultation.", valueName: "text"))
        var label: String

        @Option(help: ArgumentHelp("The advisor's notes.", valueName: "text"))
        var notes: String = ""

        @Option(name: .customLong("shortlist"), help: ArgumentHelp("Shortlist an offer (repeatable).", valueName: "offer-id"))
        var shortlist: [String] = []

        @OptionGroup var day: DayOption
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let today = day.day
            let profile = try answers.resolvedProfile(taxonomies: BundledCatalog.taxonomies, today: today)
            let (store, baseline) = try database.openConsultations(today: today)
            let items = try shortlist.map { ShortlistItem(offerId: try RecommendCommand.resolve($0, in: baseline.index)) }
            let saved = try Consult.run {
                try store.create(ProfileDraft(label: label, notes: notes, profile: profile, shortlist: items), baseline: baseline)
            }
            if output.json { try Terminal.printJSON(saved) } else { print(saved.id) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved profiles, newest first.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let rows = try database.consultationStore().list()
            if output.json { try Terminal.printJSON(rows); return }
            if rows.isEmpty { print("No saved profiles."); return }
            for row in rows {
                print("\(row.id)  \(row.label)  (saved \(row.createdAt), \(row.shortlisted) shortlisted, \(row.events) events)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one saved profile: answers, notes, shortlist.")

        @Argument(help: ProfileIDHelp.argument)
        var id: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let saved = try Consult.require(try database.consultationStore().profile(id), id: id)
            if output.json { try Terminal.printJSON(saved); return }
            print("\(saved.label)  (\(saved.id))")
            print("saved \(saved.createdAt), updated \(saved.updatedAt)")
            if !saved.notes.isEmpty { print("notes: \(saved.notes)") }
            let answers = try JSONOutput.encoder.encode(saved.profile)
            print("answers:\n" + String(decoding: answers, as: UTF8.self))
            print(saved.shortlist.isEmpty ? "shortlist: empty" : "shortlist:")
            for entry in saved.shortlist {
                let note = entry.note.isEmpty ? "" : " — \(entry.note)"
                print("  \(entry.offerId)  \(entry.title) [\(entry.state.rawValue)]\(note)")
            }
        }
    }

    struct Shortlist: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an offer to a profile's shortlist (or change its note), or --remove it.")

        @Argument(help: ProfileIDHelp.argument)
        var id: String

        @Argument(help: ArgumentHelp("The offer (id or local id).", valueName: "offer-id"))
        var offer: String

        @Option(help: ArgumentHelp("Why it is on the list.", valueName: "text"))
        var note: String = ""

        @Flag(help: "Remove the offer from the shortlist.")
        var remove = false

        @OptionGroup var day: DayOption
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let (store, baseline) = try database.openConsultations(today: day.day)
            if remove {
                guard let offerID = OfferID(offer) ?? (try? RecommendCommand.resolve(offer, in: baseline.index)) else {
                    throw CommandFailure("no offer with id \(offer)")
                }
                _ = try Consult.require(try store.profile(id), id: id)
                guard try store.unshortlist(id, offer: offerID) else { throw CommandFailure("\(offerID) is not on the shortlist of \(id)") }
                print("Removed \(offerID).")
                return
            }
            let offerID = try RecommendCommand.resolve(offer, in: baseline.index)
            let found = try Consult.run { try store.shortlist(id, offer: offerID, note: note, baseline: baseline) }
            guard found else { throw CommandFailure("no saved profile with id \(id)") }
            print("Shortlisted \(offerID).")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print everything stored about one profile as JSON (answers, shortlist, events).")

        @Argument(help: ProfileIDHelp.argument)
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            try Terminal.printJSON(try Consult.require(try database.consultationStore().export(id), id: id))
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a profile with its shortlist and events (cannot be undone).")

        @Argument(help: ProfileIDHelp.argument)
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard try database.consultationStore().delete(id) else { throw CommandFailure("no saved profile with id \(id)") }
            print("Deleted \(id) and its events.")
        }
    }
}

/// The help of a profile id given as an argument. ArgumentParser reads a word that begins with
/// `-` as an option, and a single argument has no parsing strategy to change that; ids saved
/// before ``ProfileToken`` stopped drawing a leading `-` go after `--`, behind all options.
enum ProfileIDHelp {
    static let argument = ArgumentHelp(
        "The profile id.",
        discussion: "An id that begins with '-' (only older profiles have one) follows '--', after all options: … --database DB -- -Xy….",
        valueName: "id")
}

/// `supportmatch changes --profile ID`: what imports changed for a saved profile.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "List what imports changed for a saved profile, oldest first.",
        discussion: """
            Events: new-match (entered the top 20), material-change (deadline, amount, rate, \
            eligibility or status of a shortlisted offer), closed, withdrawn, restored, \
            deadline-soon (a shortlisted deadline within 14 days of an import).
            """
    )

    // Unconditional: ids saved before ProfileToken stopped drawing a leading '-' still parse.
    @Option(parsing: .unconditional, help: ArgumentHelp("The saved profile's id.", valueName: "id"))
    var profile: String

    @Option(help: ArgumentHelp("Only events after this event id.", valueName: "n"))
    var after: Int64 = 0

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try database.consultationStore()
        _ = try Consult.require(try store.profile(profile), id: profile)
        let events = try store.events(of: profile, after: after)
        if output.json { try Terminal.printJSON(events); return }
        if events.isEmpty { print("No changes."); return }
        for event in events {
            print("#\(event.id)  \(event.createdAt)  run \(event.runId.map(String.init) ?? "-")  \(event.offerId)")
            print("  \(event.headline)")
            for line in event.detailLines { print("    \(line)") }
        }
    }
}

/// `--today` for commands that judge deadlines when saving a baseline.
struct DayOption: ParsableArguments {
    @Option(help: ArgumentHelp("Judge deadlines as of this day (YYYY-MM-DD) instead of today.", valueName: "date"))
    var today: String?

    func validate() throws {
        if let today, Day(iso: today) == nil { throw ValidationError("--today expects a date YYYY-MM-DD, found '\(today)'.") }
    }

    var day: Day {
        if let today, let day = Day(iso: today) { return day }
        return Day.todayUTC()
    }
}

/// Store errors as command failures.
enum Consult {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ConsultationError {
            throw CommandFailure("invalid consultation:\n" + error.issues.map { "  \($0.pointer): \($0.message)" }.joined(separator: "\n"))
        }
    }

    static func require<T>(_ value: T?, id: String) throws -> T {
        guard let value else { throw CommandFailure("no saved profile with id \(id)") }
        return value
    }
}

extension DatabaseOptions {
    func consultationStore() throws -> ConsultationStore {
        try ConsultationStore(catalogue: try openStore())
    }

    /// The consultation store and the catalogue as of `today`, for saving baselines.
    func openConsultations(today: Day) throws -> (ConsultationStore, Baseline) {
        let store = try consultationStore()
        return (store, Baseline(index: try openIndex(), today: today))
    }
}
