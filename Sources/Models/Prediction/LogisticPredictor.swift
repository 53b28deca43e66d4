import LinearAlgebra
import Telemetry

/// A learned failure predictor: L2-regularised logistic regression (IRLS on LAPACK, `LogisticRegression`)
/// over the causal window features of the resource series (`PrecursorFeatures`), trained on labelled runs of
/// other seeds (METRICS §7's `Win(t)` targets at eligible rows). The score is the predicted probability that a
/// failure starts within the prediction period after the warning time; the default alarm is `p ≥ ½`.
///
/// Each labelled run's memory limits come from its own leading rows before its first eligible row (its
/// fault-free training span), the scored dataset's from the `normal` rows `fit` is given — never from labels.
public struct LogisticPredictor: FailurePredictor {
    public let limits: ResourceLimits
    public let features: PrecursorFeatures
    /// L2 penalty on the standardised coefficients.
    public let ridge: Double
    public private(set) var watched: [ResourceLimits.Watched] = []
    public private(set) var model: LogisticRegression?

    /// Creates the predictor.
    public init(limits: ResourceLimits, features: PrecursorFeatures, ridge: Double) {
        self.limits = limits
        self.features = features
        self.ridge = ridge
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "logistic") }
        let (x, labels) = try features.trainingSet(training.labelled, limits: limits, model: "logistic")
        model = try LogisticRegression(fitting: x, labels: labels, ridge: ridge)
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "logistic")
        guard let model else { throw ModelError.insufficientData(what: "logistic", reason: "predict called before fit") }
        return PredictionScores(scores: try model.probabilities(features.matrix(input, watched: watched)))
    }
}
