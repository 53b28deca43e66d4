import Evaluation
import Foundation
import Interop
import Models
import Telemetry

extension ExperimentRunner {
    /// The predictor registry every run uses.
    static var predictors: PredictorRegistry { .standard }

    /// Checks the predictors of the spec before any work: names, parameters, thresholds, and that a predictor
    /// needing labelled runs has training seeds to learn from.
    ///
    /// - Throws: `SpecError` naming `predictors[i]` (exit 2).
    func validatePrediction() throws {
        guard let p = spec.prediction else { return }
        let trainDatasets = spec.datasets.contains { d in
            if case let .scenario(_, seeds, _, _) = d { return seeds.contains { p.trainSeeds?.contains($0) ?? false } }
            return false
        }
        for (i, e) in p.predictors.enumerated() {
            let d: PredictorDescriptor
            do {
                d = try Self.predictors.descriptor(named: e.name)
                _ = try Self.predictors.make(name: e.name, parameters: e.parameters, seed: 0, settings: PredictorSettings(horizonMs: p.horizonMs))
            } catch let error as ModelError {
                throw SpecError(
                    file: spec.source, line: e.line, keyPath: Self.keyPath(of: error, entry: e.keyPath, section: "params"), message: "\(error)",
                    hint: "`faultline models list` shows every failure predictor and its parameters")
            }
            if d.needsLabelledTraining && !trainDatasets {
                throw SpecError(
                    file: spec.source, line: e.line, keyPath: "predictors[\(i)].name",
                    message: "predictor '\(e.label)' needs labelled training runs, but no dataset has a seed in prediction.train_seeds",
                    hint: "list training seeds under prediction.train_seeds and give the scenario those seeds")
            }
            try checkPredictionThreshold(
                e.threshold ?? ExperimentSpec.ThresholdEntry(policy: "", parameters: d.defaultThreshold, line: e.line, keyPath: e.keyPath))
        }
    }

    private func checkPredictionThreshold(_ t: ExperimentSpec.ThresholdEntry) throws {
        var params = t.parameters
        let policy = t.policy.isEmpty ? (params.removeValue(forKey: "policy") ?? "") : t.policy
        do {
            _ = try ThresholdSpec(policy: policy, parameters: params)
        } catch let e as ModelError {
            throw SpecError(file: spec.source, line: t.line, keyPath: Self.keyPath(of: e, entry: t.keyPath, section: nil), message: "\(e)")
        }
    }

    /// Refuses a horizon shorter than a dataset's step (a forecast that never looks a row ahead).
    func checkHorizon(_ datasets: [LoadedDataset]) throws {
        guard let p = spec.prediction else { return }
        for d in datasets where p.horizonMs < d.dataset.axis.stepMs {
            throw SpecError(
                file: spec.source, line: p.horizonLine, keyPath: "prediction.horizon",
                message:
                    "the horizon (\(DurationText.render(Double(p.horizonMs)))) is shorter than the step of '\(d.label)' (\(DurationText.render(Double(d.dataset.axis.stepMs))))",
                hint: "use a horizon of at least one step, usually Δt_l + Δt_p")
        }
    }

    /// `train` when the dataset's seed is a training seed, else `test`.
    func role(_ d: LoadedDataset) -> String {
        guard let seed = d.seed, spec.prediction?.trainSeeds?.contains(seed) == true else { return "test" }
        return "train"
    }

    /// Failures of the scored part (METRICS §7): faults with a user-impact start, from it to the end of the fault's window.
    static func failures(_ plan: SplitPlan) -> [PredictedFailure] {
        plan.faultWindows.compactMap { w, f in
            f.userImpactStartMs.map { PredictedFailure(id: f.id, kind: f.kind, startMs: $0, endMs: max($0, w.upperBound)) }
        }
    }

    /// One model's lead-time evaluations on one dataset's scored rows: at the run's Δt_l, then at each grid Δt_l.
    func leadTimeEvaluations(_ loaded: LoadedDataset, warnings: [Bool], ttf: [Double]?) throws -> [LeadTimeEvaluation] {
        guard let p = spec.prediction else { return [] }
        let trainRows = loaded.plan.trainRows
        let ts = Array(loaded.dataset.timestamps[trainRows...])
        let failures = Self.failures(loaded.plan)
        return try ([p.warningTimeMs] + p.leadGridMs).map { lead in
            try LeadTimeEvaluation(
                timestamps: ts, warnings: warnings, failures: failures,
                parameters: .init(warningTimeMs: lead, predictionPeriodMs: p.predictionPeriodMs), predictedTimeToFailureSeconds: ttf,
                stepMs: loaded.dataset.axis.stepMs)
        }
    }

    /// The records of `evaluations` (first: the run's Δt_l) for `model` on `loaded`.
    func leadTimeRecords(
        _ loaded: LoadedDataset, model: String, evaluations: [LeadTimeEvaluation], timeToFailure: Bool, policy: String, kind: String
    ) -> [MetricRecord] {
        guard let p = spec.prediction, let main = evaluations.first else { return [] }
        return LeadTimeEvaluation.records(
            dataset: loaded.label, seed: loaded.seed, model: model, main: main, grid: Array(evaluations.dropFirst()), timeToFailure: timeToFailure,
            base: [
                "threshold": policy, "horizon_s": String(p.horizonMs / 1000), "role": role(loaded), "model_kind": kind,
            ])
    }

    struct PredictionOutcome: Sendable {
        var records: [MetricRecord]
        var evaluations: [LeadTimeEvaluation]
        var policy: String
        var warnings: [String]
        /// Lines of `warnings.csv` (the run's Δt_l): every eligible warning row with its outcome.
        var warningLines: [String] = []
    }

    /// The file of every predictor's warning rows in the run folder.
    static let warningsFile = "warnings.csv"
    static let warningsHeader = "dataset,seed,predictor,row,timestamp_ms,score,outcome,failure,during"

    /// `warnings.csv` lines of one predictor on one dataset: each eligible warning row at the run's Δt_l, what it
    /// turned out to be, and the fault or benign change whose window (10 min before its start to 30 min after its
    /// end) holds it, so a user can see where false warnings fall.
    func warningLines(_ loaded: LoadedDataset, predictor: String, scores: [Double], evaluation: LeadTimeEvaluation) -> [String] {
        let trainRows = loaded.plan.trainRows
        let ts = loaded.dataset.timestamps
        var windows: [(Int64, Int64, String)] = loaded.plan.faultWindows.map {
            ($0.window.lowerBound, $0.window.upperBound, "\($0.fault.id):\($0.fault.kind)")
        }
        windows += loaded.plan.benign.map { ($0.startMs, $0.endMs, "\($0.id):\($0.kind)") }
        return evaluation.warnedRows.map { w in
            let t = ts[trainRows + w.row]
            let during = windows.filter { $0.0 - 600_000 <= t && t <= $0.1 + 1_800_000 }.map(\.2).joined(separator: " ")
            return [
                CSVExporter.field(loaded.label), loaded.seed.map(String.init) ?? "", CSVExporter.field(predictor), String(trainRows + w.row),
                String(t), String(scores[w.row]), w.outcome.rawValue, CSVExporter.field(w.failure ?? ""), CSVExporter.field(during),
            ].joined(separator: ",")
        }
    }

    /// Runs every predictor on every dataset (in parallel, collected in spec order).
    func runPredictors(_ datasets: [LoadedDataset], options: RunOptions) throws -> [[PredictionOutcome]] {
        guard let p = spec.prediction else { return [] }
        let inputs = try datasets.map {
            try PredictionInput(
                frame: $0.dataset.frame, series: $0.dataset.series, timestamps: $0.dataset.timestamps,
                memoryLimits: Self.memoryLimits($0.dataset.topology), logs: $0.dataset.logs)
        }
        let train = datasets.indices.filter { role(datasets[$0]) == "train" }
        let labelled = try train.map { i -> LabelledPredictionRun in
            let ts = datasets[i].dataset.timestamps
            let targets = try Self.targets(
                timestamps: ts, failures: Self.failures(datasets[i].plan), prediction: p, firstScored: datasets[i].plan.trainRows)
            return LabelledPredictionRun(input: inputs[i], targets: targets)
        }
        let units = datasets.indices.flatMap { d in p.predictors.indices.map { (d, $0) } }
        let flat = try ParallelFor.map(units.count, workers: options.jobs, missing: DataError("a prediction unit did not run")) { u in
            let (d, e) = units[u]
            return try runPredictor(
                p.predictors[e], datasets[d], input: inputs[d], labelled: labelled.enumerated().filter { train[$0.offset] != d }.map(\.element))
        }
        // Every predictor's warning rows, in spec order (datasets, then predictors), beside the reports.
        if let dir = options.stagingDir {
            let text = ([Self.warningsHeader] + flat.flatMap(\.warningLines)).joined(separator: "\n") + "\n"
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: dir.appendingPathComponent(Self.warningsFile))
        }
        return datasets.indices.map { d in p.predictors.indices.map { flat[d * p.predictors.count + $0] } }
    }

    /// Per row of a training run: whether a failure starts in `Win(t)` (METRICS §7); nil where the row is not eligible
    /// or lies in the fault-free training span.
    static func targets(timestamps ts: [Int64], failures: [PredictedFailure], prediction p: PredictionSpec, firstScored: Int) throws -> [Bool?] {
        guard let last = ts.last else { return [] }
        return ts.enumerated().map { t, time in
            guard t >= firstScored, time + p.warningTimeMs + p.predictionPeriodMs <= last,
                !failures.contains(where: { $0.startMs <= time && time <= $0.endMs })
            else { return nil }
            return failures.contains { $0.startMs >= time + p.warningTimeMs && $0.startMs <= time + p.warningTimeMs + p.predictionPeriodMs }
        }
    }

    func runPredictor(
        _ e: PredictionSpec.Entry, _ loaded: LoadedDataset, input: PredictionInput, labelled: [LabelledPredictionRun]
    ) throws -> PredictionOutcome {
        guard let p = spec.prediction else { return PredictionOutcome(records: [], evaluations: [], policy: "", warnings: []) }
        let d = try Self.predictors.descriptor(named: e.name)
        let trainRows = loaded.plan.trainRows
        var predictor = try Self.predictors.make(
            name: e.name, parameters: e.parameters, seed: loaded.seed ?? 0, settings: PredictorSettings(horizonMs: p.horizonMs))
        let out: PredictionScores
        do {
            try predictor.fit(PredictorTraining(normal: input.prefix(trainRows), labelled: labelled))
            out = try predictor.predict(input)
        } catch let error as ModelError {
            throw DataError("predictor '\(e.label)' on dataset '\(loaded.label)': \(error)")
        }
        guard out.scores.count == input.frame.rows else {
            throw DataError("predictor '\(e.label)' returned \(out.scores.count) scores for \(input.frame.rows) rows of '\(loaded.label)'")
        }
        var params = e.threshold?.parameters ?? d.defaultThreshold
        let policy = e.threshold?.policy ?? params.removeValue(forKey: "policy") ?? "fixed"
        var threshold = try ThresholdSpec(policy: policy, parameters: params)
        threshold.trainingDays =
            Double(loaded.dataset.timestamps[trainRows - 1] - loaded.dataset.timestamps[0] + loaded.dataset.axis.stepMs) / 86_400_000
        // A `for:` hold warns only when the score stays at or above θ on every held row: the scores become their
        // trailing minimum over the held rows before θ is chosen (AlertHold), as for the detectors.
        let held =
            threshold.holdMs > 0
            ? AlertHold.trailingMinimum(out.scores, rows: AlertHold.rows(holdMs: threshold.holdMs, stepMs: loaded.dataset.axis.stepMs))
            : out.scores
        let testScores = Array(held[trainRows...])
        let outcome = try threshold.apply(trainingScores: Array(held[0..<trainRows]), testScores: testScores) { _ in 0 }
        let warnings: [Bool] =
            if let theta = outcome.theta { testScores.map { $0 >= theta } } else { zip(testScores, outcome.thetas).map { $0 >= $1 } }
        let evaluations = try leadTimeEvaluations(loaded, warnings: warnings, ttf: out.timeToFailureSeconds.map { Array($0[trainRows...]) })
        let records = leadTimeRecords(
            loaded, model: e.label, evaluations: evaluations, timeToFailure: d.estimatesTimeToFailure, policy: outcome.description, kind: "predictor")
        let lines = evaluations.first.map { warningLines(loaded, predictor: e.label, scores: testScores, evaluation: $0) } ?? []
        return PredictionOutcome(
            records: records, evaluations: evaluations, policy: outcome.description, warnings: outcome.warnings, warningLines: lines)
    }

    /// Pooled records and the report's lead-time data: per model (predictors, then detectors) and role, the
    /// evaluations of every dataset of that role pooled (METRICS §7, "Pooled figures").
    func pooledPrediction(
        datasets: [LoadedDataset], models: [(label: String, kind: String, ttf: Bool, perDataset: [[LeadTimeEvaluation]])]
    ) -> (records: [MetricRecord], leadTimes: [ModelLeadTimes]) {
        guard let p = spec.prediction else { return ([], []) }
        var records: [MetricRecord] = []
        var leadTimes: [ModelLeadTimes] = []
        for role in ["test", "train"] {
            let members = datasets.indices.filter { self.role(datasets[$0]) == role }
            guard !members.isEmpty else { continue }
            let names = members.map { "\(datasets[$0].label)@\(datasets[$0].seed.map(String.init) ?? "-")" }.joined(separator: ",")
            for m in models {
                let runs = members.compactMap { m.perDataset.indices.contains($0) ? m.perDataset[$0] : nil }.filter { !$0.isEmpty }
                guard runs.count == members.count, let width = runs.first?.count else { continue }
                let pooled = (0..<width).compactMap { k in LeadTimeEvaluation.pooled(runs.map { $0[k] }) }
                guard let main = pooled.first else { continue }
                records += LeadTimeEvaluation.records(
                    dataset: "pooled (\(role) seeds)", seed: nil, model: m.label, main: main, grid: Array(pooled.dropFirst()), timeToFailure: m.ttf,
                    base: ["pooled": names, "horizon_s": String(p.horizonMs / 1000), "role": role, "model_kind": m.kind])
                let byLead = pooled.sorted { $0.parameters.warningTimeMs < $1.parameters.warningTimeMs }
                leadTimes.append(
                    ModelLeadTimes(
                        model: m.label, role: role, kind: m.kind, leadsSeconds: main.leads.map(\.seconds), leadKinds: main.leads.map(\.kind),
                        warningTimesSeconds: byLead.map { Double($0.parameters.warningTimeMs) / 1000 }, precision: byLead.map(\.precision.value),
                        recall: byLead.map(\.recall.value), runWarningTimeSeconds: Double(main.parameters.warningTimeMs) / 1000,
                        predictionPeriodSeconds: Double(main.parameters.predictionPeriodMs) / 1000))
            }
        }
        return (records, leadTimes)
    }

    /// The known memory limits of a dataset's entities (the simulator writes them; imports have none).
    static func memoryLimits(_ topology: Topology) -> [String: Double] {
        Dictionary(topology.entities.compactMap { e in e.memoryLimitBytes.map { (e.id, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}
