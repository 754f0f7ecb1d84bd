import CatalogStore
import Consultations
import Foundation
import StoreTestSupport
import SupportModel
import Testing

@Suite("Change detection after an import")
struct ChangeDetectionTests {
    /// Saxon companies (digitalisation), Saxon municipalities (infrastructure), a federal
    /// offer for both, a Bavarian company offer, and one whose description gets a typo fix.
    static let before: [Offer] = [
        Catalogue.offer("digi-sn"),
        Catalogue.offer("bau-sn", applicants: [.municipality], topics: ["infrastruktur"]),
        Catalogue.offer("bund", applicants: [.company, .municipality], regions: ["DE"], topics: ["digitalisierung", "infrastruktur"]),
        Catalogue.offer("by-only", regions: ["DE-BY"]),
        Catalogue.offer("typo", regions: ["DE"], description: "Gefördert werden Vorhaben der Digitalisirung."),
    ]

    /// One new relevant offer (Saxon companies), the federal deadline moved, the Bavarian
    /// offer withdrawn, the typo fixed.
    static var after: [Offer] {
        var offers = before.filter { $0.id.localID != "by-only" }
        offers.append(Catalogue.offer("digi-sn-neu"))
        offers[offers.firstIndex { $0.id.localID == "bund" }!].schedule.deadlines = [day("2027-09-30")]
        offers[offers.firstIndex { $0.id.localID == "typo" }!].description = "Gefördert werden Vorhaben der Digitalisierung."
        return offers
    }

    static let saxonCompany = #"{"applicantType": "company", "location": {"state": "DE-SN"}, "topics": ["digitalisierung"]}"#
    static let saxonMunicipality = #"{"applicantType": "municipality", "location": {"state": "DE-SN"}, "topics": ["infrastruktur"]}"#
    static let bavarianCompany = #"{"applicantType": "company", "location": {"state": "DE-BY"}, "topics": ["digitalisierung"]}"#

    @Test("Three saved profiles get exactly the expected events, and none for a typo fix", arguments: StoreKind.allCases)
    func expectedEventsPerProfile(_ kind: StoreKind) throws {
        let workspace = try Workspace(kind)
        defer { workspace.remove() }
        try workspace.importCatalogue(Self.before)
        let baseline = try workspace.baseline(today: day("2026-11-28"))
        let store = workspace.consultations

        let company = try store.create(ProfileDraft(
            label: "Software SME Dresden", notes: "wants to digitalise", profile: try Catalogue.profile(Self.saxonCompany),
            shortlist: [ShortlistItem(offerId: id("bund"), note: "apply in spring"), ShortlistItem(offerId: id("typo"))]), baseline: baseline)
        let municipality = try store.create(ProfileDraft(
            label: "Gemeinde", profile: try Catalogue.profile(Self.saxonMunicipality),
            shortlist: [ShortlistItem(offerId: id("bund")), ShortlistItem(offerId: id("bau-sn"))]), baseline: baseline)
        let bavarian = try store.create(ProfileDraft(
            label: "Bavarian company", profile: try Catalogue.profile(Self.bavarianCompany),
            shortlist: [ShortlistItem(offerId: id("by-only")), ShortlistItem(offerId: id("typo"))]), baseline: baseline)
        for saved in [company, municipality, bavarian] {
            #expect(try store.events(of: saved.id).isEmpty, "saving alone produces no events")
        }

        let report = try workspace.importCatalogue(Self.after)
        #expect(report.added == ["test:digi-sn-neu"])
        #expect(Set(report.changed.map(\.id)) == ["test:bund", "test:typo"], "the typo fix is a change to the catalogue")
        #expect(report.withdrawn == ["test:by-only"])
        let summary = try workspace.detect(after: report, today: day("2026-12-01"))

        func events(_ saved: SavedProfile) throws -> [String] {
            try store.events(of: saved.id).map { "\($0.kind.rawValue) \($0.offerId.localID)" }.sorted()
        }
        #expect(try events(company) == ["material-change bund", "new-match digi-sn-neu"])
        #expect(try events(municipality) == ["material-change bund"])
        #expect(try events(bavarian) == ["withdrawn by-only"])

        let moved = try #require(try store.events(of: company.id).first { $0.kind == .materialChange })
        #expect(moved.details.changes == [FieldChange(field: "schedule.deadlines", before: "2027-06-30", after: "2027-09-30")])
        #expect(moved.runId == report.runID)
        let all = try [company, municipality, bavarian].flatMap { try store.events(of: $0.id) }
        #expect(!all.contains { $0.offerId.localID == "typo" }, "a description typo fix is not material")
        #expect(all.allSatisfy { $0.runId == report.runID })

        #expect(summary == ChangeSummary(profilesChecked: 3, profilesAffected: 3, newMatches: 1, events: 4))
        #expect(summary.impact.description == "affects 3 saved profiles (1 new top-20 match)")
        let withdrawn = try #require(try store.profile(bavarian.id)?.shortlist.first { $0.offerId == id("by-only") })
        #expect(withdrawn.state == .withdrawn)
        #expect(withdrawn.title == "Programm by-only", "the title of a withdrawn offer is kept")

        // Running the detection again for the same import stores nothing twice.
        let again = try workspace.detect(after: report, today: day("2026-12-01"))
        #expect(again.events == 0 && again.profilesAffected == 0)
        #expect(try all.count == [company, municipality, bavarian].map { try store.eventCount(of: $0.id) }.reduce(0, +))
    }

    @Test("A shortlisted deadline within 14 days is reminded once, not at every import", arguments: StoreKind.allCases)
    func deadlineReminderOnce(_ kind: StoreKind) throws {
        let workspace = try Workspace(kind)
        defer { workspace.remove() }
        let offers = [Catalogue.offer("soon", deadline: day("2026-12-10")), Catalogue.offer("later", deadline: day("2027-06-30"))]
        try workspace.importCatalogue(offers)
        let saved = try workspace.consultations.create(ProfileDraft(
            label: "x", profile: try Catalogue.profile(Self.saxonCompany),
            shortlist: [ShortlistItem(offerId: id("soon")), ShortlistItem(offerId: id("later"))]),
            baseline: try workspace.baseline(today: day("2026-11-20")))

        let first = try workspace.importCatalogue(offers)
        _ = try workspace.detect(after: first, today: day("2026-11-27"))
        let second = try workspace.importCatalogue(offers)
        _ = try workspace.detect(after: second, today: day("2026-11-30"))

        let events = try workspace.consultations.events(of: saved.id)
        #expect(events.map(\.kind) == [.deadlineSoon])
        #expect(events.first?.offerId == id("soon"))
        #expect(events.first?.details.deadline == day("2026-12-10"))
        #expect(events.first?.details.daysLeft == 13)
        #expect(events.first?.runId == first.runID, "stored with the import that first saw it")
    }

    @Test("A shortlisted offer that closes, and comes back, gives one event each; amount changes are material", arguments: StoreKind.allCases)
    func closedAndRestored(_ kind: StoreKind) throws {
        let workspace = try Workspace(kind)
        defer { workspace.remove() }
        try workspace.importCatalogue([Catalogue.offer("a")])
        let saved = try workspace.consultations.create(ProfileDraft(
            label: "x", profile: try Catalogue.profile(Self.saxonCompany), shortlist: [ShortlistItem(offerId: id("a"))]),
            baseline: try workspace.baseline(today: day("2026-11-28")))

        let closed = try workspace.importCatalogue([Catalogue.offer("a", status: .closed)])
        _ = try workspace.detect(after: closed, today: day("2026-11-28"))
        let reopened = try workspace.importCatalogue([Catalogue.offer("a", amountMax: 80_000)])
        _ = try workspace.detect(after: reopened, today: day("2026-11-28"))

        let events = try workspace.consultations.events(of: saved.id)
        #expect(events.map(\.kind) == [.closed, .restored, .materialChange], "the status change is told by closed/restored, not twice")
        #expect(events[2].details.changes == [FieldChange(field: "funding.amountMax", before: "50000", after: "80000")])
        #expect(events.map(\.runId) == [closed.runID, reopened.runID, reopened.runID])
    }
}

@Suite("Saved consultations in the store")
struct ConsultationStoreTests {
    @Test("Deleting a profile removes its shortlist, baseline and events (hard delete); export has everything first", arguments: StoreKind.allCases)
    func exportAndHardDelete(_ kind: StoreKind) throws {
        let workspace = try Workspace(kind)
        defer { workspace.remove() }
        try workspace.importCatalogue([Catalogue.offer("a"), Catalogue.offer("b")])
        let store = workspace.consultations
        let saved = try store.create(ProfileDraft(
            label: "x", notes: "n", profile: try Catalogue.profile(ChangeDetectionTests.saxonCompany),
            shortlist: [ShortlistItem(offerId: id("a"), note: "gut")]), baseline: try workspace.baseline(today: day("2026-11-28")))
        let report = try workspace.importCatalogue([Catalogue.offer("b"), Catalogue.offer("c")])
        _ = try workspace.detect(after: report, today: day("2026-11-28"))

        let export = try #require(try store.export(saved.id))
        #expect(export.profile.notes == "n" && export.profile.shortlist.map(\.note) == ["gut"])
        #expect(export.events.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.newMatch, .withdrawn])

        #expect(try store.delete(saved.id))
        #expect(try store.profile(saved.id) == nil)
        #expect(try store.delete(saved.id) == false)
        let leftovers = try workspace.store.engine.read { db in
            try ["saved_profile", "shortlist_entry", "profile_match", "profile_event"].map { table in
                try db.fetchOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1
            }
        }
        #expect(leftovers == [0, 0, 0, 0])
    }

    @Test("A shortlisted offer withdrawn since stays on the shortlist when the profile is updated", arguments: StoreKind.allCases)
    func updateKeepsWithdrawnEntries(_ kind: StoreKind) throws {
        let workspace = try Workspace(kind)
        defer { workspace.remove() }
        try workspace.importCatalogue([Catalogue.offer("a"), Catalogue.offer("b")])
        let store = workspace.consultations
        let saved = try store.create(ProfileDraft(
            label: "x", profile: try Catalogue.profile(ChangeDetectionTests.saxonCompany), shortlist: [ShortlistItem(offerId: id("a"))]),
            baseline: try workspace.baseline(today: day("2026-11-28")))
        try workspace.importCatalogue([Catalogue.offer("b")])
        let baseline = try workspace.baseline(today: day("2026-11-28"))
        let updated = try store.update(saved.id, with: ProfileDraft(
            label: "renamed", profile: saved.profile, shortlist: [ShortlistItem(offerId: id("a")), ShortlistItem(offerId: id("b"))]),
            baseline: baseline)
        #expect(updated?.shortlist.map(\.offerId) == [id("a"), id("b")])
        #expect(throws: ConsultationError.self) {
            try store.update(saved.id, with: ProfileDraft(label: "x", profile: saved.profile, shortlist: [ShortlistItem(offerId: id("zzz"))]),
                             baseline: baseline)
        }
    }

    @Test("Ids are 22 base64url characters, differ every time and never begin with '-'")
    func tokens() {
        let ids = (0..<1000).map { _ in ProfileToken.make() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy(ProfileToken.isWellFormed))
        // A leading '-' reads as an option on a command line. Unconstrained, about 16 of 1,000
        // ids would begin with it (none: probability 2e-7).
        #expect(!ids.contains { $0.hasPrefix("-") })
        #expect(!ProfileToken.isWellFormed("short") && !ProfileToken.isWellFormed(String(repeating: "/", count: 22)))
    }
}
