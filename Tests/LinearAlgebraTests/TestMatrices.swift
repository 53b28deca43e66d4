import LinearAlgebra

/// SplitMix64: a tiny seeded generator so every test matrix is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestMatrices {
    /// A `rows × columns` matrix of uniform(−1, 1) values from `seed`.
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        let values = (0..<(rows * columns)).map { _ in Double.random(in: -1...1, using: &g) }
        return Matrix(unchecked: rows, columns, values)
    }

    /// A symmetric positive-definite `n × n` matrix: BᵀB + n·I.
    static func spd(_ n: Int, seed: UInt64) -> Matrix {
        let b = random(n, n, seed: seed)
        var a = naiveProduct(b.transposed(), b)
        for i in 0..<n { a[i, i] += Double(n) }
        return a
    }

    /// Textbook triple loop, the reference the BLAS results are checked against.
    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix.zeros(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var s = 0.0
                for p in 0..<a.columns { s += a[i, p] * b[p, j] }
                c[i, j] = s
            }
        }
        return c
    }

    /// `A` scaled so that its largest absolute entry is 1, or A if zero.
    static func maxAbs(_ a: Matrix) -> Double { a.values.reduce(0) { max($0, abs($1)) } }

    /// ‖QᵀQ − I‖_max.
    static func orthogonalityError(_ q: Matrix) -> Double {
        naiveProduct(q.transposed(), q).maxAbsDifference(Matrix.identity(q.columns))
    }

    /// `A·diag(d)`.
    static func scaleColumns(_ a: Matrix, _ d: [Double]) -> Matrix {
        var out = a
        for j in 0..<a.columns { for i in 0..<a.rows { out[i, j] *= d[j] } }
        return out
    }
}

extension Matrix {
    /// Test-only initialiser for shapes known to be right.
    init(unchecked rows: Int, _ columns: Int, _ values: [Double]) {
        var m = Matrix.zeros(rows: rows, columns: columns)
        for j in 0..<columns { for i in 0..<rows { m[i, j] = values[j * rows + i] } }
        self = m
    }
}
