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
