import Foundation

/// A documented change an importer made to the input so that it fits a dataset, reported to the user: nothing is
/// changed or dropped without one (docs/INTEROP.md "Repairs").
public struct ImportRepair: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The closed set of repairs an importer may make.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Rows were not in time order; they were sorted (stably, so rows with one time keep file order).
        case sorted
        /// Several rows shared a timestamp; they were merged by the named `DuplicatePolicy`.
        case duplicatesMerged = "duplicates-merged"
        /// Missing steps of a regular grid were added as rows of NaN.
        case gapsFilled = "gaps-filled"
        /// Steps are mixed or the gaps too long to fill: the rows keep their own timestamps.
        case irregularKept = "irregular-kept"
        /// The input has no times (HDFS sessions): rows were given a 1 s grid from 1970-01-01.
        case timesAssigned = "times-assigned"
        /// ISO-8601 timestamps without a zone were read as UTC.
        case zoneAssumed = "zone-assumed"
        /// Samples or series that carry no metric value (OpenMetrics `_created`, a fault series) were not made series.
        case samplesNotSeries = "samples-not-series"
        /// A series or a label the source has was left out (the reason says which and why).
        case leftOut = "left-out"
    }

    /// Which repair.
    public var kind: Kind
    /// What was changed, with counts and the first place it happened.
    public var message: String

    /// Creates a repair record.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// What to do with rows that share a timestamp (after sorting).
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Per cell, the value of the last row in file order that has one (not NaN).
    case last
    /// Per cell, the value of the first row in file order that has one.
    case first
    /// Per cell, the mean of the rows' non-missing values.
    case mean
    /// Refuse the file, naming the line of the second row.
    case error
}

/// Whether missing steps of a regular grid become NaN rows.
public enum GapPolicy: String, Sendable, CaseIterable {
    /// Fill when every step is a multiple of the usual one and filling at most doubles the rows; else keep the
    /// rows irregular. Either way the report says which.
    case auto
    /// Always fill a regular grid (an error when the steps are mixed or the grid would exceed the row limit).
    case fill
    /// Never fill: keep the recorded timestamps.
    case keep
}
