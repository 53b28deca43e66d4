import Evaluation
import Foundation
import Interop
import Models
import Telemetry

/// The alarm times of one detector from a replay's `detections.csv`, matched to a suite's cases by fault id:
/// what `faultline rca --detected` ranks at (`RootCauseCoupled`).
struct DetectedTimes {
    var detector: String
    var seed: UInt64
    var source: String
    /// Fault id → the detector's row for it (only faults that are cases of the suite).
    var rows: [String: DetectionsFile.Row]

    /// Reads `file` and keeps `detector`'s rows (its smallest seed, for a randomised model) for the faults that
    /// are cases of `timelines`.
    ///
    /// - Throws: `InteropError` for a missing or malformed file; `UsageError` for a detector the file does not
    ///   hold (or none named when it holds several); `DataError` when no fault of the file is a case of the suite.
    init(file: URL, detector: String?, timelines: [IncidentTimeline]) throws {
        let all = try DetectionsFile.read(file)
        source = file.path
        var models: [String] = []
        for r in all where !models.contains(r.model) { models.append(r.model) }
        guard !models.isEmpty else { throw DataError("\(file.path): no detections (the replay scored no fault)") }
        let chosen: String
        if let detector {
            guard models.contains(detector) else {
                throw UsageError(
                    "--detector: the detections file has no model '\(detector)'\(NearestName.hint(detector, among: models))",
                    hint: "models in it: \(models.joined(separator: ", "))")
            }
            chosen = detector
        } else {
            guard models.count == 1 else {
                throw UsageError("the detections file holds \(models.count) models: name one with --detector", hint: models.joined(separator: ", "))
            }
            chosen = models[0]
        }
        self.detector = chosen
        let own = all.filter { $0.model == chosen }
        seed = own.map(\.seed).min() ?? 0
        let ids = Set(timelines.map(\.id))
        var rows: [String: DetectionsFile.Row] = [:]
        for r in own where r.seed == seed && ids.contains(r.fault) { rows[r.fault] = r }
        guard !rows.isEmpty else {
            let sample = own.prefix(3).map { "'\($0.fault)'" }.joined(separator: ", ")
            throw DataError(
                "\(file.path): none of its faults (\(sample)…) is a case of this suite; replay a recording of the same faults (e.g. an imported Nezha day)"
            )
        }
        self.rows = rows
    }

    /// Ranks every covered case at the detector's new alarm (masked and missed cases get no ranking) and sets
    /// the figures beside the oracle's (`oracle`: the scores at tΔ = 0). Cases that cannot be cut or ranked at
    /// the detected time are listed in the result's failures (offset: the told time's, in whole seconds) and
    /// score 0.
    func coupled(
        timelines: [IncidentTimeline], rankers: [(String, any RootCauseRanker)], oracle: [String: [RootCauseCaseScore]]
    ) -> RootCauseCoupled {
        var failures: [RootCauseFailure] = []
        var offsets: [String: Int] = [:]
        let covered = timelines.filter { rows[$0.id] != nil }
        var cut: [LabelledIncident] = []
        var delays: [Double] = []
        var masked = 0, missed = 0
        for t in covered {
            guard let r = rows[t.id], let at = r.detectedMs else {
                missed += 1
                continue
            }
            guard !r.alreadyAlarming else {
                masked += 1
                continue
            }
            delays.append(Double(at - r.startMs) / 1000)
            offsets[t.id] = Int((at - t.injectMs) / 1000)
            do {
                cut.append(try t.incident(offsetMs: at - t.injectMs))
            } catch let e as RootCauseError {
                failures.append(RootCauseFailure(ranker: "*", caseID: t.id, offsetSeconds: Int((at - t.injectMs) / 1000), message: e.description))
            } catch {
                failures.append(RootCauseFailure(ranker: "*", caseID: t.id, offsetSeconds: Int((at - t.injectMs) / 1000), message: "\(error)"))
            }
        }
        let ids = Set(covered.map(\.id))
        var figures: [RootCauseCoupled.Ranker] = []
        for (name, ranker) in rankers {
            var got: [RootCauseCaseScore] = []
            for c in cut {
                do {
                    got.append(try RootCauseJob.score(ranker, c))
                } catch {
                    failures.append(
                        RootCauseFailure(ranker: name, caseID: c.incident.id, offsetSeconds: offsets[c.incident.id] ?? 0, message: "\(error)"))
                }
            }
            let base = (oracle[name] ?? []).filter { ids.contains($0.caseID) }
            figures.append(RootCauseCoupled.Ranker(ranker: name, oracle: base, coupled: got, cases: covered.count))
        }
        let median = Quantile.type7(delays, 0.5) ?? .nan
        return RootCauseCoupled(
            detector: detector, seed: seed, source: source, cases: covered.count, detected: delays.count, masked: masked, missed: missed,
            timeToDetectMedianSeconds: median, rankers: figures, failures: failures)
    }
}
