/// Loghub's grouping accuracy of a log parser (METRICS §9).
///
/// A line is parsed correctly when the set of lines sharing its predicted group equals the set of
/// lines sharing its true event id; GA is the share of such lines. Group labels are arbitrary
/// integers on both sides: only the partition matters.
///
/// *Example (METRICS §9):* truth `A A B B C C`, predicted `1 1 2 2 2 3` → only the two `A` lines
/// are grouped exactly, GA = 2/6.
public enum GroupingAccuracy {
    /// GA of `predicted` against `truth`.
    ///
    /// - Parameters:
    ///   - truth: True group per line (any `Hashable` label, e.g. the EventId string).
    ///   - predicted: Predicted group per line (e.g. ``TemplateMiner`` ids).
    /// - Returns: Correct lines over all lines, in 0…1; 1 for empty input.
    /// - Throws: ``EvaluationError/lengthMismatch(series:what:expected:actual:)`` when the lengths differ.
    /// - Complexity: O(n) expected (hashing).
    public static func score<T: Hashable, P: Hashable>(truth: [T], predicted: [P]) throws -> Double {
        guard truth.count == predicted.count else {
            throw EvaluationError.lengthMismatch(
                series: "grouping accuracy", what: "predicted labels",
                expected: truth.count, actual: predicted.count)
        }
        if truth.isEmpty { return 1 }
        // A predicted group is correct iff all its lines carry one true label and that label
        // has no lines outside the group: |group| == |truth class| == |group ∩ class|.
        var truthSize: [T: Int] = [:]
        for t in truth { truthSize[t, default: 0] += 1 }
        var groupSize: [P: Int] = [:]
        var groupLabel: [P: T] = [:]
        var groupPure: [P: Bool] = [:]
        for (t, p) in zip(truth, predicted) {
            groupSize[p, default: 0] += 1
            if let label = groupLabel[p] {
                if label != t { groupPure[p] = false }
            } else {
                groupLabel[p] = t
                groupPure[p] = true
            }
        }
        var correct = 0
        for (p, size) in groupSize where groupPure[p] == true {
            if let label = groupLabel[p], truthSize[label] == size { correct += size }
        }
        return Double(correct) / Double(truth.count)
    }
}
