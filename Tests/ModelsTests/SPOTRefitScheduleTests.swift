import Foundation
import Models
import Testing

@Suite struct SPOTRefitScheduleTests {
    static func exponential(_ n: Int, seed: UInt64, shift: Double = 0) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in shift - log(1 - rng.nextUniform()) }
    }

    @Test func aStreamOfNearlyAllPeaksCostsLinearFitWork() throws {
        // The test span sits above the training level, so (almost) every streamed score is a peak.
        let train = Self.exponential(5_000, seed: 21)
        let test = Self.exponential(8_000, seed: 22, shift: 6)
        var pot = try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-4)
        var alarms = 0
        for x in test where pot.step(x) { alarms += 1 }
        let peaks = pot.peaks.count
        #expect(peaks > 100 + 7_000, "peaks \(peaks), alarms \(alarms)")
        // Every-peak refitting would visit Σ N ≈ peaks²/2 ≈ 3·10⁷ peaks; the schedule stays linear.
        let bound = Int((2 + 1 / PeaksOverThreshold.defaultRefitGrowth) * Double(peaks)) + 1_000
        #expect(pot.fitWork <= bound, "fit work \(pot.fitWork) for \(peaks) peaks")
        #expect(pot.fitCount < 100, "fits \(pot.fitCount)")
        #expect(pot.fittedPeaks * 17 >= peaks * 16 - 32)  // the fit in use lags by under 1/16 of the peaks
    }

    @Test func doublingTheStreamRoughlyDoublesTheFitWork() throws {
        let train = Self.exponential(5_000, seed: 23)
        func work(_ n: Int) throws -> Int {
            var pot = try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-4)
            for x in Self.exponential(n, seed: 24, shift: 6) { _ = pot.step(x) }
            return pot.fitWork
        }
        let (w1, w2) = (try work(2_000), try work(4_000))
        #expect(Double(w2) / Double(w1) < 2.6, "work \(w1) → \(w2)")  // quadratic would be ≈ 4
    }

    @Test func zeroGrowthRefitsAtEveryPeakAsTheReferenceDoes() throws {
        let train = Self.exponential(2_000, seed: 25)
        var pot = try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-3, refitGrowth: 0)
        let calibrationPeaks = pot.peaks.count
        for x in Self.exponential(500, seed: 26, shift: 3) { _ = pot.step(x) }
        #expect(pot.fitCount == 1 + pot.peaks.count - calibrationPeaks)
        #expect(pot.fittedPeaks == pot.peaks.count)
        #expect(throws: ModelError.self) { try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-3, refitGrowth: -1) }
    }

    @Test func theScheduleKeepsTheThresholdOfEveryPeakRefitting() throws {
        let train = Self.exponential(10_000, seed: 27)
        let test = Self.exponential(3_000, seed: 28)
        var every = try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-4, refitGrowth: 0)
        var scheduled = try PeaksOverThreshold(calibration: train, level: 0.98, risk: 1e-4)
        var maxGap = 0.0
        for x in test {
            #expect(every.step(x) == scheduled.step(x))
            maxGap = max(maxGap, abs(every.threshold - scheduled.threshold))
        }
        #expect(scheduled.fitCount < every.fitCount)
        #expect(maxGap < 0.05 * every.threshold, "largest z_q gap \(maxGap)")
    }
}
