/// Everything the `Evaluation` module throws: bad inputs to a metric or to the NAB scorer.
///
/// Each case carries the context a user needs to find the problem: the series or file, the row, the
/// window, and what was wrong. Metrics that are merely *undefined* (a zero denominator) do not throw;
/// they return `MetricValue.undefined(reason)`.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A score is NaN or ±∞ (METRICS §1: never dropped, imputed or clipped).
    case nonFiniteScore(series: String, row: Int, value: Double)
    /// Two inputs that must be row-aligned have different lengths.
    case lengthMismatch(series: String, what: String, expected: Int, actual: Int)
    /// A label window is malformed (end before start, out of range, overlapping, …).
    case invalidWindow(series: String, window: Int, reason: String)
    /// A NAB score lies outside [0, 1].
    case scoreOutOfRange(series: String, row: Int, value: Double)
    /// A parameter of a metric is out of its domain (α outside [0, 1], an empty K grid, …).
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case let .nonFiniteScore(series, row, value):
            return "score \(value) at row \(row) of \(series) is not finite"
        case let .lengthMismatch(series, what, expected, actual):
            return "\(what) of \(series) has \(actual) rows, expected \(expected)"
        case let .invalidWindow(series, window, reason):
            return "window \(window) of \(series): \(reason)"
        case let .scoreOutOfRange(series, row, value):
            return "score \(value) at row \(row) of \(series) is outside [0, 1]"
        case let .invalidParameter(name, reason):
            return "parameter \(name): \(reason)"
        }
    }
}
