import LinearAlgebra
import Telemetry

/// The second stage of a learned failure predictor: a classifier of feature rows.
public protocol FeatureClassifier: Sendable {
    /// The probability of the positive class for each row of `x`.
    func probabilities(_ x: Matrix) throws -> [Double]
}

extension LogisticRegression: FeatureClassifier {}
extension GradientBoostedTrees: FeatureClassifier {}

/// A learned failure predictor over the causal window features of the resource series (`PrecursorFeatures`),
/// trained on labelled runs of other seeds (METRICS §7's `Win(t)` targets at eligible rows): `logistic`
/// (L2-regularised logistic regression, IRLS on LAPACK) and `boosted` (gradient-boosted trees, logistic loss).
/// The score is the predicted probability that a failure starts within the prediction period after the warning
/// time; the default alarm is `p ≥ ½`.
///
/// Trees can learn what a linear score cannot: that a resource near its limit *and* still rising steeply means the
/// failure is minutes away (too late for the warning time), that a rise which slows down (a cache warming up)
/// rarely ends at the limit while one that keeps its pace does.
///
/// Each labelled run's limits come from its own leading rows before its first eligible row (its fault-free
/// training span), the scored dataset's from the `normal` rows `fit` is given — never from labels.
public struct WindowFeaturePredictor: FailurePredictor {
    /// Fits the classifier to the training rows.
    public typealias Trainer = @Sendable (_ features: Matrix, _ labels: [Bool]) throws -> any FeatureClassifier

    /// The registered name, for error messages.
    public let name: String
    public let limits: ResourceLimits
    public let features: PrecursorFeatures
    let trainer: Trainer
    public private(set) var watched: [ResourceLimits.Watched] = []
    public private(set) var model: (any FeatureClassifier)?

    /// Creates the predictor.
    public init(name: String, limits: ResourceLimits, features: PrecursorFeatures, trainer: @escaping Trainer) {
        self.name = name
        self.limits = limits
        self.features = features
        self.trainer = trainer
    }

    /// Logistic regression with L2 penalty `ridge` on the standardised coefficients.
    public static func logistic(limits: ResourceLimits, features: PrecursorFeatures, ridge: Double) -> WindowFeaturePredictor {
        WindowFeaturePredictor(name: "logistic", limits: limits, features: features) { x, y in
            try LogisticRegression(fitting: x, labels: y, ridge: ridge)
        }
    }

    /// Gradient-boosted trees with `settings`.
    public static func boosted(limits: ResourceLimits, features: PrecursorFeatures, settings: GradientBoostedTrees.Settings) -> WindowFeaturePredictor
    {
        WindowFeaturePredictor(name: "boosted", limits: limits, features: features) { x, y in
            try GradientBoostedTrees(fitting: x, labels: y, settings: settings)
        }
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        watched = limits.watched(training.normal)
        guard !watched.isEmpty else { throw ResourceLimits.noResourceSeries(model: name) }
        let (x, labels) = try features.trainingSet(training.labelled, limits: limits, model: name)
        model = try trainer(x, labels)
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: name)
        guard let model else { throw ModelError.insufficientData(what: name, reason: "predict called before fit") }
        return PredictionScores(scores: try model.probabilities(features.matrix(input, watched: watched)))
    }
}
