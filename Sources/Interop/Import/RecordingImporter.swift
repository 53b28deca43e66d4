import Foundation
import Telemetry

/// `faultline import nab|smd|rcaeval|nezha`: the corpora the existing readers know, as datasets.
public enum RecordingImporter {
    /// One NAB data file (`timestamp,value`); inside a corpus (`<root>/data/<category>/<name>.csv`) its windows
    /// from `<root>/labels/combined_windows.json` are the faults (kind `nab-window`). Unsorted or repeated
    /// timestamps are sorted and merged (`RowGrid`), reported.
    ///
    /// - Throws: `InteropError` / `DataError` naming the file and line; a usage error for a corpus folder (each
    ///   file has its own clock: import one).
    public static func nab(_ url: URL, name: String, duplicates: DuplicatePolicy, gaps: GapPolicy) throws -> ImportResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file", isUsageError: true)
        }
        guard !isDirectory.boolValue else {
            throw InteropError(
                path: url.path, message: "a NAB corpus holds many files with their own clocks; import one data/<category>/<name>.csv",
                isUsageError: true)
        }
        let file = try NABDataFile.read(url)
        var times: [Int64] = []
        times.reserveCapacity(file.timestamps.count)
        for (i, text) in file.timestamps.enumerated() {
            guard let t = NABText.timestamp(text) ?? TimestampText.epochMs(text) else {
                throw InteropError(path: url.path, line: i + 2, message: "timestamp '\(text.prefix(40))' is not YYYY-MM-DD HH:MM:SS")
            }
            times.append(t)
        }
        guard !times.isEmpty else { throw InteropError(path: url.path, message: "no data rows") }
        let grid = try RowGrid.build(
            times: times, rowMajor: file.values, columns: 1, lines: (0..<times.count).map { $0 + 2 }, path: url.path, duplicates: duplicates,
            gaps: gaps)
        let category = url.deletingLastPathComponent()
        let root = category.deletingLastPathComponent().deletingLastPathComponent()
        let key = "\(category.lastPathComponent)/\(url.lastPathComponent)"
        let labels = root.appendingPathComponent("labels/combined_windows.json")
        let stem = url.deletingPathExtension().lastPathComponent
        var faults: [FaultRecord] = []
        if category.deletingLastPathComponent().lastPathComponent == "data", FileManager.default.fileExists(atPath: labels.path) {
            for (k, w) in (try NABCorpusLayout.readWindows(labels)[key] ?? []).enumerated() {
                guard let a = NABText.timestamp(w.0), let b = NABText.timestamp(w.1) else {
                    throw InteropError(path: labels.path, message: "window \(k + 1) of \(key): bad timestamp in [\(w.0), \(w.1)]")
                }
                faults.append(
                    FaultRecord(
                        id: "\(stem)#\(k + 1)", kind: "nab-window", target: stem, injectionStartMs: a, injectionEndMs: b,
                        affectedSeries: [AffectedSeries(seriesId: "\(stem)/value", startMs: a, endMs: b)]))
            }
        }
        let series = [SeriesDescriptor(id: "\(stem)/value", entity: stem, metric: "value", unit: "", kind: .gauge)]
        let ds = try Dataset(
            info: DatasetInfo(name: name, generator: "faultline-interop nab"),
            axis: TimeAxis(startMs: grid.timestamps[0], stepMs: grid.stepMs, count: grid.timestamps.count), timestamps: grid.timestamps,
            series: series, frame: grid.frame, topology: Topology(entities: [Entity(id: stem, kind: .service)]),
            groundTruth: GroundTruth(faults: faults))
        try ImportValidation.validate(ds, source: url.path)
        return ImportResult(dataset: ds, repairs: grid.repairs)
    }

    /// One SMD machine (`<root>/test/<machine>.txt`, or a root holding one machine) through `SMDImporter`.
    public static func smd(_ url: URL, name: String?) throws -> ImportResult {
        let (root, machine) = try SMDRecording.locate(url)
        var ds = try SMDImporter.load(root: root, machine: machine)
        if let name { ds.info.name = name }
        try ImportValidation.validate(ds, source: url.path)
        return ImportResult(dataset: ds, repairs: [])
    }

    /// A Nezha day folder (or the root) through `NezhaReader`: one block of minutes, each fault 3 minutes from
    /// its injection on its root-cause service. Missed minutes become NaN rows (`RowGrid`); faults outside the
    /// rows are left out, reported.
    public static func nezha(_ url: URL, name: String, gaps: GapPolicy) throws -> ImportResult {
        let recording = try NezhaReader.read(url)
        return try dataset(recording, path: url.path, name: name, generator: "faultline-interop nezha", gaps: gaps)
    }

    /// An RCAEval / RCD case folder (`normal.csv` and `anomalous.csv`, `time` in Unix seconds and
    /// `<service>_<metric>` columns), or one such CSV. For a case folder the rows of both files are joined in
    /// time order (they are separate recordings: the gap between them is kept, reported) and the anomalous
    /// file's span is one fault, its kind the folder's fault (`cpu`, `mem`) and its target the folder's service
    /// (`…/<service>-<fault>/<n>/`).
    public static func rcaeval(_ url: URL, name: String, duplicates: DuplicatePolicy, gaps: GapPolicy) throws -> ImportResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file or folder", isUsageError: true)
        }
        let files: [URL] =
            isDirectory.boolValue ? [url.appendingPathComponent("normal.csv"), url.appendingPathComponent("anomalous.csv")] : [url]
        var tables: [CSVTable] = []
        for f in files {
            guard FileManager.default.fileExists(atPath: f.path) else {
                throw InteropError(
                    path: f.path, message: "no such file (an RCAEval case folder holds normal.csv and anomalous.csv)", isUsageError: true)
            }
            let bytes = try CSVScan.read(f)
            tables.append(
                try bytes.withUnsafeBufferPointer {
                    try CSVTable.parse($0, path: f.path, timeColumn: "time", labelColumn: nil, delimiter: nil)
                })
        }
        var table = tables[0]
        var faults: [FaultRecord] = []
        if tables.count == 2 {
            let anomalous = tables[1]
            guard anomalous.names == table.names else {
                throw InteropError(path: files[1].path, line: 1, message: "columns differ from \(files[0].lastPathComponent)'s")
            }
            let caseFolder = url.deletingLastPathComponent().lastPathComponent  // <service>-<fault>
            let dash = caseFolder.lastIndex(of: "-")
            let target = dash.map { String(caseFolder[..<$0]) } ?? caseFolder
            let kind = dash.map { String(caseFolder[caseFolder.index(after: $0)...]) } ?? "fault"
            if let a = anomalous.times.min(), let b = anomalous.times.max() {
                faults.append(
                    FaultRecord(
                        id: "\(caseFolder)_\(url.lastPathComponent)", kind: ImportValidation.identifier(kind), target: target, injectionStartMs: a,
                        injectionEndMs: b, propagationPath: [target]))
            }
            table.append(anomalous)  // line numbers dropped: they would be ambiguous in messages
        }
        let series = table.names.map { col -> SeriesDescriptor in
            let entity = SockShopReader.entity(of: col)
            let metric = col.count > entity.count ? String(col.dropFirst(entity.count + 1)) : col
            return SeriesDescriptor(id: "\(entity)/\(metric)", entity: entity, metric: metric, unit: "", kind: .gauge)
        }
        return try GenericCSVImporter.dataset(
            table, series: series, path: url.path, options: CSVImportOptions(duplicates: duplicates, gaps: gaps),
            info: DatasetInfo(name: name, generator: "faultline-interop rcaeval"), defaultTarget: "unknown", extraFaults: faults)
    }

    /// A one-block recording as a dataset: faults with their first target (or their series' entity) as target,
    /// their series as affected series.
    static func dataset(_ r: Recording, path: String, name: String, generator: String, gaps: GapPolicy) throws -> ImportResult {
        guard r.blocks.count == 1, let block = r.blocks.first else {
            throw InteropError(path: path, message: "\(r.blocks.count) blocks with their own clocks; import one file or day")
        }
        var rowMajor = [Double](repeating: .nan, count: block.timestamps.count * block.series.count)
        let rows = block.timestamps.count, cols = block.series.count
        for c in 0..<cols { block.frame.withColumn(c) { col in for r in 0..<rows { rowMajor[r * cols + c] = col[r] } } }
        var grid = try RowGrid.build(times: block.timestamps, rowMajor: rowMajor, columns: cols, path: path, duplicates: .error, gaps: gaps)
        let ids = Set(block.series.map(\.id))
        let first = grid.timestamps[0], last = grid.timestamps[grid.timestamps.count - 1] + grid.stepMs
        var faults: [FaultRecord] = []
        var outside: [String] = []
        for f in r.faults {
            guard f.endMs >= first && f.startMs <= last else {
                outside.append(f.id)
                continue
            }
            let target = f.targets.first ?? f.seriesIds.first.flatMap { id in block.series.first { $0.id == id }?.entity } ?? "unknown"
            faults.append(
                FaultRecord(
                    id: f.id, kind: ImportValidation.identifier(f.kind), target: target, injectionStartMs: f.startMs, injectionEndMs: f.endMs,
                    affectedSeries: f.seriesIds.filter { ids.contains($0) }.map { AffectedSeries(seriesId: $0, startMs: f.startMs, endMs: f.endMs) },
                    propagationPath: f.targets))
        }
        if !outside.isEmpty {
            grid.repairs.append(
                ImportRepair(
                    .leftOut, "\(outside.count) labelled faults lie outside the rows and were left out (\(outside.prefix(5).joined(separator: ", ")))"
                ))
        }
        for s in r.skipped { grid.repairs.append(ImportRepair(.leftOut, "series '\(s.seriesId)': \(s.reason)")) }
        let ds = try Dataset(
            info: DatasetInfo(name: name, generator: generator),
            axis: TimeAxis(startMs: first, stepMs: grid.stepMs, count: grid.timestamps.count), timestamps: grid.timestamps, series: block.series,
            frame: grid.frame, topology: Topology(entities: GenericCSVImporter.entities(block.series)), groundTruth: GroundTruth(faults: faults))
        try ImportValidation.validate(ds, source: path)
        return ImportResult(dataset: ds, repairs: grid.repairs)
    }
}
