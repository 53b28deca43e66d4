/// A time × series matrix of `Double`, stored column-major.
///
/// Rows are time, columns are series: column `c` occupies `columnStride` consecutive values of the
/// storage, of which the frame's `rows` start at `rowOffset`. A frame made by ``init(rows:columns:repeating:)``
/// or ``init(rows:columns:columnMajor:)`` is compact (`columnStride == rows`, no offset); ``rows(_:)``
/// returns a *view* that shares the parent's storage, so the training part of a run is not a copy. Every
/// column is contiguous (``withColumn(_:_:)``), and the whole frame can be handed to BLAS/LAPACK as a
/// matrix with leading dimension `columnStride` (``withUnsafeColumns(_:)``). `NaN` means missing.
public struct MetricFrame: Sendable {
    /// Number of rows (time steps).
    public private(set) var rows: Int
    /// Number of columns (series).
    public private(set) var columns: Int
    /// Distance between the starts of two consecutive columns in the storage (≥ `rows`).
    public private(set) var columnStride: Int
    /// Position of row 0 within each column's stretch of the storage.
    @usableFromInline internal private(set) var rowOffset: Int
    @usableFromInline internal var storage: [Double]

    /// Whether the storage holds exactly this frame's values, column after column.
    public var isCompact: Bool { rowOffset == 0 && columnStride == rows && storage.count == rows * columns }

    /// The values column-major (`rows * columns`); a copy when the frame is a view.
    public var values: [Double] {
        if isCompact { return storage }
        var out: [Double] = []
        out.reserveCapacity(rows * columns)
        for c in 0..<columns { out.append(contentsOf: storage[(c * columnStride + rowOffset)..<(c * columnStride + rowOffset + rows)]) }
        return out
    }

    /// Creates a frame filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = .nan) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.columnStride = rows
        self.rowOffset = 0
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
        self.columnStride = rows
        self.rowOffset = 0
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
        get { storage[column * columnStride + rowOffset + row] }
        set { storage[column * columnStride + rowOffset + row] = newValue }
    }

    /// A copy of one column (one series).
    public func column(_ c: Int) -> [Double] {
        let start = c * columnStride + rowOffset
        return Array(storage[start..<(start + rows)])
    }

    /// Calls `body` with the contiguous storage of column `c`.
    @inlinable
    public func withColumn<R>(_ c: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        let start = c * columnStride + rowOffset
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start..<(start + rows)]))
        }
    }

    /// Calls `body` with the storage from element (0, 0) on and the leading dimension: element (`r`, `c`)
    /// is at `c * leadingDimension + r`. The buffer is empty for a frame without rows or columns.
    @inlinable
    public func withUnsafeColumns<R>(_ body: (UnsafeBufferPointer<Double>, _ leadingDimension: Int) throws -> R) rethrows -> R {
        let count = rows == 0 || columns == 0 ? 0 : (columns - 1) * columnStride + rows
        let start = count == 0 ? 0 : rowOffset
        return try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[start..<(start + count)]), columnStride)
        }
    }

    /// Calls `body` with mutable compact column-major storage (leading dimension `rows`); a view is first
    /// made compact (its values copied out of the shared storage).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        if !isCompact { self = compacted() }
        return try storage.withUnsafeMutableBufferPointer(body)
    }

    /// This frame's values in compact storage of their own.
    public func compacted() -> MetricFrame {
        var out = MetricFrame(rows: 0, columns: 0)
        out.rows = rows
        out.columns = columns
        out.columnStride = rows
        out.storage = values
        return out
    }

    /// One row across all series (strided read).
    public func row(_ r: Int) -> [Double] {
        (0..<columns).map { storage[$0 * columnStride + rowOffset + r] }
    }

    /// Rows `range` of every column, as a view sharing this frame's storage (no values are copied).
    public func rows(_ range: Range<Int>) -> MetricFrame {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) outside 0..<\(rows)")
        var out = self
        out.rowOffset = rowOffset + range.lowerBound
        out.rows = range.count
        return out
    }

    /// The given columns, as a new compact frame.
    public func selecting(columns indices: [Int]) -> MetricFrame {
        var picked: [Double] = []
        picked.reserveCapacity(indices.count * rows)
        for c in indices {
            let start = c * columnStride + rowOffset
            picked.append(contentsOf: storage[start..<(start + rows)])
        }
        // Shape is consistent by construction.
        var out = MetricFrame(rows: rows, columns: 0)
        out.columns = indices.count
        out.storage = picked
        return out
    }
}

extension MetricFrame: Equatable {
    /// Whether both frames read the same storage buffer.
    func sharesStorage(with other: MetricFrame) -> Bool {
        storage.withUnsafeBufferPointer { a in other.storage.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// Equal shapes and equal values (NaN ≠ NaN, as for `[Double]`), whether either side is a view.
    public static func == (a: MetricFrame, b: MetricFrame) -> Bool {
        guard a.rows == b.rows, a.columns == b.columns else { return false }
        if a.rowOffset == b.rowOffset && a.columnStride == b.columnStride && a.sharesStorage(with: b) { return true }
        if a.isCompact && b.isCompact { return a.storage == b.storage }
        for c in 0..<a.columns {
            let equal = a.withColumn(c) { x in b.withColumn(c) { y in x.elementsEqual(y) } }
            if !equal { return false }
        }
        return true
    }
}
