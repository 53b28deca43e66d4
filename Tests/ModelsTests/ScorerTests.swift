import Foundation
import LinearAlgebra
import Models
import Telemetry
import Testing

/// The per-series scorers on small cases checked against direct computation.
@Suite struct ScorerTests {
    func run<S: UnivariateScorer>(_ scorer: S, _ values: [Double]) -> [Double] {
        var s = scorer
        return values.map { s.score($0) }
    }

    @Test func rollingZScoreMatchesTheDirectFormulaOverThePreviousWindow() {
        let x = Fixtures.noise(500, seed: 4, mean: 1000, std: 3)
        let w = 20
        let scores = run(RollingZScore(window: w), x)
        for t in 2..<x.count {
            let win = Array(x[max(0, t - w)..<t])
            let m = win.reduce(0, +) / Double(win.count)
            let sd = (win.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(win.count)).squareRoot()
            let expected = abs(x[t] - m) / sd
            #expect(abs(scores[t] - expected) <= 1e-6 * max(1, expected), "row \(t)")
        }
        #expect(scores[0] == 0 && scores[1] == 0)
    }

    @Test func rollingZScoreBatchIsBitIdenticalToOneByOne() {
        var x = Fixtures.noise(3000, seed: 8, mean: 5, std: 1)
        x[700] = .nan
        x[1500] = .infinity
        var a = RollingZScore(window: 64)
        var b = a
        let one = x.map { a.score($0) }
        var batch = [Double](repeating: -1, count: x.count)
        x.withUnsafeBufferPointer { i in batch.withUnsafeMutableBufferPointer { o in b.scoreBatch(i, into: o) } }
        #expect(one == batch)
        #expect(a == b)
    }

    @Test func aMissingValueScoresZeroAndLeavesTheStateUnchanged() {
        let x = Fixtures.noise(200, seed: 2)
        var withGap = x
        withGap.insert(.nan, at: 120)
        let scorers: [any UnivariateScorer] = [
            RollingZScore(window: 30), RollingMedianMAD(window: 30), EWMAChart(lambda: 0.2), CUSUMChart(allowance: 0.5),
            SpectralResidual(length: 32, extend: 3), ChangePointScore(recent: 5, reference: 30), StaticThreshold(),
        ]
        for scorer in scorers {
            var a = scorer, b = scorer
            let plain = x.map { a.score($0) }
            var gapped = withGap.map { b.score($0) }
            #expect(gapped[120] == 0, "\(type(of: scorer))")
            gapped.remove(at: 120)
            #expect(plain == gapped, "\(type(of: scorer))")
        }
    }

    @Test func sortedWindowMedianAndMADMatchBruteForce() {
        var rng = SeededGenerator(seed: 77)
        var w = SortedWindow(capacity: 9)
        var recent: [Double] = []
        for _ in 0..<300 {
            let x = (rng.nextUniform() * 20).rounded()  // ties on purpose
            w.push(x)
            recent.append(x)
            if recent.count > 9 { recent.removeFirst() }
            let (med, mad) = ScoreStatistics.medianMAD(recent)
            #expect(w.sorted == recent.sorted())
            #expect(w.median == med)
            #expect(w.medianAbsoluteDeviation == mad)
        }
    }

    @Test func ewmaChartScoreIsTheDistanceOfTheEWMAInControlLimitUnits() {
        var chart = EWMAChart(lambda: 0.5)
        [10.0, 12.0, 8.0, 10.0].withUnsafeBufferPointer { chart.learn($0) }  // μ0 = 10, σ0 = sqrt(2)
        // z after training: 10 → 11 → 9.5 → 9.75; next x = 14 → z = 11.875.
        let s = chart.score(14)
        let expected = abs(11.875 - 10) / (2.0.squareRoot() * (0.5 / 1.5).squareRoot())
        #expect(abs(s - expected) < 1e-12)
    }

    @Test func cusumAccumulatesStandardisedExcessesBeyondTheAllowance() {
        var chart = CUSUMChart(allowance: 0.5, decisionInterval: 0)
        [9.0, 11.0].withUnsafeBufferPointer { chart.learn($0) }  // μ0 = 10, σ0 = 1; training leaves S⁺ = 0.5
        #expect(chart.score(12) == 2.0)  // S⁺ = 0.5 + 2 − 0.5
        #expect(chart.score(12) == 3.5)
        #expect(chart.score(10) == 3.0)
        #expect(chart.score(4) == 0 + 5.5)  // S⁺ = max(0, 3 − 6.5) = 0, S⁻ = 0 + 6 − 0.5
    }

    @Test func cusumRestartsBothSumsAfterExceedingTheDecisionInterval() {
        var chart = CUSUMChart(allowance: 0.5, decisionInterval: 3)
        [9.0, 11.0].withUnsafeBufferPointer { chart.learn($0) }  // μ0 = 10, σ0 = 1; S⁺ = 0.5
        #expect(chart.score(12) == 2.0)
        #expect(chart.score(12) == 3.5)  // > h: reported, then both sums restart
        #expect(chart.score(12) == 1.5)  // 0 + 2 − 0.5
        #expect(chart.score(12) == 3.0)  // not above h: no restart
        #expect(chart.score(12) == 4.5)
    }

    @Test func changePointScoreIsATwoSampleZ() {
        var cp = ChangePointScore(recent: 2, reference: 4)
        let s = [1.0, 3, 1, 3, 10, 12].map { cp.score($0) }
        // Reference {1,3,1,3}: mean 2, std 1; recent {10,12}: mean 11 → 9 / sqrt(1/2 + 1/4).
        #expect(abs(s[5] - 9 / (0.75).squareRoot()) < 1e-12)
        #expect(s[0] == 0 && s[2] == 0)
    }

    @Test func seasonalPeriodIsFoundFromTheAutocorrelation() {
        var rng = SeededGenerator(seed: 5)
        let x = (0..<600).map { 5 * Fixtures.sinDeg(Double($0) * 360 / 24) + 0.5 * rng.nextGaussian() }
        let p = x.withUnsafeBufferPointer { SeasonalPeriod.estimate($0, maxPeriod: 200) }
        #expect(p == 24)
        let flat = Fixtures.noise(600, seed: 6)
        #expect(flat.withUnsafeBufferPointer { SeasonalPeriod.estimate($0, maxPeriod: 200) } == nil)
    }

    @Test func holtWintersLearnsThePeriodAndPredictsTheSeasonalShape() {
        var rng = SeededGenerator(seed: 9)
        let x = (0..<720).map { 50 + 10 * Fixtures.sinDeg(Double($0) * 360 / 48) + 0.3 * rng.nextGaussian() }
        var hw = HoltWintersResidual(alpha: 0.3, beta: 0.01, gamma: 0.1, maxPeriod: 300)
        x[0..<480].withUnsafeBufferPointer { hw.learn(UnsafeBufferPointer(rebasing: $0[0..<480])) }
        #expect(hw.period == 48)
        let normal = x[480..<720].map { hw.score($0) }
        // Seasonal swings of ±10 are predicted: residuals stay a few σ of the 0.3 noise.
        #expect((normal.max() ?? 0) < 6)
    }

    @Test func fftMatchesTheDirectDFT() {
        let n = 16
        let x = Fixtures.noise(n, seed: 3)
        var re = x, im = [Double](repeating: 0, count: n)
        let fft = RadixTwoFFT(length: n)
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in fft.transform(r, i, inverse: false) } }
        for k in 0..<n {
            var sr = 0.0, si = 0.0
            for j in 0..<n {
                let a = -2 * Double.pi * Double(j * k) / Double(n)
                sr += x[j] * cos(a)
                si += x[j] * sin(a)
            }
            #expect(abs(re[k] - sr) < 1e-9 && abs(im[k] - si) < 1e-9)
        }
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in fft.transform(r, i, inverse: true) } }
        for j in 0..<n { #expect(abs(re[j] - x[j]) < 1e-12) }
    }

    @Test func spectralResidualIsScaleInvariant() {
        let x = Fixtures.noise(200, seed: 12, mean: 3, std: 1)
        let a = run(SpectralResidual(length: 32, extend: 3), x)
        let b = run(SpectralResidual(length: 32, extend: 3), x.map { $0 * 1000 })
        for (u, v) in zip(a, b) { #expect(abs(u - v) < 1e-6 * max(1, u)) }
    }
}

@Suite struct RollingMedianMADTests {
    @Test func robustZUsesTheScaledMADOfThePreviousWindow() {
        var s = RollingMedianMAD(window: 5)
        for x in [10.0, 12, 11, 13, 9] { _ = s.score(x) }
        // Window {9…13}: median 11, |dev| {1,1,0,2,2} → MAD 1 → scale 1.4826.
        #expect(abs(s.score(17) - 6 / 1.4826) < 1e-12)
    }

    @Test func aMostlyConstantWindowFallsBackToTheMeanAbsoluteDeviation() {
        var s = RollingMedianMAD(window: 5)
        for x in [4.0, 4, 4, 4, 9] { _ = s.score(x) }
        // MAD = 0; mean |x − 4| = 1 → scale 1.253314.
        #expect(abs(s.score(6) - 2 / 1.253314) < 1e-12)
    }
}
