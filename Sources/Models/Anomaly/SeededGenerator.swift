import Foundation
import Telemetry

/// SplitMix64: a small, fast, explicitly seeded generator (Steele, Lea & Flood 2014).
///
/// Used where Models needs reproducible synthetic data (benchmarks); identical output on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var bits: SplitMix64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { bits.next() }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal draw (Box–Muller, one of the pair).
    public mutating func nextGaussian() -> Double {
        let u1 = Swift.max(nextUniform(), 0x1.0p-53)
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
