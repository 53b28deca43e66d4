import Foundation
import Telemetry

/// Samples of labelled series (Prometheus `query_range` results, OpenMetrics lines), collected from one or more
/// files and merged by label set, then laid on one time axis: the union of every series' timestamps, NaN where a
/// series has no sample, gaps filled by `RowGrid`. The `faultline_fault_active` series become faults; OpenMetrics
/// `_created` samples are not series (both reported).
///
/// Labels Faultline's exporters write and this reads back: `entity` (else the entity is the first of `service`,
/// `job`, `pod`, `instance`, `container`, else `prometheus`), `faultline_id` (the series id, when it is not
/// `entity/metric`), `faultline_unit`, `faultline_kind`. Without `faultline_id` a series' id is
/// `entity/metric`, followed by its other labels `{k="v",…}` when it has any.
struct SampleSet {
    /// One series' samples.
    struct Entry {
        var name: String
        var labels: [(String, String)]
        var times: [Int64] = []
        var values: [Double] = []
        var source: String
    }

    /// The metric name of the ground-truth series.
    static let faultSeries = "faultline_fault_active"

    var entries: [Entry] = []
    private var index: [String: Int] = [:]
    /// OpenMetrics `# TYPE` per family name.
    var types: [String: String] = [:]
    /// Samples of series that are not made series, by reason.
    var notSeries: [String: Int] = [:]

    /// The entry of a label set (created on first use); `labels` need not be sorted.
    mutating func entry(name: String, labels: [(String, String)], source: String) -> Int {
        let sorted = labels.sorted { $0.0 < $1.0 }
        var key = name + "{"
        for (k, v) in sorted { key += k + "=\"" + v + "\"," }
        key += "}"
        if let i = index[key] { return i }
        index[key] = entries.count
        entries.append(Entry(name: name, labels: sorted, source: source))
        return entries.count - 1
    }

    /// The series a label set describes (see the type's documentation).
    func descriptor(_ e: Entry) -> SeriesDescriptor {
        var labels: [String: String] = [:]
        for (k, v) in e.labels { labels[k] = v }
        let entityLabel = ["entity", "service", "job", "pod", "instance", "container"].first { labels[$0] != nil }
        let entity = entityLabel.flatMap { labels[$0] } ?? "prometheus"
        let unit = labels["faultline_unit"] ?? ""
        var kind: SeriesKind
        if let k = labels["faultline_kind"].flatMap(SeriesKind.init(rawValue:)) {
            kind = k
        } else {
            let family = Self.family(of: e.name, types: types)
            switch family.flatMap({ types[$0] }) {
            case "counter": kind = .counter
            case "summary" where labels["quantile"] != nil: kind = .quantile
            case "histogram", "summary", "gaugehistogram":
                kind = e.name.hasSuffix("_sum") || e.name.hasSuffix("_count") || e.name.hasSuffix("_bucket") ? .counter : .gauge
            case "gauge": kind = .gauge
            default:
                kind =
                    e.name.hasSuffix("_total") || e.name.hasSuffix("_count") || e.name.hasSuffix("_sum") || e.name.hasSuffix("_bucket")
                    ? .counter : .gauge
            }
        }
        if let id = labels["faultline_id"] {
            let metric = id.hasPrefix(entity + "/") ? String(id.dropFirst(entity.count + 1)) : e.name
            return SeriesDescriptor(id: id, entity: entity, metric: metric, unit: unit, kind: kind)
        }
        let rest = e.labels.filter { $0.0 != entityLabel && !$0.0.hasPrefix("faultline_") && $0.0 != "__name__" }
        let suffix = rest.isEmpty ? "" : "{" + rest.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        return SeriesDescriptor(id: "\(entity)/\(e.name)\(suffix)", entity: entity, metric: e.name + suffix, unit: unit, kind: kind)
    }

    /// The OpenMetrics family a sample name belongs to: itself when typed, else the name less a known suffix.
    static func family(of name: String, types: [String: String]) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_total", "_created", "_count", "_sum", "_bucket", "_gcount", "_gsum", "_info"] where name.hasSuffix(suffix) {
            let f = String(name.dropLast(suffix.count))
            if types[f] != nil { return f }
        }
        return nil
    }

    /// The faults of `faultline_fault_active` series: the window its `start_ms` and `end_ms` labels give, else
    /// each run of consecutive samples ≥ 0.5.
    func faults(_ e: Entry, count: Int) throws -> [FaultRecord] {
        var labels: [String: String] = [:]
        for (k, v) in e.labels { labels[k] = v }
        let id = labels["fault_id"] ?? "f\(count + 1)"
        let kind = ImportValidation.identifier(labels["kind"] ?? "labelled")
        let target = labels["target"] ?? "unknown"
        if let a = labels["start_ms"].flatMap({ Int64($0) }), let b = labels["end_ms"].flatMap({ Int64($0) }) {
            guard a <= b else { throw InteropError(path: e.source, message: "fault series '\(id)': end_ms before start_ms") }
            return [FaultRecord(id: id, kind: kind, target: target, injectionStartMs: a, injectionEndMs: b)]
        }
        let order = e.times.indices.sorted { e.times[$0] < e.times[$1] }
        var out: [FaultRecord] = []
        var k = 0
        while k < order.count {
            guard e.values[order[k]] >= 0.5 else {
                k += 1
                continue
            }
            var j = k
            while j + 1 < order.count && e.values[order[j + 1]] >= 0.5 { j += 1 }
            out.append(
                FaultRecord(
                    id: out.isEmpty ? id : "\(id)#\(out.count + 1)", kind: kind, target: target, injectionStartMs: e.times[order[k]],
                    injectionEndMs: e.times[order[j]]))
            k = j + 1
        }
        return out
    }

    /// The merged dataset.
    ///
    /// - Throws: `InteropError` naming `path` for no series, two label sets with one series id, a duplicate under
    ///   `DuplicatePolicy.error`, or what `ImportValidation` finds.
    func dataset(path: String, info: DatasetInfo, duplicates: DuplicatePolicy, gaps: GapPolicy) throws -> ImportResult {
        var repairs: [ImportRepair] = []
        var seriesEntries: [Int] = []
        var faults: [FaultRecord] = []
        for (i, e) in entries.enumerated() {
            if e.name == Self.faultSeries {
                faults += try self.faults(e, count: faults.count)
            } else {
                seriesEntries.append(i)
            }
        }
        if !faults.isEmpty {
            repairs.append(
                ImportRepair(.samplesNotSeries, "\(faults.count) faults read from the \(Self.faultSeries) series (ground truth, not a metric)"))
        }
        for (reason, n) in notSeries.sorted(by: { $0.key < $1.key }) {
            repairs.append(ImportRepair(.samplesNotSeries, "\(n) \(reason)"))
        }
        let series = seriesEntries.map { descriptor(entries[$0]) }
        guard !series.isEmpty else { throw InteropError(path: path, message: "no series with samples") }
        var ids: [String: Int] = [:]
        for (k, s) in series.enumerated() {
            if let other = ids[s.id] {
                throw InteropError(
                    path: path,
                    message:
                        "two label sets give the series id '\(s.id.prefix(120))' (\(entries[seriesEntries[other]].labels.count) and \(entries[seriesEntries[k]].labels.count) labels)"
                )
            }
            ids[s.id] = k
        }
        var all: [Int64] = []
        for i in seriesEntries { all += entries[i].times }
        all.sort()
        var times: [Int64] = []
        times.reserveCapacity(all.count)
        for t in all where times.last != t { times.append(t) }
        guard !times.isEmpty else { throw InteropError(path: path, message: "no samples") }
        let rows = times.count, columns = series.count
        guard rows * columns <= RowGrid.maxCells else {
            throw InteropError(path: path, message: "\(rows) distinct timestamps × \(columns) series is more than \(RowGrid.maxCells) values")
        }
        var values = [Double](repeating: .nan, count: rows * columns)
        var counts = [UInt32](repeating: 0, count: rows * columns)
        var duplicateSamples = 0
        var firstDuplicate: (String, Int64)?
        for (c, i) in seriesEntries.enumerated() {
            let e = entries[i]
            for (t, v) in zip(e.times, e.values) {
                var lo = 0, hi = rows
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if times[mid] < t { lo = mid + 1 } else { hi = mid }
                }
                let cell = c * rows + lo  // column-major
                counts[cell] += 1
                if counts[cell] == 1 {
                    values[cell] = v
                    continue
                }
                duplicateSamples += 1
                if firstDuplicate == nil { firstDuplicate = (series[c].id, t) }
                switch duplicates {
                case .error:
                    throw InteropError(
                        path: e.source,
                        message: "series '\(series[c].id.prefix(120))' has two samples at \(t) ms (--duplicates last|first|mean merges them)")
                case .first: if values[cell].isNaN { values[cell] = v }
                case .last: if !v.isNaN { values[cell] = v }
                case .mean:
                    if values[cell].isNaN {
                        values[cell] = v
                        counts[cell] = 1
                    } else if !v.isNaN {
                        values[cell] += (v - values[cell]) / Double(counts[cell])
                    } else {
                        counts[cell] -= 1
                    }
                }
            }
        }
        if let (id, t) = firstDuplicate {
            repairs.append(
                ImportRepair(
                    .duplicatesMerged,
                    "\(duplicateSamples) samples repeated a series' timestamp (first: '\(id.prefix(120))' at \(t) ms); merged by policy '\(duplicates.rawValue)' (\(RowGrid.describe(duplicates)))"
                ))
        }
        let grid = try RowGrid.build(times: times, columnMajor: values, columns: columns, path: path, duplicates: duplicates, gaps: gaps)
        repairs += grid.repairs
        let axis = TimeAxis(startMs: grid.timestamps[0], stepMs: grid.stepMs, count: grid.timestamps.count)
        let ds = try Dataset(
            info: info, axis: axis, timestamps: grid.timestamps, series: series, frame: grid.frame,
            topology: Topology(entities: GenericCSVImporter.entities(series)), groundTruth: GroundTruth(faults: faults))
        try ImportValidation.validate(ds, source: path)
        return ImportResult(dataset: ds, repairs: repairs)
    }
}
