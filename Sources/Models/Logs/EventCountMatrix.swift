import LinearAlgebra

/// Builds the sessions × event-types count matrix the session detectors work on.
public enum EventCountMatrix {
    /// The count matrix of `sequences`: row `i` counts how often each event type occurs in
    /// sequence `i`.
    ///
    /// - Parameters:
    ///   - sequences: One sequence of event-type indices per session (each in `0..<eventTypes`).
    ///   - eventTypes: Number of columns.
    /// - Returns: A `sequences.count × eventTypes` column-major matrix of counts.
    /// - Throws: ``ModelError/shapeMismatch(model:expected:found:)`` when an index is out of range.
    /// - Complexity: O(total events + sessions × event types).
    public static func counts(_ sequences: [[Int]], eventTypes: Int) throws -> Matrix {
        let n = sequences.count
        var values = [Double](repeating: 0, count: n * eventTypes)
        for (i, seq) in sequences.enumerated() {
            for e in seq {
                guard e >= 0, e < eventTypes else {
                    throw ModelError.shapeMismatch(
                        model: "event-counts", expected: "event index in 0..<\(eventTypes)", found: "\(e) in session \(i)")
                }
                values[e * n + i] += 1
            }
        }
        return try Matrix(rows: n, columns: eventTypes, columnMajor: values)
    }
}
