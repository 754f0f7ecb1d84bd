import CatalogStore
import Foundation

/// Shows import progress on stderr: records read and records per second, at most a few times
/// a second. On a terminal the line overwrites itself; with `--progress always` into a pipe
/// or file it prints one line per update.
final class ProgressLine {
    enum Mode: String, CaseIterable {
        case auto, always, never
    }

    private let enabled: Bool
    private let overwrite: Bool
    private let interval: Double
    private var lastShown = -Double.infinity
    private var shownAnything = false

    init(mode: Mode, interval: Double = 0.25) {
        let terminal = Terminal.stderrIsTerminal
        switch mode {
        case .auto: enabled = terminal
        case .always: enabled = true
        case .never: enabled = false
        }
        overwrite = terminal
        self.interval = interval
    }

    func update(_ progress: ImportProgress) {
        guard enabled, progress.elapsed - lastShown >= interval else { return }
        lastShown = progress.elapsed
        shownAnything = true
        let text = "\(Terminal.count(progress.records)) records, \(Terminal.count(Int(progress.recordsPerSecond))) records/s (\(progress.file))"
        if overwrite {
            Terminal.writeErrorRaw("\r\u{1B}[K" + text)
        } else {
            Terminal.writeError(text)
        }
    }

    /// Clears the overwriting line before the final output.
    func finish() {
        if enabled, overwrite, shownAnything { Terminal.writeErrorRaw("\r\u{1B}[K") }
    }
}
