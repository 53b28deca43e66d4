import Evaluation
import Foundation
import Interop
import Models
import Reports
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

    /// The suite of a folder: `sockshop` when it holds `cases.csv` and `cases/`.
    ///
    /// - Throws: `UsageError` when the folder is missing or its suite cannot be told.
    public static func infer(_ folder: URL) throws -> RootCauseSuite {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("no dataset folder \(folder.path)")
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("cases.csv").path) { return .sockshop }
        if NezhaReader.days(at: folder) != nil { return .nezha }
        throw UsageError("cannot tell the suite of \(folder.path)", hint: "give --suite \(allCases.map(\.rawValue).joined(separator: "|"))")
    }

    /// What the reader does to the data.
    public var preprocessing: String {
        switch self {
        case .sockshop:
            return "last \(SockShopReader.normalWindow) rows of normal.csv, first \(SockShopReader.incidentWindow) of anomalous.csv; "
                + "time, *_lat_50, *_lat_99 and columns constant in either window dropped; *_mem / 1e6 (sockshop-rcd README)"
        case .nezha: return NezhaIncidents.preprocessing
        }
    }

    /// Reads the folder's cases.
    ///
    /// - Throws: the reader's `InteropError` naming file and line.
    public func load(_ folder: URL) throws -> [LabelledIncident] {
        switch self {
        case .sockshop:
            return try SockShopReader.read(folder).map { c in
                LabelledIncident(
                    incident: IncidentCase(
                        id: c.id, frame: c.frame, series: c.series, normalRows: 0..<c.normalRows,
                        incidentRows: c.normalRows..<(c.normalRows + c.incidentRows), candidates: c.services),
                    faultType: c.fault, truth: [c.rootCause])
            }
        case .nezha: return try NezhaIncidents.load(folder)
        }
    }
}

/// `faultline rca DIR`: load a suite's cases, run every ranker on every case, score, summarise, render,
/// and write `rca.json` and `rca.md` when asked.
public enum RootCauseJob {
    public struct Outcome: Sendable {
        public var output: String
        public var files: [URL]
        public var report: RootCauseReport
    }

    /// Runs the suite.
    ///
    /// - Parameters:
    ///   - folder: the dataset folder.
    ///   - suite: `sockshop`; nil infers it.
    ///   - rankers: registered ranker names (empty = all).
    ///   - parameters: `key=value` assignments applied to every ranker that takes the key.
    ///   - seed: the random ranker's and the bootstrap's seed.
    ///   - resamples: bootstrap resamples (0 = no intervals).
    /// - Throws: `UsageError` (exit 2) for an unknown suite, ranker or parameter; the reader's errors (exit 3
    ///   for bad content, naming file and line); `RootCauseError` (exit 3) naming the case and field.
    public static func run(
        folder: URL, suite: String?, rankers: [String], parameters: [String] = [], seed: UInt64 = 1, resamples: Int = 1000, json: Bool,
        out: URL?, registry: RootCauseRegistry = .standard
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
        let names = rankers.isEmpty ? registry.names : rankers
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
        let cases = try chosen.load(folder)
        guard !cases.isEmpty else { throw DataError("\(folder.path): the suite lists no cases") }
        var scores: [String: [RootCauseCaseScore]] = [:]
        for (name, ranker) in made {
            scores[name] = try cases.map { try score(ranker, $0) }
        }
        let report = RootCauseReport(
            suite: chosen.rawValue, dataset: folder.path, rankers: names, seed: seed, resamples: resamples, offsetSeconds: 0,
            preprocessing: chosen.preprocessing, cases: scores)
        let files = try out.map { try RootCauseReportWriter.write(report, to: $0) } ?? []
        var text = json ? try report.json() : report.text()
        if !json, let out { text += "\nwrote     \(RootCauseReportWriter.files.joined(separator: ", ")) to \(out.path)\n" }
        return Outcome(output: text, files: files, report: report)
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
