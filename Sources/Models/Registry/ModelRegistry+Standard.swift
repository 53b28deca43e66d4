import Telemetry

extension ModelRegistry {
    /// Every built-in detector: the baselines, the per-series streaming detectors, the multivariate ones
    /// (BLAS/LAPACK) and the NAB-style novelty detectors (`ModelRegistry+Novelty.swift`).
    public static let standard = ModelRegistry(baselineModels + univariateModels + multivariateModels + noveltyModels)

    /// `null`, `random`, `threshold`.
    static let baselineModels: [ModelDescriptor] = [
        ModelDescriptor(
            name: "null", family: "baseline",
            summary: "Scores every row 0: never alarms (the do-nothing baseline).",
            isStreaming: true, parameters: [],
            factory: { _, _, _ in NullDetector() }),
        ModelDescriptor(
            name: "random", family: "baseline",
            summary: "Uniform [0, 1) score per row from SplitMix64(seed, row): the chance baseline.",
            isStreaming: true, parameters: [],
            factory: { _, seed, _ in RandomDetector(seed: seed) }),
        ModelDescriptor(
            name: "threshold", family: "baseline",
            summary: "Static threshold: per series |x − training mean| / training std (or the value itself), max over series.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "mode", .choice(StaticThreshold.Mode.allCases.map(\.rawValue)), default: "deviation",
                    "deviation: |x − μ_train|/σ_train; value: the raw value (increment for counters)")
            ],
            factory: { p, _, kinds in
                PerSeriesDetector(
                    name: "threshold", prototype: StaticThreshold(mode: StaticThreshold.Mode(rawValue: p.word("mode")) ?? .deviation), kinds: kinds)
            }),
    ]

    /// The per-series streaming detectors of issue 6.
    static let univariateModels: [ModelDescriptor] = [
        ModelDescriptor(
            name: "zscore", family: "univariate",
            summary: "Rolling z-score |x − mean|/std over the previous W values per series (O(1) per row), max over series.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "window", .integer(min: 2, max: 100_000), default: "100", "W, previous rows in the rolling mean and std", countsRows: true)
            ],
            factory: { p, _, kinds in PerSeriesDetector(name: "zscore", prototype: RollingZScore(window: p.integer("window")), kinds: kinds) }),
        ModelDescriptor(
            name: "mad", family: "univariate",
            summary:
                "Robust rolling z-score |x − median|/(1.4826·MAD; 1.2533·mean abs. deviation if MAD = 0) over the previous W values per series, max over series.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "window", .integer(min: 3, max: 100_000), default: "100", "W, previous rows in the rolling median and MAD", countsRows: true)
            ],
            factory: { p, _, kinds in PerSeriesDetector(name: "mad", prototype: RollingMedianMAD(window: p.integer("window")), kinds: kinds) }),
        ModelDescriptor(
            name: "ewma", family: "univariate",
            summary: "EWMA control chart: |EWMA − μ₀| in control-limit units σ₀·sqrt(λ/(2−λ)), baseline from training.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "lambda", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.1",
                    "λ, weight of the newest value in the EWMA")
            ],
            factory: { p, _, kinds in PerSeriesDetector(name: "ewma", prototype: EWMAChart(lambda: p.real("lambda")), kinds: kinds) }),
        ModelDescriptor(
            name: "cusum", family: "univariate",
            summary: "Two-sided tabular CUSUM on standardised values, max(S⁺, S⁻), restarting after a signal (> h); baseline from training.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "k", .real(min: 0, minInclusive: true, max: 1000, maxInclusive: true), default: "0.5",
                    "allowance k in standard deviations (half the shift to detect)"),
                ParameterDescriptor(
                    "h", .real(min: 0, minInclusive: true, max: 1_000_000, maxInclusive: true), default: "5",
                    "decision interval h in standard deviations: both sums restart after the score exceeds it (0 = never)"),
            ],
            factory: { p, _, kinds in
                PerSeriesDetector(name: "cusum", prototype: CUSUMChart(allowance: p.real("k"), decisionInterval: p.real("h")), kinds: kinds)
            }),
        ModelDescriptor(
            name: "holt_winters", family: "univariate",
            summary: "Additive Holt-Winters one-step residual / running residual scale; period learned from training autocorrelation.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor("alpha", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.3", "level smoothing α"),
                ParameterDescriptor("beta", .real(min: 0, minInclusive: true, max: 1, maxInclusive: true), default: "0.01", "trend smoothing β"),
                ParameterDescriptor("gamma", .real(min: 0, minInclusive: true, max: 1, maxInclusive: true), default: "0.1", "seasonal smoothing γ"),
                ParameterDescriptor(
                    "period", .integer(min: 0, max: 100_000), default: "0",
                    "seasonal period in rows: 0 = learn from training autocorrelation, 1 = no seasonality", countsRows: true),
                ParameterDescriptor(
                    "max_period", .integer(min: 2, max: 100_000), default: "1440",
                    "largest period the autocorrelation search considers (rows; at most half the training rows are searched)"),
            ],
            factory: { p, _, kinds in
                let period = p.integer("period")
                let scorer = HoltWintersResidual(
                    alpha: p.real("alpha"), beta: p.real("beta"), gamma: p.real("gamma"),
                    period: period == 0 ? nil : period, maxPeriod: p.integer("max_period"))
                return PerSeriesDetector(name: "holt_winters", prototype: scorer, kinds: kinds)
            }),
        ModelDescriptor(
            name: "spectral_residual", family: "univariate",
            summary: "Spectral residual saliency (Ren et al. 2019) of the current value over a trailing FFT window.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor("length", .powerOfTwo(min: 16, max: 1024), default: "64", "FFT length: trailing values plus extrapolated points"),
                ParameterDescriptor("extend", .integer(min: 1, max: 511), default: "5", "extrapolated points after the current value (< length/2)"),
            ],
            factory: { p, _, kinds in
                let length = p.integer("length"), extend = p.integer("extend")
                guard extend < length / 2 else {
                    throw ModelError.invalidParameter(
                        model: "spectral_residual", key: "extend", value: "\(extend)",
                        reason: "must be less than length/2 = \(length / 2)")
                }
                return PerSeriesDetector(name: "spectral_residual", prototype: SpectralResidual(length: length, extend: extend), kinds: kinds)
            }),
        ModelDescriptor(
            name: "change_point", family: "univariate",
            summary: "Level-shift score: two-sample z of the recent window's mean against the reference window before it.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "recent", .integer(min: 1, max: 100_000), default: "10", "rows in the recent window (including the current row)", countsRows: true
                ),
                ParameterDescriptor(
                    "reference", .integer(min: 2, max: 100_000), default: "100", "rows in the reference window before it", countsRows: true),
            ],
            factory: { p, _, kinds in
                PerSeriesDetector(
                    name: "change_point", prototype: ChangePointScore(recent: p.integer("recent"), reference: p.integer("reference")), kinds: kinds)
            }),
    ]
}
