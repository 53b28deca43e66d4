/// Suggests the valid name closest to a misspelt one, for "unknown key 'windw' (did you mean
/// 'window'?)" messages everywhere a user types a name: scenario keys, fault kinds, model names,
/// parameters, spec keys.
public enum NearestName {
    /// The candidate with the smallest edit distance to `name`, if that distance is small enough to
    /// be a plausible typo (at most a third of the longer name, and at most 3 edits).
    public static func suggest(_ name: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        let lower = Array(name.lowercased().unicodeScalars)
        for c in candidates {
            let d = distance(lower, Array(c.lowercased().unicodeScalars))
            if let current = best, current.1 <= d { continue }
            best = (c, d)
        }
        guard let (candidate, d) = best else { return nil }
        let limit = min(3, max(1, max(lower.count, candidate.count) / 3))
        return d <= limit ? candidate : nil
    }

    /// Levenshtein distance between two scalar arrays (insertions, deletions, substitutions).
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `" (did you mean 'x'?)"` or an empty string.
    public static func hint(_ name: String, among candidates: some Sequence<String>) -> String {
        suggest(name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
