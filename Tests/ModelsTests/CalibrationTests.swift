import Models
import Telemetry
import Testing

/// Thresholds calibrated on training scores must keep their nominal alarm rate on fresh normal data
/// (issue #11, finding 4). A quantile of in-sample scores of a model that memorises its rows (kNN's
/// nearest neighbour of a training row is itself) sits too low, so fresh rows alarm more often.
@Suite struct CalibrationTests {
    static let dimensions = 4, trainingRows = 8_000, freshRows = 80_000, level = 0.995

    /// Correlated normal rows: two latent factors seen through four series, plus independent noise (a
    /// stable two-dimensional principal subspace, as PCA assumes).
    static func normalFrame(rows: Int, seed: UInt64) throws -> MetricFrame {
        let z1 = Fixtures.noise(rows, seed: seed &* 31), z2 = Fixtures.noise(rows, seed: seed &* 31 &+ 1)
        let loadings: [(Double, Double)] = [(1, 0.2), (0.8, -0.5), (0.1, 1), (-0.6, 0.7)]
        return try MetricFrame(
            columns: loadings.enumerated().map { j, l in
                let e = Fixtures.noise(rows, seed: seed &* 31 &+ 2 &+ UInt64(j), std: 0.3)
                return (0..<rows).map { l.0 * z1[$0] + l.1 * z2[$0] + e[$0] }
            })
    }

    static func alarmRate(_ scores: [Double], above theta: Double) -> Double {
        Double(scores.filter { $0 > theta }.count) / Double(scores.count)
    }

    /// Realised false-alarm rate on fresh rows of the same distribution, threshold at the 99.5 %
    /// quantile of (a) the calibration scores the runner uses (out-of-fold where the model gives them,
    /// else in-sample: ECOD's tail probabilities are empirical CDFs, exact for the training rows up to
    /// 1/m) and (b) in-sample training scores. The calibration quantile from 8,000
    /// rows has a standard error of ≈ 0.08 points in rate, so 0.5 ± 0.2 % holds unless biased.
    @Test(arguments: ["knn", "isolation_forest", "pca", "mahalanobis", "ecod"])
    func outOfFoldThresholdsKeepTheirNominalRate(_ name: String) throws {
        let training = try Self.normalFrame(rows: Self.trainingRows, seed: 7)
        let fresh = try Self.normalFrame(rows: Self.freshRows, seed: 8)
        var model = try ModelRegistry.standard.make(name: name, seed: 3)
        try model.fit(training: training)
        let inSample = try model.scores(for: training).scores
        let outOfFold = try model.outOfFoldScores(training: training) ?? inSample
        #expect((name == "ecod") == (outOfFold == inSample), "\(name): out-of-fold scores for the models that memorise rows")
        let freshScores = try model.scores(for: fresh).scores
        let nominal = 1 - Self.level
        let oofRate = Self.alarmRate(freshScores, above: try #require(Quantile.type7(outOfFold, Self.level)))
        let inSampleRate = Self.alarmRate(freshScores, above: try #require(Quantile.type7(inSample, Self.level)))
        #expect(abs(oofRate - nominal) <= 0.002, "\(name): out-of-fold \(oofRate), in-sample \(inSampleRate)")
        // The out-of-fold rate is never the worse of the two by more than sampling noise.
        #expect(abs(oofRate - nominal) <= abs(inSampleRate - nominal) + 0.001, "\(name): out-of-fold \(oofRate), in-sample \(inSampleRate)")
        if name == "knn" {  // the self-neighbour bias: in-sample thresholds alarm more often on fresh rows
            #expect(inSampleRate > oofRate && inSampleRate > nominal, "knn: out-of-fold \(oofRate), in-sample \(inSampleRate)")
        }
        print("calibration \(name): out-of-fold \(oofRate), in-sample \(inSampleRate)")
    }

    /// Each training row's out-of-fold score comes from a model fitted without its fold.
    @Test func eachRowIsScoredByTheModelThatDidNotSeeIt() throws {
        let training = try Self.normalFrame(rows: 400, seed: 9)
        var isolation = try ModelRegistry.standard.make(name: "isolation_forest", seed: 1)
        try isolation.fit(training: training)
        let oof = try #require(try isolation.outOfFoldScores(training: training))
        let n = training.rows
        for k in 0..<OutOfFoldScores.folds {
            let keep = (0..<n).filter { OutOfFoldScores.fold(ofRow: $0, rows: n) != k }
            var foldModel = try ModelRegistry.standard.make(name: "isolation_forest", seed: 1)
            let rows = try MetricFrame(columns: (0..<training.columns).map { c in keep.map { training[$0, c] } })
            try foldModel.fit(training: rows)
            let scored = try foldModel.scores(for: training).scores
            for r in 0..<n where OutOfFoldScores.fold(ofRow: r, rows: n) == k { #expect(oof[r] == scored[r]) }
        }
        // Blocks of 400 / 40 = 10 rows, assigned to folds in turn.
        #expect(OutOfFoldScores.blockRows(n) == 10)
        #expect(
            Array((0..<n).map { OutOfFoldScores.fold(ofRow: $0, rows: n) }.prefix(21)) == Array(repeating: 0, count: 10)
                + Array(repeating: 1, count: 10) + [2])
    }

    /// kNN leaves each training row out exactly: its score equals a model fitted without that row.
    @Test(arguments: [KNNDetector.Aggregate.largest, .mean])
    func knnLeavesEachRowOutExactly(_ aggregate: KNNDetector.Aggregate) throws {
        let training = try Self.normalFrame(rows: 120, seed: 4)
        var model = KNNDetector(k: 5, aggregate: aggregate)
        try model.fit(training: training)
        let oof = try #require(try model.outOfFoldScores(training: training))
        for r in [0, 37, 119] {
            let others = (0..<training.rows).filter { $0 != r }
            var without = KNNDetector(k: 5, aggregate: aggregate)
            try without.fit(training: try MetricFrame(columns: (0..<training.columns).map { c in others.map { training[$0, c] } }))
            let alone = try without.scores(for: training.rows(r..<(r + 1))).scores[0]
            #expect(abs(oof[r] - alone) <= 1e-12 * max(1, alone), "row \(r)")
        }
    }

    /// Models whose scores depend on the fit only through a few statistics calibrate in-sample.
    @Test(arguments: ["zscore", "ewma", "threshold", "ensemble", "ecod"])
    func streamingModelsCalibrateInSample(_ name: String) throws {
        let training = try Self.normalFrame(rows: 300, seed: 5)
        var model = try ModelRegistry.standard.make(name: name, seed: 1)
        try model.fit(training: training)
        #expect(try model.outOfFoldScores(training: training) == nil)
    }
}
