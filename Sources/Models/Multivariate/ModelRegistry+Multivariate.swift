import Telemetry

extension ModelRegistry {
    /// Shared parameter: scoring threads.
    private static let threadsParameter = ParameterDescriptor(
        "threads", .integer(min: 0, max: 256), default: "0",
        "worker threads for fitting/scoring (0 = one per core); scores do not depend on it")
    /// Shared parameter: per-series contributions on/off.
    private static let perSeriesParameter = ParameterDescriptor(
        "per_series", .choice(["on", "off"]), default: "on",
        "fill per-series contributions (off saves one rows × series output)")

    /// The multivariate detectors of issue 6 (BLAS/LAPACK through LinearAlgebra) and the robust per-series
    /// ensemble. The BLAS ones are row-wise after fitting on training rows, so they also run row by row; the
    /// ensemble keeps a bounded window per series.
    static let multivariateModels: [ModelDescriptor] = [
        ModelDescriptor(
            name: "pca", family: "multivariate",
            summary: "PCA reconstruction error (SPE / Q statistic) outside the leading principal subspace; Jackson–Mudholkar limit as qLimit.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "components", .integer(min: 0, max: 10_000), default: "0",
                    "principal components kept (0 = the fewest explaining `variance`)"),
                ParameterDescriptor(
                    "variance", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.9",
                    "explained-variance fraction used when components = 0"),
                ParameterDescriptor(
                    "alpha", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.01",
                    "significance of the Q-statistic limit (confidence 1 − alpha)"),
                perSeriesParameter, threadsParameter,
            ],
            factory: { p, _, kinds in
                CounterIncrementDetector.wrapping(
                    PCADetector(
                        components: p.integer("components"), variance: p.real("variance"), alpha: p.real("alpha"),
                        perSeries: p.word("per_series") == "on", threads: p.integer("threads")), kinds: kinds)
            }),
        ModelDescriptor(
            name: "mahalanobis", family: "multivariate",
            summary: "Hotelling T² / squared Mahalanobis distance from the training mean (ridge-regularised covariance, Cholesky).",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "ridge", .real(min: 0, minInclusive: true, max: 1_000_000, maxInclusive: true), default: "1e-6",
                    "ridge added to the covariance diagonal, relative to the mean variance"),
                perSeriesParameter, threadsParameter,
            ],
            factory: { p, _, kinds in
                CounterIncrementDetector.wrapping(
                    MahalanobisDetector(ridge: p.real("ridge"), perSeries: p.word("per_series") == "on", threads: p.integer("threads")), kinds: kinds)
            }),
        ModelDescriptor(
            name: "knn", family: "multivariate",
            summary: "Distance to the k-th nearest training row (exact: GEMM screening + exact refinement), as PyOD KNN.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor("k", .integer(min: 1, max: 100_000), default: "5", "number of neighbours (at most the training rows are used)"),
                ParameterDescriptor(
                    "aggregate", .choice(KNNDetector.Aggregate.allCases.map(\.rawValue)), default: "largest",
                    "largest: k-th neighbour distance; mean: mean of the k distances"),
                threadsParameter,
            ],
            factory: { p, _, kinds in
                CounterIncrementDetector.wrapping(
                    KNNDetector(
                        k: p.integer("k"), aggregate: KNNDetector.Aggregate(rawValue: p.word("aggregate")) ?? .largest,
                        threads: p.integer("threads")), kinds: kinds)
            }),
        ModelDescriptor(
            name: "isolation_forest", family: "multivariate",
            summary: "Isolation Forest: 2^(−E[path length]/c(ψ)) over seeded random isolation trees (flat arrays, built in parallel).",
            isStreaming: true, isRandomised: true,
            parameters: [
                ParameterDescriptor("trees", .integer(min: 1, max: 100_000), default: "100", "number of trees"),
                ParameterDescriptor(
                    "samples", .integer(min: 2, max: 1_000_000), default: "256",
                    "rows per tree ψ (clipped to the training rows; trees × tree nodes at most 2^26)"),
                threadsParameter,
            ],
            factory: { p, seed, kinds in
                CounterIncrementDetector.wrapping(
                    IsolationForestDetector(trees: p.integer("trees"), samples: p.integer("samples"), seed: seed, threads: p.integer("threads")),
                    kinds: kinds)
            }),
        ModelDescriptor(
            name: "ecod", family: "multivariate",
            summary: "ECOD: sum of per-series empirical tail probabilities (−log ECDF, left/right/skewness-chosen), max of the three sums.",
            isStreaming: true,
            parameters: [perSeriesParameter, threadsParameter],
            factory: { p, _, kinds in
                CounterIncrementDetector.wrapping(ECODDetector(perSeries: p.word("per_series") == "on", threads: p.integer("threads")), kinds: kinds)
            }),
        ModelDescriptor(
            name: "ensemble", family: "multivariate",
            summary:
                "Robust per-series ensemble: |x − rolling median|/training robust scale per series, calibrated to −log10 of its training exceedance probability (exponential tail), mean of the k largest; per-series contributions.",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "window", .integer(min: 0, max: 100_000), default: "30",
                    "previous values in each series' rolling median centre (0 = training median); chosen by docs/smd_defaults.py",
                    countsRows: true),
                ParameterDescriptor(
                    "k", .integer(min: 1, max: 100_000), default: "5",
                    "largest calibrated series scores averaged per row; chosen by docs/smd_defaults.py"),
                ParameterDescriptor(
                    "tail", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.99",
                    "training quantile level where the exponential exceedance tail starts"),
                ParameterDescriptor(
                    "cap", .real(min: 0, minInclusive: false, max: 1000, maxInclusive: true), default: "30",
                    "largest calibrated score per series (−log10 of the smallest probability)"),
                ParameterDescriptor(
                    "min_scale", .real(min: 0, minInclusive: true, max: 1000, maxInclusive: true), default: "0.001",
                    "scale floor per series as a fraction of its training range"),
            ],
            factory: { p, _, kinds in
                RobustEnsembleDetector(
                    window: p.integer("window"), topK: p.integer("k"), tail: p.real("tail"), cap: p.real("cap"),
                    minScale: p.real("min_scale"), kinds: kinds)
            }),
    ]
}
