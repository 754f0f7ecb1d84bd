import ArgumentParser
import Foundation
import SupportModel

@main
struct SupportMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportmatch",
        abstract: "Find the public support offers that fit an organisation.",
        discussion: """
            The catalogue lives in one SQLite file (--database, or SUPPORTMATCH_DATABASE, default \
            ./supportmatch.sqlite). On first use the bundled catalogue is imported into it.

            Exit status: 0 success, 1 bad input (rejected import, unknown offer), 2 usage error.
            """,
        version: SupportMatchVersion.current,
        subcommands: [
            ImportCommand.self,
            OffersCommand.self,
            ShowCommand.self,
            DerivationsCommand.self,
            ImportsCommand.self,
            MigrateStoreCommand.self,
            RecommendCommand.self,
            AskCommand.self,
            EvaluateCommand.self,
            ServeCommand.self,
            ExportCommand.self,
            ProfilesCommand.self,
            ChangesCommand.self,
        ]
    )

    /// Runs the command like ArgumentParser's `main()`, except that usage errors exit with 2
    /// (the Unix convention scripts test for) instead of `EX_USAGE` (64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            // Still on the main thread: the one place NIO lets the executor be switched.
            (command as? ServeCommand)?.installEventLoopExecutorIfAsked()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Terminal.writeError("supportmatch: \(failure.message)")
            Foundation.exit(failure.status)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.writeError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
