import Evaluation
import Foundation
import Testing

@Suite struct EventBootstrapTests {
    let bootstrap = EventBootstrap(samples: 1000, seed: 7)

    /// Smallest k with P(X ≤ k) ≥ q for X ~ Binomial(n, p): the exact quantile the percentile bootstrap of
    /// a detected share estimates (each resample's detected count is binomial).
    static func binomialQuantile(n: Int, p: Double, q: Double) -> Int {
        var cdf = 0.0
        for k in 0...n {
            cdf += exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))) * pow(p, Double(k)) * pow(1 - p, Double(n - k))
            if cdf >= q - 1e-12 { return k }
        }
        return n
    }

    /// Every event detected: every resample detects every event, so the interval is exactly [1, 1]; a
    /// bootstrap that smoothed or jittered (or divided by the wrong count) would not be.
    @Test func allDetectedGivesADegenerateRecallIntervalAtOne() throws {
        let (recall, _) = bootstrap.intervals(delays: [10, 20, 30, 40])
        #expect(recall?.0 == 1 && recall?.1 == 1)
    }

    /// MTTD of delays 10, 20, 30, 40: a resample's mean is the mean of 4 draws with replacement, whose exact
    /// distribution the test enumerates (4⁴ = 256 equally likely draws). The percentile interval must sit
    /// within one lattice step (2.5 s) of its exact 2.5 % and 97.5 % quantiles (≈ 25 ± 1.96·5.59). Resampling
    /// without replacement gives [25, 25]; a normal interval on the delays themselves ±22 s.
    @Test func mttdIntervalMatchesTheExactResamplingDistribution() throws {
        let delays: [Double] = [10, 20, 30, 40]
        var means: [Double] = []
        for a in delays { for b in delays { for c in delays { for d in delays { means.append((a + b + c + d) / 4) } } } }
        means.sort()
        func exact(_ q: Double) -> Double { means[Int((q * Double(means.count)).rounded(.up)) - 1] }
        let m = try #require(bootstrap.intervals(delays: delays).mttd)
        #expect(abs(m.0 - exact(0.025)) <= 2.5 + 1e-9, "\(m)")
        #expect(abs(m.1 - exact(0.975)) <= 2.5 + 1e-9, "\(m)")
        #expect(m.0 < 25 && 25 < m.1)
    }

    @Test func noneDetectedHasNoMTTDInterval() {
        let (recall, mttd) = bootstrap.intervals(delays: [nil, nil, nil])
        #expect(recall?.0 == 0 && recall?.1 == 0)
        #expect(mttd == nil)
    }

    /// A known mix: k of n events detected. Each resample's recall is Binomial(n, k/n)/n, so the
    /// percentile interval must contain the point estimate k/n and land within one step 1/n of the
    /// binomial's exact 2.5 % / 97.5 % quantiles, i.e. its width is ≈ 2·1.96·√(p(1−p)/n). A bootstrap over
    /// rows instead of events, or one reporting ±1 standard error, misses these by several steps.
    @Test(arguments: [(20, 10), (40, 30), (25, 5)])
    func mixedDetectionMatchesTheBinomialWidth(n: Int, k: Int) throws {
        let delays: [Double?] = (0..<n).map { $0 < k ? Double($0) : nil }
        let r = try #require(bootstrap.intervals(delays: delays).recall)
        let p = Double(k) / Double(n)
        let low = Double(Self.binomialQuantile(n: n, p: p, q: 0.025)) / Double(n)
        let high = Double(Self.binomialQuantile(n: n, p: p, q: 0.975)) / Double(n)
        #expect(r.0 <= p && p <= r.1)
        #expect(abs(r.0 - low) <= 1 / Double(n) + 1e-12 && abs(r.1 - high) <= 1 / Double(n) + 1e-12, "\(r) vs \(low)…\(high)")
        let normalWidth = 2 * 1.96 * (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs((r.1 - r.0) - normalWidth) <= 2 / Double(n) + 1e-12, "width \(r.1 - r.0) vs \(normalWidth)")
    }

    @Test func theSameSeedGivesTheSameIntervalsAndAnotherSeedDoesNot() throws {
        let delays: [Double?] = (0..<20).map { $0 % 2 == 0 ? Double($0) : nil }
        let (recall, mttd) = bootstrap.intervals(delays: delays)
        let again = EventBootstrap(samples: 1000, seed: 7).intervals(delays: delays)
        #expect(again.recall! == recall! && again.mttd! == mttd!)
        let other = EventBootstrap(samples: 1000, seed: 8).intervals(delays: delays)
        // Recall lives on a lattice of 1/20 and may coincide; the MTTD interval is continuous.
        #expect(other.mttd! != mttd!)
    }

    @Test func annotationAddsTheIntervalToEventRecallOnly() {
        var records = [
            MetricRecord(dataset: "d", model: "m", metric: "event_recall", value: .defined(0.5)),
            MetricRecord(dataset: "d", model: "m", metric: "f1", value: .defined(0.5)),
        ]
        bootstrap.annotate(&records, delays: [1, nil, 3, nil])
        #expect(records[0].parameters["ci95_low"] != nil && records[0].parameters["bootstrap"]?.contains("B=1000") == true)
        #expect(records[1].parameters.isEmpty)
    }
}
