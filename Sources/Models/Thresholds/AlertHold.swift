/// Prometheus-style `for:` on an alarm: row t alarms only when the score has been at or above θ on each
/// of the last `rows` rows (the condition held for `(rows − 1) × step`).
///
/// Because `min(s_{t−k+1…t}) ≥ θ ⇔ s_i ≥ θ for all i in the window`, holding is a score transform: every
/// threshold policy, the budget sweep included, runs unchanged on the trailing minimum, and live and batch
/// alarms agree. Rows before the window is full take the minimum over the rows seen so far. Causal.
public enum AlertHold {
    /// Rows a `for:` duration of `holdMs` spans at `stepMs` between rows: `⌊holdMs / stepMs⌋ + 1` (a hold of
    /// 2 minutes at 15 s steps needs 9 consecutive rows, as Prometheus evaluates it).
    public static func rows(holdMs: Double, stepMs: Int64) -> Int {
        guard stepMs > 0, holdMs > 0 else { return 1 }
        return Int((holdMs / Double(stepMs)).rounded(.down)) + 1
    }

    /// The trailing minimum over `rows` rows (monotone deque, O(n)); `rows ≤ 1` returns `scores`.
    public static func trailingMinimum(_ scores: [Double], rows: Int) -> [Double] {
        guard rows > 1, !scores.isEmpty else { return scores }
        var out = [Double](repeating: 0, count: scores.count)
        var deque = [Int](repeating: 0, count: scores.count)  // indices with increasing scores
        var head = 0, tail = 0
        scores.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                for t in 0..<s.count {
                    while tail > head && s[deque[tail - 1]] >= s[t] { tail -= 1 }
                    deque[tail] = t
                    tail += 1
                    if deque[head] <= t - rows { head += 1 }
                    o[t] = s[deque[head]]
                }
            }
        }
        return out
    }

    /// The trailing minimum one score at a time, for live use (`faultline replay`): `push` returns what
    /// ``trailingMinimum(_:rows:)`` gives at the same position of the same sequence. Memory O(rows).
    public struct Live: Sendable {
        private let rows: Int
        /// Scores seen so far that can still be a window's minimum (increasing), with their positions.
        private var values: [Double] = []
        private var positions: [Int] = []
        private var head = 0
        private var next = 0

        /// A hold over `rows` rows (`rows ≤ 1`: no hold, `push` returns its argument).
        public init(rows: Int) { self.rows = max(1, rows) }

        /// Takes the next score and returns the minimum over the last `rows` scores (fewer at the start).
        public mutating func push(_ score: Double) -> Double {
            let t = next
            next += 1
            guard rows > 1 else { return score }
            while values.count > head, let last = values.last, last >= score {
                values.removeLast()
                positions.removeLast()
            }
            values.append(score)
            positions.append(t)
            if positions[head] <= t - rows { head += 1 }
            // Drop the consumed front now and then so memory stays O(rows).
            if head > rows {
                values.removeFirst(head)
                positions.removeFirst(head)
                head = 0
            }
            return values[head]
        }
    }
}
