import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport

/// CommonGrants JSON (one opportunity, a list, or a paginated response) through `CommonGrantsReader`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommonGrants(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: CommonGrantsReader(), file: "opportunities.json")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzCommonGrants))
