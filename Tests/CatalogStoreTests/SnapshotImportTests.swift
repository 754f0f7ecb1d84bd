import BundledCatalog
import CatalogImport
import CatalogStore
import Foundation
import StoreTestSupport
import SupportModel
import Testing

/// Runs on both engines: the import, its report and the history must not depend on which is behind the store.
@Suite("Snapshot import")
struct SnapshotImportTests {
    @Test("Importing the bundled catalogue twice: the second run finds everything unchanged", arguments: StoreKind.allCases)
    func importTwice(_ kind: StoreKind) throws {
        try withStore(kind) { store, _ in
            let paths = try BundledCatalog.offerFiles().map(\.path)
            let first = Fixture.importer(store).run(ImportRequest(paths: paths))
            #expect(first.outcome == .succeeded, "\(first.problemGroups)")
            #expect(first.counts.added > 0)
            #expect(first.counts.added == first.counts.read)

            let second = Fixture.importer(store).run(ImportRequest(paths: paths))
            #expect(second.outcome == .succeeded)
            #expect(second.counts.unchanged == first.counts.added)
            #expect(second.counts.added == 0 && second.counts.changed == 0 && second.counts.withdrawn == 0)
            #expect(try store.activeOffers().count == first.counts.added)
            #expect(try store.catalogueVersion() == second.runID)
        }
    }

    @Test("Editing one deadline changes exactly that offer, naming schedule.deadlines", arguments: StoreKind.allCases)
    func editedDeadline(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...3).map { Fixture.offer("offer-\($0)") }
            let file = try Fixture.write(offers, to: directory.path("catalogue.json"))
            _ = Fixture.importer(store).run(ImportRequest(paths: [file]))

            offers[1].schedule.deadlines = [Day(year: 2027, month: 9, day: 30)!]
            try Fixture.write(offers, to: file)
            let report = Fixture.importer(store).run(ImportRequest(paths: [file]))

            #expect(report.outcome == .succeeded)
            #expect(report.changed == [OfferFieldChanges(id: "test:offer-2", fields: ["schedule.deadlines"])])
            #expect(report.counts.unchanged == 2)
            let stored = try #require(try store.offer(OfferID(source: "test", localID: "offer-2")))
            #expect(stored.offer.schedule.deadlines == [Day(year: 2027, month: 9, day: 30)!])
            #expect(stored.history.map(\.kind) == [.added, .changed])
            #expect(stored.history.last?.changedFields == ["schedule.deadlines"])
            #expect(stored.history.last?.previous?.schedule.deadlines == [Day(year: 2027, month: 3, day: 31)!])
            #expect(stored.lastChangedRun == report.runID)
        }
    }

    @Test("A removed offer is withdrawn and kept; when it comes back it is restored", arguments: StoreKind.allCases)
    func withdrawnAndRestored(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            let offers = (1...3).map { Fixture.offer("offer-\($0)") }
            let file = directory.path("catalogue.json")
            try Fixture.write(offers, to: file)
            _ = Fixture.importer(store).run(ImportRequest(paths: [file]))

            try Fixture.write(Array(offers.prefix(2)), to: file)
            let withdrawal = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(withdrawal.withdrawn == ["test:offer-3"])
            let id = OfferID(source: "test", localID: "offer-3")
            let withdrawn = try #require(try store.offer(id))
            #expect(withdrawn.status == .withdrawn)
            #expect(withdrawn.withdrawnInRun == withdrawal.runID)
            #expect(withdrawn.offer.title == "Förderprogramm offer-3")
            #expect(withdrawn.history.map(\.kind) == [.added, .withdrawn])
            #expect(try store.activeOffers().map(\.id.localID) == ["offer-1", "offer-2"])
            #expect(try store.offers(status: .withdrawn).map(\.id) == [id])

            try Fixture.write(offers, to: file)
            let restoral = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(restoral.restored == [OfferFieldChanges(id: "test:offer-3", fields: [])])
            #expect(try store.offer(id)?.status == .active)
            #expect(try store.offer(id)?.history.map(\.kind) == [.added, .withdrawn, .restored])
        }
    }

    @Test("One invalid record rejects the whole import, leaves the store unchanged and is located", arguments: StoreKind.allCases)
    func invalidRecordRejects(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...4).map { Fixture.offer("offer-\($0)") }
            let file = directory.path("catalogue.json")
            try Fixture.write(offers, to: file)
            let first = Fixture.importer(store).run(ImportRequest(paths: [file]))
            let before = try Fixture.state(of: store)

            offers[0].title = "Neuer Titel"
            offers[2].topics = ["xyz"]
            offers.removeLast()
            try Fixture.write(offers, to: file)
            let report = Fixture.importer(store).run(ImportRequest(paths: [file]))

            #expect(report.outcome == .rejected)
            #expect(try Fixture.state(of: store) == before)
            #expect(try store.catalogueVersion() == first.runID)
            let rejected = try #require(report.rejected.first)
            #expect(report.rejected.count == 1)
            #expect(rejected.id == "test:offer-3")
            let diagnostic = try #require(rejected.diagnostics.first)
            #expect(diagnostic.location.file == file)
            #expect(diagnostic.location.jsonPointer == "/offers/2/topics/0")
            #expect(diagnostic.location.line != nil)
            #expect(diagnostic.field == "topics[0]")
            #expect(report.problemGroups.map(\.records) == [1])
            #expect(report.problemGroups.first?.field == "topics")
            // The report still says what the valid part would have done.
            #expect(report.changed.map(\.id) == ["test:offer-1"])
            #expect(report.withdrawn == ["test:offer-4"])
            // The attempt is in the history, with its problems.
            let logged = try #require(try store.importRuns().first)
            #expect(logged.id == report.runID && logged.outcome == .rejected)
            #expect(try store.importReport(runID: logged.id)?.rejected == report.rejected)
        }
    }

    @Test("Every problem is listed, grouped by what is wrong", arguments: StoreKind.allCases)
    func everyProblemListed(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...20).map { Fixture.offer("offer-\($0)") }
            for index in 0..<17 { offers[index].topics = ["xyz"] }
            offers[18].funding?.rateMax = 150
            let file = try Fixture.write(offers, to: directory.path("bad.json"))
            let report = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(report.outcome == .rejected)
            #expect(report.counts.rejected == 18)
            #expect(report.problemGroups.first?.records == 17)
            #expect(report.problemGroups.dropFirst().allSatisfy { $0.records == 1 && $0.field?.hasPrefix("funding") == true })
            #expect(report.problemGroups.first?.description.hasPrefix("17 records: topics: unknown") == true)
            #expect(Set(report.rejected.compactMap(\.id)).count == 18)
            #expect(try store.activeOffers().isEmpty)
        }
    }

    @Test("--skip-invalid imports the valid records and keeps the stored version of invalid ones", arguments: StoreKind.allCases)
    func skipInvalid(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...3).map { Fixture.offer("offer-\($0)") }
            let file = directory.path("catalogue.json")
            try Fixture.write(offers, to: file)
            _ = Fixture.importer(store).run(ImportRequest(paths: [file]))

            offers[0].title = "Neuer Titel"
            offers[1].instruments = ["gift"]
            offers.append(Fixture.offer("offer-4"))
            try Fixture.write(offers, to: file)
            let report = Fixture.importer(store).run(ImportRequest(paths: [file], policy: .skipInvalid))

            #expect(report.outcome == .succeeded)
            #expect(report.counts.rejected == 1 && report.rejected.first?.id == "test:offer-2")
            #expect(report.changed.map(\.id) == ["test:offer-1"])
            #expect(report.added == ["test:offer-4"])
            #expect(report.withdrawn.isEmpty)
            let kept = try #require(try store.offer(OfferID(source: "test", localID: "offer-2")))
            #expect(kept.status == .active && kept.offer.instruments == [.grant])
            #expect(try store.offer(OfferID(source: "test", localID: "offer-1"))?.offer.title == "Neuer Titel")
            #expect(try store.catalogueVersion() == report.runID)
        }
    }

    @Test("A dry run reports the same as the real import and changes nothing", arguments: StoreKind.allCases)
    func dryRun(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            var offers = (1...3).map { Fixture.offer("offer-\($0)") }
            let file = directory.path("catalogue.json")
            try Fixture.write(offers, to: file)
            let first = Fixture.importer(store).run(ImportRequest(paths: [file]))
            let before = try Fixture.state(of: store)
            let historyBefore = try store.offer(OfferID(source: "test", localID: "offer-1"))?.history

            offers[0].summary = "Geändert"
            offers.removeLast()
            offers.append(Fixture.offer("offer-9"))
            try Fixture.write(offers, to: file)
            let dry = Fixture.importer(store).run(ImportRequest(paths: [file], dryRun: true))

            #expect(dry.outcome == .succeeded && dry.dryRun)
            #expect(try Fixture.state(of: store) == before)
            #expect(try store.offer(OfferID(source: "test", localID: "offer-1"))?.history == historyBefore)
            #expect(try store.catalogueVersion() == first.runID)
            let logged = try #require(try store.importRuns().first)
            #expect(logged.dryRun && logged.id == dry.runID)

            let real = Fixture.importer(store).run(ImportRequest(paths: [file]))
            #expect(real.counts == dry.counts)
            #expect(real.changed == dry.changed && real.added == dry.added && real.withdrawn == dry.withdrawn)
        }
    }

    @Test("A source's snapshot leaves other sources untouched", arguments: StoreKind.allCases)
    func otherSourcesUntouched(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            let alpha = (1...3).map { Fixture.offer("a-\($0)", source: "alpha") }
            let beta = (1...2).map { Fixture.offer("b-\($0)", source: "beta") }
            let alphaFile = try Fixture.write(alpha, source: "alpha", to: directory.path("alpha.json"))
            let betaFile = try Fixture.write(beta, source: "beta", to: directory.path("beta.json"))
            _ = Fixture.importer(store).run(ImportRequest(paths: [alphaFile, betaFile]))
            let betaBefore = try store.offers(source: "beta", status: .all)

            try Fixture.write([alpha[0]], source: "alpha", to: alphaFile)
            let report = Fixture.importer(store).run(ImportRequest(paths: [alphaFile]))
            #expect(report.sources == ["alpha"])
            #expect(report.withdrawn == ["alpha:a-2", "alpha:a-3"])
            #expect(try store.offers(source: "beta", status: .all) == betaBefore)
        }
    }

    @Test("The same id in two files rejects the import and names both places", arguments: StoreKind.allCases)
    func duplicateAcrossFiles(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            let one = try Fixture.write([Fixture.offer("same"), Fixture.offer("x")], to: directory.path("one.json"))
            let two = try Fixture.write([Fixture.offer("same")], to: directory.path("two.json"))
            let report = Fixture.importer(store).run(ImportRequest(paths: [one, two]))
            #expect(report.outcome == .rejected)
            let diagnostic = try #require(report.rejected.first?.diagnostics.first)
            #expect(diagnostic.location.file == two)
            #expect(diagnostic.message.contains(one))
            #expect(try store.activeOffers().isEmpty)
        }
    }

    @Test("An unreadable file rejects the import even with --skip-invalid", arguments: StoreKind.allCases)
    func unreadableFile(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            let good = try Fixture.write([Fixture.offer("a")], to: directory.path("good.json"))
            let file = try Fixture.write([Fixture.offer("b"), Fixture.offer("c")], to: directory.path("cut.json"))
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try Data(text.prefix(text.count * 2 / 3).utf8).write(to: URL(fileURLWithPath: file))
            let missing = directory.path("missing.json")

            let report = Fixture.importer(store).run(ImportRequest(paths: [good, file, missing], policy: .skipInvalid))
            #expect(report.outcome == .rejected)
            #expect(report.fileProblems.map(\.location.file).sorted() == [file, missing].sorted())
            #expect(report.fileProblems.first { $0.location.file == file }?.location.line != nil)
            #expect(try store.activeOffers().isEmpty)
            #expect(try store.importRuns().first?.outcome == .rejected)
        }
    }

    @Test("A folder is read recursively; files that are not catalogues are skipped with a warning", arguments: StoreKind.allCases)
    func folderInput(_ kind: StoreKind) throws {
        try withStore(kind) { store, directory in
            let folder = directory.url.appendingPathComponent("in/sub", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Fixture.write([Fixture.offer("a")], to: directory.path("in/one.json"))
            try Fixture.write([Fixture.offer("b")], to: directory.path("in/sub/two.json"))
            try Data("notes".utf8).write(to: directory.url.appendingPathComponent("in/README.md"))

            let report = Fixture.importer(store).run(ImportRequest(paths: [directory.path("in")]))
            #expect(report.outcome == .succeeded)
            #expect(report.added == ["test:a", "test:b"])
            #expect(report.skipped.map(\.location.file) == [directory.path("in") + "/README.md"])
            #expect(report.skipped.first?.message.hasPrefix("skipped") == true)
        }
    }
}
