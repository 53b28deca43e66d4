import Dispatch
import Foundation
import Telemetry

/// ECOD: empirical-cumulative-distribution-based outlier detection (Li et al., TKDE 2022).
///
/// Fit: the finite training values of each series are sorted once (``RadixSort``); their sample skewness `γⱼ`
/// (Fisher–Pearson, biased, as `scipy.stats.skew`) is kept, and a table `−log((c + 1)/(m + 1))` for
/// `c = 0…m` so that scoring needs no logarithms.
///
/// Score of a row `x`, per series `j`, from the training ECDF by binary search:
/// - left tail  `Uₗ = −log F̂ⱼ(xⱼ)`, `F̂ⱼ(v) = (#{train ≤ v} + 1)/(m + 1)`;
/// - right tail `Uᵣ = −log Ŝⱼ(xⱼ)`, `Ŝⱼ(v) = (#{train ≥ v} + 1)/(m + 1)`;
/// - skewness-corrected `Uₛ = Uₗ` when `γⱼ < 0`, else `Uᵣ` (the paper's rule).
///
/// The row score is `O = max(Σⱼ Uₗ, Σⱼ Uᵣ, Σⱼ Uₛ)` (the paper's aggregation; PyOD 3 instead takes the
/// per-series maximum before summing). The `+1` keeps the tails finite for values outside the
/// training range, where the in-sample ECDF of the paper (which counts the point itself) is
/// undefined for new data. `perSeries` holds the per-series tail scores of the winning sum, so they
/// add up to the score.
///
/// - NaN rule: a missing value is replaced by the training median of its series (tail scores near
///   `log 2`) and its contribution is reported as 0; NaNs in training are left out of the ECDF.
/// - Causality: row-wise after `fit`; the ECDF is the training one. Unfitted, every row scores 0.
/// - Complexity: fit O(m log m) per series; score O(rows·n·log m).
public struct ECODDetector: StreamingDetector {
    /// Whether `scores(for:)` fills `perSeries`.
    public let perSeries: Bool
    /// Threads for fitting and scoring (0 = all cores).
    public let threads: Int

    /// Sorted finite training values, all series in one allocation: series `j` at `j·stride ..< j·stride
    /// + sortedCount[j]` (`stride` = training rows).
    private var sortedValues: [Double] = []
    private var sortedCount: [Int] = []
    private var stride = 0
    /// `−log((c + 1)/(mⱼ + 1))` for `c = 0…mⱼ`, per series.
    private var tails: [[Double]] = []
    /// Training medians (imputation values).
    private var medians: [Double] = []
    /// Sample skewness per series.
    public private(set) var skewness: [Double] = []
    /// The training frame and the counts of its own rows (``InSampleCounts``): scoring the training frame
    /// itself (the in-sample use, as PyOD's `decision_scores_`) reads these instead of searching.
    private var training: MetricFrame?
    private var inSampleCounts = InSampleCounts.none

    /// What the fit keeps for scoring the training frame itself.
    private enum InSampleCounts {
        /// Nothing (the training data had missing values).
        case none
        /// Per series and row, `#{train < v}` of the row's value (same layout as `sortedValues`) and, for
        /// series with tied values, `#{train ≤ v}` by row (empty when no two values tie: the count is
        /// then `#{< v} + 1`). Up to ``rankedRowsLimit`` rows.
        case ranks([Int32], tied: [[Int32]])
        /// Per series, the training row of each sorted value (same layout): larger frames, whose tail
        /// table no longer fits the second-level cache and would be read at random from memory.
        case sortedRows([Int32])
    }

    /// Most training rows for which the in-sample counts are kept by row (``InSampleCounts/ranks(_:tied:)``):
    /// the tail table is then 2 MiB at most. (A parameter only so that tests can reach both layouts.)
    let rankedRowsLimit: Int

    /// Series `j`'s sorted finite training values.
    @inline(__always) private func withSorted<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        withSeries(j, of: sortedValues, body)
    }

    /// Series `j`'s part of a per-series array laid out as `sortedValues` (its `sortedCount[j]` entries).
    @inline(__always) private func withSeries<T, R>(_ j: Int, of all: [T], _ body: (UnsafeBufferPointer<T>) -> R) -> R {
        all.withUnsafeBufferPointer { a in body(UnsafeBufferPointer(rebasing: a[(j * stride)..<(j * stride + sortedCount[j])])) }
    }

    /// Creates an unfitted detector.
    public init(perSeries: Bool = true, threads: Int = 0) {
        self.init(perSeries: perSeries, threads: threads, rankedRowsLimit: 1 << 18)
    }

    init(perSeries: Bool, threads: Int, rankedRowsLimit: Int) {
        self.perSeries = perSeries
        self.threads = threads
        self.rankedRowsLimit = rankedRowsLimit
    }

    /// Sorts each series' training values and computes skewness and the tail table.
    ///
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` for a frame without rows or series.
    public mutating func fit(training: MetricFrame) throws {
        let m = training.rows, d = training.columns
        guard m > 0, d > 0 else {
            throw ModelError.insufficientData(what: "ecod", reason: "training needs at least one row and one series, got \(m)×\(d)")
        }
        // One allocation for every series' sorted values and one for their ranks (huge pages where the
        // kernel gives them: a fresh 4 KiB page per 4 KiB written was a tenth of the fit).
        var values = [Double](unsafeUninitializedCapacity: m * d) { b, initialized in
            HugePages.advise(b.baseAddress, bytes: m * d * MemoryLayout<Double>.stride)
            initialized = m * d
        }
        var rows = [Int32](unsafeUninitializedCapacity: m < Int(Int32.max) ? m * d : 0) { b, initialized in
            HugePages.advise(b.baseAddress, bytes: b.count * MemoryLayout<Int32>.stride)
            initialized = b.count
        }
        var counts = [Int](repeating: 0, count: d)
        var skew = [Double](repeating: 0, count: d)
        var med = [Double](repeating: 0, count: d)
        let workers = RowBlockScorer.workers(threads, blocks: d)
        let lock = NSLock()
        // Sliding windows of one series (column j = series[j ..< j + m], the usual way to give a
        // univariate series to a multivariate detector): the series is sorted once and each column's
        // sorted values and rows are read off it (stable, so equal values stay in row order: the
        // same arrays as sorting the column).
        let windowed = Self.slidingWindowSeries(training).flatMap { series -> (values: [Double], positions: [Int32])? in
            guard series.count < Int(Int32.max), series.allSatisfy({ $0.isFinite }) else { return nil }
            return series.withUnsafeBufferPointer { RadixSort.sortedWithPositions($0) }
        }
        var allFinite = !rows.isEmpty
        var ties = [[Int32]](repeating: [], count: d)
        values.withUnsafeMutableBufferPointer { valuesAll in
            rows.withUnsafeMutableBufferPointer { rowsAll in
                ParallelFor.workers(workers) { w in
                    // The training row of each sorted value (turned into counts by row below). Writing the
                    // counts in the sort's gather instead was slower: two random accesses in one loop.
                    let temporary = rowsAll.isEmpty || m > rankedRowsLimit ? 0 : m
                    var sortedRows = [Int32](unsafeUninitializedCapacity: temporary) { _, initialized in initialized = temporary }
                    var scratch = RadixSort.Scratch()
                    var j = w
                    while j < d {
                        let v = UnsafeMutableBufferPointer(rebasing: valuesAll[(j * m)..<((j + 1) * m)])
                        let rank = rowsAll.isEmpty ? nil : UnsafeMutableBufferPointer(rebasing: rowsAll[(j * m)..<((j + 1) * m)])
                        var n = m
                        var sortedFully = false
                        sortedRows.withUnsafeMutableBufferPointer { temporaryRows in
                            // The rows go straight to the kept array when they are kept as they are.
                            guard let rank else { return }
                            let r = temporaryRows.isEmpty ? rank : temporaryRows
                            if let windowed {
                                Self.column(j, of: windowed, into: v, rows: r)
                                sortedFully = true
                            } else {
                                sortedFully = training.withColumn(j) {
                                    RadixSort.sortWithPositionsIfFinite($0, into: v, positions: r, scratch: &scratch)
                                }
                            }
                        }
                        var tied: [Int32] = []
                        if sortedFully, let rank {
                            if !sortedRows.isEmpty {
                                tied = sortedRows.withUnsafeBufferPointer { Self.rankRows(sorted: UnsafeBufferPointer(v), rows: $0, into: rank) }
                            }
                        } else {
                            var finite = training.withColumn(j) { c in c.filter { $0.isFinite } }
                            RadixSort.sort(&finite)
                            n = finite.count
                            _ = UnsafeMutableBufferPointer(rebasing: v[0..<n]).initialize(from: finite)
                        }
                        let column = UnsafeBufferPointer(rebasing: v[0..<n])
                        let g = Self.skewness(column)
                        let median = n == 0 ? 0 : (n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]))
                        lock.lock()
                        counts[j] = n
                        skew[j] = g
                        med[j] = median
                        ties[j] = tied
                        if !sortedFully { allFinite = false }
                        lock.unlock()
                        j += workers
                    }
                }
            }
        }
        // −log((c + 1)/(m + 1)) tables, one per distinct count of finite values (usually one for all
        // series), computed in slices on all workers.
        var tabs = [[Double]](repeating: [], count: d)
        var byCount: [Int: [Double]] = [:]
        for j in 0..<d {
            let n = counts[j]
            if let t = byCount[n] { tabs[j] = t; continue }
            let t = Self.tailTable(count: n, threads: threads)
            byCount[n] = t
            tabs[j] = t
        }
        sortedValues = values
        sortedCount = counts
        stride = m
        inSampleCounts = !allFinite ? .none : (m > rankedRowsLimit ? .sortedRows(rows) : .ranks(rows, tied: ties))
        self.training = allFinite ? training : nil
        tails = tabs
        skewness = skew
        medians = med
    }

    /// Writes `#{sorted < v}` of each row's value into `rank[row]` (from the sorted values and the row of
    /// each); returns `#{sorted ≤ v}` by row when some values tie (equal as `Double`, so −0.0 and +0.0
    /// tie), else an empty array (the count is then the rank plus one).
    static func rankRows(
        sorted v: UnsafeBufferPointer<Double>, rows r: UnsafeBufferPointer<Int32>, into rank: UnsafeMutableBufferPointer<Int32>
    )
        -> [Int32]
    {
        let n = v.count
        var tied = false
        for k in 0..<n {
            rank[Int(r[k])] = Int32(truncatingIfNeeded: k)
            tied = tied || (k > 0 && v[k] == v[k - 1])
        }
        guard tied else { return [] }
        var atMost = [Int32](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && v[end] == v[start] { end += 1 }
            for k in start..<end {
                rank[Int(r[k])] = Int32(truncatingIfNeeded: start)
                atMost[Int(r[k])] = Int32(truncatingIfNeeded: end)
            }
            start = end
        }
        return atMost
    }

    /// Sample skewness (Fisher–Pearson, biased) of `v`: the mean, then the second and third central
    /// moments, each summed in four interleaved partial sums (in a fixed order, so the result does not
    /// depend on threads) to keep the adds from waiting on each other.
    static func skewness(_ x: UnsafeBufferPointer<Double>) -> Double {
        let n = x.count
        guard n > 0 else { return 0 }
        let quads = n / 4
        var s = SIMD4<Double>(repeating: 0)
        for q in 0..<quads { s += SIMD4(x[4 * q], x[4 * q + 1], x[4 * q + 2], x[4 * q + 3]) }
        var total = s.sum()
        for i in (4 * quads)..<n { total += x[i] }
        let mean = total / Double(n)
        var s2 = SIMD4<Double>(repeating: 0), s3 = SIMD4<Double>(repeating: 0)
        let mu = SIMD4<Double>(repeating: mean)
        for q in 0..<quads {
            let e = SIMD4(x[4 * q], x[4 * q + 1], x[4 * q + 2], x[4 * q + 3]) - mu
            let e2 = e * e
            s2 += e2
            s3 += e2 * e
        }
        var m2 = s2.sum(), m3 = s3.sum()
        for i in (4 * quads)..<n {
            let e = x[i] - mean
            m2 += e * e
            m3 += e * e * e
        }
        m2 /= Double(n)
        m3 /= Double(n)
        return m2 > 0 ? m3 / pow(m2, 1.5) : 0
    }

    /// The series a frame of sliding windows was cut from — column `j` equal to `series[j ..< j + rows]`
    /// bit for bit, for every column — or nil (a frame with fewer than two columns or rows is not
    /// treated as windows). Stops at the first value that breaks the pattern.
    static func slidingWindowSeries(_ frame: MetricFrame) -> [Double]? {
        let m = frame.rows, d = frame.columns
        guard d >= 2, m >= 2 else { return nil }
        let isWindows = frame.withUnsafeColumns { src, ld -> Bool in
            guard let base = src.baseAddress else { return false }
            for j in 1..<d {
                let a = base + (j - 1) * ld + 1, b = base + j * ld
                for i in 0..<(m - 1) where a[i].bitPattern != b[i].bitPattern { return false }
            }
            return true
        }
        guard isWindows else { return nil }
        return frame.withUnsafeColumns { src, ld in
            var series = Array(src[0..<m])
            for j in 1..<d { series.append(src[j * ld + m - 1]) }
            return series
        }
    }

    /// Column `j` of the windows (`values.count` rows) as sorted values and their rows, read off the
    /// sorted series: the values at positions `j ..< j + rows`, in the series' order.
    static func column(
        _ j: Int, of sorted: (values: [Double], positions: [Int32]), into v: UnsafeMutableBufferPointer<Double>,
        rows r: UnsafeMutableBufferPointer<Int32>
    ) {
        let m = v.count
        let lo = Int32(j), hi = Int32(j + m)
        var k = 0
        sorted.values.withUnsafeBufferPointer { sv in
            sorted.positions.withUnsafeBufferPointer { sp in
                for q in 0..<sp.count {
                    let p = sp[q]
                    guard p >= lo && p < hi else { continue }
                    v[k] = sv[q]
                    r[k] = p - lo
                    k += 1
                }
            }
        }
        precondition(k == m, "ECOD: a window column must hold exactly its rows")
    }

    /// `−log((c + 1)/(n + 1))` for `c = 0…n`.
    static func tailTable(count n: Int, threads: Int) -> [Double] {
        var t = [Double](repeating: 0, count: n + 1)
        let logM1 = log(Double(n + 1))
        let slices = RowBlockScorer.workers(threads, blocks: (n + 1 + 65_535) / 65_536)
        t.withUnsafeMutableBufferPointer { tp in
            ParallelFor.workers(slices) { w in
                let lo = (n + 1) * w / slices, hi = (n + 1) * (w + 1) / slices
                for c in lo..<hi { tp[c] = logM1 - log(Double(c + 1)) }
            }
        }
        return t
    }

    /// Smallest number of rows per scoring chunk (one worker scores a chunk, all series).
    static let chunkRows = 32_768

    /// Scores every row, with per-series tail scores when enabled.
    ///
    /// Each chunk of rows (one per worker, at least ``chunkRows``) is scored series by series: the chunk's values are sorted
    /// (``RadixSort``) and merged with the sorted training values by galloping search, which gives
    /// the same exact counts as a binary search per value at a fraction of the memory traffic. The
    /// tail scores of a row are summed over series in series order, so a row's score does not depend
    /// on the chunking or the thread count.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the series count differs from training.
    public func scores(for frame: MetricFrame) throws -> DetectorScores {
        guard !medians.isEmpty else { return DetectorScores(scores: [Double](repeating: 0, count: frame.rows)) }
        let d = medians.count
        guard frame.columns == d else {
            throw ModelError.shapeMismatch(model: "ecod", expected: "\(d) series (as in training)", found: "\(frame.columns) series")
        }
        let n = frame.rows
        var out = [Double](repeating: 0, count: n)
        var contrib = perSeries ? [Double](repeating: 0, count: n * d) : []
        // One chunk per worker (at least chunkRows rows): bigger chunks mean shorter gallops.
        let maxWorkers = RowBlockScorer.workers(threads, blocks: (n + Self.chunkRows - 1) / Self.chunkRows)
        let chunkRows = max(Self.chunkRows, (n + maxWorkers - 1) / maxWorkers)
        let chunks = (n + chunkRows - 1) / chunkRows
        let workers = min(maxWorkers, chunks)
        let inSample: Bool
        if case .none = inSampleCounts { inSample = false } else { inSample = training == frame }
        if inSample && !perSeries {
            scoreTraining(into: &out)
            return DetectorScores(scores: out)
        }
        frame.withUnsafeColumns { src, ld in
            out.withUnsafeMutableBufferPointer { scoresOut in
                contrib.withUnsafeMutableBufferPointer { contribOut in
                    ParallelFor.workers(workers) { w in
                        var chunk = w
                        while chunk < chunks {
                            let r0 = chunk * chunkRows
                            let m = min(chunkRows, n - r0)
                            if inSample {
                                scoreTrainingChunk(rows: n, r0: r0, count: m, scores: scoresOut, contributions: perSeries ? contribOut : nil)
                            } else {
                                scoreChunk(
                                    src, leadingDimension: ld, rows: n, r0: r0, count: m, scores: scoresOut,
                                    contributions: perSeries ? contribOut : nil)
                            }
                            chunk += workers
                        }
                    }
                }
            }
        }
        let frameOut = perSeries ? try MetricFrame(rows: n, columns: d, columnMajor: contrib) : nil
        return DetectorScores(scores: out, perSeries: frameOut)
    }

    /// Scores of the training frame itself without contributions, from the counts the fit kept
    /// (``InSampleCounts``).
    private func scoreTraining(into scores: inout [Double]) {
        switch inSampleCounts {
        case .ranks(let ranks, let tied): scoreTraining(ranks: ranks, tied: tied, into: &scores)
        case .sortedRows(let rows): scoreTraining(sortedRows: rows, into: &scores)
        case .none: break
        }
    }

    /// ``scoreTraining(into:)`` from ranks by row: rows in blocks (on all workers), and within a block
    /// series by series, so each row's tail scores are added in series order (as in `scoreChunk`). The
    /// block's sums stay in the first-level cache and only the tail table is read at random.
    private func scoreTraining(ranks: [Int32], tied: [[Int32]], into scores: inout [Double]) {
        let n = scores.count
        let blocks = (n + Self.trainingBlockRows - 1) / Self.trainingBlockRows
        let workers = RowBlockScorer.workers(threads, blocks: (n + Self.chunkRows - 1) / Self.chunkRows)
        scores.withUnsafeMutableBufferPointer { out in
            ParallelFor.workers(workers) { w in
                var sums = [Double](repeating: 0, count: 3 * Self.trainingBlockRows)
                var b = w
                while b < blocks {
                    let r0 = b * Self.trainingBlockRows, count = min(Self.trainingBlockRows, n - r0)
                    sums.withUnsafeMutableBufferPointer { s in
                        trainingSums(ranks: ranks, tied: tied, r0: r0, count: count, into: s, contributions: nil)
                        for i in 0..<count { out[r0 + i] = max(s[i], max(s[count + i], s[2 * count + i])) }
                    }
                    b += workers
                }
            }
        }
    }

    /// Rows per block of ``scoreTraining(into:)`` (three sums of 8 bytes each stay in the L1 cache).
    static let trainingBlockRows = 1024

    /// The three tail sums (left, right, skewness-corrected; `count` each, one after the other in `sums`)
    /// of training rows `r0 ..< r0 + count`, series by series; with `contributions`, each series' left and
    /// right tail scores too (`2·d·count`: series `j`'s left at `2j·count`, right at `(2j + 1)·count`).
    private func trainingSums(
        ranks: [Int32], tied tiedRanks: [[Int32]], r0: Int, count: Int, into sums: UnsafeMutableBufferPointer<Double>,
        contributions: UnsafeMutableBufferPointer<Double>?
    ) {
        let d = medians.count
        for q in 0..<(3 * count) { sums[q] = 0 }
        ranks.withUnsafeBufferPointer { all in
            for j in 0..<d {
                let useLeft = skewness[j] < 0
                let nt = sortedCount[j]
                let less = UnsafeBufferPointer(rebasing: all[(j * stride + r0)..<(j * stride + r0 + count)])
                tails[j].withUnsafeBufferPointer { t in
                    tiedRanks[j].withUnsafeBufferPointer { tied in
                        for i in 0..<count {
                            let below = Int(less[i])
                            let atMost = tied.isEmpty ? below + 1 : Int(tied[r0 + i])
                            let ul = t[atMost], ur = t[nt - below]
                            sums[i] += ul
                            sums[count + i] += ur
                            sums[2 * count + i] += useLeft ? ul : ur
                            if let contributions {
                                contributions[2 * j * count + i] = ul
                                contributions[(2 * j + 1) * count + i] = ur
                            }
                        }
                    }
                }
            }
        }
    }

    /// `scoreChunk` for rows of the training frame itself: the counts come from the fit's ranks, and the
    /// tail scores are added in the same series order, so the result is bit-identical.
    private func scoreTrainingChunk(
        rows n: Int, r0: Int, count m: Int,
        scores: UnsafeMutableBufferPointer<Double>, contributions: UnsafeMutableBufferPointer<Double>?
    ) {
        switch inSampleCounts {
        case .ranks(let ranks, let tied):
            scoreTrainingChunk(ranks: ranks, tied: tied, rows: n, r0: r0, count: m, scores: scores, contributions: contributions)
        case .sortedRows(let rows):
            scoreTrainingChunk(sortedRows: rows, rows: n, r0: r0, count: m, scores: scores, contributions: contributions)
        case .none: break
        }
    }

    private func scoreTrainingChunk(
        ranks: [Int32], tied: [[Int32]], rows n: Int, r0: Int, count m: Int,
        scores: UnsafeMutableBufferPointer<Double>, contributions: UnsafeMutableBufferPointer<Double>?
    ) {
        let d = medians.count
        var sums = [Double](repeating: 0, count: 3 * m)
        var leftRight = [Double](repeating: 0, count: contributions == nil ? 0 : 2 * d * m)
        sums.withUnsafeMutableBufferPointer { s in
            leftRight.withUnsafeMutableBufferPointer { lr in
                trainingSums(ranks: ranks, tied: tied, r0: r0, count: m, into: s, contributions: contributions == nil ? nil : lr)
            }
        }
        for i in 0..<m { scores[r0 + i] = max(sums[i], max(sums[m + i], sums[2 * m + i])) }
        if let contributions {
            for i in 0..<m {
                for j in 0..<d {
                    contributions[j * n + r0 + i] = winningTail(
                        j, sums: sums[i], sums[m + i], sums[2 * m + i], ul: leftRight[2 * j * m + i], ur: leftRight[(2 * j + 1) * m + i])
                }
            }
        }
    }

    /// ``scoreTraining(into:)`` for a frame of more than ``rankedRowsLimit`` rows: series by series (so each row's
    /// tail scores are added in series order, as in `scoreChunk`), every worker walks a part of the
    /// series' sorted values (split at runs of equal values) and adds the run's tail scores to the
    /// rows the fit's sort recorded — a permutation, so the workers touch disjoint rows. The three
    /// sums of a row sit together in one 32-byte slot, so each value costs one cache-line access.
    private func scoreTraining(sortedRows: [Int32], into scores: inout [Double]) {
        let d = medians.count, n = scores.count
        var acc = [Double](repeating: 0, count: 4 * n)
        let workers = RowBlockScorer.workers(threads, blocks: (n + Self.chunkRows - 1) / Self.chunkRows)
        acc.withUnsafeMutableBufferPointer { accBuffer in
            guard let a = accBuffer.baseAddress else { return }
            for j in 0..<d {
                let useLeft = skewness[j] < 0
                withSorted(j) { sp in
                    withSeries(j, of: sortedRows) { rp in
                        tails[j].withUnsafeBufferPointer { t in
                            let nt = sp.count
                            ParallelFor.workers(workers) { w in
                                // This worker's part: from the first run starting at or after w·nt/W.
                                @inline(__always) func runStart(_ p: Int) -> Int {
                                    var q = p
                                    while q > 0 && q < nt && sp[q] == sp[q - 1] { q += 1 }
                                    return q
                                }
                                var start = runStart(nt * w / workers)
                                let stop = runStart(nt * (w + 1) / workers)
                                while start < stop {
                                    var end = start + 1
                                    while end < nt && sp[end] == sp[start] { end += 1 }
                                    let ul = t[end], ur = t[nt - start]
                                    let us = useLeft ? ul : ur
                                    for k in start..<end {
                                        let slot = a + 4 * Int(rp[k])
                                        slot[0] += ul
                                        slot[1] += ur
                                        slot[2] += us
                                    }
                                    start = end
                                }
                            }
                        }
                    }
                }
            }
            scores.withUnsafeMutableBufferPointer { out in
                for i in 0..<n { out[i] = max(a[4 * i], max(a[4 * i + 1], a[4 * i + 2])) }
            }
        }
    }

    /// ``scoreTrainingChunk(rows:r0:count:scores:contributions:)`` for a frame of more than ``rankedRowsLimit``
    /// rows: the counts come from one walk over each
    /// series' sorted training values (runs of equal values share `#{< v}` and `#{≤ v}`), and the
    /// tail scores are added in the same series order, so the result is bit-identical.
    private func scoreTrainingChunk(
        sortedRows: [Int32], rows n: Int, r0: Int, count m: Int,
        scores: UnsafeMutableBufferPointer<Double>, contributions: UnsafeMutableBufferPointer<Double>?
    ) {
        let d = medians.count
        var sumL = [Double](repeating: 0, count: m), sumR = [Double](repeating: 0, count: m), sumS = [Double](repeating: 0, count: m)
        var left = [Double](repeating: 0, count: contributions == nil ? 0 : m * d)
        var right = left
        let lo = Int32(r0), hi = Int32(r0 + m)
        for j in 0..<d {
            let useLeft = skewness[j] < 0
            withSorted(j) { sp in
                withSeries(j, of: sortedRows) { rp in
                    tails[j].withUnsafeBufferPointer { t in
                        sumL.withUnsafeMutableBufferPointer { l in
                            sumR.withUnsafeMutableBufferPointer { r in
                                sumS.withUnsafeMutableBufferPointer { sk in
                                    let nt = sp.count
                                    var start = 0
                                    while start < nt {
                                        var end = start + 1
                                        while end < nt && sp[end] == sp[start] { end += 1 }
                                        let ul = t[end], ur = t[nt - start]
                                        for k in start..<end {
                                            let row = rp[k]
                                            guard row >= lo && row < hi else { continue }
                                            let i = Int(row - lo)
                                            l[i] += ul
                                            r[i] += ur
                                            sk[i] += useLeft ? ul : ur
                                            if contributions != nil {
                                                left[j * m + i] = ul
                                                right[j * m + i] = ur
                                            }
                                        }
                                        start = end
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<m { scores[r0 + i] = max(sumL[i], max(sumR[i], sumS[i])) }
        if let contributions {
            for i in 0..<m {
                for j in 0..<d {
                    contributions[j * n + r0 + i] = winningTail(j, sums: sumL[i], sumR[i], sumS[i], ul: left[j * m + i], ur: right[j * m + i])
                }
            }
        }
    }

    /// Series `j`'s tail score in the winning sum of a row whose three sums are `left`, `right` and
    /// `skewed` (the first of the largest, in that order), from its left and right tail scores.
    @inline(__always) private func winningTail(
        _ j: Int, sums left: Double, _ right: Double, _ skewed: Double, ul: Double, ur: Double
    )
        -> Double
    {
        if left >= right && left >= skewed { return ul }
        if right >= skewed { return ur }
        return skewness[j] < 0 ? ul : ur
    }

    private func scoreChunk(
        _ src: UnsafeBufferPointer<Double>, leadingDimension ld: Int, rows n: Int, r0: Int, count m: Int,
        scores: UnsafeMutableBufferPointer<Double>, contributions: UnsafeMutableBufferPointer<Double>?
    ) {
        let d = medians.count
        var sumL = [Double](repeating: 0, count: m), sumR = [Double](repeating: 0, count: m), sumS = [Double](repeating: 0, count: m)
        var left = [Double](repeating: 0, count: contributions == nil ? 0 : m * d)
        var right = left
        var values = [Double](repeating: 0, count: m)
        for j in 0..<d {
            let fill = medians[j]
            for i in 0..<m {
                let v = src[j * ld + r0 + i]
                values[i] = v.isFinite ? v : fill
            }
            let (queries, positions) = values.withUnsafeBufferPointer { RadixSort.sortedWithPositions($0) }
            let useLeft = skewness[j] < 0
            let nt = sortedCount[j]
            guard nt > 0 else { continue }  // no finite training values: every tail is −log(1/1) = 0
            withSorted(j) { sp in
                tails[j].withUnsafeBufferPointer { tp in
                    queries.withUnsafeBufferPointer { qp in
                        positions.withUnsafeBufferPointer { pp in
                            sumL.withUnsafeMutableBufferPointer { sl in
                                sumR.withUnsafeMutableBufferPointer { sr in
                                    sumS.withUnsafeMutableBufferPointer { ss in
                                        left.withUnsafeMutableBufferPointer { lb in
                                            right.withUnsafeMutableBufferPointer { rb in
                                                guard let a = sp.baseAddress, let t = tp.baseAddress, let q = qp.baseAddress,
                                                    let pos = pp.baseAddress, let l = sl.baseAddress, let r = sr.baseAddress,
                                                    let sk = ss.baseAddress
                                                else { return }
                                                let keep = contributions != nil
                                                var less = 0
                                                for k in 0..<m {
                                                    let v = q[k]
                                                    less = Self.gallop(a, nt, from: less, v, orEqual: false)
                                                    let lessEq = less < nt && a[less] == v ? Self.gallop(a, nt, from: less, v, orEqual: true) : less
                                                    let ul = t[lessEq], ur = t[nt - less]
                                                    let i = Int(pos[k])
                                                    l[i] += ul
                                                    r[i] += ur
                                                    sk[i] += useLeft ? ul : ur
                                                    if keep {
                                                        lb[j * m + i] = ul
                                                        rb[j * m + i] = ur
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<m { scores[r0 + i] = max(sumL[i], max(sumR[i], sumS[i])) }
        if let contributions {
            for i in 0..<m {
                for j in 0..<d {
                    let missing = !src[j * ld + r0 + i].isFinite
                    contributions[j * n + r0 + i] =
                        missing ? 0 : winningTail(j, sums: sumL[i], sumR[i], sumS[i], ul: left[j * m + i], ur: right[j * m + i])
                }
            }
        }
    }

    /// Scores one row (binary searches give the same counts as the batch merge).
    public mutating func observe(_ row: UnsafeBufferPointer<Double>) -> Double {
        guard !medians.isEmpty, row.count == medians.count else { return 0 }
        var sumL = 0.0, sumR = 0.0, sumS = 0.0
        for j in 0..<medians.count {
            let v = row[j].isFinite ? row[j] : medians[j]
            let useLeft = skewness[j] < 0
            withSorted(j) { sp in
                tails[j].withUnsafeBufferPointer { tp in
                    let nt = sp.count
                    guard let a = sp.baseAddress, nt > 0 else { return }
                    let less = Self.countLess(a, nt, v)
                    let lessEq = less < nt && a[less] == v ? Self.countLessOrEqual(a, nt, v) : less
                    let ul = tp[lessEq], ur = tp[nt - less]
                    sumL += ul
                    sumR += ur
                    sumS += useLeft ? ul : ur
                }
            }
        }
        return max(sumL, max(sumR, sumS))
    }

    /// The smallest index `≥ p` whose value is not `< v` (not `≤ v` when `orEqual`), by galloping
    /// from `p`; every index below `p` must already satisfy the predicate.
    @inline(__always)
    static func gallop(_ a: UnsafePointer<Double>, _ n: Int, from p: Int, _ v: Double, orEqual: Bool) -> Int {
        @inline(__always) func below(_ x: Double) -> Bool { orEqual ? x <= v : x < v }
        if p >= n || !below(a[p]) { return p }
        var lo = p, step = 1, hi = p + 1
        while hi < n && below(a[hi]) {
            lo = hi
            step <<= 1
            hi = lo + step
        }
        if hi > n { hi = n }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if below(a[mid]) { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// Number of values `< v` in `a` (branch-free binary search).
    @inline(__always)
    static func countLess(_ a: UnsafePointer<Double>, _ n: Int, _ v: Double) -> Int {
        guard n > 0 else { return 0 }
        var base = 0, len = n
        while len > 1 {
            let half = len >> 1
            base = a[base + half - 1] < v ? base + half : base
            len -= half
        }
        return base + (a[base] < v ? 1 : 0)
    }

    /// Number of values `≤ v` in `a` (branch-free binary search).
    @inline(__always)
    static func countLessOrEqual(_ a: UnsafePointer<Double>, _ n: Int, _ v: Double) -> Int {
        guard n > 0 else { return 0 }
        var base = 0, len = n
        while len > 1 {
            let half = len >> 1
            base = a[base + half - 1] <= v ? base + half : base
            len -= half
        }
        return base + (a[base] <= v ? 1 : 0)
    }
}
