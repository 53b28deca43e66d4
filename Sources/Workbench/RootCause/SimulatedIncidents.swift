import Foundation
import Models
import Simulator
import Telemetry

/// A simulated scenario's faults as root-cause cases: the scenario simulated in memory, one case per
/// injected fault, the call graph from the scenario's edges (the world's topology).
enum SimulatedIncidents {
    /// Normal window: the 30 minutes before the told time, outside every other fault's injection (+ 10 min).
    static let normalSpanMs: Int64 = 30 * 60_000
    /// Incident window: from the told time, the fault's length, at most 10 minutes.
    static let maxIncidentSpanMs: Int64 = 10 * 60_000
    /// Rows kept around each fault beyond the tΔ = 0 windows.
    static let marginMs: Int64 = 3 * 60_000

    static let preprocessing =
        "scenario simulated in memory; per fault: incident window = told time (injection + tΔ) to told + min(fault length, 10 min); normal "
        + "window = the 30 min before, outside every other fault's injection + 10 min; counter series (requests_total, errors_total) and host "
        + "series dropped, then series constant or without a finite value in either window; candidates = the scenario's services, "
        + "databases, caches and queues; call graph = the scenario's edges; spans (for `trace`) = those starting in each window"

    /// Simulates `scenario` (a built-in name or a YAML path) and cuts one timeline per fault.
    ///
    /// - Throws: `ScenarioError` (usage) for an unknown or invalid scenario; `DataError` when it injects no fault.
    static func load(_ scenario: String, seed: UInt64?) throws -> (label: String, timelines: [IncidentTimeline]) {
        let world = try ScenarioLoader.resolve(scenario)
        var sink = InMemoryDatasetSink()
        try Simulation.run(scenario: world, seed: seed, jobs: 1, into: &sink)
        guard let ds = sink.dataset else { throw DataError("the simulation of '\(scenario)' produced no dataset") }
        return (world.name, try timelines(ds))
    }

    /// One timeline per fault of a simulated dataset.
    ///
    /// - Throws: `DataError` when the dataset has no fault.
    static func timelines(_ ds: Dataset) throws -> [IncidentTimeline] {
        let faults = ds.groundTruth.faults
        guard !faults.isEmpty else { throw DataError("scenario '\(ds.info.name)' injects no fault: nothing to rank") }
        let hosts = Set(ds.topology.entities.filter { $0.kind == .host }.map(\.id))
        let candidates = ds.topology.entities.filter { $0.kind != .host }.map(\.id)
        let keep = ds.series.indices.filter { ds.series[$0].kind != .counter && !hosts.contains(ds.series[$0].entity) }
        let t = ds.timestamps
        return try faults.map { f in
            let span = min(maxIncidentSpanMs, f.injectionEndMs - f.injectionStartMs + 1)
            let rows = t.indices.filter { t[$0] >= f.injectionStartMs - normalSpanMs - marginMs && t[$0] < f.injectionStartMs + span + marginMs }
            let columns = keep.map { c in ds.frame.withColumn(c) { col in rows.map { col[$0] } } }
            let others = faults.filter { $0.id != f.id }.map { $0.injectionStartMs...($0.injectionEndMs + maxIncidentSpanMs) }
            let from = f.injectionStartMs - normalSpanMs - marginMs, to = f.injectionStartMs + span + marginMs
            return IncidentTimeline(
                id: f.id, faultType: f.kind, truth: [f.target], timestamps: rows.map { t[$0] },
                frame: columns.isEmpty ? MetricFrame(rows: rows.count, columns: 0) : try MetricFrame(columns: columns),
                series: keep.map { ds.series[$0] }, candidates: candidates, topology: ds.topology, injectMs: f.injectionStartMs,
                normalSpanMs: normalSpanMs, incidentSpanMs: span, excluded: others,
                spans: ds.spans.filter { $0.startMs >= from && $0.startMs < to })
        }
    }
}
