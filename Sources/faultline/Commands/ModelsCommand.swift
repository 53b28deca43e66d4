import ArgumentParser
import Foundation
import Workbench

/// `faultline models …`: what models and threshold policies this build offers.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the registered models and threshold policies.",
        subcommands: [List.self],
        defaultSubcommand: List.self
    )

    /// `faultline models list [--json]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every registered model with its family, parameters and whether it streams, plus the threshold policies."
        )

        @Flag(name: .long, help: "Print one JSON object instead of text.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                print(json ? try ModelCatalog.json() : ModelCatalog.text(), terminator: "")
            }
        }
    }
}
