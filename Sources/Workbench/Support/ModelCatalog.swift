import Foundation
import Models

/// What `faultline models list` prints: every registered model with its parameters, and the
/// threshold policies.
public enum ModelCatalog {
    /// The JSON listing: `{"models": [...], "threshold_policies": [...]}`.
    public static func json(_ registry: ModelRegistry = .standard) throws -> String {
        struct Policy: Encodable {
            var name: String
            var parameters: [String]
            var summary: String
            var upperBoundOnly: Bool
            enum CodingKeys: String, CodingKey { case name, parameters, summary, upperBoundOnly = "upper_bound_only" }
        }
        struct Listing: Encodable {
            var models: [ModelDescriptor]
            var logSessionModels: [LogSessionModelDescriptor]
            var thresholdPolicies: [Policy]
            var rootCauseRankers: [RootCauseRankerDescriptor]
            var failurePredictors: [PredictorDescriptor]
            enum CodingKeys: String, CodingKey {
                case models, logSessionModels = "log_session_models", thresholdPolicies = "threshold_policies"
                case rootCauseRankers = "root_cause_rankers"
                case failurePredictors = "failure_predictors"
            }
        }
        let listing = Listing(
            models: registry.descriptors, logSessionModels: ModelRegistry.logSessionModels,
            thresholdPolicies: ThresholdPolicy.allCases.map {
                Policy(name: $0.rawValue, parameters: $0.parameterKeys, summary: $0.summary, upperBoundOnly: $0.isUpperBound)
            }, rootCauseRankers: RootCauseRegistry.standard.descriptors, failurePredictors: PredictorRegistry.standard.descriptors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(listing), as: UTF8.self) + "\n"
    }

    /// The human-readable listing.
    public static func text(_ registry: ModelRegistry = .standard) -> String {
        var out = "Models (\(registry.descriptors.count)):\n"
        for d in registry.descriptors {
            out += "\n  \(d.name)  [\(d.family)\(d.isStreaming ? ", streaming" : "")]\n"
            out += "    \(d.summary)\n"
            for p in d.parameters {
                let rows = p.countsRows ? " and at most the data's rows" : ""
                out += "    --param \(p.name)=<\(p.type)>  default \(p.defaultValue), range \(p.range)\(rows): \(p.summary)\n"
            }
        }
        out += "\nLog-session models (faultline logs sessions --model NAME; PCA takes --pca-variance and --pca-weighting):\n"
        for d in ModelRegistry.logSessionModels {
            out += "\n  \(d.name)  [log-session, \(d.isSupervised ? "supervised" : "unsupervised")]\n"
            out += "    \(d.summary)\n"
            for p in d.parameters {
                out += "    \(p.name)=<\(p.type)>  default \(p.defaultValue), range \(p.range): \(p.summary)\n"
            }
        }
        out += "\nThreshold policies:\n"
        for p in ThresholdPolicy.allCases {
            let keys = p.parameterKeys.isEmpty ? "" : " (\(p.parameterKeys.joined(separator: ", ")))"
            out += "  \(p.rawValue)\(keys): \(p.summary)\n"
        }
        out += RootCauseCatalog.text()
        out += predictorText()
        return out
    }

    /// The failure predictors (`predictors:` in an experiment spec; METRICS §7).
    static func predictorText() -> String {
        var out = "\nFailure predictors (experiment specs, `predictors:`; scored by lead time, METRICS.md §7):\n"
        for d in PredictorRegistry.standard.descriptors {
            var tags = [d.family]
            if d.estimatesTimeToFailure { tags.append("time to failure") }
            if d.needsLabelledTraining { tags.append("needs training seeds") }
            let rule =
                d.defaultThreshold["policy"].map { p in
                    // The policy's own parameters, then a `for:` hold last ("fixed value 0.5 for 3m").
                    ([p]
                        + d.defaultThreshold.filter { $0.key != "policy" && $0.key != "for" }.sorted { $0.key < $1.key }.map {
                            "\($0.key) \($0.value)"
                        }
                        + (d.defaultThreshold["for"].map { ["for \($0)"] } ?? [])).joined(separator: " ")
                } ?? ""
            out += "\n  \(d.name)  [\(tags.joined(separator: ", "))]  default threshold: \(rule)\n"
            out += "    \(d.summary)\n"
            for p in d.parameters {
                out += "    \(p.name)=<\(p.type)>  default \(p.defaultValue), range \(p.range): \(p.summary)\n"
            }
        }
        return out
    }

    /// `key=value` assignments (`--param`) checked against `model`'s parameters.
    ///
    /// - Throws: `UsageError` naming the bad assignment or key.
    public static func parameters(fromAssignments assignments: [String], model: String) throws -> [String: String] {
        do {
            return try ModelRegistry.parameters(fromAssignments: assignments, model: model)
        } catch let e as ModelError {
            throw UsageError(e.description)
        }
    }
}
