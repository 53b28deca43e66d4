import LinearAlgebra
import Telemetry

/// How independently a family's series move (METRICS.md §12.3, `pc90_share`): the number of principal
/// components that explain 90 % of the variance of the standardised first differences, over the series count.
/// Near 1/k when k series move as one, near ⌈0.9·k⌉/k when they are independent.
public enum CrossSeriesIndependence {
    /// Share of variance the leading components must reach.
    public static let varianceShare = 0.9

    /// The share and what it was computed on.
    public struct Result: Sendable, Equatable {
        /// Components for 90 % of the variance / series used.
        public var share: Double
        /// The components.
        public var components: Int
        /// Series used (those kept for common rows whose differences are not constant there).
        public var series: Int
        /// Common rows: where every series is finite at t and t + 1.
        public var rows: Int
    }

    /// The share for series on one grid (`first`: grid row of `values[0]`).
    ///
    /// The differences on the common rows form an m × k column-major matrix; each column is standardised
    /// (mean 0, std 1; constant columns are dropped); the eigenvalues of its Gram matrix (`dsyrk`, then
    /// `dsyevr` through `LinearAlgebra.SymmetricEigen`) are the components' variances, largest first.
    ///
    /// While the common rows number fewer than max(20, 2k), the series with the fewest finite differences is
    /// left out (the last of equals), down to two series.
    ///
    /// - Returns: nil for fewer than 2 usable series or fewer than max(20, 2k) common rows.
    /// - Throws: `LinearAlgebraError` when the eigen-solver fails.
    /// - Complexity: O(m·k) to gather, m·k² for the Gram matrix, O(k³) for the eigenvalues.
    public static func share(_ input: [(first: Int, values: [Double])]) throws -> Result? {
        guard input.count >= 2 else { return nil }
        // Finite differences per series: the series with the fewest is dropped first while the common rows
        // are too few (series recorded on different days would otherwise share none).
        let differences = input.map { s in zip(s.values, s.values.dropFirst()).reduce(0) { $0 + ($1.0.isFinite && $1.1.isFinite ? 1 : 0) } }
        var active = Array(input.indices)
        var lo = 0, hi = 0, keep: [Bool] = []
        while true {
            (lo, hi, keep) = commonRows(active.map { input[$0] })
            let m = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
            if m >= max(20, 2 * active.count) || active.count <= 2 { break }
            guard let worst = active.indices.min(by: { (differences[active[$0]], -$0) < (differences[active[$1]], -$1) }) else { break }
            active.remove(at: worst)
        }
        let series = active.map { input[$0] }
        let m = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        var columns: [Double] = []
        columns.reserveCapacity(m * series.count)
        var k = 0
        var column = [Double](repeating: 0, count: m)
        for s in series {
            s.values.withUnsafeBufferPointer { p in
                var j = 0
                for r in lo..<hi where keep[r - lo] {
                    column[j] = p[r + 1 - s.first] - p[r - s.first]
                    j += 1
                }
            }
            let mean = column.reduce(0, +) / Double(max(m, 1))
            var ss = 0.0
            for v in column { ss += (v - mean) * (v - mean) }
            guard m > 1, ss > 0 else { continue }
            let scale = 1 / (ss / Double(m - 1)).squareRoot()
            for v in column { columns.append((v - mean) * scale) }
            k += 1
        }
        guard k >= 2, m >= max(20, 2 * k) else { return nil }
        let z = try Matrix(rows: m, columns: k, columnMajor: columns)
        let gram = try Matrix.gram(z)
        let eigen = try SymmetricEigen(gram)
        let values = eigen.values.map { max(0, $0) }.sorted(by: >)
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        var acc = 0.0, components = 0
        for v in values {
            acc += v
            components += 1
            if acc >= varianceShare * total * (1 - 1e-12) { break }
        }
        return Result(share: Double(components) / Double(k), components: components, series: k, rows: m)
    }

    /// The rows `lo..<hi` every series spans (with a successor) and which of them have every series finite at
    /// t and t + 1.
    static func commonRows(_ series: [(first: Int, values: [Double])]) -> (lo: Int, hi: Int, keep: [Bool]) {
        let lo = series.map(\.first).max() ?? 0
        let hi = (series.map { $0.first + $0.values.count }.min() ?? 0) - 1  // last row with a successor
        guard hi > lo else { return (lo, lo, []) }
        var keep = [Bool](repeating: true, count: hi - lo)
        for s in series {
            s.values.withUnsafeBufferPointer { p in
                for r in lo..<hi where keep[r - lo] {
                    let i = r - s.first
                    if !(p[i].isFinite && p[i + 1].isFinite) { keep[r - lo] = false }
                }
            }
        }
        return (lo, hi, keep)
    }
}
