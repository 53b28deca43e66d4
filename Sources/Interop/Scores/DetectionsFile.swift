import Foundation

/// `detections.csv`, written by `faultline replay` into its run folder and read by `faultline rca --detected`:
/// for every streaming model, seed and scored fault, the first alarm row inside the fault's labelled window
/// (empty when none) and whether the model was already alarming on the row before it (an alarm episode that
/// began before the fault: it tells the operator nothing new about this fault).
///
/// Columns: `dataset,model,seed,fault,fault_kind,start_ms,detected_ms,time_to_detect_s,already_alarming`
/// (`start_ms` = the fault window's first instant; fields quoted as RFC 4180 when they hold a comma or quote).
public enum DetectionsFile {
    /// The file's name in a replay run folder.
    public static let name = "detections.csv"
    /// The header, in order.
    public static let columns = [
        "dataset", "model", "seed", "fault", "fault_kind", "start_ms", "detected_ms", "time_to_detect_s", "already_alarming",
    ]

    /// One model's outcome on one fault.
    public struct Row: Sendable, Equatable {
        public var dataset: String
        public var model: String
        public var seed: UInt64
        public var fault: String
        public var faultKind: String
        public var startMs: Int64
        /// The first alarm row's time inside the window; nil when the model never alarmed in it.
        public var detectedMs: Int64?
        /// The model was alarming on the row before `detectedMs` (the episode began before the fault).
        public var alreadyAlarming: Bool

        public init(
            dataset: String, model: String, seed: UInt64, fault: String, faultKind: String, startMs: Int64, detectedMs: Int64?, alreadyAlarming: Bool
        ) {
            self.dataset = dataset
            self.model = model
            self.seed = seed
            self.fault = fault
            self.faultKind = faultKind
            self.startMs = startMs
            self.detectedMs = detectedMs
            self.alreadyAlarming = alreadyAlarming
        }

        /// Seconds from the window's start to the first alarm in it.
        public var timeToDetectSeconds: Double? { detectedMs.map { Double($0 - startMs) / 1000 } }
        /// A new alarm began inside the fault's window.
        public var isNewAlarm: Bool { detectedMs != nil && !alreadyAlarming }
    }

    /// The file's text.
    public static func render(_ rows: [Row]) -> String {
        var s = columns.joined(separator: ",") + "\n"
        for r in rows {
            let fields = [
                CSVExporter.field(r.dataset), CSVExporter.field(r.model), String(r.seed), CSVExporter.field(r.fault), CSVExporter.field(r.faultKind),
                String(r.startMs), r.detectedMs.map(String.init) ?? "", r.timeToDetectSeconds.map { String($0) } ?? "",
                r.alreadyAlarming ? "true" : "false",
            ]
            s += fields.joined(separator: ",") + "\n"
        }
        return s
    }

    /// Reads a `detections.csv` (or the replay run folder holding one).
    ///
    /// - Throws: `InteropError` naming the file (a usage error when it does not exist), and the line and
    ///   column of a field that does not parse, a wrong header or a row with the wrong number of fields.
    public static func read(_ url: URL) throws -> [Row] {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let file = exists && isDirectory.boolValue ? url.appendingPathComponent(name) : url
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw InteropError(
                path: file.path, message: "no such file (give a replay run folder or its \(name))", isUsageError: true)
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw InteropError(path: file.path, message: "cannot read the file") }
        return try parse(String(decoding: data, as: UTF8.self), path: file.path)
    }

    /// Parses the text of a `detections.csv` called `path` (read by `CSVRecords`).
    ///
    /// - Throws: as `read`.
    public static func parse(_ text: String, path: String) throws -> [Row] {
        let csv = try CSVRecords(text: text, path: path)
        guard csv.header == columns else {
            throw InteropError(path: path, line: 1, message: "the header is not \(columns.joined(separator: ",")) (a replay run's \(name))")
        }
        return try zip(csv.records, csv.lines).map { f, n in
            func number<T: LosslessStringConvertible>(_ k: Int, _ type: T.Type) throws -> T {
                guard let v = T(f[k]) else {
                    throw InteropError(path: path, line: n, column: k + 1, message: "\(columns[k]) '\(f[k].prefix(40))' is not a whole number")
                }
                return v
            }
            let detected: Int64? = f[6].isEmpty ? nil : try number(6, Int64.self)
            guard f[8] == "true" || f[8] == "false" else {
                throw InteropError(path: path, line: n, column: 9, message: "already_alarming '\(f[8].prefix(40))' is not true or false")
            }
            return Row(
                dataset: f[0], model: f[1], seed: try number(2, UInt64.self), fault: f[3], faultKind: f[4], startMs: try number(5, Int64.self),
                detectedMs: detected, alreadyAlarming: f[8] == "true")
        }
    }
}
