import LinearAlgebra
import Telemetry

/// k-nearest-neighbour distance to the training set (Ramaswamy et al. 2000; PyOD's `KNN`).
///
/// Score of a row `x`: the Euclidean distance to its `k`-th nearest training row (`aggregate =
/// largest`, PyOD's default) or the mean distance to its `k` nearest (`mean`). Distances are those
/// of the centred values, `r = Σⱼ ((xⱼ − μⱼ) − (yⱼ − μⱼ))²` in `Double`, and the neighbours are the
/// `k` smallest `r` (ties by training row) — exactly what a brute-force search over every training
/// row gives. They are found in two stages:
/// 1. **Single-precision screening in GEMM blocks.** Fit keeps the centred training rows scaled by a
///    power of two `s` (so that every value is at most 1 in magnitude) as `Float`, with an extra
///    column `−‖ŷ‖²/2`. For a block of queries `Q̂` and a tile of training rows, `C` starts as that
///    column in every query's column and one `sgemm` adds `Ŷ·Q̂ᵀ` (β = 1), so
///    `C = q̂·ŷ − ‖ŷ‖²/2 = (‖q̂‖² − d̂²)/2` and `d̂² = ‖q̂‖² − 2C` approximates `s²·r` with an
///    error below `τ = 4(n+4)·2⁻²⁴·(‖q̂‖² + ‖ŷ‖²) + 2⁻¹⁰⁰` (twice the worst case of rounding the
///    inputs to `Float` and summing `n + 1` terms). Each training row thus gets a bracket
///    `d̂² ± τ` around its exact distance; ``KNNCandidates`` keeps the `k` smallest upper ends and
///    every row whose lower end does not exceed the `k`-th of them. A tile's rows are first tested
///    32 at a time against a limit computed with the tile's largest `‖ŷ‖²`, so most rows cost one
///    vector comparison.
/// 2. **Exact refinement.** The survivors' distances are recomputed as the `Double` formula above
///    and the `k` smallest (ties by training row) are the neighbours.
///
/// Every true neighbour survives stage 1, so the result is that of the direct formula, independent
/// of the screening's rounding, of the block a row is scored in and of the thread count: the
/// detector is causal and bit-identical for any chunking. Queries whose scaled norm is too large for
/// `Float` (‖q̂‖² > 10³⁰, far outside the training range) are searched by brute force in `Double`.
///
/// - NaN rule: a missing value is replaced by the training median of its series (training NaNs too).
/// - With fewer than `k` training rows, `k` becomes the number of training rows. Unfitted, rows score 0.
/// - Threads: blocks of rows are scored on all cores (``RowBlockScorer``), BLAS single-threaded per block.
/// - Complexity: fit O(m·n); score O(rows·m·n) flops in `sgemm` plus O(rows·m) comparisons.
public struct KNNDetector: StreamingDetector, RowSetDetector {
    /// How the `k` neighbour distances become a score.
    public enum Aggregate: String, Sendable, CaseIterable {
        /// Distance to the `k`-th nearest neighbour.
        case largest
        /// Mean distance to the `k` nearest neighbours.
        case mean
    }

    /// Number of neighbours.
    public private(set) var k: Int
    /// Aggregation of the neighbour distances.
    public let aggregate: Aggregate
    /// Scoring threads (0 = all cores).
    public let threads: Int

    private var medians: [Double] = []
    private var means: [Double] = []
    /// Training rows (m).
    public private(set) var trainingRows = 0
    /// Centred training values, row-major `m × n` (exact distances).
    private var rowMajor: [Double] = []
    /// The training row stored at each position of `rowMajor`, `screen` and `scaledNorms`.
    private var storedOrder: [Int32] = []
    /// Scaled centred training values as `Float`, column-major `m × (n+1)`, last column `−‖ŷ‖²/2`.
    private var screen: [Float] = []
    /// `‖ŷ‖²` per training row (scaled, `Double`).
    private var scaledNorms: [Double] = []
    /// Largest `‖ŷ‖²` per tile of ``tileRows`` training rows.
    private var tileMaxNorms: [Double] = []
    /// The power of two `s` applied before screening.
    private var scale = 1.0
    /// False when the training values are too large to screen (every query is then brute-forced).
    private var screens = false

    /// Training rows per GEMM tile.
    static let tileRows = 1024
    /// Queries per GEMM call (a tile × query block of `Float` distances is 1 MiB, inside L2).
    static let queryColumns = 256
    /// Largest scaled query norm screened in `Float`.
    static let largestScreenedNorm = 1e30

    /// Creates an unfitted detector.
    public init(k: Int = 5, aggregate: Aggregate = .largest, threads: Int = 0) {
        self.k = max(1, k)
        self.aggregate = aggregate
        self.threads = threads
    }

    /// Leave-self-out scores of the training rows: each row's score among the *other* training rows,
    /// exactly, without a refit. A training row is its own nearest neighbour at distance 0, so its
    /// `k + 1` nearest in the whole set are itself and its `k` nearest among the others: the score with
    /// `k + 1` neighbours (largest), or their mean rescaled by `(k + 1)/k` (mean). Nil (in-sample) when
    /// there are no more than `k` training rows.
    public func outOfFoldScores(training: MetricFrame) throws -> [Double]? {
        guard trainingRows > k, training.rows == trainingRows else { return nil }
        var wider = self
        wider.k = k + 1
        let scores = try wider.scores(for: training).scores
        switch aggregate {
        case .largest: return scores
        case .mean: return scores.map { $0 * Double(k + 1) / Double(k) }
        }
    }

    /// Stores the (imputed, centred) training rows and their scaled single-precision copy.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "knn", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        guard m < Int(Int32.max) else {
            throw ModelError.insufficientData(what: "knn", reason: "at most \(Int32.max - 1) training rows, got \(m)")
        }
        medians = ColumnMedians.of(training)
        var mu = [Double](repeating: 0, count: d)
        var rm = [Double](repeating: 0, count: m * d)
        var maxAbs = 0.0
        // Stored in a scattered order (`order[p]` is the training row at position p): rows come in time
        // order, and a query's distances then fall steadily tile after tile, so the screening bound
        // tightens late and most rows are offered. Ties are broken by the training row, so the
        // neighbours and scores do not depend on the order.
        let order = Self.scatteredOrder(m)
        var position = [Int](repeating: 0, count: m)
        for p in 0..<m { position[Int(order[p])] = p }
        training.withUnsafeColumns { src, ld in
            for j in 0..<d {
                var s = 0.0
                for i in 0..<m {
                    let v = src[j * ld + i]
                    s += v.isFinite ? v : medians[j]
                }
                mu[j] = s / Double(m)
            }
            for j in 0..<d {
                for i in 0..<m {
                    let v = src[j * ld + i]
                    let c = (v.isFinite ? v : medians[j]) - mu[j]
                    rm[position[i] * d + j] = c
                    maxAbs = max(maxAbs, abs(c))
                }
            }
        }
        let s = maxAbs > 0 && maxAbs.isFinite ? Double(sign: .plus, exponent: -maxAbs.exponent, significand: 1) : 1
        var scr = [Float](repeating: 0, count: m * (d + 1))
        var norms = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var nn = 0.0
            for j in 0..<d {
                let v = rm[i * d + j] * s
                scr[j * m + i] = Float(v)
                nn += v * v
            }
            norms[i] = nn
            scr[d * m + i] = Float(-0.5 * nn)
        }
        let tiles = (m + Self.tileRows - 1) / Self.tileRows
        var tileMax = [Double](repeating: 0, count: tiles)
        for i in 0..<m { tileMax[i / Self.tileRows] = max(tileMax[i / Self.tileRows], norms[i]) }
        means = mu
        storedOrder = order
        rowMajor = rm
        trainingRows = m
        screen = scr
        scaledNorms = norms
        tileMaxNorms = tileMax
        scale = s
        screens = maxAbs.isFinite && norms.allSatisfy { $0.isFinite && $0 <= Self.largestScreenedNorm }
    }

    /// A fixed permutation of `0..<m` that puts rows close in index far apart: position p holds
    /// row `p · g mod m` for the step g nearest below 0.618 m that is coprime with m.
    static func scatteredOrder(_ m: Int) -> [Int32] {
        guard m > 2 else { return (0..<m).map { Int32($0) } }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var g = max(1, Int(Double(m) * 0.6180339887498949))
        while gcd(g, m) != 1 { g -= 1 }
        var out = [Int32](repeating: 0, count: m)
        var r = 0
        for p in 0..<m {
            out[p] = Int32(r)
            r += g
            if r >= m { r -= m }
        }
        return out
    }

    private var scorer: RowBlockScorer {
        var s = RowBlockScorer(model: "knn", fill: medians, threads: threads)
        s.padsStreamingRows = false
        return s
    }

    /// Scores every row by its neighbour distances.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard trainingRows > 0 else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        return try scorer.scores(for: frame, perSeries: false) { x, b, s, _ in
            try search(x, b, scores: s, neighbours: nil)
        }
    }

    /// The training-row indices of each row's `k` nearest neighbours, nearest first (ties by index).
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs
    ///   from training, ``ModelError/insufficientData(what:reason:)`` when unfitted.
    public func neighbours(for frame: MetricFrame) throws -> [[Int]] {
        guard trainingRows > 0 else { throw ModelError.insufficientData(what: "knn", reason: "the detector is not fitted") }
        let kk = min(k, trainingRows)
        var all = [[Int]](repeating: [], count: frame.rows)
        let b = RowBlockScorer.blockRows
        var one = scorer
        one.threads = 1
        var block = 0
        _ = try one.scores(for: frame, perSeries: false) { x, bb, s, _ in
            var found = [Int](repeating: 0, count: bb * kk)
            try search(x, bb, scores: s, neighbours: &found)
            for i in 0..<bb where block * b + i < frame.rows {
                all[block * b + i] = Array(found[(i * kk)..<((i + 1) * kk)])
            }
            block += 1
        }
        return all
    }

    /// Scores one row.
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard trainingRows > 0 else { return 0 }
        return (try? scorer.score(row: row, position: 0) { x, b, s, _ in try search(x, b, scores: s, neighbours: nil) }) ?? 0
    }

    /// Screening + exact refinement for a block of `b` query rows (column-major, overwritten with
    /// the centred values).
    private func search(
        _ x: UnsafeMutablePointer<Double>, _ b: Int, scores: UnsafeMutablePointer<Double>,
        neighbours: UnsafeMutablePointer<Int>?
    ) throws {
        let d = means.count, m = trainingRows
        let kk = min(k, m)
        // Centred queries (in place), their scaled Float copy, scaled norms.
        var qf = [Float](repeating: 0, count: b * d)
        var qNorm = [Double](repeating: 0, count: b)
        for j in 0..<d {
            let mu = means[j]
            for i in 0..<b {
                let v = x[j * b + i] - mu
                x[j * b + i] = v
                let w = v * scale
                qf[j * b + i] = Float(w)
                qNorm[i] += w * w
            }
        }
        var screened = [Bool](repeating: false, count: b)
        for i in 0..<b { screened[i] = screens && qNorm[i].isFinite && qNorm[i] <= Self.largestScreenedNorm }
        for i in 0..<b where !screened[i] { for j in 0..<d { qf[j * b + i] = 0 } }
        let relTol = 4 * Double(d + 4) * 0x1p-24, absTol = 0x1p-100
        var nearest = KNNNearest(k: kk)
        try storedOrder.withUnsafeBufferPointer { orderBuffer in
            try rowMajor.withUnsafeBufferPointer { yr in
                guard let y = yr.baseAddress, let trainingRow = orderBuffer.baseAddress else { return }
                /// Exact refinement of one query over the given training rows.
                func refine<S: Sequence>(_ i: Int, _ rows: S) where S.Element == Int {
                    nearest.reset()
                    for idx in rows {
                        let row = y + idx * d
                        var s = 0.0
                        for j in 0..<d {
                            let diff = x[j * b + i] - row[j]
                            s += diff * diff
                        }
                        nearest.insert(s, Int(trainingRow[idx]))
                    }
                    nearest.distances.withUnsafeBufferPointer { dist in
                        switch aggregate {
                        case .largest:
                            scores[i] = dist[kk - 1].squareRoot()
                        case .mean:
                            var s = 0.0
                            for r in 0..<kk { s += dist[r].squareRoot() }
                            scores[i] = s / Double(kk)
                        }
                    }
                    if let neighbours {
                        for r in 0..<kk { neighbours[i * kk + r] = nearest.indices[r] }
                    }
                }
                let tile = min(Self.tileRows, m)
                let qc = min(Self.queryColumns, b)
                var c = [Float](repeating: 0, count: tile * qc)
                var candidates = [KNNCandidates](repeating: KNNCandidates(k: kk), count: qc)
                try screen.withUnsafeBufferPointer { yAll in
                    try qf.withUnsafeBufferPointer { qp in
                        try c.withUnsafeMutableBufferPointer { cp in
                            try scaledNorms.withUnsafeBufferPointer { normsBuffer in
                                guard let yBase = yAll.baseAddress, let qBase = qp.baseAddress, let cBase = cp.baseAddress,
                                    let norms = normsBuffer.baseAddress
                                else { return }
                                var q0 = 0
                                while q0 < b {
                                    let cols = min(qc, b - q0)
                                    for i in 0..<cols { candidates[i].reset() }
                                    var t0 = 0
                                    while t0 < m {
                                        let rows = min(tile, m - t0)
                                        // C starts as the tile's −‖ŷ‖²/2 in every column and the product is added
                                        // (β = 1): the same sum as the extra column of ones, one term fewer for
                                        // the kernel, and OpenBLAS no longer zeroes C first.
                                        let halfNorms = yBase + d * m + t0
                                        for i in 0..<cols { (cBase + i * rows).update(from: halfNorms, count: rows) }
                                        try BLAS.gemm(
                                            transposeB: true, m: rows, n: cols, k: d,
                                            a: UnsafeBufferPointer(start: yBase + t0, count: m * d - t0), lda: m,
                                            b: UnsafeBufferPointer(start: qBase + q0, count: b * d - q0), ldb: b,
                                            beta: 1, c: UnsafeMutableBufferPointer(start: cBase, count: rows * cols), ldc: rows)
                                        let tileNorm = tileMaxNorms[t0 / Self.tileRows]
                                        for i in 0..<cols where screened[q0 + i] {
                                            let qn = qNorm[q0 + i]
                                            Self.scan(
                                                cBase + i * rows, count: rows, offset: t0, queryNorm: qn,
                                                tileTolerance: relTol * (qn + tileNorm) + absTol,
                                                relTol: relTol, absTol: absTol, norms: norms, into: &candidates[i])
                                        }
                                        t0 += rows
                                    }
                                    for i in 0..<cols {
                                        let q = q0 + i
                                        if screened[q] {
                                            let bound = candidates[i].bound
                                            let list = candidates[i]
                                            refine(q, list.indices.indices.lazy.filter { list.lowers[$0] <= bound }.map { Int(list.indices[$0]) })
                                        } else {
                                            refine(q, 0..<m)
                                        }
                                    }
                                    q0 += cols
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Offers the training rows of one GEMM tile column, `c[r] = (‖q̂‖² − d̂²ᵣ)/2`, to a query's list.
    ///
    /// A row can only be a neighbour when `d̂² − τ ≤ bound`, i.e. `c ≥ (‖q̂‖² − bound − τ)/2`;
    /// with the tile's largest `τ` this is tested on 32 rows at once.
    @inline(__always)
    static func scan(
        _ c: UnsafeMutablePointer<Float>, count rows: Int, offset: Int, queryNorm: Double, tileTolerance: Double,
        relTol: Double, absTol: Double, norms: UnsafePointer<Double>, into list: inout KNNCandidates
    ) {
        @inline(__always) func limit(_ bound: Double) -> Float {
            // Rounded down, so that a row passing in Double never fails in Float.
            let l = 0.5 * (queryNorm - bound - tileTolerance)
            guard l.isFinite else { return -.infinity }
            let f = Float(l)
            return Double(f) > l ? f.nextDown : f
        }
        var cLimit = limit(list.bound)
        @inline(__always) func offer(_ lo: Int, _ hi: Int) {
            for r in lo..<hi where c[r] >= cLimit {
                let s = queryNorm - 2 * Double(c[r])
                let tau = relTol * (queryNorm + norms[offset + r]) + absTol
                let before = list.bound
                list.offer(lower: s - tau, upper: s + tau, index: Int32(offset + r))
                if list.bound != before { cLimit = limit(list.bound) }
            }
        }
        // Whole groups of 32 values first: skipped at once when none reaches the limit (eight 4-wide
        // compares, OR-ed; a NaN compares false, as in `offer`, so skipping never drops a row it would offer).
        let groups = rows / 32
        var g = 0
        while g < groups {
            let r0 = g &* 32
            let raw = UnsafeRawPointer(c + r0)
            let l = SIMD4<Float>(repeating: cLimit)
            @inline(__always) func at(_ k: Int) -> SIMD4<Float> { raw.loadUnaligned(fromByteOffset: 16 &* k, as: SIMD4<Float>.self) }
            let low = (at(0) .>= l) .| (at(1) .>= l) .| (at(2) .>= l) .| (at(3) .>= l)
            let high = (at(4) .>= l) .| (at(5) .>= l) .| (at(6) .>= l) .| (at(7) .>= l)
            if any(low .| high) { offer(r0, r0 &+ 32) }
            g &+= 1
        }
        offer(groups &* 32, rows)
    }
}
