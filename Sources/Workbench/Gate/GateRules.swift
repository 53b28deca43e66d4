import Evaluation
import Foundation
import Telemetry
import Yams

/// A gate rules file (`gates.yaml`, docs/CI.md): which figures of a run must hold, against absolute bounds and
/// against a committed baseline.
///
/// Parsing checks every key (unknown keys with the nearest valid name), type and range and names the file,
/// line and key path of anything wrong (`SpecError`, exit 2).
public struct GateRules: Sendable, Equatable {
    /// Which way is better for a metric.
    public enum Direction: String, Sendable, CaseIterable {
        case higher
        case lower
    }

    /// What a broken rule does to the exit status.
    public enum Severity: String, Sendable, CaseIterable {
        /// Exit 1.
        case fail
        /// Reported, exit 0.
        case warn
    }

    /// The figures a rule applies to: globs (`*`, `?`, `[…]`) on the suite, the dataset (scenario) name, the
    /// model label and the metric identifier. Only overall figures are selected (not per-fault-type slices).
    public struct Selector: Sendable, Equatable {
        public var suite: String
        public var dataset: String
        public var model: String
        public var metric: String

        /// Whether a figure's key matches every glob.
        public func matches(suite s: String, dataset d: String, model m: String, metric x: String) -> Bool {
            Glob.matches(suite, s) && Glob.matches(dataset, d) && Glob.matches(model, m) && Glob.matches(metric, x)
        }
    }

    /// A bootstrap over seeds of the run's mean: a floor fails only when the upper confidence bound is below it
    /// (a ceiling only when the lower bound is above it).
    public struct Bootstrap: Sendable, Equatable {
        /// One-sided confidence level, in [0.5, 1).
        public var confidence: Double
        public var samples: Int
        public var seed: UInt64
    }

    /// One rule.
    public struct Rule: Sendable, Equatable {
        public var name: String
        /// The rule's line in the file.
        public var line: Int?
        public var select: Selector
        public var direction: Direction
        /// The value must be at least this (absolute).
        public var floor: Double?
        /// The value must be at most this (absolute).
        public var ceiling: Double?
        /// Relative tolerance against the baseline: a change counts only when worse by more than
        /// `tolerance · |baseline|` and by more than `noise`.
        public var tolerance: Double
        /// Absolute noise floor of a change.
        public var noise: Double
        public var severity: Severity
        /// Fewer seeds than this is a data error (exit 3): the rule would gate on too little.
        public var minSeeds: Int
        /// Whether the rule compares against the baseline when one is given.
        public var againstBaseline: Bool
        public var bootstrap: Bootstrap?
    }

    /// The file the rules were read from.
    public var source: String
    public var rules: [Rule]

    static let topKeys = ["description", "defaults", "rules"]
    static let ruleKeys = [
        "name", "description", "select", "direction", "floor", "ceiling", "tolerance", "noise", "severity", "min_seeds", "baseline", "bootstrap",
    ]
    static let defaultKeys = ["direction", "tolerance", "noise", "severity", "min_seeds", "baseline"]
    static let selectKeys = ["suite", "scenario", "dataset", "model", "metric"]
    /// Most rules in one file.
    public static let maxRules = 1000
    /// Largest rules file read: 1 MiB.
    public static let maxBytes = 1 << 20
    /// Largest relative tolerance: 100 (10,000 %).
    public static let maxTolerance = 100.0

    /// Reads and parses a rules file.
    ///
    /// - Throws: `SpecError` (exit 2) for a missing or unreadable file and for everything `parse` refuses.
    public static func load(path: String) throws -> GateRules {
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: maxBytes)
        } catch TelemetryError.missingFile {
            throw SpecError(file: path, keyPath: "", message: "cannot read the gate rules file", hint: "check the path (docs/CI.md has an example)")
        } catch let TelemetryError.io(_, reason) {
            throw SpecError(file: path, keyPath: "", message: "cannot read the gate rules file: \(reason)")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses rules from YAML text.
    ///
    /// - Throws: `SpecError` naming the line, column and key path.
    public static func parse(yaml: String, source: String) throws -> GateRules {
        let r = YAMLReader(file: source)
        let root = try r.root(yaml)
        let top = try r.mapping(root, "", allowed: topKeys, required: ["rules"])
        let defaults = try top["defaults"].map { try r.mapping($0, "defaults", allowed: defaultKeys) } ?? [:]
        guard let rulesNode = top["rules"] else { throw r.error(root, "rules", "missing required key 'rules'") }
        let nodes = try r.sequence(rulesNode, "rules")
        guard !nodes.isEmpty else { throw r.error(rulesNode, "rules", "at least one rule is needed") }
        guard nodes.count <= maxRules else { throw r.error(rulesNode, "rules", "\(nodes.count) rules, at most \(maxRules) are accepted") }
        var rules: [Rule] = []
        for (i, node) in nodes.enumerated() {
            let path = "rules[\(i)]"
            let m = try r.mapping(node, path, allowed: ruleKeys, required: ["name", "select"])
            // A key the rule does not set comes from `defaults:` (and is located there).
            func value(_ key: String) -> (node: Node, path: String)? {
                if let n = m[key] { return (n, "\(path).\(key)") }
                if let n = defaults[key] { return (n, "defaults.\(key)") }
                return nil
            }
            guard let nameNode = m["name"], let selectNode = m["select"] else { continue }
            let name = try r.string(nameNode, "\(path).name")
            guard !name.isEmpty, name.utf8.count <= 128, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw r.error(nameNode, "\(path).name", "a rule name is 1–128 bytes without control characters")
            }
            guard !rules.contains(where: { $0.name == name }) else {
                throw r.error(nameNode, "\(path).name", "rule '\(name)' appears twice", hint: "give each rule its own name")
            }
            let select = try selector(selectNode, "\(path).select", r)
            guard let d = value("direction") else {
                throw r.error(node, "\(path).direction", "missing required key 'direction' (higher or lower is better)")
            }
            let direction = try choice(Direction.self, d.node, d.path, r)
            let severity = try value("severity").map { try choice(Severity.self, $0.node, $0.path, r) } ?? .fail
            let floor = try m["floor"].map { try r.double($0, "\(path).floor") }
            let ceiling = try m["ceiling"].map { try r.double($0, "\(path).ceiling") }
            if let floor, let ceiling, floor > ceiling {
                throw r.error(m["ceiling"], "\(path).ceiling", "the ceiling \(ceiling) is below the floor \(floor)")
            }
            let tolerance = try value("tolerance").map { try bounded($0, 0...maxTolerance, r) } ?? 0
            let noise = try value("noise").map { try bounded($0, 0...Double.greatestFiniteMagnitude, r) } ?? 0
            let minSeeds =
                try value("min_seeds").map { v -> Int in
                    let n = try r.int(v.node, v.path)
                    guard (1...ExperimentSpec.maxSeeds).contains(n) else {
                        throw r.error(v.node, v.path, "must be between 1 and \(ExperimentSpec.maxSeeds)")
                    }
                    return n
                } ?? 1
            let against = try value("baseline").map { try boolean($0.node, $0.path, r) } ?? true
            var bootstrap: Bootstrap?
            if let b = m["bootstrap"] {
                let bm = try r.mapping(b, "\(path).bootstrap", allowed: ["confidence", "samples", "seed"])
                let confidence = try bm["confidence"].map { try r.double($0, "\(path).bootstrap.confidence") } ?? 0.95
                guard confidence >= 0.5, confidence < 1 else {
                    throw r.error(bm["confidence"], "\(path).bootstrap.confidence", "a one-sided confidence level in [0.5, 1)")
                }
                let samples = try bm["samples"].map { try r.int($0, "\(path).bootstrap.samples") } ?? 1000
                guard ExperimentSpec.bootstrapSamples.contains(samples) else {
                    throw r.error(
                        bm["samples"], "\(path).bootstrap.samples",
                        "use between \(ExperimentSpec.bootstrapSamples.lowerBound) and \(ExperimentSpec.bootstrapSamples.upperBound) resamples")
                }
                let seed = try bm["seed"].map { try r.seed($0, "\(path).bootstrap.seed") } ?? 1
                guard floor != nil || ceiling != nil else {
                    throw r.error(b, "\(path).bootstrap", "a bootstrap bound applies to a floor or a ceiling; the rule has neither")
                }
                guard minSeeds >= 2 else {
                    throw r.error(b, "\(path).bootstrap", "a bootstrap over seeds needs min_seeds of at least 2 (it is \(minSeeds))")
                }
                bootstrap = Bootstrap(confidence: confidence, samples: samples, seed: seed)
            }
            guard floor != nil || ceiling != nil || against else {
                throw r.error(node, path, "the rule checks nothing: give a floor, a ceiling, or leave 'baseline' on")
            }
            rules.append(
                Rule(
                    name: name, line: nameNode.mark?.line, select: select, direction: direction, floor: floor, ceiling: ceiling,
                    tolerance: tolerance, noise: noise, severity: severity, minSeeds: minSeeds, againstBaseline: against, bootstrap: bootstrap))
        }
        return GateRules(source: source, rules: rules)
    }

    static func selector(_ node: Node, _ path: String, _ r: YAMLReader) throws -> Selector {
        let m = try r.mapping(node, path, allowed: selectKeys, required: ["metric"])
        if m["scenario"] != nil, m["dataset"] != nil {
            throw r.error(node, path, "give 'scenario' or 'dataset' (the same thing), not both")
        }
        func glob(_ key: String) throws -> String {
            guard let n = m[key] else { return "*" }
            let text = try r.string(n, "\(path).\(key)")
            guard !text.isEmpty else { throw r.error(n, "\(path).\(key)", "an empty pattern matches nothing; use '*' for any") }
            return text
        }
        let metric = try glob("metric")
        if !Glob.hasWildcards(metric), !MetricID.isKnown(metric) {
            let known = MetricID.named.values.joined().sorted()
            throw r.error(
                m["metric"], "\(path).metric", "'\(metric)' is not a metric identifier\(NearestName.hint(metric, among: known))",
                hint: "identifiers: docs/METRICS.md §11 (a glob such as 'nab_*' is accepted too)")
        }
        return Selector(
            suite: try glob("suite"), dataset: try glob(m["dataset"] != nil ? "dataset" : "scenario"), model: try glob("model"), metric: metric)
    }

    static func choice<E: RawRepresentable & CaseIterable>(_: E.Type, _ node: Node, _ path: String, _ r: YAMLReader) throws -> E
    where E.RawValue == String {
        let text = try r.string(node, path)
        let names = E.allCases.map(\.rawValue)
        guard let v = E(rawValue: text) else {
            throw r.error(
                node, path, "unknown value '\(text)'\(NearestName.hint(text, among: names))", hint: "one of: \(names.joined(separator: ", "))")
        }
        return v
    }

    static func bounded(_ v: (node: Node, path: String), _ range: ClosedRange<Double>, _ r: YAMLReader) throws -> Double {
        let x = try r.double(v.node, v.path)
        guard range.contains(x) else {
            throw r.error(
                v.node, v.path,
                range.upperBound == .greatestFiniteMagnitude
                    ? "must be a finite number ≥ \(range.lowerBound)" : "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return x
    }

    static func boolean(_ node: Node, _ path: String, _ r: YAMLReader) throws -> Bool {
        guard case .scalar = node, let b = node.bool else { throw r.error(node, path, "expected true or false") }
        return b
    }
}

/// Shell-style globs (`*`, `?`, `[…]`), as `fnmatch(3)` without flags.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        pattern == "*" || fnmatch(pattern, text, 0) == 0
    }

    static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }
}
