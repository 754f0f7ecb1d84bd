import BundledCatalog
import CFuzzerDriver
import Foundation
import FuzzSupport
import SupportModel

/// A fixed "today", so validation does not depend on the day the fuzzer runs.
enum Target {
    static let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Day(year: 2026, month: 3, day: 1))
}

/// An organisation profile (JSON, as sent to `POST /v1/recommendations` or `--profile`)
/// through `ProfileDecoder`. A `ProfileError` is the right answer to bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        let profile = try Target.decoder.decode(FuzzInput.data(data, size), source: "fuzz")
        _ = String(describing: profile).utf8.count
    } catch let error as ProfileError {
        _ = error.description.utf8.count
    } catch {
        fatalError("ProfileDecoder threw something other than ProfileError: \(error)")
    }
    return 0
}

exit(supportmatch_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, fuzzProfile))
