import CatalogImport
import CFuzzerDriver
import Foundation
import FuzzSupport

/// The native catalogue format, XML encoding, through `NativeXMLReader` (libxml2 streaming),
/// configured as `CatalogReaders.all` configures it for `supportmatch import`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNativeXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.read(FuzzInput.data(data, size), with: NativeXMLReader(), file: "catalogue.xml")
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzNativeXML))
