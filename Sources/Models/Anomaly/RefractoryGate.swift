/// Silences a score stream for a fixed number of rows after each alarm-level output.
///
/// `pass(s)` returns 0 while the gate is closed; otherwise it returns `s` and, when `s ≥ trigger`,
/// closes the gate for the next `rows` calls. One event therefore produces one alarm-level output,
/// which is what NAB's score rewards: a second detection inside a window earns nothing and one just
/// after it costs a false positive (NAB-DETECTORS.md §6).
///
/// - Complexity: O(1).
public struct RefractoryGate: Sendable, Equatable {
    /// Rows silenced after an output ≥ `trigger`.
    public let rows: Int
    /// Smallest output that closes the gate.
    public let trigger: Double
    /// Rows still silenced.
    public private(set) var remaining = 0

    /// Creates an open gate.
    ///
    /// - Parameters:
    ///   - rows: rows silenced after each alarm-level output (≥ 0; 0 disables the gate).
    ///   - trigger: smallest output that closes the gate.
    public init(rows: Int, trigger: Double) {
        precondition(rows >= 0, "RefractoryGate rows must be >= 0")
        self.rows = rows
        self.trigger = trigger
    }

    /// Passes `s` through (or 0 while closed) and closes the gate after an output ≥ `trigger`.
    public mutating func pass(_ s: Double) -> Double {
        if remaining > 0 {
            remaining -= 1
            return 0
        }
        if s >= trigger { remaining = rows }
        return s
    }
}
