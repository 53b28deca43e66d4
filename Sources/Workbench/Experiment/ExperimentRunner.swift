import Dispatch
import Evaluation
import Foundation
import Interop
import Models
import Reports
import Simulator
import Telemetry

/// Options of one `faultline evaluate` (or `faultline demo`) run.
public struct RunOptions: Sendable {
    /// Run folder; default `Results/<spec name>`.
    public var outDir: URL?
    /// Worker threads across (dataset, model) units and inside the simulator.
    public var jobs: Int
    /// No progress output.
    public var quiet: Bool
    /// Record fit/score times (`fit_s`, `score_s`, `points_per_s`). Off gives byte-identical reports.
    public var recordTimings: Bool
    /// The command line, stored in the results for reproduction.
    public var command: String
    /// Where files written during the run (external models' stderr under `logs/`) go: the run folder's
    /// temporary twin while it is being written (`RunFolder.staging`); nil = `outDir`.
    public var stagingDir: URL?
    /// Set by `faultline replay`: registered models are fed row by row (`LiveScoring`), paced, and their
    /// alarms and row costs recorded; nil = batch scoring.
    public var replay: ReplayOptions?

    /// Most worker threads a run accepts (`--jobs`).
    public static let maxJobs = 1024

    public init(
        outDir: URL? = nil, jobs: Int = 1, quiet: Bool = false, recordTimings: Bool = true, command: String = "faultline evaluate",
        stagingDir: URL? = nil
    ) {
        self.outDir = outDir
        self.stagingDir = stagingDir
        self.jobs = min(Self.maxJobs, max(1, jobs))
        self.quiet = quiet
        self.recordTimings = recordTimings
        self.command = command
    }
}

/// Runs an `ExperimentSpec`: loads or simulates each dataset, splits it, fits every model on the
/// fault-free training rows, scores the whole run causally, thresholds, evaluates the scored span
/// with the metric panel, and assembles the `RunResult` that `Reports` renders.
///
/// Output is a pure function of the spec (and of the code): units run in parallel but their
/// results are collected in spec order, so `--jobs` never changes a number.
public struct ExperimentRunner: Sendable {
    public let spec: ExperimentSpec
    public let registry: ModelRegistry
    /// Scores a user computed elsewhere, by model label (`faultline score`), one per row of each dataset.
    public let precomputed: [String: [Double]]

    /// The model name that runs an external command (`ExternalModel`).
    public static let externalName = ScoreSource.externalName
    /// The model name of scores supplied with the run (`faultline score`).
    public static let precomputedName = ScoreSource.precomputedName

    /// Datasets already in memory, by the `stored` path they stand for (`faultline replay` builds one).
    let preloaded: [String: Dataset]

    public init(spec: ExperimentSpec, registry: ModelRegistry = .standard, precomputed: [String: [Double]] = [:]) {
        self.init(spec: spec, registry: registry, precomputed: precomputed, preloaded: [:])
    }

    init(spec: ExperimentSpec, registry: ModelRegistry = .standard, precomputed: [String: [Double]] = [:], preloaded: [String: Dataset]) {
        self.spec = spec
        self.registry = registry
        self.precomputed = precomputed
        self.preloaded = preloaded
    }

    /// Checks everything that can be checked before any work: model names and parameters,
    /// threshold policies, scenario names, dataset folders.
    ///
    /// - Throws: `SpecError` naming the spec file, line and key path (exit status 2).
    public func validate() throws {
        if let nab = nabSuite { return try nab.validate() }
        for m in spec.models {
            do {
                _ = try ScoreSource.resolve(
                    name: m.name, parameters: m.parameters, label: m.label, precomputed: precomputed, registry: registry)
            } catch let e as UsageError {
                throw SpecError(file: spec.source, line: m.line, keyPath: m.keyPath, message: e.message, hint: e.hint)
            } catch let e as ModelError {
                throw SpecError(
                    file: spec.source, line: m.line, keyPath: Self.keyPath(of: e, entry: m.keyPath, section: "params"), message: "\(e)",
                    hint: "`faultline models list` shows every model and its parameters")
            }
            if let t = m.threshold { try checkThreshold(t) }
        }
        try checkThreshold(spec.threshold)
        try validatePrediction()
        for (i, d) in spec.datasets.enumerated() {
            switch d {
            case let .scenario(name, _, days, intensity):
                do {
                    _ = try ScenarioLoader.resolve(name, overrides: ScenarioOverrides(days: days, intensity: intensity))
                } catch let e as ScenarioError {
                    throw SpecError(
                        file: spec.source, keyPath: "datasets[\(i)].scenario", message: "\(e)",
                        hint: "`faultline scenarios list` shows the built-in scenarios")
                }
            case let .imported(format, path, options):
                try checkImport(format: format, path: path, options: options, keyPath: "datasets[\(i)].import")
            case .nab:
                throw SpecError(file: spec.source, keyPath: "datasets[\(i)].nab", message: "a NAB corpus must be the only dataset of its spec")
            case let .stored(path):
                guard
                    preloaded[path] != nil
                        || FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent("manifest.json").path)
                else {
                    throw SpecError(
                        file: spec.source, keyPath: "datasets[\(i)].path", message: "no dataset at '\(path)' (no manifest.json)",
                        hint: "write one with `faultline simulate --out \(path)`")
                }
            }
        }
    }

    private func checkImport(format: String, path: String, options: [String: String], keyPath: String) throws {
        let root = URL(fileURLWithPath: path)
        let known: [String]
        do {
            known = try SMDImporter.machines(root: root)
        } catch let e as InteropError {
            throw SpecError(file: spec.source, keyPath: "\(keyPath).path", message: e.description)
        }
        guard let wanted = options["machine"], wanted != "all" else { return }
        for m in wanted.split(separator: ",").map(String.init) where !known.contains(m) {
            throw SpecError(
                file: spec.source, keyPath: "\(keyPath).machine", message: "no SMD machine '\(m)'\(NearestName.hint(m, among: known))",
                hint: "machines here: \(known.joined(separator: ", "))")
        }
    }

    private func checkThreshold(_ t: ExperimentSpec.ThresholdEntry) throws {
        do {
            _ = try ThresholdSpec(policy: t.policy, parameters: t.parameters)
        } catch let e as ModelError {
            throw SpecError(file: spec.source, line: t.line, keyPath: Self.keyPath(of: e, entry: t.keyPath, section: nil), message: "\(e)")
        }
    }

    /// The key path of a parameter error: `models[2].params.window` for a model's parameter (the entry's key path
    /// is `models[2].name`), `threshold.for` for a threshold's; the entry's own path for other errors.
    static func keyPath(of error: ModelError, entry: String, section: String?) -> String {
        let key: String
        var section = section
        switch error {
        case let .invalidParameter(model, k, _, _):
            key = k
            if model == "features: logs" { section = nil }  // the entry's own key (log_window_minutes), not a parameter
        case let .unknownParameter(_, k, _): key = k
        default: return entry
        }
        let base = entry.hasSuffix(".name") ? String(entry.dropLast(".name".count)) : entry
        guard let section else { return "\(base).\(key)" }
        return "\(base).\(section).\(key)"
    }

    /// Runs the experiment and writes nothing; see `ReportWriter` for the files.
    ///
    /// - Throws: `SpecError` for configuration problems found late, `DataError` and module errors for
    ///   data that cannot be evaluated.
    public func run(options: RunOptions, progress: Progress? = nil) throws -> RunResult {
        if let nab = nabSuite { return try nab.run(options: options, progress: progress) }
        try validate()
        let datasets = try loadDatasets(options: options, progress: progress)
        try checkHorizon(datasets)
        var units: [Unit] = []
        for (d, loaded) in datasets.enumerated() where !spec.models.isEmpty {
            for (m, entry) in spec.models.enumerated() {
                if isRandomised(entry) {  // one unit per model seed, reported as their mean
                    for (j, s) in spec.modelSeeds.enumerated() {
                        units.append(Unit(dataset: d, kind: .model(m), label: entry.label, seed: s, replicate: j, replicates: spec.modelSeeds.count))
                    }
                } else {
                    units.append(Unit(dataset: d, kind: .model(m), label: entry.label, seed: loaded.seed ?? 0))
                }
            }
            units.append(Unit(dataset: d, kind: .null, label: "null", seed: 0))
            for s in spec.randomBaselineSeeds {
                units.append(Unit(dataset: d, kind: .random, label: "random", seed: s))
            }
        }
        progress?.relabel("evaluating")
        let outcomes = try runUnits(units, datasets: datasets, options: options, progress: progress)
        progress?.relabel("predicting")
        let predictions = try runPredictors(datasets, options: options)
        progress?.finish()
        return assemble(datasets: datasets, units: units, outcomes: outcomes, options: options, predictions: predictions)
    }

    /// The NAB runner when the spec's (only) dataset is a NAB corpus.
    var nabSuite: NABSuite? {
        guard spec.datasets.count == 1, case let .nab(path, files) = spec.datasets[0] else { return nil }
        return NABSuite(spec: spec, registry: registry, path: path, files: files)
    }

    // MARK: - Datasets

    struct LoadedDataset: Sendable {
        var label: String
        var seed: UInt64?
        var dataset: Dataset
        var plan: SplitPlan
        /// VUS's L from the training rows' dominant period (METRICS §3.3), computed once per dataset.
        var vusMaxBuffer: Int

        init(label: String, seed: UInt64?, dataset: Dataset, plan: SplitPlan) {
            self.label = label
            self.seed = seed
            self.dataset = dataset
            self.plan = plan
            vusMaxBuffer = DominantPeriod.vusMaxBuffer(training: dataset.frame.rows(0..<plan.trainRows))
        }
    }

    func loadDatasets(options: RunOptions, progress: Progress?) throws -> [LoadedDataset] {
        var out: [LoadedDataset] = []
        for source in spec.datasets {
            switch source {
            case let .scenario(name, seeds, days, intensity):
                for seed in seeds {
                    let scenario = try ScenarioLoader.resolve(name, overrides: ScenarioOverrides(days: days, seed: seed, intensity: intensity))
                    progress?.relabel("simulating \(scenario.name) seed \(seed)")
                    var sink = InMemoryDatasetSink()
                    try Simulation.run(scenario: scenario, seed: seed, jobs: options.jobs, into: &sink) { progress?.update($0) }
                    guard let ds = sink.dataset else { throw DataError("the simulation of '\(name)' produced no dataset") }
                    // Overridden intensities make another world: its own label, so its records never pool with the scenario's.
                    let label = intensity.map { "\(scenario.name) (\($0.word) intensities)" } ?? scenario.name
                    out.append(LoadedDataset(label: label, seed: seed, dataset: ds, plan: try SplitPlan.make(ds, spec.split)))
                }
            case let .stored(path):
                let ds = try preloaded[path] ?? StoredDataset.read(URL(fileURLWithPath: path))
                out.append(LoadedDataset(label: ds.info.name, seed: ds.info.seed, dataset: ds, plan: try SplitPlan.make(ds, spec.split)))
            case let .imported(_, path, options):
                let root = URL(fileURLWithPath: path)
                let machines = options["machine"].map { $0 == "all" ? nil : $0.split(separator: ",").map(String.init) } ?? nil
                for machine in try machines ?? SMDImporter.machines(root: root) {
                    progress?.relabel("importing smd/\(machine)")
                    let ds = try SMDImporter.load(root: root, machine: machine)
                    out.append(LoadedDataset(label: ds.info.name, seed: nil, dataset: ds, plan: try SplitPlan.make(ds, spec.split)))
                }
            case .nab:
                throw DataError("a NAB corpus runs through NABSuite, not as a dataset of its own")
            }
        }
        return out
    }

    // MARK: - Units

    struct Unit: Sendable {
        enum Kind: Sendable, Equatable { case model(Int), null, random }
        var dataset: Int
        var kind: Kind
        var label: String
        var seed: UInt64
        /// Which of the model's seeds this unit runs (`spec.modelSeeds`), and how many there are.
        var replicate = 0
        var replicates = 1

        /// A spec model, not a baseline.
        var isModel: Bool { if case .model = kind { true } else { false } }
    }

    struct UnitOutcome: Sendable {
        var records: [MetricRecord]
        /// Set when the model produced no scores; the run goes on without it.
        var failure: ModelFailure?
        var episodes: [TimeWindow]
        var pr: PRCurve?
        var delays: [Double]
        var policy: String
        var warnings: [String]
        var isUpperBound: Bool
        /// Lead-time evaluations of the alarms as warnings (run's Δt_l, then the grid), when the spec predicts.
        var leadTime: [LeadTimeEvaluation] = []
    }

    func runUnits(_ units: [Unit], datasets: [LoadedDataset], options: RunOptions, progress: Progress?) throws -> [UnitOutcome] {
        let missing = DataError("an evaluation unit did not run")
        let onDone: @Sendable (Int) -> Void = { progress?.update(Double($0) / Double(units.count)) }
        // A paced replay's units mostly wait on the recording's clock: each gets a thread of its own.
        if let replay = options.replay, replay.speed != .max {
            return try ParallelFor.mapOnThreads(units.count, workers: min(units.count, RunOptions.maxJobs), missing: missing, onDone: onDone) { i in
                try runUnit(units[i], datasets[units[i].dataset], options: options)
            }
        }
        return try ParallelFor.map(units.count, workers: options.jobs, missing: missing, onDone: onDone) { i in
            try runUnit(units[i], datasets[units[i].dataset], options: options)
        }
    }

    /// Runs one unit; an error names the model (its spec line for a configuration error) and the dataset.
    func runUnit(_ unit: Unit, _ loaded: LoadedDataset, options: RunOptions) throws -> UnitOutcome {
        do {
            return try runUnitBody(unit, loaded, options: options)
        } catch let e as ModelError where e.isConfigurationError {
            guard case let .model(m) = unit.kind else { throw e }
            let entry = spec.models[m]
            throw SpecError(
                file: spec.source, line: entry.line, keyPath: Self.keyPath(of: e, entry: entry.keyPath, section: "params"),
                message: "\(e), on dataset '\(loaded.label)'",
                hint: "`faultline models list` shows every model and its parameters")
        } catch let e as SpecError {
            throw e
        } catch  where ErrorClassification.status(of: error) == .data {
            let subject = precomputed[unit.label] != nil ? "the scores of \(spec.source)" : "model '\(unit.label)'"
            throw DataError("\(subject) on dataset '\(loaded.label)': \(error)", hint: (error as? any ClassifiedError)?.hint)
        }
    }

    func runUnitBody(_ unit: Unit, _ loaded: LoadedDataset, options: RunOptions) throws -> UnitOutcome {
        let ds = loaded.dataset
        let trainRows = loaded.plan.trainRows
        let source: ScoreSource
        var thresholdEntry = spec.threshold
        var features = ExperimentSpec.Features.metrics
        switch unit.kind {
        case let .model(m):
            let entry = spec.models[m]
            source = try ScoreSource.resolve(
                name: entry.name, parameters: entry.parameters, label: unit.label, precomputed: precomputed, registry: registry,
                validating: false)
            features = entry.features
            if let t = entry.threshold { thresholdEntry = t }
        case .null:
            source = .registry(name: "null", parameters: [:])
        case .random:
            source = .registry(name: "random", parameters: [:])
        }
        let frame: MetricFrame
        let kinds: [SeriesKind]
        switch features {
        case .metrics:
            frame = ds.frame
            kinds = ds.series.map(\.kind)
        case let .logs(minutes):
            frame = try LogFeatures.frame(ds, windowMinutes: minutes)
            kinds = Array(repeating: .gauge, count: frame.columns)
        }
        // The null detector never alarms: its scores are all 0 and its threshold is above them.
        var threshold: ThresholdSpec =
            if case .null = unit.kind { .fixed(1) } else {
                try ThresholdSpec(policy: thresholdEntry.policy, parameters: thresholdEntry.parameters)
            }
        if trainRows > 0 {  // the budget policy counts alarm episodes per day of the training span
            threshold.trainingDays = Double(ds.timestamps[trainRows - 1] - ds.timestamps[0] + ds.axis.stepMs) / 86_400_000
        }
        let clock = ContinuousClock()
        let t0 = clock.now
        var t1 = t0
        let scores: [Double]
        // Out-of-fold scores of the training rows, when the model memorises its training rows: the
        // threshold is calibrated on them instead of on the model's own in-sample scores.
        var outOfFold: [Double]?
        var contributions: MetricFrame?
        // The alarms a replayed model raised live, checked against the batch threshold's below.
        var liveAlarms: [Bool]?
        // When a replay's live scoring ended (its batch check after it is not scoring time).
        var scoredAt: ContinuousClock.Instant?
        switch source {
        case let .external(model):
            let runDir = options.stagingDir ?? options.outDir ?? URL(fileURLWithPath: "Results").appendingPathComponent(spec.name)
            // Labels and dataset names (from a scenario or a manifest) become one safe file-name component each.
            let logName = [unit.label, loaded.label, "\(loaded.seed ?? 0)"].map(RunFolder.fileComponent).joined(separator: "-")
            let stderrPath = runDir.appendingPathComponent("logs").appendingPathComponent("\(logName).stderr")
            let work = FileManager.default.temporaryDirectory.appendingPathComponent(
                "faultline-external-\(ProcessInfo.processInfo.processIdentifier)-\(RunFolder.fileComponent(unit.label))-\(unit.dataset)")
            defer { try? FileManager.default.removeItem(at: work) }
            do {
                scores = try model.scores(dataset: ds, trainRows: trainRows, workDir: work, stderrPath: stderrPath)
            } catch let f as ExternalModel.Failure {
                let failure = ModelFailure(
                    dataset: loaded.label, model: unit.label, reason: f.reason,
                    logPath: "logs/\(stderrPath.lastPathComponent)")
                return UnitOutcome(records: [], failure: failure, episodes: [], pr: nil, delays: [], policy: "", warnings: [], isUpperBound: false)
            }
            t1 = clock.now
        case let .precomputed(given):
            scores = given
        case let .registry(name, parameters):
            var detector = try registry.make(name: name, parameters: parameters, seed: unit.seed, kinds: kinds, dataRows: frame.rows)
            let training = frame.rows(0..<trainRows)  // a view: the training rows are not copied
            try detector.fit(training: training)
            outOfFold = try detector.outOfFoldScores(training: training)
            t1 = clock.now
            if let replay = options.replay {
                let recorder = replay.recorder
                let label = unit.label, datasetLabel = loaded.label
                let run = try LiveScoring.run(
                    detector, model: label, frame: frame, timestamps: ds.timestamps, trainRows: trainRows, threshold: threshold,
                    calibration: outOfFold, holdRows: AlertHold.rows(holdMs: threshold.holdMs, stepMs: ds.axis.stepMs), speed: replay.speed,
                    onFiring: recorder.onFiring.map { call in { call(label, $0) } })
                scoredAt = clock.now
                scores = run.scores
                liveAlarms = run.alarms
                // The per-series contributions (HitRate) come from the batch form, whose scores must equal the live ones.
                let batch = try detector.scores(for: frame)
                if let r = zip(batch.scores, run.scores).enumerated().first(where: { $1.0 != $1.1 })?.offset {
                    throw DataError(
                        "replay of model '\(label)' on '\(datasetLabel)': the live score at row \(r) differs from the batch score",
                        hint: "a streaming model must score row by row exactly as it scores a frame; please report this")
                }
                contributions = batch.perSeries
                recorder.record(
                    ReplayRecorder.Entry(
                        dataset: unit.dataset, datasetLabel: loaded.label, model: unit.label, seed: unit.seed, isBaseline: !unit.isModel,
                        firings: run.firings, alarms: run.alarms, trainRows: trainRows, rowNanoseconds: run.rowNanoseconds,
                        maxLagSeconds: run.maxLagSeconds))
            } else {
                let scored = try detector.scores(for: frame)
                scores = scored.scores
                contributions = scored.perSeries
            }
        }
        let t2 = scoredAt ?? clock.now
        guard scores.count == frame.rows else {
            throw DataError("model '\(unit.label)' returned \(scores.count) scores for \(frame.rows) rows of '\(loaded.label)'")
        }
        // A `for:` hold turns the scores into their trailing minimum over the held rows (AlertHold), for
        // training and test alike, before any policy sees them.
        let calibrated = outOfFold.map { $0 + scores[trainRows...] } ?? scores
        let held =
            threshold.holdMs > 0
            ? AlertHold.trailingMinimum(calibrated, rows: AlertHold.rows(holdMs: threshold.holdMs, stepMs: ds.axis.stepMs)) : calibrated
        let trainScores = Array(held[0..<trainRows])
        let testScores = Array(held[trainRows...])
        let testTimes = Array(ds.timestamps[trainRows...])
        let windows = loaded.plan.faultWindows.map {
            LabelWindow(startMs: $0.window.lowerBound, endMs: $0.window.upperBound, impactMs: $0.fault.userImpactStartMs, peakZ: $0.fault.peakZ)
        }

        // Best-on-test maximises point-wise F1 on the scored span (an upper bound, labelled so); the
        // labels are built once, not once per candidate threshold.
        let testLabels =
            threshold.policy == .bestOnTest
            ? try EventTimeline(series: loaded.label, windows: windows, timestamps: testTimes).labels : []
        let outcome = try threshold.apply(trainingScores: trainScores, testScores: testScores) { alarms in
            ConfusionCounts(labels: testLabels, alarms: alarms).f1.value ?? 0
        }
        if let liveAlarms, liveAlarms != outcome.alarms {
            let row = zip(liveAlarms, outcome.alarms).enumerated().first { $1.0 != $1.1 }.map { $0.offset + trainRows } ?? trainRows
            throw DataError("replay of model '\(unit.label)' on '\(loaded.label)': the live alarms differ from the batch threshold's at row \(row)")
        }
        var cost: [(MetricID, Double)] = []
        if options.recordTimings, case .model = unit.kind, source.isComputedHere {
            let fit = (t1 - t0).seconds, score = (t2 - t1).seconds
            cost = [
                (.fitSeconds, fit), (.scoreSeconds, score),
                (.pointsPerSecond, score > 0 ? Double(frame.rows * frame.columns) / score : 0),
            ]
        }
        let evaluated = try evaluateUnit(
            UnitInput(
                dataset: loaded.label, seed: loaded.seed, model: unit.label, timestamps: testTimes, windows: windows,
                scores: testScores, threshold: outcome.theta.map { .constant($0) } ?? .perRow(outcome.thetas),
                thresholdPolicy: outcome.description, isUpperBound: outcome.isUpperBound, warmUpRows: spec.warmupRows,
                bootstrap: spec.bootstrap.map { EventBootstrap(samples: $0.samples, seed: $0.seed) }, cost: cost,
                contributions: hitRateInput(loaded, features: features, contributions: contributions, firstRow: trainRows),
                vusMaxBuffer: loaded.vusMaxBuffer))
        var records = evaluated.records
        // Detectors are scored as predictors too (their alarms as warnings), beside their detection delay.
        var leadTime: [LeadTimeEvaluation] = []
        if spec.prediction != nil, case .model = unit.kind {
            let alarms: [Bool] =
                if let theta = outcome.theta { testScores.map { $0 >= theta } } else { zip(testScores, outcome.thetas).map { $0 >= $1 } }
            leadTime = try leadTimeEvaluations(loaded, warnings: alarms, ttf: nil)
            records += leadTimeRecords(
                loaded, model: unit.label, evaluations: leadTime, timeToFailure: false, policy: outcome.description, kind: "detector")
        }
        if outOfFold != nil {
            for i in records.indices { records[i].parameters["calibration"] = "out-of-fold" }
        }
        return UnitOutcome(
            records: records, failure: nil, episodes: evaluated.episodes, pr: evaluated.prCurve, delays: evaluated.delays,
            policy: outcome.description, warnings: outcome.warnings, isUpperBound: outcome.isUpperBound, leadTime: leadTime)
    }

    /// What HitRate needs of a unit: the faults' affected columns and the model's contributions.
    func hitRateInput(
        _ loaded: LoadedDataset, features: ExperimentSpec.Features, contributions: MetricFrame?, firstRow: Int
    )
        -> UnitInput.Contributions
    {
        let ds = loaded.dataset
        let column = Dictionary(ds.series.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let faults = loaded.plan.faultWindows.map { window, fault in
            HitRate.LabelledFault(window: window, columns: fault.affectedSeries.compactMap { column[$0.seriesId] })
        }
        let foreign: String? =
            if case .logs = features {
                "contributions are over log-template features, not the dataset's series"
            } else { nil }
        return UnitInput.Contributions(
            faults: faults, seriesCount: ds.series.count, frame: contributions, foreignFeatures: foreign, firstRow: firstRow)
    }

    // MARK: - Assembly

    func assemble(
        datasets: [LoadedDataset], units: [Unit], outcomes: [UnitOutcome], options: RunOptions, predictions: [[PredictionOutcome]] = []
    ) -> RunResult {
        var metrics: [MetricRecord] = []
        var plots: [PlotPanel] = []
        var summaries: [DatasetSummary] = []
        var notes: [String] = []
        if let p = spec.prediction { notes.append(p.summary) }
        let failures = outcomes.compactMap(\.failure)
        for (d, loaded) in datasets.enumerated() {
            let ds = loaded.dataset
            let mine = units.indices.filter { units[$0].dataset == d }
            // Models and the null baseline report as they are; randomised models as their mean over the
            // model seeds, the random baseline as its mean over its seeds.
            for i in mine where !isRandom(units[i]) && units[i].replicate == 0 {
                if units[i].replicates > 1 {
                    let runs = mine.filter { units[$0].kind == units[i].kind }.map { outcomes[$0].records }
                    metrics += Aggregate.mean(records: runs, seedKey: "model_seeds", seeds: spec.modelSeeds)
                } else {
                    metrics += outcomes[i].records
                }
            }
            metrics += Aggregate.mean(
                records: mine.filter { isRandom(units[$0]) }.map { outcomes[$0].records },
                seedKey: "random_seeds", seeds: spec.randomBaselineSeeds)
            if predictions.indices.contains(d) {
                metrics += predictions[d].flatMap(\.records)
                for (k, o) in predictions[d].enumerated() where !o.warnings.isEmpty {
                    notes.append("\(spec.prediction?.predictors[k].label ?? "") on \(loaded.label): " + o.warnings.joined(separator: "; "))
                }
            }
            for i in mine where !outcomes[i].warnings.isEmpty && units[i].replicate == 0 {
                notes.append("\(units[i].label) on \(loaded.label): " + outcomes[i].warnings.joined(separator: "; "))
            }
            if mine.contains(where: { outcomes[$0].isUpperBound }) {
                notes.append("best-on-test thresholds are upper bounds, not achievable figures")
            }
            let test = loaded.plan.trainRows..<ds.frame.rows
            let rows = PlotBuilder.decimatedRows(test)
            let plotted = PlotBuilder.chooseSeries(ds, faults: loaded.plan.faultWindows.map(\.fault))
            // Plots show a randomised model's first seed.
            let shown = mine.filter { !isRandom(units[$0]) && !isNull(units[$0]) && units[$0].replicate == 0 && outcomes[$0].failure == nil }
            plots.append(
                PlotPanel(
                    dataset: loaded.label,
                    timestamps: rows.map { ds.timestamps[$0] },
                    series: plotted.map {
                        PlotSeries(id: ds.series[$0].id, values: PlotBuilder.series(ds.frame, column: $0, range: test, rows: rows))
                    },
                    labelWindows: loaded.plan.faultWindows.map {
                        TimeWindow(
                            startMs: $0.window.lowerBound, endMs: $0.window.upperBound, label: "\($0.fault.id) \($0.fault.kind) → \($0.fault.target)")
                    },
                    benignWindows: loaded.plan.benign.map {
                        TimeWindow(startMs: $0.startMs, endMs: $0.endMs, label: "\($0.id) \($0.kind) → \($0.target)")
                    },
                    alarms: shown.map { ModelAlarms(model: units[$0].label, episodes: outcomes[$0].episodes) },
                    prCurves: shown.compactMap { outcomes[$0].pr },
                    detectionDelays: shown.map { ModelDelays(model: units[$0].label, delaysSeconds: outcomes[$0].delays) }))
            summaries.append(
                DatasetSummary(
                    name: loaded.label, hash: ds.info.scenarioHash, seed: loaded.seed, rows: ds.frame.rows, series: ds.frame.columns,
                    stepMs: ds.axis.stepMs, trainRows: loaded.plan.trainRows, split: spec.split.summary, testRows: test.count,
                    events: loaded.plan.faultWindows.count, benignChanges: loaded.plan.benign.count))
        }
        // Several seeds of one dataset: mean ± std and min over seeds as seedless records.
        metrics += Aggregate.overSeeds(metrics)
        var leadTimes: [ModelLeadTimes]?
        if let p = spec.prediction {
            var pooledModels: [(label: String, kind: String, ttf: Bool, perDataset: [[LeadTimeEvaluation]])] = []
            for (k, e) in p.predictors.enumerated() {
                let ttf = (try? Self.predictors.descriptor(named: e.name).estimatesTimeToFailure) ?? false
                pooledModels.append((e.label, "predictor", ttf, predictions.map { $0[k].evaluations }))
            }
            for (m, entry) in spec.models.enumerated() {
                let per = datasets.indices.map { d in
                    units.indices.first { units[$0].dataset == d && units[$0].kind == .model(m) && units[$0].replicate == 0 }.map {
                        outcomes[$0].leadTime
                    } ?? []
                }
                pooledModels.append((entry.label, "detector", false, per))
            }
            let pooled = pooledPrediction(datasets: datasets, models: pooledModels)
            metrics += pooled.records
            leadTimes = pooled.leadTimes
            summaries = summaries.map { s in
                var s = s
                if let seed = s.seed { s.split = (s.split ?? "") + (p.trainSeeds?.contains(seed) == true ? "; train seed" : "; test seed") }
                return s
            }
        }
        var models: [ModelSummary] = spec.models.enumerated().map { m, entry in
            let policy =
                outcomes.indices.first { if case .model(m) = units[$0].kind { return true } else { return false } }.map { outcomes[$0].policy } ?? ""
            var parameters = entry.parameters.merging(["model": entry.name]) { a, _ in a }
            if isRandomised(entry) { parameters["model_seeds"] = spec.modelSeeds.map(String.init).joined(separator: ",") }
            return ModelSummary(
                name: entry.label, family: (try? registry.descriptor(named: entry.name).family) ?? entry.name,
                parameters: parameters, thresholdPolicy: policy, isBaseline: false)
        }
        models.append(ModelSummary(name: "null", family: "baseline", parameters: [:], thresholdPolicy: "never alarms", isBaseline: true))
        let randomPolicy = outcomes.indices.first { isRandom(units[$0]) }.map { outcomes[$0].policy } ?? ""
        models.append(
            ModelSummary(
                name: "random", family: "baseline", parameters: ["seeds": spec.randomBaselineSeeds.map(String.init).joined(separator: ",")],
                thresholdPolicy: randomPolicy, isBaseline: true))
        let runName = options.outDir?.lastPathComponent ?? spec.name
        var result = RunResult(
            run: RunInfo(
                name: runName, spec: spec.source, faultlineVersion: FaultlineVersion.string,
                gitRevision: options.recordTimings ? GitRevision.current() : nil, command: options.command),
            datasets: summaries, models: models, metrics: metrics, plots: plots, failures: failures, notes: notes)
        result.leadTimes = leadTimes
        return result
    }

    /// Whether the entry is a registry model whose scores depend on its seed.
    func isRandomised(_ entry: ExperimentSpec.ModelEntry) -> Bool {
        precomputed[entry.label] == nil && ((try? registry.descriptor(named: entry.name).isRandomised) ?? false)
    }

    func isRandom(_ u: Unit) -> Bool { if case .random = u.kind { return true } else { return false } }
    func isNull(_ u: Unit) -> Bool { if case .null = u.kind { return true } else { return false } }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
