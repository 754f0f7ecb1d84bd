import Foundation
import Testing

/// Issue 13, item 5: control characters in catalogue texts never reach the terminal. Readers
/// remove them (with a located warning) and keep the rest of the text (a NUL does not cut the
/// title); whatever the CLI prints goes through its terminal sanitiser as well.
@Suite("hostile input, round two: the command line (issue 13)", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct HostileCLITests {
    static let hostileTitle = "Vor\u{0}Nach \u{1B}]0;pwned\u{07}\u{1B}[2J \u{9B}2J \u{202E}exe.txt"
    static let forbidden: [UInt8] = [0x00, 0x07, 0x1B]

    static func isClean(_ text: String) -> Bool {
        !text.utf8.contains { forbidden.contains($0) }
            && !text.unicodeScalars.contains { $0.value >= 0x80 && $0.value <= 0x9F || $0.value == 0x202E }
    }

    /// The bad-input corpus's CommonGrants control file with the hostile title: CommonGrants
    /// takes any JSON string escape (the native format already refuses C0 controls).
    static func commonGrants(title: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BadInput/commongrants-valid-control.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object["title"] = title
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("item 5: titles with ESC, BEL, NUL, C1 and bidi controls are stored without them and printed clean by offers and show")
    func controlCharacters() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = ["--database", scratch.path("c.sqlite")]
        let file = try scratch.write(try Self.commonGrants(title: Self.hostileTitle), to: "hostile.json")
        let imported = try SupportMatchBinary.run(["import", file] + db)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("removed control characters") && imported.stdout.contains("hostile.json#/title"),
                "a located warning: \(imported.stdout)")
        #expect(Self.isClean(imported.stdout) && Self.isClean(imported.stderr))

        let id = "commongrants:049b4b15-6a4a-4a0e-9b0c-5f1d2a6c7e11"
        for arguments in [["offers"], ["offers", "--json"], ["show", id], ["show", id, "--json"]] {
            let result = try SupportMatchBinary.run(arguments + db)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(Self.isClean(result.stdout), "\(arguments) printed a control character: \(result.stdout.debugDescription.prefix(400))")
        }
        let shown = try SupportMatchBinary.run(["show", id] + db)
        // The NUL did not cut the title: what followed it is kept.
        #expect(shown.stdout.contains("VorNach ]0;pwned[2J 2J exe.txt"), "\(shown.stdout.prefix(600))")

        // A label with controls is refused, and the refusal prints none of them.
        let label = try SupportMatchBinary.run(["profiles", "save", "--type", "company", "--label", "\u{1B}]0;pwned\u{07}"] + db)
        #expect(label.status != 0)
        #expect(Self.isClean(label.stdout) && Self.isClean(label.stderr), "\(label.stderr.debugDescription)")
    }
}

/// Issue 13, weak: libxml2 sends some messages to its thread-wide handlers rather than to the
/// parser context the readers watch, and those printed to stderr: encoding conversion failures
/// and the schema validator's "Unimplemented block" notes. Every such message is now routed
/// through the structured handler; stderr carries only the import report.
@Suite("hostile input, round two: libxml2 messages (issue 13)", .enabled(if: SupportMatchBinary.isAvailable, "needs the built supportmatch executable next to the test bundle"))
struct LibXML2MessageTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("BadInput")
    /// What libxml2 prints when a message reaches its default handler.
    static let libxml2Marks = ["encoding error", "I/O error", "Unimplemented block", "xmlschemas.c", "parser error", "validity error",
                               "Schemas validity", "namespace error", "HTML parser error", "warning :"]

    @Test("inputs that made libxml2 print to stderr are refused with our located error, and stderr holds only the report",
          arguments: [
            ("grantsgov-undecodable-windows-1252.xml", [String](), "grantsgov-undecodable-windows-1252.xml:5: error: not a readable Grants.gov extract: input conversion failed"),
            ("xml-entity-reference.xml", [], "xml-entity-reference.xml:2: error: document type declarations"),
            ("xml-utf16-lone-surrogate.xml", ["--format", "native-xml"], "xml-utf16-lone-surrogate.xml: error: not well-formed XML: input conversion failed"),
            ("fdb-windows-1252.zip", ["--format", "fdb-export"], "fdb-windows-1252.zip!BMWI/FDB/Content/DE/Foerderprogramm/x.xml:2: error: not well-formed XML: input conversion failed"),
          ])
    func routed(_ file: String, _ options: [String], _ located: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path(file)
        if file.hasSuffix(".zip") {
            // A Förderdatenbank entry declaring windows-1252 with bytes it does not define.
            let python = try #require(Python.path, "needs python3 to write the archive")
            let script = """
                import sys, zipfile
                doc = b'<?xml version="1.0" encoding="windows-1252"?>\\n<document name="x" path="/BMWI/FDB/Content/DE/Foerderprogramm" type="gsb:ServiceOffer"><property name="gsb:title" type="RichText"><text>Bad \\x81\\x8d title</text></property></document>'
                with zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('BMWI/FDB/Content/DE/Foerderprogramm/x.xml', doc)
                """
            let process = try Process.run(URL(fileURLWithPath: python), arguments: ["-c", script, path])
            process.waitUntilExit()
            try #require(process.terminationStatus == 0)
        } else {
            try FileManager.default.copyItem(at: Self.corpus.appendingPathComponent(file), to: URL(fileURLWithPath: path))
        }
        let result = try SupportMatchBinary.run(["import", path, "--database", scratch.path("c.sqlite")] + options)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        for mark in Self.libxml2Marks {
            #expect(!result.stderr.contains(mark) && !result.stdout.contains(mark), "libxml2 printed \"\(mark)\": \(result.stderr)")
        }
        #expect(result.stderr.contains(located), "\(result.stderr)")
        // Nothing but the report: its header, its counts, and its located problems.
        let lines = result.stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("Import rejected") == true, "\(result.stderr)")
        for line in lines where line.contains(": error: ") || line.contains(": warning: ") {
            #expect(line.hasPrefix(path), "a diagnostic that is not located in the file: \(line)")
        }
    }
}

/// Issue 13, item 4: no amplification shape makes an import use more than 256 MB above the
/// baseline import. `Tests/support/amplification.py` builds each shape and measures every import's
/// peak RSS in its own process. `swift test` runs the issue's sizes for the Grants.gov codes
/// (a million) and the CommonGrants description (200 MB), each of which took gigabytes before
/// the fix (the test fails on 8615b23), and 48 one-megabyte archive entries; `.ci/run` sets
/// SUPPORTMATCH_HOSTILE_FULL=1 for the archive's full 2,047 entries, whose generation alone
/// takes minutes.
enum Python {
    static let path: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite("hostile input, round two: memory (issue 13)", .enabled(if: SupportMatchBinary.isAvailable && Python.path != nil, "needs the built supportmatch executable and python3"))
struct HostileMemoryTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("support/amplification.py")
    static let ceilingMB = 256.0

    @Test("item 4: every amplification shape imports (or is refused) within 256 MB of the baseline")
    func amplificationUnderCeiling() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let full = ProcessInfo.processInfo.environment["SUPPORTMATCH_HOSTILE_FULL"] == "1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Python.path))
        process.arguments = [Self.script.path, "--binary", try #require(SupportMatchBinary.url).path, "--work", scratch.path("work"),
                             "--scale", full ? "full" : "small"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // Waited for on a thread of its own: the imports take a minute, and blocking one of the
        // cooperative pool's two threads that long starves the live-server tests.
        let data = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
            Thread {
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        try #require(process.terminationStatus == 0, "amplification.py failed")
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let baseline = try #require((result["baseline"] as? [String: Any])?["maxrss_mb"] as? Double)
        let shapes = try #require(result["shapes"] as? [String: [String: Any]])
        #expect(shapes.count == 3)
        for (name, shape) in shapes.sorted(by: { $0.key < $1.key }) {
            let peak = try #require(shape["maxrss_mb"] as? Double)
            print("amplification \(name): peak \(Int(peak)) MB, baseline \(Int(baseline)) MB, exit \(shape["status"] ?? "?"), \(shape["seconds"] ?? "?") s")
            #expect(peak - baseline < Self.ceilingMB, "\(name): \(Int(peak)) MB against a baseline of \(Int(baseline)) MB: \(shape["stdout"] ?? "")")
            // Refused or imported, never crashed: exit 0 (imported) or 1 (rejected).
            #expect([0, 1].contains(shape["status"] as? Int), "\(name): \(shape["stderr"] ?? "")")
        }
    }
}
