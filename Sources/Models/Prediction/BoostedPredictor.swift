import LinearAlgebra
import Telemetry

/// A learned failure predictor: gradient-boosted trees (`GradientBoostedTrees`, logistic loss) over the same
/// causal window features as `logistic` (`PrecursorFeatures`), trained on labelled runs of other seeds.
///
/// Trees can learn what a linear score cannot: that a resource near its limit *and* still rising steeply means
/// the failure is minutes away (too late for the warning time), that a rise which slows down (a cache warming
/// up) rarely ends at the limit while one that keeps its pace does. The score is the predicted probability that
/// a failure starts within the prediction period after the warning time; the default alarm is `p ≥ ½`.
public struct BoostedPredictor: FailurePredictor {
    public let limits: ResourceLimits
    public let features: PrecursorFeatures
    public let settings: GradientBoostedTrees.Settings
    public private(set) var watched: [ResourceLimits.Watched] = []
    public private(set) var model: GradientBoostedTrees?

    /// Creates the predictor.
    public init(limits: ResourceLimits, features: PrecursorFeatures, settings: GradientBoostedTrees.Settings) {
        self.limits = limits
        self.features = features
        self.settings = settings
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: "boosted") }
        let (x, labels) = try features.trainingSet(training.labelled, limits: limits, model: "boosted")
        model = try GradientBoostedTrees(fitting: x, labels: labels, settings: settings)
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "boosted")
        guard let model else { throw ModelError.insufficientData(what: "boosted", reason: "predict called before fit") }
        return PredictionScores(scores: try model.probabilities(features.matrix(input, watched: watched)))
    }
}
