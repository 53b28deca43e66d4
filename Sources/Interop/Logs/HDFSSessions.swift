import Foundation
import Telemetry

/// The labelled HDFS block sessions of `hdfs-100k-sessions/sessions.csv`
/// (`BlockId,Label,Split,EventSequence`).
public struct HDFSSessions: Sendable {
    /// One session (HDFS block).
    public struct Session: Sendable, Hashable {
        /// Block id.
        public var blockId: String
        /// `true` for `Anomaly`.
        public var anomalous: Bool
        /// `true` for the `test` split.
        public var isTest: Bool
        /// Event-type indices (into ``HDFSSessions/eventTypes``) in log order.
        public var events: [Int]
    }

    /// Event ids in column order (sorted by their numeric suffix: `E2, E3, …`).
    public var eventTypes: [String]
    /// Sessions in file order.
    public var sessions: [Session]
    /// The file read.
    public var file: URL

    /// Loads `sessions.csv` from a dataset folder.
    ///
    /// - Throws: `InteropError` (`CSVRecords`) for a file that is missing or not well-formed CSV, or a missing column;
    ///   `DataError` naming the file and line for a label other
    ///   than `Normal`/`Anomaly`, a split other than `train`/`test`, or an event id that is not `E<n>`.
    public init(dataset: URL) throws {
        let url = dataset.appendingPathComponent("sessions.csv")
        let table = try CSVRecords(url)
        let idCol = try table.column("BlockId"), labelCol = try table.column("Label")
        let splitCol = try table.column("Split"), seqCol = try table.column("EventSequence")
        var raw: [(String, Bool, Bool, [Substring])] = []
        var vocabulary = Set<Substring>()
        for (r, line) in zip(table.records, table.lines) {
            let anomalous: Bool
            switch r[labelCol] {
            case "Normal": anomalous = false
            case "Anomaly": anomalous = true
            default: throw DataError("\(url.path) line \(line): Label '\(r[labelCol])' is neither Normal nor Anomaly")
            }
            let isTest: Bool
            switch r[splitCol] {
            case "train": isTest = false
            case "test": isTest = true
            default: throw DataError("\(url.path) line \(line): Split '\(r[splitCol])' is neither train nor test")
            }
            let events = r[seqCol].split(separator: " ")
            for e in events {
                guard e.first == "E", Int(e.dropFirst()) != nil else {
                    throw DataError("\(url.path) line \(line): event id '\(e)' is not E<number>")
                }
                vocabulary.insert(e)
            }
            raw.append((r[idCol], anomalous, isTest, events))
        }
        guard !raw.isEmpty else { throw DataError("\(url.path): no sessions") }
        let types = vocabulary.sorted { Int($0.dropFirst()) ?? 0 < Int($1.dropFirst()) ?? 0 }
        var index: [Substring: Int] = [:]
        for (i, t) in types.enumerated() { index[t] = i }
        eventTypes = types.map(String.init)
        sessions = raw.map { s in
            Session(blockId: s.0, anomalous: s.1, isTest: s.2, events: s.3.map { index[$0] ?? 0 })
        }
        file = url
    }
}
