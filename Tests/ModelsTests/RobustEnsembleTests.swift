import Foundation
import Models
import Telemetry
import Testing

/// Behaviour of the robust per-series ensemble beyond the registry-wide contract.
@Suite struct RobustEnsembleTests {
    /// Five Gaussian series on very different scales (σ from 0.01 to 1000).
    static func frame(rows: Int, seed: UInt64) throws -> MetricFrame {
        let scales = [0.01, 1, 10, 100, 1000]
        return try MetricFrame(
            columns: scales.enumerated().map { j, s in
                Fixtures.noise(rows, seed: seed &+ UInt64(j), mean: 5 * s, std: s)
            })
    }

    @Test func aJumpOnOneSeriesIsBlamedOnThatSeriesWhateverItsUnits() throws {
        var d = RobustEnsembleDetector(window: 0, topK: 1)
        try d.fit(training: try Self.frame(rows: 2000, seed: 1))
        var test = try Self.frame(rows: 100, seed: 50)
        test[60, 0] += 0.1  // 10 σ on the smallest-scale series
        let s = try d.scores(for: test)
        let contrib = try #require(s.perSeries).row(60)
        #expect(contrib.indices.max { contrib[$0] < contrib[$1] } == 0)
        #expect(s.scores[60] == contrib[0])  // k = 1: the row score is the largest calibrated score
        #expect(s.scores.indices.filter { $0 != 60 }.allSatisfy { s.scores[$0] < s.scores[60] })
        // Beyond every training score the exceedance probability is below 1/(m + 1): the score passes −log₁₀(1/2001).
        #expect(contrib[0] > log10(2001.0))
    }

    @Test func calibratedScoresOfFreshNormalDataHaveTheSameScaleOnEverySeries() throws {
        var d = RobustEnsembleDetector(window: 0, topK: 1)
        try d.fit(training: try Self.frame(rows: 4000, seed: 2))
        let s = try d.scores(for: try Self.frame(rows: 4000, seed: 3))
        let p = try #require(s.perSeries)
        // −log₁₀ p > 2 means "rarer than 1 in 100 training rows": about 1 % of fresh rows on each series.
        for c in 0..<p.columns {
            let rate = Double(p.column(c).filter { $0 > 2 }.count) / Double(p.rows)
            #expect(rate > 0.003 && rate < 0.025, "series \(c): \(rate)")
        }
    }

    @Test func theRowScoreIsTheMeanOfTheKLargestCalibratedScores() throws {
        var d = RobustEnsembleDetector(window: 0, topK: 3)
        try d.fit(training: try Self.frame(rows: 500, seed: 4))
        let s = try d.scores(for: try Self.frame(rows: 50, seed: 5))
        let p = try #require(s.perSeries)
        for r in 0..<p.rows {
            let top = p.row(r).sorted(by: >).prefix(3)
            #expect(abs(s.scores[r] - top.reduce(0, +) / 3) < 1e-12)
        }
    }

    @Test func aRollingCentreForgetsALevelShiftThatTheStaticCentreKeepsFlagging() throws {
        let training = try MetricFrame(columns: [Fixtures.noise(1000, seed: 6)])
        var shifted = Fixtures.noise(300, seed: 7)
        for i in 100..<300 { shifted[i] += 20 }
        let test = try MetricFrame(columns: [shifted])
        var rolling = RobustEnsembleDetector(window: 30, topK: 1)
        var fixed = RobustEnsembleDetector(window: 0, topK: 1)
        try rolling.fit(training: training)
        try fixed.fit(training: training)
        let r = try rolling.scores(for: test).scores, f = try fixed.scores(for: test).scores
        #expect(r[100] > 3 && f[100] > 3)  // both see the jump
        #expect(f[250...].allSatisfy { $0 > 3 })  // static: every later row is still far from the training median
        #expect(r[250...].filter { $0 > 3 }.count < 5)  // rolling: back to normal once the window holds the new level
    }

    @Test func aMissingValueContributesZeroAndLeavesTheWindowAsIfTheRowWereAbsent() throws {
        var d = RobustEnsembleDetector(window: 20, topK: 2)
        try d.fit(training: try Self.frame(rows: 500, seed: 8))
        let clean = try Self.frame(rows: 60, seed: 9)
        var cols = (0..<clean.columns).map { clean.column($0) }
        // Insert a row whose first series is missing after row 30; the others keep their values.
        for c in cols.indices { cols[c].insert(c == 0 ? .nan : clean[30, c], at: 31) }
        let gappy = try MetricFrame(columns: cols)
        let a = try #require(try d.scores(for: clean).perSeries), b = try #require(try d.scores(for: gappy).perSeries)
        #expect(b[31, 0] == 0)
        // Series 0 after the gap scores exactly as without the inserted row.
        for r in 31..<60 { #expect(b[r + 1, 0] == a[r, 0], "row \(r)") }
    }
}
