import Telemetry

/// Whether a series' score keeps the sign of the deviation (only rises count) or takes its size.
public enum DeviationDirection: String, Sendable, CaseIterable {
    /// `max_t (x_t − centre)/spread`: a drop scores low (RCAEval's BARO and N-Sigma).
    case signed
    /// `max_t |x_t − centre|/spread`.
    case absolute
}

/// Scores each series by the maximum over the incident window of `(x − centre)/spread`, centre and
/// spread from the normal window (a zero spread is replaced by 1, as scikit-learn's scalers do); an
/// entity's score is the maximum over its series.
struct WindowDeviationRanker: RootCauseRanker {
    /// `(centre, spread)` of the finite normal-window values.
    let statistic: @Sendable ([Double]) -> (centre: Double, spread: Double)
    let direction: DeviationDirection

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        var scored: [RankedCandidate] = []
        scored.reserveCapacity(incident.series.count)
        for (c, s) in incident.series.enumerated() {
            scored.append(RankedCandidate(entity: s.entity, metric: s.metric, score: try Self.score(incident, column: c, statistic, direction)))
        }
        return RootCauseRanking(metrics: scored)
    }

    /// The score of column `c`: `max_t (x_t − centre)/spread` (or its absolute value) over the incident window.
    ///
    /// - Throws: `RootCauseError.missingMetric` when a window has no finite value of the column.
    static func score(
        _ incident: IncidentCase, column c: Int, _ statistic: ([Double]) -> (centre: Double, spread: Double), _ direction: DeviationDirection
    ) throws -> Double {
        let normal = try incident.finiteValues(c, incident.normalRows, name: "normal")
        let during = try incident.finiteValues(c, incident.incidentRows, name: "incident")
        let (centre, rawSpread) = statistic(normal)
        let spread = rawSpread == 0 || !rawSpread.isFinite ? 1 : rawSpread
        var best = -Double.infinity
        for x in during {
            let z = (x - centre) / spread
            best = max(best, direction == .signed ? z : abs(z))
        }
        return best
    }

    /// Mean and population standard deviation (N-Sigma; scikit-learn's `StandardScaler`).
    static let meanStd: @Sendable ([Double]) -> (centre: Double, spread: Double) = { x in
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, variance.squareRoot())
    }

    /// Median and interquartile range, type-7 quantiles (BARO's `RobustScorer`; scikit-learn's `RobustScaler`).
    static let medianIQR: @Sendable ([Double]) -> (centre: Double, spread: Double) = { x in
        let sorted = x.sorted()
        let q = { Quantile.type7(sortedNonEmpty: sorted, $0) }
        return (q(0.5), q(0.75) - q(0.25))
    }
}

/// The random ranker: every entity gets a uniform score drawn from `seed`, the case id and the entity
/// name (so it does not depend on column order); its expected accuracy is the chance level (METRICS.md §8).
struct RandomRanker: RootCauseRanker {
    let seed: UInt64

    func rank(_ incident: IncidentCase) throws -> RootCauseRanking {
        try incident.validate()
        let key = SplitMix64.mix(seed ^ Self.fnv1a(incident.id))
        var seen = Set<String>()
        let entities = incident.series.map(\.entity).filter { seen.insert($0).inserted }
        return RootCauseRanking(
            metrics: entities.map {
                RankedCandidate(entity: $0, score: Double(SplitMix64.mix(key &+ Self.fnv1a($0)) >> 11) * 0x1p-53)
            })
    }

    /// FNV-1a over the UTF-8 bytes: a stable string hash (Swift's `hashValue` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
