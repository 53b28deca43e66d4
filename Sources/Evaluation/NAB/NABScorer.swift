import Foundation

/// The Numenta Anomaly Benchmark scorer, reproduced exactly (METRICS §4).
///
/// Rows `i < p = min(⌊0.15n⌋, 750)` are removed first. Each remaining row gets a value `v_i`: inside
/// window k (width w) `A_TP·σ(−(r_k − i + 1)/w)/σ(−1)`; outside before any window `−A_FP`; outside after
/// window k (nearest on the left) `A_FP·σ((i − r_k)/(w − 1))`, with `σ(y) = 2/(1 + e^{5y}) − 1` (−1 for
/// y > 3). At θ a window scores the value of its first detection or `−A_FN`; detections outside windows add
/// their `v_i`; later detections inside a window and true negatives add nothing.
///
/// The corpus threshold sweep sorts every scored value once (descending, stable) and updates the score
/// incrementally, equal scores entering together; the best θ is the highest among ties, 1.1 (no detection)
/// being the first candidate. The sweep gives an in-sample optimum.
public struct NABScorer: Sendable {
    /// The corpus files, in the order given.
    public let files: [NABFile]
    /// Total number of windows |W|.
    public let windowCount: Int
    /// Total rows, probation included.
    public let rowCount: Int
    /// Rows after probation.
    public let scoredRowCount: Int
    /// Scored rows inside windows.
    public let windowRowCount: Int

    // Flattened scored rows (after probation), file after file.
    private let rowScore: [Double]
    /// σ-part of v_i: `σ(y)/σ(−1)` inside windows, `σ(y)` after a window, −1 before any window.
    private let rowUnit: [Double]
    /// Global window index of the row, or −1 outside windows.
    private let rowWindow: [Int32]
    /// Start offset of each file in the flattened arrays (count + 1 entries).
    private let fileOffset: [Int]

    /// `σ(y) = 2/(1 + e^{5y}) − 1` for y ≤ 3, else −1.
    public static func sigmoid(_ y: Double) -> Double {
        y > 3 ? -1 : 2 * (1 / (1 + exp(5 * y))) - 1
    }

    /// Validates the files and precomputes every scored row's value.
    ///
    /// - Throws: `EvaluationError.scoreOutOfRange` / `.nonFiniteScore` for a bad score,
    ///   `EvaluationError.invalidWindow` for a window that is out of range, unsorted, overlapping, one row
    ///   wide, or starts inside the probationary period.
    public init(files: [NABFile]) throws {
        var scoresOut: [Double] = [], units: [Double] = [], windowIds: [Int32] = []
        var offsets: [Int] = [0]
        var windowTotal = 0, rows = 0, windowRows = 0
        let sigmaMinus1 = NABScorer.sigmoid(-1)
        for file in files {
            let n = file.rowCount
            try file.scores.withUnsafeBufferPointer { s in
                for i in 0..<n {
                    let x = s[i]
                    if x.isNaN || x.isInfinite { throw EvaluationError.nonFiniteScore(series: file.name, row: i, value: x) }
                    if x < 0 || x > 1 { throw EvaluationError.scoreOutOfRange(series: file.name, row: i, value: x) }
                }
            }
            let p = NABFile.probationRows(rowCount: n)
            var prevEnd = -1
            for (k, w) in file.windows.enumerated() {
                if w.start < 0 || w.end >= n {
                    throw EvaluationError.invalidWindow(series: file.name, window: k, reason: "rows \(w) outside 0…\(n - 1)")
                }
                if w.start <= prevEnd {
                    throw EvaluationError.invalidWindow(series: file.name, window: k, reason: "rows \(w) overlap or precede the previous window")
                }
                if w.count < 2 {
                    throw EvaluationError.invalidWindow(
                        series: file.name, window: k, reason: "one-row window at row \(w.start) (NAB needs width ≥ 2)")
                }
                if w.start < p {
                    throw EvaluationError.invalidWindow(
                        series: file.name, window: k, reason: "starts at row \(w.start), inside the probationary period (first \(p) rows)")
                }
                prevEnd = w.end
            }
            scoresOut.reserveCapacity(scoresOut.count + n - p)
            var k = 0  // next window not yet passed
            for i in p..<max(p, n) {
                while k < file.windows.count && file.windows[k].end < i { k += 1 }
                scoresOut.append(file.scores[i])
                if k < file.windows.count && file.windows[k].start <= i {
                    let w = file.windows[k]
                    let y = -Double(w.end - i + 1) / Double(w.count)
                    units.append(NABScorer.sigmoid(y) / sigmaMinus1)
                    windowIds.append(Int32(windowTotal + k))
                    windowRows += 1
                } else if k > 0 {
                    let w = file.windows[k - 1]
                    let y = Double(i - w.end) / Double(w.count - 1)
                    units.append(NABScorer.sigmoid(y))
                    windowIds.append(-1)
                } else {
                    units.append(-1)
                    windowIds.append(-1)
                }
            }
            windowTotal += file.windows.count
            rows += n
            offsets.append(scoresOut.count)
        }
        self.files = files
        self.windowCount = windowTotal
        self.rowCount = rows
        self.scoredRowCount = scoresOut.count
        self.windowRowCount = windowRows
        self.rowScore = scoresOut
        self.rowUnit = units
        self.rowWindow = windowIds
        self.fileOffset = offsets
    }

    /// Scores the corpus for `profile` at `threshold` (`a_i ≥ θ` detects; any θ is valid).
    ///
    /// - Complexity: O(scored rows).
    public func score(profile: NABProfile, threshold: Double) -> NABScore {
        var fileScores: [NABFileScore] = []
        fileScores.reserveCapacity(files.count)
        var total = 0.0, tp = 0, fp = 0, fn = 0, tn = 0
        var windowBase = 0
        rowScore.withUnsafeBufferPointer { s in
            rowUnit.withUnsafeBufferPointer { u in
                rowWindow.withUnsafeBufferPointer { wid in
                    for (f, file) in files.enumerated() {
                        var best = [Double](repeating: -.infinity, count: file.windows.count)
                        var fpSum = 0.0
                        var ftp = 0, ffp = 0, ffn = 0, ftn = 0
                        for r in fileOffset[f]..<fileOffset[f + 1] {
                            let detected = s[r] >= threshold
                            let w = Int(wid[r])
                            if w >= 0 {
                                if detected {
                                    ftp += 1
                                    let v = profile.tpWeight * u[r]
                                    if v > best[w - windowBase] { best[w - windowBase] = v }
                                } else {
                                    ffn += 1
                                }
                            } else if detected {
                                ffp += 1
                                fpSum += profile.fpWeight * u[r]
                            } else {
                                ftn += 1
                            }
                        }
                        var sf = 0.0, credit = 0.0, hits = 0
                        for b in best {
                            if b == -.infinity { sf -= profile.fnWeight } else { sf += b; credit += b / profile.tpWeight; hits += 1 }
                        }
                        sf += fpSum
                        fileScores.append(
                            NABFileScore(
                                name: file.name, score: sf, tp: ftp, fp: ffp, fn: ffn, tn: ftn,
                                windowsDetected: hits, creditSum: credit))
                        total += sf
                        tp += ftp; fp += ffp; fn += ffn; tn += ftn
                        windowBase += file.windows.count
                    }
                }
            }
        }
        return NABScore(
            profile: profile, threshold: threshold, rawScore: total,
            nullScore: -profile.fnWeight * Double(windowCount),
            perfectScore: profile.tpWeight * Double(windowCount),
            tp: tp, fp: fp, fn: fn, tn: tn, files: fileScores)
    }

    /// The scored rows' order by descending score (stable: equal scores keep row order).
    ///
    /// - Complexity: O(N log N); shared by every profile's sweep.
    public func descendingOrder() -> [Int32] {
        struct Key { var score: Double; var index: Int32 }
        var keys = [Key]()
        keys.reserveCapacity(rowScore.count)
        for i in 0..<rowScore.count { keys.append(Key(score: rowScore[i], index: Int32(i))) }
        keys.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return keys.map(\.index)
    }

    /// The best threshold for `profile` by an exhaustive sweep over every distinct scored value
    /// (candidate 1.1 first, ties → highest θ), and the corpus scored at it.
    ///
    /// - Parameter order: `descendingOrder()`, computed once and shared between profiles.
    /// - Complexity: O(N) given the order.
    public func optimize(profile: NABProfile, order: [Int32]) -> NABScore {
        var best = [Double](repeating: -.infinity, count: windowCount)
        var s = -profile.fnWeight * Double(windowCount)
        var bestS = s
        var bestTheta = 1.1
        rowScore.withUnsafeBufferPointer { sc in
            rowUnit.withUnsafeBufferPointer { u in
                rowWindow.withUnsafeBufferPointer { wid in
                    order.withUnsafeBufferPointer { o in
                        best.withUnsafeMutableBufferPointer { b in
                            var i = 0
                            let count = o.count
                            while i < count {
                                let theta = sc[Int(o[i])]
                                while i < count {
                                    let r = Int(o[i])
                                    if sc[r] != theta { break }
                                    let w = Int(wid[r])
                                    if w >= 0 {
                                        let v = profile.tpWeight * u[r]
                                        if b[w] == -.infinity {
                                            s += v + profile.fnWeight
                                            b[w] = v
                                        } else if v > b[w] {
                                            s += v - b[w]
                                            b[w] = v
                                        }
                                    } else {
                                        s += profile.fpWeight * u[r]
                                    }
                                    i += 1
                                }
                                if s > bestS {
                                    bestS = s
                                    bestTheta = theta
                                }
                            }
                        }
                    }
                }
            }
        }
        return score(profile: profile, threshold: bestTheta)
    }

    /// `optimize(profile:order:)` with its own sort.
    public func optimize(profile: NABProfile) -> NABScore {
        optimize(profile: profile, order: descendingOrder())
    }
}
