import Evaluation
import Foundation
import Reports
import Telemetry

/// A run folder the gate reads: its path, its suite and its results.
public struct GateRun: Sendable {
    public var path: String
    /// The suite: the base name of the spec (or sweep) file the run came from (`Scenarios/suites/ci.yaml` → `ci`).
    public var suite: String
    public var result: RunResult

    public init(path: String, suite: String, result: RunResult) {
        self.path = path
        self.suite = suite
        self.result = result
    }

    /// Reads `folder/results.json` (an experiment or merged sweep), or else `folder/rca.json` (`faultline rca
    /// --out`; suite `rca-<suite>`, e.g. `rca-sockshop`).
    ///
    /// - Throws: `DataError` (exit 3) when the folder has neither file or it does not decode.
    public static func load(_ folder: String) throws -> GateRun {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("results.json")
        let rca = URL(fileURLWithPath: folder).appendingPathComponent("rca.json")
        if !FileManager.default.fileExists(atPath: url.path), FileManager.default.fileExists(atPath: rca.path) {
            return try loadRootCause(rca, folder: folder)
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError("no results.json (or rca.json) in \(folder)", hint: "run `faultline evaluate SPEC --out \(folder)` first")
        }
        let result: RunResult
        do {
            result = try JSONReport.decode(contentsOf: url)
        } catch {
            throw DataError("corrupt results: \(error)", hint: "re-run the experiment")
        }
        return GateRun(path: folder, suite: suiteName(spec: result.run.spec), result: result)
    }

    private struct RootCauseFile: Decodable {
        struct Report: Decodable { var suite: String }
        var metrics: [MetricRecord]
        var report: Report
    }

    static func loadRootCause(_ url: URL, folder: String) throws -> GateRun {
        let file: RootCauseFile
        do {
            file = try JSONDecoder().decode(RootCauseFile.self, from: try Data(contentsOf: url))
        } catch {
            throw DataError("corrupt root-cause results: \(error) (\(url.path))", hint: "re-run `faultline rca … --out \(folder)`")
        }
        let suite = "rca-\(file.report.suite)"
        let result = RunResult(
            run: RunInfo(name: suite, spec: suite, faultlineVersion: "", command: "faultline rca"), metrics: file.metrics)
        return GateRun(path: folder, suite: suite, result: result)
    }

    /// `Scenarios/suites/ci.yaml` → `ci`; `<builtin:default>` → `default`.
    public static func suiteName(spec: String) -> String {
        if spec.hasPrefix("<builtin:"), spec.hasSuffix(">") { return String(spec.dropFirst("<builtin:".count).dropLast()) }
        return URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent
    }
}

/// The figures of runs that a baseline stores and the gate compares: overall figures (no per-fault-type
/// slice), per seed where a dataset has seeds, without run times (they are not reproducible).
public enum GateFigures {
    /// Metrics left out: run times and sizes differ from run to run.
    public static let excluded: Set<MetricID> = [.fitSeconds, .scoreSeconds, .pointsPerSecond, "peak_rss_bytes"]

    /// The figures of `run`, one per (dataset, seed, model, metric).
    ///
    /// The seedless mean-over-seeds records are left out where the per-seed figures are there (the gate takes
    /// its own means over the seeds it compares).
    ///
    /// - Throws: `DataError` when two figures share a key (an ambiguous run: the same dataset twice).
    public static func collect(_ run: GateRun) throws -> [GateBaseline.Entry] {
        struct Key: Hashable {
            var dataset, model: String
            var metric: MetricID
        }
        let overall = run.result.metrics.filter { $0.group.isEmpty && !excluded.contains($0.metric) }
        var seeded = Set<Key>()
        for r in overall where r.seed != nil { seeded.insert(Key(dataset: r.dataset, model: r.model, metric: r.metric)) }
        var out: [GateBaseline.Entry] = []
        var seen = Set<String>()
        for r in overall {
            if r.seed == nil, seeded.contains(Key(dataset: r.dataset, model: r.model, metric: r.metric)) { continue }
            let key = "\(r.dataset)\u{0}\(r.seed.map(String.init) ?? "-")\u{0}\(r.model)\u{0}\(r.metric.rawValue)"
            guard seen.insert(key).inserted else {
                throw DataError(
                    "two figures for dataset '\(r.dataset)', seed \(r.seed.map(String.init) ?? "none"), model '\(r.model)', metric '\(r.metric)' in \(run.path)",
                    hint: "a dataset appears twice in the spec; give the gate runs where each (dataset, seed) is evaluated once")
            }
            out.append(
                GateBaseline.Entry(
                    suite: run.suite, dataset: r.dataset, seed: r.seed, model: r.model, metric: r.metric.rawValue, value: r.value,
                    undefined: r.value == nil ? (r.undefinedReason ?? "undefined") : nil))
        }
        return out
    }
}
