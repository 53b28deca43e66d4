import Models
import Telemetry

/// Where a unit's scores come from: a registered model, scores supplied with the run, or an external
/// command. The runner treats all three alike after scoring (same split, thresholds, panel, reports).
enum ScoreSource: Sendable {
    /// A registered model (`faultline models list`), fitted on the training rows and scored causally.
    case registry(name: String, parameters: [String: String])
    /// Scores supplied with the run (`faultline score`), one per dataset row.
    case precomputed([Double])
    /// A command run on the unlabelled training and test rows (`ExternalModel`).
    case external(ExternalModel)

    /// The model name of a spec entry that runs an external command.
    static let externalName = "external"
    /// The model name of a spec entry whose scores are supplied with the run.
    static let precomputedName = "precomputed"

    /// The source of the spec's model entry `name` (labelled `label`).
    ///
    /// - Throws: `UsageError` for an external command with bad parameters or precomputed scores that
    ///   were not supplied; the registry's `ModelError` for an unknown model or parameter.
    static func resolve(
        name: String, parameters: [String: String], label: String, precomputed: [String: [Double]],
        registry: ModelRegistry, validating: Bool = true
    ) throws -> ScoreSource {
        switch name {
        case externalName:
            return .external(try ExternalModel(parameters: parameters))
        case precomputedName:
            guard let given = precomputed[label] else { throw UsageError("no precomputed scores for model '\(label)'") }
            return .precomputed(given)
        default:
            if validating { try registry.validate(name: name, parameters: parameters) }
            return .registry(name: name, parameters: parameters)
        }
    }

    /// True for scores computed in this run (their fit and score times are recorded).
    var isComputedHere: Bool {
        if case .precomputed = self { return false }
        return true
    }
}
