import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport

/// One Förderdatenbank programme document, read as an unpacked export folder holding only it
/// (`BMWI/FDB/Content/DE/Foerderprogramm/…`), through `FoerderdatenbankReader`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFDBDocument(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: FoerderdatenbankReader(),
                     file: "export/BMWI/FDB/Content/DE/Foerderprogramm/Land/Sachsen/fuzz-programm.xml",
                     readPath: "export")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzFDBDocument))
