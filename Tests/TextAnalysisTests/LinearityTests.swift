import Foundation
import Testing
@testable import TextAnalysis

/// Issue 13, item 1: text analysis costs time linear in its input, whatever the input's shape.
/// One `x` with 100,000 combining marks is a single `Character` and a single "word"; before the
/// tokenizer capped words at ``Tokenizer/maxWordScalars`` scalars, analysing it grew with the
/// square of its length (3-4 s of CPU for 200 KB in a release build).
///
/// The figures (time per KB from 1 KB to 1 MB, per shape) are printed, and are the benchmark
/// the issue asks for: `swift test --filter LinearityTests` (add `-c release` for release figures).
@Suite("text analysis is linear in its input (issue 13, item 1)")
struct LinearityTests {
    static let shapes: [(name: String, unit: String)] = [
        ("German prose", "Gründer*innen erhalten einen Zuschuss für die Digitalisierung ihres Unternehmens. "),
        ("combining marks", "\u{0301}"),
        ("one long word", "a"),
        ("hyphen chain", "ab-"),
        ("ampersand chain", "F&"),
    ]

    static func text(_ unit: String, bytes: Int, first: String) -> String {
        let count = max(1, (bytes - first.utf8.count) / unit.utf8.count)
        return first + String(repeating: unit, count: count)
    }

    /// Runs `body` on a thread of its own: seconds of CPU-bound work on Swift's cooperative
    /// pool (two threads on a two-core machine) would stall every other test of the process.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    static func cpuSeconds(rounds: Int = 3, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
            body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
            best = min(best, Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9)
        }
        return best
    }

    @Test("time per KB at 1 MB is within a small factor of time per KB at 16 KB, for every shape")
    func flatTimePerKB() async {
        let lines = await Self.onOwnThread { Self.measureShapes() }
        for (line, flat) in lines {
            print(line)
            // Loose: the machine is shared, and small inputs carry fixed costs. Quadratic cost
            // would be 64 times the 16 KB figure at 1 MB.
            #expect(flat, "\(line)")
        }
    }

    static func measureShapes() -> [(String, Bool)] {
        let analyzer = Analyzer(language: .german, compounds: CompoundDictionary(words: ["zuschuss", "digitalisierung", "gründer"]))
        var lines: [(String, Bool)] = []
        for shape in Self.shapes {
            var perKB: [Int: Double] = [:]
            for size in [1 << 10, 16 << 10, 256 << 10, 1 << 20] {
                let text = Self.text(shape.unit, bytes: size, first: shape.name == "combining marks" ? "x" : "")
                var sink = 0
                let seconds = Self.cpuSeconds(rounds: size >= 256 << 10 ? 1 : 3) {
                    sink &+= analyzer.tokens(text).count
                    sink &+= LanguageDetector.detect(text) == nil ? 0 : 1
                }
                perKB[size] = seconds / Double(text.utf8.count) * 1024
                _ = sink
            }
            let line = [1 << 10, 16 << 10, 256 << 10, 1 << 20].map { String(format: "%8.1f µs/KB", perKB[$0]! * 1e6) }.joined(separator: " ")
            lines.append(("linearity \(shape.name.padding(toLength: 16, withPad: " ", startingAt: 0)) 1 KB → 1 MB: \(line)",
                          perKB[1 << 20]! <= perKB[16 << 10]! * 4 + 2e-6))
        }
        return lines
    }

    @Test("an `x` with 100,000 combining marks (200 KB) is analysed in bounded time and yields one capped token")
    func combiningMarks() async {
        let (tokens, seconds) = await Self.onOwnThread { () -> ([AnalyzedToken], Double) in
            let text = "x" + String(repeating: "\u{0301}", count: 100_000)
            let analyzer = Analyzer(language: .german)
            var tokens: [AnalyzedToken] = []
            let seconds = Self.cpuSeconds { tokens = analyzer.tokens(text) }
            return (tokens, seconds)
        }
        #expect(tokens.count == 1)
        #expect(tokens.allSatisfy { $0.term.unicodeScalars.count <= Tokenizer.maxWordScalars })
        #expect(seconds < 0.25, "\(seconds) s of CPU")
    }
}
