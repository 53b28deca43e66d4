import Telemetry

/// Run-level settings every predictor is built with: the horizon its forecasts look ahead (METRICS §7: usually
/// Δt_l + Δt_p, so a crossing within it falls in some warning's window).
public struct PredictorSettings: Sendable, Equatable {
    /// Horizon, ms (> 0).
    public var horizonMs: Int64

    /// Creates the settings.
    public init(horizonMs: Int64) { self.horizonMs = horizonMs }
}

/// A registered failure predictor: name, documentation, parameters, its default alarm rule and factory.
public struct PredictorDescriptor: Sendable, Encodable {
    /// Builds a predictor from validated parameters, an explicit seed and the run's settings.
    public typealias Factory = @Sendable (_ parameters: ParameterValues, _ seed: UInt64, _ settings: PredictorSettings) throws -> any FailurePredictor

    /// Name used in specs (`predictors:`).
    public let name: String
    /// `baseline`, `trend`, `forecast`, `learned`.
    public let family: String
    /// One-line description.
    public let summary: String
    /// True when `fit` needs labelled runs of other seeds (a spec without training seeds is refused).
    public let needsLabelledTraining: Bool
    /// True when the output carries a predicted time to failure.
    public let estimatesTimeToFailure: Bool
    /// True when the scores depend on the seed.
    public let isRandomised: Bool
    /// The threshold policy used when a spec names none for the predictor, as `policy` plus parameters
    /// (forecast models: `fixed 0.5`, i.e. "the forecast crosses a limit within the horizon").
    public let defaultThreshold: [String: String]
    /// Documented parameters.
    public let parameters: [ParameterDescriptor]
    /// The factory.
    public let factory: Factory

    /// Creates a descriptor.
    public init(
        name: String, family: String, summary: String, needsLabelledTraining: Bool = false, estimatesTimeToFailure: Bool,
        isRandomised: Bool = false, defaultThreshold: [String: String], parameters: [ParameterDescriptor], factory: @escaping Factory
    ) {
        self.name = name
        self.family = family
        self.summary = summary
        self.needsLabelledTraining = needsLabelledTraining
        self.estimatesTimeToFailure = estimatesTimeToFailure
        self.isRandomised = isRandomised
        self.defaultThreshold = defaultThreshold
        self.parameters = parameters
        self.factory = factory
    }

    private enum CodingKeys: String, CodingKey {
        case name, family, summary, needsLabelledTraining = "needs_labelled_training", estimatesTimeToFailure = "time_to_failure"
        case randomised, defaultThreshold = "default_threshold", parameters
    }

    /// Encodes everything but the factory.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(family, forKey: .family)
        try c.encode(summary, forKey: .summary)
        try c.encode(needsLabelledTraining, forKey: .needsLabelledTraining)
        try c.encode(estimatesTimeToFailure, forKey: .estimatesTimeToFailure)
        try c.encode(isRandomised, forKey: .randomised)
        try c.encode(defaultThreshold, forKey: .defaultThreshold)
        try c.encode(parameters, forKey: .parameters)
    }
}

/// Maps predictor names (experiment specs' `predictors:`) to documented factories; listed by `faultline models list`.
public struct PredictorRegistry: Sendable {
    /// Registered predictors, in listing order.
    public private(set) var descriptors: [PredictorDescriptor]

    /// - Precondition: names are unique.
    public init(_ descriptors: [PredictorDescriptor]) {
        precondition(Set(descriptors.map(\.name)).count == descriptors.count, "duplicate predictor names")
        self.descriptors = descriptors
    }

    /// Registered names, in listing order.
    public var names: [String] { descriptors.map(\.name) }

    /// The descriptor of `name`.
    ///
    /// - Throws: `ModelError.unknownModel` naming the nearest registered name.
    public func descriptor(named name: String) throws -> PredictorDescriptor {
        if let d = descriptors.first(where: { $0.name == name }) { return d }
        throw ModelError.unknownModel(name: name, nearest: NearestName.suggest(name, among: names))
    }

    /// Builds predictor `name` with `parameters` (missing keys take their defaults), `seed` and `settings`.
    ///
    /// - Throws: `ModelError.unknownModel`, `.unknownParameter`, `.invalidParameter` (also for a horizon ≤ 0).
    public func make(name: String, parameters: [String: String] = [:], seed: UInt64, settings: PredictorSettings) throws -> any FailurePredictor {
        let d = try descriptor(named: name)
        guard settings.horizonMs > 0 else {
            throw ModelError.invalidParameter(model: name, key: "horizon", value: "\(settings.horizonMs) ms", reason: "must be positive")
        }
        return try d.factory(try ParameterValues(model: name, descriptors: d.parameters, given: parameters), seed, settings)
    }

    static func minutes(_ key: String, default value: String, max: Int, _ summary: String) -> ParameterDescriptor {
        ParameterDescriptor(key, .real(min: 0, minInclusive: false, max: Double(max), maxInclusive: true), default: value, summary)
    }

    static func ms(_ p: ParameterValues, _ key: String) -> Int64 { Int64((p.real(key) * 60_000).rounded()) }

    static let crossing = ["policy": "fixed", "value": "0.5"]
    /// `boosted`'s alarm: p ≥ ½ held for 3 minutes (a `for:` hold, chosen by cross-validation on the train seeds with
    /// the rule its trees' settings were chosen by; docs/PREDICTION.md "Session 10").
    static let heldCrossing = ["policy": "fixed", "value": "0.5", "for": "3m"]

    /// The learned window predictors' windows (`PrecursorFeatures`).
    static let windowParameters = [
        minutes("window_minutes", default: "30", max: 10_080, "long window (slope, rise), minutes"),
        minutes("short_minutes", default: "10", max: 10_080, "short window (level, short slope), minutes"),
    ]

    static func windowFeatures(_ p: ParameterValues, _ s: PredictorSettings) -> PrecursorFeatures {
        PrecursorFeatures(longMs: ms(p, "window_minutes"), shortMs: ms(p, "short_minutes"), horizonMs: s.horizonMs)
    }
    static let budget = ["policy": "budget", "per_day": "1"]

    /// `persistence`, `random`, `theil_sen`, `ar_forecast`, `holt_winters_forecast`, `logistic`, `boosted`, `log_precursor`.
    public static let standard = PredictorRegistry([
        PredictorDescriptor(
            name: "persistence", family: "baseline",
            summary: "No-change forecast: score = max over resource series of value/limit; fails only at a limit (budget 1/day on training)",
            estimatesTimeToFailure: true, defaultThreshold: budget, parameters: ResourceLimits.parameters
        ) { p, _, _ in PersistencePredictor(limits: ResourceLimits(p)) },
        PredictorDescriptor(
            name: "random", family: "baseline", summary: "Seeded uniform score per row: the chance level at the same alarm budget",
            estimatesTimeToFailure: false, isRandomised: true, defaultThreshold: budget, parameters: []
        ) { _, seed, _ in RandomPredictor(seed: seed) },
        PredictorDescriptor(
            name: "theil_sen", family: "trend",
            summary: "Theil–Sen slope and level over a trailing window per resource series; time to failure = (limit − level)/slope",
            estimatesTimeToFailure: true, defaultThreshold: crossing,
            parameters: ResourceLimits.parameters + [
                minutes("window_minutes", default: "60", max: 10_080, "trailing window of the slope, minutes"),
                ParameterDescriptor(
                    "points", .integer(min: 3, max: 200), default: "21", "samples taken from the window (pairs: points·(points−1)/2)"),
            ]
        ) { p, _, s in
            TheilSenPredictor(limits: ResourceLimits(p), windowMs: ms(p, "window_minutes"), points: p.integer("points"), horizonMs: s.horizonMs)
        },
        PredictorDescriptor(
            name: "ar_forecast", family: "forecast",
            summary: "AR(p) on first differences by least squares (dgelsd) on a trailing window, forecast to the horizon; first limit crossing",
            estimatesTimeToFailure: true, defaultThreshold: crossing,
            parameters: ResourceLimits.parameters + [
                ParameterDescriptor("order", .integer(min: 0, max: 20), default: "2", "AR order p of the differences"),
                minutes("window_minutes", default: "60", max: 10_080, "fitting window, minutes"),
                minutes("refit_minutes", default: "10", max: 1440, "refit interval, minutes"),
            ]
        ) { p, _, s in
            ARForecastPredictor(
                limits: ResourceLimits(p), order: p.integer("order"), windowMs: ms(p, "window_minutes"), refitMs: ms(p, "refit_minutes"),
                horizonMs: s.horizonMs)
        },
        PredictorDescriptor(
            name: "holt_winters_forecast", family: "forecast",
            summary: "Additive Holt–Winters (daily season from training) forecast to the horizon; first limit crossing",
            estimatesTimeToFailure: true, defaultThreshold: crossing,
            parameters: ResourceLimits.parameters + [
                ParameterDescriptor("alpha", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.1", "level smoothing α"),
                ParameterDescriptor("beta", .real(min: 0, minInclusive: true, max: 1, maxInclusive: true), default: "0.02", "trend smoothing β"),
                ParameterDescriptor("gamma", .real(min: 0, minInclusive: true, max: 1, maxInclusive: true), default: "0.05", "season smoothing γ"),
                ParameterDescriptor(
                    "season_hours", .real(min: 0, minInclusive: true, max: 168, maxInclusive: true), default: "24", "season length, hours (0 = none)"),
            ]
        ) { p, _, s in
            HoltWintersPredictor(
                limits: ResourceLimits(p), alpha: p.real("alpha"), beta: p.real("beta"), gamma: p.real("gamma"),
                seasonMs: Int64((p.real("season_hours") * 3_600_000).rounded()), horizonMs: s.horizonMs)
        },
        PredictorDescriptor(
            name: "logistic", family: "learned",
            summary: "Logistic regression (IRLS) on window features of the resource series, trained on labelled runs of other seeds",
            needsLabelledTraining: true, estimatesTimeToFailure: false, defaultThreshold: crossing,
            parameters: ResourceLimits.parameters + windowParameters + [
                ParameterDescriptor(
                    "ridge", .real(min: 0, minInclusive: false, max: 1e6, maxInclusive: true), default: "1",
                    "L2 penalty on the standardised coefficients")
            ]
        ) { p, _, s in
            WindowFeaturePredictor.logistic(limits: ResourceLimits(p), features: windowFeatures(p, s), ridge: p.real("ridge"))
        },
        PredictorDescriptor(
            name: "boosted", family: "learned",
            summary: "Gradient-boosted trees (logistic loss) on the same window features as logistic, trained on labelled runs of other seeds",
            needsLabelledTraining: true, estimatesTimeToFailure: false, defaultThreshold: heldCrossing,
            parameters: ResourceLimits.parameters + windowParameters + [
                ParameterDescriptor("rounds", .integer(min: 1, max: 2000), default: "100", "boosting rounds (trees)"),
                ParameterDescriptor("depth", .integer(min: 1, max: 8), default: "4", "depth of each tree"),
                ParameterDescriptor(
                    "learning_rate", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.1", "shrinkage η of each tree"),
                ParameterDescriptor(
                    "min_child_weight", .real(min: 0, minInclusive: true, max: 1e9, maxInclusive: true), default: "5",
                    "least Hessian sum p(1 − p) in a leaf (a leaf of rows near p = ½ needs 4× as many rows)"),
                ParameterDescriptor(
                    "lambda", .real(min: 0, minInclusive: true, max: 1e9, maxInclusive: true), default: "1", "L2 penalty λ on the leaf values"),
            ]
        ) { p, _, s in
            WindowFeaturePredictor.boosted(
                limits: ResourceLimits(p), features: windowFeatures(p, s),
                settings: GradientBoostedTrees.Settings(
                    rounds: p.integer("rounds"), depth: p.integer("depth"), learningRate: p.real("learning_rate"), lambda: p.real("lambda"),
                    minChildWeight: p.real("min_child_weight")))
        },
        PredictorDescriptor(
            name: "log_precursor", family: "learned",
            summary:
                "Logistic regression on warning and error log templates (Drain) against the fault-free rows, trained on labelled runs of other seeds",
            needsLabelledTraining: true, estimatesTimeToFailure: false, defaultThreshold: crossing,
            parameters: [
                minutes("window_minutes", default: "10", max: 10_080, "trailing window of the template counts, minutes"),
                ParameterDescriptor(
                    "ridge", .real(min: 0, minInclusive: false, max: 1e6, maxInclusive: true), default: "1",
                    "L2 penalty on the standardised coefficients"),
            ]
        ) { p, _, _ in
            LogPrecursorPredictor(features: LogPrecursorFeatures(windowMs: ms(p, "window_minutes")), ridge: p.real("ridge"))
        },
    ])
}
