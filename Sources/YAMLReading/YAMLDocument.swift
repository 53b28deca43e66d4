import Yams

/// The one YAML reader under Faultline's two YAML formats (scenarios and experiment specs): it
/// composes a document into Yams nodes, turns a syntax failure into a located problem, and walks
/// mappings with the allowed-keys check. Each format keeps its own error type and wording on top
/// (`ScenarioError` in Simulator, `SpecError` in Workbench); the parsing and key checking are here.
public enum YAMLDocument {
    /// Why a document does not parse, and where.
    public struct SyntaxError: Error, Sendable {
        public enum Kind: Sendable {
            /// A scanner, parser or composer error: what is wrong, and the enclosing construct if known.
            case syntax(problem: String, context: (text: String, line: Int)?)
            /// The same key twice in one mapping.
            case duplicatedKeys([String])
            /// Anything else the YAML library reported.
            case other
        }

        public var kind: Kind
        /// 1-based line and column, when known.
        public var line: Int?
        public var column: Int?
        /// The library's own description of the failure.
        public var text: String
    }

    /// The root node of `text`, or nil for an empty document.
    ///
    /// - Throws: `SyntaxError` for a document that does not parse.
    public static func compose(_ text: String) throws(SyntaxError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let e as YamlError {
            switch e {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                throw SyntaxError(
                    kind: .syntax(problem: problem, context: context.map { ($0.text, $0.mark.line) }), line: mark.line, column: mark.column,
                    text: "\(e)")
            case let .duplicatedKeysInMapping(duplicates, context):
                throw SyntaxError(kind: .duplicatedKeys(duplicates), line: context.mark.line, column: context.mark.column, text: "\(e)")
            default:
                throw SyntaxError(kind: .other, line: nil, column: nil, text: "\(e)")
            }
        } catch {
            throw SyntaxError(kind: .other, line: nil, column: nil, text: "\(error)")
        }
    }

    /// A mapping's entries, or why its keys were refused.
    public enum Entries {
        /// Every key is a string among the allowed ones: the entries in document order.
        case entries([(key: String, value: Node)])
        /// The node is not a mapping.
        case notAMapping
        /// A key that is not a string (its node, for the location).
        case keyNotAString(Node)
        /// A key outside the allowed set (its node, for the location).
        case unknownKey(String, Node)
    }

    /// The entries of the mapping `node`, in document order, after checking that every key is a
    /// string among `allowed`; the first offending key is reported.
    public static func entries(of node: Node, allowed: [String]) -> Entries {
        guard case let .mapping(m) = node else { return .notAMapping }
        var out: [(key: String, value: Node)] = []
        for (k, v) in m {
            guard let key = k.string else { return .keyNotAString(k) }
            guard allowed.contains(key) else { return .unknownKey(key, k) }
            out.append((key, v))
        }
        return .entries(out)
    }
}
