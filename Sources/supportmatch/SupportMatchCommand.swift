import ArgumentParser

@main
struct SupportMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportmatch",
        abstract: "Find the public support offers that fit an organisation."
    )
}
