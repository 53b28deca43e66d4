import Foundation

/// How fast `faultline replay` feeds the scored rows: as fast as the models go, or paced on the recording's
/// own clock, at its speed or N times faster.
public enum ReplaySpeed: Sendable, Equatable, CustomStringConvertible {
    /// No waiting: each row as soon as the previous one is scored.
    case max
    /// Rows released on the recording's clock divided by `factor` (1 = real time).
    case paced(factor: Double)

    /// Largest speed-up accepted (`1000000x`): beyond it pacing waits less than a microsecond a row.
    public static let maxFactor = 1_000_000.0

    /// Parses `max`, `realtime` or `Nx` (`60x`, `2.5x`; also `N×`).
    ///
    /// - Throws: `UsageError` naming the accepted forms (exit 2).
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "max": self = .max
        case "realtime", "real-time", "1x": self = .paced(factor: 1)
        default:
            var digits = t
            if digits.hasSuffix("x") { digits.removeLast() } else if digits.hasSuffix("×") { digits.removeLast() } else { digits = "" }
            guard let f = Double(digits), f.isFinite, f > 0, f <= Self.maxFactor else {
                throw UsageError(
                    "--speed takes max, realtime or N× with 0 < N ≤ \(Int(Self.maxFactor)) (e.g. 60x), got '\(text)'")
            }
            self = .paced(factor: f)
        }
    }

    public var description: String {
        switch self {
        case .max: "max"
        case let .paced(f): f == 1 ? "realtime" : "\(Self.number(f))x"
        }
    }

    /// Seconds of wall clock a span of `ms` recorded milliseconds takes (nil: no pacing).
    func wallSeconds(recordedMs ms: Int64) -> Double? {
        guard case let .paced(f) = self else { return nil }
        return Double(ms) / 1000 / f
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
