import Telemetry
import Testing

/// `MetricFrame.rows(_:)` returns a view that shares storage; every accessor must see the view's rows.
@Suite struct MetricFrameTests {
    /// 5 rows × 3 columns, value = 10·column + row.
    static func frame() throws -> MetricFrame {
        try MetricFrame(columns: (0..<3).map { c in (0..<5).map { Double(10 * c + $0) } })
    }

    @Test func storageIsColumnMajor() throws {
        let f = try MetricFrame(columns: [[1, 2, 3], [4, 5, 6]])
        #expect(f.values == [1, 2, 3, 4, 5, 6])
        #expect(f[2, 1] == 6)
        #expect(f.row(1) == [2, 5])
        #expect(f.rows(1..<3).values == [2, 3, 5, 6])
        #expect(f.selecting(columns: [1]).values == [4, 5, 6])
    }

    @Test func unevenColumnsAreRejected() {
        #expect(throws: TelemetryError.self) { try MetricFrame(columns: [[1, 2], [3]]) }
    }

    @Test func aRowRangeIsAViewWithTheRightValues() throws {
        let f = try Self.frame()
        let v = f.rows(1..<4)
        #expect(f.isCompact && !v.isCompact)
        #expect(v.rows == 3 && v.columns == 3 && v.columnStride == 5)
        #expect(v[0, 0] == 1 && v[2, 2] == 23)
        #expect(v.column(1) == [11, 12, 13])
        #expect(v.row(2) == [3, 13, 23])
        #expect(v.values == [1, 2, 3, 11, 12, 13, 21, 22, 23])
        #expect(v.withColumn(2) { Array($0) } == [21, 22, 23])
        // Element (r, c) at c·ld + r of the buffer handed out; the buffer ends at the last element.
        let (picked, count) = v.withUnsafeColumns { p, ld in ((0..<3).map { p[$0 * ld + 2] }, p.count) }
        #expect(picked == [3, 13, 23] && count == 2 * 5 + 3)
        // A view of a view keeps counting from the parent's row 0.
        let w = v.rows(1..<3)
        #expect(w.values == [2, 3, 12, 13, 22, 23])
        #expect(v.selecting(columns: [2, 0]).values == [21, 22, 23, 1, 2, 3])
    }

    @Test func viewsEqualTheirCompactCopiesAndMutationIsLocal() throws {
        let f = try Self.frame()
        var v = f.rows(2..<5)
        let copy = v.compacted()
        #expect(copy.isCompact && copy == v && v == copy)
        #expect(v != f.rows(1..<4))
        v[0, 1] = -1
        #expect(f[2, 1] == 12 && v[0, 1] == -1)
        v.withUnsafeMutableBufferPointer { $0[0] = -7 }  // compacts first: index 0 is the view's (0, 0)
        #expect(v.isCompact && v[0, 0] == -7 && v[0, 1] == -1 && f[2, 0] == 2)
    }

    @Test func emptyViewsHaveEmptyBuffers() throws {
        let f = try Self.frame()
        let e = f.rows(5..<5)
        #expect(e.rows == 0 && e.values.isEmpty)
        #expect(e.withUnsafeColumns { p, _ in p.count } == 0)
    }
}
