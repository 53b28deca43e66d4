import Foundation
import LinearAlgebra
import Telemetry
import Testing

@testable import Models

/// Behaviour of the multivariate detectors beyond the registry-wide contract.
@Suite struct MultivariateDetectorTests {
    /// Four series driven by one latent factor: b ≈ a, c ≈ −a, d ≈ 0.5·a (plus small noise).
    static func correlated(rows: Int, seed: UInt64) throws -> MetricFrame {
        var rng = SeededGenerator(seed: seed)
        var cols = [[Double]](repeating: [], count: 4)
        for _ in 0..<rows {
            let a = 3 * rng.nextGaussian()
            cols[0].append(10 + a)
            cols[1].append(20 + a + 0.1 * rng.nextGaussian())
            cols[2].append(5 - a + 0.1 * rng.nextGaussian())
            cols[3].append(0.5 * a + 0.1 * rng.nextGaussian())
        }
        return try MetricFrame(columns: cols)
    }

    /// The test frame of `correlated` with rows 40..<45 broken: b moves against a, inside b's usual range.
    static func brokenCorrelation() throws -> (frame: MetricFrame, anomalous: Range<Int>) {
        var f = try correlated(rows: 120, seed: 8)
        for r in 40..<45 {
            let a = f[r, 0] - 10
            f[r, 1] = 20 - a  // |b − 20| stays what it was: the marginal range is unchanged
        }
        return (f, 40..<45)
    }

    @Test(arguments: ["pca", "mahalanobis"])
    func aRowThatBreaksTheCorrelationButNotTheRangesOutscoresEveryNormalRow(_ name: String) throws {
        var d = try ModelRegistry.standard.make(name: name, seed: 1)
        try d.fit(training: try Self.correlated(rows: 2000, seed: 7))
        let (frame, bad) = try Self.brokenCorrelation()
        let s = try d.scores(for: frame)
        let normalMax = s.scores.indices.filter { !bad.contains($0) }.map { s.scores[$0] }.max() ?? 0
        for r in bad where abs(frame[r, 0] - 10) > 1 {
            #expect(s.scores[r] > normalMax, "\(name) row \(r): \(s.scores[r]) vs normal max \(normalMax)")
            // The broken series carries the largest squared residual (PCA); with Mahalanobis the
            // correlated partner it moved against shares the blame, so it is among the top two.
            let contrib = try #require(s.perSeries).row(r)
            let rank = contrib.filter { $0 > contrib[1] }.count
            #expect(rank <= (name == "pca" ? 0 : 1), "\(name) row \(r): \(contrib)")
        }
        // A per-series z-score against training does not see it: every value is within 3σ of its mean.
        for r in bad {
            #expect(abs(frame[r, 1] - 20) < 3 * 3 + 1)
        }
    }

    @Test func theQLimitFlagsAboutAlphaOfFreshNormalRowsAndTheBrokenRows() throws {
        var pca = PCADetector(components: 1, alpha: 0.01)
        try pca.fit(training: try Self.correlated(rows: 4000, seed: 3))
        #expect(pca.components == 1)
        #expect(pca.qLimit > 0)
        let fresh = try pca.scores(for: try Self.correlated(rows: 4000, seed: 4)).scores
        let rate = Double(fresh.filter { $0 > pca.qLimit }.count) / Double(fresh.count)
        #expect(rate < 0.03, "false-alarm rate \(rate)")
        let (frame, bad) = try Self.brokenCorrelation()
        let s = try pca.scores(for: frame).scores
        for r in bad where abs(frame[r, 0] - 10) > 1 { #expect(s[r] > pca.qLimit) }
    }

    @Test func pcaPerSeriesSquaredResidualsSumToTheScore() throws {
        var pca = PCADetector(components: 2)
        try pca.fit(training: try Self.correlated(rows: 500, seed: 3))
        let s = try pca.scores(for: try Self.correlated(rows: 50, seed: 5))
        let p = try #require(s.perSeries)
        for r in 0..<50 {
            #expect(abs(p.row(r).reduce(0, +) - s.scores[r]) <= 1e-12 * max(1, s.scores[r]))
        }
    }

    @Test func mahalanobisEqualsTheQuadraticFormWithTheRegularisedCovariance() throws {
        let train = try Self.correlated(rows: 300, seed: 9)
        var m = MahalanobisDetector(ridge: 0)
        try m.fit(training: train)
        // Reference: sample covariance and a dense solve.
        let d = train.columns, n = train.rows
        let mu = (0..<d).map { j in train.column(j).reduce(0, +) / Double(n) }
        var cov = Matrix.zeros(rows: d, columns: d)
        for i in 0..<d {
            for j in 0..<d {
                var s = 0.0
                for r in 0..<n { s += (train[r, i] - mu[i]) * (train[r, j] - mu[j]) }
                cov[i, j] = s / Double(n - 1)
            }
        }
        let test = try Self.correlated(rows: 20, seed: 10)
        let s = try m.scores(for: test)
        for r in 0..<20 {
            let xc = (0..<d).map { test[r, $0] - mu[$0] }
            let y = try Matrix.solve(cov, xc)
            let t2 = zip(xc, y).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(s.scores[r] - t2) <= 1e-6 * max(1, t2), "row \(r): \(s.scores[r]) vs \(t2)")
            let contrib = try #require(s.perSeries).row(r)
            #expect(abs(contrib.reduce(0, +) - s.scores[r]) <= 1e-9 * max(1, t2))
        }
    }

    @Test func aMissingValueIsImputedAndItsContributionIsZero() throws {
        for name in ["pca", "mahalanobis", "ecod"] {
            var d = try ModelRegistry.standard.make(name: name, seed: 1)
            try d.fit(training: try Self.correlated(rows: 400, seed: 3))
            var f = try Self.correlated(rows: 10, seed: 4)
            f[3, 2] = .nan
            let s = try d.scores(for: f)
            #expect(s.scores.allSatisfy { $0.isFinite }, "\(name)")
            #expect(try #require(s.perSeries)[3, 2] == 0, "\(name)")
        }
    }

    // MARK: kNN

    static func uniform(rows: Int, columns: Int, seed: UInt64) throws -> MetricFrame {
        var rng = SeededGenerator(seed: seed)
        return try MetricFrame(rows: rows, columns: columns, columnMajor: (0..<(rows * columns)).map { _ in 100 + 10 * rng.nextUniform() })
    }

    /// Brute force: squared distances to every training row, sorted (ties by index).
    static func bruteForce(_ train: MetricFrame, _ test: MetricFrame, row r: Int) -> [(Double, Int)] {
        (0..<train.rows).map { i in
            (
                (0..<train.columns).reduce(0.0) { s, j in
                    let e = test[r, j] - train[i, j]
                    return s + e * e
                }, i
            )
        }.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    }

    @Test(arguments: [(300, 4, 5), (5000, 3, 7)])
    func knnFindsExactlyTheBruteForceNeighbours(_ shape: (Int, Int, Int)) throws {
        let (rows, columns, k) = shape
        let train = try Self.uniform(rows: rows, columns: columns, seed: 21)
        // Queries: fresh points plus a few training rows (their nearest neighbour is themselves).
        var test = try Self.uniform(rows: 300, columns: columns, seed: 22)
        for r in 0..<5 { for j in 0..<columns { test[r, j] = train[r * 7, j] } }
        var knn = KNNDetector(k: k)
        try knn.fit(training: train)
        let found = try knn.neighbours(for: test)
        let scores = try knn.scores(for: test).scores
        for r in 0..<test.rows {
            let ref = Self.bruteForce(train, test, row: r)
            #expect(found[r] == ref.prefix(k).map(\.1), "row \(r)")
            #expect(abs(scores[r] - ref[k - 1].0.squareRoot()) <= 1e-9, "row \(r)")
        }
        #expect(found[0].first == 0 && scores[0] > 0)
    }

    /// Two clusters of 64 rows at ±10⁴ (so the centred values are large) whose members differ by
    /// multiples of 2⁻¹⁶: every distance is exact in Double, while Float (spacing 2⁻¹⁰ at 10⁴) sees
    /// the rows of a cluster as one point.
    static func nearTies() throws -> (train: MetricFrame, test: MetricFrame) {
        var cols = [[Double]](repeating: [], count: 3)
        for sign in [1.0, -1.0] {
            for i in 0..<64 {
                let a = Double(i % 8) * 0x1p-16, b = Double((i * 5) % 8) * 0x1p-16
                cols[0].append(sign * (1e4 + a))
                cols[1].append(sign * (1e4 - b))
                cols[2].append(sign * 1e4)
            }
        }
        let train = try MetricFrame(columns: cols)
        var test = [[Double]](repeating: [], count: 3)
        for q in 0..<16 {
            test[0].append(1e4 + Double(q % 9) * 0x1p-17)
            test[1].append(1e4 - Double(q / 2) * 0x1p-17)
            test[2].append(1e4 + Double(q % 3) * 0x1p-16)
        }
        // One query far outside the training range (scaled norm too large for Float: brute force).
        test[0].append(1e25); test[1].append(0); test[2].append(-3)
        return (train, try MetricFrame(columns: test))
    }

    @Test(arguments: [1, 5, 12])
    func knnOrdersNearTiesThatSinglePrecisionCannotSeparateExactly(_ k: Int) throws {
        let (train, test) = try Self.nearTies()
        // The premise: in Float the distances of the first cluster collide, in Double they are distinct or exact ties.
        let q0 = (0..<3).map { Float(test[0, $0]) }
        let floatDistances = Set(
            (0..<64).map { i in
                (0..<3).reduce(Float(0)) { s, j in
                    let e = q0[j] - Float(train[i, j])
                    return s + e * e
                }
            })
        #expect(floatDistances.count < 8)
        var knn = KNNDetector(k: k)
        try knn.fit(training: train)
        let found = try knn.neighbours(for: test)
        let scores = try knn.scores(for: test).scores
        for r in 0..<test.rows {
            let ref = Self.bruteForce(train, test, row: r)
            #expect(found[r] == ref.prefix(k).map(\.1), "row \(r)")
            #expect(scores[r] == ref[k - 1].0.squareRoot(), "row \(r)")
        }
        // Streaming one row at a time gives the same scores.
        var streaming = KNNDetector(k: k)
        try streaming.fit(training: train)
        for r in 0..<test.rows {
            let row = (0..<3).map { test[r, $0] }
            #expect(row.withUnsafeBufferPointer { streaming.observe($0) } == scores[r], "row \(r)")
        }
    }

    @Test func knnMeanAggregateAveragesTheKDistances() throws {
        let train = try Self.uniform(rows: 200, columns: 3, seed: 1)
        let test = try Self.uniform(rows: 20, columns: 3, seed: 2)
        var knn = KNNDetector(k: 4, aggregate: .mean)
        try knn.fit(training: train)
        let s = try knn.scores(for: test).scores
        for r in 0..<20 {
            let ref = Self.bruteForce(train, test, row: r).prefix(4).map { $0.0.squareRoot() }.reduce(0, +) / 4
            #expect(abs(s[r] - ref) <= 1e-9)
        }
    }

    // MARK: Isolation Forest

    @Test func isolationForestGivesTheSameScoresForAnyThreadCount() throws {
        let train = try Self.correlated(rows: 3000, seed: 31)
        let test = try Self.brokenCorrelation().frame
        var results: [[Double]] = []
        for threads in [1, 2, 3, 8] {
            var forest = IsolationForestDetector(trees: 50, samples: 256, seed: 9, threads: threads)
            try forest.fit(training: train)
            results.append(try forest.scores(for: test).scores)
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
        var other = IsolationForestDetector(trees: 50, samples: 256, seed: 10, threads: 2)
        try other.fit(training: train)
        #expect(try other.scores(for: test).scores != results[0], "another seed grows another forest")
    }

    @Test func isolationForestScoresAnIsolatedPointAboveTheBulk() throws {
        let train = try Self.correlated(rows: 3000, seed: 31)
        var forest = IsolationForestDetector(trees: 100, samples: 256, seed: 1)
        try forest.fit(training: train)
        #expect(forest.depth == 8 && forest.subsample == 256)
        var test = try Self.correlated(rows: 200, seed: 32)
        for j in 0..<4 { test[0, j] += 40 }
        let s = try forest.scores(for: test).scores
        let median = s.sorted()[100]
        #expect(s[0] > 0.6 && s[0] > median + 0.1, "isolated \(s[0]) vs median \(median)")
        #expect(s.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func averagePathLengthMatchesTheDefinition() {
        #expect(IsolationForestDetector.averagePathLength(1) == 0)
        #expect(IsolationForestDetector.averagePathLength(2) == 1)
        // c(256) = 2(ln 255 + γ) − 2·255/256 ≈ 10.2448
        #expect(abs(IsolationForestDetector.averagePathLength(256) - 10.244770920116851) < 1e-9)
    }

    // MARK: ECOD

    @Test func ecodMatchesAHandComputedExample() throws {
        // Series A = 1, 2, 3, 4 (skewness 0 → right tail); series B = −9, 1, 2, 3 (skewness < 0 → left tail).
        let train = try MetricFrame(columns: [[1, 2, 3, 4], [-9, 1, 2, 3]])
        var ecod = ECODDetector()
        try ecod.fit(training: train)
        #expect(ecod.skewness[0] == 0 && ecod.skewness[1] < 0)
        let test = try MetricFrame(columns: [[5, 2.5], [0, 2]])
        let s = try ecod.scores(for: test)
        // Row 0 = (5, 0). A: #≤5 = 4 → Uₗ = −log(5/5) = 0; #≥5 = 0 → Uᵣ = −log(1/5).
        // B: #≤0 = 1 → Uₗ = −log(2/5); #≥0 = 3 → Uᵣ = −log(4/5).
        // Σ Uₗ = log 2.5, Σ Uᵣ = log 6.25, Σ Uₛ = Uᵣ(A) + Uₗ(B) = log 12.5 → score log 12.5.
        #expect(abs(s.scores[0] - log(12.5)) < 1e-12)
        let p = try #require(s.perSeries)
        #expect(abs(p[0, 0] - log(5)) < 1e-12 && abs(p[0, 1] - log(2.5)) < 1e-12)
        // Row 1 = (2.5, 2). A: #≤ = 2, #≥ = 2 → both −log(3/5). B: #≤2 = 3 → −log(4/5); #≥2 = 2 → −log(3/5).
        // Σ Uₗ = log(5/3) + log(5/4); Σ Uᵣ = 2·log(5/3); Σ Uₛ = log(5/3) + log(5/4) → max = 2·log(5/3).
        #expect(abs(s.scores[1] - 2 * log(5.0 / 3)) < 1e-12)
    }

    @Test func ecodMatchesBruteForceCountsOnDataWithTiesAndNegatives() throws {
        // 3 series of 1,000 rows (enough for the radix sort path): rounded Gaussians (ties), a skewed one, negatives.
        var rng = SeededGenerator(seed: 77)
        let m = 1000
        let a = (0..<m).map { _ in (rng.nextGaussian() * 4).rounded() }
        let b = (0..<m).map { _ in exp(rng.nextGaussian()) }
        let c = (0..<m).map { _ in -100 - 50 * rng.nextUniform() }
        let train = try MetricFrame(columns: [a, b, c])
        var ecod = ECODDetector()
        try ecod.fit(training: train)
        #expect(ecod.skewness[1] > 0)
        let test = try MetricFrame(columns: [[0, 3, -20, 9], [1, 0.01, 50, 2], [-125, -90, -150.5, -100]])
        let s = try ecod.scores(for: test)
        let cols = [a, b, c]
        for r in 0..<test.rows {
            var sums = [0.0, 0.0, 0.0]
            for j in 0..<3 {
                let v = test[r, j]
                let le = Double(cols[j].filter { $0 <= v }.count), ge = Double(cols[j].filter { $0 >= v }.count)
                let ul = -log((le + 1) / Double(m + 1)), ur = -log((ge + 1) / Double(m + 1))
                sums[0] += ul
                sums[1] += ur
                sums[2] += ecod.skewness[j] < 0 ? ul : ur
            }
            #expect(abs(s.scores[r] - sums.max()!) < 1e-9, "row \(r)")
        }
    }

    @Test func ecodScoresTheTrainingFrameExactlyAsAnyOtherFrame() throws {
        // Scoring the training frame itself reads the counts off the fit's ranks (column 2 has ties, so
        // its `≤` counts are kept too); a frame with one more row takes the search path. Both must agree
        // bit for bit, per-series contributions included.
        var rng = SeededGenerator(seed: 5)
        let m = 40_000
        var cols = (0..<3).map { j in (0..<m).map { _ in j == 2 ? (rng.nextGaussian() * 3).rounded() : rng.nextGaussian() } }
        // Ties the in-sample counts must see: −0.0 beside +0.0 as the only tie, among tiny values, and the same with
        // a far outlier (too concentrated for the fixed-point key, so the Float key sorts it, where ±0 differ).
        var zeros = (0..<m).map { _ in rng.nextGaussian() }
        zeros[3] = -0.0
        zeros[7] = 0.0
        var tiny = (0..<m).map { i -> Double in [-0.0, 0.0, -Double.leastNonzeroMagnitude * 3, 1e-300, Double.leastNonzeroMagnitude][i % 5] }
        for i in stride(from: 0, to: m, by: 11) { tiny[i] = rng.nextGaussian() }
        var far = zeros
        far[17] = 1e9
        // Ties that only show once a run of equal keys is put in order: x, y, x in one fixed-point cell;
        // and −0.0, −tiny, +tiny, +0.0 under the Float key, where the two zeros end up side by side only
        // after both runs are ordered.
        var inRun = (0..<m).map { _ in rng.nextGaussian() }
        (inRun[10], inRun[15], inRun[20]) = (1.0, 1.0 + 1e-12, 1.0)
        var acrossRuns = (0..<m).map { _ in rng.nextGaussian() }
        (acrossRuns[5], acrossRuns[6], acrossRuns[8], acrossRuns[9]) = (-0.0, -Double.leastNonzeroMagnitude, Double.leastNonzeroMagnitude, 0.0)
        acrossRuns[17] = 1e9
        cols += [zeros, tiny, far, inRun, acrossRuns]
        let train = try MetricFrame(columns: cols)
        var ecod = ECODDetector(threads: 2)
        try ecod.fit(training: train)
        let inSample = try ecod.scores(for: train)
        let longer = try ecod.scores(for: try MetricFrame(columns: cols.map { $0 + [0] }))
        #expect(inSample.scores == Array(longer.scores.prefix(m)))
        #expect(try #require(inSample.perSeries) == (try #require(longer.perSeries)).rows(0..<m))
        // Without contributions the in-sample path sums blocks of rows on every worker: same bits for
        // any thread count.
        for threads in [1, 2, 3] {
            var plain = ECODDetector(perSeries: false, threads: threads)
            try plain.fit(training: train)
            let s = try plain.scores(for: train)
            #expect(s.perSeries == nil)
            #expect(s.scores == inSample.scores, "threads \(threads)")
        }
        // Frames beyond the limit keep each sorted value's row instead of each row's counts: same bits.
        for threads in [1, 2] {
            for perSeries in [false, true] {
                var large = ECODDetector(perSeries: perSeries, threads: threads, rankedRowsLimit: 1_000)
                try large.fit(training: train)
                let s = try large.scores(for: train)
                #expect(s.scores == inSample.scores, "rows kept by value, threads \(threads)")
                if perSeries { #expect(s.perSeries == inSample.perSeries) }
            }
        }
    }
}
