import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport

/// The native catalogue format, JSON encoding, through `NativeJSONReader`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNativeJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: NativeJSONReader(), file: "catalogue.json")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzNativeJSON))
