import Evaluation
import Foundation

/// `results.json`: the `RunResult` itself, with sorted keys so equal runs give equal bytes.
public enum JSONReport {
    /// Encodes `result` as pretty-printed JSON with sorted keys.
    public static func encode(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(result)
        data.append(0x0A)
        return data
    }

    /// Reads a `results.json` back.
    ///
    /// - Throws: `ReportError.read` naming the file.
    public static func decode(contentsOf url: URL) throws -> RunResult {
        do {
            let data = try Data(contentsOf: url)
            return try JSONDecoder().decode(RunResult.self, from: data)
        } catch {
            throw ReportError.read(path: url.path, reason: "\(error)")
        }
    }
}
