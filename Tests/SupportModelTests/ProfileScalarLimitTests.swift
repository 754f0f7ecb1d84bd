import BundledCatalog
import Foundation
import SupportModel
import Testing

/// Issue 13, item 1: a profile text is limited in Unicode scalars. One `x` with 100,000
/// combining marks is a single `Character`, so a limit in characters let 200 KB through.
@Suite("profile text limits in scalars (issue 13)")
struct ProfileScalarLimitTests {
    @Test("a project description of one character with 100,000 combining marks is refused, quickly")
    func combiningMarks() throws {
        let marks = "x" + String(repeating: "\u{0301}", count: 100_000)
        let body = Data(#"{"applicantType": "company", "projectDescription": "\#(marks)"}"#.utf8)
        let decoder = ProfileDecoder(taxonomies: BundledCatalog.taxonomies, today: Day(year: 2026, month: 11, day: 28))
        // Thread CPU time: the suite shares the machine, and the issue's bound is CPU (50 ms).
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        let error = try #require(throws: ProfileError.self) { _ = try decoder.decode(body) }
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        print("combining-mark profile (200 KB): refused after \(String(format: "%.2f", seconds * 1000)) ms of thread CPU time")
        #expect(error.issues.contains { $0.pointer == "/projectDescription" }, "\(error.issues)")
        #expect(seconds < 0.05, "\(seconds) s of CPU")
    }
}
