import Foundation
import Telemetry

/// A Loghub-style log line format such as `<Date> <Time> <Pid> <Level> <Component>: <Content>`:
/// named fields between literal separators, the last field taking the rest of the line.
///
/// Whitespace in a separator matches one or more spaces or tabs; other separator characters
/// match literally. A field ends at the first occurrence of its following separator.
public struct LogLineFormat: Sendable, Hashable {
    /// The format text.
    public let pattern: String
    /// Field names in order.
    public let fields: [String]
    /// Separator after each field but the last.
    private let separators: [String]

    /// Loghub's formats for the systems in `loghub-2k` (and a few more from the Loghub benchmark).
    public static let known: [String: LogLineFormat] = {
        var out: [String: LogLineFormat] = [:]
        let table: [(String, String)] = [
            ("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>"),
            ("BGL", "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"),
            ("Hadoop", "<Date> <Time> <Level> [<Process>] <Component>: <Content>"),
            ("Zookeeper", "<Date> <Time> - <Level>  [<Node>:<Component>@<Id>] - <Content>"),
            ("OpenSSH", "<Date> <Day> <Time> <Component> sshd[<Pid>]: <Content>"),
        ]
        for (name, pattern) in table { if let f = try? LogLineFormat(pattern) { out[name] = f } }
        return out
    }()

    /// Parses a format.
    ///
    /// - Throws: `UsageError` when the format names no field or two fields touch without a separator.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        var fields: [String] = []
        var separators: [String] = []
        var literal = ""
        var rest = Substring(pattern)
        var leading = ""
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            literal += rest[rest.startIndex..<open]
            if fields.isEmpty {
                leading = literal
            } else {
                guard !literal.isEmpty else {
                    throw UsageError(
                        "log format '\(pattern)': fields \(fields.last ?? "") and \(rest[rest.index(after: open)..<close]) have no separator")
                }
                separators.append(literal)
            }
            literal = ""
            fields.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        guard !fields.isEmpty, leading.isEmpty else { throw UsageError("log format '\(pattern)' must start with a <Field>") }
        self.fields = fields
        self.separators = separators
    }

    /// Splits `line` into field values.
    ///
    /// - Returns: one value per field, or nil when the line does not fit the format.
    public func parse(_ line: Substring) -> [Substring]? {
        var out: [Substring] = []
        out.reserveCapacity(fields.count)
        var rest = line
        for sep in separators {
            guard let (value, after) = Self.split(rest, at: sep) else { return nil }
            out.append(value)
            rest = after
        }
        out.append(rest)
        return out
    }

    /// Splits at the first match of `separator` (whitespace runs match `[ \t]+`).
    private static func split(_ s: Substring, at separator: String) -> (Substring, Substring)? {
        let sep = Array(separator.unicodeScalars)
        let chars = s.unicodeScalars
        var i = chars.startIndex
        while i < chars.endIndex {
            if let end = match(chars, from: i, sep) {
                let value = Substring(chars[chars.startIndex..<i])
                return (value, Substring(chars[end...]))
            }
            i = chars.index(after: i)
        }
        return nil
    }

    private static func match(
        _ chars: Substring.UnicodeScalarView, from start: Substring.UnicodeScalarView.Index, _ sep: [Unicode.Scalar]
    ) -> Substring.UnicodeScalarView.Index? {
        var i = start
        var k = 0
        while k < sep.count {
            let c = sep[k]
            if c == " " || c == "\t" {
                var n = 0
                while i < chars.endIndex, chars[i] == " " || chars[i] == "\t" { i = chars.index(after: i); n += 1 }
                if n == 0 { return nil }
                while k < sep.count, sep[k] == " " || sep[k] == "\t" { k += 1 }
            } else {
                guard i < chars.endIndex, chars[i] == c else { return nil }
                i = chars.index(after: i)
                k += 1
            }
        }
        return i
    }
}
