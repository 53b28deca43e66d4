import Telemetry

/// A held-out estimate of a detector's NAB score: the corpus threshold is chosen on one half of the files
/// and the other half is scored at it (METRICS §4 calls the corpus sweep an in-sample optimum; this is the
/// out-of-sample check docs/NAB.md reports).
///
/// `splits` seeded random halves (Fisher–Yates with SplitMix64 seeded by the split index, ⌊F/2⌋ files in
/// the first half), each used both ways: θ* by the exhaustive sweep on one half, the normalised score of
/// the other half at θ*. Folds whose held-out half has no window (normalisation undefined) are excluded
/// and counted. The splits differ from `docs/nab_cv.py`'s (Python's generator), so figures agree with it
/// in spirit, not digit for digit.
public struct NABHeldOut: Sendable {
    /// The profile.
    public var profile: NABProfile
    /// Normalised held-out scores of the folds that are defined, in split/fold order.
    public var folds: [Double]
    /// Folds excluded because their held-out half has no window.
    public var undefinedFolds: Int

    /// Mean of the defined folds; undefined when there is none.
    public var mean: MetricValue {
        folds.isEmpty ? .undefined("no held-out half has a window") : .defined(folds.reduce(0, +) / Double(folds.count))
    }

    /// Evaluates every profile on the same splits.
    ///
    /// - Parameters:
    ///   - files: the corpus files in corpus order.
    ///   - profiles: the profiles.
    ///   - splits: number of random halves (each gives two folds).
    /// - Throws: `EvaluationError.invalidParameter` with fewer than two files or `splits < 1`; the
    ///   scorer's errors for invalid files.
    /// - Complexity: O(splits · N log N) for N scored rows.
    public static func evaluate(files: [NABFile], profiles: [NABProfile], splits: Int = 5) throws -> [NABHeldOut] {
        guard files.count >= 2 else {
            throw EvaluationError.invalidParameter(name: "files", reason: "a held-out threshold needs at least two files, got \(files.count)")
        }
        guard splits >= 1 else { throw EvaluationError.invalidParameter(name: "splits", reason: "must be at least 1, got \(splits)") }
        var out = profiles.map { NABHeldOut(profile: $0, folds: [], undefinedFolds: 0) }
        for split in 0..<splits {
            let (a, b) = halves(count: files.count, seed: UInt64(split))
            let first = try NABScorer(files: a.map { files[$0] })
            let second = try NABScorer(files: b.map { files[$0] })
            let firstOrder = first.descendingOrder(), secondOrder = second.descendingOrder()
            for (p, profile) in profiles.enumerated() {
                for (train, trainOrder, test) in [(first, firstOrder, second), (second, secondOrder, first)] {
                    let theta = train.optimize(profile: profile, order: trainOrder).threshold
                    if let v = test.score(profile: profile, threshold: theta).normalizedScore.value {
                        out[p].folds.append(v)
                    } else {
                        out[p].undefinedFolds += 1
                    }
                }
            }
        }
        return out
    }

    /// The file indices of a seeded random split into halves, each in corpus order.
    static func halves(count: Int, seed: UInt64) -> ([Int], [Int]) {
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        for i in stride(from: count - 1, to: 0, by: -1) {
            let z = rng.next()
            let j = Int(z % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let half = count / 2
        return (order[..<half].sorted(), order[half...].sorted())
    }
}
