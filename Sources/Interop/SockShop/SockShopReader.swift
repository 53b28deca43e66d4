import Foundation
import Telemetry

/// One Sock Shop fault-injection case (sockshop-rcd, RCD / RCAEval "Sock Shop 1"), preprocessed by the
/// dataset README's replay protocol: rows `0..<normalRows` are the normal window, the rest the incident
/// window (the first anomalous row is the injection time).
public struct SockShopCase: Sendable {
    /// `cases.csv`'s `case_id` (`carts-cpu_1`).
    public var id: String
    /// The true root-cause service.
    public var rootCause: String
    /// `cpu` or `mem`.
    public var fault: String
    /// Normal window rows then incident window rows; one column per kept metric.
    public var frame: MetricFrame
    /// Entity = the text before the first `_` of the column name, metric = the rest.
    public var series: [SeriesDescriptor]
    public var normalRows: Int
    public var incidentRows: Int
    /// Every service that appears in either file's header (the candidates), first-occurrence order.
    public var services: [String]
    /// Columns dropped by the protocol (latency p50/p99, constant in a window, not in both files).
    public var dropped: [String]
    /// The first anomalous row's time, epoch ms.
    public var injectTimeMs: Int64
}

/// Reads `/work/shared/datasets/sockshop-rcd`-shaped folders: `cases.csv` and `cases/<service>-<fault>/<n>/{normal,anomalous}.csv`.
public enum SockShopReader {
    /// Rows kept: the last `normalWindow` of `normal.csv` and the first `incidentWindow` of `anomalous.csv`.
    public static let normalWindow = 300
    public static let incidentWindow = 300
    /// The protocol divides memory (bytes) by this.
    public static let memoryScale = 1e6

    /// Reads every case listed in `root/cases.csv`, in its order.
    ///
    /// - Throws: `InteropError` naming the file and line: usage error when `root` has no `cases.csv`; data
    ///   error for a malformed index row, a missing case file, a short row or a non-number.
    public static func read(_ root: URL) throws -> [SockShopCase] {
        let index = root.appendingPathComponent("cases.csv")
        guard FileManager.default.fileExists(atPath: index.path) else {
            throw InteropError(path: index.path, message: "no cases.csv: not a sockshop-rcd folder", isUsageError: true)
        }
        let bytes = try CSVScan.read(index)
        return try bytes.withUnsafeBufferPointer { p -> [SockShopCase] in
            var header: [String] = []
            var cases: [SockShopCase] = []
            var f: [Int] = []
            try CSVScan.forEachLine(p, path: index.path) { line, range in
                if header.isEmpty {
                    header = try CSVScan.header(p, range, path: index.path, line: line)
                    for need in ["case_id", "root_cause_service", "fault", "path"] where !header.contains(need) {
                        throw InteropError(path: index.path, line: line, message: "header lacks column '\(need)'")
                    }
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count == 2 * header.count else {
                    throw InteropError(path: index.path, line: line, message: "\(f.count / 2) fields, header has \(header.count)")
                }
                func field(_ name: String) -> String {
                    let i = header.firstIndex(of: name)!
                    return CSVScan.text(p, f[2 * i], f[2 * i + 1])
                }
                let folder = root.appendingPathComponent(field("path"))
                cases.append(
                    try readCase(id: field("case_id"), rootCause: field("root_cause_service"), fault: field("fault"), folder: folder))
            }
            return cases
        }
    }

    /// Reads and preprocesses one case folder.
    ///
    /// - Throws: `InteropError` naming the file (and line) for a missing file, a short row or a non-number,
    ///   or a window with no rows.
    public static func readCase(id: String, rootCause: String, fault: String, folder: URL) throws -> SockShopCase {
        let normal = try table(folder.appendingPathComponent("normal.csv"))
        let anomalous = try table(folder.appendingPathComponent("anomalous.csv"))
        for (t, name) in [(normal, "normal.csv"), (anomalous, "anomalous.csv")] where t.rows == 0 {
            throw InteropError(path: folder.appendingPathComponent(name).path, message: "case \(id): the file has a header but no rows")
        }
        var services: [String] = []
        for name in normal.names + anomalous.names where name != "time" {
            let s = entity(of: name)
            if !services.contains(s) { services.append(s) }
        }
        let nKeep = min(normalWindow, normal.rows), aKeep = min(incidentWindow, anomalous.rows)
        var columns: [[Double]] = [], series: [SeriesDescriptor] = [], dropped: [String] = []
        for name in normal.names + anomalous.names.filter({ !normal.names.contains($0) }) where name != "time" {
            guard !name.hasSuffix("_lat_50"), !name.hasSuffix("_lat_99"),
                let ni = normal.names.firstIndex(of: name), let ai = anomalous.names.firstIndex(of: name)
            else {
                dropped.append(name)
                continue
            }
            let scale = name.hasSuffix("_mem") ? memoryScale : 1
            let a = normal.columns[ni].suffix(nKeep).map { $0 / scale }
            let b = anomalous.columns[ai].prefix(aKeep).map { $0 / scale }
            guard !isConstantWindow(a), !isConstantWindow(b) else {
                dropped.append(name)
                continue
            }
            let e = entity(of: name)
            let metric = String(name.dropFirst(e.count + 1))
            series.append(
                SeriesDescriptor(
                    id: "\(e)/\(metric)", entity: e, metric: metric, unit: unit(of: metric), kind: metric.hasPrefix("lat") ? .quantile : .gauge))
            columns.append(a + b)
        }
        let injectMs = anomalous.time.first ?? 0
        let frame = try MetricFrame(columns: columns)
        return SockShopCase(
            id: id, rootCause: rootCause, fault: fault, frame: columns.isEmpty ? MetricFrame(rows: nKeep + aKeep, columns: 0) : frame, series: series,
            normalRows: nKeep, incidentRows: aKeep, services: services, dropped: dropped, injectTimeMs: injectMs)
    }

    /// The service of a column name: the text before its first `_`.
    public static func entity(of column: String) -> String {
        String(column.prefix { $0 != "_" })
    }

    static func unit(of metric: String) -> String {
        switch metric {
        case "mem": return "MB"
        case "cpu": return "percent"
        case "lod": return "1/s"
        default: return metric.hasPrefix("lat") ? "s" : ""
        }
    }

    /// Constant within the window: every finite value equal (or none finite).
    public static func isConstantWindow(_ x: [Double]) -> Bool {
        guard let first = x.first(where: \.isFinite) else { return true }
        return x.allSatisfy { !$0.isFinite || $0 == first }
    }

    struct Table {
        var names: [String]
        var columns: [[Double]]
        var time: [Int64]
        var rows: Int { columns.first?.count ?? 0 }
    }

    static func table(_ url: URL) throws -> Table {
        let bytes = try CSVScan.read(url)
        return try bytes.withUnsafeBufferPointer { p -> Table in
            var t = Table(names: [], columns: [], time: [])
            var f: [Int] = []
            var timeColumn: Int?
            try CSVScan.forEachLine(p, path: url.path) { line, range in
                if t.names.isEmpty {
                    t.names = try CSVScan.header(p, range, path: url.path, line: line)
                    t.columns = Array(repeating: [], count: t.names.count)
                    timeColumn = t.names.firstIndex(of: "time")
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count == 2 * t.names.count else {
                    throw InteropError(path: url.path, line: line, message: "\(f.count / 2) fields, header has \(t.names.count)")
                }
                for c in t.names.indices {
                    let v = try CSVScan.value(p, f[2 * c], f[2 * c + 1], path: url.path, line: line, column: t.names[c])
                    t.columns[c].append(v)
                    if c == timeColumn { t.time.append(v.isFinite ? Int64((v * 1000).rounded()) : 0) }
                }
            }
            guard !t.names.isEmpty else { throw InteropError(path: url.path, message: "empty file: no header") }
            return t
        }
    }
}
