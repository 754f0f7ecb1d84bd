import Foundation
import Matching
import SupportModel

/// Every `print` in this module goes through ``Terminal/safe(_:)``: one place, so that no
/// command can print a stored title, label or note raw (issue 13, item 5). Only a
/// ``TerminalText`` (made safe part by part, with the styles this program chose) passes as it is.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { ($0 as? TerminalText)?.text ?? Terminal.safe("\($0)") }.joined(separator: separator)
    Swift.print(text, terminator: terminator)
}

/// Text for stdout whose catalogue parts went through ``Terminal/safe(_:)`` and whose escape
/// sequences (bold) this program wrote; built only by ``Terminal`` and ``TerminalText/init(lines:)``.
struct TerminalText {
    fileprivate(set) var text: String

    fileprivate init(safe text: String) {
        self.text = text
    }

    /// Lines joined by newlines, each made safe, except those already ``TerminalText``.
    init(lines: [TerminalLine]) {
        text = lines.map { line in
            switch line {
            case .plain(let text): Terminal.safe(text)
            case .styled(let styled): styled.text
            }
        }.joined(separator: "\n")
    }
}

enum TerminalLine {
    case plain(String)
    case styled(TerminalText)
}

/// Exit statuses of `supportmatch`, as documented in its help.
enum ExitStatus {
    static let success: Int32 = 0
    /// Bad input: a rejected import, an unknown offer id.
    static let badInput: Int32 = 1
    /// The command line itself is wrong.
    static let usage: Int32 = 2
}

/// Writing to the terminal: results to stdout, everything else (progress, notes) to stderr so
/// `--json` output stays parseable.
enum Terminal {
    static func writeError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        FileHandle.standardError.write(Data(safe(line).utf8))
    }

    /// The text with every control character a terminal would act on written as a visible
    /// `\u001b`-style escape: C0 controls but tab and line feed, DEL, C1 controls and
    /// bidirectional overrides (see ``ControlCharacters``). Titles, labels and notes come from
    /// catalogue files and from anonymous HTTP clients; printed raw, ESC and U+009B sequences
    /// retitle the window or clear the screen. The escape is valid inside JSON strings too, so
    /// `--json` output stays parseable. Carriage return is escaped as well: it would let a
    /// title overwrite the line it is printed on.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Bold for highlights only on a terminal, and not when `NO_COLOR` is set (no-color.org:
    /// any non-empty value).
    static var stdoutStyled: Bool {
        isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// A snippet for stdout: its text made safe piece by piece, highlights in bold when
    /// `styled` (plain text otherwise: the marks are the terminal's, `--json` has the ranges).
    static func snippet(_ snippet: Snippet, indent: String = "", styled: Bool = stdoutStyled) -> TerminalText {
        TerminalText(safe: indent + snippet.parts.map { part in
            styled && part.highlighted ? "\u{1B}[1m" + safe(String(part.text)) + "\u{1B}[22m" : safe(String(part.text))
        }.joined())
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\r" || ControlCharacters.isUnsafe(scalar)
    }

    /// Writes without a newline (progress lines that overwrite themselves).
    static func writeErrorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The width of the terminal stdout goes to, or nil when stdout is a pipe or a file (whose
    /// reader wants every line complete, not cut to a screen).
    static var stdoutWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 100
    }

    static func printJSON<Value: Encodable>(_ value: Value, encoder: JSONEncoder = JSONOutput.encoder) throws {
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// `12,345`: counts people read at a glance.
    static func count(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}

enum JSONOutput {
    /// Pretty, stable key order, slashes unescaped: readable and diff-able.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
