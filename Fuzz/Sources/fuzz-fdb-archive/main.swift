import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport

/// A whole Förderdatenbank export as a ZIP, through `FoerderdatenbankReader`: the archive
/// checks (`ZIPDirectory`, `SafeZIPArchive`) see every size, offset, count and checksum the
/// fuzzer invents before ZIPFoundation does (issue 13, item 2).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFDBArchive(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: FoerderdatenbankReader(), file: "fuzz-export.zip")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzFDBArchive))
