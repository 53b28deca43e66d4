import Evaluation
import Foundation
import Interop
import LinearAlgebra
import Models
import Reports
import Telemetry

/// `faultline logs sessions`: session anomaly detection on `hdfs-100k-sessions` over
/// event-count matrices, with PCA (Q-statistic), invariant mining and logistic regression,
/// scored on the dataset's own train/test split next to the split's separability ceiling.
public enum LogSessionJob {
    /// The session models.
    public enum Model: String, Sendable, CaseIterable, Codable {
        case pca, invariants, logreg
    }

    /// The report (Evaluation's data type; Reports renders it).
    public typealias Report = LogSessionReport
    /// One model's result on the test split.
    public typealias ModelResult = LogSessionReport.ModelResult
    /// The split's separability ceiling.
    public typealias Ceiling = LogSessionReport.Ceiling

    /// The report as printed: the text table, or JSON with sorted keys.
    public static func output(_ report: Report, json: Bool) throws -> String {
        json ? try report.json() : report.text()
    }

    /// Loads the dataset and runs `models`.
    ///
    /// - Parameters:
    ///   - dataset: An `hdfs-100k-sessions` style folder.
    ///   - models: Models to run, in order.
    ///   - trainStride: Keep every `trainStride`-th training session (1 = all; tests use more to stay fast).
    /// - Throws: loader `DataError`s, `ModelError`, `LinearAlgebraError`.
    ///   - pcaTFIDF: Weight PCA's columns by inverse document frequency (loglizer's default).
    ///   - pcaVariance: Variance share that fixes PCA's normal subspace.
    public static func run(
        dataset: URL, models: [Model] = Model.allCases, trainStride: Int = 1,
        pcaTFIDF: Bool = true, pcaVariance: Double = 0.95
    ) throws -> Report {
        let data = try HDFSSessions(dataset: dataset)
        var train = data.sessions.filter { !$0.isTest }
        if trainStride > 1 { train = train.enumerated().filter { $0.offset % trainStride == 0 }.map(\.element) }
        let test = data.sessions.filter(\.isTest)
        guard !train.isEmpty, !test.isEmpty else {
            throw DataError("\(data.file.path): need both train and test sessions (train \(train.count), test \(test.count))")
        }
        let m = data.eventTypes.count
        let xTrain = try EventCountMatrix.counts(train.map(\.events), eventTypes: m)
        let xTest = try EventCountMatrix.counts(test.map(\.events), eventTypes: m)
        let yTrain = train.map(\.anomalous), yTest = test.map(\.anomalous)

        var results: [ModelResult] = []
        for model in models {
            let start = DispatchTime.now().uptimeNanoseconds
            let descriptor = try ModelRegistry.logSessionModel(named: model.rawValue)
            let parameters = model == .pca ? ["variance": "\(pcaVariance)", "weighting": pcaTFIDF ? "tfidf" : "none"] : [:]
            let fitted = try descriptor.make(parameters: parameters, counts: xTrain, labels: yTrain)
            let scores = try fitted.scores(xTest)
            let alarms = fitted.alarms(scores: scores)
            let threshold = fitted.thresholdDescription
            let details = fitted.details(eventTypes: data.eventTypes)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let counts = ConfusionCounts(labels: yTest, alarms: alarms)
            let ranking = RankingMetrics.averagePrecisionAndROCAUC(scores: scores, labels: yTest)
            results.append(
                ModelResult(
                    model: model.rawValue, threshold: threshold, tp: counts.tp, fp: counts.fp, fn: counts.fn, tn: counts.tn,
                    precision: counts.precision.value, recall: counts.recall.value, f1: counts.f1.value,
                    averagePrecision: ranking.averagePrecision.value, rocAUC: ranking.rocAUC.value,
                    details: details, milliseconds: elapsed))
        }
        return Report(
            dataset: dataset.path, trainSessions: train.count, trainAnomalies: yTrain.filter { $0 }.count,
            testSessions: test.count, testAnomalies: yTest.filter { $0 }.count, eventTypes: data.eventTypes,
            ceiling: Ceiling.majorityVote(rows: xTest.rowArrays, labels: yTest), models: results)
    }
}
