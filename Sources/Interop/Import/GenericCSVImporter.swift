import Foundation
import Telemetry

/// `faultline import csv`: a time column and value columns (docs/INTEROP.md "csv").
///
/// A column named `entity/metric` is that entity's metric; any other name is a metric of one entity (the file's
/// name, or `CSVImportOptions.entity`). Names ending in `_total` are counters, the rest gauges. Rows are sorted,
/// duplicates merged and gaps filled as `RowGrid` documents, each reported.
public enum GenericCSVImporter {
    /// Imports one file.
    ///
    /// - Parameters:
    ///   - workers: most threads parsing at once (default: the active cores); the result is the same for any
    ///     value (see `CSVTable`).
    /// - Throws: `InteropError` naming the file, line and column (see `CSVTable`), or `ImportValidation`'s.
    public static func importFile(
        _ url: URL, options: CSVImportOptions = CSVImportOptions(), name: String? = nil, workers: Int? = nil
    ) throws -> ImportResult {
        let workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let (bytes, lineEnds) = try CSVScan.readCounting(url, workers: workers)
        let table = try bytes.withUnsafeBufferPointer {
            try CSVTable.parse(
                $0, path: url.path, timeColumn: options.timeColumn, labelColumn: options.labelColumn, delimiter: options.delimiter,
                workers: workers, lineEnds: lineEnds)
        }
        return try build(table, path: url.path, options: options, name: name ?? url.deletingPathExtension().lastPathComponent)
    }

    /// Imports the bytes of a file called `path` (the fuzz target's entry).
    ///
    /// - Parameters:
    ///   - workers: most threads parsing at once; the result is the same for any value.
    public static func parse(_ bytes: [UInt8], path: String, options: CSVImportOptions, name: String, workers: Int = 1) throws -> ImportResult {
        try parse(bytes, path: path, options: options, name: name, workers: workers, minChunkBytes: CSVTable.minChunkBytes)
    }

    /// `parse` with the smallest chunk given (tests cut small files into several chunks with it).
    static func parse(
        _ bytes: [UInt8], path: String, options: CSVImportOptions, name: String, workers: Int, minChunkBytes: Int
    ) throws -> ImportResult {
        let table = try bytes.withUnsafeBufferPointer {
            try CSVTable.parse(
                $0, path: path, timeColumn: options.timeColumn, labelColumn: options.labelColumn, delimiter: options.delimiter, workers: workers,
                minChunkBytes: minChunkBytes)
        }
        return try build(table, path: path, options: options, name: name)
    }

    static func build(_ table: CSVTable, path: String, options: CSVImportOptions, name: String) throws -> ImportResult {
        let entity = options.entity ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let series = table.names.map { descriptor(column: $0, defaultEntity: entity) }
        return try dataset(
            table, series: series, path: path, options: options, info: DatasetInfo(name: name, generator: "faultline-interop csv"),
            defaultTarget: entity)
    }

    /// The series a column name describes: `entity/metric`, or `metric` of `defaultEntity`.
    static func descriptor(column name: String, defaultEntity: String) -> SeriesDescriptor {
        let kind: SeriesKind = name.hasSuffix("_total") ? .counter : .gauge
        if let slash = name.lastIndex(of: "/"), slash != name.startIndex, name.index(after: slash) != name.endIndex {
            return SeriesDescriptor(id: name, entity: String(name[..<slash]), metric: String(name[name.index(after: slash)...]), unit: "", kind: kind)
        }
        return SeriesDescriptor(id: name, entity: defaultEntity, metric: name, unit: "", kind: kind)
    }

    /// Repairs `table` onto a grid and builds the validated dataset; faults from its label column and the
    /// options' windows.
    static func dataset(
        _ table: CSVTable, series: [SeriesDescriptor], path: String, options: CSVImportOptions, info: DatasetInfo, defaultTarget: String,
        extraFaults: [FaultRecord] = []
    ) throws -> ImportResult {
        var grid = try RowGrid.build(
            times: table.times, columnMajor: table.values, columns: table.names.count, labels: table.labels, lines: table.lines, path: path,
            duplicates: options.duplicates, gaps: options.gaps)
        if table.zoneless > 0 {
            grid.repairs.insert(
                ImportRepair(
                    .zoneAssumed, "\(table.zoneless) ISO-8601 timestamps had no zone (first at line \(table.firstZoneless ?? 0)); read as UTC"), at: 0
            )
        }
        var windows = options.labelWindows
        if options.labelColumn != nil { windows += LabelWindow.runs(labels: grid.labels, timestamps: grid.timestamps) }
        let faults = extraFaults + LabelWindow.faults(windows, defaultTarget: defaultTarget)
        let axis = TimeAxis(startMs: grid.timestamps[0], stepMs: grid.stepMs, count: grid.timestamps.count)
        let ds = try Dataset(
            info: info, axis: axis, timestamps: grid.timestamps, series: series, frame: grid.frame,
            topology: Topology(entities: entities(series)), groundTruth: GroundTruth(faults: faults))
        try ImportValidation.validate(ds, source: path)
        return ImportResult(dataset: ds, repairs: grid.repairs)
    }

    /// One service entity per distinct series entity, in first-seen order.
    static func entities(_ series: [SeriesDescriptor]) -> [Entity] {
        var seen = Set<String>()
        return series.compactMap { seen.insert($0.entity).inserted ? Entity(id: $0.entity, kind: .service) : nil }
    }
}
