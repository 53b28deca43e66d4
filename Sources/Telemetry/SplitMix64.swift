/// SplitMix64 (Steele, Lea & Flood 2014): the one seeded generator and bit mixer every Faultline module
/// uses, so that "seed → bits" is defined in one place and identical on every platform.
///
/// `next()` is the sequential stream; `mix(_:)` is its finaliser, which counter-based streams apply to
/// `key + counter·golden` to draw any position directly, in any order, on any thread.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The 64-bit golden ratio, SplitMix64's increment (a computed constant, so hot loops in other
    /// modules fold it instead of calling a lazy-global accessor).
    @inlinable public static var golden: UInt64 { 0x9E37_79B9_7F4A_7C15 }

    /// The generator's state (the last position drawn).
    public var state: UInt64

    /// A generator whose whole output is determined by `seed`.
    @inlinable public init(seed: UInt64) { state = seed }

    /// SplitMix64's finaliser: a bijective avalanche of `x`.
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= Self.golden
        return Self.mix(state)
    }
}
