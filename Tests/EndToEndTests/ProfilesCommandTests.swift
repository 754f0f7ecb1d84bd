import Foundation
import Testing

@Suite("supportmatch profiles and changes", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct ProfilesCommandTests {
    @Test("save with a shortlist, import a changed catalogue, read the changes, export, delete")
    func savedProfileCycle() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("p.sqlite")]
        let file = try scratch.write(catalogue(secondTopic: "beratung"), to: "e2e.json")
        let first = try SupportMatchBinary.run(["import", file] + db)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(!first.stdout.contains("saved profile"), "no profiles saved yet: nothing to report")

        let saved = try SupportMatchBinary.run([
            "profiles", "save", "--type", "company", "--state", "DE-SN", "--topic", "beratung", "--label", "E2E GmbH",
            "--notes", "Erstgespräch", "--shortlist", "e2e:one", "--shortlist", "two", "--today", "2026-11-28",
        ] + db)
        #expect(saved.status == 0, "\(saved.stderr)")
        let id = saved.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 22)

        let list = try SupportMatchBinary.run(["profiles", "list"] + db)
        #expect(list.stdout.contains(id) && list.stdout.contains("E2E GmbH") && list.stdout.contains("2 shortlisted"))

        // The title fixed (not material), the second offer withdrawn.
        try _ = scratch.write(catalogue(title: "Beratungszuschuss Sachsen (korrigiert)", withSecond: false, secondTopic: "beratung"), to: "e2e.json")
        let second = try SupportMatchBinary.run(["import", file, "--today", "2026-11-30"] + db)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("affects 1 saved profile ("), "\(second.stdout)")

        let changes = try SupportMatchBinary.run(["changes", "--profile", id] + db)
        #expect(changes.status == 0, "\(changes.stderr)")
        #expect(changes.stdout.contains("Withdrawn: Gründerkredit"))
        let json = try SupportMatchBinary.run(["changes", "--profile", id, "--json"] + db)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(events.contains { $0["kind"] as? String == "withdrawn" && $0["offerId"] as? String == "e2e:two" })
        #expect(!events.contains { $0["offerId"] as? String == "e2e:one" }, "a title fix is not material")

        let export = try SupportMatchBinary.run(["profiles", "export", id] + db)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let profile = try #require(exported["profile"] as? [String: Any])
        #expect(profile["notes"] as? String == "Erstgespräch")
        #expect((profile["profile"] as? [String: Any])?["applicantType"] as? String == "company")
        #expect((exported["events"] as? [Any])?.count == events.count)

        let deleted = try SupportMatchBinary.run(["profiles", "delete", id] + db)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let gone = try SupportMatchBinary.run(["changes", "--profile", id] + db)
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("no saved profile with id"))
    }

    @Test("an id that begins with '-' is read as an id after --profile and after '--', not as an option")
    func idWithLeadingDash() throws {
        // Profiles saved before ProfileToken stopped drawing a leading '-' have such ids (one in 64).
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("p.sqlite")]
        let id = "-" + String(repeating: "A", count: 21)
        for arguments in [["changes", "--profile", id] + db, ["profiles", "export"] + db + ["--", id]] {
            let result = try SupportMatchBinary.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("no saved profile with id \(id)"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("an unknown shortlisted offer is refused with exit status 1 and nothing is saved")
    func unknownOffer() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("p.sqlite")]
        let result = try SupportMatchBinary.run(["profiles", "save", "--type", "company", "--label", "x", "--shortlist", "e2e:nope"] + db)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no offer with id e2e:nope"))
        #expect(try SupportMatchBinary.run(["profiles", "list"] + db).stdout.contains("No saved profiles."))
    }
}
