import FaultlineTestSupport
import Foundation

/// Readers for the shared log datasets, kept minimal and independent of the Workbench loaders so
/// the model tests check the models, not the loaders.
enum LogsFixtures {
    /// Splits CSV text into records (RFC 4180 quoting).
    static func csv(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars = chars.dropFirst() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else if c != "\r" {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// Message contents (from the raw `.log`) and true event ids of a loghub-2k system; throws
    /// `SharedData.MissingData` when the dataset is absent (callers are `.enabled(if: SharedData.available(…))`). `headerTokens` whitespace tokens precede the content; for HDFS
    /// the component ends with `:`.
    static func loghub(_ system: String, headerTokens: Int) throws -> (contents: [String], truth: [String]) {
        let root = try SharedData.require("loghub-2k")
        let dir = root.appendingPathComponent(system)
        let log = try String(contentsOf: dir.appendingPathComponent("\(system)_2k.log"), encoding: .utf8)
        var contents: [String] = []
        for line in log.split(whereSeparator: \.isNewline) {
            var rest = Substring(line)
            for _ in 0..<headerTokens {
                rest = rest.drop(while: { $0 != " " }).drop(while: { $0 == " " })
            }
            contents.append(String(rest))
        }
        let table = csv(try String(contentsOf: dir.appendingPathComponent("\(system)_2k.log_structured.csv"), encoding: .utf8))
        let idColumn = table[0].firstIndex(of: "EventId") ?? 0
        let truth = table.dropFirst().map { $0[idColumn] }
        return (contents, truth)
    }

    /// Sessions of hdfs-100k-sessions as (events as column indices, anomalous, isTest), plus
    /// the number of event types; throws `SharedData.MissingData` when the dataset is absent.
    static func hdfsSessions() throws -> (sessions: [(events: [Int], anomalous: Bool, isTest: Bool)], eventTypes: Int) {
        let root = try SharedData.require("hdfs-100k-sessions")
        let text = try String(contentsOf: root.appendingPathComponent("sessions.csv"), encoding: .utf8)
        var raw: [([Int], Bool, Bool)] = []
        var ids = Set<Int>()
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let events = f[3].split(separator: " ").compactMap { Int($0.dropFirst()) }
            ids.formUnion(events)
            raw.append((events, f[1] == "Anomaly", f[2] == "test"))
        }
        let order = ids.sorted()
        let column = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return (raw.map { (events: $0.0.map { column[$0] ?? 0 }, anomalous: $0.1, isTest: $0.2) }, order.count)
    }
}
