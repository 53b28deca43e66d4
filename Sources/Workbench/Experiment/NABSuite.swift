import Dispatch
import Evaluation
import Foundation
import Models
import Telemetry

/// Runs an experiment whose dataset is a NAB corpus (`datasets: [{nab: {path: …}}]`) under NAB's rules.
///
/// Every model (and the null and random baselines) scores every corpus file exactly as `faultline nab run`
/// does — the same `NABRun` code: a fresh detector per file, the probation rows streamed unfitted, a fit on
/// them, the rest scored as their continuation, scores calibrated into [0, 1] — and the corpus is scored
/// with the exact NAB scorer as `faultline score nab --optimize` does (`NABReport`, exhaustive sweep per
/// profile, in-sample optimum). So `nab_<profile>` equals `nab run` + `score nab --optimize` for the same
/// detector and parameters, digit for digit. Beside it:
///
/// - `nab_heldout_<profile>`: the mean held-out score (`NABHeldOut`, 5 seeded halves × 2 folds);
/// - the usual panel at the standard profile's θ*: each file's scored rows (after probation) against its
///   windows, then the macro mean over files (undefined files excluded and counted).
///
/// (model, file) pairs run on `jobs` workers; results are collected in a fixed order, so no number
/// depends on `jobs`.
struct NABSuite: Sendable {
    let spec: ExperimentSpec
    let registry: ModelRegistry
    /// Corpus folder.
    let corpus: URL
    /// File-name filter (nil = every file).
    let files: [String]?

    /// Name of the corpus in records and reports.
    static let datasetName = "nab"
    /// Random splits of the held-out estimate.
    static let heldOutSplits = 5

    init(spec: ExperimentSpec, registry: ModelRegistry, path: String, files: [String]?) {
        self.spec = spec
        self.registry = registry
        self.corpus = URL(fileURLWithPath: path)
        self.files = files
    }

    /// One scored detector run: a spec model or a baseline. `seed` is the random baseline's seed (its
    /// records carry none: the corpus has no seed, and the baseline reports its mean over the seeds).
    struct Entry: Sendable {
        var label: String
        var run: NABRun
        var isBaseline: Bool
        var seed: UInt64?
    }

    func entries() -> [Entry] {
        let out = URL(fileURLWithPath: "/dev/null")
        func run(_ name: String, _ params: [String: String], _ calibration: String?, seed: UInt64) -> NABRun {
            NABRun(
                corpus: corpus, out: out, detector: name, parameters: params, jobs: 1, fileFilter: files,
                calibration: calibration.flatMap(NABCalibration.init(rawValue:)) ?? .auto, seed: seed, registry: registry)
        }
        var list = spec.models.map { Entry(label: $0.label, run: run($0.name, $0.parameters, $0.calibration, seed: 0), isBaseline: false, seed: nil) }
        list.append(Entry(label: "null", run: run("null", [:], nil, seed: 0), isBaseline: true, seed: nil))
        for s in spec.randomBaselineSeeds {
            list.append(Entry(label: "random", run: run("random", [:], nil, seed: s), isBaseline: true, seed: s))
        }
        return list
    }

    /// Checks the corpus and every model before any work.
    ///
    /// - Throws: `SpecError` naming the spec file, line and key path.
    func validate() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDir), isDir.boolValue,
            FileManager.default.fileExists(atPath: corpus.appendingPathComponent("labels/combined_windows.json").path)
        else {
            throw SpecError(
                file: spec.source, keyPath: "datasets[0].nab.path",
                message: "no NAB corpus at '\(corpus.path)' (needs data/ and labels/combined_windows.json)",
                hint: "the NAB corpus is ../shared/datasets/nab")
        }
        let list = entries()
        for (i, m) in spec.models.enumerated() {
            guard m.name != ExperimentRunner.externalName, m.name != ExperimentRunner.precomputedName else {
                throw SpecError(
                    file: spec.source, line: m.line, keyPath: m.keyPath, message: "'\(m.name)' models cannot run on a NAB corpus",
                    hint: "use `faultline nab run` output with `faultline score nab` for scores made elsewhere")
            }
            do {
                _ = try list[i].run.prepare()
            } catch let e as UsageError {
                throw SpecError(file: spec.source, line: m.line, keyPath: m.keyPath, message: e.message, hint: e.hint)
            }
        }
    }

    /// Scores every entry on every file, then the corpus per entry.
    func run(options: RunOptions, progress: Progress?) throws -> RunResult {
        try validate()
        let list = entries()
        let prepared = try list.map { try $0.run.prepare() }
        let names = prepared.first?.files ?? []
        let windows = prepared.first?.windows ?? [:]

        // Every file is read once and shared by all entries.
        let inputs = try ParallelFor.map(names.count, workers: options.jobs, missing: DataError("a NAB work item did not run")) { f in
            try NABRun.readFile(corpus: corpus, name: names[f], windows: windows[names[f]] ?? [])
        }

        // (entry, file) units, striped over the workers; each slot is written once.
        let count = list.count * names.count
        progress?.relabel("scoring NAB")
        let scored = try ParallelFor.map(
            count, workers: options.jobs, missing: DataError("a NAB work item did not run"),
            onDone: { progress?.update(Double($0) / Double(count)) }
        ) { u in
            let e = u / names.count, f = u % names.count
            let entry = list[e], prep = prepared[e]
            let scored = try entry.run.scoreFile(
                inputs[f], takesProbation: entry.run.takesProbation(prep.descriptor),
                calibration: prep.calibration)
            return NABSuiteFile(name: scored.name, timestamps: scored.timestamps, windows: scored.windows, scores: scored.scores)
        }
        progress?.relabel("NAB scoring")

        // Corpus scores per entry, again in parallel and collected in order.
        let profiles = try NABThresholdSource.profiles(corpus: corpus)
        let corpusResults = try ParallelFor.map(list.count, workers: options.jobs, missing: DataError("a NAB work item did not run")) { e in
            try corpusRecords(list[e], files: Array(scored[(e * names.count)..<((e + 1) * names.count)]), profiles: profiles)
        }
        let perEntry = corpusResults

        var metrics: [MetricRecord] = []
        for (e, entry) in list.enumerated() where entry.seed == nil { metrics += perEntry[e] }
        let randoms = list.indices.filter { list[$0].seed != nil }
        metrics += Aggregate.mean(records: randoms.map { perEntry[$0] }, seedKey: "random_seeds", seeds: spec.randomBaselineSeeds)

        let first = Array(scored.prefix(names.count))
        let rows = first.reduce(0) { $0 + $1.scores.count }
        let probation = first.reduce(0) { $0 + NABFile.probationRows(rowCount: $1.scores.count) }
        let summary = DatasetSummary(
            name: Self.datasetName, hash: nil, seed: nil, rows: rows, series: names.count, stepMs: 0,
            trainRows: probation, testRows: rows - probation,
            events: first.reduce(0) { $0 + $1.windows.count }, benignChanges: 0)
        let policy = "NAB: per-file probation min(⌊0.15·n⌋, 750); one corpus θ per profile by \(NABReport.optimiserName)"
        var models: [ModelSummary] = spec.models.enumerated().map { i, m in
            var params = m.parameters
            params["model"] = m.name
            params["calibration"] = prepared[i].calibration.rawValue
            return ModelSummary(name: m.label, family: prepared[i].descriptor.family, parameters: params, thresholdPolicy: policy, isBaseline: false)
        }
        models.append(ModelSummary(name: "null", family: "baseline", parameters: [:], thresholdPolicy: "never alarms", isBaseline: true))
        models.append(
            ModelSummary(
                name: "random", family: "baseline", parameters: ["seeds": spec.randomBaselineSeeds.map(String.init).joined(separator: ",")],
                thresholdPolicy: policy, isBaseline: true))
        let notes = [
            "NAB corpus \(corpus.path): \(names.count) files, \(summary.events) windows; nab_<profile> uses NAB's corpus threshold optimum (in-sample, METRICS §4), nab_heldout_<profile> the mean over \(Self.heldOutSplits) seeded half splits × 2 folds of a threshold chosen on the other half",
            "panel metrics on NAB are macro means over files at the standard profile's θ* (rows after each file's probation; files where a metric is undefined are excluded and counted in 'undefined_files')",
        ]
        let runName = options.outDir?.lastPathComponent ?? spec.name
        return RunResult(
            run: RunInfo(
                name: runName, spec: spec.source, faultlineVersion: FaultlineVersion.string,
                gitRevision: options.recordTimings ? GitRevision.current() : nil, command: options.command),
            datasets: [summary], models: models, metrics: metrics, plots: [], failures: [], notes: notes)
    }

    /// One entry's corpus records: NAB (in-sample optimum and held-out) and the macro panel.
    func corpusRecords(_ entry: Entry, files: [NABSuiteFile], profiles: [NABProfile]) throws -> [MetricRecord] {
        let nabFiles = files.map { NABFile(name: $0.name, windows: $0.windows, scores: $0.scores) }
        let loaded = NABCorpus(
            corpusURL: corpus, resultsURL: corpus, detector: entry.label, files: nabFiles,
            filesWithIrregularTimestamps: [], clippedScores: 0)
        let report = try NABReport.make(corpus: loaded, profiles: profiles, mode: .optimize)
        var records = report.records(dataset: Self.datasetName).map { r -> MetricRecord in
            var r = r
            r.parameters["threshold_policy"] = "optimized: \(NABReport.optimiserName)"
            return r
        }
        for h in try NABHeldOut.evaluate(files: nabFiles, profiles: profiles, splits: Self.heldOutSplits) {
            var params = [
                "splits": "\(Self.heldOutSplits)", "folds": "\(h.folds.count)",
                "threshold_policy": "held out: θ optimised on a random half of the files, the other half scored",
            ]
            if let lo = h.folds.min(), let hi = h.folds.max() {
                params["min"] = String(format: "%.6g", lo)
                params["max"] = String(format: "%.6g", hi)
            }
            if h.undefinedFolds > 0 { params["undefined_folds"] = "\(h.undefinedFolds)" }
            records.append(
                MetricRecord(
                    dataset: Self.datasetName, model: entry.label,
                    metric: .nabHeldOut(profile: h.profile.name), value: h.mean, parameters: params))
        }
        let theta =
            report.entries.first { $0.score.profile.name == NABProfile.standard.name }?.score.threshold
            ?? report.entries.first?.score.threshold ?? 1.1
        records += try panel(entry, files: files, theta: theta)
        return records
    }

    /// The panel per file at θ (rows after probation, point labels from the windows), macro-averaged.
    func panel(_ entry: Entry, files: [NABSuiteFile], theta: Double) throws -> [MetricRecord] {
        var perFile: [[MetricRecord]] = []
        for f in files {
            let n = f.scores.count
            let p = NABFile.probationRows(rowCount: n)
            guard p < n else { continue }
            var labels = [Bool](repeating: false, count: n)
            for w in f.windows { for r in w.start...w.end where r < n { labels[r] = true } }
            var input = PanelInput(
                dataset: f.name, model: entry.label, timestamps: Array(f.timestamps[p...]), windows: [],
                scores: Array(f.scores[p...]), threshold: theta,
                thresholdPolicy: "NAB standard profile θ* (in-sample optimum)")
            input.pointLabels = Array(labels[p...])
            perFile.append(try evaluatePanel(input).records)
        }
        guard let template = perFile.first else { return [] }
        return template.indices.map { k in
            let values = perFile.compactMap { $0.indices.contains(k) ? $0[k].value : nil }
            var params = template[k].parameters.filter { $0.key != "threshold_policy" && $0.key != "threshold" }
            params["threshold"] = "\(theta)"
            params["threshold_policy"] = "NAB standard profile θ* (in-sample optimum)"
            params["aggregate"] = "macro mean over files"
            params["files"] = "\(values.count)"
            if values.count < perFile.count { params["undefined_files"] = "\(perFile.count - values.count)" }
            let value: MetricValue =
                values.isEmpty
                ? .undefined("undefined on every file (\(template[k].undefinedReason ?? "no value"))")
                : .defined(values.reduce(0, +) / Double(values.count))
            return MetricRecord(
                dataset: Self.datasetName, model: entry.label, metric: template[k].metric,
                value: value, parameters: params)
        }
    }
}

/// One file's scores as the suite keeps them (no row text).
struct NABSuiteFile: Sendable {
    var name: String
    var timestamps: [Int64]
    var windows: [RowInterval]
    var scores: [Double]
}
