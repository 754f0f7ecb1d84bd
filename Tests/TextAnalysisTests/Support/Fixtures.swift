import Foundation

/// Files the tests read from the repository and the system, found relative to this file.
enum Fixtures {
    /// The package root (`Tests/TextAnalysisTests/Support/Fixtures.swift` is three levels down).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let synonymsFile = packageRoot.appendingPathComponent("Catalog/analysis/synonyms.json")
    static let offersDirectory = packageRoot.appendingPathComponent("Catalog/offers", isDirectory: true)

    /// The titles, summaries, descriptions and keywords of the bundled catalogue.
    static func catalogueTexts() throws -> [String] {
        try offerObjects().flatMap { offer -> [String] in
            var texts = ["title", "summary", "description"].compactMap { offer[$0] as? String }
            texts += offer["keywords"] as? [String] ?? []
            return texts
        }
    }

    static func catalogueTitles() throws -> [String] {
        try offerObjects().compactMap { $0["title"] as? String }
    }

    /// Declared language and summary of each bundled offer.
    static func catalogueSummaries() throws -> [(language: String, summary: String)] {
        try offerObjects().compactMap { offer in
            guard let language = offer["language"] as? String, let summary = offer["summary"] as? String else { return nil }
            return (language, summary)
        }
    }

    /// `../shared` beside the package: read-only reference catalogues, absent on some machines.
    static let sharedDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    static let grantsGovExtract = sharedDirectory.appendingPathComponent("catalogues/grants-gov/GrantsDBExtract-fpi.xml")
    static var isGrantsGovAvailable: Bool { FileManager.default.fileExists(atPath: grantsGovExtract.path) }

    /// Values of one simple element of the Grants.gov extract (US English), entities left as they are.
    static func grantsGovValues(of element: String, limit: Int) throws -> [String] {
        let xml = try String(contentsOf: grantsGovExtract, encoding: .utf8)
        var values: [String] = []
        for piece in xml.components(separatedBy: "<\(element)>").dropFirst().prefix(limit) {
            if let end = piece.range(of: "</\(element)>") { values.append(String(piece[..<end.lowerBound])) }
        }
        return values
    }

    private static func offerObjects() throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(at: offersDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
        return try files.flatMap { file -> [[String: Any]] in
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
            return document?["offers"] as? [[String: Any]] ?? []
        }
    }
}

/// Snowball's test vocabularies (Debian package `snowball-data`): `voc.txt` holds input words,
/// `output.txt` the reference stems, line by line.
enum SnowballReference {
    static let candidateDirectories = ["/usr/share/snowball/data", "/usr/share/snowball-data"]

    static func directory(for algorithm: String) -> URL? {
        for root in candidateDirectories {
            let directory = URL(fileURLWithPath: root).appendingPathComponent(algorithm, isDirectory: true)
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("voc.txt").path),
               FileManager.default.fileExists(atPath: directory.appendingPathComponent("output.txt").path) {
                return directory
            }
        }
        return nil
    }

    static func isAvailable(_ algorithm: String) -> Bool { directory(for: algorithm) != nil }

    /// Pairs of (word, expected stem).
    static func pairs(for algorithm: String) throws -> [(word: String, stem: String)] {
        guard let directory = directory(for: algorithm) else { return [] }
        let words = try lines(directory.appendingPathComponent("voc.txt"))
        let stems = try lines(directory.appendingPathComponent("output.txt"))
        guard words.count == stems.count else { return [] }
        return Array(zip(words, stems)).map { (word: $0.0, stem: $0.1) }
    }

    private static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
    }
}
