import LinearAlgebra
import Telemetry

/// A learned failure predictor on log precursors: logistic regression (IRLS, `LogisticRegression`) over the
/// window features of the warning and error logs (`LogPrecursorFeatures`: how unusual the warning templates —
/// pool nearly exhausted, GC overhead, disk nearly full, slow requests — are against the fault-free rows, how
/// many are new, whether they are still building up, and the same for errors), trained on labelled runs of other
/// seeds. It reads no metric. The score is the predicted probability that a failure starts within the prediction
/// period after the warning time; the default alarm is `p ≥ ½`.
///
/// Each labelled run's baseline comes from its own leading rows before its first eligible row; the scored
/// dataset's from the `normal` rows `fit` is given — never from labels.
public struct LogPrecursorPredictor: FailurePredictor {
    public let features: LogPrecursorFeatures
    /// L2 penalty on the standardised coefficients.
    public let ridge: Double
    /// Mean window count per template id over the scored dataset's normal rows.
    public private(set) var baseline: [Double] = []
    public private(set) var model: LogisticRegression?

    static let name = "log_precursor"

    /// Creates the predictor.
    public init(features: LogPrecursorFeatures, ridge: Double) {
        self.features = features
        self.ridge = ridge
    }

    public mutating func fit(_ training: PredictorTraining) throws {
        let own = try LogPrecursorFeatures.counts(training.normal, model: Self.name)
        baseline = features.baseline(own, baselineRows: own.rows, stepMs: training.normal.stepMs)
        guard !training.labelled.isEmpty else {
            throw ModelError.insufficientData(what: Self.name, reason: "needs labelled runs of other seeds (prediction.train_seeds)")
        }
        let width = LogPrecursorFeatures.names.count
        var columns = [[Double]](repeating: [], count: width)
        var labels: [Bool] = []
        for run in training.labelled {
            guard run.targets.count == run.input.frame.rows else {
                throw ModelError.shapeMismatch(model: Self.name, expected: "\(run.input.frame.rows) targets", found: "\(run.targets.count)")
            }
            let counts = try LogPrecursorFeatures.counts(run.input, model: Self.name)
            let step = run.input.stepMs
            let firstEligible = run.targets.firstIndex { $0 != nil } ?? run.targets.count
            let x = try features.matrix(counts, baseline: features.baseline(counts, baselineRows: max(1, firstEligible), stepMs: step), stepMs: step)
            x.withUnsafeBufferPointer { p in
                for (t, target) in run.targets.enumerated() {
                    guard let target else { continue }
                    for j in 0..<width { columns[j].append(p[j * x.rows + t]) }
                    labels.append(target)
                }
            }
        }
        guard !labels.isEmpty else {
            throw ModelError.insufficientData(what: Self.name, reason: "the labelled runs have no eligible rows")
        }
        let x = try Matrix(rows: labels.count, columns: width, columnMajor: columns.flatMap { $0 })
        model = try LogisticRegression(fitting: x, labels: labels, ridge: ridge)
    }

    public func predict(_ input: PredictionInput) throws -> PredictionScores {
        guard let model else { throw ModelError.insufficientData(what: Self.name, reason: "predict called before fit") }
        let counts = try LogPrecursorFeatures.counts(input, model: Self.name)
        return PredictionScores(scores: try model.probabilities(features.matrix(counts, baseline: baseline, stepMs: input.stepMs)))
    }
}
