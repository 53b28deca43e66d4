import Foundation
import Telemetry

/// Reads the Nezha metric release (Yu et al., ESEC/FSE 2023; `../shared/datasets/nezha-metrics/README.md`) as a
/// recording: the root (every `<system>/<day>/` folder with a `metric/` folder) or one day folder.
///
/// - Per day, every `metric/<pod>_metric.csv` (one row per minute) gives the pod's series under its service's
///   name (the pod name without its two hash suffixes, so a service keeps one series across days even when
///   its pod was replaced); `metric/front_service.csv` gives the entry service's `SuccessRate(%)` and
///   latency quantiles. The edge-latency files (`source_50.csv`, `destination_50.csv`) are not read.
/// - Rows are joined on the `Time` string (its first 19 characters, `YYYY-MM-DD HH:MM:SS`, UTC), never on
///   `TimeStamp`, which is 200,000,000 s too large in one file — and on its minute: the files scrape once a
///   minute, but the same scrape reads `:19` in one file and `:20` in another, so a row's time is the start of
///   its minute. Two rows of one file in one minute (the edge files scrape every 59.93 s, so a day holds more
///   scrapes than minutes) give the minute the mean of their finite values; a row not later than the one before
///   is an error. The recording's rows are the union of every
///   file's minutes; a pod that missed a minute has NaN there.
/// - The `Node…` columns describe the pod's node and repeat in every pod file on that node: pods whose node
///   columns agree on every common row share one series, entity `node:<service>+<service>…`.
/// - `PodSuccessRate(%)` is 0 on every row of this snapshot (not recorded): such a column is skipped, with
///   that reason; the entry service's success rate is the errors series.
/// - Faults: `faults.csv` at the root (or two levels above a day folder), else the day's `fault_list.json`;
///   each fault lasts 3 minutes from `inject_time` (the paper's duration), its target the root-cause service.
public enum NezhaReader {
    /// Fault length stated by the paper.
    public static let faultDurationMs: Int64 = 180_000

    /// The day folders under `url` (a day itself, or a root of `<system>/<day>/metric/`), sorted; nil when
    /// the folder has neither layout.
    public static func days(at url: URL) -> [URL]? {
        let fm = FileManager.default
        func isDirectory(_ u: URL) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: u.path, isDirectory: &d) && d.boolValue
        }
        if isDirectory(url.appendingPathComponent("metric")) { return [url] }
        var out: [URL] = []
        for system in ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
            let s = url.appendingPathComponent(system)
            guard isDirectory(s) else { continue }
            for day in ((try? fm.contentsOfDirectory(atPath: s.path)) ?? []).sorted()
            where isDirectory(s.appendingPathComponent(day).appendingPathComponent("metric")) {
                out.append(s.appendingPathComponent(day))
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The service of a pod name: without its last two `-` parts when it has at least three.
    public static func service(ofPod pod: String) -> String {
        let parts = pod.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 3 ? parts.dropLast(2).joined(separator: "-") : pod
    }

    /// One file's columns.
    struct Table {
        var entity: String
        var names: [String]
        var times: [Int64]
        /// Column-major, `times.count` rows per column.
        var columns: [[Double]]
    }

    /// Reads `url` (the root or one day folder).
    ///
    /// - Throws: `InteropError` naming the file (and line): a folder without the layout (usage), a file
    ///   without a `Time` column, a `Time` that does not start with `YYYY-MM-DD HH:MM:SS`, rows not in time
    ///   order, a wrong field count, a value that is not a number, a fault line that does not parse.
    public static func read(_ url: URL) throws -> Recording {
        guard let days = days(at: url) else {
            throw InteropError(path: url.path, message: "not a Nezha folder (no metric/ folder, no <system>/<day>/metric/)", isUsageError: true)
        }
        var tables: [Table] = []
        var nodeTables: [Table] = []
        for day in days {
            let metric = day.appendingPathComponent("metric")
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: metric.path)) ?? []).sorted()
            var podTables: [(Table, Table)] = []  // (pod columns, node columns)
            for file in files where file.hasSuffix("_metric.csv") {
                let pod = String(file.dropLast("_metric.csv".count))
                let t = try readTable(metric.appendingPathComponent(file), entity: service(ofPod: pod))
                let nodeIdx = t.names.indices.filter { t.names[$0].hasPrefix("Node") }
                let podIdx = t.names.indices.filter { !t.names[$0].hasPrefix("Node") }
                podTables.append(
                    (
                        Table(entity: t.entity, names: podIdx.map { t.names[$0] }, times: t.times, columns: podIdx.map { t.columns[$0] }),
                        Table(entity: t.entity, names: nodeIdx.map { t.names[$0] }, times: t.times, columns: nodeIdx.map { t.columns[$0] })
                    ))
            }
            guard !podTables.isEmpty else { throw InteropError(path: metric.path, message: "no <pod>_metric.csv files") }
            tables += podTables.map(\.0)
            nodeTables += groupNodes(podTables.map(\.1))
            let front = metric.appendingPathComponent("front_service.csv")
            if FileManager.default.fileExists(atPath: front.path) { tables.append(try readTable(front, entity: nil)) }
        }
        var (block, skipped) = try assemble(tables + nodeTables)
        // PodSuccessRate(%) placeholder columns.
        let zeroColumns = block.series.indices.filter { j in
            block.series[j].metric == "PodSuccessRate(%)" && block.frame.withColumn(j) { c in !c.contains { $0.isFinite && $0 != 0 } }
        }
        if !zeroColumns.isEmpty {
            for j in zeroColumns {
                skipped.append(
                    Recording.Skipped(
                        seriesId: block.series[j].id, reason: "PodSuccessRate(%) is 0 on every row (not recorded in this snapshot)"))
            }
            let keep = block.series.indices.filter { !zeroColumns.contains($0) }
            block = try Recording.Block(
                timestamps: block.timestamps, series: keep.map { block.series[$0] }, frame: block.frame.selecting(columns: keep))
        }
        let (faults, labelled) = try readFaults(root: url, days: days)
        let name =
            days.count == 1 && days[0] == url
            ? "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)" : url.lastPathComponent
        return Recording(name: name, format: "nezha", blocks: [block], faults: faults, hasGroundTruth: labelled, skipped: skipped)
    }

    /// Reads one metric CSV: `Time` (first 19 characters), the numeric columns (all but `Time`, `TimeStamp`,
    /// `PodName`, `ServiceName`; `timeName` names the time column: `time` in the edge files). `entity` nil: the `ServiceName` of the first row, lower-cased.
    static func readTable(_ url: URL, entity: String?, timeName: String = "Time") throws -> Table {
        let bytes = try CSVScan.read(url)
        let path = url.path
        var names: [String] = []
        var timeColumn = -1, serviceColumn = -1
        var numeric: [Int] = []
        var times: [Int64] = []
        var rowsMajor: [Double] = []
        var finite: [Int32] = []  // per cell of `rowsMajor`: how many finite values it sums (a minute can hold several scrapes)
        var lastSeconds = Int64.min
        var serviceName: String?
        try bytes.withUnsafeBufferPointer { p in
            var f: [Int] = []
            try CSVScan.forEachLine(p, path: path) { line, range in
                if names.isEmpty {
                    names = try CSVScan.header(p, range, path: path, line: line)
                    guard let t = names.firstIndex(of: timeName) else {
                        throw InteropError(path: path, line: line, message: "no '\(timeName)' column in the header")
                    }
                    timeColumn = t
                    serviceColumn = names.firstIndex(of: "ServiceName") ?? -1
                    numeric = names.indices.filter { !["Time", "TimeStamp", "time", "timestamp", "PodName", "ServiceName"].contains(names[$0]) }
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count / 2 == names.count else {
                    throw InteropError(path: path, line: line, message: "\(f.count / 2) fields, the header has \(names.count)")
                }
                let a = f[2 * timeColumn], b = f[2 * timeColumn + 1]
                guard b - a >= 19, let seconds = NABText.timestamp(UnsafeRawBufferPointer(p), a, a + 19) else {
                    throw InteropError(
                        path: path, line: line, message: "Time '\(CSVScan.text(p, a, b).prefix(40))' does not start with YYYY-MM-DD HH:MM:SS")
                }
                let t = seconds - seconds % 60_000
                guard seconds > lastSeconds else {
                    throw InteropError(
                        path: path, line: line, message: "Time '\(CSVScan.text(p, a, a + 19))' is not later than the previous row's")
                }
                lastSeconds = seconds
                if serviceName == nil, serviceColumn >= 0 { serviceName = CSVScan.text(p, f[2 * serviceColumn], f[2 * serviceColumn + 1]) }
                if let previous = times.last, t == previous {
                    // A second scrape in one minute (the edge files scrape every 59.93 s, so a day holds more scrapes
                    // than minutes): the minute's row is the mean of its scrapes' finite values.
                    let base = (times.count - 1) * numeric.count
                    for (k, c) in numeric.enumerated() {
                        let v = try CSVScan.value(p, f[2 * c], f[2 * c + 1], path: path, line: line, column: names[c])
                        guard v.isFinite else { continue }
                        rowsMajor[base + k] = finite[base + k] == 0 ? v : rowsMajor[base + k] + v
                        finite[base + k] += 1
                    }
                    return
                }
                times.append(t)
                for c in numeric {
                    let v = try CSVScan.value(p, f[2 * c], f[2 * c + 1], path: path, line: line, column: names[c])
                    rowsMajor.append(v)
                    finite.append(v.isFinite ? 1 : 0)
                }
            }
        }
        guard !names.isEmpty else { throw InteropError(path: path, message: "empty file, no header") }
        for i in rowsMajor.indices where finite[i] > 1 { rowsMajor[i] /= Double(finite[i]) }
        let width = numeric.count
        let columns = (0..<width).map { c in (0..<times.count).map { rowsMajor[$0 * width + c] } }
        return Table(
            entity: entity ?? (serviceName?.lowercased() ?? "frontend"), names: numeric.map { names[$0] }, times: times, columns: columns)
    }

    /// Groups pods' node columns by node: a pod joins the first group whose node columns equal its own on
    /// every common row (and share at least one). Each group becomes one table, entity `node:<services>`.
    static func groupNodes(_ tables: [Table]) -> [Table] {
        var groups: [[Table]] = []
        for t in tables where !t.names.isEmpty {
            if let g = groups.firstIndex(where: { sameNode($0[0], t) }) { groups[g].append(t) } else { groups.append([t]) }
        }
        return groups.map { members in
            let entity = "node:" + members.map(\.entity).joined(separator: "+")
            // Union of the members' rows (their values agree where they overlap).
            var all = Set<Int64>()
            for m in members { all.formUnion(m.times) }
            let times = all.sorted()
            var columns = [[Double]](repeating: [Double](repeating: .nan, count: times.count), count: members[0].names.count)
            for m in members {
                let rowOf = Self.rows(of: m.times, in: times)
                for (c, name) in members[0].names.enumerated() {
                    guard let mc = m.names.firstIndex(of: name) else { continue }
                    for r in 0..<m.times.count { columns[c][rowOf[r]] = m.columns[mc][r] }
                }
            }
            return Table(entity: entity, names: members[0].names, times: times, columns: columns)
        }
    }

    /// Whether two pods' node columns agree on every common row (at least one).
    static func sameNode(_ a: Table, _ b: Table) -> Bool {
        guard a.names == b.names else { return false }
        var i = 0, j = 0, common = 0
        while i < a.times.count && j < b.times.count {
            if a.times[i] < b.times[j] {
                i += 1
            } else if a.times[i] > b.times[j] {
                j += 1
            } else {
                for c in a.names.indices {
                    let x = a.columns[c][i], y = b.columns[c][j]
                    if x != y && !(x.isNaN && y.isNaN) { return false }
                }
                common += 1
                i += 1
                j += 1
            }
        }
        return common > 0
    }

    /// One block over the union of the tables' times; a table's column becomes series `<entity>/<name>`
    /// (tables of one entity on several days fill one series).
    static func assemble(_ tables: [Table]) throws -> (Recording.Block, [Recording.Skipped]) {
        var all = Set<Int64>()
        for t in tables { all.formUnion(t.times) }
        let times = all.sorted()
        var index: [String: Int] = [:]
        var series: [SeriesDescriptor] = []
        for t in tables {
            for name in t.names where index["\(t.entity)/\(name)"] == nil {
                index["\(t.entity)/\(name)"] = series.count
                series.append(descriptor(entity: t.entity, column: name))
            }
        }
        let rows = times.count
        var values = [Double](repeating: .nan, count: rows * series.count)
        values.withUnsafeMutableBufferPointer { dst in
            for t in tables {
                let rowOf = Self.rows(of: t.times, in: times)
                for (c, name) in t.names.enumerated() {
                    guard let j = index["\(t.entity)/\(name)"] else { continue }
                    let column = t.columns[c]
                    for r in 0..<column.count where column[r].isFinite || dst[j * rows + rowOf[r]].isNaN { dst[j * rows + rowOf[r]] = column[r] }
                }
            }
        }
        let frame = try MetricFrame(rows: rows, columns: series.count, columnMajor: values)
        return (try Recording.Block(timestamps: times, series: series, frame: frame), [])
    }

    /// The row of each of `times` in `union` (both sorted, `times` ⊆ `union`: one merge walk).
    static func rows(of times: [Int64], in union: [Int64]) -> [Int] {
        var out = [Int](repeating: 0, count: times.count)
        var u = 0
        for (r, time) in times.enumerated() {
            while union[u] < time { u += 1 }
            out[r] = u
        }
        return out
    }

    /// `<entity>/<column>`, the unit from the column's trailing `(…)`, latency columns as quantiles.
    static func descriptor(entity: String, column: String) -> SeriesDescriptor {
        var unit = ""
        if column.hasSuffix(")"), let open = column.lastIndex(of: "(") {
            unit = String(column[column.index(after: open)..<column.index(before: column.endIndex)])
        }
        let kind: SeriesKind = column.lowercased().contains("latency") ? .quantile : .gauge
        return SeriesDescriptor(id: "\(entity)/\(column)", entity: entity, metric: column, unit: unit, kind: kind)
    }

    /// The faults of the days read, and whether any fault source was found.
    static func readFaults(root: URL, days: [URL]) throws -> ([Recording.Fault], Bool) {
        let dayNames = Set(days.map(\.lastPathComponent))
        var candidates = [root.appendingPathComponent("faults.csv")]
        if days.count == 1 && days[0] == root {
            candidates.append(root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("faults.csv"))
        }
        if let csv = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            return (try readFaultsCSV(csv, days: dayNames), true)
        }
        var faults: [Recording.Fault] = []
        var found = false
        for day in days {
            let json = day.appendingPathComponent("fault_list.json")
            guard FileManager.default.fileExists(atPath: json.path) else { continue }
            found = true
            faults += try readFaultList(json)
        }
        return (faults, found)
    }

    static func fault(injectTime: String, service: String, kind: String, path: String, line: Int?) throws -> Recording.Fault {
        guard let t = NABText.timestamp(String(injectTime.prefix(19))) else {
            throw InteropError(path: path, line: line, message: "inject_time '\(injectTime)' is not YYYY-MM-DD HH:MM:SS")
        }
        return Recording.Fault(id: "\(injectTime) \(service)", kind: kind, targets: [service], startMs: t, endMs: t + faultDurationMs - 1)
    }

    /// `faults.csv`: `system,day,inject_time,inject_timestamp_raw,root_cause_pod,root_cause_service,fault_type`.
    static func readFaultsCSV(_ url: URL, days: Set<String>) throws -> [Recording.Fault] {
        let bytes = try CSVScan.read(url)
        let path = url.path
        var names: [String] = []
        var columns: [Int] = []
        var out: [Recording.Fault] = []
        try bytes.withUnsafeBufferPointer { p in
            var f: [Int] = []
            try CSVScan.forEachLine(p, path: path) { line, range in
                if names.isEmpty {
                    names = try CSVScan.header(p, range, path: path, line: line)
                    columns = try ["day", "inject_time", "root_cause_service", "fault_type"].map { n in
                        guard let i = names.firstIndex(of: n) else {
                            throw InteropError(path: path, line: line, message: "no '\(n)' column in the header")
                        }
                        return i
                    }
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count / 2 == names.count else {
                    throw InteropError(path: path, line: line, message: "\(f.count / 2) fields, the header has \(names.count)")
                }
                let v = columns.map { CSVScan.text(p, f[2 * $0], f[2 * $0 + 1]) }
                guard days.contains(v[0]) else { return }
                out.append(try fault(injectTime: v[1], service: v[2], kind: v[3], path: path, line: line))
            }
        }
        return out
    }

    /// A day's `fault_list.json`: `{"<hour>": [{"inject_time", "inject_pod", "inject_type"}, …], …}`.
    static func readFaultList(_ url: URL) throws -> [Recording.Fault] {
        struct Entry: Decodable {
            var inject_time: String
            var inject_pod: String
            var inject_type: String
        }
        let byHour: [String: [Entry]]
        do {
            byHour = try JSONDecoder().decode([String: [Entry]].self, from: Data(contentsOf: url))
        } catch {
            throw InteropError(path: url.path, message: "not a fault list ({\"<hour>\": [{inject_time, inject_pod, inject_type}]}): \(error)")
        }
        return try byHour.keys.sorted().flatMap { hour in
            try (byHour[hour] ?? []).map {
                try fault(injectTime: $0.inject_time, service: service(ofPod: $0.inject_pod), kind: $0.inject_type, path: url.path, line: nil)
            }
        }
    }
}
