/// An inclusive range of row indices `start…end` (METRICS §1: interval metrics work on rows).
///
/// Events (labelled windows) and alarm episodes are both lists of `RowInterval`, sorted and disjoint,
/// so every metric reads the same intervals.
public struct RowInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    /// First row, inclusive.
    public var start: Int
    /// Last row, inclusive.
    public var end: Int

    /// Creates the interval `start…end`; `end ≥ start` is a programmer's precondition.
    public init(_ start: Int, _ end: Int) {
        precondition(end >= start, "RowInterval end before start")
        self.start = start
        self.end = end
    }

    /// Number of rows, `end − start + 1`.
    public var count: Int { end - start + 1 }

    /// True when the two intervals share at least one row.
    public func overlaps(_ other: RowInterval) -> Bool { start <= other.end && other.start <= end }

    /// Number of rows the two intervals share (0 when disjoint).
    public func overlapCount(_ other: RowInterval) -> Int {
        let lo = Swift.max(start, other.start), hi = Swift.min(end, other.end)
        return hi >= lo ? hi - lo + 1 : 0
    }

    public var description: String { "\(start)–\(end)" }

    /// The maximal runs of `true` in `flags`, in row order.
    ///
    /// - Complexity: O(n).
    public static func runs(of flags: [Bool]) -> [RowInterval] {
        var out: [RowInterval] = []
        flags.withUnsafeBufferPointer { f in
            var i = 0
            let n = f.count
            while i < n {
                if f[i] {
                    let s = i
                    while i + 1 < n && f[i + 1] { i += 1 }
                    out.append(RowInterval(s, i))
                }
                i += 1
            }
        }
        return out
    }
}
