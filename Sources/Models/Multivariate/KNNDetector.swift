import LinearAlgebra
import Telemetry

/// k-nearest-neighbour distance to the training set (Ramaswamy et al. 2000; PyOD's `KNN`).
///
/// Fit stores the training rows, centred by their means, twice: column-major with an extra column
/// `−‖y‖²/2` for the distance GEMM, and row-major for exact distances.
///
/// Score of a row `x`: the Euclidean distance to its `k`-th nearest training row (`aggregate =
/// largest`, PyOD's default) or the mean distance to its `k` nearest (`mean`). Neighbours are found
/// exactly, in two stages:
/// 1. **Screening in GEMM blocks.** For a block of queries `Q` and a tile of training rows, one
///    `dgemm` gives `C = [Y, −‖y‖²/2]·[Q, 1]ᵀ = (‖q‖² − d²)/2`, i.e. every squared distance
///    `d² = ‖x‖² + ‖y‖² − 2·xᵀy`. A partial selection keeps, per query, every training row whose
///    screened distance is within `2τ` of the running `k`-th smallest, where `τ` bounds the GEMM's
///    rounding error (`τ = max(1e-10, 8(n+2)ε)·(‖q‖² + max‖y‖²)`).
/// 2. **Exact refinement.** The kept candidates' squared distances are recomputed directly as
///    `Σⱼ (qⱼ − yⱼ)²` and sorted (ties by training row); the `k` smallest are the neighbours.
///
/// Every true neighbour survives stage 1 (its screened distance is at most the true `k`-th distance
/// plus `τ`, itself at most the screened `k`-th plus `τ`), so the neighbours are those of the direct
/// formula — identical to a brute-force search — and each row's score depends on that row only:
/// the detector is causal and its scores are bit-identical whatever block a row is scored in.
///
/// - NaN rule: a missing value is replaced by the training median of its series (training NaNs too).
/// - With fewer than `k` training rows, `k` becomes the number of training rows. Unfitted, rows score 0.
/// - Complexity: fit O(m·n); score O(rows·m·n) flops in `dgemm` plus O(rows·m) comparisons.
public struct KNNDetector: StreamingDetector {
    /// How the `k` neighbour distances become a score.
    public enum Aggregate: String, Sendable, CaseIterable {
        /// Distance to the `k`-th nearest neighbour.
        case largest
        /// Mean distance to the `k` nearest neighbours.
        case mean
    }

    /// Number of neighbours.
    public let k: Int
    /// Aggregation of the neighbour distances.
    public let aggregate: Aggregate
    /// Scoring threads (0 = all cores).
    public let threads: Int

    private var medians: [Double] = []
    private var means: [Double] = []
    /// Training rows (m).
    public private(set) var trainingRows = 0
    /// Centred training values, column-major `m × (n+1)`, last column `−‖y‖²/2`.
    private var augmented: [Double] = []
    /// Centred training values, row-major `m × n`.
    private var rowMajor: [Double] = []
    private var maxNormSquared = 0.0
    /// Training rows per GEMM tile.
    static let tileRows = 1024
    /// Queries per GEMM call (a tile × sub-block of distances is 1 MiB, inside L2).
    static let queryColumns = 128

    /// Creates an unfitted detector.
    public init(k: Int = 5, aggregate: Aggregate = .largest, threads: Int = 0) {
        self.k = max(1, k)
        self.aggregate = aggregate
        self.threads = threads
    }

    /// Stores the (imputed, centred) training rows.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "knn", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        medians = ColumnMedians.of(training)
        var mu = [Double](repeating: 0, count: d)
        var aug = [Double](repeating: 0, count: m * (d + 1))
        var rm = [Double](repeating: 0, count: m * d)
        var norms = [Double](repeating: 0, count: m)
        training.withUnsafeBufferPointer { src in
            for j in 0..<d {
                var s = 0.0
                for i in 0..<m {
                    let v = src[j * m + i]
                    s += v.isFinite ? v : medians[j]
                }
                mu[j] = s / Double(m)
            }
            for j in 0..<d {
                for i in 0..<m {
                    let v = src[j * m + i]
                    let c = (v.isFinite ? v : medians[j]) - mu[j]
                    aug[j * m + i] = c
                    rm[i * d + j] = c
                    norms[i] += c * c
                }
            }
        }
        var maxNorm = 0.0
        for i in 0..<m {
            aug[d * m + i] = -0.5 * norms[i]
            maxNorm = max(maxNorm, norms[i])
        }
        means = mu
        augmented = aug
        rowMajor = rm
        trainingRows = m
        maxNormSquared = maxNorm
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

    /// Screening + exact refinement for a block of `b` query rows (column-major, overwritten).
    private func search(_ x: UnsafeMutablePointer<Double>, _ b: Int, scores: UnsafeMutablePointer<Double>,
                        neighbours: UnsafeMutablePointer<Int>?) throws {
        let d = means.count, m = trainingRows
        let kk = min(k, m)
        let tile = min(Self.tileRows, m)
        // Queries, centred, with a column of ones: b × (d + 1).
        var q = [Double](repeating: 1, count: b * (d + 1))
        var qNorm = [Double](repeating: 0, count: b)
        for j in 0..<d {
            let mu = means[j]
            for i in 0..<b {
                let v = x[j * b + i] - mu
                q[j * b + i] = v
                qNorm[i] += v * v
            }
        }
        let eps = Double.ulpOfOne
        let relTol = max(1e-10, 8 * Double(d + 2) * eps)
        var tol = [Double](repeating: 0, count: b)
        for i in 0..<b { tol[i] = relTol * (qNorm[i] + maxNormSquared) + Double.leastNormalMagnitude }
        var candidates = [CandidateList](repeating: CandidateList(k: kk), count: b)
        let qc = min(Self.queryColumns, b)
        var c = [Double](repeating: 0, count: tile * qc)
        try augmented.withUnsafeBufferPointer { yAll in
            try q.withUnsafeBufferPointer { qp in
                try c.withUnsafeMutableBufferPointer { cp in
                    guard let yBase = yAll.baseAddress, let qBase = qp.baseAddress, let cBase = cp.baseAddress else { return }
                    var q0 = 0
                    while q0 < b {
                        let cols = min(qc, b - q0)
                        var t0 = 0
                        while t0 < m {
                            let rows = min(tile, m - t0)
                            try BLAS.gemm(transposeB: true, m: rows, n: cols, k: d + 1,
                                          a: UnsafeBufferPointer(start: yBase + t0, count: m * (d + 1) - t0), lda: m,
                                          b: UnsafeBufferPointer(start: qBase + q0, count: b * (d + 1) - q0), ldb: b,
                                          c: cp, ldc: rows)
                            for i in 0..<cols {
                                candidates[q0 + i].scan(cBase + i * rows, count: rows, offset: t0, queryNorm: qNorm[q0 + i], tolerance: tol[q0 + i])
                            }
                            t0 += rows
                        }
                        q0 += cols
                    }
                }
            }
        }
        rowMajor.withUnsafeBufferPointer { yr in
            guard let y = yr.baseAddress else { return }
            var exact: [(Double, Int)] = []
            for i in 0..<b {
                exact.removeAll(keepingCapacity: true)
                candidates[i].finish(tolerance: tol[i])
                for idx in candidates[i].indices.prefix(candidates[i].count) {
                    let row = y + idx * d
                    var s = 0.0
                    for j in 0..<d {
                        let diff = q[j * b + i] - row[j]
                        s += diff * diff
                    }
                    exact.append((s, idx))
                }
                exact.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                switch aggregate {
                case .largest:
                    scores[i] = exact[kk - 1].0.squareRoot()
                case .mean:
                    var s = 0.0
                    for r in 0..<kk { s += exact[r].0.squareRoot() }
                    scores[i] = s / Double(kk)
                }
                if let neighbours {
                    for r in 0..<kk { neighbours[i * kk + r] = exact[r].1 }
                }
            }
        }
    }
}

/// The candidate neighbours of one query during screening: every training row whose screened
/// squared distance is within `2τ` of the running `k`-th smallest.
struct CandidateList {
    let k: Int
    var distances: [Double]
    var indices: [Int]
    var count = 0
    /// Screened squared distances above this are rejected.
    var limit = Double.infinity

    init(k: Int) {
        self.k = k
        let capacity = max(4 * k, 32)
        distances = [Double](repeating: 0, count: capacity)
        indices = [Int](repeating: 0, count: capacity)
    }

    /// Adds the training rows of one GEMM tile column: `c[i] = (‖q‖² − d²ᵢ)/2`.
    @inline(__always)
    mutating func scan(_ c: UnsafeMutablePointer<Double>, count rows: Int, offset: Int, queryNorm: Double, tolerance: Double) {
        var cLimit = 0.5 * (queryNorm - limit)
        var i0 = 0
        while i0 < rows {
            let i1 = min(i0 + 8, rows)
            // Most groups of 8 hold no candidate: test them with one vector comparison.
            if i1 - i0 == 8 {
                let p = c + i0
                let top = max(max(max(p[0], p[1]), max(p[2], p[3])), max(max(p[4], p[5]), max(p[6], p[7])))
                if top < cLimit {
                    i0 = i1
                    continue
                }
            }
            for i in i0..<i1 where c[i] >= cLimit {
                let d2 = queryNorm - 2 * c[i]
                guard d2 <= limit else { continue }
                if count == distances.count {
                    prune(tolerance: tolerance)
                    cLimit = 0.5 * (queryNorm - limit)
                    if d2 > limit { continue }
                    if count == distances.count {
                        distances.append(contentsOf: [Double](repeating: 0, count: count))
                        indices.append(contentsOf: [Int](repeating: 0, count: count))
                    }
                }
                distances[count] = d2
                indices[count] = offset + i
                count += 1
            }
            i0 = i1
        }
    }

    /// Tightens the limit to the current `k`-th smallest plus `2τ` and drops rows above it.
    mutating func prune(tolerance: Double) {
        guard count >= k else { return }
        var sorted = Array(distances[0..<count])
        sorted.sort()
        limit = min(limit, sorted[k - 1] + 2 * tolerance)
        var kept = 0
        for r in 0..<count where distances[r] <= limit {
            distances[kept] = distances[r]
            indices[kept] = indices[r]
            kept += 1
        }
        count = kept
    }

    /// Final pruning after the last tile.
    mutating func finish(tolerance: Double) { prune(tolerance: tolerance) }
}
