import LinearAlgebra

/// Invariant mining on event-count vectors (Lou et al., USENIX ATC 2010), as in loglizer.
///
/// Normal executions obey linear relations between event counts ("every opened file is closed":
/// `count(open) − count(close) = 0`). These invariants span the (near) null space of the count
/// matrix. Fitting:
///
/// 1. The SVD of the training counts gives the right singular vectors; the invariant space
///    dimension `r` is the number of them that ``support`` of the sessions satisfy
///    (`|x·v| ≤ ε·max|v|`).
/// 2. Sparse integer invariants are searched over column subsets of growing size (1 …
///    ``maxInvariantSize``), skipping supersets of subsets that already carry an invariant: the
///    sub-Gram matrix's smallest eigenvector (the subset's null direction, `dsyevr`) is scaled to
///    small integers (scale 1, 2 or 3 of its smallest coefficient) and kept when at least
///    ``support`` of the training sessions satisfy `|x·w| ≤ ε`. The search stops after `r`
///    invariants.
///
/// A session is anomalous when it violates at least one invariant; its score is the number of
/// violated invariants.
public struct InvariantMiner: Sendable {
    /// One integer invariant `Σ coefficients[i]·count(events[i]) = 0`.
    public struct Invariant: Sendable, Hashable, Codable {
        /// Event columns involved.
        public var events: [Int]
        /// Integer coefficients, same order as `events`.
        public var coefficients: [Double]
    }

    /// The mined invariants.
    public let invariants: [Invariant]
    /// Estimated dimension of the invariant space.
    public let invariantSpaceDimension: Int
    /// Share of training sessions an invariant must hold on.
    public let support: Double
    /// Tolerance on `|x·w|`.
    public let epsilon: Double
    /// Largest number of events in one invariant.
    public let maxInvariantSize: Int
    private let eventCount: Int

    /// Mines invariants from training counts (labels are not used).
    ///
    /// - Parameters:
    ///   - counts: `sessions × events` training counts.
    ///   - support: Share of sessions an invariant must hold on (loglizer's `percentage`, 0.98).
    ///   - epsilon: Tolerance on `|x·w|` (0.5: integer counts must satisfy it exactly).
    ///   - maxInvariantSize: Largest subset searched (3 keeps the search at O(m³) subsets).
    /// - Throws: ``ModelError/insufficientData(what:reason:)`` without rows; LinearAlgebra errors.
    public init(fitting counts: Matrix, support: Double = 0.98, epsilon: Double = 0.5, maxInvariantSize: Int = 3) throws {
        let n = counts.rows, m = counts.columns
        guard n > 0, m > 0 else {
            throw ModelError.insufficientData(what: "invariants", reason: "need training sessions, got \(n)")
        }
        self.support = support
        self.epsilon = epsilon
        self.maxInvariantSize = max(1, maxInvariantSize)
        self.eventCount = m
        let required = Int((support * Double(n)).rounded(.up))

        // 1. Dimension of the invariant space from the SVD's right singular vectors.
        let svd = try SingularValueDecomposition(counts)
        var r = 0
        for row in 0..<svd.vt.rows {
            let v = svd.vt.row(row)
            let scale = v.map(abs).max() ?? 0
            guard scale > 0 else { continue }
            let xv = try counts.multiplied(by: v.map { $0 / scale })
            let holding = xv.reduce(0) { $0 + (abs($1) <= epsilon ? 1 : 0) }
            if holding >= required { r += 1 }
        }
        // Directions beyond the rank (m > n) are exact invariants too.
        r += max(0, m - svd.vt.rows)
        invariantSpaceDimension = r

        // 2. Sparse integer invariants over column subsets.
        let gram = try Matrix.gram(counts)
        var found: [Invariant] = []
        var covered: [[Int]] = []
        var size = 1
        search: while size <= self.maxInvariantSize, found.count < r {
            var subset = Array(0..<size)
            while true {
                let isSuperset = covered.contains { c in c.allSatisfy { subset.contains($0) } }
                if !isSuperset, let inv = try Self.invariant(on: subset, counts: counts, gram: gram, epsilon: epsilon, required: required) {
                    found.append(inv)
                    covered.append(subset)
                    if found.count >= r { break search }
                }
                guard Self.advance(&subset, m) else { break }
            }
            size += 1
        }
        invariants = found
    }

    /// Tries to build an integer invariant on `subset`.
    private static func invariant(on subset: [Int], counts: Matrix, gram: Matrix, epsilon: Double, required: Int) throws -> Invariant? {
        let k = subset.count
        var sub = Matrix.zeros(rows: k, columns: k)
        for a in 0..<k { for b in 0..<k { sub[a, b] = gram[subset[a], subset[b]] } }
        let eig = try SymmetricEigen(sub, indices: 0..<1)
        let v = eig.vectors.column(0)
        let smallest = v.map(abs).min() ?? 0
        guard smallest > 1e-6 else { return nil }  // a zero coefficient: a smaller subset covers it
        let n = counts.rows
        var x = Matrix.zeros(rows: n, columns: k)
        counts.withUnsafeBufferPointer { src in
            x.withUnsafeMutableBufferPointer { dst in
                for (a, j) in subset.enumerated() {
                    for i in 0..<n { dst[a * n + i] = src[j * n + i] }
                }
            }
        }
        let sign: Double = v[0] < 0 ? -1 : 1
        for scale in [1.0, 2.0, 3.0] {
            let raw = v.map { sign * $0 / smallest * scale }
            let w = raw.map { $0.rounded() }
            guard zip(raw, w).allSatisfy({ abs($0 - $1) < 0.1 }), w.allSatisfy({ $0 != 0 }) else { continue }
            let xw = try x.multiplied(by: w)
            let holding = xw.reduce(0) { $0 + (abs($1) <= epsilon ? 1 : 0) }
            if holding >= required { return Invariant(events: subset, coefficients: w) }
        }
        return nil
    }

    /// Next k-combination of 0..<m in lexicographic order; false after the last.
    private static func advance(_ s: inout [Int], _ m: Int) -> Bool {
        let k = s.count
        var i = k - 1
        while i >= 0, s[i] == m - k + i { i -= 1 }
        if i < 0 { return false }
        s[i] += 1
        for j in (i + 1)..<max(i + 1, k) { s[j] = s[j - 1] + 1 }
        return true
    }

    /// Number of violated invariants per row of `counts`.
    ///
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when the column count differs.
    /// - Complexity: one `dgemm` of `counts` with the `m × invariants` coefficient matrix.
    public func scores(_ counts: Matrix) throws -> [Double] {
        guard counts.columns == eventCount else {
            throw ModelError.shapeMismatch(model: "invariants", expected: "\(eventCount) event columns", found: "\(counts.columns)")
        }
        let n = counts.rows
        if invariants.isEmpty { return [Double](repeating: 0, count: n) }
        var theta = Matrix.zeros(rows: eventCount, columns: invariants.count)
        for (c, inv) in invariants.enumerated() {
            for (e, w) in zip(inv.events, inv.coefficients) { theta[e, c] = w }
        }
        let y = try Matrix.multiply(counts, theta)
        var out = [Double](repeating: 0, count: n)
        y.withUnsafeBufferPointer { p in
            for c in 0..<invariants.count {
                for i in 0..<n where abs(p[c * n + i]) > epsilon { out[i] += 1 }
            }
        }
        return out
    }

    /// `true` for each row that violates at least one invariant.
    public func predict(_ counts: Matrix) throws -> [Bool] {
        try scores(counts).map { $0 > 0 }
    }
}
