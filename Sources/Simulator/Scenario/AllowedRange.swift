import Telemetry

/// The values a scenario key accepts: an interval with open or closed ends, and how its ends read
/// in an error message (`between 1 and 10000`, `above 0s and at most 1h`).
struct AllowedRange: Sendable {
    var lower: Double
    /// True when the lower end itself is refused (`above 0`).
    var lowerOpen: Bool
    var upper: Double
    /// True when the upper end itself is refused (`below 1`).
    var upperOpen: Bool
    /// How the ends are written: plain numbers, or durations.
    var durations: Bool

    init(_ lower: Double, _ upper: Double, lowerOpen: Bool = false, upperOpen: Bool = false, durations: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.lowerOpen = lowerOpen
        self.upperOpen = upperOpen
        self.durations = durations
    }

    /// `lower ≤ v ≤ upper` (with the open ends refused); false for NaN and infinities.
    func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        let aboveLower = lowerOpen ? v > lower : v >= lower
        let belowUpper = upperOpen ? v < upper : v <= upper
        return aboveLower && belowUpper
    }

    /// `between 1 and 10000`, `above 0 and at most 100`, `at least 0 and below 1`.
    var text: String {
        let lo = render(lower), hi = render(upper)
        switch (lowerOpen, upperOpen) {
        case (false, false): return "between \(lo) and \(hi)"
        case (true, false): return "above \(lo) and at most \(hi)"
        case (false, true): return "at least \(lo) and below \(hi)"
        case (true, true): return "above \(lo) and below \(hi)"
        }
    }

    func render(_ v: Double) -> String { durations ? DurationText.render(v) : Self.number(v) }

    /// A number as a person writes it: whole numbers without a fraction (`10000`, not `10000.0`).
    static func number(_ v: Double) -> String {
        if v.isFinite && v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// [lower, upper].
    static func closed(_ lower: Double, _ upper: Double) -> AllowedRange { AllowedRange(lower, upper) }
    /// (0, upper].
    static func positive(atMost upper: Double) -> AllowedRange { AllowedRange(0, upper, lowerOpen: true) }
    /// [0, 1]: shares, ratios, probabilities.
    static let unit = AllowedRange(0, 1)
    /// [0, 1): amplitudes and noise, which must keep traffic positive.
    static let belowOne = AllowedRange(0, 1, upperOpen: true)
    /// (0, upper] for durations, written with units.
    static func duration(atMost upperMs: Double) -> AllowedRange { AllowedRange(0, upperMs, lowerOpen: true, durations: true) }
    /// [0, upper] for offsets into the run, written with units.
    static func offset(atMost upperMs: Double) -> AllowedRange { AllowedRange(0, upperMs, durations: true) }
}
