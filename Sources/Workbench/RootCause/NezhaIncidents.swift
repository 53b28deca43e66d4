import Foundation
import Interop
import Models
import Telemetry

/// Nezha (Online Boutique) faults as root-cause cases: Interop's recording cut around each injection,
/// with the call graph of the days' `dependency.csv`.
enum NezhaIncidents {
    /// Normal window: the minutes in [told minute − 30 min, told minute), minus every other fault's labelled minutes.
    static let normalSpanMs: Int64 = 30 * 60_000
    /// Incident window: the told minute to the told time + the fault's length (the paper's 3 minutes).
    static let incidentSpanMs: Int64 = NezhaReader.faultDurationMs
    /// Rows kept around each fault beyond the tΔ = 0 windows, so offsets up to ±`marginMs` can be cut.
    static let marginMs: Int64 = 3 * 60_000

    static let preprocessing =
        "per fault: incident window = the told minute (inject + tΔ, floored) to told + 3 min; normal window = the minutes of the 30 before the "
        + "told minute outside every other fault's 3 minutes; series = the pod metrics, front_service.csv (as frontend) and the edge latencies of "
        + "source_50.csv and destination_50.csv (each edge a series of its callee, joined on the minute); node:* series (shared by the pods of a node) and series constant or without a "
        + "finite value in either window dropped; candidates = the services with series; call graph = the days' dependency.csv between "
        + "services with metrics (IP and loadgenerator rows left out), restricted to the services that keep a series"

    /// One timeline per labelled fault.
    ///
    /// - Throws: `InteropError` from the reader; `DataError` when the folder has no labelled faults.
    static func load(_ folder: URL) throws -> [IncidentTimeline] {
        let recording = try NezhaReader.read(folder)
        guard !recording.faults.isEmpty else { throw DataError("\(folder.path): no labelled faults (faults.csv or fault_list.json)") }
        let topology = try NezhaTopology.read(folder)?.topology
        let edges = try NezhaEdgeLatency.read(folder)?.block
        var edgeRow: [Int64: Int] = [:]
        for (r, t) in (edges?.timestamps ?? []).enumerated() { edgeRow[t] = r }
        var out: [IncidentTimeline] = []
        for fault in recording.faults {
            guard
                let block = recording.blocks.first(where: { b in
                    b.timestamps.first.map { $0 <= fault.startMs } ?? false && (b.timestamps.last ?? 0) >= fault.startMs
                })
            else { continue }
            let minute = fault.startMs - fault.startMs % 60_000
            let others = recording.faults.filter { $0 != fault }.map { ($0.startMs - $0.startMs % 60_000)...$0.settledMs }
            let t = block.timestamps
            let rows = t.indices.filter { t[$0] >= minute - normalSpanMs - marginMs && t[$0] < fault.startMs + incidentSpanMs + marginMs }
            let keep = block.series.indices.filter { !block.series[$0].entity.hasPrefix("node:") }
            var columns = keep.map { c in block.frame.withColumn(c) { col in rows.map { col[$0] } } }
            var series = keep.map { block.series[$0] }
            var seen = Set<String>()
            let candidates = series.map(\.entity).filter { seen.insert($0).inserted }
            if let edges {
                let at = rows.map { edgeRow[t[$0]] }
                for (c, s) in edges.series.enumerated() where seen.contains(s.entity) {
                    columns.append(edges.frame.withColumn(c) { col in at.map { $0.map { col[$0] } ?? .nan } })
                    series.append(s)
                }
            }
            out.append(
                IncidentTimeline(
                    id: fault.id, faultType: fault.kind, truth: Set(fault.targets), timestamps: rows.map { t[$0] },
                    frame: columns.isEmpty ? MetricFrame(rows: rows.count, columns: 0) : try MetricFrame(columns: columns),
                    series: series, candidates: candidates, topology: topology, injectMs: fault.startMs,
                    normalSpanMs: normalSpanMs, incidentSpanMs: incidentSpanMs, alignMs: 60_000, excluded: others))
        }
        return out
    }
}
