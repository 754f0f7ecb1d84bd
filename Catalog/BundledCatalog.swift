public import Foundation
public import SupportModel

/// The catalogue, vocabularies and schemas that ship with SupportMatch.
///
/// They live in `Catalog/` where a maintainer edits them, and are copied into the binary's
/// resource bundle at build time, so `supportmatch` works from any directory.
public enum BundledCatalog {
    /// Root of the copied `Catalog/` resources.
    public static var resourceRoot: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }

    /// `Catalog/offers/`: the starter catalogue in the native format.
    public static var offersDirectory: URL { resourceRoot.appendingPathComponent("offers", isDirectory: true) }
    /// `Catalog/taxonomies/`: vocabularies as JSON.
    public static var taxonomiesDirectory: URL { resourceRoot.appendingPathComponent("taxonomies", isDirectory: true) }
    /// `Catalog/schema/`: JSON Schema and XSD of the native format.
    public static var schemaDirectory: URL { resourceRoot.appendingPathComponent("schema", isDirectory: true) }
    /// `Catalog/analysis/`: synonyms and other text-analysis resources maintainers edit.
    public static var analysisDirectory: URL { resourceRoot.appendingPathComponent("analysis", isDirectory: true) }

    /// The native-format catalogue files, sorted by name.
    public static func offerFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: offersDirectory, includingPropertiesForKeys: nil)
            .filter { ["json", "xml"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Loads the vocabularies from a `taxonomies` folder (the bundled one by default).
    public static func loadTaxonomies(from directory: URL? = nil) throws -> Taxonomies {
        let directory = directory ?? taxonomiesDirectory
        var documents: [String: Data] = [:]
        for name in Taxonomies.fileNames + ["sme-thresholds"] {
            let url = directory.appendingPathComponent(name + ".json")
            if let data = try? Data(contentsOf: url) { documents[name] = data }
        }
        return try Taxonomies(documents: documents)
    }

    /// The bundled vocabularies, loaded once.
    public static let taxonomies: Taxonomies = {
        do { return try loadTaxonomies() } catch {
            fatalError("The bundled taxonomies do not load; the build is broken: \(error)")
        }
    }()
}
