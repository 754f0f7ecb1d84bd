import Foundation

/// A small pool of stemmers for one language, safe to share across tasks.
///
/// A stemmer object is not thread-safe, and a lock around a single one would serialise every
/// analysis. Instead a caller checks a stemmer out for a whole text, so the lock is taken twice per
/// text rather than once per word, and concurrent callers each get their own C object (created on
/// demand, at most ``maximumIdle`` kept).
final class StemmerPool: @unchecked Sendable {
    // @unchecked: `idle` is only touched under `lock`.
    private let lock = NSLock()
    private var idle: [SnowballStemmer] = []
    private let algorithm: String
    private let maximumIdle: Int

    init(language: AnalysisLanguage, maximumIdle: Int = 8) {
        self.algorithm = language.snowballAlgorithm
        self.maximumIdle = maximumIdle
    }

    /// One pool per language for the whole process, so creating an ``Analyzer`` costs nothing.
    static func shared(for language: AnalysisLanguage) -> StemmerPool {
        switch language {
        case .german: german
        case .english: english
        }
    }

    private static let german = StemmerPool(language: .german)
    private static let english = StemmerPool(language: .english)

    /// Runs `body` with a stemmer that no other caller uses meanwhile.
    func withStemmer<Result>(_ body: (SnowballStemmer) throws -> Result) rethrows -> Result {
        let stemmer = checkOut()
        defer { checkIn(stemmer) }
        return try body(stemmer)
    }

    private func checkOut() -> SnowballStemmer {
        lock.lock()
        let stemmer = idle.popLast()
        lock.unlock()
        if let stemmer { return stemmer }
        guard let created = SnowballStemmer(algorithm: algorithm) else {
            fatalError("libstemmer has no '\(algorithm)' algorithm; the installed libstemmer is broken")
        }
        return created
    }

    private func checkIn(_ stemmer: SnowballStemmer) {
        lock.lock()
        if idle.count < maximumIdle { idle.append(stemmer) }
        lock.unlock()
    }
}
