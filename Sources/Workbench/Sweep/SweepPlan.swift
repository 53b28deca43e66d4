import Foundation
import Simulator
import Telemetry
import Yams

/// A sweep (`Scenarios/sweeps/*.yaml`, docs/scale-out.md) expanded into work units: scenarios × seeds × models ×
/// parameter grids. Each unit is a complete one-dataset, one-model experiment spec; its id is the SHA-256 of that
/// spec's canonical text, so the same unit has the same id in every plan.
public struct SweepPlan: Sendable, Equatable {
    /// One unit of work.
    public struct Unit: Codable, Sendable, Equatable {
        /// Position in the plan (shards take `index % count == shard`).
        public var index: Int
        /// First 16 hex digits of the SHA-256 of `spec`.
        public var id: String
        public var dataset: String
        public var seed: UInt64
        /// The model's label in the merged results (`zscore(window=60)` for a grid point).
        public var model: String
        /// Rows simulated and scored (duration / step of the scenario).
        public var rows: Int
        /// Model runs in the unit: the model seeds for a randomised model, else 1 (the baselines add 6 cheap runs).
        public var modelRuns: Int
        /// Relative cost: rows × (model runs + 1 for the simulation).
        public var cost: Int
        /// The unit's experiment spec (YAML), canonical.
        public var spec: String
    }

    /// The sweep's name (the merged run's suite is the sweep file's base name).
    public var name: String
    /// The sweep file.
    public var source: String
    public var units: [Unit]

    static let topKeys = ["name", "description", "datasets", "split", "threshold", "models", "baselines", "warmup_rows", "model_seeds"]
    /// Most units in one plan.
    public static let maxUnits = 1_000_000

    /// Reads a sweep file and expands it.
    ///
    /// - Throws: `SpecError` (exit 2) naming file, line and key for anything malformed, and for a unit whose spec
    ///   the experiment runner refuses (unknown model, parameter out of range, unknown scenario).
    public static func load(path: String) throws -> SweepPlan {
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: ExperimentSpec.maxSpecBytes)
        } catch TelemetryError.missingFile {
            throw SpecError(file: path, keyPath: "", message: "cannot read the sweep file")
        } catch let TelemetryError.io(_, reason) {
            throw SpecError(file: path, keyPath: "", message: "cannot read the sweep file: \(reason)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Expands a sweep document.
    public static func parse(yaml: String, source: String) throws -> SweepPlan {
        let r = YAMLReader(file: source)
        let root = try r.root(yaml)
        let top = try r.mapping(root, "", allowed: topKeys, required: ["datasets", "models"])
        let name = try top["name"].map { try r.string($0, "name") } ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        // The parts every unit shares, as canonical flow text.
        var shared = ""
        for key in ["split", "threshold", "baselines", "warmup_rows", "model_seeds"] {
            if let n = top[key] { shared += "\(key): \(try flow(n, key, r))\n" }
        }
        struct Dataset {
            var scenario: String
            var seeds: [UInt64]
            var days: Double?
        }
        var datasets: [Dataset] = []
        guard let dn = top["datasets"] else { throw r.error(root, "datasets", "missing required key 'datasets'") }
        for (i, d) in try r.sequence(dn, "datasets").enumerated() {
            let path = "datasets[\(i)]"
            let m = try r.mapping(d, path, allowed: ["scenario", "seeds", "days"], required: ["scenario"])
            guard let s = m["scenario"] else { continue }
            let seeds =
                try m["seeds"].map { try r.sequence($0, "\(path).seeds").enumerated().map { try r.seed($0.element, "\(path).seeds[\($0.offset)]") } }
                ?? [1]
            guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
                throw r.error(m["seeds"], "\(path).seeds", "give one or more distinct seeds")
            }
            datasets.append(
                Dataset(scenario: try r.string(s, "\(path).scenario"), seeds: seeds, days: try m["days"].map { try r.double($0, "\(path).days") }))
        }
        struct Model {
            var text: String
            var label: String
            var name: String
        }
        var models: [Model] = []
        guard let mn = top["models"] else { throw r.error(root, "models", "missing required key 'models'") }
        for (i, node) in try r.sequence(mn, "models").enumerated() {
            let path = "models[\(i)]"
            let m = try r.mapping(node, path, allowed: ["name", "label", "params", "grid", "threshold"], required: ["name"])
            guard let nameNode = m["name"] else { continue }
            let modelName = try r.string(nameNode, "\(path).name")
            let base = try m["label"].map { try r.string($0, "\(path).label") } ?? modelName
            let fixed = try m["params"].map { try r.parameters($0, "\(path).params") } ?? [:]
            var grid: [(String, [String])] = []
            if let g = m["grid"] {
                guard case let .mapping(gm) = g else { throw r.error(g, "\(path).grid", "expected a mapping of parameter: [values]") }
                for (k, v) in gm {
                    guard let key = k.string else { throw r.error(k, "\(path).grid", "keys must be strings") }
                    let values = try r.sequence(v, "\(path).grid.\(key)").enumerated().map {
                        try r.string($0.element, "\(path).grid.\(key)[\($0.offset)]")
                    }
                    guard !values.isEmpty else { throw r.error(v, "\(path).grid.\(key)", "list at least one value") }
                    guard fixed[key] == nil else { throw r.error(k, "\(path).grid.\(key)", "'\(key)' is in both params and grid") }
                    grid.append((key, values))
                }
                grid.sort { $0.0 < $1.0 }
            }
            let threshold = try m["threshold"].map { try flow($0, "\(path).threshold", r) }
            var points: [[(String, String)]] = [[]]
            for (key, values) in grid { points = points.flatMap { p in values.map { p + [(key, $0)] } } }
            for point in points {
                let label = point.isEmpty ? base : "\(base)(\(point.map { "\($0.0)=\($0.1)" }.joined(separator: ",")))"
                var params = fixed
                for (k, v) in point { params[k] = v }
                var text = "  - {name: \(scalar(modelName)), label: \(scalar(label))"
                if !params.isEmpty {
                    text +=
                        ", params: {" + params.sorted { $0.key < $1.key }.map { "\(scalar($0.key)): \(scalar($0.value))" }.joined(separator: ", ")
                        + "}"
                }
                if let threshold { text += ", threshold: \(threshold)" }
                text += "}\n"
                models.append(Model(text: text, label: label, name: modelName))
            }
        }
        var units: [Unit] = []
        var validated = Set<String>()
        for d in datasets {
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader.resolve(d.scenario, overrides: ScenarioOverrides(days: d.days))
            } catch let e as ScenarioError {
                throw SpecError(file: source, keyPath: "datasets", message: "\(e)", hint: "`faultline scenarios list` shows the built-in scenarios")
            }
            let rows = Int(max(1, scenario.durationMs / max(1, scenario.stepMs)))
            for seed in d.seeds {
                for m in models {
                    var spec = "name: \(scalar(name))\ndatasets:\n  - {scenario: \(scalar(d.scenario)), seeds: [\(seed)]"
                    if let days = d.days { spec += ", days: \(days)" }
                    spec += "}\n" + shared + "models:\n" + m.text
                    let parsed: ExperimentSpec
                    do {
                        parsed = try ExperimentSpec.parse(yaml: spec, source: "<sweep unit>")
                        // Model and parameter checks once per model text (the dataset does not change them).
                        if validated.insert(m.text).inserted { try ExperimentRunner(spec: parsed).validate() }
                    } catch let e as SpecError {
                        throw SpecError(
                            file: source, keyPath: "models", message: "unit '\(m.label)' on \(d.scenario) seed \(seed): \(e.message)", hint: e.hint)
                    }
                    let runs = ExperimentRunner(spec: parsed).isRandomised(parsed.models[0]) ? parsed.modelSeeds.count : 1
                    guard units.count < maxUnits else { throw SpecError(file: source, keyPath: "models", message: "more than \(maxUnits) units") }
                    units.append(
                        Unit(
                            index: units.count, id: String(FileDigest.sha256(text: spec).prefix(16)), dataset: scenario.name, seed: seed,
                            model: m.label, rows: rows, modelRuns: runs, cost: rows * (runs + 1), spec: spec))
                }
            }
        }
        guard !units.isEmpty else { throw SpecError(file: source, keyPath: "models", message: "the sweep has no units") }
        let ids = Set(units.map(\.id))
        guard ids.count == units.count else {
            throw SpecError(file: source, keyPath: "models", message: "two units have the same spec (a model or seed is listed twice)")
        }
        return SweepPlan(name: name, source: source, units: units)
    }

    /// A node as canonical YAML flow text: mappings with sorted keys, sequences, plain or quoted scalars.
    static func flow(_ node: Node, _ path: String, _ r: YAMLReader) throws -> String {
        switch node {
        case let .scalar(s): return scalar(s.string)
        case let .sequence(seq):
            return "[" + (try seq.enumerated().map { try flow($0.element, "\(path)[\($0.offset)]", r) }).joined(separator: ", ") + "]"
        case let .mapping(m):
            var pairs: [(String, String)] = []
            for (k, v) in m {
                guard let key = k.string else { throw r.error(k, path, "keys must be strings") }
                pairs.append((key, try flow(v, "\(path).\(key)", r)))
            }
            return "{" + pairs.sorted { $0.0 < $1.0 }.map { "\(scalar($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        case .alias: throw r.error(node, path, "aliases are not accepted in sweeps")
        }
    }

    /// A scalar written plain when it is a plain word or number, else double-quoted (JSON escapes).
    static func scalar(_ s: String) -> String {
        let plain =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-+".unicodeScalars.contains($0))
            }
            && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased())
        if plain { return s }
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `units.jsonl`: one unit per line, sorted keys.
    public func renderUnits() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for u in units {
            var line = try encoder.encode(SweepUnitLine(sweep: name, source: source, unit: u))
            line.append(0x0A)
            out.append(line)
        }
        return out
    }

    /// Reads `units.jsonl`.
    ///
    /// - Throws: `DataError` (exit 3) naming the file and line for anything that is not a unit line in order.
    public static func readUnits(_ path: String) throws -> SweepPlan {
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: 1 << 30)
        } catch {
            throw DataError("cannot read the units file: \(error) (\(path))")
        }
        var units: [Unit] = []
        var name = "", source = ""
        for (i, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            guard let u = try? JSONDecoder().decode(SweepUnitLine.self, from: Data(line)) else {
                throw DataError("not a sweep unit (\(path):\(i + 1))", hint: "write the file with `faultline sweep plan`")
            }
            guard u.unit.index == units.count, u.unit.id == String(FileDigest.sha256(text: u.unit.spec).prefix(16)) else {
                throw DataError("unit \(u.unit.id) has a wrong index or id (\(path):\(i + 1))", hint: "re-plan; do not edit units.jsonl by hand")
            }
            if units.isEmpty {
                name = u.sweep
                source = u.source
            }
            units.append(u.unit)
        }
        guard !units.isEmpty else { throw DataError("no units in \(path)") }
        return SweepPlan(name: name, source: source, units: units)
    }
}

/// One line of `units.jsonl`.
struct SweepUnitLine: Codable {
    var sweep: String
    var source: String
    var unit: SweepPlan.Unit
}
