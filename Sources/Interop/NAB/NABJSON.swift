import Foundation
import Telemetry

/// A parsed JSON document, decoded with `JSONDecoder` so numbers are read exactly (Foundation's
/// `JSONSerialization` can be one ulp off on Linux, which matters for committed thresholds).
public indirect enum NABJSON: Decodable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([NABJSON])
    case object([String: NABJSON])
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([NABJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: NABJSON].self))
        }
    }

    /// Reads and parses `url`; nil when the file does not exist.
    ///
    /// - Throws: `DataError` naming the file when it cannot be read or parsed.
    public static func read(_ url: URL) throws -> NABJSON? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(NABJSON.self, from: Data(contentsOf: url))
        } catch {
            throw DataError("\(url.path): not valid JSON (\(error))")
        }
    }

    public subscript(key: String) -> NABJSON? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    public var object: [String: NABJSON]? { if case let .object(o) = self { return o }; return nil }
    public var array: [NABJSON]? { if case let .array(a) = self { return a }; return nil }
    public var string: String? { if case let .string(s) = self { return s }; return nil }
    public var number: Double? { if case let .number(d) = self { return d }; return nil }
}
