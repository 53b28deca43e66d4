import Foundation
import Reports
import Simulator
import Telemetry
import Yams

/// An experiment: which datasets, which models, how to split, how to threshold.
///
/// Written in YAML under `Scenarios/suites/` (see `docs/EXPERIMENTS.md` for a complete example).
/// Parsing checks the shape (unknown keys with the nearest valid name, types, ranges) and
/// records where each model is declared, so that later checks of model names and parameters can
/// name the line too.
public struct ExperimentSpec: Sendable, Equatable {
    /// Where a dataset comes from.
    public enum DatasetSource: Sendable, Equatable {
        /// A built-in or file scenario simulated with each seed; `days` overrides its length, `intensity` (`drawn`,
        /// `mild`, `severe`) every fault's intensity.
        case scenario(name: String, seeds: [UInt64], days: Double?, intensity: FaultSpec.Intensity? = nil)
        /// A dataset folder written by `faultline simulate` or an importer.
        case stored(path: String)
        /// A foreign dataset read by an importer: `format` (`smd`), its folder, and per-format options
        /// (`machine` for SMD; `all` or a comma list).
        case imported(format: String, path: String, options: [String: String])
        /// A NAB-layout corpus (`data/`, `labels/combined_windows.json`), scored file by file under NAB's
        /// rules and with NAB's scorer (`NABSuite`); `files` keeps only files whose name contains one of
        /// the strings (nil = every file).
        case nab(path: String, files: [String]?)
    }

    /// How the rows are split into a fault-free training part and the scored rest.
    public enum Split: Sendable, Equatable {
        /// Train on the rows before the first fault or benign change, less a margin.
        case leadingFaultFree(marginMinutes: Double)
        /// Train on the first `hours` of the run (must hold no fault).
        case leadingHours(Double)
        /// Train on the rows the dataset itself declares as training data (SMD's train half).
        case declared
        /// The default when a spec names no split, and one that reads no ground truth: the dataset's declared
        /// training rows when it has them, otherwise the first 24 h of a run of at least 48 h, otherwise its
        /// first half. A fault inside the span so chosen is an error (the span is not moved to avoid it).
        case auto

        /// One line for reports.
        public var summary: String {
            switch self {
            case let .leadingFaultFree(margin):
                "leading-fault-free: up to \(Self.number(margin)) min before the first fault (uses ground truth)"
            case let .leadingHours(hours): "leading-hours: the first \(Self.number(hours)) h"
            case .declared: "declared: the dataset's own training rows"
            case .auto: "auto: the dataset's declared training rows, else the first 24 h (the first half of a run shorter than 48 h)"
            }
        }

        private static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
    }

    /// A model to evaluate, with its parameters as written.
    public struct ModelEntry: Sendable, Equatable {
        /// Registry name (`zscore`, `ewma`, …) or `external`.
        public var name: String
        /// Display name in reports (defaults to `name`; must be unique).
        public var label: String
        public var parameters: [String: String]
        /// Threshold policy override for this model.
        public var threshold: ThresholdEntry?
        /// What the model sees: the metric frame, or per-row counts of mined log templates.
        public var features: Features = .metrics
        /// For NAB corpora: how raw scores are mapped into [0, 1] (`auto`, `none`, `likelihood`, `squash`).
        public var calibration: String?
        /// Where the entry is in the spec, for error messages.
        public var line: Int?
        public var keyPath: String
    }

    /// The input a model scores.
    public enum Features: Sendable, Equatable {
        /// The dataset's metric frame.
        case metrics
        /// Log bodies mined into templates (Drain-style), counted per row over a trailing window of
        /// `windowMinutes` ending with the row's step — one column per template, causal by construction.
        case logs(windowMinutes: Double)
    }

    /// A threshold policy and its parameters as written (`policy: quantile`, `q: 0.995`).
    public struct ThresholdEntry: Sendable, Equatable {
        public var policy: String
        public var parameters: [String: String]
        public var line: Int?
        public var keyPath: String
    }

    public var name: String
    /// File the spec was read from (or `<builtin:NAME>`).
    public var source: String
    public var datasets: [DatasetSource]
    public var split: Split
    public var models: [ModelEntry]
    public var threshold: ThresholdEntry
    /// Seeds of the random-score baseline (METRICS.md §10: at least 5).
    public var randomBaselineSeeds: [UInt64]
    /// Rows of warm-up excluded from every metric at the start of the scored span.
    public var warmupRows: Int
    /// Bootstrap over events (B resamples, seed), when asked for with `bootstrap:`.
    public var bootstrap: (samples: Int, seed: UInt64)?
    /// Seeds a randomised model (Isolation Forest) runs with on every dataset; its figures are the mean
    /// (± std, min, max) over them (`model_seeds:`; METRICS.md §10).
    public var modelSeeds: [UInt64] = [1, 2, 3, 4, 5]
    /// Failure predictors and the lead-time parameters (`prediction:`, `predictors:`), when the spec has any.
    public var prediction: PredictionSpec?

    public static func == (a: ExperimentSpec, b: ExperimentSpec) -> Bool {
        a.name == b.name && a.source == b.source && a.datasets == b.datasets && a.split == b.split && a.models == b.models
            && a.threshold == b.threshold && a.randomBaselineSeeds == b.randomBaselineSeeds && a.warmupRows == b.warmupRows
            && a.bootstrap?.samples == b.bootstrap?.samples && a.bootstrap?.seed == b.bootstrap?.seed && a.modelSeeds == b.modelSeeds
            && a.prediction == b.prediction
    }

    /// Longest training span (and split margin) a spec may ask for: 366 days.
    static let maxSplitHours = 366.0 * 24
    /// Longest run a scenario dataset's `days` may ask for: 366 days, as the split spans.
    public static let maxDays = 366.0
    /// Most seeds in one list (`seeds`, `baselines.random_seeds`, `model_seeds`): each is a whole simulation or unit.
    public static let maxSeeds = 100
    /// Most entries under `datasets` and under `models`.
    public static let maxEntries = 1000
    /// Most warm-up rows (`warmup_rows`).
    public static let maxWarmupRows = 10_000_000
    /// Bootstrap resamples (`bootstrap.samples`): at least 100, at most 100,000.
    public static let bootstrapSamples = 100...100_000
    /// Longest log window (`log_window_minutes`): 366 days; it must not exceed the run either (checked on the data).
    public static let maxLogWindowMinutes = 366.0 * 24 * 60
    /// Largest spec file read: 16 MiB.
    public static let maxSpecBytes = 16 << 20
    /// The baselines every run adds under these names; no model may be labelled so.
    public static let baselineLabels = ["null", "random"]

    static let topKeys = [
        "name", "description", "datasets", "split", "models", "threshold", "baselines", "warmup_rows", "bootstrap", "model_seeds", "prediction",
        "predictors",
    ]

    /// Parses a spec from YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the document.
    ///   - source: file name used in error messages.
    /// - Throws: `SpecError` naming the line, column and key path.
    public static func parse(yaml: String, source: String) throws -> ExperimentSpec {
        let r = YAMLReader(file: source)
        let root = try r.root(yaml)
        let top = try r.mapping(root, "", allowed: topKeys, required: ["datasets"])
        let name = try top["name"].map { try r.string($0, "name") } ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        // The name is the run folder's (Results/<name>/): one plain path component, nothing that leaves Results/.
        if let reason = RunFolder.unsafeNameReason(name) {
            throw r.error(
                top["name"] ?? root, "name",
                top["name"] == nil ? "the run name taken from the file name, '\(name)', \(reason)" : "run name '\(name)' \(reason)",
                hint: "name the run with letters, digits, '-', '_' or '.' (e.g. name: my-run)")
        }

        var datasets: [DatasetSource] = []
        guard let datasetsNode = top["datasets"] else { throw r.error(root, "datasets", "missing required key 'datasets'") }
        let datasetNodes = try r.sequence(datasetsNode, "datasets")
        guard datasetNodes.count <= maxEntries else {
            throw r.error(datasetsNode, "datasets", "\(datasetNodes.count) entries, at most \(maxEntries) are accepted")
        }
        for (i, d) in datasetNodes.enumerated() {
            let path = "datasets[\(i)]"
            let m = try r.mapping(d, path, allowed: ["scenario", "seeds", "days", "intensity", "path", "import", "nab"])
            if let nab = m["nab"] {
                guard m.count == 1 else { throw r.error(d, path, "'nab' stands alone in its dataset entry") }
                let nm = try r.mapping(nab, "\(path).nab", allowed: ["path", "files"], required: ["path"])
                guard let pathNode = nm["path"] else { continue }
                let files = try nm["files"].map {
                    try r.sequence($0, "\(path).nab.files").enumerated().map { try r.string($0.element, "\(path).nab.files[\($0.offset)]") }
                }
                if let files, files.isEmpty {
                    throw r.error(nm["files"], "\(path).nab.files", "list at least one file name (or leave 'files' out for the whole corpus)")
                }
                datasets.append(.nab(path: try r.string(pathNode, "\(path).nab.path"), files: files))
            } else if let imp = m["import"] {
                guard m.count == 1 else { throw r.error(d, path, "'import' stands alone in its dataset entry") }
                let im = try r.mapping(imp, "\(path).import", allowed: ["format", "path", "machine"], required: ["format", "path"])
                guard let formatNode = im["format"], let pathNode = im["path"] else { continue }
                let format = try r.string(formatNode, "\(path).import.format")
                let formats = ["smd"]
                guard formats.contains(format) else {
                    throw r.error(
                        formatNode, "\(path).import.format", "unknown import format '\(format)'\(NearestName.hint(format, among: formats))",
                        hint: "formats: \(formats.joined(separator: ", "))")
                }
                var options: [String: String] = [:]
                if let machine = im["machine"] { options["machine"] = try r.string(machine, "\(path).import.machine") }
                datasets.append(.imported(format: format, path: try r.string(pathNode, "\(path).import.path"), options: options))
            } else if let s = m["scenario"] {
                guard m["path"] == nil else { throw r.error(d, path, "give either 'scenario' or 'path', not both") }
                let seeds =
                    try m["seeds"].map {
                        try r.sequence($0, "\(path).seeds").enumerated().map { try r.seed($0.element, "\(path).seeds[\($0.offset)]") }
                    } ?? [1]
                guard !seeds.isEmpty else { throw r.error(m["seeds"], "\(path).seeds", "at least one seed is needed") }
                try checkSeedCount(seeds, m["seeds"], "\(path).seeds", r)
                let days = try m["days"].map { try r.double($0, "\(path).days") }
                if let days, days <= 0 || days > maxDays {
                    throw r.error(m["days"], "\(path).days", "days must be positive and at most \(Int(maxDays))")
                }
                let intensity = try m["intensity"].map { node -> FaultSpec.Intensity in
                    let word = try r.string(node, "\(path).intensity")
                    guard let drawn = FaultSpec.Intensity(word: word) else {
                        throw r.error(
                            node, "\(path).intensity",
                            "unknown intensity '\(word)'\(NearestName.hint(word, among: FaultSpec.Intensity.words))",
                            hint:
                                "one of \(FaultSpec.Intensity.words.joined(separator: ", ")): every fault's strength drawn per seed from its kind's mixture"
                        )
                    }
                    return drawn
                }
                datasets.append(.scenario(name: try r.string(s, "\(path).scenario"), seeds: seeds, days: days, intensity: intensity))
            } else if let p = m["path"] {
                guard m["seeds"] == nil, m["days"] == nil, m["intensity"] == nil else {
                    throw r.error(d, path, "'seeds', 'days' and 'intensity' apply to scenarios, not stored datasets")
                }
                datasets.append(.stored(path: try r.string(p, "\(path).path")))
            } else {
                throw r.error(d, path, "a dataset needs 'scenario' or 'path'")
            }
        }
        guard !datasets.isEmpty else { throw r.error(datasetsNode, "datasets", "at least one dataset is needed") }

        var split = Split.auto
        if let s = top["split"] {
            let m = try r.mapping(s, "split", allowed: ["train", "margin_minutes", "hours"])
            let splits = ["auto", "leading-fault-free", "leading-hours", "declared"]
            let kind = try m["train"].map { try r.string($0, "split.train") } ?? "auto"
            switch kind {
            case "leading-fault-free":
                let margin = try m["margin_minutes"].map { try r.double($0, "split.margin_minutes") } ?? 30
                guard margin >= 0, margin <= Self.maxSplitHours * 60 else {
                    throw r.error(m["margin_minutes"], "split.margin_minutes", "must be between 0 and \(Int(Self.maxSplitHours * 60)) (366 days)")
                }
                split = .leadingFaultFree(marginMinutes: margin)
            case "leading-hours":
                guard let h = m["hours"] else { throw r.error(s, "split", "'leading-hours' needs 'hours'") }
                let hours = try r.double(h, "split.hours")
                guard hours > 0, hours <= Self.maxSplitHours else {
                    throw r.error(h, "split.hours", "must be positive and at most \(Int(Self.maxSplitHours)) (366 days)")
                }
                split = .leadingHours(hours)
            case "declared":
                split = .declared
            case "auto":
                split = .auto
            default:
                throw r.error(
                    m["train"], "split.train", "unknown split '\(kind)'\(NearestName.hint(kind, among: splits))",
                    hint: "valid splits: \(splits.joined(separator: ", "))")
            }
        }

        let threshold =
            try top["threshold"].map { try parseThreshold($0, "threshold", r) }
            ?? ThresholdEntry(policy: "quantile", parameters: ["q": "0.995"], line: nil, keyPath: "threshold")

        var prediction: PredictionSpec?
        if let p = top["predictors"] {
            prediction = try PredictionSpec.parse(prediction: top["prediction"], predictors: p, r)
        } else if top["prediction"] != nil {
            throw r.error(top["prediction"], "prediction", "'prediction' needs a 'predictors' list", hint: "add predictors: [{name: theil_sen}]")
        }
        if top["models"] == nil && prediction == nil { throw r.error(root, "models", "missing required key 'models'") }
        let modelsNode = top["models"] ?? root
        var models: [ModelEntry] = []
        let modelNodes = try top["models"].map { try r.sequence($0, "models") } ?? []
        guard modelNodes.count <= maxEntries else {
            throw r.error(modelsNode, "models", "\(modelNodes.count) entries, at most \(maxEntries) are accepted")
        }
        for (i, node) in modelNodes.enumerated() {
            let path = "models[\(i)]"
            let m = try r.mapping(
                node, path, allowed: ["name", "label", "params", "threshold", "features", "log_window_minutes", "calibration"], required: ["name"])
            guard let nameNode = m["name"] else { continue }
            let modelName = try r.string(nameNode, "\(path).name")
            let params = try m["params"].map { try r.parameters($0, "\(path).params") } ?? [:]
            let label = try m["label"].map { try r.string($0, "\(path).label") } ?? modelName
            let labelKey = m["label"] == nil ? "\(path).name" : "\(path).label"
            if let reason = RunFolder.unsafeLabelReason(label) {
                throw r.error(
                    m["label"] ?? nameNode, labelKey, "model label '\(Self.shown(label))' \(reason)", hint: "give the model a plain 'label'")
            }
            guard !baselineLabels.contains(label) else {
                throw r.error(
                    m["label"] ?? nameNode, labelKey, "model label '\(label)' is a baseline's name (null and random are added to every run)",
                    hint: m["label"] == nil
                        ? "the baselines are always reported; to run '\(label)' again, give it a distinct 'label'" : "choose another label")
            }
            guard !models.contains(where: { $0.label == label }) else {
                throw r.error(node, path, "model '\(label)' appears twice", hint: "give one of them a distinct 'label'")
            }
            let t = try m["threshold"].map { try parseThreshold($0, "\(path).threshold", r) }
            var features = Features.metrics
            let source = try m["features"].map { try r.string($0, "\(path).features") } ?? "metrics"
            switch source {
            case "metrics":
                if m["log_window_minutes"] != nil {
                    throw r.error(m["log_window_minutes"], "\(path).log_window_minutes", "applies to 'features: logs' only")
                }
            case "logs":
                let minutes = try m["log_window_minutes"].map { try r.double($0, "\(path).log_window_minutes") } ?? 5
                guard minutes > 0, minutes <= maxLogWindowMinutes else {
                    throw r.error(
                        m["log_window_minutes"], "\(path).log_window_minutes", "must be positive and at most \(Int(maxLogWindowMinutes)) (366 days)")
                }
                features = .logs(windowMinutes: minutes)
            default:
                throw r.error(
                    m["features"], "\(path).features", "unknown features '\(source)'\(NearestName.hint(source, among: ["metrics", "logs"]))",
                    hint: "features: metrics (default) or logs")
            }
            var calibration: String?
            if let c = m["calibration"] {
                let value = try r.string(c, "\(path).calibration")
                let known = NABCalibration.allCases.map(\.rawValue)
                guard known.contains(value) else {
                    throw r.error(
                        c, "\(path).calibration", "unknown calibration '\(value)'\(NearestName.hint(value, among: known))",
                        hint: "calibrations: \(known.joined(separator: ", "))")
                }
                calibration = value
            }
            models.append(
                ModelEntry(
                    name: modelName, label: label, parameters: params, threshold: t, features: features,
                    calibration: calibration, line: nameNode.mark?.line, keyPath: "\(path).name"))
        }
        guard !models.isEmpty || prediction != nil else { throw r.error(modelsNode, "models", "at least one model is needed") }

        var randomSeeds: [UInt64] = [1, 2, 3, 4, 5]
        if let b = top["baselines"] {
            let m = try r.mapping(b, "baselines", allowed: ["random_seeds"])
            if let s = m["random_seeds"] {
                randomSeeds = try r.sequence(s, "baselines.random_seeds").enumerated().map {
                    try r.seed($0.element, "baselines.random_seeds[\($0.offset)]")
                }
                guard !randomSeeds.isEmpty else { throw r.error(s, "baselines.random_seeds", "at least one seed is needed") }
                try checkSeedCount(randomSeeds, s, "baselines.random_seeds", r)
            }
        }
        let warmup = try top["warmup_rows"].map { try r.int($0, "warmup_rows") } ?? 0
        guard warmup >= 0, warmup <= maxWarmupRows else {
            throw r.error(top["warmup_rows"], "warmup_rows", "must be between 0 and \(maxWarmupRows)")
        }

        var bootstrap: (samples: Int, seed: UInt64)?
        if let b = top["bootstrap"] {
            let m = try r.mapping(b, "bootstrap", allowed: ["samples", "seed"])
            let samples = try m["samples"].map { try r.int($0, "bootstrap.samples") } ?? 1000
            guard bootstrapSamples.contains(samples) else {
                throw r.error(
                    m["samples"], "bootstrap.samples",
                    "use between \(bootstrapSamples.lowerBound) and \(bootstrapSamples.upperBound) resamples, got \(samples)")
            }
            bootstrap = (samples, try m["seed"].map { try r.seed($0, "bootstrap.seed") } ?? 1)
        }
        var modelSeeds: [UInt64] = [1, 2, 3, 4, 5]
        if let s = top["model_seeds"] {
            modelSeeds = try r.sequence(s, "model_seeds").enumerated().map { try r.seed($0.element, "model_seeds[\($0.offset)]") }
            guard !modelSeeds.isEmpty else { throw r.error(s, "model_seeds", "at least one seed is needed") }
            try checkSeedCount(modelSeeds, s, "model_seeds", r)
            guard Set(modelSeeds).count == modelSeeds.count else { throw r.error(s, "model_seeds", "seeds must differ") }
        }
        try checkNAB(top: top, datasets: datasets, models: models, modelNodes: modelNodes, r)
        datasets = datasets.map { resolvePaths($0, specSource: source) }
        if prediction != nil, datasets.contains(where: { if case .nab = $0 { return true } else { return false } }) {
            throw r.error(top["predictors"], "predictors", "a NAB corpus has no failures to predict")
        }
        return ExperimentSpec(
            name: name, source: source, datasets: datasets, split: split, models: models, threshold: threshold,
            randomBaselineSeeds: randomSeeds, warmupRows: warmup, bootstrap: bootstrap, modelSeeds: modelSeeds, prediction: prediction)
    }

    static func checkSeedCount(_ seeds: [UInt64], _ node: Node?, _ path: String, _ r: YAMLReader) throws {
        guard seeds.count <= maxSeeds else {
            throw r.error(node, path, "\(seeds.count) seeds, at most \(maxSeeds) are accepted (each is a whole simulation or run)")
        }
    }

    /// A string as quoted in a message: at most 60 characters, control characters escaped.
    static func shown(_ s: String) -> String {
        let cut = s.count > 60 ? String(s.prefix(60)) + "…" : s
        return cut.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    /// A NAB corpus is scored under NAB's own rules (probation, corpus threshold sweep), so it stands
    /// alone and takes no split, threshold, warm-up or bootstrap; `calibration` applies to NAB only.
    static func checkNAB(top: [String: Node], datasets: [DatasetSource], models: [ModelEntry], modelNodes: [Node], _ r: YAMLReader) throws {
        let isNAB = datasets.contains { if case .nab = $0 { return true } else { return false } }
        guard isNAB else {
            for (i, m) in models.enumerated() where m.calibration != nil {
                throw r.error(modelNodes[i], "models[\(i)].calibration", "'calibration' applies to NAB corpora only")
            }
            return
        }
        guard datasets.count == 1 else {
            throw r.error(
                top["datasets"], "datasets", "a NAB corpus is scored under NAB's rules and must be the only dataset of its spec",
                hint: "put other datasets in a spec of their own")
        }
        for key in ["split", "threshold", "warmup_rows", "bootstrap"] where top[key] != nil {
            throw r.error(
                top[key], key, "'\(key)' does not apply to a NAB corpus (NAB fixes the probation and sweeps the corpus threshold)",
                hint: "remove '\(key)'")
        }
        for (i, m) in models.enumerated() {
            if m.threshold != nil {
                throw r.error(modelNodes[i], "models[\(i)].threshold", "'threshold' does not apply to a NAB corpus", hint: "remove it")
            }
            if m.features != .metrics {
                throw r.error(modelNodes[i], "models[\(i)].features", "a NAB corpus has metrics only", hint: "remove 'features'")
            }
        }
    }

    static func parseThreshold(_ node: Node, _ path: String, _ r: YAMLReader) throws -> ThresholdEntry {
        guard case let .mapping(m) = node else { throw r.error(node, path, "expected a mapping with 'policy'") }
        var policy: String?
        var params: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.string else { throw r.error(k, path, "keys must be strings") }
            let value = try r.string(v, "\(path).\(key)")
            if key == "policy" { policy = value } else { params[key] = value }
        }
        guard let policy else { throw r.error(node, path, "missing required key 'policy'") }
        return ThresholdEntry(policy: policy, parameters: params, line: node.mark?.line, keyPath: path)
    }

    /// Reads and parses a spec file.
    ///
    /// - Throws: `SpecError` (exit 2) for a missing file, one that is not a regular file (a FIFO would block the
    ///   read forever) or is longer than `maxSpecBytes`, and for everything `parse` refuses.
    public static func load(path: String) throws -> ExperimentSpec {
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: maxSpecBytes)
        } catch TelemetryError.missingFile {
            throw SpecError(
                file: path, keyPath: "", message: "cannot read the experiment spec",
                hint: "check the path; built-in suites: \(BuiltinSuites.names.joined(separator: ", "))")
        } catch let TelemetryError.io(_, reason) {
            throw SpecError(file: path, keyPath: "", message: "cannot read the experiment spec: \(reason)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    /// A relative scenario or dataset path that does not exist from the working directory is taken
    /// relative to the spec's own folder, so specs can name files beside them.
    static func resolvePaths(_ d: DatasetSource, specSource: String) -> DatasetSource {
        func resolve(_ p: String) -> String {
            guard !p.hasPrefix("/"), !FileManager.default.fileExists(atPath: p), !specSource.hasPrefix("<") else { return p }
            let candidate = URL(fileURLWithPath: specSource).deletingLastPathComponent().appendingPathComponent(p).path
            return FileManager.default.fileExists(atPath: candidate) ? candidate : p
        }
        switch d {
        case let .scenario(name, seeds, days, intensity):
            return .scenario(
                name: name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? resolve(name) : name, seeds: seeds, days: days, intensity: intensity)
        case let .stored(path):
            return .stored(path: resolve(path))
        case let .imported(format, path, options):
            return .imported(format: format, path: resolve(path), options: options)
        case let .nab(path, files):
            return .nab(path: resolve(path), files: files)
        }
    }
}
