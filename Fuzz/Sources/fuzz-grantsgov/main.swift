import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport
import SupportModel

/// A fixed "today", so a record's status does not depend on the day the fuzzer runs.
enum Target {
    static let reader = GrantsGovReader(today: Day(year: 2026, month: 3, day: 1))
}

/// Grants.gov extract records through `GrantsGovReader` (libxml2 pull cursor).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGrantsGov(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: Target.reader, file: "GrantsDBExtract.xml")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzGrantsGov))
