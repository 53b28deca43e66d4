import Telemetry
import YAMLReading
import Yams

/// Reads a YAML document into checked values, raising `SpecError`s that carry file, line, column
/// and key path, and suggesting the nearest valid key for a typo.
struct YAMLReader {
    let file: String

    /// Parses `text` into its root node.
    func root(_ text: String) throws -> Node {
        do {
            guard let node = try YAMLDocument.compose(text) else {
                throw SpecError(file: file, keyPath: "", message: "the document is empty")
            }
            return node
        } catch let e as YAMLDocument.SyntaxError {
            // Scanner, parser and composer errors carry their place; the rest are reported as the library words them.
            guard case let .syntax(problem, _) = e.kind else {
                throw SpecError(file: file, keyPath: "", message: "YAML syntax error: \(e.text)")
            }
            throw SpecError(file: file, line: e.line, column: e.column, keyPath: "", message: "YAML syntax error: \(problem)")
        }
    }

    func error(_ node: Node?, _ path: String, _ message: String, hint: String? = nil) -> SpecError {
        SpecError(file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: message, hint: hint)
    }

    /// The mapping at `node`, checked against `allowed` keys (unknown keys name the nearest valid one).
    func mapping(_ node: Node, _ path: String, allowed: [String], required: [String] = []) throws -> [String: Node] {
        var out: [String: Node] = [:]
        switch YAMLDocument.entries(of: node, allowed: allowed) {
        case let .entries(entries):
            for (key, v) in entries { out[key] = v }
        case .notAMapping:
            throw error(node, path, "expected a mapping")
        case let .keyNotAString(k):
            throw error(k, path, "keys must be strings")
        case let .unknownKey(key, k):
            let sub = path.isEmpty ? key : "\(path).\(key)"
            throw error(
                k, sub, "unknown key '\(key)'\(NearestName.hint(key, among: allowed))",
                hint: "valid keys here: \(allowed.joined(separator: ", "))")
        }
        for r in required where out[r] == nil {
            throw error(node, path, "missing required key '\(r)'")
        }
        return out
    }

    func sequence(_ node: Node, _ path: String) throws -> [Node] {
        guard case let .sequence(s) = node else { throw error(node, path, "expected a list") }
        return Array(s)
    }

    func string(_ node: Node, _ path: String) throws -> String {
        guard case let .scalar(s) = node else { throw error(node, path, "expected a string") }
        return s.string
    }

    func double(_ node: Node, _ path: String) throws -> Double {
        guard case .scalar = node, let v = node.float ?? node.int.map(Double.init), v.isFinite else {
            throw error(node, path, "expected a number")
        }
        return v
    }

    func int(_ node: Node, _ path: String) throws -> Int {
        guard case .scalar = node, let v = node.int else { throw error(node, path, "expected an integer") }
        return v
    }

    func seed(_ node: Node, _ path: String) throws -> UInt64 {
        let s = try string(node, path)
        guard let v = UInt64(s) else { throw error(node, path, "expected a non-negative integer seed") }
        return v
    }

    /// A flat mapping of scalar parameters, kept as strings (models parse and check them).
    func parameters(_ node: Node, _ path: String) throws -> [String: String] {
        guard case let .mapping(m) = node else { throw error(node, path, "expected a mapping of parameters") }
        var out: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.string else { throw error(k, path, "keys must be strings") }
            guard case let .scalar(s) = v else { throw error(v, "\(path).\(key)", "expected a scalar value") }
            out[key] = s.string
        }
        return out
    }
}
