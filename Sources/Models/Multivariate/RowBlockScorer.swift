import Dispatch
import Foundation
import Telemetry

/// The batch and row-by-row driver shared by the multivariate detectors.
///
/// A multivariate detector here is *row-wise*: after `fit`, the score of a row is a function of that
/// row alone (and of the fitted model). The driver cuts the scored frame into blocks of
/// ``blockRows`` rows **aligned to row 0** (rows `0..<B`, `B..<2B`, …), copies each block into a
/// column-major scratch buffer of exactly `B × series` values (the tail block is zero-padded),
/// imputes missing values, and hands the block to the detector's kernel. Every row is therefore
/// processed at the same position of a call with the same shape whether it is scored in a long
/// frame, in a prefix, or alone through `observe` (which places row `t` at position `t mod B`): BLAS
/// results cannot depend on how much data follows, so the scores of a prefix are bit-identical to
/// the prefix of the scores.
///
/// - NaN rule: a missing (non-finite) value is replaced by the model's imputation value for its
///   series (see each detector), and its per-series contribution is set to 0 — the flag that the
///   value was imputed.
/// - Threads: blocks are scored in parallel on `threads` workers (0 = one per active core); the
///   result does not depend on the thread count.
struct RowBlockScorer: Sendable {
    /// Rows per block (the block shape every kernel call sees).
    static let blockRows = 1024

    /// A kernel: scores a column-major block `x` of `b × series` values (ld = `b`), writing `b`
    /// scores and, when `contributions` is non-nil, a `b × series` column-major contribution block
    /// (ld = `b`). The kernel may overwrite `x`. Batch scoring always passes `b = blockRows`; the
    /// streaming path passes `blockRows` too unless the scorer is built with `padsStreamingRows`
    /// false (for kernels whose per-row result does not depend on the block, e.g. kNN), then 1.
    typealias Kernel = (
        _ x: UnsafeMutablePointer<Double>, _ b: Int, _ scores: UnsafeMutablePointer<Double>,
        _ contributions: UnsafeMutablePointer<Double>?
    ) throws -> Void

    /// Registry name, for messages.
    var model: String
    /// Imputation value per series (the fitted series count).
    var fill: [Double]
    /// Worker threads (0 = active cores).
    var threads: Int
    /// Whether `score(row:position:kernel:)` places the row in a full zero-padded block.
    var padsStreamingRows = true

    /// Number of workers to use for `blocks` blocks.
    static func workers(_ threads: Int, blocks: Int) -> Int {
        let cores = max(1, activeCores())
        return max(1, min(threads > 0 ? threads : cores, blocks))
    }

    /// Scores every row of `frame`.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs
    ///   from training; whatever the kernel throws.
    func scores(for frame: MetricFrame, perSeries: Bool, kernel: Kernel) throws -> DetectorScores {
        let d = fill.count
        guard frame.columns == d else {
            throw ModelError.shapeMismatch(model: model, expected: "\(d) series (as in training)", found: "\(frame.columns) series")
        }
        let n = frame.rows
        let b = Self.blockRows
        var out = [Double](repeating: 0, count: n)
        var contrib = perSeries ? [Double](repeating: 0, count: n * d) : []
        let blocks = (n + b - 1) / b
        let workers = Self.workers(threads, blocks: blocks)
        let failure = FirstError()
        frame.withUnsafeColumns { src, ld in
            out.withUnsafeMutableBufferPointer { scoresOut in
                contrib.withUnsafeMutableBufferPointer { contribOut in
                    fill.withUnsafeBufferPointer { fillBuffer in
                        let work = { (worker: Int) in
                            var x = [Double](repeating: 0, count: b * d)
                            var s = [Double](repeating: 0, count: b)
                            var c = [Double](repeating: 0, count: perSeries ? b * d : 0)
                            var imputed: [Int] = []
                            var block = worker
                            while block < blocks {
                                let r0 = block * b
                                let m = min(b, n - r0)
                                do {
                                    try x.withUnsafeMutableBufferPointer { xb in
                                        try s.withUnsafeMutableBufferPointer { sb in
                                            try c.withUnsafeMutableBufferPointer { cb in
                                                guard let xp = xb.baseAddress, let sp = sb.baseAddress else { return }
                                                imputed.removeAll(keepingCapacity: true)
                                                Self.load(src, rows: ld, r0: r0, count: m, series: d, fill: fillBuffer, into: xp, imputed: &imputed)
                                                try kernel(xp, b, sp, perSeries ? cb.baseAddress : nil)
                                                for i in 0..<m { scoresOut[r0 + i] = sp[i] }
                                                if perSeries, let cp = cb.baseAddress {
                                                    for k in imputed { cp[k] = 0 }
                                                    for j in 0..<d {
                                                        for i in 0..<m { contribOut[j * n + r0 + i] = cp[j * b + i] }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                } catch {
                                    failure.record(error)
                                    return
                                }
                                block += workers
                            }
                        }
                        ParallelFor.workers(workers, work)
                    }
                }
            }
        }
        if let error = failure.error { throw error }
        let frameOut = perSeries ? try MetricFrame(rows: n, columns: d, columnMajor: contrib) : nil
        return DetectorScores(scores: out, perSeries: frameOut)
    }

    /// Scores one row placed at position `position mod blockRows` of a zero block (the streaming path).
    func score(row: UnsafeBufferPointer<Double>, position: Int, kernel: Kernel) throws -> Double {
        let d = fill.count
        guard row.count == d else {
            throw ModelError.shapeMismatch(model: model, expected: "\(d) series (as in training)", found: "\(row.count) series")
        }
        let b = padsStreamingRows ? Self.blockRows : 1
        let p = position % b
        var x = [Double](repeating: 0, count: b * d)
        var s = [Double](repeating: 0, count: b)
        for j in 0..<d {
            let v = row[j]
            x[j * b + p] = v.isFinite ? v : fill[j]
        }
        try x.withUnsafeMutableBufferPointer { xb in
            try s.withUnsafeMutableBufferPointer { sb in
                guard let xp = xb.baseAddress, let sp = sb.baseAddress else { return }
                try kernel(xp, b, sp, nil)
            }
        }
        return s[p]
    }

    /// Copies rows `r0..<r0+count` of the column-major frame into the zero-padded block, imputing
    /// non-finite values; records the imputed cells' offsets in the block.
    private static func load(
        _ src: UnsafeBufferPointer<Double>, rows ld: Int, r0: Int, count m: Int, series d: Int,
        fill: UnsafeBufferPointer<Double>, into x: UnsafeMutablePointer<Double>, imputed: inout [Int]
    ) {
        let b = blockRows
        guard let base = src.baseAddress else { return }
        for j in 0..<d {
            let col = base + (j * ld + r0)
            let dst = x + j * b
            var bad = false
            for i in 0..<m {
                let v = col[i]
                dst[i] = v
                bad = bad || !v.isFinite
            }
            if bad {
                for i in 0..<m where !dst[i].isFinite {
                    dst[i] = fill[j]
                    imputed.append(j * b + i)
                }
            }
            for i in m..<b { dst[i] = 0 }
        }
    }

    /// Cores available to this process.
    static func activeCores() -> Int { ProcessInfo.processInfo.activeProcessorCount }
}
