import ArgumentParser
import Foundation
import Models

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

        func run() throws {
            try runReportingErrors {
                print(json ? try Self.jsonListing(ModelRegistry.standard) : Self.textListing(ModelRegistry.standard), terminator: "")
            }
        }

        /// The JSON listing: `{"models": [...], "threshold_policies": [...]}`.
        static func jsonListing(_ registry: ModelRegistry) throws -> String {
            struct Policy: Encodable {
                var name: String
                var parameters: [String]
                var summary: String
                var upperBoundOnly: Bool
                enum CodingKeys: String, CodingKey { case name, parameters, summary, upperBoundOnly = "upper_bound_only" }
            }
            struct Listing: Encodable {
                var models: [ModelDescriptor]
                var thresholdPolicies: [Policy]
                enum CodingKeys: String, CodingKey { case models, thresholdPolicies = "threshold_policies" }
            }
            let listing = Listing(
                models: registry.descriptors,
                thresholdPolicies: ThresholdPolicy.allCases.map {
                    Policy(name: $0.rawValue, parameters: $0.parameterKeys, summary: $0.summary, upperBoundOnly: $0.isUpperBound)
                })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(listing), as: UTF8.self) + "\n"
        }

        /// The human-readable listing.
        static func textListing(_ registry: ModelRegistry) -> String {
            var out = "Models (\(registry.descriptors.count)):\n"
            for d in registry.descriptors {
                out += "\n  \(d.name)  [\(d.family)\(d.isStreaming ? ", streaming" : "")]\n"
                out += "    \(d.summary)\n"
                for p in d.parameters {
                    out += "    --param \(p.name)=<\(p.type)>  default \(p.defaultValue), range \(p.range): \(p.summary)\n"
                }
            }
            out += "\nThreshold policies:\n"
            for p in ThresholdPolicy.allCases {
                let keys = p.parameterKeys.isEmpty ? "" : " (\(p.parameterKeys.joined(separator: ", ")))"
                out += "  \(p.rawValue)\(keys): \(p.summary)\n"
            }
            return out
        }
    }
}
