import Evaluation
import Foundation

/// What `faultline correlate` found: the settings, the score records (METRICS §9) and every incident.
public struct CorrelationReport: Codable, Sendable, Equatable {
    /// One incident, as listed in the report.
    public struct IncidentRow: Codable, Sendable, Equatable {
        public var id: String
        public var startMs: Int64
        public var endMs: Int64
        public var alerts: Int
        public var entities: [String]
        /// The fault most of its alerts belong to (nil: noise).
        public var label: String?
        public var explainedBy: String?
        public var notifications: Int

        public init(
            id: String, startMs: Int64, endMs: Int64, alerts: Int, entities: [String], label: String?, explainedBy: String?, notifications: Int
        ) {
            self.id = id
            self.startMs = startMs
            self.endMs = endMs
            self.alerts = alerts
            self.entities = entities
            self.label = label
            self.explainedBy = explainedBy
            self.notifications = notifications
        }
    }

    public var dataset: String
    public var detector: String
    /// Every setting (detector parameters, hold, resolve, window, hops, group_wait, …) as printed.
    public var settings: [String: String]
    public var records: [MetricRecord]
    public var incidents: [IncidentRow]
    /// Faults of the scored span and whether an incident is labelled with each.
    public var faults: [String: Bool]

    public init(
        dataset: String, detector: String, settings: [String: String], records: [MetricRecord], incidents: [IncidentRow], faults: [String: Bool]
    ) {
        self.dataset = dataset
        self.detector = detector
        self.settings = settings
        self.records = records
        self.incidents = incidents
        self.faults = faults
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
        } catch {
            throw ReportError.write(path: "correlation.json", reason: "\(error)")
        }
    }

    /// The terminal text: settings, the score, then the incidents.
    public func text() -> String {
        var s = "correlate \(dataset) (detector \(detector))\n"
        s += "settings  " + settings.keys.sorted().map { "\($0)=\(settings[$0] ?? "")" }.joined(separator: " ") + "\n\n"
        for r in records {
            let v = r.value.map { String(format: "%.3f", $0) } ?? "undefined (\(r.undefinedReason ?? ""))"
            s += "  " + r.metric.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + v + "\n"
        }
        if let first = records.first {
            let p = first.parameters
            s += "  (\(p["alerts"] ?? "?") alerts, \(p["incidents"] ?? "?") incidents, \(p["false_incidents"] ?? "?") false, "
            s += "\(p["explained_incidents"] ?? "?") explained by benign changes)\n"
        }
        let missed = faults.filter { !$0.value }.keys.sorted()
        s += "\nfaults    \(faults.count) in the scored span, \(faults.count - missed.count) found as an incident"
        s += missed.isEmpty ? "\n" : "; missed: \(missed.joined(separator: ", "))\n"
        s += "\nincidents\n"
        for i in incidents {
            let what = i.explainedBy.map { "explained by \($0)" } ?? (i.label.map { "fault \($0)" } ?? "noise")
            s += "  \(i.id)  \(i.alerts) alerts on \(i.entities.joined(separator: ", "))  → \(what), \(i.notifications) notifications\n"
        }
        return s
    }

    /// Markdown: the same as the text, fenced.
    public func markdown() -> String { "# Alert correlation\n\n```\n" + text() + "```\n" }
}

/// Writes `correlation.json` and `correlation.md` into a folder, each atomically.
public enum CorrelationReportWriter {
    public static let files = ["correlation.json", "correlation.md"]

    /// - Throws: `ReportError.write` naming the file.
    public static func write(_ report: CorrelationReport, to folder: URL) throws -> [URL] {
        let contents = [try report.json(), report.markdown()]
        return try zip(files, contents).map { name, text in
            let url = folder.appendingPathComponent(name)
            try AtomicWrite.write(Data(text.utf8), to: url)
            return url
        }
    }
}
