/// One scored file of a NAB-style corpus (METRICS §4): its rows in file order, its windows as inclusive
/// row ranges, and the detector's score on every row.
public struct NABFile: Sendable {
    /// File name (`realKnownCause/nyc_taxi.csv`), used in messages and per-file results.
    public var name: String
    /// Windows `[l_k, r_k]`, inclusive rows, sorted and disjoint.
    public var windows: [RowInterval]
    /// Scores `a_i ∈ [0, 1]`, one per row in file order.
    public var scores: [Double]

    /// Number of rows n.
    public var rowCount: Int { scores.count }

    /// Creates a file. Validation happens in `NABScorer.init`.
    public init(name: String, windows: [RowInterval], scores: [Double]) {
        self.name = name
        self.windows = windows
        self.scores = scores
    }

    /// A file from the shared event model: its events become the NAB windows (for Faultline data, the
    /// ground-truth fault windows mapped to rows).
    ///
    /// - Throws: `EvaluationError.lengthMismatch` when `scores` and the timeline differ in length.
    public init(name: String, timeline: EventTimeline, scores: [Double]) throws {
        guard scores.count == timeline.rowCount else {
            throw EvaluationError.lengthMismatch(series: name, what: "scores", expected: timeline.rowCount, actual: scores.count)
        }
        self.init(name: name, windows: timeline.eventRows, scores: scores)
    }

    /// Probationary rows `p = min(⌊0.15·n⌋, 750)`.
    public static func probationRows(rowCount n: Int) -> Int { min(Int((0.15 * Double(n)).rounded(.down)), 750) }
}
