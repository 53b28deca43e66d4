import Foundation
import Models
import Simulator
import Telemetry

/// `faultline bench rca`: ranker time per case of every registered root-cause ranker on a simulated
/// scenario's faults (default `large-graph`: 48 services, 6 databases, 4 faults deep in the graph).
///
/// The scenario is simulated in memory once (not timed); each fault becomes a case as `faultline rca
/// SCENARIO` cuts it at tΔ = 0 (the 30 min before the injection outside other faults as the normal window,
/// up to 10 min from it as the incident window, counter and host series dropped, the scenario's edges as
/// the call graph). Each (ranker, case) is timed with the shared-machine guard of `BenchTimer` (one
/// warm-up, `runs` timed calls, median); the figure per ranker is the median and maximum over cases.
/// Budgets (issue #13): statistical rankers ≤ 50 ms per case, `circa` ≤ 2 s per case.
public struct RootCauseBenchmark: Sendable {
    public var scenario = "large-graph"
    public var runs = 5
    public var rankers: [String] = []

    public init() {}

    /// One ranker's figures.
    public struct Row: Sendable, Codable {
        public var ranker: String
        public var cases: Int
        public var medianMsPerCase: Double
        public var maxMsPerCase: Double
        public var cpuMedianMsPerCase: Double
        public var budgetMs: Double
        public var withinBudget: Bool
    }

    public struct Result: Sendable, Codable {
        public var scenario: String
        public var series: Int
        public var entities: Int
        public var edges: Int
        public var cases: Int
        public var cores: Int
        public var rows: [Row]

        public var table: String {
            var s = "faultline bench rca (\(scenario): \(cases) cases, \(series) series, \(entities) entities, \(edges) call edges; \(cores) cores)\n"
            s += "  ranker     ms/case median   max      CPU median   budget\n"
            for r in rows {
                s += "  " + r.ranker.padding(toLength: 10, withPad: " ", startingAt: 0)
                s += String(
                    format: " %9.3f  %9.3f  %9.3f     ≤ %.0f ms %@\n", r.medianMsPerCase, r.maxMsPerCase, r.cpuMedianMsPerCase, r.budgetMs,
                    r.withinBudget ? "ok" : "OVER")
            }
            return s
        }

        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self)
        }
    }

    /// The cases of the scenario's faults at tΔ = 0.
    ///
    /// - Throws: `ScenarioError` for an unknown scenario; `DataError` when it injects no fault.
    public func cases() throws -> (cases: [IncidentCase], series: Int, topology: Topology) {
        let world = try ScenarioLoader.resolve(scenario)
        var sink = InMemoryDatasetSink()
        try Simulation.run(scenario: world, jobs: 1, into: &sink)
        guard let ds = sink.dataset, !ds.groundTruth.faults.isEmpty else { throw DataError("scenario '\(scenario)' injects no fault") }
        let hosts = Set(ds.topology.entities.filter { $0.kind == .host }.map(\.id))
        let keep = ds.series.indices.filter { ds.series[$0].kind != .counter && !hosts.contains(ds.series[$0].entity) }
        let t = ds.timestamps
        let faults = ds.groundTruth.faults
        var out: [IncidentCase] = []
        for f in faults {
            let span = min(600_000, f.injectionEndMs - f.injectionStartMs + 1)
            let others = faults.filter { $0.id != f.id }.map { $0.injectionStartMs...($0.injectionEndMs + 600_000) }
            let normal = t.indices.filter { i in
                t[i] >= f.injectionStartMs - 1_800_000 && t[i] < f.injectionStartMs && !others.contains { $0.contains(t[i]) }
            }
            let during = t.indices.filter { t[$0] >= f.injectionStartMs && t[$0] < f.injectionStartMs + span }
            var columns: [[Double]] = [], series: [SeriesDescriptor] = []
            for c in keep {
                let a = ds.frame.withColumn(c) { col in normal.map { col[$0] } }, b = ds.frame.withColumn(c) { col in during.map { col[$0] } }
                guard !Self.isConstant(a), !Self.isConstant(b) else { continue }
                columns.append(a + b)
                series.append(ds.series[c])
            }
            let observed = Set(series.map(\.entity))
            let graph = Topology(
                entities: ds.topology.entities.filter { observed.contains($0.id) },
                edges: ds.topology.edges.filter { observed.contains($0.caller) && observed.contains($0.callee) })
            out.append(
                IncidentCase(
                    id: f.id, frame: try MetricFrame(columns: columns), series: series, normalRows: 0..<normal.count,
                    incidentRows: normal.count..<(normal.count + during.count), topology: graph,
                    normalSpans: ds.spans.filter { s in
                        s.startMs >= f.injectionStartMs - 1_800_000 && s.startMs < f.injectionStartMs && !others.contains { $0.contains(s.startMs) }
                    },
                    incidentSpans: ds.spans.filter { $0.startMs >= f.injectionStartMs && $0.startMs < f.injectionStartMs + span }))
        }
        return (out, keep.count, ds.topology)
    }

    /// Runs the benchmark.
    ///
    /// - Throws: `ModelError` for an unknown ranker; the rankers' `RootCauseError`s.
    public func run() throws -> Result {
        let (cases, seriesCount, topology) = try cases()
        let registry = RootCauseRegistry.standard
        var rows: [Row] = []
        for name in rankers.isEmpty ? registry.names : rankers {
            let ranker = try registry.make(name: name, seed: 1)
            var wall: [Double] = [], cpu: [Double] = []
            for c in cases {
                let timing = try BenchTimer(runs: runs).measure { _ = try ranker.rank(c) }
                wall.append(timing.medianSeconds * 1000)
                cpu.append(timing.cpuMedianSeconds * 1000)
            }
            let budget = name == "circa" ? 2000.0 : 50.0
            let median = BenchTiming.median(wall)
            rows.append(
                Row(
                    ranker: name, cases: cases.count, medianMsPerCase: median, maxMsPerCase: wall.max() ?? .nan,
                    cpuMedianMsPerCase: BenchTiming.median(cpu), budgetMs: budget, withinBudget: (wall.max() ?? .infinity) <= budget))
        }
        return Result(
            scenario: scenario, series: seriesCount, entities: topology.entities.filter { $0.kind != .host }.count, edges: topology.edges.count,
            cases: cases.count, cores: ProcessInfo.processInfo.activeProcessorCount, rows: rows)
    }

    static func isConstant(_ x: [Double]) -> Bool {
        guard let first = x.first(where: \.isFinite) else { return true }
        return x.allSatisfy { !$0.isFinite || $0 == first }
    }
}
