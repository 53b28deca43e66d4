import Evaluation
import Telemetry
import Testing

@Suite struct PointMetricsTests {
    @Test func runningExampleGivesPrecisionRecallAndF1() {
        let c = ConfusionCounts(labels: RunningExample.labels, alarms: RunningExample.alarms)
        #expect(c == ConfusionCounts(tp: 3, fp: 1, fn: 7, tn: 9))
        #expect(close(c.precision, 0.75))
        #expect(close(c.recall, 0.3))
        #expect(sixDecimals(c.f1, 0.428571))
        #expect(close(c.fBeta(1), 3.0 / 7.0))
        // F2 = 5PR/(4P+R).
        #expect(close(c.fBeta(2), 5 * 0.75 * 0.3 / (4 * 0.75 + 0.3)))
    }

    @Test func averagePrecisionOfTheWorkedExampleIsAStepSum() {
        let ap = RankingMetrics.averagePrecision(scores: [0.9, 0.8, 0.8, 0.3], labels: [true, false, true, false])
        #expect(sixDecimals(ap, 0.833333))
        #expect(close(RankingMetrics.averagePrecisionChance(labels: [true, false, true, false]), 0.5))
    }

    @Test func rocAUCOfTheWorkedExampleUsesMidRanks() {
        let auc = RankingMetrics.rocAUC(scores: [0.9, 0.8, 0.8, 0.3], labels: [true, false, true, false])
        #expect(close(auc, 0.875))
    }

    @Test func silentDetectorHasRecallZeroF1ZeroAndUndefinedPrecision() {
        let c = ConfusionCounts(labels: RunningExample.labels, alarms: [Bool](repeating: false, count: 20))
        #expect(c.recall == .defined(0))
        #expect(c.f1 == .defined(0))
        #expect(c.precision.value == nil)
        #expect(c.precision.undefinedReason?.contains("no alarms") == true)
    }

    @Test func perfectDetectorScoresOne() {
        let c = ConfusionCounts(labels: RunningExample.labels, alarms: RunningExample.labels)
        #expect(c.precision == .defined(1) && c.recall == .defined(1) && c.f1 == .defined(1))
        let s = RunningExample.labels.map { $0 ? 1.0 : 0.0 }
        #expect(RankingMetrics.averagePrecision(scores: s, labels: RunningExample.labels) == .defined(1))
        #expect(RankingMetrics.rocAUC(scores: s, labels: RunningExample.labels) == .defined(1))
    }

    @Test func rankingMetricsAreUndefinedWithOneClass() {
        #expect(RankingMetrics.averagePrecision(scores: [1, 2], labels: [false, false]).value == nil)
        #expect(RankingMetrics.rocAUC(scores: [1, 2], labels: [true, true]).undefinedReason == "no normal rows")
        #expect(ConfusionCounts(labels: [false, false], alarms: [false, false]).f1.value == nil)
    }

    @Test func constantScoresGiveROCAUCOneHalfAndAPThePositiveShare() {
        let y = [true, false, false, true, false]
        let s = [Double](repeating: 0.3, count: 5)
        #expect(close(RankingMetrics.rocAUC(scores: s, labels: y), 0.5))
        #expect(close(RankingMetrics.averagePrecision(scores: s, labels: y), 0.4))
    }

    @Test(arguments: [1, 2, 3])
    func averagePrecisionAndROCAUCMatchABruteForceDefinition(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        // 600 rows: large enough for the radix-sort path; negative scores, −0 and ties included.
        let n = 600
        let s = (0..<n).map { _ -> Double in
            let k = Int(g.next() % 9)
            return k == 8 ? -0.0 : Double(k - 3) / 7
        }
        let y = (0..<n).map { _ in g.next() % 3 == 0 }
        // Brute force AP over distinct thresholds.
        let positives = Double(y.filter { $0 }.count)
        var ap = 0.0, prevR = 0.0
        for th in Set(s).sorted(by: >) {
            let sel = (0..<n).filter { s[$0] >= th }
            let tp = Double(sel.filter { y[$0] }.count)
            let r = tp / positives
            ap += (r - prevR) * tp / Double(sel.count)
            prevR = r
        }
        #expect(close(RankingMetrics.averagePrecision(scores: s, labels: y), ap))
        // Brute force AUC: P(score_pos > score_neg) + ½ P(tie).
        var wins = 0.0, pairs = 0.0
        for i in 0..<n where y[i] {
            for j in 0..<n where !y[j] {
                pairs += 1
                wins += s[i] > s[j] ? 1 : (s[i] == s[j] ? 0.5 : 0)
            }
        }
        #expect(close(RankingMetrics.rocAUC(scores: s, labels: y), wins / pairs))
    }
}

/// A small seeded generator for tests.
extension SplitMix64 {
    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
