import Foundation
import Interop
import Models
import Telemetry

/// Nezha (Online Boutique) faults as root-cause cases: Interop's recording cut around each injection.
enum NezhaIncidents {
    /// Normal window: the minutes in [inject − 30 min, inject minute), minus every other fault's labelled minutes.
    static let normalSpanMs: Int64 = 30 * 60_000
    /// Incident window: the inject minute to the end of the fault (the paper's 3 minutes).
    static let incidentSpanMs: Int64 = NezhaReader.faultDurationMs

    static let preprocessing =
        "per fault: incident window = the inject minute to inject + 3 min; normal window = the minutes of the 30 before the inject minute "
        + "outside every other fault's 3 minutes; node:* series (shared by the pods of a node) and series constant or without a finite value "
        + "in either window dropped; candidates = the services with series"

    /// One case per labelled fault.
    ///
    /// - Throws: `InteropError` from the reader; `DataError` when the folder has no labelled faults.
    static func load(_ folder: URL) throws -> [LabelledIncident] {
        let recording = try NezhaReader.read(folder)
        guard !recording.faults.isEmpty else { throw DataError("\(folder.path): no labelled faults (faults.csv or fault_list.json)") }
        var out: [LabelledIncident] = []
        for fault in recording.faults {
            guard
                let block = recording.blocks.first(where: { b in
                    b.timestamps.first.map { $0 <= fault.startMs } ?? false && (b.timestamps.last ?? 0) >= fault.startMs
                })
            else { continue }
            let minute = fault.startMs - fault.startMs % 60_000
            let others = recording.faults.filter { $0 != fault }.map { ($0.startMs - $0.startMs % 60_000)...$0.settledMs }
            let t = block.timestamps
            let normal = t.indices.filter { i in
                t[i] >= minute - normalSpanMs && t[i] < minute && !others.contains { $0.contains(t[i]) }
            }
            let incident = t.indices.filter { t[$0] >= minute && t[$0] < fault.startMs + incidentSpanMs }
            var columns: [[Double]] = [], series: [SeriesDescriptor] = []
            for (c, s) in block.series.enumerated() where !s.entity.hasPrefix("node:") {
                let a = block.frame.withColumn(c) { col in normal.map { col[$0] } }
                let b = block.frame.withColumn(c) { col in incident.map { col[$0] } }
                guard !SockShopReader.isConstantWindow(a), !SockShopReader.isConstantWindow(b) else { continue }
                columns.append(a + b)
                series.append(s)
            }
            var seen = Set<String>()
            let candidates = block.series.map(\.entity).filter { !$0.hasPrefix("node:") && seen.insert($0).inserted }
            let frame = columns.isEmpty ? MetricFrame(rows: normal.count + incident.count, columns: 0) : try MetricFrame(columns: columns)
            out.append(
                LabelledIncident(
                    incident: IncidentCase(
                        id: fault.id, frame: frame, series: series, normalRows: 0..<normal.count,
                        incidentRows: normal.count..<(normal.count + incident.count), candidates: candidates),
                    faultType: fault.kind, truth: Set(fault.targets)))
        }
        return out
    }
}
