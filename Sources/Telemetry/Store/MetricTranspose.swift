/// Blocked transposition between `MetricFrame`'s column-major layout and the time-major (C order)
/// layout of `metrics.npy`, in tiles small enough that both sides stay in the L1 cache.
public enum MetricTranspose {
    /// Tile edge (values): 32 × 32 doubles = 8 KiB per side.
    static let tile = 32

    /// Copies rows `from ..< from + count` of a column-major matrix (`columns` columns with leading
    /// dimension `rows`, column `c` starting at `src[c * rows]`) into `dst` time-major
    /// (`dst[r * columns + c]`, `r` from 0). The last column may end right after row `from + count`.
    ///
    /// - Precondition: `dst.count ≥ count · columns`, `from + count ≤ rows`.
    public static func toTimeMajor(
        _ src: UnsafeBufferPointer<Double>, rows: Int, columns: Int, from: Int, count: Int,
        into dst: UnsafeMutableBufferPointer<Double>
    ) {
        guard count > 0, columns > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        precondition(from >= 0 && from + count <= rows && src.count >= (columns - 1) * rows + from + count && dst.count >= count * columns)
        var c0 = 0
        while c0 < columns {
            let c1 = min(columns, c0 + tile)
            var r0 = 0
            while r0 < count {
                let r1 = min(count, r0 + tile)
                for c in c0..<c1 {
                    let col = s + c * rows + from
                    for r in r0..<r1 { d[r * columns + c] = col[r] }
                }
                r0 = r1
            }
            c0 = c1
        }
    }

    /// Copies `count` time-major rows (`src[r * columns + c]`) into rows `at ..< at + count` of a
    /// column-major matrix with `rows` rows (`dst[c * rows + at + r]`).
    ///
    /// - Precondition: `src.count ≥ count · columns`, `at + count ≤ rows`, `dst.count ≥ rows · columns`.
    public static func toColumnMajor(
        _ src: UnsafeBufferPointer<Double>, count: Int, columns: Int,
        into dst: UnsafeMutableBufferPointer<Double>, rows: Int, at: Int
    ) {
        guard count > 0, columns > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        precondition(at >= 0 && at + count <= rows && src.count >= count * columns && dst.count >= rows * columns)
        var c0 = 0
        while c0 < columns {
            let c1 = min(columns, c0 + tile)
            var r0 = 0
            while r0 < count {
                let r1 = min(count, r0 + tile)
                for c in c0..<c1 {
                    let col = d + c * rows + at
                    for r in r0..<r1 { col[r] = s[r * columns + c] }
                }
                r0 = r1
            }
            c0 = c1
        }
    }
}
