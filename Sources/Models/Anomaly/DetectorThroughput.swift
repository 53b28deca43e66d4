import Foundation
import Telemetry

/// A throughput measurement of one registered detector: fit and score, timed as the peers are.
///
/// Follows the peers' timing rules where they apply (`../shared/peers/README.md`): one warm-up call,
/// then `runs` timed calls of fit **and** score (wall clock); the median is reported, min and max kept.
/// Data creation is outside the timed region. Encodes with the fields of
/// `../shared/peers/out/detectors_core.json` (`detector`, `dataset`, `points`, `timing.{median_s, min_s,
/// max_s, runs, warmup, samples_s}`, `points_per_s`) so `render.py` can put both sides in one table.
/// Meant for `faultline bench detectors`; tests never assert on wall-clock time.
public struct DetectorThroughput: Sendable, Encodable {
    /// Timing of the runs, in seconds.
    public struct Timing: Sendable, Encodable {
        /// Median of the timed runs.
        public var medianSeconds: Double
        /// Fastest timed run.
        public var minSeconds: Double
        /// Slowest timed run.
        public var maxSeconds: Double
        /// Number of timed runs.
        public var runs: Int
        /// Untimed warm-up calls before them.
        public var warmup: Int
        /// Every timed run, in order.
        public var samplesSeconds: [Double]
        enum CodingKeys: String, CodingKey {
            case medianSeconds = "median_s", minSeconds = "min_s", maxSeconds = "max_s", runs, warmup, samplesSeconds = "samples_s"
        }
    }

    /// The detector label (registry name and parameters).
    public var detector: String
    /// What data it ran on.
    public var dataset: String
    /// Scored points per call (rows × series).
    public var points: Int
    /// Training rows fitted per call.
    public var trainingRows: Int
    /// The timing.
    public var timing: Timing
    /// Scored points per second at the median.
    public var pointsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case detector, dataset, points, trainingRows = "training_rows", timing, pointsPerSecond = "points_per_s"
    }

    /// Times `model` fitting on `training` (if any) and scoring `test`.
    ///
    /// - Throws: the registry's errors for bad names or parameters, and the detector's own.
    public static func measure(model: String, parameters: [String: String] = [:], training: MetricFrame?, test: MetricFrame,
                               dataset: String, runs: Int = 5, seed: UInt64 = 0,
                               registry: ModelRegistry = .standard) throws -> DetectorThroughput {
        var samples: [Double] = []
        let clock = ContinuousClock()
        for i in 0...Swift.max(runs, 1) {
            var detector = try registry.make(name: model, parameters: parameters, seed: seed)
            var produced = 0
            let elapsed = try clock.measure {
                if let training { try detector.fit(training: training) }
                produced = try detector.scores(for: test).scores.count
            }
            guard produced == test.rows else {
                throw ModelError.shapeMismatch(model: model, expected: "\(test.rows) scores", found: "\(produced)")
            }
            if i > 0 { samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) }
        }
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        let label = parameters.isEmpty ? model : model + "(" + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + ")"
        return DetectorThroughput(
            detector: label, dataset: dataset, points: test.rows * test.columns, trainingRows: training?.rows ?? 0,
            timing: Timing(medianSeconds: median, minSeconds: sorted[0], maxSeconds: sorted[sorted.count - 1],
                           runs: samples.count, warmup: 1, samplesSeconds: samples),
            pointsPerSecond: Double(test.rows * test.columns) / median)
    }

    /// Times `model` on `rows` × `series` seeded synthetic points (daily sine + Gaussian noise + rare spikes).
    public static func measureSynthetic(model: String, parameters: [String: String] = [:], rows: Int = 1_000_000, series: Int = 1,
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
        let train = trainingRows > 0 ? try frame(trainingRows) : nil
        return try measure(model: model, parameters: parameters, training: train, test: test,
                           dataset: "synthetic \(rows)×\(series) seed \(seed)", runs: runs, seed: seed, registry: registry)
    }
}
