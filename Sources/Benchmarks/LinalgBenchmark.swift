import Foundation
import LinearAlgebra
import Telemetry

/// `faultline bench linalg`: the cost of the LinearAlgebra wrappers against the C library they
/// wrap, and a tall-skinny PCA fit, measured in one run.
///
/// - gemm: `C = A·B` with 2000 × 2000 matrices through ``Matrix/gemm(_:_:into:transposeA:transposeB:alpha:beta:)``
///   and through a direct `cblas_dgemm` on the same buffers, interleaved; GFLOP/s = 2n³ / median time.
///   `wrapper_overhead = 1 − wrapper_gflops / direct_gflops` (limit 0.05).
/// - PCA: fit on a 200,000 × 38 matrix of seeded uniform data (made outside the timed region):
///   column means (`dgemv`), blocked centring + `dsyrk`, then `dsyevr` of the 38 × 38 Gram matrix.
///   `pca_200k_x_38_ms` is the median (limit 30 ms; scikit-learn's PCA takes ~61 ms here).
///
/// Timing follows `../shared/peers/README.md`: one warm-up, then the median of 9 (gemm) or
/// 15 (PCA) timed calls with the shared-machine guard; min, max and samples are kept.
public struct LinalgBenchmark: Sendable {
    /// Size of the square gemm operands.
    public var gemmSize = 2000
    /// Rows of the PCA input.
    public var pcaRows = 200_000
    /// Columns of the PCA input.
    public var pcaColumns = 38
    /// Timed gemm calls (per variant).
    public var gemmRuns = 9
    /// Timed PCA fits.
    public var pcaRuns = 15
    /// Longest wait for other processes to calm down before measuring, in seconds.
    public var quietWaitSeconds = 20.0
    /// Row block of the centring + `dsyrk` step.
    public var pcaBlockRows = ColumnStatistics.defaultBlockRows
    /// Seed of the random inputs.
    public var seed: UInt64 = 20_261_125

    /// Limits the figures are checked against.
    public static let maxWrapperOverhead = 0.05
    /// Limit for the PCA fit, in milliseconds.
    public static let maxPCAMilliseconds = 30.0

    /// Creates the benchmark with the standard sizes.
    public init() {}

    /// Runs both measurements with the BLAS thread count already configured by ``Runtime``.
    ///
    /// - Throws: ``LinearAlgebraError`` if a wrapper fails (it should not on this data).
    public func run() throws -> LinalgBenchmarkResult {
        let timer = BenchTimer(runs: gemmRuns)
        let quiet = timer.waitForQuietMachine(maxSeconds: quietWaitSeconds)

        // gemm: data creation outside the timed region.
        let n = gemmSize
        let a = Self.uniformMatrix(rows: n, columns: n, seed: seed)
        let b = Self.uniformMatrix(rows: n, columns: n, seed: seed &+ 1)
        var c = Matrix.zeros(rows: n, columns: n)
        var cDirect = Matrix.zeros(rows: n, columns: n)
        let n32 = Int32(n)
        let gemmTimings = try timer.measureInterleaved([
            { try Matrix.gemm(a, b, into: &c) },
            {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        cDirect.withUnsafeMutableBufferPointer { pc in
                            LinearAlgebraBenchmarks.directDGEMM(m: n32, n: n32, k: n32, a: pa, b: pb, c: pc)
                        }
                    }
                }
            },
        ])
        let flops = 2 * Double(n) * Double(n) * Double(n)
        let wrapperGflops = flops / gemmTimings[0].medianSeconds / 1e9
        let directGflops = flops / gemmTimings[1].medianSeconds / 1e9
        // Both paths computed the same product: a cheap sanity check that the wrapper did real work.
        let agree = c.maxAbsDifference(cDirect) == 0

        // PCA.
        let x = Self.uniformMatrix(rows: pcaRows, columns: pcaColumns, seed: seed &+ 2)
        var fit = PCAFit(means: [], explainedVariance: [], components: Matrix.zeros(rows: 0, columns: 0))
        let pcaTimer = BenchTimer(runs: pcaRuns)
        let pcaTiming = try pcaTimer.measure { fit = try Self.fitPCA(x, blockRows: pcaBlockRows) }
        // The same steps timed one by one, to show where the time goes.
        var means: [Double] = []
        var gram = Matrix.zeros(rows: 0, columns: 0)
        let rows = x.rows, cols = x.columns, block = pcaBlockRows
        let meansTiming = try pcaTimer.measure {
            means = try x.withUnsafeBufferPointer { try ColumnStatistics.means($0, rows: rows, columns: cols, ld: rows) }
        }
        let gramTiming = try pcaTimer.measure {
            gram = try x.withUnsafeBufferPointer {
                try ColumnStatistics.centeredGram($0, rows: rows, columns: cols, ld: rows, means: means, blockRows: block)
            }
        }
        let eigenTiming = try pcaTimer.measure { _ = try SymmetricEigen(gram) }

        return LinalgBenchmarkResult(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            blasThreads: BLASThreads.current,
            openBLAS: LinearAlgebraBenchmarks.openBLASConfiguration,
            foreignLoadBeforeStart: quiet,
            gemm: .init(
                n: n, wrapper: gemmTimings[0], direct: gemmTimings[1], wrapperGflops: wrapperGflops,
                directGflops: directGflops, wrapperOverhead: 1 - wrapperGflops / directGflops,
                wrapperOverheadBestRun: 1 - gemmTimings[1].minSeconds / gemmTimings[0].minSeconds,
                wrapperOverheadCPU: 1 - gemmTimings[1].cpuMedianSeconds / gemmTimings[0].cpuMedianSeconds,
                wrapperOverheadPaired: 1
                    - BenchTiming.median(
                        zip(gemmTimings[1].samplesSeconds, gemmTimings[0].samplesSeconds).map { $0 / $1 }),
                resultsIdentical: agree),
            pca: .init(
                rows: pcaRows, columns: pcaColumns, timing: pcaTiming,
                milliseconds: pcaTiming.medianSeconds * 1000,
                cpuMilliseconds: pcaTiming.cpuMedianSeconds * 1000,
                meansMilliseconds: meansTiming.medianSeconds * 1000,
                centredGramMilliseconds: gramTiming.medianSeconds * 1000,
                eigenMilliseconds: eigenTiming.medianSeconds * 1000,
                blockRows: pcaBlockRows,
                largestExplainedVariance: fit.explainedVariance.first ?? .nan,
                steps: "means (dgemv) + blocked centring with dsyrk + dsyevr (all eigenpairs)"),
            limits: .init(wrapperOverheadMax: Self.maxWrapperOverhead, pcaMillisecondsMax: Self.maxPCAMilliseconds))
    }

    /// The fitted principal components of a data matrix.
    struct PCAFit {
        var means: [Double]
        /// Variance along each component, descending (eigenvalues of the covariance).
        var explainedVariance: [Double]
        /// `columns × columns`, column `i` is the component for `explainedVariance[i]`.
        var components: Matrix
    }

    /// PCA fit through the LinearAlgebra wrappers: means, centred Gram matrix, `dsyevr`.
    static func fitPCA(_ x: Matrix, blockRows: Int) throws -> PCAFit {
        let (means, gram) = try x.withUnsafeBufferPointer { p in
            let mu = try ColumnStatistics.means(p, rows: x.rows, columns: x.columns, ld: x.rows)
            let g = try ColumnStatistics.centeredGram(p, rows: x.rows, columns: x.columns, ld: x.rows, means: mu, blockRows: blockRows)
            return (mu, g)
        }
        let eigen = try SymmetricEigen(gram)
        let d = eigen.values.count
        let scale = 1 / Double(max(1, x.rows - 1))
        var variance = [Double](repeating: 0, count: d)
        var components = Matrix.zeros(rows: d, columns: d)
        for i in 0..<d {
            let src = d - 1 - i  // dsyevr is ascending; PCA wants descending
            variance[i] = eigen.values[src] * scale
            for r in 0..<d { components[r, i] = eigen.vectors[r, src] }
        }
        return PCAFit(means: means, explainedVariance: variance, components: components)
    }

    /// A matrix of uniform(−1, 1) values from a SplitMix64 stream.
    static func uniformMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: rows * columns)
        values.withUnsafeMutableBufferPointer { p in
            for i in p.indices {
                let z = rng.next()
                p[i] = Double(z >> 11) * (2.0 / 9_007_199_254_740_992.0) - 1
            }
        }
        // Shape is consistent by construction; the fallback is never taken.
        return (try? Matrix(rows: rows, columns: columns, columnMajor: values)) ?? Matrix.zeros(rows: rows, columns: columns)
    }
}

/// The figures of one `faultline bench linalg` run (`--json` prints this object).
public struct LinalgBenchmarkResult: Sendable, Codable, Equatable {
    /// gemm comparison.
    public struct Gemm: Sendable, Codable, Equatable {
        /// Order of the square operands.
        public var n: Int
        /// Timing of `Matrix.gemm(_:_:into:)`.
        public var wrapper: BenchTiming
        /// Timing of `cblas_dgemm` on the same buffers.
        public var direct: BenchTiming
        /// 2n³ / wrapper median time, in GFLOP/s.
        public var wrapperGflops: Double
        /// 2n³ / direct median time, in GFLOP/s.
        public var directGflops: Double
        /// `1 − wrapper_gflops / direct_gflops` from the median times (the headline figure).
        public var wrapperOverhead: Double
        /// The same from the fastest run of each (less sensitive to a busy machine).
        public var wrapperOverheadBestRun: Double
        /// The same from the median process CPU time of each.
        public var wrapperOverheadCPU: Double
        /// The same from the median of per-run ratios (wrapper and direct runs taken back to back).
        public var wrapperOverheadPaired: Double
        /// Whether both paths produced bit-identical products.
        public var resultsIdentical: Bool
        enum CodingKeys: String, CodingKey {
            case n, wrapper, direct, wrapperGflops = "wrapper_gflops", directGflops = "direct_gflops"
            case wrapperOverhead = "wrapper_overhead", resultsIdentical = "results_identical"
            case wrapperOverheadBestRun = "wrapper_overhead_best_run", wrapperOverheadCPU = "wrapper_overhead_cpu"
            case wrapperOverheadPaired = "wrapper_overhead_paired"
        }
    }

    /// PCA fit timing.
    public struct PCA: Sendable, Codable, Equatable {
        /// Rows of the input.
        public var rows: Int
        /// Columns of the input.
        public var columns: Int
        /// Timing of the whole fit.
        public var timing: BenchTiming
        /// Median wall time of the whole fit, in milliseconds (`pca_200k_x_38_ms`).
        public var milliseconds: Double
        /// Median process CPU time of the whole fit, in milliseconds.
        public var cpuMilliseconds: Double
        /// Median time of the column means alone.
        public var meansMilliseconds: Double
        /// Median time of blocked centring + `dsyrk` alone.
        public var centredGramMilliseconds: Double
        /// Median time of `dsyevr` on the Gram matrix alone.
        public var eigenMilliseconds: Double
        /// Rows per centring block.
        public var blockRows: Int
        /// Variance along the first component (a check that the fit did real work).
        public var largestExplainedVariance: Double
        /// What the fit consists of.
        public var steps: String
        enum CodingKeys: String, CodingKey {
            case rows, columns, timing, milliseconds = "median_ms", cpuMilliseconds = "cpu_median_ms"
            case meansMilliseconds = "means_median_ms", centredGramMilliseconds = "centred_gram_median_ms"
            case eigenMilliseconds = "dsyevr_median_ms", blockRows = "block_rows"
            case largestExplainedVariance = "largest_explained_variance", steps
        }
    }

    /// The limits the figures must meet.
    public struct Limits: Sendable, Codable, Equatable {
        /// Largest acceptable `wrapper_overhead`.
        public var wrapperOverheadMax: Double
        /// Largest acceptable `pca_200k_x_38_ms`.
        public var pcaMillisecondsMax: Double
        enum CodingKeys: String, CodingKey {
            case wrapperOverheadMax = "wrapper_overhead_max", pcaMillisecondsMax = "pca_200k_x_38_ms_max"
        }
    }

    /// Logical CPUs of the machine.
    public var cores: Int
    /// OpenBLAS threads used for every figure.
    public var blasThreads: Int
    /// OpenBLAS build configuration.
    public var openBLAS: String
    /// Other processes' share of the CPUs just before measuring (nil when unmeasurable).
    public var foreignLoadBeforeStart: Double?
    /// gemm figures.
    public var gemm: Gemm
    /// PCA figures.
    public var pca: PCA
    /// Limits.
    public var limits: Limits

    /// `true` when both figures are within their limits.
    public var withinLimits: Bool {
        gemm.wrapperOverhead <= limits.wrapperOverheadMax && pca.milliseconds <= limits.pcaMillisecondsMax
    }

    enum CodingKeys: String, CodingKey {
        case cores, blasThreads = "blas_threads", openBLAS = "openblas_config"
        case foreignLoadBeforeStart = "foreign_load_before_start", gemm, pca, limits
        case wrapperGflops = "wrapper_gflops", directGflops = "direct_gflops", wrapperOverhead = "wrapper_overhead"
        case pcaMilliseconds = "pca_200k_x_38_ms", withinLimits = "within_limits", benchmark
    }

    /// Assembles a result.
    public init(
        cores: Int, blasThreads: Int, openBLAS: String, foreignLoadBeforeStart: Double?, gemm: Gemm, pca: PCA, limits: Limits
    ) {
        self.cores = cores
        self.blasThreads = blasThreads
        self.openBLAS = openBLAS
        self.foreignLoadBeforeStart = foreignLoadBeforeStart
        self.gemm = gemm
        self.pca = pca
        self.limits = limits
    }

    /// Decodes a result written by ``encode(to:)`` (the headline copies are ignored).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cores = try c.decode(Int.self, forKey: .cores)
        blasThreads = try c.decode(Int.self, forKey: .blasThreads)
        openBLAS = try c.decode(String.self, forKey: .openBLAS)
        foreignLoadBeforeStart = try c.decodeIfPresent(Double.self, forKey: .foreignLoadBeforeStart)
        gemm = try c.decode(Gemm.self, forKey: .gemm)
        pca = try c.decode(PCA.self, forKey: .pca)
        limits = try c.decode(Limits.self, forKey: .limits)
    }

    /// Encodes the nested figures plus the headline numbers at top level.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("linalg", forKey: .benchmark)
        try c.encode(cores, forKey: .cores)
        try c.encode(blasThreads, forKey: .blasThreads)
        try c.encode(openBLAS, forKey: .openBLAS)
        try c.encodeIfPresent(foreignLoadBeforeStart, forKey: .foreignLoadBeforeStart)
        try c.encode(gemm.wrapperGflops, forKey: .wrapperGflops)
        try c.encode(gemm.directGflops, forKey: .directGflops)
        try c.encode(gemm.wrapperOverhead, forKey: .wrapperOverhead)
        try c.encode(pca.milliseconds, forKey: .pcaMilliseconds)
        try c.encode(withinLimits, forKey: .withinLimits)
        try c.encode(gemm, forKey: .gemm)
        try c.encode(pca, forKey: .pca)
        try c.encode(limits, forKey: .limits)
    }

    /// One JSON object (sorted keys, pretty-printed).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The human-readable table.
    public var table: String {
        func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
        let n = gemm.n
        let w = gemm.wrapper, d = gemm.direct, p = pca.timing
        let flops = 2 * Double(n) * Double(n) * Double(n) / 1e9
        var lines: [String] = []
        lines.append("faultline bench linalg — \(cores) cores, OpenBLAS threads: \(blasThreads)")
        lines.append("OpenBLAS: \(openBLAS)")
        if let q = foreignLoadBeforeStart { lines.append("other processes' CPU share before start: \(f(q * 100)) %") }
        lines.append("")
        lines.append("measurement                               median       min       max   runs  retaken")
        func row(_ name: String, _ med: String, _ lo: String, _ hi: String, _ t: BenchTiming) -> String {
            name.padding(toLength: 40, withPad: " ", startingAt: 0)
                + [med, lo, hi].map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
                + String(format: "%7d%9d", t.runs, t.retaken)
        }
        lines.append(row("gemm \(n)×\(n) wrapper (GFLOP/s)", f(wrapperGflopsValue), f(flops / w.maxSeconds), f(flops / w.minSeconds), w))
        lines.append(row("gemm \(n)×\(n) cblas_dgemm (GFLOP/s)", f(gemm.directGflops), f(flops / d.maxSeconds), f(flops / d.minSeconds), d))
        lines.append(row("PCA fit \(pca.rows)×\(pca.columns) (ms)", f(pca.milliseconds, 2), f(p.minSeconds * 1000, 2), f(p.maxSeconds * 1000, 2), p))
        lines.append(
            "  steps (median ms): means \(f(pca.meansMilliseconds, 2)), centring + dsyrk \(f(pca.centredGramMilliseconds, 2)) (blocks of \(pca.blockRows) rows), dsyevr \(f(pca.eigenMilliseconds, 2))"
        )
        lines.append(
            "  process CPU time (median): gemm wrapper \(f(w.cpuMedianSeconds * 1000, 0)) ms, direct \(f(d.cpuMedianSeconds * 1000, 0)) ms, PCA \(f(pca.cpuMilliseconds, 2)) ms"
        )
        lines.append("")
        lines.append(
            "wrapper_overhead  = \(f(gemm.wrapperOverhead * 100, 2)) %   (limit \(f(limits.wrapperOverheadMax * 100, 0)) %)  \(gemm.wrapperOverhead <= limits.wrapperOverheadMax ? "ok" : "OVER")"
        )
        lines.append(
            "  (paired runs: \(f(gemm.wrapperOverheadPaired * 100, 2)) %; fastest runs: \(f(gemm.wrapperOverheadBestRun * 100, 2)) %; CPU time: \(f(gemm.wrapperOverheadCPU * 100, 2)) %; products identical: \(gemm.resultsIdentical))"
        )
        lines.append(
            "pca_200k_x_38_ms  = \(f(pca.milliseconds, 2)) ms  (limit \(f(limits.pcaMillisecondsMax, 0)) ms; scikit-learn ~61 ms)  \(pca.milliseconds <= limits.pcaMillisecondsMax ? "ok" : "OVER")"
        )
        lines.append("PCA steps: \(pca.steps), \(blasThreads) BLAS thread\(blasThreads == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    private var wrapperGflopsValue: Double { gemm.wrapperGflops }
}
