/// What `faultline fidelity` reports (METRICS.md §12): for every family and statistic, the simulated and the
/// reference distribution (median and IQR over series, pairs or faults) and a verdict. Rendered by `Reports`.
public struct FidelityReport: Codable, Sendable, Equatable {
    /// Version of this JSON shape.
    public var formatVersion: Int
    /// The comparison step (seconds): the coarser of the two recorded steps.
    public var stepSeconds: Double
    /// The verdict rule, in words.
    public var verdictRule: String
    /// The simulated side (the Faultline dataset).
    public var simulated: Side
    /// The reference side (the recording).
    public var reference: Side
    /// One row per family and statistic, then the dataset-wide rows (family `all`).
    public var rows: [Row]

    /// One side's inputs.
    public struct Side: Codable, Sendable, Equatable {
        /// Name and reader (`dataset`, `nezha`, `smd`, `nab`, `csv`).
        public var name: String
        public var format: String
        /// Its recorded step (seconds).
        public var nativeStepSeconds: Double
        /// Series resampled (every series but counters).
        public var series: Int
        /// Series per family (`cpu`, …), every family listed.
        public var seriesByFamily: [String: Int]
        /// Series left out of the families.
        public var skipped: Int
        /// The same by reason.
        public var skippedByReason: [String: Int]
        /// Each with its reason, in recording order.
        public var skippedSeries: [SkippedSeries]
        /// Whether the source labels its faults.
        public var hasGroundTruth: Bool
        /// Labelled faults.
        public var faults: Int
        /// Faults the contrast rows could score (a finite value in the window, a long enough baseline).
        public var faultsScored: Int
        /// Random fault-free windows scored.
        public var randomWindowsScored: Int

        public init(
            name: String, format: String, nativeStepSeconds: Double, series: Int, seriesByFamily: [String: Int], skipped: Int,
            skippedByReason: [String: Int], skippedSeries: [SkippedSeries], hasGroundTruth: Bool, faults: Int, faultsScored: Int,
            randomWindowsScored: Int
        ) {
            self.name = name
            self.format = format
            self.nativeStepSeconds = nativeStepSeconds
            self.series = series
            self.seriesByFamily = seriesByFamily
            self.skipped = skipped
            self.skippedByReason = skippedByReason
            self.skippedSeries = skippedSeries
            self.hasGroundTruth = hasGroundTruth
            self.faults = faults
            self.faultsScored = faultsScored
            self.randomWindowsScored = randomWindowsScored
        }
    }

    /// A series left out, and why.
    public struct SkippedSeries: Codable, Sendable, Equatable {
        public var id: String
        public var reason: String

        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    /// A statistic's distribution on one side.
    public struct Summary: Codable, Sendable, Equatable {
        /// Median (type 7) of the defined values; nil when none is defined.
        public var median: Double?
        /// First and third quartiles.
        public var q1: Double?
        public var q3: Double?
        /// Defined values (series, pairs, faults, or 1 for a single figure).
        public var count: Int
        /// Values that were undefined (a constant series, too few rows).
        public var undefined: Int
        /// Why there is no value, when `count` is 0.
        public var reason: String?

        public init(median: Double?, q1: Double?, q3: Double?, count: Int, undefined: Int, reason: String?) {
            self.median = median
            self.q1 = q1
            self.q3 = q3
            self.count = count
            self.undefined = undefined
            self.reason = reason
        }
    }

    /// Whether the simulated median lies in the reference's widened IQR, and on which side if not.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case ok
        case tooSmooth = "too smooth"
        case tooRough = "too rough"
        case tooLow = "too low"
        case tooHigh = "too high"
        /// A side has no value.
        case notAvailable = "n/a"
    }

    /// One family × statistic.
    public struct Row: Codable, Sendable, Equatable {
        /// A `MetricFamily` raw value, or `all` for the dataset-wide rows.
        public var family: String
        public var statistic: FidelityStatistic
        public var simulated: Summary
        public var reference: Summary
        /// The reference's widened IQR `[low, high]` (nil when the reference has no value).
        public var band: [Double]?
        public var verdict: Verdict

        public init(family: String, statistic: FidelityStatistic, simulated: Summary, reference: Summary, band: [Double]?, verdict: Verdict) {
            self.family = family
            self.statistic = statistic
            self.simulated = simulated
            self.reference = reference
            self.band = band
            self.verdict = verdict
        }
    }

    public init(formatVersion: Int, stepSeconds: Double, verdictRule: String, simulated: Side, reference: Side, rows: [Row]) {
        self.formatVersion = formatVersion
        self.stepSeconds = stepSeconds
        self.verdictRule = verdictRule
        self.simulated = simulated
        self.reference = reference
        self.rows = rows
    }
}
