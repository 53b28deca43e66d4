import Evaluation
import Foundation
import Interop
import Models
import Reports
import Simulator
import Telemetry

/// A labelled incident: the case a ranker sees, and the answer it does not.
public struct LabelledIncident: Sendable {
    public var incident: IncidentCase
    public var faultType: String
    public var truth: Set<String>
}

/// The root-cause suites `faultline rca` knows.
public enum RootCauseSuite: String, CaseIterable, Sendable {
    /// sockshop-rcd: 50 Sock Shop cases, README replay protocol.
    case sockshop
    /// nezha-metrics: 56 Online Boutique faults in day-long per-minute streams, ranked at the injection time.
    case nezha
    /// A simulator scenario (built-in name or YAML path), simulated in memory: one case per injected fault.
    case simulated

    /// The offsets tΔ (seconds) of the curve `faultline rca` prints by default.
    public static let defaultOffsets = [-60, -30, 0, 30, 60, 90, 120]

    /// The suite of a folder: `sockshop` when it holds `cases.csv`, `nezha` for the Nezha layout, `simulated`
    /// for a built-in scenario name or a `.yaml` file.
    ///
    /// - Throws: `UsageError` when the folder is missing or its suite cannot be told.
    public static func infer(_ folder: URL) throws -> RootCauseSuite {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory)
        if !isDirectory.boolValue, BuiltinScenarios.names.contains(folder.lastPathComponent) && !exists || folder.pathExtension == "yaml" && exists {
            return .simulated
        }
        guard exists, isDirectory.boolValue else {
            throw UsageError("no dataset folder \(folder.path)", hint: "a sockshop-rcd or nezha-metrics folder, or a scenario name")
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("cases.csv").path) { return .sockshop }
        if NezhaReader.days(at: folder) != nil { return .nezha }
        throw UsageError("cannot tell the suite of \(folder.path)", hint: "give --suite \(allCases.map(\.rawValue).joined(separator: "|"))")
    }

    /// What the reader does to the data.
    public var preprocessing: String {
        switch self {
        case .sockshop:
            return "last \(SockShopReader.normalWindow) rows of normal.csv, first \(SockShopReader.incidentWindow) of anomalous.csv, "
                + "concatenated on a 1 s axis with the injection at the first anomalous row; time, *_lat_50, *_lat_99 and columns constant in "
                + "either tΔ = 0 window dropped; *_mem / 1e6 (sockshop-rcd README); at tΔ the normal window is the 300 s before the told time, "
                + "the incident window the 300 s from it; call graph = the documented Sock Shop architecture (Interop.SockShopTopology)"
        case .nezha: return NezhaIncidents.preprocessing
        case .simulated: return SimulatedIncidents.preprocessing
        }
    }

    /// Reads the source's cases as timelines (windows cut later, per offset).
    ///
    /// - Throws: the reader's `InteropError` naming file and line; `ScenarioError` for a bad scenario.
    func timelines(_ source: URL, seed: UInt64?) throws -> (label: String, timelines: [IncidentTimeline]) {
        switch self {
        case .sockshop:
            let cases = try SockShopReader.read(source).map { c in
                IncidentTimeline(
                    id: c.id, faultType: c.fault, truth: [c.rootCause], timestamps: (0..<c.frame.rows).map { Int64($0) * 1000 }, frame: c.frame,
                    series: c.series, candidates: c.services, topology: SockShopTopology.topology(services: c.services),
                    injectMs: Int64(c.normalRows) * 1000, normalSpanMs: Int64(SockShopReader.normalWindow) * 1000,
                    incidentSpanMs: Int64(SockShopReader.incidentWindow) * 1000)
            }
            return ("sockshop", cases)
        case .nezha: return ("nezha", try NezhaIncidents.load(source))
        case .simulated: return try SimulatedIncidents.load(source.relativePath, seed: seed)
        }
    }

    /// Reads the source's cases at tΔ = 0.
    ///
    /// - Throws: the reader's `InteropError` naming file and line; `RootCauseError` for a case whose window is empty.
    public func load(_ folder: URL) throws -> [LabelledIncident] {
        try timelines(folder, seed: nil).timelines.map { try $0.incident(offsetMs: 0) }
    }
}

/// `faultline rca DIR`: load a suite's cases, run every ranker on every case, score, summarise, render,
/// and write `rca.json` and `rca.md` when asked.
public enum RootCauseJob {
    public struct Outcome: Sendable {
        public var output: String
        public var files: [URL]
        public var report: RootCauseReport
        /// Cases not ranked at tΔ = 0 (cut or ranker errors): the command exits 3 when there are any. Cases
        /// that cannot be cut at another offset of the curve (a fault at the very start of the data) are
        /// listed in the report but do not fail the run.
        public var failureCount: Int { report.failures.filter { $0.offsetSeconds == 0 }.count }
    }

    /// Runs the suite.
    ///
    /// - Parameters:
    ///   - folder: the dataset folder (or, for `simulated`, the scenario name or YAML path).
    ///   - suite: `sockshop`, `nezha`, `simulated`; nil infers it.
    ///   - rankers: registered ranker names (empty = all).
    ///   - parameters: `key=value` assignments applied to every ranker that takes the key.
    ///   - seed: the random ranker's and the bootstrap's seed (and the simulation's, for `simulated`).
    ///   - resamples: bootstrap resamples (0 = no intervals).
    ///   - offsets: the tΔ curve's offsets in seconds (the tables are at tΔ = 0).
    ///   - detected: a replay's `detections.csv` (or its run folder): the suite's faults it covers are ranked again
    ///     at `detector`'s alarm times (`RootCauseCoupled`).
    ///   - detector: the model of the detections file whose alarms count (nil: the file's only model).
    /// - Throws: `UsageError` (exit 2) for an unknown suite, ranker or parameter; the reader's errors (exit 3
    ///   for bad content, naming file and line). A case a ranker cannot rank (`RootCauseError`) is listed in
    ///   the report's failures and the other cases are scored.
    public static func run(
        folder: URL, suite: String?, rankers: [String], parameters: [String] = [], seed: UInt64 = 1, resamples: Int = 1000,
        offsets: [Int] = RootCauseSuite.defaultOffsets, json: Bool, out: URL?, registry: RootCauseRegistry = .standard,
        detected: URL? = nil, detector: String? = nil
    ) throws -> Outcome {
        let chosen: RootCauseSuite
        if let suite {
            guard let s = RootCauseSuite(rawValue: suite) else {
                let names = RootCauseSuite.allCases.map(\.rawValue)
                throw UsageError("unknown suite '\(suite)'\(NearestName.hint(suite, among: names))", hint: "suites: \(names.joined(separator: ", "))")
            }
            chosen = s
        } else {
            chosen = try RootCauseSuite.infer(folder)
        }
        for o in offsets where !(-3600...3600).contains(o) { throw UsageError("offset \(o) s is outside ±3600 s", hint: "e.g. --offsets -60,0,60") }
        let (label, timelines) = try chosen.timelines(folder, seed: chosen == .simulated ? seed : nil)
        guard !timelines.isEmpty else { throw DataError("\(folder.path): the suite lists no cases") }
        // Trace rankers run where the cases carry spans: left out of "every ranker" otherwise, refused when named.
        let hasSpans = timelines.contains { !$0.spans.isEmpty }
        var chosenNames = rankers.isEmpty ? registry.names : rankers
        if !hasSpans {
            let tracing = registry.descriptors.filter(\.needsTraces).map(\.name)
            if let named = rankers.first(where: { tracing.contains($0) }) {
                throw UsageError(
                    "ranker '\(named)' reads spans, and the \(chosen.rawValue) suite has no traces", hint: "use it on a simulated scenario")
            }
            chosenNames.removeAll { tracing.contains($0) }
        }
        let made = try makeRankers(chosenNames, parameters: parameters, seed: seed, registry: registry)
        let names = made.map(\.0)
        let detections = try detected.map { try DetectedTimes(file: $0, detector: detector, timelines: timelines) }
        if detected == nil, let detector { throw UsageError("--detector \(detector) needs --detected (a replay's detections.csv)") }
        var scores: [String: [RootCauseCaseScore]] = [:]
        var failures: [RootCauseFailure] = []
        var curve: [RootCauseCurvePoint] = []
        for offset in Set(offsets + [0]).sorted() {
            var cut: [LabelledIncident] = []
            for t in timelines {
                do {
                    cut.append(try t.incident(offsetMs: Int64(offset) * 1000))
                } catch let e as RootCauseError {
                    failures.append(RootCauseFailure(ranker: "*", caseID: t.id, offsetSeconds: offset, message: e.description))
                }
            }
            for (name, ranker) in made {
                var got: [RootCauseCaseScore] = []
                for c in cut {
                    do {
                        got.append(try score(ranker, c))
                    } catch let e as RootCauseError {
                        failures.append(RootCauseFailure(ranker: name, caseID: c.incident.id, offsetSeconds: offset, message: e.description))
                    }
                }
                if offset == 0 { scores[name] = got }
                if offsets.contains(offset) { curve.append(RootCauseCurvePoint.summarise(ranker: name, offsetSeconds: offset, got)) }
            }
        }
        var report = RootCauseReport(
            suite: chosen.rawValue, dataset: chosen == .simulated ? label : folder.path, rankers: names, seed: seed, resamples: resamples,
            offsetSeconds: 0, preprocessing: chosen.preprocessing, cases: scores)
        report.curve = curve
        var groupOf: [String: String] = [:]
        for t in timelines {
            guard let g = t.topology, !g.edges.isEmpty else { continue }
            groupOf[t.id] = RootCauseDistance.group(truth: t.truth, hops: RootCauseDistance.hops(g))
        }
        if !groupOf.isEmpty {
            report.byDistance = RootCauseDistance.summaries(scores, rankers: names, groupOf: groupOf, resamples: resamples, seed: seed)
        }
        if let detections {
            report.coupled = detections.coupled(timelines: timelines, rankers: made, oracle: scores)
        }
        report.failures = failures
        var graphs: [String: Topology] = [:]
        for t in timelines { graphs[t.id] = t.topology }
        let files = try out.map { try RootCauseReportWriter.write(report, to: $0, graphs: graphs) } ?? []
        var text = json ? try report.json() : report.text()
        if !json, let out { text += "\nwrote     \(RootCauseReportWriter.files.joined(separator: ", ")) to \(out.path)\n" }
        return Outcome(output: text, files: files, report: report)
    }

    /// Builds the chosen rankers (all when `names` is empty), each with the assignments it takes.
    ///
    /// - Throws: `UsageError` for an unknown ranker or parameter, or a parameter no chosen ranker takes.
    static func makeRankers(
        _ names: [String], parameters: [String], seed: UInt64, registry: RootCauseRegistry
    ) throws -> [(String, any RootCauseRanker)] {
        let names = names.isEmpty ? registry.names : names
        let assignments = try ModelCatalog.parameters(fromAssignments: parameters, model: "rca")
        var made: [(String, any RootCauseRanker)] = []
        for name in names {
            do {
                let d = try registry.descriptor(named: name)
                let own = assignments.filter { key, _ in d.parameters.contains { $0.name == key } }
                made.append((name, try registry.make(name: name, parameters: own, seed: seed)))
            } catch let e as ModelError {
                throw UsageError(e.description, hint: "rankers: \(registry.names.joined(separator: ", "))")
            }
        }
        for key in assignments.keys.sorted()
        where !names.contains(where: { n in (try? registry.descriptor(named: n))?.parameters.contains { $0.name == key } ?? false }) {
            throw UsageError("no chosen ranker takes parameter '\(key)'", hint: "see `faultline models list`")
        }
        return made
    }

    /// Ranks one case, timing the ranker alone, and scores the ranking.
    public static func score(_ ranker: any RootCauseRanker, _ c: LabelledIncident) throws -> RootCauseCaseScore {
        let clock = ContinuousClock()
        let start = clock.now
        let ranking = try ranker.rank(c.incident)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return RootCauseScoring.score(
            caseID: c.incident.id, faultType: c.faultType, ranking: ranking.entities.map { ScoredEntity(entity: $0.entity, score: $0.score) },
            truth: c.truth, candidates: c.incident.candidates, seconds: seconds)
    }
}

/// The root-cause section of `faultline models list`.
enum RootCauseCatalog {
    static func text(_ registry: RootCauseRegistry = .standard) -> String {
        var out = "\nRoot-cause rankers (faultline rca DIR --ranker NAME):\n"
        for d in registry.descriptors {
            out += "\n  \(d.name)  [root-cause\(d.isRandomised ? ", randomised" : "")]\n"
            out += "    \(d.summary)\n"
            for p in d.parameters {
                out += "    --param \(p.name)=<\(p.type)>  default \(p.defaultValue), range \(p.range): \(p.summary)\n"
            }
        }
        return out
    }
}
