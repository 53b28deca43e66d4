/// A metric identifier of `results.json` (METRICS.md §11): a closed set. Every identifier Faultline
/// writes or reads is one of the named constants below, a member of a parametrised family
/// (`hit_rate@P`, `nab_<profile>`, `nab_raw_<profile>`, `nab_heldout_<profile>`), or either of those with
/// the `_chance` suffix of a chance level. A string outside the set does not make a `MetricID`: decoding
/// it fails, and a literal outside it stops the program (a typo in code, caught by the tests).
public struct MetricID: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The identifier as written in `results.json`.
    public let rawValue: String

    /// The identifier `rawValue`, or nil when it is not in the closed set.
    public init?(rawValue: String) {
        guard Self.isKnown(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// A literal identifier; it must be in the closed set.
    public init(stringLiteral value: String) {
        guard Self.isKnown(value) else { preconditionFailure("'\(value)' is not a METRICS.md §11 metric identifier") }
        rawValue = value
    }

    private init(known: String) { rawValue = known }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.isKnown(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a METRICS.md §11 metric identifier"))
        }
        rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (a: MetricID, b: MetricID) -> Bool { a.rawValue < b.rawValue }

    /// The chance level of this metric (`<id>_chance`).
    public var chance: MetricID { MetricID(known: rawValue + Self.chanceSuffix) }

    /// Whether this is a chance level (`_chance` suffix).
    public var isChance: Bool { rawValue.hasSuffix(Self.chanceSuffix) }

    /// HitRate@P% (METRICS.md §8).
    public static func hitRate(_ percent: Int) -> MetricID { MetricID(known: "hit_rate@\(max(0, percent))") }

    /// The normalised NAB score of a profile (`nab_standard`, `nab_reward_low_fp_rate`, …).
    public static func nab(profile: String) -> MetricID { MetricID(known: "nab_" + profileKey(profile)) }

    /// The raw NAB score of a profile (`nab_raw_standard`, …).
    public static func nabRaw(profile: String) -> MetricID { MetricID(known: "nab_raw_" + profileKey(profile)) }

    /// The held-out NAB score of a profile (`nab_heldout_standard`, …).
    public static func nabHeldOut(profile: String) -> MetricID { MetricID(known: "nab_heldout_" + profileKey(profile)) }

    // MARK: - The set

    static let chanceSuffix = "_chance"

    /// The identifiers that are not members of a parametrised family, by METRICS.md §11 family.
    public static let named: [String: [String]] = [
        "point": ["precision", "recall", "f1", "auc_pr", "roc_auc"],
        "event-aware": [
            "pa_f1", "pa_k_auc", "event_recall", "event_precision", "composite_f", "range_precision", "range_recall", "range_f1",
            "affiliation_precision", "affiliation_recall", "vus_roc", "vus_pr",
        ],
        "timing": [
            "time_to_detect_median_s", "mttd_s", "missed_events", "impact_lead_time_median_s", "false_alarms_per_day",
            "event_recall_subtle", "event_recall_moderate", "event_recall_plain",
        ],
        "prediction": [
            "prediction_precision", "prediction_recall", "prediction_f", "lead_time_median_s", "lead_time_p10_s", "lead_time_p90_s",
            "false_warnings_per_day", "ttf_error_median_s", "observed_failures", "predicted_failures",
        ],
        "root cause": ["ac@1", "ac@2", "ac@3", "ac@4", "ac@5", "avg@5", "mrr", "rank_median", "lift@5"],
        "alerts, logs": [
            "compression_ratio", "purity", "incident_recall", "fragmentation", "incident_mttd_s", "pages_per_day", "grouping_accuracy",
        ],
        "cost": ["fit_s", "score_s", "points_per_s", "peak_rss_bytes", "row_latency_p50_us", "row_latency_p99_us", "row_latency_max_us"],
    ]

    private static let namedSet: Set<String> = Set(named.values.joined())

    /// Whether `text` is in the closed set.
    public static func isKnown(_ text: String) -> Bool {
        let base = text.hasSuffix(chanceSuffix) ? String(text.dropLast(chanceSuffix.count)) : text
        if namedSet.contains(base) { return true }
        if base.hasPrefix("hit_rate@") {
            let digits = base.dropFirst("hit_rate@".count)
            return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if base.hasPrefix("nab_") {
            let key = base.dropFirst(4)
            return !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
        return false
    }

    /// A NAB profile name as it appears in identifiers: lower case, other characters as `_`.
    static func profileKey(_ profile: String) -> String {
        let key = String(profile.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        return key.isEmpty ? "_" : key
    }
}

extension MetricID {
    public static let precision: MetricID = "precision"
    public static let recall: MetricID = "recall"
    public static let f1: MetricID = "f1"
    public static let aucPR: MetricID = "auc_pr"
    public static let rocAUC: MetricID = "roc_auc"
    public static let paF1: MetricID = "pa_f1"
    public static let paKAUC: MetricID = "pa_k_auc"
    public static let eventRecall: MetricID = "event_recall"
    public static let eventPrecision: MetricID = "event_precision"
    public static let compositeF: MetricID = "composite_f"
    public static let rangePrecision: MetricID = "range_precision"
    public static let rangeRecall: MetricID = "range_recall"
    public static let rangeF1: MetricID = "range_f1"
    public static let affiliationPrecision: MetricID = "affiliation_precision"
    public static let affiliationRecall: MetricID = "affiliation_recall"
    public static let vusROC: MetricID = "vus_roc"
    public static let vusPR: MetricID = "vus_pr"
    public static let timeToDetectMedian: MetricID = "time_to_detect_median_s"
    public static let mttd: MetricID = "mttd_s"
    public static let missedEvents: MetricID = "missed_events"
    public static let impactLeadTimeMedian: MetricID = "impact_lead_time_median_s"
    public static let falseAlarmsPerDay: MetricID = "false_alarms_per_day"
    public static let groupingAccuracy: MetricID = "grouping_accuracy"
    public static let fitSeconds: MetricID = "fit_s"
    public static let scoreSeconds: MetricID = "score_s"
    public static let pointsPerSecond: MetricID = "points_per_s"
    /// Wall-clock cost of one live row in a replay (`observe` plus the threshold step), in µs.
    public static let rowLatencyP50: MetricID = "row_latency_p50_us"
    public static let rowLatencyP99: MetricID = "row_latency_p99_us"
    public static let rowLatencyMax: MetricID = "row_latency_max_us"
}
