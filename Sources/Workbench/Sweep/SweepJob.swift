import Dispatch
import Evaluation
import Foundation
import Reports
import Telemetry

/// `faultline sweep run | merge | local`: run a shard's units, one result file each, and merge them.
public enum SweepJob {
    /// One unit's result file (`DIR/units/<id>.json`).
    struct UnitResult: Codable, Equatable {
        var format: Int
        var id: String
        var index: Int
        var spec: String
        var result: RunResult
    }

    /// Test hook: seconds to sleep after each unit is written (for the kill test).
    public static let pauseVariable = "FAULTLINE_TEST_SWEEP_PAUSE_S"

    /// What a shard did.
    public struct RunOutcome: Sendable {
        public var ran: Int
        public var skipped: Int
        public var shard: ShardAssignment
    }

    static func resultURL(_ dir: URL, _ id: String) -> URL {
        dir.appendingPathComponent("units").appendingPathComponent("\(id).json")
    }

    /// A valid result file for `unit` in `dir`, or nil (absent, unreadable, or for another spec).
    static func existing(_ unit: SweepPlan.Unit, in dir: URL) -> UnitResult? {
        guard let data = try? Data(contentsOf: resultURL(dir, unit.id)),
            let r = try? JSONDecoder().decode(UnitResult.self, from: data), r.id == unit.id, r.spec == unit.spec, r.index == unit.index
        else { return nil }
        return r
    }

    /// Runs the units of one shard (`index % count == shard`), on `jobs` threads, skipping those whose valid result
    /// is already in `dir`.
    ///
    /// - Throws: `SpecError`/`UsageError` (exit 2) for a bad unit spec, data errors (exit 3) from a unit.
    public static func run(plan: SweepPlan, shard: ShardAssignment, out dir: URL, jobs: Int, quiet: Bool) throws -> RunOutcome {
        let mine = plan.units.filter { $0.index % shard.count == shard.index }
        let todo = mine.filter { existing($0, in: dir) == nil }
        let pause = Double(ProcessInfo.processInfo.environment[pauseVariable] ?? "") ?? 0
        let progress = Progress("sweep shard \(shard.index)/\(shard.count)", quiet: quiet)
        let start = ContinuousClock.now
        let lock = NSLock()
        nonisolated(unsafe) var done = 0
        nonisolated(unsafe) var firstError: (any Error)?
        let workers = max(1, min(jobs, todo.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < todo.count {
                lock.lock()
                let stop = firstError != nil
                lock.unlock()
                if stop { return }
                do {
                    try runUnit(todo[k], sweep: plan.source, out: dir)
                    if pause > 0 { Thread.sleep(forTimeInterval: pause) }
                } catch {
                    lock.lock()
                    if firstError == nil { firstError = error }
                    lock.unlock()
                    return
                }
                lock.lock()
                done += 1
                let elapsed = (ContinuousClock.now - start).seconds
                let eta = Double(todo.count - done) * elapsed / Double(done)
                progress.relabel("sweep shard \(shard.index)/\(shard.count): \(done)/\(todo.count) units, ETA \(Int(eta.rounded())) s")
                progress.update(Double(done) / Double(todo.count))
                lock.unlock()
                k += workers
            }
        }
        progress.finish()
        if let firstError { throw firstError }
        return RunOutcome(ran: todo.count, skipped: mine.count - todo.count, shard: shard)
    }

    /// Runs one unit and writes its result file atomically.
    static func runUnit(_ unit: SweepPlan.Unit, sweep: String, out dir: URL) throws {
        let spec = try ExperimentSpec.parse(yaml: unit.spec, source: "\(sweep) unit \(unit.id)")
        var result = try ExperimentRunner(spec: spec).run(
            options: RunOptions(jobs: 1, quiet: true, recordTimings: false, command: "faultline sweep run"))
        result.plots = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(UnitResult(format: 1, id: unit.id, index: unit.index, spec: unit.spec, result: result))
        data.append(0x0A)
        try GateReportWriter.writeAtomically(data, to: resultURL(dir, unit.id))
    }

    /// Merges unit results from `dirs` into one run folder: completeness against `plan` (missing units listed,
    /// exit 3), identical duplicates, the baselines identical across the units of one dataset, the model figures
    /// in plan order, then mean ± std and min over seeds (`Aggregate.overSeeds`); writes the standard reports.
    ///
    /// - Throws: `DataError` (exit 3) for missing, corrupt or disagreeing results; `UsageError` for a bad `out`.
    public static func merge(dirs: [URL], plan: SweepPlan, out: URL) throws -> RunResult {
        var found: [String: (UnitResult, Data, URL)] = [:]
        let wanted = Dictionary(plan.units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for dir in dirs {
            let folder = dir.appendingPathComponent("units")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let url = folder.appendingPathComponent(name)
                let id = String(name.dropLast(5))
                guard let unit = wanted[id] else { continue }  // another plan's unit: not this merge's
                let data: Data
                let r: UnitResult
                do {
                    data = try Data(contentsOf: url)
                    r = try JSONDecoder().decode(UnitResult.self, from: data)
                } catch {
                    throw DataError("corrupt unit result \(url.path): \(error)", hint: "delete it and re-run its shard")
                }
                guard r.id == id, r.spec == unit.spec, r.index == unit.index else {
                    throw DataError("unit result \(url.path) is for another spec than unit \(id) of the plan", hint: "delete it and re-run its shard")
                }
                if let (_, other, otherURL) = found[id] {
                    guard other == data else { throw DataError("duplicate results of unit \(id) differ: \(otherURL.path) and \(url.path)") }
                    continue
                }
                found[id] = (r, data, url)
            }
        }
        let missing = plan.units.filter { found[$0.id] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(20).map { "\($0.index):\($0.id) (\($0.dataset) seed \($0.seed), \($0.model))" }.joined(separator: ", ")
            throw DataError(
                "\(missing.count) of \(plan.units.count) units have no result: \(shown)\(missing.count > 20 ? ", …" : "")",
                hint: "re-run the shards that hold them (index % shard-count); finished units are skipped")
        }
        let results = plan.units.compactMap { found[$0.id]?.0.result }
        var datasets: [DatasetSummary] = []
        var models: [ModelSummary] = []
        var metrics: [MetricRecord] = []
        var failures: [ModelFailure] = []
        var notes: [String] = []
        var baselineRecords: [String: [MetricRecord]] = [:]
        var baselineModels: [ModelSummary] = []
        for (unit, r) in zip(plan.units, results) {
            for d in r.datasets where !datasets.contains(d) { datasets.append(d) }
            for m in r.models {
                if m.isBaseline {
                    if !baselineModels.contains(where: { $0.name == m.name }) { baselineModels.append(m) }
                } else if !models.contains(m) {
                    models.append(m)
                }
            }
            let key = "\(unit.dataset)\u{0}\(unit.seed)"
            let isBaseline = Set(r.models.filter(\.isBaseline).map(\.name))
            let base = r.metrics.filter { isBaseline.contains($0.model) && $0.seed != nil }
            if let first = baselineRecords[key] {
                guard first == base else {
                    throw DataError(
                        "the baselines of \(unit.dataset) seed \(unit.seed) differ between units (unit \(unit.id)): the sweep varies something beyond the model"
                    )
                }
            } else {
                baselineRecords[key] = base
                metrics += base
            }
            metrics += r.metrics.filter { !isBaseline.contains($0.model) && $0.seed != nil }
            failures += r.failures.filter { !failures.contains($0) }
            notes += r.notes.filter { !notes.contains($0) }
        }
        metrics += Aggregate.overSeeds(metrics)
        let result = RunResult(
            run: RunInfo(
                name: out.lastPathComponent, spec: plan.source, faultlineVersion: FaultlineVersion.string,
                command: "faultline sweep merge --expect units.jsonl (\(plan.units.count) units)"),
            datasets: datasets, models: models + baselineModels, metrics: metrics, plots: [], failures: failures, notes: notes)
        let folder = try RunFolder(destination: out)
        try ReportWriter.write(result, to: folder.staging)
        try folder.commit()
        return result
    }
}
