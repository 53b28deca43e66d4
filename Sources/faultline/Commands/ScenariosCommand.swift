import ArgumentParser
import Foundation
import Workbench

/// `faultline scenarios list|validate`: what scenarios exist, and whether a scenario file is valid.
struct Scenarios: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the built-in and local scenarios, or validate a scenario file.",
        subcommands: [List.self, Validate.self]
    )

    /// `faultline scenarios list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List built-in scenarios and those in ./Scenarios, with one-line descriptions.")

        @Option(name: .long, help: "Folder of local scenarios.")
        var folder: String = "Scenarios"

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                print(ScenarioCatalog.listing(folder: folder), terminator: "")
            }
        }
    }

    /// `faultline scenarios validate FILE`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a scenario file (or built-in name); exit 0 with a summary, or 2 with the error.")

        @Argument(help: "Scenario file, or the name of a built-in scenario.")
        var file: String

        @Option(name: .long, parsing: .unconditional, help: "Override the run length in days (above 0, at most 366).")
        var days: Double?

        @Option(name: .long, parsing: .unconditional, help: "Override the service count of a generated graph (2 … 5000).")
        var services: Int?

        @Option(name: .long, parsing: .unconditional, help: "Override the seed (0 … 2^64 − 1).", transform: parseSeed)
        var seed: UInt64?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                print(try ScenarioCatalog.validate(file, days: days, services: services, seed: seed))
            }
        }
    }
}
