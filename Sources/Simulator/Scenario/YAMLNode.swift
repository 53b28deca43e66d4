import Foundation
import Telemetry
import YAMLReading
import Yams

/// A YAML node with its key path and source, so every read can fail with line, column and path.
struct YAMLNode {
    let node: Node
    let path: String
    let source: String

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    func error(_ message: String, hint: String? = nil) -> ScenarioError {
        ScenarioError(source: source, line: line, column: column, keyPath: path, message: message, hint: hint)
    }

    private func child(_ n: Node, _ key: String) -> YAMLNode {
        YAMLNode(node: n, path: path.isEmpty ? key : "\(path).\(key)", source: source)
    }

    /// The mapping's entries, after checking every key is one of `allowed`.
    func fields(_ allowed: [String]) throws -> [String: YAMLNode] {
        switch YAMLDocument.entries(of: node, allowed: allowed) {
        case let .entries(entries):
            var out: [String: YAMLNode] = [:]
            for (key, v) in entries { out[key] = child(v, key) }
            return out
        case .notAMapping:
            throw error("expected a mapping with keys \(allowed.joined(separator: ", "))")
        case let .keyNotAString(k):
            throw YAMLNode(node: k, path: path, source: source).error("mapping keys must be strings")
        case let .unknownKey(key, k):
            let kn = YAMLNode(node: k, path: path.isEmpty ? key : "\(path).\(key)", source: source)
            if let near = NearestName.suggest(key, among: allowed) {
                throw kn.error("unknown key '\(key)'", hint: "did you mean '\(near)'?")
            }
            throw kn.error("unknown key '\(key)'", hint: "valid keys: \(allowed.joined(separator: ", "))")
        }
    }

    /// Items of a sequence.
    func items() throws -> [YAMLNode] {
        guard case let .sequence(s) = node else { throw error("expected a list") }
        return s.enumerated().map { i, n in YAMLNode(node: n, path: "\(path)[\(i)]", source: source) }
    }

    func string() throws -> String {
        guard case let .scalar(s) = node else { throw error("expected a text value") }
        return s.string
    }

    func double() throws -> Double {
        let s = try string()
        guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else { throw error("expected a number, found '\(s)'") }
        return v
    }

    func int() throws -> Int {
        let s = try string()
        guard let v = Int(s.trimmingCharacters(in: .whitespaces)) else { throw error("expected a whole number, found '\(s)'") }
        return v
    }

    func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let s: throw error("expected true or false, found '\(s)'")
        }
    }

    /// A duration (`15s`, `2h30m`, a number of seconds) in milliseconds.
    func durationMs() throws -> Double {
        let s = try string()
        guard let v = DurationText.milliseconds(s) else {
            throw error("expected a duration like 15s, 30m, 8h, 2d, found '\(s)'")
        }
        return v
    }

    /// A number of `key` inside `range`; the error names the key, the range and the text found.
    func number(_ key: String, in range: AllowedRange) throws -> Double {
        let s = try string()
        guard let v = Double(s.trimmingCharacters(in: .whitespaces)), !v.isNaN else { throw error("expected a number, found '\(s)'") }
        guard range.contains(v) else { throw outOfRange(key, range, s) }
        return v
    }

    /// A whole number of `key` inside `range` (checked before any conversion, so `2^64` is an
    /// out-of-range error rather than a trap or "not a number").
    func wholeNumber(_ key: String, in range: AllowedRange) throws -> Int {
        let s = try string()
        let t = s.trimmingCharacters(in: .whitespaces)
        if let v = Int(t) {
            guard range.contains(Double(v)) else { throw outOfRange(key, range, s) }
            return v
        }
        if let v = Double(t), !v.isNaN, !range.contains(v) { throw outOfRange(key, range, s) }
        throw error("expected a whole number, found '\(s)'")
    }

    /// A duration of `key` in milliseconds inside `range`.
    func milliseconds(_ key: String, in range: AllowedRange) throws -> Double {
        let v = try durationMs()
        guard range.contains(v) else { throw outOfRange(key, range, try string()) }
        return v
    }

    func outOfRange(_ key: String, _ range: AllowedRange, _ found: String) -> ScenarioError {
        error("\(key) must be \(range.text), found \(found.trimmingCharacters(in: .whitespaces))", hint: ScenarioLimits.readme)
    }

    /// At most `limit` items of a sequence.
    func items(atMost limit: Int, of what: String) throws -> [YAMLNode] {
        guard case let .sequence(s) = node else { throw error("expected a list") }
        guard s.count <= limit else { throw error("at most \(limit) \(what), found \(s.count)", hint: ScenarioLimits.readme) }
        return try items()
    }

    /// The node at `keyPath` below this one (`faults[2].start`, `workload.bursts[0]`), or nil when
    /// the document has no such node (a generated graph's `edges`), for locating errors found after reading.
    func locate(_ keyPath: String) -> YAMLNode? {
        var here = self
        var segments: [String] = []
        for part in keyPath.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                segments.append(String(rest[..<open]))
                rest = rest[open...]
                while let o = rest.firstIndex(of: "["), let c = rest.firstIndex(of: "]"), o < c {
                    segments.append(String(rest[o...c]))
                    rest = rest[rest.index(after: c)...]
                }
            } else {
                segments.append(String(rest))
            }
        }
        for seg in segments where !seg.isEmpty {
            if seg.hasPrefix("[") {
                guard let i = Int(seg.dropFirst().dropLast()), case let .sequence(items) = here.node, i >= 0, i < items.count else { return nil }
                here = YAMLNode(node: items[i], path: "\(here.path)[\(i)]", source: source)
            } else {
                guard case let .mapping(m) = here.node, let (_, v) = m.first(where: { $0.key.string == seg }) else { return nil }
                here = here.child(v, seg)
            }
        }
        return here
    }

    /// A value of a closed set, with the valid names in the error.
    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type, what: String) throws -> E where E.RawValue == String {
        let s = try string()
        if let v = E(rawValue: s) { return v }
        let names = E.allCases.map(\.rawValue)
        var hint = "valid \(what)s: \(names.joined(separator: ", "))"
        if let near = NearestName.suggest(s, among: names) { hint = "did you mean '\(near)'? " + hint }
        throw error("unknown \(what) '\(s)'", hint: hint)
    }

    func stringList() throws -> [String] {
        if case .scalar = node { return [try string()] }
        return try items().map { try $0.string() }
    }
}
