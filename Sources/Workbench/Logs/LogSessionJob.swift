import Evaluation
import Foundation
import Interop
import LinearAlgebra
import Models
import Telemetry

/// `faultline logs sessions`: session anomaly detection on `hdfs-100k-sessions` over
/// event-count matrices, with PCA (Q-statistic), invariant mining and logistic regression,
/// scored on the dataset's own train/test split next to the split's separability ceiling.
public enum LogSessionJob {
    /// The session models.
    public enum Model: String, Sendable, CaseIterable, Codable {
        case pca, invariants, logreg
    }

    /// One model's result on the test split.
    public struct ModelResult: Sendable, Codable, Hashable {
        /// Model name.
        public var model: String
        /// How the alarm threshold was fixed.
        public var threshold: String
        /// Confusion counts on the test sessions.
        public var tp: Int, fp: Int, fn: Int, tn: Int
        /// Precision, recall, F1 (nil when undefined).
        public var precision: Double?, recall: Double?, f1: Double?
        /// Average precision and ROC-AUC of the model's scores on test (nil when undefined).
        public var averagePrecision: Double?, rocAUC: Double?
        /// Model details (components, invariants, iterations).
        public var details: String
        /// Fit plus scoring time, milliseconds (wall clock).
        public var milliseconds: Double
    }

    /// The split's separability ceiling: every distinct test count vector labelled by its
    /// majority label on the test split itself (ties count as anomalous).
    public struct Ceiling: Sendable, Codable, Hashable {
        /// Test anomalies whose count vector also occurs as Normal in the same split.
        public var ambiguousTestAnomalies: Int
        /// Confusion counts of the majority-vote oracle.
        public var tp: Int, fp: Int, fn: Int, tn: Int
        /// Its F1: no model on event counts can do better on this split.
        public var f1: Double?
    }

    /// The full report.
    public struct Report: Sendable, Codable, Hashable {
        /// Dataset folder.
        public var dataset: String
        /// Train and test sizes.
        public var trainSessions: Int, trainAnomalies: Int, testSessions: Int, testAnomalies: Int
        /// Event types (matrix columns).
        public var eventTypes: [String]
        /// The separability ceiling on test.
        public var ceiling: Ceiling
        /// One entry per model run.
        public var models: [ModelResult]

        /// A plain-text report: one confusion matrix and P/R/F1 line per model, then the ceiling.
        public func text() -> String {
            var out = "Session anomaly detection on \(dataset)\n"
            out +=
                "train \(trainSessions) sessions (\(trainAnomalies) anomalous), test \(testSessions) sessions (\(testAnomalies) anomalous), \(eventTypes.count) event types\n\n"
            out += "model        TP   FP   FN    TN   precision  recall     F1      AP   ROC-AUC  threshold\n"
            func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "  n/a " }
            for m in models {
                out += m.model.padding(toLength: 10, withPad: " ", startingAt: 0)
                out += String(format: " %4d %4d %4d %5d", m.tp, m.fp, m.fn, m.tn)
                out += "     \(f(m.precision))   \(f(m.recall))  \(f(m.f1))  \(f(m.averagePrecision))  \(f(m.rocAUC))  \(m.threshold)\n"
            }
            out += "\n"
            for m in models { out += "\(m.model): \(m.details) (\(String(format: "%.1f", m.milliseconds)) ms)\n" }
            out += "\nseparability ceiling (majority label per distinct test count vector): F1 \(f(ceiling.f1)), "
            out += "TP \(ceiling.tp) FP \(ceiling.fp) FN \(ceiling.fn); \(ceiling.ambiguousTestAnomalies) of \(testAnomalies) test anomalies "
            out += "share their count vector with a Normal test session\n"
            return out
        }

        /// Pretty-printed JSON with sorted keys.
        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
        }
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
            let scores: [Double], alarms: [Bool], threshold: String, details: String
            switch model {
            case .pca:
                let pca = try SessionPCA(fitting: xTrain, varianceExplained: pcaVariance, tfidf: pcaTFIDF)
                scores = try pca.scores(xTest)
                alarms = scores.map { $0 > pca.threshold }
                threshold = String(format: "SPE > Q_α = %.4g (α 0.001, fixed on train)", pca.threshold)
                details =
                    "\(pcaTFIDF ? "TF-IDF + centring" : "centring"), \(pca.components.columns) components explain \(String(format: "%.3f", pca.varianceExplained)) of train variance; unsupervised (train labels unused)"
            case .invariants:
                let miner = try InvariantMiner(fitting: xTrain)
                scores = try miner.scores(xTest)
                alarms = scores.map { $0 > 0 }
                threshold = "violates ≥ 1 invariant (|x·w| > 0.5)"
                let list = miner.invariants.map { inv in
                    var terms = ""
                    for (i, (c, e)) in zip(inv.coefficients, inv.events).enumerated() {
                        let magnitude = abs(c) == 1 ? "" : "\(Int(abs(c)))·"
                        terms += i == 0 ? (c < 0 ? "−" : "") : (c < 0 ? " − " : " + ")
                        terms += magnitude + data.eventTypes[e]
                    }
                    return terms + " = 0"
                }
                details =
                    "invariant space dimension \(miner.invariantSpaceDimension); \(miner.invariants.count) invariants: \(list.joined(separator: "; ")); unsupervised"
            case .logreg:
                let lr = try LogisticRegression(fitting: xTrain, labels: yTrain)
                scores = try lr.probabilities(xTest)
                alarms = scores.map { $0 >= lr.decisionThreshold }
                threshold = "p ≥ 0.5"
                details =
                    "IRLS (Cholesky on XᵀWX + λI, λ 0.01 on standardised counts), \(lr.iterations) Newton iterations; supervised on train labels"
            }
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
            ceiling: ceiling(xTest, yTest), models: results)
    }

    /// The majority-vote oracle over distinct count vectors of `x` (ties → anomalous).
    static func ceiling(_ x: Matrix, _ y: [Bool]) -> Ceiling {
        let rows = x.rowArrays
        var tally: [[Double]: (normal: Int, anomalous: Int)] = [:]
        for (r, label) in zip(rows, y) {
            var t = tally[r] ?? (0, 0)
            if label { t.anomalous += 1 } else { t.normal += 1 }
            tally[r] = t
        }
        var ambiguous = 0
        var alarms = [Bool](repeating: false, count: y.count)
        for (i, (r, label)) in zip(rows, y).enumerated() {
            let t = tally[r] ?? (0, 0)
            if label, t.normal > 0 { ambiguous += 1 }
            alarms[i] = t.anomalous >= t.normal
        }
        let c = ConfusionCounts(labels: y, alarms: alarms)
        return Ceiling(ambiguousTestAnomalies: ambiguous, tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, f1: c.f1.value)
    }
}
