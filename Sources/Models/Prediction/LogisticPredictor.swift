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
        guard !training.labelled.isEmpty else {
            throw ModelError.insufficientData(what: "logistic", reason: "needs labelled runs of other seeds (prediction.train_seeds)")
        }
        var columns = [[Double]](repeating: [], count: PrecursorFeatures.names.count)
        var labels: [Bool] = []
        for run in training.labelled {
            guard run.targets.count == run.input.frame.rows else {
                throw ModelError.shapeMismatch(model: "logistic", expected: "\(run.input.frame.rows) targets", found: "\(run.targets.count)")
            }
            let firstEligible = run.targets.firstIndex { $0 != nil } ?? run.targets.count
            let normal = run.input.prefix(max(1, firstEligible))
            let own = limits.watched(normal)
            guard !own.isEmpty else { continue }
            let x = try features.matrix(run.input, watched: own)
            x.withUnsafeBufferPointer { p in
                for (t, target) in run.targets.enumerated() {
                    guard let target else { continue }
                    for j in columns.indices { columns[j].append(p[j * x.rows + t]) }
                    labels.append(target)
                }
            }
        }
        guard !labels.isEmpty else {
            throw ModelError.insufficientData(what: "logistic", reason: "the labelled runs have no eligible rows with resource series")
        }
        let x = try Matrix(rows: labels.count, columns: columns.count, columnMajor: columns.flatMap { $0 })
        model = try LogisticRegression(fitting: x, labels: labels, ridge: ridge)
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        try ResourceLimits.check(input, watched: watched, model: "logistic")
        guard let model else { throw ModelError.insufficientData(what: "logistic", reason: "predict called before fit") }
        return PredictionScores(scores: try model.probabilities(features.matrix(input, watched: watched)))
    }
}
