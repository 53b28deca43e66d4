import Reports
import Telemetry
import Yams

/// The failure-prediction part of an experiment spec (`prediction:` and `predictors:`; METRICS §7).
///
/// ```yaml
/// prediction:
///   warning_time: 5m            # Δt_l (≥ 0)
///   prediction_period: 60m      # Δt_p (> 0)
///   horizon: 65m                # how far forecasts look (default Δt_l + Δt_p; at least one step)
///   lead_grid: [0m, 5m, 10m, 20m, 30m]   # Δt_l values for precision/recall at a minimum lead
///   train_seeds: [1, 2, 3]      # datasets of these seeds train (and choose defaults); the others are the test seeds
/// predictors:
///   - name: theil_sen
///     params: {window_minutes: 60}
/// ```
public struct PredictionSpec: Sendable, Equatable {
    /// One predictor to evaluate.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var label: String
        public var parameters: [String: String]
        /// Threshold override (else the predictor's default).
        public var threshold: ExperimentSpec.ThresholdEntry?
        public var line: Int?
        public var keyPath: String
    }

    /// Δt_l, Δt_p and the forecast horizon, ms.
    public var warningTimeMs: Int64, predictionPeriodMs: Int64, horizonMs: Int64
    /// Other Δt_l values, ms (sorted, distinct; the run's own is reported ungrouped).
    public var leadGridMs: [Int64]
    /// Seeds whose datasets train; nil when the spec names none (every dataset is a test dataset).
    public var trainSeeds: [UInt64]?
    public var predictors: [Entry]
    /// Where `prediction.horizon` is (for the check against the data's step).
    public var horizonLine: Int?

    /// Longest Δt_l, Δt_p or horizon accepted: 30 days.
    public static let maxDurationMs: Int64 = 30 * 86_400_000
    /// Most Δt_l values in `lead_grid`.
    public static let maxGrid = 50

    static let keys = ["warning_time", "prediction_period", "horizon", "lead_grid", "train_seeds"]

    /// Parses `prediction:` (may be absent: defaults) and `predictors:`.
    ///
    /// - Throws: `SpecError` naming the key: Δt_p ≤ 0, Δt_l < 0, a horizon ≤ 0, durations over 30 days, bad lists.
    static func parse(prediction: Node?, predictors: Node, _ r: YAMLReader) throws -> PredictionSpec {
        let m = try prediction.map { try r.mapping($0, "prediction", allowed: keys) } ?? [:]
        func duration(_ key: String, default value: Int64?) throws -> Int64? {
            guard let node = m[key] else { return value }
            return try Self.duration(node, "prediction.\(key)", r)
        }
        let lead = try duration("warning_time", default: 5 * 60_000) ?? 0
        let period = try duration("prediction_period", default: 60 * 60_000) ?? 0
        guard lead >= 0 else { throw r.error(m["warning_time"], "prediction.warning_time", "Δt_l must be ≥ 0") }
        guard period > 0 else {
            throw r.error(m["prediction_period"], "prediction.prediction_period", "Δt_p must be positive, got \(DurationText.render(Double(period)))")
        }
        let horizon = try duration("horizon", default: lead + period) ?? 0
        guard horizon > 0 else { throw r.error(m["horizon"], "prediction.horizon", "the horizon must be positive") }
        for (key, v) in [("warning_time", lead), ("prediction_period", period), ("horizon", horizon)] where v > maxDurationMs {
            throw r.error(m[key], "prediction.\(key)", "at most 30 days")
        }
        var grid: [Int64] = [0, 5 * 60_000, 10 * 60_000, 15 * 60_000, 20 * 60_000, 30 * 60_000]
        if let g = m["lead_grid"] {
            let nodes = try r.sequence(g, "prediction.lead_grid")
            guard !nodes.isEmpty, nodes.count <= maxGrid else { throw r.error(g, "prediction.lead_grid", "list 1 to \(maxGrid) durations") }
            grid = try nodes.enumerated().map { try Self.duration($0.element, "prediction.lead_grid[\($0.offset)]", r) }
            for (i, v) in grid.enumerated() where v < 0 || v > maxDurationMs {
                throw r.error(nodes[i], "prediction.lead_grid[\(i)]", "must be between 0 and 30 days")
            }
        }
        var trainSeeds: [UInt64]?
        if let s = m["train_seeds"] {
            let seeds = try r.sequence(s, "prediction.train_seeds").enumerated().map {
                try r.seed($0.element, "prediction.train_seeds[\($0.offset)]")
            }
            try ExperimentSpec.checkSeedCount(seeds, s, "prediction.train_seeds", r)
            trainSeeds = seeds
        }
        var entries: [Entry] = []
        let nodes = try r.sequence(predictors, "predictors")
        guard !nodes.isEmpty, nodes.count <= ExperimentSpec.maxEntries else {
            throw r.error(predictors, "predictors", "list 1 to \(ExperimentSpec.maxEntries) predictors")
        }
        for (i, node) in nodes.enumerated() {
            let path = "predictors[\(i)]"
            let e = try r.mapping(node, path, allowed: ["name", "label", "params", "threshold"], required: ["name"])
            guard let nameNode = e["name"] else { continue }
            let name = try r.string(nameNode, "\(path).name")
            let label = try e["label"].map { try r.string($0, "\(path).label") } ?? name
            if let reason = RunFolder.unsafeLabelReason(label) {
                throw r.error(e["label"] ?? nameNode, "\(path).label", "predictor label '\(ExperimentSpec.shown(label))' \(reason)")
            }
            guard !entries.contains(where: { $0.label == label }) else {
                throw r.error(node, path, "predictor '\(label)' appears twice", hint: "give one of them a distinct 'label'")
            }
            entries.append(
                Entry(
                    name: name, label: label, parameters: try e["params"].map { try r.parameters($0, "\(path).params") } ?? [:],
                    threshold: try e["threshold"].map { try ExperimentSpec.parseThreshold($0, "\(path).threshold", r) },
                    line: nameNode.mark?.line, keyPath: "\(path).name"))
        }
        return PredictionSpec(
            warningTimeMs: lead, predictionPeriodMs: period, horizonMs: horizon, leadGridMs: Array(Set(grid).subtracting([lead])).sorted(),
            trainSeeds: trainSeeds, predictors: entries, horizonLine: m["horizon"]?.mark?.line)
    }

    /// A duration written `5m`, `90s`, `1h30m` or a bare number of seconds.
    static func duration(_ node: Node, _ path: String, _ r: YAMLReader) throws -> Int64 {
        let text = try r.string(node, path)
        if let v = Double(text), v.isFinite, abs(v) <= 1e12 { return Int64((v * 1000).rounded()) }
        if text.hasPrefix("-"), let v = DurationText.milliseconds(String(text.dropFirst())) { return -Int64(v.rounded()) }
        guard let v = DurationText.milliseconds(text), v.isFinite, v <= 1e15 else {
            throw r.error(node, path, "not a duration: '\(ExperimentSpec.shown(text))'", hint: "write e.g. 5m, 90s, 1h30m or a number of seconds")
        }
        return Int64(v.rounded())
    }

    /// One line for reports.
    public var summary: String {
        let seeds = trainSeeds.map { "train seeds \($0.map(String.init).joined(separator: ", "))" } ?? "no train seeds"
        return "prediction: Δt_l = \(DurationText.render(Double(warningTimeMs))), Δt_p = \(DurationText.render(Double(predictionPeriodMs))), "
            + "horizon \(DurationText.render(Double(horizonMs))); \(seeds), every other seed is a test seed; failures are user-impact starts"
    }
}
