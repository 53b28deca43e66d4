/// Why a scenario could not be loaded, validated or run, with where in the file it happened.
///
/// Every error names the file (or built-in scenario name) and, when known, the line and column
/// (1-based) and the key path (`faults[2].kind`). The description reads
/// `unknown key 'fanout' (shop.yaml:23:7, edges[2].fanout); did you mean 'fan_out'?`.
public struct ScenarioError: Error, Sendable, CustomStringConvertible, Equatable {
    /// File path or built-in scenario name.
    public var source: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Key path into the document (`edges[2].fan_out`), when known.
    public var keyPath: String?
    /// What is wrong.
    public var message: String
    /// An obvious fix, when there is one (nearest valid key, the list of valid kinds).
    public var hint: String?

    /// Creates an error.
    public init(source: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String, hint: String? = nil) {
        self.source = source
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = source
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        if let keyPath, !keyPath.isEmpty { place += ", \(keyPath)" }
        var text = "\(message) (\(place))"
        if let hint { text += "; \(hint)" }
        return text
    }
}

/// Levenshtein distance, used to suggest the nearest valid name for a misspelt key or kind.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = between(word.lowercased(), c.lowercased())
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let best, best.1 <= max(2, word.count / 2), best.1 < word.count else { return nil }
        return best.0
    }
}
