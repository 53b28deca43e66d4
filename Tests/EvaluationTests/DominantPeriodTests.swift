import Evaluation
import Foundation
import Telemetry
import Testing

@Suite struct DominantPeriodTests {
    static func noise(_ n: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        return (0..<n).map { _ in Double(g.next() >> 11) / Double(1 << 53) - 0.5 }
    }

    /// A sine of period p plus noise: the highest autocorrelation peak is at lag p (and its multiples
    /// are lower, since fewer pairs enter them). Catches the first local maximum (a noise wiggle) or an
    /// off-by-one lag.
    @Test func findsThePeriodOfANoisySine() {
        for p in [12, 50, 96, 288] {
            let e = Self.noise(4_000, seed: UInt64(p))
            let x: [Double] = (0..<4_000).map { t in
                let phase: Double = 2 * Double.pi * Double(t) / Double(p)
                return 2 * sin(phase) + 0.3 * e[t]
            }
            #expect(DominantPeriod.estimate(x) == p, "p = \(p)")
        }
    }

    @Test func noPeriodForConstantNoiseShortOrTooLongSeries() {
        #expect(DominantPeriod.estimate([Double](repeating: 3, count: 500)) == nil)
        #expect(DominantPeriod.estimate([1, 2, 3]) == nil)
        // A trend has a monotone autocorrelation: no local maximum.
        #expect(DominantPeriod.estimate((0..<2_000).map(Double.init)) == nil)
        // Period 350 lies beyond the reference's accepted lags 6…303.
        #expect(DominantPeriod.estimate((0..<5_000).map { sin(2 * Double.pi * Double($0) / 350) }) == nil)
    }

    @Test func missingValuesCountAsTheMean() {
        var x = (0..<3_000).map { sin(2 * Double.pi * Double($0) / 40) }
        for t in stride(from: 5, to: 3_000, by: 97) { x[t] = .nan }
        #expect(DominantPeriod.estimate(x) == 40)
    }

    /// The dataset's L is the median over series with a period (type 7, rounded), capped at 256, and the
    /// reference's 125 when no series has one: a mean, a max, or counting period-less series would differ.
    @Test func datasetBufferIsTheMedianOfSeriesPeriodsCapped() throws {
        let n = 3_000
        func sine(_ p: Int) -> [Double] { (0..<n).map { sin(2 * Double.pi * Double($0) / Double(p)) } }
        let flat = [Double](repeating: 1, count: n)
        let a = try MetricFrame(columns: [sine(20), sine(30), sine(60), flat, flat, flat])
        #expect(DominantPeriod.vusMaxBuffer(training: a) == 30)
        let b = try MetricFrame(columns: [sine(20), sine(31)])
        #expect(DominantPeriod.vusMaxBuffer(training: b, workers: 2) == 26)  // (20 + 31)/2 = 25.5 → 26
        let c = try MetricFrame(columns: [sine(280), sine(290), sine(20)])
        #expect(DominantPeriod.vusMaxBuffer(training: c) == 256)
        #expect(DominantPeriod.vusMaxBuffer(training: try MetricFrame(columns: [flat])) == 125)
    }
}
