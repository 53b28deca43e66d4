import Foundation
import Telemetry

/// One Loghub system sample (`<System>/<System>_2k.log` with its `…_structured.csv`): the raw lines,
/// their message contents, and the ground-truth event id of each line.
public struct LoghubSample: Sendable {
    /// System name (the folder name, e.g. `HDFS`).
    public var system: String
    /// The raw log file.
    public var logFile: URL
    /// The message content of each line (the `<Content>` field of the system's format).
    public var contents: [String]
    /// Ground-truth event id of each line (`EventId` column of the structured file).
    public var eventIds: [String]

    /// Loads the sample of `system` under `root`.
    ///
    /// - Throws: `UsageError` when the system has no known log format; `InteropError` (`CSVRecords`) for a
    ///   structured file that is not well-formed CSV; `DataError` naming the file
    ///   and line when a file is missing, a line does not fit the format, or the structured file
    ///   disagrees with the log in line count.
    public init(root: URL, system: String) throws {
        guard let format = LogLineFormat.known[system] else {
            throw UsageError(
                "no known log format for system '\(system)'",
                hint: "known: \(LogLineFormat.known.keys.sorted().joined(separator: ", "))")
        }
        let dir = root.appendingPathComponent(system)
        let log = dir.appendingPathComponent("\(system)_2k.log")
        let structured = dir.appendingPathComponent("\(system)_2k.log_structured.csv")
        let data: Data
        do { data = try Data(contentsOf: log) } catch {
            throw DataError("\(log.path): cannot read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DataError("\(log.path): not UTF-8 text") }
        var contents: [String] = []
        var lineNumber = 0
        let contentField = format.fields.count - 1
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let fields = format.parse(line) else {
                throw DataError("\(log.path) line \(lineNumber): does not match the \(system) format '\(format.pattern)'")
            }
            contents.append(String(fields[contentField]))
        }
        let table = try CSVRecords(structured)
        let idColumn = try table.column("EventId")
        guard table.records.count == contents.count else {
            throw DataError("\(structured.path): \(table.records.count) records, but \(log.path) has \(contents.count) lines")
        }
        var ids: [String] = []
        ids.reserveCapacity(table.records.count)
        for (record, line) in zip(table.records, table.lines) {
            let id = record[idColumn]
            guard !id.isEmpty else { throw DataError("\(structured.path) line \(line): empty EventId") }
            ids.append(id)
        }
        self.system = system
        self.logFile = log
        self.contents = contents
        self.eventIds = ids
    }

    /// Systems under `root` that hold a `<name>_2k.log` and its structured CSV, sorted by name.
    ///
    /// - Throws: `DataError` when `root` cannot be listed or holds no such system.
    public static func systems(in root: URL) throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: root.path) } catch {
            throw DataError("\(root.path): cannot list the dataset folder (\(error.localizedDescription))")
        }
        let found = names.filter { name in
            let dir = root.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name)_2k.log").path)
                && FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name)_2k.log_structured.csv").path)
        }.sorted()
        guard !found.isEmpty else {
            throw DataError(
                "\(root.path): no <System>/<System>_2k.log with a _structured.csv beside it",
                hint: "point --dataset at a loghub-2k folder")
        }
        return found
    }
}
