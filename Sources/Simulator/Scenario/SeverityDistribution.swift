import Foundation

/// The severities a fault kind is injected with when the scenario does not fix them: a mixture of a
/// *mild* component (effects near the noise floor, the faults real incident sets are full of) and a
/// *severe* one (what chaos experiments usually inject).
///
/// A draw takes one 64-bit random word: its top 11 bits choose the component (mild with probability
/// `mildShare`), the next 53 bits the value within it — log-uniform over `mild` (so mild faults spread
/// evenly in ratio, from barely visible to clearly visible) and uniform over `severe`. The ranges are
/// strengths in (0, 1] as `Physics` applies them; `Scenarios/README.md` ("Severity") lists the values
/// and the peak |z| they achieve.
public struct SeverityDistribution: Sendable, Hashable {
    /// Probability of the mild component, in [0, 1].
    public let mildShare: Double
    /// Mild strengths (log-uniform over the range).
    public let mild: ClosedRange<Double>
    /// Severe strengths (uniform over the range).
    public let severe: ClosedRange<Double>

    /// Creates a distribution; the ranges must lie in (0, 1].
    public init(mildShare: Double, mild: ClosedRange<Double>, severe: ClosedRange<Double>) {
        precondition(
            mildShare >= 0 && mildShare <= 1 && mild.lowerBound > 0 && severe.lowerBound > 0 && mild.upperBound <= 1 && severe.upperBound <= 1)
        self.mildShare = mildShare
        self.mild = mild
        self.severe = severe
    }

    /// A strength drawn from the mixture with the random word `bits`.
    public func draw(_ bits: UInt64) -> Double {
        let pick = Double(bits >> 53) / 2048
        return pick < mildShare ? drawMild(bits) : drawSevere(bits)
    }

    /// A strength drawn from the mild component (log-uniform) with the random word `bits`.
    public func drawMild(_ bits: UInt64) -> Double {
        // a · (b/a)^u: log-uniform over [a, b], exactly a when a == b.
        Self.rounded(mild.lowerBound * pow(mild.upperBound / mild.lowerBound, Self.fraction(bits)))
    }

    /// A strength drawn from the severe component (uniform) with the random word `bits`.
    public func drawSevere(_ bits: UInt64) -> Double {
        Self.rounded(severe.lowerBound + Self.fraction(bits) * (severe.upperBound - severe.lowerBound))
    }

    /// The low 53 bits as a fraction in [0, 1).
    static func fraction(_ bits: UInt64) -> Double { Double(bits & ((1 << 53) - 1)) * 0x1.0p-53 }

    /// Three significant digits, so that events and ground truth show a readable strength (the physics uses
    /// the rounded value itself); at most 1.
    static func rounded(_ x: Double) -> Double {
        guard x > 0 else { return 0.001 }
        let scale = pow(10, 2 - floor(log10(x)))
        return min(1, (x * scale).rounded() / scale)
    }
}
