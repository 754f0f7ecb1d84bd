import BundledCatalog
import CatalogImport
import Foundation

/// Times one catalogue reader over one input, as the import would run it, without a store:
/// `import-bench <fdb-export|grantsgov-xml|commongrants-json|auto> <file> [--repeat N]`.
/// Prints records, valid records, diagnostics, seconds, records/s and MB/s (of the file).
/// Peak memory is measured from outside with `/usr/bin/time -v` (see run.sh).

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: import-bench <format|auto> <file> [--repeat N]\n".utf8))
    exit(2)
}
let url = URL(fileURLWithPath: arguments[2])
let repeats = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[$0 + 1]) } ?? 1
let reader: any CatalogReader
if arguments[1] == "auto" {
    guard let detected = try CatalogReaders.detect(url) else {
        FileHandle.standardError.write(Data("no reader recognises \(url.path)\n".utf8))
        exit(1)
    }
    reader = detected
} else {
    guard let named = CatalogReaders.reader(for: CatalogFormat(rawValue: arguments[1])) else {
        FileHandle.standardError.write(Data("unknown format \(arguments[1])\n".utf8))
        exit(2)
    }
    reader = named
}
let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.doubleValue ?? 0
let context = ReadContext(taxonomies: BundledCatalog.taxonomies)

for run in 1...repeats {
    var records = 0
    var valid = 0
    var diagnostics = 0
    let start = DispatchTime.now().uptimeNanoseconds
    do {
        try reader.read(CatalogInput(url: url), context: context) { record in
            records += 1
            if record.isValid { valid += 1 }
            diagnostics += record.diagnostics.count
        }
    } catch {
        print("error: \(error)")
        exit(1)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "run %d  %@  records %d  valid %d  diagnostics %d  %.3f s  %.0f records/s  %.1f MB/s",
                 run, reader.format.rawValue, records, valid, diagnostics, seconds, Double(records) / seconds, bytes / 1e6 / seconds))
}
