import Foundation
import Telemetry

/// 95 % percentile bootstrap intervals over events (METRICS.md §10.6): resample a run's events with
/// replacement `samples` times from an explicit seed, recompute the event-level figure, and take the
/// 2.5th and 97.5th percentiles (type 7).
public struct EventBootstrap: Sendable {
    /// Resamples per interval.
    public var samples: Int
    /// Seed of the resampling.
    public var seed: UInt64

    /// Creates a bootstrap with `samples` resamples drawn from `seed`.
    public init(samples: Int, seed: UInt64) {
        self.samples = samples
        self.seed = seed
    }

    /// Interval of event recall and of MTTD from per-event delays (nil = missed).
    ///
    /// - Returns: nil for a figure that is undefined in more than half of the resamples (MTTD with
    ///   few detected events), else (low, high).
    public func intervals(delays: [Double?]) -> (recall: (Double, Double)?, mttd: (Double, Double)?) {
        guard !delays.isEmpty, samples > 0 else { return (nil, nil) }
        var state = seed
        var recalls: [Double] = [], mttds: [Double] = []
        recalls.reserveCapacity(samples)
        for _ in 0..<samples {
            var detected = 0, sum = 0.0
            for _ in 0..<delays.count {
                let pick = Int(Self.next(&state) % UInt64(delays.count))
                if let d = delays[pick] { detected += 1; sum += d }
            }
            recalls.append(Double(detected) / Double(delays.count))
            if detected > 0 { mttds.append(sum / Double(detected)) }
        }
        recalls.sort()
        mttds.sort()
        let recall = (Quantile.type7(sortedNonEmpty: recalls, 0.025), Quantile.type7(sortedNonEmpty: recalls, 0.975))
        let mttd = mttds.count * 2 > samples ? (Quantile.type7(sortedNonEmpty: mttds, 0.025), Quantile.type7(sortedNonEmpty: mttds, 0.975)) : nil
        return (recall, mttd)
    }

    /// SplitMix64.
    static func next(_ state: inout UInt64) -> UInt64 {
        var rng = SplitMix64(seed: state)
        defer { state = rng.state }
        return rng.next()
    }

    /// Adds `ci95_low`/`ci95_high` (and the bootstrap's settings) to the `event_recall` and `mttd_s` records.
    public func annotate(_ records: inout [MetricRecord], delays: [Double?]) {
        let (recall, mttd) = intervals(delays: delays)
        for i in records.indices {
            let interval: (Double, Double)?
            switch records[i].metric {
            case .eventRecall: interval = recall
            case .mttd: interval = mttd
            default: continue
            }
            guard let interval else { continue }
            records[i].parameters["ci95_low"] = String(format: "%.6g", interval.0)
            records[i].parameters["ci95_high"] = String(format: "%.6g", interval.1)
            records[i].parameters["bootstrap"] = "percentile, B=\(samples), seed=\(seed), over events"
        }
    }
}
