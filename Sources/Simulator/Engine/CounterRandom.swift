import Foundation
import Telemetry

/// Counter-based random numbers: every draw is a pure function of (key, counter), so any row of any
/// stream can be drawn independently, in any order, on any thread, with identical results.
///
/// The mixer is SplitMix64's finaliser applied to `key + counter·φ` (φ the 64-bit golden ratio),
/// i.e. the SplitMix64 stream seeded with `key`, indexed directly. Keys are derived from the seed and
/// a stream id with `key(seed:stream:)`, so streams of different entities never share draws.
enum CounterRandom {
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

    /// Key of one stream (one entity, one purpose) of a run.
    @inline(__always)
    static func key(seed: UInt64, stream: UInt64) -> UInt64 { mix(seed &+ mix(stream &+ 0x632B_E59B_D9B4_E019)) }

    /// Stream id from a name (FNV-1a), for keys tied to entity names rather than positions.
    static func stream(_ name: String, purpose: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return mix(h ^ purpose)
    }

    /// 64 random bits for `counter` of stream `key`.
    @inline(__always)
    static func bits(_ key: UInt64, _ counter: Int) -> UInt64 { mix(key &+ UInt64(bitPattern: Int64(counter)) &* SplitMix64.golden) }

    /// Uniform in [0, 1).
    @inline(__always)
    static func uniform(_ b: UInt64) -> Double { Double(b >> 11) * 0x1.0p-53 }

    /// Approximately standard normal (Irwin–Hall sum of four 16-bit uniforms, scaled to unit
    /// variance; support ±3.46). Cheap enough for the per-point observation noise.
    @inline(__always)
    static func gaussian(_ b: UInt64) -> Double {
        // Summed as integers (exact), converted once.
        let s = (b & 0xFFFF) + ((b >> 16) & 0xFFFF) + ((b >> 32) & 0xFFFF) + (b >> 48)
        return (Double(Int64(bitPattern: s)) * (1.0 / 65536.0) - 2.0) * 1.7320508075688772
    }

    /// Approximately standard normal from the low 32 bits only (Irwin–Hall sum of four byte-sized
    /// uniforms, each at the centre of its bin, scaled to unit variance; 1,021 levels over ±3.46),
    /// so one 64-bit draw serves two values.
    @inline(__always)
    static func gaussian32(_ b: UInt64) -> Double {
        byteSumNormal((b & 0xFF) + ((b >> 8) & 0xFF) + ((b >> 16) & 0xFF) + ((b >> 24) & 0xFF))
    }

    /// The unit-variance normal of a sum of four bytes (0…1020), each at the centre of its bin.
    @inline(__always)
    static func byteSumNormal(_ s: UInt64) -> Double { ((Double(Int64(bitPattern: s)) + 2) * (1.0 / 256.0) - 2.0) * 1.7320508075688772 }

    /// `(gaussian32(b), gaussian32(b >> 32))`, the two byte sums taken side by side in one word.
    @inline(__always)
    static func gaussian32Pair(_ b: UInt64) -> (Double, Double) {
        let t = (b & 0x00FF_00FF_00FF_00FF) &+ ((b >> 8) & 0x00FF_00FF_00FF_00FF)
        let u = (t & 0x0000_FFFF_0000_FFFF) &+ ((t >> 16) & 0x0000_FFFF_0000_FFFF)
        return (byteSumNormal(u & 0xFFFF_FFFF), byteSumNormal(u >> 32))
    }

    /// Poisson draw with mean `lambda` from one 64-bit seed (inversion for small means, normal
    /// approximation above 30).
    static func poisson(_ lambda: Double, _ b: UInt64) -> Int {
        if !(lambda > 0) { return 0 }
        if lambda > 30 {
            return max(0, Int((lambda + lambda.squareRoot() * gaussian(b)).rounded()))
        }
        var u = uniform(b)
        // e^-λ ≥ 1 − λ, so below 1 − λ the draw is 0 (the common case for small means) without the exp.
        if u <= 1 - lambda { return 0 }
        var k = 0
        var p = exp(-lambda)
        var cdf = p
        while u > cdf && k < 200 {
            k += 1
            p *= lambda / Double(k)
            cdf += p
        }
        u = 0
        return k
    }

    /// Binomial(n, p) draw from one 64-bit seed: exact inversion of the CDF while the expected count of
    /// the rarer outcome is below 25 (so rows with an expected count under one are often zero), the
    /// normal approximation (rounded, clamped to 0…n) above. Below p = 0.05 the inversion uses the
    /// Poisson(np) probabilities (variance np instead of np(1 − p), at most 5 % more). Pure in (n, p, b).
    static func binomial(_ n: Int, _ p: Double, _ b: UInt64) -> Int {
        if n <= 0 || !(p > 0) { return 0 }
        if p >= 1 { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, b) }
        let nd = Double(n)
        let mean = nd * p
        if mean >= 25 {
            let sd = (mean * (1 - p)).squareRoot()
            return min(n, max(0, Int((mean + sd * gaussian(b)).rounded())))
        }
        let u = uniform(b)
        // P(0) ≥ 1 − np (Bernoulli's inequality, and e^−λ ≥ 1 − λ), so below 1 − np the draw is 0.
        if u < 1 - mean { return 0 }
        let poisson = p < 0.05
        var pk = poisson ? exp(-mean) : exp(nd * log1p(-p))
        let ratio = p / (1 - p)
        var cdf = pk
        var k = 0
        // Past the mean, a term below 1e-15 means u fell in the rounding gap under 1: stop there.
        while u > cdf && k < n && (Double(k) < mean || pk > 1e-15) {
            pk *= poisson ? mean / Double(k + 1) : Double(n - k) / Double(k + 1) * ratio
            k += 1
            cdf += pk
        }
        return k
    }
}
