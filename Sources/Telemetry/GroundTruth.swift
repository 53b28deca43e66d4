/// One series a fault affected and when.
public struct AffectedSeries: Codable, Sendable, Hashable {
    public var seriesId: String
    /// First time the series left its normal band because of the fault (epoch ms).
    public var startMs: Int64
    /// Last time it was outside the band (epoch ms, inclusive).
    public var endMs: Int64
    /// Largest |z| the series reached as observed while the fault was active (from injection start to the
    /// end of the fault's tail), against the mean and standard deviation of its observed values in the
    /// fault-free hour before the injection; nil when that hour had too few values or no spread. Written by
    /// the simulator (see `Scenarios/README.md`, "Severity").
    public var peakZ: Double?

    public init(seriesId: String, startMs: Int64, endMs: Int64, peakZ: Double? = nil) {
        self.seriesId = seriesId
        self.startMs = startMs
        self.endMs = endMs
        self.peakZ = peakZ
    }
}

/// The exact truth about one injected fault.
public struct FaultRecord: Codable, Sendable, Hashable {
    /// Unique id within the dataset (`f1`, `f2`, …).
    public var id: String
    /// Fault kind (`cpu-hog`, `memory-leak`, …; imported data may use its own names).
    public var kind: String
    /// Root-cause entity.
    public var target: String
    /// Injection start (epoch ms).
    public var injectionStartMs: Int64
    /// Injection end (epoch ms, inclusive).
    public var injectionEndMs: Int64
    /// First time any series left its normal band, nil if none did.
    public var firstSymptomMs: Int64?
    /// First SLO breach (user impact), nil when the fault had no user impact.
    public var userImpactStartMs: Int64?
    /// Every affected series with its effect window.
    public var affectedSeries: [AffectedSeries]
    /// Entities the fault propagated through, root cause first.
    public var propagationPath: [String]
    /// True only for faults the scenario asked to overlap.
    public var compound: Bool
    /// Intensity the fault was injected with (kind-specific scale, 0–1 typical).
    public var intensity: Double?
    /// True when `intensity` was drawn from the kind's severity distribution rather than fixed by the scenario.
    public var intensityDrawn: Bool?
    /// Largest `AffectedSeries.peakZ` over every affected series: how visible the fault was at all.
    public var peakZ: Double?
    /// Largest `AffectedSeries.peakZ` over the root cause's own series (entity `target`).
    public var rootCausePeakZ: Double?

    public init(
        id: String, kind: String, target: String, injectionStartMs: Int64, injectionEndMs: Int64,
        firstSymptomMs: Int64? = nil, userImpactStartMs: Int64? = nil, affectedSeries: [AffectedSeries] = [],
        propagationPath: [String] = [], compound: Bool = false, intensity: Double? = nil, intensityDrawn: Bool? = nil,
        peakZ: Double? = nil, rootCausePeakZ: Double? = nil
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.injectionStartMs = injectionStartMs
        self.injectionEndMs = injectionEndMs
        self.firstSymptomMs = firstSymptomMs
        self.userImpactStartMs = userImpactStartMs
        self.affectedSeries = affectedSeries
        self.propagationPath = propagationPath
        self.compound = compound
        self.intensity = intensity
        self.intensityDrawn = intensityDrawn
        self.peakZ = peakZ
        self.rootCausePeakZ = rootCausePeakZ
    }
}

/// A change that is *not* a fault: a hard negative a good detector must not page on.
public struct BenignChange: Codable, Sendable, Hashable {
    public var id: String
    /// `deploy`, `scale-out`, `traffic-campaign`, `batch-job`, …
    public var kind: String
    public var target: String
    public var startMs: Int64
    /// Inclusive end (epoch ms).
    public var endMs: Int64

    public init(id: String, kind: String, target: String, startMs: Int64, endMs: Int64) {
        self.id = id
        self.kind = kind
        self.target = target
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// A service-level objective on an entry endpoint; its first breach is user impact.
public struct SLO: Codable, Sendable, Hashable {
    public var entity: String
    /// Latency quantile metric the objective applies to (e.g. `latency_p99`).
    public var latencyMetric: String
    /// Objective in milliseconds.
    public var latencyMs: Double
    /// Maximum error ratio (0–1).
    public var errorRatio: Double

    public init(entity: String, latencyMetric: String, latencyMs: Double, errorRatio: Double) {
        self.entity = entity
        self.latencyMetric = latencyMetric
        self.latencyMs = latencyMs
        self.errorRatio = errorRatio
    }
}

/// Everything known to be true about a dataset: faults, benign changes, SLOs.
public struct GroundTruth: Codable, Sendable, Hashable {
    public var faults: [FaultRecord]
    public var benignChanges: [BenignChange]
    public var slos: [SLO]

    public init(faults: [FaultRecord] = [], benignChanges: [BenignChange] = [], slos: [SLO] = []) {
        self.faults = faults
        self.benignChanges = benignChanges
        self.slos = slos
    }
}

extension GroundTruth {
    /// Latest time a ground-truth record may carry: 9999-12-31T23:59:59.999Z (what ISO-8601 writes with four digits).
    public static let latestTimeMs: Int64 = 253_402_300_799_999
    /// Earliest: 0001-01-01T00:00:00Z.
    public static let earliestTimeMs: Int64 = -62_135_596_800_000

    /// Checks what can be checked from the ground truth and the series table alone: every id once (faults and
    /// benign changes together), every start at or before its end, every time in years 1–9999, every
    /// affected series one of `seriesIDs`, a kind and a target on every record.
    ///
    /// - Parameters:
    ///   - seriesIDs: the dataset's series ids.
    ///   - path: the file named in errors (`manifest.json`).
    /// - Throws: `TelemetryError.corruptFile` naming `path` and the key (`groundTruth.faults[2].injectionEndMs`).
    public func validate(seriesIDs: Set<String>, path: String) throws {
        func bad(_ key: String, _ reason: String) -> TelemetryError {
            .corruptFile(path: path, reason: "inconsistent ground truth: \(key): \(reason)")
        }
        func checkTime(_ ms: Int64, _ key: String) throws {
            guard ms >= Self.earliestTimeMs, ms <= Self.latestTimeMs else {
                throw bad(key, "\(ms) ms is outside years 1–9999")
            }
        }
        func checkSpan(_ start: Int64, _ end: Int64, _ key: String, _ startName: String, _ endName: String) throws {
            try checkTime(start, "\(key).\(startName)")
            try checkTime(end, "\(key).\(endName)")
            guard start <= end else {
                throw bad("\(key).\(endName)", "ends (\(end)) before it starts (\(startName) \(start))")
            }
        }
        var ids = Set<String>()
        for (i, f) in faults.enumerated() {
            let key = "groundTruth.faults[\(i)]"
            guard !f.id.isEmpty else { throw bad("\(key).id", "empty id") }
            guard ids.insert(f.id).inserted else { throw bad("\(key).id", "id '\(f.id)' appears twice") }
            guard !f.kind.isEmpty else { throw bad("\(key).kind", "fault '\(f.id)' has an empty kind") }
            try checkSpan(f.injectionStartMs, f.injectionEndMs, key, "injectionStartMs", "injectionEndMs")
            if let t = f.firstSymptomMs { try checkTime(t, "\(key).firstSymptomMs") }
            if let t = f.userImpactStartMs { try checkTime(t, "\(key).userImpactStartMs") }
            if let x = f.intensity, !x.isFinite { throw bad("\(key).intensity", "\(x) is not finite") }
            for (name, z) in [("peakZ", f.peakZ), ("rootCausePeakZ", f.rootCausePeakZ)] {
                if let z, !(z.isFinite && z >= 0) { throw bad("\(key).\(name)", "\(z) is not a finite non-negative number") }
            }
            for (j, a) in f.affectedSeries.enumerated() {
                let sub = "\(key).affectedSeries[\(j)]"
                guard seriesIDs.contains(a.seriesId) else {
                    throw bad("\(sub).seriesId", "fault '\(f.id)' affects series '\(a.seriesId)', which the dataset does not have")
                }
                try checkSpan(a.startMs, a.endMs, sub, "startMs", "endMs")
                if let z = a.peakZ, !(z.isFinite && z >= 0) { throw bad("\(sub).peakZ", "\(z) is not a finite non-negative number") }
            }
        }
        for (i, b) in benignChanges.enumerated() {
            let key = "groundTruth.benignChanges[\(i)]"
            guard !b.id.isEmpty else { throw bad("\(key).id", "empty id") }
            guard ids.insert(b.id).inserted else { throw bad("\(key).id", "id '\(b.id)' appears twice") }
            guard !b.kind.isEmpty else { throw bad("\(key).kind", "benign change '\(b.id)' has an empty kind") }
            try checkSpan(b.startMs, b.endMs, key, "startMs", "endMs")
        }
        for (i, s) in slos.enumerated() where !s.latencyMs.isFinite || !s.errorRatio.isFinite {
            throw bad("groundTruth.slos[\(i)]", "objectives must be finite numbers")
        }
    }

    /// Checks that every fault and benign change overlaps the rows' time span `[first, last + stepMs]`: a
    /// record outside the data can be neither detected nor missed, so it is a damaged file, not a label.
    ///
    /// - Throws: `TelemetryError.corruptFile` naming `path` and the key.
    public func validate(firstRowMs first: Int64, lastRowMs last: Int64, stepMs: Int64, path: String) throws {
        let end = last.addingReportingOverflow(max(0, stepMs)).overflow ? Int64.max : last + max(0, stepMs)
        func check(_ start: Int64, _ stop: Int64, _ key: String, _ what: String) throws {
            guard stop >= first, start <= end else {
                throw TelemetryError.corruptFile(
                    path: path,
                    reason: "inconsistent ground truth: \(key): \(what) [\(start), \(stop)] lies outside the data's rows [\(first), \(end)]")
            }
        }
        for (i, f) in faults.enumerated() {
            try check(f.injectionStartMs, f.injectionEndMs, "groundTruth.faults[\(i)]", "fault '\(f.id)'")
        }
        for (i, b) in benignChanges.enumerated() {
            try check(b.startMs, b.endMs, "groundTruth.benignChanges[\(i)]", "benign change '\(b.id)'")
        }
    }
}
