import Foundation
import Models
import Reports
import Telemetry
import Yams

/// A root-cause experiment spec: a YAML file with an `rca:` section, run by `faultline evaluate SPEC` exactly as
/// `faultline rca` runs its flags, writing `rca.json`, `rca.md` and `report.html` into the run folder
/// (`Results/<name>/` unless `--out` names one). Suites live beside the detector suites
/// (`Scenarios/suites/sockshop-rca.yaml`, `nezha-rca.yaml`).
///
/// ```yaml
/// name: sockshop-rca
/// rca:
///   source: ../../../shared/datasets/sockshop-rcd   # a dataset folder or, for `simulated`, a scenario
///   suite: sockshop                 # sockshop | nezha | simulated (default: inferred from the folder)
///   rankers: [baro, nsigma]         # default: every registered ranker
///   params: {alpha: 0.1}            # applied to every chosen ranker that takes the key
///   seed: 1                         # random ranker, bootstrap (and the simulation for `simulated`)
///   resamples: 1000                 # bootstrap resamples over cases (0 = none)
///   offsets: [-60, 0, 60, 120]      # the tΔ curve, seconds
/// ```
public struct RootCauseSpec: Sendable, Equatable {
    public var name: String
    public var source: String
    public var suite: String?
    public var rankers: [String]
    public var parameters: [String: String]
    public var seed: UInt64
    public var resamples: Int
    public var offsets: [Int]

    static let topKeys = ["name", "description", "rca"]
    static let rcaKeys = ["source", "suite", "rankers", "params", "seed", "resamples", "offsets"]

    /// The root-cause spec of `yaml`, or nil when the document has no top-level `rca` key (an experiment spec).
    ///
    /// A relative `source` is taken relative to the spec's folder when it exists there, else from the working directory.
    /// - Throws: `SpecError` naming the line and key (exit 2): unknown keys, a bad name, an unknown suite or ranker,
    ///   offsets outside ±3600 s, resamples outside 0…100,000, an empty ranker list.
    public static func parse(yaml: String, source file: String) throws -> RootCauseSpec? {
        let r = YAMLReader(file: file)
        let root = try r.root(yaml)
        guard case let .mapping(m) = root else { return nil }
        guard m.keys.contains(where: { $0.string == "rca" }) else { return nil }
        let top = try r.mapping(root, "", allowed: topKeys, required: ["rca"])
        let name = try top["name"].map { try r.string($0, "name") } ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let reason = RunFolder.unsafeNameReason(name) {
            throw r.error(top["name"] ?? root, "name", "run name '\(name)' \(reason)", hint: "name the run with letters, digits, '-', '_' or '.'")
        }
        guard let rcaNode = top["rca"] else { return nil }
        let s = try r.mapping(rcaNode, "rca", allowed: rcaKeys, required: ["source"])
        guard let sourceNode = s["source"] else { return nil }
        var source = try r.string(sourceNode, "rca.source")
        if !source.hasPrefix("/"), !file.hasPrefix("<") {
            let candidate = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent().appendingPathComponent(source).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: candidate) { source = candidate }
        }
        let known = RootCauseRegistry.standard.names
        let rankers = try s["rankers"].map { node in
            try r.sequence(node, "rca.rankers").enumerated().map { i, n in
                let name = try r.string(n, "rca.rankers[\(i)]")
                guard known.contains(name) else {
                    throw r.error(
                        n, "rca.rankers[\(i)]", "unknown ranker '\(name)'\(NearestName.hint(name, among: known))",
                        hint: "`faultline models list` shows the root-cause rankers: \(known.joined(separator: ", "))")
                }
                return name
            }
        }
        let suites = RootCauseSuite.allCases.map(\.rawValue)
        let suite = try s["suite"].map { n in
            let name = try r.string(n, "rca.suite")
            guard suites.contains(name) else {
                throw r.error(
                    n, "rca.suite", "unknown suite '\(name)'\(NearestName.hint(name, among: suites))",
                    hint: "suites: \(suites.joined(separator: ", "))")
            }
            return name
        }
        if let rankers, rankers.isEmpty {
            throw r.error(s["rankers"], "rca.rankers", "list at least one ranker (or leave 'rankers' out for every registered one)")
        }
        let resamples = try s["resamples"].map { try r.int($0, "rca.resamples") } ?? 1000
        guard (0...100_000).contains(resamples) else {
            throw r.error(s["resamples"], "rca.resamples", "resamples must be between 0 and 100000, found \(resamples)")
        }
        var offsets = RootCauseSuite.defaultOffsets
        if let node = s["offsets"] {
            offsets = try r.sequence(node, "rca.offsets").enumerated().map { i, o in
                let v = try r.int(o, "rca.offsets[\(i)]")
                guard (-3600...3600).contains(v) else { throw r.error(o, "rca.offsets[\(i)]", "offset \(v) s is outside ±3600 s") }
                return v
            }
        }
        return RootCauseSpec(
            name: name, source: source, suite: suite, rankers: rankers ?? [],
            parameters: try s["params"].map { try r.parameters($0, "rca.params") } ?? [:],
            seed: try s["seed"].map { try r.seed($0, "rca.seed") } ?? 1, resamples: resamples, offsets: offsets)
    }

    /// Runs the spec: `RootCauseJob` with its settings, the report files written whole into the run folder.
    ///
    /// - Throws: what `RootCauseJob.run` throws (unknown suite, ranker or parameter: `UsageError`, exit 2; bad data:
    ///   exit 3).
    public func run(out: URL?, registry: RootCauseRegistry = .standard) throws -> (outcome: RootCauseJob.Outcome, folder: URL) {
        let folder = out ?? URL(fileURLWithPath: "Results").appendingPathComponent(name)
        let run = try RunFolder(destination: folder)
        let assignments = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let outcome = try RootCauseJob.run(
            folder: URL(fileURLWithPath: source), suite: suite, rankers: rankers, parameters: assignments, seed: seed, resamples: resamples,
            offsets: offsets, json: false, out: run.staging, registry: registry)
        try run.commit()
        var done = outcome
        done.output = done.output.replacingOccurrences(of: run.staging.path, with: run.destination.path)
        done.files = done.files.map { run.destination.appendingPathComponent($0.lastPathComponent) }
        return (done, run.destination)
    }
}
