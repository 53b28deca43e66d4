import Telemetry
import Yams

/// Reads a YAML document into checked values, raising `SpecError`s that carry file, line, column
/// and key path, and suggesting the nearest valid key for a typo.
struct YAMLReader {
    let file: String

    /// Parses `text` into its root node.
    func root(_ text: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SpecError(file: file, keyPath: "", message: "the document is empty")
            }
            return node
        } catch let e as SpecError {
            throw e
        } catch let e as YamlError {
            throw SpecError(
                file: file, line: Self.line(of: e), column: Self.column(of: e), keyPath: "", message: "YAML syntax error: \(Self.problem(of: e))")
        } catch {
            throw SpecError(file: file, keyPath: "", message: "YAML syntax error: \(error)")
        }
    }

    static func line(of e: YamlError) -> Int? {
        switch e {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    static func column(of e: YamlError) -> Int? {
        switch e {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.column
        default: return nil
        }
    }

    static func problem(of e: YamlError) -> String {
        switch e {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        default: return "\(e)"
        }
    }

    func error(_ node: Node?, _ path: String, _ message: String, hint: String? = nil) -> SpecError {
        SpecError(file: file, line: node?.mark?.line, column: node?.mark?.column, keyPath: path, message: message, hint: hint)
    }

    /// The mapping at `node`, checked against `allowed` keys (unknown keys name the nearest valid one).
    func mapping(_ node: Node, _ path: String, allowed: [String], required: [String] = []) throws -> [String: Node] {
        guard case let .mapping(m) = node else { throw error(node, path, "expected a mapping") }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard let key = k.string else { throw error(k, path, "keys must be strings") }
            guard allowed.contains(key) else {
                let sub = path.isEmpty ? key : "\(path).\(key)"
                throw error(
                    k, sub, "unknown key '\(key)'\(NearestName.hint(key, among: allowed))",
                    hint: "valid keys here: \(allowed.joined(separator: ", "))")
            }
            out[key] = v
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
