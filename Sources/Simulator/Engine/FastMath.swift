/// Fast, deterministic approximations of `log2`, `exp2` and `pow` for the physics hot loop
/// (relative error below 1e-5, far under the model's own noise). Pure functions of their inputs,
/// so results are identical on every thread.
enum FastMath {
    /// log2(x) for finite x > 0.
    @inline(__always)
    static func log2(_ x: Double) -> Double {
        let bits = x.bitPattern
        let e = Double(Int64((bits >> 52) & 0x7FF) - 1023)
        let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        let t4 = t2 * t2
        return e + 2.885_390_081_777_926_8 * t * ((1 + t2 * (1.0 / 3)) + t4 * ((0.2 + t2 * (1.0 / 7)) + t4 * (1.0 / 9)))
    }

    /// 2^y (0 below 2^-1000, +∞ above 2^1000).
    @inline(__always)
    static func exp2(_ y: Double) -> Double {
        if y < -1000 { return 0 }
        if y > 1000 { return .infinity }
        // floor(y) by truncation (|y| ≤ 1000 here), without the libm call `rounded(.down)` makes on baseline x86-64.
        let ti = Double(Int64(y))
        let i = ti > y ? ti - 1 : ti
        let f = (y - i) * 0.693_147_180_559_945_3
        let f2 = f * f, f4 = f2 * f2
        let p = ((1 + f) + f2 * (0.5 + f * (1.0 / 6))) + f4 * ((1.0 / 24 + f * (1.0 / 120)) + f2 * (1.0 / 720 + f * (1.0 / 5040)))
        let scale = Double(bitPattern: UInt64(Int64(i) + 1023) << 52)
        return p * scale
    }

    /// e^y.
    @inline(__always)
    static func exp(_ y: Double) -> Double { exp2(y * 1.442_695_040_888_963_4) }

    /// x^k for x ≥ 0.
    @inline(__always)
    static func pow(_ x: Double, _ k: Double) -> Double { x <= 0 ? 0 : exp2(k * log2(x)) }
}
