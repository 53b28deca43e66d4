/// A time × series matrix of `Double`, stored column-major and contiguous.
///
/// Rows are time, columns are series: column `c` occupies `values[c*rows ..< (c+1)*rows]`, so one
/// column is one series and the whole frame can be handed to LAPACK as a matrix with leading
/// dimension `rows` without copying. `NaN` means missing.
public struct MetricFrame: Sendable, Equatable {
    /// Number of rows (time steps).
    public private(set) var rows: Int
    /// Number of columns (series).
    public private(set) var columns: Int
    /// Column-major storage, `rows * columns` values.
    public var values: [Double] { storage }
    @usableFromInline internal var storage: [Double]

    /// Creates a frame filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = .nan) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// Wraps existing column-major storage.
    ///
    /// - Throws: `TelemetryError.shapeMismatch` when `values.count != rows * columns`.
    public init(rows: Int, columns: Int, columnMajor values: [Double]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw TelemetryError.shapeMismatch(
                what: "MetricFrame", expected: "\(rows)×\(columns) = \(rows * columns) values", found: "\(values.count) values")
        }
        self.rows = rows
        self.columns = columns
        self.storage = values
    }

    /// Builds a frame from one array per series (all of equal length).
    public init(columns cols: [[Double]]) throws {
        let n = cols.first?.count ?? 0
        var storage: [Double] = []
        storage.reserveCapacity(n * cols.count)
        for (i, c) in cols.enumerated() {
            guard c.count == n else {
                throw TelemetryError.shapeMismatch(what: "MetricFrame column \(i)", expected: "\(n) rows", found: "\(c.count) rows")
            }
            storage.append(contentsOf: c)
        }
        try self.init(rows: n, columns: cols.count, columnMajor: storage)
    }

    /// The value at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { storage[column * rows + row] }
        set { storage[column * rows + row] = newValue }
    }

    /// A copy of one column (one series).
    public func column(_ c: Int) -> [Double] {
        Array(values[(c * rows)..<((c + 1) * rows)])
    }

    /// Calls `body` with the contiguous storage of column `c`.
    @inlinable
    public func withColumn<R>(_ c: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[(c * rows)..<((c + 1) * rows)]))
        }
    }

    /// Calls `body` with the whole column-major storage (leading dimension `rows`).
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable column-major storage (leading dimension `rows`).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// One row across all series (strided read).
    public func row(_ r: Int) -> [Double] {
        (0..<columns).map { values[$0 * rows + r] }
    }

    /// Rows `range` of every column, as a new frame.
    public func rows(_ range: Range<Int>) -> MetricFrame {
        var out = MetricFrame(rows: range.count, columns: columns)
        for c in 0..<columns {
            let src = c * rows
            let dst = c * range.count
            for (k, r) in range.enumerated() { out.storage[dst + k] = storage[src + r] }
        }
        return out
    }

    /// The given columns, as a new frame.
    public func selecting(columns indices: [Int]) -> MetricFrame {
        var picked: [Double] = []
        picked.reserveCapacity(indices.count * rows)
        for c in indices { picked.append(contentsOf: storage[(c * rows)..<((c + 1) * rows)]) }
        // Shape is consistent by construction.
        var out = MetricFrame(rows: rows, columns: 0)
        out.columns = indices.count
        out.storage = picked
        return out
    }
}
