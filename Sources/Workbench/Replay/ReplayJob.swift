import Evaluation
import Foundation
import Interop
import Models
import Reports
import Telemetry

/// `faultline replay DATASET`: a recorded (or imported) dataset fed row by row, in time order, through the
/// streaming form of each model of an experiment spec, as if live. Each alarm is known at the row that
/// raises it (`LiveScoring`); the run is then evaluated exactly like `faultline evaluate` (same split,
/// thresholds, panel, baselines and report files) and also writes `alarms.csv`, when every alarm episode
/// began, with the fault it fell in and its time to detect, and `detections.csv` (`DetectionsFile`: per model,
/// seed and scored fault, the first alarm in the fault's window; what `faultline rca --detected` ranks at).
public enum ReplayJob {
    /// The settings of one replay.
    public struct Request: Sendable {
        /// The dataset folder (`faultline import`, `faultline simulate`).
        public var datasetPath: String
        /// An experiment spec (path or built-in suite name) whose models, parameters and thresholds are replayed.
        public var spec: String
        /// Hours of leading training rows; nil = the `auto` split (declared training rows, else the first day
        /// or the first half of a shorter recording).
        public var trainHours: Double?
        /// Another recording of the same system to train on (`TrainingRecording`); excludes `trainHours`.
        public var trainOn: String?
        /// `--inject` values (`RecordingInjection.Request`): simulator faults written into the recording.
        public var inject: [String]
        /// Model names replacing the spec's models (their default parameters; the spec's threshold).
        public var models: [String]?
        public var speed: ReplaySpeed
        public var out: URL?
        public var jobs: Int
        public var quiet: Bool
        public var recordTimings: Bool
        public var command: String

        /// Creates a request.
        public init(
            datasetPath: String, spec: String = "default", trainHours: Double? = nil, trainOn: String? = nil, inject: [String] = [],
            models: [String]? = nil, speed: ReplaySpeed = .max,
            out: URL? = nil, jobs: Int = 2,
            quiet: Bool = false, recordTimings: Bool = true, command: String = "faultline replay"
        ) {
            self.datasetPath = datasetPath
            self.spec = spec
            self.trainHours = trainHours
            self.trainOn = trainOn
            self.inject = inject
            self.models = models
            self.speed = speed
            self.out = out
            self.jobs = jobs
            self.quiet = quiet
            self.recordTimings = recordTimings
            self.command = command
        }
    }

    /// The folder of the injected recording in the run folder (`--inject`).
    public static let injectedDatasetFolder = "dataset"

    /// The file of alarm firings in the run folder.
    public static let alarmsFile = "alarms.csv"

    /// Runs the replay and writes the run folder.
    ///
    /// - Throws: `SpecError`/`UsageError` (exit 2) for a spec whose models cannot stream (a non-streaming or
    ///   external model, precomputed scores, a best-on-test threshold) or a bad `--train-hours`; the dataset
    ///   store's and the runner's data errors (exit 3).
    public static func run(_ request: Request) throws -> Experiments.Outcome {
        try Experiments.checkJobs(request.jobs)
        if let h = request.trainHours, !(h.isFinite && h > 0) {
            throw UsageError("--train-hours must be a positive number of hours, got \(h)")
        }
        let injections = try request.inject.map { try RecordingInjection.Request(parsing: $0) }
        var spec = try Experiments.loadSpec(request.spec)
        if let names = request.models {
            let known = ModelRegistry.standard.descriptors.map(\.name)
            spec.models = try names.enumerated().map { i, name in
                guard known.contains(name) else {
                    throw UsageError(
                        "--models: unknown model '\(name)'\(NearestName.hint(name, among: known))", hint: "`faultline models list` shows them")
                }
                return ExperimentSpec.ModelEntry(name: name, label: name, parameters: [:], threshold: nil, line: nil, keyPath: "--models[\(i)]")
            }
            guard Set(names).count == names.count else { throw UsageError("--models names a model twice") }
        }
        try checkStreamable(spec)
        if request.trainOn != nil && request.trainHours != nil {
            throw UsageError("--train-on and --train-hours exclude each other: the first trains on another recording, the second on this one's start")
        }
        var dataset = try StoredDataset.read(URL(fileURLWithPath: request.datasetPath))
        var notes: [String] = []
        spec.datasets = [.stored(path: request.datasetPath)]
        spec.split = request.trainHours.map { .leadingHours($0) } ?? .auto
        if let other = request.trainOn {
            let joined = try TrainingRecording.join(training: try StoredDataset.read(URL(fileURLWithPath: other)), path: other, before: dataset)
            dataset = joined.dataset
            notes.append(joined.note)
            spec.split = .declared
        }
        if spec.prediction != nil {
            spec.prediction = nil
            notes.append("the spec's failure predictors are not replayed (replay runs the streaming detectors)")
        }
        spec.name = "replay-" + RunFolder.fileComponent(dataset.info.name)
        var plan = try SplitPlan.make(dataset, spec.split)
        if !injections.isEmpty {
            notes += try RecordingInjection.apply(injections, to: &dataset, trainRows: plan.trainRows)
            plan = try SplitPlan.make(dataset, spec.split)
        }

        let folder = request.out ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
        let runFolder = try RunFolder(destination: folder)
        let live = LiveLines(dataset: dataset, enabled: !request.quiet && isatty(STDERR_FILENO) == 1)
        var onFiring: (@Sendable (String, LiveScoring.Firing) -> Void)?
        if live.enabled {
            onFiring = { model, firing in live.print(model: model, firing: firing) }
        }
        let recorder = ReplayRecorder(onFiring: onFiring)
        // A paced replay runs every unit at once on a thread of its own (ExperimentRunner.runUnits), whatever --jobs.
        var options = RunOptions(
            outDir: runFolder.destination, jobs: request.jobs, quiet: request.quiet, recordTimings: request.recordTimings, command: request.command,
            stagingDir: runFolder.staging)
        options.replay = ReplayOptions(speed: request.speed, recorder: recorder)
        let progress = Progress("replaying \(dataset.info.name) at \(request.speed)", quiet: request.quiet || live.enabled)
        var result = try ExperimentRunner(spec: spec, preloaded: [request.datasetPath: dataset]).run(options: options, progress: progress)
        let entries = recorder.sorted
        result.notes.insert(
            "replayed row by row at speed \(request.speed); alarms fired live are in \(alarmsFile), checked equal to the batch threshold's",
            at: 0)
        result.notes += notes
        if request.recordTimings {
            result.metrics += latencyRecords(entries, seed: dataset.info.seed)
            for e in entries where !e.isBaseline && e.maxLagSeconds > 0.5 {
                result.notes.append(
                    "\(e.model) fell behind the \(request.speed) pace by up to \(String(format: "%.1f", e.maxLagSeconds)) s")
            }
        }
        try ReportWriter.write(result, to: runFolder.staging)
        if !injections.isEmpty {  // the recording with its injected faults, for `inspect`, `evaluate` or another replay
            try DatasetStore.write(dataset, to: runFolder.staging.appendingPathComponent(injectedDatasetFolder), durable: false)
        }
        let alarms = alarmsCSV(entries, dataset: dataset, plan: plan, wallClock: request.recordTimings)
        try Data(alarms.utf8).write(to: runFolder.staging.appendingPathComponent(alarmsFile))
        let detections = DetectionsFile.render(detectionRows(entries, dataset: dataset, plan: plan))
        try Data(detections.utf8).write(to: runFolder.staging.appendingPathComponent(DetectionsFile.name))
        try runFolder.commit()
        let summary = detectionTable(entries, dataset: dataset, plan: plan, order: spec.models.map(\.label)) + TerminalSummary.render(result)
        return Experiments.Outcome(result: result, folder: runFolder.destination, summary: summary)
    }

    /// Refuses what cannot run live, naming the spec entry.
    static func checkStreamable(_ spec: ExperimentSpec) throws {
        guard !spec.models.isEmpty else {
            throw SpecError(file: spec.source, keyPath: "models", message: "the spec has no models to replay")
        }
        for m in spec.models {
            let reason: String?
            if m.name == ExperimentRunner.externalName || m.name == ExperimentRunner.precomputedName {
                reason = "'\(m.name)' models score a whole file at once and cannot be replayed row by row"
            } else if case .logs = m.features {
                reason = "models over log-template features are not replayed (their features need the whole window)"
            } else if let d = try? ModelRegistry.standard.descriptor(named: m.name), !d.isStreaming {
                reason = "model '\(m.name)' has no streaming form"
            } else {
                reason = nil
            }
            if let reason {
                throw SpecError(
                    file: spec.source, line: m.line, keyPath: m.keyPath, message: reason,
                    hint: "`faultline models list` marks the streaming models")
            }
            if let t = m.threshold, t.policy == ThresholdPolicy.bestOnTest.rawValue {
                throw SpecError(file: spec.source, line: t.line, keyPath: t.keyPath, message: "a best-on-test threshold cannot run live")
            }
        }
        if spec.threshold.policy == ThresholdPolicy.bestOnTest.rawValue {
            throw SpecError(
                file: spec.source, line: spec.threshold.line, keyPath: spec.threshold.keyPath,
                message: "a best-on-test threshold chooses θ on the whole test set and cannot run live")
        }
        if spec.datasets.contains(where: { if case .nab = $0 { return true } else { return false } }) {
            throw SpecError(file: spec.source, keyPath: "datasets", message: "a NAB corpus spec cannot be replayed; replay one dataset folder")
        }
    }

    /// Row-latency quantiles per model (seeds of a randomised model pooled), baselines left out. `entries` come
    /// sorted by dataset, model and seed, so one model's seeds are consecutive.
    static func latencyRecords(_ entries: [ReplayRecorder.Entry], seed: UInt64?) -> [MetricRecord] {
        var out: [MetricRecord] = []
        var i = entries.startIndex
        while i < entries.endIndex {
            let e = entries[i]
            var j = i
            var nanos: [Double] = []
            while j < entries.endIndex && entries[j].dataset == e.dataset && entries[j].model == e.model {
                nanos += entries[j].rowNanoseconds
                j += 1
            }
            i = j
            guard !e.isBaseline, !nanos.isEmpty else { continue }
            nanos.sort()
            for (id, q) in [(MetricID.rowLatencyP50, 0.5), (.rowLatencyP99, 0.99)] {
                out.append(
                    MetricRecord(
                        dataset: e.datasetLabel, seed: seed, model: e.model, metric: id,
                        value: .defined(Quantile.type7(sortedNonEmpty: nanos, q) / 1000)))
            }
            out.append(
                MetricRecord(dataset: e.datasetLabel, seed: seed, model: e.model, metric: .rowLatencyMax, value: .defined((nanos.last ?? 0) / 1000)))
        }
        return out
    }

    /// The fault window a time falls in, with its start.
    static func fault(at ms: Int64, plan: SplitPlan) -> FaultRecord? {
        plan.faultWindows.first { $0.window.contains(ms) }?.fault
    }

    /// `alarms.csv`: one line per alarm episode's first row, in (model, seed, row) order.
    static func alarmsCSV(_ entries: [ReplayRecorder.Entry], dataset: Dataset, plan: SplitPlan, wallClock: Bool) -> String {
        var s = "dataset,model,seed,row,timestamp_ms,time,score,threshold,fault,fault_kind,time_to_detect_s" + (wallClock ? ",wall_s" : "") + "\n"
        for e in entries {
            for f in e.firings {
                let ts = dataset.timestamps[f.row]
                let hit = fault(at: ts, plan: plan)
                let delay = hit.map { String(Double(ts - $0.injectionStartMs) / 1000) } ?? ""
                var fields = [
                    CSVExporter.field(e.datasetLabel), CSVExporter.field(e.model), String(e.seed), String(f.row), String(ts),
                    DatasetInspection.iso8601(ts),
                    String(f.score), String(f.threshold), CSVExporter.field(hit?.id ?? ""), CSVExporter.field(hit?.kind ?? ""), delay,
                ]
                if wallClock { fields.append(String(format: "%.6f", f.wallSeconds)) }
                s += fields.joined(separator: ",") + "\n"
            }
        }
        return s
    }

    /// The first alarm of `entry` inside `window` (a scored row's index into `entry.alarms`), and whether the
    /// row before it alarmed too (the episode began before the window).
    static func firstAlarm(_ entry: ReplayRecorder.Entry, in window: ClosedRange<Int64>, timestamps ts: [Int64]) -> (index: Int, ongoing: Bool)? {
        guard let i = entry.alarms.indices.first(where: { entry.alarms[$0] && window.contains(ts[entry.trainRows + $0]) }) else { return nil }
        return (i, i > 0 && entry.alarms[i - 1])
    }

    /// `detections.csv`'s rows: every streaming model and seed (baselines left out) on every scored fault.
    static func detectionRows(_ entries: [ReplayRecorder.Entry], dataset: Dataset, plan: SplitPlan) -> [DetectionsFile.Row] {
        var rows: [DetectionsFile.Row] = []
        for e in entries where !e.isBaseline {
            for (window, f) in plan.faultWindows {
                let hit = firstAlarm(e, in: window, timestamps: dataset.timestamps)
                rows.append(
                    DetectionsFile.Row(
                        dataset: e.datasetLabel, model: e.model, seed: e.seed, fault: f.id, faultKind: f.kind, startMs: window.lowerBound,
                        detectedMs: hit.map { dataset.timestamps[e.trainRows + $0.index] }, alreadyAlarming: hit?.ongoing ?? false))
            }
        }
        return rows
    }

    /// Time to detect each scored fault, per model in spec order (its first seed for a randomised model).
    static func detectionTable(_ entries: [ReplayRecorder.Entry], dataset: Dataset, plan: SplitPlan, order: [String]) -> String {
        let models = order.compactMap { label in entries.first { !$0.isBaseline && $0.model == label } }
        guard !plan.faultWindows.isEmpty, !models.isEmpty else {
            return plan.faultWindows.isEmpty ? "No labelled faults in the scored part: only false alarms can be counted.\n\n" : ""
        }
        var lines = ["Time to detect (first alarm in the fault's window, from its start; * = already alarming when it began):"]
        let header = ["fault", "kind", "start"] + models.map(\.model)
        var rows: [[String]] = []
        for (window, f) in plan.faultWindows {
            var row = [f.id, f.kind, DatasetInspection.iso8601(window.lowerBound)]
            for m in models {
                let ts = dataset.timestamps
                row.append(
                    firstAlarm(m, in: window, timestamps: ts).map { hit in
                        (hit.ongoing ? "*" : "+") + DurationText.render(Double(max(0, ts[m.trainRows + hit.index] - window.lowerBound)))
                    } ?? "missed")
            }
            rows.append(row)
        }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        lines.append(line(header))
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n\n"
    }
}

/// Alarm lines printed as they fire (a terminal only).
final class LiveLines: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private let timestamps: [Int64]

    init(dataset: Dataset, enabled: Bool) {
        self.enabled = enabled
        timestamps = enabled ? dataset.timestamps : []
    }

    func print(model: String, firing: LiveScoring.Firing) {
        guard enabled else { return }
        let text =
            "\(DatasetInspection.iso8601(timestamps[firing.row]))  alarm  \(model)  score \(Self.short(firing.score)) ≥ θ \(Self.short(firing.threshold))\n"
        lock.lock()
        FileHandle.standardError.write(Data(text.utf8))
        lock.unlock()
    }

    static func short(_ v: Double) -> String { String(format: "%.4g", v) }
}
