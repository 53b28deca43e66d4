import Foundation
import Telemetry

/// A quick throughput measurement of one registered detector on seeded synthetic data.
///
/// Follows the peers' timing rules where they apply (`../shared/peers/README.md`): one warm-up call,
/// then `runs` timed calls of fit **and** score; the median is reported. Data creation is outside the
/// timed region. Meant for `faultline bench detectors`; not used by tests (no wall-clock assertions).
public struct DetectorThroughput: Sendable, Encodable {
    /// The registered model name.
    public var model: String
    /// Rows scored per call.
    public var rows: Int
    /// Series per row.
    public var series: Int
    /// Training rows per call (fitted before scoring, inside the timed region).
    public var trainingRows: Int
    /// Every timed call's wall-clock seconds.
    public var samplesSeconds: [Double]
    /// Median of `samplesSeconds`.
    public var medianSeconds: Double
    /// Scored points (rows × series) per second at the median.
    public var pointsPerSecond: Double

    /// Times `model` on `rows` × `series` seeded points (sine + Gaussian noise + a few spikes).
    ///
    /// - Throws: the registry's errors for bad names or parameters, and the detector's own.
    public static func measure(model: String, parameters: [String: String] = [:], rows: Int = 1_000_000, series: Int = 1,
                               trainingRows: Int = 0, runs: Int = 5, seed: UInt64 = 2,
                               registry: ModelRegistry = .standard) throws -> DetectorThroughput {
        var rng = SeededGenerator(seed: seed)
        func frame(_ n: Int) throws -> MetricFrame {
            var v = [Double](repeating: 0, count: n * series)
            for c in 0..<series {
                for r in 0..<n {
                    var x = 10 + 3 * sin(2 * Double.pi * Double(r) / 288) + rng.nextGaussian()
                    if rng.nextUniform() < 1e-4 { x += 12 }
                    v[c * n + r] = x
                }
            }
            return try MetricFrame(rows: n, columns: series, columnMajor: v)
        }
        let test = try frame(rows)
        let train = try frame(trainingRows)
        var samples: [Double] = []
        let clock = ContinuousClock()
        for i in 0...max(runs, 1) {
            var detector = try registry.make(name: model, parameters: parameters, seed: seed)
            let elapsed = try clock.measure {
                if trainingRows > 0 { try detector.fit(training: train) }
                let s = try detector.scores(for: test)
                precondition(s.scores.count == rows)
            }
            if i > 0 { samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) }
        }
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        return DetectorThroughput(model: model, rows: rows, series: series, trainingRows: trainingRows, samplesSeconds: samples,
                                  medianSeconds: median, pointsPerSecond: Double(rows * series) / median)
    }
}
