import Evaluation
import Foundation
import Simulator
import Telemetry

/// `faultline replay DATASET --inject kind=K,target=E,at=T[,for=D][,z=Z|intensity=mild|severe]`: a
/// simulator fault kind written into a recording, so detectors can be tried on the user's own traffic with
/// known truth.
///
/// A recording has no physics to perturb, so each kind has a signature over the metric families
/// (`MetricFamily.classify`, plus `disk` by name): which families of the target entity move, in which
/// direction, with which shape over the fault (a step, a ramp that peaks at the end as a leak does, a pulse
/// at the start as a restart does, or a square wave as a crash loop does) and with what weight. The peak
/// move of a series is `z · weight · σ`, σ the series' own noise scale in the hour before the fault (robust:
/// 1.4826 · MAD of first differences / √2; a flat series takes 1 % of its level, a flat zero error series
/// 0.01 of a ratio), so a fault is as subtle against its background as `z` says, whatever the series' units.
/// The ground truth records the fault, every series it moved with its achieved peak |z| against the hour
/// before, and the kind; no random draw is involved, so the injected dataset is a function of the flags.
enum RecordingInjection {
    /// One parsed `--inject` value.
    struct Request: Sendable, Equatable {
        var kind: FaultKind
        var target: String
        /// Start: milliseconds after the first scored row, or an absolute epoch-ms time.
        var at: Start
        var durationMs: Int64
        var z: Double

        enum Start: Sendable, Equatable {
            case offset(Int64)
            case absolute(Int64)
        }

        static let defaultDurationMs: Int64 = 15 * 60_000
        static let defaultZ = 6.0
        /// `intensity=mild|severe` as peak moves in noise units.
        static let mildZ = 3.0, severeZ = 12.0

        /// Parses `kind=cpu-hog,target=cartservice,at=2h,for=20m,z=6`.
        ///
        /// - Throws: `UsageError` naming the key and the accepted values (exit 2).
        init(parsing text: String) throws {
            var fields: [String: String] = [:]
            for part in text.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty else { throw UsageError("--inject '\(text)': '\(part)' is not key=value") }
                guard ["kind", "target", "at", "for", "z", "intensity"].contains(kv[0]) else {
                    throw UsageError(
                        "--inject '\(text)': unknown key '\(kv[0])'\(NearestName.hint(kv[0], among: ["kind", "target", "at", "for", "z", "intensity"]))",
                        hint: "keys: kind, target, at, for, z (or intensity=mild|severe)")
                }
                fields[kv[0]] = kv[1]
            }
            guard let k = fields["kind"] else { throw UsageError("--inject '\(text)': kind= is required (a simulator fault kind)") }
            guard let kind = FaultKind(rawValue: k) else {
                let all = FaultKind.allCases.map(\.rawValue)
                throw UsageError(
                    "--inject: unknown fault kind '\(k)'\(NearestName.hint(k, among: all))", hint: "kinds: \(all.joined(separator: ", "))")
            }
            guard let target = fields["target"], !target.isEmpty else {
                throw UsageError("--inject '\(text)': target= is required (an entity of the dataset)")
            }
            guard let at = fields["at"] else {
                throw UsageError("--inject '\(text)': at= is required (an offset into the scored rows, or an ISO time)")
            }
            if let ms = DurationText.milliseconds(at), ms >= 0, ms < 1e15 {
                self.at = .offset(Int64(ms))
            } else if let date = ISO8601DateFormatter().date(from: at) {
                self.at = .absolute(Int64((date.timeIntervalSince1970 * 1000).rounded()))
            } else {
                throw UsageError("--inject: at='\(at)' is neither a duration (2h30m) nor an ISO 8601 time with zone")
            }
            if let d = fields["for"] {
                guard let ms = DurationText.milliseconds(d), ms > 0, ms < 366 * 86_400_000 else {
                    throw UsageError("--inject: for='\(d)' is not a positive duration (e.g. 20m)")
                }
                durationMs = Int64(ms)
            } else {
                durationMs = Self.defaultDurationMs
            }
            if fields["z"] != nil && fields["intensity"] != nil { throw UsageError("--inject: give z= or intensity=, not both") }
            if let zText = fields["z"] {
                guard let v = Double(zText), v.isFinite, v > 0, v <= 1000 else { throw UsageError("--inject: z='\(zText)' must be in (0, 1000]") }
                z = v
            } else if let i = fields["intensity"] {
                switch i {
                case "mild": z = Self.mildZ
                case "severe": z = Self.severeZ
                default: throw UsageError("--inject: intensity='\(i)' must be mild or severe (or give z=N)")
                }
            } else {
                z = Self.defaultZ
            }
            self.kind = kind
            self.target = target
        }
    }

    /// How a family moves under a fault.
    enum Shape: Sendable { case step, ramp, pulse, squareWave }

    enum Family: Hashable, Sendable { case metric(MetricFamily), disk }

    /// The kind's signature: (family, signed weight, shape).
    static func signature(_ kind: FaultKind) -> [(Family, Double, Shape)] {
        switch kind {
        case .cpuHog: [(.metric(.cpu), 1, .step), (.metric(.latency), 0.5, .step)]
        case .memoryLeak: [(.metric(.memory), 1, .ramp)]
        case .memoryStress: [(.metric(.memory), 1, .step), (.metric(.cpu), 0.3, .step)]
        case .diskFill: [(.disk, 1, .ramp)]
        case .diskIOLatency: [(.metric(.latency), 1, .step), (.metric(.cpu), 0.2, .step), (.disk, 0.5, .step)]
        case .networkDelay: [(.metric(.latency), 1, .step)]
        case .networkLoss: [(.metric(.errors), 0.6, .step), (.metric(.latency), 0.6, .step), (.metric(.network), -0.3, .step)]
        case .networkPartition: [(.metric(.errors), 1, .step), (.metric(.requestRate), -1, .step), (.metric(.network), -1, .step)]
        case .podKill:
            [(.metric(.cpu), -1, .pulse), (.metric(.memory), -1, .pulse), (.metric(.requestRate), -0.6, .pulse), (.metric(.errors), 1, .pulse)]
        case .crashLoop:
            [
                (.metric(.cpu), -1, .squareWave), (.metric(.memory), -1, .squareWave), (.metric(.requestRate), -0.6, .squareWave),
                (.metric(.errors), 1, .squareWave),
            ]
        case .dependencyOutage: [(.metric(.errors), 1, .step), (.metric(.latency), 0.7, .step)]
        case .badDeploy: [(.metric(.errors), 1, .step), (.metric(.latency), 0.3, .step)]
        case .configRegression: [(.metric(.latency), 1, .step), (.metric(.cpu), 0.4, .step)]
        case .connectionPoolExhaustion: [(.metric(.latency), 1, .step), (.metric(.errors), 0.7, .step)]
        case .connectionLeak: [(.metric(.latency), 1, .ramp), (.metric(.errors), 0.5, .ramp)]
        }
    }

    /// The shape's value at `tau` ∈ [0, 1) of the fault (0 before the first row, 1 at full effect).
    static func value(_ shape: Shape, tau: Double) -> Double {
        switch shape {
        case .step: 1
        case .ramp: min(1, tau + 1e-3)
        case .pulse: tau < 0.1 ? 1 : 0
        case .squareWave: (tau * 4).truncatingRemainder(dividingBy: 1) < 0.5 ? 1 : 0
        }
    }

    /// The series' family and the sign that turns the family's direction into the series' (−1 for a success
    /// rate, which falls as errors rise).
    static func family(of s: SeriesDescriptor) -> (Family, Double)? {
        let name = s.metric.lowercased()
        if s.kind == .counter { return nil }
        if name.contains("disk") || name.contains("filesystem") || name.hasPrefix("fs_") { return (.disk, 1) }
        let assignment = MetricFamily.classify(s)
        guard let f = assignment.family else { return nil }
        return (.metric(f), assignment.transform == .identity ? 1 : -1)
    }

    /// Writes the requested faults into `dataset` (rows `trainRows...` only) and adds them to its ground truth.
    ///
    /// - Throws: `UsageError` (exit 2) for a target with no series the kind moves, a fault outside the scored
    ///   rows, or two injected faults that overlap.
    static func apply(_ requests: [Request], to dataset: inout Dataset, trainRows: Int) throws -> [String] {
        let ts = dataset.timestamps
        guard trainRows < ts.count else { throw UsageError("--inject: the dataset has no scored rows after its training rows") }
        let scoredStart = ts[trainRows], last = ts[ts.count - 1]
        var notes: [String] = []
        var placed: [(Int64, Int64)] = []
        let rows = dataset.frame.rows
        var values = dataset.frame.compacted().values
        for (n, req) in requests.enumerated() {
            let start: Int64
            switch req.at {
            case let .offset(ms): start = scoredStart + ms
            case let .absolute(ms): start = ms
            }
            let end = start + req.durationMs - 1
            guard start >= scoredStart, start <= last else {
                throw UsageError(
                    "--inject \(req.kind.rawValue) at \(DatasetInspection.iso8601(start)) is outside the scored rows "
                        + "(\(DatasetInspection.iso8601(scoredStart)) → \(DatasetInspection.iso8601(last))); a fault in the training rows would teach the models the fault"
                )
            }
            if let clash = placed.first(where: { $0.0 <= end && start <= $0.1 }) {
                throw UsageError("--inject: the \(req.kind.rawValue) fault overlaps the one injected at \(DatasetInspection.iso8601(clash.0))")
            }
            placed.append((start, end))
            let entities = Set(dataset.series.map(\.entity))
            guard entities.contains(req.target) else {
                throw UsageError(
                    "--inject: no entity '\(req.target)' in the dataset\(NearestName.hint(req.target, among: Array(entities).sorted()))",
                    hint: "`faultline inspect DATASET` lists the entities")
            }
            let signature = signature(req.kind)
            var affected: [AffectedSeries] = []
            // The fault's rows and the hour before it (at least 8 rows), the same for every series.
            let first = ts.firstIndex { $0 >= start } ?? rows
            let stop = ts.firstIndex { $0 > end } ?? rows
            let hourStart = ts.firstIndex { $0 >= start - 3_600_000 } ?? 0
            for (c, s) in dataset.series.enumerated() where s.entity == req.target && first < stop {
                guard let (fam, sign) = family(of: s), let (_, familyWeight, shape) = signature.first(where: { $0.0 == fam }) else { continue }
                let weight = sign * familyWeight
                let base = c * rows
                // The finite values of the hour before.
                let before = (min(hourStart, max(0, first - 8))..<first).map { values[base + $0] }.filter(\.isFinite)
                guard before.count >= 8 else { continue }
                let scale = noiseScale(before, family: fam, unit: s.unit)
                let mean = before.reduce(0, +) / Double(before.count)
                let std = (before.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(before.count)).squareRoot()
                let bounded = isBounded(s)
                var peak = 0.0
                for r in first..<stop where values[base + r].isFinite {
                    let tau = Double(ts[r] - start) / Double(req.durationMs)
                    var v = values[base + r] + req.z * weight * scale * value(shape, tau: tau)
                    v = max(0, v)  // no family here goes below zero
                    if let upper = bounded { v = min(upper, v) }
                    values[base + r] = v
                    if std > 0 { peak = max(peak, abs(v - mean) / std) }
                }
                // As the simulator records it (GroundTruthBuilder): no |z| against a flat hour, else to 3 decimals.
                let peakZ: Double? = std > 0 ? (peak * 1000).rounded() / 1000 : nil
                affected.append(AffectedSeries(seriesId: s.id, startMs: start, endMs: end, peakZ: peakZ))
            }
            guard !affected.isEmpty else {
                let moved = Set(signature.map { "\($0.0)" }).sorted().joined(separator: ", ")
                throw UsageError(
                    "--inject: entity '\(req.target)' has no series a \(req.kind.rawValue) moves (\(moved)), so the fault would leave no trace")
            }
            let id = "inj\(n + 1)"
            let peak = affected.compactMap(\.peakZ).max()
            dataset.groundTruth.faults.append(
                FaultRecord(
                    id: id, kind: req.kind.rawValue, target: req.target, injectionStartMs: start, injectionEndMs: end, firstSymptomMs: start,
                    affectedSeries: affected, propagationPath: [req.target], intensity: nil, peakZ: peak, rootCausePeakZ: peak))
            notes.append(
                "injected \(id): \(req.kind.rawValue) on \(req.target) at \(DatasetInspection.iso8601(start)) for "
                    + "\(DurationText.render(Double(req.durationMs))), z = \(req.z) noise units, \(affected.count) series moved")
        }
        dataset.groundTruth.faults.sort { $0.injectionStartMs < $1.injectionStartMs }
        dataset.frame = try MetricFrame(rows: rows, columns: dataset.frame.columns, columnMajor: values)
        return notes
    }

    /// 1.4826 · MAD(first differences) / √2, with a level-relative floor for flat series.
    static func noiseScale(_ x: [Double], family: Family, unit: String) -> Double {
        let diffs = zip(x.dropFirst(), x).map { $0 - $1 }.sorted()
        let med = diffs[diffs.count / 2]
        let mad = diffs.map { abs($0 - med) }.sorted()[diffs.count / 2]
        let sigma = 1.4826 * mad / 2.0.squareRoot()
        let level = x.sorted()[x.count / 2]
        if sigma > 0 { return max(sigma, 1e-3 * abs(level)) }
        if abs(level) > 0 { return 0.01 * abs(level) }
        if case .metric(.errors) = family { return unit.contains("%") ? 1 : 0.01 }
        return 1
    }

    /// The largest value a ratio or percentage can take.
    static func isBounded(_ s: SeriesDescriptor) -> Double? {
        let u = s.unit.lowercased()
        if u == "ratio" { return 1 }
        if u.contains("%") || u.contains("percent") || s.metric.contains("%") { return 100 }
        return nil
    }
}
