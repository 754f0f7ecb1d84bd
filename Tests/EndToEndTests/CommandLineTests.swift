import Foundation
import Testing

@Suite("supportmatch command line", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct CommandLineTests {
    @Test("First use imports the bundled catalogue, says so on stderr, and does it only once")
    func firstUse() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("first.sqlite")
        let first = try SupportMatchBinary.run(["offers", "--json", "--database", database])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("first use"))
        #expect(first.stderr.split(separator: "\n").count == 1)
        let offers = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]])
        #expect(offers.count > 50)
        #expect(offers.allSatisfy { $0["status"] as? String == "active" })

        let second = try SupportMatchBinary.run(["imports", "--json", "--database", database])
        #expect(second.status == 0)
        #expect(!second.stderr.contains("first use"))
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect((runs.first?["counts"] as? [String: Any])?["added"] as? Int == offers.count)
    }

    @Test("First use on a full disk: the failed starter import is an error (never \"0 offers\" with exit 0) and the next command tries again (issue 13, weak)")
    func firstUseOnFullDisk() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let database = scratch.path("full.sqlite")
        let binary = try #require(SupportMatchBinary.url)
        // RLIMIT_FSIZE as a full disk (SIGXFSZ ignored, so writes fail with EFBIG), in the
        // shell's 512-byte blocks: 550 KB holds the empty schema but not the bundled catalogue.
        // Measured with 16 KiB pages (migration v3-compact-offers): 600 blocks fail the schema,
        // 800–1,400 fail the catalogue (the failure this test is about), 1,600 hold both.
        let script = "trap '' XFSZ; ulimit -f 1100; exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, binary.path, "offers", "--database", database]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both outputs are a few lines: reading one to its end cannot block on the other.
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let full = SupportMatchBinary.Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        #expect(full.status == 1, "\(full.stdout)\(full.stderr)")
        #expect(!full.stdout.contains("0 offers"), "\(full.stdout)")
        #expect(full.stderr.contains("the bundled catalogue could not be imported") && full.stderr.contains("tried again"), "\(full.stderr)")

        let again = try SupportMatchBinary.run(["offers", "--database", database])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("first use") && again.stderr.contains("imported the bundled catalogue"), "\(again.stderr)")
        let count = again.stdout.split(separator: "\n").last { $0.hasSuffix(" offers") }.flatMap { Int($0.split(separator: " ")[0]) }
        #expect((count ?? 0) > 50, "\(again.stdout.suffix(200))")
    }

    @Test("The database comes from SUPPORTMATCH_DATABASE when --database is not given")
    func databaseFromEnvironment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try SupportMatchBinary.run(["imports"], environment: ["SUPPORTMATCH_DATABASE": scratch.path("env.sqlite")], in: scratch.url)
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("env.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("supportmatch.sqlite")))
    }

    @Test("import, offers, show, imports: a change and a withdrawal as a user sees them")
    func importCycle() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("c.sqlite")]
        let file = try scratch.write(catalogue(), to: "e2e.json")

        let imported = try SupportMatchBinary.run(["import", file] + db)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 1 file (native-json)"))
        #expect(imported.stdout.contains("2 added"))

        let listed = try SupportMatchBinary.run(["offers", "--source", "e2e", "--json"] + db)
        let offers = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(offers.compactMap { $0["id"] as? String } == ["e2e:one", "e2e:two"])

        let table = try SupportMatchBinary.run(["offers", "--source", "e2e", "--region", "Sachsen"] + db)
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.contains { $0.hasPrefix("e2e:one ") && $0.contains("Beratungszuschuss Sachsen") })
        #expect(lines.last == "2 offers")
        // Columns line up: the title column starts at the same place in every row.
        let titleColumn = lines[0].range(of: "TITLE").map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) }
        try #require(lines.count == 4 && titleColumn != nil)
        #expect(lines[1...2].allSatisfy { line in
            line.count > titleColumn! && line[line.index(line.startIndex, offsetBy: titleColumn! - 2)...].hasPrefix("  ")
        })

        try _ = scratch.write(catalogue(title: "Beratungszuschuss Sachsen 2027", withSecond: false), to: "e2e.json")
        let changed = try SupportMatchBinary.run(["import", file] + db)
        #expect(changed.status == 0)
        #expect(changed.stdout.contains("e2e:one  (title)"))
        #expect(changed.stdout.contains("Withdrawn (1):\n  e2e:two"))

        let shown = try SupportMatchBinary.run(["show", "e2e:one"] + db)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Beratungszuschuss Sachsen 2027"))
        #expect(shown.stdout.contains("[active]"))
        #expect(shown.stdout.contains("changed: title"))
        let withdrawn = try SupportMatchBinary.run(["show", "two"] + db)
        #expect(withdrawn.status == 0)
        #expect(withdrawn.stdout.contains("[withdrawn in run"))
        #expect(withdrawn.stdout.contains("withdrawn"))

        let shownJSON = try SupportMatchBinary.run(["show", "e2e:two", "--json"] + db)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shownJSON.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "withdrawn")
        #expect((object["history"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["added", "withdrawn"])

        let history = try SupportMatchBinary.run(["imports"] + db)
        #expect(history.status == 0)
        #expect(history.stdout.contains("succeeded"))
        #expect(history.stdout.contains("2 import runs"), "import into a new database does not add the starter catalogue")
    }

    @Test("Exit status 1 for a rejected import (every problem located) and an unknown id")
    func badInput() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("b.sqlite")]
        let bad = try scratch.write(catalogue(topic: "xyz"), to: "bad.json")

        let rejected = try SupportMatchBinary.run(["import", bad] + db)
        #expect(rejected.status == 1)
        // An error: the report goes to stderr, and its counts do not claim offers were added.
        #expect(rejected.stdout.isEmpty)
        #expect(rejected.stderr.contains("Import rejected"))
        #expect(rejected.stderr.contains("1 record: topics: unknown"))
        #expect(rejected.stderr.contains("\(bad):"))
        #expect(rejected.stderr.contains("#/offers/0/topics/0"))
        #expect(rejected.stderr.contains("2 records read, 1 rejected; nothing was imported"), "\(rejected.stderr)")
        #expect(rejected.stderr.contains("Would be added (1):\n  e2e:two"), "\(rejected.stderr)")

        let json = try SupportMatchBinary.run(["import", bad, "--json"] + db)
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["outcome"] as? String == "rejected")

        let dry = try SupportMatchBinary.run(["import", bad, "--dry-run"] + db)
        #expect(dry.status == 1)
        let skipped = try SupportMatchBinary.run(["import", bad, "--skip-invalid"] + db)
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("1 added"))

        let unknown = try SupportMatchBinary.run(["show", "e2e:nothing"] + db)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no offer with id e2e:nothing"))
        let missingFile = try SupportMatchBinary.run(["import", scratch.path("absent.json")] + db)
        #expect(missingFile.status == 1)
        #expect(missingFile.stderr.contains("\(scratch.path("absent.json")): error: no such file or folder"), "\(missingFile.stderr)")
        #expect(missingFile.stdout.isEmpty)
    }

    @Test("An empty folder, or one with no catalogue in it, is an error that names the folder")
    func emptyFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("e.sqlite")]
        let empty = scratch.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let result = try SupportMatchBinary.run(["import", empty] + db)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(empty): error: no catalogue to import: the folder holds no files"), "\(result.stderr)")
        #expect(!result.stderr.contains("--skip-invalid"))

        let notes = scratch.path("notes")
        try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
        _ = try scratch.write("just notes", to: "notes/README.txt")
        let noCatalogue = try SupportMatchBinary.run(["import", notes] + db)
        #expect(noCatalogue.status == 1)
        #expect(noCatalogue.stderr.contains("none of its 1 files is a catalogue"), "\(noCatalogue.stderr)")
        #expect(noCatalogue.stderr.contains("README.txt: not a catalogue in a known format"), "\(noCatalogue.stderr)")
    }

    @Test("The Grants.gov folder imports: the extract and the sample record, the field description and code tables skipped and named",
          .enabled(if: FileManager.default.fileExists(atPath: SharedData.grantsGovFolder), "needs ../shared/catalogues/grants-gov"))
    func grantsGovFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try SupportMatchBinary.run(["import", SharedData.grantsGovFolder, "--database", scratch.path("g.sqlite")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Imported 2 files (grantsgov-xml)"), "\(result.stdout)")
        #expect(result.stdout.contains("2,474 records: 2,474 added"), "\(result.stdout)")
        for skipped in ["field-spec.json", "eligible-applicant-codes.csv"] {
            #expect(result.stdout.contains(skipped), "\(skipped) is not named: \(result.stdout)")
        }
        #expect(result.stdout.contains("Skipped (4 files, not read):\n  \(SharedData.grantsGovFolder)/category-of-funding-activity-codes.csv: not a catalogue in a known format"),
                "\(result.stdout)")
    }


    @Test("Exit status 2 for usage errors, 0 for help", arguments: [
        ["offers", "--limit", "0"], ["offers", "--bogus"], ["import"], ["show"], ["offers", "--status", "gone"],
        ["import", "x.json", "--format", "nonsense"], ["nonsense-command"],
    ])
    func usageErrors(arguments: [String]) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try SupportMatchBinary.run(arguments + ["--database", scratch.path("u.sqlite")])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("Help exits 0")
    func help() throws {
        let result = try SupportMatchBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("import"))
    }

    @Test("A dry run changes nothing and is listed as a dry run")
    func dryRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("d.sqlite")]
        let file = try scratch.write(catalogue(), to: "e2e.json")
        let dry = try SupportMatchBinary.run(["import", file, "--dry-run"] + db)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("Dry run"))
        let listed = try SupportMatchBinary.run(["offers", "--source", "e2e"] + db)
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0 offers")
        let history = try SupportMatchBinary.run(["imports"] + db)
        #expect(history.stdout.contains("succeeded (dry run)"))
    }
}

/// Read-only reference data in `../shared/` beside the package, absent on some machines.
enum SharedData {
    static let grantsGovFolder: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared/catalogues/grants-gov").path
    }()
}
