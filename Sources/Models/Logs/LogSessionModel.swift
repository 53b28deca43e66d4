import Foundation
import LinearAlgebra
import Telemetry

/// A model over session × event-type count matrices (the loglizer setting): fitted on training
/// sessions (with their labels when it is supervised), it scores test sessions and flags those past
/// the threshold it fixed on training data.
public protocol LogSessionModel: Sendable {
    /// One score per row of `counts` (higher is more anomalous).
    ///
    /// - Throws: `ModelError.shapeMismatch` for a matrix with another number of event types.
    func scores(_ counts: Matrix) throws -> [Double]
    /// The alarm for each score, at the model's own threshold.
    func alarms(scores: [Double]) -> [Bool]
    /// How the threshold was fixed, as printed.
    var thresholdDescription: String { get }
    /// What the fit found, as printed (`eventTypes` names the matrix columns).
    func details(eventTypes: [String]) -> String
}

/// A registered log-session model: name, documentation, parameters and factory (`faultline models list`).
public struct LogSessionModelDescriptor: Sendable, Encodable {
    /// Builds a fitted model from validated parameters, the training counts and their labels.
    public typealias Factory = @Sendable (_ parameters: ParameterValues, _ counts: Matrix, _ labels: [Bool]) throws -> any LogSessionModel

    /// Name used by `faultline logs sessions --model`.
    public let name: String
    /// One-line description.
    public let summary: String
    /// True when the fit reads the training labels.
    public let isSupervised: Bool
    /// Documented parameters.
    public let parameters: [ParameterDescriptor]
    /// The factory.
    public let factory: Factory

    public init(name: String, summary: String, isSupervised: Bool, parameters: [ParameterDescriptor], factory: @escaping Factory) {
        self.name = name
        self.summary = summary
        self.isSupervised = isSupervised
        self.parameters = parameters
        self.factory = factory
    }

    /// Fits the model on `counts` (and `labels`) with `parameters` (missing keys take their defaults).
    ///
    /// - Throws: `ModelError` for an unknown or invalid parameter, or data the model cannot fit.
    public func make(parameters: [String: String] = [:], counts: Matrix, labels: [Bool]) throws -> any LogSessionModel {
        try factory(try ParameterValues(model: name, descriptors: self.parameters, given: parameters), counts, labels)
    }

    private enum CodingKeys: String, CodingKey { case name, family, summary, supervised, parameters }

    /// Encodes everything but the factory.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode("log-session", forKey: .family)
        try c.encode(summary, forKey: .summary)
        try c.encode(isSupervised, forKey: .supervised)
        try c.encode(parameters, forKey: .parameters)
    }
}

extension ModelRegistry {
    /// The log-session models, in listing order: PCA with the Q-statistic, invariant mining, logistic regression.
    public static let logSessionModels: [LogSessionModelDescriptor] = [
        LogSessionModelDescriptor(
            name: "pca",
            summary: "PCA on (TF-IDF weighted, centred) event counts; alarm when the squared prediction error exceeds Q_α (α 0.001)",
            isSupervised: false,
            parameters: [
                ParameterDescriptor(
                    "variance", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.95",
                    "share of training variance that fixes the normal subspace"),
                ParameterDescriptor("weighting", .choice(["tfidf", "none"]), default: "tfidf", "column weighting before centring"),
            ],
            factory: { p, counts, _ in
                try SessionPCA(fitting: counts, varianceExplained: p.real("variance"), tfidf: p.word("weighting") == "tfidf")
            }),
        LogSessionModelDescriptor(
            name: "invariants",
            summary: "linear invariants among event counts mined on training sessions; alarm when a session violates one",
            isSupervised: false, parameters: [],
            factory: { _, counts, _ in try InvariantMiner(fitting: counts) }),
        LogSessionModelDescriptor(
            name: "logreg",
            summary: "logistic regression on standardised event counts (IRLS, ridge 0.01); alarm when p ≥ 0.5",
            isSupervised: true, parameters: [],
            factory: { _, counts, labels in try LogisticRegression(fitting: counts, labels: labels) }),
    ]

    /// The log-session model `name`.
    ///
    /// - Throws: `ModelError.unknownModel` naming the nearest registered name.
    public static func logSessionModel(named name: String) throws -> LogSessionModelDescriptor {
        if let d = logSessionModels.first(where: { $0.name == name }) { return d }
        throw ModelError.unknownModel(name: name, nearest: NearestName.suggest(name, among: logSessionModels.map(\.name)))
    }
}

extension SessionPCA: LogSessionModel {
    public func alarms(scores: [Double]) -> [Bool] { scores.map { $0 > threshold } }

    public var thresholdDescription: String { String(format: "SPE > Q_α = %.4g (α 0.001, fixed on train)", threshold) }

    public func details(eventTypes: [String]) -> String {
        "\(isTFIDF ? "TF-IDF + centring" : "centring"), \(components.columns) components explain \(String(format: "%.3f", varianceExplained)) of train variance; unsupervised (train labels unused)"
    }
}

extension InvariantMiner: LogSessionModel {
    public func alarms(scores: [Double]) -> [Bool] { scores.map { $0 > 0 } }

    public var thresholdDescription: String { "violates ≥ 1 invariant (|x·w| > 0.5)" }

    public func details(eventTypes: [String]) -> String {
        let list = invariants.map { inv in
            var terms = ""
            for (i, (c, e)) in zip(inv.coefficients, inv.events).enumerated() {
                let magnitude = abs(c) == 1 ? "" : "\(Int(abs(c)))·"
                terms += i == 0 ? (c < 0 ? "−" : "") : (c < 0 ? " − " : " + ")
                terms += magnitude + eventTypes[e]
            }
            return terms + " = 0"
        }
        return "invariant space dimension \(invariantSpaceDimension); \(invariants.count) invariants: \(list.joined(separator: "; ")); unsupervised"
    }
}

extension LogisticRegression: LogSessionModel {
    public func scores(_ counts: Matrix) throws -> [Double] { try probabilities(counts) }

    public func alarms(scores: [Double]) -> [Bool] { scores.map { $0 >= decisionThreshold } }

    public var thresholdDescription: String { "p ≥ 0.5" }

    public func details(eventTypes: [String]) -> String {
        "IRLS (Cholesky on XᵀWX + λI, λ 0.01 on standardised counts), \(iterations) Newton iterations; supervised on train labels"
    }
}
