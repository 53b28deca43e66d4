import Foundation
import Telemetry
import YAMLReading
import Yams

/// Loads scenario YAML into a validated `Scenario`.
///
/// Validation happens before anything runs: YAML syntax (with line and column), unknown keys (with
/// the nearest valid name), unknown kinds (listing the valid ones), impossible values (negative
/// rates, a fault outside the run, an edge to an unknown service, a call cycle, overlapping faults
/// not marked compound). Every failure is a `ScenarioError`.
public enum ScenarioLoader {
    /// Default epoch of row 0 (Monday 2026-01-05 00:00 UTC) when a scenario gives no `start`.
    public static let defaultStartMs: Int64 = 1_767_571_200_000

    /// Loads a scenario from a file.
    ///
    /// - Throws: `ScenarioError` (including when the file cannot be read).
    public static func load(path: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        try parse(yaml: try readText(path: path), source: path, overrides: overrides)
    }

    /// The text of the scenario file at `path`: a regular file of at most `ScenarioLimits.maxFileBytes`.
    ///
    /// A FIFO, socket, device or folder is refused without reading, so `scenarios validate` never
    /// waits for a writer that does not come nor reads an endless stream. The file is opened
    /// non-blocking and checked on the open descriptor, so it cannot be swapped for a FIFO in between.
    ///
    /// - Throws: `ScenarioError` naming the file.
    static func readText(path: String) throws -> String {
        func fail(_ message: String, hint: String? = nil) -> ScenarioError { ScenarioError(source: path, message: message, hint: hint) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw fail("cannot read scenario file: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail("cannot read scenario file: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            let what: String
            switch info.st_mode & S_IFMT {
            case S_IFDIR: what = "a folder"
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFSOCK: what = "a socket"
            case S_IFCHR, S_IFBLK: what = "a device"
            default: what = "not a regular file"
            }
            throw fail("cannot read scenario file: it is \(what), not a regular file", hint: "give the path of a YAML file")
        }
        let limit = ScenarioLimits.maxFileBytes
        guard info.st_size <= limit else {
            throw fail("scenario file is \(info.st_size) bytes, more than the \(limit >> 20) MiB a scenario may have", hint: ScenarioLimits.readme)
        }
        // At most the size at open plus one byte: a file growing while it is read is refused, not followed.
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        let data: Data
        do {
            data = try handle.read(upToCount: Int(info.st_size) + 1) ?? Data()
        } catch {
            throw fail("cannot read scenario file: \(error.localizedDescription)")
        }
        guard data.count <= Int(info.st_size) else { throw fail("scenario file changed while it was read") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Loads a built-in scenario by name, or a file when `nameOrPath` is not a built-in name.
    public static func resolve(_ nameOrPath: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        if let text = BuiltinScenarios.text(named: nameOrPath) {
            return try parse(yaml: text, source: "builtin:\(nameOrPath)", overrides: overrides)
        }
        if FileManager.default.fileExists(atPath: nameOrPath) { return try load(path: nameOrPath, overrides: overrides) }
        throw ScenarioError(
            source: nameOrPath, message: "no built-in scenario or file named '\(nameOrPath)'",
            hint: "built-in scenarios: \(BuiltinScenarios.names.joined(separator: ", "))")
    }

    /// Parses and validates scenario text.
    ///
    /// - Parameters:
    ///   - yaml: the document.
    ///   - source: file path or name, used in error messages.
    ///   - overrides: scaling applied before validation.
    /// - Throws: `ScenarioError`.
    public static func parse(yaml: String, source: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        let root: Node
        do {
            guard let n = try YAMLDocument.compose(yaml) else { throw ScenarioError(source: source, message: "empty scenario") }
            root = n
        } catch let e as YAMLDocument.SyntaxError {
            throw syntaxError(e, source: source)
        }
        let document = YAMLNode(node: root, path: "", source: source)
        var scenario = try read(document, text: yaml)
        try apply(overrides, to: &scenario, source: source)
        try ScenarioValidator.validate(&scenario, source: source) { path in
            document.locate(path).map { (line: $0.line, column: $0.column) }
        }
        return scenario
    }

    static func syntaxError(_ e: YAMLDocument.SyntaxError, source: String) -> ScenarioError {
        switch e.kind {
        case let .syntax(problem, context):
            var msg = "YAML syntax error: \(problem)"
            if let context { msg += " (\(context.text) at line \(context.line))" }
            return ScenarioError(source: source, line: e.line, column: e.column, message: msg)
        case let .duplicatedKeys(duplicates):
            return ScenarioError(source: source, line: e.line, column: e.column, message: "duplicated keys \(duplicates.joined(separator: ", "))")
        case .other:
            return ScenarioError(source: source, message: "YAML error: \(e.text)")
        }
    }

    // MARK: reading

    static let topKeys = [
        "name", "description", "start", "duration", "step", "seed", "workload", "services", "edges",
        "generate", "slos", "faults", "benign", "observation", "logs", "traces",
    ]

    static func read(_ root: YAMLNode, text: String) throws -> Scenario {
        typealias L = ScenarioLimits
        let f = try root.fields(topKeys)
        func req(_ key: String) throws -> YAMLNode {
            guard let n = f[key] else { throw root.error("missing required key '\(key)'") }
            return n
        }
        let maxRun = Double(L.maxDurationMs)
        let name = try f["name"]?.string() ?? "unnamed"
        let description = try f["description"]?.string() ?? ""
        var startMs = defaultStartMs
        if let s = f["start"] {
            let text = try s.string().trimmingCharacters(in: .whitespaces)
            let range = "between 1970-01-01T00:00:00Z (0) and 9999-12-31T23:59:59.999Z (\(L.maxStartMs))"
            var ms: Double?
            if let d = ISO8601DateFormatter().date(from: text) {
                ms = (d.timeIntervalSince1970 * 1000).rounded()
            } else if let v = Int64(text) {
                ms = Double(v)
            } else if let v = Double(text), !v.isNaN, v == v.rounded() {
                ms = v  // a whole number too large for 64 bits: out of range below
            }
            guard let ms else {
                throw s.error("expected an ISO 8601 time like 2026-01-05T00:00:00Z or epoch milliseconds, found '\(text)'")
            }
            guard ms >= 0, ms <= Double(L.maxStartMs) else { throw s.error("start must be \(range), found \(text)", hint: L.readme) }
            startMs = Int64(ms)
        }
        let durationMs = try req("duration").milliseconds("duration", in: .duration(atMost: maxRun))
        let stepMs =
            try f["step"]?.milliseconds("step", in: AllowedRange(Double(L.minStepMs), Double(L.maxStepMs), durations: true)) ?? 15_000
        let seed: UInt64
        if let s = f["seed"] {
            let t = try s.string()
            guard let v = UInt64(t.trimmingCharacters(in: .whitespaces)) else {
                throw s.error("seed must be a whole number between 0 and \(UInt64.max), found \(t)")
            }
            seed = v
        } else {
            seed = 1
        }

        var workload = Scenario.Workload()
        if let w = f["workload"] {
            let wf = try w.fields(["entry_rate", "daily_amplitude", "weekly_amplitude", "trend_per_day", "noise", "bursts"])
            if let v = wf["entry_rate"] { workload.entryRate = try v.number("entry_rate", in: .positive(atMost: L.maxEntryRate)) }
            if let v = wf["daily_amplitude"] { workload.dailyAmplitude = try v.number("daily_amplitude", in: .belowOne) }
            if let v = wf["weekly_amplitude"] { workload.weeklyAmplitude = try v.number("weekly_amplitude", in: .belowOne) }
            if let v = wf["trend_per_day"] {
                workload.trendPerDay = try v.number("trend_per_day", in: .closed(-L.maxTrendPerDay, L.maxTrendPerDay))
            }
            if let v = wf["noise"] { workload.noise = try v.number("noise", in: .belowOne) }
            if let b = wf["bursts"] {
                workload.bursts = try b.items(atMost: L.maxListed, of: "bursts").map { item in
                    let bf = try item.fields(["start", "duration", "factor"])
                    guard let st = bf["start"], let du = bf["duration"] else { throw item.error("a burst needs start and duration") }
                    return Scenario.Burst(
                        startMs: Int64(try st.milliseconds("start", in: .offset(atMost: maxRun))),
                        durationMs: Int64(try du.milliseconds("duration", in: .duration(atMost: maxRun))),
                        factor: try bf["factor"]?.number("factor", in: .positive(atMost: L.maxTrafficFactor)) ?? 2)
                }
            }
        }

        var services: [ServiceSpec] = []
        var edges: [EdgeSpec] = []
        var generated: Scenario.GeneratedGraph?
        if let g = f["generate"] {
            if f["services"] != nil || f["edges"] != nil {
                throw g.error("a scenario either lists services/edges or generates them, not both")
            }
            let gf = try g.fields(["services", "depth", "fan_out", "hosts", "databases"])
            let count = try gf["services"]?.wholeNumber("services", in: .closed(2, Double(L.maxServices))) ?? 20
            generated = Scenario.GeneratedGraph(
                services: count, depth: try gf["depth"]?.wholeNumber("depth", in: .closed(1, Double(L.maxGeneratedDepth))) ?? 4,
                fanOut: try gf["fan_out"]?.wholeNumber("fan_out", in: .closed(1, Double(L.maxGeneratedFanOut))) ?? 2,
                hosts: try gf["hosts"]?.wholeNumber("hosts", in: .closed(1, Double(L.maxHosts))) ?? max(2, count / 4),
                databases: try gf["databases"]?.wholeNumber("databases", in: .closed(1, Double(count - 1))) ?? max(1, count / 8))
        } else {
            let sn = try req("services")
            var seen: [String: YAMLNode] = [:]
            for item in try sn.items(atMost: L.maxServices, of: "services") {
                let sf = try item.fields([
                    "name", "kind", "replicas", "workers", "service_time", "entry_share", "hosts",
                    "memory_limit_mib", "pool_size", "error_ratio", "region",
                ])
                guard let nm = sf["name"] else { throw item.error("a service needs a name") }
                let n = try nm.string()
                if seen[n] != nil { throw nm.error("duplicate service name '\(n)'") }
                seen[n] = nm
                var s = ServiceSpec(name: n)
                if let v = sf["kind"] { s.kind = try v.oneOf(ServiceKind.self, what: "service kind") }
                if s.kind == .database { s.workers = 16; s.serviceTimeMs = 4 }
                if s.kind == .cache { s.workers = 32; s.serviceTimeMs = 1 }
                if let v = sf["replicas"] { s.replicas = try v.wholeNumber("replicas", in: .closed(1, Double(L.maxReplicas))) }
                if let v = sf["workers"] { s.workers = try v.wholeNumber("workers", in: .closed(1, Double(L.maxWorkers))) }
                if let v = sf["service_time"] { s.serviceTimeMs = try v.milliseconds("service_time", in: .duration(atMost: L.maxServiceTimeMs)) }
                if let v = sf["entry_share"] { s.entryShare = try v.number("entry_share", in: .unit) }
                if let v = sf["hosts"] {
                    s.hosts = try v.stringList()
                    if s.hosts.count > L.maxHostsPerService {
                        throw v.error("at most \(L.maxHostsPerService) hosts per service, found \(s.hosts.count)", hint: L.readme)
                    }
                }
                if let v = sf["memory_limit_mib"] { s.memoryLimitMiB = try v.number("memory_limit_mib", in: .positive(atMost: L.maxMemoryLimitMiB)) }
                if let v = sf["pool_size"] { s.poolSize = try v.wholeNumber("pool_size", in: .closed(1, Double(L.maxPoolSize))) }
                if let v = sf["error_ratio"] { s.baseErrorRatio = try v.number("error_ratio", in: .unit) }
                if let v = sf["region"] { s.region = try v.string() }
                if s.hosts.isEmpty { s.hosts = ["node-\(services.count % 4 + 1)"] }
                services.append(s)
            }
            if let en = f["edges"] {
                for item in try en.items(atMost: L.maxEdges, of: "edges") {
                    let ef = try item.fields(["from", "to", "fan_out", "timeout", "retries"])
                    guard let from = ef["from"], let to = ef["to"] else { throw item.error("an edge needs from and to") }
                    var e = EdgeSpec(from: try from.string(), to: try to.string())
                    for (key, n) in [("from", from), ("to", to)] {
                        let name = key == "from" ? e.from : e.to
                        if seen[name] == nil {
                            var hint: String?
                            if let near = NearestName.suggest(name, among: services.map(\.name)) { hint = "did you mean '\(near)'?" }
                            throw n.error("edge refers to unknown service '\(name)'", hint: hint)
                        }
                    }
                    if e.from == e.to { throw item.error("service '\(e.from)' calls itself") }
                    if let v = ef["fan_out"] { e.fanOut = try v.number("fan_out", in: .positive(atMost: L.maxFanOut)) }
                    if let v = ef["timeout"] { e.timeoutMs = try v.milliseconds("timeout", in: .duration(atMost: L.maxTimeoutMs)) }
                    if let v = ef["retries"] { e.retries = try v.wholeNumber("retries", in: .closed(0, Double(L.maxRetries))) }
                    edges.append(e)
                }
            }
        }

        var slos: [SLOSpec] = []
        if let sl = f["slos"] {
            for item in try sl.items(atMost: L.maxListed, of: "SLOs") {
                let sf = try item.fields(["entry", "latency_p99", "error_ratio"])
                guard let e = sf["entry"] else { throw item.error("an SLO needs an entry service") }
                let s = SLOSpec(
                    entry: try e.string(),
                    latencyP99Ms: try sf["latency_p99"]?.milliseconds("latency_p99", in: .duration(atMost: L.maxTimeoutMs)) ?? 1000,
                    errorRatio: try sf["error_ratio"]?.number("error_ratio", in: .unit) ?? 0.01)
                slos.append(s)
            }
        }

        var faults: [FaultSpec] = []
        if let fl = f["faults"] {
            for (i, item) in try fl.items(atMost: L.maxListed, of: "faults").enumerated() {
                let ff = try item.fields(["id", "kind", "target", "start", "duration", "intensity", "compound"])
                guard let k = ff["kind"], let t = ff["target"], let st = ff["start"] else {
                    throw item.error("a fault needs kind, target and start")
                }
                let kind = try k.oneOf(FaultKind.self, what: "fault kind")
                let defaultDuration: Double = kind == .podKill ? 120_000 : 1_800_000
                let spec = FaultSpec(
                    id: try ff["id"]?.string() ?? "f\(i + 1)", kind: kind, target: try t.string(),
                    startMs: Int64(try st.milliseconds("start", in: .offset(atMost: maxRun))),
                    durationMs: Int64(try ff["duration"]?.milliseconds("duration", in: .duration(atMost: maxRun)) ?? defaultDuration),
                    intensity: try ff["intensity"].map(Self.intensity) ?? .drawn,
                    compound: try ff["compound"]?.bool() ?? false)
                faults.append(spec)
            }
        }
        var benign: [BenignSpec] = []
        if let bl = f["benign"] {
            for (i, item) in try bl.items(atMost: L.maxListed, of: "benign changes").enumerated() {
                let bf = try item.fields(["id", "kind", "target", "start", "duration", "factor", "daily"])
                guard let k = bf["kind"], let st = bf["start"] else { throw item.error("a benign change needs kind and start") }
                let kind = try k.oneOf(BenignKind.self, what: "benign change kind")
                let defaultFactor: Double
                let factorRange: AllowedRange
                switch kind {
                case .deploy: (defaultFactor, factorRange) = (1, .positive(atMost: L.maxTrafficFactor))
                case .scaleOut: (defaultFactor, factorRange) = (1, .positive(atMost: Double(L.maxScaleOut)))
                case .trafficCampaign: (defaultFactor, factorRange) = (1.5, .positive(atMost: L.maxTrafficFactor))
                case .batchJob: (defaultFactor, factorRange) = (0.3, .positive(atMost: L.maxBatchFactor))
                case .failover: (defaultFactor, factorRange) = (1, .positive(atMost: 1))
                case .cacheWarmup, .diskBatch, .memoryStepDeploy: (defaultFactor, factorRange) = (0.2, .positive(atMost: 1))
                }
                let spec = BenignSpec(
                    id: try bf["id"]?.string() ?? "b\(i + 1)", kind: kind, target: try bf["target"]?.string() ?? "*",
                    startMs: Int64(try st.milliseconds("start", in: .offset(atMost: maxRun))),
                    durationMs: Int64(
                        try bf["duration"]?.milliseconds("duration", in: .duration(atMost: maxRun)) ?? (kind == .deploy ? 300_000 : 3_600_000)),
                    factor: try bf["factor"]?.number("factor", in: factorRange) ?? defaultFactor, daily: try bf["daily"]?.bool() ?? false)
                benign.append(spec)
            }
        }

        var observation = Scenario.Observation()
        if let o = f["observation"] {
            let of = try o.fields(["noise", "scrape_gap_rate", "outlier_rate", "variability"])
            if let v = of["noise"] { observation.noise = try v.number("noise", in: .unit) }
            if let v = of["scrape_gap_rate"] { observation.scrapeGapRate = try v.number("scrape_gap_rate", in: .unit) }
            if let v = of["outlier_rate"] { observation.outlierRate = try v.number("outlier_rate", in: .unit) }
            if let v = of["variability"] {
                let vf = try v.fields(["scale", "background_cpu", "latency_spikes", "error_bursts", "error_dispersion"])
                var k = observation.variability
                if let x = vf["scale"] { k.scale = try x.number("variability.scale", in: .closed(0, L.maxVariabilityScale)) }
                if let x = vf["background_cpu"] { k.backgroundCPU = try x.number("variability.background_cpu", in: .unit) }
                if let x = vf["latency_spikes"] { k.latencySpikes = try x.number("variability.latency_spikes", in: .closed(0, 0.5)) }
                if let x = vf["error_bursts"] { k.errorBursts = try x.number("variability.error_bursts", in: .closed(0, 72)) }
                if let x = vf["error_dispersion"] { k.errorDispersion = try x.number("variability.error_dispersion", in: .closed(0, 2)) }
                observation.variability = k
            }
        }
        var logs = Scenario.LogSettings()
        if let l = f["logs"] {
            let lf = try l.fields(["lines_per_request"])
            if let v = lf["lines_per_request"] { logs.linesPerRequest = try v.number("lines_per_request", in: .unit) }
        }
        var traces = Scenario.TraceSettings()
        if let t = f["traces"] {
            let tf = try t.fields(["sample_rate", "max_spans", "keep_errors", "slow_threshold", "keep_slow", "min_traces_per_minute"])
            if let v = tf["sample_rate"] { traces.sampleRate = try v.number("sample_rate", in: .unit) }
            if let v = tf["max_spans"] { traces.maxSpans = try v.wholeNumber("max_spans", in: .closed(1, Double(L.maxSpansPerTrace))) }
            if let v = tf["keep_errors"] { traces.keepErrors = try v.number("traces.keep_errors", in: .unit) }
            if let v = tf["keep_slow"] { traces.keepSlow = try v.number("traces.keep_slow", in: .unit) }
            if let v = tf["slow_threshold"] {
                traces.slowThresholdMs = try v.milliseconds("traces.slow_threshold", in: .duration(atMost: L.maxTimeoutMs))
            }
            if let v = tf["min_traces_per_minute"] {
                traces.minTracesPerMinute = try v.number("traces.min_traces_per_minute", in: .closed(0, L.maxTraceFloorPerMinute))
            }
            if let v = tf["keep_slow"], tf["slow_threshold"] == nil {
                throw v.error("traces.keep_slow needs traces.slow_threshold (the own time above which a span is slow)")
            }
            if let v = tf["slow_threshold"], tf["keep_slow"] == nil {
                throw v.error("traces.slow_threshold needs traces.keep_slow (the probability a slow trace is kept)")
            }
        }
        return Scenario(
            name: name, description: description, startMs: startMs, durationMs: Int64(durationMs), stepMs: Int64(stepMs),
            seed: seed, workload: workload, services: services, edges: edges, slos: slos, faults: faults, benign: benign,
            observation: observation, logs: logs, traces: traces, generated: generated, sourceText: text)
    }

    /// A fault's `intensity`: a number in (0, 1], or `drawn`, `mild` or `severe` (`FaultSpec.Intensity`).
    static func intensity(_ node: YAMLNode) throws -> FaultSpec.Intensity {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        if let drawn = FaultSpec.Intensity(word: text) { return drawn }
        guard Double(text) != nil else {
            throw node.error("expected a number in (0, 1] or one of \(FaultSpec.Intensity.words.joined(separator: ", ")), found '\(text)'")
        }
        return .fixed(try node.number("intensity", in: .positive(atMost: 1)))
    }

    static func apply(_ o: ScenarioOverrides, to s: inout Scenario, source: String) throws {
        let maxDays = Double(ScenarioLimits.maxDurationMs) / 86_400_000
        if let d = o.days {
            let range = AllowedRange.positive(atMost: maxDays)
            guard range.contains(d) else {
                throw ScenarioError(
                    source: source, keyPath: "--days", message: "days must be \(range.text), found \(AllowedRange.number(d))",
                    hint: ScenarioLimits.readme)
            }
            s.durationMs = Int64((d * 86_400_000).rounded())
        }
        if let n = o.services {
            guard var g = s.generated else {
                throw ScenarioError(
                    source: source, keyPath: "--services",
                    message: "this scenario lists its services; --services applies only to scenarios with a 'generate' block")
            }
            let range = AllowedRange.closed(2, Double(ScenarioLimits.maxServices))
            guard range.contains(Double(n)) else {
                throw ScenarioError(
                    source: source, keyPath: "--services", message: "services must be \(range.text), found \(n)", hint: ScenarioLimits.readme)
            }
            g.services = n
            g.hosts = max(2, n / 4)
            g.databases = max(1, n / 8)
            s.generated = g
        }
        if let seed = o.seed { s.seed = seed }
        if let i = o.intensity {
            for k in s.faults.indices { s.faults[k].intensity = i }
        }
    }
}
