import ArgumentParser
import Foundation
import Simulator
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

        func run() throws {
            try runReportingErrors {
                var rows: [(String, String, String)] = []
                for name in BuiltinScenarios.names {
                    let text = BuiltinScenarios.text(named: name) ?? ""
                    let description = (try? ScenarioLoader.parse(yaml: text, source: "builtin:\(name)").description) ?? "(invalid)"
                    rows.append((name, "built-in", description))
                }
                let fm = FileManager.default
                if let files = try? fm.contentsOfDirectory(atPath: folder) {
                    for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                        // Built-in scenarios are listed once, above.
                        if BuiltinScenarios.names.contains((file as NSString).deletingPathExtension) { continue }
                        let path = (folder as NSString).appendingPathComponent(file)
                        let description: String
                        do {
                            description = try ScenarioLoader.load(path: path).description
                        } catch {
                            description = "invalid: \(error)"
                        }
                        rows.append(((file as NSString).deletingPathExtension, path, description))
                    }
                }
                let w0 = rows.map(\.0.count).max() ?? 0
                let w1 = rows.map(\.1.count).max() ?? 0
                for (name, source, description) in rows {
                    print(name.padding(toLength: w0 + 2, withPad: " ", startingAt: 0)
                          + source.padding(toLength: w1 + 2, withPad: " ", startingAt: 0) + description)
                }
            }
        }
    }

    /// `faultline scenarios validate FILE`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a scenario file (or built-in name); exit 0 with a summary, or 2 with the error.")

        @Argument(help: "Scenario file, or the name of a built-in scenario.")
        var file: String

        @Option(name: .long, help: "Override the run length in days.")
        var days: Double?

        @Option(name: .long, help: "Override the service count of a generated graph.")
        var services: Int?

        @Option(name: .long, help: "Override the seed.")
        var seed: UInt64?

        func run() throws {
            try runReportingErrors {
                let s = try ScenarioLoader.resolve(file, overrides: ScenarioOverrides(days: days, services: services, seed: seed))
                print("ok: \(s.name) — \(s.summary)")
            }
        }
    }
}
